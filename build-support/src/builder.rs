//! The entry point a `build.rs` uses: configuration, then the whole pipeline.

use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Error};
use crate::source::{Layout, SourceOptions};
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
    /// Migrations in `./migrations`, their layout detected, sqlx derives on.
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

    /// Whether generated items derive `sqlx::FromRow` / `sqlx::Type` (on by default).
    pub fn sqlx(&mut self, on: bool) -> &mut Self {
        self.options.sqlx = on;
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
        Ok(Generated {
            code,
            files_read: loaded.files_read,
            warnings: loaded.warnings,
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
