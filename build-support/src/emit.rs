//! Stage 5: write the generated file and talk to cargo.
//!
//! Writing only when the bytes changed keeps the file's timestamp, so cargo does not
//! rebuild the crate that includes it when the migrations did not change.

use std::fs;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Error};

/// `OUT_DIR`, which cargo sets for every build script.
pub fn out_dir() -> Result<PathBuf, Error> {
    match std::env::var_os("OUT_DIR") {
        Some(dir) => Ok(PathBuf::from(dir)),
        None => Err(Diagnostic::error("`OUT_DIR` is not set")
            .with_hint("call `generate()` from a build script, or set `Builder::out_dir`")
            .into()),
    }
}

/// Writes `contents` to `path` unless the file already holds exactly these bytes.
/// The new text goes to a temporary file first and is renamed into place, so a reader
/// never sees half a file.
pub fn write_if_changed(path: &Path, contents: &str) -> Result<(), Error> {
    if fs::read(path).is_ok_and(|existing| existing == contents.as_bytes()) {
        return Ok(());
    }
    let fail = |e: std::io::Error| -> Error {
        Diagnostic::error(format!("cannot write `{}`: {e}", path.display()))
            .with_hint("check that the output folder is writable")
            .into()
    };
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(fail)?;
    }
    let temporary = path.with_extension("rs.tmp");
    fs::write(&temporary, contents).map_err(fail)?;
    fs::rename(&temporary, path).map_err(fail)
}

/// `cargo::rerun-if-changed` for a file or folder (a folder reruns when any file in it
/// is added, removed or changed).
pub fn rerun_if_changed(path: &Path) {
    println!("cargo::rerun-if-changed={}", path.display());
}

/// A warning as cargo shows it: `warning: <crate>@<version>: ...`, one line at a time.
pub fn warning(diagnostic: &Diagnostic) {
    for line in diagnostic.render().lines() {
        println!("cargo::warning={line}");
    }
}
