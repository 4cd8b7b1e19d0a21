//! The [`Router`]: events in, decisions out, no clock of its own.

mod admin;
mod dispatch;

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};

use crate::error::{Error, Result};
use crate::model::{
    AgentId, AgentState, AgentTraits, ChannelId, ContactId, ContactSpec, ContactStatus, GroupId,
    Presence, QueueId, Requirement, Schema, SkillId, TagCondition, TagId, TagSet, check_time,
};
use crate::routing::index::{
    AgentEntry, ContactEntry, ContactIds, DIRECT_IDS, Fenwick, SplitMix64, TIMER_WRAP_UP, Timer,
};
use crate::routing::kernel::ord_bits;
use crate::routing::predict::QueueLine;
use crate::routing::{AgentStrategy, AgentView, Decision, Explanation, RouterConfig};

/// Most channels a configuration may declare (kept inline in every agent, no indirection).
pub(crate) const MAX_CHANNELS: usize = 8;

/// Where an overflowing contact goes (resolved ids).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dest {
    Reject,
    Callback,
    Queue(u32),
}

#[derive(Debug)]
pub(crate) struct StageRt {
    pub(crate) requirement: Requirement,
    pub(crate) groups: Vec<GroupId>,
    /// Which contacts the stage applies to (all when `None`).
    pub(crate) when: Option<TagCondition>,
    /// Its duration (0 for the last stage).
    pub(crate) duration_s: f64,
}

impl StageRt {
    fn applies(&self, tags: TagSet) -> bool {
        self.when.as_ref().is_none_or(|w| w.matches(tags))
    }
}

#[derive(Debug)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "independent per-queue flags the hot path reads, not states of one machine"
)]
pub(crate) struct QueueRt {
    pub(crate) name: String,
    pub(crate) channel: ChannelId,
    pub(crate) exclusive: bool,
    pub(crate) priority: i32,
    pub(crate) wait_weight: f64,
    pub(crate) strategy: Box<dyn AgentStrategy>,
    pub(crate) weighted: bool,
    pub(crate) preferred: bool,
    /// How long a contact waits reserved for its busy preferred agent (0 = not at all).
    pub(crate) preferred_wait_s: f64,
    /// `tag_priority` by tag id.
    pub(crate) tag_priority: Vec<(TagId, i32)>,
    pub(crate) stages: Vec<StageRt>,
    /// Whether any stage has a `when` (else every contact follows `stage_starts`).
    pub(crate) conditional: bool,
    /// Offset of each stage's start from queue entry; `stage_starts[0] == 0`.
    pub(crate) stage_starts: Vec<f64>,
    /// Distinct routing-profile delays of the agents working the queue, ascending.
    pub(crate) tiers: Vec<f64>,
    /// Slot of (stage 0, tier 0); slot (s, t) is `slot_base + s * tiers.len() + t`.
    pub(crate) slot_base: u32,
    pub(crate) rank_skills: Vec<SkillId>,
    pub(crate) max_waiting: Option<u32>,
    pub(crate) on_full: Dest,
    pub(crate) max_wait_s: Option<f64>,
    pub(crate) on_max_wait: Dest,
    pub(crate) waiting: u32,
}

impl QueueRt {
    pub(crate) fn slot(&self, stage: u16, tier: usize) -> usize {
        self.slot_base as usize + usize::from(stage) * self.tiers.len() + tier
    }

    /// The stage at `now` of a contact with `tags` that entered at `entry`: the last stage
    /// that applies to it and has started, counting only the durations of applying stages.
    pub(crate) fn stage_at(&self, entry: f64, now: f64, tags: TagSet) -> u16 {
        let s = if self.conditional {
            let mut start = 0.0;
            let mut stage = 0;
            for (i, st) in self.stages.iter().enumerate() {
                if !st.applies(tags) {
                    continue;
                }
                if entry + start > now {
                    break;
                }
                stage = i;
                start += st.duration_s;
            }
            stage
        } else {
            self.stage_starts
                .iter()
                .rposition(|&start| entry + start <= now)
                .unwrap_or(0)
        };
        u16::try_from(s).unwrap_or(u16::MAX)
    }

    /// When, after queue entry, the stage after `stage` that applies to `tags` starts.
    fn next_stage_start(&self, stage: u16, tags: TagSet) -> Option<f64> {
        let stage = usize::from(stage);
        if !self.conditional {
            return self.stage_starts.get(stage + 1).copied();
        }
        let mut start = 0.0;
        for (i, st) in self.stages.iter().enumerate() {
            if !st.applies(tags) {
                continue;
            }
            if i > stage {
                return Some(start);
            }
            start += st.duration_s;
        }
        None
    }

    /// `P_tag`: the queue's tag priorities summed over `tags` (within ±64,000,000).
    fn tag_priority(&self, tags: TagSet) -> i32 {
        self.tag_priority
            .iter()
            .filter(|(t, _)| tags.contains(*t))
            .map(|&(_, p)| p)
            .sum()
    }

    pub(crate) fn tiers_at(&self, entry: f64, now: f64) -> u16 {
        let n = self.tiers.iter().take_while(|&&d| entry + d <= now).count();
        u16::try_from(n).unwrap_or(u16::MAX)
    }
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct ProfileEntry {
    pub(crate) queue: u32,
    pub(crate) priority: i32,
    pub(crate) delay_s: f64,
    /// Index of `delay_s` in the queue's tiers (set once tiers are known).
    pub(crate) tier: u16,
}

/// One slot an agent belongs to, with what ranking needs about the slot's queue.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AgentSlot {
    pub(crate) slot: u32,
    pub(crate) pos: u32,
    pub(crate) channel: ChannelId,
    pub(crate) exclusive: bool,
    pub(crate) profile_priority: i32,
    pub(crate) skill_sum: u32,
}

#[derive(Debug)]
pub(crate) struct AgentRt {
    pub(crate) name: String,
    pub(crate) groups: Vec<GroupId>,
    pub(crate) traits: AgentTraits,
    pub(crate) profile: Vec<ProfileEntry>,
    pub(crate) capacity: [u16; MAX_CHANNELS],
    pub(crate) load: [u16; MAX_CHANNELS],
    pub(crate) total_load: u16,
    pub(crate) exclusive_load: u16,
    pub(crate) presence: Presence,
    pub(crate) wrap_up_until: Option<f64>,
    pub(crate) wrap_stamp: u32,
    pub(crate) free_since: f64,
    pub(crate) last_routed: u64,
    pub(crate) stamp: u32,
    pub(crate) speed: f64,
    pub(crate) weight: u32,
    /// Whether any of the agent's slots samples by weight (those need updating even when the
    /// agent becomes unavailable).
    pub(crate) weighted_slots: bool,
    /// Sorted by slot id.
    pub(crate) slots: Vec<AgentSlot>,
    /// Contacts waiting reserved for this agent (see "Preferred agent wait"), any order.
    pub(crate) reserved: Vec<u32>,
}

impl AgentRt {
    #[inline]
    fn available_on(&self, channel: ChannelId, exclusive: bool) -> bool {
        let ch = usize::from(channel.0);
        self.presence == Presence::Available
            && self.wrap_up_until.is_none()
            && self.load[ch] < self.capacity[ch]
            && (self.total_load == 0 || (!exclusive && self.exclusive_load == 0))
    }

    fn view(&self, index: u32, slot: &AgentSlot) -> AgentView {
        AgentView {
            agent: AgentId(index),
            free_since_s: self.free_since,
            load: self.total_load,
            skill_sum: slot.skill_sum,
            speed: self.speed,
            weight: self.weight,
            profile_priority: slot.profile_priority,
            last_routed: self.last_routed,
        }
    }
}

#[derive(Debug)]
pub(crate) enum AgentIndex {
    Ranked(BinaryHeap<AgentEntry>),
    /// Ascending by key (best at the front), for strategies whose new keys never decrease:
    /// insertion at the back is O(1) then.
    Sorted(VecDeque<AgentEntry>),
    Weighted(Fenwick),
}

#[derive(Debug)]
pub(crate) struct Slot {
    pub(crate) queue: u32,
    pub(crate) members: Vec<u32>,
    pub(crate) agents: AgentIndex,
    pub(crate) contacts: BinaryHeap<ContactEntry>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CStatus {
    Free,
    Placing,
    Waiting,
    /// An accepted callback out of line until its timer.
    Scheduled,
    Assigned(u32),
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct ContactRt {
    pub(crate) id: u64,
    pub(crate) queue: u32,
    stage: u16,
    joined: u16,
    heaped: u16,
    /// An accepted callback (the customer is not on the line).
    pub(crate) callback: bool,
    pub(crate) arrival: f64,
    pub(crate) entry: f64,
    /// Start of service (when assigned).
    start: f64,
    priority: i32,
    preferred: Option<u32>,
    /// Waiting reserved for `preferred` until `entry + preferred_wait_s`; out of the slots.
    reserved: bool,
    tags: TagSet,
    /// `P_tag` in the current queue.
    tag_priority: i32,
    seq: u64,
    /// Its ordinal in its queue's line (while waiting).
    pub(crate) line_ord: u64,
    key: f64,
    slot_stamp: u32,
    timer_stamp: u32,
    pub(crate) status: CStatus,
}

/// The routing engine.
///
/// Driven by events — [`arrive`](Router::arrive), [`complete`](Router::complete),
/// [`abandon`](Router::abandon), [`set_presence`](Router::set_presence),
/// [`end_wrap_up`](Router::end_wrap_up) and [`advance`](Router::advance) — each stamped with
/// the caller's `now` (seconds, never decreasing). Each call first fires the timers due at or
/// before `now` (stage changes, delay tiers, maximum waits, wrap-up ends, in `(due time,
/// wrap-up before contact, agent index / arrival order)` order), then handles the event, and
/// returns every decision made, in order. [`next_timer`](Router::next_timer) says when the next
/// timer is due, so a simulator can schedule it; a live system can call `advance` on a tick.
///
/// # Ties
///
/// - Agent choice: the strategy's [`RankKey`](crate::routing::RankKey), then the lowest agent
///   id; a preferred agent first when the strategy honours it; weighted random draws one number
///   from the seeded generator and lays candidates out by (profile delay, agent id).
/// - Contact choice: the highest kernel score (see [`crate::routing::kernel`]), then the
///   earliest arrival at the router; contacts reserved for the agent come first (below).
///
/// # Preferred agent wait
///
/// In a queue with a `preferred` strategy and `preferred_wait_s > 0`, a contact whose
/// preferred agent cannot take it on arrival (or on entering the queue by overflow) but is
/// eligible for it and has presence `available` — busy at capacity or in wrap-up — waits
/// **reserved** for that agent:
///
/// - it counts as waiting in the queue (a [`Decision::Queued`], `max_waiting` applies) but no
///   other agent may take it;
/// - when the agent can take contacts again it takes its reserved contacts first, oldest
///   arrival first, before any other waiting contact, as long as it is eligible for the
///   contact's current stage;
/// - the reservation ends `preferred_wait_s` after the contact entered the queue (a timer,
///   like a stage change), or at once when the agent's presence changes away from
///   `available` (contacts released oldest first). The contact then joins the queue's normal
///   plan at its current stage, keeping its place in line (its arrival time), and goes to the
///   best available agent if there is one.
///
/// Stage changes, delay tiers and `max_wait_s` run on their usual schedule meanwhile.
///
/// Identical configurations and event streams give identical decisions.
///
/// # Errors leave no trace
///
/// Every method validates its input (ids, times, states) before changing anything; on error
/// the router is exactly as before the call.
///
/// # Examples
///
/// ```
/// use callwright_core::model::{ContactId, ContactSpec};
/// use callwright_core::routing::{Decision, Router, RouterConfig};
///
/// let mut router = Router::new(RouterConfig::from_toml(r#"
///     skills = ["sales"]
///     [[profiles]]
///     id = "p"
///     queues = [{ queue = "sales" }]
///     [[queues]]
///     id = "sales"
///     [[agents]]
///     id = "ann"
///     profile = "p"
///     skills = { sales = 50 }
/// "#)?)?;
/// let sales = router.queue_id("sales")?;
/// let d = router.arrive(ContactSpec::new(ContactId(1), sales), 0.0)?;
/// assert!(matches!(d[0], Decision::Assigned { .. }));
/// let d = router.arrive(ContactSpec::new(ContactId(2), sales), 1.0)?;
/// assert!(matches!(d[0], Decision::Queued { .. }));
/// // Ann finishes contact 1 with 5 s of wrap-up; contact 2 goes to her when it ends.
/// assert!(router.complete(ContactId(1), 60.0, 5.0)?.is_empty());
/// assert_eq!(router.next_timer(), Some(65.0));
/// let d = router.advance(65.0)?;
/// assert!(matches!(d[1], Decision::Assigned { contact: ContactId(2), .. }));
/// # Ok::<(), callwright_core::Error>(())
/// ```
#[derive(Debug)]
pub struct Router {
    pub(crate) config: RouterConfig,
    pub(crate) schema: Schema,
    pub(crate) queues: Vec<QueueRt>,
    /// Routing profiles resolved (queue indexes, delay tiers), in configuration order.
    pub(crate) profiles: Vec<Vec<ProfileEntry>>,
    pub(crate) agents: Vec<AgentRt>,
    pub(crate) slots: Vec<Slot>,
    /// Live (not stale) contact entries per slot. Kept apart from `slots` so that an agent
    /// freeing up reads the counts of all its slots from a few cache lines.
    pub(crate) slot_live: Vec<u32>,
    pub(crate) agent_ids: HashMap<String, u32>,
    pub(crate) queue_ids: HashMap<String, u32>,
    pub(crate) lines: Vec<QueueLine>,
    pub(crate) contacts: Vec<ContactRt>,
    free: Vec<u32>,
    by_id: ContactIds,
    timers: BinaryHeap<Reverse<Timer>>,
    pub(crate) decisions: Vec<Decision>,
    rng: SplitMix64,
    clock: f64,
    seq: u64,
    routed: u64,
    waiting_total: u32,
    wrapping: u32,
    /// Accepted callbacks out of line until their time.
    scheduled: u32,
    record: bool,
    explanations: Vec<Explanation>,
}

/// Inverse of [`ord_bits`].
fn from_ord_bits(b: u64) -> f64 {
    if b >> 63 == 1 {
        f64::from_bits(b & !(1 << 63))
    } else {
        f64::from_bits(!b)
    }
}

impl Router {
    /// Validates `config` and builds the router, clock at 0, every agent in its configured
    /// presence.
    ///
    /// # Errors
    ///
    /// [`Error::DuplicateId`], [`Error::UnknownSkill`], [`Error::UnknownQueue`],
    /// [`Error::UnknownGroup`], [`Error::UnknownProfile`], [`Error::UnknownChannel`],
    /// [`Error::InvalidExpression`], [`Error::InvalidValue`], [`Error::InvalidTime`] or
    /// [`Error::OverflowCycle`], naming the offending field and value.
    pub fn new(config: RouterConfig) -> Result<Self> {
        crate::routing::build::build(config)
    }

    /// Parses a TOML configuration and builds the router.
    ///
    /// # Errors
    ///
    /// [`Error::ConfigParse`] or any error of [`Router::new`].
    pub fn from_toml(text: &str) -> Result<Self> {
        Self::new(RouterConfig::from_toml(text)?)
    }

    pub(crate) fn from_parts(
        config: RouterConfig,
        schema: Schema,
        queues: Vec<QueueRt>,
        profiles: Vec<Vec<ProfileEntry>>,
        agents: Vec<AgentRt>,
        slots: Vec<Slot>,
    ) -> Result<Self> {
        let agent_ids = agents
            .iter()
            .enumerate()
            .map(|(i, a)| (a.name.clone(), index_u32(i)))
            .collect();
        let queue_ids = queues
            .iter()
            .enumerate()
            .map(|(i, q)| (q.name.clone(), index_u32(i)))
            .collect();
        let seed = config.seed;
        let lines = crate::routing::predict::build_lines(&config)?;
        let mut router = Self {
            config,
            schema,
            queues,
            profiles,
            agents,
            slot_live: vec![0; slots.len()],
            slots,
            agent_ids,
            queue_ids,
            lines,
            contacts: Vec::with_capacity(1024),
            free: Vec::with_capacity(1024),
            by_id: ContactIds::with_capacity(DIRECT_IDS, 1024),
            timers: BinaryHeap::with_capacity(1024),
            decisions: Vec::with_capacity(16),
            rng: SplitMix64::new(seed),
            clock: 0.0,
            seq: 0,
            routed: 0,
            waiting_total: 0,
            wrapping: 0,
            scheduled: 0,
            record: false,
            explanations: Vec::new(),
        };
        for a in 0..router.agents.len() {
            router.refresh_agent(index_u32(a));
            router.count_staffed(index_u32(a), true);
        }
        Ok(router)
    }

    // ----- events -----------------------------------------------------------------------

    /// A contact arrives at `now`: it goes to the best available eligible agent, or waits.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidTime`], [`Error::TimeWentBackwards`], [`Error::UnknownQueue`],
    /// [`Error::UnknownAgent`] (preferred agent), [`Error::DuplicateContact`],
    /// [`Error::UnknownTag`] (a tag id beyond `contact_tags`).
    pub fn arrive(&mut self, contact: ContactSpec, now: f64) -> Result<&[Decision]> {
        self.check_now(now)?;
        let queue = self.queue_index(contact.queue)?;
        let preferred = match contact.preferred_agent {
            Some(a) => Some(self.agent_index(a)?),
            None => None,
        };
        if self.by_id.contains(contact.id.0) {
            return Err(Error::DuplicateContact { id: contact.id.0 });
        }
        // Bits at or above the number of declared tags name no tag.
        let declared = u32::try_from(self.schema.tag_names().len()).unwrap_or(u32::MAX);
        if let Some(unknown) = contact
            .tags
            .bits()
            .checked_shr(declared)
            .filter(|&b| b != 0)
        {
            return Err(Error::UnknownTag {
                name: (declared + unknown.trailing_zeros()).to_string(),
            });
        }
        self.decisions.clear();
        self.run_timers(now);
        self.seq += 1;
        let record = ContactRt {
            id: contact.id.0,
            queue,
            stage: 0,
            joined: 0,
            heaped: 0,
            callback: false,
            arrival: now,
            entry: now,
            start: now,
            priority: contact.priority,
            preferred,
            reserved: false,
            tags: contact.tags,
            tag_priority: 0,
            seq: self.seq,
            line_ord: 0,
            key: 0.0,
            slot_stamp: 0,
            timer_stamp: 0,
            status: CStatus::Placing,
        };
        let ci = if let Some(ci) = self.free.pop() {
            let old = &self.contacts[ci as usize];
            let (slot_stamp, timer_stamp) = (old.slot_stamp, old.timer_stamp);
            self.contacts[ci as usize] = ContactRt {
                slot_stamp,
                timer_stamp,
                ..record
            };
            ci
        } else {
            self.contacts.push(record);
            index_u32(self.contacts.len() - 1)
        };
        self.by_id.insert(contact.id.0, ci);
        self.place(ci, now);
        self.finish(now);
        Ok(&self.decisions)
    }

    /// The contact ends at `now`; its agent then spends `wrap_up_s` seconds in after-contact
    /// work (0 for none) and takes the best waiting contact it may serve when free.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidTime`] (for `now` or `wrap_up_s`), [`Error::TimeWentBackwards`],
    /// [`Error::UnknownContact`], [`Error::ContactNotAssigned`].
    pub fn complete(
        &mut self,
        contact: ContactId,
        now: f64,
        wrap_up_s: f64,
    ) -> Result<&[Decision]> {
        self.check_now(now)?;
        check_time("wrap_up_s", wrap_up_s)?;
        let ci = self.contact_index(contact)?;
        let CStatus::Assigned(ai) = self.contacts[ci as usize].status else {
            return Err(Error::ContactNotAssigned { id: contact.0 });
        };
        self.decisions.clear();
        self.run_timers(now);
        let c = &self.contacts[ci as usize];
        self.lines[c.queue as usize].completed(now - c.start + wrap_up_s);
        let q = &self.queues[c.queue as usize];
        let (ch, exclusive) = (usize::from(q.channel.0), q.exclusive);
        self.release_contact(ci);
        let a = &mut self.agents[ai as usize];
        a.load[ch] -= 1;
        a.total_load -= 1;
        if exclusive {
            a.exclusive_load -= 1;
        }
        a.free_since = now;
        if wrap_up_s > 0.0 {
            let until = now + wrap_up_s;
            if a.wrap_up_until.is_none() {
                self.wrapping += 1;
            }
            let until = a.wrap_up_until.map_or(until, |u| u.max(until));
            a.wrap_up_until = Some(until);
            a.wrap_stamp = a.wrap_stamp.wrapping_add(1);
            self.timers.push(Reverse(Timer {
                time: ord_bits(until),
                kind: TIMER_WRAP_UP,
                id: u64::from(ai),
                index: ai,
                stamp: a.wrap_stamp,
            }));
        }
        self.pull(ai, now);
        self.finish(now);
        Ok(&self.decisions)
    }

    /// A waiting contact hangs up at `now`.
    ///
    /// Timers due at or before `now` fire first; if they already served or removed the
    /// contact, the abandonment changes nothing more (the returned decisions say what
    /// happened).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidTime`], [`Error::TimeWentBackwards`], [`Error::UnknownContact`],
    /// [`Error::ContactNotWaiting`].
    pub fn abandon(&mut self, contact: ContactId, now: f64) -> Result<&[Decision]> {
        self.check_now(now)?;
        let ci = self.contact_index(contact)?;
        if self.contacts[ci as usize].status != CStatus::Waiting {
            return Err(Error::ContactNotWaiting { id: contact.0 });
        }
        self.decisions.clear();
        self.run_timers(now);
        let c = &self.contacts[ci as usize];
        if c.status == CStatus::Waiting && c.id == contact.0 {
            if !c.callback {
                self.lines[c.queue as usize].abandoned();
            }
            self.unqueue(ci, now);
            self.release_contact(ci);
        }
        self.finish(now);
        Ok(&self.decisions)
    }

    /// The agent's presence changes at `now`. Becoming available pulls waiting contacts;
    /// contacts in progress continue whatever the presence.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidTime`], [`Error::TimeWentBackwards`], [`Error::UnknownAgent`].
    pub fn set_presence(
        &mut self,
        agent: AgentId,
        presence: Presence,
        now: f64,
    ) -> Result<&[Decision]> {
        self.check_now(now)?;
        let ai = self.agent_index(agent)?;
        self.decisions.clear();
        self.run_timers(now);
        let a = &mut self.agents[ai as usize];
        if a.presence != presence {
            let was = a.presence;
            a.presence = presence;
            a.free_since = now;
            if was == Presence::Available || presence == Presence::Available {
                self.count_staffed(ai, presence == Presence::Available);
            }
            if presence != Presence::Available && !self.agents[ai as usize].reserved.is_empty() {
                self.release_reserved(ai, now);
            }
            self.pull(ai, now);
        }
        self.finish(now);
        Ok(&self.decisions)
    }

    /// Ends the agent's after-contact work early, at `now`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidTime`], [`Error::TimeWentBackwards`], [`Error::UnknownAgent`],
    /// [`Error::AgentNotInWrapUp`].
    pub fn end_wrap_up(&mut self, agent: AgentId, now: f64) -> Result<&[Decision]> {
        self.check_now(now)?;
        let ai = self.agent_index(agent)?;
        if self.agents[ai as usize].wrap_up_until.is_none() {
            return Err(Error::AgentNotInWrapUp {
                id: self.agents[ai as usize].name.clone(),
            });
        }
        self.decisions.clear();
        self.run_timers(now);
        if self.agents[ai as usize].wrap_up_until.is_some() {
            self.end_wrap(ai, now);
        }
        self.finish(now);
        Ok(&self.decisions)
    }

    /// Moves the clock to `now`, firing every timer due at or before it.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidTime`], [`Error::TimeWentBackwards`].
    pub fn advance(&mut self, now: f64) -> Result<&[Decision]> {
        self.check_now(now)?;
        self.decisions.clear();
        self.run_timers(now);
        self.finish(now);
        Ok(&self.decisions)
    }

    /// When the next timer is due (stage change, delay tier, maximum wait, wrap-up end).
    pub fn next_timer(&self) -> Option<f64> {
        self.timers.peek().map(|t| from_ord_bits(t.0.time))
    }

    /// The router's clock: the `now` of the last successful call (0 at start).
    pub fn now(&self) -> f64 {
        self.clock
    }

    // ----- queries ----------------------------------------------------------------------

    /// Number of agents.
    pub fn num_agents(&self) -> usize {
        self.agents.len()
    }

    /// Number of queues.
    pub fn num_queues(&self) -> usize {
        self.queues.len()
    }

    /// The configuration the router was built from.
    pub fn config(&self) -> &RouterConfig {
        &self.config
    }

    /// The skill and attribute names expressions may use.
    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// The handle of the agent with configuration id `name`.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownAgent`].
    pub fn agent_id(&self, name: &str) -> Result<AgentId> {
        self.agent_ids
            .get(name)
            .map(|&i| AgentId(i))
            .ok_or_else(|| Error::UnknownAgent {
                id: name.to_owned(),
            })
    }

    /// The handle of the contact tag `name` (from `contact_tags`), for
    /// [`ContactSpec::tag`].
    ///
    /// # Errors
    ///
    /// [`Error::UnknownTag`].
    pub fn tag_id(&self, name: &str) -> Result<TagId> {
        self.schema.tag(name)
    }

    /// The handle of the queue with configuration id `name`.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownQueue`].
    pub fn queue_id(&self, name: &str) -> Result<QueueId> {
        self.queue_ids
            .get(name)
            .map(|&i| QueueId(i))
            .ok_or_else(|| Error::UnknownQueue {
                id: name.to_owned(),
            })
    }

    /// The configuration id of an agent.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownAgent`].
    pub fn agent_name(&self, agent: AgentId) -> Result<&str> {
        let ai = self.agent_index(agent)?;
        Ok(&self.agents[ai as usize].name)
    }

    /// The configuration id of a queue.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownQueue`].
    pub fn queue_name(&self, queue: QueueId) -> Result<&str> {
        let qi = self.queue_index(queue)?;
        Ok(&self.queues[qi as usize].name)
    }

    /// The agent's state (see [`AgentState`] for the precedence).
    ///
    /// # Errors
    ///
    /// [`Error::UnknownAgent`].
    pub fn agent_state(&self, agent: AgentId) -> Result<AgentState> {
        let a = &self.agents[self.agent_index(agent)? as usize];
        Ok(if a.wrap_up_until.is_some() {
            AgentState::AfterContactWork
        } else if a.total_load > 0 {
            AgentState::Busy
        } else {
            match a.presence {
                Presence::Offline => AgentState::Offline,
                Presence::Break => AgentState::OnBreak,
                Presence::Available => AgentState::Idle,
            }
        })
    }

    /// Contacts the agent is handling, all channels.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownAgent`].
    pub fn agent_load(&self, agent: AgentId) -> Result<u16> {
        Ok(self.agents[self.agent_index(agent)? as usize].total_load)
    }

    /// Where a contact the router holds is.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownContact`].
    pub fn contact_status(&self, contact: ContactId) -> Result<ContactStatus> {
        let c = &self.contacts[self.contact_index(contact)? as usize];
        Ok(match c.status {
            CStatus::Assigned(a) => ContactStatus::Assigned {
                agent: AgentId(a),
                queue: QueueId(c.queue),
            },
            CStatus::Scheduled => ContactStatus::CallbackScheduled {
                queue: QueueId(c.queue),
                at_s: c.entry,
            },
            _ => ContactStatus::Waiting {
                queue: QueueId(c.queue),
                stage: c.stage,
            },
        })
    }

    /// Contacts waiting in a queue.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownQueue`].
    pub fn waiting(&self, queue: QueueId) -> Result<u32> {
        Ok(self.queues[self.queue_index(queue)? as usize].waiting)
    }

    /// Contacts the router holds (waiting or in service).
    pub fn contacts_held(&self) -> usize {
        self.by_id.len()
    }

    /// The score breakdown and eligibility of a waiting contact for an agent, now.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownContact`], [`Error::UnknownAgent`], [`Error::ContactNotWaiting`].
    pub fn explain(&self, contact: ContactId, agent: AgentId) -> Result<Explanation> {
        let ci = self.contact_index(contact)?;
        let ai = self.agent_index(agent)?;
        if self.contacts[ci as usize].status != CStatus::Waiting {
            return Err(Error::ContactNotWaiting { id: contact.0 });
        }
        Ok(self.explain_pair(ci, ai, self.clock))
    }

    /// Pre-sizes the router's storage for `contacts` contacts held at once (waiting or in
    /// service), so that a steady state below that never reallocates. The router grows on
    /// demand without it; this only moves the allocations to start-up.
    pub fn reserve(&mut self, contacts: usize) {
        let extra = contacts.saturating_sub(self.contacts.len());
        self.contacts.reserve(extra);
        self.free.reserve(contacts.saturating_sub(self.free.len()));
        self.by_id.reserve(contacts);
        self.timers
            .reserve((2 * contacts + 64).saturating_sub(self.timers.len()));
        let per_queue = contacts / self.lines.len().max(1) + 32;
        for l in &mut self.lines {
            l.line.reserve(2 * per_queue);
        }
        let per_slot = contacts / self.slots.len().max(1) + 32;
        for slot in &mut self.slots {
            slot.contacts
                .reserve((2 * per_slot).saturating_sub(slot.contacts.len()));
        }
    }

    /// Turns on (or off) recording an [`Explanation`] for every assignment, read with
    /// [`Router::explanations`]. Off by default: recording allocates.
    pub fn record_explanations(&mut self, on: bool) {
        self.record = on;
        if !on {
            self.explanations.clear();
        }
    }

    /// Explanations recorded during the last call (see [`Router::record_explanations`]).
    pub fn explanations(&self) -> &[Explanation] {
        &self.explanations
    }

    /// Counts the agent in (or out of) the staffed agents of every queue it works.
    pub(super) fn count_staffed(&mut self, ai: u32, available: bool) {
        let a = &self.agents[ai as usize];
        if a.presence != Presence::Available && available {
            return;
        }
        for p in &a.profile {
            let l = &mut self.lines[p.queue as usize];
            if available {
                l.staffed += 1;
            } else {
                l.staffed -= 1;
            }
        }
    }

    // ----- validation -------------------------------------------------------------------

    #[inline]
    pub(crate) fn check_now(&self, now: f64) -> Result<()> {
        // The clock is never negative, so this is the whole check when it passes.
        if now.is_finite() && now >= self.clock {
            return Ok(());
        }
        self.bad_now(now)
    }

    /// The error for a `now` that [`Router::check_now`] refuses.
    #[cold]
    #[inline(never)]
    fn bad_now(&self, now: f64) -> Result<()> {
        check_time("now", now)?;
        if now < self.clock {
            return Err(Error::TimeWentBackwards {
                now,
                clock: self.clock,
            });
        }
        Ok(())
    }

    fn agent_index(&self, agent: AgentId) -> Result<u32> {
        if (agent.0 as usize) < self.agents.len() {
            Ok(agent.0)
        } else {
            Err(Error::UnknownAgent {
                id: agent.0.to_string(),
            })
        }
    }

    pub(crate) fn queue_index(&self, queue: QueueId) -> Result<u32> {
        if (queue.0 as usize) < self.queues.len() {
            Ok(queue.0)
        } else {
            Err(Error::UnknownQueue {
                id: queue.0.to_string(),
            })
        }
    }

    pub(crate) fn contact_index(&self, contact: ContactId) -> Result<u32> {
        self.by_id
            .get(contact.0)
            .ok_or(Error::UnknownContact { id: contact.0 })
    }
}

/// Converts an index the router created to `u32` (the build caps every count below 2^32).
pub(crate) fn index_u32(i: usize) -> u32 {
    u32::try_from(i).expect("the router caps agents, queues, slots and contacts below 2^32")
}
