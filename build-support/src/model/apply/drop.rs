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
                ObjectType::Type => self.resolve(object, |q| {
                    schema.enums.contains_key(q) || schema.composites.contains_key(q)
                })?,
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
                    schema.tables.remove(&name);
                    // A partitioned table's partitions go with it.
                    let partitions: Vec<QualifiedName> = schema
                        .tables
                        .values()
                        .filter(|t| t.partition_of.as_ref() == Some(&name))
                        .map(|t| t.name.clone())
                        .collect();
                    for partition in partitions {
                        schema.tables.remove(&partition);
                        schema.indexes.retain(|_, i| i.table != partition);
                    }
                    schema.indexes.retain(|_, i| i.table != name);
                }
                ObjectType::Index => self.drop_index(schema, object, if_exists)?,
                ObjectType::Type if schema.composites.contains_key(&name) => {
                    self.drop_type_users(
                        schema,
                        &BaseType::Composite(name.clone()),
                        cascade,
                        object,
                    )?;
                    schema.composites.remove(&name);
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
                    self.drop_type_users(schema, &BaseType::Enum(name.clone()), cascade, object)?;
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
                    let extensions: Vec<String> = schema
                        .extensions
                        .iter()
                        .filter(|(_, s)| **s == schema_name)
                        .map(|(e, _)| e.clone())
                        .collect();
                    let holds_objects = schema.tables.keys().any(|t| t.schema == schema_name)
                        || schema.enums.keys().any(|t| t.schema == schema_name)
                        || !extensions.is_empty();
                    if holds_objects && !cascade {
                        return Err(Diagnostic::error(format!(
                            "cannot drop schema `{schema_name}` because objects are in it"
                        ))
                        .with_span(self.name_span(object))
                        .with_hint("add CASCADE, or drop its tables and types first"));
                    }
                    // An extension's objects in the schema go with it, and so do the
                    // columns elsewhere of its types.
                    for extension in extensions {
                        self.drop_extension(
                            schema,
                            &ast::DropExtension {
                                names: vec![Ident::new(extension)],
                                if_exists: true,
                                cascade_or_restrict: Some(ast::ReferentialAction::Cascade),
                            },
                        )?;
                    }
                    schema.tables.retain(|t, _| t.schema != schema_name);
                    schema.enums.retain(|t, _| t.schema != schema_name);
                    schema.indexes.retain(|t, _| t.schema != schema_name);
                    schema.schemas.remove(&schema_name);
                }
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
                    schema.views.remove(&name);
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
