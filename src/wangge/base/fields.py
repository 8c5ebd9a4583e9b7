"""Model fields every app declares the same way."""

from __future__ import annotations

from django.conf import settings
from django.db import models


def user_key(verbose_name) -> models.ForeignKey:
    """The account that did something (drafted, published, entered …): optional, no
    reverse accessor, and emptied rather than lost when the account is deleted."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )
