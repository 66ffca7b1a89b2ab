//! `tenet.results/v1`: one result per rule × resource, with the summary and the exit-code rule.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::model::Stage;

pub mod evidence;
pub mod filter;
pub mod io;
pub mod waived;

use evidence::Evidence;
pub use waived::{AppliedWaiver, WaiverState, WaiverUse};

pub const RESULTS_SCHEMA: &str = "tenet.results/v1";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pass,
    Fail,
    Unknown,
    NotApplicable,
    /// The account or rule could not be evaluated (collection failure, policy runtime error).
    Error,
    /// A `fail` or `unknown` finding an accepted risk covers ([`Finding::waiver`]); it never
    /// fails a run and never reads as a pass.
    Waived,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Unknown => "unknown",
            Status::NotApplicable => "not_applicable",
            Status::Error => "error",
            Status::Waived => "waived",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Some(match s {
            "pass" => Status::Pass,
            "fail" => Status::Fail,
            "unknown" => Status::Unknown,
            "not_applicable" => Status::NotApplicable,
            "error" => Status::Error,
            "waived" => Status::Waived,
            _ => return None,
        })
    }
}

/// Ordered from least to most severe, so `>=` reads as "at least as severe as".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

/// Framework id → control ids.
pub type Controls = BTreeMap<String, Vec<String>>;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Rule id, title and account are shared with every other finding of the same rule or
    /// account: a large organization has millions of findings and few distinct values here.
    pub rule: Arc<str>,
    pub title: Arc<str>,
    pub severity: Severity,
    pub account: Arc<str>,
    /// Resource and message are shared too where they repeat within an account (one user's
    /// ARN across the user rules, "user has no console password" across users).
    pub resource: Arc<str>,
    pub status: Status,
    pub message: Arc<str>,
    /// Shared with the rule (and every other finding of it): one map per rule, not per finding.
    pub controls: Arc<Controls>,
    /// Why an `error` finding is one; `None` for every other status. Not written: the message
    /// says it ([`ErrorKind::message`]), and reading results back recognises it once
    /// ([`ErrorKind::recognise`]).
    #[serde(skip)]
    pub error: Option<ErrorKind>,
    /// The accepted risk a `waived` finding is covered by; `None` for every other status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiver: Option<Arc<AppliedWaiver>>,
    /// The id of a waiver that matched this `fail` or `unknown` finding but had expired by the
    /// as-of time, so it no longer covers it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expired_waiver: Option<Arc<str>>,
}

/// Why a finding is `error`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The rule failed to evaluate, or its findings were malformed: `detail` says how. Never
    /// forgiven by `--allow-partial`.
    Policy { detail: Arc<str> },
    /// The account could not be evaluated because `stage` could not be collected.
    NotCollected { stage: Stage, detail: Arc<str> },
    /// The account could not be evaluated for another reason (`detail`).
    NotEvaluated { detail: Arc<str> },
}

const POLICY_ERROR: &str = "policy error: ";
const NOT_EVALUATED: &str = "not evaluated: ";
const COULD_NOT_BE_COLLECTED: &str = " could not be collected: ";

impl ErrorKind {
    pub fn policy(detail: impl Into<Arc<str>>) -> ErrorKind {
        ErrorKind::Policy {
            detail: detail.into(),
        }
    }

    /// The finding's message: "policy error: DETAIL", "not evaluated: STAGE could not be
    /// collected: DETAIL" or "not evaluated: DETAIL".
    pub fn message(&self) -> String {
        match self {
            ErrorKind::Policy { detail } => format!("{POLICY_ERROR}{detail}"),
            ErrorKind::NotCollected { stage, detail } => {
                format!("{NOT_EVALUATED}{stage}{COULD_NOT_BE_COLLECTED}{detail}")
            }
            ErrorKind::NotEvaluated { detail } => format!("{NOT_EVALUATED}{detail}"),
        }
    }

    /// The kind a message written by [`ErrorKind::message`] says, for `error` findings read
    /// back from a results file (the file does not carry the kind); `None` for any other text.
    pub fn recognise(message: &str) -> Option<ErrorKind> {
        if let Some(detail) = message.strip_prefix(POLICY_ERROR) {
            return Some(ErrorKind::policy(detail));
        }
        if message == POLICY_ERROR.trim_end() {
            return Some(ErrorKind::policy(""));
        }
        let rest = message.strip_prefix(NOT_EVALUATED)?;
        Some(match rest.split_once(COULD_NOT_BE_COLLECTED) {
            Some((stage, detail)) => ErrorKind::NotCollected {
                stage: Stage::from(stage),
                detail: detail.into(),
            },
            None => ErrorKind::NotEvaluated {
                detail: rest.into(),
            },
        })
    }
}

/// Hands out one shared copy of each distinct string it is given. One per account: the same
/// user ARN across the user rules, the same message across users.
#[derive(Debug, Default)]
pub struct Interner(std::collections::HashSet<Arc<str>>);

impl Interner {
    pub fn get(&mut self, text: &str) -> Arc<str> {
        if let Some(shared) = self.0.get(text) {
            return shared.clone();
        }
        let shared: Arc<str> = Arc::from(text);
        self.0.insert(shared.clone());
        shared
    }
}

/// What the exit code and the stderr summary need to know of a result set, kept as findings
/// arrive (the spilled path never holds them all) or counted from a whole set ([`Tally::of`]).
#[derive(Debug, Default)]
pub struct Tally {
    pub summary: Summary,
    /// The most severe failing finding's severity.
    pub worst_fail: Option<Severity>,
    /// (rule, message) of each distinct policy error ([`is_policy_error`]), sorted.
    pub policy_errors: BTreeSet<(Arc<str>, Arc<str>)>,
}

impl Tally {
    pub fn of(findings: &[Finding]) -> Tally {
        let mut tally = Tally::default();
        for f in findings {
            tally.add(f);
        }
        tally
    }

    pub fn add(&mut self, f: &Finding) {
        self.summary.count(f.status);
        if f.status == Status::Fail {
            self.worst_fail = self.worst_fail.max(Some(f.severity));
        }
        if is_policy_error(f) {
            self.policy_errors
                .insert((f.rule.clone(), f.message.clone()));
        }
    }

    /// The exit-code rule: 2 when anything could not be evaluated, 1 when something failed at
    /// or above `fail_on`, else 0. `allow_partial` forgives `error` findings of accounts that
    /// could not be collected, never a policy error: a broken rule always fails the run.
    pub fn exit_code(&self, fail_on: Severity, allow_partial: bool) -> u8 {
        if self.summary.error > 0 && (!self.policy_errors.is_empty() || !allow_partial) {
            2
        } else if self.worst_fail.is_some_and(|s| s >= fail_on) {
            1
        } else {
            0
        }
    }
}

/// An `error` finding that a rule caused (it failed to evaluate, or its findings were
/// malformed), as opposed to one for an account that could not be collected.
pub fn is_policy_error(f: &Finding) -> bool {
    f.status == Status::Error && matches!(f.error, Some(ErrorKind::Policy { .. }))
}

/// The order of results: account, rule, resource (then status and message), so two runs diff
/// cleanly. Unstable sorting is enough: findings equal in this key are equal in every field.
pub fn order(a: &Finding, b: &Finding) -> std::cmp::Ordering {
    (&a.account, &a.rule, &a.resource, a.status, &a.message).cmp(&(
        &b.account,
        &b.rule,
        &b.resource,
        b.status,
        &b.message,
    ))
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub pass: usize,
    pub fail: usize,
    pub unknown: usize,
    pub not_applicable: usize,
    pub error: usize,
    /// Written only when non-zero, so results without waivers read as they always did.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub waived: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Results {
    pub schema: String,
    pub tool: Tool,
    pub as_of: String,
    /// Counts every finding evaluated, also those a filter leaves out of `results`.
    pub summary: Summary,
    /// What a filter (`tenet check --status/--account/--ou`) kept, e.g. `status fail`; absent
    /// when `results` holds every finding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<String>,
    pub results: Vec<Finding>,
    /// Each waiver of the waivers file and what it did; absent when no waivers file was given.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub waivers: Vec<WaiverUse>,
    /// What was evaluated, for a readiness report's evidence block; absent in results written
    /// before it existed, or built by hand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
}

/// For `skip_serializing_if`: counts written only when some finding has them.
pub(crate) fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Summary {
    /// How many findings were counted.
    pub fn total(&self) -> usize {
        self.pass + self.fail + self.unknown + self.not_applicable + self.error + self.waived
    }

    /// The counts of some findings.
    pub fn of<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Summary {
        let mut summary = Summary::default();
        for f in findings {
            summary.count(f.status);
        }
        summary
    }

    pub fn count(&mut self, status: Status) {
        *match status {
            Status::Pass => &mut self.pass,
            Status::Fail => &mut self.fail,
            Status::Unknown => &mut self.unknown,
            Status::NotApplicable => &mut self.not_applicable,
            Status::Error => &mut self.error,
            Status::Waived => &mut self.waived,
        } += 1;
    }
}

impl Results {
    /// Sorts findings ([`order`]) so two runs diff cleanly, and counts them.
    pub fn new(as_of: String, mut results: Vec<Finding>) -> Results {
        // Unstable: findings equal in this key are equal in every field, and the stable sort
        // would allocate half the results again as scratch space.
        results.sort_unstable_by(order);
        let summary = Summary::of(&results);
        Results {
            schema: RESULTS_SCHEMA.to_string(),
            tool: Tool {
                name: "tenet".to_string(),
                version: env!("CARGO_PKG_VERSION").to_string(),
            },
            as_of,
            summary,
            filter: None,
            results,
            waivers: Vec::new(),
            evidence: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_kind_is_recognised_from_the_message_it_writes() {
        let kinds = [
            ErrorKind::policy("evaluation stopped: boom"),
            ErrorKind::NotCollected {
                stage: Stage::CredentialReport,
                detail: "AccessDenied: not authorized".into(),
            },
            ErrorKind::NotCollected {
                stage: Stage::Other("later_stage".into()),
                detail: "x".into(),
            },
            ErrorKind::NotEvaluated {
                detail: "the account does not convert to input: y".into(),
            },
        ];
        for kind in kinds {
            assert_eq!(ErrorKind::recognise(&kind.message()), Some(kind));
        }
        assert_eq!(ErrorKind::recognise("root MFA is not enabled"), None);
        assert_eq!(
            ErrorKind::NotCollected {
                stage: Stage::Account,
                detail: "sts:AssumeRole: denied".into()
            }
            .message(),
            "not evaluated: account could not be collected: sts:AssumeRole: denied"
        );
    }
}
