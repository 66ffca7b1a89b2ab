//! Evaluating compiled policies, the part shared by tenet's own evaluation threads (engine.rs)
//! and evaluation worker processes (worker.rs): compiling a bundle, the per-account context,
//! and turning what a rule reports into findings.

use std::collections::BTreeMap;
use std::sync::Arc;

use anyhow::{anyhow, bail, Result};
use regorus::{Engine, Value};

use super::bundle::{Bundle, Source};
use super::limits::{self, Limits};
use super::metadata::{self, RuleInfo, Scope};
use super::regorus_error::one_line;
use super::sandbox;
use crate::model::{Account, SnapshotHead};
use crate::results::{ErrorKind, Finding, Interner, Status};

/// Compiles `sources` with the bundle's config and checks the rules' METADATA: the engine
/// without the module that evaluates the rules (see [`prepare`]), and the rules sorted by id.
pub(crate) fn compile<'a>(
    bundle: &Bundle,
    sources: impl Iterator<Item = &'a Source>,
) -> Result<(Engine, Vec<RuleInfo>)> {
    let mut engine = Engine::new();
    engine.set_execution_timer_config(Limits::default().timer());
    for source in sources {
        sandbox::check(&source.path, &source.text)?;
        engine
            .add_policy(source.path.clone(), source.text.clone())
            .map_err(|e| anyhow!(one_line(&e.to_string())))?;
    }
    // The same METADATA checks as `tenet lint`; loading stops at the first problem.
    let (mut rules, problems) = metadata::read_rules(&bundle.sources, &bundle.config);
    if let Some(p) = problems.first() {
        bail!("{}:{}: {}", p.file, p.line, p.message);
    }
    engine.add_data(object([(
        "tenet",
        object([("config", Value::from(bundle.config.clone()))]),
    )]))?;
    rules.sort_by(|a, b| a.id.cmp(&b.id));
    Ok((engine, rules))
}

/// `compiled` (from [`compile`]) ready to evaluate `rules`, and only those: with the module
/// that gathers their findings, and analysed, so errors surface at load and every clone
/// starts prepared. The rules left out are compiled but never evaluated.
pub(crate) fn prepare(compiled: &Engine, rules: &[RuleInfo]) -> Result<Engine> {
    let mut engine = compiled.clone();
    engine
        .add_policy(ALL_RULES_PATH.to_string(), all_rules_module(rules))
        .map_err(|e| anyhow!(one_line(&e.to_string())))?;
    engine.set_input(Value::new_object());
    engine
        .eval_query("true".to_string(), false)
        .map_err(|e| anyhow!(one_line(&e.to_string())))?;
    Ok(engine)
}

/// Keeps the rules whose ids are in `selected`: the one filter tenet's own evaluation and its
/// worker processes both apply.
pub(crate) fn keep_selected(rules: &mut Vec<RuleInfo>, selected: &[String]) {
    rules.retain(|rule| selected.iter().any(|id| *id == *rule.id));
}

/// Where the generated module that gathers every account rule's findings lives.
const ALL_RULES_PATH: &str = "<tenet: all account rules>";
const ALL_RULES_QUERY: &str = "data.tenet_internal.all_rules.findings";

/// One object holding every account rule's findings, so one evaluation per account computes
/// them all and shared helper rules (credential report rows, the root row) are computed once.
fn all_rules_module(rules: &[RuleInfo]) -> String {
    let entries: Vec<String> = rules
        .iter()
        .filter(|r| r.resource != Scope::Organization)
        .map(|r| format!("\t{:?}: {}.findings,", r.id, r.package))
        .collect();
    format!(
        "package tenet_internal.all_rules\n\nfindings := {{\n{}\n}}\n",
        entries.join("\n")
    )
}

/// What every account's evaluation shares: the time, the organization as a regorus value
/// (converted once), and the account rules. Cheap to clone: values are reference-counted.
#[derive(Clone)]
pub(crate) struct Context {
    pub(crate) head: Arc<SnapshotHead>,
    collected_at: Value,
    organization: Value,
    pub(crate) account_rules: Arc<Vec<RuleInfo>>,
}

impl Context {
    /// `rules` are every compiled rule; the context keeps the account rules.
    pub(crate) fn new(rules: &[RuleInfo], head: SnapshotHead) -> Result<Context> {
        Ok(Context {
            collected_at: Value::from(head.collected_at.as_str()),
            organization: to_value(&head.organization)?,
            head: Arc::new(head),
            account_rules: Arc::new(
                rules
                    .iter()
                    .filter(|r| r.resource != Scope::Organization)
                    .cloned()
                    .collect(),
            ),
        })
    }

    /// For an account that is not active (suspended, closed: see [`Account::inactive_status`]),
    /// no findings at all; for an account that could not be collected, an `error` finding per
    /// rule; `None` for an account to evaluate. Every evaluation path (in process, worker
    /// process, streamed or not) asks this first.
    pub(crate) fn unevaluated(&self, account: &Account) -> Option<Vec<Finding>> {
        if account.inactive_status().is_some() {
            return Some(Vec::new());
        }
        let err = account.fatal_error()?;
        Some(self.every_rule_error(
            account,
            ErrorKind::NotCollected {
                stage: err.stage.clone(),
                detail: err.message.as_str().into(),
            },
        ))
    }

    /// An `error` finding of `kind` for every account rule, on the account's root ARN.
    fn every_rule_error(&self, account: &Account, kind: ErrorKind) -> Vec<Finding> {
        let account_id = Arc::from(account.account_id.as_str());
        let (resource, message): (Arc<str>, Arc<str>) =
            (account.root_arn().into(), kind.message().into());
        self.account_rules
            .iter()
            .map(|rule| Finding {
                error: Some(kind.clone()),
                ..finding(
                    rule,
                    &account_id,
                    resource.clone(),
                    Status::Error,
                    message.clone(),
                )
            })
            .collect()
    }

    /// The account rules (or only the rule with id `only`) over one collected account.
    pub(crate) fn account(
        &self,
        engine: &mut Engine,
        account: &Account,
        only: Option<&str>,
    ) -> Vec<Finding> {
        let input = match to_value(account) {
            Ok(account) => object([
                ("collected_at", self.collected_at.clone()),
                ("account", account),
                ("organization", self.organization.clone()),
            ]),
            Err(e) => {
                let detail = format!("the account does not convert to input: {e}");
                return self.every_rule_error(
                    account,
                    ErrorKind::NotEvaluated {
                        detail: detail.into(),
                    },
                );
            }
        };
        engine.set_input(input);
        let account_id = Arc::from(account.account_id.as_str());
        let root_arn = account.root_arn();
        match only {
            None => eval_account_rules(engine, &self.account_rules, &account_id, &root_arn),
            Some(id) => self
                .account_rules
                .iter()
                .filter(|rule| &*rule.id == id)
                .flat_map(|rule| eval_rule(engine, rule, &account_id, &root_arn))
                .collect(),
        }
    }
}

/// Every account rule in one evaluation; when that fails (a rule errors at run time), rule by
/// rule, so the error lands on the rule that caused it and the others still report.
fn eval_account_rules(
    engine: &mut Engine,
    rules: &[RuleInfo],
    account_id: &Arc<str>,
    root_arn: &str,
) -> Vec<Finding> {
    let mut interner = Interner::default();
    match engine.eval_rule(ALL_RULES_QUERY.to_string()) {
        Ok(Value::Object(all)) => rules
            .iter()
            .flat_map(|rule| {
                let value = all
                    .get(&Value::from(rule.id.as_ref()))
                    .cloned()
                    .unwrap_or(Value::Undefined);
                findings_of(value, rule, account_id, root_arn, &mut interner)
            })
            .collect(),
        _ => rules
            .iter()
            .flat_map(|rule| eval_rule(engine, rule, account_id, root_arn))
            .collect(),
    }
}

pub(crate) fn to_value<T: serde::Serialize>(v: &T) -> Result<Value> {
    Ok(Value::from(serde_json::to_value(v)?))
}

pub(crate) fn object<const N: usize>(entries: [(&str, Value); N]) -> Value {
    Value::from(
        entries
            .into_iter()
            .map(|(k, v)| (Value::from(k), v))
            .collect::<BTreeMap<_, _>>(),
    )
}

/// One finding as a rule reported it.
struct RawFinding {
    resource: String,
    status: String,
    message: String,
    /// Organization rules may attribute a finding to a member account.
    account: Option<String>,
}

impl RawFinding {
    /// Read straight from the regorus value (no detour through JSON): string fields `resource`,
    /// `status`, `message` and, optionally, `account` (null counts as absent); other keys are
    /// ignored. `Err` says what is wrong with it.
    fn read(item: &Value) -> Result<RawFinding> {
        let Value::Object(object) = item else {
            bail!("a finding is not an object: {}", excerpt(item));
        };
        let (mut resource, mut status, mut message, mut account) = (None, None, None, None);
        for (key, value) in object.iter() {
            let Value::String(key) = key else { continue };
            let slot = match key.as_ref() {
                "resource" => &mut resource,
                "status" => &mut status,
                "message" => &mut message,
                "account" if *value == Value::Null => continue,
                "account" => &mut account,
                _ => continue,
            };
            match value {
                Value::String(text) => *slot = Some(text.to_string()),
                other => bail!("`{key}` is not a string: {}", excerpt(other)),
            }
        }
        let required = |field: Option<String>, name: &str| {
            field.ok_or_else(|| anyhow!("a finding has no `{name}`: {}", excerpt(item)))
        };
        Ok(RawFinding {
            resource: required(resource, "resource")?,
            status: required(status, "status")?,
            message: required(message, "message")?,
            account,
        })
    }
}

/// A value as JSON for an error message, cut short.
fn excerpt(value: &Value) -> String {
    let json = serde_json::to_string(value).unwrap_or_else(|_| format!("{value:?}"));
    match json.char_indices().nth(200) {
        Some((at, _)) => format!("{}...", &json[..at]),
        None => json,
    }
}

pub(crate) fn finding(
    rule: &RuleInfo,
    account: &Arc<str>,
    resource: impl Into<Arc<str>>,
    status: Status,
    message: impl Into<Arc<str>>,
) -> Finding {
    Finding {
        rule: rule.id.clone(),
        title: rule.title.clone(),
        severity: rule.severity,
        account: account.clone(),
        resource: resource.into(),
        status,
        message: message.into(),
        controls: rule.frameworks.clone(),
        error: None,
        waiver: None,
        expired_waiver: None,
    }
}

/// The `error` finding of a rule that failed: `kind` says why, and its message.
pub(crate) fn policy_error(
    rule: &RuleInfo,
    account: &Arc<str>,
    resource: impl Into<Arc<str>>,
    detail: String,
) -> Finding {
    let kind = ErrorKind::policy(detail);
    Finding {
        error: Some(kind.clone()),
        ..finding(rule, account, resource, Status::Error, kind.message())
    }
}

/// One rule's `findings` under the engine's current input. A runtime error or a malformed
/// finding becomes one `error` finding, so a broken rule is never silent.
pub(crate) fn eval_rule(
    engine: &mut Engine,
    rule: &RuleInfo,
    account: &Arc<str>,
    fallback_resource: &str,
) -> Vec<Finding> {
    match engine.eval_rule(format!("{}.findings", rule.package)) {
        Ok(value) => findings_of(
            value,
            rule,
            account,
            fallback_resource,
            &mut Interner::default(),
        ),
        Err(e) => {
            let detail = limits::explain(&e).unwrap_or_else(|| one_line(&e.to_string()));
            vec![policy_error(
                rule,
                account,
                fallback_resource.to_string(),
                detail,
            )]
        }
    }
}

/// A rule's `findings` value as findings; a malformed one becomes one `error` finding.
fn findings_of(
    value: Value,
    rule: &RuleInfo,
    account: &Arc<str>,
    fallback_resource: &str,
    interner: &mut Interner,
) -> Vec<Finding> {
    let error = |detail: String| {
        vec![policy_error(
            rule,
            account,
            fallback_resource.to_string(),
            detail,
        )]
    };
    if value == Value::Undefined {
        return Vec::new();
    }
    let count = match &value {
        Value::Set(items) => items.len(),
        Value::Array(items) => items.len(),
        _ => 0,
    };
    if count > limits::MAX_FINDINGS {
        return error(limits::too_many_findings(count));
    }
    let items: Vec<&Value> = match &value {
        Value::Set(items) => items.iter().collect(),
        Value::Array(items) => items.iter().collect(),
        other => {
            return error(format!(
                "findings must be a set of {{resource, status, message}} objects, not {}",
                excerpt(other)
            ))
        }
    };
    let raw: Vec<RawFinding> = match items.into_iter().map(RawFinding::read).collect() {
        Ok(raw) => raw,
        Err(e) => {
            return error(format!(
                "findings must be a set of {{resource, status, message}} objects: {e:#}"
            ))
        }
    };
    raw.into_iter()
        .map(|f| {
            // Organization rules may name another account; others share the one Arc.
            let account = f.account.map_or_else(|| account.clone(), Arc::from);
            let resource = interner.get(&f.resource);
            match Status::parse(&f.status).filter(|s| *s != Status::Error) {
                Some(status) => finding(rule, &account, resource, status, interner.get(&f.message)),
                None => policy_error(
                    rule,
                    &account,
                    resource,
                    format!(
                        "status {:?} is not pass, fail, unknown or not_applicable",
                        f.status
                    ),
                ),
            }
        })
        .collect()
}
