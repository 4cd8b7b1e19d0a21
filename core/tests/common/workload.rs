//! A steady-state routing workload shared by the router bench and the allocation test:
//! 1,000 agents (or any number), 50 queues, 20 skills, Poisson arrivals at 95% load, exponential handle
//! times, two-stage overflow plans, a mix of agent strategies. A tiny event loop drives the
//! router as a simulator would (arrivals, completions, the router's own timers).

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};

use callwright_core::Router;
use callwright_core::model::{ContactId, ContactSpec, Presence, QueueId};
use callwright_core::routing::{
    AgentConfig, Decision, Destination, PredictionConfig, ProfileConfig, ProfileQueueConfig,
    QueueConfig, RouterConfig, StageConfig, StrategyConfig,
};

/// The test's own `SplitMix64`.
pub struct Mix(pub u64);

impl Mix {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        u64::try_from((u128::from(self.next()) * u128::from(n)) >> 64).unwrap()
    }
    pub fn uniform(&mut self) -> f64 {
        // 53 random bits in (0, 1].
        ((self.next() >> 11) + 1) as f64 / (1u64 << 53) as f64
    }
}

pub const AGENTS: usize = 1000;
pub const QUEUES: usize = 50;
pub const SKILLS: usize = 20;
const AHT_S: f64 = 300.0;
const LOAD: f64 = 0.95;

/// The 1,000-agent / 50-queue / 20-skill configuration.
pub fn config(seed: u64, n_agents: usize, n_queues: usize) -> RouterConfig {
    let mut g = Mix(seed);
    // Half the queues use longest idle (the usual default); the rest cycle through the others.
    let others = [
        StrategyConfig::MostSkilled,
        StrategyConfig::LeastOccupied,
        StrategyConfig::FastestServer,
        StrategyConfig::RoundRobin,
        StrategyConfig::WeightedRandom,
        StrategyConfig::WeightBased { idle_weight: 0.01 },
        StrategyConfig::Preferred(Box::new(StrategyConfig::LongestIdle)),
    ];
    // Queue q needs skill q % 20: experts (>= 60) for 20 s, then anyone holding it.
    let queues = (0..n_queues)
        .map(|q| QueueConfig {
            id: format!("q{q}"),
            channel: "voice".into(),
            priority: i32::try_from(q % 3).unwrap(),
            wait_weight: 0.05,
            strategy: if q % 2 == 0 {
                StrategyConfig::LongestIdle
            } else {
                others[q / 2 % others.len()].clone()
            },
            preferred_wait_s: 0.0,
            tag_priority: BTreeMap::new(),
            skills: vec![],
            stages: vec![
                StageConfig {
                    duration_s: Some(20.0),
                    requirement: format!("s{} >= 60", q % SKILLS),
                    groups: vec![],
                    when: None,
                },
                StageConfig {
                    duration_s: None,
                    requirement: format!("s{} > 0", q % SKILLS),
                    groups: vec![],
                    when: None,
                },
            ],
            max_waiting: None,
            on_full: Destination::default(),
            max_wait_s: None,
            on_max_wait: Destination::default(),
            prediction: PredictionConfig::default(),
            callback: None,
        })
        .collect();
    // 50 profiles: profile p works queues p, p+1, ..., p+5 (mod 50), the last two after a delay.
    let profiles = (0..n_queues)
        .map(|p| ProfileConfig {
            id: format!("p{p}"),
            queues: (0..6)
                .map(|k| ProfileQueueConfig {
                    queue: format!("q{}", (p + k) % n_queues),
                    priority: if k == 0 { 5 } else { 0 },
                    delay_s: if k >= 4 { 10.0 } else { 0.0 },
                })
                .collect(),
        })
        .collect();
    // Agent with profile p holds the skills of its queues at random levels.
    let agents = (0..n_agents)
        .map(|a| {
            let p = a % n_queues;
            let skills = (0..6)
                .map(|k| {
                    (
                        format!("s{}", (p + k) % n_queues % SKILLS),
                        u8::try_from(20 + g.below(81)).unwrap(),
                    )
                })
                .collect();
            AgentConfig {
                id: format!("a{a}"),
                profile: format!("p{p}"),
                groups: vec![],
                skills,
                attributes: BTreeMap::default(),
                capacity: [("voice".to_owned(), 1)].into(),
                speed: 1.0 + g.below(3) as f64 / 2.0,
                weight: u32::try_from(1 + g.below(3)).unwrap(),
                presence: Presence::default(),
            }
        })
        .collect();
    RouterConfig {
        seed,
        skills: (0..SKILLS).map(|s| format!("s{s}")).collect(),
        profiles,
        queues,
        agents,
        ..RouterConfig::default()
    }
}

/// One router call, as the workload made it (for replaying without the driver).
#[derive(Debug, Clone, Copy)]
pub enum Event {
    /// `Router::arrive`.
    Arrive(ContactSpec, f64),
    /// `Router::complete` with no wrap-up.
    Complete(ContactId, f64),
    /// `Router::advance`.
    Advance(f64),
}

/// Replays one recorded call; returns the number of decisions.
pub fn apply(router: &mut Router, event: &Event) -> usize {
    match *event {
        Event::Arrive(spec, t) => router.arrive(spec, t),
        Event::Complete(id, t) => router.complete(id, t, 0.0),
        Event::Advance(t) => router.advance(t),
    }
    .expect("recorded events are valid")
    .len()
}

/// A fresh router for the workload's configuration.
pub fn router(seed: u64, n_agents: usize, n_queues: usize) -> Router {
    let mut router =
        Router::new(config(seed, n_agents, n_queues)).expect("bench configuration is valid");
    router.reserve(4 * n_agents);
    router
}

/// The event loop around the router.
pub struct Workload {
    pub router: Router,
    n_agents: usize,
    n_queues: usize,
    g: Mix,
    /// Standard exponential draws, precomputed so the driver costs little next to the router.
    exponentials: Vec<f64>,
    draw: usize,
    service_draw: usize,
    next_arrival: f64,
    next_id: u64,
    /// Completions: (time bits, contact id); positive `f64` bits order like the values.
    completions: BinaryHeap<Reverse<(u64, u64)>>,
    /// Router calls made (each one routing decision: a push or a pull).
    pub calls: u64,
    /// Assignments made.
    pub assigned: u64,
    /// When set, every router call is appended here.
    pub log: Option<Vec<Event>>,
}

impl Workload {
    /// The standard workload: [`AGENTS`] agents, [`QUEUES`] queues.
    pub fn new(seed: u64) -> Self {
        Self::with_size(seed, AGENTS, QUEUES)
    }

    /// The workload with `n_agents` agents and `n_queues` queues (arrival rate scaled to keep
    /// the load).
    pub fn with_size(seed: u64, n_agents: usize, n_queues: usize) -> Self {
        let mut w = Self {
            router: router(seed, n_agents, n_queues),
            n_agents,
            n_queues,
            log: None,
            g: Mix(seed ^ 0xA5A5),
            exponentials: Vec::new(),
            draw: 0,
            service_draw: 1 << 15,
            next_arrival: 0.0,
            next_id: 0,
            completions: BinaryHeap::with_capacity(4 * n_agents),
            calls: 0,
            assigned: 0,
        };
        w.exponentials = (0..1 << 16).map(|_| -w.g.uniform().ln()).collect();
        w.next_arrival = w.interarrival();
        w
    }

    fn exponential(&mut self) -> f64 {
        self.draw = (self.draw + 1) & ((1 << 16) - 1);
        self.exponentials[self.draw]
    }

    fn interarrival(&mut self) -> f64 {
        let rate = LOAD * self.n_agents as f64 / AHT_S;
        self.exponential() / rate
    }

    /// The id of the newest contact sent to the router.
    pub fn newest_id(&self) -> u64 {
        self.next_id.saturating_sub(1)
    }

    /// Handles the next event; returns the number of decisions it produced.
    pub fn step(&mut self) -> usize {
        let completion = self
            .completions
            .peek()
            .map_or(f64::INFINITY, |c| f64::from_bits(c.0.0));
        let timer = self.router.next_timer().unwrap_or(f64::INFINITY);
        let decisions = if timer <= completion && timer <= self.next_arrival {
            if let Some(log) = &mut self.log {
                log.push(Event::Advance(timer));
            }
            self.router.advance(timer)
        } else if completion <= self.next_arrival {
            let t = completion;
            let Reverse((_, id)) = self.completions.pop().expect("peeked");
            if let Some(log) = &mut self.log {
                log.push(Event::Complete(ContactId(id), t));
            }
            self.router.complete(ContactId(id), t, 0.0)
        } else {
            let t = self.next_arrival;
            let q = QueueId(u32::try_from(self.g.below(self.n_queues as u64)).unwrap());
            let mut spec = ContactSpec::new(ContactId(self.next_id), q);
            if self.next_id.is_multiple_of(8) {
                spec = spec.preferred_agent(callwright_core::model::AgentId(
                    u32::try_from(self.g.below(self.n_agents as u64)).unwrap(),
                ));
            }
            self.next_id += 1;
            self.next_arrival = t + self.interarrival();
            if let Some(log) = &mut self.log {
                log.push(Event::Arrive(spec, t));
            }
            self.router.arrive(spec, t)
        }
        .expect("the workload only sends valid events");
        self.calls += 1;
        let n = decisions.len();
        for d in decisions {
            if let Decision::Assigned { contact, at_s, .. } = *d {
                self.service_draw = (self.service_draw + 1) & ((1 << 16) - 1);
                let service = self.exponentials[self.service_draw] * AHT_S;
                self.completions
                    .push(Reverse(((at_s + service).to_bits(), contact.0)));
                self.assigned += 1;
            }
        }
        n
    }
}
