"""The organisation from an operator's own lists: units with their parents (a dated
link, moved not overwritten), people with the unit they serve (the assignment in
force closed and a new one opened). Every change has its history row naming the
run; a bad row writes nothing; the same file again changes nothing; a run rolls
back as a unit."""

from __future__ import annotations

from datetime import date

from openpyxl import Workbook

from wangge.intake.models import ImportRun
from wangge.intake.services import rollback, run_import
from wangge.org.models import Assignment, Person, Unit, UnitLink

UNITS = (
    "组织编码,组织名称,层级,上级编码,网格类别,网格类型,城乡,户数,生效日期\n"
    "LX,历下区域营销中心,营销中心,JN,,,城区,,2025-01-01\n"
    "LX-G03,网格W（燕山）,网格,LX,A类,residential,城区,900,2026/11/3\n"
    "LX-G04,网格V（姚家）,网格,LX-A1,B,small_business,城区,300,20261103\n"
    "LX-A1,历下东片区,片区,LX,,,城区,,2026-11-03\n"
    "SZ-G01,网格Z,网格,LX,B,residential,农村,,2026-11-03\n"
)
PEOPLE = (
    "工号,姓名,岗位,能力等级,手机号,入职日期,所属单元编码,生效日期\n"
    "S001,王网格,网格经理,中级,13912345678,2019-07-01,LX-G01,\n"
    "S002,李社区,网格经理,初级,13912345679,2021/3/1,LX-G02,2026-11-01\n"
    "S100,孙新人,社区经理,初级,13800001111,20261101,LX-G01,2026-11-01\n"
    "S101,钱后台,后台支撑,,,,JN,\n"
)


def write(tmp_path, name, text, encoding="gbk"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_a_unit_file_opens_units_and_moves_links(city, tmp_path, settings):
    settings.STORE_DIR = tmp_path / "store"
    outcome = run_import("unit", write(tmp_path, "组织.csv", UNITS))
    assert outcome.ok, [str(p) for p in outcome.problems]
    # LX renamed; SZ-G01 moved under LX and made rural; three new units
    assert (outcome.added, outcome.changed, outcome.unchanged) == (3, 2, 0)
    assert Unit.objects.get(code="LX").name == "历下区域营销中心"
    w = Unit.objects.get(code="LX-G03")
    assert (w.kind, w.grid_class, w.households, w.urban) == ("grid", "A", 900, True)
    assert UnitLink.objects.get(unit=w).valid_from == date(2026, 11, 3)
    v = Unit.objects.get(code="LX-G04")
    assert UnitLink.objects.get(unit=v, valid_to=None).parent.code == "LX-A1"
    z = Unit.objects.get(code="SZ-G01")
    assert z.urban is False
    links = list(UnitLink.objects.filter(unit=z).order_by("valid_from"))
    assert [(link.parent.code, link.valid_from, link.valid_to) for link in links] == [
        ("SZ", date(2025, 1, 1), date(2026, 11, 3)),
        ("LX", date(2026, 11, 3), None),
    ]
    # the history names the run
    reasons = set(z.history.values_list("history_change_reason", flat=True))
    assert f"import #{outcome.run_id}" in reasons
    # a file without phone or boundary columns leaves those as they were
    x = Unit.objects.get(code="LX-G01")
    assert x.boundary is not None


def test_the_same_unit_file_twice_and_a_copy_change_nothing(city, tmp_path, settings):
    settings.STORE_DIR = tmp_path / "store"
    run_import("unit", write(tmp_path, "组织.csv", UNITS))
    links = list(UnitLink.objects.order_by("pk").values())
    again = run_import("unit", write(tmp_path, "组织-再次导出.csv", UNITS + "\n"))
    assert again.ok and (again.added, again.changed, again.unchanged) == (0, 0, 5)
    assert list(UnitLink.objects.order_by("pk").values()) == links


def test_unknown_parents_and_cycles_are_named_and_nothing_is_written(city, tmp_path, settings):
    settings.STORE_DIR = tmp_path / "store"
    bad = UNITS + (
        "LX-G05,网格U,网格,QQ-X,,,,,2026-11-03\n"  # no such parent
        "LX-B1,甲片区,片区,LX-B2,,,,,2026-11-03\n"  # B1 under B2 under B1
        "LX-B2,乙片区,片区,LX-B1,,,,,2026-11-03\n"
        "LX-B3,丙片区,街道,LX,,,,,2026-11-03\n"  # not a unit kind
    )
    before = list(Unit.objects.order_by("code").values())
    outcome = run_import("unit", write(tmp_path, "组织.csv", bad))
    assert not outcome.ok
    found = {(p.row, p.letter, p.rule) for p in outcome.problems}
    assert found == {
        (7, "D", "unknown_code"),
        (8, "D", "unit_cycle"),
        (9, "D", "unit_cycle"),
        (10, "C", "choice"),
    }
    assert list(Unit.objects.order_by("code").values()) == before
    assert ImportRun.objects.get(pk=outcome.run_id).status == "refused"


def test_a_unit_import_rolls_back_as_a_unit(city, tmp_path, settings):
    settings.STORE_DIR = tmp_path / "store"
    units = list(Unit.objects.order_by("pk").values())
    links = list(UnitLink.objects.order_by("pk").values())
    outcome = run_import("unit", write(tmp_path, "组织.csv", UNITS, "utf-8-sig"))
    assert outcome.ok
    rollback(outcome.run_id)
    assert list(Unit.objects.order_by("pk").values()) == units
    assert list(UnitLink.objects.order_by("pk").values()) == links


def test_a_staff_list_in_xlsx_opens_people_and_moves_assignments(city, tmp_path, settings):
    settings.STORE_DIR = tmp_path / "store"
    book = Workbook()
    sheet = book.active
    sheet.append(["2026年11月 网格人员清单"])
    for line in PEOPLE.strip().split("\n"):
        sheet.append([c or None for c in line.split(",")])
    path = tmp_path / "人员.xlsx"
    book.save(path)
    outcome = run_import("person", path)
    assert outcome.ok, [str(p) for p in outcome.problems]
    # S001 unchanged but for the level; S002 moved to grid Y as its grid manager
    assert (outcome.added, outcome.changed, outcome.unchanged) == (2, 2, 0)
    new = Person.objects.get(staff_no="S100")
    assert (new.name, new.post, new.role, new.hired_on) == (
        "孙新人",
        "community_manager",
        "frontline",
        date(2026, 11, 1),
    )
    assert Assignment.objects.get(person=new).unit.code == "LX-G01"
    clerk = Person.objects.get(staff_no="S101")
    assert (clerk.role, clerk.level, clerk.phone) == ("back_office", "junior", "")
    li = Person.objects.get(staff_no="S002")
    assert li.role == "frontline"  # a known person's role is not changed by a file
    history = list(
        Assignment.objects.filter(person=li)
        .order_by("valid_from")
        .values_list("unit__code", "post", "valid_from", "valid_to")
    )
    assert history == [
        ("LX-G01", "community_manager", date(2025, 1, 1), date(2026, 11, 1)),
        ("LX-G02", "grid_manager", date(2026, 11, 1), None),
    ]
    assert Person.objects.get(staff_no="S001").level == "intermediate"
    # the same list again: nothing changes
    again = run_import("person", write(tmp_path, "人员.csv", PEOPLE))
    assert (again.added, again.changed, again.unchanged) == (0, 0, 4)
    rollback(again.run_id)
    rollback(outcome.run_id)
    assert not Person.objects.filter(staff_no__in=["S100", "S101"]).exists()
    assert Assignment.objects.get(person=li, valid_to=None).unit.code == "LX-G01"
    assert Person.objects.get(staff_no="S001").level == "junior"


def test_a_staff_list_naming_an_unknown_unit_writes_nothing(city, tmp_path, settings):
    settings.STORE_DIR = tmp_path / "store"
    bad = PEOPLE + "S102,周某,网格经理,初级,13800002222,,XX-G99,\nS103,吴某,打杂,,,,LX-G01,\n"
    before = Person.objects.count()
    outcome = run_import("person", write(tmp_path, "人员.csv", bad))
    found = {(p.row, p.column, p.rule) for p in outcome.problems}
    assert found == {(6, "所属单元编码", "unknown_code"), (7, "岗位", "choice")}
    assert Person.objects.count() == before
