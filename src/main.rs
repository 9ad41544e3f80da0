//! The `feedcal` binary: parses the command line, runs the command with the
//! library, prints, exits (see `cmd`).

mod cmd;

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = cmd::Cli::parse();
    std::process::ExitCode::from(cmd::run(&cli))
}
