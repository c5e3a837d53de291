//! The guard rail on SQL a plugin sends through the host: one statement,
//! of a known kind, writing only to the plugin's own `glpi_plugin_<key>_*`
//! tables. Reads of any table are allowed.
//!
//! This is not a security boundary (a plugin is native code in the host
//! process); it keeps honest plugins from corrupting the core tables, which
//! they must change through host services (the asset store, the rules
//! engine) so that history, locks and trash rules apply.

/// Why a statement is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Refused(pub String);

/// The prefix of the tables a plugin owns.
pub fn table_prefix(key: &str) -> String {
    format!("glpi_plugin_{key}_")
}

/// Checks one statement of plugin `key`.
pub fn check(key: &str, sql: &str) -> Result<(), Refused> {
    let words = tokenize(sql)?;
    let prefix = table_prefix(key);
    let Some(first) = words.first() else {
        return Err(Refused("empty statement".to_owned()));
    };
    let upper: Vec<String> = words.iter().map(|w| w.to_ascii_uppercase()).collect();
    let owned = |name: &str| -> Result<(), Refused> {
        let bare = name.trim_matches(|c| c == '`' || c == '"' || c == '[' || c == ']');
        let bare = bare.rsplit('.').next().unwrap_or(bare);
        if bare.to_ascii_lowercase().starts_with(&prefix) {
            Ok(())
        } else {
            Err(Refused(format!(
                "plugin {key} may only write to its own tables ({prefix}*), not {bare}"
            )))
        }
    };
    // The word following `keyword`, skipping optional modifiers.
    let after = |keyword: &str, skip: &[&str]| -> Option<&str> {
        let at = upper.iter().position(|w| w == keyword)?;
        words[at + 1..]
            .iter()
            .zip(&upper[at + 1..])
            .find(|(_, u)| !skip.contains(&u.as_str()))
            .map(|(w, _)| w.as_str())
    };
    let missing = || Refused(format!("cannot find the table written by: {sql}"));
    match first.to_ascii_uppercase().as_str() {
        "SELECT" => {
            if upper.iter().any(|w| w == "INTO") {
                return Err(Refused("SELECT … INTO is not allowed".to_owned()));
            }
            Ok(())
        }
        "WITH" => {
            if upper
                .iter()
                .any(|w| matches!(w.as_str(), "INSERT" | "UPDATE" | "DELETE" | "REPLACE"))
            {
                return Err(Refused(
                    "write statements inside WITH are not allowed".to_owned(),
                ));
            }
            Ok(())
        }
        "INSERT" | "REPLACE" => owned(after("INTO", &[]).ok_or_else(missing)?),
        "UPDATE" => owned(
            words
                .iter()
                .zip(&upper)
                .skip(1)
                .find(|(_, u)| {
                    !matches!(
                        u.as_str(),
                        "LOW_PRIORITY" | "IGNORE" | "OR" | "ROLLBACK" | "ABORT" | "FAIL"
                    )
                })
                .map(|(w, _)| w.as_str())
                .ok_or_else(missing)?,
        ),
        "DELETE" => owned(after("FROM", &[]).ok_or_else(missing)?),
        "CREATE" | "DROP" | "ALTER" | "TRUNCATE" => {
            let object = upper
                .iter()
                .skip(1)
                .find(|w| !matches!(w.as_str(), "UNIQUE" | "TEMPORARY" | "TEMP"))
                .ok_or_else(missing)?;
            match object.as_str() {
                "TABLE" => {
                    owned(after("TABLE", &["IF", "NOT", "EXISTS"]).ok_or_else(missing)?)?;
                    if first.eq_ignore_ascii_case("DROP") {
                        // DROP TABLE a, b: every listed table must be owned.
                        let at = upper.iter().position(|w| w == "TABLE").unwrap_or(0);
                        for name in words[at + 1..].iter().filter(|w| {
                            !matches!(
                                w.to_ascii_uppercase().as_str(),
                                "IF" | "EXISTS" | "," | "CASCADE" | "RESTRICT"
                            )
                        }) {
                            owned(name)?;
                        }
                    }
                    Ok(())
                }
                "INDEX" => {
                    owned(after("INDEX", &["IF", "NOT", "EXISTS"]).ok_or_else(missing)?)?;
                    match after("ON", &[]) {
                        Some(table) => owned(table),
                        None => Ok(()),
                    }
                }
                _ if first.eq_ignore_ascii_case("TRUNCATE") => {
                    owned(after("TRUNCATE", &["TABLE"]).ok_or_else(missing)?)
                }
                other => Err(Refused(format!(
                    "{} {other} is not allowed for plugins",
                    first.to_ascii_uppercase()
                ))),
            }
        }
        other => Err(Refused(format!(
            "{other} statements are not allowed for plugins (only SELECT, INSERT, UPDATE, DELETE and DDL on their own tables)"
        ))),
    }
}

/// Splits SQL into words and punctuation, dropping string literals and
/// comments; refuses several statements in one string.
fn tokenize(sql: &str) -> Result<Vec<String>, Refused> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut chars = sql.chars().peekable();
    let flush = |current: &mut String, words: &mut Vec<String>| {
        if !current.is_empty() {
            words.push(std::mem::take(current));
        }
    };
    let mut ended = false;
    while let Some(c) = chars.next() {
        if ended && !c.is_whitespace() {
            return Err(Refused("one statement at a time".to_owned()));
        }
        match c {
            '\'' => {
                flush(&mut current, &mut words);
                let mut closed = false;
                while let Some(d) = chars.next() {
                    if d == '\\' {
                        chars.next();
                    } else if d == '\'' {
                        if chars.peek() == Some(&'\'') {
                            chars.next();
                        } else {
                            closed = true;
                            break;
                        }
                    }
                }
                if !closed {
                    return Err(Refused("unterminated string literal".to_owned()));
                }
                words.push("'…'".to_owned());
            }
            '-' if chars.peek() == Some(&'-') => {
                flush(&mut current, &mut words);
                for d in chars.by_ref() {
                    if d == '\n' {
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                flush(&mut current, &mut words);
                chars.next();
                let mut prev = ' ';
                for d in chars.by_ref() {
                    if prev == '*' && d == '/' {
                        break;
                    }
                    prev = d;
                }
            }
            ';' => {
                flush(&mut current, &mut words);
                ended = true;
            }
            c if c.is_whitespace() => flush(&mut current, &mut words),
            '(' | ')' | ',' | '=' => {
                flush(&mut current, &mut words);
                words.push(c.to_string());
            }
            c => current.push(c),
        }
    }
    flush(&mut current, &mut words);
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn own_tables_may_be_written() {
        for sql in [
            "CREATE TABLE IF NOT EXISTS glpi_plugin_example_greetings (id INTEGER)",
            "INSERT INTO glpi_plugin_example_greetings (name) VALUES (?)",
            "UPDATE `glpi_plugin_example_greetings` SET name = 'a;b' WHERE id = 1",
            "DELETE FROM glpi_plugin_example_greetings WHERE id IN (SELECT id FROM glpi_computers)",
            "CREATE INDEX glpi_plugin_example_i ON glpi_plugin_example_greetings (name)",
            "DROP TABLE glpi_plugin_example_a, glpi_plugin_example_b",
            "SELECT * FROM glpi_computers; ",
        ] {
            check("example", sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
        }
    }

    #[test]
    fn other_tables_and_tricks_are_refused() {
        for sql in [
            "DELETE FROM glpi_computers",
            "UPDATE glpi_plugins SET state = 1",
            "INSERT INTO glpi_plugin_other_x VALUES (1)",
            "DROP TABLE glpi_plugin_example_a, glpi_rules",
            "SELECT 1; DROP TABLE glpi_rules",
            "ATTACH DATABASE 'x' AS y",
            "PRAGMA foreign_keys = OFF",
            "WITH x AS (SELECT 1) DELETE FROM glpi_rules",
            "CREATE INDEX glpi_plugin_example_i ON glpi_rules (name)",
        ] {
            assert!(check("example", sql).is_err(), "accepted: {sql}");
        }
    }
}
