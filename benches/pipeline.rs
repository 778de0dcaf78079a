//! The pipeline's benchmarks (`cargo bench`): reading and analyzing the sample, each renderer
//! on it, a whole `generate` of it into a temporary folder, and the cost of an input as its
//! table grows from 50 to 5,000 criteria (synthetic tables), which should grow linearly.

#[path = "support/synthetic.rs"]
mod synthetic;

use cchc::generate::{self, Options};
use cchc::render::{self, RenderContext, meta::Meta, templates::Templates};
use cchc::{Analysis, Config};
use chrono::NaiveDate;
use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/input/tuan-giao-2019.xlsx");

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 29).expect("a valid date")
}

fn sample() -> (Config, Analysis) {
    let path = Path::new(SAMPLE);
    let config = generate::config_for(None, path).expect("the sample's config");
    let analysis = cchc::load(path, None, &config)
        .expect("the sample loads")
        .output;
    (config, analysis)
}

/// Runs `f` with the render context of `analysis`.
fn with_context<T>(
    analysis: &Analysis,
    config: &Config,
    templates: &Templates,
    f: impl FnOnce(&RenderContext<'_>) -> T,
) -> T {
    let meta = Meta::resolve(analysis, config, today());
    f(&RenderContext {
        analysis,
        meta: &meta,
        config,
        templates,
        previous: None,
    })
}

fn stages(c: &mut Criterion) {
    let path = Path::new(SAMPLE);
    let (config, analysis) = sample();
    let templates = Templates::defaults().expect("the default templates");
    c.bench_function("sample/read+analyze", |b| {
        b.iter(|| cchc::load(black_box(path), None, &config).expect("loads"))
    });
    with_context(&analysis, &config, &templates, |ctx| {
        c.bench_function("sample/render/excel annex", |b| {
            b.iter(|| render::xlsx::annex(black_box(ctx)).expect("renders"))
        });
        c.bench_function("sample/render/cover letter with annex", |b| {
            b.iter(|| render::docx::cover_letter(black_box(ctx)).expect("renders"))
        });
        let letters = render::docx::unit_letters(ctx).expect("renders").len();
        let mut group = c.benchmark_group("sample/render");
        // Per letter: criterion divides by the throughput's element count.
        group.throughput(Throughput::Elements(letters as u64));
        group.bench_function(format!("unit letters ({letters}, per letter)"), |b| {
            b.iter(|| render::docx::unit_letters(black_box(ctx)).expect("renders"))
        });
        group.finish();
    });
}

fn whole_generate(c: &mut Criterion) {
    let options = |out: PathBuf| Options {
        config: None,
        out,
        sheet: None,
        today: today(),
        templates: None,
        pdf: false,
        stamp: "2026-11-29-0000".into(),
        previous: None,
        caches: Default::default(),
        force: false,
        wait: std::time::Duration::from_secs(60),
        score_column: None,
        accept_total: false,
    };
    c.bench_function("sample/generate into a temporary folder", |b| {
        // A fresh folder each time: an up-to-date output would be skipped.
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().expect("a temporary folder");
                let opts = options(dir.path().join("output"));
                (dir, opts)
            },
            |(dir, opts)| {
                generate::generate(Path::new(SAMPLE), &opts).expect("generates");
                dir
            },
            BatchSize::PerIteration,
        )
    });
}

fn scaling(c: &mut Criterion) {
    let config = Config::default();
    let templates = Templates::defaults().expect("the default templates");
    let mut group = c.benchmark_group("scaling");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    for criteria in [50, 500, 5_000] {
        let table = synthetic::appraisal(criteria, 1);
        let bytes = table.tsv.into_bytes();
        // Per criterion: a flat figure across the sizes is linear growth.
        group.throughput(Throughput::Elements(criteria as u64));
        let path = Path::new("tong-hop.tsv");
        group.bench_with_input(
            BenchmarkId::new("read+analyze", criteria),
            &bytes,
            |b, bytes| {
                b.iter(|| cchc::load_bytes(path, bytes.clone(), None, &config).expect("loads"))
            },
        );
        let analysis = cchc::load_bytes(path, bytes, None, &config)
            .expect("loads")
            .output;
        with_context(&analysis, &config, &templates, |ctx| {
            group.bench_function(BenchmarkId::new("render all documents", criteria), |b| {
                b.iter(|| render::render_documents(black_box(ctx)).expect("renders"))
            });
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = stages, whole_generate, scaling
}
criterion_main!(benches);
