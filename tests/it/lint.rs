//! `tenet lint` end to end: each kind of problem with its exact location and message, all of
//! them in one run, and the exit codes.

use std::path::Path;

use crate::support::tenet_parts as tenet;
use crate::support::write;

/// METADATA for rule `id` mapping to `frameworks` (YAML flow mappings, one per line).
fn rule(id: &str, frameworks: &str, body: &str) -> String {
    format!(
        "# METADATA\n# title: Rule {id}\n# custom:\n#   id: {id}\n#   severity: low\n#   resource: account\n#   recommended_action: Fix it.\n#   frameworks:\n{frameworks}package tenet.aws.{id}\n\n{body}"
    )
}

const FINDINGS: &str =
    "findings contains {\"resource\": \"r\", \"status\": \"pass\", \"message\": \"m\"} if true\n";

#[test]
fn builtin_policies_have_no_problems() {
    let (code, stdout, stderr) = tenet(&["lint"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    let files = walk_rego(Path::new("policies"));
    assert_eq!(stdout, format!("no problems in {files} files\n"));
}

fn walk_rego(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            if p.is_dir() {
                walk_rego(&p)
            } else {
                usize::from(p.extension().is_some_and(|e| e == "rego"))
            }
        })
        .sum()
}

#[test]
fn every_kind_of_problem_is_located_with_its_message() {
    let dir = tempfile::tempdir().unwrap();
    let soc2 = "#     soc2: [CC6.1]\n";
    let no_meta = write(
        dir.path(),
        "aws/no_meta.rego",
        &format!("package tenet.aws.no_meta\n\n{FINDINGS}"),
    );
    let no_severity = write(
        dir.path(),
        "aws/no_severity.rego",
        &rule("no_severity", soc2, FINDINGS).replace("#   severity: low\n", ""),
    );
    let first = write(
        dir.path(),
        "aws/a_first.rego",
        &rule("twice", soc2, FINDINGS),
    );
    let second = write(
        dir.path(),
        "aws/b_second.rego",
        &rule("twice", soc2, FINDINGS).replace(
            "package tenet.aws.twice",
            "package tenet.aws.twice\n# same id",
        ),
    );
    let controls = write(
        dir.path(),
        "aws/controls.rego",
        &rule(
            "controls",
            "#     soc2: [CC6.1, CC99.9]\n#     cis-aws-6.0: [\"2.3\"]\n#     nist: [AC-2]\n",
            FINDINGS,
        ),
    );
    let clock = write(
        dir.path(),
        "aws/clock.rego",
        &rule(
            "clock",
            soc2,
            "import data.tenet.lib.helpers.rand\n\nfindings contains {\"resource\": \"r\", \"status\": \"pass\", \"message\": m} if {\n\tm := sprintf(\"%d %v\", [time.now_ns(), rand.intn(1)])\n\tresp := http.send({\"method\": \"GET\", \"url\": \"https://example.com\"})\n\tresp.status_code == 200\n}\n",
        ),
    );
    let test = write(
        dir.path(),
        "aws/clock_test.rego",
        "package tenet.aws.clock_test\n\ntest_id if {\n\tuuid.rfc4122(\"x\") != \"\"\n}\n",
    );
    write(
        dir.path(),
        "lib/helpers.rego",
        "package tenet.lib.helpers.rand\n\n# Not the built-in rand.intn: called through an import of this package.\nintn(n) := n\n",
    );
    let (code, stdout, stderr) = tenet(&["lint", dir.path().to_str().unwrap()]);
    assert_eq!((code, stderr.as_str()), (1, ""));
    // Sorted by file path: aws/a_first, aws/b_second, aws/clock, aws/clock_test, aws/controls,
    // aws/no_meta, aws/no_severity. Columns count characters, a tab as one: `\tm := sprintf("%d %v", [`
    // is 24 characters, so time.now_ns starts at 25; `#     soc2: [CC6.1, ` is 20, so CC99.9
    // is at 21; `#     ` is 6, so nist is at 7. A duplicate id is located at its package line.
    assert_eq!(
        stdout,
        format!(
            "{second}:10:1: duplicate rule id \"twice\" (also in {first})
{clock}:15:25: time.now_ns is not allowed in policies: it reads the clock; measure ages from input.collected_at
{clock}:16:10: http.send is not allowed in policies: it calls the network
{test}:4:2: uuid.rfc4122 is not allowed in policies: it returns a random UUID
{controls}:9:21: rule controls maps to control \"CC99.9\", which is not in catalog soc2
{controls}:11:7: rule controls maps to framework \"nist\", which has no catalog (known: cis-aws-3.0, cis-aws-6.0, cis-aws-7.0, hipaa, soc2)
{no_meta}:1:1: rule package has no METADATA block with custom.id
{no_severity}:1:1: METADATA lacks required field custom.severity (critical, high, medium or low)
8 problems in 8 files
"
        )
    );
}

#[test]
fn a_directory_with_its_own_catalog_is_checked_against_it() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "frameworks/internal.yaml",
        "id: internal\nname: Internal controls\nversion: \"1\"\ncontrols:\n  - {id: IC-1, title: Root is locked, section: Root, assessment: automated}\n",
    );
    let file = write(
        dir.path(),
        "aws/mine.rego",
        &rule("mine", "#     internal: [IC-1, IC-2]\n", FINDINGS),
    );
    let (code, stdout, _) = tenet(&["lint", dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        format!("{file}:9:24: rule mine maps to control \"IC-2\", which is not in catalog internal\n1 problem in 1 file\n")
    );
}

#[test]
fn unparsable_or_unreadable_input_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let broken = write(
        dir.path(),
        "broken.rego",
        "package tenet.custom\n\nx := {\n",
    );
    let clock = write(
        dir.path(),
        "clock.rego",
        "package tenet.custom.clock\n\nnow := time.now_ns()\n",
    );
    let (code, stdout, _) = tenet(&["lint", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    assert!(lines[0].starts_with(&format!("{broken}:4:1: ")), "{stdout}");
    assert_eq!(
        lines[1],
        format!("{clock}:3:8: time.now_ns is not allowed in policies: it reads the clock; measure ages from input.collected_at")
    );
    assert_eq!(lines[2], "2 problems in 2 files");

    let missing = dir.path().join("nope");
    let (code, stdout, stderr) = tenet(&["lint", missing.to_str().unwrap()]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert_eq!(
        stderr,
        format!("tenet: {}: not a policy directory\n", missing.display())
    );
}

#[test]
fn a_title_may_name_a_setting_and_shows_its_value() {
    let dir = tempfile::tempdir().unwrap();
    let good = rule("stale", "#     soc2: [CC6.1]\n", FINDINGS).replace(
        "# title: Rule stale",
        "# title: Keys older than {rotation_days} days",
    );
    write(dir.path(), "stale.rego", &good);
    write(dir.path(), "config.yaml", "rotation_days: 45\n");
    let policy = dir.path().to_str().unwrap();
    let (code, stdout, stderr) = tenet(&["rules", "--no-builtin", "--policy", policy]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert!(stdout.contains("Keys older than 45 days"), "{stdout}");

    // A setting data.tenet.config does not have is refused, at load and by lint.
    let bad = good.replace("{rotation_days}", "{rotation_dayz}");
    let file = write(dir.path(), "stale.rego", &bad);
    let message = "title names {rotation_dayz}, which is not a setting in data.tenet.config";
    let (code, _, stderr) = tenet(&["rules", "--no-builtin", "--policy", policy]);
    assert_eq!(
        (code, stderr),
        (2, format!("tenet: {file}:10: {message}\n"))
    );
    let (code, stdout, _) = tenet(&["lint", policy]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains(&format!("{file}:10:1: {message}")),
        "{stdout}"
    );
}
