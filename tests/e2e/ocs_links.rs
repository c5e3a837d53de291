//! The OCS plugin's other pages, on the fixtures the real OCS server wrote
//! (loaded into MariaDB): linking an OCS machine to an existing computer
//! and its refusals, cleaning links to what is gone, the TAG filters on the
//! "new computers" list, runs list and show telling the same counts, the
//! messages in French, and `server edit` saying what it changed.

use parc_tests::mysql::MySqlDatabase;
use parc_tests::ocs::{fixture, load_fixture, server_address};
use parc_tests::{Backend, Parc, ocs_archive};
use serde_json::Value;

/// parc with the plugin active and one server `main` on the fixture.
fn connected(backend: Backend, ocs: &MySqlDatabase) -> Parc {
    let parc = Parc::new(backend);
    parc.drop_archive(ocs_archive());
    parc.ok(&["plugin", "install", "ocsinventoryng"]);
    parc.ok(&["plugin", "activate", "ocsinventoryng"]);
    parc.ok(&[
        "ocsinventoryng",
        "server",
        "add",
        "main",
        "--host",
        &server_address(),
        "--database",
        ocs.name(),
        "--user",
        "root",
        "--password",
        "",
    ]);
    parc
}

/// Runs parc with `PARC_LOCALE=fr`: (success, stdout, stderr).
fn in_french(parc: &Parc, args: &[&str]) -> (bool, String, String) {
    let output = parc
        .command()
        .args(args)
        .env("PARC_LOCALE", "fr")
        .output()
        .unwrap();
    (
        output.status.success(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// `parc ARGS`: (stdout, stderr), asserting success.
fn ok_with_stderr(parc: &Parc, args: &[&str]) -> (String, String) {
    let output = parc.run(args);
    assert!(output.status.success(), "{args:?}: {output:?}");
    (
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

fn link(backend: Backend) {
    let ocs = fixture("ocsweb-1k-day1");
    let parc = connected(backend, &ocs);
    // A computer entered by hand, with a history of its own.
    let computer = parc
        .ok(&["computer", "add", "typed-by-hand"])
        .trim()
        .to_owned();
    parc.ok(&["computer", "edit", &computer, "comment=bought in 2019"]);
    let history_before = parc.scalar(&format!(
        "SELECT COUNT(*) FROM glpi_logs WHERE itemtype = 'Computer' AND items_id = {computer}"
    ));
    assert!(history_before > 0);
    // A machine with a serial and processors to fill the computer with.
    let ocsid = ocs.scalar(
        "SELECT MIN(h.ID) FROM hardware h JOIN bios b ON b.HARDWARE_ID = h.ID \
         WHERE h.DEVICEID NOT LIKE '\\_%' AND TRIM(b.SSN) <> '' \
         AND EXISTS (SELECT 1 FROM cpus c WHERE c.HARDWARE_ID = h.ID)",
    );
    let ocs_name = ocs.rows(&format!("SELECT NAME FROM hardware WHERE ID = {ocsid}"))[0][0]
        .clone()
        .unwrap();
    let computers_before = parc.scalar("SELECT COUNT(*) FROM glpi_computers");

    // Refusals write nothing.
    let err = parc.fails(&["ocsinventoryng", "link", "999999", &computer]);
    assert!(
        err.contains("OCS computer 999999 does not exist on server main"),
        "{err}"
    );
    let err = parc.fails(&["ocsinventoryng", "link", &ocsid.to_string(), "424242"]);
    assert!(err.contains("computer 424242 does not exist"), "{err}");
    let trashed = parc
        .ok(&["computer", "add", "in-the-trash"])
        .trim()
        .to_owned();
    parc.ok(&["computer", "delete", &trashed]);
    let err = parc.fails(&["ocsinventoryng", "link", &ocsid.to_string(), &trashed]);
    assert!(err.contains("is in the trash"), "{err}");
    assert!(err.contains("parc trash restore"), "{err}");
    assert_eq!(
        parc.scalar("SELECT COUNT(*) FROM glpi_plugin_ocsinventoryng_ocslinks"),
        0
    );

    let (stdout, stderr) = ok_with_stderr(
        &parc,
        &["ocsinventoryng", "link", &ocsid.to_string(), &computer],
    );
    assert!(
        stderr.contains(&format!(
            "linked OCS computer {ocsid} ({ocs_name}) to computer {computer} (typed-by-hand)"
        )),
        "{stderr}"
    );
    assert!(stdout.contains("synchronized 1"), "{stdout}");
    // The same computer, filled from OCS: name, serial, components.
    assert_eq!(
        parc.scalar("SELECT COUNT(*) FROM glpi_computers"),
        computers_before + 1,
        "only the trashed one was added; the link made none"
    );
    let row = parc.rows(&format!(
        "SELECT name, serial, is_dynamic FROM glpi_computers WHERE id = {computer}"
    ));
    assert_eq!(row[0][0].as_deref(), Some(ocs_name.as_str()));
    let serial = ocs.rows(&format!("SELECT SSN FROM bios WHERE HARDWARE_ID = {ocsid}"))[0][0]
        .clone()
        .unwrap();
    assert_eq!(row[0][1].as_deref(), Some(serial.trim()));
    assert_eq!(
        row[0][2].as_deref(),
        Some("1"),
        "a linked computer is dynamic"
    );
    assert!(
        parc.scalar(&format!(
            "SELECT COUNT(*) FROM glpi_items_deviceprocessors WHERE items_id = {computer}"
        )) > 0
    );
    assert_eq!(
        parc.scalar(&format!(
            "SELECT COUNT(*) FROM glpi_items_deviceprocessors WHERE items_id = {computer}"
        )),
        ocs.scalar(&format!(
            "SELECT COUNT(*) FROM cpus WHERE HARDWARE_ID = {ocsid}"
        ))
    );
    // Earlier history kept, the link recorded as GLPI's plugin does.
    let history_after = parc.scalar(&format!(
        "SELECT COUNT(*) FROM glpi_logs WHERE itemtype = 'Computer' AND items_id = {computer}"
    ));
    assert!(history_after > history_before + 1);
    assert_eq!(
        parc.scalar(&format!(
            "SELECT COUNT(*) FROM glpi_logs WHERE itemtype = 'Computer' AND items_id = {computer} \
             AND user_name = 'ocsinventoryng' \
             AND new_value = 'Linked to OCS computer {ocsid} ({ocs_name}) on server main'"
        )),
        1
    );
    let links = parc.json(&["ocsinventoryng", "links", "list"]);
    assert_eq!(links.as_array().unwrap().len(), 1);
    assert_eq!(links[0]["ocsid"], ocsid);
    assert_eq!(links[0]["computers_id"].to_string(), computer);
    assert_eq!(links[0]["computer_name"], ocs_name.as_str());
    assert!(links[0]["last_ocs_update"].is_string(), "{links}");
    let listed = parc.ok(&["ocsinventoryng", "links", "list"]);
    assert!(
        listed.starts_with("SERVER  OCS ID  DEVICE ID"),
        "headers as parc prints them: {listed}"
    );

    // Already linked, either side.
    let other = parc.ok(&["computer", "add", "another"]).trim().to_owned();
    let err = parc.fails(&["ocsinventoryng", "link", &ocsid.to_string(), &other]);
    assert!(
        err.contains(&format!(
            "OCS computer {ocsid} ({ocs_name}) is already linked to computer {computer}"
        )),
        "{err}"
    );
    let second = ocs.scalar(&format!(
        "SELECT MIN(ID) FROM hardware WHERE ID > {ocsid} AND DEVICEID NOT LIKE '\\_%'"
    ));
    let err = parc.fails(&["ocsinventoryng", "link", &second.to_string(), &computer]);
    assert!(
        err.contains(&format!(
            "computer {computer} ({ocs_name}) is already related to OCS computer {ocsid} on server main"
        )),
        "{err}"
    );
    assert_eq!(
        parc.scalar("SELECT COUNT(*) FROM glpi_plugin_ocsinventoryng_ocslinks"),
        1
    );
    // The linked machine is no longer "new".
    let new = parc.json(&["ocsinventoryng", "new", "--limit", "2000"]);
    assert!(
        new.as_array()
            .unwrap()
            .iter()
            .all(|m| m["ocsid"].as_i64() != Some(ocsid))
    );
}

#[test]
fn link_keeps_the_computer_and_fills_it_from_ocs() {
    link(Backend::Sqlite);
}

#[test]
fn link_on_mariadb() {
    link(Backend::MySql);
}

#[test]
fn links_clean_removes_links_to_what_is_gone() {
    let ocs = fixture("ocsweb-1k-day1");
    let parc = connected(Backend::Sqlite, &ocs);
    let ids: Vec<i64> = ocs
        .rows("SELECT ID FROM hardware WHERE DEVICEID NOT LIKE '\\_%' ORDER BY ID LIMIT 3")
        .into_iter()
        .map(|r| r[0].clone().unwrap().parse().unwrap())
        .collect();
    let mut args = vec!["ocsinventoryng".to_owned(), "import".to_owned()];
    args.extend(ids.iter().map(i64::to_string));
    parc.ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let computer_of = |ocsid: i64| {
        parc.scalar(&format!(
            "SELECT computers_id FROM glpi_plugin_ocsinventoryng_ocslinks WHERE ocsid = {ocsid}"
        ))
    };
    let nothing = parc.json(&["ocsinventoryng", "links", "clean", "--dry-run"]);
    assert_eq!(nothing, Value::Array(Vec::new()));

    // A purge that bypassed the plugin (straight in the database) and a
    // machine deleted in OCS without TRACE_DELETED's record.
    let purged = computer_of(ids[0]);
    parc.execute(&format!("DELETE FROM glpi_computers WHERE id = {purged}"));
    for table in ["hardware", "accountinfo", "bios"] {
        let column = if table == "hardware" {
            "ID"
        } else {
            "HARDWARE_ID"
        };
        ocs.execute(&format!("DELETE FROM {table} WHERE {column} = {}", ids[1]));
    }

    let (stdout, stderr) =
        ok_with_stderr(&parc, &["ocsinventoryng", "links", "clean", "--dry-run"]);
    assert!(
        stderr.contains("main: 2 link(s) would be removed (dry run)"),
        "{stderr}"
    );
    assert!(stdout.contains("computer purged in parc"), "{stdout}");
    assert!(stdout.contains("machine deleted in OCS"), "{stdout}");
    assert_eq!(
        parc.scalar("SELECT COUNT(*) FROM glpi_plugin_ocsinventoryng_ocslinks"),
        3,
        "a dry run writes nothing"
    );

    let removed = parc.json(&["ocsinventoryng", "links", "clean"]);
    let mut reasons: Vec<(i64, String)> = removed
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["ocsid"].as_i64().unwrap(),
                o["reason"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    reasons.sort();
    assert_eq!(
        reasons,
        [
            (ids[0], "computer_gone".to_owned()),
            (ids[1], "machine_gone".to_owned())
        ]
    );
    let left = parc.rows("SELECT ocsid FROM glpi_plugin_ocsinventoryng_ocslinks");
    assert_eq!(left, [[Some(ids[2].to_string())]]);
    // Idempotent.
    let (_, stderr) = ok_with_stderr(&parc, &["ocsinventoryng", "links", "clean"]);
    assert!(stderr.contains("main: 0 link(s) removed"), "{stderr}");
    // The purged computer's machine is new again, and imports.
    let new = parc.json(&["ocsinventoryng", "new", "--limit", "2000"]);
    assert!(
        new.as_array()
            .unwrap()
            .iter()
            .any(|m| m["ocsid"].as_i64() == Some(ids[0]))
    );
}

#[test]
fn new_honours_the_tag_filters() {
    let ocs = fixture("ocsweb-1k-day1");
    let parc = connected(Backend::Sqlite, &ocs);
    let tags = ocs.rows("SELECT DISTINCT TAG FROM accountinfo WHERE TAG <> '' ORDER BY TAG");
    assert!(tags.len() >= 3, "{tags:?}");
    let (a, b) = (tags[0][0].clone().unwrap(), tags[1][0].clone().unwrap());
    let (_, stderr) = ok_with_stderr(
        &parc,
        &[
            "ocsinventoryng",
            "server",
            "edit",
            "main",
            &format!("tag_limit={a}${b}"),
        ],
    );
    assert!(
        stderr.contains(&format!("main: tag_limit: (empty) → {a}${b}")),
        "{stderr}"
    );
    let listed = parc.json(&["ocsinventoryng", "new", "--limit", "5000"]);
    let listed = listed.as_array().unwrap();
    assert_eq!(
        listed.len() as i64,
        ocs.scalar(&format!(
            "SELECT COUNT(*) FROM accountinfo WHERE TAG IN ('{a}', '{b}')"
        ))
    );
    assert!(
        listed
            .iter()
            .all(|m| m["tag"] == a.as_str() || m["tag"] == b.as_str())
    );
    parc.ok(&[
        "ocsinventoryng",
        "server",
        "edit",
        "main",
        "tag_limit=",
        &format!("tag_exclude={a}"),
    ]);
    let listed = parc.json(&["ocsinventoryng", "new", "--limit", "5000"]);
    let listed = listed.as_array().unwrap();
    assert!(listed.iter().all(|m| m["tag"] != a.as_str()));
    assert_eq!(
        listed.len() as i64,
        ocs.scalar(&format!(
            "SELECT COUNT(*) FROM hardware h LEFT JOIN accountinfo i ON i.HARDWARE_ID = h.ID \
             WHERE h.DEVICEID NOT LIKE '\\_%' AND COALESCE(i.TAG, '') <> '{a}'"
        ))
    );
    // What `new` lists is what `import --all` takes.
    let summary = parc.ok(&["ocsinventoryng", "import", "--all"]);
    assert!(
        summary.contains(&format!("imported {},", listed.len())),
        "{summary}"
    );
}

#[test]
fn server_edit_says_what_changed() {
    let ocs = fixture("ocsweb-1k-day1");
    let parc = connected(Backend::Sqlite, &ocs);
    let (stdout, stderr) = ok_with_stderr(
        &parc,
        &[
            "ocsinventoryng",
            "server",
            "edit",
            "main",
            "import_monitor=2",
            "import_software=1",
            "cron_sync_number=500",
            "admininfo.locations_id=TAG",
        ],
    );
    assert_eq!(stdout, "");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines,
        [
            "main: import_monitor: 0 → 2",
            "main: import_software: 0 → 1",
            "main: admininfo.locations_id: (empty) → TAG",
        ],
        "cron_sync_number was already 500"
    );
    let (_, stderr) = ok_with_stderr(
        &parc,
        &[
            "ocsinventoryng",
            "server",
            "edit",
            "main",
            "import_monitor=2",
        ],
    );
    assert_eq!(stderr, "main: nothing changed\n");
    let (ok, _, stderr) = in_french(
        &parc,
        &[
            "ocsinventoryng",
            "server",
            "edit",
            "main",
            "import_monitor=0",
        ],
    );
    assert!(ok);
    assert_eq!(stderr, "main : import_monitor : 2 → 0\n");
    let (ok, _, stderr) = in_french(
        &parc,
        &[
            "ocsinventoryng",
            "server",
            "edit",
            "main",
            "import_monitor=0",
        ],
    );
    assert!(ok);
    assert_eq!(stderr, "main : rien n'a changé\n");
}

#[test]
fn runs_list_and_show_agree_on_day_2() {
    let ocs = fixture("ocsweb-1k-day1");
    let parc = connected(Backend::MySql, &ocs);
    parc.ok(&["ocsinventoryng", "import", "--all"]);
    load_fixture(&ocs, "ocsweb-1k-day2");
    let merges = ocs.scalar(
        "SELECT COUNT(*) FROM deleted_equiv WHERE EQUIVALENT IS NOT NULL AND EQUIVALENT <> 'NULL'",
    );
    let deletions = ocs.scalar("SELECT COUNT(*) FROM deleted_equiv") - merges;
    assert!(merges > 0 && deletions > 0);
    let summary = parc.ok(&["ocsinventoryng", "sync"]);
    let runs = parc.json(&["ocsinventoryng", "runs", "list", "--limit", "1"]);
    let run = &runs[0];
    let id = run["id"].to_string();
    let shown = parc.json(&["ocsinventoryng", "runs", "show", &id]);
    let details = shown["details"].as_array().unwrap();
    let of = |outcome: &str| details.iter().filter(|d| d["outcome"] == outcome).count() as i64;
    assert_eq!(run["deleted"], of("deleted"), "{summary}");
    assert_eq!(run["merged"], of("merged"), "{summary}");
    assert_eq!(run["synchronized"], of("synchronized"));
    assert!(of("deleted") > 0 && of("merged") > 0, "{summary}");
    assert_eq!(shown["run"]["deleted"], run["deleted"]);
    assert_eq!(shown["run"]["merged"], run["merged"]);
    assert!(
        summary.contains(&format!(
            "deleted {}, merged {}",
            of("deleted"),
            of("merged")
        )),
        "{summary}"
    );
    // The text forms say the same.
    let text = parc.ok(&["ocsinventoryng", "runs", "show", &id]);
    assert!(
        text.contains(&format!(
            "deleted {}, merged {}",
            of("deleted"),
            of("merged")
        )),
        "{text}"
    );
    let list = parc.ok(&["ocsinventoryng", "runs", "list", "--limit", "1"]);
    let header: Vec<&str> = list.lines().next().unwrap().split_whitespace().collect();
    let cells: Vec<&str> = list.lines().nth(1).unwrap().split_whitespace().collect();
    let at = |name: &str| header.iter().position(|h| *h == name).unwrap();
    // Cells before DELETED hold no spaces except the start time (2 words).
    assert_eq!(
        cells[at("DELETED") + 1],
        of("deleted").to_string(),
        "{list}"
    );
    assert_eq!(cells[at("MERGED") + 1], of("merged").to_string(), "{list}");
}

#[test]
fn messages_in_french() {
    let ocs = fixture("ocsweb-1k-day1");
    let parc = connected(Backend::Sqlite, &ocs);
    let (ok, stdout, _) = in_french(&parc, &["ocsinventoryng", "server", "test", "main"]);
    assert!(ok);
    assert_eq!(
        stdout,
        "connecté : oui\nGUI_VERSION : 7069\nTRACE_DELETED : oui\nUPDATE sur hardware : oui\n\
         DELETE sur deleted_equiv : oui\nactif : oui\n\
         Connexion à la base de données réussie\nVersion et Configuration OCSNG valide\n"
    );
    let (ok, _, stderr) = in_french(&parc, &["ocsinventoryng", "server", "test", "nope"]);
    assert!(!ok);
    assert_eq!(stderr, "erreur : aucun serveur OCS nommé nope\n");
    let (ok, _, stderr) = in_french(
        &parc,
        &[
            "ocsinventoryng",
            "server",
            "edit",
            "main",
            "import_monitor=9",
        ],
    );
    assert!(!ok);
    assert_eq!(
        stderr,
        "erreur : import_monitor doit être un entier de 0 à 4, pas \"9\"\n"
    );
    let (ok, _, stderr) = in_french(&parc, &["ocsinventoryng", "import"]);
    assert!(!ok);
    assert!(
        stderr.starts_with("erreur : précisez quels ordinateurs"),
        "{stderr}"
    );
    let (ok, _, stderr) = in_french(&parc, &["ocsinventoryng", "link", "999999", "1"]);
    assert!(!ok);
    assert_eq!(
        stderr,
        "erreur : L'ordinateur OCS 999999 n'existe pas sur le serveur main\n"
    );
    let ocsid = ocs
        .scalar("SELECT MIN(ID) FROM hardware WHERE DEVICEID NOT LIKE '\\_%'")
        .to_string();
    let (ok, stdout, _) = in_french(&parc, &["ocsinventoryng", "import", &ocsid]);
    assert!(ok);
    assert!(
        stdout.starts_with("main : importés 1, liés 0, synchronisés 0,"),
        "{stdout}"
    );
    assert!(
        stdout.contains("supprimés 0, fusionnés 0 (exécution "),
        "{stdout}"
    );
    let (ok, stdout, _) = in_french(&parc, &["ocsinventoryng", "runs", "show", "1"]);
    assert!(ok);
    assert!(stdout.starts_with("exécution 1 sur main (cli)"), "{stdout}");
    assert!(stdout.contains("terminée"), "{stdout}");
    let (ok, _, stderr) = in_french(&parc, &["ocsinventoryng", "links", "clean", "--dry-run"]);
    assert!(ok);
    assert_eq!(stderr, "main : 0 lien(s) seraient supprimés (simulation)\n");
    // TRACE_DELETED off: GLPI's French message, and how to fix it.
    ocs.execute("UPDATE config SET IVALUE = 0 WHERE NAME = 'TRACE_DELETED'");
    let (ok, _, stderr) = in_french(&parc, &["ocsinventoryng", "sync"]);
    assert!(!ok);
    assert!(
        stderr.contains("Configuration OCSNG invalide (TRACE_DELETED doit être activé)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("Activez-le dans la console OCS"),
        "{stderr}"
    );
}
