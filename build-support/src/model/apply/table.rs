//! `CREATE TABLE`, its columns and constraints, and `CREATE INDEX`.

use super::*;
use crate::model::names::make_object_name;
use crate::parse::extra::LikeClause;

impl Cx<'_> {
    /// `CREATE TABLE`, with the `LIKE` elements the pre-pass read out of its column list.
    pub(super) fn create_table(
        &self,
        schema: &mut Schema,
        ct: &CreateTable,
        likes: &[LikeClause],
    ) -> Result<(), Diagnostic> {
        if ct.temporary {
            // Temporary tables live for one session; they are not part of the schema.
            return Ok(());
        }
        if let Some(query) = &ct.query {
            return self.create_table_as(schema, ct, query, &[]);
        }
        let name = self.creation_name(schema, &ct.name)?;
        if ct.like.is_some() {
            // The pre-pass reads every PostgreSQL `LIKE`; this is another dialect's form.
            return Err(self.not_modelled("this form of `LIKE`"));
        }
        let (parents, inherited_columns, inherited_checks) = match &ct.inherits {
            Some(parents) => self.inherited(schema, parents)?,
            None => Default::default(),
        };
        let parent = match &ct.partition_of {
            Some(parent) => {
                let parent_name = self.resolve(parent, |q| schema.tables.contains_key(q))?;
                if !schema.tables.contains_key(&parent_name) {
                    return Err(self.no_table(&parent_name, parent));
                }
                if !ct.columns.is_empty() {
                    return Err(self.not_modelled("column options on a partition"));
                }
                Some(parent_name)
            }
            None => None,
        };
        if relation::relation(schema, &name).is_some() {
            if ct.if_not_exists {
                return Ok(());
            }
            return Err(
                Diagnostic::duplicate(format!("relation `{name}` already exists"))
                    .with_span(self.name_span(&ct.name))
                    .with_hint(
                        "write `CREATE TABLE IF NOT EXISTS`, or drop the earlier table first",
                    ),
            );
        }
        if schema.type_exists(&name) {
            // A table's row type takes the table's name in the type namespace.
            return Err(
                Diagnostic::duplicate(format!("type `{name}` already exists"))
                    .with_span(self.name_span(&ct.name))
                    .with_hint("pick a table name no type uses"),
            );
        }
        schema.tables.insert(
            name.clone(),
            Table {
                name: name.clone(),
                // A partition has its parent's columns, NOT NULLs, defaults and checks.
                columns: parent.as_ref().map_or_else(
                    || inherited_columns.clone(),
                    |p| {
                        schema.tables[p]
                            .columns
                            .iter()
                            .map(|c| Column {
                                comment: None,
                                ..c.clone()
                            })
                            .collect()
                    },
                ),
                constraints: parent.as_ref().map_or_else(
                    || inherited_checks.clone(),
                    |p| partition_constraints(&schema.tables[p], &name.name),
                ),
                comment: None,
                partition_of: parent,
                partitioned: ct.partition_by.is_some(),
                bookkeeping: false,
                inherited_columns: inherited_columns.iter().map(|c| c.name.clone()).collect(),
                inherits: parents,
                origin: Origin(Some(self.name_span(&ct.name))),
            },
        );
        let result = (|| {
            let mut constraints = Vec::new();
            for (position, def) in ct.columns.iter().enumerate() {
                for like in likes.iter().filter(|l| l.position == position) {
                    self.copy_like(schema, &name, like)?;
                }
                constraints.extend(self.add_column(schema, &name, def)?);
            }
            for like in likes.iter().filter(|l| l.position >= ct.columns.len()) {
                self.copy_like(schema, &name, like)?;
            }
            constraints.extend(ct.constraints.iter().cloned());
            self.add_constraints(schema, &name, &constraints)
        })();
        if result.is_err() {
            drop::remove_table(schema, &name);
            return result;
        }
        if let Some(parent) = schema.tables[&name].partition_of.clone() {
            relation::attach_partition_indexes(schema, &parent, &name);
        }
        Ok(())
    }

    /// Copies what `LIKE source` takes: columns with their types and NOT NULL always;
    /// defaults, identity, generation, checks, keys and comments as its options say.
    fn copy_like(
        &self,
        schema: &mut Schema,
        table: &QualifiedName,
        like: &LikeClause,
    ) -> Result<(), Diagnostic> {
        let source_name = self.resolve(&like.source, |q| schema.tables.contains_key(q))?;
        let Some(source) = schema.tables.get(&source_name).cloned() else {
            return Err(self.no_table(&source_name, &like.source));
        };
        for column in &source.columns {
            if schema.tables[table].column(&column.name).is_some() {
                return Err(Diagnostic::duplicate(format!(
                    "column `{}` specified more than once",
                    column.name
                ))
                .with_span(self.name_span(&like.source))
                .with_hint("rename the column defined beside `LIKE`"));
            }
            let copied = Column {
                name: column.name.clone(),
                ty: column.ty.clone(),
                not_null: column.not_null,
                default: match &column.generated {
                    Some(_) if like.generated => column.default.clone(),
                    None if like.defaults => column.default.clone(),
                    _ => None,
                },
                identity: column.identity.filter(|_| like.identity),
                generated: column.generated.clone().filter(|_| like.generated),
                comment: column.comment.clone().filter(|_| like.comments),
                origin: column.origin.clone(),
            };
            let identity = copied.identity.is_some();
            schema
                .tables
                .get_mut(table)
                .expect("the table is being created")
                .columns
                .push(copied);
            if identity {
                sequences::add_owned_sequence(schema, table, &column.name, true);
            }
        }
        for constraint in &source.constraints {
            let copy = match &constraint.kind {
                ConstraintKind::Check(_) if like.constraints => constraint.name.clone(),
                ConstraintKind::PrimaryKey { .. } if like.indexes => {
                    choose_name(&table.name, None, "pkey", |c| {
                        Self::name_taken(schema, &table.schema, c)
                    })
                }
                ConstraintKind::Unique { columns } if like.indexes => {
                    choose_name(&table.name, Some(&columns.join("_")), "key", |c| {
                        Self::name_taken(schema, &table.schema, c)
                    })
                }
                _ => continue,
            };
            schema
                .tables
                .get_mut(table)
                .expect("the table is being created")
                .constraints
                .push(Constraint {
                    name: copy,
                    kind: constraint.kind.clone(),
                });
        }
        if like.indexes {
            let indexes: Vec<Index> = schema
                .indexes
                .values()
                .filter(|i| i.table == source_name)
                .cloned()
                .collect();
            for index in indexes {
                relation::copy_index(schema, &index, table, None);
            }
        }
        Ok(())
    }

    /// Adds constraints in the order PostgreSQL does: keys and checks first, foreign
    /// keys last, so a foreign key may reference a key declared after it in the same
    /// statement (a self-reference to a table-level primary key).
    pub(super) fn add_constraints(
        &self,
        schema: &mut Schema,
        table: &QualifiedName,
        constraints: &[TableConstraint],
    ) -> Result<(), Diagnostic> {
        let (foreign, other): (Vec<_>, Vec<_>) = constraints
            .iter()
            .enumerate()
            .filter(|(i, c)| !duplicates_a_key(constraints, *i, c))
            .map(|(_, c)| c)
            .partition(|c| matches!(c, TableConstraint::ForeignKey(_)));
        for constraint in other.into_iter().chain(foreign) {
            self.add_constraint(schema, table, constraint)?;
        }
        Ok(())
    }

    /// Adds a column and returns its column constraints (PRIMARY KEY, UNIQUE, REFERENCES,
    /// CHECK) as table constraints, for the caller to add once every column exists.
    pub(super) fn add_column(
        &self,
        schema: &mut Schema,
        table: &QualifiedName,
        def: &ColumnDef,
    ) -> Result<Vec<TableConstraint>, Diagnostic> {
        let name = ident_name(&def.name);
        // A column a parent already gives is merged with the local definition, where
        // the parent put it.
        let merged = {
            let t = schema
                .tables
                .get_mut(table)
                .expect("caller checked the table exists");
            if t.inherited_columns.remove(&name) {
                let position = t.columns.iter().position(|c| c.name == name);
                position.map(|p| (p, t.columns.remove(p)))
            } else {
                None
            }
        };
        if schema.tables[table].column(&name).is_some() {
            return Err(Diagnostic::duplicate(format!(
                "column `{name}` of table `{table}` already exists"
            ))
            .with_span(self.span(def.name.span))
            .with_hint("give the column another name, or drop the earlier one first"));
        }
        let (ty, serial) = self.sql_type(schema, &def.data_type, &def.name)?;
        // A serial column owns a sequence its default calls.
        let sequence = serial.then(|| sequences::add_owned_sequence(schema, table, &name, false));
        let mut column = Column {
            name: name.clone(),
            ty,
            not_null: serial,
            default: sequence.map(|seq| {
                let seq = crate::model::quote::quote_identifier(&seq.name);
                format!("nextval('{seq}'::regclass)")
            }),
            identity: None,
            generated: None,
            comment: None,
            origin: Origin(Some(self.span(def.name.span))),
        };
        let mut constraints = Vec::new();
        for option in &def.options {
            match &option.option {
                ColumnOption::Null => column.not_null = false,
                ColumnOption::NotNull => column.not_null = true,
                ColumnOption::Default(expr) => {
                    column.default = default_expression(expr, Some(&column.ty));
                }
                ColumnOption::Generated {
                    generated_as,
                    generation_expr,
                    ..
                } => match generation_expr {
                    Some(expr) => column.generated = Some(expr.to_string()),
                    None => {
                        column.identity = Some(match generated_as {
                            ast::GeneratedAs::ByDefault => Identity::ByDefault,
                            _ => Identity::Always,
                        });
                        column.not_null = true;
                    }
                },
                ColumnOption::Comment(text) => column.comment = Some(text.clone()),
                ColumnOption::Collation(_) => {}
                ColumnOption::PrimaryKey(pk) => {
                    let mut pk = pk.clone();
                    pk.columns = vec![def.name.clone().into()];
                    constraints.push(TableConstraint::PrimaryKey(pk));
                }
                ColumnOption::Unique(u) => {
                    let mut u = u.clone();
                    u.columns = vec![def.name.clone().into()];
                    constraints.push(TableConstraint::Unique(u));
                }
                ColumnOption::ForeignKey(fk) => {
                    let mut fk = fk.clone();
                    fk.columns = vec![def.name.clone()];
                    constraints.push(TableConstraint::ForeignKey(fk));
                }
                ColumnOption::Check(check) => {
                    constraints.push(TableConstraint::Check(check.clone()));
                }
                other => {
                    return Err(Diagnostic::error(format!(
                        "schemagen does not understand the column option `{other}`"
                    ))
                    .with_span(self.span(def.name.span))
                    .with_hint("remove the option if PostgreSQL does not need it, or report it"));
                }
            }
            // A named column constraint keeps its name.
            if let (Some(constraint_name), Some(last)) = (&option.name, constraints.last_mut()) {
                set_constraint_name(last, constraint_name.clone());
            }
        }
        if let Some(expr) = &column.generated {
            // A generation expression may not read another generated column.
            let columns = &schema.tables[table].columns;
            let generated: Vec<String> = columns
                .iter()
                .filter(|c| c.generated.is_some())
                .map(|c| c.name.clone())
                .collect();
            if let Some(other) = columns_read(expr, &generated).first() {
                return Err(Diagnostic::error(format!(
                    "cannot use generated column `{other}` in column generation expression"
                ))
                .with_span(self.span(def.name.span))
                .with_hint("compute it from the columns the other generated column reads"));
            }
            // PostgreSQL keeps the generation expression where defaults live, so
            // `atthasdef` is true for a generated column.
            column.default = column.generated.clone();
        }
        if column.identity.is_some() {
            let named = self.next_identity_sequence_name();
            sequences::add_identity_sequence(schema, table, &name, named);
        }
        let columns = &mut schema
            .tables
            .get_mut(table)
            .expect("caller checked the table exists")
            .columns;
        match merged {
            Some((_, inherited)) if inherited.ty != column.ty => {
                return Err(Diagnostic::error(format!(
                    "column `{name}` has a type conflict: {} versus {}",
                    inherited.ty, column.ty
                ))
                .with_span(self.span(def.name.span))
                .with_hint("declare the column with the type its parent gives it"));
            }
            Some((position, inherited)) => {
                column.not_null |= inherited.not_null;
                if column.default.is_none() {
                    column.default = inherited.default;
                }
                columns.insert(position, column);
            }
            None => columns.push(column),
        }
        Ok(constraints)
    }

    /// Names already used by constraints and relations in `schema_name`: a new
    /// constraint's generated name must avoid them, as PostgreSQL's does.
    pub(super) fn name_taken(schema: &Schema, schema_name: &str, candidate: &str) -> bool {
        let name = QualifiedName::new(schema_name, candidate);
        schema.tables.contains_key(&name)
            || schema.indexes.contains_key(&name)
            || schema.views.contains_key(&name)
            || schema.composites.contains_key(&name)
            || schema.sequences.contains_key(&name)
            || relation::tables_in(schema, schema_name)
                .any(|t| t.constraints.iter().any(|c| c.name == candidate))
    }

    pub(super) fn add_constraint(
        &self,
        schema: &mut Schema,
        table_name: &QualifiedName,
        constraint: &TableConstraint,
    ) -> Result<(), Diagnostic> {
        let table = &schema.tables[table_name];
        let column_names =
            |idents: &mut dyn Iterator<Item = &Ident>| -> Result<Vec<String>, Diagnostic> {
                idents
                    .map(|ident| {
                        let name = ident_name(ident);
                        match table.column(&name) {
                            Some(_) => Ok(name),
                            None => Err(Diagnostic::error(format!(
                                "column `{name}` of table `{table_name}` does not exist"
                            ))
                            .with_span(self.span(ident.span))
                            .with_hint("name a column of the table, or add the column first")),
                        }
                    })
                    .collect()
            };
        let index_idents = |cols: &[ast::IndexColumn]| -> Result<Vec<Ident>, Diagnostic> {
            cols.iter()
                .map(|c| match &c.column.expr {
                    ast::Expr::Identifier(i) => Ok(i.clone()),
                    other => Err(Diagnostic::error(format!(
                        "a key column must be a column name, not `{other}`"
                    ))
                    .with_span(self.statement.whole())
                    .with_hint("use a unique index for keys over expressions")),
                })
                .collect()
        };
        let (explicit_name, kind, label) = match constraint {
            TableConstraint::PrimaryKey(pk) => {
                if table.primary_key().is_some() {
                    return Err(Diagnostic::error(format!(
                        "multiple primary keys for table `{table_name}` are not allowed"
                    ))
                    .with_span(self.statement.whole())
                    .with_hint("a table has one primary key; make this one a UNIQUE constraint"));
                }
                let columns = column_names(&mut index_idents(&pk.columns)?.iter())?;
                (
                    pk.name.clone(),
                    ConstraintKind::PrimaryKey { columns },
                    "pkey",
                )
            }
            TableConstraint::Unique(u) => {
                let columns = column_names(&mut index_idents(&u.columns)?.iter())?;
                (u.name.clone(), ConstraintKind::Unique { columns }, "key")
            }
            TableConstraint::ForeignKey(fk) => {
                let columns = column_names(&mut fk.columns.iter())?;
                let fk_model = self.foreign_key(schema, columns, fk)?;
                (
                    fk.name.clone(),
                    ConstraintKind::ForeignKey(fk_model),
                    "fkey",
                )
            }
            TableConstraint::Check(check) => {
                let expr = check.expr.to_string();
                let all: Vec<String> = table.columns.iter().map(|c| c.name.clone()).collect();
                let columns = columns_read(&expr, &all);
                let set = value_set(&check.expr).filter(|s| columns == [s.column.clone()]);
                (
                    check.name.clone(),
                    ConstraintKind::Check(Check {
                        expr,
                        columns,
                        value_set: set,
                    }),
                    "check",
                )
            }
            TableConstraint::Exclude(exclude) => {
                let mut columns = Vec::new();
                for element in &exclude.elements {
                    if let ast::Expr::Identifier(ident) = &element.column.column.expr {
                        columns.extend(column_names(&mut std::iter::once(ident))?);
                    }
                }
                (
                    exclude.name.clone(),
                    ConstraintKind::Exclude { columns },
                    "excl",
                )
            }
            TableConstraint::PrimaryKeyUsingIndex(c) | TableConstraint::UniqueUsingIndex(c) => {
                // The index becomes the constraint's own, and takes its name.
                let index_name =
                    QualifiedName::new(table_name.schema.clone(), ident_name(&c.index_name));
                let Some(index) = schema
                    .indexes
                    .get(&index_name)
                    .filter(|i| i.table == *table_name)
                else {
                    return Err(Diagnostic::error(format!(
                        "index `{index_name}` does not exist on table `{table_name}`"
                    ))
                    .with_span(self.span(c.index_name.span))
                    .with_hint("create the unique index on this table first"));
                };
                if !index.unique {
                    return Err(
                        Diagnostic::error(format!("`{index_name}` is not a unique index"))
                            .with_span(self.span(c.index_name.span))
                            .with_hint("create the index with `CREATE UNIQUE INDEX`"),
                    );
                }
                let columns = index.columns.clone();
                let primary = matches!(constraint, TableConstraint::PrimaryKeyUsingIndex(_));
                if primary && table.primary_key().is_some() {
                    return Err(Diagnostic::error(format!(
                        "multiple primary keys for table `{table_name}` are not allowed"
                    ))
                    .with_span(self.statement.whole())
                    .with_hint("a table has one primary key; make this one a UNIQUE constraint"));
                }
                schema.indexes.remove(&index_name);
                let kind = if primary {
                    ConstraintKind::PrimaryKey { columns }
                } else {
                    ConstraintKind::Unique { columns }
                };
                (
                    Some(c.name.clone().unwrap_or_else(|| c.index_name.clone())),
                    kind,
                    "key",
                )
            }
            other => {
                return Err(Diagnostic::error(format!(
                    "schemagen does not model the constraint `{other}` yet"
                ))
                .with_span(self.statement.whole())
                .with_hint("schemagen stops rather than leave a constraint out"));
            }
        };
        let name = match explicit_name {
            Some(ident) => {
                let name = ident_name(&ident);
                if schema.tables[table_name]
                    .constraints
                    .iter()
                    .any(|c| c.name == name)
                {
                    return Err(Diagnostic::duplicate(format!(
                        "constraint `{name}` for table `{table_name}` already exists"
                    ))
                    .with_span(self.span(ident.span))
                    .with_hint("give the constraint another name"));
                }
                // A key constraint's index has its name, among the schema's relations.
                if relation::owns_index(&kind) {
                    let index = QualifiedName::new(table_name.schema.clone(), name.clone());
                    self.relation_name_is_free(schema, &index, false, self.span(ident.span))?;
                }
                name
            }
            None => {
                let columns = kind.columns();
                // PostgreSQL names keys and foreign keys after all their columns, and a
                // check after its column only when it reads exactly one.
                let middle = match &kind {
                    ConstraintKind::PrimaryKey { .. } => None,
                    ConstraintKind::Check(_) if columns.len() != 1 => None,
                    _ => Some(columns.join("_")),
                };
                choose_name(&table_name.name, middle.as_deref(), label, |candidate| {
                    Self::name_taken(schema, &table_name.schema, candidate)
                })
            }
        };
        let table = schema
            .tables
            .get_mut(table_name)
            .expect("the table was looked up above");
        if let ConstraintKind::PrimaryKey { columns } = &kind {
            for column in columns {
                if let Some(c) = table.column_mut(column) {
                    c.not_null = true;
                }
            }
        }
        table.constraints.push(Constraint { name, kind });
        Ok(())
    }

    pub(super) fn foreign_key(
        &self,
        schema: &Schema,
        columns: Vec<String>,
        fk: &ast::ForeignKeyConstraint,
    ) -> Result<ForeignKey, Diagnostic> {
        let ref_name = self.resolve(&fk.foreign_table, |q| schema.tables.contains_key(q))?;
        let Some(referenced) = schema.tables.get(&ref_name) else {
            return Err(self.no_table(&ref_name, &fk.foreign_table));
        };
        let ref_columns: Vec<String> = if fk.referred_columns.is_empty() {
            match referenced.primary_key() {
                Some(pk) => pk.to_vec(),
                None => {
                    return Err(Diagnostic::error(format!(
                        "there is no primary key for referenced table `{ref_name}`"
                    ))
                    .with_span(self.name_span(&fk.foreign_table))
                    .with_hint("name the referenced columns: `REFERENCES table (column)`"));
                }
            }
        } else {
            let mut names = Vec::new();
            for ident in &fk.referred_columns {
                let name = ident_name(ident);
                if referenced.column(&name).is_none() {
                    return Err(Diagnostic::error(format!(
                        "column `{name}` referenced in foreign key constraint does not exist"
                    ))
                    .with_span(self.span(ident.span))
                    .with_hint(format!("name a column of `{ref_name}`")));
                }
                names.push(name);
            }
            names
        };
        if ref_columns.len() != columns.len() {
            return Err(Diagnostic::error(
                "number of referencing and referenced columns for foreign key disagree",
            )
            .with_span(self.name_span(&fk.foreign_table))
            .with_hint("list as many referenced columns as referencing ones"));
        }
        let mut sorted = ref_columns.clone();
        sorted.sort();
        let is_key = referenced.constraints.iter().any(|c| {
            matches!(
                c.kind,
                ConstraintKind::PrimaryKey { .. } | ConstraintKind::Unique { .. }
            ) && {
                let mut cols = c.kind.columns().to_vec();
                cols.sort();
                cols == sorted
            }
        }) || schema.indexes.values().any(|i| {
            i.unique && i.table == ref_name && {
                let mut cols = i.columns.clone();
                cols.sort();
                cols == sorted
            }
        });
        if !is_key {
            return Err(Diagnostic::error(format!(
                "there is no unique constraint matching given keys for referenced table `{ref_name}`"
            ))
            .with_span(self.name_span(&fk.foreign_table))
            .with_hint(format!(
                "reference the primary key, or add `UNIQUE ({})` to `{ref_name}` first",
                ref_columns.join(", ")
            )));
        }
        let action = |a: &Option<ast::ReferentialAction>| match a {
            None | Some(ast::ReferentialAction::NoAction) => ReferentialAction::NoAction,
            Some(ast::ReferentialAction::Restrict) => ReferentialAction::Restrict,
            Some(ast::ReferentialAction::Cascade) => ReferentialAction::Cascade,
            Some(ast::ReferentialAction::SetNull) => ReferentialAction::SetNull,
            Some(ast::ReferentialAction::SetDefault) => ReferentialAction::SetDefault,
        };
        Ok(ForeignKey {
            columns,
            ref_table: ref_name,
            ref_columns,
            on_delete: action(&fk.on_delete),
            on_update: action(&fk.on_update),
        })
    }

    pub(super) fn create_index(
        &self,
        schema: &mut Schema,
        ci: &ast::CreateIndex,
    ) -> Result<(), Diagnostic> {
        // A table's, or a materialized view's.
        let materialized = |q: &QualifiedName| schema.views.get(q).is_some_and(|v| v.materialized);
        let table_name = self.resolve(&ci.table_name, |q| {
            schema.tables.contains_key(q) || materialized(q)
        })?;
        let all: Vec<String> = match (
            schema.tables.get(&table_name),
            schema.views.get(&table_name),
        ) {
            (Some(table), _) => table.columns.iter().map(|c| c.name.clone()).collect(),
            (None, Some(view)) if view.materialized => view.columns.clone(),
            _ => return Err(self.no_table(&table_name, &ci.table_name)),
        };
        let mut columns = Vec::new();
        let mut reads = Vec::new();
        // The words PostgreSQL names an unnamed index after: each key column's name, a
        // function's name, or `expr` (`FigureIndexColname`), then the INCLUDE columns.
        let mut name_parts = Vec::new();
        for c in &ci.columns {
            if let ast::Expr::Identifier(ident) = &c.column.expr {
                let name = ident_name(ident);
                if !all.contains(&name) {
                    return Err(self.no_column(&table_name, &name, ident.span));
                }
                columns.push(name.clone());
                reads.push(name);
            } else {
                reads.extend(columns_read(&c.column.expr.to_string(), &all));
            }
            name_parts.push(crate::check::figure_index_colname(&c.column.expr));
        }
        for ident in &ci.include {
            let name = ident_name(ident);
            if !all.contains(&name) {
                return Err(self.no_column(&table_name, &name, ident.span));
            }
            name_parts.push(name.clone());
            reads.push(name);
        }
        if let Some(predicate) = &ci.predicate {
            reads.extend(columns_read(&predicate.to_string(), &all));
        }
        let mut seen = std::collections::BTreeSet::new();
        reads.retain(|c| seen.insert(c.clone()));
        let index_name = match &ci.name {
            Some(n) => QualifiedName::new(table_name.schema.clone(), self.qualified(n)?.name),
            None => {
                let name = choose_name(
                    &table_name.name,
                    Some(&name_parts.join("_")),
                    "idx",
                    |candidate| Self::name_taken(schema, &table_name.schema, candidate),
                );
                QualifiedName::new(table_name.schema.clone(), name)
            }
        };
        // A name chosen above is free already.
        let taken = ci
            .name
            .as_ref()
            .and_then(|_| relation::relation(schema, &index_name));
        if let Some(other) = taken {
            if ci.if_not_exists {
                return Ok(());
            }
            return Err(
                Diagnostic::duplicate(format!("relation `{index_name}` already exists"))
                    .with_span(
                        ci.name
                            .as_ref()
                            .map_or_else(|| self.statement.whole(), |n| self.name_span(n)),
                    )
                    .with_label(format!("`{index_name}` is {}", other.describe()))
                    .with_hint("write `CREATE INDEX IF NOT EXISTS`, or pick another name"),
            );
        }
        // A partial or expression index cannot back a foreign key.
        let plain = ci.predicate.is_none() && columns.len() == ci.columns.len();
        schema.indexes.insert(
            index_name.clone(),
            Index {
                name: index_name.clone(),
                table: table_name,
                columns,
                reads,
                unique: ci.unique && plain,
                name_columns: name_parts,
                parent: None,
            },
        );
        // A partitioned table's partitions get a copy each, as PostgreSQL makes them,
        // unless `ON ONLY` leaves them to `ALTER INDEX ... ATTACH PARTITION`.
        if !self.on_only() {
            relation::clone_indexes_to_partitions(schema, &index_name);
        }
        Ok(())
    }

    /// Whether this `CREATE INDEX` says `ON ONLY table` (which the parse stage blanks
    /// out for sqlparser, so it is read from the statement's words).
    fn on_only(&self) -> bool {
        let text = self.statement.text();
        crate::source::split::tokens(text).is_ok_and(|tokens| {
            tokens.windows(2).any(|w| {
                text[w[0].clone()].eq_ignore_ascii_case("ON")
                    && text[w[1].clone()].eq_ignore_ascii_case("ONLY")
            })
        })
    }
}

/// The default PostgreSQL stores for a column of type `ty`. A bare `NULL` (or
/// `NULL::type`) becomes a null constant, which PostgreSQL does not keep, since it is
/// what a column without a default does; but coercing it to a type with a length or
/// precision (`varchar(255)`), or to a domain, wraps it in a function call, which it
/// keeps.
pub(super) fn default_expression(expr: &ast::Expr, ty: Option<&SqlType>) -> Option<String> {
    let mut inner = expr;
    loop {
        match inner {
            ast::Expr::Nested(e) => inner = e,
            ast::Expr::Cast { expr: e, .. } => inner = e,
            ast::Expr::Value(v) if v.value == ast::Value::Null => {
                return ty
                    .filter(|t| coerces_with_a_call(t))
                    .map(|_| expr.to_string());
            }
            _ => return Some(expr.to_string()),
        }
    }
}

/// Whether a value coerced to `ty` goes through a function (a length or precision
/// check, a domain's checks) rather than staying a constant.
fn coerces_with_a_call(ty: &SqlType) -> bool {
    use crate::model::BaseType as B;
    match &ty.base {
        B::Varchar(n) | B::VarBit(n) => n.is_some(),
        B::Interval { fields, precision } => fields.is_some() || precision.is_some(),
        B::Char(_) | B::Bit(_) | B::Domain(_) => true,
        B::Numeric(p) => p.is_some(),
        B::Time { precision, .. } | B::Timestamp { precision, .. } => precision.is_some(),
        B::Extension { modifiers, .. } => !modifiers.is_empty(),
        _ => false,
    }
}

/// Whether the key at `index` repeats the columns of another key of the same
/// statement, which PostgreSQL drops (keeping the primary key, else the first).
fn duplicates_a_key(all: &[TableConstraint], index: usize, constraint: &TableConstraint) -> bool {
    let columns = |c: &TableConstraint| -> Option<Vec<String>> {
        let cols = match c {
            TableConstraint::PrimaryKey(pk) => &pk.columns,
            TableConstraint::Unique(u) => &u.columns,
            _ => return None,
        };
        Some(
            cols.iter()
                .map(|c| c.column.expr.to_string().to_lowercase())
                .collect(),
        )
    };
    let Some(mine) = columns(constraint) else {
        return false;
    };
    let is_primary = matches!(constraint, TableConstraint::PrimaryKey(_));
    all.iter().enumerate().any(|(j, other)| {
        j != index
            && columns(other).as_ref() == Some(&mine)
            && match other {
                TableConstraint::PrimaryKey(_) => !is_primary,
                _ => !is_primary && j < index,
            }
    })
}

pub(super) fn set_constraint_name(constraint: &mut TableConstraint, name: Ident) {
    match constraint {
        TableConstraint::PrimaryKey(c) => c.name = Some(name),
        TableConstraint::Unique(c) => c.name = Some(name),
        TableConstraint::ForeignKey(c) => c.name = Some(name),
        TableConstraint::Check(c) => c.name = Some(name),
        _ => {}
    }
}

/// The constraints a new partition gets from its parent: checks and foreign keys under
/// the parent's names, keys under names of its own (`<partition>_pkey`), as PostgreSQL
/// clones them. They matter once the partition is detached and listed as a table.
fn partition_constraints(parent: &Table, partition: &str) -> Vec<Constraint> {
    parent
        .constraints
        .iter()
        .map(|c| {
            let name = match &c.kind {
                ConstraintKind::PrimaryKey { .. } => make_object_name(partition, None, "pkey"),
                ConstraintKind::Unique { columns } => {
                    make_object_name(partition, Some(&columns.join("_")), "key")
                }
                _ => c.name.clone(),
            };
            Constraint {
                name,
                kind: c.kind.clone(),
            }
        })
        .collect()
}
