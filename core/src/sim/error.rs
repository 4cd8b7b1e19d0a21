//! The error type of the simulator.

use thiserror::Error;

/// Everything that can go wrong when validating or running a [`Scenario`](super::Scenario).
///
/// Validation errors name the offending field by its dotted path in the scenario file
/// (`contact_types[1].arrivals.rates_per_s[3]`) and carry the value as given.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum SimError {
    /// A value outside its allowed range (a negative rate, a zero mean, a NaN...).
    #[error("invalid value for `{field}`: {value} ({reason})")]
    InvalidValue {
        /// Dotted path of the field.
        field: String,
        /// The value given, rendered as text.
        value: String,
        /// The allowed range or rule.
        reason: &'static str,
    },
    /// The horizon has no periods, or a zero-length period.
    #[error("empty horizon: `{field}` must be positive")]
    EmptyHorizon {
        /// The field that makes the horizon empty.
        field: &'static str,
    },
    /// A skill an agent group holds that the routing configuration does not declare.
    #[error("unknown skill `{name}` in `{field}`")]
    UnknownSkill {
        /// Dotted path of the field.
        field: String,
        /// The skill name as given.
        name: String,
    },
    /// A queue a contact type enters that the routing configuration does not declare.
    #[error("unknown queue `{id}` in `{field}`")]
    UnknownQueue {
        /// Dotted path of the field.
        field: String,
        /// The queue id as given.
        id: String,
    },
    /// A contact tag that the routing configuration's `contact_tags` does not declare.
    #[error("unknown contact tag `{name}` in `{field}`")]
    UnknownTag {
        /// Dotted path of the field.
        field: String,
        /// The tag as given.
        name: String,
    },
    /// An agent group named in a per-group setting that the scenario does not declare.
    #[error("unknown agent group `{id}` in `{field}`")]
    UnknownGroup {
        /// Dotted path of the field.
        field: String,
        /// The group id as given.
        id: String,
    },
    /// The same id declared twice.
    #[error("duplicate id `{id}` in `{field}`")]
    DuplicateId {
        /// Dotted path of the list.
        field: String,
        /// The repeated id.
        id: String,
    },
    /// No agent of the scenario could ever serve contacts of this type, even with every agent
    /// idle and every overflow stage reached.
    #[error("no agent can serve contact type `{contact_type}`")]
    NoAgentCanServe {
        /// The contact type's id.
        contact_type: String,
    },
    /// Agents listed directly in the routing configuration: the simulator creates its agents
    /// from `agent_groups`.
    #[error("`routing.agents` must be empty in a scenario: declare agents in `agent_groups`")]
    AgentsInRouting,
    /// A scenario file that does not deserialise (or a result that does not serialise).
    #[error("scenario does not parse: {message}")]
    Parse {
        /// The parser's message, with its line and column where known.
        message: String,
    },
    /// The router refused the configuration or an event.
    #[error(transparent)]
    Routing(#[from] crate::Error),
    /// The rayon thread pool could not be built.
    #[error("thread pool: {message}")]
    ThreadPool {
        /// The pool builder's message.
        message: String,
    },
}

/// `Result` with [`SimError`].
pub type SimResult<T> = std::result::Result<T, SimError>;

/// Shorthand for [`SimError::InvalidValue`] (takes values by value for terse call sites).
#[allow(clippy::needless_pass_by_value)]
pub(crate) fn invalid(
    field: impl Into<String>,
    value: impl ToString,
    reason: &'static str,
) -> SimError {
    SimError::InvalidValue {
        field: field.into(),
        value: value.to_string(),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_is_send_sync_and_static() {
        fn assert_traits<T: Send + Sync + 'static + std::error::Error>() {}
        assert_traits::<SimError>();
    }

    #[test]
    fn messages_name_the_field() {
        let e = invalid(
            "contact_types[0].arrivals.rates_per_s[2]",
            -1.0,
            "must be >= 0",
        );
        assert!(e.to_string().contains("rates_per_s[2]"));
        assert!(e.to_string().contains("-1"));
    }
}
