"""Customer tags: the rule tags recomputed (idempotent), an Excel of tags imported all or
nothing, and the tag as a filter of the customer list, its API and its Excel."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from wangge.customers.models import Customer, CustomerTag, Subscription, Tag
from wangge.org.dated import today
from wangge.work import tags
from wangge.work.uploads import UploadRefused


def xlsx(rows, header=("客户编码", "标签")) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for r in rows:
        sheet.append(list(r))
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def upload(rows, **kw):
    return SimpleUploadedFile("tags.xlsx", xlsx(rows, **kw))


@pytest.fixture
def tagged_city(city):
    c = city["customers"]
    Customer.objects.filter(pk=c["zhang"].pk).update(kind="household")
    Subscription.objects.create(
        customer=c["zhang"],
        product_line="broadband",
        product="千兆",
        monthly_fee_cents=9900,
        start_date=today() - timedelta(days=400),
        status="active",
        contract_end=today(),
    )
    Customer.objects.filter(pk=c["li"].pk).update(ownership="competitor")
    return city


def codes_of(customer):
    return set(customer.tags.values_list("tag__code", flat=True))


def test_rule_tags_are_recomputed_and_only_the_differences_written(tagged_city):
    c = tagged_city["customers"]
    done = tags.refresh_rule_tags()
    assert codes_of(c["zhang"]) == {"contract_ends_this_quarter", "high_arpu_family"}
    assert codes_of(c["li"]) == {"competitor_broadband"}
    assert codes_of(c["wang"]) == set()
    assert done.added == 3 and done.removed == 0
    again = tags.refresh_rule_tags()
    assert (again.added, again.removed) == (0, 0)
    Customer.objects.filter(pk=c["li"].pk).update(ownership="ours")
    assert tags.refresh_rule_tags().removed == 1
    assert codes_of(c["li"]) == set()


def test_an_import_tags_the_customers_and_keeps_rule_tags(tagged_city):
    c, marketing = tagged_city["customers"], tagged_city["people"]["marketing"].user
    tags.refresh_rule_tags()
    done = tags.import_tags(
        marketing, BytesIO(xlsx([("K1", "沿街商铺"), ("K2", "沿街商铺")])), "t.xlsx"
    )
    assert (done.rows, done.added, done.tags) == (2, 2, ["沿街商铺"])
    assert "沿街商铺" in codes_of(c["zhang"])
    tags.refresh_rule_tags()
    assert "沿街商铺" in codes_of(c["zhang"])  # imported tags are not the rules'


def test_a_bad_row_refuses_the_whole_file_naming_row_and_column(tagged_city):
    marketing = tagged_city["people"]["marketing"].user
    with pytest.raises(UploadRefused) as refused:
        tags.import_tags(
            marketing,
            BytesIO(
                xlsx([("K1", "甲"), ("K404", "乙"), ("K2", ""), ("K3", "competitor_broadband")])
            ),
            "t.xlsx",
        )
    text = "\n".join(refused.value.problems)
    assert "第 3 行" in text or "row 3" in text
    assert "K404" in text and "row 4" in text.replace("第 4 行", "row 4")
    assert not CustomerTag.objects.exists() and not Tag.objects.filter(code="甲").exists()


def test_a_file_without_the_columns_or_not_a_workbook_is_named(tagged_city):
    marketing = tagged_city["people"]["marketing"].user
    with pytest.raises(UploadRefused) as refused:
        tags.import_tags(marketing, BytesIO(xlsx([("K1", "甲")], header=("编码", "x"))), "t.xlsx")
    assert "客户编码" in refused.value.problems[0]
    with pytest.raises(UploadRefused):
        tags.import_tags(marketing, BytesIO(b"not a workbook"), "t.xlsx")


def test_the_tag_filters_the_customer_list_its_api_and_the_tags_page(tagged_city, login):
    tags.refresh_rule_tags()
    client = login("director")
    page = client.get("/customers/?tag=high_arpu_family")
    assert [c.code for c in page.context["page"]] == ["K1"]
    assert "高ARPU家庭" in page.content.decode()
    api = client.get("/api/customers/?tag=competitor_broadband").json()["results"]
    assert [r["code"] for r in api] == ["K2"]
    assert client.get("/customers/?tag=nothing").context["page"].paginator.count == 0
    text = client.get("/work/tags/").content.decode()
    assert "本季合约到期" in text and "竞品宽带" in text
    assert client.get(f"/customers/{tagged_city['customers']['zhang'].pk}/").status_code == 200


def test_the_export_keeps_the_tag_filter(tagged_city, login, settings, tmp_path):
    from openpyxl import load_workbook

    from wangge.jobs.models import Job

    settings.EXPORT_DIR = tmp_path
    tags.refresh_rule_tags()
    client = login("director")
    client.post("/customers/export/?tag=high_arpu_family")
    job = Job.objects.latest("id")
    rows = list(load_workbook(job.result["file"]).worksheets[0].iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == ["K1"]


# --- attacks ----------------------------------------------------------------------------


def test_a_seller_sees_only_the_tags_of_their_grid_and_cannot_import(tagged_city, login):
    tags.refresh_rule_tags()
    client = login("cm_x")
    rows = {r["tag"].code: r["count"] for r in client.get("/work/tags/").context["rows"]}
    assert rows["competitor_broadband"] == 0  # 李四 is 网格Y's
    assert client.get("/customers/?tag=competitor_broadband").context["page"].paginator.count == 0
    r = client.post("/work/tags/import/", {"file": upload([("K1", "甲")])})
    assert r.status_code == 403
    assert client.post("/work/tags/refresh/").status_code == 403
    assert not Tag.objects.filter(code="甲").exists()


def test_an_import_names_a_customer_outside_the_importers_scope_as_unknown(tagged_city, login):
    """A grid manager of 网格X is not an importer; even a role that imports sees only its
    customers: the director would be refused at the door, marketing sees all."""
    gm = tagged_city["people"]["gm_x"].user
    with pytest.raises(UploadRefused):
        tags.import_tags(gm, BytesIO(xlsx([("K1", "甲")])), "t.xlsx")
    client = login("marketing")
    r = client.post("/work/tags/import/", {"file": upload([("K1", "甲"), ("K404", "乙")])})
    assert r.status_code == 302
    assert not Tag.objects.filter(code__in=["甲", "乙"]).exists()
    r = client.post("/work/tags/import/", {"file": upload([("K1", "甲")])})
    assert Tag.objects.filter(code="甲").exists()


def test_a_bad_tag_filter_is_a_400_or_nothing(tagged_city, login):
    client = login("director")
    assert client.get("/customers/?tag=%00").status_code in (200, 400)
    assert client.get("/api/customers/?tag=%00").status_code in (200, 400)


def test_the_command_recomputes_and_says_the_counts(tagged_city):
    import json
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("work", "tags", "--json", stdout=out)
    body = json.loads(out.getvalue())
    assert body["added"] == 3 and body["tagged"]["high_arpu_family"] == 1
    out = StringIO()
    call_command("work", "tags", stdout=out)
    assert "0" in out.getvalue().splitlines()[-1]
