//! The one type several expressions resolve to (UNION branches, VALUES rows, `ARRAY[...]`
//! elements, the merged column of `JOIN ... USING`): PostgreSQL's `select_common_type`
//! and `select_common_typmod`, for the cases that need no cast table.
//!
//! - Every input of the same type (a domain included): that type. Inputs of `unknown`
//!   type (string literals, NULL) take it too; all `unknown` is `text`.
//! - The typmod survives only when every input has the same one (an `unknown` input
//!   has none): `varchar(20)` with `varchar(30)` is `varchar`, `char(2)` with `char(3)`
//!   is `bpchar`.
//! - Otherwise domains are read as their base types, as PostgreSQL does before it
//!   looks further; if they then agree, that base type without typmod.
//! - Inputs of different types need PostgreSQL's implicit casts and preferred types
//!   (`integer` with `bigint` is `bigint`): not typed yet.

use super::{ExprType, Untyped};
use crate::model::{BaseType, Schema, SqlType, pg_types};

/// The common type of `inputs`; `at` is what is reported when they cannot be typed.
pub(crate) fn common_type(schema: &Schema, inputs: &[ExprType], at: &Untyped) -> ExprType {
    let mut known: Vec<&SqlType> = Vec::new();
    for input in inputs {
        match input {
            ExprType::Known(ty) => known.push(ty),
            ExprType::Unknown => {}
            ExprType::Untyped(u) => return ExprType::Untyped(u.clone()),
        }
    }
    let Some(first) = known.first() else {
        return ExprType::Unknown.resolve_unknown();
    };
    let all_typed = known.len() == inputs.len();
    if known.iter().all(|t| *t == *first) && all_typed {
        return ExprType::Known((*first).clone());
    }
    if known.iter().all(|t| same_type(t, first)) {
        return without_typmod(first)
            .map_or_else(|| ExprType::Untyped(at.clone()), ExprType::Known);
    }
    // Domains give way to their base types.
    let bases: Vec<SqlType> = known.iter().map(|t| base_type(schema, t)).collect();
    if bases.iter().all(|t| same_type(t, &bases[0])) {
        return without_typmod(&bases[0])
            .map_or_else(|| ExprType::Untyped(at.clone()), ExprType::Known);
    }
    let mut types: Vec<String> = Vec::new();
    for ty in known {
        let ty = format!("`{ty}`");
        if !types.contains(&ty) {
            types.push(ty);
        }
    }
    ExprType::Untyped(Untyped {
        expr: format!("{}, of types {}", at.expr, types.join(" and ")),
        span: at.span,
    })
}

/// The same type, perhaps with another typmod.
fn same_type(a: &SqlType, b: &SqlType) -> bool {
    a.array == b.array && without_typmod(a) == without_typmod(b) && without_typmod(a).is_some()
}

/// A domain's base type (through domains over domains), keeping arrays as arrays; the
/// base's typmod is not the expression's, so it is dropped.
fn base_type(schema: &Schema, ty: &SqlType) -> SqlType {
    let mut base = ty.base.clone();
    while let BaseType::Domain(name) = &base {
        match schema.domains.get(name) {
            Some(d) if !d.base.array => base = d.base.base.clone(),
            _ => break,
        }
    }
    let ty = SqlType {
        base,
        array: ty.array,
    };
    without_typmod(&ty).unwrap_or(ty)
}

/// The type with no typmod, as `format_type` prints a typmod of -1 (`character` and
/// `bit` without a length are `bpchar` and `"bit"`).
pub(crate) fn without_typmod(ty: &SqlType) -> Option<SqlType> {
    use BaseType as B;
    let base = match &ty.base {
        B::Numeric(_) => B::Numeric(None),
        B::Varchar(_) => B::Varchar(None),
        B::VarBit(_) => B::VarBit(None),
        B::Interval { .. } => B::Interval {
            fields: None,
            precision: None,
        },
        B::Time { with_time_zone, .. } => B::Time {
            precision: None,
            with_time_zone: *with_time_zone,
        },
        B::Timestamp { with_time_zone, .. } => B::Timestamp {
            precision: None,
            with_time_zone: *with_time_zone,
        },
        B::Extension { schema, name, .. } => B::Extension {
            schema: schema.clone(),
            name: name.clone(),
            modifiers: Vec::new(),
        },
        B::Char(_) => B::Builtin(pg_types::builtin("bpchar")?),
        B::Bit(_) => B::Builtin(pg_types::builtin("bit")?),
        other => other.clone(),
    };
    Some(SqlType {
        base,
        array: ty.array,
    })
}
