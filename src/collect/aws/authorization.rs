//! GetAccountAuthorizationDetails: an account's users, groups, roles and managed policies,
//! each page turned into the snapshot's shape as it arrives (an account may have thousands of
//! roles, and the SDK's pages hold every version of every policy).

use aws_sdk_iam::error::SdkError;
use aws_sdk_iam::operation::get_account_authorization_details::{
    GetAccountAuthorizationDetailsError, GetAccountAuthorizationDetailsOutput,
};
use aws_sdk_iam::types::{AttachedPolicy, PolicyDetail};

use super::call::{call, failed, named};
use super::Reporter;
use crate::model::iam::{
    is_aws_managed, parse_document_text, Iam, IamPrincipal, IamUser, InlinePolicy, ManagedPolicy,
};

const CALL: &str = "iam:GetAccountAuthorizationDetails";

/// Every page, read as one logged call.
pub(super) async fn authorization_details(
    iam: &aws_sdk_iam::Client,
    id: &str,
    rep: &Reporter,
) -> anyhow::Result<Iam> {
    // No Filter: every entity type, AWS managed policies too (a Filter keeps only the types it
    // names; AWS does not document whether unattached AWS managed policies are listed):
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html
    let mut pages = iam
        .get_account_authorization_details()
        .into_paginator()
        .send();
    let read = call(rep, id, CALL, async {
        let mut details = Iam::default();
        while let Some(page) = pages.next().await {
            if let Err(what) = add_page(&mut details, &page?) {
                return Ok(Err(what));
            }
        }
        Ok::<_, SdkError<GetAccountAuthorizationDetailsError>>(Ok(details))
    })
    .await
    .map_err(|e| failed(CALL, &e))?;
    read.map_err(|what| named(CALL, &what))
}

/// One page's entities appended to `details`; a policy document that is not JSON is an error
/// naming its owner.
fn add_page(details: &mut Iam, page: &GetAccountAuthorizationDetailsOutput) -> Result<(), String> {
    let inline = |kind: &str, owner: &str, list: &[PolicyDetail]| {
        list.iter()
            .map(|p| {
                let name = p.policy_name().unwrap_or_default();
                let document = parse_document_text(p.policy_document().unwrap_or_default())
                    .map_err(|m| format!("{kind} {owner}: inline policy {name}: {m}"))?;
                Ok(InlinePolicy {
                    name: name.to_string(),
                    document,
                })
            })
            .collect::<Result<Vec<_>, String>>()
    };
    for u in page.user_detail_list() {
        let name = u.user_name().unwrap_or_default();
        details.users.push(IamUser {
            name: name.to_string(),
            arn: u.arn().unwrap_or_default().to_string(),
            path: u.path().unwrap_or("/").to_string(),
            groups: u.group_list().to_vec(),
            attached_policies: arns(u.attached_managed_policies()),
            inline_policies: inline("user", name, u.user_policy_list())?,
        });
    }
    for g in page.group_detail_list() {
        let name = g.group_name().unwrap_or_default();
        details.groups.push(IamPrincipal {
            name: name.to_string(),
            arn: g.arn().unwrap_or_default().to_string(),
            path: g.path().unwrap_or("/").to_string(),
            attached_policies: arns(g.attached_managed_policies()),
            inline_policies: inline("group", name, g.group_policy_list())?,
        });
    }
    for r in page.role_detail_list() {
        let name = r.role_name().unwrap_or_default();
        details.roles.push(IamPrincipal {
            name: name.to_string(),
            arn: r.arn().unwrap_or_default().to_string(),
            path: r.path().unwrap_or("/").to_string(),
            attached_policies: arns(r.attached_managed_policies()),
            inline_policies: inline("role", name, r.role_policy_list())?,
        });
    }
    for p in page.policies() {
        let arn = p.arn().unwrap_or_default();
        let document = p
            .policy_version_list()
            .iter()
            .find(|v| v.is_default_version())
            .and_then(|v| v.document())
            .map(parse_document_text)
            .transpose()
            .map_err(|m| format!("policy {arn}: {m}"))?;
        details.policies.push(ManagedPolicy {
            // A policy's name is its ARN's last segment; moto 5.2.5 sends no PolicyName here.
            name: p
                .policy_name()
                .unwrap_or_else(|| arn.rsplit('/').next().unwrap_or_default())
                .to_string(),
            arn: arn.to_string(),
            aws_managed: is_aws_managed(arn),
            attachment_count: p.attachment_count().map(i64::from),
            document,
        });
    }
    Ok(())
}

fn arns(list: &[AttachedPolicy]) -> Vec<String> {
    list.iter()
        .filter_map(|a| a.policy_arn())
        .map(str::to_string)
        .collect()
}
