"""The intake API: a tool posts an operator's file, follows its job to the outcome
(mapping, ten parsed rows, every problem named by row and column), lists and reads
the runs and rolls one back. Nobody who may not import reaches any of it."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from wangge.customers.models import Customer
from wangge.intake.models import ImportRun

GOOD = (
    "客户编码,客户名称,客户类型,在网状态,所属网格编码,联系电话,生效日期\n"
    "K30,大明湖茶社,政企,在网,LX-G01,053166667777,2026-11-03\n"
    "K31,趵突泉书店,政企,他网,LX-G02,053166668888,2026-11-03\n"
)
BAD = GOOD.replace("LX-G02", "LX-G99")


def _post(client, text, kind="customer", name="商客清单.csv", **extra):
    data = {"kind": kind, "file": SimpleUploadedFile(name, text.encode("gbk")), **extra}
    return client.post("/api/intake/uploads/", data)


def test_a_tool_imports_a_file_follows_it_and_rolls_it_back(city, login, settings, tmp_path):
    settings.STORE_DIR = tmp_path / "store"
    client = login("marketing")
    refused = _post(client, BAD)
    assert refused.status_code == 202, refused.content
    state = client.get(f"/api/intake/uploads/{refused.json()['job']}/").json()
    assert state["status"] == "done" and state["result"]["ok"] is False
    (problem,) = state["result"]["problems"]
    assert (problem["row"], problem["column"], problem["rule"]) == (
        3,
        "所属网格编码",
        "unknown_code",
    )
    assert state["result"]["columns"]["grid_code"] == "所属网格编码"
    assert not Customer.objects.filter(code="K30").exists()

    done = _post(client, GOOD, dry_run="true")
    result = client.get(f"/api/intake/uploads/{done.json()['job']}/").json()["result"]
    assert result["dry_run"] and result["added"] == 2 and len(result["preview"]) == 2
    assert result["preview"][0]["name"] == "大明湖茶社"
    assert not Customer.objects.filter(code="K30").exists()

    done = _post(client, GOOD)
    run_id = client.get(f"/api/intake/uploads/{done.json()['job']}/").json()["result"]["run"]
    assert Customer.objects.filter(code__in=["K30", "K31"]).count() == 2
    runs = client.get("/api/intake/runs/").json()["results"]
    assert [r["status"] for r in runs[:2]] == ["done", "refused"]
    detail = client.get(f"/api/intake/runs/{runs[1]['id']}/").json()
    assert "第 3 行" in detail["problems"][0]["text"]
    back = client.post(f"/api/intake/runs/{run_id}/rollback/")
    assert back.status_code == 200 and back.json()["status"] == "rolled_back"
    assert not Customer.objects.filter(code="K30").exists()
    again = client.post(f"/api/intake/runs/{run_id}/rollback/")
    assert again.status_code == 400 and "run" in again.json()


def test_a_bad_request_names_its_field(city, login, settings, tmp_path):
    settings.STORE_DIR = tmp_path / "store"
    client = login("marketing")
    assert "kind" in _post(client, GOOD, kind="invoice").json()
    assert "month" in _post(client, GOOD, kind="marketing_input").json()
    assert "month" in _post(client, GOOD, kind="marketing_input", month="2026-13").json()
    assert client.get("/api/intake/uploads/abc/").status_code == 404
    assert not ImportRun.objects.exists()


def test_nobody_else_reaches_the_intake_api(city, login, settings, tmp_path):
    settings.STORE_DIR = tmp_path / "store"
    marketing = login("marketing")
    job = _post(marketing, GOOD).json()["job"]
    run = ImportRun.objects.get().pk
    for who in ("gm_x", "director", "auditor"):
        client = login(who)
        assert _post(client, GOOD).status_code == 403
        assert client.get("/api/intake/runs/").status_code == 403
        assert client.get(f"/api/intake/runs/{run}/").status_code == 403
        assert client.post(f"/api/intake/runs/{run}/rollback/").status_code == 403
        assert client.get(f"/api/intake/uploads/{job}/").status_code == 403
    assert ImportRun.objects.get().status == "done"
    client.logout()
    assert _post(client, GOOD).status_code in (401, 403)
