//! Rust names for SQL names: singular UpperCamelCase structs, snake_case fields,
//! raw identifiers for Rust keywords, valid identifiers for quoted names, and enum
//! variants that never collide. Every identifier is built from a checked string, so no
//! SQL name can panic `Ident::new` or reach the output as anything but a name.

use heck::ToUpperCamelCase;
use std::collections::BTreeSet;

use proc_macro2::{Ident, Span};

/// The struct name for a table: the last word made singular, then UpperCamelCase
/// (`verification_logs` -> `VerificationLog`, `categories` -> `Category`).
fn struct_name(table: &str) -> String {
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

/// The name with its non-ASCII letters and digits spelled in ASCII (`café` -> `cafe`,
/// `Größe` -> `Grosse`); other non-ASCII characters (an emoji, a symbol) separate words
/// as punctuation does. Rust names stay ASCII: rustc warns about confusable non-ASCII
/// identifiers, and few users can type them.
fn ascii(sql: &str) -> std::borrow::Cow<'_, str> {
    if sql.is_ascii() {
        return std::borrow::Cow::Borrowed(sql);
    }
    let mut out = String::with_capacity(sql.len());
    for c in sql.chars() {
        if c.is_ascii() {
            out.push(c);
        } else if c.is_alphanumeric() {
            out.push_str(deunicode::deunicode_char(c).unwrap_or(" "));
        } else {
            out.push(' ');
        }
    }
    std::borrow::Cow::Owned(out)
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

/// An ASCII identifier that needs no `r#`: letters, digits and `_`, not starting with a
/// digit, not a keyword, not `_`.
pub fn is_plain_ident(name: &str) -> bool {
    name.chars()
        .next()
        .is_some_and(|c| c == '_' || c.is_ascii_alphabetic())
        && name.chars().all(|c| c == '_' || c.is_ascii_alphanumeric())
        && name != "_"
        && !KEYWORDS.contains(&name)
}

/// The identifier for a name made of ASCII letters, digits and `_`: raw for a keyword.
/// Callers make the name valid first; this never panics.
fn ident(name: &str) -> Option<Ident> {
    let span = Span::call_site();
    if is_plain_ident(name) {
        Some(Ident::new(name, span))
    } else if KEYWORDS.contains(&name) && !NOT_RAW.contains(&name) {
        Some(Ident::new_raw(name, span))
    } else {
        None
    }
}

/// A snake_case identifier (field, module, constant) for a SQL name: as it is when it is
/// already lower-case letters, digits and `_` (`r#type` for a keyword); otherwise made
/// snake_case (`UserName` -> `user_name`, `a b` -> `a_b`), a leading digit kept behind
/// `_` (`2fa` -> `_2fa`), and `self`-like words given a trailing `_`. `None` when nothing
/// of the name is left (`"!"`, an empty name).
pub fn snake_ident(sql: &str) -> Option<Ident> {
    use heck::ToSnakeCase;
    let sql = &*ascii(sql);
    let snake = if sql
        .chars()
        .all(|c| c == '_' || c.is_ascii_lowercase() || c.is_ascii_digit())
    {
        sql.to_string()
    } else {
        sql.to_snake_case()
            .chars()
            .filter(|c| *c == '_' || c.is_ascii_lowercase() || c.is_ascii_digit())
            .collect()
    };
    if snake.is_empty() || snake.chars().all(|c| c == '_') {
        return None;
    }
    let snake = if snake.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{snake}")
    } else if NOT_RAW.contains(&snake.as_str()) {
        format!("{snake}_")
    } else {
        snake
    };
    ident(&snake)
}

/// An UpperCamelCase type name for a SQL name (`capture_status` -> `CaptureStatus`,
/// `"Order Items"` -> `OrderItems`, `café` -> `Cafe`), ASCII letters and digits only, a
/// leading digit kept behind `T` (`2fa` -> `T2fa`). `None` when nothing of the name is left.
pub fn type_name(sql: &str) -> Option<String> {
    camel(sql, "T")
}

/// Type names the generated code cannot give an item: `Self`, and the type parameters
/// the items it derives or writes declare (sqlx's `FromRow` derive declares `R`, the
/// insert method `E`), which would shadow a type of that name inside them. Such a name
/// takes a trailing `_` (`Self_`, `R_`).
const GENERIC_PARAMETERS: &[&str] = &["Self", "R", "E"];

fn camel(sql: &str, digit_prefix: &str) -> Option<String> {
    let name: String = ascii(sql)
        .to_upper_camel_case()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    if name.is_empty() {
        return None;
    }
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{digit_prefix}{name}")
    } else if GENERIC_PARAMETERS.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    };
    Some(name)
}

/// The struct name for a table: the table's name as snake_case words, the last one made
/// singular, then UpperCamelCase (`verification_logs` -> `VerificationLog`,
/// `"UserAccounts"` -> `UserAccount`).
pub fn table_struct_name(table: &str) -> Option<String> {
    use heck::ToSnakeCase;
    let table = &*ascii(table);
    let snake = if table
        .chars()
        .any(|c| c.is_ascii_uppercase() || !c.is_ascii_alphanumeric() && c != '_')
    {
        table.to_snake_case()
    } else {
        table.to_string()
    };
    type_name(&struct_name(&snake))
}

/// A type identifier from a name [`type_name`] or the user gave.
pub fn type_ident(name: &str) -> Option<Ident> {
    is_plain_ident(name).then(|| Ident::new(name, Span::call_site()))
}

/// Variant names for enum values, in order: UpperCamelCase of the value (`in-progress` ->
/// `InProgress`, `PENDING` -> `Pending`, `a b` -> `AB`), `V` before a leading digit
/// (`2fa` -> `V2fa`), `Empty` for `''`, `Value` when nothing is left. Values whose names
/// fall together (`pending`, `PENDING`) keep the name for the first and number the rest
/// (`Pending2`, `Self2` for a second `Self_`), skipping any number another value already
/// has: deterministic, and never a collision.
pub fn variant_names(values: &[String]) -> Vec<Ident> {
    let base: Vec<String> = values
        .iter()
        .map(|v| {
            if v.is_empty() {
                "Empty".to_string()
            } else {
                camel(v, "V").unwrap_or_else(|| "Value".to_string())
            }
        })
        .collect();
    let wanted_once = |b: &String| base.iter().filter(|o| *o == b).count() == 1;
    let mut taken: BTreeSet<String> = BTreeSet::new();
    base.iter()
        .map(|b| {
            let mut name = b.clone();
            if !wanted_once(b) && taken.contains(b) {
                // Skip numbers another value already has or alone wants.
                let mut n = 2;
                loop {
                    name = numbered(b, n);
                    if !taken.contains(&name) && !base.contains(&name) {
                        break;
                    }
                    n += 1;
                }
            }
            taken.insert(name.clone());
            Ident::new(&name, Span::call_site())
        })
        .collect()
}

/// `base` with the number `n` after it. A trailing `_` (the one `Self_` has) goes first:
/// rustc's `non_camel_case_types` lint accepts `Self_` (it trims outer underscores) but
/// not `Self_2`, an underscore between a letter and a digit; and `Self2` is no keyword.
fn numbered(base: &str, n: usize) -> String {
    format!("{}{n}", base.trim_end_matches('_'))
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
    fn quoted_table_names_become_valid_struct_names() {
        for (table, name) in [
            ("UserAccounts", Some("UserAccount")),
            ("order items", Some("OrderItem")),
            ("2024_events", Some("T2024event")),
            ("a\"; fn x() {", Some("AFnX")),
            ("self", Some("Self_")),
            ("cafés", Some("Cafe")),
            ("Größen", Some("Grossen")),
            ("🎉", None),
            ("new🎉events", Some("NewEvent")),
            ("\u{e000}", None),
            ("!!", None),
        ] {
            assert_eq!(table_struct_name(table).as_deref(), name, "{table}");
        }
    }

    #[test]
    fn type_names_the_generated_code_declares_as_parameters_take_an_underscore() {
        assert_eq!(table_struct_name("r").as_deref(), Some("R_"));
        assert_eq!(table_struct_name("e").as_deref(), Some("E_"));
        assert_eq!(type_name("Self").as_deref(), Some("Self_"));
        assert_eq!(table_struct_name("rs").as_deref(), Some("R_"));
        assert_eq!(table_struct_name("ex").as_deref(), Some("Ex"));
    }

    #[test]
    fn keywords_become_raw_identifiers_and_odd_names_snake_case() {
        let snake = |s: &str| snake_ident(s).map(|i| i.to_string());
        assert_eq!(snake("type").as_deref(), Some("r#type"));
        assert_eq!(snake("platform").as_deref(), Some("platform"));
        assert_eq!(snake("self").as_deref(), Some("self_"));
        assert_eq!(snake("Has Space").as_deref(), Some("has_space"));
        assert_eq!(snake("UserName").as_deref(), Some("user_name"));
        assert_eq!(snake("2fa").as_deref(), Some("_2fa"));
        assert_eq!(snake("a\"; fn x() {").as_deref(), Some("a_fn_x"));
        assert_eq!(snake("").as_deref(), None);
        assert_eq!(snake("!").as_deref(), None);
        assert_eq!(snake("prénom").as_deref(), Some("prenom"));
        assert_eq!(snake("Größe").as_deref(), Some("grosse"));
        assert_eq!(snake("\u{e000}").as_deref(), None);
        assert_eq!(type_name("café").as_deref(), Some("Cafe"));
        assert_eq!(
            variant_names(&["crème".into(), "noir".into()])
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
            ["Creme", "Noir"]
        );
    }

    #[test]
    fn variant_names_are_readable_and_never_collide() {
        let values: Vec<String> = [
            "in-progress",
            "2fa",
            "PENDING",
            "pending",
            "a b",
            "",
            "Pending2",
            "self",
            "日本",
            "\u{e000}",
        ]
        .map(String::from)
        .to_vec();
        let names: Vec<String> = variant_names(&values)
            .iter()
            .map(|i| i.to_string())
            .collect();
        assert_eq!(
            names,
            [
                "InProgress",
                "V2fa",
                "Pending",
                "Pending3",
                "AB",
                "Empty",
                "Pending2",
                "Self_",
                // Spelled as deunicode reads the characters (Mandarin).
                "RiBen",
                // A private-use character has no spelling.
                "Value"
            ]
        );
        assert!(names.iter().all(|n| is_camel_case(n)), "{names:?}");
        // The same values give the same names every time.
        assert_eq!(
            names,
            variant_names(&values)
                .iter()
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
        );
    }

    /// rustc's `non_camel_case_types` test (`rustc_lint::nonstandard_style`), for ASCII:
    /// outer underscores trimmed, no lower-case start, no `__`, and no `_` beside a letter.
    fn is_camel_case(name: &str) -> bool {
        let name = name.trim_matches('_');
        let bytes = name.as_bytes();
        !name.starts_with(|c: char| c.is_ascii_lowercase())
            && !name.contains("__")
            && !bytes.windows(2).any(|w| {
                (w[0].is_ascii_alphabetic() && w[1] == b'_')
                    || (w[0] == b'_' && w[1].is_ascii_alphabetic())
            })
    }

    #[test]
    fn numbered_self_variants_stay_camel_case() {
        let names = |values: &[&str]| -> Vec<String> {
            let values: Vec<String> = values.iter().map(|v| v.to_string()).collect();
            variant_names(&values)
                .iter()
                .map(|i| i.to_string())
                .collect()
        };
        assert_eq!(names(&["self", "Self"]), ["Self_", "Self2"]);
        // A value that already names itself `Self2` keeps it; the second `self` moves on.
        assert_eq!(
            names(&["self", "Self", "self2"]),
            ["Self_", "Self3", "Self2"]
        );
        assert_eq!(
            names(&["self2", "self", "SELF"]),
            ["Self2", "Self_", "Self3"]
        );
        for values in [
            &["self", "Self", "SELF", "self2", "Self_2"][..],
            &["self", "Self"],
        ] {
            let names = names(values);
            assert!(names.iter().all(|n| is_camel_case(n)), "{names:?}");
            let unique: BTreeSet<&String> = names.iter().collect();
            assert_eq!(unique.len(), names.len(), "{names:?}");
        }
    }
}
