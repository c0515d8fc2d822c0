//! Stage 3: the schema model, our own catalog, built by replaying statements in order.
//!
//! Replaying behaves as PostgreSQL would: the same errors (a table that does not exist,
//! a duplicate column) and the same follow-through (renames reach the constraints that
//! name a column; dropping a column drops the constraints on it). The model never keeps
//! sqlparser's AST: only names, types and constraint facts.

mod apply;
mod catalog_types;
pub(crate) mod catalog_view;
pub(crate) mod guard;
mod keywords;
mod names;
mod quote;
pub mod types;
pub(crate) mod value_set;

pub(crate) use catalog_types::is_catalog_type;

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::Span;

pub use apply::{apply, apply_extra, ident_name};
pub use types::{BaseType, SqlType};

/// A schema-qualified name, as PostgreSQL stores it (unquoted identifiers lower-cased).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct QualifiedName {
    pub schema: String,
    pub name: String,
}

impl QualifiedName {
    pub fn new(schema: impl Into<String>, name: impl Into<String>) -> Self {
        QualifiedName {
            schema: schema.into(),
            name: name.into(),
        }
    }

    /// The name for messages, docs and option keys: bare in `public`, qualified
    /// elsewhere, never quoted (`devices`, `billing.invoices`, `Mood`).
    pub fn to_type_string(&self) -> String {
        if self.schema == "public" {
            self.name.clone()
        } else {
            format!("{}.{}", self.schema, self.name)
        }
    }

    /// The name as `format_type` prints a type with `search_path = public`: bare in
    /// `public`, qualified elsewhere, each part quoted where PostgreSQL quotes it
    /// (`mood`, `identity.status`, `"Mood"`, `"My Schema"."order"`). Unquoted, a
    /// name such as `Mood` would fold to another type (`mood`) wherever SQL reads it.
    /// A `public` type named like one of `pg_catalog` (`name`, `int4`) is qualified
    /// too: `pg_catalog` is searched first, so the bare name means the built-in type.
    pub fn format_type(&self) -> String {
        let name = quote::quote_identifier(&self.name);
        if self.schema == "public" && !catalog_types::is_catalog_type(&self.name) {
            name.into_owned()
        } else {
            format!("{}.{name}", quote::quote_identifier(&self.schema))
        }
    }
}

impl std::fmt::Display for QualifiedName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_type_string())
    }
}

/// Settings that last for one migration file, as a database session's do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// Where unqualified names resolve and new objects go (`SET search_path`).
    pub search_path: Vec<String>,
    /// Temporary tables made in this session: not part of the schema, but statements
    /// on them (an index, an ALTER) are not errors either.
    pub temp_tables: BTreeSet<String>,
}

impl Default for Session {
    /// PostgreSQL's default `"$user", public`; no `$user` schema exists in a migrated
    /// database, so it is `public`.
    fn default() -> Self {
        Session {
            search_path: vec!["public".to_string()],
            temp_tables: BTreeSet::new(),
        }
    }
}

impl Session {
    /// The session a new connection to the database starts: with the `search_path` an
    /// earlier `ALTER DATABASE ... SET search_path` gave the database (each migration
    /// file is taken to run in a session of its own, as `psql` runs a file), else
    /// PostgreSQL's default.
    pub fn starting(schema: &Schema) -> Session {
        match &schema.database_search_path {
            Some(path) => Session {
                search_path: path.clone(),
                ..Session::default()
            },
            None => Session::default(),
        }
    }
}

/// Everything the migrations leave behind that the generated code or the dump needs.
/// Where a table, column or type got its current name, for errors found after the
/// replay (a Rust name two tables would share) to point at. Not part of what the object
/// is: two schemas that differ only in where things were written are equal.
#[derive(Debug, Clone, Default)]
pub struct Origin(pub Option<Span>);

impl PartialEq for Origin {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Origin {}

impl Origin {
    /// `file:line:col`, for a message about this place shown at another.
    pub fn place(&self) -> Option<String> {
        self.0.as_ref().map(|span| {
            let (line, col) = span.line_col();
            format!("{}:{line}:{col}", span.file.path)
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Schema {
    pub schemas: BTreeSet<String>,
    pub tables: BTreeMap<QualifiedName, Table>,
    pub enums: BTreeMap<QualifiedName, EnumType>,
    pub domains: BTreeMap<QualifiedName, Domain>,
    pub composites: BTreeMap<QualifiedName, Composite>,
    /// Range types the migrations made, with their subtypes.
    pub ranges: BTreeMap<QualifiedName, SqlType>,
    pub views: BTreeMap<QualifiedName, View>,
    pub indexes: BTreeMap<QualifiedName, Index>,
    /// The `search_path` new sessions start with, once `ALTER DATABASE ... SET
    /// search_path` set one (`None`: PostgreSQL's default). Kept as written, less
    /// `"$user"`: PostgreSQL resolves it anew in every session.
    pub database_search_path: Option<Vec<String>>,
}

impl Default for Schema {
    fn default() -> Self {
        Schema {
            schemas: ["public".to_string()].into(),
            tables: BTreeMap::new(),
            enums: BTreeMap::new(),
            domains: BTreeMap::new(),
            composites: BTreeMap::new(),
            ranges: BTreeMap::new(),
            views: BTreeMap::new(),
            indexes: BTreeMap::new(),
            database_search_path: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub name: QualifiedName,
    /// In `attnum` order: a dropped column disappears, an added one goes last.
    pub columns: Vec<Column>,
    /// In the order they were declared.
    pub constraints: Vec<Constraint>,
    /// `COMMENT ON TABLE`.
    pub comment: Option<String>,
    /// Set for a partition (`PARTITION OF`, `ATTACH PARTITION`): the table whose rows
    /// it holds. Partitions are not listed in the dump and get no Rust type of their own.
    pub partition_of: Option<QualifiedName>,
    /// `PARTITION BY`: its rows live in partitions.
    pub partitioned: bool,
    /// The migration runner's own table (`schema_migrations`), there before the first
    /// migration: not in the dump, no Rust type.
    pub bookkeeping: bool,
    /// `INHERITS (...)`: the parents, in order.
    pub inherits: Vec<QualifiedName>,
    /// Columns it has only from its parents (not defined by itself): dropping the
    /// parent's column drops them.
    pub inherited_columns: BTreeSet<String>,
    pub origin: Origin,
}

impl Table {
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    pub fn column_mut(&mut self, name: &str) -> Option<&mut Column> {
        self.columns.iter_mut().find(|c| c.name == name)
    }

    pub fn primary_key(&self) -> Option<&[String]> {
        self.constraints.iter().find_map(|c| match &c.kind {
            ConstraintKind::PrimaryKey { columns } => Some(columns.as_slice()),
            _ => None,
        })
    }

    pub fn foreign_keys(&self) -> impl Iterator<Item = &ForeignKey> {
        self.constraints.iter().filter_map(|c| match &c.kind {
            ConstraintKind::ForeignKey(fk) => Some(fk),
            _ => None,
        })
    }

    /// The values a single-column CHECK limits `column` to, if one does. When several
    /// do, the one whose constraint name sorts first (as the dump's catalog reader picks).
    pub fn value_set(&self, column: &str) -> Option<&[String]> {
        self.constraints
            .iter()
            .filter_map(|c| match &c.kind {
                ConstraintKind::Check(Check {
                    value_set: Some(set),
                    ..
                }) if set.column == column => Some((&c.name, set.values.as_slice())),
                _ => None,
            })
            .min_by(|a, b| a.0.cmp(b.0))
            .map(|(_, values)| values)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub name: String,
    pub ty: SqlType,
    /// The column's own NOT NULL (a primary key column has it).
    pub not_null: bool,
    /// The DEFAULT expression as written (`serial` has `nextval(...)`).
    pub default: Option<String>,
    pub identity: Option<Identity>,
    /// The expression of `GENERATED ALWAYS AS (...) STORED`.
    pub generated: Option<String>,
    /// `COMMENT ON COLUMN`.
    pub comment: Option<String>,
    pub origin: Origin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Identity {
    Always,
    ByDefault,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Constraint {
    /// As PostgreSQL names it when the migration does not (`devices_pkey`).
    pub name: String,
    pub kind: ConstraintKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ConstraintKind {
    PrimaryKey {
        columns: Vec<String>,
    },
    Unique {
        columns: Vec<String>,
    },
    ForeignKey(ForeignKey),
    Check(Check),
    /// `EXCLUDE USING ...`: kept so its name resolves; not part of the dump.
    Exclude {
        columns: Vec<String>,
    },
}

impl ConstraintKind {
    /// The table's own columns the constraint is on.
    pub fn columns(&self) -> &[String] {
        match self {
            ConstraintKind::PrimaryKey { columns }
            | ConstraintKind::Unique { columns }
            | ConstraintKind::Exclude { columns } => columns,
            ConstraintKind::ForeignKey(fk) => &fk.columns,
            ConstraintKind::Check(check) => &check.columns,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ForeignKey {
    pub columns: Vec<String>,
    pub ref_table: QualifiedName,
    pub ref_columns: Vec<String>,
    pub on_delete: ReferentialAction,
    pub on_update: ReferentialAction,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferentialAction {
    NoAction,
    Restrict,
    Cascade,
    SetNull,
    SetDefault,
}

impl ReferentialAction {
    pub fn as_sql(self) -> &'static str {
        match self {
            ReferentialAction::NoAction => "NO ACTION",
            ReferentialAction::Restrict => "RESTRICT",
            ReferentialAction::Cascade => "CASCADE",
            ReferentialAction::SetNull => "SET NULL",
            ReferentialAction::SetDefault => "SET DEFAULT",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    /// The expression as written.
    pub expr: String,
    /// The table's columns the expression reads, each once, in order of appearance.
    pub columns: Vec<String>,
    /// Set when the check limits one column to a closed set of strings.
    pub value_set: Option<ValueSet>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueSet {
    pub column: String,
    /// In the order written.
    pub values: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumType {
    pub name: QualifiedName,
    /// In PostgreSQL's sort order.
    pub labels: Vec<String>,
    pub origin: Origin,
}

/// A domain: a base type with its own NOT NULL, default and checks.
#[derive(Debug, Clone, PartialEq)]
pub struct Domain {
    pub name: QualifiedName,
    pub base: SqlType,
    pub not_null: bool,
    pub default: Option<String>,
    /// Named CHECK constraints, in order.
    pub checks: Vec<(String, String)>,
}

impl Schema {
    /// Whether a type of this name exists: an enum, a domain, or a table's row type.
    pub fn type_exists(&self, name: &QualifiedName) -> bool {
        self.enums.contains_key(name)
            || self.domains.contains_key(name)
            || self.composites.contains_key(name)
            || self.ranges.contains_key(name)
            || self.tables.contains_key(name)
    }

    /// Whether a column is NOT NULL, by its own constraint or its domain's.
    pub fn column_not_null(&self, column: &Column) -> bool {
        column.not_null || self.type_not_null(&column.ty)
    }

    fn type_not_null(&self, ty: &SqlType) -> bool {
        match &ty.base {
            BaseType::Domain(name) if !ty.array => self
                .domains
                .get(name)
                .is_some_and(|d| d.not_null || self.type_not_null(&d.base)),
            _ => false,
        }
    }
}

/// A composite type: named, typed attributes.
#[derive(Debug, Clone, PartialEq)]
pub struct Composite {
    pub name: QualifiedName,
    pub attributes: Vec<(String, SqlType)>,
    pub origin: Origin,
}

/// An ordinary or materialized view.
#[derive(Debug, Clone, PartialEq)]
pub struct View {
    pub name: QualifiedName,
    /// Output column names, fixed when the view is created (a later column rename in
    /// a base table does not change them).
    pub columns: Vec<String>,
    pub materialized: bool,
    /// The tables and views its query reads: dropping one needs CASCADE.
    pub relations: BTreeSet<QualifiedName>,
    /// The table columns its query names (or takes with `*`): dropping or retyping one
    /// needs CASCADE or is refused, as in PostgreSQL.
    pub columns_used: BTreeSet<(QualifiedName, String)>,
}

/// An index: recorded so names and drops resolve; no code is generated from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Index {
    pub name: QualifiedName,
    pub table: QualifiedName,
    pub columns: Vec<String>,
    pub unique: bool,
}
