//! SQL type -> Rust type, following sqlx's own PostgreSQL mapping.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{BaseType, Schema, SqlType};

/// How the generated code names `Option`, `Vec` and `String`: by their prelude names,
/// as a person writes them, unless a generated type of the same name (a table called
/// `options`) would shadow the prelude, in which case by full path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prelude {
    pub full_paths: bool,
}

impl Prelude {
    pub fn for_type_names<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        Prelude {
            full_paths: names
                .into_iter()
                .any(|n| matches!(n, "Option" | "Vec" | "String")),
        }
    }

    pub fn option(self, inner: TokenStream) -> TokenStream {
        if self.full_paths {
            quote!(::std::option::Option<#inner>)
        } else {
            quote!(Option<#inner>)
        }
    }

    pub fn vec(self, inner: TokenStream) -> TokenStream {
        if self.full_paths {
            quote!(::std::vec::Vec<#inner>)
        } else {
            quote!(Vec<#inner>)
        }
    }

    pub fn string(self) -> TokenStream {
        if self.full_paths {
            quote!(::std::string::String)
        } else {
            quote!(String)
        }
    }
}

/// The Rust type of a non-null value of `ty`, or `None` when there is no mapping.
/// `enum_path` gives the path of the generated Rust type for an enum or composite type.
pub fn rust_type(
    schema: &Schema,
    ty: &SqlType,
    prelude: Prelude,
    enum_path: &dyn Fn(&crate::model::QualifiedName) -> TokenStream,
) -> Option<TokenStream> {
    if let BaseType::UserRange(name) = &ty.base {
        let subtype = rust_type(schema, schema.ranges.get(name)?, prelude, enum_path)?;
        let range = quote!(::sqlx::postgres::types::PgRange<#subtype>);
        return Some(if ty.array { prelude.vec(range) } else { range });
    }
    if let BaseType::Domain(name) = &ty.base {
        // A domain is its base type in Rust.
        let domain = schema.domains.get(name)?;
        if ty.array && domain.base.array {
            return None;
        }
        let base = rust_type(schema, &domain.base, prelude, enum_path)?;
        return Some(if ty.array { prelude.vec(base) } else { base });
    }
    let scalar = base_type(&ty.base, prelude, enum_path)?;
    Some(if ty.array {
        prelude.vec(scalar)
    } else {
        scalar
    })
}

fn base_type(
    base: &BaseType,
    prelude: Prelude,
    enum_path: &dyn Fn(&crate::model::QualifiedName) -> TokenStream,
) -> Option<TokenStream> {
    use BaseType::*;
    Some(match base {
        SmallInt => quote!(i16),
        Integer => quote!(i32),
        BigInt => quote!(i64),
        Real => quote!(f32),
        DoublePrecision => quote!(f64),
        Numeric(_) => quote!(::rust_decimal::Decimal),
        Text | Varchar(_) | Char(_) | Name => prelude.string(),
        Boolean => quote!(bool),
        Bytea => prelude.vec(quote!(u8)),
        Uuid => quote!(::uuid::Uuid),
        Json | Jsonb => quote!(::serde_json::Value),
        Date => quote!(::chrono::NaiveDate),
        Time {
            with_time_zone: false,
            ..
        } => quote!(::chrono::NaiveTime),
        Time {
            with_time_zone: true,
            ..
        } => quote!(::sqlx::postgres::types::PgTimeTz),
        Timestamp {
            with_time_zone: false,
            ..
        } => quote!(::chrono::NaiveDateTime),
        Timestamp {
            with_time_zone: true,
            ..
        } => quote!(::chrono::DateTime<::chrono::Utc>),
        Interval(_) => quote!(::sqlx::postgres::types::PgInterval),
        // sqlx decodes INET and CIDR into `ipnetwork::IpNetwork` (feature `ipnetwork`);
        // a `String` cannot hold them.
        Inet | Cidr => quote!(::ipnetwork::IpNetwork),
        MacAddr => quote!(::mac_address::MacAddress),
        Money => quote!(::sqlx::postgres::types::PgMoney),
        Oid => quote!(::sqlx::postgres::types::Oid),
        Bit(_) | VarBit(_) => quote!(::bit_vec::BitVec),
        Range(name) => {
            let element = match *name {
                "int4range" => quote!(i32),
                "int8range" => quote!(i64),
                "numrange" => quote!(::rust_decimal::Decimal),
                "tsrange" => quote!(::chrono::NaiveDateTime),
                "tstzrange" => quote!(::chrono::DateTime<::chrono::Utc>),
                "daterange" => quote!(::chrono::NaiveDate),
                _ => return None,
            };
            quote!(::sqlx::postgres::types::PgRange<#element>)
        }
        Enum(name) | Composite(name) => enum_path(name),
        Extension { name, .. } => match name.as_str() {
            "citext" => prelude.string(),
            "vector" => quote!(::pgvector::Vector),
            "hstore" => quote!(::sqlx::postgres::types::PgHstore),
            "ltree" => quote!(::sqlx::postgres::types::PgLTree),
            "lquery" => quote!(::sqlx::postgres::types::PgLQuery),
            _ => return None,
        },
        MacAddr8 | Xml | TsVector | TsQuery | Domain(_) | UserRange(_) => return None,
    })
}
