"""Which people a login may see: one ``Person.objects.visible_to``, used everywhere.

People with an assignment in force on the day asked to a unit the login sees today,
and the login themselves; the city-wide roles see everyone.
"""

from __future__ import annotations

from datetime import timedelta

from wangge.org.dated import today


def _staff_nos(qs):
    return set(qs.values_list("staff_no", flat=True))


def test_a_grid_manager_sees_the_people_of_their_grid(city):
    from wangge.org.models import Person

    gm_x = city["people"]["gm_x"].user
    assert _staff_nos(Person.objects.visible_to(gm_x)) == {"S001", "S002"}


def test_a_director_sees_the_people_of_the_center_and_marketing_sees_everyone(city):
    from wangge.org.models import Person

    p = city["people"]
    assert _staff_nos(Person.objects.visible_to(p["director"].user)) == {
        "S001",
        "S002",
        "S003",
        "S004",
    }
    assert Person.objects.visible_to(p["marketing"].user).count() == len(p)


def test_a_login_with_no_assignment_today_sees_only_themselves(city):
    from wangge.org.models import Person

    gm_x = city["people"]["gm_x"]
    gm_x.assignments.update(valid_to=today())
    yesterday = today() - timedelta(days=1)
    assert _staff_nos(Person.objects.visible_to(gm_x.user)) == {"S001"}
    assert _staff_nos(Person.objects.visible_to(gm_x.user, yesterday)) == {"S001"}


def test_as_of_picks_whose_assignment_counts_inside_todays_units(city):
    """赵网格 leaves 网格Y today: the director still finds them as of yesterday."""
    from wangge.org.models import Person

    city["people"]["gm_y"].assignments.update(valid_to=today())
    director = city["people"]["director"].user
    assert "S003" not in _staff_nos(Person.objects.visible_to(director))
    assert "S003" in _staff_nos(Person.objects.visible_to(director, today() - timedelta(days=1)))


def test_nobody_logged_out_sees_anyone(city):
    from django.contrib.auth.models import AnonymousUser

    from wangge.org.models import Person

    assert not Person.objects.visible_to(AnonymousUser()).exists()


def test_the_people_api_lists_exactly_the_visible_people(city, login):
    from wangge.org.models import Person

    rows = login("gm_x").get("/api/people/").json()["results"]
    gm_x = city["people"]["gm_x"].user
    assert {r["staff_no"] for r in rows} == _staff_nos(Person.objects.visible_to(gm_x))


def test_the_home_pages_staff_figure_counts_the_visible_people(city):
    from wangge.org.models import Assignment
    from wangge.project.views import key_figures

    p, u = city["people"], city["units"]
    # a second post in the other grid of the center is still one person
    Assignment.objects.create(
        person=p["cm_x"], unit=u["y"], post="community_manager", valid_from=today()
    )
    assert key_figures(p["director"].user)["staff"] == 4
    assert key_figures(p["gm_y"].user)["staff"] == 2  # 赵网格 and 李社区 in 网格Y
