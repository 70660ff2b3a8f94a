"""Synthetic multi-source test bed: a hidden population, K sources that each write it their own
way, and the truth that links every record to its person.

    dataset = generate(SynthConfig(people=10_000, sources=4, seed=1))
    write_dataset(dataset, Path("synth-out"))

Linkage and estimation are measured on it; see `vigil synth --help`.
"""

from vigil.synth.dataset import (
    SynthConfig,
    SynthDataset,
    expected_records_per_person,
    generate,
    people_for_records,
)
from vigil.synth.habits import Habits
from vigil.synth.records import COLUMNS, SourceRecords
from vigil.synth.styles import Script, SourceSpec, SourceStyle
from vigil.synth.writer import write_dataset

__all__ = [
    "COLUMNS",
    "Habits",
    "Script",
    "SourceRecords",
    "SourceSpec",
    "SourceStyle",
    "SynthConfig",
    "SynthDataset",
    "expected_records_per_person",
    "generate",
    "people_for_records",
    "write_dataset",
]
