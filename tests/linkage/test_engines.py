"""The linkage model on its own: quality on a small population, and DuckDB = Spark."""

from __future__ import annotations

from typing import Any

import pytest

from vigil.linkage.engine import EngineConfig
from vigil.linkage.evaluate import pairwise_scores
from vigil.linkage.frame import prepare_frame
from vigil.linkage.pipeline import link

Population = tuple[list[dict[str, Any]], dict[int, int]]


def test_duckdb_links_the_small_population(small_population: Population) -> None:
    rows, truth = small_population
    out = link(prepare_frame(rows), threshold=0.5)
    s = pairwise_scores(out.clusters, truth)
    # Hard toy data (few names, many homonyms); the real measurement is bench/linkage.py.
    assert s.precision > 0.7 and s.recall > 0.8, s
    assert out.model["comparisons"]
    assert sorted(r for c in out.clusters for r in c) == sorted(truth)


@pytest.mark.spark
def test_spark_gives_the_same_clusters_as_duckdb(small_population: Population) -> None:
    pytest.importorskip("pyspark")
    rows, _truth = small_population
    rows = rows[:80]
    frame = prepare_frame(rows)
    trained = link(frame, threshold=0.5)
    duck = link(frame, threshold=0.5, model=trained.model)
    spark = link(frame, threshold=0.5, model=trained.model, config=EngineConfig(engine="spark"))
    assert duck.clusters == trained.clusters
    assert spark.clusters == duck.clusters
    d = duck.pairs.set_index(["unique_id_l", "unique_id_r"])["match_probability"]
    sp = spark.pairs.set_index(["unique_id_l", "unique_id_r"])["match_probability"]
    assert set(d.index) == set(sp.index)
    assert (d - sp.loc[d.index]).abs().max() < 1e-6
