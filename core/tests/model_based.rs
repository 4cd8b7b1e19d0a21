//! Model-based test: a deliberately simple reference router (linear scans, no indexes, every
//! rule written out once) runs side by side with the real one on long random event streams;
//! both must make identical decisions and return identical errors, and the reference checks
//! the invariants (capacity, eligibility, no contact assigned twice or lost) as it goes.
//!
//! Times are whole seconds and weights dyadic, so every score is exact and both routers see
//! the same numbers.
#![allow(clippy::float_cmp, reason = "times and scores here are exact")]

use callwright_core::model::{
    AgentId, AgentTraits, AttrValue, ContactId, ContactSpec, Presence, QueueId, Requirement,
    Schema, TagCondition, TagId, TagSet,
};
use callwright_core::routing::{
    AgentConfig, Decision, Destination, OverflowReason, PredictionConfig, ProfileConfig,
    ProfileQueueConfig, QueueConfig, RouterConfig, StageConfig, StrategyConfig,
};
use callwright_core::{Error, Router};
use proptest::prelude::*;
use std::collections::BTreeMap;

/// The test's own generator (also the reference's copy of the router's documented `SplitMix64`).
#[derive(Clone)]
struct Mix(u64);

impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        u64::try_from((u128::from(self.next()) * u128::from(n)) >> 64).unwrap()
    }
    fn pick<T: Clone>(&mut self, xs: &[T]) -> T {
        xs[usize::try_from(self.below(xs.len() as u64)).unwrap()].clone()
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

// ----- random configurations ---------------------------------------------------------------

const TAGS: &[&str] = &["gold", "silver", "es"];

const CONDITIONS: &[&str] = &["gold", "gold OR silver", "NOT es", "silver AND NOT gold"];

const EXPRESSIONS: &[&str] = &[
    "TRUE",
    "s0 >= 50",
    "s0 > 0",
    "s1 > 0 OR tier == \"senior\"",
    "NOT s2 >= 30",
    "s0 >= 20 AND (s1 > 0 OR NOT tier == \"junior\")",
    "years >= 2",
];

fn random_strategy(g: &mut Mix) -> StrategyConfig {
    let base = g.pick(&[
        StrategyConfig::LongestIdle,
        StrategyConfig::MostSkilled,
        StrategyConfig::LeastOccupied,
        StrategyConfig::FastestServer,
        StrategyConfig::RoundRobin,
        StrategyConfig::WeightedRandom,
        StrategyConfig::WeightBased { idle_weight: 0.5 },
        StrategyConfig::WeightBased { idle_weight: 2.0 },
    ]);
    if g.chance(20) {
        StrategyConfig::Preferred(Box::new(base))
    } else {
        base
    }
}

/// A random agent with id `id` (profiles p0–p2, skills s0–s2, groups g0–g1).
fn random_agent(g: &mut Mix, id: String) -> AgentConfig {
    let mut skills = BTreeMap::new();
    for s in 0..3 {
        if g.chance(60) {
            skills.insert(format!("s{s}"), u8::try_from(1 + g.below(100)).unwrap());
        }
    }
    let mut attributes = BTreeMap::new();
    if g.chance(70) {
        attributes.insert(
            "tier".to_owned(),
            AttrValue::Str(g.pick(&["senior", "junior"]).to_owned()),
        );
    }
    if g.chance(50) {
        attributes.insert("years".to_owned(), AttrValue::Num(g.pick(&[0.0, 1.0, 3.0])));
    }
    AgentConfig {
        id,
        profile: format!("p{}", g.below(3)),
        groups: match g.below(3) {
            0 => vec!["g0".into()],
            1 => vec!["g1".into()],
            _ => vec!["g0".into(), "g1".into()],
        },
        skills,
        attributes,
        capacity: BTreeMap::from([
            ("voice".to_owned(), 1),
            ("chat".to_owned(), u16::try_from(g.below(4)).unwrap()),
        ]),
        speed: g.pick(&[1.0, 2.0, 3.0]),
        weight: u32::try_from(g.below(4)).unwrap(),
        presence: g.pick(&[Presence::Available, Presence::Available, Presence::Offline]),
    }
}

#[allow(
    clippy::too_many_lines,
    reason = "one flat recipe for a random configuration"
)]
fn random_config(g: &mut Mix) -> RouterConfig {
    let n_queues = 2 + usize::try_from(g.below(3)).unwrap();
    let mut queues = Vec::new();
    for qi in 0..n_queues {
        let n_stages = 1 + usize::try_from(g.below(3)).unwrap();
        let stages = (0..n_stages)
            .map(|si| StageConfig {
                duration_s: (si + 1 < n_stages).then(|| g.pick(&[3.0, 5.0, 10.0, 20.0])),
                requirement: g.pick(EXPRESSIONS).to_owned(),
                groups: match g.below(4) {
                    0 => vec!["g0".into()],
                    1 => vec!["g1".into()],
                    _ => vec![],
                },
                when: (si + 1 < n_stages && g.chance(50)).then(|| g.pick(CONDITIONS).to_owned()),
            })
            .collect();
        let later: Vec<usize> = (qi + 1..n_queues).collect();
        let dest = |g: &mut Mix, forward_only: bool| match g.below(3) {
            0 => Destination::Reject,
            1 => Destination::Callback,
            _ => {
                let choices: Vec<usize> = if forward_only {
                    later.clone()
                } else {
                    (0..n_queues).filter(|&j| j != qi).collect()
                };
                if choices.is_empty() {
                    Destination::Callback
                } else {
                    Destination::Queue(format!("q{}", g.pick(&choices)))
                }
            }
        };
        let mut tag_priority = BTreeMap::new();
        for &t in TAGS {
            if g.chance(30) {
                tag_priority.insert(t.to_owned(), g.pick(&[-5, 10, 20]));
            }
        }
        let strategy = random_strategy(g);
        let preferred_wait_s = if matches!(strategy, StrategyConfig::Preferred(_)) {
            g.pick(&[0.0, 4.0, 10.0, 30.0])
        } else {
            0.0
        };
        queues.push(QueueConfig {
            id: format!("q{qi}"),
            channel: if g.chance(30) {
                "chat".into()
            } else {
                "voice".into()
            },
            priority: g.pick(&[0, 0, 1, 10]),
            wait_weight: g.pick(&[0.0, 0.5, 1.0]),
            strategy,
            preferred_wait_s,
            tag_priority,
            skills: vec![],
            stages,
            max_waiting: g.chance(40).then(|| u32::try_from(1 + g.below(4)).unwrap()),
            on_full: dest(g, true),
            max_wait_s: g.chance(40).then(|| g.pick(&[15.0, 40.0])),
            on_max_wait: dest(g, false),
            prediction: PredictionConfig::default(),
            callback: None,
        });
    }
    let mut profiles = Vec::new();
    for pi in 0..3 {
        let mut queues = Vec::new();
        for qi in 0..n_queues {
            if g.chance(70) {
                queues.push(ProfileQueueConfig {
                    queue: format!("q{qi}"),
                    priority: g.pick(&[0, 0, 5, 10]),
                    delay_s: g.pick(&[0.0, 0.0, 5.0, 10.0]),
                });
            }
        }
        profiles.push(ProfileConfig {
            id: format!("p{pi}"),
            queues,
        });
    }
    let n_agents = 4 + usize::try_from(g.below(9)).unwrap();
    let agents = (0..n_agents)
        .map(|ai| random_agent(g, format!("a{ai}")))
        .collect();
    RouterConfig {
        seed: g.next(),
        skills: vec!["s0".into(), "s1".into(), "s2".into()],
        attributes: vec!["tier".into(), "years".into()],
        contact_tags: TAGS.iter().map(|&t| t.to_owned()).collect(),
        groups: vec!["g0".into(), "g1".into()],
        profiles,
        queues,
        agents,
        ..RouterConfig::default()
    }
}

// ----- the reference router ------------------------------------------------------------------

struct RefStage {
    requirement: Requirement,
    groups: Vec<String>,
    when: Option<TagCondition>,
    duration_s: f64,
}

struct RefQueue {
    exclusive: bool,
    channel: usize,
    priority: i32,
    wait_weight: f64,
    strategy: StrategyConfig,
    preferred_wait_s: f64,
    tag_priority: Vec<(TagId, i32)>,
    stages: Vec<RefStage>,
    rank_skills: Vec<String>,
    max_waiting: Option<u32>,
    on_full: Destination,
    max_wait_s: Option<f64>,
    on_max_wait: Destination,
}

struct RefAgent {
    traits: AgentTraits,
    skills: BTreeMap<String, u8>,
    groups: Vec<String>,
    profile: BTreeMap<usize, (i32, f64)>,
    capacity: [u16; 3],
    load: [u16; 3],
    presence: Presence,
    wrap_until: Option<f64>,
    free_since: f64,
    last_routed: u64,
    speed: f64,
    weight: u32,
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum RefStatus {
    Placing,
    Waiting,
    Assigned(usize),
}

#[derive(Clone, Copy)]
struct RefContact {
    id: u64,
    queue: usize,
    arrival: f64,
    entry: f64,
    /// Time the contact's stage and delay tiers were last brought up to date.
    eval: f64,
    priority: i32,
    preferred: Option<usize>,
    tags: TagSet,
    /// Waiting reserved for `preferred` until `entry + preferred_wait_s`.
    reserved: bool,
    seq: u64,
    status: RefStatus,
}

struct Reference {
    config: RouterConfig,
    schema: Schema,
    queues: Vec<RefQueue>,
    names: Vec<String>,
    agents: Vec<RefAgent>,
    contacts: Vec<RefContact>,
    rng: Mix,
    clock: f64,
    seq: u64,
    routed: u64,
    out: Vec<Decision>,
}

fn channel_index(name: &str) -> usize {
    match name {
        "voice" => 0,
        "chat" => 1,
        _ => 2,
    }
}

impl RefQueue {
    fn new(q: &QueueConfig, schema: &Schema) -> Self {
        let stages: Vec<RefStage> = q
            .stages
            .iter()
            .map(|s| RefStage {
                requirement: Requirement::parse(&s.requirement, schema).unwrap(),
                groups: s.groups.clone(),
                when: s
                    .when
                    .as_ref()
                    .map(|w| TagCondition::parse(w, schema).unwrap()),
                duration_s: s.duration_s.unwrap_or(0.0),
            })
            .collect();
        let mut rank_skills: Vec<String> = stages
            .iter()
            .flat_map(|s| s.requirement.skills().iter())
            .map(|id| schema.skill_names()[usize::from(id.0)].clone())
            .collect();
        rank_skills.sort_by_key(|n| schema.skill(n).unwrap());
        rank_skills.dedup();
        RefQueue {
            exclusive: q.channel == "voice",
            channel: channel_index(&q.channel),
            priority: q.priority,
            wait_weight: q.wait_weight,
            strategy: q.strategy.clone(),
            preferred_wait_s: q.preferred_wait_s,
            tag_priority: q
                .tag_priority
                .iter()
                .map(|(t, &p)| (schema.tag(t).unwrap(), p))
                .collect(),
            stages,
            rank_skills,
            max_waiting: q.max_waiting,
            on_full: q.on_full.clone(),
            max_wait_s: q.max_wait_s,
            on_max_wait: q.on_max_wait.clone(),
        }
    }
}

impl RefAgent {
    fn new(a: &AgentConfig, schema: &Schema, profiles: &[ProfileConfig], names: &[String]) -> Self {
        let mut traits = AgentTraits::new(schema);
        for (s, &l) in &a.skills {
            traits.set_skill(schema.skill(s).unwrap(), l);
        }
        for (k, v) in &a.attributes {
            traits.set_attribute(schema.attribute(k).unwrap(), v.clone());
        }
        let p = profiles.iter().find(|p| p.id == a.profile).unwrap();
        let profile = p
            .queues
            .iter()
            .map(|e| {
                let qi = names.iter().position(|n| *n == e.queue).unwrap();
                (qi, (e.priority, e.delay_s))
            })
            .collect();
        let mut capacity = [0; 3];
        for (ch, &n) in &a.capacity {
            capacity[channel_index(ch)] = n;
        }
        RefAgent {
            traits,
            skills: a.skills.clone(),
            groups: a.groups.clone(),
            profile,
            capacity,
            load: [0; 3],
            presence: a.presence,
            wrap_until: None,
            free_since: 0.0,
            last_routed: 0,
            speed: a.speed,
            weight: a.weight,
        }
    }
}

impl Reference {
    fn new(c: &RouterConfig) -> Self {
        let attrs: std::collections::BTreeSet<&String> = c
            .attributes
            .iter()
            .chain(c.agents.iter().flat_map(|a| a.attributes.keys()))
            .collect();
        let schema = Schema::new(c.skills.iter().cloned(), attrs.into_iter().cloned())
            .unwrap()
            .with_contact_tags(c.contact_tags.iter().cloned())
            .unwrap();
        let queues = c.queues.iter().map(|q| RefQueue::new(q, &schema)).collect();
        let names: Vec<String> = c.queues.iter().map(|q| q.id.clone()).collect();
        let agents = c
            .agents
            .iter()
            .map(|a| RefAgent::new(a, &schema, &c.profiles, &names))
            .collect();
        Reference {
            config: c.clone(),
            schema,
            queues,
            names,
            agents,
            contacts: Vec::new(),
            rng: Mix(c.seed),
            clock: 0.0,
            seq: 0,
            routed: 0,
            out: Vec::new(),
        }
    }

    fn total_load(&self, a: usize) -> u16 {
        self.agents[a].load.iter().sum()
    }

    fn available(&self, a: usize, q: usize) -> bool {
        let ag = &self.agents[a];
        let qu = &self.queues[q];
        let exclusive_busy = ag.load[0] > 0;
        ag.presence == Presence::Available
            && ag.wrap_until.is_none()
            && ag.load[qu.channel] < ag.capacity[qu.channel]
            && (self.total_load(a) == 0 || (!qu.exclusive && !exclusive_busy))
    }

    /// The contact's plan: the stages that apply to its tags, each with its start after
    /// queue entry (skipped stages take no time).
    fn plan(&self, c: &RefContact) -> Vec<(usize, f64)> {
        let mut plan = Vec::new();
        let mut start = 0.0;
        for (i, st) in self.queues[c.queue].stages.iter().enumerate() {
            if st.when.as_ref().is_none_or(|w| w.matches(c.tags)) {
                plan.push((i, start));
                start += st.duration_s;
            }
        }
        plan
    }

    fn stage_of(&self, c: &RefContact) -> usize {
        self.plan(c)
            .into_iter()
            .rev()
            .find(|&(_, start)| c.entry + start <= c.eval)
            .unwrap()
            .0
    }

    /// `P_tag`: the queue's tag priorities over the contact's tags.
    fn tag_priority(&self, c: &RefContact) -> i32 {
        self.queues[c.queue]
            .tag_priority
            .iter()
            .filter(|(t, _)| c.tags.contains(*t))
            .map(|&(_, p)| p)
            .sum()
    }

    /// May agent `a` serve contact `c` (ignoring availability)?
    fn eligible(&self, a: usize, c: &RefContact) -> bool {
        let ag = &self.agents[a];
        let q = &self.queues[c.queue];
        let Some(&(_, delay)) = ag.profile.get(&c.queue) else {
            return false;
        };
        if ag.capacity[q.channel] == 0 || c.entry + delay > c.eval {
            return false;
        }
        let st = &q.stages[self.stage_of(c)];
        (st.groups.is_empty() || st.groups.iter().any(|g| ag.groups.contains(g)))
            && st.requirement.matches(&ag.traits)
    }

    fn rank(&self, a: usize, q: usize) -> (f64, f64) {
        let ag = &self.agents[a];
        let mut s = &self.queues[q].strategy;
        if let StrategyConfig::Preferred(inner) = s {
            s = inner;
        }
        let skill_sum: f64 = self.queues[q]
            .rank_skills
            .iter()
            .map(|n| f64::from(ag.skills.get(n).copied().unwrap_or(0)))
            .sum();
        let free = ag.free_since;
        match s {
            StrategyConfig::LongestIdle => (free, 0.0),
            StrategyConfig::MostSkilled => (-skill_sum, free),
            StrategyConfig::LeastOccupied => (f64::from(self.total_load(a)), free),
            StrategyConfig::FastestServer => (-ag.speed, free),
            StrategyConfig::RoundRobin => (ag.last_routed as f64, 0.0),
            StrategyConfig::WeightBased { idle_weight } => {
                (-f64::from(ag.profile[&q].0) + idle_weight * free, 0.0)
            }
            _ => (0.0, 0.0),
        }
    }

    fn best_agent(&mut self, ci: usize) -> Option<usize> {
        let c = self.contacts[ci];
        let q = c.queue;
        let candidates: Vec<usize> = (0..self.agents.len())
            .filter(|&a| self.eligible(a, &c) && self.available(a, q))
            .collect();
        let strategy = &self.queues[q].strategy;
        let (preferred, inner) = match strategy {
            StrategyConfig::Preferred(inner) => (true, (**inner).clone()),
            s => (false, s.clone()),
        };
        if preferred
            && let Some(p) = c.preferred
            && candidates.contains(&p)
        {
            return Some(p);
        }
        if c.reserved {
            return None;
        }
        if inner == StrategyConfig::WeightedRandom {
            let mut ordered = candidates.clone();
            ordered.sort_by(|&x, &y| {
                let dx = self.agents[x].profile[&q].1;
                let dy = self.agents[y].profile[&q].1;
                dx.total_cmp(&dy).then(x.cmp(&y))
            });
            let total: u64 = ordered
                .iter()
                .map(|&a| u64::from(self.agents[a].weight))
                .sum();
            if total == 0 {
                return None;
            }
            let mut r = self.rng.below(total);
            for a in ordered {
                let w = u64::from(self.agents[a].weight);
                if r < w {
                    return Some(a);
                }
                r -= w;
            }
            unreachable!("r < total");
        }
        candidates.into_iter().min_by(|&x, &y| {
            let (kx, ky) = (self.rank(x, q), self.rank(y, q));
            kx.0.partial_cmp(&ky.0)
                .unwrap()
                .then(kx.1.partial_cmp(&ky.1).unwrap())
                .then(x.cmp(&y))
        })
    }

    fn best_contact(&self, a: usize, now: f64) -> Option<usize> {
        // Contacts reserved for the agent first, oldest arrival first.
        let reserved = self
            .contacts
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                c.status == RefStatus::Waiting
                    && c.reserved
                    && c.preferred == Some(a)
                    && self.eligible(a, c)
                    && self.available(a, c.queue)
            })
            .min_by_key(|(_, c)| c.seq);
        if let Some((ci, _)) = reserved {
            return Some(ci);
        }
        let mut best: Option<(f64, u64, usize)> = None;
        for (ci, c) in self.contacts.iter().enumerate() {
            if c.status != RefStatus::Waiting
                || c.reserved
                || !self.eligible(a, c)
                || !self.available(a, c.queue)
            {
                continue;
            }
            let q = &self.queues[c.queue];
            let priority = f64::from(q.priority)
                + f64::from(self.agents[a].profile[&c.queue].0)
                + f64::from(c.priority)
                + f64::from(self.tag_priority(c));
            let score = priority + q.wait_weight * (now - c.arrival);
            if best.is_none_or(|(bs, bseq, _)| score > bs || (score == bs && c.seq < bseq)) {
                best = Some((score, c.seq, ci));
            }
        }
        best.map(|b| b.2)
    }

    fn assign(&mut self, ci: usize, a: usize, now: f64) {
        assert!(
            matches!(
                self.contacts[ci].status,
                RefStatus::Waiting | RefStatus::Placing
            ),
            "contact assigned twice"
        );
        let c = self.contacts[ci];
        assert!(
            self.eligible(a, &c) && self.available(a, c.queue),
            "eligibility"
        );
        let ch = self.queues[c.queue].channel;
        let stage = u16::try_from(self.stage_of(&c)).unwrap();
        self.contacts[ci].status = RefStatus::Assigned(a);
        self.contacts[ci].reserved = false;
        let ag = &mut self.agents[a];
        ag.load[ch] += 1;
        assert!(ag.load[ch] <= ag.capacity[ch], "capacity");
        ag.free_since = now;
        self.routed += 1;
        ag.last_routed = self.routed;
        self.out.push(Decision::Assigned {
            contact: ContactId(c.id),
            agent: AgentId(u32::try_from(a).unwrap()),
            queue: QueueId(u32::try_from(c.queue).unwrap()),
            stage,
            at_s: now,
            waited_s: now - c.arrival,
        });
    }

    fn pull(&mut self, a: usize, now: f64) {
        while let Some(ci) = self.best_contact(a, now) {
            self.assign(ci, a, now);
        }
    }

    fn waiting_in(&self, q: usize) -> u32 {
        u32::try_from(
            self.contacts
                .iter()
                .filter(|c| c.queue == q && c.status == RefStatus::Waiting)
                .count(),
        )
        .unwrap()
    }

    fn place(&mut self, ci: usize, now: f64) {
        let c = &mut self.contacts[ci];
        c.status = RefStatus::Placing;
        c.entry = now;
        c.eval = now;
        // A busy but available and eligible preferred agent: wait reserved for it.
        let q = self.contacts[ci].queue;
        self.contacts[ci].reserved = self.contacts[ci].preferred.is_some_and(|p| {
            self.queues[q].preferred_wait_s > 0.0
                && self.agents[p].presence == Presence::Available
                && self.eligible(p, &self.contacts[ci])
        });
        if let Some(a) = self.best_agent(ci) {
            self.assign(ci, a, now);
            return;
        }
        if self.queues[q]
            .max_waiting
            .is_some_and(|m| self.waiting_in(q) >= m)
        {
            let dest = self.queues[q].on_full.clone();
            self.contacts[ci].reserved = false;
            self.overflow(ci, &dest, OverflowReason::QueueFull, now);
            return;
        }
        self.contacts[ci].status = RefStatus::Waiting;
        self.out.push(Decision::Queued {
            contact: ContactId(self.contacts[ci].id),
            queue: QueueId(u32::try_from(q).unwrap()),
            at_s: now,
        });
    }

    fn overflow(&mut self, ci: usize, dest: &Destination, reason: OverflowReason, t: f64) {
        let c = self.contacts[ci];
        let (contact, queue) = (ContactId(c.id), QueueId(u32::try_from(c.queue).unwrap()));
        match dest {
            Destination::Reject => {
                self.out.push(Decision::Rejected {
                    contact,
                    queue,
                    reason,
                    at_s: t,
                });
                self.contacts.remove(ci);
            }
            Destination::Callback => {
                self.out.push(Decision::Callback {
                    contact,
                    queue,
                    reason,
                    at_s: t,
                });
                self.contacts.remove(ci);
            }
            Destination::Queue(name) => {
                let to = self.names.iter().position(|n| n == name).unwrap();
                self.out.push(Decision::Moved {
                    contact,
                    from: queue,
                    to: QueueId(u32::try_from(to).unwrap()),
                    reason,
                    at_s: t,
                });
                self.contacts[ci].queue = to;
                self.place(ci, t);
            }
        }
    }

    /// When a waiting contact next needs attention: next stage, next profile delay of an agent
    /// able to work the queue, or its maximum wait.
    fn contact_due(&self, c: &RefContact) -> Option<f64> {
        let q = &self.queues[c.queue];
        let mut due = f64::INFINITY;
        let stage = self.stage_of(c);
        if let Some(&(_, s)) = self.plan(c).iter().find(|&&(i, _)| i > stage) {
            due = due.min(c.entry + s);
        }
        // Every delay a routing profile gives the queue is a tier, agents or not.
        for e in self.config.profiles.iter().flat_map(|p| &p.queues) {
            if e.queue == self.names[c.queue] && c.entry + e.delay_s > c.eval {
                due = due.min(c.entry + e.delay_s);
            }
        }
        if let Some(mw) = q.max_wait_s {
            due = due.min(c.entry + mw);
        }
        if c.reserved {
            due = due.min(c.entry + q.preferred_wait_s);
        }
        due.is_finite().then_some(due)
    }

    fn run_timers(&mut self, now: f64) {
        loop {
            let mut next: Option<(f64, u8, u64, usize)> = None;
            for (a, ag) in self.agents.iter().enumerate() {
                if let Some(t) = ag.wrap_until
                    && t <= now
                {
                    let k = (t, 0, a as u64, a);
                    if next.is_none_or(|n| (k.0, k.1, k.2) < (n.0, n.1, n.2)) {
                        next = Some(k);
                    }
                }
            }
            for (ci, c) in self.contacts.iter().enumerate() {
                if c.status != RefStatus::Waiting {
                    continue;
                }
                if let Some(t) = self.contact_due(c)
                    && t <= now
                {
                    let k = (t, 1, c.seq, ci);
                    if next.is_none_or(|n| (k.0, k.1, k.2) < (n.0, n.1, n.2)) {
                        next = Some(k);
                    }
                }
            }
            let Some((t, kind, _, index)) = next else {
                return;
            };
            if kind == 0 {
                self.end_wrap(index, t);
            } else {
                self.fire(index, t);
            }
        }
    }

    fn end_wrap(&mut self, a: usize, t: f64) {
        self.agents[a].wrap_until = None;
        self.agents[a].free_since = t;
        self.out.push(Decision::WrapUpEnded {
            agent: AgentId(u32::try_from(a).unwrap()),
            at_s: t,
        });
        self.pull(a, t);
    }

    fn fire(&mut self, ci: usize, t: f64) {
        let c = self.contacts[ci];
        let q = &self.queues[c.queue];
        if q.max_wait_s.is_some_and(|mw| c.entry + mw <= t) {
            let dest = q.on_max_wait.clone();
            self.contacts[ci].status = RefStatus::Placing;
            self.contacts[ci].reserved = false;
            self.overflow(ci, &dest, OverflowReason::MaxWait, t);
            return;
        }
        if c.reserved && c.entry + q.preferred_wait_s <= t {
            self.contacts[ci].reserved = false;
        }
        let old = self.stage_of(&c);
        self.contacts[ci].eval = t;
        let new = self.stage_of(&self.contacts[ci]);
        if new != old {
            self.out.push(Decision::StageChanged {
                contact: ContactId(c.id),
                queue: QueueId(u32::try_from(c.queue).unwrap()),
                stage: u16::try_from(new).unwrap(),
                at_s: t,
            });
        }
        if let Some(a) = self.best_agent(ci) {
            self.assign(ci, a, t);
        }
    }

    fn check_now(&self, now: f64) -> Result<(), Error> {
        if !(now.is_finite() && now >= 0.0) {
            return Err(Error::InvalidTime {
                field: "now",
                value: now,
            });
        }
        if now < self.clock {
            return Err(Error::TimeWentBackwards {
                now,
                clock: self.clock,
            });
        }
        Ok(())
    }

    fn find(&self, id: u64) -> Result<usize, Error> {
        self.contacts
            .iter()
            .position(|c| c.id == id)
            .ok_or(Error::UnknownContact { id })
    }

    fn arrive(&mut self, spec: ContactSpec, now: f64) -> Result<Vec<Decision>, Error> {
        self.check_now(now)?;
        if spec.queue.0 as usize >= self.queues.len() {
            return Err(Error::UnknownQueue {
                id: spec.queue.0.to_string(),
            });
        }
        if let Some(a) = spec.preferred_agent
            && a.0 as usize >= self.agents.len()
        {
            return Err(Error::UnknownAgent {
                id: a.0.to_string(),
            });
        }
        if self.find(spec.id.0).is_ok() {
            return Err(Error::DuplicateContact { id: spec.id.0 });
        }
        if spec.tags.bits() >> TAGS.len() != 0 {
            return Err(Error::UnknownTag {
                name: spec.tags.bits().to_string(),
            });
        }
        self.out.clear();
        self.run_timers(now);
        self.seq += 1;
        self.contacts.push(RefContact {
            id: spec.id.0,
            queue: spec.queue.0 as usize,
            arrival: now,
            entry: now,
            eval: now,
            priority: spec.priority,
            preferred: spec.preferred_agent.map(|a| a.0 as usize),
            tags: spec.tags,
            reserved: false,
            seq: self.seq,
            status: RefStatus::Placing,
        });
        self.place(self.contacts.len() - 1, now);
        self.clock = now;
        Ok(std::mem::take(&mut self.out))
    }

    fn complete(&mut self, id: u64, now: f64, wrap: f64) -> Result<Vec<Decision>, Error> {
        self.check_now(now)?;
        if !(wrap.is_finite() && wrap >= 0.0) {
            return Err(Error::InvalidTime {
                field: "wrap_up_s",
                value: wrap,
            });
        }
        let ci = self.find(id)?;
        let RefStatus::Assigned(a) = self.contacts[ci].status else {
            return Err(Error::ContactNotAssigned { id });
        };
        self.out.clear();
        self.run_timers(now);
        let ci = self.find(id).unwrap();
        let ch = self.queues[self.contacts[ci].queue].channel;
        self.contacts.remove(ci);
        let ag = &mut self.agents[a];
        ag.load[ch] -= 1;
        ag.free_since = now;
        if wrap > 0.0 {
            ag.wrap_until = Some(ag.wrap_until.map_or(now + wrap, |u| u.max(now + wrap)));
        }
        self.pull(a, now);
        self.clock = now;
        Ok(std::mem::take(&mut self.out))
    }

    fn abandon(&mut self, id: u64, now: f64) -> Result<Vec<Decision>, Error> {
        self.check_now(now)?;
        let ci = self.find(id)?;
        if self.contacts[ci].status != RefStatus::Waiting {
            return Err(Error::ContactNotWaiting { id });
        }
        self.out.clear();
        self.run_timers(now);
        if let Ok(ci) = self.find(id)
            && self.contacts[ci].status == RefStatus::Waiting
        {
            self.contacts.remove(ci);
        }
        self.clock = now;
        Ok(std::mem::take(&mut self.out))
    }

    fn set_presence(&mut self, a: usize, p: Presence, now: f64) -> Result<Vec<Decision>, Error> {
        self.check_now(now)?;
        if a >= self.agents.len() {
            return Err(Error::UnknownAgent { id: a.to_string() });
        }
        self.out.clear();
        self.run_timers(now);
        if self.agents[a].presence != p {
            self.agents[a].presence = p;
            self.agents[a].free_since = now;
            if p != Presence::Available {
                // Its reserved contacts fall back at once, oldest first.
                let mut released: Vec<(u64, u64)> = self
                    .contacts
                    .iter()
                    .filter(|c| c.reserved && c.preferred == Some(a))
                    .map(|c| (c.seq, c.id))
                    .collect();
                released.sort_unstable();
                for (_, id) in released {
                    let ci = self.find(id).unwrap();
                    self.contacts[ci].reserved = false;
                    if let Some(b) = self.best_agent(ci) {
                        self.assign(ci, b, now);
                    }
                }
            }
            self.pull(a, now);
        }
        self.clock = now;
        Ok(std::mem::take(&mut self.out))
    }

    fn end_wrap_up(&mut self, a: usize, now: f64) -> Result<Vec<Decision>, Error> {
        self.check_now(now)?;
        if a >= self.agents.len() {
            return Err(Error::UnknownAgent { id: a.to_string() });
        }
        if self.agents[a].wrap_until.is_none() {
            return Err(Error::AgentNotInWrapUp {
                id: format!("a{a}"),
            });
        }
        self.out.clear();
        self.run_timers(now);
        if self.agents[a].wrap_until.is_some() {
            self.end_wrap(a, now);
        }
        self.clock = now;
        Ok(std::mem::take(&mut self.out))
    }

    fn advance(&mut self, now: f64) -> Result<Vec<Decision>, Error> {
        self.check_now(now)?;
        self.out.clear();
        self.run_timers(now);
        self.clock = now;
        Ok(std::mem::take(&mut self.out))
    }

    fn add_agent(&mut self, config: AgentConfig, now: f64) -> Result<Vec<Decision>, Error> {
        self.check_now(now)?;
        if self.config.agents.iter().any(|a| a.id == config.id) {
            return Err(Error::DuplicateId {
                kind: "agent",
                id: config.id,
            });
        }
        self.out.clear();
        self.run_timers(now);
        let mut agent = RefAgent::new(&config, &self.schema, &self.config.profiles, &self.names);
        agent.free_since = now;
        self.agents.push(agent);
        self.config.agents.push(config);
        self.pull(self.agents.len() - 1, now);
        self.clock = now;
        Ok(std::mem::take(&mut self.out))
    }

    fn update_agent(
        &mut self,
        a: usize,
        config: &AgentConfig,
        now: f64,
    ) -> Result<Vec<Decision>, Error> {
        self.check_now(now)?;
        let new = RefAgent::new(config, &self.schema, &self.config.profiles, &self.names);
        if let Some(ch) = (0..3).find(|&ch| new.capacity[ch] < self.agents[a].load[ch]) {
            return Err(Error::InvalidValue {
                field: format!("agents[{a}].capacity.{ch}"),
                value: new.capacity[ch].to_string(),
                reason: "below the agent's contacts in progress",
            });
        }
        self.out.clear();
        self.run_timers(now);
        let ag = &mut self.agents[a];
        ag.traits = new.traits;
        ag.skills = new.skills;
        ag.groups = new.groups;
        ag.profile = new.profile;
        ag.capacity = new.capacity;
        ag.speed = new.speed;
        ag.weight = new.weight;
        self.pull(a, now);
        self.clock = now;
        Ok(std::mem::take(&mut self.out))
    }

    fn next_timer(&self) -> Option<f64> {
        let wraps = self.agents.iter().filter_map(|a| a.wrap_until);
        let contacts = self
            .contacts
            .iter()
            .filter(|c| c.status == RefStatus::Waiting)
            .filter_map(|c| self.contact_due(c));
        wraps.chain(contacts).min_by(f64::total_cmp)
    }
}

// ----- driving both ----------------------------------------------------------------------------

/// Runs `steps` random events through both routers; returns how many decisions of each kind
/// (assigned, queued, stage changed, moved, callback, rejected, wrap-up ended) were compared.
#[allow(
    clippy::too_many_lines,
    reason = "the event menu reads best as one match"
)]
fn run(seed: u64, steps: usize) -> [usize; 7] {
    let mut g = Mix(seed);
    let config = random_config(&mut g);
    let mut fast = Router::new(config.clone()).expect("generated configs are valid");
    let mut slow = Reference::new(&config);
    let n_queues = config.queues.len() as u64;
    let mut now = 0.0;
    let mut next_id = 0u64;
    let mut compared = [0; 7];
    for step in 0..steps {
        let roll = g.below(100);
        if roll < 90 {
            now += g.pick(&[0.0, 0.0, 1.0, 1.0, 2.0, 3.0, 7.0]);
        }
        let assigned: Vec<u64> = slow
            .contacts
            .iter()
            .filter(|c| matches!(c.status, RefStatus::Assigned(_)))
            .map(|c| c.id)
            .collect();
        let waiting: Vec<u64> = slow
            .contacts
            .iter()
            .filter(|c| c.status == RefStatus::Waiting)
            .map(|c| c.id)
            .collect();
        let kind = g.below(104);
        let (a, b): (Result<Vec<Decision>, Error>, Result<Vec<Decision>, Error>) = match kind {
            0..=39 => {
                let mut spec = ContactSpec::new(
                    ContactId(next_id),
                    QueueId(u32::try_from(g.below(n_queues)).unwrap()),
                )
                .priority(g.pick(&[0, 0, 0, 1, 5]));
                spec.tags = TagSet::from_bits(g.below(8));
                if g.chance(30) {
                    spec = spec.preferred_agent(AgentId(
                        u32::try_from(g.below(slow.agents.len() as u64)).unwrap(),
                    ));
                }
                next_id += 1;
                (
                    fast.arrive(spec, now).map(<[_]>::to_vec),
                    slow.arrive(spec, now),
                )
            }
            40..=69 if !assigned.is_empty() => {
                let id = g.pick(&assigned);
                let wrap = g.pick(&[0.0, 0.0, 2.0, 5.0]);
                (
                    fast.complete(ContactId(id), now, wrap).map(<[_]>::to_vec),
                    slow.complete(id, now, wrap),
                )
            }
            70..=77 if !waiting.is_empty() => {
                let id = g.pick(&waiting);
                (
                    fast.abandon(ContactId(id), now).map(<[_]>::to_vec),
                    slow.abandon(id, now),
                )
            }
            78..=85 => {
                let ai = usize::try_from(g.below(slow.agents.len() as u64)).unwrap();
                let p = g.pick(&[
                    Presence::Available,
                    Presence::Available,
                    Presence::Break,
                    Presence::Offline,
                ]);
                (
                    fast.set_presence(AgentId(u32::try_from(ai).unwrap()), p, now)
                        .map(<[_]>::to_vec),
                    slow.set_presence(ai, p, now),
                )
            }
            86..=88 => {
                let ai = usize::try_from(g.below(slow.agents.len() as u64)).unwrap();
                (
                    fast.end_wrap_up(AgentId(u32::try_from(ai).unwrap()), now)
                        .map(<[_]>::to_vec),
                    slow.end_wrap_up(ai, now),
                )
            }
            89..=94 => {
                // Jump to the next timer exactly, as a simulator would.
                let t = fast.next_timer().unwrap_or(now).max(now);
                assert_eq!(
                    fast.next_timer(),
                    slow.next_timer(),
                    "next_timer at step {step}"
                );
                now = t;
                (fast.advance(t).map(<[_]>::to_vec), slow.advance(t))
            }
            100..=101 => {
                // A configuration change (sometimes refused: capacity below the load).
                let ai = usize::try_from(g.below(slow.agents.len() as u64)).unwrap();
                let config = random_agent(&mut g, format!("a{ai}"));
                let id = AgentId(u32::try_from(ai).unwrap());
                let before = format!("{fast:?}");
                let result = fast
                    .update_agent(id, config.clone(), now)
                    .map(<[_]>::to_vec);
                if result.is_err() {
                    assert_eq!(format!("{fast:?}"), before, "refused update at step {step}");
                }
                (result, slow.update_agent(ai, &config, now))
            }
            102..=103 if slow.agents.len() < 24 => {
                let config = random_agent(&mut g, format!("a{}", slow.agents.len()));
                (
                    fast.add_agent(config.clone(), now).map(<[_]>::to_vec),
                    slow.add_agent(config, now),
                )
            }
            _ => {
                // Bad input: both must refuse it identically and change nothing.
                let before = format!("{fast:?}");
                let bad = match g.below(5) {
                    0 => {
                        let past = fast.now() - 0.5;
                        (fast.advance(past).map(<[_]>::to_vec), slow.advance(past))
                    }
                    1 if g.chance(50) => (
                        fast.complete(ContactId(u64::MAX), now, 0.0)
                            .map(<[_]>::to_vec),
                        slow.complete(u64::MAX, now, 0.0),
                    ),
                    1 => {
                        let spec = ContactSpec::new(ContactId(next_id), QueueId(0))
                            .tag(TagId(u8::try_from(TAGS.len()).unwrap()));
                        (
                            fast.arrive(spec, now).map(<[_]>::to_vec),
                            slow.arrive(spec, now),
                        )
                    }
                    2 if next_id > 0 && slow.find(next_id - 1).is_ok() => {
                        let spec = ContactSpec::new(ContactId(next_id - 1), QueueId(0));
                        (
                            fast.arrive(spec, now).map(<[_]>::to_vec),
                            slow.arrive(spec, now),
                        )
                    }
                    3 if !waiting.is_empty() => {
                        let id = g.pick(&waiting);
                        (
                            fast.complete(ContactId(id), now, 0.0).map(<[_]>::to_vec),
                            slow.complete(id, now, 0.0),
                        )
                    }
                    _ => (
                        fast.advance(f64::NAN).map(<[_]>::to_vec),
                        slow.advance(f64::NAN),
                    ),
                };
                assert!(bad.0.is_err(), "bad input accepted at step {step}");
                assert_eq!(
                    format!("{fast:?}"),
                    before,
                    "state changed by an error at step {step}"
                );
                bad
            }
        };
        match (&a, &b) {
            (Ok(x), Ok(y)) => {
                assert_eq!(x, y, "decisions differ at step {step} (seed {seed})");
                for d in x {
                    compared[match d {
                        Decision::Assigned { .. } => 0,
                        Decision::Queued { .. } => 1,
                        Decision::StageChanged { .. } => 2,
                        Decision::Moved { .. } => 3,
                        Decision::Callback { .. } => 4,
                        Decision::Rejected { .. } => 5,
                        Decision::WrapUpEnded { .. } => 6,
                        other => panic!("no callback offers configured: {other:?}"),
                    }] += 1;
                }
            }
            (Err(x), Err(y)) => assert_eq!(
                std::mem::discriminant(x),
                std::mem::discriminant(y),
                "errors differ at step {step}: {x} vs {y}"
            ),
            _ => panic!("one router failed at step {step}: fast {a:?}, reference {b:?}"),
        }
        // Invariants on the fast router's observable state.
        assert_eq!(
            fast.contacts_held(),
            slow.contacts.len(),
            "contact lost or duplicated"
        );
        for ai in 0..slow.agents.len() {
            let id = AgentId(u32::try_from(ai).unwrap());
            assert_eq!(fast.agent_load(id).unwrap(), slow.total_load(ai));
        }
        for qi in 0..slow.queues.len() {
            let q = QueueId(u32::try_from(qi).unwrap());
            assert_eq!(fast.waiting(q).unwrap(), slow.waiting_in(qi));
        }
    }
    compared
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn fast_router_matches_the_reference(seed in any::<u64>(), steps in 50usize..400) {
        run(seed, steps);
    }
}

#[test]
fn long_streams_match_the_reference() {
    let mut total = [0; 7];
    for seed in 0..8 {
        for (t, n) in total.iter_mut().zip(run(seed * 7919 + 1, 4000)) {
            *t += n;
        }
    }
    // Every kind of decision was exercised, and plenty of them.
    assert!(total.iter().all(|&n| n >= 20), "{total:?}");
    assert!(total[0] > 5000, "{total:?}");
}
