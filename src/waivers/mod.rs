//! Accepted risks: the waivers file (`--waivers FILE`, or `waivers.yaml` at the top of a
//! `--policy` directory), read and checked here, applied to results in [`apply`].
//!
//! ```yaml
//! waivers:
//!   - id: breakglass-console
//!     rule: user_unused_credentials        # a rule id or a glob of ids
//!     accounts: ["111111111111"]           # account ids, OU or root ids, or "*"
//!     resources: ["arn:aws:iam::*:user/breakglass-*"]   # IAM-style globs; default all
//!     reason: Break-glass user, password in the safe, used only in incidents
//!     owner: security@example.com
//!     ticket: SEC-142                      # optional
//!     created: 2026-10-01                  # optional; bounds the lifetime
//!     expires: 2027-03-31                  # the last day it applies
//! ```

use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer};

use crate::error::{yaml_message, InputError};
use crate::results::evidence::sha256_hex;

pub mod apply;
pub mod lint;

pub use apply::{apply, Outcome};

/// The file a `--policy` directory may hold its waivers in.
pub const POLICY_DIR_FILE: &str = "waivers.yaml";

/// How long a waiver may last from its `created` date unless the policy config's
/// `waiver_max_lifetime_days` says otherwise.
pub const DEFAULT_MAX_LIFETIME_DAYS: i64 = 365;

/// A waivers file as read: its name (as given), text, digest and entries in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waivers {
    pub file: String,
    /// The file's text, kept to locate messages about its entries ([`Waivers::locate`]).
    pub text: String,
    /// sha256 (hex) of the file's bytes, for the results' evidence.
    pub digest: String,
    pub waivers: Vec<Waiver>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Waiver {
    pub id: String,
    /// A rule id, or a glob of ids (`*`, `?`).
    pub rule: String,
    /// Account ids, OU or root ids (an OU covers every account below it), or `*`.
    pub accounts: Vec<String>,
    /// IAM-style globs over the resource ARN; empty = every resource.
    #[serde(default)]
    pub resources: Vec<String>,
    pub reason: String,
    pub owner: String,
    #[serde(default)]
    pub ticket: Option<String>,
    #[serde(default, deserialize_with = "optional_date")]
    pub created: Option<NaiveDate>,
    /// The last day the waiver applies (UTC); from the day after, it has expired.
    #[serde(deserialize_with = "date")]
    pub expires: NaiveDate,
    /// Where the entry starts in the file (1-based line and column of its first key).
    #[serde(skip)]
    pub line: usize,
    #[serde(skip)]
    pub column: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    waivers: Vec<Waiver>,
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|e| format!("{text:?} is not a date of the form YYYY-MM-DD ({e})"))
}

// The message names the field: serde_yaml locates it at the entry, and `parse` moves the
// location to the field's own line.
fn date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    parse_date(&String::deserialize(d)?)
        .map_err(|e| serde::de::Error::custom(format!("`expires`: {e}")))
}

fn optional_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    Option::<String>::deserialize(d)?
        .map(|text| {
            parse_date(&text).map_err(|e| serde::de::Error::custom(format!("`created`: {e}")))
        })
        .transpose()
}

impl Waivers {
    /// Reads a waivers file; a malformed one, an unknown key, a missing field, an empty
    /// `reason`/`owner`/`id` or a bad date is an error naming file, line and column.
    pub fn load(path: &Path) -> Result<Waivers, InputError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| InputError::new(&name, format!("cannot read: {e}")))?;
        Waivers::parse(&name, &text)
    }

    pub fn parse(name: &str, text: &str) -> Result<Waivers, InputError> {
        let starts = entry_starts(text);
        let file: File = serde_yaml::from_str(text).map_err(|e| {
            let message = yaml_message(&e);
            let at = field_of(&message)
                .and_then(|(index, key)| locate_key(text, &starts, index, key))
                .or(e.location().map(|l| (l.line(), l.column())));
            let err = InputError::new(name, message);
            match at {
                Some((line, column)) => err.at(line, Some(column)),
                None => err,
            }
        })?;
        let mut waivers = file.waivers;
        for (i, waiver) in waivers.iter_mut().enumerate() {
            (waiver.line, waiver.column) = starts.get(i).copied().unwrap_or((1, 1));
            for (field, value) in [
                ("id", &waiver.id),
                ("rule", &waiver.rule),
                ("reason", &waiver.reason),
                ("owner", &waiver.owner),
            ] {
                if value.trim().is_empty() {
                    return Err(InputError::new(
                        name,
                        format!("waiver {}: `{field}` is empty", i + 1),
                    )
                    .at(waiver.line, Some(waiver.column)));
                }
            }
            if waiver.accounts.is_empty() {
                return Err(InputError::new(
                    name,
                    format!(
                        "waiver {:?}: `accounts` is empty (use [\"*\"] for every account)",
                        waiver.id
                    ),
                )
                .at(waiver.line, Some(waiver.column)));
            }
        }
        Ok(Waivers {
            file: name.to_string(),
            text: text.to_string(),
            digest: sha256_hex(text.as_bytes()),
            waivers,
        })
    }

    /// Where `key` of the `index`th entry is written, for messages about that field; the
    /// entry's start when the key is not found on a line of its own.
    pub fn locate(&self, index: usize, key: &str) -> (usize, usize) {
        let starts: Vec<(usize, usize)> = self.waivers.iter().map(|w| (w.line, w.column)).collect();
        let waiver = &self.waivers[index];
        locate_key(&self.text, &starts, index, key).unwrap_or((waiver.line, waiver.column))
    }
}

/// The entry index and field a serde_yaml message is about: `waivers[2]: `expires`: ...`.
fn field_of(message: &str) -> Option<(usize, &str)> {
    let rest = message.strip_prefix("waivers[")?;
    let (index, rest) = rest.split_once("]: `")?;
    let (key, _) = rest.split_once('`')?;
    Some((index.parse().ok()?, key))
}

/// The (line, column) of `key:` within the `index`th entry, given where the entries start.
fn locate_key(
    text: &str,
    starts: &[(usize, usize)],
    index: usize,
    key: &str,
) -> Option<(usize, usize)> {
    let (first, _) = *starts.get(index)?;
    let end = starts.get(index + 1).map_or(usize::MAX, |next| next.0);
    text.lines()
        .enumerate()
        .skip(first - 1)
        .take_while(|(i, _)| i + 1 < end)
        .find_map(|(i, line)| {
            let trimmed = line.trim_start_matches([' ', '-']);
            trimmed
                .strip_prefix(key)
                .filter(|rest| rest.trim_start().starts_with(':'))
                .map(|_| (i + 1, line.len() - trimmed.len() + 1))
        })
}

/// Why a waiver's lifetime is refused: it expires before it was created, or more than
/// `max_days` after. `None` when it has no `created` date or is within bounds.
pub fn lifetime_problem(waiver: &Waiver, max_days: i64) -> Option<String> {
    let created = waiver.created?;
    let days = (waiver.expires - created).num_days();
    if days < 0 {
        Some(format!(
            "waiver {:?} expires ({}) before it was created ({created})",
            waiver.id, waiver.expires
        ))
    } else if days > max_days {
        Some(format!(
            "waiver {:?} lasts {days} days ({created} to {}), more than the {max_days} days \
             allowed (waiver_max_lifetime_days)",
            waiver.id, waiver.expires
        ))
    } else {
        None
    }
}

/// The (line, column) of the first key of each block-style list item under `waivers:`.
/// Entries written in flow style (`[{...}]`) are not found; messages then point at line 1.
fn entry_starts(text: &str) -> Vec<(usize, usize)> {
    let mut starts = Vec::new();
    let mut indent: Option<usize> = None;
    let mut inside = false;
    for (i, line) in text.lines().enumerate() {
        let content = line.trim_start();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let at = line.len() - content.len();
        if at == 0 {
            inside = content.starts_with("waivers:");
            continue;
        }
        if !inside || !content.starts_with('-') {
            continue;
        }
        if *indent.get_or_insert(at) != at {
            continue;
        }
        let key = content[1..].trim_start();
        starts.push((i + 1, line.len() - key.len() + 1));
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "\
# accepted risks
waivers:
  - id: breakglass-console
    rule: user_unused_credentials
    accounts: [\"111111111111\"]
    resources:
      - arn:aws:iam::*:user/breakglass-*
    reason: Break-glass user, password in the safe
    owner: security@example.com
    ticket: SEC-142
    expires: 2027-03-31

  -   id: vendor-key
      rule: user_key_rotation
      accounts: [ou-acme-prod]
      reason: The vendor rotates on its own schedule
      owner: platform@example.com
      created: 2026-10-01
      expires: 2026-12-31
";

    #[test]
    fn reads_entries_with_where_they_start() {
        let waivers = Waivers::parse("waivers.yaml", FILE).unwrap();
        assert_eq!(waivers.waivers.len(), 2);
        let first = &waivers.waivers[0];
        assert_eq!((first.line, first.column), (3, 5));
        assert_eq!(first.resources, ["arn:aws:iam::*:user/breakglass-*"]);
        assert_eq!(first.expires, NaiveDate::from_ymd_opt(2027, 3, 31).unwrap());
        assert_eq!(first.ticket.as_deref(), Some("SEC-142"));
        let second = &waivers.waivers[1];
        assert_eq!((second.line, second.column), (13, 7));
        assert_eq!(second.created, NaiveDate::from_ymd_opt(2026, 10, 1));
        assert!(second.resources.is_empty());
        assert_eq!(waivers.locate(0, "expires"), (11, 5));
        assert_eq!(waivers.locate(1, "expires"), (19, 7));
        assert_eq!(waivers.locate(1, "id"), (13, 7));
        assert_eq!(waivers.digest.len(), 64);
    }

    fn error(text: &str) -> String {
        Waivers::parse("w.yaml", text).unwrap_err().to_string()
    }

    #[test]
    fn bad_files_are_located() {
        let entry = "waivers:\n  - id: a\n    rule: root_mfa\n    accounts: ['*']\n    reason: r\n    owner: o\n";
        assert!(
            error(&format!("{entry}    expires: 2027-02-30\n"))
                .starts_with("w.yaml:7:5: waivers[0]: `expires`: \"2027-02-30\" is not a date"),
            "{}",
            error(&format!("{entry}    expires: 2027-02-30\n"))
        );
        assert!(
            error(&format!("{entry}    expires: 2027-01-01\n    until: x\n"))
                .starts_with("w.yaml:8:5: waivers[0]: unknown field `until`")
        );
        assert!(error(entry).starts_with("w.yaml:2:5: waivers[0]: missing field `expires`"));
        assert!(error("waivers: [\n").starts_with("w.yaml:2:1: "));
        assert_eq!(
            error(&format!(
                "{}    expires: 2027-01-01\n",
                entry.replace("owner: o", "owner: ' '")
            )),
            "w.yaml:2:5: waiver 1: `owner` is empty"
        );
    }
}
