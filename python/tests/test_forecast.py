"""callwright.forecast: benchmark models against direct pandas computations, shapes, bad inputs."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from callwright import forecast
from callwright.exceptions import CallwrightError, InvalidInputError

DATA = Path(__file__).resolve().parents[2] / "data" / "us_bank_calls_30min.csv"


def hourly_history(weeks=8, seed=0):
    """Hourly counts with a daily shape, a weekday effect and noise (deterministic)."""
    rng = np.random.default_rng(seed)
    index = pd.date_range("2024-01-01", periods=weeks * 7 * 24, freq="h")
    base = np.where((index.hour >= 8) & (index.hour < 20), 40.0, 5.0)
    base = base * np.where(index.day_of_week < 5, 1.0, 0.5)
    return pd.Series(rng.poisson(base).astype(float), index=index)


def bank_series():
    df = pd.read_csv(DATA)
    return pd.Series(df["calls"].to_numpy(dtype=float), index=pd.to_datetime(df["date"] + " " + df["start"]))


def test_seasonal_naive_repeats_last_week():
    history = hourly_history()
    fc = forecast.forecast(history, days=7, model="seasonal_naive", quantiles=[])
    assert list(fc.columns) == ["mean"]
    expected = history.iloc[-7 * 24 :]
    assert len(fc) == len(expected)
    assert (fc.index == expected.index + pd.Timedelta(days=7)).all()
    np.testing.assert_allclose(fc["mean"].to_numpy(), expected.to_numpy())


def test_same_slot_mean_averages_the_last_weeks():
    history = hourly_history()
    fc = forecast.forecast(history, days=7, model="same_slot_mean", weeks=3, quantiles=[])
    weeks = [history.iloc[len(history) - k * 7 * 24 : len(history) - (k - 1) * 7 * 24].to_numpy() for k in (1, 2, 3)]
    np.testing.assert_allclose(fc["mean"].to_numpy(), np.mean(weeks, axis=0), rtol=1e-12)


@pytest.mark.parametrize("model", ["day_profile", "holt_winters"])
def test_models_forecast_the_daily_shape(model):
    history = hourly_history(weeks=14)
    fc = forecast.forecast(history, days=7, model=model)
    assert list(fc.columns) == ["mean", "p10", "p50", "p90"]
    assert fc.index.name == "time" and len(fc) == 7 * 24
    assert fc.attrs == {"interval_s": 3600.0, "model": model}
    assert (fc["p10"] <= fc["p50"]).all() and (fc["p50"] <= fc["p90"]).all()
    assert (fc["mean"] >= 0).all()
    weekday_noon = fc[(fc.index.day_of_week < 5) & (fc.index.hour == 12)]["mean"]
    weekday_night = fc[(fc.index.day_of_week < 5) & (fc.index.hour == 3)]["mean"]
    assert weekday_noon.mean() == pytest.approx(40.0, rel=0.15)
    assert weekday_night.mean() == pytest.approx(5.0, rel=0.3)


def test_bank_series_forecast_and_backtest():
    series = bank_series()
    fc = forecast.forecast(series, days=7, quantiles=[0.05, 0.975])
    assert list(fc.columns) == ["mean", "p5", "p97.5"]
    assert fc.attrs["interval_s"] == 1800.0
    assert fc.index.min() > series.index.max()
    assert (fc["p5"] <= fc["p97.5"]).all()
    table = forecast.backtest(series, models=["seasonal_naive", "day_profile"], horizon_days=14, origins=2)
    assert list(table.columns) == ["model", "description", "horizon", "n", "wape", "mase", "pinball", "coverage", "poisson_floor"]
    assert table["model"].tolist() == ["seasonal_naive"] * 3 + ["day_profile"] * 3
    assert table["horizon"].tolist() == ["1-7 d", "8-14 d", "all"] * 2
    assert (table["wape"] > 0).all() and ((table["coverage"] >= 0) & (table["coverage"] <= 1)).all()
    all_rows = table[table["horizon"] == "all"]
    assert (all_rows["n"] == table[table["horizon"] != "all"].groupby("model", sort=False)["n"].sum().to_numpy()).all()


def test_backtest_wape_of_seasonal_naive_matches_pandas():
    # A complete hourly history: the naive forecast of the last week is the week before it.
    history = hourly_history(weeks=10, seed=4)
    table = forecast.backtest(history, models=["seasonal_naive"], horizon_days=7, bucket_days=7)
    actual = history.iloc[-7 * 24 :].to_numpy()
    naive = history.iloc[-14 * 24 : -7 * 24].to_numpy()
    wape = np.abs(actual - naive).sum() / actual.sum()
    row = table[table["horizon"] == "all"].iloc[0]
    assert row["n"] == 7 * 24
    assert row["wape"] == pytest.approx(wape, rel=1e-12)


def test_explicit_dates_tz_aware_index_and_missing_values():
    history = hourly_history()
    fc = forecast.forecast(history, dates=["2024-03-04", pd.Timestamp("2024-03-06")], model="seasonal_naive")
    assert sorted(set(fc.index.normalize().strftime("%Y-%m-%d"))) == ["2024-03-04", "2024-03-06"]
    aware = history.tz_localize("America/New_York", nonexistent="shift_forward", ambiguous="NaT")
    aware = aware[aware.index.notna()]
    fc_aware = forecast.forecast(aware, days=1, model="seasonal_naive")
    assert fc_aware.index.tz is None
    gappy = history.copy()
    gappy.iloc[5] = np.nan
    fc_gappy = forecast.forecast(gappy, days=1, model="seasonal_naive")
    assert len(fc_gappy) == 24


def test_integer_counts_and_index_freq():
    history = hourly_history().astype(np.int64)
    fc = forecast.forecast(history, days=1, model="seasonal_naive")
    assert fc.attrs["interval_s"] == 3600.0
    sparse = hourly_history().iloc[::2]  # every other hour: the smallest gap is 2 h
    assert forecast.forecast(sparse, days=1, model="seasonal_naive").attrs["interval_s"] == 7200.0


@pytest.mark.parametrize(
    ("history", "pattern"),
    [
        ([1.0, 2.0], "pandas Series"),
        (pd.Series([1.0, 2.0]), "DatetimeIndex"),
        (pd.Series([], dtype=float, index=pd.DatetimeIndex([])), "empty"),
        (pd.Series([np.nan, np.nan], index=pd.date_range("2024-01-01", periods=2, freq="h")), "empty"),
        (pd.Series([1.0], index=pd.DatetimeIndex(["2024-01-01 10:00"])), "one timestamp"),
        (pd.Series([1.0, 2.0], index=pd.DatetimeIndex(["2024-01-01", "2024-01-01"])), "duplicate"),
        (pd.Series([1.0, -2.0], index=pd.date_range("2024-01-01", periods=2, freq="h")), "must be finite and ≥ 0"),
        (pd.Series([1.0, np.inf], index=pd.date_range("2024-01-01", periods=2, freq="h")), "must be finite"),
        (pd.Series(["a", "b"], index=pd.date_range("2024-01-01", periods=2, freq="h")), "history"),
        (pd.Series([True, False], index=pd.date_range("2024-01-01", periods=2, freq="h")), "history"),
        (pd.Series([1.0, 2.0], index=pd.date_range("2024-01-01", periods=2, freq="7min")), "resolution"),
        (pd.Series([1.0, 2.0], index=pd.date_range("2024-01-01", periods=2, freq="90s")), "whole number of minutes"),
        (pd.Series([1.0, 2.0, 3.0], index=pd.DatetimeIndex(["2024-01-01 00:00", "2024-01-01 00:30", "2024-01-01 01:10"])), "interval starts"),
    ],
)
def test_bad_histories(history, pattern):
    with pytest.raises(InvalidInputError, match=pattern) as info:
        forecast.forecast(history, days=1, model="seasonal_naive")
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    ("options", "pattern"),
    [
        ({"model": "prophet"}, "unknown model 'prophet'"),
        ({"model": 3}, "unknown model"),
        ({"quantiles": [1.5]}, "1.5"),
        ({"quantiles": [np.nan]}, "NaN|nan"),
        ({"quantiles": ["a"]}, "quantiles"),
        ({"days": 0}, "days"),
        ({"days": 1.5}, "days"),
        ({"days": None}, "days"),
        ({"weeks": 0, "model": "same_slot_mean"}, "weeks"),
        ({"dates": ["2024-01-10"]}, "cannot forecast 2024-01-10"),
        ({"dates": ["not a date"]}, "dates"),
        ({"closed_dates": ["nope"]}, "closed_dates"),
    ],
)
def test_bad_forecast_options(options, pattern):
    options = {"model": "seasonal_naive", **options}
    with pytest.raises(InvalidInputError, match=pattern):
        forecast.forecast(hourly_history(), **options)


def test_not_enough_history_for_the_model():
    short = hourly_history(weeks=1)
    with pytest.raises(InvalidInputError, match="not enough history"):
        forecast.forecast(short, days=1, model="holt_winters")


@pytest.mark.parametrize(
    ("options", "pattern"),
    [
        ({"models": ["nope"]}, "unknown model"),
        ({"horizon_days": 0}, "horizon_days"),
        ({"origins": -1}, "origins"),
        ({"interval": 1.5}, "1.5"),
        ({"interval": None}, "interval"),
        ({"horizon_days": 400}, "not enough history"),
    ],
)
def test_bad_backtest_options(options, pattern):
    with pytest.raises(CallwrightError, match=pattern):
        forecast.backtest(hourly_history(), **options)


def test_backtest_accepts_one_model_name():
    table = forecast.backtest(hourly_history(), models="seasonal_naive", horizon_days=7)
    assert set(table["model"]) == {"seasonal_naive"}


def test_quantile_column_names():
    assert forecast.quantile_column(0.1) == "p10"
    assert forecast.quantile_column(0.5) == "p50"
    assert forecast.quantile_column(0.975) == "p97.5"
    assert forecast.quantile_column(0.07) == "p7"
