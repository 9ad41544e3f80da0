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
        list_page: false,
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
    permalink(page, &config.url_site()).unwrap().url.to_string()
}

/// The URL and the warning that comes with it.
fn url_and_warning(page: &Page<'_>, config: &Config) -> (String, Option<String>) {
    let got = permalink(page, &config.url_site()).unwrap();
    (got.url.to_string(), got.warning.map(|(_, m)| m))
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

/// Written dates by key, as the front matter hands them over.
fn dates(pairs: &[(&str, &str)]) -> Vec<(String, NaiveDateTime)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), written_date(v).unwrap()))
        .collect()
}

/// A front matter with `date:` only.
fn dated(s: &str) -> Vec<(String, NaiveDateTime)> {
    dates(&[("date", s)])
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
        dates: &dated("2024-03-05T23:30:00-05:00"),
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
        dates: &dated("2024-03-05"),
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
        list_page: false,
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
        dates: &dated("2020-01-02"),
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
    // Hexo takes any other placeholder from the front matter, but never
    // `:path` or `:permalink`.
    assert!(check_pattern(Generator::Hexo, "p/:abbrlink.html").is_ok());
    assert!(check_pattern(Generator::Hexo, ":year/:path/").is_err());
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
        dates: &dated("2018-06-20 10:00:00 +0800"),
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
fn hexo_placeholders_from_the_front_matter() {
    let s = src("_posts/hello-world.md", "zh", "posts", "hello-world");
    let c = with_patterns(site_cfg("hexo", ""), &[("", "p/:abbrlink.html")]);
    let page = Page {
        dates: &dated("2018-11-04 10:00:00"),
        fields: &[("title", "Hello"), ("abbrlink", "1af84c43")],
        ..Page::of(&s)
    };
    let got = permalink(&page, &c.url_site()).expect("a URL");
    assert_eq!(got.url.as_str(), "https://www.example.org/p/1af84c43.html");
    assert_eq!(got.warning, None);
    // Left empty for a plugin to fill at build time: the file name, said.
    let page = Page {
        fields: &[("abbrlink", "")],
        ..page
    };
    let got = permalink(&page, &c.url_site()).expect("a URL");
    assert_eq!(
        got.url.as_str(),
        "https://www.example.org/p/hello-world.html"
    );
    let (kind, message) = got.warning.expect("warned");
    assert_eq!(kind, crate::model::WarningKind::UrlFieldMissing);
    assert!(message.contains("`:abbrlink`"), "{message}");
}

#[test]
fn hexo_default_and_custom_patterns() {
    // https://hexo.io/docs/permalinks
    let s = src("_posts/lorem/hello-world.md", "en", "posts", "hello-world");
    let page = Page {
        dates: &dated("2013-07-14 17:01:34"),
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

/// What Hugo 0.111.3 wrote for a post with no date in `posts/`, `tok/` and
/// `go/` (checked with the real binary): Go's zero time, year 1, formatted
/// by each token.
#[test]
fn hugo_undated_post_gets_year_one_as_hugo_writes() {
    let c = with_patterns(
        site_cfg("hugo", ""),
        &[
            ("posts", "/:year/:month/:day/:slug/"),
            (
                "tok",
                "/:year-:monthname-:weekday-:weekdayname-:yearday/:slugorfilename/",
            ),
            (
                "go",
                "/:2006/:01/:02/:Jan/:Mon/:002/:06/:_2/:January/:Monday/:filename/",
            ),
        ],
    );
    let posts = src("posts/nodate.md", "en", "posts", "nodate");
    let page = Page {
        title: Some("No Date"),
        slug: Some("nodate"),
        ..Page::of(&posts)
    };
    let (got, warning) = url_and_warning(&page, &c);
    assert_eq!(got, "https://www.example.org/1/01/01/nodate/");
    let warning = warning.expect("an undated URL is warned of");
    assert!(
        warning.contains("0001-01-01")
            && warning.contains("/1/01/01/nodate/")
            && warning.contains("add `date: YYYY-MM-DD`"),
        "{warning}"
    );
    for (rel, section, want) in [
        ("tok/nodate.md", "tok", "/1-january-1-monday-1/nodate/"),
        (
            "go/nodate.md",
            "go",
            "/0001/01/01/jan/mon/001/01/-1/january/monday/nodate/",
        ),
    ] {
        let s = src(rel, "en", section, "nodate");
        let page = Page {
            title: Some("No Date"),
            ..Page::of(&s)
        };
        let (got, warning) = url_and_warning(&page, &c);
        assert_eq!(got, format!("https://www.example.org{want}"), "{rel}");
        assert!(warning.is_some(), "{rel}");
    }
    // No date token, or a `url:`: nothing to warn of.
    let plain = src("blog/nodate.md", "en", "blog", "nodate");
    assert_eq!(
        url_and_warning(&Page::of(&plain), &c),
        ("https://www.example.org/blog/nodate/".to_string(), None)
    );
    let moved = Page {
        url: Some("/events/nodate/"),
        ..Page::of(&posts)
    };
    assert_eq!(
        url_and_warning(&moved, &c),
        ("https://www.example.org/events/nodate/".to_string(), None)
    );
}

/// Hugo dates a page by `date`, then `publishDate`, `pubdate`, `published`,
/// `lastmod`, `modified` (its `frontmatter.date` default; each checked with
/// Hugo 0.111.3: `lastmod` + `publishDate` gives the publishDate's day), and
/// never by `updated` or `last_modified_at`.
#[test]
fn hugo_url_date_follows_hugos_date_keys() {
    let c = with_patterns(
        site_cfg("hugo", ""),
        &[("posts", "/:year/:month/:day/:slug/")],
    );
    let s = src("posts/p.md", "en", "posts", "p");
    for (written, want) in [
        (vec![("publishdate", "2024-03-05")], "/2024/03/05/p/"),
        (vec![("pubdate", "2024-03-06")], "/2024/03/06/p/"),
        (vec![("published", "2024-03-07")], "/2024/03/07/p/"),
        (vec![("lastmod", "2024-03-08")], "/2024/03/08/p/"),
        (vec![("modified", "2024-03-09")], "/2024/03/09/p/"),
        (
            vec![("lastmod", "2024-03-12"), ("publishdate", "2024-03-13")],
            "/2024/03/13/p/",
        ),
        (
            vec![("publishdate", "2024-03-13"), ("date", "2024-03-14")],
            "/2024/03/14/p/",
        ),
        (
            vec![("publishdate", "2024-03-05T23:30:00-05:00")],
            "/2024/03/05/p/",
        ),
    ] {
        let written = dates(&written);
        let page = Page {
            slug: Some("p"),
            dates: &written,
            ..Page::of(&s)
        };
        assert_eq!(
            url_and_warning(&page, &c),
            (format!("https://www.example.org{want}"), None),
            "{written:?}"
        );
    }
    for key in ["updated", "last_modified_at", "expirydate"] {
        let written = dates(&[(key, "2024-03-10")]);
        let page = Page {
            slug: Some("p"),
            dates: &written,
            ..Page::of(&s)
        };
        let (got, warning) = url_and_warning(&page, &c);
        assert_eq!(got, "https://www.example.org/1/01/01/p/", "{key}");
        assert!(warning.is_some(), "{key}");
    }
    // The file name's date, when `frontmatter.date` has `:filename`, is a date too.
    let named = src("posts/2019-06-30-launch.md", "en", "posts", "launch");
    let mut c = c;
    c.urls.filename_date = FilenameDate::Fallback;
    assert_eq!(
        url_and_warning(&Page::of(&named), &c),
        (
            "https://www.example.org/2019/06/30/launch/".to_string(),
            None
        )
    );
}

/// A Jekyll collection document with no date is dated by the build time
/// (<https://jekyllrb.com/docs/collections/>; Jekyll's `Document#date`),
/// which feedcal cannot know: the link leaves the date out and says so. (A
/// `_posts/` file always has its date in its name: one without is no post.)
#[test]
fn jekyll_undated_document_gets_no_invented_date() {
    let s = src("_talks/keynote.md", "en", "talks", "keynote");
    for (pattern, want) in [
        ("/:collection/:year/:month/:day/:title/", "/talks/keynote/"),
        ("/:collection/:year-:title/", "/talks/keynote/"),
        ("weekdate", "/keynote.html"),
        (
            "/:collection/:y_day/:short_month:i_day/:name:output_ext",
            "/talks/keynote.html",
        ),
    ] {
        let c = with_patterns(site_cfg("jekyll", ""), &[("talks", pattern)]);
        let (got, warning) = url_and_warning(&Page::of(&s), &c);
        assert_eq!(got, format!("https://www.example.org{want}"), "{pattern}");
        let warning = warning.unwrap_or_else(|| panic!("{pattern}: no warning"));
        assert!(
            warning.contains("Jekyll dates the document by the time of the build")
                && warning.contains(&format!("the link here, https://www.example.org{want},"))
                && warning.contains("add `date: YYYY-MM-DD`")
                && warning.contains("take the date placeholders out of the permalink"),
            "{warning}"
        );
    }
    // A date in the front matter or in the file name: no warning.
    let c = with_patterns(
        site_cfg("jekyll", ""),
        &[("talks", "/:collection/:year/:title/")],
    );
    let written = dated("2024-05-18");
    let page = Page {
        dates: &written,
        ..Page::of(&s)
    };
    assert_eq!(
        url_and_warning(&page, &c),
        (
            "https://www.example.org/talks/2024/keynote/".to_string(),
            None
        )
    );
    let named = src("_talks/2023-11-02-keynote.md", "en", "talks", "keynote");
    assert_eq!(
        url_and_warning(&Page::of(&named), &c),
        (
            "https://www.example.org/talks/2023/keynote/".to_string(),
            None
        )
    );
    // The default collection permalink has no date.
    let c = site_cfg("jekyll", "");
    assert_eq!(
        url_and_warning(&Page::of(&s), &c),
        (
            "https://www.example.org/talks/keynote.html".to_string(),
            None
        )
    );
}

/// A Hexo post with no `date:` is dated by its file's creation time
/// (Hexo's post processor), which a checkout does not keep: the link leaves
/// the date out and says so.
#[test]
fn hexo_undated_post_gets_no_invented_date() {
    let s = src("_posts/hello-world.md", "en", "posts", "hello-world");
    for (pattern, want) in [
        (None, "/hello-world/"),
        (Some(":year-:month-:day-:title.html"), "/hello-world.html"),
        (Some(":timestamp/:hour:minute/:name/"), "/hello-world/"),
    ] {
        let c = match pattern {
            Some(p) => with_patterns(site_cfg("hexo", ""), &[("", p)]),
            None => site_cfg("hexo", ""),
        };
        let (got, warning) = url_and_warning(&Page::of(&s), &c);
        assert_eq!(got, format!("https://www.example.org{want}"), "{pattern:?}");
        let warning = warning.unwrap_or_else(|| panic!("{pattern:?}: no warning"));
        assert!(
            warning.contains("Hexo dates the post by the file's creation time")
                && warning.contains(&format!("the link here, https://www.example.org{want},")),
            "{warning}"
        );
    }
    let c = with_patterns(site_cfg("hexo", ""), &[("", ":category/:name/")]);
    assert_eq!(
        url_and_warning(&Page::of(&s), &c),
        (
            "https://www.example.org/uncategorized/hello-world/".to_string(),
            None
        )
    );
}

/// Zola puts a date in a URL only when `path` spells one out (a leading date
/// in the file name is dropped from the slug): an undated page has nothing
/// to invent, and no warning.
#[test]
fn zola_undated_page_has_no_date_in_its_url() {
    let c = site_cfg("zola", "");
    let s = src("events/rust-evening.md", "en", "events", "rust-evening");
    assert_eq!(
        url_and_warning(&Page::of(&s), &c),
        (
            "https://www.example.org/events/rust-evening/".to_string(),
            None
        )
    );
    let own = Page {
        path: Some("/2024/02/10/rust-evening/"),
        ..Page::of(&s)
    };
    assert_eq!(
        url_and_warning(&own, &c),
        (
            "https://www.example.org/2024/02/10/rust-evening/".to_string(),
            None
        )
    );
}
