//! Sequences: `CREATE / ALTER / DROP SEQUENCE`, and the ones serial and identity columns
//! own. The model keeps them for two things PostgreSQL does with them: their names take
//! places in the relation namespace (an index or table cannot reuse one, a generated
//! name avoids one), and dropping one with CASCADE drops the column defaults that call
//! `nextval` on it.
//!
//! A sequence the model does not know (one made where the model cannot see, such as
//! dynamic SQL) is not an error in `ALTER SEQUENCE` or `DROP SEQUENCE`: nothing the
//! model generates depends on it, so the model stops checking it rather than refuse a
//! history PostgreSQL applied.

use super::*;
use crate::model::{Sequence, quote};
use crate::parse::extra::SequenceAction;

impl Cx<'_> {
    pub(super) fn create_sequence(
        &self,
        schema: &mut Schema,
        object: &ObjectName,
        if_not_exists: bool,
        owned_by: Option<&ObjectName>,
    ) -> Result<(), Diagnostic> {
        let name = self.creation_name(schema, object)?;
        if relation::relation(schema, &name).is_some() {
            if if_not_exists {
                return Ok(());
            }
            self.relation_name_is_free(schema, &name, false, self.name_span(object))?;
        }
        let owned_by = match owned_by {
            Some(column) => Some(self.owning_column(schema, column)?),
            None => None,
        };
        schema.sequences.insert(
            name.clone(),
            Sequence {
                name,
                owned_by,
                identity: false,
            },
        );
        Ok(())
    }

    /// The `table.column` of `OWNED BY`, which must exist.
    fn owning_column(
        &self,
        schema: &Schema,
        column: &ObjectName,
    ) -> Result<(QualifiedName, String), Diagnostic> {
        let mut parts = column.0.clone();
        let column_part = parts.pop();
        let Some(ObjectNamePart::Identifier(column_ident)) = column_part else {
            return Err(Diagnostic::error("`OWNED BY` needs `table.column`")
                .with_span(self.name_span(column))
                .with_hint("write `OWNED BY table.column`, or `OWNED BY NONE`"));
        };
        let table_object = ObjectName(parts);
        if table_object.0.is_empty() {
            return Err(Diagnostic::error("`OWNED BY` needs `table.column`")
                .with_span(self.name_span(column))
                .with_hint("write `OWNED BY table.column`, or `OWNED BY NONE`"));
        }
        let table = self.resolve(&table_object, |q| schema.tables.contains_key(q))?;
        let Some(t) = schema.tables.get(&table) else {
            return Err(self.no_table(&table, &table_object));
        };
        let column_name = ident_name(&column_ident);
        if t.column(&column_name).is_none() {
            return Err(self.no_column(&table, &column_name, column_ident.span));
        }
        Ok((table, column_name))
    }

    pub(super) fn alter_sequence(
        &self,
        schema: &mut Schema,
        object: &ObjectName,
        action: &SequenceAction,
    ) -> Result<(), Diagnostic> {
        let name = self.resolve(object, |q| schema.sequences.contains_key(q))?;
        if !schema.sequences.contains_key(&name) {
            return Ok(());
        }
        match action {
            SequenceAction::RenameTo(new) => {
                self.rename_relation(schema, object, new)?;
            }
            SequenceAction::SetSchema(new_schema) => {
                self.move_sequence_to(schema, &name, new_schema)?;
            }
            SequenceAction::OwnedBy(column) => {
                let owned_by = match column {
                    Some(column) => Some(self.owning_column(schema, column)?),
                    None => None,
                };
                if let Some(sequence) = schema.sequences.get_mut(&name) {
                    sequence.owned_by = owned_by;
                }
            }
            SequenceAction::Other => {}
        }
        Ok(())
    }

    /// `ALTER SEQUENCE / ALTER TABLE ... SET SCHEMA` of a sequence. A sequence a column
    /// owns moves only with its table, as in PostgreSQL.
    pub(super) fn move_sequence_to(
        &self,
        schema: &mut Schema,
        name: &QualifiedName,
        new_schema: &Ident,
    ) -> Result<(), Diagnostic> {
        let moved = QualifiedName::new(ident_name(new_schema), name.name.clone());
        if !schema.schemas.contains(&moved.schema) {
            return Err(
                Diagnostic::error(format!("schema `{}` does not exist", moved.schema))
                    .with_span(self.span(new_schema.span))
                    .with_hint("create the schema first"),
            );
        }
        if let Some((table, _)) = schema.sequences.get(name).and_then(|s| s.owned_by.clone())
            && moved.schema != name.schema
        {
            return Err(Diagnostic::error(format!(
                "cannot move an owned sequence into another schema: `{name}` is linked to table `{table}`"
            ))
            .with_span(self.span(new_schema.span))
            .with_hint("move the table instead (`ALTER TABLE ... SET SCHEMA`): its sequences go with it"));
        }
        if moved != *name {
            self.relation_name_is_free(schema, &moved, false, self.span(new_schema.span))?;
            move_sequence(schema, name, moved);
        }
        Ok(())
    }

    /// `DROP SEQUENCE`: refused while a column default calls it, unless CASCADE drops
    /// those defaults; an identity column's sequence goes only with its identity.
    pub(super) fn drop_sequence(
        &self,
        schema: &mut Schema,
        object: &ObjectName,
        cascade: bool,
    ) -> Result<(), Diagnostic> {
        let name = self.resolve(object, |q| schema.sequences.contains_key(q))?;
        let Some(sequence) = schema.sequences.get(&name) else {
            return Ok(());
        };
        if let (true, Some((table, column))) = (sequence.identity, &sequence.owned_by) {
            return Err(Diagnostic::error(format!(
                "cannot drop sequence `{name}` because column `{column}` of table `{table}` requires it"
            ))
            .with_span(self.name_span(object))
            .with_hint(format!(
                "drop the identity instead: `ALTER TABLE {} ALTER COLUMN {} DROP IDENTITY`",
                table.format_type(),
                crate::model::quote::quote_identifier(column)
            )));
        }
        let users = defaults_calling(schema, &name);
        if !users.is_empty() && !cascade {
            let names: Vec<String> = users
                .iter()
                .map(|(t, c)| format!("default value for column `{c}` of table `{t}`"))
                .collect();
            return Err(Diagnostic::error(format!(
                "cannot drop sequence `{name}` because other objects depend on it: {}",
                names.join(", ")
            ))
            .with_span(self.name_span(object))
            .with_hint(
                "drop the defaults first (`ALTER TABLE ... ALTER COLUMN ... DROP DEFAULT`), or add CASCADE",
            ));
        }
        drop_sequence_cascade(schema, &name);
        Ok(())
    }
}

/// Drops a sequence and the column defaults that call it.
pub(super) fn drop_sequence_cascade(schema: &mut Schema, name: &QualifiedName) {
    for (table, column) in defaults_calling(schema, name) {
        if let Some(c) = schema
            .tables
            .get_mut(&table)
            .and_then(|t| t.column_mut(&column))
        {
            c.default = None;
        }
    }
    schema.sequences.remove(name);
}

/// For each `AS IDENTITY` of a statement, in order, the sequence its options name
/// (`AS IDENTITY (SEQUENCE NAME s ...)`, as `pg_dump` always writes them); an unqualified
/// name has an empty schema, which is the table's (PostgreSQL's `generateSerialSequence`).
pub(super) fn identity_sequence_names(text: &str) -> Vec<Option<QualifiedName>> {
    let Ok(toks) = crate::source::split::tokens(text) else {
        return Vec::new();
    };
    let word = |i: usize| toks.get(i).map_or("", |r| &text[r.clone()]);
    let is = |i: usize, k: &str| word(i).eq_ignore_ascii_case(k);
    let name = |token: &str| match token.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        Some(quoted) => quoted.replace("\"\"", "\""),
        None => token.to_lowercase(),
    };
    let mut out = Vec::new();
    for i in 0..toks.len() {
        if !(is(i, "AS") && is(i + 1, "IDENTITY")) {
            continue;
        }
        let mut found = None;
        if word(i + 2) == "(" {
            let mut j = i + 3;
            while j < toks.len() && word(j) != ")" {
                if is(j, "SEQUENCE") && is(j + 1, "NAME") {
                    let first = name(word(j + 2));
                    found = Some(if word(j + 3) == "." {
                        QualifiedName::new(first, name(word(j + 4)))
                    } else {
                        QualifiedName::new(String::new(), first)
                    });
                    break;
                }
                j += 1;
            }
        }
        out.push(found);
    }
    out
}

/// An identity column's sequence: named as its options say, or as PostgreSQL chooses.
pub(super) fn add_identity_sequence(
    schema: &mut Schema,
    table: &QualifiedName,
    column: &str,
    named: Option<QualifiedName>,
) {
    match named {
        Some(mut name) => {
            if name.schema.is_empty() {
                name.schema = table.schema.clone();
            }
            schema.sequences.insert(
                name.clone(),
                Sequence {
                    name,
                    owned_by: Some((table.clone(), column.to_string())),
                    identity: true,
                },
            );
        }
        None => {
            add_owned_sequence(schema, table, column, true);
        }
    }
}

/// The sequence a serial or identity column gets, named as PostgreSQL names it
/// (`<table>_<column>_seq`, made unique in the schema). Returns its name.
pub(super) fn add_owned_sequence(
    schema: &mut Schema,
    table: &QualifiedName,
    column: &str,
    identity: bool,
) -> QualifiedName {
    let name = choose_name(&table.name, Some(column), "seq", |candidate| {
        Cx::name_taken(schema, &table.schema, candidate)
    });
    let name = QualifiedName::new(table.schema.clone(), name);
    schema.sequences.insert(
        name.clone(),
        Sequence {
            name: name.clone(),
            owned_by: Some((table.clone(), column.to_string())),
            identity,
        },
    );
    name
}

/// Drops the sequences owned by `table` (by `column` of it, when given), as dropping
/// the table or column does.
pub(super) fn drop_owned_sequences(
    schema: &mut Schema,
    table: &QualifiedName,
    column: Option<&str>,
) {
    schema.sequences.retain(|_, s| match &s.owned_by {
        Some((t, c)) => !(t == table && column.is_none_or(|column| column == c)),
        None => true,
    });
}

/// Drops the identity sequence of a column (`DROP IDENTITY`).
pub(super) fn drop_identity_sequence(schema: &mut Schema, table: &QualifiedName, column: &str) {
    schema.sequences.retain(|_, s| {
        !(s.identity && s.owned_by.as_ref() == Some(&(table.clone(), column.to_string())))
    });
}

/// Points the sequences a table's columns own at its new name (a rename, a move).
pub(super) fn follow_owner_table(schema: &mut Schema, old: &QualifiedName, new: &QualifiedName) {
    for sequence in schema.sequences.values_mut() {
        if let Some((table, _)) = &mut sequence.owned_by
            && table == old
        {
            *table = new.clone();
        }
    }
}

/// Points the sequences a column owns at its new name.
pub(super) fn follow_owner_column(
    schema: &mut Schema,
    table: &QualifiedName,
    old: &str,
    new: &str,
) {
    for sequence in schema.sequences.values_mut() {
        if let Some((t, c)) = &mut sequence.owned_by
            && t == table
            && c == old
        {
            *c = new.to_string();
        }
    }
}

/// Renames or moves a sequence. The defaults that call it follow (PostgreSQL keeps the
/// sequence itself in them, and prints its current name).
pub(super) fn move_sequence(schema: &mut Schema, old: &QualifiedName, new: QualifiedName) {
    let Some(mut sequence) = schema.sequences.remove(old) else {
        return;
    };
    for (table, column) in defaults_calling(schema, old) {
        let qualified = if new.schema == table.schema || new.schema == "public" {
            quote::quote_identifier(&new.name).into_owned()
        } else {
            format!(
                "{}.{}",
                quote::quote_identifier(&new.schema),
                quote::quote_identifier(&new.name)
            )
        };
        if let Some(c) = schema
            .tables
            .get_mut(&table)
            .and_then(|t| t.column_mut(&column))
            && let Some(default) = &c.default
        {
            c.default = Some(retarget_nextval(default, &qualified.replace('\'', "''")));
        }
    }
    sequence.name = new.clone();
    schema.sequences.insert(new, sequence);
}

/// `default` with the string `nextval` reads replaced by `name`.
fn retarget_nextval(default: &str, name: &str) -> String {
    let lower = default.to_ascii_lowercase();
    let Some(start) = lower.find("nextval") else {
        return default.to_string();
    };
    let Some(open) = default[start..].find('\'').map(|i| start + i) else {
        return default.to_string();
    };
    // The closing quote: the first `'` not doubled.
    let bytes = default.as_bytes();
    let mut i = open + 1;
    while i < bytes.len() {
        if bytes[i] == b'\'' {
            if bytes.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return format!("{}'{name}'{}", &default[..open], &default[i + 1..]);
        }
        i += 1;
    }
    default.to_string()
}

/// The columns whose default calls `nextval` on `sequence`.
fn defaults_calling(schema: &Schema, sequence: &QualifiedName) -> Vec<(QualifiedName, String)> {
    schema
        .tables
        .values()
        .flat_map(|t| {
            t.columns.iter().filter_map(move |c| {
                let (written_schema, name) = nextval_target(c.default.as_deref()?)?;
                let same_schema = match written_schema {
                    Some(s) => s == sequence.schema,
                    None => sequence.schema == t.name.schema || sequence.schema == "public",
                };
                (same_schema && name == sequence.name).then(|| (t.name.clone(), c.name.clone()))
            })
        })
        .collect()
}

/// The sequence a default's `nextval('name'...)` names: its schema if written, and its
/// name, as PostgreSQL reads the string (unquoted parts folded to lower case).
fn nextval_target(default: &str) -> Option<(Option<String>, String)> {
    let lower = default.to_ascii_lowercase();
    let start = lower.find("nextval")?;
    let rest = default[start + "nextval".len()..].trim_start();
    let rest = rest.strip_prefix('(')?.trim_start();
    let rest = rest.strip_prefix('\'')?;
    // The string constant, `''` standing for a quote.
    let mut literal = String::new();
    let mut chars = rest.chars().peekable();
    loop {
        match chars.next()? {
            '\'' if chars.peek() == Some(&'\'') => {
                chars.next();
                literal.push('\'');
            }
            '\'' => break,
            c => literal.push(c),
        }
    }
    let mut parts = identifier_parts(&literal);
    let name = parts.pop()?;
    Some((parts.pop(), name))
}

/// Splits `a."B".c` into identifiers as PostgreSQL reads a regclass string.
fn identifier_parts(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut chars = text.trim().chars().peekable();
    loop {
        let mut part = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            while let Some(c) = chars.next() {
                match c {
                    '"' if chars.peek() == Some(&'"') => {
                        chars.next();
                        part.push('"');
                    }
                    '"' => break,
                    c => part.push(c),
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c == '.' {
                    break;
                }
                part.push(c.to_ascii_lowercase());
                chars.next();
            }
            part = part.trim().to_string();
        }
        parts.push(part);
        match chars.next() {
            Some('.') => continue,
            _ => return parts,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::nextval_target;

    #[test]
    fn nextval_names_the_sequence_as_postgresql_reads_it() {
        let target = |s: &str| nextval_target(s).map(|(s, n)| (s.unwrap_or_default(), n));
        assert_eq!(
            target("nextval('t_id_seq'::regclass)"),
            Some((String::new(), "t_id_seq".into()))
        );
        assert_eq!(
            target("NEXTVAL ( 'Billing.\"Inv''s_Seq\"' )"),
            Some(("billing".into(), "Inv's_Seq".into()))
        );
        assert_eq!(target("now()"), None);
        assert_eq!(
            super::retarget_nextval("nextval('a''b'::regclass) + 1", "\"New\""),
            "nextval('\"New\"'::regclass) + 1"
        );
    }

    fn error(sql: &str) -> Option<String> {
        match crate::load_inline(&[("0001_a.sql", sql)]) {
            Ok(_) => None,
            Err(e) => e.errors().next().map(|d| d.message.clone()),
        }
    }

    #[test]
    fn sequences_are_dropped_as_postgresql_drops_them() {
        assert_eq!(
            error("CREATE TABLE t (id serial);\nDROP SEQUENCE t_id_seq;").as_deref(),
            Some(
                "cannot drop sequence `t_id_seq` because other objects depend on it: \
                 default value for column `id` of table `t`"
            )
        );
        assert_eq!(
            error("CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY);\nDROP SEQUENCE t_id_seq;")
                .as_deref(),
            Some("cannot drop sequence `t_id_seq` because column `id` of table `t` requires it")
        );
        // A dropped column or table takes its sequences; CASCADE takes the defaults.
        assert_eq!(
            error(
                "CREATE TABLE t (id serial, n bigserial);\nALTER TABLE t DROP COLUMN n;\n\
                 CREATE INDEX t_n_seq ON t (id);\nDROP SEQUENCE t_id_seq CASCADE;\n\
                 CREATE INDEX t_id_seq ON t (id);\nDROP TABLE t;\nCREATE TABLE t_id_seq (a int);"
            ),
            None
        );
        let e = error(
            "CREATE SCHEMA s;\nCREATE TABLE t (id serial);\nALTER SEQUENCE t_id_seq SET SCHEMA s;",
        )
        .unwrap();
        assert!(
            e.starts_with("cannot move an owned sequence into another schema"),
            "{e}"
        );
        assert_eq!(
            error(
                "CREATE SCHEMA s;\nCREATE TABLE t (id serial);\nALTER SEQUENCE t_id_seq OWNED BY NONE;\nALTER SEQUENCE t_id_seq SET SCHEMA s;\nDROP SEQUENCE s.t_id_seq CASCADE;"
            ),
            None
        );
        // A sequence the model does not know is not checked.
        assert_eq!(
            error("ALTER SEQUENCE unseen RESTART WITH 5;\nDROP SEQUENCE unseen;"),
            None
        );
    }
}

#[cfg(test)]
mod identity_tests {
    use super::*;

    #[test]
    fn identity_sequence_names_are_read_in_order() {
        let names = identity_sequence_names(
            "CREATE TABLE t (a int GENERATED ALWAYS AS IDENTITY (START 1 SEQUENCE NAME s.\"A_seq\"), \
             b int GENERATED BY DEFAULT AS IDENTITY, \
             c int GENERATED BY DEFAULT AS IDENTITY (INCREMENT BY 2), \
             d int GENERATED ALWAYS AS IDENTITY (sequence name D_Seq CACHE 1))",
        );
        assert_eq!(
            names,
            [
                Some(QualifiedName::new("s".to_string(), "A_seq".to_string())),
                None,
                None,
                Some(QualifiedName::new(String::new(), "d_seq".to_string())),
            ]
        );
        assert!(identity_sequence_names("CREATE TABLE t (a int)").is_empty());
    }
}
