"""Benchmark: import N synthetic records (one CSV) into a fresh SQLite store.

    uv run python bench/import.py                # 100,000 records
    uv run python bench/import.py --rows 20000 --db postgresql://postgres@127.0.0.1/test

Rows are generated here (seeded): Persian- and Latin-script names, Jalali and Gregorian
dates, sexes and ages in both scripts, and places drawn from the gazetteer, so every
normalizer and the name keys run as in a real import. Prints records/s and peak memory
(ru_maxrss of this process). Target (issue 2): 100,000 records in under 20 s.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from vigil.places import Gazetteer
from vigil.services.importing import import_file
from vigil.store import open_store

GIVEN_FA = ["محمد", "علی", "رضا", "حسین", "مهدی", "امیر", "سارا", "زهرا", "فاطمه", "مریم",
            "پویا", "نوید", "امید", "کیان", "نیکا", "محمدرضا", "علیرضا", "مجید"]  # fmt: skip
GIVEN_LA = ["Mohammad", "Ali", "Reza", "Hossein", "Mehdi", "Amir", "Sara", "Zahra", "Fatemeh",
            "Maryam", "Pouya", "Navid", "Omid", "Kian", "Nika", "Alireza"]  # fmt: skip
FAMILY_FA = ["حسینی", "احمدی", "رضایی", "محمدی", "کریمی", "موسوی", "جعفری", "رحیمی",
             "صادقی", "حیدری", "قاسمی", "نوری", "عباسی", "کاظمی"]  # fmt: skip
FAMILY_LA = ["Hosseini", "Ahmadi", "Rezaei", "Mohammadi", "Karimi", "Mousavi", "Jafari",
             "Rahimi", "Sadeghi", "Heidari", "Ghasemi", "Nouri", "Abbasi", "Kazemi"]  # fmt: skip
SEXES = ["male", "m", "مرد", "female", "f", "زن", ""]
VIOLATIONS = ["killed", "کشته", "جان باخته", "injured", "زخمی", "arrested", "بازداشت"]
FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def write_rows(path: Path, n: int, seed: int) -> None:
    rng = random.Random(seed)
    gaz = Gazetteer.load()
    places = [p for p in gaz.places.values() if p.population >= 20_000 and p.province]
    weights = [p.population for p in places]
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["source_record_id", "name", "father_name", "sex", "age", "date",
                    "province", "city", "violation", "notes"])  # fmt: skip
        for i in range(n):
            persian = rng.random() < 0.6
            if persian:
                name = f"{rng.choice(GIVEN_FA)} {rng.choice(FAMILY_FA)}"
                father = rng.choice(GIVEN_FA)
            else:
                given, family = rng.choice(GIVEN_LA), rng.choice(FAMILY_LA)
                name = f"{family.upper()}, {given}" if rng.random() < 0.3 else f"{given} {family}"
                father = rng.choice(GIVEN_LA)
            day = rng.randint(15, 30)
            if rng.random() < 0.5:
                jday = day - 15 + 24 if day - 15 + 24 <= 30 else day - 15 - 6
                jmonth = 8 if day - 15 + 24 <= 30 else 9
                date = f"1398/{jmonth:02d}/{jday:02d}"
                if persian:
                    date = date.translate(FA_DIGITS)
            else:
                date = f"2019-11-{day:02d}" if rng.random() < 0.9 else "2019-11"
            age = str(rng.randint(12, 70))
            if persian and rng.random() < 0.5:
                age = age.translate(FA_DIGITS) + " ساله"
            place = rng.choices(places, weights)[0]
            province = gaz.provinces[place.province or ""]
            city_name = (place.name_fa or place.name_en) if persian else place.name_en
            prov_name = (province.name_fa or province.name_en) if persian else province.name_en
            w.writerow([f"R{i:07d}", name, father, rng.choice(SEXES), age, date,
                        prov_name if rng.random() < 0.7 else "", city_name,
                        rng.choice(VIOLATIONS), ""])  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", help="store URL (default: a fresh SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "bench.csv"
        write_rows(csv_path, args.rows, args.seed)
        url = args.db or f"sqlite:///{Path(tmp) / 'bench.db'}"
        store = open_store(url, create=True)
        Gazetteer.load()  # loaded once per process; not part of the per-file cost
        cpu0 = resource.getrusage(resource.RUSAGE_SELF)
        start = time.perf_counter()
        result = import_file(store, csv_path, source=f"bench-{time.time_ns()}")
        elapsed = time.perf_counter() - start
        cpu1 = resource.getrusage(resource.RUSAGE_SELF)
        cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
        store.close()
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(result.summary(), file=sys.stderr)
    print(
        f"imported {result.rows_added:,} records in {elapsed:.1f} s "
        f"({result.rows_added / elapsed:,.0f} records/s); peak memory {peak_mib:,.0f} MiB "
        f"[{url.split(':', 1)[0]}; CPU {cpu:.1f} s, load average {os.getloadavg()[0]:.1f}]"
    )


if __name__ == "__main__":
    main()
