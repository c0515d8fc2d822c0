//! `ALTER SCHEMA ... RENAME TO` and `DROP SCHEMA`: a schema holds tables, views,
//! indexes and types, so renaming one moves all of them (and every reference to them),
//! and dropping one with CASCADE drops them and what depends on them elsewhere.

use super::*;

impl Cx<'_> {
    pub(super) fn alter_schema(
        &self,
        schema: &mut Schema,
        alter: &ast::AlterSchema,
    ) -> Result<(), Diagnostic> {
        let name = self.qualified(&alter.name)?.name;
        if !schema.schemas.contains(&name) {
            if alter.if_exists {
                return Ok(());
            }
            return Err(self.no_schema(&name, &alter.name));
        }
        for operation in &alter.operations {
            // Owner, options and collation change nothing the model keeps.
            let ast::AlterSchemaOperation::Rename { name: new } = operation else {
                continue;
            };
            let new_name = self.qualified(new)?.name;
            if schema.schemas.contains(&new_name) {
                return Err(
                    Diagnostic::duplicate(format!("schema `{new_name}` already exists"))
                        .with_span(self.name_span(new))
                        .with_hint("pick a name no schema uses"),
                );
            }
            rename_schema(schema, &name, &new_name);
        }
        Ok(())
    }

    fn no_schema(&self, name: &str, at: &ObjectName) -> Diagnostic {
        Diagnostic::error(format!("schema `{name}` does not exist"))
            .with_span(self.name_span(at))
            .with_hint("create the schema in an earlier migration, or check the spelling")
    }

    /// `DROP SCHEMA`: refused while it holds objects, unless CASCADE drops them, and with
    /// them what depends on them in other schemas (foreign keys, views, columns of its
    /// types, inheriting tables), as in PostgreSQL.
    pub(super) fn drop_schema(
        &self,
        schema: &mut Schema,
        object: &ObjectName,
        if_exists: bool,
        cascade: bool,
    ) -> Result<(), Diagnostic> {
        // `DROP SCHEMA x` names a schema by one identifier.
        let name = self.qualified(object)?.name;
        if !schema.schemas.contains(&name) {
            if if_exists {
                return Ok(());
            }
            return Err(Diagnostic::error(format!("schema `{name}` does not exist"))
                .with_span(self.name_span(object))
                .with_hint("write `DROP SCHEMA IF EXISTS`, or check the name"));
        }
        let inside = |q: &QualifiedName| q.schema == name;
        let extensions: Vec<String> = schema
            .extensions
            .iter()
            .filter(|(_, s)| **s == name)
            .map(|(e, _)| e.clone())
            .collect();
        let holds_objects = !extensions.is_empty()
            || schema.tables.keys().any(inside)
            || schema.views.keys().any(inside)
            || schema.enums.keys().any(inside)
            || schema.domains.keys().any(inside)
            || schema.composites.keys().any(inside)
            || schema.ranges.keys().any(inside)
            || schema.sequences.keys().any(inside);
        if holds_objects && !cascade {
            return Err(Diagnostic::error(format!(
                "cannot drop schema `{name}` because objects are in it"
            ))
            .with_span(self.name_span(object))
            .with_hint("add CASCADE, or drop its tables, views and types first"));
        }
        // An extension's objects in the schema go with it, and so do the columns
        // elsewhere of its types.
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
        let in_schema = |keys: &mut dyn Iterator<Item = &QualifiedName>| -> Vec<QualifiedName> {
            keys.filter(|q| q.schema == name).cloned().collect()
        };
        for view in in_schema(&mut schema.views.keys()) {
            if relation::remove_view(schema, &view) {
                view::drop_views_reading(schema, &view);
            }
        }
        for table in in_schema(&mut schema.tables.keys()) {
            if !schema.tables.contains_key(&table) {
                continue;
            }
            let at = self.name_span_raw(object);
            self.drop_referencing_fks(schema, "a table", &table, None, true, at)?;
            self.drop_dependent_views(schema, &table, true, object)?;
            self.drop_children(schema, &table, true, object)?;
            drop::remove_table(schema, &table);
        }
        let types: Vec<BaseType> = in_schema(&mut schema.enums.keys())
            .into_iter()
            .map(BaseType::Enum)
            .chain(
                in_schema(&mut schema.composites.keys())
                    .into_iter()
                    .map(BaseType::Composite),
            )
            .chain(
                in_schema(&mut schema.ranges.keys())
                    .into_iter()
                    .map(BaseType::UserRange),
            )
            .chain(
                in_schema(&mut schema.domains.keys())
                    .into_iter()
                    .map(BaseType::Domain),
            )
            .collect();
        for ty in types {
            self.drop_type_users(schema, &ty, true, object)?;
        }
        schema.enums.retain(|q, _| q.schema != name);
        schema.composites.retain(|q, _| q.schema != name);
        schema.ranges.retain(|q, _| q.schema != name);
        schema.domains.retain(|q, _| q.schema != name);
        schema.indexes.retain(|q, _| q.schema != name);
        for sequence in in_schema(&mut schema.sequences.keys()) {
            // Defaults elsewhere that call it go with it.
            sequences::drop_sequence_cascade(schema, &sequence);
        }
        schema.schemas.remove(&name);
        Ok(())
    }
}

/// Moves every object of schema `old` to `new`, and every reference to them.
fn rename_schema(schema: &mut Schema, old: &str, new: &str) {
    schema.schemas.remove(old);
    schema.schemas.insert(new.to_string());
    let moved = |q: &QualifiedName| QualifiedName::new(new, q.name.clone());
    let in_old = |keys: &mut dyn Iterator<Item = &QualifiedName>| -> Vec<QualifiedName> {
        keys.filter(|q| q.schema == old).cloned().collect()
    };
    for table in in_old(&mut schema.tables.keys()) {
        alter::rename_table(schema, &table, moved(&table));
    }
    for view in in_old(&mut schema.views.keys()) {
        relation::move_view(schema, &view, moved(&view));
    }
    for index in in_old(&mut schema.indexes.keys()) {
        relation::move_index(schema, &index, moved(&index));
    }
    for sequence in in_old(&mut schema.sequences.keys()) {
        sequences::move_sequence(schema, &sequence, moved(&sequence));
    }
    for name in in_old(&mut schema.enums.keys()) {
        if let Some(mut e) = schema.enums.remove(&name) {
            e.name = moved(&name);
            schema.enums.insert(e.name.clone(), e);
        }
        domain::rename_type_references(
            schema,
            &BaseType::Enum(name.clone()),
            &BaseType::Enum(moved(&name)),
        );
    }
    for name in in_old(&mut schema.composites.keys()) {
        if let Some(mut c) = schema.composites.remove(&name) {
            c.name = moved(&name);
            schema.composites.insert(c.name.clone(), c);
        }
        domain::rename_type_references(
            schema,
            &BaseType::Composite(name.clone()),
            &BaseType::Composite(moved(&name)),
        );
    }
    for name in in_old(&mut schema.ranges.keys()) {
        if let Some(subtype) = schema.ranges.remove(&name) {
            schema.ranges.insert(moved(&name), subtype);
        }
        domain::rename_type_references(
            schema,
            &BaseType::UserRange(name.clone()),
            &BaseType::UserRange(moved(&name)),
        );
    }
    for name in in_old(&mut schema.domains.keys()) {
        if let Some(mut d) = schema.domains.remove(&name) {
            d.name = moved(&name);
            schema.domains.insert(d.name.clone(), d);
        }
        domain::rename_type_references(
            schema,
            &BaseType::Domain(name.clone()),
            &BaseType::Domain(moved(&name)),
        );
    }
}

#[cfg(test)]
mod tests {
    fn error(sql: &str) -> Option<String> {
        match crate::load_inline(&[("0001_a.sql", sql)]) {
            Ok(_) => None,
            Err(e) => e.errors().next().map(|d| d.message.clone()),
        }
    }

    #[test]
    fn alter_schema_renames_and_refuses_as_postgresql_does() {
        assert_eq!(
            error("ALTER SCHEMA nope RENAME TO other;").as_deref(),
            Some("schema `nope` does not exist")
        );
        assert_eq!(error("ALTER SCHEMA IF EXISTS nope RENAME TO other;"), None);
        assert_eq!(
            error("CREATE SCHEMA a;\nALTER SCHEMA a RENAME TO public;").as_deref(),
            Some("schema `public` already exists")
        );
        // Everything moves, and the old schema is gone.
        assert_eq!(
            error(
                "CREATE SCHEMA a;\nCREATE TABLE a.t (id int PRIMARY KEY);\nCREATE INDEX i ON a.t (id);\n\
                 ALTER SCHEMA a RENAME TO b;\nDROP INDEX b.i;\nALTER TABLE b.t DROP CONSTRAINT t_pkey;\n\
                 ALTER SCHEMA a RENAME TO c;"
            )
            .as_deref(),
            Some("schema `a` does not exist")
        );
    }

    #[test]
    fn drop_schema_counts_every_kind_of_object() {
        for object in [
            "CREATE TABLE s.t (a int);",
            "CREATE VIEW s.v AS SELECT 1;",
            "CREATE TYPE s.e AS ENUM ('a');",
            "CREATE DOMAIN s.d AS int;",
            "CREATE TYPE s.c AS (a int);",
            "CREATE TYPE s.r AS RANGE (SUBTYPE = int);",
        ] {
            let sql = format!("CREATE SCHEMA s;\n{object}\nDROP SCHEMA s;");
            assert_eq!(
                error(&sql).as_deref(),
                Some("cannot drop schema `s` because objects are in it"),
                "{object}"
            );
            let cascade = format!(
                "CREATE SCHEMA s;\n{object}\nDROP SCHEMA s CASCADE;\nCREATE SCHEMA s;\n{object}"
            );
            assert_eq!(error(&cascade), None, "{object}");
        }
    }
}
