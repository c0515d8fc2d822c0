//! schemagen: Rust types from a folder of PostgreSQL migrations, at build time, with no
//! database.
//!
//! ```no_run
//! // build.rs
//! fn main() {
//!     if let Err(e) = schemagen::Builder::new().migrations("../migrations").generate() {
//!         eprintln!("{e}");
//!         std::process::exit(1);
//!     }
//! }
//! ```
//!
//! The data flows one way, one module per stage:
//! [`source`] (files, order, statements) -> [`parse`] (sqlparser) -> [`model`] (replay
//! into our catalog, driven statement by statement by [`replay`]) -> [`rust`] (items built with `quote!`) -> [`emit`] (write to
//! `OUT_DIR`). [`dump`] prints the model in the canonical JSON form.

pub mod builder;
pub mod database;
pub mod diagnostic;
pub mod dump;
pub mod emit;
pub mod model;
pub mod parse;
pub mod replay;
pub mod rust;
pub mod source;

use std::path::{Path, PathBuf};

pub use builder::Builder;
pub use diagnostic::{Diagnostic, Error};
pub use dump::Dump;
pub use model::Schema;

/// The schema the migrations in `dir` leave behind, with what was read on the way.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub schema: Schema,
    /// Every migration file read, for `cargo::rerun-if-changed`.
    pub files_read: Vec<PathBuf>,
    /// Problems that did not stop the replay.
    pub warnings: Vec<Diagnostic>,
    /// Statements passed over because `Builder::pass_over` named them.
    pub passed_over_as_asked: usize,
}

/// Reads, splits, parses and replays every up migration in `dir`, in order, its layout
/// detected. Stops at the first statement PostgreSQL would refuse, as applying the
/// migrations would.
pub fn load_schema(dir: &Path) -> Result<Loaded, Error> {
    load_schema_with(dir, &source::SourceOptions::default())
}

/// [`load_schema`] with a layout named and files left out, as `options` says.
pub fn load_schema_with(dir: &Path, options: &source::SourceOptions) -> Result<Loaded, Error> {
    let migrations = source::load(dir, options)?;
    // Setup SQL first, as the deployment runs it before the runner starts.
    let all: Vec<source::Migration> = migrations
        .setup
        .iter()
        .chain(&migrations.migrations)
        .cloned()
        .collect();
    let replayed = replay::replay(&all, migrations.layout).map_err(|mut diagnostics| {
        diagnostics.extend(migrations.warnings.iter().cloned());
        Error::new(diagnostics)
    })?;
    let mut warnings = migrations.warnings;
    warnings.extend(replayed.warnings);
    diagnostic::sort(&mut warnings);
    Ok(Loaded {
        schema: replayed.schema,
        files_read: migrations.files_read,
        warnings,
        passed_over_as_asked: replayed.passed_over_as_asked,
    })
}

/// For unit tests: [`load_schema`] of migration files given inline as (name, SQL), written
/// to a temporary folder.
#[cfg(test)]
pub(crate) fn load_inline(files: &[(&str, &str)]) -> Result<Loaded, Error> {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (name, sql) in files {
        std::fs::write(dir.path().join(name), sql).expect("the migration is written");
    }
    load_schema(dir.path())
}

/// `schemagen dump --json`: the canonical dump of what the migrations in `dir` leave.
pub fn dump_json(dir: &Path) -> Result<String, Error> {
    let loaded = load_schema(dir)?;
    Ok(Dump::from(&loaded.schema).to_json())
}
