//! Which findings an output shows. Every selected rule is still evaluated over every account;
//! a filter only narrows what is written, and the summary and exit code stay the whole
//! evaluation's.

use std::collections::BTreeSet;

use super::{Finding, Results, Status};
use crate::model::Snapshot;

/// An empty set admits everything: no statuses = every status, no accounts = every account.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub statuses: BTreeSet<Status>,
    pub accounts: BTreeSet<String>,
}

impl Filter {
    /// Does it admit every finding?
    pub fn is_empty(&self) -> bool {
        self.statuses.is_empty() && self.accounts.is_empty()
    }

    pub fn keeps(&self, finding: &Finding) -> bool {
        (self.statuses.is_empty() || self.statuses.contains(&finding.status))
            && (self.accounts.is_empty() || self.accounts.contains(&*finding.account))
    }

    /// E.g. `status fail,unknown; accounts 111111111111,222222222222`.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.statuses.is_empty() {
            let statuses: Vec<&str> = self.statuses.iter().map(|s| s.as_str()).collect();
            parts.push(format!("status {}", statuses.join(",")));
        }
        if !self.accounts.is_empty() {
            let accounts: Vec<&str> = self.accounts.iter().map(String::as_str).collect();
            parts.push(format!("accounts {}", accounts.join(",")));
        }
        parts.join("; ")
    }

    /// Keeps only the findings it admits and records that the results are filtered; the
    /// summary is left as it was, the whole evaluation's. An empty filter changes nothing.
    pub fn apply(&self, results: &mut Results) {
        if self.is_empty() {
            return;
        }
        results.results.retain(|f| self.keeps(f));
        results.filter = Some(self.describe());
    }

    /// The ids of the snapshot's accounts below `ou` (an OU or root id) at any depth.
    pub fn accounts_below(snapshot: &Snapshot, ou: &str) -> Vec<String> {
        snapshot
            .accounts
            .iter()
            .filter(|a| a.parents.iter().any(|p| p == ou))
            .map(|a| a.account_id.clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::model::Account;
    use crate::results::Severity;

    fn finding(account: &str, status: Status) -> Finding {
        Finding {
            rule: "root_mfa".into(),
            title: "Root MFA".into(),
            severity: Severity::High,
            account: account.into(),
            resource: "root".into(),
            status,
            message: "".into(),
            controls: Arc::default(),
            error: None,
            waiver: None,
            expired_waiver: None,
        }
    }

    fn set<T: Ord + Clone>(items: &[T]) -> BTreeSet<T> {
        items.iter().cloned().collect()
    }

    #[test]
    fn keeps_what_every_part_admits() {
        let everything = Filter::default();
        assert!(everything.keeps(&finding("1", Status::Pass)));

        let failing = Filter {
            statuses: set(&[Status::Fail, Status::Unknown]),
            ..Filter::default()
        };
        assert!(failing.keeps(&finding("1", Status::Fail)));
        assert!(failing.keeps(&finding("2", Status::Unknown)));
        assert!(!failing.keeps(&finding("1", Status::Pass)));

        let both = Filter {
            statuses: set(&[Status::Fail]),
            accounts: set(&["2".to_string(), "".to_string()]),
        };
        assert!(both.keeps(&finding("2", Status::Fail)));
        // An organization finding whose management account is unknown is account "".
        assert!(both.keeps(&finding("", Status::Fail)));
        assert!(!both.keeps(&finding("1", Status::Fail)));
        assert!(!both.keeps(&finding("2", Status::Error)));
        assert_eq!(both.describe(), "status fail; accounts ,2");
    }

    #[test]
    fn describes_statuses_then_accounts() {
        let filter = Filter {
            statuses: set(&[Status::Unknown, Status::Fail]),
            accounts: set(&["222222222222".to_string(), "111111111111".to_string()]),
        };
        assert_eq!(
            filter.describe(),
            "status fail,unknown; accounts 111111111111,222222222222"
        );
    }

    #[test]
    fn an_account_is_below_every_ou_on_its_path() {
        let account = |id: &str, parents: &[&str]| Account {
            account_id: id.to_string(),
            parents: parents.iter().map(|p| p.to_string()).collect(),
            ..Account::default()
        };
        let snapshot = Snapshot {
            schema: String::new(),
            collected_at: String::new(),
            organization: None,
            accounts: vec![
                account("1", &["r-1"]),
                account("2", &["r-1", "ou-prod"]),
                account("3", &["r-1", "ou-prod", "ou-pay"]),
            ],
        };
        assert_eq!(Filter::accounts_below(&snapshot, "ou-prod"), ["2", "3"]);
        assert_eq!(Filter::accounts_below(&snapshot, "r-1"), ["1", "2", "3"]);
        assert!(Filter::accounts_below(&snapshot, "ou-none").is_empty());
    }
}
