//! SQL of what plugins register: menu entries, pages, commands and rule
//! criteria (`parc_plugin_registrations`), plus the orchestration that
//! writes a whole install or activation in one transaction.

use parc_plugin_api::messages::{ActivateReply, InstallReply};
use serde::Serialize;

use super::{Db, StoreError, Tx, on_db, on_tx};

/// Registrations made at install, kept until uninstall.
pub const PHASE_INSTALL: &str = "install";
/// Registrations made at activation, removed at deactivation.
pub const PHASE_ACTIVATE: &str = "activate";

/// One stored registration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Registration {
    /// Owner plugin key.
    pub plugin: String,
    /// `menu`, `page`, `command`, `task`, `criterion`, `collection`,
    /// `rule_action`, `purge_cascade` or `purge_hook`.
    pub kind: String,
    /// Unique name within the plugin and kind.
    pub name: String,
    /// The registration message, as JSON.
    pub spec: String,
}

/// Registrations of a kind whose plugin is active (state 1), by plugin and
/// insertion order.
pub async fn list_active(db: &Db, kind: &str) -> Result<Vec<Registration>, StoreError> {
    Ok(on_db!(db, pool => sqlx::query_as(
        "SELECT r.plugin, r.kind, r.name, r.spec FROM parc_plugin_registrations r \
         JOIN glpi_plugins p ON p.directory = r.plugin \
         WHERE r.kind = ? AND p.state = 1 ORDER BY r.plugin, r.id",
    )
    .bind(kind)
    .fetch_all(pool)
    .await?))
}

/// Registrations of a kind of every plugin that has them (any state).
pub async fn list_kind(db: &Db, kind: &str) -> Result<Vec<Registration>, StoreError> {
    Ok(on_db!(db, pool => sqlx::query_as(
        "SELECT plugin, kind, name, spec FROM parc_plugin_registrations WHERE kind = ? ORDER BY id",
    )
    .bind(kind)
    .fetch_all(pool)
    .await?))
}

/// Registrations of one plugin, any state.
pub async fn list_for(db: &Db, key: &str) -> Result<Vec<Registration>, StoreError> {
    Ok(on_db!(db, pool => sqlx::query_as(
        "SELECT plugin, kind, name, spec FROM parc_plugin_registrations \
         WHERE plugin = ? ORDER BY id",
    )
    .bind(key)
    .fetch_all(pool)
    .await?))
}

async fn replace_phase(
    tx: &mut Tx,
    key: &str,
    phase: &str,
    rows: &[(&str, String, String)],
) -> Result<(), StoreError> {
    on_tx!(tx, c => {
        sqlx::query("DELETE FROM parc_plugin_registrations WHERE plugin = ? AND phase = ?")
            .bind(key)
            .bind(phase)
            .execute(&mut **c)
            .await?;
        for (kind, name, spec) in rows {
            sqlx::query(
                "INSERT INTO parc_plugin_registrations (plugin, phase, kind, name, spec) \
                 VALUES (?, ?, ?, ?, ?)",
            )
            .bind(key)
            .bind(phase)
            .bind(kind)
            .bind(name)
            .bind(spec)
            .execute(&mut **c)
            .await?;
        }
    });
    Ok(())
}

fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// Writes what an install registered: tasks, default rules, criteria.
/// Tasks the plugin no longer registers are removed; existing tasks and
/// rules keep the administrator's settings.
pub async fn save_install(
    db: &Db,
    key: &str,
    itemtype: &str,
    reply: &InstallReply,
) -> Result<(), StoreError> {
    let mut tx = db.begin().await?;
    super::cron::register_tasks(&mut tx, key, itemtype, &reply.tasks).await?;
    super::rules::register_default_rules(&mut tx, key, &reply.rules).await?;
    let mut rows: Vec<_> = reply
        .criteria
        .iter()
        .map(|c| ("criterion", format!("{}.{}", c.sub_type, c.name), json(c)))
        .collect();
    rows.extend(
        reply
            .tasks
            .iter()
            .map(|t| ("task", t.name.clone(), json(t))),
    );
    rows.extend(
        reply
            .collections
            .iter()
            .map(|c| ("collection", c.sub_type.clone(), json(c))),
    );
    rows.extend(reply.rule_actions.iter().map(|a| {
        (
            "rule_action",
            format!("{}.{}", a.sub_type, a.field),
            json(a),
        )
    }));
    rows.extend(reply.purge_cascades.iter().map(|c| {
        (
            "purge_cascade",
            format!("{}:{}.{}", c.itemtype, c.table, c.column),
            json(c),
        )
    }));
    rows.extend(
        reply
            .purge_hooks
            .iter()
            .map(|itemtype| ("purge_hook", itemtype.clone(), json(itemtype))),
    );
    replace_phase(&mut tx, key, PHASE_INSTALL, &rows).await?;
    tx.commit().await
}

/// Writes what an activation registered (replacing any previous one).
pub async fn save_activation(db: &Db, key: &str, reply: &ActivateReply) -> Result<(), StoreError> {
    let mut rows = Vec::new();
    rows.extend(
        reply
            .pages
            .iter()
            .map(|p| ("page", p.path.clone(), json(p))),
    );
    rows.extend(
        reply
            .menu
            .iter()
            .map(|m| ("menu", format!("{}:{}", m.sector, m.page), json(m))),
    );
    rows.extend(
        reply
            .commands
            .iter()
            .map(|c| ("command", c.name.clone(), json(c))),
    );
    let mut tx = db.begin().await?;
    replace_phase(&mut tx, key, PHASE_ACTIVATE, &rows).await?;
    tx.commit().await
}

/// Removes the activation registrations (deactivate).
pub async fn clear_activation(db: &Db, key: &str) -> Result<(), StoreError> {
    let mut tx = db.begin().await?;
    replace_phase(&mut tx, key, PHASE_ACTIVATE, &[]).await?;
    tx.commit().await
}

/// Removes everything a plugin registered: registrations, its tasks with
/// their logs, its rules with their criteria and actions (uninstall).
pub async fn delete_all(db: &Db, key: &str) -> Result<(), StoreError> {
    let mut tx = db.begin().await?;
    delete_all_in(&mut tx, key).await?;
    tx.commit().await
}

pub(super) async fn delete_all_in(tx: &mut Tx, key: &str) -> Result<(), StoreError> {
    on_tx!(tx, c => {
        for sql in [
            "DELETE FROM parc_plugin_registrations WHERE plugin = ?",
            "DELETE FROM glpi_crontasklogs WHERE crontasks_id IN \
             (SELECT id FROM glpi_crontasks WHERE plugin = ?)",
            "DELETE FROM glpi_crontasks WHERE plugin = ?",
            "DELETE FROM glpi_rulecriterias WHERE rules_id IN \
             (SELECT id FROM glpi_rules WHERE plugin = ?)",
            "DELETE FROM glpi_ruleactions WHERE rules_id IN \
             (SELECT id FROM glpi_rules WHERE plugin = ?)",
            "DELETE FROM glpi_rules WHERE plugin = ?",
        ] {
            sqlx::query(sql).bind(key).execute(&mut **c).await?;
        }
    });
    Ok(())
}
