"""`vigil estimate-table` and `vigil estimate`: multiple systems estimation from the command line.

A thin layer: reading a table or the store, dispatching to an estimator in `vigil.estimate`,
and printing the result (a short text summary or JSON). Estimators other than LCMCR are
imported only when asked for, so this module loads fast and works while they evolve.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from vigil.errors import EstimationRefused, InvalidValue, VigilError

if TYPE_CHECKING:  # numpy-backed; imported by the commands only when they run
    from vigil.estimate.result import Estimate
    from vigil.estimate.table import CaptureTable

out_console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)


class Method(StrEnum):
    lcmcr = "lcmcr"
    loglinear = "loglinear"
    dga = "dga"
    chao = "chao"


class ListKind(StrEnum):
    source = "source"
    group = "group"


@contextmanager
def _user_errors() -> Iterator[None]:
    """Report Vigil errors as one line and exit 2 (1 for integrity), even outside `vigil`."""
    try:
        yield
    except VigilError as e:
        from vigil.errors import IntegrityError

        err_console.print(f"[bold red]error:[/] {e}", markup=True)
        raise typer.Exit(1 if isinstance(e, IntegrityError) else 2) from None


@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[int, int], None] | None]:
    """A Rich progress bar on stderr for long sampling; nothing when stderr is not a terminal."""
    if not enabled or not err_console.is_terminal:
        yield None
        return
    with Progress(
        TextColumn("sampling"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeRemainingColumn(),
        console=err_console,
        transient=True,
    ) as bar:
        task = bar.add_task("lcmcr", total=1)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


@dataclass(frozen=True)
class Sampling:
    """The options both commands share; LCMCR uses them all, the other methods level and seed."""

    seed: int | None = None
    chains: int = 4
    burnin: int = 10_000
    samples: int = 1_000
    thin: int = 10
    level: float = 0.95
    max_sweeps: int = 1_300_000

    def lcmcr(self) -> Any:
        from vigil.estimate.lcmcr import LcmcrSettings

        return LcmcrSettings(
            seed=self.seed,
            chains=self.chains,
            burnin=self.burnin,
            samples=self.samples,
            thin=self.thin,
            level=self.level,
            max_sweeps=max(self.max_sweeps, self.burnin + self.samples * self.thin),
            adapt=self.max_sweeps > 0,
        )


MethodOpt = Annotated[Method, typer.Option("--method", "-m", help="Estimator.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]
SeedOpt = Annotated[int | None, typer.Option("--seed", help="Fix the random streams.")]
ChainsOpt = Annotated[int, typer.Option("--chains", help="LCMCR chains (run in parallel).")]
BurninOpt = Annotated[int, typer.Option("--burnin", help="LCMCR burn-in sweeps per chain.")]
SamplesOpt = Annotated[int, typer.Option("--samples", help="LCMCR draws kept per chain.")]
ThinOpt = Annotated[int, typer.Option("--thin", help="LCMCR sweeps per kept draw.")]
LevelOpt = Annotated[float, typer.Option("--level", help="Interval probability.")]
MaxSweepsOpt = Annotated[
    int,
    typer.Option(
        "--max-sweeps",
        help="LCMCR: keep sampling (doubling) until R-hat <= 1.01 and ESS >= 400, up to "
        "this many sweeps per chain; 0 runs exactly the requested length.",
    ),
]


def run_method(
    table: CaptureTable,
    method: Method,
    sampling: Sampling,
    progress: Callable[[int, int], None] | None = None,
) -> Estimate:
    """Dispatch to one estimator (imported lazily: each lives in its own module)."""
    level, seed = sampling.level, sampling.seed
    if method == Method.lcmcr:
        from vigil.estimate.lcmcr import lcmcr

        return lcmcr(table, sampling.lcmcr(), progress)
    try:
        if method == Method.loglinear:
            from vigil.estimate.loglinear_search import search_loglinear

            return search_loglinear(table, level=level)
        if method == Method.dga:
            from vigil.estimate.dga import dga_estimate

            if table.n_lists > 5:
                raise EstimationRefused(
                    f"dga averages over decomposable graphs of at most 5 lists; the table has "
                    f"{table.n_lists}"
                )
            return dga_estimate(table, level=level, seed=seed or 0)
        from vigil.estimate.bounds import chao_lower_bound

        return chao_lower_bound(table, level=level)
    except ImportError as e:
        raise InvalidValue(f"method {method.value} is not available in this build ({e})") from None


def _fmt(x: float | None) -> str:
    return "—" if x is None else f"{x:,.0f}"


def _print_estimate(e: Estimate, title: str | None = None) -> None:
    head = f"[bold]{title}[/] " if title else ""
    if e.refusal or e.estimate is None:
        out_console.print(f"{head}{e.method}: no estimate — {e.refusal or 'refused'}")
        return
    out_console.print(
        f"{head}{e.method}: observed {e.observed:,}; estimate {_fmt(e.estimate)} "
        f"({e.level:.0%} interval {_fmt(e.lower)} – {_fmt(e.upper)})"
    )
    d = e.diagnostics
    if "rhat" in d or "ess_bulk" in d:
        meds = ", ".join(f"{m:,.0f}" for m in d.get("per_chain_median", []))
        rh = d.get("rhat")
        out_console.print(
            f"  chains: medians {meds}; R-hat {'n/a' if rh is None else f'{rh:.3f}'}; "
            f"bulk ESS {d.get('ess_bulk', 0):.0f}; converged: {d.get('converged')}"
        )
        if d.get("per_chain_log_density") and not d.get("converged"):
            dens = ", ".join(f"{x:,.1f}" for x in d["per_chain_log_density"])
            out_console.print(
                f"  chains' log posterior density (N and classes summed out): {dens}; "
                "unequal densities mean the chains sit in different modes"
            )
    if "sweeps_per_chain" in d:
        t = d.get("targets") or {}
        out_console.print(
            f"  ran {d['sweeps_per_chain']:,} sweeps per chain in {d.get('rounds')} round(s) "
            f"(targets: R-hat <= {t.get('rhat_max')}, bulk ESS >= {t.get('ess_min'):.0f})"
        )
    if d.get("warning"):
        err_console.print(f"[bold red]WARNING:[/] {d['warning']}", markup=True)


def _emit(e: Estimate, as_json: bool, extra: dict[str, Any] | None = None) -> None:
    if as_json:
        payload = e.to_json()
        if extra:
            payload.update(extra)
        sys.stdout.write(json.dumps(payload, indent=2, sort_keys=True, default=float) + "\n")
    else:
        _print_estimate(e)
        if e.diagnostics.get("warning") is None and e.method == "lcmcr":
            out_console.print("  chains agree (R-hat and ESS within limits)")
    if e.refusal or e.estimate is None:
        if not as_json:
            err_console.print("[bold red]error:[/] the method gave no estimate", markup=True)
        raise typer.Exit(2)


def register(app: typer.Typer) -> None:
    """Add `estimate-table` and `estimate` to the `vigil` command."""

    @app.command("estimate-table")
    def estimate_table(
        file: Path = typer.Argument(..., help="CSV: one 0/1 column per list and a `count`."),
        method: MethodOpt = Method.lcmcr,
        as_json: JsonOpt = False,
        seed: SeedOpt = None,
        chains: ChainsOpt = 4,
        burnin: BurninOpt = 10_000,
        samples: SamplesOpt = 1_000,
        thin: ThinOpt = 10,
        level: LevelOpt = 0.95,
        max_sweeps: MaxSweepsOpt = 1_300_000,
    ) -> None:
        """Estimate the total from a capture table (CSV of list patterns and counts)."""
        with _user_errors():
            from vigil.services.capture import read_capture_table

            table = read_capture_table(file)
            with _progress(method == Method.lcmcr) as prog:
                est = run_method(
                    table,
                    method,
                    Sampling(seed, chains, burnin, samples, thin, level, max_sweeps),
                    prog,
                )
            _emit(est, as_json)

    @app.command("estimate")
    def estimate(
        ctx: typer.Context,
        lists: ListKind = typer.Option(
            ListKind.group, "--lists", help="Lists are sources or independence groups."
        ),
        strata: str | None = typer.Option(
            None,
            "--strata",
            help="Stratify by province, sex, age_group, violation, month or week.",
        ),
        method: MethodOpt = Method.lcmcr,
        as_json: JsonOpt = False,
        seed: SeedOpt = None,
        chains: ChainsOpt = 4,
        burnin: BurninOpt = 10_000,
        samples: SamplesOpt = 1_000,
        thin: ThinOpt = 10,
        level: LevelOpt = 0.95,
        max_sweeps: MaxSweepsOpt = 1_300_000,
        date_from: str | None = typer.Option(None, "--from", help="Victims from this date."),
        date_to: str | None = typer.Option(None, "--to", help="Victims up to this date."),
        province: list[str] | None = typer.Option(None, "--province", help="Province (repeat)."),
        violation: list[str] | None = typer.Option(
            None, "--violation", help="Violation type (repeat; default: deaths, as statements)."
        ),
        event: str | None = typer.Option(
            None, "--event", help="Only this event (slug; see `vigil event list`)."
        ),
        linkage: bool = typer.Option(
            True,
            "--linkage/--no-linkage",
            help="Also estimate over other plausible linkages (thresholds and clusterings "
            "drawn from the scored pairs) and report the linkage range.",
        ),
        linkage_draws: int = typer.Option(
            8, "--linkage-draws", help="Clusterings drawn from the pair probabilities."
        ),
    ) -> None:
        """Estimate the total from the linked persons in the store (the statement's scope:
        counted, not discounted persons; default every death)."""
        from vigil.cli.context import state
        from vigil.cli.statement import make_scope
        from vigil.services.capture import capture_tables

        with _user_errors():
            scope = make_scope(date_from, date_to, province, violation, event)
            store = state(ctx).store()
            with store.session() as session:
                tables = capture_tables(session, scope=scope, lists=lists.value, strata=strata)
            if strata is None:
                table = tables["all"]
                with _progress(method == Method.lcmcr) as prog:
                    est = run_method(
                        table,
                        method,
                        Sampling(seed, chains, burnin, samples, thin, level, max_sweeps),
                        prog,
                    )
                extra: dict[str, Any] = {"lists_kind": lists.value, "scope": scope.to_json()}
                if linkage:
                    extra["linkage"] = _linkage_range(
                        store, scope, method, lists.value, seed, level, est, linkage_draws
                    )
                _emit(est, as_json, extra)
                if not as_json and extra.get("linkage"):
                    _print_linkage(extra["linkage"])
                return
            sampling = Sampling(seed, chains, burnin, samples, thin, level, max_sweeps)
            _estimate_strata(tables, method, strata, as_json, sampling)


def _linkage_range(
    store: Any,
    scope: Any,
    method: Method,
    lists: str,
    seed: int | None,
    level: float,
    main: Estimate,
    draws: int,
) -> dict[str, Any] | None:
    """The estimate over other linkages (`services.linkage_range.linkage_range`), as JSON."""
    from vigil.services.linkage_range import linkage_range

    if draws < 0:
        raise InvalidValue(f"--linkage-draws must be 0 or more, not {draws}")
    with store.session() as session:
        rng = linkage_range(
            session,
            scope,
            method=method.value,
            lists=lists,
            seed=2019 if seed is None else seed,
            level=level,
            main=main,
            draws=draws,
        )
    return None if rng is None else rng.to_json()


def _print_linkage(link: dict[str, Any]) -> None:
    out_console.print(
        f"  linkage range: {_fmt(link['lower'])} – {_fmt(link['upper'])} over "
        f"{len(link['variants'])} other linkages; interval with linkage uncertainty "
        f"{_fmt(link['combined_lower'])} – {_fmt(link['combined_upper'])}"
    )
    for v in link["variants"]:
        est = "—" if v["estimate"] is None else _fmt(v["estimate"])
        out_console.print(
            f"    {v['name']:<24} {v['persons']:>8,} persons, observed {v['observed']:>7,}: {est}",
            markup=False,
        )
    out_console.print(f"  ({link['note']})", markup=False)
    if link.get("warning"):
        err_console.print(f"[bold red]WARNING:[/] {link['warning']}", markup=True)


def _estimate_strata(
    tables: dict[str, CaptureTable],
    method: Method,
    field: str,
    as_json: bool,
    sampling: Sampling,
) -> None:
    """Per-stratum estimates; for LCMCR also the total, summed draw by draw."""
    if method == Method.lcmcr:
        from vigil.estimate.strata import estimate_strata

        res = estimate_strata(tables, sampling.lcmcr())
        total: Estimate | None = res.total
        per = res.strata
    else:
        per = {name: run_method(t, method, sampling) for name, t in sorted(tables.items())}
        total = None
    if as_json:
        payload: dict[str, Any] = {
            "strata_field": field,
            "strata": {k: v.to_json() for k, v in per.items()},
        }
        if total is not None:
            payload.update(total.to_json())
        else:
            payload.update(
                {
                    "method": method.value,
                    "observed": sum(e.observed for e in per.values()),
                    "estimate": None,
                    "lower": None,
                    "upper": None,
                    "level": sampling.level,
                    "diagnostics": {},
                    "refusal": "only LCMCR posterior draws can be summed into a total with an "
                    "interval; see the per-stratum estimates",
                }
            )
        sys.stdout.write(json.dumps(payload, indent=2, sort_keys=True, default=float) + "\n")
        return
    for name, e in per.items():
        _print_estimate(e, f"{field}={name}")
    if total is not None:
        _print_estimate(total, "TOTAL (draw-by-draw sum)")
    else:
        out_console.print(
            "TOTAL: not given — only LCMCR draws can be summed into a total with an interval"
        )
