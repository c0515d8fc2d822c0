//! Settings the database keeps for the sessions that come after:
//! `ALTER DATABASE <db> SET search_path TO ...` (and `RESET search_path`).
//!
//! A deployment often runs such a statement before the migrations (measure's
//! `init-postgres.sh` does), so that bare table names in every migration resolve in its
//! schema. PostgreSQL applies the setting to new sessions only; schemagen takes each
//! migration file to run in a session of its own, as `psql` runs a file, so the setting
//! holds from the next file on (and, in setup SQL given to `Builder::before_migrations`,
//! for every migration). The database named is taken to be the one migrated: a
//! migration only ever runs in one.
//!
//! sqlparser does not read `ALTER DATABASE`; this module reads just these forms from the
//! statement's tokens, and leaves every other statement (other `ALTER DATABASE` forms
//! included) to the parser.

use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::tokenizer::{Token, Tokenizer};

use crate::model::Schema;

/// What an `ALTER DATABASE` statement does to the `search_path` of later sessions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchPathSetting {
    /// `SET search_path TO a, b` (`"$user"` left out: no such schema exists in a
    /// migrated database, as `Session::default` has it).
    Set(Vec<String>),
    /// `RESET search_path`, `RESET ALL`, `SET search_path TO DEFAULT`.
    Reset,
}

impl SearchPathSetting {
    /// Records the setting in the model, for the sessions that start after it.
    pub fn apply(self, schema: &mut Schema) {
        schema.database_search_path = match self {
            SearchPathSetting::Set(path) => Some(path),
            SearchPathSetting::Reset => None,
        };
    }
}

/// The `search_path` setting `text` gives the database, when it is `ALTER DATABASE
/// <name> SET search_path ...` or `RESET search_path` / `RESET ALL`; `None` for any other
/// statement.
pub fn search_path_setting(text: &str) -> Option<SearchPathSetting> {
    // Most statements are not `ALTER DATABASE`: decide that without tokenizing or
    // allocating (a statement starts at its first token).
    let head = &text.as_bytes()[..text.len().min(256)];
    let starts_alter = head.len() > 5 && head[..5].eq_ignore_ascii_case(b"ALTER");
    if !starts_alter || !head.windows(8).any(|w| w.eq_ignore_ascii_case(b"DATABASE")) {
        return None;
    }
    let tokens = Tokenizer::new(&PostgreSqlDialect {}, text)
        .tokenize()
        .ok()?;
    let mut words = tokens.into_iter().filter(|t| {
        !matches!(t, Token::Whitespace(_)) && !matches!(t, Token::SemiColon | Token::EOF)
    });
    let keyword = |t: Option<Token>, k: &str| matches!(t, Some(Token::Word(w)) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case(k));
    if !keyword(words.next(), "ALTER") || !keyword(words.next(), "DATABASE") {
        return None;
    }
    let Some(Token::Word(_database)) = words.next() else {
        return None;
    };
    let rest: Vec<Token> = words.collect();
    let is = |t: &Token, k: &str| matches!(t, Token::Word(w) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case(k));
    match rest.as_slice() {
        [reset, all] if is(reset, "RESET") && (is(all, "ALL") || is(all, "search_path")) => {
            Some(SearchPathSetting::Reset)
        }
        [set, variable, to, values @ ..]
            if is(set, "SET")
                && is(variable, "search_path")
                && (is(to, "TO") || matches!(to, Token::Eq)) =>
        {
            values_of(values)
        }
        _ => None,
    }
}

/// The schemas a `search_path` value lists: identifiers or strings, separated by commas
/// (one string may list several, `'a, b'`).
fn values_of(values: &[Token]) -> Option<SearchPathSetting> {
    if let [Token::Word(w)] = values
        && w.quote_style.is_none()
        && w.value.eq_ignore_ascii_case("DEFAULT")
    {
        return Some(SearchPathSetting::Reset);
    }
    let mut path = Vec::new();
    for (i, token) in values.iter().enumerate() {
        if i % 2 == 1 {
            if *token != Token::Comma {
                return None;
            }
            continue;
        }
        match token {
            Token::Word(w) if w.quote_style == Some('"') => path.push(w.value.clone()),
            Token::Word(w) if w.quote_style.is_none() => path.push(w.value.to_lowercase()),
            Token::SingleQuotedString(s) => path.extend(
                s.split(',')
                    .map(|p| p.trim().trim_matches('"').to_string())
                    .filter(|p| !p.is_empty()),
            ),
            _ => return None,
        }
    }
    path.retain(|s| s != "$user");
    Some(SearchPathSetting::Set(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(path: &[&str]) -> Option<SearchPathSetting> {
        Some(SearchPathSetting::Set(
            path.iter().map(|s| s.to_string()).collect(),
        ))
    }

    #[test]
    fn reads_the_forms_that_set_or_reset_search_path() {
        assert_eq!(
            search_path_setting(
                r#"ALTER DATABASE app SET search_path TO measure, "$user", public"#
            ),
            set(&["measure", "public"])
        );
        assert_eq!(
            search_path_setting("alter database \"My Db\" set search_path = 'a, b'"),
            set(&["a", "b"])
        );
        assert_eq!(
            search_path_setting("ALTER DATABASE app SET search_path TO \"Billing\", Public"),
            set(&["Billing", "public"])
        );
        for reset in [
            "ALTER DATABASE app RESET search_path",
            "ALTER DATABASE app RESET ALL",
            "ALTER DATABASE app SET search_path TO DEFAULT",
        ] {
            assert_eq!(
                search_path_setting(reset),
                Some(SearchPathSetting::Reset),
                "{reset}"
            );
        }
    }

    #[test]
    fn leaves_every_other_statement_to_the_parser() {
        for other in [
            "ALTER DATABASE app SET statement_timeout TO 1000",
            "ALTER DATABASE app OWNER TO admin",
            "ALTER DATABASE app RENAME TO other",
            "ALTER TABLE database ADD COLUMN search_path text",
            "SET search_path TO a",
            "CREATE DATABASE app",
            "ALTER DATABASE app SET search_path TO a b",
        ] {
            assert_eq!(search_path_setting(other), None, "{other}");
        }
    }

    #[test]
    fn the_setting_starts_every_later_session() {
        let mut schema = Schema::default();
        search_path_setting("ALTER DATABASE x SET search_path TO m, public")
            .unwrap()
            .apply(&mut schema);
        assert_eq!(
            crate::model::Session::starting(&schema).search_path,
            ["m", "public"]
        );
        SearchPathSetting::Reset.apply(&mut schema);
        assert_eq!(
            crate::model::Session::starting(&schema).search_path,
            ["public"]
        );
    }
}
