//! `tenet lint --waivers FILE`: what is wrong with a waivers file that still parses. Each
//! problem is located at the key it is about:
//! - a `rule` (id or glob) that matches no known rule: the waiver covers nothing;
//! - a lifetime over the maximum, or `expires` before `created` (as `check` refuses);
//! - a waiver already expired at the as-of date;
//! - an `id` used twice (results and messages name waivers by id);
//! - two waivers that can cover the same finding: which one a finding carries then depends on
//!   file order, and removing one silently keeps the risk accepted.

use chrono::NaiveDate;

use super::{lifetime_problem, Waiver, Waivers};
use crate::glob::glob_matches;

/// One problem, at a 1-based line and column of the waivers file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Every problem of `waivers`, sorted by line and column. `rules` are the
/// known rule ids, `max_days` the longest lifetime allowed, `as_of` the day expiry is
/// measured against.
pub fn lint(waivers: &Waivers, rules: &[&str], max_days: i64, as_of: NaiveDate) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut at = |index: usize, key: &str, message: String| {
        let (line, column) = waivers.locate(index, key);
        problems.push(Problem {
            line,
            column,
            message,
        });
    };
    for (i, w) in waivers.waivers.iter().enumerate() {
        if !rules.iter().any(|r| glob_matches(&w.rule, r)) {
            at(
                i,
                "rule",
                format!("waiver {:?}: rule {:?} matches no known rule", w.id, w.rule),
            );
        }
        if let Some(problem) = lifetime_problem(w, max_days) {
            at(i, "expires", problem);
        }
        if w.expires < as_of {
            at(
                i,
                "expires",
                format!(
                    "waiver {:?} expired on {} (as of {as_of}): remove or renew it",
                    w.id, w.expires
                ),
            );
        }
        let earlier = &waivers.waivers[..i];
        if let Some(first) = earlier.iter().find(|e| e.id == w.id) {
            at(
                i,
                "id",
                format!(
                    "waiver id {:?} is already used on line {}",
                    w.id, first.line
                ),
            );
        }
        // A duplicate id already says the two entries clash; overlap is about distinct ones.
        if let Some(first) = earlier
            .iter()
            .find(|e| e.id != w.id && overlap(e, w, rules))
        {
            at(
                i,
                "id",
                format!(
                    "waiver {:?} overlaps waiver {:?} (line {}): both can cover the same findings",
                    w.id, first.id, first.line
                ),
            );
        }
    }
    problems.sort_by_key(|p| (p.line, p.column));
    problems
}

/// Can `a` and `b` cover the same finding? Both rule patterns match one known rule, an account
/// is in both (or either has `*`; OUs are compared as written), and a resource glob of one
/// matches one of the other written out (no resources = every resource).
fn overlap(a: &Waiver, b: &Waiver, rules: &[&str]) -> bool {
    let rule = rules
        .iter()
        .any(|r| glob_matches(&a.rule, r) && glob_matches(&b.rule, r));
    let account = a
        .accounts
        .iter()
        .any(|x| x == "*" || b.accounts.iter().any(|y| y == "*" || y == x));
    let resource = a.resources.is_empty()
        || b.resources.is_empty()
        || a.resources.iter().any(|x| {
            b.resources
                .iter()
                .any(|y| x == y || glob_matches(x, y) || glob_matches(y, x))
        });
    rule && account && resource
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: &[&str] = &["root_mfa", "user_key_rotation", "user_unused_credentials"];

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    /// One entry; `extra` holds further lines (each `    key: value\n`).
    fn entry(id: &str, rule: &str, accounts: &str, extra: &str) -> String {
        format!(
            "  - id: {id}\n    rule: {rule}\n    accounts: {accounts}\n{extra}    reason: r\n    owner: o\n    expires: 2027-01-31\n"
        )
    }

    fn run(entries: &[String]) -> Vec<(usize, usize, String)> {
        let text = format!("waivers:\n{}", entries.concat());
        let waivers = Waivers::parse("w.yaml", &text).unwrap();
        lint(&waivers, RULES, 365, day("2026-11-20"))
            .into_iter()
            .map(|p| (p.line, p.column, p.message))
            .collect()
    }

    fn one(line: usize, column: usize, message: &str) -> Vec<(usize, usize, String)> {
        vec![(line, column, message.to_string())]
    }

    #[test]
    fn a_clean_file_has_no_problems() {
        let a = entry("a", "root_mfa", "['111111111111']", "");
        let b = entry("b", "root_mfa", "['222222222222']", "");
        let c = entry(
            "c",
            "user_*",
            "['*']",
            "    resources: ['arn:aws:iam::1:user/a']\n",
        );
        let d = entry(
            "d",
            "user_*",
            "['*']",
            "    resources: ['arn:aws:iam::1:user/b']\n",
        );
        assert_eq!(run(&[a, b, c, d]), vec![]);
    }

    #[test]
    fn a_rule_matching_no_known_rule() {
        let a = entry("a", "root_mfa", "['1']", "");
        let b = entry("b", "s3_*", "['1']", "");
        assert_eq!(
            run(&[a, b]),
            one(9, 5, "waiver \"b\": rule \"s3_*\" matches no known rule")
        );
    }

    #[test]
    fn a_lifetime_over_the_maximum_or_negative() {
        let long = entry("a", "root_mfa", "['1']", "    created: 2026-01-01\n");
        let backwards = entry("b", "root_mfa", "['2']", "    created: 2027-02-01\n");
        assert_eq!(
            run(&[long, backwards]),
            vec![
                (
                    8,
                    5,
                    "waiver \"a\" lasts 395 days (2026-01-01 to 2027-01-31), more than the 365 \
                     days allowed (waiver_max_lifetime_days)"
                        .to_string()
                ),
                (
                    15,
                    5,
                    "waiver \"b\" expires (2027-01-31) before it was created (2027-02-01)"
                        .to_string()
                ),
            ]
        );
    }

    #[test]
    fn an_expired_waiver() {
        let a = entry("a", "root_mfa", "['1']", "").replace("2027-01-31", "2026-11-19");
        // The last day a waiver applies is its `expires`: not expired on that day.
        let b = entry("b", "root_mfa", "['2']", "").replace("2027-01-31", "2026-11-20");
        assert_eq!(
            run(&[a, b]),
            one(
                7,
                5,
                "waiver \"a\" expired on 2026-11-19 (as of 2026-11-20): remove or renew it"
            )
        );
    }

    #[test]
    fn a_duplicate_id_names_the_first() {
        let a = entry("a", "root_mfa", "['1']", "");
        let again = entry("a", "root_mfa", "['2']", "");
        assert_eq!(
            run(&[a, again]),
            one(8, 5, "waiver id \"a\" is already used on line 2")
        );
    }

    #[test]
    fn overlapping_waivers_name_the_earlier() {
        let a = entry("a", "user_*", "['1']", "");
        let b = entry(
            "b",
            "user_key_rotation",
            "['*']",
            "    resources: ['arn:aws:iam::1:user/x']\n",
        );
        assert_eq!(
            run(&[a, b]),
            one(
                8,
                5,
                "waiver \"b\" overlaps waiver \"a\" (line 2): both can cover the same findings"
            )
        );
    }

    #[test]
    fn overlap_needs_rule_account_and_resource_in_common() {
        let globs = |x: &str, y: &str| {
            run(&[
                entry(
                    "a",
                    "root_mfa",
                    "['1']",
                    &format!("    resources: ['{x}']\n"),
                ),
                entry(
                    "b",
                    "root_mfa",
                    "['1']",
                    &format!("    resources: ['{y}']\n"),
                ),
            ])
            .len()
        };
        assert_eq!(globs("arn:*:user/a*", "arn:x:user/ab"), 1);
        assert_eq!(globs("arn:x:user/ab", "arn:*:user/a*"), 1);
        assert_eq!(globs("arn:x:user/a", "arn:x:user/a"), 1);
        assert_eq!(globs("arn:x:user/a", "arn:x:user/b"), 0);
        // Accounts compared as written: an OU and an account id below it do not overlap here.
        let accounts = run(&[
            entry("a", "root_mfa", "['ou-1', '2']", ""),
            entry("b", "root_mfa", "['1', '3']", ""),
        ]);
        assert_eq!(accounts, vec![]);
        // Rules: both patterns must match the same known rule.
        let rules = run(&[
            entry("a", "root_*", "['*']", ""),
            entry("b", "user_*", "['*']", ""),
        ]);
        assert_eq!(rules, vec![]);
    }
}
