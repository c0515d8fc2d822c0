//! Recognises migration file names and tells up from down.
//!
//! The sqlx layout: `<version>_<description>.sql` (a simple, forward-only migration) and
//! the reversible pair `<version>_<description>.up.sql` / `.down.sql`. The version is
//! the leading run of digits, compared as a number, as sqlx compares it.

/// Which way a migration file goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
}

/// What a file name says about the migration it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationName {
    pub version: u64,
    pub description: String,
    pub direction: Direction,
}

/// Why a `.sql` file name is not a migration of this layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameError {
    /// The name does not follow `<version>_<description>.sql`.
    NoVersion,
    /// The version has more digits than fit in 64 bits.
    VersionTooLarge,
}

/// Reads a sqlx migration file name; `None` for files that are not SQL at all.
pub fn sqlx(file_name: &str) -> Option<Result<MigrationName, NameError>> {
    let stem = file_name.strip_suffix(".sql")?;
    let (stem, direction) = if let Some(s) = stem.strip_suffix(".up") {
        (s, Direction::Up)
    } else if let Some(s) = stem.strip_suffix(".down") {
        (s, Direction::Down)
    } else {
        (stem, Direction::Up)
    };
    let digits = stem.len() - stem.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let (version, rest) = stem.split_at(digits);
    let Some(description) = rest.strip_prefix('_') else {
        return Some(Err(NameError::NoVersion));
    };
    if version.is_empty() {
        return Some(Err(NameError::NoVersion));
    }
    Some(match version.parse::<u64>() {
        Ok(version) => Ok(MigrationName {
            version,
            description: description.replace('_', " "),
            direction,
        }),
        Err(_) => Err(NameError::VersionTooLarge),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn up(version: u64, description: &str) -> Option<Result<MigrationName, NameError>> {
        Some(Ok(MigrationName {
            version,
            description: description.into(),
            direction: Direction::Up,
        }))
    }

    #[test]
    fn reads_simple_and_reversible_names() {
        assert_eq!(
            sqlx("20251122000001_create_devices.sql"),
            up(20251122000001, "create devices")
        );
        assert_eq!(sqlx("0002_more.up.sql"), up(2, "more"));
        assert_eq!(
            sqlx("0002_more.down.sql").unwrap().unwrap().direction,
            Direction::Down
        );
    }

    #[test]
    fn rejects_names_without_a_version() {
        assert_eq!(sqlx("README.md"), None);
        assert_eq!(sqlx("create.sql"), Some(Err(NameError::NoVersion)));
        assert_eq!(sqlx("12.sql"), Some(Err(NameError::NoVersion)));
        assert_eq!(
            sqlx("123456789012345678901234_x.sql"),
            Some(Err(NameError::VersionTooLarge))
        );
    }
}
