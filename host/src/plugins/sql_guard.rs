//! The guard on SQL a plugin sends through the host: one statement, parsed
//! with the backend's own dialect, that writes only to the plugin's own
//! `glpi_plugin_<key>_*` tables. Reads of any table are allowed (plugins
//! read the asset store).
//!
//! A plugin must change core tables through host services (the asset
//! store, the rules engine) so that history, locks and trash rules apply.
//! The parser is the first of two layers: below it the database refuses
//! the same writes by itself (SQLite's authorizer, `store::sqlite_authorizer`;
//! on MariaDB a per-plugin account, `store::plugin_accounts`, where parc
//! may create one). A statement the parser cannot read is refused (fail
//! closed), with the parser's message.

use std::collections::HashMap;
use std::ops::ControlFlow;
use std::sync::Mutex;

use sqlparser::ast::{
    AlterTableOperation, AssignmentTarget, CreateTableOptions, Expr, FromTable, ObjectName,
    ObjectNamePart, ObjectType, Query, RenameTableNameKind, SetExpr, Statement, TableFactor,
    TableObject, TableWithJoins, Visit, Visitor,
};
use sqlparser::dialect::{Dialect, MySqlDialect, SQLiteDialect};
use sqlparser::parser::Parser;

use crate::store::Backend;

/// Why a statement is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Refused(pub String);

/// The prefix of the tables a plugin owns.
pub fn table_prefix(key: &str) -> String {
    format!("glpi_plugin_{key}_")
}

/// Whether `table` (a bare name) belongs to plugin `key`.
pub fn owns(key: &str, table: &str) -> bool {
    table
        .to_ascii_lowercase()
        .starts_with(&table_prefix(key).to_ascii_lowercase())
}

/// Checks one statement of plugin `key` for `backend`.
pub fn check(backend: Backend, key: &str, sql: &str) -> Result<(), Refused> {
    let statements = parse(backend, sql)?;
    match statements.as_slice() {
        [] => Err(Refused("empty statement".to_owned())),
        [statement] => check_statement(key, statement),
        _ => Err(Refused(
            "one statement at a time (this text holds several)".to_owned(),
        )),
    }
}

/// Checks a migration script of plugin `key`: several statements may
/// follow each other, each checked as [`check`] does.
pub fn check_script(backend: Backend, key: &str, sql: &str) -> Result<(), Refused> {
    parse(backend, sql)?
        .iter()
        .try_for_each(|statement| check_statement(key, statement))
}

/// The verdicts of one plugin's statements, kept by SQL text so that a
/// statement run thousands of times (an import) is parsed once.
#[derive(Debug)]
pub struct Guard {
    key: String,
    backend: Backend,
    verdicts: Mutex<HashMap<String, Result<(), Refused>>>,
}

/// Distinct statements whose verdict is kept; past that the cache starts
/// over (plugins use a few dozen statements; one that builds SQL text with
/// values inside would otherwise grow it without end).
const KEPT_VERDICTS: usize = 1024;

impl Guard {
    pub fn new(backend: Backend, key: &str) -> Self {
        Self {
            key: key.to_owned(),
            backend,
            verdicts: Mutex::new(HashMap::new()),
        }
    }

    /// [`check`], remembered.
    pub fn check(&self, sql: &str) -> Result<(), Refused> {
        if let Some(verdict) = super::locked(&self.verdicts).get(sql) {
            return verdict.clone();
        }
        let verdict = check(self.backend, &self.key, sql);
        let mut verdicts = super::locked(&self.verdicts);
        if verdicts.len() >= KEPT_VERDICTS {
            verdicts.clear();
        }
        verdicts.insert(sql.to_owned(), verdict.clone());
        verdict
    }
}

fn parse(backend: Backend, sql: &str) -> Result<Vec<Statement>, Refused> {
    // MySQL and MariaDB run the text of `/*! … */` and `/*M! … */` as SQL:
    // what the parser would take for a comment.
    if sql.contains("/*!") || sql.contains("/*M!") || sql.contains("/*m!") {
        return Err(Refused(
            "executable comments (/*! … */) are not allowed for plugins".to_owned(),
        ));
    }
    let dialect: &dyn Dialect = match backend {
        Backend::Sqlite => &SQLiteDialect {},
        Backend::MySql => &MySqlDialect {},
    };
    Parser::parse_sql(dialect, sql)
        .map_err(|e| Refused(format!("parc cannot read this statement ({e}); refused")))
}

fn check_statement(key: &str, statement: &Statement) -> Result<(), Refused> {
    // Writes nested in the statement (`WITH … DELETE`, data-changing
    // subqueries) are checked like top-level ones, and so is every query.
    let mut nested = Nested { key, refused: None };
    let _ = statement.visit(&mut nested);
    if let Some(refused) = nested.refused {
        return Err(refused);
    }
    Ok(())
}

/// Walks every statement, query and expression of a parsed statement.
struct Nested<'a> {
    key: &'a str,
    refused: Option<Refused>,
}

impl Visitor for Nested<'_> {
    type Break = ();

    fn pre_visit_statement(&mut self, statement: &Statement) -> ControlFlow<()> {
        self.verdict(
            written(statement)
                .and_then(|tables| tables.iter().try_for_each(|table| owned(self.key, table))),
        )
    }

    fn pre_visit_query(&mut self, query: &Query) -> ControlFlow<()> {
        self.verdict(no_select_into(&query.body))
    }

    fn pre_visit_expr(&mut self, expr: &Expr) -> ControlFlow<()> {
        if let Expr::Function(function) = expr {
            let name = function.name.to_string().to_ascii_lowercase();
            if FORBIDDEN_FUNCTIONS.contains(&name.as_str()) {
                return self.verdict(Err(Refused(format!("{name}() is not allowed for plugins"))));
            }
        }
        ControlFlow::Continue(())
    }
}

impl Nested<'_> {
    fn verdict(&mut self, verdict: Result<(), Refused>) -> ControlFlow<()> {
        match verdict {
            Ok(()) => ControlFlow::Continue(()),
            Err(refused) => {
                self.refused = Some(refused);
                ControlFlow::Break(())
            }
        }
    }
}

/// Functions that reach files or load code: `LOAD_FILE` (MySQL) reads the
/// server's files, `load_extension` (SQLite) loads native code.
const FORBIDDEN_FUNCTIONS: &[&str] = &["load_file", "load_extension", "sys_exec", "sys_eval"];

/// `SELECT … INTO` (variables, OUTFILE, DUMPFILE, a new table) anywhere in
/// a query body.
fn no_select_into(body: &SetExpr) -> Result<(), Refused> {
    match body {
        SetExpr::Select(select) if select.into.is_some() => Err(Refused(
            "SELECT … INTO is not allowed for plugins".to_owned(),
        )),
        SetExpr::Query(query) => no_select_into(&query.body),
        SetExpr::SetOperation { left, right, .. } => {
            no_select_into(left)?;
            no_select_into(right)
        }
        _ => Ok(()),
    }
}

/// A written table must be the plugin's, named without a database.
fn owned(key: &str, name: &ObjectName) -> Result<(), Refused> {
    let prefix = table_prefix(key);
    let parts: Vec<&str> = name
        .0
        .iter()
        .map(|part| match part {
            ObjectNamePart::Identifier(ident) => Ok(ident.value.as_str()),
            ObjectNamePart::Function(_) => Err(Refused(format!("{name} is not a table name"))),
        })
        .collect::<Result<_, _>>()?;
    match parts.as_slice() {
        [table] if owns(key, table) => Ok(()),
        [schema, table] if schema.eq_ignore_ascii_case("main") && owns(key, table) => Ok(()),
        [.., table] if owns(key, table) => Err(Refused(format!(
            "plugin {key} writes its tables without naming a database: {name}"
        ))),
        _ => Err(Refused(format!(
            "plugin {key} may only write to its own tables ({prefix}*), not {name}"
        ))),
    }
}

/// The tables a statement writes, or why it is refused whatever it names.
fn written(statement: &Statement) -> Result<Vec<ObjectName>, Refused> {
    let refuse = |what: &str| {
        Err(Refused(format!(
            "{what} is not allowed for plugins (only queries, INSERT, REPLACE, UPDATE, \
             DELETE and CREATE/ALTER/DROP/RENAME/TRUNCATE of their own tables and indexes)"
        )))
    };
    match statement {
        Statement::Query(_) => Ok(Vec::new()),
        Statement::Insert(insert) => match &insert.table {
            TableObject::TableName(name) => Ok(vec![name.clone()]),
            _ => refuse("INSERT into a table function"),
        },
        Statement::Update(update) => updated(&update.table, &update.assignments),
        Statement::Delete(delete) => deleted(delete),
        Statement::CreateTable(create) => {
            let options = match &create.table_options {
                CreateTableOptions::None => &[][..],
                CreateTableOptions::With(options)
                | CreateTableOptions::Options(options)
                | CreateTableOptions::Plain(options)
                | CreateTableOptions::TableProperties(options) => options.as_slice(),
            };
            options
                .iter()
                .try_for_each(|option| storage_option(&option.to_string()))?;
            Ok(vec![create.name.clone()])
        }
        Statement::CreateIndex(create) => {
            // SQLite keeps index names beside table names: a plugin's
            // indexes are named as its tables are.
            let mut names = vec![create.table_name.clone()];
            names.extend(create.name.clone());
            Ok(names)
        }
        Statement::AlterTable(alter) => {
            let mut names = vec![alter.name.clone()];
            for operation in &alter.operations {
                storage_option(&operation.to_string())?;
                if let AlterTableOperation::RenameTable { table_name } = operation {
                    names.push(match table_name {
                        RenameTableNameKind::As(name) | RenameTableNameKind::To(name) => {
                            name.clone()
                        }
                    });
                }
            }
            Ok(names)
        }
        Statement::RenameTable(renames) => Ok(renames
            .iter()
            .flat_map(|r| [r.old_name.clone(), r.new_name.clone()])
            .collect()),
        Statement::Drop {
            object_type: ObjectType::Table | ObjectType::Index,
            names,
            table,
            ..
        } => Ok(names.iter().chain(table).cloned().collect()),
        Statement::Drop { object_type, .. } => refuse(&format!("DROP {object_type}")),
        Statement::Truncate(truncate) => Ok(truncate
            .table_names
            .iter()
            .map(|t| t.name.clone())
            .collect()),
        Statement::CreateView(_) => refuse("CREATE VIEW (a view can write the tables it reads)"),
        Statement::CreateTrigger(_) => refuse("CREATE TRIGGER"),
        Statement::LoadData { .. } => refuse("LOAD DATA"),
        Statement::AttachDatabase { .. } => refuse("ATTACH"),
        Statement::Pragma { .. } => refuse("PRAGMA"),
        Statement::Set(_) => refuse("SET"),
        Statement::Grant(_) | Statement::Revoke(_) => refuse("GRANT/REVOKE"),
        Statement::Call(_) => refuse("CALL"),
        Statement::LockTables { .. } | Statement::UnlockTables => refuse("LOCK TABLES"),
        Statement::StartTransaction { .. }
        | Statement::Commit { .. }
        | Statement::Rollback { .. }
        | Statement::Savepoint { .. }
        | Statement::ReleaseSavepoint { .. } => {
            refuse("transaction control in SQL (use the SDK's Db::transaction)")
        }
        other => {
            let text = other.to_string();
            let first = text.split_whitespace().next().unwrap_or("this statement");
            refuse(&first.to_ascii_uppercase())
        }
    }
}

/// MariaDB table options that reach outside the table: files elsewhere
/// (`DATA DIRECTORY`, `INDEX DIRECTORY`), other tables (`UNION=` of a MERGE
/// table), other servers (`CONNECTION=`), or engines other than the usual
/// ones (CONNECT reads and writes files, FEDERATED other servers).
fn storage_option(text: &str) -> Result<(), Refused> {
    let upper = text.to_ascii_uppercase();
    let words: Vec<&str> = upper
        .split(|c: char| c.is_whitespace() || c == '=')
        .filter(|w| !w.is_empty())
        .collect();
    let refused = || {
        Err(Refused(format!(
            "table option {text} is not allowed for plugins"
        )))
    };
    match words.as_slice() {
        ["DATA" | "INDEX", "DIRECTORY", ..] | ["UNION" | "CONNECTION", ..] => refused(),
        ["ENGINE", engine, ..]
            if !matches!(
                engine.trim_matches(|c| c == '\'' || c == '`' || c == '"'),
                "INNODB" | "MYISAM" | "ARIA" | "MEMORY"
            ) =>
        {
            refused()
        }
        _ => Ok(()),
    }
}

/// A table of a `FROM`/`UPDATE` list, with the alias it goes by.
struct Named<'a> {
    name: &'a ObjectName,
    alias: Option<&'a str>,
}

/// Every named table of `tables`, joins included.
fn named_tables<'a>(tables: impl IntoIterator<Item = &'a TableWithJoins>) -> Vec<Named<'a>> {
    fn factor<'a>(factor: &'a TableFactor, out: &mut Vec<Named<'a>>) {
        match factor {
            TableFactor::Table { name, alias, .. } => out.push(Named {
                name,
                alias: alias.as_ref().map(|a| a.name.value.as_str()),
            }),
            TableFactor::NestedJoin {
                table_with_joins, ..
            } => {
                factor_with_joins(table_with_joins, out);
            }
            _ => {}
        }
    }
    fn factor_with_joins<'a>(table: &'a TableWithJoins, out: &mut Vec<Named<'a>>) {
        factor(&table.relation, out);
        for join in &table.joins {
            factor(&join.relation, out);
        }
    }
    let mut out = Vec::new();
    for table in tables {
        factor_with_joins(table, &mut out);
    }
    out
}

/// The table that `reference` (an alias or a table name, as written before
/// a column or in `DELETE t FROM …`) stands for among `tables`.
fn resolve<'a>(tables: &[Named<'a>], reference: &str) -> Option<&'a ObjectName> {
    let last = |name: &ObjectName| match name.0.last() {
        Some(ObjectNamePart::Identifier(ident)) => ident.value.clone(),
        _ => String::new(),
    };
    tables
        .iter()
        .find(|t| t.alias.is_some_and(|a| a.eq_ignore_ascii_case(reference)))
        .or_else(|| {
            tables
                .iter()
                .find(|t| t.alias.is_none() && last(t.name).eq_ignore_ascii_case(reference))
        })
        .map(|t| t.name)
}

/// The tables an UPDATE writes: its one table, or in a multi-table UPDATE
/// the table of each assigned column (which must then be qualified: MySQL
/// would pick any table having that column).
fn updated(
    table: &TableWithJoins,
    assignments: &[sqlparser::ast::Assignment],
) -> Result<Vec<ObjectName>, Refused> {
    let tables = named_tables([table]);
    if table.joins.is_empty() {
        return match tables.as_slice() {
            [only] => Ok(vec![only.name.clone()]),
            _ => Err(Refused("UPDATE of something else than a table".to_owned())),
        };
    }
    let mut written = Vec::new();
    for assignment in assignments {
        let columns = match &assignment.target {
            AssignmentTarget::ColumnName(column) => std::slice::from_ref(column),
            AssignmentTarget::Tuple(columns) => columns.as_slice(),
        };
        for column in columns {
            let qualifier = match column.0.as_slice() {
                [.., ObjectNamePart::Identifier(qualifier), _] => qualifier.value.as_str(),
                _ => {
                    return Err(Refused(format!(
                        "in an UPDATE of several tables, name the table of each assigned \
                         column ({column} has none)"
                    )));
                }
            };
            let target = resolve(&tables, qualifier).ok_or_else(|| {
                Refused(format!(
                    "{column}: {qualifier} is not a table of this UPDATE"
                ))
            })?;
            written.push(target.clone());
        }
    }
    Ok(written)
}

/// The tables a DELETE removes rows from: those named before `FROM` in
/// MySQL's multi-table form, or else every table of its `FROM`.
fn deleted(delete: &sqlparser::ast::Delete) -> Result<Vec<ObjectName>, Refused> {
    let from = match &delete.from {
        FromTable::WithFromKeyword(tables) | FromTable::WithoutKeyword(tables) => tables,
    };
    if delete.tables.is_empty() {
        return Ok(named_tables(from).iter().map(|t| t.name.clone()).collect());
    }
    let tables = named_tables(from.iter().chain(delete.using.iter().flatten()));
    Ok(delete
        .tables
        .iter()
        .map(|name| match name.0.as_slice() {
            [ObjectNamePart::Identifier(reference)] => resolve(&tables, &reference.value)
                .cloned()
                .unwrap_or_else(|| name.clone()),
            _ => name.clone(),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Statements of plugin `example` and whether each backend accepts
    /// them: `Ok(())`, or `Err(part of the reason)`.
    fn verdict(backend: Backend, sql: &str) -> Result<(), String> {
        check(backend, "example", sql).map_err(|e| e.0)
    }

    const BOTH: [Backend; 2] = [Backend::Sqlite, Backend::MySql];

    #[test]
    fn own_tables_may_be_written_and_any_table_read() {
        for sql in [
            "CREATE TABLE IF NOT EXISTS glpi_plugin_example_greetings (id INTEGER)",
            "INSERT INTO glpi_plugin_example_greetings (name) VALUES (?)",
            "INSERT INTO glpi_plugin_example_copy (name) SELECT name FROM glpi_computers",
            "REPLACE INTO glpi_plugin_example_greetings (id, name) VALUES (1, 'a')",
            "UPDATE `glpi_plugin_example_greetings` SET name = 'a;b' WHERE id = 1",
            "DELETE FROM glpi_plugin_example_greetings WHERE id IN (SELECT id FROM glpi_computers)",
            "CREATE INDEX glpi_plugin_example_i ON glpi_plugin_example_greetings (name)",
            "DROP TABLE glpi_plugin_example_a, glpi_plugin_example_b",
            "DROP TABLE IF EXISTS glpi_plugin_example_a",
            "ALTER TABLE glpi_plugin_example_a ADD COLUMN note TEXT",
            "ALTER TABLE glpi_plugin_example_a RENAME TO glpi_plugin_example_b",
            "SELECT * FROM glpi_computers; ",
            "SELECT c.name, COUNT(*) FROM glpi_computers c JOIN glpi_plugin_example_greetings g \
             ON g.id = c.id WHERE c.name LIKE 'a%' GROUP BY c.name ORDER BY 2 DESC LIMIT 5",
            "WITH x AS (SELECT id FROM glpi_computers) SELECT * FROM x",
            "SELECT 1 UNION SELECT 2",
        ] {
            for backend in BOTH {
                assert_eq!(verdict(backend, sql), Ok(()), "{backend:?}: {sql}");
            }
        }
        for sql in [
            "UPDATE glpi_plugin_example_greetings g JOIN glpi_computers c ON c.id = g.id \
             SET g.name = c.name",
            "DELETE g FROM glpi_plugin_example_greetings g JOIN glpi_computers c ON c.id = g.id",
            "DELETE FROM glpi_plugin_example_greetings USING glpi_plugin_example_greetings \
             JOIN glpi_computers ON glpi_computers.id = glpi_plugin_example_greetings.id",
            "RENAME TABLE glpi_plugin_example_a TO glpi_plugin_example_b",
            "TRUNCATE TABLE glpi_plugin_example_a",
            "INSERT INTO glpi_plugin_example_greetings (id, name) VALUES (1, 'a') \
             ON DUPLICATE KEY UPDATE name = VALUES(name)",
            "CREATE TABLE glpi_plugin_example_t (id INT, union_id INT) ENGINE=InnoDB \
             DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci",
            "ALTER TABLE glpi_plugin_example_t ADD COLUMN union_id INT",
            "SELECT 'it\\'s' FROM glpi_computers",
            // One string on MySQL, where the backslash escapes the quote.
            "SELECT '\\'; DELETE FROM glpi_computers; --'",
        ] {
            assert_eq!(verdict(Backend::MySql, sql), Ok(()), "MySQL: {sql}");
        }
        for sql in [
            "UPDATE glpi_plugin_example_greetings SET name = c.name FROM glpi_computers c \
             WHERE c.id = glpi_plugin_example_greetings.id",
            "INSERT INTO glpi_plugin_example_greetings (id, name) VALUES (1, 'a') \
             ON CONFLICT (id) DO UPDATE SET name = excluded.name",
            "INSERT OR REPLACE INTO glpi_plugin_example_greetings (id) VALUES (1)",
        ] {
            assert_eq!(verdict(Backend::Sqlite, sql), Ok(()), "SQLite: {sql}");
        }
    }

    /// Issue 16's statements and their kin: refused, with the reason.
    #[test]
    fn other_tables_and_tricks_are_refused() {
        let both: &[(&str, &str)] = &[
            ("DELETE FROM glpi_computers", "not glpi_computers"),
            ("UPDATE glpi_plugins SET state = 1", "not glpi_plugins"),
            (
                "INSERT INTO glpi_plugin_other_x VALUES (1)",
                "not glpi_plugin_other_x",
            ),
            (
                "INSERT INTO glpi_plugin_examplex_t VALUES (1)",
                "its own tables",
            ),
            (
                "DROP TABLE glpi_plugin_example_a, glpi_rules",
                "not glpi_rules",
            ),
            ("SELECT 1; DROP TABLE glpi_rules", "one statement at a time"),
            ("WITH x AS (SELECT 1) DELETE FROM glpi_rules", ""),
            (
                "CREATE INDEX glpi_plugin_example_i ON glpi_rules (name)",
                "not glpi_rules",
            ),
            (
                "CREATE INDEX glpi_computers_x ON glpi_plugin_example_t (name)",
                "not glpi_computers_x",
            ),
            (
                "ALTER TABLE glpi_plugin_example_t RENAME TO glpi_tickets",
                "not glpi_tickets",
            ),
            (
                "ALTER TABLE glpi_computers ADD COLUMN x INT",
                "not glpi_computers",
            ),
            ("CREATE TABLE glpi_computers (id INT)", "not glpi_computers"),
            (
                "CREATE TEMPORARY TABLE glpi_computers (id INT)",
                "not glpi_computers",
            ),
            (
                "CREATE VIEW glpi_plugin_example_v AS SELECT * FROM glpi_computers",
                "CREATE VIEW",
            ),
            (
                "INSERT INTO glpi_plugin_example_t SELECT * FROM glpi_computers; \
                 DELETE FROM glpi_computers",
                "one statement",
            ),
            (
                "UPDATE glpi_plugin_example_greetings /*!, glpi_computers */ SET name = 'x'",
                "executable comments",
            ),
            (
                "SELECT name FROM glpi_computers /*M! INTO OUTFILE 'x' */",
                "executable comments",
            ),
            ("SELECT load_extension('x')", "load_extension"),
            ("SELECT LOAD_FILE('/etc/passwd')", "load_file"),
            ("BEGIN", ""),
            ("COMMIT", ""),
            ("DROP DATABASE glpi", ""),
            (
                "INSERT INTO other.glpi_plugin_example_t VALUES (1)",
                "without naming a database",
            ),
            ("", "empty statement"),
        ];
        let mariadb_options: &[(&str, &str)] = &[
            (
                "CREATE TABLE glpi_plugin_example_t (id INT) ENGINE=CONNECT",
                "CONNECT is not allowed",
            ),
            (
                "CREATE TABLE glpi_plugin_example_t (id INT) DATA DIRECTORY='/tmp'",
                "",
            ),
            (
                "CREATE TABLE glpi_plugin_example_t (id INT) ENGINE=MERGE UNION=(glpi_computers)",
                "",
            ),
            ("ALTER TABLE glpi_plugin_example_t ENGINE=FEDERATED", ""),
        ];
        let mysql: &[(&str, &str)] = &[
            (
                "UPDATE glpi_plugin_example_greetings, glpi_computers SET glpi_computers.name='pwned'",
                "cannot read",
            ),
            (
                "UPDATE glpi_plugin_example_greetings g JOIN glpi_computers c ON c.id = g.id \
                 SET c.name = 'pwned'",
                "not glpi_computers",
            ),
            (
                "UPDATE glpi_plugin_example_greetings JOIN glpi_computers SET name = 'pwned'",
                "name the table of each assigned column",
            ),
            (
                "DELETE glpi_computers FROM glpi_plugin_example_greetings JOIN glpi_computers",
                "not glpi_computers",
            ),
            (
                "DELETE g, c FROM glpi_plugin_example_greetings g JOIN glpi_computers c ON c.id = g.id",
                "not glpi_computers",
            ),
            (
                "DELETE FROM glpi_computers USING glpi_computers JOIN glpi_plugin_example_greetings",
                "not glpi_computers",
            ),
            (
                "INSERT glpi_computers (name) VALUES ('x') # INTO glpi_plugin_example_greetings",
                "not glpi_computers",
            ),
            ("SELECT name FROM glpi_computers INTO OUTFILE 'out.txt'", ""),
            (
                "SELECT name FROM glpi_computers /*!INTO OUTFILE 'out.txt'*/",
                "executable comments",
            ),
            ("SELECT name INTO @x FROM glpi_computers", "INTO"),
            ("SELECT name INTO DUMPFILE 'x' FROM glpi_computers", ""),
            ("LOAD DATA INFILE 'x' INTO TABLE glpi_plugin_example_t", ""),
            ("SET GLOBAL general_log = 1", "SET"),
            ("SET foreign_key_checks = 0", "SET"),
            ("GRANT ALL ON *.* TO 'x'@'%'", ""),
            ("CALL mysql.something()", ""),
            ("LOCK TABLES glpi_computers WRITE", ""),
            ("HANDLER glpi_computers OPEN", ""),
            (
                "RENAME TABLE glpi_plugin_example_t TO glpi_computers",
                "not glpi_computers",
            ),
            (
                "RENAME TABLE glpi_computers TO glpi_plugin_example_t",
                "not glpi_computers",
            ),
            ("TRUNCATE TABLE glpi_computers", "not glpi_computers"),
            (
                "REPLACE INTO glpi_computers (id) VALUES (1)",
                "not glpi_computers",
            ),
            (
                "CREATE TRIGGER t AFTER INSERT ON glpi_plugin_example_t FOR EACH ROW DELETE FROM glpi_computers",
                "",
            ),
        ];
        let sqlite: &[(&str, &str)] = &[
            (
                "SELECT '\\'; DELETE FROM glpi_computers; --'",
                "one statement",
            ),
            ("ATTACH DATABASE 'x' AS y", ""),
            ("DETACH DATABASE y", ""),
            ("PRAGMA foreign_keys = OFF", ""),
            ("PRAGMA writable_schema = 1", ""),
            ("VACUUM", ""),
            (
                "UPDATE glpi_computers SET name = 'x' FROM glpi_plugin_example_t",
                "not glpi_computers",
            ),
            (
                "INSERT OR REPLACE INTO glpi_computers (id) VALUES (1)",
                "not glpi_computers",
            ),
            ("DELETE FROM sqlite_sequence", "not sqlite_sequence"),
            (
                "CREATE TRIGGER glpi_plugin_example_tr AFTER INSERT ON glpi_plugin_example_t \
                 BEGIN DELETE FROM glpi_computers; END",
                "",
            ),
        ];
        let cases = both
            .iter()
            .flat_map(|case| BOTH.map(|backend| (backend, case)))
            .chain(mysql.iter().map(|case| (Backend::MySql, case)))
            .chain(mariadb_options.iter().map(|case| (Backend::MySql, case)))
            .chain(sqlite.iter().map(|case| (Backend::Sqlite, case)));
        let wrong: Vec<String> = cases
            .filter_map(|(backend, (sql, reason))| match verdict(backend, sql) {
                Ok(()) => Some(format!("{backend:?} accepted: {sql}")),
                Err(why) if !why.contains(reason) => Some(format!("{backend:?}: {sql}: {why}")),
                Err(_) => None,
            })
            .collect();
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn migrations_may_hold_several_statements() {
        let script = "CREATE TABLE glpi_plugin_example_a (id INT, note TEXT DEFAULT 'a;b');\n\
                      CREATE INDEX glpi_plugin_example_a_id ON glpi_plugin_example_a (id);";
        for backend in BOTH {
            check_script(backend, "example", script).unwrap();
            let bad = format!("{script} DROP TABLE glpi_computers;");
            assert!(check_script(backend, "example", &bad).is_err());
        }
    }

    #[test]
    fn verdicts_are_remembered() {
        let guard = Guard::new(Backend::Sqlite, "example");
        for _ in 0..2 {
            guard.check("SELECT 1").unwrap();
            guard.check("DELETE FROM glpi_computers").unwrap_err();
        }
        assert_eq!(super::super::locked(&guard.verdicts).len(), 2);
    }
}
