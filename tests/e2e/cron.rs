//! Automatic actions: GLPI's `cron.php` semantics for `parc cron run`, the
//! scheduler of `parc serve`, two processes racing for one due task on
//! MariaDB, recovery of a task whose process died, a panicking plugin task.

use std::process::Stdio;
use std::time::{Duration, Instant};

use parc_tests::{Backend, Parc, example_archive, faulty_archive};
use serde_json::Value;

fn with_example(backend: Backend) -> Parc {
    let parc = Parc::new(backend);
    parc.drop_archive(example_archive());
    parc.ok(&["plugin", "install", "example"]);
    parc.ok(&["plugin", "activate", "example"]);
    parc
}

fn task(parc: &Parc, name: &str) -> Value {
    parc.json(&["cron", "list"])
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == name)
        .cloned()
        .unwrap_or_else(|| panic!("no task {name}"))
}

fn logs(parc: &Parc, name: &str) -> Vec<Value> {
    let mut rows = parc
        .json(&["cron", "logs", name])
        .as_array()
        .unwrap()
        .clone();
    rows.reverse();
    rows
}

fn greetings(parc: &Parc) -> i64 {
    parc.scalar("SELECT COUNT(*) FROM glpi_plugin_example_greetings WHERE source = 'task'")
}

#[test]
fn cron_run_follows_glpi_semantics() {
    let parc = with_example(Backend::Sqlite);
    let out = parc.ok(&["cron", "run", "examplegreet"]);
    assert_eq!(
        out,
        "examplegreet: Action completed, fully processed (volume 1)\n"
    );
    assert_eq!(greetings(&parc), 1);
    let rows = logs(&parc, "examplegreet");
    let states: Vec<i64> = rows.iter().map(|r| r["state"].as_i64().unwrap()).collect();
    assert_eq!(states, [0, 1, 2], "START, RUN, STOP");
    assert_eq!(rows[0]["content"], "Run mode: CLI");
    assert_eq!(rows[1]["content"], "1 greeting(s) written");
    assert_eq!(rows[2]["volume"], 1);
    assert_eq!(rows[1]["crontasklogs_id"], rows[0]["id"]);
    let t = task(&parc, "examplegreet");
    assert_eq!(t["state"], 1);
    assert_eq!(t["lastcode"], 1);
    assert!(t["lastrun"].is_string());
    assert_eq!(t["param"], 1);
    assert_eq!(t["param_label"], "Greetings per run");
    assert_eq!(t["comment"], "Writes a greeting to the example table");

    // Not due again before an hour: nothing, exit 0.
    assert_eq!(
        parc.ok(&["cron", "run", "examplegreet"]),
        "Nothing to launch\n"
    );
    assert_eq!(greetings(&parc), 1);
    // --force runs it anyway.
    parc.ok(&["cron", "run", "--force", "examplegreet"]);
    assert_eq!(greetings(&parc), 2);
    // Disabled: not run, but can be forced, and stays disabled.
    parc.ok(&["cron", "disable", "examplegreet"]);
    parc.ok(&["cron", "reset", "examplegreet"]);
    assert_eq!(
        parc.ok(&["cron", "run", "examplegreet"]),
        "Nothing to launch\n"
    );
    parc.ok(&["cron", "run", "--force", "examplegreet"]);
    assert_eq!(greetings(&parc), 3);
    assert_eq!(task(&parc, "examplegreet")["state"], 0);
    parc.ok(&["cron", "enable", "examplegreet"]);
    // Reset makes it due now.
    parc.ok(&["cron", "reset", "examplegreet"]);
    parc.ok(&["cron", "run", "examplegreet"]);
    assert_eq!(greetings(&parc), 4);
    // The task's parameter reaches the plugin.
    parc.ok(&["cron", "edit", "examplegreet", "param=3"]);
    parc.ok(&["cron", "run", "--force", "examplegreet"]);
    assert_eq!(greetings(&parc), 7);
    let log = std::fs::read_to_string(parc.data_dir().join("cron.log")).unwrap();
    assert!(log.contains("External #1: Launch examplegreet"), "{log}");
    assert!(log.contains("External #1: Nothing to launch"), "{log}");
    let err = parc.fails(&["cron", "run", "nosuchtask"]);
    assert!(
        err.contains("no automatic action named \"nosuchtask\""),
        "{err}"
    );
}

#[test]
fn without_argument_only_due_cli_mode_tasks_run() {
    let parc = with_example(Backend::Sqlite);
    // Internal ("GLPI") mode tasks are the scheduler's, not the crontab's.
    assert_eq!(parc.ok(&["cron", "run"]), "Nothing to launch\n");
    assert_eq!(greetings(&parc), 0);
    parc.ok(&["cron", "edit", "examplegreet", "mode=2"]);
    let out = parc.ok(&["cron", "run"]);
    assert_eq!(
        out,
        "examplegreet: Action completed, fully processed (volume 1)\n"
    );
    // The core's internal tasks were not touched.
    assert_eq!(task(&parc, "logs")["lastrun"], Value::Null);
    // Hour windows, read against the hour; done again if the hour changed
    // meanwhile (the checks would then be against the wrong hour).
    for attempt in 1..=2 {
        let hour = chrono_hour();
        let (outside, wrapped) = hour_window_runs(&parc, hour);
        if chrono_hour() != hour {
            assert_eq!(attempt, 1, "the hour changed twice in one test");
            continue;
        }
        assert_eq!(outside, "Nothing to launch\n", "a window that excludes now");
        assert!(
            wrapped.contains("fully processed"),
            "a window around midnight that includes now: {wrapped}"
        );
        break;
    }
}

/// Runs `examplegreet` by name in a window that excludes `hour`, then in one
/// that wraps around midnight and includes it; returns both outputs.
fn hour_window_runs(parc: &Parc, hour: i32) -> (String, String) {
    parc.ok(&["cron", "reset", "examplegreet"]);
    parc.ok(&[
        "cron",
        "edit",
        "examplegreet",
        &format!("hourmin={}", (hour + 1) % 24),
        &format!("hourmax={}", (hour + 2) % 24),
    ]);
    let outside = parc.ok(&["cron", "run", "examplegreet"]);
    // hourmin > hourmax: the window wraps around midnight.
    let (min, max) = if hour == 0 { (23, 1) } else { (hour, hour - 1) };
    parc.ok(&[
        "cron",
        "edit",
        "examplegreet",
        &format!("hourmin={min}"),
        &format!("hourmax={max}"),
    ]);
    let wrapped = parc.ok(&["cron", "run", "examplegreet"]);
    (outside, wrapped)
}

fn chrono_hour() -> i32 {
    let out = std::process::Command::new("date")
        .arg("+%H")
        .output()
        .unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

/// A deactivated plugin's tasks are kept, listed as not going to run, and
/// a run by name (forced or not) fails with the reason.
#[test]
fn tasks_of_a_deactivated_plugin_are_kept_but_not_run() {
    let parc = with_example(Backend::Sqlite);
    assert_eq!(task(&parc, "examplegreet")["will_not_run"], Value::Null);
    assert_eq!(task(&parc, "examplegreet")["status"], "Scheduled");
    parc.ok(&["plugin", "deactivate", "example"]);
    let t = task(&parc, "examplegreet");
    assert_eq!(t["plugin"], "example");
    assert_eq!(t["state_label"], "Scheduled", "GLPI's state is kept");
    let why = "plugin example is not active (Installed / not activated): \
               `parc plugin activate example`";
    assert_eq!(t["will_not_run"], why);
    assert_eq!(t["status"], format!("will not run: {why}"));
    let table = parc.ok(&["cron", "list"]);
    let line = table
        .lines()
        .find(|l| l.starts_with("examplegreet "))
        .unwrap();
    assert!(
        line.contains("will not run: plugin example is not active"),
        "{table}"
    );
    // Core tasks are not affected.
    assert_eq!(task(&parc, "logs")["status"], "Scheduled");
    for args in [
        &["cron", "run", "examplegreet"][..],
        &["cron", "run", "--force", "examplegreet"][..],
    ] {
        let err = parc.fails(args);
        assert!(
            err.contains(&format!("examplegreet will not run: {why}")),
            "{err}"
        );
    }
    assert_eq!(greetings(&parc), 0);
    assert_eq!(logs(&parc, "examplegreet").len(), 0, "no run was started");
    parc.ok(&["plugin", "activate", "example"]);
    assert_eq!(task(&parc, "examplegreet")["will_not_run"], Value::Null);
    parc.ok(&["cron", "run", "examplegreet"]);
    assert_eq!(greetings(&parc), 1);
}

/// Runs `parc ARGS`, asserts success, returns stderr.
fn stderr_of(parc: &Parc, args: &[&str]) -> String {
    let output = parc.run(args);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        output.status.success(),
        "parc {} failed: {stderr}",
        args.join(" ")
    );
    stderr
}

/// `cron edit`, `enable`, `disable` and `reset` say what they changed, or
/// that nothing did.
#[test]
fn cron_commands_say_what_they_changed() {
    let parc = with_example(Backend::Sqlite);
    let t = task(&parc, "examplegreet");
    assert_eq!(
        (t["param"].as_i64(), t["mode"].as_i64()),
        (Some(1), Some(1))
    );
    assert_eq!(
        stderr_of(
            &parc,
            &["cron", "edit", "examplegreet", "param=3", "mode=2"]
        ),
        "examplegreet: param 1 → 3\nexamplegreet: mode 1 (GLPI) → 2 (CLI)\n"
    );
    assert_eq!(task(&parc, "examplegreet")["param"], 3);
    assert_eq!(
        stderr_of(
            &parc,
            &["cron", "edit", "examplegreet", "param=3", "frequency=60"]
        ),
        format!(
            "examplegreet: frequency {} → 60\n",
            t["frequency"].as_i64().unwrap()
        )
    );
    assert_eq!(
        stderr_of(&parc, &["cron", "edit", "examplegreet", "frequency=60"]),
        "examplegreet: nothing changed\n"
    );
    let err = parc.fails(&["cron", "edit", "examplegreet", "mode=7"]);
    assert!(err.contains("mode (1 GLPI, 2 CLI)"), "{err}");
    let err = parc.fails(&["cron", "edit", "nosuchtask", "param=1"]);
    assert!(
        err.contains("no automatic action named \"nosuchtask\""),
        "{err}"
    );

    assert_eq!(
        stderr_of(&parc, &["cron", "disable", "examplegreet"]),
        "examplegreet: state Scheduled → Disabled\n"
    );
    assert_eq!(
        stderr_of(&parc, &["cron", "disable", "examplegreet"]),
        "examplegreet: nothing changed\n"
    );
    assert_eq!(
        stderr_of(&parc, &["cron", "enable", "examplegreet"]),
        "examplegreet: state Disabled → Scheduled\n"
    );
    assert_eq!(
        stderr_of(&parc, &["cron", "reset", "examplegreet"]),
        "examplegreet: nothing changed\n",
        "never run: already due"
    );
    parc.ok(&["cron", "run", "examplegreet"]);
    let lastrun = task(&parc, "examplegreet")["lastrun"]
        .as_str()
        .unwrap()
        .to_owned();
    let err = stderr_of(&parc, &["cron", "reset", "examplegreet"]);
    assert!(
        err.starts_with("examplegreet: lastrun ") && err.contains("→ never (due now)\n"),
        "{err}"
    );
    assert!(err.contains("examplegreet: lastcode 1 → -\n"), "{err}");
    assert!(!lastrun.is_empty());
    assert_eq!(task(&parc, "examplegreet")["lastrun"], Value::Null);
}

/// Two (four) `parc` processes on one MariaDB database race for the same
/// due task, round after round: it runs exactly once per round. A loser
/// either lost the claim ("Nothing to launch", exit 0) or found the task
/// Running in the winner (exit 2, the winner named).
#[test]
fn racing_processes_run_a_due_task_exactly_once() {
    let parc = with_example(Backend::MySql);
    const ROUNDS: i64 = 8;
    for round in 1..=ROUNDS {
        parc.ok(&["cron", "reset", "examplegreet"]);
        let children: Vec<_> = (0..4)
            .map(|_| {
                parc.command()
                    .args(["cron", "run", "examplegreet"])
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let mut ran = 0;
        for child in children {
            let out = child.wait_with_output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            match out.status.code() {
                Some(0) => {}
                Some(2) => assert!(
                    err.contains("examplegreet is running (pid "),
                    "round {round}: {err}"
                ),
                other => panic!("round {round}: exit {other:?}: {err}"),
            }
            if String::from_utf8_lossy(&out.stdout).contains("fully processed") {
                ran += 1;
            }
        }
        assert_eq!(ran, 1, "round {round}: exactly one process ran the task");
        assert_eq!(greetings(&parc), round);
    }
    let starts = logs(&parc, "examplegreet")
        .iter()
        .filter(|r| r["state"] == 0)
        .count();
    assert_eq!(starts as i64, ROUNDS);
}

#[test]
fn a_task_left_running_by_a_dead_process_is_recovered() {
    for backend in [Backend::Sqlite, Backend::MySql] {
        let parc = with_example(backend);
        let old = match backend {
            Backend::Sqlite => "datetime('now', '-10 minutes')",
            Backend::MySql => "DATE_SUB(UTC_TIMESTAMP(), INTERVAL 10 MINUTE)",
        };
        parc.execute(&format!(
            "UPDATE glpi_crontasks SET state = 2, lastrun = {old}, heartbeat = {old} WHERE name = 'examplegreet'"
        ));
        // A fresh heartbeat is a live run: left alone.
        parc.execute(&format!(
            "UPDATE glpi_crontasks SET state = 2, lastrun = {old}, heartbeat = {} WHERE name = 'logs'",
            if backend == Backend::Sqlite { "datetime('now')" } else { "UTC_TIMESTAMP()" }
        ));
        let out = parc.run(&["cron", "run", "--force", "logs"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains("logs is running (since "), "{err}");
        parc.ok(&["cron", "run", "unlocktasks"]);
        assert_eq!(task(&parc, "examplegreet")["state"], 1, "recovered");
        assert_eq!(task(&parc, "logs")["state"], 2, "still running");
        let rows = logs(&parc, "examplegreet");
        let last = rows.last().unwrap();
        assert_eq!(last["state"], 3);
        assert!(
            last["content"].as_str().unwrap().starts_with("Recovered"),
            "{last}"
        );
        let log = std::fs::read_to_string(parc.data_dir().join("cron.log")).unwrap();
        assert!(log.contains("examplegreet: Recovered"), "{log}");
        // Once recovered it runs again.
        parc.ok(&["cron", "run", "--force", "examplegreet"]);
        assert_eq!(greetings(&parc), 1);
    }
}

#[test]
fn a_panicking_task_writes_an_error_row_and_the_host_goes_on() {
    let parc = Parc::new(Backend::Sqlite);
    parc.drop_archive(faulty_archive());
    parc.ok(&["plugin", "install", "faulty"]);
    parc.ok(&["plugin", "activate", "faulty"]);
    let out = parc
        .command()
        .env("PARC_FAULTY_PANIC", "task")
        .args(["cron", "run", "--force", "faultytask"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(
            "faultytask: error: plugin panicked: faulty plugin panics in task on purpose"
        ),
        "{stdout}"
    );
    let rows = logs(&parc, "faultytask");
    assert_eq!(rows.last().unwrap()["state"], 3);
    assert!(
        rows.last().unwrap()["content"]
            .as_str()
            .unwrap()
            .contains("plugin panicked")
    );
    assert_eq!(task(&parc, "faultytask")["state"], 1, "back to Scheduled");
    // The plugin is still active and its task runs when it behaves.
    assert_eq!(parc.state("faulty"), 1);
    assert!(
        parc.ok(&["cron", "run", "--force", "faultytask"])
            .contains("fully processed")
    );
}

#[test]
fn a_partial_run_is_due_again_at_the_next_tick() {
    let parc = Parc::new(Backend::Sqlite);
    parc.drop_archive(faulty_archive());
    parc.ok(&["plugin", "install", "faulty"]);
    parc.ok(&["plugin", "activate", "faulty"]);
    for expected in 1..=3 {
        let out = parc
            .command()
            .env("PARC_FAULTY_TASK", "partial")
            .args(["cron", "run", "faultytask"])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            stdout.contains("partially processed"),
            "run {expected}: {stdout}"
        );
        assert_eq!(task(&parc, "faultytask")["lastcode"], -1);
    }
    // Once done, it waits for its frequency (an hour).
    assert!(
        parc.ok(&["cron", "run", "faultytask"])
            .contains("fully processed")
    );
    assert_eq!(
        parc.ok(&["cron", "run", "faultytask"]),
        "Nothing to launch\n"
    );
}

#[test]
fn the_trash_retention_task_purges_old_trash() {
    let parc = Parc::new(Backend::Sqlite);
    let old = parc.ok(&["computer", "add", "old"]).trim().to_owned();
    let recent = parc.ok(&["computer", "add", "recent"]).trim().to_owned();
    parc.ok(&["computer", "delete", &old, &recent]);
    parc.execute(&format!(
        "UPDATE glpi_logs SET date_mod = datetime('now', '-40 days') WHERE items_id = {old} AND linked_action = 13"
    ));
    assert_eq!(
        task(&parc, "purgetrash")["state"],
        0,
        "off unless configured"
    );
    assert_eq!(task(&parc, "purgetrash")["param"], 30);
    parc.ok(&["cron", "enable", "purgetrash"]);
    let out = parc.ok(&["cron", "run", "purgetrash"]);
    assert_eq!(
        out,
        "purgetrash: Action completed, fully processed (volume 1)\n"
    );
    let trash = parc.json(&["trash", "list"]);
    assert_eq!(trash.as_array().unwrap().len(), 1);
    assert_eq!(trash[0]["name"], "recent");
}

#[test]
fn serve_runs_due_internal_tasks_and_stops_cleanly() {
    let parc = with_example(Backend::Sqlite);
    // A plugin whose task panics, running in the same scheduler.
    parc.drop_archive(faulty_archive());
    parc.ok(&["plugin", "install", "faulty"]);
    parc.ok(&["plugin", "activate", "faulty"]);
    let mut serve = parc
        .command()
        .env("PARC_FAULTY_PANIC", "task")
        .env("PARC_SCHEDULER_TICK", "1")
        .arg("serve")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while greetings(&parc) == 0 && started.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(200));
    }
    assert_eq!(greetings(&parc), 1, "the hourly task ran once");
    // The core's internal tasks ran too.
    let wait = Instant::now();
    while task(&parc, "unlocktasks")["lastrun"].is_null()
        && wait.elapsed() < Duration::from_secs(30)
    {
        std::thread::sleep(Duration::from_millis(200));
    }
    assert!(task(&parc, "unlocktasks")["lastrun"].is_string());
    assert_eq!(logs(&parc, "examplegreet")[0]["content"], "Run mode: GLPI");
    // The panicking task left an ERROR row; serve is still up.
    let wait = Instant::now();
    while !logs(&parc, "faultytask").iter().any(|r| r["state"] == 3)
        && wait.elapsed() < Duration::from_secs(30)
    {
        std::thread::sleep(Duration::from_millis(200));
    }
    assert!(logs(&parc, "faultytask").iter().any(|r| r["state"] == 3));
    assert!(
        serve.try_wait().unwrap().is_none(),
        "serve survived the panic"
    );
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(greetings(&parc), 1, "not again before its frequency");
    // SIGTERM: a clean stop.
    std::process::Command::new("kill")
        .arg(serve.id().to_string())
        .status()
        .unwrap();
    let status = serve.wait().unwrap();
    assert!(status.success(), "serve exited with {status}");
}

fn faulty(backend: Backend) -> Parc {
    let parc = Parc::new(backend);
    parc.drop_archive(faulty_archive());
    parc.ok(&["plugin", "install", "faulty"]);
    parc.ok(&["plugin", "activate", "faulty"]);
    parc
}

fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .unwrap()
        .trim()
        .to_owned()
}

/// A run killed with SIGKILL leaves its task Running; the next `cron run`
/// on this host sees its holder is gone and recovers it at once, without
/// the five minutes of the heartbeat rule. While the holder lives, a run
/// by name says who runs it and exits with 2.
#[test]
fn a_killed_run_is_recovered_at_once_and_a_live_one_is_named() {
    for backend in [Backend::Sqlite, Backend::MySql] {
        let parc = faulty(backend);
        let mut child = parc
            .command()
            .env("PARC_FAULTY_TASK", "sleep:120")
            .args(["cron", "run", "--force", "faultytask"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let pid = child.id();
        let wait = Instant::now();
        while !logs(&parc, "faultytask")
            .iter()
            .any(|r| r["content"] == "sleeping 120 s")
        {
            assert!(
                wait.elapsed() < Duration::from_secs(60),
                "{backend:?}: the task never started"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let host = host_name();
        let t = task(&parc, "faultytask");
        assert_eq!(t["state"], 2);
        assert_eq!(t["holder_pid"], pid);
        assert_eq!(t["holder_host"], host.as_str());
        let by = format!("pid {pid} on {host} since ");
        assert!(
            t["status"]
                .as_str()
                .unwrap()
                .starts_with(&format!("Running ({by}")),
            "{t}"
        );
        assert!(parc.ok(&["cron", "list"]).contains(&by));

        // The holder lives: a run by name, forced or not, says who runs
        // it, starts nothing, exits with 2.
        for args in [
            &["cron", "run", "faultytask"][..],
            &["cron", "run", "--force", "faultytask"][..],
        ] {
            let out = parc.run(args);
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
            assert!(out.stdout.is_empty());
            assert!(
                err.contains(&format!("error: faultytask is running ({by}"))
                    && err.contains(
                        "; wait for it, or if that process is stuck: parc cron reset faultytask"
                    ),
                "{err}"
            );
        }
        // Without a task: GLPI's "Nothing to launch", and a note on stderr.
        let out = parc.run(&["cron", "run"]);
        assert!(out.status.success());
        assert_eq!(String::from_utf8_lossy(&out.stdout), "Nothing to launch\n");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(&format!("note: faultytask is running ({by}")),
            "{err}"
        );
        assert_eq!(task(&parc, "faultytask")["state"], 2, "still running");

        // kill -9: the task stays Running, but its holder is gone.
        child.kill().unwrap();
        child.wait().unwrap();
        assert_eq!(task(&parc, "faultytask")["state"], 2);
        let started = Instant::now();
        let out = parc.ok(&["cron", "run", "--force", "faultytask"]);
        assert!(out.contains("fully processed"), "{out}");
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "recovered at once"
        );
        let rows = logs(&parc, "faultytask");
        let gone = format!("holder pid {pid} on {host} is gone");
        let recovery = rows
            .iter()
            .find(|r| r["content"].as_str().unwrap().contains(&gone))
            .unwrap_or_else(|| panic!("{backend:?}: no recovery row in {rows:?}"));
        assert_eq!(recovery["state"], 3);
        let t = task(&parc, "faultytask");
        assert_eq!(t["state"], 1);
        assert_eq!(t["holder_pid"], Value::Null, "a finished run has no holder");
        let log = std::fs::read_to_string(parc.data_dir().join("cron.log")).unwrap();
        assert!(
            log.contains(&format!("faultytask: Recovered: {gone}")),
            "{log}"
        );
    }
}

/// The core task `logs` deletes the log rows past each task's
/// `logs_lifetime` days and keeps the others, on both SQL dialects.
#[test]
fn the_logs_task_deletes_log_rows_past_their_retention() {
    for backend in [Backend::Sqlite, Backend::MySql] {
        let parc = Parc::new(backend);
        let days_ago = |days: u32| match backend {
            Backend::Sqlite => format!("datetime('now', '-{days} days')"),
            Backend::MySql => format!("DATE_SUB(UTC_TIMESTAMP(), INTERVAL {days} DAY)"),
        };
        // unlocktasks keeps 30 days, purgetrash (set to 0) keeps forever.
        parc.ok(&["cron", "edit", "purgetrash", "logs_lifetime=0"]);
        for (name, days, content) in [
            ("unlocktasks", 40, "old"),
            ("unlocktasks", 31, "old"),
            ("unlocktasks", 29, "recent"),
            ("unlocktasks", 1, "recent"),
            ("purgetrash", 400, "forever"),
        ] {
            parc.execute(&format!(
                "INSERT INTO glpi_crontasklogs (crontasks_id, crontasklogs_id, date, state, elapsed, volume, content) \
                 SELECT id, 0, {}, 2, 0, 0, '{content}' FROM glpi_crontasks WHERE name = '{name}'",
                days_ago(days)
            ));
        }
        let out = parc.ok(&["cron", "run", "--force", "logs"]);
        assert_eq!(
            out, "logs: Action completed, fully processed (volume 2)\n",
            "{backend:?}"
        );
        let kept = |name: &str| -> Vec<String> {
            logs(&parc, name)
                .iter()
                .map(|r| r["content"].as_str().unwrap().to_owned())
                .collect()
        };
        assert_eq!(kept("unlocktasks"), ["recent", "recent"], "{backend:?}");
        assert_eq!(kept("purgetrash"), ["forever"], "{backend:?}");
        // Nothing more to delete: code 0.
        assert_eq!(
            parc.ok(&["cron", "run", "--force", "logs"]),
            "logs: Action completed, no processing required (volume 0)\n"
        );
    }
}
