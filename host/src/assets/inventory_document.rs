//! An inventory document written by a person (`parc inventory upsert FILE`,
//! later the REST API): read strictly, where the same messages from plugins
//! are read leniently.
//!
//! Plugins and the host evolve apart, so the plugin messages ignore keys
//! they do not know (forward compatibility). A person's document is
//! different: a misplaced or misspelt key (`{"inventory": {"name": "x"}}`)
//! silently ignored writes a computer that is not what was meant. So the
//! document is read with the same types, but every key the types ignore is
//! collected (`serde_ignored`, which sees exactly what serde skipped, so
//! no mirror of the structs is kept in step by hand) and refused with its
//! path; a value of the wrong type is reported with its path and position
//! (`serde_path_to_error` over serde_json's own error, which carries the
//! line and column).

use parc_plugin_api::messages::inventory::Upsert;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Why a document was refused.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    /// Not JSON (truncated, a lone surrogate, …): serde_json's own error.
    #[error("not valid JSON: {0}")]
    Syntax(serde_json::Error),
    /// Neither an array of upserts, one upsert, nor `{"items": […]}`.
    #[error("expected a JSON array of upserts, one upsert object or {{\"items\": […]}}, found {0}")]
    Shape(&'static str),
    /// A value does not fit its field; the path names it.
    #[error("{0}")]
    Value(String),
    /// Keys the document format does not know.
    #[error("unknown key(s) {}: check their spelling and place (e.g. a computer's name is inventory.general.name)", .0.join(", "))]
    UnknownKeys(Vec<String>),
    /// A value is missing or out of place for a person's document.
    #[error("{0}")]
    Invalid(String),
}

/// Reads a document: a JSON array of upserts, a single upsert object (one
/// computer, as people often write), or the plugin batch form
/// `{"items": […]}`. Nothing is written here; the store checks the ids.
pub fn parse(text: &str) -> Result<Vec<Upsert>, DocumentError> {
    // One syntax pass first: its error is serde_json's, with the position,
    // and the shape decides which type the text is read as.
    let value: Value = serde_json::from_str(text).map_err(DocumentError::Syntax)?;
    let (items, prefix) = match &value {
        Value::Array(_) => (strict::<Vec<Upsert>>(text)?, ""),
        Value::Object(map) if map.contains_key("items") && !map.contains_key("inventory") => {
            (strict::<Batch>(text)?.items, "items")
        }
        Value::Object(_) => (vec![strict::<Upsert>(text)?], ""),
        Value::Null => return Err(DocumentError::Shape("null")),
        Value::Bool(_) => return Err(DocumentError::Shape("a boolean")),
        Value::Number(_) => return Err(DocumentError::Shape("a number")),
        Value::String(_) => return Err(DocumentError::Shape("a string")),
    };
    let single = matches!(value, Value::Object(_)) && prefix.is_empty();
    for (i, item) in items.iter().enumerate() {
        let at = if single {
            String::new()
        } else if prefix.is_empty() {
            format!("[{i}].")
        } else {
            format!("{prefix}[{i}].")
        };
        check_item(item, &at)?;
    }
    Ok(items)
}

/// The batch form a person may write: only `items` (a plugin's `tx` and
/// `staged` have no meaning in a file).
#[derive(serde::Deserialize)]
struct Batch {
    items: Vec<Upsert>,
}

/// Deserializes `text` as `T`, refusing the keys `T` would ignore.
fn strict<T: DeserializeOwned>(text: &str) -> Result<T, DocumentError> {
    let mut unknown = Vec::new();
    let mut json = serde_json::Deserializer::from_str(text);
    let value = {
        let mut record = |path: serde_ignored::Path<'_>| unknown.push(show(&path));
        let ignoring = serde_ignored::Deserializer::new(&mut json, &mut record);
        serde_path_to_error::deserialize(ignoring).map_err(|e| {
            let path = e.path().to_string();
            // Ids are u32 in the types; say it in a person's words.
            let inner = e
                .into_inner()
                .to_string()
                .replace("expected u32", "expected an id (0 to 4294967295)");
            if path == "." {
                DocumentError::Value(inner)
            } else {
                DocumentError::Value(format!("{path}: {inner}"))
            }
        })?
    };
    if unknown.is_empty() {
        Ok(value)
    } else {
        Err(DocumentError::UnknownKeys(unknown))
    }
}

/// A path as `[0].inventory.general.nme`, the way
/// `serde_path_to_error` shows them (serde_ignored's own display puts a
/// `?` for each `Option` level).
fn show(path: &serde_ignored::Path<'_>) -> String {
    use serde_ignored::Path;
    match path {
        Path::Root => String::new(),
        Path::Seq { parent, index } => format!("{}[{index}]", show(parent)),
        Path::Map { parent, key } => {
            let parent = show(parent);
            if parent.is_empty() {
                key.clone()
            } else {
                format!("{parent}.{key}")
            }
        }
        Path::Some { parent }
        | Path::NewtypeStruct { parent }
        | Path::NewtypeVariant { parent } => show(parent),
    }
}

/// What a person's document needs beyond its types: a created computer has
/// a name (GLPI's import rules refuse an unnamed computer, "constraint
/// (name)").
fn check_item(item: &Upsert, at: &str) -> Result<(), DocumentError> {
    if item.computers_id.is_none() {
        let named = item
            .inventory
            .general
            .as_ref()
            .and_then(|g| g.name.as_deref())
            .is_some_and(|n| !n.trim().is_empty());
        if !named {
            return Err(DocumentError::Invalid(format!(
                "{at}inventory.general.name is required to create a computer \
                 (or give {at}computers_id to update one)"
            )));
        }
    }
    if item.computers_id == Some(0) {
        return Err(DocumentError::Invalid(format!(
            "{at}computers_id: 0 is no computer; leave it out to create one"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_object_is_one_item_and_arrays_name_the_index() {
        let items = parse(r#"{"inventory": {"general": {"name": "pc"}}}"#).expect("one");
        assert_eq!(items.len(), 1);
        let err = parse("[{\"inventory\": {\"general\": {\n\"name\": 12}}}]").expect_err("number");
        assert_eq!(
            err.to_string(),
            "[0].inventory.general.name: invalid type: integer `12`, expected a string at line 2 column 10"
        );
    }

    #[test]
    fn unknown_keys_are_named_with_their_path() {
        let err = parse(r#"{"inventory": {"name": "x"}}"#).expect_err("misplaced");
        assert!(
            matches!(&err, DocumentError::UnknownKeys(k) if k == &["inventory.name"]),
            "{err}"
        );
        let err = parse(r#"[{"inventory": {"general": {"name": "x", "nme": 1}}}]"#)
            .expect_err("misspelt");
        assert!(
            err.to_string().contains("[0].inventory.general.nme"),
            "{err}"
        );
    }

    #[test]
    fn syntax_errors_keep_their_position() {
        let err = parse("[{\"inventory\": ").expect_err("truncated");
        assert!(matches!(err, DocumentError::Syntax(_)), "{err}");
        assert!(err.to_string().contains("line 1 column"), "{err}");
        let err = parse(r#"{"inventory": {"general": {"name": "\ud800"}}}"#).expect_err("lone");
        assert!(matches!(err, DocumentError::Syntax(_)), "{err}");
        assert!(err.to_string().contains("line 1 column 43"), "{err}");
    }
}
