"""The pure generator: configuration in, population + sources + records out (no I/O).

Random streams are spawned per stage from one seed, so the hidden population of a seed stays
the same whatever the number of sources, and every output is identical for identical settings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from typing import Any

import numpy as np
import numpy.typing as npt

from vigil.errors import InvalidValue
from vigil.estimate.table import CaptureTable
from vigil.synth.acts import TrueActs, acts_streams, draw_true_acts, empty_acts, render_acts
from vigil.synth.capture import (
    BASE_CAPTURE,
    HIDDEN_CAPTURE_RANGE,
    capture_probabilities,
    draw_captures,
)
from vigil.synth.habits import NONE, Habits, source_habits
from vigil.synth.population import GROUPS, Population, draw_population
from vigil.synth.records import SourceRecords, render_source
from vigil.synth.stats import namesakes
from vigil.synth.styles import SourceSpec, default_sources

Progress = Callable[[str, int], None]
"""Called with a stage description and the number of records just produced."""

MAX_SOURCES = 12


@dataclass(frozen=True)
class SynthConfig:
    """Parameters of one synthetic test bed. `people` is the true population size N."""

    people: int = 1000
    sources: int = 4
    seed: int = 0
    hidden_fraction: float = 0.0
    duplicate_rate: float = 0.03
    copy_rate: float = 0.0
    typo_scale: float = 1.0
    habits: Habits = NONE
    """Field phenomena (`vigil.synth.habits`); all off by default (the classic test bed)."""
    acts: bool = True
    """Sources report acts (method, perpetrator, ...; `vigil.synth.acts`), drawn from
    streams of their own: the classic columns are the same either way."""

    def validate(self) -> None:
        self.habits.validate()
        if self.people < 1:
            raise InvalidValue(f"--people must be at least 1, got {self.people}")
        if not 2 <= self.sources <= MAX_SOURCES:
            raise InvalidValue(f"--sources must be between 2 and {MAX_SOURCES}, got {self.sources}")
        if self.seed < 0:
            raise InvalidValue(f"--seed must be non-negative, got {self.seed}")
        for name, value, top in (
            ("--hidden-fraction", self.hidden_fraction, 0.9),
            ("--duplicate-rate", self.duplicate_rate, 0.5),
            ("--copy-rate", self.copy_rate, 1.0),
        ):
            if not 0.0 <= value <= top:
                raise InvalidValue(f"{name} must be between 0 and {top}, got {value}")
        if not 0.0 <= self.typo_scale <= 10.0:
            raise InvalidValue(f"--typo-scale must be between 0 and 10, got {self.typo_scale}")


@dataclass(frozen=True)
class SynthDataset:
    """Everything generated: the truth (population, captures) and what the sources wrote."""

    config: SynthConfig
    population: Population
    sources: list[SourceSpec]
    capture_probabilities: npt.NDArray[np.float64]  # groups x sources
    captured: npt.NDArray[np.bool_]  # people x sources
    records: list[SourceRecords]
    acts: TrueActs | None = None  # the true act of every person (None: acts off)

    @property
    def observed(self) -> npt.NDArray[np.bool_]:
        """People on at least one list."""
        return np.asarray(self.captured.any(axis=1), dtype=np.bool_)

    def capture_table(self, by: str = "source") -> CaptureTable:
        """The true capture table (people, not records) over sources or independence groups.

        What a perfect linkage would give; estimators can be checked on it apart from linkage.
        """
        if by == "source":
            names = [s.name for s in self.sources]
            columns = self.captured
        elif by == "group":
            names = list(dict.fromkeys(s.independence_group for s in self.sources))
            columns = np.stack(
                [
                    self.captured[
                        :, [s.index for s in self.sources if s.independence_group == g]
                    ].any(axis=1)
                    for g in names
                ],
                axis=1,
            )
        else:
            raise InvalidValue(f"capture table by {by!r}: expected 'source' or 'group'")
        seen = columns[columns.any(axis=1)].astype(np.uint8)
        patterns, counts = np.unique(seen, axis=0, return_counts=True)
        return CaptureTable.from_rows(names, patterns.tolist(), counts.tolist())

    @property
    def record_count(self) -> int:
        return sum(len(r) for r in self.records)

    def summary(self) -> dict[str, Any]:
        """What `population.json` holds: the true N, what was observed, and the parameters."""
        pop = self.population
        observed = self.observed
        groups = []
        for g, profile in enumerate(pop.groups):
            members = pop.group == g
            groups.append(
                {
                    "name": profile.name,
                    "size": int(members.sum()),
                    "observed": int((members & observed).sum()),
                    "capture_probabilities": {
                        s.name: round(float(self.capture_probabilities[g, s.index]), 4)
                        for s in self.sources
                    },
                }
            )
        sources = []
        for spec, recs in zip(self.sources, self.records, strict=True):
            sources.append(
                {
                    "name": spec.name,
                    "kind": spec.kind.value,
                    "independence_group": spec.independence_group,
                    "file": spec.file,
                    "script": spec.style.script.value,
                    "records": len(recs),
                    "people": int(self.captured[:, spec.index].sum()),
                    "copies_from": None
                    if spec.copies_from is None
                    else self.sources[spec.copies_from].name,
                }
            )
        return {
            "format": "vigil-synth/1",
            "seed": self.config.seed,
            "population_size": pop.size,
            "observed": int(observed.sum()),
            "records": self.record_count,
            "parameters": asdict(self.config),
            "groups": groups,
            "sources": sources,
            "namesakes": namesakes(pop).as_dict(),
        }


def _sources(config: SynthConfig) -> list[SourceSpec]:
    specs = default_sources(config.sources)
    if config.copy_rate > 0:
        last = specs[-1]
        target = 1 if last.index != 1 else 0
        specs[-1] = replace(
            last, copies_from=target, independence_group=specs[target].independence_group
        )
    return specs


def expected_records_per_person(config: SynthConfig) -> float:
    """Records per person of the hidden population that `config` makes on average.

    From the un-jittered capture probabilities, so only approximate for one seed (a few %).
    """
    hidden_p = sum(HIDDEN_CAPTURE_RANGE) / 2
    total = 0.0
    for spec in _sources(config):
        copies = 1.0 + config.duplicate_rate * spec.style.duplicate_weight
        base = BASE_CAPTURE[spec.kind]
        p = sum(g.weight * base[g.name] for g in GROUPS) * (1 - config.hidden_fraction)
        p += config.hidden_fraction * hidden_p
        total += p * copies
    return total


def people_for_records(records: int, config: SynthConfig) -> int:
    """Population size that yields about `records` records with `config`'s other settings."""
    return max(1, round(records / expected_records_per_person(config)))


def generate(config: SynthConfig, progress: Progress | None = None) -> SynthDataset:
    """Draw the hidden population, the captures and every source's records for `config`."""
    config.validate()
    # Children of a SeedSequence depend on their index only, so the habit streams (spawned
    # after the classic ones) leave every classic stream as it was.
    streams = [
        np.random.default_rng(s)
        for s in np.random.SeedSequence(config.seed).spawn(4 + 2 * MAX_SOURCES)
    ]
    habit_streams = streams[3 + MAX_SOURCES :]
    population = draw_population(
        streams[0],
        config.people,
        config.hidden_fraction,
        peoples_strength=config.habits.peoples,
        names_rng=habit_streams[0],
        wide_geography=config.habits.active,
    )
    sources = _sources(config)
    repeats: dict[object, int] = {}
    probs = capture_probabilities(streams[1], population, sources)
    captured = draw_captures(streams[2], population, sources, probs, config.copy_rate)
    records = []
    for spec in sources:
        repeats[spec.kind] = repeats.get(spec.kind, 0) + 1
        recs = render_source(
            streams[3 + spec.index],
            population,
            spec,
            np.flatnonzero(captured[:, spec.index]),
            config.duplicate_rate,
            config.typo_scale,
            source_habits(config.habits, spec.kind, repeats[spec.kind]),
            habit_streams[1 + spec.index],
        )
        records.append(recs)
        if progress is not None:
            progress(f"rendered {spec.name}", len(recs))
    truth: TrueActs | None = None
    if config.acts:
        act_rngs = acts_streams(config.seed, len(sources))
        truth = draw_true_acts(act_rngs[0], population)
        for spec, recs in zip(sources, records, strict=True):
            recs.columns.update(render_acts(act_rngs[1 + spec.index], truth, recs.person, spec))
    else:
        for recs in records:
            recs.columns.update(empty_acts(len(recs)))
    return SynthDataset(config, population, sources, probs, captured, records, truth)
