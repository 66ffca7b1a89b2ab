//! SARIF 2.1.0 for code-scanning dashboards, from private serde structs (the shape is the
//! spec's; only the parts tenet fills are modelled).
//!
//! One run. `tool.driver.rules` holds one reportingDescriptor per rule that appears in the
//! results, with the rule's recommended action as help text and its controls
//! (`cis-aws-6.0:2.3`) and severity as tags. Every finding that is not `pass` is a result,
//! located by its ARN as a logical location (findings are about AWS resources, not files).
//! GitHub code scanning also requires a file: the input the findings were read from
//! ([`Context::input`]), else the rule's Rego file. `partialFingerprints` (rule, account,
//! resource) let a dashboard follow one finding from run to run.
//!
//! | status         | kind            | level                                         |
//! |----------------|-----------------|-----------------------------------------------|
//! | fail           | `fail`          | critical, high → error; medium → warning; low → note |
//! | error          | `fail`          | error                                         |
//! | unknown        | `review`        | none                                          |
//! | not_applicable | `notApplicable` | none                                          |
//!
//! SARIF §3.27.10 requires level `none` whenever kind is not `fail`, so unknown is told apart
//! by its kind (`review`: a person has to look), not by its level.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::Context;
use crate::results::{Finding, Results, Severity, Status};

pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    results: Vec<SarifResult<'a>>,
    properties: RunProperties<'a>,
}

#[derive(Serialize)]
struct RunProperties<'a> {
    as_of: &'a str,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    rules: Vec<Rule<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule<'a> {
    id: &'a str,
    name: String,
    short_description: Text<'a>,
    full_description: Text<'a>,
    help: Text<'a>,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Text<'a> {
    text: &'a str,
}

#[derive(Serialize)]
struct Configuration {
    level: Level,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: Vec<String>,
    /// GitHub code scanning ranks alerts by this CVSS-like score.
    #[serde(rename = "security-severity")]
    security_severity: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    kind: Kind,
    level: Level,
    message: Text<'a>,
    locations: [Location<'a>; 1],
    partial_fingerprints: Fingerprints,
    /// A waived finding: an accepted risk, which code scanning shows as dismissed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<Suppression>,
    properties: ResultProperties<'a>,
}

/// SARIF 2.1.0 §3.35: `external` (recorded outside the scanned files), `accepted`.
#[derive(Serialize)]
struct Suppression {
    kind: &'static str,
    status: &'static str,
    justification: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    physical_location: Option<PhysicalLocation>,
    logical_locations: [LogicalLocation<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
struct Fingerprints {
    #[serde(rename = "tenetFinding/v1")]
    finding: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogicalLocation<'a> {
    fully_qualified_name: &'a str,
    kind: &'static str,
}

#[derive(Serialize)]
struct ResultProperties<'a> {
    account: &'a str,
    status: Status,
    /// The waiver that matched this finding but had expired by the as-of date.
    #[serde(rename = "expiredWaiver", skip_serializing_if = "Option::is_none")]
    expired_waiver: Option<&'a str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
enum Level {
    None,
    Note,
    Warning,
    Error,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
enum Kind {
    Fail,
    Review,
    NotApplicable,
}

fn severity_level(severity: Severity) -> Level {
    match severity {
        Severity::Critical | Severity::High => Level::Error,
        Severity::Medium => Level::Warning,
        Severity::Low => Level::Note,
    }
}

/// The score GitHub shows as critical (≥ 9.0), high (7.0–8.9), medium (4.0–6.9) or low.
/// A file path as a SARIF `artifactLocation.uri` (RFC 3986): relative paths stay relative (to
/// where tenet ran, which GitHub takes as the repository root), absolute ones become `file://`
/// URIs; every byte but unreserved characters and `/` is percent-encoded, so `#`, `?`, `[` or a
/// space in a directory name cannot cut the path short.
fn path_uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = path.trim_start_matches("./");
    let mut uri = String::with_capacity(path.len() + 8);
    if path.starts_with('/') {
        uri.push_str("file://");
    }
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                uri.push(char::from(byte))
            }
            _ => uri.push_str(&format!("%{byte:02X}")),
        }
    }
    uri
}

fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "2.0",
    }
}

/// kind and level of a finding's result; `None` for pass, which is not reported.
fn classify(f: &Finding) -> Option<(Kind, Level)> {
    Some(match f.status {
        Status::Pass => return None,
        Status::Fail => (Kind::Fail, severity_level(f.severity)),
        Status::Error => (Kind::Fail, Level::Error),
        Status::Unknown => (Kind::Review, Level::None),
        Status::NotApplicable => (Kind::NotApplicable, Level::None),
        // Reported as what it would be without the waiver, with the waiver as a suppression.
        Status::Waived => match f.waiver.as_ref().map(|w| w.status) {
            Some(Status::Fail) => (Kind::Fail, severity_level(f.severity)),
            _ => (Kind::Review, Level::None),
        },
    })
}

/// `root_access_keys` → `RootAccessKeys`: SARIF's `name` is an identifier-like friendly name.
fn pascal_case(id: &str) -> String {
    id.split(['_', '-'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

/// `informationUri` comes from the package's homepage or repository, when Cargo.toml has one.
fn information_uri() -> Option<&'static str> {
    [env!("CARGO_PKG_HOMEPAGE"), env!("CARGO_PKG_REPOSITORY")]
        .into_iter()
        .find(|uri| !uri.is_empty())
}

fn rule<'a>(f: &'a Finding, context: &Context<'a>) -> Rule<'a> {
    let info = context.rule(&f.rule);
    let mut tags = super::control_tags(&f.controls);
    tags.push(f.severity.as_str().to_string());
    tags.push("security".to_string());
    Rule {
        id: &f.rule,
        name: pascal_case(&f.rule),
        short_description: Text { text: &f.title },
        full_description: Text {
            text: info
                .map(|r| r.description.as_str())
                .filter(|d| !d.is_empty())
                .unwrap_or(&f.title),
        },
        help: Text {
            text: info
                .map(|r| r.recommended_action.as_str())
                .filter(|d| !d.is_empty())
                .unwrap_or(&f.title),
        },
        default_configuration: Configuration {
            level: severity_level(f.severity),
        },
        properties: RuleProperties {
            tags,
            security_severity: security_severity(f.severity),
        },
    }
}

pub fn write(results: &Results, context: &Context, out: &mut dyn Write) -> io::Result<()> {
    let reported: Vec<(&Finding, Kind, Level)> = results
        .results
        .iter()
        .filter_map(|f| classify(f).map(|(kind, level)| (f, kind, level)))
        .collect();
    // Rules in id order, each described by its first reported finding (all of a rule's
    // findings carry the same title, severity and controls).
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    let mut first: BTreeMap<&str, &Finding> = BTreeMap::new();
    for (f, _, _) in &reported {
        first.entry(&f.rule).or_insert(f);
    }
    let rules: Vec<Rule> = first
        .values()
        .enumerate()
        .map(|(i, f)| {
            index.insert(&f.rule, i);
            rule(f, context)
        })
        .collect();
    let sarif_results = reported
        .iter()
        .map(|&(f, kind, level)| SarifResult {
            rule_id: &f.rule,
            rule_index: index[f.rule.as_ref()],
            kind,
            level,
            message: Text { text: &f.message },
            locations: [Location {
                physical_location: context
                    .input
                    .or_else(|| context.rule(&f.rule).map(|r| r.file.as_str()))
                    .map(|path| PhysicalLocation {
                        artifact_location: ArtifactLocation {
                            uri: path_uri(path),
                        },
                    }),
                logical_locations: [LogicalLocation {
                    fully_qualified_name: &f.resource,
                    kind: "resource",
                }],
            }],
            partial_fingerprints: Fingerprints {
                finding: crate::results::evidence::sha256_hex(
                    format!("{}\0{}\0{}", f.rule, f.account, f.resource).as_bytes(),
                ),
            },
            suppressions: f
                .waiver
                .iter()
                .map(|waiver| Suppression {
                    kind: "external",
                    status: "accepted",
                    justification: waiver.describe(),
                })
                .collect(),
            properties: ResultProperties {
                account: &f.account,
                status: f.status,
                expired_waiver: f.expired_waiver.as_deref(),
            },
        })
        .collect();
    let log = Log {
        schema: SCHEMA_URI,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "tenet",
                    version: &results.tool.version,
                    information_uri: information_uri(),
                    rules,
                },
            },
            results: sarif_results,
            properties: RunProperties {
                as_of: &results.as_of,
            },
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::super::fixture;
    use super::*;

    fn render(with_rules: bool) -> Value {
        let rules = fixture::rules();
        let context = Context {
            rules: if with_rules { &rules } else { &[] },
            ..Context::default()
        };
        let mut out = Vec::new();
        write(&fixture::results(), &context, &mut out).unwrap();
        serde_json::from_slice(&out).unwrap()
    }

    #[test]
    fn rules_are_described_once_each_with_help_and_control_tags() {
        let sarif = render(true);
        assert_eq!(sarif["version"], "2.1.0");
        assert_eq!(sarif["$schema"], SCHEMA_URI);
        let driver = &sarif["runs"][0]["tool"]["driver"];
        assert_eq!(driver["name"], "tenet");
        assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
        let ids: Vec<&str> = driver["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap())
            .collect();
        assert_eq!(
            ids,
            [
                "password_policy_length",
                "root_access_keys",
                "user_console_mfa"
            ]
        );
        assert_eq!(
            driver["rules"][1],
            json!({
                "id": "root_access_keys",
                "name": "RootAccessKeys",
                "shortDescription": {"text": "Root user has no active access keys"},
                "fullDescription": {"text": "Checks that root user has no active access keys."},
                "help": {"text": "Delete the root user's access keys."},
                "defaultConfiguration": {"level": "error"},
                "properties": {
                    "tags": ["cis-aws-6.0:2.3", "hipaa:164.312(a)(2)(i)", "soc2:CC6.1",
                             "soc2:CC6.3", "critical", "security"],
                    "security-severity": "9.5"
                }
            })
        );
    }

    #[test]
    fn every_finding_but_pass_is_a_result_with_kind_and_level() {
        let sarif = render(true);
        let results = sarif["runs"][0]["results"].as_array().unwrap();
        let got: Vec<(&str, &str, &str, &str, u64)> = results
            .iter()
            .map(|r| {
                (
                    r["properties"]["status"].as_str().unwrap(),
                    r["kind"].as_str().unwrap(),
                    r["level"].as_str().unwrap(),
                    r["ruleId"].as_str().unwrap(),
                    r["ruleIndex"].as_u64().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("unknown", "review", "none", "password_policy_length", 0),
                (
                    "not_applicable",
                    "notApplicable",
                    "none",
                    "user_console_mfa",
                    2
                ),
                ("error", "fail", "error", "password_policy_length", 0),
                ("fail", "fail", "error", "root_access_keys", 1),
                ("fail", "fail", "warning", "user_console_mfa", 2),
            ]
        );
        assert_eq!(
            results[3],
            json!({
                "ruleId": "root_access_keys",
                "ruleIndex": 1,
                "kind": "fail",
                "level": "error",
                "message": {"text": "root access key 1 is active (last used 2026-11-10)"},
                "locations": [{
                    "physicalLocation": {"artifactLocation": {"uri": "policies/aws/root_access_keys.rego"}},
                    "logicalLocations": [{
                        "fullyQualifiedName": "arn:aws:iam::222222222222:root",
                        "kind": "resource"
                    }]
                }],
                // sha256 of "root_access_keys\0222222222222\0arn:aws:iam::222222222222:root"
                "partialFingerprints": {
                    "tenetFinding/v1": "e939a6ed0ad5b034567e90245d71f30471000a5214d439bc3a647a15037b2373"
                },
                "properties": {"account": "222222222222", "status": "fail"}
            })
        );
    }

    #[test]
    fn results_are_located_in_the_input_when_there_is_one() {
        let rules = fixture::rules();
        let context = Context {
            rules: &rules,
            input: Some("examples/acme/organization.yaml"),
            ..Context::default()
        };
        let mut out = Vec::new();
        write(&fixture::results(), &context, &mut out).unwrap();
        let sarif: Value = serde_json::from_slice(&out).unwrap();
        for result in sarif["runs"][0]["results"].as_array().unwrap() {
            assert_eq!(
                result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                "examples/acme/organization.yaml"
            );
        }
        // Without rule infos or an input there is no file to name: logical locations only.
        let mut out = Vec::new();
        write(&fixture::results(), &Context::default(), &mut out).unwrap();
        let sarif: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(
            sarif["runs"][0]["results"][0]["locations"][0].get("physicalLocation"),
            None
        );
    }

    #[test]
    fn a_failed_low_rule_is_a_note() {
        let mut results = fixture::results();
        for f in &mut results.results {
            if &*f.rule == "password_policy_length" {
                f.status = Status::Fail;
            }
        }
        let mut out = Vec::new();
        write(&results, &Context::default(), &mut out).unwrap();
        let sarif: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(sarif["runs"][0]["results"][0]["level"], "note");
        assert_eq!(
            sarif["runs"][0]["tool"]["driver"]["rules"][0]["defaultConfiguration"]["level"],
            "note"
        );
    }

    #[test]
    fn without_rule_infos_the_title_stands_in_for_help() {
        let sarif = render(false);
        let rule = &sarif["runs"][0]["tool"]["driver"]["rules"][1];
        assert_eq!(rule["help"]["text"], "Root user has no active access keys");
        assert_eq!(
            rule["fullDescription"]["text"],
            "Root user has no active access keys"
        );
    }

    #[test]
    fn only_pass_findings_give_an_empty_run() {
        let mut results = fixture::results();
        results.results.retain(|f| f.status == Status::Pass);
        let mut out = Vec::new();
        write(&results, &Context::default(), &mut out).unwrap();
        let sarif: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(sarif["runs"][0]["results"], json!([]));
        assert_eq!(sarif["runs"][0]["tool"]["driver"]["rules"], json!([]));
    }

    #[test]
    fn rule_names_are_pascal_case() {
        assert_eq!(pascal_case("root_access_keys"), "RootAccessKeys");
        assert_eq!(pascal_case("org_scp-guardrails"), "OrgScpGuardrails");
    }

    #[test]
    fn paths_become_uris_that_cannot_be_cut_short() {
        assert_eq!(
            path_uri("./examples/acme/organization.yaml"),
            "examples/acme/organization.yaml"
        );
        assert_eq!(
            path_uri("org #1 [x]/organization.yaml"),
            "org%20%231%20%5Bx%5D/organization.yaml"
        );
        assert_eq!(
            path_uri("/srv/100%/snap?.json"),
            "file:///srv/100%25/snap%3F.json"
        );
        assert_eq!(path_uri("dir\\snap.json"), "dir/snap.json");
        assert_eq!(path_uri("é.json"), "%C3%A9.json");
    }
}
