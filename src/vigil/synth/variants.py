"""Named test-bed variants, and the seeds and variants that tuning never touches.

Linkage (and anything else with knobs) is tuned on `TUNING` variants with `TUNING_SEEDS`.
`HELD_OUT` variants and every seed in `HELD_OUT_SEEDS` are only ever *reported*, apart, so a
figure measured on them says how the method does on data it was not fitted to. Do not look at
held-out rows while changing rules or thresholds; if you had to, say so and move the variant to
`TUNING` and add a fresh held-out one.

    vigil synth OUT --variant field5 --records 10000 --seed 1
    uv run python bench/linkage.py --suite --quick
"""

from __future__ import annotations

from dataclasses import dataclass

from vigil.errors import InvalidValue
from vigil.synth.dataset import SynthConfig
from vigil.synth.habits import FIELD, NONE, Habits


@dataclass(frozen=True)
class Variant:
    """A test-bed recipe: number of sources, noise and field habits."""

    name: str
    description: str
    sources: int = 4
    habits: Habits = NONE
    typo_scale: float = 1.0
    duplicate_rate: float = 0.03
    hidden_fraction: float = 0.0
    copy_rate: float = 0.0

    def config(self, people: int, seed: int) -> SynthConfig:
        return SynthConfig(
            people=people,
            sources=self.sources,
            seed=seed,
            hidden_fraction=self.hidden_fraction,
            duplicate_rate=self.duplicate_rate,
            copy_rate=self.copy_rate,
            typo_scale=self.typo_scale,
            habits=self.habits,
        )

    @property
    def held_out(self) -> bool:
        return self.name in HELD_OUT


_ALL: tuple[Variant, ...] = (
    Variant("classic4", "the classic test bed: four sources, Vigil's habits"),
    Variant("field4", "four sources with every field habit", habits=FIELD),
    Variant("field5", "five sources with every field habit", sources=5, habits=FIELD),
    Variant("field8", "eight sources with every field habit", sources=8, habits=FIELD),
    Variant(
        "patronymic",
        "five sources, fathers written into the name field in half the records",
        sources=5,
        habits=Habits(patronymic=0.5),
    ),
    Variant(
        "glued",
        "glued names, damaged ZWNJ and split compounds, often",
        habits=Habits(glued=0.35, zwnj=0.6, split=0.35),
    ),
    Variant(
        "peoples",
        "Iran's peoples, regionally weighted, mostly in their own spellings",
        sources=5,
        habits=Habits(peoples=1.0, own_spelling=0.7, places=0.3),
    ),
    Variant(
        "written",
        "ages, dates and places as written, often",
        habits=Habits(ages=0.6, dates=0.6, places=0.6),
    ),
    Variant(
        "field_noisy",
        "every field habit, typos x1.5 and twice the duplicates",
        sources=5,
        habits=FIELD,
        typo_scale=1.5,
        duplicate_rate=0.06,
    ),
    # --- held out: never used for tuning ---
    Variant(
        "field8_hard",
        "HELD OUT: eight sources, every habit 1.5x as often, typos x1.5, a copying outlet",
        sources=8,
        habits=FIELD.scaled(1.5),
        typo_scale=1.5,
        copy_rate=0.3,
    ),
    Variant(
        "field5_hidden",
        "HELD OUT: five sources, every habit, a hidden group of 15% few lists reach",
        sources=5,
        habits=FIELD,
        hidden_fraction=0.15,
    ),
    Variant(
        "peoples8",
        "HELD OUT: eight sources, peoples in their own spellings, patronymics, glued names",
        sources=8,
        habits=Habits(peoples=1.0, own_spelling=0.6, patronymic=0.3, glued=0.2, zwnj=0.4),
    ),
)

VARIANTS: dict[str, Variant] = {v.name: v for v in _ALL}
HELD_OUT: tuple[str, ...] = ("field8_hard", "field5_hidden", "peoples8")
"""Variants that tuning never touches; report them apart."""
TUNING: tuple[str, ...] = tuple(v.name for v in _ALL if v.name not in HELD_OUT)
TUNING_SEEDS: tuple[int, ...] = (1, 2, 3, 4, 5, 6)
HELD_OUT_SEEDS: frozenset[int] = frozenset(range(9001, 9011))
"""Seeds that tuning never touches, whatever the variant; report them apart."""


def is_held_out(variant: str, seed: int) -> bool:
    """A data set is held out when its variant or its seed is."""
    return variant in HELD_OUT or seed in HELD_OUT_SEEDS


def get_variant(name: str) -> Variant:
    try:
        return VARIANTS[name]
    except KeyError:
        raise InvalidValue(
            f"unknown variant {name!r}; expected one of {', '.join(VARIANTS)}"
        ) from None


# The benchmark suite: (variant, seed). 12 tuning data sets, then held-out ones.
SUITE: tuple[tuple[str, int], ...] = (
    ("classic4", 1),
    ("field4", 1),
    ("field4", 2),
    ("field5", 1),
    ("field5", 2),
    ("field8", 1),
    ("field8", 2),
    ("patronymic", 1),
    ("glued", 1),
    ("peoples", 1),
    ("written", 1),
    ("field_noisy", 1),
    ("field4", 9001),
    ("field8", 9002),
    ("field8_hard", 9003),
    ("field5_hidden", 9004),
    ("peoples8", 9005),
)
