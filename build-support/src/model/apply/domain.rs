//! `CREATE DOMAIN`, `ALTER DOMAIN` and `DROP DOMAIN`. A column of a domain type keeps
//! the domain as its type; the domain's NOT NULL is its own, not the column's.

use super::*;
use crate::parse::extra::{DomainAction, DomainDef};

impl Cx<'_> {
    pub(super) fn create_domain(
        &self,
        schema: &mut Schema,
        def: &DomainDef,
    ) -> Result<(), Diagnostic> {
        let name = self.creation_name(schema, &def.name)?;
        self.type_name_is_free(schema, &name, &def.name)?;
        let column = def
            .name
            .0
            .last()
            .and_then(|part| part.as_ident().cloned())
            .unwrap_or_else(|| Ident::new(name.name.clone()));
        let (base, serial) = self.sql_type(schema, &def.data_type, &column)?;
        if serial {
            return Err(
                Diagnostic::error("a domain cannot be based on a `serial` type")
                    .with_span(self.name_span(&def.name))
                    .with_hint("base the domain on `integer` or `bigint`"),
            );
        }
        let mut checks: Vec<(String, String)> = Vec::new();
        for (constraint, expr) in &def.checks {
            let constraint = match constraint {
                Some(ident) => ident_name(ident),
                None => check_name(&name.name, &checks),
            };
            checks.push((constraint, expr.to_string()));
        }
        schema.domains.insert(
            name.clone(),
            Domain {
                name,
                base,
                not_null: def.not_null,
                default: def
                    .default
                    .as_ref()
                    .and_then(|e| table::default_expression(e, None)),
                checks,
            },
        );
        Ok(())
    }

    pub(super) fn alter_domain(
        &self,
        schema: &mut Schema,
        object: &ObjectName,
        action: &DomainAction,
    ) -> Result<(), Diagnostic> {
        let name = self.resolve(object, |q| schema.domains.contains_key(q))?;
        if !schema.domains.contains_key(&name) {
            return Err(Diagnostic::error(format!("domain `{name}` does not exist"))
                .with_span(self.name_span(object))
                .with_hint("create the domain in an earlier migration, or check the spelling"));
        }
        match action {
            DomainAction::RenameTo(new) | DomainAction::SetSchema(new) => {
                let new_name = match action {
                    DomainAction::RenameTo(_) => {
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
                if new_name == name && matches!(action, DomainAction::SetSchema(_)) {
                    return Ok(());
                }
                return self.move_type(schema, &name, new_name, new.span);
            }
            _ => {}
        }
        let domain = schema.domains.get_mut(&name).expect("checked above");
        match action {
            DomainAction::SetNotNull => domain.not_null = true,
            DomainAction::DropNotNull => domain.not_null = false,
            DomainAction::SetDefault(expr) => {
                domain.default = table::default_expression(expr, None)
            }
            DomainAction::DropDefault => domain.default = None,
            DomainAction::AddCheck(constraint, expr) => {
                let constraint = match constraint {
                    Some(ident) => ident_name(ident),
                    None => check_name(&name.name, &domain.checks),
                };
                domain.checks.push((constraint, expr.to_string()));
            }
            DomainAction::RenameConstraint(old, new) => {
                let (old_name, new_name) = (ident_name(old), ident_name(new));
                if domain.checks.iter().any(|(n, _)| *n == new_name) {
                    return Err(Diagnostic::duplicate(format!(
                        "constraint `{new_name}` for domain `{name}` already exists"
                    ))
                    .with_span(self.span(new.span))
                    .with_hint("pick a name the domain's constraints do not use"));
                }
                let Some(check) = domain.checks.iter_mut().find(|(n, _)| *n == old_name) else {
                    return Err(Diagnostic::error(format!(
                        "constraint `{old_name}` of domain `{name}` does not exist"
                    ))
                    .with_span(self.span(old.span))
                    .with_hint("check the name: an unnamed check is `<domain>_check`"));
                };
                check.0 = new_name;
            }
            DomainAction::DropConstraint {
                name: constraint,
                if_exists,
            } => {
                let constraint_name = ident_name(constraint);
                let before = domain.checks.len();
                domain.checks.retain(|(n, _)| *n != constraint_name);
                if domain.checks.len() == before && !if_exists {
                    return Err(Diagnostic::error(format!(
                        "constraint `{constraint_name}` of domain `{name}` does not exist"
                    ))
                    .with_span(self.span(constraint.span))
                    .with_hint("write `DROP CONSTRAINT IF EXISTS`, or check the name"));
                }
            }
            DomainAction::Other | DomainAction::RenameTo(_) | DomainAction::SetSchema(_) => {}
        }
        Ok(())
    }

    pub(super) fn drop_domain(
        &self,
        schema: &mut Schema,
        drop: &ast::DropDomain,
    ) -> Result<(), Diagnostic> {
        let name = self.resolve(&drop.name, |q| schema.domains.contains_key(q))?;
        if !schema.domains.contains_key(&name) {
            if drop.if_exists {
                return Ok(());
            }
            return Err(Diagnostic::error(format!("domain `{name}` does not exist"))
                .with_span(self.name_span(&drop.name))
                .with_hint("write `DROP DOMAIN IF EXISTS`, or check the name"));
        }
        let cascade = matches!(drop.drop_behavior, Some(ast::DropBehavior::Cascade));
        self.drop_type_users(schema, &BaseType::Domain(name.clone()), cascade, &drop.name)?;
        schema.domains.remove(&name);
        Ok(())
    }

    /// Before a type is dropped: without CASCADE, any column or domain using it is an
    /// error; with CASCADE, those columns and domains go too, as in PostgreSQL.
    pub(super) fn drop_type_users(
        &self,
        schema: &mut Schema,
        ty: &BaseType,
        cascade: bool,
        object: &ObjectName,
    ) -> Result<(), Diagnostic> {
        self.drop_type_users_where(
            schema,
            &format!("type `{ty}`"),
            &|base| base == ty,
            cascade,
            self.name_span_raw(object),
        )
    }

    /// Drops (with `cascade`) or refuses to leave dangling the columns and domains whose
    /// type `matches`: what dropping `what` (a type, an extension) does to them.
    pub(super) fn drop_type_users_where(
        &self,
        schema: &mut Schema,
        what: &str,
        matches: &dyn Fn(&BaseType) -> bool,
        cascade: bool,
        at: AstSpan,
    ) -> Result<(), Diagnostic> {
        let users: Vec<(QualifiedName, String)> = schema
            .tables
            .values()
            .flat_map(|t| {
                t.columns
                    .iter()
                    .filter(|c| matches(&c.ty.base))
                    .map(move |c| (t.name.clone(), c.name.clone()))
            })
            .collect();
        let domain_users: Vec<QualifiedName> = schema
            .domains
            .values()
            .filter(|d| matches(&d.base.base))
            .map(|d| d.name.clone())
            .collect();
        // Range types over it, which CASCADE drops with their own users.
        let range_users: Vec<QualifiedName> = schema
            .ranges
            .iter()
            .filter(|(_, subtype)| matches(&subtype.base))
            .map(|(name, _)| name.clone())
            .collect();
        // Attributes of composite types, which CASCADE drops as it drops columns.
        let attribute_users: Vec<(QualifiedName, String)> = schema
            .composites
            .values()
            .flat_map(|c| {
                c.attributes
                    .iter()
                    .filter(|(_, ty)| matches(&ty.base))
                    .map(move |(a, _)| (c.name.clone(), a.clone()))
            })
            .collect();
        if !cascade
            && (!users.is_empty()
                || !domain_users.is_empty()
                || !attribute_users.is_empty()
                || !range_users.is_empty())
        {
            let names: Vec<String> = users
                .iter()
                .map(|(t, c)| format!("column `{t}.{c}`"))
                .chain(domain_users.iter().map(|d| format!("domain `{d}`")))
                .chain(
                    attribute_users
                        .iter()
                        .map(|(t, a)| format!("attribute `{a}` of type `{t}`")),
                )
                .chain(range_users.iter().map(|r| format!("range type `{r}`")))
                .collect();
            return Err(Diagnostic::error(format!(
                "cannot drop {what} because other objects depend on it: {}",
                names.join(", ")
            ))
            .with_span(self.span(at))
            .with_hint("change those columns' type first, or add CASCADE to drop them too"));
        }
        for range in range_users {
            let range_type = BaseType::UserRange(range.clone());
            self.drop_type_users_where(
                schema,
                &format!("type `{range}`"),
                &|base| *base == range_type,
                true,
                at,
            )?;
            schema.ranges.remove(&range);
        }
        for (composite, attribute) in attribute_users {
            if let Some(c) = schema.composites.get_mut(&composite) {
                c.attributes.retain(|(a, _)| *a != attribute);
            }
        }
        for domain in domain_users {
            let domain_type = BaseType::Domain(domain.clone());
            self.drop_type_users_where(
                schema,
                &format!("type `{domain}`"),
                &|base| *base == domain_type,
                true,
                at,
            )?;
            schema.domains.remove(&domain);
        }
        for (table, column) in users {
            self.drop_column(schema, &table, &column, true, at)?;
        }
        Ok(())
    }
}

/// The name PostgreSQL gives an unnamed domain check: `<domain>_check`, numbered past
/// the names the domain's checks have.
fn check_name(domain: &str, checks: &[(String, String)]) -> String {
    choose_name(domain, None, "check", |candidate| {
        checks.iter().any(|(n, _)| n == candidate)
    })
}

/// Points every column and domain of type `old` at `new` (a renamed or moved type).
pub(super) fn rename_type_references(schema: &mut Schema, old: &BaseType, new: &BaseType) {
    // The types a view's columns keep, for the queries that read the view.
    for view in schema.views.values_mut() {
        for ty in view.column_types.iter_mut().flatten() {
            if ty.base == *old {
                ty.base = new.clone();
            }
        }
    }
    for table in schema.tables.values_mut() {
        for column in &mut table.columns {
            if column.ty.base == *old {
                column.ty.base = new.clone();
            }
        }
    }
    for domain in schema.domains.values_mut() {
        if domain.base.base == *old {
            domain.base.base = new.clone();
        }
    }
    for composite in schema.composites.values_mut() {
        for (_, ty) in &mut composite.attributes {
            if ty.base == *old {
                ty.base = new.clone();
            }
        }
    }
    for subtype in schema.ranges.values_mut() {
        if subtype.base == *old {
            subtype.base = new.clone();
        }
    }
}

/// The type a user made under `name`, if any (not a table's or view's row type).
pub(super) fn user_type(schema: &Schema, name: &QualifiedName) -> Option<BaseType> {
    if schema.enums.contains_key(name) {
        Some(BaseType::Enum(name.clone()))
    } else if schema.composites.contains_key(name) {
        Some(BaseType::Composite(name.clone()))
    } else if schema.domains.contains_key(name) {
        Some(BaseType::Domain(name.clone()))
    } else if schema.ranges.contains_key(name) {
        Some(BaseType::UserRange(name.clone()))
    } else {
        None
    }
}

impl Cx<'_> {
    /// `ALTER TYPE name SET SCHEMA s`, for any type a user made.
    pub(super) fn alter_type_set_schema(
        &self,
        schema: &mut Schema,
        object: &ObjectName,
        new_schema: &Ident,
    ) -> Result<(), Diagnostic> {
        let name = self.resolve(object, |q| user_type(schema, q).is_some())?;
        if user_type(schema, &name).is_none() {
            return Err(Diagnostic::error(format!("type `{name}` does not exist"))
                .with_span(self.name_span(object))
                .with_hint("create the type in an earlier migration, or check the spelling"));
        }
        let moved = QualifiedName::new(ident_name(new_schema), name.name.clone());
        if !schema.schemas.contains(&moved.schema) {
            return Err(
                Diagnostic::error(format!("schema `{}` does not exist", moved.schema))
                    .with_span(self.span(new_schema.span))
                    .with_hint("create the schema first"),
            );
        }
        if moved == name {
            // PostgreSQL takes a move to the schema the type is in, and does nothing.
            return Ok(());
        }
        self.move_type(schema, &name, moved, new_schema.span)
    }

    /// Renames or moves the user type `name` to `new`, if that name is free, and points
    /// every column, domain, attribute and range subtype of it at the new name.
    pub(super) fn move_type(
        &self,
        schema: &mut Schema,
        name: &QualifiedName,
        new: QualifiedName,
        at: AstSpan,
    ) -> Result<(), Diagnostic> {
        if schema.type_exists(&new) {
            return Err(
                Diagnostic::duplicate(format!("type `{new}` already exists"))
                    .with_span(self.span(at))
                    .with_hint("pick another name, or drop or rename the other type first"),
            );
        }
        let origin = Origin(Some(self.span(at)));
        let (old_type, new_type) = if let Some(mut e) = schema.enums.remove(name) {
            e.name = new.clone();
            e.origin = origin;
            schema.enums.insert(new.clone(), e);
            (BaseType::Enum(name.clone()), BaseType::Enum(new))
        } else if let Some(mut c) = schema.composites.remove(name) {
            // A composite type is a relation too: its new name must be free there.
            self.relation_name_is_free(schema, &new, false, self.span(at))
                .inspect_err(|_| {
                    schema.composites.insert(name.clone(), c.clone());
                })?;
            c.name = new.clone();
            c.origin = origin;
            schema.composites.insert(new.clone(), c);
            (BaseType::Composite(name.clone()), BaseType::Composite(new))
        } else if let Some(mut d) = schema.domains.remove(name) {
            d.name = new.clone();
            schema.domains.insert(new.clone(), d);
            (BaseType::Domain(name.clone()), BaseType::Domain(new))
        } else if let Some(subtype) = schema.ranges.remove(name) {
            schema.ranges.insert(new.clone(), subtype);
            (BaseType::UserRange(name.clone()), BaseType::UserRange(new))
        } else {
            return Ok(());
        };
        rename_type_references(schema, &old_type, &new_type);
        Ok(())
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
    fn domain_checks_are_named_and_renamed_as_postgresql_does() {
        let create = "CREATE DOMAIN d AS int CHECK (VALUE > 0) CHECK (VALUE < 9);\n";
        assert_eq!(
            error(&format!("{create}ALTER DOMAIN d DROP CONSTRAINT d_check1;")),
            None
        );
        assert_eq!(
            error(&format!(
                "{create}ALTER DOMAIN d RENAME CONSTRAINT d_check TO pos;\nALTER DOMAIN d DROP CONSTRAINT pos;"
            )),
            None
        );
        assert_eq!(
            error(&format!(
                "{create}ALTER DOMAIN d RENAME CONSTRAINT nope TO pos;"
            ))
            .as_deref(),
            Some("constraint `nope` of domain `d` does not exist")
        );
        assert_eq!(
            error(&format!(
                "{create}ALTER DOMAIN d RENAME CONSTRAINT d_check TO d_check1;"
            ))
            .as_deref(),
            Some("constraint `d_check1` for domain `d` already exists")
        );
    }
}
