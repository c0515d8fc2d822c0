//! `ALTER TABLE`: column and constraint changes, and the renames and drops that
//! follow into every constraint naming the column or table.

use super::*;
use table::default_expression;
use view::drop_views_reading;

impl Cx<'_> {
    pub(super) fn alter_table(
        &self,
        schema: &mut Schema,
        name: &QualifiedName,
        op: &AlterTableOperation,
    ) -> Result<(), Diagnostic> {
        match op {
            AlterTableOperation::AddColumn {
                if_not_exists,
                column_def,
                ..
            } => {
                let exists = schema.tables[name]
                    .column(&ident_name(&column_def.name))
                    .is_some();
                if exists {
                    if *if_not_exists {
                        return Ok(());
                    }
                    return Err(Diagnostic::duplicate(format!(
                        "column `{}` of table `{name}` already exists",
                        ident_name(&column_def.name)
                    ))
                    .with_span(self.span(column_def.name.span))
                    .with_hint("write `ADD COLUMN IF NOT EXISTS`, or pick another name"));
                }
                let constraints = self.add_column(schema, name, column_def)?;
                self.add_constraints(schema, name, &constraints)
            }
            AlterTableOperation::DropColumn {
                column_names,
                if_exists,
                drop_behavior,
                ..
            } => {
                let cascade = matches!(drop_behavior, Some(ast::DropBehavior::Cascade));
                for ident in column_names {
                    let column = ident_name(ident);
                    if schema.tables[name].column(&column).is_none() {
                        if *if_exists {
                            continue;
                        }
                        return Err(self.no_column(name, &column, ident.span));
                    }
                    self.drop_column(schema, name, &column, cascade, ident.span)?;
                }
                Ok(())
            }
            AlterTableOperation::RenameColumn {
                old_column_name,
                new_column_name,
            } => {
                let old = ident_name(old_column_name);
                let new = ident_name(new_column_name);
                let table = &schema.tables[name];
                if table.column(&old).is_none() {
                    return Err(self.no_column(name, &old, old_column_name.span));
                }
                if table.column(&new).is_some() {
                    return Err(Diagnostic::duplicate(format!(
                        "column `{new}` of table `{name}` already exists"
                    ))
                    .with_span(self.span(new_column_name.span))
                    .with_hint("pick a name the table does not use yet"));
                }
                rename_column(schema, name, &old, &new);
                sequences::follow_owner_column(schema, name, &old, &new);
                let renamed = schema.tables.get_mut(name).and_then(|t| t.column_mut(&new));
                if let Some(column) = renamed {
                    column.origin = Origin(Some(self.span(new_column_name.span)));
                }
                Ok(())
            }
            AlterTableOperation::RenameTable { table_name } => {
                let (RenameTableNameKind::As(new) | RenameTableNameKind::To(new)) = table_name;
                let new_name = QualifiedName::new(name.schema.clone(), self.qualified(new)?.name);
                self.relation_name_is_free(schema, &new_name, true, self.name_span(new))?;
                rename_table(schema, name, new_name.clone());
                if let Some(table) = schema.tables.get_mut(&new_name) {
                    table.origin = Origin(Some(self.name_span(new)));
                }
                Ok(())
            }
            AlterTableOperation::AddConstraint { constraint, .. } => {
                self.add_constraint(schema, name, constraint)
            }
            AlterTableOperation::DropConstraint {
                if_exists,
                name: constraint,
                drop_behavior,
            } => {
                let constraint_name = ident_name(constraint);
                let cascade = matches!(drop_behavior, Some(ast::DropBehavior::Cascade));
                let Some(position) = schema.tables[name]
                    .constraints
                    .iter()
                    .position(|c| c.name == constraint_name)
                else {
                    if *if_exists {
                        return Ok(());
                    }
                    return Err(Diagnostic::error(format!(
                        "constraint `{constraint_name}` of table `{name}` does not exist"
                    ))
                    .with_span(self.span(constraint.span))
                    .with_hint("check the name: PostgreSQL names unnamed constraints `<table>_<columns>_key`, `_fkey`, `_check`, `<table>_pkey`"));
                };
                let removed = schema.tables[name].constraints[position].clone();
                if let ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns } =
                    &removed.kind
                {
                    self.drop_referencing_fks(
                        schema,
                        &format!("constraint `{constraint_name}`"),
                        name,
                        Some(columns),
                        cascade,
                        constraint.span,
                    )?;
                }
                if let Some(table) = schema.tables.get_mut(name) {
                    table.constraints.retain(|c| c.name != constraint_name);
                }
                Ok(())
            }
            AlterTableOperation::AlterColumn { column_name, op } => {
                let column = ident_name(column_name);
                if schema.tables[name].column(&column).is_none() {
                    return Err(self.no_column(name, &column, column_name.span));
                }
                let in_pk = schema.tables[name]
                    .primary_key()
                    .is_some_and(|pk| pk.contains(&column));
                let new_type = match op {
                    AlterColumnOperation::SetDataType { data_type, .. } => {
                        let key = (name.clone(), column.clone());
                        if let Some(view) = schema
                            .views
                            .values()
                            .find(|v| v.columns_used.contains(&key))
                        {
                            return Err(Diagnostic::error(format!(
                                "cannot alter type of a column used by a view: view `{}` depends on column `{column}`",
                                view.name
                            ))
                            .with_span(self.span(column_name.span))
                            .with_hint("drop the view, change the type, then create the view again"));
                        }
                        // PostgreSQL cannot rewrite a generated column's expression for a
                        // new input type, so it refuses the change (`ALTER COLUMN TYPE` of
                        // the generated column itself is allowed).
                        let table = &schema.tables[name];
                        let all: Vec<String> =
                            table.columns.iter().map(|c| c.name.clone()).collect();
                        if let Some(dependent) = table.columns.iter().find(|c| {
                            c.name != column
                                && c.generated.as_ref().is_some_and(|g| {
                                    columns_read(g, &all).iter().any(|r| *r == column)
                                })
                        }) {
                            return Err(Diagnostic::error(format!(
                                "cannot alter type of a column used by a generated column: column `{}` is generated from column `{column}`",
                                dependent.name
                            ))
                            .with_span(self.span(column_name.span))
                            .with_hint("drop the generated column, change the type, then add it again"));
                        }
                        Some(self.sql_type(schema, data_type, column_name)?.0)
                    }
                    _ => None,
                };
                let mut identity_added = false;
                let table = schema.tables.get_mut(name).expect("checked above");
                let col = table.column_mut(&column).expect("checked above");
                match op {
                    AlterColumnOperation::SetNotNull => col.not_null = true,
                    AlterColumnOperation::DropNotNull => {
                        if in_pk {
                            return Err(Diagnostic::error(format!(
                                "column `{column}` is in a primary key"
                            ))
                            .with_span(self.span(column_name.span))
                            .with_hint("drop the primary key first"));
                        }
                        col.not_null = false;
                    }
                    AlterColumnOperation::SetDefault { value } => {
                        col.default = default_expression(value, Some(&col.ty));
                    }
                    AlterColumnOperation::DropDefault => col.default = None,
                    AlterColumnOperation::SetDataType { .. } => {
                        col.ty = new_type.expect("resolved above");
                    }
                    AlterColumnOperation::AddGenerated { generated_as, .. } => {
                        // PostgreSQL's own checks, in its order: the column must be
                        // NOT NULL already (it is not made so), have no identity yet,
                        // and no default.
                        let refused = if !col.not_null {
                            Some((
                                "must be declared NOT NULL before identity can be added",
                                "add `ALTER COLUMN ... SET NOT NULL` before it",
                            ))
                        } else if col.identity.is_some() {
                            Some((
                                "is already an identity column",
                                "drop the identity first, or change it with `SET GENERATED`",
                            ))
                        } else if col.default.is_some() {
                            Some((
                                "already has a default value",
                                "drop the default first with `ALTER COLUMN ... DROP DEFAULT`",
                            ))
                        } else {
                            None
                        };
                        if let Some((why, hint)) = refused {
                            return Err(Diagnostic::error(format!(
                                "column `{column}` of relation `{}` {why}",
                                name.name
                            ))
                            .with_span(self.span(column_name.span))
                            .with_hint(hint));
                        }
                        identity_added = true;
                        col.identity = Some(match generated_as {
                            Some(ast::GeneratedAs::ByDefault) => Identity::ByDefault,
                            _ => Identity::Always,
                        });
                    }
                }
                if identity_added {
                    let named = self.next_identity_sequence_name();
                    sequences::add_identity_sequence(schema, name, &column, named);
                }
                Ok(())
            }
            // Row security, triggers, rules, ownership, storage and validation do not
            // change columns or keys.
            AlterTableOperation::EnableRowLevelSecurity
            | AlterTableOperation::DisableRowLevelSecurity
            | AlterTableOperation::ForceRowLevelSecurity
            | AlterTableOperation::NoForceRowLevelSecurity
            | AlterTableOperation::EnableTrigger { .. }
            | AlterTableOperation::DisableTrigger { .. }
            | AlterTableOperation::EnableAlwaysTrigger { .. }
            | AlterTableOperation::EnableReplicaTrigger { .. }
            | AlterTableOperation::EnableRule { .. }
            | AlterTableOperation::DisableRule { .. }
            | AlterTableOperation::EnableAlwaysRule { .. }
            | AlterTableOperation::EnableReplicaRule { .. }
            | AlterTableOperation::OwnerTo { .. }
            | AlterTableOperation::ReplicaIdentity { .. }
            | AlterTableOperation::SetLogged
            | AlterTableOperation::SetUnlogged
            | AlterTableOperation::ValidateConstraint { .. }
            | AlterTableOperation::SetOptionsParens { .. } => Ok(()),
            AlterTableOperation::RenameConstraint { old_name, new_name } => {
                let (old, new) = (ident_name(old_name), ident_name(new_name));
                let table = schema
                    .tables
                    .get_mut(name)
                    .expect("caller checked the table");
                if table.constraints.iter().any(|c| c.name == new) {
                    return Err(Diagnostic::duplicate(format!(
                        "constraint `{new}` for table `{name}` already exists"
                    ))
                    .with_span(self.span(new_name.span))
                    .with_hint("pick a name the table's constraints do not use"));
                }
                // A key constraint's index takes the new name too, which must be free.
                let owns_index = table
                    .constraints
                    .iter()
                    .any(|c| c.name == old && relation::owns_index(&c.kind));
                if owns_index {
                    let index = QualifiedName::new(name.schema.clone(), new.clone());
                    self.relation_name_is_free(schema, &index, false, self.span(new_name.span))?;
                }
                let table = schema
                    .tables
                    .get_mut(name)
                    .expect("caller checked the table");
                let Some(constraint) = table.constraints.iter_mut().find(|c| c.name == old) else {
                    return Err(Diagnostic::error(format!(
                        "constraint `{old}` of table `{name}` does not exist"
                    ))
                    .with_span(self.span(old_name.span))
                    .with_hint("check the constraint's name"));
                };
                constraint.name = new;
                Ok(())
            }
            other => Err(Diagnostic::error(format!(
                "schemagen does not model `ALTER TABLE ... {other}` yet"
            ))
            .with_span(self.statement.whole())
            .with_hint("schemagen stops rather than produce a schema that leaves this out")),
        }
    }

    /// Drops the foreign keys of other tables (and of this one) that reference `table`
    /// (only those on `columns`, when given). Without CASCADE, their existence is an
    /// error, as in PostgreSQL.
    pub(super) fn drop_referencing_fks(
        &self,
        schema: &mut Schema,
        what: &str,
        table: &QualifiedName,
        columns: Option<&[String]>,
        cascade: bool,
        at: AstSpan,
    ) -> Result<(), Diagnostic> {
        let references = |fk: &ForeignKey| {
            fk.ref_table == *table
                && columns.is_none_or(|cols| fk.ref_columns.iter().any(|c| cols.contains(c)))
        };
        // A table's own keys on itself go with it without being in the way.
        let whole_table = columns.is_none();
        drop_foreign_keys(
            schema,
            references,
            |on| !(whole_table && on == table),
            cascade,
            |dependents| {
                Diagnostic::error(format!(
                    "cannot drop {what} because other objects depend on it: {dependents}"
                ))
                .with_span(self.span(at))
                .with_hint("add CASCADE to drop the dependent foreign keys too, or drop them first")
            },
        )
    }

    pub(super) fn drop_column(
        &self,
        schema: &mut Schema,
        table: &QualifiedName,
        column: &str,
        cascade: bool,
        at: AstSpan,
    ) -> Result<(), Diagnostic> {
        // Generated columns computed from it depend on it: CASCADE drops them first.
        let generated: Vec<String> = {
            let t = &schema.tables[table];
            let all: Vec<String> = t.columns.iter().map(|c| c.name.clone()).collect();
            t.columns
                .iter()
                .filter(|c| c.name != column)
                .filter(|c| {
                    c.generated
                        .as_ref()
                        .is_some_and(|g| columns_read(g, &all).iter().any(|r| r == column))
                })
                .map(|c| c.name.clone())
                .collect()
        };
        if let Some(dependent) = generated.first()
            && !cascade
        {
            return Err(Diagnostic::error(format!(
                "cannot drop column `{column}` of table `{table}` because other objects depend on it: column `{dependent}` is generated from it"
            ))
            .with_span(self.span(at))
            .with_hint("add CASCADE to drop the generated columns too, or drop them first"));
        }
        for dependent in generated {
            if schema.tables[table].column(&dependent).is_some() {
                self.drop_column(schema, table, &dependent, true, at)?;
            }
        }
        let column_list = [column.to_string()];
        let key = (table.clone(), column.to_string());
        let views: Vec<QualifiedName> = schema
            .views
            .values()
            .filter(|v| v.columns_used.contains(&key))
            .map(|v| v.name.clone())
            .collect();
        if !views.is_empty() && !cascade {
            let names: Vec<String> = views.iter().map(|v| format!("view `{v}`")).collect();
            return Err(Diagnostic::error(format!(
                "cannot drop column `{column}` of table `{table}` because other objects depend on it: {}",
                names.join(", ")
            ))
            .with_span(self.span(at))
            .with_hint("add CASCADE to drop the views too, or drop them first"));
        }
        for view in views {
            relation::remove_view(schema, &view);
            drop_views_reading(schema, &view);
        }
        // Foreign keys of other tables on this column depend on it.
        let others_depend = schema.tables.values().any(|t| {
            t.name != *table
                && t.foreign_keys()
                    .any(|fk| fk.ref_table == *table && fk.ref_columns.iter().any(|c| c == column))
        });
        if others_depend {
            self.drop_referencing_fks(
                schema,
                &format!("column `{column}` of table `{table}`"),
                table,
                Some(&column_list),
                cascade,
                at,
            )?;
        }
        let t = schema
            .tables
            .get_mut(table)
            .expect("caller checked the table exists");
        // Constraints and indexes on the column go with it, as in PostgreSQL.
        t.constraints.retain(|c| {
            !c.kind.columns().iter().any(|c| c == column)
                && !matches!(&c.kind, ConstraintKind::ForeignKey(fk)
                    if fk.ref_table == *table && fk.ref_columns.iter().any(|c| c == column))
        });
        t.columns.retain(|c| c.name != column);
        schema
            .indexes
            .retain(|_, i| !(i.table == *table && i.reads.iter().any(|c| c == column)));
        sequences::drop_owned_sequences(schema, table, Some(column));
        Ok(())
    }
}

/// Renames a column everywhere it is named: the table's own constraints, foreign keys
/// (here and in other tables) that reference it, and indexes.
pub(super) fn rename_column(schema: &mut Schema, table: &QualifiedName, old: &str, new: &str) {
    for view in schema.views.values_mut() {
        if view.columns_used.remove(&(table.clone(), old.to_string())) {
            view.columns_used.insert((table.clone(), new.to_string()));
        }
    }
    let rename = |names: &mut Vec<String>| {
        for n in names.iter_mut().filter(|n| *n == old) {
            *n = new.to_string();
        }
    };
    for t in schema.tables.values_mut() {
        let own = t.name == *table;
        if own && let Some(c) = t.column_mut(old) {
            c.name = new.to_string();
        }
        // Generation expressions read columns of their own table.
        if own {
            for c in &mut t.columns {
                if let Some(generated) = &c.generated
                    && let Some(expr) = rename_column_read(generated, old, new)
                {
                    c.generated = Some(expr.clone());
                    c.default = Some(expr);
                }
            }
        }
        for constraint in &mut t.constraints {
            match &mut constraint.kind {
                ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns }
                    if own =>
                {
                    rename(columns)
                }
                ConstraintKind::ForeignKey(fk) => {
                    if own {
                        rename(&mut fk.columns);
                    }
                    if fk.ref_table == *table {
                        rename(&mut fk.ref_columns);
                    }
                }
                ConstraintKind::Check(check) if own => {
                    rename(&mut check.columns);
                    if let Some(expr) = rename_column_read(&check.expr, old, new) {
                        check.expr = expr;
                    }
                    if let Some(set) = &mut check.value_set
                        && set.column == old
                    {
                        set.column = new.to_string();
                    }
                }
                _ => {}
            }
        }
    }
    for index in schema.indexes.values_mut().filter(|i| i.table == *table) {
        rename(&mut index.columns);
        rename(&mut index.reads);
    }
}

/// Renames a table and every foreign key and index that names it.
pub(super) fn rename_table(schema: &mut Schema, old: &QualifiedName, new: QualifiedName) {
    if let Some(mut table) = schema.tables.remove(old) {
        table.name = new.clone();
        schema.tables.insert(new.clone(), table);
    }
    for t in schema.tables.values_mut() {
        for constraint in &mut t.constraints {
            if let ConstraintKind::ForeignKey(fk) = &mut constraint.kind
                && fk.ref_table == *old
            {
                fk.ref_table = new.clone();
            }
        }
        // Inheriting tables and partitions follow their parent.
        for parent in &mut t.inherits {
            if parent == old {
                *parent = new.clone();
            }
        }
        if t.partition_of.as_ref() == Some(old) {
            t.partition_of = Some(new.clone());
        }
    }
    for index in schema.indexes.values_mut().filter(|i| i.table == *old) {
        index.table = new.clone();
    }
    sequences::follow_owner_table(schema, old, &new);
    // Views follow the table they read (PostgreSQL keeps them by the table's identity).
    for view in schema.views.values_mut() {
        if view.relations.remove(old) {
            view.relations.insert(new.clone());
        }
        view.columns_used = std::mem::take(&mut view.columns_used)
            .into_iter()
            .map(|(t, c)| if t == *old { (new.clone(), c) } else { (t, c) })
            .collect();
    }
}

impl Cx<'_> {
    /// An `ALTER TABLE` sqlparser refused, read action by action by the pre-pass.
    pub(super) fn alter_table_actions(
        &self,
        schema: &mut Schema,
        object: &ObjectName,
        if_exists: bool,
        only: bool,
        actions: &[AlterAction],
    ) -> Result<(), Diagnostic> {
        let mut name = self.resolve_relation(schema, object)?;
        match relation::relation(schema, &name) {
            Some(relation::Relation::Table) => {}
            Some(other) => {
                return self.alter_table_on_other_relation(schema, object, &other, actions);
            }
            None if if_exists => return Ok(()),
            None => return Err(self.no_table(&name, object)),
        }
        for action in actions {
            match action {
                AlterAction::Op(op) => {
                    self.alter_table(schema, &name, op)?;
                    if !only {
                        self.alter_children(schema, &name, op)?;
                    }
                }
                AlterAction::SetSchema(new_schema) => {
                    let moved = QualifiedName::new(ident_name(new_schema), name.name.clone());
                    if !schema.schemas.contains(&moved.schema) {
                        return Err(Diagnostic::error(format!(
                            "schema `{}` does not exist",
                            moved.schema
                        ))
                        .with_span(self.span(new_schema.span))
                        .with_hint("create the schema first"));
                    }
                    self.relation_name_is_free(schema, &moved, true, self.span(new_schema.span))?;
                    rename_table(schema, &name, moved.clone());
                    // Its sequences move with it.
                    let owned: Vec<QualifiedName> = schema
                        .sequences
                        .values()
                        .filter(|s| s.owned_by.as_ref().is_some_and(|(t, _)| *t == moved))
                        .map(|s| s.name.clone())
                        .collect();
                    for sequence in owned {
                        let new_sequence =
                            QualifiedName::new(moved.schema.clone(), sequence.name.clone());
                        sequences::move_sequence(schema, &sequence, new_sequence);
                    }
                    // Its indexes move with it.
                    let indexes: Vec<QualifiedName> = schema
                        .indexes
                        .values()
                        .filter(|i| i.table == moved)
                        .map(|i| i.name.clone())
                        .collect();
                    for index in indexes {
                        let new_index =
                            QualifiedName::new(moved.schema.clone(), index.name.clone());
                        relation::move_index(schema, &index, new_index);
                    }
                    name = moved;
                }
                AlterAction::AttachPartition(partition)
                | AlterAction::DetachPartition(partition) => {
                    let partition_name =
                        self.resolve(partition, |q| schema.tables.contains_key(q))?;
                    let Some(table) = schema.tables.get_mut(&partition_name) else {
                        return Err(self.no_table(&partition_name, partition));
                    };
                    table.partition_of = match action {
                        AlterAction::AttachPartition(_) => Some(name.clone()),
                        _ => None,
                    };
                    match action {
                        AlterAction::AttachPartition(_) => {
                            relation::attach_partition_indexes(schema, &name, &partition_name)
                        }
                        _ => {
                            for index in schema.indexes.values_mut() {
                                if index.table == partition_name {
                                    index.parent = None;
                                }
                            }
                        }
                    }
                }
                AlterAction::DropIdentity { column, if_exists } => {
                    let col = self.identity_column(schema, &name, column)?;
                    if col.identity.is_none() && !if_exists {
                        return Err(Diagnostic::error(format!(
                            "column `{}` of table `{name}` is not an identity column",
                            col.name
                        ))
                        .with_span(self.span(column.span))
                        .with_hint("write `DROP IDENTITY IF EXISTS`"));
                    }
                    col.identity = None;
                    sequences::drop_identity_sequence(schema, &name, &ident_name(column));
                }
                AlterAction::SetGenerated { column, always } => {
                    let col = self.identity_column(schema, &name, column)?;
                    if col.identity.is_none() {
                        return Err(Diagnostic::error(format!(
                            "column `{}` of table `{name}` is not an identity column",
                            col.name
                        ))
                        .with_span(self.span(column.span))
                        .with_hint("make it one first with `ADD GENERATED ... AS IDENTITY`"));
                    }
                    col.identity = Some(if *always {
                        Identity::Always
                    } else {
                        Identity::ByDefault
                    });
                }
                AlterAction::Inherit(parent) => self.inherit(schema, &name, parent)?,
                AlterAction::NoInherit(parent) => {
                    let parent_name = self.resolve(parent, |q| schema.tables.contains_key(q))?;
                    let table = schema.tables.get_mut(&name).expect("resolved above");
                    let Some(at) = table.inherits.iter().position(|p| *p == parent_name) else {
                        return Err(Diagnostic::error(format!(
                            "relation `{parent_name}` is not a parent of relation `{name}`"
                        ))
                        .with_span(self.name_span(parent))
                        .with_hint("name one of the tables it inherits from"));
                    };
                    table.inherits.remove(at);
                    // The columns it had from that parent alone become its own.
                    let parents = table.inherits.clone();
                    let from_parent: Vec<String> = schema.tables[&parent_name]
                        .columns
                        .iter()
                        .map(|c| c.name.clone())
                        .filter(|c| !parents.iter().any(|p| schema.tables[p].column(c).is_some()))
                        .collect();
                    let table = schema.tables.get_mut(&name).expect("resolved above");
                    for column in from_parent {
                        table.inherited_columns.remove(&column);
                    }
                }
                AlterAction::DropExpression { column, if_exists } => {
                    let col = self.identity_column(schema, &name, column)?;
                    if col.generated.is_none() {
                        if *if_exists {
                            continue;
                        }
                        return Err(Diagnostic::error(format!(
                            "column `{}` of table `{name}` is not a stored generated column",
                            col.name
                        ))
                        .with_span(self.span(column.span))
                        .with_hint("write `DROP EXPRESSION IF EXISTS`"));
                    }
                    // The generation expression is the column's default in the catalog
                    // (`atthasdef`), so both go.
                    col.generated = None;
                    col.default = None;
                    // PostgreSQL drops the expression from the inheriting tables' and the
                    // partitions' column too, and refuses ONLY where there are some.
                    let below = |schema: &Schema, table: &QualifiedName| {
                        let mut out = inherit::children(schema, table);
                        out.extend(inherit::partitions(schema, table));
                        out
                    };
                    if only && !below(schema, &name).is_empty() {
                        return Err(Diagnostic::error(format!(
                            "`DROP EXPRESSION` on `ONLY {name}` must be applied to the tables \
                             that inherit from it too"
                        ))
                        .with_span(self.span(column.span))
                        .with_hint("leave out ONLY"));
                    }
                    if !only {
                        let column_name = ident_name(column);
                        let mut pending = below(schema, &name);
                        while let Some(child) = pending.pop() {
                            pending.extend(below(schema, &child));
                            if let Some(c) = schema
                                .tables
                                .get_mut(&child)
                                .and_then(|t| t.column_mut(&column_name))
                            {
                                c.generated = None;
                                c.default = None;
                            }
                        }
                    }
                }
                AlterAction::Neutral => {}
            }
        }
        Ok(())
    }

    /// `ALTER TABLE name INHERIT parent`: PostgreSQL checks that the table already has
    /// the parent's columns (same types, NOT NULL where the parent's are) and its CHECK
    /// constraints by name; the columns stay the table's own.
    fn inherit(
        &self,
        schema: &mut Schema,
        name: &QualifiedName,
        parent: &ObjectName,
    ) -> Result<(), Diagnostic> {
        let parent_name = self.resolve(parent, |q| schema.tables.contains_key(q))?;
        let Some(parent_table) = schema.tables.get(&parent_name) else {
            return Err(self.no_table(&parent_name, parent));
        };
        let child = &schema.tables[name];
        let refuse = |message: String, hint: &str| {
            Err(Diagnostic::error(message)
                .with_span(self.name_span(parent))
                .with_hint(hint))
        };
        if parent_table.partitioned || parent_table.partition_of.is_some() {
            return refuse(
                format!("cannot inherit from partitioned table or partition `{parent_name}`"),
                "inherit from an ordinary table",
            );
        }
        if child.partitioned || child.partition_of.is_some() {
            return refuse(
                format!("cannot change inheritance of partitioned table or partition `{name}`"),
                "use ATTACH PARTITION / DETACH PARTITION instead",
            );
        }
        if child.inherits.contains(&parent_name) {
            return refuse(
                format!("relation `{parent_name}` would be inherited from more than once"),
                "leave out this INHERIT: the table inherits from it already",
            );
        }
        // The parent, or one of its ancestors, must not be the table itself.
        let mut ancestors = vec![parent_name.clone()];
        while let Some(a) = ancestors.pop() {
            if a == *name {
                return refuse(
                    "circular inheritance not allowed".to_string(),
                    "a table cannot inherit from itself or its descendants",
                );
            }
            if let Some(t) = schema.tables.get(&a) {
                ancestors.extend(t.inherits.iter().cloned());
            }
        }
        for column in &parent_table.columns {
            let Some(own) = child.column(&column.name) else {
                return refuse(
                    format!("child table is missing column `{}`", column.name),
                    "add the parent's columns to the table first",
                );
            };
            if own.ty != column.ty {
                return refuse(
                    format!(
                        "child table `{name}` has different type for column `{}`",
                        column.name
                    ),
                    "give the column the parent's type first",
                );
            }
            if column.not_null && !own.not_null {
                return refuse(
                    format!(
                        "column `{}` in child table must be marked NOT NULL",
                        column.name
                    ),
                    "set the column NOT NULL first",
                );
            }
        }
        for constraint in &parent_table.constraints {
            if matches!(constraint.kind, ConstraintKind::Check(_))
                && !child.constraints.iter().any(|c| {
                    c.name == constraint.name && matches!(c.kind, ConstraintKind::Check(_))
                })
            {
                return refuse(
                    format!("child table is missing constraint `{}`", constraint.name),
                    "add the parent's CHECK constraints to the table first, under their names",
                );
            }
        }
        schema
            .tables
            .get_mut(name)
            .expect("resolved above")
            .inherits
            .push(parent_name);
        Ok(())
    }

    fn identity_column<'s>(
        &self,
        schema: &'s mut Schema,
        table: &QualifiedName,
        column: &Ident,
    ) -> Result<&'s mut Column, Diagnostic> {
        let column_name = ident_name(column);
        let error = self.no_column(table, &column_name, column.span);
        schema
            .tables
            .get_mut(table)
            .and_then(|t| t.column_mut(&column_name))
            .ok_or(error)
    }
}

/// Drops, in every table, the foreign keys `dropped` picks. Without CASCADE, those on a
/// table `blocks` names are in the way, as PostgreSQL's dependencies are: `refusal`
/// makes the error from their list, and nothing is dropped.
pub(super) fn drop_foreign_keys(
    schema: &mut Schema,
    dropped: impl Fn(&ForeignKey) -> bool,
    blocks: impl Fn(&QualifiedName) -> bool,
    cascade: bool,
    refusal: impl FnOnce(&str) -> Diagnostic,
) -> Result<(), Diagnostic> {
    let dependents: Vec<String> = schema
        .tables
        .values()
        .filter(|t| blocks(&t.name))
        .flat_map(|t| {
            t.foreign_key_constraints()
                .filter(|(_, fk)| dropped(fk))
                .map(|(name, _)| format!("constraint `{name}` on table `{}`", t.name))
                .collect::<Vec<_>>()
        })
        .collect();
    if !dependents.is_empty() && !cascade {
        return Err(refusal(&dependents.join(", ")));
    }
    for t in schema.tables.values_mut() {
        t.constraints.retain(|c| match &c.kind {
            ConstraintKind::ForeignKey(fk) => !dropped(fk),
            _ => true,
        });
    }
    Ok(())
}
