//! Evaluates the expressions of a `DO` block against the model: the catalog guards of
//! `IF` statements (`NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE ...)`,
//! `to_regclass('t') IS NULL`) and the SQL text `EXECUTE` runs (`'ALTER TABLE ' || t`,
//! `format('... %I ...', 'x')`).
//!
//! An expression is read with sqlparser and evaluated over [`catalog_view`] rows and the
//! block's variables. Whatever depends on data (a user table, a variable set from a
//! query, a catalog column the model does not keep, a function not listed here) makes
//! the result `None`: undecided, never a guess.

use std::collections::BTreeMap;

use sqlparser::ast::{
    BinaryOperator, CastKind, Expr, FunctionArg, FunctionArgExpr, FunctionArguments, GroupByExpr,
    Ident, JoinConstraint, JoinOperator, ObjectName, Query, SelectItem, SetExpr, TableFactor,
    UnaryOperator, Value as Literal,
};
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;

use super::catalog_view::{self, Row};
use super::quote::quote_identifier;
use super::{QualifiedName, Schema};

pub use super::catalog_view::Value;

/// A block's variables: `Some` for a value known when the block ran (assigned from
/// literals or read from the catalog), `None` for one that came from data.
pub type Vars = BTreeMap<String, Option<Value>>;

/// What expressions are evaluated against.
pub struct Env<'a> {
    pub schema: &'a Schema,
    pub search_path: &'a [String],
    pub vars: &'a Vars,
}

/// The truth of an `IF` condition, `None` when it depends on what the model cannot know.
pub fn condition(text: &str, env: &Env) -> Option<bool> {
    match eval(&parse(text)?, env, &[])? {
        Value::Bool(b) => Some(b),
        // `IF NULL THEN` takes the other branch, as PL/pgSQL does.
        Value::Null => Some(false),
        _ => None,
    }
}

/// The text an expression evaluates to (`EXECUTE`'s SQL), `None` when it depends on
/// data.
pub fn text(text: &str, env: &Env) -> Option<String> {
    match value(text, env)? {
        Value::Null | Value::Record(_) => None,
        v => Some(as_text(&v)),
    }
}

/// The SQL an `EXECUTE` of data-made text runs, as far as it is known without the data:
/// where data fills an identifier (`%I`, `quote_ident(...)`) it reads `x`, where it fills
/// a literal (`%L`, `quote_literal(...)`, `quote_nullable(...)`) `'x'`, so the statement
/// keeps its head; the text stops at the first part data could fill with any SQL (`%s`,
/// a bare variable). `None` when not even a start is known.
pub fn template(text: &str, env: &Env) -> Option<Template> {
    let template = template_of(&parse(text)?, env);
    (!template.text.trim().is_empty()).then_some(template)
}

/// See [`template`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    /// The SQL as far as it is known.
    pub text: String,
    /// Whether that is all of it (every part data fills is an identifier or a literal).
    pub complete: bool,
}

fn template_of(expr: &Expr, env: &Env) -> Template {
    let known = |text: String| Template {
        text,
        complete: true,
    };
    let unknown = Template {
        text: String::new(),
        complete: false,
    };
    if let Some(v) = eval(expr, env, &[]) {
        return match v {
            Value::Null | Value::Record(_) => unknown,
            v => known(as_text(&v)),
        };
    }
    match expr {
        Expr::Nested(e) => template_of(e, env),
        Expr::BinaryOp {
            left,
            op: BinaryOperator::StringConcat,
            right,
        } => {
            let left = template_of(left, env);
            if !left.complete {
                return left;
            }
            let right = template_of(right, env);
            Template {
                text: left.text + &right.text,
                complete: right.complete,
            }
        }
        Expr::Function(f) => {
            let name = f.name.to_string().to_lowercase();
            let args: Vec<&Expr> = match &f.args {
                FunctionArguments::List(list) => list
                    .args
                    .iter()
                    .filter_map(|a| match a {
                        FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => Some(e),
                        _ => None,
                    })
                    .collect(),
                _ => return unknown,
            };
            match (name.trim_start_matches("pg_catalog."), args.as_slice()) {
                ("quote_ident", [_]) => known("x".into()),
                ("quote_literal" | "quote_nullable", [_]) => known("'x'".into()),
                ("format", [first, rest @ ..]) => match eval(first, env, &[]) {
                    Some(Value::Text(t)) => {
                        let values: Vec<Option<Value>> =
                            rest.iter().map(|e| eval(e, env, &[])).collect();
                        format_template(&t, &values)
                    }
                    _ => unknown,
                },
                _ => unknown,
            }
        }
        _ => unknown,
    }
}

/// [`format`] with arguments data gives (`None`): see [`template`].
fn format_template(template: &str, args: &[Option<Value>]) -> Template {
    let mut out = String::new();
    let mut rest = template;
    let mut next = 0usize;
    let stop = |text: String| Template {
        text,
        complete: false,
    };
    while let Some(at) = rest.find('%') {
        out.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        if let Some(after) = rest.strip_prefix('%') {
            out.push('%');
            rest = after;
            continue;
        }
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let index = if digits == 0 {
            next
        } else if rest[digits..].starts_with('$') {
            let Some(i) = rest[..digits]
                .parse::<usize>()
                .ok()
                .and_then(|n| n.checked_sub(1))
            else {
                return stop(out);
            };
            rest = &rest[digits..];
            rest = &rest[1..];
            i
        } else {
            return stop(out);
        };
        next = index + 1;
        let arg = args.get(index).cloned().flatten();
        let Some(kind) = rest.chars().next() else {
            return stop(out);
        };
        rest = &rest[kind.len_utf8()..];
        match (kind, arg) {
            ('s', Some(v)) => out.push_str(&as_text(&v)),
            ('I', Some(v)) if v != Value::Null => out.push_str(&quote_identifier(&as_text(&v))),
            ('I', None) => out.push('x'),
            ('L', Some(Value::Null)) => out.push_str("NULL"),
            ('L', Some(v)) => out.push_str(&quote_literal(&as_text(&v))),
            ('L', None) => out.push_str("'x'"),
            _ => return stop(out),
        }
    }
    out.push_str(rest);
    Template {
        text: out,
        complete: true,
    }
}

/// The value of an expression (a variable's), `None` when it depends on data.
pub fn value(text: &str, env: &Env) -> Option<Value> {
    eval(&parse(text)?, env, &[])
}

/// The items a `FOREACH ... IN ARRAY <expr>` loop runs over: an `ARRAY[...]` whose
/// elements are known.
pub fn array(text: &str, env: &Env) -> Option<Vec<Value>> {
    match parse(text)? {
        Expr::Array(array) => array.elem.iter().map(|e| eval(e, env, &[])).collect(),
        _ => None,
    }
}

/// The rows a `FOR r IN <query>` loop runs over, when the query reads only the
/// catalog: each a record of the query's output columns.
pub fn loop_rows(text: &str, env: &Env) -> Option<Vec<BTreeMap<String, Value>>> {
    let dialect = PostgreSqlDialect {};
    let mut parser = Parser::new(&dialect).try_with_sql(text).ok()?;
    let query = parser.parse_query().ok()?;
    let SetExpr::Select(select) = query.body.as_ref() else {
        return None;
    };
    if query.limit_clause.is_some() || select.distinct.is_some() {
        return None;
    }
    if let Some(rows) = unnest(select, env) {
        return query.order_by.is_none().then_some(rows);
    }
    let mut combos = query_rows(&query, env, &[])?;
    if let Some(order_by) = &query.order_by {
        combos = ordered(combos, order_by, env)?;
    }
    let mut out = Vec::new();
    for combo in combos {
        let scope: Vec<(&str, &Row)> = combo.iter().map(|(a, r)| (a.as_str(), r)).collect();
        let mut record = BTreeMap::new();
        for item in &select.projection {
            match item {
                SelectItem::UnnamedExpr(e) => {
                    let name = match e {
                        Expr::Identifier(i) => ident(i),
                        Expr::CompoundIdentifier(parts) => ident(parts.last()?),
                        _ => return None,
                    };
                    record.insert(name, eval(e, env, &scope)?);
                }
                SelectItem::ExprWithAlias { expr, alias } => {
                    record.insert(ident(alias), eval(expr, env, &scope)?);
                }
                SelectItem::Wildcard(_) => {
                    for (_, row) in &combo {
                        for (k, v) in row {
                            record.insert(k.to_string(), v.clone());
                        }
                    }
                }
                _ => return None,
            }
        }
        out.push(record);
    }
    Some(out)
}

fn parse(text: &str) -> Option<Expr> {
    let dialect = PostgreSqlDialect {};
    let mut parser = Parser::new(&dialect).try_with_sql(text).ok()?;
    let expr = parser.parse_expr().ok()?;
    // The whole text must be the expression.
    parser
        .peek_token()
        .token
        .eq(&sqlparser::tokenizer::Token::EOF)
        .then_some(expr)
}

/// The rows in scope: each relation's alias with its row.
type Scope<'r> = [(&'r str, &'r Row)];

fn ident(i: &Ident) -> String {
    if i.quote_style.is_some() {
        i.value.clone()
    } else {
        i.value.to_lowercase()
    }
}

fn eval(expr: &Expr, env: &Env, scope: &Scope) -> Option<Value> {
    Some(match expr {
        Expr::Nested(e) => eval(e, env, scope)?,
        Expr::Value(v) => match &v.value {
            Literal::SingleQuotedString(s)
            | Literal::EscapedStringLiteral(s)
            | Literal::NationalStringLiteral(s) => Value::Text(s.clone()),
            Literal::DollarQuotedString(d) => Value::Text(d.value.clone()),
            Literal::Number(n, _) => match n.parse() {
                Ok(i) => Value::Int(i),
                Err(_) => Value::Text(n.to_string()),
            },
            Literal::Boolean(b) => Value::Bool(*b),
            Literal::Null => Value::Null,
            _ => return None,
        },
        Expr::Identifier(i) => column(scope, None, &ident(i))
            .or_else(|| variable(env, &ident(i)))
            .or_else(|| function(&ident(i), &[], env))?,
        Expr::CompoundIdentifier(parts) => {
            match parts.as_slice() {
                [alias, col] => column(scope, Some(&ident(alias)), &ident(col)).or_else(|| {
                    match env.vars.get(&ident(alias))? {
                        Some(Value::Record(record)) => record.get(&ident(col)).cloned(),
                        _ => None,
                    }
                })?,
                _ => return None,
            }
        }
        Expr::UnaryOp {
            op: UnaryOperator::Not,
            expr,
        } => match eval(expr, env, scope)? {
            Value::Bool(b) => Value::Bool(!b),
            Value::Null => Value::Null,
            _ => return None,
        },
        Expr::BinaryOp { left, op, right } => binary(left, op, right, env, scope)?,
        Expr::IsNull(e) => Value::Bool(eval(e, env, scope)? == Value::Null),
        Expr::IsNotNull(e) => Value::Bool(eval(e, env, scope)? != Value::Null),
        Expr::InList {
            expr,
            list,
            negated,
        } => {
            let value = eval(expr, env, scope)?;
            let mut found = false;
            for item in list {
                found |= equal(&value, &eval(item, env, scope)?)?;
            }
            Value::Bool(found != *negated)
        }
        Expr::Like {
            negated,
            expr,
            pattern,
            any: false,
            escape_char: None,
        } => like_value(expr, pattern, *negated, false, env, scope)?,
        Expr::ILike {
            negated,
            expr,
            pattern,
            any: false,
            escape_char: None,
        } => like_value(expr, pattern, *negated, true, env, scope)?,
        // `x = ANY (ARRAY[...])`: as `x IN (...)`.
        Expr::AnyOp {
            left,
            compare_op: BinaryOperator::Eq,
            right,
            ..
        } => {
            let Expr::Array(array) = right.as_ref() else {
                return None;
            };
            let value = eval(left, env, scope)?;
            let mut found = false;
            for item in &array.elem {
                found |= equal(&value, &eval(item, env, scope)?)?;
            }
            Value::Bool(found)
        }
        Expr::Exists { subquery, negated } => {
            Value::Bool(query_rows(subquery, env, scope)?.is_empty() == *negated)
        }
        Expr::Subquery(query) => scalar(query, env, scope)?,
        Expr::Cast {
            kind: CastKind::DoubleColon | CastKind::Cast,
            expr,
            data_type,
            ..
        } => cast(
            eval(expr, env, scope)?,
            &data_type.to_string().to_lowercase(),
            env,
        )?,
        Expr::Function(f) => {
            let name = f.name.to_string().to_lowercase();
            let mut args = Vec::new();
            match &f.args {
                FunctionArguments::None => {}
                FunctionArguments::List(list) => {
                    for arg in &list.args {
                        let FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) = arg else {
                            return None;
                        };
                        args.push(eval(e, env, scope)?);
                    }
                }
                FunctionArguments::Subquery(_) => return None,
            }
            function(name.trim_start_matches("pg_catalog."), &args, env)?
        }
        _ => return None,
    })
}

fn column(scope: &Scope, alias: Option<&str>, name: &str) -> Option<Value> {
    scope
        .iter()
        .rev()
        .filter(|(a, _)| alias.is_none_or(|alias| *a == alias))
        .find_map(|(_, row)| row.get(name).cloned())
}

fn variable(env: &Env, name: &str) -> Option<Value> {
    env.vars.get(name)?.clone()
}

fn binary(
    left: &Expr,
    op: &BinaryOperator,
    right: &Expr,
    env: &Env,
    scope: &Scope,
) -> Option<Value> {
    let l = eval(left, env, scope);
    match op {
        // Three-valued: one decided `false` decides an `AND`, one `true` an `OR`.
        BinaryOperator::And | BinaryOperator::Or => {
            let decisive = matches!(op, BinaryOperator::Or);
            let r = eval(right, env, scope);
            let truth = |v: &Option<Value>| match v {
                Some(Value::Bool(b)) => Some(*b),
                Some(Value::Null) => Some(false),
                _ => None,
            };
            let (l, r) = (truth(&l), truth(&r));
            if l == Some(decisive) || r == Some(decisive) {
                return Some(Value::Bool(decisive));
            }
            Some(Value::Bool(l? && r? || decisive && (l? || r?)))
        }
        BinaryOperator::StringConcat => match (l?, eval(right, env, scope)?) {
            (Value::Null, _) | (_, Value::Null) => Some(Value::Null),
            (a, b) => Some(Value::Text(as_text(&a) + &as_text(&b))),
        },
        _ => {
            let (l, r) = (l?, eval(right, env, scope)?);
            if l == Value::Null || r == Value::Null {
                return Some(Value::Null);
            }
            let ordering = compare(&l, &r)?;
            use std::cmp::Ordering::*;
            Some(Value::Bool(match op {
                BinaryOperator::Eq => ordering == Equal,
                BinaryOperator::NotEq => ordering != Equal,
                BinaryOperator::Lt => ordering == Less,
                BinaryOperator::LtEq => ordering != Greater,
                BinaryOperator::Gt => ordering == Greater,
                BinaryOperator::GtEq => ordering != Less,
                _ => return None,
            }))
        }
    }
}

fn as_text(v: &Value) -> String {
    match v {
        Value::Text(s) => s.clone(),
        Value::Int(i) => i.to_string(),
        Value::Bool(b) => if *b { "true" } else { "false" }.to_string(),
        // Qualified, so it names the object whatever the search path.
        Value::Oid(name) => format!(
            "{}.{}",
            quote_identifier(&name.schema),
            quote_identifier(&name.name)
        ),
        Value::Null | Value::Record(_) => String::new(),
    }
}

fn compare(a: &Value, b: &Value) -> Option<std::cmp::Ordering> {
    match (a, b) {
        (Value::Text(a), Value::Text(b)) => Some(a.cmp(b)),
        (Value::Int(a), Value::Int(b)) => Some(a.cmp(b)),
        (Value::Int(a), Value::Text(b)) => Some(a.cmp(&b.trim().parse().ok()?)),
        (Value::Text(a), Value::Int(b)) => Some(a.trim().parse::<i64>().ok()?.cmp(b)),
        (Value::Bool(a), Value::Bool(b)) => Some(a.cmp(b)),
        (Value::Oid(a), Value::Oid(b)) => Some(a.cmp(b)),
        // No object's oid is 0 (`conrelid = 0`: a constraint on no table).
        (Value::Oid(_), Value::Int(_)) => Some(std::cmp::Ordering::Greater),
        (Value::Int(_), Value::Oid(_)) => Some(std::cmp::Ordering::Less),
        (Value::Bool(a), Value::Text(b)) | (Value::Text(b), Value::Bool(a)) => {
            let b = match b.to_lowercase().as_str() {
                "t" | "true" | "yes" | "on" | "1" => true,
                "f" | "false" | "no" | "off" | "0" => false,
                _ => return None,
            };
            Some(if *a == b {
                std::cmp::Ordering::Equal
            } else {
                std::cmp::Ordering::Less
            })
        }
        _ => None,
    }
}

fn equal(a: &Value, b: &Value) -> Option<bool> {
    if *a == Value::Null || *b == Value::Null {
        return Some(false);
    }
    Some(compare(a, b)? == std::cmp::Ordering::Equal)
}

fn like_value(
    expr: &Expr,
    pattern: &Expr,
    negated: bool,
    case_blind: bool,
    env: &Env,
    scope: &Scope,
) -> Option<Value> {
    let (Value::Text(s), Value::Text(p)) = (eval(expr, env, scope)?, eval(pattern, env, scope)?)
    else {
        return Some(Value::Null);
    };
    let matched = if case_blind {
        like(&s.to_lowercase(), &p.to_lowercase())
    } else {
        like(&s, &p)
    };
    Some(Value::Bool(matched != negated))
}

/// SQL `LIKE`: `%` any run, `_` any one character.
fn like(s: &str, p: &str) -> bool {
    let s: Vec<char> = s.chars().collect();
    let p: Vec<char> = p.chars().collect();
    fn go(s: &[char], p: &[char]) -> bool {
        match p.split_first() {
            None => s.is_empty(),
            Some(('%', rest)) => (0..=s.len()).any(|i| go(&s[i..], rest)),
            Some(('_', rest)) => !s.is_empty() && go(&s[1..], rest),
            Some(('\\', rest)) if !rest.is_empty() => {
                s.first() == rest.first() && go(&s[1..], &rest[1..])
            }
            Some((c, rest)) => s.first() == Some(c) && go(&s[1..], rest),
        }
    }
    go(&s, &p)
}

/// A name as `regclass` input reads it: `a.b`, `"A"`, folded unless quoted.
fn object_name(text: &str) -> Option<(Option<String>, String)> {
    let dialect = PostgreSqlDialect {};
    let mut parser = Parser::new(&dialect).try_with_sql(text).ok()?;
    let name: ObjectName = parser.parse_object_name(false).ok()?;
    let parts: Vec<String> = name
        .0
        .iter()
        .map(|p| p.as_ident().map(ident))
        .collect::<Option<_>>()?;
    match parts.as_slice() {
        [name] => Some((None, name.clone())),
        [schema, name] => Some((Some(schema.clone()), name.clone())),
        _ => None,
    }
}

/// A relation's name as `regclass` and `to_regclass` read it: PostgreSQL's
/// `stringToQualifiedNameList` (`SplitIdentifierString` on `.`), not SQL's tokenizer:
/// an unquoted part runs to a `.` or whitespace, whatever it holds (`my-table`), and
/// is folded to lower case; a quoted part keeps its case; anything else between the
/// parts (a comment, a second word) is PostgreSQL's "invalid name syntax" error, and
/// `None` here, as is a name with a database part.
fn relation_name(text: &str) -> Option<(Option<String>, String)> {
    let space = |c: char| matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c');
    let mut parts = Vec::new();
    let mut rest = text.trim_start_matches(space);
    loop {
        let part = if let Some(quoted) = rest.strip_prefix('"') {
            let mut part = String::new();
            let mut chars = quoted.char_indices();
            let end = loop {
                match chars.next()? {
                    (i, '"') if quoted[i + 1..].starts_with('"') => {
                        part.push('"');
                        chars.next();
                    }
                    (i, '"') => break i + 1,
                    (_, c) => part.push(c),
                }
            };
            rest = &quoted[end..];
            part
        } else {
            let end = rest
                .find(|c: char| c == '.' || space(c))
                .unwrap_or(rest.len());
            let part = rest[..end].to_ascii_lowercase();
            rest = &rest[end..];
            part
        };
        if part.is_empty() {
            return None;
        }
        parts.push(part);
        rest = rest.trim_start_matches(space);
        match rest.strip_prefix('.') {
            Some(after) => rest = after.trim_start_matches(space),
            None if rest.is_empty() => break,
            None => return None,
        }
    }
    let name = parts.pop()?;
    match parts.as_slice() {
        [] => Some((None, name)),
        [schema] => Some((Some(schema.clone()), name)),
        _ => None,
    }
}

/// Resolves a relation's name (see [`relation_name`]) through the search path with
/// `exists`; the found name, if any.
fn resolve_relation(
    text: &str,
    env: &Env,
    exists: impl Fn(&QualifiedName) -> bool,
) -> Option<Option<QualifiedName>> {
    let (schema, name) = relation_name(text)?;
    Some(search(schema, name, env, exists))
}

/// Resolves `text` (a type's name, read as SQL) through the search path with
/// `exists`; the found name, if any.
fn resolve(
    text: &str,
    env: &Env,
    exists: impl Fn(&QualifiedName) -> bool,
) -> Option<Option<QualifiedName>> {
    let (schema, name) = object_name(text)?;
    Some(search(schema, name, env, exists))
}

fn search(
    schema: Option<String>,
    name: String,
    env: &Env,
    exists: impl Fn(&QualifiedName) -> bool,
) -> Option<QualifiedName> {
    match schema {
        Some(s) => Some(QualifiedName::new(s, name)).filter(|n| exists(n)),
        None => env
            .search_path
            .iter()
            .map(|s| QualifiedName::new(s.clone(), name.clone()))
            .find(|n| exists(n)),
    }
}

fn cast(value: Value, ty: &str, env: &Env) -> Option<Value> {
    if let Value::Oid(name) = &value {
        return match ty {
            "regclass" | "regtype" | "oid" => Some(value.clone()),
            // As `regclass` prints: bare where the search path finds it.
            "text" | "varchar" | "name" | "character varying" => Some(Value::Text(
                if env.search_path.first() == Some(&name.schema) {
                    quote_identifier(&name.name).into_owned()
                } else {
                    as_text(&value)
                },
            )),
            _ => None,
        };
    }
    let Value::Text(s) = &value else {
        return Some(value);
    };
    match ty {
        // A name that is not found is an error in PostgreSQL; what the block did then
        // is unknown.
        "regclass" => resolve_relation(s, env, |n| catalog_view::relation_exists(env.schema, n))?
            .map(|n| catalog_view::oid(&n)),
        "regtype" => resolve(s, env, |n| env.schema.type_exists(n))?.map(|n| catalog_view::oid(&n)),
        "regnamespace" => env.schema.schemas.contains(s).then(|| value.clone()),
        "text" | "varchar" | "name" | "character varying" | "oid" => Some(value),
        "int" | "integer" | "bigint" | "int4" | "int8" => s.trim().parse().ok().map(Value::Int),
        _ => None,
    }
}

fn function(name: &str, args: &[Value], env: &Env) -> Option<Value> {
    let text_arg = |i: usize| match args.get(i) {
        Some(Value::Text(s)) => Some(s.clone()),
        _ => None,
    };
    Some(match (name, args.len()) {
        ("current_schema", 0) => Value::Text(
            env.search_path
                .iter()
                .find(|s| env.schema.schemas.contains(*s))
                .cloned()?,
        ),
        // No database name is known; the catalog rows' `table_catalog` say the same.
        ("current_database", 0) => Value::Text(catalog_view::CURRENT_DATABASE.to_string()),
        ("lower", 1) => Value::Text(text_arg(0)?.to_lowercase()),
        ("upper", 1) => Value::Text(text_arg(0)?.to_uppercase()),
        ("to_regclass", 1) => {
            match resolve_relation(&text_arg(0)?, env, |n| {
                catalog_view::relation_exists(env.schema, n)
            })? {
                Some(n) => catalog_view::oid(&n),
                None => Value::Null,
            }
        }
        ("to_regtype", 1) => {
            let name = text_arg(0)?;
            match resolve(&name, env, |n| env.schema.type_exists(n))? {
                Some(n) => catalog_view::oid(&n),
                None if built_in_type(&name) => {
                    catalog_view::oid(&QualifiedName::new("pg_catalog", name.to_lowercase()))
                }
                None => Value::Null,
            }
        }
        ("to_regnamespace", 1) => {
            let s = text_arg(0)?;
            if env.schema.schemas.contains(&s) {
                Value::Text(s)
            } else {
                Value::Null
            }
        }
        ("quote_ident", 1) => Value::Text(quote_identifier(&text_arg(0)?).into_owned()),
        ("quote_literal", 1) => Value::Text(quote_literal(&as_text(args.first()?))),
        ("quote_nullable", 1) => match &args[0] {
            Value::Null => Value::Text("NULL".into()),
            v => Value::Text(quote_literal(&as_text(v))),
        },
        ("replace", 3) => Value::Text(text_arg(0)?.replace(&text_arg(1)?, &text_arg(2)?)),
        ("concat_ws", n) if n >= 1 => Value::Text(
            args[1..]
                .iter()
                .filter(|v| **v != Value::Null)
                .map(as_text)
                .collect::<Vec<_>>()
                .join(&text_arg(0)?),
        ),
        ("concat", _) => Value::Text(args.iter().map(as_text).collect()),
        ("coalesce", _) => args
            .iter()
            .find(|v| **v != Value::Null)
            .cloned()
            .unwrap_or(Value::Null),
        ("format", n) if n >= 1 => Value::Text(format(&text_arg(0)?, &args[1..])?),
        _ => return None,
    })
}

/// Whether `name` names one of PostgreSQL's own types: a `pg_type` name (`int4`) or
/// one SQL spells with keywords (`integer`, `character varying`).
fn built_in_type(name: &str) -> bool {
    if super::is_catalog_type(&name.to_lowercase()) {
        return true;
    }
    let dialect = PostgreSqlDialect {};
    Parser::new(&dialect)
        .try_with_sql(name)
        .and_then(|mut p| p.parse_data_type())
        .is_ok_and(|ty| !matches!(ty, sqlparser::ast::DataType::Custom(..)))
}

/// `quote_literal`: `'...'` with quotes doubled, and `E'...'` when a backslash needs
/// doubling too.
pub fn quote_literal(s: &str) -> String {
    let body = s.replace('\'', "''");
    if s.contains('\\') {
        format!("E'{}'", body.replace('\\', "\\\\"))
    } else {
        format!("'{body}'")
    }
}

/// PostgreSQL's `format`: `%s` (text; NULL as empty), `%I` (`quote_ident`), `%L`
/// (`quote_literal`; NULL as `NULL`), `%%`, positions `%2$s`. Width flags are not
/// read (`None`), nor is a NULL for `%I` (PostgreSQL raises an error).
pub fn format(template: &str, args: &[Value]) -> Option<String> {
    let mut out = String::new();
    let mut chars = template.chars().peekable();
    let mut next = 0usize;
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        if chars.peek() == Some(&'%') {
            chars.next();
            out.push('%');
            continue;
        }
        // `%n$`: an explicit argument position.
        let mut digits = String::new();
        while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
            digits.push(*d);
            chars.next();
        }
        let index = if digits.is_empty() {
            next
        } else {
            if chars.next() != Some('$') {
                return None;
            }
            digits.parse::<usize>().ok()?.checked_sub(1)?
        };
        let arg = args.get(index)?;
        next = index + 1;
        match chars.next()? {
            's' => out.push_str(&as_text(arg)),
            'I' => match arg {
                Value::Null => return None,
                v => out.push_str(&quote_identifier(&as_text(v))),
            },
            'L' => match arg {
                Value::Null => out.push_str("NULL"),
                v => out.push_str(&quote_literal(&as_text(v))),
            },
            _ => return None,
        }
    }
    Some(out)
}

/// The rows a query's `FROM` and `WHERE` give, over catalog relations only.
fn query_rows(query: &Query, env: &Env, outer: &Scope) -> Option<Vec<Vec<(String, Row)>>> {
    if query.with.is_some() {
        return None;
    }
    let SetExpr::Select(select) = query.body.as_ref() else {
        return None;
    };
    let grouped = !matches!(&select.group_by, GroupByExpr::Expressions(e, _) if e.is_empty());
    if grouped || select.having.is_some() {
        return None;
    }
    // Every combination of the FROM items' rows (joins filtered by their ON).
    let mut combos: Vec<Vec<(String, Row)>> = vec![Vec::new()];
    for from in &select.from {
        combos = join(combos, &from.relation, None, env, outer)?;
        for j in &from.joins {
            let on = match &j.join_operator {
                JoinOperator::Join(c) | JoinOperator::Inner(c) => match c {
                    JoinConstraint::On(e) => Some(e),
                    JoinConstraint::None => None,
                    _ => return None,
                },
                JoinOperator::CrossJoin(JoinConstraint::None) => None,
                _ => return None,
            };
            combos = join(combos, &j.relation, on, env, outer)?;
        }
    }
    let mut out = Vec::new();
    for combo in combos {
        if let Some(filter) = &select.selection
            && !truth(filter, env, outer, &combo)?
        {
            continue;
        }
        out.push(combo);
    }
    Some(out)
}

fn truth(expr: &Expr, env: &Env, outer: &Scope, combo: &[(String, Row)]) -> Option<bool> {
    let scope: Vec<(&str, &Row)> = outer
        .iter()
        .map(|(a, r)| (*a, *r))
        .chain(combo.iter().map(|(a, r)| (a.as_str(), r)))
        .collect();
    match eval(expr, env, &scope)? {
        Value::Bool(b) => Some(b),
        Value::Null => Some(false),
        _ => None,
    }
}

fn join(
    combos: Vec<Vec<(String, Row)>>,
    relation: &TableFactor,
    on: Option<&Expr>,
    env: &Env,
    outer: &Scope,
) -> Option<Vec<Vec<(String, Row)>>> {
    let TableFactor::Table {
        name, alias, args, ..
    } = relation
    else {
        return None;
    };
    if args.is_some() {
        return None;
    }
    let parts: Vec<String> = name
        .0
        .iter()
        .map(|p| p.as_ident().map(ident))
        .collect::<Option<_>>()?;
    let (namespace, table) = match parts.as_slice() {
        [t] if t.starts_with("pg_") => ("pg_catalog", t.as_str()),
        [s, t] => (s.as_str(), t.as_str()),
        _ => return None,
    };
    let rows = catalog_view::rows(env.schema, namespace, table)?;
    let alias = alias
        .as_ref()
        .map_or_else(|| table.to_string(), |a| ident(&a.name));
    let mut out = Vec::new();
    for combo in combos {
        for row in &rows {
            let mut next = combo.clone();
            next.push((alias.clone(), row.clone()));
            if let Some(on) = on
                && !truth(on, env, outer, &next)?
            {
                continue;
            }
            out.push(next);
        }
    }
    Some(out)
}

/// `ORDER BY` over source columns, for a loop whose iterations depend on the order.
fn ordered(
    combos: Vec<Vec<(String, Row)>>,
    order_by: &sqlparser::ast::OrderBy,
    env: &Env,
) -> Option<Vec<Vec<(String, Row)>>> {
    use sqlparser::ast::{OrderByKind, OrderBySort};
    let OrderByKind::Expressions(keys) = &order_by.kind else {
        return None;
    };
    let mut keyed = Vec::new();
    for combo in combos {
        let scope: Vec<(&str, &Row)> = combo.iter().map(|(a, r)| (a.as_str(), r)).collect();
        let mut values = Vec::new();
        for key in keys {
            let desc = match &key.options.sort {
                None | Some(OrderBySort::Asc) => false,
                Some(OrderBySort::Desc) => true,
                Some(_) => return None,
            };
            values.push((eval(&key.expr, env, &scope)?, desc));
        }
        keyed.push((values, combo));
    }
    let mut failed = false;
    keyed.sort_by(|(a, _), (b, _)| {
        for ((x, desc), (y, _)) in a.iter().zip(b) {
            let ordering = compare(x, y).unwrap_or_else(|| {
                failed = true;
                std::cmp::Ordering::Equal
            });
            let ordering = if *desc { ordering.reverse() } else { ordering };
            if ordering.is_ne() {
                return ordering;
            }
        }
        std::cmp::Ordering::Equal
    });
    (!failed).then(|| keyed.into_iter().map(|(_, combo)| combo).collect())
}

/// `SELECT unnest(ARRAY[...]) [AS name]`: one row per element.
fn unnest(select: &sqlparser::ast::Select, env: &Env) -> Option<Vec<BTreeMap<String, Value>>> {
    let [item] = select.projection.as_slice() else {
        return None;
    };
    let (expr, name) = match item {
        SelectItem::UnnamedExpr(e) => (e, "unnest".to_string()),
        SelectItem::ExprWithAlias { expr, alias } => (expr, ident(alias)),
        _ => return None,
    };
    let Expr::Function(f) = expr else {
        return None;
    };
    let FunctionArguments::List(list) = &f.args else {
        return None;
    };
    if !select.from.is_empty() || !f.name.to_string().eq_ignore_ascii_case("unnest") {
        return None;
    }
    let [FunctionArg::Unnamed(FunctionArgExpr::Expr(Expr::Array(array)))] = list.args.as_slice()
    else {
        return None;
    };
    array
        .elem
        .iter()
        .map(|e| Some([(name.clone(), eval(e, env, &[])?)].into()))
        .collect()
}

/// A scalar subquery: `count(*)`, or the one column of the first row (NULL if none).
fn scalar(query: &Query, env: &Env, outer: &Scope) -> Option<Value> {
    let SetExpr::Select(select) = query.body.as_ref() else {
        return None;
    };
    let [item] = select.projection.as_slice() else {
        return None;
    };
    let expr = match item {
        SelectItem::UnnamedExpr(e) | SelectItem::ExprWithAlias { expr: e, .. } => e,
        _ => return None,
    };
    let rows = query_rows(query, env, outer)?;
    if let Expr::Function(f) = expr
        && f.name.to_string().eq_ignore_ascii_case("count")
    {
        return Some(Value::Int(rows.len() as i64));
    }
    match rows.first() {
        None => Some(Value::Null),
        Some(combo) => {
            let scope: Vec<(&str, &Row)> = outer
                .iter()
                .map(|(a, r)| (*a, *r))
                .chain(combo.iter().map(|(a, r)| (a.as_str(), r)))
                .collect();
            eval(expr, env, &scope)
        }
    }
}

#[cfg(test)]
mod tests;
