"""Load test for the officials' dashboards (issue 8): N concurrent clients, each logged in
with its own session, request the given pages for a fixed time; prints p50/p95/max per
page. Standard library only.

    python bench/dashboard_load.py --base http://127.0.0.1:8118 --user official \\
        --page /dashboard/region/4114/ --page /dashboard/region/411402/ --clients 10 --seconds 30

Run against gunicorn (2 workers) on PostgreSQL after `seed_demo --scale city` and
`manage.py refresh_dashboards` (see docs/benchmarks.md, section 领导看板)."""

import argparse
import http.cookiejar
import os
import re
import statistics
import threading
import time
import urllib.parse
import urllib.request


def login(base: str, user: str, password: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(base + "/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    data = urllib.parse.urlencode({"username": user, "password": password, "csrfmiddlewaretoken": token}).encode()
    req = urllib.request.Request(base + "/accounts/login/", data=data, headers={"Referer": base + "/accounts/login/"})
    opener.open(req).read()
    if not any(c.name == "sessionid" for c in jar):
        raise SystemExit(f"login failed for {user}")
    return opener


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", default="http://127.0.0.1:8118")
    ap.add_argument("--user", default="official")
    ap.add_argument("--password", default="Demo@2025civ")
    ap.add_argument("--page", action="append", required=True)
    ap.add_argument("--clients", type=int, default=10)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--warmup", type=int, default=2, help="requests per page and client before timing")
    args = ap.parse_args()

    print("load average before: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    openers = [login(args.base, args.user, args.password) for _ in range(args.clients)]
    timings: dict[str, list[float]] = {p: [] for p in args.page}
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = [0.0]

    def client(idx: int) -> None:
        opener = openers[idx]
        for page in args.page:
            for _ in range(args.warmup):
                opener.open(args.base + page).read()
        n = idx
        while time.monotonic() < stop_at[0]:
            page = args.page[n % len(args.page)]
            n += 1
            t0 = time.perf_counter()
            try:
                resp = opener.open(args.base + page)
                body = resp.read()
                ok = resp.status == 200 and b"dashboard" in body
            except Exception as exc:  # noqa: BLE001 - counted and reported
                ok, body = False, str(exc).encode()
            elapsed = (time.perf_counter() - t0) * 1000
            with lock:
                if ok:
                    timings[page].append(elapsed)
                else:
                    errors.append(f"{page}: {body[:120]!r}")

    stop_at[0] = time.monotonic() + args.seconds + 5 * args.warmup
    threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - started
    total = sum(len(v) for v in timings.values())
    print(f"clients={args.clients} wall={wall:.1f}s requests={total} rps={total / wall:.1f} errors={len(errors)}")
    print(f"{'page':45} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for page, values in timings.items():
        if values:
            print(
                f"{page:45} {len(values):6d} {statistics.median(values):8.1f} "
                f"{percentile(values, 95):8.1f} {max(values):8.1f}"
            )
    print("load average after: {:.2f} {:.2f} {:.2f} (1, 5, 15 min)".format(*os.getloadavg()))
    for err in errors[:5]:
        print("error:", err)


if __name__ == "__main__":
    main()
