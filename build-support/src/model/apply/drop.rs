//! `DROP TABLE`, `DROP VIEW`, `DROP INDEX`, `DROP TYPE`, `DROP SCHEMA`, with
//! PostgreSQL's refusals and cascades.

use super::*;

impl Cx<'_> {
    pub(super) fn drop(
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
                ObjectType::Type => {
                    self.resolve(object, |q| domain::user_type(schema, q).is_some())?
                }
                ObjectType::View | ObjectType::MaterializedView => {
                    self.resolve(object, |q| schema.views.contains_key(q))?
                }
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
                    self.drop_dependent_views(schema, &name, cascade, object)?;
                    self.drop_children(schema, &name, cascade, object)?;
                    remove_table(schema, &name);
                }
                ObjectType::Index => self.drop_index(schema, object, if_exists, cascade)?,
                // `DROP TYPE` drops any kind of type a user made, a domain too.
                ObjectType::Type => {
                    let Some(ty) = domain::user_type(schema, &name) else {
                        if if_exists {
                            continue;
                        }
                        return Err(Diagnostic::error(format!("type `{name}` does not exist"))
                            .with_span(self.name_span(object))
                            .with_hint("write `DROP TYPE IF EXISTS`, or check the name"));
                    };
                    self.drop_type_users(schema, &ty, cascade, object)?;
                    schema.enums.remove(&name);
                    schema.composites.remove(&name);
                    schema.domains.remove(&name);
                    schema.ranges.remove(&name);
                }
                ObjectType::Schema => self.drop_schema(schema, object, if_exists, cascade)?,
                ObjectType::Sequence => self.drop_sequence(schema, object, cascade)?,
                ObjectType::View | ObjectType::MaterializedView => {
                    let materialized = object_type == ObjectType::MaterializedView;
                    let Some(view) = schema.views.get(&name) else {
                        if if_exists {
                            continue;
                        }
                        return Err(Diagnostic::error(format!("view `{name}` does not exist"))
                            .with_span(self.name_span(object))
                            .with_hint("write `DROP VIEW IF EXISTS`, or check the name"));
                    };
                    if view.materialized != materialized {
                        let (is, hint) = if view.materialized {
                            ("a materialized view", "DROP MATERIALIZED VIEW")
                        } else {
                            ("not a materialized view", "DROP VIEW")
                        };
                        return Err(Diagnostic::error(format!("`{name}` is {is}"))
                            .with_span(self.name_span(object))
                            .with_hint(format!("use `{hint}`")));
                    }
                    relation::remove_view(schema, &name);
                    // Views dropped by the same statement may read each other.
                    let dropped: Vec<QualifiedName> = names
                        .iter()
                        .filter_map(|n| self.resolve(n, |q| schema.views.contains_key(q)).ok())
                        .collect();
                    for view in schema
                        .views
                        .values_mut()
                        .filter(|v| dropped.contains(&v.name))
                    {
                        view.relations.remove(&name);
                    }
                    self.drop_dependent_views(schema, &name, cascade, object)?;
                }
                // Sequences, roles, extensions and the like hold no tables, types or views
                // that the model keeps.
                _ => {}
            }
        }
        Ok(())
    }
}

/// Removes a table with its indexes and sequences, and its partitions with theirs.
pub(super) fn remove_table(schema: &mut Schema, name: &QualifiedName) {
    schema.tables.remove(name);
    sequences::drop_owned_sequences(schema, name, None);
    let partitions: Vec<QualifiedName> = schema
        .tables
        .values()
        .filter(|t| t.partition_of.as_ref() == Some(name))
        .map(|t| t.name.clone())
        .collect();
    for partition in partitions {
        remove_table(schema, &partition);
    }
    schema.indexes.retain(|_, i| i.table != *name);
}
