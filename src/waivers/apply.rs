//! Applying waivers to results: after evaluation, before any output. A waiver in force covers
//! the `fail` and `unknown` findings it matches (never `error`: a broken rule is no risk anyone
//! accepted); expiry is measured against the results' as-of date, never the clock.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::NaiveDate;

use super::{Waiver, Waivers};
use crate::glob::glob_matches;
use crate::results::{AppliedWaiver, Finding, Results, Status, Summary, WaiverState, WaiverUse};

/// What applying a waivers file did, for the messages on stderr.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    pub waived: usize,
    /// Findings an expired waiver matched: they stay `fail` or `unknown`.
    pub no_longer_waived: usize,
}

impl Waiver {
    /// Does it cover findings of this rule, account (with the OU and root ids above it) and
    /// resource? `accounts: ["*"]` also covers organization findings of no known account.
    pub fn matches(&self, finding: &Finding, parents: &[String]) -> bool {
        glob_matches(&self.rule, &finding.rule)
            && self
                .accounts
                .iter()
                .any(|a| a == "*" || **a == *finding.account || parents.iter().any(|p| p == a))
            && (self.resources.is_empty()
                || self
                    .resources
                    .iter()
                    .any(|r| glob_matches(r, &finding.resource)))
    }
}

/// The UTC date of an RFC 3339 time such as `2026-11-20T00:00:00Z`.
pub fn as_of_date(as_of: &str) -> Option<NaiveDate> {
    chrono::DateTime::parse_from_rfc3339(as_of)
        .ok()
        .map(|t| t.naive_utc().date())
}

/// Applies `waivers` to `results` (first undoing any waivers they already carry, so results
/// read back are judged by this file), recounts the summary and records each waiver's use.
/// `parents` maps an account id to the OU and root ids above it.
pub fn apply(
    waivers: &Waivers,
    results: &mut Results,
    parents: &HashMap<String, Vec<String>>,
    warning_days: i64,
) -> Outcome {
    let as_of = as_of_date(&results.as_of).unwrap_or(NaiveDate::MIN);
    let in_force: Vec<bool> = waivers.waivers.iter().map(|w| as_of <= w.expires).collect();
    let mut uses = vec![0usize; waivers.waivers.len()];
    // One shared record per (waiver, former status), as the findings share rule and account.
    let mut applied: HashMap<(usize, Status), Arc<AppliedWaiver>> = HashMap::new();
    let mut expired_ids: HashMap<usize, Arc<str>> = HashMap::new();
    let no_parents = Vec::new();
    let mut outcome = Outcome::default();
    for f in results.results.iter_mut() {
        if let Some(waiver) = f.waiver.take() {
            f.status = waiver.status;
        }
        f.expired_waiver = None;
        if !matches!(f.status, Status::Fail | Status::Unknown) {
            continue;
        }
        let above = parents.get(&*f.account).unwrap_or(&no_parents);
        let matching = waivers
            .waivers
            .iter()
            .enumerate()
            .filter(|(_, w)| w.matches(f, above));
        let mut expired = None;
        let mut covered = None;
        for (i, _) in matching {
            if in_force[i] {
                covered = Some(i);
                break;
            }
            expired.get_or_insert(i);
        }
        if let Some(i) = covered {
            uses[i] += 1;
            outcome.waived += 1;
            let record = applied
                .entry((i, f.status))
                .or_insert_with(|| Arc::new(applied_waiver(&waivers.waivers[i], f.status)));
            f.waiver = Some(record.clone());
            f.status = Status::Waived;
        } else if let Some(i) = expired {
            uses[i] += 1;
            outcome.no_longer_waived += 1;
            let id = expired_ids
                .entry(i)
                .or_insert_with(|| waivers.waivers[i].id.as_str().into());
            f.expired_waiver = Some(id.clone());
        }
    }
    results.summary = Summary::of(&results.results);
    // A waiver of rules this run did not evaluate (`--rule`, `--framework`) is not stale.
    let evaluated: HashSet<&str> = results.results.iter().map(|f| &*f.rule).collect();
    let in_run = |w: &Waiver| evaluated.iter().any(|rule| glob_matches(&w.rule, rule));
    let waiver_uses = waivers
        .waivers
        .iter()
        .zip(uses)
        .map(|(w, findings)| {
            let days_left = (w.expires - as_of).num_days();
            let state = if days_left < 0 {
                WaiverState::Expired
            } else if findings == 0 && in_run(w) {
                WaiverState::Stale
            } else if days_left <= warning_days {
                WaiverState::Expiring
            } else {
                WaiverState::Active
            };
            WaiverUse {
                id: w.id.clone(),
                rule: w.rule.clone(),
                accounts: w.accounts.clone(),
                resources: w.resources.clone(),
                reason: w.reason.clone(),
                owner: w.owner.clone(),
                ticket: w.ticket.clone(),
                expires: w.expires.to_string(),
                state,
                days_left,
                findings,
            }
        })
        .collect();
    results.waivers = waiver_uses;
    if let Some(evidence) = results.evidence.as_mut() {
        evidence.waivers_digest = Some(waivers.digest.clone());
    }
    outcome
}

fn applied_waiver(w: &Waiver, status: Status) -> AppliedWaiver {
    AppliedWaiver {
        id: w.id.clone(),
        reason: w.reason.clone(),
        owner: w.owner.clone(),
        ticket: w.ticket.clone(),
        expires: w.expires.to_string(),
        status,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::Severity;

    fn finding(rule: &str, account: &str, resource: &str, status: Status) -> Finding {
        Finding {
            rule: rule.into(),
            title: "t".into(),
            severity: Severity::High,
            account: account.into(),
            resource: resource.into(),
            status,
            message: "m".into(),
            controls: Arc::default(),
            error: None,
            waiver: None,
            expired_waiver: None,
        }
    }

    fn waivers(entries: &str) -> Waivers {
        Waivers::parse("w.yaml", &format!("waivers:\n{entries}")).unwrap()
    }

    fn entry(id: &str, rule: &str, accounts: &str, resources: &str, expires: &str) -> String {
        format!(
            "  - id: {id}\n    rule: '{rule}'\n    accounts: {accounts}\n    resources: {resources}\n    reason: r\n    owner: o\n    expires: {expires}\n"
        )
    }

    fn org() -> HashMap<String, Vec<String>> {
        HashMap::from([
            ("111".to_string(), vec!["r-1".to_string()]),
            (
                "222".to_string(),
                vec!["r-1".to_string(), "ou-prod".to_string()],
            ),
        ])
    }

    fn run(waivers: &Waivers, findings: Vec<Finding>, as_of: &str) -> Results {
        let mut results = Results::new(as_of.to_string(), findings);
        apply(waivers, &mut results, &org(), 30);
        results
    }

    fn statuses(results: &Results) -> Vec<(&str, Status)> {
        results
            .results
            .iter()
            .map(|f| (&*f.resource, f.status))
            .collect()
    }

    const AS_OF: &str = "2026-11-20T00:00:00Z";

    #[test]
    fn matches_by_rule_glob_account_ou_and_resource_glob() {
        let w = waivers(&format!(
            "{}{}",
            entry(
                "users",
                "user_*",
                "[ou-prod]",
                "['arn:aws:iam::*:user/svc-*']",
                "2027-01-01"
            ),
            entry("root", "root_mfa", "['111']", "[]", "2027-01-01"),
        ));
        let results = run(
            &w,
            vec![
                finding(
                    "user_key_rotation",
                    "222",
                    "arn:aws:iam::222:user/svc-etl",
                    Status::Fail,
                ),
                finding(
                    "user_key_rotation",
                    "222",
                    "arn:aws:iam::222:user/alice",
                    Status::Fail,
                ),
                finding(
                    "user_key_rotation",
                    "111",
                    "arn:aws:iam::111:user/svc-etl",
                    Status::Fail,
                ),
                finding("root_mfa", "111", "arn:aws:iam::111:root", Status::Unknown),
                finding("root_mfa", "222", "arn:aws:iam::222:root", Status::Fail),
            ],
            AS_OF,
        );
        assert_eq!(
            statuses(&results),
            [
                ("arn:aws:iam::111:root", Status::Waived),
                ("arn:aws:iam::111:user/svc-etl", Status::Fail),
                ("arn:aws:iam::222:root", Status::Fail),
                ("arn:aws:iam::222:user/alice", Status::Fail),
                ("arn:aws:iam::222:user/svc-etl", Status::Waived),
            ]
        );
        // An unknown finding is waived and remembers it was unknown.
        let root = results.results[0].waiver.as_ref().unwrap();
        assert_eq!((root.id.as_str(), root.status), ("root", Status::Unknown));
        assert_eq!(results.summary.waived, 2);
        assert_eq!(results.summary.fail, 3);
        let uses: Vec<(&str, usize, WaiverState)> = results
            .waivers
            .iter()
            .map(|u| (u.id.as_str(), u.findings, u.state))
            .collect();
        assert_eq!(
            uses,
            [
                ("users", 1, WaiverState::Active),
                ("root", 1, WaiverState::Active)
            ]
        );
    }

    #[test]
    fn a_waiver_applies_on_its_expiry_date_and_not_the_day_after() {
        let w = waivers(&entry("k", "*", "['*']", "[]", "2026-11-20"));
        let on_the_day = run(&w, vec![finding("r", "111", "a", Status::Fail)], AS_OF);
        assert_eq!(on_the_day.results[0].status, Status::Waived);
        assert_eq!(on_the_day.waivers[0].days_left, 0);
        assert_eq!(on_the_day.waivers[0].state, WaiverState::Expiring);

        let day_after = run(
            &w,
            vec![finding("r", "111", "a", Status::Fail)],
            "2026-11-21T00:00:00Z",
        );
        let f = &day_after.results[0];
        assert_eq!(f.status, Status::Fail);
        assert_eq!(f.expired_waiver.as_deref(), Some("k"));
        assert_eq!(day_after.waivers[0].state, WaiverState::Expired);
        assert_eq!(day_after.waivers[0].days_left, -1);
        assert_eq!(day_after.waivers[0].findings, 1);
    }

    #[test]
    fn errors_passes_and_other_statuses_are_never_waived() {
        let w = waivers(&entry("all", "*", "['*']", "[]", "2027-06-01"));
        let results = run(
            &w,
            vec![
                finding("r", "111", "a", Status::Error),
                finding("r", "111", "b", Status::Pass),
                finding("r", "111", "c", Status::NotApplicable),
            ],
            AS_OF,
        );
        assert_eq!(
            statuses(&results),
            [
                ("a", Status::Error),
                ("b", Status::Pass),
                ("c", Status::NotApplicable)
            ]
        );
        // Matched nothing it could cover: stale.
        assert_eq!(results.waivers[0].state, WaiverState::Stale);
    }

    #[test]
    fn the_first_waiver_in_force_wins_and_expiring_ones_are_flagged() {
        let w = waivers(&format!(
            "{}{}{}",
            entry("old", "root_mfa", "['*']", "[]", "2026-01-01"),
            entry("soon", "root_*", "['*']", "[]", "2026-12-20"),
            entry("later", "*", "['*']", "[]", "2027-12-31"),
        ));
        let results = run(
            &w,
            vec![finding("root_mfa", "111", "a", Status::Fail)],
            AS_OF,
        );
        assert_eq!(results.results[0].waiver.as_ref().unwrap().id, "soon");
        let states: Vec<WaiverState> = results.waivers.iter().map(|u| u.state).collect();
        // "old" matched but had expired; "soon" expires in 30 days; "later" covered nothing.
        assert_eq!(
            states,
            [
                WaiverState::Expired,
                WaiverState::Expiring,
                WaiverState::Stale
            ]
        );
    }

    #[test]
    fn a_waiver_of_rules_not_evaluated_is_not_stale() {
        let w = waivers(&entry("other", "user_*", "['*']", "[]", "2027-06-01"));
        let results = run(
            &w,
            vec![finding("root_mfa", "111", "a", Status::Pass)],
            AS_OF,
        );
        assert_eq!(results.waivers[0].state, WaiverState::Active);
        assert_eq!(results.waivers[0].findings, 0);
    }

    #[test]
    fn results_read_back_are_judged_by_the_file_given() {
        let w = waivers(&entry("k", "*", "['*']", "[]", "2027-01-01"));
        let mut results = run(&w, vec![finding("r", "111", "a", Status::Unknown)], AS_OF);
        let none = waivers(&entry("other", "nothing", "['*']", "[]", "2027-01-01"));
        apply(&none, &mut results, &org(), 30);
        assert_eq!(results.results[0].status, Status::Unknown);
        assert!(results.results[0].waiver.is_none());
        assert_eq!(results.summary.unknown, 1);
    }
}
