//! What tenet and its evaluation worker processes say to each other (isolation.rs is the
//! parent's side, worker.rs the worker's).
//!
//! JSON lines over the child's stdin and stdout: one `Setup` line (the policy sources, config,
//! limits and selected rules), then per account one `Job` line in and one line of `WireFinding`s out.

use serde::{Deserialize, Serialize};

use crate::model::{Account, SnapshotHead};
use crate::results::{ErrorKind, Status};

/// The first argument that makes tenet an evaluation worker process (main.rs checks it before
/// parsing the command line, so it is no subcommand a user sees).
pub const WORKER_COMMAND: &str = "__worker";

/// The first line a worker reads.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Setup {
    pub(crate) sources: Vec<(String, String)>,
    pub(crate) config: serde_json::Value,
    pub(crate) eval_timeout_ms: u64,
    pub(crate) max_memory_mib: u64,
    /// Evaluate only the rules with these ids (`PolicyEngine::select`); `None` for all.
    pub(crate) rules: Option<Vec<String>>,
}

/// One account to evaluate; `head` comes with a worker's first job only.
#[derive(Serialize)]
pub(crate) struct Job<'a> {
    pub(crate) head: Option<&'a SnapshotHead>,
    pub(crate) account: &'a Account,
    pub(crate) rule: Option<&'a str>,
}

#[derive(Deserialize)]
pub(crate) struct OwnedJob {
    pub(crate) head: Option<SnapshotHead>,
    pub(crate) account: Account,
    pub(crate) rule: Option<String>,
}

/// A finding as it crosses the pipe: the parent adds title, severity and controls back from
/// the rule's metadata.
#[derive(Serialize, Deserialize)]
pub(crate) struct WireFinding {
    pub(crate) rule: String,
    pub(crate) account: String,
    pub(crate) resource: String,
    pub(crate) status: Status,
    pub(crate) message: String,
    pub(crate) error: Option<ErrorKind>,
}
