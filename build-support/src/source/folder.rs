//! The migrations folder as a sorted list of entries, exclusions left out, and the
//! text of the files read from it (each file read once).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use glob::{MatchOptions, Pattern};

use crate::diagnostic::{Diagnostic, SourceFile};

/// One file or folder directly inside the migrations folder.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Its name (lossily decoded when not UTF-8, so it matches no pattern but can be shown).
    pub name: String,
    pub path: PathBuf,
    /// For a folder, the files under it: those directly inside first, by name, then
    /// those in its subfolders (`sub/file.sql`); `None` for a file.
    pub children: Option<Vec<String>>,
}

impl Entry {
    pub fn is_dir(&self) -> bool {
        self.children.is_some()
    }

    /// Whether the folder holds a file of this name.
    pub fn has_child(&self, name: &str) -> bool {
        self.children
            .as_ref()
            .is_some_and(|c| c.iter().any(|n| n == name))
    }

    /// Whether this entry looks like it holds SQL: a `.sql` file, or a folder with one.
    pub fn looks_like_sql(&self) -> bool {
        match &self.children {
            None => is_sql(&self.name),
            Some(children) => children.iter().any(|c| is_sql(c)),
        }
    }
}

pub fn is_sql(name: &str) -> bool {
    name.to_ascii_lowercase().ends_with(".sql")
}

/// Globs of paths to leave out, matched against the path relative to the migrations
/// folder with `/` between parts (`002_rollback.sql`, `2020-01-01-000000_x/down.sql`);
/// a folder is left out whole when its name matches.
#[derive(Debug, Clone)]
pub struct Excludes(Vec<Pattern>);

impl Excludes {
    pub fn new(globs: &[String]) -> Result<Excludes, Vec<Diagnostic>> {
        let mut patterns = Vec::new();
        let mut errors = Vec::new();
        for glob in globs {
            match Pattern::new(glob) {
                Ok(p) => patterns.push(p),
                Err(e) => errors.push(
                    Diagnostic::error(format!("invalid exclude glob `{glob}`: {}", e.msg))
                        .with_hint("write a glob such as `*rollback*` or `*/down.sql`"),
                ),
            }
        }
        if errors.is_empty() {
            Ok(Excludes(patterns))
        } else {
            Err(errors)
        }
    }

    /// `*` and `?` match `/` too, so `*rollback*` finds a file at any depth.
    pub fn matches(&self, relative: &str) -> bool {
        let options = MatchOptions {
            case_sensitive: true,
            require_literal_separator: false,
            require_literal_leading_dot: false,
        };
        self.0.iter().any(|p| p.matches_with(relative, options))
    }
}

/// The entries of `dir`, sorted by name, hidden entries (`.keep`, `.gitignore`) and
/// exclusions left out.
pub fn list(dir: &Path, excludes: &Excludes) -> Result<Vec<Entry>, Diagnostic> {
    let read = |dir: &Path| {
        fs::read_dir(dir).map_err(|e| {
            Diagnostic::error(format!(
                "cannot read the migrations folder `{}`: {e}",
                dir.display()
            ))
            .with_hint(
                "point `Builder::migrations` (or the CLI argument) at the folder that holds \
                 the migrations",
            )
        })
    };
    let names = |dir: &Path| -> Result<Vec<(String, PathBuf)>, Diagnostic> {
        let mut out = Vec::new();
        for entry in read(dir)? {
            let entry = entry
                .map_err(|e| Diagnostic::error(format!("cannot list `{}`: {e}", dir.display())))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if !name.starts_with('.') {
                out.push((name, entry.path()));
            }
        }
        // Directory order differs between machines; sort so everything after is stable.
        out.sort();
        Ok(out)
    };
    let mut entries = Vec::new();
    for (name, path) in names(dir)? {
        if excludes.matches(&name) {
            continue;
        }
        // Follows symbolic links, as the runners do.
        let children = if path.is_dir() {
            let mut children = Vec::new();
            files_under(&path, "", &name, excludes, &names, 0, &mut children)?;
            Some(children)
        } else if path.is_file() {
            None
        } else {
            continue;
        };
        entries.push(Entry {
            name,
            path,
            children,
        });
    }
    Ok(entries)
}

/// The hidden files directly in `dir` (`._0001_a.sql`, as macOS's `tar` leaves them),
/// sorted, exclusions left out. [`list`] leaves them out, as most runners skip them; sqlx
/// and goose read them and stop on them, so their layouts look at these too.
pub fn hidden_files(dir: &Path, excludes: &Excludes) -> Vec<Entry> {
    let Ok(read) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<Entry> = read
        .flatten()
        .map(|entry| {
            (
                entry.file_name().to_string_lossy().into_owned(),
                entry.path(),
            )
        })
        .filter(|(name, path)| name.starts_with('.') && path.is_file() && !excludes.matches(name))
        .map(|(name, path)| Entry {
            name,
            path,
            children: None,
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// Lists a folder: its entries' names and paths, sorted, hidden ones left out.
type Names<'a> = dyn Fn(&Path) -> Result<Vec<(String, PathBuf)>, Diagnostic> + 'a;

/// How deep [`files_under`] looks: refinery and flyway walk subfolders to any depth, but
/// a symbolic link may loop.
const MAX_DEPTH: usize = 16;

/// The files under `dir`, at any depth (hidden entries left out), as paths relative to
/// the entry (`up.sql`, `2024/V3__x.sql`), in name order. refinery (`WalkDir`) and flyway
/// read migrations in subfolders at any depth; diesel and Prisma look at the files
/// directly inside a migration's folder, which come first.
fn files_under(
    dir: &Path,
    prefix: &str,
    entry: &str,
    excludes: &Excludes,
    names: &Names<'_>,
    depth: usize,
    out: &mut Vec<String>,
) -> Result<(), Diagnostic> {
    let mut folders = Vec::new();
    for (child, path) in names(dir)? {
        let relative = format!("{prefix}{child}");
        if excludes.matches(&format!("{entry}/{relative}")) {
            continue;
        }
        if path.is_file() {
            out.push(relative);
        } else if path.is_dir() && depth < MAX_DEPTH {
            folders.push((relative, path));
        }
    }
    for (relative, path) in folders {
        files_under(
            &path,
            &format!("{relative}/"),
            entry,
            excludes,
            names,
            depth + 1,
            out,
        )?;
    }
    Ok(())
}

/// The files read so far, by path, each read once.
#[derive(Debug, Default)]
pub struct Texts {
    files: BTreeMap<PathBuf, Result<Arc<SourceFile>, Diagnostic>>,
}

impl Texts {
    /// The text of `path`, shown in diagnostics as `path` joined as given.
    pub fn read(&mut self, path: &Path) -> Result<Arc<SourceFile>, Diagnostic> {
        self.files
            .entry(path.to_path_buf())
            .or_insert_with(|| read_file(path))
            .clone()
    }
}

fn read_file(path: &Path) -> Result<Arc<SourceFile>, Diagnostic> {
    let display = path.to_string_lossy().into_owned();
    let bytes =
        fs::read(path).map_err(|e| Diagnostic::error(format!("cannot read `{display}`: {e}")))?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Arc::new(SourceFile {
            path: display,
            text,
        })),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            // Shown from a lossy copy: every valid byte before the bad one is as it was,
            // so the line and column point at it.
            let shown = Arc::new(SourceFile {
                path: display.clone(),
                text: String::from_utf8_lossy(e.as_bytes()).into_owned(),
            });
            Err(Diagnostic::error(format!("`{display}` is not UTF-8"))
                .with_span(crate::diagnostic::Span {
                    file: shown,
                    range: at..at + 1,
                    statement: None,
                })
                .with_label("this byte starts no UTF-8 character")
                .with_hint("save the migration as UTF-8, as PostgreSQL clients send it"))
        }
    }
}
