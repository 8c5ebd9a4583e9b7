"""Satisfaction surveys: responses entered and imported, all or nothing, scored out of
100; each grid's mean and band; the feed to the appraisal; pages, API and export in
scope, with the attacks (another grid's rows, a customer or grid outside scope, a role
without the action)."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import Workbook, load_workbook

from tests.people.conftest import OCT
from wangge.people import satisfaction
from wangge.people.models import Question, Response, Survey
from wangge.people.refusals import PeopleRefused

JSON = {"content_type": "application/json"}


@pytest.fixture
def survey(people_city):
    s = Survey.objects.create(code="S26", name="2026年客户满意度调查", scale=10)
    Question.objects.create(survey=s, code="q1", text="整体满意度", weight=2, order=1)
    Question.objects.create(survey=s, code="q2", text="装维服务", weight=1, order=2)
    return s


def _xlsx(rows) -> BytesIO:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = BytesIO()
    book.save(out)
    out.seek(0)
    return out


def test_responses_score_out_of_100_and_grids_average_them(people_city, survey):
    u, c = people_city["units"], people_city["customers"]
    director = people_city["people"]["director"].user
    row = satisfaction.record(director, survey, u["x"], OCT, {"q1": 9, "q2": 6}, c["zhang"])
    assert row.score == Decimal("80.00")  # 100 × (2 × 9 + 6) / 30
    satisfaction.record(director, survey, u["x"], OCT, {"q1": 10, "q2": 10})  # anonymous
    satisfaction.record(director, survey, u["y"], OCT, {"q1": 7, "q2": 7}, c["li"])
    rows = {r.grid.name: r for r in satisfaction.grid_results(director, OCT)}
    assert (rows["网格X"].responses, rows["网格X"].score) == (2, 90)
    assert str(rows["网格X"].band) == "非常满意"
    assert (rows["网格Y"].score, str(rows["网格Y"].band)) == (70, "比较满意")


def test_bad_answers_and_rows_outside_scope_are_refused_with_nothing_written(people_city, survey):
    u, c = people_city["units"], people_city["customers"]
    director = people_city["people"]["director"].user
    cases = [
        (u["x"], {"q1": 11, "q2": 5}, None, "answer-q1", "整体满意度"),
        (u["x"], {"q1": 9}, None, "answer-q2", "装维服务"),
        (u["z"], {"q1": 9, "q2": 9}, None, "grid", ""),  # 市中中心's grid
        (u["x"], {"q1": 9, "q2": 9}, c["wang"], "customer", ""),  # 网格Z's customer
        (u["x"], {"q1": 9, "q2": 9}, c["li"], "customer", "K2"),  # 网格Y's, not X's
    ]
    for grid, answers, customer, field, named in cases:
        with pytest.raises(PeopleRefused) as err:
            satisfaction.record(director, survey, grid, OCT, answers, customer)
        assert err.value.field == field and named in err.value.message
    assert not Response.objects.exists()
    satisfaction.record(director, survey, u["x"], OCT, {"q1": 9, "q2": 9}, c["zhang"])
    with pytest.raises(PeopleRefused) as err:
        satisfaction.record(director, survey, u["x"], OCT, {"q1": 1, "q2": 1}, c["zhang"])
    assert err.value.field == "customer" and "K1" in err.value.message
    # a grid manager reads the team but may not enter responses
    with pytest.raises(PermissionDenied):
        satisfaction.record(people_city["people"]["gm_y"].user, survey, u["y"], OCT,
                            {"q1": 9, "q2": 9})  # fmt: skip


def test_the_import_is_all_or_nothing_naming_file_row_and_column(people_city, survey):
    director = people_city["people"]["director"].user
    header = ["网格编码", "客户编码", "整体满意度", "q2"]
    bad = _xlsx([header, ["LX-G01", "K1", 9, 6], ["LX-G02", "", 12, 8],
                 ["SZ-G01", "", 9, 9], ["LX-G02", "K1", 9, 9]])  # fmt: skip
    with pytest.raises(PeopleRefused) as err:
        satisfaction.import_sheet(director, survey, OCT, bad, "满意度.xlsx")
    message = err.value.message
    assert "满意度.xlsx，第 3 行，列 整体满意度：整体满意度：评分 12 不在 0 到 10 之间" in message
    assert "12" in message and "第 4 行" in message and "第 5 行" in message
    assert not Response.objects.exists()
    with pytest.raises(PeopleRefused) as err:
        satisfaction.import_sheet(director, survey, OCT, _xlsx([["网格编码", "q1"]]), "a.xlsx")
    assert "装维服务" in err.value.message
    with pytest.raises(PeopleRefused):
        satisfaction.import_sheet(director, survey, OCT, BytesIO(b"not a book"), "a.xlsx")
    good = _xlsx([header, ["LX-G01", "K1", 9, 6], ["LX-G02", None, 8.0, "8"], [None] * 4])
    done = satisfaction.import_sheet(director, survey, OCT, good, "满意度.xlsx")
    assert (done.responses, done.grids) == (2, 2)
    assert sorted(Response.objects.values_list("score", flat=True)) == [80, 80]
    assert set(Response.objects.values_list("source", flat=True)) == {"imported"}


def test_the_feed_hands_grids_and_their_people_the_score(people_city, survey):
    from wangge.appraisal.models import EnteredFigure
    from wangge.people import feed

    u, p, c = people_city["units"], people_city["people"], people_city["customers"]
    director = p["director"].user
    satisfaction.record(director, survey, u["x"], OCT, {"q1": 9, "q2": 6}, c["zhang"])  # 80
    satisfaction.record(director, survey, u["x"], OCT, {"q1": 10, "q2": 10})  # 100
    satisfaction.record(director, survey, u["y"], OCT, {"q1": 7, "q2": 7}, c["li"])  # 70
    fed = feed.feed_month(None, OCT, company=True)
    assert (fed.grids_surveyed, fed.people_surveyed) >= (2, 4)

    def figure(**subject):
        return EnteredFigure.objects.get(month=OCT, indicator_key="satisfaction", **subject).value

    assert figure(unit=u["x"]) == 90 and figure(unit=u["y"]) == 70
    assert figure(person=p["gm_x"]) == 90 and figure(person=p["gm_y"]) == 70
    # 陈主任 answers for 历下中心: (80 + 100 + 70) / 3 over the three responses
    assert figure(person=p["director"]) == Decimal("83.3333")
    assert not EnteredFigure.objects.filter(person=p["cm_z"], indicator_key="satisfaction")


def test_pages_api_and_export_in_scope(people_city, survey, login):
    u, c = people_city["units"], people_city["customers"]
    director = login("director")
    page = director.get("/people/satisfaction/?month=2026-10").content.decode()
    assert "装维服务" in page and "导入" in page
    form = {"survey": "S26", "grid": u["x"].pk, "month": "2026-10", "customer": "K1",
            "answer-q1": "9", "answer-q2": "6"}  # fmt: skip
    assert (
        director.post("/people/satisfaction/enter/", {**form, "answer-q1": "11"}).status_code == 302
    )
    assert not Response.objects.exists()
    director.post("/people/satisfaction/enter/", form)
    assert Response.objects.get().score == 80
    upload = _xlsx([["网格编码", "q1", "q2"], ["LX-G02", 7, 7]])
    upload.name = "s.xlsx"
    director.post("/people/satisfaction/import/", {"survey": "S26", "month": "2026-10",
                                                   "file": upload})  # fmt: skip
    page = director.get("/people/satisfaction/?month=2026-10").content.decode()
    assert "网格X" in page and "网格Y" in page and "满意" in page
    sheet = director.get("/people/satisfaction/export/?month=2026-10")
    rows = list(load_workbook(BytesIO(sheet.content)).active.iter_rows(values_only=True))
    assert [r[1] for r in rows[1:]] == ["网格X", "网格Y"] and rows[1][3] == 80
    body = {"survey": "S26", "grid": u["y"].pk, "month": "2026-10", "customer": "K3",
            "answers": {"q1": 9, "q2": 9}}  # fmt: skip
    out = director.post("/api/people/survey-responses/", body, **JSON)
    assert out.status_code == 400 and "customer" in out.json()  # 网格Z's customer
    out = director.post("/api/people/survey-responses/", {**body, "grid": u["z"].pk,
                                                           "customer": ""}, **JSON)  # fmt: skip
    assert out.status_code == 400 and "grid" in out.json()
    out = director.post("/api/people/survey-responses/", {**body, "customer": "K2"}, **JSON)
    assert out.status_code == 201 and out.json()["score"] == "90.00"
    results = director.get("/api/people/satisfaction/?month=2026-10").json()
    assert {r["grid_name"]: r["score"] for r in results} == {"网格X": 80, "网格Y": 80}
    # 网格Y's manager reads 网格Y's responses only, and may not enter one
    gm_y = login("gm_y")
    mine = gm_y.get("/api/people/survey-responses/?month=2026-10").json()["results"]
    assert {r["grid"] for r in mine} == {u["y"].pk}
    assert [r["grid_name"] for r in gm_y.get("/api/people/satisfaction/?month=2026-10").json()] == [
        "网格Y"
    ]
    assert "网格X" not in gm_y.get("/people/satisfaction/?month=2026-10").content.decode()
    assert gm_y.post("/api/people/survey-responses/", body, **JSON).status_code == 403
    assert gm_y.post("/people/satisfaction/enter/", form).status_code == 403
    # a front-line person without the team's view does not open the page
    assert login("cm_x").get("/people/satisfaction/").status_code == 403
    assert c  # the customers of the city fixture
