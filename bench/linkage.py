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

Quality per data set and per phenomenon (the field habits of `vigil synth`):

    uv run python bench/linkage.py --suite --quick      # 17 data sets of ~2,000 records
    uv run python bench/linkage.py --suite              # the same at ~10,000 records

runs every (variant, seed) of `vigil.synth.variants.SUITE` (4-, 5- and 8-source sets, hard
variants; held-out variants and seeds reported apart), imports each source as `vigil import
--skip-invalid` would (a refused row is counted per source and per phenomenon, not fatal),
links in memory and prints precision, recall and F1 per data set, their medians (tuning and
held-out apart), and recall per phenomenon: over the true pairs where at least one record
carries it (`phenomena` column of truth.csv).
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
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


def _truth_phenomena(workdir: Path) -> dict[tuple[str, str], frozenset[str]]:
    """(source, record id) -> phenomena the record carries; empty when truth.csv has none."""
    from vigil.synth.quality import parse_phenomena

    with (workdir / "truth.csv").open(encoding="utf-8-sig", newline="") as f:
        return {
            (r["source"], r["source_record_id"]): parse_phenomena(r.get("phenomena") or "")
            for r in csv.DictReader(f)
        }


def score_phenomena(
    groups: list[list[int]],
    truth: dict[int, str],
    tags: dict[int, frozenset[str]],
) -> dict[str, list[int]]:
    """Per phenomenon: [records carrying it, true pairs carrying it, of those found]."""
    from vigil.synth.quality import phenomenon_recall

    return {
        t: [r.records, r.true_pairs, r.found_pairs]
        for t, r in phenomenon_recall(groups, truth, tags).items()
    }


def print_misses(
    records: Any,
    frame: Any,
    groups: list[list[int]],
    truth: dict[int, str],
    tags: dict[int, frozenset[str]],
    limit: int,
    tag: str | None = None,
) -> None:
    """Print up to `limit` missed true pairs (raw names, keys, phenomena), so a
    reader sees why two reports of one person were kept apart; `tag` keeps only
    pairs carrying that phenomenon."""
    import itertools

    cluster_of = {r: i for i, g in enumerate(groups) for r in g}
    by_person: dict[str, list[int]] = {}
    for r in cluster_of:
        by_person.setdefault(truth[r], []).append(r)
    raw = records.set_index("id")
    keys = frame.set_index("unique_id")
    missed = [
        (a, b)
        for members in by_person.values()
        for a, b in itertools.combinations(sorted(members), 2)
        if cluster_of[a] != cluster_of[b] and (tag is None or tag in tags[a] | tags[b])
    ]
    print(f"  missed true pairs{' with ' + tag if tag else ''}: {len(missed):,}")

    def show(r: int) -> str:
        row, key = raw.loc[r], keys.loc[r]
        return (
            f"{row['name_raw']!s:<34} g={key['given_key']} f={key['family_key']} "
            f"fa={key['father_key']} age={key['age']} sex={key['sex']} "
            f"city={key['city_id']} day={key['date_day']} [{';'.join(sorted(tags[r]))}]"
        )

    for a, b in missed[:limit]:
        print(f"   - {show(a)}\n     {show(b)}")


def run(
    workdir: Path,
    mode: str,
    engine: str,
    threshold: float | None,
    misses: int = 0,
    miss_tag: str | None = None,
) -> dict[str, Any]:
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
    tag_by_key = _truth_phenomena(workdir)
    tags = {
        int(rid): tag_by_key.get((src, srid), frozenset())
        for rid, src, srid in zip(
            records["id"], records["source"], records["source_record_id"], strict=True
        )
    }
    phenomena = score_phenomena([list(map(int, g)) for g in groups], truth, tags)
    if misses and mode == "vigil":
        groups_int = [list(map(int, g)) for g in groups]
        print_misses(records, frame, groups_int, truth, tags, misses, miss_tag)
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
        "phenomena": phenomena,
    }


def prepare_variant(workdir: Path, variant: str, seed: int, records: int) -> dict[str, Any]:
    """Generate one suite data set and import it as `vigil import --skip-invalid` would.

    Returns the rejects: per source, and per phenomenon of the refused records.
    """
    from vigil.domain import SourceKind
    from vigil.places import Gazetteer
    from vigil.services.importing import import_file
    from vigil.store import open_store
    from vigil.synth import people_for_records, write_dataset
    from vigil.synth.dataset import generate
    from vigil.synth.variants import get_variant

    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    config = get_variant(variant).config(people=1, seed=seed)
    config = dataclasses.replace(config, people=people_for_records(records, config))
    dataset = generate(config)
    write_dataset(dataset, workdir)
    tags = _truth_phenomena(workdir)
    store = open_store(f"sqlite:///{workdir / 'store.db'}", create=True)
    gaz = Gazetteer.load()
    rejected: dict[str, int] = {}
    by_phenomenon: dict[str, int] = {}
    reasons: dict[str, int] = {}
    try:
        for spec in dataset.sources:
            result = import_file(
                store,
                workdir / spec.file,
                source=spec.name,
                kind=SourceKind(spec.kind.value),
                group=spec.independence_group,
                gazetteer=gaz,
                skip_invalid=True,
                rejects=workdir / f"{spec.file}.rejects.csv",
            )
            rejected[spec.name] = result.rows_rejected
            if result.rejects_file:
                with Path(result.rejects_file).open(encoding="utf-8-sig", newline="") as f:
                    for row in csv.DictReader(f):
                        for t in tags.get((spec.name, row["source_record_id"]), ()):
                            by_phenomenon[t] = by_phenomenon.get(t, 0) + 1
                        column = row["reasons"].split(":", 1)[0]
                        reasons[column] = reasons.get(column, 0) + 1
        unresolved = _unresolved_places(store)
    finally:
        store.close()
    place_records = sum(1 for t in tags.values() if "place_name" in t)
    own_unresolved = sum(1 for k in unresolved if "place_name" in tags.get(k, ()))
    return {
        "records_written": dataset.record_count,
        "places_unresolved": len(unresolved),
        "place_name_records": place_records,
        "place_name_unresolved": own_unresolved,
        "rejected": rejected,
        "rejected_by_phenomenon": by_phenomenon,
        "rejected_by_column": reasons,
    }


def _unresolved_places(store: Any) -> set[tuple[str, str]]:
    """(source, record id) of stored records whose place the gazetteer did not resolve."""
    from sqlalchemy import text

    with store.engine.connect() as conn:
        rows = conn.execute(
            text(
                "select s.name, r.source_record_id from source_records r "
                "join sources s on s.id = r.source_id where not r.place_resolved"
            )
        ).all()
    return {(str(a), str(b)) for a, b in rows}


def _median(values: list[float]) -> float:
    import statistics

    return statistics.median(values) if values else float("nan")


def run_suite(args: argparse.Namespace) -> None:
    """Every (variant, seed) of the suite: P/R/F1 per data set, recall per phenomenon."""
    from vigil.synth.variants import SUITE, get_variant, is_held_out

    records = args.records or (2000 if args.quick else 10000)
    suite = list(SUITE)
    if args.variants:
        suite = []
        for item in args.variants.split(","):
            name, _, seed = item.partition(":")
            suite.append((name.strip(), int(seed or 1)))
    rows: list[dict[str, Any]] = []
    started = time.perf_counter()
    for variant, seed in suite:
        wd = args.workdir / f"suite_{variant}_s{seed}_n{records}"
        t0 = time.perf_counter()
        prep = prepare_variant(wd, variant, seed, records)
        prep["prepare_s"] = round(time.perf_counter() - t0, 1)
        res = run(wd, "vigil", args.engine, args.threshold, args.misses, args.miss_tag)
        held = is_held_out(variant, seed)
        row = {
            "variant": variant,
            "seed": seed,
            "held_out": held,
            "sources": get_variant(variant).sources,
            **prep,
            **res,
            "wall_s": round(time.perf_counter() - t0, 1),
        }
        rows.append(row)
        print(
            f"{variant + ' s' + str(seed):<22} {'held-out' if held else '':<8} "
            f"{row['sources']:>2} src {res['records']:>6,} rec {sum(prep['rejected'].values()):>4} "
            f"rej  P={res['precision']:.3f} R={res['recall']:.3f} F1={res['f1']:.3f}  "
            f"persons {res['persons']:,}/{res['true_persons']:,}  "
            f"{prep['prepare_s']:.0f}+{res['seconds']:.0f}s",
            flush=True,
        )
    (args.workdir / "suite.json").write_text(json.dumps(rows, indent=1, ensure_ascii=False))
    print_suite_summary(rows)
    elapsed = time.perf_counter() - started
    print(f"suite: {len(rows)} data sets of ~{records:,} records in {elapsed:.0f}s")


def print_suite_summary(rows: list[dict[str, Any]]) -> None:
    """Medians per group and the per-phenomenon recall table, tuning and held-out apart."""
    groups = {"tuning": [r for r in rows if not r["held_out"]]}
    groups["held-out"] = [r for r in rows if r["held_out"]]
    print()
    for label, members in groups.items():
        if not members:
            continue
        print(
            f"median over {len(members)} {label} data sets: "
            f"P={_median([r['precision'] for r in members]):.3f} "
            f"R={_median([r['recall'] for r in members]):.3f} "
            f"F1={_median([r['f1'] for r in members]):.3f}  "
            f"(worst F1 {min(r['f1'] for r in members):.3f}, "
            f"{min(members, key=lambda r: r['f1'])['variant']})"
        )
    tags = sorted({t for r in rows for t in r["phenomena"]})
    print("\nrecall per phenomenon (true pairs where at least one record carries it)")
    header = f"{'phenomenon':<14}"
    for label in groups:
        header += f" | {label + ' pairs':>15} {'recall':>7} {'worst':>6} {'rejected':>8}"
    print(header)
    for t in tags:
        line = f"{t:<14}"
        for members in groups.values():
            cells = [r["phenomena"][t] for r in members if t in r["phenomena"]]
            pairs = sum(c[1] for c in cells)
            found = sum(c[2] for c in cells)
            worst = min((c[2] / c[1] for c in cells if c[1]), default=float("nan"))
            rej = sum(r["rejected_by_phenomenon"].get(t, 0) for r in members)
            recall = found / pairs if pairs else float("nan")
            line += f" | {pairs:>15,} {recall:>7.3f} {worst:>6.3f} {rej:>8,}"
        print(line)
    for label, members in groups.items():
        rej = sum(sum(r["rejected"].values()) for r in members)
        cols: dict[str, int] = {}
        for r in members:
            for c, k in r["rejected_by_column"].items():
                cols[c] = cols.get(c, 0) + k
        total = sum(r["records_written"] for r in members)
        print(f"rejected by the importer ({label}): {rej:,} of {total:,} records {cols}")
        own = sum(r["place_name_records"] for r in members)
        own_un = sum(r["place_name_unresolved"] for r in members)
        unresolved = sum(r["places_unresolved"] for r in members)
        print(
            f"places unresolved ({label}): {unresolved:,} records; of {own:,} written in own "
            f"or historic names, {own_un:,} unresolved"
        )


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
    ap.add_argument("--suite", action="store_true", help="quality per data set and phenomenon")
    ap.add_argument("--quick", action="store_true", help="--suite at ~2,000 records per set")
    ap.add_argument("--records", type=int, default=None, help="--suite: records per data set")
    ap.add_argument(
        "--variants", default=None, help="--suite: VARIANT:SEED,... instead of the suite"
    )
    ap.add_argument(
        "--misses", type=int, default=0, help="--suite: print up to N missed true pairs per set"
    )
    ap.add_argument("--miss-tag", default=None, help="--misses: only pairs with this phenomenon")
    ap.add_argument("--_run", nargs=2, metavar=("DIR", "MODE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args._run:
        out = run(Path(args._run[0]), args._run[1], args.engine, args.threshold)
        print("RESULT " + json.dumps(out))
        return
    if args.suite:
        run_suite(args)
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
