//! callwright-forecast: forecasts of contacts (and handle time) per interval, with uncertainty,
//! backtests and accuracy metrics.
//!
//! The crate works on typed, calendar-aware series ([`Series`], indexed by date and slot of the
//! day, never by position), so missing days, closed hours and DST gaps never shift the weekly
//! alignment. CSV reading lives at the edge (facade, CLI, Python).
//!
//! # Pipeline
//!
//! ```
//! use callwright_forecast::{
//!     Calendar, DayProfile, Dispersion, Forecaster, ProbabilisticForecast, Resolution, Series,
//! };
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
//! let mut model = DayProfile::default();
//! // dispersion from in-sample backtests; leaves the model fitted on the full history
//! let dispersion = Dispersion::estimate(&mut model, &history, &calendar, 4, 7)?;
//! let next = start + Days::new(56);
//! let forecast = ProbabilisticForecast::new(model.forecast(&[next])?, dispersion);
//! let p90 = forecast.quantiles(0.9)?;
//! assert!(p90.get(next, 12) >= forecast.mean().get(next, 12));
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
