//! What a result set rests on: digests of the policies and the snapshot that produced it, the
//! accounts it covers and what could not be collected (the `evidence` of `tenet.results/v1`).

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::model::{Account, Snapshot, Stage};

/// Where a result set came from: digests of the policies and the snapshot that produced it,
/// the accounts it covers and what could not be collected.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// sha256 (hex) over the evaluated Rego sources in load order: path, NUL, text, NUL each.
    pub policy_digest: String,
    /// sha256 (hex) of the snapshot: the input file when it is a saved snapshot, else the
    /// snapshot JSON as evaluated (what `--save-snapshot` writes).
    pub snapshot_digest: String,
    pub accounts: Vec<EvidenceAccount>,
    pub collection_errors: Vec<EvidenceError>,
    /// Accounts of the snapshot that were not evaluated because they are not active
    /// (suspended, closed), each with its AWS status; absent when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_checked: Vec<EvidenceAccount>,
    /// sha256 (hex) of the waivers file applied; absent when none was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waivers_digest: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceAccount {
    pub account_id: String,
    #[serde(default)]
    pub name: Option<String>,
    /// The AWS status of an account that was not checked ("SUSPENDED", ...); absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The root and OU ids above the account, root first (so waivers naming an OU apply to
    /// results read back); absent outside an organization.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parents: Vec<String>,
}

/// One thing the collector could not read for an account (the snapshot's `errors`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceError {
    pub account: String,
    pub stage: Stage,
    pub message: String,
}

/// Lowercase hex sha256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Lowercase hex of any bytes: the one encoder of every digest tenet writes.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(2 * bytes.len());
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// The evidence a check records with its results. `snapshot_json` is the snapshot exactly
/// as `--save-snapshot` writes it, so `sha256sum` of that file gives the same digest.
/// Accounts that are not active (suspended, closed) were not evaluated: they are listed in
/// `not_checked` with their status, not among the accounts covered.
pub fn evidence(snapshot: &Snapshot, snapshot_digest: String, policy_digest: String) -> Evidence {
    let (checked, not_checked): (Vec<&Account>, Vec<&Account>) = snapshot
        .accounts
        .iter()
        .partition(|a| a.inactive_status().is_none());
    Evidence {
        policy_digest,
        snapshot_digest,
        accounts: checked
            .iter()
            .map(|a| EvidenceAccount {
                account_id: a.account_id.clone(),
                name: a.name.clone(),
                status: None,
                parents: a.parents.clone(),
            })
            .collect(),
        not_checked: not_checked
            .iter()
            .map(|a| EvidenceAccount {
                account_id: a.account_id.clone(),
                name: a.name.clone(),
                status: a.inactive_status().map(str::to_string),
                parents: a.parents.clone(),
            })
            .collect(),
        collection_errors: snapshot
            .accounts
            .iter()
            .flat_map(|a| {
                a.errors.iter().map(|e| EvidenceError {
                    account: a.account_id.clone(),
                    stage: e.stage.clone(),
                    message: e.message.clone(),
                })
            })
            .collect(),
        waivers_digest: None,
    }
}
