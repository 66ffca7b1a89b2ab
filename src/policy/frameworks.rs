//! Control catalogs (CIS AWS Foundations, SOC 2, HIPAA): loading, checking that every rule's
//! mapping names real controls, and which rules cover each control.
//!
//! Coverage is computed from the rules' METADATA, never stored in a catalog, so the two cannot
//! disagree. A control no rule covers stays in the catalog as manual: it is never dropped.

use std::collections::BTreeMap;

use anyhow::{bail, Result};
use serde::{Deserialize, Serialize};

use super::bundle::Source;
use super::metadata::Problem;
use super::RuleInfo;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    pub id: String,
    pub name: String,
    pub version: String,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub scope: Option<String>,
    pub controls: Vec<Control>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Control {
    pub id: String,
    pub title: String,
    pub section: String,
    /// What the framework itself says: automated or manual.
    pub assessment: Assessment,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Assessment {
    Automated,
    Manual,
}

/// Parses catalog files; a later file with the same id replaces an earlier one, so a user's
/// policy directory can carry its own edition of a catalog.
pub fn load(sources: &[Source]) -> Result<Vec<Catalog>> {
    let mut catalogs: Vec<Catalog> = Vec::new();
    for source in sources {
        let catalog: Catalog = serde_yaml::from_str(&source.text).map_err(|e| {
            let at = e
                .location()
                .map(|l| format!(":{}:{}", l.line(), l.column()))
                .unwrap_or_default();
            anyhow::anyhow!("{}{at}: invalid control catalog: {e}", source.path)
        })?;
        let mut seen = std::collections::HashSet::new();
        for control in &catalog.controls {
            if !seen.insert(control.id.as_str()) {
                bail!(
                    "{}: control {} appears twice in catalog {}",
                    source.path,
                    control.id,
                    catalog.id
                );
            }
        }
        catalogs.retain(|c| c.id != catalog.id);
        catalogs.push(catalog);
    }
    catalogs.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(catalogs)
}

/// Every framework and control a rule names must exist. The error points at the rule's
/// METADATA line that names the control.
pub fn validate(rules: &[RuleInfo], catalogs: &[Catalog], sources: &[Source]) -> Result<()> {
    match mapping_problems(rules, catalogs, sources).first() {
        Some(p) => bail!("{}:{}: {}", p.file, p.line, p.message),
        None => Ok(()),
    }
}

/// Every control id (or framework) a rule maps to that no catalog has, located at the METADATA
/// line that names it (the column of the id itself when it is on that line).
pub fn mapping_problems(
    rules: &[RuleInfo],
    catalogs: &[Catalog],
    sources: &[Source],
) -> Vec<Problem> {
    let mut problems = Vec::new();
    for rule in rules {
        for (framework, ids) in rule.frameworks.iter() {
            let catalog = catalogs.iter().find(|c| &c.id == framework);
            for id in ids {
                let known = catalog.is_some_and(|c| c.controls.iter().any(|k| &k.id == id));
                if known {
                    continue;
                }
                let (line, text) = metadata_line(sources, rule, framework);
                let message =
                    match catalog {
                        None => format!(
                        "rule {} maps to framework {framework:?}, which has no catalog (known: {})",
                        rule.id,
                        catalogs.iter().map(|c| c.id.as_str()).collect::<Vec<_>>().join(", ")
                    ),
                        Some(_) => format!(
                            "rule {} maps to control {id:?}, which is not in catalog {framework}",
                            rule.id
                        ),
                    };
                let (key, at) = if catalog.is_none() {
                    (framework.as_str(), 0)
                } else {
                    (id.as_str(), text.find(':').unwrap_or(0))
                };
                let col = text[at..].find(key).map_or(1, |c| at + c + 1);
                problems.push(Problem {
                    file: rule.file.clone(),
                    line,
                    col,
                    message,
                });
            }
        }
    }
    problems
}

/// The line of `framework:` in the rule's METADATA (its number and text), or its package line.
fn metadata_line<'a>(sources: &'a [Source], rule: &RuleInfo, framework: &str) -> (usize, &'a str) {
    let text = sources
        .iter()
        .find(|s| s.path == rule.file)
        .map_or("", |s| s.text.as_str());
    let key = format!("{framework}:");
    text.lines()
        .take(rule.line)
        .enumerate()
        .find(|(_, l)| l.trim_start_matches('#').trim_start().starts_with(&key))
        .map_or((rule.line, ""), |(i, l)| (i + 1, l))
}

/// Control id → ids of the rules that map to it, for one catalog.
pub fn coverage<'a>(catalog: &Catalog, rules: &'a [RuleInfo]) -> BTreeMap<String, Vec<&'a str>> {
    let mut covered: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for rule in rules {
        for id in rule.frameworks.get(&catalog.id).into_iter().flatten() {
            covered.entry(id.clone()).or_default().push(&rule.id);
        }
    }
    covered
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Scope;
    use crate::results::Severity;

    fn catalog() -> Source {
        Source {
            path: "f/cis.yaml".into(),
            text: "id: cis\nname: CIS\nversion: v1\ncontrols:\n  - {id: \"1.1\", title: A, section: S, assessment: automated}\n  - {id: \"1.2\", title: B, section: S, assessment: manual}\n".into(),
        }
    }

    fn rule(frameworks: &[(&str, &str)]) -> RuleInfo {
        RuleInfo {
            id: "r".into(),
            title: "t".into(),
            description: String::new(),
            severity: Severity::Low,
            resource: Scope::Account,
            recommended_action: String::new(),
            frameworks: std::sync::Arc::new(
                frameworks
                    .iter()
                    .map(|(f, c)| (f.to_string(), vec![c.to_string()]))
                    .collect(),
            ),
            package: "data.tenet.aws.r".into(),
            file: "r.rego".into(),
            line: 5,
        }
    }

    #[test]
    fn unknown_control_is_located_at_its_metadata_line() {
        let catalogs = load(&[catalog()]).unwrap();
        let rego = Source {
            path: "r.rego".into(),
            text: "# METADATA\n# custom:\n#   frameworks:\n#     cis: [\"9.9\"]\npackage tenet.aws.r\n".into(),
        };
        let err = validate(
            &[rule(&[("cis", "9.9")])],
            &catalogs,
            std::slice::from_ref(&rego),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "r.rego:4: rule r maps to control \"9.9\", which is not in catalog cis"
        );
        assert!(validate(&[rule(&[("cis", "1.1")])], &catalogs, &[]).is_ok());
        let problems = mapping_problems(&[rule(&[("cis", "9.9")])], &catalogs, &[rego]);
        assert_eq!(
            problems[0].to_string(),
            "r.rego:4:14: rule r maps to control \"9.9\", which is not in catalog cis"
        );
        let err = validate(&[rule(&[("nist", "1")])], &catalogs, &[]).unwrap_err();
        assert!(
            err.to_string()
                .contains("which has no catalog (known: cis)"),
            "{err}"
        );
    }

    #[test]
    fn coverage_lists_rules_per_control_and_leaves_others_out() {
        let catalogs = load(&[catalog()]).unwrap();
        let rules = [rule(&[("cis", "1.1")])];
        let covered = coverage(&catalogs[0], &rules);
        assert_eq!(covered.get("1.1").unwrap(), &vec!["r"]);
        assert_eq!(covered.get("1.2"), None);
    }
}
