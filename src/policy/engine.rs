//! The regorus wrapper: compile the bundle once, then evaluate every rule for every account,
//! accounts in parallel, each worker on its own clone of the compiled engine.

use std::collections::{BTreeMap, HashSet};

use anyhow::{anyhow, bail, Result};
use rayon::prelude::*;
use regorus::{Engine, Value};
use serde::Deserialize;

use super::bundle::{Bundle, Source};
use super::metadata::{self, RuleInfo, Scope};
use crate::findings::{Finding, Status};
use crate::model::{Account, Snapshot};

/// The compiled policies and what they are.
#[derive(Clone)]
pub struct PolicyEngine {
    engine: Engine,
    rules: Vec<RuleInfo>,
}

impl PolicyEngine {
    /// Compiles the bundle's rules and libraries (not its tests).
    pub fn compile(bundle: &Bundle) -> Result<PolicyEngine> {
        build(bundle, bundle.sources.iter().filter(|s| !s.is_test()))
    }

    /// Compiles everything, tests included, for `tenet test`.
    pub fn compile_with_tests(bundle: &Bundle) -> Result<PolicyEngine> {
        build(bundle, bundle.sources.iter())
    }

    pub fn rules(&self) -> &[RuleInfo] {
        &self.rules
    }

    pub(crate) fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Every rule over every account (and organization rules once), as findings.
    /// `snapshot.collected_at` is the time all ages are measured from.
    pub fn evaluate(&self, snapshot: &Snapshot) -> Result<Vec<Finding>> {
        let collected_at = Value::from(snapshot.collected_at.as_str());
        let organization = to_value(&snapshot.organization)?;
        let account_rules: Vec<&RuleInfo> = self
            .rules
            .iter()
            .filter(|r| r.resource != Scope::Organization)
            .collect();
        let mut findings: Vec<Finding> = snapshot
            .accounts
            .par_iter()
            .map_init(
                || self.engine.clone(),
                |engine, account| -> Result<Vec<Finding>> {
                    if let Some(err) = account.fatal_error() {
                        let message = format!(
                            "not evaluated: {} could not be collected: {}",
                            err.stage, err.message
                        );
                        return Ok(account_rules
                            .iter()
                            .map(|rule| {
                                finding(
                                    rule,
                                    &account.account_id,
                                    account.root_arn(),
                                    Status::Error,
                                    message.clone(),
                                )
                            })
                            .collect());
                    }
                    let input = object([
                        ("collected_at", collected_at.clone()),
                        ("account", to_value(account)?),
                        ("organization", organization.clone()),
                    ]);
                    engine.set_input(input);
                    Ok(account_rules
                        .iter()
                        .flat_map(|rule| {
                            eval_rule(engine, rule, &account.account_id, &account.root_arn())
                        })
                        .collect())
                },
            )
            .collect::<Result<Vec<_>>>()?
            .into_iter()
            .flatten()
            .collect();

        let org_rules: Vec<&RuleInfo> = self
            .rules
            .iter()
            .filter(|r| r.resource == Scope::Organization)
            .collect();
        if !org_rules.is_empty() {
            let accounts: Vec<serde_json::Value> =
                snapshot.accounts.iter().map(account_summary).collect();
            let mut engine = self.engine.clone();
            engine.set_input(object([
                ("collected_at", collected_at),
                ("organization", organization),
                ("accounts", Value::from(serde_json::Value::Array(accounts))),
            ]));
            let org = snapshot.organization.as_ref();
            // Organization findings belong to the management account; with no organization
            // data and a single account, to that account.
            let owner = org
                .and_then(|o| o.management_account_id.clone())
                .or_else(|| match snapshot.accounts.as_slice() {
                    [only] => Some(only.account_id.clone()),
                    _ => None,
                })
                .unwrap_or_default();
            let resource = match org.and_then(|o| o.id.as_deref()) {
                Some(id) => format!("arn:aws:organizations::{owner}:organization/{id}"),
                None => "organization".to_string(),
            };
            for rule in org_rules {
                findings.extend(eval_rule(&mut engine, rule, &owner, &resource));
            }
        }
        Ok(findings)
    }
}

/// What organization rules see of each account: identity and place, not credentials.
fn account_summary(a: &Account) -> serde_json::Value {
    serde_json::json!({
        "account_id": a.account_id, "name": a.name, "parents": a.parents,
        "effective_scps": a.effective_scps, "is_management": a.is_management,
    })
}

fn build<'a>(bundle: &Bundle, sources: impl Iterator<Item = &'a Source>) -> Result<PolicyEngine> {
    let mut engine = Engine::new();
    let mut rules: Vec<RuleInfo> = Vec::new();
    let mut ids = HashSet::new();
    for source in sources {
        engine
            .add_policy(source.path.clone(), source.text.clone())
            .map_err(|e| anyhow!(one_line(&e.to_string())))?;
        if source.is_test() {
            continue;
        }
        match metadata::parse(&source.path, &source.text) {
            Ok(Some(rule)) => {
                if !ids.insert(rule.id.clone()) {
                    let first = rules
                        .iter()
                        .find(|r| r.id == rule.id)
                        .map(|r| r.file.as_str())
                        .unwrap_or("?");
                    bail!(
                        "{}:{}: duplicate rule id {:?} (also in {first})",
                        source.path,
                        rule.line,
                        rule.id
                    );
                }
                rules.push(rule);
            }
            Ok(None) if package_of(&source.text).starts_with("tenet.aws.") => {
                bail!(
                    "{}:1: rule package has no METADATA block with custom.id",
                    source.path
                )
            }
            Ok(None) => {}
            Err((line, message)) => bail!("{}:{line}: {message}", source.path),
        }
    }
    engine.add_data(object([(
        "tenet",
        object([("config", Value::from(bundle.config.clone()))]),
    )]))?;
    // Analysis runs on first evaluation; do it now so errors surface at load, and so every
    // clone starts prepared.
    engine.set_input(Value::new_object());
    engine
        .eval_query("true".to_string(), false)
        .map_err(|e| anyhow!(one_line(&e.to_string())))?;
    rules.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(PolicyEngine { engine, rules })
}

/// regorus reports `--> file:line:col`, a source excerpt, then `error: message`; tenet prints
/// errors as one line, `file:line:col: message`.
pub(crate) fn one_line(error: &str) -> String {
    let location = error.lines().find_map(|l| l.trim().strip_prefix("--> "));
    let message = error.lines().find_map(|l| l.trim().strip_prefix("error: "));
    match (location, message) {
        (Some(location), Some(message)) => format!("{location}: {message}"),
        _ => error.split_whitespace().collect::<Vec<_>>().join(" "),
    }
}

fn package_of(text: &str) -> &str {
    text.lines()
        .find_map(|l| l.trim_start().strip_prefix("package "))
        .map_or("", str::trim)
}

fn to_value<T: serde::Serialize>(v: &T) -> Result<Value> {
    Ok(Value::from(serde_json::to_value(v)?))
}

fn object<const N: usize>(entries: [(&str, Value); N]) -> Value {
    Value::from(
        entries
            .into_iter()
            .map(|(k, v)| (Value::from(k), v))
            .collect::<BTreeMap<_, _>>(),
    )
}

#[derive(Deserialize)]
struct RawFinding {
    resource: String,
    status: String,
    message: String,
    /// Organization rules may attribute a finding to a member account.
    account: Option<String>,
}

fn finding(
    rule: &RuleInfo,
    account: &str,
    resource: String,
    status: Status,
    message: String,
) -> Finding {
    Finding {
        rule: rule.id.clone(),
        title: rule.title.clone(),
        severity: rule.severity,
        account: account.to_string(),
        resource,
        status,
        message,
        controls: rule.frameworks.clone(),
    }
}

/// One rule's `findings` under the engine's current input. A runtime error or a malformed
/// finding becomes one `error` finding, so a broken rule is never silent.
fn eval_rule(
    engine: &mut Engine,
    rule: &RuleInfo,
    account: &str,
    fallback_resource: &str,
) -> Vec<Finding> {
    let error = |message: String| {
        vec![finding(
            rule,
            account,
            fallback_resource.to_string(),
            Status::Error,
            message,
        )]
    };
    let value = match engine.eval_rule(format!("{}.findings", rule.package)) {
        Ok(v) => v,
        Err(e) => return error(format!("policy error: {}", one_line(&e.to_string()))),
    };
    if value == Value::Undefined {
        return Vec::new();
    }
    let raw: Vec<RawFinding> = match serde_json::to_value(&value).and_then(serde_json::from_value) {
        Ok(raw) => raw,
        Err(e) => {
            return error(format!(
                "policy error: findings must be a set of {{resource, status, message}} objects: {e}"
            ))
        }
    };
    raw.into_iter()
        .map(|f| {
            let account = f.account.as_deref().unwrap_or(account);
            let (status, message) = match Status::parse(&f.status).filter(|s| *s != Status::Error) {
                Some(status) => (status, f.message),
                None => (
                    Status::Error,
                    format!(
                        "policy error: status {:?} is not pass, fail, unknown or not_applicable",
                        f.status
                    ),
                ),
            };
            finding(rule, account, f.resource, status, message)
        })
        .collect()
}
