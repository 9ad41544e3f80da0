use super::*;

fn src(rel: &str, lang: &str, section: &str, slug: &str) -> SourceFile {
    SourceFile {
        path: rel.into(),
        rel_path: rel.into(),
        lang: lang.into(),
        section: section.into(),
        slug: slug.into(),
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
    permalink(page, config).unwrap().to_string()
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
