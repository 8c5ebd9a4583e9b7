"""Load the main pages of a running wangge with concurrent clients; latency and throughput.

    PYTHONPATH=src .venv/bin/python bench/web/load.py --base http://127.0.0.1:8000 \
        --clients 8 --seconds 30 --role director --role marketing --role gridmgr

Each client is a thread with its own keep-alive connection and session: it logs in
as its role (the demo logins, password ``wangge-demo``), then requests the pages in
turn until the time is up. Every response must be 200; the figures are per page and
role (p50, p95, max in ms, requests) and over everything (requests per second).
Standard library only, so it runs anywhere the product runs.
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import statistics
import threading
import time
from collections import defaultdict
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

PAGES = {
    "home": "/",
    "appraisal": "/appraisal/",
    "figures": "/appraisal/figures/",
    "customers": "/customers/",
    "customers ?q=": "/customers/?q=%E5%BC%A0",
    "customers ?ownership=": "/customers/?ownership=competitor",
    "customers ?page=200": "/customers/?page=200",
    "grid scores API": "/api/appraisal/grid-scores/",
}


class Client:
    def __init__(self, base: str):
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port or 80
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, bytes]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{self.host}:{self.port}{path}"
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                resp = self.conn.getresponse()
                data = resp.read()
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
                if attempt == 2:
                    raise
        for header in resp.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(header)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        return resp.status, data

    def log_in(self, username: str, password: str) -> None:
        status, page = self.request("GET", "/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        body = urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password})
        status, _ = self.request("POST", "/login/", body)
        if status != 302:
            raise SystemExit(f"log-in as {username} refused ({status})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--role", action="append", help="demo login(s); default director")
    parser.add_argument("--page", action="append", help=f"page names; default all: {list(PAGES)}")
    parser.add_argument("--password", default="wangge-demo")
    parser.add_argument("--json", help="write the figures here too")
    args = parser.parse_args()
    roles = args.role or ["director"]
    pages = {name: PAGES[name] for name in (args.page or PAGES)}
    times: dict[tuple[str, str], list[float]] = defaultdict(list)
    errors: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(args.clients + 1)
    deadline = [0.0]

    def work(n: int) -> None:
        role = roles[n % len(roles)]
        client = Client(args.base)
        client.log_in(role, args.password)
        for path in pages.values():  # one warm-up round, not counted
            client.request("GET", path)
        start.wait()
        names = list(pages)
        i = n
        while time.perf_counter() < deadline[0]:
            name = names[i % len(names)]
            i += 1
            t0 = time.perf_counter()
            status, _ = client.request("GET", pages[name])
            took = time.perf_counter() - t0
            with lock:
                if status != 200:
                    errors.append(f"{role} {pages[name]}: {status}")
                times[role, name].append(took)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(args.clients)]
    for t in threads:
        t.start()
    start.wait()
    t0 = time.perf_counter()
    deadline[0] = t0 + args.seconds
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    rows = []
    for (role, name), xs in sorted(times.items()):
        xs = sorted(xs)
        p95 = xs[min(len(xs) - 1, round(0.95 * (len(xs) - 1)))]
        rows.append(
            {
                "role": role,
                "page": name,
                "requests": len(xs),
                "p50_ms": round(statistics.median(xs) * 1000, 1),
                "p95_ms": round(p95 * 1000, 1),
                "max_ms": round(xs[-1] * 1000, 1),
            }
        )
    everything = sorted(x for xs in times.values() for x in xs)
    total = len(everything)
    summary = {
        "clients": args.clients,
        "seconds": round(wall, 1),
        "requests": total,
        "per_second": round(total / wall, 1),
        "p50_ms": round(statistics.median(everything) * 1000, 1),
        "p95_ms": round(everything[round(0.95 * (total - 1))] * 1000, 1),
        "errors": len(errors),
    }
    print("| role | page | requests | p50 ms | p95 ms | max ms |")
    print("|---|---|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['role']} | {r['page']} | {r['requests']} | {r['p50_ms']} | {r['p95_ms']} "
            f"| {r['max_ms']} |"
        )
    print(
        f"\n{summary['clients']} clients, {summary['requests']} requests in "
        f"{summary['seconds']} s: {summary['per_second']} req/s, p50 {summary['p50_ms']} ms, "
        f"p95 {summary['p95_ms']} ms, {summary['errors']} not 200"
    )
    for e in errors[:10]:
        print("  ", e)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"summary": summary, "pages": rows, "errors": errors[:100]}, f, indent=1)


if __name__ == "__main__":
    main()
