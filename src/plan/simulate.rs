//! The simulation stage: the scheduled roster, the forecast arrivals and the configured routing
//! run through the discrete-event simulator (the same router a vendor embeds).

use std::collections::BTreeMap;

use callwright_core::RouterConfig;
use callwright_core::model::AttrValue;
use callwright_core::sim::{
    AgentGroup, Arrivals, Break, CallbackChoice, ContactType, Dist, EndOfHorizon, Horizon,
    PerPeriod, Retrial, Scenario as SimScenario, Shift, Simulation, SimulationResults,
};
use callwright_schedule::Schedule;
use serde::{Deserialize, Serialize};

use super::error::Result;
use super::scenario::{ModelName, StaffingConfig};
use super::stages::Grid;

/// `[simulation]`: replications, seed, and optionally the routing, contact types and agent
/// groups of a multi-skill or multi-channel centre. Without `routing`, one voice queue is
/// simulated with exponential handle times of mean `staffing.aht_s` and, under Erlang A,
/// exponential patience of mean `staffing.patience_s`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SimulationConfig {
    /// Independent replications of the whole horizon; 0 skips the simulation.
    pub replications: u32,
    /// Seed of every replication's random streams.
    pub seed: u64,
    /// Answer time counted as in service level, seconds; default `staffing.answer_within_s`.
    pub sl_threshold_s: Option<f64>,
    /// The router's configuration: skills, channels, profiles, queues (no agents).
    pub routing: Option<RouterConfig>,
    /// Contact types (`[[simulation.contact_types]]`), each a share of the forecast volume.
    pub contact_types: Vec<SimContactType>,
    /// Agent groups (`[[simulation.agent_groups]]`), each a share of the scheduled shifts.
    pub agent_groups: Vec<SimAgentGroup>,
}

impl Default for SimulationConfig {
    fn default() -> Self {
        Self {
            replications: 100,
            seed: 42,
            sl_threshold_s: None,
            routing: None,
            contact_types: Vec::new(),
            agent_groups: Vec::new(),
        }
    }
}

/// `[[simulation.contact_types]]`: a contact type fed by a share of the forecast.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SimContactType {
    /// Type id.
    pub id: String,
    /// Share of the forecast volume, in (0, 1]; the shares add up to 1.
    pub share: f64,
    /// Router queue; default: the id.
    #[serde(default)]
    pub queue: Option<String>,
    /// Contact priority.
    #[serde(default)]
    pub priority: i32,
    /// Contact tags its contacts carry (from `routing.contact_tags`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Service time.
    pub service: Dist,
    /// Service time by agent group.
    #[serde(default)]
    pub service_by_group: BTreeMap<String, Dist>,
    /// After-contact work.
    #[serde(default)]
    pub wrap_up: Option<Dist>,
    /// After-contact work by agent group.
    #[serde(default)]
    pub wrap_up_by_group: BTreeMap<String, Dist>,
    /// Patience from arrival; none: infinite.
    #[serde(default)]
    pub patience: Option<Dist>,
    /// Probability that a contact that would wait leaves at once.
    #[serde(default)]
    pub balk_probability: f64,
    /// Callers who abandon or balk and try again.
    #[serde(default)]
    pub retrial: Option<Retrial>,
    /// Callers' answer to callback offers (the routing queue's `callback` option).
    #[serde(default)]
    pub callback: Option<CallbackChoice>,
}

/// `[[simulation.agent_groups]]`: a share of the scheduled shifts, with skills and a profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SimAgentGroup {
    /// Group id.
    pub id: String,
    /// Share of the scheduled shifts, in (0, 1]; the shares add up to 1.
    pub share: f64,
    /// Routing profile.
    pub profile: String,
    /// Further routing groups.
    #[serde(default)]
    pub groups: Vec<String>,
    /// Proficiency per skill, 1–100.
    #[serde(default)]
    pub skills: BTreeMap<String, u8>,
    /// Attributes for requirement expressions.
    #[serde(default)]
    pub attributes: BTreeMap<String, AttrValue>,
    /// Concurrent contacts per channel, e.g. `{ chat = 3 }`; default one voice contact.
    #[serde(default)]
    pub capacity: Option<BTreeMap<String, u16>>,
    /// Relative service speed of its agents (default 1): service times are divided by it.
    #[serde(default = "unit_speed")]
    pub speed: f64,
}

/// The default agent speed.
fn unit_speed() -> f64 {
    1.0
}

impl SimulationConfig {
    /// Checks shares and the pairing of `routing` with types and groups: the key and message.
    pub(crate) fn check(&self) -> std::result::Result<(), (String, String)> {
        let custom = self.routing.is_some();
        if custom == self.contact_types.is_empty() || custom == self.agent_groups.is_empty() {
            return Err((
                "simulation.routing".into(),
                "`routing`, `contact_types` and `agent_groups` go together: give all three \
                 or none"
                    .into(),
            ));
        }
        if let Some(t) = self.sl_threshold_s
            && !(t.is_finite() && t >= 0.0)
        {
            return Err((
                "simulation.sl_threshold_s".into(),
                format!("must be at least 0, got {t}"),
            ));
        }
        let shares = |key: &str, values: Vec<f64>| {
            if values.is_empty() {
                return Ok(());
            }
            if let Some(v) = values.iter().find(|v| !(**v > 0.0 && **v <= 1.0)) {
                return Err((key.to_owned(), format!("share must be in (0, 1], got {v}")));
            }
            let sum: f64 = values.iter().sum();
            if (sum - 1.0).abs() > 1e-6 {
                return Err((
                    key.to_owned(),
                    format!("the shares must add up to 1, got {sum}"),
                ));
            }
            Ok(())
        };
        shares(
            "simulation.contact_types",
            self.contact_types.iter().map(|t| t.share).collect(),
        )?;
        shares(
            "simulation.agent_groups",
            self.agent_groups.iter().map(|g| g.share).collect(),
        )
    }
}

/// The simulator scenario for `roster` (shift lists per group) and the forecast `volumes`
/// per interval of `grid`.
fn sim_scenario(
    config: &SimulationConfig,
    staffing: &StaffingConfig,
    name: &str,
    grid: &Grid,
    volumes: &[f64],
    roster: Vec<Vec<Shift>>,
) -> Result<SimScenario> {
    let interval_s = grid.interval_s();
    let rates = |share: f64| Arrivals::Poisson {
        rates_per_s: PerPeriod::Periods(volumes.iter().map(|v| share * v / interval_s).collect()),
    };
    let (routing, contact_types, mut groups) = if let Some(routing) = &config.routing {
        let types = config
            .contact_types
            .iter()
            .map(|t| ContactType {
                id: t.id.clone(),
                queue: t.queue.clone(),
                priority: t.priority,
                tags: t.tags.clone(),
                arrivals: rates(t.share),
                service: t.service.clone(),
                service_by_group: t.service_by_group.clone(),
                wrap_up: t.wrap_up.clone(),
                wrap_up_by_group: t.wrap_up_by_group.clone(),
                patience: t.patience.clone(),
                balk_probability: t.balk_probability,
                retrial: t.retrial.clone(),
                callback: t.callback.clone(),
            })
            .collect();
        let groups = config
            .agent_groups
            .iter()
            .map(|g| AgentGroup {
                id: g.id.clone(),
                profile: g.profile.clone(),
                groups: g.groups.clone(),
                skills: g.skills.clone(),
                attributes: g.attributes.clone(),
                capacity: g.capacity.clone(),
                speed: g.speed,
                headcount: None,
                shifts: Vec::new(),
            })
            .collect();
        (routing.clone(), types, groups)
    } else {
        single_queue(staffing, &rates)?
    };
    for (group, shifts) in groups.iter_mut().zip(roster) {
        group.shifts = shifts;
    }
    Ok(SimScenario {
        name: name.to_owned(),
        horizon: Horizon {
            period_s: interval_s,
            periods: u32::try_from(grid.len()).unwrap_or(u32::MAX),
            warm_up_s: 0.0,
            end: EndOfHorizon::Stop,
            batch_means: None,
        },
        sl_threshold_s: config.sl_threshold_s.unwrap_or(staffing.answer_within_s),
        wait_percentiles: vec![0.5, 0.9],
        busyness: None,
        record_contacts: false,
        predictors: Vec::new(),
        routing,
        contact_types,
        agent_groups: groups,
    })
}

/// One voice queue `calls` served by one group `agents`, from the staffing settings.
fn single_queue(
    staffing: &StaffingConfig,
    rates: &dyn Fn(f64) -> Arrivals,
) -> Result<(RouterConfig, Vec<ContactType>, Vec<AgentGroup>)> {
    // First come, first served on one voice queue open to every agent.
    let routing = RouterConfig::from_toml(
        "profiles = [{ id = \"calls\", queues = [{ queue = \"calls\" }] }]\n\
         queues = [{ id = \"calls\", wait_weight = 1.0 }]\n",
    )?;
    let patience = match (staffing.model, staffing.patience_s) {
        (ModelName::ErlangA, Some(mean_s)) => Some(Dist::Exponential { mean_s }),
        _ => None,
    };
    let calls = ContactType {
        id: "calls".into(),
        queue: None,
        priority: 0,
        tags: Vec::new(),
        arrivals: rates(1.0),
        service: Dist::Exponential {
            mean_s: staffing.aht_s,
        },
        service_by_group: BTreeMap::new(),
        wrap_up: None,
        wrap_up_by_group: BTreeMap::new(),
        patience,
        balk_probability: 0.0,
        retrial: None,
        callback: None,
    };
    let agents = AgentGroup {
        id: "agents".into(),
        profile: "calls".into(),
        groups: Vec::new(),
        skills: BTreeMap::new(),
        attributes: BTreeMap::new(),
        capacity: None,
        speed: 1.0,
        headcount: None,
        shifts: Vec::new(),
    };
    Ok((routing, vec![calls], vec![agents]))
}

/// One agent's shift as the simulator takes it: horizon seconds from midnight of the first
/// planned day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RosterShift {
    /// Start, seconds.
    pub start_s: f64,
    /// End, seconds.
    pub end_s: f64,
    /// Breaks as (start, end), seconds, in order.
    pub breaks: Vec<(f64, f64)>,
}

impl RosterShift {
    /// The shifts of a schedule, in its order (by start).
    pub fn from_schedule(schedule: &Schedule) -> Vec<Self> {
        schedule
            .shifts
            .iter()
            .map(|s| Self {
                start_s: s.start_s,
                end_s: s.start_s + s.length_s,
                breaks: s
                    .breaks
                    .iter()
                    .map(|b| (b.start_s, b.start_s + b.duration_s))
                    .collect(),
            })
            .collect()
    }
}

/// The roster the simulator runs: the shifts (in start order) thinned by shrinkage and dealt
/// to the agent groups by share, identical shifts merged.
///
/// Shrinkage (absence, training, meetings) is modelled as whole shifts not worked: of the
/// shifts in start order, a systematic sample keeps the share `1 − shrinkage`, so every part
/// of the day loses about the same share. The kept shifts go to the groups in start order,
/// each to the group furthest below its share so far.
pub fn roster(shifts: &[RosterShift], shrinkage: f64, shares: &[f64]) -> Vec<Vec<Shift>> {
    let keep = 1.0 - shrinkage;
    let shares: Vec<f64> = if shares.is_empty() {
        vec![1.0]
    } else {
        shares.to_vec()
    };
    let mut dealt = vec![0.0_f64; shares.len()];
    let mut groups: Vec<Vec<Shift>> = vec![Vec::new(); shares.len()];
    let mut kept = 0.0_f64;
    for (k, s) in shifts.iter().enumerate() {
        let target = ((k + 1) as f64 * keep + 1e-9).floor();
        if target <= kept {
            continue;
        }
        kept = target;
        let total: f64 = dealt.iter().sum::<f64>() + 1.0;
        let g = (0..shares.len())
            .max_by(|&a, &b| {
                (shares[a] * total - dealt[a]).total_cmp(&(shares[b] * total - dealt[b]))
            })
            .unwrap_or(0);
        dealt[g] += 1.0;
        let shift = Shift {
            start_s: s.start_s,
            end_s: s.end_s,
            count: 1,
            breaks: s
                .breaks
                .iter()
                .map(|&(start_s, end_s)| Break { start_s, end_s })
                .collect(),
        };
        match groups[g].iter_mut().find(|x| {
            x.start_s.total_cmp(&shift.start_s).is_eq()
                && x.end_s.total_cmp(&shift.end_s).is_eq()
                && x.breaks == shift.breaks
        }) {
            Some(same) => same.count += 1,
            None => groups[g].push(shift),
        }
    }
    groups
}

/// Checks that the simulator accepts the scenario's routing, contact types and agent groups
/// (skills, profiles, that some agent can serve every type) before any stage runs.
///
/// # Errors
///
/// The simulator's error, e.g. `SimError::NoAgentCanServe`.
pub fn check_simulation(
    config: &SimulationConfig,
    staffing: &StaffingConfig,
    grid: &Grid,
) -> Result<()> {
    let roster = vec![
        vec![Shift {
            start_s: 0.0,
            end_s: grid.interval_s(),
            count: 1,
            breaks: Vec::new(),
        }];
        config.agent_groups.len().max(1)
    ];
    let volumes = vec![0.0; grid.len()];
    sim_scenario(config, staffing, "check", grid, &volumes, roster)?.validate()?;
    Ok(())
}

/// Simulates the roster `shifts` (before shrinkage) against the forecast mean `volumes` per
/// interval of `grid`.
///
/// # Errors
///
/// The simulator's errors (an invalid scenario, a routing failure).
pub fn simulate(
    config: &SimulationConfig,
    staffing: &StaffingConfig,
    name: &str,
    grid: &Grid,
    volumes: &[f64],
    shifts: &[RosterShift],
) -> Result<SimulationResults> {
    let shares: Vec<f64> = config.agent_groups.iter().map(|g| g.share).collect();
    let roster = roster(shifts, staffing.shrinkage, &shares);
    let scenario = sim_scenario(config, staffing, name, grid, volumes, roster)?;
    Ok(Simulation::new(scenario)
        .seed(config.seed)
        .replications(config.replications)
        .run()?)
}
