"""A reviewer's verdicts on registry pairs, kept so the next extract is not asked again.

``MatchDecision`` says of one pair (registry entry, business customer) whether a
person accepted or rejected it. The registry entry is named by its key across
extracts (``wangge.core.matching.review.registry_key``: the credit code, or the
normalised name and road), the customer by its code. The matcher applies every
stored verdict to each later extract (``wangge registry match``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MatchDecisionQuerySet(models.QuerySet):
    def visible_to(self, user, as_of=None) -> MatchDecisionQuerySet:
        """The importers' record, as the import runs are: they see it all, nobody else."""
        from wangge.base.access import may

        return self if may(user, "customers.import") else self.none()


class MatchDecision(models.Model):
    registry_key = models.CharField(_("registry key"), max_length=200)
    registry_name = models.CharField(_("registry name"), max_length=200, blank=True)
    customer_code = models.CharField(_("customer code"), max_length=32)
    accepted = models.BooleanField(_("accepted"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"))

    objects = MatchDecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("registry match decision")
        verbose_name_plural = _("registry match decisions")
        ordering = ["registry_key", "customer_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["registry_key", "customer_code"], name="one_decision_per_registry_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.registry_key} ↔ {self.customer_code}"
