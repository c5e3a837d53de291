//! `import`, `sync`, `new`, `runs` and `notimported`: the commands that
//! work on computers (the `server` commands live in `cli`).

use parc_plugin_api::{CommandRun, Error, Host, Result};
use serde::Serialize;

use crate::cli::{Cmd, NotImportedCmd, RunsCmd};
use crate::config::ServerConfig;
use crate::process::{self, Mode, Outcome, Plan};
use crate::schema::{NOT_IMPORTED, SERVERS};
use crate::{ocs, reader, runs, server};

fn json<T: Serialize>(command: &CommandRun, value: &T) -> Result<()> {
    let text = serde_json::to_string_pretty(value).map_err(|e| Error::new(e.to_string()))?;
    command.out(&format!("{text}\n"))
}

/// The servers a command works on: the named one, or every active one.
fn servers(host: &Host, name: Option<&str>) -> Result<Vec<ServerConfig>> {
    match name {
        Some(name) => {
            let found = server::find(host, name)?
                .ok_or_else(|| Error::invalid_input(format!("no OCS server named {name}")))?;
            Ok(vec![ServerConfig::load(host, found.id)?])
        }
        None => {
            let rows = host.db().query(
                &format!("SELECT id FROM {SERVERS} WHERE is_active = 1 ORDER BY id"),
                &[],
            )?;
            if rows.rows.is_empty() {
                return Err(Error::invalid_input(
                    "no active OCS server: add one with `parc ocsinventoryng server add`",
                ));
            }
            rows.rows
                .iter()
                .map(|r| ServerConfig::load(host, r[0].as_i64().unwrap_or_default()))
                .collect()
        }
    }
}

/// A progress line on a terminal's stderr (nothing when not a terminal).
fn progress_bar(command: &CommandRun) -> impl FnMut(&str, u64, u64) + '_ {
    let terminal = command.stdout_is_terminal();
    move |phase: &str, done: u64, total: u64| {
        if !terminal || total == 0 {
            return;
        }
        let width = 30;
        let filled = (done * width / total.max(1)) as usize;
        let bar = format!(
            "\r{phase:>8} [{}{}] {done}/{total}",
            "=".repeat(filled),
            " ".repeat(width as usize - filled)
        );
        let _ = command.err(&bar);
        if done >= total {
            let _ = command.err("\n");
        }
    }
}

fn summary(outcome: &Outcome) -> String {
    let c = &outcome.counts;
    format!(
        "{}: imported {}, linked {}, synchronized {}, refused {}, no entity rule {}, failed {}, \
         deleted {}, merged {}{}{}\n",
        outcome.server,
        c.imported,
        c.linked,
        c.synchronized,
        c.link_refused,
        c.failed_rules,
        c.failed,
        c.deleted,
        c.merged,
        outcome
            .run_id
            .map(|id| format!(" (run {id})"))
            .unwrap_or_default(),
        if outcome.remaining {
            "; more remains"
        } else {
            ""
        }
    )
}

fn execute(
    host: &Host,
    command: &CommandRun,
    server: Option<&str>,
    plan: &Plan,
    as_json: bool,
) -> Result<i32> {
    let locale = host.info()?.locale;
    let mut outcomes = Vec::new();
    let mut code = 0;
    for cfg in servers(host, server)? {
        let mut bar = progress_bar(command);
        match process::run(host, &cfg, plan, &locale, &mut bar, &|| false) {
            Ok(outcome) => outcomes.push(outcome),
            Err(e) => {
                command.err(&format!("{}: {}\n", cfg.name, e.message()))?;
                code = 1;
            }
        }
    }
    if as_json {
        json(command, &outcomes)?;
    } else {
        for outcome in &outcomes {
            if !outcome.decisions.is_empty() {
                let rows: Vec<Vec<String>> = outcome
                    .decisions
                    .iter()
                    .map(|d| {
                        vec![
                            d.ocsid.to_string(),
                            d.name.clone(),
                            d.outcome.to_string(),
                            d.entities_id.map_or("-".into(), |e| e.to_string()),
                            d.link_rule
                                .clone()
                                .or_else(|| d.entity_rule.clone())
                                .unwrap_or("-".into()),
                            d.reason.clone(),
                        ]
                    })
                    .collect();
                command.table(
                    &["ocs id", "name", "outcome", "entity", "rule", "reason"],
                    &rows,
                )?;
            }
            if plan.dry_run {
                command.out(&format!(
                    "{}: dry run, nothing written (what the rules decide is above)\n",
                    outcome.server
                ))?;
            } else {
                command.out(&summary(outcome))?;
            }
        }
    }
    Ok(code)
}

pub fn run(host: &Host, command: &CommandRun, cmd: Cmd) -> Result<i32> {
    match cmd {
        Cmd::Server(_) => Err(Error::new("server commands are handled by the cli module")),
        Cmd::Import {
            server,
            all,
            ids,
            dry_run,
            json: as_json,
        } => {
            if !all && ids.is_empty() {
                return Err(Error::invalid_input(
                    "say which computers: --all, or OCS ids (see `parc ocsinventoryng new`)",
                ));
            }
            let plan = Plan {
                mode: Mode::Import {
                    ids: (!all).then_some(ids),
                },
                budget: None,
                dry_run,
                origin: "cli",
            };
            execute(host, command, server.as_deref(), &plan, as_json)
        }
        Cmd::Sync {
            server,
            all,
            json: as_json,
        } => {
            let plan = Plan {
                mode: Mode::Sync { force: all },
                budget: None,
                dry_run: false,
                origin: "cli",
            };
            execute(host, command, server.as_deref(), &plan, as_json)
        }
        Cmd::New {
            server,
            after,
            limit,
            tag,
            name,
            json: as_json,
        } => {
            let configs = servers(host, server.as_deref())?;
            let [cfg] = configs.as_slice() else {
                return Err(Error::invalid_input(
                    "several active servers: say which with --server",
                ));
            };
            let endpoint = ocs::endpoint(host, cfg.id)?;
            let reader = reader::Reader::new(ocs::connect(host, &endpoint)?)?;
            let page = process::list_new(
                host,
                cfg,
                &reader,
                after,
                limit,
                tag.as_deref(),
                name.as_deref(),
            )?;
            #[derive(Serialize)]
            struct Row<'a> {
                ocsid: i64,
                name: &'a str,
                deviceid: &'a str,
                tag: Option<&'a str>,
                lastdate: Option<&'a str>,
            }
            let rows: Vec<Row<'_>> = page
                .iter()
                .map(|m| Row {
                    ocsid: m.id,
                    name: &m.name,
                    deviceid: &m.deviceid,
                    tag: m.tag.as_deref(),
                    lastdate: m.lastdate.as_deref(),
                })
                .collect();
            if as_json {
                json(command, &rows)?;
            } else {
                let cells: Vec<Vec<String>> = rows
                    .iter()
                    .map(|r| {
                        vec![
                            r.ocsid.to_string(),
                            r.name.to_owned(),
                            r.tag.unwrap_or("-").to_owned(),
                            r.lastdate.unwrap_or("-").to_owned(),
                        ]
                    })
                    .collect();
                command.table(&["ocs id", "name", "tag", "last inventory"], &cells)?;
                if let Some(last) = rows.last().filter(|_| rows.len() == limit) {
                    command.err(&format!("next page: --after {}\n", last.ocsid))?;
                }
            }
            Ok(0)
        }
        Cmd::Runs(RunsCmd::List {
            limit,
            json: as_json,
        }) => {
            let list = runs::list(host, limit)?;
            if as_json {
                json(command, &list)?;
            } else {
                let rows: Vec<Vec<String>> = list
                    .iter()
                    .map(|r| {
                        vec![
                            r.id.to_string(),
                            r.server.clone(),
                            r.origin.clone(),
                            r.start_time.clone().unwrap_or("-".into()),
                            r.status.to_string(),
                            r.imported.to_string(),
                            r.linked.to_string(),
                            r.synchronized.to_string(),
                            (r.refused + r.no_rule).to_string(),
                            r.deleted.to_string(),
                            r.failed.to_string(),
                            r.error
                                .as_deref()
                                .and_then(|e| e.lines().next())
                                .unwrap_or("-")
                                .to_owned(),
                        ]
                    })
                    .collect();
                command.table(
                    &[
                        "id",
                        "server",
                        "origin",
                        "started",
                        "status",
                        "imported",
                        "linked",
                        "synchronized",
                        "refused",
                        "deleted",
                        "failed",
                        "error",
                    ],
                    &rows,
                )?;
            }
            Ok(0)
        }
        Cmd::Runs(RunsCmd::Show { id, json: as_json }) => {
            let (run, details) = runs::show(host, id)?;
            if as_json {
                #[derive(Serialize)]
                struct Shown<'a> {
                    run: &'a runs::RunRow,
                    details: &'a [runs::DetailRow],
                }
                json(
                    command,
                    &Shown {
                        run: &run,
                        details: &details,
                    },
                )?;
            } else {
                command.out(&format!(
                    "run {} on {} ({}), {} → {}: {}\n",
                    run.id,
                    run.server,
                    run.origin,
                    run.start_time.as_deref().unwrap_or("-"),
                    run.end_time.as_deref().unwrap_or("-"),
                    run.status
                ))?;
                if let Some(error) = &run.error {
                    command.out(&format!("error: {error}\n"))?;
                }
                let rows: Vec<Vec<String>> = details
                    .iter()
                    .map(|d| {
                        vec![
                            d.ocsid.to_string(),
                            d.computers_id.to_string(),
                            d.outcome.to_string(),
                            d.reason.to_string(),
                        ]
                    })
                    .collect();
                command.table(&["ocs id", "computer", "outcome", "reason"], &rows)?;
            }
            Ok(0)
        }
        Cmd::Notimported(NotImportedCmd::List { json: as_json }) => {
            let rows = host.db().query(
                &format!(
                    "SELECT n.ocsid, n.name, n.tag, n.serial, n.reason, n.comment, s.name, n.date_mod \
                     FROM {NOT_IMPORTED} n LEFT JOIN {SERVERS} s \
                     ON s.id = n.plugin_ocsinventoryng_ocsservers_id ORDER BY n.ocsid"
                ),
                &[],
            )?;
            #[derive(Serialize)]
            struct Row {
                ocsid: i64,
                name: Option<String>,
                tag: Option<String>,
                serial: Option<String>,
                outcome: &'static str,
                reason: Option<String>,
                server: Option<String>,
                date: Option<String>,
            }
            let text = |v: &serde_json::Value| v.as_str().map(str::to_owned);
            let list: Vec<Row> = rows
                .rows
                .iter()
                .map(|r| Row {
                    ocsid: r[0].as_i64().unwrap_or_default(),
                    name: text(&r[1]),
                    tag: text(&r[2]),
                    serial: text(&r[3]),
                    outcome: process::status::label(r[4].as_i64().unwrap_or_default()),
                    reason: text(&r[5]),
                    server: text(&r[6]),
                    date: text(&r[7]),
                })
                .collect();
            if as_json {
                json(command, &list)?;
            } else {
                let rows: Vec<Vec<String>> = list
                    .iter()
                    .map(|r| {
                        let or_dash = |v: &Option<String>| v.clone().unwrap_or("-".into());
                        vec![
                            r.ocsid.to_string(),
                            or_dash(&r.name),
                            or_dash(&r.tag),
                            r.outcome.to_owned(),
                            or_dash(&r.reason),
                            or_dash(&r.server),
                            or_dash(&r.date),
                        ]
                    })
                    .collect();
                command.table(
                    &[
                        "ocs id", "name", "tag", "outcome", "reason", "server", "date",
                    ],
                    &rows,
                )?;
            }
            Ok(0)
        }
    }
}
