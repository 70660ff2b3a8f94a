"""The dashboard's cold figures: how long the first `/api/statistics` (and dashboard page)
after a write takes on a large store.

After a write the audit head moves, so the counts of `services.dashboard` are read again
(`dashboard_counts`: every person with their records, events and attributes) and the
estimate is recomputed in a background thread, which the request waits for up to
`estimate_wait_s` (2 s by default) before answering with the last estimate. Two timings,
each the median of `--runs` cold calls:

- **counts**: `dashboard_counts` of the scope in a fresh session (no cache), wall and CPU
  time (the CPU time says more than the wall time on a shared, loaded machine);
- **api**: `GET /api/statistics` on a freshly created app (nothing cached, as after a
  write), each run in a child process so that no background estimate of an earlier run
  competes for the CPU. The request is timed, not the process start.

    uv run python bench/dashboard.py --db /tmp/store.db [--event SLUG] [--runs 5] [--api]

Build a store first, e.g. (about 21,750 persons from 41,011 records):

    uv run vigil synth /tmp/d -q --people 28000 --seed 3
    export VIGIL_DB=sqlite:////tmp/store.db; uv run vigil init
    # then `vigil import` each file of /tmp/d/sources.csv, `vigil link`, `vigil grade`
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

CHILD = """
import sys, time
from fastapi.testclient import TestClient
from vigil.domain import Role
from vigil.security.permissions import Actor
from vigil.store import open_store
from vigil.web import WebSettings, create_app
from vigil.web.deps import api_actor
url, event = sys.argv[1], sys.argv[2]
app = create_app(open_store(url), WebSettings(secret_key="bench"))
app.dependency_overrides[api_actor] = lambda: Actor("bench", Role.VIEWER)
client = TestClient(app)
params = {"event": event} if event else {}
t = time.perf_counter()
r = client.get("/api/statistics", params=params)
elapsed = time.perf_counter() - t
assert r.status_code == 200, r.text
body = r.json()
print(elapsed, body["dead"], body["documented_floor"], body["estimate_pending"])
"""


def _url(db: str) -> str:
    return db if "://" in db else f"sqlite:///{os.path.abspath(db)}"


def time_counts(url: str, event: str | None, runs: int, cpu_s: list[float]) -> list[float]:
    from vigil.services.dashboard import dashboard_counts, event_scope
    from vigil.store import open_store

    store = open_store(url)
    out = []
    try:
        for _ in range(runs):
            with store.session() as s:
                scope = event_scope(s, event)
                t, cpu = time.perf_counter(), time.process_time()
                d = dashboard_counts(s, scope)
                out.append(time.perf_counter() - t)
                cpu_s.append(time.process_time() - cpu)
        print(f"  {d.persons:,} persons, {d.dead:,} dead, floor {d.documented_floor:,}")
    finally:
        store.close()
    return out


def time_api(url: str, event: str | None, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        res = subprocess.run(
            [sys.executable, "-c", CHILD, url, event or ""],
            check=True,
            capture_output=True,
            text=True,
        )
        elapsed, dead, floor, pending = res.stdout.split()
        out.append(float(elapsed))
    print(f"  api: dead {dead}, floor {floor}, estimate pending {pending}")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True, help="SQLite path or store URL")
    ap.add_argument("--event", default=None, help="an event's slug (default: every death)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--api", action="store_true", help="also time GET /api/statistics")
    args = ap.parse_args()
    url = _url(args.db)
    with open("/proc/loadavg") if os.path.exists("/proc/loadavg") else open(os.devnull) as f:
        load = f.read().split()[:3]
    print(f"store {url}, event {args.event or '(every death)'}, load {' '.join(load)}")
    cpu: list[float] = []
    counts = time_counts(url, args.event, args.runs, cpu)
    print(
        f"counts: median {statistics.median(counts):.2f} s over {len(counts)} cold calls "
        f"({', '.join(f'{t:.2f}' for t in counts)}); CPU median {statistics.median(cpu):.2f} s"
    )
    if args.api:
        api = time_api(url, args.event, args.runs)
        print(
            f"api:    median {statistics.median(api):.2f} s over {len(api)} cold calls "
            f"({', '.join(f'{t:.2f}' for t in api)})"
        )


if __name__ == "__main__":
    main()
