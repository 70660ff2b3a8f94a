"""Plain domain vocabulary shared by every layer (no I/O, no database)."""

from vigil.domain.model import (
    AgeGroup,
    DatePrecision,
    Grade,
    PartialDate,
    Role,
    Sex,
    SourceKind,
    ViolationType,
    age_group,
)

__all__ = [
    "AgeGroup",
    "DatePrecision",
    "Grade",
    "PartialDate",
    "Role",
    "Sex",
    "SourceKind",
    "ViolationType",
    "age_group",
]
