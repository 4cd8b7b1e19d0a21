//! The planning pipeline's error type: its own failures plus every member crate's errors.

use std::path::PathBuf;

/// Everything that can go wrong while reading a scenario, running the stages or writing the
/// report. Member crates' errors pass through unchanged, so callers can still match them.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PlanError {
    /// A scenario file that is not valid TOML, has an unknown key or a bad value.
    #[error("{source_name} line {line}: {message}")]
    Scenario {
        /// The file (or `built-in scenario`).
        source_name: String,
        /// 1-based line of the offending key or value.
        line: usize,
        /// What is wrong, naming the key.
        message: String,
    },
    /// A file that cannot be read or written.
    #[error("cannot {action} {}: {message}", path.display())]
    Io {
        /// `read` or `write`.
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The operating system's message.
        message: String,
    },
    /// A CSV input that is malformed: missing column, bad number, bad date.
    #[error("{source_name}: {message}")]
    Csv {
        /// The file (or `built-in data`).
        source_name: String,
        /// What is wrong, with the line where known.
        message: String,
    },
    /// Inputs that do not fit together (an empty forecast, a requirement outside the horizon).
    #[error("{0}")]
    Inconsistent(String),
    /// The schedule cannot meet the requirement under the templates' limits.
    #[error(
        "no schedule meets the requirement with hard coverage (peak requirement {peak} agents)"
    )]
    Infeasible {
        /// The largest requirement of any interval.
        peak: f64,
    },
    /// Hard coverage asked for an interval no allowed shift can work in.
    #[error(
        "{date} {start} needs {requirement} agents but no shift template can work then \
         (its days, start window, length, breaks or the opening hours exclude it)"
    )]
    Uncoverable {
        /// Date of the interval.
        date: String,
        /// Start of the interval, `HH:MM`.
        start: String,
        /// Agents required then.
        requirement: f64,
    },
    /// Serialising the results failed.
    #[error("cannot serialise the results: {0}")]
    Serialise(String),
    /// An error of the staffing crate.
    #[error(transparent)]
    Erlang(#[from] callwright_erlang::Error),
    /// An error of the forecasting crate.
    #[error(transparent)]
    Forecast(#[from] callwright_forecast::Error),
    /// An error of the scheduling crate.
    #[error(transparent)]
    Schedule(#[from] callwright_schedule::Error),
    /// An error of the simulator (an invalid routing setup, a contact type no agent can
    /// serve).
    #[error(transparent)]
    Simulation(#[from] callwright_core::sim::SimError),
    /// An error of the routing configuration.
    #[error(transparent)]
    Routing(#[from] callwright_core::Error),
}

/// The pipeline's result type.
pub type Result<T> = std::result::Result<T, PlanError>;

impl PlanError {
    /// What the user can do about it, in one line.
    pub fn hint(&self) -> &'static str {
        match self {
            Self::Scenario { .. } => {
                "fix that line of the scenario; every key is documented in \
                 examples/scenarios/README.md"
            }
            Self::Io {
                action: "write", ..
            } => "check that the output directory is writable",
            Self::Io { .. } => "check the path (relative paths in a scenario are relative to it)",
            Self::Csv { .. } => {
                "the CSV needs a header row with `date` (YYYY-MM-DD), `start` (HH:MM) and a \
                 numeric value column"
            }
            Self::Inconsistent(_) => "check the dates and interval length of the inputs",
            Self::Infeasible { .. } => {
                "raise or remove `max_per_day` of the templates, add templates, or use \
                 `coverage = \"soft\"` to see the shortfall per interval"
            }
            Self::Uncoverable { .. } => {
                "add or widen a template covering that time, or use `coverage = \"soft\"` to \
                 see it as unmet demand"
            }
            Self::Serialise(_) => "this is a bug; please report it",
            Self::Erlang(_) => {
                "check [staffing]: targets must be reachable (e.g. service_level below 1) and \
                 aht_s positive"
            }
            Self::Forecast(_) => {
                "check [history] and [forecast]: the history needs several weeks of the days \
                 being forecast"
            }
            Self::Simulation(callwright_core::sim::SimError::NoAgentCanServe { .. }) => {
                "give some agent group a profile with that contact type's queue and the \
                 skills its stages require ([simulation] in the scenario)"
            }
            Self::Simulation(_) | Self::Routing(_) => {
                "check [simulation]: routing, contact_types and agent_groups must name each \
                 other's queues, profiles and skills"
            }
            Self::Schedule(_) => {
                "check [schedule]: start windows, lengths and breaks must be multiples of the \
                 interval and fit the opening hours"
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_send_and_sync() {
        fn check<T: Send + Sync + std::error::Error>() {}
        check::<PlanError>();
    }

    #[test]
    fn member_errors_convert_and_keep_their_message() {
        let inner = callwright_forecast::Error::Empty { what: "dates" };
        let e = PlanError::from(inner.clone());
        assert_eq!(e.to_string(), inner.to_string());
        assert!(e.hint().contains("[forecast]"));
    }
}
