//! SQL of the computer search: one SELECT over `glpi_computers` with a
//! LEFT JOIN per dropdown the query uses (on its primary key), correlated
//! subqueries for what a computer has several of (software, addresses),
//! and every value bound as a parameter. Same SQL on SQLite and MariaDB.

use serde_json::Value;

use crate::assets::search::{Criterion, Field, Operator, SearchQuery, Source};
use crate::store::{Db, StoreError, plugin_sql};

/// Installed software of `c`, with `s` the software.
const SOFTWARE_FROM: &str = "FROM glpi_items_softwareversions isv \
    JOIN glpi_softwareversions sv ON sv.id = isv.softwareversions_id \
    JOIN glpi_softwares s ON s.id = sv.softwares_id \
    WHERE isv.itemtype = 'Computer' AND isv.items_id = c.id";

/// Network ports of `c`, as `np`.
const PORTS_FROM: &str =
    "FROM glpi_networkports np WHERE np.itemtype = 'Computer' AND np.items_id = c.id";

/// IP addresses of `c`'s ports, as `ip`.
const IPS_FROM: &str = "FROM glpi_networkports np \
    JOIN glpi_networknames nn ON nn.itemtype = 'NetworkPort' AND nn.items_id = np.id \
    JOIN glpi_ipaddresses ip ON ip.itemtype = 'NetworkName' AND ip.items_id = nn.id \
    WHERE np.itemtype = 'Computer' AND np.items_id = c.id";

/// The operating system of `c`, as `os`.
const OS_FROM: &str = "FROM glpi_items_operatingsystems ios \
    JOIN glpi_operatingsystems os ON os.id = ios.operatingsystems_id \
    WHERE ios.itemtype = 'Computer' AND ios.items_id = c.id";

/// Alias of a field's joined dropdown.
fn alias(field: &Field) -> String {
    format!("j_{}", field.name)
}

/// The rows (values in `query.columns` order) of the computers found.
pub async fn search(db: &Db, query: &SearchQuery) -> Result<Vec<Vec<Value>>, StoreError> {
    let (sql, params) = statement(query);
    let rows = plugin_sql::query(db, &sql, &params).await?;
    Ok(rows.rows)
}

/// The SQL and its parameters.
fn statement(query: &SearchQuery) -> (String, Vec<Value>) {
    let mut joins: Vec<&Field> = Vec::new();
    let mut join = |field: &'static Field| {
        if matches!(field.source, Source::Dropdown { .. }) && !joins.contains(&field) {
            joins.push(field);
        }
    };
    for field in &query.columns {
        join(field);
    }
    for criterion in query.criteria.iter().flatten() {
        join(criterion.field);
    }
    if let Some((field, _)) = query.sort {
        join(field);
    }

    let select: Vec<String> = query
        .columns
        .iter()
        .enumerate()
        .map(|(i, f)| format!("{} AS col{i}", value_expr(f)))
        .collect();
    let mut sql = format!("SELECT {} FROM glpi_computers c", select.join(", "));
    for field in &joins {
        if let Source::Dropdown { fk, table, .. } = field.source {
            let a = alias(field);
            sql.push_str(&format!(" LEFT JOIN {table} {a} ON {a}.id = c.{fk}"));
        }
    }
    let mut params = vec![Value::from(i64::from(query.deleted))];
    sql.push_str(" WHERE c.is_deleted = ? AND c.is_template = 0");
    for group in &query.criteria {
        let alternatives: Vec<String> = group
            .iter()
            .map(|criterion| {
                // Validated when the criterion was made.
                params.push(criterion.bound().unwrap_or(Value::Null));
                condition(criterion)
            })
            .collect();
        sql.push_str(&format!(" AND ({})", alternatives.join(" OR ")));
    }
    match query.sort {
        Some((field, desc)) => sql.push_str(&format!(
            " ORDER BY {}{}, c.id",
            value_expr(field),
            if desc { " DESC" } else { "" }
        )),
        None => sql.push_str(" ORDER BY c.id"),
    }
    if let Some(limit) = query.limit {
        sql.push_str(" LIMIT ? OFFSET ?");
        params.push(Value::from(limit));
        params.push(Value::from(query.offset));
    }
    (sql, params)
}

/// The expression of one value of a field (several joined with `,` for
/// multi-valued fields).
fn value_expr(field: &Field) -> String {
    match field.source {
        Source::Column(column) => format!("c.{column}"),
        Source::Dropdown { display, .. } => format!("{}.{display}", alias(field)),
        Source::OperatingSystem => format!("(SELECT MIN(os.name) {OS_FROM})"),
        Source::Software => format!("(SELECT GROUP_CONCAT(s.name) {SOFTWARE_FROM})"),
        Source::Ip => format!("(SELECT GROUP_CONCAT(ip.name) {IPS_FROM})"),
        Source::Mac => format!("(SELECT GROUP_CONCAT(np.mac) {PORTS_FROM})"),
    }
}

/// The positive comparison of `expr` with the bound value.
fn compare(expr: &str, op: Operator) -> String {
    match op {
        Operator::Equals | Operator::NotEquals => format!("{expr} = ?"),
        Operator::Contains | Operator::NotContains => format!("{expr} LIKE ? ESCAPE '!'"),
        Operator::Less => format!("{expr} < ?"),
        Operator::Greater => format!("{expr} > ?"),
    }
}

/// The SQL condition of one criterion (one `?`).
fn condition(criterion: &Criterion) -> String {
    let field = criterion.field;
    let op = criterion.op;
    let (from, item) = match field.source {
        Source::Software => (SOFTWARE_FROM, "s.name"),
        Source::Ip => (IPS_FROM, "ip.name"),
        Source::Mac => (PORTS_FROM, "np.mac"),
        Source::OperatingSystem => (OS_FROM, "os.name"),
        Source::Column(_) | Source::Dropdown { .. } => {
            let expr = value_expr(field);
            let positive = compare(&expr, op);
            // An empty value (NULL, or no dropdown) differs from anything.
            return if op.is_negative() {
                format!("({expr} IS NULL OR NOT ({positive}))")
            } else {
                positive
            };
        }
    };
    // Several values: whether one of them matches.
    let exists = format!("EXISTS (SELECT 1 {from} AND {})", compare(item, op));
    if op.is_negative() {
        format!("NOT {exists}")
    } else {
        exists
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assets::search::SearchQuery;

    #[test]
    fn joins_only_the_dropdowns_used_and_binds_every_value() {
        let query = SearchQuery {
            criteria: SearchQuery::parse_criteria(&[
                "manufacturer=Dell".to_owned(),
                "software~fire|name~pc'".to_owned(),
            ])
            .unwrap(),
            columns: SearchQuery::parse_columns("id,name").unwrap(),
            limit: Some(20),
            offset: 40,
            ..SearchQuery::default()
        };
        let (sql, params) = statement(&query);
        assert_eq!(sql.matches("LEFT JOIN").count(), 1, "{sql}");
        assert!(
            sql.contains("LEFT JOIN glpi_manufacturers j_manufacturer"),
            "{sql}"
        );
        assert!(!sql.contains("pc'"), "values are bound: {sql}");
        assert_eq!(
            params,
            [
                Value::from(0),
                Value::from("Dell"),
                Value::from("%fire%"),
                Value::from("%pc'%"),
                Value::from(20),
                Value::from(40)
            ]
        );
        assert_eq!(sql.matches('?').count(), params.len());
    }
}
