//! What the body, the title and the front-matter summaries say about the
//! event time, one [`Candidate`] per statement, before one is chosen.

use super::cues::Cues;
use super::grammar::{Group, Reading};
use crate::model::Line;

/// How much a label is trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Tier {
    /// 活动时间, 时间, 日期, Time, Date, When, …: the event's own time.
    Event,
    /// 直播时间 and the like: the time of a broadcast of the event.
    Live,
}

/// Where a candidate was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    /// A labelled body line (`- 活动时间：…`, `**Time**: …`).
    Label(Tier),
    /// A sentence of the body (`The call will take place on 27 February`).
    Prose,
    /// The post's title (`…: Oct 15 at 19:00 UTC`).
    Title,
    /// A front-matter summary (`description`, `summary`, `abstract`, `teaser`).
    Summary,
    /// A time inside a link (`timeanddate.com/…?iso=20191015T19`).
    Link,
}

/// One statement of a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Candidate {
    /// File line; `None` for a title or summary whose line is not known.
    pub line: Option<Line>,
    pub source: Source,
    /// The label as written (`活动时间`, `Time`), or the front-matter key.
    pub label: String,
    /// The trimmed source text (` / `-joined when lines were combined).
    pub text: String,
    /// The first time expression.
    pub reading: Reading,
    /// Further expressions of the same text: the same slot in other zones
    /// (`19:00 CET / 1pm EST`) or other sessions (`15:00 and 23:00 UTC`).
    pub more: Vec<Group>,
    pub cues: Cues,
    /// 0-based paragraph of the body (the title and summaries: 0).
    pub para: usize,
    /// The list (or heading level) the line belongs to: sessions written
    /// one per item share a run.
    pub run: Option<usize>,
    /// The heading the line is under.
    pub section: Option<super::scan::Section>,
    /// The zone was not written but taken from the post's location: why.
    pub place_note: Option<String>,
    /// The year was not written but taken as the post's own year or the
    /// one before, because the text reports the event: how.
    pub year_rule: Option<String>,
    /// That year is a guess worth a warning: why.
    pub year_note: Option<String>,
}

impl Candidate {
    /// `line 12 (活动时间)`, `the title`, `front matter description`.
    pub(crate) fn place(&self) -> String {
        match (self.source, self.line) {
            (Source::Title, _) => "the title".to_string(),
            (Source::Summary, Some(l)) => format!("line {l} (front matter {})", self.label),
            (Source::Summary, None) => format!("front matter {}", self.label),
            (_, Some(l)) => format!("line {l} ({})", self.label),
            (_, None) => self.label.clone(),
        }
    }

    pub(crate) fn is_label(&self) -> bool {
        matches!(self.source, Source::Label(_))
    }

    /// Whether `other` states another session of the same event: an item
    /// of the same list, or the same kind of statement under a parallel
    /// heading (`**Session 1**` / `**Session 2**`; for labelled lines the
    /// same label under headings of the same level).
    pub(crate) fn parallel(&self, other: &Candidate) -> bool {
        if self.is_label() != other.is_label() {
            return false;
        }
        if !self.is_label() && self.run.is_some() && self.run == other.run {
            return true;
        }
        match (&self.section, &other.section) {
            (Some(a), Some(b)) if a.at != b.at && a.level == b.level => {
                if self.is_label() {
                    self.label.eq_ignore_ascii_case(&other.label)
                } else {
                    a.shape == b.shape && !a.shape.is_empty()
                }
            }
            _ => false,
        }
    }
}
