//! The synthetic migration history the build-cost measurements run on: shared by the
//! criterion benchmark (`benches/pipeline.rs`) and the `synthetic` example, which writes
//! it to a folder for `/usr/bin/time -v schemagen generate` (peak memory) and for the
//! compile-time comparisons in `scripts/`.

use std::fmt::Write as _;
use std::path::Path;

/// Writes a migration history of `migrations` files that leaves `tables` tables with
/// `columns` columns in all, half of them made by CREATE TABLE, the rest added by ALTERs
/// (with comments) spread over the remaining files.
pub fn synthetic_history(dir: &Path, migrations: usize, tables: usize, columns: usize) {
    const TYPES: [&str; 7] = [
        "TEXT",
        "INTEGER",
        "TIMESTAMPTZ",
        "BOOLEAN",
        "JSONB",
        "UUID",
        "NUMERIC(12,2)",
    ];
    let mut n = 0;
    let mut write = |text: String| {
        n += 1;
        std::fs::write(dir.join(format!("{n:05}_m.sql")), text).unwrap();
    };
    write("CREATE TYPE state AS ENUM ('new', 'open', 'closed');\n".to_string());
    let per_table = columns / tables;
    // id, parent_id, state and kind, then plain columns up to half of `per_table`.
    let created = per_table / 2;
    for t in 0..tables {
        let mut sql = format!("CREATE TABLE table_{t} (\n    id BIGSERIAL PRIMARY KEY");
        for c in 4..created {
            let ty = TYPES[c % TYPES.len()];
            let constraint = match (c % 3, ty) {
                (0, "INTEGER") => " NOT NULL DEFAULT 0",
                (0, _) => " NOT NULL",
                _ => "",
            };
            write!(sql, ",\n    col_{c} {ty}{constraint}").unwrap();
        }
        let parent = if t == 0 {
            String::new()
        } else {
            format!(" REFERENCES table_{} (id)", t - 1)
        };
        write!(
            sql,
            ",\n    parent_id BIGINT{parent},\n    state state NOT NULL DEFAULT 'new',\n    \
             kind TEXT CHECK (kind IN ('a', 'b', 'c'))\n);\n\
             CREATE INDEX table_{t}_state ON table_{t} (state);\n\
             COMMENT ON TABLE table_{t} IS 'synthetic table {t}';\n"
        )
        .unwrap();
        write(sql);
    }
    let alters = migrations - tables - 1;
    let to_add = tables * (per_table - created);
    let mut added = 0;
    for m in 0..alters {
        let mut sql = String::new();
        // Spread the added columns evenly over the remaining migrations.
        while added < to_add * (m + 1) / alters {
            let t = added % tables;
            let c = created + added / tables;
            write!(
                sql,
                "ALTER TABLE table_{t} ADD COLUMN col_{c} TEXT;\n\
                 COMMENT ON COLUMN table_{t}.col_{c} IS 'added later';\n"
            )
            .unwrap();
            added += 1;
        }
        write(sql);
    }
}
