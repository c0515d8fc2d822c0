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
//! `OUT_DIR`). [`dump`] prints the model in the canonical JSON form. [`check`] types
//! queries against the model (the columns of views and of tables made from queries).

pub mod builder;
pub mod census;
pub mod check;
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
pub use census::Census;
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
    /// What became of every statement: modelled, passed over (by class), skipped in a
    /// `DO` block.
    pub census: Census,
}

impl Loaded {
    /// Statements passed over because `Builder::pass_over` named them (the census's count).
    pub fn passed_over_as_asked(&self) -> usize {
        self.census.passed_over_as_asked
    }
}

/// Reads, splits, parses and replays every up migration in `dir`, in order, its layout
/// detected. Stops at the first statement PostgreSQL would refuse, as applying the
/// migrations would.
pub fn load_schema(dir: &Path) -> Result<Loaded, Error> {
    load_schema_with(dir, &source::SourceOptions::default())
}

/// [`load_schema`] as `options` says: a layout named, files left out, setup SQL replayed
/// before the first migration, statements passed over by place.
pub fn load_schema_with(dir: &Path, options: &source::SourceOptions) -> Result<Loaded, Error> {
    let migrations = source::load(dir, options)?;
    let all = with_setup(&migrations);
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
        census: replayed.census,
    })
}

/// The census of replaying the migrations in `dir` (see [`census`]), also when the
/// replay stops at a statement PostgreSQL would refuse (that one counts as refused, the
/// statements after it as not reached). Errs only when the folder cannot be read.
pub fn census_of(dir: &Path, options: &source::SourceOptions) -> Result<Census, Error> {
    let migrations = source::load(dir, options)?;
    let all = with_setup(&migrations);
    Ok(replay::replay_with_census(&all, migrations.layout).0)
}

/// The migrations to replay: the setup SQL first, as the deployment runs it before the
/// runner starts.
fn with_setup(migrations: &source::Migrations) -> std::borrow::Cow<'_, [source::Migration]> {
    if migrations.setup.is_empty() {
        std::borrow::Cow::Borrowed(&migrations.migrations)
    } else {
        migrations
            .setup
            .iter()
            .chain(&migrations.migrations)
            .cloned()
            .collect::<Vec<_>>()
            .into()
    }
}

/// For unit tests: [`load_schema`] of migration files given inline as (name, SQL), written
/// to a temporary folder.
#[cfg(test)]
pub(crate) fn load_inline(files: &[(&str, &str)]) -> Result<Loaded, Error> {
    load_inline_with(files, &source::SourceOptions::default())
}

/// [`load_inline`] with `options`; a name may hold a folder (`1_a/up.sql`).
#[cfg(test)]
pub(crate) fn load_inline_with(
    files: &[(&str, &str)],
    options: &source::SourceOptions,
) -> Result<Loaded, Error> {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (name, sql) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().expect("a file in the folder"))
            .expect("the folder is made");
        std::fs::write(path, sql).expect("the migration is written");
    }
    load_schema_with(dir.path(), options)
}

/// `schemagen dump --json`: the canonical dump of what the migrations in `dir` leave.
pub fn dump_json(dir: &Path) -> Result<String, Error> {
    let loaded = load_schema(dir)?;
    Ok(Dump::from(&loaded.schema).to_json())
}

#[cfg(test)]
mod before_migrations_tests {
    use crate::source::{SetupSql, SourceOptions};

    fn with_setup(setup: &[&str]) -> SourceOptions {
        SourceOptions {
            before_migrations: setup.iter().map(|s| SetupSql::new(s)).collect(),
            ..SourceOptions::default()
        }
    }

    fn table<'a>(loaded: &'a crate::Loaded, schema: &str, name: &str) -> &'a crate::model::Table {
        let key = crate::model::QualifiedName::new(schema, name);
        loaded
            .schema
            .tables
            .get(&key)
            .unwrap_or_else(|| panic!("{key}: {loaded:#?}"))
    }

    #[test]
    fn setup_objects_are_there_for_the_migrations() {
        let options = with_setup(&[
            "CREATE SCHEMA app;\nCREATE TYPE mood AS ENUM ('ok', 'sad');",
            "CREATE TABLE app.settings (k text PRIMARY KEY);",
        ]);
        let loaded = crate::load_inline_with(
            &[(
                "0001_a.sql",
                "CREATE TABLE app.t (m mood); ALTER TABLE app.settings ADD v text;",
            )],
            &options,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(table(&loaded, "app", "t").column("m").is_some());
        // A table the setup made exists in the database: it is generated like any other.
        assert!(table(&loaded, "app", "settings").column("v").is_some());
        let code = crate::rust::generate(&loaded.schema, &crate::rust::Options::default())
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert!(code.contains("pub struct Setting"), "{code}");
    }

    #[test]
    fn alter_database_search_path_in_setup_holds_for_every_migration() {
        let options = with_setup(&[
            "CREATE SCHEMA measure;\nALTER DATABASE db SET search_path TO measure, \"$user\", public;",
        ]);
        let files = [
            ("0001_a.sql", "CREATE TABLE apps (id int);"),
            ("0002_b.sql", "ALTER TABLE apps ADD name text;"),
        ];
        let loaded = crate::load_inline_with(&files, &options).unwrap_or_else(|e| panic!("{e}"));
        assert!(table(&loaded, "measure", "apps").column("name").is_some());
        // Without it, the tables land in `public`.
        let loaded = crate::load_inline(&files).unwrap();
        assert!(table(&loaded, "public", "apps").column("name").is_some());
    }

    #[test]
    fn alter_database_in_a_migration_holds_from_the_next_file_on() {
        let files = [
            (
                "0001_a.sql",
                "CREATE SCHEMA s;\nALTER DATABASE db SET search_path = 's';\nCREATE TABLE here (a int);",
            ),
            ("0002_b.sql", "CREATE TABLE there (a int);"),
            (
                "0003_c.sql",
                "ALTER DATABASE db RESET search_path;\nCREATE TABLE still_s (a int);",
            ),
            ("0004_d.sql", "CREATE TABLE back (a int);"),
        ];
        let loaded = crate::load_inline(&files).unwrap_or_else(|e| panic!("{e}"));
        table(&loaded, "public", "here");
        table(&loaded, "s", "there");
        table(&loaded, "s", "still_s");
        table(&loaded, "public", "back");
    }

    #[test]
    fn a_bad_setup_statement_is_located_in_before_migrations() {
        let options = with_setup(&["CREATE SCHEMA a;\nALTER TABLE nope ADD x int;"]);
        let err = crate::load_inline_with(&[("0001_a.sql", "SELECT 1;")], &options)
            .unwrap_err()
            .to_string();
        assert!(err.contains("<before_migrations>:2:13"), "{err}");
        assert!(err.contains("`nope` does not exist"), "{err}");
        let options = with_setup(&["CREATE TABLE x (a text DEFAULT 'oops);"]);
        let err = crate::load_inline_with(&[("0001_a.sql", "SELECT 1;")], &options)
            .unwrap_err()
            .to_string();
        assert!(err.contains("unterminated"), "{err}");
        assert!(err.contains("<before_migrations>:1:"), "{err}");
    }
}
