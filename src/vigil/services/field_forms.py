"""Writing Vigil's report form as an XLSForm workbook for KoboToolbox and ODK.

The form itself is defined in `vigil.ingest.xlsform` (pure); this writes its sheets with
openpyxl, to a temporary file renamed into place, so a failed write leaves no half file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from vigil.errors import InputError
from vigil.ingest.xlsform import FORM_VERSION, XLSForm, build_xlsform
from vigil.places import Gazetteer


def make_xlsform(
    *,
    public_key_file: str | Path | None = None,
    submission_url: str | None = None,
    version: str = FORM_VERSION,
    gazetteer: Gazetteer | None = None,
) -> XLSForm:
    """The report form, with provinces from the gazetteer and the public key read from a file."""
    pem = None
    if public_key_file is not None:
        key_path = Path(public_key_file)
        try:
            pem = key_path.read_text(encoding="ascii")
        except FileNotFoundError:
            raise InputError(f"{key_path}: public key file not found") from None
        except (OSError, UnicodeDecodeError) as e:
            raise InputError(f"{key_path}: not a readable PEM public key ({e})") from None
    gazetteer = gazetteer or Gazetteer.load()
    try:
        return build_xlsform(
            gazetteer.provinces.values(),
            public_key_pem=pem,
            submission_url=submission_url,
            version=version,
        )
    except InputError as e:
        where = f"{public_key_file}: " if public_key_file is not None else ""
        raise InputError(f"{where}{e}") from None


def write_xlsform(form: XLSForm, path: str | Path) -> Path:
    """Write `form` as an .xlsx workbook at `path` (replaced whole, or left untouched)."""
    import openpyxl

    out = Path(path)
    if out.suffix.lower() != ".xlsx":
        raise InputError(f"{out}: an XLSForm is an .xlsx file")
    if not out.parent.is_dir():
        raise InputError(f"{out.parent}: no such directory")
    book = openpyxl.Workbook()
    book.remove(book.worksheets[0])
    for title, rows in form.sheets().items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    try:
        fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".xlsx")
    except OSError as e:  # named as the file asked for, not the hidden temporary one
        raise type(e)(e.errno, e.strerror, str(out)) from None
    os.close(fd)
    try:
        book.save(tmp)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out
