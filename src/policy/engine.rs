//! The regorus wrapper: compile the bundle once, then evaluate every rule for every account,
//! accounts in parallel, each worker thread on its own clone of the compiled engine or, when
//! isolated (the CLI), through its own worker process (isolation.rs).

use std::borrow::Borrow;
use std::collections::BTreeMap;
use std::sync::Arc;

use anyhow::{anyhow, bail, Result};
use regorus::{Engine, Value};

use super::bundle::{Bundle, Source};
use super::isolation::{self, Isolation};
use super::limits::{self, Limits};
use super::metadata::{self, RuleInfo, Scope};
use super::sandbox;
use crate::model::SnapshotHead;
use crate::model::{Account, Snapshot};
use crate::results::{ErrorKind, Finding, Interner, Status};

/// ast.rs and test.rs import it from here.
pub(crate) use super::regorus_error::one_line;

/// The compiled policies and what they are.
#[derive(Clone)]
pub struct PolicyEngine {
    engine: Engine,
    rules: Vec<RuleInfo>,
    limits: Limits,
    /// When set, accounts are evaluated in worker processes under a memory limit.
    isolation: Option<Arc<Isolation>>,
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

    /// Evaluates under `limits` from now on (every engine starts with [`Limits::default`]).
    pub fn set_limits(&mut self, limits: &Limits) {
        self.limits = *limits;
        self.engine.set_execution_timer_config(limits.timer());
    }

    /// Evaluates accounts in worker processes from now on, each under `isolation`'s memory
    /// limit, so a rule that builds an enormous value stops its worker rather than tenet.
    pub fn isolate(&mut self, isolation: Isolation) {
        self.isolation = Some(Arc::new(isolation));
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
        let head = SnapshotHead {
            collected_at: snapshot.collected_at.clone(),
            organization: snapshot.organization.clone(),
        };
        let batches = Batches::default();
        let keep = |batch| batches.keep(batch);
        // Accounts go to the evaluation threads by reference: the snapshot outlives them.
        self.evaluate_accounts::<anyhow::Error, (), &Account>(None, &keep, |sink| {
            for account in &snapshot.accounts {
                sink(&head, account);
            }
            Ok(())
        })?;
        let organization = self.evaluate_organization(snapshot)?;
        Ok(batches.flatten(organization))
    }

    /// Like [`evaluate`](Self::evaluate), for accounts that arrive one at a time from `read`
    /// (a snapshot streamed from disk). `read` hands each account to the sink it is given and
    /// returns the snapshot without its accounts' bulk, for the organization rules. `collected_at`
    /// overrides the snapshot's own time (`--as-of`).
    pub fn evaluate_stream<E: From<anyhow::Error>>(
        &self,
        collected_at: Option<&str>,
        read: impl FnOnce(&mut dyn FnMut(&SnapshotHead, Account)) -> std::result::Result<Snapshot, E>,
    ) -> std::result::Result<(Vec<Finding>, Snapshot), E> {
        let batches = Batches::default();
        let keep = |batch| batches.keep(batch);
        let (organization, snapshot) = self.evaluate_stream_each(collected_at, &keep, read)?;
        Ok((batches.flatten(organization), snapshot))
    }

    /// Like [`evaluate_stream`](Self::evaluate_stream), but each account's findings go to `each`
    /// (from the worker threads, in no particular order) as soon as they are known, and none
    /// are kept: memory holds the accounts in flight, not the results. Returns the
    /// organization rules' findings and the snapshot without its accounts' bulk.
    pub fn evaluate_stream_each<E: From<anyhow::Error>>(
        &self,
        collected_at: Option<&str>,
        each: &(dyn Fn(Vec<Finding>) -> Result<()> + Sync),
        read: impl FnOnce(&mut dyn FnMut(&SnapshotHead, Account)) -> std::result::Result<Snapshot, E>,
    ) -> std::result::Result<(Vec<Finding>, Snapshot), E> {
        let mut snapshot = self.evaluate_accounts(collected_at, each, read)?;
        if let Some(at) = collected_at {
            snapshot.collected_at = at.to_string();
        }
        let organization = self.evaluate_organization(&snapshot)?;
        Ok((organization, snapshot))
    }

    /// The account rules over the accounts `feed` hands to its sink, each account's findings
    /// handed to `each`. Workers, one per core, each with its own engine clone (or its own
    /// worker process, when isolated), evaluate accounts while `feed` produces the next ones;
    /// at most a few accounts per worker are in memory at once. Accounts come owned (`A` is
    /// `Account`, read from a stream) or borrowed (`&Account`, from a loaded snapshot).
    fn evaluate_accounts<E: From<anyhow::Error>, R, A: Borrow<Account> + Send>(
        &self,
        collected_at: Option<&str>,
        each: &(dyn Fn(Vec<Finding>) -> Result<()> + Sync),
        feed: impl FnOnce(&mut dyn FnMut(&SnapshotHead, A)) -> std::result::Result<R, E>,
    ) -> std::result::Result<R, E> {
        let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
        let (send, receive) = std::sync::mpsc::sync_channel::<(Context, A)>(workers * 2);
        let receive = std::sync::Mutex::new(receive);
        let (outcome, per_worker) = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..workers)
                .map(|_| {
                    scope.spawn(|| -> Result<()> {
                        let mut evaluator = Evaluator::new(self);
                        let mut failed = None;
                        loop {
                            let next = receive.lock().expect("no worker panics holding it").recv();
                            let Ok((context, account)) = next else { break };
                            // After an error, drain without evaluating: the reader must never
                            // block on a full channel that nobody empties.
                            if failed.is_some() {
                                continue;
                            }
                            let done = evaluator.account(&context, account.borrow()).and_then(
                                |mut batch| {
                                    // Possibly kept until every account is done: no spare capacity.
                                    batch.shrink_to_fit();
                                    each(batch)
                                },
                            );
                            if let Err(e) = done {
                                failed = Some(e);
                            }
                        }
                        failed.map_or(Ok(()), Err)
                    })
                })
                .collect();
            // The head (time, organization) is converted to regorus values once, at the first
            // account; every later account reuses it.
            let mut context: Option<Context> = None;
            let mut failed = None;
            let outcome = feed(&mut |head, account| {
                if failed.is_some() {
                    return;
                }
                if context.is_none() {
                    let head = SnapshotHead {
                        collected_at: collected_at.unwrap_or(&head.collected_at).to_string(),
                        organization: head.organization.clone(),
                    };
                    match Context::new(self, head) {
                        Ok(c) => context = Some(c),
                        Err(e) => {
                            failed = Some(e);
                            return;
                        }
                    }
                }
                let context = context.clone().expect("set above");
                // Workers keep receiving after an error (reported below), so this never blocks
                // for good; it fails only if every worker panicked.
                let _ = send.send((context, account));
            });
            drop(send);
            let per_worker: Vec<Result<()>> = handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|_| Err(anyhow!("an evaluation worker panicked")))
                })
                .collect();
            (outcome.map(|fed| (fed, failed)), per_worker)
        });
        let (fed, failed) = outcome?;
        if let Some(e) = failed {
            return Err(e.into());
        }
        for worker in per_worker {
            worker?;
        }
        Ok(fed)
    }

    /// Organization rules, once per snapshot, over a summary of every account.
    fn evaluate_organization(&self, snapshot: &Snapshot) -> Result<Vec<Finding>> {
        let org_rules: Vec<&RuleInfo> = self
            .rules
            .iter()
            .filter(|r| r.resource == Scope::Organization)
            .collect();
        if org_rules.is_empty() {
            return Ok(Vec::new());
        }
        // An account that is not active (suspended, closed) is not evaluated: organization
        // rules do not see it either.
        let accounts: Vec<serde_json::Value> = snapshot
            .accounts
            .iter()
            .filter(|a| a.inactive_status().is_none())
            .map(account_summary)
            .collect();
        let mut engine = self.engine.clone();
        engine.set_input(object([
            ("collected_at", Value::from(snapshot.collected_at.as_str())),
            ("organization", to_value(&snapshot.organization)?),
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
        Ok(org_rules
            .into_iter()
            .flat_map(|rule| eval_rule(&mut engine, rule, &Arc::from(owner.as_str()), &resource))
            .collect())
    }
}

/// Every account's findings as the evaluation threads hand them over, one vector per account.
#[derive(Default)]
struct Batches(std::sync::Mutex<Vec<Vec<Finding>>>);

impl Batches {
    fn keep(&self, batch: Vec<Finding>) -> Result<()> {
        self.0.lock().expect("no panic holding it").push(batch);
        Ok(())
    }

    /// One vector of every account's findings and the organization's, allocated once at its
    /// final size: at 10,000 accounts the findings are most of tenet's memory, and growing one
    /// vector by doubling would briefly hold them one and a half times.
    fn flatten(self, organization: Vec<Finding>) -> Vec<Finding> {
        let batches = self.0.into_inner().expect("no panic holding it");
        let total = batches.iter().map(Vec::len).sum::<usize>() + organization.len();
        let mut findings = Vec::with_capacity(total);
        for batch in batches {
            findings.extend(batch);
        }
        findings.extend(organization);
        findings
    }
}

/// Evaluates accounts for one worker thread: with its own engine clone, or through its own
/// worker process when the engine is isolated.
enum Evaluator<'a> {
    InProcess(Box<Engine>),
    Isolated(isolation::Worker<'a>),
}

impl<'a> Evaluator<'a> {
    fn new(engine: &'a PolicyEngine) -> Evaluator<'a> {
        match &engine.isolation {
            Some(isolation) => {
                Evaluator::Isolated(isolation::Worker::new(isolation, engine.limits))
            }
            None => Evaluator::InProcess(Box::new(engine.engine.clone())),
        }
    }

    fn account(&mut self, context: &Context, account: &Account) -> Result<Vec<Finding>> {
        if let Some(unevaluated) = context.unevaluated(account) {
            return Ok(unevaluated);
        }
        match self {
            Evaluator::InProcess(engine) => Ok(context.account(engine, account, None)),
            Evaluator::Isolated(worker) => worker.account(context, account),
        }
    }
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
    pub(crate) fn new(engine: &PolicyEngine, head: SnapshotHead) -> Result<Context> {
        Ok(Context {
            collected_at: Value::from(head.collected_at.as_str()),
            organization: to_value(&head.organization)?,
            head: Arc::new(head),
            account_rules: Arc::new(
                engine
                    .rules
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
    fn unevaluated(&self, account: &Account) -> Option<Vec<Finding>> {
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

/// What organization rules see of each account: identity and place, not credentials.
fn account_summary(a: &Account) -> serde_json::Value {
    serde_json::json!({
        "account_id": a.account_id, "name": a.name, "parents": a.parents,
        "effective_scps": a.effective_scps, "is_management": a.is_management,
    })
}

fn build<'a>(bundle: &Bundle, sources: impl Iterator<Item = &'a Source>) -> Result<PolicyEngine> {
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
    engine
        .add_policy(ALL_RULES_PATH.to_string(), all_rules_module(&rules))
        .map_err(|e| anyhow!(one_line(&e.to_string())))?;
    // Analysis runs on first evaluation; do it now so errors surface at load, and so every
    // clone starts prepared.
    engine.set_input(Value::new_object());
    engine
        .eval_query("true".to_string(), false)
        .map_err(|e| anyhow!(one_line(&e.to_string())))?;
    rules.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(PolicyEngine {
        engine,
        rules,
        limits: Limits::default(),
        isolation: None,
    })
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
    fn read(item: &Value) -> std::result::Result<RawFinding, String> {
        let Value::Object(object) = item else {
            return Err(format!("a finding is not an object: {}", excerpt(item)));
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
                other => return Err(format!("`{key}` is not a string: {}", excerpt(other))),
            }
        }
        let required = |field: Option<String>, name: &str| {
            field.ok_or_else(|| format!("a finding has no `{name}`: {}", excerpt(item)))
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
fn eval_rule(
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
                "findings must be a set of {{resource, status, message}} objects: {e}"
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
