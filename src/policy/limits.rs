//! Bounds on what one rule may cost when it is evaluated, so that a policy that loops or
//! grows without end becomes an `error` finding for that rule and account while every other
//! rule and account still finishes.
//!
//! - Time: regorus's cooperative execution timer (`--eval-timeout`, 10 s by default), restarted
//!   for every evaluation. An account's rules are evaluated in one query and, when that fails,
//!   each rule alone (see `eval_account_rules`), so a rule that runs away costs its account
//!   about twice the limit and turns only its own finding into `error`. The timer is checked
//!   between interpreter steps, so it also stops a comprehension that builds an ever larger
//!   value one element at a time.
//! - Size: a rule may report at most [`MAX_FINDINGS`] findings for one account.
//!
//! Memory is bounded by the operating system, not here: the CLI evaluates in worker processes
//! under an address-space limit (isolation.rs). regorus's `allocator-memory-limits` feature
//! would not do: it checks one process-wide total between interpreter steps, and a single
//! oversized allocation inside a built-in (`numbers.range(1, 1e12)`) aborts the process first.

use std::num::NonZeroU32;
use std::time::Duration;

use regorus::utils::limits::ExecutionTimerConfig;
use regorus::LimitError;

/// Most findings one rule may report for one account (or for the organization). IAM allows
/// 5,000 users per account, so a rule that reports each user stays far below it.
pub const MAX_FINDINGS: usize = 100_000;

/// Interpreter steps between two reads of the clock: often enough that a loop overshoots its
/// limit by microseconds, rarely enough that the reads do not show in a profile.
const TIMER_CHECK_INTERVAL: NonZeroU32 = NonZeroU32::new(256).unwrap();

/// The limits an engine evaluates under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Longest one evaluation over one account's input may run.
    pub eval_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            eval_timeout: Duration::from_secs(10),
        }
    }
}

impl Limits {
    pub(crate) fn timer(&self) -> ExecutionTimerConfig {
        ExecutionTimerConfig {
            limit: self.eval_timeout,
            check_interval: TIMER_CHECK_INTERVAL,
        }
    }
}

/// What a policy error that is one of these limits says, `None` for any other error.
pub(crate) fn explain(error: &anyhow::Error) -> Option<String> {
    let limit = error.chain().find_map(|e| e.downcast_ref::<LimitError>())?;
    Some(match limit {
        LimitError::TimeLimitExceeded { limit, .. } => format!(
            "evaluation stopped after {} (--eval-timeout); the rule loops or does too much work for this input",
            seconds(*limit)
        ),
        other => format!("evaluation stopped: {other}"),
    })
}

/// What the policy error says of a rule that reported `count` findings, more than [`MAX_FINDINGS`].
pub(crate) fn too_many_findings(count: usize) -> String {
    format!(
        "the rule reported {count} findings for one account; at most {MAX_FINDINGS} are allowed"
    )
}

fn seconds(d: Duration) -> String {
    if d.subsec_nanos() == 0 {
        format!("{}s", d.as_secs())
    } else {
        format!("{}s", d.as_secs_f64())
    }
}
