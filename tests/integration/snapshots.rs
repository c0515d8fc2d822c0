//! Snapshots of what schemagen prints for `migrations/`: the generated code and the
//! canonical dump. A change to either shows up in review as a snapshot diff.

#[test]
fn generated_code_for_migrations() {
    let generated = schemagen::Builder::new()
        .migrations("../migrations")
        .generate_string()
        .expect("migrations/ generates");
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    insta::assert_snapshot!("migrations_schema_rs", generated.code);
}

#[test]
fn dump_json_for_migrations() {
    let json = schemagen::dump_json(std::path::Path::new("../migrations")).expect("dumps");
    insta::assert_snapshot!("migrations_dump_json", json);
}

#[test]
fn generated_code_for_model_fixtures() {
    for dir in schemagen_tests::fixture_sets("model") {
        let fixture = dir.file_name().expect("a set folder").to_string_lossy();
        let generated = schemagen::Builder::new()
            .migrations(&dir)
            .generate_string()
            .unwrap_or_else(|e| panic!("{fixture}:\n{e}"));
        insta::assert_snapshot!(format!("model_{fixture}_schema_rs"), generated.code);
    }
}

#[test]
fn generated_code_for_seed_fixtures() {
    for seed in ["000_identity", "001_multipass", "002_rekko", "004_goconfig"] {
        let generated = schemagen::Builder::new()
            .migrations(format!("fixtures/seeds/{seed}"))
            .generate_string()
            .unwrap_or_else(|e| panic!("{seed}:\n{e}"));
        insta::assert_snapshot!(format!("seed_{seed}_schema_rs"), generated.code);
    }
}
