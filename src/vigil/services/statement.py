"""The signed toll statement, built from the figures of `services.figures`.

`write_statement` publishes a bundle; `verify_statement` checks one and, given the store,
recomputes every figure and lists each difference. The figures themselves (persons,
statistics, capture tables, estimates) live in `services.figures`, shared with the claims
register; the names are re-exported here for callers of the statement.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from vigil import __version__
from vigil.errors import InputError, NotFound
from vigil.places import Gazetteer
from vigil.services.capture import capture_table
from vigil.services.figures import Figures
from vigil.statement.settings import EstimateSettings, Scope
from vigil.statement.stats import PersonRow, ScopeStats, select_scope
from vigil.statement.verify import VerifyReport
from vigil.store import Store

# --- the statement -----------------------------------------------------------------------

SYNTHETIC_SETTING = "synthetic"


def store_is_synthetic(session: Session) -> bool | None:
    """What the store says about its data (setting "synthetic"), or None if it does not say."""
    from vigil.store.models import Setting

    row = session.get(Setting, SYNTHETIC_SETTING)
    if row is None or not isinstance(row.value, dict) or "synthetic" not in row.value:
        return None
    return bool(row.value["synthetic"])


def _places(stats: ScopeStats) -> dict[str, Any]:
    """Names (and coordinates) of every province and city the counts mention."""
    gaz = Gazetteer.load()
    provinces = {}
    for code in stats.by_province:
        p = gaz.provinces.get(code)
        if p is not None:
            provinces[code] = {"name_en": p.name_en, "name_fa": p.name_fa}
    cities = {}
    for cid in stats.by_city:
        c = gaz.places.get(int(cid)) if cid.isdigit() else None
        if c is not None:
            cities[cid] = {
                "name_en": c.name_en,
                "name_fa": c.name_fa,
                "province": c.province,
                "lat": c.lat,
                "lon": c.lon,
            }
    return {
        "provinces": provinces,
        "cities": cities,
        "credit": "Place names and coordinates: GeoNames (geonames.org), CC BY 4.0; "
        "province boundaries: Natural Earth (public domain).",
    }


def _victim_rows(
    rows: list[PersonRow], scope: Scope, places: dict[str, Any]
) -> list[dict[str, Any]]:
    from vigil.domain import age_group

    out = []
    for p in select_scope(rows, scope):
        if not p.counted:
            continue
        city = places["cities"].get(str(p.city_id)) if p.city_id is not None else None
        prov = places["provinces"].get(p.province_code or "")
        kinds = sorted(p.violations & set(scope.violations))
        out.append(
            {
                "person_id": p.id,
                "display_name": p.display_name,
                "display_name_latin": p.display_name_latin,
                "sex": p.sex,
                "age": p.age,
                "age_group": age_group(p.age).value,
                "province_code": p.province_code,
                "province": prov["name_en"] if prov else None,
                "city_id": p.city_id,
                "city": city["name_en"] if city else None,
                "date_start": p.date_start.isoformat() if p.date_start else None,
                "date_end": p.date_end.isoformat() if p.date_end else None,
                "violation": ";".join(kinds),
                "grade": p.grade,
                "n_sources": len(p.sources),
                "n_groups": len(p.groups),
            }
        )
    return out


def snapshot(rows: list[PersonRow], scope: Scope, claims: list[dict[str, Any]]) -> dict[str, Any]:
    """The data every figure derives from (hashed into the MANIFEST, never published)."""
    return {
        "persons": [
            {
                "id": p.id,
                "grade": p.grade,
                "sex": p.sex,
                "age": p.age,
                "province_code": p.province_code,
                "city_id": p.city_id,
                "date_start": p.date_start,
                "date_end": p.date_end,
                "violations": sorted(p.violations),
                "sources": sorted(p.sources),
                "groups": sorted(p.groups),
                "records": list(p.records),
                "events": sorted(p.events),
                "attributes": {k: sorted(v) for k, v in sorted(p.attrs.items())},
            }
            for p in select_scope(rows, scope)
        ],
        "claims": [
            {
                k: c[k]
                for k in (
                    "id",
                    "actor",
                    "kind",
                    "figure",
                    "figure_min",
                    "figure_max",
                    "date",
                    "scope",
                    "scope_filter",
                    "citation",
                )
            }
            for c in claims
        ],
    }


def attribution(rows: list[PersonRow], scope: Scope, level: float) -> dict[str, Any]:
    """The statement's attribution section: the headline shares and every field's shares
    among the documented persons in scope (see `vigil.statement.shares`)."""
    from vigil.statement.attributes import FIELDS
    from vigil.statement.shares import headline_shares, scope_field_shares

    return {
        "headlines": headline_shares(rows, scope, level),
        "fields": {f: scope_field_shares(rows, scope, f, level=level).to_json() for f in FIELDS},
    }


@dataclass
class Built:
    """Everything a statement is made of, before it is written."""

    payload: dict[str, Any]
    victims: list[dict[str, Any]]
    snapshot_sha256: str


def build(
    session: Session,
    scope: Scope,
    settings: EstimateSettings,
    *,
    synthetic: bool,
    created: str,
    version: str = __version__,
) -> Built:
    """The statement payload, its victim rows and the data snapshot hash, from the store."""
    from vigil.services.claims import claim_verdicts
    from vigil.services.events import event_names, get_event
    from vigil.statement.bundle import canonical, jsonable, sha256

    event = get_event(session, scope.event) if scope.event else None
    f = Figures.load(session, settings)
    chosen = select_scope(f.rows, scope)
    ungraded = [p.id for p in chosen if p.grade is None]
    if ungraded:
        raise InputError(
            f"{len(ungraded)} person(s) in scope are not graded (e.g. {ungraded[0]}); "
            "run `vigil grade` first"
        )
    stats = f.stats_for(scope)
    est = f.estimate_for(scope)
    claims = [c.to_json() for c in claim_verdicts(session, default_scope=scope, figures=f)]
    places = _places(stats)
    gaz = Gazetteer.load()
    names = {c: p.name_en for c, p in gaz.provinces.items()}
    table = capture_table(f.rows, scope, settings.lists)
    from vigil.services.linkage_range import linkage_range

    link = linkage_range(
        session,
        scope,
        method=settings.method,
        lists=settings.lists,
        seed=settings.seed,
        level=settings.level,
        main=est,
    )
    estimate = {
        **est.to_json(),
        "linkage": link.to_json() if link is not None else None,
        "settings": settings.to_json(),
        "table": {
            "lists": list(table.lists),
            "patterns": ["".join(str(int(v)) for v in row) for row in table.patterns],
            "counts": [int(c) for c in table.counts],
        },
    }
    payload = {
        "title": f"Toll statement: {event.name}" if event else "Toll statement",
        "synthetic": synthetic,
        "created": created,
        "vigil_version": version,
        "scope": {
            **scope.to_json(),
            "description": scope.describe(names, event_names(session)),
        },
        "event": event.to_json() if event else None,
        "figures": stats.to_json(),
        "attribution": attribution(f.rows, scope, settings.level),
        "places": places,
        "estimate": estimate,
        "claims": claims,
    }
    snap = snapshot(f.rows, scope, claims)
    victims = _victim_rows(f.rows, scope, places)
    from vigil.services.acts import PUBLIC_ACT_COLUMNS, person_act_columns

    acts = person_act_columns(session, PUBLIC_ACT_COLUMNS)
    for row in victims:
        act = acts.get(row["person_id"], {})
        row.update({c: act.get(c) for c in PUBLIC_ACT_COLUMNS})
    return Built(jsonable(payload), victims, sha256(canonical(snap)))


def render_files(built: Built) -> dict[str, bytes]:
    """statement.json, statement.html and victims.csv as bytes."""
    from vigil.statement.bundle import (
        STATEMENT_HTML,
        STATEMENT_JSON,
        VICTIMS_CSV,
        json_bytes,
        victims_csv,
    )
    from vigil.statement.html import render_html

    return {
        STATEMENT_JSON: json_bytes(built.payload),
        STATEMENT_HTML: render_html(built.payload).encode("utf-8"),
        VICTIMS_CSV: victims_csv(built.victims),
    }


@dataclass
class StatementResult:
    folder: Path
    files: list[str]
    payload: dict[str, Any]
    signer: str | None

    def summary(self) -> list[str]:
        fig = self.payload["figures"]
        est = self.payload["estimate"]
        label = "SYNTHETIC data" if self.payload["synthetic"] else "real data"
        lines = [
            f"Statement written to {self.folder} ({label}): {', '.join(self.files)}",
            f"scope: {self.payload['scope']['description']}",
            *(
                f"{h['label']}: {h['count']:,} of {h['known']:,} with it known"
                + (f" ({h['share'] * 100:.1f}%)" if h["share"] is not None else "")
                + f"; unknown for {h['unknown']:,}"
                for h in self.payload["attribution"]["headlines"][:1]
            ),
            f"documented floor (confirmed + fair): {fig['documented_floor']:,}; "
            f"documented total: {fig['documented_total']:,}",
        ]
        if est.get("estimate") is not None:
            lines.append(
                f"estimate ({est['method']}): {est['estimate']:,.0f} "
                f"[{est['lower']:,.0f}, {est['upper']:,.0f}]"
            )
        else:
            lines.append(f"estimate: none ({est.get('refusal')})")
        link = est.get("linkage")
        if link:
            lines.append(
                f"linkage range: {link['lower']:,.0f} – {link['upper']:,.0f} over "
                f"{len(link['variants'])} other linkages"
            )
        lines.append(f"claims compared: {len(self.payload['claims'])}")
        lines.append(f"signed by {self.signer}" if self.signer else "NOT signed")
        return lines


def write_statement(
    store: Store,
    folder: str | Path,
    *,
    scope: Scope | None = None,
    settings: EstimateSettings | None = None,
    key: str | Path | None = None,
    synthetic: bool | None = None,
    actor: str = "system",
    created: str | None = None,
) -> StatementResult:
    """Compute, write and (with a private key) sign a statement bundle in `folder`."""
    from vigil.services import audit
    from vigil.statement import signing
    from vigil.statement.bundle import (
        MANIFEST,
        PUBLIC_KEY,
        SIGNATURE,
        json_bytes,
        manifest_doc,
    )

    scope = scope or Scope()
    settings = settings or EstimateSettings()
    private = signing.load_private(key) if key is not None else None
    created = created or dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    with store.session() as s:
        if synthetic is None:
            known = store_is_synthetic(s)
            synthetic = True if known is None else known
        built = build(s, scope, settings, synthetic=synthetic, created=created)
    files = render_files(built)
    signer = signing.fingerprint(private.public_key()) if private else None
    doc = manifest_doc(
        files,
        snapshot_sha256=built.snapshot_sha256,
        version=__version__,
        created=created,
        settings={
            "scope": scope.to_json(),
            "estimate": settings.to_json(),
            "synthetic": synthetic,
        },
        signer=signer,
    )
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    manifest = json_bytes(doc)
    for name, data in files.items():
        (out / name).write_bytes(data)
    (out / MANIFEST).write_bytes(manifest)
    written = [*files, MANIFEST]
    for stale in (SIGNATURE, PUBLIC_KEY):
        (out / stale).unlink(missing_ok=True)
    if private is not None:
        (out / SIGNATURE).write_bytes(signing.sign(manifest, private))
        (out / PUBLIC_KEY).write_bytes(signing.public_pem(private.public_key()))
        written += [SIGNATURE, PUBLIC_KEY]
    with store.session() as s:
        audit.record(
            s,
            actor,
            "publish_statement",
            "statements",
            doc["files"]["statement.json"][:16],
            after={"manifest": doc},
        )
    return StatementResult(out, written, built.payload, signer)


def read_bundle(folder: str | Path) -> dict[str, bytes]:
    d = Path(folder)
    if not d.is_dir():
        raise NotFound(f"{d}: no such statement folder")
    return {p.name: p.read_bytes() for p in sorted(d.iterdir()) if p.is_file()}


def verify_statement(
    folder: str | Path,
    *,
    public_key: str | Path | None = None,
    store: Store | None = None,
) -> VerifyReport:
    """Check signature and hashes; with a store, recompute every figure and compare."""
    from vigil.statement.bundle import STATEMENT_JSON, VICTIMS_CSV
    from vigil.statement.verify import check_bundle, diff_figures

    files = read_bundle(folder)
    trusted = None
    if public_key is not None:
        try:
            trusted = Path(public_key).read_bytes()
        except FileNotFoundError:
            raise InputError(f"{public_key}: no such public key file") from None
    report = check_bundle(files, trusted)
    if store is None:
        report.notes.append("figures not recomputed (give --db to recompute them from a store)")
        return report
    doc = report.manifest
    if doc is None:
        report.problems.append("cannot recompute: the MANIFEST is unreadable")
        return report
    try:
        settings = doc["settings"]
        scope = Scope.from_json(settings["scope"], "MANIFEST settings.scope")
        est = EstimateSettings.from_json(settings["estimate"])
        synthetic = bool(settings["synthetic"])
        created = str(doc["created"])
        version = str(doc["vigil_version"])
    except (KeyError, TypeError, ValueError) as e:
        report.problems.append(f"cannot recompute: MANIFEST settings incomplete ({e})")
        return report
    with store.session() as s:
        built = build(s, scope, est, synthetic=synthetic, created=created, version=version)
    fresh = render_files(built)
    if built.snapshot_sha256 == doc.get("data_snapshot_sha256"):
        report.passed.append("data snapshot: the store holds the data the statement was made from")
    else:
        report.problems.append(
            "data snapshot: the store's data differs from the data the statement was made from"
        )
    try:
        published = json.loads(files.get(STATEMENT_JSON, b"null").decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        report.problems.append(f"{STATEMENT_JSON}: not valid JSON ({e})")
        published = None
    if published is not None:
        diffs = diff_figures(published, built.payload)
        if diffs:
            report.problems += [f"{STATEMENT_JSON} {d}" for d in diffs]
        else:
            report.passed.append(f"{STATEMENT_JSON}: every figure recomputed from the store agrees")
    for name in sorted(fresh):
        if name == STATEMENT_JSON:
            continue
        if files.get(name) == fresh[name]:
            report.passed.append(f"{name}: identical to the one recomputed from the store")
        elif name == VICTIMS_CSV:
            report.problems += _csv_diff(files.get(name, b""), fresh[name])
        elif version != __version__:
            report.notes.append(f"{name}: differs, but it was made by Vigil {version}")
        else:
            report.problems.append(f"{name}: differs from the one recomputed from the store")
    return report


def _csv_diff(published: bytes, fresh: bytes) -> list[str]:
    a = published.decode("utf-8", "replace").splitlines()
    b = fresh.decode("utf-8", "replace").splitlines()
    out = [
        f"victims.csv line {i + 1}: published {x!r}, recomputed {y!r}"
        for i, (x, y) in enumerate(zip(a, b, strict=False))
        if x != y
    ]
    if len(a) != len(b):
        out.append(f"victims.csv: {len(a) - 1} rows published, {len(b) - 1} recomputed")
    return out[:50] or ["victims.csv differs from the one recomputed from the store"]
