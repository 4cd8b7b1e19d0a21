//! The planning pipeline: one scenario in, a plan and its report out.
//!
//! ```text
//! history ──► forecast ──► staffing ──► schedule ──► simulation ──► report
//! (CSV or     (day level   (Erlang C/A  (shifts and   (the roster,    (per day and per
//!  built-in)   × profile,   per          breaks on     forecast rates  interval: CSV, JSON,
//!              quantiles)   interval,    HiGHS)        and routing in  HTML with SVG charts,
//!                           shrinkage)                 the simulator)  terminal table)
//! ```
//!
//! Each stage is a plain function ([`forecast`], [`staff`], [`schedule`], [`simulate`]) on
//! the scenario and the previous stage's output, so a caller can stop at any step or feed its
//! own numbers; [`Plan::run`] chains them. Next to the simulated service, the report shows
//! the Erlang model's prediction for the same agents, labelled as such.
//!
//! # Examples
//!
//! ```no_run
//! use callwright::plan::{Plan, Scenario, report};
//!
//! let plan = Plan::run(&Scenario::built_in()?, &mut |_stage| {})?;
//! println!("{}", report::summary(&plan));
//! let html = report::html(&plan);
//! assert!(html.contains("<svg"));
//! # Ok::<(), callwright::plan::PlanError>(())
//! ```

mod error;
pub mod report;
mod scenario;
mod simulate;
mod stages;
mod svg;
mod table;

use std::time::{Duration, Instant};

use callwright_core::sim::SimulationResults;
use callwright_schedule::Schedule;
use serde::Serialize;

pub use error::{PlanError, Result};
pub use scenario::{
    BreakConfig, CoverageName, DEFAULT_SCENARIO_TOML, ForecastConfig, HistoryConfig, ModelName,
    Scenario, ScheduleConfig, StaffingConfig, TemplateConfig,
};
pub use simulate::{
    RosterShift, SimAgentGroup, SimContactType, SimulationConfig, check_simulation, roster,
    simulate,
};
pub use stages::{
    ForecastResult, Grid, StaffingResult, calendar, forecast, grid, grid_for, load_history, model,
    predicted, schedule, schedule_problem, staff, targets, weekday_name,
};
pub use table::{BUILT_IN_HISTORY, read_interval_csv};

/// One interval of the plan, flat (one CSV row).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IntervalRow {
    /// Date, `YYYY-MM-DD`.
    pub date: String,
    /// Start, `HH:MM`.
    pub start: String,
    /// Inside the operating hours.
    pub open: bool,
    /// Expected contacts.
    pub forecast_mean: f64,
    /// Lower band quantile of the contacts.
    pub forecast_low: f64,
    /// Upper band quantile of the contacts.
    pub forecast_high: f64,
    /// Contacts staffed for (the mean or the scenario's quantile).
    pub staffed_volume: f64,
    /// Agents required on the phones.
    pub required: u32,
    /// Agents to schedule (required plus shrinkage).
    pub to_schedule: u32,
    /// Agents the schedule has on shift and not on break.
    pub scheduled: f64,
    /// `max(0, to_schedule − scheduled)`.
    pub shortfall: f64,
    /// Agents expected on the phones: `floor(scheduled × (1 − shrinkage))`.
    pub on_phones: f64,
    /// Erlang-predicted service level with `on_phones` agents (analytic, not simulated).
    pub erlang_service_level: Option<f64>,
    /// Erlang-predicted average speed of answer, seconds.
    pub erlang_asa_s: Option<f64>,
    /// Erlang-predicted probability of abandonment.
    pub erlang_abandon: Option<f64>,
    /// Erlang-predicted occupancy.
    pub erlang_occupancy: Option<f64>,
    /// Simulated agents on duty (staffed time / interval), mean over replications.
    pub sim_agents: Option<f64>,
    /// Simulated contacts offered, mean over replications.
    pub sim_offered: Option<f64>,
    /// Simulated service level (answered within the threshold / offered).
    pub sim_service_level: Option<f64>,
    /// Lower end of its 95 % confidence interval.
    pub sim_service_level_low: Option<f64>,
    /// Upper end of its 95 % confidence interval.
    pub sim_service_level_high: Option<f64>,
    /// Simulated average speed of answer, seconds.
    pub sim_asa_s: Option<f64>,
    /// Simulated abandonment rate (abandoned / offered).
    pub sim_abandon: Option<f64>,
    /// Simulated occupancy (handle time / staffed time).
    pub sim_occupancy: Option<f64>,
}

/// One day of the plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DayRow {
    /// Date, `YYYY-MM-DD`.
    pub date: String,
    /// Day of the week, e.g. `Mon`.
    pub weekday: String,
    /// Expected contacts.
    pub forecast_volume: f64,
    /// Agent-hours required on the phones.
    pub required_agent_hours: f64,
    /// Agent-hours to schedule (with shrinkage).
    pub to_schedule_agent_hours: f64,
    /// Agent-hours the schedule covers (on shift, not on break).
    pub scheduled_agent_hours: f64,
    /// Agent-hours the schedule falls short.
    pub shortfall_agent_hours: f64,
    /// Shifts starting that day.
    pub shifts: usize,
    /// Paid hours of those shifts.
    pub paid_hours: f64,
    /// Cost of those shifts.
    pub cost: f64,
    /// Erlang-predicted service level over the day, weighted by volume.
    pub erlang_service_level: Option<f64>,
    /// Simulated contacts offered.
    pub sim_offered: Option<f64>,
    /// Simulated service level over the day.
    pub sim_service_level: Option<f64>,
    /// Simulated average speed of answer, seconds.
    pub sim_asa_s: Option<f64>,
    /// Simulated abandonment rate.
    pub sim_abandon: Option<f64>,
    /// Simulated occupancy.
    pub sim_occupancy: Option<f64>,
}

/// Wall-clock time of each stage.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Timings {
    /// Reading the history and forecasting.
    pub forecast: Duration,
    /// Staffing every interval.
    pub staffing: Duration,
    /// Building and solving the schedule.
    pub schedule: Duration,
    /// Simulating the roster.
    pub simulation: Duration,
}

/// A whole plan: every stage's output plus the rows of the report.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    /// The scenario planned.
    pub scenario: Scenario,
    /// The planned days and intervals.
    pub grid: Grid,
    /// The forecast per interval.
    pub forecast: ForecastResult,
    /// The staffing per interval.
    pub staffing: StaffingResult,
    /// The shifts, breaks and coverage.
    pub schedule: Schedule,
    /// The simulation of the roster; `None` when `simulation.replications` is 0.
    pub simulation: Option<SimulationResults>,
    /// Per interval.
    pub intervals: Vec<IntervalRow>,
    /// Per day.
    pub days: Vec<DayRow>,
    /// Stage timings.
    pub timings: Timings,
}

impl Plan {
    /// Runs every stage on `scenario`. `on_stage` is called with each stage's name
    /// (`"forecast"`, `"staffing"`, `"schedule"`, `"simulation"`) as it starts, for progress
    /// displays.
    ///
    /// # Errors
    ///
    /// The first stage's error: unreadable or malformed history, a routing setup the
    /// simulator refuses (checked before the forecast), too little history, unreachable
    /// targets, an infeasible schedule.
    pub fn run(scenario: &Scenario, on_stage: &mut dyn FnMut(&str)) -> Result<Self> {
        let mut timings = Timings::default();
        on_stage("forecast");
        let t = Instant::now();
        let history = load_history(scenario)?;
        let grid = grid(scenario, &history)?;
        let simulated = scenario.simulation.replications > 0;
        if simulated {
            check_simulation(&scenario.simulation, &scenario.staffing, &grid)?;
        }
        let forecast = forecast(scenario, &history, &grid)?;
        timings.forecast = t.elapsed();
        on_stage("staffing");
        let t = Instant::now();
        let staffing = staff(
            &scenario.staffing,
            &forecast.staffed_volume,
            grid.interval_s(),
        )?;
        timings.staffing = t.elapsed();
        on_stage("schedule");
        let t = Instant::now();
        let requirement: Vec<f64> = staffing.to_schedule.iter().map(|&n| f64::from(n)).collect();
        let schedule = schedule(scenario, &grid, &requirement)?;
        timings.schedule = t.elapsed();
        let simulation = if simulated {
            on_stage("simulation");
            let t = Instant::now();
            let results = simulate(
                &scenario.simulation,
                &scenario.staffing,
                &scenario.name,
                &grid,
                &forecast.mean,
                &RosterShift::from_schedule(&schedule),
            )?;
            timings.simulation = t.elapsed();
            Some(results)
        } else {
            None
        };
        Ok(Self::assemble(
            scenario.clone(),
            grid,
            forecast,
            staffing,
            (schedule, simulation),
            timings,
        ))
    }

    /// Builds the report rows from the stages' outputs (the schedule and, if run, its
    /// simulation).
    pub fn assemble(
        scenario: Scenario,
        grid: Grid,
        forecast: ForecastResult,
        staffing: StaffingResult,
        (schedule, simulation): (Schedule, Option<SimulationResults>),
        timings: Timings,
    ) -> Self {
        let keep = 1.0 - scenario.staffing.shrinkage;
        let intervals: Vec<IntervalRow> = (0..grid.len())
            .map(|i| {
                let (date, start) = grid.label(i);
                let scheduled = schedule.coverage.get(i).map_or(0.0, |c| c.staffed);
                let to_schedule = staffing.to_schedule[i];
                let on_phones = (scheduled * keep + 1e-9).floor();
                let p = predicted(
                    &scenario.staffing,
                    on_phones,
                    forecast.staffed_volume[i],
                    grid.interval_s(),
                );
                IntervalRow {
                    date: date.to_string(),
                    start,
                    open: grid.open[i],
                    forecast_mean: forecast.mean[i],
                    forecast_low: forecast.low[i],
                    forecast_high: forecast.high[i],
                    staffed_volume: forecast.staffed_volume[i],
                    required: staffing.required[i],
                    to_schedule,
                    scheduled,
                    shortfall: (f64::from(to_schedule) - scheduled).max(0.0),
                    on_phones,
                    erlang_service_level: p.map(|p| p[0]),
                    erlang_asa_s: p.map(|p| p[1]),
                    erlang_abandon: p.map(|p| p[2]),
                    erlang_occupancy: p.map(|p| p[3]),
                    sim_agents: None,
                    sim_offered: None,
                    sim_service_level: None,
                    sim_service_level_low: None,
                    sim_service_level_high: None,
                    sim_asa_s: None,
                    sim_abandon: None,
                    sim_occupancy: None,
                }
            })
            .collect();
        let mut intervals = intervals;
        if let Some(results) = &simulation {
            add_simulated(&mut intervals, results);
        }
        let hours = grid.interval_s() / 3600.0;
        let spd = grid.slots_per_day();
        let days: Vec<DayRow> = grid
            .dates()
            .iter()
            .enumerate()
            .map(|(d, date)| {
                let rows = &intervals[d * spd..(d + 1) * spd];
                let sum = |f: &dyn Fn(&IntervalRow) -> f64| rows.iter().map(f).sum::<f64>();
                let shifts: Vec<_> = schedule.shifts.iter().filter(|s| s.day == d).collect();
                let volume = sum(&|r| r.staffed_volume);
                let weighted = sum(&|r| r.erlang_service_level.unwrap_or(0.0) * r.staffed_volume);
                DayRow {
                    date: date.to_string(),
                    weekday: weekday_name(*date).into(),
                    forecast_volume: sum(&|r| r.forecast_mean),
                    required_agent_hours: sum(&|r| f64::from(r.required)) * hours,
                    to_schedule_agent_hours: sum(&|r| f64::from(r.to_schedule)) * hours,
                    scheduled_agent_hours: sum(&|r| r.scheduled) * hours,
                    shortfall_agent_hours: sum(&|r| r.shortfall) * hours,
                    shifts: shifts.len(),
                    paid_hours: shifts.iter().map(|s| s.length_s / 3600.0).sum::<f64>() + 0.0,
                    cost: shifts.iter().map(|s| s.cost).sum::<f64>() + 0.0,
                    erlang_service_level: (volume > 0.0).then(|| weighted / volume),
                    sim_offered: None,
                    sim_service_level: None,
                    sim_asa_s: None,
                    sim_abandon: None,
                    sim_occupancy: None,
                }
            })
            .collect();
        let mut days = days;
        if let Some(results) = &simulation {
            add_simulated_days(&mut days, spd, results);
        }
        Self {
            scenario,
            grid,
            forecast,
            staffing,
            schedule,
            simulation,
            intervals,
            days,
            timings,
        }
    }
}

/// Copies the simulated measures per period into the interval rows.
fn add_simulated(intervals: &mut [IntervalRow], results: &SimulationResults) {
    let contacts = &results.overall.periods;
    let agents = &results.all_agents.periods;
    for (i, row) in intervals.iter_mut().enumerate() {
        if let Some(c) = contacts.get(i) {
            row.sim_offered = c.offered.mean;
            row.sim_service_level = c.sl_offered.mean;
            row.sim_service_level_low = c.sl_offered.ci_low;
            row.sim_service_level_high = c.sl_offered.ci_high;
            row.sim_asa_s = c.asa_s.mean;
            row.sim_abandon = c.abandon_rate.mean;
        }
        if let Some(a) = agents.get(i) {
            row.sim_agents = a.staffed_s.mean.map(|s| s / results.period_s);
            row.sim_occupancy = a.occupancy.mean;
        }
    }
}

/// Day measures from the per-period means: ratios of sums (answered within the threshold
/// over offered, and so on), as the simulator forms its own ratios.
fn add_simulated_days(days: &mut [DayRow], spd: usize, results: &SimulationResults) {
    let contacts = &results.overall.periods;
    let agents = &results.all_agents.periods;
    for (d, day) in days.iter_mut().enumerate() {
        let range = d * spd..((d + 1) * spd).min(contacts.len());
        let (mut offered, mut in_sl, mut answered, mut waited, mut abandoned) =
            (0.0, 0.0, 0.0, 0.0, 0.0);
        for c in contacts.get(range.clone()).unwrap_or(&[]) {
            let n = c.offered.mean.unwrap_or(0.0);
            let a = c.answered.mean.unwrap_or(0.0);
            offered += n;
            in_sl += c.sl_offered.mean.unwrap_or(0.0) * n;
            answered += a;
            waited += c.asa_s.mean.unwrap_or(0.0) * a;
            abandoned += c.abandoned.mean.unwrap_or(0.0);
        }
        let (mut busy, mut staffed) = (0.0, 0.0);
        for a in agents.get(range).unwrap_or(&[]) {
            busy += a.busy_s.mean.unwrap_or(0.0);
            staffed += a.staffed_s.mean.unwrap_or(0.0);
        }
        day.sim_offered = Some(offered);
        day.sim_service_level = (offered > 0.0).then(|| in_sl / offered);
        day.sim_asa_s = (answered > 0.0).then(|| waited / answered);
        day.sim_abandon = (offered > 0.0).then(|| abandoned / offered);
        day.sim_occupancy = (staffed > 0.0).then(|| busy / staffed);
    }
}
