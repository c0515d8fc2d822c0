//! `scripts/fetch-corpus.sh`, which a fresh clone runs to get the corpus, tried on a
//! repository of its own: the pinned commit (not the newest), only the listed folder,
//! only the files a runner reads, and a clear failure for a commit that does not exist.

use std::path::Path;
use std::process::Command;

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(["-c", "user.email=t@example.com", "-c", "user.name=t"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Runs the script with `manifest` against the repositories under `base`.
fn fetch(base: &Path, manifest: &str, dest: &Path) -> std::process::Output {
    let manifest_path = base.join("manifest.tsv");
    std::fs::write(&manifest_path, manifest).unwrap();
    Command::new("bash")
        .arg(schemagen_tests::workspace_root().join("scripts/fetch-corpus.sh"))
        .arg(dest)
        .env(
            "SCHEMAGEN_CORPUS_GIT_BASE",
            format!("file://{}", base.display()),
        )
        .env("SCHEMAGEN_CORPUS_MANIFEST", &manifest_path)
        .output()
        .expect("the script runs")
}

#[test]
fn the_fetch_script_takes_the_pinned_commits_folder_and_only_what_runners_read() {
    let tmp = tempfile::tempdir().unwrap();
    let base = tmp.path().join("base");
    let repo = base.join("someone/project");
    std::fs::create_dir_all(&repo).unwrap();
    git(&repo, &["init", "-q"]);
    write(
        &repo.join("db/migrations/0001_a.sql"),
        "CREATE TABLE a (id int);\n",
    );
    write(
        &repo.join("db/migrations/2024_b/migration.sql"),
        "CREATE TABLE b (id int);\n",
    );
    write(
        &repo.join("db/migrations/migration_lock.toml"),
        "provider = \"postgresql\"\n",
    );
    write(&repo.join("db/migrations/README.md"), "not a migration\n");
    write(
        &repo.join("db/migrations/2024_c/migration.ts"),
        "export {};\n",
    );
    write(&repo.join("elsewhere.sql"), "DROP TABLE a;\n");
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-qm", "pinned"]);
    let pinned = git(&repo, &["rev-parse", "--short=12", "HEAD"]);
    write(
        &repo.join("db/migrations/0002_later.sql"),
        "CREATE TABLE later (id int);\n",
    );
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-qm", "later"]);

    let dest = tmp.path().join("corpus");
    let manifest = format!(
        "# a comment\nname\trepository\tcommit\tfolder\tsetup\n\
         project\tsomeone/project\t{pinned}\tdb/migrations\t-\n"
    );
    let out = fetch(&base, &manifest, &dest);
    assert!(out.status.success(), "{out:?}");
    let mut files: Vec<String> = walk(&dest.join("project"));
    files.sort();
    assert_eq!(
        files,
        ["0001_a.sql", "2024_b/migration.sql", "migration_lock.toml"],
        "the pinned commit's folder, runner files only"
    );
    assert_eq!(
        std::fs::read_to_string(dest.join("project/0001_a.sql")).unwrap(),
        "CREATE TABLE a (id int);\n"
    );

    // A second run leaves what is there; a commit that does not exist fails, by name.
    let out = fetch(&base, &manifest, &dest);
    assert!(out.status.success(), "{out:?}");
    let missing = "name\trepository\tcommit\tfolder\tsetup\n\
                   other\tsomeone/project\t0123456789ab\tdb/migrations\t-\n";
    let out = fetch(&base, missing, &dest);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("other: could not fetch someone/project at 0123456789ab"),
        "{stderr}"
    );
    assert!(!dest.join("other").exists());
}

/// Files under `dir`, as paths relative to it with `/` separators.
fn walk(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            out.extend(walk(&path).into_iter().map(|f| format!("{name}/{f}")));
        } else {
            out.push(name);
        }
    }
    out
}

#[test]
fn the_manifest_lists_every_history_of_the_corpus_once() {
    let entries = schemagen_tests::corpus_manifest();
    let mut names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
    let count = names.len();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), count, "a history is listed twice");
    assert_eq!(count, 18);
    for name in names {
        schemagen_tests::corpus(name);
    }
}
