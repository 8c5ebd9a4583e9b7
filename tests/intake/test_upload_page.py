"""The upload page: the marketing department uploads an export as a background job,
sees the refused rows and their error workbook, fixes the file, uploads it again and
sees the customers; a grid manager finds none of these pages."""

from __future__ import annotations

import re

from openpyxl import load_workbook

from wangge.customers.models import Customer
from wangge.intake.models import ImportRun
from wangge.jobs.models import Job

GOOD = (
    "客户编码,客户名称,客户类型,在网状态,所属网格编码,联系电话,生效日期\n"
    "K30,大明湖茶社,政企,在网,LX-G01,053166667777,2026-11-03\n"
    "K31,趵突泉书店,政企,他网,LX-G02,053166668888,2026-11-03\n"
)
BAD = GOOD.replace("LX-G02", "LX-G99").replace("053166667777", "5.31E+10")


def _upload(client, text, name="商客清单.csv", **extra):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {"kind": "customer", "file": SimpleUploadedFile(name, text.encode("gbk")), **extra}
    return client.post("/intake/upload/", data)


def test_refused_then_fixed_then_imported(city, login, settings, tmp_path):
    settings.STORE_DIR = tmp_path / "store"
    client = login("marketing")
    page = client.get("/intake/")
    assert page.status_code == 200 and "上传" in page.content.decode()

    response = _upload(client, BAD)
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/intake/jobs/{job.pk}/"
    shown = client.get(response["Location"]).content.decode()
    assert "未写入任何数据" in shown
    assert "商客清单.csv，第 2 行，F 列“联系电话”" in shown
    assert "第 3 行，E 列“所属网格编码”" in shown
    assert not Customer.objects.filter(code__in=["K30", "K31"]).exists()
    workbook = client.get(f"/intake/jobs/{job.pk}/errors/")
    assert workbook.status_code == 200
    path = tmp_path / "errors.xlsx"
    path.write_bytes(b"".join(workbook.streaming_content))
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == [2, 3]

    response = _upload(client, GOOD)
    shown = client.get(response["Location"]).content.decode()
    assert "已导入" in shown and "2 行：新增 2" in shown
    assert set(Customer.objects.filter(code__in=["K30", "K31"]).values_list("name", flat=True)) == {
        "大明湖茶社",
        "趵突泉书店",
    }
    history = client.get("/intake/").content.decode()
    assert history.count("商客清单.csv") == 2 and "已拒绝" in history


def test_a_check_only_upload_shows_the_parsed_rows_and_writes_nothing(
    city, login, settings, tmp_path
):
    settings.STORE_DIR = tmp_path / "store"
    client = login("marketing")
    response = _upload(client, GOOD, dry_run="1")
    shown = client.get(response["Location"]).content.decode()
    assert "大明湖茶社" in shown and "2026-11-03" in shown and "未写入" in shown
    assert not Customer.objects.filter(code="K30").exists() and not ImportRun.objects.exists()


def test_rollback_is_a_post_from_the_run_page(city, login, settings, tmp_path):
    settings.STORE_DIR = tmp_path / "store"
    client = login("marketing")
    _upload(client, GOOD)
    run = ImportRun.objects.get()
    assert client.get(f"/intake/runs/{run.pk}/rollback/").status_code == 405
    page = client.get(f"/intake/runs/{run.pk}/").content.decode()
    assert re.search(r'<form method="post" action="/intake/runs/\d+/rollback/">', page)
    client.post(f"/intake/runs/{run.pk}/rollback/")
    run.refresh_from_db()
    assert run.status == "rolled_back" and not Customer.objects.filter(code="K30").exists()


def test_a_grid_manager_can_neither_upload_nor_see_runs(city, login, settings, tmp_path):
    settings.STORE_DIR = tmp_path / "store"
    _upload(login("marketing"), BAD)
    job, run = Job.objects.get(), ImportRun.objects.get()
    attacker = login("gm_x")
    assert attacker.get("/intake/").status_code == 404
    assert _upload(attacker, GOOD).status_code == 404
    assert Job.objects.count() == 1 and not Customer.objects.filter(code="K30").exists()
    for url in (
        f"/intake/jobs/{job.pk}/",
        f"/intake/jobs/{job.pk}/errors/",
        f"/intake/runs/{run.pk}/",
        f"/intake/runs/{run.pk}/errors/",
    ):
        assert attacker.get(url).status_code == 404, url
    assert attacker.post(f"/intake/runs/{run.pk}/rollback/").status_code == 404
    assert "/intake/" not in attacker.get("/").content.decode()
    # nor through the admin
    assert attacker.get("/admin/intake/importrun/").status_code in (302, 403, 404)
    assert ImportRun.objects.visible_to(attacker_user(run)).count() == 0


def attacker_user(run):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="gm_x")


def test_a_director_cannot_upload_either(city, login):
    assert _upload(login("director"), GOOD).status_code == 404


def test_a_refused_upload_form_says_which_field_and_writes_nothing(city, login, settings, tmp_path):
    settings.STORE_DIR = tmp_path / "store"
    client = login("marketing")
    for extra, expected in [
        ({"kind": "contracts"}, "文件内容："),  # not a kind the page imports
        ({"kind": "subscription_month"}, "月度账务需要填写账期"),
        (
            {"kind": "subscription_month", "month": "2026-13"},
            "月份应为 YYYY-MM 格式，收到 &#x27;2026-13&#x27;",
        ),
        ({"profile": "999999"}, "映射方案："),
        ({"sheet": "表\x00一"}, "不能有控制字符"),
    ]:
        response = _upload(client, GOOD, **extra)
        assert response.status_code == 302 and response["Location"] == "/intake/", extra
        shown = client.get("/intake/").content.decode()
        assert expected in shown, (extra, expected)
    assert not Job.objects.exists() and not ImportRun.objects.exists()
    assert not Customer.objects.filter(code="K30").exists()
