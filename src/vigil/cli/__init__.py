"""Command-line interface (Typer): thin commands over vigil.services and the store."""
