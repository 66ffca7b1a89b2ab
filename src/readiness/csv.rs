//! One CSV row per control × account, every reported framework: the control's overall status
//! beside that account's cell, with the cell's finding counts. Manual controls get a row per
//! account too (status `manual`), so a spreadsheet pivot sees every control. Statuses are the
//! JSON names (`pass`, `accepted_risk`, `fail`, `error`, `unknown`, `not_applicable`,
//! `no_findings`, `manual`); `control_status_before` is empty without `--baseline`. The last
//! column, `waived`, counts the cell's waived findings; it is there only when waivers were
//! applied, so reports without them keep their columns.
//!
//! Accepted risks follow the control rows: one row per finding a waiver covers (one row with
//! the account empty when it covers none), with `section` `accepted risk`, the waiver id as
//! `control`, its state (`active`, `expiring`, `expired`, `stale`) as `control_status`, the
//! finding's status (`waived`; `fail` or `unknown` once the waiver expired) as `status`, the
//! waiver's rule as `rules`, and in `title` the resource, where the waiver stands, its owner
//! and reason.
//!
//! An account that was not checked because it is not active (suspended, closed) has no
//! findings, so no cells: it gets one row of its own after the others, with status
//! `not_checked`, the control columns empty, and the reason in `title` (e.g. "not checked:
//! the account is suspended (SUSPENDED)"), so a pivot still shows every account.

use std::io::{self, Write};

use crate::readiness::Report;

pub const HEADER: [&str; 16] = [
    "framework",
    "section",
    "control",
    "title",
    "control_status",
    "control_status_before",
    "account",
    "account_name",
    "status",
    "pass",
    "fail",
    "unknown",
    "error",
    "not_applicable",
    "rules",
    "waived",
];

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut csv = ::csv::Writer::from_writer(out);
    let width = if report.accepted_risks.is_empty() {
        HEADER.len() - 1
    } else {
        HEADER.len()
    };
    csv.write_record(&HEADER[..width])?;
    for framework in &report.frameworks {
        for control in &framework.controls {
            for (cell, account) in control.cells.iter().zip(&report.accounts) {
                let n = |v: usize| v.to_string();
                crate::report::write_csv_row(
                    &mut csv,
                    [
                        framework.id.as_str(),
                        &control.section,
                        &control.id,
                        &control.title,
                        control.status.as_str(),
                        control.before.map_or("", |s| s.as_str()),
                        account.label(),
                        account.name.as_deref().unwrap_or(""),
                        cell.status.as_str(),
                        &n(cell.findings.pass),
                        &n(cell.findings.fail),
                        &n(cell.findings.unknown),
                        &n(cell.findings.error),
                        &n(cell.findings.not_applicable),
                        &control.rules.join(";"),
                        &n(cell.findings.waived),
                    ]
                    .into_iter()
                    .take(width),
                )?;
            }
        }
    }
    for risk in &report.accepted_risks {
        let w = &risk.waiver;
        let about = |resource: &str| {
            let ticket = w
                .ticket
                .as_deref()
                .map(|t| format!(", {t}"))
                .unwrap_or_default();
            format!(
                "{resource}: waiver {}, {}; owner {}{ticket}; {}",
                w.id,
                risk.standing(),
                w.owner,
                w.reason
            )
        };
        let state = w.state.as_str();
        if risk.covered.is_empty() {
            let title = about(&w.resources.join(", "));
            waiver_row(&mut csv, &w.id, &title, state, "", "", "", &w.rule)?;
        }
        for f in &risk.covered {
            waiver_row(
                &mut csv,
                &w.id,
                &about(&f.resource),
                state,
                &f.account_id,
                f.account_name.as_deref().unwrap_or(""),
                f.status.as_str(),
                &w.rule,
            )?;
        }
    }
    for account in &report.evidence.not_checked {
        let status = account.status.as_deref().unwrap_or("");
        let title = format!(
            "not checked: the account is {} ({status})",
            crate::model::snapshot::status_words(status)
        );
        crate::report::write_csv_row(
            &mut csv,
            [
                "",
                "",
                "",
                title.as_str(),
                "",
                "",
                account.account_id.as_str(),
                account.name.as_deref().unwrap_or(""),
                "not_checked",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ]
            .into_iter()
            .take(width),
        )?;
    }
    csv.flush()
}

#[allow(clippy::too_many_arguments)]
fn waiver_row<W: Write>(
    csv: &mut ::csv::Writer<W>,
    id: &str,
    title: &str,
    state: &str,
    account: &str,
    account_name: &str,
    status: &str,
    rule: &str,
) -> ::csv::Result<()> {
    crate::report::write_csv_row(
        csv,
        [
            "",
            "accepted risk",
            id,
            title,
            state,
            "",
            account,
            account_name,
            status,
            "",
            "",
            "",
            "",
            "",
            rule,
            "",
        ],
    )
}
