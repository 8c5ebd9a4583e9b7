"""A unit, place or customer has one parent on any day: overlaps are refused on every write,
and a scope calculation that meets a bad branch anyway serves the page without it."""

import logging
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from wangge.customers.models import CustomerGrid
from wangge.org.models import UnitLink
from wangge.org.scope import visible_unit_ids
from wangge.territory.models import PlaceGrid

DAY = date(2026, 7, 1)


def test_the_admin_refuses_a_second_parent_for_a_grid_that_already_has_one(
    city, client, django_user_model
):
    u = city["units"]
    client.force_login(django_user_model.objects.create_superuser("root", "r@x.cn", "pw"))
    response = client.post(
        "/admin/org/unitlink/add/",
        {"unit": u["y"].pk, "parent": u["shizhong"].pk, "valid_from": DAY.isoformat()},
    )
    assert response.status_code == 200  # the form again, with the error
    assert response.context["adminform"].form.errors
    assert not UnitLink.objects.filter(unit=u["y"], parent=u["shizhong"]).exists()


@pytest.mark.parametrize(
    "valid_from, valid_to",
    [(DAY, None), (date(2024, 1, 1), date(2025, 6, 1)), (date(2025, 3, 1), date(2025, 4, 1))],
)
def test_a_link_overlapping_the_open_one_is_refused_in_clean_and_in_save(
    city, valid_from, valid_to
):
    u = city["units"]
    link = UnitLink(unit=u["y"], parent=u["shizhong"], valid_from=valid_from, valid_to=valid_to)
    with pytest.raises(ValidationError, match="网格Y 在 2025-01-01 至 … 已有生效的归属关系"):
        link.full_clean()
    with pytest.raises(ValidationError):
        link.save()
    assert not UnitLink.objects.filter(parent=u["shizhong"], unit=u["y"]).exists()


def test_a_link_before_the_current_one_began_is_accepted(city):
    u = city["units"]
    current = UnitLink.objects.get(unit=u["y"])
    earlier = UnitLink(
        unit=u["y"], parent=u["shizhong"], valid_from=date(2020, 1, 1), valid_to=current.valid_from
    )
    earlier.full_clean()
    earlier.save()


def test_the_database_refuses_a_second_open_link_even_past_the_model(city):
    u = city["units"]
    with pytest.raises(IntegrityError), transaction.atomic():
        UnitLink.objects.bulk_create([UnitLink(unit=u["y"], parent=u["shizhong"], valid_from=DAY)])


def test_a_customer_and_a_place_have_one_grid_at_a_time(city):
    u = city["units"]
    zhang = city["customers"]["zhang"]
    with pytest.raises(ValidationError):
        CustomerGrid.objects.create(customer=zhang, grid=u["z"], valid_from=DAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        CustomerGrid.objects.bulk_create(
            [CustomerGrid(customer=zhang, grid=u["z"], valid_from=DAY)]
        )
    place = PlaceGrid.objects.first().place
    with pytest.raises(ValidationError):
        PlaceGrid.objects.create(place=place, grid=u["z"], valid_from=DAY)


def test_a_grid_with_two_parents_in_the_data_is_left_out_and_logged_not_a_500(city, login, caplog):
    u = city["units"]
    # Bad data written past the model (a raw import): 网格Y under both centers from 2026.
    UnitLink.objects.bulk_create(
        [
            UnitLink(
                unit=u["y"],
                parent=u["shizhong"],
                valid_from=date(2026, 1, 1),
                valid_to=date(2099, 1, 1),
            )
        ]
    )
    client = login("director")
    with caplog.at_level(logging.WARNING, logger="wangge.org.scope"):
        for url in ["/", "/customers/", "/api/customers/"]:
            assert client.get(url).status_code == 200, url
    assert "two parents: LX-G02" in caplog.text
    scope = visible_unit_ids(city["people"]["director"].user)
    assert u["x"].pk in scope and u["y"].pk not in scope


def test_a_cycle_in_the_data_is_left_out_and_logged(city, caplog):
    u = city["units"]
    # LX under its own grid, written past the model by closing and reopening in bulk.
    UnitLink.objects.filter(unit=u["lixia"]).update(valid_to=date(2026, 1, 1))
    UnitLink.objects.bulk_create(
        [UnitLink(unit=u["lixia"], parent=u["x"], valid_from=date(2026, 1, 1))]
    )
    with caplog.at_level(logging.WARNING, logger="wangge.org.scope"):
        scope = visible_unit_ids(city["people"]["director"].user)
    assert "cycle: " in caplog.text and "LX-G01" in caplog.text
    assert u["z"].pk not in scope
