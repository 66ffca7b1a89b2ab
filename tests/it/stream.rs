//! Streaming evaluation (a saved snapshot read account by account, evaluated while it is read)
//! gives exactly the results of evaluating the whole document at once.

use std::io::Write;

use serde_json::{json, Value};

use tenet::collect::{files, stream};
use tenet::policy::{Bundle, BundleOptions, PolicyEngine};
use tenet::results::Results;

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

use crate::support::{Tenet, AS_OF};

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
    let a = Tenet::check(&snapshot)
        .format("json")
        .output(&spilled)
        .run();
    let b = Tenet::check(&snapshot)
        .format("json")
        .output(&kept)
        .args(["--baseline", spilled.to_str().unwrap()])
        .run();
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
    let stdout = Tenet::check(&snapshot).format("json").run();
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
    let run = Tenet::check(&snapshot)
        .arg("--no-builtin")
        .policy(&policies)
        .format("json")
        .output(&out)
        .run();
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
    let run = Tenet::check(&snapshot).format("json").output(&out).run();
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

/// examples/acme as the collector writes it when two member accounts are not active: kept with
/// their place in the organization and their AWS status, and nothing else.
fn acme_with_inactive_accounts(dir: &std::path::Path) -> std::path::PathBuf {
    let snapshot = files::load(std::path::Path::new("examples/acme"), AS_OF).unwrap();
    let mut snapshot = serde_json::to_value(&snapshot).unwrap();
    for account in snapshot["accounts"].as_array_mut().unwrap() {
        let status = match account["account_id"].as_str().unwrap() {
            "444444444444" => "SUSPENDED",
            "666666666666" => "PENDING_CLOSURE",
            _ => continue,
        };
        *account = json!({
            "account_id": account["account_id"], "name": account["name"],
            "is_management": false, "status": status,
            "parents": account["parents"], "effective_scps": account["effective_scps"],
            "credential_report": null, "password_policy": null, "password_policy_state": "unknown",
            "root_virtual_mfa": null, "root_password_present": null, "account_summary": null,
            "errors": [],
        });
    }
    let path = dir.join("snapshot.json");
    std::fs::write(&path, serde_json::to_vec_pretty(&snapshot).unwrap()).unwrap();
    path
}

const INACTIVE: [&str; 2] = ["444444444444", "666666666666"];

/// Suspended and closed accounts stay in the snapshot but are never evaluated, on every path:
/// no account rule findings and no organization rule findings for them (they are left out of
/// `input.accounts`), in process (whole and streamed) and through the CLI (worker processes,
/// spilled JSON, streamed table, whole snapshot with --save-snapshot, report). The evidence lists
/// them as not checked, in every readiness format, and `tenet inventory` has a row for each.
#[test]
fn inactive_accounts_are_kept_and_shown_but_never_evaluated() {
    let dir = tempfile::tempdir().unwrap();
    let path = acme_with_inactive_accounts(dir.path());
    let snapshot = path.to_str().unwrap();
    let bundle = Bundle::load(&BundleOptions {
        builtin: true,
        ..Default::default()
    })
    .unwrap();
    let engine = PolicyEngine::compile(&bundle).unwrap();
    let accounts_of = |findings: &[tenet::results::Finding]| -> std::collections::BTreeSet<String> {
        findings.iter().map(|f| f.account.to_string()).collect()
    };
    let active = [
        "111111111111",
        "222222222222",
        "333333333333",
        "555555555555",
    ]
    .map(String::from);

    // In process, the whole document and streamed.
    let whole = files::load_snapshot(&path).unwrap();
    let findings = engine.evaluate(&whole).unwrap();
    assert_eq!(accounts_of(&findings), active.iter().cloned().collect());
    assert!(
        findings.iter().any(|f| &*f.rule == "org_scp_guardrails"),
        "organization rules ran, for the active accounts"
    );
    let (streamed, _) = engine
        .evaluate_stream::<anyhow::Error>(None, |sink| {
            Ok(stream::read_snapshot(&path, sink)?.snapshot)
        })
        .unwrap();
    assert_eq!(
        Results::new(AS_OF.into(), streamed),
        Results::new(AS_OF.into(), findings)
    );

    // The CLI: spilled JSON from the streamed snapshot, in worker processes.
    let run = Tenet::check(snapshot).format("json").as_of(AS_OF).run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    let results: Value = serde_json::from_str(&run.stdout).unwrap();
    let ids = |results: &Value| -> std::collections::BTreeSet<String> {
        results["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["account"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&results), active.iter().cloned().collect());
    for text in [&run.stdout, &run.stderr] {
        for id in INACTIVE {
            assert!(
                !text.contains(&format!("\"account\": \"{id}\"")),
                "{id} evaluated"
            );
        }
    }
    let evidence = &results["evidence"];
    assert_eq!(
        evidence["not_checked"],
        json!([
            {"account_id": "444444444444", "name": "acme-payments", "status": "SUSPENDED",
             "parents": ["r-acme", "ou-acme-prod", "ou-acme-payments"]},
            {"account_id": "666666666666", "name": "acme-dev-tools", "status": "PENDING_CLOSURE",
             "parents": ["r-acme", "ou-acme-dev"]}
        ])
    );
    let covered = account_ids(evidence);
    assert_eq!(covered, active);
    // The whole snapshot in memory (--save-snapshot), and the streamed table.
    let saved = dir.path().join("saved.json");
    let run = Tenet::check(snapshot)
        .format("json")
        .as_of(AS_OF)
        .save_snapshot(&saved)
        .run();
    let in_memory: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(in_memory["results"], results["results"]);
    assert_eq!(
        in_memory["evidence"]["not_checked"],
        evidence["not_checked"]
    );
    let table = Tenet::check(snapshot).as_of(AS_OF).run().stdout;
    for id in INACTIVE {
        assert!(!table.contains(id), "{id} in the table:\n{table}");
    }

    // Every readiness format says which accounts were not checked, and why.
    let report = |format: &str| {
        let run = Tenet::report(snapshot).format(format).as_of(AS_OF).run();
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.stdout
    };
    let sentence = "2 accounts were not checked because they are not active: 444444444444 (acme-payments, suspended), 666666666666 (acme-dev-tools, pending closure)";
    let md = report("md");
    assert!(
        md.contains(&format!("| Accounts not checked | {sentence} |")),
        "{md}"
    );
    assert!(
        report("html").contains(&format!("<dt>Accounts not checked</dt><dd>{sentence}</dd>")),
        "html"
    );
    let json_report: Value = serde_json::from_str(&report("json")).unwrap();
    assert_eq!(
        json_report["evidence"]["not_checked"],
        evidence["not_checked"]
    );
    let columns = account_ids(&json_report);
    assert!(
        columns.iter().all(|id| !INACTIVE.contains(id)),
        "{columns:?}"
    );
    let csv = report("csv");
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let not_checked: Vec<Vec<String>> = rows
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect::<Vec<_>>())
        .filter(|r| INACTIVE.contains(&r[6].as_str()))
        .collect();
    assert_eq!(
        not_checked,
        [
            [
                "",
                "",
                "",
                "not checked: the account is suspended (SUSPENDED)",
                "",
                "",
                "444444444444",
                "acme-payments",
                "not_checked",
                "",
                "",
                "",
                "",
                "",
                ""
            ],
            [
                "",
                "",
                "",
                "not checked: the account is pending closure (PENDING_CLOSURE)",
                "",
                "",
                "666666666666",
                "acme-dev-tools",
                "not_checked",
                "",
                "",
                "",
                "",
                "",
                ""
            ],
        ]
        .map(|r| r.map(String::from).to_vec())
    );

    // The inventory: a row for each, last, with its status and nothing evaluated.
    let run = Tenet::new("inventory", snapshot)
        .format("json")
        .as_of(AS_OF)
        .run();
    let inventory: Value = serde_json::from_str(&run.stdout).unwrap();
    let rows = inventory["accounts"].as_array().unwrap();
    assert_eq!(rows.len(), 6);
    for (row, (id, status)) in rows[4..].iter().zip([
        ("444444444444", "SUSPENDED"),
        ("666666666666", "PENDING_CLOSURE"),
    ]) {
        assert_eq!(row["account_id"], id);
        assert_eq!(row["status"], status);
        assert_eq!(row["credential_report"], false);
        assert_eq!(row["root_mfa"], Value::Null);
        assert_eq!(row["iam_users"], Value::Null);
    }
    let table = Tenet::new("inventory", snapshot).as_of(AS_OF).run().stdout;
    assert!(
        table.contains("444444444444  acme-payments     not checked (suspended)\n"),
        "{table}"
    );
    let csv = Tenet::new("inventory", snapshot)
        .format("csv")
        .as_of(AS_OF)
        .run()
        .stdout;
    assert!(
        csv.contains("666666666666,acme-dev-tools,not_checked,not_checked,not_checked,not_checked,,not_checked,not_checked,not_checked,not checked: the account is pending closure (PENDING_CLOSURE)\n"),
        "{csv}"
    );
}

/// The `account_id` of every entry of `doc["accounts"]`, in order.
fn account_ids(doc: &Value) -> Vec<&str> {
    doc["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["account_id"].as_str().unwrap())
        .collect()
}
