"""Link registry entries to business customers: Splink on DuckDB, one-to-one, with a review band.

Blocking keeps the candidate pairs to those sharing a credit code, a name core
on one road, or the name's first or last two characters at one door number,
so 200,000 × 100,000 stays about two million pairs. The model's u
probabilities come from random sampling (seeded), its m probabilities from
expectation maximisation on two blocking rules, each
rule training the fields it does not fix; the same inputs give the same pairs.
Each registry entry and each customer is then linked at most once, best
probability first, since a registry entry is one company and so is a customer.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
import pyarrow as pa

from wangge.core.matching.normalise import credit_code, normalise_name, tokenise_address

FIELDS = ("name", "credit", "district", "road", "number", "building", "phone")
DEFAULT_THRESHOLD = 0.5
REVIEW_FLOOR = 0.2
SEED = 20261


@dataclass(frozen=True)
class MatchResult:
    pairs: pd.DataFrame  # registry_id, customer_code, probability, agreed, band
    candidates: int  # pairs Splink scored


def prepare(
    ids: Iterable, names: Iterable, credit: Iterable, addresses: Iterable, phones: Iterable
) -> pd.DataFrame:
    """One row per record with the normalised columns the model compares."""
    rows = []
    cache: dict[str, tuple] = {}
    for uid, name, code, address, phone in zip(ids, names, credit, addresses, phones, strict=True):
        key = name or ""
        if key not in cache:
            n = normalise_name(key)
            cache[key] = (n.core or None, n.core[:2] or None, n.core[-2:] or None)
        core, prefix, suffix = cache[key]
        a = tokenise_address(address)
        rows.append(
            (
                str(uid),
                core,
                prefix,
                suffix,
                credit_code(code) or None,
                a.district or None,
                a.road or None,
                a.number,
                a.building or None,
                phone or None,
            )
        )
    cols = [
        "unique_id",
        "name",
        "name_prefix",
        "name_suffix",
        "credit",
        "district",
        "road",
        "number",
    ]
    return pd.DataFrame(rows, columns=[*cols, "building", "phone"]).astype({"number": "Int64"})


def prepare_registry(registry: pa.Table) -> pd.DataFrame:
    c = registry.column
    phones = c("phone").to_pylist() if "phone" in registry.column_names else [None] * len(registry)
    return prepare(
        c("registry_id").to_pylist(),
        c("name").to_pylist(),
        c("credit_code").to_pylist(),
        c("address").to_pylist(),
        phones,
    )


def prepare_customers(customers: pa.Table) -> pd.DataFrame:
    c = customers.column
    return prepare(
        c("code").to_pylist(),
        c("name").to_pylist(),
        c("id_number").to_pylist(),
        c("address").to_pylist(),
        c("phone").to_pylist(),
    )


def _settings():
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    return SettingsCreator(
        link_type="link_only",
        unique_id_column_name="unique_id",
        blocking_rules_to_generate_predictions=[
            block_on("credit"),
            block_on("name", "road"),
            block_on("name_prefix", "road", "number"),
            block_on("name_suffix", "road", "number"),
        ],
        comparisons=[
            cl.JaroWinklerAtThresholds("name", [0.92, 0.8]),
            # set, not trained: EM takes a same-named neighbour for the company
            # and learns that codes disagree; a code is kept, or mistyped once
            cl.CustomComparison(
                output_column_name="credit",
                comparison_levels=[
                    cll.NullLevel("credit"),
                    cll.ExactMatchLevel("credit").configure(
                        m_probability=0.788, fix_m_probability=True
                    ),
                    cll.LevenshteinLevel("credit", 2).configure(
                        m_probability=0.2, fix_m_probability=True
                    ),
                    cll.ElseLevel().configure(m_probability=0.002, fix_m_probability=True),
                ],
            ),
            cl.ExactMatch("district"),
            cl.JaroWinklerAtThresholds("road", [0.9]),
            cl.CustomComparison(
                output_column_name="number",
                comparison_levels=[
                    cll.NullLevel("number"),
                    cll.ExactMatchLevel("number"),
                    cll.CustomLevel('abs("number_l" - "number_r") <= 3', "within 3"),
                    cll.ElseLevel(),
                ],
            ),
            cl.JaroWinklerAtThresholds("building", [0.9]),
            cl.ExactMatch("phone"),
        ],
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=False,
    )


def match(
    registry: pd.DataFrame,
    customers: pd.DataFrame,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    review_floor: float = REVIEW_FLOOR,
    decisions: dict[tuple[str, str], bool] | None = None,
) -> MatchResult:
    """Pairs (registry_id, customer_code) linked one-to-one, with probability and agreed fields.

    ``band`` is "match" at or above ``threshold`` and "review" between
    ``review_floor`` and it. ``decisions`` are earlier reviews: an accepted
    pair is a match whatever its score (its ``agreed`` is "reviewed"), a rejected
    one is never proposed.
    """
    from splink import DuckDBAPI, Linker, block_on

    logging.getLogger("splink").setLevel(logging.WARNING)
    db = DuckDBAPI()
    db._execute_sql_against_backend("SET threads TO 2")
    left = db.register(registry, dataset_display_name="registry")
    right = db.register(customers, dataset_display_name="customers")
    linker = Linker([left, right], _settings(), log_level=None)
    linker.training.estimate_probability_two_random_records_match([block_on("credit")], recall=0.6)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=SEED)
    for rule in (block_on("credit"), block_on("name", "road")):
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(rule)
        except ValueError:
            # a small file can leave a level with no pairs (m = 0); the other
            # session and the defaults still give a usable model
            continue
    scored = linker.inference.predict(threshold_match_probability=review_floor / 4)
    raw = db._execute_sql_against_backend(f"select * from {scored.physical_name}").df()
    weights = [f"mw_{f}" for f in FIELDS]
    for w in weights:
        if w not in raw:  # a comparison left untrained carries no weight column
            raw[w] = 0.0
    candidates = len(raw)
    # orient every pair registry → customer
    flip = raw["source_dataset_l"] != "registry"
    reg_id = raw["unique_id_l"].where(~flip, raw["unique_id_r"])
    cust = raw["unique_id_r"].where(~flip, raw["unique_id_l"])
    # a field agreed when its level made the pair more likely
    agreed = [
        ",".join(f for f, w in zip(FIELDS, vals, strict=True) if w > 0)
        for vals in raw[weights].itertuples(index=False, name=None)
    ]
    pairs = pd.DataFrame(
        {
            "registry_id": reg_id.astype(str),
            "customer_code": cust.astype(str),
            # rounded: DuckDB's parallel sums differ in the last bits run to run
            "probability": raw["match_probability"].astype(float).round(6),
            "agreed": agreed,
        }
    )
    if decisions:
        ids_r, ids_c = set(registry["unique_id"]), set(customers["unique_id"])
        key = list(zip(pairs["registry_id"], pairs["customer_code"], strict=True))
        verdict = pd.Series([decisions.get(k) for k in key], index=pairs.index)
        pairs.loc[verdict.eq(True), "probability"] = 1.0
        pairs.loc[verdict.eq(True), "agreed"] = "reviewed"
        pairs = pairs[~verdict.eq(False)]
        # an accepted pair Splink did not even propose (its fields changed since) is a link too
        scored = set(key)
        extra = [
            k
            for k, accepted in decisions.items()
            if accepted and k not in scored and k[0] in ids_r and k[1] in ids_c
        ]
        if extra:
            pairs = pd.concat(
                [
                    pairs,
                    pd.DataFrame(
                        {
                            "registry_id": [k[0] for k in extra],
                            "customer_code": [k[1] for k in extra],
                            "probability": 1.0,
                            "agreed": "reviewed",
                        }
                    ),
                ],
                ignore_index=True,
            )
    pairs = one_to_one(pairs)
    pairs = pairs[pairs["probability"] >= review_floor].copy()
    pairs["band"] = ["match" if p >= threshold else "review" for p in pairs["probability"]]
    return MatchResult(pairs.reset_index(drop=True), candidates)


def one_to_one(pairs: pd.DataFrame) -> pd.DataFrame:
    """Greedy assignment, best probability first, ties by ids (deterministic)."""
    ordered = pairs.sort_values(
        ["probability", "registry_id", "customer_code"], ascending=[False, True, True]
    )
    ordered = ordered.drop_duplicates("registry_id")
    return ordered.drop_duplicates("customer_code")


def exact_name_baseline(
    registry: pd.DataFrame, customers: pd.DataFrame, truth: set[tuple[str, str]]
) -> tuple[float, float]:
    """(precision, recall) of the baseline that links every pair whose normalised names are equal.

    Names repeat (a city holds hundreds of 金桥机械), so this finds most true
    links among very many false ones. Counted per name, not pair by pair, since
    the pairs run to tens of millions at benchmark size.
    """
    r = registry["name"].dropna().value_counts()
    c = customers["name"].dropna().value_counts()
    found = int((r * c.reindex(r.index, fill_value=0)).sum())
    name_r = registry.set_index("unique_id")["name"]
    name_c = customers.set_index("unique_id")["name"]
    hits = sum(
        1
        for reg_id, code in truth
        if reg_id in name_r.index
        and code in name_c.index
        and pd.notna(name_r[reg_id])
        and name_r[reg_id] == name_c[code]
    )
    precision = hits / found if found else 1.0
    recall = hits / len(truth) if truth else 1.0
    return precision, recall


def score(found: pd.DataFrame, truth: set[tuple[str, str]]) -> tuple[float, float]:
    """(precision, recall) of found pairs against the true (registry_id, customer_code) pairs."""
    got = set(zip(found["registry_id"].astype(str), found["customer_code"], strict=True))
    hits = len(got & truth)
    precision = hits / len(got) if got else 1.0
    recall = hits / len(truth) if truth else 1.0
    return precision, recall
