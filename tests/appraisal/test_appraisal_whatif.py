"""What-if: edited weights or a target, old vs new score and rank, nothing saved."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import log_in

OCT = date(2026, 10, 1)
pytestmark = pytest.mark.django_db


def test_weights_move_scores_and_ranks(month_inputs):
    from wangge.appraisal.close import close_month
    from wangge.appraisal.models import ScoreCard
    from wangge.appraisal.whatif import run_whatif

    run = close_month(OCT)
    before = list(ScoreCard.objects.values_list("total", flat=True))
    # class B: churn 25 → 15 and growth 15 → 25
    rows = {
        r["label"]: r
        for r in run_whatif(
            run, "grid-B-five-rates", weights={"churn": "15", "revenue_growth": "25"}
        )
    }
    assert rows["网格Z"]["old_score"] == 69.5
    assert rows["网格Z"]["new_score"] == 57.5  # Z loses 10 × 1.2 of its churn points
    assert rows["网格Y"]["new_score"] == 44.0
    assert list(ScoreCard.objects.values_list("total", flat=True)) == before  # nothing saved


def test_a_target_change_moves_one_unit(month_inputs):
    from wangge.appraisal.close import close_month
    from wangge.appraisal.whatif import run_whatif

    run = close_month(OCT)
    rows = {
        r["label"]: r
        for r in run_whatif(run, "grid-B-five-rates", targets={("LX-G02 网格Y", "churn"): 7000})
    }
    # churn target 70 %: 70 / 66.6667 = 1.05 → 25 × 1.05 = 26.25 more points for Y
    assert rows["网格Y"]["new_score"] == 70.25
    assert (rows["网格Y"]["new_rank"], rows["网格Z"]["new_rank"]) == (1.0, 2.0)


def test_whatif_page_shows_the_table_and_chart(month_inputs, login):
    from wangge.appraisal.close import close_month

    close_month(OCT)
    page = login("marketing").get(
        "/appraisal/whatif/?month=2026-10&scheme=grid-B-five-rates&w_churn=15&w_revenue_growth=25"
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "whatif-chart" in text and "57.5" in text
    assert "vendor/echarts/echarts.min.js" in text


def test_grid_manager_may_not_run_whatifs(month_inputs, login):
    assert login("gm_x").get("/appraisal/whatif/").status_code == 403


def test_close_from_the_page_runs_as_a_job(month_inputs, login):
    from wangge.appraisal.models import AppraisalRun
    from wangge.jobs.models import Job

    response = login("marketing").post("/appraisal/close/", {"month": "2026-10"})
    assert response.status_code == 302
    job = Job.objects.get(kind="appraisal_close")
    assert job.status == "done", job.message
    assert AppraisalRun.objects.get(month=OCT).pk == job.result["run"]


def test_refused_close_job_says_why(month_inputs, login):
    from wangge.jobs.models import Job

    login("marketing").post("/appraisal/close/", {"month": "2026-11"})
    job = Job.objects.get(kind="appraisal_close")
    assert job.status == "failed"
    assert "no billing facts for 2026-11" in job.message


def test_grid_manager_may_not_close(month_inputs, login):
    assert login("gm_x").post("/appraisal/close/", {"month": "2026-10"}).status_code == 403


WHATIF = "/appraisal/whatif/?month=2026-10&scheme=grid-B-five-rates&w_churn=15&w_revenue_growth=25"


def test_a_get_with_save_creates_no_draft_scheme(month_inputs, login):
    """The old page saved a draft when a link carried ``save=1``: a GET must write nothing."""
    from wangge.appraisal.close import close_month
    from wangge.appraisal.models import Scheme, SchemeStatus

    close_month(OCT)
    page = login("marketing").get(WHATIF + "&save=1")
    assert page.status_code == 200
    assert not Scheme.objects.filter(status=SchemeStatus.DRAFT).exists()
    assert 'id="whatif-save"' in page.content.decode()  # the save is offered as a form


def test_saving_the_weights_is_a_post_that_makes_one_draft(month_inputs, login):
    from wangge.appraisal.close import close_month
    from wangge.appraisal.models import Scheme, SchemeStatus

    close_month(OCT)
    fields = {
        "month": "2026-10",
        "scheme": "grid-B-five-rates",
        "w_churn": "15",
        "w_revenue_growth": "25",
    }
    response = login("marketing").post("/appraisal/whatif/", fields)
    assert response.status_code == 302
    assert "w_churn=15" in response["Location"]
    draft = Scheme.objects.get(status=SchemeStatus.DRAFT)
    churn = next(i for i in draft.definition["indicators"] if i["key"] == "churn")
    assert churn["weight"] == "15"


def test_saving_needs_the_csrf_token(month_inputs, client, password):
    from django.test import Client

    from wangge.appraisal.close import close_month
    from wangge.appraisal.models import Scheme, SchemeStatus

    close_month(OCT)
    forged = Client(enforce_csrf_checks=True)
    log_in(forged, "marketing", password)
    fields = {"month": "2026-10", "scheme": "grid-B-five-rates", "w_churn": "15"}
    assert forged.post("/appraisal/whatif/", fields).status_code == 403
    assert not Scheme.objects.filter(status=SchemeStatus.DRAFT).exists()


def test_a_director_may_compare_but_not_save(month_inputs, login):
    from wangge.appraisal.close import close_month
    from wangge.appraisal.models import Scheme, SchemeStatus

    close_month(OCT)
    director = login("director")
    assert 'id="whatif-save"' not in director.get(WHATIF).content.decode()
    fields = {"month": "2026-10", "scheme": "grid-B-five-rates", "w_churn": "15"}
    assert director.post("/appraisal/whatif/", fields).status_code == 403
    assert not Scheme.objects.filter(status=SchemeStatus.DRAFT).exists()


def test_a_badly_typed_target_is_named_and_the_weights_still_compare(month_inputs, login):
    from wangge.appraisal.close import close_month

    close_month(OCT)
    marketing = login("marketing")
    page = marketing.get(
        "/appraisal/whatif/?month=2026-10&scheme=grid-B-five-rates&w_churn=15"
        "&w_revenue_growth=25&t_subject=LX-G02&t_indicator=churn&t_value=seventy"
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "57.5" in text  # the weights were compared
    assert "seventy 不是数字" in text  # and the target was refused by name
    assert marketing.get("/appraisal/whatif/?month=2026-13").status_code == 400
    assert marketing.get("/appraisal/whatif/?w_churn=1%002").status_code == 200  # named


def test_a_what_if_target_is_typed_in_the_unit_people_use(month_inputs, login):
    from wangge.appraisal.close import close_month

    close_month(OCT)
    page = login("marketing").get(
        "/appraisal/whatif/?month=2026-10&scheme=grid-B-five-rates"
        "&t_subject=LX-G02+%E7%BD%91%E6%A0%BCY&t_indicator=churn&t_value=70"
    )
    text = page.content.decode()
    assert "70.25" in text  # 70 means 70 %: the same as the stored 7000 of the core test


def test_the_what_if_says_which_way_the_scores_moved_and_lists_the_indicators_by_name(
    month_inputs, login
):
    from wangge.appraisal.close import close_month

    close_month(OCT)
    page = login("marketing").get(
        "/appraisal/whatif/?month=2026-10&scheme=grid-B-five-rates&w_churn=15&w_revenue_growth=25"
    )
    text = page.content.decode()
    # Z loses 12 points (69.5 → 57.5); the sentence comes before the table
    assert "个得分上升" in text and "下降最多：网格Z -12" in text
    assert text.index("whatif-outcome") < text.index('class="list whatif"')
    # the target's indicator is picked from the scheme's target items, named, with the unit
    assert '<option value="churn"' in text and "用户流失率 (%)" in text


def test_the_outcome_counts_gains_losses_and_names_the_largest_of_each():
    from wangge.appraisal.whatif import outcome

    rows = [
        {"label": "网格X", "score_delta": 3.5},
        {"label": "网格Y", "score_delta": -1.0},
        {"label": "网格Z", "score_delta": -12.0},
        {"label": "网格W", "score_delta": 0.0},
    ]
    result = outcome(rows)
    assert (result.up, result.down, result.same) == (1, 2, 1)
    assert result.best["label"] == "网格X" and result.worst["label"] == "网格Z"
    assert outcome([]).best is None
