//! Output formats for results, one file per format, chosen by one [`Format`] value. Every
//! format has the same entry point, `write(results, context, out)`; the formats know nothing
//! of the exit code, which lives on [`Results`].

use std::io::{self, Write};

use crate::policy::RuleInfo;
use crate::results::{Controls, Results};

pub mod csv;
pub mod github;
pub mod json;
pub mod json_spill;
pub mod junit;
pub mod sarif;
pub mod table;

/// The per-finding result formats (what each is: `tenet check --help`, src/cli/values.rs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Csv,
    Sarif,
    Junit,
    Github,
}

/// Options that affect how results look, not what they say.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    pub color: bool,
    /// The table lists every finding, a line each, instead of leading with what needs action.
    pub every_finding: bool,
}

/// What an emitter may need beyond the results: the rules that produced them (for help text
/// that results do not carry, such as the recommended action) and the style.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    /// The rules that were evaluated. May be empty (results read back from a file); emitters
    /// then fall back to what each finding carries.
    pub rules: &'a [RuleInfo],
    pub style: Style,
    /// The file the findings were read from, as given (`examples/acme/organization.yaml`);
    /// SARIF locates results there. `None` for live collection or results read back.
    pub input: Option<&'a str>,
}

impl<'a> Context<'a> {
    pub fn rule(&self, id: &str) -> Option<&'a RuleInfo> {
        self.rules.iter().find(|r| *r.id == *id)
    }
}

pub fn write(
    format: Format,
    results: &Results,
    context: &Context,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Table => table::write(results, context, out),
        Format::Json => json::write(results, context, out),
        Format::Csv => csv::write(results, context, out),
        Format::Sarif => sarif::write(results, context, out),
        Format::Junit => junit::write(results, context, out),
        Format::Github => github::write(results, context, out),
    }
}

/// "3 controls", "1 control".
pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The account a finding belongs to, as shown to people: organization findings of a snapshot
/// without a management account id have none.
pub(crate) fn account_label(account: &str) -> &str {
    if account.is_empty() {
        "organization"
    } else {
        account
    }
}

/// A finding's controls as `framework:id`, sorted by framework, then id: `cis-aws-6.0:2.3`.
pub(crate) fn control_tags(controls: &Controls) -> Vec<String> {
    let mut pairs: Vec<(&str, &str)> = controls
        .iter()
        .flat_map(|(framework, ids)| ids.iter().map(move |id| (framework.as_str(), id.as_str())))
        .collect();
    pairs.sort();
    pairs.dedup();
    pairs
        .into_iter()
        .map(|(framework, id)| format!("{framework}:{id}"))
        .collect()
}

/// `text` on one line for a terminal or a log: control characters (a newline or an escape
/// sequence in a message from AWS or a policy) are shown escaped (`\n`, `\u{1b}`).
pub fn single_line(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out.into()
}

/// `text` safe in GitHub-flavoured Markdown, table cells included: HTML (`<root_account>` would
/// vanish as an unknown tag), emphasis, links, strikethrough and cell breaks are escaped;
/// a line break becomes `line_break`.
pub(crate) fn markdown_text(text: &str, line_break: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' => out.push_str(line_break),
            '\r' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{markdown_text, single_line, spreadsheet_safe};

    #[test]
    fn only_formula_like_text_is_defused() {
        let cases = [
            ("=1+1", "'=1+1"),
            ("+SUM(A1)", "'+SUM(A1)"),
            ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
            ("@SUM(1)", "'@SUM(1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("-12", "-12"),
            ("+3.5", "+3.5"),
            ("arn:aws:iam::1:user/a=b", "arn:aws:iam::1:user/a=b"),
            ("", ""),
        ];
        for (cell, expected) in cases {
            assert_eq!(spreadsheet_safe(cell), expected, "{cell:?}");
        }
    }

    #[test]
    fn single_line_escapes_control_characters_only() {
        assert_eq!(
            single_line("AccessDenied: <no> | way"),
            "AccessDenied: <no> | way"
        );
        assert_eq!(
            single_line("AccessDenied\nnext\r\t\u{1b}[2J é"),
            "AccessDenied\\nnext\\r\\t\\u{1b}[2J é"
        );
    }

    #[test]
    fn markdown_text_cannot_break_a_table_or_smuggle_markup() {
        assert_eq!(
            markdown_text("ev|il\r x [link](http://e.example) ~~s~~ <b>*i*</b> a\\b\nc", " "),
            "ev\\|il  x \\[link\\](http://e.example) \\~\\~s\\~\\~ &lt;b&gt;\\*i\\*&lt;/b&gt; a\\\\b c"
        );
        assert_eq!(markdown_text("a\nb", "<br>"), "a<br>b");
    }
}

/// Shared by the unit tests of every format: a small result set covering each status.
#[cfg(test)]
pub(crate) mod fixture {
    use crate::policy::{RuleInfo, Scope};
    use crate::results::{Controls, Finding, Results, Severity, Status};

    pub const AS_OF: &str = "2026-11-20T00:00:00Z";

    fn controls(pairs: &[(&str, &[&str])]) -> Controls {
        pairs
            .iter()
            .map(|(f, ids)| (f.to_string(), ids.iter().map(|s| s.to_string()).collect()))
            .collect()
    }

    #[allow(clippy::too_many_arguments)]
    pub fn finding(
        account: &str,
        rule: &str,
        title: &str,
        severity: Severity,
        resource: &str,
        status: Status,
        message: &str,
        frameworks: &[(&str, &[&str])],
    ) -> Finding {
        Finding {
            rule: rule.into(),
            title: title.into(),
            severity,
            account: account.into(),
            resource: resource.into(),
            status,
            message: message.into(),
            controls: controls(frameworks).into(),
            error: None,
            waiver: None,
            expired_waiver: None,
        }
    }

    const KEYS: &[(&str, &[&str])] = &[
        ("soc2", &["CC6.3", "CC6.1"]),
        ("cis-aws-6.0", &["2.3"]),
        ("hipaa", &["164.312(a)(2)(i)"]),
    ];
    const CONSOLE: &[(&str, &[&str])] = &[("cis-aws-6.0", &["2.9"]), ("soc2", &["CC6.1"])];
    const POLICY: &[(&str, &[&str])] = &[("cis-aws-6.0", &["2.7"])];

    /// Two accounts, three rules, every status once or more.
    pub fn results() -> Results {
        use Severity::*;
        use Status::*;
        let keys = "Root user has no active access keys";
        let console = "IAM users with a console password have MFA enabled";
        let policy = "Password policy requires at least 14 characters";
        Results::new(
            AS_OF.into(),
            vec![
                finding(
                    "111111111111",
                    "root_access_keys",
                    keys,
                    Critical,
                    "arn:aws:iam::111111111111:root",
                    Pass,
                    "no active root access keys",
                    KEYS,
                ),
                finding(
                    "222222222222",
                    "root_access_keys",
                    keys,
                    Critical,
                    "arn:aws:iam::222222222222:root",
                    Fail,
                    "root access key 1 is active (last used 2026-11-10)",
                    KEYS,
                ),
                finding(
                    "222222222222",
                    "user_console_mfa",
                    console,
                    Medium,
                    "arn:aws:iam::222222222222:user/bob",
                    Fail,
                    "bob signs in with a password, 100% without MFA,\nsince 2025-06-01",
                    CONSOLE,
                ),
                finding(
                    "222222222222",
                    "user_console_mfa",
                    console,
                    Medium,
                    "arn:aws:iam::222222222222:user/alice",
                    Pass,
                    "alice has MFA",
                    CONSOLE,
                ),
                finding(
                    "111111111111",
                    "user_console_mfa",
                    console,
                    Medium,
                    "arn:aws:iam::111111111111:user/ops",
                    NotApplicable,
                    "ops has no console password",
                    CONSOLE,
                ),
                finding(
                    "111111111111",
                    "password_policy_length",
                    policy,
                    Low,
                    "arn:aws:iam::111111111111:root",
                    Unknown,
                    "the password policy could not be read",
                    POLICY,
                ),
                finding(
                    "222222222222",
                    "password_policy_length",
                    policy,
                    Low,
                    "arn:aws:iam::222222222222:root",
                    Error,
                    "not evaluated: credential_report could not be collected: AccessDenied",
                    POLICY,
                ),
            ],
        )
    }

    pub fn rules() -> Vec<RuleInfo> {
        let rule = |id: &str, title: &str, severity, action: &str, frameworks| RuleInfo {
            id: id.into(),
            title: title.into(),
            description: format!("Checks that {}.", title.to_lowercase()),
            severity,
            resource: Scope::Account,
            recommended_action: action.into(),
            frameworks: controls(frameworks).into(),
            package: format!("data.tenet.aws.{id}"),
            file: format!("policies/aws/{id}.rego"),
            line: 14,
        };
        vec![
            rule(
                "password_policy_length",
                "Password policy requires at least 14 characters",
                Severity::Low,
                "Set a minimum password length of 14.",
                POLICY,
            ),
            rule(
                "root_access_keys",
                "Root user has no active access keys",
                Severity::Critical,
                "Delete the root user's access keys.",
                KEYS,
            ),
            rule(
                "user_console_mfa",
                "IAM users with a console password have MFA enabled",
                Severity::Medium,
                "Have the user assign an MFA device.",
                CONSOLE,
            ),
        ]
    }
}

/// A CSV cell a spreadsheet will show rather than run: text that starts like a formula (`=`,
/// `+`, `-`, `@`, tab or carriage return) and is not a plain number gets a leading `'`, as
/// OWASP advises against CSV injection. User, account and rule text comes from the input and
/// from policies, so whoever writes those could otherwise plant a formula in an auditor's sheet.
pub fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    let formula_like = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if formula_like && cell.parse::<f64>().is_err() {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// Writes one CSV record, every cell made [`spreadsheet_safe`] (without copying the cells that
/// need no change: a findings CSV has millions).
pub(crate) fn write_csv_row<W: std::io::Write, S: AsRef<str>>(
    csv: &mut ::csv::Writer<W>,
    cells: impl IntoIterator<Item = S>,
) -> ::csv::Result<()> {
    for cell in cells {
        csv.write_field(spreadsheet_safe(cell.as_ref()).as_bytes())?;
    }
    csv.write_record(None::<&[u8]>)
}
