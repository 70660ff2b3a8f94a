"""Multivariate t proposals with a Cholesky-factored precision, for the LCMCR pair jump.

Plain numerics kept apart from the move (`jump`): a Cholesky factor with damping, its
solve, and the log density and draws of a multivariate t around a mode.
"""

from __future__ import annotations

import math

import numba as nb
import numpy as np
from numpy.typing import NDArray

_DF = 8.0  # degrees of freedom of the multivariate t proposals


@nb.njit(cache=True, nogil=True)
def _cholesky(a: NDArray[np.float64], mu: float, out: NDArray[np.float64]) -> bool:
    """Lower Cholesky factor of a + mu I into out; False if not positive definite."""
    d = a.shape[0]
    for i in range(d):
        for q in range(d):
            out[i, q] = 0.0
    for i in range(d):
        for q in range(i + 1):
            s = a[i, q] + (mu if i == q else 0.0)
            for r in range(q):
                s -= out[i, r] * out[q, r]
            if i == q:
                if not s > 0.0:
                    return False
                out[i, i] = math.sqrt(s)
            else:
                out[i, q] = s / out[q, q]
    return True


@nb.njit(cache=True, nogil=True)
def _chol_solve(chol: NDArray[np.float64], b: NDArray[np.float64]) -> NDArray[np.float64]:
    """Solve (L L^T) y = b."""
    d = b.shape[0]
    y = np.empty(d)
    for i in range(d):
        s = b[i]
        for r in range(i):
            s -= chol[i, r] * y[r]
        y[i] = s / chol[i, i]
    for i in range(d - 1, -1, -1):
        s = y[i]
        for r in range(i + 1, d):
            s -= chol[r, i] * y[r]
        y[i] = s / chol[i, i]
    return y


@nb.njit(cache=True, nogil=True)
def _t_logpdf(
    x: NDArray[np.float64], mode: NDArray[np.float64], chol: NDArray[np.float64]
) -> float:
    """Multivariate t (_DF degrees of freedom) with location `mode` and precision L L^T."""
    d = x.shape[0]
    quad = 0.0
    logdet = 0.0
    for q in range(d):  # (L^T (x - mode))_q
        s = 0.0
        for i in range(q, d):
            s += chol[i, q] * (x[i] - mode[i])
        quad += s * s
        logdet += math.log(chol[q, q])
    return (
        math.lgamma(0.5 * (_DF + d))
        - math.lgamma(0.5 * _DF)
        - 0.5 * d * math.log(_DF * math.pi)
        + logdet
        - 0.5 * (_DF + d) * math.log1p(quad / _DF)
    )


@nb.njit(cache=True, nogil=True)
def _t_draw(
    rng: np.random.Generator,
    mode: NDArray[np.float64],
    chol: NDArray[np.float64],
    out: NDArray[np.float64],
) -> None:
    d = mode.shape[0]
    z = np.empty(d)
    for i in range(d):
        z[i] = rng.standard_normal()
    y = np.empty(d)
    for i in range(d - 1, -1, -1):  # L^T y = z
        s = z[i]
        for r in range(i + 1, d):
            s -= chol[r, i] * y[r]
        y[i] = s / chol[i, i]
    w = math.sqrt(rng.gamma(0.5 * _DF, 2.0) / _DF)
    for i in range(d):
        out[i] = mode[i] + y[i] / w
