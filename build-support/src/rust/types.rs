//! SQL type -> Rust type, following sqlx 0.9's own PostgreSQL mapping, with the
//! date/time and decimal crates chosen in the options and the user's overrides.

use proc_macro2::TokenStream;
use quote::quote;

use super::options::{NumericCrate, Resolved, TimeCrate, type_key};
use crate::model::pg_types::CatalogType;
use crate::model::{BaseType, QualifiedName, Schema, SqlType};

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

/// A Rust type for a SQL type, and whether it implements serde's traits (sqlx's own
/// wrappers such as `PgInterval` do not).
#[derive(Debug, Clone)]
pub struct Mapped {
    pub tokens: TokenStream,
    pub serde: bool,
}

impl Mapped {
    fn new(tokens: TokenStream) -> Self {
        Mapped {
            tokens,
            serde: true,
        }
    }

    fn sqlx_wrapper(tokens: TokenStream) -> Self {
        Mapped {
            tokens,
            serde: false,
        }
    }
}

/// The SQL type that has no Rust mapping (perhaps inside a domain or range).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unmapped {
    pub sql: String,
    /// Why, when the reason is not just that sqlx has no type for it.
    pub why: Option<&'static str>,
}

/// SQL types to Rust types, as sqlx 0.9 maps them, with the chosen crates and the
/// user's overrides. `type_path` gives the path of a generated enum or composite type
/// from the module the type is used in.
pub struct Mapper<'a> {
    pub schema: &'a Schema,
    pub options: &'a Resolved,
    pub prelude: Prelude,
    pub type_path: &'a dyn Fn(&QualifiedName) -> TokenStream,
}

impl Mapper<'_> {
    /// The Rust type of a non-null value of `ty`.
    pub fn rust_type(&self, ty: &SqlType) -> Result<Mapped, Unmapped> {
        let key = type_key(&ty.base.to_string());
        if ty.array {
            if let Some(o) = self.options.type_overrides.get(&format!("{key}[]")) {
                return Ok(Mapped::new(o.clone()));
            }
        }
        if ty.array && matches!(ty.base, BaseType::Domain(_)) {
            // sqlx checks an array column by the array type's own OID, and a domain's
            // array type is not its base type's: `Vec<i32>` cannot read `positive_int[]`.
            return Err(Unmapped {
                sql: ty.to_string(),
                why: Some("sqlx reads no Rust type from an array of a domain"),
            });
        }
        self.any_type(ty)
    }

    /// [`Self::rust_type`] without the check for arrays of domains (inside a domain,
    /// which sqlx checks by its base type).
    fn any_type(&self, ty: &SqlType) -> Result<Mapped, Unmapped> {
        let key = type_key(&ty.base.to_string());
        if ty.array {
            if let Some(o) = self.options.type_overrides.get(&format!("{key}[]")) {
                return Ok(Mapped::new(o.clone()));
            }
        }
        let element = self.element(&ty.base, ty.array)?;
        Ok(if ty.array {
            Mapped {
                tokens: self.prelude.vec(element.tokens),
                serde: element.serde,
            }
        } else {
            element
        })
    }

    fn element(&self, base: &BaseType, in_array: bool) -> Result<Mapped, Unmapped> {
        if let Some(o) = self
            .options
            .type_overrides
            .get(&type_key(&base.to_string()))
        {
            return Ok(Mapped::new(o.clone()));
        }
        let unmapped = || Unmapped {
            sql: base.to_string(),
            why: None,
        };
        match base {
            BaseType::Domain(name) => {
                // A domain is its base type in Rust, except over an array of a domain:
                // sqlx checks that array by the inner domain's array type, which no
                // `Vec<T>` matches.
                let domain = self.schema.domains.get(name).ok_or_else(unmapped)?;
                if domain.base.array && matches!(domain.base.base, BaseType::Domain(_)) {
                    return Err(Unmapped {
                        sql: base.to_string(),
                        why: Some("sqlx reads no Rust type from an array of a domain"),
                    });
                }
                self.any_type(&domain.base)
            }
            BaseType::UserRange(name) => {
                let subtype = self.schema.ranges.get(name).ok_or_else(unmapped)?;
                let subtype = self.rust_type(subtype)?.tokens;
                Ok(Mapped::sqlx_wrapper(
                    quote!(::sqlx::postgres::types::PgRange<#subtype>),
                ))
            }
            // sqlx reads CITEXT into `String`, but not CITEXT[] into `Vec<String>`.
            BaseType::Extension { name, .. } if name == "citext" && in_array => Ok(
                Mapped::sqlx_wrapper(quote!(::sqlx::postgres::types::PgCiText)),
            ),
            _ => self.builtin(base).ok_or_else(unmapped),
        }
    }

    fn builtin(&self, base: &BaseType) -> Option<Mapped> {
        use BaseType::*;
        let wrapper = Mapped::sqlx_wrapper;
        Some(Mapped::new(match base {
            SmallInt => quote!(i16),
            Integer => quote!(i32),
            BigInt => quote!(i64),
            Real => quote!(f32),
            DoublePrecision => quote!(f64),
            Numeric(_) => self.decimal(),
            Text | Varchar(_) | Char(_) | Name => self.prelude.string(),
            Boolean => quote!(bool),
            Bytea => self.prelude.vec(quote!(u8)),
            Uuid => quote!(::uuid::Uuid),
            Json | Jsonb => quote!(::serde_json::Value),
            Date | Time { .. } | Timestamp { .. } => {
                let time = self.time(base)?;
                if matches!(
                    base,
                    Time {
                        with_time_zone: true,
                        ..
                    }
                ) {
                    return Some(wrapper(time));
                }
                time
            }
            Interval { .. } => return Some(wrapper(quote!(::sqlx::postgres::types::PgInterval))),
            // sqlx decodes INET and CIDR into `ipnetwork::IpNetwork` (feature
            // `ipnetwork`); `std::net::IpAddr` by override.
            Inet | Cidr => quote!(::ipnetwork::IpNetwork),
            MacAddr => quote!(::mac_address::MacAddress),
            Money => return Some(wrapper(quote!(::sqlx::postgres::types::PgMoney))),
            Oid => quote!(::sqlx::postgres::types::Oid),
            Bit(_) | VarBit(_) => quote!(::bit_vec::BitVec),
            Range(name) => {
                let element = match *name {
                    "int4range" => quote!(i32),
                    "int8range" => quote!(i64),
                    "numrange" => self.decimal(),
                    "tsrange" => self.time(&Timestamp {
                        precision: None,
                        with_time_zone: false,
                    })?,
                    "tstzrange" => self.time(&Timestamp {
                        precision: None,
                        with_time_zone: true,
                    })?,
                    "daterange" => self.time(&Date)?,
                    _ => return None,
                };
                return Some(wrapper(quote!(::sqlx::postgres::types::PgRange<#element>)));
            }
            Enum(name) | Composite(name) => (self.type_path)(name),
            Builtin(t) => return self.catalog(t),
            Extension { name, .. } => match name.as_str() {
                "citext" => self.prelude.string(),
                "vector" => quote!(::pgvector::Vector),
                "halfvec" => quote!(::pgvector::HalfVector),
                "sparsevec" => quote!(::pgvector::SparseVector),
                "hstore" => return Some(wrapper(quote!(::sqlx::postgres::types::PgHstore))),
                "ltree" => return Some(wrapper(quote!(::sqlx::postgres::types::PgLTree))),
                "lquery" => return Some(wrapper(quote!(::sqlx::postgres::types::PgLQuery))),
                "cube" => return Some(wrapper(quote!(::sqlx::postgres::types::PgCube))),
                _ => return None,
            },
            // No sqlx mapping: an override gives one.
            MacAddr8 | Xml | TsVector | TsQuery | Domain(_) | UserRange(_) => return None,
        }))
    }

    /// The other types of `pg_catalog` sqlx 0.9 decodes (its `types` module's table);
    /// every other one needs an override.
    fn catalog(&self, t: &CatalogType) -> Option<Mapped> {
        let wrapper = Mapped::sqlx_wrapper;
        Some(match t.name {
            // `bpchar` without a length, and quoted `"bit"` without one.
            "bpchar" => Mapped::new(self.prelude.string()),
            "bit" => Mapped::new(quote!(::bit_vec::BitVec)),
            // The one-byte `"char"`.
            "char" => Mapped::new(quote!(i8)),
            "point" => wrapper(quote!(::sqlx::postgres::types::PgPoint)),
            "line" => wrapper(quote!(::sqlx::postgres::types::PgLine)),
            "lseg" => wrapper(quote!(::sqlx::postgres::types::PgLSeg)),
            "box" => wrapper(quote!(::sqlx::postgres::types::PgBox)),
            "path" => wrapper(quote!(::sqlx::postgres::types::PgPath)),
            "polygon" => wrapper(quote!(::sqlx::postgres::types::PgPolygon)),
            "circle" => wrapper(quote!(::sqlx::postgres::types::PgCircle)),
            _ => return None,
        })
    }

    fn decimal(&self) -> TokenStream {
        match self.options.numeric_crate {
            NumericCrate::RustDecimal => quote!(::rust_decimal::Decimal),
            NumericCrate::BigDecimal => quote!(::bigdecimal::BigDecimal),
        }
    }

    /// Date and time types from the chosen crate only.
    fn time(&self, base: &BaseType) -> Option<TokenStream> {
        use BaseType::*;
        let chrono = self.options.time_crate == TimeCrate::Chrono;
        Some(match (base, chrono) {
            (Date, true) => quote!(::chrono::NaiveDate),
            (Date, false) => quote!(::time::Date),
            (
                Time {
                    with_time_zone: false,
                    ..
                },
                true,
            ) => quote!(::chrono::NaiveTime),
            (
                Time {
                    with_time_zone: false,
                    ..
                },
                false,
            ) => quote!(::time::Time),
            // Both parameters spelt out: `PgTimeTz`'s defaults depend on sqlx's features.
            (
                Time {
                    with_time_zone: true,
                    ..
                },
                true,
            ) => quote!(
                ::sqlx::postgres::types::PgTimeTz<::chrono::NaiveTime, ::chrono::FixedOffset>
            ),
            (
                Time {
                    with_time_zone: true,
                    ..
                },
                false,
            ) => {
                quote!(::sqlx::postgres::types::PgTimeTz<::time::Time, ::time::UtcOffset>)
            }
            (
                Timestamp {
                    with_time_zone: false,
                    ..
                },
                true,
            ) => quote!(::chrono::NaiveDateTime),
            (
                Timestamp {
                    with_time_zone: false,
                    ..
                },
                false,
            ) => quote!(::time::PrimitiveDateTime),
            (
                Timestamp {
                    with_time_zone: true,
                    ..
                },
                true,
            ) => {
                quote!(::chrono::DateTime<::chrono::Utc>)
            }
            (
                Timestamp {
                    with_time_zone: true,
                    ..
                },
                false,
            ) => quote!(::time::OffsetDateTime),
            _ => return None,
        })
    }
}
