"""Claim verdicts for the dashboard and API, as the claims service states them."""

from __future__ import annotations

from sqlalchemy.orm import Session

from vigil.web.stats import Dashboard


def attach_verdicts(s: Session, d: Dashboard) -> None:
    """Fill each claim's verdict and reason (left empty until claims are compared)."""
    return None
