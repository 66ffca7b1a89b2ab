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
