//! What sqlx cannot do with code that still compiles: warnings for the build, each at
//! the statement that made the object.
//!
//! sqlx 0.9 looks a named type up with `to_regtype(E'<name>')`, writing the name with
//! Rust's `escape_default`: a non-ASCII letter becomes `\u{e9}`, which PostgreSQL's
//! `E''` strings do not read, so every query that binds or reads a value of such a type
//! fails at run time with `TypeNotFound`. Nothing schemagen writes can get around it
//! (`U&""` names would need a backslash that sqlx passes to `E''` unescaped for arrays).

use crate::diagnostic::Diagnostic;
use crate::model::{Origin, QualifiedName, Schema};

/// Warnings for `schema`'s enums and composite types that sqlx cannot look up by name;
/// none when the generated code does not use sqlx.
pub fn warnings(schema: &Schema, sqlx: bool) -> Vec<Diagnostic> {
    if !sqlx {
        return Vec::new();
    }
    let named = schema
        .enums
        .values()
        .map(|e| ("enum", &e.name, &e.origin))
        .chain(
            schema
                .composites
                .values()
                .map(|c| ("composite type", &c.name, &c.origin)),
        );
    named
        .filter(|(_, name, _)| !name.schema.is_ascii() || !name.name.is_ascii())
        .map(|(kind, name, origin)| not_found(kind, name, origin))
        .collect()
}

fn not_found(kind: &str, name: &QualifiedName, origin: &Origin) -> Diagnostic {
    let sql = name.format_type();
    Diagnostic::warning(format!(
        "sqlx cannot find the {kind} `{sql}` by its non-ASCII name: reading or writing a value of it fails at run time with `TypeNotFound`"
    ))
    .with_span_if(origin.0.as_ref())
    .with_label("named here")
    .with_hint(format!(
        "give the type an ASCII name in a new migration (`ALTER TYPE {sql} RENAME TO ...`)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(sql: &str) -> Schema {
        crate::load_inline(&[("0001_init.sql", sql)])
            .unwrap_or_else(|e| panic!("{e}"))
            .schema
    }

    #[test]
    fn non_ascii_type_names_are_warned_about_where_they_were_named() {
        let schema = schema(
            "CREATE TYPE plain AS ENUM ('a');\n\
             CREATE TYPE \"café\" AS ENUM ('noir');\n\
             CREATE SCHEMA \"größe\";\n\
             CREATE TYPE \"größe\".size AS (n integer);",
        );
        let found = warnings(&schema, true);
        let rendered: Vec<String> = found.iter().map(Diagnostic::render).collect();
        assert_eq!(found.len(), 2, "{rendered:#?}");
        assert!(
            rendered[0].contains("the enum `\"café\"`"),
            "{}",
            rendered[0]
        );
        assert!(rendered[0].contains("0001_init.sql:2:"), "{}", rendered[0]);
        assert!(
            rendered[1].contains("the composite type `\"größe\".size`"),
            "{}",
            rendered[1]
        );
        assert!(warnings(&schema, false).is_empty());
    }
}
