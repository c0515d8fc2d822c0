//! Stage 1: find the migration files, recognise the folder's layout, order the
//! migrations, cut out their up parts and split them into statements.
//!
//! - [`folder`]: the folder's entries, sorted, exclusions left out.
//! - [`detect`]: which layout the entries are in (unless the caller names one).
//! - [`layout`]: each layout's names: version, description, up or down.
//! - [`parts`]: the entries that are migrations of the layout, ordered and paired.
//! - [`sections`]: up and down sections inside one file (goose, dbmate).
//! - [`split`]: statements at top-level semicolons; [`plpgsql`]: DDL inside `DO` blocks.
//!
//! Down parts are never applied, but they are split and parsed, so a broken one is a
//! warning rather than a surprise on the day it is run.

pub mod detect;
pub mod folder;
pub mod layout;
pub mod parts;
pub mod pass_over;
pub mod plpgsql;
pub mod sections;
pub mod split;

use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Error, Severity, SourceFile, Span};
use folder::Texts;
pub use layout::{Layout, Version};
use parts::Part;

/// One statement of a migration, pointing into its file.
#[derive(Debug, Clone)]
pub struct Statement {
    pub file: Arc<SourceFile>,
    pub range: Range<usize>,
}

impl Statement {
    pub fn text(&self) -> &str {
        &self.file.text[self.range.clone()]
    }

    /// A span covering `range` (relative to this statement's text), with the whole
    /// statement as context.
    pub fn span(&self, range: Range<usize>) -> Span {
        let start = (self.range.start + range.start).min(self.range.end);
        let end = (self.range.start + range.end).clamp(start, self.range.end);
        Span {
            file: self.file.clone(),
            range: start..end,
            statement: Some(self.range.clone()),
        }
    }

    /// A span covering the whole statement.
    pub fn whole(&self) -> Span {
        self.span(0..self.range.len())
    }

    /// The byte offset within this statement of a 1-based line and column counted
    /// from the statement's start (as sqlparser reports positions).
    pub fn offset_of(&self, line: usize, col: usize) -> usize {
        let text = self.text();
        let mut offset = 0;
        for _ in 1..line {
            match text[offset..].find('\n') {
                Some(i) => offset += i + 1,
                None => return text.len(),
            }
        }
        let rest = &text[offset..];
        let line_end = rest.find('\n').unwrap_or(rest.len());
        offset
            + rest[..line_end]
                .char_indices()
                .nth(col.saturating_sub(1))
                .map_or(line_end, |(i, _)| i)
    }
}

/// One migration, in the order it is applied.
#[derive(Debug, Clone)]
pub struct Migration {
    /// `None` for a repeatable migration (flyway's `R__`), applied after every
    /// versioned one.
    pub version: Option<Version>,
    pub description: String,
    /// The file that holds the up part.
    pub file: Arc<SourceFile>,
    /// The up part's statements, in order: what is applied.
    pub statements: Vec<Statement>,
    /// The down part's statements (a `.down.sql` file, a `-- +goose Down` section...),
    /// which schemagen never applies.
    pub down_statements: Vec<Statement>,
    /// The migration asks its runner not to wrap it in a transaction (`-- +goose NO
    /// TRANSACTION`, dbmate's `transaction:false`, sqlx's `-- no-transaction`, diesel's
    /// `run_in_transaction = false`).
    pub no_transaction: bool,
    /// The indexes of the up part's statements `Builder::pass_over` names, which the
    /// replay passes over.
    pub pass_over: pass_over::Marked,
}

/// Everything read from a migrations folder.
#[derive(Debug, Clone, Default)]
pub struct Migrations {
    /// The layout the folder was read in (detected, or as asked).
    pub layout: Layout,
    /// Migrations in the order they are applied.
    pub migrations: Vec<Migration>,
    /// Setup SQL applied before the first migration (`Builder::before_migrations`),
    /// each piece as a migration of its own, in the order given.
    pub setup: Vec<Migration>,
    /// Every file read (for `cargo::rerun-if-changed`), in migration order.
    pub files_read: Vec<PathBuf>,
    pub warnings: Vec<Diagnostic>,
}

/// How to read a migrations folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceOptions {
    /// The folder's layout; detected from its entries when `None`.
    pub layout: Option<Layout>,
    /// Globs of paths to leave out, relative to the folder (`*rollback*`,
    /// `*/down.sql`); a folder whose name matches is left out whole.
    pub exclude: Vec<String>,
    /// SQL the deployment runs before the first migration (a schema, an extension, a
    /// database setting), replayed first, in order.
    pub before_migrations: Vec<SetupSql>,
    /// Statements to pass over, each named `<path>:<line>` (see [`pass_over`]).
    pub pass_over: Vec<String>,
}

/// Setup SQL replayed before the first migration: what a deployment creates outside
/// its migrations (`CREATE SCHEMA`, `CREATE EXTENSION`, `ALTER DATABASE ... SET
/// search_path`). What it creates is in the schema like anything a migration creates
/// (its tables get Rust types, since they exist in the database).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetupSql {
    /// Where diagnostics say the SQL is: `<before_migrations>`, or the `--before` file.
    pub name: String,
    pub sql: String,
}

impl SetupSql {
    /// The text `Builder::before_migrations` is given, shown as `<before_migrations>`.
    pub fn new(sql: &str) -> SetupSql {
        SetupSql {
            name: "<before_migrations>".to_string(),
            sql: sql.to_string(),
        }
    }
}

/// Reads the migrations folder `dir`: recognises its layout (see [`detect`]), orders
/// its migrations by version, and splits each up part into statements.
pub fn load(dir: &Path, options: &SourceOptions) -> Result<Migrations, Error> {
    let excludes = folder::Excludes::new(&options.exclude).map_err(Error::new)?;
    let entries = folder::list(dir, &excludes)?;
    let mut texts = Texts::default();
    let detected = match options.layout {
        Some(layout) => Some(layout),
        None => detect::detect(&entries, &mut texts)?,
    };
    let layout = detected.unwrap_or_default();

    let mut out = Migrations {
        layout,
        ..Migrations::default()
    };
    let mut errors = Vec::new();
    for setup in &options.before_migrations {
        match setup_migration(setup) {
            Ok(migration) => out.setup.push(migration),
            Err(e) => errors.push(e),
        }
    }
    let mut files = Vec::new();
    for entry in &entries {
        parts::parts_of(layout, entry, &mut files, &mut errors, &mut out.warnings);
    }
    if matches!(layout, Layout::Sqlx | Layout::Goose) {
        // sqlx and goose read hidden files too, and stop on them (no hidden name has a
        // version); the others skip them, as schemagen does. Only the errors matter.
        for entry in folder::hidden_files(dir, &excludes) {
            parts::parts_of(layout, &entry, &mut files, &mut errors, &mut Vec::new());
        }
    }
    for (up, down) in parts::pair(layout, files, &mut errors, &mut out.warnings) {
        if let Some(down) = down.as_ref().filter(|_| up.is_none()) {
            // A down part with no up part: checked all the same, never applied.
            if let Ok(file) = read(&mut texts, &down.path, &mut out.files_read) {
                down_part(&file, &whole(&file), &mut out.warnings);
            }
        }
        let Some(up) = up else { continue };
        match migration(layout, &up, down.as_ref(), &mut texts, &mut out) {
            Ok(migration) => out.migrations.push(migration),
            Err(e) => errors.push(e),
        }
    }
    errors.extend(pass_over::mark(&mut out.migrations, &options.pass_over));
    if out.migrations.is_empty() && errors.is_empty() {
        let hint = match detected {
            Some(layout) => format!("{layout} migrations are named {}", layout.pattern()),
            None => "name migrations as their runner does, for example \
                     `<version>_<description>.sql` (sqlx), `<version>_<title>.up.sql` \
                     (golang-migrate), `<version>_<name>/up.sql` (diesel) or \
                     `V<version>__<name>.sql` (refinery, flyway)"
                .to_string(),
        };
        errors.push(
            Diagnostic::error(format!("no migrations found in `{}`", dir.display()))
                .with_hint(hint),
        );
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        errors.extend(out.warnings);
        Err(Error::new(errors))
    }
}

/// Reads a file, noting it for `rerun-if-changed`.
fn read(
    texts: &mut Texts,
    path: &Path,
    files_read: &mut Vec<PathBuf>,
) -> Result<Arc<SourceFile>, Diagnostic> {
    files_read.push(path.to_path_buf());
    texts.read(path)
}

/// Reads one migration: its up part's statements, and its down part checked.
fn migration(
    layout: Layout,
    up: &Part,
    down: Option<&Part>,
    texts: &mut Texts,
    out: &mut Migrations,
) -> Result<Migration, Diagnostic> {
    let file = read(texts, &up.path, &mut out.files_read)?;
    let located = |e: sections::SectionError| {
        Diagnostic::error(e.message)
            .with_span(Span {
                file: file.clone(),
                range: e.at,
                statement: None,
            })
            .with_label(e.label)
            .with_hint(e.hint)
    };
    let sections = match layout {
        Layout::Goose => sections::goose(&file.text).map_err(located)?,
        Layout::Dbmate => sections::dbmate(&file.text).map_err(located)?,
        _ => sections::Sections {
            up: whole(&file),
            // sqlx reads this directive on a migration's first line.
            no_transaction: layout == Layout::Sqlx && file.text.starts_with("-- no-transaction"),
            ..sections::Sections::default()
        },
    };
    for (range, note) in &sections.notes {
        out.warnings.push(
            Diagnostic::warning(note.clone())
                .with_span(Span {
                    file: file.clone(),
                    range: range.clone(),
                    statement: None,
                })
                .with_hint("write the values into the migration if the schema depends on them"),
        );
    }
    let mut no_transaction = sections.no_transaction;
    if let Some(metadata) = &up.metadata {
        out.files_read.push(metadata.clone());
        // diesel's `metadata.toml` holds one setting that matters here.
        if let Ok(text) = fs::read_to_string(metadata) {
            no_transaction |= text.lines().any(|l| {
                let l: String = l
                    .split('#')
                    .next()
                    .unwrap_or("")
                    .split_whitespace()
                    .collect();
                l == "run_in_transaction=false"
            });
        }
    }
    if layout == Layout::Diesel && file.text.is_empty() {
        // diesel's `run_sql_from_file` refuses an empty `up.sql` (`EmptyMigration`).
        return Err(Diagnostic::error(format!(
            "`{}` is empty, and diesel refuses to run an empty migration",
            file.path
        ))
        .with_span(Span {
            file: file.clone(),
            range: 0..0,
            statement: None,
        })
        .with_hint("write the migration, or delete its folder"));
    }
    let statements = split_pieces(&file, &sections.up)?;
    // Prisma's schema engine and golang-migrate's postgres driver (`Run`: one
    // `ExecContext` of the whole file) send a migration as one simple query, which
    // PostgreSQL runs in one implicit transaction when it holds several statements, and
    // outside any when it holds one (langfuse's lone `CREATE INDEX CONCURRENTLY`).
    let one_simple_query = matches!(layout, Layout::Prisma | Layout::GolangMigrate);
    no_transaction |= one_simple_query && statements.len() <= 1;
    // flyway runs a migration outside a transaction when one of its statements cannot
    // run inside one (conductor's `DROP INDEX CONCURRENTLY`); refinery would have failed
    // on such a migration, so a history that holds one was applied by flyway.
    no_transaction |= layout == Layout::Refinery
        && statements
            .iter()
            .any(|s| flyway_runs_outside_a_transaction(s.text()));
    if statements.is_empty() {
        // Runners apply an empty migration happily; it is still most likely a mistake
        // (a file saved before it was written), so say so.
        out.warnings.push(
            Diagnostic::warning(format!("`{}` holds no statements", file.path))
                .with_span(Span {
                    file: file.clone(),
                    range: 0..0,
                    statement: None,
                })
                .with_label("nothing here is applied")
                .with_hint("write the migration, or delete the file"),
        );
    }
    let down_statements = match down {
        Some(down) => match read(texts, &down.path, &mut out.files_read) {
            Ok(down_file) => down_part(&down_file, &whole(&down_file), &mut out.warnings),
            Err(e) => {
                out.warnings.push(as_down_warning(e));
                Vec::new()
            }
        },
        None => down_part(&file, &sections.down, &mut out.warnings),
    };
    Ok(Migration {
        version: up.name.version.clone(),
        description: up.name.description.clone(),
        file,
        statements,
        down_statements,
        no_transaction,
        pass_over: pass_over::Marked::new(),
    })
}

/// Setup SQL as a migration of its own, split into statements.
/// Whether flyway's PostgreSQL parser marks `statement` as one that cannot run in a
/// transaction (`PostgreSQLParser.detectCanExecuteInTransaction`: `^(CREATE|DROP)
/// (DATABASE|TABLESPACE|SUBSCRIPTION)`, `^ALTER SYSTEM`, `^(CREATE|DROP)( UNIQUE)? INDEX
/// CONCURRENTLY`, `^REINDEX( VERBOSE)? (SCHEMA|DATABASE|SYSTEM)`, `^VACUUM`, `^DISCARD
/// ALL`; its `ALTER TYPE ... ADD VALUE` rule holds only before PostgreSQL 12).
fn flyway_runs_outside_a_transaction(statement: &str) -> bool {
    let words: Vec<String> = statement
        .split_whitespace()
        .take(4)
        .map(str::to_ascii_uppercase)
        .collect();
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    matches!(
        words.as_slice(),
        [
            "CREATE" | "DROP",
            "DATABASE" | "TABLESPACE" | "SUBSCRIPTION",
            ..
        ] | ["ALTER", "SYSTEM", ..]
            | ["CREATE" | "DROP", "INDEX", "CONCURRENTLY", ..]
            | ["CREATE" | "DROP", "UNIQUE", "INDEX", "CONCURRENTLY"]
            | ["REINDEX", "SCHEMA" | "DATABASE" | "SYSTEM", ..]
            | ["REINDEX", "VERBOSE", "SCHEMA" | "DATABASE" | "SYSTEM", ..]
            | ["VACUUM", ..]
            | ["DISCARD", "ALL", ..]
    )
}

fn setup_migration(setup: &SetupSql) -> Result<Migration, Diagnostic> {
    let file = Arc::new(SourceFile {
        path: setup.name.clone(),
        text: setup.sql.clone(),
    });
    let statements = split_pieces(&file, &whole(&file))?;
    Ok(Migration {
        version: None,
        description: "before migrations".to_string(),
        file,
        statements,
        down_statements: Vec::new(),
        no_transaction: false,
        pass_over: pass_over::Marked::new(),
    })
}

/// The whole of a file, as one piece.
fn whole(file: &SourceFile) -> Vec<Range<usize>> {
    let all = 0..file.text.len();
    vec![all]
}

/// The statements of the pieces `ranges` of `file`, each piece split on its own.
fn split_pieces(
    file: &Arc<SourceFile>,
    ranges: &[Range<usize>],
) -> Result<Vec<Statement>, Diagnostic> {
    let mut statements = Vec::new();
    for range in ranges {
        let text = file.text.get(range.clone()).unwrap_or("");
        match split::split(text) {
            Ok(raw) => statements.extend(raw.into_iter().map(|r| Statement {
                file: file.clone(),
                range: range.start + r.range.start..range.start + r.range.end,
            })),
            Err(e) => {
                return Err(Diagnostic::error(format!("unterminated {}", e.what))
                    .with_span(Span {
                        file: file.clone(),
                        range: range.start + e.opening.start..range.start + e.opening.end,
                        statement: None,
                    })
                    .with_label(format!("this {} is never closed", e.what))
                    .with_hint(format!("close it with `{}`", e.closing)));
            }
        }
    }
    Ok(statements)
}

/// A down part's statements, split and parsed; what does not split or parse becomes a
/// warning, since down parts are never applied.
fn down_part(
    file: &Arc<SourceFile>,
    ranges: &[Range<usize>],
    warnings: &mut Vec<Diagnostic>,
) -> Vec<Statement> {
    let statements = match split_pieces(file, ranges) {
        Ok(statements) => statements,
        Err(e) => {
            warnings.push(as_down_warning(e));
            return Vec::new();
        }
    };
    for statement in &statements {
        if let Err(e) = crate::parse::parse(statement) {
            warnings.push(as_down_warning(e));
        }
    }
    statements
}

fn as_down_warning(mut d: Diagnostic) -> Diagnostic {
    d.severity = Severity::Warning;
    d.message = format!(
        "{} (in a down migration, which schemagen never applies)",
        d.message
    );
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flyway_runs_a_migration_with_a_concurrent_index_outside_a_transaction() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let files = [
            (
                "V1__a.sql",
                "CREATE TABLE t (a int);\nCREATE INDEX i ON t (a);",
            ),
            (
                "V2__b.sql",
                "-- why\nDROP INDEX CONCURRENTLY IF EXISTS i;\nCREATE  UNIQUE INDEX\n CONCURRENTLY j ON t (a);",
            ),
            ("V3__c.sql", "VACUUM t;"),
            ("V4__d.sql", "ALTER TYPE e ADD VALUE 'x';"),
        ];
        for (name, sql) in files {
            std::fs::write(dir.path().join(name), sql).expect("written");
        }
        let loaded = load(dir.path(), &SourceOptions::default()).expect("the folder loads");
        let outside: Vec<bool> = loaded.migrations.iter().map(|m| m.no_transaction).collect();
        assert_eq!(outside, [false, true, true, false]);
    }

    #[test]
    fn a_runner_that_sends_the_file_as_one_query_runs_a_lone_statement_outside_a_transaction() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let files = [
            (
                "1_a.up.sql",
                "CREATE TABLE t (a int);\nCREATE INDEX i ON t (a);",
            ),
            ("2_b.up.sql", "CREATE INDEX CONCURRENTLY j ON t (a);"),
        ];
        for (name, sql) in files {
            std::fs::write(dir.path().join(name), sql).expect("written");
        }
        let loaded = load(dir.path(), &SourceOptions::default()).expect("the folder loads");
        assert_eq!(loaded.layout, Layout::GolangMigrate);
        let outside: Vec<bool> = loaded.migrations.iter().map(|m| m.no_transaction).collect();
        assert_eq!(outside, [false, true]);
    }
}
