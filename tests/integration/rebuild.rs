//! Cargo reruns the build script exactly when it should: after a migration is added,
//! and not after an unrelated source file changes or when nothing changed. Checked by
//! building a scratch crate with cargo, as a user's build runs.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A crate whose build script runs schemagen on its `migrations/` folder, and whose
/// binary prints the columns of the generated `Item`.
fn scratch_crate(dir: &Path) {
    let build_support = schemagen_tests::workspace_root().join("build-support");
    let write = |path: &str, text: &str| {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "Cargo.toml",
        &format!(
            "[package]\nname = \"rebuild-probe\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n\
             [build-dependencies]\nschemagen = {{ path = {:?} }}\n\n[workspace]\n",
            build_support.display().to_string()
        ),
    );
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
    // The workspace's lock file, so the scratch crate builds the versions CI already has.
    std::fs::copy(
        schemagen_tests::workspace_root().join("Cargo.lock"),
        dir.join("Cargo.lock"),
    )
    .unwrap();
}

struct Build {
    stderr: String,
    /// Whether cargo ran the crate's build script.
    ran_build_script: bool,
}

fn cargo_build(dir: &Path, target: &Path) -> Build {
    let output = Command::new(env!("CARGO"))
        .args(["build", "-v"])
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target)
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "cargo build failed:\n{stderr}");
    let ran_build_script = stderr.lines().any(|l| {
        l.contains("Running") && l.contains("rebuild-probe") && l.contains("build-script-build")
    });
    Build {
        stderr,
        ran_build_script,
    }
}

fn run(target: &Path) -> String {
    let binary = target.join("debug").join("rebuild-probe");
    let output = Command::new(binary).output().expect("the probe runs");
    String::from_utf8_lossy(&output.stdout).trim().to_string()
}

#[test]
fn the_build_script_reruns_for_migrations_and_only_for_them() {
    let dir = tempfile::tempdir().unwrap();
    scratch_crate(dir.path());
    // A target folder shared across runs, so schemagen and its dependencies build once.
    let target: PathBuf = schemagen_tests::workspace_root()
        .join("target")
        .join("schemagen-rebuild");

    let first = cargo_build(dir.path(), &target);
    assert!(first.ran_build_script, "{}", first.stderr);
    assert_eq!(run(&target), "id,name");

    // Nothing changed: neither the build script nor anything else runs again.
    let again = cargo_build(dir.path(), &target);
    assert!(!again.ran_build_script, "{}", again.stderr);

    // An unrelated source file changed: the crate recompiles, the build script does not run.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    std::fs::write(
        dir.path().join("src/other.rs"),
        "pub fn touch() {\n    let _ = 1;\n}\n",
    )
    .unwrap();
    let touched = cargo_build(dir.path(), &target);
    assert!(!touched.ran_build_script, "{}", touched.stderr);

    // A migration added: the build script runs and the generated code follows.
    std::fs::write(
        dir.path().join("migrations/0002_price.sql"),
        "ALTER TABLE items ADD COLUMN price INTEGER;\n",
    )
    .unwrap();
    let added = cargo_build(dir.path(), &target);
    assert!(added.ran_build_script, "{}", added.stderr);
    assert_eq!(run(&target), "id,name,price");

    // A migration changed in place: the same.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    std::fs::write(
        dir.path().join("migrations/0002_price.sql"),
        "ALTER TABLE items ADD COLUMN cost BIGINT;\n",
    )
    .unwrap();
    let changed = cargo_build(dir.path(), &target);
    assert!(changed.ran_build_script, "{}", changed.stderr);
    assert_eq!(run(&target), "id,name,cost");

    // schemagen's configuration changed (it lives in build.rs): the build script reruns.
    let build_rs = std::fs::read_to_string(dir.path().join("build.rs")).unwrap();
    std::fs::write(
        dir.path().join("build.rs"),
        build_rs.replace(".sqlx(false)", ".sqlx(false).exclude(\"0002_*\")"),
    )
    .unwrap();
    let configured = cargo_build(dir.path(), &target);
    assert!(configured.ran_build_script, "{}", configured.stderr);
    assert_eq!(run(&target), "id,name");
}
