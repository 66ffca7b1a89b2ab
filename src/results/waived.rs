//! What results record of waivers: the waiver a waived finding carries, and how each waiver of
//! the file fared in the run (`waivers` of `tenet.results/v1`).

use serde::{Deserialize, Serialize};

use super::Status;

/// What a waived finding carries of its waiver (`waiver` in `tenet.results/v1`): shared by
/// every finding the waiver covers with the same former status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppliedWaiver {
    pub id: String,
    pub reason: String,
    pub owner: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<String>,
    /// The last day it applies, `YYYY-MM-DD`.
    pub expires: String,
    /// What the finding would be without the waiver: `fail` or `unknown`.
    pub status: Status,
}

impl AppliedWaiver {
    /// `waived by breakglass-console (security@example.com, SEC-142, until 2027-03-31): reason`.
    pub fn describe(&self) -> String {
        let ticket = self
            .ticket
            .as_deref()
            .map(|t| format!("{t}, "))
            .unwrap_or_default();
        format!(
            "waived by {} ({}, {ticket}until {}): {}",
            self.id, self.owner, self.expires, self.reason
        )
    }
}

/// Where a waiver stands at the as-of time, the worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WaiverState {
    /// Past its `expires` date: it covers nothing, the findings it matched count again.
    Expired,
    /// In force but matched no `fail` or `unknown` finding: the risk is gone, or the waiver
    /// is wrong.
    Stale,
    /// In force, and expiring within the warning period (`--waiver-warning-days`).
    Expiring,
    Active,
}

impl WaiverState {
    pub fn as_str(self) -> &'static str {
        match self {
            WaiverState::Expired => "expired",
            WaiverState::Stale => "stale",
            WaiverState::Expiring => "expiring",
            WaiverState::Active => "active",
        }
    }
}

/// One waiver of the file and what it did in this run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaiverUse {
    pub id: String,
    pub rule: String,
    pub accounts: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<String>,
    pub reason: String,
    pub owner: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<String>,
    pub expires: String,
    pub state: WaiverState,
    /// Days from the as-of date to `expires`: 0 on its last day, negative once expired.
    pub days_left: i64,
    /// The findings it waived; for an expired waiver, those it matched and no longer covers.
    pub findings: usize,
}
