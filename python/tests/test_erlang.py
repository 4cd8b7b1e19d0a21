"""callwright.erlang: values against independent truth (mpmath), broadcasting, bad inputs."""

import math
import pickle
import re
import threading
import time

import numpy as np
import pytest
import reference as ref
from reference import TOL

from callwright import erlang
from callwright.erlang import ErlangAResult
from callwright.exceptions import (
    CallwrightError,
    InfeasibleError,
    InvalidInputError,
    UnstableError,
)

# ---------------------------------------------------------------------------------------------
# The published example: 100 calls per 30 min, AHT 180 s (10 Erlangs), 80/20.


def test_published_example():
    assert erlang.required_agents(10.0, 180, service_level=0.8, answer_within_s=20) == 14
    assert erlang.required_agents(100 * 180 / 1800, 180.0) == 14  # 80/20 is the default
    assert erlang.service_level(14, 10.0, 180, 20) == pytest.approx(0.888, abs=5e-4)
    assert erlang.erlang_c(14, 10.0) == pytest.approx(0.174, abs=5e-4)
    assert erlang.asa(14, 10.0, 180) == pytest.approx(7.84, abs=5e-3)
    assert erlang.occupancy(14, 10.0) == pytest.approx(10 / 14, rel=1e-15)
    assert erlang.service_level(13, 10.0, 180, 20) < 0.8
    assert erlang.required_agents(10.0, 180, shrinkage=0.3) == 20


def test_scalar_results_are_python_numbers():
    assert type(erlang.erlang_b(5, 3.0)) is float
    assert type(erlang.erlang_c(np.int64(5), np.float32(3.0))) is float
    assert type(erlang.erlang_c(np.array(5), np.array(3.0))) is float
    assert type(erlang.required_agents(10.0, 180)) is int
    assert type(erlang.max_offered_load(14, 180)) is float


# ---------------------------------------------------------------------------------------------
# Against mpmath.

B_CASES = [(n, a) for n in (0, 1, 2, 5, 14, 50, 120) for a in (0.01, 0.5, 3.0, 10.0, 47.5, 100.0)]


@pytest.mark.parametrize(("n", "a"), B_CASES)
def test_erlang_b_matches_mpmath(n, a):
    assert erlang.erlang_b(n, a) == pytest.approx(ref.erlang_b(n, a), rel=TOL["erlang_b"], abs=1e-300)


@pytest.mark.parametrize(("x", "a"), [(0.5, 1.0), (2.25, 3.0), (10.5, 8.0), (30.7, 25.0), (0.1, 0.2)])
def test_erlang_b_fractional_matches_incomplete_gamma(x, a):
    assert erlang.erlang_b(x, a) == pytest.approx(ref.erlang_b_fractional(x, a), rel=TOL["erlang_b_fractional"])


def test_erlang_b_vectorised_equals_mpmath():
    ns = np.array([n for n, _ in B_CASES])
    loads = np.array([a for _, a in B_CASES])
    got = erlang.erlang_b(ns, loads)
    want = [ref.erlang_b(n, a) for n, a in B_CASES]
    np.testing.assert_allclose(got, want, rtol=TOL["erlang_b"], atol=1e-300)


C_CASES = [(n, a) for a in (0.2, 2.5, 9.9, 10.0, 47.5, 99.0) for n in (math.floor(a) + 1, math.floor(a) + 3, 2 * math.ceil(a) + 5)]


@pytest.mark.parametrize(("n", "a"), C_CASES)
def test_erlang_c_and_measures_match_mpmath(n, a):
    assert erlang.erlang_c(n, a) == pytest.approx(ref.erlang_c(n, a), rel=TOL["erlang_c"])
    for aht, t in [(180.0, 20.0), (300.0, 0.0), (45.0, 120.0)]:
        assert erlang.service_level(n, a, aht, t) == pytest.approx(ref.service_level(n, a, aht, t), rel=TOL["measures"])
        assert erlang.asa(n, a, aht) == pytest.approx(ref.asa(n, a, aht), rel=TOL["measures"])
    assert erlang.occupancy(n, a) == pytest.approx(a / n, rel=1e-15)


def test_erlang_c_fractional_agents_between_neighbours():
    low, mid, high = erlang.erlang_c([11, 11.5, 12], 10.0)
    assert high < mid < low


def test_wait_percentile_inverts_the_waiting_tail():
    n, a, aht = 14, 10.0, 180.0
    for p in (0.9, 0.95, 0.99):
        w = erlang.wait_percentile(n, a, aht, p)
        # P(W <= w) = 1 - C exp(-(n - a) w / AHT) = p
        assert ref.service_level(n, a, aht, w) == pytest.approx(p, rel=1e-12)
    assert erlang.wait_percentile(n, a, aht, 0.5) == 0.0  # more than half answered at once


ERLANG_A_CASES = [
    (14, 10.0, 180.0, 120.0),
    (8, 10.0, 180.0, 120.0),  # fewer agents than Erlangs: still a steady state
    (3, 2.0, 300.0, 30.0),
    (25, 24.0, 240.0, 600.0),
    (1, 0.5, 60.0, 60.0),
]


@pytest.mark.parametrize(("n", "a", "aht", "patience"), ERLANG_A_CASES)
def test_erlang_a_matches_the_birth_death_chain(n, a, aht, patience):
    got = erlang.erlang_a(n, a, aht, patience)
    want = ref.erlang_a_chain(n, a, aht, patience)
    for name, value in want.items():
        assert getattr(got, name) == pytest.approx(value, rel=TOL["erlang_a"]), name
    # mean wait of all contacts = P(abandon) * patience (Little + exponential patience)
    assert got.mean_wait_s == pytest.approx(want["prob_abandon"] * patience, rel=TOL["erlang_a"])


def test_erlang_a_tends_to_erlang_c_with_long_patience():
    got = erlang.erlang_a(14, 10.0, 180.0, 1e9, answer_within_s=20)
    assert got.prob_wait == pytest.approx(erlang.erlang_c(14, 10.0), rel=1e-5)
    assert got.asa_s == pytest.approx(erlang.asa(14, 10.0, 180.0), rel=1e-5)
    assert got.service_level == pytest.approx(erlang.service_level(14, 10.0, 180.0, 20), rel=1e-5)
    assert got.prob_abandon < 1e-6


def test_erlang_a_service_level_definitions():
    results = {d: erlang.erlang_a(12, 10.0, 180.0, 60.0, answer_within_s=20, sl_definition=d) for d in erlang.SL_DEFINITIONS}
    assert set(results) == {"of_offered", "of_offered_less_short_abandons", "of_answered"}
    r = results["of_offered"]
    assert r.service_level == pytest.approx(r.answered_within, rel=1e-14)
    assert results["of_answered"].service_level == pytest.approx(r.answered_within / (1 - r.prob_abandon), rel=1e-12)
    less = results["of_offered_less_short_abandons"].service_level
    assert less == pytest.approx(r.answered_within / (1 - r.abandoned_within), rel=1e-12)
    assert r.service_level <= less <= 1.0
    # limits: nothing answered "within 0" except those never waiting; all eventually resolved
    r0 = erlang.erlang_a(12, 10.0, 180.0, 60.0, answer_within_s=0)
    assert r0.answered_within == pytest.approx(1 - r0.prob_wait, abs=1e-13)
    assert r0.abandoned_within == 0.0
    r_inf = erlang.erlang_a(12, 10.0, 180.0, 60.0, answer_within_s=1e6)
    assert r_inf.answered_within == pytest.approx(1 - r_inf.prob_abandon, abs=1e-12)


def test_erlang_a_result_object():
    r = erlang.erlang_a(14, 10, 180, 120, answer_within_s=20)
    assert isinstance(r, ErlangAResult)
    text = repr(r)
    assert text.startswith("ErlangAResult(") and "prob_abandon=" in text and "service_level=" in text
    page = r._repr_html_()
    assert page.startswith("<table>") and "prob_wait" in page and "</table>" in page
    d = r.to_dict()
    assert d["agents"] == 14.0 and d["sl_definition"] == "of_offered"
    assert set(d) >= {"prob_wait", "prob_abandon", "asa_s", "occupancy", "service_level"}
    with pytest.raises(AttributeError):
        r.prob_wait = 0.5  # type: ignore[misc]
    no_sl = erlang.erlang_a(14, 10, 180, 120)
    assert no_sl.service_level is None and "service_level" not in no_sl.to_dict()
    arr = erlang.erlang_a(np.arange(5, 9), 10, 180, 120)
    assert arr.prob_wait.shape == (4,)
    assert "prob_wait=[" in repr(arr)
    assert pickle.loads(pickle.dumps(r)).prob_wait == r.prob_wait


# ---------------------------------------------------------------------------------------------
# Staffing against brute force.

STAFFING_CASES = [
    (0.5, 180.0, 0.8, 20.0, None, None),
    (10.0, 180.0, 0.8, 20.0, None, None),
    (10.0, 180.0, 0.9, 15.0, None, None),
    (47.3, 300.0, 0.8, 30.0, None, None),
    (150.0, 240.0, 0.95, 10.0, None, None),
    (10.0, 180.0, None, None, 15.0, None),
    (10.0, 180.0, None, None, None, 0.7),
    (33.3, 200.0, 0.8, 20.0, 10.0, 0.85),
    (2.0, 600.0, 0.5, 60.0, 120.0, 0.9),
]


@pytest.mark.parametrize(("a", "aht", "sl", "t", "max_asa", "max_occ"), STAFFING_CASES)
def test_required_agents_is_the_smallest_meeting_every_target(a, aht, sl, t, max_asa, max_occ):
    want = ref.required_agents_c(a, aht, sl, t, max_asa, max_occ)
    got = erlang.required_agents(a, aht, service_level=sl, answer_within_s=t, max_asa_s=max_asa, max_occupancy=max_occ)
    assert got == want


def test_required_agents_erlang_a_against_the_chain():
    a, aht, patience = 10.0, 180.0, 120.0
    n = erlang.required_agents(a, aht, patience_s=patience, max_abandon=0.02)
    assert ref.erlang_a_chain(n, a, aht, patience)["prob_abandon"] <= 0.02
    assert ref.erlang_a_chain(n - 1, a, aht, patience)["prob_abandon"] > 0.02
    # abandonment shortens the queue: Erlang A never needs more than Erlang C at 80/20
    assert erlang.required_agents(a, aht, patience_s=patience) <= erlang.required_agents(a, aht)


def test_required_agents_zero_load_needs_nobody():
    assert erlang.required_agents(0, 180) == 0
    np.testing.assert_array_equal(erlang.required_agents([0.0, 10.0], 180), [0, 14])


def test_required_agents_shrinkage():
    assert erlang.required_agents(10.0, 180, shrinkage=0.25) == 19  # ceil(14 / 0.75)
    assert erlang.required_agents(10.0, 180, shrinkage=0.0) == 14
    with pytest.raises(InvalidInputError, match="shrinkage"):
        erlang.required_agents(10.0, 180, shrinkage=1.0)
    with pytest.raises(InvalidInputError, match="shrinkage"):
        erlang.required_agents(10.0, 180, shrinkage=-0.1)


def test_required_agents_long_array_equals_scalar_calls():
    # 10,000 intervals take the parallel path; every element must equal its own scalar call.
    rng = np.random.default_rng(7)
    loads = rng.uniform(0.0, 300.0, 10_000)
    ahts = rng.choice([120, 180, 300, 600], 10_000)  # integer array: converted explicitly
    got = erlang.required_agents(loads, ahts, service_level=0.8, answer_within_s=20)
    assert got.dtype == np.int64 and got.shape == (10_000,)
    for i in rng.choice(10_000, 60, replace=False):
        assert got[i] == erlang.required_agents(float(loads[i]), int(ahts[i]))


def test_required_agents_edge_loads_match_single_calls():
    # tiny positive loads still need one agent, whether alone or inside an array
    assert erlang.required_agents(1e-310, 180) == 1
    np.testing.assert_array_equal(erlang.required_agents([1e-310, 10.0, 0.0], 180), [1, 14, 0])
    assert erlang.required_agents(5e-324, 1e-300) == 1


@pytest.mark.parametrize(
    ("loads", "ahts", "pattern"),
    [
        ([10, 10, float("nan")], [180, 0, 180], r"aht_s 0 s.*at index 1\)"),
        ([float("nan"), 10], [180, 0], r"offered load NaN.*at index 0\)"),
        ([10, 10, -1], [180, 180, 0], r"offered load -1.*at index 2\)"),
        ([10, float("inf")], 180, r"offered load inf.*at index 1\)"),
    ],
)
def test_required_agents_reports_the_first_bad_element(loads, ahts, pattern):
    with pytest.raises(InvalidInputError, match=pattern):
        erlang.required_agents(loads, ahts)


def test_required_agents_needs_a_positive_aht_even_without_load():
    with pytest.raises(InvalidInputError, match="aht_s"):
        erlang.required_agents(0, 0)


def test_max_offered_load_is_the_inverse_of_required_agents():
    for n, aht in [(14, 180.0), (5, 300.0), (120, 240.0)]:
        a = erlang.max_offered_load(n, aht, service_level=0.8, answer_within_s=20)
        assert 0 < a < n
        assert erlang.required_agents(a * (1 - 1e-9), aht) == n
        assert erlang.required_agents(a * (1 + 1e-9), aht) == n + 1
    v = erlang.max_volume(14, 180.0, 1800.0)
    assert v == pytest.approx(erlang.max_offered_load(14, 180.0) * 1800 / 180, rel=1e-14)
    assert 100 <= v < 140
    np.testing.assert_allclose(erlang.max_offered_load([14, 20], 180), [erlang.max_offered_load(14, 180), erlang.max_offered_load(20, 180)])
    # Erlang A with only a loose occupancy cap: any load is fine (short patience, so the load
    # search is not cut short by the crate's limit on offered_load * patience_s / aht_s)
    assert erlang.max_offered_load(10, 180, max_occupancy=1.0, patience_s=1.0) == math.inf


# ---------------------------------------------------------------------------------------------
# The staffing table.


def test_staffing_table_columns_and_values():
    import pandas as pd
    volumes = pd.Series(
        [0.0, 40.0, 100.0, 180.0],
        index=pd.date_range("2026-11-24 08:00", periods=4, freq="30min"),
    )
    df = erlang.staffing(volumes, 180, 1800, shrinkage=0.3)
    assert isinstance(df, pd.DataFrame)
    assert df.index.equals(volumes.index)
    assert list(df.columns) == [
        "volume", "aht_s", "offered_load", "required_agents", "scheduled_agents",
        "service_level", "asa_s", "prob_wait", "occupancy",
    ]
    np.testing.assert_allclose(df["offered_load"], [0, 4, 10, 18])
    expected = [erlang.required_agents(a, 180) for a in (0.0, 4.0, 10.0, 18.0)]
    assert df["required_agents"].tolist() == expected
    assert df["required_agents"].dtype == np.int64
    assert df["scheduled_agents"].tolist() == [math.ceil(n / 0.7 - 1e-9) for n in expected]
    row = df.iloc[2]
    assert row["service_level"] == pytest.approx(ref.service_level(14, 10.0, 180, 20), rel=1e-12)
    assert row["asa_s"] == pytest.approx(ref.asa(14, 10.0, 180), rel=1e-12)
    assert row["occupancy"] == pytest.approx(10 / 14)
    # an interval without contacts: nobody needed, no service to measure
    assert df.iloc[0]["required_agents"] == 0 and math.isnan(df.iloc[0]["service_level"])


def test_staffing_erlang_a_and_per_interval_aht():
    import pandas as pd
    df = erlang.staffing([50, 100, 0], [200, 180, 0], 1800, patience_s=120, max_abandon=0.03)
    assert isinstance(df.index, pd.RangeIndex) and df.index.name == "interval"
    assert {"prob_abandon", "mean_wait_s"} <= set(df.columns)
    assert (df["prob_abandon"].iloc[:2] <= 0.03).all()
    assert df["required_agents"].tolist()[:2] == [
        erlang.required_agents(50 * 200 / 1800, 200, patience_s=120, max_abandon=0.03),
        erlang.required_agents(100 * 180 / 1800, 180, patience_s=120, max_abandon=0.03),
    ]
    r = erlang.erlang_a(df["required_agents"].iloc[1], 10.0, 180, 120)
    assert df["prob_abandon"].iloc[1] == pytest.approx(r.prob_abandon, rel=1e-12)


def test_staffing_empty_and_bad_inputs():
    empty = erlang.staffing([], 180, 1800)
    assert len(empty) == 0 and "required_agents" in empty.columns
    with pytest.raises(InvalidInputError, match=r"invalid volume NaN.*at index 2"):
        erlang.staffing([10, 20, float("nan")], 180, 1800)
    with pytest.raises(InvalidInputError, match="volume"):
        erlang.staffing([10, -1], 180, 1800)
    with pytest.raises(InvalidInputError, match="aht_s.*at index 1"):
        erlang.staffing([10, 20], [180, -5], 1800)
    with pytest.raises(InvalidInputError, match="one per interval"):
        erlang.staffing([10, 20, 30], [180, 200], 1800)
    with pytest.raises(InvalidInputError, match="one-dimensional"):
        erlang.staffing([[10, 20]], 180, 1800)
    with pytest.raises(InvalidInputError, match="interval_s"):
        erlang.staffing([10, 20], 180, 0)
    with pytest.raises(InvalidInputError, match="interval_s"):
        erlang.staffing([10, 20], 180, None)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="interval_s"):
        erlang.staffing([10, 20], 180, [1800, 900])  # type: ignore[arg-type]
    with pytest.raises(InfeasibleError):
        erlang.staffing([10, 20], 180, 1800, service_level=1.0, answer_within_s=20)


# ---------------------------------------------------------------------------------------------
# Broadcasting and input types.


def test_broadcasting_shapes():
    agents = np.arange(11, 16).reshape(5, 1)
    loads = np.array([2.0, 5.0, 10.0])
    out = erlang.erlang_c(agents, loads)
    assert out.shape == (5, 3)
    assert out[3, 2] == pytest.approx(ref.erlang_c(14, 10.0), rel=1e-12)
    assert erlang.service_level(agents, loads, 180, [[10], [20], [30], [40], [50]]).shape == (5, 3)
    assert erlang.required_agents(loads, [[180], [300]]).shape == (2, 3)
    assert erlang.erlang_a(agents, loads, 180, 120).prob_wait.shape == (5, 3)
    assert erlang.erlang_b([1, 2, 3], 1.0).shape == (3,)
    assert erlang.erlang_b(np.array([[1]]), 1.0).shape == (1, 1)


@pytest.mark.parametrize(
    "agents",
    [
        [14, 15],
        np.array([14, 15], dtype=np.int8),
        np.array([14, 15], dtype=np.uint32),
        np.array([14, 15], dtype=np.int64),
        np.array([14.0, 15.0], dtype=np.float32),
        np.array([14.0, 15.0], dtype=np.float16),
        np.array([14, 15], dtype=object),
        np.array([14.0, 0.0, 15.0, 0.0])[::2],  # not contiguous
        np.array([[14.0, 15.0]]).T[:, 0],  # a column view
    ],
    ids=["list", "int8", "uint32", "int64", "float32", "float16", "object", "strided", "column"],
)
def test_numeric_array_types_are_converted(agents):
    np.testing.assert_allclose(erlang.erlang_c(agents, 10), [ref.erlang_c(14, 10.0), ref.erlang_c(15, 10.0)], rtol=1e-12)


def test_pandas_series_input():
    import pandas as pd
    out = erlang.required_agents(pd.Series([10.0, 20.0]), 180)
    np.testing.assert_array_equal(out, [14, erlang.required_agents(20.0, 180)])


def test_empty_arrays_give_empty_results():
    assert erlang.erlang_c([], 10.0).shape == (0,)
    assert erlang.erlang_b(np.empty((0, 3)), 1.0).shape == (0, 3)
    assert erlang.required_agents(np.array([]), 180).shape == (0,)
    assert erlang.erlang_a([], 10, 180, 120).prob_wait.shape == (0,)
    assert erlang.max_offered_load([], 180).shape == (0,)


# ---------------------------------------------------------------------------------------------
# Bad inputs: the right exception class, never a crash.

BAD_VALUES = [
    (float("nan"), InvalidInputError),
    (float("inf"), InvalidInputError),
    (-1.0, InvalidInputError),
    ("14", InvalidInputError),
    (b"14", InvalidInputError),
    (None, InvalidInputError),
    (True, InvalidInputError),
    (3 + 0j, InvalidInputError),
    ([1, "x"], InvalidInputError),
    ([[1, 2], [3]], InvalidInputError),
    (np.array([1, None], dtype=object), InvalidInputError),
    (np.array(["2026-01-01"], dtype="datetime64[D]"), InvalidInputError),
    (np.array([True, False]), InvalidInputError),
    ({"a": 1}, InvalidInputError),
    (10**400, InvalidInputError),
]


# (id, call, whether None means "not set" for this argument). The staffing.volumes call puts
# the value inside a list: numpy reads [10.0, True] as floats, so bools are refused only as
# whole arguments and bool arrays.
BAD_VALUE_CALLS = [
    ("erlang_b.agents", lambda v: erlang.erlang_b(v, 10.0), False),
    ("erlang_c.offered_load", lambda v: erlang.erlang_c(20, v), False),
    ("service_level.aht_s", lambda v: erlang.service_level(20, 10.0, v, 20), False),
    ("service_level.answer_within_s", lambda v: erlang.service_level(20, 10.0, 180, v), False),
    ("asa.agents", lambda v: erlang.asa(v, 10.0, 180), False),
    ("occupancy.offered_load", lambda v: erlang.occupancy(20, v), False),
    ("wait_percentile.p", lambda v: erlang.wait_percentile(20, 10.0, 180, v), False),
    ("erlang_a.patience_s", lambda v: erlang.erlang_a(20, 10.0, 180, v), False),
    ("erlang_a.answer_within_s", lambda v: erlang.erlang_a(20, 10.0, 180, 120, answer_within_s=v), True),
    ("required_agents.offered_load", lambda v: erlang.required_agents(v, 180), False),
    ("required_agents.aht_s", lambda v: erlang.required_agents(10.0, v), False),
    ("required_agents.max_asa_s", lambda v: erlang.required_agents(10.0, 180, max_asa_s=v), True),
    ("required_agents.shrinkage", lambda v: erlang.required_agents(10.0, 180, shrinkage=v), False),
    ("max_offered_load.agents", lambda v: erlang.max_offered_load(v, 180), False),
    ("max_volume.interval_s", lambda v: erlang.max_volume(14, 180, v), False),
    ("staffing.volumes", lambda v: erlang.staffing([10.0, v], 180, 1800), False),
    ("staffing.interval_s", lambda v: erlang.staffing([10.0], 180, v), False),
]
BAD_CASES = [
    pytest.param(call, value, error, id=f"{name}-{repr(value)[:30]}")
    for name, call, none_is_unset in BAD_VALUE_CALLS
    for value, error in BAD_VALUES
    if not (none_is_unset and value is None)
    and not (name == "staffing.volumes" and value is True)
]


@pytest.mark.parametrize(("call", "value", "error"), BAD_CASES)
def test_bad_values_raise_invalid_input(call, value, error):
    with pytest.raises(error) as info:
        call(value)
    assert isinstance(info.value, ValueError) and isinstance(info.value, CallwrightError)
    assert str(info.value)


def test_none_for_an_optional_target_means_unset():
    # None is "no target" for keyword options, not a bad value
    assert erlang.required_agents(10.0, 180, max_asa_s=None) == 14


def test_error_messages_name_the_field_and_position():
    with pytest.raises(InvalidInputError, match=r"invalid offered load NaN") as info:
        erlang.erlang_c(20, float("nan"))
    assert "index" not in str(info.value)  # scalars have no position
    with pytest.raises(InvalidInputError, match=r"at index 2\)$"):
        erlang.erlang_c(20, [1.0, 2.0, -3.0])
    with pytest.raises(InvalidInputError, match=r"at index \(1, 0\)\)$"):
        erlang.erlang_c([[20], [20]], [[1.0], [np.nan]])
    with pytest.raises(InvalidInputError, match="aht_s"):
        erlang.service_level(14, 10, 0, 20)
    with pytest.raises(InvalidInputError, match="agents"):
        erlang.erlang_b(1e9, 10)


def test_shapes_that_do_not_broadcast():
    with pytest.raises(InvalidInputError, match=r"do not broadcast.*agents \(2,\).*offered_load \(3,\)"):
        erlang.erlang_c([20, 21], [1.0, 2.0, 3.0])
    with pytest.raises(InvalidInputError):
        erlang.required_agents(np.ones((2, 3)), np.ones((3, 2)))


def test_unstable_queue():
    with pytest.raises(UnstableError, match="unstable") as info:
        erlang.erlang_c(10, 10.0)
    assert isinstance(info.value, ValueError)
    with pytest.raises(UnstableError, match="at index 1"):
        erlang.service_level([20, 5], 10.0, 180, 20)
    with pytest.raises(UnstableError):
        erlang.occupancy(9.5, 10.0)
    # Erlang A has a steady state there
    assert 0 < erlang.erlang_a(9.5, 10.0, 180, 120).prob_abandon < 1


@pytest.mark.parametrize(
    "options",
    [
        {"service_level": 1.0, "answer_within_s": 20},
        {"max_asa_s": 0.0},
        {"max_occupancy": 0.0},
        {"max_abandon": 0.0, "patience_s": 120},
    ],
)
def test_unreachable_targets_are_infeasible(options):
    with pytest.raises(InfeasibleError) as info:
        erlang.required_agents(10.0, 180, **options)
    assert not isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    ("options", "pattern"),
    [
        ({"service_level": 0.8}, "service_level needs answer_within_s"),
        ({"answer_within_s": 20}, "answer_within_s needs service_level"),
        ({"max_abandon": 0.05}, "max_abandon needs patience_s"),
        ({"service_level": 1.5, "answer_within_s": 20}, "service_level.fraction"),
        ({"service_level": 0.8, "answer_within_s": -1}, "answer_within_s"),
        ({"max_occupancy": 1.2}, "max_occupancy"),
        ({"patience_s": 0}, "patience_s"),
        ({"patience_s": float("nan")}, "patience_s"),
        ({"service_level": [0.8, 0.9], "answer_within_s": 20}, "single number"),
        ({"sl_definition": "of_everyone"}, "'of_offered', 'of_offered_less_short_abandons', 'of_answered'"),
        ({"sl_definition": 3}, "sl_definition must be a string"),
    ],
)
def test_bad_options(options, pattern):
    with pytest.raises(InvalidInputError, match=pattern):
        erlang.required_agents(10.0, 180, **options)


def test_unknown_keyword_is_a_type_error():
    with pytest.raises(TypeError):
        erlang.required_agents(10.0, 180, sl=0.8)  # type: ignore[call-overload]


def test_erlang_a_bad_definition_and_patience_range():
    with pytest.raises(InvalidInputError, match="expected one of"):
        erlang.erlang_a(14, 10, 180, 120, answer_within_s=20, sl_definition="of_all")
    with pytest.raises(InvalidInputError, match="too large for Erlang A"):
        erlang.erlang_a(1e8, 10, 1, 1e6)


def test_native_functions_refuse_wrong_arrays_without_crashing():
    # The private native layer is reached through the Python wrappers, but must not crash
    # when called directly with unexpected arrays either.
    from callwright._callwright import erlang as native

    with pytest.raises(TypeError):
        native.erlang_c(np.array([1, 2]), np.array([1.0, 2.0]))  # int64, not float64
    with pytest.raises(InvalidInputError, match="shape"):
        native.erlang_c(np.array([20.0, 21.0]), np.array([1.0]))
    with pytest.raises(InvalidInputError, match="contiguous"):
        native.erlang_c(np.array([20.0, 0, 21.0])[::2], np.array([1.0, 2.0]))


# ---------------------------------------------------------------------------------------------
# Threads: the GIL is released during long calls, and concurrent calls agree.


def test_long_calls_release_the_gil():
    loads = np.random.default_rng(3).uniform(1.0, 400.0, 40_000)
    done = threading.Event()
    result = {}

    def work():
        start = time.perf_counter()
        result["agents"] = erlang.required_agents(loads, 300, patience_s=90)
        result["seconds"] = time.perf_counter() - start
        done.set()

    ticks = 0
    worker = threading.Thread(target=work)
    worker.start()
    while not done.is_set():
        ticks += 1
        time.sleep(0.001)
    worker.join()
    # With the GIL held for the whole call this thread could not have run in the meantime.
    assert result["seconds"] > 0.02, "the call is too short to tell"
    assert ticks >= 5
    assert result["agents"].shape == loads.shape


def test_concurrent_calls_agree():
    loads = np.linspace(0.0, 200.0, 3000)
    expected = erlang.required_agents(loads, 240)
    outputs = [None] * 4

    def work(i):
        outputs[i] = erlang.required_agents(loads, 240)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for out in outputs:
        np.testing.assert_array_equal(out, expected)


@pytest.mark.parametrize(
    ("call", "number"),
    [
        (lambda: erlang.required_agents(1e308, 300.0, service_level=0.8, answer_within_s=20), "1e308"),
        (lambda: erlang.required_agents(10.0, -1e-300, service_level=0.8, answer_within_s=20), "-1e-300"),
        (lambda: erlang.erlang_c(-1e-300, 5.0), "-1e-300"),
        (lambda: erlang.erlang_c(5.0, [1.0, -1e300]), "-1e300"),
    ],
)
def test_huge_and_tiny_numbers_in_messages_are_written_compactly(call, number):
    with pytest.raises(InvalidInputError) as info:
        call()
    message = str(info.value)
    assert re.search(re.escape(number) + r"(?![0-9.])", message), message
    assert len(message) < 160, message
    assert "0000000000" not in message


def test_ordinary_numbers_in_messages_are_kept_as_written():
    with pytest.raises(InvalidInputError, match=r"-123456\.5 Erl"):
        erlang.erlang_c(5.0, -123456.5)
    with pytest.raises(InvalidInputError, match=r"-100000000000000000000 Erl"):
        erlang.erlang_c(5.0, -1e20)
