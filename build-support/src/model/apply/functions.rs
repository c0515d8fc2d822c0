//! `DROP FUNCTION ... CASCADE`: what rests on a function goes with it, as in PostgreSQL.
//! Functions themselves are not modelled (their signatures come with typed queries), so
//! a dependent is found by the function's name: a column default that calls it loses its
//! default, a generated column computed by it and a check that calls it are dropped, and
//! so is a view whose query calls it (with the views reading that view). Without
//! `CASCADE`, PostgreSQL refuses the drop when anything rests on the function; a history
//! that applies never holds that case, so nothing is changed.

use super::*;

impl Cx<'_> {
    pub(super) fn drop_function(
        &self,
        schema: &mut Schema,
        drop: &ast::DropFunction,
    ) -> Result<(), Diagnostic> {
        if !matches!(drop.drop_behavior, Some(ast::DropBehavior::Cascade)) {
            return Ok(());
        }
        for function in &drop.func_desc {
            let Some(last) = function.name.0.last().and_then(|p| p.as_ident()) else {
                continue;
            };
            let name = ident_name(last);
            let calls = |sql: &str| crate::model::value_set::functions_called(sql).contains(&name);
            let at = self.name_span_raw(&function.name);
            let tables: Vec<QualifiedName> = schema.tables.keys().cloned().collect();
            for table in tables {
                let generated: Vec<String> = schema.tables[&table]
                    .columns
                    .iter()
                    .filter(|c| c.generated.as_deref().is_some_and(calls))
                    .map(|c| c.name.clone())
                    .collect();
                for column in generated {
                    if schema.tables[&table].column(&column).is_some() {
                        self.drop_column(schema, &table, &column, true, at)?;
                    }
                }
                let t = schema.tables.get_mut(&table).expect("listed above");
                for column in &mut t.columns {
                    if column.generated.is_none() && column.default.as_deref().is_some_and(calls) {
                        column.default = None;
                    }
                }
                t.constraints.retain(|c| match &c.kind {
                    ConstraintKind::Check(check) => !calls(&check.expr),
                    _ => true,
                });
            }
            let views: Vec<QualifiedName> = schema
                .views
                .values()
                .filter(|v| v.functions_called.contains(&name))
                .map(|v| v.name.clone())
                .collect();
            for view in views {
                if relation::remove_view(schema, &view) {
                    view::drop_views_reading(schema, &view);
                }
            }
        }
        Ok(())
    }
}
