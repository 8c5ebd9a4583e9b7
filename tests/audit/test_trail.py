"""Changes to assignments and links are kept with who, when, before and after, and an
auditor reads them as one trail."""

from datetime import date

from wangge.audit.trail import recent_changes
from wangge.org.reorganise import CodedMove, reorganise


def test_a_reorganisation_shows_in_the_trail_with_the_closed_link_before_and_after(city):
    reorganise([CodedMove("unit", "LX-G02", "SZ")], date(2026, 7, 1))
    changes = recent_changes(model_label="org.UnitLink")
    changed = [c for c in changes if c.kind == "changed"]
    assert len(changed) == 1
    assert ("valid_to", None, date(2026, 7, 1)) in changed[0].fields
    assert sum(c.kind == "created" for c in changes) == 6  # five links of the city + the new one


def test_the_auditor_reads_the_trail_and_records_who_made_a_change_in_the_admin(city, login):
    admin = login("marketing")
    link = city["units"]["y"].parent_links.get()
    admin.post(
        f"/admin/org/unitlink/{link.pk}/change/",
        {
            "unit": link.unit_id,
            "parent": link.parent_id,
            "valid_from": "2025-01-01",
            "valid_to": "2026-08-01",
        },
    )
    page = login("auditor").get("/audit/").content.decode()
    assert "marketing" in page and "2026-08-01" in page


def test_a_grid_manager_may_not_read_the_trail(city, login):
    assert login("gm_x").get("/audit/").status_code == 403
