//! The terminal view. By default it leads with what needs action: per account, the failing,
//! unknown and error findings of each rule on one line (naming every resource), worst
//! severity first, then the rules that pass; a closing summary per severity and per rule; the
//! totals. With `Style::every_finding` (`--status`), one line per finding as it stands.
//! Colour only when asked (the CLI asks on a TTY without NO_COLOR).

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

use super::{single_line, Context, Style};
use crate::results::{Finding, Results, Severity, Status, Summary};

fn label(status: Status) -> &'static str {
    match status {
        Status::Pass => "PASS",
        Status::Fail => "FAIL",
        Status::Unknown => "UNKNOWN",
        Status::NotApplicable => "N/A",
        Status::Error => "ERROR",
        Status::Waived => "WAIVED",
    }
}

fn paint(status: Status, text: &str, style: Style) -> String {
    if !style.color {
        return text.to_string();
    }
    let code = match status {
        Status::Pass => "32",
        Status::Fail | Status::Error => "1;31",
        Status::Unknown => "33",
        Status::NotApplicable => "2",
        Status::Waived => "36",
    };
    format!("\x1b[{code}m{text}\x1b[0m")
}

/// Error first, then fail, unknown, waived, pass, not applicable.
fn status_rank(status: Status) -> u8 {
    match status {
        Status::Error => 0,
        Status::Fail => 1,
        Status::Unknown => 2,
        Status::Waived => 3,
        Status::Pass => 4,
        Status::NotApplicable => 5,
    }
}

pub fn write(results: &Results, context: &Context, out: &mut dyn Write) -> io::Result<()> {
    let rule_width = results
        .results
        .iter()
        .map(|f| f.rule.len())
        .max()
        .unwrap_or(4);
    // Results are in account order: one run of findings per account.
    for findings in results.results.chunk_by(|a, b| a.account == b.account) {
        writeln!(
            out,
            "{}",
            single_line(super::account_label(&findings[0].account))
        )?;
        if context.style.every_finding {
            every_finding(findings, rule_width, context.style, out)?;
        } else {
            needing_action(findings, rule_width, context.style, out)?;
        }
        writeln!(out)?;
    }
    if !context.style.every_finding && !results.results.is_empty() {
        let columns = Columns {
            waived: !results.waivers.is_empty(),
        };
        by_severity(&results.results, columns, out)?;
        writeln!(out)?;
        by_rule(&results.results, rule_width, columns, out)?;
        writeln!(out)?;
    }
    let s = &results.summary;
    // Filtered, the totals stay the whole evaluation's and a line says how much is shown.
    if let Some(filter) = &results.filter {
        writeln!(
            out,
            "showing {} of {} findings ({})",
            results.results.len(),
            s.total(),
            single_line(filter)
        )?;
    }
    write!(
        out,
        "{} findings as of {}: {} pass, {} fail, {} unknown, {} not applicable, {} error",
        s.total(),
        results.as_of,
        s.pass,
        s.fail,
        s.unknown,
        s.not_applicable,
        s.error
    )?;
    if !results.waivers.is_empty() || s.waived > 0 {
        write!(out, ", {} waived", s.waived)?;
    }
    writeln!(out)
}

/// What a finding adds about waivers: the one covering it, or the one that expired.
fn waiver_note(f: &Finding) -> String {
    match (&f.waiver, &f.expired_waiver) {
        (Some(w), _) => format!("  [waived by {} until {}]", w.id, w.expires),
        (None, Some(id)) => format!("  [waiver {id} expired]"),
        (None, None) => String::new(),
    }
}

/// One account's findings, a line each: worst status first, then by severity.
fn every_finding(
    findings: &[Finding],
    rule_width: usize,
    style: Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut rows: Vec<&Finding> = findings.iter().collect();
    rows.sort_by_key(|f| (status_rank(f.status), Reverse(f.severity)));
    for f in rows {
        // Text from policies and inputs cannot move the cursor or recolour the terminal.
        writeln!(
            out,
            "  {}  {:<8}  {:<rule_width$}  {}  {}{}",
            paint(f.status, &format!("{:<7}", label(f.status)), style),
            f.severity.as_str(),
            f.rule,
            single_line(&f.resource),
            single_line(&f.message),
            single_line(&waiver_note(f))
        )?;
    }
    Ok(())
}

/// One account's findings that need action, a line per rule and status (most severe first),
/// then a line counting each rule's passes and one its not-applicable findings.
fn needing_action(
    findings: &[Finding],
    rule_width: usize,
    style: Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    // Findings of one rule and status share a line, unless different waivers concern them.
    type Key<'a> = (Reverse<Severity>, u8, &'a str, String);
    let mut groups: BTreeMap<Key, Vec<&Finding>> = BTreeMap::new();
    let mut passes: BTreeMap<&str, usize> = BTreeMap::new();
    let mut not_applicable: BTreeMap<&str, usize> = BTreeMap::new();
    for f in findings {
        match f.status {
            Status::Pass => *passes.entry(&f.rule).or_default() += 1,
            Status::NotApplicable => *not_applicable.entry(&f.rule).or_default() += 1,
            status => groups
                .entry((
                    Reverse(f.severity),
                    status_rank(status),
                    &f.rule,
                    waiver_note(f),
                ))
                .or_default()
                .push(f),
        }
    }
    for ((.., note), group) in &groups {
        let first = group[0];
        let status = paint(first.status, &format!("{:<7}", label(first.status)), style);
        let what = if let [only] = group[..] {
            format!("{}  {}", short_resource(only), single_line(&only.message))
        } else {
            let resources: Vec<_> = group.iter().map(|f| short_resource(f)).collect();
            format!(
                "{} ({}): {}",
                single_line(&shared_reason(group)),
                group.len(),
                resources.join(", ")
            )
        };
        writeln!(
            out,
            "  {status}  {:<8}  {:<rule_width$}  {what}{}",
            first.severity.as_str(),
            first.rule,
            single_line(note)
        )?;
    }
    for (status, counts) in [
        (Status::Pass, passes),
        (Status::NotApplicable, not_applicable),
    ] {
        if counts.is_empty() {
            continue;
        }
        let counts: Vec<String> = counts
            .iter()
            .map(|(rule, n)| format!("{rule} {n}"))
            .collect();
        writeln!(
            out,
            "  {}  {}",
            paint(status, &format!("{:<7}", label(status)), style),
            counts.join(", ")
        )?;
    }
    Ok(())
}

/// A resource as shown under its account's heading: an ARN of a global service in that
/// account without its `arn:aws:iam::111111111111:` prefix (`user/alice`, `root`); anything
/// else whole.
fn short_resource(f: &Finding) -> std::borrow::Cow<'_, str> {
    let parts: Vec<&str> = f.resource.splitn(6, ':').collect();
    match parts[..] {
        ["arn", _partition, _service, "", account, rest] if account == &*f.account => {
            single_line(rest)
        }
        _ => single_line(&f.resource),
    }
}

/// Why several findings of one rule and status stand: their message when they all say the
/// same, else the part before `: ` or ` (` they all share (messages read `what: detail` or
/// `what (evidence)`), else the rule's title.
fn shared_reason(group: &[&Finding]) -> String {
    let first: &str = &group[0].message;
    if group.iter().all(|f| *f.message == *first) {
        return first.to_string();
    }
    let head = |message: &str| {
        let end = [": ", " ("]
            .iter()
            .filter_map(|separator| message.find(separator))
            .min();
        message[..end.unwrap_or(message.len())].to_string()
    };
    let shared = head(first);
    if group.iter().all(|f| head(&f.message) == shared) {
        shared
    } else {
        group[0].title.to_string()
    }
}

/// The count columns of the closing summaries; `waived` only when waivers were applied.
#[derive(Clone, Copy)]
struct Columns {
    waived: bool,
}

impl Columns {
    fn head(self, out: &mut dyn Write, head: &str) -> io::Result<()> {
        write!(
            out,
            "{head}  {:>6}  {:>7}  {:>6}  {:>6}  {:>6}",
            "fail", "unknown", "error", "pass", "n/a"
        )?;
        if self.waived {
            write!(out, "  {:>6}", "waived")?;
        }
        writeln!(out)
    }

    fn counts(self, summary: &Summary) -> String {
        let mut text = format!(
            "{:>6}  {:>7}  {:>6}  {:>6}  {:>6}",
            summary.fail, summary.unknown, summary.error, summary.pass, summary.not_applicable
        );
        if self.waived {
            text.push_str(&format!("  {:>6}", summary.waived));
        }
        text
    }
}

/// Findings per severity and status, most severe first.
fn by_severity(findings: &[Finding], columns: Columns, out: &mut dyn Write) -> io::Result<()> {
    let mut severities: BTreeMap<Reverse<Severity>, Summary> = BTreeMap::new();
    for f in findings {
        severities
            .entry(Reverse(f.severity))
            .or_default()
            .count(f.status);
    }
    columns.head(out, &format!("{:<10}", "severity"))?;
    for (Reverse(severity), summary) in &severities {
        writeln!(
            out,
            "{:<10}  {}",
            severity.as_str(),
            columns.counts(summary)
        )?;
    }
    Ok(())
}

/// Per rule, how many of the accounts it evaluated have a failing finding, and its findings per
/// status; the rules failing in most accounts first, like a survey's table of practices.
fn by_rule(
    findings: &[Finding],
    rule_width: usize,
    columns: Columns,
    out: &mut dyn Write,
) -> io::Result<()> {
    struct Row<'a> {
        severity: Severity,
        accounts: BTreeSet<&'a str>,
        failing: BTreeSet<&'a str>,
        summary: Summary,
    }
    let mut rules: BTreeMap<&str, Row> = BTreeMap::new();
    for f in findings {
        let row = rules.entry(&f.rule).or_insert_with(|| Row {
            severity: f.severity,
            accounts: BTreeSet::new(),
            failing: BTreeSet::new(),
            summary: Summary::default(),
        });
        row.accounts.insert(&f.account);
        if f.status == Status::Fail {
            row.failing.insert(&f.account);
        }
        row.summary.count(f.status);
    }
    let mut rows: Vec<(&str, Row)> = rules.into_iter().collect();
    rows.sort_by_key(|(rule, row)| {
        let s = &row.summary;
        (
            Reverse(row.failing.len()),
            Reverse(row.severity),
            Reverse(s.fail),
            Reverse(s.unknown + s.error),
            *rule,
        )
    });
    let width = rule_width.max("rule".len());
    columns.head(
        out,
        &format!(
            "{:<width$}  {:<8}  {:<22}",
            "rule", "severity", "accounts failing"
        ),
    )?;
    for (rule, row) in &rows {
        let share = 100.0 * row.failing.len() as f64 / row.accounts.len() as f64;
        let accounts = format!(
            "{} of {} ({share:.1}%)",
            row.failing.len(),
            row.accounts.len()
        );
        writeln!(
            out,
            "{rule:<width$}  {:<8}  {accounts:<22}  {}",
            row.severity.as_str(),
            columns.counts(&row.summary)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    fn finding(account: &str, resource: &str, message: &str) -> Finding {
        Finding {
            rule: "user_key_rotation".into(),
            title: "Access keys are rotated every 90 days or less".into(),
            severity: Severity::Medium,
            account: account.into(),
            resource: resource.into(),
            status: Status::Fail,
            message: message.into(),
            controls: Arc::default(),
            error: None,
            waiver: None,
            expired_waiver: None,
        }
    }

    #[test]
    fn a_global_arn_of_the_account_is_shortened() {
        let short = |account, resource| short_resource(&finding(account, resource, "")).to_string();
        assert_eq!(short("1", "arn:aws:iam::1:user/a/b"), "user/a/b");
        assert_eq!(short("1", "arn:aws:iam::1:root"), "root");
        assert_eq!(
            short("1", "arn:aws:organizations::1:organization/o-1"),
            "organization/o-1"
        );
        // Another account's, a regional one and a name that is no ARN stay whole.
        assert_eq!(short("2", "arn:aws:iam::1:root"), "arn:aws:iam::1:root");
        assert_eq!(
            short("1", "arn:aws:access-analyzer:us-east-1:1:analyzer/a"),
            "arn:aws:access-analyzer:us-east-1:1:analyzer/a"
        );
        assert_eq!(short("1", "root"), "root");
    }

    #[test]
    fn a_group_gives_the_reason_its_findings_share() {
        let group = |messages: &[&str]| -> String {
            let findings: Vec<Finding> = messages.iter().map(|m| finding("1", "r", m)).collect();
            shared_reason(&findings.iter().collect::<Vec<_>>())
        };
        assert_eq!(group(&["same", "same"]), "same");
        assert_eq!(
            group(&[
                "access keys not rotated within 90 days: access key 1 last rotated 2026-08-20",
                "access keys not rotated within 90 days: access key 2 last rotated 2026-05-03",
            ]),
            "access keys not rotated within 90 days"
        );
        assert_eq!(
            group(&["user has MFA", "user has MFA: virtual"]),
            "user has MFA"
        );
        assert_eq!(
            group(&[
                "user has no MFA (password last used 2026-11-12)",
                "user has no MFA (password never used)"
            ]),
            "user has no MFA"
        );
        assert_eq!(
            group(&["no key", "two keys"]),
            "Access keys are rotated every 90 days or less"
        );
    }
}
