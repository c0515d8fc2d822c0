//! The migration layouts schemagen reads, and how each one names its files.
//!
//! One function per layout reads one name (a file's, or a folder's for the layouts that
//! keep a migration in a folder) and says which migration it holds, which way it goes,
//! or why it is not one. Versions are compared as numbers, never as text, so `9` comes
//! before `10` and `1.1` before `1.10`.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// A migrations folder's layout: the runner whose naming schemagen follows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Layout {
    /// `<version>_<desc>.sql`, and reversible `<version>_<desc>.up.sql` / `.down.sql`.
    #[default]
    Sqlx,
    /// `<version>_<title>.up.sql` / `.down.sql`.
    GolangMigrate,
    /// `<version>_<name>/up.sql` + `down.sql` folders (`metadata.toml` beside them).
    Diesel,
    /// refinery and flyway: `V<version>__<name>.sql`, `U<version>__` undo files,
    /// `R__<name>.sql` repeatable migrations.
    Refinery,
    /// `<version>_<name>.sql` with `-- +goose Up` / `-- +goose Down` sections.
    Goose,
    /// `<version>_<name>.sql` with `-- migrate:up` / `-- migrate:down` sections.
    Dbmate,
    /// Numbered files (`001_create.sql`, `002-more.sql`), every one forward.
    Plain,
    /// Prisma Migrate: `<timestamp>_<name>/migration.sql` folders.
    Prisma,
}

impl Layout {
    /// Every layout, in the order `--help` lists them.
    pub const ALL: [Layout; 8] = [
        Layout::Sqlx,
        Layout::GolangMigrate,
        Layout::Diesel,
        Layout::Refinery,
        Layout::Goose,
        Layout::Dbmate,
        Layout::Plain,
        Layout::Prisma,
    ];

    /// The name `--layout` takes and messages show.
    pub fn name(self) -> &'static str {
        match self {
            Layout::Sqlx => "sqlx",
            Layout::GolangMigrate => "golang-migrate",
            Layout::Diesel => "diesel",
            Layout::Refinery => "refinery",
            Layout::Goose => "goose",
            Layout::Dbmate => "dbmate",
            Layout::Plain => "plain",
            Layout::Prisma => "prisma",
        }
    }

    /// How this layout names a migration, for hints.
    pub fn pattern(self) -> &'static str {
        match self {
            Layout::Sqlx => {
                "`<version>_<description>.sql`, or `<version>_<description>.up.sql` / `.down.sql`"
            }
            Layout::GolangMigrate => "`<version>_<title>.up.sql` / `<version>_<title>.down.sql`",
            Layout::Diesel => "a folder `<version>_<name>/` holding `up.sql` and `down.sql`",
            Layout::Refinery => {
                "`V<version>__<name>.sql`, `U<version>__<name>.sql` (undo) or `R__<name>.sql`"
            }
            Layout::Goose => "`<version>_<name>.sql` with `-- +goose Up` / `-- +goose Down`",
            Layout::Dbmate => "`<version>_<name>.sql` with `-- migrate:up` / `-- migrate:down`",
            Layout::Plain => "`<number>_<name>.sql` or `<number>-<name>.sql`",
            Layout::Prisma => "a folder `<timestamp>_<name>/` holding `migration.sql`",
        }
    }

    /// Whether a migration is a folder rather than a file.
    pub fn uses_folders(self) -> bool {
        matches!(self, Layout::Diesel | Layout::Prisma)
    }
}

impl fmt::Display for Layout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Layout {
    type Err = String;

    /// A layout's name (`sqlx`, `golang-migrate`, ...); `flyway` is `refinery`'s other
    /// name, `migrate` golang-migrate's.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase().replace('_', "-");
        match wanted.as_str() {
            "flyway" => return Ok(Layout::Refinery),
            "migrate" | "golangmigrate" => return Ok(Layout::GolangMigrate),
            _ => {}
        }
        Layout::ALL
            .into_iter()
            .find(|l| l.name() == wanted)
            .ok_or_else(|| {
                let names: Vec<&str> = Layout::ALL.iter().map(|l| l.name()).collect();
                format!(
                    "unknown layout `{s}`; expected one of {} (or `flyway`)",
                    names.join(", ")
                )
            })
    }
}

/// A migration's version as its name writes it, compared as numbers: component by
/// component for dotted versions (`1.1` < `1.10` < `2`), trailing zero components not
/// counting (`1` = `1.0`, as flyway has it).
#[derive(Debug, Clone)]
pub struct Version {
    text: String,
    parts: Vec<u64>,
}

impl Version {
    /// A version of digits only (`20250101000000`, `0007`).
    pub fn number(text: &str) -> Result<Version, NameError> {
        Version::new(text, text)
    }

    /// A version of numbers separated by `.` or `_` (flyway's `1.1`, `2_1`).
    pub fn dotted(text: &str) -> Result<Version, NameError> {
        let parts = text
            .split(['.', '_'])
            .map(parse_number)
            .collect::<Result<Vec<u64>, NameError>>()?;
        Ok(Version {
            text: text.to_string(),
            parts,
        })
    }

    /// `text` shown, `digits` compared (diesel's `2019-09-12-100000` is 20190912100000).
    fn new(text: &str, digits: &str) -> Result<Version, NameError> {
        Ok(Version {
            text: text.to_string(),
            parts: vec![parse_number(digits)?],
        })
    }

    /// The version as the file name writes it.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Its numeric components.
    pub fn parts(&self) -> &[u64] {
        &self.parts
    }
}

fn parse_number(digits: &str) -> Result<u64, NameError> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(NameError::NoVersion);
    }
    digits.parse().map_err(|_| NameError::VersionTooLarge)
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        let len = self.parts.len().max(other.parts.len());
        let at = |parts: &[u64], i: usize| parts.get(i).copied().unwrap_or(0);
        (0..len)
            .map(|i| at(&self.parts, i).cmp(&at(&other.parts, i)))
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal)
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Version {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for Version {}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Which way a migration file goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
}

/// What a name says about the migration it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationName {
    /// `None` for a repeatable migration (flyway's `R__`), which runs after every
    /// versioned one.
    pub version: Option<Version>,
    pub description: String,
    pub direction: Direction,
}

impl MigrationName {
    fn new(version: Version, description: &str, direction: Direction) -> Self {
        MigrationName {
            version: Some(version),
            description: description.replace('_', " ").trim().to_string(),
            direction,
        }
    }
}

/// Why a name is not a migration of a layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameError {
    /// The name does not follow the layout's pattern.
    NoVersion,
    /// The version has more digits than fit in 64 bits.
    VersionTooLarge,
}

impl NameError {
    /// Why, in words, for a warning.
    pub fn reason(&self) -> &'static str {
        match self {
            NameError::NoVersion => "its name does not follow the layout's pattern",
            NameError::VersionTooLarge => "its version does not fit in 64 bits",
        }
    }
}

/// What reading one name gives: `None` when the name is not SQL at all (a README, a
/// `.go` file), so it is no concern of the layout.
pub type Recognised = Option<Result<MigrationName, NameError>>;

/// `<digits>_<rest>` split at the first underscore.
fn numbered(stem: &str) -> Result<(Version, &str), NameError> {
    let (version, rest) = stem.split_once('_').ok_or(NameError::NoVersion)?;
    Ok((Version::number(version)?, rest))
}

/// sqlx: `<version>_<desc>.sql` (forward only) and the reversible pair
/// `<version>_<desc>.up.sql` / `.down.sql`. sqlx reads the version before the first
/// `_` as a number.
pub fn sqlx(file_name: &str) -> Recognised {
    let stem = file_name.strip_suffix(".sql")?;
    let (stem, direction) = if let Some(s) = stem.strip_suffix(".up") {
        (s, Direction::Up)
    } else if let Some(s) = stem.strip_suffix(".down") {
        (s, Direction::Down)
    } else {
        (stem, Direction::Up)
    };
    Some(numbered(stem).map(|(v, d)| MigrationName::new(v, d, direction)))
}

/// golang-migrate: `<version>_<title>.up.sql` / `.down.sql`. A plain `.sql` file is not
/// one of its migrations.
pub fn golang_migrate(file_name: &str) -> Recognised {
    let stem = file_name.strip_suffix(".sql")?;
    let (stem, direction) = if let Some(s) = stem.strip_suffix(".up") {
        (s, Direction::Up)
    } else if let Some(s) = stem.strip_suffix(".down") {
        (s, Direction::Down)
    } else {
        return Some(Err(NameError::NoVersion));
    };
    Some(numbered(stem).map(|(v, d)| MigrationName::new(v, d, direction)))
}

/// goose and dbmate: `<version>_<name>.sql`; up and down are sections inside the file.
pub fn sectioned(file_name: &str) -> Recognised {
    let stem = file_name.strip_suffix(".sql")?;
    Some(numbered(stem).map(|(v, d)| MigrationName::new(v, d, Direction::Up)))
}

/// Plain numbered files: a leading number, then anything (`001_create.sql`,
/// `002-more.sql`, `003.sql`); every file is forward.
pub fn plain(file_name: &str) -> Recognised {
    let stem = file_name.strip_suffix(".sql")?;
    let digits = stem.len() - stem.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let (version, rest) = stem.split_at(digits);
    let description = rest.trim_start_matches(['_', '-', '.', ' ']);
    Some(Version::number(version).map(|v| MigrationName::new(v, description, Direction::Up)))
}

/// diesel, for a folder's name: `<version>_<name>` or `<version>`, the version digits
/// with or without dashes (`2019-09-12-100000` and `20190912100000` are the same).
pub fn diesel(folder_name: &str) -> Result<MigrationName, NameError> {
    let (version, rest) = folder_name.split_once('_').unwrap_or((folder_name, ""));
    if version.starts_with('-') || version.ends_with('-') || version.contains("--") {
        return Err(NameError::NoVersion);
    }
    let digits = version.replace('-', "");
    let version = Version::new(version, &digits)?;
    Ok(MigrationName::new(version, rest, Direction::Up))
}

/// Prisma Migrate, for a folder's name: `<timestamp>_<name>`.
pub fn prisma(folder_name: &str) -> Result<MigrationName, NameError> {
    numbered(folder_name).map(|(v, d)| MigrationName::new(v, d, Direction::Up))
}

/// refinery and flyway: `V<version>__<name>.sql` (versions such as `1`, `1.1`, `2_1`),
/// `U<version>__<name>.sql` (flyway's undo, read as the down part of `V<version>`),
/// `R__<name>.sql` (repeatable, no version).
pub fn refinery(file_name: &str) -> Recognised {
    let stem = file_name.strip_suffix(".sql")?;
    if let Some(name) = stem.strip_prefix("R__") {
        return Some(Ok(MigrationName {
            version: None,
            description: name.replace('_', " ").trim().to_string(),
            direction: Direction::Up,
        }));
    }
    let (direction, rest) = if let Some(rest) = stem.strip_prefix('V') {
        (Direction::Up, rest)
    } else if let Some(rest) = stem.strip_prefix('U') {
        (Direction::Down, rest)
    } else {
        return Some(Err(NameError::NoVersion));
    };
    let Some((version, name)) = rest.split_once("__") else {
        return Some(Err(NameError::NoVersion));
    };
    Some(Version::dotted(version).map(|v| MigrationName::new(v, name, direction)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        Version::dotted(text).unwrap()
    }

    fn read(r: Recognised) -> (String, String, Direction) {
        let name = r.expect("an SQL name").expect("a migration");
        let version = name.version.map_or(String::new(), |v| v.to_string());
        (version, name.description, name.direction)
    }

    fn up(version: &str, description: &str) -> (String, String, Direction) {
        (version.into(), description.into(), Direction::Up)
    }

    #[test]
    fn sqlx_reads_simple_and_reversible_names() {
        assert_eq!(
            read(sqlx("20251122000001_create_devices.sql")),
            up("20251122000001", "create devices")
        );
        assert_eq!(read(sqlx("0002_more.up.sql")), up("0002", "more"));
        assert_eq!(read(sqlx("0002_more.down.sql")).2, Direction::Down);
        assert_eq!(sqlx("README.md"), None);
        assert_eq!(sqlx("create.sql"), Some(Err(NameError::NoVersion)));
        assert_eq!(sqlx("12.sql"), Some(Err(NameError::NoVersion)));
        assert_eq!(sqlx("1a_x.sql"), Some(Err(NameError::NoVersion)));
        assert_eq!(
            sqlx("123456789012345678901234_x.sql"),
            Some(Err(NameError::VersionTooLarge))
        );
    }

    #[test]
    fn golang_migrate_needs_a_direction() {
        assert_eq!(
            read(golang_migrate("0002_1.7.0_schema.up.sql")),
            up("0002", "1.7.0 schema")
        );
        assert_eq!(
            read(golang_migrate("000001_init.down.sql")).2,
            Direction::Down
        );
        assert_eq!(
            golang_migrate("0001_init.sql"),
            Some(Err(NameError::NoVersion))
        );
    }

    #[test]
    fn plain_takes_any_separator() {
        assert_eq!(read(plain("001_create.sql")), up("001", "create"));
        assert_eq!(read(plain("002-more.sql")), up("002", "more"));
        assert_eq!(read(plain("003.sql")), up("003", ""));
        assert_eq!(plain("init.sql"), Some(Err(NameError::NoVersion)));
        assert_eq!(
            sectioned("20240115180414_init.sql")
                .unwrap()
                .unwrap()
                .description,
            "init"
        );
    }

    #[test]
    fn diesel_versions_with_and_without_dashes_are_the_same_numbers() {
        let dashed = diesel("2019-09-12-100000_create_tables").unwrap();
        let plain = diesel("20190912100000_other").unwrap();
        assert_eq!(dashed.version, plain.version);
        assert_eq!(
            dashed.version.as_ref().unwrap().as_str(),
            "2019-09-12-100000"
        );
        assert_eq!(dashed.description, "create tables");
        assert_eq!(
            diesel("00000000000000_diesel_initial_setup")
                .unwrap()
                .description,
            "diesel initial setup"
        );
        assert!(diesel("20200101").is_ok());
        assert_eq!(diesel("create_tables"), Err(NameError::NoVersion));
        assert_eq!(diesel("2019--09_x"), Err(NameError::NoVersion));
        assert_eq!(diesel("-2019_x"), Err(NameError::NoVersion));
    }

    #[test]
    fn prisma_folders() {
        let name = prisma("20210101120000_init").unwrap();
        assert_eq!(name.version.unwrap().as_str(), "20210101120000");
        assert_eq!(prisma("migration_lock.toml"), Err(NameError::NoVersion));
    }

    #[test]
    fn refinery_and_flyway_names() {
        assert_eq!(
            read(refinery("V1__create_users.sql")),
            up("1", "create users")
        );
        assert_eq!(read(refinery("V1.1__add.sql")), up("1.1", "add"));
        assert_eq!(read(refinery("V2_1__x.sql")), up("2_1", "x"));
        assert_eq!(read(refinery("U2__undo.sql")).2, Direction::Down);
        let repeatable = refinery("R__views.sql").unwrap().unwrap();
        assert_eq!(
            (repeatable.version, repeatable.description.as_str()),
            (None, "views")
        );
        assert_eq!(refinery("V1_create.sql"), Some(Err(NameError::NoVersion)));
        assert_eq!(refinery("V1.x__a.sql"), Some(Err(NameError::NoVersion)));
        assert_eq!(refinery("V__a.sql"), Some(Err(NameError::NoVersion)));
        assert_eq!(
            refinery("B1__baseline.sql"),
            Some(Err(NameError::NoVersion))
        );
        assert_eq!(refinery("V1__a.rs"), None);
    }

    #[test]
    fn versions_compare_as_numbers() {
        assert!(Version::number("9").unwrap() < Version::number("10").unwrap());
        assert!(Version::number("0010").unwrap() == Version::number("10").unwrap());
        assert!(v("1.1") < v("1.10"));
        assert!(v("1.9") < v("1.10"));
        assert!(v("1.10") < v("2"));
        assert!(v("2_1") == v("2.1"));
        assert!(v("1") == v("1.0"));
        assert!(v("9") < v("10"));
        let mut versions = [v("10"), v("1.10"), v("2_1"), v("1"), v("1.1"), v("9")];
        versions.sort();
        let texts: Vec<&str> = versions.iter().map(Version::as_str).collect();
        assert_eq!(texts, ["1", "1.1", "1.10", "2_1", "9", "10"]);
    }

    #[test]
    fn layout_names_round_trip() {
        for layout in Layout::ALL {
            assert_eq!(layout.name().parse::<Layout>(), Ok(layout));
        }
        assert_eq!("flyway".parse::<Layout>(), Ok(Layout::Refinery));
        assert_eq!(
            "golang_migrate".parse::<Layout>(),
            Ok(Layout::GolangMigrate)
        );
        let err = "liquibase".parse::<Layout>().unwrap_err();
        assert!(err.contains("unknown layout `liquibase`"), "{err}");
    }
}
