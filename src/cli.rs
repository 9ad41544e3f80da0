//! The command line: every flag defined and documented here, once; `--help`
//! is generated from these comments.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config::Config;
use crate::model::WarningKind;
use crate::publish::PublishOptions;
use crate::readback::EventHistory;
use crate::site::{self, LoadOptions};
use crate::{lock, outputs, publish, report};

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
    /// Another run holds the output folder's lock (EX_TEMPFAIL: try again later).
    pub const LOCKED: u8 = 75;
}

const AFTER_HELP: &str = "\
Examples:
  feedcal build                                  # feeds/feedcal.toml → its output folder
  feedcal build --content site/content --out public/feeds
  feedcal --quiet build --wait 300 --report /var/lib/feedcal/last-run.json   # from cron
  feedcal check --format json > report.json
  feedcal check --deny warnings                  # fail site CI on any warning

Exit codes:
  0   all good
  1   published (or checked), but some posts were skipped with errors;
      with `check --deny warnings`, any warning
  2   bad usage or configuration, nothing written
  3   refused to publish (shrink guard, self-check, unsafe output path) or
      could not write; the previously published files are intact
  75  another feedcal run holds the output folder's lock (see --wait)

A build publishes all outputs or none: each is written to a staging folder
inside the output folder, read back and checked, and only then renamed into
place. Files whose bytes did not change are not touched.";

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
    Build(BuildArgs),
    /// Read every post and report, per post, the event time decided and its
    /// evidence, and every warning. Writes nothing.
    Check(CheckArgs),
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
    match &cli.command {
        Command::Build(args) => build_command(&cli.global, args),
        Command::Check(args) => check_command(&cli.global, args),
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
    if !config.content.is_dir() {
        return Err(format!(
            "{}: the content folder does not exist or is not a folder (pass --content DIR or set `content` in the config)",
            config.content.display()
        ));
    }
    Ok(config)
}

fn print_errors(site: &site::Site) {
    for e in &site.errors {
        eprintln!("error: {e}");
    }
}

/// Warnings about how a file was read (encoding, front matter), printed by
/// `build` because they mean the source file needs fixing; event-time
/// warnings are many and are `check`'s business.
fn is_reading_warning(kind: WarningKind) -> bool {
    matches!(
        kind,
        WarningKind::Encoding | WarningKind::FrontMatterRepaired | WarningKind::FrontMatterField
    )
}

fn check_command(g: &GlobalArgs, args: &CheckArgs) -> u8 {
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
        list_bundle_contents: g.verbose,
    };
    let site = site::load(&config, &opts);
    check(&config, &site, g, args)
}

fn build_command(g: &GlobalArgs, args: &BuildArgs) -> u8 {
    let mut summary = RunSummary::default();
    let code = build(g, args, &mut summary);
    summary.exit_code = code;
    summary.status = match code {
        exit::OK => "ok",
        exit::POSTS_SKIPPED => "published-with-errors",
        exit::USAGE => "usage-error",
        exit::LOCKED => "locked",
        _ => "not-published",
    };
    if let Some(path) = &args.report {
        if code != exit::LOCKED {
            let written = serde_json::to_vec_pretty(&summary)
                .map_err(std::io::Error::other)
                .and_then(|mut json| {
                    json.push(b'\n');
                    publish::write_file_atomically(path, &json)
                });
            if let Err(e) = written {
                eprintln!("feedcal: cannot write the report {}: {e}", path.display());
            }
        }
    }
    code
}

/// The `--report` JSON: one object per run, for monitoring.
#[derive(Debug, Default, serde::Serialize)]
struct RunSummary {
    /// Bumped when a field changes meaning.
    format: u32,
    exit_code: u8,
    /// `ok`, `published-with-errors`, `not-published`, `usage-error`.
    status: &'static str,
    /// Why nothing was published (exit 2 or 3).
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hint: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    content: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    out: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    counts: Option<report::Summary>,
    files: Vec<FileSummary>,
    /// Outputs the shrink guard stopped.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    shrunk: Vec<publish::Shrink>,
    errors: Vec<crate::model::PostError>,
    warnings: Vec<WarningSummary>,
}

#[derive(Debug, serde::Serialize)]
struct FileSummary {
    path: PathBuf,
    kind: outputs::OutputKind,
    status: publish::WriteStatus,
    items: usize,
    bytes: usize,
}

#[derive(Debug, serde::Serialize)]
struct WarningSummary {
    /// A post's source file, or the output folder for publishing warnings.
    path: PathBuf,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    kind: &'static str,
    message: String,
}

fn build(g: &GlobalArgs, args: &BuildArgs, summary: &mut RunSummary) -> u8 {
    summary.format = 1;
    let config = match load_config(g) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("feedcal: {e}");
            summary.message = Some(e);
            return exit::USAGE;
        }
    };
    summary.content = Some(config.content.clone());
    summary.out = Some(config.out.clone());
    let wait = args.wait.map(std::time::Duration::from_secs);
    let _lock = match lock::acquire(&config.out, wait, || {
        if !g.quiet {
            eprintln!(
                "feedcal: another run is publishing to {}; waiting up to {} s for it",
                config.out.display(),
                args.wait.unwrap_or(0)
            );
        }
    }) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("feedcal: {e}");
            summary.message = Some(e.to_string());
            return match e {
                lock::LockError::Busy { .. } => exit::LOCKED,
                lock::LockError::Io { .. } => exit::NOT_PUBLISHED,
            };
        }
    };
    let opts = LoadOptions {
        content: config.content.clone(),
        drafts: g.drafts,
        list_bundle_contents: g.verbose,
    };
    // Stage timings for `--verbose`: stderr only, never in an output file.
    let started = std::time::Instant::now();
    let site = site::load(&config, &opts);
    let read_done = started.elapsed();
    let counts = report::summarize(&site);
    summary.errors = site.errors.clone();
    // Only a report lists every warning: a copy of each would otherwise be
    // held for nothing (tens of MB on a large site).
    let report_posts = if args.report.is_some() {
        &site.posts[..]
    } else {
        &[]
    };
    for p in report_posts {
        for w in p.all_warnings() {
            summary.warnings.push(WarningSummary {
                path: p.source.path.clone(),
                line: w.line,
                kind: w.kind.as_str(),
                message: w.message.clone(),
            });
        }
    }
    // Read under the lock: the calendars this run replaces are the ones it continues.
    let history = EventHistory::from_dir(&config.out);
    let render_opts = outputs::RenderOptions {
        history: &history,
        today: args.today.unwrap_or_else(|| outputs::today(&config)),
    };
    let rendered = outputs::render_all_with(&site, &config, &render_opts);
    let render_done = started.elapsed();
    let publish_opts = PublishOptions {
        shrink_guard: (!args.allow_shrink).then_some(config.shrink_guard),
    };
    print_errors(&site);
    let published = publish::publish(&config.out, &rendered, &publish_opts);
    if g.verbose {
        let total = started.elapsed();
        eprintln!(
            "time: read {:.2} s, render {:.2} s, publish {:.2} s, total {:.2} s",
            read_done.as_secs_f64(),
            (render_done - read_done).as_secs_f64(),
            (total - render_done).as_secs_f64(),
            total.as_secs_f64()
        );
    }
    let published = match published {
        Ok(p) => p,
        Err(e) => {
            print_refusal(&e, &config);
            summary.message = Some(format!("{}: {}", e.path.display(), e.message));
            summary.hint = Some(e.hint.clone());
            summary.shrunk = e.shrunk.clone();
            summary.counts = Some(counts);
            return exit::NOT_PUBLISHED;
        }
    };
    for w in &published.warnings {
        summary.warnings.push(WarningSummary {
            path: config.out.clone(),
            line: None,
            kind: "publish",
            message: w.clone(),
        });
    }
    for (o, w) in rendered.iter().zip(&published.files) {
        summary.files.push(FileSummary {
            path: w.path.clone(),
            kind: o.kind,
            status: w.status,
            items: o.count,
            bytes: w.bytes,
        });
    }
    if !g.quiet {
        print_summary(&site, &config, &counts, &rendered, &published, g.verbose);
    }
    summary.counts = Some(counts);
    if g.verbose {
        for (path, why) in &site.skipped {
            eprintln!("skipped {}: {why}", path.display());
        }
    }
    let code = if site.errors.is_empty() {
        exit::OK
    } else {
        exit::POSTS_SKIPPED
    };
    // The process ends right after: freeing every post and rendered file one
    // allocation at a time costs 10% of a large run, and the OS reclaims it
    // all at once anyway.
    std::mem::forget(site);
    std::mem::forget(rendered);
    code
}

fn print_refusal(e: &publish::PublishError, config: &Config) {
    if e.fault != publish::Fault::Shrink {
        eprintln!("feedcal: nothing published: {e}");
        return;
    }
    eprintln!("feedcal: nothing published: {}", e.message);
    for s in &e.shrunk {
        let what = match s.kind {
            outputs::OutputKind::Ics => "events",
            _ => "items",
        };
        eprintln!(
            "  {}: {} {what} published, {} in this run",
            s.path.display(),
            s.published,
            s.new
        );
    }
    eprintln!("  {} ({})", e.hint, config.content.display());
}

fn print_summary(
    site: &site::Site,
    config: &Config,
    s: &report::Summary,
    rendered: &[outputs::Output],
    published: &publish::Published,
    verbose: bool,
) {
    let mut other_warnings = 0;
    for p in &site.posts {
        for w in p.all_warnings() {
            if !is_reading_warning(w.kind) {
                other_warnings += 1;
                continue;
            }
            match w.line {
                Some(l) => eprintln!("warning: {}:{l}: {}", p.source.path.display(), w.message),
                None => eprintln!("warning: {}: {}", p.source.path.display(), w.message),
            }
        }
    }
    for w in &published.warnings {
        eprintln!("warning: {w}");
    }
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
    if s.errors > 0 {
        println!(
            "  {} error(s), listed above: those files are left out; every other post is published",
            s.errors
        );
    }
    if other_warnings > 0 {
        println!("  run `feedcal check` to see the {other_warnings} warning(s) about event times");
    }
    // The site, language and section files are listed; per-tag, per-category
    // and single-event files are counted (a site has hundreds), or listed with -v.
    let mut others = (0usize, 0usize, 0usize);
    for (o, w) in rendered.iter().zip(&published.files) {
        let listed = verbose || o.guarded || o.kind == outputs::OutputKind::Html;
        if !listed {
            others.0 += 1;
            match w.status {
                publish::WriteStatus::Written => others.1 += 1,
                publish::WriteStatus::Unchanged => others.2 += 1,
            }
            continue;
        }
        let what = match o.kind {
            outputs::OutputKind::Ics | outputs::OutputKind::Html => "events",
            _ => "items",
        };
        let status = match w.status {
            publish::WriteStatus::Written => "written",
            publish::WriteStatus::Unchanged => "unchanged",
        };
        println!(
            "  {:<10} {:>5} {what:<6} {}",
            status,
            o.count,
            w.path.display()
        );
    }
    if others.0 > 0 {
        println!(
            "  and {} tag, category, upcoming and single-event files ({} written, {} unchanged; -v lists them)",
            others.0, others.1, others.2
        );
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
