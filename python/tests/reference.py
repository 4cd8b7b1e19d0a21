"""Independent reference values for the Erlang tests, computed with mpmath from first principles.

Nothing here calls callwright. Tolerances live in one place (``TOL``).
"""

from __future__ import annotations

import mpmath

mpmath.mp.dps = 40

#: Relative tolerances per quantity.
TOL = {
    "erlang_b": 1e-12,
    "erlang_b_fractional": 1e-9,
    "erlang_c": 1e-12,
    "measures": 1e-11,
    "erlang_a": 1e-9,
}


def erlang_b(n: int, a: float) -> float:
    """Erlang B from its definition: (a^n / n!) / sum_k a^k / k!."""
    a = mpmath.mpf(a)
    terms = [a**k / mpmath.factorial(k) for k in range(n + 1)]
    return float(terms[-1] / mpmath.fsum(terms))


def erlang_b_fractional(x: float, a: float) -> float:
    """Continuous Erlang B: a^x e^(-a) / Gamma(x + 1, a) (upper incomplete gamma)."""
    x = mpmath.mpf(x)
    a = mpmath.mpf(a)
    return float(a**x * mpmath.exp(-a) / mpmath.gammainc(x + 1, a))


def _erlang_c_mp(n: int, a: float) -> mpmath.mpf:
    a = mpmath.mpf(a)
    terms = [a**k / mpmath.factorial(k) for k in range(n)]
    last = a**n / mpmath.factorial(n) * n / (n - a)
    return last / (mpmath.fsum(terms) + last)


def erlang_c(n: int, a: float) -> float:
    """Erlang C from the M/M/n stationary distribution: P(all n busy), arrival sees it (PASTA)."""
    return float(_erlang_c_mp(n, a))


def service_level(n: int, a: float, aht_s: float, t_s: float) -> float:
    """1 - C exp(-(n - a) t / AHT)."""
    c = _erlang_c_mp(n, a)
    return float(1 - c * mpmath.exp(-(n - mpmath.mpf(a)) * t_s / aht_s))


def asa(n: int, a: float, aht_s: float) -> float:
    """C · AHT / (n - a)."""
    return float(_erlang_c_mp(n, a) * aht_s / (n - mpmath.mpf(a)))


def erlang_a_chain(n: int, a: float, aht_s: float, patience_s: float, extra: int = 3000) -> dict:
    """Erlang A measures from the birth-death chain truncated far into the queue.

    States k = 0 .. n + extra; birth rate lambda = a / AHT; death rate min(k, n)/AHT +
    max(k - n, 0)/patience.
    """
    mu = mpmath.mpf(1) / aht_s
    theta = mpmath.mpf(1) / patience_s
    lam = mpmath.mpf(a) * mu
    weights = [mpmath.mpf(1)]
    for k in range(1, n + extra + 1):
        death = min(k, n) * mu + max(k - n, 0) * theta
        weights.append(weights[-1] * lam / death)
    total = mpmath.fsum(weights)
    pi = [w / total for w in weights]
    prob_wait = mpmath.fsum(pi[n:])
    queue = mpmath.fsum((k - n) * p for k, p in enumerate(pi) if k > n)
    busy = mpmath.fsum(min(k, n) * p for k, p in enumerate(pi))
    return {
        "prob_wait": float(prob_wait),
        "prob_abandon": float(theta * queue / lam),
        "mean_queue_length": float(queue),
        "occupancy": float(busy / n),
    }


def required_agents_c(a: float, aht_s: float, sl: float | None, t_s: float | None,
                      max_asa_s: float | None = None, max_occupancy: float | None = None) -> int:
    """Brute force: the smallest n > a meeting every given Erlang C target."""
    if a == 0:
        return 0
    n = int(mpmath.floor(a)) + 1
    while True:
        ok = True
        if sl is not None and service_level(n, a, aht_s, t_s) < sl:
            ok = False
        if max_asa_s is not None and asa(n, a, aht_s) > max_asa_s:
            ok = False
        if max_occupancy is not None and a / n > max_occupancy:
            ok = False
        if ok:
            return n
        n += 1
