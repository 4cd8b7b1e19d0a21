//! The one scoring kernel behind every routing decision.
//!
//! # Formula
//!
//! ```text
//! eligible(c, a) = a may serve c's queue at c's current stage  and  waited_q(c) >= delay(a, q)
//!
//! score(c, a)    = P_q + P_a,q + P_c + P_tag(c, q)  +  w_q · waited(c)  +  v · idle(a)
//! ```
//!
//! - `P_q` the queue's priority, `P_a,q` the priority of queue `q` in agent `a`'s routing
//!   profile, `P_c` the contact's own priority, `P_tag(c, q)` the sum of queue `q`'s
//!   `tag_priority` over the tags the contact carries (customer tier);
//! - `w_q` the queue's wait weight (priority aging per second), `waited(c)` seconds since the
//!   contact arrived (kept across overflow moves, so a contact keeps its place in line);
//! - `v` the idle weight of the `weight_based` agent strategy, `idle(a)` seconds since the
//!   agent's last routing change;
//! - `delay(a, q)` the routing-profile delay, compared with `waited_q(c)`, the time since the
//!   contact entered its current queue.
//!
//! When an agent frees up the router takes the eligible waiting contact with the highest score
//! (the idle term is then the same for every candidate). When a contact arrives or widens, the
//! queue's agent strategy picks among the eligible available agents; the `weight_based`
//! strategy ranks them by this same score.
//!
//! One formula, no separate code paths:
//!
//! | policy | setting |
//! |---|---|
//! | static priority lists (strict queue priority) | distinct `P_q` / `P_a,q`, `w_q = 0`; FIFO breaks ties |
//! | delay-based overflow (routing-profile delay) | `delay(a, q) > 0` for the back-up agents |
//! | priority aging | `w_q > 0` on top of the priorities |
//! | longest weighted wait | all priorities 0, `w_q` = the queue's weight |
//! | weight-based routing (Chan, Koole & L'Ecuyer 2014) | see below |
//!
//! # Weight-based routing
//!
//! Chan, Koole & L'Ecuyer (2014) score a (contact type `k`, agent group `g`) pair as
//! `c(k, g) = q(k, g) + a(k, g) · w_k + b(k, g) · v_g`, with `w_k` the wait of type `k`'s
//! oldest contact and `v_g` the idle time of group `g`'s longest-idle agent; a pair is used
//! only when its score is non-negative. Here:
//!
//! | their term | here |
//! |---|---|
//! | `q(k, g)` | `P_q + P_a,q`: give each group its own routing profile, with the queue priority `P_a,q` |
//! | `a(k, g) · w_k` | `w_q · waited(c)`: one wait weight per queue, the same for every group |
//! | `b(k, g) · v_g` | `v · idle(a)` of queue `q`'s `weight_based` strategy: one idle weight per queue |
//! | "route only when `c(k, g) ≥ 0`" | `delay(a, q)`: group `g` serves type `k` after a fixed wait |
//!
//! So the weight matrices `a` and `b` are rank-one here (a weight per contact type, not per
//! pair), and the non-negativity rule becomes a time threshold per pair. The restriction keeps
//! every queue's waiting contacts in one order for all agents (the heap described under
//! *Ties*); a per-pair wait weight would make that order depend on the agent.
//!
//! # Ties
//!
//! Equal scores go to the contact that arrived first (router arrival order). Because every
//! waiting contact's score grows at its queue's rate `w_q`, the order of contacts within one
//! queue, stage and delay tier never changes while they wait: the router keeps them in a heap
//! keyed by `P_c + P_tag − w_q · arrival` and only compares the heads across queues.

use serde::{Deserialize, Serialize};

/// The inputs of the kernel for one (contact, agent) pair.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct ScoreTerms {
    /// `P_q`: the queue's priority.
    pub queue_priority: i32,
    /// `P_a,q`: the queue's priority in the agent's routing profile.
    pub profile_priority: i32,
    /// `P_c`: the contact's own priority.
    pub contact_priority: i32,
    /// `P_tag`: the queue's `tag_priority` summed over the contact's tags.
    pub tag_priority: i32,
    /// `w_q`: score gained per second of waiting.
    pub wait_weight: f64,
    /// `waited(c)`: seconds since the contact arrived.
    pub waited_s: f64,
    /// `v`: score gained per second the agent has been idle (0 unless `weight_based`).
    pub idle_weight: f64,
    /// `idle(a)`: seconds since the agent's last routing change.
    pub idle_s: f64,
}

impl ScoreTerms {
    /// The sum of the four priorities.
    pub fn priority(&self) -> f64 {
        f64::from(self.queue_priority)
            + f64::from(self.profile_priority)
            + f64::from(self.contact_priority)
            + f64::from(self.tag_priority)
    }

    /// The wait term `w_q · waited`.
    pub fn wait_term(&self) -> f64 {
        self.wait_weight * self.waited_s
    }

    /// The idle term `v · idle`.
    pub fn idle_term(&self) -> f64 {
        self.idle_weight * self.idle_s
    }

    /// The score: priority + wait term + idle term.
    ///
    /// # Examples
    ///
    /// ```
    /// use callwright_core::routing::ScoreTerms;
    ///
    /// let t = ScoreTerms { queue_priority: 10, wait_weight: 0.5, waited_s: 20.0, ..Default::default() };
    /// assert_eq!(t.score(), 20.0);
    /// ```
    pub fn score(&self) -> f64 {
        score(self.priority(), self.wait_weight, self.waited_s) + self.idle_term()
    }
}

/// The contact side of the kernel as the router's hot path computes it: `priority + w · waited`.
#[inline]
pub(crate) fn score(priority: f64, wait_weight: f64, waited_s: f64) -> f64 {
    priority + wait_weight * waited_s
}

/// Maps an `f64` to a `u64` whose unsigned order is `f64::total_cmp`'s order (with `-0.0`
/// folded onto `0.0`), so heap keys compare as integers.
#[inline]
pub(crate) fn ord_bits(x: f64) -> u64 {
    let x = if x == 0.0 { 0.0 } else { x };
    let b = x.to_bits();
    if b >> 63 == 1 { !b } else { b | (1 << 63) }
}

#[cfg(test)]
#[allow(clippy::float_cmp, reason = "exact dyadic values")]
mod tests {
    use super::*;

    #[test]
    fn ord_bits_preserves_order() {
        let xs = [f64::NEG_INFINITY, -1e9, -1.5, -0.0, 0.0, 1e-300, 2.0, 1e300];
        for w in xs.windows(2) {
            assert!(ord_bits(w[0]) <= ord_bits(w[1]), "{} {}", w[0], w[1]);
        }
        assert_eq!(ord_bits(-0.0), ord_bits(0.0));
    }

    #[test]
    fn breakdown_adds_up() {
        let t = ScoreTerms {
            queue_priority: 3,
            profile_priority: -1,
            contact_priority: 2,
            tag_priority: 20,
            wait_weight: 0.25,
            waited_s: 8.0,
            idle_weight: 1.0,
            idle_s: 5.0,
        };
        assert_eq!(t.priority(), 24.0);
        assert_eq!(t.wait_term(), 2.0);
        assert_eq!(t.idle_term(), 5.0);
        assert_eq!(t.score(), 31.0);
    }
}
