//! The organization: its root and OU tree, its accounts with their place in it (and the status
//! of those that are not active), every SCP with its targets, and its IAM features.

use anyhow::{bail, Context, Result};
use aws_config::SdkConfig;
use aws_sdk_iam::types::FeatureType;
use aws_sdk_organizations::types::{PolicySummary, PolicyType, PolicyTypeStatus};

use super::call::{all_pages, call, describe, error_code, failed, named};
use super::Reporter;
use crate::model::{
    scp, Account, CollectionError, Organization, OrganizationalUnit, Policy, Stage,
};

/// The organization the caller belongs to and its accounts; with no organization, none and
/// the caller's account alone.
pub(super) async fn organization_or_account(
    config: &SdkConfig,
    rep: &Reporter,
    caller: &str,
) -> Result<(Option<Organization>, Vec<Account>)> {
    let orgs = aws_sdk_organizations::Client::new(config);
    match call(
        rep,
        caller,
        "organizations:DescribeOrganization",
        orgs.describe_organization().send(),
    )
    .await
    {
        Ok(out) => {
            let org = out
                .organization()
                .context("DescribeOrganization returned no organization")?;
            collect_organization(&orgs, rep, org).await
        }
        Err(e) if error_code(&e) == Some("AWSOrganizationsNotInUseException") => {
            rep.log(format!(
                "{caller}: not in an organization; collecting this account only"
            ));
            Ok((
                None,
                vec![Account {
                    account_id: caller.to_string(),
                    ..Default::default()
                }],
            ))
        }
        Err(e) => bail!("cannot read the organization: {}", describe(&e)),
    }
}

/// Centralized root access (ListOrganizationsFeatures) into `org`. When it cannot be read,
/// the features stay null (rules say unknown) and the error is returned, to be recorded
/// against the account that asked.
pub(super) async fn features(
    config: &SdkConfig,
    rep: &Reporter,
    caller: &str,
    org: &mut Organization,
) -> Option<CollectionError> {
    let iam = aws_sdk_iam::Client::new(config);
    match call(
        rep,
        caller,
        "iam:ListOrganizationsFeatures",
        iam.list_organizations_features().send(),
    )
    .await
    {
        Ok(out) => {
            let features = out.enabled_features();
            org.root_credentials_management =
                Some(features.contains(&FeatureType::RootCredentialsManagement));
            org.root_sessions = Some(features.contains(&FeatureType::RootSessions));
            None
        }
        // Centralized root access needs IAM's trusted access and all features: without
        // either, both features are known to be off.
        Err(e)
            if e.as_service_error().is_some_and(|e| {
                e.is_service_access_not_enabled_exception()
                    || e.is_organization_not_in_all_features_mode_exception()
            }) =>
        {
            org.root_credentials_management = Some(false);
            org.root_sessions = Some(false);
            None
        }
        Err(e) => Some(CollectionError {
            stage: Stage::OrganizationFeatures,
            message: failed("iam:ListOrganizationsFeatures", &e).to_string(),
        }),
    }
}

/// An organization-wide failure: fatal for the run.
fn org_error(what: &str, e: String) -> anyhow::Error {
    anyhow::anyhow!("cannot read the organization ({what}): {e}")
}

/// The OU tree, the accounts with their paths (those that are not active with their status),
/// and every SCP with its targets.
async fn collect_organization(
    orgs: &aws_sdk_organizations::Client,
    rep: &Reporter,
    described: &aws_sdk_organizations::types::Organization,
) -> Result<(Option<Organization>, Vec<Account>)> {
    let management = described.master_account_id().map(str::to_string);
    let here = management.clone().unwrap_or_default();

    let (root_id, scp_enabled) = root(orgs, rep, &here).await?;
    let mut org = Organization {
        id: described.id().map(str::to_string),
        management_account_id: management.clone(),
        feature_set: described.feature_set().map(|f| f.as_str().to_string()),
        scp_enabled: Some(scp_enabled),
        ..Default::default()
    };
    let parents_of = walk_tree(orgs, rep, &here, &root_id, &mut org).await?;
    let listed = all_pages(
        rep,
        &here,
        "organizations:ListAccounts",
        orgs.list_accounts().into_paginator().send().try_collect(),
        |page| page.accounts(),
    )
    .await
    .map_err(|e| org_error("ListAccounts", describe(&e)))?;
    org.policies = policies(orgs, rep, &here).await?;

    let mut accounts = Vec::new();
    for a in listed {
        accounts.push(place_account(
            &a,
            &org,
            &parents_of,
            management.as_deref(),
            &root_id,
        )?);
    }
    Ok((Some(org), accounts))
}

/// The root's id, and whether SCPs are enabled on it.
async fn root(
    orgs: &aws_sdk_organizations::Client,
    rep: &Reporter,
    here: &str,
) -> Result<(String, bool)> {
    let roots = all_pages(
        rep,
        here,
        "organizations:ListRoots",
        orgs.list_roots().into_paginator().send().try_collect(),
        |page| page.roots(),
    )
    .await
    .map_err(|e| org_error("ListRoots", describe(&e)))?;
    let root = roots.first().context("the organization has no root")?;
    let root_id = root.id().unwrap_or_default().to_string();
    let scp_enabled = root.policy_types().iter().any(|p| {
        p.r#type() == Some(&PolicyType::ServiceControlPolicy)
            && p.status() == Some(&PolicyTypeStatus::Enabled)
    });
    Ok((root_id, scp_enabled))
}

/// Walks the OU tree from the root (depth-first: the order does not matter) into `org.ous`,
/// and returns each account found with its parent.
async fn walk_tree(
    orgs: &aws_sdk_organizations::Client,
    rep: &Reporter,
    here: &str,
    root_id: &str,
    org: &mut Organization,
) -> Result<Vec<(String, String)>> {
    let mut parents_of: Vec<(String, String)> = Vec::new();
    let mut pending = vec![root_id.to_string()];
    while let Some(parent) = pending.pop() {
        let ous = all_pages(
            rep,
            here,
            "organizations:ListOrganizationalUnitsForParent",
            orgs.list_organizational_units_for_parent()
                .parent_id(&parent)
                .into_paginator()
                .send()
                .try_collect(),
            |page| page.organizational_units(),
        )
        .await
        .map_err(|e| org_error("ListOrganizationalUnitsForParent", describe(&e)))?;
        for ou in ous {
            let id = ou.id().unwrap_or_default().to_string();
            org.ous.push(OrganizationalUnit {
                id: id.clone(),
                name: ou.name().unwrap_or_default().to_string(),
                parent_id: parent.clone(),
            });
            pending.push(id);
        }
        let accounts = all_pages(
            rep,
            here,
            "organizations:ListAccountsForParent",
            orgs.list_accounts_for_parent()
                .parent_id(&parent)
                .into_paginator()
                .send()
                .try_collect(),
            |page| page.accounts(),
        )
        .await
        .map_err(|e| org_error("ListAccountsForParent", describe(&e)))?;
        for a in accounts {
            parents_of.push((a.id().unwrap_or_default().to_string(), parent.clone()));
        }
    }
    Ok(parents_of)
}

/// Every SCP, with its document and targets.
async fn policies(
    orgs: &aws_sdk_organizations::Client,
    rep: &Reporter,
    here: &str,
) -> Result<Vec<Policy>> {
    let summaries = all_pages(
        rep,
        here,
        "organizations:ListPolicies",
        orgs.list_policies()
            .filter(PolicyType::ServiceControlPolicy)
            .into_paginator()
            .send()
            .try_collect(),
        |page| page.policies(),
    )
    .await
    .map_err(|e| org_error("ListPolicies", describe(&e)))?;
    let mut policies = Vec::new();
    for summary in summaries {
        policies.push(policy(orgs, rep, here, &summary).await?);
    }
    Ok(policies)
}

/// One SCP: its document (DescribePolicy) and its targets (ListTargetsForPolicy).
async fn policy(
    orgs: &aws_sdk_organizations::Client,
    rep: &Reporter,
    here: &str,
    summary: &PolicySummary,
) -> Result<Policy> {
    let id = summary.id().unwrap_or_default().to_string();
    let described = call(
        rep,
        here,
        "organizations:DescribePolicy",
        orgs.describe_policy().policy_id(&id).send(),
    )
    .await
    .map_err(|e| org_error("DescribePolicy", describe(&e)))?;
    let content = described
        .policy()
        .and_then(|p| p.content())
        .unwrap_or_default();
    let document = scp::parse(content.as_bytes(), &format!("SCP {id}"))
        .map_err(|e| anyhow::anyhow!("cannot read the organization: {e}"))?
        .document;
    let targets = all_pages(
        rep,
        here,
        "organizations:ListTargetsForPolicy",
        orgs.list_targets_for_policy()
            .policy_id(&id)
            .into_paginator()
            .send()
            .try_collect(),
        |page| page.targets(),
    )
    .await
    .map_err(|e| org_error("ListTargetsForPolicy", describe(&e)))?;
    Ok(Policy {
        name: summary.name().unwrap_or(&id).to_string(),
        aws_managed: summary.aws_managed(),
        id,
        document,
        targets: targets
            .iter()
            .filter_map(|t| t.target_id().map(str::to_string))
            .collect(),
    })
}

/// One listed account with its place in the organization and the SCPs that apply to it.
fn place_account(
    a: &aws_sdk_organizations::types::Account,
    org: &Organization,
    parents_of: &[(String, String)],
    management: Option<&str>,
    root_id: &str,
) -> Result<Account> {
    let id = a.id().unwrap_or_default().to_string();
    let mut account = Account {
        is_management: management == Some(id.as_str()),
        name: a.name().map(str::to_string),
        account_id: id.clone(),
        status: inactive_status(a),
        ..Default::default()
    };
    match parents_of.iter().find(|(acct, _)| *acct == id) {
        Some((_, parent)) => {
            account.parents = org
                .path_to(parent, Some(root_id))
                .map_err(|m| anyhow::anyhow!("cannot read the organization: {m}"))?;
            account.effective_scps = org.effective_scps(&account.parents, &id);
        }
        // Listed by ListAccounts, but under no parent the walk read (moved, or joined,
        // while the tree was walked): its place, and so its SCPs, are unknown. Left empty,
        // so SCP rules say unknown; its own checks still run.
        None if account.status.is_none() => account.errors.push(CollectionError {
            stage: Stage::Organization,
            message: named(
                "organizations:ListAccountsForParent",
                &format!("account {id} was not found under the root or any OU (moved while the tree was walked?); its SCPs are unknown"),
            )
            .to_string(),
        }),
        None => {}
    }
    Ok(account)
}

/// An account's AWS status when it is not active: its `State` (the newer, finer field:
/// SUSPENDED, PENDING_CLOSURE, CLOSED, PENDING_ACTIVATION), else its `Status`. `None` when
/// both that are given say ACTIVE.
fn inactive_status(a: &aws_sdk_organizations::types::Account) -> Option<String> {
    let state = a.state().map(|s| s.as_str());
    let status = a.status().map(|s| s.as_str());
    [state, status]
        .into_iter()
        .flatten()
        .find(|s| *s != "ACTIVE")
        .map(str::to_string)
}
