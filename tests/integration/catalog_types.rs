//! The type catalog against PostgreSQL: the checked-in table
//! (`build-support/src/model/catalog_types.rs`, written by `scripts/catalog_types.py`)
//! must say what a real server's `pg_type` says, and every type in it must resolve in
//! the model as the server resolves it (`tests/fixtures/catalog/<set>`, each applied to a
//! server and compared with `schemagen dump`).

use schemagen_tests::differential::assert_same_as_postgres;
use schemagen_tests::pg::PgServer;

/// The SQL the generator runs; the test runs the same text.
const CATALOG_SQL: &str = include_str!("../../scripts/catalog_types.sql");

fn server() -> PgServer {
    PgServer::start().unwrap_or_else(|e| panic!("a throwaway PostgreSQL starts: {e}"))
}

#[test]
fn generated_type_table_matches_pg_type() {
    let server = server();
    server.create_database("catalog").expect("database created");
    let (extensions, expected) = schemagen::model::pg_types::generated_catalog_lines();
    let create: String = extensions
        .iter()
        .map(|e| format!("CREATE EXTENSION IF NOT EXISTS \"{e}\" CASCADE;\n"))
        .collect();
    server
        .psql(
            "catalog",
            &format!("SET client_min_messages = warning;\n{create}"),
        )
        .unwrap_or_else(|e| panic!("the table's extensions are created: {e}"));
    let actual = server
        .psql("catalog", CATALOG_SQL)
        .expect("scripts/catalog_types.sql runs");
    let expected = expected.join("\n") + "\n";
    if actual != expected {
        panic!(
            "build-support/src/model/catalog_types.rs is not what this server's pg_type \
             says; regenerate it with `python3 scripts/catalog_types.py`\n{}",
            similar::TextDiff::from_lines(&expected, &actual)
                .unified_diff()
                .context_radius(2)
                .header("catalog_types.rs", "pg_type")
        );
    }
}

#[test]
fn catalog_fixtures_match_postgresql() {
    let server = server();
    for dir in schemagen_tests::fixture_sets("catalog") {
        let name = dir.file_name().expect("a set folder").to_string_lossy();
        assert_same_as_postgres(&server, &format!("catalog_{name}"), &dir);
    }
}
