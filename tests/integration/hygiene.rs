//! The hygiene guarantee: the build script reads only the migrations folder and its
//! configuration, writes only under `OUT_DIR`, starts no process and opens no network
//! connection.
//!
//! Checked on a real build script: a scratch crate whose `build.rs` runs schemagen on a
//! seed's migrations is built with `cargo build -vv`, which compiles the build script and
//! prints the exact environment cargo runs it with. The compiled script is then run again
//! by hand, with that environment and a fresh `OUT_DIR`, under
//! `strace -f -y -e trace=%file,%process,%network`, and every system call in the log is
//! classified (see [`check`]). "Its configuration" is the `Builder` calls, compiled into
//! the script: schemagen reads no configuration file, so the script may read nothing of
//! the crate but its migrations.
//!
//! Attempts count, not only successes: a failed look-up of a file outside (a config file
//! that happens not to exist here) is still a dependency on the machine. What the dynamic
//! loader and the Rust runtime do before and around `main` is not schemagen's doing and
//! is let through (see [`SystemPaths`]).
//!
//! strace must be installed (`bash .ci/run` installs Debian's package where missing).

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use schemagen_tests::scratch;

/// The scratch crate's package name (and so its build script's folder name).
const PACKAGE: &str = "hygiene-probe";

/// What a traced build-script run may touch. Every path is absolute and canonical, as
/// `strace -y` prints the folders that relative paths are resolved against.
struct Rules {
    /// The scratch crate, the script's working directory.
    manifest_dir: PathBuf,
    /// The migrations folder: the only thing the script may read.
    migrations: PathBuf,
    /// The only place the script may write (and read back its own output).
    out_dir: PathBuf,
    /// The build script itself, which strace execs.
    executable: PathBuf,
    /// `LD_LIBRARY_PATH`, where the dynamic loader looks for libgcc_s and libc first.
    loader_path: Vec<PathBuf>,
}

/// The verdict on one traced run.
#[derive(Debug, Default)]
struct Verdict {
    /// Each offending system call, with why it offends.
    violations: Vec<String>,
    /// Every path the script itself touched (system paths left out), as `read <path>`
    /// or `write <path>`.
    touched: BTreeSet<String>,
    /// How many accesses were the loader's and the runtime's (see [`SystemPaths`]).
    system_accesses: usize,
}

#[test]
fn the_build_script_reads_only_migrations_writes_only_out_dir_and_starts_nothing() {
    let started = Instant::now();
    let krate = tempfile::tempdir().unwrap();
    let manifest_dir = krate.path().canonicalize().unwrap();
    scratch_crate(&manifest_dir);
    let (env, executable) = build_script_invocation(&scratch::cargo_build(&manifest_dir, "-vv"));

    let out_dir = tempfile::tempdir().unwrap();
    let rules = Rules {
        migrations: manifest_dir.join("migrations"),
        out_dir: out_dir.path().canonicalize().unwrap(),
        executable,
        loader_path: loader_path(&env),
        manifest_dir,
    };
    // Twice: into an empty OUT_DIR (the file is written), then again (the same bytes are
    // found there and nothing is written), the two paths through `write_if_changed`.
    for run in ["first run", "rerun"] {
        let log = traced_run(&rules, &env);
        let verdict = check(&log, &rules);
        println!(
            "{run}: the build script touched\n  {}",
            lines(&verdict.touched)
        );
        println!("  and {} loader / runtime paths", verdict.system_accesses);
        assert!(
            verdict.violations.is_empty(),
            "{run}: the build script broke the hygiene guarantee:\n  {}\n\nstrace log:\n{log}",
            lines(&verdict.violations)
        );
        // The classifier did see the run's work: an empty or unparsed log passes nothing.
        for file in migration_files() {
            let read = format!("read {}", rules.migrations.join(&file).display());
            assert!(
                verdict.touched.contains(&read),
                "{run}: no `{read}` in\n{log}"
            );
        }
    }
    assert!(rules.out_dir.join("schemagen/schema.rs").is_file());
    println!("hygiene check took {:.1?}", started.elapsed());
}

/// The seed whose migrations the scratch crate's build script reads.
fn seed() -> PathBuf {
    schemagen_tests::workspace_root().join("tests/fixtures/seeds/000_identity")
}

fn migration_files() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(seed())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    files.sort();
    files
}

/// A crate whose build script runs schemagen, as the README shows, on a copy of a seed.
fn scratch_crate(dir: &Path) {
    scratch::write_manifest(dir, PACKAGE);
    scratch::write(
        dir,
        "build.rs",
        "fn main() {\n    if let Err(e) = schemagen::Builder::new().migrations(\"migrations\").generate() {\n        eprintln!(\"{e}\");\n        std::process::exit(1);\n    }\n}\n",
    );
    scratch::write(dir, "src/main.rs", "fn main() {}\n");
    for file in migration_files() {
        let sql = std::fs::read_to_string(seed().join(&file)).unwrap();
        scratch::write(dir, &format!("migrations/{file}"), &sql);
    }
}

/// The environment cargo ran the scratch crate's build script with, and the script's
/// path, from `cargo build -vv`'s line ``Running `NAME=value ... /path/build-script-build` ``.
fn build_script_invocation(cargo_stderr: &str) -> (Vec<(String, String)>, PathBuf) {
    let words = cargo_stderr
        .lines()
        .filter_map(|line| line.trim().strip_prefix("Running `")?.strip_suffix('`'))
        .map(shell_words)
        .find(|words| {
            words
                .last()
                .is_some_and(|w| w.ends_with("/build-script-build"))
                && words
                    .iter()
                    .any(|w| *w == format!("CARGO_PKG_NAME={PACKAGE}"))
        })
        .unwrap_or_else(|| panic!("cargo did not run {PACKAGE}'s build script:\n{cargo_stderr}"));
    let (program, assignments) = words.split_last().unwrap();
    let env = assignments
        .iter()
        .map(|word| {
            let (name, value) = word.split_once('=').expect("NAME=value before the program");
            (name.to_string(), value.to_string())
        })
        .collect();
    (env, PathBuf::from(program))
}

/// Splits a command line as a POSIX shell does, for the quoting cargo uses
/// (`NAME=''`, `'a'\''b'`, `"..."`).
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' => words.extend(word.take()),
            '\'' => word
                .get_or_insert_default()
                .extend(chars.by_ref().take_while(|&c| c != '\'')),
            '"' => {
                let word = word.get_or_insert_default();
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => word.extend(chars.next()),
                        c => word.push(c),
                    }
                }
            }
            '\\' => word.get_or_insert_default().extend(chars.next()),
            c => word.get_or_insert_default().push(c),
        }
    }
    words.extend(word);
    words
}

fn loader_path(env: &[(String, String)]) -> Vec<PathBuf> {
    env.iter()
        .filter(|(name, _)| name == "LD_LIBRARY_PATH")
        .flat_map(|(_, value)| std::env::split_paths(value).collect::<Vec<_>>())
        .filter(|dir| dir.is_absolute())
        .collect()
}

/// Runs the build script as cargo does (cargo's environment on top of ours, the crate as
/// working directory) but with `rules.out_dir` as `OUT_DIR`, under strace; returns the log.
fn traced_run(rules: &Rules, env: &[(String, String)]) -> String {
    let log = tempfile::NamedTempFile::new().unwrap();
    let output = Command::new("strace")
        .args(["-f", "-qq", "-y", "-e", "trace=%file,%process,%network", "-o"])
        .arg(log.path())
        .arg(&rules.executable)
        .current_dir(&rules.manifest_dir)
        .envs(env.iter().map(|(name, value)| (name.as_str(), value.as_str())))
        .env("OUT_DIR", &rules.out_dir)
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run strace ({e}); install it (Debian: apt-get install strace, which `bash .ci/run` does)")
        });
    assert!(
        output.status.success(),
        "the traced build script failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    std::fs::read_to_string(log.path()).unwrap()
}

fn lines(items: impl IntoIterator<Item = impl AsRef<str>>) -> String {
    items
        .into_iter()
        .map(|item| item.as_ref().to_string())
        .collect::<Vec<_>>()
        .join("\n  ")
}

// ---------------------------------------------------------------------------------------
// The strace log and its classification.

/// Calls whose quoted arguments are not all paths: the rest are buffers the kernel filled.
const PATH_THEN_OUTPUT: &[&str] = &["readlink", "readlinkat"];
/// File calls that change the file system, whatever their flags.
#[rustfmt::skip]
const MUTATING: &[&str] = &[
    "creat", "mkdir", "mkdirat", "rmdir", "unlink", "unlinkat", "rename", "renameat",
    "renameat2", "link", "linkat", "symlink", "symlinkat", "chmod", "fchmodat", "fchmodat2",
    "chown", "lchown", "fchownat", "truncate", "utime", "utimes", "utimensat", "futimesat",
    "mknod", "mknodat", "setxattr", "lsetxattr", "removexattr", "lremovexattr",
];
/// Open flags that make an open a write.
const WRITE_FLAGS: &[&str] = &["O_WRONLY", "O_RDWR", "O_CREAT", "O_TRUNC", "O_APPEND"];

/// One system call of the log, its `<unfinished ...>` and `<... resumed>` halves joined.
#[derive(Debug)]
struct Call {
    /// The process or thread that made it.
    pid: String,
    /// The call as the log printed it, without the pid, for messages.
    text: String,
    name: String,
    /// The top-level arguments, as printed.
    args: Vec<String>,
}

/// A call with the paths it names resolved, and whether it changes them.
struct Access<'a> {
    call: &'a Call,
    write: bool,
    paths: Vec<PathBuf>,
}

/// Classifies every call of an strace log (`-f -y`, the pid before each call) against
/// the rules; the first call is strace's exec of the script.
fn check(log: &str, rules: &Rules) -> Verdict {
    let calls: Vec<Call> = joined_lines(log)
        .into_iter()
        .filter_map(|(pid, text)| parse_call(pid, text))
        .collect();
    let accesses: Vec<Access> = calls
        .iter()
        .map(|call| Access {
            call,
            write: is_write(call),
            paths: paths(call, &rules.manifest_dir),
        })
        .collect();
    let system = SystemPaths::of(rules, &accesses);
    let mut verdict = Verdict::default();
    for (index, access) in accesses.iter().enumerate() {
        let call = access.call;
        if access.paths.is_empty() || call.name.starts_with("exec") {
            if let Some(why) = process_violation(call, index == 0, rules) {
                verdict.violations.push(format!("{why}: {}", call.text));
            }
            continue;
        }
        for path in &access.paths {
            judge_file_access(path, access, rules, &system, &mut verdict);
        }
    }
    verdict
}

/// Writes must be under `OUT_DIR`; reads must be the loader's or the runtime's, or
/// allowed by [`may_read`].
fn judge_file_access(
    path: &Path,
    access: &Access,
    rules: &Rules,
    system: &SystemPaths,
    verdict: &mut Verdict,
) {
    let violation = if access.write {
        (!path.starts_with(&rules.out_dir)).then_some("writes outside OUT_DIR")
    } else if system.contains(path) {
        verdict.system_accesses += 1;
        return;
    } else {
        (!may_read(path, rules)).then_some("reads outside the migrations folder")
    };
    match violation {
        Some(why) => verdict
            .violations
            .push(format!("{why}: {}", access.call.text)),
        None => {
            let kind = if access.write { "write" } else { "read" };
            verdict.touched.insert(format!("{kind} {}", path.display()));
        }
    }
}

/// The log's lines as (pid, call), a call split by another thread's rejoined, and
/// strace's own notes (`--- SIGCHLD ...`, `+++ exited ...`) left out.
fn joined_lines(log: &str) -> Vec<(String, String)> {
    let mut pending: Vec<(String, String)> = Vec::new();
    let mut joined = Vec::new();
    for line in log.lines() {
        let (pid, text) = line
            .trim()
            .split_once(char::is_whitespace)
            .unwrap_or(("", line));
        let (pid, text) = (pid.to_string(), text.trim_start());
        if let Some(head) = text.strip_suffix(" <unfinished ...>") {
            pending.push((pid, head.to_string()));
        } else if let Some(rest) = text.strip_prefix("<... ") {
            let tail = rest.split_once(" resumed>").map_or(rest, |(_, tail)| tail);
            let position = pending.iter().position(|(p, _)| *p == pid);
            let head = position.map(|i| pending.remove(i).1).unwrap_or_default();
            joined.push((pid, format!("{head}{tail}")));
        } else if !text.starts_with("---") && !text.starts_with("+++") {
            joined.push((pid, text.to_string()));
        }
    }
    joined
}

/// `name(arg, arg, ...) = result` into its name and top-level arguments.
fn parse_call(pid: String, text: String) -> Option<Call> {
    let open = text.find('(')?;
    let name = &text[..open];
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    Some(Call {
        pid,
        name: name.to_string(),
        args: split_args(&text[open + 1..]),
        text,
    })
}

/// The top-level, comma-separated arguments up to the call's closing parenthesis,
/// stepping over strings (`"a, b"`), structures and arrays, and `-y`'s `3</path>`.
fn split_args(inner: &str) -> Vec<String> {
    let mut args = Vec::new();
    let mut current = String::new();
    let (mut depth, mut in_angle, mut in_string, mut escaped) = (0usize, false, false, false);
    let mut previous = ' ';
    for c in inner.chars() {
        if in_string {
            in_string = escaped || c != '"';
            escaped = !escaped && c == '\\';
        } else if in_angle {
            in_angle = c != '>';
        } else {
            match c {
                '"' => in_string = true,
                // An fd's path (`3</tmp/x>`, `AT_FDCWD</tmp>`): nothing inside it counts.
                '<' if previous.is_ascii_alphanumeric() => in_angle = true,
                '(' | '[' | '{' => depth += 1,
                ')' if depth == 0 => break,
                ')' | ']' | '}' => depth = depth.saturating_sub(1),
                ',' if depth == 0 => {
                    args.push(current.trim().to_string());
                    current.clear();
                    previous = c;
                    continue;
                }
                _ => {}
            }
        }
        current.push(c);
        previous = c;
    }
    if !current.trim().is_empty() {
        args.push(current.trim().to_string());
    }
    args
}

/// Every path the call names, absolute and without `.` or `..`: a relative path is taken
/// from the folder `-y` printed for the `dirfd` before it (`AT_FDCWD</crate>`,
/// `3</crate/migrations>`), or from the working directory; an empty path (`AT_EMPTY_PATH`)
/// is that folder or file itself.
fn paths(call: &Call, cwd: &Path) -> Vec<PathBuf> {
    let mut base = cwd.to_path_buf();
    let mut paths = Vec::new();
    for arg in &call.args {
        if let Some(dir) = fd_path(arg) {
            base = dir;
        } else if let Some(path) = unquote(arg) {
            paths.push(normalize(&base.join(path)));
            if PATH_THEN_OUTPUT.contains(&call.name.as_str()) {
                break;
            }
        }
    }
    paths
}

/// The path `-y` prints for a file descriptor argument: `AT_FDCWD</x>` or `3</x>`.
fn fd_path(arg: &str) -> Option<PathBuf> {
    let (fd, rest) = arg.split_once('<')?;
    let is_fd = fd == "AT_FDCWD" || (!fd.is_empty() && fd.chars().all(|c| c.is_ascii_digit()));
    let path = rest.strip_suffix('>')?;
    (is_fd && path.starts_with('/')).then(|| PathBuf::from(path))
}

/// A string argument's text, strace's escapes undone (`\"`, `\\`, `\n`, `\t`, `\xNN`).
fn unquote(arg: &str) -> Option<String> {
    let inner = arg.strip_prefix('"')?.strip_suffix('"')?;
    let mut text = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            text.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => text.push('\n'),
            Some('t') => text.push('\t'),
            Some('x') => {
                let hex: String = chars.by_ref().take(2).collect();
                text.push(u8::from_str_radix(&hex, 16).map_or('?', char::from));
            }
            Some(other) => text.push(other),
            None => {}
        }
    }
    Some(text)
}

/// `a/./b/../c` as `a/c`, without touching the file system, so that
/// `migrations/../secret` is not taken for a path inside `migrations/`.
fn normalize(path: &Path) -> PathBuf {
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                normal.pop();
            }
            other => normal.push(other),
        }
    }
    normal
}

fn is_write(call: &Call) -> bool {
    MUTATING.contains(&call.name.as_str())
        || (call.name.starts_with("open")
            && call
                .args
                .iter()
                .any(|arg| WRITE_FLAGS.iter().any(|f| arg.contains(f))))
}

/// Why a call that names no path offends, if it does. Allowed: the exec of the script
/// that starts the trace, a new thread (`clone`/`clone3` with `CLONE_THREAD`: the
/// generator may use scoped threads), and exiting. Everything else traced here (another
/// exec, fork, vfork, a clone without `CLONE_THREAD`, socket, connect, kill, wait4, ...)
/// starts or touches a process, or a network connection.
fn process_violation(call: &Call, first: bool, rules: &Rules) -> Option<&'static str> {
    match call.name.as_str() {
        "execve" | "execveat" => {
            let this_script = call
                .args
                .first()
                .and_then(|a| unquote(a))
                .map(PathBuf::from);
            (!first || this_script.as_deref() != Some(&*rules.executable))
                .then_some("starts a program")
        }
        "clone" | "clone3" => {
            (!call.args.iter().any(|a| a.contains("CLONE_THREAD"))).then_some("starts a process")
        }
        "fork" | "vfork" => Some("starts a process"),
        "exit" | "exit_group" => None,
        "socket" | "socketpair" | "connect" | "bind" | "listen" | "accept" | "accept4"
        | "sendto" | "sendmsg" | "sendmmsg" => Some("uses the network"),
        _ => Some("is neither a file access nor a thread"),
    }
}

/// What the migrations folder and the crate's configuration allow reading: the folder
/// and what is in it, the script's own output, and the crate folder itself (the working
/// directory relative paths are resolved in). No other file of the crate: schemagen's
/// configuration is compiled into the script.
fn may_read(path: &Path, rules: &Rules) -> bool {
    path.starts_with(&rules.migrations)
        || path.starts_with(&rules.out_dir)
        || path == rules.manifest_dir
}

/// The loader's and the runtime's accesses in one log, not schemagen's: the script
/// itself, the loader's cache and preload list, the system libraries, the process's own
/// `/proc` entries (the Rust runtime reads `/proc/self/maps` for the main thread's stack,
/// `available_parallelism` reads `/proc/self/cgroup`; `-y` prints them as `/proc/<pid>`),
/// `/sys` and `/dev` (cgroup limits and the like), and the loader's search of
/// `LD_LIBRARY_PATH` for libgcc_s and libc: the shared libraries it probes there and the
/// folders on the way to them. Only reads are let through: writes are checked first.
struct SystemPaths {
    executable: PathBuf,
    loader_path: Vec<PathBuf>,
    /// The shared libraries the loader looked for in `LD_LIBRARY_PATH`.
    loader_probes: Vec<PathBuf>,
    /// `/proc/<pid>` of the script and its threads.
    own_proc: Vec<PathBuf>,
}

impl SystemPaths {
    const PREFIXES: &[&str] = &[
        "/lib/",
        "/lib64/",
        "/usr/lib/",
        "/usr/lib64/",
        "/proc/self/",
        "/proc/thread-self/",
        "/sys/",
        "/dev/",
        "/etc/ld.so.",
    ];

    fn of(rules: &Rules, accesses: &[Access]) -> Self {
        let loader_probes = accesses
            .iter()
            .flat_map(|access| &access.paths)
            .filter(|path| is_shared_library(path) && under_any(path, &rules.loader_path))
            .cloned()
            .collect();
        let pids: BTreeSet<&str> = accesses.iter().map(|a| a.call.pid.as_str()).collect();
        SystemPaths {
            executable: rules.executable.clone(),
            loader_path: rules.loader_path.clone(),
            loader_probes,
            own_proc: pids
                .iter()
                .map(|pid| Path::new("/proc").join(pid))
                .collect(),
        }
    }

    fn contains(&self, path: &Path) -> bool {
        let text = path.to_string_lossy();
        path == self.executable
            || Self::PREFIXES.iter().any(|prefix| text.starts_with(prefix))
            || self.own_proc.iter().any(|dir| path.starts_with(dir))
            || (under_any(path, &self.loader_path)
                && self
                    .loader_probes
                    .iter()
                    .any(|probe| probe.starts_with(path)))
    }
}

fn is_shared_library(path: &Path) -> bool {
    path.file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| name.ends_with(".so") || name.contains(".so."))
}

fn under_any(path: &Path, dirs: &[PathBuf]) -> bool {
    dirs.iter().any(|dir| path.starts_with(dir))
}

/// The classifier on canned strace lines: it must pass a clean run and catch each kind
/// of violation, or the test above could pass by seeing nothing.
mod classifier {
    use super::*;

    fn rules() -> Rules {
        Rules {
            manifest_dir: PathBuf::from("/work/crate"),
            migrations: PathBuf::from("/work/crate/migrations"),
            out_dir: PathBuf::from("/work/out"),
            executable: PathBuf::from("/work/target/debug/build/p-1/build-script-build"),
            loader_path: vec![PathBuf::from("/work/target/debug/deps")],
        }
    }

    /// A clean run, in the shapes the real log has.
    const CLEAN: &str = r#"10  execve("/work/target/debug/build/p-1/build-script-build", ["/work/target/debug/build/p-1/bu"...], 0x7ffc /* 42 vars */) = 0
10  access("/etc/ld.so.preload", R_OK) = -1 ENOENT (No such file or directory)
10  openat(AT_FDCWD</work/crate>, "/work/target/debug/deps/glibc-hwcaps/x86-64-v3/libgcc_s.so.1", O_RDONLY|O_CLOEXEC) = -1 ENOENT (No such file or directory)
10  newfstatat(AT_FDCWD</work/crate>, "/work/target/debug/deps/glibc-hwcaps/x86-64-v3", 0x7ffe, 0) = -1 ENOENT (No such file or directory)
10  newfstatat(AT_FDCWD</work/crate>, "/work/target/debug/deps", {st_mode=S_IFDIR|0755, st_size=36864, ...}, 0) = 0
10  openat(AT_FDCWD</work/crate>, "/lib/x86_64-linux-gnu/libc.so.6", O_RDONLY|O_CLOEXEC) = 3</usr/lib/x86_64-linux-gnu/libc.so.6>
10  openat(AT_FDCWD</work/crate>, "/proc/self/maps", O_RDONLY|O_CLOEXEC) = 3</proc/10/maps>
10  newfstatat(3</proc/10/maps>, "", {st_mode=S_IFREG|0444, st_size=0, ...}, AT_EMPTY_PATH) = 0
10  openat(AT_FDCWD</work/crate>, "/sys/fs/cgroup/cpu.max", O_RDONLY|O_CLOEXEC) = 3</sys/fs/cgroup/cpu.max>
10  openat(AT_FDCWD</work/crate>, "migrations", O_RDONLY|O_NONBLOCK|O_CLOEXEC|O_DIRECTORY) = 3</work/crate/migrations>
10  statx(AT_FDCWD</work/crate>, "migrations/01_init.sql", AT_STATX_SYNC_AS_STAT, STATX_ALL, {stx_mask=STATX_ALL, stx_size=511, ...}) = 0
10  clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, child_tid=0x7f, parent_tid=0x7f, exit_signal=0, stack=0x7f, stack_size=0x200000, tls=0x7f} => {parent_tid=[11]}, 88) = 11
11  openat(AT_FDCWD</work/crate>, "migrations/01_init.sql", O_RDONLY|O_CLOEXEC <unfinished ...>
10  statx(3</work/crate/migrations/01_init.sql>, "", AT_STATX_SYNC_AS_STAT|AT_EMPTY_PATH, STATX_ALL, {stx_mask=STATX_ALL, ...}) = 0
11  <... openat resumed>) = 4</work/crate/migrations/01_init.sql>
11  exit(0) = ?
10  openat(AT_FDCWD</work/crate>, "/work/out/schemagen/schema.rs", O_RDONLY|O_CLOEXEC) = -1 ENOENT (No such file or directory)
10  mkdir("/work/out/schemagen", 0777) = 0
10  openat(AT_FDCWD</work/crate>, "/work/out/schemagen/schema.rs.tmp", O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, 0666) = 3</work/out/schemagen/schema.rs.tmp>
10  rename("/work/out/schemagen/schema.rs.tmp", "/work/out/schemagen/schema.rs") = 0
10  exit_group(0) = ?
"#;

    /// The violations of the clean run with `line` spliced in before its exit.
    fn violations_with(line: &str) -> Vec<String> {
        let log = CLEAN.replace("10  exit_group(0)", &format!("{line}\n10  exit_group(0)"));
        check(&log, &rules()).violations
    }

    #[test]
    fn a_clean_run_passes_and_lists_what_it_touched() {
        let verdict = check(CLEAN, &rules());
        assert!(verdict.violations.is_empty(), "{:#?}", verdict.violations);
        let touched: Vec<&str> = verdict.touched.iter().map(String::as_str).collect();
        assert_eq!(
            touched,
            [
                "read /work/crate/migrations",
                "read /work/crate/migrations/01_init.sql",
                "read /work/out/schemagen/schema.rs",
                "write /work/out/schemagen",
                "write /work/out/schemagen/schema.rs",
                "write /work/out/schemagen/schema.rs.tmp",
            ]
        );
    }

    #[test]
    fn each_kind_of_violation_is_caught_and_named() {
        let cases = [
            // A read outside, attempted even though it failed.
            (
                r#"10  openat(AT_FDCWD</work/crate>, "/home/u/.config/schemagen.toml", O_RDONLY|O_CLOEXEC) = -1 ENOENT (No such file or directory)"#,
                "reads outside",
            ),
            // Another process's /proc entry.
            (
                r#"10  openat(AT_FDCWD</work/crate>, "/proc/1/environ", O_RDONLY|O_CLOEXEC) = 3</proc/1/environ>"#,
                "reads outside",
            ),
            // Another file of the crate.
            (
                r#"10  statx(AT_FDCWD</work/crate>, "Cargo.toml", AT_STATX_SYNC_AS_STAT, STATX_ALL, {stx_mask=STATX_ALL, ...}) = 0"#,
                "reads outside",
            ),
            // Out of the migrations folder by `..`, relative to a folder's fd.
            (
                r#"10  openat(3</work/crate/migrations>, "../src/main.rs", O_RDONLY|O_CLOEXEC) = 4</work/crate/src/main.rs>"#,
                "reads outside",
            ),
            // A non-library file in the loader's search path (the target folder).
            (
                r#"10  openat(AT_FDCWD</work/crate>, "/work/target/debug/deps/libsqlparser.rlib", O_RDONLY|O_CLOEXEC) = 3</work/target/debug/deps/libsqlparser.rlib>"#,
                "reads outside",
            ),
            // A write beside the sources, and one moved out of OUT_DIR.
            (
                r#"10  openat(AT_FDCWD</work/crate>, "src/generated.rs", O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, 0666) = 3</work/crate/src/generated.rs>"#,
                "writes outside OUT_DIR",
            ),
            (
                r#"10  rename("/work/out/schemagen/schema.rs", "/work/crate/schema.rs") = 0"#,
                "writes outside OUT_DIR",
            ),
            (
                r#"10  unlinkat(AT_FDCWD</work/crate>, "migrations/01_init.sql", 0) = 0"#,
                "writes outside OUT_DIR",
            ),
            // A process, however it is started.
            (
                r#"12  execve("/usr/bin/sh", ["sh", "-c", "pg_dump"], 0x7ffd /* 35 vars */) = 0"#,
                "starts a program",
            ),
            (
                r#"10  clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f) = 12"#,
                "starts a process",
            ),
            (
                r#"10  clone3({flags=CLONE_VM|CLONE_VFORK, exit_signal=SIGCHLD, stack=0x7f, stack_size=0x9000}, 88) = 12"#,
                "starts a process",
            ),
            (r#"10  vfork() = 12"#, "starts a process"),
            // The network.
            (
                r#"10  socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_IP) = 3<socket:[81]>"#,
                "uses the network",
            ),
            (
                r#"10  connect(3<socket:[81]>, {sa_family=AF_INET, sin_port=htons(5432), sin_addr=inet_addr("127.0.0.1")}, 16) = 0"#,
                "uses the network",
            ),
        ];
        for (line, why) in cases {
            let violations = violations_with(line);
            assert_eq!(violations.len(), 1, "{line}: {violations:#?}");
            assert!(violations[0].starts_with(why), "{line}: {violations:#?}");
            assert!(
                violations[0].ends_with(line.split_once("  ").unwrap().1),
                "{violations:#?}"
            );
        }
    }

    #[test]
    fn a_call_split_by_another_thread_is_joined_before_it_is_judged() {
        let violations = violations_with(
            "10  openat(AT_FDCWD</work/crate>, \"/etc/passwd\", O_RDONLY <unfinished ...>\n\
             11  exit(0) = ?\n\
             10  <... openat resumed>) = 3</etc/passwd>",
        );
        assert_eq!(
            violations,
            [
                "reads outside the migrations folder: openat(AT_FDCWD</work/crate>, \"/etc/passwd\", O_RDONLY) = 3</etc/passwd>"
            ]
        );
    }

    #[test]
    fn cargo_quoting_is_undone() {
        assert_eq!(
            shell_words("A='' B='x y' C='it'\\''s' D=plain /bin/p"),
            ["A=", "B=x y", "C=it's", "D=plain", "/bin/p"]
        );
    }
}
