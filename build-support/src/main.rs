//! The `schemagen` command line: `schemagen dump --json <dir>`, `schemagen generate <dir>`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use schemagen::rust::{NumericCrate, TimeCrate};
use schemagen::source::{Layout, SetupSql, SourceOptions};

#[derive(Parser)]
#[command(
    name = "schemagen",
    version,
    about = "Rust types from PostgreSQL migrations, offline"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// How to read the migrations folder, shared by every command.
#[derive(Args)]
struct Source {
    /// The migrations folder.
    dir: PathBuf,
    /// The folder's layout: sqlx, golang-migrate, diesel, refinery (or flyway), goose,
    /// dbmate, plain or prisma. Detected from the folder when not given.
    #[arg(long, value_name = "NAME", value_parser = parse_layout)]
    layout: Option<Layout>,
    /// Leave out the migrations whose path in the folder matches this glob
    /// (`*rollback*`); may be given several times.
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    /// Replay the SQL in this file before the first migration: what the deployment
    /// creates outside the migrations (a schema, an extension, `ALTER DATABASE ... SET
    /// search_path`); may be given several times.
    #[arg(long, value_name = "FILE")]
    before: Vec<PathBuf>,
    /// Pass over the statement at `<path>:<line>` (the path inside the migrations
    /// folder, any line of the statement); may be given several times.
    #[arg(long, value_name = "PATH:LINE")]
    pass_over: Vec<String>,
}

impl Source {
    fn options(&self) -> Result<SourceOptions, schemagen::Error> {
        let mut before_migrations = Vec::new();
        for file in &self.before {
            let sql = std::fs::read_to_string(file).map_err(|e| {
                schemagen::Error::new(vec![
                    schemagen::Diagnostic::error(format!(
                        "cannot read the `--before` file `{}`: {e}",
                        file.display()
                    ))
                    .with_hint("give the path of a file of SQL, saved as UTF-8"),
                ])
            })?;
            before_migrations.push(SetupSql {
                name: file.display().to_string(),
                sql,
            });
        }
        Ok(SourceOptions {
            layout: self.layout,
            exclude: self.exclude.clone(),
            before_migrations,
            pass_over: self.pass_over.clone(),
        })
    }
}

fn parse_layout(name: &str) -> Result<Layout, String> {
    name.parse()
}

#[derive(Subcommand)]
enum Command {
    /// Print the schema the migrations leave behind, in the canonical JSON form.
    Dump {
        /// Print JSON (the only format so far).
        #[arg(long, required = true)]
        json: bool,
        #[command(flatten)]
        source: Source,
    },
    /// Print the Rust code `build.rs` would generate.
    Generate {
        #[command(flatten)]
        source: Source,
        /// Leave out the sqlx derives.
        #[arg(long)]
        no_sqlx: bool,
        /// Derive serde's `Serialize` and `Deserialize`.
        #[arg(long)]
        serde: bool,
        /// The crate for dates and times: chrono (default) or time.
        #[arg(long, value_name = "CRATE", value_parser = ["chrono", "time"], default_value = "chrono")]
        time_crate: String,
        /// The crate for `numeric`: rust_decimal (default) or bigdecimal.
        #[arg(long, value_name = "CRATE", value_parser = ["rust_decimal", "bigdecimal"], default_value = "rust_decimal")]
        numeric_crate: String,
    },
}

/// Runs one command: the text to print and the warnings, or the error.
fn run(cli: Cli) -> Result<(String, Vec<schemagen::Diagnostic>), schemagen::Error> {
    match cli.command {
        Command::Dump { json: _, source } => source
            .options()
            .and_then(|options| schemagen::load_schema_with(&source.dir, &options))
            .map(|loaded| {
                (
                    schemagen::Dump::from(&loaded.schema).to_json(),
                    loaded.warnings,
                )
            }),
        Command::Generate {
            source,
            no_sqlx,
            serde,
            time_crate,
            numeric_crate,
        } => {
            let mut builder = schemagen::Builder::new();
            builder
                .migrations(&source.dir)
                .sqlx(!no_sqlx)
                .serde(serde)
                .time_crate(if time_crate == "time" {
                    TimeCrate::Time
                } else {
                    TimeCrate::Chrono
                })
                .numeric_crate(if numeric_crate == "bigdecimal" {
                    NumericCrate::BigDecimal
                } else {
                    NumericCrate::RustDecimal
                });
            source.options().and_then(|options| {
                builder.source_options(options);
                builder.generate_string().map(|g| (g.code, g.warnings))
            })
        }
    }
}

fn main() -> ExitCode {
    let result = run(Cli::parse());
    match result {
        Ok((text, warnings)) => {
            for warning in warnings {
                eprintln!("{warning}");
            }
            // A closed pipe (`| head`) is not an error worth a panic.
            let _ = std::io::stdout().write_all(text.as_bytes());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_args(args: &[&str]) -> Result<(String, Vec<schemagen::Diagnostic>), String> {
        let cli = Cli::try_parse_from(args).map_err(|e| e.to_string())?;
        run(cli).map_err(|e| e.to_string())
    }

    #[test]
    fn before_and_pass_over_flags_reach_the_replay() {
        let dir = tempfile::tempdir().unwrap();
        let migrations = dir.path().join("migrations");
        std::fs::create_dir(&migrations).unwrap();
        std::fs::write(
            migrations.join("0001_a.sql"),
            "CREATE TABLE t (a mood);\nALTER TABLE t ADD COLUMN b int\n  NOT NUL;\n",
        )
        .unwrap();
        let setup = dir.path().join("setup.sql");
        std::fs::write(&setup, "CREATE TYPE mood AS ENUM ('ok');\n").unwrap();
        let (migrations, setup) = (migrations.to_str().unwrap(), setup.to_str().unwrap());

        let err = run_args(&["schemagen", "dump", "--json", migrations]).unwrap_err();
        assert!(err.contains("0001_a.sql:3:"), "{err}");
        let err = run_args(&[
            "schemagen",
            "dump",
            "--json",
            "--pass-over",
            "0001_a.sql:2",
            migrations,
        ])
        .unwrap_err();
        assert!(err.contains("type `mood` does not exist"), "{err}");
        for command in ["dump", "generate"] {
            let mut args = vec!["schemagen", command, "--before", setup];
            args.extend(["--pass-over", "0001_a.sql:3", "--pass-over", "0001_a.sql:2"]);
            if command == "dump" {
                args.push("--json");
            }
            args.push(migrations);
            // Two places inside one statement name it twice: still one statement.
            let (text, _) = run_args(&args).unwrap_or_else(|e| panic!("{command}: {e}"));
            assert!(text.contains("mood"), "{command}: {text}");
        }
        // A stale place, and a `--before` file that is not there, are errors.
        let err = run_args(&[
            "schemagen",
            "dump",
            "--json",
            "--before",
            setup,
            "--pass-over",
            "0001_a.sql:9",
            migrations,
        ])
        .unwrap_err();
        assert!(err.contains("names no statement"), "{err}");
        let err = run_args(&[
            "schemagen",
            "dump",
            "--json",
            "--before",
            "/nonexistent.sql",
            migrations,
        ])
        .unwrap_err();
        assert!(err.contains("cannot read the `--before` file"), "{err}");
    }
}
