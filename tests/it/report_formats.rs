//! `tenet check --format csv|sarif|junit|github` end to end. The bundled example is checked
//! once as JSON, and every other format must say the same thing: each one is read back with
//! an independent parser (csv, the SARIF 2.1.0 JSON schema, quick-xml) and compared with the
//! JSON findings. A hand-built result set adds the statuses the example lacks (error).

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::Value;

use tenet::report::{self, Context, Format};
use tenet::results::{Finding, Results, Severity, Status};

use crate::support::{Run, Tenet, AS_OF};

/// The bundled example checked in `format`.
fn acme(format: &str) -> Run {
    Tenet::check("examples/acme")
        .as_of(AS_OF)
        .format(format)
        .run()
}

/// The example's findings, from the JSON format.
fn acme_findings() -> Vec<Finding> {
    let run = acme("json");
    let results: Results = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not results JSON ({e}); stderr: {}", run.stderr));
    assert!(
        results.results.len() > 10,
        "the example has findings for several accounts and rules"
    );
    results.results
}

/// A result set with every status, an organization finding without an account, and text that
/// needs escaping in every format.
fn every_status() -> Results {
    let f = |account: &str, rule: &str, severity, resource: &str, status, message: &str| Finding {
        rule: rule.into(),
        title: format!("{rule}: a <title> & more").into(),
        severity,
        account: account.into(),
        resource: resource.into(),
        status,
        message: message.into(),
        controls: std::sync::Arc::new(
            [
                ("cis-aws-6.0".to_string(), vec!["2.3".to_string()]),
                (
                    "soc2".to_string(),
                    vec!["CC6.1".to_string(), "CC6.3".to_string()],
                ),
            ]
            .into(),
        ),
        error: None,
        waiver: None,
        expired_waiver: None,
    };
    Results::new(
        AS_OF.into(),
        vec![
            f(
                "111111111111",
                "root_mfa",
                Severity::Critical,
                "arn:aws:iam::111111111111:root",
                Status::Pass,
                "root has MFA",
            ),
            f(
                "111111111111",
                "root_access_keys",
                Severity::Critical,
                "arn:aws:iam::111111111111:root",
                Status::Fail,
                "key \"1\" <active> & used, 50%\nsince 2026",
            ),
            f(
                "222222222222",
                "root_access_keys",
                Severity::Critical,
                "arn:aws:iam::222222222222:root",
                Status::Error,
                "not evaluated: AccessDenied",
            ),
            f(
                "222222222222",
                "user_console_mfa",
                Severity::Medium,
                "arn:aws:iam::222222222222:user/bob",
                Status::Fail,
                "bob has no MFA",
            ),
            f(
                "222222222222",
                "user_console_mfa",
                Severity::Medium,
                "arn:aws:iam::222222222222:user/ops",
                Status::NotApplicable,
                "no console password",
            ),
            f(
                "",
                "root_centralized",
                Severity::Low,
                "organization",
                Status::Unknown,
                "no organization data",
            ),
        ],
    )
}

fn render(format: Format, results: &Results) -> String {
    let mut out = Vec::new();
    report::write(format, results, &Context::default(), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

// ---- every format ----

#[test]
fn every_format_exits_as_json_does() {
    let json = acme("json").code;
    assert_eq!(json, 1, "the example has failures");
    for format in ["table", "csv", "sarif", "junit", "github"] {
        let run = acme(format);
        assert_eq!(run.code, json, "--format {format}; stderr: {}", run.stderr);
        assert!(!run.stdout.is_empty(), "--format {format}");
    }
}

#[test]
fn output_file_gets_the_same_bytes_as_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("results.sarif");
    let run = Tenet::check("examples/acme")
        .as_of(AS_OF)
        .format("sarif")
        .output(&path)
        .run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        acme("sarif").stdout
    );
}

// ---- csv ----

#[test]
fn csv_has_a_row_per_finding_with_the_same_fields() {
    let findings = acme_findings();
    let text = acme("csv").stdout;
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        reader.headers().unwrap(),
        vec!["account", "rule", "severity", "status", "resource", "message", "controls"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), findings.len());
    for (row, f) in rows.iter().zip(&findings) {
        let mut controls: Vec<String> = f
            .controls
            .iter()
            .flat_map(|(fw, ids)| ids.iter().map(move |id| format!("{fw}:{id}")))
            .collect();
        controls.sort();
        let expected = [
            f.account.as_ref(),
            &f.rule,
            f.severity.as_str(),
            f.status.as_str(),
            &f.resource,
            &f.message,
            &controls.join(";"),
        ];
        assert_eq!(row.iter().collect::<Vec<_>>(), expected);
    }
}

#[test]
fn csv_quotes_what_needs_quoting() {
    let text = render(Format::Csv, &every_status());
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 6);
    assert_eq!(
        &rows[0][0], "",
        "the organization finding has no account, and sorts first"
    );
    assert_eq!(&rows[1][5], "key \"1\" <active> & used, 50%\nsince 2026");
    assert_eq!(&rows[1][6], "cis-aws-6.0:2.3;soc2:CC6.1;soc2:CC6.3");
}

#[test]
fn csv_cells_that_start_like_a_formula_are_not_run_by_a_spreadsheet() {
    // A policy (or a user name in a credential report) may put text of its choosing in a cell.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("planted.rego"),
        "# METADATA\n# title: planted\n# custom:\n#   id: planted\n#   severity: low\n#   resource: account\n#   recommended_action: none\n#   frameworks:\n#     soc2: [CC6.1]\npackage tenet.aws.planted\n\nfindings contains {\"resource\": \"@SUM(1+1)\", \"status\": \"fail\", \"message\": \"=HYPERLINK(\\\"http://x\\\")\"} if input.account.account_id == \"111111111111\"\n\nfindings contains {\"resource\": \"-12.5\", \"status\": \"pass\", \"message\": \"+1 more\"} if input.account.account_id == \"222222222222\"\n",
    )
    .unwrap();
    let run = Tenet::check("examples/acme")
        .as_of(AS_OF)
        .arg("--no-builtin")
        .policy(dir.path())
        .format("csv")
        .run();
    let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
    let rows: Vec<(String, String)> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[4].to_string(), r[5].to_string())
        })
        .collect();
    assert_eq!(
        rows,
        [
            (
                "'@SUM(1+1)".to_string(),
                "'=HYPERLINK(\"http://x\")".to_string()
            ),
            // A plain number stays a number.
            ("-12.5".to_string(), "'+1 more".to_string()),
        ],
        "stderr: {}",
        run.stderr
    );
}

// ---- sarif ----

/// The official SARIF 2.1.0 JSON schema. We do not commit a copy; it ships inside the
/// `serde-sarif` crate (a dev-dependency, `src/schema.json`), so it is read from where cargo
/// unpacked that crate. `TENET_SARIF_SCHEMA=FILE` points at another copy.
fn sarif_schema() -> Value {
    let path = match std::env::var_os("TENET_SARIF_SCHEMA") {
        Some(path) => PathBuf::from(path),
        None => serde_sarif_schema_path(),
    };
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: cannot read the SARIF schema: {e}", path.display()));
    let mut schema: Value = serde_json::from_str(&text).unwrap();
    fix_language_pattern(&mut schema);
    assert!(
        schema["$id"]
            .as_str()
            .is_some_and(|id| id.ends_with("/sarif-schema-2.1.0.json")),
        "{} is not the SARIF 2.1.0 schema: $id is {}",
        path.display(),
        schema["$id"]
    );
    schema
}

/// The published 2.1.0 schema's `language` pattern has a stray `]`
/// (`^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`), which is not a valid ECMA-262 regex, so a
/// strict validator rejects the schema itself. The SARIF TC and GitHub's code-scanning upload
/// use `^[a-zA-Z]{2}(-[a-zA-Z]{2})?$` instead; so do we. tenet never writes `language`.
fn fix_language_pattern(schema: &mut Value) {
    const BROKEN: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
    const FIXED: &str = "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$";
    match schema {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                if key == "pattern" && value == BROKEN {
                    *value = Value::from(FIXED);
                } else {
                    fix_language_pattern(value);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(fix_language_pattern),
        _ => {}
    }
}

fn serde_sarif_schema_path() -> PathBuf {
    let lock = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.lock"))
        .expect("Cargo.lock");
    let version = lock
        .split("[[package]]")
        .find(|p| p.contains("\nname = \"serde-sarif\"\n"))
        .and_then(|p| p.lines().find_map(|l| l.strip_prefix("version = \"")))
        .map(|v| v.trim_end_matches('"').to_string())
        .expect("serde-sarif in Cargo.lock (it is a dev-dependency)");
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .expect("CARGO_HOME or HOME");
    let registry = cargo_home.join("registry").join("src");
    let found = std::fs::read_dir(&registry)
        .into_iter()
        .flatten()
        .flatten()
        .map(|index| {
            index
                .path()
                .join(format!("serde-sarif-{version}"))
                .join("src")
                .join("schema.json")
        })
        .find(|p| p.is_file());
    found.unwrap_or_else(|| {
        panic!(
            "serde-sarif-{version}/src/schema.json not found under {}; \
             set TENET_SARIF_SCHEMA to the SARIF 2.1.0 schema file",
            registry.display()
        )
    })
}

/// What the SARIF 2.1.0 schema finds wrong with `instance`.
fn sarif_schema_errors(instance: &Value) -> Vec<String> {
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&sarif_schema())
        .expect("the SARIF schema compiles");
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn assert_valid_sarif(text: &str) -> Value {
    let instance: Value = serde_json::from_str(text).unwrap();
    let errors = sarif_schema_errors(&instance);
    assert!(errors.is_empty(), "invalid SARIF:\n{}", errors.join("\n"));
    // A second reader: serde-sarif's own types must accept it too.
    serde_json::from_str::<serde_sarif::sarif::Sarif>(text).expect("serde-sarif reads it");
    instance
}

#[test]
fn the_schema_check_is_not_vacuous() {
    let mut sarif: Value = serde_json::from_str(&render(Format::Sarif, &every_status())).unwrap();
    sarif["runs"][0]["results"][0]["level"] = Value::from("critical");
    sarif["runs"][0]["results"][1]["locations"][0]["logicalLocations"][0]["index"] =
        Value::from(-2);
    sarif["version"] = Value::from("2.0.0");
    let errors = sarif_schema_errors(&sarif);
    assert_eq!(errors.len(), 3, "{errors:#?}");
}

/// (rule, resource, account, status, kind, level) of each SARIF result.
fn sarif_results(sarif: &Value) -> Vec<(String, String, String, String, String, String)> {
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    run["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let s = |v: &Value| v.as_str().unwrap().to_string();
            let index = r["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(
                rules[index]["id"], r["ruleId"],
                "ruleIndex points at ruleId"
            );
            let location = &r["locations"][0]["logicalLocations"][0];
            assert_eq!(location["kind"], "resource");
            (
                s(&r["ruleId"]),
                s(&location["fullyQualifiedName"]),
                s(&r["properties"]["account"]),
                s(&r["properties"]["status"]),
                s(&r["kind"]),
                s(&r["level"]),
            )
        })
        .collect()
}

#[test]
fn sarif_of_the_example_is_valid_and_reports_every_finding_but_pass() {
    let findings = acme_findings();
    let sarif = assert_valid_sarif(&acme("sarif").stdout);
    // GitHub code scanning needs a file: the organization the findings came from.
    for result in sarif["runs"][0]["results"].as_array().unwrap() {
        assert_eq!(
            result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "examples/acme/organization.yaml"
        );
    }
    let got = sarif_results(&sarif);
    let expected: Vec<(String, String, String, String)> = findings
        .iter()
        .filter(|f| f.status != Status::Pass)
        .map(|f| {
            (
                f.rule.to_string(),
                f.resource.to_string(),
                f.account.to_string(),
                f.status.as_str().to_string(),
            )
        })
        .collect();
    let got_keys: Vec<(String, String, String, String)> = got
        .iter()
        .map(|(a, b, c, d, _, _)| (a.clone(), b.clone(), c.clone(), d.clone()))
        .collect();
    assert_eq!(got_keys, expected);
    // One descriptor per rule with a reported finding, with the rule's help from METADATA.
    let driver = &sarif["runs"][0]["tool"]["driver"];
    let mut rule_ids: Vec<&str> = expected.iter().map(|e| e.0.as_str()).collect();
    rule_ids.sort();
    rule_ids.dedup();
    let described: Vec<&str> = driver["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(described, rule_ids);
    let keys = driver["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "root_access_keys")
        .expect("the example fails root_access_keys somewhere");
    assert!(
        keys["help"]["text"]
            .as_str()
            .unwrap()
            .starts_with("Sign in as the root user"),
        "help is the rule's recommended_action: {}",
        keys["help"]
    );
    let tags = keys["properties"]["tags"].as_array().unwrap();
    for tag in ["cis-aws-6.0:2.3", "soc2:CC6.1", "critical"] {
        assert!(tags.iter().any(|t| t == tag), "{tag} in {tags:?}");
    }
}

#[test]
fn sarif_maps_each_status_to_kind_and_level_and_stays_valid() {
    let sarif = assert_valid_sarif(&render(Format::Sarif, &every_status()));
    let got: Vec<(String, String, String)> = sarif_results(&sarif)
        .into_iter()
        .map(|(rule, _, _, status, kind, level)| (format!("{rule} {status}"), kind, level))
        .collect();
    let expected = [
        ("root_centralized unknown", "review", "none"), // the organization, account ""
        ("root_access_keys fail", "fail", "error"),
        ("root_access_keys error", "fail", "error"),
        ("user_console_mfa fail", "fail", "warning"),
        ("user_console_mfa not_applicable", "notApplicable", "none"),
    ]
    .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()));
    assert_eq!(got, expected);
    assert_eq!(
        sarif["runs"][0]["results"][1]["message"]["text"],
        "key \"1\" <active> & used, 50%\nsince 2026"
    );
}

// ---- junit ----

#[derive(Debug, Default, PartialEq, Eq, Clone, Copy)]
struct Counts {
    tests: usize,
    failures: usize,
    errors: usize,
    skipped: usize,
}

/// (counts claimed by the attributes, counts seen, (classname, name) of each testcase)
type ParsedSuite = (Counts, Counts, Vec<(String, String)>);

/// Per testsuite name: the counts its attributes claim, the counts of its testcases and their
/// failure/error/skipped children, and each testcase's (classname, name).
fn parse_junit(xml: &str) -> BTreeMap<String, ParsedSuite> {
    use quick_xml::events::{BytesStart, Event};
    use quick_xml::XmlVersion;

    fn attr(e: &BytesStart, name: &str) -> Option<String> {
        e.try_get_attribute(name).unwrap().map(|a| {
            a.normalized_value(XmlVersion::Explicit1_0)
                .unwrap()
                .into_owned()
        })
    }
    fn count(e: &BytesStart, name: &str) -> usize {
        attr(e, name).map_or(0, |v| v.parse().unwrap())
    }

    let mut reader = quick_xml::Reader::from_str(xml);
    let mut suites = BTreeMap::new();
    let mut suite: Option<String> = None;
    loop {
        let event = reader.read_event().expect("well-formed XML");
        let (Event::Start(e) | Event::Empty(e)) = &event else {
            if let Event::Eof = event {
                break;
            }
            continue;
        };
        match e.name().as_ref() {
            b"testsuite" => {
                let name = attr(e, "name").unwrap();
                let claimed = Counts {
                    tests: count(e, "tests"),
                    failures: count(e, "failures"),
                    errors: count(e, "errors"),
                    skipped: count(e, "skipped"),
                };
                suites.insert(name.clone(), (claimed, Counts::default(), Vec::new()));
                suite = Some(name);
            }
            b"testcase" => {
                let (_, seen, cases) = suites.get_mut(suite.as_ref().unwrap()).unwrap();
                seen.tests += 1;
                cases.push((attr(e, "classname").unwrap(), attr(e, "name").unwrap()));
            }
            b"failure" | b"error" | b"skipped" => {
                let (_, seen, _) = suites.get_mut(suite.as_ref().unwrap()).unwrap();
                match e.name().as_ref() {
                    b"failure" => seen.failures += 1,
                    b"error" => seen.errors += 1,
                    _ => seen.skipped += 1,
                }
            }
            _ => {}
        }
    }
    suites
}

fn expected_suites(findings: &[Finding]) -> BTreeMap<String, (Counts, Vec<(String, String)>)> {
    let mut suites: BTreeMap<String, (Counts, Vec<(String, String)>)> = BTreeMap::new();
    for f in findings {
        let (c, cases) = suites.entry(f.rule.to_string()).or_default();
        c.tests += 1;
        match f.status {
            Status::Fail => c.failures += 1,
            Status::Error => c.errors += 1,
            Status::Unknown | Status::NotApplicable | Status::Waived => c.skipped += 1,
            Status::Pass => {}
        }
        let account = if f.account.is_empty() {
            "organization"
        } else {
            &f.account
        };
        cases.push((account.to_string(), f.resource.to_string()));
    }
    suites
}

fn assert_junit_matches(xml: &str, findings: &[Finding]) {
    let parsed = parse_junit(xml);
    let expected = expected_suites(findings);
    assert_eq!(
        parsed.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>(),
        "a testsuite per rule"
    );
    for (rule, (claimed, seen, cases)) in &parsed {
        let (want, want_cases) = &expected[rule];
        assert_eq!(claimed, want, "{rule}: the suite's attributes");
        assert_eq!(seen, want, "{rule}: the testcases in it");
        assert_eq!(cases, want_cases, "{rule}: a testcase per resource");
    }
}

#[test]
fn junit_of_the_example_parses_and_its_counts_match_the_findings() {
    let findings = acme_findings();
    let xml = acme("junit").stdout;
    assert_junit_matches(&xml, &findings);
    // The totals on <testsuites> too.
    let head = xml.lines().nth(1).unwrap();
    let fails = findings.iter().filter(|f| f.status == Status::Fail).count();
    assert!(
        head.starts_with(&format!(
            "<testsuites name=\"tenet\" tests=\"{}\"",
            findings.len()
        )) && head.contains(&format!("failures=\"{fails}\"")),
        "{head}"
    );
}

#[test]
fn junit_maps_each_status_and_escapes_text() {
    let results = every_status();
    let xml = render(Format::Junit, &results);
    assert_junit_matches(&xml, &results.results);
    // The message survives XML escaping (attribute values turn line breaks into spaces).
    assert!(
        xml.contains("message=\"key &quot;1&quot; &lt;active&gt; &amp; used, 50%"),
        "{xml}"
    );
}

// ---- github ----

#[test]
fn github_annotates_each_failure_and_error_then_sums_up() {
    let findings = acme_findings();
    let text = acme("github").stdout;
    let lines: Vec<&str> = text.lines().collect();
    let annotated: Vec<&Finding> = findings
        .iter()
        .filter(|f| matches!(f.status, Status::Fail | Status::Error))
        .collect();
    assert_eq!(lines.len(), annotated.len() + 1);
    for (line, f) in lines.iter().zip(&annotated) {
        let level = match (f.status, f.severity) {
            (Status::Fail, Severity::Medium | Severity::Low) => "warning",
            _ => "error",
        };
        let prefix = format!(
            "::{level} title={} ({})::{} {}: ",
            f.rule,
            f.severity.as_str(),
            f.account,
            f.resource
        );
        assert!(line.starts_with(&prefix), "{line} should start {prefix}");
    }
    let count = |s: Status| findings.iter().filter(|f| f.status == s).count();
    assert_eq!(
        lines.last().unwrap().to_string(),
        format!(
            "::notice title=tenet::{} pass, {} fail, {} unknown, {} not applicable, {} error",
            count(Status::Pass),
            count(Status::Fail),
            count(Status::Unknown),
            count(Status::NotApplicable),
            count(Status::Error)
        )
    );
}

#[test]
fn github_commands_escape_percent_and_line_breaks() {
    let text = render(Format::Github, &every_status());
    assert_eq!(
        text,
        "::error title=root_access_keys (critical)::111111111111 arn:aws:iam::111111111111:root: key \"1\" <active> & used, 50%25%0Asince 2026\n\
         ::error title=root_access_keys (critical)::222222222222 arn:aws:iam::222222222222:root: not evaluated: AccessDenied\n\
         ::warning title=user_console_mfa (medium)::222222222222 arn:aws:iam::222222222222:user/bob: bob has no MFA\n\
         ::notice title=tenet::1 pass, 2 fail, 1 unknown, 1 not applicable, 1 error\n"
    );
}

// ---- waivers ----

/// The example checked in `format` with its accepted risks applied.
fn acme_waived(format: &str) -> Run {
    Tenet::check("examples/acme")
        .as_of(AS_OF)
        .format(format)
        .args(["--waivers", "examples/acme/waivers.yaml"])
        .run()
}

#[test]
fn sarif_suppresses_waived_findings_as_accepted_and_stays_valid() {
    let run = acme_waived("sarif");
    let sarif = assert_valid_sarif(&run.stdout);
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let suppressed: Vec<&Value> = results
        .iter()
        .filter(|r| r.get("suppressions").is_some())
        .collect();
    assert_eq!(suppressed.len(), 2);
    let breakglass = suppressed
        .iter()
        .find(|r| r["ruleId"] == "user_unused_credentials")
        .unwrap();
    assert_eq!(
        breakglass["suppressions"],
        serde_json::json!([{
            "kind": "external",
            "status": "accepted",
            "justification": "waived by breakglass-console (security@acme.example, SEC-142, until 2027-03-31): Break-glass administrator for when SSO is down. Its password is sealed in the office safe and used only in incidents, so it goes unused for months by design."
        }])
    );
    // Reported as the failure it would be, at its severity's level.
    assert_eq!(breakglass["kind"], "fail");
    assert_eq!(breakglass["level"], "warning");
    assert_eq!(breakglass["properties"]["status"], "waived");
}

#[test]
fn junit_skips_waived_findings_with_the_waiver_as_reason() {
    let run = acme_waived("junit");
    let suites = parse_junit(&run.stdout);
    let (claimed, seen, _) = &suites["user_unused_credentials"];
    assert_eq!(claimed, seen);
    // Without waivers the breakglass finding is one of this suite's failures.
    let (plain, _, _) = &parse_junit(&acme("junit").stdout)["user_unused_credentials"];
    assert_eq!(seen.failures, plain.failures - 1);
    assert_eq!(seen.skipped, plain.skipped + 1);
    assert!(run.stdout.contains(
        r#"<skipped message="waived by breakglass-console (security@acme.example, SEC-142, until 2027-03-31): Break-glass administrator"#
    ), "{}", run.stdout);
}

#[test]
fn sarif_and_junit_name_the_waiver_that_expired() {
    let dir = tempfile::tempdir().unwrap();
    let expired = crate::support::write(
        dir.path(),
        "expired.yaml",
        "waivers:\n  - id: keys-until-october\n    rule: root_access_keys\n    accounts: ['*']\n    reason: r\n    owner: o\n    expires: 2026-10-31\n",
    );
    let run = |format: &str| {
        Tenet::check("examples/acme")
            .as_of(AS_OF)
            .format(format)
            .args(["--waivers", &expired])
            .run()
    };
    let sarif = assert_valid_sarif(&run("sarif").stdout);
    let named: Vec<&Value> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["properties"]["expiredWaiver"] == "keys-until-october")
        .collect();
    // 333333333333's root access key: the one root_access_keys failure of the example.
    assert_eq!(named.len(), 1);
    assert_eq!(named[0]["kind"], "fail");
    assert!(named[0].get("suppressions").is_none());
    let junit = run("junit").stdout;
    assert!(
        junit.contains(
            "last used 2026-11-16 (waiver keys-until-october expired)\" type=\"critical\""
        ),
        "{junit}"
    );
}
