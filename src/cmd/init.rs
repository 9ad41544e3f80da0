//! `feedcal init`: writes a commented feedcal.toml for a site from what
//! [`feedcal::init`] finds in it, and never overwrites one.

use std::path::PathBuf;

use feedcal::config::Config;

use super::{exit, GlobalArgs};

/// Runs `init`; returns the exit code.
pub fn run(g: &GlobalArgs) -> u8 {
    let site = g.site.clone().unwrap_or_else(|| PathBuf::from("."));
    let today = match feedcal::build::today(&Config::default()) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("feedcal: {e}");
            return exit::USAGE;
        }
    };
    let written = feedcal::init::plan(&site, g.config.as_deref(), Some(today))
        .and_then(|plan| feedcal::init::write_new(&plan).map(|()| plan));
    match written {
        Ok(plan) => {
            if !g.quiet {
                println!("wrote {}", plan.path.display());
                for s in &plan.sections {
                    println!(
                        "  {:<20} {:?}: {} of {} posts have an event time",
                        s.name, s.kind, s.timed, s.posts
                    );
                }
            }
            exit::OK
        }
        Err(e) => {
            eprintln!("feedcal: {e}");
            exit::USAGE
        }
    }
}
