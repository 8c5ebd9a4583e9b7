"""The small tables of the demo: the unit tree, staff, places and channels.

These have at most a few hundred thousand rows even at province scale, so they
are built with plain Python loops for readability. The big tables (customers,
subscriptions, monthly facts) are generated in ``population`` and ``simulate``
from the arrays this module hands over in ``CityPlan``.

Scaling: one template city (Jinan's six districts and four counties) holds up to
scale 10 by adding grids, places, channels and staff in proportion. Above 10 the
template is replicated as several cities (ceil(scale / 10)) placed at other
Shandong prefecture seats, each carrying scale / cities, so that a province at
scale 100 is ten cities of 1,200 grids rather than one city of 12,000.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import pyarrow as pa
import shapely
from shapely.geometry import Point, Polygon

from wangge.core import schema
from wangge.core.demo import layout, names
from wangge.core.demo.alloc import allocate, int_weights
from wangge.core.demo.timeline import Window
from wangge.core.months import add_months

# Grids per district at scale 1, in the order of the bundled table (120 in all).
GRID_TEMPLATE = np.array([16, 14, 12, 12, 18, 8, 8, 10, 8, 14], dtype=np.int64)
BASE_GRIDS = int(GRID_TEMPLATE.sum())
BASE_PLACES = 2_000
BASE_STAFF = 400
BASE_CHANNELS_PER_DISTRICT = 40
CITY_SCALE_LIMIT = 10

# Areas (片区) exist in some centers: district index -> number of areas.
AREAS_IN_TEMPLATE = {0: 2, 1: 2, 4: 3}
AREA_SIDES = ("东", "西", "南", "北", "中")

OTHER_CITIES = (
    ("青岛市", 120.38, 36.07),
    ("淄博市", 118.05, 36.81),
    ("潍坊市", 119.16, 36.71),
    ("烟台市", 121.45, 37.46),
    ("济宁市", 116.59, 35.41),
    ("泰安市", 117.09, 36.20),
    ("临沂市", 118.36, 35.10),
    ("德州市", 116.36, 37.44),
    ("聊城市", 115.99, 36.46),
    ("滨州市", 117.97, 37.38),
    ("菏泽市", 115.48, 35.23),
    ("东营市", 118.67, 37.43),
    ("枣庄市", 117.32, 34.81),
    ("日照市", 119.53, 35.42),
    ("威海市", 122.12, 37.51),
)
URBAN_SIDES = ("东", "西", "南", "北", "中", "新")
COUNTY_ORDINALS = ("一", "二", "三", "四")

PLACE_MIX = {
    "residential": {"community": 0.62, "building": 0.2, "cluster_market": 0.12, "park": 0.06},
    "small_business": {"building": 0.45, "cluster_market": 0.33, "community": 0.17, "park": 0.05},
    "gov_enterprise": {"building": 0.5, "park": 0.33, "community": 0.17},
    "campus": {"campus": 0.25, "building": 0.3, "community": 0.35, "cluster_market": 0.1},
    "rural": {"village": 0.78, "cluster_market": 0.1, "community": 0.08, "park": 0.04},
}
ANCHOR_KIND = {
    "residential": "community",
    "small_business": "building",
    "gov_enterprise": "building",
    "campus": "campus",
    "rural": "village",
}
FRONT_POSTS = {
    "residential": ("community_manager", "community_manager", "business_manager"),
    "small_business": ("business_manager", "customer_manager"),
    "gov_enterprise": ("customer_manager", "business_manager"),
    "campus": ("community_manager", "business_manager"),
    "rural": ("community_manager", "community_manager", "customer_manager"),
}
CHANNEL_WORD = {
    "central_hall": "中心营业厅",
    "self_run_hall": "自营厅",
    "partner_hall": "合作营业厅",
    "agent_point": "代办点",
}
PLACE_SUFFIX = {
    "community": ("小区", "花园", "家园", "苑", "新村"),
    "building": ("大厦", "广场", "中心", "写字楼"),
    "park": ("科技园", "产业园", "创业园", "物流园"),
    "cluster_market": ("批发市场", "商业街", "建材城", "小商品城"),
    "campus": ("学院", "职业技术学院", "大学", "中学"),
}


@dataclass
class Grids:
    """Per-grid arrays, index = position in the city's grid list (not the unit id)."""

    unit_id: np.ndarray
    district: np.ndarray  # index into CityPlan.districts
    grid_type: list[str]
    urban: np.ndarray
    polygon: list[Polygon]  # lon/lat
    households: np.ndarray
    population: np.ndarray
    enterprises: np.ndarray
    growth: np.ndarray  # hidden trend: adds up, churn down when positive
    churn_effect: np.ndarray
    share: np.ndarray  # our share of the grid's customers
    fake: np.ndarray  # this grid books fake adds
    complaint_rate: np.ndarray
    staff: np.ndarray
    commission_per_add: np.ndarray  # cents

    def __len__(self) -> int:
        return len(self.unit_id)


@dataclass
class DistrictInfo:
    unit_id: int
    name: str
    short: str
    adcode: int
    urban: bool
    city_name: str
    channel_ids: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    agent_channel: int = 0


@dataclass
class CityPlan:
    """Everything the big-table generators need to know about the small tables."""

    window: Window
    org_start: date
    reorg_date: date
    tables: dict[str, pa.Table]
    districts: list[DistrictInfo]
    grids: Grids
    place_id: np.ndarray
    place_grid: np.ndarray  # index into grids
    place_kind: np.ndarray  # index into schema.PLACE_KINDS
    place_households: np.ndarray
    place_enterprises: np.ndarray
    place_name: list[str]
    place_road: list[str]
    place_number: np.ndarray
    front_ptr: np.ndarray  # CSR over grids: front-line person ids of each grid
    front_ids: np.ndarray
    culprit: np.ndarray  # per grid: the seller booking its fake adds (0 if none)

    def places_of(self, grid: int) -> np.ndarray:
        """Place indices of one grid; places are stored grid by grid."""
        lo, hi = np.searchsorted(self.place_grid, [grid, grid + 1])
        return np.arange(lo, hi)


def city_layout(scale: float) -> list[tuple[str, float, float, float]]:
    """(name, lon, lat, city_scale) for each city the scale asks for."""
    n = max(1, math.ceil(scale / CITY_SCALE_LIMIT - 1e-9))
    if n - 1 > len(OTHER_CITIES):
        raise ValueError(f"scale {scale} needs more than {len(OTHER_CITIES) + 1} cities")
    jinan = layout.load_jinan()
    out = [(jinan.name, jinan.lon, jinan.lat, scale / n)]
    out += [(name, lon, lat, scale / n) for name, lon, lat in OTHER_CITIES[: n - 1]]
    return out


def city_template(index: int, name: str, lon: float, lat: float) -> layout.CityTemplate:
    """Jinan itself, or Jinan's districts moved to another seat under generic names."""
    jinan = layout.load_jinan()
    if index == 0:
        return jinan
    short = name.removesuffix("市")
    districts = []
    u = c = 0
    for d in jinan.districts:
        if d.urban:
            dname = f"{short}{URBAN_SIDES[u]}城区"
            u += 1
        else:
            dname = f"{short}{COUNTY_ORDINALS[c]}县"
            c += 1
        districts.append(
            layout.District(
                d.adcode, dname, d.urban, d.lon - jinan.lon + lon, d.lat - jinan.lat + lat
            )
        )
    return layout.CityTemplate(jinan.adcode, name, lon, lat, tuple(districts))


def district_short(name: str) -> str:
    """历下区 -> 历下, for grid and channel names; the longer replica names stay whole."""
    if len(name) == 3 and name[-1] in "区县市":
        return name[:2]
    return name


class _Builder:
    def __init__(self, rng: np.random.Generator, window: Window) -> None:
        self.rng = rng
        self.window = window
        self.org_start = date(window.first.year - 3, 1, 1)
        self.reorg_date = add_months(window.first, window.months // 2)
        self.units: dict[str, list] = {f.name: [] for f in schema.UNIT}
        self.links: dict[str, list] = {f.name: [] for f in schema.UNIT_LINK}
        self.people: dict[str, list] = {f.name: [] for f in schema.PERSON}
        self.person_unit: dict[str, list] = {f.name: [] for f in schema.PERSON_UNIT}
        self.places: dict[str, list] = {f.name: [] for f in schema.PLACE}
        self.place_grid: dict[str, list] = {f.name: [] for f in schema.PLACE_GRID}
        self.channels: dict[str, list] = {f.name: [] for f in schema.CHANNEL}
        self.districts: list[DistrictInfo] = []
        self.grid_cols: dict[str, list] = {k: [] for k in Grids.__dataclass_fields__}
        self.place_extra: dict[str, list] = {
            k: [] for k in ("grid", "kind", "name", "road", "number", "households", "enterprises")
        }
        self.front: list[list[int]] = []
        self.culprit: list[int] = []

    # -- rows -------------------------------------------------------------

    def unit(self, *, code, name, kind, parent, urban, lon, lat, boundary=None,
             grid_class=None, grid_type=None, households=None, population=None,
             enterprises=None) -> int:  # fmt: skip
        uid = len(self.units["unit_id"]) + 1
        row = {
            "unit_id": uid,
            "code": code,
            "name": name,
            "kind": kind,
            "grid_class": grid_class,
            "grid_type": grid_type,
            "urban": urban,
            "lon": lon,
            "lat": lat,
            "boundary": boundary,
            "households": households,
            "population": population,
            "enterprises": enterprises,
        }
        for k, v in row.items():
            self.units[k].append(v)
        if parent is not None:
            self.link(uid, parent, self.org_start, None)
        return uid

    def link(self, uid: int, parent: int, valid_from: date, valid_to: date | None) -> None:
        self.links["unit_id"].append(uid)
        self.links["parent_id"].append(parent)
        self.links["valid_from"].append(valid_from)
        self.links["valid_to"].append(valid_to)

    def person(self, post: str, unit_id: int, region: int, level: str | None = None) -> int:
        rng = self.rng
        pid = len(self.people["person_id"]) + 1
        if level is None:
            level = str(rng.choice(schema.LEVELS, p=[0.38, 0.35, 0.21, 0.06]))
        hired = self.org_start - timedelta(days=int(rng.integers(30, 20 * 365)))
        born_to = (hired - date(1970, 1, 1)).days - 22 * 365
        row = {
            "person_id": pid,
            "staff_no": f"W{pid:07d}",
            "name": names.person_name(rng),
            "post": post,
            "level": level,
            "phone": names.phone(rng),
            "id_number": names.id_number(rng, region, born_to - 20 * 365, born_to),
            "hired_on": hired,
        }
        for k, v in row.items():
            self.people[k].append(v)
        self.assign(pid, unit_id, post, self.org_start, None)
        return pid

    def assign(
        self, pid: int, unit_id: int, post: str, valid_from: date, valid_to: date | None
    ) -> None:
        for k, v in zip(
            ("person_id", "unit_id", "post", "valid_from", "valid_to"),
            (pid, unit_id, post, valid_from, valid_to),
            strict=True,
        ):
            self.person_unit[k].append(v)

    # -- one city ---------------------------------------------------------

    def build_city(self, index: int, name: str, lon: float, lat: float, cscale: float) -> None:
        template = city_template(index, name, lon, lat)
        plane = layout.Plane(template.lon, template.lat)
        territories = layout.district_territories(template)
        code_prefix = "" if index == 0 else f"R{index:02d}-"
        city_id = self.unit(
            code=f"{code_prefix}{template.adcode}", name=f"{template.name}分公司", kind="city",
            parent=None, urban=True, lon=template.lon, lat=template.lat,
        )  # fmt: skip
        total_grids = max(len(template.districts), round(BASE_GRIDS * cscale))
        per_district = allocate(total_grids, GRID_TEMPLATE, minimum=1)
        total_places = max(total_grids * 2, round(BASE_PLACES * cscale))
        n_channels = max(len(CHANNEL_WORD), round(BASE_CHANNELS_PER_DISTRICT * cscale))
        first_grid = len(self.grid_cols["unit_id"])

        for di, (d, territory_km) in enumerate(zip(template.districts, territories, strict=True)):
            self.build_district(
                index, di, d, territory_km, plane, city_id, code_prefix, int(per_district[di]),
                template,
            )  # fmt: skip
        self.build_places(first_grid, total_places)
        for dinfo in self.districts[-len(template.districts) :]:
            self.build_channels(dinfo, first_grid, n_channels)
        self.build_staff(city_id, first_grid, cscale, template)
        self.fill_parents(city_id, first_grid)

    def build_district(self, city_index, di, d, territory_km, plane, city_id, code_prefix, n_grids,
                       template) -> None:  # fmt: skip
        rng = self.rng
        kind = "center" if d.urban else "county"
        short = district_short(d.name)
        label = f"{d.name}营销中心" if d.urban else f"{d.name}分公司"
        territory = plane.polygon_to_lonlat(territory_km)
        seat = plane.to_km(d.lon, d.lat)
        far = layout.district_radius_km(d, template) > layout.URBAN_RADIUS_KM
        district_id = self.unit(
            code=f"{code_prefix}{d.adcode}", name=label, kind=kind, parent=city_id, urban=d.urban,
            lon=d.lon, lat=d.lat, boundary=layout.geojson(territory),
        )  # fmt: skip
        info = DistrictInfo(district_id, d.name, short, int(d.adcode), d.urban, template.name)
        self.districts.append(info)
        dpos = len(self.districts) - 1

        if d.urban and not far:
            centre, spread = (0.0, 0.0), 5.0
        else:
            centre, spread = (float(seat[0]), float(seat[1])), 5.0
        polys_km, seeds = layout.tile_territory(rng, territory_km, n_grids, centre, spread)
        dist_core = np.hypot(seeds[:, 0] - centre[0], seeds[:, 1] - centre[1])
        types = self.grid_types(
            d.urban and not far, d.urban, dist_core, city_index == 0 and di in (4, 5)
        )

        n_areas = AREAS_IN_TEMPLATE.get(di, 0) if n_grids >= 4 else 0
        parents = [district_id] * n_grids
        area_ids: list[int] = []
        if n_areas:
            angle = np.arctan2(seeds[:, 1] - seat[1], seeds[:, 0] - seat[0])
            order = np.argsort(angle, kind="stable")
            sizes = allocate(n_grids, np.ones(n_areas, dtype=np.int64))
            bounds = np.concatenate([[0], np.cumsum(sizes)])
            for a in range(n_areas):
                members = order[bounds[a] : bounds[a + 1]]
                ax, ay = plane.to_lonlat(seeds[members, 0].mean(), seeds[members, 1].mean())
                union = plane.polygon_to_lonlat(
                    _largest(shapely.union_all([polys_km[m] for m in members]))
                )
                aid = self.unit(
                    code=f"{code_prefix}{d.adcode}-A{a + 1}", name=f"{short}{AREA_SIDES[a]}片区",
                    kind="area", parent=district_id, urban=d.urban, lon=float(ax), lat=float(ay),
                    boundary=layout.geojson(union),
                )  # fmt: skip
                area_ids.append(aid)
                for m in members:
                    parents[m] = aid
        if city_index == 0 and di == 0:
            self.unit(
                code=f"{code_prefix}{d.adcode}-V1", name="G网虚拟社区", kind="virtual",
                parent=district_id, urban=True, lon=d.lon, lat=d.lat,
            )  # fmt: skip

        roads = list(names.ROADS)
        rng.shuffle(roads)
        for g in range(n_grids):
            poly = plane.polygon_to_lonlat(polys_km[g])
            gtype = types[g]
            near = dist_core[g] < (4.0 if d.urban else 3.5)
            if gtype == "rural":
                a_prob = 0.1
            elif gtype in ("small_business", "gov_enterprise"):
                a_prob = 0.8
            else:
                a_prob = 0.55 if near else 0.3
            gclass = "A" if rng.random() < a_prob else "B"
            if gtype == "rural":
                gname = f"{short}{names.PLACE_PREFIXES[g % len(names.PLACE_PREFIXES)]}镇网格"
            else:
                gname = f"{short}{roads[g % len(roads)]}网格"
            if g >= len(roads):
                gname = gname.replace("网格", f"{g // len(roads) + 1}网格")
            cx, cy = poly.representative_point().coords[0]
            uid = self.unit(
                code=f"{code_prefix}{d.adcode}-G{g + 1:03d}", name=gname, kind="grid",
                parent=parents[g], urban=d.urban, lon=round(cx, 6), lat=round(cy, 6),
                boundary=layout.geojson(poly), grid_class=gclass, grid_type=gtype,
            )  # fmt: skip
            growth = float(np.clip(rng.normal(0.0, 0.25), -0.5, 0.6))
            gc = self.grid_cols
            gc["unit_id"].append(uid)
            gc["district"].append(dpos)
            gc["grid_type"].append(gtype)
            gc["urban"].append(d.urban)
            gc["polygon"].append(poly)
            gc["growth"].append(growth)
            gc["churn_effect"].append(float(rng.normal(0.0, 0.3) - 0.6 * growth))
            gc["share"].append(
                float(np.clip(rng.normal(0.58 if d.urban else 0.68, 0.08), 0.3, 0.85))
            )
            gc["complaint_rate"].append(float(rng.lognormal(np.log(0.006), 0.4)))
            gc["commission_per_add"].append(int(rng.integers(6_000, 20_000)))

        if city_index == 0 and di == 0 and len(area_ids) >= 2:
            moved = next(i for i, p in enumerate(parents) if p == area_ids[0])
            uid = self.grid_cols["unit_id"][-n_grids + moved]
            link_pos = self.links["unit_id"].index(uid)
            self.links["valid_to"][link_pos] = self.reorg_date
            self.link(uid, area_ids[1], self.reorg_date, None)

    def grid_types(
        self, core: bool, urban: bool, dist: np.ndarray, university_town: bool
    ) -> list[str]:
        rng = self.rng
        out = []
        for dkm in dist:
            if not urban:
                if dkm < 3.5:
                    out.append("residential" if rng.random() < 0.6 else "small_business")
                else:
                    out.append("rural")
            elif core and dkm < 3.0:
                out.append(
                    str(
                        rng.choice(
                            ["residential", "small_business", "gov_enterprise"], p=[0.4, 0.35, 0.25]
                        )
                    )
                )
            else:
                out.append(
                    str(
                        rng.choice(
                            ["residential", "small_business", "gov_enterprise", "campus"],
                            p=[0.72, 0.14, 0.1, 0.04],
                        )
                    )
                )
        n = len(out)
        if not urban and n >= 2 and "rural" not in out:
            out[int(np.argmax(dist))] = "rural"
        if not urban and n >= 3 and all(t == "rural" for t in out):
            out[int(np.argmin(dist))] = "residential"
        if university_town and n >= 3 and "campus" not in out:
            out[int(np.argmax(dist))] = "campus"
        return out

    def build_places(self, first_grid: int, total: int) -> None:
        rng = self.rng
        gc = self.grid_cols
        idx = range(first_grid, len(gc["unit_id"]))
        base = {
            "residential": 1.0,
            "small_business": 1.2,
            "gov_enterprise": 0.9,
            "campus": 0.8,
            "rural": 1.4,
        }
        w = np.array([base[gc["grid_type"][g]] * rng.uniform(0.7, 1.3) for g in idx])
        counts = allocate(total, int_weights(w), minimum=1)
        for g, n in zip(idx, counts, strict=True):
            gtype = gc["grid_type"][g]
            poly = gc["polygon"][g]
            mix = PLACE_MIX[gtype]
            kinds = [ANCHOR_KIND[gtype]] + [
                str(k) for k in rng.choice(list(mix), size=int(n) - 1, p=list(mix.values()))
            ]
            pts = layout.sample_lonlat_in(rng, poly, int(n))
            hh = ent = students = 0
            dinfo = self.districts[gc["district"][g]]
            for kind, (plon, plat) in zip(kinds, pts, strict=True):
                h, e, s = self.place_size(kind)
                hh, ent, students = hh + h, ent + e, students + s
                pid = len(self.places["place_id"]) + 1
                pname, road, number = self.place_name(kind, dinfo)
                boundary = None
                if kind in ("park", "campus"):
                    half = 0.0025 if kind == "campus" else 0.0018
                    square = shapely.box(plon - half, plat - half, plon + half, plat + half)
                    clipped = _largest(square.intersection(poly))
                    if clipped.contains(Point(plon, plat)):
                        boundary = layout.geojson(_round_polygon(clipped))
                row = {
                    "place_id": pid,
                    "code": f"P{pid:07d}",
                    "name": pname,
                    "kind": kind,
                    "lon": float(plon),
                    "lat": float(plat),
                    "boundary": boundary,
                    "households": h,
                    "enterprises": e,
                }
                for k, v in row.items():
                    self.places[k].append(v)
                for k, v in (("place_id", pid), ("grid_id", gc["unit_id"][g]),
                             ("valid_from", self.org_start), ("valid_to", None)):  # fmt: skip
                    self.place_grid[k].append(v)
                pe = self.place_extra
                pe["grid"].append(g)
                pe["kind"].append(schema.PLACE_KINDS.index(kind))
                pe["name"].append(pname)
                pe["road"].append(road)
                pe["number"].append(number)
                pe["households"].append(h)
                pe["enterprises"].append(e)
            gc["households"].append(hh)
            gc["population"].append(round(hh * 2.8) + students)
            gc["enterprises"].append(ent)

    def place_size(self, kind: str) -> tuple[int, int, int]:
        """(households, enterprises, students) of one place."""
        r = self.rng
        if kind == "community":
            return int(r.lognormal(np.log(380), 0.6)), int(r.integers(0, 12)), 0
        if kind == "building":
            return int(r.integers(0, 120)), int(r.lognormal(np.log(35), 0.6)), 0
        if kind == "park":
            return 0, int(r.lognormal(np.log(90), 0.6)), 0
        if kind == "cluster_market":
            return int(r.integers(0, 40)), int(r.lognormal(np.log(150), 0.5)), 0
        if kind == "village":
            return int(r.lognormal(np.log(220), 0.5)), int(r.integers(0, 15)), 0
        return int(r.integers(20, 200)), int(r.integers(2, 12)), int(r.integers(5_000, 25_000))

    def place_name(self, kind: str, dinfo: DistrictInfo) -> tuple[str, str, int]:
        r = self.rng
        road = names.ROADS[int(r.integers(0, len(names.ROADS)))]
        number = int(r.integers(1, 400))
        if kind == "village":
            surname = names.SURNAMES[int(r.integers(0, 40))]
            return f"{surname}家{'庄' if r.random() < 0.5 else '村'}", road, number
        prefix = names.PLACE_PREFIXES[int(r.integers(0, len(names.PLACE_PREFIXES)))]
        suffix = PLACE_SUFFIX[kind][int(r.integers(0, len(PLACE_SUFFIX[kind])))]
        if kind == "campus":
            prefix = dinfo.short.removesuffix("城区") if suffix != "中学" else prefix
        return f"{prefix}{suffix}", road, number

    def build_channels(self, dinfo: DistrictInfo, first_grid: int, n: int) -> None:
        rng = self.rng
        gc = self.grid_cols
        dpos = self.districts.index(dinfo)
        grids = [g for g in range(first_grid, len(gc["unit_id"])) if gc["district"][g] == dpos]
        n_self = max(1, round(n * 0.15))
        n_partner = max(1, round(n * 0.35))
        kinds = ["central_hall"] + ["self_run_hall"] * n_self + ["partner_hall"] * n_partner
        kinds += ["agent_point"] * (n - len(kinds))
        seat = Point(self.units["lon"][dinfo.unit_id - 1], self.units["lat"][dinfo.unit_id - 1])
        nearest = min(grids, key=lambda g: gc["polygon"][g].distance(seat))
        weights = np.array(
            [gc["households"][g] + 5 * gc["enterprises"][g] + 1 for g in grids], float
        )
        ids = []
        for i, kind in enumerate(kinds):
            g = (
                nearest
                if kind == "central_hall"
                else grids[int(rng.choice(len(grids), p=weights / weights.sum()))]
            )
            plon, plat = layout.sample_lonlat_in(rng, gc["polygon"][g], 1)[0]
            cid = len(self.channels["channel_id"]) + 1
            road = names.ROADS[int(rng.integers(0, len(names.ROADS)))]
            label = f"{dinfo.short}{road}{CHANNEL_WORD[kind]}"
            if kind in ("partner_hall", "agent_point"):
                label = f"{dinfo.short}{road}{i}号{CHANNEL_WORD[kind]}"
            row = {
                "channel_id": cid,
                "code": f"Q{cid:06d}",
                "name": label,
                "kind": kind,
                "lon": float(plon),
                "lat": float(plat),
                "grid_id": gc["unit_id"][g],
            }
            for k, v in row.items():
                self.channels[k].append(v)
            ids.append(cid)
        dinfo.channel_ids = np.array(ids, dtype=np.int64)
        dinfo.agent_channel = ids[-1]

    def build_staff(self, city_id: int, first_grid: int, cscale: float, template) -> None:
        rng = self.rng
        gc = self.grid_cols
        grids = list(range(first_grid, len(gc["unit_id"])))
        dpos = sorted({gc["district"][g] for g in grids})
        region = int(template.districts[0].adcode)
        n_marketing = 5 if cscale >= 1 else 3
        n_back = max(len(dpos), round(10 * cscale))
        n_counties = sum(not self.districts[d].urban for d in dpos)
        n_virtual = 3 if first_grid == 0 else 0
        overhead = len(dpos) + n_marketing + n_back + n_counties + n_virtual
        total = max(round(BASE_STAFF * cscale), overhead + 2 * len(grids))
        extra = allocate(
            total - overhead - 2 * len(grids),
            int_weights(
                np.array([gc["households"][g] + 8 * gc["enterprises"][g] for g in grids], float)
            ),
        )
        for _ in range(n_marketing):
            self.person("marketing_department", city_id, region)
        for d in dpos:
            info = self.districts[d]
            self.person("center_director", info.unit_id, info.adcode, level="senior")
            if not info.urban:
                self.person("service_director", info.unit_id, info.adcode)
        back_at = allocate(n_back, np.ones(len(dpos), dtype=np.int64))
        for d, k in zip(dpos, back_at, strict=True):
            for _ in range(int(k)):
                self.person("back_office", self.districts[d].unit_id, self.districts[d].adcode)
        if n_virtual:
            vid = self.units["kind"].index("virtual") + 1
            for post in ("customer_manager", "customer_manager", "community_manager"):
                self.person(post, vid, self.districts[0].adcode)
        for g, k in zip(grids, extra, strict=True):
            info = self.districts[gc["district"][g]]
            uid = gc["unit_id"][g]
            posts = FRONT_POSTS[gc["grid_type"][g]]
            team = [self.person("grid_manager", uid, info.adcode)]
            for j in range(1 + int(k)):
                team.append(self.person(posts[j % len(posts)], uid, info.adcode))
            self.front.append(team)
            gc["staff"].append(len(team))
        # A few people change grids half way through, so history has something to show.
        movers = [g for g in grids if len(self.front[g]) >= 3]
        rng.shuffle(movers)
        for a, b in zip(movers[0:6:2], movers[1:6:2], strict=False):
            pa_, pb = self.front[a][-1], self.front[b][-1]
            for pid, new_grid in ((pa_, b), (pb, a)):
                pos = max(i for i, p in enumerate(self.person_unit["person_id"]) if p == pid)
                self.person_unit["valid_to"][pos] = self.reorg_date
                self.assign(
                    pid,
                    gc["unit_id"][new_grid],
                    self.person_unit["post"][pos],
                    self.reorg_date,
                    None,
                )
            self.front[a][-1], self.front[b][-1] = pb, pa_
        fake = np.zeros(len(grids), dtype=bool)
        candidates = [i for i, g in enumerate(grids) if gc["grid_type"][g] != "gov_enterprise"]
        n_fake = max(1, round(len(grids) * 0.04))
        fake[rng.choice(candidates, size=min(n_fake, len(candidates)), replace=False)] = True
        gc["fake"].extend(fake.tolist())
        for i, g in enumerate(grids):
            self.culprit.append(self.front[g][-1] if fake[i] else 0)

    def fill_parents(self, city_id: int, first_grid: int) -> None:
        """Parents carry the sums of their grids and a boundary where they have one."""
        gc = self.grid_cols
        children: dict[int, list[int]] = {}
        for uid, parent, vt in zip(
            self.links["unit_id"], self.links["parent_id"], self.links["valid_to"], strict=True
        ):
            if vt is None:
                children.setdefault(parent, []).append(uid)
        gpos = {gc["unit_id"][g]: g for g in range(first_grid, len(gc["unit_id"]))}

        def sums(uid: int) -> tuple[int, int, int]:
            if uid in gpos:
                g = gpos[uid]
                return gc["households"][g], gc["population"][g], gc["enterprises"][g]
            total = (0, 0, 0)
            for child in children.get(uid, []):
                if self.units["kind"][child - 1] == "virtual":
                    continue
                total = tuple(a + b for a, b in zip(total, sums(child), strict=True))
            row = uid - 1
            (
                self.units["households"][row],
                self.units["population"][row],
                self.units["enterprises"][row],
            ) = total
            return total

        sums(city_id)

    def tables(self) -> dict[str, pa.Table]:
        def table(cols: dict[str, list], sch: pa.Schema) -> pa.Table:
            return pa.table({f.name: pa.array(cols[f.name], f.type) for f in sch}, schema=sch)

        return {
            "unit": table(self.units, schema.UNIT),
            "unit_link": table(self.links, schema.UNIT_LINK),
            "person": table(self.people, schema.PERSON),
            "person_unit": table(self.person_unit, schema.PERSON_UNIT),
            "place": table(self.places, schema.PLACE),
            "place_grid": table(self.place_grid, schema.PLACE_GRID),
            "channel": table(self.channels, schema.CHANNEL),
        }


def _largest(geom):
    if geom.geom_type == "Polygon":
        return geom
    return max(getattr(geom, "geoms", []), key=lambda g: g.area)


def _round_polygon(poly: Polygon) -> Polygon:
    return Polygon(np.round(np.asarray(poly.exterior.coords), 6))


def build_city(rng: np.random.Generator, window: Window, scale: float) -> CityPlan:
    """Lay out the cities for ``scale``: their small tables plus arrays for the big ones."""
    b = _Builder(rng, window)
    for i, (name, lon, lat, cscale) in enumerate(city_layout(scale)):
        b.build_city(i, name, lon, lat, cscale)
    gc = b.grid_cols
    grids = Grids(
        unit_id=np.array(gc["unit_id"], dtype=np.int64),
        district=np.array(gc["district"], dtype=np.int64),
        grid_type=gc["grid_type"],
        urban=np.array(gc["urban"], dtype=bool),
        polygon=gc["polygon"],
        households=np.array(gc["households"], dtype=np.int64),
        population=np.array(gc["population"], dtype=np.int64),
        enterprises=np.array(gc["enterprises"], dtype=np.int64),
        growth=np.array(gc["growth"]),
        churn_effect=np.array(gc["churn_effect"]),
        share=np.array(gc["share"]),
        fake=np.array(gc["fake"], dtype=bool),
        complaint_rate=np.array(gc["complaint_rate"]),
        staff=np.array(gc["staff"], dtype=np.int64),
        commission_per_add=np.array(gc["commission_per_add"], dtype=np.int64),
    )
    for g, uid in enumerate(grids.unit_id):
        row = int(uid) - 1
        b.units["households"][row] = int(grids.households[g])
        b.units["population"][row] = int(grids.population[g])
        b.units["enterprises"][row] = int(grids.enterprises[g])
    ptr = np.concatenate([[0], np.cumsum([len(t) for t in b.front])]).astype(np.int64)
    pe = b.place_extra
    return CityPlan(
        window=window,
        org_start=b.org_start,
        reorg_date=b.reorg_date,
        tables=b.tables(),
        districts=b.districts,
        grids=grids,
        place_id=np.array(b.places["place_id"], dtype=np.int64),
        place_grid=np.array(pe["grid"], dtype=np.int64),
        place_kind=np.array(pe["kind"], dtype=np.int64),
        place_households=np.array(pe["households"], dtype=np.int64),
        place_enterprises=np.array(pe["enterprises"], dtype=np.int64),
        place_name=pe["name"],
        place_road=pe["road"],
        place_number=np.array(pe["number"], dtype=np.int64),
        front_ptr=ptr,
        front_ids=np.array([p for t in b.front for p in t], dtype=np.int64),
        culprit=np.array(b.culprit, dtype=np.int64),
    )
