//! The command line: every flag defined and documented here, once; `--help`
//! is generated from these comments.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config::Config;
use crate::site::{self, LoadOptions};
use crate::{outputs, publish, report};

/// Exit codes, for cron and site CI.
pub mod exit {
    /// Everything read and published.
    pub const OK: u8 = 0;
    /// Published, but some posts were skipped with errors (or `check --deny warnings` found warnings).
    pub const POSTS_SKIPPED: u8 = 1;
    /// Bad usage or configuration; nothing written.
    pub const USAGE: u8 = 2;
    /// Refused to publish or could not write; the previous files are intact.
    pub const NOT_PUBLISHED: u8 = 3;
}

const AFTER_HELP: &str = "\
Examples:
  feedcal build                                  # feeds/feedcal.toml → its output folder
  feedcal build --content site/content --out public/feeds
  feedcal check --format json > report.json
  feedcal check --deny warnings                  # fail site CI on any warning

Exit codes:
  0  all good
  1  published (or checked), but some posts were skipped with errors;
     with `check --deny warnings`, any warning
  2  bad usage or configuration, nothing written
  3  refused to publish or could not write; previous files are intact";

/// Turn Hugo event posts into RSS 2.0, Atom 1.0 and iCalendar feeds with
/// correct local event times.
#[derive(Debug, Parser)]
#[command(name = "feedcal", version, about, after_help = AFTER_HELP)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Config file (TOML). Without this flag, `feeds/feedcal.toml` is used when
    /// it exists, else built-in defaults. Example: `--config site/feedcal.toml`
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Content root to read (Hugo's `content/`), overriding the config.
    /// Example: `--content ../site/content`
    #[arg(long, global = true, value_name = "DIR")]
    pub content: Option<PathBuf>,
    /// Output folder, overriding the config. Example: `--out /var/www/feeds`
    #[arg(long, global = true, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Include posts marked `draft: true`.
    #[arg(long, global = true)]
    pub drafts: bool,
    /// Print nothing on success; only errors (for cron, which mails any output).
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Say more: skipped files, every post in `check`.
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read every post and write the feeds and calendars.
    Build,
    /// Read every post and report, per post, the event time decided and its
    /// evidence, and every warning. Writes nothing.
    Check(CheckArgs),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Output format. Example: `--format json`
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Make warnings fail: `--deny warnings` exits 1 when any post has a warning.
    #[arg(long, value_name = "WHAT", value_parser = ["warnings"])]
    pub deny: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

pub const DEFAULT_CONFIG: &str = "feeds/feedcal.toml";

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    ExitCode::from(run(&cli))
}

/// Runs a parsed command line; returns the exit code.
pub fn run(cli: &Cli) -> u8 {
    let g = &cli.global;
    let config = match load_config(g) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("feedcal: {e}");
            return exit::USAGE;
        }
    };
    let opts = LoadOptions {
        content: config.content.clone(),
        drafts: g.drafts,
    };
    let site = site::load(&config, &opts);
    if !site.errors.is_empty() && site.posts.is_empty() && !opts.content.is_dir() {
        for e in &site.errors {
            eprintln!("feedcal: {e}");
        }
        return exit::USAGE;
    }
    match &cli.command {
        Command::Build => build(&config, &site, g),
        Command::Check(args) => check(&config, &site, g, args),
    }
}

fn load_config(g: &GlobalArgs) -> Result<Config, String> {
    let mut config = match &g.config {
        Some(path) => Config::load(path).map_err(|e| e.to_string())?,
        None if Path::new(DEFAULT_CONFIG).is_file() => {
            Config::load(Path::new(DEFAULT_CONFIG)).map_err(|e| e.to_string())?
        }
        None => Config::default(),
    };
    if let Some(c) = &g.content {
        config.content = c.clone();
    }
    if let Some(o) = &g.out {
        config.out = o.clone();
    }
    Ok(config)
}

fn print_errors(site: &site::Site) {
    for e in &site.errors {
        eprintln!("error: {e}");
    }
}

fn build(config: &Config, site: &site::Site, g: &GlobalArgs) -> u8 {
    print_errors(site);
    let rendered = outputs::render_all(site, config);
    let written = match publish::publish(&config.out, &rendered) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("feedcal: nothing published: {e}");
            return exit::NOT_PUBLISHED;
        }
    };
    if !g.quiet {
        let r = report::build(site);
        let s = &r.summary;
        println!(
            "read {} posts from {} ({} event posts: {} timed, {} all-day, {} without a time), {} warnings, {} errors",
            s.posts,
            config.content.display(),
            s.event_posts,
            s.timed,
            s.all_day,
            s.without_time,
            s.warnings,
            s.errors
        );
        if s.warnings > 0 {
            println!("  run `feedcal check` to see the warnings");
        }
        for (o, w) in rendered.iter().zip(&written) {
            let what = match o.kind {
                outputs::OutputKind::Ics => "events",
                _ => "items",
            };
            let status = match w.status {
                publish::WriteStatus::Written => "written",
                publish::WriteStatus::Unchanged => "unchanged",
            };
            println!("  {:<10} {:>5} {what:<6} {}", status, o.count, w.path.display());
        }
    }
    if g.verbose {
        for (path, why) in crate::discover::discover(&config.content, config).skipped {
            eprintln!("skipped {}: {why}", path.display());
        }
    }
    if site.errors.is_empty() {
        exit::OK
    } else {
        exit::POSTS_SKIPPED
    }
}

fn check(config: &Config, site: &site::Site, g: &GlobalArgs, args: &CheckArgs) -> u8 {
    let r = report::build(site);
    match args.format {
        Format::Json => match serde_json::to_string_pretty(&r) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("feedcal: cannot write JSON: {e}");
                return exit::NOT_PUBLISHED;
            }
        },
        Format::Text => {
            if !g.quiet {
                print!("{}", report::to_text(&r, site, config, g.verbose));
            } else {
                print_errors(site);
            }
        }
    }
    let denied = args.deny.is_some() && r.summary.warnings > 0;
    if !site.errors.is_empty() || denied {
        exit::POSTS_SKIPPED
    } else {
        exit::OK
    }
}
