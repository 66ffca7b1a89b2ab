//! Rego unit tests, `opa test` style: every rule named `test_*` in a `*_test.rego` file must
//! evaluate to `true`.
//!
//! Tests are found in the syntax tree regorus's parser builds (see `ast.rs`), so every head
//! form counts: `test_x if`, `test_x := ...`, `test_x contains ...`, `test_x[k] ...`, a name
//! defined by several bodies (one test) and `default test_x` (its other definitions are the
//! test). Functions (`test_f(x)`) are helpers, not tests. A test passes only when it is `true`:
//! unlike `opa test`, a `test_x contains ...` that is an empty set, or any other value, fails,
//! so a test cannot pass by producing nothing.
//!
//! When a test fails, tenet finds the first statement of its body that does not hold and
//! shows the values in it (both sides of a comparison, the value and collection of `in`, the
//! operand of `not`): it evaluates the body's statements again one prefix at a time, as extra
//! rules added to the test's package on a copy of the engine. `print()` output of a failing
//! test is shown with it.
//!
//! Test data: `<name>_test.json` or `<name>_test.yaml` beside `<name>_test.rego` is loaded
//! under `data.<package of that test file>` for the tests only, the way an OPA bundle's
//! `data.json` sits under its directory's path: a test reads it as
//! `data.<package>.<key>` (for example `with input as data.tenet.aws.root_mfa_test.clean`).

use anyhow::{anyhow, bail, Context, Result};
use regex::Regex;
use regorus::unstable::{BoolOp, Expr, Literal, LiteralStmt, Module, Query};
use regorus::{Engine, Value};

use super::ast;
use super::bundle::{Bundle, Source};
use super::coverage::{self, FileCoverage};
use super::engine::PolicyEngine;
use super::regorus_error::one_line;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestOutcome {
    /// `data.<package>.test_<name>`
    pub name: String,
    pub file: String,
    pub line: u32,
    /// `None` when the test passed.
    pub failure: Option<Failure>,
    /// What `print()` wrote while the test ran, each `file:line: text`.
    pub prints: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// What the test evaluated to: `undefined (...)`, `false`, `error: ...`, another value.
    pub outcome: String,
    /// For each body of the test, the first statement that did not hold.
    pub explanations: Vec<Explanation>,
}

/// A statement that did not hold, and the values in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    pub line: u32,
    /// The statement's text on one line.
    pub statement: String,
    /// (what, value as Rego text), e.g. ("left", "1"), ("right", "2"); `undefined` when the
    /// expression has no value.
    pub values: Vec<(String, String)>,
}

/// What one `tenet test` run found.
pub struct TestRun {
    pub outcomes: Vec<TestOutcome>,
    /// Per rule or library file (tests excluded), when asked for.
    pub coverage: Option<Vec<FileCoverage>>,
}

/// Runs every test whose full name matches `filter` (all when `None`).
pub fn run(bundle: &Bundle, filter: Option<&Regex>, with_coverage: bool) -> Result<TestRun> {
    let compiled = PolicyEngine::compile_with_tests(bundle)?;
    let mut base = compiled.engine().clone();
    add_test_data(&mut base, bundle)?;
    let mut engine = base.clone();
    engine.set_gather_prints(true);
    if with_coverage {
        engine.set_enable_coverage(true);
    }
    let mut outcomes = Vec::new();
    for source in bundle.sources.iter().filter(|s| s.is_test()) {
        let module = ast::parse(&source.path, &source.text)?;
        let package = ast::package(&module);
        for (rule, line) in test_rules(&module) {
            let name = format!("data.{package}.{rule}");
            if filter.is_some_and(|f| !f.is_match(&name)) {
                continue;
            }
            engine.set_input(Value::Undefined);
            let result = engine.eval_rule(name.clone());
            let prints = engine.take_prints().unwrap_or_default();
            let explained = |outcome: String| Failure {
                explanations: explain(&base, &module, &package, &rule),
                outcome,
            };
            let failure = match result {
                Ok(Value::Bool(true)) => None,
                Ok(Value::Undefined) => Some(explained(
                    "undefined (a condition in its body was false)".into(),
                )),
                Ok(Value::Bool(false)) => Some(explained("false".into())),
                Ok(other) => Some(explained(format!(
                    "{} (a test must be true)",
                    rego_text(&other)
                ))),
                // The error names its own location.
                Err(e) => Some(Failure {
                    outcome: format!("error: {}", one_line(&e.to_string())),
                    explanations: Vec::new(),
                }),
            };
            outcomes.push(TestOutcome {
                name,
                file: source.path.clone(),
                line,
                failure,
                prints,
            });
        }
    }
    let coverage = if with_coverage {
        let report = engine
            .get_coverage_report()
            .map_err(|e| anyhow!("coverage: {e}"))?;
        Some(coverage::summarize(&report, &bundle.sources)?)
    } else {
        None
    };
    Ok(TestRun { outcomes, coverage })
}

/// The tests of a module, in source order: each name once, at its first definition that is
/// not a `default` (the test is where it is defined for real).
fn test_rules(module: &Module) -> Vec<(String, u32)> {
    let rules: Vec<_> = ast::rules(module)
        .into_iter()
        .filter(|r| r.name.starts_with("test_") && !r.is_function)
        .collect();
    let mut found: Vec<(String, u32)> = Vec::new();
    for rule in &rules {
        if found.iter().any(|(n, _)| *n == rule.name) {
            continue;
        }
        let definition = rules
            .iter()
            .find(|r| r.name == rule.name && !r.is_default)
            .unwrap_or(rule);
        found.push((rule.name.clone(), definition.line));
    }
    found
}

/// Loads each test data file under the package of the test file it belongs to.
fn add_test_data(engine: &mut Engine, bundle: &Bundle) -> Result<()> {
    for data in &bundle.test_data {
        let stem = data
            .path
            .rsplit_once('.')
            .map_or(data.path.as_str(), |(stem, _)| stem);
        let rego = format!("{stem}.rego");
        let Some(test) = bundle.sources.iter().find(|s| s.path == rego) else {
            bail!("{}: test data without {rego} beside it", data.path);
        };
        let package = ast::package(&ast::parse(&test.path, &test.text)?);
        let value = parse_data(data)?;
        let nested = package
            .split('.')
            .rev()
            .fold(value, |inner, key| serde_json::json!({ key: inner }));
        engine
            .add_data(Value::from(nested))
            .map_err(|e| anyhow!("{}: {e}", data.path))?;
    }
    Ok(())
}

fn parse_data(data: &Source) -> Result<serde_json::Value> {
    let value: serde_json::Value = if data.path.ends_with(".json") {
        serde_json::from_str(&data.text).map_err(|e| {
            anyhow!(
                "{}:{}:{}: invalid JSON: {e}",
                data.path,
                e.line(),
                e.column()
            )
        })?
    } else {
        serde_yaml::from_str(&data.text).map_err(|e| {
            let at = e
                .location()
                .map(|l| format!(":{}:{}", l.line(), l.column()))
                .unwrap_or_default();
            anyhow!("{}{at}: invalid YAML: {e}", data.path)
        })?
    };
    if !value.is_object() {
        bail!(
            "{}: test data must be a mapping of names to values",
            data.path
        );
    }
    Ok(value)
}

/// Evaluates the bodies of a failing test again, one statement more at a time, to find the
/// statement that does not hold, then evaluates the parts of that statement. Everything runs
/// on a copy of `base` (tests and test data, no coverage), in the test's own package so its
/// imports and helper rules resolve as in the test. Returns nothing when the probes cannot be
/// compiled (a statement that only makes sense with a later one, say).
fn explain(base: &Engine, module: &Module, package: &str, rule: &str) -> Vec<Explanation> {
    let imports: Vec<&str> = module.imports.iter().map(|i| ast::text(&i.span)).collect();
    let header = format!("package {package}\n\n{}\n\n", imports.join("\n"));
    let bodies: Vec<&Query> = ast::rules(module)
        .into_iter()
        .filter(|r| r.name == rule && !r.is_default)
        .flat_map(|r| ast::bodies(r.rule))
        .collect();

    // Step 1: which statement fails in each body.
    let mut probes = header.clone();
    for (b, body) in bodies.iter().enumerate() {
        for k in 1..=body.stmts.len() {
            probes.push_str(&format!(
                "__tenet_holds_{b}_{k} if {{\n{}\n}}\n\n",
                statements(&body.stmts[..k])
            ));
        }
    }
    let Some(mut engine) = with_probes(base, probes) else {
        return Vec::new();
    };
    // (body, index of its first statement that does not hold); a body whose statements all
    // hold failed through its value (`test_x := false if ...`) and has nothing to show.
    let mut failing: Vec<(usize, usize)> = Vec::new();
    for (b, body) in bodies.iter().enumerate() {
        for k in 1..=body.stmts.len() {
            match engine.eval_rule(format!("data.{package}.__tenet_holds_{b}_{k}")) {
                Ok(Value::Bool(true)) => {}
                Ok(_) => {
                    failing.push((b, k - 1));
                    break;
                }
                Err(_) => return Vec::new(),
            }
        }
    }

    // Step 2: the values in each failing statement, after the statements before it.
    let mut explanations = Vec::new();
    for (b, k) in failing {
        let stmts = &bodies[b].stmts;
        let stmt = &stmts[k];
        let with_text = with_modifiers(stmt);
        let mut probes = header.clone();
        let parts = parts_of(stmt);
        for (i, (_, expr)) in parts.iter().enumerate() {
            probes.push_str(&format!(
                "__tenet_value_{i} contains __tenet_v if {{\n{}\n__tenet_v := ({}){with_text}\n}}\n\n",
                statements(&stmts[..k]),
                ast::text(expr.span())
            ));
        }
        let mut values = Vec::new();
        if let Some(mut engine) = with_probes(base, probes) {
            // Each part's values: one, or several when earlier statements iterate.
            let found: Vec<Vec<Value>> = (0..parts.len())
                .map(
                    |i| match engine.eval_rule(format!("data.{package}.__tenet_value_{i}")) {
                        Ok(Value::Set(set)) => set.iter().cloned().collect(),
                        _ => Vec::new(),
                    },
                )
                .collect();
            for ((label, _), part) in parts.iter().zip(&found) {
                if part.is_empty() {
                    values.push((label.to_string(), "undefined".to_string()));
                }
                values.extend(part.iter().map(|v| (label.to_string(), rego_text(v))));
            }
            if is_equality(stmt) {
                if let [left, right] = found.as_slice() {
                    if let ([left], [right]) = (left.as_slice(), right.as_slice()) {
                        values.extend(set_difference(left, right));
                    }
                }
            }
        }
        explanations.push(Explanation {
            line: stmt.span.line,
            statement: one_line_text(ast::text(&stmt.span)),
            values,
        });
    }
    explanations
}

/// A copy of `base` with the probe module added and compiled, or `None` if it does not compile.
fn with_probes(base: &Engine, probes: String) -> Option<Engine> {
    let mut engine = base.clone();
    engine.set_gather_prints(true);
    engine
        .add_policy("<tenet test probe>".into(), probes)
        .ok()?;
    engine.eval_query("true".into(), false).ok()?;
    Some(engine)
}

fn statements(stmts: &[LiteralStmt]) -> String {
    stmts
        .iter()
        .map(|s| format!("\t{}", ast::text(&s.span)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The `with x as y` modifiers of a statement, as written, each after a space.
fn with_modifiers(stmt: &LiteralStmt) -> String {
    stmt.with_mods
        .iter()
        .map(|w| format!(" {}", ast::text(&w.span)))
        .collect()
}

/// The parts of a statement worth showing when it does not hold.
fn parts_of(stmt: &LiteralStmt) -> Vec<(&'static str, &regorus::unstable::Ref<Expr>)> {
    match &stmt.literal {
        Literal::Expr { expr, .. } => match expr.as_ref() {
            Expr::BoolExpr { lhs, rhs, .. } => vec![("left", lhs), ("right", rhs)],
            Expr::Membership {
                value, collection, ..
            } => vec![("value", value), ("collection", collection)],
            Expr::AssignExpr { rhs, .. } => vec![("value", rhs)],
            _ => vec![("value", expr)],
        },
        Literal::NotExpr { expr, .. } => vec![("value", expr)],
        Literal::SomeIn { collection, .. } => vec![("collection", collection)],
        Literal::Every { domain, .. } => vec![("domain", domain)],
        Literal::SomeVars { .. } => Vec::new(),
    }
}

fn is_equality(stmt: &LiteralStmt) -> bool {
    matches!(&stmt.literal, Literal::Expr { expr, .. }
        if matches!(expr.as_ref(), Expr::BoolExpr { op: BoolOp::Eq, .. }))
}

/// For `a == b` between two sets, what is only on each side: in a test of `findings`, the
/// findings it expected and did not get, and those it got and did not expect.
fn set_difference(left: &Value, right: &Value) -> Vec<(String, String)> {
    let (Value::Set(left), Value::Set(right)) = (left, right) else {
        return Vec::new();
    };
    let only = |label: &str, a: &regorus::value::Set, b: &regorus::value::Set| {
        a.iter()
            .filter(|v| !b.contains(v))
            .map(|v| (label.to_string(), rego_text(v)))
            .collect::<Vec<_>>()
    };
    let mut lines = only("only left", left, right);
    lines.extend(only("only right", right, left));
    lines
}

/// Whitespace runs (line breaks and indentation of a multi-line statement) become one space.
fn one_line_text(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A value as Rego writes it: sets as `{...}` (`set()` when empty), not as JSON arrays.
pub fn rego_text(value: &Value) -> String {
    match value {
        Value::Undefined => "undefined".into(),
        Value::Set(items) if items.is_empty() => "set()".into(),
        Value::Set(items) => format!(
            "{{{}}}",
            items.iter().map(rego_text).collect::<Vec<_>>().join(", ")
        ),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(rego_text).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(fields) => format!(
            "{{{}}}",
            fields
                .iter()
                .map(|(k, v)| format!("{}: {}", rego_text(k), rego_text(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => other.to_string(),
    }
}

/// Reads a `--run` pattern.
pub fn filter(pattern: &str) -> Result<Regex> {
    Regex::new(pattern)
        .with_context(|| format!("--run {pattern:?} is not a valid regular expression"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_head_form_is_a_test_once_and_functions_are_not() {
        let text = "package p_test\n\ntest_a if {\n\ttrue\n}\n\ntest_b if true\ntest_a if false\n\ttest_c := true\ntest_d contains 1\ntest_e[\"k\"] := 1\ndefault test_f := false\ntest_f if true\ntest_g(x) := x\nnot_a_test := true\n";
        let module = ast::parse("p_test.rego", text).unwrap();
        let expected = [
            ("test_a", 3),
            ("test_b", 7),
            ("test_c", 9),
            ("test_d", 10),
            ("test_e", 11),
            ("test_f", 13),
        ];
        assert_eq!(
            test_rules(&module),
            expected.map(|(n, l)| (n.to_string(), l))
        );
    }

    #[test]
    fn values_print_as_rego() {
        let v = Value::from_json_str(r#"{"a": [1, "x", null, true]}"#).unwrap();
        assert_eq!(rego_text(&v), r#"{"a": [1, "x", null, true]}"#);
        assert_eq!(rego_text(&Value::new_set()), "set()");
    }
}
