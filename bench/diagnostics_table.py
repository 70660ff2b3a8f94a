"""Re-judge the linkage diagnostics of finished `bench/end_to_end.py` runs with the current limits.

    uv run python bench/end_to_end.py --no-range --only 0-9 --workdir /tmp/e2e/a
    uv run python bench/diagnostics_table.py /tmp/e2e/a [/tmp/e2e/b ...]

`end_to_end.py` keeps, per data set, the inputs of `linkage.diagnostics.diagnose`
(`NAME/diagnose.pkl`) and a row per set (`rows.json`: F1, gap, the warning the run gave).
This script runs `diagnose` again on those inputs (pure: the same as a new `vigil link` would
compute on the same pairs and persons) and prints each set's signals, the warning then
(`rows.json`) and now, and the confusion table: a set is linked **well** when its F1 is at
least `GOOD_F1` and its estimate within `GOOD_GAP` of the true-links estimate.
"""

from __future__ import annotations

import json
import pickle
import sys
from pathlib import Path

GOOD_F1 = 0.975
GOOD_GAP = 0.10


def main(workdirs: list[Path]) -> None:
    from vigil.linkage.diagnostics import diagnose

    table = {(good, was, now): 0 for good in (1, 0) for was in (1, 0) for now in (1, 0)}
    for wd in workdirs:
        for row in json.loads((wd / "rows.json").read_text(encoding="utf-8")):
            kw = pickle.loads((wd / row["name"] / "diagnose.pkl").read_bytes())
            d = diagnose(**kw)
            gap = row["gap"]
            good = row["f1"] >= GOOD_F1 and gap is not None and abs(gap) <= GOOD_GAP
            table[(int(good), int(bool(row["warning"])), int(bool(d.warnings)))] += 1
            sig = " ".join(f"{k}={v:.3f}" for k, v in d.signals().items() if v is not None)
            print(
                f"{wd.name:>6} {row['name']:<14} F1 {row['f1']:.3f} gap "
                f"{'-' if gap is None else f'{gap:+.1%}'} {'well' if good else 'BAD '} "
                f"warned then {'yes' if row['warning'] else 'no '} now "
                f"{'yes' if d.warnings else 'no '}  {sig} singletons {d.singleton_count} "
                f"(near misses {d.near_miss_count}, same letters {d.lenient_singletons:.1%} "
                f"vs linked records {d.lenient_linked:.1%})"
            )
    for label, when in (("then", 1), ("now", 2)):
        cell = {
            (g, w): sum(n for k, n in table.items() if k[0] == g and k[when] == w)
            for g in (1, 0)
            for w in (1, 0)
        }
        print(
            f"warnings {label}: linked well {cell[(1, 1)]} warned / {cell[(1, 0)]} quiet; "
            f"linked badly {cell[(0, 1)]} warned / {cell[(0, 0)]} quiet"
        )


if __name__ == "__main__":
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    main([Path(a) for a in sys.argv[1:]])
