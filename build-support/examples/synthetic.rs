//! Writes the benchmark's synthetic migration history (2,000 migrations, 500 tables,
//! 10,000 columns) to a folder, for measurements outside criterion:
//!
//! ```text
//! cargo run --release -p schemagen --example synthetic -- /tmp/synthetic
//! ```

#[path = "../benches/support/synthetic.rs"]
mod synthetic;

fn main() {
    let Some(dir) = std::env::args_os().nth(1) else {
        eprintln!("usage: synthetic <empty folder to write the history into>");
        std::process::exit(2);
    };
    let dir = std::path::PathBuf::from(dir);
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("cannot create {}: {e}", dir.display());
        std::process::exit(1);
    }
    synthetic::synthetic_history(&dir, 2_000, 500, 10_000);
}
