"""Forecasts of contacts per interval, with quantiles, and backtests (requires pandas).

The history is a pandas Series of counts indexed by a ``DatetimeIndex`` of interval starts
(e.g. every 30 minutes while open). The interval length is the index's ``freq`` when set, else
the smallest gap between timestamps; it must divide a day. NaN values are missing data and are
skipped. A time-zone-aware index is read as wall-clock time (and the forecast is returned
naive), so weekly patterns stay aligned across DST changes.

Models (``model=``, see :data:`MODELS`):

- ``"day_profile"`` (default): day level × intraday profile with special days and a
  year-over-year trend; the choice for 1–4 weeks ahead.
- ``"holt_winters"``: double-seasonal Holt–Winters, for 1–2 days ahead.
- ``"seasonal_naive"``: the same interval one week earlier (benchmark).
- ``"same_slot_mean"``: the mean of the same interval over the last ``weeks`` weeks
  (benchmark).

Quantiles come from negative-binomial counts whose dispersion (day-to-day busyness and
per-interval noise) is estimated from in-sample backtests.

Example::

    >>> import pandas as pd
    >>> from callwright import forecast
    >>> index = pd.date_range("2024-01-01", periods=8 * 7 * 24, freq="h")
    >>> history = pd.Series([40.0 if 8 <= t.hour < 20 else 5.0 for t in index], index=index)
    >>> fc = forecast.forecast(history, days=7, quantiles=[0.1, 0.9])
    >>> list(fc.columns)
    ['mean', 'p10', 'p90']
    >>> len(fc) == 7 * 24
    True
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np
import numpy.typing as npt

from callwright import _arrays
from callwright._callwright import forecast as _native
from callwright._dependencies import import_pandas
from callwright.exceptions import InvalidInputError

if TYPE_CHECKING:
    # pandas is optional and its type stubs are a separate package.
    import pandas  # type: ignore[import-untyped, unused-ignore]

__all__ = ["MODELS", "backtest", "forecast", "quantile_column"]

#: The accepted values of ``model`` / ``models``.
MODELS: Tuple[str, ...] = tuple(_native.MODELS)

_DAY_NS = 86_400 * 10**9
_MINUTE_NS = 60 * 10**9

DateLike = Union[str, datetime.date, "np.datetime64"]


def quantile_column(q: float) -> str:
    """The column name of quantile ``q`` in a forecast: 0.1 -> ``"p10"``, 0.975 -> ``"p97.5"``."""
    return f"p{round(q * 100, 6):g}"


def _history_arrays(
    history: object,
) -> Tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64], int]:
    """Days since 1970-01-01, slot numbers, values and the resolution in minutes."""
    pd = import_pandas("callwright.forecast")
    if not isinstance(history, pd.Series):
        raise InvalidInputError(
            f"history must be a pandas Series indexed by a DatetimeIndex, got {type(history).__name__}"
        )
    if not isinstance(history.index, pd.DatetimeIndex):
        raise InvalidInputError(
            f"history must have a DatetimeIndex of interval starts, got {type(history.index).__name__}"
        )
    index = history.index
    if index.tz is not None:
        index = index.tz_localize(None)
    if index.has_duplicates:
        first = index[index.duplicated()][0]
        raise InvalidInputError(f"history has duplicate timestamps, e.g. {first}")
    values = _arrays.as_float_array("history", history.to_numpy())
    keep = ~np.isnan(values)
    values, index = values[keep], index[keep]
    if len(values) == 0:
        raise InvalidInputError("history is empty (no timestamps with a value)")
    ns = np.asarray(index.as_unit("ns").asi8, dtype=np.int64)
    resolution = _resolution_minutes(history.index.freq, ns)
    days = ns // _DAY_NS
    minutes = (ns - days * _DAY_NS) // _MINUTE_NS
    if np.any((ns - days * _DAY_NS) % (resolution * _MINUTE_NS)):
        raise InvalidInputError(
            f"history timestamps must be interval starts on a {resolution}-minute grid"
        )
    return days, minutes // resolution, np.asarray(values, dtype=np.float64), resolution


def _resolution_minutes(freq: Any, ns: npt.NDArray[np.int64]) -> int:
    if freq is not None:
        try:
            step_ns = int(import_pandas().Timedelta(freq).value)
        except (TypeError, ValueError):
            step_ns = 0
    else:
        ordered = np.unique(ns)
        if len(ordered) < 2:
            raise InvalidInputError(
                "cannot tell the interval length from one timestamp: give the index a freq"
            )
        step_ns = int(np.diff(ordered).min())
    if step_ns <= 0 or step_ns % _MINUTE_NS:
        raise InvalidInputError(f"the interval length must be a whole number of minutes, got {step_ns / 1e9} s")
    return step_ns // _MINUTE_NS


def _days_of(name: str, dates: Iterable[Any]) -> npt.NDArray[np.int64]:
    pd = import_pandas("callwright.forecast")
    try:
        stamps = pd.DatetimeIndex(pd.to_datetime(list(dates)))
    except (TypeError, ValueError) as err:
        raise InvalidInputError(f"{name} must be dates: {err}") from None
    if stamps.tz is not None:
        stamps = stamps.tz_localize(None)
    return np.asarray(stamps.normalize().as_unit("ns").asi8 // _DAY_NS, dtype=np.int64)


def _day_of(name: str, value: object) -> int:
    """Days since 1970-01-01 of one date-like value; an error naming the value otherwise."""
    pd = import_pandas("callwright.forecast")
    if isinstance(value, (bool, int, float, np.number)) or value is None:
        raise InvalidInputError(f"{name}: {value!r} is not a date (give a string, date or Timestamp)")
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError, OverflowError) as err:
        raise InvalidInputError(f"{name}: {value!r} is not a date ({err})") from None
    if stamp is pd.NaT or pd.isna(stamp):
        raise InvalidInputError(f"{name}: {value!r} is not a date")
    if stamp.tz is not None:
        stamp = stamp.tz_localize(None)
    return int((stamp.date() - datetime.date(1970, 1, 1)).days)


def _calendar_options(
    us_holidays: object, special_days: object, closed_dates: object
) -> dict[str, Any]:
    """The native calendar keywords: ``us_holidays``, ``special_dates``/``special_labels``
    (parallel lists) and ``closed_dates``, each checked with an error naming the bad value."""
    if not isinstance(us_holidays, (bool, np.bool_)):
        raise InvalidInputError(f"us_holidays must be True or False, got {us_holidays!r}")
    if special_days is None:
        special_days = {}
    if not isinstance(special_days, Mapping):
        raise InvalidInputError(
            "special_days must be a mapping of date -> label, e.g. {'2024-11-29': 'black_friday'}, "
            f"got {type(special_days).__name__}"
        )
    labels: dict[int, str] = {}
    for key, label in special_days.items():
        if not isinstance(label, str) or not label.strip():
            raise InvalidInputError(
                f"special_days: the label of {key!r} must be a non-blank string, got {label!r}"
            )
        day = _day_of("special_days", key)
        if labels.get(day, label) != label:
            raise InvalidInputError(
                f"special_days: {key!r} falls on a day already labelled {labels[day]!r}, not {label!r}"
            )
        labels[day] = label
    if closed_dates is None:
        closed_dates = ()
    if isinstance(closed_dates, (str, bytes)) or not isinstance(closed_dates, Iterable):
        raise InvalidInputError(
            f"closed_dates must be a sequence of dates, got {type(closed_dates).__name__}"
        )
    closed: List[int] = [_day_of("closed_dates", d) for d in closed_dates]
    return {
        "us_holidays": bool(us_holidays),
        "special_dates": list(labels),
        "special_labels": list(labels.values()),
        "closed_dates": closed,
    }


def _check_count(name: str, value: object) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) or value < 1:
        raise InvalidInputError(f"{name} must be a whole number >= 1, got {value!r}")
    return int(value)


def _check_model(name: object) -> str:
    if not isinstance(name, str) or name not in MODELS:
        allowed = ", ".join(repr(m) for m in MODELS)
        raise InvalidInputError(f"unknown model {name!r}: expected one of {allowed}")
    return name


def forecast(
    history: pandas.Series,
    *,
    days: Optional[int] = 7,
    dates: Optional[Sequence[DateLike]] = None,
    model: str = "day_profile",
    quantiles: Sequence[float] = (0.1, 0.5, 0.9),
    weeks: int = 4,
    us_holidays: bool = False,
    special_days: Optional[Mapping[DateLike, str]] = None,
    closed_dates: Iterable[DateLike] = (),
) -> pandas.DataFrame:
    """Fit ``model`` on ``history`` and forecast the counts per interval of later days.

    Args:
        history: counts per interval, a pandas Series with a DatetimeIndex of interval starts.
        days: forecast this many days after the last day of the history (ignored when
            ``dates`` is given).
        dates: the days to forecast (each after the history), instead of ``days``.
        model: one of :data:`MODELS`.
        quantiles: quantile levels in ``(0, 1)``, one column each (see :func:`quantile_column`).
        weeks: weeks averaged by ``"same_slot_mean"``.
        us_holidays: declare US public holidays (New Year's Day, Memorial Day, Independence
            Day, Labor Day, Thanksgiving, Christmas Eve, Christmas, New Year's Eve) as special
            days, each with its own label, over the years of the history and the forecast.
        special_days: the caller's special days, ``{date: label}`` (e.g.
            ``{"2023-11-24": "black_friday", "2024-11-29": "black_friday"}``). Days sharing a
            label are occurrences of one event: ``"day_profile"`` learns the event's effect on
            the day total and its intraday shape from the past occurrences in the history and
            applies them to the later ones. A label given here replaces a US holiday's on the
            same date. Declare the future occurrences too, or they are forecast as ordinary days.
        closed_dates: days the centre is closed (forecast as zero, excluded from fitting); a
            label from ``special_days`` on the same date is kept.

    Returns:
        A DataFrame indexed by interval start (named ``"time"``) with a ``mean`` column (the
        expected count) and one column per quantile. ``df.attrs`` holds ``interval_s`` and
        ``model``.

    Raises:
        MissingDependencyError: pandas is not installed.
        InvalidInputError: a bad history (not a Series with a DatetimeIndex, duplicates,
            negative counts, too little data for the model), bad dates or options, a special
            day or closed date that is not a date, a blank or non-string label (the message
            names the value).

    Example (an event seen once in the history, forecast at its next occurrence)::

        >>> import pandas as pd
        >>> from callwright import forecast
        >>> index = pd.date_range("2024-01-01", periods=10 * 7, freq="D")
        >>> history = pd.Series(100.0, index=index)
        >>> history["2024-02-02"] = 250.0  # a campaign day: 2.5 × the usual volume
        >>> campaign = {"2024-02-02": "campaign", "2024-03-11": "campaign"}
        >>> fc = forecast.forecast(history, days=2, special_days=campaign, quantiles=[])
        >>> fc["mean"].round(1).tolist()
        [250.0, 100.0]
    """
    pd = import_pandas("callwright.forecast.forecast()")
    model = _check_model(model)
    day_numbers, slots, values, resolution = _history_arrays(history)
    if dates is not None:
        targets = _days_of("dates", dates)
    else:
        count = _check_count("days", days)
        targets = np.arange(day_numbers.max() + 1, day_numbers.max() + 1 + count, dtype=np.int64)
    levels = [float(q) for q in _arrays.as_float_array("quantiles", list(quantiles)).ravel()]
    result = _native.fit_forecast(
        day_numbers,
        slots,
        values,
        resolution,
        targets,
        model=model,
        quantiles=levels,
        weeks=_check_count("weeks", weeks),
        **_calendar_options(us_holidays, special_days, closed_dates),
    )
    ns = result["days"] * _DAY_NS + result["slots"] * resolution * _MINUTE_NS
    index = pd.DatetimeIndex(ns.astype("datetime64[ns]"), name="time")
    data = {"mean": result["mean"]}
    for q, column in zip(levels, result["quantiles"]):
        data[quantile_column(q)] = column
    frame = pd.DataFrame(data, index=index)
    frame.attrs["interval_s"] = resolution * 60.0
    frame.attrs["model"] = model
    return frame


def backtest(
    history: pandas.Series,
    *,
    models: Sequence[str] = ("seasonal_naive", "same_slot_mean", "day_profile"),
    horizon_days: int = 28,
    origins: int = 1,
    step_days: int = 7,
    bucket_days: int = 7,
    interval: float = 0.8,
    dispersion_origins: int = 8,
    weeks: int = 4,
    us_holidays: bool = False,
    special_days: Optional[Mapping[DateLike, str]] = None,
    closed_dates: Iterable[DateLike] = (),
) -> pandas.DataFrame:
    """Rolling-origin backtest of each model on ``history``, scored by horizon bucket.

    Each origin ``i`` (``0 .. origins-1``) ends the training data ``horizon_days + i ·
    step_days`` days before the last day; the next ``horizon_days`` days are forecast and
    compared with the actuals, in buckets of ``bucket_days`` days plus an ``"all"`` row.

    Args:
        history: counts per interval, a pandas Series with a DatetimeIndex of interval starts.
        models: names from :data:`MODELS`.
        interval: central prediction interval scored for coverage (0.8 = 10 % to 90 %).
        dispersion_origins: in-sample origins used to estimate the forecast dispersion.
        weeks: weeks averaged by ``"same_slot_mean"``.
        us_holidays, special_days, closed_dates: the calendar, as in :func:`forecast`;
            special days and closed dates inside the history are known to every origin.

    Returns:
        A DataFrame with columns ``model`` (the name passed), ``description`` (the model's
        own description), ``horizon``, ``n`` (intervals scored), ``wape``,
        ``mase``, ``pinball`` (mean over the two interval ends and the median), ``coverage``
        and ``poisson_floor`` (the WAPE that pure Poisson noise alone would give).

    Raises:
        MissingDependencyError: pandas is not installed.
        InvalidInputError: a bad history, too little history, bad options or calendar
            entries (the message names the value).
    """
    pd = import_pandas("callwright.forecast.backtest()")
    if isinstance(models, str):
        models = [models]
    names = [_check_model(m) for m in models]
    day_numbers, slots, values, resolution = _history_arrays(history)
    table = _native.backtest(
        day_numbers,
        slots,
        values,
        resolution,
        models=names,
        horizon_days=_check_count("horizon_days", horizon_days),
        origins=_check_count("origins", origins),
        step_days=_check_count("step_days", step_days),
        bucket_days=_check_count("bucket_days", bucket_days),
        interval=_arrays.scalar("interval", interval),
        dispersion_origins=_check_count("dispersion_origins", dispersion_origins),
        weeks=_check_count("weeks", weeks),
        **_calendar_options(us_holidays, special_days, closed_dates),
    )
    return pd.DataFrame(table)
