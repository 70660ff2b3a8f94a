"""How one source spells a name or a place: candidate spellings with probabilities, and noise.

Spelling choices are made per *entity* (a name or a city) once per source, as a small table of
candidate strings with probabilities; records then draw from that table in one vectorized step
(`SampleTable.sample`). Per-record noise that cannot be tabulated (typos, Arabic letter forms)
is applied only to the records it hits.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

ZWNJ = "\u200c"
FA_JOINERS: tuple[str, ...] = ("", " ", ZWNJ)
"""Ways a Persian source writes a compound: glued, split with a space, joined with a ZWNJ."""

LATIN_JOINERS: tuple[str, ...] = ("glued", "hyphen", "space", "camel")
"""Ways a Latin source writes a compound: Gholamreza, Gholam-Reza, Gholam Reza, GholamReza."""

_ARABIC_FORMS = str.maketrans({"ی": "ي", "ک": "ك"})
_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")

Candidates = list[tuple[str, float]]


def to_arabic_forms(text: str) -> str:
    """Persian ی/ک written with the Arabic letters ي/ك, as Arabic keyboards and old software do."""
    return text.translate(_ARABIC_FORMS)


def to_persian_digits(text: str) -> str:
    return text.translate(_PERSIAN_DIGITS)


def _capitalize(part: str) -> str:
    return part[:1].upper() + part[1:]


def join_latin(parts: Sequence[str], joiner: int) -> str:
    """Join the Latin parts of a compound name in one of the `LATIN_JOINERS` styles."""
    if len(parts) == 1:
        return parts[0]
    style = LATIN_JOINERS[joiner]
    if style == "glued":
        return _capitalize(parts[0]) + "".join(p.lower() for p in parts[1:])
    capped = [_capitalize(p) for p in parts]
    if style == "hyphen":
        return "-".join(capped)
    if style == "space":
        return " ".join(capped)
    return "".join(capped)


def preference_weights(n: int, preferred: int, strength: float) -> list[float]:
    """A source writes its preferred variant with probability `strength`, else any at random."""
    weights = [(1.0 - strength) / n] * n
    weights[preferred] += strength
    return weights


def _merge(pairs: Sequence[tuple[str, float]]) -> Candidates:
    merged: dict[str, float] = {}
    for text, p in pairs:
        if p > 0:
            merged[text] = merged.get(text, 0.0) + p
    return sorted(merged.items(), key=lambda kv: -kv[1])


def latin_candidates(
    part_variants: Sequence[Sequence[str]],
    preferred: Sequence[int],
    strength: float,
    joiner_weights: Sequence[float],
) -> Candidates:
    """Every Latin spelling of a (possibly compound) name with its probability for one source."""
    per_part = [
        preference_weights(len(v), pref, strength)
        for v, pref in zip(part_variants, preferred, strict=True)
    ]
    joiners = list(enumerate(joiner_weights)) if len(part_variants) > 1 else [(0, 1.0)]
    pairs = []
    for choice in itertools.product(*(range(len(v)) for v in part_variants)):
        p = 1.0
        for part, i in enumerate(choice):
            p *= per_part[part][i]
        parts = [part_variants[k][i] for k, i in enumerate(choice)]
        for j, w in joiners:
            pairs.append((join_latin(parts, j), p * w))
    return _merge(pairs)


def persian_candidates(
    spellings: Sequence[str], preferred: int, strength: float, joiner_weights: Sequence[float]
) -> Candidates:
    """Persian spellings ('+' marks a compound break) with the source's glue/space/ZWNJ habit."""
    pairs = []
    for spelling, p in zip(
        spellings, preference_weights(len(spellings), preferred, strength), strict=True
    ):
        parts = spelling.split("+")
        if len(parts) == 1:
            pairs.append((spelling, p))
            continue
        for joiner, w in zip(FA_JOINERS, joiner_weights, strict=True):
            pairs.append((joiner.join(parts), p * w))
    return _merge(pairs)


@dataclass(frozen=True)
class SampleTable:
    """Candidate strings of many entities, drawn for many records at once.

    Entity `e`'s cumulative probabilities are stored shifted into `(e, e + 1]`, so one
    `searchsorted` of `e + u` picks a candidate for every record without a per-record loop.
    """

    strings: npt.NDArray[np.object_]
    bounds: npt.NDArray[np.float64]

    @classmethod
    def build(cls, candidates: Sequence[Candidates], max_candidates: int = 24) -> SampleTable:
        strings: list[str] = []
        bounds: list[float] = []
        for entity, cands in enumerate(candidates):
            if not cands:
                raise ValueError(f"entity {entity} has no candidate spelling")
            kept = cands[:max_candidates]
            total = sum(p for _, p in kept)
            acc = 0.0
            for k, (text, p) in enumerate(kept):
                acc += p / total
                strings.append(text)
                bounds.append(entity + (1.0 if k == len(kept) - 1 else min(acc, 1.0)))
        arr = np.empty(len(strings), dtype=object)
        arr[:] = strings
        return cls(arr, np.asarray(bounds, dtype=np.float64))

    def sample(
        self, ids: npt.NDArray[np.integer], u: npt.NDArray[np.float64]
    ) -> npt.NDArray[np.object_]:
        pos = np.searchsorted(self.bounds, ids.astype(np.float64) + u, side="right")
        return self.strings[pos]


TYPO_OPS: tuple[str, ...] = ("drop", "swap", "double")


def typo(text: str, op: int, where: float) -> str:
    """Drop, swap with the next one, or double the letter at relative position `where`."""
    letters = [i for i, c in enumerate(text) if c.isalpha()]
    if len(letters) < 4:
        return text
    i = letters[min(int(where * (len(letters) - 1)) + 1, len(letters) - 1)]
    kind = TYPO_OPS[op]
    if kind == "drop":
        return text[:i] + text[i + 1 :]
    if kind == "swap":
        j = i + 1 if i + 1 < len(text) and text[i + 1].isalpha() else i - 1
        a, b = sorted((i, j))
        return text[:a] + text[b] + text[a] + text[b + 1 :]
    return text[:i] + text[i] + text[i:]
