"""Column mappings: which column of a file holds which standard field.

Without a mapping file, headers are matched to the standard columns by name (case,
spaces and a few common synonyms ignored). A YAML mapping names the columns explicitly
and may give fixed values for fields the file lacks::

    columns:                 # standard field: column header in the file
      source_record_id: "شناسه"
      name: "نام و نام خانوادگی"
      date: "تاریخ"
    defaults:                # used where the column is absent or the cell is empty
      violation: killed
    terms:                   # this source's own words for act codes (vigil.domain.acts)
      perpetrator:
        "نیروهای امنیتی محلی": police
      charges:
        "baghy": other
    sheet: "Sheet1"          # XLSX only; default: the first sheet

The act columns (`vigil.ingest.acts.ACT_COLUMNS`: method, weapon, wound, perpetrator,
place_kind, facility, arrest_date, release_date, sentence, charges, ...) are standard
columns too, matched by name, by an English or Persian synonym, or named here.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from vigil.errors import InputError
from vigil.ingest.acts import ACT_COLUMNS, TERM_FIELDS
from vigil.normalize.acts import vocabulary_codes

STANDARD_COLUMNS: tuple[str, ...] = (
    "source_record_id",
    "name",
    "given_name",
    "family_name",
    "father_name",
    "sex",
    "age",
    "date",
    "province",
    "city",
    "violation",
    "notes",
    "event",
    *ACT_COLUMNS,
)

_SYNONYMS: dict[str, str] = {
    "id": "source_record_id",
    "record_id": "source_record_id",
    "full_name": "name",
    "first_name": "given_name",
    "given": "given_name",
    "last_name": "family_name",
    "surname": "family_name",
    "family": "family_name",
    "father": "father_name",
    "fathers_name": "father_name",
    "gender": "sex",
    "date_of_death": "date",
    "date_of_incident": "date",
    "violation_type": "violation",
    "town": "city",
    "note": "notes",
    # Acts (English and Persian headers).
    "cause_of_death": "method",
    "means": "method",
    "روش": "method",
    "نحوه": "method",
    "نحوه_کشته_شدن": "method",
    "weapon_class": "weapon",
    "weapon_type": "weapon",
    "سلاح": "weapon",
    "نوع_سلاح": "weapon",
    "wounds": "wound",
    "wound_site": "wound",
    "محل_اصابت": "wound",
    "محل_جراحت": "wound",
    "perpetrators": "perpetrator",
    "alleged_perpetrator": "perpetrator",
    "killed_by": "perpetrator",
    "attributed_to": "perpetrator",
    "عامل": "perpetrator",
    "عاملان": "perpetrator",
    "ضارب": "perpetrator",
    "attributed_by": "perpetrator_by",
    "place_type": "place_kind",
    "location_type": "place_kind",
    "نوع_محل": "place_kind",
    "prison": "facility",
    "detention_facility": "facility",
    "زندان": "facility",
    "بازداشتگاه": "facility",
    "date_of_arrest": "arrest_date",
    "تاریخ_بازداشت": "arrest_date",
    "date_of_release": "release_date",
    "تاریخ_آزادی": "release_date",
    "حکم": "sentence",
    "charge": "charges",
    "اتهام": "charges",
    "اتهامات": "charges",
    "دادگاه": "court",
    "شعبه": "court_branch",
    "date_of_execution": "execution_date",
    "تاریخ_اعدام": "execution_date",
    "محل_دفن": "burial",
}


def _header_key(header: str) -> str:
    return "_".join(header.strip().lower().replace("-", " ").replace("'", "").split())


def standard_field(header: str) -> str | None:
    """The standard field a header is read as without a mapping (``Gender`` -> sex), if any."""
    key = _header_key(header)
    return key if key in STANDARD_COLUMNS else _SYNONYMS.get(key)


class ColumnMapping(BaseModel):
    """Standard field -> file column, plus fixed default values."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    columns: dict[str, str] = {}
    defaults: dict[str, str] = {}
    # Act field -> {the source's own term: code}; see the module docstring.
    terms: dict[str, dict[str, str]] = {}
    sheet: str | None = None

    @field_validator("columns", "defaults")
    @classmethod
    def _known_fields(cls, value: dict[str, Any]) -> dict[str, Any]:
        unknown = sorted(set(value) - set(STANDARD_COLUMNS))
        if unknown:
            raise ValueError(
                f"unknown field(s) {', '.join(unknown)}; "
                f"standard fields are: {', '.join(STANDARD_COLUMNS)}"
            )
        return {k: str(v) for k, v in value.items()}

    @field_validator("terms")
    @classmethod
    def _known_terms(cls, value: dict[str, dict[str, Any]]) -> dict[str, dict[str, str]]:
        out: dict[str, dict[str, str]] = {}
        for name, terms in value.items():
            if name not in TERM_FIELDS:
                raise ValueError(
                    f"terms for {name!r}: only these fields take terms: {', '.join(TERM_FIELDS)}"
                )
            if not isinstance(terms, dict):
                raise ValueError(f"terms for {name!r} must map each term to a code")
            vocab = "place_kind" if name == "arrest_place" else name
            codes = set(vocabulary_codes(vocab))
            for term, code in terms.items():
                if str(code) not in codes:
                    raise ValueError(
                        f"terms for {name!r}: {term!r} -> {code!r} is not a code "
                        f"(one of: {', '.join(sorted(codes))})"
                    )
            out[name] = {str(k): str(v) for k, v in terms.items()}
        return out

    def resolve(self, headers: Sequence[str], file: str) -> dict[str, str]:
        """Standard field -> header actually present in the file; InputError if unusable."""
        present = set(headers)
        resolved: dict[str, str] = {}
        for std, header in self.columns.items():
            if header not in present:
                raise InputError(
                    f"{file}: the mapping names column {header!r} for {std}, "
                    f"but the file's header has: {', '.join(headers)}"
                )
            resolved[std] = header
        for header in headers:
            guess = standard_field(header)
            if guess is not None and guess not in resolved and guess not in self.columns:
                resolved[guess] = header
        if "source_record_id" not in resolved:
            raise InputError(
                f"{file}: no id column: expected a 'source_record_id' column (line 1)"
                " or a mapping naming it"
            )
        has_name = {"name", "given_name", "family_name"} & (set(resolved) | set(self.defaults))
        if not has_name:
            raise InputError(
                f"{file}: no name column: expected 'name' or 'given_name'/'family_name' (line 1)"
            )
        return resolved


def load_mapping(path: str | Path) -> ColumnMapping:
    """Read a YAML mapping file; InputError naming the file and the problem."""
    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise InputError(f"{p}: mapping file not found") from e
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        raise InputError(f"{p}: not a readable YAML mapping ({e})") from e
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(f"{p}: a mapping must be a YAML dictionary with 'columns:'")
    try:
        return ColumnMapping.model_validate(data)
    except ValidationError as e:
        problems = "; ".join(
            f"{'.'.join(str(x) for x in err['loc'])}: {err['msg']}" for err in e.errors()
        )
        raise InputError(f"{p}: invalid mapping: {problems}") from e
