"""Placeholder until this topic's commands land; registers nothing."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Register nothing yet."""
