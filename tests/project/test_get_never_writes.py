"""A GET never changes state: every URL of the project, walked from the resolver.

Each pattern is filled from the small city (the first row of the model its parameter
names) and fetched as the marketing department and as a superuser, bare and with the
query strings pages take (``month``, ``unit``, ``as_of``, ``save=1``, ``format``).
Before and after, every row of every model, the history tables included, is read
back: not a row may be added, removed or changed. A new URL whose parameter this
test cannot fill fails here until it is taught how, so no page escapes the sweep.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import log_in

OCT = date(2026, 10, 1)

#: URL name (with namespace) → the model whose first row fills its ``pk``-like parameter.
MODEL_OF = {
    "customer": "customers.Customer",
    "alerts:customer": "customers.Customer",
    "customer-detail": "customers.Customer",
    "subscription-detail": "customers.Subscription",
    "job": "jobs.Job",
    "job-download": "jobs.Job",
    "job-detail": "jobs.Job",
    "unit-detail": "org.Unit",
    "person-detail": "org.Person",
    "assignment-detail": "org.Assignment",
    "place-detail": "territory.Place",
    "channel-detail": "territory.Channel",
    "territory-proposal": "territory.Proposal",
    "territory-proposal-job": "jobs.Job",
    "appraisal:card": "appraisal.ScoreCard",
    "appraisal:item": "appraisal.ItemScore",
    "appraisal:run": "appraisal.AppraisalRun",
    "appraisal:publish": "appraisal.AppraisalRun",
    "appraisal:export": "appraisal.AppraisalRun",
    "appraisal:figures-unit": "org.Unit",
    "appraisal-run-detail": "appraisal.AppraisalRun",
    "appraisal-run-ranking": "appraisal.AppraisalRun",
    "appraisal-card-detail": "appraisal.ScoreCard",
    "appraisal-item-explanation": "appraisal.ItemScore",
    "appraisal-target-detail": "appraisal.Target",
    "pay:start": "org.Unit",
    "pay:distribution": "pay.Distribution",
    "pay:edit": "pay.Distribution",
    "pay:decide": "pay.Distribution",
    "pay:payslip-of": "org.Person",
    "pay-pool-detail": "pay.PayPool",
    "pay-distribution-detail": "pay.Distribution",
    "intake:job": "jobs.Job",
    "intake:job-errors": "jobs.Job",
    "intake:run": "intake.ImportRun",
    "intake:run-errors": "intake.ImportRun",
    "intake:run-rollback": "intake.ImportRun",
    "intake-run-detail": "intake.ImportRun",
    "intake-run-rollback": "intake.ImportRun",
    "intake-upload-detail": "jobs.Job",
    "notices:open": "notices.Notice",
    "notice-detail": "notices.Notice",
    "notice-read": "notices.Notice",
    "work:order": "work.WorkOrder",
    "work:order-move": "work.WorkOrder",
    "work:opportunity": "work.Opportunity",
    "work:opportunity-stage": "work.Opportunity",
    "work:opportunity-close": "work.Opportunity",
    "work:check-out": "work.Visit",
    "work-order-detail": "work.WorkOrder",
    "work-order-move": "work.WorkOrder",
    "work-opportunity-detail": "work.Opportunity",
    "work-opportunity-stage": "work.Opportunity",
    "work-opportunity-close": "work.Opportunity",
    "work-visit-detail": "work.Visit",
    "work-visit-check-out": "work.Visit",
    "work-survey-detail": "work.Survey",
    "work-owner-detail": "work.Owner",
    "work-campaign-detail": "work.Campaign",
    "work-campaign-split": "work.Campaign",
    "work-campaign-figures": "work.Campaign",
    "work-name-detail": "work.CampaignName",
    "work-name-outcome": "work.CampaignName",
    "work:campaign": "work.Campaign",
    "work:campaign-split": "work.Campaign",
    "work:name-outcome": "work.CampaignName",
    "work:grid": "org.Unit",
    "work:grid-priorities": "org.Unit",
    "work:grid-action": "org.Unit",
    "work:action-done": "work.PlanAction",
    "work-network-detail": "work.NetworkResource",
    "work-plan-detail": "work.GridPlan",
    "work:competition": "work.Competition",
    "work:meeting": "work.MeetingNote",
    "work:meeting-action": "work.MeetingNote",
    "work:meeting-action-done": "work.MeetingAction",
    "work-competition-detail": "work.Competition",
    "work-competition-standings": "work.Competition",
    "work-meeting-detail": "work.MeetingNote",
    "work-log-detail": "work.WorkLog",
    "work:survey-photo": "work.Survey",
    "alerts:outcome": "work.WorkOrder",
    "alert-detail": "alerts.Alert",
    "resources:edit-line": "resources.PlanLine",
    "resources:accept": "resources.Plan",
    "resources:receive": "resources.DeliveryOrder",
    "resources-plan-detail": "resources.Plan",
    "resources-plan-accept": "resources.Plan",
    "resources-line-detail": "resources.PlanLine",
    "resources-line-edit": "resources.PlanLine",
    "resources-delivery-detail": "resources.DeliveryOrder",
    "resources-delivery-receive": "resources.DeliveryOrder",
    "resources-request-detail": "resources.Request",
    "people:audit": "people.Audit",
    "people:photo": "people.Finding",
    "people-session-detail": "people.Session",
    "people-session-attend": "people.Session",
    "people-attendance-detail": "people.Attendance",
    "people-assessment-detail": "people.Assessment",
    "people-audit-detail": "people.Audit",
    "people-rating-detail": "people.Rating",
    "people-response-detail": "people.Response",
}


def walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{p.namespace}:" if p.namespace else namespace
            yield from walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), f"{namespace}{p.name}" if p.name else ""


def first_pk(label: str) -> str:
    row = apps.get_model(label)._default_manager.order_by("pk").first()
    return str(row.pk) if row is not None else "1"


def admin_model(route: str):
    for model in admin.site._registry:
        if route.startswith(f"admin/{model._meta.app_label}/{model._meta.model_name}/"):
            return model
    return None


def fill(route: str, name: str, kind: str) -> str:
    """The route with every parameter replaced by a value from the city."""
    if route.startswith("admin/"):
        model = admin_model(route)
        obj = first_pk(model._meta.label) if model else "1"
        history = "1"
        if model is not None and hasattr(model, "history"):
            row = model.history.order_by("history_id").first()
            history = str(row.history_id) if row else "1"
        values = {
            "object_id": obj,
            "id": obj,
            "content_type_id": "1",
            "app_label": "org",
            "url": "nowhere/",
        }
        positional = iter([obj, history])
    else:
        model = MODEL_OF.get(name)
        obj = first_pk(model) if model else None
        values = {"month": "2026-10", "kind": kind, "format": "json"}
        for key in ("pk", "unit_id", "person_id"):
            if obj is not None:
                values[key] = obj
        positional = iter([])

    def named(match):
        key = match.group("name")
        assert key in values, f"teach this test to fill <{key}> of {name} ({route})"
        return values[key]

    route = re.sub(r"\(\?P<(?P<name>\w+)>[^)]*\)", named, route)
    route = re.sub(r"<(?:\w+:)?(?P<name>\w+)>", named, route)
    route = re.sub(r"\([^)]*\)", lambda m: next(positional), route)
    for regex, text in ((r"/\?\$$", ""), (r"\$$", ""), (r"^\^", ""), (r"\\\.", ".")):
        route = re.sub(regex, text, route)
    return "/" + route.replace("^", "")


def urls() -> list[str]:
    """One URL per pattern (per pay input kind where the pattern takes one)."""
    from wangge.pay.imports import KINDS

    seen = []
    for route, name in walk(get_resolver().url_patterns):
        for kind in KINDS if "<str:kind>" in route else [""]:
            url = fill(route, name, kind)
            if url not in seen:
                seen.append(url)
    return seen


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every model, sessions aside (a log-in's own session may be touched)."""
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values_list())
        for model in apps.get_models()
        if model._meta.label != "sessions.Session"
    }


@pytest.fixture
def busy_city(pay_city):
    """The small city with a published month, pools, a draft split and a finished job."""
    from wangge.jobs.models import Job
    from wangge.pay.pools import compute_pools
    from wangge.pay.workflow import start_draft

    u, p = pay_city["units"], pay_city["people"]
    compute_pools(OCT)
    start_draft(p["director"].user, u["lixia"], OCT)
    Job.objects.create(
        kind="customer_export", title="x", started_by=p["marketing"].user, status="done"
    )
    from wangge.notices.services import notify

    notify([p["marketing"].user], "job_done", {"title": "x"}, url="/")  # unread: GET keeps it so
    return pay_city


@pytest.mark.parametrize("who", ["marketing", "root"])
def test_no_get_on_any_url_changes_the_database(busy_city, client, password, who):
    from django.contrib.auth import get_user_model

    if who == "root":
        get_user_model().objects.create_superuser("root", "root@example.com", password)
    assert log_in(client, who, password)
    client.raise_request_exception = False
    unit = busy_city["units"]["lixia"].pk
    queries = ["", f"?month=2026-10&unit={unit}&as_of=2026-10-15&save=1&format=csv"]
    before = snapshot()
    fetched = 0
    for url in urls():
        for query in queries:
            client.get(url + query)
            fetched += 1
    after = snapshot()
    changed = [label for label in before if before[label] != after[label]]
    assert changed == [], f"a GET changed {changed}"
    assert fetched > 200  # the sweep really walked the project
