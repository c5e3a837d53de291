//! How text from an inventory source is cleaned before it is stored: the
//! documented normalisation of bad input.
//!
//! * surrounding white space is trimmed; control characters are dropped;
//! * an empty string is "absent" (NULL, or 0 for a dropdown);
//! * strings longer than the GLPI column (255 characters for names,
//!   serials…, 65,535 bytes for comments) are cut at a character boundary;
//! * dates that are not `YYYY-MM-DD[ HH:MM:SS]` are absent;
//! * names are compared case-insensitively (GLPI's collation): [`key`].

use chrono::{NaiveDate, NaiveDateTime};

/// Characters kept in a `varchar(255)` column.
pub const VARCHAR: usize = 255;
/// Bytes kept in a `text` column.
pub const TEXT_BYTES: usize = 65_535;

/// A cleaned single-line value, `None` when empty.
pub fn line(value: Option<&str>) -> Option<String> {
    clean(value?, VARCHAR, false)
}

/// A cleaned multi-line value (comments), `None` when empty.
pub fn text(value: Option<&str>) -> Option<String> {
    let cleaned = clean(value?, usize::MAX, true)?;
    Some(cut_bytes(cleaned, TEXT_BYTES))
}

fn clean(value: &str, max_chars: usize, multiline: bool) -> Option<String> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return None;
    }
    // Printable ASCII within the limit, as nearly every inventory value
    // is: nothing to drop or cut (one character per byte).
    if trimmed.len() <= max_chars && trimmed.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return Some(trimmed.to_owned());
    }
    let mut out = String::with_capacity(trimmed.len().min(1024));
    for (count, c) in trimmed
        .chars()
        .filter(|c| !c.is_control() || (multiline && (*c == '\n' || *c == '\t')))
        .enumerate()
    {
        if count == max_chars {
            break;
        }
        out.push(c);
    }
    let out = out.trim_end().to_owned();
    (!out.is_empty()).then_some(out)
}

fn cut_bytes(mut value: String, max: usize) -> String {
    if value.len() > max {
        let mut end = max;
        while !value.is_char_boundary(end) {
            end -= 1;
        }
        value.truncate(end);
    }
    value
}

/// The comparison key of a name: lowercase (Unicode), as GLPI's
/// case-insensitive collation compares.
pub fn key(value: &str) -> String {
    value.to_lowercase()
}

/// The comparison key of an optional name (empty when absent).
pub fn key_opt(value: Option<&str>) -> String {
    value.map(key).unwrap_or_default()
}

/// A date and time `YYYY-MM-DD HH:MM:SS` (or a date alone, at midnight).
pub fn datetime(value: Option<&str>) -> Option<NaiveDateTime> {
    let value = value?.trim();
    if let Some(exact) = canonical_datetime(value) {
        return Some(exact);
    }
    NaiveDateTime::parse_from_str(value, "%Y-%m-%d %H:%M:%S")
        .ok()
        .or_else(|| date(Some(value)).and_then(|d| d.and_hms_opt(0, 0, 0)))
}

/// A date `YYYY-MM-DD` (the date part of a datetime is accepted).
pub fn date(value: Option<&str>) -> Option<NaiveDate> {
    let value = value?.trim();
    let day = value.get(..10).unwrap_or(value);
    canonical_date(day).or_else(|| NaiveDate::parse_from_str(day, "%Y-%m-%d").ok())
}

/// [`date`] as text, `YYYY-MM-DD`. A date already written so is copied
/// rather than formatted again (chrono's formatter writes a character at a
/// time; an import writes one date per software installation).
pub fn date_text(value: Option<&str>) -> Option<String> {
    let value = value?.trim();
    let day = value.get(..10).unwrap_or(value);
    match canonical_date(day) {
        Some(_) => Some(day.to_owned()),
        None => date(Some(day)).map(|d| d.to_string()),
    }
}

/// Fixed-width digits, as every agent and database writes them: read
/// without chrono's format interpreter (an import reads one date per
/// software installation). Anything else goes through the general parser.
fn digits(text: &[u8]) -> Option<u32> {
    text.iter().try_fold(0u32, |n, b| {
        b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
    })
}

/// `YYYY-MM-DD`, exactly.
fn canonical_date(day: &str) -> Option<NaiveDate> {
    let b = day.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    NaiveDate::from_ymd_opt(
        i32::try_from(digits(&b[..4])?).ok()?,
        digits(&b[5..7])?,
        digits(&b[8..10])?,
    )
}

/// `YYYY-MM-DD HH:MM:SS`, exactly.
fn canonical_datetime(value: &str) -> Option<NaiveDateTime> {
    let b = value.as_bytes();
    if b.len() != 19 || b[10] != b' ' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    canonical_date(&value[..10])?.and_hms_opt(
        digits(&b[11..13])?,
        digits(&b[14..16])?,
        digits(&b[17..19])?,
    )
}

/// A non-negative integer that fits GLPI's `int` columns.
pub fn int(value: Option<i64>) -> Option<i64> {
    value.map(|v| v.clamp(0, i64::from(i32::MAX)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_is_absent_and_text_is_trimmed() {
        assert_eq!(line(Some("  ")), None);
        assert_eq!(line(None), None);
        assert_eq!(line(Some(" Dell Inc.\t")), Some("Dell Inc.".to_owned()));
        assert_eq!(line(Some("a\u{0}b\nc")), Some("abc".to_owned()));
        // DEL and the C1 controls are control characters too.
        assert_eq!(line(Some("a\u{7f}b\u{85}c")), Some("abc".to_owned()));
        assert_eq!(line(Some("Dell\u{1b} ")), Some("Dell".to_owned()));
        assert_eq!(
            text(Some("line 1\nline 2")),
            Some("line 1\nline 2".to_owned())
        );
    }

    #[test]
    fn long_values_are_cut_at_a_character_boundary() {
        let long = "é".repeat(10_000);
        let cut = line(Some(&long)).unwrap();
        assert_eq!(cut.chars().count(), VARCHAR);
        assert_eq!(line(Some(&"a".repeat(300))), Some("a".repeat(VARCHAR)));
        let comment = text(Some(&"€".repeat(40_000))).unwrap();
        assert!(comment.len() <= TEXT_BYTES);
        assert!(comment.chars().all(|c| c == '€'));
    }

    #[test]
    fn dates() {
        assert!(datetime(Some("2026-11-28 10:00:00")).is_some());
        assert_eq!(
            datetime(Some("2026-11-28")).unwrap().to_string(),
            "2026-11-28 00:00:00"
        );
        assert_eq!(datetime(Some("28/11/2026")), None);
        assert_eq!(
            date(Some("2026-11-28 10:00:00")).unwrap().to_string(),
            "2026-11-28"
        );
        assert_eq!(date(Some("0000-00-00")), None);
    }

    #[test]
    fn the_fixed_width_reader_agrees_with_chrono() {
        for text in [
            "2026-11-28",
            "2024-02-29",
            "2026-02-29",
            "2026-13-01",
            "0000-00-00",
            "1999-12-31",
            "2026-1-05",
            "2026-11-2x",
            "+2026-11-28",
        ] {
            let day = text.get(..10).unwrap_or(text);
            let chrono = NaiveDate::parse_from_str(day, "%Y-%m-%d").ok();
            assert_eq!(date(Some(text)), chrono, "{text}");
            assert_eq!(
                date_text(Some(text)),
                chrono.map(|d| d.to_string()),
                "{text}"
            );
        }
        for text in [
            "2026-11-28 23:59:59",
            "2026-11-28 24:00:00",
            "2026-11-28 10:60:00",
            "2026-11-28T10:00:00",
            "2026-11-28 1:00:00",
        ] {
            let chrono = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S")
                .ok()
                .or_else(|| date(Some(text)).and_then(|d| d.and_hms_opt(0, 0, 0)));
            assert_eq!(datetime(Some(text)), chrono, "{text}");
        }
    }

    #[test]
    fn keys_fold_case() {
        assert_eq!(key("ÉCRAN Dell"), key("écran dell"));
    }
}
