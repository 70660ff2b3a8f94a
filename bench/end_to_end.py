"""End-to-end benchmark: the total after Vigil's linkage against the total after the true links.

    uv run python bench/end_to_end.py --quick                 # 6 small data sets, ~4 minutes
    uv run python bench/end_to_end.py                         # 20 data sets
    uv run python bench/end_to_end.py --only 0-4              # a slice of the 20 (for chunks)
    uv run python bench/end_to_end.py --synth-opt="--typo-scale 2"   # passed to every synth
    uv run python bench/end_to_end.py --variant "habits:--typo-scale 4 --duplicate-rate 0.08"
    uv run python bench/end_to_end.py --review 25,50,100 --review-set 18
    uv run python bench/end_to_end.py --only 0-3 --threshold 0.97   # poor linkage on purpose
    uv run python bench/end_to_end.py --quick --held-out     # held-out variants and seeds
    uv run python bench/end_to_end.py --no-range --only 0-9  # no linkage range (faster); then
    uv run python bench/diagnostics_table.py /tmp/vigil-bench-e2e  # re-judge the diagnostics

For each data set `vigil synth` writes the lists and truth.csv; they are imported into a
fresh SQLite store and linked by the `vigil link` service. Then, for the statement's scope
(every death):

- **vigil**: the estimate from Vigil's persons (the statement's estimator and settings:
  LCMCR, seed 2019, adaptive), its sampling interval, and the linkage range
  (`services.linkage_range.linkage_range`: thresholds and clusterings drawn from the pair
  probabilities, each variant a quick LCMCR run);
- **truth**: the same estimator on the persons of truth.csv (records grouped by true
  person, persons' facts derived exactly as for a linkage variant);
- **in**: whether the reported interval (sampling interval ∪ linkage range) contains the
  true-links median; **gap**: the vigil median's distance from it, in percent.

A data set's synth options are its own (seed, people, sources, hidden fraction, typo scale,
duplicates) plus `--synth-opt` (any `vigil synth` option, e.g. the field-habit variants);
`--variant NAME:OPTIONS` adds data sets. `--review` simulates a reviewer who answers from
the truth: on one data set the uncertain pairs are decided in `--review-order` (impact, the
`vigil review --by-impact` order, which holds the same-letters pairs the run stored unscored
too; or near, scored pairs nearest an even chance), re-ranked and re-linked
at each checkpoint, and the share of the gap between the vigil and truth medians closed
after 25, 50, 100 decisions is printed.
"""

from __future__ import annotations

import argparse
import csv
import shlex
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: The 20 data sets: (seed, people, sources, hidden fraction, extra synth options).
#: Sizes, list counts and hidden groups vary; the last five are hard variants (heavy typos,
#: many within-list duplicates, a copying list).
SETS: list[tuple[int, int, int, float, list[str]]] = [
    (1, 600, 4, 0.0, []),
    (2, 900, 4, 0.0, []),
    (3, 1200, 4, 0.1, []),
    (4, 600, 5, 0.0, []),
    (5, 900, 5, 0.1, []),
    (6, 1200, 5, 0.2, []),
    (7, 600, 3, 0.0, []),
    (8, 900, 4, 0.2, []),
    (9, 1200, 4, 0.0, []),
    (10, 800, 5, 0.0, []),
    (11, 800, 4, 0.1, []),
    (12, 1000, 6, 0.0, []),
    (13, 700, 4, 0.3, []),
    (14, 1000, 5, 0.1, []),
    (15, 900, 4, 0.0, ["--typo-scale", "3"]),
    (16, 900, 5, 0.1, ["--typo-scale", "4"]),
    (17, 900, 4, 0.0, ["--duplicate-rate", "0.1"]),
    (18, 900, 5, 0.0, ["--copy-rate", "0.3"]),
    (19, 1000, 4, 0.1, ["--typo-scale", "5", "--duplicate-rate", "0.08"]),
    (20, 1000, 5, 0.2, ["--typo-scale", "4", "--duplicate-rate", "0.06"]),
]
QUICK = [0, 3, 6, 12, 14, 18]
#: Held-out data sets (`vigil.synth.variants`: held-out variants and seeds 9001-9010), run
#: with `--held-out`: nothing in linkage or the linkage range is tuned on them.
HELD_OUT: list[tuple[str, int]] = [
    ("field4", 9006),
    ("field5", 9007),
    ("field5_hidden", 9004),
    ("field8_hard", 9003),
    ("peoples8", 9005),
]


@dataclass
class DataSet:
    name: str
    seed: int
    people: int
    options: list[str] = field(default_factory=list)

    def synth_args(self) -> list[str]:
        return ["--people", str(self.people), "--seed", str(self.seed), *self.options]


def _vigil(*args: str) -> None:
    subprocess.run(
        [sys.executable, "-c", "from vigil.cli.app import main; main()", *args],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def prepare(ds: DataSet, workdir: Path) -> Path:
    """Synth and import one data set into workdir/NAME/store.db (reused when present)."""
    from vigil.domain import SourceKind
    from vigil.places import Gazetteer
    from vigil.services.importing import import_file
    from vigil.store import open_store

    d = workdir / ds.name
    db = d / "store.db"
    if db.exists():
        db.unlink()
    d.mkdir(parents=True, exist_ok=True)
    _vigil("synth", str(d), "-q", *ds.synth_args())
    store = open_store(f"sqlite:///{db}", create=True)
    gaz = Gazetteer.load()
    with (d / "sources.csv").open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            import_file(
                store,
                d / row["file"].strip(),
                source=row["name"],
                kind=SourceKind(row["kind"].strip()),
                group=row["independence_group"].strip(),
                gazetteer=gaz,
                # a row the importer refuses (an ambiguous written date) is left out, as
                # `vigil import --skip-invalid` would; its rejects file says which
                skip_invalid=True,
                rejects=d / f"{row['file'].strip()}.rejects.csv",
            )
    store.close()
    return d


def _truth(d: Path) -> dict[tuple[str, str], str]:
    with (d / "truth.csv").open(encoding="utf-8-sig", newline="") as f:
        return {(r["source"], r["source_record_id"]): r["person_id"] for r in csv.DictReader(f)}


def true_clusters(store: Any, d: Path) -> tuple[list[list[int]], dict[int, str]]:
    """Record ids grouped by true person, and record id -> true person."""
    from sqlalchemy import select

    from vigil.store.models import Source, SourceRecord

    truth = _truth(d)
    person: dict[int, str] = {}
    with store.session() as s:
        for rid, src, srid in s.execute(
            select(SourceRecord.id, Source.name, SourceRecord.source_record_id).join(
                Source, Source.id == SourceRecord.source_id
            )
        ):
            person[int(rid)] = truth[(src, srid)]
    groups: dict[str, list[int]] = {}
    for rid, pid in person.items():
        groups.setdefault(pid, []).append(rid)
    return [sorted(g) for g in groups.values()], person


def f1_of(store: Any, person: dict[int, str]) -> float:
    from sqlalchemy import select

    from vigil.linkage.evaluate import pairwise_scores
    from vigil.store.models import SourceRecord

    with store.session() as s:
        rows = s.execute(select(SourceRecord.id, SourceRecord.person_id)).all()
    groups: dict[str, list[int]] = {}
    for rid, pid in rows:
        groups.setdefault(str(pid), []).append(int(rid))
    return float(pairwise_scores(list(groups.values()), person).f1)


#: Skip the linkage range (`--no-range`): only the main and the true-links estimates, to
#: iterate on the linkage diagnostics faster.
NO_RANGE = False


def estimates(store: Any, d: Path, draws: int) -> dict[str, Any]:
    """Vigil's estimate with its linkage range, and the true-links estimate."""
    from vigil.services.capture import capture_table
    from vigil.services.figures import Figures, estimate_table
    from vigil.services.linkage_range import linkage_inputs, variant_rows
    from vigil.services.linkage_range import linkage_range as lrange
    from vigil.statement.settings import EstimateSettings, Scope

    settings = EstimateSettings()
    scope = Scope()
    clusters, person = true_clusters(store, d)
    with store.session() as s:
        est = Figures.load(s, settings).estimate_for(scope)
        t0 = time.perf_counter()
        link = None if NO_RANGE else lrange(s, scope, main=est, draws=draws)
        link_s = time.perf_counter() - t0
        inputs = linkage_inputs(s)
    assert inputs is not None
    true_table = capture_table(variant_rows(inputs, clusters), scope, settings.lists)
    true = estimate_table(true_table, settings)
    return {"est": est, "link": link, "true": true, "f1": f1_of(store, person), "link_s": link_s}


def _fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:,.0f}"


#: Clustering threshold of `vigil link` (None: its default). A high one makes poor linkage
#: (missed links) on purpose, to see the range and the reviewer at work.
THRESHOLD: float | None = None


def run_set(i: int, ds: DataSet, workdir: Path, draws: int) -> dict[str, Any]:
    import pickle

    from vigil.services import linking
    from vigil.services.linking import run_linkage
    from vigil.store import open_store

    t0 = time.perf_counter()
    d = prepare(ds, workdir)
    store = open_store(f"sqlite:///{d / 'store.db'}")
    diagnose = linking.diagnose

    def keep(**kw: Any) -> Any:  # the diagnostics' inputs, kept to try other limits offline
        (d / "diagnose.pkl").write_bytes(pickle.dumps(kw))
        return diagnose(**kw)

    linking.diagnose = keep  # type: ignore[assignment]
    try:
        report = run_linkage(store, threshold=THRESHOLD)
        r = estimates(store, d, draws)
    finally:
        linking.diagnose = diagnose  # type: ignore[assignment]
        store.close()
    est, link, true = r["est"], r["link"], r["true"]
    lo = link.combined_lower if link and link.combined_lower is not None else est.lower
    hi = link.combined_upper if link and link.combined_upper is not None else est.upper
    t = true.estimate
    inside = None if t is None or lo is None or hi is None else lo <= t <= hi
    in_sampling = None if t is None or est.lower is None else est.lower <= t <= est.upper
    gap = None if t is None or est.estimate is None else (est.estimate - t) / t
    in_range = None if t is None or link is None else link.lower <= t <= link.upper
    warn = bool(report.diagnostics and report.diagnostics.warnings)
    diag = report.diagnostics
    row = {
        "set": i,
        "name": ds.name,
        "options": " ".join(ds.synth_args()),
        "f1": r["f1"],
        "observed": est.observed,
        "true_observed": true.observed,
        "vigil": est.estimate,
        "vigil_lower": est.lower,
        "vigil_upper": est.upper,
        "link_lower": link.lower if link else None,
        "link_upper": link.upper if link else None,
        "truth": t,
        "inside": inside,
        "inside_sampling": in_sampling,
        "inside_range": in_range,
        "variants": [[v.name, v.persons, v.estimate] for v in link.variants] if link else [],
        "range_warning": link.warning if link else None,
        "gap": gap,
        "warning": warn,
        "diagnostic_warnings": report.diagnostics.warnings if report.diagnostics else [],
        # every signal's value beside its limit (`LIMITS`), to see which fire and how close
        "signals": diag.signals() if diag else {},
        "near_miss_singletons": diag.near_miss_singletons if diag else None,
        "lenient_singletons": diag.lenient_singletons if diag else None,
        "seconds": time.perf_counter() - t0,
    }
    print(
        f"{i:>3} {ds.name:<10} F1 {row['f1']:.3f} obs {est.observed:>5} (true {true.observed:>5}) "
        f"vigil {_fmt(est.estimate):>6} [{_fmt(est.lower)}, {_fmt(est.upper)}] "
        f"link [{_fmt(row['link_lower'])}, {_fmt(row['link_upper'])}] "
        f"truth {_fmt(t):>6}  in {'yes' if inside else 'NO '} "
        f"(sampling only {'yes' if in_sampling else 'no '}, range {'yes' if in_range else 'no '}) "
        f"gap {'-' if gap is None else f'{gap:+.1%}'} "
        f"{'WARN' if warn else '    '}{' RANGE-WARN' if row['range_warning'] else ''} "
        f"same-letters singletons {row['lenient_singletons'] or 0:.1%} "
        + " ".join(f"{k}={v:.3g}" for k, v in row["signals"].items() if v is not None)
        + " "
        f"{row['seconds']:.0f}s",
        flush=True,
    )
    return row


def summary(rows: list[dict[str, Any]], label: str = "") -> None:
    n = len(rows)
    inside = sum(1 for r in rows if r["inside"])
    sampling = sum(1 for r in rows if r["inside_sampling"])
    in_range = sum(1 for r in rows if r["inside_range"])
    gaps = sorted(r["gap"] for r in rows if r["gap"] is not None)
    good = [r for r in rows if r["f1"] >= 0.97 and r["gap"] is not None]
    close = sum(1 for r in good if abs(r["gap"]) <= 0.10)
    print(
        f"\nSUMMARY {n} {label}data sets: true-links median inside the reported interval "
        f"(sampling ∪ linkage range) in {inside}/{n} (sampling interval alone {sampling}/{n}); "
        f"medians within 10% in {close}/{len(good)} sets with F1 >= 0.97; "
        f"linkage warnings on {sum(1 for r in rows if r['warning'])}; true-links median "
        f"inside the linkage range alone in {in_range}/{n}; linkage-range warnings on "
        f"{sum(1 for r in rows if r['range_warning'])}; median gap "
        + (f"{gaps[len(gaps) // 2]:+.1%}" if gaps else "-")
    )


def _save(rows: list[dict[str, Any]], path: Path) -> None:
    import json

    path.write_text(json.dumps(rows, indent=1, default=str), encoding="utf-8")


def review(ds: DataSet, workdir: Path, steps: list[int], order: str) -> None:
    """Simulated reviewer answering from the truth; gap closed after each checkpoint."""
    from sqlalchemy import func, select

    from vigil.linkage.pipeline import REVIEW_HIGH, REVIEW_LOW
    from vigil.services.figures import Figures
    from vigil.services.linking import SCORED, rank_by_impact, record_decision, run_linkage
    from vigil.statement.settings import EstimateSettings, Scope
    from vigil.store import open_store
    from vigil.store.models import LinkDecision, LinkPair

    d = prepare(ds, workdir)
    store = open_store(f"sqlite:///{d / 'store.db'}")
    settings = EstimateSettings()
    try:
        run_linkage(store, threshold=THRESHOLD)
        r = estimates(store, d, draws=0)
        t, e0 = r["true"].estimate, r["est"].estimate
        _clusters, person = true_clusters(store, d)
        print(
            f"review ({order} order) on {ds.name} [{' '.join(ds.synth_args())}]: F1 "
            f"{r['f1']:.3f}; vigil {_fmt(e0)}, truth {_fmt(t)}"
        )
        done = 0
        for k in steps:
            with store.session() as s:
                if order == "impact":
                    ranked = [(p.record_l, p.record_r) for p in rank_by_impact(s)]
                else:
                    decided = {
                        (a, b)
                        for a, b in s.execute(select(LinkDecision.record_a, LinkDecision.record_b))
                    }
                    ranked = [
                        (a, b)
                        for a, b in s.execute(
                            select(LinkPair.record_l, LinkPair.record_r)
                            .where(
                                LinkPair.kind == SCORED,
                                LinkPair.match_probability >= REVIEW_LOW,
                                LinkPair.match_probability < REVIEW_HIGH,
                            )
                            .order_by(func.abs(LinkPair.match_probability - 0.5), LinkPair.id)
                        )
                        if (min(a, b), max(a, b)) not in decided
                    ]
            for a, b in ranked[: k - done]:
                same = person[a] == person[b]
                record_decision(store, str(a), str(b), "confirm" if same else "separate")
            done += min(k - done, len(ranked))
            run_linkage(store, threshold=THRESHOLD)
            with store.session() as s:
                e = Figures.load(s, settings).estimate_for(Scope())
            closed = (
                None
                if t is None or e0 is None or e.estimate is None or e0 == t
                else 1 - abs(e.estimate - t) / abs(e0 - t)
            )
            print(
                f"  after {done:>4} decisions: vigil {_fmt(e.estimate)} "
                f"[{_fmt(e.lower)}, {_fmt(e.upper)}]; gap closed "
                f"{'-' if closed is None else f'{closed:.0%}'}",
                flush=True,
            )
    finally:
        store.close()


def _slice(text: str, n: int) -> list[int]:
    out: list[int] = []
    for part in text.split(","):
        if "-" in part:
            a, b = part.split("-")
            out += list(range(int(a), int(b) + 1))
        else:
            out.append(int(part))
    bad = [i for i in out if not 0 <= i < n]
    if bad:
        raise SystemExit(f"--only: no data set {bad[0]} (0..{n - 1})")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--quick", action="store_true", help=f"only data sets {QUICK}, smaller")
    ap.add_argument("--only", help="data sets to run, e.g. 0-4,7 (indices into the 20)")
    ap.add_argument("--synth-opt", default="", help="extra `vigil synth` options for every set")
    ap.add_argument(
        "--variant", action="append", default=[], help="NAME:SYNTH OPTIONS, adds a data set"
    )
    ap.add_argument(
        "--held-out",
        action="store_true",
        help="run the held-out data sets instead (reported apart)",
    )
    ap.add_argument("--draws", type=int, default=8, help="drawn linkages per data set")
    ap.add_argument("--review", default="", help="checkpoints, e.g. 25,50,100")
    ap.add_argument("--review-set", type=int, default=18, help="data set the reviewer works on")
    ap.add_argument("--review-order", choices=("impact", "near"), default="impact")
    ap.add_argument(
        "--threshold", type=float, default=None, help="vigil link threshold (poor linkage)"
    )
    ap.add_argument(
        "--no-range",
        action="store_true",
        help="skip the linkage range (faster; for iterating on the linkage diagnostics)",
    )
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/vigil-bench-e2e"))
    args = ap.parse_args()
    global THRESHOLD, NO_RANGE
    THRESHOLD = args.threshold
    NO_RANGE = args.no_range
    extra = shlex.split(args.synth_opt)
    sets = [
        DataSet(
            f"s{seed}", seed, people, ["--sources", str(k), "--hidden-fraction", str(h), *o, *extra]
        )
        for seed, people, k, h, o in SETS
    ]
    for i, v in enumerate(args.variant):
        name, _, opts = v.partition(":")
        sets.append(DataSet(name or f"variant{i}", 100 + i, 900, [*shlex.split(opts), *extra]))
    if args.held_out:
        people = 700 if args.quick else 900
        held = [DataSet(f"{v}_{seed}", seed, people, ["--variant", v]) for v, seed in HELD_OUT]
        rows = [run_set(i, ds, args.workdir, args.draws) for i, ds in enumerate(held)]
        summary(rows, "held-out ")
        _save(rows, args.workdir / "rows.json")
        return
    if args.review:
        steps = sorted(int(x) for x in args.review.split(","))
        review(sets[args.review_set], args.workdir, steps, args.review_order)
        return
    chosen = (
        _slice(args.only, len(sets))
        if args.only
        else QUICK + list(range(len(SETS), len(sets)))
        if args.quick
        else list(range(len(sets)))
    )
    if args.quick:
        for i in chosen:
            sets[i].people = min(sets[i].people, 700)
    rows = [run_set(i, sets[i], args.workdir, args.draws) for i in chosen]
    summary(rows)
    _save(rows, args.workdir / "rows.json")


if __name__ == "__main__":
    main()
