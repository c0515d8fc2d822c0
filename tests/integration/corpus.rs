//! The real-world migration histories in `shared/corpus/`, read from there (never
//! copied), each checked against PostgreSQL.

use schemagen_tests::differential::assert_same_as_postgres;
use schemagen_tests::pg::PgServer;

#[test]
fn atuin_matches_postgresql() {
    let server = PgServer::start().expect("a throwaway PostgreSQL starts");
    let dir = schemagen_tests::shared_dir().join("corpus/atuin");
    assert_same_as_postgres(&server, "atuin", &dir);
}
