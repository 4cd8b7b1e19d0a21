//! The discrete-event simulator: generates arrivals, service and patience, moves agents through
//! headcount steps, shifts and breaks, and lets the [`Router`](crate::Router) — the same code
//! a vendor embeds — make every routing decision.
//!
//! # Model
//!
//! - **Contact types** ([`ContactType`]) enter a router queue. Arrivals are Poisson with a
//!   constant rate per period, optionally scaled by a daily gamma busyness factor with mean 1
//!   shared by every type ([`Busyness`]), or replayed from a trace. Service time per (type,
//!   agent group) and after-contact work (the router's wrap-up) follow a [`Dist`]; patience
//!   (from arrival) too, or is infinite; a contact that would wait may balk; a caller who
//!   abandons or balks may call again ([`Retrial`]).
//! - **Agent groups** ([`AgentGroup`]) of identical agents, staffed by a headcount per period
//!   or by shifts with breaks. An agent whose shift ends (or break starts) mid-contact finishes
//!   it first. Multitasking agents (capacity above 1 on non-exclusive channels such as chat)
//!   report occupancy per capacity: occupied capacity ÷ staffed capacity, always in [0, 1]
//!   ([`GroupStats`]). A group's `speed` divides the service times its agents draw (a
//!   group at speed 2 serves in half the time); the router's `fastest_server` sees it too.
//! - **Horizon** ([`Horizon`]): periods of equal length after an optional warm-up; at the end
//!   the run stops (contacts still waiting are reported) or drains.
//! - **Replications** run in parallel with rayon. Replication `r` draws from streams derived
//!   from `(seed, r)` only, and results are combined in replication order, so a seed gives the
//!   same results for any number of threads.
//! - **Intervals** (95%, Student-t) are formed over independent replications, or, for a steady
//!   state, by batch means ([`BatchMeans`]): one long run after its warm-up is cut into equal
//!   batches, each treated like a replication ([`SimulationResults::method`]). Bounds are
//!   clamped to each quantity's valid range ([`Estimate`]).
//!
//! # Events
//!
//! Events are ordered by `(time, priority, sequence)`: completions, then presence changes,
//! then abandonments, then arrivals; the router's own timers (stage changes, maximum waits,
//! wrap-up ends) fire before any event at the same time. The event list is a binary heap of
//! small `Copy` events with reserved capacity, and contacts live in a slab reused by id: in
//! steady state an event allocates nothing.
//!
//! # Examples
//!
//! ```
//! use callwright_core::sim::{Scenario, Simulation};
//!
//! // M/M/12: λ = 4.2/min, mean service 2 min, one 8-hour period, AWT 20 s.
//! let scenario = Scenario::from_toml(r#"
//!     sl_threshold_s = 20
//!     [horizon]
//!     period_s = 28800
//!     periods = 1
//!     [routing]
//!     profiles = [{ id = "p", queues = [{ queue = "calls" }] }]
//!     queues = [{ id = "calls" }]
//!     [[contact_types]]
//!     id = "calls"
//!     arrivals = { process = "poisson", rates_per_s = 0.07 }
//!     service = { dist = "exponential", mean_s = 120 }
//!     [[agent_groups]]
//!     id = "agents"
//!     profile = "p"
//!     headcount = 12
//! "#)?;
//! let results = Simulation::new(scenario).seed(42).replications(4).run()?;
//! let sl = results.overall.total.sl_offered.mean.unwrap();
//! assert!(sl > 0.8 && sl < 1.0);
//! let json = results.to_json()?;
//! assert!(json.contains("sl_offered"));
//! # Ok::<(), callwright_core::sim::SimError>(())
//! ```

mod distributions;
mod engine;
mod error;
mod events;
mod plan;
mod predictions;
mod record;
mod results;
mod rng;
mod scenario;
mod stats;

pub use distributions::Dist;
pub use error::{SimError, SimResult};
pub use record::{ContactRecords, Outcome};
pub use results::{
    ContactStats, Estimate, GroupResults, GroupStats, IntervalMethod, PercentileEstimate,
    PredictionResults, SimulationResults, TypeResults,
};
pub use scenario::{
    AgentGroup, Arrivals, BatchMeans, Break, Busyness, CallbackChoice, ContactType, EndOfHorizon,
    Horizon, PerPeriod, Retrial, Scenario, Shift,
};

use rayon::prelude::*;

use engine::run_replication;
use error::invalid;
use plan::Plan;
use stats::{Aggregate, RepSummary};

/// A simulation run: a scenario, a number of replications and a seed.
///
/// ```
/// # use callwright_core::sim::{Scenario, Simulation};
/// # fn f(scenario: Scenario) -> Result<(), callwright_core::sim::SimError> {
/// let results = Simulation::new(scenario).seed(42).replications(100).run()?;
/// println!("{}", results.to_json()?);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Simulation {
    scenario: Scenario,
    replications: u32,
    seed: u64,
    threads: Option<usize>,
}

impl Simulation {
    /// A run of `scenario`: 30 replications, seed 0, rayon's current thread pool.
    pub fn new(scenario: Scenario) -> Self {
        Self {
            scenario,
            replications: 30,
            seed: 0,
            threads: None,
        }
    }

    /// Sets the seed every replication's random streams derive from.
    #[must_use]
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Sets the number of independent replications (at least 1: [`Simulation::run`] refuses
    /// 0). Under batch means each replication is one long run cut into batches; 1 is the
    /// classic single-run method.
    #[must_use]
    pub fn replications(mut self, n: u32) -> Self {
        self.replications = n;
        self
    }

    /// Runs on a dedicated pool of `n` threads (at least 1: [`Simulation::run`] refuses 0)
    /// instead of rayon's current pool. Results do not depend on it.
    #[must_use]
    pub fn threads(mut self, n: usize) -> Self {
        self.threads = Some(n);
        self
    }

    /// The scenario.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// Validates the scenario and runs every replication.
    ///
    /// # Errors
    ///
    /// [`SimError::InvalidValue`] for 0 `replications` or 0 `threads`; any error of
    /// [`Scenario::validate`]; [`SimError::ThreadPool`] if a dedicated pool cannot be built;
    /// [`SimError::Routing`] if the router refuses an event (a bug).
    pub fn run(&self) -> SimResult<SimulationResults> {
        if self.replications == 0 {
            return Err(invalid("replications", 0, "at least 1"));
        }
        if self.threads == Some(0) {
            return Err(invalid("threads", 0, "at least 1"));
        }
        let plan = Plan::new(&self.scenario)?;
        match self.threads {
            None => self.run_plan(&plan),
            Some(n) => rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .map_err(|e| SimError::ThreadPool {
                    message: e.to_string(),
                })?
                .install(|| self.run_plan(&plan)),
        }
    }

    fn run_plan(&self, plan: &Plan) -> SimResult<SimulationResults> {
        let seed = self.seed;
        let outputs = (0..u64::from(self.replications))
            .into_par_iter()
            .map(|r| {
                let out = run_replication(plan, seed, r)?;
                // One observation per replication, or one per batch.
                let observations: Vec<RepSummary> = if plan.batches.is_some() {
                    out.stats
                        .split_periods()
                        .iter()
                        .map(|b| b.summarise(&plan.percentiles))
                        .collect()
                } else {
                    vec![out.stats.summarise(&plan.percentiles)]
                };
                Ok((observations, out.rows, out.arrivals, out.predictions))
            })
            .collect::<SimResult<Vec<_>>>()?;
        let mut summaries: Vec<RepSummary> = Vec::with_capacity(outputs.len());
        let mut records = plan.record.then(|| ContactRecords {
            type_ids: plan.types.iter().map(|t| t.id.clone()).collect(),
            ..ContactRecords::default()
        });
        let mut contacts_simulated = 0;
        let mut errors = Vec::with_capacity(outputs.len());
        for (r, (observations, rows, arrivals, predictions)) in outputs.into_iter().enumerate() {
            summaries.extend(observations);
            errors.push(predictions);
            contacts_simulated += arrivals;
            if let (Some(rec), Some(rows)) = (&mut records, rows) {
                let r = u32::try_from(r).unwrap_or(u32::MAX);
                for row in &rows {
                    rec.push(r, row);
                }
            }
        }
        let agg = Aggregate {
            reps: &summaries,
            percentiles: &plan.percentiles,
        };
        // Periods reported: the scenario's (one under batch means).
        let p_n = if plan.batches.is_some() {
            1
        } else {
            plan.periods
        };
        let type_results = |t: usize, id: &str| TypeResults {
            id: id.to_owned(),
            total: agg.contacts(t * (p_n + 1) + p_n),
            periods: (0..p_n).map(|p| agg.contacts(t * (p_n + 1) + p)).collect(),
        };
        let group_results = |g: usize, id: &str| GroupResults {
            id: id.to_owned(),
            total: agg.agents(g * (p_n + 1) + p_n),
            periods: (0..p_n).map(|p| agg.agents(g * (p_n + 1) + p)).collect(),
        };
        Ok(SimulationResults {
            scenario: self.scenario.name.clone(),
            method: if plan.batches.is_some() {
                IntervalMethod::BatchMeans
            } else {
                IntervalMethod::Replications
            },
            replications: self.replications,
            batches: self.scenario.horizon.batch_means.map(|b| b.batches),
            observations: summaries.len() as u64,
            seed,
            sl_threshold_s: plan.sl_threshold_s,
            // The scenario's period (under batch means the engine counts in batches).
            period_s: self.scenario.horizon.period_s,
            contacts_simulated,
            overall: type_results(plan.types.len(), "all"),
            contact_types: plan
                .types
                .iter()
                .enumerate()
                .map(|(t, tp)| type_results(t, &tp.id))
                .collect(),
            all_agents: group_results(plan.group_ids.len(), "all"),
            agent_groups: plan
                .group_ids
                .iter()
                .enumerate()
                .map(|(g, id)| group_results(g, id))
                .collect(),
            records,
            predictions: predictions::aggregate(
                &plan.types.iter().map(|t| t.id.clone()).collect::<Vec<_>>(),
                &plan.predictors,
                &errors,
            ),
        })
    }
}
