//! Which layout a migrations folder is in, worked out from its entries alone.
//!
//! The rules, applied to the entries sorted by name (hidden entries and exclusions
//! already left out), so the answer never depends on directory order:
//!
//! 1. Each entry joins at most one family, by its name:
//!    - a folder holding `up.sql`: **diesel**; a folder holding `migration.sql`:
//!      **prisma**; a folder holding (at any depth) `V<version>__*.sql` and the like:
//!      **refinery/flyway**;
//!    - `V<version>__*.sql`, `U<version>__*.sql`, `R__*.sql`: **refinery/flyway**;
//!    - `<digits>_*.up.sql` / `<digits>_*.down.sql`: **reversible**;
//!    - `<digits>*.sql`: **numbered**;
//!    - anything else joins none (and is warned about later if it holds SQL).
//! 2. Numbered files are told apart by their text: a file with a goose annotation
//!    (`-- +goose ...`) is **goose**, one with a dbmate marker (`-- migrate:up`) is
//!    **dbmate**; both in one folder is a mix. Numbered files without markers beside
//!    goose (dbmate) files are that runner's files missing their marker: the folder is
//!    goose (dbmate), and reading each such file is an error the runner would give too.
//! 3. One family: that layout. Numbered files without markers are **sqlx** when at
//!    least one of them is named as sqlx names files (`<version>_<description>.sql`),
//!    else **plain** (`001-create.sql`, `002.sql`: names only a plain runner reads; the
//!    two read the same files the same way, so the name only labels the folder).
//! 4. Reversible files alone are **golang-migrate**: it is the only form golang-migrate
//!    has, while sqlx makes simple files unless asked for reversible ones. Both read the
//!    same files the same way; the difference is golang-migrate's own bookkeeping table,
//!    so a sqlx project of reversible files only says `Builder::layout(Layout::Sqlx)`.
//!    Reversible files with numbered ones (without markers) are **sqlx**, the one
//!    runner that reads both in one folder.
//! 5. Any other pair of families is an error naming one entry of each.
//!
//! An explicit layout (`Builder::layout`, `--layout`) skips detection entirely.

use super::folder::{Entry, Texts};
use super::layout::{self, Layout};
use super::sections;
use crate::diagnostic::Diagnostic;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Diesel,
    Prisma,
    Refinery,
    Reversible,
    Goose,
    Dbmate,
    /// Numbered files without section markers; `true` when named as sqlx names them.
    Numbered {
        sqlx: bool,
    },
}

impl Family {
    fn describe(self) -> &'static str {
        match self {
            Family::Diesel => "a diesel migration",
            Family::Prisma => "a Prisma migration",
            Family::Refinery => "a refinery/flyway migration",
            Family::Reversible => "a reversible (sqlx or golang-migrate) migration",
            Family::Goose => "a goose migration",
            Family::Dbmate => "a dbmate migration",
            Family::Numbered { .. } => "a numbered (sqlx or plain) migration",
        }
    }

    /// Numbered files with and without sqlx's naming are one family for mixing.
    fn same_kind(self, other: Family) -> bool {
        matches!(
            (self, other),
            (Family::Numbered { .. }, Family::Numbered { .. })
        ) || self == other
    }
}

fn family(entry: &Entry, texts: &mut Texts) -> Option<Family> {
    if entry.is_dir() {
        return if entry.has_child("up.sql") {
            Some(Family::Diesel)
        } else if entry.has_child("migration.sql") {
            Some(Family::Prisma)
        } else if entry.children.iter().flatten().any(|c| {
            let name = c.rsplit('/').next().unwrap_or(c);
            matches!(layout::refinery(name), Some(Ok(_)))
        }) {
            // refinery and flyway read migrations in subfolders.
            Some(Family::Refinery)
        } else {
            None
        };
    }
    let name = entry.name.as_str();
    if matches!(layout::refinery(name), Some(Ok(_))) {
        return Some(Family::Refinery);
    }
    if matches!(layout::golang_migrate(name), Some(Ok(_))) {
        return Some(Family::Reversible);
    }
    if !matches!(layout::plain(name), Some(Ok(_))) {
        return None;
    }
    // A file that cannot be read has no markers here; reading it again reports why.
    if let Ok(file) = texts.read(&entry.path) {
        if sections::has_goose_markers(&file.text) {
            return Some(Family::Goose);
        }
        if sections::has_dbmate_markers(&file.text) {
            return Some(Family::Dbmate);
        }
    }
    Some(Family::Numbered {
        sqlx: matches!(layout::sqlx(name), Some(Ok(_))),
    })
}

/// The folder's layout, or an error naming one entry of each layout it mixes. `None`
/// when no entry belongs to any layout.
pub fn detect(entries: &[Entry], texts: &mut Texts) -> Result<Option<Layout>, Diagnostic> {
    // The first entry of each family, in name order.
    let mut found: Vec<(Family, &Entry)> = Vec::new();
    let mut numbered_sqlx = false;
    for entry in entries {
        let Some(family) = family(entry, texts) else {
            continue;
        };
        numbered_sqlx |= family == Family::Numbered { sqlx: true };
        if !found.iter().any(|(f, _)| f.same_kind(family)) {
            found.push((family, entry));
        }
    }
    let sqlx_like = |f: &Family| matches!(f, Family::Reversible | Family::Numbered { .. });
    let layout = match found.as_slice() {
        [] => return Ok(None),
        _ if found.iter().all(|(f, _)| sqlx_like(f)) => {
            let reversible = found.iter().any(|(f, _)| *f == Family::Reversible);
            let numbered = found
                .iter()
                .any(|(f, _)| matches!(f, Family::Numbered { .. }));
            match (reversible, numbered) {
                (true, false) => Layout::GolangMigrate,
                // sqlx reads simple and reversible files in one folder.
                (true, true) => Layout::Sqlx,
                _ if numbered_sqlx => Layout::Sqlx,
                _ => Layout::Plain,
            }
        }
        // Numbered files beside goose (dbmate) files are that runner's files missing
        // their marker, which it refuses: an error located on each, not a mix.
        [(Family::Goose, _), (Family::Numbered { .. }, _)]
        | [(Family::Numbered { .. }, _), (Family::Goose, _)] => Layout::Goose,
        [(Family::Dbmate, _), (Family::Numbered { .. }, _)]
        | [(Family::Numbered { .. }, _), (Family::Dbmate, _)] => Layout::Dbmate,
        [(family, _)] => match family {
            Family::Diesel => Layout::Diesel,
            Family::Prisma => Layout::Prisma,
            Family::Refinery => Layout::Refinery,
            Family::Goose => Layout::Goose,
            Family::Dbmate => Layout::Dbmate,
            Family::Reversible | Family::Numbered { .. } => Layout::Sqlx,
        },
        _ => {
            // Name two entries of different layouts: reversible and numbered files
            // count as one (sqlx reads both).
            let (a, first) = found[0];
            let (b, second) = found[1..]
                .iter()
                .find(|(f, _)| !(sqlx_like(f) && sqlx_like(&a)))
                .copied()
                .unwrap_or(found[1]);
            return Err(Diagnostic::error(format!(
                "the migrations folder mixes layouts: `{}` is {}, `{}` is {}",
                first.name,
                a.describe(),
                second.name,
                b.describe()
            ))
            .with_hint(
                "keep one layout per folder; or name the layout with `Builder::layout` \
                 (`--layout`), which passes over the other files with a warning, or leave \
                 them out with `Builder::exclude` (`--exclude`)",
            ));
        }
    };
    Ok(Some(layout))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// Entries by name; a name ending in `/` is a folder holding the files after it.
    fn entries(names: &[&str]) -> Vec<Entry> {
        names
            .iter()
            .map(|spec| {
                let (name, children) = match spec.split_once('/') {
                    Some((name, files)) => {
                        (name, Some(files.split(',').map(String::from).collect()))
                    }
                    None => (*spec, None),
                };
                Entry {
                    name: name.to_string(),
                    // No such file: numbered files read as having no section markers.
                    path: PathBuf::from("/nonexistent/schemagen-detect").join(name),
                    children,
                }
            })
            .collect()
    }

    fn detected(names: &[&str]) -> Result<Option<Layout>, String> {
        detect(&entries(names), &mut Texts::default()).map_err(|d| d.message)
    }

    #[test]
    fn each_family_gives_its_layout() {
        for (names, layout) in [
            (&["20210101_a.sql", "20210102_b.sql"][..], Layout::Sqlx),
            (&["1_a.up.sql", "1_a.down.sql"][..], Layout::GolangMigrate),
            (&["1_a.up.sql", "1_a.down.sql", "2_b.sql"][..], Layout::Sqlx),
            (&["001-a.sql", "002.sql", "README.md"][..], Layout::Plain),
            (&["001_a.sql", "002-b.sql"][..], Layout::Sqlx),
            (
                &[
                    "2019-09-12-100000_a/up.sql,down.sql",
                    "20200101000000_b/up.sql",
                ][..],
                Layout::Diesel,
            ),
            (
                &["20210101000000_a/migration.sql", "migration_lock.toml"][..],
                Layout::Prisma,
            ),
            (
                &["V1__a.sql", "U1__a.sql", "R__v.sql"][..],
                Layout::Refinery,
            ),
        ] {
            assert_eq!(detected(names), Ok(Some(layout)), "{names:?}");
        }
        assert_eq!(detected(&["README.md", "create.sql"]), Ok(None));
        assert_eq!(detected(&[]), Ok(None));
    }

    #[test]
    fn mixed_families_name_one_entry_of_each() {
        let err = detected(&["1_a.up.sql", "2_b.sql", "V3__c.sql"]).unwrap_err();
        assert!(err.contains("`1_a.up.sql` is a reversible"), "{err}");
        assert!(err.contains("`V3__c.sql` is a refinery/flyway"), "{err}");
        let err = detected(&["2020_a/up.sql", "2021_b/migration.sql"]).unwrap_err();
        assert!(err.contains("`2020_a` is a diesel"), "{err}");
        assert!(err.contains("`2021_b` is a Prisma"), "{err}");
    }
}
