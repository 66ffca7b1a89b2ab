//! The readiness roll-up: from one result set (`tenet.results/v1`), the control catalogs and
//! the rules' mappings, a status per framework control, overall and per account, and the
//! headline numbers a compliance lead reports. Its formats live beside it, one file each: a
//! self-contained HTML page for people and printing ([`html`]), Markdown for GitHub
//! ([`markdown`]), CSV with a row per control × account ([`csv`]) and JSON
//! (`tenet.readiness/v1`, [`json`]). Every one renders a [`Report`]; none recomputes anything.
//! `tenet diff` reports readiness by the same roll-up ([`headline`]).
//!
//! The rules, in one place:
//! - A control's findings are every finding whose `controls` name it. Its status is `fail` if
//!   any of them fails; else `error` if any could not be evaluated; else `unknown` if any is
//!   unknown; else `accepted_risk` if any is waived (an accepted risk covers it); else `pass`
//!   if any passes; else `not_applicable` if all are; else `no_findings`.
//!   A matrix cell applies the same rule to one account's findings.
//! - A control no rule maps to (neither a loaded rule's METADATA nor any finding) is `manual`:
//!   evidence is required from outside tenet.
//! - A control is *automated* when some rule maps to it, and *evaluated* when it has a finding
//!   that is not `not_applicable` (so its status is pass, accepted_risk, fail, error or
//!   unknown). Headline readiness = automated controls that pass / automated controls
//!   evaluated. `accepted_risk`, `unknown` and `error` never count as pass.
//! - Each waiver of the results is listed with the findings it covers ([`AcceptedRisk`]).
//!
//! The evidence block says what the numbers rest on; [`crate::results::evidence::evidence`]
//! builds it at check time.

pub mod csv;
pub mod html;
pub mod json;
pub mod markdown;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::inventory::Inventory;
use crate::model::snapshot::status_words;
use crate::model::Stage;
use crate::policy::frameworks::{Assessment, Catalog};
use crate::policy::RuleInfo;
use crate::results::evidence::{EvidenceAccount, EvidenceError};
use crate::results::{
    ErrorKind, Finding, Results, Severity, Status, Summary, Tool, WaiverState, WaiverUse,
};

use std::io::{self, Write};

pub(crate) use crate::report::plural;

pub const READINESS_SCHEMA: &str = "tenet.readiness/v1";

/// A control's status, overall or in one account. Ordered worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ControlStatus {
    Fail,
    /// Some finding could not be evaluated (collection failure, policy error).
    Error,
    Unknown,
    /// Every finding that does not pass is waived: the control does not pass, its risk is
    /// accepted. Never counted as pass.
    AcceptedRisk,
    Pass,
    NotApplicable,
    /// Rules map to the control, but the result set has no finding for it (or, in a matrix
    /// cell, none in that account).
    NoFindings,
    /// No rule maps to the control: evidence must come from elsewhere.
    Manual,
}

impl ControlStatus {
    pub const ALL: [ControlStatus; 8] = [
        ControlStatus::Fail,
        ControlStatus::Error,
        ControlStatus::Unknown,
        ControlStatus::AcceptedRisk,
        ControlStatus::Pass,
        ControlStatus::NotApplicable,
        ControlStatus::NoFindings,
        ControlStatus::Manual,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ControlStatus::Fail => "fail",
            ControlStatus::Error => "error",
            ControlStatus::Unknown => "unknown",
            ControlStatus::AcceptedRisk => "accepted_risk",
            ControlStatus::Pass => "pass",
            ControlStatus::NotApplicable => "not_applicable",
            ControlStatus::NoFindings => "no_findings",
            ControlStatus::Manual => "manual",
        }
    }

    /// How people read it.
    pub fn label(self) -> &'static str {
        match self {
            ControlStatus::Fail => "fail",
            ControlStatus::Error => "error",
            ControlStatus::Unknown => "unknown",
            ControlStatus::AcceptedRisk => "pass with accepted risk",
            ControlStatus::Pass => "pass",
            ControlStatus::NotApplicable => "not applicable",
            ControlStatus::NoFindings => "no findings",
            ControlStatus::Manual => "manual — evidence required",
        }
    }

    /// The roll-up rule (see the module doc) over the status counts of some findings.
    pub fn of_findings(counts: &Summary) -> ControlStatus {
        if counts.fail > 0 {
            ControlStatus::Fail
        } else if counts.error > 0 {
            ControlStatus::Error
        } else if counts.unknown > 0 {
            ControlStatus::Unknown
        } else if counts.waived > 0 {
            ControlStatus::AcceptedRisk
        } else if counts.pass > 0 {
            ControlStatus::Pass
        } else if counts.not_applicable > 0 {
            ControlStatus::NotApplicable
        } else {
            ControlStatus::NoFindings
        }
    }

    /// Has a finding that is not `not_applicable`.
    pub fn is_evaluated(self) -> bool {
        matches!(
            self,
            ControlStatus::Fail
                | ControlStatus::Error
                | ControlStatus::Unknown
                | ControlStatus::AcceptedRisk
                | ControlStatus::Pass
        )
    }
}

/// The whole readiness report: what every format renders.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub schema: String,
    /// The tenet that wrote this report.
    pub tool: Tool,
    pub as_of: String,
    pub evidence: EvidenceBlock,
    /// The matrix columns: every account the results cover, in snapshot order when recorded.
    pub accounts: Vec<AccountColumn>,
    /// Present when the report compares with a baseline result set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<BaselineInfo>,
    pub frameworks: Vec<FrameworkReadiness>,
    /// Findings that fail, error or are unknown, with the controls (of the reported
    /// frameworks) they count against: the failing-resource table.
    pub attention: Vec<Attention>,
    /// Each waiver of the results with the findings it covers, in the waivers file's order.
    /// Absent when the results carry no waivers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accepted_risks: Vec<AcceptedRisk>,
    /// The cross-account inventory, when the report was made from a snapshot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inventory: Option<Inventory>,
}

/// What the numbers rest on. `None` digests were not recorded in the results read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidenceBlock {
    pub as_of: String,
    /// The tenet that evaluated the results.
    pub tool_version: String,
    pub policy_digest: Option<String>,
    pub snapshot_digest: Option<String>,
    /// sha256 of the waivers file applied; absent when none was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waivers_digest: Option<String>,
    /// True when accounts and collection errors come from the results' evidence; false when
    /// they were inferred from the findings (results written without evidence).
    pub recorded: bool,
    pub accounts: Vec<EvidenceAccount>,
    pub collection_errors: Vec<EvidenceError>,
    /// Accounts in the snapshot that were not evaluated because they are not active (suspended,
    /// closed), each with its AWS status. Not matrix columns: they have no findings. Absent
    /// when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_checked: Vec<EvidenceAccount>,
}

impl EvidenceBlock {
    /// What every format says of the accounts that were not checked, e.g. "2 accounts were not
    /// checked because they are suspended: 111111111111 (old-sandbox), 222222222222"; `None`
    /// when every account was checked.
    pub fn not_checked_sentence(&self) -> Option<String> {
        let accounts = &self.not_checked;
        let first = accounts.first()?;
        let status_of = |a: &EvidenceAccount| status_words(a.status.as_deref().unwrap_or(""));
        let same = accounts.iter().all(|a| status_of(a) == status_of(first));
        let listed: Vec<String> = accounts
            .iter()
            .map(|a| {
                let mut notes: Vec<String> = a.name.iter().cloned().collect();
                if !same {
                    notes.push(status_of(a));
                }
                if notes.is_empty() {
                    a.account_id.clone()
                } else {
                    format!("{} ({})", a.account_id, notes.join(", "))
                }
            })
            .collect();
        let (one, what) = (
            accounts.len() == 1,
            if same {
                status_of(first)
            } else {
                "not active".to_string()
            },
        );
        let (count, verb, subject) = if one {
            ("1 account".to_string(), "was", "it is")
        } else {
            (format!("{} accounts", accounts.len()), "were", "they are")
        };
        Some(format!(
            "{count} {verb} not checked because {subject} {what}: {}",
            listed.join(", ")
        ))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountColumn {
    /// Empty for organization findings that belong to no account.
    pub account_id: String,
    pub name: Option<String>,
}

impl AccountColumn {
    /// The id, or "organization" for findings without an account.
    pub fn label(&self) -> &str {
        if self.account_id.is_empty() {
            "organization"
        } else {
            &self.account_id
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BaselineInfo {
    pub as_of: String,
    pub tool_version: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FrameworkReadiness {
    pub id: String,
    pub name: String,
    pub version: String,
    pub headline: Headline,
    /// The same numbers for the baseline, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<Headline>,
    /// Catalog sections in catalog order, with their controls' counts.
    pub sections: Vec<SectionReadiness>,
    pub controls: Vec<ControlReadiness>,
}

/// Control counts by status, and the readiness they give.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Headline {
    pub controls: usize,
    /// Controls some rule maps to.
    pub automated: usize,
    /// Automated controls with a finding that is not `not_applicable`.
    pub evaluated: usize,
    pub pass: usize,
    /// Evaluated, not passing: every finding that does not pass is waived. Written only when
    /// non-zero.
    #[serde(default, skip_serializing_if = "crate::results::is_zero")]
    pub accepted_risk: usize,
    pub fail: usize,
    pub error: usize,
    pub unknown: usize,
    pub not_applicable: usize,
    pub no_findings: usize,
    pub manual: usize,
    /// 100 × pass / evaluated, to one decimal; `None` when nothing was evaluated.
    pub percent: Option<f64>,
}

impl Headline {
    fn of<'a>(statuses: impl IntoIterator<Item = &'a ControlStatus>) -> Headline {
        let mut h = Headline::default();
        for status in statuses {
            h.controls += 1;
            *match status {
                ControlStatus::Pass => &mut h.pass,
                ControlStatus::AcceptedRisk => &mut h.accepted_risk,
                ControlStatus::Fail => &mut h.fail,
                ControlStatus::Error => &mut h.error,
                ControlStatus::Unknown => &mut h.unknown,
                ControlStatus::NotApplicable => &mut h.not_applicable,
                ControlStatus::NoFindings => &mut h.no_findings,
                ControlStatus::Manual => &mut h.manual,
            } += 1;
        }
        h.automated = h.controls - h.manual;
        h.evaluated = h.pass + h.accepted_risk + h.fail + h.error + h.unknown;
        h.percent = percent(h.pass, h.evaluated);
        h
    }

    pub fn count(&self, status: ControlStatus) -> usize {
        match status {
            ControlStatus::Pass => self.pass,
            ControlStatus::AcceptedRisk => self.accepted_risk,
            ControlStatus::Fail => self.fail,
            ControlStatus::Error => self.error,
            ControlStatus::Unknown => self.unknown,
            ControlStatus::NotApplicable => self.not_applicable,
            ControlStatus::NoFindings => self.no_findings,
            ControlStatus::Manual => self.manual,
        }
    }

    /// "25.0%", or "n/a" when nothing was evaluated.
    pub fn percent_text(&self) -> String {
        self.percent
            .map_or_else(|| "n/a".to_string(), |p| format!("{p:.1}%"))
    }
}

fn percent(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| (1000.0 * part as f64 / whole as f64).round() / 10.0)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionReadiness {
    pub name: String,
    pub headline: Headline,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ControlReadiness {
    pub id: String,
    pub title: String,
    pub section: String,
    /// What the framework itself says (automated or manual assessment).
    pub assessment: Assessment,
    /// Rules that map to the control, sorted.
    pub rules: Vec<String>,
    pub status: ControlStatus,
    /// The control's findings by status, all accounts.
    pub findings: Summary,
    /// One per [`Report::accounts`] entry, in the same order.
    pub cells: Vec<Cell>,
    /// The status in the baseline, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<ControlStatus>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    pub account_id: String,
    pub status: ControlStatus,
    pub findings: Summary,
}

/// A finding that does not pass, with what to do about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attention {
    pub account_id: String,
    pub account_name: Option<String>,
    pub rule: String,
    pub title: String,
    pub severity: Severity,
    pub resource: String,
    pub status: Status,
    pub message: String,
    /// The rule's recommended action; empty when the rule is not loaded.
    pub remediation: String,
    /// `framework id` pairs, reported frameworks only, e.g. `cis-aws-7.0 2.4`.
    pub controls: Vec<String>,
}

/// A waiver and the findings it covers: for an expired waiver, those it matched and no longer
/// covers (they count again).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AcceptedRisk {
    #[serde(flatten)]
    pub waiver: WaiverUse,
    /// In the results' order.
    pub covered: Vec<CoveredFinding>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoveredFinding {
    pub account_id: String,
    pub account_name: Option<String>,
    pub rule: String,
    pub resource: String,
    /// `waived`; for an expired waiver the finding's own status, `fail` or `unknown`.
    pub status: Status,
}

impl AcceptedRisk {
    /// Where the waiver stands, as every format says it: "expired on 2026-10-01: its 2
    /// findings count again", "matched nothing: ...", "expires 2026-12-15, in 25 days".
    pub fn standing(&self) -> String {
        let w = &self.waiver;
        match w.state {
            WaiverState::Expired => format!(
                "expired on {}: its {} count again",
                w.expires,
                plural(w.findings, "finding", "findings")
            ),
            WaiverState::Stale => {
                "stale: matched nothing (the risk is gone, or the waiver is wrong)".to_string()
            }
            WaiverState::Expiring | WaiverState::Active => format!(
                "{}: expires {}, in {}",
                w.state.as_str(),
                w.expires,
                plural(w.days_left.max(0) as usize, "day", "days")
            ),
        }
    }
}

/// What a report is built from.
pub struct Inputs<'a> {
    pub results: &'a Results,
    /// The frameworks to report, in the order to report them.
    pub catalogs: &'a [&'a Catalog],
    /// The loaded rules: their mappings make controls automated, their recommended actions
    /// are the remediation. May be empty.
    pub rules: &'a [RuleInfo],
    pub baseline: Option<&'a Results>,
}

/// Builds the report. The inventory is left for the caller to attach.
pub fn build(inputs: &Inputs) -> Report {
    let results = inputs.results;
    let evidence = evidence_block(results);
    let accounts = account_columns(results, &evidence);
    let frameworks = inputs
        .catalogs
        .iter()
        .map(|catalog| {
            let now = roll_up(catalog, inputs.rules, results, &accounts);
            match inputs.baseline {
                Some(base) => {
                    let before = roll_up(catalog, inputs.rules, base, &[]);
                    with_baseline(now, &before)
                }
                None => now,
            }
        })
        .collect();
    Report {
        schema: READINESS_SCHEMA.to_string(),
        tool: Tool {
            name: "tenet".to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
        },
        as_of: results.as_of.clone(),
        attention: attention(results, inputs.catalogs, inputs.rules, &evidence),
        accepted_risks: accepted_risks(results, &evidence),
        evidence,
        accounts,
        baseline: inputs.baseline.map(|b| BaselineInfo {
            as_of: b.as_of.clone(),
            tool_version: b.tool.version.clone(),
        }),
        frameworks,
        inventory: None,
    }
}

/// One framework's headline over one result set: the readiness formula, for callers (the
/// diff) that need the numbers without a report.
pub fn headline(catalog: &Catalog, results: &Results) -> Headline {
    roll_up(catalog, &[], results, &[]).headline
}

fn maps_to(controls: &crate::results::Controls, framework: &str, control: &str) -> bool {
    controls
        .get(framework)
        .is_some_and(|ids| ids.iter().any(|id| id == control))
}

/// One framework's controls over one result set. `accounts` are the matrix columns (none for
/// a baseline, whose cells are not shown).
fn roll_up(
    catalog: &Catalog,
    rules: &[RuleInfo],
    results: &Results,
    accounts: &[AccountColumn],
) -> FrameworkReadiness {
    // Each finding once, filed under the controls of this framework it names.
    let mut by_control: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in &results.results {
        for id in f.controls.get(&catalog.id).into_iter().flatten() {
            by_control.entry(id).or_default().push(f);
        }
    }
    let controls: Vec<ControlReadiness> = catalog
        .controls
        .iter()
        .map(|control| {
            let mut mapped: BTreeSet<&str> = rules
                .iter()
                .filter(|r| maps_to(&r.frameworks, &catalog.id, &control.id))
                .map(|r| r.id.as_ref())
                .collect();
            let mut findings = Summary::default();
            let mut per_account: BTreeMap<&str, Summary> = BTreeMap::new();
            // A finding naming a control twice counts once.
            let mut seen = std::collections::HashSet::new();
            for f in by_control
                .get(control.id.as_str())
                .into_iter()
                .flatten()
                .filter(|f| seen.insert(std::ptr::from_ref::<Finding>(f)))
            {
                mapped.insert(&f.rule);
                findings.count(f.status);
                per_account.entry(&f.account).or_default().count(f.status);
            }
            let manual = mapped.is_empty();
            let status_of = |counts: &Summary| {
                if manual {
                    ControlStatus::Manual
                } else {
                    ControlStatus::of_findings(counts)
                }
            };
            let cells = accounts
                .iter()
                .map(|a| {
                    let counts = per_account
                        .get(a.account_id.as_str())
                        .copied()
                        .unwrap_or_default();
                    Cell {
                        account_id: a.account_id.clone(),
                        status: status_of(&counts),
                        findings: counts,
                    }
                })
                .collect();
            ControlReadiness {
                id: control.id.clone(),
                title: control.title.clone(),
                section: control.section.clone(),
                assessment: control.assessment,
                rules: mapped.into_iter().map(str::to_string).collect(),
                status: status_of(&findings),
                findings,
                cells,
                before: None,
            }
        })
        .collect();
    let mut sections: Vec<SectionReadiness> = Vec::new();
    for control in &controls {
        if !sections.iter().any(|s| s.name == control.section) {
            let statuses: Vec<ControlStatus> = controls
                .iter()
                .filter(|c| c.section == control.section)
                .map(|c| c.status)
                .collect();
            sections.push(SectionReadiness {
                name: control.section.clone(),
                headline: Headline::of(&statuses),
            });
        }
    }
    FrameworkReadiness {
        id: catalog.id.clone(),
        name: catalog.name.clone(),
        version: catalog.version.clone(),
        headline: Headline::of(controls.iter().map(|c| &c.status)),
        before: None,
        sections,
        controls,
    }
}

fn with_baseline(mut now: FrameworkReadiness, before: &FrameworkReadiness) -> FrameworkReadiness {
    now.before = Some(before.headline);
    for control in &mut now.controls {
        control.before = before
            .controls
            .iter()
            .find(|c| c.id == control.id)
            .map(|c| c.status);
    }
    now
}

/// The evidence a result set carries, or what its findings tell when it carries none.
fn evidence_block(results: &Results) -> EvidenceBlock {
    let (recorded, policy, snapshot, accounts, errors, not_checked) = match &results.evidence {
        Some(e) => (
            true,
            Some(e.policy_digest.clone()),
            Some(e.snapshot_digest.clone()),
            e.accounts.clone(),
            e.collection_errors.clone(),
            e.not_checked.clone(),
        ),
        None => {
            let ids: BTreeSet<&str> = results.results.iter().map(|f| f.account.as_ref()).collect();
            let accounts = ids
                .into_iter()
                .filter(|id| !id.is_empty())
                .map(|id| EvidenceAccount {
                    account_id: id.to_string(),
                    name: None,
                    status: None,
                    parents: Vec::new(),
                })
                .collect();
            // Accounts that were not checked have no findings to infer them from.
            (
                false,
                None,
                None,
                accounts,
                inferred_errors(results),
                Vec::new(),
            )
        }
    };
    let waivers_digest = results
        .evidence
        .as_ref()
        .and_then(|e| e.waivers_digest.clone());
    EvidenceBlock {
        as_of: results.as_of.clone(),
        tool_version: results.tool.version.clone(),
        policy_digest: policy.filter(|d| !d.is_empty()),
        snapshot_digest: snapshot.filter(|d| !d.is_empty()),
        waivers_digest: waivers_digest.filter(|d| !d.is_empty()),
        recorded,
        accounts,
        collection_errors: errors,
        not_checked,
    }
}

/// Without recorded evidence, the accounts that could not be collected are those whose
/// `error` findings say so ([`ErrorKind::NotCollected`]; any other account that was not
/// evaluated is put down to an `unknown` stage).
fn inferred_errors(results: &Results) -> Vec<EvidenceError> {
    let mut errors: Vec<EvidenceError> = Vec::new();
    for f in results.results.iter().filter(|f| f.status == Status::Error) {
        let (stage, message) = match &f.error {
            Some(ErrorKind::NotCollected { stage, detail }) => (stage.clone(), detail),
            Some(ErrorKind::NotEvaluated { detail }) => (Stage::from("unknown"), detail),
            _ => continue,
        };
        let error = EvidenceError {
            account: f.account.to_string(),
            stage,
            message: message.to_string(),
        };
        if !errors.contains(&error) {
            errors.push(error);
        }
    }
    errors
}

/// Evidence accounts in their order, then any other account that has findings, sorted.
fn account_columns(results: &Results, evidence: &EvidenceBlock) -> Vec<AccountColumn> {
    let mut columns: Vec<AccountColumn> = evidence
        .accounts
        .iter()
        .map(|a| AccountColumn {
            account_id: a.account_id.clone(),
            name: a.name.clone(),
        })
        .collect();
    let listed: std::collections::HashSet<&str> = evidence
        .accounts
        .iter()
        .map(|a| a.account_id.as_str())
        .collect();
    let others: BTreeSet<&str> = results
        .results
        .iter()
        .map(|f| f.account.as_ref())
        .filter(|id| !listed.contains(id))
        .collect();
    columns.extend(others.into_iter().map(|id| AccountColumn {
        account_id: id.to_string(),
        name: None,
    }));
    columns
}

/// Each waiver with the findings that name it: as their waiver, or (expired) as the waiver
/// that no longer covers them.
fn accepted_risks(results: &Results, evidence: &EvidenceBlock) -> Vec<AcceptedRisk> {
    let names: BTreeMap<&str, &str> = evidence
        .accounts
        .iter()
        .filter_map(|a| Some((a.account_id.as_str(), a.name.as_deref()?)))
        .collect();
    results
        .waivers
        .iter()
        .map(|w| {
            let names_it = |f: &&Finding| {
                f.waiver.as_ref().is_some_and(|a| a.id == w.id)
                    || f.expired_waiver.as_deref() == Some(w.id.as_str())
            };
            let covered = results
                .results
                .iter()
                .filter(names_it)
                .map(|f| CoveredFinding {
                    account_id: f.account.to_string(),
                    account_name: names.get(f.account.as_ref()).map(|n| n.to_string()),
                    rule: f.rule.to_string(),
                    resource: f.resource.to_string(),
                    status: f.status,
                })
                .collect();
            AcceptedRisk {
                waiver: w.clone(),
                covered,
            }
        })
        .collect()
}

/// Failing, erroring and unknown findings that map to a reported framework: fail first, then
/// error, then unknown; within each, most severe first, then account, rule, resource.
fn attention(
    results: &Results,
    catalogs: &[&Catalog],
    rules: &[RuleInfo],
    evidence: &EvidenceBlock,
) -> Vec<Attention> {
    let rank = |s: Status| match s {
        Status::Fail => 0,
        Status::Error => 1,
        _ => 2,
    };
    let names: BTreeMap<&str, &str> = evidence
        .accounts
        .iter()
        .filter_map(|a| Some((a.account_id.as_str(), a.name.as_deref()?)))
        .collect();
    let mut rows: Vec<Attention> = results
        .results
        .iter()
        .filter(|f| matches!(f.status, Status::Fail | Status::Error | Status::Unknown))
        .filter_map(|f| {
            let controls: Vec<String> = catalogs
                .iter()
                .flat_map(|c| {
                    f.controls
                        .get(&c.id)
                        .into_iter()
                        .flatten()
                        .map(move |id| format!("{} {id}", c.id))
                })
                .collect();
            (!controls.is_empty()).then(|| Attention {
                account_id: f.account.to_string(),
                account_name: names.get(f.account.as_ref()).map(|n| n.to_string()),
                rule: f.rule.to_string(),
                title: f.title.to_string(),
                severity: f.severity,
                resource: f.resource.to_string(),
                status: f.status,
                message: f.message.to_string(),
                remediation: rules
                    .iter()
                    .find(|r| r.id == f.rule)
                    .map(|r| r.recommended_action.clone())
                    .unwrap_or_default(),
                controls,
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        (
            rank(a.status),
            std::cmp::Reverse(a.severity),
            &a.account_id,
            &a.rule,
            &a.resource,
        )
            .cmp(&(
                rank(b.status),
                std::cmp::Reverse(b.severity),
                &b.account_id,
                &b.rule,
                &b.resource,
            ))
    });
    rows
}

/// The readiness formats: HTML, Markdown, CSV (a row per control × account), JSON
/// (`tenet.readiness/v1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadinessFormat {
    Html,
    Md,
    Csv,
    Json,
}

pub fn write(format: ReadinessFormat, report: &Report, out: &mut dyn Write) -> io::Result<()> {
    match format {
        ReadinessFormat::Html => html::write(report, out),
        ReadinessFormat::Md => markdown::write(report, out),
        ReadinessFormat::Csv => csv::write(report, out),
        ReadinessFormat::Json => json::write(report, out),
    }
}

/// "2026-11-20 00:00 UTC" from an RFC 3339 UTC time; anything else as it is.
pub(crate) fn human_time(ts: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(ts) {
        Ok(t) => t
            .with_timezone(&chrono::Utc)
            .format("%Y-%m-%d %H:%M UTC")
            .to_string(),
        Err(_) => ts.to_string(),
    }
}

/// The change in readiness points between two percentages, e.g. "+25.0 pts".
pub(crate) fn trend(before: Option<f64>, after: Option<f64>) -> Option<String> {
    let (b, a) = (before?, after?);
    let d = ((a - b) * 10.0).round() / 10.0;
    Some(if d > 0.0 {
        format!("+{d:.1} pts")
    } else if d < 0.0 {
        format!("−{:.1} pts", -d)
    } else {
        "no change".to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roll_up_rule_prefers_fail_then_error_then_unknown_then_pass() {
        use ControlStatus::*;
        for ((pass, fail, unknown, not_applicable, error), expected) in [
            ((5, 1, 1, 1, 1), Fail),
            ((5, 0, 1, 1, 1), Error),
            ((5, 0, 1, 1, 0), Unknown),
            ((5, 0, 0, 1, 0), Pass),
            ((0, 0, 0, 2, 0), NotApplicable),
            ((0, 0, 0, 0, 0), NoFindings),
        ] {
            let summary = Summary {
                pass,
                fail,
                unknown,
                not_applicable,
                error,
                waived: 0,
            };
            assert_eq!(
                ControlStatus::of_findings(&summary),
                expected,
                "{summary:?}"
            );
        }
    }

    #[test]
    fn waived_findings_are_an_accepted_risk_only_when_nothing_worse_is_left() {
        use ControlStatus::*;
        let with = |pass, fail, unknown, error, waived| Summary {
            pass,
            fail,
            unknown,
            not_applicable: 1,
            error,
            waived,
        };
        assert_eq!(
            ControlStatus::of_findings(&with(3, 0, 0, 0, 1)),
            AcceptedRisk
        );
        assert_eq!(
            ControlStatus::of_findings(&with(0, 0, 0, 0, 2)),
            AcceptedRisk
        );
        assert_eq!(ControlStatus::of_findings(&with(3, 1, 0, 0, 1)), Fail);
        assert_eq!(ControlStatus::of_findings(&with(3, 0, 1, 0, 1)), Unknown);
        assert_eq!(ControlStatus::of_findings(&with(3, 0, 0, 1, 1)), Error);
        assert_eq!(ControlStatus::of_findings(&with(3, 0, 0, 0, 0)), Pass);
        // Evaluated, never a pass: one pass and one accepted risk read 50%.
        let h = Headline::of(&[Pass, AcceptedRisk, Manual]);
        assert_eq!(
            (h.evaluated, h.pass, h.accepted_risk, h.percent),
            (2, 1, 1, Some(50.0))
        );
        assert!(AcceptedRisk.is_evaluated());
        assert_eq!(AcceptedRisk.label(), "pass with accepted risk");
    }

    #[test]
    fn headline_counts_unknown_and_error_as_evaluated_never_as_pass() {
        use ControlStatus::*;
        let h = Headline::of(&[
            Pass,
            Fail,
            Error,
            Unknown,
            NotApplicable,
            NoFindings,
            Manual,
        ]);
        assert_eq!(
            (h.controls, h.automated, h.evaluated, h.pass, h.manual),
            (7, 6, 4, 1, 1)
        );
        assert_eq!(h.percent, Some(25.0));
        assert_eq!(Headline::of(&[Manual, NotApplicable]).percent, None);
        assert_eq!(Headline::of(&[Pass, Pass, Fail]).percent, Some(66.7));
    }

    #[test]
    fn trend_is_signed_points() {
        assert_eq!(trend(Some(0.0), Some(25.0)).unwrap(), "+25.0 pts");
        assert_eq!(trend(Some(50.0), Some(33.3)).unwrap(), "−16.7 pts");
        assert_eq!(trend(Some(50.0), Some(50.0)).unwrap(), "no change");
        assert_eq!(trend(None, Some(50.0)), None);
        assert_eq!(human_time("2026-11-20T00:00:00Z"), "2026-11-20 00:00 UTC");
    }
}
