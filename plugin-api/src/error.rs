//! The one error type plugin authors handle.
//!
//! Small on purpose (a kind and a message, like `LabeledError` in nushell or
//! `Result<T, String>` in Zed's extensions): rich error enums of the host or of
//! sqlx never cross the boundary, the host converts at its edge.

use std::fmt;

use abi_stable::std_types::RString;

use crate::abi::{ErrorKind, PluginError};

/// An error returned by a plugin or by a host service.
///
/// Any `std::error::Error` converts into it with `?`.
///
/// # Example
/// ```
/// use parc_plugin_api::Error;
///
/// fn parse(text: &str) -> Result<u32, Error> {
///     let n: u32 = text.parse()?; // ParseIntError converts
///     if n == 0 {
///         return Err(Error::invalid_input("the batch size must be at least 1"));
///     }
///     Ok(n)
/// }
/// assert_eq!(parse("0").unwrap_err().message(), "the batch size must be at least 1");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    message: String,
}

impl Error {
    /// A generic error with a message.
    pub fn new(message: impl Into<String>) -> Self {
        Self::with_kind(ErrorKind::OTHER, message)
    }

    /// An error of a given kind.
    pub fn with_kind(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    /// The input (payload, argument, parameter) is invalid.
    pub fn invalid_input(message: impl Into<String>) -> Self {
        Self::with_kind(ErrorKind::INVALID_INPUT, message)
    }

    /// A prerequisite is not met (used by `check_prerequisites`).
    pub fn prerequisite(message: impl Into<String>) -> Self {
        Self::with_kind(ErrorKind::PREREQUISITE, message)
    }

    /// The configuration is incomplete (used by `check_config`).
    pub fn config(message: impl Into<String>) -> Self {
        Self::with_kind(ErrorKind::CONFIG, message)
    }

    /// The requested operation is not supported.
    pub fn unsupported(message: impl Into<String>) -> Self {
        Self::with_kind(ErrorKind::UNSUPPORTED, message)
    }

    /// The operation was cancelled by the host.
    pub fn cancelled() -> Self {
        Self::with_kind(ErrorKind::CANCELLED, "cancelled")
    }

    /// The kind of this error.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The message of this error.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Prefixes the message with some context, like `anyhow::Context`.
    pub fn context(mut self, context: impl fmt::Display) -> Self {
        self.message = format!("{context}: {}", self.message);
        self
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} error: {}", self.kind.name(), self.message)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl<E: std::error::Error> From<E> for Error {
    fn from(error: E) -> Self {
        Self::new(error.to_string())
    }
}

impl From<Error> for PluginError {
    fn from(error: Error) -> Self {
        PluginError {
            kind: error.kind,
            message: RString::from(error.message),
            details: RString::new(),
        }
    }
}

impl From<PluginError> for Error {
    fn from(error: PluginError) -> Self {
        Self {
            kind: error.kind,
            message: error.message.into_string(),
        }
    }
}

impl fmt::Display for PluginError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Shorthand for results of plugin code.
pub type Result<T, E = Error> = std::result::Result<T, E>;
