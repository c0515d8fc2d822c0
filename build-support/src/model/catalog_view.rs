//! The model seen through PostgreSQL's catalog relations, for the guards `DO` blocks
//! write (`IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'mood')`).
//!
//! Each relation is a list of rows of the columns the model can fill truthfully. A
//! column left out (`data_type`, `column_default`: the model keeps them as written, not
//! as PostgreSQL prints them) makes a guard that reads it undecided, never wrong.
//!
//! Object identifiers stand in as names: a relation's or type's `oid` is its qualified
//! name ([`Value::Oid`]), a schema's is its name, so `conrelid = 'queues'::regclass`
//! and `relnamespace = n.oid` compare the way PostgreSQL's oids would.

use std::collections::BTreeMap;

use super::{BaseType, ConstraintKind, QualifiedName, Schema, SqlType};

/// A value in a catalog row or a guard's expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Text(String),
    Int(i64),
    Bool(bool),
    /// A relation's or type's `oid` (`regclass`, `regtype`): equal to another oid of
    /// the same object; as text, its name.
    Oid(QualifiedName),
    /// A PL/pgSQL record: a loop variable over a query, by column name.
    Record(BTreeMap<String, Value>),
}

pub type Row = BTreeMap<&'static str, Value>;

/// What `current_database()` and the `*_catalog` columns of `information_schema` say:
/// the database the migrations ran in, whatever its name.
pub const CURRENT_DATABASE: &str = "<the current database>";

/// Schemas every database has, besides those the migrations make.
const SYSTEM_SCHEMAS: &[&str] = &["information_schema", "pg_catalog", "pg_toast"];

/// The oid stand-in of a relation or type.
pub fn oid(name: &QualifiedName) -> Value {
    Value::Oid(name.clone())
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

fn row<const N: usize>(cells: [(&'static str, Value); N]) -> Row {
    cells.into_iter().collect()
}

/// A relation: its name, `relkind`, and its columns (name, NOT NULL, type where the
/// model knows it) — none for an index.
struct Relation<'a> {
    name: &'a QualifiedName,
    kind: &'static str,
    columns: Vec<(&'a str, bool, Option<&'a SqlType>)>,
}

/// `information_schema.columns.data_type`: the type without modifiers, `ARRAY` for
/// arrays, `USER-DEFINED` for enums, composites and extension types, a domain's base
/// type for a domain.
fn data_type(schema: &Schema, ty: &SqlType) -> Value {
    if ty.array {
        return text("ARRAY");
    }
    match &ty.base {
        BaseType::Domain(name) => match schema.domains.get(name) {
            Some(domain) => data_type(schema, &domain.base),
            None => Value::Null,
        },
        BaseType::Enum(_)
        | BaseType::Composite(_)
        | BaseType::UserRange(_)
        | BaseType::Extension { .. } => text("USER-DEFINED"),
        base => {
            // `character varying(255)` is `character varying`, `timestamp(3) with time
            // zone` is `timestamp with time zone`.
            let mut out = String::new();
            let mut depth = 0;
            for c in base.to_string().chars() {
                match c {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    _ if depth == 0 => out.push(c),
                    _ => {}
                }
            }
            text(out.trim())
        }
    }
}

/// Tables, views, indexes (those `CREATE INDEX` made and those constraints made),
/// sequences and composite types.
fn relations(schema: &Schema) -> Vec<Relation<'_>> {
    let mut out = Vec::new();
    for t in schema.tables.values() {
        out.push(Relation {
            name: &t.name,
            kind: if t.partitioned { "p" } else { "r" },
            columns: t
                .columns
                .iter()
                .map(|c| (c.name.as_str(), schema.column_not_null(c), Some(&c.ty)))
                .collect(),
        });
    }
    for v in schema.views.values() {
        out.push(Relation {
            name: &v.name,
            kind: if v.materialized { "m" } else { "v" },
            columns: v
                .columns
                .iter()
                .map(|c| (c.as_str(), false, None))
                .collect(),
        });
    }
    for i in schema.indexes.values() {
        out.push(Relation {
            name: &i.name,
            kind: "i",
            columns: Vec::new(),
        });
    }
    for s in schema.sequences.values() {
        out.push(Relation {
            name: &s.name,
            kind: "S",
            columns: Vec::new(),
        });
    }
    for c in schema.composites.values() {
        out.push(Relation {
            name: &c.name,
            kind: "c",
            columns: c
                .attributes
                .iter()
                .map(|(n, t)| (n.as_str(), false, Some(t)))
                .collect(),
        });
    }
    out
}

/// The indexes constraints own: (schema, index name, table).
fn constraint_indexes(schema: &Schema) -> Vec<(QualifiedName, &QualifiedName)> {
    let mut out = Vec::new();
    for t in schema.tables.values() {
        for c in &t.constraints {
            if matches!(
                c.kind,
                ConstraintKind::PrimaryKey { .. }
                    | ConstraintKind::Unique { .. }
                    | ConstraintKind::Exclude { .. }
            ) {
                out.push((QualifiedName::new(&t.name.schema, &c.name), &t.name));
            }
        }
    }
    out
}

fn contype(kind: &ConstraintKind) -> &'static str {
    match kind {
        ConstraintKind::PrimaryKey { .. } => "p",
        ConstraintKind::Unique { .. } => "u",
        ConstraintKind::ForeignKey(_) => "f",
        ConstraintKind::Check(_) => "c",
        ConstraintKind::Exclude { .. } => "x",
    }
}

fn constraint_type(kind: &ConstraintKind) -> Option<&'static str> {
    match kind {
        ConstraintKind::PrimaryKey { .. } => Some("PRIMARY KEY"),
        ConstraintKind::Unique { .. } => Some("UNIQUE"),
        ConstraintKind::ForeignKey(_) => Some("FOREIGN KEY"),
        ConstraintKind::Check(_) => Some("CHECK"),
        ConstraintKind::Exclude { .. } => None,
    }
}

/// The rows of catalog relation `name` (`pg_catalog` or `information_schema`), or
/// `None` for a relation this module does not know.
pub fn rows(schema: &Schema, namespace: &str, name: &str) -> Option<Vec<Row>> {
    let mut out = Vec::new();
    let schemas = || {
        SYSTEM_SCHEMAS
            .iter()
            .copied()
            .chain(schema.schemas.iter().map(String::as_str))
    };
    match (namespace, name) {
        ("pg_catalog", "pg_namespace") => {
            for s in schemas() {
                out.push(row([("oid", text(s)), ("nspname", text(s))]));
            }
        }
        ("information_schema", "schemata") => {
            for s in schemas() {
                out.push(row([
                    ("catalog_name", text(CURRENT_DATABASE)),
                    ("schema_name", text(s)),
                ]));
            }
        }
        ("pg_catalog", "pg_class") => {
            for r in relations(schema) {
                out.push(row([
                    ("oid", oid(r.name)),
                    ("relname", text(&r.name.name)),
                    ("relnamespace", text(&r.name.schema)),
                    ("relkind", text(r.kind)),
                ]));
            }
            for (index, _) in constraint_indexes(schema) {
                out.push(row([
                    ("oid", oid(&index)),
                    ("relname", text(&index.name)),
                    ("relnamespace", text(&index.schema)),
                    ("relkind", text("i")),
                ]));
            }
        }
        ("pg_catalog", "pg_tables") => {
            for t in schema.tables.values() {
                out.push(row([
                    ("schemaname", text(&t.name.schema)),
                    ("tablename", text(&t.name.name)),
                ]));
            }
        }
        ("pg_catalog", "pg_views" | "pg_matviews") => {
            let materialized = name == "pg_matviews";
            let column = if materialized {
                "matviewname"
            } else {
                "viewname"
            };
            for v in schema.views.values() {
                if v.materialized == materialized {
                    out.push(row([
                        ("schemaname", text(&v.name.schema)),
                        (column, text(&v.name.name)),
                    ]));
                }
            }
        }
        ("pg_catalog", "pg_indexes") => {
            for i in schema.indexes.values() {
                out.push(row([
                    ("schemaname", text(&i.name.schema)),
                    ("tablename", text(&i.table.name)),
                    ("indexname", text(&i.name.name)),
                ]));
            }
            for (index, table) in constraint_indexes(schema) {
                out.push(row([
                    ("schemaname", text(&index.schema)),
                    ("tablename", text(&table.name)),
                    ("indexname", text(&index.name)),
                ]));
            }
        }
        ("pg_catalog", "pg_attribute") => {
            for r in relations(schema) {
                for (n, (column, not_null, _)) in r.columns.iter().enumerate() {
                    out.push(row([
                        ("attrelid", oid(r.name)),
                        ("attname", text(column)),
                        ("attnum", Value::Int(n as i64 + 1)),
                        ("attnotnull", Value::Bool(*not_null)),
                        ("attisdropped", Value::Bool(false)),
                    ]));
                }
            }
        }
        ("pg_catalog", "pg_type") => {
            let kinds = schema
                .enums
                .keys()
                .map(|n| (n, "e"))
                .chain(schema.domains.keys().map(|n| (n, "d")))
                .chain(schema.composites.keys().map(|n| (n, "c")))
                .chain(schema.ranges.keys().map(|n| (n, "r")))
                .chain(schema.tables.keys().map(|n| (n, "c")))
                .chain(schema.views.keys().map(|n| (n, "c")));
            for (name, kind) in kinds {
                out.push(row([
                    ("oid", oid(name)),
                    ("typname", text(&name.name)),
                    ("typnamespace", text(&name.schema)),
                    ("typtype", text(kind)),
                ]));
            }
        }
        ("pg_catalog", "pg_enum") => {
            for e in schema.enums.values() {
                for (n, label) in e.labels.iter().enumerate() {
                    out.push(row([
                        ("enumtypid", oid(&e.name)),
                        ("enumlabel", text(label)),
                        ("enumsortorder", Value::Int(n as i64 + 1)),
                    ]));
                }
            }
        }
        ("pg_catalog", "pg_constraint") => {
            for t in schema.tables.values() {
                for c in &t.constraints {
                    let confrelid = match &c.kind {
                        ConstraintKind::ForeignKey(fk) => oid(&fk.ref_table),
                        _ => Value::Int(0),
                    };
                    out.push(row([
                        ("conname", text(&c.name)),
                        ("connamespace", text(&t.name.schema)),
                        ("conrelid", oid(&t.name)),
                        ("contypid", Value::Int(0)),
                        ("contype", text(contype(&c.kind))),
                        ("confrelid", confrelid),
                    ]));
                }
            }
            for d in schema.domains.values() {
                for (name, _) in &d.checks {
                    out.push(row([
                        ("conname", text(name)),
                        ("connamespace", text(&d.name.schema)),
                        ("conrelid", Value::Int(0)),
                        ("contypid", oid(&d.name)),
                        ("contype", text("c")),
                        ("confrelid", Value::Int(0)),
                    ]));
                }
            }
        }
        ("information_schema", "tables") => {
            for t in schema.tables.values() {
                out.push(row([
                    ("table_catalog", text(CURRENT_DATABASE)),
                    ("table_schema", text(&t.name.schema)),
                    ("table_name", text(&t.name.name)),
                    ("table_type", text("BASE TABLE")),
                ]));
            }
            // Materialized views are not in `information_schema.tables`.
            for v in schema.views.values().filter(|v| !v.materialized) {
                out.push(row([
                    ("table_catalog", text(CURRENT_DATABASE)),
                    ("table_schema", text(&v.name.schema)),
                    ("table_name", text(&v.name.name)),
                    ("table_type", text("VIEW")),
                ]));
            }
        }
        ("information_schema", "views") => {
            for v in schema.views.values().filter(|v| !v.materialized) {
                out.push(row([
                    ("table_schema", text(&v.name.schema)),
                    ("table_name", text(&v.name.name)),
                ]));
            }
        }
        ("information_schema", "columns") => {
            // Tables' and views' columns, not a composite type's attributes.
            for r in relations(schema)
                .iter()
                .filter(|r| !matches!(r.kind, "m" | "c"))
            {
                for (n, (column, not_null, ty)) in r.columns.iter().enumerate() {
                    let mut r = row([
                        ("table_catalog", text(CURRENT_DATABASE)),
                        ("table_schema", text(&r.name.schema)),
                        ("table_name", text(&r.name.name)),
                        ("column_name", text(column)),
                        ("ordinal_position", Value::Int(n as i64 + 1)),
                        ("is_nullable", text(if *not_null { "NO" } else { "YES" })),
                    ]);
                    // A view's column types are not modelled: `data_type` stays unknown.
                    if let Some(ty) = ty {
                        r.insert("data_type", data_type(schema, ty));
                    }
                    out.push(r);
                }
            }
        }
        ("information_schema", "table_constraints") => {
            for t in schema.tables.values() {
                for c in &t.constraints {
                    let Some(kind) = constraint_type(&c.kind) else {
                        continue;
                    };
                    out.push(row([
                        ("constraint_catalog", text(CURRENT_DATABASE)),
                        ("constraint_schema", text(&t.name.schema)),
                        ("constraint_name", text(&c.name)),
                        ("table_schema", text(&t.name.schema)),
                        ("table_name", text(&t.name.name)),
                        ("constraint_type", text(kind)),
                    ]));
                }
                // PostgreSQL 15 lists each NOT NULL column as a CHECK constraint named
                // `<schema oid>_<table oid>_<attnum>_not_null`; the oids are not known
                // here, so the name only has the same shape.
                for (n, column) in t.columns.iter().enumerate() {
                    if column.not_null {
                        out.push(row([
                            ("constraint_catalog", text(CURRENT_DATABASE)),
                            ("constraint_schema", text(&t.name.schema)),
                            (
                                "constraint_name",
                                Value::Text(format!(
                                    "{}_{}_{}_not_null",
                                    t.name.schema,
                                    t.name.name,
                                    n + 1
                                )),
                            ),
                            ("table_schema", text(&t.name.schema)),
                            ("table_name", text(&t.name.name)),
                            ("constraint_type", text("CHECK")),
                        ]));
                    }
                }
            }
        }
        ("information_schema", "key_column_usage" | "constraint_column_usage") => {
            let key = name == "key_column_usage";
            for t in schema.tables.values() {
                for c in &t.constraints {
                    let (table, columns): (&QualifiedName, &[String]) = match &c.kind {
                        ConstraintKind::ForeignKey(fk) if !key => (&fk.ref_table, &fk.ref_columns),
                        ConstraintKind::Check(_) | ConstraintKind::Exclude { .. } if key => {
                            continue;
                        }
                        ConstraintKind::Exclude { .. } => continue,
                        kind => (&t.name, kind.columns()),
                    };
                    for (n, column) in columns.iter().enumerate() {
                        let mut r = row([
                            ("constraint_schema", text(&t.name.schema)),
                            ("constraint_name", text(&c.name)),
                            ("table_schema", text(&table.schema)),
                            ("table_name", text(&table.name)),
                            ("column_name", text(column)),
                        ]);
                        if key {
                            r.insert("ordinal_position", Value::Int(n as i64 + 1));
                        }
                        out.push(r);
                    }
                }
            }
        }
        _ => return None,
    }
    Some(out)
}

/// Whether a relation (table, view, index, sequence, composite type) of this name
/// exists: what `to_regclass` and `::regclass` look up.
pub fn relation_exists(schema: &Schema, name: &QualifiedName) -> bool {
    schema.tables.contains_key(name)
        || schema.views.contains_key(name)
        || schema.indexes.contains_key(name)
        || schema.sequences.contains_key(name)
        || schema.composites.contains_key(name)
        || constraint_indexes(schema).iter().any(|(i, _)| i == name)
}
