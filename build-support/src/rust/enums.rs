//! Rust enums for closed sets of SQL strings, of two kinds:
//! - a PostgreSQL enum type (`CREATE TYPE ... AS ENUM`), which sqlx's derive encodes as
//!   that type, variants in PostgreSQL's order (so `Ord` sorts as PostgreSQL does);
//! - a TEXT or VARCHAR column a CHECK limits to a closed set of strings, which encodes
//!   and decodes as text.
//!
//! Every enum has `ALL`, `as_str()`, `Display` and `FromStr` (its error says what was
//! found and what was expected), and serde names equal to the SQL values.
//!
//! Why the text enums implement sqlx's traits by hand: sqlx 0.9's `#[derive(sqlx::Type)]`
//! with `#[sqlx(type_name = "text")]` checks a column with `PgTypeInfo::with_name("text")
//! == column type`, which matches TEXT only (by name; sqlx-postgres `type_info.rs`,
//! `eq_impl`), so a VARCHAR column fails to decode with "mismatched types". The impls
//! below delegate `compatible` to `str`'s, which accepts TEXT, VARCHAR, BPCHAR, NAME and
//! CITEXT, and encode and decode through `&str`.
//!
//! A PostgreSQL enum with no labels (`CREATE TYPE e AS ENUM ()`, which PostgreSQL takes)
//! gets the same hand-written impls, typed by the enum's name: the derive's `match self
//! {}` on `&Self` does not compile for an enum without variants (E0004), while `as_str`
//! and `FromStr`, which the hand-written impls go through, do.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::docs;
use super::names;
use super::options::Resolved;
use super::types::Prelude;

/// One enum to generate.
pub struct EnumSpec<'a> {
    pub ident: Ident,
    /// The values, in order, each once.
    pub values: Vec<&'a str>,
    pub kind: Kind,
    /// Doc lines above the enum.
    pub doc: Vec<String>,
    /// How the error names what was expected: `enum type `mood``, `` `captures.status` ``.
    pub expected: String,
}

pub enum Kind {
    /// `CREATE TYPE ... AS ENUM`, by the name sqlx looks the type up by.
    PgType { type_name: String },
    /// A CHECK-limited text column.
    Text,
}

/// The error type every generated `FromStr` returns, generated once at the top.
pub const PARSE_ERROR: &str = "ParseEnumError";

/// `ParseEnumError`: which value was found, which were expected.
pub fn parse_error_item(prelude: Prelude) -> TokenStream {
    let ident = Ident::new(PARSE_ERROR, proc_macro2::Span::call_site());
    let string = prelude.string();
    quote! {
        /// A string that is none of an enum's SQL values, from the enums' `FromStr`.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct #ident {
            /// What the values belong to: the enum type or the column.
            pub expected: &'static str,
            /// Every value it takes, in order.
            pub values: &'static [&'static str],
            /// The string that matched none of them.
            pub found: #string,
        }

        impl ::std::fmt::Display for #ident {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, "{:?} is not a value of {}", self.found, self.expected)?;
                if self.values.is_empty() {
                    return f.write_str(", which has no values");
                }
                f.write_str("; expected one of ")?;
                for (i, value) in self.values.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{value:?}")?;
                }
                ::std::result::Result::Ok(())
            }
        }

        impl ::std::error::Error for #ident {}
    }
}

/// The enum and its impls. `error_path` is the path of [`PARSE_ERROR`] from the enum's
/// module.
pub fn enum_item(spec: &EnumSpec, options: &Resolved, error_path: &TokenStream) -> TokenStream {
    let ident = &spec.ident;
    let values = &spec.values;
    let owned: Vec<String> = values.iter().map(|v| v.to_string()).collect();
    let variants = names::variant_names(&owned);
    let doc = docs::attrs(&spec.doc);
    let pg_type = matches!(spec.kind, Kind::PgType { .. });
    // sqlx's derive cannot take an enum without variants (see the module docs).
    let derive_sqlx = options.sqlx && pg_type && !values.is_empty();

    let variant_items = variants.iter().zip(values).map(|(variant, value)| {
        let doc = docs::attrs(&[format!("`'{}'`", value.replace('\'', "''"))]);
        let sqlx = derive_sqlx.then(|| quote!(#[sqlx(rename = #value)]));
        let serde = options.serde.then(|| quote!(#[serde(rename = #value)]));
        quote! {
            #doc
            #sqlx
            #serde
            #variant
        }
    });
    let mut derives = vec![
        quote!(Debug),
        quote!(Clone),
        quote!(Copy),
        quote!(PartialEq),
        quote!(Eq),
        quote!(Hash),
    ];
    if pg_type {
        // PostgreSQL sorts enum values in declaration order, as `Ord` on the variants does.
        derives.push(quote!(PartialOrd));
        derives.push(quote!(Ord));
    }
    let mut attrs = Vec::new();
    if let (true, Kind::PgType { type_name }) = (derive_sqlx, &spec.kind) {
        derives.push(quote!(::sqlx::Type));
        attrs.push(quote!(#[sqlx(type_name = #type_name)]));
    }
    if options.serde {
        derives.push(quote!(::serde::Serialize));
        derives.push(quote!(::serde::Deserialize));
    }
    let expected = &spec.expected;
    let sqlx_impls = (options.sqlx && !derive_sqlx).then(|| sqlx_impls(ident, &spec.kind));
    quote! {
        #doc
        #[derive(#(#derives),*)]
        #(#attrs)*
        pub enum #ident {
            #(#variant_items,)*
        }

        impl #ident {
            /// Every value, in order.
            pub const ALL: &'static [Self] = &[#(Self::#variants),*];

            /// The value as SQL spells it.
            pub const fn as_str(self) -> &'static str {
                match self {
                    #(Self::#variants => #values,)*
                }
            }
        }

        impl ::std::fmt::Display for #ident {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for #ident {
            type Err = #error_path;

            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                match s {
                    #(#values => ::std::result::Result::Ok(Self::#variants),)*
                    _ => ::std::result::Result::Err(#error_path {
                        expected: #expected,
                        values: &[#(#values),*],
                        found: s.into(),
                    }),
                }
            }
        }

        #sqlx_impls
    }
}

/// sqlx's traits written by hand, for an enum stored as text or a PostgreSQL enum without
/// labels (see the module docs for why): typed as `kind` says, encoded through
/// `as_str()` and decoded through `FromStr`.
fn sqlx_impls(ident: &Ident, kind: &Kind) -> TokenStream {
    let (type_fns, array_fns) = match kind {
        Kind::Text => (
            quote! {
                fn type_info() -> ::sqlx::postgres::PgTypeInfo {
                    <str as ::sqlx::Type<::sqlx::Postgres>>::type_info()
                }

                fn compatible(ty: &::sqlx::postgres::PgTypeInfo) -> bool {
                    <str as ::sqlx::Type<::sqlx::Postgres>>::compatible(ty)
                }
            },
            quote! {
                fn array_type_info() -> ::sqlx::postgres::PgTypeInfo {
                    <&str as ::sqlx::postgres::PgHasArrayType>::array_type_info()
                }

                fn array_compatible(ty: &::sqlx::postgres::PgTypeInfo) -> bool {
                    <&str as ::sqlx::postgres::PgHasArrayType>::array_compatible(ty)
                }
            },
        ),
        // By name, as sqlx's derive types a PostgreSQL enum.
        Kind::PgType { type_name } => (
            quote! {
                fn type_info() -> ::sqlx::postgres::PgTypeInfo {
                    ::sqlx::postgres::PgTypeInfo::with_name(#type_name)
                }
            },
            quote! {
                fn array_type_info() -> ::sqlx::postgres::PgTypeInfo {
                    ::sqlx::postgres::PgTypeInfo::array_of(#type_name)
                }
            },
        ),
    };
    quote! {
        impl ::sqlx::Type<::sqlx::Postgres> for #ident {
            #type_fns
        }

        impl ::sqlx::postgres::PgHasArrayType for #ident {
            #array_fns
        }

        impl ::sqlx::Encode<'_, ::sqlx::Postgres> for #ident {
            fn encode_by_ref(
                &self,
                buf: &mut ::sqlx::postgres::PgArgumentBuffer,
            ) -> ::std::result::Result<::sqlx::encode::IsNull, ::sqlx::error::BoxDynError> {
                <&str as ::sqlx::Encode<'_, ::sqlx::Postgres>>::encode(self.as_str(), buf)
            }
        }

        impl<'r> ::sqlx::Decode<'r, ::sqlx::Postgres> for #ident {
            fn decode(
                value: ::sqlx::postgres::PgValueRef<'r>,
            ) -> ::std::result::Result<Self, ::sqlx::error::BoxDynError> {
                let text = <&str as ::sqlx::Decode<'r, ::sqlx::Postgres>>::decode(value)?;
                ::std::result::Result::Ok(text.parse()?)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Schema;

    fn spec(values: &[&'static str], kind: Kind) -> EnumSpec<'static> {
        EnumSpec {
            ident: Ident::new("Status", proc_macro2::Span::call_site()),
            values: values.to_vec(),
            kind,
            doc: vec!["A status.".into()],
            expected: "`status`".into(),
        }
    }

    fn render(tokens: TokenStream) -> String {
        prettyplease::unparse(&syn::parse2(tokens).expect("parses"))
    }

    #[test]
    fn odd_values_stay_string_literals() {
        let options = crate::rust::Options {
            serde: true,
            ..Default::default()
        }
        .resolve(&Schema::default())
        .unwrap();
        let values = ["a\"; fn x() {", "*/ #[doc]", "in-progress", "", "\u{202e}x"];
        let code = render(enum_item(
            &spec(
                &values,
                Kind::PgType {
                    type_name: "status".into(),
                },
            ),
            &options,
            &quote!(ParseEnumError),
        ));
        let file = syn::parse_file(&code).unwrap();
        // The enum and its four impls: nothing more came out of the values.
        assert_eq!(file.items.len(), 4, "{code}");
        assert!(
            code.contains(r#"#[serde(rename = "a\"; fn x() {")]"#),
            "{code}"
        );
        assert!(code.contains("InProgress"), "{code}");
        assert!(!code.contains('\u{202e}'), "{code}");
    }

    #[test]
    fn text_enums_implement_sqlx_by_hand_and_pg_enums_derive() {
        let options = crate::rust::Options::default()
            .resolve(&Schema::default())
            .unwrap();
        let text = render(enum_item(&spec(&["a"], Kind::Text), &options, &quote!(E)));
        assert!(
            text.contains("<str as ::sqlx::Type<::sqlx::Postgres>>::compatible(ty)"),
            "{text}"
        );
        assert!(!text.contains("derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ::sqlx::Type)"));
        assert!(
            !text.contains("Ord"),
            "text sorts by the string in SQL: {text}"
        );
        let pg = render(enum_item(
            &spec(
                &["a"],
                Kind::PgType {
                    type_name: "s".into(),
                },
            ),
            &options,
            &quote!(E),
        ));
        assert!(
            pg.contains("::sqlx::Type)]\n#[sqlx(type_name = \"s\")]"),
            "{pg}"
        );
        assert!(pg.contains("#[sqlx(rename = \"a\")]"), "{pg}");
        assert!(!pg.contains("serde"), "serde is off by default: {pg}");
    }

    #[test]
    fn an_enum_without_labels_implements_sqlx_by_hand_by_its_name() {
        let options = crate::rust::Options {
            serde: true,
            ..Default::default()
        }
        .resolve(&Schema::default())
        .unwrap();
        let kind = Kind::PgType {
            type_name: "public.e".into(),
        };
        let code = render(enum_item(&spec(&[], kind), &options, &quote!(E)));
        assert!(!code.contains("::sqlx::Type)]"), "{code}");
        assert!(!code.contains("#[sqlx("), "{code}");
        for expected in [
            "pub enum Status {}",
            "pub const ALL: &'static [Self] = &[];",
            "match self {}",
            "::sqlx::postgres::PgTypeInfo::with_name(\"public.e\")",
            "::sqlx::postgres::PgTypeInfo::array_of(\"public.e\")",
            "<&str as ::sqlx::Encode<'_, ::sqlx::Postgres>>::encode(self.as_str(), buf)",
            "::std::result::Result::Ok(text.parse()?)",
            "::serde::Serialize,",
            "::serde::Deserialize\n",
        ] {
            assert!(code.contains(expected), "{expected}:\n{code}");
        }
        // `FromStr` has no value to match: every string is an error.
        assert!(
            code.contains(
                "match s {\n            _ => {\n                ::std::result::Result::Err(E {"
            ),
            "{code}"
        );
    }

    #[test]
    fn the_parse_error_says_when_there_are_no_values() {
        let code = render(parse_error_item(Prelude { full_paths: false }));
        assert!(code.contains("\", which has no values\""), "{code}");
    }
}
