//! Splits a migration's text into statements at top-level semicolons.
//!
//! A semicolon only ends a statement outside quotes and comments, so the splitter knows
//! PostgreSQL's lexical forms: `'...'` (with `''`), `E'...'` (with backslash escapes),
//! `"..."` identifiers, `$$...$$` and `$tag$...$tag$` bodies, `--` line comments and
//! nested `/* */` block comments. Each statement keeps its byte range in the file, so
//! every later diagnostic can point back at the source.

use std::ops::Range;

/// One statement: its byte range in the file, from its first token to just before `;`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawStatement {
    pub range: Range<usize>,
}

/// Text the splitter cannot close: an unterminated string, identifier, dollar quote or
/// block comment, with the byte range of its opening.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitError {
    pub what: &'static str,
    pub opening: Range<usize>,
    pub closing: String,
}

/// Splits `text` into statements. Statements that hold nothing but comments and
/// whitespace are left out.
pub fn split(text: &str) -> Result<Vec<RawStatement>, SplitError> {
    let bytes = text.as_bytes();
    let mut statements = Vec::new();
    // Start of the current statement's first token, once one has been seen.
    let mut start: Option<usize> = None;
    // End of the last token of the current statement (comments after it are not part of it).
    let mut end = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b';' => {
                i += 1;
                if let Some(s) = start.take() {
                    statements.push(RawStatement { range: s..end });
                    // `COPY ... FROM stdin;` (as pg_dump writes data) is followed by its
                    // rows, up to a line `\.`: data, not statements.
                    if copies_from_stdin(&text[s..end]) {
                        i = after_copy_data(text, i);
                    }
                }
            }
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                i = text[i..].find('\n').map_or(bytes.len(), |n| i + n + 1);
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = skip_block_comment(bytes, i)?;
            }
            _ if b.is_ascii_whitespace() => i += 1,
            // A psql meta-command (`\restrict`, `\connect`, `\set`, as `pg_dump` and
            // hand-written scripts hold) where a statement would begin: psql reads it to the
            // end of its line and runs it itself, with no `;`. It is a statement of its own
            // here, so the classification decides what it is.
            b'\\' if start.is_none() => {
                let line_end = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
                let end_of_command = i + text[i..line_end].trim_end().len();
                statements.push(RawStatement {
                    range: i..end_of_command,
                });
                i = line_end;
            }
            _ => {
                let token_start = i;
                i = skip_token(text, i)?;
                start.get_or_insert(token_start);
                end = i;
            }
        }
    }
    if let Some(s) = start {
        statements.push(RawStatement { range: s..end });
    }
    Ok(statements)
}

/// Whether a statement is `COPY ... FROM STDIN`, whose rows follow it inline.
fn copies_from_stdin(statement: &str) -> bool {
    let starts_copy = statement
        .get(..4)
        .is_some_and(|w| w.eq_ignore_ascii_case("COPY"));
    starts_copy && {
        let words: Vec<&str> = statement.split_whitespace().collect();
        words.windows(2).any(|w| {
            w[0].eq_ignore_ascii_case("FROM")
                && w[1].trim_end_matches(';').eq_ignore_ascii_case("STDIN")
        })
    }
}

/// The offset after the inline rows of a `COPY ... FROM STDIN` that ended at `at`: the
/// rows start on the next line and end at a line holding only `\.` (or at the end).
fn after_copy_data(text: &str, at: usize) -> usize {
    let Some(newline) = text[at..].find('\n') else {
        return text.len();
    };
    let mut line_start = at + newline + 1;
    while line_start < text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |n| line_start + n);
        let line = text[line_start..line_end].trim_end_matches('\r');
        let next = (line_end + 1).min(text.len());
        if line == "\\." {
            return next;
        }
        line_start = next;
    }
    text.len()
}

/// The byte ranges of the tokens of `text`, comments and whitespace left out. Strings,
/// quoted identifiers and dollar-quoted bodies are one token each.
pub fn tokens(text: &str) -> Result<Vec<Range<usize>>, SplitError> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                i = text[i..].find('\n').map_or(bytes.len(), |n| i + n + 1);
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => i = skip_block_comment(bytes, i)?,
            b if b.is_ascii_whitespace() => i += 1,
            _ => {
                let end = skip_token(text, i)?;
                out.push(i..end);
                i = end;
            }
        }
    }
    Ok(out)
}

/// Skips one token (or one character of punctuation) starting at `i`, returning the
/// offset after it.
fn skip_token(text: &str, i: usize) -> Result<usize, SplitError> {
    let bytes = text.as_bytes();
    let b = bytes[i];
    let prev_is_word = i > 0 && is_ident_byte(bytes[i - 1]);
    match b {
        b'\'' => skip_quoted(bytes, i, b'\'', false, "string literal"),
        b'"' => skip_quoted(bytes, i, b'"', false, "quoted identifier"),
        b'e' | b'E' if bytes.get(i + 1) == Some(&b'\'') && !prev_is_word => {
            skip_quoted(bytes, i + 1, b'\'', true, "escape string literal")
        }
        b'$' if !prev_is_word => match dollar_tag(bytes, i) {
            Some(tag_end) => {
                let tag = &text[i..tag_end];
                match text[tag_end..].find(tag) {
                    Some(n) => Ok(tag_end + n + tag.len()),
                    None => Err(SplitError {
                        what: "dollar-quoted string",
                        opening: i..tag_end,
                        closing: tag.to_string(),
                    }),
                }
            }
            None => Ok(i + 1),
        },
        _ if is_ident_byte(b) => {
            let mut j = i + 1;
            while j < bytes.len() && (is_ident_byte(bytes[j]) || bytes[j] == b'$') {
                j += 1;
            }
            Ok(j)
        }
        // One character of punctuation; a multi-byte character is skipped whole.
        _ => Ok(i + text[i..].chars().next().map_or(1, char::len_utf8)),
    }
}

/// Bytes that continue an identifier or keyword (non-ASCII letters included, as
/// PostgreSQL's lexer allows them).
fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// If a dollar-quote tag (`$$` or `$name$`) starts at `i`, the offset just after it.
fn dollar_tag(bytes: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    // A tag's first character cannot be a digit: `$1` is a parameter, not a quote.
    if j < bytes.len() && (bytes[j].is_ascii_alphabetic() || bytes[j] == b'_' || bytes[j] >= 0x80) {
        while j < bytes.len() && is_ident_byte(bytes[j]) {
            j += 1;
        }
    }
    (bytes.get(j) == Some(&b'$')).then_some(j + 1)
}

fn skip_quoted(
    bytes: &[u8],
    open: usize,
    quote: u8,
    backslash_escapes: bool,
    what: &'static str,
) -> Result<usize, SplitError> {
    let mut j = open + 1;
    while j < bytes.len() {
        match bytes[j] {
            b'\\' if backslash_escapes => j += 2,
            b if b == quote => {
                // A doubled quote stands for one quote character inside the literal.
                if bytes.get(j + 1) == Some(&quote) {
                    j += 2;
                } else {
                    return Ok(j + 1);
                }
            }
            _ => j += 1,
        }
    }
    Err(SplitError {
        what,
        opening: open..open + 1,
        closing: char::from(quote).to_string(),
    })
}

/// Block comments nest in PostgreSQL (unlike C).
fn skip_block_comment(bytes: &[u8], open: usize) -> Result<usize, SplitError> {
    let mut depth = 0usize;
    let mut j = open;
    while j < bytes.len() {
        if bytes[j] == b'/' && bytes.get(j + 1) == Some(&b'*') {
            depth += 1;
            j += 2;
        } else if bytes[j] == b'*' && bytes.get(j + 1) == Some(&b'/') {
            depth -= 1;
            j += 2;
            if depth == 0 {
                return Ok(j);
            }
        } else {
            j += 1;
        }
    }
    Err(SplitError {
        what: "block comment",
        opening: open..open + 2,
        closing: "*/".to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(sql: &str) -> Vec<&str> {
        split(sql)
            .unwrap()
            .into_iter()
            .map(|s| &sql[s.range])
            .collect()
    }

    #[test]
    fn splits_at_top_level_semicolons_only() {
        let sql = "CREATE TABLE a (x text DEFAULT ';');\n\
                   -- a comment; with a semicolon\n\
                   INSERT INTO a VALUES ('it''s;'), (E'\\';'), (\"q;\");\n\
                   /* outer /* inner; */ still; */ SELECT 1;\n\
                   CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\n\
                   DO $body$ BEGIN PERFORM 1; END $body$;\n\
                   SELECT $1, a$b$c FROM t";
        assert_eq!(
            texts(sql),
            vec![
                "CREATE TABLE a (x text DEFAULT ';')",
                "INSERT INTO a VALUES ('it''s;'), (E'\\';'), (\"q;\")",
                "SELECT 1",
                "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql",
                "DO $body$ BEGIN PERFORM 1; END $body$",
                "SELECT $1, a$b$c FROM t",
            ]
        );
    }

    #[test]
    fn comment_only_and_empty_statements_are_left_out() {
        assert!(texts("").is_empty());
        assert!(texts(" ;; -- x\n /* y */ ;").is_empty());
        assert_eq!(texts("SELECT 1 -- trailing\n"), vec!["SELECT 1"]);
    }

    #[test]
    fn a_dollar_tag_closes_only_on_the_same_tag() {
        let sql = "SELECT $a$ $$ ; $b$ ; $a$; SELECT 2";
        assert_eq!(texts(sql), vec!["SELECT $a$ $$ ; $b$ ; $a$", "SELECT 2"]);
    }

    #[test]
    fn unterminated_text_is_an_error_at_its_opening() {
        for (sql, what, at) in [
            ("SELECT 'abc", "string literal", 7),
            ("SELECT E'ab\\'", "escape string literal", 8),
            ("SELECT \"abc", "quoted identifier", 7),
            ("SELECT $x$ abc $y$", "dollar-quoted string", 7),
            ("SELECT 1 /* a /* b */", "block comment", 9),
        ] {
            let err = split(sql).unwrap_err();
            assert_eq!((err.what, err.opening.start), (what, at), "{sql}");
        }
    }

    #[test]
    fn tokens_skip_comments_and_keep_strings_whole() {
        let sql = "DO -- c\n LANGUAGE plpgsql $x$ a; 'b' $x$ /* d */ ;";
        let words: Vec<&str> = tokens(sql).unwrap().into_iter().map(|r| &sql[r]).collect();
        assert_eq!(
            words,
            vec!["DO", "LANGUAGE", "plpgsql", "$x$ a; 'b' $x$", ";"]
        );
    }

    #[test]
    fn the_rows_of_copy_from_stdin_are_not_statements() {
        let sql = "CREATE TABLE t (a int, b text);\n\
                   COPY public.t (a, b) FROM stdin;\n\
                   1\tit's; here\n\
                   2\t\\N\n\
                   \\.\n\
                   CREATE TABLE u (a int);\n\
                   copy t from STDIN;\r\n3\tx\r\n\\.\r\n\
                   COPY t TO stdout;\n\
                   SELECT 1";
        assert_eq!(
            texts(sql),
            [
                "CREATE TABLE t (a int, b text)",
                "COPY public.t (a, b) FROM stdin",
                "CREATE TABLE u (a int)",
                "copy t from STDIN",
                "COPY t TO stdout",
                "SELECT 1",
            ]
        );
        // Rows without their closing line run to the end of the file.
        assert_eq!(texts("COPY t FROM stdin;\n1\n2"), ["COPY t FROM stdin"]);
    }

    #[test]
    fn a_psql_meta_command_is_a_statement_to_the_end_of_its_line() {
        // As pg_dump 15.14+ and 17.6+ write them, and `\connect` as pg_dumpall does; no `;`
        // ends them, and the next statement starts on the next line.
        let sql = "\\restrict 1XJx\r\n\n\
                   SET x = 1;\n\
                   \\connect mydb  \n\
                   CREATE TABLE t (a int);  \\echo done\n\
                   SELECT 'a\\b';\n\
                   \\unrestrict 1XJx";
        assert_eq!(
            texts(sql),
            [
                "\\restrict 1XJx",
                "SET x = 1",
                "\\connect mydb",
                "CREATE TABLE t (a int)",
                "\\echo done",
                "SELECT 'a\\b'",
                "\\unrestrict 1XJx",
            ]
        );
    }

    #[test]
    fn non_ascii_text_is_kept_whole() {
        assert_eq!(
            texts("SELECT 'é'; SELECT ü"),
            vec!["SELECT 'é'", "SELECT ü"]
        );
    }
}
