//! Discovery by each generator's layout, over the fixture sites in
//! `tests/fixtures/sites/<generator>/` (posts written for these tests): which
//! files are posts, with which section, language, slug, bundle flag and
//! path date; why the others are not; and the feed date each post gets.

use std::path::PathBuf;

use feedcal::config::Config;
use feedcal::discover::{discover, Looking};
use feedcal::model::DateSource;
use feedcal::site::{load, LoadOptions};

use crate::common;

fn fixture(name: &str) -> PathBuf {
    common::root().join("tests/fixtures/sites").join(name)
}

fn config(toml: &str, site: &str) -> Config {
    let mut c = Config::parse(toml, None).expect("the test config parses");
    c.content = fixture(site);
    c
}

/// (rel_path, lang, section, slug, bundle, name_date) of every post.
type Row = (String, String, String, String, bool, Option<String>);

fn posts(config: &Config) -> Vec<Row> {
    let found = discover(&config.content, config, Looking::default());
    assert!(found.errors.is_empty(), "{:?}", found.errors);
    found
        .files
        .into_iter()
        .map(|f| {
            (
                f.rel_path,
                f.lang,
                f.section,
                f.slug,
                f.bundle,
                f.name_date.map(|d| d.to_string()),
            )
        })
        .collect()
}

fn row(rel: &str, lang: &str, section: &str, slug: &str, bundle: bool, date: Option<&str>) -> Row {
    (
        rel.into(),
        lang.into(),
        section.into(),
        slug.into(),
        bundle,
        date.map(String::from),
    )
}

/// (path relative to the site, reason) of what `-v` lists as skipped.
fn skipped(config: &Config) -> Vec<(String, String)> {
    let looking = Looking {
        inside_bundles: true,
    };
    discover(&config.content, config, looking)
        .skipped
        .into_iter()
        .map(|(p, why)| {
            let rel = p.strip_prefix(&config.content).expect("under the root");
            (rel.display().to_string(), why.to_string())
        })
        .collect()
}

fn has_skip(skipped: &[(String, String)], rel: &str, reason: &str) -> bool {
    skipped
        .iter()
        .any(|(p, why)| p == rel && why.contains(reason))
}

/// (rel_path → (local feed date, where it came from, title)) after every stage.
fn dates(config: &Config) -> Vec<(String, Option<String>, Option<DateSource>, String)> {
    let site = load(config, &LoadOptions::from_config(config));
    assert!(site.errors.is_empty(), "{:?}", site.errors);
    site.posts
        .into_iter()
        .map(|p| {
            let day = p.date.map(|d| {
                d.with_timezone(&config.time_zone)
                    .format("%Y-%m-%d %H:%M")
                    .to_string()
            });
            (p.source.rel_path, day, p.date_source, p.title)
        })
        .collect()
}

fn from(key: &str) -> Option<DateSource> {
    Some(DateSource::FrontMatter(key.into()))
}

#[test]
fn hugo_pages_at_any_depth_bundles_and_language_folders() {
    let c = config(
        "languages = [\"zh\", \"en\"]\n[sections.activities]\nkind = \"events\"\n[sections.blog]\nkind = \"posts\"\n",
        "hugo",
    );
    assert_eq!(
        posts(&c),
        [
            row(
                "en/activities/office-hours.md",
                "en",
                "activities",
                "office-hours",
                false,
                None
            ),
            // A nested section's list page is read; the site keeps it only when its
            // front matter states an event (this one states none: see below).
            row(
                "zh/activities/2023/_index.md",
                "zh",
                "activities",
                "2023",
                true,
                None
            ),
            row(
                "zh/activities/2023/autumn-talk.md",
                "zh",
                "activities",
                "autumn-talk",
                false,
                None
            ),
            row(
                "zh/activities/2023/beijing/hackathon/index.md",
                "zh",
                "activities",
                "hackathon",
                true,
                None
            ),
            row(
                "zh/activities/meetup-7/index.md",
                "zh",
                "activities",
                "meetup-7",
                true,
                None
            ),
            row(
                "zh/blog/2024/05/20/release-notes.md",
                "zh",
                "blog",
                "release-notes",
                false,
                Some("2024-05-20")
            ),
        ]
    );
    let s = skipped(&c);
    assert!(
        has_skip(&s, "zh/activities/_index.md", "list page"),
        "{s:?}"
    );
    let site = load(&c, &LoadOptions::from_config(&c));
    assert!(
        site.skipped
            .iter()
            .any(|(p, why)| p.ends_with("zh/activities/2023/_index.md")
                && why.contains("front matter states no event")),
        "{:?}",
        site.skipped
    );
    assert!(!site
        .posts
        .iter()
        .any(|p| p.source.rel_path.ends_with("_index.md")));
    assert!(
        has_skip(&s, "zh/activities/index.md", "section's index.md"),
        "{s:?}"
    );
    assert!(
        has_skip(&s, "zh/activities/meetup-7/agenda.md", "bundle resource"),
        "{s:?}"
    );
    assert!(
        has_skip(&s, "zh/activities/meetup-7/photos", "inside a page bundle"),
        "{s:?}"
    );
    assert!(
        has_skip(
            &s,
            "zh/activities/meetup-7/photos/index.md",
            "bundle resource"
        ),
        "{s:?}"
    );
    assert!(
        has_skip(&s, "zh/about", "section not in the config"),
        "{s:?}"
    );
    assert!(
        !s.iter()
            .any(|(p, _)| p.contains(".draft") || p.ends_with('~')),
        "hidden and backup files are not even listed: {s:?}"
    );
    // Without -v, a bundle's resources are not listed.
    let quiet = discover(&c.content, &c, Looking::default()).skipped;
    assert!(
        !quiet.iter().any(|(p, _)| p.ends_with("agenda.md")),
        "{quiet:?}"
    );

    let d = dates(&c);
    let get = |rel: &str| d.iter().find(|r| r.0 == rel).expect(rel).clone();
    let office = get("en/activities/office-hours.md");
    assert_eq!(
        (office.1.as_deref(), office.2),
        (Some("2024-02-01 00:00"), from("lastmod"))
    );
    let notes = get("zh/blog/2024/05/20/release-notes.md");
    assert_eq!(
        (notes.1.as_deref(), notes.2),
        (Some("2024-05-20 00:00"), Some(DateSource::FileName))
    );
    assert_eq!(get("zh/activities/meetup-7/index.md").2, from("date"));
}

#[test]
fn hugo_translations_by_file_name() {
    let c = config(
        "default_language = \"en\"\nlanguages = [\"en\", \"es\"]\n[sections.events]\nkind = \"events\"\n[sections.commcalls]\nkind = \"events\"\n",
        "hugo-translations",
    );
    let d = Some("2024-04-10");
    assert_eq!(
        posts(&c),
        [
            row(
                "commcalls/2024-04-10/index.es.md",
                "es",
                "commcalls",
                "2024-04-10",
                true,
                d
            ),
            row(
                "commcalls/2024-04-10/index.md",
                "en",
                "commcalls",
                "2024-04-10",
                true,
                d
            ),
            row(
                "commcalls/2024-06-12/index.es.md",
                "es",
                "commcalls",
                "2024-06-12",
                true,
                Some("2024-06-12")
            ),
            row(
                "events/2024-03-05-coworking.es.md",
                "es",
                "events",
                "2024-03-05-coworking",
                false,
                Some("2024-03-05")
            ),
            row(
                "events/2024-03-05-coworking.md",
                "en",
                "events",
                "2024-03-05-coworking",
                false,
                Some("2024-03-05")
            ),
            row(
                "events/2024-04-09-clinic.md",
                "en",
                "events",
                "2024-04-09-clinic",
                false,
                Some("2024-04-09")
            ),
        ]
    );
    let s = skipped(&c);
    assert!(has_skip(&s, "commcalls/_index.es.md", "list page"), "{s:?}");

    let site = load(&c, &LoadOptions::from_config(&c));
    assert!(site.errors.is_empty(), "{:?}", site.errors);
    let url = |rel: &str| {
        site.posts
            .iter()
            .find(|p| p.source.rel_path == rel)
            .map(|p| (p.url.clone(), p.key.clone()))
            .expect(rel)
    };
    // A translation keeps its page's URL under its language, and its own identity.
    assert_eq!(
        url("commcalls/2024-04-10/index.es.md"),
        (
            "https://example.org/es/commcalls/2024-04-10/".into(),
            "es/commcalls/2024-04-10".into()
        )
    );
    assert_eq!(
        url("commcalls/2024-04-10/index.md"),
        (
            "https://example.org/commcalls/2024-04-10/".into(),
            "en/commcalls/2024-04-10".into()
        )
    );
    assert_eq!(
        url("events/2024-03-05-coworking.es.md").0,
        "https://example.org/es/events/2024-03-05-coworking/"
    );
    let d = dates(&c);
    let clinic = d
        .iter()
        .find(|r| r.0 == "events/2024-04-09-clinic.md")
        .unwrap();
    assert_eq!(clinic.2, Some(DateSource::FileName));
    let spanish = d
        .iter()
        .find(|r| r.0 == "commcalls/2024-06-12/index.es.md")
        .unwrap();
    assert_eq!(spanish.2, from("publishDate"));
}

#[test]
fn hexo_posts_at_any_depth_of_posts() {
    let c = config("generator = \"hexo\"\ndefault_language = \"en\"\n", "hexo");
    assert_eq!(
        posts(&c),
        [
            row(
                "_posts/2024-07-02-summer-sprint.md",
                "en",
                "_posts",
                "2024-07-02-summer-sprint",
                false,
                Some("2024-07-02")
            ),
            row(
                "_posts/hello-world.md",
                "en",
                "_posts",
                "hello-world",
                false,
                None
            ),
            row(
                "_posts/meetups/2024-06-01-rust-night.md",
                "en",
                "_posts",
                "2024-06-01-rust-night",
                false,
                Some("2024-06-01")
            ),
        ]
    );
    let s = skipped(&c);
    assert!(
        has_skip(&s, "_posts/_unlisted.md", "starts with `_`"),
        "{s:?}"
    );
    assert!(
        has_skip(&s, "_drafts", "section not in the config"),
        "{s:?}"
    );
    let site = load(&c, &LoadOptions::from_config(&c));
    let post = |rel: &str| {
        site.posts
            .iter()
            .find(|p| p.source.rel_path == rel)
            .expect(rel)
    };
    let night = post("_posts/meetups/2024-06-01-rust-night.md");
    assert_eq!(night.date_source, from("date"));
    assert_eq!(
        night.updated.map(|u| u.to_rfc3339()).as_deref(),
        Some("2024-05-25T01:00:00+00:00")
    );
    assert_eq!(night.categories, ["meetups"]);
    assert_eq!(
        post("_posts/2024-07-02-summer-sprint.md").date_source,
        Some(DateSource::FileName)
    );
}

#[test]
fn jekyll_dated_posts_collections_and_language_folders() {
    let c = config(
        "generator = \"jekyll\"\ndefault_language = \"en\"\n[sections._posts]\nkind = \"posts\"\n[sections._events]\nkind = \"events\"\n",
        "jekyll",
    );
    assert_eq!(
        posts(&c),
        [
            row(
                "_events/2024-09-14-open-day.md",
                "en",
                "_events",
                "open-day",
                false,
                Some("2024-09-14")
            ),
            row(
                "_events/workshop.md",
                "en",
                "_events",
                "workshop",
                false,
                None
            ),
            row(
                "_posts/2024-05-08-release-2-1.md",
                "en",
                "_posts",
                "release-2-1",
                false,
                Some("2024-05-08")
            ),
            row(
                "_posts/cn/2018-8-20-meetup-shanghai.md",
                "cn",
                "_posts",
                "meetup-shanghai",
                false,
                Some("2018-08-20")
            ),
        ]
    );
    let s = skipped(&c);
    assert!(
        has_skip(&s, "_posts/notes.md", "starts with its date"),
        "{s:?}"
    );
    assert!(has_skip(&s, "_site", "section not in the config"), "{s:?}");
    assert!(has_skip(&s, "index.md", "not in a section"), "{s:?}");

    let site = load(&c, &LoadOptions::from_config(&c));
    let post = |rel: &str| {
        site.posts
            .iter()
            .find(|p| p.source.rel_path == rel)
            .expect(rel)
    };
    let shanghai = post("_posts/cn/2018-8-20-meetup-shanghai.md");
    // Jekyll's publication date is the file name's, not `last_modified_at`
    // (which is read, repaired from `2018.08.21T…`, as the update date).
    assert_eq!(shanghai.date_source, Some(DateSource::FileName));
    assert_eq!(
        shanghai.updated.map(|u| u.to_rfc3339()).as_deref(),
        Some("2018-08-21T02:00:00+00:00")
    );
    assert!(
        shanghai
            .warnings
            .iter()
            .any(|w| w.kind.as_str() == "front-matter-repaired" && w.line == Some(3)),
        "{:?}",
        shanghai.warnings
    );
    assert_eq!(
        post("_events/2024-09-14-open-day.md").date_source,
        Some(DateSource::FileName)
    );
}

#[test]
fn zola_sections_bundles_and_dates_in_names_and_paths() {
    let c = config(
        "generator = \"zola\"\ndefault_language = \"en\"\nlanguages = [\"en\", \"fr\"]\n",
        "zola",
    );
    assert_eq!(
        posts(&c),
        [
            row(
                "blog/2021-06-23-first-steps.md",
                "en",
                "blog",
                "first-steps",
                false,
                Some("2021-06-23")
            ),
            row(
                "blog/2022/archive-note.md",
                "en",
                "blog",
                "archive-note",
                false,
                None
            ),
            row(
                "blog/gathering.fr.md",
                "fr",
                "blog",
                "gathering",
                false,
                None
            ),
            row("blog/launch/index.md", "en", "blog", "launch", true, None),
        ]
    );
    let s = skipped(&c);
    assert!(has_skip(&s, "blog/_index.md", "list page"), "{s:?}");
    assert!(
        has_skip(&s, "blog/launch/diagram.md", "bundle resource"),
        "{s:?}"
    );
    assert!(has_skip(&s, "pages", "section not in the config"), "{s:?}");
    let d = dates(&c);
    let get = |rel: &str| d.iter().find(|r| r.0 == rel).expect(rel).clone();
    assert_eq!(
        get("blog/2022/archive-note.md").1.as_deref(),
        Some("2022-03-14 00:00")
    );
    assert_eq!(
        get("blog/2022/archive-note.md").2,
        Some(DateSource::PathKey)
    );
    assert_eq!(
        get("blog/2021-06-23-first-steps.md").2,
        Some(DateSource::FileName)
    );
    assert_eq!(get("blog/launch/index.md").2, from("date"));
}

#[test]
fn docusaurus_blog_and_docs_folders() {
    let c = config(
        "generator = \"docusaurus\"\n[sections.blog]\nkind = \"events\"\n[sections.meetups]\nkind = \"events\"\n",
        "docusaurus",
    );
    assert_eq!(
        posts(&c),
        [
            row(
                "blog/2021/12/18/meetup-recap.mdx",
                "zh",
                "blog",
                "meetup-recap",
                false,
                Some("2021-12-18")
            ),
            row(
                "blog/2023-09-03-talk-one.md",
                "zh",
                "blog",
                "talk-one",
                false,
                Some("2023-09-03")
            ),
            row(
                "blog/2023-09-03-talk-two/index.md",
                "zh",
                "blog",
                "talk-two",
                true,
                Some("2023-09-03")
            ),
            row(
                "meetups/shenzhen-2021.md",
                "zh",
                "meetups",
                "shenzhen-2021",
                false,
                None
            ),
        ]
    );
    let s = skipped(&c);
    assert!(
        has_skip(&s, "blog/_draft-notes.md", "starts with `_`"),
        "{s:?}"
    );
    assert!(has_skip(&s, "meetups/README.md", "index page"), "{s:?}");
    assert!(has_skip(&s, "src", "section not in the config"), "{s:?}");
    assert!(
        !s.iter().any(|(p, _)| p.starts_with("node_modules")),
        "{s:?}"
    );

    let d = dates(&c);
    let get = |rel: &str| d.iter().find(|r| r.0 == rel).expect(rel).clone();
    // A page without front matter: its title is its heading, and its feed
    // date is its event's start.
    let meetup = get("meetups/shenzhen-2021.md");
    assert_eq!(meetup.3, "深圳站：数据与未来");
    assert_eq!(meetup.1.as_deref(), Some("2021-12-18 08:30"));
    assert_eq!(meetup.2, Some(DateSource::EventStart));
    let two = get("blog/2023-09-03-talk-two/index.md");
    assert_eq!(
        (two.2, two.3.as_str()),
        (Some(DateSource::FileName), "Talk two")
    );
}

#[test]
fn vuepress_sections_at_any_depth_and_readme_index_pages() {
    let c = config(
        "generator = \"vuepress\"\ndefault_language = \"en\"\nlanguages = [\"en\", \"zh\"]\n[sections.events]\nkind = \"events\"\n[sections.blog]\nkind = \"posts\"\n",
        "vuepress",
    );
    assert_eq!(
        posts(&c),
        [
            row("blog/kubecon.md", "en", "blog", "kubecon", false, None),
            row(
                "zh/blog/release-notes.md",
                "zh",
                "blog",
                "release-notes",
                false,
                None
            ),
            row(
                "zh/community/events/20231115.md",
                "zh",
                "events",
                "20231115",
                false,
                Some("2023-11-15")
            ),
            row(
                "zh/community/events/20240521.md",
                "zh",
                "events",
                "20240521",
                false,
                Some("2024-05-21")
            ),
        ]
    );
    let s = skipped(&c);
    assert!(has_skip(&s, "blog/README.md", "index page"), "{s:?}");
    assert!(
        has_skip(&s, "zh/community/events/README.md", "index page"),
        "{s:?}"
    );
    assert!(
        has_skip(&s, "zh/community/guide.md", "section not in the config"),
        "{s:?}"
    );
    assert!(!s.iter().any(|(p, _)| p.contains(".vuepress")), "{s:?}");

    let d = dates(&c);
    let get = |rel: &str| d.iter().find(|r| r.0 == rel).expect(rel).clone();
    assert_eq!(get("blog/kubecon.md").2, from("pubDate"));
    let live = get("zh/community/events/20231115.md");
    assert_eq!(live.3, "线上直播：时序数据库入门");
    assert_eq!(live.2, Some(DateSource::FileName));
    let site = load(&c, &LoadOptions::from_config(&c));
    let event = site
        .posts
        .iter()
        .find(|p| p.source.rel_path == "zh/community/events/20231115.md")
        .and_then(|p| p.event.as_ref())
        .and_then(|e| e.when.clone());
    // The year of `11 月 15 日` comes from the date in the file name.
    let start = match event {
        Some(feedcal::model::EventWhen::Timed { start, .. }) => start.to_string(),
        other => panic!("{other:?}"),
    };
    assert_eq!(start, "2023-11-15 16:30:00");
}

/// Every generator's content root and sections when the config names none.
#[test]
fn each_generator_has_its_own_defaults() {
    for (generator, content, section) in [
        ("hugo", "content", "activities"),
        ("hexo", "source", "_posts"),
        ("jekyll", ".", "_posts"),
        ("zola", "content", "blog"),
        ("docusaurus", ".", "blog"),
        ("vuepress", "docs", "blog"),
        ("pelican", "content", "articles"),
    ] {
        let c = Config::parse(&format!("generator = \"{generator}\"\n"), None).unwrap();
        assert_eq!(c.content, PathBuf::from(content), "{generator}");
        assert!(c.section(section).is_some(), "{generator}");
    }
}

/// The real sites of the corpus, each with the config its maintainer would
/// write: every Markdown file is a post or skipped with a reason (itself or
/// its folder), and every post has a feed date unless it states none at all.
#[test]
fn every_corpus_file_is_a_post_or_skipped_with_a_reason() {
    let Some(sofastack) = common::corpus() else {
        return;
    };
    let corpus = sofastack.parent().expect("the corpus folder").to_path_buf();
    let sites = [
        (
            "ropensci/content",
            "default_language = \"en\"\nlanguages = [\"en\", \"es\"]\n[sections.events]\nkind = \"events\"\n[sections.commcalls]\nkind = \"events\"\n[sections.blog]\nkind = \"posts\"\n",
            75,
        ),
        (
            "carpentries/content",
            "default_language = \"en\"\n[sections.posts]\nkind = \"events\"\n",
            58,
        ),
        (
            "servicecomb",
            "generator = \"jekyll\"\ndefault_language = \"en\"\n[sections._posts]\nkind = \"events\"\n",
            31,
        ),
        (
            "opengemini/docs",
            "generator = \"vuepress\"\ndefault_language = \"en\"\nlanguages = [\"en\", \"zh\"]\n[sections.events]\nkind = \"events\"\n[sections.blog]\nkind = \"posts\"\n",
            17,
        ),
        (
            "3306pai",
            "generator = \"docusaurus\"\n[sections.blog]\nkind = \"events\"\n[sections.meeting]\nkind = \"events\"\n[sections.mentors]\nkind = \"posts\"\n",
            25,
        ),
    ];
    for (site, toml, expected_posts) in sites {
        let root = corpus.join(site);
        if !root.is_dir() {
            eprintln!("SKIP: {} is absent", root.display());
            continue;
        }
        let mut c = Config::parse(toml, None).unwrap();
        c.content = root.clone();
        let found = discover(
            &root,
            &c,
            Looking {
                inside_bundles: true,
            },
        );
        assert!(found.errors.is_empty(), "{site}: {:?}", found.errors);
        assert_eq!(found.files.len(), expected_posts, "{site}");
        for rel in common::files_under(&root) {
            let ext = rel.rsplit('.').next().unwrap_or("");
            if !matches!(ext, "md" | "mdx" | "markdown") {
                continue;
            }
            let path = root.join(&rel);
            let is_post = found.files.iter().any(|f| f.path == path);
            let skipped = found.skipped.iter().any(|(p, _)| path.starts_with(p));
            let hidden = rel.split('/').any(|s| s.starts_with('.'));
            assert!(
                is_post || skipped || hidden,
                "{site}/{rel} is neither a post nor skipped with a reason"
            );
        }
        let loaded = load(&c, &LoadOptions::from_config(&c));
        assert!(loaded.errors.is_empty(), "{site}: {:?}", loaded.errors);
        for p in &loaded.posts {
            // The one page that states no date and no time anywhere: a
            // title and a poster.
            let states_nothing = p.source.rel_path == "meeting/3306pai-bj-2023.md";
            assert_eq!(
                p.date.is_none(),
                states_nothing,
                "{site}/{}: {:?}",
                p.source.rel_path,
                p.date_source
            );
        }
    }
}
