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
    let outcome = Plan::run(&scenario, &mut |stage| bar.set_message(stage.to_owned()));
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

/// The requirement per interval of the grid from a CSV, with the grid its dates span.
fn requirement_from_csv(
    scenario: &Scenario,
    path: &Path,
) -> Result<(plan::Grid, Vec<f64>), PlanError> {
    let bytes = std::fs::read(path).map_err(|e| PlanError::Io {
        action: "read",
        path: path.to_owned(),
        message: e.to_string(),
    })?;
    let resolution = Resolution::new(scenario.history.interval_min)?;
    let series = plan::read_interval_csv(
        &bytes,
        &path.display().to_string(),
        resolution,
        &["scheduled", "requirement", "agents"],
    )?;
    let (Some(first), Some(last)) = (series.first_date(), series.last_date()) else {
        return Err(PlanError::Inconsistent("the requirement is empty".into()));
    };
    let days = u32::try_from((last - first).num_days() + 1)
        .map_err(|_| PlanError::Inconsistent("the requirement's dates are out of range".into()))?;
    let grid = plan::grid_for(scenario, first, days, chrono::Datelike::year(&first))?;
    let spd = grid.slots_per_day();
    let requirement = grid
        .dates()
        .iter()
        .flat_map(|&d| (0..spd).map(move |s| (d, s)))
        .map(|(d, s)| series.get(d, s).unwrap_or(0.0))
        .collect();
    Ok((grid, requirement))
}

/// Runs `callwright schedule`.
pub fn run_schedule(args: &ScheduleArgs) -> Result<(), CliError> {
    let scenario = load_scenario(args.scenario.as_deref())?;
    let bar = spinner();
    let outcome = (|| {
        let (grid, requirement) = if let Some(path) = &args.requirement {
            requirement_from_csv(&scenario, path)?
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
