//! The safe SDK: what plugin authors use instead of the raw ABI.

pub(crate) mod export;
pub(crate) mod external;
pub(crate) mod host;
pub(crate) mod logging;
pub(crate) mod plugin;
pub(crate) mod table;
