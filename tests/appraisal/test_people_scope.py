"""The appraisal asks ``Person.objects.visible_to`` for people: cards, figures, imports.

A person's card of a month is seen by whoever sees, today, a unit the person served
on the month's last day. Scope is today's, so a grid manager who moved on no longer
reads the old grid's people, not even for a month they were there.
"""

from __future__ import annotations

from datetime import date

import pyarrow as pa
import pytest
from openpyxl import Workbook

from wangge.org.dated import today

OCT = date(2026, 10, 1)
OCT_END = date(2026, 10, 31)
pytestmark = pytest.mark.django_db


def _move(person, unit):
    from wangge.org.models import Assignment

    person.assignments.filter(valid_to__isnull=True).update(valid_to=today())
    Assignment.objects.create(person=person, unit=unit, post=person.post, valid_from=today())


@pytest.fixture
def october(city, publish_run):
    p, u = city["people"], city["units"]
    return publish_run(
        OCT, {u["lixia"]: 95, u["shizhong"]: 80}, {p["gm_x"]: 90, p["cm_x"]: 80, p["gm_y"]: 100}
    )


def _labels(cards):
    return set(cards.values_list("person__staff_no", flat=True)) - {None}


def test_a_grid_manager_who_moved_reads_only_their_own_card_of_the_old_grid(city, october, login):
    from wangge.appraisal import queries

    gm_x = city["people"]["gm_x"]
    assert _labels(queries.cards_for(gm_x.user, october)) == {"S001", "S002"}
    _move(gm_x, city["units"]["z"])
    assert _labels(queries.cards_for(gm_x.user, october)) == {"S001"}
    rows = login("gm_x").get("/api/appraisal/cards/?month=2026-10").json()["results"]
    assert [r["person"] for r in rows] == [gm_x.pk]


def test_the_director_keeps_the_october_card_of_someone_who_left_after_october(city, october):
    from wangge.appraisal import queries

    _move(city["people"]["cm_x"], city["units"]["z"])
    director = city["people"]["director"].user
    assert "S002" in _labels(queries.cards_for(director, october))


def test_person_figures_follow_the_visible_people_of_the_month(city):
    from wangge.appraisal.period_figures import _visible

    p = city["people"]
    table = pa.table({"person_id": [x.pk for x in p.values()], "n": list(range(len(p)))})
    director = p["director"].user
    kept = set(_visible(table, "person", director, OCT_END)["person_id"].to_pylist())
    assert kept == {p[k].pk for k in ("gm_x", "cm_x", "gm_y", "director")}
    _move(p["gm_x"], city["units"]["z"])  # moved on: the old grid's people are not theirs
    kept = set(_visible(table, "person", p["gm_x"].user, OCT_END)["person_id"].to_pylist())
    assert kept == {p["gm_x"].pk}


def test_a_judgement_for_someone_who_long_left_the_center_is_refused(city, tmp_path):
    """An assignment that ended before the month no longer puts a person in scope."""
    from wangge.appraisal.excel import QUALITATIVE_HEADERS, ImportRefused, import_qualitative
    from wangge.org.models import Assignment

    gm_y = city["people"]["gm_y"]
    gm_y.assignments.update(valid_to=date(2025, 6, 1))
    Assignment.objects.create(
        person=gm_y, unit=city["units"]["z"], post="grid_manager", valid_from=date(2025, 6, 1)
    )
    path = tmp_path / "q.xlsx"
    book = Workbook()
    book.active.append(QUALITATIVE_HEADERS)
    book.active.append(["2026-10", "team_management", "", "S003", "赵网格", 9, "团队稳定"])
    book.save(path)
    with pytest.raises(ImportRefused, match="S003 is outside your scope"):
        import_qualitative(path, user=city["people"]["director"].user)
