//! The calendars a clean build continues (`--previous DIR|URL`, config key
//! `previous`): a CI job builds into a fresh folder, so the output folder
//! holds no published calendar to take each event's SEQUENCE from, and a
//! moved event would go out with SEQUENCE:0, which subscribed clients ignore
//! as "not newer" than what they have.
//!
//! Reading them must succeed or the run must stop: a build that silently
//! went on without them would publish exactly the regression `--previous`
//! is there to prevent. So every failure (server down, timeout, HTTP error,
//! a file that is not a calendar) is a [`PreviousError`] naming the place and
//! what to do, and the caller publishes nothing.
//!
//! Over HTTP only the site-wide `events.ics` is read: it holds every event of
//! every language and section, each with the one SEQUENCE the section and
//! single-event calendars give it too. From a folder, every calendar
//! [`publish::read_history`] reads is used, as for the output folder.

use std::path::Path;
use std::time::Duration;

use crate::config::Previous;
use crate::model::OutputKind;
use crate::publish;
use crate::render::ics::EventHistory;

/// How long one HTTP read may take, connect to last byte. Long enough for a
/// large calendar over a slow CDN edge, short enough that a hung server
/// fails the CI job in minutes rather than at the job's own time limit.
pub const HTTP_TIMEOUT: Duration = Duration::from_secs(30);

/// A calendar larger than this is not a calendar feedcal wrote (the largest
/// sites give tens of MB).
const MAX_BYTES: u64 = 512 * 1024 * 1024;

/// Why the published calendars could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviousError {
    /// The URL or file that failed.
    pub place: String,
    pub message: String,
    /// What to do about it.
    pub hint: String,
}

impl std::fmt::Display for PreviousError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.place, self.message)
    }
}

/// The published calendars' events, and how many calendars were read.
#[derive(Debug, Clone, Default)]
pub struct PreviousCalendars {
    pub history: EventHistory,
    /// Where the site-wide calendar was read (for messages).
    pub read_from: String,
}

/// Reads the calendars published at `previous`; `timeout` bounds each HTTP read.
pub fn read(previous: &Previous, timeout: Duration) -> Result<PreviousCalendars, PreviousError> {
    match previous {
        Previous::Dir(dir) => read_dir(dir),
        Previous::Url(url) => read_url(url, timeout),
    }
}

fn read_dir(dir: &Path) -> Result<PreviousCalendars, PreviousError> {
    let site = dir.join(OutputKind::Ics.file_name());
    let place = site.display().to_string();
    let bytes = std::fs::read(&site).map_err(|e| PreviousError {
        place: place.clone(),
        message: format!("cannot read the published site calendar ({e})"),
        hint: format!(
            "--previous DIR names the published output folder, the one that holds {}; \
             for a site's first publication, build without --previous",
            OutputKind::Ics.file_name()
        ),
    })?;
    not_a_calendar(&place, &bytes)?;
    let (history, warnings) = publish::read_history(dir);
    // A section calendar that cannot be read would restart its events' SEQUENCE.
    if let Some(w) = warnings.into_iter().next() {
        return Err(PreviousError {
            place,
            message: w,
            hint: "fix the file's permissions, or name another folder with --previous".into(),
        });
    }
    Ok(PreviousCalendars {
        history,
        read_from: place,
    })
}

fn read_url(base: &url::Url, timeout: Duration) -> Result<PreviousCalendars, PreviousError> {
    let url = base
        .join(OutputKind::Ics.file_name())
        .map_err(|e| PreviousError {
            place: base.to_string(),
            message: format!("cannot make the calendar's URL ({e})"),
            hint: "write the URL of the published feeds folder, e.g. https://example.org/feeds/"
                .into(),
        })?;
    let place = url.to_string();
    let bytes = fetch(&url, timeout).map_err(|(message, hint)| PreviousError {
        place: place.clone(),
        message,
        hint,
    })?;
    not_a_calendar(&place, &bytes)?;
    let mut history = EventHistory::default();
    history.add_calendar(&String::from_utf8_lossy(&bytes));
    Ok(PreviousCalendars {
        history,
        read_from: place,
    })
}

/// GET with a whole-request timeout; an error is (what happened, what to do).
///
/// `ureq`: a small blocking client (no async runtime for one GET per run),
/// with rustls so that no system OpenSSL is needed on CI runners.
fn fetch(url: &url::Url, timeout: Duration) -> Result<Vec<u8>, (String, String)> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .user_agent(concat!("feedcal/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let retry = "check that the site is up and the URL is right, then run again; \
                 nothing was published"
        .to_string();
    let mut response = match agent.get(url.as_str()).call() {
        Ok(r) => r,
        Err(ureq::Error::StatusCode(404)) => {
            return Err((
                "not found (HTTP 404)".into(),
                format!(
                    "--previous names the folder where {} is served (feed_url, e.g. \
                     https://example.org/feeds/); for a site's first publication, build \
                     without --previous",
                    OutputKind::Ics.file_name()
                ),
            ))
        }
        Err(ureq::Error::StatusCode(code)) => {
            return Err((format!("the server answered HTTP {code}"), retry))
        }
        Err(ureq::Error::Timeout(_)) => {
            return Err((
                format!("no complete answer within {} s", timeout.as_secs()),
                retry,
            ))
        }
        Err(ureq::Error::HostNotFound) => {
            return Err(("the host name does not resolve".into(), retry))
        }
        Err(ureq::Error::ConnectionFailed) => {
            return Err(("cannot connect to the server".into(), retry))
        }
        Err(ureq::Error::Io(e)) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
            return Err((format!("cannot connect to the server ({e})"), retry))
        }
        Err(ureq::Error::Io(e)) => return Err((format!("cannot read it ({e})"), retry)),
        Err(e) => return Err((format!("cannot read it ({e})"), retry)),
    };
    response
        .body_mut()
        .with_config()
        .limit(MAX_BYTES)
        .read_to_vec()
        .map_err(|e| match e {
            ureq::Error::Timeout(_) => (
                format!("no complete answer within {} s", timeout.as_secs()),
                retry.clone(),
            ),
            e => (format!("cannot read the answer ({e})"), retry.clone()),
        })
}

/// Refuses what is not an iCalendar file: an HTML error page served with
/// status 200, a login page, an empty file. Lenient beyond that, as the
/// history reader is (a hand-edited calendar still gives its SEQUENCEs).
fn not_a_calendar(place: &str, bytes: &[u8]) -> Result<(), PreviousError> {
    let text = String::from_utf8_lossy(bytes);
    let body = text.trim_start_matches('\u{feff}').trim_start();
    let starts = body
        .get(..15)
        .is_some_and(|s| s.eq_ignore_ascii_case("BEGIN:VCALENDAR"));
    if starts && body.to_ascii_uppercase().contains("END:VCALENDAR") {
        return Ok(());
    }
    let first: String = body.lines().next().unwrap_or("").chars().take(60).collect();
    Err(PreviousError {
        place: place.to_string(),
        message: if body.is_empty() {
            "is empty, not a calendar".into()
        } else {
            format!("is not a calendar (it starts with {first:?})")
        },
        hint: format!(
            "--previous names the folder where feedcal's {} is published, e.g. \
             https://example.org/feeds/",
            OutputKind::Ics.file_name()
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_calendars_are_accepted() {
        let cal = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n";
        assert!(not_a_calendar("x", cal).is_ok());
        let bom = "\u{feff}begin:vcalendar\r\nend:vcalendar\r\n";
        assert!(not_a_calendar("x", bom.as_bytes()).is_ok());
        let html = not_a_calendar("x", b"<!doctype html><title>Not found</title>").unwrap_err();
        assert!(html.message.contains("<!doctype html>"), "{html:?}");
        assert!(not_a_calendar("x", b"")
            .unwrap_err()
            .message
            .contains("empty"));
        // Cut off before its end: a truncated download.
        assert!(not_a_calendar("x", b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n").is_err());
    }

    #[test]
    fn a_missing_folder_names_the_file_and_the_way_out() {
        let e = read(
            &Previous::Dir("/nonexistent/feedcal/previous".into()),
            HTTP_TIMEOUT,
        )
        .unwrap_err();
        assert!(e.place.ends_with("events.ics"), "{e:?}");
        assert!(e.hint.contains("without --previous"), "{e:?}");
    }

    #[test]
    fn a_server_that_never_answers_times_out() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        // Accepts (the kernel's backlog) and never answers.
        let url = url::Url::parse(&format!("http://127.0.0.1:{port}/feeds/")).unwrap();
        let started = std::time::Instant::now();
        let e = read(&Previous::Url(url), Duration::from_secs(1)).unwrap_err();
        assert!(e.message.contains("within 1 s"), "{e:?}");
        assert!(e.place.ends_with("/feeds/events.ics"), "{e:?}");
        assert!(started.elapsed() < Duration::from_secs(10));
        drop(listener);
    }

    #[test]
    fn urls_and_folders() {
        let root = Path::new("/site");
        match Previous::parse("https://example.org/feeds", root).unwrap() {
            Previous::Url(u) => assert_eq!(u.as_str(), "https://example.org/feeds/"),
            p => panic!("{p:?}"),
        }
        assert_eq!(
            Previous::parse("public/feeds", root).unwrap(),
            Previous::Dir("/site/public/feeds".into())
        );
        assert!(Previous::parse("ftp://example.org/", root).is_err());
        assert!(Previous::parse("  ", root).is_err());
    }
}
