//! Reading a large snapshot account by account. A 10,000-account organization makes a snapshot
//! of several hundred megabytes; parsing it whole would hold all of it in memory at once.
//! Here serde walks the document and hands each account to a callback as soon as it is
//! parsed, so memory is bounded by the accounts in flight, not by the file.

use std::collections::HashSet;
use std::fmt;
use std::io::{BufReader, Read};
use std::path::Path;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use sha2::{Digest, Sha256};

use crate::error::{json_error, InputError};
use crate::model::credential_report::normalize_time;
use crate::model::{Account, Snapshot, SnapshotHead, SNAPSHOT_SCHEMA};

/// Whether `path` holds a snapshot (rather than a credential report), from its first 64 KiB:
/// a JSON object that names `"schema"`, or at least no report envelope's `"Content"`.
pub fn is_snapshot_file(path: &Path) -> bool {
    let mut head = Vec::with_capacity(1 << 16);
    let read = std::fs::File::open(path).and_then(|f| f.take(1 << 16).read_to_end(&mut head));
    if read.is_err() || head.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return false;
    }
    let has = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
    has(b"\"schema\"") || !has(b"\"Content\"")
}

/// Everything the stream saw except the accounts' bulk: the head, each account without its
/// credential report and password policy, and the sha256 of the file.
#[derive(Debug, Clone)]
pub struct StreamedSnapshot {
    pub snapshot: Snapshot,
    /// sha256 of the file as read.
    pub sha256: [u8; 32],
}

/// Reads the snapshot at `path`, calling `on_account` for each account in file order. When the
/// accounts come before `collected_at` or `organization` in the file (any key order is valid
/// JSON), they are held back until the head is known.
pub fn read_snapshot(
    path: &Path,
    on_account: &mut dyn FnMut(&SnapshotHead, Account),
) -> Result<StreamedSnapshot, InputError> {
    let file = path.display().to_string();
    let handle = std::fs::File::open(path)
        .map_err(|e| InputError::new(&file, format!("cannot read: {e}")))?;
    let mut reader = HashingReader {
        inner: BufReader::with_capacity(1 << 20, handle),
        hasher: Sha256::new(),
    };
    let mut visitor = SnapshotVisitor {
        on_account,
        head: SnapshotHead::default(),
        schema: None,
        accounts: Vec::new(),
        held: Vec::new(),
        seen: HashSet::new(),
        duplicate: None,
    };
    let mut de = serde_json::Deserializer::from_reader(&mut reader);
    de.deserialize_map(&mut visitor)
        .map_err(|e| json_error(&file, &e))?;
    de.end().map_err(|e| json_error(&file, &e))?;
    // Hash what is left after the closing brace (trailing whitespace), as sha256sum would.
    std::io::copy(&mut reader, &mut std::io::sink())
        .map_err(|e| InputError::new(&file, format!("cannot read: {e}")))?;
    match visitor.schema.as_deref() {
        Some(SNAPSHOT_SCHEMA) => {}
        Some(other) => {
            return Err(InputError::new(
                &file,
                format!("schema is {other:?}; this tenet reads {SNAPSHOT_SCHEMA:?}"),
            ))
        }
        None => {
            return Err(InputError::new(
                &file,
                "no \"schema\": not a tenet.snapshot/v1 document",
            ))
        }
    }
    if normalize_time(&visitor.head.collected_at).is_none() {
        return Err(InputError::new(
            &file,
            format!(
                "collected_at {:?} is not an RFC 3339 timestamp",
                visitor.head.collected_at
            ),
        ));
    }
    if let Some(id) = visitor.duplicate {
        return Err(InputError::new(
            &file,
            format!("account {id} appears twice"),
        ));
    }
    for account in std::mem::take(&mut visitor.held) {
        (visitor.on_account)(&visitor.head, account);
    }
    Ok(StreamedSnapshot {
        snapshot: Snapshot {
            schema: SNAPSHOT_SCHEMA.to_string(),
            collected_at: visitor.head.collected_at,
            organization: visitor.head.organization,
            accounts: visitor.accounts,
        },
        sha256: reader.hasher.finalize().into(),
    })
}

/// Hashes every byte the parser reads, so the file's digest costs no second pass.
struct HashingReader<R> {
    inner: R,
    hasher: Sha256,
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
}

struct SnapshotVisitor<'a> {
    on_account: &'a mut dyn FnMut(&SnapshotHead, Account),
    head: SnapshotHead,
    schema: Option<String>,
    /// Each account as evaluation summaries, the evidence and organization rules need it (status
    /// included: an inactive account is not evaluated): no credential report, no password policy.
    accounts: Vec<Account>,
    /// Accounts read before the head was complete.
    held: Vec<Account>,
    seen: HashSet<String>,
    duplicate: Option<String>,
}

impl SnapshotVisitor<'_> {
    fn take(&mut self, account: Account, head_known: bool) {
        if !self.seen.insert(account.account_id.clone()) && self.duplicate.is_none() {
            self.duplicate = Some(account.account_id.clone());
        }
        self.accounts.push(Account {
            account_id: account.account_id.clone(),
            name: account.name.clone(),
            is_management: account.is_management,
            status: account.status.clone(),
            parents: account.parents.clone(),
            effective_scps: account.effective_scps.clone(),
            errors: account.errors.clone(),
            ..Default::default()
        });
        if head_known {
            (self.on_account)(&self.head, account);
        } else {
            self.held.push(account);
        }
    }
}

impl<'de> Visitor<'de> for &mut SnapshotVisitor<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a tenet.snapshot/v1 object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let (mut have_time, mut have_org) = (false, false);
        // A key given twice is refused, as the whole-file reader does: otherwise accounts
        // already evaluated would have seen another collected_at or organization than the rest.
        let mut seen: Vec<&'static str> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let known = ["schema", "collected_at", "organization", "accounts"]
                .into_iter()
                .find(|k| *k == key);
            if let Some(known) = known {
                if seen.contains(&known) {
                    return Err(serde::de::Error::duplicate_field(known));
                }
                seen.push(known);
            }
            match key.as_str() {
                "schema" => self.schema = Some(map.next_value()?),
                "collected_at" => {
                    self.head.collected_at = map.next_value()?;
                    have_time = true;
                }
                "organization" => {
                    self.head.organization = map.next_value()?;
                    have_org = true;
                }
                "accounts" => map.next_value_seed(Accounts {
                    visitor: self,
                    head_known: have_time && have_org,
                })?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if !have_time {
            return Err(serde::de::Error::missing_field("collected_at"));
        }
        if !seen.contains(&"accounts") {
            return Err(serde::de::Error::missing_field("accounts"));
        }
        Ok(())
    }
}

struct Accounts<'v, 'a> {
    visitor: &'v mut SnapshotVisitor<'a>,
    head_known: bool,
}

impl<'de> DeserializeSeed<'de> for Accounts<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Accounts<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of accounts")
    }

    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<(), S::Error> {
        while let Some(account) = seq.next_element::<Account>()? {
            self.visitor.take(account, self.head_known);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Vec<String>, Result<StreamedSnapshot, InputError>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.json");
        std::fs::write(&path, text).unwrap();
        let mut seen = Vec::new();
        let result = read_snapshot(&path, &mut |head, a| {
            seen.push(format!("{}@{}", a.account_id, head.collected_at))
        });
        (seen, result)
    }

    const ACCOUNT: &str = r#"{"account_id": "111111111111", "credential_report": null}"#;

    #[test]
    fn accounts_arrive_with_the_head_whatever_the_key_order() {
        let head_first = format!(
            r#"{{"schema": "tenet.snapshot/v1", "collected_at": "2026-11-20T00:00:00Z", "organization": null, "accounts": [{ACCOUNT}]}}"#
        );
        let accounts_first = format!(
            r#"{{"accounts": [{ACCOUNT}], "collected_at": "2026-11-20T00:00:00Z", "organization": null, "schema": "tenet.snapshot/v1"}}"#
        );
        for text in [head_first, accounts_first] {
            let (seen, result) = read(&text);
            assert_eq!(seen, ["111111111111@2026-11-20T00:00:00Z"]);
            let streamed = result.unwrap();
            assert_eq!(streamed.snapshot.accounts.len(), 1);
            assert_eq!(
                streamed.sha256,
                <[u8; 32]>::from(Sha256::digest(text.as_bytes()))
            );
        }
    }

    #[test]
    fn bad_documents_are_named() {
        let (_, r) = read(
            r#"{"schema": "tenet.snapshot/v2", "collected_at": "2026-11-20T00:00:00Z", "accounts": []}"#,
        );
        assert!(r
            .unwrap_err()
            .message
            .contains("this tenet reads \"tenet.snapshot/v1\""));
        let (_, r) = read(&format!(
            r#"{{"schema": "tenet.snapshot/v1", "collected_at": "x", "organization": null, "accounts": [{ACCOUNT}, {ACCOUNT}]}}"#
        ));
        assert!(r.unwrap_err().message.contains("not an RFC 3339 timestamp"));
        let (_, r) = read(&format!(
            r#"{{"schema": "tenet.snapshot/v1", "collected_at": "2026-11-20T00:00:00Z", "organization": null, "accounts": [{ACCOUNT}, {ACCOUNT}]}}"#
        ));
        assert_eq!(r.unwrap_err().message, "account 111111111111 appears twice");
        let (_, r) = read(r#"{"schema": "tenet.snapshot/v1", "accounts": [{"account_id": 5}]}"#);
        let e = r.unwrap_err();
        assert_eq!((e.line, e.column), (Some(1), Some(62)), "{e}");
        assert_eq!(e.message, "invalid type: integer `5`, expected a string");
    }
}
