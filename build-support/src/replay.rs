//! Drives stages 2 and 3 over every statement. First every statement is parsed, and all
//! parse errors are reported together; then the statements are applied to the model in
//! migration order, stopping at the first one PostgreSQL would refuse (later statements
//! would only report the same problem again).

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{self, Schema, Session};
use crate::parse::{self, Parsed};
use crate::source::{Migration, Statement, plpgsql};

/// The schema after every migration, and the warnings met on the way.
#[derive(Debug, Clone, Default)]
pub struct Replayed {
    pub schema: Schema,
    pub warnings: Vec<Diagnostic>,
}

/// Replays `migrations` in order. On error, returns it with the warnings so far.
pub fn replay(migrations: &[Migration]) -> Result<Replayed, Vec<Diagnostic>> {
    let mut parsed: Vec<Vec<(&Statement, Parsed)>> = Vec::new();
    let mut errors = Vec::new();
    for migration in migrations {
        let mut statements = Vec::new();
        for statement in &migration.statements {
            match parse::parse(statement) {
                Ok(p) => statements.push((statement, p)),
                Err(e) => errors.push(e),
            }
        }
        parsed.push(statements);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut out = Replayed::default();
    for statements in parsed {
        // A session setting such as `search_path` lasts to the end of its file.
        let mut session = Session::default();
        for (statement, p) in statements {
            if let Err(error) = statement_into(&mut out, &mut session, statement, p) {
                let mut all = std::mem::take(&mut out.warnings);
                all.push(error);
                return Err(all);
            }
        }
    }
    Ok(out)
}

fn statement_into(
    out: &mut Replayed,
    session: &mut Session,
    statement: &Statement,
    parsed: Parsed,
) -> Result<(), Diagnostic> {
    match parsed {
        Parsed::Statement(ast) => model::apply(&mut out.schema, session, statement, &ast),
        Parsed::Extra(extra) => model::apply_extra(&mut out.schema, session, statement, &extra),
        Parsed::Opaque => Ok(()),
        Parsed::Do { body } => do_block(out, session, statement, body),
    }
}

/// Applies the DDL a `DO` block holds, as if each guard let it run; a statement that
/// fails only because its object already exists is taken as one its guard skipped.
/// The block is always named in a warning: no static tool can run PL/pgSQL.
fn do_block(
    out: &mut Replayed,
    session: &mut Session,
    statement: &Statement,
    body: std::ops::Range<usize>,
) -> Result<(), Diagnostic> {
    let block = plpgsql::do_block(statement, body);
    let mut applied = 0;
    for ddl in &block.ddl {
        let parsed = parse::parse(ddl)?;
        // On a trial copy, so a statement that fails half-way leaves nothing behind.
        let mut trial = out.schema.clone();
        let result = match &parsed {
            Parsed::Statement(ast) => model::apply(&mut trial, session, ddl, ast),
            Parsed::Extra(extra) => model::apply_extra(&mut trial, session, ddl, extra),
            Parsed::Opaque | Parsed::Do { .. } => continue,
        };
        match result {
            Ok(()) => {
                out.schema = trial;
                applied += 1;
            }
            Err(e) if e.code == Some(Code::DuplicateObject) => {}
            Err(e) => return Err(e),
        }
    }
    let (message, hint) = match (block.ddl.len(), block.dynamic_sql) {
        (0, false) => (
            "passed over a `DO` block that runs no DDL".to_string(),
            "nothing to do: a `DO` block without DDL cannot change the schema",
        ),
        (n, false) if applied == n => (
            format!(
                "a `DO` block runs DDL: schemagen applied its {n} DDL statement(s) as if \
                 every branch ran"
            ),
            "no static tool can run PL/pgSQL; if the generated types are wrong, move the DDL \
             out of the `DO` block",
        ),
        (n, false) => (
            format!(
                "a `DO` block runs DDL: schemagen applied {applied} of its {n} DDL statement(s); \
                 the others would fail on objects that already exist, so their guards are taken \
                 to skip them"
            ),
            "no static tool can run PL/pgSQL; if the generated types are wrong, move the DDL \
             out of the `DO` block",
        ),
        (_, true) => (
            "a `DO` block runs dynamic SQL (`EXECUTE`) that schemagen cannot follow".to_string(),
            "no static tool can run PL/pgSQL; if it changes tables or types, write that DDL \
             as plain statements",
        ),
    };
    out.warnings.push(
        Diagnostic::warning(message)
            .with_span(statement.span(0..2.min(statement.range.len())))
            .with_hint(hint),
    );
    Ok(())
}
