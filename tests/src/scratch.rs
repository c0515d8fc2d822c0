//! Scratch crates that use schemagen from their build script, built with cargo as a
//! user's crate is built (the rebuild and hygiene tests).
//!
//! Each scratch crate lives in its own temporary folder, but they all build into one
//! target folder under the workspace's (`target/schemagen-scratch/`), so schemagen and its
//! dependencies are compiled once and reused by every test and every later run. Cargo
//! locks that folder, so tests building at once wait for each other rather than clash.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The target folder every scratch crate builds into.
pub fn target_dir() -> PathBuf {
    crate::workspace_root()
        .join("target")
        .join("schemagen-scratch")
}

/// Writes `text` to `path` inside `dir`, creating the folders on the way.
pub fn write(dir: &Path, path: &str, text: &str) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().expect("a file inside the crate")).unwrap();
    std::fs::write(path, text).unwrap();
}

/// `Cargo.toml` for a package `name` with schemagen (this workspace's) as its only
/// build-dependency, and the workspace's lock file beside it.
pub fn write_manifest(dir: &Path, name: &str) {
    let build_support = crate::workspace_root().join("build-support");
    write(
        dir,
        "Cargo.toml",
        &format!(
            "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n\
             [build-dependencies]\nschemagen = {{ path = {:?} }}\n\n[workspace]\n",
            build_support.display().to_string()
        ),
    );
    // The workspace's lock file, so the scratch crate builds the versions CI already has.
    std::fs::copy(
        crate::workspace_root().join("Cargo.lock"),
        dir.join("Cargo.lock"),
    )
    .unwrap();
}

/// `cargo build <verbosity>` of the crate in `dir` into [`target_dir`]; panics with
/// cargo's output when the build fails, and returns cargo's stderr (where `-v` and `-vv`
/// print the commands cargo runs).
pub fn cargo_build(dir: &Path, verbosity: &str) -> String {
    let output = Command::new(env!("CARGO"))
        .args(["build", verbosity])
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target_dir())
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "cargo build failed:\n{stderr}");
    stderr
}
