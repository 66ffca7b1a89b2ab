//! JUnit XML through `quick-junit`, for CI systems that show test reports: a testsuite per
//! rule (in rule id order), a testcase per finding named after its resource, with the account
//! as classname. Fail is a `<failure>` (type = severity), error an `<error>`, unknown and not
//! applicable are `<skipped>` with the finding's message, pass a plain success. A failure's
//! text is its message and the rule's recommended action.

use std::collections::BTreeMap;
use std::io::{self, Write};

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use super::Context;
use crate::results::{Finding, Results, Status};

fn test_case(f: &Finding, context: &Context) -> TestCase {
    let mut status = match f.status {
        Status::Pass => TestCaseStatus::success(),
        Status::Fail => TestCaseStatus::non_success(NonSuccessKind::Failure),
        Status::Error => TestCaseStatus::non_success(NonSuccessKind::Error),
        Status::Unknown | Status::NotApplicable | Status::Waived => TestCaseStatus::skipped(),
    };
    if let Some(waiver) = &f.waiver {
        // Skipped, with the accepted risk as the reason.
        status.set_message(xml_text(&format!("{}; {}", waiver.describe(), f.message)));
        status.set_type(Status::Waived.as_str());
    } else if f.status != Status::Pass {
        let message = match &f.expired_waiver {
            Some(id) => format!("{} (waiver {id} expired)", f.message),
            None => f.message.to_string(),
        };
        status.set_message(xml_text(&message));
        status.set_type(match f.status {
            Status::Fail => f.severity.as_str(),
            other => other.as_str(),
        });
    }
    // The body repeats the message (attribute values lose their line breaks) and, for a
    // failure, says what to do about it.
    match (f.status, context.rule(&f.rule)) {
        (Status::Fail, Some(rule)) if !rule.recommended_action.is_empty() => {
            status.set_description(xml_text(&format!(
                "{}\n\nRecommended action: {}",
                f.message, rule.recommended_action
            )));
        }
        (Status::Fail | Status::Error, _) => {
            status.set_description(xml_text(&f.message));
        }
        _ => {}
    }
    let mut case = TestCase::new(xml_text(&f.resource), status);
    case.set_classname(xml_text(super::account_label(&f.account)));
    case
}

/// `text` with the characters XML 1.0 forbids and quick-junit lets through (U+FFFE, U+FFFF)
/// replaced by U+FFFD, so a message a policy wrote cannot make the report unreadable.
fn xml_text(text: &str) -> String {
    text.replace(['\u{FFFE}', '\u{FFFF}'], "\u{FFFD}")
}

pub fn write(results: &Results, context: &Context, out: &mut dyn Write) -> io::Result<()> {
    let mut by_rule: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in &results.results {
        by_rule.entry(&f.rule).or_default().push(f);
    }
    let mut report = Report::new("tenet");
    for (rule, findings) in by_rule {
        let mut suite = TestSuite::new(rule);
        let first = findings[0];
        suite.add_property(("title", xml_text(&first.title).as_str()));
        suite.add_property(("severity", first.severity.as_str()));
        suite.add_property((
            "controls",
            super::control_tags(&first.controls).join(" ").as_str(),
        ));
        suite.add_test_cases(findings.iter().map(|f| test_case(f, context)));
        report.add_test_suite(suite);
    }
    report
        .serialize(out)
        .map_err(|e| io::Error::other(format!("cannot write JUnit XML: {e}")))
}

#[cfg(test)]
mod tests {
    use super::super::fixture;
    use super::*;

    fn render() -> String {
        let rules = fixture::rules();
        let context = Context {
            rules: &rules,
            ..Context::default()
        };
        let mut out = Vec::new();
        write(&fixture::results(), &context, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_suite_per_rule_with_counts_per_status() {
        let xml = render();
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"tenet\" tests=\"7\" skipped=\"2\" failures=\"2\" errors=\"1\">"), "{xml}");
        for suite in [
            "<testsuite name=\"password_policy_length\" tests=\"2\" skipped=\"1\" errors=\"1\" failures=\"0\">",
            "<testsuite name=\"root_access_keys\" tests=\"2\" skipped=\"0\" errors=\"0\" failures=\"1\">",
            "<testsuite name=\"user_console_mfa\" tests=\"3\" skipped=\"1\" errors=\"0\" failures=\"1\">",
        ] {
            assert!(xml.contains(suite), "{suite} in {xml}");
        }
    }

    #[test]
    fn a_failure_carries_message_severity_and_the_recommended_action() {
        let xml = render();
        assert!(
            xml.contains("<testcase name=\"arn:aws:iam::222222222222:root\" classname=\"222222222222\">\n            <failure message=\"root access key 1 is active (last used 2026-11-10)\" type=\"critical\">root access key 1 is active (last used 2026-11-10)\n\nRecommended action: Delete the root user&apos;s access keys.</failure>"),
            "{xml}"
        );
        assert!(
            xml.contains(
                "<skipped message=\"the password policy could not be read\" type=\"unknown\"/>"
            ),
            "{xml}"
        );
        assert!(xml.contains("<error message=\"not evaluated: credential_report could not be collected: AccessDenied\" type=\"error\">not evaluated: credential_report could not be collected: AccessDenied</error>"), "{xml}");
        // A pass is a plain testcase.
        assert!(xml.contains("<testcase name=\"arn:aws:iam::222222222222:user/alice\" classname=\"222222222222\"/>"), "{xml}");
    }

    #[test]
    fn characters_xml_forbids_are_replaced() {
        let mut results = fixture::results();
        results.results[0].message = "bad \u{FFFF} text \u{FFFE}".into();
        results.results[0].resource = "arn:aws:iam::1:user/\u{FFFF}".into();
        let rules = fixture::rules();
        let context = Context {
            rules: &rules,
            ..Context::default()
        };
        let mut out = Vec::new();
        write(&results, &context, &mut out).unwrap();
        let xml = String::from_utf8(out).unwrap();
        assert!(!xml.contains(['\u{FFFE}', '\u{FFFF}']), "{xml}");
        assert!(xml.contains("user/\u{FFFD}"), "{xml}");
    }
}
