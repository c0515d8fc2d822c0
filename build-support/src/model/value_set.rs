//! What a CHECK expression says: which columns it reads, and whether it limits one
//! column to a closed set of strings (`status IN ('a', 'b')`), which the generated code
//! turns into a Rust enum.

use std::collections::BTreeSet;

use sqlparser::ast::{BinaryOperator, Expr, Value};
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::tokenizer::{Token, Tokenizer};

use super::ValueSet;

/// The closed set of strings `expr` limits one column to, in the order written:
/// `col IN ('a', 'b')`, `col = ANY (ARRAY['a', 'b'])`, or an OR of `col = 'a'` terms.
/// Casts (`'a'::text`, `col::text`) and parentheses are looked through.
pub fn value_set(expr: &Expr) -> Option<ValueSet> {
    let mut column = None;
    let mut values = Vec::new();
    collect(expr, &mut column, &mut values)?;
    Some(ValueSet {
        column: column?,
        values,
    })
}

fn collect(expr: &Expr, column: &mut Option<String>, values: &mut Vec<String>) -> Option<()> {
    match strip(expr) {
        Expr::BinaryOp {
            left,
            op: BinaryOperator::Or,
            right,
        } => {
            collect(left, column, values)?;
            collect(right, column, values)
        }
        Expr::BinaryOp {
            left,
            op: BinaryOperator::Eq,
            right,
        } => {
            same_column(column, left)?;
            values.push(string(right)?);
            Some(())
        }
        Expr::InList {
            expr,
            list,
            negated: false,
        } => {
            same_column(column, expr)?;
            for item in list {
                values.push(string(item)?);
            }
            Some(())
        }
        Expr::AnyOp {
            left,
            compare_op: BinaryOperator::Eq,
            right,
            ..
        } => {
            same_column(column, left)?;
            let Expr::Array(array) = strip(right) else {
                return None;
            };
            for item in &array.elem {
                values.push(string(item)?);
            }
            Some(())
        }
        _ => None,
    }
}

/// Looks through parentheses and casts.
fn strip(mut expr: &Expr) -> &Expr {
    loop {
        match expr {
            Expr::Nested(inner) => expr = inner,
            Expr::Cast { expr: inner, .. } => expr = inner,
            _ => return expr,
        }
    }
}

/// Records the column `expr` names, failing if an earlier term named another.
fn same_column(column: &mut Option<String>, expr: &Expr) -> Option<()> {
    let Expr::Identifier(ident) = strip(expr) else {
        return None;
    };
    let name = super::apply::ident_name(ident);
    match column {
        Some(existing) if *existing != name => None,
        _ => {
            *column = Some(name);
            Some(())
        }
    }
}

fn string(expr: &Expr) -> Option<String> {
    match strip(expr) {
        Expr::Value(v) => match &v.value {
            Value::SingleQuotedString(s) | Value::EscapedStringLiteral(s) => Some(s.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// The columns of `candidates` that the expression text reads, each once, in order of
/// appearance. Read from tokens, so string literals never count; a word used as a
/// function (`lower(`) or after a cast (`::text`) is not a column.
pub fn columns_read(expr_sql: &str, candidates: &[String]) -> Vec<String> {
    let dialect = PostgreSqlDialect {};
    let Ok(tokens) = Tokenizer::new(&dialect, expr_sql).tokenize() else {
        return Vec::new();
    };
    let significant: Vec<&Token> = tokens
        .iter()
        .filter(|t| !matches!(t, Token::Whitespace(_)))
        .collect();
    let mut out: Vec<String> = Vec::new();
    for (i, token) in significant.iter().enumerate() {
        let Token::Word(word) = token else { continue };
        let after_cast = i > 0 && matches!(significant[i - 1], Token::DoubleColon);
        let is_call = matches!(significant.get(i + 1), Some(Token::LParen));
        let name = match word.quote_style {
            Some(_) => word.value.clone(),
            None => word.value.to_lowercase(),
        };
        if !after_cast && !is_call && candidates.contains(&name) && !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// The functions the SQL text calls, by their last name part (lower case unless
/// quoted), each once: a word followed by `(`, not a cast's type (`::numeric(10, 2)`).
/// Read from tokens, so string literals never count. A superset of what PostgreSQL
/// records (keywords such as `coalesce(` are counted too), which no `DROP FUNCTION`
/// names.
pub fn functions_called(sql: &str) -> BTreeSet<String> {
    let dialect = PostgreSqlDialect {};
    let Ok(tokens) = Tokenizer::new(&dialect, sql).tokenize() else {
        return BTreeSet::new();
    };
    let significant: Vec<&Token> = tokens
        .iter()
        .filter(|t| !matches!(t, Token::Whitespace(_)))
        .collect();
    let mut out = BTreeSet::new();
    for (i, token) in significant.iter().enumerate() {
        let Token::Word(word) = token else { continue };
        let after_cast = i > 0 && matches!(significant[i - 1], Token::DoubleColon);
        let is_call = matches!(significant.get(i + 1), Some(Token::LParen));
        if is_call && !after_cast {
            out.insert(match word.quote_style {
                Some(_) => word.value.clone(),
                None => word.value.to_lowercase(),
            });
        }
    }
    out
}

/// `expr_sql` with the column `old` it reads renamed to `new` (quoted where it must
/// be), as PostgreSQL shows an expression after `RENAME COLUMN`; `None` when it does
/// not read `old`. Function names, cast types and field names are not columns.
pub fn rename_column_read(expr_sql: &str, old: &str, new: &str) -> Option<String> {
    let dialect = PostgreSqlDialect {};
    let tokens = Tokenizer::new(&dialect, expr_sql).tokenize().ok()?;
    let significant: Vec<usize> = (0..tokens.len())
        .filter(|&i| !matches!(tokens[i], Token::Whitespace(_)))
        .collect();
    let mut renamed = false;
    let mut out = String::new();
    for (i, token) in tokens.iter().enumerate() {
        let position = significant.iter().position(|&s| s == i);
        let before = position
            .and_then(|p| p.checked_sub(1))
            .map(|p| &tokens[significant[p]]);
        let after = position
            .and_then(|p| significant.get(p + 1))
            .map(|&s| &tokens[s]);
        match token {
            Token::Word(word)
                if !matches!(before, Some(Token::DoubleColon | Token::Period))
                    && !matches!(after, Some(Token::LParen))
                    && match word.quote_style {
                        Some(_) => word.value == old,
                        None => word.value.to_lowercase() == old,
                    } =>
            {
                renamed = true;
                out.push_str(&super::quote::quote_identifier(new));
            }
            other => out.push_str(&other.to_string()),
        }
    }
    renamed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlparser::parser::Parser;

    #[test]
    fn a_renamed_column_is_renamed_where_an_expression_reads_it() {
        assert_eq!(
            rename_column_read(
                "(a > 0) AND (lower(a::text) <> 'a') AND (t.a = b)",
                "a",
                "New a"
            )
            .as_deref(),
            Some("(\"New a\" > 0) AND (lower(\"New a\"::text) <> 'a') AND (t.a = b)")
        );
        assert_eq!(rename_column_read("b > 0", "a", "c"), None);
    }

    fn set(sql: &str) -> Option<(String, Vec<String>)> {
        let expr = Parser::new(&PostgreSqlDialect {})
            .try_with_sql(sql)
            .unwrap()
            .parse_expr()
            .unwrap();
        value_set(&expr).map(|s| (s.column, s.values))
    }

    fn abc(column: &str) -> Option<(String, Vec<String>)> {
        Some((column.into(), vec!["a".into(), "b".into(), "c".into()]))
    }

    #[test]
    fn recognises_every_closed_set_form() {
        assert_eq!(set("status IN ('a', 'b', 'c')"), abc("status"));
        assert_eq!(
            set("(status = ANY (ARRAY['a'::text, 'b', 'c']))"),
            abc("status")
        );
        assert_eq!(
            set("status = 'a' OR (status = 'b' OR status = 'c')"),
            abc("status")
        );
        assert_eq!(
            set("((\"Status\")::text = ANY ((ARRAY['a'::character varying, 'b', 'c'])::text[]))"),
            abc("Status")
        );
        assert_eq!(set("kind = 'x'"), Some(("kind".into(), vec!["x".into()])));
    }

    #[test]
    fn other_checks_are_not_sets() {
        assert_eq!(set("status NOT IN ('a')"), None);
        assert_eq!(set("a = 'x' OR b = 'y'"), None);
        assert_eq!(set("n IN (1, 2)"), None);
        assert_eq!(set("status IN ('a') AND status <> ''"), None);
        assert_eq!(set("length(name) > 0"), None);
    }

    #[test]
    fn functions_called_are_calls_not_casts_or_literals() {
        let called = functions_called(
            "SELECT s.f(a)::numeric(10, 2), \"G\"(b), lower('h(1)'), x FROM t WHERE k (1)",
        );
        let called: Vec<&str> = called.iter().map(String::as_str).collect();
        assert_eq!(called, ["G", "f", "k", "lower"]);
    }

    #[test]
    fn columns_read_skips_literals_calls_and_casts() {
        let cols: Vec<String> = ["a", "b", "text", "lower", "Q"].map(String::from).to_vec();
        assert_eq!(
            columns_read("lower(b) = 'a' AND a::text <> \"Q\" AND b > 0", &cols),
            vec!["b", "a", "Q"]
        );
    }
}
