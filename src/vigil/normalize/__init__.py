"""Pure normalizers: one reported value in, one typed value out, or InvalidValue with why.

Every importer, form and API path goes through these, so a value means the same thing
whichever way it arrived.
"""

from vigil.normalize.age import Age, parse_age
from vigil.normalize.dates import parse_date
from vigil.normalize.digits import to_ascii_digits
from vigil.normalize.sex import parse_sex
from vigil.normalize.text import fold, fold_arabic_script
from vigil.normalize.violation import parse_violation

__all__ = [
    "Age",
    "fold",
    "fold_arabic_script",
    "parse_age",
    "parse_date",
    "parse_sex",
    "parse_violation",
    "to_ascii_digits",
]
