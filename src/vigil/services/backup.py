"""Consistent backups and restores of a whole store, evidence files included.

A backup is one tar file:

    manifest.json          format, backend, time, audit head, SHA-256 of every member
    db.sqlite | db.pgdump  SQLite: a snapshot through SQLite's online backup API (consistent
                           while others write); PostgreSQL: ``pg_dump --format=custom``
    evidence/ab/cdef…      the content-addressed evidence files

Restore checks every member against the manifest before touching the target, refuses a
non-empty store unless forced, and puts the evidence files back read-only. A PostgreSQL
backup taken from one schema restores into that same schema (pg_dump cannot rename it).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.engine import URL, make_url

from vigil.config import child_environment
from vigil.errors import InputError, IntegrityError
from vigil.evidence import EvidenceFiles
from vigil.store.db import resolve_url

FORMAT = "vigil-backup"
VERSION = 1
# Tables that make a store "non-empty" for restore purposes.
_CONTENT_TABLES = ("sources", "source_records", "persons", "claims", "users", "audit_log")


@dataclass(frozen=True)
class BackupResult:
    path: Path
    backend: str
    evidence_files: int
    audit_head: str | None
    size: int


@dataclass(frozen=True)
class RestoreResult:
    backend: str
    evidence_files: int
    audit_head: str | None


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def _pg_env(url: URL) -> tuple[dict[str, str], str | None]:
    """libpq environment for pg_dump/pg_restore, and the schema named in search_path."""
    env = child_environment(
        {
            "PGHOST": url.host,
            "PGPORT": None if url.port is None else str(url.port),
            "PGUSER": url.username,
            "PGPASSWORD": url.password,
            "PGDATABASE": url.database,
        }
    )
    schema = None
    options = url.query.get("options")
    if isinstance(options, tuple):
        options = options[0]
    if options:
        opt = unquote(str(options))
        env["PGOPTIONS"] = opt
        for part in opt.split():
            if part.startswith("-csearch_path="):
                schema = part.split("=", 1)[1].split(",")[0].strip('"')
    return env, schema


def _run(cmd: list[str], env: dict[str, str]) -> None:
    tool = shutil.which(cmd[0])
    if tool is None:
        raise InputError(f"{cmd[0]} is not installed; it is needed to back up PostgreSQL")
    proc = subprocess.run([tool, *cmd[1:]], env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise InputError(f"{cmd[0]} failed: {proc.stderr.strip()[:2000]}")


def _audit_head(url: str) -> str | None:
    engine = create_engine(url)
    try:
        with engine.connect() as c:
            if not inspect(c).has_table("audit_log"):
                return None
            row = c.execute(text("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1")).first()
            return str(row[0]) if row else None
    finally:
        engine.dispose()


def _snapshot_sqlite(db_path: Path, out: Path) -> None:
    src = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    dst = sqlite3.connect(out)
    try:
        src.backup(dst)  # consistent even while other connections write
    finally:
        dst.close()
        src.close()


def backup(store_url: str, out: Path, files: EvidenceFiles) -> BackupResult:
    """Write a backup of the store at `store_url` (and its evidence files) to `out`."""
    url_text = resolve_url(store_url)
    url = make_url(url_text)
    backend = url.get_backend_name()
    if out.is_dir():
        raise InputError(f"{out}: a folder; name the backup file to write")
    if not os.path.isdir(out.parent):  # refused before the store is copied, not after
        raise InputError(f"{out}: the folder {out.parent} does not exist")
    with tempfile.TemporaryDirectory(prefix="vigil-backup-") as tmpdir:
        tmp = Path(tmpdir)
        if backend == "sqlite":
            if not url.database or not Path(url.database).is_file():
                raise InputError(f"no SQLite store at {url.database}")
            db_member = "db.sqlite"
            _snapshot_sqlite(Path(url.database), tmp / db_member)
            pg_schema = None
            # The head named in the manifest is read from the snapshot itself: read from the
            # live store after the copy, it could name entries written since (not in the copy).
            head = _audit_head(f"sqlite:///{tmp / db_member}")
        elif backend == "postgresql":
            db_member = "db.pgdump"
            env, pg_schema = _pg_env(url)
            # Read before the dump: the log only grows, so this entry is in the dump's snapshot.
            head = _audit_head(url_text)
            cmd = ["pg_dump", "--format=custom", "--no-owner", "--file", str(tmp / db_member)]
            if pg_schema:
                cmd += ["--schema", pg_schema]
            _run(cmd, env)
        else:
            raise InputError(f"cannot back up a {backend} store")
        members: dict[str, str] = {db_member: _sha256_file(tmp / db_member)}
        evidence = sorted(files.stored())
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "version": VERSION,
            "backend": backend,
            "pg_schema": pg_schema,
            "created": dt.datetime.now(dt.UTC).isoformat(),
            "audit_head": head,
            "database": db_member,
            "members": members,
            "evidence": evidence,
        }
        partial = out.with_name(out.name + ".partial")
        with tarfile.open(partial, "w") as tar:
            tar.add(tmp / db_member, arcname=db_member)
            for sha in evidence:
                tar.add(files.path(sha), arcname=f"evidence/{sha[:2]}/{sha[2:]}")
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            info.mtime = int(dt.datetime.now().timestamp())
            tar.addfile(info, io.BytesIO(data))
        os.replace(partial, out)
    return BackupResult(out, backend, len(evidence), head, out.stat().st_size)


def _read_manifest(tar: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = tar.getmember("manifest.json")
    except KeyError as e:
        raise InputError("not a Vigil backup: no manifest.json") from e
    f = tar.extractfile(member)
    if f is None:
        raise InputError("not a Vigil backup: manifest.json is not a file")
    manifest = json.loads(f.read())
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise InputError("not a Vigil backup of a known version")
    return dict(manifest)


def store_is_empty(url_text: str) -> bool:
    url = make_url(url_text)
    if url.get_backend_name() == "sqlite" and not Path(str(url.database)).exists():
        return True
    engine = create_engine(url_text)
    try:
        with engine.connect() as c:
            insp = inspect(c)
            for table in _CONTENT_TABLES:
                if (
                    insp.has_table(table)
                    and c.execute(select(text("1")).select_from(text(table)).limit(1)).first()
                ):
                    return False
        return True
    finally:
        engine.dispose()


def restore(
    store_url: str, archive: Path, files: EvidenceFiles, *, force: bool = False
) -> RestoreResult:
    """Restore a backup into the store at `store_url` (refused if it holds data, unless forced)."""
    url_text = resolve_url(store_url)
    url = make_url(url_text)
    backend = url.get_backend_name()
    try:
        tar = tarfile.open(archive, "r")  # noqa: SIM115 (closed by the with below)
    except OSError as e:
        raise InputError(f"{archive}: cannot read the backup ({e.strerror or e})") from e
    except tarfile.TarError as e:
        raise InputError(f"{archive}: not a Vigil backup (not a tar archive)") from e
    with tar, tempfile.TemporaryDirectory(prefix="vigil-restore-") as tmpdir:
        tmp = Path(tmpdir)
        manifest = _read_manifest(tar)
        if manifest["backend"] != backend:
            raise InputError(
                f"{archive}: is a {manifest['backend']} backup; the target store is {backend}"
            )
        db_member = str(manifest["database"])
        if db_member not in ("db.sqlite", "db.pgdump"):
            raise InputError(f"{archive}: unexpected database member {db_member!r}")
        # Extract and check every member before touching the target.
        wanted = {db_member} | {f"evidence/{s[:2]}/{s[2:]}" for s in manifest["evidence"]}
        for member in tar.getmembers():
            if member.name not in wanted:
                continue
            if not member.isfile():
                raise InputError(f"{archive}: {member.name} is not a regular file")
            src = tar.extractfile(member)
            if src is None:
                raise InputError(f"{archive}: {member.name} cannot be read")
            dest = tmp / member.name
            dest.parent.mkdir(parents=True, exist_ok=True)
            with dest.open("wb") as out:
                shutil.copyfileobj(src, out)
        for name in wanted:
            if not (tmp / name).is_file():
                raise IntegrityError(f"{archive}: {name} is missing from the backup")
        if _sha256_file(tmp / db_member) != manifest["members"][db_member]:
            raise IntegrityError(f"{archive}: the database snapshot does not match its manifest")
        for sha in manifest["evidence"]:
            if _sha256_file(tmp / "evidence" / sha[:2] / sha[2:]) != sha:
                raise IntegrityError(f"{archive}: evidence file {sha} does not match its hash")

        if not force and not store_is_empty(url_text):
            raise InputError(
                f"the store at {url_text} already holds data; restore would overwrite it "
                "(use --force to replace it)"
            )
        if backend == "sqlite":
            target = Path(str(url.database))
            target.parent.mkdir(parents=True, exist_ok=True)
            src_db = sqlite3.connect(tmp / db_member)
            dst_db = sqlite3.connect(target)
            try:
                src_db.backup(dst_db)
            finally:
                dst_db.close()
                src_db.close()
        else:
            env, schema = _pg_env(url)
            if (manifest.get("pg_schema") or None) != (schema or None):
                raise InputError(
                    f"{archive}: was taken from schema {manifest.get('pg_schema') or 'public'}; "
                    f"restore it into a store with that schema (target: {schema or 'public'})"
                )
            cmd = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction"]
            cmd += ["--dbname", str(url.database), str(tmp / db_member)]
            _run(cmd, env)

        for sha in manifest["evidence"]:
            target_file = files.path(sha)
            if target_file.is_file() and files.check(sha) is None:
                continue
            target_file.parent.mkdir(parents=True, exist_ok=True)
            if target_file.exists():
                os.chmod(target_file, stat.S_IRUSR | stat.S_IWUSR)
                target_file.unlink()
            shutil.copyfile(tmp / "evidence" / sha[:2] / sha[2:], target_file)
            os.chmod(target_file, stat.S_IRUSR | stat.S_IRGRP)
    return RestoreResult(backend, len(manifest["evidence"]), manifest.get("audit_head"))
