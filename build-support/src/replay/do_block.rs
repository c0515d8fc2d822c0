//! Replays a `DO` block the way PostgreSQL ran it.
//!
//! The migrations were applied by PostgreSQL, so the block ran without an error. Its
//! conditions are decided against the model where they read the catalog
//! ([`crate::model::guard`]); its `EXECUTE`s run the SQL text their literals make. What
//! depends on data (a loop, a condition on a user table, `EXECUTE` of a query's
//! result) cannot be decided: such a branch runs "as if taken", and the block gets one
//! warning saying what was guessed. A statement that fails in the model was on a branch
//! PostgreSQL did not take: it is skipped with a warning naming it, never a stop (or,
//! under an `EXCEPTION WHEN` handler that names its failure, skipped quietly, since the
//! author wrote that PostgreSQL may fail there too).

use std::collections::BTreeSet;
use std::sync::Arc;

use super::{Dynamic, Replayed};
use crate::diagnostic::{Code, Diagnostic, SourceFile};
use crate::model::guard::{self, Env, Value, Vars};
use crate::model::{self, Session};
use crate::parse::{self, Parsed};
use crate::source::Statement;
use crate::source::plpgsql::{self, Block, Over, Stmt};
use crate::source::split::split;

/// What replaying one `DO` block did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DoBlockResult {
    /// Schema-changing statements applied to the model.
    pub applied: usize,
    /// Statements that failed in the model and were skipped (with a warning, or
    /// quietly under a handler that names the failure): `census.skipped_in_do`.
    pub skipped_in_do: usize,
    /// Statements that may change the schema (DDL, `EXECUTE`) on branches a decided
    /// condition passed over.
    pub not_taken: usize,
    /// Whether something was guessed (a condition not decided, a loop, an `EXECUTE`
    /// not followed) where it mattered: then, and only then, the block is warned about.
    pub guessed: bool,
}

/// Replays the block whose body is `body` (a byte range within `statement`).
pub(super) fn run(
    out: &mut Replayed,
    session: &mut Session,
    dynamic: &mut Dynamic,
    statement: &Statement,
    body: std::ops::Range<usize>,
) -> Result<DoBlockResult, Diagnostic> {
    let mut run = Run {
        out,
        session,
        // PL/pgSQL's `FOUND` starts false.
        vars: [("found".to_string(), Some(Value::Bool(false)))].into(),
        records: BTreeSet::new(),
        result: DoBlockResult::default(),
        guesses: BTreeSet::new(),
        unfollowed: None,
    };
    match plpgsql::read(statement, body.clone()) {
        Ok(block) => {
            run.block(&block, Mode::Decided)?;
        }
        Err(e) => {
            let at = statement.file.line_col(e.at.start).0;
            run.out.warnings.push(
                Diagnostic::warning(format!(
                    "cannot read this `DO` block's PL/pgSQL: {}",
                    e.message
                ))
                .with_span(crate::diagnostic::Span {
                    file: statement.file.clone(),
                    range: e.at.clone(),
                    statement: Some(statement.range.clone()),
                })
                .with_hint(
                    "its DDL is applied as if every branch ran; if the generated types are \
                         wrong, write that DDL as plain statements",
                ),
            );
            let fallback = plpgsql::by_keyword(statement, body);
            let reason = format!("its PL/pgSQL could not be read (line {at})");
            run.stmts(&fallback, &Mode::Guess(reason))?;
        }
    }
    if let Some(execute) = run.unfollowed.take()
        && dynamic.first_run.is_none()
    {
        dynamic.first_run = Some(execute);
    }
    if run.result.guessed {
        let reasons: Vec<String> = run.guesses.into_iter().collect();
        run.out.warnings.push(
            Diagnostic::warning(format!(
                "a `DO` block runs DDL schemagen could not decide: {}",
                reasons.join("; ")
            ))
            .with_span(statement.span(0..2.min(statement.range.len())))
            .with_label(
                "what depends on data is taken to have run; SQL made from data is not followed",
            )
            .with_hint(
                "no static tool can run PL/pgSQL on your data; if the generated types are \
                 wrong, write that DDL as plain statements",
            ),
        );
    }
    Ok(run.result)
}

/// Whether the statements at hand surely ran (every condition on the way decided), or
/// ran only as a guess, and why.
#[derive(Debug, Clone)]
enum Mode {
    Decided,
    Guess(String),
}

enum Flow {
    Next,
    /// `RETURN` on a decided path: the block ends.
    Return,
}

/// Why statements stopped running.
enum Stop {
    /// A statement failed under an `EXCEPTION` handler: the nearest block with
    /// handlers rolls back and runs one.
    Raised(Box<Diagnostic>),
    /// The replay must stop (a statement that changes the schema cannot be read).
    Fatal(Box<Diagnostic>),
}

impl From<Stop> for Diagnostic {
    fn from(stop: Stop) -> Self {
        match stop {
            Stop::Raised(d) | Stop::Fatal(d) => *d,
        }
    }
}

struct Run<'a> {
    out: &'a mut Replayed,
    session: &'a mut Session,
    vars: Vars,
    /// Variables declared `RECORD` (or `%ROWTYPE`).
    records: BTreeSet<String>,
    result: DoBlockResult,
    /// What was guessed, for the block's one warning.
    guesses: BTreeSet<String>,
    /// The first `EXECUTE` whose SQL depends on data.
    unfollowed: Option<Statement>,
}

fn line(s: &Statement) -> usize {
    s.file.line_col(s.range.start).0
}

impl Run<'_> {
    fn block(&mut self, block: &Block, mode: Mode) -> Result<Flow, Diagnostic> {
        self.block_in(block, &mode, false).map_err(Diagnostic::from)
    }

    /// `caught`: whether a block around this one has handlers.
    fn block_in(&mut self, block: &Block, mode: &Mode, caught: bool) -> Result<Flow, Stop> {
        for d in &block.declare {
            let value = match (mode, &d.init) {
                (Mode::Decided, Some(init)) => self.value(init),
                (Mode::Decided, None) => Some(Value::Null),
                (Mode::Guess(_), _) => None,
            };
            self.vars.insert(d.name.clone(), value);
            if d.record {
                self.records.insert(d.name.clone());
            }
        }
        if block.handlers.is_empty() {
            return self.stmts_in(&block.body, mode, caught);
        }
        // PostgreSQL runs a block with handlers in a subtransaction: a failure rolls
        // back everything the block did, then the handler runs.
        let schema = self.out.schema.clone();
        let session = self.session.clone();
        match self.stmts_in(&block.body, mode, true) {
            Err(Stop::Raised(error)) => {
                self.out.schema = schema;
                *self.session = session;
                self.result.skipped_in_do += 1;
                let handler = block
                    .handlers
                    .iter()
                    .find(|h| handles(&h.conditions, &error))
                    .map(|h| (h, true))
                    .or_else(|| block.handlers.first().map(|h| (h, false)));
                let Some((handler, named)) = handler else {
                    return Ok(Flow::Next);
                };
                if !named {
                    // The model fails where PostgreSQL did not, or for another reason:
                    // said, since the handler's conditions do not name this failure.
                    self.out.warnings.push(skipped_warning(&error, None, true));
                }
                self.stmts_in(&handler.body, mode, caught)
            }
            other => other,
        }
    }

    fn stmts(&mut self, stmts: &[Stmt], mode: &Mode) -> Result<Flow, Diagnostic> {
        self.stmts_in(stmts, mode, false).map_err(Diagnostic::from)
    }

    fn stmts_in(&mut self, stmts: &[Stmt], mode: &Mode, caught: bool) -> Result<Flow, Stop> {
        for stmt in stmts {
            if let Flow::Return = self.stmt(stmt, mode, caught)? {
                return Ok(Flow::Return);
            }
        }
        Ok(Flow::Next)
    }

    fn stmt(&mut self, stmt: &Stmt, mode: &Mode, caught: bool) -> Result<Flow, Stop> {
        match stmt {
            Stmt::Sql(sql) => self.apply(sql, None, mode, caught)?,
            Stmt::Block(block) => return self.block_in(block, mode, caught),
            Stmt::If {
                branches,
                otherwise,
                ..
            } => {
                for (i, (condition, body)) in branches.iter().enumerate() {
                    match self.condition(condition) {
                        Some(true) => {
                            self.result.not_taken += branches[i + 1..]
                                .iter()
                                .map(|(_, b)| schema_changes(b))
                                .sum::<usize>()
                                + schema_changes(otherwise);
                            return self.stmts_in(body, mode, caught);
                        }
                        Some(false) => self.result.not_taken += schema_changes(body),
                        None => {
                            // Undecided: this branch and every later one run as a guess.
                            let guess = Mode::Guess(format!(
                                "the condition at line {} depends on data",
                                line(condition)
                            ));
                            for (_, body) in &branches[i..] {
                                self.stmts_in(body, &guess, caught)?;
                            }
                            self.stmts_in(otherwise, &guess, caught)?;
                            return Ok(Flow::Next);
                        }
                    }
                }
                return self.stmts_in(otherwise, mode, caught);
            }
            Stmt::DependsOnData { at, bodies } => {
                let guess = Mode::Guess(format!(
                    "the `{}` at line {} runs as data says",
                    at.text()
                        .split_whitespace()
                        .next()
                        .unwrap_or("LOOP")
                        .to_ascii_uppercase(),
                    line(at)
                ));
                for body in bodies {
                    // Whatever a loop body returns from, the guess goes on.
                    self.stmts_in(body, &guess, caught)?;
                }
            }
            Stmt::Execute { at, expr } => match self.text(expr) {
                Some(sql) => self.execute(at, &sql, mode, caught)?,
                // SQL made from data whose head passes it over whatever the data says
                // (`format('GRANT SELECT ON %I TO r', t)`, `'ANALYZE ' || t`): passed
                // over as it would be were its text known; nothing was guessed.
                None if self.passed_over_by_head(expr) => {}
                None => {
                    self.unfollowed.get_or_insert_with(|| at.clone());
                    self.result.guessed = true;
                    self.guesses.insert(format!(
                        "the `EXECUTE` at line {} runs SQL made from data, not followed",
                        line(at)
                    ));
                }
            },
            Stmt::For {
                at,
                var,
                over,
                body,
                leaves,
            } => {
                let items = match mode {
                    Mode::Decided if !leaves => self.items(var, over),
                    _ => None,
                };
                let Some(items) = items else {
                    let guess =
                        Mode::Guess(format!("the loop at line {} runs over data", line(at)));
                    self.vars.insert(var.clone(), None);
                    self.stmts_in(body, &guess, caught)?;
                    return Ok(Flow::Next);
                };
                for item in items {
                    self.vars.insert(var.clone(), Some(item));
                    if let Flow::Return = self.stmts_in(body, mode, caught)? {
                        return Ok(Flow::Return);
                    }
                }
            }
            Stmt::Assign { name, value, .. } => {
                let value = match mode {
                    Mode::Decided => self.value(value),
                    Mode::Guess(_) => None,
                };
                self.vars.insert(name.clone(), value);
            }
            Stmt::Into { names, query } => {
                // One value read from the catalog (`SELECT count(*) INTO n FROM pg_...`).
                let value = match (mode, names.as_slice(), query) {
                    (Mode::Decided, [_], Some(query)) => {
                        guard::value(&format!("({query})"), &self.env())
                    }
                    _ => None,
                };
                // `FOUND`: whether the query gave a row.
                let found = match (mode, &value, query) {
                    (Mode::Decided, Some(_), Some(query)) => {
                        guard::value(&format!("EXISTS ({query})"), &self.env())
                    }
                    _ => None,
                };
                for name in names {
                    self.vars.insert(name.clone(), value.clone());
                }
                self.vars.insert("found".into(), found);
            }
            Stmt::Perform { query } => {
                let found = match mode {
                    Mode::Decided => {
                        guard::value(&format!("EXISTS (SELECT {})", query.text()), &self.env())
                    }
                    Mode::Guess(_) => None,
                };
                self.vars.insert("found".into(), found);
            }
            Stmt::Leave => {}
            Stmt::Return => {
                if let Mode::Decided = mode {
                    return Ok(Flow::Return);
                }
            }
            Stmt::Other(_) => {}
        }
        Ok(Flow::Next)
    }

    fn env(&self) -> Env<'_> {
        Env {
            schema: &self.out.schema,
            search_path: &self.session.search_path,
            vars: &self.vars,
        }
    }

    fn condition(&self, condition: &Statement) -> Option<bool> {
        guard::condition(condition.text(), &self.env())
    }

    fn text(&self, expr: &Statement) -> Option<String> {
        guard::text(expr.text(), &self.env())
    }

    /// Whether the SQL `expr` makes from data is passed over whatever the data is.
    fn passed_over_by_head(&self, expr: &Statement) -> bool {
        guard::template(expr.text(), &self.env()).is_some_and(|t| {
            parse::classify::passed_over_whatever_follows(&t.text, t.complete).is_some()
        })
    }

    fn value(&self, expr: &Statement) -> Option<Value> {
        guard::value(expr.text(), &self.env())
    }

    /// What a `FOR` loop runs over, when literals or the catalog say: its loop
    /// variable's values, in order.
    fn items(&self, var: &str, over: &Over) -> Option<Vec<Value>> {
        /// More iterations than any migration's loop over literals or the catalog.
        const MOST: i64 = 10_000;
        match over {
            Over::Range { from, to, reverse } => {
                let (Some(Value::Int(a)), Some(Value::Int(b))) = (self.value(from), self.value(to))
                else {
                    return None;
                };
                if (b - a).abs() > MOST {
                    return None;
                }
                let range: Vec<Value> = if *reverse {
                    (b..=a).rev().map(Value::Int).collect()
                } else {
                    (a..=b).map(Value::Int).collect()
                };
                Some(range)
            }
            Over::Array(expr) => guard::array(expr.text(), &self.env()),
            Over::Query(query) => {
                let rows = guard::loop_rows(query.text(), &self.env())?;
                Some(
                    rows.into_iter()
                        .map(|row| {
                            // A scalar variable takes the one column; a record the row.
                            if row.len() == 1 && !self.records.contains(var) {
                                row.into_values().next().unwrap_or(Value::Null)
                            } else {
                                Value::Record(row)
                            }
                        })
                        .collect(),
                )
            }
        }
    }

    /// Runs the SQL an `EXECUTE` made: a file of its own, named after the `EXECUTE`'s
    /// place, so diagnostics show the SQL that ran and where it came from.
    fn execute(
        &mut self,
        at: &Statement,
        sql: &str,
        mode: &Mode,
        caught: bool,
    ) -> Result<(), Stop> {
        let (line, col) = at.file.line_col(at.range.start);
        let file = Arc::new(SourceFile {
            path: format!("{}:{line}:{col} (EXECUTE)", at.file.path),
            text: sql.to_string(),
        });
        let Ok(pieces) = split(sql) else {
            return Err(Stop::Fatal(Box::new(
                Diagnostic::error("cannot read the SQL this `EXECUTE` runs: an unclosed quote")
                    .with_span(at.whole())
                    .with_hint("write the DDL as plain statements"),
            )));
        };
        for piece in pieces {
            let generated = Statement {
                file: file.clone(),
                range: piece.range,
            };
            self.apply(&generated, Some(at), mode, caught)?;
        }
        Ok(())
    }

    /// Applies one statement on a trial copy of the model: kept if it succeeds;
    /// otherwise raised to a handler, or skipped with a warning.
    fn apply(
        &mut self,
        sql: &Statement,
        execute: Option<&Statement>,
        mode: &Mode,
        caught: bool,
    ) -> Result<(), Stop> {
        let parsed = parse::parse(sql).map_err(|e| Stop::Fatal(Box::new(e)))?;
        let mut schema = self.out.schema.clone();
        let mut session = self.session.clone();
        let result = match &parsed {
            Parsed::Statement(ast) => model::apply(&mut schema, &mut session, sql, ast),
            Parsed::Extra(extra) => model::apply_extra(&mut schema, &mut session, sql, extra),
            Parsed::Opaque => return Ok(()),
            Parsed::Do { .. } => {
                self.result.guessed = true;
                self.guesses.insert(format!(
                    "a `DO` block run by `EXECUTE` at line {} is not followed",
                    execute.map_or(0, line)
                ));
                return Ok(());
            }
        };
        if let Mode::Guess(reason) = mode {
            self.result.guessed = true;
            self.guesses.insert(reason.clone());
        }
        match result {
            Ok(()) => {
                self.out.schema = schema;
                *self.session = session;
                self.result.applied += 1;
                Ok(())
            }
            Err(error) if caught && matches!(mode, Mode::Decided) => {
                Err(Stop::Raised(Box::new(error)))
            }
            Err(error) => {
                self.result.skipped_in_do += 1;
                self.out
                    .warnings
                    .push(skipped_warning(&error, Some(sql), false));
                Ok(())
            }
        }
    }
}

/// How many statements that may change the schema (DDL, `EXECUTE`) `stmts` holds.
fn schema_changes(stmts: &[Stmt]) -> usize {
    stmts
        .iter()
        .map(|s| match s {
            Stmt::Sql(_) | Stmt::Execute { .. } => 1,
            Stmt::If {
                branches,
                otherwise,
                ..
            } => {
                branches
                    .iter()
                    .map(|(_, b)| schema_changes(b))
                    .sum::<usize>()
                    + schema_changes(otherwise)
            }
            Stmt::Block(b) => {
                schema_changes(&b.body)
                    + b.handlers
                        .iter()
                        .map(|h| schema_changes(&h.body))
                        .sum::<usize>()
            }
            Stmt::DependsOnData { bodies, .. } => bodies.iter().map(|b| schema_changes(b)).sum(),
            Stmt::For { body, .. } => schema_changes(body),
            _ => 0,
        })
        .sum()
}

/// Whether an `EXCEPTION WHEN` list names the failure the model found.
fn handles(conditions: &[String], error: &Diagnostic) -> bool {
    conditions.iter().any(|c| {
        // `SQLSTATE '42710'` names the condition by its code.
        let c = match c.trim_matches('\'') {
            "42710" => "duplicate_object",
            "42p07" => "duplicate_table",
            "42701" => "duplicate_column",
            "42p06" => "duplicate_schema",
            "42p01" => "undefined_table",
            "42704" => "undefined_object",
            c => c,
        };
        c == "others"
            || match &error.code {
                Some(Code::DuplicateObject) => c.starts_with("duplicate_"),
                Some(Code::UndefinedTable(_)) => c == "undefined_table" || c == "undefined_object",
                None => false,
            }
    })
}

/// A statement inside a `DO` block that fails in the model, skipped.
fn skipped_warning(error: &Diagnostic, sql: Option<&Statement>, handled: bool) -> Diagnostic {
    let why = if handled {
        "a handler of the block caught a failure here in PostgreSQL, so it is skipped"
    } else {
        "PostgreSQL ran this block without an error, so it took another branch"
    };
    let mut warning = Diagnostic::warning(format!(
        "skipped a statement inside a `DO` block: {}",
        error.message
    ))
    .with_label(why)
    .with_hint(
        "nothing to do if PostgreSQL skips it too; if it does run, schemagen's model \
         differs from PostgreSQL's before this statement: move the DDL out of the `DO` \
         block to see the error",
    );
    warning.span = error.span.clone().or_else(|| sql.map(Statement::whole));
    warning
}

#[cfg(test)]
mod tests;
