//! `CREATE [OR REPLACE] [MATERIALIZED] VIEW`, `ALTER VIEW` and `DROP VIEW`. Each view's
//! output columns are worked out from its query by [`crate::check`], named as PostgreSQL
//! names them (`SELECT *` expanded, aliases, `?column?` for expressions) and typed where
//! schemagen can type them.

use std::collections::BTreeSet;

use super::*;
use crate::model::View;
use crate::parse::extra::ViewAction;

impl Cx<'_> {
    pub(super) fn create_view(
        &self,
        schema: &mut Schema,
        session: &mut Session,
        cv: &ast::CreateView,
    ) -> Result<(), Diagnostic> {
        let temporary = |session: &mut Session| {
            // Like a temporary table: for this session only, not part of the schema.
            if let Some(name) = cv.name.0.last().and_then(|p| p.as_ident()) {
                session.temp_tables.insert(ident_name(name));
            }
            Ok(())
        };
        if cv.temporary {
            return temporary(session);
        }
        let name = self.creation_name(schema, &cv.name)?;
        // Names (and types where schemagen can type them) as PostgreSQL gives them; a
        // column schemagen cannot type yet does not stop a view, which only needs names.
        let output = self.query_output(schema, &cv.query)?;
        if output.reads.temporary {
            if cv.materialized {
                return Err(Diagnostic::error(
                    "materialized views must not use temporary tables or views",
                )
                .with_span(self.name_span(&cv.name))
                .with_hint("read permanent tables in a materialized view"));
            }
            // PostgreSQL makes a view over a temporary table temporary itself.
            return temporary(session);
        }
        let reads = output.reads;
        let mut columns: Vec<String> = output.columns.iter().map(|c| c.name.clone()).collect();
        let column_types: Vec<Option<SqlType>> =
            output.columns.into_iter().map(|c| c.ty.ok()).collect();
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
        } else {
            self.relation_name_is_free(schema, &name, true, self.name_span(&cv.name))?;
        }
        let mut relations = reads.relations;
        relations.remove(&name);
        let query = cv.query.to_string();
        let mut columns_used = columns_used(schema, &query, &relations);
        columns_used.extend(reads.star_columns);
        let functions_called = crate::model::value_set::functions_called(&query);
        schema.views.insert(
            name.clone(),
            View {
                name,
                columns,
                column_types,
                materialized: cv.materialized,
                relations,
                columns_used,
                functions_called,
            },
        );
        Ok(())
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
                if !schema.schemas.contains(&new_name.schema) {
                    return Err(Diagnostic::error(format!(
                        "schema `{}` does not exist",
                        new_name.schema
                    ))
                    .with_span(self.span(new.span))
                    .with_hint("create the schema first"));
                }
                self.relation_name_is_free(schema, &new_name, true, self.span(new.span))?;
                relation::move_view(schema, &name, new_name);
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
        relation::remove_view(schema, &view);
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
