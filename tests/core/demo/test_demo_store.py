"""The generated store as its readers see it: layout, schemas, links, money, determinism."""

from __future__ import annotations

import json
from datetime import date

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
import shapely
from shapely.geometry import shape

from wangge.core import schema
from wangge.core.demo import generate


def test_layout_on_disk(small, end_month):
    root = small.out_dir
    for name in schema.DIMS:
        assert (root / "dims" / f"{name}.parquet").is_file()
    months = sorted(p.name for p in (root / "facts" / "subscription_month").iterdir())
    assert months == ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]
    assert all(
        list((root / "facts" / "subscription_month" / m).glob("part-*.parquet")) for m in months
    )
    marketing = sorted(p.name for p in (root / "facts" / "marketing_input").iterdir())
    assert marketing == [f"{m}.parquet" for m in months]
    assert (root / "facts" / "complaint.parquet").is_file()
    assert (root / "registry" / "registry.parquet").is_file()
    assert (root / "registry" / "registry_truth.parquet").is_file()
    assert small.end_month == end_month


def test_every_file_has_exactly_its_schema(small):
    root = small.out_dir
    for name, sch in schema.DIMS.items():
        assert pq.read_schema(root / "dims" / f"{name}.parquet").equals(sch), name
    for part in (root / "facts" / "subscription_month").rglob("*.parquet"):
        assert pq.read_schema(part).equals(schema.SUBSCRIPTION_MONTH), part
    for part in (root / "facts" / "marketing_input").glob("*.parquet"):
        assert pq.read_schema(part).equals(schema.MARKETING_INPUT), part
    assert pq.read_schema(root / "facts" / "complaint.parquet").equals(schema.COMPLAINT)
    assert pq.read_schema(root / "registry" / "registry.parquet").equals(schema.REGISTRY)
    assert pq.read_schema(root / "registry" / "registry_truth.parquet").equals(
        schema.REGISTRY_TRUTH
    )


def test_money_is_int64_cents_everywhere():
    for sch in [
        *schema.DIMS.values(),
        schema.SUBSCRIPTION_MONTH,
        schema.MARKETING_INPUT,
        schema.REGISTRY,
    ]:
        for f in sch:
            if f.name.endswith("_cents"):
                assert f.type == pa.int64(), f.name


def test_summary_counts_match_the_files(small, read):
    for name in schema.DIMS:
        assert read(small.out_dir / "dims" / f"{name}.parquet").num_rows == small.rows[name]
    assert read(small.paths["subscription_month"]).num_rows == small.rows["subscription_month"]
    assert read(small.paths["marketing_input"]).num_rows == small.rows["marketing_input"]


def test_tree_has_city_centers_counties_areas_and_a_virtual_unit(small, read):
    unit = read(small.out_dir / "dims" / "unit.parquet").to_pylist()
    kinds = [u["kind"] for u in unit]
    assert kinds.count("city") == 1
    assert kinds.count("center") == 6 and kinds.count("county") == 4
    assert kinds.count("virtual") == 1
    assert all(u["urban"] for u in unit if u["kind"] == "center")
    assert not any(u["urban"] for u in unit if u["kind"] == "county")
    grids = [u for u in unit if u["kind"] == "grid"]
    assert {g["grid_class"] for g in grids} <= {"A", "B"}
    assert {g["grid_type"] for g in grids} <= set(schema.GRID_TYPES)
    assert all(g["grid_type"] != "rural" or not g["urban"] for g in grids)


def test_every_grid_has_people_places_and_customers(small, read):
    root = small.out_dir / "dims"
    grids = set(
        pc.filter(
            read(root / "unit.parquet"), pc.equal(read(root / "unit.parquet")["kind"], "grid")
        )["unit_id"].to_pylist()
    )
    pu = read(root / "person_unit.parquet").to_pylist()
    open_posts: dict[int, list[str]] = {}
    for row in pu:
        if row["valid_to"] is None:
            open_posts.setdefault(row["unit_id"], []).append(row["post"])
    for g in grids:
        posts = open_posts.get(g, [])
        assert "grid_manager" in posts and len(posts) >= 2, g
    assert set(read(root / "place_grid.parquet")["grid_id"].to_pylist()) == grids
    assert set(read(root / "customer_grid.parquet")["grid_id"].to_pylist()) == grids
    virtual = [
        u["unit_id"] for u in read(root / "unit.parquet").to_pylist() if u["kind"] == "virtual"
    ]
    assert len(open_posts.get(virtual[0], [])) >= 2


def test_grids_of_a_district_do_not_overlap_and_places_lie_in_their_grid(small, read):
    root = small.out_dir / "dims"
    unit = {u["unit_id"]: u for u in read(root / "unit.parquet").to_pylist()}
    parent = {
        r["unit_id"]: r["parent_id"]
        for r in read(root / "unit_link.parquet").to_pylist()
        if r["valid_to"] is None
    }
    polys = {
        uid: shape(json.loads(u["boundary"])) for uid, u in unit.items() if u["kind"] == "grid"
    }

    def district(uid: int) -> int:
        while unit[uid]["kind"] not in ("center", "county"):
            uid = parent[uid]
        return uid

    by_district: dict[int, list[int]] = {}
    for uid in polys:
        by_district.setdefault(district(uid), []).append(uid)
    for members in by_district.values():
        for i, a in enumerate(members):
            assert polys[a].is_valid
            for b in members[i + 1 :]:
                assert polys[a].intersection(polys[b]).area < 1e-10
    places = {p["place_id"]: p for p in read(root / "place.parquet").to_pylist()}
    for link in read(root / "place_grid.parquet").to_pylist():
        p = places[link["place_id"]]
        assert polys[link["grid_id"]].contains(shapely.Point(p["lon"], p["lat"])), p["place_id"]


def test_customers_follow_their_place_and_ours_hold_the_subscriptions(small, read):
    root = small.out_dir / "dims"
    place_grid = {
        r["place_id"]: r["grid_id"] for r in read(root / "place_grid.parquet").to_pylist()
    }
    cust = read(root / "customer.parquet")
    cg = dict(
        zip(
            *[
                read(root / "customer_grid.parquet")[c].to_pylist()
                for c in ("customer_id", "grid_id")
            ],
            strict=True,
        )
    )
    for cid, pid in zip(cust["customer_id"].to_pylist(), cust["place_id"].to_pylist(), strict=True):
        assert cg[cid] == place_grid[pid]
    owner = dict(zip(cust["customer_id"].to_pylist(), cust["ownership"].to_pylist(), strict=True))
    subs = read(root / "subscription.parquet")
    assert {owner[c] for c in subs["customer_id"].to_pylist()} == {"ours"}
    ours = {c for c, o in owner.items() if o == "ours"}
    assert ours == set(subs["customer_id"].to_pylist())
    assert set(owner.values()) == set(schema.OWNERSHIPS)


def test_identity_fields_look_real(small, read):
    from wangge.core.demo.names import id_is_valid, uscc_is_valid

    people = read(small.out_dir / "dims" / "person.parquet").to_pylist()
    for p in people:
        assert len(p["phone"]) == 11 and p["phone"][:2] in ("13", "15", "18")
        assert id_is_valid(p["id_number"])
    cust = read(small.out_dir / "dims" / "customer.parquet").to_pylist()
    for c in cust:
        assert len(c["phone"]) == 11 and c["phone"][:2] in ("13", "15", "18")
        assert len(c["id_number"]) == 18
        if c["kind"] != "business":
            assert id_is_valid(c["id_number"])
            assert c["industry"] is None
    codes = [c["id_number"] for c in cust if c["kind"] == "business"]
    valid_uscc = sum(uscc_is_valid(x) for x in codes)
    assert 0.3 * len(codes) < valid_uscc < 0.9 * len(codes)


def test_monthly_facts_are_consistent(small, read):
    facts = read(small.paths["subscription_month"])
    months = pc.unique(facts["month"]).to_pylist()
    assert len(months) == 6 and all(m.day == 1 for m in months)
    assert pc.all(pc.greater_equal(facts["arrears_cents"], facts["arrears_over_90_cents"])).as_py()
    assert pc.min(facts["arrears_over_90_cents"]).as_py() >= 0
    assert pc.min(facts["billed_cents"]).as_py() >= 0
    assert set(pc.unique(facts["status"]).to_pylist()) <= set(schema.SUBSCRIPTION_STATUSES)
    ended = pc.is_in(facts["status"], pa.array(["disconnected", "cancelled"]))
    since = facts.filter(ended)
    month_end = pc.add(since["month"].cast(pa.int32()), 31)
    assert pc.all(pc.less(since["status_since"].cast(pa.int32()), month_end)).as_py()
    keys = pc.binary_join_element_wise(
        pc.cast(facts["subscription_id"], pa.string()), pc.cast(facts["month"], pa.string()), "/"
    )
    assert len(pc.unique(keys)) == facts.num_rows
    subs = read(small.out_dir / "dims" / "subscription.parquet")
    assert set(subs["status"].to_pylist()) <= set(schema.SUBSCRIPTION_STATUSES)
    churned = subs.filter(pc.is_in(subs["status"], pa.array(["disconnected", "cancelled"])))
    assert churned.num_rows > 0 and churned["end_date"].null_count == 0
    assert (
        subs.filter(pc.equal(subs["status"], "active"))["end_date"].null_count
        == subs.filter(pc.equal(subs["status"], "active")).num_rows
    )


def test_complaints_match_the_monthly_counts(small, read):
    facts = read(small.paths["subscription_month"])
    complaints = read(small.out_dir / "facts" / "complaint.parquet")
    assert complaints.num_rows == pc.sum(facts["complaints"]).as_py()
    rows = complaints.to_pylist()
    assert all(r["due_at"] > r["opened_at"] for r in rows)
    assert any(r["resolved_at"] is None for r in rows)
    assert any(r["resolved_at"] is not None and r["resolved_at"] > r["due_at"] for r in rows)


def test_registry_answer_key_covers_customers_and_prospects(small, read):
    reg = read(small.out_dir / "registry" / "registry.parquet")
    truth = read(small.out_dir / "registry" / "registry_truth.parquet")
    assert reg["registry_id"].to_pylist() == truth["registry_id"].to_pylist()
    assert 0 < truth["customer_id"].null_count < truth.num_rows
    cust = {
        c["customer_id"]: c for c in read(small.out_dir / "dims" / "customer.parquet").to_pylist()
    }
    pairs = [
        (r, cust[t["customer_id"]])
        for r, t in zip(reg.to_pylist(), truth.to_pylist(), strict=True)
        if t["customer_id"]
    ]
    assert all(c["kind"] == "business" for _, c in pairs)
    same_name = sum(r["name"] == c["name"] for r, c in pairs)
    same_address = sum(r["address"] == c["address"] for r, c in pairs)
    same_code = sum(r["credit_code"] == c["id_number"] for r, c in pairs)
    assert 0 < same_name < len(pairs)
    assert same_address < len(pairs) * 0.2
    assert 0.3 * len(pairs) < same_code < 0.8 * len(pairs)


def test_marketing_inputs_cover_every_grid_every_month(small, read):
    mi = read(small.paths["marketing_input"])
    grids = read(small.out_dir / "dims" / "unit.parquet").filter(
        pc.equal(read(small.out_dir / "dims" / "unit.parquet")["kind"], "grid")
    )
    assert mi.num_rows == grids.num_rows * 6
    for col in ("commission_cents", "subsidy_cents", "promotion_cents", "labour_cents"):
        assert pc.min(mi[col]).as_py() >= 0
    assert pc.min(mi["labour_cents"]).as_py() > 0


def test_same_seed_same_tables_other_seed_other_tables(small, tmp_path, read, end_month):
    again = generate(tmp_path / "again", scale=0.05, months=6, end_month=end_month)
    other = generate(tmp_path / "other", scale=0.05, months=6, end_month=end_month, seed=7)
    rel = [
        *(f"dims/{n}.parquet" for n in schema.DIMS),
        "facts/complaint.parquet",
        "registry/registry.parquet",
        "registry/registry_truth.parquet",
        "facts/subscription_month",
        "facts/marketing_input",
    ]
    for r in rel:
        assert read(small.out_dir / r).equals(read(again.out_dir / r)), r
    assert not read(small.out_dir / "dims/customer.parquet").equals(
        read(other.out_dir / "dims/customer.parquet")
    )
    assert not read(small.out_dir / "facts/subscription_month").equals(
        read(other.out_dir / "facts/subscription_month")
    )


def test_refuses_to_mix_with_an_existing_store(small, end_month):
    with pytest.raises(FileExistsError):
        generate(small.out_dir, scale=0.05, months=6, end_month=end_month)


def test_small_batches_stream_into_several_parts_with_the_same_totals(tmp_path, read):
    calls: list[tuple[str, int, int]] = []
    s = generate(
        tmp_path,
        scale=0.05,
        months=3,
        end_month=date(2026, 3, 1),
        batch_subscriptions=3_000,
        progress=lambda stage, done, total: calls.append((stage, done, total)),
    )
    assert s.batches > 2
    parts = list((tmp_path / "facts" / "subscription_month" / "2026-03").glob("part-*.parquet"))
    assert len(parts) == s.batches
    assert s.rows["subscription"] == 15_000 and s.rows["customer"] == 10_000
    ids = read(tmp_path / "dims" / "subscription.parquet")["subscription_id"].to_numpy()
    assert (np.diff(ids) == 1).all() and ids[0] == 1
    stages = [c[0] for c in calls]
    assert stages[0] == "city" and stages[-1] == "marketing"
    assert ("customers", s.batches, s.batches) in calls
    sub_calls = [c for c in calls if c[0] == "subscriptions"]
    assert sub_calls[-1][1] == sub_calls[-1][2] == s.batches * 3
