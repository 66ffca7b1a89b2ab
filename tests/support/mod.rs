//! What most end-to-end tests share: run the tenet binary and keep what it said.
// Each test binary compiles this module; not every one reads every field.
#![allow(dead_code)]

use assert_cmd::Command;

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the tenet binary cargo built with `args`; a run killed by a signal fails the test.
pub fn tenet(args: &[&str]) -> Run {
    let out = Command::cargo_bin("tenet")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    Run {
        code: out
            .status
            .code()
            .unwrap_or_else(|| panic!("tenet {args:?} was killed by a signal: {}", out.status)),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}
