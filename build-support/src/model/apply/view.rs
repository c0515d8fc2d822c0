//! `CREATE [OR REPLACE] [MATERIALIZED] VIEW`, `ALTER VIEW` and `DROP VIEW`, with each
//! view's output column names worked out from its query against the model, as
//! PostgreSQL names them (`SELECT *` expanded, aliases, `?column?` for expressions).

use std::collections::BTreeSet;

use sqlparser::ast::{
    Expr, Function, JoinConstraint, JoinOperator, Query, Select, SelectItem,
    SelectItemQualifiedWildcardKind, SetExpr, TableFactor, TableWithJoins,
};

use super::*;
use crate::model::View;
use crate::parse::extra::ViewAction;

/// One relation visible in a query's FROM clause.
#[derive(Debug, Clone)]
struct Source {
    /// The name it is qualified by (`t` in `t.a`): its alias, else its own name.
    alias: Option<String>,
    /// The table or view it is, if it is one (not a subquery, CTE or function).
    relation: Option<QualifiedName>,
    /// Its columns, or `None` for a source schemagen cannot see into (a function).
    columns: Option<Vec<String>>,
}

/// What a FROM clause makes visible: every source, and the columns `*` expands to.
#[derive(Debug, Clone, Default)]
struct Scope {
    sources: Vec<Source>,
    star: Option<Vec<String>>,
}

/// What a view's query reads: its relations, and the table columns `*` takes.
#[derive(Debug, Default)]
struct Reads {
    relations: BTreeSet<QualifiedName>,
    star_columns: BTreeSet<(QualifiedName, String)>,
}

impl Reads {
    /// Records that `*` took every column of `source`.
    fn star(&mut self, source: &Source) {
        if let (Some(relation), Some(columns)) = (&source.relation, &source.columns) {
            self.star_columns
                .extend(columns.iter().map(|c| (relation.clone(), c.clone())));
        }
    }
}

/// Common table expressions in scope, by name, with their columns.
type Ctes = Vec<(String, Vec<String>)>;

impl Cx<'_> {
    pub(super) fn create_view(
        &self,
        schema: &mut Schema,
        cv: &ast::CreateView,
    ) -> Result<(), Diagnostic> {
        let name = self.creation_name(schema, &cv.name)?;
        let mut reads = Reads::default();
        let mut columns = self.query_columns(schema, &cv.query, &Vec::new(), &mut reads)?;
        if cv.columns.len() > columns.len() {
            return Err(
                Diagnostic::error("the view names more columns than its query has")
                    .with_span(self.name_span(&cv.name))
                    .with_hint("list at most as many column names as the query's select list"),
            );
        }
        for (column, def) in columns.iter_mut().zip(&cv.columns) {
            *column = ident_name(&def.name);
        }
        if let Some(duplicate) = columns
            .iter()
            .enumerate()
            .find(|(i, c)| columns[..*i].contains(c))
            .map(|(_, c)| c)
        {
            return Err(Diagnostic::error(format!(
                "column `{duplicate}` specified more than once"
            ))
            .with_span(self.name_span(&cv.name))
            .with_hint("give the view's columns distinct names with `AS`"));
        }
        if let Some(old) = schema.views.get(&name) {
            if !cv.or_replace {
                if cv.if_not_exists {
                    return Ok(());
                }
                return Err(
                    Diagnostic::duplicate(format!("relation `{name}` already exists"))
                        .with_span(self.name_span(&cv.name))
                        .with_hint("write `CREATE OR REPLACE VIEW`, or drop the view first"),
                );
            }
            if old.materialized || cv.materialized {
                return Err(
                    Diagnostic::duplicate(format!("relation `{name}` already exists"))
                        .with_span(self.name_span(&cv.name))
                        .with_hint("drop the materialized view and create it again"),
                );
            }
            // OR REPLACE may add columns at the end, never drop or rename one.
            for (i, old_column) in old.columns.iter().enumerate() {
                match columns.get(i) {
                    Some(new) if new == old_column => {}
                    Some(new) => {
                        return Err(Diagnostic::error(format!(
                            "cannot change name of view column `{old_column}` to `{new}`"
                        ))
                        .with_span(self.name_span(&cv.name))
                        .with_hint("keep the view's columns and add new ones at the end, or drop the view first"));
                    }
                    None => {
                        return Err(Diagnostic::error("cannot drop columns from view")
                            .with_span(self.name_span(&cv.name))
                            .with_hint("drop the view and create it again"));
                    }
                }
            }
        } else if schema.tables.contains_key(&name)
            || schema.indexes.contains_key(&name)
            || schema.type_exists(&name)
        {
            return Err(
                Diagnostic::duplicate(format!("relation `{name}` already exists"))
                    .with_span(self.name_span(&cv.name))
                    .with_hint("pick a name no table, index or type uses"),
            );
        }
        let mut relations = reads.relations;
        relations.remove(&name);
        let mut columns_used = columns_used(schema, &cv.query.to_string(), &relations);
        columns_used.extend(reads.star_columns);
        schema.views.insert(
            name.clone(),
            View {
                name,
                columns,
                materialized: cv.materialized,
                relations,
                columns_used,
            },
        );
        Ok(())
    }

    /// The output column names of a query, recording every relation it reads.
    fn query_columns(
        &self,
        schema: &Schema,
        query: &Query,
        outer_ctes: &Ctes,
        reads: &mut Reads,
    ) -> Result<Vec<String>, Diagnostic> {
        let mut ctes = outer_ctes.clone();
        if let Some(with) = &query.with {
            for cte in &with.cte_tables {
                let mut columns = self.query_columns(schema, &cte.query, &ctes, reads)?;
                for (column, alias) in columns.iter_mut().zip(&cte.alias.columns) {
                    *column = ident_name(&alias.name);
                }
                ctes.push((ident_name(&cte.alias.name), columns));
            }
        }
        self.set_expr_columns(schema, &query.body, &ctes, reads)
    }

    fn set_expr_columns(
        &self,
        schema: &Schema,
        body: &SetExpr,
        ctes: &Ctes,
        reads: &mut Reads,
    ) -> Result<Vec<String>, Diagnostic> {
        match body {
            SetExpr::Select(select) => self.select_columns(schema, select, ctes, reads),
            SetExpr::Query(query) => self.query_columns(schema, query, ctes, reads),
            // A UNION takes its column names from its first branch.
            SetExpr::SetOperation { left, right, .. } => {
                self.set_expr_columns(schema, right, ctes, reads)?;
                self.set_expr_columns(schema, left, ctes, reads)
            }
            SetExpr::Values(values) => Ok((1..=values.rows.first().map_or(0, |r| r.len()))
                .map(|i| format!("column{i}"))
                .collect()),
            _ => Err(self.not_modelled("this kind of view query")),
        }
    }

    fn select_columns(
        &self,
        schema: &Schema,
        select: &Select,
        ctes: &Ctes,
        reads: &mut Reads,
    ) -> Result<Vec<String>, Diagnostic> {
        let mut scope = Scope {
            star: Some(Vec::new()),
            ..Scope::default()
        };
        for item in &select.from {
            let from = self.from_scope(schema, item, ctes, reads)?;
            scope.sources.extend(from.sources);
            scope.star = match (scope.star, from.star) {
                (Some(mut a), Some(b)) => {
                    a.extend(b);
                    Some(a)
                }
                _ => None,
            };
        }
        // Subqueries elsewhere in the select read relations too.
        let mut out = Vec::new();
        for item in &select.projection {
            match item {
                SelectItem::UnnamedExpr(expr) => {
                    self.check_column_reference(expr, &scope)?;
                    self.expr_relations(schema, expr, ctes, reads)?;
                    out.push(figure_colname(expr));
                }
                SelectItem::ExprWithAlias { expr, alias } => {
                    self.check_column_reference(expr, &scope)?;
                    self.expr_relations(schema, expr, ctes, reads)?;
                    out.push(ident_name(alias));
                }
                SelectItem::ExprWithAliases { aliases, .. } => {
                    out.extend(aliases.iter().map(ident_name));
                }
                SelectItem::Wildcard(_) => match &scope.star {
                    Some(columns) => {
                        for source in &scope.sources {
                            reads.star(source);
                        }
                        out.extend(columns.iter().cloned());
                    }
                    None => return Err(self.not_modelled("`*` over a function in FROM")),
                },
                SelectItem::QualifiedWildcard(kind, _) => {
                    let qualifier = match kind {
                        SelectItemQualifiedWildcardKind::ObjectName(name) => name
                            .0
                            .last()
                            .and_then(|p| p.as_ident())
                            .map(ident_name)
                            .unwrap_or_default(),
                        SelectItemQualifiedWildcardKind::Expr(_) => {
                            return Err(self.not_modelled("`(expression).*` in a view"));
                        }
                    };
                    let source = scope
                        .sources
                        .iter()
                        .find(|s| s.alias.as_deref() == Some(qualifier.as_str()));
                    if let Some(source) = source {
                        reads.star(source);
                    }
                    match source.map(|s| &s.columns) {
                        Some(Some(columns)) => out.extend(columns.iter().cloned()),
                        Some(None) => return Err(self.not_modelled("`*` over a function in FROM")),
                        None => {
                            return Err(Diagnostic::error(format!(
                                "missing FROM-clause entry for table `{qualifier}`"
                            ))
                            .with_span(self.statement.whole())
                            .with_hint("name a table of the FROM clause, or its alias"));
                        }
                    }
                }
            }
        }
        Ok(out)
    }

    /// A plain column reference in the select list must name a visible column, as
    /// PostgreSQL checks when it creates the view.
    fn check_column_reference(&self, expr: &Expr, scope: &Scope) -> Result<(), Diagnostic> {
        let (qualifier, column) = match expr {
            Expr::Identifier(ident) => (None, ident),
            Expr::CompoundIdentifier(parts) if parts.len() >= 2 => (
                Some(ident_name(&parts[parts.len() - 2])),
                &parts[parts.len() - 1],
            ),
            _ => return Ok(()),
        };
        let name = ident_name(column);
        let candidates: Vec<&Source> = scope
            .sources
            .iter()
            .filter(|s| qualifier.is_none() || s.alias == qualifier)
            .collect();
        let found = candidates.iter().any(|s| match &s.columns {
            Some(columns) => columns.contains(&name),
            None => true,
        });
        if found || (qualifier.is_none() && scope.sources.is_empty()) {
            return Ok(());
        }
        Err(Diagnostic::error(format!("column `{name}` does not exist"))
            .with_span(self.span(column.span))
            .with_hint("name a column of a table in the view's FROM clause"))
    }

    /// Records relations read by subqueries inside an expression.
    fn expr_relations(
        &self,
        schema: &Schema,
        expr: &Expr,
        ctes: &Ctes,
        reads: &mut Reads,
    ) -> Result<(), Diagnostic> {
        match expr {
            Expr::Subquery(query)
            | Expr::Exists {
                subquery: query, ..
            } => self.query_columns(schema, query, ctes, reads).map(|_| ()),
            Expr::Nested(inner) | Expr::Cast { expr: inner, .. } => {
                self.expr_relations(schema, inner, ctes, reads)
            }
            _ => Ok(()),
        }
    }

    fn from_scope(
        &self,
        schema: &Schema,
        item: &TableWithJoins,
        ctes: &Ctes,
        reads: &mut Reads,
    ) -> Result<Scope, Diagnostic> {
        let mut scope = self.factor_scope(schema, &item.relation, ctes, reads)?;
        for join in &item.joins {
            let right = self.factor_scope(schema, &join.relation, ctes, reads)?;
            let constraint = match &join.join_operator {
                JoinOperator::Join(c)
                | JoinOperator::Inner(c)
                | JoinOperator::Left(c)
                | JoinOperator::LeftOuter(c)
                | JoinOperator::Right(c)
                | JoinOperator::RightOuter(c)
                | JoinOperator::FullOuter(c)
                | JoinOperator::CrossJoin(c) => c,
                _ => return Err(self.not_modelled("this kind of join in a view")),
            };
            scope.star = match (scope.star, right.star) {
                (Some(left), Some(right)) => Some(join_columns(left, right, constraint)),
                _ => None,
            };
            scope.sources.extend(right.sources);
        }
        Ok(scope)
    }

    fn factor_scope(
        &self,
        schema: &Schema,
        factor: &TableFactor,
        ctes: &Ctes,
        reads: &mut Reads,
    ) -> Result<Scope, Diagnostic> {
        let mut relation_name = None;
        let (alias, columns) = match factor {
            TableFactor::Table { name, alias, .. } => {
                let own_name = name.0.last().and_then(|p| p.as_ident()).map(ident_name);
                let cte = (name.0.len() == 1)
                    .then(|| {
                        ctes.iter()
                            .rev()
                            .find(|(n, _)| Some(n) == own_name.as_ref())
                    })
                    .flatten();
                let columns = match cte {
                    Some((_, columns)) => columns.clone(),
                    None => {
                        let relation = self.resolve(name, |q| {
                            schema.tables.contains_key(q) || schema.views.contains_key(q)
                        })?;
                        reads.relations.insert(relation.clone());
                        relation_name = Some(relation.clone());
                        if let Some(table) = schema.tables.get(&relation) {
                            table.columns.iter().map(|c| c.name.clone()).collect()
                        } else if let Some(view) = schema.views.get(&relation) {
                            view.columns.clone()
                        } else {
                            return Err(Diagnostic::error(format!(
                                "relation `{relation}` does not exist"
                            ))
                            .with_span(self.name_span(name))
                            .with_hint("create the table or view in an earlier statement"));
                        }
                    }
                };
                (
                    alias
                        .as_ref()
                        .map_or(own_name, |a| Some(ident_name(&a.name))),
                    Some(rename(columns, alias)),
                )
            }
            TableFactor::Derived {
                subquery, alias, ..
            } => {
                let columns = self.query_columns(schema, subquery, ctes, reads)?;
                (
                    alias.as_ref().map(|a| ident_name(&a.name)),
                    Some(rename(columns, alias)),
                )
            }
            TableFactor::NestedJoin {
                table_with_joins,
                alias,
            } => {
                let inner = self.from_scope(schema, table_with_joins, ctes, reads)?;
                if alias.is_none() {
                    return Ok(inner);
                }
                (
                    alias.as_ref().map(|a| ident_name(&a.name)),
                    inner.star.map(|c| rename(c, alias)),
                )
            }
            TableFactor::Function { name, alias, .. } => {
                let function = name.0.last().and_then(|p| p.as_ident()).map(ident_name);
                let alias_name = alias.as_ref().map(|a| ident_name(&a.name));
                // A function in FROM gives one column, named after its alias or itself,
                // unless the alias lists the columns of a record-returning function.
                let columns = match alias {
                    Some(a) if !a.columns.is_empty() => {
                        Some(a.columns.iter().map(|c| ident_name(&c.name)).collect())
                    }
                    _ => None,
                };
                (alias_name.or(function), columns)
            }
            _ => (None, None),
        };
        Ok(Scope {
            sources: vec![Source {
                alias,
                relation: relation_name,
                columns: columns.clone(),
            }],
            star: columns,
        })
    }

    pub(super) fn alter_view(
        &self,
        schema: &mut Schema,
        object: &ObjectName,
        action: &ViewAction,
    ) -> Result<(), Diagnostic> {
        let name = self.resolve(object, |q| schema.views.contains_key(q))?;
        let Some(view) = schema.views.get_mut(&name) else {
            return Err(Diagnostic::error(format!("view `{name}` does not exist"))
                .with_span(self.name_span(object))
                .with_hint("create the view in an earlier migration, or check the spelling"));
        };
        match action {
            ViewAction::RenameColumn(old, new) => {
                let (old_name, new_name) = (ident_name(old), ident_name(new));
                if view.columns.contains(&new_name) {
                    return Err(Diagnostic::duplicate(format!(
                        "column `{new_name}` of relation `{name}` already exists"
                    ))
                    .with_span(self.span(new.span))
                    .with_hint("pick a name the view does not use"));
                }
                let Some(column) = view.columns.iter_mut().find(|c| **c == old_name) else {
                    return Err(Diagnostic::error(format!(
                        "column `{old_name}` of view `{name}` does not exist"
                    ))
                    .with_span(self.span(old.span))
                    .with_hint("name one of the view's columns"));
                };
                *column = new_name;
            }
            ViewAction::RenameTo(new) | ViewAction::SetSchema(new) => {
                let new_name = match action {
                    ViewAction::RenameTo(_) => {
                        QualifiedName::new(name.schema.clone(), ident_name(new))
                    }
                    _ => QualifiedName::new(ident_name(new), name.name.clone()),
                };
                if schema.views.contains_key(&new_name)
                    || schema.tables.contains_key(&new_name)
                    || schema.type_exists(&new_name)
                {
                    return Err(Diagnostic::duplicate(format!(
                        "relation `{new_name}` already exists"
                    ))
                    .with_span(self.span(new.span))
                    .with_hint("pick a name no table, view or type uses"));
                }
                let mut view = schema.views.remove(&name).expect("looked up above");
                view.name = new_name.clone();
                schema.views.insert(new_name.clone(), view);
                for other in schema.views.values_mut() {
                    if other.relations.remove(&name) {
                        other.relations.insert(new_name.clone());
                    }
                }
            }
            ViewAction::Other => {}
        }
        Ok(())
    }

    /// Drops the views that read `relation` (and the views that read those). Without
    /// CASCADE their existence is an error, as in PostgreSQL.
    pub(super) fn drop_dependent_views(
        &self,
        schema: &mut Schema,
        relation: &QualifiedName,
        cascade: bool,
        object: &ObjectName,
    ) -> Result<(), Diagnostic> {
        let dependents = views_reading(schema, relation);
        if dependents.is_empty() {
            return Ok(());
        }
        if !cascade {
            let names: Vec<String> = dependents.iter().map(|v| format!("view `{v}`")).collect();
            return Err(Diagnostic::error(format!(
                "cannot drop `{relation}` because other objects depend on it: {}",
                names.join(", ")
            ))
            .with_span(self.name_span(object))
            .with_hint("add CASCADE to drop the dependent views too, or drop them first"));
        }
        drop_views_reading(schema, relation);
        Ok(())
    }
}

/// The views whose query reads `relation` directly.
fn views_reading(schema: &Schema, relation: &QualifiedName) -> Vec<QualifiedName> {
    schema
        .views
        .values()
        .filter(|v| v.relations.contains(relation))
        .map(|v| v.name.clone())
        .collect()
}

/// Drops, with CASCADE, every view that reads `relation`, and the views reading those.
pub(super) fn drop_views_reading(schema: &mut Schema, relation: &QualifiedName) {
    for view in views_reading(schema, relation) {
        schema.views.remove(&view);
        drop_views_reading(schema, &view);
    }
}

/// The columns of the tables a view reads that its query names anywhere (a superset of
/// what PostgreSQL records, read from the query's tokens); `*` is counted separately.
fn columns_used(
    schema: &Schema,
    query: &str,
    relations: &BTreeSet<QualifiedName>,
) -> BTreeSet<(QualifiedName, String)> {
    let mut used = BTreeSet::new();
    for relation in relations {
        let Some(table) = schema.tables.get(relation) else {
            continue;
        };
        let names: Vec<String> = table.columns.iter().map(|c| c.name.clone()).collect();
        let read = crate::model::value_set::columns_read(query, &names);
        used.extend(read.into_iter().map(|c| (relation.clone(), c)));
    }
    used
}

/// Applies a `FROM t AS x(a, b)` column alias list to the first columns.
fn rename(mut columns: Vec<String>, alias: &Option<ast::TableAlias>) -> Vec<String> {
    if let Some(alias) = alias {
        for (column, new) in columns.iter_mut().zip(&alias.columns) {
            *column = ident_name(&new.name);
        }
    }
    columns
}

/// The columns `*` expands to over a join: for `USING` and `NATURAL`, the merged
/// columns first, then the rest of the left side, then the rest of the right.
fn join_columns(left: Vec<String>, right: Vec<String>, constraint: &JoinConstraint) -> Vec<String> {
    let merged: Vec<String> = match constraint {
        JoinConstraint::Using(names) => names
            .iter()
            .filter_map(|n| n.0.last().and_then(|p| p.as_ident()).map(ident_name))
            .collect(),
        JoinConstraint::Natural => left.iter().filter(|c| right.contains(c)).cloned().collect(),
        _ => Vec::new(),
    };
    let mut out = merged.clone();
    out.extend(left.into_iter().filter(|c| !merged.contains(c)));
    out.extend(right.into_iter().filter(|c| !merged.contains(c)));
    out
}

/// The name PostgreSQL gives an unaliased select-list expression (`FigureColname`).
fn figure_colname(expr: &Expr) -> String {
    figure(expr).map_or_else(|| "?column?".to_string(), |(name, _)| name)
}

/// The name and its strength: 2 for a column or function name, 1 for a type name or
/// keyword-like fallback (`case`), which a stronger inner name overrides.
fn figure(expr: &Expr) -> Option<(String, u8)> {
    match expr {
        Expr::Identifier(ident) => Some((ident_name(ident), 2)),
        Expr::CompoundIdentifier(parts) => parts.last().map(|i| (ident_name(i), 2)),
        Expr::Nested(inner) => figure(inner),
        Expr::Function(Function { name, .. }) => name
            .0
            .last()
            .and_then(|p| p.as_ident())
            .map(|i| (ident_name(i), 2)),
        Expr::Cast {
            expr, data_type, ..
        } => match figure(expr) {
            Some((name, 2)) => Some((name, 2)),
            _ => Some((type_colname(data_type), 1)),
        },
        Expr::Case { .. } => Some(("case".into(), 1)),
        Expr::Exists { .. } => Some(("exists".into(), 2)),
        Expr::Array(_) => Some(("array".into(), 2)),
        Expr::Subquery(query) => match query.body.as_ref() {
            SetExpr::Select(select) => match select.projection.first() {
                Some(SelectItem::ExprWithAlias { alias, .. }) => Some((ident_name(alias), 2)),
                Some(SelectItem::UnnamedExpr(e)) => figure(e),
                _ => None,
            },
            _ => None,
        },
        Expr::Extract { .. } => Some(("extract".into(), 2)),
        Expr::Substring { .. } => Some(("substring".into(), 2)),
        Expr::Position { .. } => Some(("position".into(), 2)),
        Expr::Trim { .. } => Some(("btrim".into(), 2)),
        Expr::AtTimeZone { .. } => Some(("timezone".into(), 2)),
        Expr::CompoundFieldAccess { root, access_chain } => match access_chain.last() {
            Some(ast::AccessExpr::Dot(Expr::Identifier(field))) => Some((ident_name(field), 2)),
            _ => figure(root),
        },
        _ => None,
    }
}

/// The type name a cast contributes, as PostgreSQL's grammar spells it internally
/// (`integer` is `int4`).
fn type_colname(data_type: &ast::DataType) -> String {
    use ast::DataType as D;
    match data_type {
        D::Int(_) | D::Integer(_) | D::Int4(_) => "int4".into(),
        D::BigInt(_) | D::Int8(_) => "int8".into(),
        D::SmallInt(_) | D::Int2(_) => "int2".into(),
        D::Real | D::Float4 => "float4".into(),
        D::DoublePrecision | D::Float8 => "float8".into(),
        D::Bool | D::Boolean => "bool".into(),
        D::Varchar(_) | D::CharacterVarying(_) | D::CharVarying(_) => "varchar".into(),
        D::Char(_) | D::Character(_) => "bpchar".into(),
        D::Decimal(_) | D::Numeric(_) | D::Dec(_) => "numeric".into(),
        D::Timestamp(_, ast::TimezoneInfo::WithTimeZone | ast::TimezoneInfo::Tz) => {
            "timestamptz".into()
        }
        D::Timestamp(..) => "timestamp".into(),
        D::Time(_, ast::TimezoneInfo::WithTimeZone | ast::TimezoneInfo::Tz) => "timetz".into(),
        D::Time(..) => "time".into(),
        D::Array(_) => "?column?".into(),
        D::Custom(name, _) => name
            .0
            .last()
            .and_then(|p| p.as_ident())
            .map_or_else(|| name.to_string(), ident_name),
        other => other.to_string().to_lowercase(),
    }
}
