"""Masking of personal numbers by role: the one serializer field and template filter."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from rest_framework import serializers

from wangge.base.access import role_of
from wangge.core.access import MaskingPolicy


@lru_cache(maxsize=1)
def policy() -> MaskingPolicy:
    return MaskingPolicy.from_settings(getattr(settings, "WANGGE_MASKING", None))


def masked(user, field_name: str, value: str | None) -> str | None:
    return policy().apply(field_name, value, role_of(user))


class MaskedField(serializers.CharField):
    """A read-only string shown in full only to the roles the masking policy names."""

    def __init__(self, policy_field: str, **kwargs):
        self.policy_field = policy_field
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        request = self.context.get("request")
        return masked(
            getattr(request, "user", None), self.policy_field, str(value) if value else value
        )
