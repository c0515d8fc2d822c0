//! The generated code of every fixture compiles as a user's crate compiles it: against
//! sqlx 0.9 and the crates its types name, under `#![deny(warnings, missing_docs)]`. One
//! scratch crate per set of dependencies, holding every fixture's code as a module, built
//! by `schemagen_tests::compile` (sqlx builds once, in `target/schemagen-compile/`).

use std::collections::BTreeMap;
use std::path::PathBuf;

use schemagen_tests::compile::{Deps, NumericCrate, compile_generated, generate};

/// `(case name, generated code)` per fixture, as `compile_generated` takes them.
type Cases = Vec<(String, String)>;

/// A way of configuring schemagen, and the crates its generated code may then name.
struct Variant {
    /// Prefixes the case names, so variants sharing `deps` share one scratch crate.
    label: &'static str,
    deps: Deps,
    configure: fn(&mut schemagen::Builder),
}

/// Every configuration whose generated code is compiled.
const VARIANTS: &[Variant] = &[
    Variant {
        label: "",
        deps: Deps::CHRONO,
        configure: |_| {},
    },
    Variant {
        label: "nosqlx",
        deps: Deps::CHRONO,
        configure: |b| {
            b.sqlx(false);
        },
    },
    Variant {
        label: "",
        deps: Deps::CHRONO_SERDE,
        configure: |b| {
            b.serde(true);
        },
    },
    Variant {
        label: "",
        deps: Deps::TIME,
        configure: |b| {
            b.time_crate(schemagen::rust::TimeCrate::Time);
        },
    },
    Variant {
        label: "",
        deps: Deps::TIME_SERDE,
        configure: |b| {
            b.time_crate(schemagen::rust::TimeCrate::Time).serde(true);
        },
    },
    Variant {
        label: "",
        deps: Deps::CHRONO.with_numeric(NumericCrate::BigDecimal),
        configure: |b| {
            b.numeric_crate(schemagen::rust::NumericCrate::BigDecimal);
        },
    },
];

/// Cases schemagen refuses to generate code for, as `"<crate variant>/<case>"`, each with
/// its reason: none may go unnoticed, so the test fails when this list is out of date
/// in either direction. A refusal that is work still to be done is listed as such.
const NOT_GENERATED: &[&str] = &[
    // By design: with serde on, a column whose Rust type has no serde impls (sqlx's
    // `PgInterval`, `PgRange`, `PgMoney`, `PgTimeTz`) is an error naming it, until
    // `column_type` gives it one; the wide table has every such type.
    "chrono-serde/types",
    "time-serde/types",
];

/// Every migrations folder schemagen generates code for, as `(case name, folder)`;
/// folders relative to `tests/`, where cargo runs the integration tests.
///
/// Left out: `fixtures/errors/*` (refused by design), `fixtures/layouts/*` (one small
/// schema in eight layouts, all generating the same code), and the hatchet corpus: its
/// history needs a Go migration the corpus does not include, so PostgreSQL stops at
/// `20260424205453_v1_0_100.sql` line 4 and schemagen stops there too, by design
/// (`corpus::hatchet_stops_where_postgresql_stops`); there is no schema to generate.
fn fixture_sets() -> Vec<(String, PathBuf)> {
    let mut sets = Vec::new();
    for group in ["model", "seeds"] {
        for dir in schemagen_tests::fixture_sets(group) {
            let name = dir.file_name().expect("a set folder").to_string_lossy();
            sets.push((format!("{group}_{name}"), dir.clone()));
        }
    }
    sets.push(("types".into(), PathBuf::from("fixtures/types")));
    sets.push(("migrations".into(), PathBuf::from("../migrations")));
    for name in ["atuin", "vaultwarden", "harbor"] {
        sets.push((format!("corpus_{name}"), schemagen_tests::corpus(name)));
    }
    sets
}

#[test]
fn generated_code_of_every_fixture_compiles() {
    let sets = fixture_sets();
    // Cases per set of dependencies: one scratch crate, one cargo build each.
    let mut crates: BTreeMap<String, (Deps, Cases)> = BTreeMap::new();
    // `("<crate variant>/<case>", diagnostics)`.
    let mut not_generated: Vec<(String, String)> = Vec::new();
    for variant in VARIANTS {
        for (name, dir) in &sets {
            let case = if variant.label.is_empty() {
                name.clone()
            } else {
                format!("{}_{name}", variant.label)
            };
            match generate(dir, variant.configure) {
                Ok(code) => crates
                    .entry(variant.deps.variant())
                    .or_insert_with(|| (variant.deps, Vec::new()))
                    .1
                    .push((case, code)),
                Err(diagnostics) => {
                    not_generated.push((format!("{}/{case}", variant.deps.variant()), diagnostics))
                }
            }
        }
    }

    let failed: Vec<&str> = not_generated
        .iter()
        .map(|(case, _)| case.as_str())
        .collect();
    if failed != NOT_GENERATED {
        let report: String = not_generated
            .iter()
            .map(|(case, diagnostics)| format!("--- {case} ---\n{diagnostics}\n"))
            .collect();
        panic!(
            "cases schemagen cannot generate code for: {failed:#?}\n\
             expected (NOT_GENERATED): {NOT_GENERATED:#?}\n{report}"
        );
    }

    let mut errors = Vec::new();
    for (deps, cases) in crates.values() {
        if let Err(output) = compile_generated("compile", cases, *deps) {
            errors.push(output);
        }
    }
    assert!(
        errors.is_empty(),
        "generated code does not compile:\n{}",
        errors.join("\n")
    );
}
