//! Replays one parsed statement into the model, as PostgreSQL would apply it.
//!
//! Every statement kind is handled on purpose: it changes the model, or it is one that
//! cannot change tables, types or views and is passed over, or it is an error that says
//! what schemagen does not model yet. Nothing that could change the schema is dropped
//! silently.

use sqlparser::ast::{
    self, AlterColumnOperation, AlterTableOperation, AlterTypeAddValuePosition, AlterTypeOperation,
    ColumnDef, ColumnOption, CommentObject, CreateTable, DataType, ExactNumberInfo, Ident,
    ObjectName, ObjectNamePart, ObjectType, RenameTableNameKind, Statement as Ast, TableConstraint,
    TimezoneInfo, UserDefinedTypeRepresentation,
};
use sqlparser::tokenizer::Span as AstSpan;

use super::names::choose_name;
use super::types::{BaseType, EXTENSION_TYPES, RANGE_TYPES, SqlType};
use super::value_set::{columns_read, value_set};
use super::{
    Check, Column, Constraint, ConstraintKind, EnumType, ForeignKey, Identity, Index,
    QualifiedName, ReferentialAction, Schema, Session, Table,
};
use crate::diagnostic::{Diagnostic, Span};
use crate::source::Statement;

/// Applies `ast` (parsed from `statement`) to `schema`. On error the schema may hold part
/// of the statement's effect; callers stop at the first error, as PostgreSQL does.
pub fn apply(
    schema: &mut Schema,
    session: &mut Session,
    statement: &Statement,
    ast: &Ast,
) -> Result<(), Diagnostic> {
    let search_path = session.search_path.clone();
    let cx = Cx {
        statement,
        search_path: &search_path,
    };
    match ast {
        Ast::CreateTable(ct) => cx.create_table(schema, ct),
        Ast::AlterTable(at) => {
            let name = cx.resolve(&at.name, |q| schema.tables.contains_key(q))?;
            if !schema.tables.contains_key(&name) {
                if at.if_exists {
                    return Ok(());
                }
                return Err(cx.no_table(&name, &at.name));
            }
            for op in &at.operations {
                cx.alter_table(schema, &name, op)?;
            }
            Ok(())
        }
        Ast::CreateIndex(ci) => cx.create_index(schema, ci),
        Ast::CreateType {
            name,
            representation,
        } => cx.create_type(schema, name, representation.as_ref()),
        Ast::AlterType(at) => cx.alter_type(schema, at),
        Ast::CreateSchema {
            schema_name,
            if_not_exists,
            ..
        } => {
            let name = match schema_name {
                ast::SchemaName::Simple(n) | ast::SchemaName::NamedAuthorization(n, _) => {
                    cx.qualified(n)?.name
                }
                ast::SchemaName::UnnamedAuthorization(role) => ident_name(role),
            };
            if !schema.schemas.insert(name.clone()) && !if_not_exists {
                return Err(
                    Diagnostic::duplicate(format!("schema `{name}` already exists"))
                        .with_span(cx.statement.whole())
                        .with_hint("write `CREATE SCHEMA IF NOT EXISTS`, or drop the earlier one"),
                );
            }
            Ok(())
        }
        Ast::Drop {
            object_type,
            if_exists,
            names,
            cascade,
            ..
        } => cx.drop(schema, *object_type, *if_exists, names, *cascade),
        Ast::Comment {
            object_type,
            object_name,
            comment,
            if_exists: _,
        } => cx.comment(schema, *object_type, object_name, comment.clone()),
        Ast::Set(set) => {
            if let Some(path) = cx.search_path_set(set) {
                session.search_path = path;
            }
            Ok(())
        }
        Ast::CreateView(_) => Err(cx.not_modelled("views")),
        Ast::AlterView { .. } => Err(cx.not_modelled("views")),
        Ast::CreateDomain(_) | Ast::DropDomain(_) => Err(cx.not_modelled("domains")),
        // Statements that cannot change tables, types or views.
        Ast::Insert(_)
        | Ast::Update(_)
        | Ast::Delete(_)
        | Ast::Query(_)
        | Ast::Truncate(_)
        | Ast::CreateFunction(_)
        | Ast::DropFunction(_)
        | Ast::CreateProcedure { .. }
        | Ast::DropProcedure { .. }
        | Ast::CreateTrigger(_)
        | Ast::DropTrigger(_)
        | Ast::CreateExtension(_)
        | Ast::DropExtension(_)
        | Ast::CreateSequence { .. }
        | Ast::CreatePolicy(_)
        | Ast::DropPolicy(_)
        | Ast::AlterPolicy(_)
        | Ast::CreateRole(_)
        | Ast::AlterRole { .. }
        | Ast::Grant(_)
        | Ast::Revoke(_)
        | Ast::StartTransaction { .. }
        | Ast::Commit { .. }
        | Ast::Rollback { .. }
        | Ast::Savepoint { .. }
        | Ast::ReleaseSavepoint { .. }
        | Ast::Analyze(_)
        | Ast::Vacuum(_)
        | Ast::NOTIFY { .. }
        | Ast::Lock(_)
        | Ast::AlterIndex { .. } => Ok(()),
        other => {
            let head: String = other.to_string().chars().take(40).collect();
            Err(Diagnostic::error(format!(
                "schemagen does not understand this statement yet: `{head}...`"
            ))
            .with_span(cx.statement.whole())
            .with_label("this statement may change the schema")
            .with_hint(
                "schemagen stops rather than guess; move the statement out of the \
                 migrations folder if it does not change tables, types or views, and report it",
            ))
        }
    }
}

/// PostgreSQL folds unquoted identifiers to lower case and keeps quoted ones exactly.
pub fn ident_name(ident: &Ident) -> String {
    match ident.quote_style {
        Some(_) => ident.value.clone(),
        None => ident.value.to_lowercase(),
    }
}

/// The context of one statement's replay: where its diagnostics point, and the
/// session's `search_path` that unqualified names resolve through.
struct Cx<'a> {
    statement: &'a Statement,
    search_path: &'a [String],
}

impl Cx<'_> {
    /// A diagnostic span from sqlparser's span (line and column within the statement).
    fn span(&self, span: AstSpan) -> Span {
        if span.start.line == 0 {
            return self.statement.whole();
        }
        let start = self
            .statement
            .offset_of(span.start.line as usize, span.start.column as usize);
        let end = self
            .statement
            .offset_of(span.end.line as usize, span.end.column as usize);
        self.statement.span(start..end.max(start + 1))
    }

    fn name_span(&self, name: &ObjectName) -> Span {
        let spans = name.0.iter().filter_map(|part| match part {
            ObjectNamePart::Identifier(i) => Some(i.span),
            ObjectNamePart::Function(_) => None,
        });
        self.span(AstSpan::union_iter(spans))
    }

    fn qualified(&self, name: &ObjectName) -> Result<QualifiedName, Diagnostic> {
        let parts: Vec<&Ident> = name
            .0
            .iter()
            .filter_map(|part| match part {
                ObjectNamePart::Identifier(i) => Some(i),
                ObjectNamePart::Function(_) => None,
            })
            .collect();
        let first = self.search_path.first().map_or("public", String::as_str);
        match parts.as_slice() {
            [name] => Ok(QualifiedName::new(first, ident_name(name))),
            [schema, name] => Ok(QualifiedName::new(ident_name(schema), ident_name(name))),
            _ => Err(Diagnostic::error(format!("`{name}` is not a name schemagen can resolve"))
                .with_span(self.name_span(name))
                .with_hint("write `table` or `schema.table`; names with a database part are not supported")),
        }
    }

    /// Resolves an existing object's name: as written when schema-qualified, else in the
    /// first `search_path` schema where `exists` finds it (or the first schema, so the
    /// caller's "does not exist" names a place).
    fn resolve(
        &self,
        name: &ObjectName,
        exists: impl Fn(&QualifiedName) -> bool,
    ) -> Result<QualifiedName, Diagnostic> {
        let written = self.qualified(name)?;
        if name.0.len() > 1 {
            return Ok(written);
        }
        Ok(self
            .search_path
            .iter()
            .map(|s| QualifiedName::new(s.clone(), written.name.clone()))
            .find(|q| exists(q))
            .unwrap_or(written))
    }

    /// The name a new object gets: as written when schema-qualified, else in the first
    /// `search_path` schema that exists, as PostgreSQL picks its creation schema.
    fn creation_name(
        &self,
        schema: &Schema,
        name: &ObjectName,
    ) -> Result<QualifiedName, Diagnostic> {
        let written = self.qualified(name)?;
        if name.0.len() > 1 {
            if !schema.schemas.contains(&written.schema) {
                return Err(Diagnostic::error(format!(
                    "schema `{}` does not exist",
                    written.schema
                ))
                .with_span(self.name_span(name))
                .with_hint(format!(
                    "add `CREATE SCHEMA {};` before this statement",
                    written.schema
                )));
            }
            return Ok(written);
        }
        match self.search_path.iter().find(|s| schema.schemas.contains(*s)) {
            Some(s) => Ok(QualifiedName::new(s.clone(), written.name)),
            None => Err(Diagnostic::error("no schema has been selected to create in")
                .with_span(self.name_span(name))
                .with_hint("qualify the name (`schema.name`), or put an existing schema in `search_path`")),
        }
    }

    fn no_table(&self, name: &QualifiedName, at: &ObjectName) -> Diagnostic {
        Diagnostic::error(format!("table `{name}` does not exist"))
            .with_span(self.name_span(at))
            .with_label("no table of this name was created by an earlier statement")
            .with_hint("create the table in an earlier migration, or check the spelling")
    }

    fn not_modelled(&self, what: &str) -> Diagnostic {
        Diagnostic::error(format!("schemagen does not model {what} yet"))
            .with_span(self.statement.whole())
            .with_label("this statement changes the schema")
            .with_hint("schemagen stops rather than produce a schema that leaves this out")
    }

    fn create_table(&self, schema: &mut Schema, ct: &CreateTable) -> Result<(), Diagnostic> {
        if ct.temporary {
            // Temporary tables live for one session; they are not part of the schema.
            return Ok(());
        }
        let name = self.creation_name(schema, &ct.name)?;
        if ct.query.is_some() {
            return Err(self.not_modelled("`CREATE TABLE ... AS`"));
        }
        if ct.like.is_some() {
            return Err(self.not_modelled("`CREATE TABLE ... (LIKE ...)`"));
        }
        if ct.inherits.is_some() {
            return Err(self.not_modelled("`INHERITS`"));
        }
        if ct.partition_of.is_some() || ct.partition_by.is_some() {
            return Err(self.not_modelled("partitioned tables"));
        }
        if schema.tables.contains_key(&name) || schema.indexes.contains_key(&name) {
            if ct.if_not_exists {
                return Ok(());
            }
            return Err(
                Diagnostic::duplicate(format!("relation `{name}` already exists"))
                    .with_span(self.name_span(&ct.name))
                    .with_hint(
                        "write `CREATE TABLE IF NOT EXISTS`, or drop the earlier table first",
                    ),
            );
        }
        schema.tables.insert(
            name.clone(),
            Table {
                name: name.clone(),
                columns: Vec::new(),
                constraints: Vec::new(),
                comment: None,
            },
        );
        let result = (|| {
            let mut constraints = Vec::new();
            for def in &ct.columns {
                constraints.extend(self.add_column(schema, &name, def)?);
            }
            constraints.extend(ct.constraints.iter().cloned());
            self.add_constraints(schema, &name, &constraints)
        })();
        if result.is_err() {
            schema.tables.remove(&name);
        }
        result
    }

    /// Adds constraints in the order PostgreSQL does: keys and checks first, foreign
    /// keys last, so a foreign key may reference a key declared after it in the same
    /// statement (a self-reference to a table-level primary key).
    fn add_constraints(
        &self,
        schema: &mut Schema,
        table: &QualifiedName,
        constraints: &[TableConstraint],
    ) -> Result<(), Diagnostic> {
        let (foreign, other): (Vec<_>, Vec<_>) = constraints
            .iter()
            .partition(|c| matches!(c, TableConstraint::ForeignKey(_)));
        for constraint in other.into_iter().chain(foreign) {
            self.add_constraint(schema, table, constraint)?;
        }
        Ok(())
    }

    /// Adds a column and returns its column constraints (PRIMARY KEY, UNIQUE, REFERENCES,
    /// CHECK) as table constraints, for the caller to add once every column exists.
    fn add_column(
        &self,
        schema: &mut Schema,
        table: &QualifiedName,
        def: &ColumnDef,
    ) -> Result<Vec<TableConstraint>, Diagnostic> {
        let name = ident_name(&def.name);
        if schema.tables[table].column(&name).is_some() {
            return Err(Diagnostic::duplicate(format!(
                "column `{name}` of table `{table}` already exists"
            ))
            .with_span(self.span(def.name.span))
            .with_hint("give the column another name, or drop the earlier one first"));
        }
        let (ty, serial) = self.sql_type(schema, &def.data_type, &def.name)?;
        let mut column = Column {
            name: name.clone(),
            ty,
            not_null: serial,
            default: serial.then(|| {
                let seq = super::names::make_object_name(&table.name, Some(&name), "seq");
                format!("nextval('{seq}'::regclass)")
            }),
            identity: None,
            generated: None,
            comment: None,
        };
        let mut constraints = Vec::new();
        for option in &def.options {
            match &option.option {
                ColumnOption::Null => column.not_null = false,
                ColumnOption::NotNull => column.not_null = true,
                ColumnOption::Default(expr) => column.default = default_expression(expr),
                ColumnOption::Generated {
                    generated_as,
                    generation_expr,
                    ..
                } => match generation_expr {
                    Some(expr) => column.generated = Some(expr.to_string()),
                    None => {
                        column.identity = Some(match generated_as {
                            ast::GeneratedAs::ByDefault => Identity::ByDefault,
                            _ => Identity::Always,
                        });
                        column.not_null = true;
                    }
                },
                ColumnOption::Comment(text) => column.comment = Some(text.clone()),
                ColumnOption::Collation(_) => {}
                ColumnOption::PrimaryKey(pk) => {
                    let mut pk = pk.clone();
                    pk.columns = vec![def.name.clone().into()];
                    constraints.push(TableConstraint::PrimaryKey(pk));
                }
                ColumnOption::Unique(u) => {
                    let mut u = u.clone();
                    u.columns = vec![def.name.clone().into()];
                    constraints.push(TableConstraint::Unique(u));
                }
                ColumnOption::ForeignKey(fk) => {
                    let mut fk = fk.clone();
                    fk.columns = vec![def.name.clone()];
                    constraints.push(TableConstraint::ForeignKey(fk));
                }
                ColumnOption::Check(check) => {
                    constraints.push(TableConstraint::Check(check.clone()));
                }
                other => {
                    return Err(Diagnostic::error(format!(
                        "schemagen does not understand the column option `{other}`"
                    ))
                    .with_span(self.span(def.name.span))
                    .with_hint("remove the option if PostgreSQL does not need it, or report it"));
                }
            }
            // A named column constraint keeps its name.
            if let (Some(constraint_name), Some(last)) = (&option.name, constraints.last_mut()) {
                set_constraint_name(last, constraint_name.clone());
            }
        }
        if column.generated.is_some() {
            // PostgreSQL keeps the generation expression where defaults live, so
            // `atthasdef` is true for a generated column.
            column.default = column.generated.clone();
        }
        schema
            .tables
            .get_mut(table)
            .expect("caller checked the table exists")
            .columns
            .push(column);
        Ok(constraints)
    }

    /// Resolves a declared type. The flag is true for `serial` types, which imply
    /// NOT NULL and a sequence default.
    fn sql_type(
        &self,
        schema: &Schema,
        data_type: &DataType,
        column: &Ident,
    ) -> Result<(SqlType, bool), Diagnostic> {
        use BaseType as B;
        let scalar = |base| Ok((SqlType { base, array: false }, false));
        let length = |l: &Option<ast::CharacterLength>| match l {
            Some(ast::CharacterLength::IntegerLength { length, .. }) => Some(*length as u32),
            _ => None,
        };
        let precision = |p: &Option<u64>| p.map(|p| p as u32);
        let numeric = |info: &ExactNumberInfo| match info {
            ExactNumberInfo::None => B::Numeric(None),
            ExactNumberInfo::Precision(p) => B::Numeric(Some((*p as u32, 0))),
            ExactNumberInfo::PrecisionAndScale(p, s) => {
                B::Numeric(Some((*p as u32, (*s).max(0) as u32)))
            }
        };
        let with_tz =
            |tz: &TimezoneInfo| matches!(tz, TimezoneInfo::WithTimeZone | TimezoneInfo::Tz);
        match data_type {
            DataType::Array(elem) => {
                let inner = match elem {
                    ast::ArrayElemTypeDef::SquareBracket(t, _)
                    | ast::ArrayElemTypeDef::AngleBracket(t)
                    | ast::ArrayElemTypeDef::Parenthesis(t)
                    | ast::ArrayElemTypeDef::Qualified(t, _) => t,
                    ast::ArrayElemTypeDef::None => return Err(self.unknown_type(data_type, column)),
                };
                let (mut ty, serial) = self.sql_type(schema, inner, column)?;
                if serial {
                    return Err(self.unknown_type(data_type, column));
                }
                ty.array = true;
                Ok((ty, false))
            }
            DataType::SmallInt(_) | DataType::Int2(_) => scalar(B::SmallInt),
            DataType::Int(_) | DataType::Integer(_) | DataType::Int4(_) => scalar(B::Integer),
            DataType::BigInt(_) | DataType::Int8(_) => scalar(B::BigInt),
            DataType::Real | DataType::Float4 => scalar(B::Real),
            DataType::DoublePrecision
            | DataType::Float8
            | DataType::Double(ExactNumberInfo::None) => scalar(B::DoublePrecision),
            DataType::Float(info) => match info {
                ExactNumberInfo::Precision(p) if *p <= 24 => scalar(B::Real),
                _ => scalar(B::DoublePrecision),
            },
            DataType::Numeric(info) | DataType::Decimal(info) | DataType::Dec(info) => {
                scalar(numeric(info))
            }
            DataType::Text => scalar(B::Text),
            DataType::Varchar(l) | DataType::CharacterVarying(l) | DataType::CharVarying(l) => {
                scalar(B::Varchar(length(l)))
            }
            DataType::Char(l) | DataType::Character(l) => scalar(B::Char(length(l).unwrap_or(1))),
            DataType::Bool | DataType::Boolean => scalar(B::Boolean),
            DataType::Bytea => scalar(B::Bytea),
            DataType::Uuid => scalar(B::Uuid),
            DataType::JSON => scalar(B::Json),
            DataType::JSONB => scalar(B::Jsonb),
            DataType::Date => scalar(B::Date),
            DataType::Time(p, tz) => scalar(B::Time {
                precision: precision(p),
                with_time_zone: with_tz(tz),
            }),
            DataType::Timestamp(p, tz) => scalar(B::Timestamp {
                precision: precision(p),
                with_time_zone: with_tz(tz),
            }),
            DataType::Interval {
                fields: None,
                precision: p,
            } => scalar(B::Interval(precision(p))),
            DataType::Bit(n) => scalar(B::Bit(n.map_or(1, |n| n as u32))),
            DataType::BitVarying(n) | DataType::VarBit(n) => scalar(B::VarBit(precision(n))),
            DataType::TsVector => scalar(B::TsVector),
            DataType::TsQuery => scalar(B::TsQuery),
            DataType::Custom(name, modifiers) => {
                self.named_type(schema, data_type, name, modifiers, column)
            }
            _ => Err(self.unknown_type(data_type, column)),
        }
    }

    fn named_type(
        &self,
        schema: &Schema,
        data_type: &DataType,
        name: &ObjectName,
        modifiers: &[String],
        column: &Ident,
    ) -> Result<(SqlType, bool), Diagnostic> {
        use BaseType as B;
        let qualified = self.qualified(name)?;
        let explicit_schema = name.0.len() > 1;
        let scalar = |base| Ok((SqlType { base, array: false }, false));
        let serial = |base| Ok((SqlType { base, array: false }, true));
        let number = |i: usize| modifiers.get(i).and_then(|m| m.trim().parse::<u32>().ok());
        if !explicit_schema || qualified.schema == "pg_catalog" {
            match (qualified.name.as_str(), modifiers.len()) {
                ("serial" | "serial4", 0) => return serial(B::Integer),
                ("bigserial" | "serial8", 0) => return serial(B::BigInt),
                ("smallserial" | "serial2", 0) => return serial(B::SmallInt),
                ("int2", 0) => return scalar(B::SmallInt),
                ("int4", 0) => return scalar(B::Integer),
                ("int8", 0) => return scalar(B::BigInt),
                ("float4", 0) => return scalar(B::Real),
                ("float8", 0) => return scalar(B::DoublePrecision),
                ("bool", 0) => return scalar(B::Boolean),
                ("varchar", _) => return scalar(B::Varchar(number(0))),
                ("bpchar", _) => return scalar(B::Char(number(0).unwrap_or(1))),
                ("timestamptz", _) => {
                    return scalar(B::Timestamp {
                        precision: number(0),
                        with_time_zone: true,
                    });
                }
                ("timetz", _) => {
                    return scalar(B::Time {
                        precision: number(0),
                        with_time_zone: true,
                    });
                }
                ("inet", 0) => return scalar(B::Inet),
                ("cidr", 0) => return scalar(B::Cidr),
                ("macaddr", 0) => return scalar(B::MacAddr),
                ("macaddr8", 0) => return scalar(B::MacAddr8),
                ("money", 0) => return scalar(B::Money),
                ("oid", 0) => return scalar(B::Oid),
                ("xml", 0) => return scalar(B::Xml),
                ("name", 0) => return scalar(B::Name),
                ("varbit", _) => return scalar(B::VarBit(number(0))),
                (range, 0) if RANGE_TYPES.contains(&range) => {
                    let name = RANGE_TYPES
                        .iter()
                        .find(|r| **r == range)
                        .expect("just matched");
                    return scalar(B::Range(name));
                }
                _ => {}
            }
        }
        let enum_name = self.resolve(name, |q| schema.enums.contains_key(q))?;
        if schema.enums.contains_key(&enum_name) && modifiers.is_empty() {
            return scalar(B::Enum(enum_name));
        }
        if EXTENSION_TYPES.contains(&qualified.name.as_str()) {
            return scalar(B::Extension {
                name: qualified.name,
                modifiers: modifiers.iter().map(|m| m.trim().to_string()).collect(),
            });
        }
        Err(self.unknown_type(data_type, column))
    }

    fn unknown_type(&self, data_type: &DataType, column: &Ident) -> Diagnostic {
        Diagnostic::error(format!("type `{data_type}` does not exist"))
            .with_span(self.span(column.span))
            .with_label(format!("the type of column `{}`", ident_name(column)))
            .with_hint(
                "create the type (`CREATE TYPE ... AS ENUM`) in an earlier migration, or use \
                 a PostgreSQL built-in type",
            )
    }

    /// Names already used by constraints and relations in `schema_name`: a new
    /// constraint's generated name must avoid them, as PostgreSQL's does.
    fn name_taken(schema: &Schema, schema_name: &str, candidate: &str) -> bool {
        schema.tables.values().any(|t| {
            t.name.schema == schema_name
                && (t.name.name == candidate || t.constraints.iter().any(|c| c.name == candidate))
        }) || schema
            .indexes
            .keys()
            .any(|i| i.schema == schema_name && i.name == candidate)
    }

    fn add_constraint(
        &self,
        schema: &mut Schema,
        table_name: &QualifiedName,
        constraint: &TableConstraint,
    ) -> Result<(), Diagnostic> {
        let table = &schema.tables[table_name];
        let column_names =
            |idents: &mut dyn Iterator<Item = &Ident>| -> Result<Vec<String>, Diagnostic> {
                idents
                    .map(|ident| {
                        let name = ident_name(ident);
                        match table.column(&name) {
                            Some(_) => Ok(name),
                            None => Err(Diagnostic::error(format!(
                                "column `{name}` of table `{table_name}` does not exist"
                            ))
                            .with_span(self.span(ident.span))
                            .with_hint("name a column of the table, or add the column first")),
                        }
                    })
                    .collect()
            };
        let index_idents = |cols: &[ast::IndexColumn]| -> Result<Vec<Ident>, Diagnostic> {
            cols.iter()
                .map(|c| match &c.column.expr {
                    ast::Expr::Identifier(i) => Ok(i.clone()),
                    other => Err(Diagnostic::error(format!(
                        "a key column must be a column name, not `{other}`"
                    ))
                    .with_span(self.statement.whole())
                    .with_hint("use a unique index for keys over expressions")),
                })
                .collect()
        };
        let (explicit_name, kind, label) = match constraint {
            TableConstraint::PrimaryKey(pk) => {
                if table.primary_key().is_some() {
                    return Err(Diagnostic::error(format!(
                        "multiple primary keys for table `{table_name}` are not allowed"
                    ))
                    .with_span(self.statement.whole())
                    .with_hint("a table has one primary key; make this one a UNIQUE constraint"));
                }
                let columns = column_names(&mut index_idents(&pk.columns)?.iter())?;
                (
                    pk.name.clone(),
                    ConstraintKind::PrimaryKey { columns },
                    "pkey",
                )
            }
            TableConstraint::Unique(u) => {
                let columns = column_names(&mut index_idents(&u.columns)?.iter())?;
                (u.name.clone(), ConstraintKind::Unique { columns }, "key")
            }
            TableConstraint::ForeignKey(fk) => {
                let columns = column_names(&mut fk.columns.iter())?;
                let fk_model = self.foreign_key(schema, columns, fk)?;
                (
                    fk.name.clone(),
                    ConstraintKind::ForeignKey(fk_model),
                    "fkey",
                )
            }
            TableConstraint::Check(check) => {
                let expr = check.expr.to_string();
                let all: Vec<String> = table.columns.iter().map(|c| c.name.clone()).collect();
                let columns = columns_read(&expr, &all);
                let set = value_set(&check.expr).filter(|s| columns == [s.column.clone()]);
                (
                    check.name.clone(),
                    ConstraintKind::Check(Check {
                        expr,
                        columns,
                        value_set: set,
                    }),
                    "check",
                )
            }
            other => {
                return Err(Diagnostic::error(format!(
                    "schemagen does not model the constraint `{other}` yet"
                ))
                .with_span(self.statement.whole())
                .with_hint("schemagen stops rather than leave a constraint out"));
            }
        };
        let name = match explicit_name {
            Some(ident) => {
                let name = ident_name(&ident);
                if schema.tables[table_name]
                    .constraints
                    .iter()
                    .any(|c| c.name == name)
                {
                    return Err(Diagnostic::duplicate(format!(
                        "constraint `{name}` for table `{table_name}` already exists"
                    ))
                    .with_span(self.span(ident.span))
                    .with_hint("give the constraint another name"));
                }
                name
            }
            None => {
                let columns = kind.columns();
                // PostgreSQL names keys and foreign keys after all their columns, and a
                // check after its column only when it reads exactly one.
                let middle = match &kind {
                    ConstraintKind::PrimaryKey { .. } => None,
                    ConstraintKind::Check(_) if columns.len() != 1 => None,
                    _ => Some(columns.join("_")),
                };
                choose_name(&table_name.name, middle.as_deref(), label, |candidate| {
                    Self::name_taken(schema, &table_name.schema, candidate)
                })
            }
        };
        let table = schema
            .tables
            .get_mut(table_name)
            .expect("the table was looked up above");
        if let ConstraintKind::PrimaryKey { columns } = &kind {
            for column in columns {
                if let Some(c) = table.column_mut(column) {
                    c.not_null = true;
                }
            }
        }
        table.constraints.push(Constraint { name, kind });
        Ok(())
    }

    fn foreign_key(
        &self,
        schema: &Schema,
        columns: Vec<String>,
        fk: &ast::ForeignKeyConstraint,
    ) -> Result<ForeignKey, Diagnostic> {
        let ref_name = self.resolve(&fk.foreign_table, |q| schema.tables.contains_key(q))?;
        let Some(referenced) = schema.tables.get(&ref_name) else {
            return Err(self.no_table(&ref_name, &fk.foreign_table));
        };
        let ref_columns: Vec<String> = if fk.referred_columns.is_empty() {
            match referenced.primary_key() {
                Some(pk) => pk.to_vec(),
                None => {
                    return Err(Diagnostic::error(format!(
                        "there is no primary key for referenced table `{ref_name}`"
                    ))
                    .with_span(self.name_span(&fk.foreign_table))
                    .with_hint("name the referenced columns: `REFERENCES table (column)`"));
                }
            }
        } else {
            let mut names = Vec::new();
            for ident in &fk.referred_columns {
                let name = ident_name(ident);
                if referenced.column(&name).is_none() {
                    return Err(Diagnostic::error(format!(
                        "column `{name}` referenced in foreign key constraint does not exist"
                    ))
                    .with_span(self.span(ident.span))
                    .with_hint(format!("name a column of `{ref_name}`")));
                }
                names.push(name);
            }
            names
        };
        if ref_columns.len() != columns.len() {
            return Err(Diagnostic::error(
                "number of referencing and referenced columns for foreign key disagree",
            )
            .with_span(self.name_span(&fk.foreign_table))
            .with_hint("list as many referenced columns as referencing ones"));
        }
        let mut sorted = ref_columns.clone();
        sorted.sort();
        let is_key = referenced.constraints.iter().any(|c| {
            matches!(
                c.kind,
                ConstraintKind::PrimaryKey { .. } | ConstraintKind::Unique { .. }
            ) && {
                let mut cols = c.kind.columns().to_vec();
                cols.sort();
                cols == sorted
            }
        }) || schema.indexes.values().any(|i| {
            i.unique && i.table == ref_name && {
                let mut cols = i.columns.clone();
                cols.sort();
                cols == sorted
            }
        });
        if !is_key {
            return Err(Diagnostic::error(format!(
                "there is no unique constraint matching given keys for referenced table `{ref_name}`"
            ))
            .with_span(self.name_span(&fk.foreign_table))
            .with_hint(format!(
                "reference the primary key, or add `UNIQUE ({})` to `{ref_name}` first",
                ref_columns.join(", ")
            )));
        }
        let action = |a: &Option<ast::ReferentialAction>| match a {
            None | Some(ast::ReferentialAction::NoAction) => ReferentialAction::NoAction,
            Some(ast::ReferentialAction::Restrict) => ReferentialAction::Restrict,
            Some(ast::ReferentialAction::Cascade) => ReferentialAction::Cascade,
            Some(ast::ReferentialAction::SetNull) => ReferentialAction::SetNull,
            Some(ast::ReferentialAction::SetDefault) => ReferentialAction::SetDefault,
        };
        Ok(ForeignKey {
            columns,
            ref_table: ref_name,
            ref_columns,
            on_delete: action(&fk.on_delete),
            on_update: action(&fk.on_update),
        })
    }

    fn alter_table(
        &self,
        schema: &mut Schema,
        name: &QualifiedName,
        op: &AlterTableOperation,
    ) -> Result<(), Diagnostic> {
        match op {
            AlterTableOperation::AddColumn {
                if_not_exists,
                column_def,
                ..
            } => {
                let exists = schema.tables[name]
                    .column(&ident_name(&column_def.name))
                    .is_some();
                if exists && *if_not_exists {
                    return Ok(());
                }
                let constraints = self.add_column(schema, name, column_def)?;
                self.add_constraints(schema, name, &constraints)
            }
            AlterTableOperation::DropColumn {
                column_names,
                if_exists,
                drop_behavior,
                ..
            } => {
                let cascade = matches!(drop_behavior, Some(ast::DropBehavior::Cascade));
                for ident in column_names {
                    let column = ident_name(ident);
                    if schema.tables[name].column(&column).is_none() {
                        if *if_exists {
                            continue;
                        }
                        return Err(self.no_column(name, &column, ident.span));
                    }
                    self.drop_column(schema, name, &column, cascade, ident.span)?;
                }
                Ok(())
            }
            AlterTableOperation::RenameColumn {
                old_column_name,
                new_column_name,
            } => {
                let old = ident_name(old_column_name);
                let new = ident_name(new_column_name);
                let table = &schema.tables[name];
                if table.column(&old).is_none() {
                    return Err(self.no_column(name, &old, old_column_name.span));
                }
                if table.column(&new).is_some() {
                    return Err(Diagnostic::duplicate(format!(
                        "column `{new}` of table `{name}` already exists"
                    ))
                    .with_span(self.span(new_column_name.span))
                    .with_hint("pick a name the table does not use yet"));
                }
                rename_column(schema, name, &old, &new);
                Ok(())
            }
            AlterTableOperation::RenameTable { table_name } => {
                let (RenameTableNameKind::As(new) | RenameTableNameKind::To(new)) = table_name;
                let new_name = QualifiedName::new(name.schema.clone(), self.qualified(new)?.name);
                if schema.tables.contains_key(&new_name) || schema.indexes.contains_key(&new_name) {
                    return Err(Diagnostic::duplicate(format!(
                        "relation `{new_name}` already exists"
                    ))
                    .with_span(self.name_span(new))
                    .with_hint("pick a name no other table or index uses"));
                }
                rename_table(schema, name, new_name);
                Ok(())
            }
            AlterTableOperation::AddConstraint { constraint, .. } => {
                self.add_constraint(schema, name, constraint)
            }
            AlterTableOperation::DropConstraint {
                if_exists,
                name: constraint,
                drop_behavior,
            } => {
                let constraint_name = ident_name(constraint);
                let cascade = matches!(drop_behavior, Some(ast::DropBehavior::Cascade));
                let Some(position) = schema.tables[name]
                    .constraints
                    .iter()
                    .position(|c| c.name == constraint_name)
                else {
                    if *if_exists {
                        return Ok(());
                    }
                    return Err(Diagnostic::error(format!(
                        "constraint `{constraint_name}` of table `{name}` does not exist"
                    ))
                    .with_span(self.span(constraint.span))
                    .with_hint("check the name: PostgreSQL names unnamed constraints `<table>_<columns>_key`, `_fkey`, `_check`, `<table>_pkey`"));
                };
                let removed = schema.tables[name].constraints[position].clone();
                if let ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns } =
                    &removed.kind
                {
                    self.drop_referencing_fks(
                        schema,
                        &format!("constraint `{constraint_name}`"),
                        name,
                        Some(columns),
                        cascade,
                        constraint.span,
                    )?;
                }
                if let Some(table) = schema.tables.get_mut(name) {
                    table.constraints.retain(|c| c.name != constraint_name);
                }
                Ok(())
            }
            AlterTableOperation::AlterColumn { column_name, op } => {
                let column = ident_name(column_name);
                if schema.tables[name].column(&column).is_none() {
                    return Err(self.no_column(name, &column, column_name.span));
                }
                let in_pk = schema.tables[name]
                    .primary_key()
                    .is_some_and(|pk| pk.contains(&column));
                let new_type = match op {
                    AlterColumnOperation::SetDataType { data_type, .. } => {
                        Some(self.sql_type(schema, data_type, column_name)?.0)
                    }
                    _ => None,
                };
                let table = schema.tables.get_mut(name).expect("checked above");
                let col = table.column_mut(&column).expect("checked above");
                match op {
                    AlterColumnOperation::SetNotNull => col.not_null = true,
                    AlterColumnOperation::DropNotNull => {
                        if in_pk {
                            return Err(Diagnostic::error(format!(
                                "column `{column}` is in a primary key"
                            ))
                            .with_span(self.span(column_name.span))
                            .with_hint("drop the primary key first"));
                        }
                        col.not_null = false;
                    }
                    AlterColumnOperation::SetDefault { value } => {
                        col.default = default_expression(value);
                    }
                    AlterColumnOperation::DropDefault => col.default = None,
                    AlterColumnOperation::SetDataType { .. } => {
                        col.ty = new_type.expect("resolved above");
                    }
                    AlterColumnOperation::AddGenerated { generated_as, .. } => {
                        col.identity = Some(match generated_as {
                            Some(ast::GeneratedAs::ByDefault) => Identity::ByDefault,
                            _ => Identity::Always,
                        });
                        col.not_null = true;
                    }
                }
                Ok(())
            }
            // Row security, triggers, rules, ownership, storage and validation do not
            // change columns or keys.
            AlterTableOperation::EnableRowLevelSecurity
            | AlterTableOperation::DisableRowLevelSecurity
            | AlterTableOperation::ForceRowLevelSecurity
            | AlterTableOperation::NoForceRowLevelSecurity
            | AlterTableOperation::EnableTrigger { .. }
            | AlterTableOperation::DisableTrigger { .. }
            | AlterTableOperation::EnableAlwaysTrigger { .. }
            | AlterTableOperation::EnableReplicaTrigger { .. }
            | AlterTableOperation::EnableRule { .. }
            | AlterTableOperation::DisableRule { .. }
            | AlterTableOperation::EnableAlwaysRule { .. }
            | AlterTableOperation::EnableReplicaRule { .. }
            | AlterTableOperation::OwnerTo { .. }
            | AlterTableOperation::ReplicaIdentity { .. }
            | AlterTableOperation::SetLogged
            | AlterTableOperation::SetUnlogged
            | AlterTableOperation::ValidateConstraint { .. } => Ok(()),
            other => Err(Diagnostic::error(format!(
                "schemagen does not model `ALTER TABLE ... {other}` yet"
            ))
            .with_span(self.statement.whole())
            .with_hint("schemagen stops rather than produce a schema that leaves this out")),
        }
    }

    fn no_column(&self, table: &QualifiedName, column: &str, at: AstSpan) -> Diagnostic {
        Diagnostic::error(format!(
            "column `{column}` of table `{table}` does not exist"
        ))
        .with_span(self.span(at))
        .with_hint("check the spelling, or add the column in an earlier statement")
    }

    /// Drops the foreign keys of other tables (and of this one) that reference `table`
    /// (only those on `columns`, when given). Without CASCADE, their existence is an
    /// error, as in PostgreSQL.
    fn drop_referencing_fks(
        &self,
        schema: &mut Schema,
        what: &str,
        table: &QualifiedName,
        columns: Option<&[String]>,
        cascade: bool,
        at: AstSpan,
    ) -> Result<(), Diagnostic> {
        let references = |fk: &ForeignKey| {
            fk.ref_table == *table
                && columns.is_none_or(|cols| fk.ref_columns.iter().any(|c| cols.contains(c)))
        };
        let dependents: Vec<String> = schema
            .tables
            .values()
            .flat_map(|t| {
                t.constraints.iter().filter_map(move |c| match &c.kind {
                    ConstraintKind::ForeignKey(fk)
                        if references(fk) && !(columns.is_none() && t.name == *table) =>
                    {
                        Some(format!("constraint `{}` on table `{}`", c.name, t.name))
                    }
                    _ => None,
                })
            })
            .collect();
        if dependents.is_empty() {
            return Ok(());
        }
        if !cascade {
            return Err(Diagnostic::error(format!(
                "cannot drop {what} because other objects depend on it: {}",
                dependents.join(", ")
            ))
            .with_span(self.span(at))
            .with_hint("add CASCADE to drop the dependent foreign keys too, or drop them first"));
        }
        for t in schema.tables.values_mut() {
            t.constraints.retain(|c| match &c.kind {
                ConstraintKind::ForeignKey(fk) => !references(fk),
                _ => true,
            });
        }
        Ok(())
    }

    fn drop_column(
        &self,
        schema: &mut Schema,
        table: &QualifiedName,
        column: &str,
        cascade: bool,
        at: AstSpan,
    ) -> Result<(), Diagnostic> {
        let column_list = [column.to_string()];
        // Foreign keys of other tables on this column depend on it.
        let others_depend = schema.tables.values().any(|t| {
            t.name != *table
                && t.foreign_keys()
                    .any(|fk| fk.ref_table == *table && fk.ref_columns.iter().any(|c| c == column))
        });
        if others_depend {
            self.drop_referencing_fks(
                schema,
                &format!("column `{column}` of table `{table}`"),
                table,
                Some(&column_list),
                cascade,
                at,
            )?;
        }
        let t = schema
            .tables
            .get_mut(table)
            .expect("caller checked the table exists");
        // Constraints and indexes on the column go with it, as in PostgreSQL.
        t.constraints.retain(|c| {
            !c.kind.columns().iter().any(|c| c == column)
                && !matches!(&c.kind, ConstraintKind::ForeignKey(fk)
                    if fk.ref_table == *table && fk.ref_columns.iter().any(|c| c == column))
        });
        t.columns.retain(|c| c.name != column);
        schema
            .indexes
            .retain(|_, i| !(i.table == *table && i.columns.iter().any(|c| c == column)));
        Ok(())
    }

    fn create_index(&self, schema: &mut Schema, ci: &ast::CreateIndex) -> Result<(), Diagnostic> {
        let table_name = self.resolve(&ci.table_name, |q| schema.tables.contains_key(q))?;
        let Some(table) = schema.tables.get(&table_name) else {
            return Err(self.no_table(&table_name, &ci.table_name));
        };
        let mut columns = Vec::new();
        for c in &ci.columns {
            if let ast::Expr::Identifier(ident) = &c.column.expr {
                let name = ident_name(ident);
                if table.column(&name).is_none() {
                    return Err(self.no_column(&table_name, &name, ident.span));
                }
                columns.push(name);
            }
        }
        let index_name = match &ci.name {
            Some(n) => QualifiedName::new(table_name.schema.clone(), self.qualified(n)?.name),
            None => {
                let middle = if columns.is_empty() {
                    "expr".to_string()
                } else {
                    columns.join("_")
                };
                let name = choose_name(&table_name.name, Some(&middle), "idx", |candidate| {
                    Self::name_taken(schema, &table_name.schema, candidate)
                });
                QualifiedName::new(table_name.schema.clone(), name)
            }
        };
        if schema.indexes.contains_key(&index_name) || schema.tables.contains_key(&index_name) {
            if ci.if_not_exists {
                return Ok(());
            }
            return Err(
                Diagnostic::duplicate(format!("relation `{index_name}` already exists"))
                    .with_span(self.statement.whole())
                    .with_hint("write `CREATE INDEX IF NOT EXISTS`, or pick another name"),
            );
        }
        // A partial or expression index cannot back a foreign key.
        let plain = ci.predicate.is_none() && columns.len() == ci.columns.len();
        schema.indexes.insert(
            index_name.clone(),
            Index {
                name: index_name,
                table: table_name,
                columns,
                unique: ci.unique && plain,
            },
        );
        Ok(())
    }

    fn create_type(
        &self,
        schema: &mut Schema,
        name: &ObjectName,
        representation: Option<&UserDefinedTypeRepresentation>,
    ) -> Result<(), Diagnostic> {
        let qualified = self.creation_name(schema, name)?;
        let Some(UserDefinedTypeRepresentation::Enum { labels }) = representation else {
            return Err(self.not_modelled("composite, range and base types"));
        };
        // Every table has a row type of its own name, so the names collide too.
        if schema.enums.contains_key(&qualified) || schema.tables.contains_key(&qualified) {
            return Err(
                Diagnostic::duplicate(format!("type `{qualified}` already exists"))
                    .with_span(self.name_span(name))
                    .with_hint("pick another name, or drop the earlier type first"),
            );
        }
        if !schema.schemas.contains(&qualified.schema) {
            return Err(
                Diagnostic::error(format!("schema `{}` does not exist", qualified.schema))
                    .with_span(self.name_span(name))
                    .with_hint(format!(
                        "add `CREATE SCHEMA {};` before this statement",
                        qualified.schema
                    )),
            );
        }
        let mut values: Vec<String> = Vec::new();
        for label in labels {
            if values.contains(&label.value) {
                return Err(Diagnostic::error(format!(
                    "enum label `{}` used more than once",
                    label.value
                ))
                .with_span(self.span(label.span))
                .with_hint("list each label once"));
            }
            values.push(label.value.clone());
        }
        schema.enums.insert(
            qualified.clone(),
            EnumType {
                name: qualified,
                labels: values,
            },
        );
        Ok(())
    }

    fn alter_type(&self, schema: &mut Schema, at: &ast::AlterType) -> Result<(), Diagnostic> {
        let name = self.resolve(&at.name, |q| schema.enums.contains_key(q))?;
        let Some(enum_type) = schema.enums.get_mut(&name) else {
            return Err(Diagnostic::error(format!("type `{name}` does not exist"))
                .with_span(self.name_span(&at.name))
                .with_hint("create the enum in an earlier migration, or check the spelling"));
        };
        match &at.operation {
            AlterTypeOperation::AddValue(add) => {
                let value = add.value.value.clone();
                if enum_type.labels.contains(&value) {
                    if add.if_not_exists {
                        return Ok(());
                    }
                    return Err(Diagnostic::duplicate(format!(
                        "enum label `{value}` already exists"
                    ))
                    .with_span(self.span(add.value.span))
                    .with_hint("write `ADD VALUE IF NOT EXISTS`, or drop this statement"));
                }
                let position = match &add.position {
                    None => enum_type.labels.len(),
                    Some(
                        AlterTypeAddValuePosition::Before(n) | AlterTypeAddValuePosition::After(n),
                    ) => {
                        let Some(i) = enum_type.labels.iter().position(|l| *l == n.value) else {
                            return Err(Diagnostic::error(format!(
                                "`{}` is not an existing enum label",
                                n.value
                            ))
                            .with_span(self.span(n.span))
                            .with_hint("name a label the enum already has"));
                        };
                        match add.position {
                            Some(AlterTypeAddValuePosition::After(_)) => i + 1,
                            _ => i,
                        }
                    }
                };
                enum_type.labels.insert(position, value);
                Ok(())
            }
            AlterTypeOperation::RenameValue(rename) => {
                let Some(i) = enum_type
                    .labels
                    .iter()
                    .position(|l| *l == rename.from.value)
                else {
                    return Err(Diagnostic::error(format!(
                        "`{}` is not an existing enum label",
                        rename.from.value
                    ))
                    .with_span(self.span(rename.from.span))
                    .with_hint("name a label the enum already has"));
                };
                if enum_type.labels.contains(&rename.to.value) {
                    return Err(Diagnostic::duplicate(format!(
                        "enum label `{}` already exists",
                        rename.to.value
                    ))
                    .with_span(self.span(rename.to.span))
                    .with_hint("pick a label the enum does not have"));
                }
                enum_type.labels[i] = rename.to.value.clone();
                Ok(())
            }
            AlterTypeOperation::Rename(rename) => {
                let new_name =
                    QualifiedName::new(name.schema.clone(), ident_name(&rename.new_name));
                if schema.enums.contains_key(&new_name) || schema.tables.contains_key(&new_name) {
                    return Err(
                        Diagnostic::duplicate(format!("type `{new_name}` already exists"))
                            .with_span(self.span(rename.new_name.span))
                            .with_hint("pick another name"),
                    );
                }
                let mut e = schema.enums.remove(&name).expect("looked up above");
                e.name = new_name.clone();
                schema.enums.insert(new_name.clone(), e);
                for table in schema.tables.values_mut() {
                    for column in &mut table.columns {
                        if column.ty.base == BaseType::Enum(name.clone()) {
                            column.ty.base = BaseType::Enum(new_name.clone());
                        }
                    }
                }
                Ok(())
            }
        }
    }

    fn drop(
        &self,
        schema: &mut Schema,
        object_type: ObjectType,
        if_exists: bool,
        names: &[ObjectName],
        cascade: bool,
    ) -> Result<(), Diagnostic> {
        for object in names {
            let name = match object_type {
                ObjectType::Table => self.resolve(object, |q| schema.tables.contains_key(q))?,
                ObjectType::Index => self.resolve(object, |q| schema.indexes.contains_key(q))?,
                ObjectType::Type => self.resolve(object, |q| schema.enums.contains_key(q))?,
                _ => self.qualified(object)?,
            };
            match object_type {
                ObjectType::Table => {
                    if !schema.tables.contains_key(&name) {
                        if if_exists {
                            continue;
                        }
                        return Err(self.no_table(&name, object));
                    }
                    // Tables dropped by the same statement may reference each other.
                    let dropped: Vec<QualifiedName> = names
                        .iter()
                        .filter_map(|n| self.resolve(n, |q| schema.tables.contains_key(q)).ok())
                        .collect();
                    let blocked = schema.tables.values().any(|t| {
                        !dropped.contains(&t.name)
                            && t.foreign_keys().any(|fk| fk.ref_table == name)
                    });
                    if blocked {
                        self.drop_referencing_fks(
                            schema,
                            &format!("table `{name}`"),
                            &name,
                            None,
                            cascade,
                            self.name_span_raw(object),
                        )?;
                    }
                    schema.tables.remove(&name);
                    schema.indexes.retain(|_, i| i.table != name);
                }
                ObjectType::Index => {
                    if schema.indexes.remove(&name).is_none() && !if_exists {
                        return Err(Diagnostic::error(format!("index `{name}` does not exist"))
                            .with_span(self.name_span(object))
                            .with_hint("write `DROP INDEX IF EXISTS`, or check the name"));
                    }
                }
                ObjectType::Type => {
                    if !schema.enums.contains_key(&name) {
                        if if_exists {
                            continue;
                        }
                        return Err(Diagnostic::error(format!("type `{name}` does not exist"))
                            .with_span(self.name_span(object))
                            .with_hint("write `DROP TYPE IF EXISTS`, or check the name"));
                    }
                    let users: Vec<String> = schema
                        .tables
                        .values()
                        .flat_map(|t| {
                            t.columns
                                .iter()
                                .filter(|c| c.ty.base == BaseType::Enum(name.clone()))
                                .map(move |c| format!("`{}.{}`", t.name, c.name))
                        })
                        .collect();
                    if !users.is_empty() && !cascade {
                        return Err(Diagnostic::error(format!(
                            "cannot drop type `{name}` because columns use it: {}",
                            users.join(", ")
                        ))
                        .with_span(self.name_span(object))
                        .with_hint("change those columns' type first, or add CASCADE to drop the columns too"));
                    }
                    // CASCADE drops the columns of that type, as PostgreSQL does.
                    let tables: Vec<QualifiedName> = schema.tables.keys().cloned().collect();
                    for table in tables {
                        let columns: Vec<String> = schema.tables[&table]
                            .columns
                            .iter()
                            .filter(|c| c.ty.base == BaseType::Enum(name.clone()))
                            .map(|c| c.name.clone())
                            .collect();
                        for column in columns {
                            self.drop_column(
                                schema,
                                &table,
                                &column,
                                true,
                                self.name_span_raw(object),
                            )?;
                        }
                    }
                    schema.enums.remove(&name);
                }
                ObjectType::Schema => {
                    // `DROP SCHEMA x` names a schema by one identifier.
                    let schema_name = name.name.clone();
                    if !schema.schemas.contains(&schema_name) {
                        if if_exists {
                            continue;
                        }
                        return Err(Diagnostic::error(format!(
                            "schema `{schema_name}` does not exist"
                        ))
                        .with_span(self.name_span(object))
                        .with_hint("write `DROP SCHEMA IF EXISTS`, or check the name"));
                    }
                    let holds_objects = schema.tables.keys().any(|t| t.schema == schema_name)
                        || schema.enums.keys().any(|t| t.schema == schema_name);
                    if holds_objects && !cascade {
                        return Err(Diagnostic::error(format!(
                            "cannot drop schema `{schema_name}` because objects are in it"
                        ))
                        .with_span(self.name_span(object))
                        .with_hint("add CASCADE, or drop its tables and types first"));
                    }
                    schema.tables.retain(|t, _| t.schema != schema_name);
                    schema.enums.retain(|t, _| t.schema != schema_name);
                    schema.indexes.retain(|t, _| t.schema != schema_name);
                    schema.schemas.remove(&schema_name);
                }
                ObjectType::View | ObjectType::MaterializedView => {
                    if !if_exists {
                        return Err(self.not_modelled("views"));
                    }
                }
                // Sequences, roles, extensions and the like hold no tables, types or views
                // that the model keeps.
                _ => {}
            }
        }
        Ok(())
    }

    fn name_span_raw(&self, name: &ObjectName) -> AstSpan {
        AstSpan::union_iter(name.0.iter().filter_map(|part| match part {
            ObjectNamePart::Identifier(i) => Some(i.span),
            ObjectNamePart::Function(_) => None,
        }))
    }

    fn comment(
        &self,
        schema: &mut Schema,
        object_type: CommentObject,
        object: &ObjectName,
        comment: Option<String>,
    ) -> Result<(), Diagnostic> {
        match object_type {
            CommentObject::Table => {
                let name = self.resolve(object, |q| schema.tables.contains_key(q))?;
                let Some(table) = schema.tables.get_mut(&name) else {
                    return Err(self.no_table(&name, object));
                };
                table.comment = comment;
                Ok(())
            }
            CommentObject::Column => {
                // `table.column` or `schema.table.column`.
                let mut parts = object.0.clone();
                let Some(ObjectNamePart::Identifier(column)) = parts.pop() else {
                    return Err(
                        Diagnostic::error("`COMMENT ON COLUMN` needs `table.column`")
                            .with_span(self.statement.whole())
                            .with_hint("write `COMMENT ON COLUMN table.column IS '...'`"),
                    );
                };
                let table_object = ObjectName(parts);
                let name = self.resolve(&table_object, |q| schema.tables.contains_key(q))?;
                let Some(table) = schema.tables.get_mut(&name) else {
                    return Err(self.no_table(&name, &table_object));
                };
                let column_name = ident_name(&column);
                match table.column_mut(&column_name) {
                    Some(c) => {
                        c.comment = comment;
                        Ok(())
                    }
                    None => Err(self.no_column(&name, &column_name, column.span)),
                }
            }
            _ => Ok(()),
        }
    }

    /// The new `search_path` a `SET` statement gives, if it sets that. Other settings
    /// cannot change the schema.
    fn search_path_set(&self, set: &ast::Set) -> Option<Vec<String>> {
        let ast::Set::SingleAssignment {
            variable, values, ..
        } = set
        else {
            return None;
        };
        if !variable.to_string().eq_ignore_ascii_case("search_path") {
            return None;
        }
        let mut path = Vec::new();
        for value in values {
            let text = match value {
                ast::Expr::Identifier(ident) if ident.quote_style == Some('"') => {
                    ident.value.clone()
                }
                ast::Expr::Identifier(ident) => ident.value.to_lowercase(),
                ast::Expr::Value(v) => match &v.value {
                    ast::Value::SingleQuotedString(s) => s.clone(),
                    _ => v.to_string(),
                },
                other => other.to_string(),
            };
            // `SET search_path TO DEFAULT` restores the server default.
            if text.eq_ignore_ascii_case("default") && values.len() == 1 {
                return Some(Session::default().search_path);
            }
            // One string may list several schemas (`SET search_path = 'a, b'`).
            path.extend(
                text.split(',')
                    .map(|s| s.trim().trim_matches('"').to_string())
                    .filter(|s| !s.is_empty()),
            );
        }
        Some(path)
    }
}

/// The default PostgreSQL stores: none for a bare `NULL` (or `NULL::type`), which it
/// does not keep in `pg_attrdef` since it is what a column without a default does.
fn default_expression(expr: &ast::Expr) -> Option<String> {
    let mut inner = expr;
    loop {
        match inner {
            ast::Expr::Nested(e) => inner = e,
            ast::Expr::Cast { expr: e, .. } => inner = e,
            ast::Expr::Value(v) if v.value == ast::Value::Null => return None,
            _ => return Some(expr.to_string()),
        }
    }
}

fn set_constraint_name(constraint: &mut TableConstraint, name: Ident) {
    match constraint {
        TableConstraint::PrimaryKey(c) => c.name = Some(name),
        TableConstraint::Unique(c) => c.name = Some(name),
        TableConstraint::ForeignKey(c) => c.name = Some(name),
        TableConstraint::Check(c) => c.name = Some(name),
        _ => {}
    }
}

/// Renames a column everywhere it is named: the table's own constraints, foreign keys
/// (here and in other tables) that reference it, and indexes.
fn rename_column(schema: &mut Schema, table: &QualifiedName, old: &str, new: &str) {
    let rename = |names: &mut Vec<String>| {
        for n in names.iter_mut().filter(|n| *n == old) {
            *n = new.to_string();
        }
    };
    for t in schema.tables.values_mut() {
        let own = t.name == *table;
        if own {
            if let Some(c) = t.column_mut(old) {
                c.name = new.to_string();
            }
        }
        for constraint in &mut t.constraints {
            match &mut constraint.kind {
                ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns }
                    if own =>
                {
                    rename(columns)
                }
                ConstraintKind::ForeignKey(fk) => {
                    if own {
                        rename(&mut fk.columns);
                    }
                    if fk.ref_table == *table {
                        rename(&mut fk.ref_columns);
                    }
                }
                ConstraintKind::Check(check) if own => {
                    rename(&mut check.columns);
                    if let Some(set) = &mut check.value_set {
                        if set.column == old {
                            set.column = new.to_string();
                        }
                    }
                }
                _ => {}
            }
        }
    }
    for index in schema.indexes.values_mut().filter(|i| i.table == *table) {
        rename(&mut index.columns);
    }
}

/// Renames a table and every foreign key and index that names it.
fn rename_table(schema: &mut Schema, old: &QualifiedName, new: QualifiedName) {
    if let Some(mut table) = schema.tables.remove(old) {
        table.name = new.clone();
        schema.tables.insert(new.clone(), table);
    }
    for t in schema.tables.values_mut() {
        for constraint in &mut t.constraints {
            if let ConstraintKind::ForeignKey(fk) = &mut constraint.kind {
                if fk.ref_table == *old {
                    fk.ref_table = new.clone();
                }
            }
        }
    }
    for index in schema.indexes.values_mut().filter(|i| i.table == *old) {
        index.table = new.clone();
    }
}
