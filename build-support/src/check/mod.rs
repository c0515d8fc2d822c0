//! Stage 6, its first part: what a query returns, typed the way PostgreSQL types it.
//!
//! Given the model, the session's `search_path` and a sqlparser [`Query`], the checker
//! resolves the FROM clause (tables, views, subqueries, CTEs, joins with their `USING` /
//! `NATURAL` merged columns, aliases) and works out each output column: its name as
//! PostgreSQL names it, its type where schemagen can type it, and whether it may be
//! NULL. The model calls it for `CREATE VIEW`, `CREATE TABLE ... AS` and `SELECT ...
//! INTO`; typed queries (`query!` without a database) grow from the same code.
//!
//! What is typed today is what PostgreSQL's grammar alone decides: column references,
//! casts and typed literals (with their typmods), literals, `ARRAY[...]`, subscripts,
//! scalar subqueries, the SQL-standard keyword functions (`CURRENT_TIMESTAMP`), and the
//! predicates that are boolean whatever their operands (comparisons, `IS NULL`,
//! `EXISTS`, `IN`, `AND`/`OR`/`NOT`). A function call or another operator needs
//! PostgreSQL's function and operator tables: until they are generated from a server,
//! such a column is [`Untyped`], and the caller decides (a view keeps its column names,
//! a table made from the query cannot be made).

mod common;
mod expr;
mod names;
mod query;
mod scope;

use std::collections::BTreeSet;

use sqlparser::ast::{DataType, Query};
use sqlparser::tokenizer::Span as AstSpan;

use crate::diagnostic::{Diagnostic, Span};
use crate::model::{QualifiedName, Schema, SqlType};

pub use names::{figure_colname, figure_index_colname};

/// What the checker needs from its caller.
pub struct Env<'a> {
    pub schema: &'a Schema,
    /// Where unqualified relation names are looked up, in order.
    pub search_path: &'a [String],
    /// The session's temporary tables, which come before the search path.
    pub temp_tables: &'a BTreeSet<String>,
    /// Resolves a type named in the query (a cast, a typed literal) the way a column's
    /// declared type resolves; the span is the type's place, for errors.
    pub resolve_type: &'a dyn Fn(&DataType, AstSpan) -> Result<SqlType, Diagnostic>,
    /// Turns sqlparser's position within the statement into a located span.
    pub locate: &'a dyn Fn(AstSpan) -> Span,
}

/// One output column of a query.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputColumn {
    /// As PostgreSQL names it (`FigureColname`): the alias, the column or function
    /// name, the cast's type name, or `?column?`.
    pub name: String,
    /// Its type, or what schemagen cannot type yet.
    pub ty: Result<SqlType, Untyped>,
    /// `false` only where provably never NULL (a NOT NULL column read through an inner
    /// join, a non-NULL literal, `IS NULL`); `true` otherwise.
    pub nullable: bool,
}

/// An expression schemagen cannot type yet: what it is and where.
#[derive(Debug, Clone, PartialEq)]
pub struct Untyped {
    /// For messages: the expression in backticks (`` `upper(name)` ``), or what it is
    /// (``column `id` merged by the join, of types `integer` and `bigint` ``).
    pub expr: String,
    pub span: AstSpan,
}

/// What a query reads: the relations it names, and the table columns `*` takes (so a
/// view built on it depends on them).
#[derive(Debug, Default, Clone)]
pub struct Reads {
    pub relations: BTreeSet<QualifiedName>,
    pub star_columns: BTreeSet<(QualifiedName, String)>,
    /// Whether it reads one of the session's temporary tables (a view that does is
    /// temporary itself).
    pub temporary: bool,
}

/// A query's output columns, in order, and what it reads.
#[derive(Debug, Clone)]
pub struct QueryOutput {
    pub columns: Vec<OutputColumn>,
    pub reads: Reads,
}

/// Types the output of `query`. Errors are PostgreSQL's own (a relation or column that
/// does not exist, a `t.*` naming no FROM item); an expression schemagen cannot type is
/// not an error but an [`Untyped`] column.
pub fn query_output(env: &Env, query: &Query) -> Result<QueryOutput, Diagnostic> {
    let mut checker = query::Checker::new(env);
    let columns = checker.query(query, &scope::Ctes::default(), None)?;
    Ok(QueryOutput {
        columns: columns
            .into_iter()
            .map(|c| OutputColumn {
                name: c.name,
                ty: c.ty.resolved(),
                nullable: c.nullable,
            })
            .collect(),
        reads: checker.reads,
    })
}

/// The type of an expression while it is checked.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ExprType {
    Known(SqlType),
    /// A string literal or NULL, whose type PostgreSQL leaves open (`unknown`) until
    /// the context decides: another UNION branch's type, else `text`.
    Unknown,
    Untyped(Untyped),
}

impl ExprType {
    /// The type once the query's output is fixed: `unknown` becomes `text`, as
    /// PostgreSQL 10 and later resolve it in a select list.
    fn resolved(self) -> Result<SqlType, Untyped> {
        match self {
            ExprType::Known(ty) => Ok(ty),
            ExprType::Unknown => Ok(SqlType {
                base: crate::model::BaseType::Text,
                array: false,
            }),
            ExprType::Untyped(u) => Err(u),
        }
    }

    fn resolve_unknown(self) -> ExprType {
        match self {
            ExprType::Unknown => ExprType::Known(SqlType {
                base: crate::model::BaseType::Text,
                array: false,
            }),
            other => other,
        }
    }
}

/// A column while it is checked: in a FROM item, or in a query's output.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Col {
    pub name: String,
    pub ty: ExprType,
    pub nullable: bool,
}

#[cfg(test)]
mod tests;
