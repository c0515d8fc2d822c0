//! The `schemagen` command line: `schemagen dump --json <dir>`, `schemagen generate <dir>`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

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

#[derive(Subcommand)]
enum Command {
    /// Print the schema the migrations leave behind, in the canonical JSON form.
    Dump {
        /// Print JSON (the only format so far).
        #[arg(long, required = true)]
        json: bool,
        /// The migrations folder.
        dir: PathBuf,
    },
    /// Print the Rust code `build.rs` would generate.
    Generate {
        /// The migrations folder.
        dir: PathBuf,
        /// Leave out the sqlx derives.
        #[arg(long)]
        no_sqlx: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Dump { json: _, dir } => schemagen::load_schema(&dir).map(|loaded| {
            (
                schemagen::Dump::from(&loaded.schema).to_json(),
                loaded.warnings,
            )
        }),
        Command::Generate { dir, no_sqlx } => schemagen::Builder::new()
            .migrations(dir)
            .sqlx(!no_sqlx)
            .generate_string()
            .map(|g| (g.code, g.warnings)),
    };
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
