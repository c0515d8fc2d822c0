//! The statement splitter and tokenizer on any text: no panic, and what they return is
//! well formed — ranges inside the text, on character boundaries, in order, not
//! overlapping, never empty, each statement made of whole tokens.

#![no_main]

use libfuzzer_sys::fuzz_target;
use schemagen::source::split::{split, tokens};

fuzz_target!(|text: &str| {
    let statements = split(text);
    let tokens = tokens(text);
    // Both read the same lexical forms, so they fail on the same texts.
    assert_eq!(statements.is_err(), tokens.is_err(), "split and tokens disagree");
    let (Ok(statements), Ok(tokens)) = (statements, tokens) else {
        return;
    };
    well_formed(text, statements.iter().map(|s| s.range.clone()));
    well_formed(text, tokens.iter().cloned());
    for statement in &statements {
        let r = &statement.range;
        assert!(
            tokens.iter().any(|t| t.start == r.start),
            "statement {r:?} does not start at a token"
        );
        assert!(
            tokens.iter().any(|t| t.end == r.end),
            "statement {r:?} does not end at a token"
        );
    }
});

fn well_formed(text: &str, ranges: impl Iterator<Item = std::ops::Range<usize>>) {
    let mut last_end = 0;
    for r in ranges {
        assert!(r.start < r.end, "empty range {r:?}");
        assert!(r.start >= last_end, "range {r:?} overlaps the one before");
        assert!(r.end <= text.len(), "range {r:?} past the end");
        assert!(
            text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
            "range {r:?} splits a character"
        );
        last_end = r.end;
    }
}
