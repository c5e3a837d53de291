//! SQLite's own check on plugin SQL, below the parser of
//! `plugins::sql_guard`: while a plugin's statement is prepared, an
//! authorizer callback (`sqlite3_set_authorizer`) denies every write to a
//! table that is not the plugin's (`glpi_plugin_<key>_*`), ATTACH/DETACH,
//! PRAGMA with a value, triggers, views, virtual tables, transaction
//! control and `load_extension`. Should the parser read a statement
//! differently than SQLite does, SQLite still refuses it ("not
//! authorized").
//!
//! SQLite consults the authorizer when it compiles a statement; the
//! callback is installed for one plugin statement on the connection that
//! runs it and removed afterwards, so core code on the same pooled
//! connection is not affected. It cannot see the new name of
//! `ALTER TABLE … RENAME TO`: that one is the parser's alone.
//!
//! This is the one module of parc with `unsafe` code: the C API of the
//! SQLite library sqlx links.
#![allow(unsafe_code)]

use std::collections::HashMap;
use std::ffi::{CStr, c_char, c_int, c_void};
use std::sync::{Mutex, OnceLock};

use libsqlite3_sys as ffi;
use sqlx::SqliteConnection;

/// What the callback knows of the plugin: the prefix of its tables, in
/// lower case. One per plugin key, kept for the life of the process, so
/// that the pointer handed to SQLite can never dangle, even on a
/// connection whose authorizer was not removed.
struct Restriction {
    prefix: String,
}

fn restriction(key: &str) -> &'static Restriction {
    static KNOWN: OnceLock<Mutex<HashMap<String, &'static Restriction>>> = OnceLock::new();
    let mut known = KNOWN
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    known.entry(key.to_owned()).or_insert_with(|| {
        Box::leak(Box::new(Restriction {
            prefix: crate::plugins::sql_guard::table_prefix(key).to_ascii_lowercase(),
        }))
    })
}

/// Installs the authorizer of plugin `key` on `conn`.
pub async fn restrict(conn: &mut SqliteConnection, key: &str) -> Result<(), sqlx::Error> {
    let restriction: *const Restriction = restriction(key);
    let mut handle = conn.lock_handle().await?;
    // SAFETY: the handle is locked (the worker thread makes no call on it
    // meanwhile); the callback never unwinds; the user data points to a
    // leaked `Restriction` that lives as long as the process.
    unsafe {
        ffi::sqlite3_set_authorizer(
            handle.as_raw_handle().as_ptr(),
            Some(authorize),
            restriction.cast_mut().cast::<c_void>(),
        );
    }
    Ok(())
}

/// Removes the authorizer from `conn`.
pub async fn release(conn: &mut SqliteConnection) -> Result<(), sqlx::Error> {
    let mut handle = conn.lock_handle().await?;
    // SAFETY: the handle is locked; a null callback removes the authorizer.
    unsafe {
        ffi::sqlite3_set_authorizer(handle.as_raw_handle().as_ptr(), None, std::ptr::null_mut());
    }
    Ok(())
}

/// Tables SQLite itself writes while it runs a plugin's DDL (the schema,
/// AUTOINCREMENT counters, statistics). Plugin statements naming them are
/// refused by the parser already.
fn internal(table: &str) -> bool {
    table.to_ascii_lowercase().starts_with("sqlite_")
}

/// The callback: `SQLITE_OK` or `SQLITE_DENY` for one action.
unsafe extern "C" fn authorize(
    data: *mut c_void,
    action: c_int,
    first: *const c_char,
    second: *const c_char,
    _database: *const c_char,
    _trigger: *const c_char,
) -> c_int {
    // SAFETY: `data` is the `Restriction` installed by `restrict`, alive
    // for the whole process; SQLite passes null or NUL-terminated strings
    // valid during the call.
    let (restriction, first, second) = unsafe {
        let text = |p: *const c_char| (!p.is_null()).then(|| CStr::from_ptr(p).to_string_lossy());
        (&*data.cast::<Restriction>(), text(first), text(second))
    };
    let owned = |name: &Option<std::borrow::Cow<'_, str>>| {
        name.as_deref()
            .is_some_and(|n| n.to_ascii_lowercase().starts_with(&restriction.prefix))
    };
    let writable = |name: &Option<std::borrow::Cow<'_, str>>| {
        owned(name) || name.as_deref().is_some_and(internal)
    };
    let allowed = match action {
        ffi::SQLITE_READ | ffi::SQLITE_SELECT | ffi::SQLITE_RECURSIVE => true,
        ffi::SQLITE_FUNCTION => !second
            .as_deref()
            .is_some_and(|f| f.eq_ignore_ascii_case("load_extension")),
        ffi::SQLITE_INSERT | ffi::SQLITE_UPDATE | ffi::SQLITE_DELETE => writable(&first),
        ffi::SQLITE_CREATE_TABLE
        | ffi::SQLITE_CREATE_TEMP_TABLE
        | ffi::SQLITE_DROP_TABLE
        | ffi::SQLITE_DROP_TEMP_TABLE
        | ffi::SQLITE_ANALYZE
        | ffi::SQLITE_REINDEX => owned(&first),
        ffi::SQLITE_CREATE_INDEX
        | ffi::SQLITE_CREATE_TEMP_INDEX
        | ffi::SQLITE_DROP_INDEX
        | ffi::SQLITE_DROP_TEMP_INDEX => owned(&first) && owned(&second),
        ffi::SQLITE_ALTER_TABLE => owned(&second),
        // Reading a pragma is harmless; setting one is not.
        ffi::SQLITE_PRAGMA => second.is_none(),
        _ => false,
    };
    if allowed {
        ffi::SQLITE_OK
    } else {
        ffi::SQLITE_DENY
    }
}
