//! `tenet.snapshot/v1`: everything collected about an organization, one document.

use serde::{Deserialize, Serialize};

use super::credential_report::CredentialReport;
use super::iam::Iam;
use super::organization::Organization;

pub const SNAPSHOT_SCHEMA: &str = "tenet.snapshot/v1";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub schema: String,
    pub collected_at: String,
    pub organization: Option<Organization>,
    pub accounts: Vec<Account>,
}

/// What comes before the accounts, and what evaluation needs of every account.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SnapshotHead {
    pub collected_at: String,
    pub organization: Option<Organization>,
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
    /// Users, groups, roles and managed policies (GetAccountAuthorizationDetails); `None` = not
    /// collected.
    #[serde(default)]
    pub iam: Option<Iam>,
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
    pub stage: Stage,
    pub message: String,
}

/// What the collector was reading when it failed, written as its snake_case name
/// ("credential_report"). A name tenet does not write itself (a hand-made or newer snapshot)
/// reads and writes back unchanged as [`Stage::Other`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    /// The account itself (sts:AssumeRole into it).
    Account,
    CredentialReport,
    PasswordPolicy,
    AccountSummary,
    MfaDevices,
    /// The account's place in the organization (and so its SCPs).
    Organization,
    /// iam:ListOrganizationsFeatures (centralized root access).
    OrganizationFeatures,
    /// iam:GetAccountAuthorizationDetails (users, groups, roles, managed policies).
    Iam,
    Other(String),
}

impl Stage {
    const NAMED: [Stage; 8] = [
        Stage::Account,
        Stage::CredentialReport,
        Stage::PasswordPolicy,
        Stage::AccountSummary,
        Stage::MfaDevices,
        Stage::Organization,
        Stage::OrganizationFeatures,
        Stage::Iam,
    ];

    pub fn as_str(&self) -> &str {
        match self {
            Stage::Account => "account",
            Stage::CredentialReport => "credential_report",
            Stage::PasswordPolicy => "password_policy",
            Stage::AccountSummary => "account_summary",
            Stage::MfaDevices => "mfa_devices",
            Stage::Organization => "organization",
            Stage::OrganizationFeatures => "organization_features",
            Stage::Iam => "iam",
            Stage::Other(name) => name,
        }
    }

    /// Whether a failure here leaves nothing to evaluate: the account's findings become
    /// `error`. Failures of other stages leave their field `null`, and rules say `unknown`.
    pub fn is_fatal(&self) -> bool {
        matches!(self, Stage::Account | Stage::CredentialReport)
    }
}

impl From<&str> for Stage {
    fn from(name: &str) -> Stage {
        Stage::NAMED
            .into_iter()
            .find(|s| s.as_str() == name)
            .unwrap_or_else(|| Stage::Other(name.to_string()))
    }
}

impl std::fmt::Display for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Stage {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Stage {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Stage, D::Error> {
        let name = std::borrow::Cow::<str>::deserialize(d)?;
        Ok(Stage::from(name.as_ref()))
    }
}

impl Account {
    /// The first error that keeps this account from being evaluated at all.
    pub fn fatal_error(&self) -> Option<&CollectionError> {
        self.errors.iter().find(|e| e.stage.is_fatal())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_read_and_write_as_their_names_unknown_ones_unchanged() {
        for name in [
            "account",
            "credential_report",
            "password_policy",
            "account_summary",
            "mfa_devices",
            "organization",
            "organization_features",
            "iam",
            "some_future_stage",
        ] {
            let json = format!("\"{name}\"");
            let stage: Stage = serde_json::from_str(&json).unwrap();
            assert_eq!(serde_json::to_string(&stage).unwrap(), json);
            assert_eq!(
                stage.is_fatal(),
                matches!(name, "account" | "credential_report")
            );
        }
        assert_eq!(Stage::from("mfa_devices"), Stage::MfaDevices);
        assert_eq!(Stage::from("iam"), Stage::Iam);
        assert_eq!(Stage::from("nope"), Stage::Other("nope".into()));
    }
}
