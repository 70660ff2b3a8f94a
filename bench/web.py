"""Victim search under load: 100,000 persons, 20 concurrent clients on loopback.

Builds a temporary SQLite store with synthetic persons (one to two records each, names
keyed with vigil.names as the importer keys them), serves it with uvicorn in a child
process on a free loopback port, signs 20 clients in, and has each run a bounded loop of
name searches (Latin and Persian spellings) against the victims page. Prints p50, p95 and
requests per second, with the server's CPU time per request (from /proc) and the machine
load, since on a shared machine latency says as much about the neighbours as about Vigil.
Closed loop: each client sends its next request when the last one answered; every client
first runs a warm-up pass that is not measured. Target (issue 7): p95 under 100 ms.

The server keeps idle connections for 300 s (uvicorn's default, 5 s, closes a client's
connection while the others sign in on a loaded machine, and the next request fails). The
server is ready when `GET /healthz` answers 200 (a few times in a row, so that every
worker is likely up), polled for up to `--start-timeout` seconds (default 300).

    uv run python bench/web.py [--persons 100000] [--clients 20] [--requests 50] [--workers 2]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
from sqlalchemy import insert

from vigil.names import father_key, name_keys, parse_name
from vigil.security.passwords import hash_password
from vigil.store import open_store
from vigil.store.models import Person, Source, SourceRecord, User

GIVEN = [
    ("محمد", "Mohammad"), ("علی", "Ali"), ("حسین", "Hossein"), ("رضا", "Reza"),
    ("مهدی", "Mehdi"), ("امیر", "Amir"), ("سعید", "Saeed"), ("مجید", "Majid"),
    ("زهرا", "Zahra"), ("فاطمه", "Fatemeh"), ("مریم", "Maryam"), ("نرگس", "Narges"),
    ("حمید", "Hamid"), ("جواد", "Javad"), ("کاظم", "Kazem"), ("پویا", "Pouya"),
    ("بهنام", "Behnam"), ("نوید", "Navid"), ("آرش", "Arash"), ("فرهاد", "Farhad"),
]  # fmt: skip
FAMILY = [
    ("حسینی", "Hosseini"), ("احمدی", "Ahmadi"), ("محمدی", "Mohammadi"), ("رضایی", "Rezaei"),
    ("موسوی", "Mousavi"), ("کریمی", "Karimi"), ("جعفری", "Jafari"), ("صادقی", "Sadeghi"),
    ("رحیمی", "Rahimi"), ("نوری", "Nouri"), ("کاظمی", "Kazemi"), ("قاسمی", "Ghasemi"),
    ("اکبری", "Akbari"), ("عباسی", "Abbasi"), ("حیدری", "Heidari"), ("یزدانی", "Yazdani"),
    ("طاهری", "Taheri"), ("شریفی", "Sharifi"), ("بهرامی", "Bahrami"), ("سلیمانی", "Soleimani"),
]  # fmt: skip
PASSWORD = "bench password 1"


def build_store(path: Path, n_persons: int, seed: int = 7) -> str:
    url = f"sqlite:///{path}"
    store = open_store(url, create=True)
    rng = random.Random(seed)
    with store.session() as s:
        s.add(User(username="bench", role="viewer", password_hash=hash_password(PASSWORD)))
        sources = [
            Source(name=f"list {i}", kind="ngo", independence_group=f"g{i}") for i in range(3)
        ]
        s.add_all(sources)
        s.flush()
        source_ids = [src.id for src in sources]
    persons, records = [], []
    rid = 0
    for i in range(1, n_persons + 1):
        g = rng.choice(GIVEN)
        f = rng.choice(FAMILY)
        pid = f"P-{i:06d}"
        persons.append(
            {
                "id": pid,
                "display_name": f"{g[0]} {f[0]}",
                "display_name_latin": f"{g[1]} {f[1]}",
                "sex": "male",
                "age": rng.randint(15, 60),
                "province_code": "26",
                "grade": rng.choice(["confirmed", "fair", "weak"]),
                "n_sources": 1,
                "n_groups": 1,
                "active": True,
                "created_by": "bench",
            }
        )
        for script in range(rng.choice((1, 1, 2))):
            rid += 1
            name = f"{g[script]} {f[script]}"
            keys = name_keys(parse_name(name))
            records.append(
                {
                    "source_id": source_ids[rid % 3],
                    "source_record_id": f"r{rid}",
                    "raw": {"name": name},
                    "content_sha256": hashlib.sha256(name.encode()).hexdigest(),
                    "name_raw": name,
                    "given_key": keys.given_key,
                    "family_key": keys.family_key,
                    "father_key": father_key(None) or None,
                    "full_key": keys.full_key,
                    "person_id": pid,
                    "violation": "killed",
                    "place_resolved": False,
                    "created_by": "bench",
                }
            )
    with store.engine.begin() as conn:
        conn.execute(insert(Person), persons)
        for i in range(0, len(records), 20_000):
            conn.execute(insert(SourceRecord), records[i : i + 20_000])
    store.close()
    return url


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


SERVER = """
import os, sys, uvicorn
from vigil.store import open_store
from vigil.web import WebSettings, create_app
url, port, cache, workers = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
if workers > 1:  # as `vigil serve --workers N`: one process per worker, shared store and key
    os.environ.update(VIGIL_DB=url, VIGIL_SECRET_KEY="bench", VIGIL_SEARCH_CACHE=str(cache))
    uvicorn.run("vigil.web.asgi:app_from_env", factory=True, workers=workers, host="127.0.0.1",
                port=port, log_level="warning", access_log=False, timeout_keep_alive=300)
else:
    settings = WebSettings(secret_key="bench", search_cache_size=cache)
    app = create_app(open_store(url), settings)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False,
                timeout_keep_alive=300)
"""


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its live children (Linux /proc), 0 elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return 0.0
    own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return own + sum(cpu_seconds(int(c)) for c in children)


def stop(server: subprocess.Popen[bytes]) -> None:
    """Terminate the server (uvicorn's supervisor stops its workers), and kill it if it has
    not gone within a minute: a loaded machine can take that long."""
    server.terminate()
    try:
        server.wait(timeout=60)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def wait_until_healthy(
    base: str, server: subprocess.Popen[bytes], deadline_s: float, workers: int
) -> float:
    """Poll `GET /healthz` until it has answered 200 `workers` times in a row (each answer
    comes from whichever worker accepted the connection, so a few in a row make it likely that
    every worker has started); returns the seconds waited. Gives up with a clear message when
    the server process ends or `deadline_s` passes: on a loaded machine importing the app in
    each worker can take well over a minute, hence a long, configurable deadline."""
    t0 = time.monotonic()
    in_a_row = 0
    while in_a_row < workers:
        try:
            ok = httpx.get(f"{base}/healthz", timeout=5).status_code == 200
        except httpx.TransportError:  # refused, reset or timed out: not up yet
            ok = False
        in_a_row = in_a_row + 1 if ok else 0
        if in_a_row >= workers:
            break
        if server.poll() is not None:
            raise SystemExit(f"server exited with status {server.returncode} before it was up")
        if time.monotonic() - t0 > deadline_s:
            raise SystemExit(
                f"server not healthy after {deadline_s:.0f}s (GET /healthz); raise --start-timeout"
            )
        time.sleep(0.5 if not ok else 0.05)
    return time.monotonic() - t0


def sign_in(base: str, timeout: float) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=timeout)
    html = client.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert token
    r = client.post(
        "/login", data={"username": "bench", "password": PASSWORD, "csrf_token": token.group(1)}
    )
    assert r.status_code == 303, r.text
    return client


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--persons", type=int, default=100_000)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--requests", type=int, default=50, help="searches per client")
    ap.add_argument("--path", default="/victims", help="/victims (page) or /api/persons")
    ap.add_argument("--no-cache", action="store_true", help="every search hits the database")
    ap.add_argument(
        "--workers", type=int, default=2, help="server processes, as `vigil serve --workers`"
    )
    ap.add_argument("--db", default="", help="reuse a store built before (SQLite path)")
    ap.add_argument(
        "--timeout", type=float, default=120.0, help="seconds a client waits for one answer"
    )
    ap.add_argument(
        "--start-timeout", type=float, default=300.0,
        help="seconds to wait for GET /healthz to answer 200 (loaded machines need minutes)",
    )  # fmt: skip
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        url = (
            build_store(Path(tmp) / "bench.db", args.persons)
            if not args.db
            else f"sqlite:///{args.db}"
        )
        if args.db:
            print(f"store: reusing {args.db}")
        else:
            print(f"store: {args.persons:,} persons built in {time.perf_counter() - t0:.1f}s")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        cache = "0" if args.no_cache else "1024"
        server = subprocess.Popen(
            [sys.executable, "-c", SERVER, url, str(port), cache, str(args.workers)]
        )
        try:
            waited = wait_until_healthy(base, server, args.start_timeout, args.workers)
            print(f"server: {args.workers} worker(s) healthy after {waited:.1f}s")
            clients = [sign_in(base, args.timeout) for _ in range(args.clients)]
            queries = [g[i] for g in GIVEN for i in (0, 1)] + [f[i] for f in FAMILY for i in (0, 1)]
            queries += [f"{g[1]} {f[1]}" for g, f in zip(GIVEN, FAMILY, strict=True)]
            for i, c in enumerate(clients):  # warm-up: every client, every query once
                for q in queries[i % 3 :: 3]:
                    c.get(args.path, params={"q": q}).raise_for_status()
            latencies: list[float] = []
            errors = 0
            lock = threading.Lock()
            barrier = threading.Barrier(args.clients)

            def run(i: int, client: httpx.Client) -> None:
                nonlocal errors
                rng = random.Random(i)
                mine: list[float] = []
                bad = 0
                barrier.wait()
                for _ in range(args.requests):
                    q = rng.choice(queries)
                    start = time.perf_counter()
                    r = client.get(args.path, params={"q": q})
                    mine.append(time.perf_counter() - start)
                    bad += r.status_code != 200
                with lock:
                    latencies.extend(mine)
                    errors += bad

            threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(clients)]
            load = os.getloadavg()[0]
            cpu0 = cpu_seconds(server.pid)
            t0 = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            wall = time.perf_counter() - t0
            cpu = cpu_seconds(server.pid) - cpu0
        finally:
            stop(server)
    lat = sorted(latencies)
    p50 = statistics.median(lat) * 1000
    p95 = lat[int(0.95 * (len(lat) - 1))] * 1000
    print(
        f"search {args.path} (result cache {'off' if args.no_cache else 'on'}): "
        f"{len(lat):,} requests, {args.clients} clients, errors {errors}: "
        f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, {len(lat) / wall:.0f} requests/s"
    )
    print(
        f"server CPU {cpu / len(lat) * 1000:.2f} ms per request; "
        f"machine load {load:.1f} at start, {os.getloadavg()[0]:.1f} at end, "
        f"{os.cpu_count()} CPUs"
    )
    print(f"target p95 < 100 ms: {'met' if p95 < 100 else 'NOT met'}")


if __name__ == "__main__":
    main()
