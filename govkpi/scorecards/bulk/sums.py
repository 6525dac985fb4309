"""Sums of many small groups of floats, each exactly as :func:`math.fsum` gives it (the correctly rounded sum),
computed column-wise.

The core combines values with ``math.fsum``; a plain or pairwise float sum can differ from it in the last bit, and a
last bit decides a score at a threshold (``step`` interpolation, a status at ``achieved_from``). Each group is summed
with error-free transformations (TwoSum, Ogita–Rump–Oishi's cascaded summation): the float sum σ, the exact rounding
errors folded into τ, and a bound δ on τ's own error. The result ``r = fl(σ + τ)`` is the correctly rounded exact sum
whenever the distance left to r's rounding boundary exceeds the uncertainty; the few groups where that cannot be
shown (ties, heavy cancellation) are summed again with ``math.fsum`` itself.
"""

from __future__ import annotations

import math

import numpy as np

EPS = np.finfo(np.float64).eps / 2  # the unit roundoff u


def _two_sum(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    s = a + b
    z = s - a
    return s, (a - (s - z)) + (b - z)


def group_fsum(values: np.ndarray, starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """``math.fsum(values[start:start + count])`` for every group; groups are consecutive slices of ``values``."""
    groups = len(starts)
    sigma = np.zeros(groups)
    tau = np.zeros(groups)
    spread = np.zeros(groups)  # Σ|error terms|, for the bound on τ's rounding
    longest = int(counts.max()) if groups else 0
    active = np.arange(groups)
    for j in range(longest):
        active = active[counts[active] > j]
        term = values[starts[active] + j]
        sigma[active], error = _two_sum(sigma[active], term)
        tau[active] += error
        spread[active] += np.abs(error)
    result, last = _two_sum(sigma, tau)
    delta = 2.0 * counts * EPS * spread
    magnitude = np.abs(result)
    gap = np.minimum(np.spacing(magnitude), magnitude - np.nextafter(magnitude, 0.0))
    gap = np.where(magnitude == 0, np.spacing(0.0), gap)
    doubtful = (np.abs(last) + delta) * (1 + 8 * EPS) >= gap / 2
    for g in np.flatnonzero(doubtful & (delta + np.abs(last) > 0)):
        start = int(starts[g])
        result[g] = math.fsum(values[start : start + int(counts[g])].tolist())
    return result + 0.0  # fsum never answers −0.0
