//! How a [`Diff`] is shown: a terminal table, `tenet.diff/v1` JSON, or Markdown ready to post
//! as a pull-request comment (a headline, tables, and `<details>` around long lists).

use std::io::{self, Write};

use crate::diff::{Change, Diff, Readiness, RuleChange, WaiverChange};
use crate::report::plural;
use crate::results::{Status, Summary};

/// The diff formats: a terminal table, JSON (`tenet.diff/v1`), Markdown for a pull request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffFormat {
    Table,
    Json,
    Markdown,
}

/// Lists longer than this are folded into `<details>` in Markdown.
const LONG_LIST: usize = 10;

pub fn write(format: DiffFormat, diff: &Diff, out: &mut dyn Write) -> io::Result<()> {
    match format {
        DiffFormat::Table => table(diff, out),
        DiffFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, diff)?;
            writeln!(out)
        }
        DiffFormat::Markdown => markdown(diff, out),
    }
}

fn status(s: Option<Status>) -> &'static str {
    s.map_or("absent", Status::as_str)
}

/// "2 new failures, 1 fixed, 3 other status changes; 1 rule added, 0 removed", then
/// "; waivers: 1 added, 0 removed, 1 expired" when any waiver changed.
fn headline(d: &Diff) -> String {
    let waivers = [&d.waivers_added, &d.waivers_removed, &d.waivers_expired];
    let waivers = if waivers.iter().all(|w| w.is_empty()) {
        String::new()
    } else {
        format!(
            "; waivers: {} added, {} removed, {} expired",
            d.waivers_added.len(),
            d.waivers_removed.len(),
            d.waivers_expired.len()
        )
    };
    format!(
        "{}, {} fixed, {}; {} added, {} removed{waivers}",
        plural(d.new_failures.len(), "new failure", "new failures"),
        d.fixed.len(),
        plural(
            d.status_changes.len(),
            "other status change",
            "other status changes"
        ),
        plural(d.rules_added.len(), "rule", "rules"),
        d.rules_removed.len()
    )
}

fn findings(n: usize) -> String {
    plural(n, "finding", "findings")
}

/// The summary's statuses and counts, `waived` only when either side has waived findings.
fn summary_columns(d: &Diff) -> (Vec<&'static str>, [Vec<usize>; 2]) {
    let waived = d.base.summary.waived > 0 || d.head.summary.waived > 0;
    let counts = |s: &Summary| {
        let mut n = vec![s.pass, s.fail, s.unknown, s.not_applicable, s.error];
        n.extend(waived.then_some(s.waived));
        n
    };
    let mut names = vec!["pass", "fail", "unknown", "not applicable", "error"];
    names.extend(waived.then_some("waived"));
    (names, [counts(&d.base.summary), counts(&d.head.summary)])
}

fn percent(r: Option<Readiness>) -> String {
    match r {
        None => "-".to_string(),
        Some(r) => match r.percent {
            Some(p) => format!("{p:.1}% ({}/{})", r.pass, r.assessed),
            None => format!("- (0/{})", r.assessed),
        },
    }
}

fn rule_counts(s: &Summary) -> String {
    let parts: Vec<String> = [
        (s.fail, "fail"),
        (s.error, "error"),
        (s.unknown, "unknown"),
        (s.pass, "pass"),
        (s.not_applicable, "not applicable"),
        (s.waived, "waived"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} {what}"))
    .collect();
    parts.join(", ")
}

// ---- table ----

/// Rows with every column but the last padded to its widest cell, indented by two spaces.
fn aligned(rows: &[Vec<String>], out: &mut dyn Write) -> io::Result<()> {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in rows {
        let mut line = String::from(" ");
        for (c, cell) in row.iter().enumerate() {
            line.push(' ');
            if c + 1 < row.len() {
                line.push_str(&format!("{cell:<w$} ", w = widths[c]));
            } else {
                line.push_str(cell);
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

fn change_rows(changes: &[Change]) -> Vec<Vec<String>> {
    changes
        .iter()
        .map(|c| {
            vec![
                c.severity.as_str().to_string(),
                c.rule.clone(),
                crate::report::account_label(&c.account).to_string(),
                c.resource.clone(),
                format!("{} -> {}", status(c.before), status(c.after)),
                c.message.replace('\n', " "),
            ]
        })
        .collect()
}

fn rule_rows(rules: &[RuleChange]) -> Vec<Vec<String>> {
    rules
        .iter()
        .map(|r| {
            vec![
                r.severity.as_str().to_string(),
                r.rule.clone(),
                r.title.clone(),
                format!("({})", rule_counts(&r.summary)),
            ]
        })
        .collect()
}

fn waiver_rows(waivers: &[WaiverChange]) -> Vec<Vec<String>> {
    waivers
        .iter()
        .map(|w| {
            vec![
                w.id.clone(),
                w.rule.clone(),
                w.owner.clone(),
                format!("until {}", w.expires),
                format!("({})", findings(w.findings)),
            ]
        })
        .collect()
}

fn table(d: &Diff, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "tenet diff: base as of {} -> head as of {}",
        d.base.as_of, d.head.as_of
    )?;
    writeln!(out, "{}", headline(d))?;
    let sections = [
        ("New failures", change_rows(&d.new_failures)),
        ("Fixed failures", change_rows(&d.fixed)),
        ("Other status changes", change_rows(&d.status_changes)),
        ("Rules added", rule_rows(&d.rules_added)),
        ("Rules removed", rule_rows(&d.rules_removed)),
        ("Waivers added", waiver_rows(&d.waivers_added)),
        ("Waivers removed", waiver_rows(&d.waivers_removed)),
        ("Waivers expired", waiver_rows(&d.waivers_expired)),
    ];
    for (title, rows) in sections {
        if rows.is_empty() {
            continue;
        }
        writeln!(out, "\n{title} ({})", rows.len())?;
        aligned(&rows, out)?;
    }
    writeln!(out, "\nSummary (base -> head)")?;
    let (names, [before, after]) = summary_columns(d);
    let rows: Vec<Vec<String>> = names
        .iter()
        .zip(before.iter().zip(after.iter()))
        .map(|(name, (b, a))| vec![name.to_string(), format!("{b} -> {a}")])
        .collect();
    aligned(&rows, out)?;
    if !d.readiness.is_empty() {
        writeln!(out, "\nReadiness (base -> head)")?;
        let rows: Vec<Vec<String>> = d
            .readiness
            .iter()
            .map(|r| {
                vec![
                    r.framework.clone(),
                    percent(r.before),
                    "->".to_string(),
                    percent(r.after),
                ]
            })
            .collect();
        aligned(&rows, out)?;
        writeln!(out, "  ({})", d.readiness_formula)?;
    }
    Ok(())
}

// ---- markdown ----

/// Text in a table cell: no HTML, no Markdown emphasis or links, no cell or line breaks.
fn md(text: &str) -> String {
    crate::report::markdown_text(text, "<br>")
}

/// An identifier as code, when it can be one.
fn code(text: &str) -> String {
    if text.contains(['`', '\n', '\r']) {
        md(text)
    } else {
        format!("`{}`", text.replace('|', "\\|"))
    }
}

fn md_table(header: &[&str], rows: &[Vec<String>], out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "| {} |", header.join(" | "))?;
    writeln!(out, "|{}", "---|".repeat(header.len()))?;
    for row in rows {
        writeln!(out, "| {} |", row.join(" | "))?;
    }
    Ok(())
}

/// A titled table, folded into `<details>` when it is long.
fn md_section(
    title: &str,
    header: &[&str],
    rows: &[Vec<String>],
    out: &mut dyn Write,
) -> io::Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let title = format!("{title} ({})", rows.len());
    if rows.len() > LONG_LIST {
        writeln!(out, "<details><summary><b>{title}</b></summary>\n")?;
        md_table(header, rows, out)?;
        writeln!(out, "\n</details>\n")
    } else {
        writeln!(out, "#### {title}\n")?;
        md_table(header, rows, out)?;
        writeln!(out)
    }
}

fn md_change_rows(changes: &[Change]) -> Vec<Vec<String>> {
    changes
        .iter()
        .map(|c| {
            vec![
                c.severity.as_str().to_string(),
                code(&c.rule),
                md(crate::report::account_label(&c.account)),
                code(&c.resource),
                format!("{} → {}", status(c.before), status(c.after)),
                md(&c.message),
            ]
        })
        .collect()
}

fn md_rule_rows(rules: &[RuleChange]) -> Vec<Vec<String>> {
    rules
        .iter()
        .map(|r| {
            vec![
                code(&r.rule),
                r.severity.as_str().to_string(),
                md(&r.title),
                md(&rule_counts(&r.summary)),
            ]
        })
        .collect()
}

fn md_waiver_rows(waivers: &[WaiverChange]) -> Vec<Vec<String>> {
    waivers
        .iter()
        .map(|w| {
            vec![
                code(&w.id),
                code(&w.rule),
                md(&w.owner),
                md(&w.expires),
                w.findings.to_string(),
            ]
        })
        .collect()
}

fn markdown(d: &Diff, out: &mut dyn Write) -> io::Result<()> {
    let verdict = if d.new_failures.is_empty() {
        "no new failures".to_string()
    } else {
        plural(d.new_failures.len(), "new failure", "new failures")
    };
    writeln!(out, "### tenet: {verdict}\n")?;
    writeln!(
        out,
        "Base as of {} → head as of {}: {}.\n",
        md(&d.base.as_of),
        md(&d.head.as_of),
        headline(d)
    )?;
    let change_header = [
        "severity", "rule", "account", "resource", "status", "message",
    ];
    md_section(
        "New failures",
        &change_header,
        &md_change_rows(&d.new_failures),
        out,
    )?;
    md_section(
        "Fixed failures",
        &change_header,
        &md_change_rows(&d.fixed),
        out,
    )?;
    md_section(
        "Other status changes",
        &change_header,
        &md_change_rows(&d.status_changes),
        out,
    )?;
    let rule_header = ["rule", "severity", "title", "findings"];
    md_section(
        "Rules added",
        &rule_header,
        &md_rule_rows(&d.rules_added),
        out,
    )?;
    md_section(
        "Rules removed",
        &rule_header,
        &md_rule_rows(&d.rules_removed),
        out,
    )?;
    let waiver_header = ["waiver", "rule", "owner", "expires", "findings"];
    for (title, waivers) in [
        ("Waivers added", &d.waivers_added),
        ("Waivers removed", &d.waivers_removed),
        ("Waivers expired", &d.waivers_expired),
    ] {
        md_section(title, &waiver_header, &md_waiver_rows(waivers), out)?;
    }
    writeln!(out, "#### Summary\n")?;
    let (names, [before, after]) = summary_columns(d);
    let row = |name: &str, counts: &[usize]| -> Vec<String> {
        std::iter::once(name.to_string())
            .chain(counts.iter().map(usize::to_string))
            .collect()
    };
    let header: Vec<&str> = std::iter::once("").chain(names).collect();
    md_table(&header, &[row("base", &before), row("head", &after)], out)?;
    if !d.readiness.is_empty() {
        writeln!(out, "\n#### Readiness\n")?;
        let rows: Vec<Vec<String>> = d
            .readiness
            .iter()
            .map(|r| vec![md(&r.framework), percent(r.before), percent(r.after)])
            .collect();
        md_table(&["framework", "base", "head"], &rows, out)?;
        writeln!(out, "\n<sub>{}</sub>", md(&d.readiness_formula))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_cells_cannot_break_the_table_or_inject_html() {
        assert_eq!(
            md("no <root_account> row | a_b *c*\nnext"),
            "no &lt;root\\_account&gt; row \\| a\\_b \\*c\\*<br>next"
        );
        assert_eq!(
            code("arn:aws:iam::1:user/a|b"),
            "`arn:aws:iam::1:user/a\\|b`"
        );
        assert_eq!(code("a`b"), "a\\`b");
    }

    fn many_new_failures(n: usize) -> Diff {
        use crate::results::{Finding, Results, Severity};
        let finding = |i: usize, status| Finding {
            rule: "root_mfa".into(),
            title: "Root user has MFA enabled".into(),
            severity: Severity::Critical,
            account: format!("{i:012}").into(),
            resource: format!("arn:aws:iam::{i:012}:root").into(),
            status,
            message: "root MFA is not enabled".into(),
            controls: Default::default(),
            error: None,
            waiver: None,
            expired_waiver: None,
        };
        let base = Results::new(
            "b".into(),
            (0..n).map(|i| finding(i, Status::Pass)).collect(),
        );
        let head = Results::new(
            "h".into(),
            (0..n).map(|i| finding(i, Status::Fail)).collect(),
        );
        crate::diff::diff(&base, &head, &[])
    }

    fn render_markdown(d: &Diff) -> String {
        let mut out = Vec::new();
        write(DiffFormat::Markdown, d, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn markdown_folds_lists_longer_than_ten_rows() {
        let ten = render_markdown(&many_new_failures(LONG_LIST));
        assert!(
            ten.contains("#### New failures (10)\n\n| severity |"),
            "{ten}"
        );
        assert!(!ten.contains("<details>"));
        let eleven = render_markdown(&many_new_failures(LONG_LIST + 1));
        assert!(
            eleven.starts_with("### tenet: 11 new failures\n"),
            "{eleven}"
        );
        assert!(
            eleven.contains("<details><summary><b>New failures (11)</b></summary>\n\n| severity |"),
            "{eleven}"
        );
        assert!(
            eleven.contains("| root MFA is not enabled |\n\n</details>\n"),
            "{eleven}"
        );
    }

    #[test]
    fn rule_counts_name_only_what_is_there() {
        let s = Summary {
            pass: 2,
            fail: 1,
            ..Summary::default()
        };
        assert_eq!(rule_counts(&s), "1 fail, 2 pass");
    }
}
