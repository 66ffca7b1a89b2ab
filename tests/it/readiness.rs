//! `tenet report` and `tenet inventory` end to end. The readiness numbers are checked against
//! a hand-computed example (tests/data/readiness/README.md explains every number in
//! expected.json); each format is read back and must say the same; the evidence digests are
//! recomputed independently; the inventory of examples/acme is checked against values read by
//! hand from its credential reports.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::support::{tenet, Run, Tenet, ACME, AS_OF, READINESS_EXAMPLE};

const DATA: &str = "tests/data/readiness";

/// The hand-made example reported in `format`, with `extra` arguments.
fn example(format: &str, extra: &[&str]) -> Run {
    let mut args = vec!["report"];
    args.extend(READINESS_EXAMPLE);
    args.extend(["--format", format]);
    args.extend_from_slice(extra);
    let run = tenet(&args);
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    run
}

fn with_baseline(format: &str) -> Run {
    example(
        format,
        &["--baseline", "tests/data/readiness/baseline.json"],
    )
}

fn expected() -> Value {
    serde_json::from_str(&std::fs::read_to_string(format!("{DATA}/expected.json")).unwrap())
        .unwrap()
}

fn framework<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["frameworks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == id)
        .unwrap_or_else(|| panic!("framework {id} missing"))
}

#[test]
fn readiness_numbers_match_the_hand_computed_example() {
    let report = with_baseline("json").json();
    let expected = expected();
    assert_eq!(report["schema"], "tenet.readiness/v1");
    assert_eq!(report["as_of"], AS_OF);
    let accounts: Vec<&Value> = report["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| &a["account_id"])
        .collect();
    assert_eq!(json!(accounts), expected["accounts"]);
    let ids: Vec<&str> = report["frameworks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["cis-aws-7.0", "soc2"], "in the order given");

    for (id, want) in expected["frameworks"].as_object().unwrap() {
        let got = framework(&report, id);
        assert_eq!(got["headline"], want["headline"], "{id} headline");
        assert_eq!(got["before"], want["before"], "{id} baseline headline");
        let sections: BTreeMap<&str, &Value> = got["sections"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (s["name"].as_str().unwrap(), &s["headline"]))
            .collect();
        let want_sections: BTreeMap<&str, &Value> = want["sections"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.as_str(), v))
            .collect();
        assert_eq!(sections, want_sections, "{id} sections");
        let mut manual = 0;
        for control in got["controls"].as_array().unwrap() {
            let cid = control["id"].as_str().unwrap();
            let cells: Vec<&Value> = control["cells"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| &c["status"])
                .collect();
            match want["controls"].get(cid) {
                Some(w) => {
                    assert_eq!(control["status"], w["status"], "{id} {cid} status");
                    assert_eq!(control["before"], w["before"], "{id} {cid} before");
                    assert_eq!(control["rules"], w["rules"], "{id} {cid} rules");
                    assert_eq!(control["findings"], w["findings"], "{id} {cid} findings");
                    assert_eq!(json!(cells), w["cells"], "{id} {cid} cells");
                }
                None => {
                    // A control no rule maps to is manual, overall and in every account.
                    manual += 1;
                    assert_eq!(control["status"], "manual", "{id} {cid}");
                    assert_eq!(control["before"], "manual", "{id} {cid}");
                    assert_eq!(control["rules"], json!([]), "{id} {cid}");
                    assert_eq!(json!(cells), json!(["manual", "manual", "manual"]));
                }
            }
        }
        assert_eq!(manual, want["headline"]["manual"], "{id} manual controls");
    }

    let attention: Vec<Value> = report["attention"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            json!([
                a["status"],
                a["severity"],
                a["account_id"],
                a["rule"],
                a["resource"],
                a["remediation"],
                a["controls"]
            ])
        })
        .collect();
    assert_eq!(json!(attention), expected["attention"]);
    assert_eq!(report["attention"][0]["account_name"], "beta-dev");
    assert_eq!(report["baseline"]["as_of"], "2026-10-20T00:00:00Z");
}

#[test]
fn a_control_mapped_to_three_rules_fails_when_one_fails_in_one_account() {
    // The three cases the issue names, read from the report itself.
    let report = example("json", &[]).json();
    let cis = framework(&report, "cis-aws-7.0");
    let control = |id: &str| {
        cis["controls"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(
        control("2.4")["rules"],
        json!(["alpha", "bravo", "charlie"])
    );
    assert_eq!(control("2.4")["status"], "fail");
    assert_eq!(control("2.10")["status"], "unknown");
    assert_eq!(control("2.10")["findings"]["unknown"], 1);
    assert_eq!(control("2.2")["status"], "manual");
    // Without --baseline nothing says "before".
    assert!(control("2.4").get("before").is_none());
    assert!(cis.get("before").is_none());
    assert!(report.get("baseline").is_none());
}

#[test]
fn evidence_is_copied_from_the_results() {
    let report = example("json", &[]).json();
    let e = &report["evidence"];
    assert_eq!(e["as_of"], AS_OF);
    assert_eq!(e["tool_version"], "0.1.0");
    assert_eq!(
        e["policy_digest"],
        "0d1c5a7e4f2b9c3d8e6a1f0b7c5d3e2a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e"
    );
    assert_eq!(
        e["snapshot_digest"],
        "5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d"
    );
    assert_eq!(e["recorded"], true);
    assert_eq!(
        e["accounts"],
        json!([
            {"account_id": "111111111111", "name": "alpha-prod"},
            {"account_id": "222222222222", "name": "beta-dev"},
            {"account_id": "333333333333", "name": "gamma-sandbox"}
        ])
    );
    assert_eq!(
        e["collection_errors"],
        json!([{"account": "333333333333", "stage": "password_policy",
                "message": "AccessDenied: iam:GetAccountPasswordPolicy"}])
    );
}

#[test]
fn results_without_evidence_report_it_as_not_recorded() {
    let args = [
        "report",
        "tests/data/readiness/baseline.json",
        "--no-builtin",
        "--policy",
        "tests/data/readiness/policy",
        "--framework",
        "cis-aws-7.0",
    ];
    let run = tenet(&[&args[..], &["--format", "json"]].concat());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let e = run.json()["evidence"].clone();
    assert_eq!(e["policy_digest"], Value::Null);
    assert_eq!(e["snapshot_digest"], Value::Null);
    assert_eq!(e["recorded"], false);
    assert_eq!(e["tool_version"], "0.0.9");
    let ids: Vec<&str> = e["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["account_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["111111111111", "222222222222", "333333333333"]);
    assert_eq!(
        e["collection_errors"],
        json!([{"account": "333333333333", "stage": "credential_report",
                "message": "AccessDenied: sts:AssumeRole"}])
    );
    let html = tenet(&[&args[..], &["--format", "html"]].concat()).stdout;
    assert!(html.contains("<dt>Policy bundle digest (sha256)</dt><dd><span class=\"muted\">not recorded</span></dd>"), "{html}");
    let md = tenet(&[&args[..], &["--format", "md"]].concat()).stdout;
    assert!(
        md.contains("| Snapshot digest (sha256) | _not recorded_ |"),
        "{md}"
    );
    assert!(md.contains("| Accounts covered (3) (not recorded; inferred from the findings) | 111111111111, 222222222222, 333333333333 |"), "{md}");
}

#[test]
fn csv_has_one_row_per_control_and_account() {
    let run = with_baseline("csv");
    let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "framework",
            "section",
            "control",
            "title",
            "control_status",
            "control_status_before",
            "account",
            "account_name",
            "status",
            "pass",
            "fail",
            "unknown",
            "error",
            "not_applicable",
            "rules"
        ]
    );
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    // (26 cis-aws-7.0 + 12 soc2 controls) × 3 accounts.
    assert_eq!(rows.len(), (26 + 12) * 3);
    let row = |framework: &str, control: &str, account: &str| -> Vec<String> {
        rows.iter()
            .find(|r| r[0] == framework && r[2] == control && r[6] == account)
            .unwrap_or_else(|| panic!("{framework} {control} {account}"))
            .clone()
    };
    // 222…'s cell of 2.4: alpha pass, bob fail, cat pass, charlie not applicable.
    assert_eq!(
        row("cis-aws-7.0", "2.4", "222222222222"),
        [
            "cis-aws-7.0",
            "2 Identity and Access Management",
            "2.4",
            "Ensure no 'root' user account access key exists",
            "fail",
            "fail",
            "222222222222",
            "beta-dev",
            "fail",
            "2",
            "1",
            "0",
            "0",
            "1",
            "alpha;bravo;charlie"
        ]
    );
    assert_eq!(row("cis-aws-7.0", "2.12", "333333333333")[8], "error");
    assert_eq!(row("cis-aws-7.0", "2.10", "222222222222")[8], "no_findings");
    let manual = row("soc2", "CC7.1", "111111111111");
    assert_eq!(
        (&manual[4][..], &manual[5][..], &manual[8][..]),
        ("manual", "manual", "manual")
    );
    assert_eq!(row("soc2", "CC6.1", "333333333333")[4..6], ["pass", "fail"]);
}

#[test]
fn markdown_shows_the_numbers_in_tables_github_renders() {
    let md = with_baseline("md").stdout;
    for line in [
        "| framework | readiness | before | change | passing | evaluated | failing | error / unknown | not evaluated | manual |",
        "| CIS Amazon Web Services Foundations Benchmark v7.0.0 (`cis-aws-7.0`) | **25.0%** | 0.0% | +25.0 pts | 1 | 4 | 1 | 2 | 2 | 20 |",
        "| AICPA Trust Services Criteria (SOC 2) 2017 Trust Services Criteria (revised points of focus, 2022) (`soc2`) | **100.0%** | 0.0% | +100.0 pts | 1 | 1 | 0 | 0 | 0 | 11 |",
        "**Readiness 25.0%** — 1 of 4 evaluated automated controls pass; 2 automated controls not evaluated (1 not applicable, 1 without findings); 20 manual — evidence required.",
        "| 2.4 | Ensure no 'root' user account access key exists | **fail** | fail (unchanged) | 8 / 1 / 0 / 0 / 1 | `alpha`, `bravo`, `charlie` |",
        "| 2.10 | Ensure multi-factor authentication (MFA) is enabled for all IAM users that have a console password | unknown | fail → unknown | 0 / 0 / 1 / 0 / 0 | `delta` |",
        "| 2.2 | Maintain current AWS account contact details | manual — evidence required | manual (unchanged) | – | – |",
        "| account | 2.1.2 | 2.4 | 2.5 | 2.10 | 2.12 | 2.13 |",
        "| 222222222222 beta-dev | n/a | **fail** | pass | – | – | – |",
        "| 333333333333 gamma-sandbox | – | pass | pass | – | error | – |",
        // Escaped for a table cell and for GitHub's HTML: `|`, `<`, `>` and `&`.
        "| **fail** | high | 222222222222 beta-dev | `bravo` | `arn:aws:iam::222222222222:user/bob` | bob \\| has a \"problem\" &amp; more | Fix bravo for the user. | cis-aws-7.0 2.4 |",
        "| unknown | high | 111111111111 alpha-prod | `delta` | `arn:aws:iam::111111111111:root` | the &lt;root\\_account&gt; row has no mfa\\_active value | Fix delta. | cis-aws-7.0 2.10 |",
        "| Policy bundle digest (sha256) | `0d1c5a7e4f2b9c3d8e6a1f0b7c5d3e2a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e` |",
        "| Accounts with collection errors | 333333333333 — password\\_policy: AccessDenied: iam:GetAccountPasswordPolicy |",
    ] {
        assert!(md.lines().any(|l| l == line), "missing line:\n{line}\n\nin:\n{md}");
    }
    // GitHub renders a table only when every row has as many cells as its header.
    let cells = |line: &str| line.replace("\\|", "").matches('|').count();
    let mut header_cells = None;
    for line in md.lines() {
        if !line.starts_with('|') {
            header_cells = None;
            continue;
        }
        match header_cells {
            None => header_cells = Some(cells(line)),
            Some(n) => assert_eq!(cells(line), n, "ragged table row: {line}"),
        }
    }
    assert!(!md.contains("<root_account>"));
}

#[test]
fn html_is_one_self_contained_file() {
    let html = with_baseline("html").stdout;
    assert!(html.starts_with("<!DOCTYPE html>"));
    // Nothing to fetch: no external source of any kind.
    for needle in [
        "src=",
        "http://",
        "https://",
        "@import",
        "url(",
        "<link rel=\"stylesheet\"",
    ] {
        assert!(!html.contains(needle), "{needle} in the HTML");
    }
    // The CSP allows exactly the one inline script, by its hash.
    let script = between(&html, "<script>", "</script>");
    let hash = base64::Engine::encode(
        &base64::engine::general_purpose::STANDARD,
        Sha256::digest(script.as_bytes()),
    );
    assert!(
        html.contains(&format!(
            "content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{hash}';"
        )),
        "CSP does not carry the script's hash"
    );
    assert_eq!(html.matches("<script").count(), 1);
    // Headline numbers, the gauge, the trend and one pill per control.
    assert!(html.contains(r#"aria-label="readiness 25.0%""#));
    assert!(html.contains(r#"aria-label="readiness 100.0%""#));
    assert!(html.contains(r#"<b class="headline">1 of 4</b> evaluated automated controls pass"#));
    assert!(
        html.contains(r#"<span class="up">+25.0 pts</span> <span class="muted">from 0.0%</span>"#)
    );
    assert_eq!(html.matches("<tr data-control=").count(), 26 + 12);
    assert!(html.contains(r#"<tr data-control="2.4" data-status="fail">"#));
    assert!(html.contains(r#"<tr data-control="2.10" data-status="unknown">"#));
    assert!(html.contains(r#"<tr data-control="2.2" data-status="manual">"#));
    // The failing-resource table: fail, error and unknown, with remediation, escaped.
    assert_eq!(html.matches("<tr data-status=").count(), 3);
    assert!(html.contains("bob | has a &quot;problem&quot; &amp; more<div class=\"fix\"><b>Fix:</b> Fix bravo for the user.</div>"));
    assert!(html.contains("the &lt;root_account&gt; row"));
    assert!(!html.contains("<root_account>"));
    assert!(html.contains("@media print"));
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).unwrap() + start.len();
    let to = from + text[from..].find(end).unwrap();
    &text[from..to]
}

#[test]
fn frameworks_default_to_every_catalog_and_unknown_ones_are_refused() {
    let run = Tenet::report("tests/data/readiness/results.json")
        .arg("--no-builtin")
        .policy("tests/data/readiness/policy")
        .format("json")
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let ids: Vec<String> = run.json()["frameworks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        ids,
        ["cis-aws-3.0", "cis-aws-6.0", "cis-aws-7.0", "hipaa", "soc2"]
    );

    let run = tenet(&[
        "report",
        "tests/data/readiness/results.json",
        "--framework",
        "nist-800-53",
    ]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr.trim(),
        "tenet: --framework \"nist-800-53\": no such catalog (known: cis-aws-3.0, cis-aws-6.0, cis-aws-7.0, hipaa, soc2)"
    );
    assert!(run.stdout.is_empty());
}

#[test]
fn as_of_is_refused_for_results_that_were_already_evaluated() {
    let run = Tenet::report("tests/data/readiness/results.json")
        .as_of(AS_OF)
        .run();
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("--as-of applies to a snapshot or directory"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_bad_baseline_is_named_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("old.json");
    std::fs::write(&bad, "{\n  \"schema\": \"tenet.snapshot/v1\"\n}\n").unwrap();
    let run = tenet(&[
        "report",
        "tests/data/readiness/results.json",
        "--baseline",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2);
    let expected = format!(
        "tenet: {}:3:1: not a tenet.results/v1 file: schema is \"tenet.snapshot/v1\"",
        bad.display()
    );
    assert!(run.stderr.starts_with(&expected), "{}", run.stderr);
}

#[test]
fn output_file_is_written_and_stdout_left_empty() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.md");
    let run = example("md", &["-o", path.to_str().unwrap()]);
    assert!(run.stdout.is_empty());
    let written = std::fs::read_to_string(&path).unwrap();
    assert_eq!(written, example("md", &[]).stdout);
}

/// sha256 of the built-in Rego that `check` evaluates, computed here from the files: the
/// order include_dir loads them in (each directory's files sorted, then its subdirectories
/// sorted), tests left out, each as path NUL text NUL.
fn builtin_policy_digest() -> String {
    fn walk(dir: &Path, rel: &str, out: &mut Vec<(String, String)>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries.iter().filter(|p| p.is_file()) {
            let name = path.file_name().unwrap().to_str().unwrap();
            if name.ends_with(".rego") && !name.ends_with("_test.rego") {
                out.push((
                    format!("{rel}/{name}"),
                    std::fs::read_to_string(path).unwrap(),
                ));
            }
        }
        for path in entries.iter().filter(|p| p.is_dir()) {
            let name = path.file_name().unwrap().to_str().unwrap();
            walk(path, &format!("{rel}/{name}"), out);
        }
    }
    let mut sources = Vec::new();
    walk(Path::new("policies"), "policies", &mut sources);
    assert!(sources.len() > 15, "{sources:?}");
    let mut hasher = Sha256::new();
    for (path, text) in sources {
        hasher.update(path.as_bytes());
        hasher.update([0]);
        hasher.update(text.as_bytes());
        hasher.update([0]);
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn check_records_evidence_that_can_be_verified_from_the_files() {
    let dir = tempfile::tempdir().unwrap();
    let results = dir.path().join("results.json");
    let snapshot = dir.path().join("snapshot.json");
    let run = Tenet::check("examples/acme")
        .as_of(AS_OF)
        .format("json")
        .output(&results)
        .save_snapshot(&snapshot)
        .run();
    assert_eq!(run.code, 1, "acme has failures: {}", run.stderr);
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&results).unwrap()).unwrap();
    let e = &written["evidence"];
    let snapshot_sha: String = Sha256::digest(std::fs::read(&snapshot).unwrap())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        e["snapshot_digest"], snapshot_sha,
        "sha256sum of --save-snapshot"
    );
    assert_eq!(e["policy_digest"], builtin_policy_digest());
    assert_eq!(
        e["accounts"],
        json!([
            {"account_id": "111111111111", "name": "acme-management", "parents": ["r-acme"]},
            {"account_id": "222222222222", "name": "acme-prod-app", "parents": ["r-acme", "ou-acme-prod"]},
            {"account_id": "333333333333", "name": "acme-prod-data", "parents": ["r-acme", "ou-acme-prod"]},
            {"account_id": "444444444444", "name": "acme-payments", "parents": ["r-acme", "ou-acme-prod", "ou-acme-payments"]},
            {"account_id": "555555555555", "name": "acme-dev-sandbox", "parents": ["r-acme", "ou-acme-dev"]},
            {"account_id": "666666666666", "name": "acme-dev-tools", "parents": ["r-acme", "ou-acme-dev"]}
        ])
    );
    assert_eq!(e["collection_errors"], json!([]));

    // A snapshot file, checked or reported whichever way it is read (streamed, loaded whole to
    // save it again, reported; as of another time), has its file's digest. This copy is
    // compact JSON, unlike what tenet writes, so a digest of tenet's re-serialization differs.
    let compact = dir.path().join("compact.json");
    let parsed: Value = serde_json::from_str(&std::fs::read_to_string(&snapshot).unwrap()).unwrap();
    std::fs::write(&compact, parsed.to_string()).unwrap();
    let compact_sha: String = Sha256::digest(std::fs::read(&compact).unwrap())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let again = dir.path().join("again.json");
    let path = compact.to_str().unwrap();
    for args in [
        vec!["check", path, "--format", "json"],
        vec![
            "check",
            path,
            "--format",
            "json",
            "--as-of",
            "2027-01-01T00:00:00Z",
        ],
        vec![
            "check",
            path,
            "--format",
            "json",
            "--save-snapshot",
            again.to_str().unwrap(),
        ],
        vec!["report", path, "--format", "json"],
    ] {
        let digest = tenet(&args).json()["evidence"]["snapshot_digest"].clone();
        assert_eq!(digest, compact_sha, "{args:?}");
    }

    // Reporting the saved results and reporting the directory give the same numbers and
    // evidence; only the directory's report has the inventory.
    let from_results = Tenet::report(results.to_str().unwrap())
        .format("json")
        .run()
        .json();
    let from_dir = Tenet::report("examples/acme")
        .as_of(AS_OF)
        .format("json")
        .run()
        .json();
    assert_eq!(from_results["frameworks"], from_dir["frameworks"]);
    assert_eq!(from_results["evidence"], from_dir["evidence"]);
    assert_eq!(from_results["attention"], from_dir["attention"]);
    assert!(from_results.get("inventory").is_none());
    assert_eq!(
        from_dir["inventory"]["accounts"].as_array().unwrap().len(),
        6
    );
}

#[test]
fn an_unreadable_credential_report_is_a_collection_error_in_the_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().join("credential-reports");
    std::fs::create_dir(&reports).unwrap();
    std::fs::copy(
        "examples/acme/credential-reports/222222222222.csv",
        reports.join("222222222222.csv"),
    )
    .unwrap();
    std::fs::write(reports.join("999999999999.csv"), "user,arn\n").unwrap();
    let run = Tenet::report(dir.path().to_str().unwrap())
        .as_of(AS_OF)
        .args(["--framework", "cis-aws-7.0"])
        .format("json")
        .run();
    assert_eq!(run.code, 0, "a report is written: {}", run.stderr);
    assert!(run
        .stderr
        .contains("tenet: account 999999999999: credential_report not collected:"));
    let report = run.json();
    let errors = report["evidence"]["collection_errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0]["account"], "999999999999");
    assert_eq!(errors[0]["stage"], "credential_report");
    // Its cells are `error`, never pass; its inventory row is unknown.
    let control = framework(&report, "cis-aws-7.0")["controls"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "2.4")
        .unwrap()
        .clone();
    assert_eq!(control["status"], "error");
    assert_eq!(control["cells"][1]["account_id"], "999999999999");
    assert_eq!(control["cells"][1]["status"], "error");
    let rows = report["inventory"]["accounts"].as_array().unwrap();
    let row = rows
        .iter()
        .find(|r| r["account_id"] == "999999999999")
        .unwrap();
    assert_eq!(row["credential_report"], false);
    assert_eq!(row["root_mfa"], Value::Null);
    assert_eq!(row["iam_users"], Value::Null);
}

/// examples/acme's accounts as the inventory must list them, read by hand from the credential
/// reports (as of 2026-11-20, rotation 90 days; EXPECTED.md lists the same facts):
/// - 333… root key 1 active; root last used by key 1 on 2026-11-16 (3 days); users carol.diaz,
///   dave.kim (password, no MFA), etl-runner, legacy-reporting; stale keys: carol key 1 (91
///   days), etl-runner (200), legacy-reporting (263).
/// - 555… root mfa_active false (so no hardware MFA); root password used 2026-10-29 (21 days);
///   heidi.schmidt (password, no MFA), ivan.petrov, sandbox-ci (key 216 days old).
/// - 666… root_virtual_mfa not given, so hardware MFA unknown; root used 2024-07-23 (849 days);
///   ken.ito (password, no MFA), judy.chen, build-bot (key 129 days), old-jenkins.
/// - 444… root MFA virtual; root used 2026-09-01 (79 days); frank.moreau, grace.lee,
///   payments-api; keys 56 and 30 days old.
/// - 111… root used 2026-06-15 (157 days); breakglass-admin, org-automation (key 79 days),
///   security-auditor.
/// - 222… root used 2025-03-02 (627 days); alice.nguyen, app-deploy (65 days), bob.okafor (49).
///
/// Worst first: 333 (a root key), 555 (root MFA off), 666 (a console user without MFA), 444
/// (no hardware MFA), then 111 before 222 (root used more recently).
fn acme_inventory() -> Value {
    json!([
        [
            "333333333333",
            "acme-prod-data",
            true,
            true,
            1,
            "2026-11-16T21:14:00Z",
            3,
            4,
            1,
            3
        ],
        [
            "555555555555",
            "acme-dev-sandbox",
            false,
            false,
            0,
            "2026-10-29T19:22:10Z",
            21,
            3,
            1,
            1
        ],
        [
            "666666666666",
            "acme-dev-tools",
            true,
            null,
            0,
            "2024-07-23T09:30:41Z",
            849,
            4,
            1,
            1
        ],
        [
            "444444444444",
            "acme-payments",
            true,
            false,
            0,
            "2026-09-01T13:45:08Z",
            79,
            3,
            0,
            0
        ],
        [
            "111111111111",
            "acme-management",
            true,
            true,
            0,
            "2026-06-15T17:03:21Z",
            157,
            3,
            0,
            0
        ],
        [
            "222222222222",
            "acme-prod-app",
            true,
            true,
            0,
            "2025-03-02T11:47:09Z",
            627,
            3,
            0,
            0
        ]
    ])
}

fn inventory_rows(inventory: &Value) -> Value {
    let rows: Vec<Value> = inventory["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            json!([
                r["account_id"],
                r["name"],
                r["root_mfa"],
                r["root_hardware_mfa"],
                r["root_active_keys"],
                r["root_last_used"],
                r["root_last_used_days"],
                r["iam_users"],
                r["console_without_mfa"],
                r["stale_keys"]
            ])
        })
        .collect();
    json!(rows)
}

#[test]
fn inventory_of_acme_matches_its_credential_reports_worst_first() {
    let run = Tenet::new("inventory", "examples/acme")
        .as_of(AS_OF)
        .format("json")
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let inventory = run.json();
    assert_eq!(inventory["schema"], "tenet.inventory/v1");
    assert_eq!(inventory["rotation_days"], 90);
    assert_eq!(inventory_rows(&inventory), acme_inventory());

    // The same rows in the report made from the directory.
    let report = Tenet::report("examples/acme")
        .as_of(AS_OF)
        .format("json")
        .run()
        .json();
    assert_eq!(inventory_rows(&report["inventory"]), acme_inventory());
}

#[test]
fn inventory_table_and_csv_say_the_same() {
    let run = Tenet::new("inventory", "examples/acme").as_of(AS_OF).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines[..7],
        [
            "account       name              root MFA  hardware MFA  root keys  root last used             IAM users  console w/o MFA  stale keys",
            "333333333333  acme-prod-data    yes       yes           1          2026-11-16 (3 days ago)    4          1                3",
            "555555555555  acme-dev-sandbox  no        no            0          2026-10-29 (21 days ago)   3          1                1",
            "666666666666  acme-dev-tools    yes       unknown       0          2024-07-23 (849 days ago)  4          1                1",
            "444444444444  acme-payments     yes       no            0          2026-09-01 (79 days ago)   3          0                0",
            "111111111111  acme-management   yes       yes           0          2026-06-15 (157 days ago)  3          0                0",
            "222222222222  acme-prod-app     yes       yes           0          2025-03-02 (627 days ago)  3          0                0",
        ]
    );
    let csv = Tenet::new("inventory", "examples/acme")
        .as_of(AS_OF)
        .format("csv")
        .run()
        .stdout;
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    assert_eq!(
        rows[2],
        [
            "666666666666",
            "acme-dev-tools",
            "true",
            "unknown",
            "0",
            "2024-07-23T09:30:41Z",
            "849",
            "4",
            "1",
            "1",
            ""
        ]
    );
    let ids: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        ids,
        [
            "333333333333",
            "555555555555",
            "666666666666",
            "444444444444",
            "111111111111",
            "222222222222"
        ]
    );
}

#[test]
fn inventory_stale_keys_follow_the_configured_rotation() {
    // At 60 days, org-automation's key (79 days) and app-deploy's (65) are stale too.
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.yaml");
    std::fs::write(&config, "rotation_days: 60\n").unwrap();
    let run = Tenet::new("inventory", "examples/acme")
        .as_of(AS_OF)
        .format("json")
        .args(["--config", config.to_str().unwrap()])
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let inventory = run.json();
    assert_eq!(inventory["rotation_days"], 60);
    let stale: BTreeMap<String, i64> = inventory["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["account_id"].as_str().unwrap().to_string(),
                r["stale_keys"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(stale["111111111111"], 1);
    assert_eq!(stale["222222222222"], 1);
    assert_eq!(stale["333333333333"], 3);
    assert_eq!(stale["444444444444"], 0);
}

#[test]
fn html_and_markdown_from_a_snapshot_carry_the_inventory() {
    let html = Tenet::report("examples/acme")
        .as_of(AS_OF)
        .args(["--framework", "cis-aws-7.0"])
        .format("html")
        .run()
        .stdout;
    let section = between(&html, "<section id=\"inventory\">", "</section>");
    let first = section.find("333333333333").unwrap();
    let last = section.find("222222222222").unwrap();
    assert!(first < last, "worst first");
    assert!(
        section.contains("<td class=\"bad\">1</td>"),
        "root key count flagged"
    );
    let md = Tenet::report("examples/acme")
        .as_of(AS_OF)
        .args(["--framework", "cis-aws-7.0"])
        .format("md")
        .run()
        .stdout;
    assert!(md.contains(
        "| 666666666666 | acme-dev-tools | yes | unknown | 0 | 2024-07-23 (849 days ago) | 4 | 1 | 1 |"
    ));
}

#[test]
fn a_framework_no_rule_maps_to_is_reported_from_a_directory_with_every_control_uncovered() {
    // A catalog of its own in a --policy dir, none of whose controls a rule maps to: the
    // report still comes out (evaluating every rule, since selecting by it would leave none).
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("frameworks")).unwrap();
    std::fs::write(
        dir.path().join("frameworks/house.yaml"),
        "id: house\nname: House rules\nversion: \"1\"\ncontrols:\n  - id: H-1\n    title: Keys are kept in the safe\n    section: Keys\n    assessment: manual\n",
    )
    .unwrap();
    let run = Tenet::report(ACME)
        .policy(dir.path().to_str().unwrap())
        .arg("--framework")
        .arg("house")
        .as_of(AS_OF)
        .format("json")
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = run.json();
    let frameworks = report["frameworks"].as_array().unwrap();
    assert_eq!(frameworks.len(), 1);
    assert_eq!(frameworks[0]["id"], "house");
    let controls = frameworks[0]["controls"].as_array().unwrap();
    assert_eq!(controls.len(), 1);
    assert_eq!(controls[0]["id"], "H-1");
    assert_eq!(controls[0]["status"], "manual");
}

/// The acme example reported as JSON as of AS_OF, with `extra` arguments.
fn acme_json(extra: &[&str]) -> Value {
    let mut args = vec!["report", ACME, "--as-of", AS_OF, "--format", "json"];
    args.extend_from_slice(extra);
    let run = tenet(&args);
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    run.json()
}

/// The status of `control` in `account`'s cell, or overall when `account` is None.
fn status_of(report: &Value, framework_id: &str, control: &str, account: Option<&str>) -> Value {
    let c = framework(report, framework_id)["controls"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == control)
        .unwrap_or_else(|| panic!("{framework_id} {control} missing"))
        .clone();
    match account {
        None => c["status"].clone(),
        Some(a) => c["cells"]
            .as_array()
            .unwrap()
            .iter()
            .find(|cell| cell["account_id"] == a)
            .unwrap()["status"]
            .clone(),
    }
}

#[test]
fn acme_waivers_make_accepted_risks_and_never_passes() {
    let before = acme_json(&[]);
    let after = acme_json(&["--waivers", "examples/acme/waivers.yaml"]);
    // Every framework of acme reads 0.0% before and after: the waived findings' controls
    // fail elsewhere too, and accepted risk is never a pass.
    for report in [&before, &after] {
        let numbers: Vec<Value> = report["frameworks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                let h = &f["headline"];
                json!([f["id"], h["pass"], h["evaluated"], h["fail"], h["percent"]])
            })
            .collect();
        assert_eq!(
            json!(numbers),
            json!([
                ["cis-aws-3.0", 0, 15, 15, 0.0],
                ["cis-aws-6.0", 0, 15, 15, 0.0],
                ["cis-aws-7.0", 0, 15, 15, 0.0],
                ["hipaa", 0, 13, 13, 0.0],
                ["soc2", 0, 8, 8, 0.0]
            ])
        );
    }
    // 2.11 (unused credentials): in 111… its only failure was breakglass-admin, now waived.
    let (mgmt, data) = (Some("111111111111"), Some("333333333333"));
    assert_eq!(status_of(&before, "cis-aws-7.0", "2.11", mgmt), "fail");
    assert_eq!(
        status_of(&after, "cis-aws-7.0", "2.11", mgmt),
        "accepted_risk"
    );
    assert_eq!(status_of(&after, "soc2", "CC6.2", mgmt), "accepted_risk");
    // A cell with a failure besides the waived finding stays fail.
    assert_eq!(status_of(&after, "soc2", "CC6.3", mgmt), "fail");
    assert_eq!(status_of(&after, "cis-aws-7.0", "2.12", data), "fail");
    // Overall, 2.11 still fails in other accounts.
    assert_eq!(status_of(&after, "cis-aws-7.0", "2.11", None), "fail");
    assert!(before.get("accepted_risks").is_none());
    let risks: Vec<Value> = after["accepted_risks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let covered: Vec<Value> = r["covered"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| json!([f["account_id"], f["resource"], f["rule"], f["status"]]))
                .collect();
            json!([
                r["id"],
                r["owner"],
                r["state"],
                r["days_left"],
                r["findings"],
                covered
            ])
        })
        .collect();
    assert_eq!(
        json!(risks),
        json!([
            [
                "breakglass-console",
                "security@acme.example",
                "active",
                131,
                1,
                [[
                    "111111111111",
                    "arn:aws:iam::111111111111:user/breakglass-admin",
                    "user_unused_credentials",
                    "waived"
                ]]
            ],
            [
                "legacy-reporting-key",
                "data-platform@acme.example",
                "expiring",
                25,
                1,
                [[
                    "333333333333",
                    "arn:aws:iam::333333333333:user/service/legacy-reporting",
                    "user_key_rotation",
                    "waived"
                ]]
            ]
        ])
    );
    let digest: String = Sha256::digest(std::fs::read("examples/acme/waivers.yaml").unwrap())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(after["evidence"]["waivers_digest"], json!(digest));
    assert!(before["evidence"].get("waivers_digest").is_none());
}

/// The hand-made example with a waiver for its one failure (bob, 2.4), an expired one and a
/// stale one.
fn example_with_waivers(format: &str, dir: &Path) -> Run {
    let file = dir.join("waivers.yaml");
    std::fs::write(
        &file,
        r#"waivers:
  - id: bob-key
    rule: bravo
    accounts: ["222222222222"]
    resources: ["arn:aws:iam::222222222222:user/bob"]
    reason: Bob's key is being retired.
    owner: sec@example.com
    expires: 2026-12-01
  - id: old-one
    rule: delta
    accounts: ["111111111111"]
    reason: Accepted last year.
    owner: sec@example.com
    expires: 2026-11-01
  - id: nothing
    rule: alpha
    accounts: ["333333333333"]
    reason: Matches nothing that fails.
    owner: sec@example.com
    ticket: T-1
    expires: 2027-01-01
"#,
    )
    .unwrap();
    example(format, &["--waivers", file.to_str().unwrap()])
}

#[test]
fn a_control_whose_only_failure_is_waived_passes_with_accepted_risk_not_pass() {
    let dir = tempfile::tempdir().unwrap();
    let report = example_with_waivers("json", dir.path()).json();
    assert_eq!(
        status_of(&report, "cis-aws-7.0", "2.4", None),
        "accepted_risk"
    );
    let cells: Vec<Value> = ["111111111111", "222222222222", "333333333333"]
        .iter()
        .map(|a| status_of(&report, "cis-aws-7.0", "2.4", Some(a)))
        .collect();
    assert_eq!(json!(cells), json!(["pass", "accepted_risk", "pass"]));
    // Before: 1 pass of 4 evaluated, 1 fail. After: the fail is an accepted risk, still 25.0%.
    let h = &framework(&report, "cis-aws-7.0")["headline"];
    assert_eq!(
        json!([
            h["pass"],
            h["accepted_risk"],
            h["fail"],
            h["evaluated"],
            h["percent"]
        ]),
        json!([1, 1, 0, 4, 25.0])
    );
    // The expired waiver's finding counts again: 2.10 stays unknown.
    assert_eq!(status_of(&report, "cis-aws-7.0", "2.10", None), "unknown");
    let states: Vec<Value> = report["accepted_risks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            json!([
                r["id"],
                r["state"],
                r["days_left"],
                r["covered"].as_array().unwrap().len()
            ])
        })
        .collect();
    assert_eq!(
        json!(states),
        json!([
            ["bob-key", "expiring", 11, 1],
            ["old-one", "expired", -19, 1],
            ["nothing", "stale", 42, 0]
        ])
    );
    assert_eq!(
        report["accepted_risks"][1]["covered"][0]["status"],
        "unknown"
    );

    let md = example_with_waivers("md", dir.path()).stdout;
    for line in [
        "| framework | readiness | passing | evaluated | failing | accepted risk | error / unknown | not evaluated | manual |",
        "| 2.4 | Ensure no 'root' user account access key exists | pass with accepted risk | 8 / 0 / 0 / 0 / 1 + 1 waived | `alpha`, `bravo`, `charlie` |",
        "| 222222222222 beta-dev | n/a | accepted risk | pass | – | – | – |",
        "| `old-one` | **expired on 2026-11-01: its 1 finding count again** | sec@example.com | `delta` | 111111111111 | none | Accepted last year. | unknown 111111111111 `arn:aws:iam::111111111111:root` `delta` |",
        "| `nothing` | **stale: matched nothing (the risk is gone, or the waiver is wrong)** | sec@example.com (T-1) | `alpha` | 333333333333 | none | Matches nothing that fails. | none |",
    ] {
        assert!(md.lines().any(|l| l == line), "missing line:\n{line}\n\nin:\n{md}");
    }
    assert!(md.contains("## Accepted risks"));
    assert!(!example("md", &[]).stdout.contains("Accepted risks"));

    let csv = example_with_waivers("csv", dir.path()).stdout;
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let cell = rows
        .iter()
        .find(|r| r[0] == "cis-aws-7.0" && r[2] == "2.4" && r[6] == "222222222222")
        .unwrap();
    assert_eq!(
        (&cell[4][..], &cell[8][..], &cell[15][..]),
        ("accepted_risk", "accepted_risk", "1")
    );
    let waivers: Vec<String> = rows
        .iter()
        .filter(|r| r[1] == "accepted risk")
        .map(|r| format!("{} {} {} {} {}", r[2], r[4], r[6], r[8], r[14]))
        .collect();
    assert_eq!(
        waivers,
        [
            "bob-key expiring 222222222222 waived bravo",
            "old-one expired 111111111111 unknown delta",
            "nothing stale   alpha"
        ]
    );

    let html = example_with_waivers("html", dir.path()).stdout;
    assert!(html.contains(r#"<tr data-control="2.4" data-status="accepted_risk">"#));
    assert!(html.contains(r#"<span class="pill s-accepted_risk">pass with accepted risk</span>"#));
    assert!(html.contains(r#"<tr data-waiver="old-one" data-state="expired">"#));
    assert!(html.contains("expired on 2026-11-01: its 1 finding count again"));
    assert!(html.contains(r#"<span class="pill s-waived">waived</span>"#));
    assert!(!example("html", &[]).stdout.contains("accepted-risks"));
}
