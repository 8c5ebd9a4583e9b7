"""Bad input is refused before anything is computed, naming scheme, unit and field;
the month stays open (no run is written)."""

from __future__ import annotations

from datetime import date

import pytest

OCT = date(2026, 10, 1)
pytestmark = pytest.mark.django_db


def _refused(month=OCT, language="en") -> list[str]:
    """The refusal's messages in ``language`` (English here: the rules read plainly)."""
    from django.utils import translation

    from wangge.appraisal.close import CloseRefused, close_month
    from wangge.appraisal.models import AppraisalRun

    with translation.override(language), pytest.raises(CloseRefused) as exc:
        close_month(month)
    assert not AppraisalRun.objects.filter(month=month).exists()
    return exc.value.messages


def _edit_scheme(code, change):
    from wangge.appraisal.models import Scheme

    s = Scheme.objects.get(code=code)
    d = dict(s.definition)
    change(d)
    s.definition = d
    s.save()


def test_missing_scheme(month_inputs):
    from wangge.appraisal.models import Scheme

    Scheme.objects.filter(code="grid-B-five-rates").delete()
    messages = _refused()
    assert (
        "role grid / LX-G02 网格Y / scheme: no scheme for role 'grid', class 'B', "
        "phase None on 2026-10-31" in messages
    )
    assert any(m.startswith("role grid / SZ-G01 网格Z / scheme:") for m in messages)


def test_a_refusal_reads_in_chinese_with_the_same_figures(month_inputs):
    """The core says which check failed and with which figures; the page words it."""

    def heavier(d):
        d["indicators"][0]["weight"] = "30"

    _edit_scheme("grid-A-five-rates", heavier)
    assert _refused(language="zh-hans") == [
        "grid-A-five-rates / weights：定量 85 + 定性 20 = 105，不等于 100"
    ]


def test_weights_not_100(month_inputs):
    def heavier(d):
        d["indicators"][0]["weight"] = "30"

    _edit_scheme("grid-A-five-rates", heavier)
    assert _refused() == [
        "grid-A-five-rates / weights: quantitative 85 + qualitative 20 = 105, not 100"
    ]


def test_floor_above_cap(month_inputs):
    def inverted(d):
        d["indicators"][3]["curve"] = {"kind": "floor_cap", "floor": "1.3", "cap": "1.2"}

    _edit_scheme("grid-B-five-rates", inverted)
    assert _refused() == ["grid-B-five-rates / churn.floor: floor 1.3 is above cap 1.2"]


def test_zero_target_on_a_ratio(month_inputs):
    from wangge.appraisal.models import Target

    Target.objects.filter(indicator_key="churn", unit__code="LX-G01").update(value=0)
    # the grid, and the two people who answer for it and take its target
    zero = "churn: target is zero: completion has no denominator"
    assert _refused() == [
        f"grid-A-five-rates / LX-G01 网格X / {zero}",
        f"post-community-manager / S002 李社区 / {zero}",
        f"post-grid-manager / S001 王网格 / {zero}",
    ]


def test_negative_target_with_the_ratio_form(month_inputs):
    from wangge.appraisal.models import Target

    Target.objects.filter(indicator_key="arrears", unit__code="SZ-G01").update(value=-100)
    assert _refused() == [
        "grid-B-five-rates / SZ-G01 网格Z / arrears: negative target with the ratio form; "
        "use the negative_safe form ((A − T) + |T|) / |T|"
    ]


def test_missing_billing_facts(month_inputs):
    messages = _refused(date(2026, 11, 1))
    assert messages[0] == (
        "month 2026-11 / billing: no billing facts for 2026-11: load the month before closing it"
    )


def test_missing_judgement_names_the_person(month_inputs):
    from wangge.appraisal.models import QualitativeScore

    QualitativeScore.objects.filter(person__staff_no="S003", item_key="whole_process").delete()
    assert _refused() == ["post-grid-manager / S003 赵网格 / whole_process: judgement missing"]


def test_refused_command_lists_the_problems(month_inputs):
    from django.core.management import CommandError, call_command

    from wangge.appraisal.models import Target

    Target.objects.filter(indicator_key="churn", unit__code="LX-G01").update(value=0)
    with pytest.raises(CommandError, match="LX-G01 网格X / churn：目标值为零"):
        call_command("appraisal", "close", "--month", "2026-10", "--quiet")
