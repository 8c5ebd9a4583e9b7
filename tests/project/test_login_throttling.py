"""Log-in throttling: a password cannot be guessed by trying, on the form or on the API.

After five wrong passwords in a row for one username from one address, that username is
locked there for 30 minutes, even with the right password; the count is per username
and address, so an attacker cannot lock a colleague out by guessing at their own name.
"""

from __future__ import annotations

import base64

import pytest

from tests.conftest import PASSWORD

ATTACKER = "203.0.113.7"


def post_login(client, username: str, password: str, address: str = ATTACKER):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def basic(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def get_api(client, username: str, password: str, address: str = ATTACKER):
    return client.get(
        "/api/customers/",
        HTTP_AUTHORIZATION=basic(username, password),
        REMOTE_ADDR=address,
    )


def test_five_wrong_passwords_on_the_form_lock_the_account_even_for_the_right_one(city, client):
    for _ in range(4):
        assert post_login(client, "gm_x", "guess").status_code == 200  # the form again
    assert post_login(client, "gm_x", "guess").status_code == 429  # the fifth locks

    sixth = post_login(client, "gm_x", PASSWORD)

    assert sixth.status_code == 429
    page = sixth.content.decode()
    assert "登录已锁定" in page and "30" in page
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302  # still logged out


def test_a_locked_user_is_refused_on_the_api_with_the_right_password(city, client):
    assert get_api(client, "gm_x", PASSWORD).status_code == 200
    for _ in range(4):
        assert get_api(client, "gm_x", "guess").status_code in {401, 403}
    assert get_api(client, "gm_x", "guess").status_code == 429  # the fifth locks

    refused = get_api(client, "gm_x", PASSWORD)

    assert refused.status_code == 429
    assert refused.json()["detail"] and int(refused["Retry-After"]) == 30 * 60
    assert "results" not in refused.json()


def test_the_form_and_the_api_count_together(city, client):
    for _ in range(3):
        post_login(client, "gm_x", "guess")
    for _ in range(2):
        get_api(client, "gm_x", "guess")

    assert post_login(client, "gm_x", PASSWORD).status_code == 429
    assert get_api(client, "gm_x", PASSWORD).status_code == 429


def test_another_user_is_not_locked_by_the_attack(city, client):
    for _ in range(6):
        post_login(client, "gm_x", "guess")
        get_api(client, "gm_x", "guess")

    assert post_login(client, "gm_y", PASSWORD).status_code == 302
    assert get_api(client, "gm_y", PASSWORD).status_code == 200


def test_the_locked_user_still_logs_in_from_their_own_address(city, client):
    for _ in range(6):
        post_login(client, "gm_x", "guess")

    assert post_login(client, "gm_x", PASSWORD, address="10.1.2.3").status_code == 302


def test_four_wrong_passwords_then_the_right_one_logs_in_and_starts_the_count_again(city, client):
    for _ in range(4):
        post_login(client, "gm_x", "guess")
    assert post_login(client, "gm_x", PASSWORD).status_code == 302
    client.post("/logout/")
    for _ in range(4):
        post_login(client, "gm_x", "guess")

    assert post_login(client, "gm_x", PASSWORD).status_code == 302


def test_the_limit_and_the_lock_come_from_the_settings(city, client, settings):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        post_login(client, "gm_x", "guess")

    assert post_login(client, "gm_x", PASSWORD).status_code == 429


@pytest.mark.parametrize(
    ("env", "limit", "minutes"),
    [({}, 5, 30), ({"WANGGE_LOGIN_FAILURES": "10", "WANGGE_LOGIN_LOCKOUT_MINUTES": "5"}, 10, 5)],
)
def test_the_environment_sets_the_limit_and_the_lock(env, limit, minutes, monkeypatch):
    import importlib

    import wangge.project.settings as module

    for name, value in env.items():
        monkeypatch.setenv(name, value)
    fresh = importlib.reload(module)
    try:
        assert fresh.AXES_FAILURE_LIMIT == limit and fresh.AXES_ENABLED
        assert fresh.AXES_COOLOFF_TIME.total_seconds() == minutes * 60
        assert fresh.AUTHENTICATION_BACKENDS[0].startswith("axes.")
    finally:
        monkeypatch.undo()
        importlib.reload(module)
