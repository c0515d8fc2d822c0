//! Identifiers spelled as PostgreSQL's `quote_identifier` (`ruleutils.c`) spells them.
//! `format_type` names a user type this way, and sqlx looks a type up by that spelling
//! through PostgreSQL's parser (`to_regtype`), which folds an unquoted `Mood` to `mood`.

use std::borrow::Cow;

use super::keywords;

/// `name` as SQL text that reads back as `name`: bare when it starts with a lower-case
/// ASCII letter or `_`, holds only those and digits, and is no keyword that must be
/// quoted; otherwise in double quotes, a `"` inside doubled (`"Mood"`, `"2fa"`,
/// `"order"`, `"café"`).
pub fn quote_identifier(name: &str) -> Cow<'_, str> {
    if reads_back_unquoted(name) {
        Cow::Borrowed(name)
    } else {
        Cow::Owned(format!("\"{}\"", name.replace('"', "\"\"")))
    }
}

fn reads_back_unquoted(name: &str) -> bool {
    let mut bytes = name.bytes();
    let starts_well = bytes
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || b == b'_');
    starts_well
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && !keywords::needs_quotes(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_as_postgresql_does() {
        // Each pair as PostgreSQL 15's `quote_ident` returns it.
        for (name, quoted) in [
            ("mood", "mood"),
            ("_x1", "_x1"),
            ("action", "action"),
            ("Mood", "\"Mood\""),
            ("2fa", "\"2fa\""),
            ("order", "\"order\""),
            ("user", "\"user\""),
            ("between", "\"between\""),
            ("left", "\"left\""),
            ("café", "\"café\""),
            ("x$y", "\"x$y\""),
            ("My Schema", "\"My Schema\""),
            ("a\"b", "\"a\"\"b\""),
            ("", "\"\""),
        ] {
            assert_eq!(quote_identifier(name), quoted, "{name}");
        }
    }
}
