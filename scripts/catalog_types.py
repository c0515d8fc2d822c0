#!/usr/bin/env python3
"""Writes build-support/src/model/catalog_types.rs: the type catalog of a real PostgreSQL.

Starts a throwaway server (initdb + pg_ctl in a temporary folder, Unix socket only, its
own port), creates in one database every contrib extension the Debian package
`postgresql-<major>` ships (read from `dpkg -L`), runs scripts/catalog_types.sql, and
turns its lines into a Rust table. The server is stopped and the folder removed at the
end, also on error.

The integration test tests/integration/catalog_types.rs runs the same SQL on a fresh
server with the extensions the table lists, and compares, so the checked-in table cannot
drift from PostgreSQL unnoticed.

Usage: scripts/catalog_types.py [--bindir /usr/lib/postgresql/15/bin] [--out FILE]
"""

import argparse
import glob
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SQL = os.path.join(ROOT, "scripts", "catalog_types.sql")
OUT = os.path.join(ROOT, "build-support", "src", "model", "catalog_types.rs")
FIXTURE = os.path.join(ROOT, "tests", "fixtures", "catalog", "builtin", "0001_every_type.sql")


def default_bindir():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(p.split("/")[4]))
    if not found:
        sys.exit("no /usr/lib/postgresql/<n>/bin/initdb: apt-get install postgresql")
    return os.path.dirname(found[-1])


def contrib_extensions(major):
    """The extensions whose control files Debian's postgresql-<major> package ships."""
    out = subprocess.run(["dpkg", "-L", f"postgresql-{major}"], check=True,
                         capture_output=True, text=True).stdout
    names = [os.path.basename(p)[:-len(".control")] for p in out.splitlines()
             if p.endswith(".control") and "/extension/" in p]
    return sorted(set(names))


class Server:
    def __init__(self, bindir):
        self.bindir = bindir
        self.dir = tempfile.mkdtemp(prefix="schemagen-catalog-", dir="/tmp")
        self.root = os.geteuid() == 0
        self.port = 54000 + os.getpid() % 5000
        if self.root:
            subprocess.run(["chown", "-R", "postgres:postgres", self.dir], check=True)
        self.data = os.path.join(self.dir, "data")
        self.run(["initdb", "-D", self.data, "-U", "postgres", "-A", "trust",
                  "--no-sync", "-E", "UTF8", "--locale=C"])
        opts = f"-k {self.dir} -p {self.port} -c listen_addresses='' -c fsync=off"
        self.run(["pg_ctl", "-D", self.data, "-w", "-l",
                  os.path.join(self.dir, "server.log"), "-o", opts, "start"])

    def run(self, argv, **kw):
        argv = [os.path.join(self.bindir, argv[0])] + argv[1:]
        if self.root:
            argv = ["runuser", "-u", "postgres", "--"] + argv
        return subprocess.run(argv, check=True, capture_output=True, text=True, **kw)

    def psql(self, db, sql):
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env["PGCLIENTENCODING"] = "UTF8"
        return subprocess.run(
            [os.path.join(self.bindir, "psql"), "-X", "-q", "-A", "-t", "-v",
             "ON_ERROR_STOP=1", "-h", self.dir, "-p", str(self.port), "-U", "postgres",
             "-d", db, "-f", "-"],
            input=sql, check=True, capture_output=True, text=True, env=env).stdout

    def stop(self):
        try:
            self.run(["pg_ctl", "-D", self.data, "-m", "immediate", "stop"])
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


def rust_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def type_literal(f, indent):
    (name, typtype, category, preferred, fmt, element, array, typmod, column, base) = f
    pad = " " * indent
    return (f"{pad}CatalogType {{ name: {rust_str(name)}, kind: b'{typtype}', "
            f"category: b'{category}', preferred: {preferred == 't' and 'true' or 'false'}, "
            f"format: {rust_str(fmt)}, element: {rust_str(element)}, "
            f"array: {rust_str(array)}, typmod: {typmod == 't' and 'true' or 'false'}, "
            f"column: {column == 't' and 'true' or 'false'}, base: {rust_str(base)} }},")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bindir", default=None)
    ap.add_argument("--out", default=OUT)
    ap.add_argument("--fixture", default=FIXTURE)
    args = ap.parse_args()
    bindir = args.bindir or default_bindir()
    server = Server(bindir)
    try:
        version = server.psql("postgres", "SHOW server_version;").strip()
        major = version.split(".")[0]
        extensions = contrib_extensions(major)
        create = "".join(f'CREATE EXTENSION IF NOT EXISTS "{e}" CASCADE;\n' for e in extensions)
        server.psql("postgres", "CREATE DATABASE catalog;")
        server.psql("catalog", "SET client_min_messages = warning;\n" + create)
        with open(SQL) as f:
            lines = server.psql("catalog", f.read()).splitlines()
    finally:
        server.stop()

    types, exts, ext_types, ext_relations = [], [], {}, {}
    for line in lines:
        f = line.split("\t")
        if f[0] == "type":
            types.append(f[1:])
        elif f[0] == "extension":
            exts.append(f[1:])
        elif f[0] == "ext_type":
            ext_types.setdefault(f[1], []).append(f[2:])
        elif f[0] == "ext_relation":
            ext_relations.setdefault(f[1], []).append(f[2:])
        elif line.strip():
            sys.exit(f"unexpected line from catalog_types.sql: {line!r}")

    out = [
        f"// @generated by scripts/catalog_types.py from PostgreSQL {version}; do not edit.",
        "// Regenerate: `python3 scripts/catalog_types.py`. Checked against a real server by",
        "// tests/integration/catalog_types.rs.",
        "",
        "use super::pg_types::{CatalogType, ExtRelation, ExtensionDef};",
        "",
        "/// Every type of `pg_catalog`, sorted by name (byte order) for binary search.",
        "pub(super) static BUILTIN: &[CatalogType] = &[",
    ]
    out += [type_literal(t, 4) for t in types]
    out += [
        "];",
        "",
        f"/// The contrib extensions Debian's `postgresql-{major}` ships, sorted by name, with the",
        "/// types each makes (not their array types, which `array` names).",
        "pub(super) static EXTENSIONS: &[ExtensionDef] = &[",
    ]
    for (name, schema, relocatable, requires) in exts:
        reqs = ", ".join(rust_str(r) for r in requires.split(",") if r)
        out.append(f"    ExtensionDef {{")
        out.append(f"        name: {rust_str(name)},")
        out.append(f"        schema: {rust_str(schema)},")
        out.append(f"        relocatable: {relocatable == 't' and 'true' or 'false'},")
        out.append(f"        requires: &[{reqs}],")
        out.append(f"        source: \"contrib\",")
        ts = ext_types.get(name, [])
        if ts:
            out.append("        types: &[")
            out += [type_literal(t, 12) for t in ts]
            out.append("        ],")
        else:
            out.append("        types: &[],")
        rels = ext_relations.get(name, [])
        if rels:
            out.append("        relations: &[")
            for (rel, kind, cols) in rels:
                names = ", ".join(rust_str(c) for c in cols.split(","))
                out.append(f"            ExtRelation {{ name: {rust_str(rel)}, kind: b'{kind}', "
                           f"columns: &[{names}], types: &[], primary_key: &[], checks: &[] }},")
            out.append("        ],")
        else:
            out.append("        relations: &[],")
        out.append("    },")
    out.append("];")
    with open(args.out, "w") as f:
        f.write("\n".join(out) + "\n")
    write_fixture(args.fixture, version, types)
    print(f"wrote {args.out}: {len(types)} pg_catalog types, {len(exts)} extensions, "
          f"{sum(len(v) for v in ext_types.values())} extension types")


def write_fixture(path, version, types):
    """A migration with a column of every pg_catalog type PostgreSQL accepts as one, by
    its quoted `typname` and by its `format_type` spelling, and their arrays, which the
    differential test applies to a server and compares with schemagen's model."""
    by_name = {t[0]: t for t in types}
    usable = [t for t in types if t[8] == "t" and t[5] == "" and t[1] != "p"]
    def columns(spell):
        out = []
        for t in usable:
            out.append(f"    c_{t[0]} {spell(t)}")
            array = by_name.get(t[6])
            if array is not None and array[8] == "t":
                out.append(f"    a_{t[0]} {spell(array)}")
        return ",\n".join(out)
    text = (
        f"-- @generated by scripts/catalog_types.py from PostgreSQL {version}; do not edit.\n"
        "-- A column of every type of pg_catalog a table column may have, and of its array\n"
        "-- type: by its quoted typname, then as format_type spells it.\n\n"
        f"CREATE TABLE every_type_by_name (\n{columns(lambda t: chr(34) + t[0] + chr(34))}\n);\n\n"
        f"CREATE TABLE every_type_as_printed (\n{columns(lambda t: t[4])}\n);\n"
    )
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
