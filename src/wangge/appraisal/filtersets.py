"""The appraisal's list filters, one definition for the pages, their Excel files and
the API: targets by month and indicator, judgement scores by month."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from wangge.appraisal.models import QualitativeScore, Target
from wangge.base.filtersets import CodeFilter, MonthFilter


class TargetFilterSet(django_filters.FilterSet):
    month = MonthFilter(label=_("month"))
    indicator = CodeFilter(field_name="indicator_key", label=_("indicator"))

    class Meta:
        model = Target
        fields = ["month", "indicator"]


class QualitativeFilterSet(django_filters.FilterSet):
    month = MonthFilter(label=_("month"))

    class Meta:
        model = QualitativeScore
        fields = ["month"]
