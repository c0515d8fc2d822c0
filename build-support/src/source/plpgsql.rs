//! The statement structure of a `DO $$ ... $$` block, read from its PL/pgSQL text.
//!
//! Not an interpreter: it reads what decides which DDL PostgreSQL ran — sequences of
//! statements, `IF`/`ELSIF`/`ELSE` with their conditions, nested `BEGIN ... EXCEPTION
//! WHEN ... END` blocks, `DECLARE`d variables and assignments, loops (whose iterations
//! depend on data), `EXECUTE <expr>`, and plain SQL statements. Every piece keeps its
//! byte range in the migration file, so it is parsed and reported like any other
//! statement. The replay (`replay::do_block`) decides what runs.

use std::ops::Range;

use super::Statement;
use super::split::tokens;

/// A PL/pgSQL block: `[DECLARE ...] BEGIN ... [EXCEPTION WHEN ... THEN ...] END`.
#[derive(Debug, Clone, Default)]
pub struct Block {
    pub declare: Vec<Declaration>,
    pub body: Vec<Stmt>,
    /// `EXCEPTION WHEN ...` handlers: a failure in `body` rolls the block back and
    /// runs the first handler whose conditions match.
    pub handlers: Vec<Handler>,
}

/// `name type [:= expr]`.
#[derive(Debug, Clone)]
pub struct Declaration {
    /// Lower-cased, as PL/pgSQL folds it.
    pub name: String,
    /// The initial value's expression.
    pub init: Option<Statement>,
    /// Declared `RECORD` or `%ROWTYPE`: a loop over a query binds whole rows to it.
    pub record: bool,
}

#[derive(Debug, Clone)]
pub struct Handler {
    /// Condition names, lower-cased (`duplicate_object`, `others`, `sqlstate`).
    pub conditions: Vec<String>,
    pub body: Vec<Stmt>,
}

/// One PL/pgSQL statement.
#[derive(Debug, Clone)]
pub enum Stmt {
    /// A plain SQL statement that may change the schema (`CREATE`, `ALTER`, `DROP`...).
    Sql(Statement),
    /// `IF c THEN ... ELSIF c THEN ... ELSE ... END IF`: each condition with its body,
    /// then the `ELSE` body.
    If {
        at: Statement,
        branches: Vec<(Statement, Vec<Stmt>)>,
        otherwise: Vec<Stmt>,
    },
    /// `LOOP`, `WHILE`, `FOR ... IN EXECUTE`, and the branches of a `CASE` statement:
    /// how often (and whether) the bodies run depends on data.
    DependsOnData {
        at: Statement,
        bodies: Vec<Vec<Stmt>>,
    },
    /// `FOR var IN ...` and `FOREACH var IN ARRAY ...`: runs over what `over` gives,
    /// which the replay may know (literals, the catalog).
    For {
        at: Statement,
        var: String,
        over: Over,
        body: Vec<Stmt>,
        /// The body holds `EXIT` or `CONTINUE`: which iterations run depends on them.
        leaves: bool,
    },
    Block(Block),
    /// `EXECUTE expr [INTO ...] [USING ...]`: `expr` is the SQL text's expression.
    Execute {
        at: Statement,
        expr: Statement,
    },
    /// `name := expr` (or `name = expr`).
    Assign {
        at: Statement,
        name: String,
        value: Statement,
    },
    /// `SELECT ... INTO name`, `GET DIAGNOSTICS name = ...`, `FETCH ... INTO name`: the
    /// variables get values, from the catalog at best (`query`: the `SELECT` without
    /// its `INTO` clause), else from data.
    Into {
        names: Vec<String>,
        query: Option<String>,
    },
    /// `PERFORM query`: sets `FOUND`.
    Perform {
        query: Statement,
    },
    /// `EXIT` or `CONTINUE`.
    Leave,
    /// `RETURN`: the block ends here.
    Return,
    /// Anything else that cannot change the schema: `RAISE`, `NULL`, data changes.
    Other(Statement),
}

/// What a `FOR` loop runs over.
#[derive(Debug, Clone)]
pub enum Over {
    /// `FOR i IN [REVERSE] a .. b`.
    Range {
        from: Statement,
        to: Statement,
        reverse: bool,
    },
    /// `FOR r IN SELECT ...` (the query).
    Query(Statement),
    /// `FOREACH x IN ARRAY expr` (the expression).
    Array(Statement),
}

/// Why a body could not be read, at a byte offset in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    pub at: Range<usize>,
    pub message: String,
}

/// Reads the body of a `DO` block (`body`: a byte range within `statement`).
pub fn read(statement: &Statement, body: Range<usize>) -> Result<Block, ReadError> {
    let start = statement.range.start + body.start;
    let text = &statement.file.text[start..statement.range.start + body.end];
    let toks = tokens(text).map_err(|e| ReadError {
        at: start + e.opening.start..start + e.opening.end,
        message: format!("unterminated {}", e.what),
    })?;
    let mut reader = Reader {
        statement,
        toks: toks
            .into_iter()
            .map(|r| start + r.start..start + r.end)
            .collect(),
        pos: 0,
        end: start + text.len(),
        depth: 0,
    };
    reader.skip_label();
    let block = reader.block()?;
    if reader.is(";") {
        reader.pos += 1;
    }
    if reader.pos < reader.toks.len() {
        return Err(reader.error("expected the end of the `DO` body"));
    }
    Ok(block)
}

/// The statements of a body [`read`] cannot read, found by keyword as a last resort: a
/// `CREATE`, `ALTER`, `DROP` or `COMMENT` that starts a piece between semicolons or
/// follows `BEGIN`, `THEN`, `ELSE` or `LOOP`, and `EXECUTE` there. No structure: the
/// replay runs them all as a guess.
pub fn by_keyword(statement: &Statement, body: Range<usize>) -> Vec<Stmt> {
    const DDL: &[&str] = &["CREATE", "ALTER", "DROP", "COMMENT", "EXECUTE"];
    const OPENERS: &[&str] = &["BEGIN", "THEN", "ELSE", "LOOP"];
    let base = statement.range.start + body.start;
    let text = &statement.text()[body];
    let mut out = Vec::new();
    let Ok(pieces) = super::split::split(text) else {
        return out;
    };
    for piece in pieces {
        let piece_text = &text[piece.range.clone()];
        let Ok(toks) = tokens(piece_text) else {
            continue;
        };
        let word = |i: usize| piece_text[toks[i].clone()].to_ascii_uppercase();
        let Some(i) = (0..toks.len())
            .filter(|&i| i == 0 || OPENERS.contains(&word(i - 1).as_str()))
            .find(|&i| DDL.contains(&word(i).as_str()))
        else {
            continue;
        };
        let at = |from: usize| Statement {
            file: statement.file.clone(),
            range: base + piece.range.start + from..base + piece.range.end,
        };
        out.push(if word(i) == "EXECUTE" {
            Stmt::Execute {
                at: at(toks[i].start),
                expr: at(toks.get(i + 1).map_or(piece_text.len(), |t| t.start)),
            }
        } else {
            Stmt::Sql(at(toks[i].start))
        });
    }
    out
}

/// Whether a loop body leaves or skips iterations (`EXIT`, `CONTINUE`), outside loops
/// of its own.
fn leaves(body: &[Stmt]) -> bool {
    body.iter().any(|s| match s {
        Stmt::Leave => true,
        Stmt::If {
            branches,
            otherwise,
            ..
        } => branches.iter().any(|(_, b)| leaves(b)) || leaves(otherwise),
        Stmt::Block(b) => leaves(&b.body) || b.handlers.iter().any(|h| leaves(&h.body)),
        Stmt::DependsOnData { bodies, at } => {
            // A CASE statement's branches belong to this loop; a nested loop's do not.
            at.text()
                .get(..4)
                .is_some_and(|w| w.eq_ignore_ascii_case("CASE"))
                && bodies.iter().any(|b| leaves(b))
        }
        _ => false,
    })
}

/// Words that start a SQL statement that may change the schema: handed to the parser,
/// which decides.
const SQL: &[&str] = &[
    "CREATE", "ALTER", "DROP", "COMMENT", "GRANT", "REVOKE", "SET", "RESET", "SECURITY", "IMPORT",
    "REINDEX", "CLUSTER", "DISCARD", "LOAD",
];

/// Words that start a statement which cannot change the schema.
const NOT_DDL: &[&str] = &[
    "RAISE", "PERFORM", "NULL", "OPEN", "CLOSE", "MOVE", "ASSERT", "CALL", "COMMIT", "ROLLBACK",
    "EXIT", "CONTINUE", "INSERT", "UPDATE", "DELETE", "MERGE", "LOCK", "TRUNCATE", "VALUES",
    "WITH", "SELECT", "NOTIFY", "LISTEN", "ANALYZE", "VACUUM", "REFRESH",
];

struct Reader<'a> {
    statement: &'a Statement,
    /// Token ranges in the file.
    toks: Vec<Range<usize>>,
    pos: usize,
    /// End of the body in the file.
    end: usize,
    /// How many blocks, `IF`s and loops enclose the statement being read.
    depth: usize,
}

/// More nesting than any migration writes; a body nested deeper is refused rather than
/// read on and on into the stack.
const DEEPEST: usize = 100;

impl Reader<'_> {
    fn text(&self, i: usize) -> &str {
        self.toks
            .get(i)
            .map_or("", |r| &self.statement.file.text[r.clone()])
    }

    fn word(&self, i: usize) -> String {
        self.text(i).to_ascii_uppercase()
    }

    fn is(&self, word: &str) -> bool {
        self.text(self.pos).eq_ignore_ascii_case(word)
    }

    fn error(&self, message: &str) -> ReadError {
        let at = self
            .toks
            .get(self.pos)
            .cloned()
            .unwrap_or(self.end..self.end);
        let found = if self.pos < self.toks.len() {
            format!("`{}`", self.text(self.pos))
        } else {
            "the end of the body".to_string()
        };
        ReadError {
            at,
            message: format!("{message}, found {found}"),
        }
    }

    fn expect(&mut self, word: &str) -> Result<(), ReadError> {
        if self.is(word) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(&format!("expected `{word}`")))
        }
    }

    /// A piece of the file from token `from` to token `to` (exclusive).
    fn piece(&self, from: usize, to: usize) -> Statement {
        let start = self.toks.get(from).map_or(self.end, |r| r.start);
        let end = if to > from {
            self.toks[to - 1].end
        } else {
            start
        };
        Statement {
            file: self.statement.file.clone(),
            range: start..end,
        }
    }

    /// `<<label>>` before a block or loop.
    fn skip_label(&mut self) {
        if self.is("<") && self.text(self.pos + 1) == "<" {
            while self.pos < self.toks.len() && !(self.is(">") && self.text(self.pos + 1) == ">") {
                self.pos += 1;
            }
            self.pos = (self.pos + 2).min(self.toks.len());
        }
    }

    /// The index of the first token at or after `self.pos` that is one of `words` at
    /// parenthesis depth 0 and outside `CASE ... END` expressions.
    fn find(&self, words: &[&str]) -> Option<usize> {
        let mut depth = 0i32;
        let mut cases = 0i32;
        for i in self.pos..self.toks.len() {
            let w = self.word(i);
            match w.as_str() {
                "(" | "[" => depth += 1,
                ")" | "]" => depth -= 1,
                "CASE" if depth == 0 => cases += 1,
                "END" if depth == 0 && cases > 0 => cases -= 1,
                _ if depth == 0 && cases == 0 && words.contains(&w.as_str()) => return Some(i),
                _ => {}
            }
        }
        None
    }

    /// Tokens up to (not including) the next top-level `;`; moves past the `;`.
    fn past_semicolon(&mut self) -> Result<(usize, usize), ReadError> {
        let from = self.pos;
        let Some(semi) = self.find(&[";"]) else {
            return Err(self.error("expected `;` after this statement"));
        };
        self.pos = semi + 1;
        Ok((from, semi))
    }

    fn block(&mut self) -> Result<Block, ReadError> {
        let mut block = Block::default();
        if self.is("DECLARE") {
            self.pos += 1;
            while self.pos < self.toks.len() && !self.is("BEGIN") {
                let name = self.text(self.pos).trim_matches('"').to_lowercase();
                let (from, semi) = self.past_semicolon()?;
                let init = (from..semi)
                    .find(|&i| matches!(self.word(i).as_str(), "DEFAULT" | "="))
                    .map(|i| self.piece(i + 1, semi));
                let record = (from..semi).any(|i| {
                    let w = self.word(i);
                    w == "RECORD" || w.ends_with("ROWTYPE")
                });
                block.declare.push(Declaration { name, init, record });
            }
        }
        self.expect("BEGIN")?;
        block.body = self.stmts(&["END", "EXCEPTION"])?;
        if self.is("EXCEPTION") {
            self.pos += 1;
            while self.is("WHEN") {
                self.pos += 1;
                let Some(then) = self.find(&["THEN"]) else {
                    return Err(self.error("expected `THEN` after the exception condition"));
                };
                let conditions = (self.pos..then)
                    .map(|i| self.text(i).to_ascii_lowercase())
                    .filter(|w| w != "or")
                    .collect();
                self.pos = then + 1;
                let body = self.stmts(&["WHEN", "END"])?;
                block.handlers.push(Handler { conditions, body });
            }
        }
        self.expect("END")?;
        // `END label;` or, at the very end of the body, `END` alone.
        if self.pos < self.toks.len() && !self.is(";") {
            self.pos += 1;
        }
        if self.is(";") {
            self.pos += 1;
        } else if self.pos < self.toks.len() {
            return Err(self.error("expected `;` after `END`"));
        }
        Ok(block)
    }

    /// Statements up to one of `until` (not consumed).
    fn stmts(&mut self, until: &[&str]) -> Result<Vec<Stmt>, ReadError> {
        let mut out = Vec::new();
        loop {
            if self.pos >= self.toks.len() {
                return Err(self.error(&format!("expected `{}`", until[0])));
            }
            if until.contains(&self.word(self.pos).as_str()) {
                return Ok(out);
            }
            out.push(self.stmt()?);
        }
    }

    fn stmt(&mut self) -> Result<Stmt, ReadError> {
        if self.depth >= DEEPEST {
            return Err(self.error("the block nests too deeply to be read"));
        }
        self.depth += 1;
        let stmt = self.stmt_here();
        self.depth -= 1;
        stmt
    }

    fn stmt_here(&mut self) -> Result<Stmt, ReadError> {
        self.skip_label();
        let start = self.pos;
        let first = self.word(start);
        match first.as_str() {
            "BEGIN" | "DECLARE" => Ok(Stmt::Block(self.block()?)),
            "IF" => self.if_stmt(),
            "CASE" => self.case_stmt(),
            "LOOP" | "WHILE" | "FOR" | "FOREACH" => {
                let Some(lp) = self.find(&["LOOP"]) else {
                    return Err(self.error("expected `LOOP`"));
                };
                let at = self.piece(start, lp + 1);
                let over = self.over(start, lp);
                self.pos = lp + 1;
                let body = self.stmts(&["END"])?;
                self.end_of("LOOP")?;
                Ok(match over {
                    Some((var, over)) => Stmt::For {
                        at,
                        var,
                        over,
                        leaves: leaves(&body),
                        body,
                    },
                    None => Stmt::DependsOnData {
                        at,
                        bodies: vec![body],
                    },
                })
            }
            "EXIT" | "CONTINUE" => {
                self.past_semicolon()?;
                Ok(Stmt::Leave)
            }
            "PERFORM" => {
                let (from, semi) = self.past_semicolon()?;
                Ok(Stmt::Perform {
                    query: self.piece(from + 1, semi),
                })
            }
            "EXECUTE" => {
                let (from, semi) = self.past_semicolon()?;
                self.pos = from + 1;
                let expr_end = self.find(&["INTO", "USING"]).filter(|&i| i < semi);
                self.pos = semi + 1;
                Ok(Stmt::Execute {
                    at: self.piece(from, semi),
                    expr: self.piece(from + 1, expr_end.unwrap_or(semi)),
                })
            }
            "RETURN" => {
                self.past_semicolon()?;
                Ok(Stmt::Return)
            }
            "GET" | "FETCH" => {
                let (from, semi) = self.past_semicolon()?;
                let names = self.names_set(from, semi);
                Ok(Stmt::Into { names, query: None })
            }
            _ => {
                let (from, semi) = self.past_semicolon()?;
                if SQL.contains(&first.as_str()) {
                    return Ok(Stmt::Sql(self.piece(from, semi)));
                }
                if NOT_DDL.contains(&first.as_str()) {
                    let into = (from..semi).find(|&i| self.word(i) == "INTO");
                    if let Some(i) = into
                        && (first == "SELECT" || first == "WITH")
                    {
                        let (names, after) = self.names_after(i + 1, semi);
                        // The query without `INTO ...`, for a scalar value.
                        let query = (first == "SELECT").then(|| {
                            format!(
                                "{} {}",
                                self.piece(from, i).text(),
                                self.piece(after, semi).text()
                            )
                        });
                        return Ok(Stmt::Into { names, query });
                    }
                    return Ok(Stmt::Other(self.piece(from, semi)));
                }
                // `target := value` or `target = value`.
                let name = self.text(start).trim_matches('"').to_lowercase();
                let eq = (from + 1..semi).find(|&i| self.text(i) == "=");
                match eq {
                    Some(eq) if eq == from + 1 || eq == from + 2 && self.text(from + 1) == ":" => {
                        Ok(Stmt::Assign {
                            at: self.piece(from, semi),
                            name,
                            value: self.piece(eq + 1, semi),
                        })
                    }
                    // A record field or an array element (`r.f := ...`): the variable
                    // is no longer known.
                    Some(_) => Ok(Stmt::Into {
                        names: vec![name],
                        query: None,
                    }),
                    // A PL/pgSQL statement this reader does not know: none changes
                    // the schema.
                    None => Ok(Stmt::Other(self.piece(from, semi))),
                }
            }
        }
    }

    /// `INTO [STRICT] a, b FROM ...`: the names after `INTO` (at token `from`), and
    /// the token after them.
    fn names_after(&self, from: usize, to: usize) -> (Vec<String>, usize) {
        let mut names = Vec::new();
        let mut i = from + usize::from(self.word(from) == "STRICT");
        while i < to {
            names.push(self.text(i).trim_matches('"').to_lowercase());
            i += 1;
            if self.text(i) != "," {
                break;
            }
            i += 1;
        }
        (names, i)
    }

    /// What `FOR var IN ... LOOP` (tokens `start..lp`) runs over; `None` for what
    /// only data can say (`WHILE`, `LOOP`, `FOR ... IN EXECUTE`, a cursor).
    fn over(&self, start: usize, lp: usize) -> Option<(String, Over)> {
        let first = self.word(start);
        if first != "FOR" && first != "FOREACH" {
            return None;
        }
        let var = self.text(start + 1).trim_matches('"').to_lowercase();
        if self.word(start + 2) != "IN" {
            return None;
        }
        let mut from = start + 3;
        if first == "FOREACH" {
            return (self.word(from) == "ARRAY")
                .then(|| (var, Over::Array(self.piece(from + 1, lp))));
        }
        let reverse = self.word(from) == "REVERSE";
        from += usize::from(reverse);
        if let Some(dots) = (from..lp).find(|&i| self.text(i) == "." && self.text(i + 1) == ".") {
            return Some((
                var,
                Over::Range {
                    from: self.piece(from, dots),
                    to: self.piece(dots + 2, lp),
                    reverse,
                },
            ));
        }
        // `FOR r IN (SELECT ...) LOOP`: the parentheses are not part of the query.
        let (mut a, mut b) = (from, lp);
        if self.text(a) == "(" && self.text(b - 1) == ")" {
            a += 1;
            b -= 1;
        }
        matches!(self.word(a).as_str(), "SELECT" | "WITH")
            .then(|| (var, Over::Query(self.piece(a, b))))
    }

    /// `GET DIAGNOSTICS a = ROW_COUNT, b = ...` and `FETCH c INTO a, b`: the variables set.
    fn names_set(&self, from: usize, to: usize) -> Vec<String> {
        if let Some(into) = (from..to).find(|&i| self.word(i) == "INTO") {
            return self.names_after(into + 1, to).0;
        }
        (from + 1..to)
            .filter(|&i| self.text(i) == "=")
            .map(|i| self.text(i - 1).trim_matches('"').to_lowercase())
            .collect()
    }

    /// `END <word> [label] ;`
    fn end_of(&mut self, word: &str) -> Result<(), ReadError> {
        self.expect("END")?;
        self.expect(word)?;
        if !self.is(";") && self.pos < self.toks.len() {
            self.pos += 1;
        }
        self.expect(";")
    }

    fn if_stmt(&mut self) -> Result<Stmt, ReadError> {
        let start = self.pos;
        let mut branches = Vec::new();
        let mut otherwise = Vec::new();
        loop {
            // At `IF`, `ELSIF` or `ELSEIF`.
            self.pos += 1;
            let Some(then) = self.find(&["THEN"]) else {
                return Err(self.error("expected `THEN` after the condition"));
            };
            let condition = self.piece(self.pos, then);
            self.pos = then + 1;
            let body = self.stmts(&["ELSIF", "ELSEIF", "ELSE", "END"])?;
            branches.push((condition, body));
            match self.word(self.pos).as_str() {
                "ELSIF" | "ELSEIF" => continue,
                "ELSE" => {
                    self.pos += 1;
                    otherwise = self.stmts(&["END"])?;
                    break;
                }
                _ => break,
            }
        }
        let at = self.piece(start, self.pos);
        self.end_of("IF")?;
        Ok(Stmt::If {
            at,
            branches,
            otherwise,
        })
    }

    fn case_stmt(&mut self) -> Result<Stmt, ReadError> {
        let start = self.pos;
        self.pos += 1;
        let mut bodies = Vec::new();
        let Some(when) = self.find(&["WHEN"]) else {
            return Err(self.error("expected `WHEN`"));
        };
        self.pos = when;
        while self.is("WHEN") {
            self.pos += 1;
            let Some(then) = self.find(&["THEN"]) else {
                return Err(self.error("expected `THEN`"));
            };
            self.pos = then + 1;
            bodies.push(self.stmts(&["WHEN", "ELSE", "END"])?);
        }
        if self.is("ELSE") {
            self.pos += 1;
            bodies.push(self.stmts(&["END"])?);
        }
        let at = self.piece(start, self.pos);
        self.end_of("CASE")?;
        Ok(Stmt::DependsOnData { at, bodies })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::SourceFile;
    use std::sync::Arc;

    fn block(sql: &str) -> Result<Block, ReadError> {
        let statement = Statement {
            file: Arc::new(SourceFile {
                path: "m.sql".into(),
                text: sql.into(),
            }),
            range: 0..sql.len(),
        };
        let open = sql.find("$$").unwrap() + 2;
        let close = sql.rfind("$$").unwrap();
        read(&statement, open..close)
    }

    fn sql(s: &Stmt) -> &str {
        match s {
            Stmt::Sql(s) | Stmt::Other(s) => s.text(),
            _ => panic!("not SQL: {s:?}"),
        }
    }

    #[test]
    fn reads_a_guarded_statement_with_its_condition() {
        let b = block(
            "DO $$\nBEGIN\n  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'u') THEN\n    \
             ALTER TABLE t ADD CONSTRAINT u UNIQUE (a);\n  END IF;\nEND $$",
        )
        .unwrap();
        let [
            Stmt::If {
                branches,
                otherwise,
                ..
            },
        ] = b.body.as_slice()
        else {
            panic!("{b:?}");
        };
        assert_eq!(
            branches[0].0.text(),
            "NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'u')"
        );
        assert_eq!(
            sql(&branches[0].1[0]),
            "ALTER TABLE t ADD CONSTRAINT u UNIQUE (a)"
        );
        assert!(otherwise.is_empty());
    }

    #[test]
    fn reads_elsif_else_and_case_expressions_in_conditions() {
        let b = block(
            "DO $$ BEGIN IF (CASE WHEN 1 = 1 THEN true END) THEN CREATE TABLE a (x int); \
             ELSIF false THEN CREATE TABLE b (x int); ELSE CREATE TABLE c (x int); END IF; END $$",
        )
        .unwrap();
        let [
            Stmt::If {
                branches,
                otherwise,
                ..
            },
        ] = b.body.as_slice()
        else {
            panic!("{b:?}");
        };
        assert_eq!(branches.len(), 2);
        assert_eq!(branches[0].0.text(), "(CASE WHEN 1 = 1 THEN true END)");
        assert_eq!(sql(&branches[1].1[0]), "CREATE TABLE b (x int)");
        assert_eq!(sql(&otherwise[0]), "CREATE TABLE c (x int)");
    }

    #[test]
    fn reads_nested_blocks_with_handlers() {
        let b = block(
            "DO $$ BEGIN BEGIN CREATE TYPE s AS ENUM ('a'); EXCEPTION WHEN duplicate_object OR \
             duplicate_table THEN null; WHEN others THEN RAISE NOTICE 'x'; END; END; $$",
        )
        .unwrap();
        let [Stmt::Block(inner)] = b.body.as_slice() else {
            panic!("{b:?}");
        };
        assert_eq!(sql(&inner.body[0]), "CREATE TYPE s AS ENUM ('a')");
        assert_eq!(
            inner.handlers[0].conditions,
            ["duplicate_object", "duplicate_table"]
        );
        assert_eq!(inner.handlers[1].conditions, ["others"]);
        assert!(matches!(inner.handlers[1].body[0], Stmt::Other(_)));
    }

    #[test]
    fn reads_declarations_assignments_loops_and_execute() {
        let b = block(
            "DO $$ <<main>> DECLARE t text := 'a'; n int; r RECORD; BEGIN\n n = 1;\n \
             FOR r IN SELECT * FROM x LOOP EXECUTE format('DROP TABLE %I', r.name); END LOOP;\n \
             EXECUTE 'SELECT 1' INTO n USING t;\n SELECT count(*) INTO n FROM x;\n \
             WHILE n > 0 LOOP n := n - 1; r.f := 2; a[1] = 3; EXIT WHEN n = 3; END LOOP main;\n \
             CASE n WHEN 1 THEN CREATE TABLE a (); ELSE NULL; END CASE;\n RETURN;\nEND main $$",
        )
        .unwrap();
        assert_eq!(b.declare.len(), 3);
        assert_eq!(b.declare[0].init.as_ref().unwrap().text(), "'a'");
        assert!(b.declare[1].init.is_none());
        let kinds: Vec<&str> = b
            .body
            .iter()
            .map(|s| match s {
                Stmt::Assign { .. } => "assign",
                Stmt::DependsOnData { .. } => "data",
                Stmt::For { .. } => "for",
                Stmt::Execute { expr, .. } => {
                    assert_eq!(expr.text(), "'SELECT 1'");
                    "execute"
                }
                Stmt::Into { names, query } => {
                    assert_eq!(names, &["n"]);
                    assert_eq!(query.as_deref(), Some("SELECT count(*) FROM x"));
                    "into"
                }
                Stmt::Return => "return",
                _ => "other",
            })
            .collect();
        assert_eq!(
            kinds,
            ["assign", "for", "execute", "into", "data", "data", "return"]
        );
        let Stmt::For {
            at,
            var,
            over: Over::Query(query),
            body,
            leaves,
        } = &b.body[1]
        else {
            unreachable!()
        };
        assert_eq!(at.text(), "FOR r IN SELECT * FROM x LOOP");
        assert_eq!(
            (var.as_str(), query.text(), *leaves),
            ("r", "SELECT * FROM x", false)
        );
        let Stmt::Execute { expr, .. } = &body[0] else {
            panic!("{body:?}")
        };
        assert_eq!(expr.text(), "format('DROP TABLE %I', r.name)");
    }

    #[test]
    fn reads_what_loops_run_over() {
        let b = block(
            "DO $$ DECLARE t text; BEGIN\n\
             FOREACH t IN ARRAY ARRAY['a', 'b'] LOOP NULL; END LOOP;\n\
             FOR i IN REVERSE 10 .. 1 LOOP EXIT WHEN i = 3; END LOOP;\n\
             FOR r IN (SELECT indexname FROM pg_indexes) LOOP NULL; END LOOP;\n\
             FOR r IN EXECUTE 'SELECT 1' LOOP NULL; END LOOP;\n\
             PERFORM 1 FROM pg_type WHERE typname = 'x';\nEND $$",
        )
        .unwrap();
        let over: Vec<String> = b
            .body
            .iter()
            .map(|s| match s {
                Stmt::For {
                    var, over, leaves, ..
                } => match over {
                    Over::Array(e) => format!("{var} array {}", e.text()),
                    Over::Range { from, to, reverse } => {
                        format!("{var} {} {} {reverse} {leaves}", from.text(), to.text())
                    }
                    Over::Query(q) => format!("{var} query {}", q.text()),
                },
                Stmt::DependsOnData { .. } => "data".into(),
                Stmt::Perform { query } => format!("perform {}", query.text()),
                _ => panic!("{s:?}"),
            })
            .collect();
        assert_eq!(
            over,
            [
                "t array ARRAY['a', 'b']",
                "i 10 1 true true",
                "r query SELECT indexname FROM pg_indexes",
                "data",
                "perform 1 FROM pg_type WHERE typname = 'x'",
            ]
        );
    }

    #[test]
    fn every_piece_points_into_the_file() {
        let text = "CREATE TABLE t ();\nDO $$\nBEGIN\n  DROP TABLE t;\nEND $$";
        let file = Arc::new(SourceFile {
            path: "m.sql".into(),
            text: text.into(),
        });
        let statement = Statement {
            file: file.clone(),
            range: 19..text.len(),
        };
        let b = read(&statement, 5..statement.range.len() - 2).unwrap();
        let Stmt::Sql(drop) = &b.body[0] else {
            panic!()
        };
        assert_eq!(drop.text(), "DROP TABLE t");
        assert_eq!(file.line_col(drop.range.start), (4, 3));
    }

    #[test]
    fn unreadable_bodies_are_errors_located_in_the_file() {
        let e = block("DO $$ BEGIN IF true THEN CREATE TABLE a (); END $$").unwrap_err();
        assert!(e.message.contains("expected `IF`"), "{e:?}");
        let e = block("DO $$ BEGIN CREATE TABLE a () END $$").unwrap_err();
        assert!(e.message.contains("expected `;`"), "{e:?}");
        let e = block("DO $$ CREATE TABLE a (); $$").unwrap_err();
        assert!(e.message.contains("expected `BEGIN`"), "{e:?}");
        let deep = format!(
            "DO $$ BEGIN {} NULL; {} END $$",
            "BEGIN ".repeat(5000),
            "END; ".repeat(5000)
        );
        let e = block(&deep).unwrap_err();
        assert!(e.message.contains("nests too deeply"), "{e:?}");
    }
}
