"""Excel in and out for pay's monthly inputs: bases, revenue, person months.

Every refusal names the file, the row and the column header, and leaves the
database as it was; the same file imported twice changes nothing the second time.
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from wangge.pay import input_sheets
from wangge.pay.imports import ImportRefused, import_file
from wangge.pay.input_sheets import template_bytes

OCT = date(2026, 10, 1)


def sheet(kind: str, rows: list[list], title: str = "2026-10") -> io.BytesIO:
    """A workbook with the template's headers and ``rows``."""
    book = Workbook()
    ws = book.active
    ws.title = title
    ws.append(input_sheets.HEADERS[kind])
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def counts():
    from wangge.pay.models import PersonMonth, UnitPayBase, UnitRevenue

    return (
        UnitPayBase.objects.count(),
        UnitRevenue.objects.count(),
        PersonMonth.objects.count(),
        UnitPayBase.history.count(),
        PersonMonth.history.count(),
    )


def refused(kind, rows, user=None, name=None) -> list[str]:
    before = counts()
    with pytest.raises(ImportRefused) as exc:
        import_file(kind, sheet(kind, rows), OCT, user=user, name=name or f"{kind}.xlsx")
    assert counts() == before, "a refused file wrote something"
    return exc.value.errors


def edit(data: bytes, changes: dict[tuple[str, str], object]) -> io.BytesIO:
    """The template with cells changed: {(row key, header): value}."""
    book = load_workbook(io.BytesIO(data))
    ws = book.active
    headers = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        for (key, header), value in changes.items():
            if str(row[0].value) == key:
                row[headers.index(header)].value = value
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


# --- round trips ----------------------------------------------------------------------------


def test_bases_template_edit_import_cents(pay_city):
    from wangge.pay.models import UnitPayBase

    data = template_bytes("bases", OCT)
    ws = load_workbook(io.BytesIO(data)).active
    assert [c.value for c in ws[1]] == input_sheets.HEADERS["bases"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    assert rows == [["LX", "历下中心", "A", 30000, 0], ["SZ", "市中中心", "B", 20000, 0]]

    edited = edit(
        data, {("SZ", input_sheets.BASE): "21,000.55", ("SZ", input_sheets.BUDGET): 5000.5}
    )
    result = import_file("bases", edited, OCT, name="bases.xlsx")
    assert [(r.key, r.action) for r in result.rows] == [("LX", "unchanged"), ("SZ", "created")]
    sz = pay_city["units"]["shizhong"]
    now = UnitPayBase.objects.as_of(OCT).get(unit=sz)
    assert (now.base_cents, now.revenue_budget_cents, now.tier) == (2_100_055, 500_050, "B")
    # the old base still holds for the months before
    before = UnitPayBase.objects.as_of(date(2026, 9, 1)).get(unit=sz)
    assert (before.base_cents, before.valid_to) == (2_000_000, OCT)
    assert now.history.count() == 1 and before.history.count() == 2

    again = counts()
    edited.seek(0)
    result = import_file("bases", edited, OCT, name="bases.xlsx")
    assert {r.action for r in result.rows} == {"unchanged"}
    assert counts() == again


def test_base_changed_again_the_same_month_is_updated_in_place(pay_city):
    from wangge.pay.models import UnitPayBase

    import_file("bases", sheet("bases", [["SZ", "", "C", 1000, 0]]), OCT)
    r = import_file("bases", sheet("bases", [["SZ", "", "A", 1200, 0]]), OCT)
    assert r.rows[0].action == "updated"
    sz = pay_city["units"]["shizhong"]
    assert UnitPayBase.objects.filter(unit=sz).count() == 2
    assert UnitPayBase.objects.as_of(OCT).get(unit=sz).base_cents == 120_000


def test_revenue_round_trip_and_idempotent(pay_city):
    from wangge.pay.models import UnitRevenue

    data = template_bytes("revenue", OCT)
    edited = edit(data, {("LX", input_sheets.REVENUE): "1,234,567.8"})
    r = import_file("revenue", edited, OCT, name="revenue.xlsx")
    assert [(x.key, x.action) for x in r.rows] == [("LX", "created"), ("SZ", "skipped")]
    assert UnitRevenue.objects.get(unit__code="LX", month=OCT).revenue_cents == 123_456_780
    assert "1 created" in r.summary and "1 skipped" in r.summary
    ws = load_workbook(io.BytesIO(template_bytes("revenue", OCT))).active
    assert ws["C2"].value == Decimal("1234567.8") or ws["C2"].value == 1234567.8
    edited.seek(0)
    r = import_file("revenue", edited, OCT, name="revenue.xlsx")
    assert r.count("unchanged") == 1 and r.count("created") == 0


def test_people_round_trip(pay_city):
    from wangge.pay.models import PersonMonth

    data = template_bytes("people", OCT)
    ws = load_workbook(io.BytesIO(data)).active
    staff = [r[0].value for r in ws.iter_rows(min_row=2)]
    assert staff == ["S001", "S002", "S003"]  # the director is outside the pool
    edited = edit(
        data,
        {
            ("S001", input_sheets.ATTENDANCE): 0.95,
            ("S001", input_sheets.TRAINING): 12.5,
            ("S002", input_sheets.ATTENDANCE): "80%",
            ("S002", input_sheets.RURAL): "是",
        },
    )
    r = import_file("people", edited, OCT, name="people.xlsx")
    assert [(x.key, x.action) for x in r.rows] == [
        ("S001", "created"),
        ("S002", "created"),
        ("S003", "skipped"),
    ]
    gm = PersonMonth.objects.get(person__staff_no="S001", month=OCT)
    assert (gm.attendance, gm.training_hours, gm.rural) == (Decimal("0.95"), Decimal("12.5"), None)
    cm = PersonMonth.objects.get(person__staff_no="S002", month=OCT)
    assert (cm.attendance, cm.rural) == (Decimal("0.8"), True)
    edited.seek(0)
    before = counts()
    r = import_file("people", edited, OCT, name="people.xlsx")
    assert r.count("unchanged") == 2 and counts() == before
    # the template now carries the stored values
    ws = load_workbook(io.BytesIO(template_bytes("people", OCT))).active
    assert [c.value for c in ws[2]][3:] == [0.95, 12.5, None]


# --- refusals ---------------------------------------------------------------------------------


def test_bad_amount_names_file_row_and_column(pay_city):
    errors = refused("bases", [["LX", "", "A", 30000, 0]] * 0 + [["SZ", "", "B", "12,3a", 0]])
    assert errors == [
        'bases.xlsx, row 2, column 基数(元) base (yuan): "12,3a" is not an amount in yuan'
    ]


def test_every_bad_cell_is_named_and_nothing_is_written(pay_city):
    rows = [
        ["LX", "", "A", 31000, 0],  # fine, but not written
        ["XX", "", "A", 1, 0],
        ["SZ", "", "D", 1, 0],
        ["LX", "", "A", 1, 0],
        ["SZ", "", "B", "100.123", -5],
        ["LX-G01", "", "A", 1, 0],
    ]
    errors = refused("bases", rows)
    assert errors == [
        'bases.xlsx, row 3, column 单位编码 unit code: "XX" is not a unit code',
        'bases.xlsx, row 4, column 预算档次 tier: "D" is not a tier: A, B, C',
        'bases.xlsx, row 5, column 单位编码 unit code: "LX" is already in row 2',
        'bases.xlsx, row 6, column 单位编码 unit code: "SZ" is already in row 4',
        'bases.xlsx, row 7, column 单位编码 unit code: "LX-G01" (网格X) is not a center'
        " or county branch",
    ]
    errors = refused("bases", [["SZ", "", "B", "100.123", -5]])
    assert errors == [
        'bases.xlsx, row 2, column 基数(元) base (yuan): "100.123" is not an amount in yuan',
        'bases.xlsx, row 2, column 收入预算(元) revenue budget (yuan): "-5": must not be negative',
    ]


def test_people_refusals(pay_city):
    rows = [
        ["S999", "", "", 1, None, None],
        ["S001", "", "", 1.2, None, None],
        ["S002", "", "", 0.9, -3, None],
        ["S003", "", "", "x", 5, "maybe"],
        ["S001", "", "", 1, None, None],
        ["S005", "", "", 1, None, None],
    ]
    assert refused("people", rows) == [
        'people.xlsx, row 2, column 人员编号 staff number: "S999" is not a staff number',
        'people.xlsx, row 3, column 出勤率 attendance: "1.2": attendance is between 0 and 1',
        'people.xlsx, row 4, column 培训学时 training hours: "-3": training hours must not be'
        " negative",
        'people.xlsx, row 5, column 出勤率 attendance: "x" is not a number',
        'people.xlsx, row 5, column 农村驻点 rural posting: "maybe" is not 是/否 (yes/no)',
        'people.xlsx, row 6, column 人员编号 staff number: "S001" is already in row 3',
        'people.xlsx, row 7, column 人员编号 staff number: "S005" (周市场) is not assigned to a'
        " center or county branch in 2026-10",
    ]


def test_missing_column_wrong_month_and_not_a_workbook(pay_city):
    book = Workbook()
    book.active.title = "2026-10"
    book.active.append([input_sheets.UNIT_CODE, input_sheets.TIER])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    with pytest.raises(ImportRefused) as exc:
        import_file("bases", out, OCT, name="b.xlsx")
    assert exc.value.errors == [
        "b.xlsx, row 1: no column 基数(元) base (yuan)",
        "b.xlsx, row 1: no column 收入预算(元) revenue budget (yuan)",
    ]
    with pytest.raises(ImportRefused) as exc:
        import_file("revenue", sheet("revenue", [], title="2026-09"), OCT, name="r.xlsx")
    assert exc.value.errors == ["r.xlsx: the sheet is for 2026-09, not 2026-10"]
    with pytest.raises(ImportRefused) as exc:
        import_file("revenue", io.BytesIO(b"a,b\n"), OCT, name="r.csv")
    assert exc.value.errors == ["r.csv: not an Excel workbook (.xlsx)"]


def test_english_headers_alone_are_enough(pay_city):
    book = Workbook()
    book.active.append(["unit code", "revenue (yuan)"])
    book.active.append(["SZ", 10])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    assert import_file("revenue", out, OCT, name="r.xlsx").count("created") == 1


@pytest.fixture
def submitted(pools, pay_city):
    from wangge.pay.workflow import start_draft, submit

    p, u = pay_city["people"], pay_city["units"]
    return submit(p["director"].user, start_draft(p["director"].user, u["lixia"], OCT))


def test_a_submitted_month_refuses_changes_naming_the_unit(submitted, pay_city):
    errors = refused("revenue", [["LX", "", 100], ["SZ", "", 100]])
    assert errors == [
        "revenue.xlsx, row 2, column 单位编码 unit code: 历下中心: the distribution of 2026-10"
        " is submitted; the inputs it rests on cannot change"
    ]
    errors = refused("bases", [["LX", "", "B", 30000, 0]])
    assert errors == [
        "bases.xlsx, row 2, column 单位编码 unit code: 历下中心: the distribution of 2026-10"
        " is submitted; the inputs it rests on cannot change"
    ]
    errors = refused("people", [["S001", "", "", 0.5, None, None]])
    assert errors == [
        "people.xlsx, row 2, column 人员编号 staff number: 历下中心: the distribution of 2026-10"
        " is submitted; the inputs it rests on cannot change"
    ]
    # unchanged rows pass: the clerk may send the whole city's sheet back
    r = import_file("bases", sheet("bases", [["LX", "", "A", 30000, 0]]), OCT)
    assert r.rows[0].action == "unchanged"


# --- scope and roles ----------------------------------------------------------------------------


def test_a_director_imports_their_own_people_only(pay_city, users):
    from wangge.org.models import Assignment, Person
    from wangge.pay.models import PersonMonth

    sz = pay_city["units"]["z"]
    other = Person.objects.create(staff_no="S010", name="孙网格", post="grid_manager")
    Assignment.objects.create(person=other, unit=sz, post="grid_manager", valid_from=OCT)
    director = users["director"]
    ws = load_workbook(io.BytesIO(template_bytes("people", OCT, director))).active
    assert [r[0].value for r in ws.iter_rows(min_row=2)] == ["S001", "S002", "S003"]
    errors = refused("people", [["S001", "", "", 0.9], ["S010", "", "", 0.9]], user=director)
    assert errors == [
        'people.xlsx, row 3, column 人员编号 staff number: "S010" is outside your scope'
    ]
    import_file("people", sheet("people", [["S001", "", "", 0.9]]), OCT, user=director)
    assert PersonMonth.objects.get(person__staff_no="S001").history.first().history_user == director
    # bases and revenue are the marketing department's
    assert refused("bases", [["LX", "", "A", 1, 0]], user=director) == [
        "bases.xlsx: only the marketing department imports pay bases"
    ]
    assert refused("revenue", [["SZ", "", 1]], user=users["gm_x"]) == [
        "revenue.xlsx: only the marketing department imports revenue"
    ]
    assert refused("people", [["S001", "", "", 1]], user=users["gm_x"]) == [
        "people.xlsx: only the marketing department imports attendance and training"
    ]


# --- command line ------------------------------------------------------------------------------


def test_cli_template_and_import(pay_city, tmp_path):
    from wangge.pay.models import UnitRevenue

    out = io.StringIO()
    path = tmp_path / "rev.xlsx"
    call_command("pay", "template", "revenue", "--month", "2026-10", "--out", str(path), stdout=out)
    assert out.getvalue().strip() == f"{path}: 2 rows"
    path.write_bytes(edit(path.read_bytes(), {("SZ", input_sheets.REVENUE): 99.5}).getvalue())
    out = io.StringIO()
    call_command("pay", "import", "revenue", str(path), "--month", "2026-10", stdout=out)
    assert out.getvalue().splitlines()[-1] == (
        "rev.xlsx: 2 rows, 1 created, 0 updated, 0 unchanged, 1 skipped"
    )
    assert UnitRevenue.objects.get(unit__code="SZ").revenue_cents == 9950


def test_cli_refusals(pay_city, tmp_path):
    path = tmp_path / "people.xlsx"
    path.write_bytes(sheet("people", [["S001", "", "", 2]]).getvalue())
    with pytest.raises(CommandError) as exc:
        call_command("pay", "import", "people", str(path), "--month", "2026-10")
    assert str(exc.value) == (
        "refused, nothing written:\n"
        '  people.xlsx, row 2, column 出勤率 attendance: "2": attendance is between 0 and 1'
    )
    with pytest.raises(CommandError, match="no such file"):
        call_command("pay", "import", "people", str(tmp_path / "nope.xlsx"), "--month", "2026-10")
    with pytest.raises(CommandError, match="--month"):
        call_command("pay", "import", "people", str(path), "--month", "October")
    with pytest.raises(CommandError, match="--user: no login 'nobody'"):
        call_command("pay", "import", "people", str(path), "--month", "2026-10", "--user", "nobody")


# --- pages ----------------------------------------------------------------------------------------


def test_inputs_section_per_role(pay_city, login):
    html = login("marketing").get("/pay/?month=2026-10").content.decode()
    assert 'id="pay-inputs"' in html
    for kind in ("bases", "revenue", "people"):
        assert f"/pay/inputs/{kind}/template/?month=2026-10" in html
    html = login("director").get("/pay/?month=2026-10").content.decode()
    assert "/pay/inputs/people/template/" in html and "/pay/inputs/bases/" not in html
    html = login("gm_x").get("/pay/?month=2026-10").content.decode()
    assert "pay-inputs" not in html
    c = login("gm_x")
    assert c.get("/pay/inputs/people/template/?month=2026-10").status_code == 404


def test_page_template_download_and_upload(pay_city, login):
    from wangge.pay.models import UnitRevenue

    c = login("marketing")
    r = c.get("/pay/inputs/revenue/template/?month=2026-10")
    assert r.status_code == 200 and "revenue-2026-10.xlsx" in r["Content-Disposition"]
    edited = edit(r.content, {("LX", input_sheets.REVENUE): "500.25"})
    edited.name = "rev.xlsx"
    r = c.post("/pay/inputs/revenue/import/", {"month": "2026-10", "file": edited})
    html = r.content.decode()
    assert r.status_code == 200 and "历下中心" in html and "created" in html
    assert UnitRevenue.objects.get(unit__code="LX").revenue_cents == 50025

    bad = sheet("revenue", [["LX", "", "5.001"], ["ZZ", "", 1]])
    bad.name = "bad.xlsx"
    r = c.post("/pay/inputs/revenue/import/", {"month": "2026-10", "file": bad})
    html = r.content.decode()
    assert 'id="refused"' in html
    assert (
        "bad.xlsx, row 2, column 收入(元) revenue (yuan): &quot;5.001&quot; is not an amount"
        in html
    )
    assert "bad.xlsx, row 3, column 单位编码 unit code: &quot;ZZ&quot; is not a unit code" in html
    assert UnitRevenue.objects.get(unit__code="LX").revenue_cents == 50025


def test_page_scope_for_a_director(pay_city, login):
    c = login("director")
    f = sheet("bases", [["LX", "", "A", 1, 0]])
    f.name = "b.xlsx"
    assert c.post("/pay/inputs/bases/import/", {"month": "2026-10", "file": f}).status_code == 404
    f = sheet("people", [["S001", "", "", 0.75]])
    f.name = "p.xlsx"
    html = c.post("/pay/inputs/people/import/", {"month": "2026-10", "file": f}).content.decode()
    assert "S001" in html and "created" in html


def test_a_base_from_an_earlier_month_cannot_run_under_a_submitted_one(submitted, pay_city):
    """A base holds until the next change, so September's new base would also be October's."""
    from wangge.pay.models import UnitPayBase

    before = counts()
    with pytest.raises(ImportRefused) as exc:
        import_file(
            "bases",
            sheet("bases", [["LX", "", "A", 1, 0]], title="2026-09"),
            date(2026, 9, 1),
            name="bases.xlsx",
        )
    assert exc.value.errors == [
        "bases.xlsx, row 2, column 单位编码 unit code: 历下中心: the distribution of 2026-10"
        " is submitted; the inputs it rests on cannot change"
    ]
    assert counts() == before
    assert UnitPayBase.objects.as_of(OCT).get(unit__code="LX").base_cents == 3_000_000
