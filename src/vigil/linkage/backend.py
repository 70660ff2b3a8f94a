"""Splink database backends: DuckDB (default, in-process) and Spark (local mode).

PySpark is imported only when Spark is asked for, so `import vigil` never starts a JVM.
"""

from __future__ import annotations

import os
from typing import Any, Literal

from vigil.config import DUCKDB_MEMORY
from vigil.errors import InputError

Engine = Literal["duckdb", "spark"]
ENGINES: tuple[str, ...] = ("duckdb", "spark")

_SPARK: Any = None

__all__ = ["DUCKDB_MEMORY", "ENGINES", "Engine", "make_db_api", "register_frame", "spark_session"]


def spark_session(cores: int = 2, memory: str = "2g") -> Any:
    """A local Spark session with Splink's similarity jar (Jaro-Winkler etc.) registered
    (`cores` and driver `memory`: `Config.spark_cores`, `spark_memory`; the first call in a
    process decides them)."""
    global _SPARK
    if _SPARK is not None:
        return _SPARK
    try:
        from pyspark.sql import SparkSession
        from splink.backends.spark import similarity_jar_location
    except ImportError as e:  # pragma: no cover - depends on the install
        raise InputError("the Spark engine needs PySpark: install vigil[spark]") from e
    _SPARK = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName("vigil-linkage")
        .config("spark.jars", similarity_jar_location())
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.default.parallelism", "4")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", memory)
        .config("spark.sql.ansi.enabled", "false")
        .getOrCreate()
    )
    _SPARK.sparkContext.setLogLevel("ERROR")
    _SPARK.sparkContext.setCheckpointDir(os.path.join(_tmpdir(), "vigil-spark-checkpoints"))
    return _SPARK


def _tmpdir() -> str:
    import tempfile

    return tempfile.gettempdir()


def make_db_api(
    engine: str = "duckdb",
    *,
    duckdb_threads: int | None = None,
    duckdb_memory: str = DUCKDB_MEMORY,
    spark_cores: int = 2,
    spark_memory: str = "2g",
) -> Any:
    """A fresh Splink database API for `engine` (budgets from `Config`, via `EngineConfig`)."""
    if engine == "duckdb":
        import duckdb
        from splink import DuckDBAPI

        con = duckdb.connect(":memory:")
        if duckdb_threads:
            con.execute(f"SET threads = {int(duckdb_threads)}")
        # DuckDB takes 80% of the machine by default; a bounded budget with a spill folder
        # lets a million-record run score its pairs on disk instead of being killed.
        con.execute("SET memory_limit = ?", [duckdb_memory])
        con.execute("SET temp_directory = ?", [os.path.join(_tmpdir(), "vigil-duckdb-spill")])
        con.execute("SET preserve_insertion_order = false")
        return DuckDBAPI(connection=con)
    if engine == "spark":
        from splink.backends.spark import SparkAPI

        return SparkAPI(
            spark_session=spark_session(spark_cores, spark_memory), break_lineage_method="parquet"
        )
    raise InputError(f"unknown linkage engine {engine!r}; choose one of {', '.join(ENGINES)}")


def register_frame(db_api: Any, engine: str, frame: Any, name: str) -> Any:
    """Register a pandas frame with the backend (Spark gets a Spark DataFrame)."""
    if engine == "spark":
        from pyspark.sql import functions as F

        spark = spark_session()
        # Spark infers column types from values: a column with none (no record gives an act
        # detail) cannot be inferred, so it is added afterwards as a null string.
        empty = [c for c in frame.columns if not frame[c].notna().any()]
        known = frame.drop(columns=empty)
        sdf = spark.createDataFrame(known.astype(object).where(known.notna(), None))
        for c in empty:
            sdf = sdf.withColumn(c, F.lit(None).cast("string"))
        return db_api.register(sdf.select(*frame.columns), table_name=name)
    return db_api.register(frame, table_name=name)
