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
//!
//! # Performance
//!
//! `core/benches/router.rs` times one router call (a push on arrival, a pull on completion,
//! or a timer) on a steady-state workload at 95% load. Its `router_cpu_scaling` group runs the
//! same workload with 1,000 agents / 50 queues and with 4,000 agents / 200 queues (every
//! queue's eligible pool the same size), and the second costs about 1.7–1.9× as much per call
//! (thread CPU time, medians of 10 samples on a shared 2-core machine: 240 ns and 448 ns).
//!
//! **The router does not do more work with more agents; it waits longer for memory.**
//! Instruction and cache-miss counts from cachegrind on `core/examples/router_scaling.rs` (the
//! same workload and driver), per call, as the difference between runs of 1,000,000 and 0
//! calls after the warm-up, with a 32 KiB 8-way L1 and a 1 MiB 8-way last level (a per-core
//! L2; misses there are served by the shared L3 at some 40–50 cycles):
//!
//! | per call | 1,000 agents | 4,000 agents | ratio |
//! |---|---:|---:|---:|
//! | instructions | 1,493 | 1,521 | 1.02 |
//! | L1 data misses | 30.0 | 38.5 | 1.28 |
//! | 1 MiB-cache data misses (reads + writes) | 1.29 (0.73 + 0.56) | 7.00 (5.61 + 1.40) | 5.4 |
//!
//! (Before agent heap entries shrank from 32 to 24 bytes and the per-slot live counts moved
//! into one dense array, the last row read 1.64 and 7.36: the breakdown below is from then.)
//! Six more misses to L3 per call at ~45 cycles are ~270 cycles, about 90 ns at 3 GHz: the
//! measured difference. The extra read misses (per call, 1,000 → 4,000 agents) fall in
//! `pull`/`best_contact` (0.40 → 1.89: the freed agent's slot list and the heads of its slots'
//! contact heaps), `complete` (0.16 → 1.48: the finishing contact's record and its agent's),
//! `best_agent` (0.07 → 0.64: the agents behind heap tops, checked for staleness),
//! `refresh_agent` (0.05 → 0.58, and writes 0.59 → 0.98: the agent's entries pushed into its
//! ~9 slot heaps) and heap pops (0.02 → 0.37). Each call touches the records of one contact
//! and a few agents that no recent call touched (an agent finishing a call last routed it
//! minutes of simulated time and thousands of calls earlier), so those touches hit the cache
//! only if the whole per-agent state fits: about 1 KB per agent (its 264-byte `AgentRt`, ~9
//! slot memberships of 20 bytes, and its 24-byte heap entries, up to two per membership) plus
//! ~100 bytes per contact, i.e. ~1 MB at 1,000 agents (within a 1–2 MiB L2) and ~4 MB at 4,000
//! (in L3 only). Per-decision work is independent of the number of agents; per-decision memory
//! latency is not, and cannot be for data that outgrows the cache. Shrinking the hot state
//! further (routing fields of an agent in one 64-byte record apart from its name, traits,
//! groups and profile) would move the knee, not remove it; moving just the agents' stamps into
//! a dense array was tried and cost more L1 misses than it saved.
//!
//! ```text
//! cargo bench -p callwright-core --bench router -- router_cpu_scaling --warm-up-time 1 --measurement-time 3
//! cargo build --release -p callwright-core --example router_scaling
//! valgrind --tool=cachegrind --cache-sim=yes --D1=32768,8,64 --LL=1048576,8,64 \
//!     target/release/examples/router_scaling 4000 1000000    # and with 0 calls; likewise 1000
//! cg_diff <0-call output> <1,000,000-call output> > diff; cg_annotate --sort=DLmr diff
//! ```

mod build;
mod config;
mod decision;
mod index;
pub mod kernel;
mod line;
mod predict;
mod router;
mod strategy;

pub use config::{
    AgentConfig, ChannelConfig, Destination, ProfileConfig, ProfileQueueConfig, QueueConfig,
    RouterConfig, StageConfig,
};
pub use decision::{Decision, Eligibility, Explanation, OverflowReason};
pub use kernel::ScoreTerms;
pub use predict::{CallbackConfig, CallbackMode, PredictionConfig, Predictor, WaitPrediction};
pub use router::Router;
pub use strategy::{
    AgentStrategy, AgentView, FastestServer, LeastOccupied, LongestIdle, MostSkilled, Preferred,
    RankKey, RoundRobin, Selection, StrategyConfig, WeightBased, WeightedRandom,
};
