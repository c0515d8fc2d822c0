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

/// The exact call that passes over `statement`, for an error's hint:
/// `Builder::pass_over("<path>:<line>")`, the path as diagnostics show it (which
/// [`mark`] accepts as well as the path inside the folder) and the line it starts on.
pub fn call(statement: &super::Statement) -> String {
    let (line, _) = statement.file.line_col(statement.range.start);
    format!(
        "Builder::pass_over(\"{}:{line}\")",
        statement.file.path.replace('\\', "/")
    )
}

/// Statement indexes a migration's up part passes over.
pub type Marked = BTreeSet<usize>;

#[cfg(test)]
mod tests {
    use crate::source::SourceOptions;

    fn options(places: &[&str]) -> SourceOptions {
        SourceOptions {
            pass_over: places.iter().map(|p| p.to_string()).collect(),
            ..SourceOptions::default()
        }
    }

    /// A statement that may change the schema (so the classification does not pass it
    /// over) and that sqlparser does not read.
    const UNREADABLE: &str =
        "CREATE RULE \"_RETURN\" AS ON SELECT TO t\n  DO INSTEAD SELECT 1 AS a";

    fn history() -> Vec<(&'static str, String)> {
        vec![
            ("0001_a.sql", "CREATE TABLE t (a int);".to_string()),
            (
                "0002_b.sql",
                format!("-- owner\n{UNREADABLE};\n\n\nALTER TABLE t ADD b int;\n"),
            ),
        ]
    }

    fn load(places: &[&str]) -> Result<crate::Loaded, String> {
        let files = history();
        let files: Vec<(&str, &str)> = files.iter().map(|(n, s)| (*n, s.as_str())).collect();
        crate::load_inline_with(&files, &options(places)).map_err(|e| e.to_string())
    }

    #[test]
    fn the_named_statement_is_passed_over_and_counted() {
        let err = load(&[]).unwrap_err();
        assert!(err.contains("0002_b.sql:2:"), "{err}");
        // Its first line, or any line inside it.
        for place in ["0002_b.sql:2", "0002_b.sql:3"] {
            let loaded = load(&[place]).unwrap_or_else(|e| panic!("{place}: {e}"));
            assert_eq!(loaded.passed_over_as_asked(), 1);
            let t = loaded.schema.tables.values().find(|t| t.name.name == "t");
            let t = t.expect("the table");
            assert!(t.column("b").is_some(), "the statements after it apply");
        }
    }

    #[test]
    fn a_place_that_names_no_statement_is_an_error_naming_the_nearest() {
        // Line 1 is a comment, lines 4 and 5 blank.
        for (place, nearest) in [("0002_b.sql:1", 2), ("0002_b.sql:5", 6)] {
            let err = load(&[place]).unwrap_err();
            assert!(
                err.contains(&format!(
                    "`Builder::pass_over(\"{place}\")` names no statement"
                )),
                "{err}"
            );
            assert!(
                err.contains(&format!("Builder::pass_over(\"0002_b.sql:{nearest}\")")),
                "{place}: {err}"
            );
            assert!(err.contains(&format!("0002_b.sql:{nearest}:1")), "{err}");
        }
        let err = load(&["0003_gone.sql:2"]).unwrap_err();
        assert!(
            err.contains("no up migration is at `0003_gone.sql`"),
            "{err}"
        );
        for bad in ["0002_b.sql", "0002_b.sql:0", ":3", "0002_b.sql:x"] {
            let err = load(&[bad]).unwrap_err();
            assert!(err.contains("names no place"), "{bad}: {err}");
        }
    }

    #[test]
    fn the_call_an_error_suggests_passes_over_that_statement() {
        let dir = tempfile::tempdir().unwrap();
        for (name, sql) in history() {
            std::fs::write(dir.path().join(name), sql).unwrap();
        }
        let migrations = crate::source::load(dir.path(), &SourceOptions::default()).unwrap();
        let statement = &migrations.migrations[1].statements[0];
        let call = super::call(statement);
        assert!(call.ends_with("0002_b.sql:2\")"), "{call}");
        let place = call
            .strip_prefix("Builder::pass_over(\"")
            .and_then(|c| c.strip_suffix("\")"))
            .unwrap();
        let loaded = crate::load_schema_with(dir.path(), &options(&[place]))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(loaded.passed_over_as_asked(), 1);
    }

    #[test]
    fn a_path_shared_by_several_migrations_must_be_written_whole() {
        let options = options(&["up.sql:1"]);
        let files = [
            ("2020_a/up.sql", "CREATE TABLE t (a int);"),
            ("2021_b/up.sql", UNREADABLE),
        ];
        let err = crate::load_inline_with(&files, &options)
            .unwrap_err()
            .to_string();
        assert!(err.contains("names several migrations"), "{err}");
        let options = super::super::SourceOptions {
            pass_over: vec!["2021_b/up.sql:2".to_string()],
            ..SourceOptions::default()
        };
        let loaded = crate::load_inline_with(&files, &options).unwrap();
        assert_eq!(loaded.passed_over_as_asked(), 1);
    }
}
