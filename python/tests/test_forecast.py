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


# --- the calendar: special days, US holidays, closed days ------------------------------------


def half_day_history():
    """12-hour counts over 10 weeks: weekdays 60 + 40, weekends 30 + 20; one "event" Wednesday
    (2024-01-24) with 10 + 40, i.e. half the day total (effect 0.5) and shares 0.2 / 0.8."""
    index = pd.date_range("2024-01-01", periods=10 * 7 * 2, freq="12h")
    first = index.hour == 0
    weekday = index.day_of_week < 5
    values = np.where(weekday, np.where(first, 60.0, 40.0), np.where(first, 30.0, 20.0))
    history = pd.Series(values, index=index)
    history[pd.Timestamp("2024-01-24 00:00")] = 10.0
    return history


EVENT = pd.Timestamp("2024-01-24")
NEXT_EVENT = pd.Timestamp("2024-03-16")  # a Saturday, after the history's last day 2024-03-10


def day_means(fc, day):
    return fc.loc[str(day.date()), "mean"].to_numpy()


def test_a_special_day_takes_the_effect_and_shape_of_its_past_occurrence():
    history = half_day_history()
    plain = forecast.forecast(history, days=7, quantiles=[])
    special = forecast.forecast(
        history, days=7, quantiles=[], special_days={EVENT: "event", "2024-03-16": "event"}
    )
    # without the calendar: an ordinary Saturday (30 + 20)
    np.testing.assert_allclose(day_means(plain, NEXT_EVENT), [30.0, 20.0], atol=1e-9)
    # with it: Saturday level 50 × effect 0.5 = 25, split 0.2 / 0.8 like the past occurrence
    np.testing.assert_allclose(day_means(special, NEXT_EVENT), [5.0, 20.0], atol=1e-9)
    # every other day is ordinary: the construction's 60 + 40 on weekdays, 30 + 20 at weekends
    # (without the calendar, the past event also skews the Wednesday profile)
    others = special[special.index.normalize() != NEXT_EVENT]
    weekday = others.index.day_of_week < 5
    first = others.index.hour == 0
    truth = np.where(weekday, np.where(first, 60.0, 40.0), np.where(first, 30.0, 20.0))
    np.testing.assert_allclose(others["mean"], truth, atol=1e-9)


def test_special_day_labels_are_separate_events():
    history = half_day_history()
    history[pd.Timestamp("2024-02-07 00:00")] = 120.0  # another event, total 160 (effect 1.6)
    labels = {EVENT: "outage", "2024-02-07": "campaign", "2024-03-14": "campaign", NEXT_EVENT: "outage"}
    fc = forecast.forecast(history, days=7, quantiles=[], special_days=labels)
    np.testing.assert_allclose(day_means(fc, NEXT_EVENT), [5.0, 20.0], atol=1e-9)
    # Thursday 100 × 1.6 = 160, split 120 / 40 like the campaign's past occurrence
    np.testing.assert_allclose(day_means(fc, pd.Timestamp("2024-03-14")), [120.0, 40.0], atol=1e-9)


def test_us_holidays_are_learned_from_last_year():
    """Daily counts over two years at 100 a day, Christmas at 20: only the holiday calendar
    forecasts the next Christmas low."""
    index = pd.date_range("2023-01-02", "2024-12-20", freq="D")
    history = pd.Series(100.0, index=index)
    history[pd.Timestamp("2023-12-25")] = 20.0
    dates = ["2024-12-24", "2024-12-25", "2024-12-26"]
    plain = forecast.forecast(history, dates=dates, quantiles=[])
    holidays = forecast.forecast(history, dates=dates, quantiles=[], us_holidays=True)
    # without it Christmas is an ordinary day (last year's dip only nudges the trend)
    assert plain["mean"].iloc[1] == pytest.approx(plain["mean"].iloc[0])
    assert plain["mean"].min() > 80.0
    np.testing.assert_allclose(holidays["mean"], [100.0, 20.0, 100.0], atol=1e-6)
    # a caller's label replaces the holiday's: "xmas" has no past occurrence, so no effect
    relabelled = forecast.forecast(
        history, dates=dates, quantiles=[], us_holidays=True, special_days={"2024-12-25": "xmas"}
    )
    np.testing.assert_allclose(relabelled["mean"], [100.0, 100.0, 100.0], atol=1e-6)


def test_a_closed_day_forecasts_zero_in_every_column():
    history = hourly_history()
    closed = history.index[-1].normalize() + pd.Timedelta(days=2)
    fc = forecast.forecast(history, days=4, quantiles=[0.1, 0.5, 0.9], closed_dates=[closed.date()])
    day = fc.index.normalize() == closed
    assert day.sum() == 24
    assert (fc[day].to_numpy() == 0.0).all()
    assert (fc[~day]["mean"].groupby(fc.index[~day].normalize()).sum() > 0).all()
    # closed and labelled at once: still zero
    both = forecast.forecast(
        history, days=4, quantiles=[0.5], closed_dates=[str(closed.date())],
        special_days={closed: "strike"},
    )
    assert (both[day].to_numpy() == 0.0).all()


def test_backtest_with_special_days_scores_better():
    """A campaign every fourth Wednesday triples the volume; declaring it lowers the WAPE."""
    rng = np.random.default_rng(3)
    index = pd.date_range("2024-01-01", periods=26 * 7, freq="D")
    campaigns = [d for d in index if d.day_of_week == 2 and (d - index[0]).days % 28 == 2]
    mean = pd.Series(200.0, index=index)
    mean[campaigns] = 600.0
    history = pd.Series(rng.poisson(mean.to_numpy()).astype(float), index=index)
    options = {"models": ["day_profile"], "horizon_days": 28, "origins": 6, "bucket_days": 28}
    plain = forecast.backtest(history, **options)
    special = forecast.backtest(history, special_days={d: "campaign" for d in campaigns}, **options)
    wape = lambda table: float(table.loc[table["horizon"] == "all", "wape"].iloc[0])  # noqa: E731
    assert wape(special) < 0.5 * wape(plain)


@pytest.mark.parametrize(
    ("options", "pattern"),
    [
        ({"special_days": {"2024-13-45": "x"}}, "special_days: '2024-13-45' is not a date"),
        ({"special_days": {"someday": "x"}}, "'someday'"),
        ({"special_days": {3: "x"}}, "special_days: 3 is not a date"),
        ({"special_days": {None: "x"}}, "None is not a date"),
        ({"special_days": {"2024-03-01": ""}}, "label of '2024-03-01' must be a non-blank string, got ''"),
        ({"special_days": {"2024-03-01": "  "}}, "got '  '"),
        ({"special_days": {"2024-03-01": 7}}, "got 7"),
        ({"special_days": {"2024-03-01": "a", "2024-03-01 10:00": "b"}}, "already labelled 'a'"),
        ({"special_days": ["2024-03-01"]}, "special_days must be a mapping"),
        ({"special_days": "2024-03-01"}, "special_days must be a mapping"),
        ({"closed_dates": ["2024-03-01", "bad day"]}, "closed_dates: 'bad day' is not a date"),
        ({"closed_dates": [1.5]}, "closed_dates: 1.5 is not a date"),
        ({"closed_dates": "2024-03-01"}, "closed_dates must be a sequence"),
        ({"closed_dates": 5}, "closed_dates must be a sequence"),
        ({"closed_dates": [pd.NaT]}, "NaT is not a date"),
        ({"us_holidays": "us"}, "us_holidays must be True or False, got 'us'"),
        ({"special_days": {"99999-01-01": "far"}}, "'99999-01-01' is not a date"),
    ],
)
@pytest.mark.parametrize("function", ["forecast", "backtest"])
def test_bad_calendar_options(options, pattern, function):
    with pytest.raises(InvalidInputError, match=pattern) as info:
        if function == "forecast":
            forecast.forecast(hourly_history(), days=1, **options)
        else:
            forecast.backtest(hourly_history(), models=["seasonal_naive"], horizon_days=7, **options)
    assert isinstance(info.value, ValueError)


def test_calendar_accepts_date_kinds_and_tz_aware_stamps():
    history = half_day_history()
    kinds = [
        {EVENT.date(): "event", NEXT_EVENT.date(): "event"},
        {np.datetime64("2024-01-24"): "event", pd.Timestamp("2024-03-16 09:30", tz="US/Eastern"): "event"},
        {"2024-01-24": "event", "2024-03-16T00:00": "event"},
    ]
    for labels in kinds:
        fc = forecast.forecast(history, days=7, quantiles=[], special_days=labels)
        np.testing.assert_allclose(day_means(fc, NEXT_EVENT), [5.0, 20.0], atol=1e-9)
    empty = forecast.forecast(history, days=7, quantiles=[], special_days={}, closed_dates=None)
    np.testing.assert_allclose(day_means(empty, NEXT_EVENT), [30.0, 20.0], atol=1e-9)
