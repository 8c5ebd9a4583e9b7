"""A posted foreign key looked up among the rows the caller sees: an id outside the
scope is "does not exist"."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wangge.org.models import Unit


@extend_schema_field(OpenApiTypes.INT)
class ScopedKey(serializers.PrimaryKeyRelatedField):
    def __init__(self, model, **kwargs):
        self.model = model
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return self.model.objects.none()
        qs = self.model.objects.visible_to(request.user)
        return qs.grids() if self.model is Unit else qs
