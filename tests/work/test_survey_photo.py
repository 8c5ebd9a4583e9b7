"""A survey's photo: a JPEG or PNG of at most 5 MB, kept under the data directory's
media, served only to those who see the survey's grid; anything else is refused with
a clear message and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from wangge.core.work.photos import LIMIT_BYTES
from wangge.work.models import Survey

HERE = {"lat": "36.6501", "lon": "117.0502"}
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 2000


@pytest.fixture
def place(city):
    from wangge.territory.models import Place

    return Place.objects.get(code="P1")


def photo(content=JPEG, name="门头.jpg", kind="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=kind)


def test_the_photo_is_kept_under_media_and_served_in_scope(city, place, login):
    client = login("cm_x")
    r = client.post(
        "/work/survey/", {"place": place.pk, "needs": "门店宽带", "photo": photo(), **HERE}
    )
    assert r.status_code == 302, r.content.decode()[:500]
    survey = Survey.objects.get()
    stored = Path(survey.photo.path)
    assert stored.is_relative_to(Path(settings.DATA_DIR) / "media" / "surveys")
    assert stored.suffix == ".jpg" and stored.read_bytes() == JPEG
    got = client.get(f"/work/surveys/{survey.pk}/photo/")
    assert got.status_code == 200 and b"".join(got.streaming_content) == JPEG
    assert f"/work/surveys/{survey.pk}/photo/" in client.get("/work/survey/").content.decode()
    body = client.get(f"/api/work/surveys/{survey.pk}/").json()
    assert body["photo_url"] == f"/work/surveys/{survey.pk}/photo/"
    assert login("director").get(f"/work/surveys/{survey.pk}/photo/").status_code == 200


def test_the_api_takes_the_photo_as_multipart(city, place, login):
    r = login("cm_x").post("/api/work/surveys/", {"place": place.pk, "photo": photo(), **HERE})
    assert r.status_code == 201, r.content
    assert r.json()["photo_url"] and Survey.objects.get().photo


@pytest.mark.parametrize(
    "upload, words",
    [
        (photo(b"%PDF-1.7 not a photo", "门头.jpg"), "JPEG"),
        (photo(b"\xff\xd8\xff" + b"\x00" * LIMIT_BYTES, "大图.jpg"), "5 MB"),
    ],
    ids=["not-an-image", "too-large"],
)
def test_a_bad_photo_is_refused_by_name_and_nothing_is_written(city, place, login, upload, words):
    media = Path(settings.DATA_DIR) / "media"
    before = {p for p in media.rglob("*") if p.is_file()}
    client = login("cm_x")
    page = client.post("/work/survey/", {"place": place.pk, "photo": upload, **HERE})
    assert page.status_code == 200 and words in page.content.decode()
    upload.seek(0)
    r = client.post("/api/work/surveys/", {"place": place.pk, "photo": upload, **HERE})
    assert r.status_code == 400 and words in r.json()["photo"][0]
    assert not Survey.objects.exists()
    assert {p for p in media.rglob("*") if p.is_file()} == before


# --- attacks ---------------------------------------------------------------------------


def test_another_grids_photo_is_not_served(city, place, login):
    login("cm_x").post("/work/survey/", {"place": place.pk, "photo": photo(), **HERE})
    pk = Survey.objects.get().pk
    assert login("gm_y").get(f"/work/surveys/{pk}/photo/").status_code == 404


def test_a_survey_without_a_photo_has_nothing_to_serve(city, place, login):
    client = login("cm_x")
    client.post("/work/survey/", {"place": place.pk, **HERE})
    pk = Survey.objects.get().pk
    assert client.get(f"/work/surveys/{pk}/photo/").status_code == 404
    assert client.get(f"/api/work/surveys/{pk}/").json()["photo_url"] is None


def test_a_role_without_a_work_action_reads_no_photo(city, place, login):
    """The back office of 网格X sees the grid but does no front-line work."""
    from django.contrib.auth import get_user_model

    from tests.conftest import D0, PASSWORD
    from wangge.org.models import Assignment, Person
    from wangge.org.roles import grant_role

    login("cm_x").post("/work/survey/", {"place": place.pk, "photo": photo(), **HERE})
    pk = Survey.objects.get().pk
    user = get_user_model().objects.create_user("back_x", password=PASSWORD)
    grant_role(user, "back_office")
    clerk = Person.objects.create(
        staff_no="S099", name="孙后台", post="grid_manager", role="back_office", user=user
    )
    Assignment.objects.create(
        person=clerk, unit=city["units"]["x"], post="grid_manager", valid_from=D0
    )
    assert login("back_x").get(f"/work/surveys/{pk}/photo/").status_code == 403
