"""The matcher on a small demo registry whose true links are known."""

from __future__ import annotations

import pytest

from wangge.core.matching import matcher
from wangge.core.matching.sample import demo_registry, harden, truth_pairs


@pytest.fixture(scope="module")
def sample():
    return demo_registry(0.05)


@pytest.fixture(scope="module")
def prepared(sample):
    return matcher.prepare_registry(sample.registry), matcher.prepare_customers(sample.customers)


@pytest.fixture(scope="module")
def result(prepared):
    return matcher.match(*prepared)


def _truth(registry):
    return {(str(r), c) for r, c in truth_pairs(registry)}


def test_the_demo_registry_is_matched_with_high_precision_and_recall(sample, result):
    links = result.pairs[result.pairs["band"] == "match"]
    precision, recall = matcher.score(links, _truth(sample.registry))
    assert precision >= 0.95
    assert recall >= 0.9


def test_it_beats_the_exact_name_baseline(sample, prepared, result):
    truth = _truth(sample.registry)
    base_p, base_r = matcher.exact_name_baseline(*prepared, truth)
    p, r = matcher.score(result.pairs[result.pairs["band"] == "match"], truth)
    assert p > base_p + 0.3  # names repeat: equal names are mostly other companies
    assert r >= base_r - 0.05


def test_each_registry_entry_and_each_customer_is_linked_at_most_once(result):
    assert result.pairs["registry_id"].is_unique
    assert result.pairs["customer_code"].is_unique


def test_pairs_carry_probability_band_and_the_fields_that_agreed(result):
    pairs = result.pairs
    assert set(pairs["band"]) <= {"match", "review"}
    assert (pairs["probability"] >= matcher.REVIEW_FLOOR).all()
    assert ((pairs["band"] == "match") == (pairs["probability"] >= matcher.DEFAULT_THRESHOLD)).all()
    agreed = pairs.loc[pairs["band"] == "match", "agreed"].str.split(",")
    assert agreed.map(lambda fields: set(fields) <= set(matcher.FIELDS)).all()
    assert agreed.map(len).min() >= 2  # no link on one field alone


def test_the_same_inputs_give_the_same_pairs(prepared, result):
    again = matcher.match(*prepared)
    assert again.pairs.equals(result.pairs)


def test_review_decisions_are_kept_a_rejected_pair_is_not_proposed_again(prepared, result):
    first = result.pairs.iloc[0]
    key = (first["registry_id"], first["customer_code"])
    rerun = matcher.match(*prepared, decisions={key: False})
    kept = set(zip(rerun.pairs["registry_id"], rerun.pairs["customer_code"], strict=True))
    assert key not in kept


def test_the_harder_registry_still_matches_on_a_generous_floor(sample):
    hard = harden(sample.registry)
    reg = matcher.prepare_registry(hard)
    assert reg["name"].str.contains("華|為|技術|東").sum() == 0  # simplified before comparing
    res = matcher.match(reg, matcher.prepare_customers(sample.customers))
    precision, recall = matcher.score(res.pairs[res.pairs["band"] == "match"], _truth(hard))
    assert precision >= 0.93
    assert recall >= 0.85
