//! SQL of rules (`glpi_rules`, `glpi_rulecriterias`, `glpi_ruleactions`).

use super::datetime::Timestamp;
use parc_plugin_api::messages::RuleSpec;
use serde::Serialize;

use super::rows::placeholders;
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
        let criteria: Vec<(&str, i32, &str)> = rule
            .criteria
            .iter()
            .map(|c| (c.criteria.as_str(), c.condition, c.pattern.as_str()))
            .collect();
        let actions: Vec<(&str, &str, &str)> = rule
            .actions
            .iter()
            .map(|a| (a.action_type.as_str(), a.field.as_str(), a.value.as_str()))
            .collect();
        insert_rule_parts(tx, id, &criteria, &actions).await?;
    }
    Ok(())
}

/// Adds rules a plugin creates at run time (one per OCS server, …): those
/// whose uuid is not there yet, at the next free ranking, owned by the
/// plugin. Returns the id of each rule, in order.
pub async fn add_plugin_rules(
    db: &Db,
    key: &str,
    rules: &[RuleSpec],
) -> Result<Vec<u32>, StoreError> {
    let mut tx = db.begin().await?;
    register_default_rules(&mut tx, key, rules).await?;
    let mut ids = Vec::with_capacity(rules.len());
    for rule in rules {
        let id: u32 = on_tx!(&mut tx, c => sqlx::query_scalar(
            "SELECT id FROM glpi_rules WHERE uuid = ?",
        )
        .bind(&rule.uuid)
        .fetch_one(&mut **c)
        .await?);
        ids.push(id);
    }
    tx.commit().await?;
    Ok(ids)
}

/// Deletes a plugin's rule by uuid, with its criteria and actions; rules of
/// other owners are never touched. Returns whether one was deleted.
pub async fn delete_plugin_rule(db: &Db, key: &str, uuid: &str) -> Result<bool, StoreError> {
    let id: Option<u32> = on_db!(db, pool => sqlx::query_scalar(
        "SELECT id FROM glpi_rules WHERE uuid = ? AND plugin = ?",
    )
    .bind(uuid)
    .bind(key)
    .fetch_optional(pool)
    .await?);
    match id {
        Some(id) => Ok(delete(db, &[id]).await? > 0),
        None => Ok(false),
    }
}

/// A criterion row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct CriterionRow {
    /// Row id.
    pub id: u32,
    /// Rule.
    pub rules_id: u32,
    /// Criterion key.
    pub criteria: Option<String>,
    /// Condition number.
    pub condition: i32,
    /// Pattern.
    pub pattern: Option<String>,
}

/// An action row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct ActionRow {
    /// Row id.
    pub id: u32,
    /// Rule.
    pub rules_id: u32,
    /// `assign`, `regex_result`, …
    pub action_type: Option<String>,
    /// Output field.
    pub field: Option<String>,
    /// Value.
    pub value: Option<String>,
}

/// Writes a new rule's criteria `(criteria, condition, pattern)` and
/// actions `(action_type, field, value)` in the rule's transaction.
async fn insert_rule_parts(
    tx: &mut Tx,
    id: i64,
    criteria: &[(&str, i32, &str)],
    actions: &[(&str, &str, &str)],
) -> Result<(), StoreError> {
    let criterion_sql = if matches!(tx, Tx::Sqlite(_)) {
        "INSERT INTO glpi_rulecriterias (rules_id, criteria, \"condition\", pattern) VALUES (?, ?, ?, ?)"
    } else {
        "INSERT INTO glpi_rulecriterias (rules_id, criteria, `condition`, pattern) VALUES (?, ?, ?, ?)"
    };
    for (criterion, condition, pattern) in criteria {
        on_tx!(tx, c => { sqlx::query(criterion_sql)
            .bind(id)
            .bind(criterion)
            .bind(condition)
            .bind(pattern)
            .execute(&mut **c)
            .await?; });
    }
    for (action_type, field, value) in actions {
        on_tx!(tx, c => { sqlx::query(
            "INSERT INTO glpi_ruleactions (rules_id, action_type, field, value) VALUES (?, ?, ?, ?)",
        )
        .bind(id)
        .bind(action_type)
        .bind(field)
        .bind(value)
        .execute(&mut **c)
        .await?; });
    }
    Ok(())
}

fn q(db: &Db, sql: &str) -> String {
    if db.backend() == super::Backend::Sqlite {
        sql.replace('`', "\"")
    } else {
        sql.to_owned()
    }
}

/// Rules of a collection (active ones only, or all) with their criteria
/// and actions, by ranking.
pub async fn load_full(
    db: &Db,
    sub_type: &str,
    only_active: bool,
) -> Result<Vec<(RuleRow, Vec<CriterionRow>, Vec<ActionRow>)>, StoreError> {
    let mut rules = list(db, Some(sub_type)).await?;
    if only_active {
        rules.retain(|r| r.is_active);
    }
    load_parts(db, rules).await
}

/// Criteria and actions of `rules`.
pub async fn load_parts(
    db: &Db,
    rules: Vec<RuleRow>,
) -> Result<Vec<(RuleRow, Vec<CriterionRow>, Vec<ActionRow>)>, StoreError> {
    if rules.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<u32> = rules.iter().map(|r| r.id).collect();
    let list = super::rows::placeholders(ids.len());
    let criteria_sql = q(
        db,
        &format!(
            "SELECT id, rules_id, criteria, `condition`, pattern FROM glpi_rulecriterias WHERE rules_id IN ({list}) ORDER BY id"
        ),
    );
    let actions_sql = format!(
        "SELECT id, rules_id, action_type, field, value FROM glpi_ruleactions WHERE rules_id IN ({list}) ORDER BY id"
    );
    let (criteria, actions): (Vec<CriterionRow>, Vec<ActionRow>) = on_db!(db, pool => {
        let mut query = sqlx::query_as(&criteria_sql);
        for id in &ids {
            query = query.bind(*id);
        }
        let criteria = query.fetch_all(pool).await?;
        let mut query = sqlx::query_as(&actions_sql);
        for id in &ids {
            query = query.bind(*id);
        }
        (criteria, query.fetch_all(pool).await?)
    });
    Ok(rules
        .into_iter()
        .map(|rule| {
            let c = criteria
                .iter()
                .filter(|c| c.rules_id == rule.id)
                .cloned()
                .collect();
            let a = actions
                .iter()
                .filter(|a| a.rules_id == rule.id)
                .cloned()
                .collect();
            (rule, c, a)
        })
        .collect())
}

/// One rule by id.
pub async fn get(db: &Db, id: u32) -> Result<Option<RuleRow>, StoreError> {
    Ok(list(db, None).await?.into_iter().find(|r| r.id == id))
}

/// A rule to write.
#[derive(Debug, Clone)]
pub struct NewRule {
    /// Stable id.
    pub uuid: String,
    /// Collection.
    pub sub_type: String,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Where it goes in its collection.
    pub placement: Placement,
    /// `AND` / `OR`.
    pub match_: String,
    /// Active.
    pub is_active: bool,
    /// Comment.
    pub comment: String,
    /// (criteria, condition, pattern).
    pub criteria: Vec<(String, i32, String)>,
    /// (action_type, field, value).
    pub actions: Vec<(String, String, String)>,
}

/// Where a rule goes in its collection (rankings ascending: first = lowest).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// A replaced rule keeps its ranking; a new one goes after the last.
    Keep,
    /// This ranking, which must be free (or the rule's own).
    Ranking(i32),
    /// A new rule first of its collection: the others move down by one.
    First,
    /// A new rule at the ranking of rule `id` (same collection), which
    /// moves down by one with every rule after it.
    Before(u32),
}

/// Inserts or replaces (by uuid) a rule with its criteria and actions;
/// returns its id. A ranking taken by another rule of the collection is a
/// conflict; [`Placement::First`] and [`Placement::Before`] make room
/// instead, in the same transaction, so two rules never share a ranking.
pub async fn save(db: &Db, rule: &NewRule) -> Result<u32, StoreError> {
    let mut tx = db.begin().await?;
    let existing: Option<u32> = on_tx!(&mut tx, c => sqlx::query_scalar("SELECT id FROM glpi_rules WHERE uuid = ?")
        .bind(&rule.uuid)
        .fetch_optional(&mut **c)
        .await?);
    if existing.is_some() && matches!(rule.placement, Placement::First | Placement::Before(_)) {
        return Err(StoreError::Conflict(format!(
            "rule {} exists: move it with `parc rules rank`",
            rule.uuid
        )));
    }
    let ranking: i64 = match rule.placement {
        Placement::Ranking(r) => i64::from(r),
        Placement::First | Placement::Before(_) => {
            make_room(&mut tx, &rule.sub_type, rule.placement).await?
        }
        Placement::Keep => match existing {
            Some(id) => {
                on_tx!(&mut tx, c => sqlx::query_scalar("SELECT CAST(ranking AS SIGNED) FROM glpi_rules WHERE id = ?")
                .bind(id)
                .fetch_one(&mut **c)
                .await?)
            }
            None => on_tx!(&mut tx, c => sqlx::query_scalar(
                "SELECT CAST(COALESCE(MAX(ranking), 0) + 1 AS SIGNED) FROM glpi_rules WHERE sub_type = ?",
            )
            .bind(&rule.sub_type)
            .fetch_one(&mut **c)
            .await?),
        },
    };
    let taken: Option<u32> = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT id FROM glpi_rules WHERE sub_type = ? AND ranking = ?",
    )
    .bind(&rule.sub_type)
    .bind(ranking)
    .fetch_optional(&mut **c)
    .await?);
    if let Some(other) = taken
        && Some(other) != existing
    {
        return Err(StoreError::Conflict(format!(
            "ranking {ranking} is already used by rule {other} in {}",
            rule.sub_type
        )));
    }
    let sqlite = matches!(tx, Tx::Sqlite(_));
    let fix = |sql: &str| {
        if sqlite {
            sql.replace('`', "\"")
        } else {
            sql.to_owned()
        }
    };
    let comment = (!rule.comment.is_empty()).then_some(rule.comment.as_str());
    let id = match existing {
        Some(id) => {
            let sql = fix(
                "UPDATE glpi_rules SET sub_type = ?, ranking = ?, name = ?, description = ?, `match` = ?, \
                 is_active = ?, comment = ?, date_mod = ? WHERE id = ?",
            );
            on_tx!(&mut tx, c => {
                sqlx::query(&sql)
                    .bind(&rule.sub_type)
                    .bind(ranking)
                    .bind(&rule.name)
                    .bind(&rule.description)
                    .bind(&rule.match_)
                    .bind(rule.is_active)
                    .bind(comment)
                    .bind(now())
                    .bind(id)
                    .execute(&mut **c)
                    .await?;
                sqlx::query("DELETE FROM glpi_rulecriterias WHERE rules_id = ?").bind(id).execute(&mut **c).await?;
                sqlx::query("DELETE FROM glpi_ruleactions WHERE rules_id = ?").bind(id).execute(&mut **c).await?;
            });
            i64::from(id)
        }
        None => {
            let sql = fix(
                "INSERT INTO glpi_rules (entities_id, sub_type, ranking, name, description, `match`, \
                 is_active, comment, uuid, `condition`, date_mod, date_creation) \
                 VALUES (0, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
            );
            on_tx!(&mut tx, c => {
                let done = sqlx::query(&sql)
                    .bind(&rule.sub_type)
                    .bind(ranking)
                    .bind(&rule.name)
                    .bind(&rule.description)
                    .bind(&rule.match_)
                    .bind(rule.is_active)
                    .bind(comment)
                    .bind(&rule.uuid)
                    .bind(now())
                    .bind(now())
                    .execute(&mut **c)
                    .await?;
                done.last_id()
            })
        }
    };
    let criteria: Vec<(&str, i32, &str)> = rule
        .criteria
        .iter()
        .map(|(c, condition, pattern)| (c.as_str(), *condition, pattern.as_str()))
        .collect();
    let actions: Vec<(&str, &str, &str)> = rule
        .actions
        .iter()
        .map(|(t, f, v)| (t.as_str(), f.as_str(), v.as_str()))
        .collect();
    insert_rule_parts(&mut tx, id, &criteria, &actions).await?;
    tx.commit().await?;
    Ok(u32::try_from(id).unwrap_or_default())
}

/// Frees the ranking a new rule takes ([`Placement::First`]: the lowest
/// of the collection, or 1 in an empty one; [`Placement::Before`]: that
/// rule's) by moving the rules at and after it down by one, the last
/// first, so the unique index never sees two rules at one ranking.
/// Returns the freed ranking.
async fn make_room(tx: &mut Tx, sub_type: &str, placement: Placement) -> Result<i64, StoreError> {
    let target: i64 = match placement {
        Placement::Before(id) => {
            let row: Option<(String, i64)> = on_tx!(tx, c => sqlx::query_as(
                "SELECT sub_type, CAST(ranking AS SIGNED) FROM glpi_rules WHERE id = ?",
            )
            .bind(id)
            .fetch_optional(&mut **c)
            .await?);
            match row {
                Some((other, ranking)) if other.eq_ignore_ascii_case(sub_type) => ranking,
                Some((other, _)) => {
                    return Err(StoreError::Conflict(format!(
                        "rule {id} is a {other} rule, not a {sub_type} one"
                    )));
                }
                None => return Err(StoreError::NotFound(format!("rule {id}"))),
            }
        }
        _ => on_tx!(tx, c => sqlx::query_scalar(
            "SELECT CAST(COALESCE(MIN(ranking), 1) AS SIGNED) FROM glpi_rules WHERE sub_type = ?",
        )
        .bind(sub_type)
        .fetch_one(&mut **c)
        .await?),
    };
    let after: Vec<u32> = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT id FROM glpi_rules WHERE sub_type = ? AND ranking >= ? ORDER BY ranking DESC",
    )
    .bind(sub_type)
    .bind(target)
    .fetch_all(&mut **c)
    .await?);
    for id in after {
        on_tx!(tx, c => { sqlx::query(
            "UPDATE glpi_rules SET ranking = ranking + 1, date_mod = ? WHERE id = ?",
        )
        .bind(now())
        .bind(id)
        .execute(&mut **c)
        .await?; });
    }
    Ok(target)
}

/// Deletes rules with their criteria and actions; returns how many.
pub async fn delete(db: &Db, ids: &[u32]) -> Result<u64, StoreError> {
    let mut tx = db.begin().await?;
    super::rows::delete_in(&mut tx, "glpi_rulecriterias", "rules_id", ids, "").await?;
    super::rows::delete_in(&mut tx, "glpi_ruleactions", "rules_id", ids, "").await?;
    let n = super::rows::delete_in(&mut tx, "glpi_rules", "id", ids, "").await?;
    tx.commit().await?;
    Ok(n)
}

/// Sets `is_active`.
pub async fn set_active(db: &Db, id: u32, active: bool) -> Result<bool, StoreError> {
    Ok(
        on_db!(db, pool => sqlx::query("UPDATE glpi_rules SET is_active = ?, date_mod = ? WHERE id = ?")
        .bind(active)
        .bind(now())
        .bind(id)
        .execute(pool)
        .await?
        .rows_affected() == 1),
    )
}

/// Where `parc rules rank` moves a rule within its collection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    /// To this position, 1 = first (past the end: last).
    Position(usize),
    /// Just before rule `id` of the same collection.
    Before(u32),
}

/// A rule whose ranking a move changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RankChange {
    /// Rule id.
    pub id: u32,
    /// Its name.
    pub name: String,
    /// Ranking before.
    pub old: i32,
    /// Ranking after.
    pub new: i32,
}

/// Moves rule `id` within its collection, in one transaction: the rules
/// keep the collection's rankings (gaps included) in their new order, so
/// only the rules between the old and the new place change. Returns the
/// changes, the moved rule first; none when it was already there.
pub async fn move_rule(db: &Db, id: u32, to: Move) -> Result<Vec<RankChange>, StoreError> {
    let mut tx = db.begin().await?;
    let sub_type: Option<String> = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT sub_type FROM glpi_rules WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(&mut **c)
    .await?);
    let sub_type = sub_type.ok_or_else(|| StoreError::NotFound(format!("rule {id}")))?;
    let rows: Vec<(u32, Option<String>, i64)> = on_tx!(&mut tx, c => sqlx::query_as(
        "SELECT id, name, CAST(ranking AS SIGNED) FROM glpi_rules WHERE sub_type = ? ORDER BY ranking",
    )
    .bind(&sub_type)
    .fetch_all(&mut **c)
    .await?);
    let slots: Vec<i64> = rows.iter().map(|r| r.2).collect();
    let mut order: Vec<&(u32, Option<String>, i64)> = rows.iter().filter(|r| r.0 != id).collect();
    let at = match to {
        Move::Position(position) => position.clamp(1, order.len() + 1) - 1,
        Move::Before(other) if other == id => return Ok(Vec::new()),
        Move::Before(other) => order.iter().position(|r| r.0 == other).ok_or_else(|| {
            StoreError::Conflict(format!("rule {other} is not a {sub_type} rule"))
        })?,
    };
    let Some(moved) = rows.iter().find(|r| r.0 == id) else {
        return Err(StoreError::NotFound(format!("rule {id}")));
    };
    order.insert(at, moved);
    let mut changes: Vec<RankChange> = order
        .iter()
        .zip(&slots)
        .filter(|(row, slot)| row.2 != **slot)
        .map(|(row, slot)| RankChange {
            id: row.0,
            name: row.1.clone().unwrap_or_default(),
            old: i32::try_from(row.2).unwrap_or_default(),
            new: i32::try_from(*slot).unwrap_or_default(),
        })
        .collect();
    changes.sort_by_key(|c| (c.id != id, c.new));
    // Through rankings below the collection's lowest first, so the unique
    // index never sees two rules at one ranking.
    let below = slots.first().copied().unwrap_or(0) - 1;
    for (k, change) in changes.iter().enumerate() {
        on_tx!(&mut tx, c => { sqlx::query("UPDATE glpi_rules SET ranking = ? WHERE id = ?")
            .bind(below - k as i64)
            .bind(change.id)
            .execute(&mut **c)
            .await?; });
    }
    for change in &changes {
        on_tx!(&mut tx, c => { sqlx::query("UPDATE glpi_rules SET ranking = ?, date_mod = ? WHERE id = ?")
            .bind(change.new)
            .bind(now())
            .bind(change.id)
            .execute(&mut **c)
            .await?; });
    }
    tx.commit().await?;
    Ok(changes)
}

/// Entities with an inventory TAG: (id, tag).
pub async fn entity_tags(db: &Db) -> Result<Vec<(u32, String)>, StoreError> {
    Ok(on_db!(db, pool => sqlx::query_as(
        "SELECT id, tag FROM glpi_entities WHERE tag IS NOT NULL AND tag <> ''",
    )
    .fetch_all(pool)
    .await?))
}

/// Which of `ids` have no row in `table` (an id table of the host:
/// entities, locations, groups, users).
pub async fn missing_ids(db: &Db, table: &str, ids: &[u32]) -> Result<Vec<u32>, StoreError> {
    if !matches!(
        table,
        "glpi_entities" | "glpi_locations" | "glpi_groups" | "glpi_users"
    ) {
        return Ok(Vec::new());
    }
    let sql = format!("SELECT COUNT(*) FROM {table} WHERE id = ?");
    let mut missing = Vec::new();
    for id in ids {
        let found: i64 = on_db!(db, pool => sqlx::query_scalar(&sql)
            .bind(*id)
            .fetch_one(pool)
            .await?);
        if found == 0 {
            missing.push(*id);
        }
    }
    Ok(missing)
}

/// Parent links of a tree table: (id, parent).
pub async fn tree(db: &Db, table: &str) -> Result<Vec<(u32, u32)>, StoreError> {
    let parent = match table {
        "glpi_entities" => "COALESCE(entities_id, 0)",
        "glpi_locations" => "locations_id",
        _ => return Ok(Vec::new()),
    };
    let sql = format!("SELECT id, CAST({parent} AS UNSIGNED) FROM {table}");
    let sql = if db.backend() == super::Backend::Sqlite {
        format!("SELECT id, {parent} FROM {table}")
    } else {
        sql
    };
    let rows: Vec<(u32, i64)> = match db {
        Db::Sqlite(pool) => sqlx::query_as(&sql).fetch_all(pool).await?,
        Db::MySql(pool) => {
            let rows: Vec<(u32, u64)> = sqlx::query_as(&sql).fetch_all(pool).await?;
            rows.into_iter().map(|(a, b)| (a, b as i64)).collect()
        }
    };
    Ok(rows
        .into_iter()
        .map(|(id, parent)| (id, parent as u32))
        .collect())
}

/// Computers matching every `find` criterion (name, serial, uuid, mac,
/// ip, model, manufacturer) and whose `empty` fields are empty, not
/// templates, optionally in `entity`, and not in `exclude` (a plugin's
/// table and column of already-linked computers); the trash last.
pub async fn find_computers(
    db: &Db,
    find: &[(String, Vec<String>)],
    empty: &[String],
    entity: Option<u32>,
    exclude: Option<(&str, &str)>,
) -> Result<Vec<u32>, StoreError> {
    let mut conditions = vec!["c.is_template = 0".to_owned()];
    let mut params: Vec<String> = Vec::new();
    for (criteria, values) in find {
        let list = placeholders(values.len());
        let condition = match criteria.as_str() {
            "name" => format!("c.name IN ({list})"),
            "serial" => format!("c.serial IN ({list})"),
            "otherserial" => format!("c.otherserial IN ({list})"),
            "uuid" => format!("LOWER(c.uuid) IN ({list})"),
            "mac" => format!(
                "c.id IN (SELECT p.items_id FROM glpi_networkports p WHERE p.itemtype = 'Computer' AND LOWER(p.mac) IN ({list}))"
            ),
            "ip" => format!(
                "c.id IN (SELECT ip.mainitems_id FROM glpi_ipaddresses ip WHERE ip.mainitemtype = 'Computer' AND ip.name IN ({list}))"
            ),
            "model" => format!(
                "c.computermodels_id IN (SELECT id FROM glpi_computermodels WHERE name IN ({list}))"
            ),
            "manufacturer" => format!(
                "c.manufacturers_id IN (SELECT id FROM glpi_manufacturers WHERE name IN ({list}))"
            ),
            // An unknown global criterion cannot match anything.
            _ => "1 = 0".to_owned(),
        };
        let lower = matches!(criteria.as_str(), "uuid" | "mac");
        params.extend(
            values
                .iter()
                .map(|v| if lower { v.to_lowercase() } else { v.clone() }),
        );
        conditions.push(condition);
    }
    for field in empty {
        let column = match field.as_str() {
            "name" | "serial" | "otherserial" | "uuid" => field.as_str(),
            _ => continue,
        };
        conditions.push(format!("(c.{column} IS NULL OR c.{column} = '')"));
    }
    if let Some(entity) = entity {
        conditions.push(format!("c.entities_id = {entity}"));
    }
    if let Some((table, column)) = exclude {
        conditions.push(format!("c.id NOT IN (SELECT {column} FROM {table})"));
    }
    let sql = format!(
        "SELECT c.id FROM glpi_computers c WHERE {} ORDER BY c.is_deleted, c.id LIMIT 10",
        conditions.join(" AND ")
    );
    Ok(on_db!(db, pool => {
        let mut query = sqlx::query_scalar(&sql);
        for p in &params {
            query = query.bind(p);
        }
        query.fetch_all(pool).await?
    }))
}

/// What a batch lookup needs to know of a candidate computer.
#[derive(Debug, Clone)]
pub struct ComputerFacts {
    /// A template, never found.
    pub is_template: bool,
    /// In the trash (found after the others).
    pub is_deleted: bool,
    /// Entity.
    pub entities_id: u32,
    /// Fields that are empty (`name`, `serial`, `otherserial`, `uuid`).
    pub empty: Vec<&'static str>,
}

impl ComputerFacts {
    /// Whether `field` is empty on the computer (unknown fields are not).
    pub fn is_empty(&self, field: &str) -> bool {
        self.empty.contains(&field)
    }
}

/// Computers whose `criterion` has one of `values` (an indexed equality):
/// (computer id, the stored value).
pub async fn find_candidates(
    db: &Db,
    criterion: &str,
    values: &[String],
) -> Result<Vec<(u32, String)>, StoreError> {
    let mut out = Vec::new();
    for chunk in values.chunks(500) {
        // An unknown global criterion matches nothing.
        let Some(sql) = candidates_sql(criterion, chunk.len()) else {
            return Ok(Vec::new());
        };
        let rows: Vec<(u32, Option<String>, Option<String>)> = on_db!(db, pool => {
            let mut query = sqlx::query_as(&sql);
            for v in chunk {
                query = query.bind(v);
            }
            query.fetch_all(pool).await?
        });
        out.extend(
            rows.into_iter()
                .filter(|(_, _, owner)| owner.as_deref() == Some("Computer"))
                .filter_map(|(id, value, _)| Some((id, value?))),
        );
    }
    Ok(out)
}

/// The query of [`find_candidates`] for `n` values: (owner id, value,
/// owner type). Ports and addresses are searched by value alone and their
/// owner's type checked on the rows: with `itemtype = 'Computer'` in the
/// query, SQLite's planner (which has no statistics) prefers the owner
/// index and reads every computer's ports for each lookup.
fn candidates_sql(criterion: &str, n: usize) -> Option<String> {
    let list = placeholders(n);
    Some(match criterion {
        "name" | "serial" | "otherserial" | "uuid" => format!(
            "SELECT id, {criterion}, 'Computer' FROM glpi_computers WHERE {criterion} IN ({list})"
        ),
        "mac" => {
            format!("SELECT items_id, mac, itemtype FROM glpi_networkports WHERE mac IN ({list})")
        }
        "ip" => format!(
            "SELECT mainitems_id, name, mainitemtype FROM glpi_ipaddresses WHERE name IN ({list})"
        ),
        "model" => format!(
            "SELECT c.id, m.name, 'Computer' FROM glpi_computers c \
             JOIN glpi_computermodels m ON m.id = c.computermodels_id WHERE m.name IN ({list})"
        ),
        "manufacturer" => format!(
            "SELECT c.id, m.name, 'Computer' FROM glpi_computers c \
             JOIN glpi_manufacturers m ON m.id = c.manufacturers_id WHERE m.name IN ({list})"
        ),
        _ => return None,
    })
}

/// Template, trash, entity and empty identity fields of computers.
pub async fn computer_facts(
    db: &Db,
    ids: &[u32],
) -> Result<std::collections::HashMap<u32, ComputerFacts>, StoreError> {
    let mut out = std::collections::HashMap::new();
    for chunk in ids.chunks(500) {
        let sql = format!(
            "SELECT id, is_template, is_deleted, entities_id, name, serial, otherserial, uuid \
             FROM glpi_computers WHERE id IN ({})",
            placeholders(chunk.len())
        );
        // Ids are unsigned on MariaDB: decoded as u32 on both backends.
        type Row = (
            u32,
            i64,
            i64,
            u32,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
        );
        let rows: Vec<Row> = on_db!(db, pool => {
            let mut query = sqlx::query_as(&sql);
            for id in chunk {
                query = query.bind(i64::from(*id));
            }
            query.fetch_all(pool).await?
        });
        for (id, template, deleted, entity, name, serial, otherserial, uuid) in rows {
            let blank = |v: &Option<String>| v.as_deref().is_none_or(str::is_empty);
            let empty = [
                ("name", &name),
                ("serial", &serial),
                ("otherserial", &otherserial),
                ("uuid", &uuid),
            ]
            .into_iter()
            .filter(|(_, v)| blank(v))
            .map(|(f, _)| f)
            .collect();
            out.insert(
                id,
                ComputerFacts {
                    is_template: template != 0,
                    is_deleted: deleted != 0,
                    entities_id: entity,
                    empty,
                },
            );
        }
    }
    Ok(out)
}

/// Which of `ids` appear in `column` of a plugin's `table` (names checked
/// by the caller: plain identifiers of the plugin's own tables).
pub async fn listed_ids(
    db: &Db,
    table: &str,
    column: &str,
    ids: &[u32],
) -> Result<std::collections::HashSet<u32>, StoreError> {
    let mut out = std::collections::HashSet::new();
    for chunk in ids.chunks(500) {
        // A plugin's id column may be signed or not: read as a signed
        // number on both backends.
        let sql = format!(
            "SELECT CAST({column} AS SIGNED) FROM {table} WHERE {column} IN ({})",
            placeholders(chunk.len())
        );
        let rows: Vec<i64> = on_db!(db, pool => {
            let mut query = sqlx::query_scalar(&sql);
            for id in chunk {
                query = query.bind(i64::from(*id));
            }
            query.fetch_all(pool).await?
        });
        out.extend(rows.into_iter().filter_map(|id| u32::try_from(id).ok()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::rows::{Val, insert_many};
    use crate::store::scratch;

    /// A computer and a network device share nothing but the kind of
    /// value: only the computer's port and address are candidates.
    async fn candidates_are_computers(db: &Db) {
        let mut tx = db.begin().await.unwrap();
        let computer = vec![Val::Int(7), Val::Static("pc-7"), Val::Static("S-7")];
        insert_many(
            &mut tx,
            "glpi_computers",
            &["id", "name", "serial"],
            &[computer],
        )
        .await
        .unwrap();
        let port = |owner: &'static str, id: i64, mac: &'static str| {
            vec![Val::Static(owner), Val::Int(id), Val::Static(mac)]
        };
        insert_many(
            &mut tx,
            "glpi_networkports",
            &["itemtype", "items_id", "mac"],
            &[
                port("Computer", 7, "aa:bb:cc:00:00:07"),
                port("NetworkEquipment", 7, "aa:bb:cc:00:00:08"),
            ],
        )
        .await
        .unwrap();
        let address = |owner: &'static str, ip: &'static str| {
            vec![
                Val::Static("NetworkName"),
                Val::Static(owner),
                Val::Int(7),
                Val::Static(ip),
            ]
        };
        insert_many(
            &mut tx,
            "glpi_ipaddresses",
            &["itemtype", "mainitemtype", "mainitems_id", "name"],
            &[
                address("Computer", "10.0.0.7"),
                address("NetworkEquipment", "10.0.0.8"),
            ],
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let find = |criterion: &'static str, values: &[&str]| {
            let values: Vec<String> = values.iter().map(|v| v.to_string()).collect();
            async move { find_candidates(db, criterion, &values).await.unwrap() }
        };
        let serial = find("serial", &["S-7", "S-8"]).await;
        assert_eq!(serial, vec![(7, "S-7".to_owned())]);
        let mac = find("mac", &["aa:bb:cc:00:00:07", "aa:bb:cc:00:00:08"]).await;
        assert_eq!(mac, vec![(7, "aa:bb:cc:00:00:07".to_owned())]);
        let ip = find("ip", &["10.0.0.7", "10.0.0.8"]).await;
        assert_eq!(ip, vec![(7, "10.0.0.7".to_owned())]);
        assert!(find("nothing", &["S-7"]).await.is_empty());
        let facts = computer_facts(db, &[7, 8]).await.unwrap();
        assert_eq!(facts.len(), 1);
        assert!(!facts[&7].is_template && !facts[&7].is_deleted);
        assert_eq!(facts[&7].empty, ["otherserial", "uuid"]);
        let listed = listed_ids(db, "glpi_networkports", "items_id", &[7, 8])
            .await
            .unwrap();
        assert_eq!(listed, [7].into());
    }

    #[test]
    fn candidates_are_searched_through_their_value_index_on_sqlite() {
        scratch::on_sqlite(|db| async move {
            candidates_are_computers(&db).await;
            let Db::Sqlite(pool) = &db else {
                unreachable!()
            };
            for (criterion, index) in [
                ("mac", "glpi_networkports_mac"),
                ("ip", "glpi_ipaddresses_textual"),
                ("serial", "glpi_computers_serial"),
                ("uuid", "glpi_computers_uuid"),
                ("name", "glpi_computers_name"),
            ] {
                let sql = format!(
                    "EXPLAIN QUERY PLAN {}",
                    candidates_sql(criterion, 3).unwrap()
                );
                let mut query = sqlx::query_as(&sql);
                for value in ["a", "b", "c"] {
                    query = query.bind(value);
                }
                let plan: Vec<(i64, i64, i64, String)> = query.fetch_all(pool).await.unwrap();
                let details: Vec<&str> = plan.iter().map(|row| row.3.as_str()).collect();
                assert!(
                    details
                        .iter()
                        .any(|d| d.contains(&format!("INDEX {index} ("))),
                    "{criterion}: {details:?}"
                );
            }
        });
    }

    /// Names of the RuleImportEntity rules by ranking, with the rankings.
    async fn order(db: &Db) -> (Vec<String>, Vec<i32>) {
        let rules = list(db, Some("RuleImportEntity")).await.unwrap();
        (
            rules
                .iter()
                .map(|r| r.name.clone().unwrap_or_default())
                .collect(),
            rules.iter().map(|r| r.ranking).collect(),
        )
    }

    /// `rules rank` to the middle, past the end, first, before another,
    /// in place, and after deletes left gaps: the order changes as asked,
    /// the set of rankings never does, and only the rules between the old
    /// and new places move.
    async fn ranks(db: &Db) {
        let mut ids = std::collections::HashMap::new();
        for name in ["A", "B", "C", "D", "E"] {
            let rule = NewRule {
                uuid: format!("rank-{name}"),
                sub_type: "RuleImportEntity".to_owned(),
                name: name.to_owned(),
                description: String::new(),
                placement: Placement::Keep,
                match_: "AND".to_owned(),
                is_active: true,
                comment: String::new(),
                criteria: vec![("tag".to_owned(), 0, name.to_owned())],
                actions: vec![],
            };
            ids.insert(name, save(db, &rule).await.unwrap());
        }
        let names = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            order(db).await,
            (names(&["A", "B", "C", "D", "E"]), vec![1, 2, 3, 4, 5])
        );
        // To the middle: only E, C and D change.
        let changes = move_rule(db, ids["E"], Move::Position(3)).await.unwrap();
        assert_eq!(
            order(db).await,
            (names(&["A", "B", "E", "C", "D"]), vec![1, 2, 3, 4, 5])
        );
        let moved: Vec<(u32, i32, i32)> = changes.iter().map(|c| (c.id, c.old, c.new)).collect();
        assert_eq!(
            moved,
            vec![(ids["E"], 5, 3), (ids["C"], 3, 4), (ids["D"], 4, 5)]
        );
        // Past the end: last.
        move_rule(db, ids["A"], Move::Position(99)).await.unwrap();
        assert_eq!(order(db).await.0, names(&["B", "E", "C", "D", "A"]));
        // First.
        move_rule(db, ids["D"], Move::Position(1)).await.unwrap();
        assert_eq!(order(db).await.0, names(&["D", "B", "E", "C", "A"]));
        // Before another.
        move_rule(db, ids["A"], Move::Before(ids["B"]))
            .await
            .unwrap();
        assert_eq!(order(db).await.0, names(&["D", "A", "B", "E", "C"]));
        // Where it already is: nothing changes.
        assert!(
            move_rule(db, ids["B"], Move::Position(3))
                .await
                .unwrap()
                .is_empty()
        );
        // Deletes leave gaps; moves keep them.
        delete(db, &[ids["A"], ids["E"]]).await.unwrap();
        assert_eq!(order(db).await, (names(&["D", "B", "C"]), vec![1, 3, 5]));
        move_rule(db, ids["C"], Move::Position(2)).await.unwrap();
        assert_eq!(order(db).await, (names(&["D", "C", "B"]), vec![1, 3, 5]));
        move_rule(db, ids["D"], Move::Position(3)).await.unwrap();
        assert_eq!(order(db).await, (names(&["C", "B", "D"]), vec![1, 3, 5]));
        move_rule(db, ids["D"], Move::Position(2)).await.unwrap();
        assert_eq!(order(db).await, (names(&["C", "D", "B"]), vec![1, 3, 5]));
        // An unknown rule.
        assert!(matches!(
            move_rule(db, 9999, Move::Position(1)).await,
            Err(StoreError::NotFound(_))
        ));
    }

    #[test]
    fn rules_rank_on_sqlite() {
        scratch::on_sqlite(|db| async move { ranks(&db).await });
    }

    #[test]
    fn rules_rank_on_mariadb() {
        scratch::on_mariadb("parc_rules_rank", |db| async move { ranks(&db).await });
    }

    #[test]
    fn candidates_are_computers_on_mariadb() {
        scratch::on_mariadb("parc_candidates", |db| async move {
            candidates_are_computers(&db).await
        });
    }
}
