//! The readiness report as GitHub-flavoured Markdown: summary, evidence, then per framework
//! the controls by section and the account × control matrix, the findings to act on and the
//! account inventory. Text from inputs is escaped for tables (`|`, line breaks) and for
//! GitHub's HTML (`<root_account>` would otherwise vanish as an unknown tag).

use std::io::{self, Write};

use super::{human_time, plural, trend};
use crate::inventory::ORDERING;
use crate::readiness::{ControlStatus, FrameworkReadiness, Headline, Report};

/// Text safe inside a Markdown table cell, on one line.
fn cell(text: &str) -> String {
    crate::report::markdown_text(text, " ")
}

/// A code span safe inside a table cell (backticks cannot be escaped inside one).
fn code(text: &str) -> String {
    format!(
        "`{}`",
        text.replace('`', "'")
            .replace('|', "\\|")
            .replace(['\r', '\n'], " ")
    )
}

fn status(s: ControlStatus) -> String {
    match s {
        ControlStatus::Fail => "**fail**".to_string(),
        ControlStatus::Manual => "manual — evidence required".to_string(),
        other => other.label().to_string(),
    }
}

/// The label without "— evidence required", for the baseline column.
fn brief(s: ControlStatus) -> &'static str {
    match s {
        ControlStatus::Manual => "manual",
        other => other.label(),
    }
}

/// Short form for matrix cells.
fn short(s: ControlStatus) -> &'static str {
    match s {
        ControlStatus::Fail => "**fail**",
        ControlStatus::Error => "error",
        ControlStatus::Unknown => "unknown",
        ControlStatus::AcceptedRisk => "accepted risk",
        ControlStatus::Pass => "pass",
        ControlStatus::NotApplicable => "n/a",
        ControlStatus::NoFindings => "–",
        ControlStatus::Manual => "manual",
    }
}

fn readiness_line(h: &Headline) -> String {
    let risk = if h.accepted_risk > 0 {
        format!(
            " ({} pass with accepted risk, not counted)",
            h.accepted_risk
        )
    } else {
        String::new()
    };
    format!(
        "{} of {} evaluated automated controls pass{risk}",
        h.pass, h.evaluated
    )
}

/// Whether the report has anything waived: only then do the tables get accepted-risk columns.
fn has_waivers(report: &Report) -> bool {
    !report.accepted_risks.is_empty()
        || report
            .frameworks
            .iter()
            .any(|f| f.headline.accepted_risk > 0)
}

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "# Compliance readiness report\n")?;
    writeln!(
        out,
        "As of {} · {} · evaluated by tenet {}\n",
        human_time(&report.as_of),
        plural(report.accounts.len(), "account", "accounts"),
        report.evidence.tool_version
    )?;
    summary(report, out)?;
    evidence(report, out)?;
    for framework in &report.frameworks {
        framework_section(report, framework, out)?;
    }
    attention(report, out)?;
    accepted_risks(report, out)?;
    if let Some(inventory) = &report.inventory {
        writeln!(out, "## Account inventory\n")?;
        writeln!(
            out,
            "Sorted {ORDERING}. Stale keys: active user access keys not rotated for more than {} days.\n",
            inventory.rotation_days
        )?;
        let columns = crate::inventory::format::columns(inventory);
        writeln!(out, "| {} |", columns.join(" | "))?;
        writeln!(out, "|{}", "---|".repeat(columns.len()))?;
        for row in &inventory.accounts {
            let cells: Vec<String> = crate::inventory::format::cells(row)
                .iter()
                .map(|c| cell(c))
                .collect();
            writeln!(out, "| {} |", cells.join(" | "))?;
        }
        writeln!(out)?;
    }
    writeln!(
        out,
        "---\n\nReadiness = automated controls that pass / automated controls evaluated. A control \
is automated when a rule maps to it, and evaluated when it has a finding that is not \
`not_applicable`. A control fails if any finding of any mapped rule fails in any account; \
`error`, `unknown` and pass with accepted risk (every finding that does not pass is waived) \
are never counted as pass. Manual controls need evidence from outside tenet."
    )
}

fn summary(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "## Summary\n")?;
    let baseline = report.baseline.is_some();
    let risk = has_waivers(report);
    let risk_head = if risk { " accepted risk |" } else { "" };
    let risk_rule = if risk { "---|" } else { "" };
    if baseline {
        writeln!(
            out,
            "| framework | readiness | before | change | passing | evaluated | failing |{risk_head} error / unknown | not evaluated | manual |"
        )?;
        writeln!(out, "|---|---|---|---|---|---|---|{risk_rule}---|---|---|")?;
    } else {
        writeln!(
            out,
            "| framework | readiness | passing | evaluated | failing |{risk_head} error / unknown | not evaluated | manual |"
        )?;
        writeln!(out, "|---|---|---|---|---|{risk_rule}---|---|---|")?;
    }
    for f in &report.frameworks {
        let h = &f.headline;
        let before = f.before.as_ref();
        let change = if baseline {
            format!(
                " {} | {} |",
                before.map_or("n/a".to_string(), Headline::percent_text),
                trend(before.and_then(|b| b.percent), h.percent).unwrap_or_else(|| "n/a".into())
            )
        } else {
            String::new()
        };
        let risk_cell = if risk {
            format!(" {} |", h.accepted_risk)
        } else {
            String::new()
        };
        writeln!(
            out,
            "| {} {} (`{}`) | **{}** |{change} {} | {} | {} |{risk_cell} {} | {} | {} |",
            cell(&f.name),
            cell(&f.version),
            f.id,
            h.percent_text(),
            h.pass,
            h.evaluated,
            h.fail,
            h.error + h.unknown,
            h.not_applicable + h.no_findings,
            h.manual
        )?;
    }
    writeln!(out)?;
    if let Some(b) = &report.baseline {
        writeln!(
            out,
            "Baseline: results as of {} (tenet {}).\n",
            human_time(&b.as_of),
            b.tool_version
        )?;
    }
    Ok(())
}

fn evidence(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let e = &report.evidence;
    let digest = |d: &Option<String>| d.as_deref().map_or("_not recorded_".to_string(), code);
    writeln!(out, "## Evidence\n")?;
    writeln!(out, "| | |\n|---|---|")?;
    writeln!(out, "| As of | {} |", cell(&e.as_of))?;
    writeln!(out, "| Evaluated by | tenet {} |", cell(&e.tool_version))?;
    writeln!(
        out,
        "| Policy bundle digest (sha256) | {} |",
        digest(&e.policy_digest)
    )?;
    writeln!(
        out,
        "| Snapshot digest (sha256) | {} |",
        digest(&e.snapshot_digest)
    )?;
    let accounts: Vec<String> = e
        .accounts
        .iter()
        .map(|a| match &a.name {
            Some(name) => format!("{} {}", cell(&a.account_id), cell(name)),
            None => cell(&a.account_id),
        })
        .collect();
    let inferred = if e.recorded {
        ""
    } else {
        " (not recorded; inferred from the findings)"
    };
    writeln!(
        out,
        "| Accounts covered ({}){inferred} | {} |",
        accounts.len(),
        if accounts.is_empty() {
            "none".to_string()
        } else {
            accounts.join(", ")
        }
    )?;
    let errors: Vec<String> = e
        .collection_errors
        .iter()
        .map(|x| {
            format!(
                "{} — {}: {}",
                cell(&x.account),
                cell(x.stage.as_str()),
                cell(&x.message)
            )
        })
        .collect();
    writeln!(
        out,
        "| Accounts with collection errors{inferred} | {} |",
        if errors.is_empty() {
            "none".to_string()
        } else {
            errors.join("<br>")
        }
    )?;
    if let Some(d) = &e.waivers_digest {
        writeln!(out, "| Waivers file digest (sha256) | {} |", code(d))?;
    }
    if let Some(sentence) = e.not_checked_sentence() {
        writeln!(out, "| Accounts not checked | {} |", cell(&sentence))?;
    }
    writeln!(out)
}

fn framework_section(
    report: &Report,
    f: &FrameworkReadiness,
    out: &mut dyn Write,
) -> io::Result<()> {
    let h = &f.headline;
    writeln!(out, "## {} {}\n", cell(&f.name), cell(&f.version))?;
    writeln!(
        out,
        "**Readiness {}** — {}; {} not evaluated ({} not applicable, {} without findings); {} manual — evidence required.\n",
        h.percent_text(),
        readiness_line(h),
        plural(h.not_applicable + h.no_findings, "automated control", "automated controls"),
        h.not_applicable,
        h.no_findings,
        h.manual,
    )?;
    let baseline = report.baseline.is_some();
    for section in &f.sections {
        writeln!(
            out,
            "### {}\n\n{} pass,{} {} fail, {} error or unknown, {} manual.\n",
            cell(&section.name),
            section.headline.pass,
            match section.headline.accepted_risk {
                0 => String::new(),
                n => format!(" {n} pass with accepted risk,"),
            },
            section.headline.fail,
            section.headline.error + section.headline.unknown,
            section.headline.manual
        )?;
        if baseline {
            writeln!(
                out,
                "| control | title | status | before | findings (pass / fail / unknown / error / n/a) | rules |"
            )?;
            writeln!(out, "|---|---|---|---|---|---|")?;
        } else {
            writeln!(
                out,
                "| control | title | status | findings (pass / fail / unknown / error / n/a) | rules |"
            )?;
            writeln!(out, "|---|---|---|---|---|")?;
        }
        for c in f.controls.iter().filter(|c| c.section == section.name) {
            let before = if baseline {
                format!(
                    " {} |",
                    c.before.map_or("n/a".to_string(), |b| {
                        if b == c.status {
                            format!("{} (unchanged)", brief(b))
                        } else {
                            format!("{} → {}", brief(b), brief(c.status))
                        }
                    })
                )
            } else {
                String::new()
            };
            let counts = if c.status == ControlStatus::Manual {
                "–".to_string()
            } else {
                let n = &c.findings;
                let waived = match n.waived {
                    0 => String::new(),
                    w => format!(" + {w} waived"),
                };
                format!(
                    "{} / {} / {} / {} / {}{waived}",
                    n.pass, n.fail, n.unknown, n.error, n.not_applicable
                )
            };
            let rules: Vec<String> = c.rules.iter().map(|r| code(r)).collect();
            writeln!(
                out,
                "| {} | {} | {} |{before} {counts} | {} |",
                cell(&c.id),
                cell(&c.title),
                status(c.status),
                if rules.is_empty() {
                    "–".to_string()
                } else {
                    rules.join(", ")
                }
            )?;
        }
        writeln!(out)?;
    }
    matrix(report, f, out)
}

/// Accounts as rows, automated controls as columns.
fn matrix(report: &Report, f: &FrameworkReadiness, out: &mut dyn Write) -> io::Result<()> {
    let automated: Vec<usize> = (0..f.controls.len())
        .filter(|&i| f.controls[i].status != ControlStatus::Manual)
        .collect();
    writeln!(out, "### Accounts × automated controls\n")?;
    if automated.is_empty() || report.accounts.is_empty() {
        writeln!(out, "No automated control or no account to show.\n")?;
        return Ok(());
    }
    let ids: Vec<String> = automated.iter().map(|&i| cell(&f.controls[i].id)).collect();
    writeln!(out, "| account | {} |", ids.join(" | "))?;
    writeln!(out, "|---|{}", "---|".repeat(ids.len()))?;
    for (a, account) in report.accounts.iter().enumerate() {
        let label = match &account.name {
            Some(name) => format!("{} {}", cell(account.label()), cell(name)),
            None => cell(account.label()),
        };
        let cells: Vec<&str> = automated
            .iter()
            .map(|&i| short(f.controls[i].cells[a].status))
            .collect();
        writeln!(out, "| {label} | {} |", cells.join(" | "))?;
    }
    writeln!(
        out,
        "\n– no finding of the control's rules in that account. {} not shown (no account-level status).\n",
        plural(f.headline.manual, "manual control", "manual controls")
    )
}

fn attention(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "## Findings to act on\n")?;
    if report.attention.is_empty() {
        writeln!(
            out,
            "No finding of the reported frameworks fails, errors or is unknown.\n"
        )?;
        return Ok(());
    }
    writeln!(
        out,
        "| status | severity | account | rule | resource | message | remediation | controls |"
    )?;
    writeln!(out, "|---|---|---|---|---|---|---|---|")?;
    for a in &report.attention {
        let account = match &a.account_name {
            Some(name) => format!(
                "{} {}",
                cell(crate::report::account_label(&a.account_id)),
                cell(name)
            ),
            None => cell(crate::report::account_label(&a.account_id)),
        };
        let st = if a.status == crate::results::Status::Fail {
            "**fail**"
        } else {
            a.status.as_str()
        };
        writeln!(
            out,
            "| {st} | {} | {account} | {} | {} | {} | {} | {} |",
            a.severity.as_str(),
            code(&a.rule),
            code(&a.resource),
            cell(&a.message),
            cell(&a.remediation),
            cell(&a.controls.join(", "))
        )?;
    }
    writeln!(out)
}

/// One row per waiver, expired and stale ones called out, with the findings each covers.
fn accepted_risks(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    if report.accepted_risks.is_empty() {
        return Ok(());
    }
    writeln!(out, "## Accepted risks\n")?;
    writeln!(
        out,
        "A waived finding does not count as a failure; a control whose only findings that do not pass are waived reads \"pass with accepted risk\", never pass.\n"
    )?;
    writeln!(
        out,
        "| waiver | state | owner | rule | accounts | resources | reason | findings covered |"
    )?;
    writeln!(out, "|---|---|---|---|---|---|---|---|")?;
    for r in &report.accepted_risks {
        let w = &r.waiver;
        let standing = match w.state {
            crate::results::WaiverState::Active => cell(&r.standing()),
            _ => format!("**{}**", cell(&r.standing())),
        };
        let owner = match &w.ticket {
            Some(t) => format!("{} ({})", cell(&w.owner), cell(t)),
            None => cell(&w.owner),
        };
        let resources: Vec<String> = w.resources.iter().map(|x| code(x)).collect();
        let covered: Vec<String> = r
            .covered
            .iter()
            .map(|f| {
                format!(
                    "{} {} {} {}",
                    f.status.as_str(),
                    cell(crate::report::account_label(&f.account_id)),
                    code(&f.resource),
                    code(&f.rule)
                )
            })
            .collect();
        let or_none = |v: Vec<String>| {
            if v.is_empty() {
                "none".to_string()
            } else {
                v.join("<br>")
            }
        };
        writeln!(
            out,
            "| {} | {standing} | {owner} | {} | {} | {} | {} | {} |",
            code(&w.id),
            code(&w.rule),
            cell(&w.accounts.join(", ")),
            or_none(resources),
            cell(&w.reason),
            or_none(covered)
        )?;
    }
    writeln!(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_code_span_stays_in_its_cell_on_one_line() {
        assert_eq!(
            super::code("arn:aws:iam::1:user/ev|il\r x`y\nz"),
            "`arn:aws:iam::1:user/ev\\|il  x'y z`"
        );
    }
}
