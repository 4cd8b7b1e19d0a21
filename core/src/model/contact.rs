//! Contacts as the caller describes them on arrival.

use super::{AgentId, ContactId, QueueId};

/// A contact arriving at the router: its id, type (queue) and optional attributes.
///
/// # Examples
///
/// ```
/// use callwright_core::model::{AgentId, ContactId, ContactSpec, QueueId};
///
/// let c = ContactSpec::new(ContactId(7), QueueId(0))
///     .priority(5)
///     .preferred_agent(AgentId(3));
/// assert_eq!(c.priority, 5);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContactSpec {
    /// The caller's id for the contact.
    pub id: ContactId,
    /// The contact type: the queue it enters.
    pub queue: QueueId,
    /// Added to the queue's priority in the scoring kernel (e.g. from the customer tier).
    pub priority: i32,
    /// Preferred or last agent, honoured by the `preferred` agent strategy.
    pub preferred_agent: Option<AgentId>,
}

impl ContactSpec {
    /// A contact of type `queue` with priority 0 and no preferred agent.
    pub fn new(id: ContactId, queue: QueueId) -> Self {
        Self {
            id,
            queue,
            priority: 0,
            preferred_agent: None,
        }
    }

    /// Sets the contact's own priority (added to the queue's).
    #[must_use]
    pub fn priority(mut self, priority: i32) -> Self {
        self.priority = priority;
        self
    }

    /// Sets the preferred (or last) agent.
    #[must_use]
    pub fn preferred_agent(mut self, agent: AgentId) -> Self {
        self.preferred_agent = Some(agent);
        self
    }
}

/// Where a contact the router holds currently is.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum ContactStatus {
    /// Waiting in `queue` at overflow `stage` (0-based).
    Waiting {
        /// The queue it waits in now (may differ from its type after overflow).
        queue: QueueId,
        /// Its current stage in that queue's plan.
        stage: u16,
    },
    /// An accepted callback that re-enters `queue` at `at_s`.
    CallbackScheduled {
        /// The queue it will enter.
        queue: QueueId,
        /// When, router seconds.
        at_s: f64,
    },
    /// In service with `agent`.
    Assigned {
        /// The serving agent.
        agent: AgentId,
        /// The queue it was taken from.
        queue: QueueId,
    },
}
