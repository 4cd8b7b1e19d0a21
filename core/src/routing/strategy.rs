//! Agent-selection strategies: which available eligible agent gets an arriving contact.
//!
//! Every strategy implements [`AgentStrategy`]. A ranked strategy gives each available agent a
//! [`RankKey`] (smaller is better; ties go to the lower [`AgentId`]); the router keeps the
//! available agents of every queue/stage/delay slot in a heap on that key, so choosing costs
//! O(log n) and never scans all agents. A sampled strategy gives each agent an integer weight;
//! the router keeps a Fenwick tree per slot and draws from its seeded generator.
//!
//! A key must depend only on the [`AgentView`]: the router recomputes it whenever anything in
//! the view changes (assignment, completion, presence, wrap-up).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::AgentId;

/// What a strategy may look at when ranking an agent for one queue.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AgentView {
    /// The agent.
    pub agent: AgentId,
    /// Time of the agent's last routing change (became available, took or finished a
    /// contact, ended wrap-up): for a single-channel agent, the time it became idle.
    pub free_since_s: f64,
    /// Contacts in progress, all channels.
    pub load: u16,
    /// Sum of the agent's proficiencies (0–100 each) over the queue's skills.
    pub skill_sum: u32,
    /// Relative service speed from the configuration (1 = average).
    pub speed: f64,
    /// Sampling weight from the configuration.
    pub weight: u32,
    /// The queue's priority in the agent's routing profile.
    pub profile_priority: i32,
    /// Router-wide sequence number of the agent's last assignment (0 = never).
    pub last_routed: u64,
}

/// An agent's rank for a queue: compared `primary`, then `secondary`, then agent id; smaller
/// is better.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct RankKey {
    /// Main criterion.
    pub primary: f64,
    /// Tie-breaker.
    pub secondary: f64,
}

impl RankKey {
    /// A key from its two parts.
    pub fn new(primary: f64, secondary: f64) -> Self {
        Self { primary, secondary }
    }
}

/// How a strategy chooses among the available eligible agents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selection {
    /// Smallest [`RankKey`], then lowest agent id.
    Ranked,
    /// Random, with probability proportional to [`AgentStrategy::weight`], drawn from the
    /// router's seeded generator; candidates are laid out by (profile delay, agent id).
    Weighted,
}

/// An agent-selection strategy.
pub trait AgentStrategy: fmt::Debug + Send + Sync {
    /// Short name for explanations and logs.
    fn name(&self) -> &'static str;

    /// Ranked or weighted selection.
    fn selection(&self) -> Selection {
        Selection::Ranked
    }

    /// The agent's rank (ranked strategies).
    fn rank(&self, view: &AgentView) -> RankKey;

    /// The agent's weight (weighted strategies); 0 means never chosen.
    fn weight(&self, view: &AgentView) -> u32 {
        let _ = view;
        1
    }

    /// Whether a contact's preferred agent, when available and eligible, goes first.
    fn honours_preferred_agent(&self) -> bool {
        false
    }

    /// The kernel's idle weight `v` this strategy ranks by (for explanations); 0 by default.
    fn idle_weight(&self) -> f64 {
        0.0
    }

    /// Whether the key of an agent being (re)indexed is never smaller than any key indexed
    /// before — true of longest idle, whose key is the current time. The router then keeps
    /// such slots as sorted queues with O(1) insertion instead of heaps. A performance hint
    /// only: decisions are the same either way.
    fn keys_increase(&self) -> bool {
        false
    }
}

/// The agent idle longest (earliest `free_since_s`) — Asterisk's `leastrecent`, Connect's
/// default.
#[derive(Debug, Clone, Copy, Default)]
pub struct LongestIdle;

impl AgentStrategy for LongestIdle {
    fn name(&self) -> &'static str {
        "longest_idle"
    }
    fn keys_increase(&self) -> bool {
        true
    }
    fn rank(&self, v: &AgentView) -> RankKey {
        RankKey::new(v.free_since_s, 0.0)
    }
}

/// Highest summed proficiency over the queue's skills, then longest idle.
#[derive(Debug, Clone, Copy, Default)]
pub struct MostSkilled;

impl AgentStrategy for MostSkilled {
    fn name(&self) -> &'static str {
        "most_skilled"
    }
    fn rank(&self, v: &AgentView) -> RankKey {
        RankKey::new(-f64::from(v.skill_sum), v.free_since_s)
    }
}

/// Fewest contacts in progress (workload balance for multitasking), then longest idle.
#[derive(Debug, Clone, Copy, Default)]
pub struct LeastOccupied;

impl AgentStrategy for LeastOccupied {
    fn name(&self) -> &'static str {
        "least_occupied"
    }
    fn rank(&self, v: &AgentView) -> RankKey {
        RankKey::new(f64::from(v.load), v.free_since_s)
    }
}

/// Highest configured speed first, then longest idle.
#[derive(Debug, Clone, Copy, Default)]
pub struct FastestServer;

impl AgentStrategy for FastestServer {
    fn name(&self) -> &'static str {
        "fastest_server"
    }
    fn rank(&self, v: &AgentView) -> RankKey {
        RankKey::new(-v.speed, v.free_since_s)
    }
}

/// Round robin: the agent routed least recently (never-routed agents first, by id), so a
/// fixed pool is visited in id order, cyclically.
#[derive(Debug, Clone, Copy, Default)]
pub struct RoundRobin;

impl AgentStrategy for RoundRobin {
    fn name(&self) -> &'static str {
        "round_robin"
    }
    fn rank(&self, v: &AgentView) -> RankKey {
        #[expect(
            clippy::cast_precision_loss,
            reason = "exact below 2^53 assignments, far beyond any run"
        )]
        let seq = v.last_routed as f64;
        RankKey::new(seq, 0.0)
    }
}

/// Random with probability proportional to the agent's configured weight (seeded).
#[derive(Debug, Clone, Copy, Default)]
pub struct WeightedRandom;

impl AgentStrategy for WeightedRandom {
    fn name(&self) -> &'static str {
        "weighted_random"
    }
    fn selection(&self) -> Selection {
        Selection::Weighted
    }
    fn rank(&self, _v: &AgentView) -> RankKey {
        RankKey::default()
    }
    fn weight(&self, v: &AgentView) -> u32 {
        v.weight
    }
}

/// Weight-based routing: the highest `P_a,q + idle_weight · idle` (see [`crate::routing::kernel`]).
///
/// Because every idle time grows at the same rate, ranking by
/// `−P_a,q + idle_weight · free_since` gives the same order at any instant.
#[derive(Debug, Clone, Copy)]
pub struct WeightBased {
    /// Score per second of agent idle time.
    pub idle_weight: f64,
}

impl AgentStrategy for WeightBased {
    fn name(&self) -> &'static str {
        "weight_based"
    }
    fn rank(&self, v: &AgentView) -> RankKey {
        RankKey::new(
            -f64::from(v.profile_priority) + self.idle_weight * v.free_since_s,
            0.0,
        )
    }
    fn idle_weight(&self) -> f64 {
        self.idle_weight
    }
}

/// The contact's preferred (last) agent when it is available and eligible, else `fallback`.
#[derive(Debug)]
pub struct Preferred {
    /// The strategy used when the preferred agent cannot take the contact.
    pub fallback: Box<dyn AgentStrategy>,
}

impl AgentStrategy for Preferred {
    fn name(&self) -> &'static str {
        "preferred"
    }
    fn selection(&self) -> Selection {
        self.fallback.selection()
    }
    fn rank(&self, v: &AgentView) -> RankKey {
        self.fallback.rank(v)
    }
    fn weight(&self, v: &AgentView) -> u32 {
        self.fallback.weight(v)
    }
    fn honours_preferred_agent(&self) -> bool {
        true
    }
    fn idle_weight(&self) -> f64 {
        self.fallback.idle_weight()
    }
    fn keys_increase(&self) -> bool {
        self.fallback.keys_increase()
    }
}

/// A strategy in a configuration file.
///
/// In TOML: `strategy = "most_skilled"`, `strategy = { weight_based = { idle_weight = 0.5 } }`,
/// `strategy = { preferred = "longest_idle" }`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StrategyConfig {
    /// [`LongestIdle`].
    #[default]
    LongestIdle,
    /// [`MostSkilled`].
    MostSkilled,
    /// [`LeastOccupied`].
    LeastOccupied,
    /// [`FastestServer`].
    FastestServer,
    /// [`RoundRobin`].
    RoundRobin,
    /// [`WeightedRandom`].
    WeightedRandom,
    /// [`WeightBased`].
    WeightBased {
        /// Score per second of agent idle time.
        idle_weight: f64,
    },
    /// [`Preferred`] with the given fallback.
    Preferred(Box<StrategyConfig>),
}

impl StrategyConfig {
    /// The strategy object.
    pub fn build(&self) -> Box<dyn AgentStrategy> {
        match self {
            StrategyConfig::LongestIdle => Box::new(LongestIdle),
            StrategyConfig::MostSkilled => Box::new(MostSkilled),
            StrategyConfig::LeastOccupied => Box::new(LeastOccupied),
            StrategyConfig::FastestServer => Box::new(FastestServer),
            StrategyConfig::RoundRobin => Box::new(RoundRobin),
            StrategyConfig::WeightedRandom => Box::new(WeightedRandom),
            StrategyConfig::WeightBased { idle_weight } => Box::new(WeightBased {
                idle_weight: *idle_weight,
            }),
            StrategyConfig::Preferred(fallback) => Box::new(Preferred {
                fallback: fallback.build(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view() -> AgentView {
        AgentView {
            agent: AgentId(0),
            free_since_s: 10.0,
            load: 1,
            skill_sum: 150,
            speed: 1.5,
            weight: 3,
            profile_priority: 2,
            last_routed: 7,
        }
    }

    #[test]
    fn keys_follow_the_documented_criteria() {
        let v = view();
        assert_eq!(LongestIdle.rank(&v), RankKey::new(10.0, 0.0));
        assert_eq!(MostSkilled.rank(&v), RankKey::new(-150.0, 10.0));
        assert_eq!(LeastOccupied.rank(&v), RankKey::new(1.0, 10.0));
        assert_eq!(FastestServer.rank(&v), RankKey::new(-1.5, 10.0));
        assert_eq!(RoundRobin.rank(&v), RankKey::new(7.0, 0.0));
        assert_eq!(WeightedRandom.weight(&v), 3);
        assert_eq!(WeightedRandom.selection(), Selection::Weighted);
        let wb = WeightBased { idle_weight: 0.5 };
        assert_eq!(wb.rank(&v), RankKey::new(3.0, 0.0));
        let p = StrategyConfig::Preferred(Box::new(StrategyConfig::WeightedRandom)).build();
        assert!(p.honours_preferred_agent());
        assert_eq!(p.selection(), Selection::Weighted);
        assert_eq!(p.name(), "preferred");
        assert!(!LongestIdle.honours_preferred_agent());
    }

    #[test]
    fn config_round_trips_through_toml() {
        #[derive(Serialize, Deserialize, PartialEq, Debug)]
        struct W {
            s: StrategyConfig,
        }
        for s in [
            StrategyConfig::RoundRobin,
            StrategyConfig::WeightBased { idle_weight: 0.5 },
            StrategyConfig::Preferred(Box::new(StrategyConfig::MostSkilled)),
        ] {
            let w = W { s };
            let text = toml::to_string(&w).unwrap();
            assert_eq!(toml::from_str::<W>(&text).unwrap(), w);
        }
        let w: W = toml::from_str(r#"s = { preferred = "least_occupied" }"#).unwrap();
        assert_eq!(
            w.s,
            StrategyConfig::Preferred(Box::new(StrategyConfig::LeastOccupied))
        );
    }
}
