//! The type of one expression, and whether it may be NULL, where PostgreSQL's grammar
//! alone decides it: column references, casts and typed literals, literals, `ARRAY`,
//! subscripts, scalar subqueries, SQL-standard keyword functions, and predicates.
//! Anything else (a function call, an arithmetic or string operator, `CASE`) needs
//! PostgreSQL's function and operator tables, and is [`Untyped`] until they come.

use sqlparser::ast::{
    AccessExpr, BinaryOperator, DataType, Expr, Function, FunctionArg, FunctionArgExpr,
    FunctionArguments, Spanned, Subscript, UnaryOperator, Value,
};

use super::common::common_type;
use super::query::Checker;
use super::scope::{Ctes, Lookup, Scope};
use super::{ExprType, Untyped};
use crate::diagnostic::Diagnostic;
use crate::model::{BaseType, SqlType, ident_name, pg_types};

/// A type and whether the value may be NULL.
type Typed = (ExprType, bool);

fn known(base: BaseType) -> ExprType {
    ExprType::Known(SqlType { base, array: false })
}

impl Checker<'_, '_> {
    pub(crate) fn expr(
        &mut self,
        expr: &Expr,
        scope: &Scope,
        ctes: &Ctes,
    ) -> Result<Typed, Diagnostic> {
        let untyped = || {
            (
                ExprType::Untyped(Untyped {
                    expr: format!("`{expr}`"),
                    span: expr.span(),
                }),
                true,
            )
        };
        let boolean = |nullable: bool| Ok((known(BaseType::Boolean), nullable));
        match expr {
            Expr::Identifier(ident) => {
                let name = ident_name(ident);
                match scope.column(&name) {
                    Lookup::Found(col) => Ok((col.ty, col.nullable)),
                    Lookup::Opaque => Ok(untyped()),
                    Lookup::Ambiguous => Err(Diagnostic::error(format!(
                        "column reference `{name}` is ambiguous"
                    ))
                    .with_span((self.env.locate)(ident.span))
                    .with_hint("qualify the column with its table's name or alias")),
                    Lookup::NotFound => match keyword_value(&name) {
                        Some(ty) => Ok((ty, false)),
                        // A FROM item's name alone is its whole row, of its row type.
                        None if scope.qualifier(std::slice::from_ref(&name)).is_some() => {
                            Ok(untyped())
                        }
                        None => Err(self.no_column(&name, ident.span)),
                    },
                }
            }
            Expr::CompoundIdentifier(parts) => {
                let names: Vec<String> = parts.iter().map(ident_name).collect();
                let Some((column, qualifier)) = names.split_last() else {
                    return Ok(untyped());
                };
                let Some(named) = scope.qualifier(qualifier) else {
                    // `a.b.c` may be a composite column's field: not typed yet.
                    if qualifier.len() > 1 {
                        return Ok(untyped());
                    }
                    return Err(Diagnostic::error(format!(
                        "missing FROM-clause entry for table `{}`",
                        qualifier.join(".")
                    ))
                    .with_span((self.env.locate)(parts[0].span))
                    .with_hint("name a table of the FROM clause, or its alias"));
                };
                match &named.columns {
                    None => Ok(untyped()),
                    Some(columns) => match columns.iter().find(|c| &c.name == column) {
                        Some(col) => Ok((col.ty.clone(), col.nullable)),
                        None => Err(self.no_column(
                            &format!("{}.{column}", qualifier.join(".")),
                            parts.last().map_or(expr.span(), |p| p.span),
                        )),
                    },
                }
            }
            Expr::Nested(inner) => self.expr(inner, scope, ctes),
            Expr::Value(v) => Ok(match &v.value {
                Value::Number(text, _) => (number_type(text), false),
                Value::SingleQuotedString(_)
                | Value::EscapedStringLiteral(_)
                | Value::UnicodeStringLiteral(_)
                | Value::DollarQuotedString(_)
                | Value::NationalStringLiteral(_) => (ExprType::Unknown, false),
                Value::Boolean(_) => (known(BaseType::Boolean), false),
                Value::Null => (ExprType::Unknown, true),
                // `B'101'` and `X'ff'` are `bit` without a length (`"bit"`).
                Value::SingleQuotedByteStringLiteral(_) | Value::HexStringLiteral(_) => {
                    (builtin("bit").unwrap_or_else(|| untyped().0), false)
                }
                _ => untyped(),
            }),
            // The grammar folds a sign into a numeric literal.
            Expr::UnaryOp {
                op: op @ (UnaryOperator::Minus | UnaryOperator::Plus),
                expr: inner,
            } => match inner.as_ref() {
                Expr::Value(v) => match &v.value {
                    Value::Number(text, _) if *op == UnaryOperator::Minus => {
                        Ok((number_type(&format!("-{text}")), false))
                    }
                    Value::Number(text, _) => Ok((number_type(text), false)),
                    _ => Ok(untyped()),
                },
                _ => Ok(untyped()),
            },
            Expr::Cast {
                expr: inner,
                data_type,
                ..
            } => {
                let (_, nullable) = self.expr(inner, scope, ctes)?;
                Ok((self.cast_type(expr, data_type), nullable))
            }
            Expr::TypedString(ts) => match typed_literal_type(&ts.data_type) {
                TypedLiteral::Declared => Ok((self.cast_type(expr, &ts.data_type), false)),
                TypedLiteral::Unbounded(name) => {
                    Ok((builtin(name).unwrap_or_else(|| untyped().0), false))
                }
            },
            // `INTERVAL '1 day'`; with fields (`INTERVAL '1' DAY`) the type keeps them,
            // which the model cannot spell.
            Expr::Interval(interval)
                if interval.leading_field.is_none()
                    && interval.leading_precision.is_none()
                    && interval.last_field.is_none()
                    && interval.fractional_seconds_precision.is_none() =>
            {
                Ok((
                    known(BaseType::Interval {
                        fields: None,
                        precision: None,
                    }),
                    false,
                ))
            }
            Expr::Array(array) => {
                let mut elems = Vec::new();
                for elem in &array.elem {
                    elems.push(self.expr(elem, scope, ctes)?.0);
                }
                if elems.is_empty() {
                    // PostgreSQL cannot type an empty ARRAY[] without a cast either.
                    return Ok(untyped());
                }
                let at = Untyped {
                    expr: format!("`{expr}`"),
                    span: expr.span(),
                };
                Ok((array_of(common_type(self.env.schema, &elems, &at)), false))
            }
            Expr::CompoundFieldAccess { root, access_chain } => {
                // `t.col[1]` is read as `t` with `.col` and `[1]` accessed: the leading
                // names are one column reference.
                let mut names = match root.as_ref() {
                    Expr::Identifier(i) => vec![i.clone()],
                    Expr::CompoundIdentifier(parts) => parts.clone(),
                    _ => Vec::new(),
                };
                let mut rest = access_chain.as_slice();
                if !names.is_empty() {
                    while let [AccessExpr::Dot(Expr::Identifier(field)), tail @ ..] = rest {
                        names.push(field.clone());
                        rest = tail;
                    }
                }
                let (mut ty, _) = match names.len() {
                    0 => self.expr(root, scope, ctes)?,
                    1 => self.expr(root, scope, ctes)?,
                    _ => self.expr(&Expr::CompoundIdentifier(names), scope, ctes)?,
                };
                for access in rest {
                    ty = match (access, ty) {
                        (
                            AccessExpr::Subscript(Subscript::Index { .. }),
                            ExprType::Known(SqlType { base, array: true }),
                        ) => known(base),
                        (
                            AccessExpr::Subscript(Subscript::Slice { .. }),
                            ExprType::Known(t @ SqlType { array: true, .. }),
                        ) => ExprType::Known(t),
                        _ => return Ok(untyped()),
                    };
                }
                Ok((ty, true))
            }
            Expr::Subquery(query) => {
                let columns = self.query(query, ctes, Some(scope))?;
                match columns.as_slice() {
                    [column] => Ok((column.ty.clone(), true)),
                    _ => Err(Diagnostic::error("subquery must return only one column")
                        .with_span((self.env.locate)(expr.span()))
                        .with_hint("select exactly one column in a scalar subquery")),
                }
            }
            Expr::Function(function) => {
                if let Some(typed) = self.array_subquery(function, scope, ctes)? {
                    return Ok(typed);
                }
                match keyword_function(function) {
                    Some(ty) => Ok((ty, false)),
                    None => Ok(untyped()),
                }
            }
            // Predicates are boolean whatever their operands.
            Expr::IsNull(inner)
            | Expr::IsNotNull(inner)
            | Expr::IsTrue(inner)
            | Expr::IsNotTrue(inner)
            | Expr::IsFalse(inner)
            | Expr::IsNotFalse(inner)
            | Expr::IsUnknown(inner)
            | Expr::IsNotUnknown(inner) => {
                self.expr(inner, scope, ctes)?;
                boolean(false)
            }
            Expr::IsDistinctFrom(a, b) | Expr::IsNotDistinctFrom(a, b) => {
                self.expr(a, scope, ctes)?;
                self.expr(b, scope, ctes)?;
                boolean(false)
            }
            Expr::Exists { subquery, .. } => {
                self.query(subquery, ctes, Some(scope))?;
                boolean(false)
            }
            Expr::InSubquery {
                expr: inner,
                subquery,
                ..
            } => {
                self.expr(inner, scope, ctes)?;
                self.query(subquery, ctes, Some(scope))?;
                boolean(true)
            }
            Expr::InList {
                expr: inner, list, ..
            } => {
                let mut nullable = self.expr(inner, scope, ctes)?.1;
                for item in list {
                    nullable |= self.expr(item, scope, ctes)?.1;
                }
                boolean(nullable)
            }
            Expr::Between {
                expr: a, low, high, ..
            } => {
                let nullable = self.expr(a, scope, ctes)?.1
                    | self.expr(low, scope, ctes)?.1
                    | self.expr(high, scope, ctes)?.1;
                boolean(nullable)
            }
            Expr::Like {
                expr: a, pattern, ..
            }
            | Expr::ILike {
                expr: a, pattern, ..
            }
            | Expr::SimilarTo {
                expr: a, pattern, ..
            } => {
                let nullable = self.expr(a, scope, ctes)?.1 | self.expr(pattern, scope, ctes)?.1;
                boolean(nullable)
            }
            Expr::BinaryOp { left, op, right } if is_predicate(op) => {
                let nullable = self.expr(left, scope, ctes)?.1 | self.expr(right, scope, ctes)?.1;
                boolean(nullable)
            }
            Expr::AnyOp { left, right, .. } | Expr::AllOp { left, right, .. } => {
                self.expr(left, scope, ctes)?;
                self.expr(right, scope, ctes)?;
                boolean(true)
            }
            Expr::UnaryOp {
                op: UnaryOperator::Not,
                expr: inner,
            } => {
                let nullable = self.expr(inner, scope, ctes)?.1;
                boolean(nullable)
            }
            _ => Ok(untyped()),
        }
    }

    /// The type a value is cast to. A type the model does not know (a built-in type it
    /// does not have yet, `regclass`) leaves the value untyped rather than failing: the
    /// migration was applied by PostgreSQL, and a view needs only its names.
    fn cast_type(&self, expr: &Expr, data_type: &DataType) -> ExprType {
        match (self.env.resolve_type)(data_type, expr.span()) {
            Ok(ty) => ExprType::Known(ty),
            Err(_) => ExprType::Untyped(Untyped {
                expr: format!("`{expr}` (schemagen does not know type `{data_type}`)"),
                span: expr.span(),
            }),
        }
    }

    /// `ARRAY(SELECT ...)`: an array of the subquery's one column.
    fn array_subquery(
        &mut self,
        function: &Function,
        scope: &Scope,
        ctes: &Ctes,
    ) -> Result<Option<Typed>, Diagnostic> {
        let FunctionArguments::Subquery(query) = &function.args else {
            return Ok(None);
        };
        let is_array = function.name.0.len() == 1
            && function.name.0[0]
                .as_ident()
                .is_some_and(|i| i.quote_style.is_none() && i.value.eq_ignore_ascii_case("array"));
        if !is_array {
            return Ok(None);
        }
        let columns = self.query(query, ctes, Some(scope))?;
        match columns.as_slice() {
            [column] => Ok(Some((array_of(column.ty.clone()), false))),
            _ => Err(Diagnostic::error("subquery must return only one column")
                .with_span((self.env.locate)(query.span()))
                .with_hint("select exactly one column in an `ARRAY(...)` subquery")),
        }
    }
}

/// An array of `elem` (an array's array is the same array type, as in PostgreSQL).
fn array_of(elem: ExprType) -> ExprType {
    match elem {
        ExprType::Known(ty) => ExprType::Known(SqlType {
            base: ty.base,
            array: true,
        }),
        ExprType::Unknown => ExprType::Known(SqlType {
            base: BaseType::Text,
            array: true,
        }),
        untyped => untyped,
    }
}

/// Comparison and boolean operators: boolean for every built-in type.
fn is_predicate(op: &BinaryOperator) -> bool {
    use BinaryOperator as B;
    matches!(
        op,
        B::Eq | B::NotEq | B::Lt | B::LtEq | B::Gt | B::GtEq | B::And | B::Or
    )
}

/// A numeric literal as PostgreSQL's lexer and `make_const` type it: an integer that
/// fits 32 bits is `integer`, one that fits 64 bits `bigint`, any other number
/// (a larger integer, a decimal point, an exponent) `numeric`.
fn number_type(text: &str) -> ExprType {
    let digits: String = text.chars().filter(|c| *c != '_').collect();
    let (sign, unsigned) = match digits.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", digits.strip_prefix('+').unwrap_or(&digits)),
    };
    let value = if unsigned.chars().all(|c| c.is_ascii_digit()) && !unsigned.is_empty() {
        format!("{sign}{unsigned}").parse::<i128>().ok()
    } else {
        None
    };
    match value {
        Some(v) if i32::try_from(v).is_ok() => known(BaseType::Integer),
        Some(v) if i64::try_from(v).is_ok() => known(BaseType::BigInt),
        _ => known(BaseType::Numeric(None)),
    }
}

enum TypedLiteral {
    /// Typed as the type is declared (`date '...'`, `varchar(3) '...'`).
    Declared,
    /// A type the literal form keeps without the length a declaration would default:
    /// `char '...'` is `bpchar`, `bit '...'` is `"bit"`.
    Unbounded(&'static str),
}

fn typed_literal_type(data_type: &DataType) -> TypedLiteral {
    match data_type {
        DataType::Char(None) | DataType::Character(None) => TypedLiteral::Unbounded("bpchar"),
        DataType::Bit(None) => TypedLiteral::Unbounded("bit"),
        _ => TypedLiteral::Declared,
    }
}

/// A built-in type without a modifier, by its `pg_type` name.
fn builtin(name: &str) -> Option<ExprType> {
    pg_types::builtin(name).map(|t| known(BaseType::Builtin(t)))
}

/// The SQL-standard functions written as keywords, whose type the grammar fixes:
/// `CURRENT_TIMESTAMP`, `CURRENT_DATE`, `CURRENT_TIME`, `LOCALTIMESTAMP`, `LOCALTIME`
/// (with an optional precision) and the `name`-typed `CURRENT_USER` family.
fn keyword_function(function: &Function) -> Option<ExprType> {
    let [part] = function.name.0.as_slice() else {
        return None;
    };
    let ident = part.as_ident()?;
    if ident.quote_style.is_some() {
        return None;
    }
    let precision = match &function.args {
        FunctionArguments::None => None,
        FunctionArguments::List(list) if list.args.len() == 1 && list.clauses.is_empty() => {
            match &list.args[0] {
                FunctionArg::Unnamed(FunctionArgExpr::Expr(Expr::Value(v))) => match &v.value {
                    Value::Number(n, _) => Some(n.parse::<u32>().ok()?),
                    _ => return None,
                },
                _ => return None,
            }
        }
        _ => return None,
    };
    let name = ident.value.to_ascii_lowercase();
    let timed = |with_time_zone: bool, timestamp: bool| {
        Some(known(if timestamp {
            BaseType::Timestamp {
                precision,
                with_time_zone,
            }
        } else {
            BaseType::Time {
                precision,
                with_time_zone,
            }
        }))
    };
    match name.as_str() {
        "current_timestamp" => timed(true, true),
        "localtimestamp" => timed(false, true),
        "current_time" => timed(true, false),
        "localtime" => timed(false, false),
        _ if precision.is_some() => None,
        "current_date" if function.args == FunctionArguments::None => Some(known(BaseType::Date)),
        _ if function.args != FunctionArguments::None => None,
        name => keyword_value(name),
    }
}

/// The keyword functions without parentheses that sqlparser may read as a bare name.
fn keyword_value(name: &str) -> Option<ExprType> {
    match name {
        "current_user" | "session_user" | "user" | "current_role" | "current_schema"
        | "current_catalog" => Some(known(BaseType::Name)),
        // PostgreSQL 16's `SYSTEM_USER` (the authentication method and identity).
        "system_user" => Some(known(BaseType::Text)),
        "current_date" => Some(known(BaseType::Date)),
        "current_timestamp" => Some(known(BaseType::Timestamp {
            precision: None,
            with_time_zone: true,
        })),
        "localtimestamp" => Some(known(BaseType::Timestamp {
            precision: None,
            with_time_zone: false,
        })),
        "current_time" => Some(known(BaseType::Time {
            precision: None,
            with_time_zone: true,
        })),
        "localtime" => Some(known(BaseType::Time {
            precision: None,
            with_time_zone: false,
        })),
        _ => None,
    }
}
