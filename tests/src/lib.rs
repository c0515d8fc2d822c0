//! Shared harness of schemagen's integration tests.
//!
//! - [`pg`]: a throwaway PostgreSQL server started from the machine's binaries.
//! - [`catalog`]: reads a database's catalog back into the canonical dump.
//! - [`differential`]: applies a folder to PostgreSQL and compares with schemagen.
//! - [`scratch`]: scratch crates that run schemagen from their build script, built with cargo.

pub mod catalog;
pub mod compile;
pub mod differential;
pub mod pg;
pub mod scratch;

use std::path::PathBuf;

/// The workspace root (the folder holding `migrations/` and `tests/`).
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ lives inside the workspace")
        .to_path_buf()
}

/// The one setting that says where the real-world migration histories are:
/// `SCHEMAGEN_CORPUS`, by default `../shared/corpus` beside the project root. A fresh
/// clone has no `../shared`: `bash scripts/fetch-corpus.sh` fetches every history the
/// manifest lists into `target/corpus` (`.ci/run` does that, then points the setting there).
pub fn corpus_dir() -> PathBuf {
    match std::env::var_os("SCHEMAGEN_CORPUS") {
        Some(dir) if !dir.is_empty() => workspace_root().join(dir),
        _ => workspace_root().join("..").join("shared").join("corpus"),
    }
}

/// The folder of the corpus history `name`; panics, saying what to run, when it is missing.
pub fn corpus(name: &str) -> PathBuf {
    let dir = corpus_dir().join(name);
    if !dir.is_dir() {
        panic!(
            "the corpus history `{name}` is not in {}: run `bash scripts/fetch-corpus.sh` \
             (it fetches every history in tests/corpus/manifest.tsv into target/corpus), \
             then run the tests with `SCHEMAGEN_CORPUS=target/corpus`; or point \
             SCHEMAGEN_CORPUS at a folder that holds the histories",
            corpus_dir().display()
        );
    }
    dir
}

/// One history of `tests/corpus/manifest.tsv`.
#[derive(Debug, Clone)]
pub struct CorpusEntry {
    pub name: String,
    /// SQL the deployment runs before the first migration, `{db}` standing for the
    /// database's name (`tests/corpus/setup/<file>`).
    pub setup: Option<String>,
}

/// Every history of the manifest, in its order.
pub fn corpus_manifest() -> Vec<CorpusEntry> {
    let dir = workspace_root().join("tests").join("corpus");
    let text = std::fs::read_to_string(dir.join("manifest.tsv")).expect("the manifest reads");
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with("name\t"))
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), 5, "five tab-separated fields: {line}");
            let setup = (fields[4] != "-").then(|| {
                std::fs::read_to_string(dir.join("setup").join(fields[4]))
                    .unwrap_or_else(|e| panic!("setup file {}: {e}", fields[4]))
            });
            CorpusEntry {
                name: fields[0].to_string(),
                setup,
            }
        })
        .collect()
}

/// The fixture sets of a group (`model`, `seeds`): the folders in `tests/fixtures/<group>`,
/// by name, as `fixtures/<group>/<set>` (cargo runs integration tests in `tests/`). Every
/// test that covers "each set" reads this list, so a new set is covered everywhere.
pub fn fixture_sets(group: &str) -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(group);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("a folder entry").file_name())
        .map(|name| name.to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| PathBuf::from("fixtures").join(group).join(name))
        .collect()
}
