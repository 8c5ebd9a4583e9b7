"""Churn model versions: kept with what they saw and how they did; one is approved."""

from __future__ import annotations

import pickle

from django.db import transaction
from django.utils import timezone

from wangge.alerts.models import ModelVersion


def save_version(trained, *, approve: bool = False, user=None) -> ModelVersion:
    """A new version from ``wangge.analytics.churn.Trained`` (never overwrites one)."""
    with transaction.atomic():
        version = ModelVersion.objects.create(
            trained_by=user,
            train_from=trained.train_months[0],
            train_to=trained.train_months[-1],
            validate_from=trained.validate_months[0],
            validate_to=trained.validate_months[-1],
            rows=trained.rows,
            positives=trained.positives,
            metrics=trained.metrics,
            columns=list(trained.columns),
            seconds={k: round(v, 3) for k, v in trained.seconds.items()},
            blob=pickle.dumps(trained.model),
        )
        if approve:
            version = globals()["approve"](version.pk)
    return version


def approve(pk: int) -> ModelVersion:
    """Approve version ``pk``: scoring uses it from now on (the others stay kept)."""
    with transaction.atomic():
        version = ModelVersion.objects.select_for_update().filter(pk=pk).first()
        if version is None:
            raise LookupError(f"no model version {pk}")
        ModelVersion.objects.filter(approved=True).exclude(pk=pk).update(approved=False)
        version.approved = True
        version.approved_at = timezone.now()
        version.save(update_fields=["approved", "approved_at"])
    return version
