"""Hash-chained, tamper-evident history: pure functions, no database."""

from vigil.audit.chain import (
    GENESIS,
    ChainProblem,
    canonical,
    content_hash,
    entry_hash,
    jsonable,
    verify_chain,
)

__all__ = [
    "GENESIS",
    "ChainProblem",
    "canonical",
    "content_hash",
    "entry_hash",
    "jsonable",
    "verify_chain",
]
