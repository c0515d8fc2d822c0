//! The DDL inside a `DO $$ ... $$` block, found by reading its PL/pgSQL text.
//!
//! No static tool can run PL/pgSQL, but migrations use `DO` blocks mostly as guards
//! around plain DDL (`IF NOT EXISTS (...) THEN ALTER TABLE ... END IF`). This module
//! finds those DDL statements: a `CREATE`, `ALTER`, `DROP` or `COMMENT` that starts a
//! PL/pgSQL statement, or follows `BEGIN`, `THEN`, `ELSE` or `LOOP`. Each one keeps its
//! place in the file, so it is parsed and reported like any other statement.

use std::ops::Range;

use super::Statement;
use super::split::{split, tokens};

/// What a `DO` block holds.
#[derive(Debug, Clone, Default)]
pub struct DoBlock {
    /// Plain DDL statements, in order.
    pub ddl: Vec<Statement>,
    /// Whether it runs dynamic SQL (`EXECUTE ...`), which no static reading can follow.
    pub dynamic_sql: bool,
}

const DDL: &[&str] = &["CREATE", "ALTER", "DROP", "COMMENT"];
const OPENERS: &[&str] = &["BEGIN", "THEN", "ELSE", "LOOP"];

/// The DDL of the block whose body is `body` (a byte range within `statement`).
pub fn do_block(statement: &Statement, body: Range<usize>) -> DoBlock {
    let text = &statement.text()[body.clone()];
    let mut block = DoBlock::default();
    let Ok(pieces) = split(text) else {
        return block;
    };
    for piece in pieces {
        let piece_text = &text[piece.range.clone()];
        let Ok(toks) = tokens(piece_text) else {
            continue;
        };
        let word = |i: usize| piece_text[toks[i].clone()].to_ascii_uppercase();
        for i in 0..toks.len() {
            let starts_statement = i == 0 || OPENERS.contains(&word(i - 1).as_str());
            if !starts_statement {
                continue;
            }
            let w = word(i);
            if w == "EXECUTE" {
                block.dynamic_sql = true;
            }
            if DDL.contains(&w.as_str()) {
                let start = statement.range.start + body.start + piece.range.start + toks[i].start;
                let end = statement.range.start + body.start + piece.range.end;
                block.ddl.push(Statement {
                    file: statement.file.clone(),
                    range: start..end,
                });
                break;
            }
        }
    }
    block
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::SourceFile;
    use std::sync::Arc;

    fn block(sql: &str) -> (Vec<String>, bool) {
        let statement = Statement {
            file: Arc::new(SourceFile {
                path: "m.sql".into(),
                text: sql.into(),
            }),
            range: 0..sql.len(),
        };
        let open = sql.find("$$").unwrap() + 2;
        let close = sql.rfind("$$").unwrap();
        let b = do_block(&statement, open..close);
        (
            b.ddl.iter().map(|s| s.text().to_string()).collect(),
            b.dynamic_sql,
        )
    }

    #[test]
    fn finds_guarded_ddl() {
        let (ddl, dynamic) = block(
            "DO $$\nBEGIN\n  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'u') THEN\n    \
             ALTER TABLE t ADD CONSTRAINT u UNIQUE (a);\n  END IF;\nEND $$",
        );
        assert_eq!(ddl, vec!["ALTER TABLE t ADD CONSTRAINT u UNIQUE (a)"]);
        assert!(!dynamic);
    }

    #[test]
    fn data_changes_and_dynamic_sql_are_told_apart() {
        let (ddl, dynamic) = block("DO $$ BEGIN UPDATE t SET a = 1; END $$");
        assert!(ddl.is_empty());
        assert!(!dynamic);
        let (ddl, dynamic) = block("DO $$ BEGIN EXECUTE 'DROP TABLE ' || x; END $$");
        assert!(ddl.is_empty());
        assert!(dynamic);
    }

    #[test]
    fn exception_handlers_around_ddl() {
        let (ddl, _) = block(
            "DO $$ BEGIN CREATE TYPE s AS ENUM ('a'); EXCEPTION WHEN duplicate_object THEN null; END $$",
        );
        assert_eq!(ddl, vec!["CREATE TYPE s AS ENUM ('a')"]);
    }
}
