//! The site generator's own config: what feedcal reads from it (with the file
//! and key of every value), and that `build --site` with no feedcal config
//! publishes the URLs the generator would.
//!
//! The fixture sites in `tests/fixtures/generators/` are written for these
//! tests. The expected URLs are written by hand from each generator's
//! documented rules (the doc page is named at each test), never from
//! feedcal's output; the Hugo ones are also checked against the real `hugo`
//! binary (`real_hugo_writes_every_page_feedcal_links`).

use std::path::{Path, PathBuf};

use feedcal::config::{Config, Flags};
use feedcal::generator::Generator;
use feedcal::model::SourceFile;
use feedcal::site_config::{self, SiteConfig};

use crate::common;

const TODAY: &str = "2024-11-25";

fn fixture(name: &str) -> PathBuf {
    common::root().join("tests/fixtures/generators").join(name)
}

/// A copy of a fixture site in a temporary folder (builds write into it).
fn copy_of(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_tree(&fixture(name), dir.path());
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read fixture") {
        let e = e.expect("entry");
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_tree(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).expect("copy");
        }
    }
}

fn read(name: &str) -> SiteConfig {
    site_config::read(&fixture(name), None).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// A value's text, file name and key, for compact assertions.
fn from<T: Clone>(s: &Option<site_config::Sourced<T>>) -> (T, String, String) {
    let s = s.as_ref().expect("value read");
    let file = s
        .from
        .file
        .strip_prefix(common::root().join("tests/fixtures/generators"))
        .unwrap_or(&s.from.file)
        .display()
        .to_string();
    (s.value.clone(), file, s.from.key.clone())
}

fn owned(v: &str, f: &str, k: &str) -> (String, String, String) {
    (v.to_string(), f.to_string(), k.to_string())
}

#[test]
fn the_generator_is_detected_from_its_config_file() {
    for (name, g) in [
        ("hugo-toml", Generator::Hugo),
        ("hugo-yaml", Generator::Hugo),
        ("hugo-split", Generator::Hugo),
        ("jekyll", Generator::Jekyll),
        ("hexo", Generator::Hexo),
        ("zola", Generator::Zola),
        ("docusaurus", Generator::Docusaurus),
        ("pelican", Generator::Pelican),
    ] {
        let (found, _) = site_config::detect(&fixture(name)).expect(name);
        assert_eq!(found, g, "{name}");
    }
}

#[test]
fn hugo_toml_values_with_their_keys() {
    let s = read("hugo-toml");
    assert_eq!(
        from(&s.base_url),
        owned(
            "https://meetup.example.net/community/",
            "hugo-toml/hugo.toml",
            "baseURL"
        )
    );
    assert_eq!(
        from(&s.title),
        owned("Harbor City Tech Meetups", "hugo-toml/hugo.toml", "title")
    );
    assert_eq!(
        from(&s.time_zone),
        owned("Asia/Shanghai", "hugo-toml/hugo.toml", "timeZone")
    );
    assert_eq!(
        from(&s.default_language),
        owned("en", "hugo-toml/hugo.toml", "defaultContentLanguage")
    );
    let (rules, file, key) = from(&s.permalinks);
    assert_eq!(
        rules,
        vec![("blog".to_string(), "/news/:year/:month/:slug/".to_string())]
    );
    assert_eq!(
        (file.as_str(), key.as_str()),
        ("hugo-toml/hugo.toml", "permalinks.blog")
    );
    assert!(s.build_future.is_none() && s.publish_dir.is_none());
}

#[test]
fn hugo_yaml_languages_with_their_content_folders() {
    let s = read("hugo-yaml");
    let (langs, file, key) = from(&s.languages);
    assert_eq!(
        (file.as_str(), key.as_str()),
        ("hugo-yaml/hugo.yaml", "languages")
    );
    let codes: Vec<(&str, i64, Option<&str>, Option<&str>)> = langs
        .iter()
        .map(|l| {
            (
                l.code.as_str(),
                l.weight,
                l.content_dir.as_deref().and_then(Path::to_str),
                l.name.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        codes,
        [
            ("zh", 1, Some("content/zh"), Some("中文")),
            ("en", 2, Some("content/en"), Some("English"))
        ]
    );
    assert_eq!(
        from(&s.default_language),
        owned("zh", "hugo-yaml/hugo.yaml", "defaultContentLanguage")
    );
}

/// <https://gohugo.io/configuration/introduction/#configuration-directory>:
/// `config/_default/` then the environment's folder (`production` for `hugo`).
#[test]
fn hugo_split_config_merges_default_then_production() {
    let s = read("hugo-split");
    assert_eq!(
        from(&s.build_future).1,
        "hugo-split/config/production/hugo.toml"
    );
    assert!(from(&s.build_future).0);
    assert_eq!(
        from(&s.default_language_in_subdir),
        (
            true,
            "hugo-split/config/_default/hugo.toml".to_string(),
            "defaultContentLanguageInSubdir".to_string()
        )
    );
    let (rules, file, key) = from(&s.permalinks);
    assert_eq!(
        rules,
        vec![("activities".to_string(), "/events/:year/:slug/".to_string())]
    );
    assert_eq!(file, "hugo-split/config/_default/permalinks.yaml");
    assert_eq!(key, "permalinks.activities");
    let (langs, file, _) = from(&s.languages);
    assert_eq!(file, "hugo-split/config/_default/languages.toml");
    assert_eq!(
        langs.iter().map(|l| l.code.as_str()).collect::<Vec<_>>(),
        ["en", "de"]
    );
    assert_eq!(s.files.len(), 5, "{:?}", s.files);
}

#[test]
fn jekyll_hexo_zola_and_docusaurus_values() {
    let j = read("jekyll");
    assert_eq!(
        from(&j.base_url),
        owned(
            "https://rubyists.example.org/club/",
            "jekyll/_config.yml",
            "url + baseurl"
        )
    );
    assert_eq!(from(&j.default_language).0, "de");
    assert!(!from(&j.build_future).0);
    assert_eq!(
        from(&j.permalinks).0,
        vec![
            (String::new(), "pretty".to_string()),
            ("talks".to_string(), "/vortraege/:path/".to_string())
        ]
    );

    let h = read("hexo");
    assert_eq!(
        from(&h.base_url),
        owned("https://night.example.com/blog", "hexo/_config.yml", "url")
    );
    assert_eq!(from(&h.default_language).0, "zh-CN");
    assert_eq!(from(&h.content_dir).0, PathBuf::from("source"));
    assert_eq!(from(&h.publish_dir).2, "public_dir");
    assert!(h.other.iter().any(|o| o.value.contains("new_post_name")));

    let z = read("zola");
    assert_eq!(
        from(&z.base_url),
        owned(
            "https://zola-meet.example.org",
            "zola/config.toml",
            "base_url"
        )
    );
    assert_eq!(from(&z.publish_dir).0, PathBuf::from("dist"));
    assert_eq!(
        from(&z.languages)
            .0
            .iter()
            .map(|l| l.code.as_str())
            .collect::<Vec<_>>(),
        ["fr"]
    );
    assert_eq!(from(&z.taxonomies).0, vec!["tags".to_string()]);

    let d = read("docusaurus");
    assert_eq!(
        from(&d.base_url),
        owned(
            "https://db.example.dev/site/",
            "docusaurus/docusaurus.config.js",
            "url + baseUrl"
        )
    );
    assert_eq!(from(&d.default_language).0, "zh-Hans");
    let blogs: Vec<(String, String)> = from(&d.blogs)
        .0
        .into_iter()
        .map(|b| (b.path, b.route_base_path))
        .collect();
    assert_eq!(
        blogs,
        [
            ("news".to_string(), "updates".to_string()),
            ("talks".to_string(), "talks".to_string())
        ]
    );
    // An expression is never guessed: it is named as not read.
    assert!(d.trailing_slash.is_none());
    assert!(
        d.unread.iter().any(|u| u.contains("trailingSlash")),
        "{:?}",
        d.unread
    );
}

fn run(args: &[&str]) -> std::process::Output {
    common::feedcal().args(args).output().expect("run feedcal")
}

/// The URL of every post `check` reports (those the site publishes).
fn checked_urls(site: &Path, extra: &[&str]) -> Vec<String> {
    let site = site.to_str().expect("utf-8 path");
    let mut args = vec!["--site", site];
    args.extend_from_slice(extra);
    args.extend_from_slice(&["check", "--format", "json"]);
    let o = run(&args);
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "check output is not JSON ({e}): {}",
            String::from_utf8_lossy(&o.stderr)
        )
    });
    let mut urls: Vec<String> = report["posts"]
        .as_array()
        .expect("posts")
        .iter()
        .map(|p| p["url"].as_str().expect("url").to_string())
        .collect();
    urls.sort();
    urls
}

fn sorted(urls: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = urls.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

/// Expected from <https://gohugo.io/content-management/urls/> (section +
/// file name or bundle folder, `slug:`; `permalinks` with `:slug` falling back
/// to the title) and the publish rules of
/// <https://gohugo.io/content-management/build-options/> and
/// <https://gohugo.io/methods/page/publishdate/>: the post dated 2099, the
/// expired one, `list: never` and `render: never` are left out.
#[test]
fn build_site_gives_hugo_urls_with_toml_config() {
    let site = copy_of("hugo-toml");
    let base = "https://meetup.example.net/community";
    assert_eq!(
        checked_urls(site.path(), &[]),
        sorted(&[
            &format!("{base}/activities/rust-night-7/"),
            &format!("{base}/activities/spring-hack-day/"),
            &format!("{base}/activities/autumn-social/"),
            &format!("{base}/news/2024/09/harvest-report/"),
            &format!("{base}/news/2024/08/welcome-everyone/"),
        ])
    );
    // A build with no feedcal config writes into the site's publish folder,
    // and its self links point there.
    let path = site.path().to_str().expect("utf-8");
    let o = run(&["--site", path, "--quiet", "build", "--today", TODAY]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let atom =
        std::fs::read(site.path().join("public/feeds/atom.xml")).expect("atom.xml in public/feeds");
    let feed = feed_rs::parser::parse(&atom[..]).expect("atom parses");
    let selfs: Vec<&str> = feed
        .links
        .iter()
        .filter(|l| l.rel.as_deref() == Some("self"))
        .map(|l| l.href.as_str())
        .collect();
    assert_eq!(selfs, [format!("{base}/feeds/atom.xml")]);
}

/// Hugo's multilingual URLs (<https://gohugo.io/content-management/multilingual/>):
/// the default language at the root, the others under `/<lang>/`.
#[test]
fn build_site_gives_hugo_urls_with_yaml_languages() {
    let site = copy_of("hugo-yaml");
    assert_eq!(
        checked_urls(site.path(), &[]),
        sorted(&[
            "https://kaifang.example.cn/activities/meetup-shanghai-3/",
            "https://kaifang.example.cn/blog/newsletter-06/",
            "https://kaifang.example.cn/en/activities/meetup-shanghai-3/",
            "https://kaifang.example.cn/en/activities/online-qa/",
        ])
    );
}

/// `defaultContentLanguageInSubdir = true` puts the default language under
/// `/en/` too; `config/production/` sets `buildFuture`, so the 2099 post is in.
#[test]
fn build_site_gives_hugo_urls_with_split_config_and_subdir() {
    let site = copy_of("hugo-split");
    assert_eq!(
        checked_urls(site.path(), &[]),
        sorted(&[
            "https://verein.example.de/en/events/2024/river-cleanup/",
            "https://verein.example.de/de/events/2024/flussputz-am-main/",
            "https://verein.example.de/en/events/2099/moon-party/",
        ])
    );
}

#[test]
fn publish_rules_each_on_and_off() {
    let site = copy_of("hugo-toml");
    let base = "https://meetup.example.net/community/activities";
    let has = |urls: &[String], slug: &str| urls.contains(&format!("{base}/{slug}/"));
    let default = checked_urls(site.path(), &[]);
    for gone in ["future-talk", "old-workshop", "hidden-list", "no-page"] {
        assert!(!has(&default, gone), "{gone} is left out by default");
    }
    let future = checked_urls(site.path(), &["--future"]);
    assert!(has(&future, "future-talk") && !has(&future, "old-workshop"));
    let expired = checked_urls(site.path(), &["--expired"]);
    assert!(has(&expired, "old-workshop") && !has(&expired, "future-talk"));
    // `buildFuture` in the site's config does what --future does; a feedcal key wins over it.
    let hugo = site.path().join("hugo.toml");
    let text = std::fs::read_to_string(&hugo).expect("hugo.toml");
    std::fs::write(
        &hugo,
        format!("buildFuture = true\nbuildExpired = true\n{text}"),
    )
    .expect("write");
    let both = checked_urls(site.path(), &[]);
    assert!(has(&both, "future-talk") && has(&both, "old-workshop"));
    std::fs::write(site.path().join("feedcal.toml"), "build_future = false\n").expect("write");
    let overridden = checked_urls(site.path(), &[]);
    assert!(!has(&overridden, "future-talk") && has(&overridden, "old-workshop"));
    // `list: never` and `render: never` have no flag: never in a feed.
    let all = checked_urls(site.path(), &["--future", "--expired", "--drafts"]);
    assert!(!has(&all, "hidden-list") && !has(&all, "no-page"));
}

#[test]
fn check_verbose_names_the_file_and_key_of_every_site_value() {
    let site = fixture("hugo-split");
    let o = run(&["--site", site.to_str().expect("utf-8"), "-v", "check"]);
    let out = String::from_utf8_lossy(&o.stdout);
    for want in [
        "config: base_url = https://verein.example.de/  (",
        "config/_default/hugo.toml: baseURL)",
        "config: build_future = true  (",
        "config/production/hugo.toml: buildFuture)",
        "config: permalink = \"/events/:year/:slug/\"  (",
        "config/_default/permalinks.yaml: permalinks.activities)",
        "config: out = ",
        "config: feed_url = https://verein.example.de/feeds/  (from base_url + out inside publish_dir)",
    ] {
        assert!(out.contains(want), "missing {want:?} in:\n{out}");
    }
}

/// One post read through the whole pipeline with the site's URL rules, as
/// discovery would hand it over.
fn url_of(config: &Config, rel: &str, lang: &str) -> String {
    let path = config.content.join(rel);
    let section = rel.split('/').next().unwrap_or("").to_string();
    let slug = Path::new(rel)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("")
        .to_string();
    let source = SourceFile {
        path,
        rel_path: rel.to_string(),
        lang: lang.to_string(),
        section,
        bundle: slug == "index",
        slug,
        name_date: None,
        list_page: false,
    };
    feedcal::site::read_post(source, config)
        .unwrap_or_else(|e| panic!("{rel}: {e:?}"))
        .url
}

fn site_config_of(name: &str) -> Config {
    Config::resolve(&Flags {
        site: Some(fixture(name)),
        ..Flags::default()
    })
    .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// <https://jekyllrb.com/docs/permalinks/>: `pretty` is
/// `/:categories/:year/:month/:day/:title/`; categories from the front matter
/// and the folders above `_posts/`; a post's `permalink:` wins; a collection
/// uses its own `permalink` (`:path` is the path inside it); `baseurl` prefixes all.
#[test]
fn jekyll_urls_follow_its_permalink_rules() {
    let c = site_config_of("jekyll");
    for (rel, want) in [
        (
            "_posts/2024-03-14-pi-day-social.md",
            "https://rubyists.example.org/club/meetups/2024/03/14/pi-day-social/",
        ),
        (
            "talks/_posts/2024-04-02-Lightning-Talks.md",
            "https://rubyists.example.org/club/talks/2024/04/02/Lightning-Talks/",
        ),
        (
            "_posts/2024-05-20-moved.md",
            "https://rubyists.example.org/club/special/summer-kickoff/",
        ),
        (
            "_talks/ruby-3-4.md",
            "https://rubyists.example.org/club/vortraege/ruby-3-4/",
        ),
    ] {
        assert_eq!(url_of(&c, rel, "de"), want, "{rel}");
    }
}

/// <https://hexo.io/docs/permalinks>: `:title` is the path below
/// `source/_posts/` without extension; `url` holds the `root` subfolder.
#[test]
fn hexo_urls_follow_its_permalink_rules() {
    let c = site_config_of("hexo");
    assert_eq!(c.content, fixture("hexo").join("source"));
    for (rel, want) in [
        (
            "_posts/2024-06-01-vue-night.md",
            "https://night.example.com/blog/2024/06/01/2024-06-01-vue-night/",
        ),
        (
            "_posts/meetups/css-day.md",
            "https://night.example.com/blog/2024/07/12/meetups/css-day/",
        ),
        (
            "_posts/summer.md",
            "https://night.example.com/blog/events/summer/",
        ),
    ] {
        assert_eq!(url_of(&c, rel, "zh-cn"), want, "{rel}");
    }
}

/// <https://www.getzola.org/documentation/content/page/>: a leading date is
/// not part of the slug, paths are slugified, `path` replaces the URL, other
/// languages are under `/<lang>/`.
#[test]
fn zola_urls_follow_its_page_rules() {
    let c = site_config_of("zola");
    assert_eq!(c.out, fixture("zola").join("dist/feeds"));
    for (rel, lang, want) in [
        (
            "events/2024-02-10-rust-evening.md",
            "en",
            "https://zola-meet.example.org/events/rust-evening/",
        ),
        (
            "events/Winter Workshop/index.md",
            "en",
            "https://zola-meet.example.org/events/winter-workshop/",
        ),
        (
            "events/soiree.fr.md",
            "fr",
            "https://zola-meet.example.org/fr/events/soiree/",
        ),
        (
            "events/special.md",
            "en",
            "https://zola-meet.example.org/meet/special/",
        ),
    ] {
        assert_eq!(url_of(&c, rel, lang), want, "{rel}");
    }
}

/// <https://docusaurus.io/docs/blog#blog-post-date>: `YYYY-MM-DD-name`
/// becomes `<routeBasePath>/YYYY/MM/DD/name`, `slug:` replaces it, no trailing
/// slash by default; each blog instance has its own folder and route.
#[test]
fn docusaurus_urls_follow_its_blog_rules() {
    let c = site_config_of("docusaurus");
    for (rel, want) in [
        (
            "news/2023-09-03-autumn-meetup.md",
            "https://db.example.dev/site/updates/2023/09/03/autumn-meetup",
        ),
        (
            "news/2023-10-01-recap.md",
            "https://db.example.dev/site/updates/autumn-recap",
        ),
        (
            "talks/2023-09-16-index-tuning/index.md",
            "https://db.example.dev/site/talks/2023/09/16/index-tuning",
        ),
    ] {
        assert_eq!(url_of(&c, rel, "zh-hans"), want, "{rel}");
    }
}

/// A TypeScript config (`{…} satisfies Options`) is read like a JavaScript
/// one, and a second blog (`path: './calls'`) is a section of its own with
/// its own route, found with no feedcal config.
#[test]
fn docusaurus_typescript_config_and_a_second_blog() {
    let c = site_config_of("docusaurus-ts");
    assert_eq!(c.base_url.as_str(), "https://lantern.example.dev/");
    assert_eq!(
        url_of(&c, "calls/2024-03-06-community-call.md", "en"),
        "https://lantern.example.dev/calls/2024/03/06/community-call"
    );
    assert_eq!(
        url_of(&c, "blog/2024-02-20-lantern-0-9.md", "en"),
        "https://lantern.example.dev/blog/2024/02/20/lantern-0-9"
    );
    let site = fixture("docusaurus-ts");
    let o = run(&[
        "--site",
        site.to_str().expect("utf-8"),
        "check",
        "--format",
        "json",
    ]);
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let posts = report["posts"].as_array().expect("posts");
    let calls: Vec<&serde_json::Value> = posts
        .iter()
        .filter(|p| p["path"].as_str().is_some_and(|x| x.contains("calls/")))
        .collect();
    assert_eq!(calls.len(), 2, "{posts:#?}");
    // 17:00 UTC on the title's day is 01:00 the next day in the site zone
    // (Asia/Shanghai by default): the sentence's time, not the title's day.
    for (p, start) in calls
        .iter()
        .zip(["2024-03-07T01:00:00", "2024-03-14T01:00:00"])
    {
        assert_eq!(p["event"]["when"]["start"], start, "{p:#}");
    }
}

/// Hugo itself builds each Hugo fixture; every URL feedcal publishes for it
/// (feed items and calendar events) must be a page Hugo wrote.
#[test]
fn real_hugo_writes_every_page_feedcal_links() {
    if std::process::Command::new("hugo")
        .arg("version")
        .output()
        .is_err()
    {
        assert!(
            std::env::var_os("CI").is_none(),
            "hugo is not installed and CI is set: .ci/run installs Debian's hugo package"
        );
        eprintln!(
            "SKIP: the `hugo` binary is not installed (apt-get install hugo); this test needs it"
        );
        return;
    }
    for name in ["hugo-toml", "hugo-yaml", "hugo-split", "hugo-undated"] {
        let site = copy_of(name);
        let o = std::process::Command::new("hugo")
            .arg("--quiet")
            .current_dir(site.path())
            .output()
            .expect("run hugo");
        assert!(
            o.status.success(),
            "hugo failed on {name}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let path = site.path().to_str().expect("utf-8");
        let o = run(&["--site", path, "--quiet", "build", "--today", TODAY]);
        assert!(
            o.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let config = site_config_of_dir(site.path());
        let feeds = site.path().join("public/feeds");
        let mut links = Vec::new();
        let rss = std::fs::read(feeds.join("rss.xml")).expect("rss.xml");
        let feed = feed_rs::parser::parse(&rss[..]).expect("rss parses");
        for entry in &feed.entries {
            links.extend(entry.links.iter().map(|l| l.href.clone()));
        }
        let ics = std::fs::read_to_string(feeds.join("events.ics")).expect("events.ics");
        let unfolded = ics.replace("\r\n ", "");
        links.extend(
            unfolded
                .lines()
                .filter_map(|l| l.strip_prefix("URL:"))
                .filter(|u| u.starts_with(config.base_url.as_str()))
                .map(str::to_string),
        );
        assert!(
            links.len() >= 3,
            "{name}: too few links to mean anything: {links:?}"
        );
        for link in links {
            let rel = link
                .strip_prefix(config.base_url.as_str())
                .unwrap_or_else(|| panic!("{link} is not under {}", config.base_url));
            let decoded = percent_encoding::percent_decode_str(rel)
                .decode_utf8()
                .expect("utf-8 path")
                .to_string();
            let file = if decoded.ends_with('/') || decoded.is_empty() {
                site.path().join("public").join(&decoded).join("index.html")
            } else {
                site.path().join("public").join(&decoded)
            };
            assert!(
                file.is_file(),
                "{name}: feedcal links {link}, but Hugo wrote no {}",
                file.display()
            );
        }
    }
}

/// A Hugo post with no date: Hugo gives it Go's zero time, and its
/// `/:year/:month/:day/:slug/` URL is `/1/01/01/solder-night/` (what Hugo
/// 0.111.3 writes, checked with the real binary; also checked on each run by
/// `real_hugo_writes_every_page_feedcal_links` when `hugo` is installed). A
/// post with only `publishDate:` is dated by it, as Hugo dates it.
#[test]
fn hugo_undated_post_links_where_hugo_writes_it() {
    let site = copy_of("hugo-undated");
    let path = site.path().to_str().expect("utf-8");
    let o = run(&["--site", path, "--quiet", "build", "--today", TODAY]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let rss = std::fs::read(site.path().join("public/feeds/rss.xml")).expect("rss.xml");
    let feed = feed_rs::parser::parse(&rss[..]).expect("rss parses");
    let link_of = |title: &str| -> String {
        let entry = feed
            .entries
            .iter()
            .find(|e| e.title.as_ref().is_some_and(|t| t.content == title))
            .unwrap_or_else(|| panic!("no item {title:?} in rss.xml"));
        entry.links.first().expect("a <link>").href.clone()
    };
    assert_eq!(
        link_of("Solder Night"),
        "https://undated.example.org/1/01/01/solder-night/"
    );
    assert_eq!(
        link_of("Autumn Repair Cafe"),
        "https://undated.example.org/2024/10/02/autumn-repair-cafe/"
    );
    // The odd URL is no silent surprise: `check` warns, on the undated post only.
    let o = run(&["--site", path, "check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).expect("check JSON");
    let warned: Vec<&str> = report["posts"]
        .as_array()
        .expect("posts")
        .iter()
        .filter(|p| {
            p["warnings"]
                .as_array()
                .is_some_and(|w| w.iter().any(|w| w["kind"] == "undated-url"))
        })
        .map(|p| p["url"].as_str().expect("url"))
        .collect();
    assert_eq!(
        warned,
        ["https://undated.example.org/1/01/01/solder-night/"]
    );
}

fn site_config_of_dir(dir: &Path) -> Config {
    Config::resolve(&Flags {
        site: Some(dir.to_path_buf()),
        ..Flags::default()
    })
    .expect("config")
}

#[test]
fn init_writes_a_config_that_builds_and_never_overwrites() {
    let site = copy_of("hugo-toml");
    let path = site.path().to_str().expect("utf-8");
    let o = run(&["--site", path, "init"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let written = site.path().join("feedcal.toml");
    let text = std::fs::read_to_string(&written).expect("feedcal.toml written");
    let config = Config::load(&written).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(
        config.site.as_ref().map(|s| s.generator),
        Some(Generator::Hugo)
    );
    use feedcal::config::SectionKind;
    assert_eq!(
        config.sections["activities"].kind,
        SectionKind::Events,
        "{text}"
    );
    assert_eq!(config.sections["blog"].kind, SectionKind::Posts, "{text}");
    assert!(
        text.contains("baseURL"),
        "the site's values are listed:\n{text}"
    );
    // The written file gives the same URLs as no file at all.
    assert_eq!(checked_urls(site.path(), &[]).len(), 5);
    // A second run refuses, and leaves the file as it was.
    let o = run(&["--site", path, "init"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("exists already"));
    assert_eq!(
        std::fs::read_to_string(&written).expect("still there"),
        text
    );
}

/// <https://jekyllrb.com/docs/configuration/options/>: `exclude` lists files
/// and folders the site never builds. Read like Jekyll: the template (whose
/// placeholder date would be an error) and the notes folder are not posts,
/// and `check -v` names where the list came from.
#[test]
fn jekyll_exclude_is_never_read() {
    let site = fixture("jekyll");
    let site_arg = site.to_str().expect("utf-8");
    let o = run(&["--site", site_arg, "-v", "check"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "check failed:\n{out}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        out.contains(
            "config: discovery.exclude = [\"_posts/2024-MM-DD-meetup.TEMPLATE.md\", \"notes/\"]  ("
        ),
        "{out}"
    );
    assert!(out.contains("_config.yml: exclude)"), "{out}");
    assert!(out.contains(", 0 files with errors,"), "{out}");
    assert_eq!(
        checked_urls(&site, &[]),
        sorted(&[
            "https://rubyists.example.org/club/meetups/2024/03/14/pi-day-social/",
            "https://rubyists.example.org/club/special/summer-kickoff/",
        ])
    );
}

#[test]
fn a_bad_exclude_glob_is_a_config_error() {
    let dir = copy_of("jekyll");
    let config = dir.path().join("feedcal.toml");
    std::fs::write(&config, "[discovery]\nexclude = [\"_posts/[oops\"]\n").expect("write");
    let o = run(&["--site", dir.path().to_str().expect("utf-8"), "check"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("discovery.exclude") && err.contains("[oops"),
        "{err}"
    );
}

/// Pelican's settings (<https://docs.getpelican.com/en/latest/settings.html>):
/// `publishconf.py` imports `pelicanconf.py` and sets the address the site is
/// served at, so its values win; an assignment inside an `if` block and a
/// value continued on the next line are not read.
#[test]
fn pelican_values_with_their_files_and_keys() {
    let p = read("pelican");
    assert_eq!(
        from(&p.base_url),
        owned(
            "https://py.example.org/lakeside",
            "pelican/publishconf.py",
            "SITEURL"
        )
    );
    assert_eq!(
        from(&p.title),
        owned(
            "Lakeside Python Meetup",
            "pelican/pelicanconf.py",
            "SITENAME"
        )
    );
    assert_eq!(
        from(&p.time_zone),
        owned("Europe/Berlin", "pelican/pelicanconf.py", "TIMEZONE")
    );
    // A locale names its language first.
    assert_eq!(
        from(&p.default_language),
        owned("de", "pelican/pelicanconf.py", "DEFAULT_LANG")
    );
    assert_eq!(from(&p.content_dir).0, PathBuf::from("content"));
    assert_eq!(
        (from(&p.publish_dir).0, from(&p.publish_dir).1),
        (
            PathBuf::from("public"),
            "pelican/publishconf.py".to_string()
        )
    );
    assert_eq!(
        from(&p.permalinks),
        (
            vec![(String::new(), "{date:%Y}/{slug}/".to_string())],
            "pelican/pelicanconf.py".to_string(),
            "ARTICLE_URL".to_string()
        )
    );
    assert_eq!(from(&p.page_paths).0, vec!["pages".to_string()]);
    assert!(p.article_paths.is_none() && p.lang_permalink.is_none());
    // ARTICLE_SAVE_AS matches ARTICLE_URL: no note; nothing else was left unread.
    assert!(p.unread.is_empty(), "{:?}", p.unread);
    assert_eq!(p.files.len(), 2);
}

/// Expected from Pelican's URL settings and content docs
/// (<https://docs.getpelican.com/en/latest/settings.html#url-settings>,
/// <https://docs.getpelican.com/en/latest/content.html>): `ARTICLE_URL`
/// `{date:%Y}/{slug}/`; the slug is `Slug:` as written (only trimmed: the
/// space stays, percent-encoded in the link), else the title slugified to
/// ASCII (`湖畔聚会` → `hu-pan-ju-hui`); the date at the start of a file name
/// dates an article without `Date:`; an article whose `Lang` is not
/// `DEFAULT_LANG` is at `ARTICLE_LANG_URL` (default `{slug}-{lang}.html`);
/// a file starting with `---` is read as YAML (the `yaml_metadata` plugin).
/// Left out: `Status: draft`, `Status: hidden`, an article without a title
/// and `pages/` (pages are not articles). The `.rst` articles are read.
#[test]
fn build_site_gives_pelican_urls() {
    let site = copy_of("pelican");
    let base = "https://py.example.org/lakeside";
    assert_eq!(
        checked_urls(site.path(), &[]),
        sorted(&[
            &format!("{base}/2019/old-talk/"),
            &format!("{base}/2024/april-meetup-typing-tests/"),
            &format!("{base}/2024/may-packaging/"),
            &format!("{base}/2024/hu-pan-ju-hui/"),
            &format!("{base}/2024/Spring%20Sprint/"),
            &format!("{base}/2024/yaml-post/"),
            &format!("{base}/lightning-talks-en.html"),
        ])
    );
    // A draft is linked where Pelican writes drafts (its DRAFT_URL).
    let with_drafts = checked_urls(site.path(), &["--drafts"]);
    assert!(
        with_drafts.contains(&format!("{base}/drafts/an-idea.html")),
        "{with_drafts:?}"
    );
    let path = site.path().to_str().expect("utf-8");
    let o = run(&["--site", path, "-v", "build", "--today", TODAY]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        !out.contains("old-talk.rst"),
        "the .rst article is read, not skipped:\n{out}"
    );
    // OUTPUT_PATH from publishconf.py is the publish folder.
    assert!(site.path().join("public/feeds/atom.xml").is_file());
}

/// The metadata header is not body: evidence lines are the file's own, and
/// the category is `Category:`, else the folder, else `DEFAULT_CATEGORY`.
#[test]
fn pelican_metadata_lines_categories_and_left_out_articles() {
    let config = site_config_of("pelican");
    let loaded =
        feedcal::sections::load(&config, &feedcal::site::LoadOptions::from_config(&config));
    let site = loaded.site;
    assert!(site.errors.is_empty(), "{:?}", site.errors);
    let post = |name: &str| {
        site.posts
            .iter()
            .find(|p| p.source.rel_path.ends_with(name))
            .unwrap_or_else(|| panic!("{name} is read"))
    };
    let line = |name: &str| {
        post(name)
            .event
            .as_ref()
            .and_then(|e| e.evidence.as_ref())
            .and_then(|e| e.line)
    };
    // cat -n: the `- Time:` line is line 9, after a 5-line header (one value
    // continued) and the blank line.
    assert_eq!(line("april-meetup.md"), Some(9));
    // A reST article: its title, docinfo and body are read, and the event's
    // line is the `.rst` file's own (cat -n: line 14).
    assert_eq!(line("may-meetup.rst"), Some(14));
    let may = post("may-meetup.rst");
    assert_eq!(may.title, "May meetup: Packaging");
    assert_eq!(may.tags, ["packaging", "meetup"]);
    assert_eq!(may.categories, ["meetups"]);
    assert!(
        may.html
            .contains(r#"<a href="https://discuss.example.org/">forum</a>"#)
            && may.html.contains("<code>pip install build"),
        "{}",
        may.html
    );
    match may.event.as_ref().and_then(|e| e.when.as_ref()) {
        Some(feedcal::model::EventWhen::Timed { start, end, .. }) => {
            assert_eq!(start.to_string(), "2024-05-16 19:00:00");
            assert_eq!(end.to_string(), "2024-05-16 21:00:00");
        }
        other => panic!("may-meetup.rst: {other:?}"),
    }
    assert_eq!(line("2024-05-02-summer.md"), Some(6));
    assert_eq!(post("april-meetup.md").categories, ["meetups"]);
    assert_eq!(post("april-meetup.md").tags, ["typing", "testing"]);
    assert_eq!(post("2024-05-02-summer.md").categories, ["Treffen"]);
    assert_eq!(post("lightning-talks.md").categories, ["misc"]);
    assert_eq!(post("lightning-talks.md").source.lang, "en");
    assert_eq!(site.drafts_skipped, 1);
    let reasons: Vec<(String, String)> = site
        .left_out
        .iter()
        .map(|(p, h)| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                h.reason.to_string(),
            )
        })
        .collect();
    assert!(
        reasons.contains(&("hidden.md".into(), "unlisted".into())),
        "{reasons:?}"
    );
    assert!(
        reasons.contains(&("untitled.md".into(), "not-rendered".into())),
        "{reasons:?}"
    );
    assert!(site
        .posts
        .iter()
        .all(|p| !p.source.rel_path.starts_with("pages/")));
}

#[test]
fn check_verbose_names_pelican_files_and_keys() {
    let site = fixture("pelican");
    let o = run(&["--site", site.to_str().expect("utf-8"), "-v", "check"]);
    let out = String::from_utf8_lossy(&o.stdout);
    for want in [
        "config: base_url = https://py.example.org/lakeside/  (",
        "publishconf.py: SITEURL)",
        "config: default_language = de  (",
        "pelicanconf.py: DEFAULT_LANG)",
        "config: permalink = \"{date:%Y}/{slug}/\"  (",
        "pelicanconf.py: ARTICLE_URL)",
        "config: page_paths = [\"pages\"]  (",
        "pelicanconf.py: PAGE_PATHS)",
        "config: article_paths = [\"\"]  (pelican default)",
        "publishconf.py: OUTPUT_PATH)",
    ] {
        assert!(out.contains(want), "missing {want:?} in:\n{out}");
    }
}
