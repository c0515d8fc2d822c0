//! Bad input gets one clear, located error with a snippet and a hint, never a panic.

use std::path::Path;

fn rendered(dir: &str) -> String {
    match schemagen::load_schema(Path::new(dir)) {
        Ok(_) => panic!("{dir} should not load"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn a_statement_sqlparser_rejects_is_located_and_shown() {
    let out = rendered("fixtures/errors/syntax");
    assert!(
        out.contains("fixtures/errors/syntax/0001_create.sql:9:28"),
        "{out}"
    );
    insta::assert_snapshot!("error_syntax", out);
}

#[test]
fn alter_table_on_a_missing_table_is_located() {
    let out = rendered("fixtures/errors/alter_missing_table");
    assert!(out.contains("table `account` does not exist"), "{out}");
    assert!(out.contains("0002_add_column.sql:3:13"), "{out}");
    insta::assert_snapshot!("error_alter_missing_table", out);
}

#[test]
fn an_unterminated_string_points_at_its_opening_quote() {
    let out = rendered("fixtures/errors/unterminated");
    assert!(out.contains("0001_notes.sql:3:23"), "{out}");
    insta::assert_snapshot!("error_unterminated", out);
}

#[test]
fn a_missing_or_empty_folder_is_an_error_not_a_panic() {
    let out = rendered("fixtures/errors/no_such_folder");
    assert!(out.contains("cannot read the migrations folder"), "{out}");
    let empty = tempfile::tempdir().unwrap();
    let out = match schemagen::load_schema(empty.path()) {
        Ok(_) => panic!("an empty folder should not load"),
        Err(e) => e.to_string(),
    };
    assert!(out.contains("no migrations found"), "{out}");
}

#[test]
fn build_script_generate_writes_only_under_out_dir_and_only_on_change() {
    let out = tempfile::tempdir().unwrap();
    let mut builder = schemagen::Builder::new();
    builder.migrations("../migrations").out_dir(out.path());
    builder.generate().unwrap();
    let file = out.path().join("schemagen/schema.rs");
    let first = std::fs::metadata(&file).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    builder.generate().unwrap();
    assert_eq!(std::fs::metadata(&file).unwrap().modified().unwrap(), first);
    let entries: Vec<_> = std::fs::read_dir(out.path().join("schemagen"))
        .unwrap()
        .collect();
    assert_eq!(
        entries.len(),
        1,
        "only schema.rs, no leftover temporary file"
    );
}

/// Each model error names the place and the fix; the rendered text is reviewed here.
#[test]
fn model_errors_are_located_with_a_hint() {
    for (fixture, location, message) in [
        (
            "duplicate_column",
            "0001_users.sql:5:30",
            "column `email` of table `users` already exists",
        ),
        (
            "drop_referenced_table",
            "0002_drop.sql:2:12",
            "constraint `players_team_id_fkey` on table `players`",
        ),
        (
            "fk_missing_column",
            "0001_create.sql:4:39",
            "column `team_id` referenced in foreign key constraint does not exist",
        ),
        (
            "fk_no_unique_key",
            "0001_create.sql:4:31",
            "there is no unique constraint matching given keys for referenced table `teams`",
        ),
        (
            "unknown_type",
            "0001_create.sql:4:5",
            "type `event_kind` does not exist",
        ),
    ] {
        let out = rendered(&format!("fixtures/errors/{fixture}"));
        assert!(out.contains(location), "{fixture}: {out}");
        assert!(out.contains(message), "{fixture}: {out}");
        assert!(out.contains("help: "), "{fixture}: {out}");
        insta::assert_snapshot!(format!("error_{fixture}"), out);
    }
}

/// A `DO` block is warned about only where schemagen guessed (a condition or loop on
/// data, SQL made from data) or skipped a statement that fails in the model; a block
/// whose every branch was decided against the model is applied quietly.
#[test]
fn do_blocks_warn_only_where_something_was_guessed() {
    let quiet = schemagen::load_schema(Path::new("fixtures/model/do_blocks")).unwrap();
    let text: Vec<String> = quiet.warnings.iter().map(|w| w.render()).collect();
    assert!(text.is_empty(), "{}", text.join("\n"));
    let loaded = schemagen::load_schema(Path::new("fixtures/model/do_blocks_guarded")).unwrap();
    let text: Vec<String> = loaded.warnings.iter().map(|w| w.render()).collect();
    insta::assert_snapshot!("warnings_do_blocks_guarded", text.join("\n"));
}

/// Parse errors are collected across every file and reported in file, line order.
#[test]
fn parse_errors_are_collected_and_sorted() {
    let out = rendered("fixtures/errors/two_syntax_errors");
    let first = out.find("0001_a.sql:2:").expect("the first file's error");
    let second = out.find("0002_c.sql:2:").expect("the second file's error");
    assert!(first < second, "{out}");
    assert!(out.contains("because of 2 errors above"), "{out}");
}

/// The bad-input table: each case gives one clear error (or, for an empty file, one
/// warning) with file:line:col, a snippet and a hint, and never a panic.
#[test]
fn bad_input_table() {
    let cases = [
        (
            "unterminated_dollar_quote",
            "unterminated dollar-quoted string",
        ),
        ("unterminated_block_comment", "unterminated block comment"),
        ("unknown_schema", "schema `nope` does not exist"),
        ("unknown_column", "column `b` of table `t` does not exist"),
        ("duplicate_table", "relation `t` already exists"),
        (
            "duplicate_constraint",
            "constraint `positive` for table `t` already exists",
        ),
        (
            "duplicate_enum_value",
            "enum label `ok` used more than once",
        ),
        ("enum_value_added_twice", "enum label `sad` already exists"),
        (
            "drop_type_in_use",
            "cannot drop type `mood` because other objects depend on it",
        ),
        (
            "foreign_key_arity",
            "number of referencing and referenced columns for foreign key disagree",
        ),
        ("not_utf8", "is not UTF-8"),
        ("deep_nesting", "the statement nests too deeply to be read"),
        ("deep_calls", "the statement nests too deeply to be read"),
        ("do_lone_dollar", "cannot read this `DO` block"),
        ("do_unreadable_statement", "0001_a.sql:6:31"),
        ("extension_not_created", "type `citext` does not exist"),
        (
            "pseudo_type_column",
            "column `row_value` has pseudo-type `record`",
        ),
        (
            "type_modifier_not_allowed",
            "type modifier is not allowed for type `point`",
        ),
        (
            "drop_extension_in_use",
            "cannot drop extension `citext` because other objects depend on it",
        ),
        (
            "required_extension_missing",
            "required extension `cube` is not installed",
        ),
        ("ctas_untyped", "schemagen cannot type `upper(handle)` yet"),
        (
            "ctas_too_many_names",
            "too many column names were specified",
        ),
        (
            "rule_on_select",
            "cannot parse this statement: expected: an object type after CREATE, found: RULE",
        ),
        (
            "alter_action_tail",
            "expected: the end of this ALTER TABLE action, found: NOT",
        ),
        (
            "not_null_unknown_column",
            "column `b` of table `t` does not exist",
        ),
        (
            "database_path_from_current",
            "cannot parse this statement: expected: one of VIEW",
        ),
        (
            "drop_constraint_index",
            "cannot drop index `t_pkey` because constraint `t_pkey` on table `t` requires it",
        ),
        ("alter_index_missing", "index `t_id` does not exist"),
        (
            "drop_index_foreign_key",
            "cannot drop index `a_code` because other objects depend on it: constraint `b_code_fkey` on table `b`",
        ),
        (
            "drop_sequence_in_use",
            "cannot drop sequence `t_id_seq` because other objects depend on it",
        ),
        (
            "drop_identity_sequence",
            "cannot drop sequence `t_id_seq` because column `id` of table `t` requires it",
        ),
        (
            "move_owned_sequence",
            "cannot move an owned sequence into another schema",
        ),
        (
            "attribute_missing",
            "attribute `c` of type `pair` does not exist",
        ),
        (
            "drop_column_generated_from",
            "cannot drop column `a` of table `g` because other objects depend on it",
        ),
        (
            "drop_partition_index",
            "cannot drop index `p1_b_idx` because index `p_b` requires it",
        ),
        (
            "alter_type_generated_from",
            "cannot alter type of a column used by a generated column: column `b` is generated from column `a`",
        ),
        (
            "identity_on_nullable",
            "column `id` of relation `t` must be declared NOT NULL before identity can be added",
        ),
        (
            "generated_from_generated",
            "cannot use generated column `b` in column generation expression",
        ),
        ("relation_name_taken", "relation `t_ident` already exists"),
        ("schema_rename_taken", "schema `b` already exists"),
        (
            "drop_schema_with_view",
            "cannot drop schema `s` because objects are in it",
        ),
        (
            "drop_expression_not_generated",
            "column `a` of table `t` is not a stored generated column",
        ),
        (
            "drop_expression_only_parent",
            "`DROP EXPRESSION` on `ONLY p` must be applied to the tables that inherit from it too",
        ),
        (
            "inherit_missing_column",
            "child table is missing column `b`",
        ),
        (
            "no_inherit_not_parent",
            "relation `p` is not a parent of relation `c`",
        ),
    ];
    let mut all = String::new();
    for (case, message) in cases {
        let dir = format!("fixtures/errors/bad_input/{case}");
        let out = rendered(&dir);
        assert!(out.contains(message), "{case}: {out}");
        assert_eq!(
            out.matches("\nerror: ").count() + usize::from(out.starts_with("error: ")),
            2,
            "{case}: one error and the closing line\n{out}"
        );
        assert!(
            out.contains(&format!("--> {dir}/0001_a.sql:")),
            "{case}: located\n{out}"
        );
        assert!(out.contains("help: "), "{case}: a hint\n{out}");
        all.push_str(&format!("=== {case}\n{out}\n"));
    }
    // An empty file is not an error (runners apply it), but it is said.
    let empty = schemagen::load_schema(Path::new("fixtures/errors/bad_input/empty_file"))
        .expect("an empty migration applies");
    assert_eq!(empty.warnings.len(), 1);
    let warning = empty.warnings[0].render();
    assert!(warning.contains("holds no statements"), "{warning}");
    all.push_str(&format!("=== empty_file\n{warning}\n"));
    insta::assert_snapshot!("bad_input_table", all);
}

/// Problems found after the replay, in naming and typing the Rust items, point at the
/// statement that made (or last renamed) the object, as replay errors do.
#[test]
fn rust_naming_errors_are_located() {
    let cases = [
        (
            "struct_collision",
            "0001_a.sql:4:14",
            "would both be named `Device`",
        ),
        (
            "field_collision",
            "0001_a.sql:3:5",
            "both become the Rust field `a_b`",
        ),
        (
            "primitive_module",
            "0001_a.sql:1:14",
            "would hide Rust's `i32` type",
        ),
        ("no_rust_name", "0001_a.sql:1:14", "has no valid Rust name"),
        (
            "unmapped_type",
            "0001_a.sql:3:5",
            "which has no Rust type mapping",
        ),
        (
            "renamed_into_collision",
            "0002_b.sql:1:30",
            "would both be named `Device`",
        ),
    ];
    let mut all = String::new();
    for (case, place, message) in cases {
        let dir = format!("fixtures/errors/naming/{case}");
        let out = match schemagen::Builder::new().migrations(&dir).generate_string() {
            Ok(_) => panic!("{case} should not generate"),
            Err(e) => e.to_string(),
        };
        assert!(out.contains(message), "{case}: {out}");
        assert!(
            out.contains(&format!("--> {dir}/{place}")),
            "{case}: located at {place}\n{out}"
        );
        assert!(out.contains("help: "), "{case}: a hint\n{out}");
        all.push_str(&format!("=== {case}\n{out}\n"));
    }
    insta::assert_snapshot!("rust_naming_errors", all);
}

/// A 50 MB migration (mostly data) replays; the data statements are not parsed.
#[test]
fn a_fifty_megabyte_migration_replays() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT);\n");
    let mut i = 0;
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(&format!(
            "INSERT INTO t (id, body) VALUES ({i}, 'lorem ipsum dolor sit amet; consectetur');\n"
        ));
        i += 1;
    }
    text.push_str("ALTER TABLE t ADD COLUMN done BOOLEAN;\n");
    std::fs::write(dir.path().join("0001_big.sql"), text).unwrap();
    let loaded = schemagen::load_schema(dir.path()).expect("the big migration replays");
    let table = loaded
        .schema
        .tables
        .values()
        .find(|t| t.name.name == "t")
        .unwrap();
    assert_eq!(table.columns.len(), 3);
}

/// sqlx reads no Rust type from an array of a domain, even behind another domain: the
/// column is an error naming the override that fixes it, not a `Vec<i64>` that fails
/// when the first row is read.
#[test]
fn a_domain_over_an_array_of_a_domain_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("0001_a.sql"),
        "CREATE DOMAIN cents AS bigint;\nCREATE DOMAIN cents_list AS cents[];\n\
         CREATE TABLE t (id INTEGER PRIMARY KEY, history cents_list);\n",
    )
    .unwrap();
    let error = schemagen::Builder::new()
        .migrations(dir.path())
        .generate_string()
        .expect_err("the column has no Rust type");
    let text = error.to_string();
    assert!(text.contains("array of a domain"), "{text}");
    assert!(text.contains("t.history"), "{text}");
}

/// What a migration runner stops on stops schemagen too, naming the file and why the
/// runner stops, with a hint; a pass-over that names no statement is an error naming
/// the nearest one, so it cannot rot silently.
#[test]
fn runner_refusals_and_stale_pass_overs_are_named_with_a_hint() {
    let cases = [
        ("sqlx_unnumbered", "create_users.sql` stops sqlx"),
        ("goose_unnumbered", "init.sql` stops goose"),
        ("diesel_no_up", "2021_b` stops diesel"),
        (
            "diesel_empty_up",
            "2021_b/up.sql` is empty, and diesel refuses to run an empty migration",
        ),
        ("prisma_no_migration", "1_data` stops prisma"),
        (
            "dbmate_duplicate",
            "two migrations have version 1: `1_a.sql` and `1_b.sql`",
        ),
    ];
    let mut all = String::new();
    for (case, message) in cases {
        let out = rendered(&format!("fixtures/errors/refusals/{case}"));
        assert!(out.contains(message), "{case}: {out}");
        assert!(out.contains("help: "), "{case}: a hint\n{out}");
        all.push_str(&format!("=== {case}\n{out}\n"));
    }
    let dir = Path::new("fixtures/errors/alter_missing_table");
    for place in [
        "0002_add_column.sql:5",
        "0009_gone.sql:1",
        "0002_add_column.sql",
    ] {
        let options = schemagen::source::SourceOptions {
            pass_over: vec![place.to_string()],
            ..Default::default()
        };
        let out = match schemagen::load_schema_with(dir, &options) {
            Ok(_) => panic!("{place} should not load"),
            Err(e) => e.to_string(),
        };
        assert!(
            out.contains(&format!("Builder::pass_over(\"{place}\")")),
            "{out}"
        );
        assert!(out.contains("help: "), "{place}: a hint\n{out}");
        all.push_str(&format!("=== pass_over {place}\n{out}\n"));
    }
    // The stale place is located at the nearest statement, with the call that names it.
    assert!(
        all.contains("--> fixtures/errors/alter_missing_table/0002_add_column.sql:3:1"),
        "{all}"
    );
    assert!(
        all.contains("Builder::pass_over(\"0002_add_column.sql:3\")"),
        "{all}"
    );
    // Passing over the statement that fails lets the rest apply.
    let options = schemagen::source::SourceOptions {
        pass_over: vec!["0002_add_column.sql:3".to_string()],
        ..Default::default()
    };
    let loaded = schemagen::load_schema_with(dir, &options).expect("the rest applies");
    assert_eq!(loaded.passed_over_as_asked(), 1);
    insta::assert_snapshot!("runner_refusals_and_stale_pass_overs", all);
}

/// The refusal for a table made from a query schemagen cannot type names the call that
/// passes over the statement, and that call does: the build goes on without the table.
#[test]
fn an_untypable_table_from_a_query_is_passed_over_by_the_call_its_error_names() {
    let dir = Path::new("fixtures/errors/bad_input/ctas_untyped");
    let out = rendered("fixtures/errors/bad_input/ctas_untyped");
    let place = out
        .split("Builder::pass_over(\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("the hint names the call:\n{out}"));
    let options = schemagen::source::SourceOptions {
        pass_over: vec![place.to_string()],
        ..Default::default()
    };
    let loaded = schemagen::load_schema_with(dir, &options).expect("passed over, it loads");
    let tables: Vec<&str> = loaded
        .schema
        .tables
        .values()
        .filter(|t| !t.bookkeeping)
        .map(|t| t.name.name.as_str())
        .collect();
    assert_eq!(tables, ["accounts"]);
}
