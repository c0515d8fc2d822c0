#!/usr/bin/env python3
"""Prints the schema.rs that `diesel print-schema` (diesel_cli 2.3, default settings) would
print for a database the migrations built, from schemagen's canonical dump:

    schemagen dump --json <migrations> | python3 scripts/diesel_schema.py [CONFIG] > schema.rs

CONFIG is print-schema's `allow_tables_to_appear_in_same_query_config` (diesel 2.3):
`all_tables` (the default), `fk_related_tables` (one invocation per group of tables
connected by foreign keys) or `none`.

Used by scripts/compile-cost.sh to compile diesel's `table!` schema of the same tables as
schemagen's generated module. It follows print-schema's output with no diesel.toml:
tables of the `public` schema sorted by name, columns in attnum order, one
`diesel::table!` per table, a `sql_types` module with a `#[derive(diesel::sql_types::SqlType)]`
struct per enum type used by a column (print-schema's default `custom_type_derives`), a
`diesel::joinable!` per single-column foreign key to its parent's primary key, and one
`diesel::allow_tables_to_appear_in_same_query!` listing every table (with the default
`all_tables`; the macro expands to about ten impls per pair of tables). No doc comments
(`with_docs = false`). Not rustfmt-formatted; the tokens are the same.
"""

import json
import re
import sys

# format_type spellings -> diesel's SQL type names, as print-schema names them (the pg
# udt_name, capitalised).
BASE_TYPES = {
    "smallint": "Int2",
    "integer": "Int4",
    "bigint": "Int8",
    "real": "Float4",
    "double precision": "Float8",
    "text": "Text",
    "boolean": "Bool",
    "bytea": "Bytea",
    "date": "Date",
    "time without time zone": "Time",
    "timestamp without time zone": "Timestamp",
    "timestamp with time zone": "Timestamptz",
    "interval": "Interval",
    "json": "Json",
    "jsonb": "Jsonb",
    "uuid": "Uuid",
    "inet": "Inet",
    "cidr": "Cidr",
    "macaddr": "Macaddr",
    "money": "Money",
    "oid": "Oid",
}


def camel(name):
    return "".join(part[:1].upper() + part[1:] for part in name.split("_") if part)


def diesel_type(sql_type, enums):
    """(diesel type, max_length or None, custom type (sql name, rust name) or None)"""
    if sql_type.endswith("[]"):
        inner, _, custom = diesel_type(sql_type[:-2], enums)
        return f"Array<Nullable<{inner}>>", None, custom
    base = re.sub(r"\(.*\)", "", sql_type)
    if base in ("numeric", "decimal"):
        return "Numeric", None, None
    if base in ("timestamp with time zone", "timestamp without time zone",
                "time without time zone"):
        return BASE_TYPES[base], None, None
    m = re.fullmatch(r"character varying(?:\((\d+)\))?", sql_type)
    if m:
        return "Varchar", m.group(1), None
    m = re.fullmatch(r"character(?:\((\d+)\))?", sql_type)
    if m:
        return "Bpchar", m.group(1), None
    if sql_type in BASE_TYPES:
        return BASE_TYPES[sql_type], None, None
    if sql_type in enums:
        rust = camel(sql_type)
        return rust, None, (sql_type, rust)
    sys.exit(f"diesel_schema.py: no diesel type for `{sql_type}`")


def main():
    dump = json.load(sys.stdin)
    enums = {e["name"] for e in dump["enums"] if e["schema"] == "public"}
    tables = sorted(
        (t for t in dump["tables"] if t["schema"] == "public"), key=lambda t: t["name"]
    )
    names = {t["name"] for t in tables}
    out = ["// @generated automatically by Diesel CLI.", ""]

    blocks = []
    custom_types = {}
    for table in tables:
        if not table["primary_key"]:
            # print-schema refuses a table with no primary key; so does this.
            sys.exit(f"diesel_schema.py: table {table['name']} has no primary key")
        columns = []
        used = []
        for column in table["columns"]:
            ty, max_length, custom = diesel_type(column["type"], enums)
            if custom:
                custom_types[custom[1]] = custom[0]
                if custom[1] not in used:
                    used.append(custom[1])
            if not column["not_null"]:
                ty = f"Nullable<{ty}>"
            if max_length:
                columns.append(f"        #[max_length = {max_length}]")
            columns.append(f"        {column['name']} -> {ty},")
        block = ["diesel::table! {"]
        if used:
            block.append("    use diesel::sql_types::*;")
            block.extend(f"    use super::sql_types::{rust};" for rust in used)
            block.append("")
        block.append(f"    {table['name']} ({', '.join(table['primary_key'])}) {{")
        block.extend(columns)
        block.append("    }")
        block.append("}")
        blocks.append("\n".join(block))

    if custom_types:
        out.append("pub mod sql_types {")
        for i, rust in enumerate(sorted(custom_types)):
            if i:
                out.append("")
            out.append("    #[derive(diesel::sql_types::SqlType)]")
            out.append(f'    #[diesel(postgres_type(name = "{custom_types[rust]}"))]')
            out.append(f"    pub struct {rust};")
        out.append("}")
        out.append("")
    out.append("\n\n".join(blocks))

    # joinable!: single-column foreign keys to the parent's primary key, within the schema,
    # sorted as print-schema sorts them (child, then parent); a child with two keys to the
    # same parent gets none (ambiguous).
    by_name = {t["name"]: t for t in tables}
    fks = []
    for table in tables:
        for fk in table["foreign_keys"]:
            parent = by_name.get(fk["ref_table"])
            if (
                fk["ref_schema"] == "public"
                and fk["ref_table"] in names
                and len(fk["columns"]) == 1
                and parent["primary_key"] == fk["ref_columns"]
                and fk["ref_table"] != table["name"]
            ):
                fks.append((table["name"], fk["ref_table"], fk["columns"][0]))
    pairs = [(c, p) for c, p, _ in fks]
    fks = [fk for fk in fks if pairs.count((fk[0], fk[1])) == 1]
    fks.sort()
    if fks:
        out.append("")
        out.extend(f"diesel::joinable!({c} -> {p} ({col}));" for c, p, col in fks)

    config = sys.argv[1] if len(sys.argv) > 1 else "all_tables"
    if config == "all_tables":
        groups = [[t["name"] for t in tables]]
    elif config == "fk_related_tables":
        # Connected components of the foreign-key graph, each sorted, sorted by first name.
        links = {t["name"]: set() for t in tables}
        for table in tables:
            for fk in table["foreign_keys"]:
                if fk["ref_schema"] == "public" and fk["ref_table"] in links:
                    links[table["name"]].add(fk["ref_table"])
                    links[fk["ref_table"]].add(table["name"])
        seen, groups = set(), []
        for table in tables:
            if table["name"] in seen:
                continue
            seen.add(table["name"])
            group, pending = [], [table["name"]]
            while pending:
                name = pending.pop()
                group.append(name)
                for other in links[name] - seen:
                    seen.add(other)
                    pending.append(other)
            groups.append(sorted(group))
        groups.sort()
    elif config == "none":
        groups = []
    else:
        sys.exit(f"diesel_schema.py: unknown config `{config}`")
    groups = [g for g in groups if len(g) >= 2]
    if groups:
        out.append("")
    for group in groups:
        out.append("diesel::allow_tables_to_appear_in_same_query!(")
        out.extend(f"    {name}," for name in group)
        out.append(");")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
