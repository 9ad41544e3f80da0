//! One run, top to bottom: [`build`] locks the output folder, reads the
//! site, plans the outputs, renders them and publishes them; [`check`] reads
//! and plans, and writes nothing. The command line (`src/cmd/`) calls these
//! and prints what they return.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::config::Config;
use crate::lock::{self, LockError};
use crate::model::{EventWhen, LeftOut, LeftOutOf, Output, OutputKind};
use crate::plan::{self, Planned};
use crate::publish::{self, Fault, FsWriter, PublishError, PublishOptions, Published, WriteStatus};
use crate::render::{self, ics::EventHistory, Context};
use crate::sections::{self, SectionFinding};
use crate::site::{LoadOptions, Site};

/// What a build is asked to do beyond the config.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub load: LoadOptions,
    /// How long to wait for another run's lock; `None`: do not wait.
    pub wait: Option<Duration>,
    pub publish: PublishOptions,
    /// The run's date in the site zone (see [`today`]).
    pub today: NaiveDate,
    /// The published calendars read from elsewhere (`--previous`), whose
    /// SEQUENCEs this run continues beside the output folder's own.
    pub previous: Option<EventHistory>,
}

/// What a build did.
#[derive(Debug)]
pub struct Built {
    pub site: Site,
    /// The sections found from the content when no config names them
    /// ([`crate::sections`]), and the warnings about them.
    pub sections: Vec<SectionFinding>,
    pub section_warnings: Vec<String>,
    /// Posts left out of outputs they belong to, and why.
    pub left_out: Vec<LeftOut>,
    /// Every output planned, in the plan's order.
    pub files: Vec<FileReport>,
    /// What publishing did, or why nothing was published.
    pub published: Result<Published, PublishError>,
    pub timings: Timings,
}

/// One output of a build.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub path: PathBuf,
    pub kind: OutputKind,
    /// Items (feeds) or events (calendars, the page).
    pub items: usize,
    /// Whether the shrink guard watches it (the site, language and section outputs).
    pub guarded: bool,
    /// `None` when nothing was published.
    pub status: Option<WriteStatus>,
    pub bytes: usize,
}

/// How long each stage took (for `--verbose`; never in an output file).
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    pub read: Duration,
    /// Rendering and publishing, which overlap: each file is handed to the
    /// publisher as soon as it is rendered.
    pub publish: Duration,
    pub total: Duration,
}

/// Runs a build of `config` into `config.out`. `on_wait` is called once if
/// the run waits for another run's lock. Fails only when the lock cannot be
/// had; every other outcome is in [`Built`].
pub fn build(
    config: &Config,
    opts: &BuildOptions,
    on_wait: impl FnOnce(),
) -> Result<Built, LockError> {
    let started = Instant::now();
    // One run at a time per output folder, from before reading until published.
    let _lock = lock::acquire(&config.out, opts.wait, on_wait)?;
    let loaded = sections::load(config, &opts.load);
    let (config, site) = (&*loaded.config, loaded.site);
    let read = started.elapsed();

    let plan = plan::plan(&site.posts, &site.section_urls, config, opts.today);
    // Read under the lock: the calendars this run replaces are the ones it continues.
    let (mut history, history_warnings) = publish::read_history(&config.out);
    if let Some(previous) = &opts.previous {
        history.merge(previous);
    }
    let ctx = Context {
        config,
        history: &history,
        today: opts.today,
    };
    let mut files: Vec<FileReport> = plan.files.iter().map(report_of).collect();
    let published =
        render_and_publish(&plan.files, &ctx, &config.out, opts.publish).map(|mut p| {
            p.warnings.extend(history_warnings);
            p
        });
    let publish = started.elapsed() - read;

    if let Ok(p) = &published {
        for (file, written) in files.iter_mut().zip(&p.files) {
            file.status = Some(written.status);
            file.bytes = written.bytes;
        }
    }
    Ok(Built {
        left_out: plan.left_out,
        site,
        sections: loaded.found,
        section_warnings: loaded.warnings,
        files,
        published,
        timings: Timings {
            read,
            publish,
            total: started.elapsed(),
        },
    })
}

/// Renders every planned file, on every core, and hands each to the
/// publisher as soon as it is rendered (so that only the files being worked
/// on are in memory); then publishes them all, or none.
fn render_and_publish(
    files: &[Planned<'_>],
    ctx: &Context<'_>,
    out: &std::path::Path,
    opts: PublishOptions,
) -> Result<Published, PublishError> {
    let max = ctx.config.outputs.max_files;
    // The guard is against files that multiply (a post with thousands of
    // tags is four files a tag): the one calendar of each event grows with
    // the site, and a 50,000-post site is no attack.
    let per_event = files
        .iter()
        .filter(|f| f.path.starts_with("events/"))
        .count();
    let counted = files.len() - per_event;
    if counted > max {
        // Before anything is rendered or written: the published files stay.
        return Err(PublishError {
            fault: Fault::Refused,
            path: out.to_path_buf(),
            message: format!(
                "refused to publish: the run would write {counted} files besides the {per_event} single-event calendars, over the {max} allowed (`outputs.max_files`)"
            ),
            hint: "look for a post with very many tags or categories (see the warnings), or raise `outputs.max_files` in the config".into(),
            shrunk: Vec::new(),
        });
    }
    let txn = publish::Transaction::begin(out, files.len(), opts, &FsWriter)?;
    files
        .par_iter()
        .enumerate()
        .try_for_each(|(slot, planned)| txn.stage(slot, render_one(planned, ctx)?))?;
    txn.commit()
}

/// One planned file in its format.
fn render_one(planned: &Planned<'_>, ctx: &Context<'_>) -> Result<Output, PublishError> {
    let format = render::format(planned.kind);
    let bytes = format.render(&planned.doc, ctx).map_err(|why| PublishError {
        fault: Fault::Render,
        path: PathBuf::from(&planned.path),
        message: format!("cannot render: {why}"),
        hint: "this is a bug in feedcal: please report it with the post that causes it; the previously published files are unchanged".into(),
        shrunk: Vec::new(),
    })?;
    Ok(Output {
        path: planned.path.clone(),
        kind: planned.kind,
        count: format.items(&planned.doc),
        guarded: planned.guarded,
        bytes,
    })
}

fn report_of(planned: &Planned<'_>) -> FileReport {
    FileReport {
        path: PathBuf::from(&planned.path),
        kind: planned.kind,
        items: render::format(planned.kind).items(&planned.doc),
        guarded: planned.guarded,
        status: None,
        bytes: 0,
    }
}

/// What `check` reports: every post read, and those left out of outputs.
#[derive(Debug)]
pub struct Checked {
    pub site: Site,
    pub left_out: Vec<LeftOut>,
    /// As in [`Built`].
    pub sections: Vec<SectionFinding>,
    pub section_warnings: Vec<String>,
}

/// Reads the site and decides what would be left out of which outputs;
/// writes nothing and takes no lock.
pub fn check(config: &Config, load: &LoadOptions) -> Checked {
    let loaded = sections::load(config, load);
    let left_out = plan::left_out(&loaded.site.posts, &loaded.config);
    Checked {
        site: loaded.site,
        left_out,
        sections: loaded.found,
        section_warnings: loaded.warnings,
    }
}

/// The run's date: `SOURCE_DATE_EPOCH` (the reproducible-builds convention,
/// seconds since 1970) when set, else the wall clock, as a date in
/// `config.time_zone`. A value that is not such a number is an error, as
/// the convention asks, rather than a silent fall back to the clock.
pub fn today(config: &Config) -> Result<NaiveDate, String> {
    let now = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(s) => s
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
            .ok_or_else(|| {
                format!("SOURCE_DATE_EPOCH={s:?} is not a number of seconds since 1970-01-01 (unset it, or pass --today YYYY-MM-DD)")
            })?,
        Err(_) => chrono::Utc::now(),
    };
    Ok(now.with_timezone(&config.time_zone).date_naive())
}

/// The totals `build` and `check` print.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Counts {
    pub posts: usize,
    pub event_posts: usize,
    pub timed: usize,
    pub all_day: usize,
    pub without_time: usize,
    pub default_end: usize,
    pub drafts_skipped: usize,
    /// Posts left out of every feed they belong to.
    pub left_out_of_feeds: usize,
    /// Posts left out of every calendar they belong to.
    pub left_out_of_calendars: usize,
    pub errors: usize,
    pub warnings: usize,
    pub warnings_by_kind: std::collections::BTreeMap<&'static str, usize>,
}

impl Counts {
    pub fn of(site: &Site, left_out: &[LeftOut]) -> Counts {
        let mut counts = Counts {
            posts: site.posts.len(),
            errors: site.errors.len(),
            drafts_skipped: site.drafts_skipped,
            left_out_of_feeds: left_out
                .iter()
                .filter(|l| l.from == LeftOutOf::Feeds)
                .count(),
            left_out_of_calendars: left_out
                .iter()
                .filter(|l| l.from == LeftOutOf::Calendars)
                .count(),
            ..Counts::default()
        };
        for p in &site.posts {
            if let Some(e) = &p.event {
                counts.event_posts += 1;
                match &e.when {
                    Some(EventWhen::Timed { end_stated, .. }) => {
                        counts.timed += 1;
                        if !end_stated {
                            counts.default_end += 1;
                        }
                    }
                    Some(EventWhen::AllDay { .. }) => counts.all_day += 1,
                    None => counts.without_time += 1,
                }
            }
            for w in p.all_warnings() {
                counts.warnings += 1;
                *counts.warnings_by_kind.entry(w.kind.as_str()).or_default() += 1;
            }
        }
        counts
    }
}
