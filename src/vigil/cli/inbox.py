"""`vigil inbox`: the organisation's key pair, reporters' invitations, and opening the
encrypted field reports on the machine that holds the private key (docs/field-intake.md)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from vigil.cli.context import console, err_console, state
from vigil.cli.protect import acting_user
from vigil.errors import InputError
from vigil.security.permissions import Action

inbox_app = typer.Typer(
    help="Encrypted field reports: keys, invitations, export, open.", no_args_is_help=True
)
keys_app = typer.Typer(help="The organisation's inbox key pair.", no_args_is_help=True)
invite_app = typer.Typer(help="Reporters' invitations.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    inbox_app.add_typer(keys_app, name="keys")
    inbox_app.add_typer(invite_app, name="invite")
    app.add_typer(inbox_app, name="inbox")


@keys_app.command("new")
def keys_new(
    out: Path = typer.Option(..., "--output", "-o", help="Folder for the two PEM files."),
    ask: bool = typer.Option(
        False, "--ask-passphrase", help="Protect the private key with a passphrase (prompt)."
    ),
) -> None:
    """Make the key pair: inbox_private.pem (0600; keep it off the server) and
    inbox_public.pem (for the server: $VIGIL_INBOX_PUBLIC_KEY)."""
    from vigil.security.envelope import key_id, write_key_pair

    passphrase = None
    if ask:
        passphrase = str(typer.prompt("Passphrase", hide_input=True, confirmation_prompt=True))
    private, public, key = write_key_pair(out, passphrase)
    console.print(
        f"key {key_id(key.public_key())}: private key {private} (keep it on the analyst's "
        f"machine), public key {public} (set VIGIL_INBOX_PUBLIC_KEY to it on the server)",
        highlight=False,
    )


@invite_app.command("new")
def invite_new(
    ctx: typer.Context,
    label: str = typer.Argument(..., help="A code name for the reporter (not a real name)."),
    base_url: str = typer.Option(
        "http://127.0.0.1:8000", "--base-url", help="The address reporters reach the server at."
    ),
) -> None:
    """Invite a reporter: prints the invitation URL (its token is shown only now)."""
    from vigil.services import inbox

    st = state(ctx)
    store = st.store()
    with store.session() as s:
        actor = acting_user(ctx, s, Action.MANAGE_USERS)
    info, token = inbox.new_invite(store, label, actor=actor.name)
    console.print(f"invitation {info.id} ({info.label}):", highlight=False)
    typer.echo(f"{base_url.rstrip('/')}/inbox/r/{token}")


@invite_app.command("list")
def invite_list(
    ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="JSON output.")
) -> None:
    """Invitations with their state and how many reports each has sent."""
    from rich.table import Table

    from vigil.services import inbox

    store = state(ctx).store()
    invites = inbox.list_invites(store)
    if as_json:
        typer.echo(inbox.dumps(inbox.describe(invites)))
        return
    table = Table(title="Invitations")
    for col in ("id", "label", "created", "state", "reports waiting"):
        table.add_column(col)
    for i in invites:
        created = dt.datetime.fromtimestamp(i.created_at, dt.UTC).strftime("%Y-%m-%d %H:%M")
        table.add_row(
            i.id, i.label, created, "revoked" if i.revoked_at else "active", str(i.reports)
        )
    console.print(table)


@invite_app.command("revoke")
def invite_revoke(ctx: typer.Context, invite_id: str = typer.Argument(...)) -> None:
    """Revoke an invitation: its page and its submissions are refused from now on."""
    from vigil.services import inbox

    store = state(ctx).store()
    with store.session() as s:
        actor = acting_user(ctx, s, Action.MANAGE_USERS)
    info = inbox.revoke_invite(store, invite_id, actor=actor.name)
    console.print(f"invitation {info.id} ({info.label}) revoked", highlight=False)


@inbox_app.command("export")
def export(
    ctx: typer.Context,
    out: Path = typer.Option(..., "--output", "-o", help="The bundle to write (JSON Lines)."),
) -> None:
    """Write every received report as ciphertext (to open on the analyst's machine)."""
    from vigil.services import inbox

    store = state(ctx).store()
    with store.session() as s:
        acting_user(ctx, s, Action.EXPORT_INTERNAL)
    n = inbox.export_bundle(store, out)
    console.print(f"wrote {n} encrypted report(s) to {out}", highlight=False)


@inbox_app.command("open")
def open_cmd(
    ctx: typer.Context,
    bundle: Path | None = typer.Argument(
        None, help="A bundle from `vigil inbox export`; else the reports in --store."
    ),
    key: Path = typer.Option(..., "--key", help="The inbox private key (PEM)."),
    ask: bool = typer.Option(False, "--ask-passphrase", help="Prompt for its passphrase."),
    inbox_store: str | None = typer.Option(
        None, "--store", help="The inbox server's store URL (default: --db)."
    ),
    source: str = typer.Option("Field inbox", "--source", "-s", help="Source of the batch."),
    group: str | None = typer.Option(None, "--group", help="Independence group."),
    skip_invalid: bool = typer.Option(
        False,
        "--skip-invalid",
        help="Import the good reports; leave out refused envelopes and write invalid rows "
        "to the rejects file.",
    ),
    rejects: Path | None = typer.Option(
        None,
        "--rejects",
        help="Rejects file (default: $VIGIL_INBOX_REJECTS, else inbox.rejects.csv beside the "
        "evidence folder).",
    ),
    delete: bool = typer.Option(
        False, "--delete", help="Delete the opened ciphertexts from --store once imported."
    ),
) -> None:
    """Decrypt the inbox's reports with the private key and import them as one batch (the
    same validation, sealing, linkage and review as a file)."""
    from vigil.security.envelope import read_private_key
    from vigil.services import inbox
    from vigil.store import open_store

    st = state(ctx)
    if bundle is not None and inbox_store is not None:
        raise InputError("give a bundle or --store, not both")
    passphrase = str(typer.prompt("Passphrase", hide_input=True)) if ask else None
    private_key = read_private_key(key, passphrase)
    store = st.store()
    with store.session() as s:
        actor = acting_user(ctx, s, Action.IMPORT)
    source_store = store
    if bundle is not None:
        envelopes = inbox.read_bundle(bundle)
    else:
        if inbox_store is not None:
            source_store = open_store(inbox_store, config=st.config)
        envelopes = inbox.stored_envelopes(source_store)
    opened = inbox.open_envelopes(private_key, envelopes)
    for message in opened.refused:
        err_console.print(f"[bold red]refused:[/] {message}", highlight=False)
    done = inbox.import_opened(
        store,
        opened,
        evidence_actor=actor,
        source=source,
        group=group,
        skip_invalid=skip_invalid,
        rejects=rejects,
        actor=actor.name,
    )
    if done.result is None:
        console.print(f"no report to import ({len(envelopes)} envelope(s) read)")
    else:
        console.print(done.result.summary(), highlight=False, soft_wrap=True)
        console.print(f"{done.files_added} file(s) added as evidence", highlight=False)
    if delete and bundle is None:
        n = inbox.delete_reports(source_store, [r.report_id for r in opened.reports])
        console.print(f"deleted {n} opened ciphertext(s) from the inbox", highlight=False)
    if done.refused:
        raise typer.Exit(1)
