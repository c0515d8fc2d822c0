//! Which entries of the folder are migrations of a layout, and in what order: each
//! entry read by its layout's names ([`super::layout`]), the up parts ordered as the
//! layout's runner orders them, each paired with its down part.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::folder::{self, Entry};
use super::layout::{self, Direction, Layout, MigrationName, NameError, Version};
use crate::diagnostic::Diagnostic;

/// One file of a migration, as its layout names it.
#[derive(Debug, Clone)]
pub struct Part {
    pub name: MigrationName,
    /// The path relative to the migrations folder, for messages.
    pub relative: String,
    pub path: PathBuf,
    /// diesel's `metadata.toml` beside an `up.sql`.
    pub metadata: Option<PathBuf>,
}

/// Why an entry is passed over.
fn passed_over(layout: Layout, entry_path: &Path, why: &str) -> Diagnostic {
    Diagnostic::warning(format!(
        "`{}` is not a {layout} migration and was passed over: {why}",
        entry_path.display()
    ))
    .with_hint(format!(
        "{layout} migrations are named {}; rename it, or leave it out with \
         `Builder::exclude` (`--exclude`) to silence this warning",
        layout.pattern()
    ))
}

/// An entry the runner takes for a migration but refuses, which stops it: `fix` says
/// what would make it one.
fn refused(layout: Layout, entry: &Entry, why: &str, fix: &str) -> Diagnostic {
    Diagnostic::error(format!("`{}` stops {layout}: {why}", entry.path.display())).with_hint(
        format!(
            "{fix}, move it out of the migrations folder, or leave it out with \
             `Builder::exclude(\"{}\")` (`--exclude`)",
            entry.name
        ),
    )
}

/// The migration files an entry holds in `layout`; a warning when it looks like a
/// migration but is not one of this layout's, an error when the runner would stop on it.
pub fn parts_of(
    layout: Layout,
    entry: &Entry,
    parts: &mut Vec<Part>,
    errors: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) {
    let file_part = |name: MigrationName, relative: String, path: PathBuf| Part {
        name,
        relative,
        path,
        metadata: None,
    };
    match (&entry.children, layout.uses_folders()) {
        (None, false) => {
            let recognised = match layout {
                Layout::Sqlx => layout::sqlx(&entry.name),
                Layout::GolangMigrate => layout::golang_migrate(&entry.name),
                Layout::Goose => layout::goose(&entry.name),
                Layout::Dbmate => layout::dbmate(&entry.name),
                Layout::Plain => layout::plain(&entry.name),
                Layout::Refinery => layout::refinery(&entry.name),
                Layout::Diesel | Layout::Prisma => None,
            };
            match recognised {
                Some(Ok(name)) => {
                    parts.push(file_part(name, entry.name.clone(), entry.path.clone()))
                }
                Some(Err(e @ NameError::Refused(_))) => {
                    let fix = format!(
                        "rename it ({layout} migrations are named {})",
                        layout.pattern()
                    );
                    errors.push(refused(layout, entry, e.reason(), &fix))
                }
                Some(Err(e)) => warnings.push(passed_over(layout, &entry.path, e.reason())),
                None if layout == Layout::Goose && entry.name.ends_with(".go") => {
                    warnings.push(passed_over(
                        layout,
                        &entry.path,
                        "it is a Go migration, which schemagen cannot run, so whatever it \
                         changes is missing from the schema",
                    ))
                }
                None => {}
            }
        }
        (Some(children), false) if layout == Layout::Refinery => {
            // refinery (`WalkDir` in `refinery_core/src/util.rs`) and flyway look into
            // subfolders, at any depth.
            for child in children {
                let path = entry.path.join(child);
                let file_name = child.rsplit('/').next().unwrap_or(child);
                match layout::refinery(file_name) {
                    Some(Ok(name)) => {
                        parts.push(file_part(name, format!("{}/{child}", entry.name), path))
                    }
                    Some(Err(e)) => warnings.push(passed_over(layout, &path, e.reason())),
                    None => {}
                }
            }
        }
        (Some(_), false) => {
            if entry.looks_like_sql() {
                warnings.push(passed_over(
                    layout,
                    &entry.path,
                    "it is a folder, and this layout reads only the files directly in the \
                     migrations folder",
                ));
            }
        }
        (None, true) => {
            if entry.looks_like_sql() {
                warnings.push(passed_over(
                    layout,
                    &entry.path,
                    "it is a file, and this layout keeps each migration in a folder",
                ));
            }
        }
        (Some(children), true) => {
            let up_file = match layout {
                Layout::Diesel => "up.sql",
                _ => "migration.sql",
            };
            if !entry.has_child(up_file) {
                // Both take every folder for a migration: diesel's
                // `FileBasedMigrations::from_path` refuses one without `up.sql`
                // (`UnknownMigrationFormat`); Prisma lists every folder
                // (`listMigrations`) and fails to read its `migration.sql`.
                let why = match layout {
                    Layout::Diesel => {
                        "diesel takes every folder in the migrations folder for a migration, \
                         and this one holds no `up.sql`"
                    }
                    _ => {
                        "Prisma takes every folder in the migrations folder for a migration, \
                         and this one holds no `migration.sql`"
                    }
                };
                errors.push(refused(
                    layout,
                    entry,
                    why,
                    &format!("add `{up_file}` to it"),
                ));
                return;
            }
            let name = match layout {
                Layout::Diesel => layout::diesel(&entry.name),
                _ => layout::prisma(&entry.name),
            };
            let down_file = (layout == Layout::Diesel).then_some("down.sql");
            for child in children.iter().filter(|c| folder::is_sql(c)) {
                let path = entry.path.join(child);
                let relative = format!("{}/{child}", entry.name);
                let direction = if child == up_file {
                    Direction::Up
                } else if Some(child.as_str()) == down_file {
                    Direction::Down
                } else {
                    let why = format!("{layout} runs only `{up_file}` in a migration's folder");
                    warnings.push(passed_over(layout, &path, &why));
                    continue;
                };
                let metadata = (direction == Direction::Up && entry.has_child("metadata.toml"))
                    .then(|| entry.path.join("metadata.toml"));
                parts.push(Part {
                    name: MigrationName {
                        direction,
                        ..name.clone()
                    },
                    relative,
                    path,
                    metadata,
                });
            }
        }
    }
}

/// What the runner does with two migrations of one version, for the error's hint.
fn on_duplicate(layout: Layout) -> &'static str {
    match layout {
        Layout::Sqlx => {
            "sqlx applies the first, then fails to record the second in `_sqlx_migrations`"
        }
        Layout::GolangMigrate => "golang-migrate refuses the folder (`ErrDuplicateMigration`)",
        Layout::Diesel => {
            "diesel runs only one of them, whichever the directory happens to list last"
        }
        Layout::Refinery => "refinery and flyway refuse the folder",
        Layout::Goose => "goose refuses the folder (\"duplicate version\")",
        Layout::Dbmate => {
            "dbmate applies the first, then fails to record the second in `schema_migrations`"
        }
        Layout::Plain | Layout::Prisma => "the order between them is not defined",
    }
}

/// Orders the up parts as the layout's runner does and pairs each with its down part:
/// versions as numbers (sqlx, golang-migrate, goose, refinery/flyway with repeatable
/// migrations last by name, plain), version strings (diesel), file names (dbmate),
/// folder names (Prisma). Two up parts of one version are an error naming both (Prisma
/// has no versions, only names); a down part without an up part comes back alone, with
/// a warning.
pub fn pair(
    layout: Layout,
    parts: Vec<Part>,
    errors: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<(Option<Part>, Option<Part>)> {
    let (mut ups, downs): (Vec<Part>, Vec<Part>) = parts
        .into_iter()
        .partition(|p| p.name.direction == Direction::Up);
    match layout {
        // dbmate sorts by file name (`FindMigrations` in `pkg/dbmate/db.go`).
        Layout::Dbmate => ups.sort_by(|a, b| a.relative.cmp(&b.relative)),
        // The others by version (Prisma's is its folder name); `None` (repeatable)
        // after every version; ties, which are errors, keep name order. flyway's
        // `beforeMigrate` callbacks come first and its `afterMigrate` ones last.
        _ => ups.sort_by_key(|p| {
            let callback = (layout == Layout::Refinery)
                .then(|| layout::flyway_callback(p.relative.rsplit('/').next().unwrap_or("")))
                .flatten();
            let phase = match callback {
                Some(layout::FlywayCallback::BeforeMigrate) => 0,
                None if p.name.version.is_some() => 1,
                None => 2,
                Some(layout::FlywayCallback::AfterMigrate) => 3,
            };
            (phase, p.name.version.clone(), p.relative.clone())
        }),
    }
    let duplicate = |a: &Part, b: &Part, what: &str| {
        let version = a.name.version.as_ref().map_or("", Version::as_str);
        Diagnostic::error(format!(
            "two {what} have version {version}: `{}` and `{}`",
            a.relative, b.relative
        ))
        .with_hint(format!(
            "give each migration its own version: {}",
            on_duplicate(layout)
        ))
    };
    let mut out: Vec<(Option<Part>, Option<Part>)> = Vec::new();
    let mut seen: BTreeMap<Version, usize> = BTreeMap::new();
    for up in ups {
        if let Some(version) = &up.name.version {
            if let Some(&at) = seen.get(version) {
                if let (Some(previous), _) = &out[at] {
                    errors.push(duplicate(previous, &up, "migrations"));
                }
                continue;
            }
            seen.insert(version.clone(), out.len());
        }
        out.push((Some(up), None));
    }
    for down in downs {
        let slot = out.iter_mut().find(|(up, _)| {
            up.as_ref()
                .is_some_and(|u| u.name.version.is_some() && u.name.version == down.name.version)
        });
        match slot {
            Some((_, Some(other))) => errors.push(duplicate(other, &down, "down migrations")),
            Some((_, slot)) => *slot = Some(down),
            None => {
                let version = down.name.version.as_ref().map_or("", Version::as_str);
                let (message, hint) = if layout == Layout::Refinery {
                    (
                        format!(
                            "`{}` was passed over: flyway reads `U` files as undo migrations, \
                             and no `V{version}__` migration is there to undo",
                            down.path.display()
                        ),
                        "refinery, unlike flyway, runs `U` files (as unversioned migrations); \
                         if this is a refinery folder, the schema misses what this file does"
                            .to_string(),
                    )
                } else {
                    (
                        format!(
                            "`{}` is a down migration with no up migration of version {version}",
                            down.path.display()
                        ),
                        "down migrations are never applied; add the up migration, or remove \
                         the down file"
                            .to_string(),
                    )
                };
                warnings.push(Diagnostic::warning(message).with_hint(hint));
                out.push((None, Some(down)));
            }
        }
    }
    out
}
