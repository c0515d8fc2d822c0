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
