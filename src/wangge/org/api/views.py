from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets

from wangge.base.params import BadParameter, as_of_param
from wangge.base.schema import AS_OF, AS_OF_VIEWS
from wangge.org.api.serializers import AssignmentSerializer, PersonSerializer, UnitSerializer
from wangge.org.models import Assignment, Person, Unit, UnitKind
from wangge.org.scope import unit_tree, visible_unit_ids

KIND = OpenApiParameter("kind", str, enum=list(UnitKind.values), description="only units of a kind")


@extend_schema_view(
    list=extend_schema(parameters=[AS_OF, KIND]), retrieve=extend_schema(parameters=[AS_OF])
)
class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    """Units the caller may see, with their parent as of the requested day."""

    serializer_class = UnitSerializer

    def get_queryset(self):
        qs = Unit.objects.visible_to(self.request.user, as_of_param(self.request))
        kind = self.request.query_params.get("kind")
        if kind and kind not in UnitKind.values:
            raise BadParameter(
                "kind", _("Expected one of %(kinds)s.") % {"kinds": ", ".join(UnitKind.values)}
            )
        return qs.filter(kind=kind) if kind else qs

    def get_serializer_context(self):
        from wangge.org.dated import today

        context = super().get_serializer_context()
        context["tree"] = unit_tree(as_of_param(self.request) or today())
        return context


@AS_OF_VIEWS
class PersonViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PersonSerializer

    def get_queryset(self):
        return Person.objects.visible_to(self.request.user, as_of_param(self.request))


@AS_OF_VIEWS
class AssignmentViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AssignmentSerializer

    def get_queryset(self):
        from wangge.org.dated import today

        day = as_of_param(self.request) or today()
        ids = visible_unit_ids(self.request.user)
        qs = Assignment.objects.as_of(day)
        return qs if ids is None else qs.filter(unit_id__in=ids)
