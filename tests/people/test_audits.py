"""Audits: section scores and the pass mark, a score above its item's maximum or a grid
out of scope refused with nothing written, photos checked, history, the export."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.people.conftest import OCT, PASSING
from wangge.people import audits
from wangge.people.models import Audit, Finding
from wangge.people.refusals import PeopleRefused

JSON = {"content_type": "application/json"}
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


def _entries(scores):
    return {k: audits.Entry(Decimal(v)) for k, v in scores.items()}


def test_an_audit_scores_its_sections_and_passes_at_80(people_city, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    entries = _entries(PASSING)
    entries["h2"] = audits.Entry(Decimal(5), "作战图过期", SimpleUploadedFile("a.png", PNG))
    audit = audits.record(people_city["people"]["director"].user, people_city["units"]["x"],
                          OCT, entries)  # fmt: skip
    assert audit.total == 80 and audit.passed
    assert audit.sections == {"hardware": "50", "indicators": "90", "internal_management": "100"}
    assert Finding.objects.get(audit=audit, item__code="h2").photo


def test_a_score_above_its_maximum_is_refused_by_item_and_nothing_is_written(people_city):
    director = people_city["people"]["director"].user
    with pytest.raises(PeopleRefused) as err:
        audits.record(director, people_city["units"]["x"], OCT, _entries({**PASSING, "h1": 11}))
    assert err.value.field == "item-h1" and "门头与标识" in err.value.message
    with pytest.raises(PeopleRefused) as err:
        audits.record(director, people_city["units"]["z"], OCT, _entries(PASSING))
    assert err.value.field == "grid"
    with pytest.raises(PeopleRefused):
        audits.record(
            director,
            people_city["units"]["x"],
            OCT,
            {
                **_entries(PASSING),
                "h1": audits.Entry(Decimal(1), "", SimpleUploadedFile("a.png", b"GIF89a")),
            },
        )
    assert not Audit.objects.exists() and not Finding.objects.exists()


def test_a_grid_is_audited_once_a_month(people_city):
    director = people_city["people"]["director"].user
    audits.record(director, people_city["units"]["x"], OCT, _entries(PASSING))
    with pytest.raises(PeopleRefused) as err:
        audits.record(director, people_city["units"]["x"], OCT, _entries(PASSING))
    assert err.value.field == "month"


def test_pages_api_history_and_export(people_city, login):
    from openpyxl import load_workbook

    client = login("director")
    x, z = people_city["units"]["x"], people_city["units"]["z"]
    form = {"grid": x.pk, "month": "2026-10", **{f"item-{k}": v for k, v in PASSING.items()}}
    answer = client.post("/people/audits/new/", {**form, "item-i1": "51"})
    assert answer.status_code == 302 and not Audit.objects.exists()
    answer = client.post("/people/audits/new/", form)
    audit = Audit.objects.get()
    assert answer["Location"].endswith(f"/people/audits/{audit.pk}/")
    page = client.get(f"/people/audits/{audit.pk}/").content.decode()
    assert "网格作战图" in page and "history" in page
    body = {"grid": z.pk, "month": "2026-10",
            "scores": [{"item": k, "points": v} for k, v in PASSING.items()]}  # fmt: skip
    out = client.post("/api/people/audits/", body, **JSON)
    assert out.status_code == 400 and "grid" in out.json()
    body["grid"] = people_city["units"]["y"].pk
    body["scores"][0]["points"] = "10.5"
    over = client.post("/api/people/audits/", body, **JSON)
    assert over.status_code == 400 and "item-h1" in over.json()
    body["scores"][0]["points"] = "10"
    assert client.post("/api/people/audits/", body, **JSON).status_code == 201
    assert client.post("/api/people/audits/", {**body, "month": "2026-13"},
                       **JSON).status_code == 400  # fmt: skip
    assert len(client.get("/api/people/audits/").json()["results"]) == 2
    sheet = client.get("/people/audits/export/?month=2026-10")
    rows = list(load_workbook(BytesIO(sheet.content)).active.iter_rows(values_only=True))
    assert len(rows) == 3 and {r[1] for r in rows[1:]} == {"网格X", "网格Y"}
    # 网格Y's manager sees 网格Y's audit only
    mine = login("gm_y").get("/api/people/audits/").json()["results"]
    assert [a["grid"] for a in mine] == [people_city["units"]["y"].pk]
    assert login("gm_y").get(f"/people/audits/{audit.pk}/").status_code == 404
