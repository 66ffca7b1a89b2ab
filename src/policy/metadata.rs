//! Rule information from a package's OPA `# METADATA` block. regorus does not read
//! annotations, so tenet parses the comment block (YAML) itself.

use std::fmt;

use anyhow::{anyhow, bail};
use serde::Deserialize;

use super::bundle::Source;
use crate::results::{Controls, Severity};

/// Where a rule's findings are about: one evaluation per account, or one per snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    Account,
    User,
    Organization,
}

/// What tenet knows about one rule.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RuleInfo {
    /// Shared with every finding of the rule.
    pub id: std::sync::Arc<str>,
    pub title: std::sync::Arc<str>,
    pub description: String,
    pub severity: Severity,
    pub resource: Scope,
    pub recommended_action: String,
    pub frameworks: std::sync::Arc<Controls>,
    /// `data.tenet.aws.<id>`: where the rule's `findings` live.
    #[serde(skip)]
    pub package: String,
    pub file: String,
    /// Line of the `package` statement.
    #[serde(skip)]
    pub line: usize,
}

/// The OPA annotation fields tenet reads; others (authors, schemas, ...) are allowed and ignored.
#[derive(Deserialize)]
struct Annotation {
    title: Option<String>,
    description: Option<String>,
    custom: Option<Custom>,
}

#[derive(Deserialize)]
struct Custom {
    id: Option<String>,
    severity: Option<Severity>,
    resource: Option<Scope>,
    recommended_action: Option<String>,
    #[serde(default)]
    frameworks: Controls,
}

/// Something wrong in a policy file, located: printed `file:line:col: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.col, self.message
        )
    }
}

/// The rules among `sources` (tests are skipped) and every problem with their METADATA: a
/// `tenet.aws.*` package without a block, a block that is not valid or lacks a required
/// field, an id that does not match the package, an id already used by an earlier file, a
/// title naming a setting `config` (`data.tenet.config`) does not have.
pub fn read_rules(sources: &[Source], config: &serde_json::Value) -> (Vec<RuleInfo>, Vec<Problem>) {
    let mut rules: Vec<RuleInfo> = Vec::new();
    let mut problems = Vec::new();
    let mut problem = |file: &str, line: usize, message: String| {
        problems.push(Problem {
            file: file.to_string(),
            line,
            col: 1,
            message,
        })
    };
    for source in sources.iter().filter(|s| !s.is_test()) {
        match parse(&source.path, &source.text) {
            Ok(Some(mut rule)) => match rules.iter().find(|r| r.id == rule.id) {
                Some(first) => problem(
                    &source.path,
                    rule.line,
                    format!("duplicate rule id {:?} (also in {})", rule.id, first.file),
                ),
                None => match render_title(&rule.title, config) {
                    Ok(title) => {
                        rule.title = title.into();
                        rules.push(rule);
                    }
                    Err(e) => problem(&source.path, rule.line, format!("{e:#}")),
                },
            },
            Ok(None) if package_name(&source.text).starts_with("tenet.aws.") => problem(
                &source.path,
                1,
                "rule package has no METADATA block with custom.id".to_string(),
            ),
            Ok(None) => {}
            Err((line, message)) => problem(&source.path, line, message),
        }
    }
    (rules, problems)
}

/// A rule title with each `{setting}` replaced by that setting's value in `config`, so a title
/// states the threshold the rule applies ("rotated every {rotation_days} days or less"), also
/// when a config file changes it.
pub fn render_title(title: &str, config: &serde_json::Value) -> anyhow::Result<String> {
    let mut out = String::new();
    let mut rest = title;
    while let Some(open) = rest.find('{') {
        let close = rest[open..]
            .find('}')
            .map(|c| open + c)
            .ok_or_else(|| anyhow!("title has an unclosed {{: {title:?}"))?;
        let name = &rest[open + 1..close];
        let value = match config.get(name) {
            Some(serde_json::Value::String(text)) => text.clone(),
            Some(value @ (serde_json::Value::Number(_) | serde_json::Value::Bool(_))) => {
                value.to_string()
            }
            _ => bail!("title names {{{name}}}, which is not a setting in data.tenet.config"),
        };
        out.push_str(&rest[..open]);
        out.push_str(&value);
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The name in a module's `package` statement (empty when it has none).
pub fn package_name(source: &str) -> &str {
    source
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("package "))
        .map_or("", |p| p.split('#').next().unwrap_or_default().trim())
}

/// The package name and package-scope METADATA of a module, if it has one.
/// `Ok(None)`: a module without a package-scope METADATA block (a helper library).
/// `Err((line, message))`: a block that is not valid YAML or lacks a required field.
pub fn parse(file: &str, source: &str) -> Result<Option<RuleInfo>, (usize, String)> {
    let lines: Vec<&str> = source.lines().collect();
    let Some(package_at) = lines
        .iter()
        .position(|l| l.trim_start().starts_with("package "))
    else {
        return Err((1, "no package statement".into()));
    };
    let package = lines[package_at].trim_start()["package ".len()..]
        .split('#')
        .next()
        .unwrap_or_default()
        .trim()
        .to_string();
    // The block is the run of comment lines after `# METADATA` that ends right before `package`.
    let Some(start) = lines[..package_at]
        .iter()
        .rposition(|l| l.trim() == "# METADATA")
    else {
        return Ok(None);
    };
    let block_lines = &lines[start + 1..package_at];
    if !block_lines.iter().all(|l| l.trim_start().starts_with('#')) {
        return Ok(None); // a METADATA block for something else, not the package
    }
    let yaml: String = block_lines
        .iter()
        .map(|l| {
            let l = l.trim_start().trim_start_matches('#');
            l.strip_prefix(' ').unwrap_or(l)
        })
        .collect::<Vec<_>>()
        .join("\n");
    let meta_line = start + 1;
    let annotation: Annotation = serde_yaml::from_str(&yaml).map_err(|e| {
        let line = meta_line + e.location().map_or(0, |l| l.line());
        (line, format!("METADATA is not valid: {e}"))
    })?;
    let missing = |what: &str| (meta_line, format!("METADATA lacks required field {what}"));
    let custom = annotation.custom.ok_or_else(|| missing("custom"))?;
    let id = custom.id.ok_or_else(|| missing("custom.id"))?;
    let expected_package = format!("tenet.aws.{id}");
    if package.starts_with("tenet.aws.") && package != expected_package {
        return Err((
            package_at + 1,
            format!("rule id {id:?} does not match package {package}; expected package {expected_package}"),
        ));
    }
    Ok(Some(RuleInfo {
        title: annotation.title.ok_or_else(|| missing("title"))?.into(),
        description: annotation.description.unwrap_or_default(),
        severity: custom
            .severity
            .ok_or_else(|| missing("custom.severity (critical, high, medium or low)"))?,
        resource: custom
            .resource
            .ok_or_else(|| missing("custom.resource (account, user or organization)"))?,
        recommended_action: custom
            .recommended_action
            .ok_or_else(|| missing("custom.recommended_action"))?,
        frameworks: custom.frameworks.into(),
        id: id.into(),
        package: format!("data.{package}"),
        file: file.to_string(),
        line: package_at + 1,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULE: &str = "# METADATA\n# title: Root user has no active access keys\n# description: >-\n#   Long text.\n# custom:\n#   id: root_access_keys\n#   severity: critical\n#   resource: account\n#   recommended_action: Delete them.\n#   frameworks:\n#     cis-aws-6.0: [\"2.3\"]\n#     soc2: [CC6.1]\npackage tenet.aws.root_access_keys\n";

    #[test]
    fn reads_package_metadata() {
        let info = parse("r.rego", RULE).unwrap().unwrap();
        assert_eq!(&*info.id, "root_access_keys");
        assert_eq!(info.severity, Severity::Critical);
        assert_eq!(info.package, "data.tenet.aws.root_access_keys");
        assert_eq!(info.frameworks["cis-aws-6.0"], ["2.3"]);
        assert_eq!(info.description, "Long text.");
        assert_eq!(info.line, 13);
    }

    #[test]
    fn library_without_metadata_is_not_a_rule() {
        assert_eq!(parse("l.rego", "package tenet.lib.time\n").unwrap(), None);
    }

    #[test]
    fn read_rules_reports_every_problem_and_keeps_the_first_of_a_duplicate() {
        let source = |path: &str, text: &str| Source {
            path: path.into(),
            text: text.into(),
        };
        let sources = [
            source("a.rego", RULE),
            source("b.rego", &format!("# comment\n{RULE}")),
            source("c.rego", "package tenet.aws.c\n"),
            source(
                "d.rego",
                &RULE.replace("# title: Root user has no active access keys\n", ""),
            ),
            source("lib.rego", "package tenet.lib.x\n"),
            source("c_test.rego", "package tenet.aws.c_test\n"),
        ];
        let (rules, problems) = read_rules(&sources, &serde_json::json!({}));
        assert_eq!(rules.len(), 1);
        assert_eq!(rules[0].file, "a.rego");
        let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            shown,
            [
                "b.rego:14:1: duplicate rule id \"root_access_keys\" (also in a.rego)",
                "c.rego:1:1: rule package has no METADATA block with custom.id",
                "d.rego:1:1: METADATA lacks required field title",
            ]
        );
    }

    #[test]
    fn missing_field_and_wrong_package_are_located() {
        let no_severity = RULE.replace("#   severity: critical\n", "");
        assert_eq!(parse("r.rego", &no_severity).unwrap_err().0, 1);
        let wrong = RULE.replace(
            "package tenet.aws.root_access_keys",
            "package tenet.aws.other",
        );
        let err = parse("r.rego", &wrong).unwrap_err();
        assert_eq!(err.0, 13);
        assert!(err.1.contains("does not match package"), "{}", err.1);
    }
}
