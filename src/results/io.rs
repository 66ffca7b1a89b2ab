//! Reading `tenet.results/v1` back: one parser (schema checked where it stands, summary
//! recounted), one loader (with the evidence), one sniffer.

use std::path::Path;

use serde::Deserialize;

use super::{ErrorKind, Evidence, Finding, Results, Status, Tool, WaiverUse, RESULTS_SCHEMA};
use crate::error::{json_error, InputError};

/// The shape of a results file as read back: the schema is checked where it stands, so a
/// wrong one is reported at its line and column. The summary is not read: it is recounted.
#[derive(Deserialize)]
struct ResultsFile {
    #[serde(deserialize_with = "results_schema", rename = "schema")]
    _schema: (),
    tool: Tool,
    as_of: String,
    #[serde(default)]
    filter: Option<String>,
    results: Vec<Finding>,
    // Read back so `tenet diff` can compare the waivers of its two sides.
    #[serde(default)]
    waivers: Vec<WaiverUse>,
}

fn results_schema<'de, D: serde::Deserializer<'de>>(d: D) -> Result<(), D::Error> {
    let schema = String::deserialize(d)?;
    if schema == RESULTS_SCHEMA {
        Ok(())
    } else {
        Err(serde::de::Error::custom(format!(
            "schema is {schema:?}, expected {RESULTS_SCHEMA:?} (a file written by `tenet check --format json`)"
        )))
    }
}

/// Parses a `tenet.results/v1` document; `name` is the file name errors are reported against.
/// The summary is recounted from the findings: a filtered file counts only those it kept.
pub fn parse_results(name: &str, text: &str) -> Result<Results, InputError> {
    let file: ResultsFile = serde_json::from_str(text).map_err(|e| {
        if !e.is_data() {
            return json_error(name, &e);
        }
        // Well-formed JSON of the wrong shape: say what is wrong with it, not "invalid JSON".
        let text = e.to_string();
        let message = text.rfind(" at line ").map_or(&text[..], |i| &text[..i]);
        InputError::new(name, format!("not a {RESULTS_SCHEMA} file: {message}"))
            .at(e.line(), Some(e.column()))
    })?;
    let mut findings = file.results;
    for f in findings.iter_mut().filter(|f| f.status == Status::Error) {
        f.error = ErrorKind::recognise(&f.message);
    }
    let mut results = Results::new(file.as_of, findings);
    results.tool = file.tool;
    results.filter = file.filter;
    results.waivers = file.waivers;
    Ok(results)
}

/// Reads a `tenet.results/v1` file with its evidence (the diff reader ignores evidence).
pub fn load_results(path: &Path) -> Result<Results, InputError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| InputError::new(&name, format!("cannot read: {e}")))?;
    let mut results = parse_results(&name, &text)?;
    #[derive(Deserialize)]
    struct WithEvidence {
        #[serde(default)]
        evidence: Option<Evidence>,
    }
    let with: WithEvidence = serde_json::from_str(&text).map_err(|e| {
        let mut err = json_error(&name, &e);
        err.message = format!(
            "evidence: {}",
            err.message.trim_start_matches("invalid JSON: ")
        );
        err
    })?;
    results.evidence = with.evidence;
    Ok(results)
}

/// Does this JSON document say it is a `tenet.results/v1` file?
pub fn is_results(bytes: &[u8]) -> bool {
    #[derive(Deserialize)]
    struct Sniff {
        schema: Option<String>,
    }
    serde_json::from_slice::<Sniff>(bytes)
        .is_ok_and(|s| s.schema.as_deref() == Some(RESULTS_SCHEMA))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::Summary;

    #[test]
    fn wrong_schema_and_bad_json_are_located() {
        let wrong = "{\n  \"schema\": \"tenet.snapshot/v1\",\n  \"tool\": {}\n}";
        let e = parse_results("base.json", wrong).unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(
            e.to_string().starts_with(
                "base.json:2:31: not a tenet.results/v1 file: schema is \"tenet.snapshot/v1\", expected \"tenet.results/v1\""
            ),
            "{e}"
        );
        let e = parse_results(
            "head.json",
            "{\"schema\": \"tenet.results/v1\",\n  \"tool\": [}",
        )
        .unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(12)));
    }

    #[test]
    fn a_filtered_file_is_counted_by_what_it_kept() {
        // Written by `--status fail`: the summary counts the whole run, results one finding.
        let text = r#"{
          "schema": "tenet.results/v1",
          "tool": {"name": "tenet", "version": "0.1.0"},
          "as_of": "2026-11-20T00:00:00Z",
          "summary": {"pass": 91, "fail": 1, "unknown": 22, "not_applicable": 28, "error": 0},
          "filter": "status fail",
          "results": [{
            "rule": "root_mfa", "title": "Root MFA", "severity": "critical",
            "account": "111111111111", "resource": "arn:aws:iam::111111111111:root",
            "status": "fail", "message": "no MFA", "controls": {}
          }]
        }"#;
        let results = parse_results("filtered.json", text).unwrap();
        assert_eq!(
            results.summary,
            Summary {
                fail: 1,
                ..Summary::default()
            }
        );
        assert_eq!(results.filter.as_deref(), Some("status fail"));
    }
}
