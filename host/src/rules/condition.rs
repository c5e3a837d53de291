//! GLPI's rule conditions (`Rule::PATTERN_*`), matched as
//! `RuleCriteria::match` does: case-insensitive, `*` matches anything,
//! PHP's `empty()` notion of empty (`""` and `"0"`), regular expressions
//! with delimiters and GLPI's `si` flags, IPv4 CIDR, relative dates.
//!
//! Patterns are compiled once per rule load ([`Compiled`]); regular
//! expressions are PCRE's, read and bounded by [`super::pcre`].

use std::net::Ipv4Addr;

use chrono::{Duration, NaiveDateTime};

/// Condition numbers.
pub mod code {
    /// is
    pub const IS: i32 = 0;
    /// is not
    pub const IS_NOT: i32 = 1;
    /// contains
    pub const CONTAIN: i32 = 2;
    /// does not contain
    pub const NOT_CONTAIN: i32 = 3;
    /// starting with
    pub const BEGIN: i32 = 4;
    /// finished by
    pub const END: i32 = 5;
    /// regular expression matches
    pub const REGEX_MATCH: i32 = 6;
    /// regular expression does not match
    pub const REGEX_NOT_MATCH: i32 = 7;
    /// exists
    pub const EXISTS: i32 = 8;
    /// does not exist
    pub const DOES_NOT_EXIST: i32 = 9;
    /// is already present (global, import rules)
    pub const FIND: i32 = 10;
    /// under (tree dropdowns)
    pub const UNDER: i32 = 11;
    /// not under
    pub const NOT_UNDER: i32 = 12;
    /// is empty (global, import rules)
    pub const IS_EMPTY: i32 = 30;
    /// date before
    pub const DATE_BEFORE: i32 = 31;
    /// date after
    pub const DATE_AFTER: i32 = 32;
    /// date is
    pub const DATE_EQUAL: i32 = 33;
    /// date is not
    pub const DATE_NOT_EQUAL: i32 = 34;
    /// is CIDR
    pub const CIDR: i32 = 333;
    /// is not CIDR
    pub const NOT_CIDR: i32 = 334;
    /// RuleImportAsset: restrict the search to the input's entity
    pub const ENTITY_RESTRICT: i32 = 202;
    /// RuleImportAsset: MAC and IP criteria on the same network port
    pub const NETWORK_PORT_RESTRICT: i32 = 203;
    /// RuleImportAsset: only the criteria of this rule are in the input
    pub const ONLY_CRITERIA_RULE: i32 = 204;
}

/// Conditions that must hold for every value of an array input; the
/// others hold when one value satisfies them. GLPI's list
/// (`Rule::getNegativesConditions`): "not under" and "is not CIDR" are not
/// in it, so "is not CIDR" holds when one of several addresses is outside
/// the network.
pub fn is_negative(condition: i32) -> bool {
    matches!(
        condition,
        code::IS_NOT
            | code::NOT_CONTAIN
            | code::REGEX_NOT_MATCH
            | code::DOES_NOT_EXIST
            | code::DATE_NOT_EQUAL
    )
}

/// Conditions evaluated against the asset store, not against the input.
pub fn is_global(condition: i32) -> bool {
    matches!(
        condition,
        code::FIND
            | code::IS_EMPTY
            | code::ENTITY_RESTRICT
            | code::NETWORK_PORT_RESTRICT
            | code::ONLY_CRITERIA_RULE
    )
}

/// GLPI's label of a condition.
pub fn label(condition: i32) -> &'static str {
    match condition {
        code::IS => "is",
        code::IS_NOT => "is not",
        code::CONTAIN => "contains",
        code::NOT_CONTAIN => "does not contain",
        code::BEGIN => "starting with",
        code::END => "finished by",
        code::REGEX_MATCH => "regular expression matches",
        code::REGEX_NOT_MATCH => "regular expression does not match",
        code::EXISTS => "exists",
        code::DOES_NOT_EXIST => "does not exist",
        code::FIND => "is already present",
        code::UNDER => "under",
        code::NOT_UNDER => "not under",
        code::IS_EMPTY => "is empty",
        code::DATE_BEFORE => "before",
        code::DATE_AFTER => "after",
        code::DATE_EQUAL => "date is",
        code::DATE_NOT_EQUAL => "date is not",
        code::CIDR => "is CIDR",
        code::NOT_CIDR => "is not CIDR",
        code::ENTITY_RESTRICT => "restrict search in defined entity",
        code::NETWORK_PORT_RESTRICT => "restrict criteria to same network port",
        code::ONLY_CRITERIA_RULE => "only criteria of this rule in data",
        _ => "unknown",
    }
}

/// Every condition parc knows, for validation.
pub const ALL: &[i32] = &[
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 30, 31, 32, 33, 34, 333, 334, 202, 203, 204,
];

/// A condition by number or by name (`is`, `regex`, `cidr`, …).
pub fn parse(text: &str) -> Option<i32> {
    if let Ok(n) = text.trim().parse::<i32>() {
        return ALL.contains(&n).then_some(n);
    }
    let name = text.trim().to_lowercase().replace(['-', ' '], "_");
    Some(match name.as_str() {
        "is" => code::IS,
        "is_not" | "isnot" => code::IS_NOT,
        "contains" | "contain" => code::CONTAIN,
        "not_contain" | "does_not_contain" => code::NOT_CONTAIN,
        "begin" | "starts_with" | "starting_with" => code::BEGIN,
        "end" | "ends_with" | "finished_by" => code::END,
        "regex" | "regex_match" => code::REGEX_MATCH,
        "not_regex" | "regex_not_match" => code::REGEX_NOT_MATCH,
        "exists" => code::EXISTS,
        "not_exists" | "does_not_exist" => code::DOES_NOT_EXIST,
        "find" | "is_already_present" => code::FIND,
        "under" => code::UNDER,
        "not_under" => code::NOT_UNDER,
        "is_empty" => code::IS_EMPTY,
        "before" => code::DATE_BEFORE,
        "after" => code::DATE_AFTER,
        "date_is" => code::DATE_EQUAL,
        "date_is_not" => code::DATE_NOT_EQUAL,
        "cidr" => code::CIDR,
        "not_cidr" => code::NOT_CIDR,
        "entity_restrict" => code::ENTITY_RESTRICT,
        "network_port_restrict" => code::NETWORK_PORT_RESTRICT,
        "only_criteria_rule" => code::ONLY_CRITERIA_RULE,
        _ => return None,
    })
}

/// A pattern prepared for matching.
#[derive(Debug, Clone)]
pub enum Compiled {
    /// `*`: always true.
    Wildcard,
    /// Lowercased, trimmed text.
    Text(String),
    /// A regular expression.
    Regex(super::pcre::Pattern),
    /// An invalid regular expression: never matches (GLPI warns and fails).
    BadRegex(String),
    /// An IPv4 network: address and mask.
    Cidr(u32, u32),
    /// The subtree of a tree dropdown (UNDER / NOT_UNDER): the pattern's
    /// id and its descendants, resolved when the rules are loaded.
    Subtree(std::collections::HashSet<u32>),
    /// Nothing to prepare (global conditions, EXISTS…).
    None,
}

/// Why a pattern cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct PatternError(pub String);

/// Prepares `pattern` for `condition`; errors are for validation at save
/// time (a stored bad regex still loads, as [`Compiled::BadRegex`]).
pub fn compile(condition: i32, pattern: &str) -> Result<Compiled, PatternError> {
    if pattern == "*" {
        return Ok(Compiled::Wildcard);
    }
    let trimmed = pattern.trim();
    Ok(match condition {
        code::REGEX_MATCH | code::REGEX_NOT_MATCH => Compiled::Regex(php_regex(trimmed)?),
        code::CIDR | code::NOT_CIDR => {
            let (address, bits) = trimmed.split_once('/').unwrap_or((trimmed, "0"));
            let address: Ipv4Addr = address.trim().parse().map_err(|_| {
                PatternError(format!("{pattern:?} is not an IPv4 network (a.b.c.d/n)"))
            })?;
            let bits: u32 = bits.trim().parse().unwrap_or(0).min(32);
            let mask = if bits == 0 {
                0
            } else {
                u32::MAX << (32 - bits)
            };
            Compiled::Cidr(u32::from(address) & mask, mask)
        }
        code::UNDER | code::NOT_UNDER => {
            let root: u32 = trimmed.parse().map_err(|_| {
                PatternError(format!("{pattern:?} is not an id (under / not under)"))
            })?;
            Compiled::Subtree(std::iter::once(root).collect())
        }
        code::EXISTS | code::DOES_NOT_EXIST => Compiled::None,
        c if is_global(c) => Compiled::None,
        _ => Compiled::Text(trimmed.to_lowercase()),
    })
}

/// Reads a PHP (PCRE) pattern with delimiters and flags, as GLPI stores
/// it (`/^pc-(.*)$/`), adding GLPI's `s` and `i`.
pub fn php_regex(pattern: &str) -> Result<super::pcre::Pattern, PatternError> {
    super::pcre::Pattern::new(pattern).map_err(|e| PatternError(e.to_string()))
}

/// PHP's `empty()` on a string.
pub fn php_empty(value: &str) -> bool {
    value.is_empty() || value == "0"
}

/// The result of matching one value.
pub struct Match {
    /// Whether it matched.
    pub matched: bool,
    /// Capture groups of a regular expression match (all matches, group by
    /// group, as `preg_match_all` returns them).
    pub captures: Option<Vec<String>>,
}

impl Match {
    fn yes() -> Self {
        Self {
            matched: true,
            captures: None,
        }
    }

    fn no() -> Self {
        Self {
            matched: false,
            captures: None,
        }
    }

    fn of(matched: bool) -> Self {
        Self {
            matched,
            captures: None,
        }
    }
}

/// Matches one input value (`lower` is the value lowercased, computed once
/// per evaluation).
pub fn matches(
    condition: i32,
    compiled: &Compiled,
    value: &str,
    lower: &str,
    now: NaiveDateTime,
    raw_pattern: &str,
) -> Match {
    if matches!(compiled, Compiled::Wildcard) || is_global(condition) {
        return Match::yes();
    }
    match (condition, compiled) {
        (code::EXISTS, _) => Match::of(!php_empty(value)),
        (code::DOES_NOT_EXIST, _) => Match::of(php_empty(value)),
        (code::IS, Compiled::Text(p)) => Match::of(lower == p),
        (code::IS_NOT, Compiled::Text(p)) => Match::of(lower != p),
        (code::END, Compiled::Text(p)) => {
            Match::of(!php_empty(p) && !php_empty(value) && lower.ends_with(p.as_str()))
        }
        (code::BEGIN, Compiled::Text(p)) => {
            Match::of(!php_empty(p) && !php_empty(value) && lower.starts_with(p.as_str()))
        }
        (code::CONTAIN, Compiled::Text(p)) => {
            Match::of(!php_empty(p) && !php_empty(value) && lower.contains(p.as_str()))
        }
        (code::NOT_CONTAIN, Compiled::Text(p)) => {
            Match::of(!php_empty(p) && !lower.contains(p.as_str()))
        }
        (code::REGEX_MATCH, Compiled::Regex(re)) => {
            // Past the backtrack limit PHP's preg_match_all fails: no match.
            let Some(all) = re.captures_all(value).filter(|all| !all.is_empty()) else {
                return Match::no();
            };
            // Group by group, every match of each (preg_match_all's order).
            let mut groups: Vec<Vec<String>> = vec![Vec::new(); re.groups()];
            for one in all {
                for (group, text) in groups.iter_mut().zip(one) {
                    group.push(text);
                }
            }
            Match {
                matched: true,
                captures: Some(groups.into_iter().flatten().collect()),
            }
        }
        // Past the backtrack limit preg_match returns false, not 0: GLPI
        // says no.
        (code::REGEX_NOT_MATCH, Compiled::Regex(re)) => {
            Match::of(re.is_match(value) == Some(false))
        }
        (code::REGEX_MATCH | code::REGEX_NOT_MATCH, _) => Match::no(),
        (code::CIDR | code::NOT_CIDR, Compiled::Cidr(net, mask)) => {
            // No address: neither in nor out (GLPI skips empty values).
            if value.trim().is_empty() {
                return Match::no();
            }
            // Anything but an IPv4 address (an IPv6 one) is outside every
            // IPv4 network.
            let inside = value
                .trim()
                .parse::<Ipv4Addr>()
                .is_ok_and(|ip| u32::from(ip) & mask == *net);
            Match::of(if condition == code::CIDR {
                inside
            } else {
                !inside
            })
        }
        (code::UNDER | code::NOT_UNDER, Compiled::Subtree(ids)) => {
            let inside = value
                .trim()
                .parse::<u32>()
                .is_ok_and(|id| ids.contains(&id));
            Match::of(if condition == code::UNDER {
                inside
            } else {
                !inside
            })
        }
        (code::DATE_BEFORE | code::DATE_AFTER | code::DATE_EQUAL | code::DATE_NOT_EQUAL, _) => {
            date_match(condition, value, raw_pattern.trim(), now)
        }
        _ => Match::no(),
    }
}

/// GLPI's date conditions: the pattern is a date, `NOW`, `TODAY`, or a
/// relative `-2DAY` / `+1WEEK` (MINUTE, HOUR, DAY, WEEK, MONTH, YEAR).
fn date_match(condition: i32, value: &str, pattern: &str, now: NaiveDateTime) -> Match {
    let Some((target, day_precision)) = resolve_date(pattern, now) else {
        return Match::no();
    };
    let value = value.trim();
    let target_text = target.format("%Y-%m-%d %H:%M:%S").to_string();
    let (field, target) = if day_precision {
        (value.get(..10).unwrap_or(value), &target_text[..10])
    } else {
        (value, target_text.as_str())
    };
    Match::of(match condition {
        code::DATE_BEFORE => !value.is_empty() && field < target,
        code::DATE_AFTER => field > target,
        code::DATE_EQUAL => field == target,
        _ => field != target,
    })
}

fn resolve_date(pattern: &str, now: NaiveDateTime) -> Option<(NaiveDateTime, bool)> {
    let upper = pattern.to_uppercase();
    if upper == "NOW" {
        return Some((now, false));
    }
    if upper == "TODAY" {
        return Some((now.date().and_hms_opt(0, 0, 0)?, true));
    }
    if let Some(rest) = upper.strip_prefix('-').or_else(|| upper.strip_prefix('+')) {
        let sign = if upper.starts_with('-') { -1 } else { 1 };
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let amount: i64 = digits.parse().ok()?;
        let unit = &rest[digits.len()..];
        let delta = match unit {
            "MINUTE" => Duration::minutes(amount),
            "HOUR" => Duration::hours(amount),
            "DAY" => Duration::days(amount),
            "WEEK" => Duration::weeks(amount),
            "MONTH" => Duration::days(30 * amount),
            "YEAR" => Duration::days(365 * amount),
            _ => return None,
        };
        let precise = matches!(unit, "MINUTE" | "HOUR");
        return Some((now + delta * sign, !precise));
    }
    NaiveDateTime::parse_from_str(pattern, "%Y-%m-%d %H:%M:%S")
        .ok()
        .map(|d| (d, false))
        .or_else(|| {
            chrono::NaiveDate::parse_from_str(pattern, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(|d| (d, true))
        })
}
