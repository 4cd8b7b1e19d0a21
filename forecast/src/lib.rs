//! callwright-forecast: forecasts of contacts (and handle time) per interval, with backtests and
//! accuracy metrics.
//!
//! Models, calendar-aware series and backtests land with the forecasting issue.
