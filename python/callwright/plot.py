"""Plotting helpers (requires matplotlib and pandas: ``pip install 'callwright[plot]'``).

Each function draws on ``ax`` (a new figure's axes when None) and returns the axes, so plots
can be combined and styled with matplotlib as usual.

- :func:`forecast`: a forecast's mean with a quantile band, optionally over the history.
- :func:`staffing`: required (and scheduled) agents per interval, optionally against the
  coverage of a schedule.
- :func:`service_level`: service level per interval against a target.
"""

from __future__ import annotations

from typing import Any, Optional

from callwright._dependencies import import_pandas, import_pyplot
from callwright.exceptions import InvalidInputError

__all__ = ["forecast", "service_level", "staffing"]


def _axes(ax: Any, feature: str) -> Any:
    if ax is not None:
        return ax
    plt = import_pyplot(feature)
    _, new_ax = plt.subplots(figsize=(10, 4))
    return new_ax


def _require_columns(frame: Any, columns: list[str], what: str) -> None:
    pd = import_pandas(what)
    if not isinstance(frame, pd.DataFrame):
        raise InvalidInputError(f"{what} needs a pandas DataFrame, got {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InvalidInputError(f"{what} needs the column(s) {missing}; the frame has {list(frame.columns)}")


def forecast(
    fc: Any,
    history: Optional[Any] = None,
    *,
    lower: str = "p10",
    upper: str = "p90",
    ax: Optional[Any] = None,
) -> Any:
    """Plot a forecast (from :func:`callwright.forecast.forecast`) with its quantile band.

    Args:
        fc: the forecast DataFrame, with a ``mean`` column and the ``lower`` / ``upper``
            quantile columns.
        history: the actual counts (a Series) to draw before the forecast, if given.
        lower, upper: the quantile columns bounding the band.
        ax: the matplotlib axes to draw on.

    Raises:
        MissingDependencyError: matplotlib or pandas is not installed.
        InvalidInputError: ``fc`` lacks a needed column.
    """
    _require_columns(fc, ["mean", lower, upper], "callwright.plot.forecast()")
    ax = _axes(ax, "callwright.plot.forecast()")
    if history is not None:
        ax.plot(history.index, history.to_numpy(), color="0.4", linewidth=1.0, label="actual")
    ax.fill_between(fc.index, fc[lower].to_numpy(), fc[upper].to_numpy(), alpha=0.3, label=f"{lower}–{upper}")
    ax.plot(fc.index, fc["mean"].to_numpy(), linewidth=1.5, label="forecast mean")
    ax.set_ylabel("contacts per interval")
    ax.legend(loc="upper left")
    return ax


def staffing(
    table: Any,
    coverage: Optional[Any] = None,
    *,
    ax: Optional[Any] = None,
) -> Any:
    """Plot required (and scheduled) agents per interval, from
    :func:`callwright.erlang.staffing`, optionally against a schedule's coverage.

    Args:
        table: the staffing DataFrame (``required_agents``; ``scheduled_agents`` is drawn too).
        coverage: agents on shift per interval (a Series or array of the table's length).
        ax: the matplotlib axes to draw on.

    Raises:
        MissingDependencyError: matplotlib or pandas is not installed.
        InvalidInputError: a missing column or a coverage of the wrong length.
    """
    _require_columns(table, ["required_agents"], "callwright.plot.staffing()")
    ax = _axes(ax, "callwright.plot.staffing()")
    x = table.index
    ax.step(x, table["required_agents"].to_numpy(), where="post", label="required")
    if "scheduled_agents" in table.columns:
        ax.step(x, table["scheduled_agents"].to_numpy(), where="post", linestyle="--", label="scheduled (with shrinkage)")
    if coverage is not None:
        values = coverage.to_numpy() if hasattr(coverage, "to_numpy") else coverage
        if len(values) != len(table):
            raise InvalidInputError(f"coverage has {len(values)} values but the table has {len(table)} intervals")
        ax.step(x, values, where="post", label="coverage")
    ax.set_ylabel("agents")
    ax.legend(loc="upper left")
    return ax


def service_level(
    table: Any,
    *,
    column: str = "service_level",
    target: Optional[float] = None,
    ax: Optional[Any] = None,
) -> Any:
    """Plot the service level per interval against a target.

    Args:
        table: a DataFrame with a service-level column (e.g. from
            :func:`callwright.erlang.staffing`).
        column: the column to draw.
        target: draw a horizontal line at this fraction.
        ax: the matplotlib axes to draw on.

    Raises:
        MissingDependencyError: matplotlib or pandas is not installed.
        InvalidInputError: the column is missing.
    """
    _require_columns(table, [column], "callwright.plot.service_level()")
    ax = _axes(ax, "callwright.plot.service_level()")
    ax.plot(table.index, table[column].to_numpy(), marker=".", label=column.replace("_", " "))
    if target is not None:
        ax.axhline(target, color="red", linestyle=":", label=f"target {target:g}")
    ax.set_ylim(0.0, 1.05)
    ax.set_ylabel("service level")
    ax.legend(loc="lower left")
    return ax
