"""``wangge people feed``: the company's month-end feed, idempotent; a bad month refused."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from tests.people.conftest import OCT
from wangge.people import ratings


def run(*args) -> str:
    out = io.StringIO()
    call_command("people", *args, stdout=out)
    return out.getvalue()


def test_the_feed_runs_for_the_company_and_twice_is_once(people_city):
    from wangge.appraisal.models import EnteredFigure

    p, u = people_city["people"], people_city["units"]
    ratings.rate(p["cm_x"].user, u["lixia"], OCT,
                 {"responsiveness": 90, "problem_solving": 80, "attitude": 70})  # fmt: skip
    assert "1 support units rated, 1 back-office people" in run("feed", "--month", "2026-10")
    run("feed", "--month", "2026-10")
    assert EnteredFigure.objects.filter(person=p["support"]).count() == 3


def test_a_bad_month_is_refused_naming_the_option(db):
    with pytest.raises(CommandError, match="--month"):
        run("feed", "--month", "2026-13")
