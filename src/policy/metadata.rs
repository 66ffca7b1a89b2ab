//! Rule information from a package's OPA `# METADATA` block. regorus does not read
//! annotations, so tenet parses the comment block (YAML) itself.

use serde::Deserialize;

use crate::findings::{Controls, Severity};

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
    pub id: String,
    pub title: String,
    pub description: String,
    pub severity: Severity,
    pub resource: Scope,
    pub recommended_action: String,
    pub frameworks: Controls,
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
        title: annotation.title.ok_or_else(|| missing("title"))?,
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
        frameworks: custom.frameworks,
        id,
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
        assert_eq!(info.id, "root_access_keys");
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
