//! What schemagen costs a build, against what sqlparser alone costs on the same text.
//!
//! Each group runs schemagen's whole build-script work (read, split, parse, model,
//! generate, format, write under a scratch `OUT_DIR`) and sqlparser's bare parse of the
//! same migrations' text, in the same process, so the report is a ratio:
//!
//! - `synthetic`: 2,000 migrations, 500 tables, 10,000 columns (see `synthetic_history`);
//! - `corpus/<name>`: each real-world history in `../shared/corpus` that replays.
//!
//! Run with `scripts/bench.sh`, which runs it unoptimised (as a plain `cargo build` runs
//! build scripts) and optimised (the profile the README recommends).

use std::path::{Path, PathBuf};

#[path = "support/bare.rs"]
mod bare;
#[path = "support/synthetic.rs"]
mod synthetic;

use criterion::{Criterion, criterion_group, criterion_main};

/// Every migration file's text in a folder (what sqlparser alone is given).
fn texts(dir: &Path) -> Vec<String> {
    let loaded = schemagen::source::load(dir, &schemagen::source::SourceOptions::default())
        .expect("the folder loads");
    bare::texts(&loaded.migrations)
}

fn schemagen_full(dir: &Path, out: &Path) {
    schemagen::Builder::new()
        .migrations(dir)
        .out_dir(out)
        .generate()
        .expect("the history generates");
}

fn bench_folder(c: &mut Criterion, name: &str, dir: &Path) {
    let out = tempfile::tempdir().unwrap();
    let texts = texts(dir);
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut group = c.benchmark_group(name);
    group.throughput(criterion::Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("schemagen_full", |b| {
        b.iter(|| schemagen_full(dir, out.path()))
    });
    group.bench_function("sqlparser_bare", |b| {
        b.iter(|| bare::sqlparser_bare(&texts))
    });
    group.finish();
}

fn pipeline(c: &mut Criterion) {
    let synthetic = tempfile::tempdir().unwrap();
    synthetic::synthetic_history(synthetic.path(), 2_000, 500, 10_000);
    bench_folder(c, "synthetic", synthetic.path());
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    for name in ["atuin", "vaultwarden", "harbor"] {
        bench_folder(c, &format!("corpus/{name}"), &corpus.join(name));
    }
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
