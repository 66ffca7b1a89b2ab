//! Built-in functions policies must not call: the clock, randomness, the network and the
//! environment. A rule that calls one gives a different answer on another day or machine,
//! so its findings could not be reproduced from the snapshot. `tenet lint` reports these
//! calls; the loader can reject them with the same scanner.
//!
//! The list is OPA's non-deterministic built-ins (those it marks `Nondeterministic` and skips
//! in partial evaluation). Most are not even compiled into tenet's regorus (no `http`,
//! `opa-runtime`, `uuid` or `rand` features), in which case regorus fails with a bare
//! "unknown function"; this scanner says why the call is not allowed, before compiling.

use super::ast;

/// Name and reason, as printed after the call's location.
const FORBIDDEN: &[(&str, &str)] = &[
    (
        "time.now_ns",
        "reads the clock; measure ages from input.collected_at",
    ),
    ("rand.intn", "returns a random number"),
    ("uuid.rfc4122", "returns a random UUID"),
    ("http.send", "calls the network"),
    ("net.lookup_ip_addr", "queries DNS"),
    ("opa.runtime", "reads the environment"),
    ("io.jwt.decode_verify", "checks expiry against the clock"),
    ("io.jwt.encode_sign", "signs with fresh randomness"),
    ("io.jwt.encode_sign_raw", "signs with fresh randomness"),
    (
        "crypto.x509.parse_and_verify_certificates",
        "checks validity against the clock",
    ),
    (
        "crypto.x509.parse_and_verify_certificates_with_options",
        "checks validity against the clock",
    ),
];

/// Every call in `source` to a forbidden built-in, as (line, column, name, why), in source
/// order. A source that does not parse has none (compiling it reports the syntax error).
/// A call through an import of the same name (`import data.lib.time`, then `time.now_ns()`)
/// is the user's function, not the built-in.
pub fn forbidden_calls(path: &str, source: &str) -> Vec<(u32, u32, String, &'static str)> {
    match ast::parse(path, source) {
        Ok(module) => forbidden_calls_in(&module),
        Err(_) => Vec::new(),
    }
}

/// [`forbidden_calls`] on an already parsed module.
pub fn forbidden_calls_in(
    module: &regorus::unstable::Module,
) -> Vec<(u32, u32, String, &'static str)> {
    let imported = ast::import_names(module);
    let mut calls = Vec::new();
    ast::for_each_expr(module, &mut |expr| {
        let regorus::unstable::Expr::Call { fcn, .. } = expr else {
            return;
        };
        let Some(name) = ast::dotted(fcn) else {
            return;
        };
        let root = name.split('.').next().unwrap_or_default();
        if imported.iter().any(|i| i == root) {
            return;
        }
        if let Some((_, why)) = FORBIDDEN.iter().find(|(n, _)| *n == name) {
            let span = ast::leftmost_var(fcn).unwrap_or(fcn.span());
            calls.push((span.line, ast::column(span), name, *why));
        }
    });
    calls.sort();
    calls
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_calls_anywhere_with_their_position() {
        let text = "package p\n\nimport data.lib.rand\n\nx := time.now_ns()\n\ny if {\n\tsome v in [http.send({\"url\": \"u\"})]\n\tv\n}\n\nz := [n | n := opa.runtime().env] if true\n\nw := rand.intn(\"a\", 1)\n\nok := time.parse_rfc3339_ns(\"2026-01-01T00:00:00Z\")\n";
        assert_eq!(
            forbidden_calls("p.rego", text),
            [
                (5, 6, "time.now_ns".to_string(), FORBIDDEN[0].1),
                (8, 13, "http.send".to_string(), "calls the network"),
                (12, 16, "opa.runtime".to_string(), "reads the environment"),
            ]
        );
    }

    #[test]
    fn unparsable_source_has_none() {
        assert!(forbidden_calls("p.rego", "package p\nx := time.now_ns(\n").is_empty());
    }
}
