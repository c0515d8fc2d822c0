//! Drives stages 2 and 3 over every statement, in migration order: each is parsed and
//! applied to the model. All parse errors are reported together; applying stops at the
//! first statement PostgreSQL would refuse (later statements would only report the same
//! problem again).

use std::collections::BTreeSet;

use std::sync::Arc;

use crate::census::Census;
use crate::diagnostic::{Code, Diagnostic, SourceFile};
use crate::model::{self, Schema, Session};
use crate::parse::{self, Class, Parsed};
use crate::source::{Layout, Migration, Statement};

mod do_block;
mod routines;
pub use do_block::DoBlockResult;

/// The schema after every migration, the warnings met on the way, and what became of
/// every statement.
#[derive(Debug, Clone, Default)]
pub struct Replayed {
    pub schema: Schema,
    pub warnings: Vec<Diagnostic>,
    pub census: Census,
}

/// What the replay knows of SQL it cannot follow: functions that run dynamic SQL
/// (`EXECUTE`), and where such SQL first ran.
#[derive(Debug, Default)]
struct Dynamic {
    functions: BTreeSet<String>,
    first_run: Option<Statement>,
}

impl Dynamic {
    /// Notes a function that runs dynamic SQL, or a call to one.
    fn note(&mut self, statement: &Statement) {
        let text = statement.text();
        // Most statements neither define a function nor call one that runs dynamic SQL;
        // keep the common case free of allocations.
        let starts_create = text
            .get(..6)
            .is_some_and(|w| w.eq_ignore_ascii_case("CREATE"));
        if !starts_create && self.functions.is_empty() {
            return;
        }
        let upper = text.to_ascii_uppercase();
        let words: Vec<&str> = upper.split_whitespace().take(5).collect();
        let defines = match words.as_slice() {
            ["CREATE", "FUNCTION" | "PROCEDURE", ..] => Some(2),
            ["CREATE", "OR", "REPLACE", "FUNCTION" | "PROCEDURE", ..] => Some(4),
            _ => None,
        };
        if let Some(at) = defines {
            if upper.contains("EXECUTE ") || upper.contains("EXECUTE\n") {
                let name = text
                    .split_whitespace()
                    .nth(at)
                    .and_then(|w| w.split('(').next())
                    .and_then(|w| w.rsplit('.').next())
                    .map(|w| w.trim_matches('"').to_lowercase());
                self.functions.extend(name);
            }
            return;
        }
        let lower = text.to_lowercase();
        let calls = self.functions.iter().any(|f| {
            lower.match_indices(f.as_str()).any(|(i, _)| {
                let before = lower[..i].chars().next_back();
                let after = lower[i + f.len()..].trim_start().starts_with('(');
                after && !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
            })
        });
        if calls && self.first_run.is_none() {
            self.first_run = Some(statement.clone());
        }
    }

    /// Whether a missing table is one dynamic SQL may well have made: a partition of a
    /// partitioned table (`<table>_<digits>`), after dynamic SQL ran.
    fn may_have_made(&self, schema: &Schema, name: &str) -> bool {
        self.first_run.is_some()
            && schema.tables.values().any(|t| {
                t.partitioned
                    && name
                        .strip_prefix(&format!("{}_", t.name.name))
                        .is_some_and(|suffix| {
                            !suffix.is_empty()
                                && suffix.chars().all(|c| c.is_ascii_digit() || c == '_')
                        })
            })
    }
}

/// Stack for the replay's own thread. sqlparser recurses a few frames per level of
/// nesting in a statement and stops at 50 levels; unoptimised, as build scripts are by
/// default, that can take over 4 MB, and a main thread may have 1 MB (Windows) or 8 MB
/// (Linux). 64 MB is reserved address space, not memory used.
const STACK: usize = 64 << 20;

/// Replays `migrations` in order. On error, returns it with the warnings so far.
///
/// Runs on a thread with a [`STACK`]-sized stack, so no statement, however deeply
/// nested, overflows the caller's.
pub fn replay(migrations: &[Migration], layout: Layout) -> Result<Replayed, Vec<Diagnostic>> {
    replay_with_census(migrations, layout).1
}

/// [`replay`], with the census of every statement also when the replay fails (a history
/// PostgreSQL itself stops on still has its statements counted).
pub fn replay_with_census(
    migrations: &[Migration],
    layout: Layout,
) -> (Census, Result<Replayed, Vec<Diagnostic>>) {
    std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new()
            .name("schemagen-replay".into())
            .stack_size(STACK)
            .spawn_scoped(scope, || replay_here(migrations, layout));
        match spawned {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            // No thread to be had: replay here, on the caller's stack.
            Err(_) => replay_here(migrations, layout),
        }
    })
}

/// Each statement is parsed, applied and dropped before the next is read, so only one
/// statement's syntax tree is alive at a time. Once a statement fails to parse or
/// PostgreSQL would refuse one, nothing more is applied, but the rest is still parsed:
/// every parse error is reported, and parse errors come before a refusal.
fn replay_here(
    migrations: &[Migration],
    layout: Layout,
) -> (Census, Result<Replayed, Vec<Diagnostic>>) {
    let mut out = Replayed::default();
    if let Some(sql) = layout.bookkeeping_table()
        && let Err(e) = bookkeeping(&mut out.schema, layout, sql)
    {
        return (out.census, Err(e));
    }
    let mut dynamic = Dynamic::default();
    let mut routines = routines::Routines::default();
    let mut parse_errors = Vec::new();
    // The refusal, with the warnings before it.
    let mut refused: Option<Vec<Diagnostic>> = None;
    for migration in migrations {
        let tables_before = user_tables(&out.schema);
        // A session setting such as `search_path` lasts to the end of its file; each file
        // starts with what `ALTER DATABASE ... SET` gave the database.
        let mut session = Session::starting(&out.schema);
        for (index, statement) in migration.statements.iter().enumerate() {
            if migration.pass_over.contains(&index) {
                out.census.passed_over_as_asked += 1;
                continue;
            }
            if let Some(setting) = crate::database::search_path_setting(statement.text()) {
                if parse_errors.is_empty() && refused.is_none() {
                    setting.apply(&mut out.schema);
                    out.census.modelled += 1;
                } else {
                    out.census.not_reached += 1;
                }
                continue;
            }
            if parse_errors.is_empty() && refused.is_none() {
                routines.note(statement);
            }
            // A call of a PL/pgSQL routine defined earlier runs its body, as a `DO` block.
            let called = routines.called(statement).cloned();
            let (statement, read) = match &called {
                Some(body) => (
                    &body.statement,
                    parse::Read::modelled(Ok(Parsed::Do {
                        body: body.range.clone(),
                    })),
                ),
                None => (statement, parse::parse_classified(statement)),
            };
            let p = match read.parsed {
                Ok(p) => p,
                Err(e) => {
                    out.census.refused += 1;
                    parse_errors.push(parse::with_pass_over_hint(
                        e,
                        statement,
                        layout.uses_folders(),
                    ));
                    continue;
                }
            };
            if let Class::PassedOver(class) = read.class {
                out.census.pass_over(class);
                // A passed-over call may still run a function that runs dynamic SQL.
                if parse_errors.is_empty() && refused.is_none() {
                    dynamic.note(statement);
                }
                continue;
            }
            if !parse_errors.is_empty() || refused.is_some() {
                out.census.not_reached += 1;
                continue;
            }
            dynamic.note(statement);
            let in_do_block = matches!(p, Parsed::Do { .. });
            let applied = statement_into(&mut out, &mut session, &mut dynamic, statement, p);
            out.warnings.append(&mut session.warnings.0);
            match applied {
                Ok(()) => {
                    out.census.modelled += 1;
                    for class in read.actions_passed_over {
                        out.census.pass_over_action(class);
                    }
                }
                Err(error) => match &error.code {
                    Some(Code::UndefinedTable(name))
                        if dynamic.may_have_made(&out.schema, name) =>
                    {
                        // Read, and passed over with a warning that says why.
                        out.census.modelled += 1;
                        out.warnings
                            .push(runtime_partition_warning(statement, &error, &dynamic));
                    }
                    _ => {
                        out.census.refused += 1;
                        // A statement inside a `DO` block that cannot be read: the escape
                        // hatch names the block, the statement the migration holds.
                        let error = if in_do_block
                            && error.message.starts_with("cannot parse this statement")
                        {
                            parse::with_pass_over_hint(error, statement, layout.uses_folders())
                        } else {
                            error
                        };
                        let mut all = std::mem::take(&mut out.warnings);
                        all.push(error);
                        refused = Some(all);
                    }
                },
            }
        }
        if parse_errors.is_empty() && refused.is_none() {
            if let Some(warning) =
                rollback_warning(migration, tables_before, user_tables(&out.schema))
            {
                out.warnings.push(warning);
            }
        }
    }
    let census = out.census.clone();
    if !parse_errors.is_empty() {
        return (census, Err(parse_errors));
    }
    match refused {
        Some(all) => (census, Err(all)),
        None => (census, Ok(out)),
    }
}

/// The tables a user's migrations made (not the runner's own, not partitions).
fn user_tables(schema: &Schema) -> usize {
    schema
        .tables
        .values()
        .filter(|t| !t.bookkeeping && t.partition_of.is_none())
        .count()
}

/// A forward migration that drops most of the tables earlier ones made is most likely a
/// rollback script in a layout that has no down files (seed 001's
/// `002_rollback_enterprise_tables.sql`): applied as written, but said, since the
/// generated code then has next to nothing in it.
fn rollback_warning(migration: &Migration, before: usize, after: usize) -> Option<Diagnostic> {
    let dropped = before.saturating_sub(after);
    // "Most": at least three tables, and four in five of them.
    if before < 3 || dropped * 5 < before * 4 {
        return None;
    }
    let state = if after == 0 {
        "the schema is now empty".to_string()
    } else {
        format!("only {after} table(s) are left")
    };
    let file = migration
        .file
        .path
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(&migration.file.path);
    let mut warning = Diagnostic::warning(format!(
        "`{file}` drops {dropped} of the {before} tables earlier migrations created: {state}"
    ))
    .with_label("this migration is applied as written, since the layout says it runs forward")
    .with_hint(format!(
        "if it is a rollback script, leave it out: `Builder::exclude(\"{file}\")` or \
         `--exclude '{file}'` (a glob such as `*rollback*` works too)"
    ));
    warning.span = migration
        .statements
        .first()
        .map(|s| s.span(0..s.range.len().min(40)));
    Some(warning)
}

/// Creates the runner's bookkeeping table, as the runner does before the first migration.
fn bookkeeping(schema: &mut Schema, layout: Layout, sql: &str) -> Result<(), Vec<Diagnostic>> {
    let statement = Statement {
        file: Arc::new(SourceFile {
            path: format!("<{layout}'s bookkeeping table>"),
            text: sql.to_string(),
        }),
        range: 0..sql.len(),
    };
    let applied = match parse::parse(&statement) {
        Ok(Parsed::Statement(ast)) => {
            model::apply(schema, &mut Session::default(), &statement, &ast)
        }
        Ok(_) => Ok(()),
        Err(e) => Err(e),
    };
    applied.map_err(|e| vec![e])?;
    for table in schema.tables.values_mut() {
        table.bookkeeping = true;
    }
    Ok(())
}

/// A statement on a partition that only dynamic SQL could have made: passed over,
/// since partitions are not part of the schema schemagen describes, and said so.
fn runtime_partition_warning(
    statement: &Statement,
    error: &Diagnostic,
    dynamic: &Dynamic,
) -> Diagnostic {
    let at = dynamic
        .first_run
        .as_ref()
        .map(|s| {
            let (line, _) = s.file.line_col(s.range.start);
            format!(" (dynamic SQL ran at {}:{line})", s.file.path)
        })
        .unwrap_or_default();
    let mut warning = Diagnostic::warning(format!(
        "passed over a statement on a table schemagen cannot see: {}; it looks like a \
         partition made by dynamic SQL at run time{at}",
        error.message
    ))
    .with_hint(
        "partitions made at run time are not part of the schema; if this table is not a \
         partition, create it with plain DDL in a migration",
    );
    warning.span = error.span.clone().or_else(|| Some(statement.whole()));
    warning
}

fn statement_into(
    out: &mut Replayed,
    session: &mut Session,
    dynamic: &mut Dynamic,
    statement: &Statement,
    parsed: Parsed,
) -> Result<(), Diagnostic> {
    match parsed {
        Parsed::Statement(ast) => model::apply(&mut out.schema, session, statement, &ast),
        Parsed::Extra(extra) => model::apply_extra(&mut out.schema, session, statement, &extra),
        Parsed::Opaque => Ok(()),
        Parsed::Do { body } => {
            let result = do_block(out, session, dynamic, statement, body)?;
            out.census.applied_in_do += result.applied;
            out.census.skipped_in_do += result.skipped_in_do;
            out.census.not_taken_in_do += result.not_taken;
            Ok(())
        }
    }
}

/// Replays a `DO` block the way PostgreSQL ran it: see [`do_block`]. The result's
/// counts are for the census.
fn do_block(
    out: &mut Replayed,
    session: &mut Session,
    dynamic: &mut Dynamic,
    statement: &Statement,
    body: std::ops::Range<usize>,
) -> Result<DoBlockResult, Diagnostic> {
    do_block::run(out, session, dynamic, statement, body)
}

#[cfg(test)]
mod tests {
    /// The errors of replaying `files` (name, SQL), rendered.
    fn errors(files: &[(&str, &str)]) -> Vec<String> {
        match crate::load_inline(files) {
            Ok(_) => Vec::new(),
            Err(e) => e.errors().map(|d| d.render()).collect(),
        }
    }

    #[test]
    fn every_parse_error_is_reported_even_after_a_refusal() {
        let found = errors(&[
            (
                "0001_a.sql",
                "CREATE TABLE t (a int);\nALTER TABLE nope ADD b int;",
            ),
            ("0002_b.sql", "CREATE TABLE u (a int;"),
            (
                "0003_c.sql",
                "CREATE TABLE v (a int);\nCREATE TABLE w (a int,);",
            ),
        ]);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found[0].contains("0002_b.sql:1:"), "{}", found[0]);
        assert!(found[1].contains("0003_c.sql:2:"), "{}", found[1]);
    }

    #[test]
    fn every_statement_is_counted_in_the_census() {
        use crate::parse::PassOver;
        let loaded = crate::load_inline(&[(
            "0001_a.sql",
            "CREATE TABLE t (a int);\n\
             ALTER SEQUENCE s START WITH 1 NO MINVALUE CACHE 1;\n\
             INSERT INTO t VALUES (1);\n\
             UPDATE t SET a = 2;\n\
             GRANT SELECT ON t TO PUBLIC;\n\
             ALTER TABLE t OWNER TO CURRENT_USER, ADD b text;\n\
             DO $$ BEGIN NULL; END $$;",
        )])
        .expect("the history loads");
        let census = &loaded.census;
        assert_eq!(census.total(), 7, "{census}");
        assert_eq!(census.modelled, 3, "{census}");
        assert_eq!(census.passed_over_as(PassOver::Data), 2, "{census}");
        assert_eq!(census.passed_over_as(PassOver::Sequences), 1, "{census}");
        assert_eq!(census.passed_over_as(PassOver::Privileges), 1, "{census}");
        assert_eq!(census.refused, 0, "{census}");
        assert_eq!(census.actions_passed_over.iter().sum::<usize>(), 1);
        // Passed-over statements are counted, not warned about.
        assert!(
            loaded
                .warnings
                .iter()
                .all(|w| w.message.contains("`DO` block")),
            "{:?}",
            loaded.warnings
        );
    }

    #[test]
    fn a_refused_history_still_has_its_census() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        std::fs::write(
            dir.path().join("0001_a.sql"),
            "CREATE TABLE t (a int);\nALTER TABLE nope ADD b int;\nCREATE TABLE u (a int);\nGRANT ALL ON t TO PUBLIC;",
        )
        .expect("written");
        let census = crate::census_of(dir.path(), &Default::default()).expect("the folder reads");
        assert_eq!(
            (
                census.modelled,
                census.refused,
                census.not_reached,
                census.passed_over_total()
            ),
            (1, 1, 1, 1),
            "{census}"
        );
    }

    #[test]
    fn applying_stops_at_the_first_refusal() {
        let found = errors(&[
            (
                "0001_a.sql",
                "ALTER TABLE nope ADD b int;\nALTER TABLE other ADD c int;",
            ),
            (
                "0002_b.sql",
                "CREATE TABLE t (a int);\nCREATE TABLE t (a int);",
            ),
        ]);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].contains("`nope` does not exist"), "{}", found[0]);
    }
}
