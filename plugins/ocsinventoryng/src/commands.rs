//! `import`, `sync`, `new`, `runs` and `notimported`: the commands that
//! work on computers (the `server` commands live in `cli`).

use parc_plugin_api::{CommandRun, Error, Host, Result};
use serde::Serialize;

use crate::cli::{Cmd, LinksCmd, NotImportedCmd, RunsCmd};
use crate::config::ServerConfig;
use crate::i18n::{self, tr};
use crate::process::{self, Mode, Outcome, Plan};
use crate::schema::{NOT_IMPORTED, SERVERS};
use crate::{links, ocs, reader, runs, server};

fn json<T: Serialize>(command: &CommandRun, value: &T) -> Result<()> {
    let text = serde_json::to_string_pretty(value).map_err(|e| Error::new(e.to_string()))?;
    command.out(&format!("{text}\n"))
}

/// Headers of a links listing (as [`link_cells`] fills them).
const LINK_HEADERS: &[&str] = &[
    "server",
    "ocs id",
    "device id",
    "computer",
    "name",
    "last update",
];

fn link_cells(l: &links::LinkRow) -> Vec<String> {
    let or_dash = |v: &Option<String>| v.clone().filter(|v| !v.is_empty()).unwrap_or("-".into());
    vec![
        or_dash(&l.server),
        l.ocsid.to_string(),
        or_dash(&l.ocs_deviceid),
        l.computers_id.to_string(),
        l.computer_name
            .clone()
            .unwrap_or_else(|| tr("(purged)", "(purgé)").to_owned()),
        or_dash(&l.last_update),
    ]
}

/// "no OCS server named …".
pub(crate) fn no_server(name: &str) -> String {
    tr(
        format!("no OCS server named {name}"),
        format!("aucun serveur OCS nommé {name}"),
    )
}

/// The servers a command works on: the named one, or every active one.
fn servers(host: &Host, name: Option<&str>) -> Result<Vec<ServerConfig>> {
    match name {
        Some(name) => {
            let found =
                server::find(host, name)?.ok_or_else(|| Error::invalid_input(no_server(name)))?;
            Ok(vec![ServerConfig::load(host, found.id)?])
        }
        None => {
            let rows = host.db().query(
                &format!("SELECT id FROM {SERVERS} WHERE is_active = 1 ORDER BY id"),
                &[],
            )?;
            if rows.rows.is_empty() {
                return Err(Error::invalid_input(tr(
                    "no active OCS server: add one with `parc ocsinventoryng server add`",
                    "aucun serveur OCS actif : ajoutez-en un avec `parc ocsinventoryng server add`",
                )));
            }
            rows.rows
                .iter()
                .map(|r| ServerConfig::load(host, r[0].as_i64().unwrap_or_default()))
                .collect()
        }
    }
}

/// The one server a command works on: the named one, or the only active
/// one.
fn one_server(host: &Host, name: Option<&str>) -> Result<ServerConfig> {
    let mut configs = servers(host, name)?;
    if configs.len() > 1 {
        return Err(Error::invalid_input(tr(
            "several active OCS servers: say which with --server",
            "plusieurs serveurs OCS actifs : précisez lequel avec --server",
        )));
    }
    Ok(configs.remove(0))
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
    let run = outcome
        .run_id
        .map(|id| tr(format!(" (run {id})"), format!(" (exécution {id})")))
        .unwrap_or_default();
    let more = if outcome.remaining {
        tr("; more remains", "; il en reste")
    } else {
        ""
    };
    format!(
        "{}{} {}{run}{more}\n",
        outcome.server,
        tr(":", " :"),
        runs::counts_text(&outcome.counts)
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
                command.err(&format!("{}{} {}\n", cfg.name, tr(":", " :"), e.message()))?;
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
                command.out(&tr(
                    format!(
                        "{}: dry run, nothing written (what the rules decide is above)\n",
                        outcome.server
                    ),
                    format!(
                        "{} : simulation, rien n'est écrit (ce que décident les règles est ci-dessus)\n",
                        outcome.server
                    ),
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
                return Err(Error::invalid_input(tr(
                    "say which computers: --all, or OCS ids (see `parc ocsinventoryng new`)",
                    "précisez quels ordinateurs : --all, ou des id OCS (voir `parc ocsinventoryng new`)",
                )));
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
                mode: Mode::Sync {
                    force: all,
                    only: None,
                },
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
            let cfg = &one_server(host, server.as_deref())?;
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
                    command.err(&format!(
                        "{} --after {}\n",
                        tr("next page:", "page suivante :"),
                        last.ocsid
                    ))?;
                }
            }
            Ok(0)
        }
        Cmd::Link {
            ocsid,
            computer,
            server,
            json: as_json,
        } => {
            let cfg = one_server(host, server.as_deref())?;
            let linked = links::link(host, &cfg, ocsid, computer)?;
            command.err(&tr(
                format!(
                    "linked OCS computer {} ({}) to computer {} ({}) on server {}\n",
                    linked.ocsid,
                    linked.ocs_name,
                    linked.computers_id,
                    linked.computer_name,
                    cfg.name
                ),
                format!(
                    "ordinateur OCS {} ({}) lié à l'ordinateur {} ({}) sur le serveur {}\n",
                    linked.ocsid,
                    linked.ocs_name,
                    linked.computers_id,
                    linked.computer_name,
                    cfg.name
                ),
            ))?;
            // The sync fills the computer from OCS; should it fail, the
            // link stays and the next sync reads every section.
            let plan = Plan {
                mode: Mode::Sync {
                    force: true,
                    only: Some(vec![ocsid]),
                },
                budget: None,
                dry_run: false,
                origin: "cli",
            };
            let locale = host.info()?.locale;
            let mut bar = progress_bar(command);
            let outcome = process::run(host, &cfg, &plan, &locale, &mut bar, &|| false);
            #[derive(Serialize)]
            struct Shown<'a> {
                link: &'a links::Linked,
                sync: Option<&'a Outcome>,
                sync_error: Option<String>,
            }
            let shown = Shown {
                link: &linked,
                sync: outcome.as_ref().ok(),
                sync_error: outcome.as_ref().err().map(|e| e.message().to_owned()),
            };
            if as_json {
                json(command, &shown)?;
            } else if let Ok(outcome) = &outcome {
                command.out(&summary(outcome))?;
            }
            if let Some(error) = &shown.sync_error {
                command.err(&tr(
                    format!(
                        "{}: the link is kept, but its synchronisation failed (the next sync retries): {error}\n",
                        cfg.name
                    ),
                    format!(
                        "{} : le lien est conservé, mais sa synchronisation a échoué (la prochaine la refait) : {error}\n",
                        cfg.name
                    ),
                ))?;
                return Ok(1);
            }
            Ok(0)
        }
        Cmd::Links(LinksCmd::List {
            server,
            json: as_json,
        }) => {
            let server_id = match &server {
                Some(name) => Some(
                    server::find(host, name)?
                        .ok_or_else(|| Error::invalid_input(no_server(name)))?
                        .id,
                ),
                None => None,
            };
            let list = links::list(host, server_id)?;
            if as_json {
                json(command, &list)?;
            } else {
                let rows: Vec<Vec<String>> = list.iter().map(link_cells).collect();
                command.table(LINK_HEADERS, &rows)?;
            }
            Ok(0)
        }
        Cmd::Links(LinksCmd::Clean {
            server,
            dry_run,
            json: as_json,
        }) => {
            let mut all = Vec::new();
            for cfg in servers(host, server.as_deref())? {
                let orphans = links::clean(host, &cfg, dry_run)?;
                let n = orphans.len();
                command.err(&match (dry_run, i18n::french()) {
                    (true, false) => {
                        format!("{}: {n} link(s) would be removed (dry run)\n", cfg.name)
                    }
                    (true, true) => format!(
                        "{} : {n} lien(s) seraient supprimés (simulation)\n",
                        cfg.name
                    ),
                    (false, false) => format!("{}: {n} link(s) removed\n", cfg.name),
                    (false, true) => format!("{} : {n} lien(s) supprimé(s)\n", cfg.name),
                })?;
                all.extend(orphans);
            }
            if as_json {
                json(command, &all)?;
            } else if !all.is_empty() {
                let rows: Vec<Vec<String>> = all
                    .iter()
                    .map(|o| {
                        let mut cells = link_cells(&o.link);
                        cells.push(o.reason.label().to_owned());
                        cells
                    })
                    .collect();
                let mut headers = LINK_HEADERS.to_vec();
                headers.push("reason");
                command.table(&headers, &rows)?;
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
                            r.merged.to_string(),
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
                        "merged",
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
                let status = match run.status {
                    "finished" => tr("finished", "terminée"),
                    "error" => tr("error", "en erreur"),
                    other => tr(other, "en cours"),
                };
                command.out(&format!(
                    "{} {} {} {} ({}), {} → {}{} {status}\n",
                    tr("run", "exécution"),
                    run.id,
                    tr("on", "sur"),
                    run.server,
                    run.origin,
                    run.start_time.as_deref().unwrap_or("-"),
                    run.end_time.as_deref().unwrap_or("-"),
                    tr(":", " :"),
                ))?;
                command.out(&format!("{}\n", runs::counts_text(&run.counts())))?;
                if let Some(error) = &run.error {
                    command.out(&format!("{} {error}\n", tr("error:", "erreur :")))?;
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
