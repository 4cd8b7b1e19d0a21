#!/usr/bin/env python3
"""High-precision reference values for callwright-erlang's tests.

Independent of the Rust code paths: Erlang B from the incomplete-gamma closed form
B(x, a) = a^x e^-a / Gamma(x + 1, a) (checked against the exact integer recursion in 50-digit
arithmetic), Erlang C from B by C = n B / (n - a (1 - B)), and Erlang A by summing the
birth-death chain of M/M/n+M state by state, with the service level of each queue position
from the regularised incomplete beta function (an arrival finding j waiting is served within t
with probability E[U; U >= e^(-t/patience)], U ~ Beta(x, j + 1), x = n patience / AHT).

Run:  python3 make_reference.py   (writes reference.json next to this file; needs mpmath)
"""

import json
import os

import mpmath as mp

mp.mp.dps = 50


def erlang_b_gamma(x, a):
    x = mp.mpf(x)
    a = mp.mpf(a)
    return mp.exp(x * mp.log(a) - a) / mp.gammainc(x + 1, a)


def erlang_b_recursion(n, a):
    a = mp.mpf(a)
    b = mp.mpf(1)
    for k in range(1, n + 1):
        b = a * b / (k + a * b)
    return b


def erlang_c_from_b(n, a, b):
    n = mp.mpf(n)
    a = mp.mpf(a)
    return n * b / (n - a * (1 - b))


def erlang_a(n, a, aht, patience, times):
    """Exact M/M/n+M measures by birth-death sums (integer n)."""
    n_m = mp.mpf(n)
    a_m = mp.mpf(a)
    ratio = mp.mpf(patience) / mp.mpf(aht)
    x = n_m * ratio
    y = a_m * ratio
    # Relative state probabilities: p_k = a^k / k! up to n, then p_n * prod y / (x + i).
    p = [mp.mpf(1)]
    for k in range(1, n + 1):
        p.append(p[-1] * a_m / k)
    top = p[-1]
    queue = [top]
    j = 0
    peak_passed = False
    while True:
        j += 1
        nxt = queue[-1] * y / (x + j)
        queue.append(nxt)
        if x + j > y:
            peak_passed = True
        if peak_passed and nxt < mp.mpf(10) ** -60 * top:
            break
    total = mp.fsum(p[:-1]) + mp.fsum(queue)
    p_wait = mp.fsum(queue) / total
    mean_queue = mp.fsum(i * q for i, q in enumerate(queue)) / total
    # P(abandon) = theta E[queue] / lambda = E[queue] / y
    p_abandon = mean_queue / y
    # Served contacts' waits.
    served_wait = mp.mpf(0)
    harmonic = mp.mpf(0)
    for jj, q in enumerate(queue):
        harmonic += 1 / (x + jj + 1)
        served_wait += q / total * x / (x + jj + 1) * mp.mpf(patience) * harmonic
    asa = served_wait / (1 - p_abandon)
    by_time = []
    for t in times:
        u = mp.exp(-mp.mpf(t) / mp.mpf(patience))
        answered = 1 - p_wait
        abandoned = mp.mpf(0)
        for jj, q in enumerate(queue):
            w = q / total
            if w < mp.mpf(10) ** -40:
                continue
            served_within = x / (x + jj + 1) * (1 - mp.betainc(x + 1, jj + 1, 0, u, regularized=True))
            below = mp.betainc(x, jj + 1, 0, u, regularized=True)
            answered += w * served_within
            abandoned += w * (1 - x / (x + jj + 1) * (1 - mp.betainc(x + 1, jj + 1, 0, u, regularized=True)) - u * below)
        by_time.append(
            {
                "t_s": t,
                "answered_within": float(answered),
                "abandoned_within": float(abandoned),
                "sl_of_offered": float(answered),
                "sl_of_offered_less_short_abandons": float(answered / (1 - abandoned)),
                "sl_of_answered": float(answered / (1 - p_abandon)),
            }
        )
    return {
        "agents": n,
        "offered_load": a,
        "aht_s": aht,
        "patience_s": patience,
        "prob_wait": float(p_wait),
        "prob_abandon": float(p_abandon),
        "asa_s": float(asa),
        "mean_wait_s": float(p_abandon * patience),
        "occupancy": float(a_m * (1 - p_abandon) / n_m),
        "by_time": by_time,
    }


def erlang_a_gamma_prob_wait(x_agents, a, aht, patience):
    """P(wait) for fractional agents: G = x e^y y^-x lower_gamma(x, y), continuous B."""
    ratio = mp.mpf(patience) / mp.mpf(aht)
    x = mp.mpf(x_agents) * ratio
    y = mp.mpf(a) * ratio
    g = x * mp.exp(y) * mp.power(y, -x) * mp.gammainc(x, 0, y)
    b = erlang_b_gamma(x_agents, a)
    return float(g / (1 / b - 1 + g))


def main():
    loads = [0.001, 0.1, 1.0, 5.0, 10.0, 50.0, 100.0, 500.0, 1000.0, 5000.0, 50000.0]
    erlang_b_rows = []
    erlang_c_rows = []
    for a in loads:
        root = a ** 0.5
        ns = {1, 2, max(1, int(a) - 1), int(a) + 1, int(round(a + root)), int(round(a + 3 * root)),
              int(round(a + 10 * root)) + 5}
        if a >= 50000:
            ns |= {60000}
        for n in sorted(ns):
            b = erlang_b_gamma(n, a)
            if n <= 6000:
                rec = erlang_b_recursion(n, a)
                assert abs(rec - b) <= mp.mpf(10) ** -40 * max(b, mp.mpf(10) ** -300) or abs(rec - b) < mp.mpf(10) ** -600, (n, a)
            erlang_b_rows.append({"agents": n, "offered_load": a, "value": float(b), "log10": float(mp.log10(b))})
            if n > a:
                c = erlang_c_from_b(n, a, b)
                aht = 180.0
                rows_t = []
                for t in (0.0, 20.0, 60.0):
                    sl = 1 - c * mp.exp(-(n - mp.mpf(a)) * t / aht)
                    rows_t.append({"t_s": t, "service_level": float(sl)})
                erlang_c_rows.append({
                    "agents": n, "offered_load": a, "aht_s": aht,
                    "prob_wait": float(c),
                    "asa_s": float(c * aht / (n - mp.mpf(a))),
                    "mean_queue_length": float(c * a / (n - mp.mpf(a))),
                    "by_time": rows_t,
                })
        # Fractional agents.
        for frac_n in (0.5, a + 0.25, a + root + 0.7):
            if frac_n > 70000:
                continue
            b = erlang_b_gamma(frac_n, a)
            erlang_b_rows.append({"agents": frac_n, "offered_load": a, "value": float(b), "log10": float(mp.log10(b))})
            if frac_n > a:
                c = erlang_c_from_b(frac_n, a, b)
                erlang_c_rows.append({
                    "agents": frac_n, "offered_load": a, "aht_s": 180.0,
                    "prob_wait": float(c),
                    "asa_s": float(c * 180 / (frac_n - mp.mpf(a))),
                    "mean_queue_length": float(c * a / (frac_n - mp.mpf(a))),
                    "by_time": [],
                })
    erlang_a_cases = [
        (14, 10.0, 180.0, 120.0),
        (13, 10.0, 180.0, 600.0),
        (8, 10.0, 180.0, 120.0),
        (10, 10.0, 180.0, 60.0),
        (3, 2.0, 100.0, 50.0),
        (1, 0.001, 60.0, 30.0),
        (5, 20.0, 300.0, 100.0),
        (50, 48.0, 300.0, 600.0),
        (100, 95.0, 240.0, 30.0),
        (160, 141.7, 300.0, 300.0),
        (140, 141.7, 300.0, 300.0),
        (200, 180.0, 300.0, 3000.0),
        (1700, 1667.0, 300.0, 300.0),
        (1650, 1667.0, 300.0, 300.0),
    ]
    erlang_a_rows = [erlang_a(n, a, aht, pat, (0.0, 20.0, 60.0)) for (n, a, aht, pat) in erlang_a_cases]
    erlang_a_fractional = []
    for (x, a, aht, pat) in [(13.5, 10.0, 180.0, 120.0), (7.25, 10.0, 180.0, 60.0), (150.5, 141.7, 300.0, 300.0)]:
        erlang_a_fractional.append({"agents": x, "offered_load": a, "aht_s": aht, "patience_s": pat,
                                    "prob_wait": erlang_a_gamma_prob_wait(x, a, aht, pat)})
    out = {
        "generator": "make_reference.py (mpmath %s, %d digits)" % (mp.__version__, mp.mp.dps),
        "erlang_b": erlang_b_rows,
        "erlang_c": erlang_c_rows,
        "erlang_a": erlang_a_rows,
        "erlang_a_fractional": erlang_a_fractional,
        "published": [{
            "source": "100 calls per 30 min, AHT 180 s, 80/20 (the textbook Erlang C example)",
            "volume": 100.0, "interval_s": 1800.0, "aht_s": 180.0,
            "fraction": 0.8, "answer_within_s": 20.0,
            "agents": 14, "service_level": 0.888, "prob_wait": 0.174, "asa_s": 7.84,
        }],
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reference.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print("wrote", path, len(erlang_b_rows), len(erlang_c_rows), len(erlang_a_rows))


if __name__ == "__main__":
    main()
