//! The optional flat per-contact record, column-wise so it maps straight onto a data frame.

use serde::{Deserialize, Serialize};

/// How a contact's stay ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Assigned to an agent (its `end_s` is empty if still in service when the run stopped).
    Answered,
    /// Hung up while waiting.
    Abandoned,
    /// Left at once rather than wait.
    Balked,
    /// Refused by the router.
    Rejected,
    /// Left for a callback (an accepted offer, or the router's overflow) not yet made when
    /// the run stopped or, for overflow, left to the caller.
    Callback,
    /// An accepted callback that reached the customer (its `start_s`, `end_s` and `agent` are
    /// the call back's).
    CallbackReached,
    /// An accepted callback that did not reach the customer.
    CallbackUnreachable,
    /// Still waiting when the run stopped.
    Waiting,
}

/// One row per counted contact (arrived after the warm-up), every column the same length.
/// Times are horizon seconds (0 = start of period 0).
///
/// Rows come replication by replication; within one, in the order the contacts' stays ended.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ContactRecords {
    /// The contact type ids, indexed by `contact_type`.
    pub type_ids: Vec<String>,
    /// Replication index.
    pub replication: Vec<u32>,
    /// Contact type (index into `type_ids`).
    pub contact_type: Vec<u16>,
    /// Arrival time.
    pub arrival_s: Vec<f64>,
    /// Time waited until answered, abandoned, or the end of the run.
    pub wait_s: Vec<f64>,
    /// Start of service (answered contacts).
    pub start_s: Vec<Option<f64>>,
    /// End of service, after-contact work excluded (answered contacts that finished).
    pub end_s: Vec<Option<f64>>,
    /// The serving agent's router index (answered contacts); its id is
    /// `Scenario::expanded_routing().agents[agent].id`.
    pub agent: Vec<Option<u32>>,
    /// How the stay ended.
    pub outcome: Vec<Outcome>,
    /// Whether the contact was a retrial (a caller calling again).
    pub retrial: Vec<bool>,
}

/// One row, as the engine produces it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Row {
    pub(crate) contact_type: u16,
    pub(crate) arrival_s: f64,
    pub(crate) wait_s: f64,
    pub(crate) start_s: Option<f64>,
    pub(crate) end_s: Option<f64>,
    pub(crate) agent: Option<u32>,
    pub(crate) outcome: Outcome,
    pub(crate) retrial: bool,
}

impl ContactRecords {
    /// Number of rows.
    pub fn len(&self) -> usize {
        self.outcome.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.outcome.is_empty()
    }

    pub(crate) fn push(&mut self, replication: u32, r: &Row) {
        self.replication.push(replication);
        self.contact_type.push(r.contact_type);
        self.arrival_s.push(r.arrival_s);
        self.wait_s.push(r.wait_s);
        self.start_s.push(r.start_s);
        self.end_s.push(r.end_s);
        self.agent.push(r.agent);
        self.outcome.push(r.outcome);
        self.retrial.push(r.retrial);
    }
}
