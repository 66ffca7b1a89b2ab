//! Service control policy documents, normalised so rules need to handle one shape only:
//! `Statement` is always an array; `Action`, `NotAction`, `Resource`, `NotResource` are always
//! arrays of strings; every `Condition` value is an array of strings (`false` → `"false"`).
//!
//! Input is either a policy document or `aws organizations describe-policy` output, whose
//! `Policy.Content` holds the document as a JSON string.

use std::collections::BTreeMap;

use anyhow::{anyhow, Result};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{json_error, json_message, InputError};

/// A normalised IAM policy document. Deserialising accepts any valid document and normalises it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "Value")]
pub struct PolicyDocument {
    #[serde(rename = "Version", skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(rename = "Statement")]
    pub statement: Vec<Statement>,
}

/// Operator → condition key → values.
pub type Conditions = BTreeMap<String, BTreeMap<String, Vec<String>>>;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Statement {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    pub effect: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_action: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_resource: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<Conditions>,
}

/// What a source file told about one SCP beyond its document.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedScp {
    /// `Policy.PolicySummary.Id` etc. when the input was describe-policy output.
    pub id: Option<String>,
    pub name: Option<String>,
    pub aws_managed: Option<bool>,
    pub document: PolicyDocument,
}

/// Parses an SCP file: a policy document, or describe-policy output.
pub fn parse(bytes: &[u8], file: &str) -> Result<ParsedScp, InputError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let value: Value = serde_json::from_slice(bytes).map_err(|e| json_error(file, &e))?;
    let in_file = |path: &str, message: String| InputError::new(file, format!("{path}: {message}"));
    match value.get("Policy") {
        Some(policy) => {
            let summary = policy.get("PolicySummary");
            let field = |k: &str| summary.and_then(|s| s.get(k));
            let content = policy
                .get("Content")
                .and_then(Value::as_str)
                .ok_or_else(|| {
                    in_file(
                        "Policy.Content",
                        "expected the policy document as a JSON string".into(),
                    )
                })?;
            let document: Value = serde_json::from_str(content).map_err(|e| {
                in_file(
                    "Policy.Content",
                    format!(
                        "invalid JSON at line {} column {}: {}",
                        e.line(),
                        e.column().max(1),
                        json_message(&e)
                    ),
                )
            })?;
            let document = PolicyDocument::try_from(document)
                .map_err(|m| in_file("Policy.Content", m.to_string()))?;
            Ok(ParsedScp {
                id: field("Id").and_then(Value::as_str).map(str::to_string),
                name: field("Name").and_then(Value::as_str).map(str::to_string),
                aws_managed: field("AwsManaged").and_then(Value::as_bool),
                document,
            })
        }
        None => Ok(ParsedScp {
            id: None,
            name: None,
            aws_managed: None,
            document: PolicyDocument::try_from(value)
                .map_err(|m| InputError::new(file, m.to_string()))?,
        }),
    }
}

impl TryFrom<Value> for PolicyDocument {
    type Error = anyhow::Error;

    fn try_from(value: Value) -> Result<Self> {
        let Value::Object(mut doc) = value else {
            return Err(anyhow!("a policy document must be a JSON object"));
        };
        let version = match doc.remove("Version") {
            None => None,
            Some(Value::String(v)) => Some(v),
            Some(other) => {
                return Err(anyhow!(
                    "Version: expected a string, found {}",
                    kind(&other)
                ))
            }
        };
        let statements = match doc.remove("Statement") {
            Some(Value::Array(items)) => items,
            Some(item @ Value::Object(_)) => vec![item],
            Some(other) => {
                return Err(anyhow!(
                    "Statement: expected an object or an array of objects, found {}",
                    kind(&other)
                ))
            }
            None => return Err(anyhow!("Statement: missing; is this a policy document?")),
        };
        let statement = statements
            .into_iter()
            .enumerate()
            .map(|(i, s)| match s {
                Value::Object(fields) => {
                    statement(fields).map_err(|m| anyhow!("Statement[{i}].{m}"))
                }
                other => Err(anyhow!(
                    "Statement[{i}]: expected an object, found {}",
                    kind(&other)
                )),
            })
            .collect::<Result<_, _>>()?;
        Ok(PolicyDocument { version, statement })
    }
}

fn statement(mut s: serde_json::Map<String, Value>) -> Result<Statement> {
    // AWS Organizations rejects an SCP with a principal element: an SCP applies to every
    // principal of the accounts it is attached to. Evaluating one as if it applied would
    // judge a policy that cannot exist.
    if let Some(key) = ["Principal", "NotPrincipal"]
        .into_iter()
        .find(|k| s.contains_key(*k))
    {
        let sid = match s.get("Sid") {
            Some(Value::String(sid)) => format!(" (Sid {sid:?})"),
            _ => String::new(),
        };
        return Err(anyhow!(
            "{key}: an SCP cannot contain Principal or NotPrincipal{sid}; AWS Organizations rejects such a policy"
        ));
    }
    let effect = match s.remove("Effect") {
        Some(Value::String(e)) if e == "Allow" || e == "Deny" => e,
        Some(other) => {
            return Err(anyhow!(
                "Effect: expected \"Allow\" or \"Deny\", found {other}"
            ))
        }
        None => return Err(anyhow!("Effect: missing")),
    };
    let mut strings = |key: &str| -> Result<Option<Vec<String>>> {
        s.remove(key)
            .map(|v| string_list(v).map_err(|m| anyhow!("{key}: {m}")))
            .transpose()
    };
    let action = strings("Action")?;
    let not_action = strings("NotAction")?;
    let resource = strings("Resource")?;
    let not_resource = strings("NotResource")?;
    let sid = match s.remove("Sid") {
        None | Some(Value::Null) => None,
        Some(Value::String(sid)) => Some(sid),
        Some(other) => return Err(anyhow!("Sid: expected a string, found {}", kind(&other))),
    };
    let condition = s.remove("Condition").map(conditions).transpose()?;
    Ok(Statement {
        sid,
        effect,
        action,
        not_action,
        resource,
        not_resource,
        condition,
    })
}

fn conditions(value: Value) -> Result<Conditions> {
    let Value::Object(ops) = value else {
        return Err(anyhow!(
            "Condition: expected an object, found {}",
            kind(&value)
        ));
    };
    ops.into_iter()
        .map(|(op, keys)| {
            let Value::Object(keys) = keys else {
                return Err(anyhow!(
                    "Condition.{op}: expected an object of condition keys, found {}",
                    kind(&keys)
                ));
            };
            let keys = keys
                .into_iter()
                .map(|(key, v)| {
                    scalar_list(v)
                        .map(|vals| (key.clone(), vals))
                        .map_err(|m| anyhow!("Condition.{op}.{key}: {m}"))
                })
                .collect::<Result<_, _>>()?;
            Ok((op, keys))
        })
        .collect()
}

/// A string or an array of strings (Action, Resource, ...).
fn string_list(value: Value) -> Result<Vec<String>> {
    match value {
        Value::String(s) => Ok(vec![s]),
        Value::Array(items) => items
            .into_iter()
            .map(|i| match i {
                Value::String(s) => Ok(s),
                other => Err(anyhow!("expected strings, found {}", kind(&other))),
            })
            .collect(),
        other => Err(anyhow!(
            "expected a string or an array of strings, found {}",
            kind(&other)
        )),
    }
}

/// Condition values: AWS accepts strings, booleans and numbers, alone or in an array.
fn scalar_list(value: Value) -> Result<Vec<String>> {
    let scalar = |v: Value| match v {
        Value::String(s) => Ok(s),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Number(n) => Ok(n.to_string()),
        other => Err(anyhow!(
            "expected a string, boolean or number, found {}",
            kind(&other)
        )),
    };
    match value {
        Value::Array(items) => items.into_iter().map(scalar).collect(),
        other => scalar(other).map(|s| vec![s]),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_single_statement_and_scalar_values() {
        let doc = r#"{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"*","Resource":"*",
            "Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":false},"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:root"}}}}"#;
        let scp = parse(doc.as_bytes(), "d.json").unwrap();
        let s = &scp.document.statement[0];
        assert_eq!(s.action.as_deref(), Some(&["*".to_string()][..]));
        assert_eq!(
            s.condition.as_ref().unwrap()["BoolIfExists"]["aws:MultiFactorAuthPresent"],
            vec!["false"]
        );
        // Normalised output reads back as itself.
        let json = serde_json::to_value(&scp.document).unwrap();
        assert_eq!(PolicyDocument::try_from(json).unwrap(), scp.document);
    }

    #[test]
    fn describe_policy_output_gives_id_and_name() {
        let out = r#"{"Policy":{"PolicySummary":{"Id":"p-FullAWSAccess","Name":"FullAWSAccess","AwsManaged":true},
            "Content":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"}}"#;
        let scp = parse(out.as_bytes(), "f.json").unwrap();
        assert_eq!(scp.id.as_deref(), Some("p-FullAWSAccess"));
        assert_eq!(scp.aws_managed, Some(true));
        assert_eq!(scp.document.statement[0].effect, "Allow");
    }

    #[test]
    fn a_principal_element_is_an_input_error_naming_the_statement() {
        let doc = br#"{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"},
            {"Sid": "DenyRoot", "Effect": "Deny", "Action": "*", "Resource": "*",
             "Principal": {"AWS": "arn:aws:iam::111122223333:root"}}]}"#;
        assert_eq!(
            parse(doc, "p.json").unwrap_err().to_string(),
            "p.json: Statement[1].Principal: an SCP cannot contain Principal or NotPrincipal \
             (Sid \"DenyRoot\"); AWS Organizations rejects such a policy"
        );
        let doc = br#"{"Statement": {"Effect": "Deny", "NotAction": "iam:*", "Resource": "*", "NotPrincipal": "*"}}"#;
        assert_eq!(
            parse(doc, "p.json").unwrap_err().to_string(),
            "p.json: Statement[0].NotPrincipal: an SCP cannot contain Principal or NotPrincipal; \
             AWS Organizations rejects such a policy"
        );
    }

    #[test]
    fn statement_of_wrong_type_is_named() {
        let err = parse(br#"{"Statement": "Deny"}"#, "x.json").unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.json: Statement: expected an object or an array of objects, found a string"
        );
        let err = parse(
            br#"{"Statement": [{"Effect": "Deny", "Action": 3}]}"#,
            "x.json",
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.json: Statement[0].Action: expected a string or an array of strings, found a number"
        );
    }
}
