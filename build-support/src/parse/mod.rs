//! Stage 2: classify each statement by its head ([`classify`]), then parse those that
//! can change the model on their own with sqlparser's PostgreSQL dialect, so one
//! statement sqlparser does not understand is one located diagnostic, not a lost file.
//! [`extra`] reads the few schema-changing statements sqlparser does not.

pub mod classify;
pub mod extra;
mod mask;

use std::ops::Range;

use sqlparser::ast::Statement as Ast;
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::{Parser, ParserError};

use classify::AlterTable;
pub use classify::{Class, PassOver};

use crate::diagnostic::Diagnostic;
use crate::source::Statement;
use crate::source::split::tokens;

/// What a statement turned out to be.
#[derive(Debug)]
pub enum Parsed {
    Statement(Box<Ast>),
    /// Its leading keywords show it cannot change the model (a function, a grant, data:
    /// [`classify`]), or it is a `DO` block in a language other than PL/pgSQL; the model
    /// passes over it.
    Opaque,
    /// `DO [LANGUAGE plpgsql] $$ ... $$`: the byte range of the body within the
    /// statement, for [`crate::source::plpgsql`] to read.
    Do {
        body: Range<usize>,
    },
    /// A statement read by the pre-pass in [`extra`].
    Extra(Box<extra::Extra>),
}

/// Parses one statement.
pub fn parse(statement: &Statement) -> Result<Parsed, Diagnostic> {
    parse_classified(statement).parsed
}

/// A statement read: how [`classify`] classed it, and what it turned out to be.
#[derive(Debug)]
pub struct Read {
    pub class: Class,
    /// The `ALTER TABLE` actions blanked out before the rest was read, by class.
    pub actions_passed_over: Vec<PassOver>,
    pub parsed: Result<Parsed, Diagnostic>,
}

impl Read {
    fn passed_over(class: PassOver) -> Read {
        Read {
            class: Class::PassedOver(class),
            actions_passed_over: Vec::new(),
            parsed: Ok(Parsed::Opaque),
        }
    }

    pub(crate) fn modelled(parsed: Result<Parsed, Diagnostic>) -> Read {
        Read {
            class: Class::Modelled,
            actions_passed_over: Vec::new(),
            parsed,
        }
    }
}

/// Parses one statement, and says how it was classed: a statement [`classify`] passes
/// over is [`Parsed::Opaque`] without sqlparser reading it.
pub fn parse_classified(statement: &Statement) -> Read {
    let head = classify::Head::of(statement.text());
    if head.starts_with(&["DO"])
        && let Some(parsed) = do_block(statement)
    {
        // A block in another language than PL/pgSQL is a routine schemagen cannot read.
        if matches!(parsed, Ok(Parsed::Opaque)) {
            return Read::passed_over(PassOver::Routines);
        }
        return Read::modelled(parsed);
    }
    if let Class::PassedOver(class) = classify::classify(statement.text(), &head) {
        return Read::passed_over(class);
    }
    // An `ALTER TABLE` whose actions change nothing modelled is passed over; one with
    // some such actions is read with them blanked out.
    if head.starts_with(&["ALTER", "TABLE"]) {
        match classify::alter_table(statement.text()) {
            AlterTable::Whole => {}
            AlterTable::PassedOver(class) => return Read::passed_over(class),
            AlterTable::Partly { text, passed_over } => {
                return Read {
                    class: Class::Modelled,
                    actions_passed_over: passed_over,
                    parsed: parse_modelled(statement, &text),
                };
            }
        }
    }
    let parsed = parse_modelled(statement, statement.text()).map_err(|mut e| {
        if let Some(hint) = classify::unread_hint(&head) {
            e.hint = Some(hint.to_string());
        }
        e
    });
    Read::modelled(parsed)
}

/// `error` (one that says a statement cannot be read) with a second hint line: the
/// escape hatch that passes over this one statement without editing the migration.
/// `uses_folders`: whether the layout's migrations are folders (`<name>/up.sql`), so
/// the path relative to the migrations folder has two parts.
pub fn with_pass_over_hint(
    mut error: Diagnostic,
    statement: &Statement,
    uses_folders: bool,
) -> Diagnostic {
    let path = &statement.file.path;
    let mut parts = path.rsplit(['/', '\\']);
    let file = parts.next().unwrap_or(path);
    let relative = match parts.next().filter(|_| uses_folders) {
        Some(folder) => format!("{folder}/{file}"),
        None => file.to_string(),
    };
    let (line, _) = statement.file.line_col(statement.range.start);
    let what = if classify::Head::of(statement.text()).starts_with(&["DO"]) {
        "the `DO` block that holds this statement"
    } else {
        "this one statement"
    };
    let call = format!(
        "if it changes nothing schemagen needs, pass over {what} without editing the \
         migration: `Builder::pass_over(\"{relative}:{line}\")` (CLI: `--pass-over \
         '{relative}:{line}'`)"
    );
    error.hint = Some(match error.hint.take() {
        Some(hint) => format!("{hint}\n{call}"),
        None => call,
    });
    error
}

/// Reads a statement that can change the model: `text` is the statement's text, or the
/// same with some words blanked (positions kept).
fn parse_modelled(statement: &Statement, text: &str) -> Result<Parsed, Diagnostic> {
    let words = leading_words(text);
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    if let Some(result) = extra::read(text, &words) {
        return result
            .map(|e| Parsed::Extra(Box::new(e)))
            .map_err(|e| parse_error(statement, &e));
    }
    let dialect = PostgreSqlDialect {};
    let for_parser = mask::for_sqlparser(text, &words);
    let result = Parser::new(&dialect)
        .try_with_sql(&for_parser)
        .and_then(|mut p| p.parse_statements());
    match result {
        Ok(mut asts) if asts.len() == 1 => Ok(Parsed::Statement(Box::new(asts.remove(0)))),
        Ok(asts) => Err(Diagnostic::error(format!(
            "expected one statement, sqlparser read {}",
            asts.len()
        ))
        .with_span(statement.whole())
        .with_hint("end each statement with `;`")),
        Err(e) => match extra::read_fallback(text, &words) {
            Some(Ok(parsed)) => Ok(parsed),
            // The pre-pass error points at the action it could not read.
            Some(Err(fallback)) => Err(parse_error(statement, &fallback)),
            None => Err(parse_error(statement, &e)),
        },
    }
}

/// Reads `DO [LANGUAGE name] <string>`, which sqlparser does not parse. `None` when
/// the statement is not a `DO` block.
fn do_block(statement: &Statement) -> Option<Result<Parsed, Diagnostic>> {
    let text = statement.text();
    let toks = tokens(text).ok()?;
    let word = |i: usize| toks.get(i).map(|r| text[r.clone()].to_ascii_uppercase());
    if word(0).as_deref() != Some("DO") {
        return None;
    }
    let (language, body) = match word(1).as_deref() {
        Some("LANGUAGE") => (word(2), toks.get(3)),
        _ => (None, toks.get(1)),
    };
    let malformed = || {
        Diagnostic::error("cannot read this `DO` block")
            .with_span(statement.whole())
            .with_hint("write `DO $$ ... $$` with the body as a dollar-quoted string")
    };
    let Some(body) = body.cloned() else {
        return Some(Err(malformed()));
    };
    if language.is_some_and(|l| l != "PLPGSQL") {
        // Other procedural languages: nothing schemagen can read.
        return Some(Ok(Parsed::Opaque));
    }
    // The body is one whole string token: `$tag$ ... $tag$` or `' ... '`. Anything else
    // (a lone `$`, a quote the splitter let through unclosed) is not a body.
    let quoted = &text[body.clone()];
    let quote = if quoted.starts_with('$') {
        quoted[1..].find('$').map(|i| &quoted[..i + 2])
    } else if quoted.starts_with('\'') {
        Some("'")
    } else {
        None
    };
    let Some(quote) = quote.filter(|q| quoted.len() >= 2 * q.len() && quoted.ends_with(q)) else {
        return Some(Err(malformed()));
    };
    let quote_len = quote.len();
    Some(Ok(Parsed::Do {
        body: body.start + quote_len..body.end - quote_len,
    }))
}

/// The first four words of a statement, upper-cased, for telling statement kinds apart.
fn leading_words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .take(4)
        .map(|w| w.to_ascii_uppercase())
        .collect()
}

/// Turns sqlparser's message (`... at Line: 2, Column: 7`) into a located diagnostic.
fn parse_error(statement: &Statement, error: &ParserError) -> Diagnostic {
    let (message, position) = match error {
        ParserError::ParserError(m) | ParserError::TokenizerError(m) => split_position(m),
        ParserError::RecursionLimitExceeded => (
            "the statement nests too deeply to be read".to_string(),
            None,
        ),
    };
    let undecodable = is_undecodable_escape(statement, &message);
    let message = if undecodable {
        "an escape in this E'...' string is one sqlparser cannot decode".to_string()
    } else {
        message
    };
    let span = match position {
        Some((line, col)) => {
            let at = statement.offset_of(line, col);
            let len = statement.text()[at..]
                .find(|c: char| c.is_whitespace() || c == ',' || c == ')' || c == '(')
                .unwrap_or(statement.text().len() - at)
                .max(1);
            statement.span(at..at + len)
        }
        // sqlparser gives no position for the end of input: point at the last character.
        None if message.ends_with("found: EOF") => {
            let end = statement.text().len();
            let last = statement.text().char_indices().last().map_or(0, |(i, _)| i);
            statement.span(last..end)
        }
        None => statement.whole(),
    };
    Diagnostic::error(format!(
        "cannot parse this statement: {}",
        lowercase_first(&message)
    ))
    .with_span(span)
    .with_label("sqlparser stopped here")
    .with_hint(match error {
        _ if undecodable => UNDECODABLE_HINT,
        ParserError::RecursionLimitExceeded => {
            "sqlparser reads at most 50 levels of nested expressions; split the expression \
             into simpler parts"
        }
        _ => {
            "check the statement against PostgreSQL's syntax; if PostgreSQL accepts it, \
             sqlparser does not read this form yet: please report it"
        }
    })
}

/// The hint for an escape [`is_undecodable_escape`] finds: what PostgreSQL takes that
/// sqlparser's tokenizer does not, and how to write it instead.
const UNDECODABLE_HINT: &str = "sqlparser decodes `\\x` and octal escapes up to 0x7F \
    only, and `\\u` escapes outside UTF-16 surrogates; PostgreSQL also takes UTF-8 byte \
    sequences (`\\xc3\\xa9`) and surrogate pairs: write the character itself, or `\\u` / \
    `\\U` with its code point (`\\u00e9`)";

/// Whether sqlparser's error is its "unterminated" one for an `E'...'` string that is in
/// fact closed (the splitter's tokens say so): sqlparser reports an escape it cannot
/// decode (`\xff`, a surrogate `\ud83d`) that way.
fn is_undecodable_escape(statement: &Statement, message: &str) -> bool {
    message == "Unterminated encoded string literal" && tokens(statement.text()).is_ok()
}

/// Splits `"Expected: x, found: y at Line: 1, Column: 5"` into the message and position.
fn split_position(message: &str) -> (String, Option<(usize, usize)>) {
    if let Some(i) = message.rfind(" at Line: ") {
        let tail = &message[i + " at Line: ".len()..];
        if let Some((line, col)) = tail.split_once(", Column: ")
            && let (Ok(line), Ok(col)) = (line.trim().parse(), col.trim().parse())
        {
            return (message[..i].to_string(), Some((line, col)));
        }
    }
    (message.to_string(), None)
}

fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
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
                text: format!("\n  {text}"),
            }),
            range: 3..3 + text.len(),
        }
    }

    #[test]
    fn a_rejected_statement_is_located_in_the_file() {
        let s = statement("CREATE TABLE t (\n  a text,\n  b text NOT NUL\n)");
        let d = parse(&s).unwrap_err();
        assert_eq!(d.location().as_deref(), Some("m/1_a.sql:4:10"), "{d}");
        assert!(
            d.message
                .starts_with("cannot parse this statement: expected"),
            "{d}"
        );
    }

    #[test]
    fn unreadable_function_bodies_are_opaque() {
        let s = statement(
            "CREATE FUNCTION f() RETURNS trigger AS 'x' LANGUAGE plpgsql WINDOW STRICT LEAKPROOF NONSENSE",
        );
        assert!(matches!(parse(&s), Ok(Parsed::Opaque)));
    }

    #[test]
    fn an_unreadable_select_into_is_an_error_not_passed_over() {
        // A SELECT sqlparser cannot read is passed over, unless it makes a table: then
        // it is located.
        let into = statement("SELECT * INTO t FROM u WHERE )");
        assert!(parse(&into).is_err());
        let plain = statement("SELECT * FROM u WHERE )");
        assert!(matches!(parse(&plain), Ok(Parsed::Opaque)));
        let class = |sql: &str| classify::classify(sql, &classify::Head::of(sql));
        assert_eq!(
            class("SELECT count(*) FROM (SELECT 1 INTO x) s"),
            Class::PassedOver(PassOver::Data)
        );
        assert_eq!(class("select a into t from u"), Class::Modelled);
    }

    #[test]
    fn statements_that_cannot_change_the_model_are_passed_over_unread() {
        for (sql, class) in [
            ("ALTER SEQUENCE s RESTART WITH 1", PassOver::Sequences),
            ("CREATE STATISTICS s ON a, b FROM t", PassOver::Statistics),
            ("SECURITY LABEL ON TABLE t IS 'x'", PassOver::SecurityLabels),
            (
                "ALTER TABLE t OWNER TO me, SET (fillfactor = 1)",
                PassOver::Ownership,
            ),
            // Not SQL sqlparser (or PostgreSQL) reads, but nothing it could say matters.
            ("GRANT whatever nonsense (", PassOver::Privileges),
        ] {
            let read = parse_classified(&statement(sql));
            assert_eq!(read.class, Class::PassedOver(class), "{sql}");
            assert!(matches!(read.parsed, Ok(Parsed::Opaque)), "{sql}");
        }
    }

    #[test]
    fn a_partly_read_alter_table_applies_the_rest_and_keeps_positions() {
        let read = parse_classified(&statement(
            "ALTER TABLE t ALTER CONSTRAINT c DEFERRABLE,\n  ADD COLUMN b int",
        ));
        assert_eq!(read.actions_passed_over, [PassOver::ConstraintChecking]);
        let Ok(Parsed::Statement(ast)) = read.parsed else {
            panic!("{:?}", read.parsed);
        };
        assert_eq!(
            ast.to_string(),
            "ALTER TABLE t ADD COLUMN b INT",
            "only the kept action"
        );
        // An error in a kept action points at it, in the file.
        let d = parse(&statement(
            "ALTER TABLE t SET (fillfactor = 70),\n  ADD COLUMN b int NOT NUL",
        ))
        .unwrap_err();
        assert_eq!(d.location().as_deref(), Some("m/1_a.sql:3:20"), "{d}");
    }

    #[test]
    fn the_pass_over_hint_names_the_statement_relative_to_the_folder() {
        let s = statement("CREATE TABLE t (a nonsense(");
        let d = with_pass_over_hint(parse(&s).unwrap_err(), &s, false);
        let hint = d.hint.as_deref().unwrap_or("");
        assert!(
            hint.contains("`Builder::pass_over(\"1_a.sql:2\")`"),
            "{hint}"
        );
        assert!(hint.contains("--pass-over '1_a.sql:2'"), "{hint}");
        let d = with_pass_over_hint(parse(&s).unwrap_err(), &s, true);
        assert!(
            d.hint
                .as_deref()
                .is_some_and(|h| h.contains("Builder::pass_over(\"m/1_a.sql:2\")")),
            "{d}"
        );
    }

    /// PostgreSQL 15 to 18 syntax sqlparser does not read: the schema it leaves is the
    /// one its older spelling (which PostgreSQL 15, the test servers' version, applies)
    /// leaves, as far as the dump can tell.
    #[test]
    fn newer_syntax_leaves_the_schema_its_older_spelling_leaves() {
        let setup = "CREATE TABLE t (id int PRIMARY KEY, a int, b text, doc jsonb);\n\
                     CREATE TABLE p (id int, valid tstzrange, PRIMARY KEY (id, valid));\n";
        let dump = |sql: &str| {
            let loaded = crate::load_inline(&[("0001_a.sql", setup), ("0002_b.sql", sql)])
                .unwrap_or_else(|e| panic!("{sql}\n{e}"));
            crate::Dump::from(&loaded.schema).to_json()
        };
        for (newer, older) in [
            // 15: NULLS NOT DISTINCT on a column.
            (
                "CREATE TABLE u (a int UNIQUE NULLS NOT DISTINCT, b int UNIQUE NULLS DISTINCT)",
                "CREATE TABLE u (a int UNIQUE, b int UNIQUE)",
            ),
            // 14 and 16: COMPRESSION and STORAGE; 12: the table's access method.
            (
                "CREATE TABLE u (a text STORAGE EXTERNAL COMPRESSION lz4 NOT NULL, compression int) USING heap",
                "CREATE TABLE u (a text NOT NULL, compression int)",
            ),
            (
                "ALTER TABLE t ADD COLUMN c text COMPRESSION pglz, ALTER COLUMN b SET COMPRESSION default",
                "ALTER TABLE t ADD COLUMN c text",
            ),
            // 18: named NOT NULL constraints, in CREATE TABLE (beside LIKE too) and ALTER.
            (
                "CREATE TABLE u (a int, CONSTRAINT u_a_nn NOT NULL a, NOT NULL \"B\" NO INHERIT, \"B\" text)",
                "CREATE TABLE u (a int NOT NULL, \"B\" text NOT NULL)",
            ),
            (
                "CREATE TABLE u (LIKE t, NOT NULL b)",
                "CREATE TABLE u (LIKE t); ALTER TABLE u ALTER COLUMN b SET NOT NULL",
            ),
            (
                "ALTER TABLE t ADD CONSTRAINT t_a_nn NOT NULL a NOT VALID, ADD NOT NULL b",
                "ALTER TABLE t ALTER COLUMN a SET NOT NULL, ALTER COLUMN b SET NOT NULL",
            ),
            // 18: virtual generated columns, the default without STORED.
            (
                "CREATE TABLE u (a int, b int GENERATED ALWAYS AS (a * 2) VIRTUAL,\n  c int GENERATED ALWAYS AS (a + 1))",
                "CREATE TABLE u (a int, b int GENERATED ALWAYS AS (a * 2) STORED,\n  c int GENERATED ALWAYS AS (a + 1) STORED)",
            ),
            (
                "ALTER TABLE t ADD COLUMN g int GENERATED ALWAYS AS (a * 2)",
                "ALTER TABLE t ADD COLUMN g int GENERATED ALWAYS AS (a * 2) STORED",
            ),
            // 16: non-decimal integers and underscores in numbers.
            (
                "CREATE TABLE u (a int DEFAULT 0o17 CHECK (a < 0b1_01), b bigint DEFAULT 1_000 CHECK (b > 0x1F))",
                "CREATE TABLE u (a int DEFAULT 15 CHECK (a < 5), b bigint DEFAULT 1000 CHECK (b > 31))",
            ),
            // 18: temporal keys.
            (
                "CREATE TABLE u (id int, valid tstzrange, PRIMARY KEY (id, valid WITHOUT OVERLAPS),\n  \
                 FOREIGN KEY (id, PERIOD valid) REFERENCES p (id, PERIOD valid))",
                "CREATE TABLE u (id int, valid tstzrange, PRIMARY KEY (id, valid),\n  \
                 FOREIGN KEY (id, valid) REFERENCES p (id, valid))",
            ),
            // 18: NOT ENFORCED constraints still exist; uuidv7().
            (
                "CREATE TABLE u (id uuid DEFAULT uuidv7() PRIMARY KEY, a int CHECK (a > 0) NOT ENFORCED)",
                "CREATE TABLE u (id uuid DEFAULT gen_random_uuid() PRIMARY KEY, a int CHECK (a > 0))",
            ),
            // 17: SET EXPRESSION; a FROM subquery without an alias (16); JSON_TABLE (17).
            (
                "ALTER TABLE t ADD g int GENERATED ALWAYS AS (a) STORED;\n\
                 ALTER TABLE t ALTER COLUMN g SET EXPRESSION AS (a * 3)",
                "ALTER TABLE t ADD g int GENERATED ALWAYS AS (a) STORED",
            ),
            (
                "CREATE VIEW v AS SELECT x FROM (SELECT a AS x FROM t)",
                "CREATE VIEW v AS SELECT x FROM (SELECT a AS x FROM t) AS s",
            ),
            (
                "CREATE VIEW v AS SELECT j.* FROM t, JSON_TABLE(t.doc, '$.items[*]' \
                 COLUMNS (n FOR ORDINALITY, id int PATH '$.id')) AS j",
                "CREATE VIEW v AS SELECT 1::bigint AS n, 1 AS id",
            ),
        ] {
            assert_eq!(dump(newer), dump(older), "{newer}");
        }
    }

    /// `ALTER EXTENSION ... SET SCHEMA` reaches the model and moves the extension's
    /// types; its other forms are passed over.
    #[test]
    fn alter_extension_set_schema_moves_its_types() {
        let loaded = crate::load_inline(&[
            (
                "0001_a.sql",
                "CREATE SCHEMA ext;\nCREATE EXTENSION citext;\n\
                 ALTER EXTENSION citext UPDATE;\nALTER EXTENSION citext SET SCHEMA ext;",
            ),
            ("0002_b.sql", "CREATE TABLE t (a ext.citext);"),
        ])
        .unwrap_or_else(|e| panic!("{e}"));
        let dump = crate::Dump::from(&loaded.schema).to_json();
        assert!(dump.contains("ext.citext"), "{dump}");
        let refused = crate::load_inline(&[(
            "0001_a.sql",
            "CREATE SCHEMA ext;\nCREATE EXTENSION citext;\n\
             ALTER EXTENSION citext SET SCHEMA ext;\nCREATE TABLE t (a public.citext);",
        )]);
        assert!(refused.is_err(), "the type moved out of public");
    }

    #[test]
    fn position_is_split_from_the_message() {
        assert_eq!(
            split_position("Expected: ), found: x at Line: 2, Column: 7"),
            ("Expected: ), found: x".to_string(), Some((2, 7)))
        );
        assert_eq!(split_position("oops"), ("oops".to_string(), None));
    }

    /// The labels of a parsed enum statement, each with the text its span covers.
    fn labels(text: &str) -> Vec<(String, String)> {
        use sqlparser::ast::{AlterTypeAddValuePosition as Position, AlterTypeOperation as Op};
        let s = statement(text);
        let Ok(Parsed::Statement(ast)) = parse(&s) else {
            panic!("{text} parses as a sqlparser statement");
        };
        let covered = |label: &sqlparser::ast::Ident| {
            let (start, end) = (label.span.start, label.span.end);
            let start = s.offset_of(start.line as usize, start.column as usize);
            let end = s.offset_of(end.line as usize, end.column as usize);
            s.text()[start..end].to_string()
        };
        let labels: Vec<&sqlparser::ast::Ident> = match &*ast {
            Ast::CreateType {
                representation: Some(sqlparser::ast::UserDefinedTypeRepresentation::Enum { labels }),
                ..
            } => labels.iter().collect(),
            Ast::AlterType(alter) => match &alter.operation {
                Op::AddValue(add) => std::iter::once(&add.value)
                    .chain(add.position.as_ref().map(|p| match p {
                        Position::Before(l) | Position::After(l) => l,
                    }))
                    .collect(),
                Op::RenameValue(rename) => vec![&rename.from, &rename.to],
                other => panic!("{other:?}"),
            },
            other => panic!("{other:?}"),
        };
        labels
            .into_iter()
            .map(|l| (l.value.clone(), covered(l)))
            .collect()
    }

    fn pairs(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn enum_labels_take_escape_and_unicode_strings_decoded_as_postgresql_does() {
        assert_eq!(
            labels(
                r"CREATE TYPE s.e AS ENUM (E'line\nbreak', 'plain',
                  E'\t\\\'''\b\f\r', E'\101\x42\u00e9\U0001F600\q', U&'d\0061t\+000061')"
            ),
            pairs(&[
                ("line\nbreak", r"E'line\nbreak'"),
                ("plain", "'plain'"),
                ("\t\\''\u{8}\u{c}\r", r"E'\t\\\'''\b\f\r'"),
                ("ABé😀q", r"E'\101\x42\u00e9\U0001F600\q'"),
                ("data", r"U&'d\0061t\+000061'"),
            ])
        );
        assert_eq!(
            labels(r"ALTER TYPE e ADD VALUE IF NOT EXISTS E'a\nb' BEFORE E'c\td'"),
            pairs(&[("a\nb", r"E'a\nb'"), ("c\td", r"E'c\td'")])
        );
        assert_eq!(
            labels(r"ALTER TYPE e RENAME VALUE E'\'x' TO 'y'"),
            pairs(&[("'x", r"E'\'x'"), ("y", "'y'")])
        );
        // An enum without labels is sqlparser's own reading.
        assert_eq!(labels("CREATE TYPE e AS ENUM ()"), pairs(&[]));
    }

    #[test]
    fn enum_statements_the_pre_pass_cannot_read_either_are_located() {
        let d = parse(&statement("CREATE TYPE e AS ENUM (E'a', b)")).unwrap_err();
        assert_eq!(d.location().as_deref(), Some("m/1_a.sql:2:32"), "{d}");
        assert!(
            d.message.contains("an enum label (a string constant)"),
            "{d}"
        );
        let d = parse(&statement("ALTER TYPE e OWNER TO E'x'")).unwrap_err();
        assert!(
            d.message.contains("SET SCHEMA, ADD VALUE or RENAME VALUE"),
            "{d}"
        );
        // Other types sqlparser refuses keep its own error.
        let d = parse(&statement("CREATE TYPE c AS (a int b)")).unwrap_err();
        assert!(!d.message.contains("enum label"), "{d}");
    }

    #[test]
    fn an_escape_sqlparser_cannot_decode_is_named_as_such() {
        let d = parse(&statement(r"CREATE TYPE e AS ENUM (E'\xc3\xa9')")).unwrap_err();
        assert_eq!(d.location().as_deref(), Some("m/1_a.sql:2:26"), "{d}");
        assert!(d.message.ends_with("one sqlparser cannot decode"), "{d}");
    }
}
