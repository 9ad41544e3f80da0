//! Which posts the site generator publishes, decided the way it decides, so
//! that feedcal never lists a post whose page the site does not have.
//!
//! Pure: the post's dates and flags, the site's rules and the run's date go
//! in; a [`Visibility`] with a reason comes out. Nothing here reads a clock or
//! a file: the run's date is `--today` or `SOURCE_DATE_EPOCH` (or, only in the
//! binary, today's date), so two runs of one checkout give the same outputs.
//!
//! **The clock is a day.** feedcal's run date has no time of day, so dates are
//! compared by their day in the site zone:
//! - a post whose publish date falls **after** the run's date is in the
//!   future (a post dated later on the run's day is published);
//! - a post whose expiry date falls **on or before** the run's date has
//!   expired (an `expiryDate` is usually a day, meaning "gone from that day").
//!
//! **Per generator** (each as its documentation states it):
//! - Hugo: `draft` (unless `buildDrafts`/`--drafts`), a future publish date
//!   (unless `buildFuture`/`--future`), a past `expiryDate` (unless
//!   `buildExpired`/`--expired`), and the `build` (or `_build`) options:
//!   - `list: never` (or `false`): in no page list, so in no feed or calendar;
//!   - `list: local`: Hugo keeps it out of site-wide lists only; feedcal keeps
//!     it (a feed of the section still lists it in Hugo) and says so;
//!   - `render: never` (or `false`) and `render: link`: Hugo writes no page, so
//!     the item would link to nothing: left out;
//!   - `publishResources: false`: the bundle's files (a cover image) are not
//!     published: the post is kept, without a cover from its bundle.
//! - Jekyll: `published: false`, and a future date unless `future: true`
//!   (Jekyll's default is `false`); drafts live in `_drafts/`, which is not read.
//! - Hexo: `published: false`; future posts are published (`future: true` is
//!   Hexo's default; `future: false` leaves them out).
//! - Zola: `draft = true`; Zola publishes future dates.
//! - Docusaurus: `draft: true`, and `unlisted: true` (built, but in no list).
//! - VuePress: every page is published.
//! - Pelican: `Status: draft`, `Status: hidden` (built, in no list or feed),
//!   `Status: skip` (not built), an article without `Title:` or without a
//!   date (`Date:`, or one at the start of its file name), both of which
//!   Pelican requires and skips the article without; future dates are
//!   published unless `WITH_FUTURE_DATES = False` (they are drafts then).
//!
//! The publish date is `publishDate`, else `date` (Hugo's default front-matter
//! date configuration; Jekyll, Hexo and Zola have only `date`).

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use crate::generator::Generator;
pub use crate::model::{Hidden, HiddenReason as Reason};

/// Hugo's `build` (or `_build`) front-matter options, as written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct BuildOptions {
    /// `always` (default), `local`, `never`; `true`/`false` as Hugo's older spelling.
    pub list: Option<String>,
    /// `always` (default), `link`, `never`; `true`/`false` as Hugo's older spelling.
    pub render: Option<String>,
    /// `true` (default): the bundle's resources are published.
    pub publish_resources: Option<bool>,
}

/// What the rules need to know about one post.
#[derive(Debug, Clone, Default)]
pub struct PostFacts {
    pub draft: bool,
    pub date: Option<DateTime<Utc>>,
    pub publish_date: Option<DateTime<Utc>>,
    pub expiry_date: Option<DateTime<Utc>>,
    /// Jekyll's and Hexo's `published:` (`false` hides the post).
    pub published: Option<bool>,
    /// Docusaurus's `unlisted: true`, Pelican's `Status: hidden`.
    pub unlisted: bool,
    pub build: BuildOptions,
    /// No title in the front matter (Pelican requires one).
    pub untitled: bool,
    /// No date in the front matter or the file name (Pelican requires one).
    pub undated: bool,
}

/// The site's rules: which of the generator's exclusions are switched off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PublishRules {
    pub generator: Generator,
    /// Publish posts dated after the run's date (`buildFuture`, `future`, `--future`).
    pub future: bool,
    /// Publish posts past their expiry date (`buildExpired`, `--expired`).
    pub expired: bool,
    /// Publish drafts (`buildDrafts`, `--drafts`).
    pub drafts: bool,
}

impl PublishRules {
    /// The generator's own defaults: Hugo and Jekyll leave future posts out,
    /// the others publish them.
    pub fn defaults(generator: Generator) -> PublishRules {
        PublishRules {
            generator,
            future: !matches!(generator, Generator::Hugo | Generator::Jekyll),
            expired: false,
            drafts: false,
        }
    }
}

/// The decision for one post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Visibility {
    /// Published. `notes` say what was decided on the way (`list: local`).
    Shown {
        /// The bundle's resources are not published (`publishResources: false`).
        without_resources: bool,
        notes: Vec<String>,
    },
    Hidden(Hidden),
}

impl Visibility {
    pub fn hidden(&self) -> Option<&Hidden> {
        match self {
            Visibility::Hidden(h) => Some(h),
            Visibility::Shown { .. } => None,
        }
    }
}

/// Decides one post. `today` is the run's date; `None` (a library caller that
/// gave none) skips the date rules, never guessing a date.
pub fn decide(
    post: &PostFacts,
    rules: &PublishRules,
    today: Option<NaiveDate>,
    zone: Tz,
) -> Visibility {
    let hide = |reason, message: String| Visibility::Hidden(Hidden { reason, message });
    let g = rules.generator;
    let drafts_apply = matches!(
        g,
        Generator::Hugo
            | Generator::Zola
            | Generator::Docusaurus
            | Generator::Hexo
            | Generator::Pelican
    );
    let pelican = g == Generator::Pelican;
    if post.draft && drafts_apply && !rules.drafts {
        let marked = if pelican {
            "`Status: draft`"
        } else {
            "`draft: true`"
        };
        return hide(
            Reason::Draft,
            format!("marked {marked}; published with --drafts"),
        );
    }
    if pelican {
        if post.published == Some(false) {
            return hide(
                Reason::NotRendered,
                "marked `Status: skip`: Pelican does not build it".to_string(),
            );
        }
        if post.untitled || post.undated {
            let missing = if post.untitled {
                "`Title:`"
            } else {
                "a date (`Date:`, or YYYY-MM-DD at the start of the file name)"
            };
            return hide(
                Reason::NotRendered,
                format!("has no {missing}, which Pelican requires of an article: it skips the article and writes no page"),
            );
        }
    }
    if post.published == Some(false) && matches!(g, Generator::Jekyll | Generator::Hexo) {
        return hide(
            Reason::Unpublished,
            format!("marked `published: false`, which {g} does not publish"),
        );
    }
    if post.unlisted && matches!(g, Generator::Docusaurus | Generator::Pelican) {
        let message = if pelican {
            "marked `Status: hidden`: Pelican builds its page but lists it in no index or feed"
        } else {
            "marked `unlisted: true`: Docusaurus lists it nowhere"
        };
        return hide(Reason::Unlisted, message.to_string());
    }
    let mut notes = Vec::new();
    let mut without_resources = false;
    if g == Generator::Hugo {
        match option_word(post.build.render.as_deref()) {
            Some("never") | Some("false") => return hide(
                Reason::NotRendered,
                "`build.render: never`: Hugo writes no page for it, so its link would not resolve"
                    .to_string(),
            ),
            Some("link") => {
                return hide(
                    Reason::NotRendered,
                    "`build.render: link`: Hugo gives it a URL but writes no page there"
                        .to_string(),
                )
            }
            _ => {}
        }
        match option_word(post.build.list.as_deref()) {
            Some("never") | Some("false") => {
                return hide(
                    Reason::Unlisted,
                    "`build.list: never`: Hugo lists it in no page collection, so no feed or calendar holds it".to_string(),
                )
            }
            Some("local") => notes.push(
                "`build.list: local`: Hugo leaves it out of site-wide lists; feedcal still lists it".to_string(),
            ),
            _ => {}
        }
        if post.build.publish_resources == Some(false) {
            without_resources = true;
            notes.push(
                "`build.publishResources: false`: its bundle's files are not published, so it has no cover".to_string(),
            );
        }
    }
    if let Some(today) = today {
        let day = |d: DateTime<Utc>| d.with_timezone(&zone).date_naive();
        let future_rule = matches!(
            g,
            Generator::Hugo | Generator::Jekyll | Generator::Hexo | Generator::Pelican
        );
        if !rules.future && future_rule {
            let (publish, key) = match (post.publish_date, post.date) {
                (Some(p), _) if g == Generator::Hugo => (Some(p), "publishDate"),
                (_, d) => (d, "date"),
            };
            if let Some(p) = publish.filter(|p| day(*p) > today) {
                let flag = match g {
                    Generator::Hugo => "`buildFuture = true` or --future",
                    Generator::Pelican => "`WITH_FUTURE_DATES = True` or --future",
                    _ => "`future: true` or --future",
                };
                return hide(
                    Reason::Future,
                    format!(
                        "its {key} {} is after the run's date {today}; published with {flag}",
                        day(p)
                    ),
                );
            }
        }
        if !rules.expired && g == Generator::Hugo {
            if let Some(e) = post.expiry_date.filter(|e| day(*e) <= today) {
                return hide(
                    Reason::Expired,
                    format!(
                        "its expiryDate {} is not after the run's date {today}; published with `buildExpired = true` or --expired",
                        day(e)
                    ),
                );
            }
        }
    }
    Visibility::Shown {
        without_resources,
        notes,
    }
}

fn option_word(v: Option<&str>) -> Option<&'static str> {
    let v = v?.trim().to_ascii_lowercase();
    ["never", "false", "link", "local", "always", "true"]
        .into_iter()
        .find(|w| *w == v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use chrono_tz::Asia::Shanghai;

    fn at(y: i32, m: u32, d: u32) -> Option<DateTime<Utc>> {
        Some(
            Shanghai
                .with_ymd_and_hms(y, m, d, 10, 0, 0)
                .unwrap()
                .with_timezone(&Utc),
        )
    }

    fn today() -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(2024, 11, 25)
    }

    fn hugo() -> PublishRules {
        PublishRules::defaults(Generator::Hugo)
    }

    fn reason(v: Visibility) -> Option<Reason> {
        v.hidden().map(|h| h.reason)
    }

    #[test]
    fn future_posts_wait_unless_build_future() {
        let post = PostFacts {
            date: at(2099, 1, 1),
            ..Default::default()
        };
        assert_eq!(
            reason(decide(&post, &hugo(), today(), Shanghai)),
            Some(Reason::Future)
        );
        let on = PublishRules {
            future: true,
            ..hugo()
        };
        assert_eq!(reason(decide(&post, &on, today(), Shanghai)), None);
        // Later on the run's own day is not the future: the clock is a day.
        let same_day = PostFacts {
            date: at(2024, 11, 25),
            ..Default::default()
        };
        assert_eq!(reason(decide(&same_day, &hugo(), today(), Shanghai)), None);
        // No run date: no date rule is applied.
        assert_eq!(reason(decide(&post, &hugo(), None, Shanghai)), None);
    }

    #[test]
    fn publish_date_wins_over_date_in_hugo() {
        let post = PostFacts {
            date: at(2024, 1, 1),
            publish_date: at(2025, 1, 1),
            ..Default::default()
        };
        let v = decide(&post, &hugo(), today(), Shanghai);
        let h = v.hidden().expect("hidden");
        assert_eq!(h.reason, Reason::Future);
        assert!(
            h.message.contains("publishDate 2025-01-01"),
            "{}",
            h.message
        );
        let early = PostFacts {
            date: at(2099, 1, 1),
            publish_date: at(2024, 1, 1),
            ..Default::default()
        };
        assert_eq!(reason(decide(&early, &hugo(), today(), Shanghai)), None);
    }

    #[test]
    fn expired_posts_unless_build_expired() {
        let post = PostFacts {
            date: at(2024, 1, 1),
            expiry_date: at(2024, 11, 25),
            ..Default::default()
        };
        assert_eq!(
            reason(decide(&post, &hugo(), today(), Shanghai)),
            Some(Reason::Expired)
        );
        let on = PublishRules {
            expired: true,
            ..hugo()
        };
        assert_eq!(reason(decide(&post, &on, today(), Shanghai)), None);
        let later = PostFacts {
            expiry_date: at(2024, 11, 26),
            ..post
        };
        assert_eq!(reason(decide(&later, &hugo(), today(), Shanghai)), None);
    }

    #[test]
    fn drafts_unless_build_drafts() {
        let post = PostFacts {
            draft: true,
            ..Default::default()
        };
        assert_eq!(
            reason(decide(&post, &hugo(), today(), Shanghai)),
            Some(Reason::Draft)
        );
        let on = PublishRules {
            drafts: true,
            ..hugo()
        };
        assert_eq!(reason(decide(&post, &on, today(), Shanghai)), None);
    }

    #[test]
    fn build_options_each_on_and_off() {
        let with = |list: Option<&str>, render: Option<&str>, res: Option<bool>| PostFacts {
            build: BuildOptions {
                list: list.map(str::to_string),
                render: render.map(str::to_string),
                publish_resources: res,
            },
            ..Default::default()
        };
        let d = |p: &PostFacts| decide(p, &hugo(), today(), Shanghai);
        assert_eq!(
            reason(d(&with(Some("never"), None, None))),
            Some(Reason::Unlisted)
        );
        assert_eq!(
            reason(d(&with(Some("false"), None, None))),
            Some(Reason::Unlisted)
        );
        assert_eq!(reason(d(&with(Some("always"), None, None))), None);
        match d(&with(Some("local"), None, None)) {
            Visibility::Shown { notes, .. } => assert!(notes[0].contains("local")),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            reason(d(&with(None, Some("never"), None))),
            Some(Reason::NotRendered)
        );
        assert_eq!(
            reason(d(&with(None, Some("Link"), None))),
            Some(Reason::NotRendered)
        );
        assert_eq!(reason(d(&with(None, Some("always"), None))), None);
        match d(&with(None, None, Some(false))) {
            Visibility::Shown {
                without_resources, ..
            } => assert!(without_resources),
            other => panic!("{other:?}"),
        }
        match d(&with(None, None, Some(true))) {
            Visibility::Shown {
                without_resources, ..
            } => assert!(!without_resources),
            other => panic!("{other:?}"),
        }
        // Build options are Hugo's: another generator ignores them.
        let zola = PublishRules::defaults(Generator::Zola);
        assert_eq!(
            reason(decide(
                &with(Some("never"), None, None),
                &zola,
                today(),
                Shanghai
            )),
            None
        );
    }

    /// Pelican: `Status: draft`/`hidden`/`skip`, and the title and date it
    /// requires of an article; future dates only with `WITH_FUTURE_DATES = False`.
    #[test]
    fn pelican_statuses_and_mandatory_fields() {
        let rules = PublishRules::defaults(Generator::Pelican);
        let d = |p: &PostFacts, r: &PublishRules| reason(decide(p, r, today(), Shanghai));
        let article = PostFacts {
            date: at(2099, 1, 1),
            ..Default::default()
        };
        assert_eq!(d(&article, &rules), None, "future dates are published");
        let no_future = PublishRules {
            future: false,
            ..rules
        };
        assert_eq!(d(&article, &no_future), Some(Reason::Future));
        let with = |f: fn(&mut PostFacts)| {
            let mut p = article.clone();
            f(&mut p);
            p
        };
        assert_eq!(d(&with(|p| p.draft = true), &rules), Some(Reason::Draft));
        let drafts = PublishRules {
            drafts: true,
            ..rules
        };
        assert_eq!(d(&with(|p| p.draft = true), &drafts), None);
        assert_eq!(
            d(&with(|p| p.unlisted = true), &rules),
            Some(Reason::Unlisted)
        );
        assert_eq!(
            d(&with(|p| p.published = Some(false)), &rules),
            Some(Reason::NotRendered)
        );
        let untitled = decide(&with(|p| p.untitled = true), &rules, today(), Shanghai);
        assert!(untitled.hidden().unwrap().message.contains("`Title:`"));
        assert_eq!(
            d(&with(|p| p.undated = true), &rules),
            Some(Reason::NotRendered)
        );
        // The mandatory fields are Pelican's only.
        let hugo = PublishRules::defaults(Generator::Hugo);
        let old = PostFacts {
            untitled: true,
            undated: true,
            ..Default::default()
        };
        assert_eq!(d(&old, &hugo), None);
    }

    #[test]
    fn other_generators_follow_their_own_rules() {
        let future = PostFacts {
            date: at(2099, 1, 1),
            ..Default::default()
        };
        let d = |g, p: &PostFacts| reason(decide(p, &PublishRules::defaults(g), today(), Shanghai));
        assert_eq!(d(Generator::Jekyll, &future), Some(Reason::Future));
        assert_eq!(d(Generator::Hexo, &future), None);
        assert_eq!(d(Generator::Zola, &future), None);
        assert_eq!(d(Generator::Docusaurus, &future), None);
        let unpublished = PostFacts {
            published: Some(false),
            ..Default::default()
        };
        assert_eq!(
            d(Generator::Jekyll, &unpublished),
            Some(Reason::Unpublished)
        );
        assert_eq!(d(Generator::Hexo, &unpublished), Some(Reason::Unpublished));
        assert_eq!(d(Generator::Hugo, &unpublished), None);
        let unlisted = PostFacts {
            unlisted: true,
            ..Default::default()
        };
        assert_eq!(d(Generator::Docusaurus, &unlisted), Some(Reason::Unlisted));
        let draft = PostFacts {
            draft: true,
            ..Default::default()
        };
        assert_eq!(d(Generator::VuePress, &draft), None);
        assert_eq!(d(Generator::Zola, &draft), Some(Reason::Draft));
        // Hexo with `future: false` leaves future posts out.
        let strict = PublishRules {
            future: false,
            ..PublishRules::defaults(Generator::Hexo)
        };
        assert_eq!(
            reason(decide(&future, &strict, today(), Shanghai)),
            Some(Reason::Future)
        );
    }
}
