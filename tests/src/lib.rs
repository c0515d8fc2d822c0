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

/// `shared/` beside the project root: seeds and the real-world corpus.
pub fn shared_dir() -> PathBuf {
    workspace_root().join("..").join("shared")
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
