//! The cross-account inventory: one row per account of a snapshot with the credential facts a
//! security team looks at first (root MFA and keys, when root was last used, users signing in
//! without MFA, stale access keys), worst accounts first. It reads the snapshot directly, not
//! the findings, so it shows counts where the rules show verdicts.
//!
//! Every value is `None` (shown as "unknown") when the input cannot tell: no credential
//! report for the account, or no `<root_account>` row for the root columns.
//!
//! Worst first means sorted by, in turn (each descending in badness, unknown just after the
//! worst known value, since unknown is never good):
//! 1. active root access keys (more first; unknown; none);
//! 2. root MFA (off; unknown; on);
//! 3. IAM users with a console password and no MFA (more first; unknown; none);
//! 4. root hardware MFA (no; unknown; yes);
//! 5. stale user access keys (more first; unknown; none);
//! 6. root last used (most recent first; unknown; never);
//! 7. account id.
//!
//! Accounts that were not checked because they are not active (suspended, closed: the
//! snapshot gives their AWS `status`) come after all the others, by id, with their status and
//! nothing else: no credential data was collected for them.
//!
//! That follows the severity of the rules behind each column: critical (root keys, root MFA),
//! then high (console MFA, hardware MFA), then medium (key rotation).

pub mod format;

use std::cmp::Reverse;
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{Account, CredentialRow, Snapshot};
use crate::results::{Results, Status};

pub const INVENTORY_SCHEMA: &str = "tenet.inventory/v1";

/// The ordering, in one line, for the formats to print.
pub const ORDERING: &str = "worst first: active root keys, root MFA off, users with a console \
password and no MFA, no hardware root MFA, stale keys, most recent root use; unknown ranks \
just after the worst known value";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inventory {
    pub schema: String,
    /// The time ages are measured from.
    pub as_of: String,
    /// An active user access key not rotated for more than this many days is stale.
    pub rotation_days: i64,
    pub accounts: Vec<AccountRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountRow {
    pub account_id: String,
    pub name: Option<String>,
    /// The AWS status of an account that was not checked ("SUSPENDED", ...): every value below
    /// is then empty. Absent for an account that was checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Collection errors, as "stage: message".
    pub errors: Vec<String>,
    /// Whether a credential report was read (else every count below is unknown).
    pub credential_report: bool,
    /// Whether that report has a `<root_account>` row (else the root columns are unknown).
    pub root_row: bool,
    pub root_mfa: Option<bool>,
    /// MFA active and not a virtual device (as the root_hardware_mfa rule decides it).
    pub root_hardware_mfa: Option<bool>,
    pub root_active_keys: Option<usize>,
    /// Latest root password or access key use; `None` with `root_row` true means never used.
    pub root_last_used: Option<String>,
    /// Whole days from `root_last_used` to `as_of`.
    pub root_last_used_days: Option<i64>,
    pub iam_users: Option<usize>,
    /// Users with a console password and MFA not active.
    pub console_without_mfa: Option<usize>,
    /// Active user access keys last rotated more than `rotation_days` days before `as_of`.
    pub stale_keys: Option<usize>,
    /// The account's findings an accepted risk covers; absent unless waivers were applied to
    /// the results the inventory is shown with (a readiness report).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waived: Option<usize>,
}

impl AccountRow {
    /// "yes" / "no" / "unknown", for the tables.
    pub fn yes_no(value: Option<bool>) -> &'static str {
        match value {
            Some(true) => "yes",
            Some(false) => "no",
            None => "unknown",
        }
    }

    /// A count, or "unknown".
    pub fn count(value: Option<usize>) -> String {
        value.map_or_else(|| "unknown".to_string(), |n| n.to_string())
    }

    /// "not checked (suspended)" for an account that was not checked; `None` otherwise.
    pub fn not_checked_text(&self) -> Option<String> {
        self.status
            .as_deref()
            .map(|s| format!("not checked ({})", crate::model::snapshot::status_words(s)))
    }

    /// "2026-11-16 (3 days ago)", "never" or "unknown".
    pub fn last_used_text(&self) -> String {
        match (&self.root_last_used, self.root_last_used_days) {
            (Some(at), Some(days)) => {
                let date = at.get(..10).unwrap_or(at);
                let ago = match days {
                    d if d < 0 => "after as-of".to_string(),
                    1 => "1 day ago".to_string(),
                    d => format!("{d} days ago"),
                };
                format!("{date} ({ago})")
            }
            (Some(at), None) => at.clone(),
            (None, _) if self.root_row => "never".to_string(),
            (None, _) => "unknown".to_string(),
        }
    }
}

fn parse_time(ts: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(ts)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Whole days from `ts` to `as_of`, truncated toward zero as the rules' `days_since` does.
fn days_between(ts: &str, as_of: &DateTime<Utc>) -> Option<i64> {
    parse_time(ts).map(|t| (*as_of - t).num_days())
}

/// Builds the inventory, rows worst first. `as_of` must be RFC 3339.
pub fn build(snapshot: &Snapshot, as_of: &str, rotation_days: i64) -> anyhow::Result<Inventory> {
    let now =
        parse_time(as_of).ok_or_else(|| anyhow::anyhow!("as-of {as_of:?} is not RFC 3339"))?;
    let mut accounts: Vec<AccountRow> = snapshot
        .accounts
        .iter()
        .map(|a| row(a, &now, rotation_days))
        .collect();
    accounts.sort_by(|a, b| worst_first_key(a).cmp(&worst_first_key(b)));
    Ok(Inventory {
        schema: INVENTORY_SCHEMA.to_string(),
        as_of: as_of.to_string(),
        rotation_days,
        accounts,
    })
}

fn row(account: &Account, now: &DateTime<Utc>, rotation_days: i64) -> AccountRow {
    if let Some(status) = account.inactive_status() {
        return AccountRow {
            account_id: account.account_id.clone(),
            name: account.name.clone(),
            status: Some(status.to_string()),
            errors: Vec::new(),
            credential_report: false,
            root_row: false,
            root_mfa: None,
            root_hardware_mfa: None,
            root_active_keys: None,
            root_last_used: None,
            root_last_used_days: None,
            iam_users: None,
            console_without_mfa: None,
            stale_keys: None,
            waived: None,
        };
    }
    // An account whose report could not be collected is unknown, whatever else it holds.
    let report = account
        .credential_report
        .as_ref()
        .filter(|_| account.fatal_error().is_none());
    let root = report.and_then(|r| r.root.as_ref());
    let keys = |r: &CredentialRow| [r.access_key_1_active, r.access_key_2_active];
    let root_last_used = root.and_then(|r| {
        [
            &r.password_last_used,
            &r.access_key_1_last_used_date,
            &r.access_key_2_last_used_date,
        ]
        .into_iter()
        .flatten()
        .filter_map(|ts| parse_time(ts).map(|t| (t, ts)))
        .max_by_key(|(t, _)| *t)
        .map(|(_, ts)| ts.clone())
    });
    AccountRow {
        account_id: account.account_id.clone(),
        name: account.name.clone(),
        status: None,
        errors: account
            .errors
            .iter()
            .map(|e| format!("{}: {}", e.stage, e.message))
            .collect(),
        credential_report: report.is_some(),
        root_row: root.is_some(),
        root_mfa: root.and_then(|r| r.mfa_active),
        root_hardware_mfa: root.and_then(|r| match r.mfa_active {
            Some(true) => account.root_virtual_mfa.map(|virtual_mfa| !virtual_mfa),
            Some(false) => Some(false),
            None => None,
        }),
        root_active_keys: root.map(|r| keys(r).iter().filter(|k| **k == Some(true)).count()),
        root_last_used_days: root_last_used
            .as_deref()
            .and_then(|ts| days_between(ts, now)),
        root_last_used,
        iam_users: report.map(|r| r.users.len()),
        console_without_mfa: report.map(|r| {
            r.users
                .iter()
                .filter(|u| u.password_enabled == Some(true) && u.mfa_active != Some(true))
                .count()
        }),
        stale_keys: report.map(|r| {
            r.users
                .iter()
                .flat_map(|u| {
                    [
                        (u.access_key_1_active, &u.access_key_1_last_rotated),
                        (u.access_key_2_active, &u.access_key_2_last_rotated),
                    ]
                })
                .filter(|(active, rotated)| {
                    *active == Some(true)
                        && rotated
                            .as_deref()
                            .and_then(|ts| days_between(ts, now))
                            .is_some_and(|days| days > rotation_days)
                })
                .count()
        }),
        waived: None,
    }
}

impl Inventory {
    /// Counts each account's waived findings of `results`, when waivers were applied to them.
    pub fn count_waived(&mut self, results: &Results) {
        if results.waivers.is_empty() {
            return;
        }
        let mut waived: HashMap<&str, usize> = HashMap::new();
        for f in results
            .results
            .iter()
            .filter(|f| f.status == Status::Waived)
        {
            *waived.entry(&f.account).or_default() += 1;
        }
        for row in &mut self.accounts {
            row.waived = Some(waived.get(row.account_id.as_str()).copied().unwrap_or(0));
        }
    }

    /// Whether the rows carry waived counts (a column of their own).
    pub fn has_waived(&self) -> bool {
        self.accounts.iter().any(|r| r.waived.is_some())
    }
}

/// A count where more is worse: more first, then unknown, then zero.
fn count_rank(value: Option<usize>) -> (u8, Reverse<usize>) {
    match value {
        Some(n) if n > 0 => (0, Reverse(n)),
        None => (1, Reverse(0)),
        Some(_) => (2, Reverse(0)),
    }
}

/// A yes/no where no is worse: no, then unknown, then yes.
fn good_rank(value: Option<bool>) -> u8 {
    match value {
        Some(false) => 0,
        None => 1,
        Some(true) => 2,
    }
}

type SortKey<'a> = (
    bool,
    (u8, Reverse<usize>),
    u8,
    (u8, Reverse<usize>),
    u8,
    (u8, Reverse<usize>),
    (u8, i64),
    &'a str,
);

/// See the module doc: the order, worst first, accounts that were not checked last.
fn worst_first_key(row: &AccountRow) -> SortKey<'_> {
    let last_used = match (row.root_last_used_days, row.root_row) {
        (Some(days), _) => (0, days),
        (None, false) => (1, 0),
        (None, true) => (2, 0),
    };
    (
        row.status.is_some(),
        count_rank(row.root_active_keys),
        good_rank(row.root_mfa),
        count_rank(row.console_without_mfa),
        good_rank(row.root_hardware_mfa),
        count_rank(row.stale_keys),
        last_used,
        &row.account_id,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_ranks_after_the_worst_known_value_and_before_the_best() {
        assert!(count_rank(Some(2)) < count_rank(Some(1)));
        assert!(count_rank(Some(1)) < count_rank(None));
        assert!(count_rank(None) < count_rank(Some(0)));
        assert!(good_rank(Some(false)) < good_rank(None));
        assert!(good_rank(None) < good_rank(Some(true)));
    }

    #[test]
    fn root_used_more_recently_sorts_first() {
        let row = |id: &str, days: Option<i64>, root_row: bool| AccountRow {
            account_id: id.into(),
            name: None,
            status: None,
            errors: vec![],
            credential_report: true,
            root_row,
            root_mfa: Some(true),
            root_hardware_mfa: Some(true),
            root_active_keys: Some(0),
            root_last_used: days.map(|_| "2026-01-01T00:00:00Z".into()),
            root_last_used_days: days,
            iam_users: Some(0),
            console_without_mfa: Some(0),
            stale_keys: Some(0),
            waived: None,
        };
        let mut rows = [
            row("never", None, true),
            row("old", Some(400), true),
            row("unknown", None, false),
            row("recent", Some(3), true),
        ];
        rows.sort_by(|a, b| worst_first_key(a).cmp(&worst_first_key(b)));
        let ids: Vec<&str> = rows.iter().map(|r| r.account_id.as_str()).collect();
        assert_eq!(ids, ["recent", "old", "unknown", "never"]);
        assert_eq!(rows[0].last_used_text(), "2026-01-01 (3 days ago)");
        assert_eq!(rows[3].last_used_text(), "never");
        assert_eq!(rows[2].last_used_text(), "unknown");
    }
}
