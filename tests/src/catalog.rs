//! Reads a live database's catalog back into the canonical dump (`shared/schema-dump.md`).
//!
//! This is the judge of the differential tests: whatever schemagen's model says the
//! migrations produce is compared with what PostgreSQL itself reports here. So this module
//! deliberately shares no code with schemagen's model beyond the output structs; in
//! particular the CHECK value-set extractor below is written independently.
//!
//! The catalog is read with one query whose result is a single JSON document built by
//! PostgreSQL (`json_build_object` / `json_agg`, with every list ordered in SQL), turned
//! into [`Dump`] in Rust where some interpretation is needed (FK action codes, value sets).

use std::collections::BTreeMap;

use schemagen::dump::{
    ColumnDump, DomainDump, Dump, EnumDump, ForeignKeyDump, TableDump, ViewDump,
};
use serde::Deserialize;
use sqlparser::ast::{BinaryOperator, Expr, Value};
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::Token;

use crate::pg::PgServer;

/// Reads the schema of database `db` back into the canonical dump, exactly as
/// `shared/schema-dump.md` specifies.
pub fn read_dump(server: &PgServer, db: &str) -> Result<Dump, String> {
    // `format_type` qualifies a type name unless its schema is on the search path, and the
    // dump spells types as seen with `search_path = public`; so the SET must precede the
    // query in the same session.
    let sql = format!("SET search_path = public;\n{}", catalog_query());
    let out = server
        .psql(db, &sql)
        .map_err(|e| format!("reading the catalog of database {db} failed: {e}"))?;
    let raw: RawDump = serde_json::from_str(out.trim()).map_err(|e| {
        let shown: String = out.chars().take(2000).collect();
        format!("the catalog query of database {db} returned unexpected JSON ({e}):\n{shown}")
    })?;
    raw.into_dump()
}

/// Schemas never listed: the system's own, and other sessions' temporary schemas.
const SCHEMA_FILTER: &str = "nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') \
     AND nspname !~ '^pg_(toast_)?temp_'";

/// A JSON array of the names of the columns of relation `rel` whose numbers are in the
/// smallint array `keys`, in array order (`conkey`/`confkey` order is the declared order,
/// which differs from attnum order, e.g. `PRIMARY KEY (region, id)` gives `{2,1}`).
/// NULL when `keys` is NULL or empty.
fn column_names(keys: &str, rel: &str) -> String {
    format!(
        "(SELECT json_agg(a.attname ORDER BY k.ord) \
          FROM unnest({keys}) WITH ORDINALITY AS k(attnum, ord) \
          JOIN pg_attribute a ON a.attrelid = {rel} AND a.attnum = k.attnum)"
    )
}

/// The single catalog query; its one row is the whole [`RawDump`] as JSON.
fn catalog_query() -> String {
    // Names are ordered with COLLATE "C" (byte order), which is also how Rust orders the
    // `String`s; `json` (not `jsonb`) keeps the key and element order as built.
    let conkey = column_names("co.conkey", "co.conrelid");
    let confkey = column_names("co.confkey", "co.confrelid");
    format!(
        r#"WITH nsp AS (SELECT oid, nspname FROM pg_namespace WHERE {SCHEMA_FILTER})
SELECT json_build_object(
  'enums', COALESCE((
    SELECT json_agg(json_build_object(
        'schema', n.nspname,
        'name', t.typname,
        'labels', COALESCE((SELECT json_agg(e.enumlabel ORDER BY e.enumsortorder)
                            FROM pg_enum e WHERE e.enumtypid = t.oid), '[]'::json))
      ORDER BY n.nspname COLLATE "C", t.typname COLLATE "C")
    FROM pg_type t JOIN nsp n ON n.oid = t.typnamespace
    WHERE t.typtype = 'e'), '[]'::json),
  'domains', COALESCE((
    SELECT json_agg(json_build_object(
        'schema', n.nspname,
        'name', t.typname,
        'type', format_type(t.typbasetype, t.typtypmod),
        'not_null', t.typnotnull)
      ORDER BY n.nspname COLLATE "C", t.typname COLLATE "C")
    FROM pg_type t JOIN nsp n ON n.oid = t.typnamespace
    WHERE t.typtype = 'd'), '[]'::json),
  'tables', COALESCE((
    SELECT json_agg(json_build_object(
        'schema', n.nspname,
        'name', c.relname,
        'columns', COALESCE((
          SELECT json_agg(json_build_object(
              'name', a.attname,
              'type', format_type(a.atttypid, a.atttypmod),
              'not_null', a.attnotnull,
              'has_default', a.atthasdef,
              'identity', CASE a.attidentity WHEN 'a' THEN 'always' WHEN 'd' THEN 'by default' END,
              'generated', a.attgenerated = 's')
            ORDER BY a.attnum)
          FROM pg_attribute a
          WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '[]'::json),
        'primary_key', (
          SELECT {conkey} FROM pg_constraint co
          WHERE co.conrelid = c.oid AND co.contype = 'p'),
        'unique', COALESCE((
          SELECT json_agg({conkey} ORDER BY co.conname COLLATE "C") FROM pg_constraint co
          WHERE co.conrelid = c.oid AND co.contype = 'u'), '[]'::json),
        'foreign_keys', COALESCE((
          SELECT json_agg(json_build_object(
              'columns', {conkey},
              'ref_schema', rn.nspname,
              'ref_table', rc.relname,
              'ref_columns', {confkey},
              'on_delete', co.confdeltype,
              'on_update', co.confupdtype)
            ORDER BY co.conname COLLATE "C")
          FROM pg_constraint co
          JOIN pg_class rc ON rc.oid = co.confrelid
          JOIN pg_namespace rn ON rn.oid = rc.relnamespace
          -- A foreign key referencing a partitioned table also gets one derived
          -- constraint per partition (conparentid <> 0); only the declared one counts.
          WHERE co.conrelid = c.oid AND co.contype = 'f' AND co.conparentid = 0), '[]'::json),
        'checks', COALESCE((
          SELECT json_agg(json_build_object(
              'name', co.conname,
              'columns', COALESCE({conkey}, '[]'::json),
              'definition', pg_get_constraintdef(co.oid))
            ORDER BY co.conname COLLATE "C")
          FROM pg_constraint co
          WHERE co.conrelid = c.oid AND co.contype = 'c'), '[]'::json))
      ORDER BY n.nspname COLLATE "C", c.relname COLLATE "C")
    FROM pg_class c JOIN nsp n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relpersistence <> 't'),
    '[]'::json),
  'views', COALESCE((
    SELECT json_agg(json_build_object(
        'schema', n.nspname,
        'name', c.relname,
        'columns', COALESCE((
          SELECT json_agg(a.attname ORDER BY a.attnum)
          FROM pg_attribute a
          WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '[]'::json))
      ORDER BY n.nspname COLLATE "C", c.relname COLLATE "C")
    FROM pg_class c JOIN nsp n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('v', 'm')), '[]'::json)
);
"#
    )
}

/// The query's result, before interpretation.
#[derive(Debug, Deserialize)]
struct RawDump {
    enums: Vec<EnumDump>,
    domains: Vec<DomainDump>,
    tables: Vec<RawTable>,
    views: Vec<ViewDump>,
}

#[derive(Debug, Deserialize)]
struct RawTable {
    schema: String,
    name: String,
    columns: Vec<ColumnDump>,
    primary_key: Option<Vec<String>>,
    unique: Vec<Vec<String>>,
    foreign_keys: Vec<RawForeignKey>,
    /// Sorted by constraint name (byte order).
    checks: Vec<RawCheck>,
}

#[derive(Debug, Deserialize)]
struct RawForeignKey {
    columns: Vec<String>,
    ref_schema: String,
    ref_table: String,
    ref_columns: Vec<String>,
    /// `pg_constraint.confdeltype`, a one-letter code.
    on_delete: String,
    /// `pg_constraint.confupdtype`, a one-letter code.
    on_update: String,
}

#[derive(Debug, Deserialize)]
struct RawCheck {
    name: String,
    /// The columns `conkey` names (empty for a check on no column).
    columns: Vec<String>,
    /// `pg_get_constraintdef`: `CHECK (...)`, possibly followed by `NOT VALID` / `NO INHERIT`.
    definition: String,
}

impl RawDump {
    fn into_dump(self) -> Result<Dump, String> {
        let tables = self
            .tables
            .into_iter()
            .map(RawTable::into_table)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Dump {
            enums: self.enums,
            domains: self.domains,
            tables,
            views: self.views,
        })
    }
}

impl RawTable {
    fn into_table(self) -> Result<TableDump, String> {
        let table = format!("{}.{}", self.schema, self.name);
        let mut unique = self.unique;
        // Vec<String> orders element by element, and String by bytes: the spec's order.
        unique.sort();

        let mut foreign_keys = self
            .foreign_keys
            .into_iter()
            .map(|fk| {
                Ok(ForeignKeyDump {
                    on_delete: fk_action(&fk.on_delete)
                        .ok_or_else(|| format!("{table}: unknown confdeltype {:?}", fk.on_delete))?
                        .to_owned(),
                    on_update: fk_action(&fk.on_update)
                        .ok_or_else(|| format!("{table}: unknown confupdtype {:?}", fk.on_update))?
                        .to_owned(),
                    columns: fk.columns,
                    ref_schema: fk.ref_schema,
                    ref_table: fk.ref_table,
                    ref_columns: fk.ref_columns,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        // Field order of ForeignKeyDump is (columns, ref_schema, ref_table, ref_columns, ...),
        // so its derived Ord sorts by columns with the spec's tie-breakers.
        foreign_keys.sort();

        let mut checks = self.checks;
        // Already sorted in SQL; sorted again by bytes so that "the constraint whose name
        // sorts first" does not hang on the server's collation handling. The first value
        // set found for a column is then the one to keep.
        checks.sort_by(|a, b| a.name.cmp(&b.name));
        let check_count = checks.len();
        let mut value_sets = BTreeMap::new();
        for check in &checks {
            let [column] = check.columns.as_slice() else {
                continue;
            };
            if value_sets.contains_key(column) {
                continue;
            }
            if let Some((named, values)) = check_value_set(&check.definition) {
                // The expression must constrain the very column conkey names (it always
                // does when conkey has one column, but a mismatch means a misread).
                if &named == column {
                    value_sets.insert(column.clone(), values);
                }
            }
        }

        Ok(TableDump {
            schema: self.schema,
            name: self.name,
            columns: self.columns,
            primary_key: self.primary_key,
            unique,
            foreign_keys,
            check_count,
            value_sets,
        })
    }
}

/// `confdeltype` / `confupdtype` codes as the dump spells them.
fn fk_action(code: &str) -> Option<&'static str> {
    Some(match code {
        "a" => "NO ACTION",
        "r" => "RESTRICT",
        "c" => "CASCADE",
        "n" => "SET NULL",
        "d" => "SET DEFAULT",
        _ => return None,
    })
}

/// The closed set of string literals a CHECK constraint limits one column to, if it is
/// one: `(column, values in written order)`.
///
/// `definition` is `pg_get_constraintdef` output, i.e. PostgreSQL's canonical spelling:
/// - `CHECK ((status = ANY (ARRAY['a'::text, 'b'::text])))` (from `IN (...)` or `= ANY`),
/// - `CHECK (((status)::text = ANY ((ARRAY['a'::character varying, ...])::text[])))`
///   (a varchar column),
/// - `CHECK (((kind = 'a'::text) OR (kind = 'b'::text)))`, and `CHECK ((kind = 'a'::text))`,
///
/// optionally followed by `NOT VALID` or `NO INHERIT`. Anything else (ranges, IS NULL
/// alternatives, other operators, several columns, non-string literals) gives `None`.
pub fn check_value_set(definition: &str) -> Option<(String, Vec<String>)> {
    let mut text = definition.trim();
    // Suffixes follow the parenthesised expression, so stripping them textually cannot cut
    // into a literal: the expression itself always ends with `)`.
    loop {
        if let Some(rest) = text.strip_suffix("NOT VALID") {
            text = rest.trim_end();
        } else if let Some(rest) = text.strip_suffix("NO INHERIT") {
            text = rest.trim_end();
        } else {
            break;
        }
    }
    let inner = text.strip_prefix("CHECK")?.trim_start();
    if !(inner.starts_with('(') && inner.ends_with(')')) {
        return None;
    }
    let expr = parse_whole_expr(inner)?;
    let expr = unwrap(&expr);

    // `col = ANY (ARRAY[...])`, the form PostgreSQL gives `col IN (...)`.
    if let Expr::AnyOp {
        left,
        compare_op: BinaryOperator::Eq,
        right,
        ..
    } = expr
    {
        let column = column_name(left)?;
        let Expr::Array(array) = unwrap(right) else {
            return None;
        };
        let values = array
            .elem
            .iter()
            .map(string_literal)
            .collect::<Option<Vec<_>>>()?;
        return (!values.is_empty()).then_some((column, values));
    }

    // An OR-tree of `col = 'lit'` (a single equality is a tree of one). Walked with an
    // explicit stack, leftmost first, so values keep their written order however long.
    let mut column: Option<String> = None;
    let mut values = Vec::new();
    let mut pending = vec![expr];
    while let Some(node) = pending.pop() {
        match unwrap(node) {
            Expr::BinaryOp {
                left,
                op: BinaryOperator::Or,
                right,
            } => {
                pending.push(right);
                pending.push(left);
            }
            Expr::BinaryOp {
                left,
                op: BinaryOperator::Eq,
                right,
            } => {
                // PostgreSQL keeps the operands as written, so accept `'a' = col` too.
                let (name, value) = match (column_name(left), string_literal(right)) {
                    (Some(name), Some(value)) => (name, value),
                    _ => (column_name(right)?, string_literal(left)?),
                };
                match &column {
                    Some(seen) if *seen != name => return None,
                    Some(_) => {}
                    None => column = Some(name),
                }
                values.push(value);
            }
            _ => return None,
        }
    }
    Some((column?, values))
}

/// Parses `text` as one SQL expression, failing if anything follows it.
fn parse_whole_expr(text: &str) -> Option<Expr> {
    let dialect = PostgreSqlDialect {};
    let mut parser = Parser::new(&dialect).try_with_sql(text).ok()?;
    let expr = parser.parse_expr().ok()?;
    (parser.peek_token().token == Token::EOF).then_some(expr)
}

/// Strips the parentheses and casts PostgreSQL wraps around operands
/// (`((kind)::text)`, `((ARRAY[...])::text[])`, `'a'::text`).
fn unwrap(mut expr: &Expr) -> &Expr {
    loop {
        match expr {
            Expr::Nested(inner) => expr = inner,
            Expr::Cast { expr: inner, .. } => expr = inner,
            _ => return expr,
        }
    }
}

/// The column an operand names (after unwrapping), as stored: quotes removed.
fn column_name(expr: &Expr) -> Option<String> {
    match unwrap(expr) {
        Expr::Identifier(ident) => Some(ident.value.clone()),
        _ => None,
    }
}

/// The text of a string literal operand (after unwrapping casts such as `::text`).
fn string_literal(expr: &Expr) -> Option<String> {
    match unwrap(expr) {
        Expr::Value(v) => match &v.value {
            Value::SingleQuotedString(s) | Value::EscapedStringLiteral(s) => Some(s.clone()),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(column: &str, values: &[&str]) -> Option<(String, Vec<String>)> {
        Some((
            column.to_owned(),
            values.iter().map(|v| v.to_string()).collect(),
        ))
    }

    #[test]
    fn value_sets_of_canonical_checks() {
        assert_eq!(
            check_value_set("CHECK ((status = ANY (ARRAY['pending'::text, 'processing'::text])))"),
            set("status", &["pending", "processing"])
        );
        assert_eq!(
            check_value_set(
                "CHECK (((status)::text = ANY ((ARRAY['a'::character varying, \
                 'b'::character varying])::text[])))"
            ),
            set("status", &["a", "b"])
        );
        assert_eq!(
            check_value_set("CHECK (((kind = 'a'::text) OR (kind = 'b'::text)))"),
            set("kind", &["a", "b"])
        );
        assert_eq!(
            check_value_set("CHECK ((kind = 'a'::text))"),
            set("kind", &["a"])
        );
        // Three-way OR, a doubled quote, a backslash (literal under standard strings).
        assert_eq!(
            check_value_set(
                "CHECK (((flavour = 'x'::text) OR (flavour = 'y'::text) OR (flavour = 'it''s'::text)))"
            ),
            set("flavour", &["x", "y", "it's"])
        );
        assert_eq!(
            check_value_set("CHECK ((weird = ANY (ARRAY['a\\b'::text, 'é'::text])))"),
            set("weird", &["a\\b", "é"])
        );
        // Suffixes, quoted column names, enum and bpchar casts.
        assert_eq!(
            check_value_set("CHECK ((code = ANY (ARRAY['abc'::bpchar, 'de'::bpchar]))) NOT VALID"),
            set("code", &["abc", "de"])
        );
        assert_eq!(
            check_value_set(
                "CHECK ((\"Mixed Case\" = ANY (ARRAY['A'::text, 'B'::text]))) NO INHERIT"
            ),
            set("Mixed Case", &["A", "B"])
        );
        assert_eq!(
            check_value_set("CHECK ((s = ANY (ARRAY['x'::identity.status])))"),
            set("s", &["x"])
        );
        assert_eq!(
            check_value_set("CHECK (('a'::text = kind))"),
            set("kind", &["a"])
        );
    }

    #[test]
    fn no_value_set_for_other_checks() {
        for definition in [
            "CHECK (((ranged > 0) AND (ranged < 10)))",
            "CHECK (((odd = 'a'::text) OR (odd IS NULL)))",
            "CHECK ((n = ANY (ARRAY[1, 2])))",
            "CHECK ((n = 1))",
            "CHECK (((a = 'x'::text) OR (b = 'y'::text)))",
            "CHECK ((status <> (kind)::text))",
            "CHECK ((NOT (s = ANY (ARRAY['a'::text]))))",
            "CHECK ((s <> ALL (ARRAY['a'::text])))",
            "CHECK ((s = ANY (ARRAY['a'::text, upper('b'::text)])))",
            "CHECK ((lower(s) = 'a'::text))",
            "CHECK ((s ~ '^a'::text))",
            "CHECK ((length(s) > 2))",
            "CHECK ((VALUE >= 0))",
            "CHECK ((s = 'a'::text)) junk",
            "UNIQUE (s)",
            "",
        ] {
            assert_eq!(check_value_set(definition), None, "{definition}");
        }
    }

    #[test]
    fn fk_action_codes() {
        assert_eq!(fk_action("a"), Some("NO ACTION"));
        assert_eq!(fk_action("r"), Some("RESTRICT"));
        assert_eq!(fk_action("c"), Some("CASCADE"));
        assert_eq!(fk_action("n"), Some("SET NULL"));
        assert_eq!(fk_action("d"), Some("SET DEFAULT"));
        assert_eq!(fk_action("x"), None);
    }

    /// One of everything the dump describes, including the catalog's awkward cases.
    const FIXTURE: &str = r#"
CREATE TYPE mood AS ENUM ('sad', 'happy');
ALTER TYPE mood ADD VALUE 'ok' BEFORE 'happy';
ALTER TYPE mood ADD VALUE 'ecstatic' AFTER 'happy';
CREATE DOMAIN email AS text NOT NULL;
CREATE DOMAIN short_code AS character varying(8);
CREATE SCHEMA identity;
CREATE TYPE identity.status AS ENUM ('active', 'banned');
CREATE TABLE identity.users (
    id bigserial PRIMARY KEY,
    status identity.status NOT NULL DEFAULT 'active',
    contact email,
    nickname varchar(32) UNIQUE,
    feeling mood,
    CHECK (status IN ('active', 'banned'))
);
CREATE TABLE orgs (
    id integer GENERATED ALWAYS AS IDENTITY,
    region text NOT NULL,
    name text NOT NULL,
    code short_code,
    PRIMARY KEY (region, id),
    UNIQUE (name, region),
    UNIQUE (name)
);
-- A unique index is not a UNIQUE constraint.
CREATE UNIQUE INDEX orgs_lower_name ON orgs (lower(name));
CREATE TABLE members (
    org_region text NOT NULL,
    org_id integer NOT NULL,
    user_id bigint NOT NULL REFERENCES identity.users (id) ON DELETE CASCADE,
    seq integer GENERATED BY DEFAULT AS IDENTITY,
    small smallserial,
    tags text[],
    grid integer[][],
    price numeric(20,8),
    at timestamp(3) without time zone,
    code character(3),
    dropped integer,
    status text NOT NULL CHECK (status IN ('pending', 'processing')),
    kind varchar(10) CHECK (kind IN ('a', 'b')),
    flavour text CHECK (flavour = 'x' OR flavour = 'y' OR flavour = 'it''s'),
    single text CHECK (single = 'only'),
    ranged integer CHECK (ranged > 0 AND ranged < 10),
    odd text CHECK (odd = 'a' OR odd IS NULL),
    total integer GENERATED ALWAYS AS (org_id * 2) STORED,
    PRIMARY KEY (org_region, org_id, user_id),
    FOREIGN KEY (org_region, org_id) REFERENCES orgs (region, id)
        ON DELETE SET NULL ON UPDATE RESTRICT,
    -- Sorts after members_status_check, so that one's values win for `status`...
    CONSTRAINT z_status CHECK (status = ANY (ARRAY['z1', 'z2'])),
    -- ...and this one sorts before members_kind_check, so its values win for `kind`.
    CONSTRAINT a_kind CHECK (kind = 'q'),
    CONSTRAINT two_cols CHECK (status <> kind)
);
ALTER TABLE members DROP COLUMN dropped;
ALTER TABLE members ADD COLUMN late boolean DEFAULT false;
ALTER TABLE members ADD CONSTRAINT late_nv CHECK (code IN ('abc', 'de')) NOT VALID;
CREATE TABLE events (id bigint, at date NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE "Quoted" (
    "Mixed Case" text CHECK ("Mixed Case" IN ('A', 'B')),
    ref_id bigint,
    ev_at date,
    FOREIGN KEY (ref_id, ev_at) REFERENCES events (id, at) ON UPDATE SET DEFAULT,
    FOREIGN KEY (ref_id) REFERENCES identity.users (id)
);
CREATE VIEW active_members AS SELECT user_id, status AS "State" FROM members;
CREATE MATERIALIZED VIEW identity.user_counts AS SELECT status, count(*) AS n FROM identity.users GROUP BY status;
"#;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    /// A column: (name, type, not_null, has_default, identity, generated).
    fn col(
        name: &str,
        ty: &str,
        not_null: bool,
        has_default: bool,
        identity: Option<&str>,
        generated: bool,
    ) -> ColumnDump {
        ColumnDump {
            name: name.into(),
            ty: ty.into(),
            not_null,
            has_default,
            identity: identity.map(Into::into),
            generated,
        }
    }

    /// A plain column: no NOT NULL, no default, no identity, not generated.
    fn plain(name: &str, ty: &str) -> ColumnDump {
        col(name, ty, false, false, None, false)
    }

    fn fk(
        columns: &[&str],
        schema: &str,
        table: &str,
        refs: &[&str],
        del: &str,
        upd: &str,
    ) -> ForeignKeyDump {
        ForeignKeyDump {
            columns: strings(columns),
            ref_schema: schema.into(),
            ref_table: table.into(),
            ref_columns: strings(refs),
            on_delete: del.into(),
            on_update: upd.into(),
        }
    }

    fn values(sets: &[(&str, &[&str])]) -> BTreeMap<String, Vec<String>> {
        sets.iter()
            .map(|(column, vals)| (column.to_string(), strings(vals)))
            .collect()
    }

    fn expected_fixture_dump() -> Dump {
        let users = TableDump {
            schema: "identity".into(),
            name: "users".into(),
            columns: vec![
                col("id", "bigint", true, true, None, false),
                // Not in the search path, so format_type qualifies it.
                col("status", "identity.status", true, true, None, false),
                plain("contact", "email"),
                plain("nickname", "character varying(32)"),
                plain("feeling", "mood"),
            ],
            primary_key: Some(strings(&["id"])),
            unique: vec![strings(&["nickname"])],
            foreign_keys: vec![],
            check_count: 1,
            value_sets: values(&[("status", &["active", "banned"])]),
        };
        // "Quoted" sorts before "events": byte order, upper case first.
        let quoted = TableDump {
            schema: "public".into(),
            name: "Quoted".into(),
            columns: vec![
                plain("Mixed Case", "text"),
                plain("ref_id", "bigint"),
                plain("ev_at", "date"),
            ],
            primary_key: None,
            unique: vec![],
            // Only the declared FK to `events`, not the one PostgreSQL derives for its
            // partition; ["ref_id"] sorts before ["ref_id", "ev_at"].
            foreign_keys: vec![
                fk(
                    &["ref_id"],
                    "identity",
                    "users",
                    &["id"],
                    "NO ACTION",
                    "NO ACTION",
                ),
                fk(
                    &["ref_id", "ev_at"],
                    "public",
                    "events",
                    &["id", "at"],
                    "NO ACTION",
                    "SET DEFAULT",
                ),
            ],
            check_count: 1,
            value_sets: values(&[("Mixed Case", &["A", "B"])]),
        };
        let events = TableDump {
            schema: "public".into(),
            name: "events".into(),
            columns: vec![
                col("id", "bigint", true, false, None, false),
                col("at", "date", true, false, None, false),
            ],
            primary_key: Some(strings(&["id", "at"])),
            unique: vec![],
            foreign_keys: vec![],
            check_count: 0,
            value_sets: BTreeMap::new(),
        };
        let members = TableDump {
            schema: "public".into(),
            name: "members".into(),
            columns: vec![
                col("org_region", "text", true, false, None, false),
                col("org_id", "integer", true, false, None, false),
                col("user_id", "bigint", true, false, None, false),
                // Identity: NOT NULL, but no default expression.
                col("seq", "integer", true, false, Some("by default"), false),
                col("small", "smallint", true, true, None, false),
                plain("tags", "text[]"),
                // Declared integer[][]: the catalog keeps one `[]`.
                plain("grid", "integer[]"),
                plain("price", "numeric(20,8)"),
                plain("at", "timestamp(3) without time zone"),
                plain("code", "character(3)"),
                // `dropped` is gone; `late` (added afterwards) comes last.
                col("status", "text", true, false, None, false),
                plain("kind", "character varying(10)"),
                plain("flavour", "text"),
                plain("single", "text"),
                plain("ranged", "integer"),
                plain("odd", "text"),
                // A generation expression counts as a default (atthasdef).
                col("total", "integer", false, true, None, true),
                col("late", "boolean", false, true, None, false),
            ],
            primary_key: Some(strings(&["org_region", "org_id", "user_id"])),
            unique: vec![],
            foreign_keys: vec![
                fk(
                    &["org_region", "org_id"],
                    "public",
                    "orgs",
                    &["region", "id"],
                    "SET NULL",
                    "RESTRICT",
                ),
                fk(
                    &["user_id"],
                    "identity",
                    "users",
                    &["id"],
                    "CASCADE",
                    "NO ACTION",
                ),
            ],
            // status, kind, flavour, single, ranged, odd, z_status, a_kind, two_cols, late_nv.
            check_count: 10,
            value_sets: values(&[
                ("code", &["abc", "de"]),
                ("flavour", &["x", "y", "it's"]),
                ("kind", &["q"]),
                ("single", &["only"]),
                ("status", &["pending", "processing"]),
            ]),
        };
        let orgs = TableDump {
            schema: "public".into(),
            name: "orgs".into(),
            columns: vec![
                col("id", "integer", true, false, Some("always"), false),
                col("region", "text", true, false, None, false),
                col("name", "text", true, false, None, false),
                plain("code", "short_code"),
            ],
            primary_key: Some(strings(&["region", "id"])),
            // Sorted lists; the unique index on lower(name) is not a constraint.
            unique: vec![strings(&["name"]), strings(&["name", "region"])],
            foreign_keys: vec![],
            check_count: 0,
            value_sets: BTreeMap::new(),
        };
        Dump {
            enums: vec![
                EnumDump {
                    schema: "identity".into(),
                    name: "status".into(),
                    labels: strings(&["active", "banned"]),
                },
                EnumDump {
                    schema: "public".into(),
                    name: "mood".into(),
                    labels: strings(&["sad", "ok", "happy", "ecstatic"]),
                },
            ],
            domains: vec![
                DomainDump {
                    schema: "public".into(),
                    name: "email".into(),
                    ty: "text".into(),
                    not_null: true,
                },
                DomainDump {
                    schema: "public".into(),
                    name: "short_code".into(),
                    ty: "character varying(8)".into(),
                    not_null: false,
                },
            ],
            tables: vec![users, quoted, events, members, orgs],
            views: vec![
                ViewDump {
                    schema: "identity".into(),
                    name: "user_counts".into(),
                    columns: strings(&["status", "n"]),
                },
                ViewDump {
                    schema: "public".into(),
                    name: "active_members".into(),
                    columns: strings(&["user_id", "State"]),
                },
            ],
        }
    }

    #[test]
    fn reads_the_fixture_schema() {
        let server = PgServer::start().expect("server starts");
        server.create_database("fixture").expect("database created");
        server.psql("fixture", FIXTURE).expect("fixture applies");
        let dump = read_dump(&server, "fixture").expect("dump read");
        let expected = expected_fixture_dump();
        // Compare the rendered text first: on failure it shows a readable diff context.
        assert_eq!(dump.to_json(), expected.to_json());
        assert_eq!(dump, expected);
    }

    #[test]
    fn applied_file_and_search_path_independence() {
        // A schema applied from a file, in a database whose default search_path would
        // otherwise hide `public`: the reader must still spell types as with
        // `search_path = public`.
        let server = PgServer::start().expect("server starts");
        server
            .create_database("other_path")
            .expect("database created");
        let dir = tempfile::tempdir().expect("scratch dir");
        let file = dir.path().join("schema.sql");
        std::fs::write(
            &file,
            "CREATE SCHEMA app;\n\
             CREATE TYPE app.level AS ENUM ('low', 'high');\n\
             CREATE TYPE level AS ENUM ('x');\n\
             CREATE TABLE app.items (id serial PRIMARY KEY, lvl app.level, plvl level);\n\
             ALTER DATABASE other_path SET search_path = app;\n",
        )
        .expect("write schema");
        server
            .apply_file("other_path", &file)
            .expect("schema applies");
        let dump = read_dump(&server, "other_path").expect("dump read");
        let items = &dump.tables[0];
        assert_eq!(dump.tables.len(), 1);
        assert_eq!(
            (items.schema.as_str(), items.name.as_str()),
            ("app", "items")
        );
        let types: Vec<&str> = items.columns.iter().map(|c| c.ty.as_str()).collect();
        assert_eq!(types, ["integer", "app.level", "level"]);
        let enums: Vec<(&str, &str)> = dump
            .enums
            .iter()
            .map(|e| (e.schema.as_str(), e.name.as_str()))
            .collect();
        assert_eq!(enums, [("app", "level"), ("public", "level")]);
    }

    #[test]
    fn empty_database_gives_empty_dump() {
        let server = PgServer::start().expect("server starts");
        server.create_database("empty").expect("database created");
        let dump = read_dump(&server, "empty").expect("dump read");
        assert_eq!(dump, Dump::default());
    }
}
