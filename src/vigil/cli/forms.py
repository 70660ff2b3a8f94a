"""`vigil form xlsform`: Vigil's report form for KoboToolbox and ODK Collect."""

from __future__ import annotations

from pathlib import Path

import typer

from vigil.cli.context import console
from vigil.ingest.xlsform import FORM_VERSION

form_app = typer.Typer(
    help="Report forms for field tools (KoboToolbox, ODK).", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    app.add_typer(form_app, name="form")


@form_app.command("xlsform")
def xlsform(
    out: Path = typer.Option(..., "--output", "-o", help="The .xlsx file to write."),
    public_key: Path | None = typer.Option(
        None,
        "--public-key",
        help="RSA public key (PEM): ODK/Kobo then encrypt each submission on the device.",
    ),
    submission_url: str | None = typer.Option(
        None, "--submission-url", help="Where ODK Collect sends submissions (optional)."
    ),
    version: str = typer.Option(
        FORM_VERSION,
        "--form-version",
        help="Form version (ODK Central needs a new one per upload).",
    ),
) -> None:
    """Write Vigil's report form as an XLSForm (English and Persian) for Kobo or ODK."""
    from vigil.services.field_forms import make_xlsform, write_xlsform

    form = make_xlsform(public_key_file=public_key, submission_url=submission_url, version=version)
    write_xlsform(form, out)
    encrypted = "encrypted submissions" if public_key is not None else "no encryption key"
    console.print(f"wrote {out} ({len(form.survey) - 1} survey rows, {encrypted})", highlight=False)
