"""Linkage benchmark: quality against the synth truth, speed and peak memory.

    uv run python bench/linkage.py                      # 10,000 and 100,000 records
    uv run python bench/linkage.py --sizes 10000 --naive
    uv run python bench/linkage.py --sizes 1000000 --service --no-vigil   # the long run

For each size: `vigil synth` data (four sources, Persian and Latin script) is imported into
a fresh SQLite store (not timed), then linked in a fresh process so its peak RSS is the
linkage's own. Pairwise precision/recall/F1 are computed on the final clusters (all pairs
inside persons) against truth.csv, and the number of persons against the true number.
`--naive` adds the baseline: plain Splink on lower-cased full names, no script awareness.
`--service` adds the whole `vigil link` path (read the store, link, write persons, record
links, violations and scored pairs back); `--no-vigil` skips the in-memory linkage run.
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

RECORDS_PER_PERSON = 1.55  # what `vigil synth` yields with four sources (measured)


def prepare(workdir: Path, records: int, seed: int, synth_options: list[str] | None = None) -> None:
    """Generate synth data and import it into workdir/store.db."""
    from vigil.domain import SourceKind
    from vigil.places import Gazetteer
    from vigil.services.importing import import_file
    from vigil.store import open_store

    workdir.mkdir(parents=True, exist_ok=True)
    people = int(records / RECORDS_PER_PERSON)
    t0 = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-c",
            "from vigil.cli.app import main; main()",
            "synth",
            str(workdir),
            "--people",
            str(people),
            "--seed",
            str(seed),
            "-q",
            *(synth_options or ["--sources", "4"]),
        ],
        check=True,
    )
    t1 = time.perf_counter()
    store = open_store(f"sqlite:///{workdir / 'store.db'}", create=True)
    gaz = Gazetteer.load()
    with (workdir / "sources.csv").open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            import_file(
                store,
                workdir / row["file"].strip(),
                source=row["name"],
                kind=SourceKind(row["kind"].strip()),
                group=row["independence_group"].strip(),
                gazetteer=gaz,
            )
    store.close()
    print(f"  prepared {workdir}: synth {t1 - t0:.0f}s, import {time.perf_counter() - t1:.0f}s")


def _current(workdir: Path) -> bool:
    """A prepared store exists and was keyed by the name rules in force (else re-prepare:
    stale keys would measure the old rules)."""
    if not (workdir / "store.db").exists():
        return False
    from vigil.services.rekeying import keys_are_current
    from vigil.store import open_store

    store = open_store(f"sqlite:///{workdir / 'store.db'}")
    try:
        with store.session() as s:
            return keys_are_current(s)
    finally:
        store.close()


def _truth(workdir: Path) -> dict[tuple[str, str], str]:
    with (workdir / "truth.csv").open(encoding="utf-8-sig", newline="") as f:
        return {(r["source"], r["source_record_id"]): r["person_id"] for r in csv.DictReader(f)}


def run(workdir: Path, mode: str, engine: str, threshold: float | None) -> dict[str, Any]:
    """Link the store in workdir (in this process) and measure."""
    import pandas as pd

    from vigil.linkage.engine import EngineConfig
    from vigil.linkage.evaluate import pairwise_scores
    from vigil.linkage.frame import prepare_frame
    from vigil.linkage.pipeline import DEFAULT_THRESHOLD, link
    from vigil.services.linking import load_records, run_linkage
    from vigil.store import open_store

    store = open_store(f"sqlite:///{workdir / 'store.db'}")
    with store.session() as s:
        records = load_records(s)
    truth_by_key = _truth(workdir)
    truth = {
        int(rid): truth_by_key[(src, srid)]
        for rid, src, srid in zip(
            records["id"], records["source"], records["source_record_id"], strict=True
        )
    }
    th = DEFAULT_THRESHOLD if threshold is None else threshold
    started = time.perf_counter()
    if mode == "service":
        report = run_linkage(store, engine=engine, threshold=th)
        with store.session() as s:
            linked = load_records(s)
        groups = linked.groupby("person_id")["id"].apply(list).tolist()
        seconds = report.seconds
    else:
        frame = prepare_frame(records.rename(columns={"id": "unique_id"}))
        if mode == "naive":
            frame["naive_name"] = records["name_raw"].to_numpy()
            frame["naive_place"] = records["province_code"].to_numpy()
        cfg = EngineConfig(engine=engine, naive=(mode == "naive"))
        outcome = link(frame, config=cfg, threshold=th)
        groups = outcome.clusters
        seconds = time.perf_counter() - started
    scores = pairwise_scores(groups, truth)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    del pd
    return {
        "mode": mode,
        "engine": engine,
        "threshold": th,
        "records": len(records),
        "seconds": round(seconds, 1),
        "records_per_s": round(len(records) / seconds),
        "peak_rss_mb": round(peak_mb),
        "precision": round(scores.precision, 4),
        "recall": round(scores.recall, 4),
        "f1": round(scores.f1, 4),
        "persons": scores.n_clusters,
        "true_persons": scores.n_true,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000", help="record counts, comma-separated")
    ap.add_argument("--naive", action="store_true", help="also run the naive baseline")
    ap.add_argument("--service", action="store_true", help="also time the full store service")
    ap.add_argument("--no-vigil", action="store_true", help="skip the in-memory linkage run")
    ap.add_argument("--sources", type=int, default=4, help="vigil synth --sources")
    ap.add_argument("--typo-scale", type=float, default=None, help="vigil synth --typo-scale")
    ap.add_argument("--duplicate-rate", type=float, default=None, help="vigil synth option")
    ap.add_argument("--engine", default="duckdb")
    ap.add_argument("--threshold", type=float, default=None)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/vigil-bench-linkage"))
    ap.add_argument("--_run", nargs=2, metavar=("DIR", "MODE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args._run:
        out = run(Path(args._run[0]), args._run[1], args.engine, args.threshold)
        print("RESULT " + json.dumps(out))
        return
    synth_options = [("--sources", str(args.sources))]
    if args.typo_scale is not None:
        synth_options.append(("--typo-scale", str(args.typo_scale)))
    if args.duplicate_rate is not None:
        synth_options.append(("--duplicate-rate", str(args.duplicate_rate)))
    results = []
    for size in [int(x) for x in args.sizes.split(",")]:
        variant = "".join(
            f"_{o.lstrip('-')}{v}" for o, v in synth_options if (o, v) != ("--sources", "4")
        )
        wd = args.workdir / f"n{size}_s{args.seed}{variant}"
        if not _current(wd):
            if wd.exists():
                shutil.rmtree(wd)
            prepare(wd, size, args.seed, [x for pair in synth_options for x in pair])
        modes = (
            ([] if args.no_vigil else ["vigil"])
            + (["naive"] if args.naive else [])
            + (["service"] if args.service else [])
        )
        for mode in modes:
            cmd = [sys.executable, __file__, "--_run", str(wd), mode, "--engine", args.engine]
            if args.threshold is not None:
                cmd += ["--threshold", str(args.threshold)]
            proc = subprocess.run(cmd, capture_output=True, text=True)
            line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")), None)
            if line is None:
                print(proc.stdout[-2000:], proc.stderr[-4000:])
                raise SystemExit(f"{mode} run failed at {size} records")
            res = json.loads(line[7:])
            results.append(res)
            print(
                f"{res['records']:>9,} records  {mode:<7} {res['engine']}: "
                f"P={res['precision']:.4f} R={res['recall']:.4f} F1={res['f1']:.4f}  "
                f"persons {res['persons']:,} (true {res['true_persons']:,})  "
                f"{res['seconds']:.1f}s  {res['records_per_s']:,} rec/s  "
                f"peak RSS {res['peak_rss_mb']:,} MB",
                flush=True,
            )
    (args.workdir / "results.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
