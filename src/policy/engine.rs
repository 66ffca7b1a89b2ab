//! The regorus wrapper: compile the bundle once, then evaluate every rule for every account,
//! accounts in parallel, each worker thread on its own clone of the compiled engine or, when
//! isolated (the CLI), through its own worker process (isolation.rs).

use std::borrow::Borrow;
use std::collections::BTreeSet;
use std::sync::Arc;

use anyhow::{anyhow, Result};
use regorus::{Engine, Value};

use super::bundle::{Bundle, Source};
use super::evaluate::{self, eval_rule, object, to_value, Context};
use super::isolation::{self, Isolation};
use super::limits::Limits;
use super::metadata::{RuleInfo, Scope};
use crate::model::SnapshotHead;
use crate::model::{Account, Snapshot};
use crate::results::Finding;

/// The compiled policies and what they are.
#[derive(Clone)]
pub struct PolicyEngine {
    /// Ready to evaluate `rules`.
    engine: Engine,
    /// The policies as compiled, before [`evaluate::prepare`], to prepare again for a selection.
    compiled: Engine,
    /// The rules evaluated, sorted by id: every rule, or those [`select`](Self::select)ed.
    rules: Vec<RuleInfo>,
    /// The ids [`select`](Self::select)ed, which worker processes are told; `None` for all.
    selected: Option<Vec<String>>,
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

    /// Evaluates only the rules whose ids are in `ids` (see [`Selection::resolve`]) from now
    /// on; the others are never evaluated and [`rules`](Self::rules) no longer lists them.
    ///
    /// [`Selection::resolve`]: super::selection::Selection::resolve
    pub fn select(&mut self, ids: &BTreeSet<String>) -> Result<()> {
        let ids: Vec<String> = ids.iter().cloned().collect();
        evaluate::keep_selected(&mut self.rules, &ids);
        let mut engine = evaluate::prepare(&self.compiled, &self.rules)?;
        engine.set_execution_timer_config(self.limits.timer());
        self.engine = engine;
        // The rules kept, not `ids`: after an earlier selection they can be fewer.
        self.selected = Some(self.rules.iter().map(|r| r.id.to_string()).collect());
        Ok(())
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
                    match Context::new(&self.rules, head) {
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
            Some(isolation) => Evaluator::Isolated(isolation::Worker::new(
                isolation,
                engine.limits,
                engine.selected.as_deref(),
            )),
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

/// What organization rules see of each account: identity and place, not credentials.
fn account_summary(a: &Account) -> serde_json::Value {
    serde_json::json!({
        "account_id": a.account_id, "name": a.name, "parents": a.parents,
        "effective_scps": a.effective_scps, "is_management": a.is_management,
    })
}

fn build<'a>(bundle: &Bundle, sources: impl Iterator<Item = &'a Source>) -> Result<PolicyEngine> {
    let (compiled, rules) = evaluate::compile(bundle, sources)?;
    Ok(PolicyEngine {
        engine: evaluate::prepare(&compiled, &rules)?,
        compiled,
        rules,
        selected: None,
        limits: Limits::default(),
        isolation: None,
    })
}
