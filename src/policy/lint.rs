//! `tenet lint`: what would make a policy bundle wrong or its results irreproducible, found
//! without evaluating anything. Each problem is located (`file:line:col: message`):
//! - a rule package (`tenet.aws.*`) without METADATA, or METADATA that is not valid or lacks a
//!   required field, or a rule id used twice (the loader's own checks, in `metadata.rs`);
//! - a control or framework a rule maps to that no catalog has (`frameworks.rs`);
//! - a call to the clock or another non-deterministic built-in (`builtins.rs`), in rules,
//!   libraries and tests alike.
//!
//! Unlike loading, which stops at the first problem, lint reports them all.

use anyhow::Result;

use super::builtins;
use super::bundle::Bundle;
use super::frameworks;
use super::metadata::{self, Problem};

/// What `tenet lint` found.
#[derive(Debug, Default)]
pub struct Lint {
    /// Every problem, sorted by file, line and column.
    pub problems: Vec<Problem>,
    /// Files that do not parse, as `file:line:col: message`: nothing else in them was checked.
    pub syntax_errors: Vec<String>,
    /// How many .rego files were read.
    pub files: usize,
}

/// Lints every Rego file of the bundle against its catalogs (built-in, and the bundle
/// directories' own `frameworks/*.yaml`). A catalog that does not load is an error.
pub fn lint(bundle: &Bundle) -> Result<Lint> {
    let catalogs = frameworks::load(&bundle.catalogs)?;
    let mut lint = Lint {
        files: bundle.sources.len(),
        ..Lint::default()
    };
    let (rules, problems) = metadata::read_rules(&bundle.sources, &bundle.config);
    lint.problems.extend(problems);
    lint.problems.extend(frameworks::mapping_problems(
        &rules,
        &catalogs,
        &bundle.sources,
    ));
    for source in &bundle.sources {
        let module = match super::ast::parse(&source.path, &source.text) {
            Ok(module) => module,
            Err(e) => {
                lint.syntax_errors.push(e.to_string());
                continue;
            }
        };
        for (line, col, name, why) in builtins::forbidden_calls_in(&module) {
            lint.problems.push(Problem {
                file: source.path.clone(),
                line: line as usize,
                col: col as usize,
                message: format!("{name} is not allowed in policies: it {why}"),
            });
        }
    }
    lint.problems
        .sort_by(|a, b| (&a.file, a.line, a.col).cmp(&(&b.file, b.line, b.col)));
    Ok(lint)
}
