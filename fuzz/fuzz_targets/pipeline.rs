//! The whole pipeline, as a build script runs it, on any bytes written as a migration
//! file: read, split, parse, replay, generate, print. No panic, no stack overflow; an
//! error is a diagnostic, never "generated code that does not parse"; code that is
//! generated parses as Rust.

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

/// One folder for the whole run: the migration file is rewritten for each input.
fn folder() -> &'static tempfile::TempDir {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("a temporary folder"))
}

fuzz_target!(|bytes: &[u8]| {
    let dir = folder().path();
    std::fs::write(dir.join("0001_fuzz.sql"), bytes).expect("the migration is written");
    match schemagen::Builder::new().migrations(dir).generate_string() {
        Ok(generated) => {
            if let Err(e) = syn::parse_file(&generated.code) {
                panic!("generated code does not parse: {e}\n{}", generated.code);
            }
        }
        Err(error) => {
            let text = error.to_string();
            assert!(!text.contains("bug in schemagen"), "{text}");
        }
    }
});
