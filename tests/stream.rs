//! Streaming evaluation (a saved snapshot read account by account, evaluated while it is read)
//! gives exactly the results of evaluating the whole document at once.

use std::io::Write;

use tenet::collect::{files, stream};
use tenet::findings::Results;
use tenet::policy::{Bundle, BundleOptions, PolicyEngine};

#[test]
fn streaming_and_whole_document_evaluation_agree_on_a_generated_org() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("org.json");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    tenet::synthetic::write_snapshot(&mut file, 16, 20, 11).unwrap();
    file.flush().unwrap();
    drop(file);

    let bundle = Bundle::load(&BundleOptions {
        builtin: true,
        ..Default::default()
    })
    .unwrap();
    let engine = PolicyEngine::compile(&bundle).unwrap();

    let whole = files::load_snapshot(&path).unwrap();
    let expected = Results::new(whole.collected_at.clone(), engine.evaluate(&whole).unwrap());

    let mut streamed_accounts = 0;
    let (findings, head) = engine
        .evaluate_stream::<anyhow::Error>(None, |sink| {
            let streamed = stream::read_snapshot(&path, &mut |h, a| {
                streamed_accounts += 1;
                sink(h, a)
            })?;
            Ok(streamed.snapshot)
        })
        .unwrap();
    let actual = Results::new(head.collected_at.clone(), findings);

    assert_eq!(streamed_accounts, 16);
    // Every account rule for every account, and the organization rules once.
    assert!(
        expected.results.len() > 16 * 20,
        "{}",
        expected.results.len()
    );
    assert_eq!(actual, expected);
    // The evaluation found something of each kind, so the comparison is not vacuous.
    assert!(
        expected.summary.pass > 0
            && expected.summary.fail > 0
            && expected.summary.not_applicable > 0
    );

    // --as-of moves the evaluation time in both.
    let (findings, _) = engine
        .evaluate_stream::<anyhow::Error>(Some("2027-06-01T00:00:00Z"), |sink| {
            Ok(stream::read_snapshot(&path, sink)?.snapshot)
        })
        .unwrap();
    let mut later = whole.clone();
    later.collected_at = "2027-06-01T00:00:00Z".into();
    assert_eq!(
        Results::new(later.collected_at.clone(), findings),
        Results::new(later.collected_at.clone(), engine.evaluate(&later).unwrap())
    );
}

mod support;
use support::tenet;

/// A generated organization of `accounts` accounts as a snapshot file in `dir`.
fn generated_org(dir: &std::path::Path, accounts: usize) -> String {
    let path = dir.join("org.json");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    tenet::synthetic::write_snapshot(&mut file, accounts, 12, 5).unwrap();
    file.flush().unwrap();
    path.display().to_string()
}

#[test]
fn json_written_from_the_spill_file_is_byte_for_byte_the_in_memory_json() {
    // `check SNAPSHOT --format json` spills findings to a temporary file (json_spill.rs);
    // with --baseline the results are kept in memory and written by report::json. Same bytes,
    // same exit code, to a file and to stdout; organization findings included.
    let dir = tempfile::tempdir().unwrap();
    let snapshot = generated_org(dir.path(), 14);
    let spilled = dir.path().join("spilled.json");
    let kept = dir.path().join("kept.json");
    let a = tenet(&[
        "check",
        &snapshot,
        "--format",
        "json",
        "-o",
        spilled.to_str().unwrap(),
    ]);
    let b = tenet(&[
        "check",
        &snapshot,
        "--format",
        "json",
        "-o",
        kept.to_str().unwrap(),
        "--baseline",
        spilled.to_str().unwrap(),
    ]);
    assert_eq!((a.code, a.stderr.as_str()), (1, ""));
    assert_eq!(b.code, 1, "{}", b.stderr);
    let spilled_text = std::fs::read_to_string(&spilled).unwrap();
    assert_eq!(spilled_text, std::fs::read_to_string(&kept).unwrap());
    let results: Results = serde_json::from_str(&spilled_text).unwrap();
    assert!(results
        .results
        .iter()
        .any(|f| &*f.rule == "org_scp_guardrails"));
    assert_eq!(
        results.results.len(),
        results.summary.pass
            + results.summary.fail
            + results.summary.unknown
            + results.summary.not_applicable
            + results.summary.error
    );
    let stdout = tenet(&["check", &snapshot, "--format", "json"]);
    assert_eq!(stdout.stdout, spilled_text);
}

#[test]
fn the_spilled_path_reports_policy_errors_once_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let snapshot = generated_org(dir.path(), 3);
    let policies = dir.path().join("policies");
    std::fs::create_dir(&policies).unwrap();
    std::fs::write(
        policies.join("broken.rego"),
        "# METADATA\n# title: broken\n# custom:\n#   id: broken\n#   severity: low\n#   resource: account\n#   recommended_action: none\n#   frameworks:\n#     soc2: [CC6.1]\npackage tenet.aws.broken\n\nfindings contains {\"resource\": \"r\", \"status\": \"pass\", \"message\": sprintf(\"%d\", [1 / 0])} if true\n",
    )
    .unwrap();
    let out = dir.path().join("out.json");
    let run = tenet(&[
        "check",
        &snapshot,
        "--no-builtin",
        "--policy",
        policies.to_str().unwrap(),
        "--format",
        "json",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2);
    let results: Results = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(results.summary.error, 3, "one error finding per account");
    let message = &results.results[0].message;
    assert!(message.starts_with("policy error: "), "{message}");
    assert_eq!(run.stderr, format!("tenet: rule broken: {message}\n"));
}

#[test]
fn results_for_a_directory_that_does_not_exist_fail_before_evaluating() {
    let dir = tempfile::tempdir().unwrap();
    let snapshot = generated_org(dir.path(), 2);
    let out = dir.path().join("no-such-dir").join("out.json");
    let run = tenet(&[
        "check",
        &snapshot,
        "--format",
        "json",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2);
    let missing = dir.path().join("no-such-dir");
    assert!(
        run.stderr.starts_with(&format!(
            "tenet: {}: cannot create a file in {}: ",
            out.display(),
            missing.display()
        )),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "only the snapshot"
    );
}
