//! Property tests for every parser tenet feeds with files a user or an attacker may shape:
//! the credential report (CSV, base64 blob, CLI JSON envelope), SCP documents, snapshots,
//! organization.yaml and the threshold config.
//!
//! For each: arbitrary bytes and mutations of real fixtures (examples/acme, tests/data) never
//! panic, and are either accepted or refused with one line that names the file and a position
//! (a line, a JSON path, or a place in the decoded report); generated valid inputs read back as
//! exactly what was written (parse → serialize → parse).
//!
//! Each property runs 256 cases (15 properties, 3,840 cases, about a second in a release
//! build);
//! `TENET_PROPTEST_CASES=N` runs N each.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::TestCaseError;
use serde_json::{json, Value};

use tenet::collect::{files, stream};
use tenet::error::InputError;
use tenet::model::credential_report::{self, CredentialReport, CredentialRow, ROOT_USER};
use tenet::model::scp::{self, Conditions, PolicyDocument, Statement};
use tenet::model::{
    Account, CollectionError, Organization, OrganizationalUnit, PasswordPolicy,
    PasswordPolicyState, Policy, Snapshot, SNAPSHOT_SCHEMA,
};
use tenet::policy::{Bundle, BundleOptions};

use crate::support::AS_OF;

fn config() -> ProptestConfig {
    let cases = std::env::var("TENET_PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(256);
    ProptestConfig {
        cases,
        // A failure prints its minimal input; pin it as a named test rather than a file.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Inputs: fixtures, mutations, arbitrary bytes.

fn fixtures(paths: &[&str]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for p in paths {
        let path = Path::new(p);
        if path.is_dir() {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            entries.sort();
            out.extend(entries.iter().map(|e| std::fs::read(e).unwrap()));
        } else {
            out.push(std::fs::read(path).unwrap());
        }
    }
    assert!(!out.is_empty());
    out
}

fn report_fixtures() -> Vec<Vec<u8>> {
    fixtures(&[
        "examples/acme/credential-reports",
        "tests/data/users/123456789012.csv",
        "tests/data/org-rules/credential-reports",
    ])
}

fn scp_fixtures() -> Vec<Vec<u8>> {
    fixtures(&["examples/acme/scps", "tests/data/org-rules/scps"])
}

/// One edit to a byte string; positions are fractions of its length, so they shrink well.
#[derive(Debug, Clone)]
enum Mutation {
    Truncate(Index),
    Delete(Index, usize),
    Insert(Index, Vec<u8>),
    Overwrite(Index, u8),
    DuplicateLine(Index),
    SwapLines(Index, Index),
}

/// Bytes that move a parser off its happy path.
fn interesting_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::sample::select(vec![
            b",".to_vec(),
            b"\"".to_vec(),
            b"\n".to_vec(),
            b"\r\n".to_vec(),
            b";".to_vec(),
            b"\t".to_vec(),
            b"{".to_vec(),
            b"}".to_vec(),
            b"[".to_vec(),
            b"]".to_vec(),
            b":".to_vec(),
            b"\\".to_vec(),
            b"\xEF\xBB\xBF".to_vec(),
            b"\xFF".to_vec(),
            b"\xC3".to_vec(),
            b"\x00".to_vec(),
            b"N/A".to_vec(),
            b"<root_account>".to_vec(),
            b"true".to_vec(),
            b"=".to_vec(),
        ]),
        prop::collection::vec(any::<u8>(), 1..8),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<Index>().prop_map(Mutation::Truncate),
        (any::<Index>(), 1usize..16).prop_map(|(i, n)| Mutation::Delete(i, n)),
        (any::<Index>(), interesting_bytes()).prop_map(|(i, b)| Mutation::Insert(i, b)),
        (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Mutation::Overwrite(i, b)),
        any::<Index>().prop_map(Mutation::DuplicateLine),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
    ]
}

fn mutate(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        let at = |i: &Index, len: usize| if len == 0 { 0 } else { i.index(len + 1) };
        match m {
            Mutation::Truncate(i) => bytes.truncate(at(i, bytes.len())),
            Mutation::Delete(i, n) => {
                let start = at(i, bytes.len());
                let end = (start + n).min(bytes.len());
                bytes.drain(start..end);
            }
            Mutation::Insert(i, b) => {
                let start = at(i, bytes.len());
                bytes.splice(start..start, b.iter().copied());
            }
            Mutation::Overwrite(i, b) => {
                if !bytes.is_empty() {
                    let at = i.index(bytes.len());
                    bytes[at] = *b;
                }
            }
            Mutation::DuplicateLine(i) | Mutation::SwapLines(i, _) => {
                let mut lines: Vec<Vec<u8>> =
                    bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
                let a = i.index(lines.len());
                match m {
                    Mutation::SwapLines(_, j) => {
                        let b = j.index(lines.len());
                        lines.swap(a, b);
                    }
                    _ => {
                        let line = lines[a].clone();
                        lines.insert(a, line);
                    }
                }
                bytes = lines.join(&b'\n');
            }
        }
    }
    bytes
}

/// Arbitrary bytes, and text built from a parser's own vocabulary so that cases get past the
/// first check.
fn hostile_bytes(words: &'static [&'static str]) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..512),
        prop::collection::vec(
            prop_oneof![
                prop::sample::select(words).prop_map(|w| w.as_bytes().to_vec()),
                interesting_bytes(),
            ],
            0..64
        )
        .prop_map(|parts| parts.concat()),
    ]
}

const REPORT_WORDS: &[&str] = &[
    "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated\n",
    "<root_account>,arn:aws:iam::123456789012:root,2019-02-11T10:20:30+00:00,not_supported,2026-03-04T08:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n",
    "alice,arn:aws:iam::123456789012:user/alice,2021-04-07T09:00:00+00:00,true,no_information,N/A,N/A,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n",
    "{\"Content\": \"",
    "dXNlcixhcm4K",
    "\", \"ReportFormat\": \"text/csv\", \"GeneratedTime\": \"2026-11-19T23:00:00+00:00\"}",
    "2026-11-19T23:00:00+00:00",
    ",",
    "\n",
];

const JSON_WORDS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ":",
    ",",
    "\"Version\"",
    "\"2012-10-17\"",
    "\"Statement\"",
    "\"Effect\"",
    "\"Deny\"",
    "\"Allow\"",
    "\"Action\"",
    "\"*\"",
    "\"Resource\"",
    "\"Condition\"",
    "\"BoolIfExists\"",
    "\"aws:MultiFactorAuthPresent\"",
    "false",
    "true",
    "null",
    "0",
    "-1e999",
    "\"Policy\"",
    "\"Content\"",
    "\"PolicySummary\"",
    "\"Id\"",
    "\"\\u0000\"",
    "\"\\ud800\"",
    "\"schema\"",
    "\"tenet.snapshot/v1\"",
    "\"collected_at\"",
    "\"2026-11-20T00:00:00Z\"",
    "\"accounts\"",
    "\"account_id\"",
    "\"123456789012\"",
    "\"organization\"",
    "\"credential_report\"",
];

const YAML_WORDS: &[&str] = &[
    "id: o-1\n",
    "management_account_id: \"123456789012\"\n",
    "root_id: r-1\n",
    "ous:\n",
    "accounts:\n",
    "policies:\n",
    "  - ",
    "{ ",
    " }",
    "account_id: ",
    "\"123456789012\"",
    "parent_id: ",
    "ou-1",
    "r-1",
    "name: ",
    ", ",
    "\n",
    "  ",
    "\t",
    "&a ",
    "*a",
    "[",
    "]",
    "? ",
    "!!binary ",
    "---\n",
    "...\n",
    "rotation_days: ",
    "90",
    "~",
    "'",
    "\"",
];

/// The property every refusal must have: one line, naming `file`, and a position unless it is
/// about the file as a whole (`whole_file` lists those messages' beginnings).
fn located(err: &InputError, file: &str, whole_file: &[&str]) -> Result<(), TestCaseError> {
    let text = err.to_string();
    prop_assert!(!text.contains('\n'), "more than one line: {text:?}");
    prop_assert_eq!(&err.file, file);
    prop_assert!(text.starts_with(file), "{text}");
    let has_place = err.line.is_some()
        || err.message.contains("of the decoded report")
        || whole_file.iter().any(|w| err.message.starts_with(w));
    prop_assert!(has_place, "no position: {text}");
    Ok(())
}

const REPORT_WHOLE_FILE: &[&str] = &[
    "empty credential report",
    "the file is UTF-16",
    // The message starts with the size: checked by bad_inputs.rs.
];

/// SCP errors about the document's structure name their JSON path instead of a line.
const SCP_PATHS: &[&str] = &[
    "Statement",
    "Version:",
    "Policy.Content",
    "a policy document must be a JSON object",
];

fn check_report(bytes: &[u8]) -> Result<(), TestCaseError> {
    match credential_report::parse(bytes, "in.csv") {
        Ok(report) => {
            // Whatever was accepted is what tenet evaluates: it must survive a snapshot.
            let json = serde_json::to_string(&report).unwrap();
            let back: CredentialReport = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(back, report);
            Ok(())
        }
        Err(e) => located(&e, "in.csv", REPORT_WHOLE_FILE),
    }
}

fn check_scp(bytes: &[u8]) -> Result<(), TestCaseError> {
    match scp::parse(bytes, "in.json") {
        // Accepted documents are normalised: reading the normal form gives it back.
        Ok(parsed) => {
            let json = serde_json::to_vec(&parsed.document).unwrap();
            prop_assert_eq!(
                scp::parse(&json, "again.json").unwrap().document,
                parsed.document
            );
            Ok(())
        }
        Err(e) => located(&e, "in.json", SCP_PATHS),
    }
}

// ---------------------------------------------------------------------------------------------
// Credential reports.

/// An RFC 3339 UTC time as tenet stores it.
fn utc_time() -> impl Strategy<Value = String> {
    (
        1970i32..2100,
        1u32..=12,
        1u32..=28,
        0u32..24,
        0u32..60,
        0u32..60,
    )
        .prop_map(|(y, mo, d, h, mi, s)| format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z"))
}

/// Text a report may hold: anything but surrounding whitespace and the absent markers.
fn report_text() -> impl Strategy<Value = String> {
    const EDGE: &str = "[a-zA-Z0-9,;\"'/:._@+=é☃-]";
    const INNER: &str = "[a-zA-Z0-9 ,;\"'\n\r/:._@+=é☃-]";
    proptest::string::string_regex(&format!("{EDGE}({INNER}{{0,22}}{EDGE})?"))
        .unwrap()
        .prop_filter("not an absent marker", |s| {
            !matches!(s.as_str(), "N/A" | "not_supported" | "no_information")
        })
}

fn row(user: BoxedStrategy<String>) -> impl Strategy<Value = CredentialRow> {
    let t = || prop::option::of(utc_time());
    let b = || prop::option::of(any::<bool>());
    let text = || prop::option::of(report_text());
    (
        (user, report_text(), t(), b(), t(), t(), t(), b()),
        (b(), t(), t(), text(), text()),
        (b(), t(), t(), text(), text()),
        (b(), t(), b(), t()),
    )
        .prop_map(
            |(
                (user, arn, created, pw, pw_used, pw_changed, pw_next, mfa),
                (k1, k1_rot, k1_used, k1_region, k1_service),
                (k2, k2_rot, k2_used, k2_region, k2_service),
                (c1, c1_rot, c2, c2_rot),
            )| CredentialRow {
                user,
                arn,
                user_creation_time: created,
                password_enabled: pw,
                password_last_used: pw_used,
                password_last_changed: pw_changed,
                password_next_rotation: pw_next,
                mfa_active: mfa,
                access_key_1_active: k1,
                access_key_1_last_rotated: k1_rot,
                access_key_1_last_used_date: k1_used,
                access_key_1_last_used_region: k1_region,
                access_key_1_last_used_service: k1_service,
                access_key_2_active: k2,
                access_key_2_last_rotated: k2_rot,
                access_key_2_last_used_date: k2_used,
                access_key_2_last_used_region: k2_region,
                access_key_2_last_used_service: k2_service,
                cert_1_active: c1,
                cert_1_last_rotated: c1_rot,
                cert_2_active: c2,
                cert_2_last_rotated: c2_rot,
            },
        )
}

fn report() -> impl Strategy<Value = CredentialReport> {
    // IAM user names: letters, digits and +=,.@_- (so commas need quoting in the CSV).
    let user = "[a-zA-Z0-9+=,.@_-]{1,64}".boxed();
    (
        prop::option::of(row(Just(ROOT_USER.to_string()).boxed())),
        prop::collection::vec(row(user), 0..6),
    )
        .prop_map(|(root, users)| CredentialReport {
            generated_at: None,
            root,
            users,
        })
}

/// The cells of one row in AWS's column order, with the markers AWS writes for absent values.
fn cells(row: &CredentialRow, style: &Style) -> Vec<String> {
    let text = |v: &Option<String>| v.clone().unwrap_or_else(|| "N/A".to_string());
    let flag = |v: &Option<bool>| match v {
        Some(b) => b.to_string(),
        None => style.absent_flag.to_string(),
    };
    let time = |v: &Option<String>| match v {
        Some(t) => style.render_time(t),
        None => style.absent_time.to_string(),
    };
    vec![
        row.user.clone(),
        row.arn.clone(),
        time(&row.user_creation_time),
        flag(&row.password_enabled),
        time(&row.password_last_used),
        time(&row.password_last_changed),
        time(&row.password_next_rotation),
        flag(&row.mfa_active),
        flag(&row.access_key_1_active),
        time(&row.access_key_1_last_rotated),
        time(&row.access_key_1_last_used_date),
        text(&row.access_key_1_last_used_region),
        text(&row.access_key_1_last_used_service),
        flag(&row.access_key_2_active),
        time(&row.access_key_2_last_rotated),
        time(&row.access_key_2_last_used_date),
        text(&row.access_key_2_last_used_region),
        text(&row.access_key_2_last_used_service),
        flag(&row.cert_1_active),
        time(&row.cert_1_last_rotated),
        flag(&row.cert_2_active),
        time(&row.cert_2_last_rotated),
    ]
}

const HEADER: [&str; 22] = [
    "user",
    "arn",
    "user_creation_time",
    "password_enabled",
    "password_last_used",
    "password_last_changed",
    "password_next_rotation",
    "mfa_active",
    "access_key_1_active",
    "access_key_1_last_rotated",
    "access_key_1_last_used_date",
    "access_key_1_last_used_region",
    "access_key_1_last_used_service",
    "access_key_2_active",
    "access_key_2_last_rotated",
    "access_key_2_last_used_date",
    "access_key_2_last_used_region",
    "access_key_2_last_used_service",
    "cert_1_active",
    "cert_1_last_rotated",
    "cert_2_active",
    "cert_2_last_rotated",
];

/// How a report is written out: every form the parser must accept.
#[derive(Debug, Clone)]
struct Style {
    /// Column order (a permutation of 0..22) and extra columns appended to it.
    order: Vec<usize>,
    extra: Vec<(String, String)>,
    crlf: bool,
    bom: bool,
    /// Minutes east of UTC that times are written in.
    offset_minutes: i32,
    absent_flag: &'static str,
    absent_time: &'static str,
}

impl Style {
    fn render_time(&self, utc: &str) -> String {
        let t = chrono::DateTime::parse_from_rfc3339(utc).unwrap();
        let zone = chrono::FixedOffset::east_opt(self.offset_minutes * 60).unwrap();
        t.with_timezone(&zone)
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
    }
}

fn style() -> impl Strategy<Value = Style> {
    (
        Just((0..22).collect::<Vec<usize>>()).prop_shuffle(),
        prop::collection::vec(("x_[a-z]{1,8}", report_text()), 0..3),
        any::<bool>(),
        any::<bool>(),
        -720i32..=840,
        prop::sample::select(vec!["N/A", "not_supported", "no_information"]),
        prop::sample::select(vec!["N/A", "not_supported", "no_information"]),
    )
        .prop_map(
            |(order, extra, crlf, bom, offset_minutes, absent_flag, absent_time)| Style {
                order,
                extra,
                crlf,
                bom,
                offset_minutes,
                absent_flag,
                absent_time,
            },
        )
}

fn to_csv(report: &CredentialReport, style: &Style) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(if style.crlf {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        })
        .from_writer(Vec::new());
    let mut header: Vec<String> = style.order.iter().map(|&i| HEADER[i].to_string()).collect();
    header.extend(style.extra.iter().map(|(name, _)| name.clone()));
    writer.write_record(&header).unwrap();
    for row in report.root.iter().chain(&report.users) {
        let all = cells(row, style);
        let mut record: Vec<String> = style.order.iter().map(|&i| all[i].clone()).collect();
        record.extend(style.extra.iter().map(|(_, value)| value.clone()));
        writer.write_record(&record).unwrap();
    }
    let mut bytes = if style.bom {
        b"\xEF\xBB\xBF".to_vec()
    } else {
        Vec::new()
    };
    bytes.extend(writer.into_inner().unwrap());
    bytes
}

// ---------------------------------------------------------------------------------------------
// SCP documents.

fn scp_strings() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec("[a-zA-Z0-9:*/_-]{1,20}", 1..4)
}

fn conditions() -> impl Strategy<Value = Conditions> {
    prop::collection::btree_map(
        "[A-Za-z]{1,16}",
        prop::collection::btree_map(
            "[a-zA-Z:/_-]{1,24}",
            prop::collection::vec(
                prop_oneof![
                    "[a-zA-Z0-9:*/_-]{0,16}",
                    Just("true".into()),
                    Just("false".into()),
                    "[1-9][0-9]{0,5}"
                ],
                1..3,
            ),
            1..3,
        ),
        0..3,
    )
}

fn statement() -> impl Strategy<Value = Statement> {
    (
        prop::option::of("[a-zA-Z0-9]{1,12}"),
        prop::sample::select(vec!["Allow", "Deny"]),
        prop::option::of(scp_strings()),
        prop::option::of(scp_strings()),
        prop::option::of(scp_strings()),
        prop::option::of(scp_strings()),
        prop::option::of(conditions()),
    )
        .prop_map(
            |(sid, effect, action, not_action, resource, not_resource, condition)| Statement {
                sid,
                effect: effect.to_string(),
                action,
                not_action,
                resource,
                not_resource,
                condition,
            },
        )
}

fn document() -> impl Strategy<Value = PolicyDocument> {
    (
        prop::option::of(prop_oneof![Just("2012-10-17".to_string()), "[0-9-]{1,10}"]),
        prop::collection::vec(statement(), 0..4),
    )
        .prop_map(|(version, statement)| PolicyDocument { version, statement })
}

/// The document in a shape AWS also accepts: single values not in arrays, one statement not in
/// an array, "true"/"false" and numbers unquoted. `pick` says which liberties to take.
fn loosen(doc: &PolicyDocument, pick: &[bool]) -> Value {
    let mut choices = pick.iter().copied().cycle();
    let mut next = move || choices.next().unwrap_or(false);
    let mut value = serde_json::to_value(doc).unwrap();
    let statements = value["Statement"].as_array_mut().unwrap();
    for s in statements.iter_mut() {
        for key in ["Action", "NotAction", "Resource", "NotResource"] {
            if let Some(Value::Array(items)) = s.get(key) {
                if items.len() == 1 && next() {
                    s[key] = items[0].clone();
                }
            }
        }
        if let Some(Value::Object(ops)) = s.get_mut("Condition") {
            for keys in ops.values_mut() {
                for v in keys.as_object_mut().unwrap().values_mut() {
                    let items = v.as_array_mut().unwrap();
                    for item in items.iter_mut() {
                        let text = item.as_str().unwrap().to_string();
                        if next() {
                            if let Ok(b) = text.parse::<bool>() {
                                *item = json!(b);
                            } else if let Some(n) =
                                text.parse::<u64>().ok().filter(|n| n.to_string() == text)
                            {
                                // Only a number that reads back as the same text: "00" is
                                // not the number 0 (which a policy reads as "0").
                                *item = json!(n);
                            }
                        }
                    }
                    if items.len() == 1 && next() {
                        *v = items[0].clone();
                    }
                }
            }
        }
    }
    if statements.len() == 1 && next() {
        value["Statement"] = statements[0].clone();
    }
    value
}

// ---------------------------------------------------------------------------------------------
// Snapshots.

fn account_id() -> impl Strategy<Value = String> {
    "[0-9]{12}"
}

fn snapshot() -> impl Strategy<Value = Snapshot> {
    let password_policy = (
        prop::option::of(6i64..128),
        prop::option::of(any::<bool>()),
        prop::option::of(any::<bool>()),
        prop::option::of(0i64..1095),
        prop::option::of(0i64..24),
    )
        .prop_map(|(length, symbols, expire, age, reuse)| PasswordPolicy {
            minimum_password_length: length,
            require_symbols: symbols,
            require_numbers: symbols.map(|b| !b),
            require_uppercase_characters: expire,
            require_lowercase_characters: None,
            allow_users_to_change_password: Some(true),
            expire_passwords: expire,
            max_password_age: age,
            password_reuse_prevention: reuse,
            hard_expiry: None,
        });
    let account = (
        account_id(),
        prop::option::of("[a-z-]{1,20}"),
        (
            any::<bool>(),
            prop::option::of(prop::sample::select(vec!["SUSPENDED", "PENDING_CLOSURE"])),
        ),
        prop::collection::vec("(r|ou)-[a-z0-9]{4}", 0..3),
        prop::collection::vec("p-[a-z0-9]{4}", 0..3),
        prop::option::of(report()),
        (
            prop::option::of(password_policy),
            prop::sample::select(vec![
                PasswordPolicyState::Set,
                PasswordPolicyState::None,
                PasswordPolicyState::Unknown,
            ]),
            prop::option::of(any::<bool>()),
            prop::option::of(any::<bool>()),
            prop::option::of(prop::collection::btree_map(
                "[a-z_]{1,16}",
                any::<i64>(),
                0..4,
            )),
            prop::collection::vec(
                ("[a-z_]{1,16}", "\\PC{0,40}").prop_map(|(stage, message)| CollectionError {
                    stage: tenet::model::Stage::from(stage.as_str()),
                    message,
                }),
                0..2,
            ),
        ),
    )
        .prop_map(
            |(
                id,
                name,
                (is_management, status),
                parents,
                effective_scps,
                credential_report,
                rest,
            )| {
                let (password_policy, state, virtual_mfa, password_present, summary, errors) = rest;
                Account {
                    account_id: id,
                    name,
                    is_management,
                    status: status.map(str::to_string),
                    parents,
                    effective_scps,
                    credential_report,
                    password_policy,
                    password_policy_state: state,
                    root_virtual_mfa: virtual_mfa,
                    root_password_present: password_present,
                    account_summary: summary,
                    // Not generated yet: tests/it/iam_input.rs round-trips one.
                    iam: None,
                    errors,
                }
            },
        );
    let organization = (
        prop::option::of("o-[a-z0-9]{10}"),
        prop::option::of(account_id()),
        prop::option::of(any::<bool>()),
        prop::option::of(any::<bool>()),
        prop::collection::vec(
            (
                "p-[a-z0-9]{6}",
                "\\PC{1,20}",
                any::<bool>(),
                document(),
                prop::collection::vec("(r|ou)-[a-z0-9]{4}", 0..3),
            )
                .prop_map(|(id, name, aws_managed, document, targets)| Policy {
                    id,
                    name,
                    aws_managed,
                    document,
                    targets,
                }),
            0..3,
        ),
        prop::collection::vec(
            ("ou-[a-z0-9]{4}", "\\PC{1,20}", "(r|ou)-[a-z0-9]{4}").prop_map(
                |(id, name, parent_id)| OrganizationalUnit {
                    id,
                    name,
                    parent_id,
                },
            ),
            0..3,
        ),
    )
        .prop_map(
            |(id, management, scp_enabled, root_cm, policies, ous)| Organization {
                id,
                management_account_id: management,
                feature_set: Some("ALL".into()),
                scp_enabled,
                root_credentials_management: root_cm,
                root_sessions: root_cm,
                policies,
                ous,
            },
        );
    (
        utc_time(),
        prop::option::of(organization),
        prop::collection::vec(account, 0..4),
    )
        .prop_map(|(collected_at, organization, mut accounts)| {
            // Account ids are unique in a snapshot.
            let mut seen = std::collections::HashSet::new();
            accounts.retain(|a| seen.insert(a.account_id.clone()));
            Snapshot {
                schema: SNAPSHOT_SCHEMA.to_string(),
                collected_at,
                organization,
                accounts,
            }
        })
}

fn write_temp(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

// ---------------------------------------------------------------------------------------------
// organization.yaml

/// Printable text. Not U+2028 and U+2029: YAML 1.1, which serde_yaml reads, counts them as
/// line breaks and folds them inside quoted scalars.
const YAML_TEXT: &str = "[\\PC&&[^\u{2028}\u{2029}]]{1,16}";

/// An OU tree (each OU's parent is the root or an OU before it) and accounts placed in it.
#[derive(Debug, Clone)]
struct OrgSpec {
    management: usize,
    ous: Vec<(String, usize)>, // name, parent: 0 = root, i = ous[i - 1]
    accounts: Vec<(String, usize)>, // name, parent as above; ids are 1000000000NN
}

fn org_spec() -> impl Strategy<Value = OrgSpec> {
    (
        prop::collection::vec((YAML_TEXT, any::<Index>()), 0..6),
        prop::collection::vec((YAML_TEXT, any::<Index>()), 1..6),
        any::<Index>(),
    )
        .prop_map(|(ous, accounts, management)| {
            let ous: Vec<(String, usize)> = ous
                .into_iter()
                .enumerate()
                .map(|(i, (name, parent))| (name, parent.index(i + 1)))
                .collect();
            let places = ous.len() + 1;
            OrgSpec {
                management: management.index(accounts.len()),
                accounts: accounts
                    .into_iter()
                    .map(|(name, parent)| (name, parent.index(places)))
                    .collect(),
                ous,
            }
        })
}

impl OrgSpec {
    fn place_id(&self, place: usize) -> String {
        if place == 0 {
            "r-root".to_string()
        } else {
            format!("ou-{place:04}")
        }
    }

    fn account_id(&self, i: usize) -> String {
        format!("1000000000{i:02}")
    }

    /// Root → ... → the place, as tenet must derive it.
    fn path(&self, mut place: usize) -> Vec<String> {
        let mut path = vec![self.place_id(place)];
        while place != 0 {
            place = self.ous[place - 1].1;
            path.push(self.place_id(place));
        }
        path.reverse();
        path
    }

    /// Block style, names as JSON strings (a YAML double-quoted scalar).
    fn yaml(&self) -> String {
        let q = |s: &str| serde_json::to_string(s).unwrap();
        let mut out = format!(
            "id: o-proptest01\nmanagement_account_id: {}\nroot_id: r-root\nous:\n",
            q(&self.account_id(self.management))
        );
        for (i, (name, parent)) in self.ous.iter().enumerate() {
            out += &format!(
                "  - id: {}\n    name: {}\n    parent_id: {}\n",
                self.place_id(i + 1),
                q(name),
                self.place_id(*parent)
            );
        }
        out += "accounts:\n";
        for (i, (name, parent)) in self.accounts.iter().enumerate() {
            out += &format!(
                "  - {{ account_id: {}, name: {}, parent_id: {} }}\n",
                q(&self.account_id(i)),
                q(name),
                self.place_id(*parent)
            );
        }
        out
    }
}

// ---------------------------------------------------------------------------------------------
// The properties.

proptest! {
    #![proptest_config(config())]

    #[test]
    fn report_from_hostile_bytes(bytes in hostile_bytes(REPORT_WORDS)) {
        check_report(&bytes)?;
    }

    #[test]
    fn report_from_mutated_fixtures(
        which in any::<Index>(),
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let all = report_fixtures();
        let bytes = mutate(all[which.index(all.len())].clone(), &mutations);
        check_report(&bytes)?;
    }

    #[test]
    fn report_round_trips_through_csv_base64_and_envelope(
        report in report(),
        style in style(),
        wrap in 40usize..120,
        generated in utc_time(),
    ) {
        let csv = to_csv(&report, &style);
        let parsed = credential_report::parse(&csv, "r.csv");
        prop_assert_eq!(parsed.as_ref(), Ok(&report), "{}", String::from_utf8_lossy(&csv));

        let b64 = base64::engine::general_purpose::STANDARD.encode(&csv);
        let wrapped: Vec<&str> = b64.as_bytes().chunks(wrap).map(|c| std::str::from_utf8(c).unwrap()).collect();
        prop_assert_eq!(credential_report::parse(wrapped.join("\n").as_bytes(), "r.b64"), Ok(report.clone()));

        let envelope = json!({"Content": b64, "ReportFormat": "text/csv", "GeneratedTime": style.render_time(&generated)});
        let enveloped = credential_report::parse(serde_json::to_string_pretty(&envelope).unwrap().as_bytes(), "r.json");
        prop_assert_eq!(enveloped, Ok(CredentialReport { generated_at: Some(generated), ..report }));
    }

    #[test]
    fn scp_from_hostile_bytes(bytes in hostile_bytes(JSON_WORDS)) {
        check_scp(&bytes)?;
    }

    #[test]
    fn scp_from_mutated_fixtures(
        which in any::<Index>(),
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let all = scp_fixtures();
        let bytes = mutate(all[which.index(all.len())].clone(), &mutations);
        check_scp(&bytes)?;
    }

    #[test]
    fn scp_round_trips_in_every_shape_aws_accepts(
        doc in document(),
        pick in prop::collection::vec(any::<bool>(), 1..16),
        describe in any::<bool>(),
    ) {
        let loose = loosen(&doc, &pick);
        let bytes = if describe {
            // aws organizations describe-policy: the document as a string in Policy.Content.
            serde_json::to_vec_pretty(&json!({"Policy": {"PolicySummary": {"Id": "p-1", "Name": "N", "AwsManaged": false}, "Content": loose.to_string()}})).unwrap()
        } else {
            serde_json::to_vec_pretty(&loose).unwrap()
        };
        let parsed = scp::parse(&bytes, "d.json");
        prop_assert_eq!(parsed.map(|p| p.document), Ok(doc), "{}", String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn snapshot_from_hostile_bytes(bytes in hostile_bytes(JSON_WORDS)) {
        let dir = tempfile::tempdir().unwrap();
        let path = write_temp(dir.path(), "s.json", &bytes);
        let file = path.display().to_string();
        if let Err(e) = files::load(&path, AS_OF) {
            // Not a snapshot, so read as a report; either way the error names the file.
            let mut whole = REPORT_WHOLE_FILE.to_vec();
            whole.extend(["schema is", "collected_at", "account ", "the report has no rows", "rows name two accounts", "user "]);
            located(&e, &file, &whole)?;
        }
    }

    #[test]
    fn snapshot_from_mutated_snapshots(
        snap in snapshot(),
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let bytes = mutate(serde_json::to_vec_pretty(&snap).unwrap(), &mutations);
        let path = write_temp(dir.path(), "s.json", &bytes);
        let file = path.display().to_string();
        if let Err(e) = files::load(&path, AS_OF) {
            let mut whole = REPORT_WHOLE_FILE.to_vec();
            whole.extend(["schema is", "collected_at", "account ", "the report has no rows", "rows name two accounts", "user "]);
            located(&e, &file, &whole)?;
        }
    }

    #[test]
    fn snapshot_round_trips(snap in snapshot()) {
        let dir = tempfile::tempdir().unwrap();
        let path = write_temp(dir.path(), "s.json", &serde_json::to_vec_pretty(&snap).unwrap());
        prop_assert_eq!(files::load_snapshot(&path), Ok(snap.clone()));
        // And `tenet check FILE` recognises it as a snapshot, not a report.
        prop_assert_eq!(files::load(&path, "2000-01-01T00:00:00Z"), Ok(snap));
    }

    #[test]
    fn snapshot_stream_from_hostile_bytes(bytes in hostile_bytes(JSON_WORDS)) {
        // `tenet check SNAPSHOT` streams the file account by account (src/collect/stream.rs).
        let dir = tempfile::tempdir().unwrap();
        let path = write_temp(dir.path(), "s.json", &bytes);
        let file = path.display().to_string();
        if let Err(e) = stream::read_snapshot(&path, &mut |_, _| {}) {
            located(&e, &file, &["schema is", "no \"schema\"", "collected_at", "account "])?;
        }
    }

    #[test]
    fn snapshot_stream_and_whole_file_readers_agree(
        snap in snapshot(),
        mutations in prop::collection::vec(mutation(), 0..4),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let bytes = mutate(serde_json::to_vec_pretty(&snap).unwrap(), &mutations);
        let path = write_temp(dir.path(), "s.json", &bytes);
        let mut streamed = Vec::new();
        let stream = stream::read_snapshot(&path, &mut |_, account| streamed.push(account));
        match (files::load_snapshot(&path), stream) {
            (Ok(whole), Ok(head)) => {
                prop_assert_eq!(&streamed, &whole.accounts);
                prop_assert_eq!(head.snapshot.collected_at, whole.collected_at);
                prop_assert_eq!(head.snapshot.organization, whole.organization);
            }
            (Err(_), Err(e)) => located(&e, &path.display().to_string(), &["schema is", "no \"schema\"", "collected_at", "account "])?,
            (whole, stream) => prop_assert!(false, "the readers disagree: {whole:?} / {stream:?}"),
        }
        if mutations.is_empty() {
            prop_assert_eq!(streamed, snap.accounts);
        }
    }

    #[test]
    fn organization_yaml_from_hostile_bytes(bytes in hostile_bytes(YAML_WORDS)) {
        let dir = tempfile::tempdir().unwrap();
        let path = write_temp(dir.path(), "organization.yaml", &bytes);
        let file = path.display().to_string();
        if let Err(e) = files::load_org_dir(dir.path(), AS_OF) {
            // Errors about the directory's contents as a whole name the directory.
            let named = e.file == file || e.file == dir.path().display().to_string();
            prop_assert!(named, "{e}");
            prop_assert!(!e.to_string().contains('\n'), "{e}");
            // YAML errors are located, except those about the file as a whole.
            let whole = ["limit exceeded", "more than one document"];
            if e.message.starts_with("invalid organization.yaml") || e.message == "not valid UTF-8" {
                prop_assert!(e.line.is_some() || whole.iter().any(|w| e.message.contains(w)), "{e}");
            }
        }
    }

    #[test]
    fn organization_yaml_gives_the_tree_it_describes(spec in org_spec()) {
        let dir = tempfile::tempdir().unwrap();
        write_temp(dir.path(), "organization.yaml", spec.yaml().as_bytes());
        let snap = files::load_org_dir(dir.path(), AS_OF);
        prop_assert!(snap.is_ok(), "{:?}\n{}", snap, spec.yaml());
        let snap = snap.unwrap();
        let org = snap.organization.as_ref().unwrap();
        let ous: Vec<(String, String, String)> = org.ous.iter().map(|o| (o.id.clone(), o.name.clone(), o.parent_id.clone())).collect();
        let expected_ous: Vec<(String, String, String)> = spec.ous.iter().enumerate().map(|(i, (name, parent))| (spec.place_id(i + 1), name.clone(), spec.place_id(*parent))).collect();
        prop_assert_eq!(ous, expected_ous);
        let accounts: Vec<(String, Option<String>, Vec<String>, bool)> = snap.accounts.iter().map(|a| (a.account_id.clone(), a.name.clone(), a.parents.clone(), a.is_management)).collect();
        let expected: Vec<(String, Option<String>, Vec<String>, bool)> = spec.accounts.iter().enumerate().map(|(i, (name, parent))| (spec.account_id(i), Some(name.clone()), spec.path(*parent), i == spec.management)).collect();
        prop_assert_eq!(accounts, expected);
    }

    #[test]
    fn config_from_hostile_bytes(bytes in hostile_bytes(YAML_WORDS)) {
        let dir = tempfile::tempdir().unwrap();
        let path = write_temp(dir.path(), "config.yaml", &bytes);
        let file = path.display().to_string();
        let loaded = Bundle::load(&BundleOptions { builtin: true, dirs: vec![], config: Some(path) });
        if let Err(e) = loaded {
            let text = format!("{e:#}");
            prop_assert!(!text.contains('\n'), "{text:?}");
            prop_assert!(text.starts_with(&file), "{text}");
        }
    }

    #[test]
    fn config_values_override_the_defaults(
        values in prop::collection::btree_map("[a-z_]{1,24}", prop_oneof![any::<i64>().prop_map(Value::from), any::<bool>().prop_map(Value::from), YAML_TEXT.prop_map(Value::from)], 0..6),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let yaml: String = values.iter().map(|(k, v)| format!("{}: {}\n", serde_json::to_string(k).unwrap(), v)).collect();
        let path = write_temp(dir.path(), "config.yaml", yaml.as_bytes());
        let bundle = Bundle::load(&BundleOptions { builtin: true, dirs: vec![], config: Some(path) });
        prop_assert!(bundle.is_ok(), "{:?}\n{yaml}", bundle.err());
        let config = bundle.unwrap().config;
        let defaults = Bundle::load(&BundleOptions { builtin: true, dirs: vec![], config: None }).unwrap().config;
        let mut expected: BTreeMap<String, Value> = defaults.as_object().unwrap().clone().into_iter().collect();
        expected.extend(values);
        let got: BTreeMap<String, Value> = config.as_object().unwrap().clone().into_iter().collect();
        prop_assert_eq!(got, expected);
    }
}
