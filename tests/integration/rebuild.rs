//! Cargo reruns the build script exactly when it should: after a migration is added,
//! and not after an unrelated source file changes or when nothing changed. Checked by
//! building a scratch crate with cargo, as a user's build runs.

use std::path::Path;
use std::process::Command;

use schemagen_tests::scratch;

/// A crate whose build script runs schemagen on its `migrations/` folder, and whose
/// binary prints the columns of the generated `Item`.
fn scratch_crate(dir: &Path) {
    scratch::write_manifest(dir, "rebuild-probe");
    let write = |path: &str, text: &str| scratch::write(dir, path, text);
    write(
        "build.rs",
        "fn main() {\n    if let Err(e) = schemagen::Builder::new().migrations(\"migrations\").sqlx(false).generate() {\n        eprintln!(\"{e}\");\n        std::process::exit(1);\n    }\n}\n",
    );
    write(
        "src/main.rs",
        "mod db {\n    include!(concat!(env!(\"OUT_DIR\"), \"/schemagen/schema.rs\"));\n}\nmod other;\n\n\
         fn main() {\n    other::touch();\n    println!(\"{}\", db::Item::COLUMNS.join(\",\"));\n}\n",
    );
    write("src/other.rs", "pub fn touch() {}\n");
    write(
        "migrations/0001_items.sql",
        "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\n",
    );
}

struct Build {
    stderr: String,
    /// Whether cargo ran the crate's build script.
    ran_build_script: bool,
}

fn cargo_build(dir: &Path) -> Build {
    let stderr = scratch::cargo_build(dir, "-v");
    let ran_build_script = stderr.lines().any(|l| {
        l.contains("Running") && l.contains("rebuild-probe") && l.contains("build-script-build")
    });
    Build {
        stderr,
        ran_build_script,
    }
}

fn run() -> String {
    let binary = scratch::target_dir().join("debug").join("rebuild-probe");
    let output = Command::new(binary).output().expect("the probe runs");
    String::from_utf8_lossy(&output.stdout).trim().to_string()
}

#[test]
fn the_build_script_reruns_for_migrations_and_only_for_them() {
    let dir = tempfile::tempdir().unwrap();
    scratch_crate(dir.path());
    let first = cargo_build(dir.path());
    assert!(first.ran_build_script, "{}", first.stderr);
    assert_eq!(run(), "id,name");

    // Nothing changed: neither the build script nor anything else runs again.
    let again = cargo_build(dir.path());
    assert!(!again.ran_build_script, "{}", again.stderr);

    // An unrelated source file changed: the crate recompiles, the build script does not run.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    std::fs::write(
        dir.path().join("src/other.rs"),
        "pub fn touch() {\n    let _ = 1;\n}\n",
    )
    .unwrap();
    let touched = cargo_build(dir.path());
    assert!(!touched.ran_build_script, "{}", touched.stderr);

    // A migration added: the build script runs and the generated code follows.
    std::fs::write(
        dir.path().join("migrations/0002_price.sql"),
        "ALTER TABLE items ADD COLUMN price INTEGER;\n",
    )
    .unwrap();
    let added = cargo_build(dir.path());
    assert!(added.ran_build_script, "{}", added.stderr);
    assert_eq!(run(), "id,name,price");

    // A migration changed in place: the same.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    std::fs::write(
        dir.path().join("migrations/0002_price.sql"),
        "ALTER TABLE items ADD COLUMN cost BIGINT;\n",
    )
    .unwrap();
    let changed = cargo_build(dir.path());
    assert!(changed.ran_build_script, "{}", changed.stderr);
    assert_eq!(run(), "id,name,cost");

    // schemagen's configuration changed (it lives in build.rs): the build script reruns.
    let build_rs = std::fs::read_to_string(dir.path().join("build.rs")).unwrap();
    std::fs::write(
        dir.path().join("build.rs"),
        build_rs.replace(".sqlx(false)", ".sqlx(false).exclude(\"0002_*\")"),
    )
    .unwrap();
    let configured = cargo_build(dir.path());
    assert!(configured.ran_build_script, "{}", configured.stderr);
    assert_eq!(run(), "id,name");
}
