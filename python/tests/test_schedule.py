"""callwright.schedule: known optima, coverage checked independently, time indexes, bad input."""

import numpy as np
import pandas as pd
import pytest

from callwright import erlang, schedule
from callwright.exceptions import CallwrightError, InfeasibleError, InvalidInputError

# The textbook day: hourly demand, 8-hour shifts starting on any hour, cyclic. Optimum 55.
DEMAND = [6, 6, 6, 6, 6, 8, 9, 12, 18, 22, 25, 21, 21, 20, 18, 21, 21, 24, 24, 18, 18, 18, 12, 8]
ANY_HOUR = {"name": "day", "latest_start_s": 23 * 3600, "start_step_s": 3600}


def independent_coverage(shifts, intervals, interval_s, cyclic):
    """Agents on shift per interval, counted from the shift table (breaks excluded)."""
    staffed = np.zeros(intervals)
    horizon_s = intervals * interval_s
    for _, s in shifts.iterrows():
        for k in range(int(s["length_s"] // interval_s)):
            t = s["start_s"] + k * interval_s
            if cyclic:
                t %= horizon_s
            if t < horizon_s:
                staffed[int(t // interval_s)] += 1
    return staffed


def test_textbook_day_optimum():
    result = schedule.solve(DEMAND, [ANY_HOUR], interval_s=3600, cyclic=True)
    assert result.status == "optimal"
    assert len(result.shifts) == 55
    assert result.unmet == 0
    staffed = independent_coverage(result.shifts, 24, 3600, cyclic=True)
    np.testing.assert_array_equal(staffed, result.coverage["staffed"].to_numpy())
    assert (staffed >= np.array(DEMAND)).all()
    assert list(result.coverage["required"]) == [float(d) for d in DEMAND]
    assert "ScheduleResult(status='optimal', shifts=55" in repr(result)
    assert "<table" in result._repr_html_()
    assert result.solve_time_s >= 0 and result.gap == pytest.approx(0.0, abs=1e-6)


def test_breaks_are_inside_their_shifts():
    template = {
        **ANY_HOUR,
        "breaks": [{"name": "lunch", "earliest_start_after_s": 3 * 3600, "latest_start_after_s": 5 * 3600, "durations_s": [3600]}],
    }
    result = schedule.solve(DEMAND, [template], interval_s=3600, cyclic=True)
    assert result.status in ("optimal", "time_limit")
    assert len(result.breaks) == len(result.shifts)
    merged = result.breaks.merge(result.shifts, left_on="shift", right_index=True, suffixes=("", "_shift"))
    offset = (merged["start_s"] - merged["start_s_shift"]) % (24 * 3600)
    assert ((offset >= 3 * 3600) & (offset <= 5 * 3600)).all()
    assert (result.coverage["staffed"] >= result.coverage["required"]).all()
    # coverage = agents on shift minus agents on break, counted independently
    on_shift = independent_coverage(result.shifts, 24, 3600, cyclic=True)
    on_break = np.zeros(24)
    for _, b in result.breaks.iterrows():
        on_break[int((b["start_s"] % (24 * 3600)) // 3600)] += 1
    np.testing.assert_array_equal(on_shift - on_break, result.coverage["staffed"].to_numpy())
    assert len(result.shifts) >= 55  # never fewer than without breaks


def test_staffing_table_to_schedule_with_time_index():
    times = pd.date_range("2026-11-23 08:00", periods=16, freq="30min")  # a Monday, 08:00-16:00
    volumes = pd.Series([20, 40, 60, 80, 90, 100, 100, 90, 80, 80, 70, 60, 50, 40, 30, 20], index=times, dtype=float)
    table = erlang.staffing(volumes, 240, 1800)
    template = {"name": "4h", "earliest_start_s": 8 * 3600, "latest_start_s": 12 * 3600, "start_step_s": 1800, "lengths_s": [4 * 3600]}
    result = schedule.solve(table["required_agents"], [template])
    assert result.coverage.index[0] == pd.Timestamp("2026-11-23 00:00")
    assert len(result.coverage) == 48
    window = result.coverage.loc[times]
    np.testing.assert_array_equal(window["required"].to_numpy(), table["required_agents"].to_numpy())
    assert (window["staffed"] >= window["required"]).all()
    assert (result.shifts["start"] >= pd.Timestamp("2026-11-23 08:00")).all()
    assert (result.shifts["end"] - result.shifts["start"] == pd.Timedelta(hours=4)).all()


def test_solve_problem_and_shift_options():
    problem = {
        "horizon": {"days": 1, "interval_s": 3600, "cyclic": True},
        "requirement": DEMAND,
        "templates": [ANY_HOUR],
    }
    assert schedule.shift_options(problem) == 24
    assert len(schedule.solve_problem(problem).shifts) == 55


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "pattern"),
    [
        ((DEMAND[:23], [ANY_HOUR]), {"interval_s": 3600}, InvalidInputError, "whole days"),
        ((DEMAND, [ANY_HOUR]), {}, InvalidInputError, "interval_s"),
        ((DEMAND, [ANY_HOUR]), {"interval_s": 0}, InvalidInputError, "whole days"),
        (([float("nan")] * 24, [ANY_HOUR]), {"interval_s": 3600}, InvalidInputError, "requirement"),
        (([-1.0] * 24, [ANY_HOUR]), {"interval_s": 3600}, InvalidInputError, "requirement"),
        ((["a"] * 24, [ANY_HOUR]), {"interval_s": 3600}, InvalidInputError, "requirement"),
        ((DEMAND, []), {"interval_s": 3600}, InvalidInputError, "template"),
        ((DEMAND, "day"), {"interval_s": 3600}, InvalidInputError, "list of dicts"),
        ((DEMAND, [{"colour": "blue"}]), {"interval_s": 3600}, InvalidInputError, "colour"),
        ((DEMAND, [{**ANY_HOUR, "start_step_s": 1000}]), {"interval_s": 3600}, InvalidInputError, "multiple"),
        ((DEMAND, [{**ANY_HOUR, "cost_per_hour": float("inf")}]), {"interval_s": 3600}, InvalidInputError, "plain data"),
        ((DEMAND, [{**ANY_HOUR, "latest_start_s": 8 * 3600}]), {"interval_s": 3600}, InfeasibleError, "interval"),
    ],
)
def test_bad_problems(args, kwargs, error, pattern):
    with pytest.raises(error, match=pattern) as info:
        schedule.solve(*args, **kwargs)
    assert isinstance(info.value, CallwrightError)


def test_time_limit_and_gap_options():
    result = schedule.solve(DEMAND, [ANY_HOUR], interval_s=3600, cyclic=True, time_limit_s=30, mip_rel_gap=0.01)
    assert result.status == "optimal" and len(result.shifts) == 55
    with pytest.raises(InvalidInputError, match="time_limit_s"):
        schedule.solve(DEMAND, [ANY_HOUR], interval_s=3600, time_limit_s=-1)
    with pytest.raises(InvalidInputError, match="mip_rel_gap"):
        schedule.solve(DEMAND, [ANY_HOUR], interval_s=3600, mip_rel_gap=-0.5)
