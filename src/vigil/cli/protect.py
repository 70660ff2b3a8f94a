"""Protection commands: evidence, audit, users, sealing keys, sealed fields, backups.

Other command modules get the acting user with `acting_user(ctx, session, action)`: with no
users in the store the local operator acts as admin; once users exist, --user/$VIGIL_USER
and $VIGIL_PASSWORD (or a prompt, or --password-stdin where offered) are required.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from vigil.cli.context import console, err_console, state
from vigil.errors import InputError, IntegrityError
from vigil.security.permissions import Action, Actor, require

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from vigil.security.crypto import Sealer


evidence_app = typer.Typer(help="Evidence files: add, verify, public copies.", no_args_is_help=True)
audit_app = typer.Typer(help="The tamper-evident history.", no_args_is_help=True)
user_app = typer.Typer(help="Users and roles.", no_args_is_help=True)
record_app = typer.Typer(help="Sealed sensitive fields of a source record.", no_args_is_help=True)
seal_key_app = typer.Typer(help="The key that seals sensitive fields.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(evidence_app, name="evidence")
    app.add_typer(audit_app, name="audit")
    app.add_typer(user_app, name="user")
    app.add_typer(record_app, name="record")
    app.add_typer(seal_key_app, name="seal-key")
    app.command("backup")(backup_cmd)
    app.command("restore")(restore_cmd)


# --- who is acting ----------------------------------------------------------------------


def _password_from_config_or_prompt(configured: str | None) -> str | None:
    if configured:
        return configured
    if sys.stdin.isatty():
        return str(typer.prompt("Password", hide_input=True))
    return None


def acting_user(ctx: typer.Context, session: Session, action: Action) -> Actor:
    """The authenticated actor, checked against `action` (PermissionDenied otherwise)."""
    from vigil.services import users

    config = state(ctx).config
    return users.authorize(
        session, config.user, lambda: _password_from_config_or_prompt(config.password), action
    )


def _sealer(
    ctx: typer.Context,
    session: Session,
    key_file: Path | None,
    ask: bool,
    actor: str,
    create: bool,
) -> Sealer | None:
    """The sealer from --key-file or --ask-passphrase, else from the configuration."""
    from vigil.services import sealing

    config = state(ctx).config
    passphrase = None
    if ask:
        passphrase = str(typer.prompt("Passphrase", hide_input=True))
    elif key_file is None:
        key_file, passphrase = config.key_file, config.passphrase
    return sealing.get_sealer(
        session, key_file=key_file, passphrase=passphrase, actor=actor, create=create
    )


KeyFileOpt = typer.Option(None, "--key-file", help="Sealing key file (else $VIGIL_KEY_FILE).")
AskOpt = typer.Option(False, "--ask-passphrase", help="Prompt for the sealing passphrase.")


# --- evidence ---------------------------------------------------------------------------


@evidence_app.command("add")
def evidence_add(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="The file to store (it is copied, never changed)."),
    record: int = typer.Option(..., "--record", help="Source record id it supports."),
    note: str | None = typer.Option(None, "--note"),
    how: str | None = typer.Option(None, "--how", help="How it was obtained (chain of custody)."),
    kind: str | None = typer.Option(None, "--kind", help="e.g. death_certificate, photo."),
) -> None:
    """Store a file content-addressed by SHA-256 and link it to a record."""
    from vigil.services import evidence

    store = state(ctx).store()
    with store.session() as s:
        actor = acting_user(ctx, s, Action.ADD_EVIDENCE)
        added = evidence.add_evidence(
            s, evidence.files_for(store), actor, file, record, note=note, how=how, kind=kind
        )
        ev = added.evidence
        what = "already stored" if added.already_stored else "stored"
        console.print(
            f"{what}: [bold]{ev.sha256}[/] ({ev.size:,} bytes, {ev.media_type}) → record {record}"
            + (" (link existed)" if added.already_linked else "")
        )


@evidence_app.command("verify")
def evidence_verify(ctx: typer.Context) -> None:
    """Re-hash every evidence file; exit 1 naming any that changed or disappeared."""
    from vigil.services import evidence

    store = state(ctx).store()
    files = evidence.files_for(store)
    with store.session() as s:
        problems = evidence.verify_evidence(s, files)
        n = evidence.evidence_count(s)
    if problems:
        raise IntegrityError(
            f"{len(problems)} of {n} evidence file(s) failed:\n  "
            + "\n  ".join(str(p) for p in problems)
        )
    console.print(f"evidence ok: {n} file(s) re-hashed under {files.root}")


@evidence_app.command("public")
def evidence_public(
    ctx: typer.Context,
    sha256: str = typer.Argument(...),
    out: Path = typer.Option(..., "--out", help="Where to write the public copy."),
) -> None:
    """Write an image's public copy with its metadata (EXIF, GPS) stripped."""
    from vigil.services import evidence

    store = state(ctx).store()
    with store.session() as s:
        acting_user(ctx, s, Action.READ_EVIDENCE_PUBLIC)
        data, media = evidence.public_derivative(s, evidence.files_for(store), sha256)
    out.write_bytes(data)
    console.print(f"wrote {out} ({media}, {len(data):,} bytes, metadata stripped)")


# --- audit ------------------------------------------------------------------------------


@audit_app.command("verify")
def audit_verify(
    ctx: typer.Context,
    anchor: str | None = typer.Option(
        None, "--anchor", help="A head hash published earlier: it must still be in the chain."
    ),
) -> None:
    """Check the hash chain and every tracked row; exit 1 naming what does not match."""
    from vigil.services import audit

    store = state(ctx).store()
    with store.session() as s:
        report = audit.verify_or_raise(s, anchor=anchor)
    console.print(
        f"audit ok: {report.entries} entries, {report.rows_checked} rows match the history; "
        f"head {report.head_seq} {report.head_hash}"
    )


@audit_app.command("adopt")
def audit_adopt(ctx: typer.Context) -> None:
    """Take rows with no history into it as they are now (stores made before 0.3; admins)."""
    from vigil.services import audit

    store = state(ctx).store()
    with store.session() as s:
        actor = acting_user(ctx, s, Action.MANAGE_SETTINGS)
        counts = audit.adopt(s, actor.name)
    if not counts:
        console.print("nothing to adopt: every row has history")
    for table, n in sorted(counts.items()):
        console.print(f"adopted {n:,} row(s) of {table}")


@audit_app.command("head")
def audit_head(ctx: typer.Context) -> None:
    """Print the head hash (publish it to anchor the history)."""
    from vigil.services import audit

    store = state(ctx).store()
    with store.session() as s:
        seq, h = audit.head(s)
    typer.echo(f"{seq} {h}")


@audit_app.command("log")
def audit_log(ctx: typer.Context, limit: int = typer.Option(20, "--limit")) -> None:
    """Show the newest entries."""
    from rich.table import Table

    from vigil.services import audit

    store = state(ctx).store()
    with store.session() as s:
        acting_user(ctx, s, Action.READ_AUDIT)
        table = Table("seq", "time", "actor", "action", "entity", "id", "hash")
        for e in audit.recent(s, limit):
            table.add_row(
                str(e.seq), e.ts[:19], e.actor, e.action, e.entity, e.entity_id, e.hash[:12]
            )
    console.print(table)


# --- users ------------------------------------------------------------------------------


@user_app.command("add")
def user_add(
    ctx: typer.Context,
    name: str = typer.Argument(...),
    role: str = typer.Option(..., "--role", help="admin, editor, analyst or viewer."),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the new user's password from standard input."
    ),
) -> None:
    """Add a user (the first user must be an admin; afterwards only admins add users)."""
    from vigil.services import users

    store = state(ctx).store()
    with store.session() as s:
        actor = acting_user(ctx, s, Action.READ_PUBLIC)
        if users.has_users(s):
            require(actor, Action.MANAGE_USERS)  # before asking for a password
        if password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
        else:
            password = str(
                typer.prompt(f"Password for {name}", hide_input=True, confirmation_prompt=True)
            )
        user = users.add_user(s, actor, name, role, password)
        console.print(f"user [bold]{user.username}[/] added as {user.role}")


@user_app.command("list")
def user_list(ctx: typer.Context) -> None:
    """List users and their roles."""
    from rich.table import Table

    from vigil.services import users

    store = state(ctx).store()
    with store.session() as s:
        acting_user(ctx, s, Action.MANAGE_USERS)
        table = Table("user", "role", "active", "created")
        for u in users.list_users(s):
            table.add_row(u.username, u.role, "yes" if u.active else "no", str(u.created_at)[:19])
    console.print(table)


def _new_password(name: str, password_stdin: bool) -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(typer.prompt(f"New password for {name}", hide_input=True, confirmation_prompt=True))


@user_app.command("password")
def user_password(
    ctx: typer.Context,
    name: str = typer.Argument(...),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the new password from standard input."
    ),
) -> None:
    """Set a user's password (admins for anyone, others for themselves); the user's web
    sessions end."""
    from vigil.services import users

    store = state(ctx).store()
    with store.session() as s:
        actor = acting_user(ctx, s, Action.READ_PUBLIC)
        if actor.name != name.strip():
            require(actor, Action.MANAGE_USERS)  # before asking for a password
        users.set_password(s, actor, name, _new_password(name, password_stdin))
    console.print(f"password of [bold]{name.strip()}[/] changed; their sessions have ended")


@user_app.command("role")
def user_role(
    ctx: typer.Context,
    name: str = typer.Argument(...),
    role: str = typer.Argument(..., help="admin, editor, analyst or viewer."),
) -> None:
    """Change a user's role (admins only); the user's web sessions end and API tokens are
    revoked."""
    from vigil.services import users

    store = state(ctx).store()
    with store.session() as s:
        actor = acting_user(ctx, s, Action.MANAGE_USERS)
        user = users.set_role(s, actor, name, role)
        console.print(
            f"[bold]{user.username}[/] is now {user.role}; their sessions have ended "
            "(and, if the role changed, their API tokens are revoked)"
        )


@user_app.command("deactivate")
def user_deactivate(ctx: typer.Context, name: str = typer.Argument(...)) -> None:
    """Stop a user from signing in (admins only); their web sessions end and their API
    tokens are revoked at once."""
    from vigil.services import users

    store = state(ctx).store()
    with store.session() as s:
        actor = acting_user(ctx, s, Action.MANAGE_USERS)
        user = users.set_active(s, actor, name, False)
        console.print(
            f"[bold]{user.username}[/] deactivated; their sessions have ended and their API "
            "tokens are revoked"
        )


@user_app.command("activate")
def user_activate(ctx: typer.Context, name: str = typer.Argument(...)) -> None:
    """Let a deactivated user sign in again (admins only)."""
    from vigil.services import users

    store = state(ctx).store()
    with store.session() as s:
        actor = acting_user(ctx, s, Action.MANAGE_USERS)
        user = users.set_active(s, actor, name, True)
        console.print(f"[bold]{user.username}[/] may sign in again")


# --- sealing ----------------------------------------------------------------------------


@seal_key_app.command("new")
def seal_key_new(file: Path = typer.Argument(..., help="Where to write the new key.")) -> None:
    """Create a random 256-bit key file (mode 600). Keep a copy somewhere safe."""
    from vigil.security.crypto import key_check_value, write_key_file

    key = write_key_file(file)
    console.print(f"key written to {file} (check value {key_check_value(key)[:16]})")
    err_console.print("Without this file sealed fields cannot be read: keep a safe copy.")


@seal_key_app.command("check")
def seal_key_check(
    ctx: typer.Context, key_file: Path | None = KeyFileOpt, ask: bool = AskOpt
) -> None:
    """Check that a key or passphrase is the one this store was sealed with."""
    store = state(ctx).store()
    with store.session() as s:
        sealer = _sealer(ctx, s, key_file, ask, "cli", create=False)
    if sealer is None:
        raise InputError("no key given, or nothing has been sealed in this store yet")
    console.print("key ok")


@seal_key_app.command("fields")
def seal_key_fields(
    ctx: typer.Context,
    add: list[str] = typer.Option(
        [], "--add", help="Mark another field sensitive (its stored values are sealed)."
    ),
    remove: list[str] = typer.Option(
        [], "--remove", help="Unmark a field (admins only; sealed values stay sealed)."
    ),
    key_file: Path | None = KeyFileOpt,
    ask: bool = AskOpt,
) -> None:
    """List the sensitive fields (add with --add, which seals stored values; --remove)."""
    from vigil.services import sealing

    store = state(ctx).store()
    with store.session() as s:
        if add or remove:
            actor = acting_user(ctx, s, Action.MANAGE_SETTINGS)
            fields = sealing.sensitive_fields(s)
            if remove:
                fields = sealing.remove_sensitive_fields(s, actor, remove)
            if add:
                sealer = _sealer(ctx, s, key_file, ask, actor.name, create=True)
                fields = sealing.add_sensitive_fields(s, actor, add, sealer=sealer)
        else:
            fields = sealing.sensitive_fields(s)
    if add:
        sealing.scrub_old_pages(store)
    typer.echo("\n".join(fields))


@record_app.command("seal")
def record_seal(
    ctx: typer.Context,
    record_id: int = typer.Argument(..., metavar="ID"),
    witness_name: str | None = typer.Option(None, "--witness-name"),
    witness_contact: str | None = typer.Option(None, "--witness-contact"),
    private_note: str | None = typer.Option(None, "--private-note"),
    field: list[str] = typer.Option([], "--field", help="NAME=VALUE for another sensitive field."),
    key_file: Path | None = KeyFileOpt,
    ask: bool = AskOpt,
) -> None:
    """Set sealed sensitive fields on a record (an empty value clears a field)."""
    from vigil.services import sealing

    values: dict[str, str | None] = {}
    if witness_name is not None:
        values["witness_name"] = witness_name
    if witness_contact is not None:
        values["witness_contact"] = witness_contact
    if private_note is not None:
        values["private_notes"] = private_note
    for item in field:
        name, sep, value = item.partition("=")
        if not sep:
            raise InputError(f"--field {item!r}: expected NAME=VALUE")
        values[name] = value
    if not values:
        raise InputError("nothing to seal: give --witness-name, --witness-contact, ... ")
    store = state(ctx).store()
    with store.session() as s:
        actor = acting_user(ctx, s, Action.SEAL_FIELDS)
        sealer = _sealer(ctx, s, key_file, ask, actor.name, create=True)
        if sealer is None:
            raise InputError(
                "a sealing key is needed: --key-file, $VIGIL_KEY_FILE, $VIGIL_PASSPHRASE or "
                "--ask-passphrase (create a key file with `vigil seal-key new FILE`)"
            )
        fields = sealing.seal_fields(s, actor, sealer, record_id, values)
    console.print(f"record {record_id}: sealed fields now set: {', '.join(fields) or 'none'}")


@record_app.command("show")
def record_show(
    ctx: typer.Context,
    record_id: int = typer.Argument(..., metavar="ID"),
    key_file: Path | None = KeyFileOpt,
    ask: bool = AskOpt,
) -> None:
    """Show a record as JSON; sensitive fields only for roles that may read them."""
    from vigil.services.persons import record_as_stored

    store = state(ctx).store()
    with store.session() as s:
        actor = acting_user(ctx, s, Action.READ_RECORDS)
        shown = record_as_stored(
            s,
            record_id,
            actor,
            lambda: _sealer(ctx, s, key_file, ask, actor.name, create=False),
        )
    typer.echo(json.dumps(shown, default=str, ensure_ascii=False, indent=2))


# --- backups ----------------------------------------------------------------------------


def backup_cmd(
    ctx: typer.Context, file: Path = typer.Argument(..., help="The backup file to write.")
) -> None:
    """Back up the store and its evidence files to one file (consistent while in use)."""
    from vigil.services import backup, evidence

    store = state(ctx).store()
    with store.session() as s:
        acting_user(ctx, s, Action.BACKUP)
    result = backup.backup(store.url, file, evidence.files_for(store))
    console.print(
        f"backup written to {result.path} ({result.size:,} bytes, {result.backend}, "
        f"{result.evidence_files} evidence file(s), audit head {result.audit_head})"
    )


def restore_cmd(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="A backup written by `vigil backup`."),
    force: bool = typer.Option(False, "--force", help="Replace a store that holds data."),
) -> None:
    """Restore a backup into the store (refuses a non-empty store unless --force)."""
    from vigil.services import audit, backup, evidence

    st = state(ctx)
    from vigil.store import open_store
    from vigil.store.db import resolve_url

    url = resolve_url(st.db)
    if not backup.store_is_empty(url):
        store = open_store(url, config=st.config)
        with store.session() as s:
            acting_user(ctx, s, Action.RESTORE)
        store.close()
    files = evidence.EvidenceFiles(evidence.evidence_dir(url, st.config.evidence_dir))
    result = backup.restore(url, file, files, force=force)
    store = open_store(url, create=True, config=st.config)
    with store.session() as s:
        report = audit.verify(s)
    store.close()
    status = "verified" if report.ok else f"NOT verified: {len(report.problems())} problem(s)"
    console.print(
        f"restored {result.backend} store ({result.evidence_files} evidence file(s)); "
        f"audit head {report.head_hash} — history {status}"
    )
    if result.audit_head and result.audit_head != report.head_hash:
        raise IntegrityError("restored audit head differs from the backup's manifest")
