//! The one wildcard matcher: rule ids in `--rule` and waivers, resource ARNs in waivers.
//! IAM's own: `*` is any run of characters (`/` and `:` included), `?` any one character,
//! nothing else is special, and case counts (as in IAM's ArnLike).

/// Whether `text` matches `pattern`, where `*` stands for any run of characters (none
/// included) and `?` for any one character.
pub fn glob_matches(pattern: &str, text: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    let text: Vec<char> = text.chars().collect();
    // Classic backtracking over the last `*`: linear enough for rule ids.
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p) {
            Some('*') => {
                star = Some((p, t));
                p += 1;
            }
            Some(&c) if c == '?' || c == text[t] => {
                p += 1;
                t += 1;
            }
            _ => match star {
                Some((star_p, star_t)) => {
                    p = star_p + 1;
                    t = star_t + 1;
                    star = Some((star_p, star_t + 1));
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob_matches("root_*", "root_mfa"));
        assert!(glob_matches("*", ""));
        assert!(glob_matches("r?ot_*a", "root_mfa"));
        assert!(glob_matches("*_*_*", "a_b_c"));
        assert!(!glob_matches("root_*", "user_root_mfa"));
        assert!(!glob_matches("root_mf", "root_mfa"));
        assert!(!glob_matches("root_mfa?", "root_mfa"));
    }

    #[test]
    fn arn_globs_cross_separators_and_mind_case() {
        assert!(glob_matches(
            "arn:aws:iam::*:user/breakglass-*",
            "arn:aws:iam::111111111111:user/breakglass-admin"
        ));
        assert!(glob_matches(
            "arn:aws:iam::*:user/*",
            "arn:aws:iam::1:user/a/b"
        ));
        assert!(!glob_matches(
            "arn:aws:iam::*:user/Admin",
            "arn:aws:iam::1:user/admin"
        ));
    }
}
