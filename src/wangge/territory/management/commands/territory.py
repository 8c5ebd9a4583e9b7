"""``wangge territory``: the grid designer and checks on any polygon file.

wangge territory design units.shp --workload households --k 40 [--tolerance 0.05]
    [--crs EPSG:4547] [--fixed kind=park ...] [--out grids.gpkg]
wangge territory check grids.geojson [--center center_code] [--key code] [--in-file-crs]

Runs outside the database: the file in, the partition (or the problems) out.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from wangge.core.territory import TerritoryError
from wangge.core.territory.design import DEFAULT_TOLERANCE
from wangge.core.territory.files import design_file
from wangge.core.territory.graph import DEFAULT_BUFFER_M


class Command(BaseCommand):
    help = (
        "Territory on any polygon layer (GeoJSON, Shapefile, GeoPackage, KML): design k "
        "balanced contiguous grids, or check grids for gaps, overlaps and invalid polygons."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        d = sub.add_parser("design", help="cut the units of a polygon file into k grids")
        d.add_argument("file", help="the units: .shp, .geojson/.json, .gpkg or .kml")
        d.add_argument(
            "--workload",
            required=True,
            metavar="COLUMN",
            help="the column to balance (a column of the layer, or of --measures)",
        )
        d.add_argument("--k", required=True, type=int, help="how many grids")
        d.add_argument(
            "--tolerance",
            type=float,
            default=DEFAULT_TOLERANCE,
            help="largest deviation of a grid's workload from the mean, as a share "
            f"(default {DEFAULT_TOLERANCE})",
        )
        d.add_argument(
            "--crs",
            help="the layer's CRS when it does not say it (a Shapefile "
            "without .prj) or says it wrong: EPSG:xxxx, or GCJ-02",
        )
        d.add_argument(
            "--fixed",
            action="append",
            default=[],
            metavar="COLUMN=VALUE",
            help="units with this value form grids of their own first (each "
            "connected group one grid); repeatable",
        )
        d.add_argument(
            "--key",
            metavar="COLUMN",
            help="the column naming units in messages and joining --measures",
        )
        d.add_argument(
            "--measures",
            metavar="CSV",
            help="a CSV (UTF-8) with the --key column and the --workload column",
        )
        d.add_argument(
            "--within",
            metavar="COLUMN",
            help="a hard boundary: no grid spans two values of this column",
        )
        d.add_argument(
            "--barrier", metavar="FILE", help="lines no grid crosses (rivers, main roads)"
        )
        d.add_argument(
            "--buffer",
            type=float,
            default=DEFAULT_BUFFER_M,
            help=f"metres within which polygons count as touching (default {DEFAULT_BUFFER_M:g})",
        )
        d.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
        d.add_argument(
            "--time-limit",
            type=float,
            default=300.0,
            help="seconds for the balancing polish (default 300)",
        )
        d.add_argument(
            "--out",
            help="write the units with their grid (1..k) to this file "
            "(.geojson/.kml in WGS-84, .shp/.gpkg in the layer's CRS, or .csv)",
        )
        c = sub.add_parser("check", help="check grid polygons: invalid, overlaps, gaps")
        c.add_argument("file", help="the grids: .shp, .geojson/.json, .gpkg or .kml")
        c.add_argument("--crs", help="the layer's CRS when it does not say it")
        c.add_argument("--key", metavar="COLUMN", help="the column naming grids")
        c.add_argument(
            "--center",
            metavar="COLUMN",
            help="gaps and overlaps are looked for within each value of this column",
        )
        c.add_argument(
            "--in-file-crs",
            action="store_true",
            help="give each problem's location in the file's own CRS "
            "(default: WGS-84 longitude and latitude)",
        )
        c.add_argument(
            "--min-area",
            type=float,
            default=1.0,
            help="overlaps and gaps smaller than this (m²) are ignored (default 1)",
        )

    def handle(self, *args, **o):
        try:
            getattr(self, f"_{o['action']}")(o)
        except TerritoryError as exc:
            raise CommandError(str(exc)) from exc

    def _design(self, o):
        fd = design_file(
            o["file"], o["workload"], o["k"], tolerance=o["tolerance"], crs=o["crs"],
            fixed=o["fixed"], key=o["key"], measures=o["measures"], within=o["within"],
            barrier=o["barrier"], buffer_m=o["buffer"], out=o["out"], seed=o["seed"],
            time_limit=o["time_limit"],
        )  # fmt: skip
        self.stdout.write(f"units {len(fd.layer)} ({fd.layer.crs_name})")
        for line in fd.notes:
            self.stdout.write(line)
        for line in fd.metrics.lines():
            self.stdout.write(line)
        if fd.written:
            self.stdout.write(f"written {fd.written}")

    def _check(self, o):
        from wangge.core.territory.layers import read_layer
        from wangge.core.territory.validate import check_grids

        layer = read_layer(o["file"], crs=o["crs"], key=o["key"], allow_invalid=True)
        if o["center"] and o["center"] not in layer.columns:
            raise CommandError(f"--center {o['center']}: the layer has no such column")
        names = [layer.label(i) for i in range(len(layer))]
        centers = [str(v) for v in layer.columns[o["center"]]] if o["center"] else None
        problems = check_grids(layer.geoms, names, centers, min_area_m2=o["min_area"])
        own = o["in_file_crs"]
        crs, lonlat = layer.locate_crs(own)
        for p in problems:
            self.stdout.write(p.at(*layer.locate(p.x, p.y, own), crs, lonlat).text())
        self.stdout.write(f"{len(problems)} problem(s) in {len(layer)} grids")
        if problems:
            raise CommandError(f"{len(problems)} problem(s) found")
