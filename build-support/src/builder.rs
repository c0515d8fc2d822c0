//! The entry point a `build.rs` uses: configuration, then the whole pipeline.

use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Error};
use crate::source::{Layout, SetupSql, SourceOptions};
use crate::{emit, rust};

/// Configures and runs schemagen, in the style of `prost_build::Config`:
///
/// ```no_run
/// schemagen::Builder::new().migrations("../migrations").generate().unwrap();
/// ```
#[derive(Debug, Clone)]
pub struct Builder {
    migrations: PathBuf,
    source: SourceOptions,
    options: rust::Options,
    out_dir: Option<PathBuf>,
}

/// The generated code and what was learnt on the way.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The module's source text.
    pub code: String,
    /// Every migration file read.
    pub files_read: Vec<PathBuf>,
    /// Problems that did not stop generation.
    pub warnings: Vec<Diagnostic>,
}

impl Default for Builder {
    fn default() -> Self {
        Builder {
            migrations: PathBuf::from("migrations"),
            source: SourceOptions::default(),
            options: rust::Options::default(),
            out_dir: None,
        }
    }
}

impl Builder {
    /// Migrations in `./migrations`, their layout detected, sqlx derives on, serde off,
    /// `chrono` and `rust_decimal`.
    pub fn new() -> Self {
        Self::default()
    }

    /// The migrations folder, relative to the crate being built (where `build.rs` runs).
    pub fn migrations(&mut self, dir: impl AsRef<Path>) -> &mut Self {
        self.migrations = dir.as_ref().to_path_buf();
        self
    }

    /// The migrations folder's layout (sqlx, golang-migrate, diesel, ...). Detected from
    /// the folder when not set; setting it reads the folder as that runner would, and
    /// passes over (with a warning) whatever that runner would not read.
    pub fn layout(&mut self, layout: Layout) -> &mut Self {
        self.source.layout = Some(layout);
        self
    }

    /// Leaves out the migrations whose path, relative to the migrations folder, matches
    /// `glob` (`*rollback*`, `*/down.sql`; a folder whose name matches is left out
    /// whole). May be called several times.
    pub fn exclude(&mut self, glob: &str) -> &mut Self {
        self.source.exclude.push(glob.to_string());
        self
    }

    /// Replays `sql` before the first migration: what the deployment creates outside the
    /// migrations, such as `CREATE SCHEMA app; ALTER DATABASE app SET search_path TO
    /// app, public;` or `CREATE EXTENSION citext;`. Types and schemas it creates can be
    /// used by the migrations; tables it creates get Rust types like any other (they
    /// exist in the database). Diagnostics place its statements in
    /// `<before_migrations>`. May be called several times; the pieces run in order.
    ///
    /// The SQL is text, not a path: the build script reads no file but the migrations.
    /// `ALTER DATABASE <name> SET search_path` holds for every migration after it (each
    /// migration file is taken to run in a session of its own).
    pub fn before_migrations(&mut self, sql: &str) -> &mut Self {
        self.source.before_migrations.push(SetupSql::new(sql));
        self
    }

    /// Passes over the one statement at `place`, `"<path>:<line>"`: the migration's
    /// path inside the migrations folder (`"0003_add_index.sql:12"`,
    /// `"20240101120000_x/up.sql:42"`) and any line of the statement. The escape hatch
    /// for a statement schemagen cannot read, which never edits the migration (sqlx and
    /// other runners checksum applied files). A place that names no statement is an
    /// error naming the nearest one, so a stale pass-over cannot rot silently. May be
    /// called several times.
    pub fn pass_over(&mut self, place: &str) -> &mut Self {
        self.source.pass_over.push(place.to_string());
        self
    }

    /// Every source option at once (layout, exclusions, setup SQL, pass-overs), as the
    /// command line gathers them.
    pub fn source_options(&mut self, options: SourceOptions) -> &mut Self {
        self.source = options;
        self
    }

    /// Whether generated items derive `sqlx::FromRow` / `sqlx::Type`, text enums
    /// implement sqlx's traits, and insert structs get `insert` (on by default).
    pub fn sqlx(&mut self, on: bool) -> &mut Self {
        self.options.sqlx = on;
        self
    }

    /// Whether generated structs and enums derive `serde::Serialize` and
    /// `serde::Deserialize`, enum values serialized as SQL spells them (off by default).
    /// A column whose Rust type has no serde impl (sqlx's `PgInterval`, `PgRange`, ...)
    /// is then an error naming it, until [`column_type`](Self::column_type) gives it one.
    pub fn serde(&mut self, on: bool) -> &mut Self {
        self.options.serde = on;
        self
    }

    /// The crate for `date`, `time`, `timestamp`, `timestamptz` and their ranges:
    /// `chrono` (the default) or `time`. Only the chosen crate is ever named.
    pub fn time_crate(&mut self, time_crate: rust::TimeCrate) -> &mut Self {
        self.options.time_crate = time_crate;
        self
    }

    /// The crate for `numeric`: `rust_decimal` (the default) or `bigdecimal`.
    pub fn numeric_crate(&mut self, numeric_crate: rust::NumericCrate) -> &mut Self {
        self.options.numeric_crate = numeric_crate;
        self
    }

    /// The Rust type for every value of a SQL type: `type_override("inet",
    /// "std::net::IpAddr")`. The SQL type is named as in a migration (`timestamptz`,
    /// `varchar`, `public.mood`, `"\"Mood\""` for a type created as `"Mood"`, modifiers
    /// ignored); arrays of it become `Vec<T>`, unless `"inet[]"` is overridden too. Paths
    /// are taken from the crate root (`::std::...`). A type of your own in `public` that
    /// shares a built-in type's name is named as PostgreSQL prints it, `public.int4`:
    /// the bare `int4` is the built-in `integer`.
    pub fn type_override(&mut self, sql_type: &str, rust_type: &str) -> &mut Self {
        self.options
            .type_overrides
            .insert(sql_type.to_string(), rust_type.to_string());
        self
    }

    /// The Rust type of one column's non-null value: `column_type("captures.client_ip",
    /// "std::net::IpAddr")`, `column_type("captures.evidence",
    /// "sqlx::types::Json<crate::Evidence>")`, `"billing.invoices.total"` outside
    /// `public`. A nullable column is still `Option` of it. A column that does not exist
    /// is an error.
    pub fn column_type(&mut self, column: &str, rust_type: &str) -> &mut Self {
        self.options
            .column_types
            .insert(column.to_string(), rust_type.to_string());
        self
    }

    /// An extra derive on every row and insert struct (`derive("Hash")`,
    /// `derive("serde::Serialize")`); one already there is not repeated.
    pub fn derive(&mut self, derive: &str) -> &mut Self {
        self.options.derives.push(derive.to_string());
        self
    }

    /// An extra derive on one table's row and insert structs: `table_derive("devices", "Eq")`.
    pub fn table_derive(&mut self, table: &str, derive: &str) -> &mut Self {
        self.options
            .table_derives
            .entry(table.to_string())
            .or_default()
            .push(derive.to_string());
        self
    }

    /// An extra attribute on every row and insert struct:
    /// `attribute("#[serde(rename_all = \"camelCase\")]")`.
    pub fn attribute(&mut self, attribute: &str) -> &mut Self {
        self.options.attributes.push(attribute.to_string());
        self
    }

    /// An extra attribute on one table's row and insert structs.
    pub fn table_attribute(&mut self, table: &str, attribute: &str) -> &mut Self {
        self.options
            .table_attributes
            .entry(table.to_string())
            .or_default()
            .push(attribute.to_string());
        self
    }

    /// The row struct's name for a table, instead of its singular UpperCamelCase:
    /// `struct_name("people", "Human")` (the insert struct becomes `NewHuman`).
    pub fn struct_name(&mut self, table: &str, name: &str) -> &mut Self {
        self.options
            .struct_names
            .insert(table.to_string(), name.to_string());
        self
    }

    /// The Rust name of an enum: for an enum type (`enum_name("mood", "Feeling")`) or for
    /// a column a CHECK limits to a set of strings (`enum_name("captures.status",
    /// "CaptureState")`).
    pub fn enum_name(&mut self, enum_type_or_column: &str, name: &str) -> &mut Self {
        self.options
            .enum_names
            .insert(enum_type_or_column.to_string(), name.to_string());
        self
    }

    /// Where `generate` writes `schemagen/schema.rs`; `OUT_DIR` when not set.
    pub fn out_dir(&mut self, dir: impl AsRef<Path>) -> &mut Self {
        self.out_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// Runs the pipeline and returns the generated code; touches no file but the
    /// migrations it reads, prints nothing. Tests use this.
    pub fn generate_string(&self) -> Result<Generated, Error> {
        let loaded = crate::load_schema_with(&self.migrations, &self.source)?;
        let code = rust::generate(&loaded.schema, &self.options).map_err(|mut errors| {
            errors.extend(loaded.warnings.iter().cloned());
            Error::new(errors)
        })?;
        let mut warnings = loaded.warnings;
        warnings.extend(rust::sqlx_limits::warnings(
            &loaded.schema,
            self.options.sqlx,
        ));
        crate::diagnostic::sort(&mut warnings);
        Ok(Generated {
            code,
            files_read: loaded.files_read,
            warnings,
        })
    }

    /// For `build.rs`: generates the code, writes `OUT_DIR/schemagen/schema.rs` when its
    /// bytes changed, tells cargo what to watch, and shows warnings as cargo warnings.
    pub fn generate(&self) -> Result<(), Error> {
        // Rerun when the folder changes (a file added or removed) even if this run fails.
        emit::rerun_if_changed(&self.migrations);
        let generated = self.generate_string()?;
        for file in &generated.files_read {
            emit::rerun_if_changed(file);
        }
        for warning in &generated.warnings {
            emit::warning(warning);
        }
        let out_dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => emit::out_dir()?,
        };
        emit::write_if_changed(
            &out_dir.join("schemagen").join("schema.rs"),
            &generated.code,
        )
    }
}
