//! Column types, and `CREATE TYPE` / `ALTER TYPE` for enums.

use super::*;

/// The fields of `interval year to month` and the like, as `format_type` prints them.
fn interval_fields(fields: &ast::IntervalFields) -> &'static str {
    use ast::IntervalFields as F;
    match fields {
        F::Year => "year",
        F::Month => "month",
        F::Day => "day",
        F::Hour => "hour",
        F::Minute => "minute",
        F::Second => "second",
        F::YearToMonth => "year to month",
        F::DayToHour => "day to hour",
        F::DayToMinute => "day to minute",
        F::DayToSecond => "day to second",
        F::HourToMinute => "hour to minute",
        F::HourToSecond => "hour to second",
        F::MinuteToSecond => "minute to second",
    }
}

impl Cx<'_> {
    /// Resolves a declared type. The flag is true for `serial` types, which imply
    /// NOT NULL and a sequence default.
    pub(super) fn sql_type(
        &self,
        schema: &Schema,
        data_type: &DataType,
        column: &Ident,
    ) -> Result<(SqlType, bool), Diagnostic> {
        use BaseType as B;
        let scalar = |base| Ok((SqlType { base, array: false }, false));
        let length = |l: &Option<ast::CharacterLength>| match l {
            Some(ast::CharacterLength::IntegerLength { length, .. }) => Some(*length as u32),
            _ => None,
        };
        let precision = |p: &Option<u64>| p.map(|p| p as u32);
        let numeric = |info: &ExactNumberInfo| match info {
            ExactNumberInfo::None => B::Numeric(None),
            ExactNumberInfo::Precision(p) => B::Numeric(Some((*p as u32, 0))),
            ExactNumberInfo::PrecisionAndScale(p, s) => {
                B::Numeric(Some((*p as u32, (*s).max(0) as u32)))
            }
        };
        let with_tz =
            |tz: &TimezoneInfo| matches!(tz, TimezoneInfo::WithTimeZone | TimezoneInfo::Tz);
        match data_type {
            DataType::Array(elem) => {
                let inner = match elem {
                    ast::ArrayElemTypeDef::SquareBracket(t, _)
                    | ast::ArrayElemTypeDef::AngleBracket(t)
                    | ast::ArrayElemTypeDef::Parenthesis(t)
                    | ast::ArrayElemTypeDef::Qualified(t, _) => t,
                    ast::ArrayElemTypeDef::None => {
                        return Err(self.unknown_type(schema, data_type, None, column));
                    }
                };
                let (mut ty, serial) = self.sql_type(schema, inner, column)?;
                if serial {
                    return Err(self.unknown_type(schema, data_type, None, column));
                }
                ty.array = true;
                Ok((ty, false))
            }
            // A display width (`int(11)`, MySQL's) is no modifier PostgreSQL takes.
            DataType::SmallInt(Some(_))
            | DataType::Int2(Some(_))
            | DataType::Int(Some(_))
            | DataType::Integer(Some(_))
            | DataType::Int4(Some(_))
            | DataType::BigInt(Some(_))
            | DataType::Int8(Some(_)) => {
                Err(self.modifier_not_allowed(&data_type.to_string().to_lowercase(), column))
            }
            DataType::SmallInt(_) | DataType::Int2(_) => scalar(B::SmallInt),
            DataType::Int(_) | DataType::Integer(_) | DataType::Int4(_) => scalar(B::Integer),
            DataType::BigInt(_) | DataType::Int8(_) => scalar(B::BigInt),
            DataType::Real | DataType::Float4 => scalar(B::Real),
            DataType::DoublePrecision
            | DataType::Float8
            | DataType::Double(ExactNumberInfo::None) => scalar(B::DoublePrecision),
            // `float(p)` is `real` up to 24 bits of precision, `double precision` up to 53.
            DataType::Float(info) => match info {
                ExactNumberInfo::Precision(p @ (0 | 54..)) => Err(Diagnostic::error(format!(
                    "precision {p} for type float is out of range"
                ))
                .with_span(self.span(column.span))
                .with_label(format!("the type of column `{}`", ident_name(column)))
                .with_hint("write `float(1)` to `float(53)`, or `real` / `double precision`")),
                ExactNumberInfo::Precision(p) if *p <= 24 => scalar(B::Real),
                _ => scalar(B::DoublePrecision),
            },
            DataType::Numeric(info) | DataType::Decimal(info) | DataType::Dec(info) => {
                scalar(numeric(info))
            }
            DataType::Text => scalar(B::Text),
            DataType::Varchar(l) | DataType::CharacterVarying(l) | DataType::CharVarying(l) => {
                scalar(B::Varchar(length(l)))
            }
            DataType::Char(l) | DataType::Character(l) => scalar(B::Char(length(l).unwrap_or(1))),
            DataType::Bool | DataType::Boolean => scalar(B::Boolean),
            DataType::Bytea => scalar(B::Bytea),
            DataType::Uuid => scalar(B::Uuid),
            DataType::JSON => scalar(B::Json),
            DataType::JSONB => scalar(B::Jsonb),
            DataType::Date => scalar(B::Date),
            DataType::Time(p, tz) => scalar(B::Time {
                precision: precision(p),
                with_time_zone: with_tz(tz),
            }),
            DataType::Timestamp(p, tz) => scalar(B::Timestamp {
                precision: precision(p),
                with_time_zone: with_tz(tz),
            }),
            DataType::Interval {
                fields,
                precision: p,
            } => scalar(B::Interval {
                fields: fields.as_ref().map(interval_fields),
                precision: precision(p),
            }),
            DataType::Bit(n) => scalar(B::Bit(n.map_or(1, |n| n as u32))),
            DataType::BitVarying(n) | DataType::VarBit(n) => scalar(B::VarBit(precision(n))),
            DataType::TsVector => scalar(B::TsVector),
            DataType::TsQuery => scalar(B::TsQuery),
            DataType::Custom(name, modifiers) => {
                self.named_type(schema, data_type, name, modifiers, column)
            }
            // sqlparser reads some of PostgreSQL's type names into variants of their own
            // (`point`, `regclass`, `trigger`); its spelling of those is the `typname`.
            other => match pg_types::builtin(&other.to_string().to_lowercase()) {
                Some(t) => self.catalog_type(t, &[], data_type, column),
                None => Err(self.unknown_type(schema, data_type, None, column)),
            },
        }
    }

    pub(super) fn named_type(
        &self,
        schema: &Schema,
        data_type: &DataType,
        name: &ObjectName,
        modifiers: &[String],
        column: &Ident,
    ) -> Result<(SqlType, bool), Diagnostic> {
        use BaseType as B;
        let qualified = self.qualified(name)?;
        let explicit_schema = name.0.len() > 1;
        let scalar = |base| Ok((SqlType { base, array: false }, false));
        let serial = |base| Ok((SqlType { base, array: false }, true));
        if !explicit_schema || qualified.schema == "pg_catalog" {
            match (qualified.name.as_str(), modifiers.len()) {
                ("serial" | "serial4", 0) => return serial(B::Integer),
                ("bigserial" | "serial8", 0) => return serial(B::BigInt),
                ("smallserial" | "serial2", 0) => return serial(B::SmallInt),
                _ => {}
            }
            // SQL's `national character`, unquoted: PostgreSQL's `character(n)`.
            let quoted = name
                .0
                .last()
                .and_then(|p| p.as_ident())
                .is_some_and(|i| i.quote_style.is_some());
            if qualified.name == "nchar" && !explicit_schema && !quoted {
                let bpchar = pg_types::builtin("bpchar").expect("pg_catalog has bpchar");
                let length = if modifiers.is_empty() {
                    vec!["1".to_string()]
                } else {
                    modifiers.to_vec()
                };
                return self.catalog_type(bpchar, &length, data_type, column);
            }
            // `pg_catalog` is searched before the search path: a built-in name means
            // the built-in type, whatever the migrations created.
            if let Some(t) = pg_types::builtin(&qualified.name) {
                return self.catalog_type(t, modifiers, data_type, column);
            }
        }
        let user_type = self.resolve(name, |q| {
            schema.enums.contains_key(q)
                || schema.domains.contains_key(q)
                || schema.composites.contains_key(q)
                || schema.ranges.contains_key(q)
        })?;
        let user = if schema.composites.contains_key(&user_type) {
            Some(B::Composite(user_type))
        } else if schema.ranges.contains_key(&user_type) {
            Some(B::UserRange(user_type))
        } else if schema.enums.contains_key(&user_type) {
            Some(B::Enum(user_type))
        } else if schema.domains.contains_key(&user_type) {
            Some(B::Domain(user_type))
        } else {
            None
        };
        if let Some(base) = user {
            if !modifiers.is_empty() {
                return Err(self.modifier_not_allowed(&base.to_string(), column));
            }
            return scalar(base);
        }
        if let Some(found) = self.extension_type(schema, &qualified, explicit_schema, modifiers) {
            let (ty, typmod) = found;
            if !typmod && !modifiers.is_empty() {
                return Err(self.modifier_not_allowed(&ty.to_string(), column));
            }
            return Ok((ty, false));
        }
        Err(self.unknown_type(schema, data_type, Some(&qualified), column))
    }

    /// A type of `pg_catalog` with the modifiers written after it. The types code
    /// generation knows get their own variants; every other is [`BaseType::Builtin`].
    pub(super) fn catalog_type(
        &self,
        t: &'static CatalogType,
        modifiers: &[String],
        data_type: &DataType,
        column: &Ident,
    ) -> Result<(SqlType, bool), Diagnostic> {
        use BaseType as B;
        if !t.element.is_empty() {
            let element = pg_types::builtin(t.element)
                .ok_or_else(|| self.unknown_type_plain(data_type, column))?;
            let (mut ty, _) = self.catalog_type(element, modifiers, data_type, column)?;
            ty.array = true;
            return Ok((ty, false));
        }
        if !t.column {
            return Err(Diagnostic::error(format!(
                "column `{}` has pseudo-type `{}`",
                ident_name(column),
                t.format
            ))
            .with_span(self.span(column.span))
            .with_hint(
                "a pseudo-type only describes function arguments and results; pick a data type",
            ));
        }
        if !modifiers.is_empty() && !t.typmod {
            return Err(self.modifier_not_allowed(t.format, column));
        }
        let mut numbers = Vec::new();
        for m in modifiers {
            match m.trim().parse::<u32>() {
                Ok(n) => numbers.push(n),
                Err(_) => {
                    return Err(Diagnostic::error(format!(
                        "type modifier `{}` of type `{}` is not a number",
                        m.trim(),
                        t.format
                    ))
                    .with_span(self.span(column.span))
                    .with_hint("write the length or precision as a whole number"));
                }
            }
        }
        let number = numbers.first().copied();
        let base = match (t.name, numbers.as_slice()) {
            ("int2", _) => B::SmallInt,
            ("int4", _) => B::Integer,
            ("int8", _) => B::BigInt,
            ("float4", _) => B::Real,
            ("float8", _) => B::DoublePrecision,
            ("numeric", []) => B::Numeric(None),
            ("numeric", [p]) => B::Numeric(Some((*p, 0))),
            ("numeric", [p, s]) => B::Numeric(Some((*p, *s))),
            ("text", _) => B::Text,
            ("varchar", _) => B::Varchar(number),
            // `bpchar` without a length is unbounded (`bpchar`), unlike `char` (`char(1)`).
            ("bpchar", [n]) => B::Char(*n),
            ("name", _) => B::Name,
            ("bool", _) => B::Boolean,
            ("bytea", _) => B::Bytea,
            ("uuid", _) => B::Uuid,
            ("json", _) => B::Json,
            ("jsonb", _) => B::Jsonb,
            ("xml", _) => B::Xml,
            ("date", _) => B::Date,
            ("time" | "timetz", _) => B::Time {
                precision: number,
                with_time_zone: t.name == "timetz",
            },
            ("timestamp" | "timestamptz", _) => B::Timestamp {
                precision: number,
                with_time_zone: t.name == "timestamptz",
            },
            ("interval", _) => B::Interval {
                fields: None,
                precision: number,
            },
            ("inet", _) => B::Inet,
            ("cidr", _) => B::Cidr,
            ("macaddr", _) => B::MacAddr,
            ("macaddr8", _) => B::MacAddr8,
            ("money", _) => B::Money,
            ("oid", _) => B::Oid,
            // Quoted `"bit"` without a length keeps no modifier (`"bit"`), unlike `bit`.
            ("bit", [n]) => B::Bit(*n),
            ("varbit", _) => B::VarBit(number),
            ("tsvector", _) => B::TsVector,
            ("tsquery", _) => B::TsQuery,
            (range, _) if RANGE_TYPES.contains(&range) => B::Range(
                RANGE_TYPES
                    .iter()
                    .find(|r| **r == range)
                    .expect("just matched"),
            ),
            _ if !numbers.is_empty() => return Err(self.modifier_not_allowed(t.format, column)),
            _ => B::Builtin(t),
        };
        Ok((SqlType { base, array: false }, false))
    }

    /// A type an extension created (in `schema.extensions`) made, by the name written:
    /// qualified, in that schema; bare, in the first schema of the search path holding
    /// one (after `pg_catalog`, as PostgreSQL searches). The flag says whether the type
    /// takes a modifier. A created extension schemagen does not know may make any type:
    /// a name found nowhere else is taken as one of its types, with a warning.
    fn extension_type(
        &self,
        schema: &Schema,
        qualified: &QualifiedName,
        explicit_schema: bool,
        modifiers: &[String],
    ) -> Option<(SqlType, bool)> {
        let schemas: Vec<&str> = if explicit_schema {
            vec![qualified.schema.as_str()]
        } else {
            std::iter::once("pg_catalog")
                .chain(self.search_path.iter().map(String::as_str))
                .collect()
        };
        let make = |ext: &str, ext_schema: &str, name: &str, array: bool| SqlType {
            base: BaseType::Extension {
                schema: ext_schema.to_string(),
                name: name.to_string(),
                // PostGIS prints its modifiers its own way; others print them as written.
                modifiers: pg_types::postgis_modifiers(name, modifiers)
                    .filter(|_| ext == "postgis")
                    .unwrap_or_else(|| modifiers.iter().map(|m| m.trim().to_string()).collect()),
            },
            array,
        };
        let mut unknown: Option<(&str, &str)> = None;
        for s in &schemas {
            for (ext, ext_schema) in schema.extensions.iter().filter(|(_, es)| es == s) {
                let Some(def) = pg_types::extension(ext) else {
                    unknown.get_or_insert((ext.as_str(), ext_schema.as_str()));
                    continue;
                };
                if let Some(t) = def.type_named(&qualified.name) {
                    if !t.column {
                        return None;
                    }
                    return Some((make(ext, ext_schema, t.name, false), t.typmod));
                }
                // Its array type, by `typname` (`_citext`).
                if let Some(t) = qualified
                    .name
                    .strip_prefix('_')
                    .and_then(|element| def.type_named(element))
                    .filter(|t| !t.array.is_empty() || def.source != "contrib")
                {
                    return Some((make(ext, ext_schema, t.name, true), t.typmod));
                }
            }
        }
        let (ext, ext_schema) = unknown?;
        self.warnings.borrow_mut().push(
            Diagnostic::warning(format!(
                "type `{}` is taken to be one that extension `{ext}` makes",
                qualified.name
            ))
            .with_span(self.statement.whole())
            .with_label("schemagen does not know this extension's types")
            .with_hint(format!(
                "nothing else makes a type of this name; if `{ext}` does not either, \
                 PostgreSQL will refuse this statement"
            )),
        );
        Some((make(ext, ext_schema, &qualified.name, false), true))
    }

    fn modifier_not_allowed(&self, ty: &str, column: &Ident) -> Diagnostic {
        Diagnostic::error(format!("type modifier is not allowed for type `{ty}`"))
            .with_span(self.span(column.span))
            .with_label(format!("the type of column `{}`", ident_name(column)))
            .with_hint("remove the parenthesised modifier after the type name")
    }

    fn unknown_type_plain(&self, data_type: &DataType, column: &Ident) -> Diagnostic {
        Diagnostic::error(format!("type `{data_type}` does not exist"))
            .with_span(self.span(column.span))
            .with_label(format!("the type of column `{}`", ident_name(column)))
    }

    /// "type does not exist", with the hint that fits: the extension that makes a type
    /// of this name, or where a created extension's types are.
    pub(super) fn unknown_type(
        &self,
        schema: &Schema,
        data_type: &DataType,
        name: Option<&QualifiedName>,
        column: &Ident,
    ) -> Diagnostic {
        let plain = self.unknown_type_plain(data_type, column);
        let Some(name) = name else {
            return plain.with_hint(
                "create the type (`CREATE TYPE ... AS ENUM`) in an earlier migration, or use \
                 a PostgreSQL built-in type",
            );
        };
        // An array type's name (`_citext`) points at its element's extension.
        let type_name = match name.name.strip_prefix('_') {
            Some(element) if pg_types::extension_with_type(&name.name).is_none() => element,
            _ => name.name.as_str(),
        };
        match pg_types::extension_with_type(type_name) {
            Some(def) => match schema.extensions.get(def.name) {
                Some(ext_schema) => plain.with_hint(format!(
                    "extension `{}` made `{type_name}` in schema `{ext_schema}`: write \
                     `{ext_schema}.{type_name}`, or put `{ext_schema}` on the `search_path`",
                    def.name
                )),
                None => plain.with_hint(format!(
                    "`{type_name}` comes with an extension: add `CREATE EXTENSION IF NOT \
                     EXISTS {};` to an earlier migration, or, where the deployment creates \
                     it outside the migrations, pass that statement to \
                     `Builder::before_migrations`",
                    def.name
                )),
            },
            None => plain.with_hint(
                "create the type (`CREATE TYPE ... AS ENUM`) in an earlier migration, or use \
                 a PostgreSQL built-in type",
            ),
        }
    }

    pub(super) fn create_type(
        &self,
        schema: &mut Schema,
        name: &ObjectName,
        representation: Option<&UserDefinedTypeRepresentation>,
    ) -> Result<(), Diagnostic> {
        let qualified = self.creation_name(schema, name)?;
        let labels = match representation {
            Some(UserDefinedTypeRepresentation::Enum { labels }) => labels,
            Some(UserDefinedTypeRepresentation::Composite { attributes }) => {
                return self.create_composite(schema, qualified, name, attributes);
            }
            Some(UserDefinedTypeRepresentation::Range { options }) => {
                return self.create_range(schema, qualified, name, options);
            }
            _ => return Err(self.not_modelled("base types")),
        };
        // Every table has a row type of its own name, so the names collide too.
        self.type_name_is_free(schema, &qualified, name)?;
        if !schema.schemas.contains(&qualified.schema) {
            return Err(
                Diagnostic::error(format!("schema `{}` does not exist", qualified.schema))
                    .with_span(self.name_span(name))
                    .with_hint(format!(
                        "add `CREATE SCHEMA {};` before this statement",
                        qualified.schema
                    )),
            );
        }
        let mut values: Vec<String> = Vec::new();
        for label in labels {
            if values.contains(&label.value) {
                return Err(Diagnostic::error(format!(
                    "enum label `{}` used more than once",
                    label.value
                ))
                .with_span(self.span(label.span))
                .with_hint("list each label once"));
            }
            values.push(label.value.clone());
        }
        schema.enums.insert(
            qualified.clone(),
            EnumType {
                name: qualified,
                labels: values,
                origin: Origin(Some(self.name_span(name))),
            },
        );
        Ok(())
    }

    /// A new type's name must not be taken by another type, or by a table (every table
    /// has a row type of its name).
    pub(super) fn type_name_is_free(
        &self,
        schema: &Schema,
        qualified: &QualifiedName,
        name: &ObjectName,
    ) -> Result<(), Diagnostic> {
        if schema.type_exists(qualified) {
            return Err(
                Diagnostic::duplicate(format!("type `{qualified}` already exists"))
                    .with_span(self.name_span(name))
                    .with_hint("pick another name, or drop the earlier type first"),
            );
        }
        Ok(())
    }

    fn create_range(
        &self,
        schema: &mut Schema,
        qualified: QualifiedName,
        name: &ObjectName,
        options: &[ast::UserDefinedTypeRangeOption],
    ) -> Result<(), Diagnostic> {
        self.type_name_is_free(schema, &qualified, name)?;
        let Some(subtype) = options.iter().find_map(|o| match o {
            ast::UserDefinedTypeRangeOption::Subtype(t) => Some(t),
            _ => None,
        }) else {
            return Err(Diagnostic::error("a range type needs a `SUBTYPE`")
                .with_span(self.name_span(name))
                .with_hint("write `CREATE TYPE name AS RANGE (SUBTYPE = type)`"));
        };
        let last = name
            .0
            .last()
            .and_then(|p| p.as_ident())
            .cloned()
            .unwrap_or_else(|| Ident::new(qualified.name.clone()));
        let (subtype, _) = self.sql_type(schema, subtype, &last)?;
        schema.ranges.insert(qualified, subtype);
        Ok(())
    }

    fn create_composite(
        &self,
        schema: &mut Schema,
        qualified: QualifiedName,
        name: &ObjectName,
        attributes: &[ast::UserDefinedTypeCompositeAttributeDef],
    ) -> Result<(), Diagnostic> {
        self.type_name_is_free(schema, &qualified, name)?;
        let mut attrs: Vec<(String, SqlType)> = Vec::new();
        for attribute in attributes {
            let attr_name = ident_name(&attribute.name);
            if attrs.iter().any(|(n, _)| *n == attr_name) {
                return Err(Diagnostic::duplicate(format!(
                    "column `{attr_name}` specified more than once"
                ))
                .with_span(self.span(attribute.name.span))
                .with_hint("give each attribute its own name"));
            }
            let (ty, serial) = self.sql_type(schema, &attribute.data_type, &attribute.name)?;
            if serial {
                return Err(self.unknown_type(schema, &attribute.data_type, None, &attribute.name));
            }
            attrs.push((attr_name, ty));
        }
        schema.composites.insert(
            qualified.clone(),
            crate::model::Composite {
                name: qualified,
                attributes: attrs,
                origin: Origin(Some(self.name_span(name))),
            },
        );
        Ok(())
    }

    pub(super) fn alter_type(
        &self,
        schema: &mut Schema,
        at: &ast::AlterType,
    ) -> Result<(), Diagnostic> {
        let name = self.resolve(&at.name, |q| domain::user_type(schema, q).is_some())?;
        // Every kind of type is renamed alike (a domain or range too, as PostgreSQL's
        // `ALTER TYPE` does), and the columns, domains and attributes of it follow.
        if let AlterTypeOperation::Rename(rename) = &at.operation
            && domain::user_type(schema, &name).is_some()
        {
            let new_name = QualifiedName::new(name.schema.clone(), ident_name(&rename.new_name));
            return self.move_type(schema, &name, new_name, rename.new_name.span);
        }
        let Some(enum_type) = schema.enums.get_mut(&name) else {
            return Err(Diagnostic::error(format!("type `{name}` does not exist"))
                .with_span(self.name_span(&at.name))
                .with_hint("create the enum in an earlier migration, or check the spelling"));
        };
        match &at.operation {
            AlterTypeOperation::AddValue(add) => {
                let value = add.value.value.clone();
                if enum_type.labels.contains(&value) {
                    if add.if_not_exists {
                        return Ok(());
                    }
                    return Err(Diagnostic::duplicate(format!(
                        "enum label `{value}` already exists"
                    ))
                    .with_span(self.span(add.value.span))
                    .with_hint("write `ADD VALUE IF NOT EXISTS`, or drop this statement"));
                }
                let position = match &add.position {
                    None => enum_type.labels.len(),
                    Some(
                        AlterTypeAddValuePosition::Before(n) | AlterTypeAddValuePosition::After(n),
                    ) => {
                        let Some(i) = enum_type.labels.iter().position(|l| *l == n.value) else {
                            return Err(Diagnostic::error(format!(
                                "`{}` is not an existing enum label",
                                n.value
                            ))
                            .with_span(self.span(n.span))
                            .with_hint("name a label the enum already has"));
                        };
                        match add.position {
                            Some(AlterTypeAddValuePosition::After(_)) => i + 1,
                            _ => i,
                        }
                    }
                };
                enum_type.labels.insert(position, value);
                Ok(())
            }
            AlterTypeOperation::RenameValue(rename) => {
                let Some(i) = enum_type
                    .labels
                    .iter()
                    .position(|l| *l == rename.from.value)
                else {
                    return Err(Diagnostic::error(format!(
                        "`{}` is not an existing enum label",
                        rename.from.value
                    ))
                    .with_span(self.span(rename.from.span))
                    .with_hint("name a label the enum already has"));
                };
                if enum_type.labels.contains(&rename.to.value) {
                    return Err(Diagnostic::duplicate(format!(
                        "enum label `{}` already exists",
                        rename.to.value
                    ))
                    .with_span(self.span(rename.to.span))
                    .with_hint("pick a label the enum does not have"));
                }
                enum_type.labels[i] = rename.to.value.clone();
                Ok(())
            }
            // Renamed above, with every other kind of type.
            AlterTypeOperation::Rename(_) => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{BaseType, Schema};

    fn load(sql: &str) -> crate::Loaded {
        crate::load_inline(&[("0001_a.sql", sql)]).unwrap_or_else(|e| panic!("{e}"))
    }

    fn refused(sql: &str) -> String {
        match crate::load_inline(&[("0001_a.sql", sql)]) {
            Ok(_) => panic!("accepted: {sql}"),
            Err(e) => e.to_string(),
        }
    }

    /// The columns of table `t` as the dump spells their types.
    fn types(schema: &Schema) -> Vec<String> {
        let t = schema
            .tables
            .values()
            .find(|t| t.name.name == "t")
            .expect("table t");
        t.columns.iter().map(|c| c.ty.to_string()).collect()
    }

    fn family(columns: &[&str], expected: &[&str]) {
        let body: Vec<String> = columns
            .iter()
            .enumerate()
            .map(|(i, ty)| format!("c{i} {ty}"))
            .collect();
        let loaded = load(&format!("CREATE TABLE t ({});", body.join(", ")));
        assert_eq!(types(&loaded.schema), expected);
    }

    #[test]
    fn geometric_types() {
        family(
            &[
                "point", "line", "lseg", "box", "path", "polygon", "circle", "point[]",
            ],
            &[
                "point", "line", "lseg", "box", "path", "polygon", "circle", "point[]",
            ],
        );
    }

    #[test]
    fn network_and_text_search_types() {
        family(
            &[
                "inet",
                "cidr",
                "macaddr",
                "macaddr8",
                "tsvector",
                "tsquery",
                "regconfig",
            ],
            &[
                "inet",
                "cidr",
                "macaddr",
                "macaddr8",
                "tsvector",
                "tsquery",
                "regconfig",
            ],
        );
    }

    #[test]
    fn bit_types() {
        family(
            &[
                "bit",
                "bit(4)",
                "\"bit\"",
                "varbit",
                "bit varying(5)",
                "varbit(2)[]",
            ],
            &[
                "bit(1)",
                "bit(4)",
                "\"bit\"",
                "bit varying",
                "bit varying(5)",
                "bit varying(2)[]",
            ],
        );
    }

    #[test]
    fn range_and_multirange_types() {
        family(
            &[
                "int4range",
                "tstzrange[]",
                "int8multirange",
                "nummultirange",
                "datemultirange",
            ],
            &[
                "int4range",
                "tstzrange[]",
                "int8multirange",
                "nummultirange",
                "datemultirange",
            ],
        );
    }

    #[test]
    fn oid_alias_and_system_types() {
        family(
            &[
                "regclass", "regproc", "regtype", "oid", "xid", "xid8", "cid", "tid", "pg_lsn",
            ],
            &[
                "regclass", "regproc", "regtype", "oid", "xid", "xid8", "cid", "tid", "pg_lsn",
            ],
        );
        family(
            &[
                "txid_snapshot",
                "pg_snapshot",
                "int2vector",
                "oidvector",
                "aclitem",
            ],
            &[
                "txid_snapshot",
                "pg_snapshot",
                "int2vector",
                "oidvector",
                "aclitem",
            ],
        );
    }

    #[test]
    fn character_and_numeric_spellings() {
        family(
            &[
                "\"char\"",
                "char",
                "nchar(3)",
                "bpchar",
                "bpchar(4)",
                "_varchar",
                "varchar(3)[]",
            ],
            &[
                "\"char\"",
                "character(1)",
                "character(3)",
                "bpchar",
                "character(4)",
                "character varying[]",
                "character varying(3)[]",
            ],
        );
        family(
            &[
                "float(1)",
                "float(24)",
                "float(25)",
                "decimal(10)",
                "pg_catalog.numeric(4,1)",
                "money",
                "xml",
            ],
            &[
                "real",
                "real",
                "double precision",
                "numeric(10,0)",
                "numeric(4,1)",
                "money",
                "xml",
            ],
        );
    }

    #[test]
    fn time_and_interval_spellings() {
        family(
            &[
                "time(3) with time zone",
                "timetz",
                "timestamptz(2)",
                "interval(3)",
                "interval year to month",
                "interval second(3)",
                "interval day to second(1)",
            ],
            &[
                "time(3) with time zone",
                "time with time zone",
                "timestamp(2) with time zone",
                "interval(3)",
                "interval year to month",
                "interval second(3)",
                "interval day to second(1)",
            ],
        );
    }

    #[test]
    fn built_in_type_keeps_its_own_variant_where_code_generation_has_one() {
        let loaded = load("CREATE TABLE t (a int4, b timestamptz, c bpchar(2), d point);");
        let t = loaded
            .schema
            .tables
            .values()
            .find(|t| t.name.name == "t")
            .unwrap();
        assert_eq!(t.columns[0].ty.base, BaseType::Integer);
        assert!(matches!(
            t.columns[1].ty.base,
            BaseType::Timestamp {
                with_time_zone: true,
                ..
            }
        ));
        assert_eq!(t.columns[2].ty.base, BaseType::Char(2));
        assert!(matches!(t.columns[3].ty.base, BaseType::Builtin(b) if b.name == "point"));
    }

    #[test]
    fn pseudo_types_and_stray_modifiers_are_refused() {
        assert!(refused("CREATE TABLE t (c anyelement);").contains("has pseudo-type `anyelement`"));
        assert!(refused("CREATE TABLE t (c trigger);").contains("has pseudo-type `trigger`"));
        assert!(refused("CREATE TABLE t (c pg_lsn(2));").contains("type modifier is not allowed"));
        assert!(refused("CREATE TABLE t (c int4(2));").contains("type modifier is not allowed"));
        assert!(refused("CREATE TABLE t (c float(54));").contains("precision 54 for type float"));
        assert!(refused("CREATE TABLE t (c float(0));").contains("precision 0 for type float"));
    }

    #[test]
    fn extension_types_come_with_create_extension() {
        let e = refused("CREATE TABLE t (c hstore);");
        assert!(e.contains("type `hstore` does not exist"), "{e}");
        assert!(e.contains("CREATE EXTENSION IF NOT EXISTS hstore"), "{e}");
        assert!(e.contains("Builder::before_migrations"), "{e}");
        let loaded = load("CREATE EXTENSION hstore; CREATE TABLE t (c hstore, d hstore[]);");
        assert_eq!(types(&loaded.schema), ["hstore", "hstore[]"]);
    }

    #[test]
    fn extension_types_live_in_the_extension_schema() {
        let loaded = load(
            "CREATE SCHEMA ext; CREATE EXTENSION citext WITH SCHEMA ext; \
             CREATE TABLE t (a ext.citext, b ext.citext[]);",
        );
        assert_eq!(types(&loaded.schema), ["ext.citext", "ext.citext[]"]);
        let e = refused(
            "CREATE SCHEMA ext; CREATE EXTENSION citext WITH SCHEMA ext; CREATE TABLE t (a citext);",
        );
        assert!(e.contains("write `ext.citext`"), "{e}");
        let loaded = load(
            "CREATE SCHEMA ext; CREATE EXTENSION citext WITH SCHEMA ext; \
             SET search_path = ext, public; CREATE TABLE public.t (a citext);",
        );
        assert_eq!(types(&loaded.schema), ["ext.citext"]);
    }

    #[test]
    fn extension_requirements_and_drops() {
        assert!(refused("CREATE EXTENSION earthdistance;").contains("required extension `cube`"));
        let loaded =
            load("CREATE EXTENSION earthdistance WITH CASCADE; CREATE TABLE t (a earth, b cube);");
        assert_eq!(types(&loaded.schema), ["earth", "cube"]);
        assert!(loaded.schema.domains.keys().any(|d| d.name == "earth"));
        let e =
            refused("CREATE EXTENSION cube; CREATE EXTENSION earthdistance; DROP EXTENSION cube;");
        assert!(e.contains("cannot drop extension `cube`"), "{e}");
        let loaded = load(
            "CREATE EXTENSION earthdistance WITH CASCADE; CREATE TABLE t (id int, a earth, b cube); \
             DROP EXTENSION cube CASCADE;",
        );
        assert_eq!(types(&loaded.schema), ["integer"]);
        assert!(loaded.schema.domains.is_empty());
        assert!(!loaded.schema.extensions.contains_key("earthdistance"));
        let e = refused(
            "CREATE EXTENSION citext; CREATE TYPE contact AS (email citext); DROP EXTENSION citext;",
        );
        assert!(e.contains("attribute `email` of type `contact`"), "{e}");
        let loaded = load(
            "CREATE EXTENSION citext; CREATE TYPE contact AS (name text, email citext); \
             DROP EXTENSION citext CASCADE;",
        );
        let contact = loaded.schema.composites.values().next().unwrap();
        assert_eq!(contact.attributes.len(), 1);
        let loaded = load(
            "CREATE EXTENSION seg; CREATE TYPE segs AS RANGE (subtype = float8); \
             CREATE TYPE seg_range AS RANGE (subtype = seg); \
             CREATE TABLE t (id int, r seg_range, s segs); DROP EXTENSION seg CASCADE;",
        );
        assert_eq!(types(&loaded.schema), ["integer", "segs"]);
        assert_eq!(loaded.schema.ranges.len(), 1);
        let e = refused("CREATE EXTENSION citext; CREATE EXTENSION citext;");
        assert!(e.contains("extension `citext` already exists"), "{e}");
        assert!(refused("DROP EXTENSION citext;").contains("extension `citext` does not exist"));
    }

    #[test]
    fn alter_extension_set_schema_moves_its_types_domains_and_views() {
        let mut loaded = load(
            "CREATE SCHEMA ext; CREATE EXTENSION earthdistance WITH CASCADE; \
             CREATE EXTENSION pg_stat_statements; CREATE EXTENSION citext; \
             CREATE TABLE t (a cube, b earth, c citext[]);",
        );
        let text = "ALTER EXTENSION cube SET SCHEMA ext";
        let statement = crate::source::Statement {
            file: std::sync::Arc::new(crate::diagnostic::SourceFile {
                path: "0002_b.sql".into(),
                text: text.into(),
            }),
            range: 0..text.len(),
        };
        let mut session = crate::model::Session::default();
        let mut apply = |extension: &str, to: &str| {
            crate::model::apply_alter_extension_set_schema(
                &mut loaded.schema,
                &mut session,
                &statement,
                &sqlparser::ast::Ident::new(extension),
                &sqlparser::ast::Ident::new(to),
            )
        };
        apply("cube", "ext").expect("cube is relocatable");
        apply("earthdistance", "ext").expect("earthdistance moves too");
        apply("pg_stat_statements", "ext").expect("and pg_stat_statements");
        let e = apply("citext", "nowhere").unwrap_err();
        assert!(
            e.message.contains("schema `nowhere` does not exist"),
            "{e:?}"
        );
        assert!(apply("nope", "ext").is_err());
        assert_eq!(types(&loaded.schema), ["ext.cube", "ext.earth", "citext[]"]);
        assert!(loaded.schema.domains.keys().all(|d| d.schema == "ext"));
        let dump = crate::Dump::from(&loaded.schema);
        assert!(
            dump.views.iter().all(|v| v.schema == "ext"),
            "{:?}",
            dump.views
        );
    }

    #[test]
    fn an_unknown_extension_warns_and_its_types_are_taken_on_trust() {
        let loaded = load(
            "CREATE EXTENSION IF NOT EXISTS timescaledb; CREATE TABLE t (a int, b some_ext_type);",
        );
        assert_eq!(types(&loaded.schema), ["integer", "some_ext_type"]);
        let warnings: Vec<&str> = loaded.warnings.iter().map(|w| w.message.as_str()).collect();
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("does not know extension `timescaledb`")),
            "{warnings:?}"
        );
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("`some_ext_type` is taken to be one")),
            "{warnings:?}"
        );
        // Dropping it drops the types taken to be its, not those of a known extension.
        let loaded = load(
            "CREATE EXTENSION timescaledb; CREATE EXTENSION citext; \
             CREATE TABLE t (a int, b some_ext_type, c citext); DROP EXTENSION timescaledb CASCADE;",
        );
        assert_eq!(types(&loaded.schema), ["integer", "citext"]);
        // Without any unknown extension, an unknown name is still an error.
        assert!(refused("CREATE TABLE t (b some_ext_type);").contains("does not exist"));
    }

    #[test]
    fn extensions_make_their_tables_and_views() {
        let loaded = load("CREATE EXTENSION postgis; CREATE EXTENSION pg_stat_statements;");
        let dump = crate::Dump::from(&loaded.schema);
        let views: Vec<&str> = dump.views.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(
            views,
            [
                "geography_columns",
                "geometry_columns",
                "pg_stat_statements",
                "pg_stat_statements_info"
            ]
        );
        let srs = dump
            .tables
            .iter()
            .find(|t| t.name == "spatial_ref_sys")
            .unwrap();
        let columns: Vec<(&str, &str, bool)> = srs
            .columns
            .iter()
            .map(|c| (c.name.as_str(), c.ty.as_str(), c.not_null))
            .collect();
        assert_eq!(
            columns,
            [
                ("srid", "integer", true),
                ("auth_name", "character varying(256)", false),
                ("auth_srid", "integer", false),
                ("srtext", "character varying(2048)", false),
                ("proj4text", "character varying(2048)", false),
            ]
        );
        assert_eq!(
            (srs.primary_key.as_deref(), srs.check_count),
            (Some(&["srid".to_string()][..]), 1)
        );
        let loaded = load(
            "CREATE EXTENSION postgis; DROP EXTENSION postgis; CREATE TABLE spatial_ref_sys (id int);",
        );
        assert_eq!(crate::Dump::from(&loaded.schema).views.len(), 0);
    }

    #[test]
    fn third_party_extensions_from_their_sources() {
        let loaded = load(
            "CREATE EXTENSION IF NOT EXISTS vector; CREATE EXTENSION postgis; \
             CREATE TABLE t (a vector(3), b halfvec(2), c geometry, d geography, e box2d);",
        );
        assert_eq!(
            types(&loaded.schema),
            ["vector(3)", "halfvec(2)", "geometry", "geography", "box2d"]
        );
    }
}
