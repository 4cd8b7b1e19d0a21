//! A validated scenario compiled into what the engine reads: resolved ids, samplers, the
//! expanded routing configuration and every agent's presence changes.

use std::collections::{BTreeMap, BTreeSet};

use rand_distr::Gamma;

use crate::model::{ContactId, ContactSpec, Presence, QueueId, TagSet};
use crate::routing::{AgentConfig, ChannelConfig, Decision, Predictor, Router, RouterConfig};

use super::distributions::Sampler;
use super::error::{SimError, SimResult, invalid};
use super::scenario::{
    AgentGroup, Arrivals, CallbackChoice, EndOfHorizon, PresencePlan, Scenario, check_at_least,
};

/// How one contact type's arrivals are generated.
#[derive(Debug, Clone)]
pub(crate) enum ArrivalPlan {
    /// Rate per period, contacts per second.
    Poisson(Vec<f64>),
    /// Arrival times, engine seconds, non-decreasing.
    Trace(Vec<f64>),
}

/// One contact type, resolved.
#[derive(Debug, Clone)]
pub(crate) struct TypePlan {
    pub(crate) id: String,
    pub(crate) queue: QueueId,
    pub(crate) priority: i32,
    pub(crate) tags: TagSet,
    pub(crate) arrivals: ArrivalPlan,
    pub(crate) patience: Option<Sampler>,
    pub(crate) balk: f64,
    /// Probability of calling again after abandoning or balking, and the delay.
    pub(crate) retrial: Option<(f64, Sampler)>,
    pub(crate) callback: Option<CallbackPlan>,
}

/// Callers' answer to a callback offer, resolved.
#[derive(Debug, Clone)]
pub(crate) struct CallbackPlan {
    pub(crate) accept: f64,
    pub(crate) after_s: Option<f64>,
    pub(crate) reach: f64,
    pub(crate) failed_attempt: Sampler,
}

/// A presence change known before the run (headcount steps, shift starts and ends, breaks).
#[derive(Debug, Clone, Copy)]
pub(crate) struct PresenceChange {
    /// Engine seconds.
    pub(crate) time: f64,
    pub(crate) agent: u32,
    pub(crate) presence: Presence,
}

/// The compiled scenario.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    /// Routing configuration with every agent, presence as at horizon time 0.
    pub(crate) router: RouterConfig,
    /// Warm-up, seconds: engine time = horizon time + `warm_up`.
    pub(crate) warm_up: f64,
    /// Length of a counting period (a batch under batch means), seconds.
    pub(crate) period_s: f64,
    /// Counting periods: the scenario's periods, or its batches under batch means.
    pub(crate) periods: usize,
    /// End of each period, engine seconds: `warm_up + period_s * (p + 1)` (for the last
    /// period too, which `end` may round differently).
    pub(crate) period_ends: Vec<f64>,
    /// Batches per replication under batch means (then the scenario has one period).
    pub(crate) batches: Option<usize>,
    /// End of the last period, engine seconds.
    pub(crate) end: f64,
    pub(crate) drain: bool,
    pub(crate) sl_threshold_s: f64,
    pub(crate) percentiles: Vec<f64>,
    pub(crate) types: Vec<TypePlan>,
    pub(crate) group_ids: Vec<String>,
    /// Service sampler of (type t, group g) at `t * groups + g`.
    pub(crate) service: Vec<Sampler>,
    /// After-contact work sampler of (type, group), same layout.
    pub(crate) wrap_up: Vec<Option<Sampler>>,
    /// Share of an agent's capacity one contact takes, for (router queue q, group g) at
    /// `q * groups + g` (see `capacity_share`).
    pub(crate) share: Vec<f64>,
    /// Group of each agent (router agent index).
    pub(crate) agent_group: Vec<u16>,
    /// Service speed of each group's agents: sampled service times are divided by it.
    pub(crate) speed: Vec<f64>,
    /// Presence changes after the start, by (time, agent).
    pub(crate) changes: Vec<PresenceChange>,
    pub(crate) busyness: Option<Gamma<f64>>,
    pub(crate) record: bool,
    pub(crate) predictors: Vec<Predictor>,
}

impl Plan {
    /// Validates and compiles `s`.
    pub(crate) fn new(s: &Scenario) -> SimResult<Self> {
        let h = &s.horizon;
        if !(h.period_s.is_finite() && h.period_s > 0.0) {
            return Err(SimError::EmptyHorizon {
                field: "horizon.period_s",
            });
        }
        if h.periods == 0 {
            return Err(SimError::EmptyHorizon {
                field: "horizon.periods",
            });
        }
        let warm_up = check_at_least(
            "horizon.warm_up_s",
            h.warm_up_s,
            0.0,
            "must be finite and >= 0",
        )?;
        let batches = batch_count(s)?;
        let periods = h.periods as usize;
        let length = h.period_s * f64::from(h.periods);
        let sl_threshold_s = check_at_least(
            "sl_threshold_s",
            s.sl_threshold_s,
            0.0,
            "must be finite and >= 0",
        )?;
        for (i, &p) in s.wait_percentiles.iter().enumerate() {
            if !(p > 0.0 && p < 1.0) {
                return Err(invalid(
                    format!("wait_percentiles[{i}]"),
                    p,
                    "must be in (0, 1)",
                ));
            }
        }
        let busyness = busyness_factor(s)?;
        if !s.routing.agents.is_empty() {
            return Err(SimError::AgentsInRouting);
        }
        if s.contact_types.is_empty() {
            return Err(invalid(
                "contact_types",
                "[]",
                "needs at least one contact type",
            ));
        }

        let (router, group_ids, agent_group, changes) =
            expand_agents(s, periods, h.period_s, warm_up)?;
        let built = Router::new(router.clone())?;

        let (mut types, service, wrap_up) =
            compile_types(s, &built, &group_ids, periods, length, warm_up)?;
        if let Some(b) = batches {
            repeat_rates(&mut types, b);
        }
        u16::try_from(types.len())
            .map_err(|_| invalid("contact_types", types.len(), "at most 65535 types"))?;
        for t in &types {
            if !servable(&router, t.queue)? {
                return Err(SimError::NoAgentCanServe {
                    contact_type: t.id.clone(),
                });
            }
        }
        let share = router
            .queues
            .iter()
            .flat_map(|q| {
                s.agent_groups
                    .iter()
                    .map(|g| capacity_share(&router.channels, &group_capacity(g), &q.channel))
            })
            .collect();
        let (period_s, periods) =
            batches.map_or((h.period_s, periods), |b| (h.period_s / b as f64, b));
        Ok(Self {
            router,
            warm_up,
            period_s,
            periods,
            period_ends: period_ends(warm_up, period_s, periods),
            batches,
            end: warm_up + length,
            drain: h.end == EndOfHorizon::Drain,
            sl_threshold_s,
            percentiles: s.wait_percentiles.clone(),
            types,
            group_ids,
            service,
            wrap_up,
            share,
            agent_group,
            speed: s.agent_groups.iter().map(|g| g.speed).collect(),
            changes,
            busyness,
            record: s.record_contacts,
            predictors: compile_predictors(&s.predictors)?,
        })
    }
}

/// Under batch means: the one period is cut into `batches` counting periods with its rate.
fn repeat_rates(types: &mut [TypePlan], batches: usize) {
    for t in types {
        if let ArrivalPlan::Poisson(rates) = &mut t.arrivals {
            *rates = rates.repeat(batches);
        }
    }
}

/// The end of each of `periods` periods of `period_s` seconds after a `warm_up`, engine
/// seconds.
fn period_ends(warm_up: f64, period_s: f64, periods: usize) -> Vec<f64> {
    (0..periods)
        .map(|p| warm_up + period_s * (p + 1) as f64)
        .collect()
}

/// The daily busyness factor's gamma distribution (mean 1, variance 1/shape), checked.
fn busyness_factor(s: &Scenario) -> SimResult<Option<Gamma<f64>>> {
    let Some(b) = s.busyness else {
        return Ok(None);
    };
    let shape = b.shape;
    let bad = || invalid("busyness.shape", shape, "must be finite and > 0");
    if !(shape.is_finite() && shape > 0.0) {
        return Err(bad());
    }
    Gamma::new(shape, 1.0 / shape).map(Some).map_err(|_| bad())
}

/// The batches of a batch-means horizon, checked: at least 2, one period, no busyness factor.
fn batch_count(s: &Scenario) -> SimResult<Option<usize>> {
    let Some(bm) = s.horizon.batch_means else {
        return Ok(None);
    };
    if bm.batches < 2 {
        return Err(invalid(
            "horizon.batch_means.batches",
            bm.batches,
            "must be at least 2",
        ));
    }
    if s.horizon.periods != 1 {
        return Err(invalid(
            "horizon.periods",
            s.horizon.periods,
            "batch means needs exactly one period (a steady state)",
        ));
    }
    if let Some(b) = s.busyness {
        return Err(invalid(
            "busyness.shape",
            b.shape,
            "batch means needs a stationary run: no busyness factor",
        ));
    }
    Ok(Some(bm.batches as usize))
}

/// Agent groups -> the routing configuration's agents, their groups and presence changes.
#[allow(clippy::type_complexity)]
fn expand_agents(
    s: &Scenario,
    periods: usize,
    period_s: f64,
    warm_up: f64,
) -> SimResult<(RouterConfig, Vec<String>, Vec<u16>, Vec<PresenceChange>)> {
    // Agent groups -> agents and their presence plans.
    let mut router = s.routing.clone();
    let skills: BTreeSet<&str> = s.routing.skills.iter().map(String::as_str).collect();
    let profiles: BTreeSet<&str> = s.routing.profiles.iter().map(|p| p.id.as_str()).collect();
    let declared: BTreeSet<&str> = s.routing.groups.iter().map(String::as_str).collect();
    let mut group_ids: Vec<String> = Vec::new();
    let mut agent_group = Vec::new();
    let mut plans: Vec<PresencePlan> = Vec::new();
    for (gi, g) in s.agent_groups.iter().enumerate() {
        let field = format!("agent_groups[{gi}]");
        if group_ids.contains(&g.id) {
            return Err(SimError::DuplicateId {
                field: "agent_groups".into(),
                id: g.id.clone(),
            });
        }
        if !profiles.contains(g.profile.as_str()) {
            return Err(invalid(
                format!("{field}.profile"),
                &g.profile,
                "not a routing profile",
            ));
        }
        for name in g.skills.keys() {
            if !skills.contains(name.as_str()) {
                return Err(SimError::UnknownSkill {
                    field: format!("{field}.skills"),
                    name: name.clone(),
                });
            }
        }
        for name in &g.groups {
            if !declared.contains(name.as_str()) {
                return Err(SimError::UnknownGroup {
                    field: format!("{field}.groups"),
                    id: name.clone(),
                });
            }
        }
        let speed = g.speed;
        if !(speed.is_finite() && speed > 0.0) {
            return Err(invalid(
                format!("{field}.speed"),
                speed,
                "must be finite and > 0",
            ));
        }
        let gidx = u16::try_from(gi)
            .map_err(|_| invalid("agent_groups", s.agent_groups.len(), "at most 65535 groups"))?;
        let group_plans = presence_plans(g, &field, periods, period_s)?;
        if !declared.contains(g.id.as_str()) {
            router.groups.push(g.id.clone());
        }
        let mut groups = vec![g.id.clone()];
        groups.extend(g.groups.iter().filter(|x| **x != g.id).cloned());
        for (k, plan) in group_plans.into_iter().enumerate() {
            let presence = initial_presence(&plan);
            router.agents.push(AgentConfig {
                id: format!("{}-{k}", g.id),
                profile: g.profile.clone(),
                groups: groups.clone(),
                skills: g.skills.clone(),
                attributes: g.attributes.clone(),
                capacity: group_capacity(g),
                speed,
                weight: 1,
                presence,
            });
            agent_group.push(gidx);
            plans.push(plan);
        }
        group_ids.push(g.id.clone());
    }
    u32::try_from(router.agents.len())
        .map_err(|_| invalid("agent_groups", router.agents.len(), "too many agents"))?;
    let mut changes = Vec::new();
    for (a, plan) in plans.iter().enumerate() {
        let agent = u32::try_from(a).unwrap_or(u32::MAX);
        let mut last = initial_presence(plan);
        for &(t, p) in plan.iter().filter(|(t, _)| *t > 0.0) {
            if p != last {
                changes.push(PresenceChange {
                    time: warm_up + t,
                    agent,
                    presence: p,
                });
                last = p;
            }
        }
    }
    changes.sort_by(|a, b| a.time.total_cmp(&b.time).then(a.agent.cmp(&b.agent)));

    Ok((router, group_ids, agent_group, changes))
}

/// The group's concurrent contacts per channel, `{ voice = 1 }` unless given.
fn group_capacity(g: &AgentGroup) -> BTreeMap<String, u16> {
    g.capacity
        .clone()
        .unwrap_or_else(|| BTreeMap::from([("voice".to_owned(), 1)]))
}

/// The share of an agent's capacity that one contact on `channel` occupies, so that an
/// agent's occupied capacity never exceeds 1: all of it on an exclusive channel (the agent
/// takes nothing else meanwhile), otherwise one of its contact slots on non-exclusive
/// channels (a chat agent with `{ chat = 3 }` is a third occupied per chat).
///
/// # Formula
///
/// ```text
/// share = 1                                  if channel is exclusive
///       = 1 / Σ capacity[c] over non-exclusive channels c (at least 1)   otherwise
/// ```
fn capacity_share(
    channels: &[ChannelConfig],
    capacity: &BTreeMap<String, u16>,
    channel: &str,
) -> f64 {
    let exclusive = |id: &str| channels.iter().any(|c| c.id == id && c.exclusive);
    if exclusive(channel) {
        return 1.0;
    }
    let slots: u32 = capacity
        .iter()
        .filter(|(c, _)| !exclusive(c))
        .map(|(_, &n)| u32::from(n))
        .sum();
    1.0 / f64::from(slots.max(1))
}

/// The contact tags `names` (of the contact type at `field`) as the router's tag set.
fn compile_tags(names: &[String], built: &Router, field: &str) -> SimResult<TagSet> {
    let mut tags = TagSet::default();
    for (i, name) in names.iter().enumerate() {
        let tag = built.tag_id(name).map_err(|_| SimError::UnknownTag {
            field: format!("{field}.tags[{i}]"),
            name: name.clone(),
        })?;
        tags = tags.with(tag);
    }
    Ok(tags)
}

/// Contact types -> resolved queues, arrival plans and samplers.
#[allow(clippy::type_complexity)]
fn compile_types(
    s: &Scenario,
    built: &Router,
    group_ids: &[String],
    periods: usize,
    length: f64,
    warm_up: f64,
) -> SimResult<(Vec<TypePlan>, Vec<Sampler>, Vec<Option<Sampler>>)> {
    let ng = group_ids.len();
    // Contact types.
    let mut types = Vec::with_capacity(s.contact_types.len());
    let mut service = Vec::with_capacity(s.contact_types.len() * ng);
    let mut wrap_up = Vec::with_capacity(s.contact_types.len() * ng);
    for (ti, c) in s.contact_types.iter().enumerate() {
        let field = format!("contact_types[{ti}]");
        if types.iter().any(|t: &TypePlan| t.id == c.id) {
            return Err(SimError::DuplicateId {
                field: "contact_types".into(),
                id: c.id.clone(),
            });
        }
        let qname = c.queue.as_deref().unwrap_or(&c.id);
        let queue = built.queue_id(qname).map_err(|_| SimError::UnknownQueue {
            field: if c.queue.is_some() {
                format!("{field}.queue")
            } else {
                format!("{field}.id")
            },
            id: qname.to_owned(),
        })?;
        let tags = compile_tags(&c.tags, built, &field)?;
        let arrivals = compile_arrivals(&c.arrivals, &field, periods, length, warm_up)?;
        for (name, key) in [
            ("service_by_group", c.service_by_group.keys()),
            ("wrap_up_by_group", c.wrap_up_by_group.keys()),
        ] {
            for k in key {
                if !group_ids.contains(k) {
                    return Err(SimError::UnknownGroup {
                        field: format!("{field}.{name}"),
                        id: k.clone(),
                    });
                }
            }
        }
        let default_service = c.service.sampler(&format!("{field}.service"))?;
        let default_wrap = match &c.wrap_up {
            Some(d) => Some(d.sampler(&format!("{field}.wrap_up"))?),
            None => None,
        };
        for gid in group_ids {
            service.push(match c.service_by_group.get(gid) {
                Some(d) => d.sampler(&format!("{field}.service_by_group.{gid}"))?,
                None => default_service.clone(),
            });
            wrap_up.push(match c.wrap_up_by_group.get(gid) {
                Some(d) => Some(d.sampler(&format!("{field}.wrap_up_by_group.{gid}"))?),
                None => default_wrap.clone(),
            });
        }
        let patience = match &c.patience {
            Some(d) => Some(d.sampler(&format!("{field}.patience"))?),
            None => None,
        };
        if !(0.0..=1.0).contains(&c.balk_probability) {
            return Err(invalid(
                format!("{field}.balk_probability"),
                c.balk_probability,
                "must be in [0, 1]",
            ));
        }
        let retrial = match &c.retrial {
            None => None,
            Some(r) => {
                if !(0.0..1.0).contains(&r.probability) {
                    return Err(invalid(
                        format!("{field}.retrial.probability"),
                        r.probability,
                        "must be in [0, 1)",
                    ));
                }
                Some((
                    r.probability,
                    r.delay.sampler(&format!("{field}.retrial.delay"))?,
                ))
            }
        };
        let callback = match &c.callback {
            None => None,
            Some(cb) => Some(compile_callback(cb, &field)?),
        };
        types.push(TypePlan {
            id: c.id.clone(),
            queue,
            priority: c.priority,
            tags,
            arrivals,
            patience,
            balk: c.balk_probability,
            retrial,
            callback,
        });
    }
    Ok((types, service, wrap_up))
}

/// The predictors to evaluate, each at most once.
fn compile_predictors(predictors: &[Predictor]) -> SimResult<Vec<Predictor>> {
    for (i, p) in predictors.iter().enumerate() {
        if predictors[..i].contains(p) {
            return Err(invalid(
                format!("predictors[{i}]"),
                p.name(),
                "each predictor at most once",
            ));
        }
    }
    Ok(predictors.to_vec())
}

/// A contact type's callback behaviour, checked.
fn compile_callback(cb: &CallbackChoice, field: &str) -> SimResult<CallbackPlan> {
    for (name, p) in [
        ("accept_probability", cb.accept_probability),
        ("reach_probability", cb.reach_probability),
    ] {
        if !(0.0..=1.0).contains(&p) {
            return Err(invalid(
                format!("{field}.callback.{name}"),
                p,
                "must be in [0, 1]",
            ));
        }
    }
    let after_s = match cb.after_s {
        None => None,
        Some(a) => Some(check_at_least(
            format!("{field}.callback.after_s"),
            a,
            0.0,
            "must be finite and >= 0",
        )?),
    };
    Ok(CallbackPlan {
        accept: cb.accept_probability,
        after_s,
        reach: cb.reach_probability,
        failed_attempt: cb
            .failed_attempt
            .sampler(&format!("{field}.callback.failed_attempt"))?,
    })
}

/// One contact type's arrival process, checked, in engine seconds.
fn compile_arrivals(
    arrivals: &Arrivals,
    field: &str,
    periods: usize,
    length: f64,
    warm_up: f64,
) -> SimResult<ArrivalPlan> {
    Ok(match arrivals {
        Arrivals::Poisson { rates_per_s } => {
            let rates = rates_per_s.expand(periods).ok_or_else(|| {
                invalid(
                    format!("{field}.arrivals.rates_per_s"),
                    "list",
                    "needs one rate per period",
                )
            })?;
            for (p, &r) in rates.iter().enumerate() {
                check_at_least(
                    format!("{field}.arrivals.rates_per_s[{p}]"),
                    r,
                    0.0,
                    "must be finite and >= 0",
                )?;
            }
            ArrivalPlan::Poisson(rates)
        }
        Arrivals::Trace { times_s } => {
            let mut prev = 0.0;
            for (i, &t) in times_s.iter().enumerate() {
                if !(t.is_finite() && t >= prev && t < length) {
                    return Err(invalid(
                        format!("{field}.arrivals.times_s[{i}]"),
                        t,
                        "must be non-decreasing and within [0, horizon length)",
                    ));
                }
                prev = t;
            }
            ArrivalPlan::Trace(times_s.iter().map(|t| t + warm_up).collect())
        }
    })
}

/// Presence as at horizon time 0 (every change at or before 0 applied; offline before any).
fn initial_presence(plan: &PresencePlan) -> Presence {
    plan.iter()
        .take_while(|(t, _)| *t <= 0.0)
        .last()
        .map_or(Presence::Offline, |&(_, p)| p)
}

/// One presence plan per agent of the group.
fn presence_plans(
    g: &AgentGroup,
    field: &str,
    periods: usize,
    period_s: f64,
) -> SimResult<Vec<PresencePlan>> {
    match (&g.headcount, g.shifts.is_empty()) {
        (Some(_), false) => Err(invalid(
            format!("{field}.shifts"),
            "both",
            "give either `headcount` or `shifts`, not both",
        )),
        (None, true) => Err(invalid(
            format!("{field}.headcount"),
            "none",
            "give `headcount` or `shifts`",
        )),
        (Some(hc), true) => {
            let counts = hc.expand(periods).ok_or_else(|| {
                invalid(
                    format!("{field}.headcount"),
                    "list",
                    "needs one headcount per period",
                )
            })?;
            let max = counts.iter().copied().max().unwrap_or(0);
            Ok((0..max)
                .map(|k| {
                    counts
                        .iter()
                        .enumerate()
                        .map(|(p, &n)| {
                            let presence = if k < n {
                                Presence::Available
                            } else {
                                Presence::Offline
                            };
                            (period_s * p as f64, presence)
                        })
                        .collect()
                })
                .collect())
        }
        (None, false) => {
            let mut out = Vec::new();
            for (si, sh) in g.shifts.iter().enumerate() {
                let sf = format!("{field}.shifts[{si}]");
                if !(sh.start_s.is_finite() && sh.end_s.is_finite() && sh.end_s > sh.start_s) {
                    return Err(invalid(
                        format!("{sf}.end_s"),
                        sh.end_s,
                        "must be finite and after start_s",
                    ));
                }
                let mut plan = vec![(sh.start_s, Presence::Available)];
                let mut prev = sh.start_s;
                for (bi, b) in sh.breaks.iter().enumerate() {
                    if !(b.start_s.is_finite()
                        && b.end_s.is_finite()
                        && b.start_s >= prev
                        && b.end_s > b.start_s
                        && b.end_s <= sh.end_s)
                    {
                        return Err(invalid(
                            format!("{sf}.breaks[{bi}]"),
                            format!("{}..{}", b.start_s, b.end_s),
                            "breaks must be in order, not overlap, and lie inside the shift",
                        ));
                    }
                    plan.push((b.start_s, Presence::Break));
                    plan.push((b.end_s, Presence::Available));
                    prev = b.end_s;
                }
                plan.push((sh.end_s, Presence::Offline));
                for _ in 0..sh.count {
                    out.push(plan.clone());
                }
            }
            Ok(out)
        }
    }
}

/// Whether some agent would ever take a contact of `queue`: every agent available and idle,
/// one contact arrives, and the router's timers run until it is assigned or leaves.
fn servable(config: &RouterConfig, queue: QueueId) -> SimResult<bool> {
    let mut probe = config.clone();
    for a in &mut probe.agents {
        a.presence = Presence::Available;
    }
    let mut router = Router::new(probe)?;
    let mut decisions = router
        .arrive(ContactSpec::new(ContactId(0), queue), 0.0)?
        .to_vec();
    for _ in 0..10_000 {
        for d in &decisions {
            match d {
                Decision::Assigned { .. } => return Ok(true),
                Decision::Rejected { .. } | Decision::Callback { .. } => return Ok(false),
                _ => {}
            }
        }
        let Some(t) = router.next_timer() else {
            return Ok(false);
        };
        decisions = router.advance(t)?.to_vec();
    }
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capacity_shares_never_add_above_one() {
        let channels = RouterConfig::default().channels;
        let share =
            |caps: &BTreeMap<String, u16>, channel: &str| capacity_share(&channels, caps, channel);
        let caps = |list: &[(&str, u16)]| -> BTreeMap<String, u16> {
            list.iter().map(|&(c, n)| (c.to_owned(), n)).collect()
        };
        // Voice is exclusive: one call takes the whole agent.
        assert!((share(&caps(&[("voice", 1)]), "voice") - 1.0).abs() < 1e-15);
        // Three chats fill a chat-only agent.
        let chat3 = caps(&[("chat", 3)]);
        assert!((3.0 * share(&chat3, "chat") - 1.0).abs() < 1e-15);
        // Voice beside chat: a call still takes all; chats share the 3 + 2 slots of chat
        // and email, the non-exclusive channels.
        let mixed = caps(&[("voice", 1), ("chat", 3), ("email", 2)]);
        assert!((share(&mixed, "voice") - 1.0).abs() < 1e-15);
        assert!((share(&mixed, "chat") - 0.2).abs() < 1e-15);
        assert!((share(&mixed, "email") - 0.2).abs() < 1e-15);
    }
}
