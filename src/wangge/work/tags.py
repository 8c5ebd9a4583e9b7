"""Customer tags: the rule tags recomputed from the customers' lines and last survey
(``wangge.core.work.tags``), and tags imported from an Excel file (customer code, tag),
all or nothing. Imported tags are the operator's segments and stay until imported
again; rule tags follow the facts (``wangge work tags``, idempotent, daily)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wangge.core.work import tags as rules
from wangge.customers.models import Customer, CustomerTag, Subscription, Tag, TagSource
from wangge.org.dated import today
from wangge.org.scope import may
from wangge.work.models import Survey
from wangge.work.uploads import UploadRefused, problem, read_rows

#: the rule tags' names (msgids: pages show them in the reader's language)
RULE_NAMES = {
    rules.CONTRACT_ENDS_THIS_QUARTER: gettext_noop("contract ends this quarter"),
    rules.COMPETITOR_BROADBAND: gettext_noop("competitor broadband"),
    rules.HIGH_ARPU_FAMILY: gettext_noop("high-ARPU family"),
}


def options() -> rules.TagOptions:
    raw = getattr(settings, "WANGGE_TAG_OPTIONS", None) or {}
    return rules.TagOptions(
        high_arpu_cents=int(raw.get("high_arpu_cents", rules.TagOptions.high_arpu_cents))
    )


def rule_tag_rows() -> dict[str, Tag]:
    out = {}
    for code in rules.RULES:
        tag, _created = Tag.objects.get_or_create(
            code=code, defaults={"name": RULE_NAMES[code], "source": TagSource.RULE}
        )
        out[code] = tag
    return out


def facts_of_all(customer_ids=None) -> dict[int, rules.Facts]:
    """Every customer's facts (or of ``customer_ids``): lines and the last survey."""
    customers = Customer.objects.all()
    subs = Subscription.objects.all()
    surveys = Survey.objects.filter(customer__isnull=False)
    if customer_ids is not None:
        customers = customers.filter(pk__in=customer_ids)
        subs = subs.filter(customer_id__in=customer_ids)
        surveys = surveys.filter(customer_id__in=customer_ids)
    lines = defaultdict(list)
    for cid, line, status, fee, end in subs.values_list(
        "customer_id", "product_line", "status", "monthly_fee_cents", "contract_end"
    ).iterator(chunk_size=5000):
        lines[cid].append(rules.Line(line, status, fee, end))
    last = {}
    for s in (
        surveys.order_by("customer_id", "created_at", "id")
        .values(
            "customer_id",
            "broadband_provider",
            "mobile_provider",
            "fixed_provider",
            "dataline_provider",
            "contract_end",
        )
        .iterator(chunk_size=5000)
    ):
        last[s["customer_id"]] = s  # the latest wins
    out = {}
    for cid, kind, ownership in customers.values_list("pk", "kind", "ownership").iterator(
        chunk_size=5000
    ):
        s = last.get(cid)
        surveyed = (
            {ln: s[f"{ln}_provider"] for ln in ("mobile", "broadband", "fixed", "dataline")}
            if s
            else {}
        )
        out[cid] = rules.Facts(
            kind=kind,
            ownership=ownership,
            lines=tuple(lines.get(cid, ())),
            surveyed=surveyed,
            surveyed_contract_end=s["contract_end"] if s else None,
        )
    return out


@dataclass(frozen=True)
class Refreshed:
    added: int
    removed: int
    tagged: dict[str, int]


def refresh_rule_tags(day=None) -> Refreshed:
    """Recompute every rule tag; only the differences are written (idempotent)."""
    day = day or today()
    opts = options()
    with transaction.atomic():
        tags = rule_tag_rows()
        want = set()
        for cid, facts in facts_of_all().items():
            for code in rules.rule_tags(facts, day, opts):
                want.add((cid, tags[code].pk))
        have = set(
            CustomerTag.objects.filter(tag__source=TagSource.RULE).values_list(
                "customer_id", "tag_id"
            )
        )
        gone = have - want
        for tag_id in {t for _c, t in gone}:
            CustomerTag.objects.filter(
                tag_id=tag_id, customer_id__in=[c for c, t in gone if t == tag_id]
            ).delete()
        CustomerTag.objects.bulk_create(
            [CustomerTag(customer_id=c, tag_id=t, since=day) for c, t in sorted(want - have)],
            batch_size=2000,
        )
    by_code = {code: sum(1 for _c, t in want if t == tag.pk) for code, tag in tags.items()}
    return Refreshed(added=len(want - have), removed=len(gone), tagged=by_code)


CODE, TAG = "code", "tag"
COLUMNS = {CODE: ("客户编码", "customer code", "code"), TAG: ("标签", "tag")}


@dataclass(frozen=True)
class Imported:
    rows: int
    added: int
    tags: list[str]


def import_tags(user, source, name: str) -> Imported:
    """Tags from an Excel file (客户编码, 标签), for customers the importer sees;
    ``customers.import``. A bad row refuses the whole file, naming row and column."""
    if not may(user, "customers.import"):
        raise UploadRefused([_("You may not import customer tags.")])
    rows = read_rows(source, name, COLUMNS, [CODE, TAG])
    codes = {cells[CODE] for _n, cells in rows}
    seen = dict(Customer.objects.visible_to(user).filter(code__in=codes).values_list("code", "pk"))
    problems, pairs = [], []
    for n, cells in rows:
        code, tag = cells[CODE], cells[TAG]
        if not code:
            problems.append(problem(name, n, COLUMNS[CODE][0], _("empty")))
        elif code not in seen:
            problems.append(
                problem(
                    name,
                    n,
                    COLUMNS[CODE][0],
                    _('"%(value)s" is not a customer you can see') % {"value": code},
                )
            )
        if not tag:
            problems.append(problem(name, n, COLUMNS[TAG][0], _("empty")))
        elif len(tag) > 64:
            problems.append(problem(name, n, COLUMNS[TAG][0], _("longer than 64 characters")))
        elif tag in RULE_NAMES:
            problems.append(
                problem(name, n, COLUMNS[TAG][0], _('"%(value)s" is a rule tag') % {"value": tag})
            )
        if code in seen and tag and len(tag) <= 64 and tag not in RULE_NAMES:
            pairs.append((seen[code], tag))
    if problems:
        raise UploadRefused(problems)
    if not rows:
        raise UploadRefused([_("%(file)s: no rows") % {"file": name}])
    with transaction.atomic():
        tags = {}
        for tag in sorted({t for _c, t in pairs}):
            tags[tag], _created = Tag.objects.get_or_create(
                code=tag, defaults={"name": tag, "source": TagSource.IMPORT}
            )
        have = set(
            CustomerTag.objects.filter(tag__in=tags.values()).values_list("customer_id", "tag_id")
        )
        new = {(c, tags[t].pk) for c, t in pairs} - have
        CustomerTag.objects.bulk_create(
            [CustomerTag(customer_id=c, tag_id=t) for c, t in sorted(new)], batch_size=2000
        )
    return Imported(rows=len(rows), added=len(new), tags=sorted(tags))
