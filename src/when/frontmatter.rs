//! Event times from front matter: `event.start` / `event.end` and free-text
//! keys (`event.time`, config-named paths), read with the prose grammar.

use super::grammar::{read, Reading};
use super::text::normalize;
use super::FrontMatterTime;
use crate::model::{Line, Warning, WarningKind};

/// The front matter's combined reading and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FmReading {
    pub reading: Reading,
    /// Keys used, in order (`event.start`, `event.end`).
    pub keys: Vec<String>,
    pub line: Option<Line>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Start,
    End,
    Free,
}

fn role(key: &str) -> Role {
    let last = key.rsplit('.').next().unwrap_or(key).to_ascii_lowercase();
    match last.as_str() {
        "start" | "starts" | "start_time" | "starttime" | "start_at" | "begin" | "begins"
        | "from" => Role::Start,
        "end" | "ends" | "end_time" | "endtime" | "end_at" | "until" | "to" => Role::End,
        _ => Role::Free,
    }
}

struct Item<'a> {
    fm: &'a FrontMatterTime,
    role: Role,
    reading: Reading,
}

/// Reads the front-matter values. Unreadable values are reported as
/// `FrontMatterField` warnings and ignored.
pub(crate) fn read_front_matter(
    fm: &[FrontMatterTime],
    warnings: &mut Vec<Warning>,
) -> Option<FmReading> {
    let mut items: Vec<Item<'_>> = Vec::new();
    for f in fm {
        let reading = read(&normalize(&f.text), true);
        if reading.is_empty() {
            warnings.push(Warning::new(
                WarningKind::FrontMatterField,
                f.line,
                format!(
                    "`{}: {}` has no date or time feedcal can read; ignored (write e.g. \
                     2024-05-18T14:00:00+08:00)",
                    f.key, f.text
                ),
            ));
            continue;
        }
        items.push(Item {
            fm: f,
            role: role(&f.key),
            reading,
        });
    }
    let start = items.iter().find(|i| i.role == Role::Start);
    let end = items.iter().find(|i| i.role == Role::End);
    let mut out = match start {
        Some(s) => {
            let mut r = s.reading.clone();
            let mut keys = vec![s.fm.key.clone()];
            if let Some(e) = end {
                keys.push(e.fm.key.clone());
                // An explicit end key wins over a range inside the start value.
                if let Some(d) = e.reading.first.clone() {
                    r.last = Some(d);
                }
                if let Some(mut t) = e.reading.start.clone() {
                    // An end without a zone of its own takes the start's
                    // (see `resolve`).
                    if t.zone.is_none() {
                        t.zone = e.reading.zone.clone();
                    }
                    r.end = Some(t);
                    r.next_day = false;
                }
            }
            FmReading {
                reading: r,
                keys,
                line: s.fm.line,
            }
        }
        None => {
            let free = items
                .iter()
                .find(|i| i.role != Role::End && i.reading.has_date())
                .or_else(|| items.iter().find(|i| i.role != Role::End))?;
            FmReading {
                reading: free.reading.clone(),
                keys: vec![free.fm.key.clone()],
                line: free.fm.line,
            }
        }
    };
    // `event.date: 2023-11-04` with `event.time: 14:00-18:00`.
    if out.reading.has_date() != out.reading.has_time() {
        let want_time = out.reading.has_date();
        let other = items.iter().find(|i| {
            !out.keys.contains(&i.fm.key)
                && i.role == Role::Free
                && if want_time {
                    i.reading.has_time() && !i.reading.has_date()
                } else {
                    i.reading.has_date() && !i.reading.has_time()
                }
        });
        if let Some(o) = other {
            let r = &mut out.reading;
            if want_time {
                r.start = o.reading.start.clone();
                r.end = o.reading.end.clone();
                r.next_day = o.reading.next_day;
                if r.zone.is_none() {
                    r.zone = o.reading.zone.clone();
                }
            } else {
                r.first = o.reading.first.clone();
                r.last = o.reading.last.clone();
            }
            out.keys.push(o.fm.key.clone());
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ft(key: &str, text: &str) -> FrontMatterTime {
        FrontMatterTime {
            key: key.into(),
            text: text.into(),
            line: Some(3),
        }
    }

    #[test]
    fn start_and_end() {
        let mut w = Vec::new();
        let r = read_front_matter(
            &[
                ft("event.start", "2023-11-04T14:00:00+08:00"),
                ft("event.end", "2023-11-04T18:00:00+08:00"),
            ],
            &mut w,
        )
        .expect("reading");
        assert!(w.is_empty());
        assert_eq!(r.keys, vec!["event.start", "event.end"]);
        assert!(r.reading.end.as_ref().is_some_and(|t| t.h == 18));
    }

    #[test]
    fn free_text_and_split_date_time() {
        let mut w = Vec::new();
        let r = read_front_matter(&[ft("section1.time", "2023-11-04 14:00-18:00")], &mut w)
            .expect("reading");
        assert!(r.reading.end.is_some());
        let r = read_front_matter(
            &[
                ft("event.date", "2023-11-04"),
                ft("event.time", "14:00-18:00"),
            ],
            &mut w,
        )
        .expect("reading");
        assert!(r.reading.has_date() && r.reading.end.is_some());
        assert_eq!(r.keys, vec!["event.date", "event.time"]);
    }

    #[test]
    fn unreadable_values_are_warned() {
        let mut w = Vec::new();
        assert!(read_front_matter(&[ft("event.start", "soon")], &mut w).is_none());
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].kind, WarningKind::FrontMatterField);
        assert_eq!(w[0].line, Some(3));
    }
}
