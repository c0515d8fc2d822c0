//! Statements sqlparser does not read (or not fully), read here with sqlparser's own
//! parser primitives: the documented pre-pass that closes its known gaps.
//!
//! - `CREATE DOMAIN ... [NOT NULL | NULL | CHECK (...)]`: sqlparser stops at `NOT NULL`.
//! - `ALTER DOMAIN`: not read by sqlparser at all.

use sqlparser::ast::{DataType, Expr, Ident, ObjectName};
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::keywords::Keyword;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::Token;

/// A statement read by the pre-pass.
#[derive(Debug, Clone)]
pub enum Extra {
    CreateDomain(DomainDef),
    AlterDomain {
        name: ObjectName,
        action: DomainAction,
    },
    /// `ALTER [MATERIALIZED] VIEW`, which sqlparser reads only as `ALTER VIEW ... AS`.
    AlterView {
        name: ObjectName,
        action: ViewAction,
    },
}

#[derive(Debug, Clone)]
pub enum ViewAction {
    RenameTo(Ident),
    RenameColumn(Ident, Ident),
    SetSchema(Ident),
    /// `OWNER TO`, `SET (...)`, `ALTER COLUMN ... SET DEFAULT`: nothing the model keeps.
    Other,
}

#[derive(Debug, Clone)]
pub struct DomainDef {
    pub name: ObjectName,
    pub data_type: DataType,
    pub default: Option<Expr>,
    pub not_null: bool,
    /// `[CONSTRAINT name] CHECK (expr)`, in order.
    pub checks: Vec<(Option<Ident>, Expr)>,
}

#[derive(Debug, Clone)]
pub enum DomainAction {
    SetNotNull,
    DropNotNull,
    SetDefault(Expr),
    DropDefault,
    AddCheck(Option<Ident>, Expr),
    DropConstraint {
        name: Ident,
        if_exists: bool,
    },
    RenameTo(Ident),
    SetSchema(Ident),
    /// `OWNER TO`, `VALIDATE CONSTRAINT`, `RENAME CONSTRAINT`: nothing the model keeps.
    Other,
}

/// Reads `text` if it is a statement of the pre-pass; `None` otherwise.
pub fn read(text: &str, leading: &[&str]) -> Option<Result<Extra, ParserError>> {
    match leading {
        ["CREATE", "DOMAIN", ..] => Some(with_parser(text, |p| {
            p.expect_keywords(&[Keyword::CREATE, Keyword::DOMAIN])?;
            create_domain(p).map(Extra::CreateDomain)
        })),
        ["ALTER", "DOMAIN", ..] => Some(with_parser(text, |p| {
            p.expect_keywords(&[Keyword::ALTER, Keyword::DOMAIN])?;
            let name = p.parse_object_name(false)?;
            let action = domain_action(p)?;
            Ok(Extra::AlterDomain { name, action })
        })),
        ["ALTER", "VIEW", ..] | ["ALTER", "MATERIALIZED", "VIEW", ..] => {
            Some(with_parser(text, |p| {
                p.expect_keyword_is(Keyword::ALTER)?;
                let _ = p.parse_keyword(Keyword::MATERIALIZED);
                p.expect_keyword_is(Keyword::VIEW)?;
                let _ = p.parse_keywords(&[Keyword::IF, Keyword::EXISTS]);
                let name = p.parse_object_name(false)?;
                let action = view_action(p)?;
                Ok(Extra::AlterView { name, action })
            }))
        }
        _ => None,
    }
}

fn view_action(p: &mut Parser) -> Result<ViewAction, ParserError> {
    if p.parse_keywords(&[Keyword::RENAME, Keyword::TO]) {
        return Ok(ViewAction::RenameTo(p.parse_identifier()?));
    }
    if p.parse_keyword(Keyword::RENAME) {
        let _ = p.parse_keyword(Keyword::COLUMN);
        let old = p.parse_identifier()?;
        p.expect_keyword_is(Keyword::TO)?;
        return Ok(ViewAction::RenameColumn(old, p.parse_identifier()?));
    }
    if p.parse_keywords(&[Keyword::SET, Keyword::SCHEMA]) {
        return Ok(ViewAction::SetSchema(p.parse_identifier()?));
    }
    // Everything else ALTER VIEW does (owner, options, column defaults) leaves the
    // view's name and columns as they are; read past it.
    while p.peek_token().token != Token::EOF {
        let _ = p.next_token();
    }
    Ok(ViewAction::Other)
}

fn with_parser(
    text: &str,
    read: impl FnOnce(&mut Parser) -> Result<Extra, ParserError>,
) -> Result<Extra, ParserError> {
    let dialect = PostgreSqlDialect {};
    let mut parser = Parser::new(&dialect).try_with_sql(text)?;
    let extra = read(&mut parser)?;
    // A trailing `;` is optional (the splitter leaves it out).
    let _ = parser.consume_token(&Token::SemiColon);
    match parser.peek_token().token {
        Token::EOF => Ok(extra),
        _ => parser.expected("end of statement", parser.peek_token()),
    }
}

fn create_domain(p: &mut Parser) -> Result<DomainDef, ParserError> {
    let name = p.parse_object_name(false)?;
    // `AS` is optional in `CREATE DOMAIN name [AS] type`.
    let _ = p.parse_keyword(Keyword::AS);
    let data_type = p.parse_data_type()?;
    let mut def = DomainDef {
        name,
        data_type,
        default: None,
        not_null: false,
        checks: Vec::new(),
    };
    loop {
        if p.parse_keyword(Keyword::COLLATE) {
            p.parse_object_name(false)?;
        } else if p.parse_keyword(Keyword::DEFAULT) {
            def.default = Some(p.parse_expr()?);
        } else {
            let constraint_name = if p.parse_keyword(Keyword::CONSTRAINT) {
                Some(p.parse_identifier()?)
            } else {
                None
            };
            if p.parse_keywords(&[Keyword::NOT, Keyword::NULL]) {
                def.not_null = true;
            } else if p.parse_keyword(Keyword::NULL) {
                def.not_null = false;
            } else if p.parse_keyword(Keyword::CHECK) {
                def.checks.push((constraint_name, parenthesized(p)?));
            } else if constraint_name.is_some() {
                return p.expected("NOT NULL, NULL or CHECK", p.peek_token());
            } else {
                return Ok(def);
            }
        }
    }
}

fn parenthesized(p: &mut Parser) -> Result<Expr, ParserError> {
    p.expect_token(&Token::LParen)?;
    let expr = p.parse_expr()?;
    p.expect_token(&Token::RParen)?;
    Ok(expr)
}

fn domain_action(p: &mut Parser) -> Result<DomainAction, ParserError> {
    if p.parse_keywords(&[Keyword::SET, Keyword::NOT, Keyword::NULL]) {
        return Ok(DomainAction::SetNotNull);
    }
    if p.parse_keywords(&[Keyword::DROP, Keyword::NOT, Keyword::NULL]) {
        return Ok(DomainAction::DropNotNull);
    }
    if p.parse_keywords(&[Keyword::SET, Keyword::DEFAULT]) {
        return Ok(DomainAction::SetDefault(p.parse_expr()?));
    }
    if p.parse_keywords(&[Keyword::DROP, Keyword::DEFAULT]) {
        return Ok(DomainAction::DropDefault);
    }
    if p.parse_keyword(Keyword::ADD) {
        let name = if p.parse_keyword(Keyword::CONSTRAINT) {
            Some(p.parse_identifier()?)
        } else {
            None
        };
        if p.parse_keywords(&[Keyword::NOT, Keyword::NULL]) {
            return Ok(DomainAction::SetNotNull);
        }
        p.expect_keyword_is(Keyword::CHECK)?;
        let expr = parenthesized(p)?;
        // `NOT VALID` skips checking existing rows: nothing the model keeps.
        let _ = p.parse_keywords(&[Keyword::NOT, Keyword::VALID]);
        return Ok(DomainAction::AddCheck(name, expr));
    }
    if p.parse_keywords(&[Keyword::DROP, Keyword::CONSTRAINT]) {
        let if_exists = p.parse_keywords(&[Keyword::IF, Keyword::EXISTS]);
        let name = p.parse_identifier()?;
        let _ = p.parse_one_of_keywords(&[Keyword::RESTRICT, Keyword::CASCADE]);
        return Ok(DomainAction::DropConstraint { name, if_exists });
    }
    if p.parse_keywords(&[Keyword::RENAME, Keyword::TO]) {
        return Ok(DomainAction::RenameTo(p.parse_identifier()?));
    }
    if p.parse_keywords(&[Keyword::SET, Keyword::SCHEMA]) {
        return Ok(DomainAction::SetSchema(p.parse_identifier()?));
    }
    if p.parse_keywords(&[Keyword::OWNER, Keyword::TO]) {
        p.parse_identifier()?;
        return Ok(DomainAction::Other);
    }
    if p.parse_keywords(&[Keyword::VALIDATE, Keyword::CONSTRAINT]) {
        p.parse_identifier()?;
        return Ok(DomainAction::Other);
    }
    if p.parse_keywords(&[Keyword::RENAME, Keyword::CONSTRAINT]) {
        p.parse_identifier()?;
        p.expect_keyword_is(Keyword::TO)?;
        p.parse_identifier()?;
        return Ok(DomainAction::Other);
    }
    p.expected(
        "SET/DROP NOT NULL, SET/DROP DEFAULT, ADD, DROP CONSTRAINT, RENAME or SET SCHEMA",
        p.peek_token(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        text.split_whitespace()
            .take(2)
            .map(|w| w.to_uppercase())
            .collect()
    }

    fn read_ok(text: &str) -> Extra {
        let w = words(text);
        let w: Vec<&str> = w.iter().map(String::as_str).collect();
        read(text, &w).unwrap().unwrap()
    }

    #[test]
    fn create_domain_with_not_null_and_checks() {
        let Extra::CreateDomain(d) = read_ok(
            "CREATE DOMAIN email AS citext DEFAULT '' CONSTRAINT email_nn NOT NULL \
             CHECK (VALUE ~ '@') CONSTRAINT short CHECK (length(VALUE) < 255)",
        ) else {
            panic!()
        };
        assert_eq!(d.name.to_string(), "email");
        assert!(d.not_null);
        assert_eq!(d.checks.len(), 2);
        assert!(d.default.is_some());
    }

    #[test]
    fn alter_domain_actions() {
        for (sql, ok) in [
            ("ALTER DOMAIN d SET NOT NULL", true),
            ("ALTER DOMAIN s.d DROP DEFAULT", true),
            (
                "ALTER DOMAIN d ADD CONSTRAINT c CHECK (VALUE > 0) NOT VALID",
                true,
            ),
            ("ALTER DOMAIN d RENAME TO e", true),
            ("ALTER DOMAIN d FROB", false),
        ] {
            let w = words(sql);
            let w: Vec<&str> = w.iter().map(String::as_str).collect();
            assert_eq!(read(sql, &w).unwrap().is_ok(), ok, "{sql}");
        }
    }
}
