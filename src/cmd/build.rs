//! `feedcal build`: runs [`feedcal::build::build`], prints its summary (or
//! why nothing was published), and writes the `--report` JSON.

use std::path::PathBuf;

use feedcal::build::{self, BuildOptions, Built, Counts};
use feedcal::config::{Config, Previous};
use feedcal::lock::LockError;
use feedcal::model::{LeftOutOf, OutputKind, PostError, WarningKind};
use feedcal::previous;
use feedcal::publish::{Fault, PublishError, PublishOptions, Shrink, WriteStatus};
use feedcal::render::ics::EventHistory;
use feedcal::site::LoadOptions;

use super::{exit, load_config, print_errors, BuildArgs, GlobalArgs};

/// Runs `build`; returns the exit code.
pub fn run(g: &GlobalArgs, args: &BuildArgs) -> u8 {
    let mut report = RunReport {
        format: 1,
        ..RunReport::default()
    };
    let code = build(g, args, &mut report);
    report.exit_code = code;
    report.status = match code {
        exit::OK => "ok",
        exit::POSTS_SKIPPED => "published-with-errors",
        exit::USAGE => "usage-error",
        exit::PREVIOUS_UNREADABLE => "previous-unreadable",
        exit::LOCKED => "locked",
        _ => "not-published",
    };
    // The run holding the lock writes its own report.
    if let (Some(path), false) = (&args.report, code == exit::LOCKED) {
        let written = serde_json::to_vec_pretty(&report)
            .map_err(std::io::Error::other)
            .and_then(|mut json| {
                json.push(b'\n');
                feedcal::publish::write_file_atomically(path, &json)
            });
        if let Err(e) = written {
            eprintln!("feedcal: cannot write the report {}: {e}", path.display());
        }
    }
    code
}

/// The `--report` JSON: one object per run, for monitoring.
#[derive(Debug, Default, serde::Serialize)]
struct RunReport {
    /// Bumped when a field changes meaning.
    format: u32,
    exit_code: u8,
    /// `ok`, `published-with-errors`, `not-published`, `usage-error`,
    /// `previous-unreadable`, `locked`.
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
    counts: Option<Counts>,
    files: Vec<FileEntry>,
    /// Outputs the shrink guard stopped.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    shrunk: Vec<Shrink>,
    errors: Vec<PostError>,
    warnings: Vec<WarningEntry>,
}

#[derive(Debug, serde::Serialize)]
struct FileEntry {
    path: PathBuf,
    kind: OutputKind,
    status: WriteStatus,
    items: usize,
    bytes: usize,
}

#[derive(Debug, serde::Serialize)]
struct WarningEntry {
    /// A post's source file, or the output folder for publishing warnings.
    path: PathBuf,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    kind: &'static str,
    message: String,
}

fn build(g: &GlobalArgs, args: &BuildArgs, report: &mut RunReport) -> u8 {
    let config = match load_config(g, args.today) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("feedcal: {e}");
            report.message = Some(e);
            return exit::USAGE;
        }
    };
    report.content = Some(config.content.clone());
    report.out = Some(config.out.clone());
    // `load_config` settled the run's date (`--today`, else the clock).
    let today = match config.today.map_or_else(|| build::today(&config), Ok) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("feedcal: {e}");
            report.message = Some(e);
            return exit::USAGE;
        }
    };
    let previous = match previous_calendars(g, args, &config) {
        Ok(p) => p,
        Err((code, message, hint)) => {
            report.message = Some(message);
            report.hint = hint;
            return code;
        }
    };
    let opts = BuildOptions {
        load: LoadOptions {
            content: config.content.clone(),
            drafts: config.publish.drafts,
            list_bundle_contents: g.verbose,
        },
        wait: args.wait.map(std::time::Duration::from_secs),
        publish: PublishOptions {
            shrink_guard: (!args.allow_shrink).then_some(config.shrink_guard),
        },
        today,
        previous,
    };
    let waiting = || {
        if !g.quiet {
            eprintln!(
                "feedcal: another run is publishing to {}; waiting up to {} s for it",
                config.out.display(),
                args.wait.unwrap_or(0)
            );
        }
    };
    let built = match build::build(&config, &opts, waiting) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("feedcal: {e}");
            report.message = Some(e.to_string());
            return match e {
                LockError::Busy { .. } => exit::LOCKED,
                LockError::Io { .. } => exit::NOT_PUBLISHED,
            };
        }
    };
    let code = finish(&built, &config, g, args, report);
    // The process ends right after: freeing every post one allocation at a
    // time costs a tenth of a large run, and the OS reclaims it all at once.
    std::mem::forget(built);
    code
}

/// The calendars `--previous` (else the config's `previous`) names, or
/// (exit code, message, hint) after printing why they could not be read.
fn previous_calendars(
    g: &GlobalArgs,
    args: &BuildArgs,
    config: &Config,
) -> Result<Option<EventHistory>, (u8, String, Option<String>)> {
    let source = match &args.previous {
        // A flag's folder is relative to where feedcal runs.
        Some(s) => match Previous::parse(s, std::path::Path::new("")) {
            Ok(p) => p,
            Err(e) => {
                let message = format!("--previous {e}");
                eprintln!("feedcal: {message}");
                return Err((exit::USAGE, message, None));
            }
        },
        None => match &config.previous {
            Some(p) => p.clone(),
            None => return Ok(None),
        },
    };
    match previous::read(&source, previous::HTTP_TIMEOUT) {
        Ok(p) => {
            if g.verbose {
                eprintln!(
                    "previous: {} published events read from {}",
                    p.history.events.len(),
                    p.read_from
                );
            }
            Ok(Some(p.history))
        }
        Err(e) => {
            eprintln!("feedcal: nothing published: cannot read the previous calendars: {e}");
            eprintln!("  {}", e.hint);
            Err((
                exit::PREVIOUS_UNREADABLE,
                format!("cannot read the previous calendars: {e}"),
                Some(e.hint),
            ))
        }
    }
}

/// Prints and reports what a build did; returns the exit code.
fn finish(
    built: &Built,
    config: &Config,
    g: &GlobalArgs,
    args: &BuildArgs,
    report: &mut RunReport,
) -> u8 {
    let counts = Counts::of(&built.site, &built.left_out);
    report.errors = built.site.errors.clone();
    // Only a report lists every warning: a copy of each would otherwise be
    // held for nothing (tens of MB on a large site).
    if args.report.is_some() {
        report_warnings(built, report);
    }
    print_errors(&built.site.errors);
    if g.verbose {
        let t = built.timings;
        eprintln!(
            "time: read {:.2} s, render and publish {:.2} s, total {:.2} s",
            t.read.as_secs_f64(),
            t.publish.as_secs_f64(),
            t.total.as_secs_f64()
        );
    }
    let published = match &built.published {
        Ok(p) => p,
        Err(e) => {
            print_refusal(e, config);
            report.message = Some(format!("{}: {}", e.path.display(), e.message));
            report.hint = Some(e.hint.clone());
            report.shrunk = e.shrunk.clone();
            report.counts = Some(counts);
            return exit::NOT_PUBLISHED;
        }
    };
    report_published(built, &published.warnings, config, report);
    if !g.quiet {
        print_warnings(built, &published.warnings);
        print_summary(built, config, &counts, g.verbose);
    }
    report.counts = Some(counts);
    if g.verbose {
        for (path, why) in &built.site.skipped {
            eprintln!("skipped {}: {why}", path.display());
        }
    }
    if built.site.errors.is_empty() {
        exit::OK
    } else {
        exit::POSTS_SKIPPED
    }
}

/// The files of a published run, and its publishing warnings, into the report.
fn report_published(built: &Built, warnings: &[String], config: &Config, report: &mut RunReport) {
    for w in warnings {
        report.warnings.push(WarningEntry {
            path: config.out.clone(),
            line: None,
            kind: "publish",
            message: w.clone(),
        });
    }
    for f in &built.files {
        if let Some(status) = f.status {
            report.files.push(FileEntry {
                path: config.out.join(&f.path),
                kind: f.kind,
                status,
                items: f.items,
                bytes: f.bytes,
            });
        }
    }
}

fn report_warnings(built: &Built, report: &mut RunReport) {
    for p in &built.site.posts {
        for w in p.all_warnings() {
            report.warnings.push(WarningEntry {
                path: p.source.path.clone(),
                line: w.line,
                kind: w.kind.as_str(),
                message: w.message.clone(),
            });
        }
    }
}

fn print_refusal(e: &PublishError, config: &Config) {
    if e.fault != Fault::Shrink {
        eprintln!("feedcal: nothing published: {e}");
        return;
    }
    eprintln!("feedcal: nothing published: {}", e.message);
    for s in &e.shrunk {
        eprintln!(
            "  {}: {} {} published, {} in this run",
            s.path.display(),
            s.published,
            s.kind.counts(),
            s.new
        );
    }
    eprintln!("  {} ({})", e.hint, config.content.display());
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

fn print_warnings(built: &Built, publishing: &[String]) {
    for w in &built.section_warnings {
        eprintln!("warning: {w}");
    }
    for p in &built.site.posts {
        for w in p.all_warnings().filter(|w| is_reading_warning(w.kind)) {
            match w.line {
                Some(l) => eprintln!("warning: {}:{l}: {}", p.source.path.display(), w.message),
                None => eprintln!("warning: {}: {}", p.source.path.display(), w.message),
            }
        }
    }
    for w in publishing {
        eprintln!("warning: {w}");
    }
}

fn print_summary(built: &Built, config: &Config, s: &Counts, verbose: bool) {
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
    let other_warnings = built
        .site
        .posts
        .iter()
        .flat_map(|p| p.all_warnings())
        .filter(|w| !is_reading_warning(w.kind))
        .count();
    if other_warnings > 0 {
        println!("  run `feedcal check` to see the {other_warnings} warning(s) about event times");
    }
    // Left out of calendars for want of an event time is what the warnings
    // above are about; a post left out of feeds has no warning of its own.
    let no_date = built
        .left_out
        .iter()
        .filter(|l| l.from == LeftOutOf::Feeds)
        .count();
    if no_date > 0 {
        println!(
            "  {no_date} post(s) left out of every feed (no date); `feedcal check` names them"
        );
    }
    // The site, language and section files are listed; per-tag, per-category
    // and single-event files are counted (a site has hundreds), or listed with -v.
    let (mut others, mut written, mut unchanged) = (0usize, 0usize, 0usize);
    for f in &built.files {
        let Some(status) = f.status else { continue };
        let listed = verbose || f.guarded || f.kind == OutputKind::Html;
        if !listed {
            others += 1;
            match status {
                WriteStatus::Written => written += 1,
                WriteStatus::Unchanged => unchanged += 1,
            }
            continue;
        }
        let status = match status {
            WriteStatus::Written => "written",
            WriteStatus::Unchanged => "unchanged",
        };
        println!(
            "  {:<10} {:>5} {:<6} {}",
            status,
            f.items,
            f.kind.counts(),
            config.out.join(&f.path).display()
        );
    }
    if others > 0 {
        println!(
            "  and {others} tag, category, upcoming and single-event files ({written} written, {unchanged} unchanged; -v lists them)"
        );
    }
}
