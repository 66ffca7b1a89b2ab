//! Rego syntax trees from regorus's own parser, for the tools that read policies without
//! evaluating them: test discovery, `tenet lint`, the built-in call scanner and coverage.
//!
//! regorus exposes its parser and AST in `regorus::unstable` (hidden from its docs, and it may
//! change between releases). Parsing and the generic walks (regorus's coverage walk included)
//! are here; `builtins.rs` and `test.rs` match on its node types, `coverage.rs` reads spans,
//! and nothing else in tenet uses it, so a regorus upgrade touches those four files. Parsing with the engine's own parser means a
//! rule tenet finds here is exactly a rule regorus compiles, whatever its head looks like.

use anyhow::{anyhow, Result};
use regorus::unstable::{
    Expr, Literal, Module, Parser, Query, Ref, Rule, RuleHead, Source as RegoSource, Span,
};

/// Parses one module as the engine does (Rego v1). The error is one line,
/// `file:line:col: message`.
pub fn parse(path: &str, text: &str) -> Result<Module> {
    let source = RegoSource::from_contents(path.to_string(), text.to_string())
        .map_err(|e| anyhow!(super::regorus_error::one_line(&e.to_string())))?;
    let mut parser = Parser::new(&source)
        .map_err(|e| anyhow!(super::regorus_error::one_line(&e.to_string())))?;
    parser
        .enable_rego_v1()
        .map_err(|e| anyhow!(super::regorus_error::one_line(&e.to_string())))?;
    parser
        .parse()
        .map_err(|e| anyhow!(super::regorus_error::one_line(&e.to_string())))
}

/// `a.b.c` of a `package` or `import` path, or of a call's function (`time.now_ns`).
pub fn dotted(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Var { span, .. } => Some(span.text().to_string()),
        Expr::RefDot { refr, field, .. } => Some(format!("{}.{}", dotted(refr)?, field.0.text())),
        _ => None,
    }
}

/// The package a module declares, without `data.`.
pub fn package(module: &Module) -> String {
    dotted(&module.package.refr).unwrap_or_default()
}

/// The name each import binds in the module: its `as` alias, else its last component.
pub fn import_names(module: &Module) -> Vec<String> {
    module
        .imports
        .iter()
        .filter_map(|import| match &import.r#as {
            Some(alias) => Some(alias.text().to_string()),
            None => dotted(&import.refr)?.rsplit('.').next().map(str::to_string),
        })
        .collect()
}

/// A rule as its head names it.
pub struct RuleHeadInfo<'a> {
    /// The first component of the head: `test_x` for `test_x`, `test_x contains ...`,
    /// `test_x[k] := ...`, `test_x.y := ...` and `default test_x := ...`.
    pub name: String,
    pub line: u32,
    pub col: u32,
    /// Functions take arguments: `f(x) := ...`.
    pub is_function: bool,
    pub is_default: bool,
    pub rule: &'a Rule,
}

/// Every rule of a module, in source order.
pub fn rules(module: &Module) -> Vec<RuleHeadInfo<'_>> {
    module
        .policy
        .iter()
        .filter_map(|rule| {
            let (refr, is_function, is_default) = match rule.as_ref() {
                Rule::Spec { head, .. } => match head {
                    RuleHead::Compr { refr, .. } | RuleHead::Set { refr, .. } => {
                        (refr, false, false)
                    }
                    RuleHead::Func { refr, args, .. } => (refr, !args.is_empty(), false),
                },
                Rule::Default { refr, args, .. } => (refr, !args.is_empty(), true),
            };
            let span = leftmost_var(refr)?;
            Some(RuleHeadInfo {
                name: span.text().to_string(),
                line: span.line,
                col: column(span),
                is_function,
                is_default,
                rule: rule.as_ref(),
            })
        })
        .collect()
}

/// The source text of an expression or statement as written. regorus's spans of string
/// tokens leave out the quotes, so a span that starts or ends at one gets it back.
pub fn text(span: &Span) -> &str {
    let source = span.source.contents();
    let (mut start, mut end) = (span.start as usize, span.end as usize);
    let is_quote = |at: usize| matches!(source.as_bytes().get(at), Some(b'"' | b'`'));
    if start > 0 && is_quote(start - 1) {
        start -= 1;
    }
    if is_quote(end) {
        end += 1;
    }
    source.get(start..end).unwrap_or_else(|| span.text())
}

/// The 1-based column of a span in characters, as editors count (regorus's own column counts
/// a tab as four).
pub fn column(span: &Span) -> u32 {
    let before = span
        .source
        .contents()
        .get(..span.start as usize)
        .unwrap_or_default();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    before[line_start..].chars().count() as u32 + 1
}

/// The first variable of a reference: `time` in `time.now_ns`, `x` in `x[k].y`.
pub fn leftmost_var(expr: &Ref<Expr>) -> Option<&Span> {
    match expr.as_ref() {
        Expr::Var { span, .. } => Some(span),
        Expr::RefDot { refr, .. } | Expr::RefBrack { refr, .. } => leftmost_var(refr),
        _ => None,
    }
}

/// The bodies of a rule (`test_x if { ... }` has one; `else` adds more).
pub fn bodies(rule: &Rule) -> Vec<&Query> {
    match rule {
        Rule::Spec { bodies, .. } => bodies.iter().map(|b| b.query.as_ref()).collect(),
        Rule::Default { .. } => Vec::new(),
    }
}

/// Calls `visit` on every expression of the module, nested ones included: rule heads and
/// values, bodies, `with` modifiers, comprehensions, `every` domains and bodies.
pub fn for_each_expr(module: &Module, visit: &mut dyn FnMut(&Expr)) {
    Walk {
        everything: true,
        visit,
    }
    .module(module);
}

/// Calls `visit` on the expressions regorus's coverage walk (its `get_coverage_report`)
/// counts a line for: rule values, set keys and body statements with their operands, a call's
/// arguments, a comprehension's query. Not rule heads, `some` keys, `with` modifiers, called
/// function names, comprehensions themselves or their terms.
pub fn for_each_covered_expr(module: &Module, visit: &mut dyn FnMut(&Expr)) {
    Walk {
        everything: false,
        visit,
    }
    .module(module);
}

/// One walk for both: `everything` false leaves out what regorus's coverage does not visit.
struct Walk<'v> {
    everything: bool,
    visit: &'v mut dyn FnMut(&Expr),
}

impl Walk<'_> {
    fn module(&mut self, module: &Module) {
        for rule in &module.policy {
            match rule.as_ref() {
                Rule::Spec { head, bodies, .. } => {
                    match head {
                        RuleHead::Compr { refr, assign, .. } => {
                            self.head(refr, &[]);
                            if let Some(a) = assign {
                                self.expr(&a.value);
                            }
                        }
                        RuleHead::Set { refr, key, .. } => {
                            self.head(refr, &[]);
                            self.all(key);
                        }
                        RuleHead::Func {
                            refr, args, assign, ..
                        } => {
                            self.head(refr, args);
                            if let Some(a) = assign {
                                self.expr(&a.value);
                            }
                        }
                    }
                    for body in bodies {
                        // `else := value`, which regorus's coverage leaves out
                        if self.everything {
                            if let Some(a) = &body.assign {
                                self.expr(&a.value);
                            }
                        }
                        self.query(&body.query);
                    }
                }
                Rule::Default {
                    refr, args, value, ..
                } => {
                    self.head(refr, args);
                    self.expr(value);
                }
            }
        }
    }

    /// A rule head's reference and arguments, which regorus's coverage leaves out.
    fn head(&mut self, refr: &Ref<Expr>, args: &[Ref<Expr>]) {
        if self.everything {
            self.expr(refr);
            self.all(args);
        }
    }

    fn query(&mut self, query: &Query) {
        for stmt in &query.stmts {
            match &stmt.literal {
                Literal::SomeVars { .. } => {}
                Literal::SomeIn {
                    key,
                    value,
                    collection,
                    ..
                } => {
                    if self.everything {
                        self.all(key);
                    }
                    self.all([value, collection]);
                }
                Literal::Expr { expr, .. } | Literal::NotExpr { expr, .. } => self.expr(expr),
                Literal::Every { domain, query, .. } => {
                    self.expr(domain);
                    self.query(query);
                }
            }
            if self.everything {
                for with in &stmt.with_mods {
                    self.all([&with.refr, &with.r#as]);
                }
            }
        }
    }

    fn all<'e>(&mut self, exprs: impl IntoIterator<Item = &'e Ref<Expr>>) {
        exprs.into_iter().for_each(|e| self.expr(e));
    }

    fn expr(&mut self, expr: &Ref<Expr>) {
        let is_comprehension = matches!(
            expr.as_ref(),
            Expr::ArrayCompr { .. } | Expr::SetCompr { .. } | Expr::ObjectCompr { .. }
        );
        if self.everything || !is_comprehension {
            (self.visit)(expr.as_ref());
        }
        match expr.as_ref() {
            Expr::String { .. }
            | Expr::RawString { .. }
            | Expr::Number { .. }
            | Expr::Bool { .. }
            | Expr::Null { .. }
            | Expr::Var { .. } => {}
            Expr::Array { items, .. } | Expr::Set { items, .. } => self.all(items),
            Expr::Object { fields, .. } => {
                for (_, key, value) in fields {
                    self.all([key, value]);
                }
            }
            Expr::ArrayCompr { term, query, .. } | Expr::SetCompr { term, query, .. } => {
                if self.everything {
                    self.expr(term);
                }
                self.query(query);
            }
            Expr::ObjectCompr {
                key, value, query, ..
            } => {
                if self.everything {
                    self.all([key, value]);
                }
                self.query(query);
            }
            Expr::Call { fcn, params, .. } => {
                if self.everything {
                    self.expr(fcn);
                }
                self.all(params);
            }
            Expr::UnaryExpr { expr, .. } => self.expr(expr),
            Expr::RefDot { refr, .. } => self.expr(refr),
            Expr::RefBrack { refr, index, .. } => self.all([refr, index]),
            Expr::BinExpr { lhs, rhs, .. }
            | Expr::BoolExpr { lhs, rhs, .. }
            | Expr::ArithExpr { lhs, rhs, .. }
            | Expr::AssignExpr { lhs, rhs, .. } => self.all([lhs, rhs]),
            Expr::Membership {
                key,
                value,
                collection,
                ..
            } => self.all(key.iter().chain([value, collection])),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_heads_of_every_form_are_named() {
        let text = "package p_test\n\nimport data.lib.x as y\n\ntest_a if true\ntest_b contains 1\ntest_c[\"k\"] := 1\ntest_d := true\ndefault test_e := false\ntest_f(v) := v\ntest_g.h := 1\n";
        let module = parse("p_test.rego", text).unwrap();
        let found: Vec<(String, u32, bool, bool)> = rules(&module)
            .iter()
            .map(|r| (r.name.clone(), r.line, r.is_function, r.is_default))
            .collect();
        let expected = [
            ("test_a", 5, false, false),
            ("test_b", 6, false, false),
            ("test_c", 7, false, false),
            ("test_d", 8, false, false),
            ("test_e", 9, false, true),
            ("test_f", 10, true, false),
            ("test_g", 11, false, false),
        ];
        assert_eq!(
            found,
            expected
                .iter()
                .map(|(n, l, f, d)| (n.to_string(), *l, *f, *d))
                .collect::<Vec<_>>()
        );
        assert_eq!(package(&module), "p_test");
        assert_eq!(import_names(&module), ["y"]);
    }

    #[test]
    fn text_keeps_the_quotes_of_strings() {
        let module = parse(
            "p.rego",
            "package p\n\nx if {\n\t\"a\" in {`b`, \"a\"}\n}\n",
        )
        .unwrap();
        let body = bodies(module.policy[0].as_ref())[0];
        assert_eq!(text(&body.stmts[0].span), "\"a\" in {`b`, \"a\"}");
    }

    #[test]
    fn syntax_error_is_one_located_line() {
        let err = parse("bad.rego", "package p\n\nx := {\n").unwrap_err();
        assert!(err.to_string().starts_with("bad.rego:"), "{err}");
        assert_eq!(err.to_string().lines().count(), 1, "{err}");
    }
}
