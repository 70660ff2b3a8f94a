"""Corroboration grades: how well each person's death or violation is documented."""

from vigil.grading.rules import (
    GradeResult,
    GradingRules,
    PersonFacts,
    RecordFacts,
    grade_person,
    load_rules,
)

__all__ = [
    "GradeResult",
    "GradingRules",
    "PersonFacts",
    "RecordFacts",
    "grade_person",
    "load_rules",
]
