//! `callwright plan`, `callwright forecast` and `callwright schedule`: the pipeline and its
//! single stages from the command line.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use callwright::forecast::Resolution;
use callwright::plan::{self, Plan, PlanError, Scenario, report};
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::CliError;

impl From<PlanError> for CliError {
    fn from(e: PlanError) -> Self {
        let hint = e.hint();
        CliError::new(e.to_string(), hint)
    }
}

/// Options of `callwright plan`.
#[derive(Args, Debug)]
pub struct PlanArgs {
    /// Scenario file (TOML, see examples/scenarios/README.md). Without it: the built-in
    /// scenario on the embedded US bank series.
    scenario: Option<PathBuf>,
    /// Write report.html, intervals.csv, days.csv, shifts.csv and plan.json into this
    /// directory (created; files of the same names are replaced only when all succeeded).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Print the plan as JSON instead of the summary table.
    #[arg(long)]
    json: bool,
}

/// Options of `callwright forecast`.
#[derive(Args, Debug)]
pub struct ForecastArgs {
    /// History CSV with `date`, `start` and `calls` (or `volume`) columns. Without it: the
    /// scenario's history.
    history: Option<PathBuf>,
    /// Scenario whose [history] and [forecast] settings apply (default: the built-in one).
    #[arg(long)]
    scenario: Option<PathBuf>,
    /// Print JSON records instead of CSV.
    #[arg(long)]
    json: bool,
}

/// Options of `callwright schedule`.
#[derive(Args, Debug)]
pub struct ScheduleArgs {
    /// CSV of agents to schedule per interval: `date` and `start` (or `start` as
    /// `YYYY-MM-DD HH:MM`, as `callwright staff --csv` writes it) and a `scheduled` (or
    /// `requirement`, `agents`) column. Without it: forecast and staffing of the scenario.
    requirement: Option<PathBuf>,
    /// Scenario whose [schedule] settings and opening hours apply (default: built-in).
    #[arg(long)]
    scenario: Option<PathBuf>,
    /// Print the shifts and the coverage per interval as JSON instead of the shifts as CSV.
    #[arg(long)]
    json: bool,
}

fn load_scenario(path: Option<&Path>) -> Result<Scenario, PlanError> {
    match path {
        Some(p) => Scenario::from_file(p),
        None => Scenario::built_in(),
    }
}

/// A spinner on stderr (hidden when stderr is not a terminal), plain under `NO_COLOR`.
fn spinner() -> ProgressBar {
    let plain = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let template = if plain {
        "{spinner} {msg} ({elapsed})"
    } else {
        "{spinner:.cyan} {msg} {elapsed:.dim}"
    };
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

fn print(text: &str) -> Result<(), CliError> {
    let mut stdout = std::io::stdout().lock();
    match writeln!(stdout, "{text}") {
        // A reader that stopped early (`| head`) is not an error.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(CliError::new(
            format!("cannot write output: {e}"),
            "check stdout",
        )),
        _ => Ok(()),
    }
}

/// Runs `callwright plan`.
pub fn run_plan(args: &PlanArgs) -> Result<(), CliError> {
    let scenario = load_scenario(args.scenario.as_deref())?;
    let bar = spinner();
    let replications = scenario.simulation.replications;
    let outcome = Plan::run(&scenario, &mut |stage| {
        bar.set_message(if stage == "simulation" {
            format!("simulation ({replications} replications)")
        } else {
            stage.to_owned()
        });
    });
    bar.finish_and_clear();
    let plan = outcome?;
    if let Some(dir) = &args.out {
        let files = [
            ("report.html", report::html(&plan)),
            ("intervals.csv", report::intervals_csv(&plan)?),
            ("days.csv", report::days_csv(&plan)?),
            ("shifts.csv", report::shifts_csv(&plan)?),
            ("plan.json", report::json(&plan)?),
        ];
        write_all(dir, &files)?;
    }
    if args.json {
        print(&report::json(&plan)?)
    } else {
        print(&report::summary(&plan))
    }
}

/// Writes every file into a fresh temporary directory beside `dir`, then moves them into
/// place: on failure nothing is left in `dir`.
fn write_all(dir: &Path, files: &[(&str, String)]) -> Result<(), CliError> {
    let write_error = |path: &Path, e: &std::io::Error| {
        CliError::from(PlanError::Io {
            action: "write",
            path: path.to_owned(),
            message: e.to_string(),
        })
    };
    let name = dir
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        std::fs::create_dir_all(&tmp).map_err(|e| write_error(&tmp, &e))?;
        for (file, text) in files {
            let path = tmp.join(file);
            std::fs::write(&path, text).map_err(|e| write_error(&path, &e))?;
        }
        if dir.exists() {
            for (file, _) in files {
                std::fs::rename(tmp.join(file), dir.join(file))
                    .map_err(|e| write_error(&dir.join(file), &e))?;
            }
            std::fs::remove_dir(&tmp).map_err(|e| write_error(&tmp, &e))
        } else {
            std::fs::rename(&tmp, dir).map_err(|e| write_error(dir, &e))
        }
    })();
    if result.is_err() {
        // Best effort: the error already says what failed.
        let _ = std::fs::remove_dir_all(&tmp);
    }
    result
}

/// One forecast interval.
#[derive(Debug, serde::Serialize)]
struct ForecastRow {
    date: String,
    start: String,
    volume: f64,
    low: f64,
    high: f64,
}

/// Runs `callwright forecast`.
pub fn run_forecast(args: &ForecastArgs) -> Result<(), CliError> {
    let mut scenario = load_scenario(args.scenario.as_deref())?;
    if let Some(path) = &args.history {
        scenario.history.file = Some(path.clone());
    }
    let bar = spinner();
    bar.set_message("forecast");
    let outcome = (|| {
        let history = plan::load_history(&scenario)?;
        let grid = plan::grid(&scenario, &history)?;
        let forecast = plan::forecast(&scenario, &history, &grid)?;
        Ok::<_, PlanError>((grid, forecast))
    })();
    bar.finish_and_clear();
    let (grid, forecast) = outcome?;
    let rows: Vec<ForecastRow> = (0..grid.len())
        .filter(|&i| grid.open[i])
        .map(|i| {
            let (date, start) = grid.label(i);
            ForecastRow {
                date: date.to_string(),
                start,
                volume: forecast.mean[i],
                low: forecast.low[i],
                high: forecast.high[i],
            }
        })
        .collect();
    if args.json {
        let text = serde_json::to_string_pretty(&rows)
            .map_err(|e| CliError::from(PlanError::Serialise(e.to_string())))?;
        print(&text)
    } else {
        let mut w = csv::Writer::from_writer(Vec::new());
        for r in &rows {
            w.serialize(r)
                .map_err(|e| CliError::from(PlanError::Serialise(e.to_string())))?;
        }
        let bytes = w
            .into_inner()
            .map_err(|e| CliError::from(PlanError::Serialise(e.to_string())))?;
        print(String::from_utf8_lossy(&bytes).trim_end())
    }
}

/// Values per interval from a CSV (the first of `columns` present), with the grid its dates
/// span; intervals without a row are 0.
fn values_from_csv(
    scenario: &Scenario,
    path: &Path,
    columns: &[&str],
) -> Result<(plan::Grid, Vec<f64>), PlanError> {
    let bytes = std::fs::read(path).map_err(|e| PlanError::Io {
        action: "read",
        path: path.to_owned(),
        message: e.to_string(),
    })?;
    let resolution = Resolution::new(scenario.history.interval_min)?;
    let series = plan::read_interval_csv(&bytes, &path.display().to_string(), resolution, columns)?;
    let (Some(first), Some(last)) = (series.first_date(), series.last_date()) else {
        return Err(PlanError::Inconsistent(format!(
            "{} is empty",
            path.display()
        )));
    };
    let days = u32::try_from((last - first).num_days() + 1)
        .map_err(|_| PlanError::Inconsistent(format!("{}: dates out of range", path.display())))?;
    let grid = plan::grid_for(scenario, first, days, chrono::Datelike::year(&first))?;
    let spd = grid.slots_per_day();
    let values = grid
        .dates()
        .iter()
        .flat_map(|&d| (0..spd).map(move |s| (d, s)))
        .map(|(d, s)| series.get(d, s).unwrap_or(0.0))
        .collect();
    Ok((grid, values))
}

/// Runs `callwright schedule`.
pub fn run_schedule(args: &ScheduleArgs) -> Result<(), CliError> {
    let scenario = load_scenario(args.scenario.as_deref())?;
    let bar = spinner();
    let outcome = (|| {
        let (grid, requirement) = if let Some(path) = &args.requirement {
            values_from_csv(&scenario, path, &["scheduled", "requirement", "agents"])?
        } else {
            bar.set_message("forecast and staffing");
            let history = plan::load_history(&scenario)?;
            let grid = plan::grid(&scenario, &history)?;
            let forecast = plan::forecast(&scenario, &history, &grid)?;
            let staffing = plan::staff(
                &scenario.staffing,
                &forecast.staffed_volume,
                grid.interval_s(),
            )?;
            let requirement = staffing.to_schedule.iter().map(|&n| f64::from(n)).collect();
            (grid, requirement)
        };
        bar.set_message("schedule");
        let schedule = plan::schedule(&scenario, &grid, &requirement)?;
        Ok::<_, PlanError>((grid, schedule))
    })();
    bar.finish_and_clear();
    let (grid, schedule) = outcome?;
    let shifts = report::schedule_shift_rows(&grid, &schedule);
    if args.json {
        #[derive(serde::Serialize)]
        struct Out<'a> {
            status: String,
            objective: f64,
            gap: f64,
            shifts: &'a [report::ShiftRow],
            coverage: &'a [callwright::schedule::IntervalCoverage],
        }
        let text = serde_json::to_string_pretty(&Out {
            status: format!("{:?}", schedule.status),
            objective: schedule.objective,
            gap: schedule.gap,
            shifts: &shifts,
            coverage: &schedule.coverage,
        })
        .map_err(|e| CliError::from(PlanError::Serialise(e.to_string())))?;
        print(&text)
    } else {
        let mut w = csv::Writer::from_writer(Vec::new());
        for r in &shifts {
            w.serialize(r)
                .map_err(|e| CliError::from(PlanError::Serialise(e.to_string())))?;
        }
        let bytes = w
            .into_inner()
            .map_err(|e| CliError::from(PlanError::Serialise(e.to_string())))?;
        print(String::from_utf8_lossy(&bytes).trim_end())
    }
}

/// Options of `callwright simulate`.
#[derive(Args, Debug)]
pub struct SimulateArgs {
    /// Shifts CSV as `callwright schedule` writes it (`date`, `start`, `end` and `breaks` as
    /// `name HH:MM-HH:MM; …`), one row per agent, before shrinkage. Without it: the
    /// scenario's forecast, staffing and schedule.
    shifts: Option<PathBuf>,
    /// Forecast CSV as `callwright forecast` writes it (`date`, `start`, `volume`). Without
    /// it: the scenario's forecast.
    #[arg(long)]
    forecast: Option<PathBuf>,
    /// Scenario whose [staffing] and [simulation] settings apply (default: built-in).
    #[arg(long)]
    scenario: Option<PathBuf>,
    /// Replications (overrides the scenario's).
    #[arg(long)]
    replications: Option<u32>,
    /// Print the simulator's full results as JSON instead of a CSV per interval.
    #[arg(long)]
    json: bool,
}

/// One simulated interval.
#[derive(Debug, serde::Serialize)]
struct SimRow {
    date: String,
    start: String,
    offered: Option<f64>,
    service_level: Option<f64>,
    service_level_low: Option<f64>,
    service_level_high: Option<f64>,
    asa_s: Option<f64>,
    abandon: Option<f64>,
    occupancy: Option<f64>,
    agents: Option<f64>,
}

fn read_bytes(path: &Path) -> Result<Vec<u8>, PlanError> {
    std::fs::read(path).map_err(|e| PlanError::Io {
        action: "read",
        path: path.to_owned(),
        message: e.to_string(),
    })
}

/// Shifts from a CSV written by `callwright schedule`, in horizon seconds from `origin`.
fn shifts_from_csv(
    path: &Path,
    origin: chrono::NaiveDate,
) -> Result<Vec<plan::RosterShift>, PlanError> {
    let source = path.display().to_string();
    let bad = |message: String| PlanError::Csv {
        source_name: source.clone(),
        message,
    };
    let bytes = read_bytes(path)?;
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let headers = reader
        .headers()
        .map_err(|e| bad(format!("cannot read the header: {e}")))?
        .clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim() == name)
            .ok_or_else(|| bad(format!("no `{name}` column")))
    };
    let (date_col, start_col, end_col, breaks_col) = (
        column("date")?,
        column("start")?,
        column("end")?,
        column("breaks")?,
    );
    let mut shifts = Vec::new();
    for (row, record) in reader.records().enumerate() {
        let line = row + 2;
        let record = record.map_err(|e| bad(format!("line {line}: {e}")))?;
        let field = |c: usize| record.get(c).unwrap_or("").trim();
        let date = chrono::NaiveDate::parse_from_str(field(date_col), "%Y-%m-%d")
            .map_err(|_| bad(format!("line {line}: bad date {:?}", field(date_col))))?;
        let day_s = (date - origin).num_days() as f64 * 86_400.0;
        let clock = |text: &str| -> Result<f64, PlanError> {
            let (h, m) = text
                .split_once(':')
                .ok_or_else(|| bad(format!("line {line}: bad time {text:?}")))?;
            let (h, m): (u32, u32) = (
                h.parse()
                    .map_err(|_| bad(format!("line {line}: bad time {text:?}")))?,
                m.parse()
                    .map_err(|_| bad(format!("line {line}: bad time {text:?}")))?,
            );
            Ok(day_s + f64::from(h * 3600 + m * 60))
        };
        let mut breaks = Vec::new();
        for part in field(breaks_col).split(';').map(str::trim) {
            if part.is_empty() {
                continue;
            }
            let span = part.rsplit(' ').next().unwrap_or(part);
            let (from, to) = span
                .split_once('-')
                .ok_or_else(|| bad(format!("line {line}: bad break {part:?}")))?;
            breaks.push((clock(from)?, clock(to)?));
        }
        shifts.push(plan::RosterShift {
            start_s: clock(field(start_col))?,
            end_s: clock(field(end_col))?,
            breaks,
        });
    }
    shifts.sort_by(|a, b| a.start_s.total_cmp(&b.start_s));
    Ok(shifts)
}

/// Runs `callwright simulate`.
pub fn run_simulate(args: &SimulateArgs) -> Result<(), CliError> {
    let mut scenario = load_scenario(args.scenario.as_deref())?;
    if let Some(n) = args.replications {
        scenario.simulation.replications = n.max(1);
    }
    if scenario.simulation.replications == 0 {
        scenario.simulation.replications = 1;
    }
    let bar = spinner();
    let outcome = (|| {
        bar.set_message("forecast");
        let (grid, volumes) = if let Some(path) = &args.forecast {
            values_from_csv(&scenario, path, &["volume", "calls"])?
        } else {
            let history = plan::load_history(&scenario)?;
            let grid = plan::grid(&scenario, &history)?;
            let forecast = plan::forecast(&scenario, &history, &grid)?;
            (grid, forecast.mean)
        };
        plan::check_simulation(&scenario.simulation, &scenario.staffing, &grid)?;
        let shifts = if let Some(path) = &args.shifts {
            shifts_from_csv(path, grid.start)?
        } else {
            bar.set_message("staffing and schedule");
            let staffing = plan::staff(&scenario.staffing, &volumes, grid.interval_s())?;
            let requirement: Vec<f64> =
                staffing.to_schedule.iter().map(|&n| f64::from(n)).collect();
            plan::RosterShift::from_schedule(&plan::schedule(&scenario, &grid, &requirement)?)
        };
        bar.set_message("simulation");
        let results = plan::simulate(
            &scenario.simulation,
            &scenario.staffing,
            &scenario.name,
            &grid,
            &volumes,
            &shifts,
        )?;
        Ok::<_, PlanError>((grid, results))
    })();
    bar.finish_and_clear();
    let (grid, results) = outcome?;
    if args.json {
        return print(
            &results
                .to_json()
                .map_err(|e| CliError::from(PlanError::from(e)))?,
        );
    }
    let rows: Vec<SimRow> = (0..grid.len())
        .filter(|&i| grid.open[i])
        .map(|i| {
            let (date, start) = grid.label(i);
            let c = results.overall.periods.get(i);
            let a = results.all_agents.periods.get(i);
            SimRow {
                date: date.to_string(),
                start,
                offered: c.and_then(|c| c.offered.mean),
                service_level: c.and_then(|c| c.sl_offered.mean),
                service_level_low: c.and_then(|c| c.sl_offered.ci_low),
                service_level_high: c.and_then(|c| c.sl_offered.ci_high),
                asa_s: c.and_then(|c| c.asa_s.mean),
                abandon: c.and_then(|c| c.abandon_rate.mean),
                occupancy: a.and_then(|a| a.occupancy.mean),
                agents: a.and_then(|a| a.staffed_s.mean.map(|s| s / results.period_s)),
            }
        })
        .collect();
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in &rows {
        w.serialize(r)
            .map_err(|e| CliError::from(PlanError::Serialise(e.to_string())))?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| CliError::from(PlanError::Serialise(e.to_string())))?;
    print(String::from_utf8_lossy(&bytes).trim_end())
}
