"""A small synthetic population at the level linkage sees (keys, ids, intervals).

It does not depend on the names module or the synth generator, so linkage tests can
fail only for linkage reasons. Every name here is made up from common name parts.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

GIVEN = [
    ("mhmd", "mohammad"),
    ("ali", "ali"),
    ("hsn", "hassan"),
    ("hsyn", "hossein"),
    ("rza", "reza"),
    ("mhdi", "mehdi"),
    ("ahmd", "ahmad"),
    ("amyr", "amir"),
    ("jvad", "javad"),
    ("saed", "saeed"),
    ("frhad", "farhad"),
    ("mjid", "majid"),
    ("mrym", "maryam"),
    ("ftmh", "fatemeh"),
    ("zhra", "zahra"),
    ("nsrin", "nasrin"),
]
FAMILY = [
    ("hsyni", "hosseini"),
    ("mhmdi", "mohammadi"),
    ("ahmdi", "ahmadi"),
    ("rzai", "rezaei"),
    ("krimi", "karimi"),
    ("hshmi", "hashemi"),
    ("mvsvi", "mousavi"),
    ("jfri", "jafari"),
    ("rhimi", "rahimi"),
    ("kazmi", "kazemi"),
    ("qasmi", "ghasemi"),
    ("sadqi", "sadeghi"),
    ("akbri", "akbari"),
    ("nvri", "nouri"),
    ("tahri", "taheri"),
    ("slimani", "soleimani"),
    ("bagri", "bagheri"),
    ("zarei", "zarei"),
]
CITIES = [(1, "07"), (2, "07"), (3, "15"), (4, "15"), (5, "23"), (6, "23"), (7, "26")]


def _respell(latin: str, rng: random.Random) -> str:
    """A spelling variant of a romanized name (what the key absorbs, JW still sees)."""
    swaps = [("oo", "u"), ("ou", "u"), ("ee", "i"), ("ss", "s"), ("gh", "q"), ("a", "e")]
    old, new = rng.choice(swaps)
    return latin.replace(old, new, 1) if old in latin else latin + "h"


def population(n_people: int, seed: int = 7) -> tuple[list[dict[str, Any]], dict[int, int]]:
    """Records (INPUT_COLUMNS) of `n_people` people in 4 sources, and record -> person."""
    rng = random.Random(seed)
    rows: list[dict[str, Any]] = []
    truth: dict[int, int] = {}
    rid = 0
    for person in range(n_people):
        g = rng.choice(GIVEN)
        f = rng.choice(FAMILY)
        father = rng.choice(GIVEN[:12])
        age = rng.randint(14, 60)
        day = dt.date(2019, 11, 15) + dt.timedelta(days=rng.randint(0, 6))
        city, prov = rng.choice(CITIES)
        sex = "female" if g[0] in ("mrym", "ftmh", "zhra", "nsrin") else "male"
        sources = rng.sample(["field", "ngo", "press", "hospital"], rng.randint(1, 3))
        if rng.random() < 0.08:  # a within-source duplicate
            sources.append(sources[0])
        for src in sources:
            rid += 1
            truth[rid] = person
            given_latin = g[1] if rng.random() < 0.7 else _respell(g[1], rng)
            family_latin = f[1] if rng.random() < 0.7 else _respell(f[1], rng)
            row: dict[str, Any] = {
                "unique_id": rid,
                "source": src,
                "group": "press" if src == "press" else src,
                "given_key": g[0],
                "family_key": f[0],
                "father_key": father[0] if rng.random() < 0.6 else None,
                "given_latin": given_latin,
                "family_latin": family_latin,
                "sex": sex if rng.random() < 0.9 else None,
                "age": (age + rng.choice([0, 0, 0, 1, -1, 2])) if rng.random() < 0.85 else None,
                "date_start": day,
                "date_end": day,
                "province_code": prov if rng.random() < 0.95 else None,
                "city_id": city if rng.random() < 0.8 else None,
                "violation": "killed",
            }
            r = rng.random()
            if r < 0.1:  # month only
                row["date_start"] = dt.date(2019, 11, 1)
                row["date_end"] = dt.date(2019, 11, 30)
            elif r < 0.15:
                row["date_start"] = row["date_end"] = None
            if rng.random() < 0.05:  # swapped given/family
                row["given_key"], row["family_key"] = row["family_key"], row["given_key"]
                row["given_latin"], row["family_latin"] = (
                    row["family_latin"],
                    row["given_latin"],
                )
            rows.append(row)
    return rows, truth
