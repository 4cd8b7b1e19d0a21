//! Routing configuration: skills, channels, groups, routing profiles, queues with their
//! overflow plans, and agents. Plain serde structs, so a setup lives in a TOML or JSON file;
//! [`crate::routing::Router::new`] validates one into a running router.
//!
//! See `examples/routing/contact_centre.toml` for a complete, commented file.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::{AttrValue, Presence};
use crate::routing::{CallbackConfig, PredictionConfig, StrategyConfig};

/// A whole routing setup.
///
/// # Examples
///
/// ```
/// use callwright_core::routing::{Router, RouterConfig};
///
/// let config = RouterConfig::from_toml(r#"
///     skills = ["billing"]
///     [[profiles]]
///     id = "all"
///     queues = [{ queue = "billing" }]
///     [[queues]]
///     id = "billing"
///     [[queues.stages]]
///     requirement = "billing >= 50"
///     [[agents]]
///     id = "ann"
///     profile = "all"
///     skills = { billing = 80 }
/// "#)?;
/// let router = Router::new(config)?;
/// assert_eq!(router.num_agents(), 1);
/// # Ok::<(), callwright_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RouterConfig {
    /// Seed of the generator behind `weighted_random`.
    pub seed: u64,
    /// Channels (at most 8); default `voice` (exclusive), `chat`, `email`.
    pub channels: Vec<ChannelConfig>,
    /// Skill names (proficiency scale 1–100; see [`crate::model`]).
    pub skills: Vec<String>,
    /// Agent attribute names requirement expressions may use; names found on agents are added
    /// automatically, so this is only needed for an attribute no agent has (yet).
    pub attributes: Vec<String>,
    /// Contact tag names (at most 64): what a contact may carry (customer tier, language,
    /// ...), read by queues' `tag_priority` and stages' `when`.
    pub contact_tags: Vec<String>,
    /// Agent group names.
    pub groups: Vec<String>,
    /// Routing profiles: which queues an agent works, with priority and delay.
    pub profiles: Vec<ProfileConfig>,
    /// Queues (contact types).
    pub queues: Vec<QueueConfig>,
    /// Agents.
    pub agents: Vec<AgentConfig>,
}

impl Default for RouterConfig {
    fn default() -> Self {
        Self {
            seed: 0,
            channels: vec![
                ChannelConfig {
                    id: "voice".into(),
                    exclusive: true,
                },
                ChannelConfig {
                    id: "chat".into(),
                    exclusive: false,
                },
                ChannelConfig {
                    id: "email".into(),
                    exclusive: false,
                },
            ],
            skills: Vec::new(),
            attributes: Vec::new(),
            contact_tags: Vec::new(),
            groups: Vec::new(),
            profiles: Vec::new(),
            queues: Vec::new(),
            agents: Vec::new(),
        }
    }
}

impl RouterConfig {
    /// Parses a TOML document.
    ///
    /// # Errors
    ///
    /// [`Error::ConfigParse`] with the parser's message (line and column).
    pub fn from_toml(text: &str) -> Result<Self> {
        toml::from_str(text).map_err(|e| Error::ConfigParse {
            message: e.to_string(),
        })
    }

    /// Parses a JSON document.
    ///
    /// # Errors
    ///
    /// [`Error::ConfigParse`] with the parser's message.
    pub fn from_json(text: &str) -> Result<Self> {
        serde_json::from_str(text).map_err(|e| Error::ConfigParse {
            message: e.to_string(),
        })
    }

    /// Serialises to TOML.
    ///
    /// # Errors
    ///
    /// [`Error::ConfigParse`] if a value has no TOML form (e.g. a NaN).
    pub fn to_toml(&self) -> Result<String> {
        toml::to_string(self).map_err(|e| Error::ConfigParse {
            message: e.to_string(),
        })
    }

    /// Serialises to JSON.
    ///
    /// # Errors
    ///
    /// [`Error::ConfigParse`] if a value has no JSON form.
    pub fn to_json(&self) -> Result<String> {
        serde_json::to_string_pretty(self).map_err(|e| Error::ConfigParse {
            message: e.to_string(),
        })
    }
}

/// A channel (voice, chat, ...).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelConfig {
    /// Channel name.
    pub id: String,
    /// An agent handling a contact on an exclusive channel takes nothing else, and an agent
    /// handling anything takes no contact on an exclusive channel (voice).
    #[serde(default)]
    pub exclusive: bool,
}

/// A routing profile: the queues an agent works.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileConfig {
    /// Profile name.
    pub id: String,
    /// The queues, each at most once.
    pub queues: Vec<ProfileQueueConfig>,
}

/// One queue of a routing profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileQueueConfig {
    /// Queue id.
    pub queue: String,
    /// `P_a,q` in the kernel: added to the queue's priority for agents with this profile.
    #[serde(default)]
    pub priority: i32,
    /// Agents with this profile take the queue's contacts only after they have waited this
    /// long in the queue (Amazon Connect's routing-profile delay), seconds.
    #[serde(default)]
    pub delay_s: f64,
}

/// Where a contact goes when a queue is full or it has waited too long.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Destination {
    /// The contact is refused (busy tone, "try later").
    #[default]
    Reject,
    /// The contact leaves the queue for a callback; the caller schedules it.
    Callback,
    /// The contact moves to another queue, keeping its arrival time (its place in line).
    Queue(String),
}

/// A queue: one contact type with its overflow plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueueConfig {
    /// Queue id.
    pub id: String,
    /// Channel of its contacts.
    #[serde(default = "default_channel")]
    pub channel: String,
    /// `P_q` in the kernel.
    #[serde(default)]
    pub priority: i32,
    /// `w_q` in the kernel: score per second waited (aging; the weight of longest weighted
    /// wait).
    #[serde(default)]
    pub wait_weight: f64,
    /// Agent-selection strategy.
    #[serde(default)]
    pub strategy: StrategyConfig,
    /// With a `preferred` strategy: how long a contact whose preferred agent is available but
    /// busy (at capacity or in wrap-up) and eligible waits reserved for that agent before
    /// falling back to the queue's plan, seconds; 0 (the default) falls back at once. See
    /// [`crate::routing::Router`] ("Preferred agent wait").
    #[serde(default)]
    pub preferred_wait_s: f64,
    /// Added to the priority of a contact carrying the tag (`{ gold = 20 }`; each value within
    /// ±1,000,000): `P_tag` in the kernel.
    #[serde(default)]
    pub tag_priority: BTreeMap<String, i32>,
    /// Skills summed by `most_skilled`; default: every skill the stages' requirements name.
    #[serde(default)]
    pub skills: Vec<String>,
    /// Overflow stages in order; default one stage open to every agent working the queue.
    #[serde(default = "default_stages")]
    pub stages: Vec<StageConfig>,
    /// Most contacts waiting at once; an arrival beyond goes to `on_full`.
    #[serde(default)]
    pub max_waiting: Option<u32>,
    /// Destination when full.
    #[serde(default)]
    pub on_full: Destination,
    /// Longest wait in this queue, seconds; then the contact goes to `on_max_wait`.
    #[serde(default)]
    pub max_wait_s: Option<f64>,
    /// Destination after `max_wait_s`.
    #[serde(default)]
    pub on_max_wait: Destination,
    /// What the wait predictors assume (see [`crate::routing::Predictor`]).
    #[serde(default)]
    pub prediction: PredictionConfig,
    /// Offer callbacks when the predicted wait is long (none by default).
    #[serde(default)]
    pub callback: Option<CallbackConfig>,
}

fn default_channel() -> String {
    "voice".into()
}

fn default_stages() -> Vec<StageConfig> {
    vec![StageConfig::default()]
}

/// One stage of a queue's overflow plan.
///
/// Stage `k` starts when the contact has been in the queue for the sum of the durations of
/// stages `0..k`; the contact keeps its place in line across stages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageConfig {
    /// How long the stage lasts, seconds (> 0); omitted on the last stage.
    #[serde(default)]
    pub duration_s: Option<f64>,
    /// Requirement expression (see [`crate::model::Requirement`]).
    #[serde(default = "default_requirement")]
    pub requirement: String,
    /// Agent groups that may serve in this stage; empty means every group.
    #[serde(default)]
    pub groups: Vec<String>,
    /// Condition on the contact's tags (see [`crate::model::TagCondition`], e.g.
    /// `"gold OR silver"`); a contact that does not satisfy it skips the stage: its duration
    /// does not count and the contact goes straight to the next stage that applies. Not
    /// allowed on the last stage, which applies to every contact. Default: every contact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
}

fn default_requirement() -> String {
    "TRUE".into()
}

impl Default for StageConfig {
    fn default() -> Self {
        Self {
            duration_s: None,
            requirement: default_requirement(),
            groups: Vec::new(),
            when: None,
        }
    }
}

/// An agent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgentConfig {
    /// Agent id.
    pub id: String,
    /// Routing profile id.
    pub profile: String,
    /// Groups the agent belongs to.
    #[serde(default)]
    pub groups: Vec<String>,
    /// Proficiency per skill, 1–100.
    #[serde(default)]
    pub skills: BTreeMap<String, u8>,
    /// Free-form attributes for requirement expressions (`tier = "senior"`, `years = 4`).
    #[serde(default)]
    pub attributes: BTreeMap<String, AttrValue>,
    /// Concurrent contacts per channel; default `{ voice = 1 }`.
    #[serde(default = "default_capacity")]
    pub capacity: BTreeMap<String, u16>,
    /// Relative service speed for `fastest_server` (> 0, 1 = average).
    #[serde(default = "default_speed")]
    pub speed: f64,
    /// Weight for `weighted_random`.
    #[serde(default = "default_weight")]
    pub weight: u32,
    /// Presence at time 0.
    #[serde(default)]
    pub presence: Presence,
}

fn default_capacity() -> BTreeMap<String, u16> {
    BTreeMap::from([("voice".to_owned(), 1)])
}

fn default_speed() -> f64 {
    1.0
}

fn default_weight() -> u32 {
    1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_fill_in() {
        let c = RouterConfig::from_toml(
            r#"
            skills = ["a"]
            [[queues]]
            id = "q"
            [[agents]]
            id = "x"
            profile = "p"
            "#,
        )
        .unwrap();
        assert_eq!(c.channels.len(), 3);
        assert_eq!(c.queues[0].stages, vec![StageConfig::default()]);
        assert_eq!(c.queues[0].channel, "voice");
        assert_eq!(c.agents[0].capacity["voice"], 1);
        assert_eq!(c.agents[0].presence, Presence::Available);
        let back = RouterConfig::from_toml(&c.to_toml().unwrap()).unwrap();
        assert_eq!(back, c);
        let json = RouterConfig::from_json(&c.to_json().unwrap()).unwrap();
        assert_eq!(json, c);
    }

    #[test]
    fn parse_errors_are_typed() {
        assert!(matches!(
            RouterConfig::from_toml("skills = 3"),
            Err(Error::ConfigParse { .. })
        ));
        assert!(matches!(
            RouterConfig::from_toml("bogus = 1"),
            Err(Error::ConfigParse { .. })
        ));
        assert!(matches!(
            RouterConfig::from_json("{"),
            Err(Error::ConfigParse { .. })
        ));
    }

    #[test]
    fn destinations_parse() {
        #[derive(Deserialize)]
        struct W {
            d: Destination,
        }
        let w: W = toml::from_str(r#"d = { queue = "x" }"#).unwrap();
        assert_eq!(w.d, Destination::Queue("x".into()));
        let w: W = toml::from_str(r#"d = "callback""#).unwrap();
        assert_eq!(w.d, Destination::Callback);
    }
}
