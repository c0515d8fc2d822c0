//! The names PostgreSQL gives constraints and indexes the migration leaves unnamed
//! (`makeObjectName` and `ChooseConstraintName` in PostgreSQL's source), so a later
//! `DROP CONSTRAINT devices_attestation_key_id_key` finds what PostgreSQL would find.

/// Longest identifier PostgreSQL keeps (NAMEDATALEN - 1), in bytes.
pub const MAX_IDENTIFIER: usize = 63;

/// `name1_name2_label`, with name1 and name2 shortened (the longer one first) so the
/// whole fits in 63 bytes.
pub fn make_object_name(name1: &str, name2: Option<&str>, label: &str) -> String {
    let overhead = label.len() + 1 + usize::from(name2.is_some());
    let avail = MAX_IDENTIFIER.saturating_sub(overhead);
    let mut n1 = name1.len();
    let mut n2 = name2.map_or(0, str::len);
    while n1 + n2 > avail {
        if n1 > n2 {
            n1 -= 1;
        } else {
            n2 -= 1;
        }
    }
    let mut out = clip(name1, n1).to_string();
    if let Some(name2) = name2 {
        out.push('_');
        out.push_str(clip(name2, n2));
    }
    out.push('_');
    out.push_str(label);
    out
}

/// Cuts to at most `len` bytes without splitting a character (`pg_mbcliplen`).
fn clip(s: &str, mut len: usize) -> &str {
    len = len.min(s.len());
    while !s.is_char_boundary(len) {
        len -= 1;
    }
    &s[..len]
}

/// The first of `name1_name2_label`, `..._label1`, `..._label2`, ... that `taken` does
/// not hold.
pub fn choose_name(
    name1: &str,
    name2: Option<&str>,
    label: &str,
    taken: impl Fn(&str) -> bool,
) -> String {
    let mut candidate = make_object_name(name1, name2, label);
    let mut pass = 0;
    while taken(&candidate) {
        pass += 1;
        candidate = make_object_name(name1, name2, &format!("{label}{pass}"));
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_postgresql() {
        assert_eq!(make_object_name("devices", None, "pkey"), "devices_pkey");
        assert_eq!(
            make_object_name("captures", Some("device_id"), "fkey"),
            "captures_device_id_fkey"
        );
        let long = "a".repeat(60);
        let name = make_object_name(&long, Some("col"), "key");
        assert_eq!(name.len(), 63);
        assert!(name.ends_with("_col_key"), "{name}");
        assert_eq!(
            choose_name("t", Some("a"), "key", |n| n == "t_a_key" || n == "t_a_key1"),
            "t_a_key2"
        );
    }
}
