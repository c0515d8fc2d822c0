//! A query's output columns: `WITH`, set operations (names from the first branch, types
//! resolved across branches), `VALUES`, `TABLE t`, and a SELECT's list (`*`, `t.*`,
//! expressions with or without aliases).

use sqlparser::ast::{
    Ident, ObjectName, Query, Select, SelectItem, SelectItemQualifiedWildcardKind, SetExpr,
    Spanned, Values,
};
use sqlparser::tokenizer::Span as AstSpan;

use super::common::common_type;
use super::names::figure_colname;
use super::scope::{Ctes, Scope};
use super::{Col, Env, ExprType, Reads, Untyped};
use crate::diagnostic::Diagnostic;
use crate::model::{QualifiedName, ident_name};

/// Walks one statement's query; gathers what it reads on the way.
pub(crate) struct Checker<'e, 'a> {
    pub env: &'e Env<'a>,
    pub reads: Reads,
}

impl<'e, 'a> Checker<'e, 'a> {
    pub fn new(env: &'e Env<'a>) -> Self {
        Checker {
            env,
            reads: Reads::default(),
        }
    }

    /// The output columns of a query, `unknown` literals resolved to `text` (as every
    /// query level but a set operation's branch resolves them).
    pub fn query(
        &mut self,
        query: &Query,
        ctes: &Ctes,
        parent: Option<&Scope>,
    ) -> Result<Vec<Col>, Diagnostic> {
        let columns = self.query_unresolved(query, ctes, parent)?;
        Ok(columns
            .into_iter()
            .map(|c| Col {
                ty: c.ty.resolve_unknown(),
                ..c
            })
            .collect())
    }

    fn query_unresolved(
        &mut self,
        query: &Query,
        outer: &Ctes,
        parent: Option<&Scope>,
    ) -> Result<Vec<Col>, Diagnostic> {
        let mut ctes = outer.clone();
        if let Some(with) = &query.with {
            for cte in &with.cte_tables {
                let name = ident_name(&cte.alias.name);
                let rename = |mut columns: Vec<Col>| {
                    for (column, alias) in columns.iter_mut().zip(&cte.alias.columns) {
                        column.name = ident_name(&alias.name);
                    }
                    columns
                };
                let columns = match cte.query.body.as_ref() {
                    // `WITH RECURSIVE t AS (seed UNION ALL step)`: the seed's columns
                    // are the CTE's, which the step (reading `t`) then reads.
                    SetExpr::SetOperation { left, .. } if with.recursive => {
                        let seed: Vec<Col> = rename(self.set_expr(left, &ctes, parent)?)
                            .into_iter()
                            .map(|c| Col {
                                ty: c.ty.resolve_unknown(),
                                nullable: true,
                                ..c
                            })
                            .collect();
                        let mut inner = ctes.clone();
                        inner.0.push((name.clone(), seed.clone()));
                        self.query(&cte.query, &inner, parent)?;
                        seed
                    }
                    _ => rename(self.query(&cte.query, &ctes, parent)?),
                };
                ctes.0.push((name, columns));
            }
        }
        self.set_expr(&query.body, &ctes, parent)
    }

    fn set_expr(
        &mut self,
        body: &SetExpr,
        ctes: &Ctes,
        parent: Option<&Scope>,
    ) -> Result<Vec<Col>, Diagnostic> {
        match body {
            SetExpr::Select(select) => self.select(select, ctes, parent),
            // A parenthesised branch of a set operation is still a branch: its literals
            // stay `unknown` for the set operation to resolve.
            SetExpr::Query(query) => self.query_unresolved(query, ctes, parent),
            SetExpr::SetOperation { left, right, .. } => {
                let right_columns = self.set_expr(right, ctes, parent)?;
                let left_columns = self.set_expr(left, ctes, parent)?;
                if left_columns.len() != right_columns.len() {
                    return Err(Diagnostic::error(
                        "each UNION, INTERSECT or EXCEPT query must have the same number of columns",
                    )
                    .with_span((self.env.locate)(right.span()))
                    .with_hint("give every branch of the set operation the same select list length"));
                }
                // Names from the first branch; types resolved across both.
                Ok(left_columns
                    .into_iter()
                    .zip(right_columns)
                    .map(|(l, r)| {
                        let at = Untyped {
                            expr: format!("column `{}` of the set operation", l.name),
                            span: body.span(),
                        };
                        Col {
                            ty: common_type(self.env.schema, &[l.ty, r.ty], &at),
                            nullable: l.nullable || r.nullable,
                            name: l.name,
                        }
                    })
                    .collect())
            }
            SetExpr::Values(values) => self.values(values, ctes, parent),
            // `TABLE t` is `SELECT * FROM t`.
            SetExpr::Table(table) => {
                let parts: Vec<Ident> = table
                    .schema_name
                    .iter()
                    .chain(table.table_name.iter())
                    .map(|s| Ident::new(s.clone()))
                    .collect();
                let name = ObjectName::from(parts);
                let (relation, columns) = self.relation(&name, ctes)?;
                let Some(columns) = columns else {
                    return Err(self.not_modelled("`TABLE` over a temporary table", body.span()));
                };
                self.star(&super::scope::Named {
                    alias: None,
                    relation,
                    columns: Some(columns.clone()),
                });
                Ok(columns)
            }
            other => Err(self.not_modelled("this kind of query", other.span())),
        }
    }

    /// `VALUES (...), (...)`: columns `column1`, `column2`..., each typed across rows.
    fn values(
        &mut self,
        values: &Values,
        ctes: &Ctes,
        parent: Option<&Scope>,
    ) -> Result<Vec<Col>, Diagnostic> {
        let scope = Scope {
            items: Vec::new(),
            parent,
        };
        let width = values.rows.first().map_or(0, |r| r.len());
        let mut columns: Vec<Vec<(ExprType, bool)>> = vec![Vec::new(); width];
        for row in &values.rows {
            if row.len() != width {
                return Err(
                    Diagnostic::error("VALUES lists must all be the same length")
                        .with_span((self.env.locate)(row.span()))
                        .with_hint("give every row of VALUES the same number of values"),
                );
            }
            for (i, expr) in row.iter().enumerate() {
                columns[i].push(self.expr(expr, &scope, ctes)?);
            }
        }
        Ok(columns
            .into_iter()
            .enumerate()
            .map(|(i, typed)| {
                let at = Untyped {
                    expr: format!("column `column{}` of VALUES", i + 1),
                    span: values.span(),
                };
                let types: Vec<ExprType> = typed.iter().map(|(t, _)| t.clone()).collect();
                Col {
                    name: format!("column{}", i + 1),
                    // VALUES resolves its columns itself: all `unknown` is `text`.
                    ty: common_type(self.env.schema, &types, &at).resolve_unknown(),
                    nullable: typed.iter().any(|(_, n)| *n),
                }
            })
            .collect())
    }

    fn select(
        &mut self,
        select: &Select,
        ctes: &Ctes,
        parent: Option<&Scope>,
    ) -> Result<Vec<Col>, Diagnostic> {
        let scope = self.scope_of_from(&select.from, ctes, parent)?;
        let mut out = Vec::new();
        for item in &select.projection {
            match item {
                SelectItem::UnnamedExpr(expr) => {
                    let (ty, nullable) = self.expr(expr, &scope, ctes)?;
                    out.push(Col {
                        name: figure_colname(expr),
                        ty,
                        nullable,
                    });
                }
                SelectItem::ExprWithAlias { expr, alias } => {
                    let (ty, nullable) = self.expr(expr, &scope, ctes)?;
                    out.push(Col {
                        name: ident_name(alias),
                        ty,
                        nullable,
                    });
                }
                SelectItem::ExprWithAliases { expr, aliases } => {
                    for alias in aliases {
                        out.push(Col {
                            name: ident_name(alias),
                            ty: ExprType::Untyped(Untyped {
                                expr: format!("`{expr}`"),
                                span: expr.span(),
                            }),
                            nullable: true,
                        });
                    }
                }
                SelectItem::Wildcard(_) => {
                    for named in scope.items.iter().flat_map(|i| &i.named) {
                        self.star(named);
                    }
                    if scope.items.iter().any(|i| i.columns.is_none()) {
                        return Err(self.not_modelled("`*` over a function in FROM", item.span()));
                    }
                    out.extend(
                        scope
                            .items
                            .iter()
                            .flat_map(|i| i.columns.clone().unwrap_or_default()),
                    );
                }
                SelectItem::QualifiedWildcard(kind, _) => {
                    let qualifier: Vec<String> = match kind {
                        SelectItemQualifiedWildcardKind::ObjectName(name) => name
                            .0
                            .iter()
                            .filter_map(|p| p.as_ident())
                            .map(ident_name)
                            .collect(),
                        SelectItemQualifiedWildcardKind::Expr(_) => {
                            return Err(self.not_modelled("`(expression).*`", item.span()));
                        }
                    };
                    let Some(named) = scope.qualifier(&qualifier) else {
                        return Err(Diagnostic::error(format!(
                            "missing FROM-clause entry for table `{}`",
                            qualifier.join(".")
                        ))
                        .with_span((self.env.locate)(item.span()))
                        .with_hint("name a table of the FROM clause, or its alias"));
                    };
                    let named = named.clone();
                    self.star(&named);
                    match named.columns {
                        Some(columns) => out.extend(columns),
                        None => {
                            return Err(
                                self.not_modelled("`*` over a function in FROM", item.span())
                            );
                        }
                    }
                }
            }
        }
        Ok(out)
    }

    /// Records that `*` took every column of a table or view.
    fn star(&mut self, named: &super::scope::Named) {
        if let (Some(relation), Some(columns)) = (&named.relation, &named.columns) {
            self.reads
                .star_columns
                .extend(columns.iter().map(|c| (relation.clone(), c.name.clone())));
        }
    }

    /// Resolves an existing relation's name: as written when schema-qualified, else in
    /// the first `search_path` schema where `exists` finds it (or the first schema, so
    /// the caller's "does not exist" names a place).
    pub(crate) fn resolve(
        &self,
        name: &ObjectName,
        exists: impl Fn(&QualifiedName) -> bool,
    ) -> Result<QualifiedName, Diagnostic> {
        let parts: Vec<String> = name
            .0
            .iter()
            .filter_map(|p| p.as_ident())
            .map(ident_name)
            .collect();
        match parts.as_slice() {
            [schema, table] => Ok(QualifiedName::new(schema.clone(), table.clone())),
            [table] => {
                let first = self.env.search_path.first().map_or("public", String::as_str);
                Ok(self
                    .env
                    .search_path
                    .iter()
                    .map(|s| QualifiedName::new(s.clone(), table.clone()))
                    .find(|q| exists(q))
                    .unwrap_or_else(|| QualifiedName::new(first, table.clone())))
            }
            _ => Err(Diagnostic::error(format!("`{name}` is not a name schemagen can resolve"))
                .with_span((self.env.locate)(self.name_span(name)))
                .with_hint("write `table` or `schema.table`; names with a database part are not supported")),
        }
    }

    pub(crate) fn name_span(&self, name: &ObjectName) -> AstSpan {
        AstSpan::union_iter(name.0.iter().filter_map(|p| p.as_ident()).map(|i| i.span))
    }

    pub(crate) fn not_modelled(&self, what: &str, at: AstSpan) -> Diagnostic {
        Diagnostic::error(format!("schemagen does not model {what} yet"))
            .with_span((self.env.locate)(at))
            .with_label("this statement changes the schema")
            .with_hint("schemagen stops rather than produce a schema that leaves this out")
    }

    /// A select-list expression that names a column must find it, as PostgreSQL checks.
    pub(crate) fn no_column(&self, name: &str, at: AstSpan) -> Diagnostic {
        Diagnostic::error(format!("column `{name}` does not exist"))
            .with_span((self.env.locate)(at))
            .with_hint("name a column of a table in the query's FROM clause")
    }
}
