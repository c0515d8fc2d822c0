use super::*;

fn schema() -> Schema {
    crate::load_inline(&[(
        "0001_a.sql",
        "CREATE SCHEMA billing;\n\
         CREATE TYPE mood AS ENUM ('happy', 'sad');\n\
         CREATE TYPE \"Mood\" AS ENUM ('x');\n\
         CREATE DOMAIN email AS text CHECK (VALUE LIKE '%@%');\n\
         CREATE TABLE queues (\"offset\" int PRIMARY KEY, name text NOT NULL, m mood);\n\
         CREATE TABLE billing.invoices (id int, q int REFERENCES queues, CONSTRAINT inv_u UNIQUE (id));\n\
         CREATE INDEX queues_name_idx ON queues (name);\n\
         CREATE VIEW v AS SELECT name FROM queues;\n\
         CREATE MATERIALIZED VIEW mv AS SELECT name FROM queues;",
    )])
    .expect("the fixture loads")
    .schema
}

fn decide(sql: &str) -> Option<bool> {
    let schema = schema();
    let vars: Vars = [
        ("t".to_string(), Some(Value::Text("queues".to_string()))),
        ("r".to_string(), None),
    ]
    .into();
    let search_path = ["public".to_string()];
    condition(
        sql,
        &Env {
            schema: &schema,
            search_path: &search_path,
            vars: &vars,
        },
    )
}

/// Each guard, once for an object that exists and once for one that does not.
fn both(present: &str, absent: &str) {
    assert_eq!(decide(present), Some(true), "{present}");
    assert_eq!(decide(absent), Some(false), "{absent}");
    assert_eq!(
        decide(&format!("NOT {present}")),
        Some(false),
        "NOT {present}"
    );
}

#[test]
fn pg_catalog_relations() {
    both(
        "EXISTS (SELECT 1 FROM pg_tables WHERE tablename = 'queues' AND schemaname = 'public')",
        "EXISTS (SELECT 1 FROM pg_tables WHERE tablename = 'queues' AND schemaname = 'billing')",
    );
    both(
        "EXISTS (SELECT FROM pg_catalog.pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE c.relname = 'invoices' AND n.nspname = 'billing' AND c.relkind = 'r')",
        "EXISTS (SELECT 1 FROM pg_class WHERE relname = 'invoices' AND relnamespace = 'public'::regnamespace)",
    );
    both(
        "EXISTS (SELECT 1 FROM pg_type WHERE typname = 'Mood')",
        "EXISTS (SELECT 1 FROM pg_type t WHERE t.typname = 'mood' AND t.typnamespace = 'billing'::regnamespace)",
    );
    both(
        "EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'billing')",
        "EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'audit')",
    );
    both(
        "EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'queues_pkey' AND conrelid = 'queues'::regclass AND contype = 'p')",
        "EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'billing.invoices'::regclass AND contype = 'p')",
    );
    both(
        "EXISTS (SELECT 1 FROM pg_indexes WHERE indexname IN ('queues_name_idx', 'nope') AND tablename = 'queues')",
        "EXISTS (SELECT 1 FROM pg_indexes WHERE schemaname = 'billing' AND indexname = 'queues_name_idx')",
    );
    both(
        "EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'queues'::regclass AND attname = 'm' AND NOT attisdropped)",
        "EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'queues'::regclass AND attname = 'gone')",
    );
    both(
        "EXISTS (SELECT 1 FROM pg_enum WHERE enumtypid = 'mood'::regtype AND enumlabel = 'sad')",
        "EXISTS (SELECT 1 FROM pg_enum WHERE enumtypid = 'mood'::regtype AND enumlabel = 'angry')",
    );
}

#[test]
fn joins_and_subqueries_over_oids() {
    both(
        "EXISTS (SELECT 1 FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid \
         WHERE t.typname = 'mood' AND e.enumlabel = 'happy')",
        "EXISTS (SELECT 1 FROM pg_enum e INNER JOIN pg_type t ON t.oid = e.enumtypid \
         WHERE t.typname = 'Mood' AND e.enumlabel = 'happy')",
    );
    both(
        "EXISTS (SELECT 1 FROM pg_enum WHERE enumlabel = 'sad' \
         AND enumtypid = (SELECT oid FROM pg_type WHERE typname = 'mood'))",
        "EXISTS (SELECT 1 FROM pg_enum WHERE enumlabel = 'y' \
         AND enumtypid = (SELECT oid FROM pg_type WHERE typname = 'Mood'))",
    );
    both(
        "EXISTS (SELECT * FROM pg_catalog.pg_type t, pg_catalog.pg_namespace n \
         WHERE t.typnamespace = n.oid AND n.nspname = 'public' AND t.typname = 'email')",
        "EXISTS (SELECT * FROM pg_catalog.pg_type t, pg_catalog.pg_namespace n \
         WHERE t.typnamespace = n.oid AND n.nspname = 'billing' AND t.typname = 'email')",
    );
}

#[test]
fn information_schema_relations() {
    both(
        "EXISTS (SELECT 1 FROM information_schema.tables WHERE table_name = 'invoices')",
        "EXISTS (SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'invoices')",
    );
    both(
        "EXISTS (SELECT column_name FROM information_schema.columns WHERE table_name = 'queues' AND column_name = 'offset')",
        "EXISTS (SELECT column_name FROM information_schema.columns WHERE table_name = 'queues' AND lower(column_name) = 'mood')",
    );
    both(
        "exists (select constraint_name from information_schema.table_constraints where table_name = 'queues' and constraint_type = 'PRIMARY KEY')",
        "exists (select constraint_name from information_schema.table_constraints where table_name = 'invoices' and constraint_type = 'PRIMARY KEY')",
    );
    // NOT NULL columns are CHECK constraints there, as in PostgreSQL 15.
    both(
        "EXISTS (SELECT 1 FROM information_schema.table_constraints WHERE table_name = 'queues' AND constraint_type = 'CHECK')",
        "EXISTS (SELECT 1 FROM information_schema.table_constraints WHERE table_name = 'invoices' AND constraint_type = 'CHECK')",
    );
    both(
        "EXISTS (SELECT 1 FROM information_schema.schemata WHERE schema_name = 'billing')",
        "EXISTS (SELECT 1 FROM information_schema.schemata WHERE schema_name = 'audit')",
    );
    both(
        "EXISTS (SELECT 1 FROM information_schema.constraint_column_usage WHERE table_name = 'queues' AND column_name = 'offset' AND constraint_name = 'invoices_q_fkey')",
        "EXISTS (SELECT 1 FROM information_schema.constraint_column_usage WHERE table_name = 'invoices' AND column_name = 'q')",
    );
    both(
        "(SELECT count(*) FROM information_schema.columns WHERE table_name = t) = 3",
        "(SELECT count(*) FROM information_schema.columns WHERE table_name = t) > 3",
    );
}

#[test]
fn views_and_key_columns() {
    both(
        "EXISTS (SELECT 1 FROM pg_views WHERE viewname = 'v')",
        "EXISTS (SELECT 1 FROM pg_views WHERE viewname = 'mv')",
    );
    both(
        "EXISTS (SELECT 1 FROM pg_matviews WHERE matviewname = 'mv' AND schemaname = 'public')",
        "EXISTS (SELECT 1 FROM pg_matviews WHERE matviewname = 'v')",
    );
    both(
        "EXISTS (SELECT 1 FROM information_schema.views WHERE table_name = 'v')",
        "EXISTS (SELECT 1 FROM information_schema.tables WHERE table_name = 'mv')",
    );
    both(
        "EXISTS (SELECT 1 FROM information_schema.key_column_usage k \
         JOIN information_schema.table_constraints c ON c.constraint_name = k.constraint_name \
         WHERE c.constraint_type = 'FOREIGN KEY' AND k.table_name = 'invoices' AND k.column_name = 'q')",
        "EXISTS (SELECT 1 FROM information_schema.key_column_usage WHERE table_name = 'queues' AND column_name = 'name')",
    );
    both(
        "EXISTS (SELECT 1 FROM pg_class WHERE relname = 'mv' AND relkind = 'm')",
        "EXISTS (SELECT 1 FROM pg_class WHERE relname = 'mv' AND relkind IN ('r', 'p', 'v'))",
    );
}

#[test]
fn oids_compare_as_objects_and_print_as_names() {
    both(
        "(SELECT conrelid::regclass::text FROM pg_constraint WHERE conname = 'queues_pkey') = 'queues'",
        "(SELECT conrelid::regclass::text FROM pg_constraint WHERE conname = 'inv_u') = 'invoices'",
    );
    both(
        "(SELECT conrelid::regclass::text FROM pg_constraint WHERE conname = 'inv_u') = 'billing.invoices'",
        "'queues'::regclass = 'billing.invoices'::regclass",
    );
}

#[test]
fn lookups_by_name() {
    both(
        "to_regclass('queues') IS NOT NULL",
        "to_regclass('invoices') IS NOT NULL",
    );
    both(
        "to_regclass('billing.invoices') IS NOT NULL",
        "to_regclass('public.v2') IS NOT NULL",
    );
    both(
        "to_regclass('queues_pkey') IS NOT NULL",
        "to_regclass('\"Queues\"') IS NOT NULL",
    );
    both(
        "to_regtype('mood') IS NOT NULL",
        "to_regtype('billing.mood') IS NOT NULL",
    );
    both(
        "to_regtype('integer') IS NOT NULL",
        "to_regtype('moods') IS NOT NULL",
    );
    both("'a' = 'a' OR 1 > 2", "1 <> 1 AND true");
    both("t = 'queues'", "t IN ('a', 'b')");
    both(
        "EXISTS (SELECT 1 FROM pg_tables WHERE tablename = ANY (ARRAY['x', 'queues']))",
        "EXISTS (SELECT 1 FROM pg_tables WHERE tablename = ANY (ARRAY['x', 'y']))",
    );
}

#[test]
fn what_depends_on_data_is_undecided() {
    // A user table, a variable set from a query, a catalog column not modelled.
    assert_eq!(
        decide("EXISTS (SELECT 1 FROM queues WHERE name = 'x')"),
        None
    );
    assert_eq!(decide("r = 'x'"), None);
    assert_eq!(
        decide(
            "EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'queues' AND column_default = '0')"
        ),
        None
    );
    assert_eq!(decide("random() > 0.5"), None);
    // ... unless the rest decides: `false AND <unknown>` is false.
    assert_eq!(decide("false AND r = 'x'"), Some(false));
    assert_eq!(
        decide("r = 'x' OR to_regclass('queues') IS NOT NULL"),
        Some(true)
    );
}

fn text_of(sql: &str) -> Option<String> {
    let schema = Schema::default();
    let vars: Vars = [
        ("tbl".to_string(), Some(Value::Text("My Table".to_string()))),
        ("row_name".to_string(), None),
    ]
    .into();
    let search_path = ["public".to_string()];
    text(
        sql,
        &Env {
            schema: &schema,
            search_path: &search_path,
            vars: &vars,
        },
    )
}

#[test]
fn execute_text_from_literals_and_format() {
    assert_eq!(
        text_of("'ALTER TABLE a ADD b int'").unwrap(),
        "ALTER TABLE a ADD b int"
    );
    assert_eq!(
        text_of("'COMMENT ON TABLE a IS ''x'''").unwrap(),
        "COMMENT ON TABLE a IS 'x'"
    );
    assert_eq!(text_of("E'a\\'b'").unwrap(), "a'b");
    assert_eq!(text_of("$q$DROP TABLE a$q$").unwrap(), "DROP TABLE a");
    assert_eq!(
        text_of("'ALTER TABLE ' || tbl || ' ADD c int'").unwrap(),
        "ALTER TABLE My Table ADD c int"
    );
    assert_eq!(
        text_of("format('ALTER TABLE %I ADD COLUMN %I text DEFAULT %L', tbl, 'col', 'it''s')")
            .unwrap(),
        "ALTER TABLE \"My Table\" ADD COLUMN col text DEFAULT 'it''s'"
    );
    assert_eq!(
        text_of("format('%2$I.%1$I %s %% %L', 'a', 'b', 1, NULL)").unwrap(),
        "b.a b % '1'"
    );
    assert_eq!(text_of("format('x = %L', NULL)").unwrap(), "x = NULL");
    assert_eq!(
        text_of("format('CREATE TABLE %I (x int)', 'order')").unwrap(),
        "CREATE TABLE \"order\" (x int)"
    );
    assert_eq!(
        text_of("quote_ident(tbl) || quote_literal('a\\b')").unwrap(),
        "\"My Table\"E'a\\\\b'"
    );
    assert_eq!(
        text_of("replace('a_new_idx', '_new', '') || concat_ws('-', 'x', NULL, 'y')").unwrap(),
        "a_idxx-y"
    );
    assert_eq!(text_of("format('DROP TABLE %I', row_name)"), None);
    assert_eq!(text_of("'x' || row_name"), None);
    assert_eq!(text_of("format('%I', NULL)"), None);
}

#[test]
fn column_types_as_information_schema_spells_them() {
    both(
        "EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'queues' AND column_name = 'name' AND data_type = 'text')",
        "EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'queues' AND column_name = 'name' AND data_type = 'character varying')",
    );
    both(
        "(SELECT data_type FROM information_schema.columns WHERE table_name = 'queues' AND column_name = 'm') = 'USER-DEFINED'",
        "(SELECT data_type FROM information_schema.columns WHERE table_name = 'queues' AND column_name = 'm') = 'mood'",
    );
    // A view's column types are not modelled.
    assert_eq!(
        decide(
            "EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'v' AND data_type = 'text')"
        ),
        None
    );
}

fn template_of(sql: &str) -> Option<(String, bool)> {
    let schema = Schema::default();
    let vars: Vars = [
        ("tbl".to_string(), Some(Value::Text("My Table".to_string()))),
        ("row_name".to_string(), None),
    ]
    .into();
    let search_path = ["public".to_string()];
    let env = Env {
        schema: &schema,
        search_path: &search_path,
        vars: &vars,
    };
    template(sql, &env).map(|t| (t.text, t.complete))
}

#[test]
fn execute_text_made_from_data_keeps_what_is_known() {
    let full = |s: &str| Some((s.to_string(), true));
    let cut = |s: &str| Some((s.to_string(), false));
    // Identifiers and literals data fills keep the statement whole.
    assert_eq!(
        template_of("format('GRANT SELECT ON %I TO %L', row_name, row_name)"),
        full("GRANT SELECT ON x TO 'x'")
    );
    assert_eq!(
        template_of("format('ALTER TABLE %2$I ADD %1$I int', row_name, tbl)"),
        full("ALTER TABLE \"My Table\" ADD x int")
    );
    assert_eq!(
        template_of(
            "'CREATE TRIGGER ' || quote_ident(row_name) || ' ON ' || quote_literal(row_name)"
        ),
        full("CREATE TRIGGER x ON 'x'")
    );
    // What data could fill with any SQL cuts the text there.
    assert_eq!(template_of("'ANALYZE ' || row_name"), cut("ANALYZE "));
    assert_eq!(
        template_of("format('DROP TABLE %s CASCADE', row_name)"),
        cut("DROP TABLE ")
    );
    assert_eq!(template_of("format('%1$', tbl)"), None);
    // Known text is the text.
    assert_eq!(template_of("'VACUUM ' || tbl"), full("VACUUM My Table"));
    // Nothing known: no template.
    assert_eq!(template_of("row_name"), None);
    assert_eq!(template_of("format(row_name, tbl)"), None);
    assert_eq!(template_of("row_name || ' x'"), None);
}

#[test]
fn relation_names_are_read_as_postgresql_reads_them() {
    // Whitespace around the parts, a quoted part, case folded outside quotes.
    both(
        "to_regclass(' Billing . \"invoices\" ') IS NOT NULL",
        "to_regclass('billing.\"Invoices\"') IS NOT NULL",
    );
    both(
        "'QUEUES'::regclass IS NOT NULL",
        "to_regclass('queues-old') IS NOT NULL",
    );
    // PostgreSQL's "invalid name syntax" (what follows a name, a comment, an empty
    // part) and a database part are not decided.
    for invalid in [
        "to_regclass('/* schema */queues') IS NOT NULL",
        "to_regclass('queues extra') IS NOT NULL",
        "to_regclass('billing..invoices') IS NOT NULL",
        "to_regclass('\"\"') IS NOT NULL",
        "to_regclass('\"queues') IS NOT NULL",
        "to_regclass('db.public.queues') IS NOT NULL",
        "to_regclass('') IS NOT NULL",
    ] {
        assert_eq!(decide(invalid), None, "{invalid}");
    }
}
