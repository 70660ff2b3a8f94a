"""Swaps between the levels of a parallel-tempering LCMCR ladder (`experimental.kernel.run_ladder`).

Kept apart from the sweep: with one level none of this runs and no random number is spent on
it, so the untempered sampler does not depend on it.
"""

from __future__ import annotations

import math

import numba as nb
import numpy as np
from numpy.typing import NDArray

from vigil.estimate.lcmcr.terms import _log_seen


@nb.njit(cache=True, nogil=True)
def swap_levels(
    rng: np.random.Generator,
    betas: NDArray[np.float64],
    n_obs: int,
    pi: NDArray[np.float64],
    logpi: NDArray[np.float64],
    base: NDArray[np.float64],
    swaps: NDArray[np.int64],
    pt: NDArray[np.int64],
) -> None:
    """One round of the deterministic even-odd swaps (see `run_ladder`), and round-trip counts.

    Only (1 - q_b)^-n depends on b, so exchanging the states A, B of levels t, t + 1 is
    accepted with probability min(1, exp(-n [l_t(B) + l_t+1(A) - l_t(A) - l_t+1(B)])), l_b =
    log(1 - q_b). pi, logpi, base: the replicas' cached terms; `swaps`, `pt` as in `run_ladder`.
    """
    T = betas.shape[0]
    for t in range(pt[0] % 2, T - 1, 2):
        swaps[0, t] += 1
        ra = pt[2 + t]
        rb = pt[3 + t]
        ba = betas[t]
        bb = betas[t + 1]
        log_a = -n_obs * (
            _log_seen(pi[rb], logpi[rb], base[rb], ba)
            + _log_seen(pi[ra], logpi[ra], base[ra], bb)
            - _log_seen(pi[ra], logpi[ra], base[ra], ba)
            - _log_seen(pi[rb], logpi[rb], base[rb], bb)
        )
        if log_a >= 0.0 or math.log(rng.random()) < log_a:
            swaps[1, t] += 1
            pt[2 + t] = rb
            pt[3 + t] = ra
    pt[0] += 1
    # Round trips: replicas reaching level 0 after visiting the hottest level.
    pt[2 + T + pt[2 + T - 1]] = -1
    r0 = pt[2]
    if pt[2 + T + r0] == -1:
        pt[1] += 1
    pt[2 + T + r0] = 1
