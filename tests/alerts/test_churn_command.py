"""``wangge churn evaluate``: any labelled churn CSV in, both models' figures out."""

import json

import pytest
from django.core.management import CommandError, call_command

from tests.core.churn.conftest import telecom_table


@pytest.fixture
def churn_csv(tmp_path):
    path = tmp_path / "telco.csv"
    telecom_table(n=900).to_csv(path, index=False, encoding="utf-8-sig")
    return path


def test_evaluate_prints_the_model_and_the_baseline_side_by_side(churn_csv, capsys):
    call_command("churn", "evaluate", str(churn_csv), "--label", "Churn", "--id", "customerID")
    out = capsys.readouterr().out
    assert "900 行 rows" in out and "5 折分层交叉验证" in out
    assert "ROC AUC" in out and "前10%提升度" in out and "Brier" in out
    assert "Country" in out  # the constant column set aside is said


def test_evaluate_as_json_carries_every_measure(churn_csv, capsys):
    call_command("churn", "evaluate", str(churn_csv), "--label", "Churn", "--folds", "3", "--json")
    figures = json.loads(capsys.readouterr().out)
    assert figures["rows"] == 900 and figures["folds"] == 3
    for side in ("model", "baseline"):
        assert set(figures[side]) == {"roc_auc", "pr_auc", "top_decile_lift", "brier"}
    assert figures["model"]["roc_auc"] > 0.7


def test_bad_input_is_a_clear_message(churn_csv, tmp_path):
    with pytest.raises(CommandError, match="no column 'churned'"):
        call_command("churn", "evaluate", str(churn_csv), "--label", "churned")
    with pytest.raises(CommandError, match="no such file"):
        call_command("churn", "evaluate", str(tmp_path / "none.csv"), "--label", "Churn")
    with pytest.raises(CommandError, match="column tenure"):
        call_command("churn", "evaluate", str(churn_csv), "--label", "tenure")
