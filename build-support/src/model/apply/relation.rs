//! The relation namespace, as `pg_class` keeps it: tables, views, indexes (the index a
//! PRIMARY KEY, UNIQUE or EXCLUDE constraint owns, named as the constraint, too),
//! sequences and composite types share one set of names per schema. Every relation is
//! renamed through here, whichever statement names it (`ALTER INDEX`, `ALTER TABLE`,
//! `ALTER SEQUENCE`), so a rename is followed the same way wherever it comes from; and
//! the indexes PostgreSQL makes on its own (copies for `LIKE` and for partitions) are
//! made here, named as it names them.

use super::*;

/// What a name in the relation namespace is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Relation {
    Table,
    View,
    /// An index of its own (`CREATE INDEX`, or a copy PostgreSQL made of one).
    Index,
    /// The index of a key constraint of `table`: renaming one renames the other.
    ConstraintIndex {
        table: QualifiedName,
    },
    Composite,
    Sequence,
}

impl Relation {
    pub(super) fn describe(&self) -> String {
        match self {
            Relation::Table => "a table".into(),
            Relation::View => "a view".into(),
            Relation::Index => "an index".into(),
            Relation::ConstraintIndex { table } => {
                format!("the index of a key constraint of table `{table}`")
            }
            Relation::Composite => "a composite type".into(),
            Relation::Sequence => "a sequence".into(),
        }
    }
}

/// What `name` is in the relation namespace, if anything.
pub(super) fn relation(schema: &Schema, name: &QualifiedName) -> Option<Relation> {
    if schema.tables.contains_key(name) {
        Some(Relation::Table)
    } else if schema.views.contains_key(name) {
        Some(Relation::View)
    } else if schema.indexes.contains_key(name) {
        Some(Relation::Index)
    } else if schema.composites.contains_key(name) {
        Some(Relation::Composite)
    } else if schema.sequences.contains_key(name) {
        Some(Relation::Sequence)
    } else {
        constraint_index_table(schema, name).map(|table| Relation::ConstraintIndex { table })
    }
}

/// The table whose key constraint owns the index `name` (the constraint's name, in the
/// table's schema).
pub(super) fn constraint_index_table(
    schema: &Schema,
    name: &QualifiedName,
) -> Option<QualifiedName> {
    tables_in(schema, &name.schema)
        .find(|t| {
            t.constraints
                .iter()
                .any(|c| c.name == name.name && owns_index(&c.kind))
        })
        .map(|t| t.name.clone())
}

/// The tables of one schema (a range of the sorted map, not a scan of every table).
pub(super) fn tables_in<'s>(
    schema: &'s Schema,
    schema_name: &'s str,
) -> impl Iterator<Item = &'s crate::model::Table> + 's {
    schema
        .tables
        .range(QualifiedName::new(schema_name, "")..)
        .take_while(move |(q, _)| q.schema == schema_name)
        .map(|(_, t)| t)
}

/// Whether a constraint is backed by an index of its own name.
pub(super) fn owns_index(kind: &ConstraintKind) -> bool {
    matches!(
        kind,
        ConstraintKind::PrimaryKey { .. }
            | ConstraintKind::Unique { .. }
            | ConstraintKind::Exclude { .. }
    )
}

impl Cx<'_> {
    /// Resolves a relation's name through `search_path`: the first schema that has a
    /// relation of that name (or, unqualified and found nowhere, the first schema).
    pub(super) fn resolve_relation(
        &self,
        schema: &Schema,
        name: &ObjectName,
    ) -> Result<QualifiedName, Diagnostic> {
        self.resolve(name, |q| relation(schema, q).is_some())
    }

    /// Refuses a name another relation of the schema has, as PostgreSQL does (`relation
    /// "x" already exists`), and, for a relation with a row type (a table, view or
    /// composite type), a name a type has.
    pub(super) fn relation_name_is_free(
        &self,
        schema: &Schema,
        name: &QualifiedName,
        has_row_type: bool,
        at: Span,
    ) -> Result<(), Diagnostic> {
        if let Some(other) = relation(schema, name) {
            return Err(
                Diagnostic::duplicate(format!("relation `{name}` already exists"))
                    .with_span(at)
                    .with_label(format!("`{name}` is {}", other.describe()))
                    .with_hint(
                        "pick a name no table, view, index or key constraint of the schema uses",
                    ),
            );
        }
        if has_row_type && schema.type_exists(name) {
            return Err(Diagnostic::duplicate(format!("type `{name}` already exists"))
                .with_span(at)
                .with_hint("pick a name no type of the schema uses (a table or view has a row type of its name)"));
        }
        Ok(())
    }

    /// `ALTER INDEX`/`ALTER TABLE`/... `RENAME TO`: PostgreSQL renames any relation this
    /// way, whichever of these words the statement uses (not a composite type, which
    /// has `ALTER TYPE`). `Ok(false)` when there is no relation of that name.
    pub(super) fn rename_relation(
        &self,
        schema: &mut Schema,
        object: &ObjectName,
        new: &Ident,
    ) -> Result<bool, Diagnostic> {
        let name = self.resolve_relation(schema, object)?;
        let Some(kind) = relation(schema, &name) else {
            return Ok(false);
        };
        let new_name = QualifiedName::new(name.schema.clone(), ident_name(new));
        if new_name == name {
            // PostgreSQL refuses this too, naming the relation as existing.
            return self
                .relation_name_is_free(schema, &new_name, false, self.span(new.span))
                .map(|_| true);
        }
        let has_row_type = matches!(kind, Relation::Table | Relation::View);
        self.relation_name_is_free(schema, &new_name, has_row_type, self.span(new.span))?;
        let origin = Origin(Some(self.span(new.span)));
        match kind {
            Relation::Table => {
                alter::rename_table(schema, &name, new_name.clone());
                if let Some(table) = schema.tables.get_mut(&new_name) {
                    table.origin = origin;
                }
            }
            Relation::View => move_view(schema, &name, new_name),
            Relation::Index => move_index(schema, &name, new_name),
            Relation::Sequence => sequences::move_sequence(schema, &name, new_name),
            Relation::ConstraintIndex { table } => {
                let table = schema.tables.get_mut(&table).expect("found above");
                for c in &mut table.constraints {
                    if c.name == name.name && owns_index(&c.kind) {
                        c.name = new_name.name.clone();
                    }
                }
            }
            Relation::Composite => {
                return Err(Diagnostic::error(format!("`{name}` is a composite type"))
                    .with_span(self.name_span(object))
                    .with_hint("use `ALTER TYPE ... RENAME TO`"));
            }
        }
        Ok(true)
    }

    /// `ALTER INDEX`. Its `RENAME TO` renames whatever relation it names, as PostgreSQL's
    /// does (a table too). Its other forms change storage, which the model does not keep.
    pub(super) fn alter_index(
        &self,
        schema: &mut Schema,
        object: &ObjectName,
        if_exists: bool,
        action: &IndexAction,
    ) -> Result<(), Diagnostic> {
        let new = match action {
            IndexAction::RenameTo(new) => new,
            IndexAction::AttachPartition(child) => {
                // What `CREATE INDEX ... ON ONLY` left out, attached one by one (as
                // pg_dump writes partitioned indexes).
                let parent = self.resolve(object, |q| schema.indexes.contains_key(q))?;
                let child = self.resolve(child, |q| schema.indexes.contains_key(q))?;
                if schema.indexes.contains_key(&parent)
                    && let Some(child) = schema.indexes.get_mut(&child)
                {
                    child.parent = Some(parent);
                }
                return Ok(());
            }
            IndexAction::Other => return Ok(()),
        };
        if self.rename_relation(schema, object, new)? || if_exists {
            return Ok(());
        }
        let name = self.resolve_relation(schema, object)?;
        Err(Diagnostic::error(format!("index `{name}` does not exist"))
            .with_span(self.name_span(object))
            .with_label("no index, key constraint or table of this name was created by an earlier statement")
            .with_hint("write `ALTER INDEX IF EXISTS`, or check the name"))
    }

    /// `ALTER TABLE` naming a view, an index or a key constraint's index: PostgreSQL takes
    /// `RENAME TO` for any relation, and `RENAME COLUMN` and `SET SCHEMA` for a view;
    /// what else it takes there (owner, options, storage) changes nothing the model
    /// keeps.
    pub(super) fn alter_table_on_other_relation(
        &self,
        schema: &mut Schema,
        object: &ObjectName,
        kind: &Relation,
        actions: &[AlterAction],
    ) -> Result<(), Diagnostic> {
        for action in actions {
            let view_action = match action {
                AlterAction::Op(AlterTableOperation::RenameTable { table_name }) => {
                    let (RenameTableNameKind::As(new) | RenameTableNameKind::To(new)) = table_name;
                    if let Some(new) = new.0.last().and_then(|p| p.as_ident()) {
                        self.rename_relation(schema, object, new)?;
                    }
                    continue;
                }
                AlterAction::Op(AlterTableOperation::RenameColumn {
                    old_column_name,
                    new_column_name,
                }) => ViewAction::RenameColumn(old_column_name.clone(), new_column_name.clone()),
                AlterAction::SetSchema(new_schema) if *kind == Relation::Sequence => {
                    let name = self.resolve_relation(schema, object)?;
                    self.move_sequence_to(schema, &name, new_schema)?;
                    continue;
                }
                AlterAction::SetSchema(new_schema) => ViewAction::SetSchema(new_schema.clone()),
                _ => continue,
            };
            if *kind == Relation::View {
                self.alter_view(schema, object, &view_action)?;
            }
        }
        Ok(())
    }

    /// Before a unique index is dropped: the foreign keys that can only rest on it (no key
    /// constraint or other unique index of the referenced table has their columns) depend
    /// on it, so without CASCADE they are an error and with it they go, as in PostgreSQL.
    /// Where another index could back them, the model cannot tell which one PostgreSQL
    /// chose, and neither refuses nor drops.
    fn drop_foreign_keys_on_index(
        &self,
        schema: &mut Schema,
        name: &QualifiedName,
        cascade: bool,
        object: &ObjectName,
    ) -> Result<(), Diagnostic> {
        let Some(index) = schema.indexes.get(name).filter(|i| i.unique).cloned() else {
            return Ok(());
        };
        let sorted = |columns: &[String]| {
            let mut c = columns.to_vec();
            c.sort();
            c
        };
        let key = sorted(&index.columns);
        let Some(table) = schema.tables.get(&index.table) else {
            return Ok(());
        };
        let other_key = table.constraints.iter().any(|c| {
            matches!(
                c.kind,
                ConstraintKind::PrimaryKey { .. } | ConstraintKind::Unique { .. }
            ) && sorted(c.kind.columns()) == key
        }) || schema.indexes.values().any(|i| {
            i.name != *name && i.unique && i.table == index.table && sorted(&i.columns) == key
        });
        if other_key {
            return Ok(());
        }
        let resting =
            |fk: &ForeignKey| fk.ref_table == index.table && sorted(&fk.ref_columns) == key;
        super::alter::drop_foreign_keys(
            schema,
            resting,
            |_| true,
            cascade,
            |dependents| {
                Diagnostic::error(format!(
                    "cannot drop index `{name}` because other objects depend on it: {dependents}"
                ))
                .with_span(self.name_span(object))
                .with_hint("drop the foreign keys first, or add CASCADE to drop them too")
            },
        )
    }

    /// `DROP INDEX`: a key constraint's index goes only with its constraint, as in
    /// PostgreSQL.
    pub(super) fn drop_index(
        &self,
        schema: &mut Schema,
        object: &ObjectName,
        if_exists: bool,
        cascade: bool,
    ) -> Result<(), Diagnostic> {
        let name = self.resolve(object, |q| {
            schema.indexes.contains_key(q) || constraint_index_table(schema, q).is_some()
        })?;
        if let Some(index) = schema.indexes.get(&name) {
            if let Some(parent) = &index.parent {
                return Err(Diagnostic::error(format!(
                    "cannot drop index `{name}` because index `{parent}` requires it"
                ))
                .with_span(self.name_span(object))
                .with_hint(format!(
                    "drop the partitioned table's index instead: `DROP INDEX {}`",
                    parent.format_type()
                )));
            }
            self.drop_foreign_keys_on_index(schema, &name, cascade, object)?;
            remove_index(schema, &name);
            return Ok(());
        }
        if let Some(table) = constraint_index_table(schema, &name) {
            return Err(Diagnostic::error(format!(
                "cannot drop index `{name}` because constraint `{}` on table `{table}` requires it",
                name.name
            ))
            .with_span(self.name_span(object))
            .with_hint(format!(
                "drop the constraint instead: `ALTER TABLE {} DROP CONSTRAINT {}`",
                table.format_type(),
                crate::model::quote::quote_identifier(&name.name)
            )));
        }
        if if_exists {
            return Ok(());
        }
        Err(Diagnostic::error(format!("index `{name}` does not exist"))
            .with_span(self.name_span(object))
            .with_hint("write `DROP INDEX IF EXISTS`, or check the name"))
    }
}

/// Renames or moves a view, and points the views that read it at its new name. A
/// materialized view's indexes follow it (into its new schema too).
pub(super) fn move_view(schema: &mut Schema, old: &QualifiedName, new: QualifiedName) {
    let Some(mut view) = schema.views.remove(old) else {
        return;
    };
    view.name = new.clone();
    schema.views.insert(new.clone(), view);
    for other in schema.views.values_mut() {
        if other.relations.remove(old) {
            other.relations.insert(new.clone());
        }
    }
    let indexes: Vec<QualifiedName> = schema
        .indexes
        .values()
        .filter(|i| i.table == *old)
        .map(|i| i.name.clone())
        .collect();
    for index in indexes {
        if let Some(i) = schema.indexes.get_mut(&index) {
            i.table = new.clone();
        }
        if new.schema != old.schema {
            move_index(
                schema,
                &index,
                QualifiedName::new(new.schema.clone(), index.name.clone()),
            );
        }
    }
}

/// Removes a view, with a materialized view's indexes. Whether there was one.
pub(super) fn remove_view(schema: &mut Schema, name: &QualifiedName) -> bool {
    schema.indexes.retain(|_, i| i.table != *name);
    schema.views.remove(name).is_some()
}

/// Renames or moves an index, and the partitions' indexes attached to it follow.
pub(super) fn move_index(schema: &mut Schema, old: &QualifiedName, new: QualifiedName) {
    let Some(mut index) = schema.indexes.remove(old) else {
        return;
    };
    index.name = new.clone();
    schema.indexes.insert(new.clone(), index);
    for child in schema.indexes.values_mut() {
        if child.parent.as_ref() == Some(old) {
            child.parent = Some(new.clone());
        }
    }
}

/// Drops an index and, for a partitioned table's, the partitions' indexes attached to it.
fn remove_index(schema: &mut Schema, name: &QualifiedName) {
    schema.indexes.remove(name);
    let children: Vec<QualifiedName> = schema
        .indexes
        .values()
        .filter(|i| i.parent.as_ref() == Some(name))
        .map(|i| i.name.clone())
        .collect();
    for child in children {
        remove_index(schema, &child);
    }
}

/// Makes a copy of `index` on `table`, named as PostgreSQL names it
/// (`<table>_<columns>_idx`), and returns its name.
pub(super) fn copy_index(
    schema: &mut Schema,
    index: &Index,
    table: &QualifiedName,
    parent: Option<QualifiedName>,
) -> QualifiedName {
    let name = choose_name(
        &table.name,
        Some(&index.name_columns.join("_")),
        "idx",
        |candidate| Cx::name_taken(schema, &table.schema, candidate),
    );
    let name = QualifiedName::new(table.schema.clone(), name);
    schema.indexes.insert(
        name.clone(),
        Index {
            name: name.clone(),
            table: table.clone(),
            parent,
            ..index.clone()
        },
    );
    name
}

/// A partition takes every index of its partitioned table.
pub(super) fn attach_partition_indexes(
    schema: &mut Schema,
    parent: &QualifiedName,
    partition: &QualifiedName,
) {
    let parent_indexes: Vec<Index> = schema
        .indexes
        .values()
        .filter(|i| i.table == *parent)
        .cloned()
        .collect();
    for parent_index in parent_indexes {
        attach_or_copy(schema, &parent_index, partition);
    }
}

/// Copies a new index of a partitioned table to each of its partitions.
pub(super) fn clone_indexes_to_partitions(schema: &mut Schema, index: &QualifiedName) {
    let Some(index) = schema.indexes.get(index).cloned() else {
        return;
    };
    if !schema
        .tables
        .get(&index.table)
        .is_some_and(|t| t.partitioned)
    {
        return;
    }
    let partitions: Vec<QualifiedName> = schema
        .tables
        .values()
        .filter(|t| t.partition_of.as_ref() == Some(&index.table))
        .map(|t| t.name.clone())
        .collect();
    for partition in partitions {
        attach_or_copy(schema, &index, &partition);
    }
}

/// A partition's own index that matches `parent_index` (and is not attached to another)
/// is attached to it, as PostgreSQL does; else a copy is made, and copied on down to a
/// partitioned partition's partitions.
fn attach_or_copy(schema: &mut Schema, parent_index: &Index, partition: &QualifiedName) {
    let matching = schema
        .indexes
        .values()
        .find(|i| {
            i.table == *partition
                && i.parent.is_none()
                && i.columns == parent_index.columns
                && i.reads == parent_index.reads
                && i.name_columns == parent_index.name_columns
                && i.unique == parent_index.unique
        })
        .map(|i| i.name.clone());
    match matching {
        Some(name) => {
            if let Some(i) = schema.indexes.get_mut(&name) {
                i.parent = Some(parent_index.name.clone());
            }
        }
        None => {
            let copy = copy_index(
                schema,
                parent_index,
                partition,
                Some(parent_index.name.clone()),
            );
            clone_indexes_to_partitions(schema, &copy);
        }
    }
}

#[cfg(test)]
mod tests {
    /// The first error of replaying `sql` as one migration, or `None` when it applies.
    fn error(sql: &str) -> Option<String> {
        match crate::load_inline(&[("0001_a.sql", sql)]) {
            Ok(_) => None,
            Err(e) => e
                .errors()
                .next()
                .map(|d| format!("{} | {:?}", d.message, d.hint)),
        }
    }

    #[test]
    fn a_key_constraints_index_is_dropped_only_with_its_constraint() {
        let e = error("CREATE TABLE t (id int PRIMARY KEY);\nDROP INDEX t_pkey;").unwrap();
        assert!(
            e.starts_with(
                "cannot drop index `t_pkey` because constraint `t_pkey` on table `t` requires it"
            ),
            "{e}"
        );
        assert!(e.contains("ALTER TABLE t DROP CONSTRAINT t_pkey"), "{e}");
        // The same for UNIQUE and EXCLUDE, renamed or not, quoted where it must be.
        let e = error(
            "CREATE TABLE \"T\" (a int, CONSTRAINT \"T_a\" UNIQUE (a));\n\
             ALTER TABLE \"T\" RENAME CONSTRAINT \"T_a\" TO \"T_a2\";\nDROP INDEX \"T_a2\";",
        )
        .unwrap();
        assert!(
            e.contains("ALTER TABLE \\\"T\\\" DROP CONSTRAINT \\\"T_a2\\\""),
            "{e}"
        );
        assert_eq!(
            error(
                "CREATE TABLE t (id int PRIMARY KEY);\nALTER TABLE t DROP CONSTRAINT t_pkey;\nDROP INDEX IF EXISTS t_pkey;"
            ),
            None
        );
    }

    #[test]
    fn alter_index_follows_every_relation_and_refuses_a_missing_one() {
        let e = error("ALTER INDEX nope RENAME TO other;").unwrap();
        assert!(e.starts_with("index `nope` does not exist"), "{e}");
        assert_eq!(error("ALTER INDEX IF EXISTS nope RENAME TO other;"), None);
        // Storage forms change nothing and are not checked.
        assert_eq!(
            error(
                "ALTER INDEX nope SET TABLESPACE pg_default;\nALTER INDEX ALL IN TABLESPACE a SET TABLESPACE b;"
            ),
            None
        );
        // Renaming a key constraint's index renames the constraint; ALTER INDEX renames
        // a table too.
        assert_eq!(
            error(
                "CREATE TABLE t (id int PRIMARY KEY);\nALTER INDEX t_pkey RENAME TO t_pk;\n\
                 ALTER TABLE t DROP CONSTRAINT t_pk;\nALTER INDEX t RENAME TO u;\nALTER TABLE u ADD b int;"
            ),
            None
        );
        let e = error("CREATE TABLE t (id int PRIMARY KEY);\nALTER TABLE t DROP CONSTRAINT t_pkey;\nALTER INDEX t_pkey RENAME TO x;").unwrap();
        assert!(e.starts_with("index `t_pkey` does not exist"), "{e}");
    }

    #[test]
    fn relations_share_one_namespace_per_schema() {
        for (sql, taken) in [
            (
                "CREATE TABLE t (a int PRIMARY KEY);\nCREATE TABLE t_pkey (b int);",
                "t_pkey",
            ),
            (
                "CREATE TABLE t (a int);\nCREATE INDEX i ON t (a);\nCREATE VIEW i AS SELECT 1;",
                "i",
            ),
            (
                "CREATE TABLE t (a int);\nCREATE VIEW v AS SELECT 1;\nCREATE INDEX v ON t (a);",
                "v",
            ),
            (
                "CREATE TABLE t (a int);\nCREATE TYPE c AS (x int);\nCREATE INDEX c ON t (a);",
                "c",
            ),
            (
                "CREATE TABLE t (a int);\nCREATE TABLE u (a int UNIQUE);\nALTER TABLE t RENAME TO u_a_key;",
                "u_a_key",
            ),
            (
                "CREATE TABLE t (a int);\nCREATE INDEX i ON t (a);\nALTER INDEX i RENAME TO t;",
                "t",
            ),
        ] {
            let e = error(sql).unwrap_or_else(|| panic!("refused: {sql}"));
            assert!(
                e.starts_with(&format!("relation `{taken}` already exists")),
                "{sql}: {e}"
            );
        }
        for (sql, taken) in [
            (
                "CREATE TABLE t (a int);\nCREATE TABLE u (a int, CONSTRAINT t UNIQUE (a));",
                "t",
            ),
            (
                "CREATE TABLE t (a int);\nCREATE INDEX i ON t (a);\nALTER TABLE t ADD CONSTRAINT i PRIMARY KEY (a);",
                "i",
            ),
            (
                "CREATE TABLE t (a int UNIQUE, b int);\nCREATE INDEX i ON t (b);\nALTER TABLE t RENAME CONSTRAINT t_a_key TO i;",
                "i",
            ),
        ] {
            let e = error(sql).unwrap_or_else(|| panic!("refused: {sql}"));
            assert!(
                e.starts_with(&format!("relation `{taken}` already exists")),
                "{sql}: {e}"
            );
        }
        // A check or foreign key has no index: its name is not a relation's.
        assert_eq!(
            error(
                "CREATE TABLE t (a int);\nCREATE INDEX i ON t (a);\nALTER TABLE t ADD CONSTRAINT i CHECK (a > 0);"
            ),
            None
        );
        assert_eq!(
            error(
                "CREATE VIEW v AS SELECT 1 AS a;\nALTER VIEW IF EXISTS nope RENAME TO w;\nALTER MATERIALIZED VIEW IF EXISTS nope RENAME TO w;"
            ),
            None
        );
        // Another schema's relation does not collide.
        assert_eq!(
            error(
                "CREATE SCHEMA s;\nCREATE TABLE s.t (a int PRIMARY KEY);\nCREATE TABLE t_pkey (a int);"
            ),
            None
        );
        // A table or view has a row type: a type's name is taken for it.
        let e = error(
            "CREATE TYPE e AS ENUM ('a');\nCREATE TABLE t (a int);\nALTER TABLE t RENAME TO e;",
        )
        .unwrap();
        assert!(e.starts_with("type `e` already exists"), "{e}");
        let e = error("CREATE VIEW v AS SELECT 1;\nCREATE TYPE v AS ENUM ('a');").unwrap();
        assert!(e.starts_with("type `v` already exists"), "{e}");
    }

    #[test]
    fn a_foreign_key_resting_on_a_unique_index_goes_only_with_cascade() {
        let sql = "CREATE TABLE a (id int, code text);\nCREATE UNIQUE INDEX a_code ON a (code);\n\
                   CREATE TABLE b (code text REFERENCES a (code));\n";
        let e = error(&format!("{sql}DROP INDEX a_code;")).unwrap();
        assert!(
            e.starts_with("cannot drop index `a_code` because other objects depend on it"),
            "{e}"
        );
        let loaded =
            crate::load_inline(&[("0001_a.sql", &format!("{sql}DROP INDEX a_code CASCADE;"))])
                .unwrap();
        let b = &loaded.schema.tables[&crate::model::QualifiedName::new("public", "b")];
        assert_eq!(b.foreign_keys().count(), 0);
        // A key constraint with the same columns could back it: not refused, kept.
        let sql = "CREATE TABLE a (code text UNIQUE);\nCREATE UNIQUE INDEX a_code ON a (code);\n\
                   CREATE TABLE b (code text REFERENCES a (code));\nDROP INDEX a_code;";
        assert_eq!(error(sql), None);
    }

    #[test]
    fn a_partitions_index_goes_only_with_its_parents() {
        let sql = "CREATE TABLE p (a int) PARTITION BY LIST (a);\nCREATE INDEX p_a ON p (a);\n\
                   CREATE TABLE p1 PARTITION OF p FOR VALUES IN (1);\n";
        let e = error(&format!("{sql}DROP INDEX p1_a_idx;")).unwrap();
        assert!(
            e.starts_with("cannot drop index `p1_a_idx` because index `p_a` requires it"),
            "{e}"
        );
        assert_eq!(
            error(&format!(
                "{sql}DROP INDEX p_a;\nCREATE INDEX p1_a_idx ON p1 (a);"
            )),
            None
        );
        assert_eq!(
            error(&format!(
                "{sql}ALTER TABLE p DETACH PARTITION p1;\nDROP INDEX p1_a_idx;"
            )),
            None
        );
    }

    #[test]
    fn alter_table_on_a_view_or_index_passes_over_what_changes_nothing() {
        assert_eq!(
            error(
                "CREATE TABLE t (a int);\nCREATE VIEW v AS SELECT a FROM t;\n\
                 ALTER TABLE v OWNER TO someone;\nALTER TABLE v ALTER COLUMN a SET DEFAULT 1;\n\
                 CREATE INDEX i ON t (a);\nALTER TABLE i SET (fillfactor = 50);\n\
                 CREATE SCHEMA s;\nALTER TABLE v SET SCHEMA s;\nALTER VIEW s.v RENAME COLUMN a TO b;"
            ),
            None
        );
    }
}
