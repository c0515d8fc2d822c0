//! A throwaway PostgreSQL server for tests, started from the machine's own binaries.
//!
//! Each [`PgServer`] is a fresh cluster in its own temporary directory, reachable only over
//! a Unix socket inside that directory, so any number of them can run side by side (one per
//! test thread) without sharing a port, a data directory or a socket. Dropping the value
//! stops the server and removes the directory, also when the test panicked.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

/// The OS user that owns the cluster when the tests run as root (initdb refuses root).
const POSTGRES_OS_USER: &str = "postgres";
/// The database superuser every cluster is created with, whoever runs the tests, so that
/// connection strings do not depend on the OS user name.
const SUPERUSER: &str = "postgres";
/// Environment variables that would otherwise redirect or reconfigure psql's connections.
const LIBPQ_ENV: &[&str] = &[
    "PGHOST",
    "PGHOSTADDR",
    "PGPORT",
    "PGUSER",
    "PGDATABASE",
    "PGPASSWORD",
    "PGPASSFILE",
    "PGSERVICE",
    "PGSERVICEFILE",
    "PGOPTIONS",
    "PGSSLMODE",
    "PGTARGETSESSIONATTRS",
    "PGAPPNAME",
];

/// A running throwaway PostgreSQL cluster. See the module documentation.
pub struct PgServer {
    /// Holds the data directory, the socket and the log; removed when dropped, after the
    /// server is stopped (field drop order: `Drop::drop` runs first, then this).
    dir: tempfile::TempDir,
    /// The folder holding `initdb`, `pg_ctl`, `postgres` and (usually) `psql`.
    bindir: PathBuf,
    /// Data directory (`<dir>/data`).
    data_dir: PathBuf,
    /// The folder holding the `.s.PGSQL.<port>` socket (the temporary directory itself).
    socket_dir: PathBuf,
    /// Only names the socket file: the server listens on no TCP address.
    port: u16,
    /// Whether server programs must run as the `postgres` OS user (we are root).
    as_postgres_user: bool,
    /// The psql to run: the one beside the server binaries if present, else `psql` on PATH.
    psql_bin: PathBuf,
}

impl PgServer {
    /// initdb + pg_ctl start in a fresh temporary directory; unix socket only
    /// (listen_addresses=''), socket in the temp dir, trust auth, fsync=off.
    ///
    /// The error says what is missing or what went wrong, with the server log's tail when
    /// the server would not start.
    pub fn start() -> Result<PgServer, String> {
        let bindir = find_bindir()?;
        let as_postgres_user = running_as_root()?;
        if as_postgres_user {
            check_postgres_user()?;
        }

        // The socket path must stay under the ~107-byte limit of sun_path, and the
        // `postgres` OS user must be able to reach the directory: /tmp is short and
        // world-traversable, whereas $TMPDIR may be long or private to root.
        let parent = if as_postgres_user || Path::new("/tmp").is_dir() {
            PathBuf::from("/tmp")
        } else {
            std::env::temp_dir()
        };
        let dir = tempfile::Builder::new()
            .prefix("schemagen-pg-")
            .tempdir_in(&parent)
            .map_err(|e| {
                format!(
                    "cannot create a temporary directory in {}: {e}",
                    parent.display()
                )
            })?;
        let root = dir.path().to_path_buf();
        if as_postgres_user {
            let owner = format!("{POSTGRES_OS_USER}:{POSTGRES_OS_USER}");
            run_checked(
                Command::new("chown").arg("-R").arg(&owner).arg(&root),
                "chown",
            )?;
        }

        let psql_bin = {
            let beside = bindir.join("psql");
            if beside.is_file() {
                beside
            } else {
                PathBuf::from("psql")
            }
        };
        let server = PgServer {
            data_dir: root.join("data"),
            socket_dir: root.clone(),
            port: next_port(),
            bindir,
            as_postgres_user,
            psql_bin,
            dir,
        };
        server.init_cluster()?;
        // From here on the value exists, so a failed start still runs Drop, which stops a
        // postmaster that came up too late for `pg_ctl -w` and removes the directory.
        server.start_cluster()?;
        Ok(server)
    }

    /// CREATE DATABASE `name` (a simple lower-case identifier).
    pub fn create_database(&self, name: &str) -> Result<(), String> {
        if !is_simple_identifier(name) {
            return Err(format!(
                "database name {name:?} is not a simple identifier ([a-z_][a-z0-9_]*, at most 63 bytes)"
            ));
        }
        self.psql("postgres", &format!("CREATE DATABASE {name};"))
            .map(|_| ())
            .map_err(|e| format!("CREATE DATABASE {name} failed: {e}"))
    }

    /// Runs SQL text through `psql -X -v ON_ERROR_STOP=1 -q` against database `db` as the
    /// superuser, over the socket. Rows are printed unaligned and without headers
    /// (`-A -t`), so a one-value query returns just that value and a newline.
    ///
    /// Ok(stdout), or Err(stderr), which carries psql's `ERROR: ...` and `LINE n` text.
    pub fn psql(&self, db: &str, sql: &str) -> Result<String, String> {
        let mut cmd = self.psql_command(db);
        cmd.args(["-A", "-t", "-f", "-"]);
        cmd.stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd
            .spawn()
            .map_err(|e| format!("cannot run {}: {e}", self.psql_bin.display()))?;
        // Feed stdin from another thread: psql prints results while it still reads, so
        // writing everything first could fill the stdout pipe and deadlock both sides.
        let writer = child.stdin.take().map(|mut stdin| {
            let sql = sql.to_owned();
            std::thread::spawn(move || {
                // A write error means psql exited early (it stops at the first error);
                // its stderr then says why, so the write error itself is not reported.
                let _ = stdin.write_all(sql.as_bytes());
            })
        });
        let output = child
            .wait_with_output()
            .map_err(|e| format!("waiting for psql failed: {e}"))?;
        if let Some(writer) = writer {
            let _ = writer.join();
        }
        psql_result(&output)
    }

    /// Applies a file with `psql -f` (ON_ERROR_STOP=1, no single transaction, so an error
    /// names the file, line and statement). Ok(()) or Err(psql's stderr).
    pub fn apply_file(&self, db: &str, path: &Path) -> Result<(), String> {
        self.apply_file_with(db, path, false)
    }

    /// [`apply_file`](Self::apply_file), in one transaction when `single_transaction`
    /// (`psql -1`), as migration runners wrap each migration.
    pub fn apply_file_with(
        &self,
        db: &str,
        path: &Path,
        single_transaction: bool,
    ) -> Result<(), String> {
        let mut command = self.psql_command(db);
        if single_transaction {
            command.arg("--single-transaction");
        }
        let output = command
            .arg("-f")
            .arg(path)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("cannot run {}: {e}", self.psql_bin.display()))?;
        psql_result(&output).map(|_| ())
    }

    /// A connection URL usable by sqlx and libpq:
    /// `postgres://postgres@localhost:<port>/<db>?host=<socketdir>`. The `host` query
    /// parameter (an absolute path) overrides `localhost`, so the connection uses the socket.
    pub fn url(&self, db: &str) -> String {
        format!(
            "postgres://{SUPERUSER}@localhost:{}/{}?host={}",
            self.port,
            percent_encode(db),
            percent_encode(&self.socket_dir.to_string_lossy())
        )
    }

    /// The directory holding the server's Unix socket.
    pub fn socket_dir(&self) -> &Path {
        &self.socket_dir
    }

    /// The port number naming the socket file (`.s.PGSQL.<port>`).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The folder the server binaries were taken from.
    pub fn bindir(&self) -> &Path {
        &self.bindir
    }

    /// The last lines of the server log, for error messages.
    pub fn log_tail(&self) -> String {
        tail_of_file(&self.log_path(), 30)
    }

    fn log_path(&self) -> PathBuf {
        self.dir.path().join("server.log")
    }

    /// A psql command connected to `db` over the socket, with a fixed client setup.
    fn psql_command(&self, db: &str) -> Command {
        let mut cmd = Command::new(&self.psql_bin);
        for var in LIBPQ_ENV {
            cmd.env_remove(var);
        }
        // psql otherwise derives client_encoding from the locale, which under a test
        // runner may be C/POSIX (SQL_ASCII) and would let non-ASCII names through unchecked.
        cmd.env("PGCLIENTENCODING", "UTF8");
        cmd.arg("-X")
            .args(["-v", "ON_ERROR_STOP=1", "-q"])
            .arg("-h")
            .arg(&self.socket_dir)
            .arg("-p")
            .arg(self.port.to_string())
            .args(["-U", SUPERUSER, "-d", db]);
        cmd
    }

    /// A command for a server program (initdb, pg_ctl), run as `postgres` when we are root.
    fn server_command(&self, program: &str) -> Command {
        let path = self.bindir.join(program);
        let mut cmd = if self.as_postgres_user {
            let mut cmd = Command::new("runuser");
            cmd.args(["-u", POSTGRES_OS_USER, "--"]).arg(&path);
            cmd
        } else {
            Command::new(&path)
        };
        // The caller's working directory may be unreadable for `postgres` (e.g. under /root).
        cmd.current_dir(self.dir.path());
        for var in LIBPQ_ENV {
            cmd.env_remove(var);
        }
        cmd.env_remove("PGDATA");
        // Keep server messages in English so the log tails in errors are readable.
        cmd.env("LC_MESSAGES", "C");
        cmd.stdin(Stdio::null());
        cmd
    }

    fn init_cluster(&self) -> Result<(), String> {
        let mut cmd = self.server_command("initdb");
        cmd.arg("-D").arg(&self.data_dir).args([
            "-U",
            SUPERUSER,
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        ]);
        run_checked(&mut cmd, "initdb")?;

        // Settings go into postgresql.conf rather than `pg_ctl -o`, which pg_ctl passes
        // through a shell where the socket path would need quoting.
        let settings = format!(
            "\n# schemagen test harness\n\
             listen_addresses = ''\n\
             unix_socket_directories = '{}'\n\
             port = {}\n\
             fsync = off\n\
             synchronous_commit = off\n\
             full_page_writes = off\n\
             shared_buffers = 16MB\n\
             max_connections = 20\n\
             max_wal_senders = 0\n\
             wal_level = minimal\n\
             autovacuum = off\n",
            self.socket_dir.to_string_lossy().replace('\'', "''"),
            self.port
        );
        let conf = self.data_dir.join("postgresql.conf");
        std::fs::OpenOptions::new()
            .append(true)
            .open(&conf)
            .and_then(|mut f| f.write_all(settings.as_bytes()))
            .map_err(|e| format!("cannot append to {}: {e}", conf.display()))
    }

    fn start_cluster(&self) -> Result<(), String> {
        let log = self.log_path();
        let mut cmd = self.server_command("pg_ctl");
        cmd.arg("start")
            .arg("-w")
            .args(["-t", "120"])
            .arg("-D")
            .arg(&self.data_dir)
            .arg("-l")
            .arg(&log);
        let output = cmd
            .output()
            .map_err(|e| format!("cannot run {}: {e}", self.bindir.join("pg_ctl").display()))?;
        if output.status.success() {
            return Ok(());
        }
        Err(format!(
            "pg_ctl start failed ({}):\n{}{}\n--- tail of {} ---\n{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr),
            log.display(),
            self.log_tail()
        ))
    }
}

impl Drop for PgServer {
    /// Stops the server immediately (no checkpoint: the data is thrown away anyway);
    /// errors are ignored because there is nothing useful to do with them here. The
    /// temporary directory is removed afterwards, when the `dir` field is dropped.
    fn drop(&mut self) {
        if !self.data_dir.join("postmaster.pid").exists() {
            return;
        }
        let mut cmd = self.server_command("pg_ctl");
        cmd.arg("stop")
            .args(["-m", "immediate", "-w", "-t", "60"])
            .arg("-D")
            .arg(&self.data_dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let _ = cmd.status();
    }
}

/// Ok(stdout) on success, else Err(stderr) (or stdout/status when stderr is empty).
fn psql_result(output: &Output) -> Result<String, String> {
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    if output.status.success() {
        return Ok(stdout);
    }
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if stderr.trim().is_empty() {
        Err(format!(
            "psql failed ({}) with no message; stdout:\n{stdout}",
            output.status
        ))
    } else {
        Err(stderr)
    }
}

/// Runs a command to completion; Err names the step and carries its output.
fn run_checked(cmd: &mut Command, what: &str) -> Result<Output, String> {
    let output = cmd
        .output()
        .map_err(|e| format!("cannot run {what} ({:?}): {e}", cmd.get_program()))?;
    if output.status.success() {
        Ok(output)
    } else {
        Err(format!(
            "{what} failed ({}): {:?}\n{}{}",
            output.status,
            cmd,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// Where the server binaries are, in order of preference: `$SCHEMAGEN_PG_BINDIR`,
/// `pg_config --bindir`, the newest `/usr/lib/postgresql/<n>/bin`, then `PATH`.
pub fn find_bindir() -> Result<PathBuf, String> {
    static FOUND: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    FOUND.get_or_init(find_bindir_uncached).clone()
}

fn find_bindir_uncached() -> Result<PathBuf, String> {
    let has_server = |dir: &Path| dir.join("initdb").is_file() && dir.join("pg_ctl").is_file();

    if let Some(dir) = std::env::var_os("SCHEMAGEN_PG_BINDIR") {
        let dir = PathBuf::from(dir);
        // An explicit choice that does not work is an error, not a reason to look elsewhere.
        return if has_server(&dir) {
            Ok(dir)
        } else {
            Err(format!(
                "SCHEMAGEN_PG_BINDIR={} holds no initdb and pg_ctl",
                dir.display()
            ))
        };
    }

    let mut looked = Vec::new();
    let pg_config = Command::new("pg_config")
        .arg("--bindir")
        .stdin(Stdio::null())
        .output();
    if let Ok(out) = pg_config
        && out.status.success()
    {
        let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if has_server(&dir) {
            return Ok(dir);
        }
        looked.push(format!("{} (from pg_config --bindir)", dir.display()));
    }

    // Debian/Ubuntu install each major version side by side; prefer the newest.
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse::<u32>().ok()?;
            Some((version, entry.path().join("bin")))
        })
        .filter(|(_, bin)| has_server(bin))
        .collect();
    versions.sort();
    if let Some((_, bin)) = versions.pop() {
        return Ok(bin);
    }
    looked.push("/usr/lib/postgresql/*/bin".to_owned());

    if let Some(path) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&path) {
            if has_server(&dir) {
                return Ok(dir);
            }
        }
    }
    looked.push("PATH".to_owned());

    Err(format!(
        "no PostgreSQL server binaries (initdb, pg_ctl) found; looked in {}. Install the \
         Debian package `postgresql` (apt-get install postgresql), or set \
         SCHEMAGEN_PG_BINDIR to the folder holding initdb and pg_ctl",
        looked.join(", ")
    ))
}

/// Whether the effective uid is 0, asked of `id -u` to avoid a libc dependency.
fn running_as_root() -> Result<bool, String> {
    static ROOT: OnceLock<Result<bool, String>> = OnceLock::new();
    ROOT.get_or_init(|| {
        let out = Command::new("id")
            .arg("-u")
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("cannot run `id -u` to learn whether we are root: {e}"))?;
        let uid = String::from_utf8_lossy(&out.stdout);
        match uid.trim().parse::<u32>() {
            Ok(uid) => Ok(uid == 0),
            Err(_) => Err(format!("`id -u` printed {uid:?}, not a number")),
        }
    })
    .clone()
}

/// As root, initdb must run as another user: check that `postgres` and `runuser` exist.
fn check_postgres_user() -> Result<(), String> {
    static CHECKED: OnceLock<Result<(), String>> = OnceLock::new();
    CHECKED
        .get_or_init(|| {
            let exists = Command::new("id")
                .args(["-u", POSTGRES_OS_USER])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            if !exists {
                return Err(format!(
                    "running as root, and initdb refuses to run as root, but there is no OS \
                     user `{POSTGRES_OS_USER}` to run it as (the Debian package `postgresql` \
                     creates it; or run the tests as an ordinary user)"
                ));
            }
            let runuser = Command::new("runuser")
                .arg("--version")
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
            if runuser.is_err() {
                return Err(
                    "running as root, and initdb refuses to run as root, but `runuser` \
                     (util-linux) is not available to run it as `postgres`"
                        .to_owned(),
                );
            }
            Ok(())
        })
        .clone()
}

/// A port number per server of this process. With the socket in a private directory any
/// number would do; distinct numbers only keep URLs and logs of parallel servers apart.
fn next_port() -> u16 {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let spread = (std::process::id().wrapping_mul(97).wrapping_add(n)) % 20_000;
    // 40000..60000: clear of 5432 and the privileged range.
    (40_000 + spread) as u16
}

fn is_simple_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c == '_' || c.is_ascii_lowercase())
        && chars.all(|c| c == '_' || c.is_ascii_lowercase() || c.is_ascii_digit())
        && name.len() <= 63
}

/// Percent-encodes everything but unreserved characters and `/` (for paths in URLs).
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(byte as char);
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

fn tail_of_file(path: &Path, lines: usize) -> String {
    match std::fs::read(path) {
        Ok(bytes) => {
            let text = String::from_utf8_lossy(&bytes);
            let all: Vec<&str> = text.lines().collect();
            all[all.len().saturating_sub(lines)..].join("\n")
        }
        Err(e) => format!("(cannot read {}: {e})", path.display()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_runs_sql_reports_errors_and_stops() {
        let server = PgServer::start().expect("server starts");
        server
            .create_database("harness_check")
            .expect("database created");
        let out = server
            .psql("harness_check", "SELECT 1;")
            .expect("SELECT 1 runs");
        assert_eq!(out, "1\n");

        // Several statements in one call; only the last prints a row (`-q` hides tags).
        let out = server
            .psql(
                "harness_check",
                "CREATE TABLE t (id integer); INSERT INTO t VALUES (7); SELECT id FROM t;",
            )
            .expect("statements run");
        assert_eq!(out, "7\n");

        let err = server
            .psql(
                "harness_check",
                "SELECT 1;\nSELECT * FROM no_such_table;\nSELECT 2;",
            )
            .expect_err("a missing table is an error");
        assert!(
            err.contains("ERROR:") && err.contains("relation \"no_such_table\" does not exist"),
            "{err}"
        );
        assert!(err.contains("LINE 1:"), "{err}");

        // apply_file reports errors with the file's name and line.
        let dir = tempfile::tempdir().expect("scratch dir");
        let good = dir.path().join("good.sql");
        std::fs::write(&good, "CREATE TABLE u (id integer);\n").expect("write");
        server
            .apply_file("harness_check", &good)
            .expect("good file applies");
        let bad = dir.path().join("bad.sql");
        std::fs::write(
            &bad,
            "CREATE TABLE v (id integer);\nCREATE TABLE u (id integer);\n",
        )
        .expect("write");
        let err = server
            .apply_file("harness_check", &bad)
            .expect_err("duplicate table");
        assert!(err.contains("bad.sql:2:"), "{err}");
        assert!(err.contains("relation \"u\" already exists"), "{err}");
        // Not one transaction: the first statement of the failing file stays applied.
        assert_eq!(
            server
                .psql(
                    "harness_check",
                    "SELECT count(*) FROM pg_class WHERE relname = 'v';"
                )
                .expect("query"),
            "1\n"
        );

        assert!(server.create_database("Bad-Name").is_err());

        let data_dir = server.data_dir.clone();
        let root = server.dir.path().to_path_buf();
        assert!(data_dir.join("postmaster.pid").exists());
        drop(server);
        assert!(!root.exists(), "the temporary directory is removed on drop");
    }

    #[test]
    fn url_works_with_libpq() {
        let server = PgServer::start().expect("server starts");
        server.create_database("by_url").expect("database created");
        let url = server.url("by_url");
        assert!(url.starts_with("postgres://postgres@localhost:"), "{url}");
        // psql accepts the URL as its database argument; it must reach the right database.
        let out = Command::new(&server.psql_bin)
            .env("PGCLIENTENCODING", "UTF8")
            .args(["-X", "-A", "-t", "-c", "SELECT current_database()"])
            .arg(&url)
            .output()
            .expect("psql runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(String::from_utf8_lossy(&out.stdout), "by_url\n");
    }

    #[test]
    fn two_servers_run_at_once() {
        let (a, b) = std::thread::scope(|s| {
            let a = s.spawn(PgServer::start);
            let b = s.spawn(PgServer::start);
            (a.join().expect("thread a"), b.join().expect("thread b"))
        });
        let a = a.expect("server a starts");
        let b = b.expect("server b starts");
        assert_ne!(a.socket_dir(), b.socket_dir());
        a.psql("postgres", "CREATE TABLE only_in_a (x integer);")
            .expect("create in a");
        assert_eq!(
            a.psql(
                "postgres",
                "SELECT count(*) FROM pg_class WHERE relname = 'only_in_a';"
            )
            .expect("query a"),
            "1\n"
        );
        assert_eq!(
            b.psql(
                "postgres",
                "SELECT count(*) FROM pg_class WHERE relname = 'only_in_a';"
            )
            .expect("query b"),
            "0\n"
        );
    }

    #[test]
    fn drop_stops_server_after_panic() {
        let seen = std::sync::Mutex::new(None);
        let result = std::panic::catch_unwind(|| {
            let server = PgServer::start().expect("server starts");
            // The first line of postmaster.pid is the postmaster's process id.
            let pid_file = std::fs::read_to_string(server.data_dir.join("postmaster.pid"))
                .expect("postmaster.pid");
            let pid = pid_file.lines().next().expect("pid line").trim().to_owned();
            *seen.lock().unwrap() = Some((server.dir.path().to_path_buf(), pid));
            panic!("test body fails");
        });
        assert!(result.is_err());
        let (root, pid) = seen.lock().unwrap().take().expect("server had started");
        // Gone, or a zombie waiting for a PID 1 that does not reap (as in some containers).
        let stat = std::fs::read_to_string(Path::new("/proc").join(&pid).join("stat"));
        let running = stat.is_ok_and(|s| {
            s.rsplit_once(')')
                .is_some_and(|(_, rest)| !rest.trim_start().starts_with('Z'))
        });
        assert!(!running, "postmaster {pid} still runs after the panic");
        assert!(
            !root.exists(),
            "unwinding dropped the server and removed {}",
            root.display()
        );
    }

    #[test]
    fn percent_encoding_and_identifiers() {
        assert_eq!(percent_encode("/tmp/a b"), "/tmp/a%20b");
        assert!(is_simple_identifier("db_1"));
        assert!(!is_simple_identifier("1db"));
        assert!(!is_simple_identifier("x;drop"));
    }
}
