//! `CREATE EXTENSION` and `DROP EXTENSION`: an extension's types exist from its
//! creation to its drop, in the schema it was created in.

use super::*;

impl Cx<'_> {
    pub(super) fn create_extension(
        &self,
        schema: &mut Schema,
        ce: &ast::CreateExtension,
    ) -> Result<(), Diagnostic> {
        let name = ident_name(&ce.name);
        if schema.extensions.contains_key(&name) {
            if ce.if_not_exists {
                return Ok(());
            }
            return Err(
                Diagnostic::duplicate(format!("extension `{name}` already exists"))
                    .with_span(self.span(ce.name.span))
                    .with_hint("write `CREATE EXTENSION IF NOT EXISTS`"),
            );
        }
        let target = match &ce.schema {
            Some(s) => {
                let s = ident_name(s);
                if !schema.schemas.contains(&s) {
                    return Err(Diagnostic::error(format!("schema `{s}` does not exist"))
                        .with_span(self.statement.whole())
                        .with_hint(format!(
                            "add `CREATE SCHEMA {s};` before this statement, or, where the \
                             deployment creates it, pass that to `Builder::before_migrations`"
                        )));
                }
                s
            }
            None => match self
                .search_path
                .iter()
                .find(|s| schema.schemas.contains(*s))
            {
                Some(s) => s.clone(),
                None => {
                    return Err(
                        Diagnostic::error("no schema has been selected to create in")
                            .with_span(self.statement.whole())
                            .with_hint(
                                "add `SCHEMA name`, or put an existing schema in `search_path`",
                            ),
                    );
                }
            },
        };
        let Some(def) = pg_types::extension(&name) else {
            // PostgreSQL refuses an extension the server does not have; but a history
            // written for a server with it is what schemagen reads, so it goes on.
            self.warnings.borrow_mut().push(
                Diagnostic::warning(format!("schemagen does not know extension `{name}`"))
                    .with_span(self.statement.whole())
                    .with_label("its types are not known")
                    .with_hint(
                        "a column type no migration makes is taken to be one of its types; \
                         a type of that name must exist on the server",
                    ),
            );
            schema.extensions.insert(name, target);
            return Ok(());
        };
        self.install_extension(schema, def, &target, ce.cascade, ce.name.span)
    }

    /// Records `def` as created in `target` (or its control file's fixed schema), its
    /// required extensions first when `cascade`, as PostgreSQL does.
    fn install_extension(
        &self,
        schema: &mut Schema,
        def: &'static pg_types::ExtensionDef,
        target: &str,
        cascade: bool,
        at: AstSpan,
    ) -> Result<(), Diagnostic> {
        for required in def.requires {
            if schema.extensions.contains_key(*required) {
                continue;
            }
            if !cascade {
                return Err(Diagnostic::error(format!(
                    "required extension `{required}` is not installed"
                ))
                .with_span(self.span(at))
                .with_hint(format!(
                    "create `{required}` first, or write `CREATE EXTENSION {} WITH CASCADE`",
                    def.name
                )));
            }
            let required_def = pg_types::extension(required).ok_or_else(|| {
                Diagnostic::error(format!("required extension `{required}` is not known"))
                    .with_span(self.span(at))
                    .with_hint(format!("create `{required}` in an earlier statement"))
            })?;
            self.install_extension(schema, required_def, target, true, at)?;
        }
        let schema_name = if def.schema.is_empty() {
            target.to_string()
        } else {
            def.schema.to_string()
        };
        // An extension with a fixed schema of its own (`postgis_topology`) creates it.
        schema.schemas.insert(schema_name.clone());
        schema
            .extensions
            .insert(def.name.to_string(), schema_name.clone());
        for relation in def.relations {
            self.install_relation(schema, &schema_name, relation)?;
        }
        // Its domains (`earth`, `lo`) are domains like any other, in the dump too.
        for t in def.types.iter().filter(|t| t.kind == b'd') {
            let name = QualifiedName::new(schema_name.clone(), t.name);
            let base = match pg_types::builtin(t.base) {
                Some(b) => {
                    let (ty, _) =
                        self.catalog_type(b, &[], &DataType::Unspecified, &Ident::new(t.name))?;
                    ty
                }
                None => {
                    let (_, owner_schema) = std::iter::once(def.name)
                        .chain(def.requires.iter().copied())
                        .filter_map(|e| Some((pg_types::extension(e)?, schema.extensions.get(e)?)))
                        .find(|(d, _)| d.type_named(t.base).is_some())
                        .ok_or_else(|| self.not_modelled("this extension's domains"))?;
                    SqlType {
                        base: BaseType::Extension {
                            schema: owner_schema.clone(),
                            name: t.base.to_string(),
                            modifiers: Vec::new(),
                        },
                        array: false,
                    }
                }
            };
            schema.domains.insert(
                name.clone(),
                Domain {
                    name,
                    base,
                    not_null: false,
                    default: None,
                    checks: Vec::new(),
                },
            );
        }
        Ok(())
    }

    /// A table or view the extension makes (`spatial_ref_sys`, `pg_stat_statements`).
    fn install_relation(
        &self,
        schema: &mut Schema,
        schema_name: &str,
        relation: &pg_types::ExtRelation,
    ) -> Result<(), Diagnostic> {
        let name = QualifiedName::new(schema_name, relation.name);
        if schema.tables.contains_key(&name) || schema.views.contains_key(&name) {
            return Err(
                Diagnostic::duplicate(format!("relation `{name}` already exists"))
                    .with_span(self.statement.whole())
                    .with_hint(
                        "the extension makes a relation of this name: rename or drop yours first",
                    ),
            );
        }
        let columns: Vec<String> = relation.columns.iter().map(|c| c.to_string()).collect();
        if relation.kind == b'v' {
            schema.views.insert(
                name.clone(),
                super::super::View {
                    name,
                    // Not typed: what queries read from an extension's view is not
                    // modelled yet.
                    column_types: vec![None; columns.len()],
                    columns,
                    materialized: false,
                    relations: Default::default(),
                    columns_used: Default::default(),
                    functions_called: Default::default(),
                },
            );
            return Ok(());
        }
        let mut table_columns = Vec::new();
        for (column, spelled) in relation.columns.iter().zip(relation.types) {
            let (spelled, not_null) = match spelled.strip_suffix('!') {
                Some(s) => (s, true),
                None => (*spelled, false),
            };
            let (typname, modifiers) = match spelled.split_once('(') {
                Some((t, m)) => (t, vec![m.trim_end_matches(')').to_string()]),
                None => (spelled, Vec::new()),
            };
            let t = pg_types::builtin(typname)
                .ok_or_else(|| self.not_modelled("this extension's tables"))?;
            let (ty, _) =
                self.catalog_type(t, &modifiers, &DataType::Unspecified, &Ident::new(*column))?;
            table_columns.push(Column {
                name: column.to_string(),
                ty,
                not_null: not_null || relation.primary_key.contains(column),
                default: None,
                identity: None,
                generated: None,
                comment: None,
                origin: Origin(None),
            });
        }
        let mut constraints = Vec::new();
        if !relation.primary_key.is_empty() {
            constraints.push(Constraint {
                name: format!("{}_pkey", relation.name),
                kind: ConstraintKind::PrimaryKey {
                    columns: relation.primary_key.iter().map(|c| c.to_string()).collect(),
                },
            });
        }
        for (check, expr) in relation.checks {
            let read = relation
                .columns
                .iter()
                .filter(|c| {
                    expr.split(|ch: char| !ch.is_alphanumeric() && ch != '_')
                        .any(|word| word == **c)
                })
                .map(|c| c.to_string())
                .collect();
            constraints.push(Constraint {
                name: check.to_string(),
                kind: ConstraintKind::Check(Check {
                    expr: expr.to_string(),
                    columns: read,
                    value_set: None,
                }),
            });
        }
        schema.tables.insert(
            name.clone(),
            Table::new(name, table_columns, constraints, Origin(None)),
        );
        Ok(())
    }

    pub(super) fn drop_extension(
        &self,
        schema: &mut Schema,
        de: &ast::DropExtension,
    ) -> Result<(), Diagnostic> {
        let cascade = matches!(
            de.cascade_or_restrict,
            Some(ast::ReferentialAction::Cascade)
        );
        for ident in &de.names {
            let name = ident_name(ident);
            let Some(ext_schema) = schema.extensions.get(&name).cloned() else {
                if de.if_exists {
                    continue;
                }
                return Err(
                    Diagnostic::error(format!("extension `{name}` does not exist"))
                        .with_span(self.span(ident.span))
                        .with_hint("check the name, or write `DROP EXTENSION IF EXISTS`"),
                );
            };
            // Extensions that require this one depend on it.
            let dependents: Vec<String> = schema
                .extensions
                .keys()
                .filter(|e| pg_types::extension(e).is_some_and(|d| d.requires.contains(&&*name)))
                .cloned()
                .collect();
            if !dependents.is_empty() && !cascade {
                return Err(Diagnostic::error(format!(
                    "cannot drop extension `{name}` because other objects depend on it: {}",
                    dependents
                        .iter()
                        .map(|d| format!("extension `{d}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
                .with_span(self.span(ident.span))
                .with_hint("drop those first, or add CASCADE to drop them too"));
            }
            // A known extension's types by its table; an unknown one's are those of its
            // schema that no known extension there makes (the ones taken to be its).
            let known_here: Vec<&pg_types::ExtensionDef> = schema
                .extensions
                .iter()
                .filter(|(e, s)| **s == ext_schema && **e != name)
                .filter_map(|(e, _)| pg_types::extension(e))
                .collect();
            let own = pg_types::extension(&name);
            let made_by = |base: &BaseType| match base {
                BaseType::Extension {
                    schema: s,
                    name: type_name,
                    ..
                } if *s == ext_schema => match own {
                    Some(def) => def.type_named(type_name).is_some(),
                    None => known_here.iter().all(|d| d.type_named(type_name).is_none()),
                },
                _ => false,
            };
            self.drop_type_users_where(
                schema,
                &format!("extension `{name}`"),
                &made_by,
                cascade,
                ident.span,
            )?;
            if let Some(def) = pg_types::extension(&name) {
                for t in def.types.iter().filter(|t| t.kind == b'd') {
                    let domain = QualifiedName::new(ext_schema.clone(), t.name);
                    let domain_type = BaseType::Domain(domain.clone());
                    self.drop_type_users_where(
                        schema,
                        &format!("extension `{name}`"),
                        &|base| *base == domain_type,
                        cascade,
                        ident.span,
                    )?;
                    schema.domains.remove(&domain);
                }
            }
            if let Some(def) = pg_types::extension(&name) {
                for relation in def.relations {
                    let q = QualifiedName::new(ext_schema.clone(), relation.name);
                    schema.tables.remove(&q);
                    schema.views.remove(&q);
                }
            }
            schema.extensions.remove(&name);
            for dependent in dependents {
                let ident = Ident::new(dependent);
                self.drop_extension(
                    schema,
                    &ast::DropExtension {
                        names: vec![ident],
                        if_exists: true,
                        cascade_or_restrict: de.cascade_or_restrict,
                    },
                )?;
            }
        }
        Ok(())
    }
}

impl Cx<'_> {
    /// `ALTER EXTENSION name SET SCHEMA s`: the extension's types, domains, tables and
    /// views move to `s`, and every column of its types follows (printed in `s`).
    pub(super) fn alter_extension_set_schema(
        &self,
        schema: &mut Schema,
        name: &Ident,
        new_schema: &Ident,
    ) -> Result<(), Diagnostic> {
        let extension = ident_name(name);
        let target = ident_name(new_schema);
        let Some(old) = schema.extensions.get(&extension).cloned() else {
            return Err(
                Diagnostic::error(format!("extension `{extension}` does not exist"))
                    .with_span(self.span(name.span))
                    .with_hint("create the extension in an earlier statement, or check the name"),
            );
        };
        if !schema.schemas.contains(&target) {
            return Err(
                Diagnostic::error(format!("schema `{target}` does not exist"))
                    .with_span(self.span(new_schema.span))
                    .with_hint(format!(
                        "add `CREATE SCHEMA {target};` before this statement"
                    )),
            );
        }
        let def = pg_types::extension(&extension);
        if def.is_some_and(|d| !d.relocatable) {
            return Err(Diagnostic::error(format!(
                "extension `{extension}` does not support SET SCHEMA"
            ))
            .with_span(self.span(name.span))
            .with_hint("drop and create it again in the other schema"));
        }
        if old == target {
            return Ok(());
        }
        let moved = |base: &BaseType| -> Option<BaseType> {
            match base {
                BaseType::Extension {
                    schema: s,
                    name: type_name,
                    modifiers,
                } if *s == old && def.is_none_or(|d| d.type_named(type_name).is_some()) => {
                    Some(BaseType::Extension {
                        schema: target.clone(),
                        name: type_name.clone(),
                        modifiers: modifiers.clone(),
                    })
                }
                BaseType::Domain(d)
                    if d.schema == old
                        && def.is_some_and(|def| {
                            def.types.iter().any(|t| t.kind == b'd' && t.name == d.name)
                        }) =>
                {
                    Some(BaseType::Domain(QualifiedName::new(
                        target.clone(),
                        d.name.clone(),
                    )))
                }
                _ => None,
            }
        };
        let follow = |ty: &mut SqlType| {
            if let Some(new) = moved(&ty.base) {
                ty.base = new;
            }
        };
        for table in schema.tables.values_mut() {
            table.columns.iter_mut().for_each(|c| follow(&mut c.ty));
        }
        for domain in schema.domains.values_mut() {
            follow(&mut domain.base);
        }
        for composite in schema.composites.values_mut() {
            composite
                .attributes
                .iter_mut()
                .for_each(|(_, ty)| follow(ty));
        }
        for subtype in schema.ranges.values_mut() {
            follow(subtype);
        }
        if let Some(def) = def {
            for t in def.types.iter().filter(|t| t.kind == b'd') {
                let from = QualifiedName::new(old.clone(), t.name);
                if let Some(mut domain) = schema.domains.remove(&from) {
                    domain.name = QualifiedName::new(target.clone(), t.name);
                    schema.domains.insert(domain.name.clone(), domain);
                }
            }
            for relation in def.relations {
                let from = QualifiedName::new(old.clone(), relation.name);
                let to = QualifiedName::new(target.clone(), relation.name);
                if let Some(mut view) = schema.views.remove(&from) {
                    view.name = to.clone();
                    schema.views.insert(to.clone(), view);
                }
                if let Some(mut table) = schema.tables.remove(&from) {
                    table.name = to.clone();
                    schema.tables.insert(to, table);
                }
            }
        }
        schema.extensions.insert(extension, target);
        Ok(())
    }
}
