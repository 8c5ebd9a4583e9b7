"""Schemes in the database: seeding the shipped defaults and reading those in use."""

from __future__ import annotations

from django.db import transaction

from wangge.appraisal.models import Scheme, SchemeStatus
from wangge.core import scoring
from wangge.core.defaults import default_scheme_dicts


def seed_schemes() -> tuple[int, int]:
    """Store the default schemes that are not there yet; return (created, already there).

    Idempotent: a scheme is identified by its code and start date, and one a company
    has edited is left as it is, so re-running never undoes their changes.
    """
    created = existing = 0
    with transaction.atomic():
        for data in default_scheme_dicts():
            found = Scheme.objects.filter(
                code=data["code"], valid_from=data.get("valid_from"), status=SchemeStatus.ACTIVE
            ).exists()
            if found:
                existing += 1
                continue
            Scheme(definition=data, status=SchemeStatus.ACTIVE).save()
            created += 1
    return created, existing


def schemes_in_use() -> list[scoring.Scheme]:
    """Every scheme a close may pick from (drafts excluded), as the core reads them."""
    return [s.core() for s in Scheme.objects.filter(status=SchemeStatus.ACTIVE).order_by("pk")]


def make_draft(scheme: Scheme, *, weights: dict[str, str] | None = None) -> Scheme:
    """A draft copy of a scheme, optionally with new indicator weights, for the what-if."""
    data = scoring.scheme_to_dict(scheme.core())
    for ind in data["indicators"]:
        if weights and ind["key"] in weights:
            ind["weight"] = str(weights[ind["key"]])
    for q in data["qualitative"]:
        if weights and q["key"] in weights:
            q["max_points"] = str(weights[q["key"]])
    draft = Scheme(definition=data, status=SchemeStatus.DRAFT, based_on=scheme)
    draft.save()
    return draft
