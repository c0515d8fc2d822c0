//! PostgreSQL as the judge: apply a migrations folder to a throwaway server, read the
//! catalog back, and compare it with what schemagen says the folder leaves behind.

use std::path::{Path, PathBuf};

use schemagen::source::{Layout, SetupSql, SourceOptions};

use crate::catalog::read_dump;
use crate::pg::PgServer;

/// One migration's up part as PostgreSQL gets it: its file, and the file's text with
/// everything outside the up part blanked, so psql's line numbers are the file's.
pub struct UpScript {
    pub file: PathBuf,
    pub text: String,
    /// The runner wraps it in a transaction (not `-- +goose NO TRANSACTION` and the like).
    pub transactional: bool,
}

/// The folder's layout and its up parts in the order the runner applies them. The
/// order and the up/down cut come from schemagen's reader (its layout tests check them);
/// what each part does is left to PostgreSQL.
pub fn up_scripts(dir: &Path) -> (Layout, Vec<UpScript>) {
    let migrations = match schemagen::source::load(dir, &SourceOptions::default()) {
        Ok(migrations) => migrations,
        // A folder schemagen cannot read (an error fixture): every `.sql` file, whole,
        // in version order, as sqlx would take them.
        Err(_) => return (Layout::Sqlx, whole_files(dir)),
    };
    let scripts = migrations
        .migrations
        .iter()
        .map(|m| {
            let text = &m.file.text;
            let up = match (m.statements.first(), m.statements.last()) {
                (Some(first), Some(last)) => first.range.start..last.range.end,
                _ => 0..0,
            };
            let blanked: String = text
                .char_indices()
                .map(|(i, c)| if c == '\n' || up.contains(&i) { c } else { ' ' })
                .collect();
            UpScript {
                transactional: !m.no_transaction,
                file: PathBuf::from(&m.file.path),
                // A statement ends at its `;`, which the reader leaves out of its range.
                text: format!("{blanked};\n"),
            }
        })
        .collect();
    (migrations.layout, scripts)
}

fn whole_files(dir: &Path) -> Vec<UpScript> {
    let mut files: Vec<(u64, PathBuf)> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let name = path.file_name()?.to_str()?.to_string();
            let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
            (name.ends_with(".sql") && !name.ends_with(".down.sql"))
                .then(|| Some((digits.parse().ok()?, path)))
                .flatten()
        })
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|(_, file)| UpScript {
            text: std::fs::read_to_string(&file).unwrap_or_default(),
            file,
            transactional: true,
        })
        .collect()
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
    apply_and_dump_with(server, db, dir, None)
}

/// [`apply_and_dump`], with `setup` SQL run first in a session of its own, as a
/// deployment runs it before the migration runner (`Builder::before_migrations`).
pub fn apply_and_dump_with(
    server: &PgServer,
    db: &str,
    dir: &Path,
    setup: Option<&str>,
) -> Result<schemagen::Dump, PgFailure> {
    server.create_database(db).expect("database created");
    let (layout, scripts) = up_scripts(dir);
    // The runner's bookkeeping table exists before the first migration (harbor alters
    // golang-migrate's); it is the runner's, not the migrations', so it is not compared.
    let bookkeeping = layout.bookkeeping_table();
    if let Some(sql) = bookkeeping {
        server
            .psql(db, sql)
            .expect("the bookkeeping table is created");
    }
    if let Some(sql) = setup {
        server
            .psql(db, sql)
            .unwrap_or_else(|e| panic!("PostgreSQL refused the setup SQL:\n{e}"));
    }
    let scratch = tempfile::tempdir().expect("a scratch folder");
    for (n, script) in scripts.iter().enumerate() {
        let path = scratch.path().join(format!("{n:05}.sql"));
        std::fs::write(&path, &script.text).expect("the up part is written");
        if let Err(stderr) = server.apply_file_with(db, &path, script.transactional) {
            // psql reports `psql:<file>:<line>: ERROR:  ...`; NOTICE and WARNING lines
            // of earlier statements carry the same prefix, so only the ERROR counts.
            let marker = format!("{}:", path.display());
            let line = stderr
                .lines()
                .filter(|l| l.contains("ERROR:"))
                .find_map(|l| {
                    let rest = &l[l.find(&marker)? + marker.len()..];
                    rest.split(':').next()?.parse().ok()
                })
                .unwrap_or(0);
            return Err(PgFailure {
                file: script.file.clone(),
                line,
                message: stderr.replace(
                    &path.display().to_string(),
                    &script.file.display().to_string(),
                ),
            });
        }
    }
    let mut dump = read_dump(server, db).expect("the catalog reads back");
    if let Some(name) = bookkeeping.and_then(|sql| sql.split_whitespace().nth(2)) {
        dump.tables
            .retain(|t| !(t.schema == "public" && t.name == name));
    }
    Ok(dump)
}

/// Asserts that schemagen's dump of `dir` equals PostgreSQL's catalog after applying it.
pub fn assert_same_as_postgres(server: &PgServer, db: &str, dir: &Path) {
    assert_same_as_postgres_with(server, db, dir, None)
}

/// [`assert_same_as_postgres`], with `setup` SQL applied first: to PostgreSQL before
/// the migrations, and to schemagen as `Builder::before_migrations`.
pub fn assert_same_as_postgres_with(server: &PgServer, db: &str, dir: &Path, setup: Option<&str>) {
    let expected = match apply_and_dump_with(server, db, dir, setup) {
        Ok(dump) => dump.to_json(),
        Err(failure) => panic!(
            "PostgreSQL refused {}:{}:\n{}",
            failure.file.display(),
            failure.line,
            failure.message
        ),
    };
    let actual = match schemagen_load(dir, setup) {
        Ok(loaded) => schemagen::Dump::from(&loaded.schema).to_json(),
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

/// What schemagen says `dir` leaves behind, with `setup` replayed first as
/// `Builder::before_migrations` replays it.
pub fn schemagen_load(
    dir: &Path,
    setup: Option<&str>,
) -> Result<schemagen::Loaded, schemagen::Error> {
    let options = SourceOptions {
        before_migrations: setup.map(SetupSql::new).into_iter().collect(),
        ..SourceOptions::default()
    };
    schemagen::load_schema_with(dir, &options)
}

/// A unified diff, PostgreSQL's catalog (`-`) against schemagen (`+`).
pub fn line_diff(expected: &str, actual: &str) -> String {
    similar::TextDiff::from_lines(expected, actual)
        .unified_diff()
        .context_radius(6)
        .header("postgresql", "schemagen")
        .to_string()
}
