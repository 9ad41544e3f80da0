use super::*;
use crate::config::Config;

fn src(rel: &str, lang: &str, section: &str, slug: &str) -> SourceFile {
    SourceFile {
        path: rel.into(),
        rel_path: rel.into(),
        lang: lang.into(),
        section: section.into(),
        slug: slug.into(),
        bundle: rel.ends_with("/index.md"),
        name_date: None,
    }
}

fn cfg() -> Config {
    Config::parse(
        "base_url = \"https://www.example.org/\"\ndefault_language = \"zh\"\n",
        None,
    )
    .unwrap()
}

fn url(page: &Page<'_>, config: &Config) -> String {
    permalink(page, &config.url_site()).unwrap().to_string()
}

#[test]
fn default_language_has_no_prefix() {
    let s = src(
        "zh/activities/meetup-1/index.md",
        "zh",
        "activities",
        "meetup-1",
    );
    assert_eq!(
        url(&Page::of(&s), &cfg()),
        "https://www.example.org/activities/meetup-1/"
    );
    let s = src("en/blog/hello.md", "en", "blog", "hello");
    assert_eq!(
        url(&Page::of(&s), &cfg()),
        "https://www.example.org/en/blog/hello/"
    );
}

fn site_cfg(generator: &str, extra: &str) -> Config {
    Config::parse(
        &format!(
            "generator = \"{generator}\"\nbase_url = \"https://www.example.org/\"\ndefault_language = \"en\"\n{extra}"
        ),
        None,
    )
    .unwrap()
}

fn with_patterns(mut c: Config, patterns: &[(&str, &str)]) -> Config {
    c.urls.patterns = patterns
        .iter()
        .map(|(k, p)| (k.to_string(), p.to_string()))
        .collect();
    c
}

fn dt(s: &str) -> Option<NaiveDateTime> {
    written_date(s)
}

#[test]
fn odd_folder_names_are_sanitized_as_hugo_does() {
    // What Hugo 0.111 writes for these folders (checked with the real binary).
    for (folder, want) in [
        ("[Summer-2023]welcome,all!", "summer-2023welcomeall"),
        ("Summer 2021 of OSPP", "summer-2021-of-ospp"),
        ("开源之夏", "%E5%BC%80%E6%BA%90%E4%B9%8B%E5%A4%8F"),
        ("a -- b", "a-b"),
    ] {
        let rel = format!("zh/activities/{folder}/index.md");
        let s = src(&rel, "zh", "activities", folder);
        assert_eq!(
            url(&Page::of(&s), &cfg()),
            format!("https://www.example.org/activities/{want}/"),
            "{folder}"
        );
    }
}

#[test]
fn hugo_slug_and_url_overrides() {
    let s = src(
        "zh/activities/meetup-1/index.md",
        "zh",
        "activities",
        "meetup-1",
    );
    let page = Page {
        slug: Some("Beijing Meetup"),
        ..Page::of(&s)
    };
    assert_eq!(
        url(&page, &cfg()),
        "https://www.example.org/activities/beijing-meetup/"
    );
    // `url:` is taken as written: Hugo neither lowercases nor sanitizes it.
    let page = Page {
        url: Some("/Events/2024/Beijing_Meetup/"),
        ..Page::of(&s)
    };
    assert_eq!(
        url(&page, &cfg()),
        "https://www.example.org/Events/2024/Beijing_Meetup/"
    );
}

#[test]
fn escaping_overrides_are_refused() {
    let s = src("zh/activities/m/index.md", "zh", "activities", "m");
    for bad in ["../../etc/x", "a/b"] {
        let page = Page {
            slug: Some(bad),
            ..Page::of(&s)
        };
        assert!(permalink(&page, &cfg().url_site()).is_err(), "{bad}");
    }
    for bad in [
        "../../etc/x",
        "https://evil.example/x",
        "//evil.example/",
        "C:\\x",
        "/a/../../b",
    ] {
        let page = Page {
            url: Some(bad),
            ..Page::of(&s)
        };
        assert!(permalink(&page, &cfg().url_site()).is_err(), "{bad}");
        let page = Page {
            permalink: Some(bad),
            ..Page::of(&s)
        };
        let jekyll = site_cfg("jekyll", "");
        assert!(permalink(&page, &jekyll.url_site()).is_err(), "{bad}");
    }
}

#[test]
fn hugo_language_prefix_with_and_without_subdir() {
    let zh = src("zh/events/a.md", "zh", "events", "a");
    let en = src("en/events/b.md", "en", "events", "b");
    let mut c = site_cfg("hugo", "");
    assert_eq!(
        url(&Page::of(&zh), &c),
        "https://www.example.org/zh/events/a/"
    );
    assert_eq!(url(&Page::of(&en), &c), "https://www.example.org/events/b/");
    c.urls.default_language_in_subdir = true;
    assert_eq!(
        url(&Page::of(&en), &c),
        "https://www.example.org/en/events/b/"
    );
}

#[test]
fn hugo_ugly_urls_and_case() {
    let s = src("Events/Big-Day.md", "en", "Events", "Big-Day");
    let mut c = site_cfg("hugo", "");
    c.urls.ugly_urls = true;
    assert_eq!(
        url(&Page::of(&s), &c),
        "https://www.example.org/events/big-day.html"
    );
    let b = src("events/bundle/index.md", "en", "events", "bundle");
    assert_eq!(
        url(&Page::of(&b), &c),
        "https://www.example.org/events/bundle.html"
    );
    let c = site_cfg("hugo", "lowercase_urls = false\n");
    assert_eq!(
        url(&Page::of(&s), &c),
        "https://www.example.org/Events/Big-Day/"
    );
}

#[test]
fn hugo_permalink_tokens() {
    // The same page and pattern real Hugo 0.111 gave
    // /2024/03/05/ä-title-with-stuff/s-one/p1/march/2/65/posts/ for.
    let s = src("posts/p1.md", "en", "posts", "p1");
    let c = with_patterns(
        site_cfg("hugo", ""),
        &[(
            "posts",
            "/:year/:month/:day/:title/:slug/:filename/:monthname/:weekday/:yearday/:section/",
        )],
    );
    let page = Page {
        title: Some("Ä Title, with: Stuff"),
        slug: Some("S One"),
        date: dt("2024-03-05T23:30:00-05:00"),
        ..Page::of(&s)
    };
    assert_eq!(
        url(&page, &c),
        "https://www.example.org/2024/03/05/%C3%A4-title-with-stuff/s-one/p1/march/2/65/posts/"
    );
    let more = with_patterns(
        site_cfg("hugo", ""),
        &[(
            "posts",
            "/:weekdayname/:slugorfilename/:contentbasename/:2006-:01/",
        )],
    );
    let page = Page {
        date: dt("2024-03-05"),
        ..Page::of(&s)
    };
    assert_eq!(
        url(&page, &more),
        "https://www.example.org/tuesday/p1/p1/2024-03/"
    );
}

#[test]
fn hugo_sections_and_the_most_specific_pattern() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path();
    std::fs::create_dir_all(content.join("docs/guides/deep")).unwrap();
    std::fs::write(content.join("docs/guides/_index.md"), "---\n---\n").unwrap();
    let file = content.join("docs/guides/deep/page.md");
    std::fs::write(&file, "---\n---\n").unwrap();
    let s = SourceFile {
        path: file,
        rel_path: "docs/guides/deep/page.md".into(),
        lang: "en".into(),
        section: "docs".into(),
        slug: "page".into(),
        bundle: false,
        name_date: None,
    };
    let c = with_patterns(
        site_cfg("hugo", ""),
        &[
            ("docs", "/d/:sections/:filename/"),
            ("docs/guides", "/g/:sections[1:]/:sections[last]/:filename/"),
        ],
    );
    // `deep/` has no `_index.md`: it is a folder, not a section.
    assert_eq!(
        url(&Page::of(&s), &c),
        "https://www.example.org/g/guides/guides/page/"
    );
}

#[test]
fn hugo_date_from_file_name() {
    let s = src(
        "posts/2019-06-30-launch-day.md",
        "en",
        "posts",
        "2019-06-30-launch-day",
    );
    let mut c = with_patterns(site_cfg("hugo", ""), &[("posts", "/:year/:month/:slug/")]);
    c.urls.filename_date = FilenameDate::Fallback;
    assert_eq!(
        url(&Page::of(&s), &c),
        "https://www.example.org/2019/06/launch-day/"
    );
    // A front-matter date comes first with `[":default", ":filename"]`.
    let page = Page {
        date: dt("2020-01-02"),
        title: Some("T"),
        ..Page::of(&s)
    };
    assert_eq!(url(&page, &c), "https://www.example.org/2020/01/t/");
}

#[test]
fn unknown_tokens_are_config_errors() {
    assert!(check_pattern(Generator::Hugo, "/:year/:nope/").is_err());
    assert!(check_pattern(Generator::Hugo, "/:year/:2006/:slug/").is_ok());
    assert!(check_pattern(Generator::Jekyll, "pretty").is_ok());
    assert!(check_pattern(Generator::Jekyll, "/:categories/:bogus/").is_err());
    assert!(check_pattern(Generator::Hexo, ":year/:id/").is_err());
}

#[test]
fn jekyll_styles_categories_and_overrides() {
    // https://jekyllrb.com/docs/permalinks/#built-in-formats
    let s = src(
        "events/_posts/2024-05-18-Spring-Meetup.md",
        "en",
        "events",
        "x",
    );
    let page = Page {
        categories: &["Community Calls".to_string()][..],
        ..Page::of(&s)
    };
    let c = site_cfg("jekyll", "");
    assert_eq!(
        url(&page, &c),
        "https://www.example.org/events/community/calls/2024/05/18/Spring-Meetup.html"
    );
    for (style, want) in [
        ("pretty", "/events/2024/05/18/Spring-Meetup/"),
        ("ordinal", "/events/2024/139/Spring-Meetup.html"),
        ("none", "/events/Spring-Meetup.html"),
        ("weekdate", "/events/2024/W20/Sat/Spring-Meetup.html"),
        ("/:year/:slug/", "/2024/spring-meetup/"),
    ] {
        let c = with_patterns(site_cfg("jekyll", ""), &[("", style)]);
        assert_eq!(
            url(&Page::of(&s), &c),
            format!("https://www.example.org{want}"),
            "{style}"
        );
    }
    // Folders below `_posts/` are not categories; the post's own permalink wins.
    let cn = src("_posts/cn/2018-06-14-open-day.md", "en", "posts", "x");
    let c = with_patterns(site_cfg("jekyll", ""), &[("", "/:categories/:title/")]);
    assert_eq!(url(&Page::of(&cn), &c), "https://www.example.org/open-day/");
    let page = Page {
        permalink: Some("/cn/docs/open-day/"),
        ..Page::of(&cn)
    };
    assert_eq!(url(&page, &c), "https://www.example.org/cn/docs/open-day/");
    // A front-matter date beats the file name's.
    let page = Page {
        date: dt("2018-06-20 10:00:00 +0800"),
        ..Page::of(&cn)
    };
    let c = site_cfg("jekyll", "");
    assert_eq!(
        url(&page, &c),
        "https://www.example.org/2018/06/20/open-day.html"
    );
    // Collections: `/:collection/:path:output_ext` unless configured.
    let ev = src("_talks/2024/keynote.md", "en", "talks", "keynote");
    assert_eq!(
        url(&Page::of(&ev), &c),
        "https://www.example.org/talks/2024/keynote.html"
    );
}

#[test]
fn hexo_default_and_custom_patterns() {
    // https://hexo.io/docs/permalinks
    let s = src("_posts/lorem/hello-world.md", "en", "posts", "hello-world");
    let page = Page {
        date: dt("2013-07-14 17:01:34"),
        title: Some("Hello World"),
        categories: &["foo".to_string(), "bar".to_string()][..],
        ..Page::of(&s)
    };
    let c = site_cfg("hexo", "");
    assert_eq!(
        url(&page, &c),
        "https://www.example.org/2013/07/14/lorem/hello-world/"
    );
    for (pattern, want) in [
        (":year/:month/:day/:name/", "/2013/07/14/hello-world/"),
        (
            ":year-:month-:day-:title.html",
            "/2013-07-14-lorem/hello-world.html",
        ),
        (":category/:title/", "/foo/bar/lorem/hello-world/"),
        (":i_month/:i_day/:name", "/7/14/hello-world"),
    ] {
        let c = with_patterns(site_cfg("hexo", ""), &[("", pattern)]);
        assert_eq!(
            url(&page, &c),
            format!("https://www.example.org{want}"),
            "{pattern}"
        );
    }
    let mut c = with_patterns(site_cfg("hexo", ""), &[("", ":name.html")]);
    c.urls.drop_html_suffix = true;
    assert_eq!(url(&page, &c), "https://www.example.org/hello-world");
    let own = Page {
        permalink: Some("events/launch/"),
        ..page
    };
    assert_eq!(url(&own, &c), "https://www.example.org/events/launch/");
}

#[test]
fn zola_sections_slugs_dates_and_languages() {
    // https://www.getzola.org/documentation/content/page/
    let c = site_cfg("zola", "");
    let s = src("blog/2021-06-23_First Meetup.md", "en", "blog", "x");
    assert_eq!(
        url(&Page::of(&s), &c),
        "https://www.example.org/blog/first-meetup/"
    );
    let b = src(
        "events/Berlin/2022-01-05-kickoff/index.md",
        "en",
        "events",
        "x",
    );
    assert_eq!(
        url(&Page::of(&b), &c),
        "https://www.example.org/events/berlin/kickoff/"
    );
    let page = Page {
        slug: Some("Neujahr"),
        ..Page::of(&b)
    };
    assert_eq!(
        url(&page, &c),
        "https://www.example.org/events/berlin/neujahr/"
    );
    let page = Page {
        path: Some("special/place"),
        ..Page::of(&b)
    };
    assert_eq!(url(&page, &c), "https://www.example.org/special/place/");
    let fr = src("blog/bonjour.fr.md", "fr", "blog", "bonjour");
    assert_eq!(
        url(&Page::of(&fr), &c),
        "https://www.example.org/fr/blog/bonjour/"
    );
    let mut safe = site_cfg("zola", "");
    safe.urls.slugify = Slugify::Safe;
    assert_eq!(
        url(&Page::of(&s), &safe),
        "https://www.example.org/blog/First_Meetup/"
    );
}

#[test]
fn docusaurus_dates_slugs_and_routes() {
    // https://docusaurus.io/docs/blog#blog-post-date
    let c = site_cfg("docusaurus", "");
    let s = src("blog/2021-11-22-databend-intro.md", "en", "blog", "x");
    assert_eq!(
        url(&Page::of(&s), &c),
        "https://www.example.org/blog/2021/11/22/databend-intro"
    );
    let folder = src("blog/2023-9-3-meetup/index.md", "en", "blog", "x");
    assert_eq!(
        url(&Page::of(&folder), &c),
        "https://www.example.org/blog/2023/9/3/meetup"
    );
    let undated = src("blog/welcome.mdx", "en", "blog", "x");
    assert_eq!(
        url(&Page::of(&undated), &c),
        "https://www.example.org/blog/welcome"
    );
    let page = Page {
        slug: Some("/custom-path"),
        ..Page::of(&s)
    };
    assert_eq!(url(&page, &c), "https://www.example.org/blog/custom-path");
    let mut c = site_cfg("docusaurus", "");
    c.urls.blogs.push(BlogInstance {
        path: "mentors".into(),
        route_base_path: "people".into(),
    });
    c.urls.trailing_slash = Some(true);
    let m = src("mentors/2021-11-25-ann.md", "en", "mentors", "x");
    assert_eq!(
        url(&Page::of(&m), &c),
        "https://www.example.org/people/2021/11/25/ann/"
    );
}

#[test]
fn vuepress_html_pages_and_readme_folders() {
    // https://v2.vuepress.vuejs.org/guide/page.html#routing
    let c = site_cfg("vuepress", "");
    let s = src("zh/community/events/20240521.md", "zh", "community", "x");
    assert_eq!(
        url(&Page::of(&s), &c),
        "https://www.example.org/zh/community/events/20240521.html"
    );
    let r = src("zh/community/events/README.md", "zh", "community", "x");
    assert_eq!(
        url(&Page::of(&r), &c),
        "https://www.example.org/zh/community/events/"
    );
    let page = Page {
        permalink: Some("/meet/2024/"),
        ..Page::of(&s)
    };
    assert_eq!(url(&page, &c), "https://www.example.org/meet/2024/");
}

#[test]
fn written_dates_keep_their_own_offset() {
    assert_eq!(
        written_date("2024-03-05T23:30:00-05:00").map(|d| d.date()),
        NaiveDate::from_ymd_opt(2024, 3, 5)
    );
    assert_eq!(
        written_date("2024-03-05").map(|d| d.date()),
        NaiveDate::from_ymd_opt(2024, 3, 5)
    );
    assert_eq!(written_date("next week"), None);
}
