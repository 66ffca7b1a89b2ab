//! Offline inputs: a saved snapshot, one credential report (plus SCP files), or an
//! organization directory:
//!
//! ```text
//! DIR/organization.yaml                 optional: OU tree, accounts, management account, SCP attachments
//! DIR/credential-reports/<account>.csv  or .json (CLI envelope) or .b64 (GetCredentialReport blob)
//! DIR/scps/*.json                       policy documents or describe-policy output
//! DIR/password-policies/<account>.json  optional: get-account-password-policy output
//! DIR/account-summaries/<account>.json  optional: get-account-summary output
//! DIR/iam/<account>.json                optional: get-account-authorization-details output
//! ```
//!
//! In a directory, an unreadable credential report becomes that account's collection error
//! (its findings are `error`, the others are still checked); anything that affects the whole
//! organization (organization.yaml, an SCP) is fatal. So do an unreadable summary, password
//! policy or IAM file, which leave only their own field unknown.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{json_error, yaml_message, InputError};
use crate::model::{
    credential_report, iam, scp, Account, CollectionError, Organization, OrganizationalUnit,
    PasswordPolicy, PasswordPolicyState, Policy, Snapshot, Stage, SNAPSHOT_SCHEMA,
};

/// Reads whatever `path` is: an organization directory, a snapshot, or a credential report.
pub fn load(path: &Path, collected_at: &str) -> Result<Snapshot, InputError> {
    if path.is_dir() {
        return load_org_dir(path, collected_at);
    }
    let bytes = read(path)?;
    if is_snapshot(&bytes) {
        load_snapshot_bytes(&bytes, &path.display().to_string())
    } else {
        load_single(path, &[], collected_at)
    }
}

/// A snapshot is a JSON object with a `"schema"` key; a report envelope never has one.
fn is_snapshot(bytes: &[u8]) -> bool {
    #[derive(Deserialize)]
    struct Sniff {
        schema: Option<serde::de::IgnoredAny>,
    }
    let starts_object = bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    if !starts_object {
        return false;
    }
    match serde_json::from_slice::<Sniff>(bytes) {
        Ok(sniff) => sniff.schema.is_some(),
        // Too broken to parse (truncated, nested too deeply): still a snapshot if it has a
        // "schema" key, so that the snapshot parser, not the report parser, says what is wrong.
        Err(_) => bytes.windows(8).enumerate().any(|(i, w)| {
            w == b"\"schema\"" && bytes[i + 8..].trim_ascii_start().first() == Some(&b':')
        }),
    }
}

fn read(path: &Path) -> Result<Vec<u8>, InputError> {
    std::fs::read(path)
        .map_err(|e| InputError::new(path.display().to_string(), format!("cannot read: {e}")))
}

pub fn load_snapshot(path: &Path) -> Result<Snapshot, InputError> {
    load_snapshot_bytes(&read(path)?, &path.display().to_string())
}

fn load_snapshot_bytes(bytes: &[u8], file: &str) -> Result<Snapshot, InputError> {
    let snapshot: Snapshot = serde_json::from_slice(bytes).map_err(|e| json_error(file, &e))?;
    if snapshot.schema != SNAPSHOT_SCHEMA {
        return Err(InputError::new(
            file,
            format!(
                "schema is {:?}; this tenet reads {SNAPSHOT_SCHEMA:?}",
                snapshot.schema
            ),
        ));
    }
    if credential_report::normalize_time(&snapshot.collected_at).is_none() {
        return Err(InputError::new(
            file,
            format!(
                "collected_at {:?} is not an RFC 3339 timestamp",
                snapshot.collected_at
            ),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for account in &snapshot.accounts {
        if !seen.insert(&account.account_id) {
            return Err(InputError::new(
                file,
                format!("account {} appears twice", account.account_id),
            ));
        }
    }
    Ok(snapshot)
}

/// One account from one credential report; with SCP files, a member account holding them.
pub fn load_single(
    report: &Path,
    scps: &[PathBuf],
    collected_at: &str,
) -> Result<Snapshot, InputError> {
    let file = report.display().to_string();
    let parsed = credential_report::parse(&read(report)?, &file)?;
    let account_id = parsed
        .account_id(&file)?
        .ok_or_else(|| InputError::new(&file, "the report has no rows, so it names no account"))?;
    let mut organization = None;
    let mut effective_scps = Vec::new();
    if !scps.is_empty() {
        let mut org = Organization {
            scp_enabled: Some(true),
            ..Default::default()
        };
        for path in scps {
            let policy = load_scp(path, None, vec![account_id.clone()])?;
            if org.policies.iter().any(|p| p.id == policy.id) {
                return Err(InputError::new(
                    path.display().to_string(),
                    format!("SCP id {} given twice", policy.id),
                ));
            }
            effective_scps.push(policy.id.clone());
            org.policies.push(policy);
        }
        organization = Some(org);
    }
    Ok(Snapshot {
        schema: SNAPSHOT_SCHEMA.to_string(),
        collected_at: collected_at.to_string(),
        organization,
        accounts: vec![Account {
            account_id,
            effective_scps,
            credential_report: Some(parsed),
            ..Default::default()
        }],
    })
}

fn load_scp(path: &Path, id: Option<&str>, targets: Vec<String>) -> Result<Policy, InputError> {
    let file = path.display().to_string();
    let parsed = scp::parse(&read(path)?, &file)?;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let id = id
        .map(str::to_string)
        .or(parsed.id)
        .unwrap_or_else(|| stem.clone());
    Ok(Policy {
        aws_managed: parsed.aws_managed.unwrap_or(id == "p-FullAWSAccess"),
        name: parsed.name.unwrap_or(stem),
        id,
        document: parsed.document,
        targets,
    })
}

/// organization.yaml
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct OrgFile {
    id: Option<String>,
    management_account_id: Option<String>,
    feature_set: Option<String>,
    scp_enabled: Option<bool>,
    root_credentials_management: Option<bool>,
    root_sessions: Option<bool>,
    root_id: Option<String>,
    #[serde(default)]
    ous: Vec<OrganizationalUnit>,
    #[serde(default)]
    accounts: Vec<AccountEntry>,
    #[serde(default)]
    policies: Vec<PolicyEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AccountEntry {
    account_id: String,
    name: Option<String>,
    parent_id: Option<String>,
    root_virtual_mfa: Option<bool>,
    root_password_present: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyEntry {
    id: Option<String>,
    file: String,
    #[serde(default)]
    targets: Vec<String>,
}

pub fn load_org_dir(dir: &Path, collected_at: &str) -> Result<Snapshot, InputError> {
    let org_path = dir.join("organization.yaml");
    let org_file = if org_path.exists() {
        Some(read_org_file(&org_path)?)
    } else {
        None
    };
    let scp_files = list(&dir.join("scps"), &["json"])?;
    let report_files = list(
        &dir.join("credential-reports"),
        &["csv", "json", "b64", "txt"],
    )?;
    if report_files.is_empty() && org_file.as_ref().is_none_or(|o| o.accounts.is_empty()) {
        return Err(InputError::new(
            dir.display().to_string(),
            "no accounts: expected credential-reports/<account>.csv files or accounts in organization.yaml",
        ));
    }
    if org_file.is_none() && !scp_files.is_empty() {
        return Err(InputError::new(
            dir.join("scps").display().to_string(),
            "SCP files need an organization.yaml saying where they are attached",
        ));
    }
    let org_file = org_file.unwrap_or_default();
    let organization = build_organization(dir, &org_file, &scp_files)?;

    // Accounts: organization.yaml's first, in its order, then any others that have a report.
    let mut accounts = listed_accounts(&org_path, &org_file, organization.as_ref())?;
    add_reports(&mut accounts, report_files)?;
    check_file_names(&dir.join("account-summaries"), &accounts)?;
    check_file_names(&dir.join("iam"), &accounts)?;
    for account in &mut accounts {
        add_account_files(dir, account, &org_file, organization.as_ref());
    }
    Ok(Snapshot {
        schema: SNAPSHOT_SCHEMA.to_string(),
        collected_at: collected_at.to_string(),
        organization,
        accounts,
    })
}

/// organization.yaml, which must be UTF-8 YAML of the shape [`OrgFile`] says.
fn read_org_file(org_path: &Path) -> Result<OrgFile, InputError> {
    let file = org_path.display().to_string();
    let text = String::from_utf8(read(org_path)?).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&valid[line_start..])
            .chars()
            .count()
            + 1;
        let line = 1 + valid.iter().filter(|&&b| b == b'\n').count();
        InputError::new(&file, "not valid UTF-8").at(line, Some(column))
    })?;
    serde_yaml::from_str(&text).map_err(|e| {
        let err = InputError::new(
            &file,
            format!("invalid organization.yaml: {}", yaml_message(&e)),
        );
        match e.location() {
            Some(l) => err.at(l.line(), Some(l.column())),
            None => err,
        }
    })
}

/// The accounts organization.yaml lists, in its order, each with its path from the root.
fn listed_accounts(
    org_path: &Path,
    org_file: &OrgFile,
    organization: Option<&Organization>,
) -> Result<Vec<Account>, InputError> {
    let mut accounts: Vec<Account> = Vec::new();
    for entry in &org_file.accounts {
        // YAML reads an unquoted 1e3 or 0o17 as a number, which serde hands over as text.
        if !(entry.account_id.len() == 12 && entry.account_id.bytes().all(|b| b.is_ascii_digit())) {
            return Err(InputError::new(
                org_path.display().to_string(),
                format!(
                    "account_id {:?} is not a 12-digit AWS account id",
                    entry.account_id
                ),
            ));
        }
        if accounts.iter().any(|a| a.account_id == entry.account_id) {
            return Err(InputError::new(
                org_path.display().to_string(),
                format!("account {} listed twice", entry.account_id),
            ));
        }
        let parent = entry.parent_id.clone().or_else(|| org_file.root_id.clone());
        let parents = match (organization, parent) {
            (Some(org), Some(parent)) => org
                .path_to(&parent, org_file.root_id.as_deref())
                .map_err(|m| {
                    InputError::new(
                        org_path.display().to_string(),
                        format!("account {}: {m}", entry.account_id),
                    )
                })?,
            _ => Vec::new(),
        };
        accounts.push(Account {
            account_id: entry.account_id.clone(),
            name: entry.name.clone(),
            parents,
            root_virtual_mfa: entry.root_virtual_mfa,
            root_password_present: entry.root_password_present,
            ..Default::default()
        });
    }
    Ok(accounts)
}

/// Each credential report onto its account (added after the listed ones when not listed); an
/// unreadable report becomes that account's collection error.
fn add_reports(accounts: &mut Vec<Account>, report_files: Vec<PathBuf>) -> Result<(), InputError> {
    let mut reports: BTreeMap<String, PathBuf> = BTreeMap::new();
    for path in report_files {
        let file = path.display().to_string();
        let parsed = credential_report::parse(&read(&path)?, &file);
        let account_id = report_account_id(&path, &file, &parsed)?;
        if let Some(previous) = reports.insert(account_id.clone(), path.clone()) {
            return Err(InputError::new(
                file,
                format!(
                    "a second report for account {account_id} (also {})",
                    previous.display()
                ),
            ));
        }
        let index = match accounts.iter().position(|a| a.account_id == account_id) {
            Some(i) => i,
            None => {
                accounts.push(Account {
                    account_id: account_id.clone(),
                    ..Default::default()
                });
                accounts.len() - 1
            }
        };
        let account = &mut accounts[index];
        match parsed.and_then(|r| r.account_id(&file).map(|_| r)) {
            Ok(report) => account.credential_report = Some(report),
            Err(e) => account.errors.push(CollectionError {
                stage: Stage::CredentialReport,
                message: e.to_string(),
            }),
        }
    }
    Ok(())
}

/// The account a report belongs to: its file name when that is an account id (which its ARNs
/// must not contradict), else the account its ARNs name.
fn report_account_id(
    path: &Path,
    file: &str,
    parsed: &Result<credential_report::CredentialReport, InputError>,
) -> Result<String, InputError> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let from_arns = match parsed {
        Ok(report) => report.account_id(file).ok().flatten(),
        Err(_) => None,
    };
    let stem_is_id = stem.len() == 12 && stem.bytes().all(|b| b.is_ascii_digit());
    match (stem_is_id, from_arns) {
        (true, Some(arn_id)) if arn_id != stem => Err(InputError::new(
            file,
            format!("file is named for account {stem} but its ARNs name {arn_id}"),
        )),
        (true, _) => Ok(stem),
        (false, Some(arn_id)) => Ok(arn_id),
        (false, None) => Err(match parsed {
            Err(e) => e.clone(),
            Ok(_) => InputError::new(
                file,
                "cannot tell the account: name the file <account-id>.csv",
            ),
        }),
    }
}

/// Every file of a per-account directory (account-summaries/, iam/) must be named after an
/// account of the directory: one that is not would be silently ignored.
fn check_file_names(dir: &Path, accounts: &[Account]) -> Result<(), InputError> {
    for path in list(dir, &["json"])? {
        let stem = path.file_stem().map(|s| s.to_string_lossy().to_string());
        if !accounts
            .iter()
            .any(|a| Some(&a.account_id) == stem.as_ref())
        {
            return Err(InputError::new(
                path.display().to_string(),
                "names no account of this directory: name the file <account-id>.json after an account with a credential report or in organization.yaml",
            ));
        }
    }
    Ok(())
}

/// An account's summary, password policy and IAM files (an unreadable one becomes its
/// collection error), whether it is the management account, and the SCPs that apply to it.
fn add_account_files(
    dir: &Path,
    account: &mut Account,
    org_file: &OrgFile,
    organization: Option<&Organization>,
) {
    let summary_path = dir
        .join("account-summaries")
        .join(format!("{}.json", account.account_id));
    if summary_path.exists() {
        match load_account_summary(&summary_path) {
            Ok(summary) => account.account_summary = Some(summary),
            Err(e) => account.errors.push(CollectionError {
                stage: Stage::AccountSummary,
                message: e.to_string(),
            }),
        }
    }
    account.is_management =
        org_file.management_account_id.as_deref() == Some(account.account_id.as_str());
    if let Some(org) = organization {
        account.effective_scps = org.effective_scps(&account.parents, &account.account_id);
    }
    let policy_path = dir
        .join("password-policies")
        .join(format!("{}.json", account.account_id));
    if policy_path.exists() {
        match load_password_policy(&policy_path) {
            Ok(policy) => {
                account.password_policy_state = if policy.is_some() {
                    PasswordPolicyState::Set
                } else {
                    PasswordPolicyState::None
                };
                account.password_policy = policy;
            }
            Err(e) => account.errors.push(CollectionError {
                stage: Stage::PasswordPolicy,
                message: e.to_string(),
            }),
        }
    }
    let iam_path = dir.join("iam").join(format!("{}.json", account.account_id));
    if iam_path.exists() {
        let file = iam_path.display().to_string();
        match read(&iam_path).and_then(|bytes| iam::parse_cli(&bytes, &file)) {
            Ok(details) => account.iam = Some(details),
            Err(e) => account.errors.push(CollectionError {
                stage: Stage::Iam,
                message: e.to_string(),
            }),
        }
    }
}

fn build_organization(
    dir: &Path,
    org_file: &OrgFile,
    scp_files: &[PathBuf],
) -> Result<Option<Organization>, InputError> {
    let has_org_data = org_file.id.is_some()
        || org_file.management_account_id.is_some()
        || !org_file.ous.is_empty()
        || !org_file.policies.is_empty()
        || !scp_files.is_empty();
    if !has_org_data {
        return Ok(None);
    }
    let org_path = dir.join("organization.yaml").display().to_string();
    let mut policies = Vec::new();
    for entry in &org_file.policies {
        let path = dir.join("scps").join(&entry.file);
        if !scp_files.contains(&path) {
            return Err(InputError::new(
                &org_path,
                format!("policy file scps/{} does not exist", entry.file),
            ));
        }
        let policy = load_scp(&path, entry.id.as_deref(), entry.targets.clone())?;
        if policies.iter().any(|p: &Policy| p.id == policy.id) {
            return Err(InputError::new(
                &org_path,
                format!("SCP id {} used twice", policy.id),
            ));
        }
        policies.push(policy);
    }
    // SCP files organization.yaml does not mention are recorded, attached nowhere.
    for path in scp_files {
        let named = org_file
            .policies
            .iter()
            .any(|e| dir.join("scps").join(&e.file) == *path);
        if !named {
            policies.push(load_scp(path, None, Vec::new())?);
        }
    }
    Ok(Some(Organization {
        id: org_file.id.clone(),
        management_account_id: org_file.management_account_id.clone(),
        feature_set: org_file.feature_set.clone(),
        scp_enabled: org_file
            .scp_enabled
            .or((!policies.is_empty()).then_some(true)),
        root_credentials_management: org_file.root_credentials_management,
        root_sessions: org_file.root_sessions,
        policies,
        ous: org_file.ous.clone(),
    }))
}

/// `get-account-password-policy` output; `{"PasswordPolicy": null}` says the account has none.
fn load_password_policy(path: &Path) -> Result<Option<PasswordPolicy>, InputError> {
    let file = path.display().to_string();
    let value: serde_json::Value =
        serde_json::from_slice(&read(path)?).map_err(|e| json_error(&file, &e))?;
    let Some(fields) = value.get("PasswordPolicy") else {
        return Err(InputError::new(
            file,
            "expected an object with a PasswordPolicy key",
        ));
    };
    if fields.is_null() {
        return Ok(None);
    }
    let Some(fields) = fields.as_object() else {
        return Err(InputError::new(
            file,
            "PasswordPolicy: expected an object or null",
        ));
    };
    let snake: serde_json::Map<_, _> = fields
        .iter()
        .map(|(k, v)| (snake_case(k), v.clone()))
        .collect();
    serde_json::from_value(serde_json::Value::Object(snake))
        .map(Some)
        .map_err(|e| InputError::new(file, format!("PasswordPolicy: {e}")))
}

/// `get-account-summary` output, `{"SummaryMap": {"AccountMFAEnabled": 1, ...}}`, with its
/// keys in snake_case as the live collector stores them.
fn load_account_summary(path: &Path) -> Result<BTreeMap<String, i64>, InputError> {
    let file = path.display().to_string();
    let value: serde_json::Value =
        serde_json::from_slice(&read(path)?).map_err(|e| json_error(&file, &e))?;
    let Some(map) = value.get("SummaryMap").and_then(|m| m.as_object()) else {
        return Err(InputError::new(
            file,
            "expected an object with a SummaryMap object (aws iam get-account-summary output)",
        ));
    };
    map.iter()
        .map(|(key, v)| match v.as_i64() {
            Some(n) => Ok((snake_case(key), n)),
            None => Err(InputError::new(
                &file,
                format!("SummaryMap.{key}: expected a whole number, found {v}"),
            )),
        })
        .collect()
}

/// `MinimumPasswordLength` → `minimum_password_length`, `AccountMFAEnabled` →
/// `account_mfa_enabled`: AWS's names in the snapshot's style. An acronym stays one word: a
/// capital starts a word after a lowercase letter or digit, or when it is the last capital
/// of a run followed by a lowercase letter (`MFADevices` → `mfa_devices`).
pub fn snake_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            let previous = chars[i - 1];
            let next_is_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if previous.is_ascii_lowercase()
                || previous.is_ascii_digit()
                || (previous.is_ascii_uppercase() && next_is_lower)
            {
                out.push('_');
            }
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// Files in `dir` with one of `extensions`, sorted; none when `dir` does not exist.
fn list(dir: &Path, extensions: &[&str]) -> Result<Vec<PathBuf>, InputError> {
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let entries = std::fs::read_dir(dir)
        .map_err(|e| InputError::new(dir.display().to_string(), format!("cannot list: {e}")))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file()
                && p.extension().is_some_and(|x| {
                    // 111111111111.CSV is as much a report as .csv: never skip one silently.
                    extensions.iter().any(|e| x.eq_ignore_ascii_case(e))
                })
        })
        .collect();
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::{list, snake_case};

    #[test]
    fn listed_extensions_match_in_any_case() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "111111111111.CSV",
            "222222222222.csv",
            "notes.md",
            "333333333333.Json",
        ] {
            std::fs::write(dir.path().join(name), "").unwrap();
        }
        let names: Vec<String> = list(dir.path(), &["csv", "json"])
            .unwrap()
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names,
            ["111111111111.CSV", "222222222222.csv", "333333333333.Json"]
        );
    }

    #[test]
    fn snake_case_keeps_acronyms_whole() {
        for (aws, snake) in [
            ("MinimumPasswordLength", "minimum_password_length"),
            ("AccountMFAEnabled", "account_mfa_enabled"),
            ("MFADevicesInUse", "mfa_devices_in_use"),
            ("MFADevices", "mfa_devices"),
            ("AccountAccessKeysPresent", "account_access_keys_present"),
            (
                "GlobalEndpointTokenVersion",
                "global_endpoint_token_version",
            ),
            ("Policies", "policies"),
            ("already_snake", "already_snake"),
        ] {
            assert_eq!(snake_case(aws), snake, "{aws}");
        }
    }
}
