"""The verifiable toll statement: statistics for a scope, the signed bundle, verification."""

from vigil.statement.settings import DEATH_TYPES, EstimateSettings, Scope
from vigil.statement.stats import PersonRow, ScopeStats, compute_stats

__all__ = ["DEATH_TYPES", "EstimateSettings", "PersonRow", "Scope", "ScopeStats", "compute_stats"]
