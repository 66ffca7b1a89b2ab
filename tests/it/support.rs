//! What the end-to-end tests share: run the tenet binary and keep what it said (`tenet`, or
//! the `Tenet` builder for the common `check`/`report` run), the fixed clock and example
//! organization most of them use, and the harness of the tests that run tenet against a local
//! AWS (moto, tests/moto/): start moto (and its fault proxy) on a free loopback port, seed it,
//! change its fault rules while it runs, and run tenet with nothing but canary credentials in
//! its environment, checking every run's output for them.

// Each test module uses a different part of it.
#![allow(dead_code)]

use std::ffi::{OsStr, OsString};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// The clock most tests run at (`--as-of`).
pub const AS_OF: &str = "2026-11-20T00:00:00Z";
/// The example organization: six accounts as of AS_OF.
pub const ACME: &str = "examples/acme";

/// The hand-made readiness example (tests/data/readiness): its saved results and its own
/// policies, reported for two frameworks. `tenet report` arguments, the input first.
pub const READINESS_EXAMPLE: [&str; 8] = [
    "tests/data/readiness/results.json",
    "--no-builtin",
    "--policy",
    "tests/data/readiness/policy",
    "--framework",
    "cis-aws-7.0",
    "--framework",
    "soc2",
];

/// What one tenet run said.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// stdout as JSON; fails the test, showing stdout and stderr, when it is not.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}\nstderr: {}", self.stdout, self.stderr))
    }

    /// (code, stdout, stderr), for the tests that take them apart.
    pub fn into_parts(self) -> (i32, String, String) {
        (self.code, self.stdout, self.stderr)
    }
}

/// Runs the tenet binary cargo built with `args`; a run killed by a signal fails the test.
pub fn tenet<S: AsRef<OsStr>>(args: &[S]) -> Run {
    let out = assert_cmd::Command::cargo_bin("tenet")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or_else(|| {
            let args: Vec<&OsStr> = args.iter().map(AsRef::as_ref).collect();
            panic!("tenet {args:?} was killed by a signal: {}", out.status)
        }),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `tenet` as (code, stdout, stderr).
pub fn tenet_parts(args: &[&str]) -> (i32, String, String) {
    tenet(args).into_parts()
}

/// A tenet command line, built in order:
/// `Tenet::check(ACME).as_of(AS_OF).format("json").run()` runs
/// `tenet check examples/acme --as-of 2026-11-20T00:00:00Z --format json`.
#[derive(Debug)]
pub struct Tenet {
    args: Vec<OsString>,
}

impl Tenet {
    /// `tenet ARGS...`, a whole command line.
    pub fn with_args(args: &[&str]) -> Tenet {
        Tenet {
            args: args.iter().map(OsString::from).collect(),
        }
    }

    /// `tenet COMMAND INPUT`
    pub fn new(command: &str, input: impl AsRef<OsStr>) -> Tenet {
        Tenet {
            args: vec![command.into(), input.as_ref().into()],
        }
    }

    /// `tenet check INPUT`
    pub fn check(input: impl AsRef<OsStr>) -> Tenet {
        Tenet::new("check", input)
    }

    /// `tenet report INPUT`
    pub fn report(input: impl AsRef<OsStr>) -> Tenet {
        Tenet::new("report", input)
    }

    /// `--as-of TIME` (named after the flag, not a conversion)
    #[allow(clippy::wrong_self_convention)]
    pub fn as_of(self, as_of: &str) -> Tenet {
        self.args(["--as-of", as_of])
    }

    pub fn format(self, format: &str) -> Tenet {
        self.args(["--format", format])
    }

    /// `-o PATH`
    pub fn output(self, path: impl AsRef<OsStr>) -> Tenet {
        self.arg("-o").arg(path)
    }

    /// `--save-snapshot PATH`
    pub fn save_snapshot(self, path: impl AsRef<OsStr>) -> Tenet {
        self.arg("--save-snapshot").arg(path)
    }

    /// `--policy DIR`
    pub fn policy(self, dir: impl AsRef<OsStr>) -> Tenet {
        self.arg("--policy").arg(dir)
    }

    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Tenet {
        self.args.push(arg.as_ref().into());
        self
    }

    pub fn args<S: AsRef<OsStr>>(mut self, args: impl IntoIterator<Item = S>) -> Tenet {
        self.args
            .extend(args.into_iter().map(|a| a.as_ref().to_os_string()));
        self
    }

    pub fn run(&self) -> Run {
        tenet(&self.args)
    }
}

/// Writes `text` to `dir/name` (making its directory) and returns the path as a string.
pub fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

// The local AWS (moto) harness of live.rs, live_faults.rs and schemas.rs.

pub const MANAGEMENT: &str = "123456789012";
// Stable for moto 5.2.5 with seed.py's random seed (seed.py lists them; smoke.py checks them).
pub const PROD_APP: &str = "182449353487";
pub const PAYMENTS: &str = "465648236629";
pub const DEV: &str = "893734670656";
pub const ORG_ACCOUNTS: [&str; 4] = [MANAGEMENT, PROD_APP, PAYMENTS, DEV];

// Credentials no output may ever contain.
pub const KEY_ID: &str = "AKIATENETCANARY00001";
pub const SECRET: &str = "tenet-canary-secret-never-print-me";
pub const SESSION_TOKEN: &str = "tenet-canary-session-token-IQoJb3JpZ2luX2VjEJr";

/// Longest any one tenet run may take here: far beyond the collector's own time limits
/// (5 attempts per call, 60 s per operation), so reaching it means tenet hung.
const DEADLINE: Duration = Duration::from_secs(300);

fn python() -> String {
    std::env::var("TENET_MOTO_PYTHON").expect(
        "TENET_MOTO_PYTHON is not set: run the live tests through scripts/test.sh, which installs moto",
    )
}

/// A moto server (and fault proxy) for one test, stopped on drop.
pub struct Moto {
    child: Child,
    pub endpoint: String,
}

impl Moto {
    pub fn start(args: &[&str]) -> Moto {
        let mut child = Command::new(python())
            .arg("tests/moto/serve.py")
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start tests/moto/serve.py");
        let mut line = String::new();
        BufReader::new(child.stdout.as_mut().unwrap())
            .read_line(&mut line)
            .unwrap();
        let ready: Value =
            serde_json::from_str(&line).unwrap_or_else(|e| panic!("serve.py said {line:?}: {e}"));
        Moto {
            endpoint: ready["endpoint"].as_str().unwrap().to_string(),
            child,
        }
    }

    pub fn seed(&self, scenario: &str) -> Value {
        let out = Command::new(python())
            .args([
                "tests/moto/seed.py",
                "--endpoint",
                &self.endpoint,
                "--scenario",
                scenario,
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "seed.py: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }

    /// Replaces the fault proxy's rules (serve.py must run with --proxy or --faults); the hit
    /// counts start again from zero.
    pub fn set_faults(&self, rules: &Value) {
        self.faults_request("PUT", &rules.to_string());
    }

    /// How many requests each rule has answered since the rules were last set.
    pub fn hits(&self) -> Vec<u64> {
        let state: Value = serde_json::from_str(&self.faults_request("GET", "")).unwrap();
        state["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h.as_u64().unwrap())
            .collect()
    }

    fn faults_request(&self, method: &str, body: &str) -> String {
        let host = self.endpoint.trim_start_matches("http://");
        let mut stream = std::net::TcpStream::connect(host).unwrap();
        write!(
            stream,
            "{method} /__faults HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        let (head, body) = response.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 200"), "{response}");
        body.to_string()
    }

    /// The endpoint goes away: moto and its proxy stop at once.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Fails when `text` holds a credential: the canaries tenet was given, or anything shaped like
/// an AWS access key id or the session tokens moto hands out for assumed roles.
pub fn assert_no_secrets(text: &str, what: &str) {
    for canary in [KEY_ID, SECRET, SESSION_TOKEN, "FQoGZXIvYXdzEBYaD"] {
        assert!(!text.contains(canary), "a credential leaked into {what}");
    }
    for prefix in ["AKIA", "ASIA"] {
        for (at, _) in text.match_indices(prefix) {
            let rest = &text.as_bytes()[at + 4..];
            let key_like = rest.len() >= 16
                && rest[..16]
                    .iter()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
            assert!(
                !key_like,
                "an access key id leaked into {what}: {}",
                &text[at..at + 20]
            );
        }
    }
}

/// Runs tenet with only canary credentials in its environment (no profile, no IMDS), at most
/// DEADLINE, and checks stdout and stderr for credentials.
pub fn tenet_canary(args: &[&str]) -> Run {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("tenet"))
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("AWS_ACCESS_KEY_ID", KEY_ID)
        .env("AWS_SECRET_ACCESS_KEY", SECRET)
        .env("AWS_SESSION_TOKEN", SESSION_TOKEN)
        .env("AWS_REGION", "us-east-1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", "/nonexistent")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            pipe.read_to_end(&mut bytes).unwrap();
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            panic!("tenet {args:?} hung: still running after {DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let run = Run {
        code: status.code().expect("exited, not killed by a signal"),
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    };
    assert_no_secrets(&run.stdout, "stdout");
    assert_no_secrets(&run.stderr, "stderr");
    run
}

/// Reads and checks a snapshot tenet wrote.
pub fn read_snapshot(path: &std::path::Path) -> Option<Value> {
    std::fs::read(path).ok().map(|bytes| {
        let text = String::from_utf8(bytes).unwrap();
        assert_no_secrets(&text, "the snapshot");
        serde_json::from_str(&text).unwrap()
    })
}

/// `tenet collect --endpoint-url ENDPOINT -o OUT EXTRA...`, with canary credentials.
pub fn collect_to(endpoint: &str, out: &Path, extra: &[&str]) -> Run {
    let mut args = vec![
        "collect",
        "--endpoint-url",
        endpoint,
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    tenet_canary(&args)
}

/// `tenet collect` into a fresh directory: the run and the snapshot, if one was written.
pub fn collect(moto: &Moto, extra: &[&str]) -> (Run, Option<Value>) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("snap.json");
    let run = collect_to(&moto.endpoint, &out, extra);
    (run, read_snapshot(&out))
}

pub fn check_snapshot(snapshot: &Value) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("snap.json");
    std::fs::write(&path, snapshot.to_string()).unwrap();
    let run = tenet_canary(&[
        "check",
        path.to_str().unwrap(),
        "--format",
        "json",
        "--as-of",
        AS_OF,
    ]);
    run.json()
}

/// status of (account, rule, resource suffix) in a results document.
pub fn status(results: &Value, account: &str, rule: &str, resource_suffix: &str) -> String {
    let found: Vec<&Value> = results["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| {
            r["account"] == account
                && r["rule"] == rule
                && r["resource"].as_str().unwrap().ends_with(resource_suffix)
        })
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one finding for {account} {rule} {resource_suffix}: {found:?}"
    );
    found[0]["status"].as_str().unwrap().to_string()
}

pub fn account<'a>(snapshot: &'a Value, id: &str) -> &'a Value {
    snapshot["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["account_id"] == id)
        .unwrap()
}

/// (stage, message) of every error recorded for an account.
pub fn errors(snapshot: &Value, id: &str) -> Vec<(String, String)> {
    account(snapshot, id)["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["stage"].as_str().unwrap().to_string(),
                e["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}
