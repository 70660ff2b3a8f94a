"""Lenient links: pairs a more merging reader of the lists would accept, for the linkage range.

The model's missed links are mostly pairs it never scored: names written in another order
*and* cut differently (`غلام رضاباقری` / `Bagheri Gholamrida`), or spelt past what the keys
and the blocking rules tolerate (`Cemal` / `جمال`, `Hoot` / `Hoth`). Re-clustering the scored
pairs cannot undo such misses, so variants drawn from them all lean to splitting, and a
total built on them leans up (measured in README, "Linkage range"). These pairs are the
merging alternatives: linkages that a reviewer with a looser standard would make.

- **same letters** (`SAME_LETTERS`): the two whole names hold the same consonants in any
  order or cut (vowel classes, `E` and `H` dropped, letters sorted: `name_bag`), in the same
  province, with nothing contradicting (sex, ages within `AGE_TOLERANCE` years, dates within
  `DATE_TOLERANCE` days).
- **similar names** (`SIMILAR_NAMES`): a single-record person and another record, romanized
  full names alike (Jaro-Winkler at least `SIMILARITY`, words in any order or glued), same
  province, nothing contradicting, and one more fact agreeing (date within 3 days, age within
  a year, father's name, or city). Most such pairs are namesakes, not one person: this is the
  *most* merging reading the range considers, a bound rather than a best guess.

Records of one source are never paired (a list names one victim twice only with direct
evidence). Pure: a frame in (as `frame.prepare_frame` makes it), pairs out; DuckDB does the
joins in memory.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

#: Kinds of lenient pairs, from the more to the less plausible.
SAME_LETTERS = "same letters"
SIMILAR_NAMES = "similar names"
#: Jaro-Winkler of the romanized full names for a "similar names" pair.
SIMILARITY = 0.8
#: Facts that must not contradict: ages at most this many years apart, dates this many days.
AGE_TOLERANCE = 5
DATE_TOLERANCE = 31
#: Above this many records lenient pairs are not sought: the similar-names pairs compare
#: every single-record person with the records of its province that share a date, an age,
#: a father or a city, which grows with the square of a province's records.
MAX_RECORDS = 200_000
#: A record whose same-letters partners lie in more than this many other persons stands in a
#: crowd of namesakes (a common name in its province): which of them it might be, the letters
#: cannot say, so such pairs are not put to a reviewer (`few_partners`). The number of these
#: pairs grows with the square of a province's namesakes: 275,112 pairs for 85,960 scored ones
#: at 100,889 records, 29.5 million at a million, against 14-82 on stores of 500-2,300 records.
MAX_PARTNER_PERSONS = 2
#: Symbols a name bag drops: the key's vowel classes, and E/H, which a final -eh and a
#: medial ه key apart depending on where the word was cut.
_BAG_DROP = frozenset("'IVAYEH -")


def name_bag(given_key: object, family_key: object) -> str | None:
    """The consonants of a whole name's keys, sorted: order- and cut-free (None if empty)."""
    parts = [p for p in (given_key, family_key) if isinstance(p, str)]
    letters = [c for part in parts for c in part if c not in _BAG_DROP]
    return "".join(sorted(letters)) or None


def _full_latin(given: object, family: object) -> tuple[str | None, str | None]:
    words = [w for part in (given, family) if isinstance(part, str) and part for w in part.split()]
    if not words:
        return None, None
    return " ".join(sorted(w.lower() for w in words)), "".join(words).lower()


_COMPATIBLE = f"""
    l.source <> r.source AND l.person <> r.person
    AND (l.sex IS NULL OR r.sex IS NULL OR l.sex = r.sex)
    AND (l.age IS NULL OR r.age IS NULL OR abs(l.age - r.age) <= {AGE_TOLERANCE})
    AND (l.day IS NULL OR r.day IS NULL OR abs(l.day - r.day) <= {DATE_TOLERANCE})
"""


def lenient_pairs(
    frame: pd.DataFrame, person_of: Mapping[int, int], kinds: tuple[str, ...]
) -> tuple[np.ndarray, np.ndarray]:
    """Record pairs (left, right ids, left < right) in different persons of `person_of`
    that the lenient `kinds` accept (see the module docstring)."""
    import duckdb

    ids = frame["unique_id"].astype("int64").to_numpy()
    person = np.array([person_of.get(int(i), -1 - k) for k, i in enumerate(ids)], dtype=np.int64)
    sizes = pd.Series(person).map(pd.Series(person).value_counts()).to_numpy()
    latin = [
        _full_latin(g, f) for g, f in zip(frame["given_latin"], frame["family_latin"], strict=True)
    ]
    t = pd.DataFrame(
        {
            "id": ids,
            "person": person,
            "single": sizes == 1,
            "source": frame["source"].astype(str).to_numpy(),
            "province": frame["province_code"].to_numpy(dtype=object),
            "city": frame["city_id"].astype("Float64").to_numpy(dtype=float, na_value=np.nan),
            "sex": frame["sex"].to_numpy(dtype=object),
            "age": frame["age"].astype("Float64").to_numpy(dtype=float, na_value=np.nan),
            "day": frame["date_start_day"].astype("Float64").to_numpy(dtype=float, na_value=np.nan),
            "father": frame["father_key"].to_numpy(dtype=object),
            "bag": [
                name_bag(g, f) for g, f in zip(frame["given_key"], frame["family_key"], strict=True)
            ],
            "words": [w for w, _ in latin],
            "glued": [g for _, g in latin],
        }
    )
    for col in ("city", "age", "day"):
        t[col] = t[col].where(~np.isnan(t[col].to_numpy()), None)
    con = duckdb.connect()
    try:
        con.register("t", t)
        queries = []
        if SAME_LETTERS in kinds:
            queries.append(
                f"""SELECT l.id AS a, r.id AS b FROM t l JOIN t r
                ON l.bag = r.bag AND l.province = r.province AND l.id < r.id
                WHERE {_COMPATIBLE}"""
            )
        if SIMILAR_NAMES in kinds:
            similar = (
                f"greatest(jaro_winkler_similarity(l.words, r.words), "
                f"jaro_winkler_similarity(l.glued, r.glued)) >= {SIMILARITY}"
            )
            for on in (
                "abs(l.day - r.day) <= 3 AND l.province = r.province",
                "l.father = r.father AND l.province = r.province",
                "abs(l.age - r.age) <= 1 AND l.province = r.province",
                "l.city = r.city",
            ):
                queries.append(
                    f"""SELECT least(l.id, r.id) AS a, greatest(l.id, r.id) AS b
                    FROM t l JOIN t r ON {on} AND l.id <> r.id
                    WHERE l.single AND l.words IS NOT NULL AND r.words IS NOT NULL
                    AND {_COMPATIBLE} AND {similar}"""
                )
        if not queries:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        rows = con.execute(
            "SELECT DISTINCT a, b FROM (" + " UNION ALL ".join(queries) + ") ORDER BY a, b"
        ).fetchnumpy()
    finally:
        con.close()
    return np.asarray(rows["a"], dtype=np.int64), np.asarray(rows["b"], dtype=np.int64)


def few_partners(
    left: np.ndarray,
    right: np.ndarray,
    person_of: Mapping[int, int],
    limit: int = MAX_PARTNER_PERSONS,
) -> np.ndarray:
    """Per pair: do both records have same-letters partners in at most `limit` other persons?
    (see `MAX_PARTNER_PERSONS`)."""
    a = np.asarray(left, dtype=np.int64)
    b = np.asarray(right, dtype=np.int64)
    if len(a) == 0:
        return np.zeros(0, dtype=bool)
    pa = np.array([person_of.get(int(x), -1) for x in a.tolist()], dtype=np.int64)
    pb = np.array([person_of.get(int(x), -1) for x in b.tolist()], dtype=np.int64)
    links = pd.DataFrame(
        {"record": np.concatenate([a, b]), "other": np.concatenate([pb, pa])}
    ).drop_duplicates()
    persons = links.groupby("record")["other"].size()
    return (persons.reindex(a).to_numpy() <= limit) & (persons.reindex(b).to_numpy() <= limit)
