"""`vigil token`: API tokens for integrations (new, list, revoke); `services.tokens` decides."""

from __future__ import annotations

import typer

from vigil.cli.context import console, err_console, state
from vigil.cli.protect import acting_user
from vigil.security.permissions import Action

token_app = typer.Typer(
    help="API tokens for integrations (POST /api/records and the read API).",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    app.add_typer(token_app, name="token")


@token_app.command("new")
def token_new(
    ctx: typer.Context,
    user: str = typer.Argument(..., help="The user the token acts as."),
    scope: list[str] = typer.Option(
        ...,
        "--scope",
        help="What the token may do: read (the GET API), records:write (POST /api/records). "
        "Repeat for several; each must be within the user's role.",
    ),
    expires_days: int | None = typer.Option(
        None, "--expires-days", help="Refused after this many days (default: until revoked)."
    ),
    label: str | None = typer.Option(None, "--label", help="What the token is for."),
) -> None:
    """Make an API token for USER (admins for anyone, a user for themselves).

    The token is printed once, on standard output; only its SHA-256 is stored."""
    from vigil.services import tokens

    store = state(ctx).store()
    with store.session() as s:
        actor = acting_user(ctx, s, Action.READ_PUBLIC)
        made = tokens.create_token(s, actor, user, scope, expires_days=expires_days, label=label)
        row = made.row
        expires = f", expires {row.expires_at:%Y-%m-%d}" if row.expires_at else ""
        err_console.print(
            f"API token [bold]{row.id}[/] for {row.username} ({', '.join(row.scopes)}{expires}). "
            "Copy it now: it is not shown again.",
            highlight=False,
        )
    typer.echo(made.token)


@token_app.command("list")
def token_list(
    ctx: typer.Context,
    user: str | None = typer.Option(None, "--of", help="Only the tokens of this user."),
) -> None:
    """List API tokens (never their secrets): admins see everyone's, others their own."""
    from rich.table import Column, Table

    from vigil.services import tokens

    store = state(ctx).store()
    with store.session() as s:
        actor = acting_user(ctx, s, Action.READ_PUBLIC)
        # The id (what `token revoke` takes) and the status are never cut, whatever the
        # terminal's width; the other cells fold.
        table = Table(
            Column("id", no_wrap=True, min_width=12),
            *(
                Column(h, overflow="fold")
                for h in ("user", "scopes", "label", "created", "expires")
            ),
            Column("status", no_wrap=True, min_width=7),
        )
        for t in tokens.list_tokens(s, actor, user):
            status = tokens.status(t)
            if t.revoked_at is not None:
                status += f" {str(t.revoked_at)[:16]} by {t.revoked_by} ({t.revoked_why})"
            table.add_row(
                t.id,
                t.username,
                " ".join(t.scopes),
                t.label or "",
                str(t.created_at)[:16],
                str(t.expires_at)[:16] if t.expires_at else "never",
                status,
            )
    console.print(table)


@token_app.command("revoke")
def token_revoke(
    ctx: typer.Context,
    token_id: str | None = typer.Argument(None, help="The token's id (as `vigil token list`)."),
    all_of: str | None = typer.Option(None, "--all-of", help="Revoke every token of this user."),
) -> None:
    """Revoke a token (its user or an admin); it is refused from then on, and stays listed."""
    from vigil.errors import InputError
    from vigil.services import tokens

    if (token_id is None) == (all_of is None):
        raise InputError("give a token id, or --all-of USER")
    store = state(ctx).store()
    with store.session() as s:
        actor = acting_user(ctx, s, Action.READ_PUBLIC)
        if all_of is not None:
            n = tokens.revoke_all_of(s, actor, all_of)
            console.print(f"{n} token(s) of [bold]{all_of.strip()}[/] revoked")
            return
        if token_id is not None:  # one of the two is given (checked above)
            row = tokens.revoke_token(s, actor, token_id, why=f"revoked by {actor.name}")
            console.print(f"API token [bold]{row.id}[/] of {row.username} revoked")
