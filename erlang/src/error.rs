//! The crate's error type and the input checks shared by every module.

use std::fmt;

/// Largest number of agents any function accepts (10^8).
///
/// The integer recursions cost one step per agent, so this bound keeps every call finite and
/// well under a second.
pub const MAX_AGENTS: f64 = 1.0e8;

/// Largest value of `agents · patience_s / aht_s` and `offered_load · patience_s / aht_s` that
/// Erlang A accepts (10^12): the birth–death sums cost up to a few times the square root of it.
pub const MAX_SCALED_PATIENCE: f64 = 1.0e12;

/// Which staffing target an [`Error::UnreachableTarget`] is about.
///
/// # Examples
///
/// ```
/// use callwright_erlang::TargetKind;
/// assert_eq!(TargetKind::MaxAsa.to_string(), "maximum ASA");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TargetKind {
    /// The service-level target (fraction answered within a time).
    ServiceLevel,
    /// The maximum average speed of answer.
    MaxAsa,
    /// The maximum probability of abandonment.
    MaxAbandon,
    /// The maximum occupancy.
    MaxOccupancy,
}

impl fmt::Display for TargetKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::ServiceLevel => "service level",
            Self::MaxAsa => "maximum ASA",
            Self::MaxAbandon => "maximum abandonment",
            Self::MaxOccupancy => "maximum occupancy",
        })
    }
}

/// Everything that can go wrong in `callwright-erlang`.
///
/// Every variant names the offending field and carries the offending value, so callers (and the
/// Python layer) can match on it and report it.
///
/// # Examples
///
/// ```
/// use callwright_erlang::{Error, ErlangC};
/// match ErlangC::new(14.0, 10.0, -5.0) {
///     Err(Error::InvalidDuration { field, value, .. }) => {
///         assert_eq!(field, "aht_s");
///         assert_eq!(value, -5.0);
///     }
///     other => panic!("unexpected {other:?}"),
/// }
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The number of agents is NaN, infinite, negative, zero where at least one agent is
    /// needed, or above [`MAX_AGENTS`].
    #[error(
        "invalid agents {value}: must be a finite number, positive where contacts are served, \
         and at most 1e8"
    )]
    InvalidAgents {
        /// The value passed.
        value: f64,
    },
    /// The offered load (Erlangs) is NaN, infinite or negative.
    #[error("invalid offered load {value} Erl: must be a finite number >= 0")]
    InvalidOfferedLoad {
        /// The value passed.
        value: f64,
    },
    /// A volume (contacts per interval) is NaN, infinite or negative.
    #[error("invalid volume {value}: must be a finite number >= 0")]
    InvalidVolume {
        /// The value passed.
        value: f64,
    },
    /// A duration in seconds is NaN, infinite, negative, or zero where it must be positive.
    #[error("invalid {field} {value} s: must be a finite number of seconds ({requirement})")]
    InvalidDuration {
        /// The field name, e.g. `"aht_s"`.
        field: &'static str,
        /// The value passed.
        value: f64,
        /// What the field requires, e.g. `"> 0"`.
        requirement: &'static str,
    },
    /// A probability or fraction lies outside its allowed range.
    #[error("invalid {field} {value}: must be a finite number in {range}")]
    InvalidProbability {
        /// The field name, e.g. `"service_level.fraction"`.
        field: &'static str,
        /// The value passed.
        value: f64,
        /// The allowed range, e.g. `"[0, 1]"`.
        range: &'static str,
    },
    /// Erlang A was asked for `agents · patience_s / aht_s` or `offered_load · patience_s /
    /// aht_s` above [`MAX_SCALED_PATIENCE`].
    #[error(
        "{field} = {value} is too large for Erlang A (limit 1e12): patience is effectively \
         infinite, use Erlang C"
    )]
    PatienceOutOfRange {
        /// Which scaled quantity is too large.
        field: &'static str,
        /// Its value.
        value: f64,
    },
    /// Erlang C has no steady state with `agents <= offered_load`.
    #[error(
        "unstable queue: {agents} agents cannot carry {offered_load} Erl under Erlang C \
         (needs agents > offered load)"
    )]
    Unstable {
        /// The offered load in Erlangs.
        offered_load: f64,
        /// The number of agents.
        agents: f64,
    },
    /// No number of agents (or no positive load) meets this target.
    #[error("the {target} target {value} cannot be met: {reason}")]
    UnreachableTarget {
        /// Which target.
        target: TargetKind,
        /// The target's value as given.
        value: f64,
        /// Why it cannot be met.
        reason: &'static str,
    },
    /// The question needs at least one target and none was set.
    #[error(
        "no target set: give at least one of service_level, max_asa_s, max_abandon, max_occupancy"
    )]
    NoTargets,
    /// Two per-interval slices have different lengths.
    #[error("{field} has {found} entries but volumes has {expected}")]
    LengthMismatch {
        /// The slice whose length is wrong.
        field: &'static str,
        /// The length it should have.
        expected: usize,
        /// The length it has.
        found: usize,
    },
    /// Interval staffing failed at one interval.
    #[error("interval {index}: {source}")]
    AtInterval {
        /// Zero-based index of the first interval that failed.
        index: usize,
        /// What went wrong there.
        source: Box<Error>,
    },
}

/// `Result` with this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// Checks an offered load: finite and `>= 0`.
pub(crate) fn check_load(value: f64) -> Result<f64> {
    if value.is_finite() && value >= 0.0 {
        Ok(value)
    } else {
        Err(Error::InvalidOfferedLoad { value })
    }
}

/// Checks an agent count: finite, `>= 0` (or `> 0` when `positive`), at most [`MAX_AGENTS`].
pub(crate) fn check_agents(value: f64, positive: bool) -> Result<f64> {
    let low_ok = if positive { value > 0.0 } else { value >= 0.0 };
    if value.is_finite() && low_ok && value <= MAX_AGENTS {
        Ok(value)
    } else {
        Err(Error::InvalidAgents { value })
    }
}

/// Checks a duration that must be finite and `> 0`.
pub(crate) fn check_positive_duration(field: &'static str, value: f64) -> Result<f64> {
    if value.is_finite() && value > 0.0 {
        Ok(value)
    } else {
        Err(Error::InvalidDuration {
            field,
            value,
            requirement: "> 0",
        })
    }
}

/// Checks a duration that must be finite and `>= 0`.
pub(crate) fn check_duration(field: &'static str, value: f64) -> Result<f64> {
    if value.is_finite() && value >= 0.0 {
        Ok(value)
    } else {
        Err(Error::InvalidDuration {
            field,
            value,
            requirement: ">= 0",
        })
    }
}

/// Checks a probability in `[0, 1]`.
pub(crate) fn check_probability(field: &'static str, value: f64) -> Result<f64> {
    if (0.0..=1.0).contains(&value) {
        Ok(value)
    } else {
        Err(Error::InvalidProbability {
            field,
            value,
            range: "[0, 1]",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync_static<T: Send + Sync + 'static>() {}

    #[test]
    fn error_is_send_sync_static() {
        assert_send_sync_static::<Error>();
        assert_send_sync_static::<Result<f64>>();
    }

    #[test]
    fn checks_reject_nan_inf_negative() {
        for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -1.0] {
            assert!(check_load(bad).is_err());
            assert!(check_agents(bad, false).is_err());
            assert!(check_positive_duration("aht_s", bad).is_err());
            assert!(check_duration("t", bad).is_err());
            assert!(check_probability("p", bad).is_err());
        }
        assert!(check_agents(0.0, true).is_err());
        assert!(check_agents(0.0, false).is_ok());
        assert!(check_agents(1.0e9, false).is_err());
        assert!(check_positive_duration("aht_s", 0.0).is_err());
        assert!(check_probability("p", 1.5).is_err());
    }

    #[test]
    fn messages_name_field_and_value() {
        let e = check_positive_duration("aht_s", -3.0).unwrap_err();
        let text = e.to_string();
        assert!(text.contains("aht_s") && text.contains("-3"), "{text}");
        let e = Error::UnreachableTarget {
            target: TargetKind::ServiceLevel,
            value: 1.0,
            reason: "x",
        };
        assert!(e.to_string().contains("service level"));
    }
}
