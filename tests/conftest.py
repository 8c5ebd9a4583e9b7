"""A small hand-built city that the Django-side tests read like a story.

济南市 ─ 历下中心 ─ 网格X (A, residential): 王网格 (grid manager), 李社区 (community manager)
       │          └ 网格Y (B, small business): 赵网格 (grid manager)
       └ 市中中心 ─ 网格Z: nobody
Customers: 张三 in X, 李四 in Y, 王五 in Z. Everything valid from 2025-01-01.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

D0 = date(2025, 1, 1)
PASSWORD = "pw-for-tests"


@pytest.fixture
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def city(db, _fast_passwords):
    from django.contrib.auth import get_user_model

    from wangge.customers.models import Customer, CustomerGrid, Subscription
    from wangge.org.models import Assignment, Person, Unit, UnitLink
    from wangge.org.roles import grant_role
    from wangge.territory.models import Channel, Place, PlaceGrid

    def unit(code, name, kind, parent=None, **kw):
        u = Unit.objects.create(code=code, name=name, kind=kind, **kw)
        if parent is not None:
            UnitLink.objects.create(unit=u, parent=parent, valid_from=D0)
        return u

    square = {
        "type": "Polygon",
        "coordinates": [
            [[117.0, 36.6], [117.1, 36.6], [117.1, 36.7], [117.0, 36.7], [117.0, 36.6]]
        ],
    }
    c = unit("JN", "济南市", "city")
    lixia = unit("LX", "历下中心", "center", c)
    shizhong = unit("SZ", "市中中心", "center", c)
    x = unit(
        "LX-G01",
        "网格X",
        "grid",
        lixia,
        grid_class="A",
        grid_type="residential",
        households=1200,
        boundary=square,
        lon=117.05,
        lat=36.65,
    )
    y = unit(
        "LX-G02", "网格Y", "grid", lixia, grid_class="B", grid_type="small_business", households=800
    )
    z = unit("SZ-G01", "网格Z", "grid", shizhong, grid_class="B", grid_type="residential")
    User = get_user_model()

    def person(staff_no, name, post, role, where, username=None):
        p = Person.objects.create(
            staff_no=staff_no, name=name, post=post, role=role, phone="13912345678"
        )
        Assignment.objects.create(person=p, unit=where, post=post, valid_from=D0)
        if username:
            user = User.objects.create_user(username, password=PASSWORD)
            grant_role(user, role)
            p.user = user
            p.save()
        return p

    people = {
        "gm_x": person("S001", "王网格", "grid_manager", "grid_manager", x, "gm_x"),
        "cm_x": person("S002", "李社区", "community_manager", "frontline", x, "cm_x"),
        "gm_y": person("S003", "赵网格", "grid_manager", "grid_manager", y, "gm_y"),
        "director": person(
            "S004", "陈主任", "center_director", "center_director", lixia, "director"
        ),
        "marketing": person("S005", "周市场", "marketing_department", "marketing", c, "marketing"),
        "auditor": person("S006", "吴审计", "marketing_department", "auditor", c, "auditor"),
    }
    place_x = Place.objects.create(
        code="P1", name="阳光小区", kind="community", lon=117.05, lat=36.65, households=600
    )
    PlaceGrid.objects.create(place=place_x, grid=x, valid_from=D0)
    Channel.objects.create(
        code="C1", name="历下营业厅", kind="central_hall", lon=117.06, lat=36.66, grid=x
    )

    def customer(code, name, grid, phone):
        cu = Customer.objects.create(
            code=code,
            name=name,
            kind="individual",
            ownership="ours",
            phone=phone,
            id_number="370102199001011234",
            place=place_x if grid == x else None,
        )
        CustomerGrid.objects.create(customer=cu, grid=grid, valid_from=D0)
        Subscription.objects.create(
            customer=cu,
            product_line="mobile",
            product="畅享套餐",
            number=phone,
            monthly_fee_cents=12800,
            start_date=D0,
            status="active",
        )
        return cu

    customers = {
        "zhang": customer("K1", "张三", x, "13812341234"),
        "li": customer("K2", "李四", y, "13812345678"),
        "wang": customer("K3", "王五", z, "13887654321"),
    }
    return {
        "units": {"city": c, "lixia": lixia, "shizhong": shizhong, "x": x, "y": y, "z": z},
        "people": people,
        "customers": customers,
    }


def log_in(client, username: str, password: str = PASSWORD) -> bool:
    """``client.login`` as the log-in form does it: with a request, which the throttling
    backend (django-axes) requires of every password check."""
    from django.test import RequestFactory

    request = RequestFactory().post("/login/")
    return client.login(request=request, username=username, password=password)


@pytest.fixture
def login(client):
    def as_user(username):
        assert log_in(client, username)
        return client

    return as_user


@pytest.fixture
def password():
    return PASSWORD


# --- pay on the small city ------------------------------------------------------------

OCT = date(2026, 10, 1)


def publish(month, unit_scores, person_scores, *, publish=True, version=1):
    """An appraisal run with unit and person cards (one item each), then published."""
    from wangge.appraisal.models import AppraisalRun, ItemScore, ScoreCard

    run = AppraisalRun.objects.create(month=month, version=version)
    for subject, total in [*unit_scores.items(), *person_scores.items()]:
        kind = "unit" if subject in unit_scores else "person"
        card = ScoreCard.objects.create(
            run=run,
            subject_kind=kind,
            unit=subject if kind == "unit" else None,
            person=subject if kind == "person" else None,
            scheme_code=f"{kind}-default",
            quantitative=Decimal(total) * Decimal("0.8"),
            qualitative=Decimal(total) * Decimal("0.2"),
            total=Decimal(total),
            rank=1,
            peers=3,
        )
        ItemScore.objects.create(
            card=card,
            key="new_adds.mobile",
            label="移动新增",
            weight=Decimal(80),
            actual=Decimal(total),
            target=Decimal(100),
            points=Decimal(total) * Decimal("0.8"),
        )
    if publish:
        run.status = "published"
        run.save()
    return run


@pytest.fixture
def publish_run():
    """``publish_run(month, unit_scores, person_scores, publish=True, version=1)``."""
    return publish


@pytest.fixture
def pay_city(city):
    from wangge.pay.models import PayConfig, UnitPayBase

    u, p = city["units"], city["people"]
    PayConfig.objects.create(company=u["city"], cap_multiple=Decimal("1.2"), floor_cents=300_000)
    UnitPayBase.objects.create(
        unit=u["lixia"], tier="A", base_cents=3_000_000, valid_from=date(2025, 1, 1)
    )
    UnitPayBase.objects.create(
        unit=u["shizhong"], tier="B", base_cents=2_000_000, valid_from=date(2025, 1, 1)
    )
    publish(
        OCT,
        {u["lixia"]: 95, u["shizhong"]: 80},
        {p["gm_x"]: 90, p["cm_x"]: 80, p["gm_y"]: 100},
    )
    return city


def in_full(field: str, value: str | None) -> str | None:
    """The audit trail's mask for a reader who sees every number in full."""
    return value
