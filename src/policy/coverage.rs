//! Line coverage of the rule and library files by the Rego tests, from regorus's coverage.
//!
//! regorus counts a line when it holds an expression its coverage walk visits (rule values,
//! set keys, body statements; not rule heads, `some` declarations or `with` modifiers), and
//! marks it covered once any expression on it was evaluated. Its report leaves out a file none
//! of whose expressions ran at all, which is exactly the file a reader most needs to see, so
//! for such a file tenet walks the syntax tree the same way and counts every line as not
//! covered.

use std::collections::BTreeSet;

use super::ast;
use super::bundle::Source;
use anyhow::Result;

/// One file's line coverage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileCoverage {
    pub path: String,
    pub covered: usize,
    /// Lines that hold an expression regorus can evaluate.
    pub lines: usize,
    pub not_covered: Vec<u32>,
}

impl FileCoverage {
    /// True when at least `min` percent of the lines are covered (a file without lines is).
    pub fn meets(&self, min: f64) -> bool {
        self.covered as f64 * 100.0 >= min * self.lines as f64
    }

    /// The share covered, rounded down to one decimal, so a file shown as 90.0% has at least
    /// 90% covered: `83.3%`.
    pub fn percent(&self) -> String {
        per_mille(self.covered, self.lines)
    }
}

fn per_mille(covered: usize, lines: usize) -> String {
    let tenths = (covered * 1000).checked_div(lines).unwrap_or(1000);
    format!("{}.{}%", tenths / 10, tenths % 10)
}

/// Coverage of every source that is not a test, in bundle order.
pub fn summarize(
    report: &regorus::coverage::Report,
    sources: &[Source],
) -> Result<Vec<FileCoverage>> {
    let mut files = Vec::new();
    for source in sources.iter().filter(|s| !s.is_test()) {
        let (covered, not_covered) = match report.files.iter().find(|f| f.path == source.path) {
            Some(file) => (file.covered.clone(), file.not_covered.clone()),
            None => (
                BTreeSet::new(),
                coverable_lines(&source.path, &source.text)?,
            ),
        };
        let not_covered: Vec<u32> = not_covered.into_iter().collect();
        files.push(FileCoverage {
            path: source.path.clone(),
            covered: covered.len(),
            lines: covered.len() + not_covered.len(),
            not_covered,
        });
    }
    Ok(files)
}

/// The total over several files, as one line of the table.
pub fn total(files: &[FileCoverage]) -> FileCoverage {
    FileCoverage {
        path: "total".to_string(),
        covered: files.iter().map(|f| f.covered).sum(),
        lines: files.iter().map(|f| f.lines).sum(),
        not_covered: Vec::new(),
    }
}

/// `3, 7-9, 12`: line numbers as ranges.
pub fn ranges(lines: &[u32]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let start = lines[i];
        let mut end = start;
        while i + 1 < lines.len() && lines[i + 1] == end + 1 {
            end += 1;
            i += 1;
        }
        parts.push(if start == end {
            start.to_string()
        } else {
            format!("{start}-{end}")
        });
        i += 1;
    }
    parts.join(", ")
}

/// The lines regorus's coverage walk visits in a module (its `get_coverage_report`).
fn coverable_lines(path: &str, text: &str) -> Result<BTreeSet<u32>> {
    let module = ast::parse(path, text)?;
    let mut lines = BTreeSet::new();
    ast::for_each_covered_expr(&module, &mut |expr| {
        lines.insert(expr.span().line);
    });
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_join_consecutive_lines() {
        assert_eq!(ranges(&[3, 7, 8, 9, 12]), "3, 7-9, 12");
        assert_eq!(ranges(&[]), "");
    }

    #[test]
    fn percent_rounds_down() {
        let file = |covered, lines| FileCoverage {
            path: String::new(),
            covered,
            lines,
            not_covered: Vec::new(),
        };
        assert_eq!(file(2, 3).percent(), "66.6%");
        assert_eq!(file(899, 1000).percent(), "89.9%");
        assert!(!file(899, 1000).meets(90.0));
        assert!(file(9, 10).meets(90.0));
        assert_eq!(file(0, 0).percent(), "100.0%");
    }

    /// The tree walk agrees with regorus wherever regorus reports the file: every line it
    /// reports, covered or not, and no other.
    #[test]
    fn coverable_lines_match_regorus_for_an_evaluated_file() {
        let text = "package p\n\nimport rego.v1\n\ndefault allow := false\n\nallow if {\n\tsome x in input.xs\n\tx > 1\n\tnot deny\n}\n\ndeny if input.deny\n\nnames := [n |\n\tsome u in input.users\n\tn := u.name\n]\n\nf(x) := y if {\n\ty := x + 1\n}\n\nmsgs contains sprintf(\"%v\", [x]) if {\n\tevery y in input.ys {\n\t\ty > 0\n\t}\n\tx := f(1)\n}\n";
        let mut engine = regorus::Engine::new();
        engine.add_policy("p.rego".into(), text.into()).unwrap();
        engine.set_enable_coverage(true);
        engine.set_input(regorus::Value::from_json_str(r#"{"xs": [2]}"#).unwrap());
        engine.eval_rule("data.p.allow".into()).unwrap();
        let report = engine.get_coverage_report().unwrap();
        let regorus_lines: BTreeSet<u32> = report.files[0]
            .covered
            .union(&report.files[0].not_covered)
            .copied()
            .collect();
        assert_eq!(coverable_lines("p.rego", text).unwrap(), regorus_lines);
        assert_eq!(
            regorus_lines.into_iter().collect::<Vec<_>>(),
            [5, 8, 9, 10, 13, 16, 17, 20, 21, 24, 25, 26, 28]
        );
    }
}
