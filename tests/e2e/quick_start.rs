//! The plugin quick start of README.md, followed word for word: its shell
//! lines run in an empty directory (`cargo …` with cargo, `cd` moves,
//! `parc …` with the built binary on a fresh installation), its
//! `Cargo.toml` and `src/lib.rs` written as shown, with the checkout's
//! path in place of `/path/to/parc`. The plugin must build without a
//! warning and end up activated, with its Tools menu entry.

use std::path::{Path, PathBuf};
use std::process::Command;

use parc_tests::{Backend, Parc, workspace_root};

/// The fenced blocks of the README's "Writing a plugin" section, in order,
/// as (language, text).
fn quick_start_blocks() -> Vec<(String, String)> {
    let readme = std::fs::read_to_string(workspace_root().join("README.md")).unwrap();
    let start = readme
        .find("## Writing a plugin (quick start)")
        .expect("README has the plugin quick start");
    let section = &readme[start..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |i| i + 3)];
    let mut blocks = Vec::new();
    let mut lines = section.lines();
    while let Some(line) = lines.next() {
        if let Some(lang) = line.strip_prefix("```")
            && !lang.is_empty()
        {
            let body: Vec<&str> = lines.by_ref().take_while(|l| *l != "```").collect();
            blocks.push((lang.to_owned(), body.join("\n") + "\n"));
        }
    }
    blocks
}

#[test]
fn the_readme_plugin_quick_start_works_as_written() {
    let blocks = quick_start_blocks();
    let langs: Vec<&str> = blocks.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(
        langs,
        ["sh", "toml", "rust", "sh"],
        "the quick start's shape"
    );
    let checkout = workspace_root();
    let parc = Parc::new(Backend::Sqlite);
    let empty = tempfile::Builder::new()
        .prefix("parc-quick-start-")
        .tempdir()
        .unwrap();
    // Keep the plugin's build between runs: only its own crate rebuilds.
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| checkout.join("target"))
        .join("quick-start");
    let mut cwd = empty.path().to_path_buf();

    run_shell(&blocks[0].1, &mut cwd, &parc, &target);
    let manifest = blocks[1]
        .1
        .replace("/path/to/parc", checkout.to_str().unwrap());
    std::fs::write(cwd.join("Cargo.toml"), manifest).unwrap();
    std::fs::write(cwd.join("src/lib.rs"), &blocks[2].1).unwrap();
    let outputs = run_shell(&blocks[3].1, &mut cwd, &parc, &target);

    let (pack_line, pack_stderr) = &outputs[0];
    assert!(pack_line.starts_with("parc plugin pack"), "{pack_line}");
    assert!(
        !pack_stderr.contains("warning"),
        "the sample builds without warnings:\n{pack_stderr}"
    );
    assert!(cwd.join("hello-0.1.0.tar.gz").is_file());
    assert_eq!(parc.state("hello"), 1, "activated");
    let menu = parc.json(&["menu", "list"]);
    assert!(
        menu.as_array()
            .unwrap()
            .iter()
            .any(|m| m["plugin"] == "hello" && m["sector"] == "tools" && m["label"] == "Hello"),
        "{menu}"
    );
}

/// Runs each line of a README shell block; returns (line, stderr) of each.
fn run_shell(block: &str, cwd: &mut PathBuf, parc: &Parc, target: &Path) -> Vec<(String, String)> {
    let mut outputs = Vec::new();
    for line in block.lines() {
        let line = line.split(" #").next().unwrap_or(line).trim();
        if line.is_empty() {
            continue;
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        let output = match words[0] {
            "cd" => {
                *cwd = cwd.join(words[1]);
                continue;
            }
            "cargo" => Command::new(env!("CARGO"))
                .args(&words[1..])
                .current_dir(&*cwd)
                .output()
                .unwrap(),
            "parc" => {
                let mut command = parc.command();
                command
                    .args(&words[1..])
                    .current_dir(&*cwd)
                    .env("CARGO_TARGET_DIR", target);
                command.output().unwrap()
            }
            other => panic!("the quick start runs an unexpected program: {other}"),
        };
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(
            output.status.success(),
            "`{line}` failed:\nstdout: {}\nstderr: {stderr}",
            String::from_utf8_lossy(&output.stdout)
        );
        outputs.push((line.to_owned(), stderr));
    }
    outputs
}
