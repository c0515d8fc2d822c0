//! Column types as the model keeps them, spelled as PostgreSQL's `format_type` spells them.

use std::fmt;

use super::QualifiedName;
use super::pg_types::CatalogType;

/// A column's type: a base type, perhaps as an array. PostgreSQL keeps no array
/// dimensions in the catalog (`int[][]` is `integer[]`), so neither does the model.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SqlType {
    pub base: BaseType,
    pub array: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum BaseType {
    SmallInt,
    Integer,
    BigInt,
    Real,
    DoublePrecision,
    /// `numeric(precision, scale)`; a precision alone means scale 0.
    Numeric(Option<(u32, u32)>),
    Text,
    Varchar(Option<u32>),
    /// `character(n)`; `char` alone is `character(1)`.
    Char(u32),
    Name,
    Boolean,
    Bytea,
    Uuid,
    Json,
    Jsonb,
    Xml,
    Date,
    Time {
        precision: Option<u32>,
        with_time_zone: bool,
    },
    Timestamp {
        precision: Option<u32>,
        with_time_zone: bool,
    },
    /// `interval`, with its fields (`year to month`, `second`) and precision, each part
    /// of the type modifier PostgreSQL prints.
    Interval {
        fields: Option<&'static str>,
        precision: Option<u32>,
    },
    Inet,
    Cidr,
    MacAddr,
    MacAddr8,
    Money,
    Oid,
    /// `bit(n)`; `bit` alone is `bit(1)`.
    Bit(u32),
    VarBit(Option<u32>),
    TsVector,
    TsQuery,
    /// A range type such as `int4range`, `tstzrange`.
    Range(&'static str),
    /// An enum type created by the migrations.
    Enum(QualifiedName),
    /// A domain created by the migrations; the column keeps the domain as its type.
    Domain(QualifiedName),
    /// A composite type (`CREATE TYPE name AS (...)`).
    Composite(QualifiedName),
    /// A range type made by `CREATE TYPE name AS RANGE (SUBTYPE = ...)`.
    UserRange(QualifiedName),
    /// Any other type of `pg_catalog` (`point`, `pg_lsn`, `"char"`, `int4multirange`,
    /// `bpchar` without a length), as `pg_type` describes it. Types with a modifier have
    /// their own variants above.
    Builtin(&'static CatalogType),
    /// A type an extension made (`citext`, `vector(512)`, `hstore`), in the schema the
    /// extension was created in, its modifiers as declared.
    Extension {
        schema: String,
        name: String,
        modifiers: Vec<String>,
    },
}

impl fmt::Display for SqlType {
    /// `format_type(atttypid, atttypmod)` with `search_path = public`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.base)?;
        if self.array {
            f.write_str("[]")?;
        }
        Ok(())
    }
}

fn precision(p: &Option<u32>) -> String {
    p.map(|p| format!("({p})")).unwrap_or_default()
}

impl fmt::Display for BaseType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use BaseType::*;
        let tz = |with: bool| {
            if with {
                "with time zone"
            } else {
                "without time zone"
            }
        };
        match self {
            SmallInt => f.write_str("smallint"),
            Integer => f.write_str("integer"),
            BigInt => f.write_str("bigint"),
            Real => f.write_str("real"),
            DoublePrecision => f.write_str("double precision"),
            Numeric(None) => f.write_str("numeric"),
            Numeric(Some((p, s))) => write!(f, "numeric({p},{s})"),
            Text => f.write_str("text"),
            Varchar(n) => write!(f, "character varying{}", precision(n)),
            Char(n) => write!(f, "character({n})"),
            Name => f.write_str("name"),
            Boolean => f.write_str("boolean"),
            Bytea => f.write_str("bytea"),
            Uuid => f.write_str("uuid"),
            Json => f.write_str("json"),
            Jsonb => f.write_str("jsonb"),
            Xml => f.write_str("xml"),
            Date => f.write_str("date"),
            Time {
                precision: p,
                with_time_zone,
            } => write!(f, "time{} {}", precision(p), tz(*with_time_zone)),
            Timestamp {
                precision: p,
                with_time_zone,
            } => write!(f, "timestamp{} {}", precision(p), tz(*with_time_zone)),
            Interval {
                fields,
                precision: p,
            } => {
                f.write_str("interval")?;
                if let Some(fields) = fields {
                    write!(f, " {fields}")?;
                }
                f.write_str(&precision(p))
            }
            Builtin(t) => f.write_str(t.format),
            Inet => f.write_str("inet"),
            Cidr => f.write_str("cidr"),
            MacAddr => f.write_str("macaddr"),
            MacAddr8 => f.write_str("macaddr8"),
            Money => f.write_str("money"),
            Oid => f.write_str("oid"),
            Bit(n) => write!(f, "bit({n})"),
            VarBit(n) => write!(f, "bit varying{}", precision(n)),
            TsVector => f.write_str("tsvector"),
            TsQuery => f.write_str("tsquery"),
            Range(name) => f.write_str(name),
            Enum(name) | Domain(name) | Composite(name) | UserRange(name) => {
                f.write_str(&name.format_type())
            }
            Extension {
                schema,
                name,
                modifiers,
            } => {
                f.write_str(&QualifiedName::new(schema.as_str(), name.as_str()).format_type())?;
                if !modifiers.is_empty() {
                    write!(f, "({})", modifiers.join(","))?;
                }
                Ok(())
            }
        }
    }
}

/// Built-in range types with a Rust mapping of their own, by the name PostgreSQL gives
/// them; the other ranges and multiranges are [`BaseType::Builtin`].
pub const RANGE_TYPES: &[&str] = &[
    "int4range",
    "int8range",
    "numrange",
    "tsrange",
    "tstzrange",
    "daterange",
];
