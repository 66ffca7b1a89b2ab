//! What changed between two `tenet.results/v1` sets — typically the same snapshot checked
//! with the policies of `main` (BASE) and of a pull request (HEAD), or yesterday's run and
//! today's. Findings are matched by (account, rule, resource).
//!
//! - **new failures**: `fail` in HEAD, anything else or absent in BASE (a new rule's failures
//!   are new failures too). These decide the exit code.
//! - **fixed**: `fail` in BASE, present in HEAD with another status — except `waived`: an
//!   accepted risk is not a fix, so `fail` → `waived` is one of the other status changes.
//! - **other status changes**: the rest of the findings whose status differs, including ones
//!   that appeared or disappeared (status `null` on that side), except findings of rules that
//!   were added or removed: those are summed up per rule instead.
//! - **rules added / removed**: rule ids present in one set only, with their findings' counts.
//! - **waivers added / removed**: waiver ids in one set's `waivers` only; **waivers expired**:
//!   `expired` in HEAD and not in BASE. The findings an expired waiver no longer covers show
//!   as new failures (waived → fail), so the exit code needs nothing more.
//! - **readiness** per framework, before → after: see [`READINESS_FORMULA`].
//!
//! A key that occurs more than once in one set (two findings of a rule for one resource)
//! counts once, with the worst of its statuses (fail, error, unknown, pass, not applicable)
//! and the messages of that status joined by "; ".

pub mod format;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::policy::frameworks::Catalog;
use crate::results::{Finding, Results, Severity, Status, Summary, Tool, WaiverState, WaiverUse};

pub const DIFF_SCHEMA: &str = "tenet.diff/v1";

/// How readiness is computed (the roll-up of [`crate::readiness`]); printed with every diff.
pub const READINESS_FORMULA: &str = "readiness = controls that pass / controls evaluated (pass + \
accepted risk + fail + unknown + error) over the framework's controls that some finding maps to, as in tenet report";

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

/// A waiver added, removed or expired: as HEAD has it (BASE for a removed one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaiverChange {
    pub id: String,
    pub rule: String,
    pub owner: String,
    pub expires: String,
    /// The findings it waived; for an expired one, those it matched and no longer covers.
    pub findings: usize,
}

/// Controls of one framework that pass, and that were assessed (pass + fail + unknown +
/// error), in one set.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Readiness {
    pub pass: usize,
    pub assessed: usize,
    /// 100 × pass / assessed, to one decimal; `None` when nothing was assessed.
    pub percent: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReadinessChange {
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
    // Default: a diff written before waivers still reads back.
    #[serde(default)]
    pub waivers_added: Vec<WaiverChange>,
    #[serde(default)]
    pub waivers_removed: Vec<WaiverChange>,
    #[serde(default)]
    pub waivers_expired: Vec<WaiverChange>,
    pub readiness_formula: String,
    pub readiness: Vec<ReadinessChange>,
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
            && self.waivers_added.is_empty()
            && self.waivers_removed.is_empty()
            && self.waivers_expired.is_empty()
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
            Status::Waived => 3,
            Status::Pass => 4,
            Status::NotApplicable => 5,
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

fn side(results: &Results) -> Side {
    Side {
        as_of: results.as_of.clone(),
        tool: results.tool.clone(),
        summary: Summary::of(&results.results),
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
                summary: Summary::of(of_rule),
            }
        })
        .collect()
}

fn waiver_change(w: &WaiverUse) -> WaiverChange {
    WaiverChange {
        id: w.id.clone(),
        rule: w.rule.clone(),
        owner: w.owner.clone(),
        expires: w.expires.clone(),
        findings: w.findings,
    }
}

/// Waivers of `these` whose id `others` lacks, in id order.
fn waivers_only_in(these: &Results, others: &Results) -> Vec<WaiverChange> {
    let mut only: Vec<WaiverChange> = these
        .waivers
        .iter()
        .filter(|w| others.waivers.iter().all(|o| o.id != w.id))
        .map(waiver_change)
        .collect();
    only.sort_by(|a, b| a.id.cmp(&b.id));
    only
}

/// Waivers expired in HEAD that BASE had in force (or did not have), in id order.
fn waivers_expired(base: &Results, head: &Results) -> Vec<WaiverChange> {
    let expired = |w: &WaiverUse| w.state == WaiverState::Expired;
    let mut found: Vec<WaiverChange> = head
        .waivers
        .iter()
        .filter(|w| expired(w))
        .filter(|w| !base.waivers.iter().any(|b| b.id == w.id && expired(b)))
        .map(waiver_change)
        .collect();
    found.sort_by(|a, b| a.id.cmp(&b.id));
    found
}

/// The readiness of each framework of `catalogs` that some finding of the set maps to, by the
/// one formula of [`crate::readiness`]: automated controls that pass / automated controls
/// evaluated.
fn readiness(results: &Results, catalogs: &[Catalog]) -> BTreeMap<String, Readiness> {
    catalogs
        .iter()
        .filter(|c| {
            results
                .results
                .iter()
                .any(|f| f.controls.get(&c.id).is_some_and(|ids| !ids.is_empty()))
        })
        .map(|catalog| {
            let h = crate::readiness::headline(catalog, results);
            (
                catalog.id.clone(),
                Readiness {
                    pass: h.pass,
                    assessed: h.evaluated,
                    percent: h.percent,
                },
            )
        })
        .collect()
}

/// Compares BASE with HEAD; readiness is reported for the frameworks of `catalogs`.
pub fn diff(base: &Results, head: &Results, catalogs: &[Catalog]) -> Diff {
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
        } else if bs == Some(Status::Fail) && hs.is_some() && hs != Some(Status::Waived) {
            fixed.push(change);
        } else if !added.contains(&key.1) && !removed.contains(&key.1) {
            status_changes.push(change);
        }
    }

    let (ready_before, ready_after) = (readiness(base, catalogs), readiness(head, catalogs));
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
        waivers_added: waivers_only_in(head, base),
        waivers_removed: waivers_only_in(base, head),
        waivers_expired: waivers_expired(base, head),
        readiness_formula: READINESS_FORMULA.to_string(),
        readiness: frameworks
            .into_iter()
            .map(|framework| ReadinessChange {
                framework: framework.clone(),
                before: ready_before.get(framework).copied(),
                after: ready_after.get(framework).copied(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::Controls;

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
            error: None,
            waiver: None,
            expired_waiver: None,
        }
    }

    fn on(control: &str, mut f: Finding) -> Finding {
        f.controls = Controls::from([("soc2".to_string(), vec![control.to_string()])]).into();
        f
    }

    fn soc2() -> Vec<Catalog> {
        let control = |id: &str| crate::policy::frameworks::Control {
            id: id.to_string(),
            title: format!("{id} title"),
            section: "CC6".to_string(),
            assessment: crate::policy::frameworks::Assessment::Automated,
        };
        vec![Catalog {
            id: "soc2".to_string(),
            name: "SOC 2".to_string(),
            version: "2017".to_string(),
            source: None,
            scope: None,
            controls: vec![
                control("CC6.1"),
                control("CC6.2"),
                control("CC6.3"),
                control("CC6.6"),
            ],
        }]
    }

    fn results(findings: Vec<Finding>) -> Results {
        Results::new("2026-11-20T00:00:00Z".into(), findings)
    }

    #[test]
    fn identical_sets_have_no_changes_and_exit_0() {
        let set = results(vec![
            finding("1", "a", "r1", Status::Fail),
            on("CC6.2", finding("1", "a", "r2", Status::Pass)),
        ]);
        let d = diff(&set, &set, &soc2());
        assert!(d.is_empty());
        assert_eq!(d.exit_code(), 0);
        assert_eq!(d.readiness[0].before, d.readiness[0].after);
        assert_eq!(
            d.readiness[0].after,
            Some(Readiness {
                pass: 1,
                assessed: 2,
                percent: Some(50.0)
            }),
            "CC6.1 fails, CC6.2 passes"
        );
    }

    #[test]
    fn a_failure_that_turns_into_error_is_fixed_not_new() {
        // Not a great "fix", but no longer a failure; the table shows fail → error.
        let base = results(vec![finding("1", "a", "r", Status::Fail)]);
        let head = results(vec![finding("1", "a", "r", Status::Error)]);
        let d = diff(&base, &head, &soc2());
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
        let d = diff(&base, &head, &soc2());
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
    fn readiness_counts_controls_rounds_to_one_decimal_and_leaves_not_applicable_out() {
        let head = results(vec![
            on("CC6.1", finding("1", "a", "r1", Status::Pass)),
            on("CC6.1", finding("1", "a", "r1b", Status::Pass)),
            on("CC6.2", finding("1", "a", "r2", Status::Pass)),
            on("CC6.3", finding("1", "a", "r3", Status::Unknown)),
            on("CC6.6", finding("1", "a", "r4", Status::NotApplicable)),
        ]);
        let r = readiness(&head, &soc2())["soc2"];
        assert_eq!((r.pass, r.assessed, r.percent), (2, 3, Some(66.7)));
        let only_na = results(vec![finding("1", "a", "r4", Status::NotApplicable)]);
        assert_eq!(readiness(&only_na, &soc2())["soc2"].percent, None);
    }
}
