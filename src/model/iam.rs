//! An account's IAM users, groups, roles and managed policies, from
//! GetAccountAuthorizationDetails, in the snapshot's shape (`input.account.iam`).
//!
//! Policy documents are kept as AWS wrote them (Statement an object or an array, Action a
//! string or an array): rules read them as IAM does.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{json_error, InputError};

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Iam {
    pub users: Vec<IamUser>,
    pub groups: Vec<IamPrincipal>,
    pub roles: Vec<IamPrincipal>,
    pub policies: Vec<ManagedPolicy>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IamUser {
    pub name: String,
    pub arn: String,
    pub path: String,
    /// The names of the groups the user is in.
    pub groups: Vec<String>,
    /// The ARNs of the managed policies attached to the user.
    pub attached_policies: Vec<String>,
    pub inline_policies: Vec<InlinePolicy>,
}

/// A group or a role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IamPrincipal {
    pub name: String,
    pub arn: String,
    pub path: String,
    pub attached_policies: Vec<String>,
    pub inline_policies: Vec<InlinePolicy>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InlinePolicy {
    pub name: String,
    pub document: Value,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManagedPolicy {
    pub name: String,
    pub arn: String,
    /// Whether AWS owns it (`arn:PARTITION:iam::aws:policy/...`) rather than the account.
    pub aws_managed: bool,
    /// How many users, groups and roles it is attached to; `None` when AWS did not say.
    pub attachment_count: Option<i64>,
    /// The default (operative) version's document; `None` when that version was not given.
    pub document: Option<Value>,
}

/// Whether a managed policy's ARN is AWS's: its account field is `aws`.
pub fn is_aws_managed(arn: &str) -> bool {
    matches!(arn.split(':').nth(4), Some("aws")) && arn.starts_with("arn:")
}

/// A policy document as the API returns it (URL-encoded JSON text, RFC 3986) or as the AWS
/// CLI prints it (already decoded to JSON, or JSON text).
pub fn policy_document(document: &Value) -> Result<Value, String> {
    match document {
        Value::Object(_) => Ok(document.clone()),
        Value::String(text) => parse_document_text(text),
        other => Err(format!(
            "expected a policy document (an object or URL-encoded JSON text), found {other}"
        )),
    }
}

/// JSON text, URL-encoded or not: encoded text never starts with `{` (that is `%7B`), and
/// decoding plain JSON would corrupt a literal `%` in it.
pub fn parse_document_text(text: &str) -> Result<Value, String> {
    let decoded = if text.trim_start().starts_with('{') {
        std::borrow::Cow::Borrowed(text)
    } else {
        percent_encoding::percent_decode_str(text)
            .decode_utf8()
            .map_err(|e| format!("URL-decoded policy document is not UTF-8: {e}"))?
    };
    let value: Value =
        serde_json::from_str(&decoded).map_err(|e| format!("policy document is not JSON: {e}"))?;
    if !value.is_object() {
        return Err("policy document is not a JSON object".to_string());
    }
    Ok(value)
}

/// `aws iam get-account-authorization-details` output. Fields tenet does not read (UserId,
/// CreateDate, Tags, IsTruncated, Marker, ...) are ignored.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct CliDetails {
    #[serde(default)]
    user_detail_list: Vec<CliUser>,
    #[serde(default)]
    group_detail_list: Vec<CliGroup>,
    #[serde(default)]
    role_detail_list: Vec<CliRole>,
    #[serde(default)]
    policies: Vec<CliPolicy>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct CliUser {
    user_name: String,
    arn: String,
    path: Option<String>,
    #[serde(default)]
    group_list: Vec<String>,
    #[serde(default)]
    attached_managed_policies: Vec<CliAttached>,
    #[serde(default)]
    user_policy_list: Vec<CliInline>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct CliGroup {
    group_name: String,
    arn: String,
    path: Option<String>,
    #[serde(default)]
    attached_managed_policies: Vec<CliAttached>,
    #[serde(default)]
    group_policy_list: Vec<CliInline>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct CliRole {
    role_name: String,
    arn: String,
    path: Option<String>,
    #[serde(default)]
    attached_managed_policies: Vec<CliAttached>,
    #[serde(default)]
    role_policy_list: Vec<CliInline>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct CliAttached {
    policy_arn: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct CliInline {
    policy_name: String,
    policy_document: Value,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct CliPolicy {
    policy_name: String,
    arn: String,
    attachment_count: Option<i64>,
    #[serde(default)]
    policy_version_list: Vec<CliVersion>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct CliVersion {
    document: Option<Value>,
    #[serde(default)]
    is_default_version: bool,
}

/// Reads `aws iam get-account-authorization-details` output (`file` names it in errors).
pub fn parse_cli(bytes: &[u8], file: &str) -> Result<Iam, InputError> {
    let details: CliDetails = serde_json::from_slice(bytes).map_err(|e| json_error(file, &e))?;
    let inline = |kind: &str, owner: &str, list: Vec<CliInline>| {
        list.into_iter()
            .map(|p| {
                let document = policy_document(&p.policy_document).map_err(|m| {
                    InputError::new(
                        file,
                        format!("{kind} {owner}: inline policy {}: {m}", p.policy_name),
                    )
                })?;
                Ok(InlinePolicy {
                    name: p.policy_name,
                    document,
                })
            })
            .collect::<Result<Vec<_>, InputError>>()
    };
    let arns = |list: Vec<CliAttached>| list.into_iter().map(|a| a.policy_arn).collect();
    let mut iam = Iam::default();
    for u in details.user_detail_list {
        iam.users.push(IamUser {
            inline_policies: inline("user", &u.user_name, u.user_policy_list)?,
            groups: u.group_list,
            attached_policies: arns(u.attached_managed_policies),
            path: u.path.unwrap_or_else(|| "/".to_string()),
            name: u.user_name,
            arn: u.arn,
        });
    }
    for g in details.group_detail_list {
        iam.groups.push(IamPrincipal {
            inline_policies: inline("group", &g.group_name, g.group_policy_list)?,
            attached_policies: arns(g.attached_managed_policies),
            path: g.path.unwrap_or_else(|| "/".to_string()),
            name: g.group_name,
            arn: g.arn,
        });
    }
    for r in details.role_detail_list {
        iam.roles.push(IamPrincipal {
            inline_policies: inline("role", &r.role_name, r.role_policy_list)?,
            attached_policies: arns(r.attached_managed_policies),
            path: r.path.unwrap_or_else(|| "/".to_string()),
            name: r.role_name,
            arn: r.arn,
        });
    }
    for p in details.policies {
        let default = p
            .policy_version_list
            .into_iter()
            .find(|v| v.is_default_version)
            .and_then(|v| v.document);
        let document = default
            .map(|d| policy_document(&d))
            .transpose()
            .map_err(|m| InputError::new(file, format!("policy {}: {m}", p.arn)))?;
        iam.policies.push(ManagedPolicy {
            aws_managed: is_aws_managed(&p.arn),
            name: p.policy_name,
            arn: p.arn,
            attachment_count: p.attachment_count,
            document,
        });
    }
    Ok(iam)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const ADMIN: &str =
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#;

    fn encoded(text: &str) -> String {
        percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
    }

    #[test]
    fn reads_cli_output_with_decoded_and_encoded_documents() {
        let admin: Value = serde_json::from_str(ADMIN).unwrap();
        let cli = json!({
            "UserDetailList": [{
                "UserName": "alice", "UserId": "AIDA", "Arn": "arn:aws:iam::111122223333:user/alice",
                "Path": "/", "CreateDate": "2024-01-01T00:00:00Z", "GroupList": ["admins"],
                "AttachedManagedPolicies": [{"PolicyName": "ReadOnlyAccess", "PolicyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}],
                "UserPolicyList": [
                    {"PolicyName": "decoded", "PolicyDocument": admin},
                    {"PolicyName": "encoded", "PolicyDocument": encoded(ADMIN)}
                ]
            }],
            "GroupDetailList": [{
                "GroupName": "admins", "Arn": "arn:aws:iam::111122223333:group/admins", "Path": "/",
                "AttachedManagedPolicies": [], "GroupPolicyList": []
            }],
            "RoleDetailList": [{
                "RoleName": "ops", "Arn": "arn:aws:iam::111122223333:role/team/ops", "Path": "/team/",
                "AttachedManagedPolicies": [{"PolicyName": "Mine", "PolicyArn": "arn:aws:iam::111122223333:policy/Mine"}],
                "RolePolicyList": [{"PolicyName": "text", "PolicyDocument": ADMIN}]
            }],
            "Policies": [
                {"PolicyName": "AdministratorAccess", "Arn": "arn:aws:iam::aws:policy/AdministratorAccess",
                 "AttachmentCount": 1, "DefaultVersionId": "v2",
                 "PolicyVersionList": [
                     {"Document": {"Version": "2012-10-17", "Statement": []}, "VersionId": "v1", "IsDefaultVersion": false},
                     {"Document": encoded(ADMIN), "VersionId": "v2", "IsDefaultVersion": true}
                 ]},
                {"PolicyName": "Mine", "Arn": "arn:aws-us-gov:iam::111122223333:policy/Mine",
                 "AttachmentCount": 0, "PolicyVersionList": []}
            ],
            "IsTruncated": false
        });
        let iam = parse_cli(cli.to_string().as_bytes(), "f.json").unwrap();
        assert_eq!(
            serde_json::to_value(&iam).unwrap(),
            json!({
                "users": [{
                    "name": "alice", "arn": "arn:aws:iam::111122223333:user/alice", "path": "/",
                    "groups": ["admins"],
                    "attached_policies": ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
                    "inline_policies": [
                        {"name": "decoded", "document": admin},
                        {"name": "encoded", "document": admin}
                    ]
                }],
                "groups": [{
                    "name": "admins", "arn": "arn:aws:iam::111122223333:group/admins", "path": "/",
                    "attached_policies": [], "inline_policies": []
                }],
                "roles": [{
                    "name": "ops", "arn": "arn:aws:iam::111122223333:role/team/ops", "path": "/team/",
                    "attached_policies": ["arn:aws:iam::111122223333:policy/Mine"],
                    "inline_policies": [{"name": "text", "document": admin}]
                }],
                "policies": [
                    {"name": "AdministratorAccess", "arn": "arn:aws:iam::aws:policy/AdministratorAccess",
                     "aws_managed": true, "attachment_count": 1, "document": admin},
                    {"name": "Mine", "arn": "arn:aws-us-gov:iam::111122223333:policy/Mine",
                     "aws_managed": false, "attachment_count": 0, "document": null}
                ]
            })
        );
    }

    #[test]
    fn aws_managed_is_told_by_the_arns_account_field() {
        assert!(is_aws_managed(
            "arn:aws:iam::aws:policy/AdministratorAccess"
        ));
        assert!(is_aws_managed(
            "arn:aws-cn:iam::aws:policy/job-function/ViewOnlyAccess"
        ));
        assert!(!is_aws_managed("arn:aws:iam::111122223333:policy/aws"));
        assert!(!is_aws_managed("arn:aws:iam::111122223333:policy/x:aws"));
    }

    #[test]
    fn plain_json_text_keeps_a_literal_percent() {
        let text = r#"{"Statement":{"Condition":{"StringLike":{"s3:prefix":"a%20b"}}}}"#;
        assert_eq!(
            parse_document_text(text).unwrap()["Statement"]["Condition"]["StringLike"]["s3:prefix"],
            "a%20b"
        );
        assert_eq!(
            parse_document_text(&encoded(text)).unwrap(),
            serde_json::from_str::<Value>(text).unwrap()
        );
    }

    #[test]
    fn bad_input_is_located() {
        let err = parse_cli(
            b"{\n  \"UserDetailList\": [\n    {\"UserName\": }\n  ]\n}",
            "f.json",
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "f.json:3:18: invalid JSON: expected value");
        let err = parse_cli(br#"{"UserDetailList": [{"Arn": "a"}]}"#, "f.json").unwrap_err();
        assert!(err.to_string().starts_with("f.json:1:"), "{err}");
        assert!(
            err.to_string().contains("missing field `UserName`"),
            "{err}"
        );
        let bad = json!({"RoleDetailList": [{"RoleName": "ops", "Arn": "a",
            "RolePolicyList": [{"PolicyName": "p", "PolicyDocument": "%7Bnot"}]}]});
        let err = parse_cli(bad.to_string().as_bytes(), "f.json").unwrap_err();
        assert_eq!(
            err.to_string(),
            "f.json: role ops: inline policy p: policy document is not JSON: key must be a string at line 1 column 2"
        );
    }
}
