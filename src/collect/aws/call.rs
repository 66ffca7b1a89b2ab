//! One SDK call at a time: logged at `-v`, paginated calls read to the end, and failures told
//! in one line that names the call (`iam:GetAccountSummary: Throttling: Rate exceeded`).

use std::future::Future;
use std::time::Instant;

use aws_sdk_iam::error::{ProvideErrorMetadata, SdkError};

use super::Reporter;

/// Runs one SDK call, logging its name, account and duration at `-v`.
pub(super) async fn call<T, E, F>(
    rep: &Reporter,
    account: &str,
    name: &str,
    fut: F,
) -> Result<T, SdkError<E>>
where
    F: Future<Output = Result<T, SdkError<E>>>,
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    rep.bar.set_message(format!("{account}: {name}"));
    let start = Instant::now();
    let result = fut.await;
    let outcome = match &result {
        Ok(_) => "ok".to_string(),
        Err(e) => describe(e),
    };
    rep.log(format!(
        "{account}: {name}: {outcome} ({:.2}s)",
        start.elapsed().as_secs_f64()
    ));
    result
}

/// Every page of a paginated call, read as one [`call`] (logged once), flattened to the items
/// `items` picks from each page. `pages` is the paginator read to the end:
/// `client.list_x().into_paginator().send().try_collect()`.
pub(super) async fn all_pages<P, T, E>(
    rep: &Reporter,
    account: &str,
    name: &str,
    pages: impl Future<Output = Result<Vec<P>, SdkError<E>>>,
    items: impl Fn(&P) -> &[T],
) -> Result<Vec<T>, SdkError<E>>
where
    T: Clone,
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    let pages = call(rep, account, name, pages).await?;
    Ok(pages.iter().flat_map(|page| items(page).to_vec()).collect())
}

/// `Code: message` for a service error; the whole cause chain for anything else. One line,
/// with no credentials in it: see [`scrub`].
pub(super) fn describe<E>(err: &SdkError<E>) -> String
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    scrub(&describe_raw(err))
}

/// The first line of an error message, with anything shaped like an access key id masked.
/// AWS's SignatureDoesNotMatch message goes on, after a blank line, with the canonical request
/// it expected, which holds the caller's key id and session token.
fn scrub(message: &str) -> String {
    let line = message.lines().next().unwrap_or_default().trim_end();
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(at) = rest.find('A') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let key_like = (rest.starts_with("AKIA") || rest.starts_with("ASIA"))
            && rest.len() >= 20
            && rest.as_bytes()[4..20]
                .iter()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
        if key_like {
            out.push_str("[access key id]");
            rest = &rest[20..];
        } else {
            out.push('A');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

fn describe_raw<E>(err: &SdkError<E>) -> String
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    match err.as_service_error() {
        Some(service) => match (service.code(), service.message()) {
            (Some(code), Some(message)) => format!("{code}: {message}"),
            (Some(code), None) => code.to_string(),
            // No AWS error in the body (an HTML error page, say): the HTTP status is all there is.
            _ => match err.raw_response() {
                // A success status with a body the SDK could not read: say what was wrong with it.
                Some(raw) if raw.status().is_success() => format!(
                    "malformed response (HTTP {}): {}",
                    raw.status().as_u16(),
                    std::error::Error::source(service)
                        .map_or_else(|| "unreadable body".to_string(), |c| c.to_string())
                ),
                Some(raw) => format!("HTTP {} without an AWS error code", raw.status().as_u16()),
                None => "an error without code or message".to_string(),
            },
        },
        None => cause_chain(err),
    }
}

/// The cause chain's messages, without the Debug dump DisplayErrorContext adds.
fn cause_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![err.to_string()];
    let mut source = err.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = cause.source();
    }
    parts.join(": ")
}

/// What a failed call recorded against an account says: the call, then what went wrong.
pub(super) fn failed<E>(call: &str, err: &SdkError<E>) -> anyhow::Error
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    named(call, &describe(err))
}

/// An error about a call's answer (rather than a failed call), named after the call like every
/// recorded error: `iam:GetCredentialReport: still STARTED after 120 s`.
pub(super) fn named(call: &str, what: &str) -> anyhow::Error {
    anyhow::anyhow!("{call}: {what}")
}

pub(super) fn error_code<E: ProvideErrorMetadata>(err: &SdkError<E>) -> Option<&str> {
    err.as_service_error().and_then(|e| e.code())
}

#[cfg(test)]
mod tests {
    use super::scrub;

    #[test]
    fn scrub_keeps_the_first_line_and_masks_key_ids() {
        let aws = "The request signature we calculated does not match the signature you provided.\n\nThe Canonical String for this request should have been\n'POST\n/\nx-amz-security-token:IQoJb3JpZ2luX2VjEJr\n'";
        assert_eq!(
            scrub(aws),
            "The request signature we calculated does not match the signature you provided."
        );
        assert_eq!(
            scrub("User AKIAABCDEFGHIJKLMNOP and ASIA0123456789ABCDEF, not AKIAshort or AWS"),
            "User [access key id] and [access key id], not AKIAshort or AWS"
        );
    }
}
