//! Column types, and `CREATE TYPE` / `ALTER TYPE` for enums.

use super::*;

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
                    ast::ArrayElemTypeDef::None => return Err(self.unknown_type(data_type, column)),
                };
                let (mut ty, serial) = self.sql_type(schema, inner, column)?;
                if serial {
                    return Err(self.unknown_type(data_type, column));
                }
                ty.array = true;
                Ok((ty, false))
            }
            DataType::SmallInt(_) | DataType::Int2(_) => scalar(B::SmallInt),
            DataType::Int(_) | DataType::Integer(_) | DataType::Int4(_) => scalar(B::Integer),
            DataType::BigInt(_) | DataType::Int8(_) => scalar(B::BigInt),
            DataType::Real | DataType::Float4 => scalar(B::Real),
            DataType::DoublePrecision
            | DataType::Float8
            | DataType::Double(ExactNumberInfo::None) => scalar(B::DoublePrecision),
            DataType::Float(info) => match info {
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
                fields: None,
                precision: p,
            } => scalar(B::Interval(precision(p))),
            DataType::Bit(n) => scalar(B::Bit(n.map_or(1, |n| n as u32))),
            DataType::BitVarying(n) | DataType::VarBit(n) => scalar(B::VarBit(precision(n))),
            DataType::TsVector => scalar(B::TsVector),
            DataType::TsQuery => scalar(B::TsQuery),
            DataType::Custom(name, modifiers) => {
                self.named_type(schema, data_type, name, modifiers, column)
            }
            _ => Err(self.unknown_type(data_type, column)),
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
        let number = |i: usize| modifiers.get(i).and_then(|m| m.trim().parse::<u32>().ok());
        if !explicit_schema || qualified.schema == "pg_catalog" {
            match (qualified.name.as_str(), modifiers.len()) {
                ("serial" | "serial4", 0) => return serial(B::Integer),
                ("bigserial" | "serial8", 0) => return serial(B::BigInt),
                ("smallserial" | "serial2", 0) => return serial(B::SmallInt),
                ("int2", 0) => return scalar(B::SmallInt),
                ("int4", 0) => return scalar(B::Integer),
                ("int8", 0) => return scalar(B::BigInt),
                ("float4", 0) => return scalar(B::Real),
                ("float8", 0) => return scalar(B::DoublePrecision),
                ("bool", 0) => return scalar(B::Boolean),
                ("varchar", _) => return scalar(B::Varchar(number(0))),
                ("bpchar", _) => return scalar(B::Char(number(0).unwrap_or(1))),
                ("timestamptz", _) => {
                    return scalar(B::Timestamp {
                        precision: number(0),
                        with_time_zone: true,
                    });
                }
                ("timetz", _) => {
                    return scalar(B::Time {
                        precision: number(0),
                        with_time_zone: true,
                    });
                }
                ("inet", 0) => return scalar(B::Inet),
                ("cidr", 0) => return scalar(B::Cidr),
                ("macaddr", 0) => return scalar(B::MacAddr),
                ("macaddr8", 0) => return scalar(B::MacAddr8),
                ("money", 0) => return scalar(B::Money),
                ("oid", 0) => return scalar(B::Oid),
                ("xml", 0) => return scalar(B::Xml),
                ("name", 0) => return scalar(B::Name),
                ("varbit", _) => return scalar(B::VarBit(number(0))),
                (range, 0) if RANGE_TYPES.contains(&range) => {
                    let name = RANGE_TYPES
                        .iter()
                        .find(|r| **r == range)
                        .expect("just matched");
                    return scalar(B::Range(name));
                }
                _ => {}
            }
        }
        let user_type = self.resolve(name, |q| {
            schema.enums.contains_key(q)
                || schema.domains.contains_key(q)
                || schema.composites.contains_key(q)
                || schema.ranges.contains_key(q)
        })?;
        if schema.composites.contains_key(&user_type) && modifiers.is_empty() {
            return scalar(B::Composite(user_type));
        }
        if schema.ranges.contains_key(&user_type) && modifiers.is_empty() {
            return scalar(B::UserRange(user_type));
        }
        if schema.enums.contains_key(&user_type) && modifiers.is_empty() {
            return scalar(B::Enum(user_type));
        }
        if schema.domains.contains_key(&user_type) && modifiers.is_empty() {
            return scalar(B::Domain(user_type));
        }
        if EXTENSION_TYPES.contains(&qualified.name.as_str()) {
            return scalar(B::Extension {
                name: qualified.name,
                modifiers: modifiers.iter().map(|m| m.trim().to_string()).collect(),
            });
        }
        Err(self.unknown_type(data_type, column))
    }

    pub(super) fn unknown_type(&self, data_type: &DataType, column: &Ident) -> Diagnostic {
        Diagnostic::error(format!("type `{data_type}` does not exist"))
            .with_span(self.span(column.span))
            .with_label(format!("the type of column `{}`", ident_name(column)))
            .with_hint(
                "create the type (`CREATE TYPE ... AS ENUM`) in an earlier migration, or use \
                 a PostgreSQL built-in type",
            )
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
                return Err(self.unknown_type(&attribute.data_type, &attribute.name));
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
        let name = self.resolve(&at.name, |q| {
            schema.enums.contains_key(q) || schema.composites.contains_key(q)
        })?;
        if let (Some(composite), AlterTypeOperation::Rename(rename)) =
            (schema.composites.get(&name), &at.operation)
        {
            let new_name = QualifiedName::new(name.schema.clone(), ident_name(&rename.new_name));
            if schema.type_exists(&new_name) || schema.tables.contains_key(&new_name) {
                return Err(
                    Diagnostic::duplicate(format!("type `{new_name}` already exists"))
                        .with_span(self.span(rename.new_name.span))
                        .with_hint("pick another name"),
                );
            }
            let mut composite = composite.clone();
            schema.composites.remove(&name);
            composite.name = new_name.clone();
            schema.composites.insert(new_name.clone(), composite);
            domain::rename_type_references(
                schema,
                &BaseType::Composite(name),
                &BaseType::Composite(new_name),
            );
            return Ok(());
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
            AlterTypeOperation::Rename(rename) => {
                let new_name =
                    QualifiedName::new(name.schema.clone(), ident_name(&rename.new_name));
                if schema.type_exists(&new_name) {
                    return Err(
                        Diagnostic::duplicate(format!("type `{new_name}` already exists"))
                            .with_span(self.span(rename.new_name.span))
                            .with_hint("pick another name"),
                    );
                }
                let mut e = schema.enums.remove(&name).expect("looked up above");
                e.name = new_name.clone();
                e.origin = Origin(Some(self.span(rename.new_name.span)));
                schema.enums.insert(new_name.clone(), e);
                domain::rename_type_references(
                    schema,
                    &BaseType::Enum(name),
                    &BaseType::Enum(new_name),
                );
                Ok(())
            }
        }
    }
}
