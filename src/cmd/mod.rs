//! The command line: every flag defined and documented here, once (`--help`
//! is generated from these comments); each command in its own file, which
//! calls the library and prints what it returns.

mod build;
mod check;
mod generated;
mod init;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use feedcal::config::{Config, Flags};
use feedcal::model::PostError;

/// Exit codes, for cron and site CI.
pub mod exit {
    /// Everything read and published.
    pub const OK: u8 = 0;
    /// Published, but some posts were skipped with errors (or `check --deny warnings` found warnings).
    pub const POSTS_SKIPPED: u8 = 1;
    /// Bad usage or configuration; nothing written.
    pub const USAGE: u8 = 2;
    /// Refused to publish (shrink guard, self-check, unsafe path) or could not
    /// write; the previous files are intact.
    pub const NOT_PUBLISHED: u8 = 3;
    /// `--previous` (or the config's `previous`) could not be read: server
    /// down, timeout, HTTP error, not a calendar. Nothing published.
    pub const PREVIOUS_UNREADABLE: u8 = 4;
    /// Another run holds the output folder's lock (EX_TEMPFAIL: try again later).
    pub const LOCKED: u8 = 75;
}

const AFTER_HELP: &str = "\
Examples:
  feedcal build                                  # feeds/feedcal.toml → its output folder
  feedcal build --content site/content --out public/feeds
  feedcal --quiet build --wait 300 --report /var/lib/feedcal/last-run.json   # from cron
  feedcal build --site . --previous https://example.org/feeds/   # CI: clean folder, SEQUENCE kept
  feedcal check --format json > report.json
  feedcal check --deny warnings                  # fail site CI on any warning

Exit codes:
  0   all good
  1   published (or checked), but some posts were skipped with errors;
      with `check --deny warnings`, any warning
  2   bad usage or configuration, nothing written
  3   refused to publish (shrink guard, self-check, unsafe output path) or
      could not write; the previously published files are intact
  4   the calendars named by --previous (or `previous` in the config) could
      not be read (server down, timeout, HTTP error, not a calendar);
      nothing published
  75  another feedcal run holds the output folder's lock (see --wait)

A build publishes all outputs or none: each changed output is parsed back and
checked, written to a staging folder inside the output folder, and only when
all are staged and synced to disk renamed into place. Files whose bytes did
not change are not touched.";

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
    /// Read the site generator's own config in DIR (Hugo, Hexo, Jekyll, Zola,
    /// Docusaurus, VuePress, Pelican): base URL, languages, permalinks, publish folder
    /// and rules. feedcal.toml in DIR is the config file unless `--config`.
    /// Example: `--site ../my-hugo-site`
    #[arg(long, global = true, value_name = "DIR")]
    pub site: Option<PathBuf>,
    /// Include posts marked `draft: true`.
    #[arg(long, global = true)]
    pub drafts: bool,
    /// Include posts dated after the run's date (Hugo's `--buildFuture`).
    #[arg(long, global = true)]
    pub future: bool,
    /// Include posts past their `expiryDate` (Hugo's `--buildExpired`).
    #[arg(long, global = true)]
    pub expired: bool,
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
    Build(BuildArgs),
    /// Read every post and report, per post, the event time decided and its
    /// evidence, and every warning. Writes nothing.
    Check(CheckArgs),
    /// Write a commented feedcal.toml for the site (`--site DIR`, default the
    /// current folder) from its generator config and its posts: which
    /// sections are events, where the outputs go. Never overwrites a file
    /// (exit 2). Written to DIR/feedcal.toml, or to `--config PATH`.
    Init,
    /// Print a shell completion script. Example: `feedcal completions bash >
    /// /etc/bash_completion.d/feedcal`, `feedcal completions zsh >
    /// ~/.zfunc/_feedcal`, `feedcal completions fish >
    /// ~/.config/fish/completions/feedcal.fish`
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff). Example: `feedcal man > /usr/local/share/man/man1/feedcal.1`
    Man,
}

#[derive(Debug, Default, Args)]
pub struct BuildArgs {
    /// When another run is publishing to the same output folder, wait up to
    /// SECONDS for it to finish instead of exiting with 75. Example: `--wait 600`
    #[arg(long, value_name = "SECONDS")]
    pub wait: Option<u64>,
    /// Publish even when a feed or calendar would lose more than
    /// `shrink_guard` (config, default 0.5) of the items it has now: for a run
    /// after posts were removed on purpose.
    #[arg(long)]
    pub allow_shrink: bool,
    /// Write a JSON summary of the run (exit code, counts, files written or
    /// unchanged, errors, warnings) to FILE, atomically, for monitoring. Not
    /// written when the run exits 75: the run holding the lock writes its own.
    /// Example: `--report /var/lib/feedcal/last-run.json`
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// The run's date (YYYY-MM-DD), which splits upcoming from past events in
    /// `index.html` and `upcoming.ics`. Default: `SOURCE_DATE_EPOCH` when set,
    /// else today in the site's zone. Example: `--today 2024-11-25`
    #[arg(long, value_name = "DATE")]
    pub today: Option<chrono::NaiveDate>,
    /// Where the currently published calendars are: the URL the output
    /// folder is served at, or a folder holding a copy. Each event's SEQUENCE
    /// continues from there, so a build into a clean folder (CI) still tells
    /// subscribers that a moved event changed. Overrides the config's
    /// `previous`. If they cannot be read, nothing is published (exit 4).
    /// Example: `--previous https://example.org/feeds/`
    #[arg(long, value_name = "DIR|URL")]
    pub previous: Option<String>,
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

/// Runs a parsed command line; returns the exit code.
pub fn run(cli: &Cli) -> u8 {
    match &cli.command {
        Command::Build(args) => build::run(&cli.global, args),
        Command::Check(args) => check::run(&cli.global, args),
        Command::Init => init::run(&cli.global),
        Command::Completions { shell } => generated::completions(*shell),
        Command::Man => generated::man(),
    }
}

/// The config every command runs with: built-in defaults < the site's own
/// config (`--site`) < feedcal.toml < flags. `today` is `--today` where the
/// command has it; without it the run's date is `SOURCE_DATE_EPOCH`, else
/// today in the site's zone (the publish rules compare dates with it).
pub(crate) fn load_config(
    g: &GlobalArgs,
    today: Option<chrono::NaiveDate>,
) -> Result<Config, String> {
    let flags = Flags {
        config: g.config.clone(),
        site: g.site.clone(),
        content: g.content.clone(),
        out: g.out.clone(),
        future: g.future,
        expired: g.expired,
        drafts: g.drafts,
        today,
        no_config_file: false,
    };
    let mut config = Config::resolve(&flags).map_err(|e| e.to_string())?;
    if config.today.is_none() {
        config.today = Some(feedcal::build::today(&config)?);
    }
    if !g.quiet {
        for w in &config.warnings {
            eprintln!("warning: {w}");
        }
    }
    if !config.content.is_dir() {
        return Err(format!(
            "{}: the content folder does not exist or is not a folder (pass --content DIR or set `content` in the config)",
            config.content.display()
        ));
    }
    Ok(config)
}

/// The files that could not be read, on stderr.
fn print_errors(errors: &[PostError]) {
    for e in errors {
        eprintln!("error: {e}");
    }
}
