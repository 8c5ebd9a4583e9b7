"""``wangge churn``: the churn-risk model.

wangge churn evaluate FILE --label COLUMN [--id COLUMN] [--folds 5] [--seed N] [--json]

Trains and judges the model and its logistic baseline on any labelled churn table
(one row per customer, CSV in UTF-8 or GB18030) by stratified cross-validation, and
prints ROC AUC, PR AUC, top-decile lift and the Brier score of both.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wangge.core.churn.evaluate import cross_validate
from wangge.core.churn.model import SEED
from wangge.core.churn.table import TableError, load

MEASURES = [
    ("roc_auc", "ROC AUC"),
    ("pr_auc", "PR AUC"),
    ("top_decile_lift", "前10%提升度 top-decile lift"),
    ("brier", "Brier 分数 Brier score"),
]


class Command(BaseCommand):
    help = "The churn-risk model: evaluate it on a labelled table (one row per customer)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        evaluate = sub.add_parser(
            "evaluate",
            help="cross-validate the model and the logistic baseline on a labelled CSV",
        )
        evaluate.add_argument("file", type=Path, help="CSV, one row per customer")
        evaluate.add_argument(
            "--label", required=True, help="the churn column (Yes/No, True/False, 1/0)"
        )
        evaluate.add_argument("--id", dest="id_column", help="an identifier column to ignore")
        evaluate.add_argument("--folds", type=int, default=5, help="cross-validation folds")
        evaluate.add_argument("--seed", type=int, default=SEED, help="seed of the fold split")
        evaluate.add_argument("--json", action="store_true", help="print the figures as JSON")

    def handle(self, *args, **options):
        path = options["file"]
        if not path.exists():
            raise CommandError(f"{path}: 文件不存在 no such file")
        if options["folds"] < 2:
            raise CommandError("--folds: at least 2")
        try:
            table = load(path, options["label"], options["id_column"])
            result = cross_validate(table, folds=options["folds"], seed=options["seed"])
        except (TableError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "rows": result.rows,
                        "positives": result.positives,
                        "folds": options["folds"],
                        "notes": table.notes,
                        "model": result.model.as_dict(),
                        "baseline": result.baseline.as_dict(),
                        "model_spread": result.model_spread.as_dict(),
                        "baseline_spread": result.baseline_spread.as_dict(),
                    },
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return
        self.stdout.write(
            f"{path.name}: {result.rows} 行 rows, {result.positives} 流失 churned "
            f"({result.positives / result.rows:.1%}); "
            f"{len(table.numeric)} 数值列 numeric, {len(table.categorical)} 类别列 categorical; "
            f"{options['folds']} 折分层交叉验证 stratified folds"
        )
        for note in table.notes:
            self.stdout.write(f"  · {note}")
        self.stdout.write(f"{'':34}{'模型 LightGBM':>22}{'基线 logistic':>22}")
        for key, name in MEASURES:
            m, b = result.model.as_dict()[key], result.baseline.as_dict()[key]
            ms, bs = result.model_spread.as_dict()[key], result.baseline_spread.as_dict()[key]
            self.stdout.write(f"{name:34}{m:>14.4f} ± {ms:.4f}{b:>14.4f} ± {bs:.4f}")
