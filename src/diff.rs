//! What changed between two `tenet.results/v1` sets — typically the same snapshot checked
//! with the policies of `main` (BASE) and of a pull request (HEAD), or yesterday's run and
//! today's. Findings are matched by (account, rule, resource).
//!
//! - **new failures**: `fail` in HEAD, anything else or absent in BASE (a new rule's failures
//!   are new failures too). These decide the exit code.
//! - **fixed**: `fail` in BASE, present in HEAD with another status.
//! - **other status changes**: the rest of the findings whose status differs, including ones
//!   that appeared or disappeared (status `null` on that side), except findings of rules that
//!   were added or removed: those are summed up per rule instead.
//! - **rules added / removed**: rule ids present in one set only, with their findings' counts.
//! - **readiness** per framework, before → after: see [`READINESS_FORMULA`].
//!
//! A key that occurs more than once in one set (two findings of a rule for one resource)
//! counts once, with the worst of its statuses (fail, error, unknown, pass, not applicable)
//! and the messages of that status joined by "; ".

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{json_error, InputError};
use crate::findings::{Finding, Results, Severity, Status, Summary, Tool, RESULTS_SCHEMA};

pub const DIFF_SCHEMA: &str = "tenet.diff/v1";

/// How readiness is computed until the catalog-based roll-up lands; printed with every diff.
pub const READINESS_FORMULA: &str = "readiness = pass / (pass + fail + unknown + error) over the \
(account, rule, resource) findings whose rule maps to the framework; not_applicable is left out";

/// One set's side of the diff: when it was evaluated and its counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Side {
    pub as_of: String,
    pub tool: Tool,
    pub summary: Summary,
}

/// A finding whose status is not the same in both sets. `before`/`after` are `None` where the
/// finding is absent; `message`, `title` and `severity` come from HEAD when it has the finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub account: String,
    pub rule: String,
    pub resource: String,
    pub severity: Severity,
    pub title: String,
    pub before: Option<Status>,
    pub after: Option<Status>,
    pub message: String,
}

/// A rule present in one set only, with the counts of its findings there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleChange {
    pub rule: String,
    pub title: String,
    pub severity: Severity,
    pub summary: Summary,
}

/// Pass and assessed (pass + fail + unknown + error) findings of one framework in one set.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Readiness {
    pub pass: usize,
    pub assessed: usize,
    /// 100 × pass / assessed, to one decimal; `None` when nothing was assessed.
    pub percent: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FrameworkReadiness {
    pub framework: String,
    /// `None` when no finding of that set maps to the framework.
    pub before: Option<Readiness>,
    pub after: Option<Readiness>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diff {
    pub schema: String,
    pub base: Side,
    pub head: Side,
    pub new_failures: Vec<Change>,
    pub fixed: Vec<Change>,
    pub status_changes: Vec<Change>,
    pub rules_added: Vec<RuleChange>,
    pub rules_removed: Vec<RuleChange>,
    pub readiness_formula: String,
    pub readiness: Vec<FrameworkReadiness>,
}

impl Diff {
    /// 1 when HEAD has failures BASE did not, else 0.
    pub fn exit_code(&self) -> u8 {
        u8::from(!self.new_failures.is_empty())
    }

    /// Nothing at all changed between the two sets' findings.
    pub fn is_empty(&self) -> bool {
        self.new_failures.is_empty()
            && self.fixed.is_empty()
            && self.status_changes.is_empty()
            && self.rules_added.is_empty()
            && self.rules_removed.is_empty()
    }
}

type Key<'a> = (&'a str, &'a str, &'a str);

/// A set's findings by key, duplicates merged as the module doc says.
fn index(results: &Results) -> BTreeMap<Key<'_>, Finding> {
    // Worst first: the status a merged key takes is the lowest rank among its findings.
    fn rank(s: Status) -> u8 {
        match s {
            Status::Fail => 0,
            Status::Error => 1,
            Status::Unknown => 2,
            Status::Pass => 3,
            Status::NotApplicable => 4,
        }
    }
    let mut map: BTreeMap<Key, Finding> = BTreeMap::new();
    for f in &results.results {
        let key = (f.account.as_ref(), f.rule.as_ref(), f.resource.as_ref());
        match map.get_mut(&key) {
            None => {
                map.insert(key, f.clone());
            }
            Some(kept) if rank(f.status) < rank(kept.status) => *kept = f.clone(),
            Some(kept) if f.status == kept.status && f.message != kept.message => {
                kept.message = format!("{}; {}", kept.message, f.message).into();
            }
            Some(_) => {}
        }
    }
    map
}

fn count(findings: &[&Finding]) -> Summary {
    let mut s = Summary::default();
    for f in findings {
        *match f.status {
            Status::Pass => &mut s.pass,
            Status::Fail => &mut s.fail,
            Status::Unknown => &mut s.unknown,
            Status::NotApplicable => &mut s.not_applicable,
            Status::Error => &mut s.error,
        } += 1;
    }
    s
}

fn side(results: &Results) -> Side {
    Side {
        as_of: results.as_of.clone(),
        tool: results.tool.clone(),
        summary: count(&results.results.iter().collect::<Vec<_>>()),
    }
}

fn rule_changes(only_here: &BTreeSet<&str>, findings: &BTreeMap<Key, Finding>) -> Vec<RuleChange> {
    only_here
        .iter()
        .map(|rule| {
            let of_rule: Vec<&Finding> = findings.values().filter(|f| &*f.rule == *rule).collect();
            let first = of_rule[0];
            RuleChange {
                rule: rule.to_string(),
                title: first.title.to_string(),
                severity: first.severity,
                summary: count(&of_rule),
            }
        })
        .collect()
}

fn readiness(findings: &BTreeMap<Key, Finding>) -> BTreeMap<String, Readiness> {
    let mut by_framework: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for f in findings.values() {
        for (framework, ids) in f.controls.iter() {
            if ids.is_empty() {
                continue;
            }
            let (pass, assessed) = by_framework.entry(framework.clone()).or_default();
            match f.status {
                Status::NotApplicable => {}
                Status::Pass => {
                    *pass += 1;
                    *assessed += 1;
                }
                Status::Fail | Status::Unknown | Status::Error => *assessed += 1,
            }
        }
    }
    by_framework
        .into_iter()
        .map(|(framework, (pass, assessed))| {
            let percent =
                (assessed > 0).then(|| ((pass * 1000) as f64 / assessed as f64).round() / 10.0);
            (
                framework,
                Readiness {
                    pass,
                    assessed,
                    percent,
                },
            )
        })
        .collect()
}

/// Compares BASE with HEAD.
pub fn diff(base: &Results, head: &Results) -> Diff {
    let before = index(base);
    let after = index(head);
    fn rules<'a>(m: &BTreeMap<Key<'a>, Finding>) -> BTreeSet<&'a str> {
        m.keys().map(|(_, rule, _)| *rule).collect()
    }
    let (base_rules, head_rules) = (rules(&before), rules(&after));
    let added: BTreeSet<&str> = head_rules.difference(&base_rules).copied().collect();
    let removed: BTreeSet<&str> = base_rules.difference(&head_rules).copied().collect();

    let mut new_failures = Vec::new();
    let mut fixed = Vec::new();
    let mut status_changes = Vec::new();
    let keys: BTreeSet<&Key> = before.keys().chain(after.keys()).collect();
    for key in keys {
        let (b, h) = (before.get(key), after.get(key));
        let (bs, hs) = (b.map(|f| f.status), h.map(|f| f.status));
        if bs == hs {
            continue;
        }
        let shown = h.or(b).expect("a key comes from one of the sets");
        let change = Change {
            account: shown.account.to_string(),
            rule: shown.rule.to_string(),
            resource: shown.resource.to_string(),
            severity: shown.severity,
            title: shown.title.to_string(),
            before: bs,
            after: hs,
            message: shown.message.to_string(),
        };
        if hs == Some(Status::Fail) {
            new_failures.push(change);
        } else if bs == Some(Status::Fail) && hs.is_some() {
            fixed.push(change);
        } else if !added.contains(&key.1) && !removed.contains(&key.1) {
            status_changes.push(change);
        }
    }

    let (ready_before, ready_after) = (readiness(&before), readiness(&after));
    let frameworks: BTreeSet<&String> = ready_before.keys().chain(ready_after.keys()).collect();
    Diff {
        schema: DIFF_SCHEMA.to_string(),
        base: side(base),
        head: side(head),
        new_failures,
        fixed,
        status_changes,
        rules_added: rule_changes(&added, &after),
        rules_removed: rule_changes(&removed, &before),
        readiness_formula: READINESS_FORMULA.to_string(),
        readiness: frameworks
            .into_iter()
            .map(|framework| FrameworkReadiness {
                framework: framework.clone(),
                before: ready_before.get(framework).copied(),
                after: ready_after.get(framework).copied(),
            })
            .collect(),
    }
}

/// The shape of a results file as read back: the schema is checked where it stands, so a
/// wrong one is reported at its line and column. The summary is not read: it is recounted.
#[derive(Deserialize)]
struct ResultsFile {
    #[serde(deserialize_with = "results_schema", rename = "schema")]
    _schema: (),
    tool: Tool,
    as_of: String,
    results: Vec<Finding>,
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
/// The summary is recounted from the findings.
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
    let mut results = Results::new(file.as_of, file.results);
    results.tool = file.tool;
    Ok(results)
}

/// Reads a `tenet.results/v1` file.
pub fn load_results(path: &Path) -> Result<Results, InputError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| InputError::new(&name, format!("cannot read: {e}")))?;
    parse_results(&name, &text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::Controls;

    fn finding(account: &str, rule: &str, resource: &str, status: Status) -> Finding {
        let controls: Controls = [("soc2".to_string(), vec!["CC6.1".to_string()])].into();
        Finding {
            rule: rule.into(),
            title: format!("{rule} title").into(),
            severity: Severity::High,
            account: account.into(),
            resource: resource.into(),
            status,
            message: format!("{rule} is {}", status.as_str()).into(),
            controls: controls.into(),
        }
    }

    fn results(findings: Vec<Finding>) -> Results {
        Results::new("2026-11-20T00:00:00Z".into(), findings)
    }

    #[test]
    fn identical_sets_have_no_changes_and_exit_0() {
        let set = results(vec![
            finding("1", "a", "r1", Status::Fail),
            finding("1", "a", "r2", Status::Pass),
        ]);
        let d = diff(&set, &set);
        assert!(d.is_empty());
        assert_eq!(d.exit_code(), 0);
        assert_eq!(d.readiness[0].before, d.readiness[0].after);
        assert_eq!(
            d.readiness[0].after,
            Some(Readiness {
                pass: 1,
                assessed: 2,
                percent: Some(50.0)
            })
        );
    }

    #[test]
    fn a_failure_that_turns_into_error_is_fixed_not_new() {
        // Not a great "fix", but no longer a failure; the table shows fail → error.
        let base = results(vec![finding("1", "a", "r", Status::Fail)]);
        let head = results(vec![finding("1", "a", "r", Status::Error)]);
        let d = diff(&base, &head);
        assert_eq!(d.fixed.len(), 1);
        assert_eq!(d.fixed[0].before, Some(Status::Fail));
        assert_eq!(d.fixed[0].after, Some(Status::Error));
        assert_eq!(d.exit_code(), 0);
    }

    #[test]
    fn duplicate_keys_count_once_with_the_worst_status() {
        let mut second = finding("1", "a", "r", Status::Fail);
        second.message = "second reason".into();
        let base = results(vec![finding("1", "a", "r", Status::Pass)]);
        let head = results(vec![
            finding("1", "a", "r", Status::Fail),
            finding("1", "a", "r", Status::Pass),
            second,
        ]);
        let d = diff(&base, &head);
        assert_eq!(d.new_failures.len(), 1);
        assert_eq!(d.new_failures[0].message, "a is fail; second reason");
        assert_eq!(
            d.head.summary.fail, 2,
            "the summary counts findings as they are"
        );
        let r = d.readiness[0].after.unwrap();
        assert_eq!((r.pass, r.assessed), (0, 1));
    }

    #[test]
    fn readiness_rounds_to_one_decimal_and_leaves_not_applicable_out() {
        let head = results(vec![
            finding("1", "a", "r1", Status::Pass),
            finding("1", "a", "r2", Status::Pass),
            finding("1", "a", "r3", Status::Unknown),
            finding("1", "a", "r4", Status::NotApplicable),
        ]);
        let r = readiness(&index(&head))["soc2"];
        assert_eq!((r.pass, r.assessed, r.percent), (2, 3, Some(66.7)));
        let only_na = results(vec![finding("1", "a", "r4", Status::NotApplicable)]);
        assert_eq!(readiness(&index(&only_na))["soc2"].percent, None);
    }

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
}
