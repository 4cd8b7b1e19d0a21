//! Native half of `callwright.forecast`: fit a model on a history of counts per interval and
//! forecast later days with quantiles, or backtest models.
//!
//! Dates cross the boundary as days since 1970-01-01 and intervals as slot numbers within the
//! day (the Python layer converts a pandas `DatetimeIndex`), so no date type is needed here.

use callwright_forecast::{
    self as forecast, Backtest, Calendar, DayProfile, Forecaster, HoltWinters,
    ProbabilisticForecast, Resolution, SameSlotMean, SeasonalNaive, Series,
};
use chrono::NaiveDate;
use numpy::{PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::error::Error;

/// Names of the models, as accepted by `model`.
const MODELS: [&str; 4] = [
    "day_profile",
    "holt_winters",
    "seasonal_naive",
    "same_slot_mean",
];

/// A model by name.
///
/// # Errors
///
/// [`Error::InvalidInput`] listing the allowed names; the crate's error for `weeks = 0`.
fn model_named(name: &str, weeks: usize) -> Result<Box<dyn Forecaster + Send>, Error> {
    Ok(match name {
        "day_profile" => Box::new(DayProfile::default()),
        "holt_winters" => Box::new(HoltWinters::default()),
        "seasonal_naive" => Box::new(SeasonalNaive::new()),
        "same_slot_mean" => Box::new(SameSlotMean::new(weeks)?),
        other => {
            let allowed: Vec<String> = MODELS.iter().map(|m| format!("'{m}'")).collect();
            return Err(Error::InvalidInput(format!(
                "unknown model '{other}': expected one of {}",
                allowed.join(", ")
            )));
        }
    })
}

/// The date `days` days after 1970-01-01.
fn date_of(days: i64) -> Result<NaiveDate, Error> {
    i32::try_from(days)
        .ok()
        .and_then(NaiveDate::from_epoch_days)
        .ok_or_else(|| {
            Error::InvalidInput(format!("date out of range: {days} days after 1970-01-01"))
        })
}

/// A series from parallel arrays of dates, slots and values.
fn series_of(
    resolution_min: u32,
    days: &[i64],
    slots: &[i64],
    values: &[f64],
) -> Result<Series, Error> {
    if days.len() != slots.len() || days.len() != values.len() {
        return Err(Error::InvalidInput(format!(
            "history arrays differ in length: {} dates, {} slots, {} values",
            days.len(),
            slots.len(),
            values.len()
        )));
    }
    let mut series = Series::new(Resolution::new(resolution_min)?);
    for (i, ((&day, &slot), &value)) in days.iter().zip(slots).zip(values).enumerate() {
        let slot = usize::try_from(slot)
            .map_err(|_| Error::InvalidInput(format!("negative slot {slot}")).at(vec![i]))?;
        series
            .set(date_of(day).map_err(|e| e.at(vec![i]))?, slot, value)
            .map_err(|e| Error::from(e).at(vec![i]))?;
    }
    Ok(series)
}

/// The caller's calendar options: US public holidays, labelled special days and closed days.
struct CalendarOptions {
    /// Declare US public holidays (each with its own label) over the years of the data.
    us_holidays: bool,
    /// Special days as days since 1970-01-01, parallel to `special_labels`.
    special_dates: Vec<i64>,
    /// The label of each special day.
    special_labels: Vec<String>,
    /// Days the centre is closed.
    closed_dates: Vec<i64>,
}

/// A calendar: the default operating hours, US public holidays when asked, the caller's labelled
/// special days (overriding a holiday on the same date) and closed days (keeping a label given
/// for the same date).
fn calendar_of(options: &CalendarOptions, years: (i32, i32)) -> Result<Calendar, Error> {
    if options.special_dates.len() != options.special_labels.len() {
        return Err(Error::InvalidInput(format!(
            "special days differ in length: {} dates, {} labels",
            options.special_dates.len(),
            options.special_labels.len()
        )));
    }
    let mut calendar = Calendar::default();
    if options.us_holidays {
        calendar = calendar.with_us_holidays(years.0..=years.1);
    }
    for (&day, label) in options.special_dates.iter().zip(&options.special_labels) {
        if label.trim().is_empty() {
            return Err(Error::InvalidInput(format!(
                "special day label must not be blank, got {label:?}"
            )));
        }
        calendar.add_special_day(date_of(day)?, label, false);
    }
    for &day in &options.closed_dates {
        let date = date_of(day)?;
        let label = calendar
            .special_day(date)
            .map_or_else(|| "closed".to_owned(), |s| s.label.clone());
        calendar.add_special_day(date, &label, true);
    }
    Ok(calendar)
}

/// The year of a date given as days since 1970-01-01.
fn year_of(days: i64) -> Result<i32, Error> {
    use chrono::Datelike;
    Ok(date_of(days)?.year())
}

/// Fits `model` on the history and forecasts `dates`: the mean and each quantile per interval.
/// Returns a dict with `days`, `slots` (int64), `mean` and `quantiles` (one array per level).
#[pyfunction]
#[pyo3(signature = (
    days, slots, values, resolution_min, dates, *, model = "day_profile", quantiles = Vec::new(),
    weeks = 4, us_holidays = false, special_dates = Vec::new(), special_labels = Vec::new(),
    closed_dates = Vec::new()
))]
#[allow(clippy::too_many_arguments)] // the keyword options of the Python API
#[allow(clippy::needless_pass_by_value)] // PyO3 extracts arguments by value
fn fit_forecast<'py>(
    py: Python<'py>,
    days: PyReadonlyArray1<'py, i64>,
    slots: PyReadonlyArray1<'py, i64>,
    values: PyReadonlyArray1<'py, f64>,
    resolution_min: u32,
    dates: PyReadonlyArray1<'py, i64>,
    model: &str,
    quantiles: Vec<f64>,
    weeks: usize,
    us_holidays: bool,
    special_dates: Vec<i64>,
    special_labels: Vec<String>,
    closed_dates: Vec<i64>,
) -> PyResult<Bound<'py, PyDict>> {
    let mut forecaster = model_named(model, weeks)?;
    let (days, slots, values, dates) = (
        readonly_slice(&days)?,
        readonly_slice(&slots)?,
        readonly_slice(&values)?,
        readonly_slice(&dates)?,
    );
    let history = series_of(resolution_min, days, slots, values)?;
    let targets: Vec<NaiveDate> = dates
        .iter()
        .map(|&d| date_of(d))
        .collect::<Result<_, _>>()?;
    let first = days.iter().chain(dates).min().copied().unwrap_or(0);
    let last = days.iter().chain(dates).max().copied().unwrap_or(0);
    let options = CalendarOptions {
        us_holidays,
        special_dates,
        special_labels,
        closed_dates,
    };
    let calendar = calendar_of(&options, (year_of(first)?, year_of(last)?))?;
    let outcome = py.detach(|| -> Result<_, forecast::Error> {
        let fc = ProbabilisticForecast::fit_forecast(
            forecaster.as_mut(),
            &history,
            &calendar,
            &targets,
        )?;
        let levels: Vec<Series> = quantiles
            .iter()
            .map(|&p| fc.quantiles(p))
            .collect::<Result<_, _>>()?;
        let mut out_days = Vec::new();
        let mut out_slots = Vec::new();
        let mut mean = Vec::new();
        let mut columns: Vec<Vec<f64>> = vec![Vec::new(); levels.len()];
        for (date, slot, value) in fc.mean().iter() {
            out_days.push(i64::from(date.to_epoch_days()));
            out_slots.push(i64::try_from(slot).unwrap_or(i64::MAX));
            mean.push(value);
            for (column, level) in columns.iter_mut().zip(&levels) {
                column.push(level.get(date, slot).unwrap_or(f64::NAN));
            }
        }
        Ok((out_days, out_slots, mean, columns))
    });
    let (out_days, out_slots, mean, columns) = outcome.map_err(Error::from)?;
    let result = PyDict::new(py);
    result.set_item("days", PyArray1::from_vec(py, out_days))?;
    result.set_item("slots", PyArray1::from_vec(py, out_slots))?;
    result.set_item("mean", PyArray1::from_vec(py, mean))?;
    let levels: Vec<Bound<'py, PyArray1<f64>>> = columns
        .into_iter()
        .map(|c| PyArray1::from_vec(py, c))
        .collect();
    result.set_item("quantiles", levels)?;
    Ok(result)
}

/// Backtests each model on the history by horizon bucket; returns the score table as columns.
#[pyfunction]
#[pyo3(signature = (
    days, slots, values, resolution_min, *, models, horizon_days = 28, origins = 1,
    step_days = 7, bucket_days = 7, interval = 0.8, dispersion_origins = 8, weeks = 4,
    us_holidays = false, special_dates = Vec::new(), special_labels = Vec::new(),
    closed_dates = Vec::new()
))]
#[allow(clippy::too_many_arguments)] // the keyword options of the Python API
#[allow(clippy::needless_pass_by_value)] // PyO3 extracts arguments by value
fn backtest<'py>(
    py: Python<'py>,
    days: PyReadonlyArray1<'py, i64>,
    slots: PyReadonlyArray1<'py, i64>,
    values: PyReadonlyArray1<'py, f64>,
    resolution_min: u32,
    models: Vec<String>,
    horizon_days: usize,
    origins: usize,
    step_days: usize,
    bucket_days: usize,
    interval: f64,
    dispersion_origins: usize,
    weeks: usize,
    us_holidays: bool,
    special_dates: Vec<i64>,
    special_labels: Vec<String>,
    closed_dates: Vec<i64>,
) -> PyResult<Bound<'py, PyDict>> {
    let mut forecasters = models
        .iter()
        .map(|m| model_named(m, weeks))
        .collect::<Result<Vec<_>, _>>()?;
    let (days, slots, values) = (
        readonly_slice(&days)?,
        readonly_slice(&slots)?,
        readonly_slice(&values)?,
    );
    let history = series_of(resolution_min, days, slots, values)?;
    let first = days.iter().min().copied().unwrap_or(0);
    let last = days.iter().max().copied().unwrap_or(0);
    let options = CalendarOptions {
        us_holidays,
        special_dates,
        special_labels,
        closed_dates,
    };
    let calendar = calendar_of(&options, (year_of(first)?, year_of(last)?))?;
    let config = Backtest {
        horizon_days,
        origins,
        step_days,
        bucket_days,
        interval,
        dispersion_origins,
    };
    let rows = py
        .detach(
            || -> Result<Vec<(String, forecast::ScoreRow)>, forecast::Error> {
                let mut rows = Vec::new();
                for (key, forecaster) in models.iter().zip(&mut forecasters) {
                    let report = config.run(forecaster.as_mut(), &history, &calendar)?;
                    rows.extend(report.rows.into_iter().map(|row| (key.clone(), row)));
                }
                Ok(rows)
            },
        )
        .map_err(Error::from)?;
    let table = PyDict::new(py);
    table.set_item(
        "model",
        rows.iter().map(|(key, _)| key.clone()).collect::<Vec<_>>(),
    )?;
    table.set_item(
        "description",
        rows.iter()
            .map(|(_, r)| r.model.clone())
            .collect::<Vec<_>>(),
    )?;
    let rows: Vec<forecast::ScoreRow> = rows.into_iter().map(|(_, row)| row).collect();
    table.set_item(
        "horizon",
        rows.iter().map(|r| r.horizon.clone()).collect::<Vec<_>>(),
    )?;
    let count: Vec<i64> = rows
        .iter()
        .map(|r| i64::try_from(r.n).unwrap_or(i64::MAX))
        .collect();
    table.set_item("n", PyArray1::from_vec(py, count))?;
    for (name, f) in [
        (
            "wape",
            (|r: &forecast::ScoreRow| r.wape) as fn(&forecast::ScoreRow) -> f64,
        ),
        ("mase", |r| r.mase),
        ("pinball", |r| r.pinball),
        ("coverage", |r| r.coverage),
        ("poisson_floor", |r| r.poisson_floor),
    ] {
        table.set_item(name, PyArray1::from_vec(py, rows.iter().map(f).collect()))?;
    }
    Ok(table)
}

/// The elements of a contiguous 1-D array.
fn readonly_slice<'a, T: numpy::Element>(
    array: &'a PyReadonlyArray1<'_, T>,
) -> Result<&'a [T], Error> {
    array
        .as_slice()
        .map_err(|_| Error::InvalidInput("arrays must be C-contiguous".to_owned()))
}

/// Registers the native submodule `callwright._callwright.forecast`.
pub(crate) fn register(parent: &Bound<'_, PyModule>) -> PyResult<()> {
    let module = crate::new_submodule(parent, "forecast")?;
    module.add_function(wrap_pyfunction!(fit_forecast, &module)?)?;
    module.add_function(wrap_pyfunction!(backtest, &module)?)?;
    module.add("MODELS", MODELS.to_vec())?;
    crate::add_submodule(parent, &module)
}
