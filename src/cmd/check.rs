//! `feedcal check`: runs [`feedcal::build::check`] and prints, per post, the
//! decision and its evidence, the outputs it is left out of and why, and
//! every warning; then totals. Text for people, JSON for machines; both
//! from the same [`Report`].

use std::fmt::Write as _;

use feedcal::build::{self, Checked, Counts};
use feedcal::config::Config;
use feedcal::model::{
    DateSource, EventDecision, EventWhen, LeftOut, LeftOutOf, LeftOutReason, Post, PostError,
    Warning,
};
use feedcal::site::LoadOptions;
use serde::Serialize;

use super::{exit, load_config, print_errors, CheckArgs, Format, GlobalArgs};

/// Runs `check`; returns the exit code.
pub fn run(g: &GlobalArgs, args: &CheckArgs) -> u8 {
    let config = match load_config(g, None) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("feedcal: {e}");
            return exit::USAGE;
        }
    };
    let load = LoadOptions {
        content: config.content.clone(),
        drafts: config.publish.drafts,
        list_bundle_contents: g.verbose,
    };
    let checked = build::check(&config, &load);
    if !g.quiet {
        for w in &checked.section_warnings {
            eprintln!("warning: {w}");
        }
    }
    let report = Report::of(&checked);
    match args.format {
        Format::Json => match serde_json::to_string_pretty(&report) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("feedcal: cannot write JSON: {e}");
                return exit::NOT_PUBLISHED;
            }
        },
        Format::Text if g.quiet => print_errors(&checked.site.errors),
        Format::Text => {
            if g.verbose {
                for line in config.provenance_lines() {
                    println!("config: {line}");
                }
                for f in &checked.sections {
                    println!(
                        "config: sections.{}.kind = {}  (found: {} of {} posts have an event time; {})",
                        feedcal::sections::toml_key(&f.name),
                        f.kind.as_str(),
                        f.timed,
                        f.posts,
                        f.why
                    );
                }
            }
            print!("{}", to_text(&report, &checked, &config, g.verbose))
        }
    }
    // A post left out of an output is a warning too: nothing may vanish silently.
    let denied = args.deny.is_some()
        && (report.summary.warnings > 0
            || !checked.left_out.is_empty()
            || !checked.section_warnings.is_empty());
    if !checked.site.errors.is_empty() || denied {
        exit::POSTS_SKIPPED
    } else {
        exit::OK
    }
}

/// The `check --format json` report.
#[derive(Debug, Serialize)]
struct Report<'a> {
    posts: Vec<PostReport<'a>>,
    errors: &'a [PostError],
    summary: Counts,
}

#[derive(Debug, Serialize)]
struct PostReport<'a> {
    path: &'a str,
    title: &'a str,
    url: &'a str,
    section: &'a str,
    lang: &'a str,
    /// Where the feed date came from (`front-matter:date`, `file-name`, `event-start`).
    date_source: Option<&'a DateSource>,
    #[serde(skip_serializing_if = "Option::is_none")]
    event: Option<&'a EventDecision>,
    /// Published as cancelled (`STATUS:CANCELLED`, no "add to calendar").
    cancelled: bool,
    /// The outputs the post is left out of, and why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    left_out: Vec<LeftOutReport>,
    warnings: Vec<&'a Warning>,
}

#[derive(Debug, Serialize)]
struct LeftOutReport {
    from: LeftOutOf,
    reason: LeftOutReason,
    message: &'static str,
}

impl<'a> Report<'a> {
    fn of(checked: &'a Checked) -> Report<'a> {
        let site = &checked.site;
        let left_out = by_post(checked);
        let posts = site
            .posts
            .iter()
            .zip(&left_out)
            .map(|(p, left_out)| PostReport {
                path: &p.source.rel_path,
                title: &p.title,
                url: &p.url,
                section: &p.source.section,
                lang: &p.source.lang,
                date_source: p.date_source.as_ref(),
                event: p.event.as_ref(),
                cancelled: p.cancelled,
                left_out: left_out
                    .iter()
                    .map(|l| LeftOutReport {
                        from: l.from,
                        reason: l.reason,
                        message: l.reason.message(),
                    })
                    .collect(),
                warnings: p.warnings.iter().collect(),
            })
            .collect();
        Report {
            posts,
            errors: &site.errors,
            summary: Counts::of(site, &checked.left_out),
        }
    }
}

/// The outputs each post is left out of, by post.
fn by_post(checked: &Checked) -> Vec<Vec<&LeftOut>> {
    let mut by_post = vec![Vec::new(); checked.site.posts.len()];
    for l in &checked.left_out {
        if let Some(of_post) = by_post.get_mut(l.post) {
            of_post.push(l);
        }
    }
    by_post
}

/// Human-readable `check` output. `verbose` also lists posts without anything to say.
fn to_text(report: &Report<'_>, checked: &Checked, config: &Config, verbose: bool) -> String {
    let mut out = String::new();
    for (post, left_out) in checked.site.posts.iter().zip(by_post(checked)) {
        let interesting =
            post.event.is_some() || post.all_warnings().next().is_some() || !left_out.is_empty();
        if interesting || verbose {
            post_text(&mut out, post, &left_out, config);
        }
    }
    for e in report.errors {
        let _ = writeln!(out, "error: {e}");
    }
    let s = &report.summary;
    let _ = write!(
        out,
        "\n{} posts ({} event posts: {} timed, {} all-day, {} without a time; {} ended by the default duration), {} drafts left out",
        s.posts, s.event_posts, s.timed, s.all_day, s.without_time, s.default_end, s.drafts_skipped
    );
    if s.left_out_of_feeds > 0 {
        let _ = write!(out, ", {} left out of feeds", s.left_out_of_feeds);
    }
    let _ = writeln!(
        out,
        ", {} files with errors, {} warnings",
        s.errors, s.warnings
    );
    for (kind, n) in &s.warnings_by_kind {
        let _ = writeln!(out, "  {n:>4} {kind}");
    }
    out
}

fn post_text(out: &mut String, post: &Post, left_out: &[&LeftOut], config: &Config) {
    let _ = writeln!(out, "{}", post.source.path.display());
    let _ = writeln!(out, "  title: {}", post.title);
    // Only a date that is not the front matter's `date` is worth a line.
    if let (Some(date), Some(from)) = (post.date, &post.date_source) {
        if *from != DateSource::FrontMatter("date".into()) {
            let day = date.with_timezone(&config.time_zone).format("%Y-%m-%d");
            let _ = writeln!(out, "  date:  {day} (from {from})");
        }
    }
    if let Some(ev) = &post.event {
        match &ev.when {
            Some(when) => {
                let _ = writeln!(out, "  event: {}", when_text(when, post, config));
            }
            None => {
                let _ = writeln!(out, "  event: none (not in the calendar)");
            }
        }
        for (n, session) in ev.sessions.iter().enumerate() {
            let _ = writeln!(
                out,
                "  session {}: {}",
                n + 1,
                when_text(session, post, config)
            );
        }
        if let Some(evd) = &ev.evidence {
            match evd.line {
                Some(l) => {
                    let _ = writeln!(out, "  from:  line {l}: {}", evd.text);
                }
                None => {
                    let _ = writeln!(out, "  from:  {}", evd.text);
                }
            }
        }
        if let Some(why) = &ev.reason {
            let _ = writeln!(out, "  why:   {why}");
        }
        if let Some(rule) = &ev.year_rule {
            let _ = writeln!(out, "  year:  {rule}");
        }
    }
    // Said out loud: a wrong `cancelled` tells subscribers not to come.
    if post.cancelled {
        let _ = writeln!(
            out,
            "  status: cancelled (title, front matter or a `Cancelled`/`已取消` line); \
             published as STATUS:CANCELLED"
        );
    }
    // An event post without a time is left out of calendars: its `event:`
    // line above says so, and its warning says why.
    let stated = (LeftOutOf::Calendars, LeftOutReason::NoEventTime);
    for l in left_out.iter().filter(|l| (l.from, l.reason) != stated) {
        let what = match l.from {
            LeftOutOf::Feeds => "feeds",
            LeftOutOf::Calendars => "calendars",
        };
        let _ = writeln!(out, "  left out of {what}: {}", l.reason.message());
    }
    for w in post.all_warnings() {
        match w.line {
            Some(l) => {
                let _ = writeln!(
                    out,
                    "  warning[{}] {}:{l}: {}",
                    w.kind,
                    post.source.path.display(),
                    w.message
                );
            }
            None => {
                let _ = writeln!(out, "  warning[{}] {}", w.kind, w.message);
            }
        }
    }
}

/// An event time as `check` shows it, in the site's words.
fn when_text(when: &EventWhen, post: &Post, config: &Config) -> String {
    match when {
        EventWhen::Timed {
            start,
            end,
            end_stated,
            zone,
        } => {
            let end_fmt = if end.date() == start.date() {
                end.format("%H:%M").to_string()
            } else {
                end.format("%Y-%m-%d %H:%M").to_string()
            };
            let mut text = format!(
                "{} – {} {}",
                start.format("%Y-%m-%d %H:%M (%a)"),
                end_fmt,
                zone.name()
            );
            if !end_stated {
                let section = config.section(&post.source.section);
                let mins = section.map_or(0, |s| s.default_duration.num_minutes());
                let _ = write!(
                    text,
                    " (no end written: default duration {}h{:02}m)",
                    mins / 60,
                    mins % 60
                );
            }
            text
        }
        EventWhen::AllDay { first, last } if first == last => {
            format!("{} (all day)", first.format("%Y-%m-%d (%a)"))
        }
        EventWhen::AllDay { first, last } => format!(
            "{} – {} (all day)",
            first.format("%Y-%m-%d"),
            last.format("%Y-%m-%d")
        ),
    }
}
