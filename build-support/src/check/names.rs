//! The names PostgreSQL gives output columns that have no alias (`FigureColname`).

use sqlparser::ast::{self, Expr, Function, SelectItem, SetExpr};

use crate::model::ident_name;

/// The name PostgreSQL gives an unaliased select-list expression (`FigureColname`).
pub fn figure_colname(expr: &Expr) -> String {
    figure(expr).map_or_else(|| "?column?".to_string(), |(name, _)| name)
}

/// The name PostgreSQL gives an index column after its expression when it names the
/// index (`FigureIndexColname`): a select-list expression's name, else `expr`.
pub fn figure_index_colname(expr: &Expr) -> String {
    figure(expr).map_or_else(|| "expr".to_string(), |(name, _)| name)
}

/// The name and its strength: 2 for a column or function name, 1 for a type name or
/// keyword-like fallback (`case`), which a stronger inner name overrides.
fn figure(expr: &Expr) -> Option<(String, u8)> {
    match expr {
        Expr::Identifier(ident) => Some((ident_name(ident), 2)),
        Expr::CompoundIdentifier(parts) => parts.last().map(|i| (ident_name(i), 2)),
        Expr::Nested(inner) => figure(inner),
        Expr::Function(Function { name, .. }) => name
            .0
            .last()
            .and_then(|p| p.as_ident())
            .map(|i| (ident_name(i), 2)),
        Expr::Cast {
            expr, data_type, ..
        } => match figure(expr) {
            Some((name, 2)) => Some((name, 2)),
            _ => Some((type_colname(data_type), 1)),
        },
        // A typed literal is a cast of a string: named after its type.
        Expr::TypedString(ts) => Some((type_colname(&ts.data_type), 1)),
        Expr::Interval(_) => Some(("interval".into(), 1)),
        Expr::Case { .. } => Some(("case".into(), 1)),
        Expr::Exists { .. } => Some(("exists".into(), 2)),
        Expr::Array(_) => Some(("array".into(), 2)),
        Expr::Subquery(query) => match query.body.as_ref() {
            SetExpr::Select(select) => match select.projection.first() {
                Some(SelectItem::ExprWithAlias { alias, .. }) => Some((ident_name(alias), 2)),
                Some(SelectItem::UnnamedExpr(e)) => figure(e),
                _ => None,
            },
            _ => None,
        },
        Expr::Extract { .. } => Some(("extract".into(), 2)),
        Expr::Substring { .. } => Some(("substring".into(), 2)),
        Expr::Position { .. } => Some(("position".into(), 2)),
        Expr::Trim { .. } => Some(("btrim".into(), 2)),
        Expr::AtTimeZone { .. } => Some(("timezone".into(), 2)),
        Expr::CompoundFieldAccess { root, access_chain } => match access_chain.last() {
            Some(ast::AccessExpr::Dot(Expr::Identifier(field))) => Some((ident_name(field), 2)),
            _ => figure(root),
        },
        _ => None,
    }
}

/// The type name a cast contributes, as PostgreSQL's grammar spells it internally
/// (`integer` is `int4`).
fn type_colname(data_type: &ast::DataType) -> String {
    use ast::DataType as D;
    match data_type {
        D::Int(_) | D::Integer(_) | D::Int4(_) => "int4".into(),
        D::BigInt(_) | D::Int8(_) => "int8".into(),
        D::SmallInt(_) | D::Int2(_) => "int2".into(),
        D::Real | D::Float4 => "float4".into(),
        D::DoublePrecision | D::Float8 => "float8".into(),
        D::Bool | D::Boolean => "bool".into(),
        D::Varchar(_) | D::CharacterVarying(_) | D::CharVarying(_) => "varchar".into(),
        D::Char(_) | D::Character(_) => "bpchar".into(),
        D::Decimal(_) | D::Numeric(_) | D::Dec(_) => "numeric".into(),
        D::Timestamp(_, ast::TimezoneInfo::WithTimeZone | ast::TimezoneInfo::Tz) => {
            "timestamptz".into()
        }
        D::Timestamp(..) => "timestamp".into(),
        D::Time(_, ast::TimezoneInfo::WithTimeZone | ast::TimezoneInfo::Tz) => "timetz".into(),
        D::Time(..) => "time".into(),
        // `'{1}'::int[]` is named after its element type, as the grammar keeps the
        // array bounds apart from the type's name.
        D::Array(
            ast::ArrayElemTypeDef::SquareBracket(elem, _)
            | ast::ArrayElemTypeDef::AngleBracket(elem)
            | ast::ArrayElemTypeDef::Parenthesis(elem)
            | ast::ArrayElemTypeDef::Qualified(elem, _),
        ) => type_colname(elem),
        D::Array(ast::ArrayElemTypeDef::None) => "?column?".into(),
        D::Custom(name, _) => name
            .0
            .last()
            .and_then(|p| p.as_ident())
            .map_or_else(|| name.to_string(), ident_name),
        other => other.to_string().to_lowercase(),
    }
}
