//! A plugin that panics or fails: the host survives, records the state GLPI
//! would and the reason, and keeps answering.

use parc_tests::{Backend, Parc, faulty_archive};

fn with_faulty(backend: Backend) -> Parc {
    let parc = Parc::new(backend);
    parc.drop_archive(faulty_archive());
    assert_eq!(parc.state("faulty"), 2);
    parc
}

fn run_with(parc: &Parc, var: &str, step: &str, args: &[&str]) -> String {
    let output = parc.command().env(var, step).args(args).output().unwrap();
    assert!(
        !output.status.success(),
        "parc {} should fail",
        args.join(" ")
    );
    // A panic is reported as an error, never as a crash of the host.
    assert_eq!(
        output.status.code(),
        Some(1),
        "clean exit code, not a signal or abort"
    );
    String::from_utf8(output.stderr).unwrap()
}

#[test]
fn a_panic_in_install_leaves_the_plugin_not_installed_with_the_reason() {
    for backend in [Backend::Sqlite, Backend::MySql] {
        let parc = with_faulty(backend);
        let stderr = run_with(
            &parc,
            "PARC_FAULTY_PANIC",
            "install",
            &["plugin", "install", "faulty"],
        );
        assert!(
            stderr.contains("faulty plugin panics in install on purpose"),
            "{stderr}"
        );
        let plugin = parc.plugin("faulty").unwrap();
        assert_eq!(plugin["state"], 2);
        let reason = plugin["reason"].as_str().unwrap();
        assert!(
            reason.contains("install failed: plugin panicked"),
            "{reason}"
        );
        // Nothing half-registered, and a later install works.
        let tasks = parc.json(&["cron", "list"]);
        assert!(
            tasks
                .as_array()
                .unwrap()
                .iter()
                .all(|t| t["plugin"] != "faulty"),
            "no task of the failed install: {tasks}"
        );
        assert!(
            tasks
                .as_array()
                .unwrap()
                .iter()
                .any(|t| t["name"] == "logs"),
            "core tasks are there: {tasks}"
        );
        parc.ok(&["plugin", "install", "faulty"]);
        assert_eq!(parc.state("faulty"), 4);
    }
}

#[test]
fn a_panic_in_activate_leaves_the_plugin_not_activated_with_the_reason() {
    let parc = with_faulty(Backend::Sqlite);
    parc.ok(&["plugin", "install", "faulty"]);
    let stderr = run_with(
        &parc,
        "PARC_FAULTY_PANIC",
        "activate",
        &["plugin", "activate", "faulty"],
    );
    assert!(
        stderr.contains("activation failed: plugin panicked"),
        "{stderr}"
    );
    let plugin = parc.plugin("faulty").unwrap();
    assert_eq!(plugin["state"], 4);
    assert_eq!(plugin["state_label"], "Installed / not activated");
    assert!(
        plugin["reason"]
            .as_str()
            .unwrap()
            .contains("faulty plugin panics in activate")
    );
    assert_eq!(parc.json(&["menu", "list"]), serde_json::json!([]));
    // The host still answers, and activation succeeds once the plugin behaves.
    parc.ok(&["plugin", "activate", "faulty"]);
    assert_eq!(parc.state("faulty"), 1);
    assert_eq!(parc.json(&["menu", "list"])[0]["plugin"], "faulty");
}

#[test]
fn an_error_in_activate_is_recorded_too() {
    let parc = with_faulty(Backend::Sqlite);
    parc.ok(&["plugin", "install", "faulty"]);
    let stderr = run_with(
        &parc,
        "PARC_FAULTY_FAIL",
        "activate",
        &["plugin", "activate", "faulty"],
    );
    assert!(
        stderr.contains("faulty plugin fails in activate on purpose"),
        "{stderr}"
    );
    assert_eq!(parc.state("faulty"), 4);
}

#[test]
fn a_panic_in_the_constructor_is_contained() {
    let parc = with_faulty(Backend::Sqlite);
    let stderr = run_with(
        &parc,
        "PARC_FAULTY_PANIC",
        "new",
        &["plugin", "install", "faulty"],
    );
    assert!(stderr.contains("failed to start"), "{stderr}");
    assert_eq!(parc.state("faulty"), 2);
}

#[test]
fn failing_check_config_installs_to_be_configured() {
    let parc = with_faulty(Backend::Sqlite);
    let output = parc
        .command()
        .env("PARC_FAULTY_FAIL", "config")
        .args(["plugin", "install", "faulty"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let plugin = parc.plugin("faulty").unwrap();
    assert_eq!(plugin["state"], 3);
    assert_eq!(plugin["state_label"], "Installed / not configured");
    assert!(
        plugin["reason"]
            .as_str()
            .unwrap()
            .contains("must be configured")
    );
    // Activation re-checks the configuration.
    let stderr = run_with(
        &parc,
        "PARC_FAULTY_FAIL",
        "config",
        &["plugin", "activate", "faulty"],
    );
    assert!(stderr.contains("configuration must be done"), "{stderr}");
    parc.ok(&["plugin", "activate", "faulty"]);
    assert_eq!(parc.state("faulty"), 1);
}

#[test]
fn failing_prerequisites_refuse_install() {
    let parc = with_faulty(Backend::Sqlite);
    let stderr = run_with(
        &parc,
        "PARC_FAULTY_FAIL",
        "prerequisites",
        &["plugin", "install", "faulty"],
    );
    assert!(
        stderr.contains("prerequisites are not matching, it cannot be installed"),
        "{stderr}"
    );
    assert_eq!(parc.state("faulty"), 2);
}
