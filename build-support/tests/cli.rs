//! The `schemagen` binary, run as a user runs it (from `build-support/`).

/// The CLI prints the same bytes as the library, and the same bytes every run.
#[test]
fn cli_dump_is_the_library_dump_and_deterministic() {
    let run = || {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_schemagen"))
            .args(["dump", "--json", "../migrations"])
            .output()
            .expect("the schemagen binary runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("UTF-8 output")
    };
    let first = run();
    assert_eq!(first, run());
    assert_eq!(
        first,
        schemagen::dump_json(std::path::Path::new("../migrations")).unwrap()
    );
}
