"""The OpenAPI schema tells the truth: every operation lists the errors it can answer.

``WanggeAutoSchema`` (``DEFAULT_SCHEMA_CLASS``) adds to each operation the error bodies
DRF really sends: 403 everywhere (not logged in, or not allowed: the first
authenticator is the session, which has no challenge, so DRF never answers 401), 400 where the
operation reads a query parameter or a body (``BadParameter`` names the parameter), 404
where it has a path parameter. The shared parameters (``as_of``, ``month``) live here so
that every view declares them alike.
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers

from wangge.base.params import MONTH_PATTERN


class ErrorSerializer(serializers.Serializer):
    """DRF's body for 403 and 404: one sentence in the caller's language."""

    detail = serializers.CharField()


# 400: each rejected parameter or field → its messages (a nested serializer's field
# gives an object or a list of objects in place of the messages).
BAD_REQUEST = {
    "type": "object",
    "description": 'rejected parameter or field → messages, e.g. {"month": ["…"]}',
    "additionalProperties": {
        "oneOf": [
            {"type": "array", "items": {}},
            {"type": "object"},
            {"type": "string"},
        ]
    },
}

YEAR_PATTERN = r"(19|2[0-9])[0-9]{2}"
AS_OF = OpenApiParameter(
    "as_of",
    {"type": "string", "format": "date", "pattern": f"^{YEAR_PATTERN}-[0-9]{{2}}-[0-9]{{2}}$"},
    description=(
        "reporting date of the rows (YYYY-MM-DD, 1900 to 2999), default today; which units"
        " the caller sees is always decided by today's assignments"
    ),
)
PERIOD_PATTERN = (
    rf"^{YEAR_PATTERN}(-?Q[1-4]|-(0[1-9]|1[0-2])(\.\.{YEAR_PATTERN}-(0[1-9]|1[0-2]))?)?$"
)
MONTH = OpenApiParameter(
    "month",
    {"type": "string", "pattern": f"^{MONTH_PATTERN}$"},
    description="YYYY-MM",
)


class WanggeAutoSchema(AutoSchema):
    def _get_parameters(self):
        """An optional query parameter sent empty (``?as_of=``, as a form sends it) counts
        as absent, so the schema says it may be empty."""
        from wangge.base.params import DB_INT

        params = super()._get_parameters()
        for p in params:
            if p["in"] == "query" and not p.get("required"):
                p["allowEmptyValue"] = True
            schema = p.get("schema", {})
            if schema.get("type") == "integer":
                # ids and offsets are database integers; a wider one is a 400
                schema.setdefault("maximum", DB_INT)
                schema.setdefault("minimum", -DB_INT)
        return params

    def _bad_request_ref(self) -> dict:
        component = ResolvedComponent(
            name="ValidationError",
            type=ResolvedComponent.SCHEMA,
            schema=BAD_REQUEST,
            object="ValidationError",
        )
        self.registry.register_on_missing(component)
        return component.ref

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        params = self._get_parameters()
        errors = {"403": ErrorSerializer}
        if self.method in {"POST", "PUT", "PATCH"} or any(p["in"] == "query" for p in params):
            errors["400"] = self._bad_request_ref()
        if any(p["in"] == "path" for p in params):
            errors["404"] = ErrorSerializer
        for code, body in sorted(errors.items()):
            if code not in responses:
                responses[code] = self._get_response_for_code(body, code, direction=direction)
        return responses


AS_OF_VIEWS = extend_schema_view(
    list=extend_schema(parameters=[AS_OF]), retrieve=extend_schema(parameters=[AS_OF])
)
"""A list-and-detail viewset that answers ``?as_of=`` (rows in today's scope, as of that day)."""
