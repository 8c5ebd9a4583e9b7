"""The tables the product exchanges between the demo generator, the intake path,
the web database loader and the analytics engines.

One definition of every column, as Arrow schemas. Money is int64 cents (分);
dates are date32; months are the first day of the month (date32). Effective-dated
links have ``valid_from`` (inclusive) and ``valid_to`` (exclusive, null = open).

On disk (the "analytics store"), under one data directory::

    dims/<table>.parquet                       one file per dimension table
    facts/subscription_month/YYYY-MM/part-NNNNN.parquet
    facts/marketing_input/YYYY-MM.parquet
    facts/complaint.parquet
    registry/registry.parquet, registry/registry_truth.parquet

Months are directories rather than Hive partitions so that a run binds exactly
the files of the months it needs, identically on DuckDB and Spark.
"""

from __future__ import annotations

import pyarrow as pa

# --- vocabularies ---------------------------------------------------------

UNIT_KINDS = ("city", "center", "county", "area", "grid", "virtual")
GRID_CLASSES = ("A", "B")
GRID_TYPES = ("residential", "small_business", "gov_enterprise", "campus", "rural")
POSTS = (
    "grid_manager",
    "community_manager",
    "business_manager",  # 商客经理, attack type
    "customer_manager",  # 客户经理, defense type
    "service_director",
    "back_office",
    "center_director",
    "marketing_department",
)
#: each post's name in English (the catalogue carries them: ``wangge.org.models.Post``)
POST_NAMES = {
    "grid_manager": "grid manager",
    "community_manager": "community manager",
    "business_manager": "business-customer manager (attack)",
    "customer_manager": "customer manager (defense)",
    "service_director": "service director",
    "back_office": "back office",
    "center_director": "center director",
    "marketing_department": "marketing department",
}
LEVELS = ("junior", "intermediate", "senior", "it_consultant")
PLACE_KINDS = ("building", "park", "cluster_market", "community", "village", "campus")
CHANNEL_KINDS = ("central_hall", "self_run_hall", "partner_hall", "agent_point")
CUSTOMER_KINDS = ("individual", "household", "business")
OWNERSHIPS = ("ours", "competitor", "potential")
PRODUCT_LINES = ("mobile", "broadband", "fixed", "iptv", "dataline")
SUBSCRIPTION_STATUSES = ("active", "suspended", "disconnected", "cancelled")

# --- dimension tables (dims/<name>.parquet) --------------------------------

UNIT = pa.schema(
    [
        ("unit_id", pa.int64()),
        ("code", pa.string()),
        ("name", pa.string()),
        ("kind", pa.string()),
        ("grid_class", pa.string()),  # A/B for grids, else null
        ("grid_type", pa.string()),  # for grids, else null
        ("urban", pa.bool_()),
        ("lon", pa.float64()),
        ("lat", pa.float64()),
        ("boundary", pa.string()),  # GeoJSON Polygon, or null
        ("households", pa.int64()),
        ("population", pa.int64()),
        ("enterprises", pa.int64()),
    ]
)
# The tree is effective-dated: a reorganisation moves a grid to another center.
UNIT_LINK = pa.schema(
    [
        ("unit_id", pa.int64()),
        ("parent_id", pa.int64()),
        ("valid_from", pa.date32()),
        ("valid_to", pa.date32()),
    ]
)
PERSON = pa.schema(
    [
        ("person_id", pa.int64()),
        ("staff_no", pa.string()),
        ("name", pa.string()),
        ("post", pa.string()),
        ("level", pa.string()),
        ("phone", pa.string()),
        ("id_number", pa.string()),
        ("hired_on", pa.date32()),
    ]
)
PERSON_UNIT = pa.schema(
    [
        ("person_id", pa.int64()),
        ("unit_id", pa.int64()),
        ("post", pa.string()),
        ("valid_from", pa.date32()),
        ("valid_to", pa.date32()),
    ]
)
PLACE = pa.schema(
    [
        ("place_id", pa.int64()),
        ("code", pa.string()),
        ("name", pa.string()),
        ("kind", pa.string()),
        ("lon", pa.float64()),
        ("lat", pa.float64()),
        ("boundary", pa.string()),  # GeoJSON Polygon, or null
        ("households", pa.int64()),
        ("enterprises", pa.int64()),
    ]
)
PLACE_GRID = pa.schema(
    [
        ("place_id", pa.int64()),
        ("grid_id", pa.int64()),
        ("valid_from", pa.date32()),
        ("valid_to", pa.date32()),
    ]
)
CHANNEL = pa.schema(
    [
        ("channel_id", pa.int64()),
        ("code", pa.string()),
        ("name", pa.string()),
        ("kind", pa.string()),
        ("lon", pa.float64()),
        ("lat", pa.float64()),
        ("grid_id", pa.int64()),  # the grid that supports it
    ]
)
CUSTOMER = pa.schema(
    [
        ("customer_id", pa.int64()),
        ("code", pa.string()),
        ("name", pa.string()),
        ("kind", pa.string()),
        ("ownership", pa.string()),
        ("place_id", pa.int64()),
        ("phone", pa.string()),
        ("id_number", pa.string()),  # ID card, or unified social credit code
        ("industry", pa.string()),  # business customers, else null
        ("address", pa.string()),
    ]
)
CUSTOMER_GRID = pa.schema(
    [
        ("customer_id", pa.int64()),
        ("grid_id", pa.int64()),
        ("valid_from", pa.date32()),
        ("valid_to", pa.date32()),
    ]
)
SUBSCRIPTION = pa.schema(
    [
        ("subscription_id", pa.int64()),
        ("customer_id", pa.int64()),
        ("product_line", pa.string()),
        ("product", pa.string()),
        ("number", pa.string()),  # phone or account number
        ("monthly_fee_cents", pa.int64()),
        ("start_date", pa.date32()),
        ("end_date", pa.date32()),  # null while in service
        ("contract_end", pa.date32()),  # null when no contract/promotion
        ("status", pa.string()),  # at the end of the generated period
        ("channel_id", pa.int64()),  # where it was sold, or null
        ("sold_by", pa.int64()),  # person_id, or null
    ]
)

# --- facts -----------------------------------------------------------------

# One row per subscription per month in which it existed (from its start month
# through the month it ended). Status is as of month end; ``status_since`` lets a
# computation tell "became disconnected this month" from "was already".
SUBSCRIPTION_MONTH = pa.schema(
    [
        ("month", pa.date32()),
        ("subscription_id", pa.int64()),
        ("customer_id", pa.int64()),
        ("product_line", pa.string()),
        ("status", pa.string()),
        ("status_since", pa.date32()),
        ("start_date", pa.date32()),
        ("billed_cents", pa.int64()),
        ("paid_cents", pa.int64()),
        ("arrears_cents", pa.int64()),  # outstanding balance at month end
        ("arrears_over_90_cents", pa.int64()),  # part of it older than 90 days
        ("usage", pa.int64()),  # MB for mobile, minutes for fixed, hours for TV
        ("complaints", pa.int32()),  # complaints opened this month
    ]
)
MARKETING_INPUT = pa.schema(
    [
        ("month", pa.date32()),
        ("grid_id", pa.int64()),
        ("commission_cents", pa.int64()),
        ("subsidy_cents", pa.int64()),
        ("promotion_cents", pa.int64()),
        ("labour_cents", pa.int64()),
    ]
)
COMPLAINT = pa.schema(
    [
        ("complaint_id", pa.int64()),
        ("customer_id", pa.int64()),
        ("subscription_id", pa.int64()),
        ("opened_at", pa.date32()),
        ("due_at", pa.date32()),
        ("resolved_at", pa.date32()),  # null while open
        ("category", pa.string()),
    ]
)

# --- business registry (工商登记) extracts -----------------------------------

REGISTRY = pa.schema(
    [
        ("registry_id", pa.int64()),
        ("credit_code", pa.string()),
        ("name", pa.string()),
        ("address", pa.string()),
        ("industry", pa.string()),
        ("registered_on", pa.date32()),
        ("capital_cents", pa.int64()),
        ("legal_person", pa.string()),
        ("phone", pa.string()),
    ]
)
# The generator's own answer key: which registry entry is which customer.
REGISTRY_TRUTH = pa.schema(
    [
        ("registry_id", pa.int64()),
        ("customer_id", pa.int64()),  # null: a prospect with no customer record
    ]
)

DIMS: dict[str, pa.Schema] = {
    "unit": UNIT,
    "unit_link": UNIT_LINK,
    "person": PERSON,
    "person_unit": PERSON_UNIT,
    "place": PLACE,
    "place_grid": PLACE_GRID,
    "channel": CHANNEL,
    "customer": CUSTOMER,
    "customer_grid": CUSTOMER_GRID,
    "subscription": SUBSCRIPTION,
}
