//! Every common migration layout, read as its runner reads it: detected from the folder,
//! ordered by version as numbers, up told from down, with located errors and warnings
//! for what the runner would refuse or skip.

use std::path::{Path, PathBuf};

use schemagen::source::{self, Layout, Migrations, SourceOptions};
use schemagen_tests::differential::assert_same_as_postgres;
use schemagen_tests::pg::PgServer;

/// One fixture folder per layout, each holding the same three migrations.
const FIXTURES: [(&str, Layout); 8] = [
    ("sqlx", Layout::Sqlx),
    ("golang-migrate", Layout::GolangMigrate),
    ("diesel", Layout::Diesel),
    ("refinery", Layout::Refinery),
    ("goose", Layout::Goose),
    ("dbmate", Layout::Dbmate),
    ("plain", Layout::Plain),
    ("prisma", Layout::Prisma),
];

fn fixture(name: &str) -> PathBuf {
    Path::new("fixtures/layouts").join(name)
}

fn load(dir: &Path) -> Migrations {
    source::load(dir, &SourceOptions::default())
        .unwrap_or_else(|e| panic!("{} loads:\n{e}", dir.display()))
}

fn load_with(dir: &Path, layout: Option<Layout>, exclude: &[&str]) -> Result<Migrations, String> {
    let options = SourceOptions {
        layout,
        exclude: exclude.iter().map(|g| g.to_string()).collect(),
        ..SourceOptions::default()
    };
    source::load(dir, &options).map_err(|e| e.to_string())
}

fn rendered(warnings: &[schemagen::Diagnostic]) -> String {
    warnings
        .iter()
        .map(|w| w.render())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The migrations' versions in the order they are applied (`R` for a repeatable one).
fn versions(migrations: &Migrations) -> Vec<String> {
    migrations
        .migrations
        .iter()
        .map(|m| match &m.version {
            Some(v) => v.to_string(),
            None => format!("R {}", m.description),
        })
        .collect()
}

/// A scratch migrations folder holding `files` (paths may name a subfolder).
fn scratch(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

#[test]
fn every_layout_is_detected_and_gives_the_same_dump() {
    let canonical = schemagen::dump_json(&fixture("sqlx")).expect("the sqlx fixture loads");
    assert!(canonical.contains("\"posts\""), "{canonical}");
    for (name, layout) in FIXTURES {
        let dir = fixture(name);
        let migrations = load(&dir);
        assert_eq!(migrations.layout, layout, "{name} is detected");
        // refinery's fixture creates its function in a repeatable migration.
        let expected = if layout == Layout::Refinery { 4 } else { 3 };
        assert_eq!(
            migrations.migrations.len(),
            expected,
            "{name}: up migrations"
        );
        assert!(
            migrations.warnings.is_empty(),
            "{name}: {}",
            rendered(&migrations.warnings)
        );
        let dump = schemagen::dump_json(&dir).unwrap_or_else(|e| panic!("{name}:\n{e}"));
        assert_eq!(dump, canonical, "{name} gives the same dump as sqlx");
        // Naming the layout reads the folder the same way.
        let options = SourceOptions {
            layout: Some(layout),
            ..SourceOptions::default()
        };
        let loaded = schemagen::load_schema_with(&dir, &options).unwrap();
        assert_eq!(
            schemagen::Dump::from(&loaded.schema).to_json(),
            canonical,
            "{name}"
        );
    }
}

/// The canonical dump the layouts share is PostgreSQL's own reading of the fixture.
#[test]
fn the_shared_layout_schema_matches_postgresql() {
    let server = PgServer::start().unwrap_or_else(|e| panic!("a throwaway PostgreSQL starts: {e}"));
    assert_same_as_postgres(&server, "layouts_sqlx", &fixture("sqlx"));
}

#[test]
fn up_and_down_parts_are_told_apart() {
    for (name, _) in FIXTURES {
        let migrations = load(&fixture(name));
        let third = &migrations.migrations[2];
        let up: Vec<&str> = third.statements.iter().map(|s| s.text()).collect();
        assert!(
            up.iter().all(|s| !s.starts_with("DROP")),
            "{name}: no down statement is applied: {up:#?}"
        );
        // Semicolons inside the function body do not end the statement.
        let function = up
            .iter()
            .copied()
            .find(|s| s.contains("FUNCTION touch_updated_at"))
            .unwrap_or_else(|| {
                assert_eq!(name, "refinery", "{name}: the function is in migration 3");
                // refinery's fixture creates it in its repeatable migration.
                migrations.migrations[3].statements[0].text()
            });
        assert!(function.ends_with("LANGUAGE plpgsql"), "{name}: {function}");
        let has_down = !matches!(name, "plain" | "prisma");
        assert_eq!(
            !third.down_statements.is_empty(),
            has_down,
            "{name}: down statements kept"
        );
        if has_down {
            let down = third.down_statements.last().unwrap().text();
            assert_eq!(down, "ALTER TABLE users DROP COLUMN display_name", "{name}");
        }
        let no_transaction = matches!(name, "goose" | "dbmate" | "diesel");
        assert_eq!(third.no_transaction, no_transaction, "{name}");
    }
}

#[test]
fn statements_keep_their_place_in_the_file() {
    let migrations = load(&fixture("goose"));
    let third = &migrations.migrations[2];
    let function = &third.statements[2];
    assert!(function.text().starts_with("CREATE FUNCTION"));
    assert_eq!(function.file.line_col(function.range.start), (7, 1));
    assert!(function.file.path.ends_with("goose/00003_add_columns.sql"));
    let down = &third.down_statements[0];
    assert_eq!(down.text(), "DROP FUNCTION touch_updated_at()");
    assert_eq!(down.file.line_col(down.range.start), (16, 1));
}

#[test]
fn numeric_versions_order_9_before_10() {
    let dir = fixture("ordering/numeric");
    assert_eq!(versions(&load(&dir)), ["2", "9", "10", "100"]);
    // Each migration renames the column the one before made: any other order fails.
    schemagen::load_schema(&dir).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn flyway_versions_compare_as_numbers_and_repeatables_come_last() {
    let dir = fixture("ordering/flyway");
    let migrations = load(&dir);
    assert_eq!(migrations.layout, Layout::Refinery);
    assert_eq!(
        versions(&migrations),
        [
            "1",
            "1.1",
            "1.2",
            "1.10",
            "2_1",
            "9",
            "10",
            "R a first",
            "R b second"
        ]
    );
    schemagen::load_schema(&dir).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn diesel_version_styles_mix_in_one_folder() {
    let dir = fixture("ordering/diesel");
    let migrations = load(&dir);
    assert_eq!(migrations.layout, Layout::Diesel);
    assert_eq!(
        versions(&migrations),
        [
            "2019-09-12-100000",
            "20191001000000",
            "2019-12-01-000000",
            "20200101000000"
        ]
    );
    schemagen::load_schema(&dir).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn two_migrations_with_one_version_are_an_error_naming_both() {
    let dir = scratch(&[
        ("1_a.sql", "CREATE TABLE a (x int);"),
        ("01_b.sql", "CREATE TABLE b (x int);"),
    ]);
    let err = load_with(dir.path(), None, &[]).unwrap_err();
    assert!(
        err.contains("two migrations have version 01: `01_b.sql` and `1_a.sql`"),
        "{err}"
    );
    let dir = scratch(&[
        ("2019-01-01-000000_a/up.sql", "SELECT 1;"),
        ("20190101000000_b/up.sql", "SELECT 1;"),
    ]);
    let err = load_with(dir.path(), None, &[]).unwrap_err();
    assert!(err.contains("`2019-01-01-000000_a/up.sql`"), "{err}");
    assert!(err.contains("`20190101000000_b/up.sql`"), "{err}");
    let dir = scratch(&[("V1__a.sql", "SELECT 1;"), ("V1.0__b.sql", "SELECT 1;")]);
    let err = load_with(dir.path(), None, &[]).unwrap_err();
    assert!(err.contains("`V1.0__b.sql` and `V1__a.sql`"), "{err}");
}

#[test]
fn a_folder_mixing_layouts_is_an_error_naming_one_file_of_each() {
    for (files, named) in [
        (
            vec![("1_a.sql", "SELECT 1;"), ("V2__b.sql", "SELECT 1;")],
            [
                "`1_a.sql` is a numbered",
                "`V2__b.sql` is a refinery/flyway",
            ],
        ),
        (
            vec![
                ("0001_a.up.sql", "SELECT 1;"),
                ("0002_b.sql", "SELECT 1;"),
                ("2020-01-01-000000_c/up.sql", "SELECT 1;"),
            ],
            [
                "`0001_a.up.sql` is a reversible",
                "`2020-01-01-000000_c` is a diesel",
            ],
        ),
        (
            vec![
                ("1_a.sql", "-- +goose Up\nSELECT 1;"),
                ("2_b.sql", "-- migrate:up\nSELECT 1;"),
            ],
            ["`1_a.sql` is a goose", "`2_b.sql` is a dbmate"],
        ),
    ] {
        let dir = scratch(&files);
        let err = load_with(dir.path(), None, &[]).unwrap_err();
        assert!(err.contains("mixes layouts"), "{err}");
        for name in named {
            assert!(err.contains(name), "{name}: {err}");
        }
        assert!(err.contains("help: "), "{err}");
    }
}

#[test]
fn files_that_match_no_pattern_are_passed_over_with_a_warning() {
    let dir = scratch(&[
        ("20250101000000_a.sql", "CREATE TABLE a (x int);"),
        ("notes.sql", "CREATE TABLE lost (x int);"),
        ("README.md", "not SQL, no warning"),
        ("scratch/old.sql", "CREATE TABLE lost2 (x int);"),
    ]);
    let migrations = load_with(dir.path(), None, &[]).unwrap();
    assert_eq!(migrations.layout, Layout::Sqlx);
    let warnings = rendered(&migrations.warnings);
    assert_eq!(migrations.warnings.len(), 2, "{warnings}");
    assert!(
        warnings.contains("notes.sql` is not a sqlx migration and was passed over"),
        "{warnings}"
    );
    assert!(
        warnings.contains("scratch` is not a sqlx migration"),
        "{warnings}"
    );
    assert!(!warnings.contains("README"), "{warnings}");

    // A layout named explicitly passes over what its runner would not read.
    let migrations = load_with(dir.path(), Some(Layout::GolangMigrate), &[]).map(|_| ());
    let err = migrations.unwrap_err();
    assert!(err.contains("no migrations found"), "{err}");
    assert!(
        err.contains("20250101000000_a.sql` is not a golang-migrate migration"),
        "{err}"
    );

    // goose's Go migrations cannot be run, and say so.
    let dir = scratch(&[
        ("1_a.sql", "-- +goose Up\nCREATE TABLE a (x int);"),
        ("2_b.go", "package migrations"),
    ]);
    let migrations = load_with(dir.path(), None, &[]).unwrap();
    let warnings = rendered(&migrations.warnings);
    assert!(
        warnings.contains("2_b.go` is not a goose migration"),
        "{warnings}"
    );
    assert!(warnings.contains("Go migration"), "{warnings}");
}

#[test]
fn an_explicit_layout_wins_over_detection() {
    // The plain fixture's dashed names are no sqlx migrations.
    let err = load_with(&fixture("plain"), Some(Layout::Sqlx), &[]).unwrap_err();
    assert!(err.contains("no migrations found"), "{err}");
    assert!(
        err.contains("01-create-users.sql` is not a sqlx migration"),
        "{err}"
    );
    // Plain numbered files named as sqlx names them read as sqlx unless told otherwise.
    let dir = scratch(&[
        ("001_create.sql", "SELECT 1;"),
        ("002_more.sql", "SELECT 1;"),
    ]);
    assert_eq!(
        load_with(dir.path(), None, &[]).unwrap().layout,
        Layout::Sqlx
    );
    let plain = load_with(dir.path(), Some(Layout::Plain), &[]).unwrap();
    assert_eq!((plain.layout, plain.migrations.len()), (Layout::Plain, 2));
}

#[test]
fn excluded_files_are_not_read() {
    let dir = scratch(&[
        ("001_create.sql", "CREATE TABLE a (x int);"),
        ("002_rollback_create.sql", "DROP TABLE a;"),
        ("003_more.sql", "ALTER TABLE a ADD COLUMN y int;"),
    ]);
    let without = load_with(dir.path(), None, &[]).unwrap();
    assert_eq!(without.migrations.len(), 3);
    let with = load_with(dir.path(), None, &["*rollback*"]).unwrap();
    assert_eq!(versions(&with), ["001", "003"]);
    assert!(
        with.files_read
            .iter()
            .all(|f| !f.ends_with("002_rollback_create.sql"))
    );
    let mut builder = schemagen::Builder::new();
    builder
        .migrations(dir.path())
        .exclude("*rollback*")
        .exclude("*never*");
    builder.generate_string().unwrap_or_else(|e| panic!("{e}"));
    assert!(builder.clone().exclude("[").generate_string().is_err());
    let err = load_with(dir.path(), None, &["a/[b"]).unwrap_err();
    assert!(err.contains("invalid exclude glob `a/[b`"), "{err}");

    // A glob can reach into diesel's folders, or leave a folder out whole.
    let migrations = load_with(&fixture("diesel"), None, &["*/down.sql", "*_add_columns"]).unwrap();
    assert_eq!(migrations.migrations.len(), 2);
    assert!(
        migrations
            .migrations
            .iter()
            .all(|m| m.down_statements.is_empty())
    );
}

#[test]
fn a_broken_down_migration_is_a_located_warning() {
    let dir = scratch(&[
        ("0001_users.up.sql", "CREATE TABLE users (id int);\n"),
        ("0001_users.down.sql", "-- undo\nDROP TABLEE users;\n"),
    ]);
    let migrations = load_with(dir.path(), None, &[]).unwrap();
    assert_eq!(migrations.layout, Layout::GolangMigrate);
    assert_eq!(migrations.migrations[0].statements.len(), 1);
    let warnings = rendered(&migrations.warnings);
    assert!(warnings.contains("warning: "), "{warnings}");
    assert!(warnings.contains("in a down migration"), "{warnings}");
    assert!(warnings.contains("0001_users.down.sql:2:"), "{warnings}");

    // goose: the down section of the same file, an unterminated string.
    let dir = scratch(&[(
        "1_a.sql",
        "-- +goose Up\nCREATE TABLE a (x int);\n-- +goose Down\nSELECT 'oops;\n",
    )]);
    let migrations = load_with(dir.path(), None, &[]).unwrap();
    let warnings = rendered(&migrations.warnings);
    assert!(
        warnings.contains("unterminated string literal (in a down migration"),
        "{warnings}"
    );
    assert!(warnings.contains("1_a.sql:4:8"), "{warnings}");
    // And the schema is what the up part alone leaves.
    let loaded = schemagen::load_schema(dir.path()).unwrap();
    // (goose's own bookkeeping table is there too, as goose creates it first).
    let tables: Vec<_> = loaded
        .schema
        .tables
        .values()
        .filter(|t| !t.bookkeeping)
        .collect();
    assert_eq!(tables.len(), 1);
}

#[test]
fn section_markers_the_runner_refuses_are_located_errors() {
    for (layout_text, location, message) in [
        (
            "-- +goose Up\nCREATE TABLE a (x int);\n-- +goose StatementBegin\nSELECT 1;\n",
            ":3:1",
            "`-- +goose StatementBegin` is never closed",
        ),
        (
            "-- +goose Up\nSELECT 1;\n-- +goose Sideways\n",
            ":3:1",
            "unknown goose annotation",
        ),
        (
            "-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 2;\n-- first\nCREATE TABLE t (x int);\n",
            "",
            "",
        ),
        (
            "SELECT 1;\n-- migrate:up\nSELECT 2;\n",
            ":1:1",
            "a statement before `-- migrate:up`",
        ),
    ] {
        let dir = scratch(&[("1_a.sql", layout_text)]);
        let result = load_with(dir.path(), None, &[]);
        if message.is_empty() {
            result.unwrap_or_else(|e| panic!("{e}"));
            continue;
        }
        let err = result.unwrap_err();
        assert!(err.contains(message), "{err}");
        assert!(err.contains(&format!("1_a.sql{location}")), "{err}");
    }
    // A goose folder where one file lacks its `Up` marker: goose refuses that file.
    let dir = scratch(&[
        ("1_a.sql", "-- +goose Up\nSELECT 1;\n"),
        ("2_b.sql", "SELECT 2;\n"),
    ]);
    let err = load_with(dir.path(), None, &[]).unwrap_err();
    assert!(err.contains("no `-- +goose Up` annotation"), "{err}");
    assert!(err.contains("2_b.sql:1:1"), "{err}");
}

#[test]
fn flyway_undo_files_are_passed_over() {
    let dir = scratch(&[
        ("V1__a.sql", "CREATE TABLE a (x int);"),
        ("U1__a.sql", "DROP TABLE a;"),
        ("U2__b.sql", "CREATE TABLE b (x int);"),
    ]);
    let migrations = load_with(dir.path(), None, &[]).unwrap();
    assert_eq!(versions(&migrations), ["1"]);
    assert_eq!(migrations.migrations[0].down_statements.len(), 1);
    let warnings = rendered(&migrations.warnings);
    assert_eq!(migrations.warnings.len(), 1, "{warnings}");
    assert!(
        warnings.contains("U2__b.sql` was passed over"),
        "{warnings}"
    );
    assert!(warnings.contains("refinery, unlike flyway"), "{warnings}");
}

#[test]
fn corpus_layouts_are_detected_with_no_flags() {
    for (name, layout, ups) in [
        ("vaultwarden", Layout::Diesel, 46),
        ("atuin", Layout::Sqlx, 20),
        ("harbor", Layout::GolangMigrate, 39),
        ("hatchet", Layout::Goose, 224),
    ] {
        let dir = schemagen_tests::corpus(name);
        let migrations = load(&dir);
        assert_eq!(migrations.layout, layout, "{name}");
        assert_eq!(migrations.migrations.len(), ups, "{name}");
        let versions = versions(&migrations);
        let mut sorted = migrations.migrations.clone();
        sorted.sort_by(|a, b| a.version.cmp(&b.version));
        assert_eq!(
            versions,
            sorted
                .iter()
                .map(|m| m.version.as_ref().unwrap().to_string())
                .collect::<Vec<_>>(),
            "{name} in version order"
        );
        assert!(
            migrations
                .migrations
                .iter()
                .all(|m| !m.statements.is_empty()),
            "{name}: every migration has statements"
        );
    }
}

/// Seed 001 keeps a rollback script beside its forward migration in a layout with no
/// down files: it is applied as written (the layout says it runs forward), with a
/// warning that names it; leaving it out brings the twenty tables back.
#[test]
fn a_forward_rollback_script_is_applied_with_a_warning_and_can_be_excluded() {
    let dir = fixture("rollback");
    let loaded = schemagen::load_schema(&dir).expect("the rollback folder replays");
    let user_tables =
        |schema: &schemagen::Schema| schema.tables.values().filter(|t| !t.bookkeeping).count();
    assert_eq!(user_tables(&loaded.schema), 0);
    insta::assert_snapshot!("warning_rollback", rendered(&loaded.warnings));

    let options = SourceOptions {
        exclude: vec!["*rollback*".to_string()],
        ..SourceOptions::default()
    };
    let loaded = schemagen::load_schema_with(&dir, &options).expect("the forward file replays");
    assert_eq!(user_tables(&loaded.schema), 20);
    assert!(loaded.warnings.is_empty(), "{}", rendered(&loaded.warnings));
}

/// The output is the same bytes whatever order the folder lists its files in, run after
/// run, and holds no host path.
#[test]
fn output_does_not_depend_on_directory_order_or_host_paths() {
    let source = fixture("sqlx");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&source)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    let copy = |order: &[PathBuf]| {
        let dir = tempfile::tempdir().unwrap();
        for path in order {
            std::fs::copy(path, dir.path().join(path.file_name().unwrap())).unwrap();
        }
        dir
    };
    let forward = copy(&names);
    names.reverse();
    let backward = copy(&names);
    let generate = |dir: &Path| {
        schemagen::Builder::new()
            .migrations(dir)
            .generate_string()
            .expect("the fixture generates")
            .code
    };
    let code = generate(forward.path());
    assert_eq!(code, generate(backward.path()));
    assert_eq!(code, generate(forward.path()));
    assert_eq!(
        schemagen::dump_json(forward.path()).unwrap(),
        schemagen::dump_json(backward.path()).unwrap()
    );
    let host = forward.path().to_string_lossy();
    assert!(
        !code.contains(host.as_ref()),
        "the generated code names {host}"
    );
    assert!(!code.contains("/tmp") && !code.contains("/work"), "{code}");
}

/// The migrations' file paths in the order they are applied.
fn order(migrations: &Migrations) -> Vec<String> {
    migrations
        .migrations
        .iter()
        .map(|m| {
            let path = std::path::Path::new(&m.file.path);
            let parent = path
                .parent()
                .and_then(|p| p.file_name())
                .map(|p| p.to_string_lossy().into_owned());
            let file = path.file_name().unwrap().to_string_lossy().into_owned();
            match parent {
                Some(parent) if file == "up.sql" || file == "migration.sql" => parent,
                _ => file,
            }
        })
        .collect()
}

/// Each history only replays in the order asserted: every migration alters what the
/// one before it made.
const CHAIN: [&str; 3] = [
    "CREATE TABLE t (a int);",
    "ALTER TABLE t RENAME a TO b;",
    "ALTER TABLE t RENAME b TO c;",
];

fn assert_replays_to_c(dir: &Path) {
    let loaded = schemagen::load_schema(dir).unwrap_or_else(|e| panic!("{e}"));
    let table = loaded.schema.tables.values().find(|t| t.name.name == "t");
    assert!(table.and_then(|t| t.column("c")).is_some(), "{loaded:#?}");
}

#[test]
fn prisma_applies_folders_in_name_order_even_when_they_share_a_timestamp() {
    // langfuse: `20240304123642_traces_view` and `..._traces_view_improvement`.
    let dir = scratch(&[
        ("20240304123642_traces_view/migration.sql", CHAIN[0]),
        (
            "20240304123642_traces_view_improvement/migration.sql",
            CHAIN[1],
        ),
        ("20240305000000_later/migration.sql", CHAIN[2]),
        ("migration_lock.toml", "provider = \"postgresql\""),
    ]);
    let migrations = load(dir.path());
    assert_eq!(migrations.layout, Layout::Prisma);
    assert_eq!(
        order(&migrations),
        [
            "20240304123642_traces_view",
            "20240304123642_traces_view_improvement",
            "20240305000000_later"
        ]
    );
    assert_replays_to_c(dir.path());
    // Names, not numbers: `10_b` sorts before `9_c` (umami numbers its folders `01_`).
    let dir = scratch(&[
        ("0_a/migration.sql", CHAIN[0]),
        ("10_b/migration.sql", CHAIN[1]),
        ("9_c/migration.sql", CHAIN[2]),
    ]);
    assert_eq!(order(&load(dir.path())), ["0_a", "10_b", "9_c"]);
    assert_replays_to_c(dir.path());
    // Every folder is a migration to Prisma: one without `migration.sql` stops it.
    let dir = scratch(&[
        ("0_a/migration.sql", CHAIN[0]),
        ("1_data/seed.ts", "export {}"),
    ]);
    let err = load_with(dir.path(), None, &[]).unwrap_err();
    assert!(err.contains("1_data` stops prisma"), "{err}");
}

#[test]
fn dbmate_applies_files_in_name_order_and_versions_of_other_widths_are_other_versions() {
    let marked = |sql: &str| format!("-- migrate:up\n{sql}\n-- migrate:down\n");
    let (a, b, c) = (marked(CHAIN[0]), marked(CHAIN[1]), marked(CHAIN[2]));
    // dbmate sorts file names as strings: `10_` before `9_`; `01_` and `1_` are two
    // versions; a name needs no `_` (`2.sql`, `3-c.sql`).
    let dir = scratch(&[("10_a.sql", &a), ("9_b.sql", &b), ("90.sql", &c)]);
    let migrations = load(dir.path());
    assert_eq!(migrations.layout, Layout::Dbmate);
    assert_eq!(order(&migrations), ["10_a.sql", "90.sql", "9_b.sql"]);
    let dir = scratch(&[("10_a.sql", &a), ("2.sql", &b), ("3-c.sql", &c)]);
    assert_eq!(order(&load(dir.path())), ["10_a.sql", "2.sql", "3-c.sql"]);
    assert_replays_to_c(dir.path());
    let dir = scratch(&[("01_a.sql", &a), ("1_b.sql", &b), ("2_c.sql", &c)]);
    assert_eq!(order(&load(dir.path())), ["01_a.sql", "1_b.sql", "2_c.sql"]);
    assert_replays_to_c(dir.path());
    // One version twice: dbmate fails recording the second.
    let dir = scratch(&[("1_a.sql", &a), ("1_b.sql", &b)]);
    let err = load_with(dir.path(), None, &[]).unwrap_err();
    assert!(
        err.contains("two migrations have version 1: `1_a.sql` and `1_b.sql`"),
        "{err}"
    );
    assert!(err.contains("dbmate applies the first"), "{err}");
}

#[test]
fn diesel_compares_versions_as_strings_and_refuses_what_diesel_refuses() {
    let dir = scratch(&[
        ("10_a/up.sql", CHAIN[0]),
        ("9_b/up.sql", CHAIN[1]),
        ("create_c/up.sql", CHAIN[2]),
        (".hidden/notes.txt", "diesel skips hidden folders"),
        ("README.md", "and files"),
    ]);
    let migrations = load(dir.path());
    assert_eq!(migrations.layout, Layout::Diesel);
    assert_eq!(order(&migrations), ["10_a", "9_b", "create_c"]);
    assert_replays_to_c(dir.path());
    // A folder without `up.sql` stops diesel (`UnknownMigrationFormat`).
    let dir = scratch(&[
        ("2020_a/up.sql", CHAIN[0]),
        ("2021_b/down.sql", "DROP TABLE t;"),
    ]);
    let err = load_with(dir.path(), None, &[]).unwrap_err();
    assert!(err.contains("2021_b` stops diesel"), "{err}");
    assert!(err.contains("holds no `up.sql`"), "{err}");
    // So does an empty `up.sql` (`EmptyMigration`).
    let dir = scratch(&[("2020_a/up.sql", CHAIN[0]), ("2021_b/up.sql", "")]);
    let err = load_with(dir.path(), None, &[]).unwrap_err();
    assert!(
        err.contains("is empty, and diesel refuses to run an empty migration"),
        "{err}"
    );
    assert!(err.contains("2021_b/up.sql"), "{err}");
}

#[test]
fn sqlx_and_goose_stop_on_sql_files_they_cannot_number() {
    let dir = scratch(&[
        ("1_a.sql", CHAIN[0]),
        ("0002_b.sql", CHAIN[1]),
        ("create_users.sql", "CREATE TABLE users (id int);"),
    ]);
    let err = load_with(dir.path(), None, &[]).unwrap_err();
    assert!(err.contains("create_users.sql` stops sqlx"), "{err}");
    assert!(err.contains("expected integer version prefix"), "{err}");
    // Different widths are one number: 1 < 0002 < 10.
    let dir = scratch(&[
        ("10_c.sql", CHAIN[2]),
        ("1_a.sql", CHAIN[0]),
        ("0002_b.sql", CHAIN[1]),
    ]);
    assert_eq!(
        order(&load(dir.path())),
        ["1_a.sql", "0002_b.sql", "10_c.sql"]
    );
    assert_replays_to_c(dir.path());

    let goose = |sql: &str| format!("-- +goose Up\n{sql}\n");
    for bad in ["init.sql", "0_zero.sql", "003.sql"] {
        let dir = scratch(&[("1_a.sql", &goose(CHAIN[0])), (bad, &goose(CHAIN[1]))]);
        let err = load_with(dir.path(), None, &[]).unwrap_err();
        assert!(err.contains(&format!("{bad}` stops goose")), "{bad}: {err}");
        assert!(err.contains("could not parse SQL migration file"), "{err}");
    }
    let dir = scratch(&[
        ("10_c.sql", &goose(CHAIN[2])),
        ("00001_a.sql", &goose(CHAIN[0])),
        ("2_b.sql", &goose(CHAIN[1])),
    ]);
    let migrations = load(dir.path());
    assert_eq!(migrations.layout, Layout::Goose);
    assert_eq!(order(&migrations), ["00001_a.sql", "2_b.sql", "10_c.sql"]);
    assert_replays_to_c(dir.path());
    let dir = scratch(&[
        ("1_a.sql", &goose(CHAIN[0])),
        ("01_b.sql", &goose(CHAIN[1])),
    ]);
    let err = load_with(dir.path(), None, &[]).unwrap_err();
    assert!(err.contains("two migrations have version"), "{err}");
    assert!(err.contains("goose refuses the folder"), "{err}");
}

#[test]
fn golang_migrate_reads_any_extension_and_refuses_a_version_twice() {
    let dir = scratch(&[
        ("1_a.up.sql", CHAIN[0]),
        ("1_a.down.sql", "DROP TABLE t;"),
        ("0002_b.up.psql", CHAIN[1]),
        ("10_c.up.sql", CHAIN[2]),
        ("notes.txt", "ignored"),
    ]);
    let migrations = load(dir.path());
    assert_eq!(migrations.layout, Layout::GolangMigrate);
    assert_eq!(
        order(&migrations),
        ["1_a.up.sql", "0002_b.up.psql", "10_c.up.sql"]
    );
    assert_replays_to_c(dir.path());
    let dir = scratch(&[("1_a.up.sql", CHAIN[0]), ("01_b.up.sql", CHAIN[1])]);
    let err = load_with(dir.path(), None, &[]).unwrap_err();
    assert!(err.contains("`01_b.up.sql` and `1_a.up.sql`"), "{err}");
    assert!(err.contains("ErrDuplicateMigration"), "{err}");
}

#[test]
fn refinery_and_flyway_read_subfolders_at_any_depth_and_refuse_a_version_twice() {
    let dir = scratch(&[
        ("V1__a.sql", CHAIN[0]),
        ("2024/q1/V2__b.sql", CHAIN[1]),
        ("2024/V10__c.sql", CHAIN[2]),
        (".archive/V3__old.sql", "DROP TABLE t;"),
    ]);
    let migrations = load(dir.path());
    assert_eq!(migrations.layout, Layout::Refinery);
    assert_eq!(order(&migrations), ["V1__a.sql", "V2__b.sql", "V10__c.sql"]);
    assert_replays_to_c(dir.path());
    // Detected from subfolders alone.
    let dir = scratch(&[("a/V1__a.sql", CHAIN[0]), ("b/c/V2__b.sql", CHAIN[1])]);
    assert_eq!(load(dir.path()).layout, Layout::Refinery);
    let dir = scratch(&[("V1__a.sql", CHAIN[0]), ("sub/V1.0__b.sql", CHAIN[1])]);
    let err = load_with(dir.path(), None, &[]).unwrap_err();
    assert!(err.contains("two migrations have version"), "{err}");
    assert!(err.contains("`sub/V1.0__b.sql`"), "{err}");
}

#[test]
fn hidden_files_stop_sqlx_and_goose_and_no_other_runner() {
    // macOS's tar leaves `._<name>` beside each file: sqlx and goose read them as
    // migrations and stop ("expected integer version prefix", "could not parse").
    let dir = scratch(&[("0001_a.sql", CHAIN[0]), ("._0001_a.sql", "\u{0}")]);
    let err = load_with(dir.path(), None, &[]).unwrap_err();
    assert!(err.contains("._0001_a.sql` stops sqlx"), "{err}");
    assert!(err.contains("Builder::exclude(\"._0001_a.sql\")"), "{err}");
    assert!(load_with(dir.path(), None, &["._*"]).is_ok());
    let goose = format!("-- +goose Up\n{}\n", CHAIN[0]);
    let dir = scratch(&[("00001_a.sql", &goose), (".draft.sql", "SELECT 1;")]);
    let err = load_with(dir.path(), None, &[]).unwrap_err();
    assert!(err.contains(".draft.sql` stops goose"), "{err}");
    // The others skip hidden entries, and so does schemagen.
    let marked = format!("-- migrate:up\n{}\n", CHAIN[0]);
    for files in [
        vec![("1_a.up.sql", CHAIN[0]), ("._1_a.up.sql", "\u{0}")],
        vec![("1_a/up.sql", CHAIN[0]), ("._1_a", "\u{0}")],
        vec![("V1__a.sql", CHAIN[0]), ("._V1__a.sql", "\u{0}")],
        vec![("1_a.sql", marked.as_str()), ("._1_a.sql", "\u{0}")],
        vec![("1_a/migration.sql", CHAIN[0]), ("._1_a", "\u{0}")],
    ] {
        let dir = scratch(&files);
        let migrations = load(dir.path());
        assert_eq!(migrations.migrations.len(), 1, "{files:?}");
    }
    // A sqlx hidden file with no `_` is ignored by sqlx too.
    let dir = scratch(&[("0001_a.sql", CHAIN[0]), (".notes.sql", "x")]);
    assert_eq!(load(dir.path()).migrations.len(), 1);
}
