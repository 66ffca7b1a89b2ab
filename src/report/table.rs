//! The terminal view: findings grouped by account, worst first within each account, and a
//! summary line. Colour only when asked (the CLI asks on a TTY without NO_COLOR).

use std::io::{self, Write};

use super::{Context, Style};
use crate::results::{Finding, Results, Status};

fn label(status: Status) -> &'static str {
    match status {
        Status::Pass => "PASS",
        Status::Fail => "FAIL",
        Status::Unknown => "UNKNOWN",
        Status::NotApplicable => "N/A",
        Status::Error => "ERROR",
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
    };
    format!("\x1b[{code}m{text}\x1b[0m")
}

/// Fail and error first, then unknown, pass, not applicable; then by severity.
fn rank(f: &Finding) -> (u8, std::cmp::Reverse<crate::results::Severity>) {
    let order = match f.status {
        Status::Error => 0,
        Status::Fail => 1,
        Status::Unknown => 2,
        Status::Pass => 3,
        Status::NotApplicable => 4,
    };
    (order, std::cmp::Reverse(f.severity))
}

pub fn write(results: &Results, context: &Context, out: &mut dyn Write) -> io::Result<()> {
    let style = context.style;
    let rule_width = results
        .results
        .iter()
        .map(|f| f.rule.len())
        .max()
        .unwrap_or(4);
    // Results are in account order: one run of findings per account.
    for findings in results.results.chunk_by(|a, b| a.account == b.account) {
        let mut rows: Vec<&Finding> = findings.iter().collect();
        rows.sort_by_key(|f| rank(f));
        writeln!(
            out,
            "{}",
            super::single_line(super::account_label(&findings[0].account))
        )?;
        for f in rows {
            let status = paint(f.status, &format!("{:<7}", label(f.status)), style);
            // Text from policies and inputs cannot move the cursor or recolour the terminal.
            writeln!(
                out,
                "  {status}  {:<8}  {:<rule_width$}  {}  {}",
                f.severity.as_str(),
                f.rule,
                super::single_line(&f.resource),
                super::single_line(&f.message)
            )?;
        }
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
            super::single_line(filter)
        )?;
    }
    writeln!(
        out,
        "{} findings as of {}: {} pass, {} fail, {} unknown, {} not applicable, {} error",
        s.total(),
        results.as_of,
        s.pass,
        s.fail,
        s.unknown,
        s.not_applicable,
        s.error
    )
}
