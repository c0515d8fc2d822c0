//! What replaying a history costs (read, split, classify, parse, apply: what `schemagen
//! dump` does), against sqlparser's bare parse of the same text, in the same process, on
//! every real-world history that replays: the ratio the replay is held to.
//!
//! The histories are read from `SCHEMAGEN_CORPUS` (default `../shared/corpus`, as the
//! tests read them). Run with `cargo bench -p schemagen --bench replay [-- <name>]`;
//! `--profile dev` for build scripts' default, unoptimised.

use std::path::{Path, PathBuf};

#[path = "support/bare.rs"]
mod bare;

use criterion::{Criterion, criterion_group, criterion_main};

fn corpus_dir() -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    match std::env::var_os("SCHEMAGEN_CORPUS") {
        Some(dir) if !dir.is_empty() => root.join(dir),
        _ => root.join("../shared/corpus"),
    }
}

fn bench_history(c: &mut Criterion, name: &str, dir: &Path) {
    let Ok(loaded) = schemagen::source::load(dir, &Default::default()) else {
        return;
    };
    if schemagen::load_schema(dir).is_err() {
        eprintln!("{name}: does not replay, left out");
        return;
    }
    let texts = bare::texts(&loaded.migrations);
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut group = c.benchmark_group(format!("replay/{name}"));
    group.throughput(criterion::Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("schemagen_replay", |b| {
        b.iter(|| schemagen::load_schema(dir).expect("the history replays"))
    });
    group.bench_function("sqlparser_bare", |b| {
        b.iter(|| bare::sqlparser_bare(&texts))
    });
    group.finish();
}

fn replay(c: &mut Criterion) {
    let dir = corpus_dir();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read the corpus at {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.path().is_dir())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in names {
        bench_history(c, &name, &dir.join(&name));
    }
}

criterion_group!(benches, replay);
criterion_main!(benches);
