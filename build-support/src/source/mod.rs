//! Stage 1: find the migration files, order them, and split each into statements.

pub mod layout;
pub mod plpgsql;
pub mod split;

use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Error, SourceFile, Span};
use layout::{Direction, NameError};

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

/// One forward migration, in the order it is applied.
#[derive(Debug, Clone)]
pub struct Migration {
    pub version: u64,
    pub description: String,
    pub file: Arc<SourceFile>,
    pub statements: Vec<Statement>,
}

/// Everything read from a migrations folder.
#[derive(Debug, Clone, Default)]
pub struct Migrations {
    /// Forward migrations in version order.
    pub migrations: Vec<Migration>,
    /// Every migration file read (for `cargo::rerun-if-changed`), in version order.
    pub files_read: Vec<PathBuf>,
    pub warnings: Vec<Diagnostic>,
}

/// Reads a sqlx-layout migrations folder: `<version>_<desc>.sql` and
/// `<version>_<desc>.up.sql` / `.down.sql`, ordered by numeric version. Down files are
/// never applied.
pub fn load(dir: &Path) -> Result<Migrations, Error> {
    let entries = fs::read_dir(dir).map_err(|e| {
        Diagnostic::error(format!(
            "cannot read the migrations folder `{}`: {e}",
            dir.display()
        ))
        .with_hint("point `Builder::migrations` (or the CLI argument) at the folder that holds the `.sql` migration files")
    })?;
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry
            .map_err(|e| Diagnostic::error(format!("cannot list `{}`: {e}", dir.display())))?;
        let is_file = entry.file_type().map(|t| t.is_file()).unwrap_or(false);
        if let (true, Some(name)) = (is_file, entry.file_name().to_str()) {
            names.push(name.to_string());
        }
    }
    // Directory order differs between machines; sort first so everything after is stable.
    names.sort();

    let mut out = Migrations::default();
    let mut errors = Vec::new();
    let mut found: Vec<(layout::MigrationName, String, PathBuf)> = Vec::new();
    for name in names {
        let path = dir.join(&name);
        match layout::sqlx(&name) {
            None => {}
            Some(Err(reason)) => {
                let why = match reason {
                    NameError::NoVersion => "its name does not start with `<version>_`",
                    NameError::VersionTooLarge => "its version does not fit in 64 bits",
                };
                out.warnings.push(
                    Diagnostic::warning(format!(
                        "`{}` is not a migration and was passed over: {why}",
                        path.display()
                    ))
                    .with_hint("name migrations `<version>_<description>.sql` (or `.up.sql` / `.down.sql`), as sqlx does"),
                );
            }
            Some(Ok(m)) if m.direction == Direction::Down => {}
            Some(Ok(m)) => {
                if let Some((_, other, _)) = found.iter().find(|(f, _, _)| f.version == m.version) {
                    errors.push(
                        Diagnostic::error(format!(
                            "two migrations have version {}: `{other}` and `{name}`",
                            m.version
                        ))
                        .with_hint("give each migration its own version number"),
                    );
                    continue;
                }
                found.push((m, name, path));
            }
        }
    }
    found.sort_by_key(|(m, _, _)| m.version);
    for (name, _, path) in found {
        let display = path.to_string_lossy().into_owned();
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) => {
                errors.push(Diagnostic::error(format!("cannot read `{display}`: {e}")));
                continue;
            }
        };
        out.files_read.push(path);
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                errors.push(
                    Diagnostic::error(format!(
                        "`{display}` is not UTF-8 (invalid byte at offset {at})"
                    ))
                    .with_hint("save the migration as UTF-8, as PostgreSQL clients send it"),
                );
                continue;
            }
        };
        let file = Arc::new(SourceFile {
            path: display,
            text,
        });
        match split::split(&file.text) {
            Ok(raw) => out.migrations.push(Migration {
                version: name.version,
                description: name.description,
                statements: raw
                    .into_iter()
                    .map(|r| Statement {
                        file: file.clone(),
                        range: r.range,
                    })
                    .collect(),
                file,
            }),
            Err(e) => errors.push(
                Diagnostic::error(format!("unterminated {}", e.what))
                    .with_span(Span {
                        file: file.clone(),
                        range: e.opening,
                        statement: None,
                    })
                    .with_label(format!("this {} is never closed", e.what))
                    .with_hint(format!("close it with `{}`", e.closing)),
            ),
        }
    }
    if out.migrations.is_empty() && errors.is_empty() {
        errors.push(
            Diagnostic::error(format!(
                "no migrations found in `{}`",
                dir.display()
            ))
            .with_hint("migration files are named `<version>_<description>.sql`, e.g. `20250101000000_create_users.sql`"),
        );
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        errors.extend(out.warnings);
        Err(Error::new(errors))
    }
}
