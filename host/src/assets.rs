//! The asset store: GLPI's computers and their parts, the entity and
//! location trees, dropdowns, history, field locks and the trash.
//!
//! Every writer goes through this module: the CLI, plugins (through the
//! `assets` host service), later the REST API and the web UI. It owns the
//! rules (dynamic items, locks, history, trash semantics); SQL lives in
//! `crate::store::assets`.

mod components;
pub mod computer;
pub(crate) mod connected;
pub mod dropdown;
pub mod dropdown_admin;
pub mod entity;
pub mod history;
pub mod inventory;
pub mod inventory_document;
pub mod location;
pub mod locks;
pub mod normalize;
mod ports;
pub mod search;
pub mod sections;
pub mod trash;

use crate::store::{Db, StoreError};

pub use dropdown::Caches;

/// Errors of the asset store, worded for the people who caused them.
#[derive(Debug, thiserror::Error)]
pub enum AssetError {
    /// A referenced row does not exist.
    #[error("{what} {id} does not exist")]
    NotFound {
        /// What kind of thing.
        what: &'static str,
        /// Its id.
        id: u32,
    },
    /// The operation needs the item in the trash first.
    #[error(
        "{what} {id} is not in the trash (ERROR_NOT_DELETED): delete it first, or force the purge"
    )]
    NotDeleted {
        /// What kind of thing.
        what: &'static str,
        /// Its id.
        id: u32,
    },
    /// The input is invalid.
    #[error("{0}")]
    Invalid(String),
    /// Database error.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for AssetError {
    fn from(error: sqlx::Error) -> Self {
        Self::Store(error.into())
    }
}

/// The asset store of one database, with its caches.
#[derive(Debug, Clone)]
pub struct AssetStore {
    db: Db,
    caches: Caches,
}

impl AssetStore {
    /// The store of `db`.
    pub fn new(db: Db) -> Self {
        Self {
            db,
            caches: Caches::default(),
        }
    }

    /// The database.
    pub fn db(&self) -> &Db {
        &self.db
    }

    /// The lookup caches.
    pub fn caches(&self) -> &Caches {
        &self.caches
    }
}
