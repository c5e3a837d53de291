//! What the host offers each plugin (`HostServices`): logging and the
//! `call(service, method, payload)` dispatch.
//!
//! Runs on the blocking thread the plugin was called on, so async host work
//! uses `Handle::block_on`. Everything is wrapped in `catch_unwind`: a panic
//! here would cross the FFI boundary and end the process.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use abi_stable::std_types::{RResult, RStr, RString};
use parc_plugin_api::abi::{ErrorKind, HostServices, LogLevel, PluginError};
use parc_plugin_api::messages::host::{self as msg, HostInfo, Statement, Tx as TxHandle};
use parc_plugin_api::messages::inventory::{
    ComputerAction, ComputerInventory, Software, StageInventories, Staged, StagedRef, UpsertBatch,
    computer_action,
};
use serde::{Serialize, de::DeserializeOwned};

use super::runtime::current_invocation;
use super::{locked, sql_guard};
use crate::assets::{AssetError, AssetStore, trash};
use crate::config::Config;
use crate::store::{Db, Tx, plugin_sql};

/// The state behind one plugin's host services.
pub struct PluginServices {
    key: String,
    db: Db,
    assets: AssetStore,
    handle: tokio::runtime::Handle,
    locale: String,
    data_dir: std::path::PathBuf,
    transactions: Mutex<HashMap<u64, Tx>>,
    /// Open transactions in which a write failed, with the error: a
    /// failed statement may have left part of its rows (SQLite bulk
    /// inserts run `OR FAIL`), so such a transaction can only be rolled
    /// back, as in PostgreSQL.
    aborted: Mutex<HashMap<u64, String>>,
    /// Dropdown rows created by upserts inside an open plugin transaction,
    /// published to the shared caches when it commits.
    pending_resolvers: Mutex<HashMap<u64, Vec<crate::assets::dropdown::Resolver>>>,
    next_tx: AtomicU64,
    /// Inventories decoded ahead of their upsert (`assets`/`stage`), by set.
    staged: Mutex<HashMap<u64, StagedSet>>,
    next_stage: AtomicU64,
    /// Plugin calls under way (a task and a command may overlap): what a
    /// call left open is cleaned up when the last one returns.
    active_calls: Mutex<usize>,
    host_data_dir: std::path::PathBuf,
    /// Rule collections loaded by `rules`/`evaluate`, read once per plugin
    /// call (GLPI reads the rules once per run too): an import evaluating
    /// batch after batch does not read and compile them for each.
    rule_collections: Mutex<HashMap<String, Arc<crate::rules::engine::Collection>>>,
    secrets: std::sync::OnceLock<crate::secrets::SecretBox>,
    external: super::extdb::ExternalDbs,
    /// What the plugin's SQL may do, verdicts remembered by SQL text.
    sql_guard: sql_guard::Guard,
}

/// A call into a plugin under way ([`PluginServices::begin_call`]).
pub(crate) struct ActiveCall(Arc<PluginServices>);

impl Drop for ActiveCall {
    fn drop(&mut self) {
        self.0.call_ended();
    }
}

/// The handle passed through the ABI.
pub struct ServicesRef(pub Arc<PluginServices>);

type CallResult = Result<String, PluginError>;

/// Inventories decoded ahead of their upsert, with the software catalog
/// they refer to.
struct StagedSet {
    /// By position; taken by the upsert that writes them.
    inventories: Vec<Option<ComputerInventory>>,
    software_catalog: Vec<Software>,
}

/// Staged inventory sets one plugin may hold at once: a pipeline needs one
/// or two; more means sets are being leaked.
const MAX_STAGED_SETS: usize = 4;

fn error(kind: ErrorKind, message: impl Into<String>) -> PluginError {
    PluginError {
        kind,
        message: RString::from(message.into()),
        details: RString::new(),
    }
}

fn decode<T: DeserializeOwned>(payload: &str) -> Result<T, PluginError> {
    let payload = if payload.is_empty() { "null" } else { payload };
    serde_json::from_str(payload)
        .map_err(|e| error(ErrorKind::INVALID_INPUT, format!("invalid payload: {e}")))
}

fn asset_error(e: AssetError) -> PluginError {
    match e {
        AssetError::Store(e) => error(ErrorKind::DATABASE, e.to_string()),
        AssetError::NotFound { .. } => error(ErrorKind::NOT_FOUND, e.to_string()),
        other => error(ErrorKind::INVALID_INPUT, other.to_string()),
    }
}

fn encode<T: Serialize>(value: &T) -> CallResult {
    serde_json::to_string(value).map_err(|e| error(ErrorKind::OTHER, e.to_string()))
}

impl PluginServices {
    pub(crate) fn new(
        key: &str,
        db: Db,
        assets: AssetStore,
        handle: tokio::runtime::Handle,
        config: &Config,
    ) -> Self {
        let sql_guard = sql_guard::Guard::new(db.backend(), key);
        Self {
            key: key.to_owned(),
            db,
            assets,
            handle,
            locale: config.locale.clone(),
            data_dir: config.data_dir.join("plugins-data").join(key),
            transactions: Mutex::new(HashMap::new()),
            aborted: Mutex::new(HashMap::new()),
            pending_resolvers: Mutex::new(HashMap::new()),
            next_tx: AtomicU64::new(1),
            staged: Mutex::new(HashMap::new()),
            next_stage: AtomicU64::new(1),
            active_calls: Mutex::new(0),
            host_data_dir: config.data_dir.clone(),
            rule_collections: Mutex::new(HashMap::new()),
            secrets: std::sync::OnceLock::new(),
            external: super::extdb::ExternalDbs::default(),
            sql_guard,
        }
    }

    /// A call into the plugin starts; it ends when the result is dropped
    /// (also if the call never ran, or panicked).
    pub(crate) fn begin_call(self: &Arc<Self>) -> ActiveCall {
        *locked(&self.active_calls) += 1;
        ActiveCall(Arc::clone(self))
    }

    /// A call into the plugin returned: when no other call is under way,
    /// what the plugin left open is cleaned up (the lock is held meanwhile,
    /// so a call starting now does not lose what it opens).
    fn call_ended(&self) {
        let mut active = locked(&self.active_calls);
        *active = active.saturating_sub(1);
        if *active == 0 {
            self.release_what_calls_left();
        }
    }

    /// The rules are read again at the next evaluation.
    fn forget_rules(&self) {
        locked(&self.rule_collections).clear();
    }

    /// What the plugin's calls left behind: rolls back its open
    /// transactions, closes its external cursors, frees its staged
    /// inventories and forgets the rules it read.
    fn release_what_calls_left(&self) {
        self.external.close_cursors();
        self.forget_rules();
        locked(&self.staged).clear();
        locked(&self.pending_resolvers).clear();
        locked(&self.aborted).clear();
        let open: Vec<Tx> = locked(&self.transactions)
            .drain()
            .map(|(_, tx)| tx)
            .collect();
        if !open.is_empty() {
            tracing::warn!(plugin = %self.key, count = open.len(), "rolling back transactions left open by the plugin");
            // Dropping a sqlx transaction queues its rollback on the runtime.
            let _guard = self.handle.enter();
            drop(open);
        }
    }

    fn dispatch(&self, service: &str, method: &str, payload: &str) -> CallResult {
        match (service, method) {
            (msg::HOST, "info") => encode(&HostInfo {
                host_version: super::HOST_VERSION.to_owned(),
                api_version: parc_plugin_api::API_VERSION.to_owned(),
                backend: self.db.backend().name().to_owned(),
                locale: self.locale.clone(),
                data_dir: self.data_dir.display().to_string(),
            }),
            (msg::DB, "query") | (msg::DB, "execute") => {
                let statement: Statement = decode(payload)?;
                self.guard(&statement.sql)?;
                self.run_statement(statement, method == "query")
            }
            (msg::DB, "begin") => {
                let tx = self
                    .handle
                    .block_on(self.db.begin())
                    .map_err(|e| error(ErrorKind::DATABASE, e.to_string()))?;
                let id = self.next_tx.fetch_add(1, Ordering::Relaxed);
                locked(&self.transactions).insert(id, tx);
                encode(&TxHandle { tx: id })
            }
            (msg::DB, "commit") | (msg::DB, "rollback") => {
                let handle: TxHandle = decode(payload)?;
                let aborted = locked(&self.aborted).remove(&handle.tx);
                let tx = self.take_tx(handle.tx)?;
                let resolvers = locked(&self.pending_resolvers)
                    .remove(&handle.tx)
                    .unwrap_or_default();
                if let (Some(failure), "commit") = (aborted, method) {
                    let _guard = self.handle.enter();
                    drop(tx);
                    return Err(error(
                        ErrorKind::DATABASE,
                        format!(
                            "transaction {} was rolled back, not committed: a write in it \
                             failed ({failure})",
                            handle.tx
                        ),
                    ));
                }
                if method == "commit" {
                    self.handle
                        .block_on(tx.commit())
                        .map_err(|e| error(ErrorKind::DATABASE, e.to_string()))?;
                    resolvers.into_iter().for_each(|r| r.commit());
                } else {
                    let _guard = self.handle.enter();
                    drop(tx);
                }
                encode(&())
            }
            (msg::ASSETS, "stage") => {
                let request: StageInventories = decode(payload)?;
                let mut staged = locked(&self.staged);
                if staged.len() >= MAX_STAGED_SETS {
                    return Err(error(
                        ErrorKind::INVALID_INPUT,
                        format!(
                            "{MAX_STAGED_SETS} staged inventory sets are waiting already: \
                             write or drop them before staging more"
                        ),
                    ));
                }
                let id = self.next_stage.fetch_add(1, Ordering::Relaxed);
                let count = request.inventories.len() as u32;
                staged.insert(
                    id,
                    StagedSet {
                        inventories: request.inventories.into_iter().map(Some).collect(),
                        software_catalog: request.software_catalog,
                    },
                );
                encode(&Staged { staged: id, count })
            }
            (msg::ASSETS, "unstage") => {
                let set: Staged = decode(payload)?;
                locked(&self.staged).remove(&set.staged);
                encode(&())
            }
            (msg::ASSETS, "upsert") => {
                let mut batch: UpsertBatch = decode(payload)?;
                if let Some(reference) = batch.staged.take() {
                    self.take_staged(&mut batch, &reference)?;
                }
                let Some(id) = batch.tx else {
                    let outcomes = self
                        .handle
                        .block_on(self.assets.upsert(&batch.items, &batch.software_catalog))
                        .map_err(asset_error)?;
                    return encode(&outcomes);
                };
                let outcomes = self.in_tx(id, |tx| {
                    self.handle
                        .block_on(self.assets.upsert_in_tx(
                            tx,
                            &batch.items,
                            &batch.software_catalog,
                        ))
                        .map_err(asset_error)
                })?;
                let (outcomes, resolver) = outcomes;
                locked(&self.pending_resolvers)
                    .entry(id)
                    .or_default()
                    .push(resolver);
                encode(&outcomes)
            }
            (msg::ASSETS, "action") => {
                let request: ComputerAction = decode(payload)?;
                let source = if request.source.is_empty() {
                    self.key.clone()
                } else {
                    request.source.clone()
                };
                let run = |tx: &mut Tx| -> Result<Vec<u32>, PluginError> {
                    let ids = &request.computers;
                    let work = async {
                        match request.action.as_str() {
                            computer_action::TRASH => trash::flag_in(tx, ids, true, &source).await,
                            computer_action::RESTORE => {
                                trash::flag_in(tx, ids, false, &source).await
                            }
                            computer_action::SET_STATE => {
                                let state = request.states_id.unwrap_or_default();
                                trash::set_state_in(tx, ids, state, &source).await
                            }
                            computer_action::MARK_DYNAMIC => {
                                let note = request.note.clone().unwrap_or_default();
                                trash::mark_dynamic_in(tx, ids, &note, &source).await
                            }
                            other => Err(AssetError::Invalid(format!(
                                "unknown computer action {other:?} \
                                 (trash, restore, set_state, mark_dynamic)"
                            ))),
                        }
                    };
                    self.handle.block_on(work).map_err(asset_error)
                };
                let changed = match request.tx {
                    Some(id) => self.in_tx(id, run)?,
                    None => {
                        let mut tx = self
                            .handle
                            .block_on(self.db.begin())
                            .map_err(|e| error(ErrorKind::DATABASE, e.to_string()))?;
                        let changed = run(&mut tx)?;
                        self.handle
                            .block_on(tx.commit())
                            .map_err(|e| error(ErrorKind::DATABASE, e.to_string()))?;
                        changed
                    }
                };
                encode(&changed)
            }
            (msg::RULES, "evaluate") => {
                let request: msg::Evaluate = decode(payload)?;
                if let Some((table, column)) = &request.exclude {
                    let plain = |s: &str| {
                        !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
                    };
                    if !table.starts_with(&sql_guard::table_prefix(&self.key))
                        || !plain(table)
                        || !plain(column)
                    {
                        return Err(error(
                            ErrorKind::FORBIDDEN,
                            format!(
                                "exclude must name one of the plugin's tables ({}*) and a column",
                                sql_guard::table_prefix(&self.key)
                            ),
                        ));
                    }
                }
                // An input key that is a second name for a host criterion
                // would silently never match a rule: refused.
                for key in request.inputs.iter().flat_map(|i| i.keys()) {
                    crate::rules::collections::check_plugin_criterion(
                        &self.key,
                        &request.sub_type,
                        key,
                    )
                    .map_err(|e| error(ErrorKind::INVALID_INPUT, e))?;
                }
                let inputs: Vec<_> = request
                    .inputs
                    .iter()
                    .map(crate::rules::input_from_json)
                    .collect();
                let rules_error = |e| match e {
                    crate::rules::RulesError::Store(e) => error(ErrorKind::DATABASE, e.to_string()),
                    other => error(ErrorKind::INVALID_INPUT, other.to_string()),
                };
                let loaded = locked(&self.rule_collections)
                    .get(&request.sub_type)
                    .cloned();
                let collection = match loaded {
                    Some(collection) => collection,
                    None => {
                        let collection = Arc::new(
                            self.handle
                                .block_on(crate::rules::load(&self.db, &request.sub_type))
                                .map_err(rules_error)?,
                        );
                        locked(&self.rule_collections)
                            .insert(request.sub_type.clone(), collection.clone());
                        collection
                    }
                };
                let evaluations = self
                    .handle
                    .block_on(crate::rules::evaluate_loaded(
                        &self.db,
                        &collection,
                        &inputs,
                        request.explain,
                        request.exclude.clone(),
                    ))
                    .map_err(rules_error)?;
                let out: Vec<msg::Evaluated> = evaluations
                    .into_iter()
                    .map(|e| msg::Evaluated {
                        rules_id: e.rule.as_ref().map(|r| r.id),
                        rule_name: e.rule.map(|r| r.name),
                        output: e.output,
                        explanation: e
                            .rules
                            .iter()
                            .filter_map(|t| serde_json::to_value(t).ok())
                            .collect(),
                    })
                    .collect();
                encode(&out)
            }
            (msg::RULES, "add") => {
                let rules: Vec<parc_plugin_api::messages::RuleSpec> = decode(payload)?;
                for rule in &rules {
                    for c in &rule.criteria {
                        crate::rules::collections::check_plugin_criterion(
                            &self.key,
                            &rule.sub_type,
                            &c.criteria,
                        )
                        .map_err(|e| error(ErrorKind::INVALID_INPUT, e))?;
                    }
                }
                self.forget_rules();
                let ids = self
                    .handle
                    .block_on(crate::store::rules::add_plugin_rules(
                        &self.db, &self.key, &rules,
                    ))
                    .map_err(|e| error(ErrorKind::DATABASE, e.to_string()))?;
                encode(&ids)
            }
            (msg::RULES, "remove") => {
                let rule: msg::RuleRef = decode(payload)?;
                self.forget_rules();
                let deleted = self
                    .handle
                    .block_on(crate::store::rules::delete_plugin_rule(
                        &self.db, &self.key, &rule.uuid,
                    ))
                    .map_err(|e| error(ErrorKind::DATABASE, e.to_string()))?;
                encode(&deleted)
            }
            (msg::EXTDB, _) => self.external_db(method, payload),
            (msg::SECRETS, "encrypt") | (msg::SECRETS, "decrypt") => {
                let secret: msg::Secret = decode(payload)?;
                let secrets = self.secret_box()?;
                let text = if method == "encrypt" {
                    // Recorded before the token is handed out: a plugin
                    // stores it, and a lost key must then be noticed.
                    self.handle
                        .block_on(crate::store::secrets::record(
                            &self.db,
                            &self.key,
                            secrets.fingerprint(),
                        ))
                        .map_err(|e| error(ErrorKind::DATABASE, e.to_string()))?;
                    secrets.encrypt(&secret.text, &self.key)
                } else {
                    secrets
                        .decrypt(&secret.text, &self.key)
                        .map_err(|e| error(ErrorKind::INVALID_INPUT, e.to_string()))?
                };
                encode(&msg::Secret { text })
            }
            (msg::CLI, "write") => {
                let write: msg::Write = decode(payload)?;
                let output = current_invocation()
                    .and_then(|i| i.output)
                    .ok_or_else(|| error(ErrorKind::UNSUPPORTED, "no command is running"))?;
                output.write(write.stream == "stderr", &write.text);
                encode(&())
            }
            (msg::TASK, "log") => {
                let line: msg::TaskLog = decode(payload)?;
                match current_invocation().and_then(|i| i.task_log) {
                    Some(log) => log.log(&line.text),
                    None => tracing::info!(plugin = %self.key, "{}", line.text),
                }
                encode(&())
            }
            (msg::TASK, "progress") => {
                let progress: msg::Progress = decode(payload)?;
                tracing::info!(plugin = %self.key, done = progress.done, total = progress.total, "task progress");
                encode(&())
            }
            (msg::TASK, "cancelled") => encode(
                &current_invocation()
                    .map(|i| i.cancelled.load(Ordering::Relaxed))
                    .unwrap_or(false),
            ),
            _ => Err(error(
                ErrorKind::UNSUPPORTED,
                format!(
                    "host service {service}.{method} is not supported by parc {}",
                    super::HOST_VERSION
                ),
            )),
        }
    }

    /// Service `extdb`.
    fn external_db(&self, method: &str, payload: &str) -> CallResult {
        use super::extdb::ExtDbError;
        let failed = |e: ExtDbError| match e {
            ExtDbError::Connect { .. } => error(ErrorKind::EXTERNAL, e.to_string()),
            ExtDbError::Handle(_) => error(ErrorKind::NOT_FOUND, e.to_string()),
            _ => error(ErrorKind::DATABASE, e.to_string()),
        };
        let _guard = self.handle.enter();
        match method {
            "connect" => {
                let options: msg::ExtConnect = decode(payload)?;
                let conn = self
                    .handle
                    .block_on(self.external.connect(&options))
                    .map_err(failed)?;
                encode(&msg::ExtConnection { conn })
            }
            "query" => {
                let statement: msg::ExtStatement = decode(payload)?;
                encode(
                    &self
                        .handle
                        .block_on(self.external.query(&statement))
                        .map_err(failed)?,
                )
            }
            "execute" => {
                let statement: msg::ExtStatement = decode(payload)?;
                encode(
                    &self
                        .handle
                        .block_on(self.external.execute(&statement))
                        .map_err(failed)?,
                )
            }
            "open" => {
                let open: msg::ExtCursorOpen = decode(payload)?;
                let cursor = self.external.open(open).map_err(failed)?;
                encode(&msg::ExtCursor { cursor })
            }
            "fetch" => {
                let cursor: msg::ExtCursor = decode(payload)?;
                // Encoded already, by the task that read the rows.
                Ok(self
                    .handle
                    .block_on(self.external.fetch(cursor.cursor))
                    .map_err(failed)?
                    .json)
            }
            "close_cursor" => {
                let cursor: msg::ExtCursor = decode(payload)?;
                self.external.close_cursor(cursor.cursor);
                encode(&())
            }
            "close" => {
                let conn: msg::ExtConnection = decode(payload)?;
                self.handle.block_on(self.external.close(conn.conn));
                encode(&())
            }
            _ => Err(error(
                ErrorKind::UNSUPPORTED,
                format!("host service extdb.{method} does not exist"),
            )),
        }
    }

    /// The installation's key, opened (or created) on first use only, so
    /// that plugins without secrets never create a key file.
    fn secret_box(&self) -> Result<&crate::secrets::SecretBox, PluginError> {
        if let Some(secrets) = self.secrets.get() {
            return Ok(secrets);
        }
        let failed = |e: crate::secrets::SecretError| error(ErrorKind::OTHER, e.to_string());
        let sealed = self
            .handle
            .block_on(crate::store::secrets::sealed(&self.db))
            .map_err(|e| failed(e.into()))?;
        let opened =
            crate::secrets::SecretBox::open(&self.host_data_dir, &sealed).map_err(failed)?;
        Ok(self.secrets.get_or_init(|| opened))
    }

    fn guard(&self, sql: &str) -> Result<(), PluginError> {
        self.sql_guard
            .check(sql)
            .map_err(|e| error(ErrorKind::FORBIDDEN, e.0))
    }

    /// Moves the inventories of a staged set into the items of `batch`
    /// (`positions[j]` for item *j*), and its software catalog into the
    /// batch; the set is consumed.
    fn take_staged(
        &self,
        batch: &mut UpsertBatch,
        reference: &StagedRef,
    ) -> Result<(), PluginError> {
        let set = locked(&self.staged).remove(&reference.staged);
        let Some(mut set) = set else {
            return Err(error(
                ErrorKind::INVALID_INPUT,
                format!(
                    "no staged inventory set {}: it was written or dropped already",
                    reference.staged
                ),
            ));
        };
        if reference.positions.len() != batch.items.len() {
            return Err(error(
                ErrorKind::INVALID_INPUT,
                format!(
                    "{} items but {} staged positions",
                    batch.items.len(),
                    reference.positions.len()
                ),
            ));
        }
        for (item, &position) in batch.items.iter_mut().zip(&reference.positions) {
            let Some(inventory) = set
                .inventories
                .get_mut(position as usize)
                .and_then(Option::take)
            else {
                return Err(error(
                    ErrorKind::INVALID_INPUT,
                    format!(
                        "staged position {position} is out of the set ({} inventories) \
                         or used twice",
                        set.inventories.len()
                    ),
                ));
            };
            item.inventory = inventory;
        }
        batch.software_catalog = set.software_catalog;
        Ok(())
    }

    fn take_tx(&self, id: u64) -> Result<Tx, PluginError> {
        if let Some(failure) = locked(&self.aborted).get(&id) {
            return Err(error(
                ErrorKind::DATABASE,
                format!(
                    "transaction {id} is aborted: a write in it failed ({failure}); \
                     roll it back"
                ),
            ));
        }
        locked(&self.transactions).remove(&id).ok_or_else(|| {
            error(
                ErrorKind::INVALID_INPUT,
                format!("no open transaction {id}"),
            )
        })
    }

    /// Runs `work` on the open plugin transaction `id`, then puts it back.
    /// When `work` fails the transaction is marked aborted: the plugin can
    /// only roll it back.
    fn in_tx<T>(
        &self,
        id: u64,
        work: impl FnOnce(&mut Tx) -> Result<T, PluginError>,
    ) -> Result<T, PluginError> {
        let mut tx = self.take_tx(id)?;
        let result = work(&mut tx);
        if let Err(e) = &result {
            locked(&self.aborted).insert(id, e.message.to_string());
        }
        locked(&self.transactions).insert(id, tx);
        result
    }

    /// Runs a plugin statement, in its transaction when it names one;
    /// returns the JSON reply (rows or execution summary).
    fn run_statement(&self, statement: Statement, returns_rows: bool) -> CallResult {
        let db_error = |e: crate::store::StoreError| error(ErrorKind::DATABASE, e.to_string());
        let (key, sql, params) = (&self.key, &statement.sql, &statement.params);
        let Some(id) = statement.tx else {
            return encode(
                &self
                    .handle
                    .block_on(plugin_sql::run_for_plugin(
                        &self.db,
                        key,
                        sql,
                        params,
                        returns_rows,
                    ))
                    .map_err(db_error)?,
            );
        };
        self.in_tx(id, |tx| {
            self.handle
                .block_on(plugin_sql::run_for_plugin_in(
                    tx,
                    key,
                    sql,
                    params,
                    returns_rows,
                ))
                .map_err(db_error)
                .and_then(|reply| encode(&reply))
        })
    }
}

impl HostServices for ServicesRef {
    fn log(&self, level: LogLevel, target: RStr<'_>, message: RStr<'_>) {
        let key = &self.0.key;
        let (target, message) = (target.as_str(), message.as_str());
        // tracing needs static levels: one arm per level.
        let _ = catch_unwind(AssertUnwindSafe(|| match level {
            LogLevel::ERROR => tracing::error!(plugin = %key, target, "{message}"),
            LogLevel::WARN => tracing::warn!(plugin = %key, target, "{message}"),
            LogLevel::INFO => tracing::info!(plugin = %key, target, "{message}"),
            LogLevel::DEBUG => tracing::debug!(plugin = %key, target, "{message}"),
            _ => tracing::trace!(plugin = %key, target, "{message}"),
        }));
    }

    fn call(
        &self,
        service: RStr<'_>,
        method: RStr<'_>,
        payload: RStr<'_>,
    ) -> RResult<RString, PluginError> {
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            self.0
                .dispatch(service.as_str(), method.as_str(), payload.as_str())
        }));
        match outcome {
            Ok(Ok(reply)) => RResult::ROk(RString::from(reply)),
            Ok(Err(e)) => RResult::RErr(e),
            Err(_) => RResult::RErr(error(
                ErrorKind::PANIC,
                format!(
                    "the host failed while serving {}.{}",
                    service.as_str(),
                    method.as_str()
                ),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use parc_plugin_api::messages::inventory::{General, StagedRef, Upsert, UpsertOutcome};

    use super::*;

    struct Fixture {
        runtime: tokio::runtime::Runtime,
        services: Arc<PluginServices>,
        _dir: tempfile::TempDir,
    }

    fn fixture() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let url = format!("sqlite://{}", dir.path().join("parc.db").display());
        let db = runtime.block_on(Db::open(&url)).unwrap();
        let config = Config::with_data_dir(dir.path());
        let services = Arc::new(PluginServices::new(
            "staging",
            db.clone(),
            AssetStore::new(db),
            runtime.handle().clone(),
            &config,
        ));
        Fixture {
            runtime,
            services,
            _dir: dir,
        }
    }

    fn named(name: &str) -> ComputerInventory {
        ComputerInventory {
            general: Some(General {
                name: Some(name.into()),
                ..General::default()
            }),
            ..ComputerInventory::default()
        }
    }

    fn stage(f: &Fixture, names: &[&str]) -> Result<Staged, PluginError> {
        stage_request(
            f,
            &StageInventories {
                inventories: names.iter().map(|n| named(n)).collect(),
                ..StageInventories::default()
            },
        )
    }

    fn stage_request(f: &Fixture, request: &StageInventories) -> Result<Staged, PluginError> {
        let reply = f.services.dispatch(
            msg::ASSETS,
            "stage",
            &serde_json::to_string(request).unwrap(),
        )?;
        Ok(serde_json::from_str(&reply).unwrap())
    }

    fn upsert_staged(
        f: &Fixture,
        staged: u64,
        positions: Vec<u32>,
    ) -> Result<Vec<UpsertOutcome>, PluginError> {
        let batch = UpsertBatch {
            items: positions
                .iter()
                .map(|_| Upsert {
                    source: "staging test".into(),
                    ..Upsert::default()
                })
                .collect(),
            tx: None,
            staged: Some(StagedRef { staged, positions }),
            ..UpsertBatch::default()
        };
        upsert(f, &batch)
    }

    fn upsert(f: &Fixture, batch: &UpsertBatch) -> Result<Vec<UpsertOutcome>, PluginError> {
        let reply = f.services.dispatch(
            msg::ASSETS,
            "upsert",
            &serde_json::to_string(batch).unwrap(),
        )?;
        Ok(serde_json::from_str(&reply).unwrap())
    }

    /// Rows of a query on the fixture's database.
    fn query(f: &Fixture, sql: &str, params: &[serde_json::Value]) -> Vec<Vec<serde_json::Value>> {
        f.runtime
            .block_on(plugin_sql::query(&f.services.db, sql, params))
            .unwrap()
            .rows
    }

    /// Rows of text cells ("" for anything else).
    fn texts(rows: &[Vec<serde_json::Value>]) -> Vec<Vec<&str>> {
        rows.iter()
            .map(|r| r.iter().map(|v| v.as_str().unwrap_or("")).collect())
            .collect()
    }

    fn name_of(f: &Fixture, id: u32) -> String {
        let rows = query(
            f,
            "SELECT name FROM glpi_computers WHERE id = ?",
            &[id.into()],
        );
        rows[0][0].as_str().unwrap().to_owned()
    }

    #[test]
    fn a_staged_set_is_written_by_position_and_consumed() {
        let f = fixture();
        let set = stage(&f, &["pc-a", "pc-b"]).unwrap();
        assert_eq!(set.count, 2);
        let outcomes = upsert_staged(&f, set.staged, vec![1, 0]).unwrap();
        assert_eq!(name_of(&f, outcomes[0].computers_id), "pc-b");
        assert_eq!(name_of(&f, outcomes[1].computers_id), "pc-a");
        let again = upsert_staged(&f, set.staged, vec![0]).unwrap_err();
        assert!(
            again.message.contains("written or dropped already"),
            "{}",
            again.message
        );
    }

    /// Software named by position in the staged set's catalog is written
    /// with the catalog entry's title and version, each installation with
    /// its own date; a position outside the catalog is refused.
    #[test]
    fn staged_software_refers_to_the_catalog() {
        let f = fixture();
        let entry = |name: &str, version: &str| Software {
            name: Some(name.into()),
            version: Some(version.into()),
            publisher: Some("Acme".into()),
            ..Software::default()
        };
        let installed = |position: u32, date: &str| Software {
            catalog: Some(position),
            date_install: Some(date.into()),
            ..Software::default()
        };
        let mut a = named("pc-a");
        a.software = Some(vec![installed(0, "2024-01-02"), installed(1, "2024-01-03")]);
        let mut b = named("pc-b");
        b.software = Some(vec![installed(1, "2024-02-01")]);
        let request = StageInventories {
            inventories: vec![a, b],
            software_catalog: vec![entry("Editor", "1.0"), entry("Browser", "2.5")],
        };
        let set = stage_request(&f, &request).unwrap();
        upsert_staged(&f, set.staged, vec![0, 1]).unwrap();
        let rows = query(
            &f,
            "SELECT c.name, s.name, v.name, i.date_install, m.name \
             FROM glpi_items_softwareversions i \
             JOIN glpi_computers c ON c.id = i.items_id AND i.itemtype = 'Computer' \
             JOIN glpi_softwareversions v ON v.id = i.softwareversions_id \
             JOIN glpi_softwares s ON s.id = v.softwares_id \
             JOIN glpi_manufacturers m ON m.id = s.manufacturers_id \
             ORDER BY c.name, s.name",
            &[],
        );
        assert_eq!(
            texts(&rows),
            [
                ["pc-a", "Browser", "2.5", "2024-01-03", "Acme"],
                ["pc-a", "Editor", "1.0", "2024-01-02", "Acme"],
                ["pc-b", "Browser", "2.5", "2024-02-01", "Acme"],
            ]
        );
        let versions = query(&f, "SELECT COUNT(*) FROM glpi_softwareversions", &[]);
        assert_eq!(versions[0][0].as_i64(), Some(2), "one row per version");

        // The refusal of one computer with `software`, staged with a
        // one-entry catalog.
        let refusal = |name: &str, software: Software| -> String {
            let mut inventory = named(name);
            inventory.software = Some(vec![software]);
            let request = StageInventories {
                inventories: vec![inventory],
                software_catalog: vec![entry("Editor", "1.0")],
            };
            let set = stage_request(&f, &request).unwrap();
            upsert_staged(&f, set.staged, vec![0])
                .unwrap_err()
                .message
                .to_string()
        };
        let refused = refusal("pc-c", installed(2, "2024-03-01"));
        assert!(
            refused.contains("catalog entry 2 does not exist"),
            "{refused}"
        );
        let both = Software {
            name: Some("Editor".into()),
            ..installed(0, "2024-03-01")
        };
        let refused = refusal("pc-d", both);
        assert!(refused.contains("give one or the other"), "{refused}");
        let computers = query(&f, "SELECT COUNT(*) FROM glpi_computers", &[]);
        assert_eq!(
            computers[0][0].as_i64(),
            Some(2),
            "refused batches write nothing"
        );
    }

    /// `upsert` without staging takes the batch's software catalog too
    /// (`Host::upsert_computers_with_catalog`).
    #[test]
    fn an_upsert_names_software_by_catalog_position() {
        let f = fixture();
        let installed = |position: u32| Software {
            catalog: Some(position),
            date_install: Some("2024-05-06".into()),
            ..Software::default()
        };
        let mut inventory = named("pc-cat");
        inventory.software = Some(vec![installed(1), installed(0)]);
        let batch = UpsertBatch {
            items: vec![Upsert {
                source: "catalog test".into(),
                inventory,
                ..Upsert::default()
            }],
            software_catalog: ["Editor", "Browser"]
                .map(|name| Software {
                    name: Some(name.into()),
                    version: Some("3.1".into()),
                    ..Software::default()
                })
                .to_vec(),
            ..UpsertBatch::default()
        };
        upsert(&f, &batch).unwrap();
        let rows = query(
            &f,
            "SELECT s.name, v.name, i.date_install FROM glpi_items_softwareversions i \
             JOIN glpi_softwareversions v ON v.id = i.softwareversions_id \
             JOIN glpi_softwares s ON s.id = v.softwares_id ORDER BY s.name",
            &[],
        );
        assert_eq!(
            texts(&rows),
            [
                ["Browser", "3.1", "2024-05-06"],
                ["Editor", "3.1", "2024-05-06"]
            ]
        );
    }

    /// A write that fails inside a plugin transaction aborts it: later
    /// statements are refused and commit rolls back what it held, so a
    /// plugin that ignores the error cannot commit half a write.
    #[test]
    fn a_failed_write_aborts_the_transaction() {
        let f = fixture();
        let call = |method: &str, payload: String| f.services.dispatch(msg::DB, method, &payload);
        let begin = || -> u64 {
            let handle: TxHandle =
                serde_json::from_str(&call("begin", "{}".into()).unwrap()).unwrap();
            handle.tx
        };
        let statement = |tx: u64, sql: &str| {
            serde_json::to_string(&Statement {
                sql: sql.into(),
                params: Vec::new(),
                tx: Some(tx),
            })
            .unwrap()
        };
        let tx = begin();
        let set = stage(&f, &["pc-a"]).unwrap();
        let batch = UpsertBatch {
            items: vec![Upsert {
                source: "abort test".into(),
                ..Upsert::default()
            }],
            tx: Some(tx),
            staged: Some(StagedRef {
                staged: set.staged,
                positions: vec![0],
            }),
            ..UpsertBatch::default()
        };
        upsert(&f, &batch).unwrap();
        let failed = call(
            "query",
            statement(tx, "SELECT no_such_column FROM glpi_computers"),
        )
        .unwrap_err();
        assert_eq!(failed.kind, ErrorKind::DATABASE, "{}", failed.message);
        let refused = call(
            "query",
            statement(tx, "SELECT COUNT(*) FROM glpi_computers"),
        )
        .unwrap_err();
        assert!(
            refused.message.contains("is aborted"),
            "{}",
            refused.message
        );
        let commit = call("commit", serde_json::to_string(&TxHandle { tx }).unwrap()).unwrap_err();
        assert!(
            commit.message.contains("rolled back, not committed"),
            "{}",
            commit.message
        );
        let computers = query(&f, "SELECT COUNT(*) FROM glpi_computers", &[]);
        assert_eq!(computers[0][0].as_i64(), Some(0), "nothing was committed");

        // The next transaction is a fresh one.
        let tx = begin();
        call(
            "query",
            statement(tx, "SELECT COUNT(*) FROM glpi_computers"),
        )
        .unwrap();
        call("commit", serde_json::to_string(&TxHandle { tx }).unwrap()).unwrap();
    }

    #[test]
    fn bad_positions_are_refused_and_write_nothing() {
        let f = fixture();
        let set = stage(&f, &["pc-a", "pc-b"]).unwrap();
        let twice = upsert_staged(&f, set.staged, vec![0, 0]).unwrap_err();
        assert!(twice.message.contains("used twice"), "{}", twice.message);
        let set = stage(&f, &["pc-c"]).unwrap();
        let outside = upsert_staged(&f, set.staged, vec![3]).unwrap_err();
        assert!(
            outside.message.contains("out of the set"),
            "{}",
            outside.message
        );
        let written = query(&f, "SELECT COUNT(*) FROM glpi_computers", &[]);
        assert_eq!(written[0][0].as_i64(), Some(0));
    }

    #[test]
    fn staged_sets_are_bounded_and_freed() {
        let f = fixture();
        let sets: Vec<Staged> = (0..MAX_STAGED_SETS)
            .map(|_| stage(&f, &["pc"]).unwrap())
            .collect();
        let refused = stage(&f, &["pc"]).unwrap_err();
        assert!(
            refused.message.contains("waiting already"),
            "{}",
            refused.message
        );
        f.services
            .dispatch(
                msg::ASSETS,
                "unstage",
                &serde_json::to_string(&sets[0]).unwrap(),
            )
            .unwrap();
        stage(&f, &["pc"]).unwrap();
        // The end of the plugin call frees the rest, once no other call is
        // under way.
        let task = f.services.begin_call();
        let command = f.services.begin_call();
        drop(command);
        upsert_staged(&f, sets[1].staged, vec![0]).unwrap();
        drop(task);
        let gone = upsert_staged(&f, sets[2].staged, vec![0]).unwrap_err();
        assert!(gone.message.contains("written or dropped already"));
        for _ in 0..MAX_STAGED_SETS {
            stage(&f, &["pc"]).unwrap();
        }
    }

    /// Rules are read once per plugin call: a rule changed behind the
    /// plugin's back applies from its next call, one it adds or removes
    /// through the host at once.
    #[test]
    fn rules_are_read_once_per_call() {
        let f = fixture();
        let matched = |f: &Fixture| -> Option<u32> {
            let request = msg::Evaluate {
                sub_type: "RuleImportEntity".into(),
                inputs: vec![[("tag".to_owned(), serde_json::json!("paris"))].into()],
                explain: false,
                exclude: None,
            };
            let reply = f
                .services
                .dispatch(
                    msg::RULES,
                    "evaluate",
                    &serde_json::to_string(&request).unwrap(),
                )
                .unwrap();
            let out: Vec<msg::Evaluated> = serde_json::from_str(&reply).unwrap();
            out[0].rules_id
        };
        let sql = |statement: &str| {
            f.runtime
                .block_on(plugin_sql::execute(&f.services.db, statement, &[]))
                .unwrap();
        };
        let call = f.services.begin_call();
        assert_eq!(matched(&f), None, "no rule yet");
        let rule = parc_plugin_api::messages::RuleSpec {
            uuid: "paris-rule".into(),
            sub_type: "RuleImportEntity".into(),
            name: "Paris".into(),
            description: String::new(),
            match_: "AND".into(),
            is_active: true,
            criteria: vec![parc_plugin_api::messages::RuleCriterionSpec {
                criteria: "tag".into(),
                condition: 0,
                pattern: "paris".into(),
            }],
            actions: vec![parc_plugin_api::messages::RuleActionSpec {
                action_type: "assign".into(),
                field: "entities_id".into(),
                value: "0".into(),
            }],
        };
        f.services
            .dispatch(
                msg::RULES,
                "add",
                &serde_json::to_string(&vec![rule]).unwrap(),
            )
            .unwrap();
        let id = matched(&f).expect("the rule the plugin added applies at once");
        // Switched off by someone else during the call: the call keeps the
        // rules it read; its next call reads them again.
        sql("UPDATE glpi_rules SET is_active = 0");
        assert_eq!(matched(&f), Some(id));
        drop(call);
        let _call = f.services.begin_call();
        assert_eq!(matched(&f), None);
    }
}
