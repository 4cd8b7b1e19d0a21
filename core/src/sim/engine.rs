//! One replication: the event loop that generates arrivals, service and patience and lets the
//! router make every decision.
//!
//! The loop takes the earliest of three sources: the router's next timer (stage changes,
//! maximum waits, wrap-up ends; [`Router::next_timer`]), the next known presence change
//! (shifts, breaks, headcount steps; sorted once), and the event list. Router timers go first
//! at equal times, as the router itself fires due timers before handling any event.

use rand_distr::{Distribution, Exp1};

use crate::model::{AgentId, ContactId, ContactSpec, Presence, QueueId};
use crate::routing::{CallbackMode, Decision, Router};

use super::distributions::Sampler;
use super::error::SimResult;
use super::events::{EventKind, EventQueue, PRIO_PRESENCE};
use super::plan::{ArrivalPlan, Plan};
use super::predictions::ErrorSums;
use super::record::{Outcome, Row};
use super::rng::{Xoshiro, stream_seed};
use super::stats::RepStats;

/// Random streams of a replication, by purpose (so changing, say, patience leaves the
/// arrivals of the same seed unchanged).
const STREAM_ARRIVALS: u64 = 1;
const STREAM_SERVICE: u64 = 2;
const STREAM_PATIENCE: u64 = 3;
const STREAM_ROUTER: u64 = 4;
const STREAM_CALLBACK: u64 = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CState {
    Free,
    Waiting,
    Assigned,
}

/// A contact the engine tracks, in a slab slot whose index is its router `ContactId`.
#[derive(Debug, Clone, Copy)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "independent flags of one contact, read directly on the hot path"
)]
struct ContactRec {
    contact_type: u16,
    generation: u32,
    state: CState,
    delayed: bool,
    /// Arrived after the warm-up: counted in the statistics.
    counted: bool,
    /// A caller calling again.
    retrial: bool,
    /// Accepted a callback: off the line, waiting for a call back.
    callback: bool,
    /// Its call back reached the customer.
    reached: bool,
    /// Got wait predictions when it had to wait.
    predicted: bool,
    /// Index of its (type, period) cell.
    cell: u32,
    arrival: f64,
    start: f64,
    /// Period of `start`.
    start_period: u32,
    agent: u32,
    /// Share of its agent's capacity it occupies (1 on an exclusive channel such as voice).
    share: f64,
}

#[derive(Debug, Clone, Copy)]
struct AgentRec {
    group: u16,
    /// Contacts in service.
    load: u16,
    /// Logged in and not on break since this time (engine seconds).
    available_since: Option<f64>,
    /// Finishing contacts after leaving (shift end, break) since this time.
    overtime_from: Option<f64>,
    /// End of the latest handle time (service + after-contact work).
    busy_until: f64,
}

/// Everything but the router, so decisions borrowed from the router can be applied to it.
struct State<'p> {
    plan: &'p Plan,
    events: EventQueue,
    contacts: Vec<ContactRec>,
    free: Vec<u32>,
    agents: Vec<AgentRec>,
    arrivals_rng: Xoshiro,
    service_rng: Xoshiro,
    patience_rng: Xoshiro,
    callback_rng: Xoshiro,
    trace_next: Vec<usize>,
    /// Poisson arrival rates times the replication's busyness factor, by (type, period) at
    /// `type * periods + period` (0 for trace-driven types).
    rates: Vec<f64>,
    /// Some (type, group) has after-contact work (else every wrap-up is 0 s).
    wrap_up: bool,
    stats: RepStats,
    balk: Option<u32>,
    /// Callback offers (slot, generation) the router made, to be answered.
    offers: Vec<(u32, u32)>,
    /// Predicted waits by (slot, predictor) at `slot * predictors + p`; NaN for none.
    predicted: Vec<f64>,
    /// Prediction errors by (type, predictor) at `type * predictors + p`.
    errors: Vec<ErrorSums>,
    rows: Option<Vec<Row>>,
    /// The period of the clock (the warm-up counts as period 0) and its end, engine seconds.
    period: usize,
    period_end: f64,
}

/// What one replication produces.
pub(crate) struct RepOutput {
    pub(crate) stats: RepStats,
    pub(crate) rows: Option<Vec<Row>>,
    /// Contacts generated (counted or not): the throughput measure.
    pub(crate) arrivals: u64,
    /// Prediction errors by (type, predictor).
    pub(crate) predictions: Vec<ErrorSums>,
}

/// Runs replication `rep` of `plan` with the run's `seed`.
pub(crate) fn run_replication(plan: &Plan, seed: u64, rep: u64) -> SimResult<RepOutput> {
    let mut config = plan.router.clone();
    config.seed = stream_seed(seed, rep, STREAM_ROUTER);
    let mut router = Router::new(config)?;
    let mut st = State::new(plan, seed, rep);
    for t in 0..plan.types.len() {
        st.schedule_arrival(t, 0.0);
    }
    let mut arrivals = 0u64;
    let mut change = 0usize;
    let mut now = 0.0f64;
    // Events after this time end the run (none do when draining).
    let last = if plan.drain { f64::INFINITY } else { plan.end };
    loop {
        let ev_time = st.events.peek().map(|e| (e.time(), e.priority()));
        let ch_time = plan.changes.get(change).map(|c| c.time);
        // The earliest of the event list and the presence changes, by (time, priority).
        let (next, is_change) = match (ev_time, ch_time) {
            (None, None) => (None, false),
            (Some((t, _)), None) => (Some(t), false),
            (None, Some(c)) => (Some(c), true),
            (Some((t, p)), Some(c)) => {
                if c < t || (c.to_bits() == t.to_bits() && PRIO_PRESENCE < p) {
                    (Some(c), true)
                } else {
                    (Some(t), false)
                }
            }
        };
        if let Some(timer) = router.next_timer()
            && next.is_none_or(|n| timer <= n)
        {
            if timer > last {
                break;
            }
            now = timer;
            st.advance_clock(timer);
            let d = router.advance(timer)?;
            st.apply(d, timer);
            st.settle(&mut router, timer)?;
            continue;
        }
        let Some(t) = next else { break };
        if t > last {
            break;
        }
        now = t;
        st.advance_clock(t);
        if is_change {
            let c = plan.changes[change];
            change += 1;
            st.on_presence(c.agent, c.presence, t);
            let d = router.set_presence(AgentId(c.agent), c.presence, t)?;
            st.apply(d, t);
            st.settle(&mut router, t)?;
            continue;
        }
        let Some(ev) = st.events.pop() else { break };
        let kind = ev.kind();
        if let EventKind::Arrival { .. } | EventKind::Retrial { .. } = kind {
            arrivals += 1;
        }
        st.handle(&mut router, kind, t)?;
        st.settle(&mut router, t)?;
    }
    let end = if plan.drain {
        now.max(plan.end)
    } else {
        plan.end
    };
    st.finish(end);
    Ok(RepOutput {
        stats: st.stats,
        rows: st.rows,
        arrivals,
        predictions: st.errors,
    })
}

impl<'p> State<'p> {
    /// The state at time 0 of replication `rep` of `plan` with the run's `seed`.
    fn new(plan: &'p Plan, seed: u64, rep: u64) -> Self {
        let mut arrivals_rng = Xoshiro::new(stream_seed(seed, rep, STREAM_ARRIVALS));
        let factor = plan
            .busyness
            .as_ref()
            .map_or(1.0, |g| g.sample(&mut arrivals_rng));
        let agents = plan
            .router
            .agents
            .iter()
            .zip(&plan.agent_group)
            .map(|(a, &group)| AgentRec {
                group,
                load: 0,
                available_since: (a.presence == Presence::Available).then_some(0.0),
                overtime_from: None,
                busy_until: 0.0,
            })
            .collect::<Vec<_>>();
        let capacity = 2 * agents.len() + plan.types.len() + 256;
        State {
            plan,
            events: EventQueue::with_capacity(capacity, plan.types.len()),
            contacts: Vec::with_capacity(capacity),
            free: Vec::with_capacity(capacity),
            agents,
            arrivals_rng,
            service_rng: Xoshiro::new(stream_seed(seed, rep, STREAM_SERVICE)),
            patience_rng: Xoshiro::new(stream_seed(seed, rep, STREAM_PATIENCE)),
            callback_rng: Xoshiro::new(stream_seed(seed, rep, STREAM_CALLBACK)),
            trace_next: vec![0; plan.types.len()],
            rates: arrival_rates(plan, factor),
            wrap_up: plan.wrap_up.iter().any(Option::is_some),
            stats: RepStats::new(plan.types.len(), plan.group_ids.len(), plan.periods),
            balk: None,
            offers: Vec::with_capacity(16),
            predicted: Vec::with_capacity(capacity * plan.predictors.len()),
            errors: vec![ErrorSums::default(); plan.types.len() * plan.predictors.len()],
            rows: plan.record.then(Vec::new),
            period: 0,
            period_end: plan.warm_up + plan.period_s,
        }
    }

    /// Handles one event of the list at `t`.
    fn handle(&mut self, router: &mut Router, kind: EventKind, t: f64) -> SimResult<()> {
        let plan = self.plan;
        match kind {
            EventKind::Arrival { contact_type } | EventKind::Retrial { contact_type } => {
                let tix = usize::from(contact_type);
                let retrial = matches!(kind, EventKind::Retrial { .. });
                let slot = self.admit(contact_type, t, retrial);
                let tp = &plan.types[tix];
                if !plan.predictors.is_empty() {
                    self.predict(router, slot, tp.queue, t)?;
                }
                let mut spec =
                    ContactSpec::new(ContactId(u64::from(slot)), tp.queue).priority(tp.priority);
                spec.tags = tp.tags;
                let d = router.arrive(spec, t)?;
                self.apply(d, t);
                if let Some(slot) = self.balk.take() {
                    let d = router.abandon(ContactId(u64::from(slot)), t)?;
                    self.apply(d, t);
                    self.end_waiting(slot, t, Outcome::Balked);
                }
                if !retrial {
                    self.schedule_arrival(tix, t);
                }
            }
            EventKind::Completion { slot, generation } => {
                let c = &self.contacts[slot as usize];
                if c.generation != generation || c.state != CState::Assigned {
                    return Ok(());
                }
                let wrap = if self.wrap_up {
                    let group = self.agents[c.agent as usize].group;
                    plan.wrap_up
                        [usize::from(c.contact_type) * plan.group_ids.len() + usize::from(group)]
                    .as_ref()
                    .map_or(0.0, |s| s.sample(&mut self.service_rng))
                } else {
                    0.0
                };
                self.end_service(slot, t, wrap);
                let d = router.complete(ContactId(u64::from(slot)), t, wrap)?;
                self.apply(d, t);
            }
            EventKind::Abandon { slot, generation } => {
                let c = &self.contacts[slot as usize];
                if c.generation != generation || c.state != CState::Waiting || c.callback {
                    return Ok(());
                }
                let d = router.abandon(ContactId(u64::from(slot)), t)?;
                self.apply(d, t);
                self.end_waiting(slot, t, Outcome::Abandoned);
            }
        }
        Ok(())
    }

    /// Moves the clock's period forward to the one holding `t` (events come in time order).
    #[inline]
    fn advance_clock(&mut self, t: f64) {
        while t >= self.period_end && self.period + 1 < self.plan.periods {
            self.period += 1;
            self.period_end = self.plan.period_ends[self.period];
        }
    }

    /// Schedules the next arrival of type `t` after `from`, if any is left in the horizon.
    #[inline]
    fn schedule_arrival(&mut self, t: usize, from: f64) {
        let next = match &self.plan.types[t].arrivals {
            ArrivalPlan::Trace(times) => {
                let i = self.trace_next[t];
                self.trace_next[t] = i + 1;
                times.get(i).copied()
            }
            ArrivalPlan::Poisson(_) => self.next_poisson(t, from),
        };
        if let Some(x) = next {
            let contact_type = u16::try_from(t).unwrap_or(u16::MAX);
            self.events.push(x, EventKind::Arrival { contact_type });
        }
    }

    /// The next Poisson arrival of type `t` after `from` (the clock's time), piecewise
    /// constant rate by period; `None` past the horizon.
    #[inline]
    fn next_poisson(&mut self, t: usize, from: f64) -> Option<f64> {
        let plan = self.plan;
        // Start from the clock's period and walk forward.
        let mut at = from;
        let mut p = self.period;
        loop {
            let end = if at < plan.warm_up {
                plan.warm_up
            } else {
                let mut end = plan.period_ends[p];
                while end <= at && p + 1 < plan.periods {
                    p += 1;
                    end = plan.period_ends[p];
                }
                if end <= at {
                    return None;
                }
                end
            };
            let rate = self.rates[t * plan.periods + p];
            if rate > 0.0 {
                let e: f64 = Exp1.sample(&mut self.arrivals_rng);
                let x = at + e / rate;
                if x < end {
                    return Some(x);
                }
            }
            at = end;
        }
    }

    /// A new contact of `contact_type` at `t`: a slab slot and its counters.
    fn admit(&mut self, contact_type: u16, t: f64, retrial: bool) -> u32 {
        let counted = t >= self.plan.warm_up;
        let cell = usize::from(contact_type) * self.plan.periods + self.period;
        if counted {
            self.stats.cells[cell].offered += 1;
            if retrial {
                self.stats.cells[cell].retrials += 1;
            }
        }
        let cell = u32::try_from(cell).unwrap_or(u32::MAX);
        if let Some(slot) = self.free.pop() {
            // Only the fields a waiting contact uses: service fields are set when it starts.
            let c = &mut self.contacts[slot as usize];
            c.contact_type = contact_type;
            c.generation = c.generation.wrapping_add(1);
            c.state = CState::Waiting;
            c.delayed = false;
            c.counted = counted;
            c.retrial = retrial;
            c.callback = false;
            c.reached = false;
            c.predicted = false;
            c.cell = cell;
            c.arrival = t;
            slot
        } else {
            let rec = ContactRec {
                contact_type,
                generation: 0,
                state: CState::Waiting,
                delayed: false,
                counted,
                retrial,
                callback: false,
                reached: false,
                predicted: false,
                cell,
                arrival: t,
                start: 0.0,
                start_period: 0,
                agent: 0,
                share: 0.0,
            };
            self.contacts.push(rec);
            let k = self.plan.predictors.len();
            self.predicted.extend(std::iter::repeat_n(f64::NAN, k));
            u32::try_from(self.contacts.len() - 1).unwrap_or(u32::MAX)
        }
    }

    /// Asks the router, for each predictor, what wait a contact arriving in `queue` at `t`
    /// faces, and keeps the answers in the contact's slot.
    fn predict(&mut self, router: &mut Router, slot: u32, queue: QueueId, t: f64) -> SimResult<()> {
        let k = self.plan.predictors.len();
        let at = slot as usize * k;
        for (i, &p) in self.plan.predictors.iter().enumerate() {
            self.predicted[at + i] = router
                .predict_wait(queue, p, t)?
                .map_or(f64::NAN, |w| w.mean_s);
        }
        Ok(())
    }

    /// Answers the callback offers the router made at `t`, if any.
    #[allow(
        clippy::inline_always,
        reason = "called after every event; out of line it costs about 1% of the M/M/50 run"
    )]
    #[inline(always)]
    fn settle(&mut self, router: &mut Router, t: f64) -> SimResult<()> {
        if self.offers.is_empty() {
            return Ok(());
        }
        self.answer_offers(router, t)
    }

    /// Answers the pending callback offers: each caller accepts with the type's probability
    /// (declines without a callback behaviour).
    fn answer_offers(&mut self, router: &mut Router, t: f64) -> SimResult<()> {
        let mut i = 0;
        while i < self.offers.len() {
            let (slot, generation) = self.offers[i];
            i += 1;
            let c = self.contacts[slot as usize];
            if c.generation != generation || c.state != CState::Waiting || c.callback {
                continue;
            }
            let counted = c.counted;
            if counted {
                self.stats.cells[c.cell as usize].callbacks_offered += 1;
            }
            let Some(cb) = &self.plan.types[usize::from(c.contact_type)].callback else {
                continue;
            };
            if self.callback_rng.uniform() >= cb.accept {
                continue;
            }
            let mode = cb
                .after_s
                .map_or(CallbackMode::KeepPlace, |d| CallbackMode::At(t + d));
            self.contacts[slot as usize].callback = true;
            if counted {
                let cell = &mut self.stats.cells[c.cell as usize];
                cell.callbacks_accepted += 1;
                cell.callbacks += 1;
            }
            let d = router.accept_callback(ContactId(u64::from(slot)), t, mode)?;
            self.apply(d, t);
        }
        self.offers.clear();
        Ok(())
    }

    /// Applies the router's decisions at `now`. Often there are none (a completion with no
    /// contact waiting): that case costs a test, not a call.
    #[inline]
    fn apply(&mut self, decisions: &[Decision], now: f64) {
        if !decisions.is_empty() {
            self.apply_all(decisions, now);
        }
    }

    /// Applies a non-empty list of decisions at `now`.
    #[allow(
        clippy::inline_always,
        reason = "a dispatch loop: in line at each call site it saves the call and its register \
                  spills (about 0.4% of the M/M/50 run)"
    )]
    #[inline(always)]
    fn apply_all(&mut self, decisions: &[Decision], now: f64) {
        for d in decisions {
            match *d {
                Decision::Assigned {
                    contact,
                    agent,
                    queue,
                    at_s,
                    ..
                } => self.start_service(contact, agent, queue, at_s),
                Decision::Queued { contact, .. } => self.queued(contact),
                Decision::Rejected { contact, .. } => {
                    self.end_waiting(slot_of(contact), now, Outcome::Rejected);
                }
                Decision::Callback { contact, .. } => {
                    self.end_waiting(slot_of(contact), now, Outcome::Callback);
                }
                Decision::CallbackOffered { contact, .. } => {
                    let slot = slot_of(contact);
                    self.offers
                        .push((slot, self.contacts[slot as usize].generation));
                }
                Decision::Moved { .. }
                | Decision::StageChanged { .. }
                | Decision::WrapUpEnded { .. } => {}
            }
        }
    }

    fn queued(&mut self, contact: ContactId) {
        let slot = slot_of(contact);
        let c = &mut self.contacts[slot as usize];
        c.state = CState::Waiting;
        if c.delayed {
            return;
        }
        c.delayed = true;
        let (cell, counted, arrival, generation) =
            (c.cell as usize, c.counted, c.arrival, c.generation);
        let tp = &self.plan.types[usize::from(c.contact_type)];
        if tp.balk > 0.0 && self.patience_rng.uniform() < tp.balk {
            self.balk = Some(slot);
            return;
        }
        if counted {
            self.stats.cells[cell].delayed += 1;
        }
        self.contacts[slot as usize].predicted = !self.plan.predictors.is_empty();
        if let Some(p) = &tp.patience {
            let at = arrival + p.sample_inline(&mut self.patience_rng);
            if at.is_finite() {
                self.events
                    .push(at, EventKind::Abandon { slot, generation });
            }
        }
    }

    fn start_service(&mut self, contact: ContactId, agent: AgentId, queue: QueueId, at: f64) {
        let plan = self.plan;
        let slot = slot_of(contact);
        let a = &mut self.agents[agent.0 as usize];
        a.load += 1;
        let group = usize::from(a.group);
        let c = &mut self.contacts[slot as usize];
        c.state = CState::Assigned;
        c.start = at;
        c.agent = agent.0;
        c.start_period = u32::try_from(self.period).unwrap_or(u32::MAX);
        c.share = plan.share[queue.0 as usize * plan.group_ids.len() + group];
        let (cell, generation, ty) = (c.cell as usize, c.generation, usize::from(c.contact_type));
        let (counted, callback, predicted) = (c.counted, c.callback, c.predicted);
        let wait = at - c.arrival;
        // A call back: reached (a normal service) or not (a failed attempt); not "answered".
        let failed = if callback {
            self.call_back(slot, ty, cell, counted, wait)
        } else {
            if counted {
                self.count_answered(slot, ty, cell, wait, predicted);
            }
            None
        };
        if at >= plan.warm_up {
            self.stats.handled[group * plan.periods + self.period] += 1;
        }
        // A failed callback attempt lasts as long as it lasts; a real service is divided by
        // the serving agent's speed.
        let service = match failed {
            Some(attempt) => attempt.sample(&mut self.service_rng),
            None => {
                plan.service[ty * plan.group_ids.len() + group].sample_inline(&mut self.service_rng)
                    / plan.speed[group]
            }
        };
        self.events
            .push(at + service, EventKind::Completion { slot, generation });
    }

    /// The call back of the contact in `slot` (of type `ty`, in `cell`, after `wait`) starts:
    /// draws whether it reaches the customer and counts it. The failed attempt's duration
    /// when it does not; `None` when it does (or the type has no callback behaviour).
    fn call_back(
        &mut self,
        slot: u32,
        ty: usize,
        cell: usize,
        counted: bool,
        wait: f64,
    ) -> Option<&'p Sampler> {
        let cb = self.plan.types[ty].callback.as_ref()?;
        let reached = self.callback_rng.uniform() < cb.reach;
        self.contacts[slot as usize].reached = reached;
        if counted {
            let cellr = &mut self.stats.cells[cell];
            if reached {
                cellr.callbacks_reached += 1;
                cellr.callback_wait_s += wait;
            } else {
                cellr.callbacks_unreachable += 1;
            }
        }
        (!reached).then_some(&cb.failed_attempt)
    }

    /// Counts a counted contact in `slot` (of type `ty`, in `cell`) answered after `wait`,
    /// and scores the waits it was told if it was `predicted`.
    #[inline]
    fn count_answered(&mut self, slot: u32, ty: usize, cell: usize, wait: f64, predicted: bool) {
        let plan = self.plan;
        let cellr = &mut self.stats.cells[cell];
        cellr.answered += 1;
        cellr.wait_answered_s += wait;
        if wait <= plan.sl_threshold_s {
            cellr.answered_within += 1;
        }
        self.stats.record_wait(cell, wait);
        if predicted {
            let k = plan.predictors.len();
            let predicted = &self.predicted[slot as usize * k..(slot as usize + 1) * k];
            for (e, &p) in self.errors[ty * k..(ty + 1) * k].iter_mut().zip(predicted) {
                if !p.is_nan() {
                    e.add(p, wait);
                }
            }
        }
    }

    /// Service ends at `t`, followed by `wrap` seconds of after-contact work.
    fn end_service(&mut self, slot: u32, t: f64, wrap: f64) {
        let c = &self.contacts[slot as usize];
        let until = t + wrap;
        let (start, start_period, share) = (c.start, c.start_period as usize, c.share);
        let a = &mut self.agents[c.agent as usize];
        a.load -= 1;
        // Times are never NaN: a plain comparison instead of `f64::max`.
        if until > a.busy_until {
            a.busy_until = until;
        }
        let group = a.group;
        let overtime = if a.load == 0 && a.overtime_from.is_some() {
            a.overtime_from.take().map(|from| (from, a.busy_until))
        } else {
            None
        };
        self.add_busy(group, start, start_period, share, until);
        if let Some((from, until)) = overtime {
            self.add_staffed(group, from, until);
        }
        self.release(slot, |c, w| Row {
            contact_type: c.contact_type,
            arrival_s: c.arrival - w,
            wait_s: c.start - c.arrival,
            start_s: Some(c.start - w),
            end_s: Some(t - w),
            agent: Some(c.agent),
            outcome: served_outcome(c),
            retrial: c.retrial,
        });
    }

    /// A contact leaves without service at `t` (abandoned, balked, rejected, callback).
    fn end_waiting(&mut self, slot: u32, t: f64, outcome: Outcome) {
        let c = self.contacts[slot as usize];
        let wait = t - c.arrival;
        if c.counted {
            let cell = &mut self.stats.cells[c.cell as usize];
            match outcome {
                Outcome::Abandoned => {
                    cell.abandoned += 1;
                    cell.wait_abandoned_s += wait;
                    if wait <= self.plan.sl_threshold_s {
                        cell.abandoned_within += 1;
                    }
                }
                Outcome::Balked => cell.balked += 1,
                Outcome::Rejected => cell.rejected += 1,
                Outcome::Callback => cell.callbacks += 1,
                Outcome::Answered
                | Outcome::Waiting
                | Outcome::CallbackReached
                | Outcome::CallbackUnreachable => {}
            }
        }
        if matches!(outcome, Outcome::Abandoned | Outcome::Balked)
            && let Some((probability, delay)) =
                &self.plan.types[usize::from(c.contact_type)].retrial
            && self.patience_rng.uniform() < *probability
        {
            let at = t + delay.sample(&mut self.patience_rng);
            let contact_type = c.contact_type;
            self.events.push(at, EventKind::Retrial { contact_type });
        }
        self.release(slot, |c, w| Row {
            contact_type: c.contact_type,
            arrival_s: c.arrival - w,
            wait_s: wait,
            start_s: None,
            end_s: None,
            agent: None,
            outcome,
            retrial: c.retrial,
        });
    }

    /// Frees the contact's slot; `row` builds its record (from the contact and the warm-up
    /// length) only when records are kept.
    #[inline]
    fn release(&mut self, slot: u32, row: impl FnOnce(&ContactRec, f64) -> Row) {
        let c = &mut self.contacts[slot as usize];
        c.state = CState::Free;
        let c = &*c;
        if c.counted
            && let Some(rows) = &mut self.rows
        {
            rows.push(row(c, self.plan.warm_up));
        }
        self.free.push(slot);
    }

    /// A known presence change of `agent` at `t`, before the router hears of it.
    ///
    /// Staffed time is logged-in time plus "overtime": time spent finishing contacts (and
    /// their after-contact work) after leaving for a break or the end of a shift.
    fn on_presence(&mut self, agent: u32, presence: Presence, t: f64) {
        let a = self.agents[agent as usize];
        if presence == Presence::Available {
            if let Some(from) = a.overtime_from {
                // Still busy: all of it was overtime; otherwise until the last contact ended.
                let until = if a.load > 0 { t } else { a.busy_until.min(t) };
                self.add_staffed(a.group, from, until);
            }
            let a = &mut self.agents[agent as usize];
            a.overtime_from = None;
            if a.available_since.is_none() {
                a.available_since = Some(t);
            }
        } else {
            if let Some(from) = a.available_since {
                self.add_staffed(a.group, from, t);
            }
            let a = &mut self.agents[agent as usize];
            a.available_since = None;
            if a.overtime_from.is_none() && (a.load > 0 || a.busy_until > t) {
                a.overtime_from = Some(t);
            }
        }
    }

    /// Counts the contact's handle time from its start to `to` (engine seconds), times the
    /// share of its agent's capacity it occupies, as occupied capacity of the agent's group.
    ///
    /// The contact was served by an agent of `group` from `start` (in period
    /// `start_period`) and occupies `share` of the agent's capacity.
    #[inline]
    fn add_busy(&mut self, group: u16, start: f64, start_period: usize, share: f64, to: f64) {
        let g = usize::from(group);
        spread(
            self.plan,
            &mut self.stats.busy_s,
            g,
            start,
            start_period,
            to,
            share,
        );
    }

    /// Counts `[from, to)` as staffed time of `group`.
    fn add_staffed(&mut self, group: u16, from: f64, to: f64) {
        let from_period = period_index(self.plan, from);
        spread(
            self.plan,
            &mut self.stats.staffed_s,
            usize::from(group),
            from,
            from_period,
            to,
            1.0,
        );
    }

    /// The run ends at `end`: contacts still waiting or in service, and agents' open
    /// intervals, are closed.
    fn finish(&mut self, end: f64) {
        for slot in 0..self.contacts.len() {
            let c = self.contacts[slot];
            let slot = u32::try_from(slot).unwrap_or(u32::MAX);
            match c.state {
                CState::Free => {}
                CState::Waiting => {
                    // An accepted callback already left the inbound line (as `callbacks`).
                    if c.counted && !c.callback {
                        self.stats.cells[c.cell as usize].waiting_at_end += 1;
                    }
                    self.release(slot, |c, w| Row {
                        contact_type: c.contact_type,
                        arrival_s: c.arrival - w,
                        wait_s: end - c.arrival,
                        start_s: None,
                        end_s: None,
                        agent: None,
                        outcome: if c.callback {
                            Outcome::Callback
                        } else {
                            Outcome::Waiting
                        },
                        retrial: c.retrial,
                    });
                }
                CState::Assigned => {
                    self.add_busy(
                        self.agents[c.agent as usize].group,
                        c.start,
                        c.start_period as usize,
                        c.share,
                        end,
                    );
                    let a = &mut self.agents[c.agent as usize];
                    a.busy_until = a.busy_until.max(end);
                    self.release(slot, |c, w| Row {
                        contact_type: c.contact_type,
                        arrival_s: c.arrival - w,
                        wait_s: c.start - c.arrival,
                        start_s: Some(c.start - w),
                        end_s: None,
                        agent: Some(c.agent),
                        outcome: served_outcome(c),
                        retrial: c.retrial,
                    });
                }
            }
        }
        for i in 0..self.agents.len() {
            let a = self.agents[i];
            if let Some(from) = a.available_since {
                self.add_staffed(a.group, from, end);
            }
            if let Some(from) = a.overtime_from {
                self.add_staffed(a.group, from, a.busy_until.min(end));
            }
        }
    }
}

/// Poisson arrival rates by (type, period) at `type * periods + period`, times `factor` (0 for
/// trace-driven types).
fn arrival_rates(plan: &Plan, factor: f64) -> Vec<f64> {
    plan.types
        .iter()
        .flat_map(|tp| {
            (0..plan.periods).map(move |p| match &tp.arrivals {
                ArrivalPlan::Poisson(rates) => rates[p] * factor,
                ArrivalPlan::Trace(_) => 0.0,
            })
        })
        .collect()
}

/// The period of engine time `t` (the warm-up counts as period 0), clamped to the last.
fn period_index(plan: &Plan, t: f64) -> usize {
    let x = (t - plan.warm_up) / plan.period_s;
    if x <= 0.0 {
        0
    } else {
        // Saturating cast, then clamped.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let p = x as usize;
        p.min(plan.periods - 1)
    }
}

/// Adds `weight` times the overlap of `[from, to)` with each period to group `g`'s periods in
/// `per_group_period` (at `g * periods + period`; warm-up and time after the horizon are not
/// counted); `from` lies in period `from_period` (or just before it).
#[inline]
fn spread(
    plan: &Plan,
    per_group_period: &mut [f64],
    g: usize,
    from: f64,
    from_period: usize,
    to: f64,
    weight: f64,
) {
    // Times are never NaN: plain comparisons instead of `f64::max` and `f64::min`.
    let start = if from > plan.warm_up {
        from
    } else {
        plan.warm_up
    };
    let stop = if to < plan.end { to } else { plan.end };
    if stop <= start {
        return;
    }
    let n = plan.periods;
    let p = from_period.min(n - 1);
    // Most intervals end in the period they start in.
    if stop <= counted_period_end(plan, p) {
        per_group_period[g * n + p] += weight * (stop - start);
    } else {
        let per_period = &mut per_group_period[g * n..(g + 1) * n];
        spread_periods(plan, per_period, start, p, stop, weight);
    }
}

/// [`spread`] of `[start, stop)` (within the counted horizon, not empty) over the periods from
/// `p` on.
#[cold]
#[inline(never)]
fn spread_periods(
    plan: &Plan,
    per_period: &mut [f64],
    start: f64,
    mut p: usize,
    stop: f64,
    weight: f64,
) {
    let mut at = start;
    while at < stop && p < plan.periods {
        let upto = stop.min(counted_period_end(plan, p));
        if upto > at {
            per_period[p] += weight * (upto - at);
            at = upto;
        }
        p += 1;
    }
}

/// The end of period `p` as counted: the horizon's end for the last one.
#[inline]
fn counted_period_end(plan: &Plan, p: usize) -> f64 {
    if p + 1 == plan.periods {
        plan.end
    } else {
        plan.period_ends[p]
    }
}

/// How a contact that reached an agent ended: answered, or its call back reached the customer
/// or not.
fn served_outcome(c: &ContactRec) -> Outcome {
    match (c.callback, c.reached) {
        (false, _) => Outcome::Answered,
        (true, true) => Outcome::CallbackReached,
        (true, false) => Outcome::CallbackUnreachable,
    }
}

#[inline]
fn slot_of(contact: ContactId) -> u32 {
    // Ids are slab indices the engine created from `u32`s.
    u32::try_from(contact.0).unwrap_or(u32::MAX)
}
