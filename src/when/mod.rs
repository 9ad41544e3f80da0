//! Event time: reads when an event happens from a post's front matter and prose.
//!
//! (Interface only for now; the grammar is being written.)

use chrono::{Duration, NaiveDate};
use chrono_tz::Tz;

use crate::model::{EventDecision, Line};

/// A time-bearing front-matter value: `event.start`, `event.end`, or a key path
/// named in the config (`section1.time`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatterTime {
    /// Dotted key path, e.g. `event.start`.
    pub key: String,
    /// The value as text (YAML timestamps and TOML datetimes are given as written).
    pub text: String,
    /// 1-based line in the source file, when known.
    pub line: Option<Line>,
}

/// Everything the event-time stage may look at for one post.
#[derive(Debug, Clone)]
pub struct WhenInput<'a> {
    /// The Markdown body (after the front matter).
    pub body: &'a str,
    /// Line number, in the source file, of the body's first line.
    pub body_first_line: Line,
    /// The post's publication date, as a local date in `zone`; the year of a
    /// date written without one is inferred from it.
    pub post_date: Option<NaiveDate>,
    /// Time-bearing front-matter values, in document order.
    pub front_matter: &'a [FrontMatterTime],
    /// The site's (or section's) zone: wall times are in it unless the text names another.
    pub zone: Tz,
    /// Added to a start when the post gives no end.
    pub default_duration: Duration,
}

/// Decide the event time of one post. Never panics, runs in linear time.
pub fn decide(input: &WhenInput<'_>) -> EventDecision {
    let _ = input;
    EventDecision::default()
}
