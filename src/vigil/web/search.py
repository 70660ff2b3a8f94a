"""Kept for the dashboard modules that still import `data_version` from here: person search
lives in `vigil.services.search`. Remove once web/stats.py and web/verdicts.py move."""

from __future__ import annotations

from vigil.services.search import data_version

__all__ = ["data_version"]
