"""``wangge churn``: the churn-risk model.

wangge churn evaluate FILE --label COLUMN [--id COLUMN] [--folds 5] [--seed N] [--json]

Trains and judges the model and its logistic baseline on any labelled churn table
(one row per customer, CSV in UTF-8 or GB18030) by stratified cross-validation, and
prints ROC AUC, PR AUC, top-decile lift and the Brier score of both.

wangge churn train [--until YYYY-MM] [--validate N] [--train-months N] [--approve]

Trains on the analytics store's own history with a time split (the older months to
learn from, the latest labelled months to judge on) and keeps the result as a new
model version with its metrics and data window.

wangge churn approve VERSION

Makes that version the one ``wangge alerts run`` scores with.
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


def _month(text: str):
    import argparse

    from wangge.core import months

    try:
        return months.parse_month(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"a month is written YYYY-MM, not {text!r}") from exc


class Command(BaseCommand):
    help = (
        "The churn-risk model: evaluate it on a labelled table, train it on the history, "
        "approve a version."
    )

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

        train = sub.add_parser(
            "train", help="train on the store's monthly history and keep a model version"
        )
        train.add_argument(
            "--until", type=_month, help="last month of facts to use (default: the latest)"
        )
        train.add_argument(
            "--validate", type=int, default=1, help="latest labelled months to judge on"
        )
        train.add_argument(
            "--train-months", type=int, default=6, help="months before them to learn from"
        )
        train.add_argument("--engine", choices=("duckdb", "spark"), help="default: $WANGGE_ENGINE")
        train.add_argument("--store", type=Path, help="default: $WANGGE_DATA_DIR/store")
        train.add_argument("--approve", action="store_true", help="approve the new version at once")
        approve = sub.add_parser("approve", help="approve a model version for scoring")
        approve.add_argument("version", type=int, help="the version number (id)")

    def handle(self, *args, **options):
        if options["action"] == "train":
            return self._train(options)
        if options["action"] == "approve":
            return self._approve(options["version"])
        return self._evaluate(options)

    def _train(self, options):
        from wangge.alerts.versions import save_version
        from wangge.analytics.churn import train
        from wangge.core.churn.history import HistoryError

        if options["validate"] < 1 or options["train_months"] < 1:
            raise CommandError("--validate and --train-months: at least 1")
        try:
            trained = train(
                options["store"],
                options["until"],
                options["engine"],
                validate=options["validate"],
                train_months=options["train_months"],
            )
        except (HistoryError, FileNotFoundError) as exc:
            raise CommandError(str(exc)) from exc
        version = save_version(trained, approve=options["approve"])
        self.stdout.write(
            f"模型版本 model version v{version.pk}: 训练 train "
            f"{version.train_from:%Y-%m}..{version.train_to:%Y-%m} "
            f"({trained.rows['train']:,} 行 rows, "
            f"{trained.positives['train']:,} 流失 churned), 验证 validate "
            f"{version.validate_from:%Y-%m}..{version.validate_to:%Y-%m} "
            f"({trained.rows['validate']:,} 行 rows)"
            + (" · 已批准 approved" if version.approved else "")
        )
        self.stdout.write(f"{'':34}{'模型 LightGBM':>14}{'基线 logistic':>14}")
        for key, name in MEASURES:
            m = trained.metrics["model"][key]
            b = trained.metrics.get("logistic", {}).get(key, float("nan"))
            self.stdout.write(f"{name:34}{m:>14.4f}{b:>14.4f}")

    def _approve(self, pk: int):
        from wangge.alerts.versions import approve

        try:
            version = approve(pk)
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"已批准 approved: v{version.pk}")

    def _evaluate(self, options):
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
