//! `tenet lint --waivers FILE` end to end: each kind of problem with its exact location and
//! message, the policies' rule ids and lifetime bound, and the exit codes.

use crate::support::tenet_parts as tenet;
use crate::support::write;

const AS_OF: &str = "2026-11-20T00:00:00Z";

/// One entry of the built-in rules' waivers; `extra` holds further `    key: value\n` lines.
fn entry(id: &str, rule: &str, accounts: &str, extra: &str, expires: &str) -> String {
    format!(
        "  - id: {id}\n    rule: {rule}\n    accounts: {accounts}\n{extra}    reason: r\n    owner: o\n    expires: {expires}\n"
    )
}

#[test]
fn the_example_waivers_are_clean() {
    let (code, stdout, stderr) = tenet(&[
        "lint",
        "--waivers",
        "examples/acme/waivers.yaml",
        "--as-of",
        AS_OF,
    ]);
    assert_eq!(
        (code, stdout.as_str(), stderr.as_str()),
        (0, "no problems in examples/acme/waivers.yaml\n", "")
    );
}

#[test]
fn every_kind_of_problem_is_located_with_its_message() {
    let dir = tempfile::tempdir().unwrap();
    let text = [
        "waivers:\n".to_string(),
        // 2..7: a rule no policy has
        entry("unknown-rule", "s3_*", "['*']", "", "2027-01-31"),
        // 8..14: lasts too long
        entry(
            "too-long",
            "root_mfa",
            "['111111111111']",
            "    created: 2026-01-01\n",
            "2027-01-31",
        ),
        // 15..20: already expired
        entry(
            "expired",
            "root_access_keys",
            "['111111111111']",
            "",
            "2026-11-19",
        ),
        // 21..26: the id of line 8 again
        entry("too-long", "root_mfa", "['222222222222']", "", "2027-01-31"),
        // 27..32: covers what line 8's waiver covers
        entry("broad", "root_*", "['*']", "", "2027-01-31"),
    ]
    .concat();
    let path = write(dir.path(), "waivers.yaml", &text);
    let (code, stdout, stderr) = tenet(&["lint", "--waivers", &path, "--as-of", AS_OF]);
    let expected = [
        format!("{path}:3:5: waiver \"unknown-rule\": rule \"s3_*\" matches no known rule"),
        format!(
            "{path}:14:5: waiver \"too-long\" lasts 395 days (2026-01-01 to 2027-01-31), more \
             than the 365 days allowed (waiver_max_lifetime_days)"
        ),
        format!(
            "{path}:20:5: waiver \"expired\" expired on 2026-11-19 (as of 2026-11-20): remove \
             or renew it"
        ),
        format!("{path}:21:5: waiver id \"too-long\" is already used on line 8"),
        format!(
            "{path}:27:5: waiver \"broad\" overlaps waiver \"too-long\" (line 8): both can \
             cover the same findings"
        ),
        format!("5 problems in {path}"),
    ];
    assert_eq!(stderr, "");
    assert_eq!(stdout.lines().collect::<Vec<_>>(), expected);
    assert_eq!(code, 1);
}

#[test]
fn rule_ids_and_lifetime_come_from_the_policies() {
    let dir = tempfile::tempdir().unwrap();
    let policies = dir.path().join("policies");
    write(
        &policies,
        "aws/mine.rego",
        "# METADATA\n# title: Mine\n# custom:\n#   id: my_rule\n#   severity: low\n#   resource: account\n#   recommended_action: Fix it.\npackage tenet.aws.my_rule\n\nfindings contains {\"resource\": \"r\", \"status\": \"pass\", \"message\": \"m\"} if true\n",
    );
    write(&policies, "config.yaml", "waiver_max_lifetime_days: 30\n");
    let text = format!(
        "waivers:\n{}",
        entry(
            "mine",
            "my_rule",
            "['*']",
            "    created: 2026-11-01\n",
            "2026-12-31"
        )
    );
    let path = write(dir.path(), "waivers.yaml", &text);
    let policies = policies.display().to_string();
    let (code, stdout, stderr) = tenet(&["lint", &policies, "--waivers", &path, "--as-of", AS_OF]);
    assert_eq!((code, stderr.as_str()), (1, ""));
    assert_eq!(
        stdout,
        format!(
            "{path}:8:5: waiver \"mine\" lasts 60 days (2026-11-01 to 2026-12-31), more than \
             the 30 days allowed (waiver_max_lifetime_days)\n1 problem in {path}\n"
        )
    );
    // The built-in policies have no rule my_rule.
    let (code, stdout, _) = tenet(&["lint", "--waivers", &path, "--as-of", AS_OF]);
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        format!("{path}:3:5: waiver \"mine\": rule \"my_rule\" matches no known rule\n1 problem in {path}\n")
    );
}

#[test]
fn a_file_that_does_not_parse_exits_2_located() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "waivers.yaml",
        "waivers:\n  - id: a\n    rule: root_mfa\n    accounts: ['*']\n    reason: r\n    owner: o\n",
    );
    let (code, stdout, stderr) = tenet(&["lint", "--waivers", &path, "--as-of", AS_OF]);
    assert_eq!(
        (code, stdout.as_str(), stderr.as_str()),
        (
            2,
            "",
            format!("tenet: {path}:2:5: waivers[0]: missing field `expires`\n").as_str()
        )
    );
}
