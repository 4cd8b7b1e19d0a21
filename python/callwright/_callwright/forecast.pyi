# Stub of the native module `callwright._callwright.forecast` (checked with mypy.stubtest).
# Dates are days since 1970-01-01, intervals are slot numbers within the day.
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["fit_forecast", "backtest", "MODELS"]

_F = npt.NDArray[np.float64]
_I = npt.NDArray[np.int64]

MODELS: list[str]

def fit_forecast(
    days: _I,
    slots: _I,
    values: _F,
    resolution_min: int,
    dates: _I,
    *,
    model: str = "day_profile",
    quantiles: list[float] = ...,
    weeks: int = 4,
    us_holidays: bool = False,
    special_dates: list[int] = ...,
    special_labels: list[str] = ...,
    closed_dates: list[int] = ...,
) -> dict[str, Any]: ...
def backtest(
    days: _I,
    slots: _I,
    values: _F,
    resolution_min: int,
    *,
    models: list[str],
    horizon_days: int = 28,
    origins: int = 1,
    step_days: int = 7,
    bucket_days: int = 7,
    interval: float = 0.8,
    dispersion_origins: int = 8,
    weeks: int = 4,
    us_holidays: bool = False,
    special_dates: list[int] = ...,
    special_labels: list[str] = ...,
    closed_dates: list[int] = ...,
) -> dict[str, Any]: ...
