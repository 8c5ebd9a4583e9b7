"""Import benchmark: operator-style GB18030 CSV files of N customers, N subscriptions and
N subscription-months, through ``wangge import`` into a fresh SQLite database and store.

    PYTHONPATH=src .venv/bin/python bench/intake/bench_intake.py --rows 1000000
    PYTHONPATH=src .venv/bin/python bench/intake/bench_intake.py --rows 100000   # quick

Generates the three files (not timed) in the shape billing and CRM systems export
them: Chinese headers, a title line above the header, money as "1,234.50" and
"¥12.3", dates as 2026-11-03, 2026/11/3 and 20261103. Then each import runs as its
own ``wangge import`` process, timed from outside (wall seconds, peak resident
memory from the kernel's accounting of the child), and the same file is read by
``pyarrow.csv.read_csv`` as the limit a plain parse sets (the ratio is ours / it).
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GRIDS = 200
LINES = ("移动", "宽带", "固话", "IPTV", "专线")
STATUS = ("在用", "在用", "在用", "在用", "停机", "拆机", "销户")
DAYS = ("2024-03-0{d}", "2024/3/{d}", "2024030{d}")


def _yuan(cents: int, rng: random.Random) -> str:
    whole, part = divmod(cents, 100)
    form = rng.randrange(4)
    if form == 0:
        return f"{whole:,}.{part:02d}"
    if form == 1:
        return f"¥{whole}.{part:02d}".rstrip("0").rstrip(".")
    return f"{whole}.{part:02d}"


def generate(directory: Path, rows: int, seed: int = 7) -> dict[str, Path]:
    rng = random.Random(seed)
    files = {
        "customer": directory / "客户资料.csv",
        "subscription": directory / "用户资料.csv",
        "subscription_month": directory / "出账明细-202611.csv",
    }
    with files["customer"].open("w", encoding="gb18030", newline="") as f:
        f.write("客户资料导出 2026-11-30\n")
        f.write("客户编码,客户名称,客户类型,在网状态,所属网格编码,联系电话,地址,生效日期\n")
        for i in range(rows):
            kind = "政企" if i % 10 == 0 else ("家庭" if i % 3 == 0 else "个人")
            day = DAYS[i % 3].format(d=1 + i % 9)
            f.write(
                f"K{i:08d},客户{i},{kind},在网,G{i % GRIDS:04d},"
                f"13{rng.randrange(10**9):09d},济南市历下区经十路{i % 999}号,{day}\n"
            )
    with files["subscription"].open("w", encoding="gb18030", newline="") as f:
        f.write("用户编码,客户编码,业务类型,套餐名称,号码,月费(元),入网时间,状态\n")
        for i in range(rows):
            day = DAYS[i % 3].format(d=1 + i % 9)
            fee = _yuan(rng.choice((5900, 12900, 19900, 29900)), rng)
            f.write(
                f"U{i:08d},K{i:08d},{LINES[i % 5]},套餐{i % 40},"
                f'13{rng.randrange(10**9):09d},"{fee}",{day},在用\n'
            )
    with files["subscription_month"].open("w", encoding="gb18030", newline="") as f:
        f.write("2026年11月 出账明细\n")
        f.write("账期,用户编码,状态,出账收入,实收,欠费,90天以上欠费,流量(MB)\n")
        for i in range(rows):
            billed = rng.randrange(0, 40_000)
            paid = billed if rng.random() < 0.9 else rng.randrange(0, billed + 1)
            arrears = billed - paid
            f.write(
                f'202611,U{i:08d},{STATUS[i % 7]},"{_yuan(billed, rng)}",{_yuan(paid, rng)},'
                f"{_yuan(arrears, rng)},0,{rng.randrange(50_000)}\n"
            )
    return files


def _timed(argv: list[str], env: dict) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one child process."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    _pid, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    output = child.stdout.read().decode()
    child.stdout.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{output}")
    print("   ", output.strip().splitlines()[-1])
    return wall, usage.ru_maxrss / 1024


SETUP = """
import django; django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from wangge.org.models import Unit, UnitLink
from datetime import date
city = Unit.objects.create(code="JN", name="济南市", kind="city")
for g in range({grids}):
    u = Unit.objects.create(code=f"G{{g:04d}}", name=f"网格{{g}}", kind="grid", grid_class="A")
    UnitLink.objects.create(unit=u, parent=city, valid_from=date(2020, 1, 1))
"""

BASELINE = """
import sys, time, pyarrow.csv as pc
t = time.perf_counter()
table = pc.read_csv(sys.argv[1], read_options=pc.ReadOptions(encoding="gb18030",
                    skip_rows=int(sys.argv[2])))
print(f"read_csv: {table.num_rows} rows in {time.perf_counter() - t:.2f} s")
"""

# PostgreSQL's own limit: the same file COPY'd as text into a scratch table (no checks,
# no code resolution), the title line skipped as the import skips it.
PLAIN_COPY = """
import os, sys, time, psycopg
path, skip = sys.argv[1], int(sys.argv[2])
with open(path, "rb") as handle:
    for _ in range(skip):
        handle.readline()
    header = handle.readline().decode("gb18030").strip().split(",")
    body = handle.read()
t = time.perf_counter()
url = os.environ["WANGGE_DATABASE_URL"].replace("postgres://", "postgresql://", 1)
with psycopg.connect(url) as conn:
    cols = ", ".join(f'"c{i}" text' for i in range(len(header)))
    conn.execute(f"CREATE TEMPORARY TABLE plain ({cols})")
    with conn.cursor().copy("COPY plain FROM STDIN (FORMAT csv, ENCODING 'GB18030')") as copy:
        for start in range(0, len(body), 1 << 20):
            copy.write(body[start : start + (1 << 20)])
    rows = conn.execute("SELECT count(*) FROM plain").fetchone()[0]
print(f"COPY: {rows} rows in {time.perf_counter() - t:.2f} s")
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--dir", type=Path, default=None, help="default: a temporary directory")
    parser.add_argument(
        "--database-url",
        default=None,
        help="an empty PostgreSQL database (postgres://...) instead of a fresh SQLite file",
    )
    ns = parser.parse_args()
    root = ns.dir or Path(tempfile.mkdtemp(prefix="wangge-bench-intake-"))
    root.mkdir(parents=True, exist_ok=True)
    env = dict(
        os.environ,
        WANGGE_DATA_DIR=str(root / "data"),
        DJANGO_SETTINGS_MODULE="wangge.project.settings",
    )
    env.pop("WANGGE_DATABASE_URL", None)
    if ns.database_url:
        env["WANGGE_DATABASE_URL"] = ns.database_url
    t = time.perf_counter()
    files = generate(root, ns.rows)
    sizes = {k: p.stat().st_size / 2**20 for k, p in files.items()}
    print(
        f"generated {ns.rows:,} rows per file in {time.perf_counter() - t:.1f} s: "
        + ", ".join(f"{k} {s:.0f} MiB" for k, s in sizes.items())
    )
    subprocess.run([sys.executable, "-c", SETUP.format(grids=GRIDS)], env=env, check=True)
    py = [sys.executable, "-m", "wangge.cli", "import"]
    results = []
    for kind, skip in (("customer", 1), ("subscription", 0), ("subscription_month", 1)):
        extra = ["--month", "2026-11"] if kind == "subscription_month" else []
        print(f"import {kind}")
        wall, rss = _timed([*py, kind, str(files[kind]), *extra], env)
        base, _rss = _timed([sys.executable, "-c", BASELINE, str(files[kind]), str(skip)], env)
        plain = None
        if ns.database_url and kind != "subscription_month":
            plain, _rss = _timed(
                [sys.executable, "-c", PLAIN_COPY, str(files[kind]), str(skip)], env
            )
        results.append((kind, wall, rss, base, plain))
    print()
    print("| file | rows | import s | peak MiB | read_csv s | ratio | plain COPY s | ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for kind, wall, rss, base, plain in results:
        copied = f"{plain:.2f} | {wall / plain:.0f}" if plain else "– | –"
        print(
            f"| {kind} | {ns.rows:,} | {wall:.1f} | {rss:.0f} | {base:.2f} | {wall / base:.0f} "
            f"| {copied} |"
        )


if __name__ == "__main__":
    main()
