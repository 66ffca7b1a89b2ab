//! The IAM credential report: parsed from any form AWS hands it out in, typed, with the
//! `<root_account>` row split out.
//!
//! Accepted forms, told apart by content rather than file name:
//! - the CSV itself (any column order, extra columns ignored, UTF-8 BOM, CRLF);
//! - the base64 blob `GetCredentialReport` returns in `Content`;
//! - the AWS CLI's JSON envelope `{"Content", "ReportFormat", "GeneratedTime"}`.
//!
//! Any problem is an [`InputError`] naming the file and line; nothing partial is returned.

use base64::Engine as _;
use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{json_error, InputError};

/// The user name AWS gives the root user's row.
pub const ROOT_USER: &str = "<root_account>";

/// One parsed credential report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CredentialReport {
    /// When AWS generated the report, if the input says (the JSON envelope does).
    pub generated_at: Option<String>,
    /// The `<root_account>` row; `None` when the report has none (rules then say `unknown`).
    pub root: Option<CredentialRow>,
    pub users: Vec<CredentialRow>,
}

/// One row, AWS's column names, values typed: `N/A`, `not_supported` and `no_information` become `None`.
/// Read from a snapshot, every time is null or RFC 3339 (see `snapshot_times`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CredentialRow {
    pub user: String,
    pub arn: String,
    #[serde(default, deserialize_with = "snapshot_times::user_creation_time")]
    pub user_creation_time: Option<String>,
    pub password_enabled: Option<bool>,
    #[serde(default, deserialize_with = "snapshot_times::password_last_used")]
    pub password_last_used: Option<String>,
    #[serde(default, deserialize_with = "snapshot_times::password_last_changed")]
    pub password_last_changed: Option<String>,
    #[serde(default, deserialize_with = "snapshot_times::password_next_rotation")]
    pub password_next_rotation: Option<String>,
    pub mfa_active: Option<bool>,
    pub access_key_1_active: Option<bool>,
    #[serde(
        default,
        deserialize_with = "snapshot_times::access_key_1_last_rotated"
    )]
    pub access_key_1_last_rotated: Option<String>,
    #[serde(
        default,
        deserialize_with = "snapshot_times::access_key_1_last_used_date"
    )]
    pub access_key_1_last_used_date: Option<String>,
    pub access_key_1_last_used_region: Option<String>,
    pub access_key_1_last_used_service: Option<String>,
    pub access_key_2_active: Option<bool>,
    #[serde(
        default,
        deserialize_with = "snapshot_times::access_key_2_last_rotated"
    )]
    pub access_key_2_last_rotated: Option<String>,
    #[serde(
        default,
        deserialize_with = "snapshot_times::access_key_2_last_used_date"
    )]
    pub access_key_2_last_used_date: Option<String>,
    pub access_key_2_last_used_region: Option<String>,
    pub access_key_2_last_used_service: Option<String>,
    pub cert_1_active: Option<bool>,
    #[serde(default, deserialize_with = "snapshot_times::cert_1_last_rotated")]
    pub cert_1_last_rotated: Option<String>,
    pub cert_2_active: Option<bool>,
    #[serde(default, deserialize_with = "snapshot_times::cert_2_last_rotated")]
    pub cert_2_last_rotated: Option<String>,
}

#[derive(Clone, Copy)]
enum Kind {
    Text,
    Bool,
    Time,
}

/// Every column tenet reads: name, type, and whether a report without it is rejected.
const COLUMNS: &[(&str, Kind, bool)] = &[
    ("user", Kind::Text, true),
    ("arn", Kind::Text, true),
    ("user_creation_time", Kind::Time, true),
    ("password_enabled", Kind::Bool, true),
    ("password_last_used", Kind::Time, true),
    ("password_last_changed", Kind::Time, false),
    ("password_next_rotation", Kind::Time, false),
    ("mfa_active", Kind::Bool, true),
    ("access_key_1_active", Kind::Bool, true),
    ("access_key_1_last_rotated", Kind::Time, true),
    ("access_key_1_last_used_date", Kind::Time, true),
    ("access_key_1_last_used_region", Kind::Text, false),
    ("access_key_1_last_used_service", Kind::Text, false),
    ("access_key_2_active", Kind::Bool, true),
    ("access_key_2_last_rotated", Kind::Time, true),
    ("access_key_2_last_used_date", Kind::Time, true),
    ("access_key_2_last_used_region", Kind::Text, false),
    ("access_key_2_last_used_service", Kind::Text, false),
    ("cert_1_active", Kind::Bool, false),
    ("cert_1_last_rotated", Kind::Time, false),
    ("cert_2_active", Kind::Bool, false),
    ("cert_2_last_rotated", Kind::Time, false),
];

/// Values AWS writes where a column does not apply or was never recorded.
fn is_absent(value: &str) -> bool {
    matches!(value, "" | "N/A" | "not_supported" | "no_information")
}

/// Largest input tenet reads as a credential report. IAM allows 5,000 users per account and a
/// row is at most about 1 KB, so a real report (even as base64 or JSON) stays under 8 MiB; a
/// file far larger is something else, and parsing it would only use up memory.
pub const MAX_REPORT_BYTES: usize = 64 << 20;

/// Parses a credential report in any accepted form. `file` names the source in errors.
pub fn parse(bytes: &[u8], file: &str) -> Result<CredentialReport, InputError> {
    if bytes.len() > MAX_REPORT_BYTES {
        return Err(InputError::new(
            file,
            format!(
                "{} MiB is too large for a credential report (at most {} MiB; IAM's 5,000 users make under 8 MiB)",
                bytes.len() >> 20,
                MAX_REPORT_BYTES >> 20
            ),
        ));
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(InputError::new(
            file,
            "the file is UTF-16; AWS writes credential reports in UTF-8, so save it as UTF-8",
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    match first {
        None => Err(InputError::new(file, "empty credential report")),
        Some(b'{') => parse_envelope(bytes, file),
        Some(_) if looks_like_base64(bytes) => {
            let csv = decode_base64(bytes, file, 1)?;
            parse_csv(&csv, file, None).map_err(|e| in_decoded(e, None))
        }
        Some(_) => parse_csv(bytes, file, None),
    }
}

/// The blob's first line holds base64 characters only; a CSV header has commas (or, saved
/// with the wrong delimiter, semicolons or tabs), which base64 never has.
fn looks_like_base64(bytes: &[u8]) -> bool {
    let first_line = bytes
        .split(|&b| b == b'\n')
        .find(|l| !l.trim_ascii().is_empty());
    first_line.is_some_and(|l| {
        l.trim_ascii()
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
    })
}

/// Decodes base64 ignoring line breaks; an error names the line and column of the bad byte,
/// counted from `first_line` (the envelope's `Content` sits on some line of its file).
fn decode_base64(bytes: &[u8], file: &str, first_line: usize) -> Result<Vec<u8>, InputError> {
    // Remember where each kept byte came from, so a decode error points into the file.
    let mut kept = Vec::with_capacity(bytes.len());
    let mut origin = Vec::with_capacity(bytes.len());
    let (mut line, mut col) = (first_line, 1);
    for &b in bytes {
        if b == b'\n' {
            line += 1;
            col = 1;
            continue;
        }
        if !b.is_ascii_whitespace() {
            kept.push(b);
            origin.push((line, col));
        }
        col += 1;
    }
    base64::engine::general_purpose::STANDARD
        .decode(&kept)
        .map_err(|err| {
            let place = match err {
                base64::DecodeError::InvalidByte(i, _)
                | base64::DecodeError::InvalidLastSymbol(i, _) => origin.get(i).copied(),
                _ => origin.last().copied(),
            };
            let e = InputError::new(file, format!("invalid base64 in credential report: {err}"));
            match place {
                Some((l, c)) => e.at(l, Some(c)),
                None => e,
            }
        })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Envelope {
    content: String,
    report_format: Option<String>,
    generated_time: Option<String>,
}

fn parse_envelope(bytes: &[u8], file: &str) -> Result<CredentialReport, InputError> {
    let envelope: Envelope = serde_json::from_slice(bytes).map_err(|e| json_error(file, &e))?;
    if let Some(format) = &envelope.report_format {
        if format != "text/csv" {
            return Err(InputError::new(
                file,
                format!("ReportFormat is {format:?}; only \"text/csv\" credential reports exist"),
            )
            .at(line_of(bytes, b"\"ReportFormat\""), None));
        }
    }
    let generated_at = match &envelope.generated_time {
        Some(t) => Some(normalize_time(t).ok_or_else(|| {
            InputError::new(
                file,
                format!("GeneratedTime {t:?} is not an RFC 3339 timestamp"),
            )
            .at(line_of(bytes, b"\"GeneratedTime\""), None)
        })?),
        None => None,
    };
    let content_line = line_of(bytes, b"\"Content\"");
    let csv = decode_base64(envelope.content.as_bytes(), file, content_line)?;
    parse_csv(&csv, file, generated_at).map_err(|e| in_decoded(e, Some(content_line)))
}

/// An error inside a base64-encoded report: its line and column are the decoded CSV's, not
/// the file's, so they go into the message, and the error points at the blob (the envelope's
/// `Content` line) instead.
fn in_decoded(err: InputError, blob_line: Option<usize>) -> InputError {
    let place = match (err.line, err.column) {
        (Some(line), Some(column)) => format!("line {line}, column {column} of the decoded report"),
        (Some(line), None) => format!("line {line} of the decoded report"),
        _ => return err,
    };
    let moved = InputError::new(err.file, format!("{place}: {}", err.message));
    match blob_line {
        Some(line) => moved.at(line, None),
        None => moved,
    }
}

/// 1-based line on which `needle` first appears (1 when absent).
fn line_of(haystack: &[u8], needle: &[u8]) -> usize {
    let at = haystack
        .windows(needle.len())
        .position(|w| w == needle)
        .unwrap_or(0);
    1 + haystack[..at].iter().filter(|&&b| b == b'\n').count()
}

/// The time columns read from a snapshot: null, or an RFC 3339 time, normalized to UTC as the
/// CSV parser does. Anything else is an error naming the column, rather than a rule failing
/// later on a value it cannot parse. One function per column, so the message can name it.
mod snapshot_times {
    use serde::{Deserialize, Deserializer};

    fn read<'de, D: Deserializer<'de>>(d: D, column: &str) -> Result<Option<String>, D::Error> {
        match Option::<String>::deserialize(d)? {
            None => Ok(None),
            Some(value) => super::normalize_time(&value).map(Some).ok_or_else(|| {
                serde::de::Error::custom(format!(
                    "{column} {value:?} is not an RFC 3339 time like 2026-11-20T00:00:00Z"
                ))
            }),
        }
    }

    macro_rules! columns {
        ($($column:ident),*) => {$(
            pub fn $column<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
                read(d, stringify!($column))
            }
        )*};
    }

    columns!(
        user_creation_time,
        password_last_used,
        password_last_changed,
        password_next_rotation,
        access_key_1_last_rotated,
        access_key_1_last_used_date,
        access_key_2_last_rotated,
        access_key_2_last_used_date,
        cert_1_last_rotated,
        cert_2_last_rotated
    );
}

/// RFC 3339 in, `YYYY-MM-DDTHH:MM:SSZ` (UTC) out; `None` when it is not a timestamp.
pub fn normalize_time(value: &str) -> Option<String> {
    DateTime::parse_from_rfc3339(value).ok().map(|t| {
        t.with_timezone(&Utc)
            .to_rfc3339_opts(SecondsFormat::Secs, true)
    })
}

fn parse_csv(
    bytes: &[u8],
    file: &str,
    generated_at: Option<String>,
) -> Result<CredentialReport, InputError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut records = reader.byte_records();
    let header = match records.next() {
        None => return Err(InputError::new(file, "empty credential report")),
        Some(r) => r.map_err(|e| csv_error(file, &e))?,
    };
    let names: Vec<String> = header
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().to_string())
        .collect();
    if let [only] = names.as_slice() {
        // A spreadsheet that re-saved the report with another delimiter.
        let other = [(';', "semicolons"), ('\t', "tabs"), ('|', "vertical bars")]
            .into_iter()
            .find(|(c, _)| only.contains(*c));
        if let Some((_, name)) = other {
            return Err(InputError::new(
                file,
                format!("the header's fields are separated by {name}; a credential report is comma-separated"),
            )
            .at(1, None));
        }
    }
    // Column index in this file for each known column, in COLUMNS order.
    let mut index = Vec::with_capacity(COLUMNS.len());
    for (name, _, required) in COLUMNS {
        let found = names.iter().position(|n| n == name);
        if let Some(dup) = found.and_then(|i| names[i + 1..].iter().position(|n| n == name)) {
            return Err(InputError::new(
                file,
                format!(
                    "column {name:?} appears twice in the header (fields {} and {})",
                    found.unwrap_or(0) + 1,
                    found.unwrap_or(0) + dup + 2
                ),
            )
            .at(1, None));
        }
        if found.is_none() && *required {
            return Err(InputError::new(
                file,
                format!("missing required column {name:?} in the header; is this an IAM credential report?"),
            )
            .at(1, None));
        }
        index.push(found);
    }

    let mut report = CredentialReport {
        generated_at,
        root: None,
        users: Vec::new(),
    };
    for record in records {
        let record = record.map_err(|e| csv_error(file, &e))?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        if record.len() == 1 && record.get(0).is_some_and(|f| f.is_empty()) {
            continue; // a blank line
        }
        let repaired;
        let record = match repair_unquoted_commas(&record, names.len(), &index) {
            Some(fixed) => {
                repaired = fixed;
                &repaired
            }
            None => &record,
        };
        if record.len() != names.len() {
            return Err(InputError::new(
                file,
                format!(
                    "expected {} fields as in the header, found {}",
                    names.len(),
                    record.len()
                ),
            )
            .at(line, None));
        }
        let row = parse_row(record, &index, file, line)?;
        if row.user == ROOT_USER {
            if report.root.is_some() {
                return Err(InputError::new(file, "a second <root_account> row").at(line, None));
            }
            report.root = Some(row);
        } else {
            report.users.push(row);
        }
    }
    Ok(report)
}

/// A row whose user name holds commas that were written unquoted, put back together.
///
/// IAM allows commas in user names (`[\w+=,.@-]+`), and a report that writes such a name without
/// quotes has more fields on that row than in the header. The name's k commas appear twice, in
/// the `user` column and in the `arn` column (whose last part is the name), so the row has
/// exactly 2k extra fields. Decision: the row is repaired only when the extra fields are
/// exactly explained that way: their number is even (2k, k ≥ 1), the candidate name is the k+1
/// fields starting at `user` joined with ",", the candidate ARN the k+1 fields starting at
/// `arn` (after the name's shift) joined with ",", and that ARN starts with `arn:` and ends with
/// `:user/` + optional path + the name (a row of another kind, say root's, is never repaired).
/// Every other column keeps its value, shifted back into place. Anything else is not guessed
/// at: `None`, and the caller reports the row's field count as an error naming the line.
/// Offline files and live reports go through this one parser, so they behave alike.
fn repair_unquoted_commas(
    record: &csv::ByteRecord,
    width: usize,
    index: &[Option<usize>],
) -> Option<csv::ByteRecord> {
    let extra = record.len().checked_sub(width)?;
    if extra == 0 || extra % 2 != 0 {
        return None;
    }
    let k = extra / 2;
    // `user` and `arn` are required columns, so both are in the header (COLUMNS order).
    let (user, arn) = (index[0]?, index[1]?);
    // Where each header column starts in this row: after every earlier split column, k more.
    let start = |column: usize| column + k * [user, arn].iter().filter(|&&c| c < column).count();
    let joined = |column: usize| -> Option<String> {
        let from = start(column);
        let parts: Vec<&str> = (from..=from + k)
            .map(|i| std::str::from_utf8(record.get(i)?).ok())
            .collect::<Option<_>>()?;
        Some(parts.join(","))
    };
    let (name, user_arn) = (joined(user)?, joined(arn)?);
    let at = user_arn.find(":user/")?;
    let path_and_name = &user_arn[at + ":user/".len()..];
    let explained = user_arn.starts_with("arn:")
        && !name.is_empty()
        && (path_and_name == name || path_and_name.ends_with(&format!("/{name}")));
    if !explained {
        return None;
    }
    let mut fixed = csv::ByteRecord::with_capacity(record.as_slice().len(), width);
    for column in 0..width {
        if column == user {
            fixed.push_field(name.as_bytes());
        } else if column == arn {
            fixed.push_field(user_arn.as_bytes());
        } else {
            fixed.push_field(record.get(start(column))?);
        }
    }
    fixed.set_position(record.position().cloned());
    Some(fixed)
}

fn csv_error(file: &str, err: &csv::Error) -> InputError {
    let line = err.position().map_or(0, |p| p.line() as usize);
    let e = InputError::new(file, format!("malformed CSV: {err}"));
    if line > 0 {
        e.at(line, None)
    } else {
        e
    }
}

fn parse_row(
    record: &csv::ByteRecord,
    index: &[Option<usize>],
    file: &str,
    line: usize,
) -> Result<CredentialRow, InputError> {
    let mut row = CredentialRow::default();
    for ((name, kind, _), at) in COLUMNS.iter().zip(index) {
        let Some(at) = *at else { continue };
        let raw = record.get(at).unwrap_or_default();
        let field_error = |what: String| {
            InputError::new(file, format!("column {} ({name}): {what}", at + 1))
                .at(line, Some(at + 1))
        };
        let text = std::str::from_utf8(raw)
            .map_err(|_| field_error("not valid UTF-8".to_string()))?
            .trim();
        match kind {
            Kind::Text => set_text(&mut row, name, text, &field_error)?,
            Kind::Bool => {
                let value = if is_absent(text) {
                    None
                } else if text.eq_ignore_ascii_case("true") {
                    Some(true)
                } else if text.eq_ignore_ascii_case("false") {
                    Some(false)
                } else {
                    return Err(field_error(format!(
                        "expected true or false, found {text:?}"
                    )));
                };
                set_bool(&mut row, name, value);
            }
            Kind::Time => {
                let value = if is_absent(text) {
                    None
                } else {
                    Some(normalize_time(text).ok_or_else(|| {
                        field_error(format!(
                            "expected an RFC 3339 timestamp like 2026-11-17T10:20:30+00:00, found {text:?}"
                        ))
                    })?)
                };
                set_time(&mut row, name, value);
            }
        }
    }
    Ok(row)
}

fn set_text(
    row: &mut CredentialRow,
    name: &str,
    text: &str,
    field_error: &dyn Fn(String) -> InputError,
) -> Result<(), InputError> {
    let optional = (!is_absent(text)).then(|| text.to_string());
    match name {
        "user" | "arn" if text.is_empty() => return Err(field_error("empty".to_string())),
        "user" => row.user = text.to_string(),
        "arn" => row.arn = text.to_string(),
        "access_key_1_last_used_region" => row.access_key_1_last_used_region = optional,
        "access_key_1_last_used_service" => row.access_key_1_last_used_service = optional,
        "access_key_2_last_used_region" => row.access_key_2_last_used_region = optional,
        "access_key_2_last_used_service" => row.access_key_2_last_used_service = optional,
        _ => unreachable!("text column {name} not mapped"),
    }
    Ok(())
}

fn set_bool(row: &mut CredentialRow, name: &str, value: Option<bool>) {
    let slot = match name {
        "password_enabled" => &mut row.password_enabled,
        "mfa_active" => &mut row.mfa_active,
        "access_key_1_active" => &mut row.access_key_1_active,
        "access_key_2_active" => &mut row.access_key_2_active,
        "cert_1_active" => &mut row.cert_1_active,
        "cert_2_active" => &mut row.cert_2_active,
        _ => unreachable!("bool column {name} not mapped"),
    };
    *slot = value;
}

fn set_time(row: &mut CredentialRow, name: &str, value: Option<String>) {
    let slot = match name {
        "user_creation_time" => &mut row.user_creation_time,
        "password_last_used" => &mut row.password_last_used,
        "password_last_changed" => &mut row.password_last_changed,
        "password_next_rotation" => &mut row.password_next_rotation,
        "access_key_1_last_rotated" => &mut row.access_key_1_last_rotated,
        "access_key_1_last_used_date" => &mut row.access_key_1_last_used_date,
        "access_key_2_last_rotated" => &mut row.access_key_2_last_rotated,
        "access_key_2_last_used_date" => &mut row.access_key_2_last_used_date,
        "cert_1_last_rotated" => &mut row.cert_1_last_rotated,
        "cert_2_last_rotated" => &mut row.cert_2_last_rotated,
        _ => unreachable!("time column {name} not mapped"),
    };
    *slot = value;
}

/// The 12-digit account id in an IAM ARN (`arn:PARTITION:iam::ACCOUNT:...`).
pub fn account_of_arn(arn: &str) -> Option<&str> {
    let mut parts = arn.splitn(6, ':');
    let (arn_tag, _partition, service, _region, account) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    let valid = arn_tag == "arn"
        && service == "iam"
        && account.len() == 12
        && account.bytes().all(|b| b.is_ascii_digit());
    valid.then_some(account)
}

impl CredentialReport {
    /// The account every row's ARN names; an error when rows disagree or there are none.
    pub fn account_id(&self, file: &str) -> Result<Option<String>, InputError> {
        let mut found: Option<&str> = None;
        for row in self.root.iter().chain(&self.users) {
            let Some(account) = account_of_arn(&row.arn) else {
                return Err(InputError::new(
                    file,
                    format!(
                        "user {:?} has ARN {:?}, which names no IAM account",
                        row.user, row.arn
                    ),
                ));
            };
            match found {
                Some(seen) if seen != account => {
                    return Err(InputError::new(
                        file,
                        format!("rows name two accounts, {seen} and {account}; one report covers one account"),
                    ))
                }
                _ => found = Some(account),
            }
        }
        Ok(found.map(str::to_string))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";
    const ROOT: &str = "<root_account>,arn:aws:iam::123456789012:root,2020-01-01T00:00:00+00:00,not_supported,2026-11-01T08:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A";
    const ALICE: &str = "alice,arn:aws:iam::123456789012:user/alice,2024-03-01T12:00:00+00:00,true,no_information,2024-03-01T12:00:00+00:00,N/A,false,true,2024-03-01T12:05:00+00:00,2026-11-10T09:00:00+00:00,us-east-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A";

    fn report(lines: &[&str], eol: &str) -> String {
        lines.join(eol) + eol
    }

    #[test]
    fn types_values_and_splits_root() {
        let r = parse(report(&[HEADER, ROOT, ALICE], "\n").as_bytes(), "r.csv").unwrap();
        let root = r.root.unwrap();
        assert_eq!(root.password_enabled, None);
        assert_eq!(
            root.password_last_used.as_deref(),
            Some("2026-11-01T08:00:00Z")
        );
        assert_eq!(root.mfa_active, Some(true));
        assert_eq!(r.users.len(), 1);
        let alice = &r.users[0];
        assert_eq!(alice.password_enabled, Some(true));
        assert_eq!(alice.password_last_used, None);
        assert_eq!(
            alice.access_key_1_last_used_region.as_deref(),
            Some("us-east-1")
        );
        assert_eq!(alice.access_key_2_last_rotated, None);
    }

    #[test]
    fn base64_and_envelope_give_the_same_report() {
        let csv = report(&[HEADER, ROOT, ALICE], "\r\n");
        let plain = parse(csv.as_bytes(), "a").unwrap();
        let b64 = base64::engine::general_purpose::STANDARD.encode(&csv);
        assert_eq!(parse(b64.as_bytes(), "b").unwrap(), plain);
        let envelope = format!(
            "{{\n  \"Content\": \"{b64}\",\n  \"ReportFormat\": \"text/csv\",\n  \"GeneratedTime\": \"2026-11-19T23:00:00+00:00\"\n}}"
        );
        let enveloped = parse(envelope.as_bytes(), "c").unwrap();
        assert_eq!(
            enveloped.generated_at.as_deref(),
            Some("2026-11-19T23:00:00Z")
        );
        assert_eq!(enveloped.users, plain.users);
    }

    #[test]
    fn bad_base64_in_envelope_points_at_its_line() {
        let envelope = "{\n  \"ReportFormat\": \"text/csv\",\n  \"Content\": \"dXNl*cixhcm4=\"\n}";
        let err = parse(envelope.as_bytes(), "e.json").unwrap_err();
        assert_eq!(err.line, Some(3));
        assert!(err.message.contains("invalid base64"), "{err}");
    }

    #[test]
    fn bad_boolean_names_line_and_column() {
        let bad = ALICE.replacen(",true,no_information", ",yes,no_information", 1);
        let err = parse(report(&[HEADER, &bad], "\n").as_bytes(), "r.csv").unwrap_err();
        assert_eq!(
            err.to_string(),
            "r.csv:2:4: column 4 (password_enabled): expected true or false, found \"yes\""
        );
    }

    /// A user called `ops,oncall` (IAM allows commas) in a report that does not quote it: the
    /// row has two fields too many, exactly explained by the name and its ARN.
    #[test]
    fn a_user_name_with_unquoted_commas_is_put_back_together() {
        let ops = "ops,oncall,arn:aws:iam::123456789012:user/ops,oncall,2024-03-01T12:00:00+00:00,true,no_information,2024-03-01T12:00:00+00:00,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A";
        // Two commas, and a path in the ARN.
        let team = "a,b,c,arn:aws:iam::123456789012:user/teams/x/a,b,c,2024-03-01T12:00:00+00:00,false,N/A,N/A,N/A,false,true,2024-03-02T00:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A";
        let r = parse(
            report(&[HEADER, ROOT, ops, ALICE, team], "\n").as_bytes(),
            "r.csv",
        )
        .unwrap();
        let users: Vec<(&str, &str)> = r
            .users
            .iter()
            .map(|u| (u.user.as_str(), u.arn.as_str()))
            .collect();
        assert_eq!(
            users,
            [
                ("ops,oncall", "arn:aws:iam::123456789012:user/ops,oncall"),
                ("alice", "arn:aws:iam::123456789012:user/alice"),
                ("a,b,c", "arn:aws:iam::123456789012:user/teams/x/a,b,c"),
            ]
        );
        // The other columns are read where they belong.
        assert_eq!(r.users[0].password_enabled, Some(true));
        assert_eq!(r.users[0].mfa_active, Some(false));
        assert_eq!(r.users[2].access_key_1_active, Some(true));
        assert_eq!(
            r.users[2].access_key_1_last_rotated.as_deref(),
            Some("2024-03-02T00:00:00Z")
        );
        // Quoted, as a CSV writer would, it is the same report.
        let quoted = "\"ops,oncall\",\"arn:aws:iam::123456789012:user/ops,oncall\",2024-03-01T12:00:00+00:00,true,no_information,2024-03-01T12:00:00+00:00,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A";
        let q = parse(report(&[HEADER, quoted], "\n").as_bytes(), "q.csv").unwrap();
        assert_eq!(q.users[0], r.users[0]);
        // In base64 (what GetCredentialReport returns), too.
        let b64 = base64::engine::general_purpose::STANDARD.encode(report(&[HEADER, ops], "\r\n"));
        assert_eq!(parse(b64.as_bytes(), "b").unwrap().users[0], r.users[0]);
    }

    /// Extra fields the name and its ARN do not explain are not guessed at: the row is an error
    /// naming its line, as before.
    #[test]
    fn extra_fields_not_explained_by_the_name_stay_an_error() {
        let expected =
            |found: usize| format!("r.csv:3: expected 22 fields as in the header, found {found}");
        // The ARN does not end with the name.
        let other_arn = "ops,oncall,arn:aws:iam::123456789012:user/ops,other,2024-03-01T12:00:00+00:00,true,no_information,2024-03-01T12:00:00+00:00,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A";
        // An odd number of extra fields: a stray comma elsewhere.
        let stray = format!("{ALICE},extra");
        // Two extra fields, but not in the name: a stray comma in two other columns.
        let elsewhere = ALICE
            .replacen(",us-east-1,s3,", ",us-east-1,x,s3,", 1)
            .replacen(",false,N/A,false,N/A", ",false,N/A,false,N/A,y", 1);
        // Not an ARN at all.
        let not_arn = "ops,oncall,user/ops,oncall,2024-03-01T12:00:00+00:00,true,no_information,2024-03-01T12:00:00+00:00,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A";
        for (row, found) in [
            (other_arn, 24),
            (&stray, 23),
            (&elsewhere, 24),
            (not_arn, 24),
        ] {
            let err = parse(report(&[HEADER, ROOT, row], "\n").as_bytes(), "r.csv").unwrap_err();
            assert_eq!(err.to_string(), expected(found), "{row}");
        }
    }

    #[test]
    fn account_id_from_arns() {
        let r = parse(report(&[HEADER, ROOT, ALICE], "\n").as_bytes(), "r.csv").unwrap();
        assert_eq!(
            r.account_id("r.csv").unwrap().as_deref(),
            Some("123456789012")
        );
        assert_eq!(
            account_of_arn("arn:aws-us-gov:iam::123456789012:user/x"),
            Some("123456789012")
        );
        assert_eq!(account_of_arn("arn:aws:s3:::bucket"), None);
    }
}
