//! `feedcal completions SHELL` and `feedcal man`: generated from the clap
//! definitions in `cmd/mod.rs`, so they cannot drift from `--help`.

use std::io::Write;

use clap::CommandFactory;

use super::{exit, Cli};

/// Prints the completion script for `shell` on stdout.
pub fn completions(shell: clap_complete::Shell) -> u8 {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "feedcal", &mut out);
    print(&out)
}

/// Prints the man page (roff, section 1) on stdout.
pub fn man() -> u8 {
    let mut out = Vec::new();
    if let Err(e) = clap_mangen::Man::new(Cli::command()).render(&mut out) {
        eprintln!("feedcal: cannot render the man page: {e}");
        return exit::NOT_PUBLISHED;
    }
    print(&out)
}

/// A closed pipe (`feedcal man | head`) is not an error worth a message.
fn print(bytes: &[u8]) -> u8 {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => exit::OK,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => exit::OK,
        Err(e) => {
            eprintln!("feedcal: cannot write to stdout: {e}");
            exit::USAGE
        }
    }
}
