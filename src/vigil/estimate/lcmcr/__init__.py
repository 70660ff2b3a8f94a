"""LCMCR: Bayesian latent-class capture-recapture (Manrique-Vallier 2016), as a package.

`sampler` runs and checks the chains (`lcmcr`, `sample_chains`, `LcmcrSettings`); `kernel` is
the compiled default sweep with its two default moves, `ridge` and `labels`; `terms` holds the
terms they share, `draws` the random draws they need (gamma, beta, binomial, Poisson; numba's
own cost a fresh machine a third of its compile time) and `density` the collapsed posterior
(numpy) that chooses among candidate starts.
`experimental` holds the moves that are off by default (tempering, split-merge, pair and
triple jumps) and is imported only by runs that ask for them.
"""

from vigil.estimate.lcmcr.sampler import (
    ESS_MIN,
    RHAT_MAX,
    ChainDraws,
    LcmcrSettings,
    ProgressFn,
    _initial_state,
    check_table,
    default_classes,
    ladder,
    lcmcr,
    sample_chains,
    summarize,
)

__all__ = [
    "ESS_MIN",
    "RHAT_MAX",
    "ChainDraws",
    "LcmcrSettings",
    "ProgressFn",
    "_initial_state",
    "check_table",
    "default_classes",
    "ladder",
    "lcmcr",
    "sample_chains",
    "summarize",
]
