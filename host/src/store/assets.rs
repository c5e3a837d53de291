//! SQL of the asset store (computers, their parts, dropdowns, entities,
//! locations, history, locks, trash). The domain rules live in
//! `crate::assets`; this module only reads and writes rows.

pub mod catalog;
pub mod computers;
pub mod entities;
pub mod history;
pub mod locks;
pub mod search;
pub mod sections;
pub mod trash;
pub mod trees;
