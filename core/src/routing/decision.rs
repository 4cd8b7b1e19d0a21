//! What the router tells its caller: decisions, and explanations of them on request.

use crate::model::{AgentId, ContactId, QueueId};
use crate::routing::{RankKey, ScoreTerms};

/// Why a contact left a queue other than by being served or abandoning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OverflowReason {
    /// The queue held `max_waiting` contacts when it arrived.
    QueueFull,
    /// It waited `max_wait_s` in the queue.
    MaxWait,
    /// Its caller accepted a callback, which waits in the queue's callback queue.
    CallbackAccepted,
}

/// One routing decision. Every router call returns the decisions it made, in order.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum Decision {
    /// The contact goes to the agent now.
    Assigned {
        /// The contact.
        contact: ContactId,
        /// The agent.
        agent: AgentId,
        /// The queue it was taken from.
        queue: QueueId,
        /// Its overflow stage when taken.
        stage: u16,
        /// When (the call's `now`, or a timer's due time).
        at_s: f64,
        /// Seconds since it arrived.
        waited_s: f64,
    },
    /// No agent could take the contact: it waits in `queue`.
    Queued {
        /// The contact.
        contact: ContactId,
        /// The queue it waits in.
        queue: QueueId,
        /// When.
        at_s: f64,
    },
    /// The contact moved to the next stage of its queue's plan (it keeps its place in line).
    StageChanged {
        /// The contact.
        contact: ContactId,
        /// Its queue.
        queue: QueueId,
        /// The new stage.
        stage: u16,
        /// When.
        at_s: f64,
    },
    /// The contact overflowed to another queue, keeping its arrival time.
    Moved {
        /// The contact.
        contact: ContactId,
        /// The queue it left.
        from: QueueId,
        /// The queue it enters.
        to: QueueId,
        /// Why.
        reason: OverflowReason,
        /// When.
        at_s: f64,
    },
    /// The contact waits in a queue that offers callbacks and its predicted wait exceeds the
    /// offer threshold: offer it a callback (see [`crate::Router::accept_callback`]). It
    /// keeps waiting meanwhile.
    CallbackOffered {
        /// The contact.
        contact: ContactId,
        /// The queue it waits in.
        queue: QueueId,
        /// The prediction behind the offer, seconds.
        predicted_wait_s: f64,
        /// When.
        at_s: f64,
    },
    /// The contact left for a callback; the router no longer holds it.
    Callback {
        /// The contact.
        contact: ContactId,
        /// The queue it left.
        queue: QueueId,
        /// Why.
        reason: OverflowReason,
        /// When.
        at_s: f64,
    },
    /// The contact was refused; the router no longer holds it.
    Rejected {
        /// The contact.
        contact: ContactId,
        /// The queue that refused it.
        queue: QueueId,
        /// Why.
        reason: OverflowReason,
        /// When.
        at_s: f64,
    },
    /// An agent's after-contact work ended (by its timer or by the caller).
    WrapUpEnded {
        /// The agent.
        agent: AgentId,
        /// When.
        at_s: f64,
    },
}

/// Whether an agent may take a contact now, and if not, why.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Eligibility {
    /// The agent may take the contact now.
    Eligible,
    /// The queue is not in the agent's routing profile (or the agent has no capacity on its
    /// channel).
    NotInProfile,
    /// The current stage's requirement or groups exclude the agent.
    ExcludedByStage,
    /// The routing-profile delay has not passed yet.
    DelayPending {
        /// Seconds until it passes.
        remaining_s: f64,
    },
    /// Eligible, but offline, on break, in wrap-up or at capacity.
    Unavailable,
}

/// The score breakdown behind a (contact, agent) pair.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    /// The contact.
    pub contact: ContactId,
    /// The agent.
    pub agent: AgentId,
    /// The queue the contact is in.
    pub queue: QueueId,
    /// Its stage.
    pub stage: u16,
    /// Whether the agent may take it.
    pub eligibility: Eligibility,
    /// The kernel's inputs; `terms.score()` is the contact's score for this agent.
    pub terms: ScoreTerms,
    /// The queue's agent strategy.
    pub strategy: &'static str,
    /// The agent's rank under that strategy (smaller is better).
    pub rank: RankKey,
}
