//! Compiles generated code the way a user's crate compiles it: in a scratch crate that
//! depends on sqlx 0.9 and the crates the generated types name, under
//! `#![deny(warnings, missing_docs)]`, so generated code is held to the standard of
//! hand-written code.
//!
//! All scratch crates live in one scratch workspace under the workspace's target folder
//! (`target/schemagen-compile/`, or `$SCHEMAGEN_COMPILE_DIR`), with one lock file and one
//! target folder: sqlx and the other dependencies are built once, then reused by every
//! variant, every test and every later run. Every crate of the scratch workspace declares
//! the same dependencies with the same features (see [`Deps`]), which is what lets them
//! share one build.
//!
//! A scratch crate's sources are rewritten only where their bytes changed (and files no
//! longer written are deleted), so a rerun with the same generated code costs cargo's
//! freshness check, about a second. The first build needs the network to add the crates
//! the workspace's lock file lacks (pgvector, ...); after that, or with
//! `CARGO_NET_OFFLINE=true` once they are downloaded, it works offline.
//!
//! - [`compile_generated`]: one library crate per [`Deps`] variant, one module per case,
//!   all cases compiled at once.
//! - [`build_program`]: a binary crate holding generated modules and a `main`, built and
//!   returned as a path to run (the round-trip test).
//! - [`generate`]: the generated code of a migrations folder, with options set by a
//!   closure over [`schemagen::Builder`].

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::time::Instant;

/// The date and time crate the generated code names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TimeCrate {
    /// `chrono`: `NaiveDate`, `DateTime<Utc>`, ...
    Chrono,
    /// `time`: `Date`, `OffsetDateTime`, ...
    Time,
}

/// The crate `numeric` values decode into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NumericCrate {
    /// `rust_decimal::Decimal`.
    RustDecimal,
    /// `bigdecimal::BigDecimal`.
    BigDecimal,
}

/// What the generated code of one variant may name: the scratch crate depends directly
/// on exactly these crates, so a generated path to a crate the variant does not offer
/// (`::chrono` in a `time` build, `::serde` with serde off) is a compile error. Paths
/// through sqlx's re-exports (`::sqlx::types::chrono::...`) are not caught: sqlx is
/// built with every feature here.
///
/// Always offered: `sqlx`, `uuid`, `serde_json`, `ipnetwork`, `mac_address`, `bit_vec`,
/// `pgvector`, `tokio`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Deps {
    /// `chrono` or `time`.
    pub time: TimeCrate,
    /// `rust_decimal` or `bigdecimal`.
    pub numeric: NumericCrate,
    /// `serde` (with `derive`) as a direct dependency.
    pub serde: bool,
}

impl Deps {
    /// chrono and rust_decimal, no serde: schemagen's defaults.
    pub const CHRONO: Deps = Deps {
        time: TimeCrate::Chrono,
        numeric: NumericCrate::RustDecimal,
        serde: false,
    };
    /// chrono, rust_decimal and serde.
    pub const CHRONO_SERDE: Deps = Deps::CHRONO.with_serde(true);
    /// time and rust_decimal, no serde.
    pub const TIME: Deps = Deps::CHRONO.with_time(TimeCrate::Time);
    /// time, rust_decimal and serde.
    pub const TIME_SERDE: Deps = Deps::TIME.with_serde(true);

    /// These dependencies with `time` as the date and time crate.
    pub const fn with_time(self, time: TimeCrate) -> Deps {
        Deps { time, ..self }
    }

    /// These dependencies with `numeric` as the crate for `numeric`.
    pub const fn with_numeric(self, numeric: NumericCrate) -> Deps {
        Deps { numeric, ..self }
    }

    /// These dependencies with serde offered or not.
    pub const fn with_serde(self, serde: bool) -> Deps {
        Deps { serde, ..self }
    }

    /// The variant's name, used in the scratch crates' names: `chrono`, `time-serde`,
    /// `chrono-bigdecimal`, ...
    pub fn variant(self) -> String {
        let mut name = String::from(match self.time {
            TimeCrate::Chrono => "chrono",
            TimeCrate::Time => "time",
        });
        if self.numeric == NumericCrate::BigDecimal {
            name.push_str("-bigdecimal");
        }
        if self.serde {
            name.push_str("-serde");
        }
        name
    }

    /// Whether the scratch crate names a dependency of this role directly.
    fn offers(self, role: Role) -> bool {
        match role {
            Role::Always => true,
            Role::Chrono => self.time == TimeCrate::Chrono,
            Role::Time => self.time == TimeCrate::Time,
            Role::RustDecimal => self.numeric == NumericCrate::RustDecimal,
            Role::BigDecimal => self.numeric == NumericCrate::BigDecimal,
            Role::Serde => self.serde,
        }
    }
}

/// When a dependency is in a variant's extern prelude.
#[derive(Debug, Clone, Copy)]
enum Role {
    Always,
    Chrono,
    Time,
    RustDecimal,
    BigDecimal,
    Serde,
}

/// Every dependency of every scratch crate, with the same features everywhere.
///
/// A variant that does not offer a crate still declares it, renamed to `unused_<name>`
/// (so `::chrono` does not resolve in a `time` build): cargo then resolves the same
/// features for every crate of the scratch workspace, and sqlx and its dependencies are
/// built once for all variants instead of once per variant. The serde features of the
/// type crates are on everywhere for the same reason; without `serde` itself in the
/// extern prelude, generated code cannot use them.
///
/// sqlx's features are those the generated types need (see `build-support/src/rust/types.rs`),
/// both date/time crates, both numeric crates, and `runtime-tokio` for the programs of [`build_program`].
const DEPENDENCIES: &[(&str, Role, &str)] = &[
    (
        "sqlx",
        Role::Always,
        r#"version = "0.9", default-features = false, features = ["runtime-tokio", "postgres", "derive", "uuid", "chrono", "time", "json", "ipnetwork", "mac_address", "bit-vec", "rust_decimal", "bigdecimal"]"#,
    ),
    ("tokio", Role::Always, r#"version = "1", features = ["rt"]"#),
    (
        "uuid",
        Role::Always,
        r#"version = "1", features = ["serde"]"#,
    ),
    ("serde_json", Role::Always, r#"version = "1""#),
    (
        "rust_decimal",
        Role::RustDecimal,
        r#"version = "1", features = ["serde", "serde-with-str"]"#,
    ),
    (
        "bigdecimal",
        Role::BigDecimal,
        r#"version = "0.4", features = ["serde"]"#,
    ),
    (
        "ipnetwork",
        Role::Always,
        r#"version = "0.21", features = ["serde"]"#,
    ),
    (
        "mac_address",
        Role::Always,
        r#"version = "1", features = ["serde"]"#,
    ),
    // The bit-vec sqlx-postgres 0.9 implements its traits for.
    (
        "bit-vec",
        Role::Always,
        r#"version = "0.8", features = ["serde"]"#,
    ),
    // pgvector 0.4 supports sqlx ">= 0.8, < 0.10".
    (
        "pgvector",
        Role::Always,
        r#"version = "0.4", features = ["sqlx", "serde"]"#,
    ),
    (
        "chrono",
        Role::Chrono,
        r#"version = "0.4", default-features = false, features = ["clock", "std", "serde"]"#,
    ),
    (
        "time",
        Role::Time,
        r#"version = "0.3", features = ["serde", "serde-well-known", "formatting", "parsing"]"#,
    ),
    (
        "serde",
        Role::Serde,
        r#"version = "1", features = ["derive"]"#,
    ),
];

/// The generated code of the migrations in `dir` (relative paths are relative to
/// `tests/`, where cargo runs the integration tests), with the builder's options set by
/// `configure`; Err holds schemagen's rendered diagnostics.
pub fn generate(
    dir: impl AsRef<Path>,
    configure: impl Fn(&mut schemagen::Builder),
) -> Result<String, String> {
    let mut builder = schemagen::Builder::new();
    builder.migrations(dir.as_ref());
    configure(&mut builder);
    builder
        .generate_string()
        .map(|generated| generated.code)
        .map_err(|e| e.to_string())
}

/// Compiles every case's generated code, one module per case, in the scratch library crate
/// `<suite>`'s `deps` variant, with `cargo build` and `#![deny(warnings, missing_docs)]`.
/// Each test names its own `suite`, so two tests never rewrite one crate in turn (which
/// would rebuild it on every run instead of finding it fresh).
///
/// `cases` are `(name, code)`; a name is made into a module name (lower case, `_` for
/// anything but letters and digits). Err holds cargo's full output: rustc's diagnostics
/// point into `crates/<crate>/src/cases/<module>.rs` under [`scratch_root`].
pub fn compile_generated(
    suite: &str,
    cases: &[(String, String)],
    deps: Deps,
) -> Result<(), String> {
    let name = format!("schemagen-{suite}-{}", deps.variant());
    let modules = modules(cases)?;
    let mut lib = String::from(
        "//! The code schemagen generates for its test fixtures, compiled as a user's crate\n\
         //! compiles it. Written by `schemagen_tests::compile`; do not edit.\n\
         #![deny(warnings, missing_docs)]\n",
    );
    lib.push_str(&module_items(&modules));
    build(&name, deps, &modules, ("src/lib.rs", &lib)).map(|_| ())
}

/// Builds a program: the generated `cases` as modules (as in [`compile_generated`]; a
/// case named `types` is `crate::types`), then `main`, the rest of `src/main.rs` (it
/// defines `fn main`; `tokio` with the `rt` feature and sqlx's `runtime-tokio` are
/// available). The crate root denies warnings and missing docs, as for
/// [`compile_generated`]. Returns the executable's path; Err holds cargo's full output.
pub fn build_program(
    name: &str,
    cases: &[(String, String)],
    main: &str,
    deps: Deps,
) -> Result<PathBuf, String> {
    let crate_name =
        format!("schemagen-run-{}-{}", module_name(name), deps.variant()).replace('_', "-");
    let modules = modules(cases)?;
    let mut main_rs = format!(
        "//! `{name}`: a program built on the code schemagen generates. Written by\n\
         //! `schemagen_tests::compile`; do not edit.\n\
         #![deny(warnings, missing_docs)]\n"
    );
    main_rs.push_str(&module_items(&modules));
    main_rs.push('\n');
    main_rs.push_str(main);
    let executable = build(&crate_name, deps, &modules, ("src/main.rs", &main_rs))?;
    executable.ok_or_else(|| format!("cargo built `{crate_name}` but named no executable"))
}

/// The scratch workspace: `$SCHEMAGEN_COMPILE_DIR`, else `schemagen-compile/` in the
/// workspace's target folder (`$CARGO_TARGET_DIR` when set, else `target/`).
pub fn scratch_root() -> PathBuf {
    if let Some(dir) = std::env::var_os("SCHEMAGEN_COMPILE_DIR") {
        return PathBuf::from(dir);
    }
    let target = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if Path::new(&dir).is_absolute() => PathBuf::from(dir),
        Some(dir) => crate::workspace_root().join(dir),
        None => crate::workspace_root().join("target"),
    };
    target.join("schemagen-compile")
}

/// `(module name, code)` per case; Err when two names make the same module.
fn modules(cases: &[(String, String)]) -> Result<Vec<(String, &str)>, String> {
    let mut modules: Vec<(String, &str)> = Vec::with_capacity(cases.len());
    for (name, code) in cases {
        let module = module_name(name);
        if modules.iter().any(|(m, _)| *m == module) {
            return Err(format!(
                "two cases make the module name `{module}` (the last was {name:?})"
            ));
        }
        modules.push((module, code));
    }
    Ok(modules)
}

/// A module name for a case name: `seeds/000_identity` -> `seeds_000_identity`.
fn module_name(name: &str) -> String {
    let mut module: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if module.is_empty() || module.starts_with(|c: char| c.is_ascii_digit()) {
        module.insert_str(0, "case_");
    }
    module
}

/// `pub mod <case> { include!("cases/<case>.rs"); }` per case, each with its doc comment.
fn module_items(modules: &[(String, &str)]) -> String {
    let mut items = String::new();
    for (module, _) in modules {
        items.push_str(&format!(
            "\n/// The code schemagen generates for case `{module}`.\n\
             pub mod {module} {{\n    include!(\"cases/{module}.rs\");\n}}\n"
        ));
    }
    items
}

/// Runs one nested cargo at a time: tests run on parallel threads, and two builds of the
/// same scratch crate must not write its sources at once (cargo itself serialises
/// builds in one target folder anyway). A lock file does the same across processes.
static CARGO: Mutex<()> = Mutex::new(());

/// Writes crate `name` into the scratch workspace (its sources: `root_file` and the cases'
/// code, stale files removed, unchanged files left untouched so a rerun with the same
/// code is a no-op for cargo), builds it, and returns the executable it made, if any.
fn build(
    name: &str,
    deps: Deps,
    modules: &[(String, &str)],
    root_file: (&str, &str),
) -> Result<Option<PathBuf>, String> {
    let _guard = CARGO
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let root = scratch_root();
    let crate_dir = root.join("crates").join(name);
    std::fs::create_dir_all(&root).map_err(|e| format!("cannot create {}: {e}", root.display()))?;
    // And one at a time across processes: two test runs in one checkout write the same
    // scratch crates. Released when the file is closed, at the end of this function.
    let lock_path = root.join("scratch.lock");
    let lock = std::fs::File::create(&lock_path)
        .map_err(|e| format!("cannot create {}: {e}", lock_path.display()))?;
    lock.lock()
        .map_err(|e| format!("cannot lock {}: {e}", lock_path.display()))?;
    prepare_workspace(&root)?;

    let mut files: Vec<(String, String)> = vec![
        ("Cargo.toml".to_string(), manifest(name, deps)),
        (root_file.0.to_string(), root_file.1.to_string()),
    ];
    for (module, code) in modules {
        files.push((format!("src/cases/{module}.rs"), code.to_string()));
    }
    sync_dir(&crate_dir, &files)?;

    let started = Instant::now();
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(&cargo)
        .arg("build")
        .arg("--manifest-path")
        .arg(root.join("Cargo.toml"))
        .args(["-p", name, "--message-format", "json-render-diagnostics"])
        .args(["--color", "never"])
        .env("CARGO_TARGET_DIR", root.join("target"))
        // The programs run here: built for the host, whatever target the caller chose.
        .env_remove("CARGO_BUILD_TARGET")
        .current_dir(&root)
        .output()
        .map_err(|e| format!("cannot run {}: {e}", Path::new(&cargo).display()))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(format!(
            "`cargo build -p {name}` in {} failed ({}):\n{stderr}",
            root.display(),
            output.status
        ));
    }
    eprintln!(
        "schemagen_tests::compile: built `{name}` ({} cases) in {:.1}s",
        modules.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(executable(&String::from_utf8_lossy(&output.stdout), name))
}

/// The executable cargo's JSON messages name for the binary target `name` (a binary
/// target is named as its package, dashes kept).
fn executable(json_lines: &str, name: &str) -> Option<PathBuf> {
    json_lines
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|message| {
            message["reason"] == "compiler-artifact" && message["target"]["name"] == name
        })
        .find_map(|message| message["executable"].as_str().map(PathBuf::from))
}

/// The scratch workspace's manifest and lock file. The lock file starts as a copy of the
/// workspace's, so the scratch crates build the versions CI already has (cargo adds the
/// crates the workspace does not use, such as pgvector, once); it is copied again only
/// when the workspace's lock file changes, so later runs need no network.
fn prepare_workspace(root: &Path) -> Result<(), String> {
    let manifest = "# Scratch crates of schemagen's compile tests (schemagen_tests::compile).\n\
                    [workspace]\n\
                    resolver = \"3\"\n\
                    members = [\"crates/*\"]\n\n\
                    # Nothing here is debugged or edited: no debug info, no incremental\n\
                    # caches (faster and smaller; each crate is rebuilt whole anyway).\n\
                    [profile.dev]\n\
                    debug = 0\n\
                    incremental = false\n";
    write_if_changed(&root.join("Cargo.toml"), manifest)?;
    let workspace_lock = crate::workspace_root().join("Cargo.lock");
    let seed = root.join("Cargo.lock.seed");
    if let Ok(lock) = std::fs::read_to_string(&workspace_lock)
        && std::fs::read_to_string(&seed).ok().as_deref() != Some(lock.as_str())
    {
        write(&root.join("Cargo.lock"), &lock)?;
        write(&seed, &lock)?;
    }
    Ok(())
}

fn manifest(name: &str, deps: Deps) -> String {
    let mut manifest = format!(
        "[package]\n\
         name = \"{name}\"\n\
         version = \"0.0.0\"\n\
         edition = \"2024\"\n\
         publish = false\n\n\
         [dependencies]\n"
    );
    for (key, role, spec) in DEPENDENCIES {
        if deps.offers(*role) {
            manifest.push_str(&format!("{key} = {{ {spec} }}\n"));
        } else {
            let renamed = format!("unused_{}", key.replace('-', "_"));
            manifest.push_str(&format!("{renamed} = {{ package = \"{key}\", {spec} }}\n"));
        }
    }
    manifest
}

/// Makes `dir` hold exactly `files` (relative paths): writes those whose bytes differ,
/// removes every other file under `dir/src`.
fn sync_dir(dir: &Path, files: &[(String, String)]) -> Result<(), String> {
    for (path, text) in files {
        write_if_changed(&dir.join(path), text)?;
    }
    let keep: Vec<PathBuf> = files.iter().map(|(path, _)| dir.join(path)).collect();
    remove_others(&dir.join("src"), &keep)
}

fn remove_others(dir: &Path, keep: &[PathBuf]) -> Result<(), String> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(_) => return Ok(()),
    };
    for entry in entries {
        let path = entry
            .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
            .path();
        if path.is_dir() {
            remove_others(&path, keep)?;
        } else if !keep.contains(&path) {
            std::fs::remove_file(&path)
                .map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
        }
    }
    Ok(())
}

fn write_if_changed(path: &Path, text: &str) -> Result<(), String> {
    if std::fs::read(path).is_ok_and(|old| old == text.as_bytes()) {
        return Ok(());
    }
    write(path, text)
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_names() {
        assert_eq!(module_name("seeds/000_identity"), "seeds_000_identity");
        assert_eq!(module_name("001"), "case_001");
        assert_eq!(module_name("Corpus-Harbor"), "corpus_harbor");
        let cases = [
            ("a-b".to_string(), String::new()),
            ("a_b".to_string(), String::new()),
        ];
        assert!(modules(&cases).is_err());
    }

    #[test]
    fn a_variant_names_only_its_crates() {
        let time = manifest("x", Deps::TIME);
        assert!(time.contains("\ntime = {"), "{time}");
        assert!(time.contains("\nrust_decimal = {"), "{time}");
        assert!(
            time.contains("\nunused_chrono = { package = \"chrono\","),
            "{time}"
        );
        assert!(
            time.contains("\nunused_serde = { package = \"serde\","),
            "{time}"
        );
        let chrono = manifest(
            "x",
            Deps::CHRONO_SERDE.with_numeric(NumericCrate::BigDecimal),
        );
        assert!(chrono.contains("\nchrono = {"), "{chrono}");
        assert!(chrono.contains("\nserde = {"), "{chrono}");
        assert!(chrono.contains("\nbigdecimal = {"), "{chrono}");
        assert!(
            chrono.contains("\nunused_time = { package = \"time\","),
            "{chrono}"
        );
        assert!(
            chrono.contains("\nunused_rust_decimal = { package = \"rust_decimal\","),
            "{chrono}"
        );
        assert!(!chrono.contains("\nunused_bit_vec"), "{chrono}");
    }

    #[test]
    fn variant_names() {
        assert_eq!(Deps::CHRONO.variant(), "chrono");
        assert_eq!(Deps::TIME_SERDE.variant(), "time-serde");
        assert_eq!(
            Deps::CHRONO
                .with_numeric(NumericCrate::BigDecimal)
                .with_serde(true)
                .variant(),
            "chrono-bigdecimal-serde"
        );
    }
}
