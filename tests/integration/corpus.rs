//! Every real-world history of the corpus, replayed by PostgreSQL and by schemagen: where
//! PostgreSQL applies the whole history, `schemagen dump --json` equals the catalog, fact
//! for fact; where PostgreSQL stops, schemagen stops at the same statement. The histories
//! are those of `tests/corpus/manifest.tsv` (with the setup SQL it names) and any other
//! folder found beside them in the corpus; none is skipped.

use std::path::{Path, PathBuf};

use schemagen::Census;
use schemagen::source::{SetupSql, SourceOptions};
use schemagen_tests::differential::{
    PgFailure, apply_and_dump, apply_and_dump_with, line_diff, schemagen_load,
};
use schemagen_tests::pg::PgServer;

/// A history to replay: its name, folder and the setup SQL its deployment runs first.
struct History {
    name: String,
    dir: PathBuf,
    setup: Option<String>,
}

/// The manifest's histories (each must be present), then any other folder of the corpus.
fn histories() -> Vec<History> {
    let mut out: Vec<History> = schemagen_tests::corpus_manifest()
        .into_iter()
        .map(|entry| History {
            dir: schemagen_tests::corpus(&entry.name),
            name: entry.name,
            setup: entry.setup,
        })
        .collect();
    let mut others: Vec<History> = std::fs::read_dir(schemagen_tests::corpus_dir())
        .expect("the corpus folder reads")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.is_dir())
        .filter_map(|dir| {
            let name = dir.file_name()?.to_str()?.to_string();
            let known = out.iter().any(|h| h.name == name);
            (!known).then_some(History {
                name,
                dir,
                setup: None,
            })
        })
        .collect();
    others.sort_by(|a, b| a.name.cmp(&b.name));
    out.extend(others);
    out
}

/// The database name for a history: a simple identifier.
fn database(name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    format!("corpus_{clean}")
}

/// Replays one history both ways; `Err` says how they differ. Also counts what became
/// of each of its statements (the census).
fn check(server: &PgServer, history: &History) -> (Census, Result<(), String>) {
    let db = database(&history.name);
    let setup = history.setup.as_ref().map(|sql| sql.replace("{db}", &db));
    let options = SourceOptions {
        before_migrations: setup.as_deref().map(SetupSql::new).into_iter().collect(),
        ..SourceOptions::default()
    };
    let census = schemagen::census_of(&history.dir, &options).unwrap_or_default();
    (census, compare(server, history, &db, setup.as_deref()))
}

fn compare(
    server: &PgServer,
    history: &History,
    db: &str,
    setup: Option<&str>,
) -> Result<(), String> {
    let postgres = apply_and_dump_with(server, db, &history.dir, setup);
    let schemagen = schemagen_load(&history.dir, setup);
    match (postgres, schemagen) {
        (Ok(expected), Ok(loaded)) => {
            let expected = expected.to_json();
            let actual = schemagen::Dump::from(&loaded.schema).to_json();
            if expected == actual {
                Ok(())
            } else {
                Err(format!(
                    "schemagen and PostgreSQL disagree:\n{}",
                    line_diff(&expected, &actual)
                ))
            }
        }
        (Ok(_), Err(error)) => Err(format!(
            "schemagen refused what PostgreSQL applies:\n{error}"
        )),
        (Err(failure), Ok(_)) => Err(format!(
            "PostgreSQL stopped at {}:{} but schemagen did not:\n{}",
            failure.file.display(),
            failure.line,
            failure.message
        )),
        (Err(failure), Err(error)) => same_statement(&history.dir, &failure, &error),
    }
}

/// Whether schemagen's first error lies in the statement where PostgreSQL stopped: the
/// same file, and psql's line within that statement's lines.
fn same_statement(dir: &Path, failure: &PgFailure, error: &schemagen::Error) -> Result<(), String> {
    let differ = |why: &str| {
        Err(format!(
            "PostgreSQL stopped at {}:{} ({}), schemagen elsewhere ({why}):\n{error}",
            failure.file.display(),
            failure.line,
            failure.message.trim()
        ))
    };
    let Some(span) = error.errors().next().and_then(|d| d.span.clone()) else {
        return differ("its error has no place");
    };
    if Path::new(&span.file.path) != failure.file {
        return differ("another file");
    }
    let migrations = schemagen::source::load(dir, &Default::default())
        .map_err(|e| format!("the folder reads: {e}"))?;
    let statement = migrations
        .migrations
        .iter()
        .flat_map(|m| &m.statements)
        .find(|s| s.file.path == span.file.path && s.range.contains(&span.range.start));
    let Some(statement) = statement else {
        return differ("not inside a statement");
    };
    let (first, _) = statement.file.line_col(statement.range.start);
    let (last, _) = statement.file.line_col(statement.range.end);
    if (first..=last).contains(&failure.line) {
        Ok(())
    } else {
        differ(&format!("its statement spans lines {first} to {last}"))
    }
}

#[test]
fn every_corpus_history_replays_as_postgresql_applies_it() {
    let server = PgServer::start().expect("a throwaway PostgreSQL starts");
    let histories = histories();
    assert!(
        histories.len() >= 18,
        "the manifest lists eighteen histories"
    );
    // Two at a time (the machine's two cores): one server, a database each.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    let Some(history) = histories.get(i) else {
                        break;
                    };
                    let (census, result) = check(&server, history);
                    results.lock().unwrap().push((i, census, result));
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap();
    results.sort_by_key(|(i, _, _)| *i);
    print_census(&histories, &results);
    let failures: Vec<String> = results
        .iter()
        .filter_map(|(i, _, result)| {
            let why = result.as_ref().err()?;
            Some(format!("== {}: {why}", histories[*i].name))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} histories differ:\n\n{}",
        failures.len(),
        histories.len(),
        failures.join("\n\n")
    );
}

/// The census, printed for the README (`cargo test -p schemagen-tests --test integration
/// corpus::every -- --nocapture`): per history, how many statements were modelled,
/// passed over, skipped inside `DO` blocks or refused; then the sum, by class.
fn print_census(histories: &[History], results: &[(usize, Census, Result<(), String>)]) {
    let mut total = Census::default();
    println!(
        "{:<14}{:>8}{:>10}{:>13}{:>8}{:>9}{:>13}",
        "history", "total", "modelled", "passed over", "in DO", "refused", "not reached"
    );
    for (i, census, _) in results {
        println!(
            "{:<14}{:>8}{:>10}{:>13}{:>8}{:>9}{:>13}",
            histories[*i].name,
            census.total(),
            census.modelled,
            census.passed_over_total(),
            census.applied_in_do + census.skipped_in_do + census.not_taken_in_do,
            census.refused,
            census.not_reached
        );
        total += census;
    }
    println!("\nevery history:\n{total}");
}

/// kestra guards its DDL inside `DO` blocks with catalog queries
/// (`information_schema.table_constraints`) and exception handlers: every guard is
/// decided against the model, so nothing is guessed and nothing is warned about.
#[test]
fn kestra_replays_its_guarded_do_blocks_without_a_guess() {
    let loaded = schemagen::load_schema(&schemagen_tests::corpus("kestra")).expect("kestra loads");
    let warnings: Vec<String> = loaded.warnings.iter().map(|w| w.render()).collect();
    assert!(warnings.is_empty(), "{}", warnings.join("\n"));
}

/// Without the setup its deployment runs (tests/corpus/setup/measure.sql), measure's
/// bare table names resolve nowhere: schemagen stops, as PostgreSQL would.
#[test]
fn measure_stops_without_its_setup() {
    let error =
        schemagen::load_schema(&schemagen_tests::corpus("measure")).expect_err("schemagen stops");
    let first = error.errors().next().expect("an error");
    assert!(
        first.message.contains("`measure` does not exist"),
        "{error}"
    );
}

/// The escape hatch on a real history: docs_rs's `CREATE SEQUENCE ... AS integer ... NO
/// MINVALUE` (as `pg_dump` writes it) is beyond sqlparser 0.63; passing over the nine
/// statements by place, without touching the files, leaves a schema PostgreSQL agrees
/// with (sequences are not part of it).
#[test]
fn docs_rs_matches_postgresql_with_its_sequences_passed_over() {
    let dir = schemagen_tests::corpus("docs_rs");
    let mut places: Vec<String> = [53, 78, 122, 173, 202, 228, 275, 304]
        .iter()
        .map(|line| format!("20231021111635_initial.up.sql:{line}"))
        .collect();
    places.push("20260508232425_build-logs.up.sql:10".to_string());
    let options = schemagen::source::SourceOptions {
        pass_over: places,
        ..Default::default()
    };
    let loaded = schemagen::load_schema_with(&dir, &options).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded.passed_over_as_asked(), 9);
    let server = PgServer::start().expect("a throwaway PostgreSQL starts");
    let expected = apply_and_dump(&server, "docs_rs", &dir)
        .unwrap_or_else(|f| panic!("PostgreSQL refused: {}", f.message))
        .to_json();
    let actual = schemagen::Dump::from(&loaded.schema).to_json();
    assert!(
        actual == expected,
        "schemagen and PostgreSQL disagree on docs_rs"
    );
}
