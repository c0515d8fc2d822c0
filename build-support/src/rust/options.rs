//! What the generated code derives, which crates it names, and the user's overrides.
//!
//! `Builder` fills an [`Options`]; [`Options::resolve`] checks it once (every Rust type
//! and attribute parsed, every table and column named found) into [`Resolved`], which the
//! rest of the stage reads. A bad option is an error naming the option, never a panic.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::ToTokens;

use crate::diagnostic::Diagnostic;
use crate::model::{QualifiedName, Schema, Table};

/// The crate the date and time types come from. Only one is ever named, so a schema
/// never pulls in both by accident.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TimeCrate {
    /// `chrono::DateTime<Utc>`, `NaiveDateTime`, `NaiveDate`, `NaiveTime` (sqlx feature `chrono`).
    #[default]
    Chrono,
    /// `time::OffsetDateTime`, `PrimitiveDateTime`, `Date`, `Time` (sqlx feature `time`).
    Time,
}

/// The crate `numeric` values decode into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NumericCrate {
    /// `rust_decimal::Decimal` (sqlx feature `rust_decimal`).
    #[default]
    RustDecimal,
    /// `bigdecimal::BigDecimal` (sqlx feature `bigdecimal`).
    BigDecimal,
}

/// Everything that shapes the generated code, as `Builder`'s setters leave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Derive `sqlx::FromRow` on row structs and `sqlx::Type` on enums, and generate the
    /// insert method.
    pub sqlx: bool,
    /// Derive `serde::Serialize` and `serde::Deserialize`, with serde names equal to the
    /// SQL values.
    pub serde: bool,
    pub time_crate: TimeCrate,
    pub numeric_crate: NumericCrate,
    /// SQL type (`inet`, `jsonb`, `timestamptz`, `inet[]`, `billing.money`) -> Rust type.
    pub type_overrides: BTreeMap<String, String>,
    /// `table.column` or `schema.table.column` -> Rust type of the non-null value.
    pub column_types: BTreeMap<String, String>,
    /// Extra derives on every row and insert struct.
    pub derives: Vec<String>,
    /// Extra derives on one table's row and insert structs.
    pub table_derives: BTreeMap<String, Vec<String>>,
    /// Extra attributes (`#[...]` text) on every row and insert struct.
    pub attributes: Vec<String>,
    /// Extra attributes on one table's row and insert structs.
    pub table_attributes: BTreeMap<String, Vec<String>>,
    /// Table -> row struct name (the insert struct is `New` + it).
    pub struct_names: BTreeMap<String, String>,
    /// Enum type, or `table.column` of a CHECK-limited text column -> enum name.
    pub enum_names: BTreeMap<String, String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            sqlx: true,
            serde: false,
            time_crate: TimeCrate::default(),
            numeric_crate: NumericCrate::default(),
            type_overrides: BTreeMap::new(),
            column_types: BTreeMap::new(),
            derives: Vec::new(),
            table_derives: BTreeMap::new(),
            attributes: Vec::new(),
            table_attributes: BTreeMap::new(),
            struct_names: BTreeMap::new(),
            enum_names: BTreeMap::new(),
        }
    }
}

/// [`Options`] checked against the schema: every text parsed into tokens.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub sqlx: bool,
    pub serde: bool,
    pub time_crate: TimeCrate,
    pub numeric_crate: NumericCrate,
    /// Keyed by the normalized SQL type name (see [`type_key`]).
    pub type_overrides: BTreeMap<String, TokenStream>,
    pub column_types: BTreeMap<(QualifiedName, String), TokenStream>,
    pub derives: Vec<TokenStream>,
    pub table_derives: BTreeMap<QualifiedName, Vec<TokenStream>>,
    pub attributes: Vec<TokenStream>,
    pub table_attributes: BTreeMap<QualifiedName, Vec<TokenStream>>,
    pub struct_names: BTreeMap<QualifiedName, String>,
    /// Keyed by the enum type's name, or by `(table, column)` for a text enum.
    pub enum_names: BTreeMap<EnumKey, String>,
}

/// What an enum is generated for.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum EnumKey {
    /// `CREATE TYPE ... AS ENUM`.
    Type(QualifiedName),
    /// A text column a CHECK limits to a closed set of strings.
    Column(QualifiedName, String),
}

impl Options {
    /// Checks every option against the schema, collecting every problem.
    pub fn resolve(&self, schema: &Schema) -> Result<Resolved, Vec<Diagnostic>> {
        let mut errors = Vec::new();
        let mut resolved = Resolved {
            sqlx: self.sqlx,
            serde: self.serde,
            time_crate: self.time_crate,
            numeric_crate: self.numeric_crate,
            type_overrides: BTreeMap::new(),
            column_types: BTreeMap::new(),
            derives: Vec::new(),
            table_derives: BTreeMap::new(),
            attributes: Vec::new(),
            table_attributes: BTreeMap::new(),
            struct_names: BTreeMap::new(),
            enum_names: BTreeMap::new(),
        };
        for (sql, rust) in &self.type_overrides {
            let option = format!("type_override({sql:?}, {rust:?})");
            if let Some(ty) = collect(&mut errors, rust_type(&option, rust)) {
                resolved.type_overrides.insert(type_key(sql), ty);
            }
        }
        for (key, rust) in &self.column_types {
            let option = format!("column_type({key:?}, {rust:?})");
            let column = collect(&mut errors, find_column(schema, &option, key));
            let ty = collect(&mut errors, rust_type(&option, rust));
            if let (Some(column), Some(ty)) = (column, ty) {
                resolved.column_types.insert(column, ty);
            }
        }
        resolved.derives = everywhere(&mut errors, "derive", &self.derives, derive_path);
        resolved.table_derives = per_table(
            schema,
            &mut errors,
            "table_derive",
            &self.table_derives,
            derive_path,
        );
        resolved.attributes =
            everywhere(&mut errors, "attribute", &self.attributes, outer_attribute);
        resolved.table_attributes = per_table(
            schema,
            &mut errors,
            "table_attribute",
            &self.table_attributes,
            outer_attribute,
        );
        for (table, name) in &self.struct_names {
            let option = format!("struct_name({table:?}, {name:?})");
            let table = collect(&mut errors, find_table(schema, &option, table));
            let name = collect(&mut errors, type_name(&option, name));
            if let (Some(table), Some(name)) = (table, name) {
                resolved.struct_names.insert(table, name);
            }
        }
        for (key, name) in &self.enum_names {
            let option = format!("enum_name({key:?}, {name:?})");
            let key = collect(&mut errors, find_enum(schema, &option, key));
            let name = collect(&mut errors, type_name(&option, name));
            if let (Some(key), Some(name)) = (key, name) {
                resolved.enum_names.insert(key, name);
            }
        }
        if errors.is_empty() {
            Ok(resolved)
        } else {
            Err(errors)
        }
    }
}

fn collect<T>(errors: &mut Vec<Diagnostic>, result: Result<T, Diagnostic>) -> Option<T> {
    result.map_err(|e| errors.push(e)).ok()
}

/// An option given for every struct (`derive`, `attribute`), each text read by `read`.
fn everywhere(
    errors: &mut Vec<Diagnostic>,
    option: &str,
    texts: &[String],
    read: fn(&str, &str) -> Result<TokenStream, Diagnostic>,
) -> Vec<TokenStream> {
    texts
        .iter()
        .filter_map(|text| collect(errors, read(&format!("{option}({text:?})"), text)))
        .collect()
}

/// An option given for one table's structs (`table_derive`, `table_attribute`): the
/// table must exist, and each text is read by `read`.
fn per_table(
    schema: &Schema,
    errors: &mut Vec<Diagnostic>,
    option: &str,
    given: &BTreeMap<String, Vec<String>>,
    read: fn(&str, &str) -> Result<TokenStream, Diagnostic>,
) -> BTreeMap<QualifiedName, Vec<TokenStream>> {
    let mut out: BTreeMap<QualifiedName, Vec<TokenStream>> = BTreeMap::new();
    for (table, texts) in given {
        for text in texts {
            let option = format!("{option}({table:?}, {text:?})");
            let name = collect(errors, find_table(schema, &option, table));
            let item = collect(errors, read(&option, text));
            if let (Some(name), Some(item)) = (name, item) {
                out.entry(name).or_default().push(item);
            }
        }
    }
    out
}

/// A SQL type name as the overrides are keyed: lower case outside double quotes, single
/// spaces, the common aliases spelled as `format_type` spells them (`timestamptz` ->
/// `timestamp with time zone`), modifiers dropped (`varchar(20)` -> `character varying`),
/// `public.` dropped (but before a built-in type's name: `public.int4` is a user's type).
/// A quoted name keeps its case (`"Mood"`), as `format_type` prints it.
pub fn type_key(sql: &str) -> String {
    let lower = fold_case(sql.trim());
    let (base, array) = match lower.strip_suffix("[]") {
        Some(base) => (base.trim_end().to_string(), "[]"),
        None => (lower, ""),
    };
    // Modifiers: `numeric(10,2)`, `time(3) with time zone`.
    let mut plain = String::new();
    let mut depth = 0;
    for c in base.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    let plain = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    // `public.` is dropped unless the bare name is a built-in type's (`public.int4` is
    // the user's type; `int4` is `integer`).
    let plain = match plain.strip_prefix("public.") {
        Some(bare) if !crate::model::is_catalog_type(bare) => bare.to_string(),
        _ => plain,
    };
    let canonical = match plain.as_str() {
        "int2" | "smallserial" | "serial2" => "smallint",
        "int" | "int4" | "serial" | "serial4" => "integer",
        "int8" | "bigserial" | "serial8" => "bigint",
        "float4" => "real",
        "float8" | "double" => "double precision",
        "decimal" => "numeric",
        "varchar" => "character varying",
        "char" | "bpchar" => "character",
        "bool" => "boolean",
        "varbit" => "bit varying",
        "timestamptz" => "timestamp with time zone",
        "timestamp" => "timestamp without time zone",
        "timetz" => "time with time zone",
        "time" => "time without time zone",
        other => other,
    };
    format!("{canonical}{array}")
}

/// ASCII letters lower-cased outside double quotes, as PostgreSQL folds identifiers: `Mood`
/// names the type `mood`, `"Mood"` another type.
fn fold_case(sql: &str) -> String {
    let mut quoted = false;
    sql.chars()
        .map(|c| {
            // A doubled `""` inside quotes toggles twice: still quoted.
            if c == '"' {
                quoted = !quoted;
            }
            if quoted { c } else { c.to_ascii_lowercase() }
        })
        .collect()
}

/// A Rust type given as text, parsed; paths made absolute (see [`absolute_paths`]).
pub fn rust_type(option: &str, text: &str) -> Result<TokenStream, Diagnostic> {
    let mut ty = syn::parse_str::<syn::Type>(text).map_err(|e| {
        Diagnostic::error(format!("`{option}`: `{text}` is not a Rust type: {e}")).with_hint(
            "give a type path such as `std::net::IpAddr` or `sqlx::types::Json<crate::Evidence>`",
        )
    })?;
    absolute_paths(&mut ty);
    Ok(ty.to_token_stream())
}

/// A derive macro's path, made absolute as type paths are (`serde::Serialize` ->
/// `::serde::Serialize`).
fn derive_path(option: &str, text: &str) -> Result<TokenStream, Diagnostic> {
    let mut path = syn::parse_str::<syn::Path>(text).map_err(|e| {
        Diagnostic::error(format!(
            "`{option}`: `{text}` is not a derive macro path: {e}"
        ))
        .with_hint("give the macro's path, such as `Hash` or `serde::Serialize`")
    })?;
    if path.segments.len() > 1
        && !matches!(
            path.segments[0].ident.to_string().as_str(),
            "crate" | "self" | "super"
        )
    {
        path.leading_colon = Some(Default::default());
    }
    Ok(path.to_token_stream())
}

/// An attribute given as `#[...]` (or just its inside, `serde(rename_all = "camelCase")`).
fn outer_attribute(option: &str, text: &str) -> Result<TokenStream, Diagnostic> {
    let trimmed = text.trim();
    let source = if trimmed.starts_with('#') {
        trimmed.to_string()
    } else {
        format!("#[{trimmed}]")
    };
    let fail = |e: String| {
        Diagnostic::error(format!(
            "`{option}`: `{text}` is not one outer attribute: {e}"
        ))
        .with_hint("give one attribute, such as `#[serde(rename_all = \"camelCase\")]`")
    };
    // A struct with the attribute must parse as exactly that struct with one attribute:
    // the text cannot smuggle in an item of its own.
    let probe = format!("{source} struct Probe;");
    let file = syn::parse_file(&probe).map_err(|e| fail(e.to_string()))?;
    match file.items.as_slice() {
        [syn::Item::Struct(s)] if s.attrs.len() == 1 && s.ident == "Probe" => {
            Ok(s.attrs[0].to_token_stream())
        }
        _ => Err(fail("it adds more than an attribute".to_string())),
    }
}

/// A name given for a generated struct or enum: a plain Rust identifier.
fn type_name(option: &str, name: &str) -> Result<String, Diagnostic> {
    if super::names::is_plain_ident(name) && name != "Self" {
        Ok(name.to_string())
    } else {
        Err(
            Diagnostic::error(format!("`{option}`: `{name}` is not a Rust type name"))
                .with_hint("give an UpperCamelCase identifier such as `Human`"),
        )
    }
}

/// `devices` or `billing.invoices`: the table, which must exist.
fn find_table(schema: &Schema, option: &str, key: &str) -> Result<QualifiedName, Diagnostic> {
    let name = qualified(key);
    match schema.tables.get(&name) {
        Some(table) if generated(table) => Ok(name),
        _ => Err(
            Diagnostic::error(format!("`{option}`: no table `{key}`")).with_hint(hint_from(
                key,
                schema
                    .tables
                    .values()
                    .filter(|t| generated(t))
                    .map(|t| t.name.to_type_string()),
            )),
        ),
    }
}

/// `captures.client_ip` or `billing.invoices.total`: the column, which must exist.
fn find_column(
    schema: &Schema,
    option: &str,
    key: &str,
) -> Result<(QualifiedName, String), Diagnostic> {
    let Some((table_key, column)) = key.rsplit_once('.') else {
        return Err(
            Diagnostic::error(format!("`{option}`: `{key}` names no table"))
                .with_hint("name the column as `table.column` or `schema.table.column`"),
        );
    };
    let table = find_table(schema, option, table_key)?;
    let found = &schema.tables[&table];
    if found.column(column).is_some() {
        Ok((table, column.to_string()))
    } else {
        Err(Diagnostic::error(format!(
            "`{option}`: table `{table_key}` has no column `{column}`"
        ))
        .with_hint(hint_from(
            column,
            found.columns.iter().map(|c| c.name.clone()),
        )))
    }
}

fn find_enum(schema: &Schema, option: &str, key: &str) -> Result<EnumKey, Diagnostic> {
    let name = qualified(key);
    if schema.enums.contains_key(&name) {
        return Ok(EnumKey::Type(name));
    }
    if let Some((table_key, column)) = key.rsplit_once('.') {
        let table = qualified(table_key);
        if schema
            .tables
            .get(&table)
            .is_some_and(|t| t.value_set(column).is_some())
        {
            return Ok(EnumKey::Column(table, column.to_string()));
        }
    }
    Err(Diagnostic::error(format!(
        "`{option}`: `{key}` is neither an enum type nor a column a CHECK limits to a set of strings"
    ))
    .with_hint("name an enum type (`mood`, `billing.status`) or a column (`captures.status`)"))
}

fn qualified(key: &str) -> QualifiedName {
    match key.split_once('.') {
        Some((schema, name)) => QualifiedName::new(schema, name),
        None => QualifiedName::new("public", key),
    }
}

fn generated(table: &Table) -> bool {
    table.partition_of.is_none() && !table.bookkeeping
}

/// "did you mean" the closest candidate (by edit distance), else what exists.
fn hint_from(wanted: &str, candidates: impl Iterator<Item = String>) -> String {
    let candidates: Vec<String> = candidates.collect();
    let close = candidates
        .iter()
        .map(|c| (distance(c, wanted), c))
        .filter(|(d, _)| *d <= (wanted.chars().count() / 3).max(1))
        .min();
    match close {
        Some((_, c)) => format!("did you mean `{c}`?"),
        None if candidates.is_empty() => "the migrations define none".to_string(),
        None => format!(
            "the migrations define {}",
            candidates
                .iter()
                .take(8)
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Levenshtein distance.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (row[j + 1] + 1)
                .min(row[j] + 1)
                .min(previous + usize::from(ca != *cb));
            previous = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// Makes every multi-segment path in `ty` absolute (`std::net::IpAddr` ->
/// `::std::net::IpAddr`), so a generated module named like a crate (a table `std` or
/// `uuid`) cannot change what the path means. `crate::`, `self::`, `super::` and
/// one-segment paths (`String`, a type the user's crate imports) are left as written.
pub fn absolute_paths(ty: &mut syn::Type) {
    match ty {
        syn::Type::Path(p) => {
            if let Some(qself) = &mut p.qself {
                absolute_paths(&mut qself.ty);
            } else if p.path.leading_colon.is_none()
                && p.path.segments.len() > 1
                && !matches!(
                    p.path.segments[0].ident.to_string().as_str(),
                    "crate" | "self" | "super" | "Self"
                )
            {
                p.path.leading_colon = Some(Default::default());
            }
            for segment in &mut p.path.segments {
                if let syn::PathArguments::AngleBracketed(args) = &mut segment.arguments {
                    for arg in &mut args.args {
                        if let syn::GenericArgument::Type(inner) = arg {
                            absolute_paths(inner);
                        }
                    }
                }
            }
        }
        syn::Type::Array(a) => absolute_paths(&mut a.elem),
        syn::Type::Slice(s) => absolute_paths(&mut s.elem),
        syn::Type::Reference(r) => absolute_paths(&mut r.elem),
        syn::Type::Paren(p) => absolute_paths(&mut p.elem),
        syn::Type::Group(g) => absolute_paths(&mut g.elem),
        syn::Type::Tuple(t) => t.elems.iter_mut().for_each(absolute_paths),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_keys_follow_format_type() {
        assert_eq!(type_key("TIMESTAMPTZ"), "timestamp with time zone");
        assert_eq!(type_key("varchar(20)"), "character varying");
        assert_eq!(type_key("inet[]"), "inet[]");
        assert_eq!(type_key("public.mood"), "mood");
        assert_eq!(type_key("public.int4"), "public.int4");
        assert_eq!(type_key("int4"), "integer");
        assert_eq!(type_key("Numeric(10, 2)"), "numeric");
        assert_eq!(type_key("billing.money"), "billing.money");
        assert_eq!(type_key("Mood"), "mood");
        assert_eq!(type_key("public.\"Mood\"[]"), "\"Mood\"[]");
        assert_eq!(
            type_key("\"My Schema\".\"A\"\"B\""),
            "\"My Schema\".\"A\"\"B\""
        );
    }

    #[test]
    fn override_paths_become_absolute() {
        let ty = rust_type(
            "o",
            "sqlx::types::Json<std::collections::BTreeMap<String, crate::X>>",
        )
        .unwrap();
        assert_eq!(
            ty.to_string().replace(' ', ""),
            "::sqlx::types::Json<::std::collections::BTreeMap<String,crate::X>>"
        );
    }

    #[test]
    fn bad_options_are_errors_that_name_the_option() {
        let e = rust_type("column_type(\"a.b\", \"Vec<\")", "Vec<").unwrap_err();
        assert!(
            e.message.contains("column_type(\"a.b\", \"Vec<\")"),
            "{}",
            e.message
        );
        let e = outer_attribute("attribute", "#[derive(Hash)] struct X; #[allow(x)]").unwrap_err();
        assert!(
            e.message.contains("not one outer attribute"),
            "{}",
            e.message
        );
        assert!(outer_attribute("attribute", "serde(rename_all = \"camelCase\")").is_ok());
        assert!(type_name("struct_name", "a\"; fn x() {").is_err());
    }
}
