"""The table linkage works on: one row per source record, with comparison columns.

Linkage never reads raw reports; it reads the normalized columns the importer stored
(name keys from `vigil.names`, gazetteer ids, date intervals). This module turns those into
the flat frame Splink compares, adding the derived columns the comparisons need: dates as
day numbers (so interval arithmetic is the same SQL on DuckDB and Spark) and a token-set
name key (so compound names and swapped name order still meet).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import numpy as np
import pandas as pd

from vigil.names import RECORD_KEY_COLUMNS

#: How the violation was done, as coded by `vigil.domain.acts` (the `acts` table): reports of
#: one killing describe it alike, so these tell namesakes of one city and day apart.
ACT_COLUMNS: tuple[str, ...] = ("method", "weapon", "wound")

#: The further codes of a field whose text named several ("IRGC and Basij"; `acts` table).
ACT_ALSO_COLUMNS: tuple[str, ...] = ("method_also", "wound_also")

#: Codes that say nothing comparable: "unknown", and "other" (a term outside the vocabulary,
#: whose raw words may well describe the same act as a coded one).
UNINFORMATIVE_ACT = frozenset({"unknown", "other"})

#: Columns a caller supplies (missing ones are filled with nulls).
INPUT_COLUMNS: tuple[str, ...] = (
    "unique_id",
    "source",
    "group",
    *RECORD_KEY_COLUMNS,
    "sex",
    "age",
    "date_start",
    "date_end",
    "date_precision",
    "province_code",
    "city_id",
    "violation",
    *ACT_COLUMNS,
    *ACT_ALSO_COLUMNS,
)

#: Columns of the prepared frame handed to Splink.
FRAME_COLUMNS: tuple[str, ...] = (
    "unique_id",
    "source",
    "group",
    "given_key",
    "family_key",
    "father_key",
    "given_latin",
    "family_latin",
    "name_set_key",
    "glued_key",
    "name_bag",
    "name_rare",
    "name_once",
    "given_head",
    "family_head",
    "family_tail",
    "given_loose",
    "family_loose",
    "sex",
    "age",
    "date_start_day",
    "date_end_day",
    "date_span",
    "date_day",
    "province_code",
    "city_id",
    "city_main",
    "family_lift",
    "violation",
    *ACT_COLUMNS,
)

_EPOCH = dt.date(1970, 1, 1)

#: A full name (token set) held by at most this many records is "rare": its records are
#: compared with each other whatever else they say (a within-source duplicate with another
#: age and no place still meets), at a cost bounded by RARE_NAME_MAX² pairs per name.
RARE_NAME_MAX = 10

#: Prior weight, in records, of the country-wide spread of a surname when estimating how it
#: is spread over provinces (see `family_lift`): a surname seen a few times is one person's
#: records, not evidence that the name belongs to one province.
LIFT_PRIOR = 50
#: Largest surname concentration kept, in bits (a factor of 64).
LIFT_MAX_BITS = 6

#: How lopsided a key's use as given vs. family name must be before `orient_names` swaps.
ORIENT_ODDS = 3.0

# Violations that describe the same outcome as seen by different sources.
_VIOLATION_FAMILY = {
    "killed": "death",
    "died_in_custody": "death",
    "executed": "death",
    "injured": "harm",
    "tortured": "harm",
    "denied_medical_care": "harm",
    "arrested": "custody",
    "detained": "custody",
    "sentenced": "custody",
    "disappeared": "custody",
    "reported_alive": "alive",
    "released": "alive",
}


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:  # NaN
        return True
    return isinstance(value, str) and not value.strip()


def _text(value: Any) -> str | None:
    return None if _blank(value) else str(value).strip()


def _day(value: Any) -> int | None:
    if _blank(value):
        return None
    if isinstance(value, pd.Timestamp):
        value = value.date()
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return (value - _EPOCH).days
    raise TypeError(f"not a date: {value!r}")


def _int(value: Any) -> int | None:
    if _blank(value):
        return None
    return int(value)


def _loose(key: str | None) -> str | None:
    """The consonant skeleton of a name key (vowel-class symbols dropped), for blocking
    and a "same skeleton" level: Amouri ~ Amuri, Mahmoud ~ Mahmud."""
    if key is None:
        return None
    from vigil.names import loose_key

    return loose_key(key) or None


def _glued(given: Any, family: Any) -> str | None:
    from vigil.names import glued_key

    return glued_key(_text(given), _text(family)) or None


def name_set_key(*parts: str | None) -> str | None:
    """Sorted distinct tokens of the name keys: order-free, so swaps and splits meet."""
    tokens = sorted({t for p in parts if p for t in p.split()})
    return " ".join(tokens) or None


def violation_family(violation: str | None) -> str | None:
    """The outcome family of a violation type (death, harm, custody, alive)."""
    return _VIOLATION_FAMILY.get(violation or "", violation)


def prepare_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """One input row (see INPUT_COLUMNS) as a frame row (see FRAME_COLUMNS)."""
    start = _day(row.get("date_start"))
    end = _day(row.get("date_end"))
    if start is not None and end is None:
        end = start
    if end is not None and start is None:
        start = end
    given = _text(row.get("given_key"))
    family = _text(row.get("family_key"))
    return {
        "unique_id": int(row["unique_id"]),
        "source": str(row.get("source") or ""),
        "group": str(row.get("group") or row.get("source") or ""),
        "given_key": given,
        "family_key": family,
        "father_key": _text(row.get("father_key")),
        "given_latin": _text(row.get("given_latin")),
        "family_latin": _text(row.get("family_latin")),
        "name_set_key": name_set_key(given, family),
        "glued_key": None,
        "name_bag": None,
        "name_rare": None,
        "name_once": None,
        "given_head": None,
        "family_head": None,
        "family_tail": None,
        "given_loose": _loose(given),
        "family_loose": _loose(family),
        "sex": _text(row.get("sex")),
        "age": _int(row.get("age")),
        "date_start_day": start,
        "date_end_day": end,
        "date_span": None if start is None or end is None else end - start,
        "date_day": start if start is not None and start == end else None,
        "province_code": _text(row.get("province_code")),
        "city_id": _int(row.get("city_id")),
        "city_main": None,
        "family_lift": None,
        "violation": _text(violation_family(_text(row.get("violation")))),
        **{c: act_detail(row.get(c), row.get(f"{c}_also")) for c in ACT_COLUMNS},
    }


def act_detail(code: Any, also: Any = None) -> str | None:
    """One comparable code for an act field, or None. A record naming several codes in the
    field, or only an uninformative one, compares as missing: "live ammunition and pellets"
    against "pellets" is no difference, nor is "unknown" against anything."""
    text = _text(code)
    if text is None or text in UNINFORMATIVE_ACT:
        return None
    if isinstance(also, (list, tuple)) and any(not _blank(a) for a in also):
        return None
    return text


_SWAP_COLUMNS = (("given_key", "family_key"), ("given_latin", "family_latin"),
                 ("given_loose", "family_loose"))  # fmt: skip


def orient_names(frame: pd.DataFrame, odds: float = ORIENT_ODDS) -> pd.DataFrame:
    """Swap given and family where the data say the name was written family-first.

    "Moradi Mohammad" with no comma or capitals parses as given "Moradi": the order cannot
    be read off one record. Across all records it can: a key seen `odds` times more often
    as a family name than as a given name, paired with one seen `odds` times more often as
    a given name, is a name written the other way round. Both conditions must hold, so
    names that serve as both (Akbar, Hossein) are left as written.
    """
    as_given = frame["given_key"].value_counts()
    as_family = frame["family_key"].value_counts()
    g_as_g = frame["given_key"].map(as_given).fillna(0)
    g_as_f = frame["given_key"].map(as_family).fillna(0)
    f_as_g = frame["family_key"].map(as_given).fillna(0)
    f_as_f = frame["family_key"].map(as_family).fillna(0)
    # counts include this record itself, so each side is at least 1
    swap = (g_as_f >= odds * g_as_g) & (f_as_g >= odds * f_as_f)
    if not swap.any():
        return frame
    out = frame.copy()
    for a, b in _SWAP_COLUMNS:
        out.loc[swap, [a, b]] = frame.loc[swap, [b, a]].to_numpy()
    return out


def main_cities(frame: pd.DataFrame) -> pd.Series:
    """1 where a record's city is the most reported city of its province, else 0 (null
    without a city).

    Reports often name the provincial centre for a town around it (Tehran for Qarchak):
    two records in one province, one of them in its main city, may be one place seen at
    two resolutions, while two different towns of a province are two places. The main
    city is read off the data (most records; ties to the smaller id), so no gazetteer
    ranking is needed and it follows where the reports actually come from.
    """
    known = frame.loc[frame["city_id"].notna() & frame["province_code"].notna()]
    counts = known.groupby(["province_code", "city_id"]).size().reset_index(name="n")
    counts = counts.sort_values(["province_code", "n", "city_id"], ascending=[True, False, True])
    main = set(counts.drop_duplicates("province_code")["city_id"].astype(int))
    city = frame["city_id"]
    return city.isin(main).astype("Int64").where(city.notna())


def family_lift(frame: pd.DataFrame, prior: float = LIFT_PRIOR) -> pd.Series:
    """How concentrated each record's surname is in its province, in whole bits (0 to
    LIFT_MAX_BITS; null without surname or province).

    Surnames are regional (a clan name in one province), so "same surname" and "same
    place" are not independent evidence: two namesakes from the surname's home province
    agree on both. The lift P(province | surname) / P(province), with P(province | surname)
    shrunk towards P(province) by `prior` records, is how much the model, which multiplies
    the two, overstates such a pair; the `namesake` comparison takes it back out.
    """
    known = frame["family_key"].notna() & frame["province_code"].notna()
    k = frame.loc[known, ["family_key", "province_code"]]
    out = pd.Series(pd.NA, index=frame.index, dtype="Int64")
    if k.empty:
        return out
    n = len(k)
    p_prov = k.groupby("province_code")["family_key"].transform("size") / n
    c_fam = k.groupby("family_key")["province_code"].transform("size")
    c_both = k.groupby(["family_key", "province_code"])["family_key"].transform("size")
    cond = (c_both + prior * p_prov) / (c_fam + prior)
    bits = np.log2((cond / p_prov).to_numpy(dtype=float)).round().clip(0, LIFT_MAX_BITS)
    out.loc[known] = bits.astype("int64")
    return out


def _row_batches(
    rows: Iterable[Mapping[str, Any]] | pd.DataFrame, size: int = 50_000
) -> Iterator[list[Mapping[str, Any]]]:
    """Rows in batches, so a million records never exist as a million dicts at once."""
    if isinstance(rows, pd.DataFrame):
        for lo in range(0, max(len(rows), 1), size):
            yield rows.iloc[lo : lo + size].to_dict(orient="records")  # type: ignore[misc]
        return
    batch: list[Mapping[str, Any]] = []
    for r in rows:
        batch.append(r)
        if len(batch) >= size:
            yield batch
            batch = []
    yield batch


def prepare_frame(rows: Iterable[Mapping[str, Any]] | pd.DataFrame) -> pd.DataFrame:
    """The Splink input frame for some records; unique_id must be unique."""
    parts = [
        pd.DataFrame([prepare_row(r) for r in batch], columns=list(FRAME_COLUMNS))
        for batch in _row_batches(rows)
    ]
    frame = pd.concat(parts, ignore_index=True)
    if frame["unique_id"].duplicated().any():
        dup = frame.loc[frame["unique_id"].duplicated(), "unique_id"].iloc[0]
        raise ValueError(f"record id {dup} appears twice in the linkage input")
    for col in ("age", "date_start_day", "date_end_day", "date_span", "date_day", "city_id"):
        frame[col] = frame[col].astype("Int64")
    frame["unique_id"] = frame["unique_id"].astype("int64")
    frame = orient_names(frame)
    # The whole name keyed as if written without spaces: a glued record (محمدحسینی) that
    # the parser could not cut still meets its spaced form (see `vigil.names.glued_key`).
    frame["glued_key"] = [
        _glued(g, f) for g, f in zip(frame["given_key"], frame["family_key"], strict=True)
    ]
    # The whole name's consonants, sorted: names written in another order *and* cut
    # elsewhere (غلام رضاباقری / Bagheri Gholamrida) meet on it (`lenient.name_bag`).
    from vigil.linkage.lenient import name_bag

    frame["name_bag"] = [
        name_bag(g, f) for g, f in zip(frame["given_key"], frame["family_key"], strict=True)
    ]
    # Ends of the keys: one typo leaves a key's first two or last two symbols whole, so
    # these pair a misspelt name with the right one (see `model.blocking_rules`).
    frame["given_head"] = frame["given_key"].str[:2]
    frame["family_head"] = frame["family_key"].str[:2]
    frame["family_tail"] = frame["family_key"].str[-2:]
    frame["city_main"] = main_cities(frame)
    frame["family_lift"] = family_lift(frame)
    counts = frame["name_set_key"].map(frame["name_set_key"].value_counts())
    frame["name_rare"] = frame["name_set_key"].where(counts <= RARE_NAME_MAX)
    # A full name held by one record alone is likely misspelt (a typo makes a name of its
    # own): only such records get the typo-tolerant blocking rules, which keeps them cheap.
    frame["name_once"] = (counts == 1).astype("Int64").where(counts.notna())
    return frame
