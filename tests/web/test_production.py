"""Production posture: what a server open to the network must not give away or get wrong."""

from __future__ import annotations

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
