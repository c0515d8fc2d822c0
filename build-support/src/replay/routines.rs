//! PL/pgSQL functions and procedures a history defines and then calls from the top level,
//! the idiom older than `DO`:
//!
//! ```sql
//! CREATE FUNCTION upgrade() RETURNS void AS $$ BEGIN
//!     IF NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE ...) THEN
//!         ALTER TABLE t ADD COLUMN c text;
//!     END IF;
//! END $$ LANGUAGE plpgsql;
//! SELECT upgrade();
//! DROP FUNCTION upgrade();
//! ```
//!
//! PostgreSQL ran the body when the call ran, so the replay runs it there, as it runs a
//! `DO` block ([`super::do_block`]): guards decided against the model, what depends on
//! data guessed and warned about. Only routines without parameters are followed (a
//! parameter's value is data); a call is a statement that does nothing else (`SELECT
//! f()`, `SELECT * FROM f()`, `CALL p()`), so a query that merely uses a function is
//! never taken for one.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::source::Statement;
use crate::source::split::tokens;

/// The bodies of the routines defined so far, by name (lower-cased unless quoted; the
/// schema is left out, as a migration calls its helper by the name it gave it).
#[derive(Debug, Default)]
pub(super) struct Routines {
    bodies: BTreeMap<String, Body>,
}

/// Where a routine's PL/pgSQL body is: the `CREATE` statement, and the byte range of the
/// body inside it, dollar quotes left out.
#[derive(Debug, Clone)]
pub(super) struct Body {
    pub statement: Statement,
    pub range: Range<usize>,
}

impl Routines {
    /// Notes `CREATE [OR REPLACE] FUNCTION|PROCEDURE name() ... LANGUAGE plpgsql AS $$
    /// ... $$`, and forgets a routine `DROP FUNCTION|PROCEDURE` drops.
    pub fn note(&mut self, statement: &Statement) {
        let text = statement.text();
        // Most statements define no routine: keep them free of tokenizing.
        let mut head = text.split_ascii_whitespace().take(4);
        let first = head.next().unwrap_or("");
        if !(first.eq_ignore_ascii_case("CREATE") || first.eq_ignore_ascii_case("DROP"))
            || !head
                .any(|w| w.eq_ignore_ascii_case("FUNCTION") || w.eq_ignore_ascii_case("PROCEDURE"))
        {
            return;
        }
        let Ok(toks) = tokens(text) else {
            return;
        };
        let words: Vec<&str> = toks.iter().map(|r| &text[r.clone()]).collect();
        let is = |i: usize, w: &str| words.get(i).is_some_and(|x| x.eq_ignore_ascii_case(w));
        if is(0, "DROP") && (is(1, "FUNCTION") || is(1, "PROCEDURE")) {
            let mut i = 2;
            if is(2, "IF") && is(3, "EXISTS") {
                i = 4;
            }
            // `DROP FUNCTION a(), b`: every name of the list.
            while let Some((name, next)) = routine_name(&words, i) {
                self.bodies.remove(&name);
                i = skip_parenthesised(&words, next);
                if !is(i, ",") {
                    break;
                }
                i += 1;
            }
            return;
        }
        if !is(0, "CREATE") {
            return;
        }
        let mut i = 1;
        if is(1, "OR") && is(2, "REPLACE") {
            i = 3;
        }
        if !(is(i, "FUNCTION") || is(i, "PROCEDURE")) {
            return;
        }
        let Some((name, next)) = routine_name(&words, i + 1) else {
            return;
        };
        // Without parameters only: `(` directly followed by `)`.
        if !(is(next, "(") && is(next + 1, ")")) {
            self.bodies.remove(&name);
            return;
        }
        let rest = next + 2;
        let language = (rest..words.len())
            .find(|&j| is(j, "LANGUAGE"))
            .and_then(|j| words.get(j + 1))
            .map(|l| l.trim_matches('\'').to_ascii_lowercase());
        let body = (rest..words.len())
            .find(|&j| is(j, "AS"))
            .and_then(|j| toks.get(j + 1))
            .and_then(|r| dollar_quoted_inside(text, r.clone()));
        match (language.as_deref(), body) {
            (Some("plpgsql"), Some(range)) => {
                self.bodies.insert(
                    name,
                    Body {
                        statement: statement.clone(),
                        range,
                    },
                );
            }
            // Redefined in another language or form: no longer the body noted before.
            _ => {
                self.bodies.remove(&name);
            }
        }
    }

    /// The body `statement` runs, when it is nothing but a call of a noted routine.
    pub fn called(&self, statement: &Statement) -> Option<&Body> {
        let text = statement.text();
        // A call is short and starts with its verb: most statements are neither.
        let starts = |w: &str| {
            text.get(..w.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(w))
        };
        if self.bodies.is_empty() || text.len() > 300 || !(starts("SELECT") || starts("CALL")) {
            return None;
        }
        let toks = tokens(text).ok()?;
        let words: Vec<&str> = toks.iter().map(|r| &text[r.clone()]).collect();
        let is = |i: usize, w: &str| words.get(i).is_some_and(|x| x.eq_ignore_ascii_case(w));
        let start = if is(0, "SELECT") && is(1, "*") && is(2, "FROM") {
            3
        } else if is(0, "SELECT") || is(0, "CALL") {
            1
        } else {
            return None;
        };
        let (name, next) = routine_name(&words, start)?;
        let whole_call = is(next, "(") && is(next + 1, ")") && words.len() == next + 2;
        whole_call.then(|| self.bodies.get(&name)).flatten()
    }
}

/// The routine name at `words[i]` (`f`, `"F"`, `s.f`), and the index after it.
fn routine_name(words: &[&str], i: usize) -> Option<(String, usize)> {
    let first = *words.get(i)?;
    let (last, next) = if words.get(i + 1) == Some(&".") {
        (*words.get(i + 2)?, i + 3)
    } else {
        (first, i + 1)
    };
    let name = if let Some(quoted) = last.strip_prefix('"').and_then(|l| l.strip_suffix('"')) {
        quoted.replace("\"\"", "\"")
    } else if last
        .chars()
        .all(|c| c.is_alphanumeric() || c == '_' || c == '$')
    {
        last.to_lowercase()
    } else {
        return None;
    };
    Some((name, next))
}

/// The index after a parenthesised list at `words[i]`, or `i` when there is none.
fn skip_parenthesised(words: &[&str], i: usize) -> usize {
    if words.get(i) != Some(&"(") {
        return i;
    }
    let mut depth = 0;
    for (j, w) in words.iter().enumerate().skip(i) {
        match *w {
            "(" => depth += 1,
            ")" => {
                depth -= 1;
                if depth == 0 {
                    return j + 1;
                }
            }
            _ => {}
        }
    }
    words.len()
}

/// The inside of a dollar-quoted token (`$tag$ ... $tag$`), as a range of `text`.
fn dollar_quoted_inside(text: &str, token: Range<usize>) -> Option<Range<usize>> {
    let quoted = &text[token.clone()];
    let tag_len = quoted.strip_prefix('$')?.find('$')? + 2;
    (quoted.len() >= 2 * tag_len && quoted.ends_with(&quoted[..tag_len]))
        .then(|| token.start + tag_len..token.end - tag_len)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::SourceFile;
    use std::sync::Arc;

    fn statement(text: &str) -> Statement {
        Statement {
            file: Arc::new(SourceFile {
                path: "m/1_a.sql".into(),
                text: text.to_string(),
            }),
            range: 0..text.len(),
        }
    }

    fn body_of(routines: &Routines, call: &str) -> Option<String> {
        let call = statement(call);
        routines
            .called(&call)
            .map(|b| b.statement.file.text[b.range.clone()].to_string())
    }

    #[test]
    fn a_parameterless_plpgsql_routine_is_followed_into_its_calls() {
        let mut routines = Routines::default();
        routines.note(&statement(
            "CREATE OR REPLACE FUNCTION public.Upgrade() RETURNS void AS $body$ BEGIN NULL; END $body$ LANGUAGE plpgsql",
        ));
        routines.note(&statement(
            "CREATE PROCEDURE \"Move\"() LANGUAGE 'plpgsql' AS $$ BEGIN NULL; END $$",
        ));
        for call in [
            "SELECT upgrade()",
            "SELECT public.upgrade()",
            "select * from UPGRADE()",
        ] {
            assert_eq!(
                body_of(&routines, call).as_deref(),
                Some(" BEGIN NULL; END "),
                "{call}"
            );
        }
        assert!(body_of(&routines, "CALL \"Move\"()").is_some());
        // A query that uses the function, another function, or another case of a
        // quoted name, is not a call of it.
        for other in [
            "SELECT upgrade(), 1",
            "SELECT upgrade() FROM t",
            "SELECT other()",
            "CALL move()",
            "INSERT INTO t SELECT upgrade()",
        ] {
            assert!(body_of(&routines, other).is_none(), "{other}");
        }
    }

    #[test]
    fn routines_with_parameters_in_other_languages_or_dropped_are_not_followed() {
        let mut routines = Routines::default();
        routines.note(&statement(
            "CREATE FUNCTION f(n int) RETURNS void AS $$ BEGIN NULL; END $$ LANGUAGE plpgsql",
        ));
        routines.note(&statement(
            "CREATE FUNCTION g() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql",
        ));
        routines.note(&statement(
            "CREATE FUNCTION h() RETURNS void AS $$ BEGIN NULL; END $$ LANGUAGE plpgsql",
        ));
        assert!(body_of(&routines, "SELECT f()").is_none());
        assert!(body_of(&routines, "SELECT g()").is_none());
        assert!(body_of(&routines, "SELECT h()").is_some());
        routines.note(&statement("DROP FUNCTION IF EXISTS x(), h()"));
        assert!(body_of(&routines, "SELECT h()").is_none());
    }
}
