//! Outputs are written whole or not at all: a run that fails leaves the file a previous run
//! wrote as it was, and no temporary file beside it. (`collect -o` when AWS fails mid-run is
//! in tests/it/live_faults.rs.)

use std::path::{Path, PathBuf};

use crate::support::{tenet, Run, Tenet, ACME, AS_OF};

const PREVIOUS: &str = "{\"schema\": \"what the last good run wrote\"}\n";

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A policy directory whose one rule calls the clock: refused when the policies load, which
/// is after the input has been read.
fn broken_policy(dir: &Path) -> String {
    let policies = dir.join("policies");
    std::fs::create_dir(&policies).unwrap();
    std::fs::write(
        policies.join("clock.rego"),
        "# METADATA\n# title: Clock\n# custom:\n#   id: clock\n#   severity: low\n#   resource: account\n#   recommended_action: x\n#   frameworks:\n#     soc2: [CC6.1]\npackage tenet.aws.clock\n\nnow := time.now_ns()\n",
    )
    .unwrap();
    policies.display().to_string()
}

/// results.json and snapshot.json in `dir`, both holding PREVIOUS.
fn previous_outputs(dir: &Path) -> (PathBuf, PathBuf) {
    let results = dir.join("results.json");
    let snapshot = dir.join("snapshot.json");
    std::fs::write(&results, PREVIOUS).unwrap();
    std::fs::write(&snapshot, PREVIOUS).unwrap();
    (results, snapshot)
}

/// Exit 2, and stderr starts by saying `path` cannot be replaced.
fn assert_cannot_replace(run: &Run, path: &Path) {
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with(&format!("tenet: {}: cannot replace: ", path.display())),
        "{}",
        run.stderr
    );
}

#[test]
fn a_policy_error_leaves_every_previous_output() {
    // The policies load before the input is read or collected: a broken one costs nothing.
    let dir = tempfile::tempdir().unwrap();
    let (results, snapshot) = previous_outputs(dir.path());
    let policies = broken_policy(dir.path());
    let run = Tenet::check(ACME)
        .as_of(AS_OF)
        .policy(&policies)
        .format("json")
        .output(&results)
        .save_snapshot(&snapshot)
        .run();
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        format!("tenet: {policies}/clock.rego:12:8: time.now_ns is not allowed in tenet policies: it reads the clock; measure ages from input.collected_at\n")
    );
    assert_eq!(read(&results), PREVIOUS);
    assert_eq!(read(&snapshot), PREVIOUS);
    assert_eq!(
        files_in(dir.path()),
        ["policies", "results.json", "snapshot.json"]
    );
}

#[test]
fn results_that_cannot_be_written_still_leave_the_snapshot_whole() {
    let dir = tempfile::tempdir().unwrap();
    let snapshot = dir.path().join("snapshot.json");
    std::fs::write(&snapshot, PREVIOUS).unwrap();
    // A directory where the results should go: the rename onto it fails, after the snapshot
    // was saved.
    let results = dir.path().join("results.json");
    std::fs::create_dir(&results).unwrap();
    let run = Tenet::check(ACME)
        .as_of(AS_OF)
        .output(&results)
        .save_snapshot(&snapshot)
        .run();
    assert_cannot_replace(&run, &results);
    // Exactly what `tenet check` reads back: the snapshot of acme as of AS_OF.
    let saved: serde_json::Value = serde_json::from_str(&read(&snapshot)).unwrap();
    assert_eq!(saved["collected_at"], AS_OF);
    assert_eq!(saved["accounts"].as_array().unwrap().len(), 6);
    let again = Tenet::check(snapshot.to_str().unwrap())
        .format("json")
        .run();
    assert_eq!(again.code, 1, "{}", again.stderr);
    assert_eq!(files_in(dir.path()), ["results.json", "snapshot.json"]);
}

#[test]
fn an_input_error_leaves_every_previous_output() {
    let dir = tempfile::tempdir().unwrap();
    let (results, snapshot) = previous_outputs(dir.path());
    let run = tenet(&[
        "check",
        "--credential-report",
        "tests/data/bad/report-truncated-mid-row.csv",
        "-o",
        results.to_str().unwrap(),
        "--save-snapshot",
        snapshot.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "tenet: tests/data/bad/report-truncated-mid-row.csv:3: expected 22 fields as in the header, found 5\n"
    );
    assert_eq!(read(&results), PREVIOUS);
    assert_eq!(read(&snapshot), PREVIOUS);
    assert_eq!(files_in(dir.path()), ["results.json", "snapshot.json"]);
}

#[test]
fn an_output_that_cannot_be_replaced_is_an_error_and_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    // A directory where the results should go: the rename onto it fails.
    let results = dir.path().join("results.json");
    std::fs::create_dir(&results).unwrap();
    std::fs::write(results.join("inside"), PREVIOUS).unwrap();
    let run = Tenet::check(ACME).as_of(AS_OF).output(&results).run();
    assert_cannot_replace(&run, &results);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert_eq!(files_in(dir.path()), ["results.json"]);
    assert_eq!(read(&results.join("inside")), PREVIOUS);
}

#[test]
fn an_output_in_a_missing_directory_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-dir");
    let results = missing.join("results.json");
    let run = Tenet::check(ACME).as_of(AS_OF).output(&results).run();
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with(&format!(
            "tenet: {}: cannot create a file in {}: ",
            results.display(),
            missing.display()
        )),
        "{}",
        run.stderr
    );
    assert!(files_in(dir.path()).is_empty());
}
