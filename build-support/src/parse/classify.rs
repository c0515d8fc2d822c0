//! What can change the model is decided from a statement's head (its leading keywords),
//! not from whether sqlparser reads it: one table, [`TABLE`], with a row for every
//! command of PostgreSQL's SQL command list (<https://www.postgresql.org/docs/15/sql-commands.html>)
//! and the forms PostgreSQL 16 to 18 added.
//!
//! A row is [`Rule::Modelled`] (the statement must be understood: by sqlparser, by the
//! pre-pass in [`super::extra`] or by a partial read), [`Rule::Pass`] with the class that
//! says why it cannot change what schemagen models, or [`Rule::By`] when the class
//! depends on more than the head (`ALTER INDEX x RENAME TO` renames a modelled index,
//! `ALTER INDEX x SET (fillfactor = 70)` changes nothing modelled). A head the table does
//! not know is modelled: never dropped silently.
//!
//! [`alter_table`] does the same for each action of an `ALTER TABLE`, so the actions that
//! change nothing modelled are blanked out before sqlparser reads the rest.
//!
//! Reading a head allocates nothing: words are slices of the statement, compared without
//! regard to case.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

use crate::source::split::tokens;

/// Why a statement cannot change what schemagen models (tables, columns, constraints,
/// indexes, types, domains, views, schemas, comments on tables and columns).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PassOver {
    Routines,
    Triggers,
    Rules,
    Privileges,
    Ownership,
    Roles,
    Statistics,
    Sequences,
    Policies,
    SecurityLabels,
    Maintenance,
    Data,
    Transaction,
    Session,
    Replication,
    ForeignData,
    TextSearch,
    EventTriggers,
    TypeSupport,
    Extensions,
    Comments,
    Storage,
    ConstraintChecking,
    Databases,
}

impl PassOver {
    /// Every class, in the order the census lists them.
    pub const ALL: [PassOver; 24] = [
        PassOver::Data,
        PassOver::Routines,
        PassOver::Triggers,
        PassOver::Rules,
        PassOver::Privileges,
        PassOver::Ownership,
        PassOver::Roles,
        PassOver::Statistics,
        PassOver::Sequences,
        PassOver::Policies,
        PassOver::SecurityLabels,
        PassOver::Maintenance,
        PassOver::Transaction,
        PassOver::Session,
        PassOver::Replication,
        PassOver::ForeignData,
        PassOver::TextSearch,
        PassOver::EventTriggers,
        PassOver::TypeSupport,
        PassOver::Extensions,
        PassOver::Comments,
        PassOver::Storage,
        PassOver::ConstraintChecking,
        PassOver::Databases,
    ];

    /// The class's short name, as the census prints it.
    pub fn name(self) -> &'static str {
        match self {
            PassOver::Routines => "routines",
            PassOver::Triggers => "triggers",
            PassOver::Rules => "rules",
            PassOver::Privileges => "privileges",
            PassOver::Ownership => "ownership",
            PassOver::Roles => "roles",
            PassOver::Statistics => "statistics",
            PassOver::Sequences => "sequences",
            PassOver::Policies => "row security",
            PassOver::SecurityLabels => "security labels",
            PassOver::Maintenance => "maintenance",
            PassOver::Data => "data",
            PassOver::Transaction => "transaction control",
            PassOver::Session => "session",
            PassOver::Replication => "replication",
            PassOver::ForeignData => "foreign data",
            PassOver::TextSearch => "text search",
            PassOver::EventTriggers => "event triggers",
            PassOver::TypeSupport => "type support",
            PassOver::Extensions => "extension upkeep",
            PassOver::Comments => "other comments",
            PassOver::Storage => "storage",
            PassOver::ConstraintChecking => "constraint checking",
            PassOver::Databases => "databases",
        }
    }

    /// Why statements of this class cannot change what schemagen models.
    pub fn reason(self) -> &'static str {
        match self {
            PassOver::Routines => {
                "functions, procedures and aggregates: their bodies run later, and the model \
                 keeps no signatures yet (calls that run dynamic SQL are noted by the replay)"
            }
            PassOver::Triggers => "triggers run code on data changes; they add no columns or types",
            PassOver::Rules => {
                "rules other than `ON SELECT` rewrite data changes; an `ON SELECT` rule \
                 (which turns a table into a view before PostgreSQL 16) is modelled"
            }
            PassOver::Privileges => {
                "grants and default privileges say who may do what, not what exists"
            }
            PassOver::Ownership => {
                "owners (`OWNER TO`, `REASSIGN OWNED`, `DROP OWNED` of the roles other than the \
                 migrating one) say who owns an object, not what it holds"
            }
            PassOver::Roles => "roles and users live in the cluster, outside any schema",
            PassOver::Statistics => "extended statistics guide the planner only",
            PassOver::Sequences => {
                "a sequence's options (increment, bounds, cache, restart, logging) change no \
                 name, owner or default the model keeps"
            }
            PassOver::Policies => {
                "row security policies filter rows, they do not change their shape"
            }
            PassOver::SecurityLabels => {
                "security labels are for label providers, not for the schema"
            }
            PassOver::Maintenance => {
                "VACUUM, ANALYZE, CLUSTER, REINDEX, CHECKPOINT and REFRESH MATERIALIZED VIEW \
                 work on stored data"
            }
            PassOver::Data => {
                "data changes and queries (INSERT, UPDATE, DELETE, MERGE, COPY, TRUNCATE, \
                 SELECT without INTO, VALUES) change rows, not the schema"
            }
            PassOver::Transaction => {
                "transaction control groups statements, it changes nothing itself"
            }
            PassOver::Session => {
                "session settings other than `search_path`, cursors, prepared statements, \
                 LISTEN/NOTIFY, EXPLAIN and psql's meta-commands (`\\restrict`, `\\connect`, \
                 `\\set`, ...) last for the connection only"
            }
            PassOver::Replication => "publications and subscriptions copy rows between servers",
            PassOver::ForeignData => {
                "foreign servers, wrappers, user mappings and foreign tables: PostgreSQL's \
                 catalog lists only ordinary and partitioned tables as the schema's tables"
            }
            PassOver::TextSearch => "text search configurations serve functions, not columns",
            PassOver::EventTriggers => "event triggers run code on DDL; they hold no data",
            PassOver::TypeSupport => {
                "casts, operators and their classes and families, collations, conversions, \
                 languages, transforms and access methods work on types, they make none"
            }
            PassOver::Extensions => {
                "an extension's version and members: the types an extension adds come with \
                 `CREATE EXTENSION`"
            }
            PassOver::Comments => "comments on objects other than tables and columns are not kept",
            PassOver::Storage => {
                "how and where rows and indexes are stored (tablespaces, storage parameters, \
                 statistics targets, compression, clustering, logging, access methods, index \
                 partitions, a table's composite type): no column or key changes"
            }
            PassOver::ConstraintChecking => {
                "when a constraint is checked (`DEFERRABLE`, `INITIALLY ...`) and whether \
                 existing rows were checked (`VALIDATE`), not which constraints exist"
            }
            PassOver::Databases => {
                "databases and tablespaces are cluster objects, outside any schema"
            }
        }
    }
}

impl fmt::Display for PassOver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What a statement is, for the replay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// It can change the model and must be understood.
    Modelled,
    /// It cannot change the model; it is passed over without being parsed.
    PassedOver(PassOver),
}

/// A row's rule.
#[derive(Clone, Copy)]
pub enum Rule {
    Modelled,
    Pass(PassOver),
    /// The class depends on more than the head: decided from the statement's text.
    By(fn(&str) -> Class),
}

/// One row of the table: a head (leading keywords, after [`Head::of`] left out the
/// optional words) and its rule. The longest matching head wins.
pub struct Row {
    pub head: &'static [&'static str],
    pub rule: Rule,
}

const fn m(head: &'static [&'static str]) -> Row {
    Row {
        head,
        rule: Rule::Modelled,
    }
}

const fn p(head: &'static [&'static str], class: PassOver) -> Row {
    Row {
        head,
        rule: Rule::Pass(class),
    }
}

const fn by(head: &'static [&'static str], decide: fn(&str) -> Class) -> Row {
    Row {
        head,
        rule: Rule::By(decide),
    }
}

use PassOver::*;

/// Every command of PostgreSQL's SQL command list, by head. `CREATE OR REPLACE`,
/// `CREATE [GLOBAL | LOCAL] [TEMP | TEMPORARY | UNLOGGED]`, `CREATE UNIQUE INDEX`,
/// `CREATE CONSTRAINT TRIGGER`, `CREATE [TRUSTED] [PROCEDURAL] LANGUAGE`, `CREATE
/// RECURSIVE VIEW` and `CREATE DEFAULT CONVERSION` are matched without their optional
/// words.
#[rustfmt::skip]
pub static TABLE: &[Row] = &[
    // Tables, columns, constraints, indexes.
    m(&["CREATE", "TABLE"]),
    m(&["ALTER", "TABLE"]),
    m(&["DROP", "TABLE"]),
    m(&["CREATE", "INDEX"]),
    by(&["ALTER", "INDEX"], alter_index),
    m(&["DROP", "INDEX"]),
    by(&["SELECT"], select),
    by(&["WITH"], select),
    m(&["LOCK"]),
    // Types, domains, views, schemas, extensions.
    m(&["CREATE", "TYPE"]),
    m(&["ALTER", "TYPE"]),
    m(&["DROP", "TYPE"]),
    m(&["CREATE", "DOMAIN"]),
    m(&["ALTER", "DOMAIN"]),
    m(&["DROP", "DOMAIN"]),
    m(&["CREATE", "VIEW"]),
    m(&["ALTER", "VIEW"]),
    m(&["DROP", "VIEW"]),
    m(&["CREATE", "MATERIALIZED", "VIEW"]),
    m(&["ALTER", "MATERIALIZED", "VIEW"]),
    m(&["DROP", "MATERIALIZED", "VIEW"]),
    m(&["CREATE", "SCHEMA"]),
    by(&["ALTER", "SCHEMA"], alter_schema),
    m(&["DROP", "SCHEMA"]),
    m(&["CREATE", "EXTENSION"]),
    by(&["ALTER", "EXTENSION"], alter_extension),
    m(&["DROP", "EXTENSION"]),
    by(&["CREATE", "RULE"], create_rule),
    by(&["COMMENT"], comment_on),
    m(&["DO"]),
    // Session settings: `search_path` decides where names resolve.
    by(&["SET"], set),
    by(&["RESET"], reset),
    by(&["ALTER", "DATABASE"], alter_database),
    // Routines.
    p(&["CREATE", "FUNCTION"], Routines),
    p(&["ALTER", "FUNCTION"], Routines),
    by(&["DROP", "FUNCTION"], drop_function),
    p(&["CREATE", "PROCEDURE"], Routines),
    p(&["ALTER", "PROCEDURE"], Routines),
    p(&["DROP", "PROCEDURE"], Routines),
    p(&["ALTER", "ROUTINE"], Routines),
    p(&["DROP", "ROUTINE"], Routines),
    p(&["CREATE", "AGGREGATE"], Routines),
    p(&["ALTER", "AGGREGATE"], Routines),
    p(&["DROP", "AGGREGATE"], Routines),
    p(&["CALL"], Routines),
    // Triggers and rules.
    p(&["CREATE", "TRIGGER"], Triggers),
    p(&["ALTER", "TRIGGER"], Triggers),
    p(&["DROP", "TRIGGER"], Triggers),
    p(&["ALTER", "RULE"], Rules),
    p(&["DROP", "RULE"], Rules),
    p(&["CREATE", "EVENT", "TRIGGER"], EventTriggers),
    p(&["ALTER", "EVENT", "TRIGGER"], EventTriggers),
    p(&["DROP", "EVENT", "TRIGGER"], EventTriggers),
    // Privileges, owners, roles.
    p(&["GRANT"], Privileges),
    p(&["REVOKE"], Privileges),
    p(&["ALTER", "DEFAULT", "PRIVILEGES"], Privileges),
    p(&["ALTER", "LARGE", "OBJECT"], Privileges),
    p(&["REASSIGN", "OWNED"], Ownership),
    p(&["DROP", "OWNED"], Ownership),
    p(&["CREATE", "ROLE"], Roles),
    p(&["ALTER", "ROLE"], Roles),
    p(&["DROP", "ROLE"], Roles),
    p(&["CREATE", "USER"], Roles),
    p(&["ALTER", "USER"], Roles),
    p(&["DROP", "USER"], Roles),
    p(&["CREATE", "GROUP"], Roles),
    p(&["ALTER", "GROUP"], Roles),
    p(&["DROP", "GROUP"], Roles),
    p(&["CREATE", "USER", "MAPPING"], ForeignData),
    p(&["ALTER", "USER", "MAPPING"], ForeignData),
    p(&["DROP", "USER", "MAPPING"], ForeignData),
    // Statistics, sequences, policies, labels.
    p(&["CREATE", "STATISTICS"], Statistics),
    p(&["ALTER", "STATISTICS"], Statistics),
    p(&["DROP", "STATISTICS"], Statistics),
    // A sequence's name is a relation's, and a column default may call it: the model
    // keeps sequences (read by the pre-pass in every form pg_dump writes).
    m(&["CREATE", "SEQUENCE"]),
    by(&["ALTER", "SEQUENCE"], alter_sequence),
    m(&["DROP", "SEQUENCE"]),
    p(&["CREATE", "POLICY"], Policies),
    p(&["ALTER", "POLICY"], Policies),
    p(&["DROP", "POLICY"], Policies),
    p(&["SECURITY", "LABEL"], SecurityLabels),
    // Maintenance.
    p(&["VACUUM"], Maintenance),
    p(&["ANALYZE"], Maintenance),
    p(&["ANALYSE"], Maintenance),
    p(&["CLUSTER"], Maintenance),
    p(&["REINDEX"], Maintenance),
    p(&["CHECKPOINT"], Maintenance),
    p(&["REFRESH", "MATERIALIZED", "VIEW"], Maintenance),
    // Data.
    p(&["INSERT"], Data),
    p(&["UPDATE"], Data),
    p(&["DELETE"], Data),
    p(&["MERGE"], Data),
    p(&["COPY"], Data),
    p(&["TRUNCATE"], Data),
    p(&["VALUES"], Data),
    p(&["TABLE"], Data),
    // Transaction control.
    p(&["BEGIN"], Transaction),
    p(&["START", "TRANSACTION"], Transaction),
    p(&["COMMIT"], Transaction),
    p(&["END"], Transaction),
    p(&["ABORT"], Transaction),
    p(&["ROLLBACK"], Transaction),
    p(&["SAVEPOINT"], Transaction),
    p(&["RELEASE"], Transaction),
    p(&["PREPARE", "TRANSACTION"], Transaction),
    // Session.
    p(&["SHOW"], Session),
    p(&["DISCARD"], Session),
    p(&["LOAD"], Session),
    p(&["LISTEN"], Session),
    p(&["UNLISTEN"], Session),
    p(&["NOTIFY"], Session),
    p(&["PREPARE"], Session),
    p(&["EXECUTE"], Session),
    p(&["DEALLOCATE"], Session),
    p(&["DECLARE"], Session),
    p(&["FETCH"], Session),
    p(&["MOVE"], Session),
    p(&["CLOSE"], Session),
    p(&["EXPLAIN"], Session),
    p(&["ALTER", "SYSTEM"], Session),
    // psql's meta-commands, as `pg_dump` and hand-written scripts hold them: psql runs
    // them itself (the server never sees them). Those that run other SQL (`\i`, `\ir`,
    // `\include`, `\gexec`) or choose what runs (`\if`) are not listed, so they are
    // refused with their place and a hint.
    p(&["\\restrict"], Session),
    p(&["\\unrestrict"], Session),
    p(&["\\connect"], Session),
    p(&["\\c"], Session),
    p(&["\\set"], Session),
    p(&["\\unset"], Session),
    p(&["\\echo"], Session),
    p(&["\\qecho"], Session),
    p(&["\\warn"], Session),
    p(&["\\pset"], Session),
    p(&["\\timing"], Session),
    p(&["\\encoding"], Session),
    p(&["\\conninfo"], Session),
    p(&["\\copy"], Data),
    // Replication.
    p(&["CREATE", "PUBLICATION"], Replication),
    p(&["ALTER", "PUBLICATION"], Replication),
    p(&["DROP", "PUBLICATION"], Replication),
    p(&["CREATE", "SUBSCRIPTION"], Replication),
    p(&["ALTER", "SUBSCRIPTION"], Replication),
    p(&["DROP", "SUBSCRIPTION"], Replication),
    // Foreign data.
    p(&["CREATE", "SERVER"], ForeignData),
    p(&["ALTER", "SERVER"], ForeignData),
    p(&["DROP", "SERVER"], ForeignData),
    p(&["CREATE", "FOREIGN", "DATA", "WRAPPER"], ForeignData),
    p(&["ALTER", "FOREIGN", "DATA", "WRAPPER"], ForeignData),
    p(&["DROP", "FOREIGN", "DATA", "WRAPPER"], ForeignData),
    p(&["CREATE", "FOREIGN", "TABLE"], ForeignData),
    p(&["ALTER", "FOREIGN", "TABLE"], ForeignData),
    p(&["DROP", "FOREIGN", "TABLE"], ForeignData),
    p(&["IMPORT", "FOREIGN", "SCHEMA"], ForeignData),
    // Text search.
    p(&["CREATE", "TEXT", "SEARCH"], TextSearch),
    p(&["ALTER", "TEXT", "SEARCH"], TextSearch),
    p(&["DROP", "TEXT", "SEARCH"], TextSearch),
    // Type support.
    p(&["CREATE", "CAST"], TypeSupport),
    p(&["DROP", "CAST"], TypeSupport),
    p(&["CREATE", "OPERATOR"], TypeSupport),
    p(&["ALTER", "OPERATOR"], TypeSupport),
    p(&["DROP", "OPERATOR"], TypeSupport),
    p(&["CREATE", "COLLATION"], TypeSupport),
    p(&["ALTER", "COLLATION"], TypeSupport),
    p(&["DROP", "COLLATION"], TypeSupport),
    p(&["CREATE", "CONVERSION"], TypeSupport),
    p(&["ALTER", "CONVERSION"], TypeSupport),
    p(&["DROP", "CONVERSION"], TypeSupport),
    p(&["CREATE", "LANGUAGE"], TypeSupport),
    p(&["ALTER", "LANGUAGE"], TypeSupport),
    p(&["DROP", "LANGUAGE"], TypeSupport),
    p(&["CREATE", "TRANSFORM"], TypeSupport),
    p(&["DROP", "TRANSFORM"], TypeSupport),
    p(&["CREATE", "ACCESS", "METHOD"], TypeSupport),
    p(&["DROP", "ACCESS", "METHOD"], TypeSupport),
    // Databases and tablespaces.
    p(&["CREATE", "DATABASE"], Databases),
    p(&["DROP", "DATABASE"], Databases),
    p(&["CREATE", "TABLESPACE"], Databases),
    p(&["ALTER", "TABLESPACE"], Databases),
    p(&["DROP", "TABLESPACE"], Databases),
];

/// The most words a head in [`TABLE`] has.
const HEAD_WORDS: usize = 4;

/// A statement's leading keywords, without the optional words [`TABLE`] leaves out.
#[derive(Debug, Clone, Copy, Default)]
pub struct Head<'a> {
    words: [&'a str; HEAD_WORDS],
    len: usize,
}

impl<'a> Head<'a> {
    /// Reads the head of `text`: its leading words (letters, digits and `_`), comments
    /// and whitespace skipped, up to the first other character.
    pub fn of(text: &'a str) -> Head<'a> {
        let mut words = Words {
            text,
            at: 0,
            first: true,
        };
        let mut head = Head::default();
        let Some(first) = words.next() else {
            return head;
        };
        head.push(first);
        let mut next = words.next();
        if first.eq_ignore_ascii_case("CREATE") {
            if next.is_some_and(|w| w.eq_ignore_ascii_case("OR")) {
                // `OR REPLACE`
                let _ = words.next();
                next = words.next();
            }
            let optional = [
                "GLOBAL",
                "LOCAL",
                "TEMP",
                "TEMPORARY",
                "UNLOGGED",
                "UNIQUE",
                "TRUSTED",
                "PROCEDURAL",
                "RECURSIVE",
            ];
            while let Some(w) = next {
                let constraint_trigger = w.eq_ignore_ascii_case("CONSTRAINT");
                let default_conversion = w.eq_ignore_ascii_case("DEFAULT");
                if optional.iter().any(|o| w.eq_ignore_ascii_case(o))
                    || constraint_trigger
                    || default_conversion
                {
                    next = words.next();
                } else {
                    break;
                }
            }
        }
        while let Some(w) = next {
            if head.len == HEAD_WORDS {
                break;
            }
            head.push(w);
            next = words.next();
        }
        head
    }

    fn push(&mut self, word: &'a str) {
        self.words[self.len] = word;
        self.len += 1;
    }

    /// The words, as written.
    pub fn words(&self) -> &[&'a str] {
        &self.words[..self.len]
    }

    /// Whether the head starts with `keywords` (upper case), in any case.
    pub fn starts_with(&self, keywords: &[&str]) -> bool {
        keywords.len() <= self.len
            && keywords
                .iter()
                .zip(self.words())
                .all(|(k, w)| w.eq_ignore_ascii_case(k))
    }
}

/// The leading words of a text, comments and whitespace skipped; stops at the first
/// character that is not part of a word.
struct Words<'a> {
    text: &'a str,
    at: usize,
    /// Whether no word has been read yet.
    first: bool,
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let bytes = self.text.as_bytes();
        loop {
            let rest = &bytes[self.at.min(bytes.len())..];
            match rest {
                [b, ..] if b.is_ascii_whitespace() => self.at += 1,
                [b'-', b'-', ..] => {
                    self.at = self.text[self.at..]
                        .find('\n')
                        .map_or(bytes.len(), |n| self.at + n + 1);
                }
                [b'/', b'*', ..] => {
                    // Block comments nest in PostgreSQL.
                    let mut depth = 0usize;
                    let mut i = self.at;
                    while i < bytes.len() {
                        if bytes[i..].starts_with(b"/*") {
                            depth += 1;
                            i += 2;
                        } else if bytes[i..].starts_with(b"*/") {
                            depth -= 1;
                            i += 2;
                            if depth == 0 {
                                break;
                            }
                        } else {
                            i += 1;
                        }
                    }
                    self.at = i;
                }
                _ => break,
            }
        }
        let start = self.at;
        // A psql meta-command's name keeps its backslash (`\restrict`), so no SQL word
        // can match its row.
        let backslash = usize::from(self.first && bytes.get(start) == Some(&b'\\'));
        self.first = false;
        let len = bytes[(start + backslash).min(bytes.len())..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
            .count();
        if len == 0 {
            return None;
        }
        self.at = start + backslash + len;
        Some(&self.text[start..self.at])
    }
}

/// The row of [`TABLE`] for a head: the longest that matches, if any.
pub fn row_of(head: &Head) -> Option<&'static Row> {
    let words = head.words();
    let first = words.first()?.to_ascii_uppercase();
    let two = words
        .get(1)
        .map(|second| format!("{first} {}", second.to_ascii_uppercase()));
    let mut best: Option<&'static Row> = None;
    for row in rows_starting(&first)
        .iter()
        .chain(two.as_deref().map_or(&[][..], rows_starting))
    {
        if head.starts_with(row.head) && best.is_none_or(|b| b.head.len() < row.head.len()) {
            best = Some(row);
        }
    }
    best
}

/// The rows of [`TABLE`] whose head is the one word `key`, or starts with the two words
/// `key` (in upper case, one space between): every statement is classified, so the
/// table is indexed once, not scanned whole.
fn rows_starting(key: &str) -> &'static [&'static Row] {
    static INDEX: std::sync::OnceLock<BTreeMap<String, Vec<&'static Row>>> =
        std::sync::OnceLock::new();
    let index = INDEX.get_or_init(|| {
        let mut index: BTreeMap<String, Vec<&'static Row>> = BTreeMap::new();
        for row in TABLE {
            // psql's meta-commands are written in lower case; the key is in upper case.
            let key = row.head[..row.head.len().min(2)].join(" ");
            index.entry(key.to_ascii_uppercase()).or_default().push(row);
        }
        index
    });
    index.get(key).map_or(&[], Vec::as_slice)
}

/// Classifies a statement by its head.
pub fn classify(text: &str, head: &Head) -> Class {
    match row_of(head).map(|r| r.rule) {
        Some(Rule::Pass(class)) => Class::PassedOver(class),
        Some(Rule::By(decide)) => decide(text),
        // Known to change the model, or not known at all: never dropped silently.
        Some(Rule::Modelled) | None => Class::Modelled,
    }
}

/// The class of a statement known only in part (an `EXECUTE` of SQL made from data, read
/// by [`crate::model::guard::template`]): `Some` only when it is passed over whatever the
/// data fills in. A `complete` text (data fills only identifiers and literals) is
/// classified as any statement is; of a text cut short, only a head whose row passes it
/// over by its words alone counts, when every word of that head is whole and no longer
/// head begins with it, so what follows cannot change the class.
pub fn passed_over_whatever_follows(text: &str, complete: bool) -> Option<PassOver> {
    let head = Head::of(text);
    if complete {
        return match classify(text, &head) {
            Class::PassedOver(class) => Some(class),
            Class::Modelled => None,
        };
    }
    let row = row_of(&head)?;
    let Rule::Pass(class) = row.rule else {
        return None;
    };
    let last = head.words()[row.head.len() - 1];
    // The head's last word ends before the text does: the data cannot lengthen it.
    let end = last.as_ptr() as usize - text.as_ptr() as usize + last.len();
    let extended = TABLE
        .iter()
        .any(|r| r.head.len() > row.head.len() && r.head.starts_with(row.head));
    (end < text.len() && !extended).then_some(class)
}

/// For a modelled statement whose form sqlparser and the pre-pass do not read, what to
/// do instead: the hint of its "cannot parse" error.
pub fn unread_hint(head: &Head) -> Option<&'static str> {
    if head.starts_with(&["CREATE", "RULE"]) {
        Some(
            "a rule `ON SELECT` turns the table into a view, which PostgreSQL 16 and later \
             no longer allow: write `CREATE VIEW` (or `CREATE OR REPLACE VIEW`) instead",
        )
    } else if head.starts_with(&["ALTER", "DATABASE"]) {
        Some(
            "of `ALTER DATABASE`, schemagen follows `SET search_path TO schema, ...` (the \
             schemas listed) and `RESET search_path`; its other forms change nothing it \
             models and are passed over",
        )
    } else if head.words().first().is_some_and(|w| w.starts_with('\\')) {
        Some(
            "psql runs this meta-command itself, and it may run SQL schemagen cannot see \
             (`\\i`, `\\ir`, `\\include`, `\\gexec`, `\\if`): replay what it runs with \
             `Builder::before_migrations`, or pass it over if it changes nothing",
        )
    } else {
        None
    }
}

/// The statement's tokens as upper-case-comparable slices, for the few heads whose class
/// depends on what follows a name. `None` when the statement does not tokenize (its
/// parse reports why).
fn token_texts(text: &str) -> Option<Vec<&str>> {
    tokens(text)
        .ok()
        .map(|t| t.into_iter().map(|r| &text[r]).collect())
}

fn is(token: Option<&&str>, keyword: &str) -> bool {
    token.is_some_and(|t| t.eq_ignore_ascii_case(keyword))
}

/// The index of the first token after an object name that starts at `at`: a name is
/// words or quoted identifiers joined by `.`.
fn after_name(toks: &[&str], mut at: usize) -> usize {
    loop {
        at += 1;
        if toks.get(at) == Some(&".") {
            at += 1;
        } else {
            return at;
        }
    }
}

/// `ALTER INDEX [IF EXISTS] name RENAME TO`, `... SET SCHEMA` and `... ATTACH PARTITION`
/// move, rename or attach a modelled index; its storage, statistics, partitions and extension dependencies are
/// not modelled.
fn alter_index(text: &str) -> Class {
    let Some(toks) = token_texts(text) else {
        return Class::Modelled;
    };
    if is(toks.get(2), "ALL") {
        // `ALTER INDEX ALL IN TABLESPACE`
        return Class::PassedOver(Storage);
    }
    let mut at = 2;
    if is(toks.get(at), "IF") && is(toks.get(at + 1), "EXISTS") {
        at += 2;
    }
    let action = after_name(&toks, at);
    let renames = is(toks.get(action), "RENAME");
    let moves = is(toks.get(action), "SET") && is(toks.get(action + 1), "SCHEMA");
    // A partition's index attached to a partitioned table's goes with it.
    let attaches = is(toks.get(action), "ATTACH");
    if renames || moves || attaches {
        Class::Modelled
    } else if is(toks.get(action), "DEPENDS") || is(toks.get(action), "NO") {
        Class::PassedOver(Extensions)
    } else {
        Class::PassedOver(Storage)
    }
}

/// `ALTER SEQUENCE name RENAME TO / SET SCHEMA / OWNED BY` rename, move or tie a
/// modelled sequence; its other options change nothing modelled.
/// `DROP FUNCTION ... CASCADE` drops the defaults, generated columns, checks and views
/// that call the function; without `CASCADE` it changes nothing modelled (PostgreSQL
/// refuses it when anything rests on the function).
fn drop_function(text: &str) -> Class {
    match token_texts(text) {
        Some(toks)
            if toks
                .iter()
                .rev()
                .find(|t| **t != ";")
                .is_some_and(|t| is(Some(t), "CASCADE")) =>
        {
            Class::Modelled
        }
        Some(_) => Class::PassedOver(Routines),
        None => Class::Modelled,
    }
}

fn alter_sequence(text: &str) -> Class {
    let Some(toks) = token_texts(text) else {
        return Class::Modelled;
    };
    let mut at = 2;
    if is(toks.get(at), "IF") && is(toks.get(at + 1), "EXISTS") {
        at += 2;
    }
    let action = after_name(&toks, at);
    let renames = is(toks.get(action), "RENAME");
    let moves = is(toks.get(action), "SET") && is(toks.get(action + 1), "SCHEMA");
    let owned = toks[action.min(toks.len())..]
        .windows(2)
        .any(|w| is(Some(&w[0]), "OWNED") && is(Some(&w[1]), "BY"));
    if is(toks.get(action), "OWNER") {
        Class::PassedOver(Ownership)
    } else if renames || moves || owned {
        Class::Modelled
    } else {
        Class::PassedOver(Sequences)
    }
}

/// `ALTER SCHEMA name RENAME TO` renames a modelled schema; `OWNER TO` does not.
fn alter_schema(text: &str) -> Class {
    match token_texts(text) {
        Some(toks) if is(toks.get(after_name(&toks, 2)), "OWNER") => Class::PassedOver(Ownership),
        _ => Class::Modelled,
    }
}

/// `ALTER EXTENSION name SET SCHEMA` moves the extension's types; updating it or adding
/// and dropping members does not change the types it made.
fn alter_extension(text: &str) -> Class {
    match token_texts(text) {
        Some(toks) => {
            let action = after_name(&toks, 2);
            if is(toks.get(action), "SET") && is(toks.get(action + 1), "SCHEMA") {
                Class::Modelled
            } else {
                Class::PassedOver(Extensions)
            }
        }
        None => Class::Modelled,
    }
}

/// `CREATE [OR REPLACE] RULE name AS ON SELECT ... DO INSTEAD SELECT` turns a table into
/// a view (PostgreSQL 15 and earlier): modelled, so it is read or refused with its
/// location. Rules on other events only rewrite data changes.
fn create_rule(text: &str) -> Class {
    let Some(toks) = token_texts(text) else {
        return Class::Modelled;
    };
    let on_select = toks.windows(3).any(|w| {
        w[0].eq_ignore_ascii_case("AS")
            && w[1].eq_ignore_ascii_case("ON")
            && w[2].eq_ignore_ascii_case("SELECT")
    });
    if on_select {
        Class::Modelled
    } else {
        Class::PassedOver(Rules)
    }
}

/// `COMMENT ON TABLE` and `COMMENT ON COLUMN` set comments the model keeps; comments on
/// other objects are not kept.
fn comment_on(text: &str) -> Class {
    let head = Head::of(text);
    if head.starts_with(&["COMMENT", "ON", "TABLE"])
        || head.starts_with(&["COMMENT", "ON", "COLUMN"])
    {
        Class::Modelled
    } else {
        Class::PassedOver(Comments)
    }
}

/// `SET [SESSION | LOCAL] search_path ...` decides where later names resolve; other
/// settings (`SET ROLE`, `SET CONSTRAINTS`, `SET TRANSACTION`, `SET statement_timeout`)
/// last for the session and change nothing modelled.
fn set(text: &str) -> Class {
    let head = Head::of(text);
    let variable = match head.words() {
        [_, scope, variable, ..]
            if scope.eq_ignore_ascii_case("SESSION") || scope.eq_ignore_ascii_case("LOCAL") =>
        {
            *variable
        }
        [_, variable, ..] => *variable,
        _ => return Class::Modelled,
    };
    if variable.eq_ignore_ascii_case("search_path") {
        Class::Modelled
    } else if variable.eq_ignore_ascii_case("CONSTRAINTS")
        || variable.eq_ignore_ascii_case("TRANSACTION")
    {
        Class::PassedOver(Transaction)
    } else {
        Class::PassedOver(Session)
    }
}

/// `RESET search_path` and `RESET ALL` restore the default `search_path`.
fn reset(text: &str) -> Class {
    match Head::of(text).words() {
        [_, v, ..] if v.eq_ignore_ascii_case("search_path") || v.eq_ignore_ascii_case("ALL") => {
            Class::Modelled
        }
        _ => Class::PassedOver(Session),
    }
}

/// `ALTER DATABASE name SET search_path ...` changes where later sessions resolve names;
/// its other forms (owner, connection limits, other settings) change nothing modelled.
fn alter_database(text: &str) -> Class {
    let Some(toks) = token_texts(text) else {
        return Class::Modelled;
    };
    let sets_path = toks.windows(2).any(|w| {
        (w[0].eq_ignore_ascii_case("SET") || w[0].eq_ignore_ascii_case("RESET"))
            && (w[1].eq_ignore_ascii_case("search_path") || w[1].eq_ignore_ascii_case("ALL"))
    });
    if sets_path {
        Class::Modelled
    } else {
        Class::PassedOver(Databases)
    }
}

/// `SELECT ... INTO new_table` (and `WITH ... SELECT ... INTO`) creates a table; other
/// queries read data. The `INTO` must be at the top level of a `SELECT` (not of an
/// `INSERT INTO` after a `WITH`).
fn select(text: &str) -> Class {
    let Some(toks) = token_texts(text) else {
        return Class::Modelled;
    };
    let mut depth = 0usize;
    let mut command = "";
    for t in toks {
        match t {
            "(" | "[" => depth += 1,
            ")" | "]" => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            _ if ["SELECT", "INSERT", "UPDATE", "DELETE", "MERGE"]
                .iter()
                .any(|c| t.eq_ignore_ascii_case(c)) =>
            {
                command = t;
            }
            _ if t.eq_ignore_ascii_case("INTO") && command.eq_ignore_ascii_case("SELECT") => {
                return Class::Modelled;
            }
            _ => {}
        }
    }
    Class::PassedOver(Data)
}

/// How the actions of an `ALTER TABLE` divide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AlterTable {
    /// Every action may change the model: read the statement as written.
    Whole,
    /// No action changes the model: the first action's class.
    PassedOver(PassOver),
    /// Some actions change nothing modelled: the statement with them (and a comma beside
    /// each) blanked, positions kept, and how many were blanked by class.
    Partly {
        text: String,
        passed_over: Vec<PassOver>,
    },
}

/// Divides the actions of `ALTER TABLE [IF EXISTS] [ONLY] name [*] action, ...` (and
/// passes over `ALTER TABLE ALL IN TABLESPACE`). A statement that does not tokenize or
/// has no action is `Whole`, for the parser to report.
pub fn alter_table(text: &str) -> AlterTable {
    let Ok(ranges) = tokens(text) else {
        return AlterTable::Whole;
    };
    let toks: Vec<&str> = ranges.iter().map(|r| &text[r.clone()]).collect();
    if is(toks.get(2), "ALL") && is(toks.get(3), "IN") {
        return AlterTable::PassedOver(Storage);
    }
    let mut at = 2;
    if is(toks.get(at), "IF") && is(toks.get(at + 1), "EXISTS") {
        at += 2;
    }
    if is(toks.get(at), "ONLY") {
        at += 1;
    }
    let mut first = after_name(&toks, at);
    if toks.get(first) == Some(&"*") {
        first += 1;
    }
    // Actions as token index ranges, split at top-level commas; the comma after each.
    let mut actions: Vec<(Range<usize>, Option<usize>)> = Vec::new();
    let mut depth = 0usize;
    let mut start = first;
    for (i, t) in toks.iter().enumerate().skip(first) {
        match *t {
            "(" | "[" => depth += 1,
            ")" | "]" => depth = depth.saturating_sub(1),
            "," if depth == 0 => {
                actions.push((start..i, Some(i)));
                start = i + 1;
            }
            _ => {}
        }
    }
    actions.push((start..toks.len(), None));
    if actions.iter().any(|(a, _)| a.is_empty()) {
        return AlterTable::Whole;
    }
    let classes: Vec<Option<PassOver>> = actions
        .iter()
        .map(|(a, _)| alter_table_action(&toks[a.clone()]))
        .collect();
    if classes.iter().all(Option::is_none) {
        return AlterTable::Whole;
    }
    if let Some(Some(first)) = classes.iter().find(|c| c.is_some())
        && classes.iter().all(Option::is_some)
    {
        return AlterTable::PassedOver(*first);
    }
    // Keep the header, the kept actions, and one comma between two kept actions.
    let mut text = text.to_string();
    let kept: Vec<usize> = (0..actions.len())
        .filter(|&i| classes[i].is_none())
        .collect();
    let mut blank = |from: usize, to: usize| {
        let range = ranges[from].start..ranges[to].end;
        let spaces: String = text[range.clone()]
            .chars()
            .map(|c| if c == '\n' { '\n' } else { ' ' })
            .collect();
        text.replace_range(range, &spaces);
    };
    for (i, (action, comma)) in actions.iter().enumerate() {
        if classes[i].is_some() {
            blank(action.start, action.end - 1);
        }
        // The comma after a kept action stays when another kept action follows.
        let keep_comma = classes[i].is_none() && kept.last().is_some_and(|&k| k > i);
        if let Some(c) = comma
            && !keep_comma
        {
            blank(*c, *c);
        }
    }
    AlterTable::Partly {
        text,
        passed_over: classes.into_iter().flatten().collect(),
    }
}

/// The class of one `ALTER TABLE` action (its tokens) that changes nothing modelled;
/// `None` for one that may.
pub fn alter_table_action(action: &[&str]) -> Option<PassOver> {
    let w = |i: usize| action.get(i).copied().unwrap_or("");
    let at = |i: usize, k: &str| w(i).eq_ignore_ascii_case(k);
    if at(0, "ALTER") && at(1, "CONSTRAINT") {
        return Some(ConstraintChecking);
    }
    if at(0, "VALIDATE") && at(1, "CONSTRAINT") {
        return Some(ConstraintChecking);
    }
    if at(0, "ALTER") {
        // `ALTER [COLUMN] name action`: `COLUMN` is the keyword unless what follows it
        // is already the action (a column named `column`).
        let column_actions = ["SET", "DROP", "TYPE", "RESET", "ADD", "RESTART", "OPTIONS"];
        let keyword =
            at(1, "COLUMN") && !column_actions.iter().any(|a| at(2, a)) && !w(2).is_empty();
        let verb = if keyword { 3 } else { 2 };
        if at(verb, "SET") {
            let what = verb + 1;
            if at(what, "STATISTICS") || at(what, "STORAGE") || at(what, "COMPRESSION") {
                return Some(Storage);
            }
            if w(what) == "(" {
                return Some(Storage);
            }
            let sequence_options = [
                "INCREMENT",
                "START",
                "MINVALUE",
                "MAXVALUE",
                "NO",
                "CACHE",
                "CYCLE",
                "SEQUENCE",
                "LOGGED",
                "UNLOGGED",
            ];
            if sequence_options.iter().any(|o| at(what, o)) {
                return Some(Sequences);
            }
        }
        if at(verb, "RESET") || at(verb, "OPTIONS") {
            return Some(Storage);
        }
        if at(verb, "RESTART") {
            return Some(Sequences);
        }
        return None;
    }
    if at(0, "OWNER") && at(1, "TO") {
        return Some(Ownership);
    }
    if at(0, "CLUSTER") && at(1, "ON") {
        return Some(Storage);
    }
    if at(0, "SET") {
        let storage = ["WITHOUT", "TABLESPACE", "LOGGED", "UNLOGGED", "ACCESS", "("];
        if storage.iter().any(|s| at(1, s)) {
            return Some(Storage);
        }
        return None;
    }
    if at(0, "RESET") || at(0, "OPTIONS") {
        return Some(Storage);
    }
    if at(0, "ENABLE") || at(0, "DISABLE") {
        let what = if at(1, "ALWAYS") || at(1, "REPLICA") {
            2
        } else {
            1
        };
        if at(what, "TRIGGER") {
            return Some(Triggers);
        }
        if at(what, "RULE") {
            return Some(Rules);
        }
        if at(what, "ROW") {
            return Some(Policies);
        }
        return None;
    }
    if (at(0, "FORCE") && at(1, "ROW")) || (at(0, "NO") && at(1, "FORCE")) {
        return Some(Policies);
    }
    if at(0, "REPLICA") && at(1, "IDENTITY") {
        return Some(Replication);
    }
    if at(0, "OF") || (at(0, "NOT") && at(1, "OF")) {
        return Some(Storage);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every row is found by its own head, through the index by first word.
    #[test]
    fn every_row_is_found_by_its_head() {
        for row in TABLE {
            let text = row.head.join(" ").to_ascii_lowercase();
            let found = row_of(&Head::of(&text)).expect("a row");
            assert_eq!(found.head, row.head, "{text}");
        }
    }

    fn class_of(sql: &str) -> Class {
        classify(sql, &Head::of(sql))
    }

    #[test]
    fn a_statement_known_in_part_is_passed_over_only_when_its_head_decides() {
        let pass = |text: &str, complete: bool| passed_over_whatever_follows(text, complete);
        // Whole texts are classified as any statement is.
        assert_eq!(
            pass("GRANT SELECT ON x TO 'x'", true),
            Some(PassOver::Privileges)
        );
        assert_eq!(
            pass("ALTER SEQUENCE x RESTART WITH 1", true),
            Some(PassOver::Sequences)
        );
        assert_eq!(pass("ALTER SEQUENCE x RENAME TO y", true), None);
        assert_eq!(pass("ALTER TABLE x ADD y int", true), None);
        assert_eq!(pass("COMMENT ON TABLE x IS 'x'", true), None);
        // Texts cut short: a head that passes over by its words alone, whole.
        assert_eq!(pass("ANALYZE ", false), Some(PassOver::Maintenance));
        assert_eq!(pass("CREATE TRIGGER t_", false), Some(PassOver::Triggers));
        assert_eq!(pass("GRANT ", false), Some(PassOver::Privileges));
        // The head's last word may go on in the data, or its row reads the whole text.
        assert_eq!(pass("ANALYZE", false), None);
        assert_eq!(pass("ALTER SEQUENCE x ", false), None);
        assert_eq!(pass("COMMENT ON FUNCTION ", false), None);
        assert_eq!(pass("CREATE ", false), None);
        assert_eq!(pass("", false), None);
    }

    /// Real statement heads, one or more per command of PostgreSQL's command list.
    #[test]
    fn every_head_has_its_class() {
        let pass = Class::PassedOver;
        let cases: &[(&str, Class)] = &[
            ("CREATE TABLE t (a int)", Class::Modelled),
            ("create temp table t (a int)", Class::Modelled),
            ("CREATE GLOBAL TEMPORARY TABLE t (a int)", Class::Modelled),
            ("CREATE UNLOGGED TABLE t (a int)", Class::Modelled),
            ("CREATE TABLE t AS SELECT 1 AS a", Class::Modelled),
            (
                "CREATE UNIQUE INDEX CONCURRENTLY i ON t (a)",
                Class::Modelled,
            ),
            ("CREATE INDEX IF NOT EXISTS i ON t (a)", Class::Modelled),
            ("DROP INDEX CONCURRENTLY IF EXISTS i", Class::Modelled),
            ("CREATE OR REPLACE VIEW v AS SELECT 1", Class::Modelled),
            (
                "CREATE OR REPLACE RECURSIVE VIEW v (n) AS SELECT 1",
                Class::Modelled,
            ),
            ("CREATE MATERIALIZED VIEW m AS SELECT 1", Class::Modelled),
            ("ALTER MATERIALIZED VIEW m RENAME TO n", Class::Modelled),
            ("CREATE TYPE mood AS ENUM ('a')", Class::Modelled),
            ("CREATE DOMAIN d AS int", Class::Modelled),
            ("CREATE SCHEMA IF NOT EXISTS s", Class::Modelled),
            ("CREATE EXTENSION IF NOT EXISTS citext", Class::Modelled),
            ("DROP EXTENSION citext", Class::Modelled),
            ("LOCK TABLE t IN ACCESS EXCLUSIVE MODE", Class::Modelled),
            ("COMMENT ON TABLE t IS 'x'", Class::Modelled),
            ("COMMENT ON COLUMN t.a IS 'x'", Class::Modelled),
            ("COMMENT ON FUNCTION f(int) IS 'x'", pass(Comments)),
            ("COMMENT ON EXTENSION citext IS 'x'", pass(Comments)),
            ("SET search_path TO s, public", Class::Modelled),
            ("SET LOCAL search_path = s", Class::Modelled),
            ("SET SESSION search_path = s", Class::Modelled),
            ("SET statement_timeout = 0", pass(Session)),
            ("SET client_encoding = 'UTF8'", pass(Session)),
            ("SET ROLE admin", pass(Session)),
            // psql's meta-commands, as pg_dump 15.14+ and 17.6+ write them.
            ("\\restrict 1XJxEFdvZm5QTP", pass(Session)),
            ("\\unrestrict 1XJxEFdvZm5QTP", pass(Session)),
            ("\\connect mydb", pass(Session)),
            ("\\c mydb", pass(Session)),
            ("\\set ON_ERROR_STOP on", pass(Session)),
            ("\\echo creating tables", pass(Session)),
            ("\\copy t FROM 'rows.csv' CSV", pass(Data)),
            ("\\i other.sql", Class::Modelled),
            ("\\ir ../setup.sql", Class::Modelled),
            ("\\gexec", Class::Modelled),
            ("\\if :flag", Class::Modelled),
            ("SET SESSION AUTHORIZATION admin", pass(Session)),
            ("SET CONSTRAINTS ALL DEFERRED", pass(Transaction)),
            (
                "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE",
                pass(Transaction),
            ),
            ("RESET search_path", Class::Modelled),
            ("RESET statement_timeout", pass(Session)),
            (
                "ALTER DATABASE db SET search_path TO s, public",
                Class::Modelled,
            ),
            ("ALTER DATABASE db OWNER TO me", pass(Databases)),
            ("ALTER DATABASE db SET timezone TO 'UTC'", pass(Databases)),
            // Sequences, as pg_dump writes them.
            (
                "CREATE SEQUENCE s AS integer START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1",
                Class::Modelled,
            ),
            ("CREATE TEMP SEQUENCE s", Class::Modelled),
            ("ALTER SEQUENCE s OWNED BY t.id", Class::Modelled),
            (
                "ALTER SEQUENCE IF EXISTS s AS bigint OWNED BY NONE",
                Class::Modelled,
            ),
            ("ALTER SEQUENCE s RENAME TO t", Class::Modelled),
            ("ALTER SEQUENCE s SET SCHEMA t", Class::Modelled),
            ("ALTER SEQUENCE s RESTART WITH 10", pass(Sequences)),
            ("ALTER SEQUENCE s OWNER TO me", pass(Ownership)),
            ("DROP SEQUENCE IF EXISTS s", Class::Modelled),
            (
                "CREATE STATISTICS st (dependencies) ON a, b FROM t",
                pass(Statistics),
            ),
            ("ALTER STATISTICS st SET STATISTICS 100", pass(Statistics)),
            ("DROP STATISTICS st", pass(Statistics)),
            (
                "CREATE TRIGGER tr AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()",
                pass(Triggers),
            ),
            (
                "CREATE OR REPLACE TRIGGER tr BEFORE UPDATE ON t EXECUTE PROCEDURE f()",
                pass(Triggers),
            ),
            (
                "CREATE CONSTRAINT TRIGGER tr AFTER INSERT ON t DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION f()",
                pass(Triggers),
            ),
            ("DROP TRIGGER IF EXISTS tr ON t", pass(Triggers)),
            ("ALTER TRIGGER tr ON t RENAME TO tr2", pass(Triggers)),
            (
                "CREATE EVENT TRIGGER e ON ddl_command_start EXECUTE FUNCTION f()",
                pass(EventTriggers),
            ),
            (
                "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'",
                pass(Routines),
            ),
            (
                "CREATE OR REPLACE FUNCTION f() RETURNS trigger AS $$ BEGIN END $$ LANGUAGE plpgsql",
                pass(Routines),
            ),
            (
                "CREATE OR REPLACE PROCEDURE p() LANGUAGE sql AS 'SELECT 1'",
                pass(Routines),
            ),
            ("ALTER FUNCTION f() OWNER TO me", pass(Routines)),
            ("DROP FUNCTION IF EXISTS f(int)", pass(Routines)),
            ("DROP FUNCTION IF EXISTS f(int) RESTRICT", pass(Routines)),
            ("DROP FUNCTION f(int), g() CASCADE", Class::Modelled),
            ("drop function f cascade;", Class::Modelled),
            ("ALTER ROUTINE f() RENAME TO g", pass(Routines)),
            (
                "CREATE AGGREGATE a (int) (sfunc = int4pl, stype = int)",
                pass(Routines),
            ),
            ("CALL p()", pass(Routines)),
            (
                "CREATE RULE r AS ON INSERT TO t DO INSTEAD NOTHING",
                pass(Rules),
            ),
            (
                "CREATE OR REPLACE RULE r AS ON UPDATE TO t DO ALSO NOTIFY t",
                pass(Rules),
            ),
            (
                "CREATE RULE \"_RETURN\" AS ON SELECT TO t DO INSTEAD SELECT * FROM u",
                Class::Modelled,
            ),
            ("DROP RULE r ON t", pass(Rules)),
            (
                "GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader",
                pass(Privileges),
            ),
            ("REVOKE ALL ON t FROM PUBLIC", pass(Privileges)),
            (
                "ALTER DEFAULT PRIVILEGES IN SCHEMA s GRANT SELECT ON TABLES TO r",
                pass(Privileges),
            ),
            ("ALTER LARGE OBJECT 1 OWNER TO me", pass(Privileges)),
            ("REASSIGN OWNED BY a TO b", pass(Ownership)),
            ("DROP OWNED BY a", pass(Ownership)),
            ("CREATE ROLE reader NOLOGIN", pass(Roles)),
            ("ALTER ROLE reader SET search_path = s", pass(Roles)),
            ("CREATE USER u WITH PASSWORD 'p'", pass(Roles)),
            ("DROP GROUP g", pass(Roles)),
            ("CREATE USER MAPPING FOR u SERVER s", pass(ForeignData)),
            ("CREATE POLICY p ON t USING (true)", pass(Policies)),
            ("ALTER POLICY p ON t RENAME TO q", pass(Policies)),
            (
                "SECURITY LABEL FOR selinux ON TABLE t IS 'x'",
                pass(SecurityLabels),
            ),
            ("VACUUM (ANALYZE) t", pass(Maintenance)),
            ("ANALYZE t", pass(Maintenance)),
            ("CLUSTER t USING i", pass(Maintenance)),
            ("REINDEX INDEX CONCURRENTLY i", pass(Maintenance)),
            ("CHECKPOINT", pass(Maintenance)),
            (
                "REFRESH MATERIALIZED VIEW CONCURRENTLY m",
                pass(Maintenance),
            ),
            ("INSERT INTO t VALUES (1)", pass(Data)),
            ("UPDATE t SET a = 1", pass(Data)),
            ("DELETE FROM t", pass(Data)),
            (
                "MERGE INTO t USING u ON t.a = u.a WHEN MATCHED THEN DELETE",
                pass(Data),
            ),
            ("COPY t FROM stdin", pass(Data)),
            ("TRUNCATE t CASCADE", pass(Data)),
            ("VALUES (1)", pass(Data)),
            ("TABLE t", pass(Data)),
            ("SELECT setval('s', 1, false)", pass(Data)),
            (
                "SELECT a FROM t WHERE a IN (SELECT b INTO x FROM u)",
                pass(Data),
            ),
            (
                "WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x",
                pass(Data),
            ),
            ("SELECT * INTO new_t FROM t", Class::Modelled),
            ("select a, b into temp table new_t from t", Class::Modelled),
            (
                "WITH x AS (SELECT 1 AS a) SELECT a INTO new_t FROM x",
                Class::Modelled,
            ),
            ("BEGIN", pass(Transaction)),
            ("START TRANSACTION", pass(Transaction)),
            ("COMMIT", pass(Transaction)),
            ("END", pass(Transaction)),
            ("ROLLBACK", pass(Transaction)),
            ("ABORT", pass(Transaction)),
            ("SAVEPOINT a", pass(Transaction)),
            ("RELEASE SAVEPOINT a", pass(Transaction)),
            ("PREPARE TRANSACTION 'x'", pass(Transaction)),
            ("SHOW search_path", pass(Session)),
            ("DISCARD ALL", pass(Session)),
            ("LOAD 'auto_explain'", pass(Session)),
            ("LISTEN c", pass(Session)),
            ("NOTIFY c, 'x'", pass(Session)),
            ("PREPARE q AS SELECT 1", pass(Session)),
            ("EXECUTE q", pass(Session)),
            ("DEALLOCATE q", pass(Session)),
            ("DECLARE c CURSOR FOR SELECT 1", pass(Session)),
            ("FETCH NEXT FROM c", pass(Session)),
            ("CLOSE c", pass(Session)),
            ("EXPLAIN SELECT 1", pass(Session)),
            ("ALTER SYSTEM SET work_mem = '1MB'", pass(Session)),
            ("CREATE PUBLICATION p FOR ALL TABLES", pass(Replication)),
            ("ALTER SUBSCRIPTION s DISABLE", pass(Replication)),
            (
                "CREATE SERVER s FOREIGN DATA WRAPPER postgres_fdw",
                pass(ForeignData),
            ),
            ("CREATE FOREIGN DATA WRAPPER w", pass(ForeignData)),
            ("CREATE FOREIGN TABLE f (a int) SERVER s", pass(ForeignData)),
            ("ALTER FOREIGN TABLE f ADD COLUMN b int", pass(ForeignData)),
            (
                "IMPORT FOREIGN SCHEMA public FROM SERVER s INTO local",
                pass(ForeignData),
            ),
            (
                "CREATE TEXT SEARCH CONFIGURATION c (COPY = english)",
                pass(TextSearch),
            ),
            (
                "ALTER TEXT SEARCH DICTIONARY d (StopWords = english)",
                pass(TextSearch),
            ),
            ("CREATE CAST (text AS int) WITH INOUT", pass(TypeSupport)),
            (
                "CREATE OPERATOR === (LEFTARG = int, RIGHTARG = int, FUNCTION = f)",
                pass(TypeSupport),
            ),
            (
                "CREATE OPERATOR CLASS c FOR TYPE int USING btree AS OPERATOR 1 <",
                pass(TypeSupport),
            ),
            (
                "CREATE COLLATION c (provider = icu, locale = 'und')",
                pass(TypeSupport),
            ),
            (
                "CREATE DEFAULT CONVERSION c FOR 'LATIN1' TO 'UTF8' FROM f",
                pass(TypeSupport),
            ),
            ("CREATE TRUSTED PROCEDURAL LANGUAGE l", pass(TypeSupport)),
            (
                "CREATE OR REPLACE TRANSFORM FOR int LANGUAGE l (FROM SQL WITH FUNCTION f)",
                pass(TypeSupport),
            ),
            (
                "CREATE ACCESS METHOD m TYPE TABLE HANDLER h",
                pass(TypeSupport),
            ),
            ("CREATE DATABASE d", pass(Databases)),
            ("CREATE TABLESPACE ts LOCATION '/x'", pass(Databases)),
            ("ALTER EXTENSION citext UPDATE TO '1.6'", pass(Extensions)),
            ("ALTER EXTENSION e ADD FUNCTION f()", pass(Extensions)),
            ("ALTER EXTENSION citext SET SCHEMA s", Class::Modelled),
            ("ALTER SCHEMA s OWNER TO me", pass(Ownership)),
            ("ALTER SCHEMA s RENAME TO t", Class::Modelled),
            ("ALTER INDEX i RENAME TO j", Class::Modelled),
            (
                "ALTER INDEX IF EXISTS \"S\".\"i\" RENAME TO \"j\"",
                Class::Modelled,
            ),
            ("ALTER INDEX s.i SET SCHEMA t", Class::Modelled),
            ("ALTER INDEX i SET (fillfactor = 70)", pass(Storage)),
            ("ALTER INDEX i RESET (fillfactor)", pass(Storage)),
            ("ALTER INDEX i SET TABLESPACE ts", pass(Storage)),
            (
                "ALTER INDEX i ALTER COLUMN 1 SET STATISTICS 100",
                pass(Storage),
            ),
            (
                "ALTER INDEX parent_i ATTACH PARTITION child_i",
                Class::Modelled,
            ),
            (
                "ALTER INDEX ALL IN TABLESPACE a SET TABLESPACE b",
                pass(Storage),
            ),
            ("ALTER INDEX i DEPENDS ON EXTENSION e", pass(Extensions)),
            ("DO $$ BEGIN END $$", Class::Modelled),
            // A head the table does not know is modelled, never dropped.
            ("FROBNICATE t", Class::Modelled),
            ("(SELECT 1)", Class::Modelled),
            (
                "-- a comment\n/* and /* a nested */ one */ GRANT ALL ON t TO u",
                pass(Privileges),
            ),
        ];
        let mut wrong = Vec::new();
        for (sql, expected) in cases {
            let got = class_of(sql);
            if got != *expected {
                wrong.push(format!("{sql}: {got:?}, expected {expected:?}"));
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    /// Every class is listed once in `ALL` and has a name and a reason.
    #[test]
    fn every_class_is_listed_with_its_reason() {
        let mut names: Vec<&str> = PassOver::ALL.iter().map(|c| c.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), PassOver::ALL.len());
        for row in TABLE {
            if let Rule::Pass(class) = row.rule {
                assert!(PassOver::ALL.contains(&class), "{:?}", row.head);
            }
        }
        assert!(PassOver::ALL.iter().all(|c| c.reason().len() > 20));
    }

    fn actions(sql: &str) -> AlterTable {
        alter_table(sql)
    }

    #[test]
    fn alter_table_actions_that_change_nothing_modelled_are_blanked() {
        let sql = "ALTER TABLE ONLY t\n  ADD COLUMN a int,\n  ALTER CONSTRAINT c DEFERRABLE INITIALLY DEFERRED,\n  ADD COLUMN b int";
        let AlterTable::Partly { text, passed_over } = actions(sql) else {
            panic!("{:?}", actions(sql));
        };
        assert_eq!(passed_over, [ConstraintChecking]);
        assert_eq!(text.len(), sql.len());
        assert_eq!(text.lines().count(), sql.lines().count());
        assert_eq!(
            text.split_whitespace().collect::<Vec<_>>().join(" "),
            "ALTER TABLE ONLY t ADD COLUMN a int, ADD COLUMN b int"
        );
        // The last kept action loses no comma; a passed-over last action takes its own.
        let AlterTable::Partly { text, .. } =
            actions("ALTER TABLE t ADD a int, OWNER TO me, SET (fillfactor = 70)")
        else {
            panic!()
        };
        assert_eq!(text.trim_end(), "ALTER TABLE t ADD a int");
        let AlterTable::Partly { text, .. } =
            actions("ALTER TABLE t OWNER TO me, ADD a int, ALTER a SET STATISTICS 10, DROP b")
        else {
            panic!()
        };
        assert_eq!(
            text.split_whitespace().collect::<Vec<_>>().join(" "),
            "ALTER TABLE t ADD a int, DROP b"
        );
    }

    #[test]
    fn alter_table_action_classes() {
        let cases: &[(&str, Option<PassOver>)] = &[
            ("ALTER TABLE t OWNER TO me", Some(Ownership)),
            (
                "ALTER TABLE IF EXISTS ONLY s.t * CLUSTER ON i",
                Some(Storage),
            ),
            ("ALTER TABLE t SET WITHOUT CLUSTER", Some(Storage)),
            ("ALTER TABLE t SET WITHOUT OIDS", Some(Storage)),
            ("ALTER TABLE t SET TABLESPACE ts", Some(Storage)),
            ("ALTER TABLE t SET LOGGED", Some(Storage)),
            ("ALTER TABLE t SET UNLOGGED", Some(Storage)),
            ("ALTER TABLE t SET ACCESS METHOD heap", Some(Storage)),
            (
                "ALTER TABLE t SET (autovacuum_enabled = false)",
                Some(Storage),
            ),
            ("ALTER TABLE t RESET (fillfactor)", Some(Storage)),
            (
                "ALTER TABLE t ALTER COLUMN a SET STATISTICS 1000",
                Some(Storage),
            ),
            ("ALTER TABLE t ALTER a SET STORAGE EXTERNAL", Some(Storage)),
            (
                "ALTER TABLE t ALTER COLUMN a SET COMPRESSION lz4",
                Some(Storage),
            ),
            (
                "ALTER TABLE t ALTER COLUMN a SET (n_distinct = 100)",
                Some(Storage),
            ),
            (
                "ALTER TABLE t ALTER COLUMN a RESET (n_distinct)",
                Some(Storage),
            ),
            (
                "ALTER TABLE t ALTER COLUMN id RESTART WITH 10",
                Some(Sequences),
            ),
            (
                "ALTER TABLE t ALTER COLUMN id SET INCREMENT BY 2",
                Some(Sequences),
            ),
            (
                "ALTER TABLE t ALTER CONSTRAINT fk NOT DEFERRABLE",
                Some(ConstraintChecking),
            ),
            (
                "ALTER TABLE t VALIDATE CONSTRAINT fk",
                Some(ConstraintChecking),
            ),
            ("ALTER TABLE t ENABLE TRIGGER ALL", Some(Triggers)),
            ("ALTER TABLE t DISABLE TRIGGER tr", Some(Triggers)),
            ("ALTER TABLE t ENABLE ALWAYS TRIGGER tr", Some(Triggers)),
            ("ALTER TABLE t ENABLE REPLICA RULE r", Some(Rules)),
            ("ALTER TABLE t ENABLE ROW LEVEL SECURITY", Some(Policies)),
            ("ALTER TABLE t FORCE ROW LEVEL SECURITY", Some(Policies)),
            ("ALTER TABLE t NO FORCE ROW LEVEL SECURITY", Some(Policies)),
            ("ALTER TABLE t REPLICA IDENTITY FULL", Some(Replication)),
            ("ALTER TABLE t OF some_type", Some(Storage)),
            ("ALTER TABLE t NOT OF", Some(Storage)),
            (
                "ALTER TABLE ALL IN TABLESPACE a SET TABLESPACE b",
                Some(Storage),
            ),
        ];
        for (sql, class) in cases {
            let got = actions(sql);
            match class {
                Some(c) => assert_eq!(got, AlterTable::PassedOver(*c), "{sql}"),
                None => assert_eq!(got, AlterTable::Whole, "{sql}"),
            }
        }
        for sql in [
            "ALTER TABLE t ADD COLUMN a int",
            "ALTER TABLE t ALTER COLUMN a SET DEFAULT 1",
            "ALTER TABLE t ALTER a SET NOT NULL",
            "ALTER TABLE t ALTER COLUMN a SET DATA TYPE text",
            "ALTER TABLE t ALTER COLUMN a TYPE text USING a::text",
            "ALTER TABLE t ALTER COLUMN a SET EXPRESSION AS (b * 2)",
            "ALTER TABLE t ALTER COLUMN a DROP EXPRESSION",
            "ALTER TABLE t ALTER COLUMN id SET GENERATED BY DEFAULT",
            "ALTER TABLE t ALTER COLUMN column SET DEFAULT 1",
            "ALTER TABLE t SET SCHEMA s",
            "ALTER TABLE t RENAME TO u",
            "ALTER TABLE t DROP CONSTRAINT c",
            "ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID",
            "ALTER TABLE t ATTACH PARTITION p FOR VALUES IN (1)",
            "ALTER TABLE t INHERIT u",
        ] {
            assert_eq!(actions(sql), AlterTable::Whole, "{sql}");
        }
    }

    #[test]
    fn reading_a_head_does_not_need_the_whole_statement() {
        let head = Head::of("CREATE OR REPLACE CONSTRAINT TRIGGER x");
        assert_eq!(head.words(), ["CREATE", "TRIGGER", "x"]);
        let head = Head::of("  create   unique index");
        assert_eq!(head.words(), ["create", "index"]);
        assert!(Head::of("").words().is_empty());
        assert!(Head::of("/* unclosed").words().is_empty());
    }
}
