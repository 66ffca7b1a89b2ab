//! The CI examples in examples/ci stay runnable: both files parse as YAML, run on changes under
//! policies/, read the base commit, and every `tenet` command they run is a real subcommand
//! with real flags (as `tenet --help` and `tenet <command> --help` print them).

use assert_cmd::Command;
use serde_yaml::Value;

fn help(args: &[&str]) -> String {
    let out = Command::cargo_bin("tenet")
        .unwrap()
        .args(args)
        .arg("--help")
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

fn load(path: &str) -> Value {
    serde_yaml::from_str(&std::fs::read_to_string(path).unwrap())
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Shell words, with double and single quotes removed (no other expansion).
fn words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut in_word = false;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                in_word = true;
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            (None, c) => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

/// Each `tenet` invocation in a script: its subcommand and the options it passes.
fn tenet_commands(script: &str) -> Vec<(String, Vec<String>)> {
    let joined = script.replace("\\\n", " ");
    let mut commands = Vec::new();
    for line in joined.lines() {
        let words = words(line.trim());
        for (i, w) in words.iter().enumerate() {
            let at_command =
                i == 0 || ["||", "&&", ";", "|", "then", "do"].contains(&words[i - 1].as_str());
            if w != "tenet" || !at_command {
                continue;
            }
            let rest: Vec<&String> = words[i + 1..]
                .iter()
                .take_while(|w| !["||", "&&", "|", ";", ">", ">>"].contains(&w.as_str()))
                .collect();
            let options = rest
                .iter()
                .skip(1)
                .filter(|w| w.starts_with('-'))
                .map(|w| w.split('=').next().unwrap().to_string())
                .collect();
            commands.push((rest[0].clone(), options));
        }
    }
    commands
}

/// Every command is a subcommand `tenet --help` lists, and every option one its help shows.
fn assert_commands_exist(file: &str, commands: &[(String, Vec<String>)]) {
    let top = help(&[]);
    for (sub, options) in commands {
        assert!(
            top.lines()
                .any(|l| l.trim_start().starts_with(&format!("{sub} "))),
            "{file}: `tenet {sub}` is not a tenet command"
        );
        let sub_help = help(&[sub]);
        for option in options {
            let shown = if option.starts_with("--") {
                sub_help.contains(&format!("{option} "))
                    || sub_help.contains(&format!("{option}\n"))
            } else {
                sub_help.contains(&format!("{option}, "))
            };
            assert!(shown, "{file}: `tenet {sub}` has no option {option}");
        }
    }
}

/// The steps both examples take, in order: lint, test with the coverage gate, check with the
/// base and the head policies, diff as markdown.
fn assert_the_loop(file: &str, commands: &[(String, Vec<String>)], script: &str) {
    let subs: Vec<&str> = commands.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(subs, ["lint", "test", "check", "check", "diff"], "{file}");
    assert!(
        script.contains("tenet test policies --coverage-min 90"),
        "{file}"
    );
    assert!(script.contains("--format markdown"), "{file}");
    for (sub, options) in commands.iter().filter(|(s, _)| s == "check") {
        assert!(
            options.contains(&"--no-builtin".to_string())
                && options.contains(&"--policy".to_string()),
            "{file}: tenet {sub} must check one policy version alone"
        );
    }
}

fn string<'a>(v: &'a Value, path: &[&str]) -> &'a str {
    let mut v = v;
    for key in path {
        v = &v[*key];
    }
    v.as_str()
        .unwrap_or_else(|| panic!("{path:?} is not a string: {v:?}"))
}

#[test]
fn github_actions_workflow_runs_the_policy_loop_with_real_commands() {
    let file = "examples/ci/github-actions.yml";
    let workflow = load(file);
    assert_eq!(
        workflow["on"]["pull_request"]["paths"],
        serde_yaml::from_str::<Value>("[\"policies/**\"]").unwrap()
    );
    assert_eq!(
        workflow["permissions"]["pull-requests"].as_str(),
        Some("write")
    );
    let steps = workflow["jobs"]["policies"]["steps"].as_sequence().unwrap();
    let checkout = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/checkout@"))
        })
        .expect("a checkout step");
    assert_eq!(checkout["with"]["fetch-depth"].as_u64(), Some(0));
    assert!(steps.iter().any(|s| s["uses"]
        .as_str()
        .is_some_and(|u| u.starts_with("actions/cache@"))));
    let script: String = steps
        .iter()
        .filter_map(|s| s["run"].as_str())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(script.contains("cargo install --locked --path ."));
    assert!(script.contains("git archive \"${{ github.event.pull_request.base.sha }}\" policies"));
    assert!(script.contains("gh pr comment \"$PR\" --body-file"));
    let commands = tenet_commands(&script);
    assert_the_loop(file, &commands, &script);
    assert_commands_exist(file, &commands);
    assert!(std::path::Path::new(string(&workflow, &["env", "SNAPSHOT"])).exists());
}

#[test]
fn gitlab_ci_job_runs_the_policy_loop_with_real_commands() {
    let file = "examples/ci/gitlab-ci.yml";
    let ci = load(file);
    let job = &ci["tenet-policies"];
    let rule = &job["rules"][0];
    assert_eq!(
        rule["if"].as_str(),
        Some("$CI_PIPELINE_SOURCE == \"merge_request_event\"")
    );
    assert_eq!(rule["changes"][0].as_str(), Some("policies/**/*"));
    assert_eq!(string(job, &["variables", "GIT_DEPTH"]), "0");
    let lines = |key: &str| -> Vec<String> {
        job[key]
            .as_sequence()
            .unwrap()
            .iter()
            .map(|l| l.as_str().unwrap().to_string())
            .collect()
    };
    let script = [lines("before_script"), lines("script")]
        .concat()
        .join("\n");
    assert!(script.contains("cargo install --locked --path ."));
    assert!(script.contains("git archive \"$CI_MERGE_REQUEST_DIFF_BASE_SHA\" policies"));
    assert!(script.contains(
        "\"$CI_API_V4_URL/projects/$CI_PROJECT_ID/merge_requests/$CI_MERGE_REQUEST_IID/notes\""
    ));
    let commands = tenet_commands(&script);
    assert_the_loop(file, &commands, &script);
    assert_commands_exist(file, &commands);
    assert!(std::path::Path::new(string(job, &["variables", "SNAPSHOT"])).exists());
}

#[test]
fn command_extraction_reads_continuations_quotes_and_operators() {
    let script = "tenet check \"$S\" --policy p \\\n  --format json -o out.json || [ $? -eq 1 ]\necho tenet lint\nx && tenet diff a b --format=markdown > d.md\n";
    assert_eq!(
        tenet_commands(script),
        [
            (
                "check".to_string(),
                vec!["--policy".to_string(), "--format".into(), "-o".into()]
            ),
            ("diff".to_string(), vec!["--format".to_string()]),
        ]
    );
}
