//! What a policy may not do, checked when it is loaded, before anything is evaluated.
//!
//! tenet runs users' Rego in CI, where cloud credentials sit in the environment. The sandbox
//! itself is regorus's build: without its `http`, `opa-runtime`, `net`, `uuid` and `rand`
//! features no built-in reaches the network, the environment or a file. This module turns a
//! call to any of those, or to a compiled-in built-in that would make findings depend on the
//! day they were computed (`time.now_ns`), into a load error at the call's file:line:col,
//! instead of an "unknown function" for every account at evaluation. The list and the reason
//! for each live in [`super::builtins`], shared with `tenet lint`; calls are found in regorus's
//! own syntax tree, so comments, strings and a user's function of the same name (reached
//! through an import) are never mistaken for a call.
//!
//! It also bounds how deeply `[` and `{` may nest. regorus 0.14's parser takes time
//! exponential in that depth (20 levels: seconds; 30: hours), and parsing runs before the
//! evaluation timer exists, so the depth is checked first, by a scan that skips comments and
//! string literals.

use anyhow::{bail, Result};

use super::builtins;

/// Deepest nesting of `[` and `{` a policy may use: regorus parses 16 levels in well under a
/// second, and tenet's own policies and tests need 8 (an SCP inside a test input).
pub const MAX_NESTING: usize = 16;

/// Rejects a policy that nests brackets too deeply or calls a forbidden built-in, with the
/// first offence as `file:line:col: message`.
pub fn check(path: &str, text: &str) -> Result<()> {
    check_nesting(path, text)?;
    if let Some((line, col, name, why)) = builtins::forbidden_calls(path, text).into_iter().next() {
        bail!("{path}:{line}:{col}: {name} is not allowed in tenet policies: it {why}");
    }
    Ok(())
}

/// Fails at the first `[` or `{` that opens level [`MAX_NESTING`] + 1, outside comments and
/// strings. Unbalanced or unterminated text is left for the parser to report.
fn check_nesting(path: &str, text: &str) -> Result<()> {
    let (mut depth, mut line, mut col) = (0usize, 1usize, 0usize);
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        col += 1;
        match c {
            '\n' => (line, col) = (line + 1, 0),
            '#' => {
                // A comment runs to the end of the line.
                for c in chars.by_ref() {
                    if c == '\n' {
                        (line, col) = (line + 1, 0);
                        break;
                    }
                }
            }
            '"' => {
                // A string ends at the next unescaped quote, and never spans lines.
                while let Some(c) = chars.next() {
                    col += 1;
                    match c {
                        '\\' => {
                            chars.next();
                            col += 1;
                        }
                        '"' => break,
                        '\n' => {
                            (line, col) = (line + 1, 0);
                            break;
                        }
                        _ => {}
                    }
                }
            }
            '`' => {
                // A raw string may span lines.
                for c in chars.by_ref() {
                    col += 1;
                    match c {
                        '`' => break,
                        '\n' => (line, col) = (line + 1, 0),
                        _ => {}
                    }
                }
            }
            '[' | '{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    bail!(
                        "{path}:{line}:{col}: brackets nest more than {MAX_NESTING} deep; \
                         the Rego parser's time grows exponentially with depth"
                    );
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(depth: usize) -> String {
        format!("x := {}1{}\n", "[".repeat(depth), "]".repeat(depth))
    }

    #[test]
    fn nesting_up_to_the_limit_is_accepted() {
        let text = format!("package p\n\n{}", nested(MAX_NESTING));
        assert!(check("p.rego", &text).is_ok());
    }

    #[test]
    fn nesting_beyond_the_limit_is_located() {
        let text = format!("package p\n\n{}", nested(MAX_NESTING + 1));
        assert_eq!(
            check("p.rego", &text).unwrap_err().to_string(),
            "p.rego:3:22: brackets nest more than 16 deep; the Rego parser's time grows exponentially with depth"
        );
    }

    #[test]
    fn brackets_in_comments_and_strings_do_not_count() {
        let deep = "[".repeat(MAX_NESTING + 1);
        let text = format!(
            "package p\n\n# {deep}\nx := \"{deep}\\\"{deep}\"\ny := `\n{deep}\n`\nz := [{{\"a\": 1}}]\n"
        );
        assert!(
            check("p.rego", &text).is_ok(),
            "{:?}",
            check("p.rego", &text)
        );
    }

    #[test]
    fn a_forbidden_call_is_rejected_with_its_location_and_reason() {
        let text = "package p\n\n# time.now_ns() in a comment is fine\nx := \"http.send\"\ny := time.now_ns()\n";
        assert_eq!(
            check("p.rego", text).unwrap_err().to_string(),
            "p.rego:5:6: time.now_ns is not allowed in tenet policies: it reads the clock; measure ages from input.collected_at"
        );
    }
}
