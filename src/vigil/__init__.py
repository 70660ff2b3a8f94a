"""Vigil: auditable casualty counts."""

__version__ = "0.1.0"
