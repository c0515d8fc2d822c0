//! Up and down sections inside one file, marked by comment lines: goose's
//! `-- +goose Up` / `-- +goose Down` and dbmate's `-- migrate:up` / `-- migrate:down`.
//!
//! Both runners read markers line by line, whatever the SQL around them, so this module
//! does too. It returns byte ranges into the file: the statements are split later by
//! [`super::split`], so every statement keeps its place in the file.
//!
//! goose's `-- +goose StatementBegin` / `StatementEnd` exist because goose's own
//! splitter cuts at every line that ends in `;`, function bodies included. schemagen's
//! splitter knows quotes, dollar quotes and comments, so it cuts a block only where
//! PostgreSQL itself would end a statement (a block that holds several statements is
//! run whole by goose, and PostgreSQL runs each of them). A block's ends are statement
//! ends too, as for goose, whether or not a `;` closes the last statement.

use std::ops::Range;

/// What the markers of one file say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sections {
    /// The pieces of the up section, each split into statements on its own.
    pub up: Vec<Range<usize>>,
    /// The pieces of the down section (never applied).
    pub down: Vec<Range<usize>>,
    /// The file asks not to be run in a transaction (`-- +goose NO TRANSACTION`,
    /// `-- migrate:up transaction:false`).
    pub no_transaction: bool,
    /// Markers that are read but not acted on: (the marker line, what to say).
    pub notes: Vec<(Range<usize>, String)>,
}

/// A marker the runner would refuse, or a missing one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionError {
    /// The offending line (without its line break), or the file's start.
    pub at: Range<usize>,
    pub message: String,
    pub label: String,
    pub hint: String,
}

fn error(at: Range<usize>, message: &str, label: &str, hint: &str) -> SectionError {
    SectionError {
        at,
        message: message.to_string(),
        label: label.to_string(),
        hint: hint.to_string(),
    }
}

/// Each line with its byte range, without the line break (`\n` or `\r\n`).
fn lines(text: &str) -> impl Iterator<Item = (Range<usize>, &str)> {
    let mut offset = 0;
    text.split_inclusive('\n').map(move |raw| {
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        (start..start + line.len(), line)
    })
}

fn is_blank_or_comment(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || t.starts_with("--")
}

/// Whether a line is a goose annotation (`-- +goose ...`), as goose decides it.
pub fn is_goose_marker(line: &str) -> bool {
    line.trim_start().starts_with("--") && line.contains("+goose")
}

/// Whether a line is a dbmate marker (`-- migrate:up`, `-- migrate:down`).
pub fn is_dbmate_marker(line: &str) -> bool {
    dbmate_marker(line).is_some()
}

/// Whether any line of `text` is a goose annotation.
pub fn has_goose_markers(text: &str) -> bool {
    lines(text).any(|(_, l)| is_goose_marker(l))
}

/// Whether any line of `text` is a dbmate marker.
pub fn has_dbmate_markers(text: &str) -> bool {
    lines(text).any(|(_, l)| is_dbmate_marker(l))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Goose {
    Up,
    Down,
    StatementBegin,
    StatementEnd,
    NoTransaction,
    EnvsubOn,
    EnvsubOff,
}

/// goose's annotation on a line, matched without regard to case as goose does.
fn goose_annotation(line: &str) -> Option<Goose> {
    let cmd = line.replace("--", "");
    let cmd = cmd.replacen("+goose", "", 1);
    if cmd.contains("+goose") {
        return None;
    }
    let cmd = cmd.split_whitespace().collect::<Vec<_>>().join(" ");
    [
        ("up", Goose::Up),
        ("down", Goose::Down),
        ("statementbegin", Goose::StatementBegin),
        ("statementend", Goose::StatementEnd),
        ("no transaction", Goose::NoTransaction),
        ("envsub on", Goose::EnvsubOn),
        ("envsub off", Goose::EnvsubOff),
    ]
    .into_iter()
    .find(|(name, _)| cmd.eq_ignore_ascii_case(name))
    .map(|(_, a)| a)
}

/// Reads goose's markers. Everything before `-- +goose Up` must be blank or comments;
/// `StatementBegin` / `StatementEnd` must pair up inside a section; unknown
/// annotations are refused, as goose refuses them.
pub fn goose(text: &str) -> Result<Sections, SectionError> {
    let mut out = Sections::default();
    // Which section we are in (None before `Up`), and where the current piece started.
    let mut section: Option<Goose> = None;
    let mut piece_start = 0;
    let mut block: Option<Range<usize>> = None;
    let mut first_statement_before_up: Option<Range<usize>> = None;
    let mut up_marker: Option<Range<usize>> = None;

    let close_piece =
        |out: &mut Sections, section: Option<Goose>, range: Range<usize>| match section {
            Some(Goose::Up) => out.up.push(range),
            Some(Goose::Down) => out.down.push(range),
            _ => {}
        };

    for (range, line) in lines(text) {
        if !is_goose_marker(line) {
            if section.is_none() && !is_blank_or_comment(line) {
                first_statement_before_up.get_or_insert(range);
            }
            continue;
        }
        if line.starts_with([' ', '\t']) {
            return Err(error(
                range,
                "a goose annotation may not be indented",
                "goose refuses this line",
                "start the line with `-- +goose`",
            ));
        }
        let Some(annotation) = goose_annotation(line) else {
            return Err(error(
                range,
                "unknown goose annotation",
                "goose refuses this line",
                "goose knows `Up`, `Down`, `StatementBegin`, `StatementEnd`, `NO TRANSACTION`, \
                 `ENVSUB ON` and `ENVSUB OFF`; write other comments without `+goose`",
            ));
        };
        match annotation {
            Goose::Up | Goose::Down => {
                if let Some(open) = &block {
                    return Err(error(
                        open.clone(),
                        "`-- +goose StatementBegin` is never closed",
                        "this block has no `-- +goose StatementEnd`",
                        "close the block with `-- +goose StatementEnd` before the next section",
                    ));
                }
                if annotation == Goose::Up && up_marker.is_some() {
                    return Err(error(
                        range,
                        "a second `-- +goose Up` annotation",
                        "goose allows one up section per file",
                        "merge the up sections into one",
                    ));
                }
                if annotation == Goose::Down && section != Some(Goose::Up) {
                    return Err(error(
                        range,
                        if section.is_none() {
                            "`-- +goose Down` comes before `-- +goose Up`"
                        } else {
                            "a second `-- +goose Down` annotation"
                        },
                        "goose refuses this file",
                        "start the file with `-- +goose Up`, then one `-- +goose Down`",
                    ));
                }
                close_piece(&mut out, section, piece_start..range.start);
                if annotation == Goose::Up {
                    up_marker = Some(range.clone());
                }
                section = Some(annotation);
                piece_start = range.end;
            }
            Goose::StatementBegin => {
                if section.is_none() {
                    return Err(error(
                        range,
                        "`-- +goose StatementBegin` before `-- +goose Up`",
                        "goose refuses this line",
                        "put statement blocks inside the up or down section",
                    ));
                }
                if let Some(open) = &block {
                    return Err(error(
                        open.clone(),
                        "`-- +goose StatementBegin` is never closed",
                        "this block has no `-- +goose StatementEnd`",
                        "close each block with `-- +goose StatementEnd` before opening another",
                    ));
                }
                close_piece(&mut out, section, piece_start..range.start);
                block = Some(range.clone());
                piece_start = range.end;
            }
            Goose::StatementEnd => {
                if block.take().is_none() {
                    return Err(error(
                        range,
                        "`-- +goose StatementEnd` without `-- +goose StatementBegin`",
                        "no block is open here",
                        "open the block with `-- +goose StatementBegin`",
                    ));
                }
                close_piece(&mut out, section, piece_start..range.start);
                piece_start = range.end;
            }
            Goose::NoTransaction => out.no_transaction = true,
            Goose::EnvsubOn => out.notes.push((
                range,
                "goose substitutes environment variables here (`-- +goose ENVSUB ON`); \
                 schemagen reads the text as written"
                    .to_string(),
            )),
            Goose::EnvsubOff => {}
        }
    }
    if let Some(open) = block {
        return Err(error(
            open,
            "`-- +goose StatementBegin` is never closed",
            "this block has no `-- +goose StatementEnd`",
            "close the block with `-- +goose StatementEnd`",
        ));
    }
    if up_marker.is_none() {
        return Err(error(
            0..0,
            "this goose migration has no `-- +goose Up` annotation",
            "goose refuses a file without one",
            "mark where the up migration starts with a line `-- +goose Up`",
        ));
    }
    if let Some(at) = first_statement_before_up {
        return Err(error(
            at,
            "a statement before `-- +goose Up`",
            "goose refuses SQL outside the up and down sections",
            "move it below `-- +goose Up`",
        ));
    }
    close_piece(&mut out, section, piece_start..text.len());
    Ok(out)
}

/// dbmate's marker on a line: `--`, optional spaces, `migrate:up` or `migrate:down`,
/// then the end of the line or options (`transaction:false`). Returns the direction
/// (true for up) and the options text.
fn dbmate_marker(line: &str) -> Option<(bool, &str)> {
    let rest = line.strip_prefix("--")?.trim_start();
    let rest = rest.strip_prefix("migrate:")?;
    let (up, options) = if let Some(o) = rest.strip_prefix("up") {
        (true, o)
    } else {
        (false, rest.strip_prefix("down")?)
    };
    if !options.is_empty() && !options.starts_with(char::is_whitespace) {
        return None;
    }
    Some((up, options.trim()))
}

/// Reads dbmate's markers: `-- migrate:up` (required, with options such as
/// `transaction:false`) then, optionally, `-- migrate:down`. Only blank lines and
/// comments may come before the first marker, as dbmate requires.
pub fn dbmate(text: &str) -> Result<Sections, SectionError> {
    let mut up: Option<(Range<usize>, &str)> = None;
    let mut down: Option<Range<usize>> = None;
    let mut first_statement: Option<Range<usize>> = None;
    for (range, line) in lines(text) {
        match dbmate_marker(line) {
            // dbmate acts on the first marker of each kind; later ones are comments.
            Some((true, options)) if up.is_none() => up = Some((range, options)),
            Some((false, _)) if down.is_none() => down = Some(range),
            Some(_) => {}
            None if up.is_none() && down.is_none() && !is_blank_or_comment(line) => {
                first_statement.get_or_insert(range);
            }
            None => {}
        }
    }
    let Some((up, options)) = up else {
        return Err(error(
            0..0,
            "this dbmate migration has no `-- migrate:up` marker",
            "dbmate refuses a file without one",
            "mark where the up migration starts with a line `-- migrate:up`",
        ));
    };
    if let Some(at) = first_statement {
        return Err(error(
            at,
            "a statement before `-- migrate:up`",
            "dbmate refuses SQL before the first marker",
            "move it below `-- migrate:up`",
        ));
    }
    let mut out = Sections {
        no_transaction: options
            .split_whitespace()
            .any(|o| o.eq_ignore_ascii_case("transaction:false")),
        ..Sections::default()
    };
    match down {
        Some(down) if down.start < up.start => {
            return Err(error(
                down,
                "`-- migrate:down` comes before `-- migrate:up`",
                "dbmate refuses this order",
                "put the up section first",
            ));
        }
        Some(down) => {
            out.up.push(up.end..down.start);
            out.down.push(down.end..text.len());
        }
        None => out.up.push(up.end..text.len()),
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces<'a>(text: &'a str, ranges: &[Range<usize>]) -> Vec<&'a str> {
        ranges.iter().map(|r| text[r.clone()].trim()).collect()
    }

    #[test]
    fn goose_sections_and_blocks() {
        let text = "-- a comment\n\
                    -- +goose Up\n\
                    CREATE TABLE t (a int);\n\
                    -- +goose StatementBegin\n\
                    CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\n\
                    -- +goose StatementEnd\n\
                    -- +goose no transaction\n\
                    -- +goose Down\n\
                    DROP TABLE t;\n";
        let s = goose(text).unwrap();
        assert_eq!(
            pieces(text, &s.up),
            [
                "CREATE TABLE t (a int);",
                "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;",
                "-- +goose no transaction"
            ]
        );
        assert_eq!(pieces(text, &s.down), ["DROP TABLE t;"]);
        assert!(s.no_transaction);
    }

    #[test]
    fn goose_refuses_what_goose_refuses() {
        for (text, message) in [
            ("CREATE TABLE t (a int);\n", "no `-- +goose Up`"),
            ("SELECT 1;\n-- +goose Up\nSELECT 2;\n", "a statement before"),
            ("-- +goose Down\nSELECT 1;\n", "comes before"),
            ("-- +goose Up\n-- +goose Up\n", "a second `-- +goose Up`"),
            (
                "-- +goose Up\n-- +goose StatementBegin\nSELECT 1;\n",
                "never closed",
            ),
            ("-- +goose Up\n-- +goose StatementEnd\n", "without"),
            ("-- +goose Up\n  -- +goose Down\n", "indented"),
            (
                "-- +goose Up\n-- +goose Sideways\n",
                "unknown goose annotation",
            ),
            (
                "-- +goose Up\n-- +goose StatementBegin\n-- +goose Down\n",
                "never closed",
            ),
        ] {
            let err = goose(text).unwrap_err();
            assert!(err.message.contains(message), "{text:?}: {err:?}");
        }
        let err = goose("SELECT 1;\n-- +goose Up\n").unwrap_err();
        assert_eq!(err.at, 0..9);
    }

    #[test]
    fn dbmate_sections_and_options() {
        let text = "-- leading comment\n\n-- migrate:up transaction:false\nALTER TYPE c ADD VALUE 'x';\n-- migrate:down\nSELECT 1;\n";
        let s = dbmate(text).unwrap();
        assert_eq!(pieces(text, &s.up), ["ALTER TYPE c ADD VALUE 'x';"]);
        assert_eq!(pieces(text, &s.down), ["SELECT 1;"]);
        assert!(s.no_transaction);
        let s = dbmate("--migrate:up\nSELECT 1;\n").unwrap();
        assert!(s.down.is_empty() && !s.no_transaction);
        assert!(dbmate("-- migrate:upper\n").is_err());
        assert!(
            dbmate("SELECT 1;\n-- migrate:up\n")
                .unwrap_err()
                .message
                .contains("before")
        );
        assert!(
            dbmate("-- migrate:down\n-- migrate:up\n")
                .unwrap_err()
                .message
                .contains("comes before")
        );
        assert!(
            dbmate("SELECT 1;\n")
                .unwrap_err()
                .message
                .contains("no `-- migrate:up`")
        );
    }

    #[test]
    fn markers_are_told_apart() {
        assert!(has_goose_markers("x\n-- +goose Up\n"));
        assert!(!has_goose_markers("-- migrate:up\n"));
        assert!(has_dbmate_markers("-- migrate:down\r\n"));
        assert!(!has_dbmate_markers("  -- migrate:up\n"));
    }
}
