"""Side-by-side benchmarks of callwright against its Python peers (issue 9).

Runs each comparison on the same inputs in one process and prints a table: the median time of
each side, the ratio (peer time / callwright time: above 1 means callwright is faster) and the
accuracy of each side against exact or held-out truth.

    python benches/peers/compare.py                 # everything (several minutes)
    python benches/peers/compare.py --quick         # fewer repeats, seeds and customers
    python benches/peers/compare.py --only erlang_c,erlang_a,sim

Sections (names for --only): erlang_c, erlang_a, sim, skills, schedule, forecast.
Peers: pyworkforce (Erlang C, Erlang A, MinRequiredResources on CP-SAT), Ciw and SimPy
(simulation; the SimPy models are written here), statsforecast (SeasonalNaive, MSTL, AutoETS).
Exact truth comes from mpmath (Erlang C and Erlang A to many digits, independent of both
sides). The table goes to stdout, progress to stderr.
"""

from __future__ import annotations

import argparse
import collections
import json
import math
import os
import platform
import random
import statistics
import sys
import time
import warnings
from pathlib import Path

import mpmath
import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("CALLWRIGHT_SHARED_DATA", REPO.parent / "shared" / "data"))
SECTIONS = ["erlang_c", "erlang_a", "sim", "skills", "schedule", "forecast"]

ROWS: list[dict] = []


def log(message: str) -> None:
    print(f"  .. {message}", file=sys.stderr, flush=True)


def row(section, case, cw_s=None, peer=None, peer_s=None, cw_acc="", peer_acc="", note=""):
    """One line of the table: times in seconds (None: not run), accuracy as text."""
    ratio = ""
    if cw_s and peer_s:
        ratio = f"{peer_s / cw_s:,.0f}x" if peer_s / cw_s >= 100 else f"{peer_s / cw_s:.2g}x"
    ROWS.append(
        {
            "section": section,
            "case": case,
            "callwright": fmt_s(cw_s),
            "peer": peer or "",
            "peer time": fmt_s(peer_s),
            "ratio": ratio,
            "callwright accuracy": cw_acc,
            "peer accuracy": peer_acc,
            "note": note,
        }
    )
    log(f"{section} | {case}: callwright {fmt_s(cw_s)} | {peer} {fmt_s(peer_s)} | {cw_acc} | {peer_acc} {note}")


def fmt_s(seconds):
    if seconds is None:
        return ""
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} us"
    if seconds < 1:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds:.2f} s"


def median_time(call, repeats):
    """Median wall time of `repeats` calls and the last result."""
    times, result = [], None
    for _ in range(max(1, repeats)):
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


# --------------------------------------------------------------------------------------------
# Exact truth (mpmath), independent of callwright and of the peers.


def exact_erlang_c_sl(n, a, aht_s, t_s):
    """Erlang C service level with n agents at load a, to 40 digits."""
    with mpmath.workdps(40):
        a = mpmath.mpf(a)
        inv_b = mpmath.mpf(1)
        for k in range(1, n + 1):
            inv_b = 1 + inv_b * k / a
        b = 1 / inv_b
        c = n * b / (n - a * (1 - b))
        return c, 1 - c * mpmath.exp(-(n - a) * mpmath.mpf(t_s) / aht_s)


def exact_min_erlang_c(a, aht_s, t_s, target):
    """The smallest n with Erlang C service level >= target (0 for no load)."""
    if a == 0:
        return 0
    n = int(math.floor(a)) + 1
    while exact_erlang_c_sl(n, a, aht_s, t_s)[1] < target:
        n += 1
    return n


def exact_erlang_a_sl(c, a, aht_s, patience_s, t_s):
    """Erlang A (M/M/c+M) fraction of offered contacts answered within t_s, exactly.

    A contact arriving with j others ahead in the queue reaches an agent after
    V_j = sum of Exp(c·mu + k·theta), k = 0..j, and is answered if V_j comes before its own
    Exp(theta) patience. With arithmetic rates the partial fractions close:
    P(answered by t | j) = R_j/(theta^j j!) · sum_k (-1)^k C(j,k) (1 - e^{-(r_k+theta) t}) /
    (r_k + theta), R_j = prod r_k, summed against the stationary birth-death distribution.
    The alternating sum cancels ~2^j·R_j/(theta^j j!), so the working precision grows with j.
    """
    mu, theta, t = mpmath.mpf(1) / aht_s, mpmath.mpf(1) / patience_s, mpmath.mpf(t_s)
    lam = mpmath.mpf(a) * mu
    with mpmath.workdps(40):
        probs = [mpmath.mpf(1)]
        for n in range(1, c + 1):
            probs.append(probs[-1] * lam / (n * mu))
        total_below = mpmath.fsum(probs[:-1])
        tail = [probs[-1]]
        while True:
            j = len(tail)
            tail.append(tail[-1] * lam / (c * mu + j * theta))
            if tail[-1] < mpmath.mpf(10) ** -30 * (total_below + mpmath.fsum(tail)):
                break
        norm = total_below + mpmath.fsum(tail)
    answered = total_below
    cmu = c * mu
    x = float(cmu / theta)
    for j, pj in enumerate(tail):
        # log10 of the prefactor R_j / (theta^j j!) = x (x+1)...(x+j) / j!
        log_pre = (math.lgamma(x + j + 1) - math.lgamma(x) - math.lgamma(j + 1)) / math.log(10)
        with mpmath.workdps(int(log_pre + j * 0.302) + 40):
            pre = mpmath.mpf(1)
            for k in range(j + 1):
                pre *= cmu + k * theta
            pre /= theta**j * mpmath.factorial(j)
            e0, q = mpmath.exp(-(cmu + theta) * t), mpmath.exp(-theta * t)
            s, binom, decay = mpmath.mpf(0), mpmath.mpf(1), mpmath.mpf(1)
            for k in range(j + 1):
                term = binom * (1 - e0 * decay) / (cmu + (k + 1) * theta)
                s += term if k % 2 == 0 else -term
                binom = binom * (j - k) / (k + 1)
                decay *= q
            answered += pj * pre * s
    return answered / norm


def exact_min_erlang_a(a, aht_s, patience_s, t_s, target, start):
    """The smallest c with Erlang A service level >= target, searching from `start`."""
    c = max(1, start)
    if exact_erlang_a_sl(c, a, aht_s, patience_s, t_s) >= target:
        while c > 1 and exact_erlang_a_sl(c - 1, a, aht_s, patience_s, t_s) >= target:
            c -= 1
        return c
    while exact_erlang_a_sl(c, a, aht_s, patience_s, t_s) < target:
        c += 1
    return c


# --------------------------------------------------------------------------------------------
# 1. Erlang C required agents over an intraday curve.


def intraday_volumes(intervals, seed=2026):
    """Calls per 30 minutes: a two-peak weekday curve from 0 (night) to 850, day by day noise."""
    slots = np.arange(48)
    hours = slots / 2
    morning = np.exp(-0.5 * ((hours - 10.5) / 2.0) ** 2)
    afternoon = 0.85 * np.exp(-0.5 * ((hours - 15.0) / 2.5) ** 2)
    shape = np.where((hours >= 7) & (hours < 22), np.maximum(morning, afternoon), 0.0)
    shape = shape / shape.max()
    rng = np.random.default_rng(seed)
    days = -(-intervals // 48)
    level = rng.uniform(0.8, 1.0, size=(days, 1))
    noise = rng.normal(1.0, 0.05, size=(days, 48))
    volumes = np.clip(np.rint(850 * level * shape * noise), 0, 850).ravel()[:intervals]
    volumes[np.argmax(volumes)] = 850
    return volumes


def bench_erlang_c(quick):
    from callwright import erlang
    from pyworkforce.queuing import ErlangC

    aht_s, t_s, target = 300.0, 20.0, 0.8
    for intervals in (1_000, 10_000):
        volumes = intraday_volumes(intervals)
        loads = volumes * aht_s / 1800.0
        log(f"Erlang C, {intervals} intervals: exact minimum with mpmath")
        exact_by_volume = {v: exact_min_erlang_c(v * aht_s / 1800.0, aht_s, t_s, target) for v in np.unique(volumes)}
        exact = np.array([exact_by_volume[v] for v in volumes])

        def cw():
            return erlang.required_agents(loads, aht_s, service_level=target, answer_within_s=t_s)

        def pw():
            out = np.zeros(len(volumes), dtype=np.int64)
            for i, v in enumerate(volumes):
                if v > 0:  # pyworkforce rejects zero transactions; no calls need no agents
                    model = ErlangC(transactions=float(v), aht=aht_s / 60, asa=t_s / 60, interval=30)
                    out[i] = model.required_positions(service_level=target)["raw_positions"]
            return out

        reps = 3 if quick else (15 if intervals == 1_000 else 7)
        cw_s, cw_n = median_time(cw, reps)
        pw_s, pw_n = median_time(pw, 1 if quick or intervals == 10_000 else 3)
        row(
            "1 Erlang C",
            f"{intervals:,} intervals, 0-850 calls/30 min, AHT 300 s, 80/20",
            cw_s,
            "pyworkforce ErlangC",
            pw_s,
            accuracy_vs_exact(cw_n, exact),
            accuracy_vs_exact(pw_n, exact),
        )


def accuracy_vs_exact(answer, exact):
    diff = np.asarray(answer) - exact
    wrong = int(np.count_nonzero(diff))
    if wrong == 0:
        return f"exact on {len(exact):,}/{len(exact):,}"
    return f"{wrong} off exact (max {int(np.abs(diff).max())}, over {int((diff > 0).sum())}, under {int((diff < 0).sum())})"


# --------------------------------------------------------------------------------------------
# 2. Erlang A staffing.


def bench_erlang_a(quick):
    from callwright import erlang
    from pyworkforce.queuing import ErlangA

    aht_s, patience_s, t_s, target = 300.0, 300.0, 20.0, 0.8
    for a in (10.0, 167.0, 1667.0):

        def cw():
            return erlang.required_agents(a, aht_s, service_level=target, answer_within_s=t_s, patience_s=patience_s)

        def pw():
            model = ErlangA(transactions=a * 30 / (aht_s / 60), aht=aht_s / 60, asa=t_s / 60, interval=30, patience=patience_s / 60)
            return model.required_positions(service_level=target)["raw_positions"]

        cw_s, cw_n = median_time(cw, 5 if quick else 21)
        log(f"Erlang A a={a:g}: pyworkforce")
        pw_s, pw_n = median_time(pw, 1 if (quick or a > 1000) else 3)
        log(f"Erlang A a={a:g}: exact minimum with mpmath")
        exact = exact_min_erlang_a(a, aht_s, patience_s, t_s, target, start=min(cw_n, pw_n))
        sl_exact = exact_erlang_a_sl(exact, a, aht_s, patience_s, t_s)
        row(
            "2 Erlang A",
            f"a = {a:g} Erl, AHT 300 s, patience 300 s, 80/20 of offered",
            cw_s,
            "pyworkforce ErlangA",
            pw_s,
            f"{cw_n} agents (exact {exact})",
            f"{pw_n} agents (exact {exact})",
            f"exact SL at {exact}: {float(sl_exact):.6f}",
        )


# --------------------------------------------------------------------------------------------
# 3. M/M/50 at rho = 0.9.

MM50_RATE, MM50_MEAN_S, MM50_AGENTS = 0.45, 100.0, 50


def mm50_scenario(customers):
    return {
        "name": "mm50",
        "sl_threshold_s": 20,
        "horizon": {"period_s": customers / MM50_RATE, "periods": 1},
        "routing": {"profiles": [{"id": "all", "queues": [{"queue": "calls"}]}], "queues": [{"id": "calls"}]},
        "contact_types": [
            {
                "id": "calls",
                "arrivals": {"process": "poisson", "rates_per_s": MM50_RATE},
                "service": {"dist": "exponential", "mean_s": MM50_MEAN_S},
            }
        ],
        "agent_groups": [{"id": "agents", "profile": "all", "headcount": MM50_AGENTS}],
    }


def simpy_mm50(seed, customers):
    """M/M/50 in SimPy: a source process and one process per customer on a Resource."""
    import simpy

    rng = random.Random(seed)
    env = simpy.Environment()
    agents = simpy.Resource(env, capacity=MM50_AGENTS)
    waits = []

    def customer(arrival):
        with agents.request() as request:
            yield request
            waits.append(env.now - arrival)
            yield env.timeout(rng.expovariate(1 / MM50_MEAN_S))

    def source():
        for _ in range(customers):
            env.process(customer(env.now))
            yield env.timeout(rng.expovariate(MM50_RATE))

    env.process(source())
    env.run()
    return len(waits), float(np.mean(waits))


def ciw_mm50(seed, customers):
    """M/M/50 in Ciw, run until `customers` have left."""
    import ciw

    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(rate=MM50_RATE)],
        service_distributions=[ciw.dists.Exponential(rate=1 / MM50_MEAN_S)],
        number_of_servers=[MM50_AGENTS],
    )
    ciw.seed(seed)
    simulation = ciw.Simulation(network)
    simulation.simulate_until_max_customers(customers, method="Finish")
    records = simulation.get_all_records()
    return len(records), float(np.mean([r.waiting_time for r in records]))


def mean_ci(values):
    values = np.asarray(values, dtype=float)
    half = 1.96 * values.std(ddof=1) / math.sqrt(len(values)) if len(values) > 1 else float("nan")
    return float(values.mean()), half


def bench_sim(quick):
    from callwright import sim

    customers = 20_000 if quick else 100_000
    seeds = 2 if quick else 10
    with mpmath.workdps(30):
        c, _ = exact_erlang_c_sl(MM50_AGENTS, MM50_RATE * MM50_MEAN_S, MM50_MEAN_S, 0)
        exact_wait = float(c * MM50_MEAN_S / (MM50_AGENTS - MM50_RATE * MM50_MEAN_S))
    scenario = mm50_scenario(customers)

    def cw_run(threads):
        start = time.perf_counter()
        results = sim.run(scenario, replications=seeds, seed=1, threads=threads)
        seconds = time.perf_counter() - start
        return seconds, results.raw["contacts_simulated"], results

    log(f"M/M/50: callwright, {seeds} replications of {customers:,} customers")
    cw_runs = [cw_run(1) for _ in range(1 if quick else 3)]
    cw_s = statistics.median(r[0] for r in cw_runs)
    _, cw_count, results = cw_runs[-1]
    overall = results.summary.loc["all"]
    cw_wait, cw_low, cw_high = overall["asa_s"], overall["asa_s_ci_low"], overall["asa_s_ci_high"]
    cw2_s, cw2_count, _ = cw_run(None)

    def peer(name, model):
        log(f"M/M/50: {name}, {seeds} seeds of {customers:,} customers")
        start = time.perf_counter()
        runs = [model(seed, customers) for seed in range(1, seeds + 1)]
        seconds = time.perf_counter() - start
        count = sum(r[0] for r in runs)
        wait, half = mean_ci([r[1] for r in runs])
        return seconds, count, wait, half

    case = f"M/M/50, rho 0.9, {customers:,} customers x {seeds} seeds"
    cw_acc = f"{count_rate(cw_count, cw_s)}; mean wait {cw_wait:.3f} s [{cw_low:.3f}, {cw_high:.3f}] vs exact {exact_wait:.3f}"
    for name, model in (("SimPy", simpy_mm50), ("Ciw", ciw_mm50)):
        seconds, count, wait, half = peer(name, model)
        row(
            "3 M/M/50",
            case + " (callwright 1 thread)",
            cw_s,
            name,
            seconds,
            cw_acc,
            f"{count_rate(count, seconds)}; mean wait {wait:.3f} s +- {half:.3f} vs exact {exact_wait:.3f}",
        )
    row("3 M/M/50", case + " (callwright, all cores)", cw2_s, "", None, count_rate(cw2_count, cw2_s), "", "2 threads")


def count_rate(count, seconds):
    return f"{count / seconds:,.0f} customers/s"


# --------------------------------------------------------------------------------------------
# 4. Two skills with abandonment.

SKILL_RATES = {"A": 24 / 60, "B": 16 / 60}
SKILL_GROUPS = [("a_only", ("A",), 20), ("b_only", ("B",), 14), ("flex", ("A", "B"), 10)]
SERVICE_MEAN_S, PATIENCE_MEAN_S, SL_THRESHOLD_S = 60.0, 120.0, 20.0


def skills_scenario(horizon_s):
    return {
        "name": "two_skills",
        "sl_threshold_s": SL_THRESHOLD_S,
        "horizon": {"period_s": horizon_s, "periods": 1},
        "routing": {
            "skills": ["a", "b"],
            "profiles": [
                {"id": "a_only", "queues": [{"queue": "A"}]},
                {"id": "b_only", "queues": [{"queue": "B"}]},
                {"id": "flex", "queues": [{"queue": "A"}, {"queue": "B"}]},
            ],
            "queues": [
                {"id": "A", "wait_weight": 1.0, "strategy": "longest_idle"},
                {"id": "B", "wait_weight": 1.0, "strategy": "longest_idle"},
            ],
        },
        "contact_types": [
            {
                "id": t,
                "arrivals": {"process": "poisson", "rates_per_s": rate},
                "service": {"dist": "exponential", "mean_s": SERVICE_MEAN_S},
                "patience": {"dist": "exponential", "mean_s": PATIENCE_MEAN_S},
            }
            for t, rate in SKILL_RATES.items()
        ],
        "agent_groups": [
            {"id": g, "profile": g, "skills": {s.lower(): 50 for s in types}, "headcount": n}
            for g, types, n in SKILL_GROUPS
        ],
    }


def simpy_skills(seed, horizon_s):
    """The same two-skill centre in SimPy: an arriving contact goes to the longest-idle
    eligible agent, else queues (and abandons after its patience); a freed agent takes the
    longest-waiting contact of the queues it serves. Returns per type: offered, answered,
    abandoned, sum of waits of answered, answered within the threshold."""
    import simpy

    rng = random.Random(seed)
    env = simpy.Environment()
    agents = [{"types": types, "idle_since": 0.0} for _, types, n in SKILL_GROUPS for _ in range(n)]
    queues = {t: collections.deque() for t in SKILL_RATES}
    stats = {t: [0, 0, 0, 0.0, 0] for t in SKILL_RATES}

    def start(agent, contact):
        agent["idle_since"] = None
        contact["served"] = True
        wait = env.now - contact["arrival"]
        s = stats[contact["type"]]
        s[1] += 1
        s[3] += wait
        if wait <= SL_THRESHOLD_S:
            s[4] += 1
        env.timeout(rng.expovariate(1 / SERVICE_MEAN_S)).callbacks.append(lambda _event: finish(agent))

    def finish(agent):
        best = None
        for t in agent["types"]:
            queue = queues[t]
            while queue and queue[0]["abandoned"]:
                queue.popleft()
            if queue and (best is None or queue[0]["arrival"] < queues[best][0]["arrival"]):
                best = t
        if best is None:
            agent["idle_since"] = env.now
        else:
            start(agent, queues[best].popleft())

    def abandon(contact):
        if not contact["served"]:
            contact["abandoned"] = True
            stats[contact["type"]][2] += 1

    def arrivals(t, rate):
        while True:
            yield env.timeout(rng.expovariate(rate))
            contact = {"type": t, "arrival": env.now, "served": False, "abandoned": False}
            stats[t][0] += 1
            idle = [a for a in agents if a["idle_since"] is not None and t in a["types"]]
            if idle:
                start(min(idle, key=lambda a: a["idle_since"]), contact)
            else:
                queues[t].append(contact)
                env.timeout(rng.expovariate(1 / PATIENCE_MEAN_S)).callbacks.append(lambda _event, c=contact: abandon(c))

    for t, rate in SKILL_RATES.items():
        env.process(arrivals(t, rate))
    env.run(until=horizon_s)
    return stats


def bench_skills(quick):
    from callwright import sim

    horizon_s = 30_000.0 if quick else 150_000.0
    seeds = 2 if quick else 10
    log(f"two skills: callwright, {seeds} replications of {horizon_s:,.0f} s")
    start = time.perf_counter()
    results = sim.run(skills_scenario(horizon_s), replications=seeds, seed=3, threads=1)
    cw_s = time.perf_counter() - start
    cw_count = results.raw["contacts_simulated"]
    log(f"two skills: SimPy, {seeds} seeds")
    start = time.perf_counter()
    runs = [simpy_skills(seed, horizon_s) for seed in range(1, seeds + 1)]
    sp_s = time.perf_counter() - start
    sp_count = sum(s[0] for r in runs for s in r.values())
    row(
        "4 two skills",
        f"20 A + 14 B + 10 flex, abandonment, {horizon_s:,.0f} s x {seeds} seeds (callwright 1 thread)",
        cw_s,
        "SimPy (model here)",
        sp_s,
        count_rate(cw_count, cw_s),
        count_rate(sp_count, sp_s),
    )
    for t in SKILL_RATES:
        summary = results.summary.loc[t]
        per_seed = [r[t] for r in runs]
        abandon = mean_ci([s[2] / s[0] for s in per_seed])
        asa = mean_ci([s[3] / s[1] for s in per_seed])
        sl = mean_ci([s[4] / s[0] for s in per_seed])

        def cw_text(column):
            return f"{summary[column]:.4f} [{summary[column + '_ci_low']:.4f}, {summary[column + '_ci_high']:.4f}]"

        for label, column, peer_value in (
            ("abandon rate", "abandon_rate", abandon),
            ("ASA (answered) s", "asa_s", asa),
            ("SL 20 s of offered", "sl_offered", sl),
        ):
            low, high = summary[column + "_ci_low"], summary[column + "_ci_high"]
            overlap = (peer_value[0] - peer_value[1] <= high) and (low <= peer_value[0] + peer_value[1])
            row(
                "4 two skills",
                f"type {t}: {label}",
                None,
                "SimPy",
                None,
                cw_text(column),
                f"{peer_value[0]:.4f} +- {peer_value[1]:.4f}",
                "95% CIs overlap" if overlap else "DISAGREE (CIs apart)",
            )


# --------------------------------------------------------------------------------------------
# 5. Shift scheduling.


def schedule_requirement(days, per_day, seed=7):
    """Agents required per interval: Erlang C staffing of the intraday curve at this grid."""
    from callwright import erlang

    interval_s = 86_400 / per_day
    volumes_30 = intraday_volumes(days * 48, seed=seed)
    volumes = np.repeat(volumes_30, per_day // 48) * (interval_s / 1800)
    loads = volumes * 300.0 / interval_s
    return erlang.required_agents(loads, 300.0, service_level=0.8, answer_within_s=20.0).reshape(days, per_day)


SHIFT_LENGTHS_H = (4, 6, 8)


def bench_schedule(quick):
    try:
        from callwright import schedule
    except ImportError:
        row("5 scheduling", "7 x 48 and 28 x 96", None, "pyworkforce MinRequiredResources", None, "", "",
            "not available: callwright.schedule is not bound yet")
        return
    from pyworkforce.scheduling import MinRequiredResources

    limit_s = 60.0 if quick else 120.0
    for days, per_day in ((7, 48), (28, 96)):
        interval_s = 86_400 // per_day
        required = schedule_requirement(days, per_day)
        # ~100 templates: 4, 6 and 8 hour shifts starting every 30 minutes, inside the day.
        coverage, costs = {}, {}
        for hours in SHIFT_LENGTHS_H:
            length = hours * 3600 // interval_s
            for start in range(0, per_day - length + 1, 1800 // interval_s):
                name = f"{hours}h_{start}"
                coverage[name] = [1 if start <= p < start + length else 0 for p in range(per_day)]
                costs[name] = hours
        templates = [
            {"name": f"{h}h", "earliest_start_s": 0.0, "latest_start_s": 86_400.0 - h * 3600, "start_step_s": 1800.0,
             "lengths_s": [h * 3600.0], "cost_per_hour": 1.0}
            for h in SHIFT_LENGTHS_H
        ]
        solver = {"time_limit": {"secs": int(limit_s), "nanos": 0}}

        def cw():
            return schedule.solve(required.ravel().astype(float), templates, interval_s=float(interval_s), solver=solver)

        def pw():
            model = MinRequiredResources(
                num_days=days,
                periods=per_day,
                shifts_coverage=coverage,
                required_resources=required.tolist(),
                max_period_concurrency=int(required.max()) * 3,
                max_shift_concurrency=int(required.max()) * 3,
                cost_dict=costs,
                max_search_time=limit_s,
                num_search_workers=2,
            )
            return model.solve()

        log(f"schedule {days} x {per_day}: callwright")
        cw_s, cw_result = median_time(cw, 1 if quick else 3)
        log(f"schedule {days} x {per_day}: pyworkforce (CP-SAT, limit {limit_s:g} s)")
        pw_s, pw_result = median_time(pw, 1)
        row(
            "5 scheduling",
            f"{days} days x {per_day} intervals, {len(coverage)} shift options/day, paid hours",
            cw_s,
            "pyworkforce MinRequiredResources",
            pw_s,
            f"{cw_result.status}, {cw_result.objective:g} h, gap {cw_result.gap:.2g}, unmet {cw_result.unmet:g}",
            f"{pw_result['status']}, {pw_result['cost']:g} h",
            f"time limit {limit_s:g} s each",
        )


# --------------------------------------------------------------------------------------------
# 6. Forecasting on the shared real series.


def load_bank_30min():
    raw = pd.read_csv(DATA / "us_bank_calls" / "bank_calls.csv")
    # Local clock times written with a Z: drop it. The lone 21:00-21:05 interval is left out.
    stamps = pd.to_datetime(raw["DateTime"].str.rstrip("Z"))
    series = pd.Series(raw["Calls"].to_numpy(dtype=float), index=stamps)
    series = series[series.index.hour < 21]
    return series.groupby(series.index.floor("30min")).sum(), pd.Timedelta(minutes=30), 28, 5


def load_nyc_hourly():
    raw = pd.read_csv(DATA / "nyc_ems_hourly" / "hourlycalls_through2019.csv")
    stamps = pd.to_datetime(raw[["year", "month", "day", "hour"]])
    return pd.Series(raw["num_calls"].to_numpy(dtype=float), index=stamps).sort_index(), pd.Timedelta(hours=1), 24, 7


def scores(actual, predicted, train):
    """WAPE and MASE; MASE scaled by the in-sample weekly seasonal naive (same slot, 7 days
    earlier, matched by date rather than position)."""
    actual, predicted = np.asarray(actual, float), np.asarray(predicted, float)
    wape = np.abs(actual - predicted).sum() / actual.sum()
    lagged = train.copy()
    lagged.index = lagged.index + pd.Timedelta(days=7)
    both = pd.concat([train.rename("y"), lagged.rename("lag")], axis=1, join="inner")
    scale = (both["y"] - both["lag"]).abs().mean()
    return wape, np.abs(actual - predicted).mean() / scale


def regular_grid(train, step, per_day, week_days):
    """The series on a regular grid for position-indexed models: missing weekdays (bank
    holidays) or hours (DST) filled with the same slot a week earlier, so that the weekly
    season stays aligned. Returns the values and the grid index."""
    days = pd.date_range(train.index.min().normalize(), train.index.max().normalize(), freq="D")
    if week_days == 5:
        days = days[days.weekday < 5]
    index = pd.DatetimeIndex([d + k * step for d in days for k in range(per_day)])
    index = index + (train.index.min() - train.index.min().normalize())
    values = train.reindex(index)
    period = per_day * week_days
    array = values.to_numpy().copy()
    for i in np.flatnonzero(np.isnan(array)):
        array[i] = array[i - period] if i >= period else np.nanmean(array[:period])
    return array, index


def bench_forecast(quick):
    from callwright import forecast as cwf
    from statsforecast import StatsForecast
    from statsforecast.models import MSTL, AutoETS, SeasonalNaive

    for name, loader in (("US bank, 30 min", load_bank_30min), ("NYC EMS city, 1 h", load_nyc_hourly)):
        series, step, per_day, week_days = loader()
        last_day = series.index.max().normalize()
        cut = last_day - pd.Timedelta(days=27)
        train, test = series[series.index < cut], series[series.index >= cut]
        test_days = sorted(set(test.index.normalize()))
        # The same training window for both sides: the NYC series is cut to its last 2 years
        # (17,500 hours) so that AutoETS and MSTL fit in reasonable time.
        if week_days == 7:
            train = train[train.index >= cut - pd.Timedelta(days=730)]
        case = f"{name}, {len(train):,} train / {len(test):,} held out"
        values, _ = regular_grid(train, step, per_day, week_days)
        df = pd.DataFrame({"unique_id": "s", "ds": np.arange(len(values)), "y": values})
        # Forecast up to the last held-out interval; days absent from the data are not scored.
        future = regular_grid(pd.concat([train, test]), step, per_day, week_days)[1][len(values):]
        horizon = len(future)
        # Each peer next to the callwright model of the same kind.
        pairs = [
            ("seasonal_naive", "SeasonalNaive (week)", SeasonalNaive(season_length=per_day * week_days)),
            ("day_profile", "MSTL (day, week; AutoETS trend)",
             MSTL(season_length=[per_day, per_day * week_days], trend_forecaster=AutoETS(model="ZZN"))),
            ("holt_winters", "AutoETS (day season)", AutoETS(season_length=per_day)),
        ]
        for cw_model, label, model in pairs:

            def cw():
                return cwf.forecast(train, dates=test_days, model=cw_model, quantiles=[0.5])

            def sf():
                engine = StatsForecast(models=[model], freq=1, n_jobs=1)
                return engine.forecast(df=df, h=horizon)

            log(f"forecast {name}: callwright {cw_model}")
            cw_s, fc = median_time(cw, 1 if quick else 5)
            cw_wape, cw_mase = scores(test.to_numpy(), fc["mean"].reindex(test.index).to_numpy(), train)
            cw_acc = f"{cw_model}: WAPE {cw_wape:.3f}, MASE {cw_mase:.3f}"
            if quick and label.startswith("AutoETS") and week_days == 7:
                row("6 forecast", case, cw_s, f"statsforecast {label}", None, cw_acc, "skipped in --quick")
                continue
            log(f"forecast {name}: statsforecast {label}")
            sf()  # numba compiles on first use: keep that out of the timing
            sf_s, out = median_time(sf, 1 if quick else 3)
            column = [c for c in out.columns if c not in ("unique_id", "ds")][0]
            predicted = pd.Series(out[column].to_numpy(), index=future).reindex(test.index).to_numpy()
            wape, mase = scores(test.to_numpy(), predicted, train)
            row("6 forecast", case, cw_s, f"statsforecast {label}", sf_s, cw_acc, f"WAPE {wape:.3f}, MASE {mase:.3f}")


# --------------------------------------------------------------------------------------------


def machine():
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg() if hasattr(os, "getloadavg") else ("?",) * 3
    return f"{os.cpu_count()} cores, {model}, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"


def versions():
    from importlib import metadata

    names = ["callwright", "pyworkforce", "ciw", "simpy", "statsforecast", "numpy", "pandas", "mpmath"]
    found = []
    for n in names:
        try:
            found.append(f"{n} {metadata.version(n)}")
        except metadata.PackageNotFoundError:
            found.append(f"{n} (not installed)")
    return f"Python {platform.python_version()}; " + ", ".join(found)


def print_table(started, finished):
    columns = ["section", "case", "callwright", "peer", "peer time", "ratio", "callwright accuracy", "peer accuracy", "note"]
    print(f"machine at start: {started}")
    print(f"machine at end:   {finished}")
    print(versions())
    print("ratio = peer time / callwright time (above 1: callwright faster); times are medians\n")
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    for r in ROWS:
        print("| " + " | ".join(str(r[c]).replace("|", "/") for c in columns) + " |")


def main(argv=None):
    # pandas 2.3 on numpy 2.5 warns about generic timedelta units inside pandas itself.
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="comma-separated sections: " + ",".join(SECTIONS))
    parser.add_argument("--quick", action="store_true", help="fewer repeats, seeds and customers")
    parser.add_argument("--json", metavar="PATH", help="also write the rows as JSON")
    args = parser.parse_args(argv)
    chosen = SECTIONS if not args.only else [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = [s for s in chosen if s not in SECTIONS]
    if unknown:
        parser.error(f"unknown section(s) {', '.join(unknown)}; expected some of {', '.join(SECTIONS)}")
    started = machine()
    for section in chosen:
        log(f"section {section}")
        globals()[f"bench_{section}"](args.quick)
    print_table(started, machine())
    if args.json:
        Path(args.json).write_text(json.dumps({"machine": started, "versions": versions(), "rows": ROWS}, indent=1))


if __name__ == "__main__":
    main()
