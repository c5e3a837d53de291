//! SQL of rules (`glpi_rules`, `glpi_rulecriterias`, `glpi_ruleactions`).

use super::datetime::Timestamp;
use parc_plugin_api::messages::RuleSpec;
use serde::Serialize;

use super::{Db, LastId, StoreError, Tx, now, on_db, on_tx};

/// A `glpi_rules` row plus its owner plugin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct RuleRow {
    /// Row id.
    pub id: u32,
    /// Entity.
    pub entities_id: u32,
    /// Collection.
    pub sub_type: String,
    /// Evaluation order, ascending.
    pub ranking: i32,
    /// Name.
    pub name: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// `AND` or `OR`.
    #[serde(rename = "match")]
    #[sqlx(rename = "match")]
    pub match_: Option<String>,
    /// Active flag.
    pub is_active: bool,
    /// Comment.
    pub comment: Option<String>,
    /// Last change.
    pub date_mod: Option<Timestamp>,
    /// Child entities.
    pub is_recursive: bool,
    /// Stable identifier.
    pub uuid: Option<String>,
    /// "Use rule for" bit mask.
    pub condition: i32,
    /// Creation.
    pub date_creation: Option<Timestamp>,
    /// Owner plugin key of a default rule.
    pub plugin: Option<String>,
}

/// Every rule, by collection and ranking.
pub async fn list(db: &Db, sub_type: Option<&str>) -> Result<Vec<RuleRow>, StoreError> {
    let mut sql = String::from(
        "SELECT id, entities_id, sub_type, ranking, name, description, `match`, is_active, comment, \
         date_mod, is_recursive, uuid, `condition`, date_creation, plugin FROM glpi_rules",
    );
    if sub_type.is_some() {
        sql.push_str(" WHERE sub_type = ?");
    }
    sql.push_str(" ORDER BY sub_type, ranking");
    if db.backend() == super::Backend::Sqlite {
        sql = sql.replace('`', "\"");
    }
    Ok(on_db!(db, pool => {
        let mut query = sqlx::query_as(&sql);
        if let Some(sub_type) = sub_type {
            query = query.bind(sub_type);
        }
        query.fetch_all(pool).await?
    }))
}

/// Inserts the default rules of a plugin that are not there yet (by uuid),
/// each at the next free ranking of its collection.
pub(super) async fn register_default_rules(
    tx: &mut Tx,
    key: &str,
    rules: &[RuleSpec],
) -> Result<(), StoreError> {
    let sqlite = matches!(tx, Tx::Sqlite(_));
    let q = |sql: &str| {
        if sqlite {
            sql.replace('`', "\"")
        } else {
            sql.to_owned()
        }
    };
    for rule in rules {
        let exists: Option<u32> = on_tx!(tx, c => sqlx::query_scalar(
            "SELECT id FROM glpi_rules WHERE uuid = ?",
        )
        .bind(&rule.uuid)
        .fetch_optional(&mut **c)
        .await?);
        if exists.is_some() {
            continue;
        }
        let ranking: i64 = on_tx!(tx, c => sqlx::query_scalar(
            "SELECT COALESCE(MAX(ranking), 0) + 1 FROM glpi_rules WHERE sub_type = ?",
        )
        .bind(&rule.sub_type)
        .fetch_one(&mut **c)
        .await?);
        let insert = q(
            "INSERT INTO glpi_rules (entities_id, sub_type, ranking, name, description, \
             `match`, is_active, uuid, `condition`, date_mod, date_creation, plugin) \
             VALUES (0, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)",
        );
        let id: i64 = on_tx!(tx, c => {
            let done = sqlx::query(&insert)
                .bind(&rule.sub_type)
                .bind(ranking)
                .bind(&rule.name)
                .bind(&rule.description)
                .bind(&rule.match_)
                .bind(rule.is_active)
                .bind(&rule.uuid)
                .bind(now())
                .bind(now())
                .bind(key)
                .execute(&mut **c)
                .await?;
            done.last_id()
        });
        let criterion = q(
            "INSERT INTO glpi_rulecriterias (rules_id, criteria, `condition`, pattern) \
             VALUES (?, ?, ?, ?)",
        );
        for c_spec in &rule.criteria {
            on_tx!(tx, c => { sqlx::query(&criterion)
                .bind(id)
                .bind(&c_spec.criteria)
                .bind(c_spec.condition)
                .bind(&c_spec.pattern)
                .execute(&mut **c)
                .await?; });
        }
        for action in &rule.actions {
            on_tx!(tx, c => { sqlx::query(
                "INSERT INTO glpi_ruleactions (rules_id, action_type, field, value) VALUES (?, ?, ?, ?)",
            )
            .bind(id)
            .bind(&action.action_type)
            .bind(&action.field)
            .bind(&action.value)
            .execute(&mut **c)
            .await?; });
        }
    }
    Ok(())
}
