//! The canonical schema dump (`schemagen dump --json`), specified in `shared/schema-dump.md`.
//!
//! This is the contract every check of the model goes through: the differential tests
//! read PostgreSQL's catalog into these same structs and compare the rendered text.
//! Field order here is the key order of the JSON; do not reorder fields.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The whole schema the migrations leave behind, as PostgreSQL would describe it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Dump {
    /// Enum types, sorted by (schema, name).
    pub enums: Vec<EnumDump>,
    /// Domains, sorted by (schema, name).
    pub domains: Vec<DomainDump>,
    /// Ordinary and partitioned tables (not partitions, views or temporary tables),
    /// sorted by (schema, name).
    pub tables: Vec<TableDump>,
    /// Ordinary and materialized views, sorted by (schema, name).
    pub views: Vec<ViewDump>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnumDump {
    pub schema: String,
    pub name: String,
    /// Labels in PostgreSQL's sort order.
    pub labels: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DomainDump {
    pub schema: String,
    pub name: String,
    /// The base type, spelled as `format_type` spells it.
    #[serde(rename = "type")]
    pub ty: String,
    pub not_null: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableDump {
    pub schema: String,
    pub name: String,
    /// Columns in `attnum` order.
    pub columns: Vec<ColumnDump>,
    /// Primary key column names in key order.
    pub primary_key: Option<Vec<String>>,
    /// UNIQUE constraints (not unique indexes), each in constraint order; the lists sorted.
    pub unique: Vec<Vec<String>>,
    /// Sorted by `columns`.
    pub foreign_keys: Vec<ForeignKeyDump>,
    /// Number of CHECK constraints (NOT NULL is not one).
    pub check_count: usize,
    /// Columns a single-column CHECK limits to a closed set of strings, values as written.
    pub value_sets: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnDump {
    pub name: String,
    /// Spelled as `format_type(atttypid, atttypmod)` with `search_path = public`.
    #[serde(rename = "type")]
    pub ty: String,
    pub not_null: bool,
    /// `pg_attribute.atthasdef`: a DEFAULT (or generation) expression exists.
    pub has_default: bool,
    /// `"always"`, `"by default"` or `null`.
    pub identity: Option<String>,
    /// `GENERATED ALWAYS AS (...) STORED`.
    pub generated: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ForeignKeyDump {
    pub columns: Vec<String>,
    pub ref_schema: String,
    pub ref_table: String,
    pub ref_columns: Vec<String>,
    /// One of `NO ACTION`, `RESTRICT`, `CASCADE`, `SET NULL`, `SET DEFAULT`.
    pub on_delete: String,
    pub on_update: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewDump {
    pub schema: String,
    pub name: String,
    pub columns: Vec<String>,
}

impl Dump {
    /// The canonical text: pretty-printed JSON with two-space indent and a trailing newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self)
            .expect("the dump holds only strings, numbers, booleans and maps with string keys");
        text.push('\n');
        text
    }
}

impl From<&crate::model::Schema> for Dump {
    fn from(schema: &crate::model::Schema) -> Self {
        use crate::model::{ConstraintKind, Identity};
        let enums = schema
            .enums
            .values()
            .map(|e| EnumDump {
                schema: e.name.schema.clone(),
                name: e.name.name.clone(),
                labels: e.labels.clone(),
            })
            .collect();
        let tables = schema
            .tables
            .values()
            .filter(|t| t.partition_of.is_none() && !t.bookkeeping)
            .map(|t| {
                let mut unique: Vec<Vec<String>> = t
                    .constraints
                    .iter()
                    .filter_map(|c| match &c.kind {
                        ConstraintKind::Unique { columns } => Some(columns.clone()),
                        _ => None,
                    })
                    .collect();
                unique.sort();
                let mut foreign_keys: Vec<ForeignKeyDump> = t
                    .foreign_keys()
                    .map(|fk| ForeignKeyDump {
                        columns: fk.columns.clone(),
                        ref_schema: fk.ref_table.schema.clone(),
                        ref_table: fk.ref_table.name.clone(),
                        ref_columns: fk.ref_columns.clone(),
                        on_delete: fk.on_delete.as_sql().to_string(),
                        on_update: fk.on_update.as_sql().to_string(),
                    })
                    .collect();
                foreign_keys.sort();
                TableDump {
                    schema: t.name.schema.clone(),
                    name: t.name.name.clone(),
                    columns: t
                        .columns
                        .iter()
                        .map(|c| ColumnDump {
                            name: c.name.clone(),
                            ty: c.ty.to_string(),
                            not_null: c.not_null,
                            has_default: c.default.is_some(),
                            identity: c.identity.map(|i| {
                                match i {
                                    Identity::Always => "always",
                                    Identity::ByDefault => "by default",
                                }
                                .to_string()
                            }),
                            generated: c.generated.is_some(),
                        })
                        .collect(),
                    primary_key: t.primary_key().map(<[String]>::to_vec),
                    unique,
                    foreign_keys,
                    check_count: t
                        .constraints
                        .iter()
                        .filter(|c| matches!(c.kind, ConstraintKind::Check(_)))
                        .count(),
                    value_sets: t
                        .columns
                        .iter()
                        .filter_map(|c| Some((c.name.clone(), t.value_set(&c.name)?.to_vec())))
                        .collect(),
                }
            })
            .collect();
        let domains = schema
            .domains
            .values()
            .map(|d| DomainDump {
                schema: d.name.schema.clone(),
                name: d.name.name.clone(),
                ty: d.base.to_string(),
                not_null: d.not_null,
            })
            .collect();
        let views = schema
            .views
            .values()
            .map(|v| ViewDump {
                schema: v.name.schema.clone(),
                name: v.name.name.clone(),
                columns: v.columns.clone(),
            })
            .collect();
        Dump {
            enums,
            domains,
            tables,
            views,
        }
    }
}
