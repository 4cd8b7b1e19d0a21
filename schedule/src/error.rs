//! The crate's error type.

use thiserror::Error;

/// Everything that can go wrong while validating or solving a scheduling problem.
///
/// Variants name the offending field and carry the bad value so that callers (and the Python
/// layer) can match on them.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum Error {
    /// A numeric input is NaN or infinite.
    #[error("`{field}` must be finite, got {value}")]
    NotFinite {
        /// Dotted path of the field, e.g. `templates[2].cost_per_hour`.
        field: String,
        /// The value given.
        value: f64,
    },
    /// A numeric input is outside its allowed range.
    #[error("`{field}` = {value} is out of range: {expected}")]
    OutOfRange {
        /// Dotted path of the field.
        field: String,
        /// The value given.
        value: f64,
        /// What was expected, in words.
        expected: &'static str,
    },
    /// A time is not a whole number of planning intervals.
    #[error("`{field}` = {value_s} s is not a multiple of the interval length {interval_s} s")]
    NotAligned {
        /// Dotted path of the field.
        field: String,
        /// The time given, seconds.
        value_s: f64,
        /// The interval length, seconds.
        interval_s: f64,
    },
    /// The horizon has no intervals.
    #[error("the horizon is empty: `days` = {days}")]
    EmptyHorizon {
        /// The number of days given.
        days: u32,
    },
    /// A per-interval vector does not have one entry per interval of the horizon.
    #[error("`{field}` has {len} entries, the horizon has {expected} intervals")]
    LengthMismatch {
        /// Dotted path of the field.
        field: String,
        /// Its length.
        len: usize,
        /// The number of intervals in the horizon.
        expected: usize,
    },
    /// No shift template was given.
    #[error("no shift templates were given")]
    NoTemplates,
    /// A list that must not be empty is empty.
    #[error("`{field}` must not be empty")]
    Empty {
        /// Dotted path of the field.
        field: String,
    },
    /// Two break rules of one template can overlap in time.
    #[error(
        "template `{template}`: break `{first}` may still run when break `{second}` may start; \
         break windows must be disjoint and in order"
    )]
    OverlappingBreaks {
        /// Template name.
        template: String,
        /// The earlier break rule.
        first: String,
        /// The later break rule.
        second: String,
    },
    /// A break does not fit inside a shift length it applies to.
    #[error(
        "template `{template}`: break `{rule}` may end after a {length_s} s shift; \
         latest start plus longest duration must fit inside the shift"
    )]
    BreakOutsideShift {
        /// Template name.
        template: String,
        /// Break rule name.
        rule: String,
        /// The shift length, seconds.
        length_s: f64,
    },
    /// Hard coverage was asked for but no allowed shift can work in this interval.
    #[error(
        "interval {interval} needs {requirement} agents but no allowed shift can work in it \
         (templates, days, opening hours and breaks exclude it); use soft coverage to report \
         it as unmet demand"
    )]
    UncoverableInterval {
        /// Index of the interval in the horizon.
        interval: usize,
        /// Its requirement.
        requirement: f64,
    },
    /// Tours were asked for on a horizon that is not a whole number of weeks.
    #[error("tours need a horizon of whole weeks, got {days} days")]
    ToursNeedWholeWeeks {
        /// The number of days in the horizon.
        days: u32,
    },
    /// The tour rules allow no days-off pattern.
    #[error(
        "no weekly days-off pattern has {work_days} working days with the given rules \
         (consecutive days off: {consecutive_days_off}, max consecutive working days: {max_consecutive:?})"
    )]
    NoTourPattern {
        /// Working days per week asked for.
        work_days: u32,
        /// Whether the days off must be consecutive.
        consecutive_days_off: bool,
        /// The maximum consecutive working days, if any.
        max_consecutive: Option<u32>,
    },
    /// The time limit was reached before any feasible schedule was found, and no greedy
    /// fallback applies (tours or minimum counts, or per-day maxima block it).
    #[error("no feasible schedule found within the time limit of {time_limit_s} s")]
    NoSolutionFound {
        /// The time limit, seconds.
        time_limit_s: f64,
    },
    /// The solver failed for a reason other than infeasibility.
    #[error("the solver failed: {message}")]
    Solver {
        /// The solver's message.
        message: String,
    },
    /// Turning the solver's break counts into per-shift breaks failed. This indicates a bug:
    /// the break constraints guarantee an assignment exists.
    #[error("could not assign breaks of rule `{rule}` to shifts: {reason}")]
    BreakAssignment {
        /// Break rule name.
        rule: String,
        /// What went wrong.
        reason: String,
    },
}

/// Result type of this crate.
pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_is_send_sync_static() {
        fn assert_send_sync<T: Send + Sync + 'static>() {}
        assert_send_sync::<Error>();
    }

    #[test]
    fn messages_name_field_and_value() {
        let e = Error::NotFinite {
            field: "requirement[3]".into(),
            value: f64::NAN,
        };
        assert_eq!(e.to_string(), "`requirement[3]` must be finite, got NaN");
    }
}
