//! What the SDK promises plugin authors, checked on real builds.

use parc_tests::{Backend, Parc, example_archive, faulty_archive, workspace_root};

/// A plugin built with `panic = "abort"` would take the host down on its
/// first panic: `export_plugin!` refuses to compile it.
#[test]
fn panic_abort_plugins_do_not_compile() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("src")).unwrap();
    std::fs::write(
        dir.path().join("Cargo.toml"),
        format!(
            "[package]\nname = \"abortplugin\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[workspace]\n\n\
             [lib]\ncrate-type = [\"cdylib\"]\n\n[dependencies]\nparc-plugin-api = {{ path = \"{}\" }}\n\n\
             [profile.dev]\npanic = \"abort\"\n",
            workspace_root().join("plugin-api").display()
        ),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("src/lib.rs"),
        "use parc_plugin_api::{Host, Plugin, Result, export_plugin};\n\
         pub struct P;\n\
         impl Plugin for P { fn new(_host: Host) -> Result<Self> { Ok(P) } }\n\
         export_plugin!(P, key = \"abort\", name = \"Abort\", host = \">=0.1.0\");\n",
    )
    .unwrap();
    std::fs::copy(
        workspace_root().join("Cargo.lock"),
        dir.path().join("Cargo.lock"),
    )
    .unwrap();
    let output = std::process::Command::new(option_env!("CARGO").unwrap_or("cargo"))
        .current_dir(dir.path())
        .args(["check", "--quiet"])
        .env(
            "CARGO_TARGET_DIR",
            workspace_root().join("target/e2e-abort"),
        )
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !output.status.success(),
        "a panic = \"abort\" plugin compiled"
    );
    assert!(
        stderr.contains("parc plugins must be built with panic = \"unwind\""),
        "{stderr}"
    );
}

/// `tracing` events of a plugin reach the host's log, tagged with the key.
#[test]
fn plugin_tracing_events_reach_the_host_log() {
    let parc = Parc::new(Backend::Sqlite);
    parc.drop_archive(example_archive());
    parc.ok(&["plugin", "install", "example"]);
    let output = parc
        .command()
        .args(["-v", "plugin", "uninstall", "example"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    let line = stderr
        .lines()
        .find(|l| l.contains("example plugin uninstalled"))
        .unwrap_or_else(|| panic!("plugin event missing from the host log:\n{stderr}"));
    assert!(
        line.contains("INFO") && line.contains("plugin=example"),
        "{line}"
    );
}

/// A plugin's panic message, with its location, reaches the host log.
#[test]
fn plugin_panics_reach_the_host_log() {
    let parc = Parc::new(Backend::Sqlite);
    parc.drop_archive(faulty_archive());
    parc.ok(&["plugin", "list"]);
    let output = parc
        .command()
        .env("PARC_FAULTY_PANIC", "install")
        .args(["plugin", "install", "faulty"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let line = stderr
        .lines()
        .find(|l| l.contains("ERROR"))
        .unwrap_or_else(|| panic!("no error event in the host log:\n{stderr}"));
    assert!(line.contains("plugin=faulty"), "{line}");
    assert!(
        line.contains("tests/fixtures/faulty/src/lib.rs"),
        "location: {line}"
    );
    assert!(line.contains("panics in install on purpose"), "{line}");
}

/// `parc.toml` is read from the working directory; `PARC_*` variables win.
#[test]
fn configuration_file_and_environment() {
    let parc = Parc::new(Backend::Sqlite);
    let custom = parc.data_dir().join("elsewhere");
    std::fs::write(
        parc.data_dir().join("parc.toml"),
        format!("plugins_dir = \"{}\"\n", custom.display()),
    )
    .unwrap();
    std::fs::create_dir_all(&custom).unwrap();
    std::fs::copy(example_archive(), custom.join("example-1.0.0.tar.gz")).unwrap();
    assert_eq!(parc.state("example"), 2);
    assert!(custom.join("example/1.0.0").is_dir());
    // An unknown setting is an error, not silently ignored.
    std::fs::write(parc.data_dir().join("parc.toml"), "plugin_dir = \"x\"\n").unwrap();
    let stderr = parc.fails(&["plugin", "list"]);
    assert!(stderr.contains("unknown field `plugin_dir`"), "{stderr}");
}

/// A plugin keeps a password at rest with `encrypt_secret`: the token does
/// not contain it, only the same plugin on the same installation decrypts
/// it, the key is created on first use (owner-only) in the data directory,
/// and an altered token is refused with a message, not decrypted to junk.
#[test]
fn plugin_secrets_are_encrypted_with_the_installation_key() {
    let parc = Parc::new(Backend::Sqlite);
    parc.drop_archive(example_archive());
    parc.ok(&["plugin", "install", "example"]);
    parc.ok(&["plugin", "activate", "example"]);
    let key = parc.data_dir().join("secret.key");
    assert!(!key.exists(), "the key is created only when needed");

    let token = parc.ok(&["example", "seal", "ocs-p@ssw0rd"]);
    let token = token.trim();
    assert!(token.starts_with("parc:v1:"), "{token}");
    assert!(!token.contains("ocs-p@ssw0rd"));
    assert_eq!(
        parc.ok(&["example", "unseal", token]).trim(),
        "ocs-p@ssw0rd"
    );

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    let mut altered = token.to_owned();
    let last = altered.pop().unwrap();
    altered.push(if last == 'a' { 'b' } else { 'a' });
    let stderr = parc.fails(&["example", "unseal", &altered]);
    assert!(stderr.contains("cannot decrypt the secret"), "{stderr}");

    // Another installation (another key) cannot read it either.
    let other = Parc::new(Backend::Sqlite);
    other.drop_archive(example_archive());
    other.ok(&["plugin", "install", "example"]);
    other.ok(&["plugin", "activate", "example"]);
    let stderr = other.fails(&["example", "unseal", token]);
    assert!(stderr.contains("enter the password again"), "{stderr}");
}

/// A key readable by others is warned about; a key that went missing while
/// sealed secrets are stored is not silently replaced: the error names the
/// secrets lost and the ways out, and `parc secret-key reset` starts over.
#[test]
fn a_readable_or_missing_secret_key_is_reported() {
    let parc = Parc::new(Backend::Sqlite);
    parc.drop_archive(example_archive());
    parc.ok(&["plugin", "install", "example"]);
    parc.ok(&["plugin", "activate", "example"]);
    let token = parc.ok(&["example", "seal", "ocs-p@ssw0rd"]);
    let token = token.trim();
    let key = parc.data_dir().join("secret.key");

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
        let out = parc.run(&["example", "unseal", token]);
        assert!(out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("readable by others (mode 644)") && stderr.contains("chmod 600"),
            "{stderr}"
        );
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
        let out = parc.run(&["example", "unseal", token]);
        assert!(!String::from_utf8_lossy(&out.stderr).contains("readable by others"));
    }

    // The key is lost: refused, nothing created.
    let backup = std::fs::read(&key).unwrap();
    std::fs::remove_file(&key).unwrap();
    for args in [["example", "unseal", token], ["example", "seal", "new"]] {
        let stderr = parc.fails(&args);
        assert!(
            stderr.contains("is missing")
                && stderr.contains("stored for: example")
                && stderr.contains("from a backup")
                && stderr.contains("parc secret-key reset"),
            "{stderr}"
        );
        assert!(!key.exists(), "no new key made silently");
    }
    // Reset is refused while a key is present.
    std::fs::write(&key, &backup).unwrap();
    let stderr = parc.fails(&["secret-key", "reset"]);
    assert!(stderr.contains("nothing to reset"), "{stderr}");
    // Put back, it works again.
    assert_eq!(
        parc.ok(&["example", "unseal", token]).trim(),
        "ocs-p@ssw0rd"
    );

    // Lost again, then reset: a new key, the old token is unreadable.
    std::fs::remove_file(&key).unwrap();
    let out = parc.run(&["secret-key", "reset"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("example"));
    let fresh = parc.ok(&["example", "seal", "new"]);
    assert!(key.exists());
    assert_eq!(parc.ok(&["example", "unseal", fresh.trim()]).trim(), "new");
    let stderr = parc.fails(&["example", "unseal", token]);
    assert!(stderr.contains("cannot decrypt"), "{stderr}");
}

/// A plugin reads an external MariaDB database through the host: rows come
/// in batches of the size asked, values keep their types, and an
/// unreachable server is a clear error naming it, not a hang.
#[test]
fn plugins_stream_rows_of_an_external_database() {
    let external = parc_tests::MySqlDatabase::create();
    external.execute(
        "CREATE TABLE hardware (ID INT AUTO_INCREMENT PRIMARY KEY, NAME VARCHAR(255), \
         CHECKSUM BIGINT UNSIGNED, LASTDATE DATETIME); \
         INSERT INTO hardware (NAME, CHECKSUM, LASTDATE) \
         SELECT CONCAT('pc-', seq), seq * 65536, '2026-11-28 17:00:22' FROM seq_1_to_2500;",
    );
    let parc = Parc::new(Backend::Sqlite);
    parc.drop_archive(example_archive());
    parc.ok(&["plugin", "install", "example"]);
    parc.ok(&["plugin", "activate", "example"]);
    let server_url = parc_tests::mysql::server_url();
    let port = server_url
        .rsplit(':')
        .next()
        .and_then(|p| p.trim_end_matches('/').parse::<u16>().ok())
        .unwrap_or(3306)
        .to_string();
    let output = parc.run(&[
        "example",
        "external",
        "--host",
        "127.0.0.1",
        "--port",
        &port,
        "--database",
        external.name(),
        "--user",
        "root",
        "--batch",
        "1000",
        "SELECT ID, NAME, CHECKSUM, LASTDATE FROM hardware ORDER BY ID",
    ]);
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2500);
    assert_eq!(lines[0], "1\tpc-1\t65536\t2026-11-28 17:00:22");
    assert_eq!(lines[2499], "2500\tpc-2500\t163840000\t2026-11-28 17:00:22");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("3 batch(es)"), "{stderr}");

    // A closed port: refused, said at once (not after a pool's timeout).
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let started = std::time::Instant::now();
    let stderr = parc.fails(&[
        "example",
        "external",
        "--host",
        "127.0.0.1",
        "--port",
        &port.to_string(),
        "--database",
        "ocsweb",
        "--user",
        "ocs",
        "SELECT 1",
    ]);
    assert!(
        stderr.contains(&format!(
            "cannot connect to MySQL server 127.0.0.1:{port}: connection refused"
        )) && stderr.contains("(user ocs, database ocsweb)"),
        "{stderr}"
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(4),
        "answered in {:?}",
        started.elapsed()
    );
}
