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

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use criterion::{Criterion, criterion_group, criterion_main};
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;

/// Writes a migration history of `migrations` files that leaves `tables` tables with
/// `columns` columns in all, half of them made by CREATE TABLE, the rest added by ALTERs
/// (with comments) spread over the remaining files.
fn synthetic_history(dir: &Path, migrations: usize, tables: usize, columns: usize) {
    const TYPES: [&str; 7] = [
        "TEXT",
        "INTEGER",
        "TIMESTAMPTZ",
        "BOOLEAN",
        "JSONB",
        "UUID",
        "NUMERIC(12,2)",
    ];
    let mut n = 0;
    let mut write = |text: String| {
        n += 1;
        std::fs::write(dir.join(format!("{n:05}_m.sql")), text).unwrap();
    };
    write("CREATE TYPE state AS ENUM ('new', 'open', 'closed');\n".to_string());
    let per_table = columns / tables;
    // id, parent_id, state and kind, then plain columns up to half of `per_table`.
    let created = per_table / 2;
    for t in 0..tables {
        let mut sql = format!("CREATE TABLE table_{t} (\n    id BIGSERIAL PRIMARY KEY");
        for c in 4..created {
            let ty = TYPES[c % TYPES.len()];
            let constraint = match (c % 3, ty) {
                (0, "INTEGER") => " NOT NULL DEFAULT 0",
                (0, _) => " NOT NULL",
                _ => "",
            };
            write!(sql, ",\n    col_{c} {ty}{constraint}").unwrap();
        }
        let parent = if t == 0 {
            String::new()
        } else {
            format!(" REFERENCES table_{} (id)", t - 1)
        };
        write!(
            sql,
            ",\n    parent_id BIGINT{parent},\n    state state NOT NULL DEFAULT 'new',\n    \
             kind TEXT CHECK (kind IN ('a', 'b', 'c'))\n);\n\
             CREATE INDEX table_{t}_state ON table_{t} (state);\n\
             COMMENT ON TABLE table_{t} IS 'synthetic table {t}';\n"
        )
        .unwrap();
        write(sql);
    }
    let alters = migrations - tables - 1;
    let to_add = tables * (per_table - created);
    let mut added = 0;
    for m in 0..alters {
        let mut sql = String::new();
        // Spread the added columns evenly over the remaining migrations.
        while added < to_add * (m + 1) / alters {
            let t = added % tables;
            let c = created + added / tables;
            write!(
                sql,
                "ALTER TABLE table_{t} ADD COLUMN col_{c} TEXT;\n\
                 COMMENT ON COLUMN table_{t}.col_{c} IS 'added later';\n"
            )
            .unwrap();
            added += 1;
        }
        write(sql);
    }
}

/// Every migration file's text in a folder (what sqlparser alone is given).
fn texts(dir: &Path) -> Vec<String> {
    let loaded = schemagen::source::load(dir, &schemagen::source::SourceOptions::default())
        .expect("the folder loads");
    loaded
        .migrations
        .iter()
        .map(|m| {
            m.statements
                .iter()
                .map(|s| format!("{};\n", s.text()))
                .collect::<String>()
        })
        .collect()
}

fn sqlparser_bare(texts: &[String]) {
    let dialect = PostgreSqlDialect {};
    for text in texts {
        // Statements sqlparser refuses are counted too: it did the work of reading them.
        let _ = Parser::parse_sql(&dialect, text);
    }
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
    group.bench_function("sqlparser_bare", |b| b.iter(|| sqlparser_bare(&texts)));
    group.finish();
}

fn pipeline(c: &mut Criterion) {
    let synthetic = tempfile::tempdir().unwrap();
    synthetic_history(synthetic.path(), 2_000, 500, 20);
    bench_folder(c, "synthetic", synthetic.path());
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    for name in ["atuin", "vaultwarden", "harbor"] {
        bench_folder(c, &format!("corpus/{name}"), &corpus.join(name));
    }
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
