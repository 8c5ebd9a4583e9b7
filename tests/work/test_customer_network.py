"""The customer page shows the network resources of the customer's place (free
broadband ports first in the figures), never another place's."""

from __future__ import annotations

import pytest

from wangge.territory.models import Place
from wangge.work.models import NetworkResource


@pytest.fixture
def wired(city):
    sun = Place.objects.get(code="P1")
    other = Place.objects.create(code="P2", name="万达广场", kind="building", lon=117.0, lat=36.6)
    NetworkResource.objects.create(
        place=sun,
        kind="broadband_port",
        code="OLT-P1-01",
        name="阳光小区分光箱",
        ports_total=64,
        ports_used=50,
    )
    NetworkResource.objects.create(place=sun, kind="base_station", code="BS-P1")
    NetworkResource.objects.create(
        place=other, kind="broadband_port", code="OLT-P2-01", ports_total=32, ports_used=2
    )
    return city


def test_the_customer_page_shows_the_free_ports_of_the_place(wired, login):
    zhang = wired["customers"]["zhang"]
    page = login("gm_x").get(f"/customers/{zhang.pk}/").content.decode()
    card = page[page.index('id="place-network"') :]
    assert "阳光小区" in card and "OLT-P1-01" in card and "BS-P1" in card
    assert "14</b> / 64" in card
    assert "OLT-P2-01" not in page  # another place's


def test_a_customer_without_a_place_has_no_network_card(wired, login):
    li = wired["customers"]["li"]  # in 网格Y, no place
    page = login("gm_y").get(f"/customers/{li.pk}/").content.decode()
    assert 'id="place-network"' not in page
