//! The classification table (`parse/classify.rs`) against PostgreSQL's own list of SQL
//! commands, as psql's `\h` prints it from a real server: every command has a row.

use schemagen::parse::classify::{Head, row_of};
use schemagen_tests::pg::PgServer;

/// The command names `\h` lists (`ABORT`, `ALTER AGGREGATE`, ..., `VALUES`).
fn commands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| !l.starts_with("Available help"))
        .skip(1)
        .flat_map(|line| line.split("  "))
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn every_postgresql_command_has_a_row() {
    let server = PgServer::start().expect("a throwaway PostgreSQL starts");
    let help = server
        .psql("postgres", "\\h")
        .expect("psql prints its help");
    let commands = commands(&help);
    assert!(commands.len() > 150, "{commands:?}\n{help}");
    assert!(
        commands.iter().any(|c| c == "CREATE STATISTICS"),
        "{commands:?}"
    );
    let missing: Vec<&String> = commands
        .iter()
        .filter(|c| row_of(&Head::of(c)).is_none())
        .collect();
    assert!(missing.is_empty(), "commands without a row: {missing:?}");
}
