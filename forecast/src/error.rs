//! The crate's error type.

use chrono::NaiveDate;

/// Everything that can go wrong in `callwright-forecast`. Every variant names the offending field
/// and carries its value, so callers (and the Python layer) can match on it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An interval length that does not divide a day into whole intervals.
    #[error("invalid resolution: {minutes} min (must be ≥ 1 and divide 1440)")]
    InvalidResolution {
        /// The rejected interval length in minutes.
        minutes: u32,
    },
    /// Re-binning to a resolution that is not a whole multiple of the current one.
    #[error("cannot aggregate {from_minutes}-min data to {to_minutes} min (not a multiple)")]
    IncompatibleResolution {
        /// Resolution of the series, minutes.
        from_minutes: u32,
        /// Requested resolution, minutes.
        to_minutes: u32,
    },
    /// A value that is NaN, infinite or negative where a count, rate or duration is required.
    #[error("invalid {field}: {value} (must be finite and ≥ 0)")]
    InvalidValue {
        /// Which quantity was rejected.
        field: &'static str,
        /// The rejected value.
        value: f64,
    },
    /// A slot index past the end of the day.
    #[error("slot {slot} out of range: a day has {slots_per_day} slots")]
    SlotOutOfRange {
        /// The rejected slot index.
        slot: usize,
        /// Number of slots in a day at this resolution.
        slots_per_day: usize,
    },
    /// A parameter outside its allowed range.
    #[error("invalid parameter {name}: {value} (allowed: {allowed})")]
    InvalidParameter {
        /// Parameter name.
        name: &'static str,
        /// The rejected value.
        value: f64,
        /// The allowed range, in words.
        allowed: &'static str,
    },
    /// Operating hours with the close before the open, or past midnight.
    #[error("invalid operating hours for {weekday}: open {open_min} min, close {close_min} min")]
    InvalidHours {
        /// Day of the week, e.g. `Mon`.
        weekday: String,
        /// Opening time, minutes after midnight.
        open_min: u32,
        /// Closing time, minutes after midnight.
        close_min: u32,
    },
    /// Not enough history for the model to fit.
    #[error("not enough history for {model}: need {needed_days} days with data, got {got_days}")]
    NotEnoughHistory {
        /// The model that refused.
        model: String,
        /// Days with data the model needs.
        needed_days: usize,
        /// Days with data it got.
        got_days: usize,
    },
    /// `forecast` called before `fit`.
    #[error("{model} has not been fitted")]
    NotFitted {
        /// The model that was asked.
        model: String,
    },
    /// Forecasting a date that is not after the end of the fitted history.
    #[error("cannot forecast {date}: history runs to {origin}")]
    DateNotAfterOrigin {
        /// The requested date.
        date: NaiveDate,
        /// The last date of the fitted history.
        origin: NaiveDate,
    },
    /// Two series that must share a resolution do not.
    #[error("resolution mismatch: {left_minutes} min vs {right_minutes} min")]
    ResolutionMismatch {
        /// Resolution of the first series, minutes.
        left_minutes: u32,
        /// Resolution of the second series, minutes.
        right_minutes: u32,
    },
    /// Two inputs that must have the same length do not.
    #[error("length mismatch: {field} has {got} values, expected {expected}")]
    LengthMismatch {
        /// Which input is off.
        field: &'static str,
        /// Its length.
        got: usize,
        /// The length it should have.
        expected: usize,
    },
    /// An input with nothing to work on (empty series, no overlapping intervals, zero totals).
    #[error("empty input: {what}")]
    Empty {
        /// What was empty.
        what: &'static str,
    },
}

/// Result with this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// Checks that `value` is finite and non-negative.
pub(crate) fn check_non_negative(field: &'static str, value: f64) -> Result<f64> {
    if value.is_finite() && value >= 0.0 {
        Ok(value)
    } else {
        Err(Error::InvalidValue { field, value })
    }
}

#[cfg(test)]
#[allow(
    clippy::float_cmp,
    reason = "tests compare exactly representable values"
)]
mod tests {
    use super::*;

    #[test]
    fn error_is_send_sync_static() {
        fn assert_send_sync<T: Send + Sync + 'static>() {}
        assert_send_sync::<Error>();
    }

    #[test]
    fn messages_name_field_and_value() {
        let e = check_non_negative("count", -1.0).unwrap_err();
        assert_eq!(e.to_string(), "invalid count: -1 (must be finite and ≥ 0)");
        assert!(check_non_negative("count", f64::NAN).is_err());
        assert_eq!(check_non_negative("count", 2.5), Ok(2.5));
    }
}
