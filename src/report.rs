//! What `check` prints, and the counts `build` summarises: per post the
//! decision and its evidence, then totals. Text for people, JSON for machines;
//! both from the same [`Report`].

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::config::Config;
use crate::model::{EventWhen, Post, PostError};
use crate::site::Site;

#[derive(Debug, Serialize)]
pub struct Report<'a> {
    pub posts: Vec<PostReport<'a>>,
    pub errors: &'a [PostError],
    pub summary: Summary,
}

#[derive(Debug, Serialize)]
pub struct PostReport<'a> {
    pub path: &'a str,
    pub title: &'a str,
    pub url: &'a str,
    pub section: &'a str,
    pub lang: &'a str,
    /// Where the feed date came from (`front-matter:date`, `file-name`, `event-start`).
    pub date_source: Option<&'a crate::model::DateSource>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<&'a crate::model::EventDecision>,
    pub warnings: Vec<&'a crate::model::Warning>,
}

#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub posts: usize,
    pub event_posts: usize,
    pub timed: usize,
    pub all_day: usize,
    pub without_time: usize,
    pub default_end: usize,
    pub drafts_skipped: usize,
    pub errors: usize,
    pub warnings: usize,
    pub warnings_by_kind: BTreeMap<&'static str, usize>,
}

pub fn build(site: &Site) -> Report<'_> {
    let posts = site
        .posts
        .iter()
        .map(|p| PostReport {
            path: &p.source.rel_path,
            title: &p.title,
            url: &p.url,
            section: &p.source.section,
            lang: &p.source.lang,
            date_source: p.date_source.as_ref(),
            event: p.event.as_ref(),
            warnings: p.warnings.iter().collect(),
        })
        .collect();
    Report {
        posts,
        errors: &site.errors,
        summary: summarize(site),
    }
}

/// The totals alone (what `build` prints), without a per-post report.
pub fn summarize(site: &Site) -> Summary {
    let mut summary = Summary {
        posts: site.posts.len(),
        errors: site.errors.len(),
        drafts_skipped: site.drafts_skipped,
        ..Default::default()
    };
    for p in &site.posts {
        if let Some(e) = &p.event {
            summary.event_posts += 1;
            match &e.when {
                Some(EventWhen::Timed { end_stated, .. }) => {
                    summary.timed += 1;
                    if !end_stated {
                        summary.default_end += 1;
                    }
                }
                Some(EventWhen::AllDay { .. }) => summary.all_day += 1,
                None => summary.without_time += 1,
            }
        }
        for w in p.all_warnings() {
            summary.warnings += 1;
            *summary.warnings_by_kind.entry(w.kind.as_str()).or_default() += 1;
        }
    }
    summary
}

/// Human-readable `check` output. `verbose` also lists posts without anything to say.
pub fn to_text(report: &Report<'_>, site: &Site, config: &Config, verbose: bool) -> String {
    let mut out = String::new();
    for post in &site.posts {
        let interesting = post.event.is_some() || post.all_warnings().next().is_some();
        if !interesting && !verbose {
            continue;
        }
        post_text(&mut out, post, config);
    }
    for e in report.errors {
        let _ = writeln!(out, "error: {e}");
    }
    let s = &report.summary;
    let _ = writeln!(
        out,
        "\n{} posts ({} event posts: {} timed, {} all-day, {} without a time; {} ended by the default duration), {} drafts left out, {} files with errors, {} warnings",
        s.posts, s.event_posts, s.timed, s.all_day, s.without_time, s.default_end, s.drafts_skipped, s.errors, s.warnings
    );
    for (kind, n) in &s.warnings_by_kind {
        let _ = writeln!(out, "  {n:>4} {kind}");
    }
    out
}

fn post_text(out: &mut String, post: &Post, config: &Config) {
    let _ = writeln!(out, "{}", post.source.path.display());
    let _ = writeln!(out, "  title: {}", post.title);
    // Only a date that is not the front matter's `date` is worth a line.
    if let (Some(date), Some(from)) = (post.date, &post.date_source) {
        if *from != crate::model::DateSource::FrontMatter("date".into()) {
            let day = date.with_timezone(&config.time_zone).format("%Y-%m-%d");
            let _ = writeln!(out, "  date:  {day} (from {from})");
        }
    }
    if let Some(ev) = &post.event {
        match &ev.when {
            Some(EventWhen::Timed {
                start,
                end,
                end_stated,
                zone,
            }) => {
                let end_fmt = if end.date() == start.date() {
                    end.format("%H:%M").to_string()
                } else {
                    end.format("%Y-%m-%d %H:%M").to_string()
                };
                let _ = write!(
                    out,
                    "  event: {} – {} {}",
                    start.format("%Y-%m-%d %H:%M (%a)"),
                    end_fmt,
                    zone.name()
                );
                if !end_stated {
                    let section = config.section(&post.source.section);
                    let mins = section.map_or(0, |s| s.default_duration.num_minutes());
                    let _ = write!(
                        out,
                        " (no end written: default duration {}h{:02}m)",
                        mins / 60,
                        mins % 60
                    );
                }
                out.push('\n');
            }
            Some(EventWhen::AllDay { first, last }) => {
                if first == last {
                    let _ = writeln!(out, "  event: {} (all day)", first.format("%Y-%m-%d (%a)"));
                } else {
                    let _ = writeln!(
                        out,
                        "  event: {} – {} (all day)",
                        first.format("%Y-%m-%d"),
                        last.format("%Y-%m-%d")
                    );
                }
            }
            None => {
                let _ = writeln!(out, "  event: none (not in the calendar)");
            }
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
        if ev.sessions.len() > 1 {
            let _ = writeln!(out, "  sessions: {}", ev.sessions.len());
        }
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
