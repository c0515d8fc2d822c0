//! The escape hatch that never edits a migration: `Builder::pass_over("<path>:<line>")`
//! (`--pass-over`) names one statement the replay passes over. Runners such as sqlx
//! checksum applied files, so even a comment added to a migration would break a
//! deployed database; naming the statement from outside leaves the file as it is.
//!
//! `<path>` is the file's path inside the migrations folder (`0003_x.sql`,
//! `20240101_x/up.sql`, with `/`), or the path diagnostics show (the folder joined
//! before it); `<line>` is any line of the statement, from the one it starts on to the
//! one it ends on. A place that names no statement is an error, so a stale escape
//! hatch (the statement moved, the file was renamed) cannot silently pass over
//! something else, or nothing.

use std::collections::BTreeSet;

use super::Migration;
use crate::diagnostic::Diagnostic;

/// Marks the statements `places` name in `migrations` (each migration's `pass_over`),
/// or says why a place names none.
pub fn mark(migrations: &mut [Migration], places: &[String]) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for place in places {
        if let Err(e) = mark_one(migrations, place) {
            errors.push(e);
        }
    }
    errors
}

fn mark_one(migrations: &mut [Migration], place: &str) -> Result<(), Diagnostic> {
    let call = format!("Builder::pass_over(\"{place}\")");
    let (path, line) = place
        .rsplit_once(':')
        .and_then(|(path, line)| Some((path, line.trim().parse::<usize>().ok()?)))
        .filter(|(path, line)| !path.is_empty() && *line > 0)
        .ok_or_else(|| {
            Diagnostic::error(format!("`{call}` names no place: write `<path>:<line>`")).with_hint(
                "name the file by its path inside the migrations folder and a line of the \
                 statement, as in `Builder::pass_over(\"0003_add_index.sql:12\")`",
            )
        })?;
    let wanted = path.replace('\\', "/");
    let matches: Vec<usize> = migrations
        .iter()
        .enumerate()
        .filter(|(_, m)| {
            let shown = m.file.path.replace('\\', "/");
            shown == wanted || shown.ends_with(&format!("/{wanted}"))
        })
        .map(|(i, _)| i)
        .collect();
    let at = match matches.as_slice() {
        [at] => *at,
        [] => {
            return Err(Diagnostic::error(format!(
                "`{call}` names no migration: no up migration is at `{path}`"
            ))
            .with_hint(
                "write the path inside the migrations folder (`0003_x.sql`, \
                 `20240101_x/up.sql`), or remove the pass-over if the migration is gone",
            ));
        }
        several => {
            let names: Vec<String> = several
                .iter()
                .map(|&i| format!("`{}`", migrations[i].file.path))
                .collect();
            return Err(Diagnostic::error(format!(
                "`{call}` names several migrations: {}",
                names.join(", ")
            ))
            .with_hint("write the whole path inside the migrations folder"));
        }
    };
    let migration = &mut migrations[at];
    let lines = |s: &super::Statement| {
        let (first, _) = s.file.line_col(s.range.start);
        let (last, _) = s
            .file
            .line_col(s.range.end.saturating_sub(1).max(s.range.start));
        first..=last
    };
    if let Some(index) = migration
        .statements
        .iter()
        .position(|s| lines(s).contains(&line))
    {
        migration.pass_over.insert(index);
        return Ok(());
    }
    // Stale: say where the nearest statement starts, with the call that names it.
    let nearest = migration.statements.iter().min_by_key(|s| {
        lines(s)
            .start()
            .abs_diff(line)
            .min(lines(s).end().abs_diff(line))
    });
    let mut error = Diagnostic::error(format!(
        "`{call}` names no statement: line {line} of `{}` is outside every statement",
        migration.file.path
    ));
    match nearest {
        Some(statement) => {
            let start = *lines(statement).start();
            error = error
                .with_span(statement.span(0..statement.range.len().min(1)))
                .with_label("the nearest statement starts here")
                .with_hint(format!(
                    "if this is the statement to pass over, write \
                     `Builder::pass_over(\"{path}:{start}\")`; if the statement is gone, \
                     remove the pass-over"
                ));
        }
        None => {
            error = error.with_hint("the migration holds no statements: remove the pass-over");
        }
    }
    Err(error)
}

/// Statement indexes a migration's up part passes over.
pub type Marked = BTreeSet<usize>;
