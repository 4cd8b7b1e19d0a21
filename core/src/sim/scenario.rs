//! The scenario: everything a simulation run needs, as plain serde structs (TOML or JSON).
//!
//! See `examples/sim/*.toml` for complete, commented files.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::{AttrValue, Presence};
use crate::routing::{Predictor, RouterConfig};

use super::distributions::Dist;
use super::error::{SimError, SimResult, invalid};

/// A whole simulation setup: horizon, contact types, agent groups and the routing
/// configuration the router runs with.
///
/// # Examples
///
/// ```
/// use callwright_core::sim::Scenario;
///
/// let scenario = Scenario::from_toml(r#"
///     sl_threshold_s = 20
///     [horizon]
///     period_s = 1800
///     periods = 2
///     [routing]
///     skills = ["sales"]
///     profiles = [{ id = "p", queues = [{ queue = "sales" }] }]
///     queues = [{ id = "sales" }]
///     [[contact_types]]
///     id = "sales"
///     arrivals = { process = "poisson", rates_per_s = [0.05, 0.08] }
///     service = { dist = "exponential", mean_s = 180 }
///     patience = { dist = "exponential", mean_s = 120 }
///     [[agent_groups]]
///     id = "team"
///     profile = "p"
///     skills = { sales = 50 }
///     headcount = [10, 16]
/// "#)?;
/// scenario.validate()?;
/// assert_eq!(scenario.horizon.periods, 2);
/// # Ok::<(), callwright_core::sim::SimError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// A name for reports.
    #[serde(default)]
    pub name: String,
    /// The simulated time.
    pub horizon: Horizon,
    /// The service-level threshold `t`, seconds: a contact answered within `t` counts towards
    /// the service level, one abandoned within `t` is "abandoned before the threshold".
    #[serde(default = "default_sl_threshold")]
    pub sl_threshold_s: f64,
    /// Wait percentiles to report (each in (0, 1)), over answered contacts.
    #[serde(default = "default_percentiles")]
    pub wait_percentiles: Vec<f64>,
    /// A random daily busyness factor shared by every contact type (over-dispersed volumes).
    #[serde(default)]
    pub busyness: Option<Busyness>,
    /// Keep the flat per-contact record (allocates per contact; off by default).
    #[serde(default)]
    pub record_contacts: bool,
    /// Wait predictors to evaluate: every contact that has to wait is predicted a wait by
    /// each on arrival, and the errors against the waits that followed (answered contacts)
    /// are reported per predictor and contact type.
    #[serde(default)]
    pub predictors: Vec<Predictor>,
    /// The routing configuration: skills, groups, profiles, queues. Its `agents` list must
    /// be empty: agents come from `agent_groups`.
    pub routing: RouterConfig,
    /// Contact types: arrivals, service, patience.
    pub contact_types: Vec<ContactType>,
    /// Agent groups: who, how many, when.
    pub agent_groups: Vec<AgentGroup>,
}

fn default_sl_threshold() -> f64 {
    20.0
}

fn default_percentiles() -> Vec<f64> {
    vec![0.5, 0.8, 0.9, 0.95]
}

/// The simulated time: `periods` periods of `period_s` seconds, after an optional warm-up.
///
/// Horizon time 0 is the start of period 0. The warm-up, if any, runs before it with period
/// 0's rates and staffing; nothing that arrives in it is counted. A steady-state run is one
/// long period with a warm-up; with [`BatchMeans`] its intervals come from batches of that
/// one run instead of from independent replications.
///
/// # Examples
///
/// Steady state by batch means: a warm-up of 20,000 s, then one period of 4,000,000 s cut
/// into 20 batches of 200,000 s.
///
/// ```toml
/// [horizon]
/// period_s = 4000000
/// periods = 1
/// warm_up_s = 20000
/// batch_means = { batches = 20 }
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Horizon {
    /// Period length, seconds (> 0).
    pub period_s: f64,
    /// Number of periods (> 0).
    pub periods: u32,
    /// Warm-up before period 0, seconds.
    #[serde(default)]
    pub warm_up_s: f64,
    /// What happens at the end of the last period.
    #[serde(default)]
    pub end: EndOfHorizon,
    /// Steady-state estimation: cut the one period into batches and form the intervals from
    /// batch means. None (the default): intervals over independent replications.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch_means: Option<BatchMeans>,
}

/// Steady-state estimation by the method of batch means.
///
/// Each replication is one long run: after the warm-up, its single period is cut into
/// `batches` batches of equal length, and every batch is treated like an independent
/// replication (a contact belongs to the batch in which it arrived; agent time is split at
/// batch boundaries). Batches of a stationary run are nearly independent when each is much
/// longer than the system's memory (many times the time a busy queue takes to empty), so
/// choose long batches and a warm-up that reaches steady state. Run one replication for the
/// classic single-run method (`Simulation::replications(1)`); with more, the batches of every
/// replication are pooled.
///
/// Needs a stationary scenario: exactly one period and no busyness factor (a factor drawn
/// once per replication would be shared by all its batches).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BatchMeans {
    /// Number of batches (>= 2; 20 to 30 is usual).
    pub batches: u32,
}

/// What happens at the end of the horizon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndOfHorizon {
    /// The run stops: contacts still waiting are reported as waiting at the end, contacts in
    /// service count as answered; busy time is cut at the end.
    #[default]
    Stop,
    /// Arrivals stop but agents serve (and callers abandon) until no contact is left.
    Drain,
}

/// The daily busyness factor: one gamma draw with mean 1 per replication, multiplying every
/// arrival rate of every contact type (real daily volumes vary more than Poisson).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Busyness {
    /// Gamma shape α (> 0): the factor has mean 1 and variance 1/α.
    pub shape: f64,
}

/// A value per period, or one value for every period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum PerPeriod<T> {
    /// The same value in every period.
    Constant(T),
    /// One value per period.
    Periods(Vec<T>),
}

impl<T: Copy> PerPeriod<T> {
    /// The values for `periods` periods; `None` if a list has the wrong length.
    pub fn expand(&self, periods: usize) -> Option<Vec<T>> {
        match self {
            Self::Constant(v) => Some(vec![*v; periods]),
            Self::Periods(v) if v.len() == periods => Some(v.clone()),
            Self::Periods(_) => None,
        }
    }
}

/// How contacts of a type arrive.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "process", rename_all = "snake_case", deny_unknown_fields)]
pub enum Arrivals {
    /// Poisson with a constant rate within each period.
    Poisson {
        /// Contacts per second, one value or one per period (each >= 0).
        rates_per_s: PerPeriod<f64>,
    },
    /// A fixed list of arrival times (trace replay), horizon seconds, non-decreasing, within
    /// the horizon.
    Trace {
        /// The arrival times, seconds from the start of period 0.
        times_s: Vec<f64>,
    },
}

/// A contact type: how its contacts arrive, how long they take, how long they wait.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactType {
    /// The type's id.
    pub id: String,
    /// The router queue its contacts enter; default: the type's id.
    #[serde(default)]
    pub queue: Option<String>,
    /// The contact's own priority (added to the queue's in the router's kernel).
    #[serde(default)]
    pub priority: i32,
    /// Tags every contact of the type carries (from the routing configuration's
    /// `contact_tags`, e.g. a customer tier): they add the queue's `tag_priority` and select
    /// the overflow stages whose `when` condition they meet.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// The arrival process.
    pub arrivals: Arrivals,
    /// Service (talk) time, for every agent group not listed in `service_by_group`.
    pub service: Dist,
    /// Service time by agent group id.
    #[serde(default)]
    pub service_by_group: BTreeMap<String, Dist>,
    /// After-contact work (the router's wrap-up), for every group not in `wrap_up_by_group`;
    /// none by default.
    #[serde(default)]
    pub wrap_up: Option<Dist>,
    /// After-contact work by agent group id.
    #[serde(default)]
    pub wrap_up_by_group: BTreeMap<String, Dist>,
    /// Patience, from arrival: a waiting contact abandons when it runs out. None: infinite.
    #[serde(default)]
    pub patience: Option<Dist>,
    /// Probability that a contact that would have to wait leaves at once (balks).
    #[serde(default)]
    pub balk_probability: f64,
    /// Callers who abandon or balk may call again (a new contact of the same type).
    #[serde(default)]
    pub retrial: Option<Retrial>,
    /// What callers do when their queue offers a callback (the routing queue's `callback`
    /// option), and how the call back goes; without it every offer is declined.
    #[serde(default)]
    pub callback: Option<CallbackChoice>,
}

/// Callers' answer to a callback offer, and the call back.
///
/// A caller who accepts hangs up (no more abandonment) and leaves the inbound line; the
/// contact waits for an agent as an outbound call back, keeping its place in line or
/// re-entering it `after_s` later. When an agent takes it, the customer is reached with
/// `reach_probability` (a normal service follows) or not (the agent spends a
/// `failed_attempt`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallbackChoice {
    /// Probability that a caller offered a callback accepts it, in [0, 1].
    pub accept_probability: f64,
    /// Call back this long after accepting, seconds; default: keep the place in line.
    #[serde(default)]
    pub after_s: Option<f64>,
    /// Probability that the call back reaches the customer, in [0, 1].
    #[serde(default = "certain")]
    pub reach_probability: f64,
    /// Agent time on a call back that does not reach the customer.
    #[serde(default = "default_failed_attempt")]
    pub failed_attempt: Dist,
}

fn certain() -> f64 {
    1.0
}

fn default_failed_attempt() -> Dist {
    Dist::Deterministic { value_s: 30.0 }
}

/// Retrials: a caller who abandoned or balked calls again with `probability`, after `delay`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Retrial {
    /// Probability of calling again after each abandonment or balk, in [0, 1).
    pub probability: f64,
    /// Time from hanging up to calling again.
    pub delay: Dist,
}

/// An agent group: identical agents with the same routing profile and skills, staffed either
/// by a headcount per period or by shifts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgentGroup {
    /// The group's id; it is also added to the routing groups (so stages may name it), and
    /// its agents are named `<id>-<k>`.
    pub id: String,
    /// The routing profile of its agents.
    pub profile: String,
    /// Further routing groups its agents belong to.
    #[serde(default)]
    pub groups: Vec<String>,
    /// Proficiency per skill, 1–100.
    #[serde(default)]
    pub skills: BTreeMap<String, u8>,
    /// Attributes for requirement expressions.
    #[serde(default)]
    pub attributes: BTreeMap<String, AttrValue>,
    /// Concurrent contacts per channel; default `{ voice = 1 }`.
    #[serde(default)]
    pub capacity: Option<BTreeMap<String, u16>>,
    /// Relative service speed of its agents (finite, > 0; default 1): the simulator divides
    /// every service time an agent of the group draws by it (after-contact work is not
    /// scaled), and the router's `fastest_server` strategy prefers the fastest agents.
    #[serde(default = "unit_speed")]
    pub speed: f64,
    /// Agents on duty, one number or one per period. Agents `0..n` of the group are logged
    /// in; when the number drops, the highest-numbered go offline (after finishing their
    /// contacts).
    #[serde(default)]
    pub headcount: Option<PerPeriod<u32>>,
    /// Shifts, instead of a headcount (a schedule simulated directly).
    #[serde(default)]
    pub shifts: Vec<Shift>,
}

/// A shift worked by `count` agents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shift {
    /// Start, horizon seconds (may be negative: already on at the start).
    pub start_s: f64,
    /// End, horizon seconds (> start). An agent whose shift ends mid-contact finishes it.
    pub end_s: f64,
    /// Agents working this shift.
    #[serde(default = "one")]
    pub count: u32,
    /// Breaks, in order, inside the shift, not overlapping.
    #[serde(default)]
    pub breaks: Vec<Break>,
}

fn one() -> u32 {
    1
}

fn unit_speed() -> f64 {
    1.0
}

/// A break within a shift.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Break {
    /// Start, horizon seconds.
    pub start_s: f64,
    /// End, horizon seconds (> start).
    pub end_s: f64,
}

impl Scenario {
    /// Parses a TOML document.
    ///
    /// # Errors
    ///
    /// [`SimError::Parse`] with the parser's message (line and column).
    pub fn from_toml(text: &str) -> SimResult<Self> {
        toml::from_str(text).map_err(|e| SimError::Parse {
            message: e.to_string(),
        })
    }

    /// Parses a JSON document.
    ///
    /// # Errors
    ///
    /// [`SimError::Parse`] with the parser's message.
    pub fn from_json(text: &str) -> SimResult<Self> {
        serde_json::from_str(text).map_err(|e| SimError::Parse {
            message: e.to_string(),
        })
    }

    /// Serialises to TOML.
    ///
    /// # Errors
    ///
    /// [`SimError::Parse`] if a value has no TOML form.
    pub fn to_toml(&self) -> SimResult<String> {
        toml::to_string(self).map_err(|e| SimError::Parse {
            message: e.to_string(),
        })
    }

    /// Serialises to JSON.
    ///
    /// # Errors
    ///
    /// [`SimError::Parse`] if a value has no JSON form.
    pub fn to_json(&self) -> SimResult<String> {
        serde_json::to_string_pretty(self).map_err(|e| SimError::Parse {
            message: e.to_string(),
        })
    }

    /// Checks the whole scenario (including that the router accepts the routing
    /// configuration and that some agent can serve every contact type) without running it.
    ///
    /// # Errors
    ///
    /// The first problem found, naming its field: [`SimError::EmptyHorizon`],
    /// [`SimError::InvalidValue`], [`SimError::UnknownSkill`], [`SimError::UnknownQueue`],
    /// [`SimError::UnknownGroup`], [`SimError::DuplicateId`], [`SimError::AgentsInRouting`],
    /// [`SimError::NoAgentCanServe`] or [`SimError::Routing`].
    pub fn validate(&self) -> SimResult<()> {
        super::plan::Plan::new(self).map(|_| ())
    }

    /// The routing configuration with the agents of every group added (presence as at
    /// horizon time 0), as the simulator builds its router.
    ///
    /// # Errors
    ///
    /// As [`Scenario::validate`] for the agent groups.
    pub fn expanded_routing(&self) -> SimResult<RouterConfig> {
        Ok(super::plan::Plan::new(self)?.router)
    }
}

/// Checks a value is finite and at least `min`.
pub(crate) fn check_at_least(
    field: impl Into<String>,
    v: f64,
    min: f64,
    reason: &'static str,
) -> SimResult<f64> {
    if v.is_finite() && v >= min {
        Ok(v)
    } else {
        Err(invalid(field, v, reason))
    }
}

/// Presence of one agent over time: `(horizon time, presence)` changes in time order.
pub(crate) type PresencePlan = Vec<(f64, Presence)>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_period_expands() {
        assert_eq!(PerPeriod::Constant(3u32).expand(2), Some(vec![3, 3]));
        assert_eq!(
            PerPeriod::Periods(vec![1u32, 2]).expand(2),
            Some(vec![1, 2])
        );
        assert_eq!(PerPeriod::Periods(vec![1u32]).expand(2), None);
    }

    #[test]
    fn parse_errors_are_typed() {
        assert!(matches!(
            Scenario::from_toml("horizon = 3"),
            Err(SimError::Parse { .. })
        ));
        assert!(matches!(
            Scenario::from_json("{"),
            Err(SimError::Parse { .. })
        ));
    }
}
