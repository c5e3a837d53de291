//! The plugin's view of the host: typed wrappers over `HostServices::call`.

use std::sync::Arc;

use abi_stable::std_types::{RResult, RStr};
use serde::{Serialize, de::DeserializeOwned};

use crate::abi::{HostBox, LogLevel};
use crate::error::{Error, Result};
use crate::messages::host::{
    self as msg, Evaluate, Evaluated, Executed, HostInfo, Rows, Statement, Tx,
};
use crate::messages::inventory::{
    ComputerAction, ComputerInventory, Software, StageInventories, Staged, StagedRef, Upsert,
    UpsertBatch, UpsertOutcome, computer_action,
};

/// A handle on the host, cheap to clone, usable from any thread the host
/// called the plugin on.
#[derive(Clone)]
pub struct Host {
    inner: Arc<HostBox>,
}

impl Host {
    pub(crate) fn new(inner: HostBox) -> Self {
        Self {
            inner: Arc::new(inner),
        }
    }

    /// Facts about the host (version, database backend, locale).
    pub fn info(&self) -> Result<HostInfo> {
        self.call(msg::HOST, "info", &())
    }

    /// The host database, restricted to the plugin's own tables for writes.
    pub fn db(&self) -> Db {
        Db {
            host: self.clone(),
            tx: None,
        }
    }

    /// Writes computers into the host's asset store, in one transaction:
    /// created when `computers_id` is `None`, else updated as a diff (locks,
    /// history and trash rules applied by the host).
    ///
    /// # Example
    /// ```no_run
    /// # fn demo(host: &parc_plugin_api::Host) -> parc_plugin_api::Result<()> {
    /// use parc_plugin_api::messages::inventory::{ComputerInventory, General, Upsert};
    /// let outcome = host.upsert_computers(vec![Upsert {
    ///     source: "My inventory tool".into(),
    ///     inventory: ComputerInventory {
    ///         general: Some(General { name: Some("pc-001".into()), ..General::default() }),
    ///         ..ComputerInventory::default()
    ///     },
    ///     ..Upsert::default()
    /// }])?;
    /// println!("computer {}", outcome[0].computers_id);
    /// # Ok(()) }
    /// ```
    pub fn upsert_computers(&self, items: Vec<Upsert>) -> Result<Vec<UpsertOutcome>> {
        self.upsert_computers_with_catalog(items, Vec::new())
    }

    /// Writes computers like [`Host::upsert_computers`], whose software
    /// may name their titles and versions by position in
    /// `software_catalog` ([`Software::catalog`]): a batch whose computers
    /// report the same titles sends each title once.
    pub fn upsert_computers_with_catalog(
        &self,
        items: Vec<Upsert>,
        software_catalog: Vec<Software>,
    ) -> Result<Vec<UpsertOutcome>> {
        self.call(
            msg::ASSETS,
            "upsert",
            &UpsertBatch {
                items,
                software_catalog,
                ..UpsertBatch::default()
            },
        )
    }

    /// Hands inventories to the host ahead of their write: the host decodes
    /// them now, on this thread, and [`Db::upsert_staged`] writes them
    /// later without sending them again. A plugin that reads its source on
    /// a second thread stages batch *n + 1* there while batch *n* is
    /// written, so that the host's decoding overlaps with the write.
    /// Dropping the result without writing it frees the host's copy.
    pub fn stage_inventories(
        &self,
        inventories: Vec<ComputerInventory>,
    ) -> Result<StagedInventories> {
        self.stage_inventories_with_catalog(inventories, Vec::new())
    }

    /// Stages inventories like [`Host::stage_inventories`], whose software
    /// name their titles and versions by position in `software_catalog`
    /// ([`Software::catalog`]):
    /// each distinct version sent and resolved once per batch rather than
    /// once per installation.
    pub fn stage_inventories_with_catalog(
        &self,
        inventories: Vec<ComputerInventory>,
        software_catalog: Vec<Software>,
    ) -> Result<StagedInventories> {
        let staged: Staged = self.call(
            msg::ASSETS,
            "stage",
            &StageInventories {
                inventories,
                software_catalog,
            },
        )?;
        Ok(StagedInventories {
            host: self.clone(),
            set: staged,
            written: false,
        })
    }

    /// Encrypts a secret (a password to store in the plugin's tables) with
    /// the installation's key; the token can be decrypted only by this
    /// plugin on this installation.
    pub fn encrypt_secret(&self, plain: &str) -> Result<String> {
        let sealed: msg::Secret = self.call(
            msg::SECRETS,
            "encrypt",
            &msg::Secret {
                text: plain.to_owned(),
            },
        )?;
        Ok(sealed.text)
    }

    /// Decrypts a token made by [`Host::encrypt_secret`]; the error says
    /// when it cannot be (another key, another plugin, altered).
    pub fn decrypt_secret(&self, token: &str) -> Result<String> {
        let plain: msg::Secret = self.call(
            msg::SECRETS,
            "decrypt",
            &msg::Secret {
                text: token.to_owned(),
            },
        )?;
        Ok(plain.text)
    }

    /// Evaluates inputs against a rule collection of the host (for example
    /// `RuleImportEntity`, then `RuleImportAsset`), in one call.
    pub fn evaluate_rules(&self, request: &Evaluate) -> Result<Vec<Evaluated>> {
        self.call(msg::RULES, "evaluate", request)
    }

    /// Creates rules at run time (for example one entity rule per server
    /// the administrator adds), each at the next free ranking of its
    /// collection; a rule whose uuid exists is kept as the administrator
    /// left it. Returns the ids.
    pub fn add_rules(&self, rules: &[crate::messages::RuleSpec]) -> Result<Vec<u32>> {
        self.call(msg::RULES, "add", &rules)
    }

    /// Deletes one of the plugin's rules by uuid; `false` when none.
    pub fn remove_rule(&self, uuid: &str) -> Result<bool> {
        self.call(
            msg::RULES,
            "remove",
            &msg::RuleRef {
                uuid: uuid.to_owned(),
            },
        )
    }

    /// Calls any host service with a typed payload and result.
    ///
    /// Services added in later plugin-api minors are reachable this way
    /// before the SDK grows a typed wrapper; an older host answers
    /// [`crate::ErrorKind::UNSUPPORTED`].
    pub fn call<P: Serialize, R: DeserializeOwned>(
        &self,
        service: &str,
        method: &str,
        payload: &P,
    ) -> Result<R> {
        let payload = serde_json::to_string(payload)
            .map_err(|e| Error::invalid_input(format!("cannot encode {service}.{method}: {e}")))?;
        match self
            .inner
            .call(service.into(), method.into(), RStr::from_str(&payload))
        {
            RResult::ROk(reply) => serde_json::from_str(&reply).map_err(|e| {
                Error::invalid_input(format!("cannot decode {service}.{method} reply: {e}"))
            }),
            RResult::RErr(error) => Err(error.into()),
        }
    }

    pub(crate) fn log(&self, level: LogLevel, target: &str, message: &str) {
        self.inner.log(level, target.into(), message.into());
    }
}

/// Inventories the host holds decoded, waiting for [`Db::upsert_staged`].
pub struct StagedInventories {
    host: Host,
    set: Staged,
    /// Handed to an upsert, which consumes the set in the host.
    written: bool,
}

impl StagedInventories {
    /// How many inventories the set holds.
    pub fn len(&self) -> usize {
        self.set.count as usize
    }

    /// Whether the set holds no inventory.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Drop for StagedInventories {
    fn drop(&mut self) {
        if !self.written {
            // Not written: the host frees its copy. A failure here has no
            // one to report to; the host also frees every set when the
            // plugin's calls return.
            let _: Result<()> = self.host.call(msg::ASSETS, "unstage", &self.set);
        }
    }
}

/// Access to the host database through the host (plugins never hold a pool).
///
/// Statements use `?` placeholders on both backends. Writes are limited to the
/// plugin's own `glpi_plugin_<key>_*` tables.
///
/// Cells come back as the same JSON on SQLite and MariaDB: integers (flags,
/// years and counts included), numbers for decimals and sums, text for
/// strings, dates (`YYYY-MM-DD[ HH:MM:SS]`) and times, `null` for NULL.
///
/// # Example
/// ```no_run
/// # fn demo(host: &parc_plugin_api::Host) -> parc_plugin_api::Result<()> {
/// let db = host.db();
/// db.execute("INSERT INTO glpi_plugin_example_greetings (name) VALUES (?)", &["world".into()])?;
/// let rows = db.query("SELECT COUNT(*) FROM glpi_plugin_example_greetings", &[])?;
/// println!("{} greetings", rows.rows[0][0]);
/// # Ok(()) }
/// ```
pub struct Db {
    host: Host,
    tx: Option<u64>,
}

impl Db {
    /// Runs a statement that returns rows.
    pub fn query(&self, sql: &str, params: &[serde_json::Value]) -> Result<Rows> {
        self.host
            .call(msg::DB, "query", &self.statement(sql, params))
    }

    /// Runs a statement that returns no rows.
    pub fn execute(&self, sql: &str, params: &[serde_json::Value]) -> Result<Executed> {
        self.host
            .call(msg::DB, "execute", &self.statement(sql, params))
    }

    /// Starts a transaction; dropping it without [`Db::commit`] rolls it back.
    ///
    /// A statement or upsert that fails inside the transaction aborts it,
    /// as in PostgreSQL: later calls on it fail and [`Db::commit`] rolls it
    /// back and returns an error. Roll back and retry in a new one.
    pub fn begin(&self) -> Result<Db> {
        if self.tx.is_some() {
            return Err(Error::invalid_input("a transaction is already open"));
        }
        let tx: Tx = self.host.call(msg::DB, "begin", &())?;
        Ok(Db {
            host: self.host.clone(),
            tx: Some(tx.tx),
        })
    }

    /// Commits the transaction started by [`Db::begin`].
    pub fn commit(mut self) -> Result<()> {
        match self.tx.take() {
            Some(tx) => self.host.call(msg::DB, "commit", &Tx { tx }),
            None => Err(Error::invalid_input("no transaction to commit")),
        }
    }

    /// Writes computers like [`Host::upsert_computers`]; inside this
    /// transaction when the handle is one, so that the plugin's own rows
    /// and the computers commit (or roll back) together.
    pub fn upsert_computers(&self, items: Vec<Upsert>) -> Result<Vec<UpsertOutcome>> {
        self.upsert(items, None, Vec::new())
    }

    /// Writes computers like [`Db::upsert_computers`], whose software may
    /// name their titles and versions by position in `software_catalog`
    /// ([`Software::catalog`], as [`Host::upsert_computers_with_catalog`]).
    pub fn upsert_computers_with_catalog(
        &self,
        items: Vec<Upsert>,
        software_catalog: Vec<Software>,
    ) -> Result<Vec<UpsertOutcome>> {
        self.upsert(items, None, software_catalog)
    }

    /// Writes computers like [`Db::upsert_computers`], with the
    /// inventories of a staged set ([`Host::stage_inventories`]):
    /// `positions[j]` is the position in the set of the inventory of
    /// `items[j]` (whose own `inventory` is ignored). The set is consumed,
    /// whether the write succeeds or not.
    pub fn upsert_staged(
        &self,
        mut staged: StagedInventories,
        items: Vec<Upsert>,
        positions: Vec<u32>,
    ) -> Result<Vec<UpsertOutcome>> {
        if positions.len() != items.len() {
            return Err(Error::invalid_input(format!(
                "{} items but {} staged positions",
                items.len(),
                positions.len()
            )));
        }
        // The host consumes the set: nothing left to drop.
        staged.written = true;
        let reference = StagedRef {
            staged: staged.set.staged,
            positions,
        };
        self.upsert(items, Some(reference), Vec::new())
    }

    fn upsert(
        &self,
        items: Vec<Upsert>,
        staged: Option<StagedRef>,
        software_catalog: Vec<Software>,
    ) -> Result<Vec<UpsertOutcome>> {
        self.host.call(
            msg::ASSETS,
            "upsert",
            &UpsertBatch {
                items,
                tx: self.tx,
                staged,
                software_catalog,
            },
        )
    }

    /// Moves computers to the trash, with their history rows written by
    /// `source`; returns those that were not already there.
    pub fn trash_computers(&self, ids: &[u32], source: &str) -> Result<Vec<u32>> {
        self.computer_action(computer_action::TRASH, ids, None, source)
    }

    /// Takes computers out of the trash; returns those that were in it.
    pub fn restore_computers(&self, ids: &[u32], source: &str) -> Result<Vec<u32>> {
        self.computer_action(computer_action::RESTORE, ids, None, source)
    }

    /// Sets the status (`glpi_states` id) of computers; returns those whose
    /// status changed.
    pub fn set_computers_state(
        &self,
        ids: &[u32],
        states_id: u32,
        source: &str,
    ) -> Result<Vec<u32>> {
        self.computer_action(computer_action::SET_STATE, ids, Some(states_id), source)
    }

    /// Marks computers as kept up to date by `source` (`is_dynamic`), with
    /// `note` in their history (GLPI's plugins do so when they link an
    /// existing computer to their inventory); returns them.
    pub fn mark_computers_dynamic(
        &self,
        ids: &[u32],
        note: &str,
        source: &str,
    ) -> Result<Vec<u32>> {
        self.host.call(
            msg::ASSETS,
            "action",
            &ComputerAction {
                action: computer_action::MARK_DYNAMIC.to_owned(),
                computers: ids.to_vec(),
                states_id: None,
                note: Some(note.to_owned()),
                source: source.to_owned(),
                tx: self.tx,
            },
        )
    }

    fn computer_action(
        &self,
        action: &str,
        ids: &[u32],
        states_id: Option<u32>,
        source: &str,
    ) -> Result<Vec<u32>> {
        self.host.call(
            msg::ASSETS,
            "action",
            &ComputerAction {
                action: action.to_owned(),
                computers: ids.to_vec(),
                states_id,
                note: None,
                source: source.to_owned(),
                tx: self.tx,
            },
        )
    }

    fn statement(&self, sql: &str, params: &[serde_json::Value]) -> Statement {
        Statement {
            sql: sql.to_owned(),
            params: params.to_vec(),
            tx: self.tx,
        }
    }
}

impl Drop for Db {
    fn drop(&mut self) {
        if let Some(tx) = self.tx.take() {
            // Nothing useful to do with an error while dropping: the host
            // rolls the transaction back anyway when the plugin call ends.
            let _: Result<()> = self.host.call(msg::DB, "rollback", &Tx { tx });
        }
    }
}
