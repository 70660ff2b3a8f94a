"""Reading and validating input files (no store access): readers, mappings, row checks."""

from vigil.ingest.mapping import STANDARD_COLUMNS, ColumnMapping, load_mapping, standard_field
from vigil.ingest.readers import RawRow, RawTable, open_table
from vigil.ingest.rejects import write_rejects
from vigil.ingest.validate import CheckedRow, ValidatedRecord, check_all, validate_rows

__all__ = [
    "STANDARD_COLUMNS",
    "CheckedRow",
    "ColumnMapping",
    "RawRow",
    "RawTable",
    "ValidatedRecord",
    "check_all",
    "load_mapping",
    "open_table",
    "standard_field",
    "validate_rows",
    "write_rejects",
]
