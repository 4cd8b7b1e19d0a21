"""Shift scheduling: turn agents required per interval into shifts with breaks (requires pandas).

The model is a mixed-integer program solved with HiGHS (the GIL is released while it runs).
Templates, break rules, coverage mode, tours and solver options are plain dicts with the
fields of the Rust types (``ShiftTemplate``, ``BreakRule``, ``Coverage``, ``Tours``,
``SolverOptions``); times are seconds from the start of a day (``earliest_start_s``) or of a
shift (``earliest_start_after_s``).

Example: the textbook day of hourly demand with 8-hour shifts starting on any hour (the day
repeats), whose optimum is 55 shifts::

    >>> from callwright import schedule
    >>> demand = [6, 6, 6, 6, 6, 8, 9, 12, 18, 22, 25, 21, 21, 20, 18, 21, 21, 24, 24, 18,
    ...           18, 18, 12, 8]
    >>> result = schedule.solve(demand, [{"latest_start_s": 23 * 3600, "start_step_s": 3600}],
    ...                         interval_s=3600, cyclic=True)
    >>> result.status, len(result.shifts)
    ('optimal', 55)
    >>> bool((result.coverage["staffed"] >= result.coverage["required"]).all())
    True
"""

from __future__ import annotations

import html
import json
from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Sequence

import numpy as np

from callwright import _arrays
from callwright._callwright import schedule as _native
from callwright._dependencies import import_pandas
from callwright.exceptions import InvalidInputError

if TYPE_CHECKING:
    # pandas is optional and its type stubs are a separate package.
    import pandas  # type: ignore[import-untyped, unused-ignore]

__all__ = ["ScheduleResult", "shift_options", "solve", "solve_problem"]

_DAY_S = 86_400.0


def _json(problem: Mapping[str, Any]) -> str:
    try:
        return json.dumps(problem, allow_nan=False)
    except (TypeError, ValueError) as err:
        raise InvalidInputError(f"scheduling problem is not plain data: {err}") from None


def _seconds(duration: Any) -> float:
    if isinstance(duration, Mapping):
        return float(duration.get("secs", 0)) + float(duration.get("nanos", 0)) / 1e9
    return float(duration)


def _snake(name: Any) -> str:
    """``"TimeLimit"`` -> ``"time_limit"`` (the Rust enums serialise by variant name)."""
    text = str(name)
    return "".join("_" + c.lower() if c.isupper() and i else c.lower() for i, c in enumerate(text))


def _number(value: Any) -> float:
    return float("inf") if value is None else float(value)


class ScheduleResult:
    """A solved schedule (see :func:`solve`).

    Attributes:
        status: ``"optimal"``, ``"time_limit"``, ``"infeasible"``, ... (the solver status).
        objective, bound, gap: the objective value, the bound and the relative gap
            (``inf`` when infeasible).
        bound_source: how the bound was obtained.
        build_time_s, solve_time_s: model build and solve times in seconds.
        shifts: one row per shift: ``template``, ``template_name``, ``day``, ``start_s`` (from
            the horizon start), ``length_s``, ``cost``, ``breaks`` (count), ``employee``; plus
            ``start`` / ``end`` timestamps when the horizon start is known.
        breaks: one row per break: ``shift`` (row of :attr:`shifts`), ``rule``, ``start_s``,
            ``duration_s``.
        coverage: one row per interval: ``required``, ``staffed``, ``under``, ``over``
            (indexed by time when the requirement had a DatetimeIndex, else by ``start_s``).
        tours: one row per tour: ``working_days`` and the shift rows it holds.
        raw: the schedule as a dict.
    """

    def __init__(self, raw: Dict[str, Any], start: Any = None) -> None:
        pd = import_pandas("callwright.schedule")
        self.raw = raw
        self.status: str = _snake(raw["status"])
        self.objective = _number(raw.get("objective"))
        self.bound = _number(raw.get("bound"))
        self.gap = _number(raw.get("gap"))
        self.bound_source: str = _snake(raw.get("bound_source"))
        self.build_time_s = _seconds(raw.get("build_time", 0.0))
        self.solve_time_s = _seconds(raw.get("solve_time", 0.0))
        shifts = raw.get("shifts", [])
        self.shifts = pd.DataFrame(
            {
                "template": [s["template"] for s in shifts],
                "template_name": [s["template_name"] for s in shifts],
                "day": [s["day"] for s in shifts],
                "start_s": [float(s["start_s"]) for s in shifts],
                "length_s": [float(s["length_s"]) for s in shifts],
                "cost": [float(s["cost"]) for s in shifts],
                "breaks": [len(s["breaks"]) for s in shifts],
                "employee": [s.get("employee") for s in shifts],
            }
        )
        self.breaks = pd.DataFrame(
            [
                {"shift": i, "rule": b["rule"], "start_s": float(b["start_s"]), "duration_s": float(b["duration_s"])}
                for i, s in enumerate(shifts)
                for b in s["breaks"]
            ],
            columns=["shift", "rule", "start_s", "duration_s"],
        )
        coverage = raw.get("coverage", [])
        frame = pd.DataFrame(
            {
                "start_s": [float(c["start_s"]) for c in coverage],
                "required": [float(c["required"]) for c in coverage],
                "staffed": [float(c["staffed"]) for c in coverage],
                "under": [float(c["under"]) for c in coverage],
                "over": [float(c["over"]) for c in coverage],
            }
        )
        if start is not None:
            self.shifts["start"] = start + pd.to_timedelta(self.shifts["start_s"], unit="s")
            self.shifts["end"] = self.shifts["start"] + pd.to_timedelta(self.shifts["length_s"], unit="s")
            frame.index = pd.DatetimeIndex(start + pd.to_timedelta(frame["start_s"], unit="s"), name="time")
        else:
            frame = frame.set_index("start_s")
        self.coverage = frame
        self.tours = pd.DataFrame(
            {
                "working_days": [t["working_days"] for t in raw.get("tours", [])],
                "shifts": [t["shifts"] for t in raw.get("tours", [])],
            }
        )

    @property
    def unmet(self) -> float:
        """Total agent-intervals of requirement left uncovered."""
        return float(self.coverage["under"].sum())

    def __repr__(self) -> str:
        return (
            f"ScheduleResult(status={self.status!r}, shifts={len(self.shifts)}, "
            f"objective={self.objective:.6g}, gap={self.gap:.3g}, unmet={self.unmet:g}, "
            f"solve_time_s={self.solve_time_s:.3f})"
        )

    def _repr_html_(self) -> str:
        """A summary and the shifts per template, for Jupyter."""
        counts = self.shifts.groupby("template_name").size().rename("shifts").to_frame()
        head = html.escape(
            f"status {self.status}, {len(self.shifts)} shifts, objective {self.objective:.6g}, "
            f"gap {self.gap:.3g}, unmet {self.unmet:g}, solved in {self.solve_time_s:.3f} s"
        )
        return f"<div><p><b>Schedule</b>: {head}</p>{counts.to_html()}</div>"


def solve_problem(problem: Mapping[str, Any], *, start: Any = None) -> ScheduleResult:
    """Solve a problem given as a dict with the fields of ``ScheduleProblem`` (``horizon``,
    ``requirement``, ``templates``, ``coverage``, ``opening_hours``, ``tours``, ``solver``).

    Args:
        start: the timestamp of the horizon start, to index the tables by time.

    Raises:
        InvalidInputError: the problem does not parse or has a bad value (the message names
            the field).
        InfeasibleError: hard coverage of an interval no allowed shift can work in.
        CallwrightError: no schedule found within the time limit, a solver failure.
    """
    import_pandas("callwright.schedule.solve_problem()")
    return ScheduleResult(json.loads(_native.solve(_json(problem))), start)


def shift_options(problem: Mapping[str, Any]) -> int:
    """Validate a problem and return how many shift options its templates expand to."""
    return _native.shift_options(_json(problem))


def solve(
    requirement: Any,
    templates: Sequence[Mapping[str, Any]],
    *,
    interval_s: Optional[float] = None,
    cyclic: bool = False,
    first_weekday: Optional[int] = None,
    coverage: Optional[Mapping[str, Any]] = None,
    opening_hours: Optional[Sequence[bool]] = None,
    tours: Optional[Mapping[str, Any]] = None,
    solver: Optional[Mapping[str, Any]] = None,
    time_limit_s: Optional[float] = None,
    mip_rel_gap: Optional[float] = None,
) -> ScheduleResult:
    """Schedule shifts to cover ``requirement`` agents per interval.

    Args:
        requirement: agents required per interval: an array-like covering whole days, or a
            pandas Series with a DatetimeIndex (then the days it touches are filled out with
            zeros, the interval length and first weekday come from the index, and the result
            tables are indexed by time). A staffing table's ``scheduled_agents`` column is a
            typical input.
        templates: shift templates (dicts with ``ShiftTemplate`` fields: ``name``,
            ``earliest_start_s``, ``latest_start_s``, ``start_step_s``, ``lengths_s``,
            ``weekdays``, ``cost_per_hour``, ``min_per_day``, ``max_per_day``, ``breaks``,
            ``respect_opening_hours``).
        interval_s: the interval length in seconds (required for array-likes).
        cyclic: the horizon repeats (night shifts wrap around to its start).
        first_weekday: weekday of the first day, 0 = Monday.
        coverage, opening_hours, tours, solver: as in ``ScheduleProblem``.
        time_limit_s: stop the solver after this many seconds (then the best schedule found,
            or a greedy one, is returned with status ``"time_limit"``).
        mip_rel_gap: stop once the relative gap to the bound is below this.

    Raises:
        MissingDependencyError: pandas is not installed.
        InvalidInputError: a bad requirement, template or option.
        InfeasibleError: hard coverage of an interval no allowed shift can work in.
    """
    pd = import_pandas("callwright.schedule.solve()")
    start = None
    if isinstance(requirement, pd.Series) and isinstance(requirement.index, pd.DatetimeIndex):
        requirement, interval_s, start, weekday = _grid(pd, requirement, interval_s)
        if first_weekday is None:
            first_weekday = weekday
    values = _arrays.as_float_array("requirement", requirement)
    if values.ndim != 1:
        raise InvalidInputError(f"requirement must be one-dimensional, got shape {values.shape}")
    if interval_s is None:
        raise InvalidInputError("interval_s is needed when requirement has no DatetimeIndex")
    interval = _arrays.scalar("interval_s", interval_s)
    per_day = _DAY_S / interval if interval > 0 else 0.0
    if per_day <= 0 or per_day != int(per_day) or len(values) % int(per_day):
        raise InvalidInputError(
            f"requirement must cover whole days: {len(values)} intervals of {interval:g} s"
        )
    bad = np.flatnonzero(~np.isfinite(values))
    if len(bad):
        raise InvalidInputError(f"requirement must be finite, got {values[bad[0]]} at index {bad[0]}")
    if not isinstance(templates, Sequence) or isinstance(templates, (str, bytes)):
        raise InvalidInputError("templates must be a list of dicts")
    horizon: Dict[str, Any] = {"days": len(values) // int(per_day), "interval_s": interval, "cyclic": bool(cyclic)}
    if first_weekday is not None:
        horizon["first_weekday"] = int(first_weekday)
    problem: Dict[str, Any] = {
        "horizon": horizon,
        "requirement": values.tolist(),
        "templates": [dict(t) for t in templates],
    }
    for key, value in (("coverage", coverage), ("tours", tours), ("solver", solver)):
        if value is not None:
            problem[key] = dict(value)
    if time_limit_s is not None:
        limit = _arrays.scalar("time_limit_s", time_limit_s)
        if not (np.isfinite(limit) and limit > 0):
            raise InvalidInputError(f"time_limit_s must be a positive number of seconds, got {limit}")
        whole = int(limit)
        problem.setdefault("solver", {})["time_limit"] = {"secs": whole, "nanos": int(round((limit - whole) * 1e9))}
    if mip_rel_gap is not None:
        problem.setdefault("solver", {})["mip_rel_gap"] = _arrays.scalar("mip_rel_gap", mip_rel_gap)
    if opening_hours is not None:
        problem["opening_hours"] = [bool(v) for v in opening_hours]
    return solve_problem(problem, start=start)


def _grid(pd: Any, requirement: Any, interval_s: Optional[float]) -> Any:
    """A Series with a DatetimeIndex laid on a grid of whole days (zeros where absent)."""
    index = requirement.index
    if index.tz is not None:
        index = index.tz_localize(None)
    if index.has_duplicates:
        raise InvalidInputError("requirement has duplicate timestamps")
    if interval_s is None:
        if index.freq is not None:
            interval_s = pd.Timedelta(index.freq).total_seconds()
        elif len(index) >= 2:
            interval_s = float(np.diff(np.unique(index.as_unit("ns").asi8)).min()) / 1e9
        else:
            raise InvalidInputError("cannot tell the interval length from one timestamp: give interval_s")
    start = index.min().normalize()
    days = int((index.max().normalize() - start) / pd.Timedelta(days=1)) + 1
    grid = pd.date_range(start, periods=int(days * _DAY_S / interval_s), freq=pd.Timedelta(seconds=interval_s))
    values = pd.Series(requirement.to_numpy(), index=index).reindex(grid)
    if values.isna().sum() > len(grid) - len(index):
        raise InvalidInputError(f"requirement timestamps are not on a {interval_s:g}-second grid from midnight")
    return values.fillna(0.0).to_numpy(dtype=float), interval_s, start, int(start.weekday())
