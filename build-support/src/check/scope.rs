//! What a FROM clause makes visible, as PostgreSQL's parser builds its namespace.
//!
//! Each top-level FROM item is searched for unqualified column names (a join as one
//! item, whose columns are its `*` list: `USING` / `NATURAL` merged columns first, each
//! once); inside it, every table, view, subquery or CTE with its alias is visible for
//! qualified names (`t.a`, `t.*`), except under a join that has an alias of its own.

use sqlparser::ast::{
    JoinConstraint, JoinOperator, JsonTableColumn, ObjectName, Spanned, TableAlias, TableFactor,
    TableWithJoins,
};

use super::common::common_type;
use super::query::Checker;
use super::{Col, ExprType, Untyped};
use crate::diagnostic::Diagnostic;
use crate::model::{QualifiedName, ident_name};

/// Common table expressions in scope, innermost last, with their output columns.
#[derive(Debug, Clone, Default)]
pub(crate) struct Ctes(pub Vec<(String, Vec<Col>)>);

/// A relation visible for qualified names.
#[derive(Debug, Clone)]
pub(crate) struct Named {
    /// What qualifies its columns (`t` in `t.a`): its alias, else its own name.
    pub alias: Option<String>,
    /// The table or view it is, if it is one.
    pub relation: Option<QualifiedName>,
    /// Its columns, or `None` for a source schemagen cannot see into (a function).
    pub columns: Option<Vec<Col>>,
}

/// One top-level FROM item.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    /// What unqualified names and `*` see; `None` when schemagen cannot see into it.
    pub columns: Option<Vec<Col>>,
    /// Relations visible for qualified names.
    pub named: Vec<Named>,
}

/// A query level's FROM clause, and the levels around it (for correlated subqueries).
#[derive(Debug, Clone, Default)]
pub(crate) struct Scope<'p> {
    pub items: Vec<Item>,
    pub parent: Option<&'p Scope<'p>>,
}

/// What a column reference found.
pub(crate) enum Lookup {
    Found(Col),
    /// Perhaps in a source schemagen cannot see into (a function): no type.
    Opaque,
    /// In more than one source: PostgreSQL refuses the reference.
    Ambiguous,
    NotFound,
}

impl Scope<'_> {
    /// Every relation visible for qualified names at this level.
    fn named(&self) -> impl Iterator<Item = &Named> {
        self.items.iter().flat_map(|i| i.named.iter())
    }

    /// An unqualified column name, searched at this level and then outwards.
    pub fn column(&self, name: &str) -> Lookup {
        let mut found = Vec::new();
        let mut opaque = false;
        for item in &self.items {
            match &item.columns {
                Some(columns) => found.extend(columns.iter().filter(|c| c.name == name)),
                None => opaque = true,
            }
        }
        match (found.as_slice(), opaque) {
            ([col], false) => Lookup::Found((*col).clone()),
            ([], false) => match self.parent {
                Some(parent) => parent.column(name),
                None => Lookup::NotFound,
            },
            ([_, _, ..], _) => Lookup::Ambiguous,
            _ => Lookup::Opaque,
        }
    }

    /// The relation a qualifier names (`t`, or `schema.t` as `[schema, t]`).
    pub fn qualifier(&self, qualifier: &[String]) -> Option<&Named> {
        let found = self.named().find(|n| match qualifier {
            [name] => n.alias.as_deref() == Some(name.as_str()),
            [schema, name] => n.relation.as_ref().is_some_and(|r| {
                n.alias.as_deref() == Some(name.as_str()) && &r.schema == schema && &r.name == name
            }),
            _ => false,
        });
        found.or_else(|| self.parent.and_then(|p| p.qualifier(qualifier)))
    }
}

impl Checker<'_, '_> {
    /// The FROM clause of one query level.
    pub(crate) fn scope_of_from<'p>(
        &mut self,
        from: &[TableWithJoins],
        ctes: &Ctes,
        parent: Option<&'p Scope<'p>>,
    ) -> Result<Scope<'p>, Diagnostic> {
        let mut scope = Scope {
            items: Vec::new(),
            parent,
        };
        for item in from {
            // Earlier items are visible to a later LATERAL subquery.
            let visible = Scope {
                items: scope.items.clone(),
                parent,
            };
            let item = self.join_tree(item, ctes, &visible)?;
            scope.items.push(item);
        }
        Ok(scope)
    }

    fn join_tree(
        &mut self,
        item: &TableWithJoins,
        ctes: &Ctes,
        visible: &Scope,
    ) -> Result<Item, Diagnostic> {
        let mut left = self.factor(&item.relation, ctes, visible)?;
        for join in &item.joins {
            let right = self.factor(&join.relation, ctes, visible)?;
            let (constraint, left_nullable, right_nullable) = match &join.join_operator {
                JoinOperator::Join(c) | JoinOperator::Inner(c) | JoinOperator::CrossJoin(c) => {
                    (c, false, false)
                }
                JoinOperator::Left(c) | JoinOperator::LeftOuter(c) => (c, false, true),
                JoinOperator::Right(c) | JoinOperator::RightOuter(c) => (c, true, false),
                JoinOperator::FullOuter(c) => (c, true, true),
                other => {
                    return Err(self.not_modelled(
                        &format!("`{}` joins", join_name(other)),
                        join.relation.span(),
                    ));
                }
            };
            left = join_items(
                self,
                left,
                right,
                constraint,
                (left_nullable, right_nullable),
                join.relation.span(),
            );
        }
        Ok(left)
    }

    fn factor(
        &mut self,
        factor: &TableFactor,
        ctes: &Ctes,
        visible: &Scope,
    ) -> Result<Item, Diagnostic> {
        let (alias, relation, columns) = match factor {
            TableFactor::Table {
                name, alias, args, ..
            } if args.is_none() => {
                let (relation, columns) = self.relation(name, ctes)?;
                let own_name = name.0.last().and_then(|p| p.as_ident()).map(ident_name);
                (
                    alias
                        .as_ref()
                        .map_or(own_name, |a| Some(ident_name(&a.name))),
                    relation,
                    columns.map(|c| rename(c, alias)),
                )
            }
            TableFactor::Derived {
                subquery, alias, ..
            } => {
                let columns = self.query(subquery, ctes, Some(visible))?;
                (
                    alias.as_ref().map(|a| ident_name(&a.name)),
                    None,
                    Some(rename(columns, alias)),
                )
            }
            TableFactor::NestedJoin {
                table_with_joins,
                alias,
            } => {
                let inner = self.join_tree(table_with_joins, ctes, visible)?;
                let Some(alias) = alias else {
                    return Ok(inner);
                };
                // An alias on a join hides the relations inside it.
                (
                    Some(ident_name(&alias.name)),
                    None,
                    inner.columns.map(|c| rename(c, &Some(alias.clone()))),
                )
            }
            // `JSON_TABLE(... COLUMNS (...)) [AS alias]` (PostgreSQL 17): its columns are
            // the ones it lists, nested ones included, each of its declared type; it is
            // named `json_table` unless aliased.
            TableFactor::JsonTable { columns, alias, .. } => {
                let mut listed = Vec::new();
                self.json_table_columns(columns, &mut listed);
                (
                    Some(
                        alias
                            .as_ref()
                            .map_or("json_table".to_string(), |a| ident_name(&a.name)),
                    ),
                    None,
                    Some(rename(listed, alias)),
                )
            }
            TableFactor::Function { name, alias, .. } | TableFactor::Table { name, alias, .. } => {
                let function = name.0.last().and_then(|p| p.as_ident()).map(ident_name);
                let alias_name = alias.as_ref().map(|a| ident_name(&a.name));
                // A function's columns are its alias's column list, untyped: its return
                // type needs PostgreSQL's function table.
                let columns = match alias {
                    Some(a) if !a.columns.is_empty() => Some(
                        a.columns
                            .iter()
                            .map(|c| Col {
                                name: ident_name(&c.name),
                                ty: ExprType::Untyped(Untyped {
                                    expr: format!("the columns of `{factor}`"),
                                    span: factor.span(),
                                }),
                                nullable: true,
                            })
                            .collect(),
                    ),
                    _ => None,
                };
                (alias_name.or(function), None, columns)
            }
            _ => (None, None, None),
        };
        Ok(Item {
            columns: columns.clone(),
            named: vec![Named {
                alias,
                relation,
                columns,
            }],
        })
    }

    fn json_table_columns(&self, columns: &[JsonTableColumn], out: &mut Vec<Col>) {
        for column in columns {
            match column {
                JsonTableColumn::Named(c) => out.push(Col {
                    name: ident_name(&c.name),
                    ty: match (self.env.resolve_type)(&c.r#type, c.name.span) {
                        Ok(ty) => ExprType::Known(ty),
                        Err(_) => ExprType::Untyped(Untyped {
                            expr: format!("column `{}` of `JSON_TABLE`", c.name),
                            span: c.name.span,
                        }),
                    },
                    nullable: true,
                }),
                // `FOR ORDINALITY` counts rows from 1 as `integer`.
                JsonTableColumn::ForOrdinality(name) => out.push(Col {
                    name: ident_name(name),
                    ty: ExprType::Known(crate::model::SqlType {
                        base: crate::model::BaseType::Integer,
                        array: false,
                    }),
                    nullable: false,
                }),
                JsonTableColumn::Nested(nested) => self.json_table_columns(&nested.columns, out),
            }
        }
    }

    /// A table, view or CTE named in FROM: what it is, and its columns.
    pub(crate) fn relation(
        &mut self,
        name: &ObjectName,
        ctes: &Ctes,
    ) -> Result<(Option<QualifiedName>, Option<Vec<Col>>), Diagnostic> {
        let own_name = name.0.last().and_then(|p| p.as_ident()).map(ident_name);
        if name.0.len() == 1
            && let Some((_, columns)) = ctes
                .0
                .iter()
                .rev()
                .find(|(n, _)| Some(n) == own_name.as_ref())
        {
            return Ok((None, Some(columns.clone())));
        }
        // A temporary table comes first on the search path; the model keeps only its
        // name, so its columns cannot be seen into.
        let temp_schema = match name.0.as_slice() {
            [_] => true,
            [schema, _] => schema
                .as_ident()
                .is_some_and(|s| ident_name(s) == "pg_temp"),
            _ => false,
        };
        if temp_schema
            && own_name
                .as_ref()
                .is_some_and(|n| self.env.temp_tables.contains(n))
        {
            self.reads.temporary = true;
            return Ok((None, None));
        }
        let schema = self.env.schema;
        let relation = self.resolve(name, |q| {
            schema.tables.contains_key(q)
                || schema.views.contains_key(q)
                || schema.sequences.contains_key(q)
        })?;
        self.reads.relations.insert(relation.clone());
        let columns = if let Some(table) = schema.tables.get(&relation) {
            table
                .columns
                .iter()
                .map(|c| Col {
                    name: c.name.clone(),
                    ty: ExprType::Known(c.ty.clone()),
                    nullable: !schema.column_not_null(c),
                })
                .collect()
        } else if let Some(view) = schema.views.get(&relation) {
            view.columns
                .iter()
                .enumerate()
                .map(|(i, c)| Col {
                    name: c.clone(),
                    ty: match view.column_types.get(i) {
                        Some(Some(ty)) => ExprType::Known(ty.clone()),
                        _ => ExprType::Untyped(Untyped {
                            expr: format!("column `{c}` of view `{relation}`"),
                            span: self.name_span(name),
                        }),
                    },
                    nullable: true,
                })
                .collect()
        } else if schema.sequences.contains_key(&relation) {
            // A sequence reads as one row of its state.
            use crate::model::{BaseType, SqlType};
            [
                ("last_value", BaseType::BigInt),
                ("log_cnt", BaseType::BigInt),
                ("is_called", BaseType::Boolean),
            ]
            .into_iter()
            .map(|(column, base)| Col {
                name: column.to_string(),
                ty: ExprType::Known(SqlType { base, array: false }),
                nullable: false,
            })
            .collect()
        } else {
            return Err(
                Diagnostic::error(format!("relation `{relation}` does not exist"))
                    .with_span((self.env.locate)(self.name_span(name)))
                    .with_hint("create the table or view in an earlier statement"),
            );
        };
        Ok((Some(relation), Some(columns)))
    }
}

/// Joins two FROM items: the columns `*` sees are, for `USING` and `NATURAL`, the merged
/// columns first (typed as both sides' common type), then the rest of the left side,
/// then the rest of the right; an outer join makes the other side's columns nullable.
fn join_items(
    checker: &Checker,
    left: Item,
    right: Item,
    constraint: &JoinConstraint,
    (left_nullable, right_nullable): (bool, bool),
    at: sqlparser::tokenizer::Span,
) -> Item {
    let columns = match (&left.columns, &right.columns) {
        (Some(l), Some(r)) => Some(merge(
            checker,
            (l, r),
            constraint,
            (left_nullable, right_nullable),
            at,
        )),
        _ => None,
    };
    let mut named = outer(left.named, left_nullable);
    named.extend(outer(right.named, right_nullable));
    Item { columns, named }
}

/// The relations of the side an outer join may fill with NULLs.
fn outer(named: Vec<Named>, nullable: bool) -> Vec<Named> {
    named
        .into_iter()
        .map(|n| Named {
            columns: n.columns.map(|c| nulled(c, nullable)),
            ..n
        })
        .collect()
}

fn nulled(columns: Vec<Col>, nullable: bool) -> Vec<Col> {
    columns
        .into_iter()
        .map(|c| Col {
            nullable: c.nullable || nullable,
            ..c
        })
        .collect()
}

fn merge(
    checker: &Checker,
    (left, right): (&[Col], &[Col]),
    constraint: &JoinConstraint,
    (left_nullable, right_nullable): (bool, bool),
    at: sqlparser::tokenizer::Span,
) -> Vec<Col> {
    let merged_names: Vec<String> = match constraint {
        JoinConstraint::Using(names) => names
            .iter()
            .filter_map(|n| n.0.last().and_then(|p| p.as_ident()).map(ident_name))
            .collect(),
        JoinConstraint::Natural => left
            .iter()
            .filter(|c| right.iter().any(|r| r.name == c.name))
            .map(|c| c.name.clone())
            .collect(),
        _ => Vec::new(),
    };
    let mut out = Vec::new();
    for name in &merged_names {
        let l = left.iter().find(|c| &c.name == name);
        let r = right.iter().find(|c| &c.name == name);
        let (Some(l), Some(r)) = (l, r) else { continue };
        let at = Untyped {
            expr: format!("column `{name}` merged by the join"),
            span: at,
        };
        out.push(Col {
            name: name.clone(),
            ty: common_type(checker.env.schema, &[l.ty.clone(), r.ty.clone()], &at),
            // An inner join keeps rows where both sides are equal (so not NULL), a left
            // join takes the left value, a right join the right one, a full join the
            // first that is not NULL (of a row that may come from either side alone).
            nullable: match (left_nullable, right_nullable) {
                (false, false) => l.nullable && r.nullable,
                (false, true) => l.nullable,
                (true, false) => r.nullable,
                (true, true) => l.nullable || r.nullable,
            },
        });
    }
    let rest = |cols: &[Col], nullable: bool| {
        nulled(
            cols.iter()
                .filter(|c| !merged_names.contains(&c.name))
                .cloned()
                .collect(),
            nullable,
        )
    };
    out.extend(rest(left, left_nullable));
    out.extend(rest(right, right_nullable));
    out
}

/// Applies a `FROM t AS x(a, b)` column alias list to the first columns.
pub(crate) fn rename(mut columns: Vec<Col>, alias: &Option<TableAlias>) -> Vec<Col> {
    if let Some(alias) = alias {
        for (column, new) in columns.iter_mut().zip(&alias.columns) {
            column.name = ident_name(&new.name);
        }
    }
    columns
}

fn join_name(op: &JoinOperator) -> &'static str {
    match op {
        JoinOperator::Semi(_) | JoinOperator::LeftSemi(_) | JoinOperator::RightSemi(_) => "SEMI",
        JoinOperator::Anti(_) | JoinOperator::LeftAnti(_) | JoinOperator::RightAnti(_) => "ANTI",
        JoinOperator::CrossApply | JoinOperator::OuterApply => "APPLY",
        JoinOperator::AsOf { .. } => "ASOF",
        _ => "this kind of",
    }
}
