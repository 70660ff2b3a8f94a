"""`vigil grade`, `claim add|import`, `claims`, `statement [verify]` and `keys new`.

Thin: options are turned into a Scope / EstimateSettings / ClaimInput and handed to the
services; results are printed. `person show` gets each person's grade and reasons from here.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from vigil.cli.context import console, err_console, state
from vigil.errors import IntegrityError, InvalidValue
from vigil.security.permissions import Action

if TYPE_CHECKING:  # SQLAlchemy (via the store) loads only when a command runs
    from vigil.statement.settings import Scope

claim_app = typer.Typer(help="Public claims about the toll.", no_args_is_help=True)
statement_app = typer.Typer(
    help="Write (or verify) the signed toll statement.", invoke_without_command=True
)
keys_app = typer.Typer(help="Ed25519 signing keys for statements.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command("grade")(grade_cmd)
    app.add_typer(claim_app, name="claim")
    app.command("claims")(claims_cmd)
    app.add_typer(statement_app, name="statement")
    app.add_typer(keys_app, name="keys")


# --- shared options -------------------------------------------------------------------------

METHOD = typer.Option("lcmcr", "--method", "-m", help="lcmcr, dga, loglinear, chao or none.")
LISTS = typer.Option("group", "--lists", help="Lists are independence groups or sources.")
SEED = typer.Option(2019, "--seed", help="Seed of the estimator (kept in the MANIFEST).")
CHAINS = typer.Option(4, "--chains", help="LCMCR chains.")
BURNIN = typer.Option(10_000, "--burnin", help="LCMCR burn-in sweeps per chain.")
SAMPLES = typer.Option(1_000, "--samples", help="LCMCR draws kept per chain.")
THIN = typer.Option(10, "--thin", help="LCMCR sweeps per kept draw.")


def province_codes(texts: list[str]) -> list[str]:
    """GeoNames admin1 codes for province names or codes (InvalidValue for unknown ones)."""
    from vigil.places import Gazetteer

    gaz = Gazetteer.load()
    out = []
    for t in texts:
        if t in gaz.provinces:
            out.append(t)
            continue
        prov = gaz.find_province(t)
        if prov is None:
            raise InvalidValue(f"--province {t!r}: no such province in the gazetteer")
        out.append(prov.code)
    return out


def make_scope(
    date_from: str | None,
    date_to: str | None,
    provinces: list[str] | None,
    violations: list[str] | None,
    event: str | None = None,
    where: list[str] | None = None,
) -> Scope:
    from vigil.statement.attributes import parse_where
    from vigil.statement.settings import Scope

    return Scope.of(
        date_from,
        date_to,
        province_codes(provinces or []),
        violations or None,
        "--from/--to",
        event,
        parse_where(where or []),
    )


EVENT = typer.Option(None, "--event", help="Only this event (slug; see `vigil event list`).")
WHERE = typer.Option(
    None,
    "--where",
    help="Attribute condition FIELD=V1[,V2] (repeat): method, weapon, wound, perpetrator, "
    "place_kind, custody, sentence.",
)


# --- grading ---------------------------------------------------------------------------------


def grade_cmd(
    ctx: typer.Context,
    rules: Path | None = typer.Option(
        None, "--rules", help="YAML grading rules (default: bundled)."
    ),
) -> None:
    """(Re)compute every person's corroboration grade, with reasons."""
    from rich.table import Table

    from vigil.cli.protect import acting_user
    from vigil.services.grading import grade_all, load_rules

    store = state(ctx).store()
    with store.session() as s:
        actor = acting_user(ctx, s, Action.GRADE).name
    report = grade_all(store, load_rules(rules), actor=actor)
    t = Table(title=f"Grades ({report.rules})")
    t.add_column("grade")
    t.add_column("persons", justify="right")
    for g in ("confirmed", "fair", "weak", "contested", "discounted"):
        t.add_row(g, f"{report.counts.get(g, 0):,}")
    console.print(t)
    console.print(f"{report.changed:,} grade(s) changed")


# --- claims ----------------------------------------------------------------------------------


@claim_app.command("add")
def claim_add_cmd(
    ctx: typer.Context,
    actor: str = typer.Option(..., "--actor", help="Who made the claim."),
    figure: int | None = typer.Option(None, "--figure", help="The figure claimed."),
    percent: str | None = typer.Option(
        None, "--percent", help="A share claimed, in percent (with one --where: of what)."
    ),
    figure_min: int | None = typer.Option(None, "--min", help="Low end of a claimed range."),
    figure_max: int | None = typer.Option(None, "--max", help="High end of a claimed range."),
    date: str = typer.Option(..., "--date", help="When the claim was made (YYYY-MM-DD)."),
    scope: str = typer.Option(..., "--scope", help="What the figure counts, in words."),
    citation: str = typer.Option(..., "--citation", help="Where the claim was published."),
    kind: str = typer.Option("media", "--kind", help="official, ngo, opposition, media or un."),
    date_from: str | None = typer.Option(None, "--from", help="Compare: victims from this date."),
    date_to: str | None = typer.Option(None, "--to", help="Compare: victims up to this date."),
    province: list[str] | None = typer.Option(None, "--province", help="Compare: province(s)."),
    violation: list[str] | None = typer.Option(None, "--violation", help="Compare: type(s)."),
    event: str | None = EVENT,
    where: list[str] | None = WHERE,
) -> None:
    """Register a published claim (compared with the evidence by `vigil claims`).

    A figure (`--figure 225`), or a share (`--percent 25 --where weapon=non_standard`);
    `--where` on a figure restricts the count (`--figure 40 --where place_kind=hospital`)."""
    from vigil.claims.register import ClaimInput, share_from_where
    from vigil.cli.protect import acting_user
    from vigil.services import claims
    from vigil.statement.attributes import parse_where

    try:
        when = dt.date.fromisoformat(date)
    except ValueError:
        raise InvalidValue(f"--date {date!r} is not a date (YYYY-MM-DD)") from None
    share = None
    if percent is not None:
        share = share_from_where(percent, parse_where(where or []))
        where = None
    has_filter = bool(date_from or date_to or province or violation or event or where)
    ci = ClaimInput(
        actor=actor,
        figure=figure,
        figure_min=figure_min,
        figure_max=figure_max,
        date=when,
        scope=scope,
        citation=citation,
        kind=kind,
        scope_filter=make_scope(date_from, date_to, province, violation, event, where)
        if has_filter
        else None,
        share=share,
    )
    store = state(ctx).store()
    with store.session() as s:
        who = acting_user(ctx, s, Action.ADD_CLAIMS).name
    cid = claims.add_claim(store, ci, actor=who)
    stated = f"{figure:,}" if figure is not None else f"{share.percent:g}%" if share else ""
    console.print(f"claim {cid} registered: {actor}, {stated} ({when})")


@claim_app.command("import")
def claim_import_cmd(
    ctx: typer.Context, file: Path = typer.Argument(..., help="YAML file of claims.")
) -> None:
    """Register every claim of a YAML file (claims already registered are skipped)."""
    from vigil.cli.protect import acting_user
    from vigil.services import claims

    store = state(ctx).store()
    with store.session() as s:
        who = acting_user(ctx, s, Action.ADD_CLAIMS).name
    added, skipped = claims.import_claims(store, file, actor=who)
    console.print(f"{added} claim(s) added, {skipped} already registered")


def claims_cmd(
    ctx: typer.Context,
    method: str = METHOD,
    lists: str = LISTS,
    seed: int = SEED,
    chains: int = CHAINS,
    burnin: int = BURNIN,
    samples: int = SAMPLES,
    thin: int = THIN,
) -> None:
    """Every claim with its verdict against the documented floor, total and estimate."""
    from vigil.cli.protect import acting_user
    from vigil.services import claims
    from vigil.statement.settings import EstimateSettings

    store = state(ctx).store()
    settings = EstimateSettings.of(
        method, lists, seed=seed, chains=chains, burnin=burnin, samples=samples, thin=thin
    )
    with store.session() as s:
        acting_user(ctx, s, Action.READ_PUBLIC)
        rows = claims.claim_verdicts(s, settings=settings)
    if not rows:
        console.print("no claims registered (see `vigil claim add` / `vigil claim import`)")
        return
    b = next(
        (r.baseline for r in rows if "estimate" in r.baseline and not r.scope_filter.get("where")),
        None,
    )
    if b is not None:
        console.print(
            f"[bold]Claims compared with the evidence[/] (documented floor "
            f"{b['documented_floor']:,}, documented total {b['documented_total']:,} for the "
            "default scope)"
        )
    else:
        console.print("[bold]Claims compared with the evidence[/]")
    for r in rows:
        rng = f" ({r.figure_min:,}-{r.figure_max:,})" if r.figure_min is not None else ""
        console.print(f"\n[bold]#{r.id}[/] {r.date} {r.actor} ({r.kind}): [bold]{r.stated}[/]{rng}")
        console.print(f"  verdict: [bold]{r.label}[/]")
        console.print(f"  {r.reason}", markup=False)
        console.print(f"  scope: {r.scope}; source: {r.citation}", markup=False)


# --- statement -------------------------------------------------------------------------------


@statement_app.callback()
def statement_cmd(
    ctx: typer.Context,
    output: Path | None = typer.Option(None, "-o", "--output", help="Folder to write."),
    date_from: str | None = typer.Option(None, "--from", help="Victims from this date."),
    date_to: str | None = typer.Option(None, "--to", help="Victims up to this date."),
    province: list[str] | None = typer.Option(None, "--province", help="Province (repeat)."),
    violation: list[str] | None = typer.Option(
        None, "--violation", help="Violation type (repeat; default: deaths)."
    ),
    event: str | None = EVENT,
    where: list[str] | None = WHERE,
    key: Path | None = typer.Option(None, "--key", help="Private key (from `vigil keys new`)."),
    synthetic: bool | None = typer.Option(
        None, "--synthetic/--real", help="Label the data (default: ask the store)."
    ),
    method: str = METHOD,
    lists: str = LISTS,
    seed: int = SEED,
    chains: int = CHAINS,
    burnin: int = BURNIN,
    samples: int = SAMPLES,
    thin: int = THIN,
) -> None:
    """Write the toll statement bundle to a folder (`vigil statement verify DIR` checks one)."""
    if ctx.invoked_subcommand is not None:
        return
    if output is None:
        raise InvalidValue("give the folder to write with -o DIR (or use `statement verify DIR`)")
    from vigil.cli.protect import acting_user
    from vigil.services import statement
    from vigil.statement.settings import EstimateSettings

    store = state(ctx).store()
    scope = make_scope(date_from, date_to, province, violation, event, where)
    settings = EstimateSettings.of(
        method, lists, seed=seed, chains=chains, burnin=burnin, samples=samples, thin=thin
    )
    with store.session() as s:
        who = acting_user(ctx, s, Action.PUBLISH_STATEMENT).name
    result = statement.write_statement(
        store, output, scope=scope, settings=settings, key=key, synthetic=synthetic, actor=who
    )
    for line in result.summary():
        console.print(line)
    if key is None:
        err_console.print("[yellow]warning:[/] the statement is not signed (no --key given)")


@statement_app.command("verify")
def verify_cmd(
    ctx: typer.Context,
    folder: Path = typer.Argument(..., help="A statement folder."),
    key: Path | None = typer.Option(
        None, "--key", help="The publisher's public key (else the one in the bundle)."
    ),
) -> None:
    """Check the signature and file hashes; with --db, recompute every figure from the store."""
    from vigil.services import statement

    st = state(ctx)
    store = st.store() if st.db else None
    if store is not None:
        from vigil.cli.protect import acting_user

        with store.session() as s:
            acting_user(ctx, s, Action.VERIFY)
    report = statement.verify_statement(folder, public_key=key, store=store)
    for line in report.lines():
        console.print(line, markup=False)
    if not report.ok:
        raise IntegrityError(
            f"{folder}: the statement failed verification ({report.n_problems} problem(s))"
        )
    console.print("OK: the statement verifies", style="bold green")


@keys_app.command("new")
def keys_new_cmd(folder: Path = typer.Argument(..., help="Folder for the key pair.")) -> None:
    """Write a new Ed25519 key pair: statement_key.pem (private) and statement_key.pub.pem."""
    from vigil.statement.signing import new_keypair

    priv, pub, fp = new_keypair(folder)
    console.print(f"private key: {priv} (keep it secret)\npublic key:  {pub}\nfingerprint: {fp}")
