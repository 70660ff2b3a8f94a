"""One root exception for everything Vigil reports to a user.

    VigilError
    ├── InputError          bad input from a user or a file (CLI exit code 2, HTTP 400/422)
    │   ├── InvalidValue    one value could not be understood (carries the reason)
    │   └── ImportRejected  a file was refused; carries one RowError per bad row
    ├── NotFound            a named thing does not exist (exit 2, HTTP 404)
    ├── PermissionDenied    the actor's role does not allow the action (exit 2, HTTP 403)
    ├── IntegrityError      stored data fails a check (audit chain, evidence hash) (exit 1)
    └── EstimationRefused   the data cannot support an estimate; says why (exit 2)

Only the CLI and web layers translate these into exit codes and statuses.
"""

from __future__ import annotations

from dataclasses import dataclass


class VigilError(Exception):
    """Root of all errors Vigil reports to a person rather than as a traceback."""


class InputError(VigilError):
    """Bad input from a user or file."""


class InvalidValue(InputError):
    """A single value could not be understood; the message says why."""


@dataclass(frozen=True)
class RowError:
    """One reason one row of an input file was refused."""

    line: int
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column!r}, value {self.value!r}: {self.reason}"


class ImportRejected(InputError):
    """A whole file was refused; nothing was stored."""

    def __init__(self, file: str, errors: list[RowError]) -> None:
        self.file = file
        self.errors = errors
        shown = "\n".join(f"  {e}" for e in errors[:50])
        more = f"\n  ... and {len(errors) - 50} more" if len(errors) > 50 else ""
        rows = len({e.line for e in errors})
        super().__init__(
            f"{file}: {rows} bad row(s), {len(errors)} error(s); nothing was imported\n"
            f"{shown}{more}"
        )


class NotFound(VigilError):
    """A named thing does not exist."""


class PermissionDenied(VigilError):
    """The acting user's role does not allow this action."""


class IntegrityError(VigilError):
    """Stored data failed an integrity check."""


class EstimationRefused(VigilError):
    """The data cannot support the requested estimate; the message says why."""
