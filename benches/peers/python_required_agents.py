"""Speed check (not a test): callwright.erlang.required_agents over 10,000 intervals.

Prints the best of several runs for Erlang C and Erlang A at 80/20, to set beside the Rust
figure for the same work (`required_agents_per_interval` on 10,000 intervals, e.g. from
`cargo bench -p callwright-erlang`). Issue 7 asks for the Python call to stay within 2x of it.

Run after building the package into the venv:

    python benches/peers/python_required_agents.py
"""

import time

import numpy as np

from callwright import erlang

INTERVALS = 10_000
REPEATS = 7


def best_of(call):
    best = float("inf")
    for _ in range(REPEATS):
        start = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - start)
    return best


def main():
    loads = np.random.default_rng(12345).uniform(0.1, 200.0, INTERVALS)
    for label, options in [("Erlang C", {}), ("Erlang A (patience 120 s)", {"patience_s": 120.0})]:
        seconds = best_of(lambda: erlang.required_agents(loads, 300.0, service_level=0.8, answer_within_s=20, **options))
        print(f"{label:28s} {INTERVALS} intervals: {seconds * 1e3:8.2f} ms ({seconds / INTERVALS * 1e6:.2f} us/interval)")


if __name__ == "__main__":
    main()
