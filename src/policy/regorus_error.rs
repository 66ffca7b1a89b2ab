//! regorus's errors as tenet prints them. A leaf module: the parser (ast.rs), compiling and
//! evaluating all format regorus errors, so this depends on none of them.

/// regorus reports `--> file:line:col`, a source excerpt, then `error: message`; tenet prints
/// errors as one line, `file:line:col: message`.
pub(crate) fn one_line(error: &str) -> String {
    let location = error.lines().find_map(|l| l.trim().strip_prefix("--> "));
    let message = error.lines().find_map(|l| l.trim().strip_prefix("error: "));
    match (location, message) {
        (Some(location), Some(message)) => format!("{location}: {message}"),
        _ => error.split_whitespace().collect::<Vec<_>>().join(" "),
    }
}
