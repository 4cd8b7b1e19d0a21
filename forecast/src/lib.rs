//! callwright-forecast: forecasts of contacts (and handle time) per interval, with uncertainty,
//! backtests and accuracy metrics.
//!
//! The crate works on typed, calendar-aware series ([`Series`], indexed by date and slot of the
//! day, never by position), so missing days, closed hours and DST gaps never shift the weekly
//! alignment. CSV reading lives at the edge (facade, CLI, Python).
//!
//! - Models, all behind [`Forecaster`] (`fit` on a history, `forecast` dates after it):
//!   [`SeasonalNaive`], [`SameSlotMean`] (the benchmarks), [`DayProfile`] (day level ×
//!   intraday profile with special days and a year-over-year trend: the default choice for
//!   1-4 weeks ahead), [`HoltWinters`] (double seasonal, for 1-2 days ahead).
//! - Uncertainty: [`Dispersion`] (a daily busyness factor and a per-interval factor, estimated
//!   from in-sample backtests) and [`ProbabilisticForecast`] (gamma rates, negative binomial
//!   quantiles, seeded sample paths correlated within a day).
//! - [`IntradayUpdate`] re-forecasts the rest of today from the arrivals so far;
//!   [`AhtSameSlot`] forecasts handle times.
//! - [`Backtest`] scores any model by horizon bucket: WAPE, MASE, pinball loss, interval
//!   coverage, and the Poisson noise floor beside them.
//!
//! # Pipeline
//!
//! ```
//! use callwright_forecast::{Calendar, DayProfile, ProbabilisticForecast, Resolution, Series};
//! use chrono::{Days, NaiveDate};
//! // eight weeks of hourly history with a simple daily shape
//! let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
//! let mut history = Series::new(Resolution::new(60)?);
//! for day in 0..56 {
//!     for hour in 0..24 {
//!         let v = if (8..20).contains(&hour) { 40.0 + (day % 3) as f64 } else { 5.0 };
//!         history.set(start + Days::new(day), hour, v)?;
//!     }
//! }
//! let calendar = Calendar::default();
//! let next_week: Vec<NaiveDate> = (56..63).map(|d| start + Days::new(d)).collect();
//! // dispersion from in-sample backtests, fit on the whole history, forecast
//! let forecast = ProbabilisticForecast::fit_forecast(
//!     &mut DayProfile::default(),
//!     &history,
//!     &calendar,
//!     &next_week,
//! )?;
//! // expected count and 90% quantile per interval; a rate for staffing is count / interval_s
//! let (mean, p90) = (forecast.mean(), forecast.quantiles(0.9)?);
//! let monday = next_week[0];
//! assert!(p90.get(monday, 12) >= mean.get(monday, 12));
//! let paths = forecast.sample_paths(100, 42)?; // for simulation, seeded
//! assert_eq!(paths.len(), 100);
//! # Ok::<(), callwright_forecast::Error>(())
//! ```

mod aht;
mod backtest;
mod calendar;
mod error;
mod intraday;
mod metrics;
mod models;
mod probabilistic;
mod series;

pub use aht::AhtSameSlot;
pub use backtest::{Backtest, BacktestReport, ScoreRow};
pub use calendar::{Calendar, DayHours, MINUTES_PER_DAY, OperatingHours, Resolution, SpecialDay};
pub use error::{Error, Result};
pub use intraday::IntradayUpdate;
pub use metrics::{
    aligned, coverage, mase, pinball_loss, poisson_floor_wape, poisson_mean_abs_dev,
    seasonal_naive_scale, wape,
};
pub use models::{
    DayProfile, DayProfileConfig, Forecaster, HoltWinters, HoltWintersConfig, LevelStat,
    SameSlotMean, SeasonalNaive,
};
pub use probabilistic::{Dispersion, ProbabilisticForecast};
pub use series::Series;
