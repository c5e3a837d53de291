//! GLPI's regular expressions are PHP's PCRE patterns, with delimiters and
//! flags (`/^pc-(.*)$/i`), run with GLPI's `s` and `i` flags added. This
//! module reads them and runs them as PCRE would:
//!
//! * a pattern the linear-time `regex` crate accepts runs there, so a
//!   hostile pattern cannot stall an import;
//! * a pattern it refuses for PCRE-only features (look-ahead,
//!   look-behind, back-references, atomic groups) runs on the
//!   backtracking `fancy-regex`, bounded by a backtrack limit as PHP's
//!   `pcre.backtrack_limit` bounds PCRE: past it, the match fails (PHP's
//!   `preg_match` then returns `false`, which GLPI takes as "no");
//! * `$` (and `\Z`) match at the end or before a final newline, as in
//!   PCRE without the `m` or `D` flag.

/// The backtracking steps one match may take before it fails (PHP's
/// default `pcre.backtrack_limit`).
pub const BACKTRACK_LIMIT: usize = 1_000_000;

/// A compiled GLPI regular expression.
#[derive(Debug, Clone)]
pub enum Pattern {
    /// Linear time.
    Linear(regex::Regex),
    /// Backtracking, bounded by [`BACKTRACK_LIMIT`].
    Backtracking(fancy_regex::Regex),
}

/// Why a pattern cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid regular expression {pattern:?}: {why}")]
pub struct PcreError {
    /// The pattern as written.
    pub pattern: String,
    /// Why.
    pub why: String,
}

/// Every match of a pattern in a text: the capture groups (without the
/// whole match), match by match.
pub type Captures = Vec<Vec<String>>;

impl Pattern {
    /// Reads a PHP pattern with delimiters and flags, adding GLPI's `s`
    /// and `i`.
    pub fn new(pattern: &str) -> Result<Self, PcreError> {
        let bad = |why: &str| PcreError {
            pattern: pattern.to_owned(),
            why: why.to_owned(),
        };
        let mut chars = pattern.chars();
        let open = chars.next().ok_or_else(|| bad("empty"))?;
        if open.is_alphanumeric() || open == '\\' || open.is_whitespace() {
            return Err(bad("it must start with a delimiter, as in /…/"));
        }
        let close = match open {
            '(' => ')',
            '[' => ']',
            '{' => '}',
            '<' => '>',
            other => other,
        };
        let end = pattern
            .rfind(close)
            .filter(|e| *e > 0)
            .ok_or_else(|| bad("no closing delimiter"))?;
        let body = &pattern[open.len_utf8()..end];
        let flags = &pattern[end + close.len_utf8()..];
        let mut inline = String::from("si");
        let mut dollar_end_only = false;
        for flag in flags.chars() {
            match flag {
                'i' | 's' | 'u' => {} // UTF-8 is the default
                'm' | 'x' | 'U' => inline.push(flag),
                'D' => dollar_end_only = true,
                other => return Err(bad(&format!("unsupported flag {other}"))),
            }
        }
        let multiline = inline.contains('m');
        let body = if multiline || dollar_end_only {
            body.to_owned()
        } else {
            final_newline_dollar(body)
        };
        let source = format!("(?{inline}){body}");
        let linear = regex::RegexBuilder::new(&source)
            .size_limit(1 << 20)
            .dfa_size_limit(1 << 20)
            .build();
        match linear {
            Ok(re) => Ok(Self::Linear(re)),
            Err(linear_error) => fancy_regex::RegexBuilder::new(&source)
                .backtrack_limit(BACKTRACK_LIMIT)
                .delegate_size_limit(1 << 20)
                .delegate_dfa_size_limit(1 << 20)
                .build()
                .map(Self::Backtracking)
                .map_err(|_| {
                    bad(linear_error
                        .to_string()
                        .lines()
                        .last()
                        .unwrap_or_default()
                        .trim())
                }),
        }
    }

    /// Whether it matches `text`; `None` when the backtrack limit was
    /// reached.
    pub fn is_match(&self, text: &str) -> Option<bool> {
        match self {
            Self::Linear(re) => Some(re.is_match(text)),
            Self::Backtracking(re) => re.is_match(text).ok(),
        }
    }

    /// Every match with its capture groups (`preg_match_all`); `None` when
    /// the backtrack limit was reached.
    pub fn captures_all(&self, text: &str) -> Option<Captures> {
        let text_of = |m: Option<&str>| m.unwrap_or_default().to_owned();
        match self {
            Self::Linear(re) => Some(
                re.captures_iter(text)
                    .map(|caps| {
                        (1..caps.len())
                            .map(|i| text_of(caps.get(i).map(|m| m.as_str())))
                            .collect()
                    })
                    .collect(),
            ),
            Self::Backtracking(re) => {
                let mut all = Vec::new();
                for caps in re.captures_iter(text) {
                    let caps = caps.ok()?;
                    all.push(
                        (1..caps.len())
                            .map(|i| text_of(caps.get(i).map(|m| m.as_str())))
                            .collect(),
                    );
                }
                Some(all)
            }
        }
    }

    /// Number of capture groups.
    pub fn groups(&self) -> usize {
        match self {
            Self::Linear(re) => re.captures_len().saturating_sub(1),
            Self::Backtracking(re) => re.captures_len().saturating_sub(1),
        }
    }
}

/// Rewrites every `$` and `\Z` outside a character class as "end, or
/// before a final newline" (PCRE's meaning without `m` or `D`); the
/// newline it may pass over is not part of any capture group.
fn final_newline_dollar(body: &str) -> String {
    const END: &str = r"(?:\n?\z)";
    let mut out = String::with_capacity(body.len() + 16);
    let mut chars = body.chars().peekable();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('Z') if !in_class => out.push_str(END),
                Some(next) => {
                    out.push('\\');
                    out.push(next);
                }
                None => out.push('\\'),
            },
            '[' if !in_class => {
                in_class = true;
                out.push('[');
                // `]` right after `[` or `[^` is a literal.
                if chars.peek() == Some(&'^') {
                    out.push(chars.next().unwrap_or('^'));
                }
                if chars.peek() == Some(&']') {
                    out.push(chars.next().unwrap_or(']'));
                }
            }
            '[' if in_class && chars.peek() == Some(&':') => {
                // A POSIX class such as [:alpha:] inside a class.
                out.push('[');
                for p in chars.by_ref() {
                    out.push(p);
                    if p == ']' {
                        break;
                    }
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            '$' if !in_class => out.push_str(END),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, text: &str) -> bool {
        Pattern::new(pattern).unwrap().is_match(text).unwrap()
    }

    #[test]
    fn dollar_matches_before_a_final_newline_only() {
        assert!(matches("/^abc$/", "abc"));
        assert!(matches("/^abc$/", "abc\n"));
        assert!(!matches("/^abc$/", "abc\n\n"));
        assert!(!matches("/^abc$/", "abc\ndef"));
        assert!(matches(r"/^abc\Z/", "abc\n"));
        // D: $ is the very end; m: $ is any line end.
        assert!(!matches("/^abc$/D", "abc\n"));
        assert!(matches("/^abc$/m", "abc\ndef"));
        // A $ in a class or escaped is a character.
        assert!(matches(r"/^a[$]b$/", "a$b"));
        assert!(matches(r"/^a\$$/", "a$"));
        assert!(matches(r"/^a[]$]$/", "a$"));
    }

    #[test]
    fn the_final_newline_is_not_captured() {
        let p = Pattern::new(r"/^(pc-\d+)$/").unwrap();
        assert_eq!(p.captures_all("pc-1\n").unwrap(), vec![vec!["pc-1"]]);
    }

    #[test]
    fn look_around_and_back_references_run_on_the_backtracking_engine() {
        assert!(matches("/^(?!test)/", ""));
        assert!(matches("/^(?!test)/", "prod-1"));
        assert!(!matches("/^(?!test)/", "TEST-1"));
        assert!(matches(r"/^(a)\1$/", "aa"));
        assert!(matches(r"/^(a)\1$/", "AA"));
        assert!(!matches(r"/^(a)\1$/", "ab"));
        assert!(matches("/(?<=pc-)\\d+/", "pc-42"));
        assert!(matches!(
            Pattern::new("/^(?!test)/").unwrap(),
            Pattern::Backtracking(_)
        ));
        assert!(matches!(
            Pattern::new("/^pc-(.*)$/").unwrap(),
            Pattern::Linear(_)
        ));
    }

    #[test]
    fn catastrophic_backtracking_fails_instead_of_hanging() {
        let p = Pattern::new(r"/^(a+)+\1b$/").unwrap();
        let text = "a".repeat(40);
        let started = std::time::Instant::now();
        assert_eq!(p.is_match(&text), None);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn invalid_patterns_say_why() {
        let e = Pattern::new("/(unclosed/").unwrap_err();
        assert!(e.to_string().contains("invalid regular expression"), "{e}");
        assert!(Pattern::new("abc").is_err());
        assert!(Pattern::new("/abc").is_err());
        assert!(Pattern::new("/abc/e").is_err());
    }
}
