//! The one path from an input to results, which `check`, `report` and `inventory` share:
//! read (or take) a snapshot as of a time, evaluate it, and attach the evidence.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::collect::{files, stream};
use crate::model::{Account, Snapshot, SnapshotHead};
use crate::output::write_atomic;
use crate::policy::bundle::policy_digest;
use crate::policy::{Bundle, PolicyEngine};
use crate::results::evidence::{evidence, hex, sha256_hex};
use crate::results::{Finding, Results};

/// What to check.
pub enum Input {
    /// An organization directory, a `tenet.snapshot/v1` file, or one credential report.
    Path(PathBuf),
    /// One account's credential report with the SCP files attached to that account.
    CredentialReport { report: PathBuf, scps: Vec<PathBuf> },
    /// A snapshot already in memory (collected from live AWS).
    Collected(Snapshot),
}

impl Input {
    /// Whether this is a saved snapshot, which can be read and evaluated account by account.
    pub fn streams(&self) -> bool {
        self.snapshot_file().is_some()
    }

    /// A saved snapshot file, whose own sha256 is the evidence's snapshot digest.
    fn snapshot_file(&self) -> Option<&Path> {
        match self {
            Input::Path(path) if path.is_file() && stream::is_snapshot_file(path) => Some(path),
            _ => None,
        }
    }

    /// The file findings are located in (SARIF): the snapshot or credential report as given,
    /// an organization directory's organization.yaml; `None` for a live collection.
    pub fn location(&self) -> Option<String> {
        let path = match self {
            Input::Path(dir) if dir.join("organization.yaml").is_file() => {
                dir.join("organization.yaml")
            }
            Input::Path(path) => path.clone(),
            Input::CredentialReport { report, .. } => report.clone(),
            Input::Collected(_) => return None,
        };
        Some(path.to_string_lossy().into_owned())
    }

    /// The whole snapshot, as of `as_of` when given; otherwise a snapshot keeps its own
    /// `collected_at`, and inputs that carry no time (a directory, a report) are as of now.
    pub fn load(self, as_of: Option<&str>) -> Result<Snapshot> {
        let collected_at = || as_of.map_or_else(now, str::to_string);
        let mut snapshot = match self {
            Input::Path(path) => files::load(&path, &collected_at())?,
            Input::CredentialReport { report, scps } => {
                files::load_single(&report, &scps, &collected_at())?
            }
            Input::Collected(snapshot) => snapshot,
        };
        if let Some(as_of) = as_of {
            snapshot.collected_at = as_of.to_string();
        }
        Ok(snapshot)
    }
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Results with the snapshot they came from. A streamed snapshot keeps each account's
/// identity, status and errors, not its bulk (credential report, password policy).
pub struct Checked {
    pub results: Results,
    pub snapshot: Snapshot,
}

/// Policies ready to evaluate inputs as of one time.
pub struct Evaluation<'a> {
    engine: &'a PolicyEngine,
    policy_digest: String,
    as_of: Option<&'a str>,
}

impl<'a> Evaluation<'a> {
    /// `as_of` is a normalised RFC 3339 time (see [`parse_as_of`]).
    pub fn new(engine: &'a PolicyEngine, bundle: &Bundle, as_of: Option<&'a str>) -> Self {
        Evaluation {
            engine,
            policy_digest: policy_digest(&bundle.sources),
            as_of,
        }
    }

    /// Evaluates `input`. A saved snapshot is streamed: read, evaluated and forgotten account
    /// by account. Anything else, or a snapshot to save again (`save_snapshot`, written as
    /// evaluated), is read whole.
    pub fn check(&self, input: Input, save_snapshot: Option<&Path>) -> Result<Checked> {
        if input.streams() && save_snapshot.is_none() {
            return self.stream(&input, None);
        }
        self.read_whole(input, save_snapshot)
    }

    /// Evaluates `input` read whole, even a saved snapshot: the snapshot returned keeps every
    /// account's credential report and password policy (for the inventory).
    pub fn check_whole(&self, input: Input) -> Result<Checked> {
        self.read_whole(input, None)
    }

    fn read_whole(&self, input: Input, save_snapshot: Option<&Path>) -> Result<Checked> {
        let file_digest = match input.snapshot_file() {
            Some(path) => {
                Some(sha256_hex(&std::fs::read(path).with_context(|| {
                    format!("{}: cannot read", path.display())
                })?))
            }
            None => None,
        };
        let snapshot = input.load(self.as_of)?;
        // The digest is of the snapshot file as given, which an auditor can check with
        // sha256sum, else of the snapshot JSON as evaluated (what --save-snapshot writes).
        let json = serde_json::to_vec_pretty(&snapshot)?;
        if let Some(path) = save_snapshot {
            write_atomic(path, &json)?;
        }
        let findings = self.engine.evaluate(&snapshot)?;
        let digest = file_digest.unwrap_or_else(|| sha256_hex(&json));
        Ok(self.checked(snapshot, digest, findings))
    }

    /// Streams `input`, a saved snapshot ([`Input::streams`]), through the policies, handing
    /// each account's findings to `each` as they come rather than keeping them: the results
    /// returned hold only the organization rules' findings.
    pub fn check_each(
        &self,
        input: &Input,
        each: &(dyn Fn(Vec<Finding>) -> Result<()> + Sync),
    ) -> Result<Checked> {
        self.stream(input, Some(each))
    }

    fn stream(
        &self,
        input: &Input,
        each: Option<&(dyn Fn(Vec<Finding>) -> Result<()> + Sync)>,
    ) -> Result<Checked> {
        let Some(path) = input.snapshot_file() else {
            bail!("only a tenet.snapshot/v1 file can be streamed");
        };
        let mut digest = String::new();
        let read = |sink: &mut dyn FnMut(&SnapshotHead, Account)| -> Result<Snapshot> {
            let streamed = stream::read_snapshot(path, sink)?;
            digest = hex(&streamed.sha256);
            Ok(streamed.snapshot)
        };
        let (findings, snapshot) = match each {
            Some(each) => self.engine.evaluate_stream_each(self.as_of, each, read)?,
            None => self.engine.evaluate_stream(self.as_of, read)?,
        };
        Ok(self.checked(snapshot, digest, findings))
    }

    fn checked(&self, snapshot: Snapshot, digest: String, findings: Vec<Finding>) -> Checked {
        let mut results = Results::new(snapshot.collected_at.clone(), findings);
        results.evidence = Some(evidence(&snapshot, digest, self.policy_digest.clone()));
        Checked { results, snapshot }
    }
}

/// A time to evaluate as of (`--as-of`): RFC 3339, normalised to UTC seconds as every time
/// tenet writes.
pub fn parse_as_of(text: &str) -> Result<String> {
    crate::model::credential_report::normalize_time(text)
        .context("expected an RFC 3339 time like 2026-11-20T00:00:00Z")
}
