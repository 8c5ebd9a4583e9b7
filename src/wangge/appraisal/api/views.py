"""REST API of the appraisal: runs, score cards (scoped), explanations, rankings, targets."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from wangge.appraisal import queries as q
from wangge.appraisal.api.serializers import (
    FIGURE_KEYS,
    CardSerializer,
    ExplanationSerializer,
    FiguresSerializer,
    GridScoresSerializer,
    RankingRowSerializer,
    RunSerializer,
    TargetSerializer,
)
from wangge.appraisal.explain import evidence_for, explanation
from wangge.appraisal.filtersets import TargetFilterSet
from wangge.appraisal.models import ItemScore, ScoreCard, Target
from wangge.appraisal.period_figures import LEVELS, FiguresRefused, load_rows, read_level
from wangge.base.params import (
    BadParameter,
    CappedLimitOffsetPagination,
    filter_params,
    query_code,
    query_int,
    query_month,
)
from wangge.base.schema import MONTH, PERIOD_PATTERN
from wangge.core import appraisal as core


class RunViewSet(viewsets.ReadOnlyModelViewSet):
    """Month-end runs; people who do not close months see published ones only."""

    serializer_class = RunSerializer

    def get_queryset(self):
        return q.runs_for(self.request.user).order_by("-month", "-version")

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "scheme", {"type": "string", "minLength": 1}, required=True, description="scheme"
            )
        ],
        responses=RankingRowSerializer(many=True),
    )
    @action(detail=True, pagination_class=None)
    def ranking(self, request, pk=None):
        """The scheme's leaderboard (name, total, rank of every peer); ``open`` says
        whether the caller may open that card and its derivations."""
        run = self.get_object()
        if not (request.query_params.get("scheme") or "").strip():
            raise BadParameter("scheme", _("A scheme code is needed."))
        scheme = query_code(request, "scheme")  # one of control characters finds none
        ids = set(q.cards_for(request.user, run).values_list("pk", flat=True))
        rows = q.ranking(run, scheme, ids)
        return Response(RankingRowSerializer(rows, many=True).data)


class MapPagination(CappedLimitOffsetPagination):
    """The map colours every grid by its score in one request (``?limit=5000``)."""

    max_limit = 5000


class CardViewSet(viewsets.ReadOnlyModelViewSet):
    """Score cards the caller may see (scope as of the month's last day)."""

    serializer_class = CardSerializer
    lookup_value_regex = r"[0-9]+"
    pagination_class = MapPagination
    queryset = ScoreCard.objects.none()  # for the schema; get_queryset decides

    @extend_schema(parameters=[MONTH, OpenApiParameter("run", int)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        user = self.request.user
        run_id = query_int(self.request, "run")
        month = query_month(self.request, "month")
        runs = q.runs_for(user)
        if run_id is not None:
            run = runs.filter(pk=run_id).first()
        else:
            run = q.month_run(user, month)
        if run is None:
            return ScoreCard.objects.none()
        return (
            q.cards_for(user, run)
            .select_related("run")
            .prefetch_related("items")
            .order_by("scheme_code", "rank", "pk")
        )

    def get_object(self):
        card = q.card_for(self.request.user, int(self.kwargs["pk"]))
        if card is None:
            raise NotFound
        return card


class ItemViewSet(viewsets.GenericViewSet):
    serializer_class = ExplanationSerializer
    lookup_value_regex = r"[0-9]+"
    queryset = ItemScore.objects.none()

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "offset",
                {"type": "integer", "minimum": 0},
                description="first evidence row (default 0)",
            ),
            OpenApiParameter(
                "limit",
                {"type": "integer", "minimum": 1},
                description="evidence rows (default 50, more than 500 gives 500)",
            ),
        ],
        responses=ExplanationSerializer,
    )
    @action(detail=True)
    def explanation(self, request, pk=None):
        """Why an item scored what it did: the derivation tree (formula with numbers,
        target and its origin, curve) and a page of the subscriptions behind it."""
        item = q.item_for(request.user, int(pk))
        if item is None:
            raise NotFound
        offset = query_int(request, "offset", 0, minimum=0)
        limit = min(query_int(request, "limit", 50, minimum=1), 500)
        data = explanation(item)
        ev = evidence_for(item, offset=offset, limit=limit, viewer=request.user)
        data["evidence"] = (
            None
            if ev is None
            else {
                "kind": ev.kind,
                "columns": ev.columns,
                "total": ev.total,
                "offset": ev.offset,
                "limit": ev.limit,
                "rows": [{k: _plain(v) for k, v in r.items()} for r in ev.rows],
            }
        )
        return Response(data)


def _plain(value):
    import datetime as dt

    return value.isoformat() if isinstance(value, dt.date) else value


class TargetViewSet(viewsets.ReadOnlyModelViewSet):
    """Targets of the units (and people) the caller may see."""

    serializer_class = TargetSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = TargetFilterSet

    def get_queryset(self):
        month = filter_params(TargetFilterSet, self.request.query_params)["month"]
        qs = Target.objects.visible_to(self.request.user, core.month_end(month) if month else None)
        return qs.order_by("month", "indicator_key", "pk")


class FiguresView(APIView):
    """The five rates and the components of a month, quarter, year or range, in scope."""

    serializer_class = FiguresSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "period",
                {"type": "string", "pattern": PERIOD_PATTERN},
                required=True,
                description="2026-10, 2026Q3, 2026-Q3, 2026 or 2026-07..2026-09",
            ),
            OpenApiParameter("level", str, enum=list(LEVELS), description="default grid"),
        ],
        responses={200: FiguresSerializer},
    )
    def get(self, request):
        try:
            figs = load_rows(request.user, request.query_params.get("period"), None)
        except FiguresRefused as e:
            raise ValidationError({"period": [str(e)]}) from e
        try:
            level = read_level(request.query_params.get("level"))
        except FiguresRefused as e:
            raise ValidationError({"level": [str(e)]}) from e
        if level != figs.level:
            figs = load_rows(request.user, figs.spec.label, level)
        body = {
            "period": figs.spec.label,
            "kind": figs.spec.kind,
            "start": figs.spec.start,
            "end": figs.spec.end,
            "level": figs.level,
            "rows": [{k: v for k, v in r.items() if k in FIGURE_KEYS} for r in figs.rows],
        }
        return Response(FiguresSerializer(body).data)


class GridScoresView(APIView):
    """What the map colours grids by: each grid's total, rank and card in the latest run
    the caller may see (or ``?month=``), without the items (a large city has thousands
    of cards; the map needs four numbers of each)."""

    @extend_schema(parameters=[MONTH], responses={200: GridScoresSerializer})
    def get(self, request):
        run = q.month_run(request.user, query_month(request, "month"))
        if run is None:
            return Response({"month": None, "version": None, "grids": []})
        rows = (
            q.cards_for(request.user, run)
            .ordinary()
            .filter(subject_kind="unit", unit__kind="grid")
            .order_by("unit_id")
            .values_list("unit_id", "total", "rank", "peers", "pk")
        )
        grids = [
            {"unit": u, "total": total, "rank": rank, "peers": peers, "card": pk}
            for u, total, rank, peers, pk in rows
        ]
        return Response(
            GridScoresSerializer({"month": run.month, "version": run.version, "grids": grids}).data
        )
