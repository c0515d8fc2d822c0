//! The real-world migration histories in `shared/corpus/`, read from there (never
//! copied), each checked against PostgreSQL with its layout detected.

use std::path::PathBuf;

use schemagen_tests::differential::{
    apply_and_dump, assert_same_as_postgres, assert_same_as_postgres_with,
};
use schemagen_tests::pg::PgServer;

fn corpus(name: &str) -> PathBuf {
    schemagen_tests::corpus(name)
}

#[test]
fn atuin_vaultwarden_and_harbor_match_postgresql() {
    let server = PgServer::start().expect("a throwaway PostgreSQL starts");
    for name in ["atuin", "vaultwarden", "harbor"] {
        assert_same_as_postgres(&server, name, &corpus(name));
    }
}

/// hatchet's history needs a Go migration the corpus leaves out: PostgreSQL stops at
/// `v1_0_100.sql` line 4, and schemagen must stop at the same statement, saying why.
#[test]
fn hatchet_stops_where_postgresql_stops() {
    let server = PgServer::start().expect("a throwaway PostgreSQL starts");
    let dir = corpus("hatchet");
    let failure = apply_and_dump(&server, "hatchet", &dir).expect_err("PostgreSQL stops");
    assert!(
        failure.file.ends_with("20260424205453_v1_0_100.sql"),
        "{failure:?}"
    );
    assert_eq!(failure.line, 4, "{}", failure.message);
    assert!(
        failure
            .message
            .contains(r#"relation "v1_dags_olap_new" does not exist"#)
    );
    let error = schemagen::load_schema(&dir).expect_err("schemagen stops");
    let first = error.errors().next().expect("an error");
    assert_eq!(
        first.message, "table `v1_dags_olap_new` does not exist",
        "{error}"
    );
    let location = first.location().expect("a location");
    assert!(
        location.ends_with("20260424205453_v1_0_100.sql:4:12"),
        "{location}"
    );
}

/// kestra guards its DDL inside `DO` blocks with catalog queries
/// (`information_schema.table_constraints`) and exception handlers: replayed the way
/// PostgreSQL ran them, the history loads and matches the catalog.
#[test]
fn kestra_matches_postgresql() {
    let server = PgServer::start().expect("a throwaway PostgreSQL starts");
    assert_same_as_postgres(&server, "kestra", &corpus("kestra"));
    let loaded = schemagen::load_schema(&corpus("kestra")).expect("kestra loads");
    let warnings: Vec<String> = loaded.warnings.iter().map(|w| w.render()).collect();
    assert!(warnings.is_empty(), "{}", warnings.join("\n"));
}

#[test]
fn measure_matches_postgresql_after_its_setup() {
    // What measure's deployment runs before dbmate (tests/corpus/setup/measure.sql):
    // without it, bare table names in half its migrations resolve nowhere.
    let setup = schemagen_tests::corpus_manifest()
        .into_iter()
        .find(|entry| entry.name == "measure")
        .and_then(|entry| entry.setup)
        .expect("the manifest gives measure's setup")
        .replace("{db}", "measure");
    let server = PgServer::start().expect("a throwaway PostgreSQL starts");
    assert_same_as_postgres_with(&server, "measure", &corpus("measure"), Some(&setup));
    // Without the setup, schemagen stops where PostgreSQL would: the schema is missing.
    let error = schemagen::load_schema(&corpus("measure")).expect_err("schemagen stops");
    let first = error.errors().next().expect("an error");
    assert!(
        first.message.contains("`measure` does not exist"),
        "{error}"
    );
}

/// Prisma applies its folders in name order: langfuse's include two that share a
/// timestamp (`20240304123642_traces_view` and `..._traces_view_improvement`), umami's
/// are numbered `01_init` to `19_...`.
#[test]
fn prisma_histories_match_postgresql_in_folder_name_order() {
    let server = PgServer::start().expect("a throwaway PostgreSQL starts");
    for name in ["langfuse", "umami", "hoppscotch"] {
        assert_same_as_postgres(&server, name, &corpus(name));
    }
}

/// The escape hatch on a real history: docs_rs's `CREATE SEQUENCE ... AS integer ... NO
/// MINVALUE` (as `pg_dump` writes it) is beyond sqlparser 0.63; passing over the nine
/// statements by place, without touching the files, leaves a schema PostgreSQL agrees
/// with (sequences are not part of it).
#[test]
fn docs_rs_matches_postgresql_with_its_sequences_passed_over() {
    let dir = corpus("docs_rs");
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
    assert_eq!(loaded.passed_over_as_asked, 9);
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

/// The census over every statement of every corpus: how many were modelled, passed
/// over (by class), skipped inside `DO` blocks, or refused. Printed (`cargo test ...
/// census -- --nocapture`) for the README; every statement is read, by sqlparser, the
/// pre-pass or the classification: none is refused as unreadable.
#[test]
fn census_over_every_corpus() {
    let entries = schemagen_tests::corpus_manifest();
    assert!(entries.len() >= 18, "{entries:?}");
    let mut total = schemagen::Census::default();
    let mut unreadable = Vec::new();
    println!(
        "{:<14}{:>10}{:>10}{:>12}{:>10}{:>10}",
        "corpus", "total", "modelled", "passed over", "in DO", "refused"
    );
    for entry in &entries {
        let name = &entry.name;
        let dir = corpus(name);
        // What the deployment runs first (measure's schema), as `Builder::before_migrations`.
        let options = schemagen::source::SourceOptions {
            before_migrations: entry
                .setup
                .iter()
                .map(|sql| schemagen::source::SetupSql::new(&sql.replace("{db}", name)))
                .collect(),
            ..Default::default()
        };
        let census = match schemagen::census_of(&dir, &options) {
            Ok(census) => census,
            Err(e) => {
                println!(
                    "{name:<14}folder not read: {}",
                    e.errors()
                        .next()
                        .map_or(String::new(), |d| d.message.clone())
                );
                continue;
            }
        };
        println!(
            "{name:<14}{:>10}{:>10}{:>12}{:>10}{:>10}",
            census.total(),
            census.modelled,
            census.passed_over_total(),
            census.skipped_in_do,
            census.refused
        );
        total += &census;
        if let Err(e) = schemagen::load_schema_with(&dir, &options) {
            unreadable.extend(
                e.errors()
                    .filter(|d| d.message.starts_with("cannot parse this statement"))
                    .map(|d| d.render()),
            );
        }
    }
    println!("\nall corpora:\n{total}");
    assert!(unreadable.is_empty(), "{}", unreadable.join("\n"));
    assert!(total.passed_over_total() > 0 && total.modelled > 0);
}
