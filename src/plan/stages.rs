//! The stages: history → forecast → staffing → schedule, each a plain function.

use std::time::Duration;

use callwright_erlang::{
    Aht, Model, ServiceLevelDefinition, Targets, performance, required_agents_per_interval,
    scheduled_agents_ceil,
};
use callwright_forecast::{
    Calendar, DayHours, DayProfile, OperatingHours, ProbabilisticForecast, Resolution, Series,
};
use callwright_schedule::{
    BreakRule, Coverage, Horizon, Schedule, ScheduleProblem, ShiftTemplate, SoftCoverage,
    SolverOptions, Status,
};
use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::Serialize;

use super::error::{PlanError, Result};
use super::scenario::{
    CoverageName, ModelName, Scenario, StaffingConfig, parse_date, parse_hhmm, parse_weekdays,
};
use super::table::{BUILT_IN_HISTORY, read_interval_csv};

/// The planned days and their intervals: the grid every stage's vectors are laid on, day by
/// day, `slots_per_day` intervals each, from midnight of `start`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grid {
    /// First planned day.
    pub start: NaiveDate,
    /// Number of planned days.
    pub days: u32,
    /// Interval length, minutes.
    pub interval_min: u32,
    /// Whether each interval is inside the operating hours.
    pub open: Vec<bool>,
}

impl Grid {
    /// Intervals per day.
    pub fn slots_per_day(&self) -> usize {
        (1440 / self.interval_min) as usize
    }

    /// Interval length, seconds.
    pub fn interval_s(&self) -> f64 {
        f64::from(self.interval_min) * 60.0
    }

    /// Number of intervals.
    pub fn len(&self) -> usize {
        self.slots_per_day() * self.days as usize
    }

    /// Whether the grid has no intervals (never, for a checked scenario).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The planned dates.
    pub fn dates(&self) -> Vec<NaiveDate> {
        (0..u64::from(self.days))
            .filter_map(|d| self.start.checked_add_days(Days::new(d)))
            .collect()
    }

    /// Date and `HH:MM` start of interval `i`.
    pub fn label(&self, i: usize) -> (NaiveDate, String) {
        let spd = self.slots_per_day();
        let date = self
            .start
            .checked_add_days(Days::new((i / spd) as u64))
            .unwrap_or(self.start);
        let minute = u32::try_from(i % spd).unwrap_or(0) * self.interval_min;
        (date, format!("{:02}:{:02}", minute / 60, minute % 60))
    }
}

/// The forecast stage's output, per interval of the [`Grid`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ForecastResult {
    /// Expected contacts.
    pub mean: Vec<f64>,
    /// Lower band quantile of the count.
    pub low: Vec<f64>,
    /// Upper band quantile of the count.
    pub high: Vec<f64>,
    /// The volume staffing plans for: the mean, or the scenario's `staff_quantile`.
    pub staffed_volume: Vec<f64>,
    /// The band's quantile levels.
    pub band: [f64; 2],
}

/// The staffing stage's output, per interval.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaffingResult {
    /// Agents needed on the phones to meet the targets.
    pub required: Vec<u32>,
    /// Agents to schedule: `required / (1 − shrinkage)`, rounded up.
    pub to_schedule: Vec<u32>,
}

/// The history the scenario names, or the embedded series.
///
/// # Errors
///
/// [`PlanError::Io`] for an unreadable file, [`PlanError::Csv`] for a malformed one.
pub fn load_history(scenario: &Scenario) -> Result<Series> {
    let resolution = Resolution::new(scenario.history.interval_min)?;
    let columns = ["calls", "volume"];
    match &scenario.history.file {
        Some(path) => {
            let bytes = std::fs::read(path).map_err(|e| PlanError::Io {
                action: "read",
                path: path.clone(),
                message: e.to_string(),
            })?;
            read_interval_csv(&bytes, &path.display().to_string(), resolution, &columns)
        }
        None => read_interval_csv(
            BUILT_IN_HISTORY.as_bytes(),
            "built-in data",
            resolution,
            &columns,
        ),
    }
}

/// The forecasting calendar of the scenario: operating hours, and US holidays if asked for
/// over `years`.
///
/// # Errors
///
/// [`PlanError::Scenario`] cannot happen for a checked scenario; forecast errors for bad hours.
pub fn calendar(scenario: &Scenario, years: std::ops::RangeInclusive<i32>) -> Result<Calendar> {
    let f = &scenario.forecast;
    let (open_min, close_min) = (parse_hhmm(&f.open), parse_hhmm(&f.close));
    let (Ok(open_min), Ok(close_min), Ok(mask)) =
        (open_min, close_min, parse_weekdays(&f.weekdays))
    else {
        return Err(PlanError::Inconsistent(
            "the scenario's opening hours were not checked".into(),
        ));
    };
    let hours = DayHours {
        open_min,
        close_min,
    };
    let mut days = [None; 7];
    for (d, open) in mask.iter().enumerate() {
        if *open {
            days[d] = Some(hours);
        }
    }
    let hours = OperatingHours { days };
    hours.validate()?;
    let calendar = Calendar::with_hours(hours);
    Ok(if f.us_holidays {
        calendar.with_us_holidays(years)
    } else {
        calendar
    })
}

/// The planned grid: `forecast.start` (or the first Monday after the history) for
/// `forecast.days` days, with the operating hours.
///
/// # Errors
///
/// [`PlanError::Inconsistent`] when the history is empty or the start is not after it.
pub fn grid(scenario: &Scenario, history: &Series) -> Result<Grid> {
    let last = history
        .last_date()
        .ok_or_else(|| PlanError::Inconsistent("the history is empty".into()))?;
    let start = if let Some(text) = &scenario.forecast.start {
        parse_date(text).map_err(PlanError::Inconsistent)?
    } else {
        let ahead = 7 - u64::from(last.weekday().num_days_from_monday());
        last.checked_add_days(Days::new(ahead))
            .ok_or_else(|| PlanError::Inconsistent("dates out of range".into()))?
    };
    if start <= last {
        return Err(PlanError::Inconsistent(format!(
            "forecast.start {start} is not after the end of the history ({last})"
        )));
    }
    let first_year = history.first_date().map_or(start.year(), |d| d.year());
    grid_for(scenario, start, scenario.forecast.days, first_year)
}

/// The grid of `days` days from `start` with the scenario's interval and operating hours
/// (US holidays, if asked for, declared from `first_year` on).
///
/// # Errors
///
/// Forecast errors for an interval length that does not divide a day.
pub fn grid_for(scenario: &Scenario, start: NaiveDate, days: u32, first_year: i32) -> Result<Grid> {
    let mut grid = Grid {
        start,
        days,
        interval_min: scenario.history.interval_min,
        open: Vec::new(),
    };
    let resolution = Resolution::new(grid.interval_min)?;
    let calendar = calendar(scenario, first_year..=start.year() + 1)?;
    let spd = grid.slots_per_day();
    grid.open = grid
        .dates()
        .iter()
        .flat_map(|&d| (0..spd).map(move |s| (d, s)))
        .map(|(d, s)| calendar.is_open(d, s, resolution))
        .collect();
    Ok(grid)
}

/// Forecasts the grid's open days from the history (day level × intraday profile, dispersion
/// from rolling-origin backtests), with the band and the volume to staff for.
///
/// # Errors
///
/// Forecast errors (too little history for a weekday, …); [`PlanError::Inconsistent`] when no
/// planned day is open.
pub fn forecast(scenario: &Scenario, history: &Series, grid: &Grid) -> Result<ForecastResult> {
    let spd = grid.slots_per_day();
    let dates = grid.dates();
    let open_dates: Vec<NaiveDate> = dates
        .iter()
        .enumerate()
        .filter(|(d, _)| grid.open[d * spd..(d + 1) * spd].contains(&true))
        .map(|(_, &date)| date)
        .collect();
    if open_dates.is_empty() {
        return Err(PlanError::Inconsistent(
            "no planned day is open: check forecast.start, forecast.days and forecast.weekdays"
                .into(),
        ));
    }
    let first_year = history.first_date().map_or(grid.start.year(), |d| d.year());
    let calendar = calendar(scenario, first_year..=grid.start.year() + 1)?;
    let model = ProbabilisticForecast::fit_forecast(
        &mut DayProfile::default(),
        history,
        &calendar,
        &open_dates,
    )?;
    let band = scenario.forecast.band;
    let low = model.quantiles(band[0])?;
    let high = model.quantiles(band[1])?;
    let staffed = match scenario.forecast.staff_quantile {
        Some(q) => Some(model.quantiles(q)?),
        None => None,
    };
    let pick = |series: &Series| -> Vec<f64> {
        (0..grid.len())
            .map(|i| {
                let date = dates[i / spd];
                if grid.open[i] {
                    series.get(date, i % spd).unwrap_or(0.0)
                } else {
                    0.0
                }
            })
            .collect()
    };
    let mean = pick(model.mean());
    Ok(ForecastResult {
        staffed_volume: staffed.as_ref().map_or_else(|| mean.clone(), &pick),
        low: pick(&low),
        high: pick(&high),
        mean,
        band,
    })
}

/// The staffing model of the scenario.
pub fn model(staffing: &StaffingConfig) -> Model {
    match (staffing.model, staffing.patience_s) {
        (ModelName::ErlangA, Some(patience_s)) => Model::ErlangA { patience_s },
        _ => Model::ErlangC,
    }
}

/// The staffing targets of the scenario.
pub fn targets(staffing: &StaffingConfig) -> Targets {
    let mut targets = Targets::none();
    if staffing.service_level > 0.0 {
        targets = targets.with_service_level(staffing.service_level, staffing.answer_within_s);
    }
    targets.max_asa_s = staffing.max_asa_s;
    targets.max_occupancy = staffing.max_occupancy;
    targets.max_abandon = staffing.max_abandon;
    targets
}

/// Agents required per interval for `volumes` (contacts per interval of `interval_s`), and
/// the agents to schedule once shrinkage is added.
///
/// # Errors
///
/// Erlang errors: bad volumes, unreachable targets.
pub fn staff(
    staffing: &StaffingConfig,
    volumes: &[f64],
    interval_s: f64,
) -> Result<StaffingResult> {
    let required = required_agents_per_interval(
        model(staffing),
        volumes,
        Aht::Constant(staffing.aht_s),
        interval_s,
        &targets(staffing),
    )?;
    let to_schedule = required
        .iter()
        .map(|&n| scheduled_agents_ceil(n, staffing.shrinkage))
        .collect::<std::result::Result<Vec<u32>, _>>()?;
    Ok(StaffingResult {
        required,
        to_schedule,
    })
}

/// Queue measures predicted by the scenario's Erlang model for `agents` on the phones and
/// `volume` contacts in an interval: (service level, ASA s, P(abandon), occupancy); `None`
/// for an empty interval or an unstable queue (Erlang C with agents ≤ load).
pub fn predicted(
    staffing: &StaffingConfig,
    agents: f64,
    volume: f64,
    interval_s: f64,
) -> Option<[f64; 4]> {
    if agents <= 0.0 || volume <= 0.0 {
        return None;
    }
    let load = volume * staffing.aht_s / interval_s;
    performance(
        model(staffing),
        agents,
        load,
        staffing.aht_s,
        staffing.answer_within_s,
        ServiceLevelDefinition::OfOffered,
    )
    .ok()
    .map(|p| [p.service_level, p.asa_s, p.prob_abandon, p.occupancy])
}

/// The shift scheduling problem for `requirement` (agents per interval of the grid).
///
/// # Errors
///
/// [`PlanError::Inconsistent`] when the requirement does not match the grid.
pub fn schedule_problem(
    scenario: &Scenario,
    grid: &Grid,
    requirement: &[f64],
) -> Result<ScheduleProblem> {
    if requirement.len() != grid.len() {
        return Err(PlanError::Inconsistent(format!(
            "the requirement has {} intervals, the plan {}",
            requirement.len(),
            grid.len()
        )));
    }
    let s = &scenario.schedule;
    let mut templates = Vec::with_capacity(s.templates.len());
    for t in &s.templates {
        let minutes = |text: &str| {
            parse_hhmm(text)
                .map(|m| f64::from(m) * 60.0)
                .map_err(|m| PlanError::Inconsistent(format!("template {}: {m}", t.name)))
        };
        let weekdays = parse_weekdays(&t.weekdays)
            .map_err(|m| PlanError::Inconsistent(format!("template {}: {m}", t.name)))?;
        templates.push(ShiftTemplate {
            name: t.name.clone(),
            earliest_start_s: minutes(&t.earliest_start)?,
            latest_start_s: minutes(&t.latest_start)?,
            start_step_s: f64::from(t.step_min) * 60.0,
            lengths_s: t.lengths_h.iter().map(|h| h * 3600.0).collect(),
            weekdays,
            cost_per_hour: t.cost_per_hour,
            min_per_day: t.min_per_day,
            max_per_day: t.max_per_day,
            breaks: t
                .breaks
                .iter()
                .map(|b| {
                    let mut rule = BreakRule::new(
                        &b.name,
                        f64::from(b.earliest_after_min) * 60.0,
                        f64::from(b.latest_after_min) * 60.0,
                        b.durations_min
                            .iter()
                            .map(|&m| f64::from(m) * 60.0)
                            .collect(),
                    );
                    rule.min_shift_length_s = b.min_shift_h * 3600.0;
                    rule
                })
                .collect(),
            respect_opening_hours: true,
        });
    }
    Ok(ScheduleProblem {
        horizon: Horizon {
            days: grid.days,
            interval_s: grid.interval_s(),
            first_weekday: u8::try_from(grid.start.weekday().num_days_from_monday()).unwrap_or(0),
            cyclic: false,
        },
        requirement: requirement.to_vec(),
        templates,
        coverage: match s.coverage {
            CoverageName::Hard => Coverage::Hard,
            CoverageName::Soft => Coverage::Soft(SoftCoverage {
                under_penalty: s.under_penalty,
                over_penalty: s.over_penalty,
                interval_weights: None,
            }),
        },
        opening_hours: Some(grid.open.clone()),
        tours: None,
        solver: SolverOptions {
            time_limit: Some(Duration::from_secs_f64(s.time_limit_s)),
            mip_rel_gap: Some(s.mip_rel_gap),
            ..SolverOptions::default()
        },
    })
}

/// Chooses shifts and breaks covering `requirement` at least cost.
///
/// # Errors
///
/// Scheduling errors (misaligned templates); [`PlanError::Uncoverable`] for an interval no
/// shift can cover; [`PlanError::Infeasible`] when hard coverage cannot be met under the
/// limits.
pub fn schedule(scenario: &Scenario, grid: &Grid, requirement: &[f64]) -> Result<Schedule> {
    let schedule = schedule_problem(scenario, grid, requirement)?
        .solve()
        .map_err(|e| match e {
            callwright_schedule::Error::UncoverableInterval {
                interval,
                requirement,
            } => {
                let (date, start) = grid.label(interval);
                PlanError::Uncoverable {
                    date: date.to_string(),
                    start,
                    requirement,
                }
            }
            other => PlanError::Schedule(other),
        })?;
    if schedule.status == Status::Infeasible {
        return Err(PlanError::Infeasible {
            peak: requirement.iter().copied().fold(0.0, f64::max),
        });
    }
    Ok(schedule)
}

/// The weekday name of a date, e.g. `Mon`.
pub fn weekday_name(date: NaiveDate) -> &'static str {
    match date.weekday() {
        Weekday::Mon => "Mon",
        Weekday::Tue => "Tue",
        Weekday::Wed => "Wed",
        Weekday::Thu => "Thu",
        Weekday::Fri => "Fri",
        Weekday::Sat => "Sat",
        Weekday::Sun => "Sun",
    }
}
