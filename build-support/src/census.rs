//! What became of every statement of a replay: modelled, passed over (by class, see
//! [`crate::parse::classify`]), skipped inside a `DO` block, or refused. Passed-over
//! statements are counted here rather than warned about one by one.

use std::fmt;
use std::ops::AddAssign;

use crate::parse::PassOver;

/// Counts of what the replay did with each statement.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Census {
    /// Statements read and applied to the model (`DO` blocks included).
    pub modelled: usize,
    /// Statements passed over, by class, in [`PassOver::ALL`]'s order.
    pub passed_over: [usize; PassOver::ALL.len()],
    /// `ALTER TABLE` actions passed over inside statements whose other actions were
    /// applied (the statement itself counts as modelled), by class.
    pub actions_passed_over: [usize; PassOver::ALL.len()],
    /// Schema-changing statements inside `DO` blocks (counted apart from the blocks,
    /// which count as modelled): applied to the model,
    pub applied_in_do: usize,
    /// skipped because they failed in the model, on a branch PostgreSQL did not take
    /// (it ran the block without an error),
    pub skipped_in_do: usize,
    /// and on branches a decided condition passed over.
    pub not_taken_in_do: usize,
    /// Statements passed over because `Builder::pass_over` named them.
    pub passed_over_as_asked: usize,
    /// Statements that could not be read, or that PostgreSQL would refuse.
    pub refused: usize,
    /// Statements that can change the model but were not applied, since an earlier one
    /// was refused.
    pub not_reached: usize,
}

fn index(class: PassOver) -> usize {
    PassOver::ALL
        .iter()
        .position(|c| *c == class)
        .expect("every class is listed in PassOver::ALL")
}

impl Census {
    pub fn pass_over(&mut self, class: PassOver) {
        self.passed_over[index(class)] += 1;
    }

    pub fn pass_over_action(&mut self, class: PassOver) {
        self.actions_passed_over[index(class)] += 1;
    }

    /// How many statements of `class` were passed over.
    pub fn passed_over_as(&self, class: PassOver) -> usize {
        self.passed_over[index(class)]
    }

    /// Statements passed over, every class together.
    pub fn passed_over_total(&self) -> usize {
        self.passed_over.iter().sum()
    }

    /// Every statement of the migrations counted (those inside `DO` blocks apart).
    pub fn total(&self) -> usize {
        self.modelled
            + self.passed_over_total()
            + self.passed_over_as_asked
            + self.refused
            + self.not_reached
    }
}

impl AddAssign<&Census> for Census {
    fn add_assign(&mut self, other: &Census) {
        self.modelled += other.modelled;
        for (a, b) in self.passed_over.iter_mut().zip(other.passed_over) {
            *a += b;
        }
        for (a, b) in self
            .actions_passed_over
            .iter_mut()
            .zip(other.actions_passed_over)
        {
            *a += b;
        }
        self.applied_in_do += other.applied_in_do;
        self.skipped_in_do += other.skipped_in_do;
        self.not_taken_in_do += other.not_taken_in_do;
        self.passed_over_as_asked += other.passed_over_as_asked;
        self.refused += other.refused;
        self.not_reached += other.not_reached;
    }
}

/// A table, one outcome a line; classes with no statement are left out.
impl fmt::Display for Census {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let row =
            |f: &mut fmt::Formatter<'_>, name: &str, n: usize| writeln!(f, "{name:<32}{n:>8}");
        row(f, "statements", self.total())?;
        row(f, "  modelled", self.modelled)?;
        row(f, "  passed over", self.passed_over_total())?;
        for (class, n) in PassOver::ALL.iter().zip(self.passed_over) {
            if n > 0 {
                row(f, &format!("    {class}"), n)?;
            }
        }
        if self.passed_over_as_asked > 0 {
            row(f, "  passed over as asked", self.passed_over_as_asked)?;
        }
        row(f, "  refused", self.refused)?;
        if self.not_reached > 0 {
            row(f, "  not reached (after a refusal)", self.not_reached)?;
        }
        row(f, "inside DO blocks: applied", self.applied_in_do)?;
        row(f, "  skipped in DO blocks", self.skipped_in_do)?;
        row(f, "  on branches not taken", self.not_taken_in_do)?;
        let actions: usize = self.actions_passed_over.iter().sum();
        if actions > 0 {
            row(f, "ALTER TABLE actions passed over", actions)?;
            for (class, n) in PassOver::ALL.iter().zip(self.actions_passed_over) {
                if n > 0 {
                    row(f, &format!("    {class}"), n)?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_add_up_and_print_as_a_table() {
        let mut a = Census {
            modelled: 3,
            ..Census::default()
        };
        a.pass_over(PassOver::Data);
        a.pass_over(PassOver::Data);
        a.pass_over(PassOver::Privileges);
        a.pass_over_action(PassOver::Ownership);
        let mut b = Census {
            refused: 1,
            ..Census::default()
        };
        b.pass_over(PassOver::Data);
        b += &a;
        b.skipped_in_do = 2;
        assert_eq!(
            b.total(),
            8,
            "statements inside DO blocks are counted apart"
        );
        assert_eq!(b.passed_over_as(PassOver::Data), 3);
        let table = b.to_string();
        let has = |line: &str| {
            table
                .lines()
                .any(|l| l.split_whitespace().eq(line.split_whitespace()))
        };
        assert!(has("statements 8"), "{table}");
        assert!(has("data 3"), "{table}");
        assert!(has("privileges 1"), "{table}");
        assert!(has("refused 1"), "{table}");
        assert!(has("skipped in DO blocks 2"), "{table}");
        assert!(has("ownership 1"), "{table}");
        assert!(!table.contains("routines"), "{table}");
    }
}
