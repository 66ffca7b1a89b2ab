//! GitHub Actions workflow commands: one annotation per failed or errored finding, then one
//! summary notice. Annotations are not tied to a file (findings are about AWS resources, not
//! lines of code), so they show on the workflow run's summary page.
//!
//! `::error title=root_access_keys (critical)::222222222222 arn:aws:iam::222222222222:root: ...`
//!
//! A failure of a critical or high rule is an `error`, of a medium or low one a `warning`; an
//! `error` finding (not evaluated) is always an `error`. Pass, unknown and not applicable
//! findings only count in the summary.

use std::io::{self, Write};

use super::Context;
use crate::results::{Results, Severity, Status, WaiverState};

/// Escapes the message part of a workflow command, as the Actions runner's toolkit does.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (`title=...`): the message escapes, plus `:` and `,`, which would
/// otherwise end the value.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn write(results: &Results, _context: &Context, out: &mut dyn Write) -> io::Result<()> {
    for f in &results.results {
        let command = match (f.status, f.severity) {
            (Status::Error, _) => "error",
            (Status::Fail, Severity::Critical | Severity::High) => "error",
            (Status::Fail, Severity::Medium | Severity::Low) => "warning",
            (Status::Waived, _) => "notice",
            (Status::Pass | Status::Unknown | Status::NotApplicable, _) => continue,
        };
        let title = format!("{} ({})", f.rule, f.severity.as_str());
        let mut text = format!(
            "{} {}: {}",
            super::account_label(&f.account),
            f.resource,
            f.message
        );
        if let Some(waiver) = &f.waiver {
            text = format!("{text} ({})", waiver.describe());
        }
        writeln!(
            out,
            "::{command} title={}::{}",
            escape_property(&title),
            escape_data(&text)
        )?;
    }
    // An expired waiver is an error of its own: someone's accepted risk ran out.
    for w in results
        .waivers
        .iter()
        .filter(|w| w.state == WaiverState::Expired)
    {
        let text = format!(
            "waiver {} ({}) expired on {}: the {} finding(s) it matched count again",
            w.id, w.owner, w.expires, w.findings
        );
        writeln!(
            out,
            "::error title={}::{}",
            escape_property(&format!("waiver {} expired", w.id)),
            escape_data(&text)
        )?;
    }
    let s = &results.summary;
    write!(
        out,
        "::notice title=tenet::{} pass, {} fail, {} unknown, {} not applicable, {} error",
        s.pass, s.fail, s.unknown, s.not_applicable, s.error
    )?;
    if !results.waivers.is_empty() {
        write!(out, ", {} waived", s.waived)?;
    }
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::super::fixture;
    use super::*;

    fn render(results: &Results) -> String {
        let mut out = Vec::new();
        write(results, &Context::default(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn an_annotation_per_fail_or_error_then_the_summary() {
        // The error finding is a low rule but still an ::error; bob's failure is medium, so a
        // ::warning, and the %, \n in his message are escaped (the comma is not: it is data).
        let expected = "\
::error title=password_policy_length (low)::222222222222 arn:aws:iam::222222222222:root: not evaluated: credential_report could not be collected: AccessDenied
::error title=root_access_keys (critical)::222222222222 arn:aws:iam::222222222222:root: root access key 1 is active (last used 2026-11-10)
::warning title=user_console_mfa (medium)::222222222222 arn:aws:iam::222222222222:user/bob: bob signs in with a password, 100%25 without MFA,%0Asince 2025-06-01
::notice title=tenet::2 pass, 2 fail, 1 unknown, 1 not applicable, 1 error
";
        assert_eq!(render(&fixture::results()), expected);
    }

    #[test]
    fn every_line_is_one_command() {
        let text = render(&fixture::results());
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4, "3 fail/error findings and the summary");
        assert!(lines.iter().all(|l| l.starts_with("::")));
    }

    #[test]
    fn property_values_escape_colon_comma_and_line_breaks() {
        assert_eq!(
            escape_property("a:b,c%d\r\ne"),
            "a%3Ab%2Cc%25d%0D%0Ae".to_string()
        );
        assert_eq!(escape_data("a:b,c%d\r\ne"), "a:b,c%25d%0D%0Ae".to_string());
    }

    #[test]
    fn organization_findings_without_an_account_are_labelled() {
        let mut results = fixture::results();
        let f = results
            .results
            .iter_mut()
            .find(|f| f.status == Status::Fail)
            .unwrap();
        f.account = "".into();
        f.resource = "arn:aws:organizations::111111111111:organization/o-1".into();
        let text = render(&results);
        assert!(
            text.contains("::organization arn:aws:organizations::111111111111:organization/o-1: "),
            "{text}"
        );
    }

    #[test]
    fn nothing_failed_gives_only_the_summary() {
        let mut results = fixture::results();
        results.results.retain(|f| f.status == Status::Pass);
        results.summary = Default::default();
        results.summary.pass = results.results.len();
        assert_eq!(
            render(&results),
            "::notice title=tenet::2 pass, 0 fail, 0 unknown, 0 not applicable, 0 error\n"
        );
    }
}
