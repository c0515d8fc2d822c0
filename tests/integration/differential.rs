//! PostgreSQL is the judge of the model: each folder is applied to a throwaway server,
//! its catalog read back into the canonical dump, and compared with `schemagen dump`.

use std::path::Path;

use schemagen_tests::differential::{apply_and_dump, assert_same_as_postgres};
use schemagen_tests::pg::PgServer;

fn server() -> PgServer {
    PgServer::start().unwrap_or_else(|e| panic!("a throwaway PostgreSQL starts: {e}"))
}

#[test]
fn migrations_folder_matches_postgresql() {
    assert_same_as_postgres(&server(), "migrations", Path::new("../migrations"));
}

#[test]
fn model_fixtures_match_postgresql() {
    let server = server();
    for dir in schemagen_tests::fixture_sets("model") {
        let name = dir.file_name().expect("a set folder").to_string_lossy();
        assert_same_as_postgres(&server, &format!("model_{name}"), &dir);
    }
}

/// Where PostgreSQL stops with an error, schemagen stops at the same statement.
#[test]
fn error_fixtures_stop_where_postgresql_stops() {
    let server = server();
    for fixture in [
        "syntax",
        "alter_missing_table",
        "unterminated",
        "duplicate_column",
        "drop_referenced_table",
        "fk_missing_column",
        "fk_no_unique_key",
        "unknown_type",
        "two_syntax_errors",
        "drop_column_used_by_view",
        "bad_input/extension_not_created",
        "bad_input/pseudo_type_column",
        "bad_input/type_modifier_not_allowed",
        "bad_input/drop_extension_in_use",
        "bad_input/required_extension_missing",
        "select_into_existing_table",
        "bad_input/ctas_too_many_names",
        "bad_input/drop_constraint_index",
        "bad_input/alter_index_missing",
        "bad_input/drop_index_foreign_key",
        "bad_input/drop_sequence_in_use",
        "bad_input/drop_identity_sequence",
        "bad_input/move_owned_sequence",
        "bad_input/attribute_missing",
        "bad_input/drop_column_generated_from",
        "bad_input/drop_partition_index",
        "bad_input/relation_name_taken",
        "bad_input/schema_rename_taken",
        "bad_input/drop_schema_with_view",
        "bad_input/drop_expression_not_generated",
        "bad_input/drop_expression_only_parent",
        "bad_input/inherit_missing_column",
        "bad_input/no_inherit_not_parent",
    ] {
        let dir = Path::new("fixtures/errors").join(fixture);
        let failure = apply_and_dump(&server, &fixture.replace('/', "_"), &dir)
            .expect_err("PostgreSQL refuses the fixture");
        let error = schemagen::load_schema(&dir).expect_err("schemagen refuses the fixture");
        let first = error.errors().next().expect("an error");
        let span = first.span.as_ref().expect("the error has a place");
        let statement = span.statement.clone().unwrap_or(span.range.clone());
        let (first_line, _) = span.file.line_col(statement.start);
        let (last_line, _) = span.file.line_col(statement.end);
        assert_eq!(
            Path::new(&span.file.path),
            failure.file,
            "{fixture}: schemagen stopped in another file:\n{error}\nPostgreSQL: {}",
            failure.message
        );
        // psql names the line the failing statement ends on, or where its bad token is.
        assert!(
            (first_line..=last_line.max(first_line)).contains(&failure.line)
                || failure.line >= first_line,
            "{fixture}: PostgreSQL stopped at line {}, schemagen at lines {first_line}-{last_line}:\n{error}\n{}",
            failure.line,
            failure.message
        );
    }
}

/// The seed systems the project started from, each in its own layout; seed 003 is
/// `migrations/`. Seed 002 needs the `vector` extension: pgvector, or where that
/// cannot be installed, the stand-in in `tests/pgvector-standin` (`.ci/run` installs it).
#[test]
fn seed_fixtures_match_postgresql() {
    let server = server();
    for seed in ["000_identity", "001_multipass", "002_rekko", "004_goconfig"] {
        assert_same_as_postgres(
            &server,
            &format!("seed{}", &seed[..3]),
            &Path::new("fixtures/seeds").join(seed),
        );
    }
}

/// `ALTER DATABASE ... SET search_path` reaches new sessions only: in PostgreSQL (each
/// file run by its own `psql`) and in schemagen alike, from the next migration file on,
/// whether it comes from setup SQL or from a migration; `RESET` undoes it the same way.
#[test]
fn alter_database_search_path_holds_from_the_next_file_as_in_postgresql() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (name, sql) in [
        (
            "0001_a.sql",
            "CREATE SCHEMA app;\nALTER DATABASE search_path_db SET search_path TO app, \"$user\", public;\nCREATE TABLE here (a int);",
        ),
        (
            "0002_b.sql",
            "CREATE TABLE there (a int);\nCREATE TYPE mood AS ENUM ('ok');",
        ),
        (
            "0003_c.sql",
            "ALTER DATABASE search_path_db RESET search_path;\nCREATE TABLE still_app (m mood);",
        ),
        ("0004_d.sql", "CREATE TABLE back (m app.mood);"),
    ] {
        std::fs::write(dir.path().join(name), sql).unwrap();
    }
    let server = server();
    assert_same_as_postgres(&server, "search_path_db", dir.path());
    // The same setting given as setup SQL holds for the first migration already.
    let setup = "CREATE SCHEMA app;\nALTER DATABASE setup_db SET search_path TO app, public;";
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(dir.path().join("0001_a.sql"), "CREATE TABLE first (a int);").unwrap();
    schemagen_tests::differential::assert_same_as_postgres_with(
        &server,
        "setup_db",
        dir.path(),
        Some(setup),
    );
}
