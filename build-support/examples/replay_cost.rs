//! One run of one part of the replay's work, for counting its instructions with
//! callgrind (which counts the same on a busy machine as on an idle one):
//!
//! ```text
//! cargo build --release -p schemagen --example replay_cost
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null \
//!     target/release/examples/replay_cost <mode> <migrations folder>
//! ```
//!
//! `load` reads and splits the folder; `bare` does that and then sqlparser's bare parse
//! of the text; `replay` is `schemagen::load_schema` (read, split, classify, parse,
//! apply). The replay's ratio to the bare parse, as `benches/replay.rs` measures it in
//! time, is `(replay - startup) / (bare - load)` in instructions (`startup`: nothing).

#[path = "../benches/support/bare.rs"]
mod bare;

use std::path::PathBuf;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(mode), Some(dir)) = (args.next(), args.next().map(PathBuf::from)) else {
        eprintln!("usage: replay_cost startup|load|bare|replay <migrations folder>");
        std::process::exit(2);
    };
    match mode.as_str() {
        "startup" => {}
        "load" | "bare" => {
            let loaded = schemagen::source::load(&dir, &Default::default()).expect("loads");
            if mode == "bare" {
                bare::sqlparser_bare(&bare::texts(&loaded.migrations));
            }
        }
        "replay" => {
            if let Err(e) = schemagen::load_schema(&dir) {
                eprintln!("{e}");
                std::process::exit(1);
            }
        }
        other => {
            eprintln!("unknown mode {other}");
            std::process::exit(2);
        }
    }
}
