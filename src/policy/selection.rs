//! Choosing which rules a run evaluates (`--rule`, `--framework`, `--control`, `--severity`):
//! the one place that turns a selection into rule ids. [`PolicyEngine::select`] then keeps only
//! those rules, in tenet's own evaluation and in its worker processes.
//!
//! [`PolicyEngine::select`]: super::PolicyEngine::select

use std::collections::BTreeSet;

use anyhow::{bail, Result};

use super::frameworks::Catalog;
use super::RuleInfo;
use crate::glob::glob_matches;
use crate::results::Severity;

/// What a user asked for. Each given selector must admit a rule (AND); the values of one
/// selector are alternatives (OR). An empty selection admits every rule.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Rule ids or globs (`*` any run of characters, `?` any one).
    pub rules: Vec<String>,
    /// Framework (catalog) ids.
    pub frameworks: Vec<String>,
    /// Control ids of those frameworks; needs `frameworks`.
    pub controls: Vec<String>,
    /// That severity or higher.
    pub min_severity: Option<Severity>,
}

impl Selection {
    pub fn is_empty(&self) -> bool {
        *self == Selection::default()
    }

    /// The ids of the rules the selection admits. An id, glob, framework or control that names
    /// nothing is an error listing what exists, and so is a selection that admits no rule.
    pub fn resolve(&self, rules: &[RuleInfo], catalogs: &[Catalog]) -> Result<BTreeSet<String>> {
        self.check_names(rules, catalogs)?;
        let selected: BTreeSet<String> = rules
            .iter()
            .filter(|rule| self.admits(rule))
            .map(|rule| rule.id.to_string())
            .collect();
        if selected.is_empty() {
            bail!("the selection leaves no rule to evaluate");
        }
        Ok(selected)
    }

    fn check_names(&self, rules: &[RuleInfo], catalogs: &[Catalog]) -> Result<()> {
        for pattern in &self.rules {
            if !rules.iter().any(|r| glob_matches(pattern, &r.id)) {
                let known: Vec<&str> = rules.iter().map(|r| &*r.id).collect();
                bail!("no rule matches {pattern:?} (known: {})", known.join(", "));
            }
        }
        if !self.controls.is_empty() && self.frameworks.is_empty() {
            bail!("--control needs --framework: control ids belong to a framework");
        }
        let mut chosen: Vec<&Catalog> = Vec::new();
        for id in &self.frameworks {
            match catalogs.iter().find(|c| &c.id == id) {
                Some(catalog) => chosen.push(catalog),
                None => {
                    let known: Vec<&str> = catalogs.iter().map(|c| c.id.as_str()).collect();
                    bail!("no framework {id:?} (known: {})", known.join(", "));
                }
            }
        }
        for control in &self.controls {
            let exists = chosen
                .iter()
                .any(|c| c.controls.iter().any(|k| &k.id == control));
            if !exists {
                let names: Vec<&str> = chosen.iter().map(|c| c.id.as_str()).collect();
                let known: Vec<&str> = chosen
                    .iter()
                    .flat_map(|c| c.controls.iter().map(|k| k.id.as_str()))
                    .collect();
                bail!(
                    "no control {control:?} in {} (known: {})",
                    names.join(" or "),
                    known.join(", ")
                );
            }
        }
        Ok(())
    }

    fn admits(&self, rule: &RuleInfo) -> bool {
        let by_id = self.rules.is_empty() || self.rules.iter().any(|p| glob_matches(p, &rule.id));
        // A rule is in a framework when it maps to at least one of its controls; with
        // --control, to one of those controls.
        let by_framework = self.frameworks.is_empty()
            || rule.frameworks.iter().any(|(framework, controls)| {
                self.frameworks.contains(framework)
                    && (self.controls.is_empty()
                        || controls.iter().any(|c| self.controls.contains(c)))
            });
        let by_severity = self.min_severity.is_none_or(|min| rule.severity >= min);
        by_id && by_framework && by_severity
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::frameworks::{Assessment, Control};
    use crate::policy::Scope;

    fn rule(id: &str, severity: Severity, controls: &[(&str, &[&str])]) -> RuleInfo {
        RuleInfo {
            id: id.into(),
            title: id.into(),
            description: String::new(),
            severity,
            resource: Scope::Account,
            recommended_action: String::new(),
            frameworks: std::sync::Arc::new(
                controls
                    .iter()
                    .map(|(f, cs)| (f.to_string(), cs.iter().map(|c| c.to_string()).collect()))
                    .collect(),
            ),
            package: format!("data.tenet.aws.{id}"),
            file: String::new(),
            line: 1,
        }
    }

    fn catalog(id: &str, controls: &[&str]) -> Catalog {
        Catalog {
            id: id.into(),
            name: id.into(),
            version: "1".into(),
            source: None,
            scope: None,
            controls: controls
                .iter()
                .map(|c| Control {
                    id: c.to_string(),
                    title: String::new(),
                    section: String::new(),
                    assessment: Assessment::Automated,
                })
                .collect(),
        }
    }

    fn fixture() -> (Vec<RuleInfo>, Vec<Catalog>) {
        let rules = vec![
            rule(
                "root_mfa",
                Severity::Critical,
                &[("cis", &["1.1"]), ("soc2", &["CC6.1"])],
            ),
            rule("root_keys", Severity::High, &[("cis", &["1.2"])]),
            rule(
                "user_mfa",
                Severity::Medium,
                &[("soc2", &["CC6.1", "CC6.2"])],
            ),
            rule("password_length", Severity::Low, &[]),
        ];
        let catalogs = vec![
            catalog("cis", &["1.1", "1.2", "1.3"]),
            catalog("soc2", &["CC6.1", "CC6.2"]),
        ];
        (rules, catalogs)
    }

    fn resolve(selection: Selection) -> Result<Vec<String>> {
        let (rules, catalogs) = fixture();
        Ok(selection.resolve(&rules, &catalogs)?.into_iter().collect())
    }

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn each_selector_and_their_combination() {
        let all = resolve(Selection::default()).unwrap();
        assert_eq!(
            all,
            ids(&["password_length", "root_keys", "root_mfa", "user_mfa"])
        );
        let by_glob = Selection {
            rules: ids(&["root_*", "user_mf?"]),
            ..Selection::default()
        };
        assert_eq!(
            resolve(by_glob).unwrap(),
            ids(&["root_keys", "root_mfa", "user_mfa"])
        );
        let by_framework = Selection {
            frameworks: ids(&["soc2"]),
            ..Selection::default()
        };
        assert_eq!(
            resolve(by_framework).unwrap(),
            ids(&["root_mfa", "user_mfa"])
        );
        let by_control = Selection {
            frameworks: ids(&["cis", "soc2"]),
            controls: ids(&["1.2", "CC6.2"]),
            ..Selection::default()
        };
        assert_eq!(
            resolve(by_control).unwrap(),
            ids(&["root_keys", "user_mfa"])
        );
        let by_severity = Selection {
            min_severity: Some(Severity::High),
            ..Selection::default()
        };
        assert_eq!(
            resolve(by_severity).unwrap(),
            ids(&["root_keys", "root_mfa"])
        );
        let combined = Selection {
            rules: ids(&["*mfa"]),
            frameworks: ids(&["soc2"]),
            min_severity: Some(Severity::Critical),
            ..Selection::default()
        };
        assert_eq!(resolve(combined).unwrap(), ids(&["root_mfa"]));
    }

    #[test]
    fn names_that_match_nothing_are_errors() {
        let error = |selection: Selection| resolve(selection).unwrap_err().to_string();
        assert_eq!(
            error(Selection {
                rules: ids(&["nope*"]),
                ..Selection::default()
            }),
            "no rule matches \"nope*\" (known: root_mfa, root_keys, user_mfa, password_length)"
        );
        assert_eq!(
            error(Selection {
                frameworks: ids(&["pci"]),
                ..Selection::default()
            }),
            "no framework \"pci\" (known: cis, soc2)"
        );
        assert_eq!(
            error(Selection {
                frameworks: ids(&["cis"]),
                controls: ids(&["CC6.1"]),
                ..Selection::default()
            }),
            "no control \"CC6.1\" in cis (known: 1.1, 1.2, 1.3)"
        );
        assert!(error(Selection {
            controls: ids(&["1.1"]),
            ..Selection::default()
        })
        .starts_with("--control needs --framework"));
        assert_eq!(
            error(Selection {
                frameworks: ids(&["cis"]),
                controls: ids(&["1.3"]),
                ..Selection::default()
            }),
            "the selection leaves no rule to evaluate"
        );
    }

    /// Tenet's own evaluation (no worker processes; tests/it/selection.rs covers those): a
    /// selected engine reports exactly the full engine's findings of the rules it kept, an
    /// organization rule among them.
    #[test]
    fn a_selected_engine_evaluates_only_those_rules() {
        use crate::pipeline::Input;
        use crate::policy::{Bundle, BundleOptions, PolicyEngine};
        let bundle = Bundle::load(&BundleOptions {
            builtin: true,
            dirs: Vec::new(),
            config: None,
        })
        .unwrap();
        let full = PolicyEngine::compile(&bundle).unwrap();
        let mut selected = full.clone();
        let keep: BTreeSet<String> = ids(&["root_centralized", "root_mfa"]).into_iter().collect();
        selected.select(&keep).unwrap();
        let kept: Vec<&str> = selected.rules().iter().map(|r| &*r.id).collect();
        assert_eq!(kept, ["root_centralized", "root_mfa"]);
        let snapshot = Input::Path("examples/acme".into())
            .load(Some("2026-11-20T00:00:00Z"))
            .unwrap();
        let sorted = |mut findings: Vec<crate::results::Finding>| {
            findings.sort_by(crate::results::order);
            findings
        };
        let expected: Vec<_> = sorted(full.evaluate(&snapshot).unwrap())
            .into_iter()
            .filter(|f| keep.contains(&*f.rule))
            .collect();
        assert!(expected.iter().any(|f| &*f.rule == "root_centralized"));
        assert_eq!(sorted(selected.evaluate(&snapshot).unwrap()), expected);
    }
}
