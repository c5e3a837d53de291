//! One run against one OCS server: deletions and merges from
//! `deleted_equiv` first, then new computers (entity rules, then link
//! rules), then changed ones. Each batch is read from OCS completely before
//! anything is written, and written in one host transaction (computers,
//! links, run details and counters together), so a run cut short by an OCS
//! outage or a killed process leaves whole batches only, and the next run
//! carries on. Checksum bits are cleared in OCS after the batch commits: a
//! crash in between only means the computer is synchronised again, which
//! the inventory diff turns into a no-op.

use std::collections::{HashMap, HashSet};

use parc_plugin_api::messages::host::Evaluate;
use parc_plugin_api::messages::inventory::{ComputerInventory, Upsert, UpsertOutcome};
use parc_plugin_api::{Db, Error, Host, Result, StagedInventories, tracing};
use serde::Serialize;
use serde_json::Value;

use crate::config::{DeletedBehavior, ServerConfig};
use crate::reader::{Meta, Reader, marks};
use crate::schema::{DETAILS, LINKS, NOT_IMPORTED, REGISTRY_KEYS};
use crate::setup::SOURCE;
use crate::{mapping, ocs, runs};

/// Per-computer outcomes (GLPI's `OcsProcess` codes, plus parc's own for
/// deletions and merges).
pub mod status {
    pub const IMPORTED: i64 = 0;
    pub const SYNCHRONIZED: i64 = 1;
    pub const LINKED: i64 = 2;
    pub const FAILED_IMPORT: i64 = 3;
    pub const NOT_UPDATED: i64 = 4;
    pub const NOT_UNIQUE: i64 = 5;
    pub const LINK_REFUSED: i64 = 6;
    pub const DELETED: i64 = 7;
    pub const MERGED: i64 = 8;

    /// A label for listings.
    pub fn label(code: i64) -> &'static str {
        match code {
            IMPORTED => "imported",
            SYNCHRONIZED => "synchronized",
            LINKED => "linked",
            FAILED_IMPORT => "failed",
            NOT_UPDATED => "not updated",
            NOT_UNIQUE => "not unique",
            LINK_REFUSED => "refused",
            DELETED => "deleted",
            MERGED => "merged",
            _ => "unknown",
        }
    }
}

/// `deleted_equiv` rows handled per transaction.
const DELETED_BATCH: usize = 200;
/// Computers written per transaction at most.
const WRITE_BATCH: usize = 250;

/// `items` in batches of `chunk`, the first two and the last two smaller
/// (a quarter, then half a batch) when there are two batches or more: the
/// writing thread starts as soon as a small first batch is read instead of
/// waiting for a whole one, and the last write, which nothing overlaps,
/// is short.
fn ramped<T>(items: &[T], chunk: usize) -> Vec<&[T]> {
    let chunk = chunk.max(1);
    if items.len() < 2 * chunk || chunk < 4 {
        return items.chunks(chunk).collect();
    }
    let (quarter, half) = (chunk / 4, chunk / 2);
    let (head, rest) = items.split_at(quarter);
    let (second, rest) = rest.split_at(half);
    let (middle, tail) = rest.split_at(rest.len() - half - quarter);
    let (before_last, last) = tail.split_at(half);
    let mut batches = vec![head, second];
    batches.extend(middle.chunks(chunk));
    batches.extend([before_last, last]);
    batches.retain(|b| !b.is_empty());
    batches
}

/// What a run does.
#[derive(Debug, Clone)]
pub enum Mode {
    /// Import new computers (all, or these OCS ids).
    Import { ids: Option<Vec<i64>> },
    /// Synchronise linked computers (every one with `force`), or only the
    /// machines `only` (a link just made: no deletions are processed).
    Sync { force: bool, only: Option<Vec<i64>> },
    /// The `ocsng` automatic action: deletions, new, changed.
    Task,
}

/// A run's plan.
pub struct Plan {
    pub mode: Mode,
    /// Computers handled at most (`cron_sync_number` for the task).
    pub budget: Option<usize>,
    /// Evaluate the rules and say what would happen; write nothing.
    pub dry_run: bool,
    /// `cli` or `cron`.
    pub origin: &'static str,
}

/// Counters of a run (the columns of the runs table).
#[derive(Debug, Default, Clone, Copy, Serialize)]
pub struct Counts {
    pub imported: u64,
    pub synchronized: u64,
    pub linked: u64,
    pub failed_rules: u64,
    pub not_updated: u64,
    pub not_unique: u64,
    pub link_refused: u64,
    pub deleted: u64,
    pub merged: u64,
    pub failed: u64,
}

impl Counts {
    pub fn total(&self) -> u64 {
        self.imported
            + self.synchronized
            + self.linked
            + self.failed_rules
            + self.not_updated
            + self.not_unique
            + self.link_refused
            + self.deleted
            + self.merged
            + self.failed
    }

    fn add(&mut self, code: i64) {
        match code {
            status::IMPORTED => self.imported += 1,
            status::SYNCHRONIZED => self.synchronized += 1,
            status::LINKED => self.linked += 1,
            status::FAILED_IMPORT => self.failed_rules += 1,
            status::NOT_UPDATED => self.not_updated += 1,
            status::NOT_UNIQUE => self.not_unique += 1,
            status::LINK_REFUSED => self.link_refused += 1,
            status::DELETED => self.deleted += 1,
            status::MERGED => self.merged += 1,
            _ => self.failed += 1,
        }
    }
}

/// One computer's outcome in a dry run.
#[derive(Debug, Serialize)]
pub struct Decision {
    pub ocsid: i64,
    pub name: String,
    pub outcome: &'static str,
    pub entities_id: Option<u32>,
    pub computers_id: Option<u32>,
    pub entity_rule: Option<String>,
    pub link_rule: Option<String>,
    pub reason: String,
    pub explanation: Vec<Value>,
}

/// What a run did.
#[derive(Debug, Default, Serialize)]
pub struct Outcome {
    pub server: String,
    pub run_id: Option<i64>,
    pub counts: Counts,
    /// Work is left for the next run (budget reached).
    pub remaining: bool,
    /// Dry run: what would happen.
    pub decisions: Vec<Decision>,
}

/// Receives progress: (phase, done, total).
pub type Progress<'a> = &'a mut dyn FnMut(&str, u64, u64);

/// A link row.
#[derive(Debug, Clone)]
struct Link {
    id: i64,
    computers_id: u32,
    ocsid: i64,
    last_ocs_update: Option<String>,
}

/// A run in progress.
struct Run<'a> {
    host: &'a Host,
    cfg: &'a ServerConfig,
    /// Shared with the thread that reads the next batch ahead.
    reader: std::sync::Arc<Reader>,
    run_id: Option<i64>,
    counts: Counts,
    /// Computers this run linked to an OCS machine.
    linked: HashSet<u32>,
    dry_run: bool,
    cancelled: &'a dyn Fn() -> bool,
}

/// A batch as the reading thread prepares it, with what `decide` made of
/// its machines there (the entity rules for new machines).
struct Batch<D> {
    machines: Vec<crate::reader::Machine>,
    inventories: Inventories,
    decided: D,
}

/// A rules engine's answer per input.
type Evaluations = Vec<parc_plugin_api::messages::host::Evaluated>;
type Evaluated = parc_plugin_api::messages::host::Evaluated;

/// The rules' verdict on a batch of new machines, reached on the reading
/// thread: RuleImportEntity for each machine, then RuleImportAsset for
/// those that got an entity and were not refused.
struct ImportRules {
    entities: Evaluations,
    /// By machine: `None` when the entity rules refused it or gave none.
    links: Vec<Option<Evaluated>>,
}

/// The entity a RuleImportEntity answer assigns, if any.
fn entity_of(e: &Evaluated) -> Option<u32> {
    match e.output.get("entities_id") {
        Some(Value::String(s)) => s.parse().ok(),
        Some(Value::Number(n)) => n.as_u64().map(|n| n as u32),
        _ => None,
    }
}

/// Whether a rule answer refuses the import.
fn refused(e: &Evaluated) -> bool {
    matches!(e.output.get("_ignore_import"), Some(v) if v == "1" || v == 1 || v == true)
}

/// The entity rules, then the link rules, of new machines.
///
/// Link rules only ever find computers no OCS link points to, and a batch
/// written meanwhile only removes candidates (the computers it links), so
/// evaluating a batch ahead of the write of the previous one gives the
/// answers a serial run would, except for a computer the previous batches
/// of the run linked: [`Run::import_batch`] evaluates those machines again.
fn import_rules_of(
    host: &Host,
    cfg: &ServerConfig,
    reader: &Reader,
    machines: &[crate::reader::Machine],
    explain: bool,
) -> Result<ImportRules> {
    let entities = host.evaluate_rules(&Evaluate {
        sub_type: "RuleImportEntity".into(),
        inputs: machines
            .iter()
            .map(|m| mapping::entity_input(cfg, m, reader))
            .collect(),
        explain,
        exclude: None,
    })?;
    let with_entity: Vec<usize> = (0..machines.len())
        .filter(|i| !refused(&entities[*i]) && entity_of(&entities[*i]).is_some())
        .collect();
    let evaluated = link_rules_of(
        host,
        cfg,
        reader,
        machines,
        &entities,
        &with_entity,
        explain,
    )?;
    let mut links: Vec<Option<Evaluated>> = vec![None; machines.len()];
    for (i, link) in with_entity.into_iter().zip(evaluated) {
        links[i] = Some(link);
    }
    Ok(ImportRules { entities, links })
}

/// RuleImportAsset for the machines at `indexes` (each with its entity).
fn link_rules_of(
    host: &Host,
    cfg: &ServerConfig,
    reader: &Reader,
    machines: &[crate::reader::Machine],
    entities: &[Evaluated],
    indexes: &[usize],
    explain: bool,
) -> Result<Evaluations> {
    if indexes.is_empty() {
        return Ok(Vec::new());
    }
    host.evaluate_rules(&Evaluate {
        sub_type: "RuleImportAsset".into(),
        inputs: indexes
            .iter()
            .map(|i| {
                mapping::link_input(
                    cfg,
                    &machines[*i],
                    reader,
                    entity_of(&entities[*i]).unwrap_or_default(),
                )
            })
            .collect(),
        explain,
        exclude: Some((LINKS.into(), "computers_id".into())),
    })
}

/// The computer a RuleImportAsset answer links to, if any.
fn found_of(link: &Evaluated) -> Option<u32> {
    link.output
        .get("found_id")
        .and_then(Value::as_u64)
        .map(|id| id as u32)
}

/// The inventories of a batch, mapped by the reading thread and staged in
/// the host there (decoded ahead of the write); taken once by the write (a
/// retry computer by computer maps again).
struct Inventories(std::cell::RefCell<Option<StagedInventories>>);

impl Inventories {
    fn new(staged: Option<StagedInventories>) -> Self {
        Self(std::cell::RefCell::new(staged))
    }

    fn take(&self) -> Option<StagedInventories> {
        self.0.borrow_mut().take()
    }
}

/// A written batch: the checksum bits to clear in OCS and the machines,
/// handed over to be finished off the writing thread.
struct Committed {
    handled: Vec<(i64, u64)>,
    machines: Vec<crate::reader::Machine>,
}

/// The items of a write and the inventories to write them with: staged
/// ones (position of each item's inventory in the set) or their own.
struct Items {
    staged: Option<StagedInventories>,
    upserts: Vec<Upsert>,
    positions: Vec<u32>,
}

impl Items {
    fn new(staged: Option<StagedInventories>) -> Self {
        Self {
            staged,
            upserts: Vec::new(),
            positions: Vec::new(),
        }
    }

    /// Adds the write of machine `index`; `map` gives its inventory when
    /// none is staged.
    fn push(&mut self, index: usize, mut upsert: Upsert, map: impl FnOnce() -> ComputerInventory) {
        if self.staged.is_some() {
            self.positions.push(index as u32);
        } else {
            upsert.inventory = map();
        }
        self.upserts.push(upsert);
    }

    fn write(self, tx: &Db) -> Result<Vec<UpsertOutcome>> {
        match self.staged {
            Some(set) => tx.upsert_staged(set, self.upserts, self.positions),
            None => tx.upsert_computers(self.upserts),
        }
    }
}

fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%d %H:%M:%S").to_string()
}

/// Runs `plan` against one server. The `test` checks run first: a failing
/// check refuses the run with its message (recorded in the run too).
pub fn run(
    host: &Host,
    cfg: &ServerConfig,
    plan: &Plan,
    locale: &str,
    progress: Progress<'_>,
    cancelled: &dyn Fn() -> bool,
) -> Result<Outcome> {
    let run_id = if plan.dry_run {
        None
    } else {
        Some(runs::start(host, cfg.id, plan.origin)?)
    };
    let result = run_checked(host, cfg, plan, locale, run_id, progress, cancelled);
    if let Some(id) = run_id {
        let (counts, error) = match &result {
            Ok(outcome) => (outcome.counts, None),
            Err((counts, e)) => (*counts, Some(e.message().to_owned())),
        };
        runs::finish(host, id, &counts, error.as_deref())?;
    }
    result.map_err(|(_, e)| e)
}

#[allow(clippy::too_many_arguments)]
fn run_checked(
    host: &Host,
    cfg: &ServerConfig,
    plan: &Plan,
    locale: &str,
    run_id: Option<i64>,
    progress: Progress<'_>,
    cancelled: &dyn Fn() -> bool,
) -> std::result::Result<Outcome, (Counts, Error)> {
    let fail = |e: Error| (Counts::default(), e);
    let (checks, connection) = ocs::checked(host, cfg.id, locale).map_err(fail)?;
    let connection = match (checks.error, connection) {
        (None, Some(connection)) => connection,
        (error, _) => {
            let message = error.unwrap_or_default();
            let text = match checks.detail {
                Some(detail) => format!("{message}\n{detail}"),
                None => message,
            };
            return Err(fail(Error::config(text)));
        }
    };
    let reader = std::sync::Arc::new(Reader::new(connection).map_err(fail)?);
    let mut run = Run {
        host,
        cfg,
        reader,
        run_id,
        counts: Counts::default(),
        linked: HashSet::new(),
        dry_run: plan.dry_run,
        cancelled,
    };
    let mut outcome = Outcome {
        server: cfg.name.clone(),
        run_id,
        ..Outcome::default()
    };
    let result = run.execute(plan, progress, &mut outcome);
    outcome.counts = run.counts;
    match result {
        Ok(()) => Ok(outcome),
        Err(e) => Err((run.counts, e)),
    }
}

impl Run<'_> {
    fn execute(
        &mut self,
        plan: &Plan,
        progress: Progress<'_>,
        outcome: &mut Outcome,
    ) -> Result<()> {
        let targeted = matches!(plan.mode, Mode::Sync { only: Some(_), .. });
        if !self.dry_run && !targeted {
            self.process_deleted(progress)?;
        }
        let mut budget = plan.budget.unwrap_or(usize::MAX);
        let metas = self.reader.metas()?;
        let links = self.links()?;
        // Computers imported by this run are up to date: not synchronised
        // again from the (older) list read before the import.
        let mut imported_now: HashSet<i64> = HashSet::new();
        let tags = self.cfg.tag_filter();
        if matches!(plan.mode, Mode::Import { .. } | Mode::Task) {
            let wanted: Option<HashSet<i64>> = match &plan.mode {
                Mode::Import { ids: Some(ids) } => Some(ids.iter().copied().collect()),
                _ => None,
            };
            let new: Vec<&Meta> = metas
                .iter()
                .filter(|m| !links.contains_key(&m.id) && !m.archived)
                .filter(|m| match &wanted {
                    Some(ids) => ids.contains(&m.id),
                    None => tags.accepts(m.tag.as_deref()),
                })
                .collect();
            if let Some(ids) = &wanted {
                let known: HashSet<i64> = metas.iter().map(|m| m.id).collect();
                if let Some(missing) = ids.iter().find(|id| !known.contains(id)) {
                    return Err(Error::invalid_input(crate::i18n::tr(
                        format!(
                            "OCS computer {missing} does not exist on server {}",
                            self.cfg.name
                        ),
                        format!(
                            "L'ordinateur OCS {missing} n'existe pas sur le serveur {}",
                            self.cfg.name
                        ),
                    )));
                }
                if let Some(linked) = ids.iter().find(|id| links.contains_key(id)) {
                    let computer = links[linked].computers_id;
                    return Err(Error::invalid_input(crate::i18n::tr(
                        format!(
                            "OCS computer {linked} is already linked to computer {computer}; \
                             it is synchronised, not imported"
                        ),
                        format!(
                            "L'ordinateur OCS {linked} est déjà lié à l'ordinateur {computer} ; \
                             il est synchronisé, pas importé"
                        ),
                    )));
                }
            }
            let take = new.len().min(budget);
            outcome.remaining |= take < new.len();
            budget -= take;
            let ids: Vec<i64> = new[..take].iter().map(|m| m.id).collect();
            imported_now.extend(ids.iter().copied());
            let chunk = self.cfg.batch_size().min(WRITE_BATCH);
            let mask = self.cfg.mask();
            let batches: Vec<(Vec<i64>, HashMap<i64, u64>)> = ramped(&ids, chunk)
                .into_iter()
                .map(|b| (b.to_vec(), b.iter().map(|id| (*id, mask)).collect()))
                .collect();
            let mut done = 0;
            progress("import", 0, ids.len() as u64);
            let (host, cfg, dry_run) = (self.host, self.cfg, self.dry_run);
            let reader = self.reader.clone();
            let rules =
                move |machines: &[_]| import_rules_of(host, cfg, &reader, machines, dry_run);
            let finished = self.pipelined(&batches, rules, |run, batch| {
                let n = batch.machines.len();
                let committed = run.import_batch(batch, &mut outcome.decisions)?;
                done += n;
                progress("import", done as u64, ids.len() as u64);
                Ok(committed)
            })?;
            if !finished {
                outcome.remaining = true;
                return Ok(());
            }
        }
        if self.dry_run {
            return Ok(());
        }
        if matches!(plan.mode, Mode::Sync { .. } | Mode::Task) {
            let (force, only): (bool, Option<HashSet<i64>>) = match &plan.mode {
                Mode::Sync { force, only } => (
                    *force,
                    only.as_ref().map(|ids| ids.iter().copied().collect()),
                ),
                _ => (false, None),
            };
            // Links made by this run's imports are read again.
            let links = self.links()?;
            let mask = self.cfg.mask();
            let mut changed: Vec<(&Meta, Link, u64)> = metas
                .iter()
                .filter(|m| !imported_now.contains(&m.id))
                .filter(|m| only.as_ref().is_none_or(|ids| ids.contains(&m.id)))
                .filter_map(|m| {
                    let link = links.get(&m.id)?;
                    let dirty = crate::options::read_together(m.checksum & mask, mask);
                    let newer = link.last_ocs_update.as_deref() != m.lastdate.as_deref();
                    let full = force || link.last_ocs_update.is_none();
                    if full {
                        Some((m, link.clone(), mask))
                    } else if newer || dirty != 0 {
                        Some((m, link.clone(), dirty))
                    } else {
                        None
                    }
                })
                .collect();
            // Oldest inventories first, as GLPI orders them.
            changed.sort_by(|a, b| a.0.lastdate.cmp(&b.0.lastdate));
            let take = changed.len().min(budget);
            outcome.remaining |= take < changed.len();
            let total = take as u64;
            let chunk = self.cfg.batch_size().min(WRITE_BATCH);
            let groups: Vec<&[(&Meta, Link, u64)]> = ramped(&changed[..take], chunk);
            let batches: Vec<(Vec<i64>, HashMap<i64, u64>)> = groups
                .iter()
                .map(|g| {
                    (
                        g.iter().map(|(m, _, _)| m.id).collect(),
                        g.iter().map(|(m, _, b)| (m.id, *b)).collect(),
                    )
                })
                .collect();
            let mut done = 0;
            let mut next = 0;
            progress("sync", 0, total);
            let finished = self.pipelined(
                &batches,
                |_: &[_]| Ok(()),
                |run, batch| {
                    let group = groups[next];
                    next += 1;
                    let committed = run.sync_batch(group, batch.machines, batch.inventories)?;
                    done += group.len() as u64;
                    progress("sync", done, total);
                    Ok(committed)
                },
            )?;
            if !finished {
                outcome.remaining = true;
            }
        }
        Ok(())
    }

    /// Runs `work` on each batch's machines while a second thread reads
    /// the next batch from OCS, maps it to inventories and applies
    /// `decide` (for new machines, the entity and link rules; see
    /// [`import_rules_of`]): reading and writing overlap. What follows a batch's
    /// commit (clearing its checksum bits in OCS, freeing its machines)
    /// runs on a third thread, off the writing thread's path. `false` when
    /// the run was cancelled before the end.
    fn pipelined<D: Send>(
        &mut self,
        batches: &[(Vec<i64>, HashMap<i64, u64>)],
        decide: impl Fn(&[crate::reader::Machine]) -> Result<D> + Sync,
        mut work: impl FnMut(&mut Self, Batch<D>) -> Result<Committed>,
    ) -> Result<bool> {
        let reader = self.reader.clone();
        let reader = &reader;
        let host = self.host.clone();
        let host = &host;
        let cfg = self.cfg;
        let decide = &decide;
        // A dry run writes nothing: no inventory to map.
        let map = !self.dry_run;
        std::thread::scope(|scope| {
            // One reading thread for the run, one batch ahead of the writer.
            let (ahead, ready) = std::sync::mpsc::sync_channel(0);
            let reading = scope.spawn(move || {
                for (ids, bits) in batches {
                    let started = std::time::Instant::now();
                    let mut fetched = std::time::Duration::ZERO;
                    let mut mapped = std::time::Duration::ZERO;
                    let read = reader.fetch(ids, bits).and_then(|machines| {
                        fetched = started.elapsed();
                        let staged = if map {
                            let (inventories, software) = mapping::inventories(cfg, &machines);
                            Some(host.stage_inventories_with_catalog(inventories, software)?)
                        } else {
                            None
                        };
                        mapped = started.elapsed();
                        Ok(Batch {
                            decided: decide(&machines)?,
                            machines,
                            inventories: Inventories::new(staged),
                        })
                    });
                    let ms = |d: std::time::Duration| d.as_millis() as u64;
                    tracing::debug!(
                        computers = ids.len(),
                        read_ms = ms(started.elapsed()),
                        fetch_ms = ms(fetched),
                        stage_ms = ms(mapped.saturating_sub(fetched)),
                        rules_ms = ms(started.elapsed().saturating_sub(mapped)),
                        "batch read from OCS"
                    );
                    let failed = read.is_err();
                    // The writer stopped (an error, a cancel): so does this.
                    if ahead.send(read).is_err() || failed {
                        break;
                    }
                }
            });
            // Committed batches, one waiting at most (memory stays bounded).
            let (committed, finished) = std::sync::mpsc::sync_channel::<Committed>(1);
            let finishing = scope.spawn(move || -> Result<()> {
                for Committed { handled, machines } in finished {
                    // Checksum bits are cleared once parc has committed: a
                    // crash in between re-reads those sections next time.
                    reader.clear_checksums(&handled)?;
                    drop(machines);
                }
                Ok(())
            });
            let mut write_all = || -> Result<bool> {
                for _ in batches {
                    let waited = std::time::Instant::now();
                    let Ok(read) = ready.recv() else {
                        return Err(Error::new("the thread reading OCS failed"));
                    };
                    let batch = read?;
                    tracing::debug!(
                        wait_ms = waited.elapsed().as_millis() as u64,
                        "waited for the OCS reader"
                    );
                    if (self.cancelled)() {
                        return Ok(false);
                    }
                    let done = work(self, batch)?;
                    // The finishing thread stopped on an error: so does the
                    // run (the error is its result).
                    if committed.send(done).is_err() {
                        return Ok(true);
                    }
                }
                Ok(true)
            };
            let written = write_all();
            drop(ready);
            drop(committed);
            let joined = reading.join();
            let finished = finishing
                .join()
                .unwrap_or_else(|_| Err(Error::new("the thread finishing OCS batches failed")));
            match (written, joined, finished) {
                (_, Err(_), _) => Err(Error::new("the thread reading OCS failed")),
                (Err(e), _, _) | (Ok(_), _, Err(e)) => Err(e),
                (written, Ok(()), Ok(())) => written,
            }
        })
    }

    /// The server's links by OCS id.
    fn links(&self) -> Result<HashMap<i64, Link>> {
        let rows = self.host.db().query(
            &format!(
                "SELECT id, computers_id, ocsid, last_ocs_update FROM {LINKS} \
                 WHERE plugin_ocsinventoryng_ocsservers_id = ?"
            ),
            &[self.cfg.id.into()],
        )?;
        Ok(rows
            .rows
            .iter()
            .map(|r| {
                let link = Link {
                    id: r[0].as_i64().unwrap_or_default(),
                    computers_id: r[1].as_u64().unwrap_or_default() as u32,
                    ocsid: r[2].as_i64().unwrap_or_default(),
                    last_ocs_update: r[3].as_str().map(str::to_owned),
                };
                (link.ocsid, link)
            })
            .collect())
    }

    /// Imports (or links) a batch of new OCS machines.
    fn import_batch(
        &mut self,
        batch: Batch<ImportRules>,
        decisions: &mut Vec<Decision>,
    ) -> Result<Committed> {
        let started = std::time::Instant::now();
        let mask = self.cfg.mask();
        let Batch {
            machines,
            inventories,
            decided:
                ImportRules {
                    entities,
                    mut links,
                },
        } = batch;
        // A computer an earlier batch of this run linked is no candidate
        // any more: those machines' link rules run again.
        let stale: Vec<usize> = (0..machines.len())
            .filter(|i| {
                links[*i]
                    .as_ref()
                    .and_then(found_of)
                    .is_some_and(|id| self.linked.contains(&id))
            })
            .collect();
        let again = link_rules_of(
            self.host,
            self.cfg,
            &self.reader,
            &machines,
            &entities,
            &stale,
            self.dry_run,
        )?;
        for (i, link) in stale.into_iter().zip(again) {
            links[i] = Some(link);
        }
        let evaluated = started.elapsed();

        struct Plan {
            code: i64,
            entity: u32,
            computer: Option<u32>,
            rules_id: u32,
            reason: String,
        }
        let mut claimed = HashSet::new();
        let mut plans = Vec::with_capacity(machines.len());
        for (i, machine) in machines.iter().enumerate() {
            let entity_eval = &entities[i];
            let entity_rule = entity_eval.rules_id.unwrap_or_default();
            let plan = if refused(entity_eval) {
                Plan {
                    code: status::LINK_REFUSED,
                    entity: 0,
                    computer: None,
                    rules_id: entity_rule,
                    reason: format!(
                        "Import refused by rule {}",
                        entity_eval.rule_name.clone().unwrap_or_default()
                    ),
                }
            } else if let (Some(entity), Some(link)) = (entity_of(entity_eval), &links[i]) {
                let action = link.output.get("action").and_then(Value::as_i64);
                let found = found_of(link);
                let rules_id = link.rules_id.unwrap_or_default();
                let rule_name = link.rule_name.clone().unwrap_or_default();
                match (action, found) {
                    (Some(0), _) => Plan {
                        code: status::LINK_REFUSED,
                        entity,
                        computer: None,
                        rules_id,
                        reason: format!("Import refused by rule {rule_name}"),
                    },
                    (_, Some(id)) if !self.linked.contains(&id) && claimed.insert(id) => Plan {
                        code: status::LINKED,
                        entity,
                        computer: Some(id),
                        rules_id,
                        reason: format!("linked to computer {id} by rule {rule_name}"),
                    },
                    _ => Plan {
                        code: status::IMPORTED,
                        entity,
                        computer: None,
                        rules_id,
                        reason: if rule_name.is_empty() {
                            "no link rule matched: imported".to_owned()
                        } else {
                            format!("imported by rule {rule_name}")
                        },
                    },
                }
            } else {
                Plan {
                    code: status::FAILED_IMPORT,
                    entity: 0,
                    computer: None,
                    rules_id: 0,
                    reason: "Can't affect an entity: no entity rule matched".to_owned(),
                }
            };
            if self.dry_run {
                let mut explanation = entity_eval.explanation.clone();
                if let Some(link) = &links[i] {
                    explanation.extend(link.explanation.iter().cloned());
                }
                decisions.push(Decision {
                    ocsid: machine.id(),
                    name: machine.hardware.text("NAME").unwrap_or_default(),
                    outcome: status::label(plan.code),
                    entities_id: (plan.code != status::FAILED_IMPORT
                        && plan.code != status::LINK_REFUSED)
                        .then_some(plan.entity),
                    computers_id: plan.computer,
                    entity_rule: entity_eval.rule_name.clone(),
                    link_rule: links[i].as_ref().and_then(|l| l.rule_name.clone()),
                    reason: plan.reason.clone(),
                    explanation,
                });
            }
            plans.push(plan);
        }
        if self.dry_run {
            // Nothing is written: later batches must still not link these.
            self.linked.extend(claimed);
            return Ok(Committed {
                handled: Vec::new(),
                machines,
            });
        }

        // The computers a write linked (rather than imported).
        let linked = |written: &[(usize, u32)]| -> Vec<u32> {
            written
                .iter()
                .filter(|(i, _)| plans[*i].code == status::LINKED)
                .map(|(_, c)| *c)
                .collect()
        };
        let write = |run: &Run<'_>, only: Option<usize>| -> Result<Vec<(usize, u32)>> {
            let tx = run.host.db().begin()?;
            // The whole batch writes the staged inventories; a retry of one
            // computer maps its inventory again.
            let mut items = Items::new(if only.is_none() {
                inventories.take()
            } else {
                None
            });
            let mut index = Vec::new();
            for (i, machine) in machines.iter().enumerate() {
                if only.is_some_and(|o| o != i) {
                    continue;
                }
                let plan = &plans[i];
                if plan.code == status::IMPORTED || plan.code == status::LINKED {
                    let upsert = Upsert {
                        computers_id: plan.computer,
                        entities_id: plan.entity,
                        source: SOURCE.into(),
                        ignore_locks: !run.cfg.on("use_locks"),
                        disconnected: run.cfg.disconnected(),
                        ..Upsert::default()
                    };
                    items.push(i, upsert, || mapping::inventory(run.cfg, machine));
                    index.push(i);
                }
            }
            let upsert_started = std::time::Instant::now();
            let outcomes = items.write(&tx)?;
            let upsert_time = upsert_started.elapsed();
            let written: Vec<(usize, u32)> = index
                .iter()
                .zip(&outcomes)
                .map(|(i, o)| (*i, o.computers_id))
                .collect();
            let relinked = linked(&written);
            if !relinked.is_empty() {
                // GLPI restores a trashed computer it links to.
                tx.restore_computers(&relinked, SOURCE)?;
            }
            let stamp = now();
            let new_links: Vec<(u32, &crate::reader::Machine, u32)> = written
                .iter()
                .map(|(i, computer)| (*computer, &machines[*i], plans[*i].entity))
                .collect();
            insert_links(&tx, run.cfg.id, &new_links, &stamp)?;
            let registries: Vec<(u32, &crate::reader::Machine)> = written
                .iter()
                .map(|(i, computer)| (*computer, &machines[*i]))
                .collect();
            write_registry(&tx, run.cfg, &registries)?;
            let ocsids: Vec<i64> = machines
                .iter()
                .enumerate()
                .filter(|(i, _)| only.is_none_or(|o| o == *i))
                .map(|(_, m)| m.id())
                .collect();
            forget_not_imported(&tx, run.cfg.id, &ocsids)?;
            let computer_of: HashMap<usize, u32> = written.iter().copied().collect();
            let mut details = Vec::new();
            for (i, machine) in machines.iter().enumerate() {
                if only.is_some_and(|o| o != i) {
                    continue;
                }
                let plan = &plans[i];
                let computer = computer_of.get(&i).copied().unwrap_or_default();
                if plan.code == status::LINK_REFUSED || plan.code == status::FAILED_IMPORT {
                    remember_not_imported(
                        &tx,
                        run.cfg,
                        machine,
                        plan.code,
                        plan.rules_id,
                        &plan.reason,
                        &stamp,
                    )?;
                }
                details.push(Detail {
                    ocsid: machine.id(),
                    computer,
                    code: plan.code,
                    reason: plan.reason.clone(),
                    rules_id: plan.rules_id,
                    entity: plan.entity,
                });
            }
            run.details(&tx, &details)?;
            if let Some(id) = run.run_id {
                let mut counts = run.counts;
                for (i, plan) in plans.iter().enumerate() {
                    if only.is_none_or(|o| o == i) {
                        counts.add(plan.code);
                    }
                }
                runs::save_counts(&tx, id, &counts)?;
            }
            let committing = std::time::Instant::now();
            tx.commit()?;
            tracing::debug!(
                upsert_ms = upsert_time.as_millis() as u64,
                commit_ms = committing.elapsed().as_millis() as u64,
                rest_ms = (upsert_started.elapsed() - upsert_time).as_millis() as u64,
                "import batch written"
            );
            Ok(written)
        };
        let written = write(self, None);
        tracing::debug!(
            computers = machines.len(),
            rules_ms = evaluated.as_millis() as u64,
            write_ms = (started.elapsed() - evaluated).as_millis() as u64,
            "import batch"
        );
        match written {
            Ok(written) => {
                self.linked.extend(linked(&written));
                for plan in &plans {
                    self.counts.add(plan.code);
                }
            }
            Err(batch_error) if machines.len() > 1 => {
                // One bad computer must not block the others: write them
                // one by one and record the failing ones with the reason.
                tracing::warn!(error = %batch_error.message(), "import batch failed; retrying computer by computer");
                for (i, machine) in machines.iter().enumerate() {
                    match write(self, Some(i)) {
                        Ok(written) => {
                            self.linked.extend(linked(&written));
                            self.counts.add(plans[i].code);
                        }
                        Err(e) => {
                            self.record_failure(machine, &e)?;
                        }
                    }
                }
            }
            Err(e) => {
                if let Some(machine) = machines.first() {
                    self.record_failure(machine, &e)?;
                } else {
                    return Err(e);
                }
            }
        }
        let handled: Vec<(i64, u64)> = machines
            .iter()
            .map(|m| {
                let checksum = m.hardware.int("CHECKSUM").unwrap_or_default().max(0) as u64;
                (m.id(), checksum & mask)
            })
            .collect();
        Ok(Committed { handled, machines })
    }

    /// Records a computer that could not be written (status failed).
    fn record_failure(&mut self, machine: &crate::reader::Machine, e: &Error) -> Result<()> {
        let reason = format!("failed: {}", e.message());
        let tx = self.host.db().begin()?;
        remember_not_imported(
            &tx,
            self.cfg,
            machine,
            status::FAILED_IMPORT,
            0,
            &reason,
            &now(),
        )?;
        self.detail(&tx, machine.id(), 0, status::FAILED_IMPORT, &reason, 0, 0)?;
        self.counts.failed += 1;
        if let Some(id) = self.run_id {
            runs::save_counts(&tx, id, &self.counts)?;
        }
        tx.commit()
    }

    /// Synchronises a batch of linked machines.
    fn sync_batch(
        &mut self,
        batch: &[(&Meta, Link, u64)],
        machines: Vec<crate::reader::Machine>,
        inventories: Inventories,
    ) -> Result<Committed> {
        let by_id: HashMap<i64, (usize, &crate::reader::Machine)> = machines
            .iter()
            .enumerate()
            .map(|(i, m)| (m.id(), (i, m)))
            .collect();
        let tx = self.host.db().begin()?;
        // Links whose computer vanished (purged outside parc's purge) are
        // dropped: the OCS machine is offered as new again.
        let computers: Vec<u32> = batch.iter().map(|(_, l, _)| l.computers_id).collect();
        let existing = existing_computers(&tx, &computers)?;
        let mut items = Items::new(inventories.take());
        let mut synced = Vec::new();
        for (meta, link, _) in batch {
            let Some(&(index, machine)) = by_id.get(&meta.id) else {
                continue;
            };
            if !existing.contains(&link.computers_id) {
                tx.execute(
                    &format!("DELETE FROM {LINKS} WHERE id = ?"),
                    &[link.id.into()],
                )?;
                continue;
            }
            let upsert = Upsert {
                computers_id: Some(link.computers_id),
                entities_id: 0,
                source: SOURCE.into(),
                // use_locks off: OCS wins over edits made in parc.
                ignore_locks: !self.cfg.on("use_locks"),
                disconnected: self.cfg.disconnected(),
                ..Upsert::default()
            };
            items.push(index, upsert, || mapping::inventory(self.cfg, machine));
            synced.push((*meta, link, machine));
        }
        let upsert_started = std::time::Instant::now();
        let outcomes = items.write(&tx)?;
        let upsert_time = upsert_started.elapsed();
        let registries: Vec<(u32, &crate::reader::Machine)> = synced
            .iter()
            .zip(&outcomes)
            .map(|((_, _, machine), outcome)| (outcome.computers_id, *machine))
            .collect();
        write_registry(&tx, self.cfg, &registries)?;
        let stamp = now();
        let mut counts = self.counts;
        let mut details = Vec::with_capacity(outcomes.len());
        let mut link_updates = Vec::with_capacity(synced.len());
        for ((meta, link, machine), outcome) in synced.iter().zip(&outcomes) {
            let hw = &machine.hardware;
            link_updates.push((
                link.id,
                [
                    hw.text("LASTDATE").into(),
                    hw.text("LASTCOME").into(),
                    meta.deviceid.clone().into(),
                    hw.text("USERAGENT").into(),
                    hw.text("IPSRC").into(),
                    machine.tag().into(),
                ],
            ));
            let reason = if outcome.changes > 0 {
                format!("{} changes", outcome.changes)
            } else {
                "no change".to_owned()
            };
            details.push(Detail {
                ocsid: meta.id,
                computer: outcome.computers_id,
                code: status::SYNCHRONIZED,
                reason,
                rules_id: 0,
                entity: 0,
            });
            counts.add(status::SYNCHRONIZED);
        }
        update_links(&tx, &stamp, &link_updates)?;
        self.details(&tx, &details)?;
        if let Some(id) = self.run_id {
            runs::save_counts(&tx, id, &counts)?;
        }
        tx.commit()?;
        tracing::debug!(
            computers = synced.len(),
            upsert_ms = upsert_time.as_millis() as u64,
            rest_ms = (upsert_started.elapsed() - upsert_time).as_millis() as u64,
            "sync batch written"
        );
        self.counts = counts;
        let handled: Vec<(i64, u64)> = batch
            .iter()
            .map(|(m, _, b)| (m.id, m.checksum & b))
            .collect();
        drop(by_id);
        Ok(Committed { handled, machines })
    }

    /// Consumes `deleted_equiv` completely, in bounded batches.
    fn process_deleted(&mut self, progress: Progress<'_>) -> Result<()> {
        let mut done = 0u64;
        loop {
            let rows: Vec<(String, Option<String>)> = self
                .reader
                .deleted_equiv(DELETED_BATCH)?
                .into_iter()
                .map(|(d, e)| (d, e.filter(|e| e != "NULL")))
                .collect();
            if rows.is_empty() {
                break;
            }
            let tx = self.host.db().begin()?;
            let mut counts = self.counts;
            for (deleted, equivalent) in &rows {
                match equivalent {
                    Some(new) => {
                        if self.merge(&tx, deleted, new)? {
                            counts.add(status::MERGED);
                        }
                    }
                    None => {
                        if self.delete(&tx, deleted)? {
                            counts.add(status::DELETED);
                        }
                    }
                }
            }
            if let Some(id) = self.run_id {
                runs::save_counts(&tx, id, &counts)?;
            }
            tx.commit()?;
            self.counts = counts;
            // Consumed only once parc has committed: a crash in between
            // replays rows whose effect is already there (a no-op).
            self.reader.consume_deleted_equiv(&rows)?;
            done += rows.len() as u64;
            progress("deleted", done, done);
        }
        Ok(())
    }

    /// The link a `deleted_equiv` value designates (an ID, or a DEVICEID).
    fn find_link(&self, tx: &Db, value: &str) -> Result<Option<(i64, u32)>> {
        let (column, param): (&str, Value) = match value.parse::<i64>() {
            Ok(id) => ("ocsid", id.into()),
            Err(_) => ("ocs_deviceid", value.into()),
        };
        let rows = tx.query(
            &format!(
                "SELECT id, computers_id FROM {LINKS} \
                 WHERE plugin_ocsinventoryng_ocsservers_id = ? AND {column} = ?"
            ),
            &[self.cfg.id.into(), param],
        )?;
        Ok(rows.rows.first().map(|r| {
            (
                r[0].as_i64().unwrap_or_default(),
                r[1].as_u64().unwrap_or_default() as u32,
            )
        }))
    }

    /// A merge: the link of the old machine follows the new one.
    fn merge(&mut self, tx: &Db, old: &str, new: &str) -> Result<bool> {
        let Some((link_id, computer)) = self.find_link(tx, old)? else {
            return Ok(false);
        };
        let (new_id, new_deviceid) = match new.parse::<i64>() {
            Ok(id) => {
                let existing = self.reader.existing(&[id])?;
                (id, existing.get(&id).cloned())
            }
            Err(_) => {
                let found = self.reader.by_deviceid(&[new.to_owned()])?;
                match found.get(new) {
                    Some(id) => (*id, Some(new.to_owned())),
                    // The new machine is gone too: nothing to follow.
                    None => return Ok(false),
                }
            }
        };
        if self.find_link(tx, &new_id.to_string())?.is_some() {
            // The new machine was already imported on its own: the old
            // computer is a duplicate and goes the way of deletions.
            return self.delete(tx, old);
        }
        tx.execute(
            &format!(
                "UPDATE {LINKS} SET ocsid = ?, ocs_deviceid = COALESCE(?, ocs_deviceid), \
                 last_ocs_update = NULL WHERE id = ?"
            ),
            &[new_id.into(), new_deviceid.into(), link_id.into()],
        )?;
        let reason = format!("The OCSNG ID of the computer changed from {old} to {new_id}");
        self.detail(tx, new_id, computer, status::MERGED, &reason, 0, 0)?;
        Ok(true)
    }

    /// A deletion: the deleted behaviour, then the link is dropped.
    fn delete(&mut self, tx: &Db, old: &str) -> Result<bool> {
        let Some((link_id, computer)) = self.find_link(tx, old)? else {
            return Ok(false);
        };
        if existing_computers(tx, &[computer])?.contains(&computer) {
            match self.cfg.deleted_behavior() {
                DeletedBehavior::Keep => {}
                DeletedBehavior::Trash => {
                    tx.trash_computers(&[computer], SOURCE)?;
                }
                DeletedBehavior::State(state) => {
                    tx.set_computers_state(&[computer], state, SOURCE)?;
                }
            }
        }
        tx.execute(
            &format!("DELETE FROM {LINKS} WHERE id = ?"),
            &[link_id.into()],
        )?;
        let ocsid = old.parse::<i64>().unwrap_or_default();
        self.detail(tx, ocsid, computer, status::DELETED, "Deleted in OCS", 0, 0)?;
        Ok(true)
    }

    #[allow(clippy::too_many_arguments)]
    fn detail(
        &self,
        tx: &Db,
        ocsid: i64,
        computer: u32,
        code: i64,
        reason: &str,
        rules_id: u32,
        entity: u32,
    ) -> Result<()> {
        self.details(
            tx,
            &[Detail {
                ocsid,
                computer,
                code,
                reason: reason.to_owned(),
                rules_id,
                entity,
            }],
        )
    }

    /// Writes per-computer details of the run, many rows per statement.
    fn details(&self, tx: &Db, details: &[Detail]) -> Result<()> {
        let Some(run) = self.run_id else {
            return Ok(());
        };
        let stamp = now();
        for chunk in details.chunks(200) {
            let mut params: Vec<Value> = Vec::with_capacity(chunk.len() * 9);
            for d in chunk {
                params.extend([
                    run.into(),
                    d.ocsid.into(),
                    d.computer.into(),
                    d.code.into(),
                    d.reason.clone().into(),
                    stamp.clone().into(),
                    d.rules_id.into(),
                    d.entity.into(),
                    self.cfg.id.into(),
                ]);
            }
            tx.execute(
                &format!(
                    "INSERT INTO {DETAILS} (plugin_ocsinventoryng_threads_id, threadid, ocsid, \
                     computers_id, action, reason, process_time, rules_id, entities_id, \
                     plugin_ocsinventoryng_ocsservers_id) VALUES {}",
                    vec!["(?, 0, ?, ?, ?, ?, ?, ?, ?, ?)"; chunk.len()].join(", ")
                ),
                &params,
            )?;
        }
        Ok(())
    }
}

/// One computer's line in a run's details.
struct Detail {
    ocsid: i64,
    computer: u32,
    code: i64,
    reason: String,
    rules_id: u32,
    entity: u32,
}

/// Links new computers to their OCS machines, many rows per statement.
fn insert_links(
    tx: &Db,
    server: i64,
    links: &[(u32, &crate::reader::Machine, u32)],
    stamp: &str,
) -> Result<()> {
    for chunk in links.chunks(200) {
        let mut params: Vec<Value> = Vec::with_capacity(chunk.len() * 11);
        for (computer, machine, entity) in chunk {
            let hw = &machine.hardware;
            params.extend([
                (*computer).into(),
                machine.id().into(),
                hw.text("DEVICEID").unwrap_or_default().into(),
                stamp.into(),
                hw.text("LASTDATE").into(),
                hw.text("LASTCOME").into(),
                hw.text("IPSRC").into(),
                server.into(),
                hw.text("USERAGENT").into(),
                (*entity).into(),
                machine.tag().into(),
            ]);
        }
        tx.execute(
            &format!(
                "INSERT INTO {LINKS} (computers_id, ocsid, ocs_deviceid, use_auto_update, \
                 last_update, last_ocs_update, last_ocs_conn, ip_src, computer_update, \
                 plugin_ocsinventoryng_ocsservers_id, ocs_agent_version, entities_id, tag) VALUES {}",
                vec!["(?, ?, ?, 1, ?, ?, ?, ?, NULL, ?, ?, ?, ?)"; chunk.len()].join(", ")
            ),
            &params,
        )?;
    }
    Ok(())
}

/// What a synchronisation refreshes on a link, from OCS: `last_ocs_update`,
/// `last_ocs_conn`, `ocs_deviceid`, `ocs_agent_version`, `ip_src`, `tag`.
const LINK_REFRESHED: [&str; 6] = [
    "last_ocs_update",
    "last_ocs_conn",
    "ocs_deviceid",
    "ocs_agent_version",
    "ip_src",
    "tag",
];

/// Refreshes synchronised links (`last_update` = `stamp`, and
/// [`LINK_REFRESHED`] per link) with one `CASE` statement per 200 links
/// instead of one statement each.
fn update_links(tx: &Db, stamp: &str, links: &[(i64, [Value; 6])]) -> Result<()> {
    for chunk in links.chunks(200) {
        let mut params: Vec<Value> = vec![stamp.into()];
        let cases: Vec<String> = LINK_REFRESHED
            .iter()
            .enumerate()
            .map(|(column, name)| {
                for (id, values) in chunk {
                    params.push((*id).into());
                    params.push(values[column].clone());
                }
                format!(
                    "{name} = CASE id {} END",
                    vec!["WHEN ? THEN ?"; chunk.len()].join(" ")
                )
            })
            .collect();
        params.extend(chunk.iter().map(|(id, _)| Value::from(*id)));
        tx.execute(
            &format!(
                "UPDATE {LINKS} SET last_update = ?, {} WHERE id IN ({})",
                cases.join(", "),
                vec!["?"; chunk.len()].join(", ")
            ),
            &params,
        )?;
    }
    Ok(())
}

/// Replaces the registry values of computers with what OCS reports, for
/// the machines whose `registry` table was read (`import_registry` on).
fn write_registry(
    tx: &Db,
    cfg: &ServerConfig,
    computers: &[(u32, &crate::reader::Machine)],
) -> Result<()> {
    if !cfg.on("import_registry") {
        return Ok(());
    }
    let read: Vec<&(u32, &crate::reader::Machine)> = computers
        .iter()
        .filter(|(_, m)| m.has(&crate::reader::REGISTRY))
        .collect();
    let ids: Vec<u32> = read.iter().map(|(c, _)| *c).collect();
    delete_registry_keys(tx, &ids)?;
    let rows: Vec<[Value; 5]> = read
        .iter()
        .flat_map(|(computer, machine)| {
            machine.rows(&crate::reader::REGISTRY).iter().map(|r| {
                [
                    Value::from(*computer),
                    r.text("REGTREE").into(),
                    r.text("REGKEY").into(),
                    r.text("REGVALUE").into(),
                    r.text("NAME").into(),
                ]
            })
        })
        .collect();
    for chunk in rows.chunks(200) {
        tx.execute(
            &format!(
                "INSERT INTO {REGISTRY_KEYS} (computers_id, hive, path, value, ocs_name) VALUES {}",
                vec!["(?, ?, ?, ?, ?)"; chunk.len()].join(", ")
            ),
            &chunk.iter().flatten().cloned().collect::<Vec<_>>(),
        )?;
    }
    Ok(())
}

/// Removes the registry values of `computers`.
pub(crate) fn delete_registry_keys(db: &Db, computers: &[u32]) -> Result<()> {
    for chunk in computers.chunks(500) {
        let params: Vec<Value> = chunk.iter().map(|c| Value::from(*c)).collect();
        db.execute(
            &format!(
                "DELETE FROM {REGISTRY_KEYS} WHERE computers_id IN ({})",
                marks(chunk.len())
            ),
            &params,
        )?;
    }
    Ok(())
}

fn forget_not_imported(tx: &Db, server: i64, ocsids: &[i64]) -> Result<()> {
    for chunk in ocsids.chunks(500) {
        let mut params: Vec<Value> = vec![server.into()];
        params.extend(chunk.iter().map(|i| Value::from(*i)));
        tx.execute(
            &format!(
                "DELETE FROM {NOT_IMPORTED} WHERE plugin_ocsinventoryng_ocsservers_id = ? \
                 AND ocsid IN ({})",
                marks(chunk.len())
            ),
            &params,
        )?;
    }
    Ok(())
}

fn remember_not_imported(
    tx: &Db,
    cfg: &ServerConfig,
    machine: &crate::reader::Machine,
    code: i64,
    rules_id: u32,
    reason: &str,
    stamp: &str,
) -> Result<()> {
    forget_not_imported(tx, cfg.id, &[machine.id()])?;
    let hw = &machine.hardware;
    tx.execute(
        &format!(
            "INSERT INTO {NOT_IMPORTED} (entities_id, rules_id, comment, ocsid, \
             plugin_ocsinventoryng_ocsservers_id, ocs_deviceid, useragent, tag, serial, name, \
             ipaddr, domain, last_inventory, reason, date_creation, date_mod) \
             VALUES (0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        ),
        &[
            rules_id.into(),
            reason.into(),
            machine.id().into(),
            cfg.id.into(),
            hw.text("DEVICEID").unwrap_or_default().into(),
            hw.text("USERAGENT").into(),
            machine.tag().into(),
            machine.bios.as_ref().and_then(|b| b.text("SSN")).into(),
            hw.text("NAME").into(),
            hw.text("IPADDR").into(),
            hw.text("WORKGROUP").into(),
            hw.text("LASTDATE").into(),
            code.into(),
            stamp.into(),
            stamp.into(),
        ],
    )?;
    Ok(())
}

/// Which of `ids` are computers of the host.
fn existing_computers(tx: &Db, ids: &[u32]) -> Result<HashSet<u32>> {
    let mut out = HashSet::new();
    for chunk in ids.chunks(500) {
        let params: Vec<Value> = chunk.iter().map(|i| Value::from(*i)).collect();
        let rows = tx.query(
            &format!(
                "SELECT id FROM glpi_computers WHERE id IN ({})",
                marks(chunk.len())
            ),
            &params,
        )?;
        out.extend(
            rows.rows
                .iter()
                .filter_map(|r| r[0].as_u64())
                .map(|i| i as u32),
        );
    }
    Ok(out)
}

/// Unlinked OCS machines for the "import new computers" listing: a keyset
/// page after `after`, within the server's TAG filters (what `import --all`
/// would take), then filtered by TAG and name.
pub fn list_new(
    host: &Host,
    cfg: &ServerConfig,
    reader: &Reader,
    after: i64,
    limit: usize,
    tag: Option<&str>,
    name: Option<&str>,
) -> Result<Vec<Meta>> {
    let rows = host.db().query(
        &format!("SELECT ocsid FROM {LINKS} WHERE plugin_ocsinventoryng_ocsservers_id = ?"),
        &[cfg.id.into()],
    )?;
    let linked: HashSet<i64> = rows.rows.iter().filter_map(|r| r[0].as_i64()).collect();
    let name = name.map(str::to_lowercase);
    let tags = cfg.tag_filter();
    let mut out = Vec::new();
    let mut cursor = after;
    loop {
        let page = reader.page(cursor, 1000)?;
        let Some(last) = page.last() else {
            break;
        };
        cursor = last.id;
        out.extend(page.into_iter().filter(|m| {
            !linked.contains(&m.id)
                && !m.archived
                && tags.accepts(m.tag.as_deref())
                && tag.is_none_or(|t| m.tag.as_deref() == Some(t))
                && name
                    .as_deref()
                    .is_none_or(|n| m.name.to_lowercase().contains(n))
        }));
        if out.len() >= limit {
            out.truncate(limit);
            break;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::ramped;

    #[test]
    fn batches_ramp_up_and_down_around_full_ones() {
        let items: Vec<u32> = (0..1_000).collect();
        let sizes = |n: usize, chunk: usize| -> Vec<usize> {
            let batches = ramped(&items[..n], chunk);
            let flat: Vec<u32> = batches.iter().flat_map(|b| b.iter().copied()).collect();
            assert_eq!(flat, items[..n], "every item once, in order");
            batches.iter().map(|b| b.len()).collect()
        };
        assert_eq!(sizes(1_000, 250), [62, 125, 250, 250, 126, 125, 62]);
        assert_eq!(sizes(500, 250), [62, 125, 126, 125, 62]);
        // Less than two batches, and tiny batches: plain chunks.
        assert_eq!(sizes(499, 250), [250, 249]);
        assert_eq!(sizes(3, 1), [1, 1, 1]);
        assert_eq!(sizes(10, 3), [3, 3, 3, 1]);
        assert!(sizes(0, 250).is_empty());
    }
}
