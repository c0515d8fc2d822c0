//! `ALTER TYPE ... ADD / DROP / ALTER / RENAME ATTRIBUTE`: a composite type's attributes,
//! which its Rust struct's fields follow.

use super::*;
use crate::parse::extra::AttributeAction;

impl Cx<'_> {
    pub(super) fn alter_attributes(
        &self,
        schema: &mut Schema,
        object: &ObjectName,
        actions: &[AttributeAction],
    ) -> Result<(), Diagnostic> {
        let name = self.resolve(object, |q| schema.composites.contains_key(q))?;
        let Some(mut composite) = schema.composites.get(&name).cloned() else {
            return Err(
                Diagnostic::error(format!("composite type `{name}` does not exist"))
                    .with_span(self.name_span(object))
                    .with_hint("create it with `CREATE TYPE ... AS (...)` in an earlier migration"),
            );
        };
        let position = |attributes: &[(String, SqlType)], ident: &Ident| {
            let wanted = ident_name(ident);
            attributes.iter().position(|(n, _)| *n == wanted)
        };
        let missing = |ident: &Ident| {
            Diagnostic::error(format!(
                "attribute `{}` of type `{name}` does not exist",
                ident_name(ident)
            ))
            .with_span(self.span(ident.span))
            .with_hint("name one of the type's attributes")
        };
        let taken = |ident: &Ident| {
            Diagnostic::duplicate(format!(
                "attribute `{}` of type `{name}` already exists",
                ident_name(ident)
            ))
            .with_span(self.span(ident.span))
            .with_hint("pick a name the type's attributes do not use")
        };
        for action in actions {
            let attributes = &mut composite.attributes;
            match action {
                AttributeAction::Add(ident, data_type) => {
                    if position(attributes, ident).is_some() {
                        return Err(taken(ident));
                    }
                    let ty = self.attribute_type(schema, data_type, ident)?;
                    attributes.push((ident_name(ident), ty));
                }
                AttributeAction::Drop { name, if_exists } => match position(attributes, name) {
                    Some(i) => {
                        attributes.remove(i);
                    }
                    None if *if_exists => {}
                    None => return Err(missing(name)),
                },
                AttributeAction::SetType(ident, data_type) => {
                    let Some(i) = position(attributes, ident) else {
                        return Err(missing(ident));
                    };
                    attributes[i].1 = self.attribute_type(schema, data_type, ident)?;
                }
                AttributeAction::Rename(old, new) => {
                    let Some(i) = position(attributes, old) else {
                        return Err(missing(old));
                    };
                    if position(attributes, new).is_some() {
                        return Err(taken(new));
                    }
                    attributes[i].0 = ident_name(new);
                }
            }
        }
        schema.composites.insert(name, composite);
        Ok(())
    }

    fn attribute_type(
        &self,
        schema: &Schema,
        data_type: &DataType,
        ident: &Ident,
    ) -> Result<SqlType, Diagnostic> {
        let (ty, serial) = self.sql_type(schema, data_type, ident)?;
        if serial {
            return Err(self.unknown_type(schema, data_type, None, ident));
        }
        Ok(ty)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn attributes_follow_every_action() {
        let loaded = crate::load_inline(&[(
            "0001_a.sql",
            "CREATE TYPE c AS (a int, b text, gone int);\n\
             ALTER TYPE c RENAME ATTRIBUTE a TO aa;\n\
             ALTER TYPE c ADD ATTRIBUTE d boolean, DROP ATTRIBUTE gone CASCADE, ALTER ATTRIBUTE b SET DATA TYPE varchar(5);\n\
             ALTER TYPE c DROP ATTRIBUTE IF EXISTS nope;\n\
             ALTER TYPE c OWNER TO someone;",
        )])
        .unwrap();
        let c = &loaded.schema.composites[&crate::model::QualifiedName::new("public", "c")];
        let attributes: Vec<String> = c
            .attributes
            .iter()
            .map(|(n, t)| format!("{n} {t}"))
            .collect();
        assert_eq!(
            attributes,
            ["aa integer", "b character varying(5)", "d boolean"]
        );
        let e = crate::load_inline(&[(
            "0001_a.sql",
            "CREATE TYPE c AS (a int);\nALTER TYPE c RENAME ATTRIBUTE nope TO b;",
        )])
        .unwrap_err();
        let first = e.errors().next().unwrap().message.clone();
        assert_eq!(first, "attribute `nope` of type `c` does not exist");
    }

    #[test]
    fn a_type_an_attribute_or_range_uses_is_dropped_only_with_cascade() {
        for (sql, user) in [
            (
                "CREATE TYPE e AS ENUM ('a');\nCREATE TYPE c AS (x e);\nDROP TYPE e;",
                "attribute `x` of type `c`",
            ),
            (
                "CREATE DOMAIN d AS int;\nCREATE TYPE r AS RANGE (SUBTYPE = d);\nDROP DOMAIN d;",
                "range type `r`",
            ),
        ] {
            let e = crate::load_inline(&[("0001_a.sql", sql)]).unwrap_err();
            let first = e.errors().next().unwrap().message.clone();
            assert!(first.ends_with(user), "{first}");
        }
    }
}
