"""Training and scoring with Splink: unlabelled EM, optional labelled m, then predict.

The output is a plain pandas frame of scored candidate pairs plus the fitted model as a
JSON-able dict; clustering, decisions and ids are pure steps after this one.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from vigil.linkage import model as mdl
from vigil.linkage.backend import DUCKDB_MEMORY, make_db_api, register_frame

Progress = Callable[[str], None]

#: Pairs scored below this are dropped straight away (they can never be linked or reviewed).
KEEP_PROBABILITY = 0.01
#: Confirmed pairs needed before they are used to estimate m-probabilities.
MIN_LABELS_FOR_TRAINING = 30
#: Smallest m kept in the fitted model (see `regularize`).
M_FLOOR = 1e-3
#: Smallest u kept: u comes from millions of random pairs, so it is known far below M_FLOOR;
#: flooring it at M_FLOOR would cap an exact full-name match at ~10 bits of evidence.
U_FLOOR = 1e-6
#: m = u of a level never seen in training: a Bayes factor of 1.
UNSEEN_LEVEL = 1e-3


@dataclass(frozen=True)
class EngineConfig:
    engine: str = "duckdb"
    seed: int = 42
    u_max_pairs: float = 5e6
    em_max_pairs: float | None = 2e6
    naive: bool = False
    duckdb_threads: int | None = None  # the budgets come from `vigil.config.Config`
    duckdb_memory: str = DUCKDB_MEMORY
    spark_cores: int = 2
    spark_memory: str = "2g"


@dataclass
class Scored:
    """Scored candidate pairs (unique_id_l < unique_id_r) and the fitted model."""

    pairs: pd.DataFrame
    model: dict[str, Any]
    notes: list[str] = field(default_factory=list)


#: The largest prior probability that two records match (tiny stores: see `score`).
MAX_PRIOR = 0.5


def regularize(
    model: dict[str, Any], floor: float = M_FLOOR, u_floor: float = U_FLOOR
) -> dict[str, Any]:
    """The model with every m-probability at least `floor` (u at least `u_floor`).

    EM drives the m of a level it never saw among matches to ~0, which gives that level a
    weight of -100 or so: one unseen spelling pattern would then veto any match. A floor
    turns "never seen" into "rare", which is what the data can actually say.
    """
    out = copy.deepcopy(model)
    for comp in out.get("comparisons", []):
        for level in comp.get("comparison_levels", []):
            if level.get("is_null_level"):
                continue
            m, u = level.get("m_probability"), level.get("u_probability")
            if not isinstance(m, (int, float)) and not isinstance(u, (int, float)):
                # Seen neither among likely matches nor among random pairs: the data say
                # nothing about this level, so it weighs nothing (Splink would otherwise
                # read "not observed" as 1e-6 on both sides, floored here to +10 bits).
                level["m_probability"] = level["u_probability"] = UNSEEN_LEVEL
                continue
            for key, least in (("m_probability", floor), ("u_probability", u_floor)):
                value = level.get(key)
                if isinstance(value, (int, float)) and value < least:
                    level[key] = least
    return out


def with_parameters(settings: dict[str, Any], model: dict[str, Any]) -> dict[str, Any]:
    """`settings` (rendered for one SQL dialect) carrying the fitted parameters of `model`.

    A saved model's SQL is in the dialect it was trained on; re-rendering the same
    comparisons for the target engine and copying the numbers across keeps DuckDB and
    Spark scoring identically.
    """
    out = copy.deepcopy(settings)
    out["probability_two_random_records_match"] = model["probability_two_random_records_match"]
    saved = {c["output_column_name"]: c for c in model.get("comparisons", [])}
    for comp in out["comparisons"]:
        old = saved.get(comp["output_column_name"])
        if old is None or len(old["comparison_levels"]) != len(comp["comparison_levels"]):
            raise ValueError(f"saved model does not fit comparison {comp['output_column_name']}")
        for level, old_level in zip(
            comp["comparison_levels"], old["comparison_levels"], strict=True
        ):
            for key in ("m_probability", "u_probability"):
                if key in old_level:
                    level[key] = old_level[key]
    return out


def _quiet_splink() -> None:
    for name in ("splink", "py4j"):
        logging.getLogger(name).setLevel(logging.ERROR)


def _compact_sql(columns: Sequence[str], table: str) -> str:
    """SQL that keeps of a prediction table only what clustering and review read, compactly.

    Splink's predictions carry both records' matching columns (needed for its gamma
    columns); at a million records that is tens of millions of wide rows. Ids come out
    ordered (l < r), weights as 4-byte floats and comparison levels as 1-byte integers.
    """
    gammas = [c for c in columns if c.startswith("gamma_")]
    cols = [
        "CAST(least(unique_id_l, unique_id_r) AS BIGINT) AS unique_id_l",
        "CAST(greatest(unique_id_l, unique_id_r) AS BIGINT) AS unique_id_r",
        "CAST(match_weight AS FLOAT) AS match_weight",
        "CAST(match_probability AS DOUBLE) AS match_probability",
        *(f"CAST({g} AS TINYINT) AS {g}" for g in gammas),
    ]
    return f"SELECT {', '.join(cols)} FROM {table}"


def _fetch_pairs(predictions: Any, engine: str) -> pd.DataFrame:
    """The scored pairs of a Splink prediction table as a compact pandas frame."""
    columns = [c.unquote().name for c in predictions.columns]
    if engine == "spark":
        sdf = predictions.as_spark_dataframe()
        sdf.createOrReplaceTempView("vigil_predictions")
        out = sdf.sparkSession.sql(_compact_sql(columns, "vigil_predictions")).toPandas()
    else:
        rel = predictions.as_duckdbpyrelation()
        out = rel.query("vigil_predictions", _compact_sql(columns, "vigil_predictions")).df()
    for col in out.columns:
        if col.startswith("gamma_"):
            out[col] = out[col].astype("int8")
    out["match_weight"] = out["match_weight"].astype("float32")
    return out.reset_index(drop=True)


def _naive_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Baseline input: the raw full name lower-cased, the exact date and place text."""
    out = pd.DataFrame({"unique_id": frame["unique_id"], "source": frame["source"]})
    out["naive_name"] = frame["naive_name"].astype("string").str.lower().str.strip()
    out["sex"] = frame["sex"]
    out["age"] = frame["age"]
    out["naive_date"] = frame["date_start_day"]
    out["naive_place"] = frame["naive_place"].astype("string").str.lower().str.strip()
    return out


def score(
    frame: pd.DataFrame,
    config: EngineConfig = EngineConfig(),
    labels: Sequence[tuple[int, int]] = (),
    progress: Progress | None = None,
    model: dict[str, Any] | None = None,
) -> Scored:
    """Fit the model on `frame` (from `prepare_frame`) and score its candidate pairs.

    `labels` are confirmed matching pairs; with enough of them they set the
    m-probabilities (after EM), so human review also trains the model. With `model` (a
    saved fitted model) nothing is trained: the pairs are scored with it as it is.
    """
    from splink import Linker, block_on
    from splink.internals.blocking_rule_creator import BlockingRuleCreator

    _quiet_splink()
    say = progress or (lambda _m: None)
    notes: list[str] = []
    if len(frame) < 2:
        return Scored(pd.DataFrame(columns=["unique_id_l", "unique_id_r"]), {}, notes)

    db_api = make_db_api(
        config.engine,
        duckdb_threads=config.duckdb_threads,
        duckdb_memory=config.duckdb_memory,
        spark_cores=config.spark_cores,
        spark_memory=config.spark_memory,
    )
    if config.naive:
        data = _naive_columns(frame)
        settings = mdl.naive_settings()
        # What a Splink user would write: exact name with date, or with place.
        det_rules: list[str | BlockingRuleCreator] = [
            block_on("naive_name", "naive_date"),
            block_on("naive_name", "naive_place"),
        ]
        # EM on date+place alone drifts to "same place" at 100k records; adding age keeps
        # its blocks small enough that similar names mark the matches
        em_rules = [block_on("naive_name"), block_on("naive_date", "naive_place", "age")]
    else:
        data = frame
        settings = mdl.settings()
        det_rules = [
            block_on("family_key", "given_key", "father_key", "age"),
            block_on("family_key", "given_key", "date_start_day", "city_id"),
        ]
        em_rules = mdl.training_rules()
    sdf = register_frame(db_api, config.engine, data, "vigil_records")
    if model is not None:
        dialect = "spark" if config.engine == "spark" else "duckdb"
        fixed = with_parameters(settings.create_settings_dict(dialect), model)
        return _predict(Linker(sdf, fixed, log_level=None), model, notes, say, config.engine)
    linker = Linker(sdf, settings, log_level=None)

    say("estimating how often two records match")
    try:
        linker.training.estimate_probability_two_random_records_match(det_rules, recall=0.6)
    except Exception as e:  # too few deterministic matches on tiny data
        notes.append(f"prior left at default: {e}")
    # On a handful of records the deterministic matches over recall can reach 1 or more
    # (one exact pair among three records), which no match weight can express: cap it.
    prior = float(linker._settings_obj._probability_two_random_records_match)
    if not 0.0 < prior <= MAX_PRIOR:
        linker._settings_obj._probability_two_random_records_match = min(
            max(prior, 1e-9), MAX_PRIOR
        )
        notes.append(f"prior {prior:.3g} out of range on so few records; set to {MAX_PRIOR}")
    say("estimating u-probabilities by random sampling")
    n = len(frame)
    max_pairs = min(config.u_max_pairs, n * (n - 1) / 2)
    linker.training.estimate_u_using_random_sampling(max_pairs=max_pairs, seed=config.seed)
    for i, rule in enumerate(em_rules, 1):
        say(f"EM training pass {i}/{len(em_rules)}")
        # A failed pass (no pairs, or an m driven to exactly 0) can leave Splink's settings
        # half-updated; restore the snapshot and go on with the other passes.
        snapshot = copy.deepcopy(linker._settings_obj.core_model_settings)
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, estimate_without_term_frequencies=True, max_pairs=config.em_max_pairs
            )
        except Exception as e:
            linker._settings_obj.core_model_settings = snapshot
            notes.append(f"EM pass {i} skipped: {e}")
    if len(labels) >= MIN_LABELS_FOR_TRAINING and not config.naive:
        say(f"estimating m-probabilities from {len(labels)} confirmed pairs")
        lab = pd.DataFrame(
            {
                "source_dataset_l": "vigil_records",
                "unique_id_l": [a for a, _ in labels],
                "source_dataset_r": "vigil_records",
                "unique_id_r": [b for _, b in labels],
            }
        )
        table = register_frame(db_api, config.engine, lab, "vigil_labels")
        linker.training.estimate_m_from_pairwise_labels(table)
        notes.append(f"m-probabilities from {len(labels)} confirmed pairs")

    fitted = regularize(linker.misc.save_model_to_json())
    return _predict(Linker(sdf, fitted, log_level=None), fitted, notes, say, config.engine)


def _predict(
    linker: Any, model: dict[str, Any], notes: list[str], say: Progress, engine: str
) -> Scored:
    say("scoring candidate pairs")
    predictions = linker.inference.predict(
        threshold_match_probability=KEEP_PROBABILITY, warning_mode="never"
    )
    pairs = _fetch_pairs(predictions, engine)
    predictions.drop_table_from_database_and_remove_from_cache()
    return Scored(pairs, model, notes)
