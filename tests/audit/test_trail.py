"""Changes to assignments and links are kept with who, when, before and after, and an
auditor reads them as one trail."""

from datetime import UTC, date, datetime

from tests.conftest import in_full
from wangge.audit.trail import recent_changes
from wangge.org.reorganise import CodedMove, reorganise


def test_a_reorganisation_shows_in_the_trail_with_the_closed_link_before_and_after(city):
    reorganise([CodedMove("unit", "LX-G02", "SZ")], date(2026, 7, 1))
    changes = recent_changes(mask=in_full, model_label="org.UnitLink")
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


def test_an_auditor_sees_a_changed_phone_and_id_number_only_masked_in_the_trail(city, login):
    from wangge.org.models import Person

    person = Person.objects.get(staff_no="S001")
    person.phone = "13700001111"
    person.id_number = "370102199001011234"
    person.save()
    person.phone = "13622223333"
    person.save()

    auditor = login("auditor")
    for url in ("/audit/", "/audit/?model=org.Person"):
        page = auditor.get(url).content.decode()
        assert "王网格" in page
        for raw in ("13912345678", "13700001111", "13622223333", "370102199001011234"):
            assert raw not in page
        assert "139****5678" in page and "137****1111" in page and "136****3333" in page
        assert "370***********1234" in page


def test_a_number_inside_an_objects_name_is_masked_too():
    from datetime import datetime

    from wangge.audit.trail import Change, masked_change
    from wangge.core.access import mask

    line = Change(
        when=datetime(2026, 7, 1),
        who="marketing",
        model="subscription",
        object_label="移动 13812341234",
        kind="changed",
        reason="",
        model_label="customers.Subscription",
        secrets=(("phone", "13812341234"),),
        fields=[("number", "13812341234", "13812349999"), ("status", "active", "ended")],
    )

    shown = masked_change(line, lambda field, value: mask(value))

    assert shown.object_label == "移动 138****1234"
    assert shown.fields == [("number", "138****1234", "138****9999"), ("status", "active", "ended")]


def test_every_audited_personal_number_field_is_masked_in_the_trail():
    """A new audited model with a phone or ID number fails here until the trail masks it."""
    from wangge.audit.trail import MASKED_FIELDS, audited_models

    personal = ("phone", "mobile", "id_number", "id_card", "number")
    for model in audited_models():
        for f in model._meta.fields:
            if any(word in f.name for word in personal) and f.get_internal_type() == "CharField":
                assert f.name in MASKED_FIELDS.get(model._meta.label, {}), (
                    f"{model._meta.label}.{f.name} is shown raw in the audit trail"
                )


def test_a_customers_changed_phone_and_a_subscriptions_number_appear_in_the_trail_masked(
    city, login
):
    """Customers and subscriptions keep a change history, so who changed a number, and
    when, is on the trail like any other change; the numbers follow the viewer's mask."""
    customer = city["customers"]["zhang"]
    customer.phone = "13700002222"
    customer.save()
    subscription = customer.subscriptions.get()
    subscription.number = "13700002222"
    subscription.status = "disconnected"
    subscription.save()

    labels = {c.model_label for c in recent_changes(mask=in_full)}
    assert {"customers.Customer", "customers.Subscription"} <= labels
    [change] = recent_changes(mask=in_full, model_label="customers.Customer")[:1]
    assert change.object_label == "张三"

    page = login("auditor").get("/audit/?model=customers.Customer").content.decode()
    assert "13700002222" not in page and "137****2222" in page
    page = login("auditor").get("/audit/?model=customers.Subscription").content.decode()
    assert "13700002222" not in page and "13812341234" not in page


def test_a_customers_history_in_the_admin_is_masked_and_kept_in_scope(city, login):
    customer = city["customers"]["zhang"]
    customer.phone = "13700002222"
    customer.save()
    url = f"/admin/customers/customer/{customer.pk}/history/"
    page = login("marketing").get(url).content.decode()
    assert "13700002222" not in page and "137****2222" in page
    other = city["customers"]["wang"]  # in 市中, outside the Lixia director's scope
    assert login("director").get(f"/admin/customers/customer/{other.pk}/history/").status_code in (
        403,
        404,
    )


def test_the_page_words_a_change_in_chinese_choices_yuan_and_allowances(db):
    """The trail keeps codes and cents; the page shows labels, yuan and named items."""
    from django.utils import translation

    from wangge.audit.presentation import present
    from wangge.audit.trail import Change
    from wangge.pay.models import Distribution, PayConfig

    change = Change(
        when=datetime(2026, 11, 3, 9, 30, tzinfo=UTC),
        who="system",
        model="pay configuration",
        object_label="demo",
        kind="changed",
        reason="",
        model_label="pay.PayConfig",
        fields=[
            ("floor_cents", 200000, 300000),
            ("rural_allowances", {}, {"food": 30000, "transport": 20000}),
        ],
        parts=[
            Change(
                when=datetime(2026, 11, 3, 9, 30, tzinfo=UTC),
                who="director",
                model="distribution",
                object_label="历下中心 2026-10 v1",
                kind="changed",
                reason="",
                model_label="pay.Distribution",
                fields=[("status", "draft", "submitted")],
            )
        ],
    )
    with translation.override("zh-hans"):
        shown = present(change)
        floor = str(PayConfig._meta.get_field("floor_cents").verbose_name)
        status = str(Distribution._meta.get_field("status").verbose_name)
    assert shown.who == "系统"
    assert shown.fields[0] == (floor, "¥2,000.00", "¥3,000.00")
    assert shown.fields[1][2] == "餐费补贴 ¥300.00; 交通补贴 ¥200.00"
    assert shown.parts[0].fields == [(status, "草稿", "已提交")]


def _phones_changed(people, *, by=None):
    """Each person's phone changed by ``by`` in one go, as one action writes rows."""
    from wangge.org.models import Person

    for i, key in enumerate(people):
        p = Person.objects.get(pk=key.pk)
        p._history_user = by
        p.phone = f"1370000{i:04d}"
        p.save()


def test_the_rows_one_action_wrote_are_one_entry_with_the_others_beneath(city):
    from wangge.audit.trail import TrailFilter

    people = city["people"]
    _phones_changed([people["gm_x"], people["cm_x"], people["gm_y"]], by=people["marketing"].user)

    entries = recent_changes(mask=in_full, where=TrailFilter(kinds=frozenset({"~"})))

    phones = [e for e in entries if e.model_label == "org.Person" and e.who.startswith("周市场")]
    assert len(phones) == 1
    named = {phones[0].object_label, *(p.object_label for p in phones[0].parts)}
    assert named == {"王网格 (S001)", "李社区 (S002)", "赵网格 (S003)"}
    # asked for the one table, the rows are listed one by one
    one_by_one = recent_changes(
        mask=in_full,
        where=TrailFilter(
            model_label="org.Person",
            kinds=frozenset({"~"}),
            by_user_ids=frozenset({people["marketing"].user.pk}),
        ),
    )
    assert len(one_by_one) == 3


def test_the_trail_narrows_to_a_unit_with_its_subtree_and_to_a_person(city):
    from wangge.audit.trail import TrailFilter
    from wangge.core.org import subtree
    from wangge.org.dated import today
    from wangge.org.scope import unit_tree

    lixia = city["units"]["lixia"]
    below = frozenset(subtree(unit_tree(today()), {lixia.pk}))
    about_lixia = recent_changes(
        mask=in_full, model_label="org.Unit", where=TrailFilter(unit_ids=below)
    )
    assert {c.object_label.split(" ")[0] for c in about_lixia} >= {"历下中心", "网格X", "网格Y"}
    assert not any("网格Z" in c.object_label or "市中" in c.object_label for c in about_lixia)
    # assignments carry a unit column: those of the center's people are kept, Z's are not
    links = recent_changes(
        mask=in_full, where=TrailFilter(unit_ids=below, model_label="org.Assignment")
    )
    assert links and all("网格Z" not in c.object_label for c in links)
    # a table with neither a unit nor a person column is left out when a person is asked
    gm_x = city["people"]["gm_x"]
    about = recent_changes(mask=in_full, where=TrailFilter(person_ids=frozenset({gm_x.pk})))
    assert {c.model_label for c in about} <= {"org.Person", "org.Assignment"}
    assert any(c.model_label == "org.Assignment" for c in about)


def test_the_trail_page_names_people_and_filters_by_who_kind_and_date(city, login):
    from wangge.org.models import Person

    marketing = city["people"]["marketing"].user
    _phones_changed([Person.objects.get(staff_no="S001")], by=marketing)
    auditor = login("auditor")

    page = auditor.get("/audit/?by=周市场&kind=~").content.decode()
    assert "周市场 (marketing)" in page  # the person's name, with the log-in
    assert "王网格 (S001)" in page and "李社区" not in page
    assert "137****0000" in page  # masked as the auditor reads phones
    later = auditor.get("/audit/?by=S005&date_from=2099-01-01").content.decode()
    assert "王网格 (S001)" not in later
    for bad in (
        "unit=NOPE",
        "person=S999",
        "date_from=2026-13-01",
        "date_from=2026-02-02&date_to=2026-02-01",
        "by=a%00b",
    ):
        response = auditor.get(f"/audit/?{bad}")
        assert response.status_code == 400, bad  # named on the page, not a 500
        assert 'role="alert"' in response.content.decode(), bad
    assert "没有编码为 NOPE 的单位" in auditor.get("/audit/?unit=NOPE").content.decode()
