//! Statements sqlparser does not read (or not fully), read here with sqlparser's own
//! parser primitives: the documented pre-pass that closes its known gaps.
//!
//! - `CREATE DOMAIN ... [NOT NULL | NULL | CHECK (...)]`: sqlparser stops at `NOT NULL`.
//! - `ALTER DOMAIN`: not read by sqlparser at all.
//! - `ALTER [MATERIALIZED] VIEW ... RENAME`: sqlparser reads only `ALTER VIEW ... AS`.
//! - `ALTER TABLE` actions sqlparser does not read (`SET SCHEMA`, `ATTACH PARTITION`,
//!   `ALTER COLUMN ... DROP IDENTITY`, `SET STATISTICS`, ...): when sqlparser refuses an
//!   `ALTER TABLE`, each action is read on its own, by sqlparser where it can and by
//!   [`alter_action`] where it cannot. Text is masked rather than cut, so every span
//!   sqlparser reports still counts from the statement's start.
//! - `ALTER TYPE ... SET SCHEMA`, `ALTER EXTENSION ... SET SCHEMA`.
//! - `ALTER INDEX`: sqlparser reads only `ALTER INDEX name RENAME TO new`, not `IF EXISTS`
//!   nor the forms that change storage (`SET TABLESPACE`, `SET (...)`, `ATTACH
//!   PARTITION`, ...), which the model passes over.
//! - Enum labels spelt `E'...'` or `U&'...'` (`CREATE TYPE ... AS ENUM`, `ALTER TYPE ...
//!   ADD VALUE / RENAME VALUE`): sqlparser reads a label as an identifier, which takes
//!   only a plain `'...'` string. When it refuses such a statement, it is read here into
//!   sqlparser's own statement, every label decoded by sqlparser's tokenizer (the decoder
//!   E-strings in CHECK, DEFAULT and COMMENT go through) and located at its token.
//! - `CREATE TABLE t (a, b) AS query`: sqlparser reads a column list only with types;
//!   the names are read here and masked out for sqlparser to read the rest.
//! - `CREATE TABLE t (LIKE s INCLUDING ..., ...)`: sqlparser reads a lone `LIKE s` but
//!   not its options or other columns beside it; the `LIKE` elements are read here and
//!   masked out for sqlparser to read the rest.

use std::ops::Range;

use sqlparser::ast::{
    AlterColumnOperation, AlterTableOperation, AlterType, AlterTypeAddValue,
    AlterTypeAddValuePosition, AlterTypeOperation, AlterTypeRenameValue, CreateExtension,
    CreateTable, DataType, Expr, Ident, ObjectName, Statement, UserDefinedTypeRepresentation,
};
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::keywords::Keyword;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::Token;

use super::Parsed;

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
        if_exists: bool,
        action: ViewAction,
    },
    /// An `ALTER TABLE` that sqlparser refused as a whole, read action by action.
    AlterTable {
        name: ObjectName,
        if_exists: bool,
        /// `ALTER TABLE ONLY`: children and partitions do not follow.
        only: bool,
        actions: Vec<AlterAction>,
    },
    /// `ALTER EXTENSION name SET SCHEMA s`: the extension's types move (the
    /// classification sends only this form of `ALTER EXTENSION` here).
    AlterExtensionSetSchema {
        name: Ident,
        schema: Ident,
    },
    /// `CREATE SEQUENCE [IF NOT EXISTS] name [options]`: sqlparser does not read every
    /// option (`AS integer`, as pg_dump writes it); the model keeps the name and owner.
    CreateSequence {
        name: ObjectName,
        if_not_exists: bool,
        temporary: bool,
        owned_by: Option<ObjectName>,
    },
    /// `ALTER SEQUENCE [IF EXISTS] name ...`.
    AlterSequence {
        name: ObjectName,
        if_exists: bool,
        action: SequenceAction,
    },
    /// `ALTER INDEX [IF EXISTS] name ...`.
    AlterIndex {
        name: ObjectName,
        if_exists: bool,
        action: IndexAction,
    },
    /// `ALTER TYPE name ADD/DROP/ALTER/RENAME ATTRIBUTE ...`, on a composite type.
    AlterAttributes {
        name: ObjectName,
        actions: Vec<AttributeAction>,
    },
    /// `ALTER TYPE name SET SCHEMA s`.
    AlterTypeSetSchema {
        name: ObjectName,
        schema: Ident,
    },
    /// `CREATE TABLE name (column, ...) AS query`: the statement without its list of
    /// column names, and the names.
    CreateTableAs {
        create: Box<CreateTable>,
        columns: Vec<Ident>,
    },
    /// A `CREATE TABLE` with `LIKE` elements, or PostgreSQL 18's `[CONSTRAINT name] NOT
    /// NULL column` elements, in its column list.
    CreateTableLike {
        create: Box<CreateTable>,
        likes: Vec<LikeClause>,
        /// The columns a `NOT NULL column` element names, made NOT NULL once the table
        /// (its `LIKE` columns included) exists.
        not_null: Vec<Ident>,
    },
}

/// `LIKE source [INCLUDING | EXCLUDING option] ...` in a column list.
#[derive(Debug, Clone)]
pub struct LikeClause {
    pub source: ObjectName,
    /// How many column definitions come before it: its columns go there.
    pub position: usize,
    pub defaults: bool,
    pub constraints: bool,
    pub identity: bool,
    pub generated: bool,
    pub indexes: bool,
    pub comments: bool,
}

/// One action of an `ALTER TABLE`.
#[derive(Debug, Clone)]
pub enum AlterAction {
    /// An action sqlparser reads.
    Op(AlterTableOperation),
    SetSchema(Ident),
    AttachPartition(ObjectName),
    DetachPartition(ObjectName),
    DropIdentity {
        column: Ident,
        if_exists: bool,
    },
    SetGenerated {
        column: Ident,
        always: bool,
    },
    /// `INHERIT parent`: the table becomes a child of `parent`.
    Inherit(ObjectName),
    /// `NO INHERIT parent`: it no longer is.
    NoInherit(ObjectName),
    /// `ALTER COLUMN c DROP EXPRESSION [IF EXISTS]` (PostgreSQL 13): a stored generated
    /// column becomes an ordinary one, keeping its values.
    DropExpression {
        column: Ident,
        if_exists: bool,
    },
    /// Storage, statistics, clustering, tablespace: nothing the model keeps.
    Neutral,
}

#[derive(Debug, Clone)]
pub enum AttributeAction {
    Add(Ident, DataType),
    Drop { name: Ident, if_exists: bool },
    SetType(Ident, DataType),
    Rename(Ident, Ident),
}

#[derive(Debug, Clone)]
pub enum SequenceAction {
    RenameTo(Ident),
    SetSchema(Ident),
    /// `OWNED BY table.column`, or `OWNED BY NONE` (`None`), with the other options.
    OwnedBy(Option<ObjectName>),
    /// Increment, bounds, cache, restart, owner, logging: nothing the model keeps.
    Other,
}

#[derive(Debug, Clone)]
pub enum IndexAction {
    RenameTo(Ident),
    /// `ATTACH PARTITION index`: a partition's index becomes part of this one.
    AttachPartition(ObjectName),
    /// Tablespace, storage options, statistics, partition attachment, extension
    /// dependency: nothing the model keeps.
    Other,
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
    RenameConstraint(Ident, Ident),
    /// `OWNER TO`, `VALIDATE CONSTRAINT`: nothing the model keeps.
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
                let if_exists = p.parse_keywords(&[Keyword::IF, Keyword::EXISTS]);
                let name = p.parse_object_name(false)?;
                let action = view_action(p)?;
                Ok(Extra::AlterView {
                    name,
                    if_exists,
                    action,
                })
            }))
        }
        ["ALTER", "EXTENSION", ..] => Some(with_parser(text, |p| {
            p.expect_keywords(&[Keyword::ALTER, Keyword::EXTENSION])?;
            let name = p.parse_identifier()?;
            p.expect_keywords(&[Keyword::SET, Keyword::SCHEMA])?;
            let schema = p.parse_identifier()?;
            Ok(Extra::AlterExtensionSetSchema { name, schema })
        })),
        ["ALTER", "INDEX", ..] => Some(with_parser(text, alter_index)),
        ["CREATE", "SEQUENCE", ..]
        | ["CREATE", "TEMP" | "TEMPORARY" | "UNLOGGED", "SEQUENCE", ..] => {
            Some(with_parser(text, create_sequence))
        }
        ["ALTER", "SEQUENCE", ..] => Some(with_parser(text, alter_sequence)),
        ["CREATE", ..] if words_before_paren_end_with_table(text) => create_table_like(text),
        _ => None,
    }
}

/// Reads what sqlparser refused: an `ALTER TABLE` action by action, `ALTER TYPE ... SET
/// SCHEMA`, and enum statements with `E'...'` or `U&'...'` labels. `None` for other
/// statements.
pub fn read_fallback(text: &str, leading: &[&str]) -> Option<Result<Parsed, ParserError>> {
    match leading {
        ["ALTER", "TABLE", ..] => Some(alter_table(text).map(|e| Parsed::Extra(Box::new(e)))),
        ["ALTER", "TYPE", ..] => Some(with_parser(text, alter_type)),
        ["CREATE", "TYPE", ..] if is_create_enum(text) => {
            Some(with_parser(text, create_enum).map(|s| Parsed::Statement(Box::new(s))))
        }
        ["CREATE", ..] if leading.contains(&"TABLE") => create_table_as(text),
        ["CREATE", "EXTENSION", ..] => {
            Some(with_parser(text, create_extension).map(|s| Parsed::Statement(Box::new(s))))
        }
        _ => None,
    }
}

/// `CREATE EXTENSION [IF NOT EXISTS] name [WITH] [SCHEMA s] [VERSION v] [CASCADE]`, its
/// options in any order as PostgreSQL's grammar takes them; sqlparser reads them only
/// after `WITH`, in one order, and a version only as an identifier.
fn create_extension(p: &mut Parser) -> Result<Statement, ParserError> {
    p.expect_keywords(&[Keyword::CREATE, Keyword::EXTENSION])?;
    let if_not_exists = p.parse_keywords(&[Keyword::IF, Keyword::NOT, Keyword::EXISTS]);
    let name = p.parse_identifier()?;
    // `WITH` is optional noise.
    let _ = p.parse_keyword(Keyword::WITH);
    let (mut schema, mut version, mut cascade) = (None, None, false);
    loop {
        if p.parse_keyword(Keyword::SCHEMA) {
            schema = Some(p.parse_identifier()?);
        } else if p.parse_keyword(Keyword::VERSION) {
            version = Some(match p.parse_literal_string() {
                Ok(value) => Ident::new(value),
                Err(_) => p.parse_identifier()?,
            });
        } else if p.parse_keyword(Keyword::CASCADE) {
            cascade = true;
        } else if p.parse_keyword(Keyword::FROM) {
            // `FROM unpackaged`: an upgrade path of PostgreSQL 12 and before.
            p.parse_identifier()?;
        } else {
            break;
        }
    }
    Ok(Statement::CreateExtension(CreateExtension {
        name,
        if_not_exists,
        cascade,
        schema,
        version,
    }))
}

/// `ALTER TYPE ... SET SCHEMA` as [`Extra::AlterTypeSetSchema`]; a composite type's
/// attribute actions as [`Extra::AlterAttributes`]; `ADD VALUE` and `RENAME VALUE` as
/// sqlparser's statement; `OWNER TO` and `SET (...)` (storage, functions) pass over.
fn alter_type(p: &mut Parser) -> Result<Parsed, ParserError> {
    p.expect_keywords(&[Keyword::ALTER, Keyword::TYPE])?;
    let name = p.parse_object_name(false)?;
    if p.parse_keywords(&[Keyword::SET, Keyword::SCHEMA]) {
        let schema = p.parse_identifier()?;
        return Ok(Parsed::Extra(Box::new(Extra::AlterTypeSetSchema {
            name,
            schema,
        })));
    }
    // `OWNER TO role` (a role is a name, `CURRENT_USER`, ...).
    if p.peek_keyword(Keyword::OWNER) && matches!(p.peek_nth_token(2).token, Token::Word(_)) {
        skip_rest(p);
        return Ok(Parsed::Opaque);
    }
    if p.peek_keyword(Keyword::SET) {
        skip_rest(p);
        return Ok(Parsed::Opaque);
    }
    if is_word(&p.peek_nth_token(1).token, "ATTRIBUTE") {
        let actions = p.parse_comma_separated(attribute_action)?;
        return Ok(Parsed::Extra(Box::new(Extra::AlterAttributes {
            name,
            actions,
        })));
    }
    let operation = if p.parse_keywords(&[Keyword::ADD, Keyword::VALUE]) {
        let if_not_exists = p.parse_keywords(&[Keyword::IF, Keyword::NOT, Keyword::EXISTS]);
        let value = enum_label(p)?;
        let position = if p.parse_keyword(Keyword::BEFORE) {
            Some(AlterTypeAddValuePosition::Before(enum_label(p)?))
        } else if p.parse_keyword(Keyword::AFTER) {
            Some(AlterTypeAddValuePosition::After(enum_label(p)?))
        } else {
            None
        };
        AlterTypeOperation::AddValue(AlterTypeAddValue {
            if_not_exists,
            value,
            position,
        })
    } else if p.parse_keywords(&[Keyword::RENAME, Keyword::VALUE]) {
        let from = enum_label(p)?;
        p.expect_keyword_is(Keyword::TO)?;
        let to = enum_label(p)?;
        AlterTypeOperation::RenameValue(AlterTypeRenameValue { from, to })
    } else {
        return p.expected("SET SCHEMA, ADD VALUE or RENAME VALUE", p.peek_token());
    };
    Ok(Parsed::Statement(Box::new(Statement::AlterType(
        AlterType { name, operation },
    ))))
}

/// One attribute action of `ALTER TYPE` on a composite type. `CASCADE`/`RESTRICT` say
/// whether typed tables follow, which the model does not have.
fn attribute_action(p: &mut Parser) -> Result<AttributeAction, ParserError> {
    let action = if parse_words(p, &["RENAME", "ATTRIBUTE"]) {
        let old = p.parse_identifier()?;
        p.expect_keyword_is(Keyword::TO)?;
        AttributeAction::Rename(old, p.parse_identifier()?)
    } else if parse_words(p, &["ADD", "ATTRIBUTE"]) {
        let name = p.parse_identifier()?;
        let data_type = p.parse_data_type()?;
        if p.parse_keyword(Keyword::COLLATE) {
            p.parse_object_name(false)?;
        }
        AttributeAction::Add(name, data_type)
    } else if parse_words(p, &["DROP", "ATTRIBUTE"]) {
        let if_exists = p.parse_keywords(&[Keyword::IF, Keyword::EXISTS]);
        AttributeAction::Drop {
            name: p.parse_identifier()?,
            if_exists,
        }
    } else {
        if !parse_words(p, &["ALTER", "ATTRIBUTE"]) {
            return p.expected("ADD, DROP, ALTER or RENAME ATTRIBUTE", p.peek_token());
        }
        let name = p.parse_identifier()?;
        let _ = p.parse_keywords(&[Keyword::SET, Keyword::DATA]);
        p.expect_keyword_is(Keyword::TYPE)?;
        let data_type = p.parse_data_type()?;
        if p.parse_keyword(Keyword::COLLATE) {
            p.parse_object_name(false)?;
        }
        AttributeAction::SetType(name, data_type)
    };
    let _ = p.parse_one_of_keywords(&[Keyword::CASCADE, Keyword::RESTRICT]);
    Ok(action)
}

/// Whether `token` is the word `word` (one sqlparser has no keyword for), unquoted.
fn is_word(token: &Token, word: &str) -> bool {
    matches!(token, Token::Word(w) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case(word))
}

/// Reads `words` if they come next.
fn parse_words(p: &mut Parser, words: &[&str]) -> bool {
    let next = words
        .iter()
        .enumerate()
        .all(|(i, w)| is_word(&p.peek_nth_token(i).token, w));
    if next {
        for _ in words {
            p.next_token();
        }
    }
    next
}

/// Whether `text` starts `CREATE TYPE name AS ENUM`; other `CREATE TYPE`s sqlparser
/// refused keep its error.
fn is_create_enum(text: &str) -> bool {
    let dialect = PostgreSqlDialect {};
    let Ok(mut p) = Parser::new(&dialect).try_with_sql(text) else {
        return false;
    };
    p.parse_keywords(&[Keyword::CREATE, Keyword::TYPE])
        && p.parse_object_name(false).is_ok()
        && p.parse_keywords(&[Keyword::AS, Keyword::ENUM])
}

/// `CREATE TYPE name AS ENUM ([label, ...])`, as sqlparser's statement.
fn create_enum(p: &mut Parser) -> Result<Statement, ParserError> {
    p.expect_keywords(&[Keyword::CREATE, Keyword::TYPE])?;
    let name = p.parse_object_name(false)?;
    p.expect_keywords(&[Keyword::AS, Keyword::ENUM])?;
    p.expect_token(&Token::LParen)?;
    let labels = p.parse_comma_separated0(enum_label, Token::RParen)?;
    p.expect_token(&Token::RParen)?;
    Ok(Statement::CreateType {
        name,
        representation: Some(UserDefinedTypeRepresentation::Enum { labels }),
    })
}

/// An enum label: a string constant, `'...'`, `E'...'` or `U&'...'` (without `UESCAPE`,
/// which sqlparser does not read), decoded by sqlparser's tokenizer. Quoted with `'` as
/// sqlparser quotes the `'...'` labels it reads itself, and spanning its token.
fn enum_label(p: &mut Parser) -> Result<Ident, ParserError> {
    let token = p.next_token();
    match token.token {
        Token::SingleQuotedString(label)
        | Token::EscapedStringLiteral(label)
        | Token::UnicodeStringLiteral(label) => {
            Ok(Ident::with_quote_and_span('\'', token.span, label))
        }
        _ => p.expected("an enum label (a string constant)", token),
    }
}

/// `text` with everything outside `keep` blanked (newlines kept), so positions in it
/// are positions in `text`.
fn masked(text: &str, keep: &[Range<usize>]) -> String {
    text.char_indices()
        .map(|(i, c)| {
            if c == '\n' || keep.iter().any(|r| r.contains(&i)) {
                c
            } else {
                ' '
            }
        })
        .collect()
}

/// Byte offset of a parser position (1-based line and column) in `text`.
fn offset(text: &str, line: u64, column: u64) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let rest = &text[start..];
    start
        + rest
            .char_indices()
            .nth(column.saturating_sub(1) as usize)
            .map_or(rest.len(), |(i, _)| i)
}

fn alter_table(text: &str) -> Result<Extra, ParserError> {
    let dialect = PostgreSqlDialect {};
    let mut p = Parser::new(&dialect).try_with_sql(text)?;
    p.expect_keywords(&[Keyword::ALTER, Keyword::TABLE])?;
    let if_exists = p.parse_keywords(&[Keyword::IF, Keyword::EXISTS]);
    let only = p.parse_keyword(Keyword::ONLY);
    let name = p.parse_object_name(false)?;
    let _ = p.consume_token(&Token::Mul);
    let first = p.peek_token().span.start;
    let header = 0..offset(text, first.line, first.column);
    // The actions: split at commas outside parentheses.
    let mut actions = Vec::new();
    let mut start = header.end;
    let mut depth = 0usize;
    loop {
        let token = p.next_token();
        let at = offset(text, token.span.start.line, token.span.start.column);
        match token.token {
            Token::LParen | Token::LBracket => depth += 1,
            Token::RParen | Token::RBracket => depth = depth.saturating_sub(1),
            Token::Comma if depth == 0 => {
                actions.push(start..at);
                start = at + 1;
            }
            // The end-of-input token has no position of its own.
            Token::EOF => {
                actions.push(start..text.len());
                break;
            }
            Token::SemiColon => {
                actions.push(start..at.max(start));
                break;
            }
            _ => {}
        }
    }
    let mut read = Vec::new();
    for action in actions {
        let whole = masked(text, &[header.clone(), action.clone()]);
        // The whole action must be read: sqlparser stops at the first word it does not
        // take (`NOT NUL`) and would leave the rest unread.
        let op = Parser::new(&dialect)
            .try_with_sql(&whole)
            .and_then(|mut p| {
                let statement = p.parse_statement()?;
                let _ = p.consume_token(&Token::SemiColon);
                match p.peek_token().token {
                    Token::EOF => Ok(statement),
                    _ => p.expected("the end of this ALTER TABLE action", p.peek_token()),
                }
            });
        match op {
            Ok(Statement::AlterTable(mut alter)) if alter.operations.len() == 1 => {
                read.push(AlterAction::Op(alter.operations.remove(0)));
            }
            Ok(_) => read.push(with_action_parser(&masked(text, &[action]), alter_action)?),
            Err(sqlparser_error) => {
                // Report sqlparser's own error for actions the pre-pass does not know:
                // it says what is wrong with them better than "expected an action".
                let first = text[action.clone()].split_whitespace().next().unwrap_or("");
                let known = [
                    "SET", "RESET", "ATTACH", "DETACH", "ALTER", "CLUSTER", "INHERIT", "NO",
                ]
                .iter()
                .any(|k| first.eq_ignore_ascii_case(k));
                match with_action_parser(&masked(text, &[action]), alter_action) {
                    Ok(a) => read.push(a),
                    Err(e) if known => return Err(e),
                    Err(_) => return Err(sqlparser_error),
                }
            }
        }
    }
    Ok(Extra::AlterTable {
        name,
        if_exists,
        only,
        actions: read,
    })
}

fn with_action_parser(
    text: &str,
    read: impl FnOnce(&mut Parser) -> Result<AlterAction, ParserError>,
) -> Result<AlterAction, ParserError> {
    let dialect = PostgreSqlDialect {};
    let mut parser = Parser::new(&dialect).try_with_sql(text)?;
    let action = read(&mut parser)?;
    match parser.peek_token().token {
        Token::EOF | Token::SemiColon => Ok(action),
        _ => parser.expected("the end of this ALTER TABLE action", parser.peek_token()),
    }
}

/// The `ALTER TABLE` actions sqlparser does not read.
fn alter_action(p: &mut Parser) -> Result<AlterAction, ParserError> {
    if p.parse_keyword(Keyword::ADD) {
        // PostgreSQL 18: `ADD [CONSTRAINT name] NOT NULL column [NO INHERIT] [NOT VALID]`,
        // a named NOT NULL constraint: the column becomes NOT NULL.
        if p.parse_keyword(Keyword::CONSTRAINT) {
            p.parse_identifier()?;
        }
        p.expect_keywords(&[Keyword::NOT, Keyword::NULL])?;
        let column = p.parse_identifier()?;
        let _ = p.parse_keywords(&[Keyword::NO, Keyword::INHERIT]);
        let _ = p.parse_keywords(&[Keyword::NOT, Keyword::VALID]);
        return Ok(AlterAction::Op(AlterTableOperation::AlterColumn {
            column_name: column,
            op: AlterColumnOperation::SetNotNull,
        }));
    }
    if p.parse_keywords(&[Keyword::SET, Keyword::SCHEMA]) {
        return Ok(AlterAction::SetSchema(p.parse_identifier()?));
    }
    if p.parse_keyword(Keyword::INHERIT) {
        return Ok(AlterAction::Inherit(p.parse_object_name(false)?));
    }
    if p.parse_keywords(&[Keyword::NO, Keyword::INHERIT]) {
        return Ok(AlterAction::NoInherit(p.parse_object_name(false)?));
    }
    if p.parse_keywords(&[Keyword::ATTACH, Keyword::PARTITION]) {
        let partition = p.parse_object_name(false)?;
        skip_rest(p);
        return Ok(AlterAction::AttachPartition(partition));
    }
    if p.parse_keywords(&[Keyword::DETACH, Keyword::PARTITION]) {
        let partition = p.parse_object_name(false)?;
        skip_rest(p);
        return Ok(AlterAction::DetachPartition(partition));
    }
    if p.parse_keyword(Keyword::ALTER) {
        let _ = p.parse_keyword(Keyword::COLUMN);
        let column = p.parse_identifier()?;
        if p.parse_keywords(&[Keyword::DROP, Keyword::IDENTITY]) {
            let if_exists = p.parse_keywords(&[Keyword::IF, Keyword::EXISTS]);
            return Ok(AlterAction::DropIdentity { column, if_exists });
        }
        // `EXPRESSION` is no keyword of sqlparser's: the word is compared.
        let expression = matches!(
            &p.peek_nth_token(1).token,
            Token::Word(w) if w.value.eq_ignore_ascii_case("EXPRESSION")
        );
        if expression && p.parse_keyword(Keyword::DROP) {
            let _ = p.next_token();
            let if_exists = p.parse_keywords(&[Keyword::IF, Keyword::EXISTS]);
            return Ok(AlterAction::DropExpression { column, if_exists });
        }
        if p.parse_keywords(&[Keyword::SET, Keyword::GENERATED]) {
            let always = p.parse_keyword(Keyword::ALWAYS);
            if !always {
                p.expect_keywords(&[Keyword::BY, Keyword::DEFAULT])?;
            }
            skip_rest(p);
            return Ok(AlterAction::SetGenerated { column, always });
        }
        // SET STATISTICS, SET STORAGE, SET COMPRESSION, SET (...), RESET (...) and
        // sequence options (RESTART, SET INCREMENT BY ...).
        if p.parse_one_of_keywords(&[Keyword::SET, Keyword::RESET, Keyword::RESTART])
            .is_some()
        {
            skip_rest(p);
            return Ok(AlterAction::Neutral);
        }
        return p.expected("an ALTER COLUMN action", p.peek_token());
    }
    let neutral: &[&[Keyword]] = &[
        &[Keyword::CLUSTER, Keyword::ON],
        &[Keyword::SET, Keyword::WITHOUT],
        &[Keyword::SET, Keyword::TABLESPACE],
        &[Keyword::SET, Keyword::ACCESS, Keyword::METHOD],
        &[Keyword::RESET],
        &[Keyword::SET],
    ];
    for keywords in neutral {
        if p.parse_keywords(keywords) {
            skip_rest(p);
            return Ok(AlterAction::Neutral);
        }
    }
    p.expected("an ALTER TABLE action", p.peek_token())
}

/// Reads past the rest of an action whose details the model does not keep.
fn skip_rest(p: &mut Parser) {
    while !matches!(p.peek_token().token, Token::EOF | Token::SemiColon) {
        let _ = p.next_token();
    }
}

/// `ALTER INDEX [IF EXISTS] name RENAME TO new`, and the forms that change nothing the
/// model keeps. (`ALTER INDEX ALL IN TABLESPACE ...` moves storage only.)
fn alter_index(p: &mut Parser) -> Result<Extra, ParserError> {
    p.expect_keywords(&[Keyword::ALTER, Keyword::INDEX])?;
    if p.peek_keyword(Keyword::ALL) {
        let all = p.next_token();
        skip_rest(p);
        return Ok(Extra::AlterIndex {
            name: ObjectName::from(vec![Ident::with_span(all.span, "all")]),
            if_exists: true,
            action: IndexAction::Other,
        });
    }
    let if_exists = p.parse_keywords(&[Keyword::IF, Keyword::EXISTS]);
    let name = p.parse_object_name(false)?;
    let action = if p.parse_keywords(&[Keyword::RENAME, Keyword::TO]) {
        IndexAction::RenameTo(p.parse_identifier()?)
    } else if p.parse_keywords(&[Keyword::ATTACH, Keyword::PARTITION]) {
        IndexAction::AttachPartition(p.parse_object_name(false)?)
    } else if p
        .parse_one_of_keywords(&[
            Keyword::SET,
            Keyword::RESET,
            Keyword::ALTER,
            Keyword::DEPENDS,
            Keyword::NO,
        ])
        .is_some()
    {
        skip_rest(p);
        IndexAction::Other
    } else {
        return p.expected(
            "RENAME TO, SET, RESET, ALTER, ATTACH PARTITION or DEPENDS ON EXTENSION",
            p.peek_token(),
        );
    };
    Ok(Extra::AlterIndex {
        name,
        if_exists,
        action,
    })
}

/// `CREATE [TEMP | UNLOGGED] SEQUENCE [IF NOT EXISTS] name [option ...]`: the name, and
/// `OWNED BY`; the other options change nothing the model keeps.
fn create_sequence(p: &mut Parser) -> Result<Extra, ParserError> {
    p.expect_keyword_is(Keyword::CREATE)?;
    let temporary = p
        .parse_one_of_keywords(&[Keyword::TEMP, Keyword::TEMPORARY])
        .is_some();
    let _ = p.parse_keyword(Keyword::UNLOGGED);
    p.expect_keyword_is(Keyword::SEQUENCE)?;
    let if_not_exists = p.parse_keywords(&[Keyword::IF, Keyword::NOT, Keyword::EXISTS]);
    let name = p.parse_object_name(false)?;
    let owned_by = sequence_options(p)?.flatten();
    Ok(Extra::CreateSequence {
        name,
        if_not_exists,
        temporary,
        owned_by,
    })
}

/// `ALTER SEQUENCE [IF EXISTS] name` then `RENAME TO`, `SET SCHEMA`, `OWNER TO`, or
/// options (with `OWNED BY` among them).
fn alter_sequence(p: &mut Parser) -> Result<Extra, ParserError> {
    p.expect_keywords(&[Keyword::ALTER, Keyword::SEQUENCE])?;
    let if_exists = p.parse_keywords(&[Keyword::IF, Keyword::EXISTS]);
    let name = p.parse_object_name(false)?;
    let action = if p.parse_keywords(&[Keyword::RENAME, Keyword::TO]) {
        SequenceAction::RenameTo(p.parse_identifier()?)
    } else if p.parse_keywords(&[Keyword::SET, Keyword::SCHEMA]) {
        SequenceAction::SetSchema(p.parse_identifier()?)
    } else if p.parse_keywords(&[Keyword::OWNER, Keyword::TO]) {
        skip_rest(p);
        SequenceAction::Other
    } else {
        match sequence_options(p)? {
            Some(owned_by) => SequenceAction::OwnedBy(owned_by),
            None => SequenceAction::Other,
        }
    };
    Ok(Extra::AlterSequence {
        name,
        if_exists,
        action,
    })
}

/// Reads sequence options to the end, returning `OWNED BY`'s target if there is one
/// (`Some(None)` for `OWNED BY NONE`). Every other option is a keyword with at most a
/// value (`AS integer`, `START WITH 1`, `NO MAXVALUE`, `CACHE 1`, `SET LOGGED`).
fn sequence_options(p: &mut Parser) -> Result<Option<Option<ObjectName>>, ParserError> {
    let mut owned_by = None;
    loop {
        match p.peek_token().token {
            Token::EOF | Token::SemiColon => return Ok(owned_by),
            _ => {}
        }
        if p.parse_keywords(&[Keyword::OWNED, Keyword::BY]) {
            owned_by = Some(if p.parse_keyword(Keyword::NONE) {
                None
            } else {
                Some(p.parse_object_name(false)?)
            });
        } else {
            p.next_token();
        }
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

fn with_parser<T>(
    text: &str,
    read: impl FnOnce(&mut Parser) -> Result<T, ParserError>,
) -> Result<T, ParserError> {
    let dialect = PostgreSqlDialect {};
    let mut parser = Parser::new(&dialect).try_with_sql(text)?;
    let value = read(&mut parser)?;
    // A trailing `;` is optional (the splitter leaves it out).
    let _ = parser.consume_token(&Token::SemiColon);
    match parser.peek_token().token {
        Token::EOF => Ok(value),
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
        let old = p.parse_identifier()?;
        p.expect_keyword_is(Keyword::TO)?;
        return Ok(DomainAction::RenameConstraint(old, p.parse_identifier()?));
    }
    p.expected(
        "SET/DROP NOT NULL, SET/DROP DEFAULT, ADD, DROP CONSTRAINT, RENAME or SET SCHEMA",
        p.peek_token(),
    )
}

/// Whether the words before the statement's first `(` are a `CREATE ... TABLE name`.
fn words_before_paren_end_with_table(text: &str) -> bool {
    let head = text.split('(').next().unwrap_or("").to_ascii_uppercase();
    let words: Vec<&str> = head.split_whitespace().collect();
    words.contains(&"TABLE") && !words.contains(&"AS")
}

/// `CREATE TABLE` with `LIKE` elements, or `None` when it has none.
/// `CREATE [TEMP | UNLOGGED] TABLE [IF NOT EXISTS] name (a, b, ...) AS query`, as
/// [`Extra::CreateTableAs`]; `None` when the statement is not that form.
fn create_table_as(text: &str) -> Option<Result<Parsed, ParserError>> {
    let toks = crate::source::split::tokens(text).ok()?;
    let open = toks.iter().position(|t| &text[t.clone()] == "(")?;
    let mut columns = Vec::new();
    let mut i = open + 1;
    let close = loop {
        let name = toks.get(i)?;
        columns.push(column_name(text, name.clone())?);
        let separator = toks.get(i + 1)?;
        match &text[separator.clone()] {
            ")" => break i + 1,
            "," => i += 2,
            _ => return None,
        }
    };
    let mut masked = text.to_string();
    let list = toks[open].start..toks[close].end;
    masked.replace_range(list.clone(), &" ".repeat(list.len()));
    let dialect = PostgreSqlDialect {};
    let parsed = Parser::new(&dialect)
        .try_with_sql(&masked)
        .and_then(|mut p| p.parse_statement());
    match parsed {
        Ok(Statement::CreateTable(create)) if create.query.is_some() => {
            Some(Ok(Parsed::Extra(Box::new(Extra::CreateTableAs {
                create: Box::new(create),
                columns,
            }))))
        }
        _ => None,
    }
}

/// One name of a column list: a plain word or a quoted identifier, located as sqlparser
/// locates its tokens (1-based line and character column).
fn column_name(text: &str, range: Range<usize>) -> Option<Ident> {
    let token = &text[range.clone()];
    let ident = if let Some(quoted) = token.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        Ident::with_quote('"', quoted.replace("\"\"", "\""))
    } else if token
        .chars()
        .all(|c| c.is_alphanumeric() || c == '_' || c == '$')
        && !token.starts_with(|c: char| c.is_ascii_digit() || c == '$')
    {
        Ident::new(token)
    } else {
        return None;
    };
    let location = |offset: usize| {
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let column = before[before.rfind('\n').map_or(0, |n| n + 1)..]
            .chars()
            .count()
            + 1;
        sqlparser::tokenizer::Location::new(line as u64, column as u64)
    };
    Some(Ident {
        span: sqlparser::tokenizer::Span::new(location(range.start), location(range.end)),
        ..ident
    })
}

fn create_table_like(text: &str) -> Option<Result<Extra, ParserError>> {
    let toks = crate::source::split::tokens(text).ok()?;
    let open = toks.iter().position(|t| &text[t.clone()] == "(")?;
    // The column list's elements (token index ranges), split at top-level commas.
    let mut elements: Vec<Range<usize>> = Vec::new();
    let mut depth = 0usize;
    let mut start = open + 1;
    let mut closed = false;
    for (i, t) in toks.iter().enumerate().skip(open + 1) {
        match &text[t.clone()] {
            "(" | "[" => depth += 1,
            ")" | "]" if depth > 0 => depth -= 1,
            ")" => {
                elements.push(start..i);
                closed = true;
                break;
            }
            "," if depth == 0 => {
                elements.push(start..i);
                start = i + 1;
            }
            _ => {}
        }
    }
    let word = |i: usize| toks.get(i).map_or("", |t| &text[t.clone()]);
    let is_like = |e: &Range<usize>| e.start < e.end && word(e.start).eq_ignore_ascii_case("LIKE");
    // PostgreSQL 18: `[CONSTRAINT name] NOT NULL column [NO INHERIT]` as an element.
    let is_not_null = |e: &Range<usize>| {
        let at = if word(e.start).eq_ignore_ascii_case("CONSTRAINT") {
            e.start + 2
        } else {
            e.start
        };
        at + 1 < e.end
            && word(at).eq_ignore_ascii_case("NOT")
            && word(at + 1).eq_ignore_ascii_case("NULL")
    };
    if !closed || !elements.iter().any(|e| is_like(e) || is_not_null(e)) {
        return None;
    }
    let mut likes = Vec::new();
    let mut not_null = Vec::new();
    let mut keep = vec![0..text.len()];
    let mut columns_before = 0;
    let removed: Vec<bool> = elements
        .iter()
        .map(|e| is_like(e) || is_not_null(e))
        .collect();
    let last_kept = removed.iter().rposition(|r| !r);
    for (n, element) in elements.iter().enumerate() {
        // The comma after this element stays only between two kept elements.
        if n + 1 < elements.len() && (removed[n] || last_kept.is_none_or(|k| k <= n)) {
            let comma = toks[element.end].clone();
            keep = cut(keep, comma);
        }
        if !removed[n] {
            let first = word(element.start).to_ascii_uppercase();
            let is_constraint = matches!(
                first.as_str(),
                "CONSTRAINT" | "PRIMARY" | "UNIQUE" | "CHECK" | "FOREIGN" | "EXCLUDE"
            );
            if element.start < element.end && !is_constraint {
                columns_before += 1;
            }
            continue;
        }
        let span = toks[element.start].start..toks[element.end - 1].end;
        let read = if is_like(element) {
            like_clause(&keep_only(text, &span), columns_before).map(|c| likes.push(c))
        } else {
            with_parser(&keep_only(text, &span), not_null_element).map(|c| not_null.push(c))
        };
        if let Err(e) = read {
            return Some(Err(e));
        }
        keep = cut(keep, span);
    }
    let dialect = PostgreSqlDialect {};
    let masked_text = masked(text, &keep);
    // The rest is read as any other `CREATE TABLE` is, newer column options included.
    let masked_text = super::mask::for_sqlparser(&masked_text, &["CREATE", "TABLE"]);
    let parsed = Parser::new(&dialect)
        .try_with_sql(&masked_text)
        .and_then(|mut p| p.parse_statement());
    Some(match parsed {
        Ok(Statement::CreateTable(create)) => Ok(Extra::CreateTableLike {
            create: Box::new(create),
            likes,
            not_null,
        }),
        Ok(_) => Err(ParserError::ParserError(
            "expected a CREATE TABLE statement".to_string(),
        )),
        Err(e) => Err(e),
    })
}

/// `[CONSTRAINT name] NOT NULL column [NO INHERIT]`: the column.
fn not_null_element(p: &mut Parser) -> Result<Ident, ParserError> {
    if p.parse_keyword(Keyword::CONSTRAINT) {
        p.parse_identifier()?;
    }
    p.expect_keywords(&[Keyword::NOT, Keyword::NULL])?;
    let column = p.parse_identifier()?;
    let _ = p.parse_keywords(&[Keyword::NO, Keyword::INHERIT]);
    Ok(column)
}

/// `text` blanked but for `span`, so parser positions count from the statement's start.
fn keep_only(text: &str, span: &Range<usize>) -> String {
    masked(text, std::slice::from_ref(span))
}

/// `keep` ranges with `remove` taken out.
fn cut(keep: Vec<Range<usize>>, remove: Range<usize>) -> Vec<Range<usize>> {
    keep.into_iter()
        .flat_map(|r| {
            [
                r.start..r.end.min(remove.start),
                r.start.max(remove.end)..r.end,
            ]
            .into_iter()
            .filter(|p| p.start < p.end)
        })
        .collect()
}

fn like_clause(element: &str, position: usize) -> Result<LikeClause, ParserError> {
    let dialect = PostgreSqlDialect {};
    let mut p = Parser::new(&dialect).try_with_sql(element)?;
    p.expect_keyword_is(Keyword::LIKE)?;
    let mut clause = LikeClause {
        source: p.parse_object_name(false)?,
        position,
        defaults: false,
        constraints: false,
        identity: false,
        generated: false,
        indexes: false,
        comments: false,
    };
    while let Some(keyword) = p.parse_one_of_keywords(&[Keyword::INCLUDING, Keyword::EXCLUDING]) {
        let on = keyword == Keyword::INCLUDING;
        // `ALL` is a reserved word, so read the option as a plain word.
        let option = match p.next_token().token {
            Token::Word(word) => word.value.to_ascii_uppercase(),
            _ => return p.expected("a LIKE option", p.peek_token()),
        };
        match option.as_str() {
            "ALL" => {
                clause.defaults = on;
                clause.constraints = on;
                clause.identity = on;
                clause.generated = on;
                clause.indexes = on;
                clause.comments = on;
            }
            "DEFAULTS" => clause.defaults = on,
            "CONSTRAINTS" => clause.constraints = on,
            "IDENTITY" => clause.identity = on,
            "GENERATED" => clause.generated = on,
            "INDEXES" => clause.indexes = on,
            "COMMENTS" => clause.comments = on,
            "STATISTICS" | "STORAGE" | "COMPRESSION" => {}
            _ => return p.expected("a LIKE option", p.peek_token()),
        }
    }
    match p.peek_token().token {
        Token::EOF => Ok(clause),
        _ => p.expected("INCLUDING or EXCLUDING", p.peek_token()),
    }
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
    fn create_table_as_with_column_names() {
        let sql = "CREATE UNLOGGED TABLE IF NOT EXISTS s.t (a, \"B c\",\n  d) AS SELECT 1, 2, 3";
        let Some(Ok(Parsed::Extra(extra))) =
            read_fallback(sql, &["CREATE", "UNLOGGED", "TABLE", "IF"])
        else {
            panic!("read as CREATE TABLE ... AS")
        };
        let Extra::CreateTableAs { create, columns } = *extra else {
            panic!("read as CREATE TABLE ... AS")
        };
        assert!(create.if_not_exists && create.unlogged && create.query.is_some());
        assert_eq!(create.name.to_string(), "s.t");
        let names: Vec<String> = columns.iter().map(|c| c.to_string()).collect();
        assert_eq!(names, ["a", "\"B c\"", "d"]);
        // Located as sqlparser locates tokens: line 2, column 3.
        assert_eq!(
            (columns[2].span.start.line, columns[2].span.start.column),
            (2, 3)
        );
        // A column list with types is not this form; neither is one without `AS`.
        for other in [
            "CREATE TABLE t (a int) AS SELECT 1",
            "CREATE TABLE t (a, b)",
        ] {
            assert!(
                read_fallback(other, &["CREATE", "TABLE"]).is_none(),
                "{other}"
            );
        }
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
