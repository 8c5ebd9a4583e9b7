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

from tests.conftest import PASSWORD
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
    client.login(username="clerk", password=PASSWORD)
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
