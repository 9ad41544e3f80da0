//! `index.html`: the page people look at before they subscribe. One
//! self-contained file (inline CSS, no scripts, no network fetches) that lists
//! upcoming and past events by month in local time, with subscribe links per
//! calendar (`webcal://`, Google Calendar, Outlook.com, and the URL to copy,
//! since webcal does nothing on Android), a download link per event and an
//! "add to Google Calendar" link (neither for a cancelled event).
//!
//! Hand-written HTML rather than a template engine: the page is one fixed
//! layout, and every dynamic value goes through [`esc`].

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};

use super::{Context, Format};
use crate::config::Config;
use crate::model::{resolve_local, Document, EventWhen, PageLinks, Post};

/// The page.
pub struct Page;

impl Format for Page {
    fn render(&self, doc: &Document<'_>, ctx: &Context<'_>) -> Result<Vec<u8>, String> {
        let links = doc
            .page
            .as_ref()
            .ok_or("the page was planned without its links")?;
        Ok(render(doc, links, ctx.config, ctx.today).into_bytes())
    }

    fn items(&self, doc: &Document<'_>) -> usize {
        doc.posts.len()
    }

    /// The page's events, after checking that it is UTF-8 and ends with its
    /// closing tag (every text in it is escaped, so the event markers
    /// counted here are feedcal's own).
    fn count(&self, bytes: &[u8]) -> Result<Option<usize>, String> {
        let text = std::str::from_utf8(bytes).map_err(|e| format!("not UTF-8: {e}"))?;
        if !text.ends_with("</html>\n") {
            return Err("the page does not end with </html> (cut short?)".into());
        }
        Ok(Some(text.matches(EVENT_ITEM).count()))
    }
}

/// How every event of the page starts.
const EVENT_ITEM: &str = "<li class=\"event\"";

/// One event on the page: the post and its calendar file.
struct PageEvent<'a> {
    post: &'a Post,
    /// Absolute URL of the event's own `.ics`.
    ics_url: &'a str,
}

struct Labels {
    lang: &'static str,
    upcoming: &'static str,
    past: &'static str,
    none: &'static str,
    subscribe: &'static str,
    feeds: &'static str,
    add_google: &'static str,
    download: &'static str,
    all_day: &'static str,
    generated: &'static str,
    copy_url: &'static str,
    google_refresh: &'static str,
    cancelled: &'static str,
}

fn labels(lang: &str) -> Labels {
    if lang.starts_with("zh") {
        Labels {
            lang: "zh",
            upcoming: "即将开始",
            past: "往期活动",
            none: "暂无",
            subscribe: "订阅日历",
            feeds: "订阅文章",
            add_google: "添加到 Google 日历",
            download: "下载 .ics",
            all_day: "全天",
            generated: "所有时间均为当地时间",
            copy_url: "日历地址（复制到任何日历应用的“订阅”或“从 URL 添加”）",
            google_refresh: "Google 日历按自己的节奏刷新订阅，通常要 12 到 24 小时，新活动和改动才会出现在那里。",
            cancelled: "已取消",
        }
    } else {
        Labels {
            lang: "en",
            upcoming: "Upcoming",
            past: "Past events",
            none: "None yet",
            subscribe: "Subscribe to the calendar",
            feeds: "Follow the posts",
            add_google: "Add to Google Calendar",
            download: "Download .ics",
            all_day: "all day",
            generated: "All times are local times",
            copy_url: "Calendar URL (paste it into any calendar app's \"subscribe\" or \"add from URL\")",
            google_refresh: "Google Calendar refreshes subscriptions on its own schedule, usually every 12 to 24 hours, so new and changed events can take that long to show there.",
            cancelled: "Cancelled",
        }
    }
}

/// Escapes text for HTML element content and quoted attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `webcal://` form of an http(s) calendar URL: calendar apps open it as a subscription.
pub fn webcal(url: &str) -> String {
    url.strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .map_or_else(|| url.to_string(), |rest| format!("webcal://{rest}"))
}

fn enc(s: &str) -> String {
    use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
    utf8_percent_encode(s, NON_ALPHANUMERIC).to_string()
}

/// Subscribes Google Calendar to the calendar at `url` (its `cid` takes the
/// `webcal://` form; Google then fetches the https URL itself).
pub fn google_subscribe(url: &str) -> String {
    format!(
        "https://calendar.google.com/calendar/r?cid={}",
        enc(&webcal(url))
    )
}

/// Subscribes Outlook.com to the calendar at `url`, named `name`.
pub fn outlook_subscribe(url: &str, name: &str) -> String {
    format!(
        "https://outlook.live.com/calendar/0/addfromweb?url={}&name={}",
        enc(url),
        enc(name)
    )
}

/// The zone of a wall time, unambiguously: `UTC+8` (`北京时间` on a Chinese
/// page when that is Beijing's standard time). Never the tz abbreviation:
/// `CST` reads as US Central to English readers.
fn zone_label(start: chrono::NaiveDateTime, zone: chrono_tz::Tz, zh: bool) -> String {
    use chrono::Offset as _;
    let Some(t) = resolve_local(start, zone) else {
        return zone.name().to_string();
    };
    let secs = t.offset().fix().local_minus_utc();
    let beijing = matches!(
        zone.name(),
        "Asia/Shanghai" | "Asia/Chongqing" | "Asia/Chungking" | "Asia/Harbin" | "PRC"
    );
    if zh && beijing && secs == 8 * 3600 {
        return "北京时间".to_string();
    }
    let sign = if secs < 0 { '-' } else { '+' };
    let (h, m) = (secs.abs() / 3600, secs.abs() % 3600 / 60);
    if m == 0 {
        format!("UTC{sign}{h}")
    } else {
        format!("UTC{sign}{h}:{m:02}")
    }
}

/// The "add to Google Calendar" template link, with wall times and `ctz`
/// so Google shows the time the post wrote, in its zone.
fn google_link(post: &Post, when: &EventWhen) -> String {
    let (dates, ctz) = match when {
        EventWhen::Timed {
            start, end, zone, ..
        } => (
            format!(
                "{}/{}",
                start.format("%Y%m%dT%H%M%S"),
                end.format("%Y%m%dT%H%M%S")
            ),
            Some(zone.name()),
        ),
        // The end is exclusive; past the last date chrono knows, the last day.
        EventWhen::AllDay { first, last } => (
            format!(
                "{}/{}",
                first.format("%Y%m%d"),
                last.succ_opt().unwrap_or(*last).format("%Y%m%d")
            ),
            None,
        ),
    };
    let mut url = format!(
        "https://calendar.google.com/calendar/render?action=TEMPLATE&text={}&dates={}&details={}",
        enc(&post.title),
        enc(&dates),
        enc(&post.url)
    );
    if let Some(z) = ctz {
        let _ = write!(url, "&ctz={}", enc(z));
    }
    if let Some(loc) = &post.location {
        let _ = write!(url, "&location={}", enc(loc));
    }
    url
}

fn weekday(d: NaiveDate, zh: bool) -> &'static str {
    let i = d.weekday().num_days_from_monday() as usize;
    if zh {
        ["周一", "周二", "周三", "周四", "周五", "周六", "周日"][i]
    } else {
        ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][i]
    }
}

fn when_text(when: &EventWhen, l: &Labels) -> String {
    let zh = l.lang == "zh";
    match when {
        EventWhen::Timed {
            start, end, zone, ..
        } => {
            let d = start.date();
            let end_s = if end.date() == d {
                end.format("%H:%M").to_string()
            } else {
                format!("{} {}", end.format("%Y-%m-%d"), end.format("%H:%M"))
            };
            let abbr = zone_label(*start, *zone, zh);
            format!(
                "{} ({}) {}–{} {}",
                d.format("%Y-%m-%d"),
                weekday(d, zh),
                start.format("%H:%M"),
                end_s,
                abbr
            )
        }
        EventWhen::AllDay { first, last } if first == last => {
            format!(
                "{} ({}) {}",
                first.format("%Y-%m-%d"),
                weekday(*first, zh),
                l.all_day
            )
        }
        EventWhen::AllDay { first, last } => {
            format!(
                "{} – {} {}",
                first.format("%Y-%m-%d"),
                last.format("%Y-%m-%d"),
                l.all_day
            )
        }
    }
}

const CSS: &str = "\
:root{color-scheme:light dark;--fg:#1d1d1f;--muted:#6e6e73;--bg:#fff;--card:#f5f5f7;--accent:#0a66c2}\
@media (prefers-color-scheme:dark){:root{--fg:#f5f5f7;--muted:#a1a1a6;--bg:#111;--card:#1c1c1e;--accent:#4da3ff}}\
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,'PingFang SC','Noto Sans CJK SC',sans-serif;color:var(--fg);background:var(--bg)}\
main{max-width:46rem;margin:0 auto;padding:1rem}h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.25rem;margin:1.5rem 0 .5rem}\
h3{font-size:1rem;color:var(--muted);margin:1rem 0 .25rem}a{color:var(--accent)}\
ul{list-style:none;padding:0;margin:0}.subs li{margin:.25rem 0}\
.event{background:var(--card);border-radius:.6rem;padding:.75rem 1rem;margin:.5rem 0}\
.event time{display:block;font-variant-numeric:tabular-nums;color:var(--muted);font-size:.9rem}\
.event .title{font-weight:600;font-size:1.05rem}.event .loc{font-size:.9rem}\
.actions{display:flex;flex-wrap:wrap;gap:.25rem 1rem;font-size:.9rem;margin-top:.25rem}\
.cal-url{display:block;font-size:.8rem;color:var(--muted)}.cal-url input{display:block;width:100%;font:inherit;font-family:ui-monospace,monospace;padding:.2rem .4rem}\
.refresh{font-size:.85rem;color:var(--muted)}.cancelled{color:#b3261e}\
footer{color:var(--muted);font-size:.8rem;margin:2rem 0 1rem}";

fn render(doc: &Document<'_>, input: &PageLinks, config: &Config, today: NaiveDate) -> String {
    // A language's own page speaks it; the site's page, the default language.
    let l = labels(doc.language.as_deref().unwrap_or(&config.default_language));
    let mut h = String::with_capacity(16 * 1024 + doc.posts.len() * 1024);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<meta name=\"description\" content=\"{}\">\n",
        l.lang,
        esc(&config.title),
        esc(&config.description)
    );
    for f in &input.feeds {
        if let Some(mime) = f.mime {
            let _ = writeln!(
                h,
                "<link rel=\"alternate\" type=\"{mime}\" title=\"{}\" href=\"{}\">",
                esc(&f.title),
                esc(&f.url)
            );
        }
    }
    let _ = write!(
        h,
        "<style>{CSS}</style>\n</head>\n<body>\n<main>\n<h1>{}</h1>\n",
        esc(&config.title)
    );

    h.push_str("<section id=\"subscribe\">\n");
    let _ = writeln!(h, "<h2>{}</h2>\n<ul class=\"subs\">", l.subscribe);
    for c in &input.calendars {
        let _ = writeln!(
            h,
            "<li><a class=\"webcal\" href=\"{}\">{}</a> · <a class=\"google-subscribe\" href=\"{}\" rel=\"nofollow\">Google</a> · <a class=\"outlook-subscribe\" href=\"{}\" rel=\"nofollow\">Outlook.com</a> · <a class=\"ics-file\" href=\"{}\">.ics</a>\n<label class=\"cal-url\">{}<input type=\"url\" readonly value=\"{}\"></label></li>",
            esc(&webcal(&c.url)),
            esc(&c.title),
            esc(&google_subscribe(&c.url)),
            esc(&outlook_subscribe(&c.url, &c.title)),
            esc(&c.url),
            l.copy_url,
            esc(&c.url)
        );
    }
    h.push_str("</ul>\n");
    if !input.calendars.is_empty() {
        let _ = writeln!(h, "<p class=\"refresh\">{}</p>", l.google_refresh);
    }
    let _ = writeln!(h, "<h2>{}</h2>\n<ul class=\"subs\">", l.feeds);
    for f in &input.feeds {
        let _ = writeln!(
            h,
            "<li><a class=\"feed\" href=\"{}\">{}</a></li>",
            esc(&f.url),
            esc(&f.title)
        );
    }
    h.push_str("</ul>\n</section>\n");

    let mut upcoming: Vec<(PageEvent<'_>, &EventWhen)> = Vec::new();
    let mut past: Vec<(PageEvent<'_>, &EventWhen)> = Vec::new();
    for (post, ics_url) in doc.posts.iter().zip(&input.event_calendars) {
        if let Some(w) = post.when() {
            let e = PageEvent { post, ics_url };
            if w.last_day() >= today {
                upcoming.push((e, w));
            } else {
                past.push((e, w));
            }
        }
    }
    upcoming.sort_by(|(a, wa), (b, wb)| (wa.start(), &a.post.key).cmp(&(wb.start(), &b.post.key)));
    past.sort_by(|(a, wa), (b, wb)| (wb.start(), &a.post.key).cmp(&(wa.start(), &b.post.key)));
    for (id, title, list) in [("upcoming", l.upcoming, &upcoming), ("past", l.past, &past)] {
        let _ = writeln!(h, "<section id=\"{id}\">\n<h2>{title}</h2>");
        if list.is_empty() {
            let _ = writeln!(h, "<p class=\"none\">{}</p>", l.none);
        }
        let mut month = String::new();
        for (e, w) in list.iter() {
            let m = w.start().format("%Y-%m").to_string();
            if m != month {
                if !month.is_empty() {
                    h.push_str("</ul>\n");
                }
                let _ = writeln!(h, "<h3>{m}</h3>\n<ul>");
                month = m;
            }
            event_html(&mut h, e, w, &l);
        }
        if !month.is_empty() {
            h.push_str("</ul>\n");
        }
        h.push_str("</section>\n");
    }
    let _ = write!(
        h,
        "<footer>{} ({}). feedcal {}</footer>\n</main>\n</body>\n</html>\n",
        l.generated,
        esc(config.time_zone.name()),
        env!("CARGO_PKG_VERSION")
    );
    h
}

fn event_html(h: &mut String, e: &PageEvent<'_>, w: &EventWhen, l: &Labels) {
    let p = e.post;
    let datetime = machine_time(w);
    let _ = write!(
        h,
        "{EVENT_ITEM} data-uid=\"{}\" data-start=\"{}\"><time datetime=\"{}\">{}</time><a class=\"title\" href=\"{}\">{}</a>",
        esc(&p.key),
        esc(&datetime),
        esc(&datetime),
        esc(&when_text(w, l)),
        esc(&p.url),
        esc(&p.title)
    );
    // An event that meets more than once lists its meetings.
    let sessions = p.event.as_ref().map_or(&[][..], |e| &e.sessions[..]);
    if !sessions.is_empty() {
        h.push_str("<ol class=\"sessions\">");
        for s in sessions {
            let _ = write!(
                h,
                "<li><time datetime=\"{}\">{}</time></li>",
                esc(&machine_time(s)),
                esc(&when_text(s, l))
            );
        }
        h.push_str("</ol>");
    }
    if let Some(loc) = &p.location {
        let _ = write!(h, "<div class=\"loc\">{}</div>", esc(loc));
    }
    // A cancelled event is not offered to be added: it says so instead.
    if p.cancelled {
        let _ = writeln!(
            h,
            "<div class=\"actions\"><strong class=\"cancelled\">{}</strong></div></li>",
            l.cancelled
        );
        return;
    }
    let _ = writeln!(
        h,
        "<div class=\"actions\"><a class=\"google\" href=\"{}\" rel=\"nofollow\">{}</a><a class=\"ics\" href=\"{}\" download>{}</a></div></li>",
        esc(&google_link(p, w)),
        l.add_google,
        esc(e.ics_url),
        l.download
    );
}

/// The start as a `<time datetime>` value: an instant with its offset, or a date.
fn machine_time(w: &EventWhen) -> String {
    match w {
        EventWhen::Timed { start, zone, .. } => resolve_local(*start, *zone)
            .map(|t| t.to_rfc3339())
            .unwrap_or_default(),
        EventWhen::AllDay { first, .. } => first.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_and_webcal() {
        assert_eq!(
            esc("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(
            webcal("https://x.org/events.ics"),
            "webcal://x.org/events.ics"
        );
        assert_eq!(webcal("http://x.org/e.ics"), "webcal://x.org/e.ics");
    }

    /// An event that meets twice is one entry of the page, listing both
    /// meetings; the page counts its entries.
    #[test]
    fn an_event_with_sessions_lists_them() {
        use crate::model::{EventDecision, Link};
        let (config, mut posts) = crate::render::test_posts(1);
        let day = |d: u32, h: u32| {
            NaiveDate::from_ymd_opt(2024, 12, d)
                .unwrap()
                .and_hms_opt(h, 0, 0)
                .unwrap()
        };
        let timed = |start, end| EventWhen::Timed {
            start,
            end,
            end_stated: true,
            zone: chrono_tz::Asia::Shanghai,
        };
        posts[0].event = Some(EventDecision {
            when: Some(timed(day(7, 9), day(8, 17))),
            sessions: vec![timed(day(7, 9), day(7, 17)), timed(day(8, 9), day(8, 17))],
            ..EventDecision::default()
        });
        let doc = Document {
            posts: posts.iter().collect(),
            page: Some(PageLinks {
                calendars: vec![Link {
                    title: "All".into(),
                    url: "https://example.org/events.ics".into(),
                    mime: None,
                }],
                feeds: Vec::new(),
                event_calendars: vec!["https://example.org/events/x.ics".into()],
            }),
            ..Document::default()
        };
        let history = crate::render::ics::EventHistory::default();
        let ctx = crate::render::test_context(&config, &history);
        let bytes = Page.render(&doc, &ctx).unwrap();
        assert_eq!(Page.count(&bytes), Ok(Some(1)));
        let html = scraper::Html::parse_document(std::str::from_utf8(&bytes).unwrap());
        let sel = scraper::Selector::parse("#upcoming li.event ol.sessions li time").unwrap();
        let times: Vec<&str> = html
            .select(&sel)
            .filter_map(|t| t.value().attr("datetime"))
            .collect();
        assert_eq!(
            times,
            ["2024-12-07T09:00:00+08:00", "2024-12-08T09:00:00+08:00"]
        );
    }

    #[test]
    fn subscribe_links_for_google_and_outlook() {
        let url = "https://example.org/feeds/events.ics";
        assert_eq!(
            google_subscribe(url),
            "https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2Fexample%2Eorg%2Ffeeds%2Fevents%2Eics"
        );
        assert_eq!(
            outlook_subscribe(url, "活动 & more"),
            "https://outlook.live.com/calendar/0/addfromweb?url=https%3A%2F%2Fexample%2Eorg%2Ffeeds%2Fevents%2Eics&name=%E6%B4%BB%E5%8A%A8%20%26%20more"
        );
    }

    #[test]
    fn zones_are_labelled_by_offset_never_by_abbreviation() {
        let at = |y, mo, d, h| {
            NaiveDate::from_ymd_opt(y, mo, d)
                .unwrap()
                .and_hms_opt(h, 0, 0)
                .unwrap()
        };
        let sh = chrono_tz::Asia::Shanghai;
        assert_eq!(zone_label(at(2024, 5, 18, 14), sh, true), "北京时间");
        assert_eq!(zone_label(at(2024, 5, 18, 14), sh, false), "UTC+8");
        // Beijing summer time (1986–1991) is not Beijing's standard time.
        assert_eq!(zone_label(at(1988, 7, 1, 14), sh, true), "UTC+9");
        let kolkata = chrono_tz::Asia::Kolkata;
        assert_eq!(zone_label(at(2024, 5, 18, 14), kolkata, false), "UTC+5:30");
        let ny = chrono_tz::America::New_York;
        assert_eq!(zone_label(at(2024, 1, 18, 14), ny, true), "UTC-5");
    }

    /// A cancelled event is listed, marked cancelled, with nothing to add.
    #[test]
    fn a_cancelled_event_is_not_offered_to_add() {
        use crate::model::{EventDecision, Link};
        let (config, mut posts) = crate::render::test_posts(2);
        let start = NaiveDate::from_ymd_opt(2024, 12, 7)
            .unwrap()
            .and_hms_opt(14, 0, 0)
            .unwrap();
        for (i, p) in posts.iter_mut().enumerate() {
            p.key = format!("zh/activities/e{i}");
            p.event = Some(EventDecision {
                when: Some(EventWhen::Timed {
                    start,
                    end: start + chrono::Duration::hours(2),
                    end_stated: true,
                    zone: chrono_tz::Asia::Shanghai,
                }),
                ..EventDecision::default()
            });
        }
        posts[1].cancelled = true;
        let doc = Document {
            posts: posts.iter().collect(),
            page: Some(PageLinks {
                calendars: vec![Link {
                    title: "All".into(),
                    url: "https://example.org/feeds/events.ics".into(),
                    mime: None,
                }],
                feeds: Vec::new(),
                event_calendars: vec![
                    "https://example.org/feeds/events/e0.ics".into(),
                    "https://example.org/feeds/events/e1.ics".into(),
                ],
            }),
            ..Document::default()
        };
        let history = crate::render::ics::EventHistory::default();
        let ctx = crate::render::test_context(&config, &history);
        let bytes = Page.render(&doc, &ctx).unwrap();
        let text = std::str::from_utf8(&bytes).unwrap();
        assert!(!text.contains(" CST"), "{text}");
        let html = scraper::Html::parse_document(text);
        let event = |uid: &str| {
            let sel = scraper::Selector::parse(&format!("li.event[data-uid=\"{uid}\"]")).unwrap();
            html.select(&sel).next().unwrap().html()
        };
        let (open, cancelled) = (event("zh/activities/e0"), event("zh/activities/e1"));
        assert!(
            open.contains("class=\"google\"") && open.contains("e0.ics"),
            "{open}"
        );
        assert!(!cancelled.contains("class=\"google\""), "{cancelled}");
        assert!(!cancelled.contains("e1.ics"), "{cancelled}");
        assert!(cancelled.contains("class=\"cancelled\""), "{cancelled}");
        // The subscribe section: every way in, and the URL to copy.
        for class in [
            "webcal",
            "google-subscribe",
            "outlook-subscribe",
            "ics-file",
        ] {
            let sel = scraper::Selector::parse(&format!("#subscribe a.{class}")).unwrap();
            assert_eq!(html.select(&sel).count(), 1, "{class}");
        }
        let sel = scraper::Selector::parse("#subscribe input[readonly]").unwrap();
        let input = html.select(&sel).next().unwrap();
        assert_eq!(
            input.value().attr("value"),
            Some("https://example.org/feeds/events.ics")
        );
        assert!(html
            .select(&scraper::Selector::parse("#subscribe p.refresh").unwrap())
            .next()
            .is_some_and(|p| p.text().collect::<String>().contains("24")));
    }
}
