//! Plugin benchmark: load time of one plugin and of 20 copies in a cold
//! process, and the cost of one host → plugin invocation round trip, each
//! next to a baseline measured in the same run.
//!
//! Run with `cargo bench -p parc --bench plugins`. It builds the example
//! plugin and `parc` in release mode first (nested cargo).
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use parc::config::Config;
use parc::plugins::PluginHost;
use parc::plugins::loader::Library;
use parc::plugins::runtime::Invocation;
use parc::store::Db;

const CHILD: &str = "PARC_BENCH_CHILD_LOAD";
const COLD_RUNS: usize = 15;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn cargo_build(args: &[&str]) {
    let status = Command::new(option_env!("CARGO").unwrap_or("cargo"))
        .current_dir(workspace())
        .args(["build", "--release", "--quiet"])
        .args(args)
        .status()
        .unwrap();
    assert!(status.success());
}

fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    values[values.len() / 2]
}

/// Child mode: open every library given on the command line, print the
/// microseconds it took, exit.
fn child(libraries: &[String]) {
    let started = Instant::now();
    for library in libraries {
        let opened = Library::open(Path::new(library)).unwrap();
        assert_eq!(opened.info().key, "example");
    }
    println!("{}", started.elapsed().as_micros());
}

/// Spawns a fresh process that loads `libraries`; returns (load time
/// measured inside, whole process wall time).
fn cold(libraries: &[PathBuf]) -> (Duration, Duration) {
    let started = Instant::now();
    let output = Command::new(std::env::current_exe().unwrap())
        .env(CHILD, "1")
        .args(libraries)
        .output()
        .unwrap();
    let wall = started.elapsed();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let micros: u64 = String::from_utf8(output.stdout)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    (Duration::from_micros(micros), wall)
}

fn main() {
    if std::env::var_os(CHILD).is_some() {
        let libraries: Vec<String> = std::env::args()
            .skip(1)
            .filter(|a| !a.starts_with('-'))
            .collect();
        child(&libraries);
        return;
    }
    cargo_build(&["-p", "parc_plugin_example", "-p", "parc"]);
    let target = workspace().join("target/release");
    let example = target.join("libparc_plugin_example.so");
    let dir = tempfile::tempdir().unwrap();

    // 20 copies: dlopen deduplicates by path/inode, so each is its own file.
    let copies: Vec<PathBuf> = (0..20)
        .map(|i| {
            let path = dir
                .path()
                .join(format!("copy{i}/libparc_plugin_example.so"));
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::copy(&example, &path).unwrap();
            path
        })
        .collect();

    // Baseline: a process that loads nothing.
    let empty: Vec<(Duration, Duration)> = (0..COLD_RUNS).map(|_| cold(&[])).collect();
    let one: Vec<(Duration, Duration)> = (0..COLD_RUNS).map(|_| cold(&copies[..1])).collect();
    let twenty: Vec<(Duration, Duration)> = (0..COLD_RUNS).map(|_| cold(&copies)).collect();
    let load = |runs: &[(Duration, Duration)]| median(runs.iter().map(|r| r.0).collect());
    let wall = |runs: &[(Duration, Duration)]| median(runs.iter().map(|r| r.1).collect());
    println!("plugin load, cold process (median of {COLD_RUNS} processes):");
    println!(
        "  1 plugin:    {:>9.3} ms load   process {:>8.2} ms (empty process {:.2} ms)",
        load(&one).as_secs_f64() * 1e3,
        wall(&one).as_secs_f64() * 1e3,
        wall(&empty).as_secs_f64() * 1e3
    );
    println!(
        "  20 plugins:  {:>9.3} ms load   process {:>8.2} ms ({:.3} ms per plugin)",
        load(&twenty).as_secs_f64() * 1e3,
        wall(&twenty).as_secs_f64() * 1e3,
        load(&twenty).as_secs_f64() * 1e3 / 20.0
    );

    invocation_round_trip(&target, dir.path());
}

/// A plugin installed the normal way in a SQLite installation, then called.
fn invocation_round_trip(target: &Path, dir: &Path) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let archive_dir = dir.join("archive");
    let archive = parc::plugins::pack::pack(
        &workspace().join("plugins/example"),
        &archive_dir,
        &target.join("parc"),
    )
    .unwrap();
    runtime.block_on(async {
        let config = Config::with_data_dir(dir.join("data"));
        let db = Db::open(&config.database_url).await.unwrap();
        // Archives are probed in a child `parc` process.
        let host = PluginHost::with_probe(config, db, target.join("parc"));
        host.add_archive(&archive).await.unwrap();
        host.install("example").await.unwrap();
        let plugin = host.load("example").await.unwrap();

        const DIRECT: u32 = 200_000;
        let payload = "\"ping\"";
        let started = Instant::now();
        for _ in 0..DIRECT {
            let reply = host.invoke_blocking(&plugin, "ping", payload).unwrap();
            std::hint::black_box(reply);
        }
        let direct = started.elapsed() / DIRECT;

        // Baseline for the direct call: the same work (copy the payload into
        // a new string) behind a native dynamic call, without crossing.
        let native: Box<dyn Fn(&str) -> String> = Box::new(|p: &str| p.to_owned());
        let native = std::hint::black_box(native);
        let started = Instant::now();
        for _ in 0..DIRECT {
            std::hint::black_box(native(std::hint::black_box(payload)));
        }
        let native_call = started.elapsed() / DIRECT;

        const HOPS: u32 = 20_000;
        let started = Instant::now();
        for _ in 0..HOPS {
            let reply: String = host
                .invoke(&plugin, "ping", &"ping", Invocation::default(), None)
                .await
                .unwrap();
            std::hint::black_box(reply);
        }
        let async_call = started.elapsed() / HOPS;

        // Baseline for the async call: the same blocking-thread hop with an
        // empty closure.
        let started = Instant::now();
        for _ in 0..HOPS {
            tokio::task::spawn_blocking(|| std::hint::black_box(1)).await.unwrap();
        }
        let hop_only = started.elapsed() / HOPS;

        println!("host → plugin invocation round trip (ping, JSON payload):");
        println!(
            "  direct call:           {:>6} ns   (same work as a native call: {} ns; ratio {:.1})",
            direct.as_nanos(),
            native_call.as_nanos(),
            direct.as_secs_f64() / native_call.as_secs_f64()
        );
        println!(
            "  async (spawn_blocking):{:>7.1} µs   (empty spawn_blocking hop: {:.1} µs; ratio {:.2})",
            async_call.as_secs_f64() * 1e6,
            hop_only.as_secs_f64() * 1e6,
            async_call.as_secs_f64() / hop_only.as_secs_f64()
        );
    });
}
