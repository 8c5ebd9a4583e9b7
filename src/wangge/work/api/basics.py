"""Work API for competitions (the leaderboard: ``standings``), meeting notes and work
logs. Lists are ``visible_to`` the caller (work logs: one's own, the grid's with
``work.assign``); writes go through ``wangge.work.competitions`` / ``basics``."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from wangge.work import basics, competitions
from wangge.work.api import serializers as s
from wangge.work.api.views import _Scoped, _valid
from wangge.work.filtersets import MeetingFilter, WorkLogFilter
from wangge.work.models import Competition, MeetingNote


class CompetitionViewSet(_Scoped):
    """Competitions of the caller's units and the units above them; ``POST`` sets one
    up (``work.compete``); ``standings``: the live leaderboard with prizes by place."""

    model = Competition
    related = ("unit",)
    serializer_class = s.CompetitionSerializer
    filterset_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator
            return Competition.objects.none()
        if not competitions.may_read(self.request.user):
            raise PermissionDenied()
        return super().get_queryset()

    @extend_schema(request=s.CompetitionCreateSerializer, responses={201: s.CompetitionSerializer})
    def create(self, request):
        if not competitions.may_run(request.user):
            raise PermissionDenied()
        data = _valid(s.CompetitionCreateSerializer, request)
        c = competitions.create(request.user, **data)
        return Response(s.CompetitionSerializer(c).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=s.StandingSerializer(many=True))
    @action(detail=True, methods=["get"])
    def standings(self, request, pk=None):
        rows = competitions.leaderboard(self.get_object())
        return Response(s.StandingSerializer(rows, many=True).data)


class MeetingViewSet(_Scoped):
    """Meeting notes of the grids the caller sees; ``POST`` records one (``work.meet``)
    with its attendees (each works in the grid) and actions (one a line)."""

    model = MeetingNote
    related = ("unit",)
    serializer_class = s.MeetingNoteSerializer
    filterset_class = MeetingFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator
            return MeetingNote.objects.none()
        if not basics.may_read_meetings(self.request.user):
            raise PermissionDenied()
        return super().get_queryset().prefetch_related("attendees", "actions")

    @extend_schema(request=s.MeetingCreateSerializer, responses={201: s.MeetingNoteSerializer})
    def create(self, request):
        if not basics.may_meet(request.user):
            raise PermissionDenied()
        data = _valid(s.MeetingCreateSerializer, request)
        note = basics.record_meeting(request.user, **data)
        return Response(s.MeetingNoteSerializer(note).data, status=status.HTTP_201_CREATED)


class WorkLogViewSet(_Scoped):
    """Work logs: one's own, and those of the grids in scope with ``work.assign``;
    ``POST`` writes (or corrects) one's log of a day (``work.log``)."""

    serializer_class = s.WorkLogSerializer
    filterset_class = WorkLogFilter

    def get_queryset(self):
        return basics.logs_seen(self.request.user).select_related("person")

    @extend_schema(request=s.WorkLogWriteSerializer, responses={201: s.WorkLogSerializer})
    def create(self, request):
        if not basics.may_log(request.user):
            raise PermissionDenied()
        data = _valid(s.WorkLogWriteSerializer, request)
        log = basics.write_log(request.user, **data)
        return Response(s.WorkLogSerializer(log).data, status=status.HTTP_201_CREATED)
