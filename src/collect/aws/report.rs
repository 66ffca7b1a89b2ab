//! The credential report: generate it, wait for it, get it, and parse it with the same parser
//! as offline input.

use std::time::{Duration, Instant};

use aws_sdk_iam::operation::get_credential_report::GetCredentialReportOutput;
use aws_sdk_iam::types::ReportStateType;

use super::call::{call, failed, named};
use super::Reporter;
use crate::model::credential_report;

/// Asks AWS to generate the report, polls with backoff until it is ready or `timeout` passes,
/// then parses it with the same parser as offline input.
pub(super) async fn credential_report(
    iam: &aws_sdk_iam::Client,
    id: &str,
    timeout: Duration,
    rep: &Reporter,
) -> anyhow::Result<credential_report::CredentialReport> {
    let out = fetch(iam, id, timeout, rep).await?;
    let content = out.content().map(|b| b.as_ref()).unwrap_or_default();
    let mut report =
        credential_report::parse(content, &format!("credential report of account {id}")).map_err(
            |e| match e.line {
                Some(line) => named(
                    "iam:GetCredentialReport",
                    &format!("line {line}: {}", e.message),
                ),
                None => named("iam:GetCredentialReport", &e.message),
            },
        )?;
    if report.generated_at.is_none() {
        report.generated_at = out.generated_time().and_then(|t| {
            t.fmt(aws_sdk_iam::primitives::DateTimeFormat::DateTime)
                .ok()
        });
    }
    Ok(report)
}

/// GenerateCredentialReport until it says COMPLETE, then GetCredentialReport; again (within
/// `timeout`) when the report went away between the two calls.
async fn fetch(
    iam: &aws_sdk_iam::Client,
    id: &str,
    timeout: Duration,
    rep: &Reporter,
) -> anyhow::Result<GetCredentialReportOutput> {
    let start = Instant::now();
    let mut wait = Duration::from_millis(250);
    loop {
        let out = call(
            rep,
            id,
            "iam:GenerateCredentialReport",
            iam.generate_credential_report().send(),
        )
        .await
        .map_err(|e| failed("iam:GenerateCredentialReport", &e))?;
        if out.state() == Some(&ReportStateType::Complete) {
            let got = call(
                rep,
                id,
                "iam:GetCredentialReport",
                iam.get_credential_report().send(),
            )
            .await;
            match got {
                Ok(report) => return Ok(report),
                // Someone else started a new report (or it expired) between the two calls:
                // generate again, within the same time limit.
                Err(e)
                    if e.as_service_error().is_some_and(|e| {
                        e.is_credential_report_not_ready_exception()
                            || e.is_credential_report_expired_exception()
                            || e.is_credential_report_not_present_exception()
                    }) && start.elapsed() + wait <= timeout => {}
                Err(e) => return Err(failed("iam:GetCredentialReport", &e)),
            }
        } else if start.elapsed() + wait > timeout {
            return Err(named(
                "iam:GetCredentialReport",
                &format!(
                    "still {} after {} s",
                    out.state().map_or("not complete", |s| s.as_str()),
                    timeout.as_secs()
                ),
            ));
        }
        tokio::time::sleep(wait).await;
        wait = (wait * 2).min(Duration::from_secs(4));
    }
}
