//! Routing: the scoring kernel, agent-selection strategies, queue and overflow policies,
//! configuration, and the [`Router`] that puts them together.
//!
//! # How it decides
//!
//! - **Push** ([`Router::arrive`]): the contact goes to the best available agent eligible for
//!   its queue's first stage (by the queue's [`AgentStrategy`]), or waits.
//! - **Pull** (an agent frees up: [`Router::complete`], wrap-up end, becoming available): the
//!   agent takes the eligible waiting contact with the highest [`kernel`] score across
//!   every queue it works, and repeats while it has capacity.
//! - **Overflow**: a waiting contact moves through its queue's stages as time passes (each
//!   stage may lower the requirement or add agent groups), crosses routing-profile delays, and
//!   after `max_wait_s` leaves for another queue (keeping its arrival time), a callback, or
//!   rejection. A full queue sends arrivals to `on_full`.
//! - **Contact tags** (`contact_tags`, [`crate::model::TagSet`]): a queue's `tag_priority`
//!   adds to a tagged contact's priority (`P_tag` in the [`kernel`]), and a stage with
//!   `when = "gold OR silver"` applies only to contacts whose tags satisfy it — the others
//!   skip it, its duration not counting. Eligibility stays static per slot: tags choose which
//!   stages (slots) a contact passes through, never who is in a slot.
//! - **Preferred agent wait** (`preferred_wait_s`): a contact may wait reserved for its busy
//!   preferred agent before falling back (see [`Router`]).
//! - **Run-time changes**: [`Router::add_agent`] and [`Router::update_agent`] re-evaluate an
//!   agent's slots; the router then decides exactly as one built from the changed
//!   configuration ([`Router::config`] records it). Delay tiers come from the routing
//!   profiles, so a changed agent always finds its tier.
//!
//! # Indexes
//!
//! Eligibility is static per (queue, stage, profile delay) — a **slot** — because requirements
//! only read agent skills and attributes. Each slot keeps a heap of its available agents keyed
//! by the strategy (or a Fenwick tree of weights) and a heap of its waiting contacts keyed by
//! the kernel. An arrival looks at the heads of its few slots; a freed agent at the heads of
//! the slots it belongs to. Stale heap entries are skipped and dropped lazily. No decision scans
//! all agents or all waiting contacts, and none allocates once the heaps have grown to their
//! working size.

mod build;
mod config;
mod decision;
mod index;
pub mod kernel;
mod router;
mod strategy;

pub use config::{
    AgentConfig, ChannelConfig, Destination, ProfileConfig, ProfileQueueConfig, QueueConfig,
    RouterConfig, StageConfig,
};
pub use decision::{Decision, Eligibility, Explanation, OverflowReason};
pub use kernel::ScoreTerms;
pub use router::Router;
pub use strategy::{
    AgentStrategy, AgentView, FastestServer, LeastOccupied, LongestIdle, MostSkilled, Preferred,
    RankKey, RoundRobin, Selection, StrategyConfig, WeightBased, WeightedRandom,
};
