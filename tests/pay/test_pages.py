"""Pages, payslip scope, payroll files, API: as each login sees them."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date

import pytest
from openpyxl import load_workbook

from tests.pay.editor import split_post

OCT = date(2026, 10, 1)


@pytest.fixture
def approved(pools, pay_city):
    from wangge.pay.workflow import decide, save_draft, start_draft, submit

    u, p = pay_city["units"], pay_city["people"]
    d = start_draft(p["director"].user, u["lixia"], OCT)
    reason = "完成移动新增"
    d = save_draft(
        p["director"].user,
        d,
        {
            p["gm_x"].pk: (300_000, reason),
            p["cm_x"].pk: (200_000, reason),
            p["gm_y"].pk: (184_000, reason),
        },
    )
    return decide(p["marketing"].user, submit(p["director"].user, d), True)


def test_home_per_role(approved, login):
    html = login("gm_x").get("/pay/").content.decode()
    assert "2026-10" in html and "/pay/payslip/2026-10/" in html
    assert "city-pools" not in html
    html = login("director").get("/pay/?month=2026-10").content.decode()
    assert "my-center" in html and "历下中心" in html
    html = login("marketing").get("/pay/?month=2026-10").content.decode()
    assert "city-pools" in html and "34,200.00" in html and "市中中心" in html


def test_own_payslip_with_its_derivation(approved, login, pay_city):
    r = login("gm_x").get("/pay/payslip/2026-10/")
    html = r.content.decode()
    assert r.status_code == 200
    # 1,011,945 formula + 300,000 discretionary
    assert "13,119.45" in html and "10,119.45" in html and "3,000.00" in html
    assert "完成移动新增" in html  # the written reason
    assert "移动新增" in html and "90.00" in html  # down to the appraisal item and score


def test_a_second_grid_manager_cannot_see_it(approved, login, pay_city):
    gm_x = pay_city["people"]["gm_x"]
    c = login("gm_y")
    assert c.get(f"/pay/payslip/2026-10/{gm_x.pk}/").status_code == 404
    assert c.get(f"/pay/distributions/{approved.pk}/").status_code == 404
    assert c.get(f"/pay/export/2026-10/?unit={pay_city['units']['lixia'].pk}").status_code == 404
    assert c.get("/pay/export/2026-10/").status_code == 404
    # their own is theirs
    assert "赵网格" in c.get("/pay/payslip/2026-10/").content.decode()


def test_director_and_marketing_see_the_units_payslips(approved, login, pay_city):
    gm_x = pay_city["people"]["gm_x"]
    for who in ("director", "marketing", "auditor"):
        assert login(who).get(f"/pay/payslip/2026-10/{gm_x.pk}/").status_code == 200, who


def test_distribution_page_table_chart_and_approval_queue(pools, pay_city, login):
    from wangge.pay.workflow import start_draft, submit

    p, u = pay_city["people"], pay_city["units"]
    d = submit(p["director"].user, start_draft(p["director"].user, u["lixia"], OCT))
    html = login("marketing").get("/pay/queue/").content.decode()
    assert f"/pay/distributions/{d.pk}/" in html
    html = login("marketing").get(f"/pay/distributions/{d.pk}/").content.decode()
    assert "chart-pay" in html and "vendor/echarts/echarts.min.js" in html
    assert 'value="approve"' in html
    r = login("marketing").post(
        f"/pay/distributions/{d.pk}/decide/", {"action": "return", "comment": ""}
    )
    d.refresh_from_db()
    assert d.status == "submitted"  # a return without a comment is refused
    for bogus in ({}, {"action": "approve!"}, {"action": "approve", "comment": "a\x00b"}):
        r = login("marketing").post(f"/pay/distributions/{d.pk}/decide/", bogus, follow=True)
        d.refresh_from_db()
        assert d.status == "submitted" and r.status_code == 200, bogus  # named, not decided
    login("marketing").post(f"/pay/distributions/{d.pk}/decide/", {"action": "approve"})
    d.refresh_from_db()
    assert d.status == "approved"


def test_editor_save_and_refusal(pools, pay_city, login):
    p, u = pay_city["people"], pay_city["units"]
    c = login("director")
    r = c.post(f"/pay/units/{u['lixia'].pk}/start/", {"month": "2026-10"})
    assert r.status_code == 302
    from wangge.pay.models import Distribution

    d = Distribution.objects.get()
    assert r.url == f"/pay/distributions/{d.pk}/edit/"
    html = c.get(r.url).content.decode()
    assert "/api/pay/check/" in html and re.search(
        rf'name="split-\d+-person" value="{p["gm_y"].pk}"', html
    )
    form = split_post(
        {p["gm_x"].pk: ("", ""), p["cm_x"].pk: ("", ""), p["gm_y"].pk: ("6840.00", "冲刺")}
    )
    r = c.post(r.url, form)
    html = r.content.decode()
    assert r.status_code == 200 and "赵网格 (S003)" in html and "cap" in html
    lines = d.lines.filter(component="discretionary", person=p["gm_y"])
    assert sum(x.amount_cents for x in lines) != 684_000  # nothing written


def test_payroll_xlsx_and_csv_layout(approved, login, pay_city):
    u = pay_city["units"]
    r = login("marketing").get(f"/pay/export/2026-10/?unit={u['lixia'].pk}&format=xlsx")
    assert r.status_code == 200
    assert 'filename="payroll-2026-10-LX.xlsx"' in r["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(r.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "人员编号 staff number",
        "姓名 name",
        "单位 unit",
        "绩效公式 formula",
        "自主分配 discretionary",
        "培训扣减 training deduction",
        "培训返还 training redistribution",
        "补贴 allowance",
        "积分 points",
        "积分追回 clawback",
        "合计 total",
    )
    assert rows[1][:5] == ("S001", "王网格", "历下中心", 10119.45, 3000)
    assert rows[1][-1] == 13119.45
    assert sheet["D2"].number_format == '"¥"#,##0.00;-"¥"#,##0.00'
    assert sheet["A2"].data_type == "s"  # a staff number stays text
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:K4"
    assert [r[0] for r in rows[1:]] == ["S001", "S002", "S003"]
    assert round(sum(r[-1] for r in rows[1:]), 2) == 34200.00
    r = login("director").get(f"/pay/export/2026-10/?unit={u['lixia'].pk}&format=csv")
    text = r.content.decode("utf-8-sig")
    got = list(csv.reader(io.StringIO(text)))
    assert got[1] == [
        "S001",
        "王网格",
        "历下中心",
        "10119.45",
        "3000.00",
        "0.00",
        "0.00",
        "0.00",
        "0.00",
        "0.00",
        "13119.45",
    ]


def test_command_line_export(approved, tmp_path):
    from django.core.management import CommandError, call_command

    out = tmp_path / "p.csv"
    call_command(
        "pay", "export", "--month", "2026-10", "--unit", "LX", "--format", "csv", "--out", str(out)
    )
    assert (
        out.read_text(encoding="utf-8-sig")
        .splitlines()[1]
        .startswith("S001,王网格,历下中心,10119.45")
    )
    with pytest.raises(CommandError, match="no approved pay for 2026-09"):
        call_command("pay", "export", "--month", "2026-09", "--out", str(out))


def test_api_scoped(approved, login, pay_city):
    c = login("gm_x")
    me = c.get("/api/pay/payslip/?month=2026-10").json()
    assert me["total_cents"] == 1_311_945 and me["total_yuan"] == "13119.45"
    assert {ln["component"] for ln in me["lines"]} == {"formula", "discretionary"}
    assert c.get("/api/pay/distributions/").json()["count"] == 0
    assert c.get("/api/pay/pools/").json()["count"] == 0
    d = login("director").get("/api/pay/distributions/?month=2026-10").json()
    assert d["count"] == 1
    one = login("director").get(f"/api/pay/distributions/{approved.pk}/").json()
    assert sum(ln["amount_cents"] for ln in one["lines"]) == 3_420_000
    pools = login("marketing").get("/api/pay/pools/?month=2026-10").json()
    assert pools["count"] == 2


def test_api_check_is_the_live_what_if(pools, pay_city, login):
    from wangge.pay.models import PayLine
    from wangge.pay.workflow import start_draft

    p, u = pay_city["people"], pay_city["units"]
    d = start_draft(p["director"].user, u["lixia"], OCT)
    n = PayLine.objects.count()
    c = login("director")
    body = {
        "distribution": d.pk,
        "allocations": [{"person": p["gm_y"].pk, "yuan": "6840", "reason": "冲刺"}],
    }
    r = c.post("/api/pay/check/", json.dumps(body), content_type="application/json").json()
    assert not r["ok"]
    gm_y = next(x for x in r["people"] if x["person"] == p["gm_y"].pk)
    assert gm_y["rules"] == ["cap"] and gm_y["pool_pay_cents"] == 1_124_384 + 684_000
    assert gm_y["cap_cents"] == 1_368_000
    assert any(v["rule"] == "cap" and "赵网格" in v["message"] for v in r["violations"])
    body["allocations"] = [
        {"person": p[k].pk, "yuan": "2280", "reason": "均衡"} for k in ("gm_x", "cm_x", "gm_y")
    ]
    r = c.post("/api/pay/check/", json.dumps(body), content_type="application/json").json()
    assert r["ok"], r["messages"]
    # a coefficient what-if moves the formula part
    body["post_coefficients"] = {"community_manager": "1.5"}
    r2 = c.post("/api/pay/check/", json.dumps(body), content_type="application/json").json()
    cm = lambda res: next(x for x in res["people"] if x["person"] == p["cm_x"].pk)  # noqa: E731
    assert cm(r2)["formula_cents"] > cm(r)["formula_cents"]
    assert PayLine.objects.count() == n  # nothing written
    # a grid manager cannot check someone else's distribution
    assert (
        login("gm_x")
        .post("/api/pay/check/", json.dumps(body), content_type="application/json")
        .status_code
        == 404
    )


def test_schema_lists_the_pay_api(db, login):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("root", password="pw-for-tests")
    text = login("root").get("/api/schema/").content.decode()
    for path in (
        "/api/pay/pools/",
        "/api/pay/distributions/",
        "/api/pay/payslip/",
        "/api/pay/check/",
    ):
        assert path in text


def test_admin_pages_open(approved, login, pay_city):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("root", password="pw-for-tests")
    c = login("root")
    for model in (
        "payconfig",
        "paypool",
        "distribution",
        "payline",
        "pointsscheme",
        "unitpaybase",
        "personmonth",
        "salepoints",
        "unitrevenue",
        "pointsrule",
    ):
        assert c.get(f"/admin/pay/{model}/").status_code == 200, model
    r = c.get(f"/admin/pay/distribution/{approved.pk}/change/")
    assert r.status_code == 200 and 'name="_save"' not in r.content.decode()


def test_front_line_against_support(pools, pay_city, publish_run, login):
    from wangge.org.models import Assignment, Person
    from wangge.pay.pools import front_line_check
    from wangge.pay.workflow import decide, start_draft, submit

    u, p = pay_city["units"], pay_city["people"]
    clerk = Person.objects.create(
        staff_no="S007", name="孙支撑", post="back_office", role="back_office"
    )
    Assignment.objects.create(
        person=clerk, unit=u["lixia"], post="back_office", valid_from=date(2025, 1, 1)
    )
    from datetime import date as d

    publish_run(
        d(2026, 10, 1),
        {u["lixia"]: 95, u["shizhong"]: 80},
        {p["gm_x"]: 90, p["cm_x"]: 80, p["gm_y"]: 100, clerk: 95},
        version=2,
    )
    from wangge.pay.pools import compute_pools

    compute_pools(OCT)
    dist = start_draft(p["director"].user, u["lixia"], OCT)
    decide(p["marketing"].user, submit(p["director"].user, dist), True)
    report = front_line_check(OCT)
    assert report is not None and report.ok
    assert report.averages_cents["front_line"] > report.averages_cents["support"]
    html = login("marketing").get("/pay/?month=2026-10").content.decode()
    assert "The front line is paid more per head than support." in html


def test_compute_pools_from_the_page_runs_a_job(pay_city, login):
    from wangge.jobs.models import Job
    from wangge.pay.models import PayPool

    assert login("gm_x").post("/pay/pools/compute/", {"month": "2026-10"}).status_code == 404
    r = login("marketing").post("/pay/pools/compute/", {"month": "2026-10"})
    job = Job.objects.get(kind="pay_pools")
    assert r.url == f"/jobs/{job.pk}/"
    assert job.status == "done" and PayPool.objects.filter(month=OCT).count() == 2
    r = login("marketing").post("/pay/pools/compute/", {"month": "2026-09"})
    job = Job.objects.filter(kind="pay_pools").order_by("-pk").first()
    assert job.status == "failed" and "2026-09" in job.message


def test_a_name_that_looks_like_a_formula_is_text_in_the_payroll_files(approved, login, pay_city):
    """A person named ``=HYPERLINK(...)`` must not become a formula in XLSX or CSV."""
    u, p = pay_city["units"], pay_city["people"]
    p["gm_x"].name = '=HYPERLINK("http://x","y")'
    p["gm_x"].save()
    c = login("marketing")
    r = c.get(f"/pay/export/2026-10/?unit={u['lixia'].pk}&format=xlsx")
    sheet = load_workbook(io.BytesIO(r.content)).active
    names = [sheet.cell(i, 2) for i in range(2, sheet.max_row + 1)]
    cell = next(n for n in names if "HYPERLINK" in str(n.value))
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://x","y")', "s")
    text = c.get(f"/pay/export/2026-10/?unit={u['lixia'].pk}&format=csv").content.decode(
        "utf-8-sig"
    )
    assert '\'=HYPERLINK(""http://x"",""y"")' in text
