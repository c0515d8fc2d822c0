//! Property: for any migration history schemagen accepts, the generated code parses, is
//! the same bytes every time, and compiles without warnings; a history it refuses is
//! refused with a clean diagnostic that names a migration file, never with a panic or a
//! "bug in schemagen".
//!
//! The histories are random but valid PostgreSQL (the kind a real project could have):
//! one to three sqlx migration files (`0001_a.sql`, ...) of `CREATE TYPE ... AS ENUM`,
//! `CREATE TABLE` with a column of any type schemagen maps, `NOT NULL`, `DEFAULT`,
//! identity, `PRIMARY KEY`, `UNIQUE`, `CHECK (col IN (...))` on text columns (which
//! become Rust enums) and `REFERENCES` to an earlier table's key, inline or as table
//! constraints; `ALTER TABLE ... ADD / DROP / RENAME COLUMN`; and `COMMENT ON`. Names come
//! from vocabularies of awkward ones: Rust keywords, SQL reserved words, quoted names
//! with capitals, spaces, punctuation, a leading digit or non-ASCII letters; enum labels
//! and comments hold quotes, newlines, `*/`, control characters and emoji.
//!
//! How: a history is read from a stream of random numbers ([`Choices`]) by [`Draft`], a
//! small model of the schema so far. The model is what keeps the SQL valid: it knows
//! which names are taken (as PostgreSQL folds and compares them), which tables have a
//! primary key to reference and of what type, and which columns may be dropped. proptest
//! generates and shrinks the stream; every stream reads as a valid history, and smaller
//! numbers read as plainer ones, so a failure shrinks to a short, plain history.
//!
//! - [`generated_code_parses_and_is_deterministic`]: 256 random histories, a new seed
//!   each run (`PROPTEST_RNG_SEED=<n>` replays one); a failure prints its shrunk history,
//!   which belongs in a plain `#[test]` if it is kept.
//! - [`a_sample_of_generated_code_compiles`]: 24 histories from a fixed seed, compiled
//!   together by `schemagen_tests::compile` under `#![deny(warnings, missing_docs)]`.
//!
//! Left out on purpose, each a shortcoming of schemagen this test found (widen the
//! histories when one is mended):
//! - names that schemagen cannot turn into Rust, or turns into the same Rust name as
//!   another item's (`device` and `devices`, columns `"A b"` and `a_b`, a table `i32`):
//!   schemagen refuses them, as it should, but with a diagnostic that names no migration
//!   file. [`Draft`] gives such an object the next free name instead (`devices_2`), asking
//!   schemagen's own naming functions (see [`rust_names_clash`]);
//! - an enum type of no labels (`CREATE TYPE e AS ENUM ()`): the generated
//!   `#[derive(sqlx::Type)]` on an enum of no variants does not compile;
//! - the values `self` and `Self` in one enum type or CHECK: the second becomes the
//!   variant `Self_2`, which rustc warns is not camel case;
//! - an enum label holding a control character: schemagen refuses `CREATE TYPE ... AS
//!   ENUM (E'line\nbreak')`, which PostgreSQL accepts (sqlparser reads no `E''` string
//!   there). CHECK values, defaults and comments still hold them.

use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;
use std::fmt;
use std::path::Path;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use schemagen::rust::{enums::PARSE_ERROR, names};
use schemagen_tests::compile::{Deps, compile_generated};

// ---------------------------------------------------------------------------------------
// Vocabularies. The first entry of each is the plainest: a stream of zeros reads as it.

/// Table names, as PostgreSQL stores them (quoted where they need it, see [`sql_name`]).
#[rustfmt::skip]
const TABLE_NAMES: &[&str] = &[
    "devices", "captures", "people", "categories", "statuses", "boxes", "data", "x",
    // Rust keywords, raw identifiers or not allowed even raw.
    "type", "fn", "self", "Self", "super", "crate", "match", "async", "await", "dyn", "impl",
    "mod", "move", "ref", "struct", "trait", "use", "loop", "yield", "try", "gen", "macro",
    // SQL reserved words.
    "select", "order", "user", "group", "table", "check", "where", "for", "in", "do", "end",
    // Names the generated code's own paths might resolve to instead.
    "options", "strings", "vecs", "results", "errors", "std", "core", "sqlx", "uuid",
    "chrono", "str", "text", "date", "json",
    // Quoted names.
    "Weird Name", "a-b", "1col", "2fa", "Foo", "foo", "CamelCase", "SHOUTING", "café",
    "naïve résumé", "quote\"d", "semi;colon", "--dashes", "/*star*/", "$$dollar$$",
];

/// Column names.
#[rustfmt::skip]
const COLUMN_NAMES: &[&str] = &[
    "id", "name", "value", "status", "kind", "data", "x",
    "type", "fn", "self", "Self", "super", "crate", "match", "async", "loop", "r#type",
    "select", "order", "user", "from", "default", "check", "table", "date", "time",
    // Names the generated items use for themselves.
    "insert", "new", "columns", "COLUMNS", "TABLE", "Option", "None", "String",
    "Weird Name", "a-b", "1col", "2fa", "Foo", "foo", "UserName", "user_name", "café",
    "has space", "quote\"d", "semi;colon", "_private", "__",
];

/// Enum type names. None is a built-in type's name: a column declared with it would
/// name the built-in (`pg_catalog` comes first on the search path).
#[rustfmt::skip]
const ENUM_NAMES: &[&str] = &[
    "mood", "status", "kind", "color", "fn", "self", "type", "order", "Weird Enum", "2fa",
    "a-b", "café", "Option", "Result", "Vec", "String", "Clone", "Debug", "Default",
    "ParseEnumError",
];

/// Enum labels and the values a CHECK allows: at most 20 characters, so any of them
/// fits a `varchar(20)`. Not `Self` (see the module's doc).
#[rustfmt::skip]
const LABELS: &[&str] = &[
    "a", "b", "pending", "PENDING", "Pending2", "in-progress", "2fa", "Foo", "foo", "self",
    "type", "it's", "", "a b", "café", "日本", "🦀", "\"quoted\"", "back\\slash",
    "line\nbreak", "tab\there", "*/", "None", "Some", "r#x", "_", "ParseEnumError", "Empty",
    "Value", "V2fa", "ALL", "as_str",
];

/// `COMMENT ON` texts.
const COMMENTS: &[&str] = &[
    "plain words",
    "",
    "*/ ends a block comment",
    "/* starts one",
    "\"double quotes\"",
    "back\\slash",
    "it's",
    "line one\nline two",
    "carriage\rreturn",
    "tab\tstop",
    "#[doc = \"injected\"]",
    "`backtick",
    "héllo ✓ 日本 🦀",
    "trailing newline\n",
    "\\",
    "}",
    "bell\u{7}",
    "[link] and <html>",
    "# heading",
];

/// What may stand before a migration's statements: comments holding what a statement
/// splitter must not take for SQL.
const FILE_HEADERS: &[&str] = &[
    "",
    "-- it's a comment; with a semicolon\n",
    "/* a block; comment with 'quotes' */\n",
];

/// Names of the migration files, after their version.
const FILE_NAMES: &[&str] = &["a", "b", "c"];

/// PostgreSQL's key words that [`TABLE_NAMES`] and [`COLUMN_NAMES`] use and that cannot
/// name a table or column unquoted (reserved, or reserved as types or functions).
#[rustfmt::skip]
const SQL_RESERVED: &[&str] = &[
    "select", "order", "user", "group", "table", "check", "where", "for", "in", "do", "end",
    "from", "default", "time",
];

/// Rust's primitive types: schemagen refuses a table whose names module would hide one
/// (copied from `build-support/src/rust/mod.rs`, where it is private).
#[rustfmt::skip]
const PRIMITIVES: &[&str] = &[
    "bool", "char", "str", "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64",
    "u128", "usize", "f16", "f32", "f64", "f128",
];

// ---------------------------------------------------------------------------------------
// Types.

/// A built-in SQL type schemagen maps, as a column declares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Builtin {
    sql: &'static str,
    /// Has a btree operator class, so may be a PRIMARY KEY or UNIQUE (`json` has none).
    btree: bool,
    /// A DEFAULT of this type; `None` for the serial types, which have their own.
    default: Option<&'static str>,
    /// `text` or `varchar`: a CHECK limiting it to a set of strings makes it a Rust enum,
    /// and its DEFAULT is one of [`LABELS`].
    text: bool,
    /// May be an identity column.
    integer: bool,
}

const fn plain(sql: &'static str, default: &'static str) -> Builtin {
    Builtin {
        sql,
        btree: true,
        default: Some(default),
        text: false,
        integer: false,
    }
}

const fn integer(sql: &'static str, default: &'static str) -> Builtin {
    Builtin {
        integer: true,
        ..plain(sql, default)
    }
}

const fn text(sql: &'static str) -> Builtin {
    Builtin {
        text: true,
        ..plain(sql, "''")
    }
}

const fn serial(sql: &'static str) -> Builtin {
    Builtin {
        default: None,
        ..plain(sql, "")
    }
}

/// Every built-in type a column may have.
const BUILTINS: &[Builtin] = &[
    integer("integer", "42"),
    integer("smallint", "1"),
    integer("bigint", "-1"),
    serial("serial"),
    serial("bigserial"),
    plain("real", "1.5"),
    plain("double precision", "0"),
    plain("numeric", "3.14"),
    plain("numeric(10,2)", "12.50"),
    text("text"),
    text("varchar(20)"),
    plain("char(3)", "'abc'"),
    plain("boolean", "true"),
    plain("bytea", "'\\xdeadbeef'"),
    plain("uuid", "gen_random_uuid()"),
    Builtin {
        btree: false,
        ..plain("json", "'{}'")
    },
    plain("jsonb", "'{\"a\": [1, 2]}'::jsonb"),
    plain("date", "CURRENT_DATE"),
    plain("time", "'12:34:56'"),
    plain("timestamp", "LOCALTIMESTAMP"),
    plain("timestamptz", "now()"),
    plain("interval", "'1 day'"),
    plain("inet", "'127.0.0.1'"),
    plain("cidr", "'10.0.0.0/8'"),
    plain("macaddr", "'08:00:2b:01:02:03'"),
    plain("money", "'1.00'"),
    plain("int4range", "'[1,10)'"),
    plain("tstzrange", "'empty'"),
    plain("int[]", "'{1,2}'"),
    plain("text[]", "ARRAY['a', 'b']"),
];

fn builtin(sql: &str) -> Builtin {
    *BUILTINS
        .iter()
        .find(|b| b.sql == sql)
        .expect("a type of BUILTINS")
}

/// A column's type: built in, or one of the history's enum types (by name) or an array
/// of it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum ColumnType {
    Builtin(Builtin),
    Enum { name: String, array: bool },
}

impl ColumnType {
    fn btree(&self) -> bool {
        match self {
            ColumnType::Builtin(b) => b.btree,
            ColumnType::Enum { .. } => true,
        }
    }

    fn text(&self) -> bool {
        matches!(self, ColumnType::Builtin(b) if b.text)
    }

    /// The type of a column referencing a key of this type: a serial's is its integer.
    fn referenced_as(&self) -> ColumnType {
        match self {
            ColumnType::Builtin(b) if b.sql == "serial" => ColumnType::Builtin(builtin("integer")),
            ColumnType::Builtin(b) if b.sql == "bigserial" => {
                ColumnType::Builtin(builtin("bigint"))
            }
            other => other.clone(),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Random choices.

/// The random numbers a history is read from. Any stream reads as a valid history. Past
/// its end every choice is 0, and 0 always reads as the plainest option (the first name
/// of a vocabulary, no constraint), so proptest's shrinking (shorter streams, smaller
/// numbers) makes plainer histories.
struct Choices<'a> {
    stream: &'a [u32],
    read: usize,
}

impl Choices<'_> {
    /// A number in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        let raw = self.stream.get(self.read).copied().unwrap_or(0);
        self.read += 1;
        raw as usize % n
    }

    /// True about `percent` times in a hundred; false for 0.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) >= 100 - percent
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

// ---------------------------------------------------------------------------------------
// SQL text.

/// A name as a statement writes it: quoted when it must be (not lower-case letters,
/// digits and `_`, or a reserved word), otherwise unquoted, in upper case (which
/// PostgreSQL folds back) or quoted, as `c` chooses.
fn sql_name(c: &mut Choices, name: &str) -> String {
    let plain = name
        .chars()
        .next()
        .is_some_and(|first| first.is_ascii_lowercase() || first == '_')
        && name
            .chars()
            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_')
        && !SQL_RESERVED.contains(&name);
    match (plain, c.below(4)) {
        (true, 0 | 1) => name.to_string(),
        (true, 2) => name.to_ascii_uppercase(),
        _ => format!("\"{}\"", name.replace('"', "\"\"")),
    }
}

/// A string literal holding `text`: `'...'`, or `E'...'` with backslash escapes when
/// it holds a control character.
fn sql_string(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return format!("'{}'", text.replace('\'', "''"));
    }
    let mut escaped = String::from("E'");
    for ch in text.chars() {
        match ch {
            '\\' => escaped.push_str("\\\\"),
            '\'' => escaped.push_str("\\'"),
            '\n' => escaped.push_str("\\n"),
            '\r' => escaped.push_str("\\r"),
            '\t' => escaped.push_str("\\t"),
            ch if ch.is_control() => escaped.push_str(&format!("\\u{:04x}", ch as u32)),
            ch => escaped.push(ch),
        }
    }
    escaped.push('\'');
    escaped
}

fn sql_list(values: &[String]) -> String {
    values
        .iter()
        .map(|v| sql_string(v))
        .collect::<Vec<_>>()
        .join(", ")
}

// ---------------------------------------------------------------------------------------
// The model a history is drawn from.

#[derive(Debug, Clone)]
struct EnumType {
    name: String,
    labels: Vec<String>,
}

#[derive(Debug, Clone)]
struct Table {
    name: String,
    columns: Vec<Column>,
}

impl Table {
    fn primary_key(&self) -> Option<&Column> {
        self.columns.iter().find(|c| c.primary_key)
    }
}

#[derive(Debug, Clone)]
struct Column {
    name: String,
    ty: ColumnType,
    primary_key: bool,
    /// A CHECK limits this text column to a set of strings: it becomes a Rust enum.
    text_enum: bool,
    /// The table whose primary key this column references.
    references: Option<String>,
}

/// A column about to be declared: what [`Draft::column_spec`] chose before it is named.
struct ColumnSpec {
    ty: ColumnType,
    /// The referenced table and its key column's name.
    references: Option<(String, String)>,
    primary_key: bool,
    unique: bool,
    /// The strings a CHECK allows.
    check: Option<Vec<String>>,
    not_null: bool,
    default: Option<String>,
    /// `ALWAYS` or `BY DEFAULT`.
    identity: Option<&'static str>,
}

/// A constraint of one column, written either way.
struct Constraint {
    /// In the column's definition: `PRIMARY KEY`.
    inline: String,
    /// After the columns: `PRIMARY KEY (id)`.
    on_table: String,
}

/// Where a column is declared: `CREATE TABLE` may move its constraints to the table.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Declared {
    InCreateTable,
    InAddColumn,
}

/// The schema a history has built so far, as PostgreSQL would hold it.
#[derive(Debug, Clone, Default)]
struct Draft {
    enums: Vec<EnumType>,
    tables: Vec<Table>,
    /// Table CHECK constraints named so far (`ck_1`, ...), so no name is used twice.
    checks_named: usize,
}

impl Draft {
    /// One statement, chosen by `c`; plain `CREATE TABLE` for 0.
    fn statement(&mut self, c: &mut Choices) -> String {
        let choice = c.below(10);
        if self.tables.is_empty() || choice < 4 {
            return self.create_table(c);
        }
        match choice {
            4 | 5 => self.create_enum(c),
            6 | 7 => self.alter_table(c),
            _ => self.comment(c),
        }
    }

    fn create_enum(&mut self, c: &mut Choices) -> String {
        let base = c.pick(ENUM_NAMES);
        let name = first_free(base, |name| {
            self.type_name_free(name)
                && !rust_names_clash(&self.with(|d| {
                    d.enums.push(EnumType {
                        name: name.to_string(),
                        labels: Vec::new(),
                    })
                }))
        });
        // Left out: an enum of no labels, whose generated `#[derive(sqlx::Type)]` does not
        // compile, and labels holding a control character: schemagen refuses `CREATE
        // TYPE ... AS ENUM (E'line\nbreak')`, which PostgreSQL accepts (sqlparser reads
        // no `E''` string there).
        let candidates: Vec<&str> = LABELS
            .iter()
            .copied()
            .filter(|label| !label.contains(char::is_control))
            .collect();
        let mut labels: Vec<String> = Vec::new();
        for _ in 0..1 + c.below(5) {
            let label = c.pick(&candidates).to_string();
            // PostgreSQL refuses a label given twice.
            if !labels.contains(&label) {
                labels.push(label);
            }
        }
        let sql = format!(
            "CREATE TYPE {} AS ENUM ({});\n",
            sql_name(c, &name),
            sql_list(&labels)
        );
        self.enums.push(EnumType { name, labels });
        sql
    }

    fn create_table(&mut self, c: &mut Choices) -> String {
        let base = c.pick(TABLE_NAMES);
        let name = first_free(base, |name| {
            self.type_name_free(name)
                && !rust_names_clash(&self.with(|d| {
                    d.tables.push(Table {
                        name: name.to_string(),
                        columns: Vec::new(),
                    })
                }))
        });
        let table_sql = sql_name(c, &name);
        self.tables.push(Table {
            name,
            columns: Vec::new(),
        });
        let table = self.tables.len() - 1;
        // No column at all is valid too, and makes a struct of no fields.
        let mut lines = Vec::new();
        let mut table_constraints = Vec::new();
        for _ in 0..c.below(7) {
            let (definition, constraints) = self.add_column(c, table, Declared::InCreateTable);
            lines.push(definition);
            table_constraints.extend(constraints);
        }
        lines.extend(table_constraints);
        if lines.is_empty() {
            return format!("CREATE TABLE {table_sql} ();\n");
        }
        format!(
            "CREATE TABLE {table_sql} (\n    {}\n);\n",
            lines.join(",\n    ")
        )
    }

    fn alter_table(&mut self, c: &mut Choices) -> String {
        let table = c.below(self.tables.len());
        let with_columns = !self.tables[table].columns.is_empty();
        match c.below(3) {
            1 if with_columns => self.drop_column(c, table),
            2 if with_columns => self.rename_column(c, table),
            _ => {
                let table_sql = sql_name(c, &self.tables[table].name);
                let column_keyword = if c.chance(50) { "COLUMN " } else { "" };
                let (definition, _) = self.add_column(c, table, Declared::InAddColumn);
                format!("ALTER TABLE {table_sql} ADD {column_keyword}{definition};\n")
            }
        }
    }

    /// Chooses a column of `table` and adds it to the draft. Returns its definition, and
    /// the table constraints `CREATE TABLE` should add for it.
    fn add_column(
        &mut self,
        c: &mut Choices,
        table: usize,
        declared: Declared,
    ) -> (String, Vec<String>) {
        let spec = self.column_spec(c, table);
        let base = c.pick(COLUMN_NAMES);
        let candidate = |name: &str| Column {
            name: name.to_string(),
            ty: spec.ty.clone(),
            primary_key: spec.primary_key,
            text_enum: spec.check.is_some(),
            references: spec.references.as_ref().map(|(t, _)| t.clone()),
        };
        let name = first_free(base, |name| {
            self.tables[table]
                .columns
                .iter()
                .all(|col| col.name != name)
                && !rust_names_clash(&self.with(|d| d.tables[table].columns.push(candidate(name))))
        });
        self.tables[table].columns.push(candidate(&name));
        let mut definition = Draft::column_definition(c, &name, &spec);
        let constraints = self.constraints(c, &name, &spec);
        if declared == Declared::InCreateTable && c.chance(30) {
            return (
                definition,
                constraints.into_iter().map(|k| k.on_table).collect(),
            );
        }
        for constraint in constraints {
            definition.push(' ');
            definition.push_str(&constraint.inline);
        }
        (definition, Vec::new())
    }

    /// The column's type and constraints; 0 reads as a nullable `integer`.
    fn column_spec(&self, c: &mut Choices, table: usize) -> ColumnSpec {
        let keyed: Vec<&Table> = self.tables[..table]
            .iter()
            .chain(&self.tables[table + 1..])
            .filter(|t| t.primary_key().is_some())
            .collect();
        let (ty, references) = match c.below(10) {
            7 | 8 if !self.enums.is_empty() => {
                let e = &self.enums[c.below(self.enums.len())];
                let array = c.chance(20);
                (
                    ColumnType::Enum {
                        name: e.name.clone(),
                        array,
                    },
                    None,
                )
            }
            9 if !keyed.is_empty() => {
                let target = keyed[c.below(keyed.len())];
                let key = target.primary_key().expect("a keyed table");
                (
                    key.ty.referenced_as(),
                    Some((target.name.clone(), key.name.clone())),
                )
            }
            _ => (ColumnType::Builtin(c.pick(BUILTINS)), None),
        };
        let has_key = self.tables[table].primary_key().is_some();
        let primary_key = !has_key && ty.btree() && c.chance(30);
        let unique = !primary_key && ty.btree() && c.chance(10);
        let check = (ty.text() && c.chance(40)).then(|| {
            (0..1 + c.below(4))
                .map(|_| c.pick(LABELS).to_string())
                .collect::<Vec<_>>()
        });
        let identity = match &ty {
            ColumnType::Builtin(b) if b.integer && references.is_none() && c.chance(10) => {
                Some(if c.chance(50) { "ALWAYS" } else { "BY DEFAULT" })
            }
            _ => None,
        };
        let not_null = c.chance(30);
        let default = (identity.is_none() && c.chance(30))
            .then(|| self.default_for(c, &ty, check.as_deref()))
            .flatten();
        ColumnSpec {
            ty,
            references,
            primary_key,
            unique,
            check,
            not_null,
            default,
            identity,
        }
    }

    /// A DEFAULT for a column of `ty`: one of the CHECK's values when it has one.
    fn default_for(
        &self,
        c: &mut Choices,
        ty: &ColumnType,
        check: Option<&[String]>,
    ) -> Option<String> {
        match (ty, check) {
            (_, Some(values)) => Some(sql_string(&values[0])),
            (ColumnType::Builtin(b), None) if b.text => Some(sql_string(c.pick(LABELS))),
            (ColumnType::Builtin(b), None) => b.default.map(str::to_string),
            (ColumnType::Enum { array: true, .. }, None) => Some("'{}'".to_string()),
            (ColumnType::Enum { name, .. }, None) => {
                // An enum of no labels has no value to default to.
                let labels = &self.enum_type(name).labels;
                (!labels.is_empty()).then(|| sql_string(&labels[c.below(labels.len())]))
            }
        }
    }

    /// The column's definition: name, type, identity, NOT NULL and DEFAULT.
    fn column_definition(c: &mut Choices, name: &str, spec: &ColumnSpec) -> String {
        let type_sql = match &spec.ty {
            ColumnType::Builtin(b) => b.sql.to_string(),
            ColumnType::Enum { name, array } => {
                let schema = if c.chance(20) { "public." } else { "" };
                let brackets = if *array { "[]" } else { "" };
                format!("{schema}{}{brackets}", sql_name(c, name))
            }
        };
        let mut definition = format!("{} {type_sql}", sql_name(c, name));
        if let Some(identity) = spec.identity {
            definition.push_str(&format!(" GENERATED {identity} AS IDENTITY"));
        }
        if spec.not_null {
            definition.push_str(" NOT NULL");
        }
        if let Some(default) = &spec.default {
            definition.push_str(&format!(" DEFAULT {default}"));
        }
        definition
    }

    /// The column's key, CHECK and foreign key, each as a column constraint and as a
    /// table constraint.
    fn constraints(&mut self, c: &mut Choices, name: &str, spec: &ColumnSpec) -> Vec<Constraint> {
        let mut constraints = Vec::new();
        for (wanted, key) in [(spec.primary_key, "PRIMARY KEY"), (spec.unique, "UNIQUE")] {
            if wanted {
                constraints.push(Constraint {
                    inline: key.to_string(),
                    on_table: format!("{key} ({})", sql_name(c, name)),
                });
            }
        }
        if let Some(values) = &spec.check {
            let check = format!("CHECK ({})", check_expression(c, name, values));
            self.checks_named += 1;
            constraints.push(Constraint {
                on_table: format!("CONSTRAINT ck_{} {check}", self.checks_named),
                inline: check,
            });
        }
        if let Some((table, key)) = &spec.references {
            let target = sql_name(c, table);
            // The key column may be left for PostgreSQL to find.
            let inline = if c.chance(50) {
                format!("REFERENCES {target}")
            } else {
                format!("REFERENCES {target} ({})", sql_name(c, key))
            };
            constraints.push(Constraint {
                inline,
                on_table: format!(
                    "FOREIGN KEY ({}) REFERENCES {target} ({})",
                    sql_name(c, name),
                    sql_name(c, key)
                ),
            });
        }
        constraints
    }

    /// Drops a column; `CASCADE` when it is a key other tables reference, whose
    /// foreign keys then go with it.
    fn drop_column(&mut self, c: &mut Choices, table: usize) -> String {
        let t = &self.tables[table];
        let column = t.columns[c.below(t.columns.len())].clone();
        let referenced = column.primary_key
            && self.tables.iter().any(|other| {
                other
                    .columns
                    .iter()
                    .any(|col| col.references.as_deref() == Some(t.name.as_str()))
            });
        let table_sql = sql_name(c, &t.name);
        let column_keyword = if c.chance(50) { "COLUMN " } else { "" };
        let if_exists = if c.chance(20) { "IF EXISTS " } else { "" };
        let column_sql = sql_name(c, &column.name);
        let cascade = if referenced || c.chance(10) {
            " CASCADE"
        } else {
            ""
        };
        let table_name = t.name.clone();
        if referenced {
            for col in self.tables.iter_mut().flat_map(|t| &mut t.columns) {
                if col.references.as_deref() == Some(table_name.as_str()) {
                    col.references = None;
                }
            }
        }
        self.tables[table]
            .columns
            .retain(|col| col.name != column.name);
        format!("ALTER TABLE {table_sql} DROP {column_keyword}{if_exists}{column_sql}{cascade};\n")
    }

    fn rename_column(&mut self, c: &mut Choices, table: usize) -> String {
        let index = c.below(self.tables[table].columns.len());
        let old = self.tables[table].columns[index].name.clone();
        let base = c.pick(COLUMN_NAMES);
        let name = first_free(base, |name| {
            self.tables[table]
                .columns
                .iter()
                .all(|col| col.name != name)
                && !rust_names_clash(
                    &self.with(|d| d.tables[table].columns[index].name = name.to_string()),
                )
        });
        self.tables[table].columns[index].name = name.clone();
        let column_keyword = if c.chance(50) { "COLUMN " } else { "" };
        format!(
            "ALTER TABLE {} RENAME {column_keyword}{} TO {};\n",
            sql_name(c, &self.tables[table].name),
            sql_name(c, &old),
            sql_name(c, &name)
        )
    }

    /// `COMMENT ON` a table, a column or an enum type; `IS NULL` now and then.
    fn comment(&mut self, c: &mut Choices) -> String {
        let text = if c.chance(10) {
            "NULL".to_string()
        } else {
            sql_string(c.pick(COMMENTS))
        };
        let table = &self.tables[c.below(self.tables.len())];
        let target = match c.below(3) {
            1 if !table.columns.is_empty() => {
                let column = &table.columns[c.below(table.columns.len())];
                format!(
                    "COLUMN {}.{}",
                    sql_name(c, &table.name),
                    sql_name(c, &column.name)
                )
            }
            2 if !self.enums.is_empty() => {
                let e = &self.enums[c.below(self.enums.len())];
                format!("TYPE {}", sql_name(c, &e.name))
            }
            _ => format!("TABLE {}", sql_name(c, &table.name)),
        };
        format!("COMMENT ON {target} IS {text};\n")
    }

    /// No table or type has this name (tables are types too, in PostgreSQL's catalog).
    fn type_name_free(&self, name: &str) -> bool {
        self.tables.iter().all(|t| t.name != name) && self.enums.iter().all(|e| e.name != name)
    }

    fn enum_type(&self, name: &str) -> &EnumType {
        self.enums
            .iter()
            .find(|e| e.name == name)
            .expect("an enum of the draft")
    }

    /// A copy of the draft, changed by `change`: what a name would lead to.
    fn with(&self, change: impl FnOnce(&mut Draft)) -> Draft {
        let mut draft = self.clone();
        change(&mut draft);
        draft
    }
}

/// `col IN (...)`, `col = ANY (ARRAY[...])` or `col = 'a' OR col = 'b'`: the forms
/// schemagen reads as a closed set of strings.
fn check_expression(c: &mut Choices, column: &str, values: &[String]) -> String {
    match c.below(3) {
        1 => format!(
            "{} = ANY (ARRAY[{}])",
            sql_name(c, column),
            sql_list(values)
        ),
        2 => values
            .iter()
            .map(|v| format!("{} = {}", sql_name(c, column), sql_string(v)))
            .collect::<Vec<_>>()
            .join(" OR "),
        _ => format!("{} IN ({})", sql_name(c, column), sql_list(values)),
    }
}

/// `base`, else `base_2`, `base_3`, ...: the first name `free` accepts.
fn first_free(base: &str, free: impl Fn(&str) -> bool) -> String {
    std::iter::once(base.to_string())
        .chain((2..100).map(|n| format!("{base}_{n}")))
        .find(|name| free(name))
        .unwrap_or_else(|| panic!("no free name after `{base}` (a bug in this test)"))
}

/// Whether schemagen would refuse to name the draft's Rust items: an item with no Rust
/// name, two items of one name, two columns of one table of one field name, a names
/// module hiding a primitive type. Mirrors `name_everything` in
/// `build-support/src/rust/mod.rs` with schemagen's own naming functions, so that the
/// histories avoid exactly what it refuses (with a diagnostic that names no file).
fn rust_names_clash(draft: &Draft) -> bool {
    // Every item is in `public`, so in one module.
    let mut items = Claims::default();
    for e in &draft.enums {
        items.claim(names::type_name(&e.name));
    }
    for table in &draft.tables {
        let row = names::table_struct_name(&table.name);
        let module = names::snake_ident(&table.name)
            .map(|ident| ident.to_string())
            .filter(|module| !PRIMITIVES.contains(&module.as_str()));
        items.claim(row.as_ref().map(|row| format!("New{row}")));
        items.claim(row.clone());
        items.claim(module);
        let mut fields = Claims::default();
        for column in &table.columns {
            fields.claim(names::snake_ident(&column.name).map(|ident| ident.to_string()));
            if column.text_enum {
                let name = row.as_ref().map(|row| format!("{row}_{}", column.name));
                items.claim(name.as_deref().and_then(names::type_name));
            }
        }
        items.clash |= fields.clash;
    }
    let text_enums = draft
        .tables
        .iter()
        .flat_map(|t| &t.columns)
        .any(|c| c.text_enum);
    if !draft.enums.is_empty() || text_enums {
        items.claim(Some(PARSE_ERROR.to_string()));
    }
    items.clash
}

/// The Rust names given in one scope (a module's items, a struct's fields).
#[derive(Default)]
struct Claims {
    taken: BTreeSet<String>,
    /// A name was wanted twice, or could not be made.
    clash: bool,
}

impl Claims {
    fn claim(&mut self, name: Option<String>) {
        match name {
            Some(name) => self.clash |= !self.taken.insert(name),
            None => self.clash = true,
        }
    }
}

// ---------------------------------------------------------------------------------------
// Histories.

/// A migrations folder's files, as `(file name, SQL)`.
#[derive(Clone)]
struct History {
    files: Vec<(String, String)>,
}

impl History {
    /// The history `stream` reads as: one to three files of one to four statements.
    fn from_choices(stream: &[u32]) -> History {
        let mut c = Choices { stream, read: 0 };
        let mut draft = Draft::default();
        let files = (0..1 + c.below(3))
            .map(|i| {
                let mut sql = c.pick(FILE_HEADERS).to_string();
                for _ in 0..1 + c.below(4) {
                    sql.push_str(&draft.statement(&mut c));
                }
                (format!("{:04}_{}.sql", i + 1, FILE_NAMES[i]), sql)
            })
            .collect();
        History { files }
    }

    /// Writes the files into a new temporary folder.
    fn write(&self) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("a temporary folder");
        for (name, sql) in &self.files {
            std::fs::write(dir.path().join(name), sql).expect("a migration written");
        }
        dir
    }
}

/// The files as they read, for proptest's report of a failing case.
impl fmt::Debug for History {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (name, sql) in &self.files {
            writeln!(f, "-- {name}\n{sql}")?;
        }
        Ok(())
    }
}

/// Random histories: a stream of up to 1,500 choices, enough for the largest history
/// (three files of four statements of up to six columns).
fn histories() -> impl Strategy<Value = History> {
    prop::collection::vec(any::<u32>(), 0..1500).prop_map(|stream| History::from_choices(&stream))
}

// ---------------------------------------------------------------------------------------
// The property.

fn generate(dir: &Path) -> Result<String, schemagen::Error> {
    schemagen::Builder::new()
        .migrations(dir)
        .generate_string()
        .map(|generated| generated.code)
}

/// What schemagen made of a history that passed the property.
enum Outcome {
    Generated,
    /// Its diagnostics, rendered.
    Refused(String),
}

/// Runs schemagen on the history: code that parses and is the same twice, or a refusal
/// whose every error names one of the history's files and none says it is a bug.
fn check(history: &History) -> Result<Outcome, TestCaseError> {
    let dir = history.write();
    let error = match generate(dir.path()) {
        Ok(code) => {
            if let Err(e) = syn::parse_file(&code) {
                return Err(TestCaseError::fail(format!(
                    "the generated code does not parse: {e}\n{code}"
                )));
            }
            let again = generate(dir.path()).map_err(|e| {
                TestCaseError::fail(format!("generated once, refused the second time:\n{e}"))
            })?;
            prop_assert!(code == again, "two runs generated different code");
            return Ok(Outcome::Generated);
        }
        Err(error) => error,
    };
    let rendered = error.to_string();
    prop_assert!(
        !rendered.contains("bug in schemagen"),
        "schemagen reports a bug in itself:\n{rendered}"
    );
    for diagnostic in error.errors() {
        let location = diagnostic.location().unwrap_or_default();
        prop_assert!(
            history
                .files
                .iter()
                .any(|(name, _)| location.contains(name.as_str())),
            "an error names no migration file:\n{}",
            diagnostic.render()
        );
    }
    Ok(Outcome::Refused(rendered))
}

/// 256 cases, and no `proptest-regressions` folder beside this file.
fn config() -> Config {
    Config {
        cases: 256,
        failure_persistence: None,
        ..Config::default()
    }
}

/// The property, on random histories; fails too when more than a fifth are refused.
#[test]
fn generated_code_parses_and_is_deterministic() {
    let generated = Cell::new(0usize);
    let refused: RefCell<Vec<String>> = RefCell::default();
    let mut runner = TestRunner::new(config());
    let result = runner.run(&histories(), |history| {
        match check(&history)? {
            Outcome::Generated => generated.set(generated.get() + 1),
            Outcome::Refused(diagnostics) => refused.borrow_mut().push(diagnostics),
        }
        Ok(())
    });
    if let Err(failure) = result {
        panic!("{failure}");
    }
    // Valid SQL is refused only where schemagen does not follow PostgreSQL: a refusal
    // rate above a fifth means the histories test refusals rather than generated code.
    let refused = refused.into_inner();
    let total = generated.get() + refused.len();
    assert!(
        refused.len() * 5 <= total,
        "{} of {total} histories refused; the first refusals:\n{}",
        refused.len(),
        refused[..refused.len().min(5)].join("\n")
    );
}

/// The fixed seed of the compiled sample, so the scratch crate is rebuilt only when
/// schemagen's output changes.
const SAMPLE_SEED: [u8; 32] = *b"schemagen generated_props sample";

/// How many generated histories are compiled.
const SAMPLE_SIZE: usize = 24;

/// Generated code compiles without warnings: a sample of histories, the same every run.
#[test]
fn a_sample_of_generated_code_compiles() {
    let mut runner = TestRunner::new_with_rng(
        config(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &SAMPLE_SEED),
    );
    let strategy = histories();
    let cases: Vec<(String, String)> =
        std::iter::repeat_with(|| strategy.new_tree(&mut runner).expect("a history").current())
            .take(SAMPLE_SIZE * 5)
            .filter_map(|history| generate(history.write().path()).ok())
            .take(SAMPLE_SIZE)
            .enumerate()
            .map(|(i, code)| (format!("prop_{i:02}"), code))
            .collect();
    assert_eq!(cases.len(), SAMPLE_SIZE, "too few histories generated code");
    if let Err(output) = compile_generated("props", &cases, Deps::CHRONO) {
        panic!("generated code does not compile:\n{output}");
    }
}
