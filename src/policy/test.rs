//! Rego unit tests, `opa test` style: every rule named `test_*` in a `*_test.rego` file must
//! evaluate to true.

use anyhow::Result;
use regorus::Value;

use super::bundle::Bundle;
use super::engine::PolicyEngine;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestOutcome {
    /// `data.<package>.test_<name>`
    pub name: String,
    pub file: String,
    pub line: usize,
    /// `None` when the test passed; else what it evaluated to.
    pub failure: Option<String>,
}

/// A test rule found in a source: its name and 1-based line.
fn test_rules(text: &str) -> Vec<(String, usize)> {
    let mut found: Vec<(String, usize)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if !line.starts_with("test_") {
            continue;
        }
        let name: String = line
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !found.iter().any(|(n, _)| *n == name) {
            found.push((name, i + 1));
        }
    }
    found
}

/// Runs every test whose full name contains `filter` (all when empty).
pub fn run(bundle: &Bundle, filter: &str) -> Result<Vec<TestOutcome>> {
    let compiled = PolicyEngine::compile_with_tests(bundle)?;
    let mut engine = compiled.engine().clone();
    let mut outcomes = Vec::new();
    for source in bundle.sources.iter().filter(|s| s.is_test()) {
        let package = source
            .text
            .lines()
            .find_map(|l| l.trim_start().strip_prefix("package "))
            .map_or("", str::trim);
        for (rule, line) in test_rules(&source.text) {
            let name = format!("data.{package}.{rule}");
            if !name.contains(filter) {
                continue;
            }
            engine.set_input(Value::Undefined);
            let failure = match engine.eval_rule(name.clone()) {
                Ok(Value::Bool(true)) => None,
                Ok(Value::Undefined) => {
                    Some("undefined (a condition in its body was false)".to_string())
                }
                Ok(other) => Some(format!("evaluated to {other}")),
                Err(e) => Some(format!(
                    "error: {}",
                    super::engine::one_line(&e.to_string())
                )),
            };
            outcomes.push(TestOutcome {
                name,
                file: source.path.clone(),
                line,
                failure,
            });
        }
    }
    Ok(outcomes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_rule_heads_at_line_start_once() {
        let text = "package p_test\n\ntest_a if {\n\ttrue\n}\n\ntest_b if true\ntest_a if false\n  test_not_a_head := 1\n";
        assert_eq!(
            test_rules(text),
            [("test_a".to_string(), 3), ("test_b".to_string(), 7)]
        );
    }
}
