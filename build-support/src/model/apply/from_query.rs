//! Tables made from a query: `CREATE TABLE ... AS` and `SELECT ... INTO`. Their columns
//! are the query's output columns, named and typed by [`crate::check`] as PostgreSQL
//! names and types them; none is NOT NULL and none has a default (PostgreSQL copies
//! neither). A column schemagen cannot type yet stops the replay at its expression:
//! the table's Rust type cannot be generated without it.

use sqlparser::ast::{Expr, Query, SelectInto, SetExpr, Spanned};

use super::*;
use crate::check::{self, Env, OutputColumn, QueryOutput};

impl Cx<'_> {
    /// The query's output columns, as [`check`] finds them against the model.
    pub(super) fn query_output(
        &self,
        schema: &Schema,
        query: &Query,
    ) -> Result<QueryOutput, Diagnostic> {
        // A cast's type resolves as a column's declared type does; `serial` is no type
        // but a column shorthand.
        let resolve_type = |data_type: &DataType, at: AstSpan| {
            let here = Ident::with_span(at, "");
            match self.sql_type(schema, data_type, &here)? {
                (ty, false) => Ok(ty),
                (_, true) => Err(self.unknown_type(schema, data_type, None, &here)),
            }
        };
        let locate = |at: AstSpan| self.span(at);
        let env = Env {
            schema,
            search_path: self.search_path,
            temp_tables: self.temp_tables,
            resolve_type: &resolve_type,
            locate: &locate,
        };
        check::query_output(&env, query)
    }

    /// `CREATE [UNLOGGED] TABLE [IF NOT EXISTS] name [(column, ...)] AS query [WITH [NO]
    /// DATA]`; a `TEMP` one is not part of the schema and never reaches here.
    pub(super) fn create_table_as(
        &self,
        schema: &mut Schema,
        ct: &CreateTable,
        query: &Query,
        column_names: &[Ident],
    ) -> Result<(), Diagnostic> {
        if !ct.columns.is_empty() || !ct.constraints.is_empty() {
            return Err(Diagnostic::error(
                "`CREATE TABLE ... AS` takes column names only, not definitions",
            )
            .with_span(self.name_span(&ct.name))
            .with_hint("list the new columns' names only: `CREATE TABLE t (a, b) AS ...`"));
        }
        self.table_from_query(schema, &ct.name, ct.if_not_exists, query, column_names)
    }

    /// `SELECT ... INTO [TEMP | UNLOGGED] [TABLE] name FROM ...`: the same as `CREATE
    /// TABLE name AS SELECT ...`. `None` when the query has no `INTO`.
    pub(super) fn select_into(
        &self,
        schema: &mut Schema,
        session: &mut Session,
        query: &Query,
    ) -> Option<Result<(), Diagnostic>> {
        let into = select_into_clause(&query.body)?.clone();
        let [target] = into.targets.as_slice() else {
            return Some(Err(Diagnostic::error(
                "`SELECT ... INTO` names one new table",
            )
            .with_span(self.statement.whole())
            .with_hint("write `SELECT ... INTO new_table FROM ...`")));
        };
        let name = match target {
            Expr::Identifier(ident) => ObjectName::from(vec![ident.clone()]),
            Expr::CompoundIdentifier(parts) => ObjectName::from(parts.clone()),
            other => {
                return Some(Err(Diagnostic::error(format!(
                    "`{other}` is not a table name"
                ))
                .with_span(self.span(other.span()))
                .with_hint("write `SELECT ... INTO new_table FROM ...`")));
            }
        };
        if into.temporary {
            // Temporary tables live for one session; they are not part of the schema.
            if let Some(table) = name.0.last().and_then(|p| p.as_ident()) {
                session.temp_tables.insert(ident_name(table));
            }
            return Some(Ok(()));
        }
        Some(self.table_from_query(schema, &name, false, query, &[]))
    }

    fn table_from_query(
        &self,
        schema: &mut Schema,
        object: &ObjectName,
        if_not_exists: bool,
        query: &Query,
        column_names: &[Ident],
    ) -> Result<(), Diagnostic> {
        let name = self.creation_name(schema, object)?;
        if schema.tables.contains_key(&name)
            || schema.indexes.contains_key(&name)
            || schema.views.contains_key(&name)
        {
            if if_not_exists {
                return Ok(());
            }
            return Err(
                Diagnostic::duplicate(format!("relation `{name}` already exists"))
                    .with_span(self.name_span(object))
                    .with_hint("write `CREATE TABLE IF NOT EXISTS ... AS`, or drop the earlier table first"),
            );
        }
        if schema.type_exists(&name) {
            // A table's row type takes the table's name in the type namespace.
            return Err(
                Diagnostic::duplicate(format!("type `{name}` already exists"))
                    .with_span(self.name_span(object))
                    .with_hint("pick a table name no type uses"),
            );
        }
        let mut columns = self.query_output(schema, query)?.columns;
        if column_names.len() > columns.len() {
            return Err(Diagnostic::error("too many column names were specified")
                .with_span(self.span(column_names[columns.len()].span))
                .with_hint("list at most as many column names as the query's select list"));
        }
        for (column, new) in columns.iter_mut().zip(column_names) {
            column.name = ident_name(new);
        }
        if let Some(duplicate) = columns
            .iter()
            .enumerate()
            .find(|(i, c)| columns[..*i].iter().any(|o| o.name == c.name))
            .map(|(_, c)| c)
        {
            return Err(Diagnostic::duplicate(format!(
                "column `{}` specified more than once",
                duplicate.name
            ))
            .with_span(self.name_span(object))
            .with_hint("give the query's columns distinct names with `AS`"));
        }
        let origin = Origin(Some(self.name_span(object)));
        let mut typed = Vec::new();
        for OutputColumn {
            name: column, ty, ..
        } in columns
        {
            let ty = ty.map_err(|untyped| self.cannot_type(&name, &column, &untyped))?;
            typed.push(Column {
                name: column,
                ty,
                not_null: false,
                default: None,
                identity: None,
                generated: None,
                comment: None,
                origin: origin.clone(),
            });
        }
        schema
            .tables
            .insert(name.clone(), Table::new(name, typed, Vec::new(), origin));
        Ok(())
    }

    /// The refusal for a column whose expression schemagen cannot type yet. The
    /// migration cannot be changed (runners checksum applied files), so the way out is
    /// to pass over the statement.
    fn cannot_type(
        &self,
        table: &QualifiedName,
        column: &str,
        untyped: &check::Untyped,
    ) -> Diagnostic {
        Diagnostic::error(format!("schemagen cannot type {} yet", untyped.expr))
            .with_span(self.span(untyped.span))
            .with_label(format!(
                "the type of column `{column}` of the new table `{table}`"
            ))
            .with_hint(format!(
                "schemagen types columns, casts and literals; function calls, operators and \
                 values of different types combined need PostgreSQL's function, operator and \
                 cast tables, which it does not have yet. `{}` passes over this statement; \
                 table `{table}` is then missing from the schema and the generated code",
                crate::source::pass_over::call(self.statement)
            ))
    }
}

/// The `INTO` of a query's first SELECT (`SELECT ... INTO t ... UNION SELECT ...`).
fn select_into_clause(body: &SetExpr) -> Option<&SelectInto> {
    match body {
        SetExpr::Select(select) => select.into.as_ref(),
        SetExpr::SetOperation { left, .. } => select_into_clause(left),
        SetExpr::Query(query) => select_into_clause(&query.body),
        _ => None,
    }
}
