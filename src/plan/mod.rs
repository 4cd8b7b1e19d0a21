//! The planning pipeline: one scenario in, a plan and its report out.
//!
//! ```text
//! history ──► forecast ──► staffing ──► schedule ──► report
//! (CSV or     (day level   (Erlang C/A  (shifts and   (per day and per interval:
//!  built-in)   × profile,   per          breaks on     CSV, JSON, HTML with SVG
//!              quantiles)   interval,    HiGHS)        charts, terminal table)
//!                           shrinkage)
//! ```
//!
//! Each stage is a plain function ([`forecast`], [`staff`], [`schedule`]) on the scenario and
//! the previous stage's output, so a caller can stop at any step or feed its own numbers;
//! [`Plan::run`] chains them. The simulation of the scheduled roster is not part of the
//! pipeline yet: the report's service measures per interval are the Erlang model's
//! predictions for the agents the schedule puts on the phones, and are labelled so.
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
mod stages;
mod svg;
mod table;

use std::time::{Duration, Instant};

use callwright_schedule::Schedule;
use serde::Serialize;

pub use error::{PlanError, Result};
pub use scenario::{
    BreakConfig, CoverageName, DEFAULT_SCENARIO_TOML, ForecastConfig, HistoryConfig, ModelName,
    Scenario, ScheduleConfig, StaffingConfig, TemplateConfig,
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
    /// Per interval.
    pub intervals: Vec<IntervalRow>,
    /// Per day.
    pub days: Vec<DayRow>,
    /// Stage timings.
    pub timings: Timings,
}

impl Plan {
    /// Runs every stage on `scenario`. `on_stage` is called with each stage's name
    /// (`"forecast"`, `"staffing"`, `"schedule"`) as it starts, for progress displays.
    ///
    /// # Errors
    ///
    /// The first stage's error: unreadable or malformed history, too little history,
    /// unreachable targets, an infeasible schedule.
    pub fn run(scenario: &Scenario, on_stage: &mut dyn FnMut(&str)) -> Result<Self> {
        let mut timings = Timings::default();
        on_stage("forecast");
        let t = Instant::now();
        let history = load_history(scenario)?;
        let grid = grid(scenario, &history)?;
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
        Ok(Self::assemble(
            scenario.clone(),
            grid,
            forecast,
            staffing,
            schedule,
            timings,
        ))
    }

    /// Builds the report rows from the stages' outputs.
    pub fn assemble(
        scenario: Scenario,
        grid: Grid,
        forecast: ForecastResult,
        staffing: StaffingResult,
        schedule: Schedule,
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
                }
            })
            .collect();
        let hours = grid.interval_s() / 3600.0;
        let spd = grid.slots_per_day();
        let days = grid
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
                }
            })
            .collect();
        Self {
            scenario,
            grid,
            forecast,
            staffing,
            schedule,
            intervals,
            days,
            timings,
        }
    }
}
