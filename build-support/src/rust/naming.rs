//! Rust names for SQL names: singular UpperCamelCase structs, snake_case fields,
//! raw identifiers for Rust keywords.

use heck::ToUpperCamelCase;

/// The struct name for a table: the last word made singular, then UpperCamelCase
/// (`verification_logs` -> `VerificationLog`, `categories` -> `Category`).
pub fn struct_name(table: &str) -> String {
    let (head, last) = match table.rfind('_') {
        Some(i) => (&table[..=i], &table[i + 1..]),
        None => ("", table),
    };
    format!("{head}{}", singular(last)).to_upper_camel_case()
}

/// English singular of one lower-case word, for the plurals table names use.
fn singular(word: &str) -> String {
    const SAME: &[&str] = &[
        "data", "series", "species", "news", "metadata", "status", "sheep",
    ];
    const IRREGULAR: &[(&str, &str)] = &[
        ("people", "person"),
        ("men", "man"),
        ("women", "woman"),
        ("children", "child"),
        ("indices", "index"),
        ("matrices", "matrix"),
        ("vertices", "vertex"),
        ("analyses", "analysis"),
        ("criteria", "criterion"),
    ];
    let lower = word.to_lowercase();
    if SAME.contains(&lower.as_str()) {
        return word.to_string();
    }
    if let Some((_, one)) = IRREGULAR.iter().find(|(many, _)| *many == lower) {
        return one.to_string();
    }
    let strip = |n: usize, add: &str| format!("{}{add}", &word[..word.len() - n]);
    if lower.ends_with("ies") && lower.len() > 3 {
        strip(3, "y")
    } else if lower.ends_with("sses")
        || lower.ends_with("shes")
        || lower.ends_with("ches")
        || lower.ends_with("xes")
        || lower.ends_with("zzes")
        || lower.ends_with("uses")
    {
        strip(2, "")
    } else if lower.ends_with("ses") && !lower.ends_with("uses") {
        // `addresses` is caught above; `responses`, `cases` keep their `e`.
        strip(1, "")
    } else if lower.ends_with('s')
        && !lower.ends_with("ss")
        && !lower.ends_with("us")
        && !lower.ends_with("is")
        && lower.len() > 1
    {
        strip(1, "")
    } else {
        word.to_string()
    }
}

/// Words Rust reserves: a field or module of this name is written as a raw identifier.
pub const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Keywords that cannot be raw identifiers either.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// A field (or module) identifier for a SQL name, or `None` when the name needs more
/// than a raw identifier to be valid Rust.
pub fn field_ident(name: &str) -> Option<proc_macro2::Ident> {
    let valid = name
        .chars()
        .next()
        .is_some_and(|c| c == '_' || c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c == '_' || c.is_ascii_lowercase() || c.is_ascii_digit())
        && name != "_";
    if !valid {
        return None;
    }
    let span = proc_macro2::Span::call_site();
    if NOT_RAW.contains(&name) {
        None
    } else if KEYWORDS.contains(&name) {
        Some(proc_macro2::Ident::new_raw(name, span))
    } else {
        Some(proc_macro2::Ident::new(name, span))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_names_become_singular_camel_case() {
        for (table, name) in [
            ("devices", "Device"),
            ("captures", "Capture"),
            ("verification_logs", "VerificationLog"),
            ("statuses", "Status"),
            ("categories", "Category"),
            ("addresses", "Address"),
            ("people", "Person"),
            ("data", "Data"),
            ("series", "Series"),
            ("identity_profiles", "IdentityProfile"),
            ("boxes", "Box"),
            ("responses", "Response"),
            ("user", "User"),
        ] {
            assert_eq!(struct_name(table), name, "{table}");
        }
    }

    #[test]
    fn keywords_become_raw_identifiers() {
        assert_eq!(field_ident("type").unwrap().to_string(), "r#type");
        assert_eq!(field_ident("platform").unwrap().to_string(), "platform");
        assert!(field_ident("self").is_none());
        assert!(field_ident("Has Space").is_none());
    }
}
