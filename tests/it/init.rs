//! `tenet init` end to end: the copy is the built-in policies byte for byte, existing files
//! are never overwritten without --force, and the copy alone (`--policy DIR --no-builtin`)
//! tests, lints and checks like the built-in policies until a team edits it. Also the other
//! scaffolding commands: shell completions and man pages, generated from the clap definitions.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::support::tenet_parts as tenet;
use crate::support::AS_OF;

/// Every file under `dir`, by path relative to it, with its bytes.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                out.insert(path.strip_prefix(root).unwrap().to_path_buf(), bytes);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

#[test]
fn init_copies_the_builtin_policies_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("policies");
    let (code, stdout, stderr) = tenet(&["init", target.to_str().unwrap()]);
    let builtin = tree(Path::new("policies"));
    assert_eq!((code, stdout.as_str()), (0, ""));
    assert_eq!(
        stderr,
        format!(
            "wrote {} files to {t}; check with them alone: tenet check --policy {t} --no-builtin ...\n",
            builtin.len(),
            t = target.display()
        )
    );
    let copy = tree(&target);
    assert_eq!(
        copy.keys().collect::<Vec<_>>(),
        builtin.keys().collect::<Vec<_>>()
    );
    assert!(copy == builtin, "contents differ");
    for wanted in [
        "config.yaml",
        "frameworks/soc2.yaml",
        "aws/root_mfa.rego",
        "aws/root_mfa_test.rego",
        "lib/time.rego",
    ] {
        assert!(copy.contains_key(Path::new(wanted)), "{wanted} missing");
    }
}

#[test]
fn init_never_overwrites_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("policies");
    std::fs::create_dir_all(target.join("aws")).unwrap();
    let mine = target.join("aws/root_mfa.rego");
    std::fs::write(&mine, "# my edition\n").unwrap();
    let (code, _, stderr) = tenet(&["init", target.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        format!(
            "tenet: 1 of the files to write already exist ({}); nothing was written (--force overwrites them)\n",
            mine.display()
        )
    );
    assert_eq!(std::fs::read_to_string(&mine).unwrap(), "# my edition\n");
    assert!(
        !target.join("config.yaml").exists(),
        "nothing else was written"
    );

    let (code, _, _) = tenet(&["init", target.to_str().unwrap(), "--force"]);
    assert_eq!(code, 0);
    assert_eq!(
        std::fs::read(&mine).unwrap(),
        std::fs::read("policies/aws/root_mfa.rego").unwrap()
    );
}

/// The summary and findings of a `--format json` result file.
fn results(path: &Path) -> (serde_json::Value, serde_json::Value) {
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    (v["summary"].clone(), v["results"].clone())
}

#[test]
fn the_copy_alone_tests_lints_and_checks_like_the_builtin_policies_until_edited() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("policies");
    let copy_arg = copy.to_str().unwrap();
    assert_eq!(tenet(&["init", copy_arg]).0, 0);

    let (code, stdout, _) = tenet(&["test", copy_arg]);
    let (_, builtin_stdout, _) = tenet(&["test"]);
    assert_eq!(code, 0, "{stdout}");
    assert_eq!(stdout, builtin_stdout, "same tests, same outcome");
    let (code, stdout, _) = tenet(&["lint", copy_arg]);
    assert_eq!(code, 0, "{stdout}");

    let check = |policy: Option<&str>, out: &Path| {
        let mut args = vec!["check", "examples/acme", "--as-of", AS_OF];
        if let Some(p) = policy {
            args.extend(["--policy", p, "--no-builtin"]);
        }
        args.extend(["--format", "json", "-o", out.to_str().unwrap()]);
        let (code, _, stderr) = tenet(&args);
        assert_eq!(code, 1, "Acme has failures: {stderr}");
    };
    let builtin = dir.path().join("builtin.json");
    let base = dir.path().join("base.json");
    check(None, &builtin);
    check(Some(copy_arg), &base);
    assert_eq!(results(&base), results(&builtin));

    // Require passwords of 16 characters: acme-prod-app's policy requires 14
    // (examples/acme/password-policies/222222222222.json), so its finding turns to fail.
    let config = copy.join("config.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(text.contains("\npassword_min_length: 14\n"));
    std::fs::write(
        &config,
        text.replace("\npassword_min_length: 14\n", "\npassword_min_length: 16\n"),
    )
    .unwrap();
    let head = dir.path().join("head.json");
    check(Some(copy_arg), &head);
    let (code, stdout, _) = tenet(&[
        "diff",
        base.to_str().unwrap(),
        head.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(code, 1, "a new failure");
    let diff: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let new: Vec<(&str, &str, &str)> = diff["new_failures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["rule"].as_str().unwrap(),
                c["account"].as_str().unwrap(),
                c["message"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        new,
        [(
            "password_policy_length",
            "222222222222",
            "the password policy requires only 14 characters (16 or more required)"
        )]
    );
}

/// The README's change loop (between the policy-loop markers) runs as written: every command
/// works (none exits 2 or more), the outputs it describes are the ones it prints, and the diff
/// it ends with has the new failure and the added rule.
#[test]
fn readme_change_loop_runs_as_written() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let start = readme
        .find("<!-- policy-loop:start -->")
        .expect("start marker");
    let end = readme.find("<!-- policy-loop:end -->").expect("end marker");
    let mut script = String::from(
        "trap 'rc=$?; if [ $rc -ge 2 ]; then echo \"exit $rc: $BASH_COMMAND\" >&2; exit 99; fi' ERR\n",
    );
    for block in readme[start..end].split("```sh\n").skip(1) {
        script.push_str(block.split("```").next().unwrap());
    }
    // Exit 1 (findings fail, tests fail, something new fails) is part of the story.
    script.push_str("exit 0\n");
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(
        std::fs::canonicalize("examples").unwrap(),
        dir.path().join("examples"),
    )
    .unwrap();
    let bin = assert_cmd::cargo::cargo_bin("tenet");
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(&script)
        .current_dir(dir.path())
        .env("PATH", path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");

    // The failure docs/writing-rules.md shows is the one the threshold change causes.
    let docs = std::fs::read_to_string("docs/writing-rules.md").unwrap();
    let shown = docs
        .split("\n```\nFAIL ")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .map(|rest| format!("FAIL {rest}"))
        .expect("the example failure in docs/writing-rules.md");
    assert!(
        stdout.contains(&shown),
        "docs/writing-rules.md's failure is not what tenet prints:\n{stdout}"
    );
    // The four tests that pinned 14 fail, then pass once moved to 16.
    let summaries: Vec<&str> = stdout.lines().filter(|l| l.contains(" passed, ")).collect();
    assert!(summaries.len() >= 4, "{stdout}");
    assert!(summaries[1].ends_with(" passed, 4 failed"), "{stdout}");
    assert!(summaries[2].ends_with(" passed, 0 failed"), "{stdout}");

    let diff = std::fs::read_to_string(dir.path().join("loop/diff.md")).unwrap();
    assert!(diff.contains("password_policy_length"), "{diff}");
    assert!(
        diff.contains("the password policy requires only 14 characters (16 or more required)"),
        "{diff}"
    );
    assert!(diff.contains("root_signing_certificates"), "{diff}");
}

#[test]
fn completions_are_generated_for_every_shell_and_bash_parses_them() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let (code, out, err) = tenet(&["completions", shell]);
        assert_eq!(code, 0, "{shell}: {err}");
        // Every visible subcommand is offered; the hidden worker is not.
        for sub in [
            "check",
            "collect",
            "report",
            "inventory",
            "completions",
            "man",
        ] {
            assert!(out.contains(sub), "{shell} completion lacks {sub}");
        }
        assert!(
            !out.contains("__worker"),
            "{shell} completion offers the worker"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("tenet.bash");
    std::fs::write(&script, tenet(&["completions", "bash"]).1).unwrap();
    let syntax = std::process::Command::new("bash")
        .arg("-n")
        .arg(&script)
        .output()
        .unwrap();
    assert!(
        syntax.status.success(),
        "{}",
        String::from_utf8_lossy(&syntax.stderr)
    );
    let (code, _, err) = tenet(&["completions", "tcsh"]);
    assert_eq!(code, 2);
    assert!(err.contains("invalid value 'tcsh'"), "{err}");
}

#[test]
fn man_pages_cover_every_subcommand() {
    let (code, page, err) = tenet(&["man"]);
    assert_eq!(code, 0, "{err}");
    assert!(page.contains(".TH tenet 1"), "{page}");
    assert!(page.contains("check"), "{page}");
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = tenet(&["man", "--dir", dir.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let mut pages: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    pages.sort();
    assert_eq!(
        pages,
        [
            "tenet-check.1",
            "tenet-collect.1",
            "tenet-completions.1",
            "tenet-diff.1",
            "tenet-frameworks.1",
            "tenet-init.1",
            "tenet-inventory.1",
            "tenet-lint.1",
            "tenet-man.1",
            "tenet-report.1",
            "tenet-rules.1",
            "tenet-test.1",
            "tenet.1",
        ]
    );
    let check = std::fs::read_to_string(dir.path().join("tenet-check.1")).unwrap();
    assert!(check.contains(".TH tenet-check 1"), "{check}");
    assert!(
        check.contains("\\-\\-as\\-of"),
        "the check page documents --as-of: {check}"
    );
}
