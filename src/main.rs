//! The `callwright` command line.
#![allow(clippy::print_stdout)]

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
