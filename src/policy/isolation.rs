//! Evaluation in worker processes under a memory limit.
//!
//! regorus cannot stop a single built-in call that allocates without end
//! (`numbers.range(1, 1e12)`), and in Rust a failed allocation aborts the whole process. So
//! `tenet check` evaluates accounts in child processes (`tenet __worker`, worker.rs), each
//! under an address-space limit (`--max-memory`): a rule that outgrows it aborts only its
//! worker. The parent then evaluates that account again rule by rule, each in a fresh worker,
//! so the `error` finding lands on the rule that caused it, and carries on with the other
//! accounts. This is the parent's side.
//!
//! The two talk JSON lines (protocol.rs). The child starts with an empty environment, so the
//! cloud credentials tenet may run with never reach the process that runs policy code.

use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::Arc;
use std::thread::JoinHandle;

use anyhow::{anyhow, Context as _, Result};

use super::bundle::Bundle;
use super::evaluate::{finding, policy_error, Context};
use super::limits::Limits;
use super::protocol::{Job, Setup, WireFinding, WORKER_COMMAND};
use crate::model::{Account, SnapshotHead};
use crate::results::{Finding, Interner};

/// How to start workers, and what they compile.
#[derive(Debug, Clone)]
pub struct Isolation {
    /// The tenet executable (`std::env::current_exe()`).
    pub program: PathBuf,
    /// Address-space limit of each worker process, in MiB.
    pub max_memory_mib: u64,
    setup: Setup,
}

impl Isolation {
    /// Workers that compile the rules and libraries of `bundle` (not its tests).
    pub fn new(program: PathBuf, max_memory_mib: u64, bundle: &Bundle) -> Isolation {
        let sources = bundle
            .sources
            .iter()
            .filter(|s| !s.is_test())
            .map(|s| (s.path.clone(), s.text.clone()))
            .collect();
        Isolation {
            program,
            max_memory_mib,
            setup: Setup {
                sources,
                config: bundle.config.clone(),
                eval_timeout_ms: 0,
                max_memory_mib,
                rules: None,
            },
        }
    }
}

/// One evaluation thread's worker process, started on first use and again after it stops.
pub(crate) struct Worker<'a> {
    isolation: &'a Isolation,
    limits: Limits,
    /// The rule ids the worker evaluates (`PolicyEngine::select`); `None` for all.
    selected: Option<&'a [String]>,
    process: Option<Process>,
}

struct Process {
    child: Child,
    input: BufWriter<ChildStdin>,
    output: BufReader<ChildStdout>,
    /// The end of the child's stderr, from the thread that reads it (see [`relay_stderr`]).
    stderr: JoinHandle<String>,
    /// The head this child has been sent, so it is sent once.
    head: Option<Arc<SnapshotHead>>,
}

/// Why a worker stopped without answering: its exit status and the end of its stderr.
struct Stopped {
    status: String,
    stderr: String,
}

impl<'a> Worker<'a> {
    pub(crate) fn new(
        isolation: &'a Arc<Isolation>,
        limits: Limits,
        selected: Option<&'a [String]>,
    ) -> Worker<'a> {
        Worker {
            isolation,
            limits,
            selected,
            process: None,
        }
    }

    /// The account rules over one account; a worker that stops on it is retried rule by rule.
    pub(crate) fn account(&mut self, context: &Context, account: &Account) -> Result<Vec<Finding>> {
        if let Ok(found) = self.run(context, account, None)? {
            return Ok(found);
        }
        let account_id: Arc<str> = Arc::from(account.account_id.as_str());
        let mut found = Vec::new();
        for rule in context.account_rules.iter() {
            // A rule whose worker stops is tried once more in a fresh worker: under load a
            // worker now and then stops on a rule that needs little memory (seen about once in
            // 50 runs of tests/it/sandbox.rs, on the first job of a worker started after another
            // stopped), and that must not become the rule's verdict. A rule that really
            // outgrows the limit stops both times.
            let outcome = match self.run(context, account, Some(&rule.id))? {
                Ok(f) => Ok(f),
                Err(_) => self.run(context, account, Some(&rule.id))?,
            };
            match outcome {
                Ok(f) => found.extend(f),
                Err(stopped) => found.push(policy_error(
                    rule,
                    &account_id,
                    account.root_arn(),
                    self.explain(&stopped),
                )),
            }
        }
        Ok(found)
    }

    /// One job in this thread's worker: its findings, or why the worker stopped. `Err` only
    /// when no worker can be started at all.
    fn run(
        &mut self,
        context: &Context,
        account: &Account,
        rule: Option<&str>,
    ) -> Result<std::result::Result<Vec<Finding>, Stopped>> {
        if self.process.is_none() {
            self.process = Some(self.spawn()?);
        }
        let process = self.process.as_mut().expect("started above");
        let first = !process
            .head
            .as_ref()
            .is_some_and(|h| Arc::ptr_eq(h, &context.head));
        let job = Job {
            head: first.then_some(&*context.head),
            account,
            rule,
        };
        let mut line = String::new();
        let sent = serde_json::to_writer(&mut process.input, &job)
            .map_err(std::io::Error::from)
            .and_then(|()| process.input.write_all(b"\n"))
            .and_then(|()| process.input.flush());
        let received = sent.and_then(|()| process.output.read_line(&mut line));
        let answer = match received {
            Ok(n) if n > 0 => serde_json::from_str::<Vec<WireFinding>>(&line).ok(),
            _ => None,
        };
        let Some(answer) = answer else {
            return Ok(Err(self.stop()));
        };
        if first {
            process.head = Some(context.head.clone());
        }
        let rules = &context.account_rules;
        let account_id: Arc<str> = Arc::from(account.account_id.as_str());
        let mut interner = Interner::default();
        let found = answer
            .into_iter()
            .map(|f| {
                // The worker compiled the same rules, so a miss is tenet's bug: fail the run
                // rather than drop the finding.
                let rule = rules.iter().find(|r| *r.id == *f.rule).ok_or_else(|| {
                    anyhow!("evaluation worker answered for unknown rule {:?}", f.rule)
                })?;
                // Organization rules may name another account; others share the one Arc.
                let account = if f.account == *account_id {
                    account_id.clone()
                } else {
                    Arc::from(f.account)
                };
                let resource = interner.get(&f.resource);
                let message = interner.get(&f.message);
                Ok(Finding {
                    error: f.error,
                    ..finding(rule, &account, resource, f.status, message)
                })
            })
            .collect::<Result<Vec<Finding>>>()?;
        Ok(Ok(found))
    }

    fn spawn(&self) -> Result<Process> {
        let program = &self.isolation.program;
        let mut child = Command::new(program)
            .arg(WORKER_COMMAND)
            .env_clear()
            // mimalloc otherwise reserves 1 GiB of address space up front, which the worker's
            // memory limit (worker.rs) would count as already in use: with no reservation,
            // everything a rule allocates counts against --max-memory.
            .env("MIMALLOC_ARENA_RESERVE", "0")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .with_context(|| format!("cannot start evaluation worker {}", program.display()))?;
        let stderr = child.stderr.take().expect("piped");
        let stderr = std::thread::spawn(move || relay_stderr(stderr));
        let mut input = BufWriter::new(child.stdin.take().expect("piped"));
        let output = BufReader::new(child.stdout.take().expect("piped"));
        let mut setup = self.isolation.setup.clone();
        setup.eval_timeout_ms =
            u64::try_from(self.limits.eval_timeout.as_millis()).unwrap_or(u64::MAX);
        setup.rules = self.selected.map(<[String]>::to_vec);
        // A child that dies before reading this shows up at the first job as a stopped worker.
        let _ = serde_json::to_writer(&mut input, &setup)
            .map_err(std::io::Error::from)
            .and_then(|()| input.write_all(b"\n"));
        Ok(Process {
            child,
            input,
            output,
            stderr,
            head: None,
        })
    }

    /// Ends the current worker (it stopped answering) and says why it stopped.
    fn stop(&mut self) -> Stopped {
        let Some(mut process) = self.process.take() else {
            return Stopped {
                status: "not running".into(),
                stderr: String::new(),
            };
        };
        drop(process.input);
        let _ = process.child.kill();
        let status = process
            .child
            .wait()
            .map(|s| s.to_string())
            .unwrap_or_else(|e| e.to_string());
        let stderr = process.stderr.join().unwrap_or_default();
        Stopped { status, stderr }
    }

    fn explain(&self, stopped: &Stopped) -> String {
        if stopped
            .stderr
            .lines()
            .any(|l| l.starts_with(ALLOCATION_FAILED))
        {
            return format!(
                "evaluation stopped: it needed more than --max-memory ({} MiB); the rule builds too large a value for this input",
                self.isolation.max_memory_mib
            );
        }
        let last = stopped.stderr.lines().rev().find(|l| !l.trim().is_empty());
        let detail: String = last.unwrap_or("no message").chars().take(300).collect();
        format!(
            "the evaluation worker stopped ({}): {detail}",
            stopped.status
        )
    }
}

/// Passes a worker's stderr on to tenet's, line by line, so a policy's `print` output shows as it
/// did in-process, and returns the last lines, to explain a worker that stops. What Rust writes
/// when an allocation fails (and its backtrace hint) is kept back: tenet says it better, on the
/// rule's finding.
fn relay_stderr(stderr: impl Read) -> String {
    const KEEP: usize = 8;
    let mut tail: std::collections::VecDeque<String> = std::collections::VecDeque::new();
    let mut out_of_memory = false;
    for line in BufReader::new(stderr).lines() {
        let Ok(line) = line else { break };
        out_of_memory |= line.starts_with(ALLOCATION_FAILED);
        if !out_of_memory {
            eprintln!("{line}");
        }
        if tail.len() == KEEP {
            tail.pop_front();
        }
        tail.push_back(line);
    }
    tail.into_iter().collect::<Vec<_>>().join("\n")
}

/// How Rust's default handler reports a failed allocation before it aborts.
const ALLOCATION_FAILED: &str = "memory allocation of ";

impl Drop for Worker<'_> {
    fn drop(&mut self) {
        if let Some(mut process) = self.process.take() {
            // Closing stdin ends the worker's loop; it exits on its own.
            drop(process.input);
            let _ = process.child.wait();
            let _ = process.stderr.join();
        }
    }
}
