"""Production posture: what a server open to the network must not give away or get wrong."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.conftest import PASSWORD, log_in
from wangge.org.roles import grant_role

API_DOCS = ("/api/schema/", "/api/docs/", "/api/redoc/")


@pytest.mark.parametrize("url", API_DOCS)
def test_an_anonymous_visitor_cannot_read_the_api_map(db, client, url):
    response = client.get(url)
    assert response.status_code in {302, 401, 403}
    assert b"/api/customers/" not in response.content


@pytest.mark.parametrize("url", API_DOCS)
def test_a_frontline_worker_cannot_read_the_api_map(city, login, url):
    assert login("cm_x").get(url).status_code == 403


@pytest.mark.parametrize("url", API_DOCS)
def test_a_back_office_clerk_cannot_read_the_api_map(db, client, url):
    user = get_user_model().objects.create_user("clerk", password=PASSWORD)
    grant_role(user, "back_office")
    log_in(client, "clerk", PASSWORD)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", API_DOCS)
def test_a_grid_manager_reads_the_api_map(city, login, url):
    assert login("gm_x").get(url).status_code == 200


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def production_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WANGGE_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests (Playwright)
    return {
        **env,
        "WANGGE_DATA_DIR": str(data_dir),
        "WANGGE_DEBUG": "0",
        "WANGGE_SECRET_KEY": "a-production-key-" + "k" * 50,
        **extra,
    }


def get(url: str, deadline: float):
    """The first answer of a server that may still be starting."""
    while True:
        try:
            return urllib.request.urlopen(url, timeout=5)
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


@pytest.mark.slow
def test_wangge_serve_serves_the_pages_and_the_static_files_without_debug(tmp_path):
    env = production_env(tmp_path)
    wangge = [sys.executable, "-m", "wangge.cli"]
    subprocess.run([*wangge, "migrate", "-v0"], env=env, check=True, timeout=300)
    port = free_port()
    server = subprocess.Popen(
        [*wangge, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        login_page = get(f"http://127.0.0.1:{port}/login/", deadline)
        assert login_page.status == 200
        css = get(f"http://127.0.0.1:{port}/static/vendor/leaflet/leaflet.css", deadline)
        assert css.status == 200
        assert css.headers["Content-Type"].startswith("text/css")
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_wangge_serve_refuses_to_start_in_production_without_its_own_secret_key(settings):
    settings.DEBUG = False
    settings.SECRET_KEY_FROM_ENV = False
    with pytest.raises(CommandError, match="WANGGE_SECRET_KEY"):
        call_command("serve", "--bind", "127.0.0.1:1")


def test_without_a_configured_key_each_data_dir_gets_its_own_random_one(tmp_path):
    from wangge.project.settings import generated_secret_key

    first, second = generated_secret_key(tmp_path / "a"), generated_secret_key(tmp_path / "b")
    assert first != second and len(first) >= 50
    assert generated_secret_key(tmp_path / "a") == first
    assert (tmp_path / "a" / "secret_key").stat().st_mode & 0o077 == 0


def test_debug_is_off_unless_asked(tmp_path):
    env = production_env(tmp_path)
    del env["WANGGE_DEBUG"]
    shown = subprocess.run(
        [sys.executable, "-c", "from wangge.project import settings; print(settings.DEBUG)"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert shown.stdout.strip() == "False", shown.stderr


def test_the_deployment_checklist_is_clean_for_a_production_configuration(tmp_path):
    env = production_env(tmp_path, WANGGE_HTTPS="1", WANGGE_ALLOWED_HOSTS="wangge.example.com")
    checked = subprocess.run(
        [sys.executable, "-m", "wangge.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_wangge_demo_alone_turns_debug_on(monkeypatch):
    import django.core.management

    from wangge import cli

    monkeypatch.setenv("WANGGE_DEBUG", "set so that monkeypatch restores it")
    monkeypatch.delenv("WANGGE_DEBUG")
    monkeypatch.setattr(django.core.management, "execute_from_command_line", lambda argv: None)
    cli.main(["migrate"])
    assert "WANGGE_DEBUG" not in os.environ
    cli.main(["demo", "--no-serve"])
    assert os.environ["WANGGE_DEBUG"] == "1"
