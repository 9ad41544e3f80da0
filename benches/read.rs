//! Throughput of the reading stages, before any event time is decided:
//!
//! - `discover`: [`feedcal::discover::discover`] over a generated tree of
//!   5,000 page bundles (each with an image beside its `index.md`) and 500
//!   single pages;
//! - `decode`, `front_matter` and `body_lines`: [`feedcal::decode::decode`],
//!   [`feedcal::front_matter::split`] + [`feedcal::front_matter::parse`], and
//!   [`feedcal::body::line_facts`] + [`feedcal::body::find_live_url`] over
//!   every Markdown file of the real corpus (`../shared/corpus`); skipped
//!   with a message when the corpus is absent.
//!
//! `cargo bench --bench read`; `cargo test --all-targets` runs each once.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use feedcal::config::Config;

/// Every `.md` file under `dir`, read into memory, in path order.
fn markdown_files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else if p.extension().is_some_and(|x| x == "md") {
                if let Ok(bytes) = std::fs::read(&p) {
                    out.push((p, bytes));
                }
            }
        }
    }
    out.sort();
    out
}

fn tree(dir: &Path) {
    let post =
        "---\ntitle: \"A post\"\ndate: 2024-05-18T10:00:00+08:00\ntags: [a, b]\n---\n\nBody.\n";
    for i in 0..5_000 {
        let bundle = dir.join(format!("zh/activities/post-{i:05}"));
        std::fs::create_dir_all(&bundle).expect("create a bundle folder");
        std::fs::write(bundle.join("index.md"), post).expect("write index.md");
        std::fs::write(bundle.join("cover.jpg"), b"jpg").expect("write an image");
    }
    for i in 0..500 {
        std::fs::write(dir.join(format!("zh/activities/single-{i:03}.md")), post)
            .expect("write a single page");
    }
}

fn discover(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    tree(dir.path());
    let config = Config::default();
    let mut group = c.benchmark_group("discover");
    group.throughput(Throughput::Elements(5_500));
    group.bench_function("5500_posts", |b| {
        b.iter(|| {
            let found = feedcal::discover::discover(dir.path(), &config, Default::default());
            assert_eq!(found.files.len(), 5_500);
            black_box(found)
        })
    });
    group.finish();
}

fn corpus() -> Option<Vec<(PathBuf, Vec<u8>)>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !dir.is_dir() {
        eprintln!("SKIP: the corpus {} is absent", dir.display());
        return None;
    }
    Some(markdown_files(&dir))
}

fn stages(c: &mut Criterion) {
    let Some(files) = corpus() else {
        return;
    };
    let zone = chrono_tz::Asia::Shanghai;
    let texts: Vec<String> = files
        .iter()
        .filter_map(|(_, b)| feedcal::decode::decode(b).ok())
        .map(|d| d.text.into_owned())
        .collect();
    let mut group = c.benchmark_group("read");
    group.throughput(Throughput::Elements(files.len() as u64));
    group.bench_function("decode", |b| {
        b.iter(|| {
            for (_, bytes) in &files {
                let _ = black_box(feedcal::decode::decode(bytes));
            }
        })
    });
    group.throughput(Throughput::Elements(texts.len() as u64));
    group.bench_function("front_matter", |b| {
        b.iter(|| {
            for text in &texts {
                if let Ok(split) = feedcal::front_matter::split(text) {
                    let _ = black_box(feedcal::front_matter::parse(&split, zone));
                }
            }
        })
    });
    group.bench_function("body_lines", |b| {
        let wanted = feedcal::body::Wanted {
            location: true,
            cancelled: true,
        };
        b.iter(|| {
            for text in &texts {
                black_box(feedcal::body::line_facts(text, wanted));
                black_box(feedcal::body::find_live_url(text));
            }
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().measurement_time(Duration::from_secs(5)).sample_size(20);
    targets = discover, stages
}
criterion_main!(benches);
