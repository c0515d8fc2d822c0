//! Replays one parsed statement into the model, as PostgreSQL would apply it.
//!
//! Every statement kind is handled on purpose: it changes the model, or it is one that
//! cannot change tables, types or views and is passed over, or it is an error that says
//! what schemagen does not model yet. Nothing that could change the schema is dropped
//! silently.

mod alter;
mod attributes;
mod domain;
mod drop;
mod extension;
mod from_query;
mod functions;
mod inherit;
mod relation;
mod schemas;
mod sequences;
mod table;
mod types;
mod view;

use sqlparser::ast::{
    self, AlterColumnOperation, AlterTableOperation, AlterTypeAddValuePosition, AlterTypeOperation,
    ColumnDef, ColumnOption, CommentObject, CreateTable, DataType, ExactNumberInfo, Ident,
    ObjectName, ObjectNamePart, ObjectType, RenameTableNameKind, Statement as Ast, TableConstraint,
    TimezoneInfo, UserDefinedTypeRepresentation,
};
use sqlparser::tokenizer::Span as AstSpan;

use super::names::choose_name;
use super::pg_types::{self, CatalogType};
use super::types::{BaseType, RANGE_TYPES, SqlType};
use super::value_set::{columns_read, rename_column_read, value_set};
use super::{
    Check, Column, Constraint, ConstraintKind, Domain, EnumType, ForeignKey, Identity, Index,
    Origin, QualifiedName, ReferentialAction, Schema, Session, Table,
};
use crate::diagnostic::{Diagnostic, Span};
use crate::parse::extra::{AlterAction, Extra, IndexAction, ViewAction};
use crate::source::Statement;

/// Applies `ast` (parsed from `statement`) to `schema`. On error the schema may hold part
/// of the statement's effect; callers stop at the first error, as PostgreSQL does.
pub fn apply(
    schema: &mut Schema,
    session: &mut Session,
    statement: &Statement,
    ast: &Ast,
) -> Result<(), Diagnostic> {
    with_cx(session, statement, |cx, session| {
        apply_ast(cx, schema, session, ast)
    })
}

fn apply_ast(
    cx: &Cx<'_>,
    schema: &mut Schema,
    session: &mut Session,
    ast: &Ast,
) -> Result<(), Diagnostic> {
    if let Some(temp) = temp_table_target(ast)
        && session.temp_tables.contains(&temp)
    {
        if matches!(ast, Ast::Drop { .. }) {
            session.temp_tables.remove(&temp);
        }
        return Ok(());
    }
    match ast {
        Ast::CreateTable(ct) if ct.temporary => {
            if let Some(name) = ct.name.0.last().and_then(|p| p.as_ident()) {
                session.temp_tables.insert(ident_name(name));
            }
            Ok(())
        }
        Ast::CreateTable(ct) => cx.create_table(schema, ct, &[]),
        Ast::AlterTable(at) => {
            let name = cx.resolve_relation(schema, &at.name)?;
            match relation::relation(schema, &name) {
                Some(relation::Relation::Table) => {}
                // `ALTER TABLE` also renames views and indexes, as PostgreSQL allows.
                Some(other) => {
                    let actions: Vec<AlterAction> =
                        at.operations.iter().cloned().map(AlterAction::Op).collect();
                    return cx.alter_table_on_other_relation(schema, &at.name, &other, &actions);
                }
                None if at.if_exists => return Ok(()),
                None => return Err(cx.no_table(&name, &at.name)),
            }
            for op in &at.operations {
                cx.alter_table(schema, &name, op)?;
                if !at.only {
                    cx.alter_children(schema, &name, op)?;
                }
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
        Ast::AlterSchema(alter) => cx.alter_schema(schema, alter),
        // The pre-pass reads `CREATE SEQUENCE` first; this is for the forms it leaves.
        Ast::CreateSequence {
            temporary,
            if_not_exists,
            name,
            owned_by,
            ..
        } => match temporary {
            true => Ok(()),
            false => cx.create_sequence(schema, name, *if_not_exists, owned_by.as_ref()),
        },
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
        // LOCK changes nothing, but PostgreSQL refuses it on a table that does not exist.
        Ast::Lock(lock) => {
            for target in &lock.tables {
                let name = cx.resolve(&target.name, |q| {
                    schema.tables.contains_key(q) || schema.views.contains_key(q)
                })?;
                if !schema.tables.contains_key(&name) && !schema.views.contains_key(&name) {
                    return Err(cx.no_table(&name, &target.name));
                }
            }
            Ok(())
        }
        Ast::Set(set) => {
            if let Some(path) = cx.search_path_set(set) {
                session.search_path = path;
            }
            Ok(())
        }
        // `RESET search_path` and `RESET ALL` restore the `search_path` the session
        // started with: the database's, or PostgreSQL's default.
        Ast::Reset(reset) => {
            let restores = match &reset.reset {
                ast::Reset::ALL => true,
                ast::Reset::ConfigurationParameter(name) => {
                    name.to_string().eq_ignore_ascii_case("search_path")
                }
                ast::Reset::SessionAuthorization => false,
            };
            if restores {
                session.search_path = Session::starting(schema).search_path;
            }
            Ok(())
        }
        Ast::CreateView(cv) => cx.create_view(schema, session, cv),
        Ast::CreateExtension(ce) => cx.create_extension(schema, ce),
        Ast::DropExtension(de) => cx.drop_extension(schema, de),
        // `ALTER VIEW name AS query`, which PostgreSQL does not have.
        Ast::AlterView { .. } => Err(cx.not_modelled("`ALTER VIEW ... AS`")),
        Ast::DropDomain(drop) => cx.drop_domain(schema, drop),
        Ast::DropFunction(drop) => cx.drop_function(schema, drop),
        // `CREATE DOMAIN` is read by the pre-pass (`parse::extra`), which sees it first.
        Ast::CreateDomain(_) => Err(cx.not_modelled("this form of `CREATE DOMAIN`")),
        // `SELECT ... INTO new_table` makes a table; any other query changes nothing.
        Ast::Query(query) => cx.select_into(schema, session, query).unwrap_or(Ok(())),
        // Statements that cannot change tables, types or views.
        Ast::Insert(_)
        | Ast::Update(_)
        | Ast::Delete(_)
        | Ast::Truncate(_)
        | Ast::CreateFunction(_)
        | Ast::CreateProcedure { .. }
        | Ast::DropProcedure { .. }
        | Ast::CreateTrigger(_)
        | Ast::DropTrigger(_)
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
        | Ast::NOTIFY { .. } => Ok(()),
        Ast::AlterIndex {
            name,
            operation: ast::AlterIndexOperation::RenameIndex { index_name },
        } => {
            let Some(new) = index_name.0.last().and_then(|p| p.as_ident()) else {
                return Err(cx.not_modelled("this form of `ALTER INDEX`"));
            };
            cx.alter_index(schema, name, false, &IndexAction::RenameTo(new.clone()))
        }
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

/// `ALTER EXTENSION name SET SCHEMA new_schema`, which sqlparser does not read: for the
/// reader of that statement (the parse stage) to apply once it has the two names.
pub fn apply_alter_extension_set_schema(
    schema: &mut Schema,
    session: &mut Session,
    statement: &Statement,
    name: &Ident,
    new_schema: &Ident,
) -> Result<(), Diagnostic> {
    with_cx(session, statement, |cx, _| {
        cx.alter_extension_set_schema(schema, name, new_schema)
    })
}

/// Runs `f` with the context for replaying `statement` in `session`, then hands the
/// warnings it met to the session. The context reads a copy of the session's search
/// path and temporary tables, since the statement may change the session itself.
fn with_cx<T>(
    session: &mut Session,
    statement: &Statement,
    f: impl FnOnce(&Cx, &mut Session) -> T,
) -> T {
    let search_path = session.search_path.clone();
    let temp_tables = session.temp_tables.clone();
    let cx = Cx {
        statement,
        search_path: &search_path,
        warnings: Default::default(),
        temp_tables: &temp_tables,
        identity_names: Default::default(),
    };
    let result = f(&cx, session);
    session.warnings.0.extend(cx.warnings.take());
    result
}

/// Applies a statement read by schemagen's pre-pass ([`crate::parse::extra`]).
pub fn apply_extra(
    schema: &mut Schema,
    session: &mut Session,
    statement: &Statement,
    extra: &Extra,
) -> Result<(), Diagnostic> {
    with_cx(session, statement, |cx, session| {
        extra_into(cx, schema, session, extra)
    })
}

fn extra_into(
    cx: &Cx,
    schema: &mut Schema,
    session: &mut Session,
    extra: &Extra,
) -> Result<(), Diagnostic> {
    match extra {
        Extra::CreateDomain(def) => cx.create_domain(schema, def),
        Extra::AlterDomain { name, action } => cx.alter_domain(schema, name, action),
        Extra::AlterView {
            name,
            if_exists,
            action,
        } => {
            let view = cx.resolve(name, |q| schema.views.contains_key(q))?;
            if *if_exists && !schema.views.contains_key(&view) {
                return Ok(());
            }
            cx.alter_view(schema, name, action)
        }
        Extra::AlterTable {
            name,
            if_exists,
            only,
            actions,
        } => cx.alter_table_actions(schema, name, *if_exists, *only, actions),
        Extra::CreateTableLike {
            create,
            likes,
            not_null,
        } => {
            cx.create_table(schema, create, likes)?;
            if not_null.is_empty() {
                return Ok(());
            }
            let name = cx.resolve(&create.name, |q| schema.tables.contains_key(q))?;
            for column in not_null {
                cx.alter_table(
                    schema,
                    &name,
                    &AlterTableOperation::AlterColumn {
                        column_name: column.clone(),
                        op: AlterColumnOperation::SetNotNull,
                    },
                )?;
            }
            Ok(())
        }
        Extra::CreateTableAs { create, columns } => match &create.query {
            Some(query) if !create.temporary => cx.create_table_as(schema, create, query, columns),
            _ => {
                if let Some(name) = create.name.0.last().and_then(|p| p.as_ident()) {
                    session.temp_tables.insert(ident_name(name));
                }
                Ok(())
            }
        },
        Extra::AlterExtensionSetSchema {
            name,
            schema: new_schema,
        } => cx.alter_extension_set_schema(schema, name, new_schema),
        Extra::AlterTypeSetSchema {
            name,
            schema: new_schema,
        } => cx.alter_type_set_schema(schema, name, new_schema),
        Extra::AlterAttributes { name, actions } => cx.alter_attributes(schema, name, actions),
        Extra::AlterIndex {
            name,
            if_exists,
            action,
        } => cx.alter_index(schema, name, *if_exists, action),
        // A temporary sequence lives for one session, as a temporary table does.
        Extra::CreateSequence {
            temporary: true, ..
        } => Ok(()),
        Extra::CreateSequence {
            name,
            if_not_exists,
            owned_by,
            ..
        } => cx.create_sequence(schema, name, *if_not_exists, owned_by.as_ref()),
        Extra::AlterSequence { name, action, .. } => cx.alter_sequence(schema, name, action),
    }
}

/// The unqualified (or `pg_temp`-qualified) table an index, ALTER or DROP names, which
/// may be one of the session's temporary tables.
fn temp_table_target(ast: &Ast) -> Option<String> {
    let name = match ast {
        Ast::CreateIndex(ci) => &ci.table_name,
        Ast::AlterTable(at) => &at.name,
        Ast::Drop {
            object_type: ObjectType::Table,
            names,
            ..
        } if names.len() == 1 => &names[0],
        _ => return None,
    };
    match name.0.as_slice() {
        [table] => table.as_ident().map(ident_name),
        [schema, table]
            if schema
                .as_ident()
                .is_some_and(|s| ident_name(s) == "pg_temp") =>
        {
            table.as_ident().map(ident_name)
        }
        _ => None,
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
    /// Warnings met while replaying the statement, handed to the session at the end.
    warnings: std::cell::RefCell<Vec<Diagnostic>>,
    /// The session's temporary tables (names only), which queries may read.
    temp_tables: &'a std::collections::BTreeSet<String>,
    /// The sequence names the statement gives its identity columns, in the order it
    /// makes them (read on first use): see [`Cx::next_identity_sequence_name`].
    identity_names: std::cell::RefCell<Option<std::collections::VecDeque<Option<QualifiedName>>>>,
}

impl Cx<'_> {
    /// The name `SEQUENCE NAME` gives the next identity column this statement makes
    /// (`None` where it gives none, and PostgreSQL chooses one). sqlparser does not read
    /// the option, so the statement's text is: identity columns are made in the order
    /// they are written.
    fn next_identity_sequence_name(&self) -> Option<QualifiedName> {
        let mut names = self.identity_names.borrow_mut();
        names
            .get_or_insert_with(|| sequences::identity_sequence_names(self.statement.text()).into())
            .pop_front()
            .flatten()
    }

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

    fn name_span_raw(&self, name: &ObjectName) -> AstSpan {
        AstSpan::union_iter(name.0.iter().filter_map(|part| match part {
            ObjectNamePart::Identifier(i) => Some(i.span),
            ObjectNamePart::Function(_) => None,
        }))
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
        let mut d = Diagnostic::error(format!("table `{name}` does not exist"))
            .with_span(self.name_span(at))
            .with_label("no table of this name was created by an earlier statement")
            .with_hint("create the table in an earlier migration, or check the spelling");
        d.code = Some(crate::diagnostic::Code::UndefinedTable(name.name.clone()));
        d
    }

    fn no_column(&self, table: &QualifiedName, column: &str, at: AstSpan) -> Diagnostic {
        Diagnostic::error(format!(
            "column `{column}` of table `{table}` does not exist"
        ))
        .with_span(self.span(at))
        .with_hint("check the spelling, or add the column in an earlier statement")
    }

    fn not_modelled(&self, what: &str) -> Diagnostic {
        Diagnostic::error(format!("schemagen does not model {what} yet"))
            .with_span(self.statement.whole())
            .with_label("this statement changes the schema")
            .with_hint("schemagen stops rather than produce a schema that leaves this out")
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
                let name = self.resolve_relation(schema, &table_object)?;
                let column_name = ident_name(&column);
                // A view's or composite type's column takes a comment too; the model
                // keeps only tables' (for the docs).
                let other_columns = match (schema.views.get(&name), schema.composites.get(&name)) {
                    (Some(view), _) => Some(view.columns.clone()),
                    (None, Some(c)) => Some(c.attributes.iter().map(|(n, _)| n.clone()).collect()),
                    _ => None,
                };
                if let Some(columns) = other_columns {
                    if columns.contains(&column_name) {
                        return Ok(());
                    }
                    return Err(self.no_column(&name, &column_name, column.span));
                }
                let Some(table) = schema.tables.get_mut(&name) else {
                    return Err(self.no_table(&name, &table_object));
                };
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
}
