-- The facts schemagen's type catalog holds, read from a PostgreSQL server's pg_type.
-- Run by scripts/catalog_types.py (which writes build-support/src/model/catalog_types.rs
-- from the output) and by the integration test tests/integration/catalog_types.rs (which
-- compares the output with that checked-in table). The extensions the table lists must
-- have been created (CASCADE, in `public`) in the database before this runs.
--
-- One tab-separated line per fact:
--   type      <typname> <typtype> <typcategory> <typispreferred> <format_type(oid, -1)>
--             <element typname if it is an element's array type> <array typname>
--             <has a typmod input function> <can be a column's type>
--             <for a domain, its base type's typname>
--             (pg_catalog's types, every kind: base, pseudo, range, multirange, array, row)
--   extension <name> <schema from its control file> <relocatable> <required extensions>
--   ext_type  <extension> then the same fields as `type` (the types the extension made;
--             their array types are named in the array field)
--   ext_relation <extension> <relname> <relkind> <column names, comma-separated>: the
--             relations it made, which the dump lists (contrib makes views only)
SET search_path = public;
SET client_min_messages = warning;

-- Whether a type can be a table column's type: PostgreSQL is asked, in a subtransaction.
CREATE FUNCTION pg_temp.column_ok(t oid) RETURNS boolean LANGUAGE plpgsql AS $fn$
BEGIN
    EXECUTE format('CREATE TEMP TABLE schemagen_column_probe (c %s)', t::regtype);
    EXECUTE 'DROP TABLE schemagen_column_probe';
    RETURN true;
EXCEPTION WHEN OTHERS THEN
    RETURN false;
END
$fn$;

CREATE FUNCTION pg_temp.type_line(t pg_type) RETURNS text LANGUAGE sql AS $fn$
    SELECT concat_ws(E'\t',
        t.typname,
        t.typtype,
        t.typcategory,
        t.typispreferred,
        format_type(t.oid, -1),
        coalesce((SELECT e.typname FROM pg_type e WHERE e.typarray = t.oid), ''),
        coalesce((SELECT a.typname FROM pg_type a WHERE a.oid = t.typarray), ''),
        t.typmodin <> 0,
        pg_temp.column_ok(t.oid),
        coalesce((SELECT b.typname FROM pg_type b WHERE b.oid = t.typbasetype), ''))
$fn$;

SELECT line FROM (
    SELECT 1 AS part, t.typname::text COLLATE "C" AS k1, '' AS k2,
           'type' || E'\t' || pg_temp.type_line(t) AS line
      FROM pg_type t
     WHERE t.typnamespace = 'pg_catalog'::regnamespace
    UNION ALL
    SELECT 2, v.name::text COLLATE "C", '',
           concat_ws(E'\t', 'extension', v.name, coalesce(v.schema::text, ''), v.relocatable,
                     coalesce(array_to_string(v.requires, ','), ''))
      FROM pg_available_extension_versions v
      JOIN pg_extension x ON x.extname = v.name AND x.extversion = v.version
    UNION ALL
    SELECT 3, x.extname::text COLLATE "C", t.typname::text COLLATE "C",
           concat_ws(E'\t', 'ext_type', x.extname, pg_temp.type_line(t))
      FROM pg_depend d
      JOIN pg_extension x ON d.refclassid = 'pg_extension'::regclass AND d.refobjid = x.oid
      JOIN pg_type t ON d.classid = 'pg_type'::regclass AND d.objid = t.oid
     WHERE d.deptype = 'e' AND x.extname <> 'plpgsql'
    UNION ALL
    SELECT 4, x.extname::text COLLATE "C", c.relname::text COLLATE "C",
           concat_ws(E'\t', 'ext_relation', x.extname, c.relname, c.relkind,
                     (SELECT string_agg(a.attname, ',' ORDER BY a.attnum) FROM pg_attribute a
                       WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped))
      FROM pg_depend d
      JOIN pg_extension x ON d.refclassid = 'pg_extension'::regclass AND d.refobjid = x.oid
      JOIN pg_class c ON d.classid = 'pg_class'::regclass AND d.objid = c.oid
     WHERE d.deptype = 'e'
) facts
ORDER BY part, k1, k2;
