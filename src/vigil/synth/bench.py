"""Time the test bed at given record counts: `python -m vigil.synth.bench 10000 100000 1000000`.

Prints, per size, the people drawn, records made, generation and writing time and peak memory
(peak RSS of the process so far, so run sizes in increasing order).
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

from vigil.synth.dataset import SynthConfig, generate, people_for_records
from vigil.synth.writer import write_dataset


def run(records: int, seed: int = 1) -> str:
    people = people_for_records(records, SynthConfig(seed=seed))
    t0 = time.perf_counter()
    dataset = generate(SynthConfig(people=people, seed=seed))
    t1 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        write_dataset(dataset, Path(tmp))
    t2 = time.perf_counter()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return (
        f"records={dataset.record_count:>9,} people={people:>9,} generate={t1 - t0:6.2f}s "
        f"write={t2 - t1:6.2f}s total={t2 - t0:6.2f}s "
        f"records/s={dataset.record_count / (t2 - t0):>9,.0f} peak_rss={peak_mb:,.0f}MB"
    )


def main(argv: list[str]) -> None:
    for size in [int(a) for a in argv] or [10_000, 100_000]:
        print(run(size), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
