//! Throughput of each renderer — `feedcal::render::format(kind).render` for
//! RSS, Atom, JSON Feed and iCalendar — in posts per second, over the bundled sample site (`feeds/feedcal.toml`)
//! replicated to 1,000 posts with distinct keys and URLs.
//!
//! The posts carry their full HTML content, as a feed with `feed_items = 0`
//! does. For the calendar, every post is an event: the one the event-time stage
//! decided, else a two-hour slot at the post date, so that the renderer's
//! per-event work is measured whatever the stage reads from the samples.
//!
//! `cargo bench --bench render`; `cargo test --all-targets` runs each once.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use feedcal::config::Config;
use feedcal::model::{Document, EventDecision, EventWhen, OutputKind, Post};
use feedcal::plan::newest_first;
use feedcal::render::{self, ics::EventHistory, Context};
use feedcal::site::{self, LoadOptions};

const POSTS: usize = 1_000;

/// The sample site's dated posts, replicated to `n`, newest first.
fn sample_posts(n: usize) -> (Config, Vec<Post>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = Config::load(&root.join("feeds/feedcal.toml")).expect("feeds/feedcal.toml loads");
    let site = site::load(&config, &LoadOptions::from_config(&config));
    let samples: Vec<Post> = site
        .posts
        .into_iter()
        .filter(|p| p.sort_date().is_some())
        .collect();
    assert!(
        !samples.is_empty(),
        "the sample site under feeds/content has dated posts"
    );
    let mut posts: Vec<Post> = (0..n)
        .map(|i| {
            let mut p = samples[i % samples.len()].clone();
            p.key = format!("{}-{i}", p.key);
            p.url = format!("{}copy-{i}/", p.url);
            let date = p.sort_date().expect("filtered on a date");
            let event = p.event.get_or_insert_with(EventDecision::default);
            if event.when.is_none() {
                let start = date.with_timezone(&config.time_zone).naive_local();
                event.when = Some(EventWhen::Timed {
                    start,
                    end: start + chrono::Duration::hours(2),
                    end_stated: true,
                    zone: config.time_zone,
                });
            }
            p
        })
        .collect();
    posts.sort_by(newest_first);
    (config, posts)
}

fn bench_render(c: &mut Criterion) {
    let (config, posts) = sample_posts(POSTS);
    let doc = Document {
        title: config.title.clone(),
        description: config.description.clone(),
        link: config.base_url.to_string(),
        self_url: config
            .feed_url
            .join("rss.xml")
            .map(String::from)
            .unwrap_or_default(),
        language: Some(config.default_language.clone()),
        posts: posts.iter().collect(),
        events: posts.iter().flat_map(Post::occurrences).collect(),
        page: None,
    };
    let history = EventHistory::default();
    let ctx = Context {
        config: &config,
        history: &history,
        today: chrono::NaiveDate::from_ymd_opt(2024, 11, 25).expect("a date"),
    };
    let html_bytes: usize = posts.iter().map(|p| p.html.len()).sum();
    eprintln!(
        "render: {} posts, {:.1} MB of HTML content",
        posts.len(),
        html_bytes as f64 / 1e6
    );

    let mut group = c.benchmark_group("render");
    group.throughput(Throughput::Elements(posts.len() as u64));
    for (name, kind) in [
        ("rss", OutputKind::Rss),
        ("atom", OutputKind::Atom),
        ("json-feed", OutputKind::JsonFeed),
        ("ics", OutputKind::Ics),
    ] {
        let format = render::format(kind);
        let bytes = format.render(&doc, &ctx).expect("renders");
        assert_eq!(
            format.count(&bytes).expect("reads back"),
            Some(format.items(&doc)),
            "{name} reads back"
        );
        group.bench_with_input(BenchmarkId::new(name, posts.len()), &doc, |b, doc| {
            b.iter(|| black_box(format.render(black_box(doc), &ctx)))
        });
    }
    group.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
}

criterion_group! {
    name = benches;
    config = config();
    targets = bench_render
}
criterion_main!(benches);
