//! The evaluation worker process (`tenet __worker`, started by isolation.rs): it limits its own
//! memory, compiles the policies it is sent, and answers jobs until its stdin closes.

use std::io::{BufRead, BufWriter, Write};

use anyhow::{anyhow, Context as _, Result};

use super::bundle::{Bundle, Source};
use super::evaluate::{self, Context};
use super::limits::Limits;
use super::protocol::{OwnedJob, Setup, WireFinding};

/// The worker process: read the setup, limit this process's memory, compile, then answer jobs
/// until stdin closes.
pub fn serve() -> Result<()> {
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let mut line = String::new();
    input.read_line(&mut line)?;
    let setup: Setup = serde_json::from_str(&line).context("worker setup")?;
    // Where the system refuses the limit, evaluate without it rather than not at all.
    if let Err(e) = limit_memory(setup.max_memory_mib) {
        eprintln!("tenet: warning: evaluating without --max-memory: {e:#}");
    }
    let bundle = Bundle {
        sources: setup
            .sources
            .into_iter()
            .map(|(path, text)| Source { path, text })
            .collect(),
        config: setup.config,
        catalogs: Vec::new(),
        test_data: Vec::new(),
    };
    // The sources are rules and libraries only: Isolation::new leaves the tests out.
    let (compiled, mut rules) = evaluate::compile(&bundle, bundle.sources.iter())?;
    // The parent's selection: the rules it did not select are never evaluated here either.
    if let Some(selected) = &setup.rules {
        evaluate::keep_selected(&mut rules, selected);
    }
    let mut engine = evaluate::prepare(&compiled, &rules)?;
    let limits = Limits {
        eval_timeout: std::time::Duration::from_millis(setup.eval_timeout_ms),
    };
    engine.set_execution_timer_config(limits.timer());
    let mut context: Option<Context> = None;
    let stdout = std::io::stdout();
    let mut output = BufWriter::new(stdout.lock());
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let job: OwnedJob = serde_json::from_str(&line).context("worker job")?;
        if let Some(head) = job.head {
            context = Some(Context::new(&rules, head)?);
        }
        let context = context
            .as_ref()
            .ok_or_else(|| anyhow!("worker job before any snapshot head"))?;
        let found: Vec<WireFinding> = context
            .account(&mut engine, &job.account, job.rule.as_deref())
            .into_iter()
            .map(|f| WireFinding {
                rule: f.rule.to_string(),
                account: f.account.to_string(),
                resource: f.resource.to_string(),
                status: f.status,
                message: f.message.to_string(),
                error: f.error,
            })
            .collect();
        serde_json::to_writer(&mut output, &found)?;
        output.write_all(b"\n")?;
        output.flush()?;
    }
}

/// Limits this process's address space to what it maps now plus `mib`. The program, its
/// libraries and its stacks already map a few hundred MiB (more in a debug build); a limit
/// below that would leave no room even to grow the stack, and every rule would crash.
#[cfg(unix)]
fn limit_memory(mib: u64) -> Result<()> {
    let bytes = mapped_now().saturating_add(mib.saturating_mul(1024 * 1024));
    rlimit::setrlimit(rlimit::Resource::AS, bytes, bytes).context("cannot limit worker memory")
}

/// The address space this process maps (VmSize in /proc/self/status), 0 where unknown.
#[cfg(unix)]
fn mapped_now() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmSize:"))
        .and_then(|kib| kib.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kib| kib * 1024)
}

#[cfg(not(unix))]
fn limit_memory(_mib: u64) -> Result<()> {
    Ok(())
}
