"""REST API of the appraisal: runs, score cards (scoped), explanations, rankings, targets."""

from __future__ import annotations

from rest_framework import serializers

from wangge.appraisal.models import AppraisalRun, ItemScore, ScoreCard, Target
from wangge.core import rates


class RunSerializer(serializers.ModelSerializer):
    created_by = serializers.StringRelatedField(allow_null=True, help_text="null: the system")
    published_by = serializers.StringRelatedField(allow_null=True, help_text="null: unpublished")

    class Meta:
        model = AppraisalRun
        fields = [
            "id",
            "month",
            "version",
            "status",
            "created_by",
            "created_at",
            "published_at",
            "published_by",
            "engine",
            "options",
            "note",
            "summary",
            "diff",
        ]


class ItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ItemScore
        fields = [
            "id",
            "key",
            "label",
            "kind",
            "weight",
            "actual",
            "target",
            "completion",
            "points",
        ]


class GridScoreSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    total = serializers.DecimalField(max_digits=8, decimal_places=2)
    rank = serializers.DecimalField(max_digits=8, decimal_places=2)
    peers = serializers.IntegerField()
    card = serializers.IntegerField()


class GridScoresSerializer(serializers.Serializer):
    month = serializers.DateField(allow_null=True)
    version = serializers.IntegerField(allow_null=True)
    grids = GridScoreSerializer(many=True)


class CardSerializer(serializers.ModelSerializer):
    items = ItemSerializer(many=True, read_only=True)
    month = serializers.DateField(source="run.month", read_only=True)
    version = serializers.IntegerField(source="run.version", read_only=True)

    class Meta:
        model = ScoreCard
        fields = [
            "id",
            "run",
            "month",
            "version",
            "subject_kind",
            "unit",
            "person",
            "label",
            "scheme_code",
            "quantitative",
            "qualitative",
            "total",
            "rank",
            "peers",
            "passed",
            "items",
        ]


class TargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = Target
        fields = [
            "id",
            "month",
            "indicator_key",
            "unit",
            "person",
            "value",
            "measure",
            "formula_value",
            "source",
            "plan",
            "derivation",
        ]


class ExplanationSerializer(serializers.Serializer):
    item = serializers.CharField()
    label = serializers.CharField()
    kind = serializers.CharField()
    weight = serializers.CharField()
    actual = serializers.CharField(allow_null=True)
    target = serializers.CharField(allow_null=True)
    completion = serializers.CharField(allow_null=True)
    points = serializers.CharField()
    applicable = serializers.BooleanField(help_text="false: scored by the not-applicable rule")
    reason = serializers.DictField(
        allow_null=True, help_text='why not applicable: {"key": "no_base_revenue", "month": …}'
    )
    reason_text = serializers.CharField(help_text="that reason in the viewer's language")
    card = serializers.DictField()
    month = serializers.CharField()
    version = serializers.IntegerField()
    derivation = serializers.JSONField()
    text = serializers.CharField()
    evidence_kind = serializers.CharField(allow_null=True)
    evidence = serializers.DictField(allow_null=True)


class RankingRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()
    code = serializers.CharField()
    total = serializers.DecimalField(max_digits=8, decimal_places=2)
    rank = serializers.DecimalField(max_digits=8, decimal_places=2)
    peers = serializers.IntegerField()
    open = serializers.BooleanField()


_FIGURE_FIELDS: dict[str, serializers.Field] = {
    "id": serializers.IntegerField(allow_null=True, help_text="grid, unit or person id"),
    "code": serializers.CharField(allow_null=True, help_text="unit code or staff number"),
    "name": serializers.CharField(allow_null=True),
    "kind": serializers.CharField(allow_null=True, help_text="grid, center, county, city or post"),
    "grids": serializers.IntegerField(help_text="grids summed into the row"),
    "churned": serializers.IntegerField(help_text="disconnected + cancelled (+ option)"),
    **{c: serializers.IntegerField(allow_null=True) for c in rates.COMPONENTS},
    **{c: serializers.FloatField(allow_null=True) for c in rates.RATES},
    "not_available": serializers.DictField(
        child=serializers.DictField(child=serializers.CharField()),
        help_text=(
            "rates with no figure because a month they need is not in the store: "
            'rate → {"key": "month_missing", "month": "YYYY-MM"}'
        ),
    ),
}


FigureRowSerializer = type("FigureRowSerializer", (serializers.Serializer,), dict(_FIGURE_FIELDS))


FIGURE_KEYS = frozenset(_FIGURE_FIELDS)  # the metaclass pops fields from the dict it gets


class FiguresSerializer(serializers.Serializer):
    period = serializers.CharField()
    kind = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    level = serializers.CharField()
    rows = FigureRowSerializer(many=True)
