"""Vigil: auditable casualty counts."""

__version__ = "0.2.0"
