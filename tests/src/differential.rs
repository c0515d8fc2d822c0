//! PostgreSQL as the judge: apply a migrations folder to a throwaway server, read the
//! catalog back, and compare it with what schemagen says the folder leaves behind.

use std::path::{Path, PathBuf};

use crate::catalog::read_dump;
use crate::pg::PgServer;

/// The up migrations of a sqlx-layout folder in the order sqlx applies them (numeric
/// version), worked out here independently of schemagen's own ordering.
pub fn up_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<(u64, PathBuf)> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let name = path.file_name()?.to_str()?.to_string();
            if !name.ends_with(".sql") || name.ends_with(".down.sql") {
                return None;
            }
            let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
            Some((digits.parse().ok()?, path))
        })
        .collect();
    files.sort();
    files.into_iter().map(|(_, path)| path).collect()
}

/// Where PostgreSQL stopped: the file and the line psql names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PgFailure {
    pub file: PathBuf,
    pub line: usize,
    pub message: String,
}

/// Applies every up migration of `dir`, each file as psql runs it, into a new database.
/// Returns the catalog's dump, or where PostgreSQL stopped.
pub fn apply_and_dump(
    server: &PgServer,
    db: &str,
    dir: &Path,
) -> Result<schemagen::Dump, PgFailure> {
    server.create_database(db).expect("database created");
    for file in up_files(dir) {
        if let Err(stderr) = server.apply_file(db, &file) {
            // psql reports `psql:<file>:<line>: ERROR:  ...`.
            let marker = format!("{}:", file.display());
            let line = stderr
                .lines()
                .find_map(|l| {
                    let rest = &l[l.find(&marker)? + marker.len()..];
                    rest.split(':').next()?.parse().ok()
                })
                .unwrap_or(0);
            return Err(PgFailure {
                file,
                line,
                message: stderr,
            });
        }
    }
    Ok(read_dump(server, db).expect("the catalog reads back"))
}

/// Asserts that schemagen's dump of `dir` equals PostgreSQL's catalog after applying it.
pub fn assert_same_as_postgres(server: &PgServer, db: &str, dir: &Path) {
    let expected = match apply_and_dump(server, db, dir) {
        Ok(dump) => dump.to_json(),
        Err(failure) => panic!(
            "PostgreSQL refused {}:{}:\n{}",
            failure.file.display(),
            failure.line,
            failure.message
        ),
    };
    let actual = match schemagen::dump_json(dir) {
        Ok(json) => json,
        Err(e) => panic!(
            "schemagen refused {} where PostgreSQL did not:\n{e}",
            dir.display()
        ),
    };
    if actual != expected {
        panic!(
            "schemagen and PostgreSQL disagree on {}\n{}",
            dir.display(),
            line_diff(&expected, &actual)
        );
    }
}

/// A unified diff, PostgreSQL's catalog (`-`) against schemagen (`+`).
fn line_diff(expected: &str, actual: &str) -> String {
    similar::TextDiff::from_lines(expected, actual)
        .unified_diff()
        .context_radius(6)
        .header("postgresql", "schemagen")
        .to_string()
}
