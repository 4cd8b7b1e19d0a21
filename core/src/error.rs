//! The one error type of `callwright-core`.

use thiserror::Error;

/// Everything that can go wrong in `callwright-core`.
///
/// Every variant carries the offending value or id so a caller (or the Python layer) can report
/// it without re-parsing the message. A router method that returns an error leaves the router
/// exactly as it was before the call.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum Error {
    /// A skill name that is not declared in the configuration.
    #[error("unknown skill `{name}`")]
    UnknownSkill {
        /// The name as given.
        name: String,
    },
    /// An agent id (configuration name or numeric handle) that does not exist.
    #[error("unknown agent `{id}`")]
    UnknownAgent {
        /// The id as given.
        id: String,
    },
    /// A queue (contact type) id that does not exist.
    #[error("unknown queue `{id}`")]
    UnknownQueue {
        /// The id as given.
        id: String,
    },
    /// An agent group name that is not declared.
    #[error("unknown agent group `{name}`")]
    UnknownGroup {
        /// The name as given.
        name: String,
    },
    /// A routing profile name that is not declared.
    #[error("unknown routing profile `{name}`")]
    UnknownProfile {
        /// The name as given.
        name: String,
    },
    /// A channel name that is not declared.
    #[error("unknown channel `{name}`")]
    UnknownChannel {
        /// The name as given.
        name: String,
    },
    /// A contact tag that is not declared in the configuration's `contact_tags`.
    #[error("unknown contact tag `{name}`")]
    UnknownTag {
        /// The name (or numeric id) as given.
        name: String,
    },
    /// A contact id the router does not hold.
    #[error("unknown contact {id}")]
    UnknownContact {
        /// The contact id.
        id: u64,
    },
    /// The same id declared twice in a configuration.
    #[error("duplicate {kind} id `{id}`")]
    DuplicateId {
        /// What kind of thing (`"skill"`, `"agent"`, `"queue"`, ...).
        kind: &'static str,
        /// The repeated id.
        id: String,
    },
    /// A contact arrived with the id of a contact the router still holds.
    #[error("contact {id} is already known to the router")]
    DuplicateContact {
        /// The repeated contact id.
        id: u64,
    },
    /// A time or duration that is negative, NaN or infinite.
    #[error("invalid time for `{field}`: {value} (must be finite and non-negative)")]
    InvalidTime {
        /// Which argument or field.
        field: &'static str,
        /// The value given.
        value: f64,
    },
    /// An event stamped earlier than the router's clock.
    #[error("time went backwards: event at {now} s but the router is at {clock} s")]
    TimeWentBackwards {
        /// The event time given.
        now: f64,
        /// The router's current clock.
        clock: f64,
    },
    /// A requirement expression that does not parse or names something unknown.
    #[error("invalid requirement expression at byte {position}: {reason} (in `{expression}`)")]
    InvalidExpression {
        /// The full expression text.
        expression: String,
        /// Byte offset of the offending token in `expression`.
        position: usize,
        /// What was wrong there.
        reason: String,
    },
    /// A configuration value outside its allowed range.
    #[error("invalid value for `{field}`: {value} ({reason})")]
    InvalidValue {
        /// Dotted path of the field, e.g. `queues[3].stages[1].duration_s`.
        field: String,
        /// The value given, rendered as text.
        value: String,
        /// The allowed range or rule.
        reason: &'static str,
    },
    /// Overflow destinations that send a contact round in a circle.
    #[error("overflow destinations form a cycle through queue `{queue}`")]
    OverflowCycle {
        /// A queue on the cycle.
        queue: String,
    },
    /// The operation needs a waiting contact but this one is with an agent.
    #[error("contact {id} is not waiting in a queue")]
    ContactNotWaiting {
        /// The contact id.
        id: u64,
    },
    /// The operation needs a contact in service but this one is still waiting.
    #[error("contact {id} is not assigned to an agent")]
    ContactNotAssigned {
        /// The contact id.
        id: u64,
    },
    /// The contact has already accepted a callback.
    #[error("contact {id} has already accepted a callback")]
    CallbackAlreadyAccepted {
        /// The contact id.
        id: u64,
    },
    /// The agent is not in after-contact work.
    #[error("agent `{id}` is not in after-contact work")]
    AgentNotInWrapUp {
        /// The agent's configuration id.
        id: String,
    },
    /// A configuration file that does not deserialise.
    #[error("configuration does not parse: {message}")]
    ConfigParse {
        /// The parser's message, with its line and column.
        message: String,
    },
}

/// `Result` with [`enum@Error`].
pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_is_send_sync_and_static() {
        fn assert_traits<T: Send + Sync + 'static + std::error::Error>() {}
        assert_traits::<Error>();
    }

    #[test]
    fn messages_name_the_value() {
        let e = Error::TimeWentBackwards {
            now: 1.0,
            clock: 2.0,
        };
        assert!(e.to_string().contains("1 s"));
        let e = Error::InvalidExpression {
            expression: "a >".into(),
            position: 3,
            reason: "expected a value".into(),
        };
        assert!(e.to_string().contains("byte 3"));
    }
}
