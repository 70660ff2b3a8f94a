"""Linkage quality on lists whose names are written as in the field (glued, patronymics).

A stop-gap measurement until `vigil synth` learns these habits itself: it takes a data set
made by `vigil synth` and rewrites a share of its name fields, with its own seed, the way
lists of Iran's dead are written:

- glued: given and family name without a space (محمدحسینی; MohammadHosseini or
  mohammadhosseini), ZWNJ dropped;
- patronymic: the father's name written into the name field (محمد حسینی فرزند علی,
  زهرا کریمی دختر حسن, محمد بن علی حسینی, "Mohammad Hosseini, son of Ali", "s/o Ali",
  "(father: Ali)"), the father column then left empty half the time.

A rewritten record has its given/family columns blanked, so its name field is what is read.
It imports the rewritten lists into a fresh SQLite store, links them in memory and prints
pairwise precision, recall and F1 against truth.csv, and recall over the true pairs in which
either record carries each phenomenon.

    uv run vigil synth /tmp/ff-src --people 6500 --seed 1 -q
    uv run python scripts/names_field_forms.py /tmp/ff-src /tmp/ff-out --rate 0.3 --seed 7
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

PERSIAN_MARKERS = ("فرزند", "بن")
LATIN_FORMS = (", son of {f}", " s/o {f}", " (father: {f})", " son of {f}")


def _persian(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def _glue(name: str, rng: random.Random) -> str:
    if "," in name:
        return name
    if _persian(name):
        return name.replace("\u200c", "").replace(" ", "")
    words = name.split()
    if rng.random() < 0.5:
        return "".join(w[:1].upper() + w[1:].lower() for w in words)
    return "".join(words).lower()


def _patronymic(name: str, father: str, sex: str, rng: random.Random) -> str:
    if _persian(name):
        marker = rng.choice(PERSIAN_MARKERS)
        if marker == "فرزند" and sex in ("زن", "female", "f"):
            marker = "دختر"
        if marker == "بن":
            words = name.split()
            if len(words) == 2 and "," not in name:
                return f"{words[0]} بن {father} {words[1]}"
            marker = "فرزند"
        return f"{name} {marker} {father}"
    form = rng.choice(LATIN_FORMS)
    if sex in ("female", "f", "زن"):
        form = form.replace("son of", "daughter of").replace("s/o", "d/o")
    return name + form.format(f=father)


def rewrite(src: Path, out: Path, rate: float, seed: int) -> dict[tuple[str, str], set[str]]:
    """Copy the data set with phenomena written in; returns (source, record id) -> tags."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    for name in ("sources.csv", "truth.csv"):
        shutil.copy(src / name, out / name)
    tags: dict[tuple[str, str], set[str]] = defaultdict(set)
    with (src / "sources.csv").open(encoding="utf-8-sig", newline="") as f:
        sources = list(csv.DictReader(f))
    for s in sources:
        path = src / s["file"].strip()
        with path.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            fields = list(reader.fieldnames or [])
            rows = list(reader)
        for row in rows:
            name = (row.get("name") or "").strip()
            if not name:
                continue
            key = (s["name"], row["source_record_id"])
            changed = False
            if rng.random() < rate and len(name.split()) == 2:
                name = _glue(name, rng)
                tags[key].add("glued")
                changed = True
            father = (row.get("father_name") or "").strip()
            if father and rng.random() < rate:
                name = _patronymic(name, father, row.get("sex") or "", rng)
                if rng.random() < 0.5:
                    row["father_name"] = ""
                tags[key].add("patronymic")
                changed = True
            if changed:
                row["name"] = name
                for col in ("given_name", "family_name"):
                    if col in row:
                        row[col] = ""
        with (out / s["file"].strip()).open("w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=fields)
            w.writeheader()
            w.writerows(rows)
    return tags


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("src", type=Path, help="a `vigil synth` output folder")
    ap.add_argument("out", type=Path)
    ap.add_argument("--rate", type=float, default=0.3)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    from vigil.domain import SourceKind
    from vigil.linkage.evaluate import pairwise_scores
    from vigil.linkage.frame import prepare_frame
    from vigil.linkage.pipeline import DEFAULT_THRESHOLD, link
    from vigil.places import Gazetteer
    from vigil.services.importing import import_file
    from vigil.services.linking import load_records
    from vigil.store import open_store

    if args.out.exists():
        shutil.rmtree(args.out)
    tags = rewrite(args.src, args.out, args.rate, args.seed)
    store = open_store(f"sqlite:///{args.out / 'store.db'}", create=True)
    gaz = Gazetteer.load()
    t0 = time.perf_counter()
    with (args.out / "sources.csv").open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            import_file(
                store,
                args.out / row["file"].strip(),
                source=row["name"],
                kind=SourceKind(row["kind"].strip()),
                group=row["independence_group"].strip(),
                gazetteer=gaz,
            )
    t1 = time.perf_counter()
    with store.session() as s:
        records = load_records(s)
    with (args.out / "truth.csv").open(encoding="utf-8-sig", newline="") as f:
        by_key = {(r["source"], r["source_record_id"]): r["person_id"] for r in csv.DictReader(f)}
    keys = list(zip(records["source"], records["source_record_id"], strict=True))
    truth = {int(rid): by_key[k] for rid, k in zip(records["id"], keys, strict=True)}
    tag_of = {int(rid): tags.get(k, set()) for rid, k in zip(records["id"], keys, strict=True)}
    frame = prepare_frame(records.rename(columns={"id": "unique_id"}))
    outcome = link(frame, threshold=DEFAULT_THRESHOLD)
    t2 = time.perf_counter()
    scores = pairwise_scores(outcome.clusters, truth)
    cluster_of = {rid: i for i, group in enumerate(outcome.clusters) for rid in group}
    by_person: dict[str, list[int]] = defaultdict(list)
    for rid, pid in truth.items():
        by_person[pid].append(rid)
    found: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for members in by_person.values():
        for a, b in combinations(sorted(members), 2):
            same = cluster_of.get(a, -a) == cluster_of.get(b, -b)
            for tag in tag_of[a] | tag_of[b] | {"all"}:
                found[tag][0] += int(same)
                found[tag][1] += 1
    n_tagged = sum(1 for t in tag_of.values() if t)
    print(
        f"{len(records):,} records ({n_tagged:,} rewritten, rate {args.rate}, seed {args.seed}):"
        f" P={scores.precision:.4f} R={scores.recall:.4f} F1={scores.f1:.4f}"
        f"  persons {scores.n_clusters:,} (true {scores.n_true:,})"
        f"  import {t1 - t0:.0f}s, link {t2 - t1:.0f}s"
    )
    for tag in ("glued", "patronymic", "all"):
        hit, total = found[tag]
        if total:
            print(f"  recall, true pairs with a {tag:<10} record: {hit / total:.4f} ({total:,})")
    store.close()


if __name__ == "__main__":
    main()
