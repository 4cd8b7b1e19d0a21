//! Command-line parsing, dispatch and error reporting.
//!
//! Data goes to stdout; errors go to stderr as one `error:` line followed by a `hint:` line,
//! with a non-zero exit code. Progress spinners go to stderr (only on a terminal) and drop
//! their colours when `NO_COLOR` is set; data is never coloured.

mod plan;
mod staff;

use std::fmt;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// callwright: contact-centre planning from the command line.
#[derive(Parser, Debug)]
#[command(name = "callwright", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// The whole chain: forecast → staffing → schedule → simulation → report, from a scenario
    /// file or the built-in scenario.
    Plan(plan::PlanArgs),
    /// Forecast contacts per interval (mean and band) from a history CSV.
    Forecast(plan::ForecastArgs),
    /// Required agents per interval from volumes (Erlang C, or Erlang A with --patience-s).
    Staff(staff::StaffArgs),
    /// Shifts and breaks covering a requirement per interval (CSV), by mixed-integer programming.
    Schedule(plan::ScheduleArgs),
    /// Simulate a roster (shifts CSV) against a forecast (CSV) with the scenario's routing.
    Simulate(plan::SimulateArgs),
}

/// A failure the user can act on: what went wrong, and what to do about it.
#[derive(Debug)]
pub struct CliError {
    message: String,
    hint: String,
}

impl CliError {
    /// An error with its hint.
    pub fn new(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            hint: hint.into(),
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}\nhint: {}", self.message, self.hint)
    }
}

/// Parses the arguments and runs the chosen command.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Plan(args) => plan::run_plan(&args),
        Command::Forecast(args) => plan::run_forecast(&args),
        Command::Staff(args) => staff::run(&args),
        Command::Schedule(args) => plan::run_schedule(&args),
        Command::Simulate(args) => plan::run_simulate(&args),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}
