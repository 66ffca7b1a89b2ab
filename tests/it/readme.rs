//! The README stays true: its rule table is what `tenet rules` prints, and its first command
//! names the bundled example.

use assert_cmd::Command;

#[test]
fn readme_rule_table_matches_tenet_rules() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let start = readme
        .find("<!-- rules:start -->\n")
        .expect("rules:start marker")
        + "<!-- rules:start -->\n".len();
    let end = readme.find("<!-- rules:end -->").expect("rules:end marker");
    let out = Command::cargo_bin("tenet")
        .unwrap()
        .args(["rules", "--format", "markdown"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        &readme[start..end],
        String::from_utf8(out.stdout).unwrap(),
        "README's rule table is stale: paste `tenet rules --format markdown` between the markers"
    );
}

#[test]
fn readme_first_command_checks_the_bundled_example() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    assert!(
        readme.contains("cargo run --release -- check examples/acme --as-of 2026-11-20T00:00:00Z")
    );
    assert!(std::path::Path::new("examples/acme/organization.yaml").exists());
}

/// Every AWS call the collector makes is allowed by the IAM policies the README tells users to
/// attach (GetCallerIdentity needs no permission).
#[test]
fn documented_iam_policies_allow_every_call_the_collector_makes() {
    let mut files: Vec<_> = std::fs::read_dir("src/collect/aws")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .collect();
    files.sort();
    let source: String = files
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let actions_in = |file: &str| -> Vec<String> {
        let policy: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        let mut actions = Vec::new();
        for statement in policy["Statement"].as_array().unwrap() {
            match &statement["Action"] {
                serde_json::Value::String(a) => actions.push(a.clone()),
                serde_json::Value::Array(list) => {
                    actions.extend(list.iter().map(|a| a.as_str().unwrap().to_string()))
                }
                other => panic!("Action {other}"),
            }
        }
        actions
    };
    let management = actions_in("examples/iam/tenet-management-account.json");
    let member = actions_in("examples/iam/tenet-member-account.json");
    let called: std::collections::BTreeSet<&str> = source
        .split('"')
        .filter(|s| {
            let service = s.split(':').next().unwrap_or_default();
            ["iam", "organizations", "sts"].contains(&service)
                && s.split(':')
                    .nth(1)
                    .is_some_and(|a| a.chars().next().is_some_and(|c| c.is_ascii_uppercase()))
        })
        .collect();
    assert!(called.len() >= 15, "{called:?}");
    for action in called {
        if action == "sts:GetCallerIdentity" {
            continue;
        }
        assert!(
            management.iter().any(|a| a == action),
            "{action} missing from the management-account policy"
        );
        if action.starts_with("iam:") && action != "iam:ListOrganizationsFeatures" {
            assert!(
                member.iter().any(|a| a == action),
                "{action} missing from the member-account policy"
            );
        }
    }
    let readme = std::fs::read_to_string("README.md").unwrap();
    assert!(
        readme.contains("examples/iam/tenet-management-account.json")
            && readme.contains("examples/iam/tenet-member-account.json")
    );
}

/// The tour's excerpt of the first command's output is made of lines that command prints, in
/// the order it prints them.
#[test]
fn readme_tour_shows_what_the_first_command_prints() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let start = readme
        .find("<!-- tour:start -->\n```\n")
        .expect("tour:start marker")
        + "<!-- tour:start -->\n```\n".len();
    let end = readme
        .find("```\n<!-- tour:end -->")
        .expect("tour:end marker");
    let out = Command::cargo_bin("tenet")
        .unwrap()
        .args(["check", "examples/acme", "--as-of", "2026-11-20T00:00:00Z"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let printed = String::from_utf8(out.stdout).unwrap();
    let mut printed = printed.lines();
    for line in readme[start..end].lines() {
        assert!(
            printed.any(|p| p == line),
            "README's tour shows a line the first command does not print (in this order): {line}"
        );
    }
}
