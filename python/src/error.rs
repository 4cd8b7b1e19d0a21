//! Conversion of Rust errors into Python exceptions.
//!
//! The binding layer's own failures and the errors of every bound crate meet in [`Error`]; the
//! one `impl From<Error> for PyErr` decides which exception class each becomes (see
//! [`crate::exceptions`]). A foreign error type cannot implement `Into<PyErr>` here (orphan
//! rule), hence the wrapper enum.

use std::fmt::Write as _;

use pyo3::PyErr;

use crate::exceptions::Exc;

/// An error of the binding layer or of one of the bound crates.
#[derive(Debug)]
pub enum Error {
    /// An argument the binding layer checks itself is wrong (shapes differ, unknown option, ...).
    InvalidInput(String),
    /// An error of `callwright-erlang`.
    Erlang(callwright_erlang::Error),
    /// An error of `callwright-forecast`.
    Forecast(callwright_forecast::Error),
    /// An error of `callwright-core` (the router).
    Core(callwright_core::Error),
    /// An error of the simulator in `callwright-core`.
    Sim(callwright_core::sim::SimError),
    /// An error of `callwright-schedule`.
    Schedule(callwright_schedule::Error),
    /// An error at one element of an array argument: the message gets the position appended.
    AtIndex {
        /// Position of the offending element in the broadcast inputs.
        index: Vec<usize>,
        /// The error at that element.
        source: Box<Error>,
    },
}

impl Error {
    /// Tags the error with the position of the array element that caused it.
    #[must_use]
    pub fn at(self, index: Vec<usize>) -> Self {
        Error::AtIndex {
            index,
            source: Box::new(self),
        }
    }

    /// The exception class and the message.
    fn class_and_message(self) -> (Exc, String) {
        match self {
            Error::InvalidInput(message) => (Exc::InvalidInput, message),
            Error::Erlang(err) => (erlang_class(&err), compact_numbers(&err.to_string())),
            Error::Forecast(err) => (forecast_class(&err), compact_numbers(&err.to_string())),
            Error::Core(err) => (core_class(&err), compact_numbers(&err.to_string())),
            Error::Sim(err) => (sim_class(&err), compact_numbers(&err.to_string())),
            Error::Schedule(err) => (schedule_class(&err), compact_numbers(&err.to_string())),
            Error::AtIndex { index, source } => {
                let (class, message) = source.class_and_message();
                let position = match index.as_slice() {
                    [i] => i.to_string(),
                    _ => format!(
                        "({})",
                        index
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                (class, format!("{message} (at index {position})"))
            }
        }
    }
}

/// Longest number a crate's message keeps as written; longer ones (what `Display` of an `f64`
/// gives for 1e308 or 1e-300: hundreds of digits) are rewritten in scientific notation.
const MAX_NUMBER_CHARS: usize = 24;

/// `message` with every run of digits (with an optional decimal part) longer than
/// [`MAX_NUMBER_CHARS`] rewritten in scientific notation, e.g. `1e308`, `1e-300`.
fn compact_numbers(message: &str) -> String {
    let bytes = message.as_bytes();
    let mut out = String::with_capacity(message.len());
    let mut i = 0;
    while i < bytes.len() {
        let starts_number = bytes[i].is_ascii_digit()
            && (i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'.'));
        if !starts_number {
            let next = message[i..].chars().next().map_or(1, char::len_utf8);
            out.push_str(&message[i..i + next]);
            i += next;
            continue;
        }
        let mut end = i;
        while end < bytes.len() && bytes[end].is_ascii_digit() {
            end += 1;
        }
        if end + 1 < bytes.len() && bytes[end] == b'.' && bytes[end + 1].is_ascii_digit() {
            end += 1;
            while end < bytes.len() && bytes[end].is_ascii_digit() {
                end += 1;
            }
        }
        let token = &message[i..end];
        match token.parse::<f64>() {
            Ok(value) if token.len() > MAX_NUMBER_CHARS && value.is_finite() => {
                // Writing to a String cannot fail.
                let _ = write!(out, "{value:e}");
            }
            _ => out.push_str(token),
        }
        i = end;
    }
    out
}

/// The exception class of an Erlang error.
fn erlang_class(err: &callwright_erlang::Error) -> Exc {
    use callwright_erlang::Error as E;
    match err {
        E::InvalidAgents { .. }
        | E::InvalidOfferedLoad { .. }
        | E::InvalidVolume { .. }
        | E::InvalidDuration { .. }
        | E::InvalidProbability { .. }
        | E::PatienceOutOfRange { .. }
        | E::NoTargets
        | E::LengthMismatch { .. } => Exc::InvalidInput,
        E::Unstable { .. } => Exc::Unstable,
        E::UnreachableTarget { .. } => Exc::Infeasible,
        E::AtInterval { source, .. } => erlang_class(source),
        // The enum is `#[non_exhaustive]`: a variant added later is still a callwright error.
        _ => Exc::Callwright,
    }
}

/// The exception class of a forecasting error.
fn forecast_class(err: &callwright_forecast::Error) -> Exc {
    use callwright_forecast::Error as E;
    match err {
        E::InvalidResolution { .. }
        | E::IncompatibleResolution { .. }
        | E::InvalidValue { .. }
        | E::SlotOutOfRange { .. }
        | E::InvalidParameter { .. }
        | E::InvalidHours { .. }
        | E::NotEnoughHistory { .. }
        | E::DateNotAfterOrigin { .. }
        | E::ResolutionMismatch { .. }
        | E::LengthMismatch { .. }
        | E::Empty { .. } => Exc::InvalidInput,
        // `NotFitted` is a sequencing bug (the bindings always fit first), not the caller's
        // input; the enum is `#[non_exhaustive]`, so a variant added later is still a
        // callwright error.
        E::NotFitted { .. } | _ => Exc::Callwright,
    }
}

/// The exception class of a router error: every variant is about the caller's configuration
/// or events (unknown names, times going backwards, a contact in the wrong state).
fn core_class(err: &callwright_core::Error) -> Exc {
    use callwright_core::Error as E;
    match err {
        E::UnknownSkill { .. }
        | E::UnknownAgent { .. }
        | E::UnknownQueue { .. }
        | E::UnknownGroup { .. }
        | E::UnknownProfile { .. }
        | E::UnknownChannel { .. }
        | E::UnknownTag { .. }
        | E::UnknownContact { .. }
        | E::DuplicateId { .. }
        | E::DuplicateContact { .. }
        | E::InvalidTime { .. }
        | E::TimeWentBackwards { .. }
        | E::InvalidExpression { .. }
        | E::InvalidValue { .. }
        | E::OverflowCycle { .. }
        | E::ContactNotWaiting { .. }
        | E::ContactNotAssigned { .. }
        | E::CallbackAlreadyAccepted { .. }
        | E::AgentNotInWrapUp { .. }
        | E::ConfigParse { .. } => Exc::InvalidInput,
        // The enum is `#[non_exhaustive]`: a variant added later is still a callwright error.
        _ => Exc::Callwright,
    }
}

/// The exception class of a scheduling error.
fn schedule_class(err: &callwright_schedule::Error) -> Exc {
    use callwright_schedule::Error as E;
    match err {
        E::NotFinite { .. }
        | E::OutOfRange { .. }
        | E::NotAligned { .. }
        | E::EmptyHorizon { .. }
        | E::LengthMismatch { .. }
        | E::NoTemplates
        | E::Empty { .. }
        | E::OverlappingBreaks { .. }
        | E::BreakOutsideShift { .. }
        | E::ToursNeedWholeWeeks { .. }
        | E::NoTourPattern { .. } => Exc::InvalidInput,
        // Hard coverage of an interval no allowed shift can work in: no schedule exists.
        E::UncoverableInterval { .. } => Exc::Infeasible,
        // No solution within the time limit (not proven infeasible), a solver failure, a
        // break assignment failure; and, the enum being `#[non_exhaustive]`, anything added
        // later.
        E::NoSolutionFound { .. } | E::Solver { .. } | E::BreakAssignment { .. } | _ => {
            Exc::Callwright
        }
    }
}

/// The exception class of a simulator error.
fn sim_class(err: &callwright_core::sim::SimError) -> Exc {
    use callwright_core::sim::SimError as E;
    match err {
        E::InvalidValue { .. }
        | E::EmptyHorizon { .. }
        | E::UnknownSkill { .. }
        | E::UnknownQueue { .. }
        | E::UnknownGroup { .. }
        | E::UnknownTag { .. }
        | E::DuplicateId { .. }
        | E::NoAgentCanServe { .. }
        | E::AgentsInRouting
        | E::Parse { .. } => Exc::InvalidInput,
        E::Routing(inner) => core_class(inner),
        // `ThreadPool` is the machine failing to start threads, not the caller's input; the
        // enum is `#[non_exhaustive]`, so a variant added later is still a callwright error.
        E::ThreadPool { .. } | _ => Exc::Callwright,
    }
}

impl From<callwright_schedule::Error> for Error {
    fn from(err: callwright_schedule::Error) -> Self {
        Error::Schedule(err)
    }
}

impl From<callwright_core::sim::SimError> for Error {
    fn from(err: callwright_core::sim::SimError) -> Self {
        Error::Sim(err)
    }
}

impl From<callwright_core::Error> for Error {
    fn from(err: callwright_core::Error) -> Self {
        Error::Core(err)
    }
}

impl From<callwright_forecast::Error> for Error {
    fn from(err: callwright_forecast::Error) -> Self {
        Error::Forecast(err)
    }
}

impl From<callwright_erlang::Error> for Error {
    fn from(err: callwright_erlang::Error) -> Self {
        Error::Erlang(err)
    }
}

impl From<Error> for PyErr {
    fn from(err: Error) -> Self {
        let (class, message) = err.class_and_message();
        class.err(message)
    }
}
