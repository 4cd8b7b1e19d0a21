//! The router's internals: timers, placement, overflow, the slot indexes, push and pull.

use std::cmp::{Ordering, Reverse};

use super::{AgentIndex, AgentRt, CStatus, ContactRt, Dest, Router, from_ord_bits, index_u32};
use crate::model::{AgentId, ContactId, Presence, QueueId};
use crate::routing::index::{AgentEntry, ContactEntry, TIMER_CONTACT, TIMER_WRAP_UP, Timer};
use crate::routing::kernel::{self, ord_bits};
use crate::routing::{AgentView, Decision, Eligibility, Explanation, OverflowReason, ScoreTerms};

impl Router {
    /// End of every successful call: set the clock, drop stale timers from the top so
    /// [`Router::next_timer`] is exact, and compact the timer heap when stale entries pile up.
    #[inline]
    pub(crate) fn finish(&mut self, now: f64) {
        self.clock = now;
        // Nothing to drop or compact when no timer is pending (the common case without
        // stages, delays, maximum waits or wrap-up).
        if !self.timers.is_empty() {
            self.finish_timers();
        }
    }

    fn finish_timers(&mut self) {
        let live = 2
            * (self.waiting_total as usize + self.wrapping as usize + self.scheduled as usize)
            + 64;
        if self.timers.len() > live {
            let (contacts, agents) = (&self.contacts, &self.agents);
            self.timers
                .retain(|t| timer_is_live(contacts, agents, &t.0));
        }
        while let Some(t) = self.timers.peek() {
            if timer_is_live(&self.contacts, &self.agents, &t.0) {
                break;
            }
            self.timers.pop();
        }
    }

    #[inline]
    pub(crate) fn run_timers(&mut self, now: f64) {
        if self.record {
            self.explanations.clear();
        }
        if !self.timers.is_empty() {
            self.fire_timers(now);
        }
    }

    fn fire_timers(&mut self, now: f64) {
        while let Some(&Reverse(t)) = self.timers.peek() {
            let time = from_ord_bits(t.time);
            if time > now {
                break;
            }
            self.timers.pop();
            if !timer_is_live(&self.contacts, &self.agents, &t) {
                continue;
            }
            if t.kind == TIMER_WRAP_UP {
                self.end_wrap(t.index, time);
            } else {
                self.fire_contact(t.index, time);
            }
        }
    }

    pub(crate) fn end_wrap(&mut self, ai: u32, t: f64) {
        let a = &mut self.agents[ai as usize];
        a.wrap_up_until = None;
        a.wrap_stamp = a.wrap_stamp.wrapping_add(1);
        a.free_since = t;
        self.wrapping -= 1;
        self.decisions.push(Decision::WrapUpEnded {
            agent: AgentId(ai),
            at_s: t,
        });
        self.pull(ai, t);
    }

    pub(crate) fn fire_contact(&mut self, ci: u32, t: f64) {
        let c = self.contacts[ci as usize];
        if c.status == CStatus::Scheduled {
            // An accepted callback's time has come: it enters its queue as a new arrival.
            self.contacts[ci as usize].arrival = t;
            self.scheduled -= 1;
            self.place(ci, t);
            return;
        }
        let q = &self.queues[c.queue as usize];
        if !c.callback && q.max_wait_s.is_some_and(|mw| c.entry + mw <= t) {
            let dest = q.on_max_wait;
            self.unqueue(ci, t);
            self.overflow(ci, dest, OverflowReason::MaxWait, t);
            return;
        }
        if c.reserved && c.entry + q.preferred_wait_s <= t {
            self.unreserve(ci);
        }
        let q = &self.queues[c.queue as usize];
        let stage = q.stage_at(c.entry, t, c.tags);
        let joined = q.tiers_at(c.entry, t);
        if stage != c.stage {
            self.leave_slots(ci);
            self.contacts[ci as usize].stage = stage;
            self.decisions.push(Decision::StageChanged {
                contact: ContactId(c.id),
                queue: QueueId(c.queue),
                stage,
                at_s: t,
            });
        }
        self.contacts[ci as usize].joined = joined;
        self.offer(ci, t);
    }

    /// A waiting contact whose stage, tiers or reservation changed: into its slots, then to
    /// the best available agent, else its next timer.
    fn offer(&mut self, ci: u32, t: f64) {
        self.join_slots(ci);
        if let Some(ai) = self.best_agent(ci) {
            self.assign(ci, ai, t);
            self.refresh_agent(ai);
        } else {
            self.schedule_contact(ci);
        }
    }

    /// Whether a contact being placed waits reserved for its preferred agent (if that agent
    /// cannot take it now): the queue waits for preferred agents, and the agent is available
    /// and eligible.
    fn reservable(&self, ci: u32) -> bool {
        let c = &self.contacts[ci as usize];
        c.preferred.is_some_and(|p| {
            self.queues[c.queue as usize].preferred_wait_s > 0.0
                && self.agents[p as usize].presence == Presence::Available
                && self.serves(p, ci)
        })
    }

    /// Ends a contact's reservation (it stays out of its slots until the caller offers it).
    fn unreserve(&mut self, ci: u32) {
        let c = &mut self.contacts[ci as usize];
        c.reserved = false;
        if let Some(p) = c.preferred {
            let list = &mut self.agents[p as usize].reserved;
            if let Some(i) = list.iter().position(|&x| x == ci) {
                list.swap_remove(i);
            }
        }
    }

    /// The agent's presence left `available`: its reserved contacts fall back to their
    /// queues' plans, oldest arrival first.
    pub(super) fn release_reserved(&mut self, ai: u32, t: f64) {
        let mut list = std::mem::take(&mut self.agents[ai as usize].reserved);
        list.sort_unstable_by_key(|&ci| self.contacts[ci as usize].seq);
        for &ci in &list {
            self.contacts[ci as usize].reserved = false;
            self.offer(ci, t);
        }
        list.clear();
        self.agents[ai as usize].reserved = list;
    }

    /// Whether the agent may serve the contact at its current stage and delay tiers.
    fn serves(&self, ai: u32, ci: u32) -> bool {
        let c = &self.contacts[ci as usize];
        let first = index_u32(self.queues[c.queue as usize].slot(c.stage, 0));
        let slots = &self.agents[ai as usize].slots;
        (first..first + u32::from(c.joined))
            .any(|s| slots.binary_search_by_key(&s, |x| x.slot).is_ok())
    }

    /// Routes a contact (status `Placing`) into its current queue at `now`: to an agent, into
    /// the queue, or on through `on_full`.
    pub(crate) fn place(&mut self, ci: u32, now: f64) {
        let c = &mut self.contacts[ci as usize];
        let q = &self.queues[c.queue as usize];
        c.status = CStatus::Placing;
        c.entry = now;
        c.heaped = 0;
        c.stage = if q.conditional {
            q.stage_at(now, now, c.tags)
        } else {
            0
        };
        c.joined = q.tiers_at(now, now);
        c.tag_priority = q.tag_priority(c.tags);
        c.key = f64::from(c.priority) + f64::from(c.tag_priority) - q.wait_weight * c.arrival;
        // A contact that would wait for its busy preferred agent goes to no one else.
        self.contacts[ci as usize].reserved = self.reservable(ci);
        if let Some(ai) = self.best_agent(ci) {
            self.assign(ci, ai, now);
            self.refresh_agent(ai);
            return;
        }
        let (id, queue) = (
            self.contacts[ci as usize].id,
            self.contacts[ci as usize].queue,
        );
        let q = &self.queues[queue as usize];
        if q.max_waiting.is_some_and(|m| q.waiting >= m) {
            let dest = q.on_full;
            self.contacts[ci as usize].reserved = false;
            self.overflow(ci, dest, OverflowReason::QueueFull, now);
            return;
        }
        let offer = if self.lines[queue as usize].callback.is_none()
            || self.contacts[ci as usize].callback
        {
            None
        } else {
            self.callback_offer(queue, now)
        };
        let c = &mut self.contacts[ci as usize];
        c.status = CStatus::Waiting;
        c.line_ord = self.lines[queue as usize].enter(c.arrival, now);
        self.queues[queue as usize].waiting += 1;
        self.waiting_total += 1;
        self.decisions.push(Decision::Queued {
            contact: ContactId(id),
            queue: QueueId(queue),
            at_s: now,
        });
        if let Some(predicted_wait_s) = offer {
            self.decisions.push(Decision::CallbackOffered {
                contact: ContactId(id),
                queue: QueueId(queue),
                predicted_wait_s,
                at_s: now,
            });
        }
        if let Some(p) = self.contacts[ci as usize].preferred
            && self.contacts[ci as usize].reserved
        {
            self.agents[p as usize].reserved.push(ci);
        }
        self.join_slots(ci);
        self.schedule_contact(ci);
    }

    /// Takes an accepted callback (already out of line) out of the router's queues until
    /// `at`, when its timer places it.
    pub(crate) fn hold_until(&mut self, ci: u32, at: f64) {
        self.scheduled += 1;
        let c = &mut self.contacts[ci as usize];
        c.status = CStatus::Scheduled;
        c.entry = at;
        c.timer_stamp = c.timer_stamp.wrapping_add(1);
        self.timers.push(Reverse(Timer {
            time: ord_bits(at),
            kind: TIMER_CONTACT,
            id: c.seq,
            index: ci,
            stamp: c.timer_stamp,
        }));
    }

    /// Sends a contact that is not (or no longer) counted as waiting to `dest`.
    pub(crate) fn overflow(&mut self, ci: u32, dest: Dest, reason: OverflowReason, t: f64) {
        let c = &self.contacts[ci as usize];
        let (contact, queue) = (ContactId(c.id), QueueId(c.queue));
        match dest {
            Dest::Reject => {
                self.decisions.push(Decision::Rejected {
                    contact,
                    queue,
                    reason,
                    at_s: t,
                });
                self.release_contact(ci);
            }
            Dest::Callback => {
                self.decisions.push(Decision::Callback {
                    contact,
                    queue,
                    reason,
                    at_s: t,
                });
                self.release_contact(ci);
            }
            Dest::Queue(to) => {
                self.decisions.push(Decision::Moved {
                    contact,
                    from: queue,
                    to: QueueId(to),
                    reason,
                    at_s: t,
                });
                self.contacts[ci as usize].queue = to;
                self.place(ci, t);
            }
        }
    }

    /// Takes a waiting contact out of its queue's count, line and slots at `now` (it stays
    /// allocated).
    pub(crate) fn unqueue(&mut self, ci: u32, now: f64) {
        if self.contacts[ci as usize].reserved {
            self.unreserve(ci);
        }
        self.leave_slots(ci);
        let c = &mut self.contacts[ci as usize];
        c.status = CStatus::Placing;
        c.timer_stamp = c.timer_stamp.wrapping_add(1);
        self.lines[c.queue as usize].leave(c.line_ord, now, now - c.entry, !c.callback);
        self.queues[c.queue as usize].waiting -= 1;
        self.waiting_total -= 1;
    }

    /// Frees a contact's record and id.
    pub(crate) fn release_contact(&mut self, ci: u32) {
        let c = &mut self.contacts[ci as usize];
        c.status = CStatus::Free;
        c.slot_stamp = c.slot_stamp.wrapping_add(1);
        c.timer_stamp = c.timer_stamp.wrapping_add(1);
        let id = c.id;
        self.by_id.remove(id);
        self.free.push(ci);
    }

    pub(crate) fn leave_slots(&mut self, ci: u32) {
        let c = &mut self.contacts[ci as usize];
        let q = &self.queues[c.queue as usize];
        for t in 0..usize::from(c.heaped) {
            let s = q.slot(c.stage, t);
            self.slot_live[s] -= 1;
            if self.slot_live[s] == 0 {
                // Only stale entries left: drop them all at once.
                self.slots[s].contacts.clear();
            }
        }
        c.heaped = 0;
        c.slot_stamp = c.slot_stamp.wrapping_add(1);
    }

    /// Puts a waiting contact into the slots of its stage's joined tiers (none while it is
    /// reserved for its preferred agent).
    pub(crate) fn join_slots(&mut self, ci: u32) {
        let c = self.contacts[ci as usize];
        if c.reserved {
            return;
        }
        let q = &self.queues[c.queue as usize];
        let entry = ContactEntry {
            key: ord_bits(c.key),
            seq: Reverse(c.seq),
            index: ci,
            stamp: c.slot_stamp,
        };
        for t in usize::from(c.heaped)..usize::from(c.joined) {
            let s = q.slot(c.stage, t);
            let slot = &mut self.slots[s];
            slot.contacts.push(entry);
            self.slot_live[s] += 1;
            if slot.contacts.len() > 2 * self.slot_live[s] as usize + 32 {
                let contacts = &self.contacts;
                slot.contacts
                    .retain(|e| contacts[e.index as usize].slot_stamp == e.stamp);
            }
        }
        let c = &mut self.contacts[ci as usize];
        c.heaped = c.joined;
    }

    pub(crate) fn schedule_contact(&mut self, ci: u32) {
        let c = &mut self.contacts[ci as usize];
        let q = &self.queues[c.queue as usize];
        let mut due = f64::INFINITY;
        if let Some(start) = q.next_stage_start(c.stage, c.tags) {
            due = due.min(c.entry + start);
        }
        if let Some(&d) = q.tiers.get(usize::from(c.joined)) {
            due = due.min(c.entry + d);
        }
        if let Some(mw) = q.max_wait_s.filter(|_| !c.callback) {
            due = due.min(c.entry + mw);
        }
        if c.reserved {
            due = due.min(c.entry + q.preferred_wait_s);
        }
        c.timer_stamp = c.timer_stamp.wrapping_add(1);
        if due.is_finite() {
            self.timers.push(Reverse(Timer {
                time: ord_bits(due),
                kind: TIMER_CONTACT,
                id: c.seq,
                index: ci,
                stamp: c.timer_stamp,
            }));
        }
    }

    /// The agent the contact would go to now, if any (draws from the generator for weighted
    /// strategies).
    pub(crate) fn best_agent(&mut self, ci: u32) -> Option<u32> {
        let c = &self.contacts[ci as usize];
        if c.joined == 0 {
            return None;
        }
        let q = &self.queues[c.queue as usize];
        let first = q.slot(c.stage, 0);
        let range = first..first + usize::from(c.joined);
        if q.preferred
            && let Some(p) = c.preferred
            && self.agents[p as usize].available_on(q.channel, q.exclusive)
            && self.serves(p, ci)
        {
            return Some(p);
        }
        if c.reserved {
            return None;
        }
        if q.weighted {
            let mut total = 0;
            for s in range.clone() {
                if let AgentIndex::Weighted(f) = &self.slots[s].agents {
                    total += f.total();
                }
            }
            if total == 0 {
                return None;
            }
            let mut r = self.rng.below(total);
            for s in range {
                if let AgentIndex::Weighted(f) = &self.slots[s].agents {
                    let t = f.total();
                    if r < t {
                        return Some(self.slots[s].members[f.find(r)]);
                    }
                    r -= t;
                }
            }
            return None;
        }
        let mut best: Option<AgentEntry> = None;
        for s in range {
            if let Some(top) = self.slot_top(s)
                && best.is_none_or(|b| top > b)
            {
                best = Some(top);
            }
        }
        best.map(|e| e.agent())
    }

    /// The best available agent of a ranked slot (stale entries above it are dropped);
    /// `None` for an empty or weighted slot.
    #[allow(
        clippy::inline_always,
        reason = "left out of line it costs the arrival path about 5% more instructions"
    )]
    #[inline(always)]
    fn slot_top(&mut self, s: usize) -> Option<AgentEntry> {
        match &mut self.slots[s].agents {
            AgentIndex::Ranked(heap) => {
                while let Some(top) = heap.peek() {
                    if self.agents[top.agent() as usize].stamp == top.stamp() {
                        break;
                    }
                    heap.pop();
                }
                heap.peek().copied()
            }
            AgentIndex::Sorted(queue) => {
                while let Some(front) = queue.front() {
                    if self.agents[front.agent() as usize].stamp == front.stamp() {
                        break;
                    }
                    queue.pop_front();
                }
                queue.front().copied()
            }
            AgentIndex::Weighted(_) => None,
        }
    }

    /// Whether slot `s` has an available agent.
    pub(crate) fn slot_has_agent(&mut self, s: usize) -> bool {
        match &self.slots[s].agents {
            AgentIndex::Weighted(f) => f.total() > 0,
            _ => self.slot_top(s).is_some(),
        }
    }

    /// The waiting contact the agent would take now, if any.
    pub(crate) fn best_contact(&mut self, ai: u32, now: f64) -> Option<u32> {
        let a = &self.agents[ai as usize];
        if a.presence != Presence::Available || a.wrap_up_until.is_some() || a.exclusive_load > 0 {
            return None;
        }
        if !a.reserved.is_empty() {
            let mut oldest: Option<(u64, u32)> = None;
            for &ci in &a.reserved {
                let c = &self.contacts[ci as usize];
                let q = &self.queues[c.queue as usize];
                if a.available_on(q.channel, q.exclusive)
                    && self.serves(ai, ci)
                    && oldest.is_none_or(|(seq, _)| c.seq < seq)
                {
                    oldest = Some((c.seq, ci));
                }
            }
            if let Some((_, ci)) = oldest {
                return Some(ci);
            }
        }
        let mut best: Option<(f64, u64, u32)> = None;
        for s in &a.slots {
            if self.slot_live[s.slot as usize] == 0 || !a.available_on(s.channel, s.exclusive) {
                continue;
            }
            let slot = &mut self.slots[s.slot as usize];
            while let Some(top) = slot.contacts.peek() {
                if self.contacts[top.index as usize].slot_stamp == top.stamp {
                    break;
                }
                slot.contacts.pop();
            }
            let Some(top) = slot.contacts.peek() else {
                continue;
            };
            let c = &self.contacts[top.index as usize];
            let q = &self.queues[slot.queue as usize];
            let score = kernel::score(
                f64::from(q.priority)
                    + f64::from(s.profile_priority)
                    + f64::from(c.priority)
                    + f64::from(c.tag_priority),
                q.wait_weight,
                now - c.arrival,
            );
            let better = match best {
                None => true,
                Some((bs, bseq, _)) => match score.partial_cmp(&bs) {
                    Some(Ordering::Greater) => true,
                    Some(Ordering::Equal) => c.seq < bseq,
                    _ => false,
                },
            };
            if better {
                best = Some((score, c.seq, top.index));
            }
        }
        best.map(|b| b.2)
    }

    /// The agent takes waiting contacts while it can, then re-enters the idle indexes.
    pub(crate) fn pull(&mut self, ai: u32, now: f64) {
        while let Some(ci) = self.best_contact(ai, now) {
            self.assign(ci, ai, now);
        }
        self.refresh_agent(ai);
    }

    /// Gives the contact to the agent. The caller refreshes the agent's index entries.
    pub(crate) fn assign(&mut self, ci: u32, ai: u32, now: f64) {
        if self.record {
            let e = self.explain_pair(ci, ai, now);
            self.explanations.push(e);
        }
        if self.contacts[ci as usize].status == CStatus::Waiting {
            let c = &self.contacts[ci as usize];
            self.lines[c.queue as usize].served_after(now - c.arrival);
            self.unqueue(ci, now);
        }
        let c = &mut self.contacts[ci as usize];
        c.status = CStatus::Assigned(ai);
        c.start = now;
        c.reserved = false;
        c.timer_stamp = c.timer_stamp.wrapping_add(1);
        let q = &self.queues[c.queue as usize];
        let a = &mut self.agents[ai as usize];
        a.load[usize::from(q.channel.0)] += 1;
        a.total_load += 1;
        if q.exclusive {
            a.exclusive_load += 1;
        }
        a.free_since = now;
        self.routed += 1;
        a.last_routed = self.routed;
        self.decisions.push(Decision::Assigned {
            contact: ContactId(c.id),
            agent: AgentId(ai),
            queue: QueueId(c.queue),
            stage: c.stage,
            at_s: now,
            waited_s: now - c.arrival,
        });
    }

    /// Re-indexes an agent after any change: stale entries die with the old stamp; if
    /// available on a slot's channel, a fresh entry (or weight) goes in.
    pub(crate) fn refresh_agent(&mut self, ai: u32) {
        let a = &mut self.agents[ai as usize];
        a.stamp = a.stamp.wrapping_add(1);
        let a = &self.agents[ai as usize];
        let unavailable =
            a.presence != Presence::Available || a.wrap_up_until.is_some() || a.exclusive_load > 0;
        if unavailable && !a.weighted_slots {
            // Nothing to add, and the new stamp already retired every old entry.
            return;
        }
        for s in &a.slots {
            let slot = &mut self.slots[s.slot as usize];
            let bound = 2 * slot.members.len() + 32;
            let available = a.available_on(s.channel, s.exclusive);
            let strategy = &self.queues[slot.queue as usize].strategy;
            match &mut slot.agents {
                AgentIndex::Ranked(heap) => {
                    if available {
                        let k = strategy.rank(&a.view(ai, s));
                        heap.push(AgentEntry::new(
                            ord_bits(k.primary),
                            ord_bits(k.secondary),
                            ai,
                            a.stamp,
                        ));
                        if heap.len() > bound {
                            let agents = &self.agents;
                            heap.retain(|e| agents[e.agent() as usize].stamp == e.stamp());
                        }
                    }
                }
                AgentIndex::Sorted(queue) => {
                    if available {
                        let k = strategy.rank(&a.view(ai, s));
                        let entry = AgentEntry::new(
                            ord_bits(k.primary),
                            ord_bits(k.secondary),
                            ai,
                            a.stamp,
                        );
                        // Entries before the insertion point rank at least as well.
                        let mut at = queue.len();
                        while at > 0 && queue[at - 1] < entry {
                            at -= 1;
                        }
                        if at == queue.len() {
                            queue.push_back(entry);
                        } else {
                            queue.insert(at, entry);
                        }
                        if queue.len() > bound {
                            let agents = &self.agents;
                            queue.retain(|e| agents[e.agent() as usize].stamp == e.stamp());
                        }
                    }
                }
                AgentIndex::Weighted(f) => {
                    let w = if available {
                        strategy.weight(&a.view(ai, s))
                    } else {
                        0
                    };
                    f.set(s.pos as usize, w);
                }
            }
        }
    }

    pub(crate) fn explain_pair(&self, ci: u32, ai: u32, now: f64) -> Explanation {
        let c = &self.contacts[ci as usize];
        let q = &self.queues[c.queue as usize];
        let a = &self.agents[ai as usize];
        let entry = a.profile.iter().find(|p| p.queue == c.queue);
        let mut terms = ScoreTerms {
            queue_priority: q.priority,
            profile_priority: entry.map_or(0, |p| p.priority),
            contact_priority: c.priority,
            tag_priority: c.tag_priority,
            wait_weight: q.wait_weight,
            waited_s: now - c.arrival,
            idle_weight: q.strategy.idle_weight(),
            idle_s: now - a.free_since,
        };
        let skill_sum = q
            .rank_skills
            .iter()
            .map(|&s| u32::from(a.traits.skill(s)))
            .sum();
        let view = AgentView {
            agent: AgentId(ai),
            free_since_s: a.free_since,
            load: a.total_load,
            skill_sum,
            speed: a.speed,
            weight: a.weight,
            profile_priority: terms.profile_priority,
            last_routed: a.last_routed,
        };
        let eligibility = match entry {
            Some(p) if a.capacity[usize::from(q.channel.0)] > 0 => {
                let tier = usize::from(p.tier);
                let slot = index_u32(q.slot(c.stage, tier));
                if a.slots.binary_search_by_key(&slot, |x| x.slot).is_err() {
                    Eligibility::ExcludedByStage
                } else if tier >= usize::from(c.joined) {
                    Eligibility::DelayPending {
                        remaining_s: (c.entry + p.delay_s - now).max(0.0),
                    }
                } else if a.available_on(q.channel, q.exclusive) {
                    Eligibility::Eligible
                } else {
                    Eligibility::Unavailable
                }
            }
            _ => Eligibility::NotInProfile,
        };
        if eligibility == Eligibility::NotInProfile {
            terms.profile_priority = 0;
        }
        Explanation {
            contact: ContactId(c.id),
            agent: AgentId(ai),
            queue: QueueId(c.queue),
            stage: c.stage,
            eligibility,
            terms,
            strategy: q.strategy.name(),
            rank: q.strategy.rank(&view),
        }
    }
}

pub(crate) fn timer_is_live(contacts: &[ContactRt], agents: &[AgentRt], t: &Timer) -> bool {
    if t.kind == TIMER_WRAP_UP {
        let a = &agents[t.index as usize];
        a.wrap_up_until.is_some() && a.wrap_stamp == t.stamp
    } else {
        let c = &contacts[t.index as usize];
        matches!(c.status, CStatus::Waiting | CStatus::Scheduled) && c.timer_stamp == t.stamp
    }
}
