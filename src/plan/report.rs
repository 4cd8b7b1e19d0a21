//! The report of a [`Plan`]: a terminal summary, CSV and JSON tables, and a self-contained HTML
//! page with inline SVG charts. Everything is returned as text; nothing here prints.

use std::fmt::Write as _;

use serde::Serialize;

use super::error::{PlanError, Result};
use super::svg::{Chart, Mark, Series, escape, render};
use super::{Plan, stages::weekday_name};

/// Totals over the whole plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Totals {
    /// Expected contacts.
    pub forecast_volume: f64,
    /// Agent-hours required on the phones.
    pub required_agent_hours: f64,
    /// Agent-hours to schedule (with shrinkage).
    pub to_schedule_agent_hours: f64,
    /// Agent-hours covered by the schedule.
    pub scheduled_agent_hours: f64,
    /// Agent-hours short.
    pub shortfall_agent_hours: f64,
    /// Number of shifts.
    pub shifts: usize,
    /// Paid hours.
    pub paid_hours: f64,
    /// Shift cost.
    pub cost: f64,
    /// The solver's status, e.g. `Optimal`.
    pub schedule_status: String,
    /// The schedule's relative optimality gap.
    pub schedule_gap: f64,
}

/// The plan's totals, summed from its days.
pub fn totals(plan: &Plan) -> Totals {
    let sum = |f: &dyn Fn(&super::DayRow) -> f64| plan.days.iter().map(f).sum::<f64>();
    Totals {
        forecast_volume: sum(&|d| d.forecast_volume),
        required_agent_hours: sum(&|d| d.required_agent_hours),
        to_schedule_agent_hours: sum(&|d| d.to_schedule_agent_hours),
        scheduled_agent_hours: sum(&|d| d.scheduled_agent_hours),
        shortfall_agent_hours: sum(&|d| d.shortfall_agent_hours),
        shifts: plan.days.iter().map(|d| d.shifts).sum(),
        paid_hours: sum(&|d| d.paid_hours),
        cost: sum(&|d| d.cost),
        schedule_status: format!("{:?}", plan.schedule.status),
        schedule_gap: plan.schedule.gap,
    }
}

fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_owned(), |x| format!("{:.1}", 100.0 * x))
}

/// The terminal summary: one line per day and a total line.
pub fn summary(plan: &Plan) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}", plan.scenario.name);
    let _ = writeln!(
        s,
        "{:<14} {:>8} {:>10} {:>10} {:>10} {:>6} {:>8} {:>8} {:>8} {:>6} {:>7} {:>6}",
        "day",
        "volume",
        "required_h",
        "to_sched_h",
        "covered_h",
        "shifts",
        "cost",
        "erl_sl_%",
        "sim_sl_%",
        "asa_s",
        "aband_%",
        "occ_%"
    );
    let row = |s: &mut String, label: &str, d: &super::DayRow| {
        let _ = writeln!(
            s,
            "{:<14} {:>8.0} {:>10.1} {:>10.1} {:>10.1} {:>6} {:>8.0} {:>8} {:>8} {:>6} {:>7} {:>6}",
            label,
            d.forecast_volume,
            d.required_agent_hours,
            d.to_schedule_agent_hours,
            d.scheduled_agent_hours,
            d.shifts,
            d.cost,
            pct(d.erlang_service_level),
            pct(d.sim_service_level),
            d.sim_asa_s
                .map_or_else(|| "-".to_owned(), |v| format!("{v:.1}")),
            pct(d.sim_abandon),
            pct(d.sim_occupancy),
        );
    };
    for d in &plan.days {
        row(&mut s, &format!("{} {}", d.weekday, d.date), d);
    }
    let t = totals(plan);
    row(&mut s, "total", &total_row(plan, &t));
    let simulated = match &plan.simulation {
        Some(r) => format!(
            "sim_* from {} simulated replications (seed {}) of the roster after shrinkage, \
             service level = answered within {:.0} s / offered",
            r.replications, r.seed, r.sl_threshold_s
        ),
        None => "not simulated (simulation.replications = 0)".to_owned(),
    };
    let _ = write!(
        s,
        "schedule {} (gap {:.2} %); erl_sl_% is the Erlang model's service level for the \
         scheduled agents after shrinkage; {simulated}",
        t.schedule_status,
        100.0 * t.schedule_gap
    );
    s
}

/// The total line as a day: sums, and the simulator's own whole-horizon ratios.
fn total_row(plan: &Plan, t: &Totals) -> super::DayRow {
    let sim = plan.simulation.as_ref();
    let volume: f64 = plan.days.iter().map(|d| d.forecast_volume).sum();
    let erlang: f64 = plan
        .days
        .iter()
        .map(|d| d.erlang_service_level.unwrap_or(0.0) * d.forecast_volume)
        .sum();
    super::DayRow {
        date: String::new(),
        weekday: "total".into(),
        forecast_volume: t.forecast_volume,
        required_agent_hours: t.required_agent_hours,
        to_schedule_agent_hours: t.to_schedule_agent_hours,
        scheduled_agent_hours: t.scheduled_agent_hours,
        shortfall_agent_hours: t.shortfall_agent_hours,
        shifts: t.shifts,
        paid_hours: t.paid_hours,
        cost: t.cost,
        erlang_service_level: (volume > 0.0).then(|| erlang / volume),
        sim_offered: sim.and_then(|r| r.overall.total.offered.mean),
        sim_service_level: sim.and_then(|r| r.overall.total.sl_offered.mean),
        sim_asa_s: sim.and_then(|r| r.overall.total.asa_s.mean),
        sim_abandon: sim.and_then(|r| r.overall.total.abandon_rate.mean),
        sim_occupancy: sim.and_then(|r| r.all_agents.total.occupancy.mean),
    }
}

fn to_csv<T: Serialize>(rows: &[T]) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.serialize(r)
            .map_err(|e| PlanError::Serialise(e.to_string()))?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| PlanError::Serialise(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| PlanError::Serialise(e.to_string()))
}

/// Per-interval CSV (the columns of [`IntervalRow`](super::IntervalRow)).
///
/// # Errors
///
/// [`PlanError::Serialise`] (not expected).
pub fn intervals_csv(plan: &Plan) -> Result<String> {
    to_csv(&plan.intervals)
}

/// Per-day CSV (the columns of [`DayRow`](super::DayRow)).
///
/// # Errors
///
/// [`PlanError::Serialise`] (not expected).
pub fn days_csv(plan: &Plan) -> Result<String> {
    to_csv(&plan.days)
}

/// One scheduled shift, flat.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShiftRow {
    /// Template name.
    pub template: String,
    /// Date, `YYYY-MM-DD`.
    pub date: String,
    /// Start, `HH:MM`.
    pub start: String,
    /// End, `HH:MM` (may be past midnight).
    pub end: String,
    /// Paid hours.
    pub hours: f64,
    /// Cost.
    pub cost: f64,
    /// Breaks as `name HH:MM-HH:MM`, separated by `; `.
    pub breaks: String,
}

fn clock(seconds_in_day: f64) -> String {
    // Whole minutes: times are interval boundaries.
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "non-negative minutes within a few days"
    )]
    let m = (seconds_in_day / 60.0).round().max(0.0) as u64;
    format!("{:02}:{:02}", m / 60, m % 60)
}

/// The shifts of the plan's schedule, one row per agent-shift.
pub fn shift_rows(plan: &Plan) -> Vec<ShiftRow> {
    schedule_shift_rows(&plan.grid, &plan.schedule)
}

/// The shifts of a schedule on `grid`, one row per agent-shift.
pub fn schedule_shift_rows(
    grid: &super::Grid,
    schedule: &callwright_schedule::Schedule,
) -> Vec<ShiftRow> {
    let dates = grid.dates();
    schedule
        .shifts
        .iter()
        .map(|s| {
            let day_start = s.day as f64 * 86_400.0;
            ShiftRow {
                template: s.template_name.clone(),
                date: dates
                    .get(s.day)
                    .map_or_else(String::new, ToString::to_string),
                start: clock(s.start_s - day_start),
                end: clock(s.start_s + s.length_s - day_start),
                hours: s.length_s / 3600.0,
                cost: s.cost,
                breaks: s
                    .breaks
                    .iter()
                    .map(|b| {
                        format!(
                            "{} {}-{}",
                            b.rule,
                            clock(b.start_s - day_start),
                            clock(b.start_s + b.duration_s - day_start)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
            }
        })
        .collect()
}

/// Shifts CSV (the columns of [`ShiftRow`]).
///
/// # Errors
///
/// [`PlanError::Serialise`] (not expected).
pub fn shifts_csv(plan: &Plan) -> Result<String> {
    to_csv(&shift_rows(plan))
}

/// The machine-readable plan: scenario, totals, days, intervals and shifts.
///
/// # Errors
///
/// [`PlanError::Serialise`] (not expected).
pub fn json(plan: &Plan) -> Result<String> {
    #[derive(Serialize)]
    struct Out<'a> {
        scenario: &'a super::Scenario,
        simulated: bool,
        totals: Totals,
        schedule_status: String,
        days: &'a [super::DayRow],
        intervals: &'a [super::IntervalRow],
        shifts: Vec<ShiftRow>,
        timings_s: [f64; 4],
    }
    let out = Out {
        scenario: &plan.scenario,
        simulated: plan.simulation.is_some(),
        totals: totals(plan),
        schedule_status: format!("{:?}", plan.schedule.status),
        days: &plan.days,
        intervals: &plan.intervals,
        shifts: shift_rows(plan),
        timings_s: [
            plan.timings.forecast.as_secs_f64(),
            plan.timings.staffing.as_secs_f64(),
            plan.timings.schedule.as_secs_f64(),
            plan.timings.simulation.as_secs_f64(),
        ],
    };
    serde_json::to_string_pretty(&out).map_err(|e| PlanError::Serialise(e.to_string()))
}

/// The open intervals (charts skip the closed night hours) and the day groups.
fn open_axis(plan: &Plan) -> (Vec<usize>, Vec<(usize, String)>) {
    let spd = plan.grid.slots_per_day();
    let dates = plan.grid.dates();
    let mut open = Vec::new();
    let mut groups = Vec::new();
    for (d, date) in dates.iter().enumerate() {
        let first = open.len();
        open.extend((d * spd..(d + 1) * spd).filter(|&i| plan.grid.open[i]));
        if open.len() > first {
            groups.push((
                first,
                format!("{} {}", weekday_name(*date), date.format("%m-%d")),
            ));
        }
    }
    (open, groups)
}

/// The three charts: forecast with its band, requirement against coverage, simulated (when
/// simulated) and Erlang-predicted service level against target.
fn charts(plan: &Plan) -> [String; 3] {
    let (open, groups) = open_axis(plan);
    let pick = |f: &dyn Fn(&super::IntervalRow) -> f64| -> Vec<f64> {
        open.iter().map(|&i| f(&plan.intervals[i])).collect()
    };
    let (low, high, mean) = (
        pick(&|r| r.forecast_low),
        pick(&|r| r.forecast_high),
        pick(&|r| r.forecast_mean),
    );
    let band_name = format!(
        "{:.0}–{:.0} % band",
        100.0 * plan.forecast.band[0],
        100.0 * plan.forecast.band[1]
    );
    let forecast_chart = render(&Chart {
        id: "chart-forecast",
        title: "Forecast contacts per interval",
        y_label: "contacts",
        groups: &groups,
        series: vec![
            Series {
                name: &band_name,
                values: &low,
                colour: "#6baed6",
                mark: Mark::Band { high: &high },
            },
            Series {
                name: "mean",
                values: &mean,
                colour: "#08519c",
                mark: Mark::Line,
            },
        ],
        target: None,
        y_max: None,
    });
    let (to_schedule, scheduled, required) = (
        pick(&|r| f64::from(r.to_schedule)),
        pick(&|r| r.scheduled),
        pick(&|r| f64::from(r.required)),
    );
    let zeros = vec![0.0; scheduled.len()];
    let coverage_chart = render(&Chart {
        id: "chart-coverage",
        title: "Requirement and scheduled coverage (agents)",
        y_label: "agents",
        groups: &groups,
        series: vec![
            Series {
                name: "scheduled (on shift, not on break)",
                values: &zeros,
                colour: "#31a354",
                mark: Mark::Band { high: &scheduled },
            },
            Series {
                name: "to schedule (with shrinkage)",
                values: &to_schedule,
                colour: "#e6550d",
                mark: Mark::Step,
            },
            Series {
                name: "required on the phones",
                values: &required,
                colour: "#756bb1",
                mark: Mark::Step,
            },
        ],
        target: None,
        y_max: None,
    });
    let sl_chart = service_level_chart(plan, &open, &groups);
    [forecast_chart, coverage_chart, sl_chart]
}

/// The service level chart: simulated (with its confidence band) when simulated, and the
/// Erlang prediction, against the target.
fn service_level_chart(plan: &Plan, open: &[usize], groups: &[(usize, String)]) -> String {
    let pick = |f: &dyn Fn(&super::IntervalRow) -> Option<f64>| -> Vec<f64> {
        open.iter()
            .map(|&i| f(&plan.intervals[i]).unwrap_or(f64::NAN))
            .collect()
    };
    let erlang = pick(&|r| r.erlang_service_level);
    let sim = pick(&|r| r.sim_service_level);
    let sim_low = pick(&|r| r.sim_service_level_low);
    let sim_high = pick(&|r| r.sim_service_level_high);
    let target = plan.scenario.staffing.service_level;
    let target_label = format!(
        "target {:.0} % in {:.0} s",
        100.0 * target,
        plan.scenario.staffing.answer_within_s
    );
    let mut series = Vec::new();
    if plan.simulation.is_some() {
        series.push(Series {
            name: "simulated 95 % CI",
            values: &sim_low,
            colour: "#fdae6b",
            mark: Mark::Band { high: &sim_high },
        });
        series.push(Series {
            name: "simulated",
            values: &sim,
            colour: "#d94801",
            mark: Mark::Line,
        });
    }
    series.push(Series {
        name: "Erlang model (analytic)",
        values: &erlang,
        colour: "#08519c",
        mark: Mark::Line,
    });
    render(&Chart {
        id: "chart-service-level",
        title: if plan.simulation.is_some() {
            "Service level per interval: simulated roster and Erlang prediction"
        } else {
            "Service level per interval: Erlang prediction (not simulated)"
        },
        y_label: "service level",
        groups,
        series,
        target: (target > 0.0).then_some((target, target_label.as_str())),
        y_max: Some(1.0),
    })
}

/// The self-contained HTML report: summary tables and three inline SVG charts (forecast with
/// its band, requirement against coverage, simulated and Erlang-predicted service level
/// against target).
pub fn html(plan: &Plan) -> String {
    let t = totals(plan);
    let mut s = String::new();
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>{title}</title><style>\
         body{{font-family:sans-serif;margin:24px;color:#222;max-width:1000px}}\
         table{{border-collapse:collapse;font-size:13px;margin:12px 0}}\
         th,td{{border:1px solid #ccc;padding:3px 8px;text-align:right}}\
         th:first-child,td:first-child{{text-align:left;white-space:nowrap}}\
         .note{{color:#555;font-size:13px}} svg{{display:block;margin:16px 0}}\
         </style></head><body><h1>{title}</h1>",
        title = escape(&plan.scenario.name)
    );
    let _ = write!(
        s,
        "<p class=\"note\">{} days from {} in {}-minute intervals; staffing: {}, AHT {:.0} s, \
         target {:.0} % within {:.0} s, shrinkage {:.0} %; schedule: {} shifts, {} \
         (gap {:.2} %).</p>",
        plan.grid.days,
        plan.grid.start,
        plan.grid.interval_min,
        match plan.scenario.staffing.model {
            super::ModelName::ErlangA => "Erlang A",
            super::ModelName::ErlangC => "Erlang C",
        },
        plan.scenario.staffing.aht_s,
        100.0 * plan.scenario.staffing.service_level,
        plan.scenario.staffing.answer_within_s,
        100.0 * plan.scenario.staffing.shrinkage,
        t.shifts,
        escape(&t.schedule_status),
        100.0 * t.schedule_gap
    );
    days_table(&mut s, plan, &t);
    for chart in charts(plan) {
        s.push_str(&chart);
    }
    s.push_str(
        "<p class=\"note\">Charts show the open intervals only. Simulated figures come \
         from the scheduled roster after shrinkage (whole shifts left out) run with the \
         scenario's routing against Poisson arrivals at the forecast mean; the Erlang figures \
         are the analytic model's prediction for the same number of agents.</p>",
    );
    if let Some(r) = &plan.simulation {
        let _ = write!(
            s,
            "<p class=\"note\">{} replications, seed {}, {} contacts simulated; service \
             level = answered within {:.0} s / offered.</p>",
            r.replications, r.seed, r.contacts_simulated, r.sl_threshold_s
        );
    } else {
        s.push_str("<p class=\"note\">Not simulated (simulation.replications = 0).</p>");
    }
    s.push_str("</body></html>\n");
    s
}

/// The table of days with a total row.
fn days_table(s: &mut String, plan: &Plan, t: &Totals) {
    s.push_str(
        "<table id=\"days\"><tr><th>day</th><th>volume</th><th>required h</th>\
         <th>to schedule h</th><th>covered h</th><th>short h</th><th>shifts</th>\
         <th>paid h</th><th>cost</th><th>Erlang SL %</th><th>sim. SL %</th>\
         <th>sim. ASA s</th><th>sim. abandon %</th><th>sim. occupancy %</th></tr>",
    );
    let total = total_row(plan, t);
    for d in plan.days.iter().chain(std::iter::once(&total)) {
        let _ = write!(
            s,
            "<tr><td>{} {}</td><td>{:.0}</td><td>{:.1}</td><td>{:.1}</td><td>{:.1}</td>\
             <td>{:.1}</td><td>{}</td><td>{:.1}</td><td>{:.0}</td><td>{}</td><td>{}</td>\
             <td>{}</td><td>{}</td><td>{}</td></tr>",
            d.weekday,
            d.date,
            d.forecast_volume,
            d.required_agent_hours,
            d.to_schedule_agent_hours,
            d.scheduled_agent_hours,
            d.shortfall_agent_hours,
            d.shifts,
            d.paid_hours,
            d.cost,
            pct(d.erlang_service_level),
            pct(d.sim_service_level),
            d.sim_asa_s
                .map_or_else(|| "-".to_owned(), |v| format!("{v:.1}")),
            pct(d.sim_abandon),
            pct(d.sim_occupancy),
        );
    }
    s.push_str("</table>");
}
