//! What a run reports: estimates with 95% confidence intervals over replications, per contact
//! type and period, per agent group, and overall. Serialises to JSON.

use serde::{Deserialize, Serialize};

use super::error::{SimError, SimResult};
use super::record::ContactRecords;

/// A mean over observations with its 95% confidence interval. An observation is a
/// replication, or a batch under batch means ([`SimulationResults::method`]).
///
/// Counts (offered, answered, ...) are per observation: the interval is Student-t on the
/// observations' values. Ratios (service level, ASA, occupancy, ...) are ratios of means
/// (e.g. all answered-within-t over all offered), the long-run fraction, with a delta-method
/// Student-t interval. Percentiles are means of the observations' percentiles.
///
/// The interval's bounds are clamped to the quantity's valid range: [0, 1] for ratios of a
/// part to its whole (service levels, abandon rate, probability of waiting, occupancy),
/// [0, ∞) for counts, times and percentiles. Near a bound the clamped interval is one-sided
/// (an SL of 0.99 may read (0.97, 1)).
///
/// `None` where undefined: a ratio whose denominator is zero in every observation, or an
/// interval from fewer than two observations.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Estimate {
    /// Point estimate.
    pub mean: Option<f64>,
    /// Lower end of the 95% confidence interval.
    pub ci_low: Option<f64>,
    /// Upper end of the 95% confidence interval.
    pub ci_high: Option<f64>,
}

impl Estimate {
    /// Whether `value` lies inside the confidence interval (false when it is undefined).
    pub fn contains(&self, value: f64) -> bool {
        matches!((self.ci_low, self.ci_high), (Some(lo), Some(hi)) if lo <= value && value <= hi)
    }

    /// Whether the confidence interval overlaps `[low, high]` (false when it is undefined).
    pub fn overlaps(&self, low: f64, high: f64) -> bool {
        matches!((self.ci_low, self.ci_high), (Some(lo), Some(hi)) if lo <= high && low <= hi)
    }
}

/// A wait percentile estimate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PercentileEstimate {
    /// The probability, e.g. 0.9.
    pub p: f64,
    /// The wait, seconds, below which a share `p` of answered contacts were answered.
    pub wait_s: Estimate,
}

/// Contact measures for one scope (a contact type or all types; one period or the whole
/// horizon). Contacts belong to the period in which they arrived; `t` below is the scenario's
/// `sl_threshold_s`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ContactStats {
    /// Contacts arrived (balked ones included), per observation (replication or batch).
    pub offered: Estimate,
    /// Contacts assigned to an agent.
    pub answered: Estimate,
    /// Contacts that hung up while waiting (balking excluded).
    pub abandoned: Estimate,
    /// Abandoned after waiting at most `t`.
    pub abandoned_before_threshold: Estimate,
    /// Abandoned after waiting more than `t`.
    pub abandoned_after_threshold: Estimate,
    /// Left at once rather than wait.
    pub balked: Estimate,
    /// Refused by the router (queue full or maximum wait with `reject`).
    pub rejected: Estimate,
    /// Left the inbound line for a callback: offers accepted, plus overflow to a `callback`
    /// destination. Such a contact is not answered; its call back is counted below.
    pub callbacks: Estimate,
    /// Contacts offered a callback (the router's queue option).
    pub callbacks_offered: Estimate,
    /// Offers accepted.
    pub callbacks_accepted: Estimate,
    /// Accepted callbacks whose call back reached the customer.
    pub callbacks_reached: Estimate,
    /// Accepted callbacks whose call back did not reach the customer.
    pub callbacks_unreachable: Estimate,
    /// Accepted / offered.
    pub callback_acceptance: Estimate,
    /// Mean time from arrival to the start of a call back that reached the customer, seconds.
    pub mean_callback_wait_s: Estimate,
    /// Still waiting when the run stopped.
    pub waiting_at_end: Estimate,
    /// Offered contacts that were retrials (callers calling again); included in `offered`.
    pub retrials: Estimate,
    /// Abandoned / offered.
    pub abandon_rate: Estimate,
    /// Answered within `t` / offered.
    pub sl_offered: Estimate,
    /// Answered within `t` / (offered − abandoned within `t`).
    pub sl_excluding_early_abandons: Estimate,
    /// Answered within `t` / answered.
    pub sl_answered: Estimate,
    /// Contacts that had to wait (queued at least once) / offered.
    pub prob_wait: Estimate,
    /// Average speed of answer: mean wait of answered contacts, seconds.
    pub asa_s: Estimate,
    /// Mean wait of abandoned contacts, seconds.
    pub mean_abandon_wait_s: Estimate,
    /// Wait percentiles of answered contacts, seconds (about 3% bin resolution).
    pub wait_percentiles: Vec<PercentileEstimate>,
}

/// Agent measures for one scope (an agent group or all; one period or the whole horizon).
///
/// Occupancy is per capacity: each agent's capacity counts as 1. A contact on an exclusive
/// channel (voice) occupies all of it; a contact on a non-exclusive channel occupies one of
/// the agent's contact slots on non-exclusive channels (`1 / Σ capacity` over those
/// channels), during its service and its after-contact work. A chat agent with
/// `capacity = { chat = 3 }` handling 2 chats for 60 s adds 40 s of occupied capacity.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct GroupStats {
    /// Occupied capacity / staffed capacity (`busy_s / staffed_s`), in [0, 1]. For voice
    /// agents (capacity 1) it is handle time / staffed time.
    pub occupancy: Estimate,
    /// Occupied capacity, agent-seconds, per observation: each contact's handle time
    /// (service and after-contact work) times the share of its agent's capacity it occupies;
    /// plain handle time for voice.
    pub busy_s: Estimate,
    /// Staffed time, agent-seconds: logged in and not on break, plus time spent finishing
    /// contacts after a shift end or break start.
    pub staffed_s: Estimate,
    /// Contacts answered by the scope's agents.
    pub handled: Estimate,
}

/// One contact type (or all of them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TypeResults {
    /// The type's id (`"all"` for every type together).
    pub id: String,
    /// The whole horizon.
    pub total: ContactStats,
    /// Per period.
    pub periods: Vec<ContactStats>,
}

/// One agent group (or all of them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupResults {
    /// The group's id (`"all"` for every group together).
    pub id: String,
    /// The whole horizon.
    pub total: GroupStats,
    /// Per period.
    pub periods: Vec<GroupStats>,
}

/// How the confidence intervals of a run were formed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IntervalMethod {
    /// Over independent replications: each replication is one observation.
    #[default]
    Replications,
    /// Batch means: each replication's single period is cut into batches after the
    /// warm-up, and each batch is one observation (see [`BatchMeans`](super::BatchMeans)).
    BatchMeans,
}

/// The results of a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimulationResults {
    /// The scenario's name.
    pub scenario: String,
    /// How the intervals were formed: `"replications"` or `"batch_means"`.
    pub method: IntervalMethod,
    /// Replications run.
    pub replications: u32,
    /// Batches per replication under batch means; `None` otherwise.
    pub batches: Option<u32>,
    /// Observations behind every estimate: the replications, or replications × batches under
    /// batch means.
    pub observations: u64,
    /// The run's seed.
    pub seed: u64,
    /// The service-level threshold `t`, seconds.
    pub sl_threshold_s: f64,
    /// Period length, seconds.
    pub period_s: f64,
    /// Contacts generated over all replications, warm-up included (for throughput figures).
    pub contacts_simulated: u64,
    /// Every contact type together.
    pub overall: TypeResults,
    /// Per contact type, in scenario order.
    pub contact_types: Vec<TypeResults>,
    /// Every agent group together.
    pub all_agents: GroupResults,
    /// Per agent group, in scenario order.
    pub agent_groups: Vec<GroupResults>,
    /// The flat per-contact record, if the scenario asked for it.
    pub records: Option<ContactRecords>,
    /// Accuracy of the scenario's wait predictors, per contact type and overall.
    pub predictions: Vec<PredictionResults>,
}

/// How well one predictor foretold the waits of one contact type (`"all"`: every type).
///
/// Every counted contact that had to wait got a prediction on arrival; those answered (not
/// abandoned: their full wait is unknown) are scored: `error = predicted − actual wait`.
/// Replications give the means and intervals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PredictionResults {
    /// The predictor.
    pub predictor: crate::routing::Predictor,
    /// The contact type id, or `"all"`.
    pub contact_type: String,
    /// Scored predictions per replication (a predictor with nothing to go on yet makes none).
    pub scored: Estimate,
    /// Mean error, seconds (positive: predicted too long).
    pub bias_s: Estimate,
    /// Root mean squared error, seconds.
    pub rmse_s: Estimate,
    /// Mean actual wait of the scored contacts, seconds.
    pub mean_wait_s: Estimate,
}

impl SimulationResults {
    /// The results of the contact type with this id.
    pub fn contact_type(&self, id: &str) -> Option<&TypeResults> {
        self.contact_types.iter().find(|t| t.id == id)
    }

    /// The results of the agent group with this id.
    pub fn agent_group(&self, id: &str) -> Option<&GroupResults> {
        self.agent_groups.iter().find(|g| g.id == id)
    }

    /// Serialises to pretty JSON (undefined estimates as `null`).
    ///
    /// # Errors
    ///
    /// [`SimError::Parse`] if serialisation fails.
    pub fn to_json(&self) -> SimResult<String> {
        serde_json::to_string_pretty(self).map_err(|e| SimError::Parse {
            message: e.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contains_and_overlaps() {
        let e = Estimate {
            mean: Some(1.0),
            ci_low: Some(0.5),
            ci_high: Some(1.5),
        };
        assert!(e.contains(1.2) && !e.contains(2.0));
        assert!(e.overlaps(1.4, 3.0) && !e.overlaps(1.6, 3.0));
        assert!(!Estimate::default().contains(0.0));
    }
}
