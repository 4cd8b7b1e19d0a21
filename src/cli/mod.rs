//! Command-line parsing and dispatch.

use std::process::ExitCode;

use clap::Parser;

/// callwright: contact-centre planning from the command line.
#[derive(Parser, Debug)]
#[command(name = "callwright", version, about)]
struct Cli {}

/// Parses the arguments and runs the chosen command.
pub fn run() -> ExitCode {
    let _cli = Cli::parse();
    ExitCode::SUCCESS
}
