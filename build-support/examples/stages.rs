//! Times each stage of the build-script work on one migrations folder, single-threaded,
//! beside sqlparser's bare parse of the same text (a profiling aid, not a benchmark):
//!
//! ```text
//! NUM_JOBS=1 cargo run --release -p schemagen --example stages -- /tmp/synthetic
//! ```
//!
//! With `STAGES_REPLAY_ONLY` set it stops after the replay, for profiling that part alone.

#[path = "../benches/support/bare.rs"]
mod bare;

use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: stages <migrations folder>");
        std::process::exit(2);
    };
    let t = Instant::now();
    let loaded = match schemagen::source::load(&dir, &Default::default()) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let read = t.elapsed();
    let texts = bare::texts(&loaded.migrations);
    let t = Instant::now();
    for migration in &loaded.migrations {
        for statement in &migration.statements {
            let _ = schemagen::parse::parse(statement);
        }
    }
    let parse = t.elapsed();
    let t = Instant::now();
    let replayed = match schemagen::replay::replay(&loaded.migrations, loaded.layout) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{}", schemagen::Error::new(e));
            std::process::exit(1);
        }
    };
    let replay = t.elapsed();
    if std::env::var_os("STAGES_REPLAY_ONLY").is_some() {
        println!("read+split {read:?}  parse {parse:?}  parse+replay {replay:?}");
        return;
    }
    let t = Instant::now();
    let code = schemagen::rust::generate(&replayed.schema, &Default::default()).expect("generates");
    let generate = t.elapsed();
    let t = Instant::now();
    bare::sqlparser_bare(&texts);
    let bare = t.elapsed();
    // The floor of any pipeline that prints with prettyplease: syn's parse of the
    // generated text, and prettyplease's printing of that tree, alone.
    let t = Instant::now();
    let file = syn::parse_file(&code).expect("generated code parses");
    let syn_parse = t.elapsed();
    let t = Instant::now();
    let printed = prettyplease::unparse(&file);
    let print = t.elapsed();
    println!(
        "read+split {read:?}  parse {parse:?}  parse+replay {replay:?}  generate {generate:?} ({} bytes)\n\
         sqlparser bare {bare:?}  |  syn::parse_file of the output {syn_parse:?}  prettyplease::unparse alone {print:?} ({} bytes)",
        code.len(),
        printed.len()
    );
}
