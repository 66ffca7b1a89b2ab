//! `tenet.snapshot/v1`: everything collected about an organization, one document.

use serde::{Deserialize, Serialize};

use super::credential_report::CredentialReport;
use super::organization::Organization;

pub const SNAPSHOT_SCHEMA: &str = "tenet.snapshot/v1";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub schema: String,
    pub collected_at: String,
    pub organization: Option<Organization>,
    pub accounts: Vec<Account>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Account {
    pub account_id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub is_management: bool,
    /// AWS Organizations' status of an account that is not active (the account's `State`, else
    /// its `Status`: "SUSPENDED", "PENDING_CLOSURE", "CLOSED", ...). Such an account is kept in
    /// the snapshot with its place in the organization but nothing else, and is not evaluated.
    /// `None` (absent) = active, so snapshots of active accounts read and write as before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Path from the organization root to the account's parent OU.
    #[serde(default)]
    pub parents: Vec<String>,
    /// Ids of every SCP attached on that path or to the account itself.
    #[serde(default)]
    pub effective_scps: Vec<String>,
    pub credential_report: Option<CredentialReport>,
    #[serde(default)]
    pub password_policy: Option<PasswordPolicy>,
    #[serde(default)]
    pub password_policy_state: PasswordPolicyState,
    /// Whether root's MFA device is virtual (from list-virtual-mfa-devices); `None` = unknown.
    #[serde(default)]
    pub root_virtual_mfa: Option<bool>,
    /// Whether root still has a console password, where the collector could tell; `None` = unknown.
    #[serde(default)]
    pub root_password_present: Option<bool>,
    /// `GetAccountSummary`'s map, keys in snake_case; `None` = not collected.
    #[serde(default)]
    pub account_summary: Option<std::collections::BTreeMap<String, i64>>,
    #[serde(default)]
    pub errors: Vec<CollectionError>,
}

/// `GetAccountPasswordPolicy`'s fields in snake_case; absent fields stay `None`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PasswordPolicy {
    pub minimum_password_length: Option<i64>,
    pub require_symbols: Option<bool>,
    pub require_numbers: Option<bool>,
    pub require_uppercase_characters: Option<bool>,
    pub require_lowercase_characters: Option<bool>,
    pub allow_users_to_change_password: Option<bool>,
    pub expire_passwords: Option<bool>,
    pub max_password_age: Option<i64>,
    pub password_reuse_prevention: Option<i64>,
    pub hard_expiry: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PasswordPolicyState {
    Set,
    /// The account has no password policy (AWS answered NoSuchEntity).
    None,
    #[default]
    Unknown,
}

/// Something that could not be collected for an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CollectionError {
    pub stage: String,
    pub message: String,
}

/// Stages whose failure leaves nothing to evaluate: the account's findings become `error`.
/// Failures of other stages leave their field `null`, and rules say `unknown`.
pub const FATAL_STAGES: &[&str] = &["account", "credential_report"];

impl Account {
    /// The first error that keeps this account from being evaluated at all.
    pub fn fatal_error(&self) -> Option<&CollectionError> {
        self.errors
            .iter()
            .find(|e| FATAL_STAGES.contains(&e.stage.as_str()))
    }

    /// The AWS status of an account that is not active, and so not evaluated: no findings from
    /// account rules, and not among organization rules' `input.accounts`. `None` when active
    /// (no status, or "ACTIVE").
    pub fn inactive_status(&self) -> Option<&str> {
        self.status
            .as_deref()
            .filter(|s| !s.eq_ignore_ascii_case("ACTIVE"))
    }

    pub fn root_arn(&self) -> String {
        format!("arn:aws:iam::{}:root", self.account_id)
    }
}

/// An AWS account status as words: "SUSPENDED" → "suspended", "PENDING_CLOSURE" → "pending
/// closure"; an empty one → "not active".
pub fn status_words(status: &str) -> String {
    match status {
        "" => "not active".to_string(),
        s => s.to_ascii_lowercase().replace('_', " "),
    }
}
