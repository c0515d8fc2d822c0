//! Table inheritance (`INHERITS`): a child starts with its parents' columns, NOT NULLs,
//! defaults and checks, and most `ALTER TABLE` actions on a parent reach its children
//! too, unless the statement says `ONLY`.

use super::*;

impl Cx<'_> {
    /// The columns and checks a new table inherits from `parents`, merged by name as
    /// PostgreSQL merges them.
    pub(super) fn inherited(
        &self,
        schema: &Schema,
        parents: &[ObjectName],
    ) -> Result<(Vec<QualifiedName>, Vec<Column>, Vec<Constraint>), Diagnostic> {
        let mut names = Vec::new();
        let mut columns: Vec<Column> = Vec::new();
        let mut checks: Vec<Constraint> = Vec::new();
        for parent in parents {
            let name = self.resolve(parent, |q| schema.tables.contains_key(q))?;
            let Some(table) = schema.tables.get(&name) else {
                return Err(self.no_table(&name, parent));
            };
            if table.partitioned {
                return Err(Diagnostic::error(format!(
                    "cannot inherit from partitioned table `{name}`"
                ))
                .with_span(self.name_span(parent))
                .with_hint("make the table a partition with `PARTITION OF` instead"));
            }
            for column in &table.columns {
                match columns.iter_mut().find(|c| c.name == column.name) {
                    Some(merged) if merged.ty != column.ty => {
                        return Err(Diagnostic::error(format!(
                            "inherited column `{}` has a type conflict: {} versus {}",
                            column.name, merged.ty, column.ty
                        ))
                        .with_span(self.name_span(parent))
                        .with_hint("give the column the same type in every parent"));
                    }
                    Some(merged) => merged.not_null |= column.not_null,
                    None => columns.push(Column {
                        identity: None,
                        comment: None,
                        ..column.clone()
                    }),
                }
            }
            for constraint in &table.constraints {
                if matches!(constraint.kind, ConstraintKind::Check(_))
                    && !checks.iter().any(|c| c.name == constraint.name)
                {
                    checks.push(constraint.clone());
                }
            }
            names.push(name);
        }
        Ok((names, columns, checks))
    }

    /// After `op` changed `parent`, makes the same change in its children and
    /// partitions (and theirs).
    pub(super) fn alter_children(
        &self,
        schema: &mut Schema,
        parent: &QualifiedName,
        op: &AlterTableOperation,
    ) -> Result<(), Diagnostic> {
        let partitions = partitions(schema, parent);
        for child in children(schema, parent)
            .into_iter()
            .chain(partitions.clone())
        {
            let is_partition = partitions.contains(&child);
            match op {
                AlterTableOperation::AddColumn { column_def, .. } => {
                    let column_name = ident_name(&column_def.name);
                    let Some(added) = schema.tables[parent].column(&column_name).cloned() else {
                        continue;
                    };
                    let table = schema.tables.get_mut(&child).expect("children exist");
                    match table.column_mut(&column_name) {
                        // A child that has the column already merges it.
                        Some(existing) if existing.ty == added.ty => {
                            existing.not_null |= added.not_null;
                        }
                        Some(existing) => {
                            return Err(Diagnostic::error(format!(
                                "child table `{child}` has a different type for column `{column_name}`: {}",
                                existing.ty
                            ))
                            .with_span(self.span(column_def.name.span))
                            .with_hint("give the child's column the same type first"));
                        }
                        None => {
                            table.columns.push(Column {
                                identity: None,
                                comment: None,
                                ..added
                            });
                            table.inherited_columns.insert(column_name);
                        }
                    }
                }
                AlterTableOperation::DropColumn { column_names, .. } => {
                    for ident in column_names {
                        let column = ident_name(ident);
                        // A column the child also defines itself stays, now its own; a
                        // partition has only its parent's columns.
                        let inherited = schema.tables[&child].inherited_columns.contains(&column);
                        if (is_partition && schema.tables[&child].column(&column).is_some())
                            || inherited
                        {
                            self.drop_column(schema, &child, &column, true, ident.span)?;
                            schema
                                .tables
                                .get_mut(&child)
                                .expect("children exist")
                                .inherited_columns
                                .remove(&column);
                        }
                    }
                }
                AlterTableOperation::AddConstraint {
                    constraint: TableConstraint::Check(_),
                    ..
                } => {
                    // The child gets the parent's check under the parent's name.
                    let Some(added) = schema.tables[parent]
                        .constraints
                        .iter()
                        .rev()
                        .find(|c| matches!(c.kind, ConstraintKind::Check(_)))
                        .cloned()
                    else {
                        continue;
                    };
                    let table = schema.tables.get_mut(&child).expect("children exist");
                    if !table.constraints.iter().any(|c| c.name == added.name) {
                        table.constraints.push(added);
                    }
                }
                // A check constraint's copies in children are renamed with it.
                AlterTableOperation::RenameConstraint { old_name, new_name } => {
                    let (old, new) = (ident_name(old_name), ident_name(new_name));
                    let table = schema.tables.get_mut(&child).expect("children exist");
                    let renamed = table
                        .constraints
                        .iter_mut()
                        .find(|c| c.name == old && matches!(c.kind, ConstraintKind::Check(_)));
                    match renamed {
                        Some(constraint) => constraint.name = new,
                        None => continue,
                    }
                }
                AlterTableOperation::DropConstraint { name, .. } => {
                    let constraint = ident_name(name);
                    let table = schema.tables.get_mut(&child).expect("children exist");
                    table.constraints.retain(|c| {
                        !(c.name == constraint && matches!(c.kind, ConstraintKind::Check(_)))
                    });
                }
                AlterTableOperation::RenameColumn { .. }
                | AlterTableOperation::AlterColumn {
                    op:
                        AlterColumnOperation::SetNotNull
                        | AlterColumnOperation::DropNotNull
                        | AlterColumnOperation::SetDefault { .. }
                        | AlterColumnOperation::DropDefault
                        | AlterColumnOperation::SetDataType { .. },
                    ..
                } => {
                    self.alter_table(schema, &child, op)?;
                    if let AlterTableOperation::RenameColumn {
                        old_column_name,
                        new_column_name,
                    } = op
                    {
                        let table = schema.tables.get_mut(&child).expect("children exist");
                        if table.inherited_columns.remove(&ident_name(old_column_name)) {
                            table.inherited_columns.insert(ident_name(new_column_name));
                        }
                    }
                }
                _ => continue,
            }
            self.alter_children(schema, &child, op)?;
        }
        Ok(())
    }
}

/// The partitions of `parent`.
pub(super) fn partitions(schema: &Schema, parent: &QualifiedName) -> Vec<QualifiedName> {
    if !schema.tables.get(parent).is_some_and(|t| t.partitioned) {
        return Vec::new();
    }
    schema
        .tables
        .values()
        .filter(|t| t.partition_of.as_ref() == Some(parent))
        .map(|t| t.name.clone())
        .collect()
}

/// The tables that inherit directly from `parent`.
pub(super) fn children(schema: &Schema, parent: &QualifiedName) -> Vec<QualifiedName> {
    schema
        .tables
        .values()
        .filter(|t| t.inherits.contains(parent))
        .map(|t| t.name.clone())
        .collect()
}

impl Cx<'_> {
    /// Before `parent` is dropped: its children depend on it, so without CASCADE they
    /// are an error; with it they go too.
    pub(super) fn drop_children(
        &self,
        schema: &mut Schema,
        parent: &QualifiedName,
        cascade: bool,
        object: &ObjectName,
    ) -> Result<(), Diagnostic> {
        let children = children(schema, parent);
        if children.is_empty() {
            return Ok(());
        }
        if !cascade {
            let names: Vec<String> = children.iter().map(|c| format!("table `{c}`")).collect();
            return Err(Diagnostic::error(format!(
                "cannot drop table `{parent}` because other objects depend on it: {}",
                names.join(", ")
            ))
            .with_span(self.name_span(object))
            .with_hint("add CASCADE to drop the inheriting tables too, or drop them first"));
        }
        for child in children {
            self.drop_children(schema, &child, true, object)?;
            self.drop_dependent_views(schema, &child, true, object)?;
            drop::remove_table(schema, &child);
        }
        Ok(())
    }
}
