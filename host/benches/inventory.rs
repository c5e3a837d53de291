//! Inventory upsert benchmark (issue: asset store).
//!
//! 10,000 synthetic computers (1 processor, 2 memory modules, 1 hard drive,
//! 2 volumes, 2 network ports, 1 monitor, 60 software installations from a
//! pool of 2,000 titles) written into SQLite and MariaDB:
//! first import, then the 500 changed documents of a 5% change, then all
//! 10,000 unchanged documents again (a no-op). Each figure is printed with
//! the ratio to a raw baseline measured in the same process: every row the
//! import wrote, bulk-inserted into a fresh database with no logic at all.
//!
//! `cargo bench -p parc --bench inventory [-- sqlite|mysql] [--computers N]`
#![allow(clippy::unwrap_used)]

use std::time::{Duration, Instant};

use parc::assets::AssetStore;
use parc::store::Db;
use parc::store::copy::Snapshot;
use parc_plugin_api::messages::inventory::*;

const BATCH: usize = 500;
const TITLES: usize = 2_000;
const INSTALLS: usize = 60;

/// A small deterministic generator (no dependency, reproducible runs).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn s(v: impl Into<String>) -> Option<String> {
    Some(v.into())
}

fn document(i: usize, rng: &mut Lcg) -> ComputerInventory {
    let makers = ["Dell Inc.", "HP", "Lenovo", "Fujitsu"];
    let maker = makers[i % makers.len()];
    let mut titles: Vec<usize> = (0..INSTALLS).map(|_| rng.below(TITLES)).collect();
    titles.sort_unstable();
    titles.dedup();
    while titles.len() < INSTALLS {
        let t = rng.below(TITLES);
        if !titles.contains(&t) {
            titles.push(t);
        }
    }
    ComputerInventory {
        general: Some(General {
            name: s(format!("pc-{i:05}")),
            serial: s(format!("SN{i:08}")),
            uuid: s(format!("4c4c4544-{i:04x}-1000-8000-{i:012x}")),
            manufacturer: s(maker),
            model: s(format!("Model {}", i % 40)),
            computer_type: s(if i.is_multiple_of(3) {
                "Laptop"
            } else {
                "Desktop"
            }),
            domain: s("corp.example"),
            user: s(format!("user{}", i % 700)),
            location: s(format!("Site {} > Floor {}", i % 5, i % 3)),
            last_inventory_update: s("2026-11-27 10:00:00"),
            ..General::default()
        }),
        operating_system: Some(OperatingSystem {
            name: s(if i.is_multiple_of(2) {
                "Microsoft Windows 11 Pro"
            } else {
                "Debian GNU/Linux"
            }),
            version: s(if i.is_multiple_of(2) { "23H2" } else { "12" }),
            architecture: s("x86_64"),
            ..OperatingSystem::default()
        }),
        processors: Some(vec![Processor {
            designation: s(format!("Intel Core i{}-1{}500", 3 + 2 * (i % 3), i % 4)),
            manufacturer: s("Intel"),
            frequency: Some(3100),
            nbcores: Some(6),
            nbthreads: Some(12),
            ..Processor::default()
        }]),
        memories: Some(
            (1..=2)
                .map(|slot| Memory {
                    designation: s("DIMM"),
                    memory_type: s("DDR4"),
                    frequency: Some(3200),
                    size: Some(8192),
                    bus_id: s(slot.to_string()),
                    ..Memory::default()
                })
                .collect(),
        ),
        hard_drives: Some(vec![HardDrive {
            designation: s(format!("SSD {}", i % 12)),
            manufacturer: s("Samsung"),
            capacity: Some(476_940),
            serial: s(format!("S{i:08}")),
        }]),
        volumes: Some(vec![
            Volume {
                mountpoint: s("C:"),
                device: s("\\\\?\\Volume{1}"),
                filesystem: s("NTFS"),
                totalsize: Some(400_000),
                freesize: Some(100_000 + (rng.below(1000) as i64)),
                ..Volume::default()
            },
            Volume {
                mountpoint: s("D:"),
                device: s("\\\\?\\Volume{2}"),
                filesystem: s("NTFS"),
                totalsize: Some(70_000),
                freesize: Some(50_000),
                ..Volume::default()
            },
        ]),
        network_ports: Some(vec![
            NetworkPort {
                name: s("Ethernet"),
                mac: s(format!(
                    "00:16:3e:{:02x}:{:02x}:{:02x}",
                    i >> 16 & 0xff,
                    i >> 8 & 0xff,
                    i & 0xff
                )),
                ip_addresses: vec![format!(
                    "10.{}.{}.{}",
                    i >> 16 & 0xff,
                    i >> 8 & 0xff,
                    i & 0xff
                )],
                ..NetworkPort::default()
            },
            NetworkPort {
                name: s("Wi-Fi"),
                mac: s(format!(
                    "00:16:3f:{:02x}:{:02x}:{:02x}",
                    i >> 16 & 0xff,
                    i >> 8 & 0xff,
                    i & 0xff
                )),
                ..NetworkPort::default()
            },
        ]),
        monitors: Some(vec![Monitor {
            name: s(format!("Display {}", i % 20)),
            serial: s(format!("MON{i:07}")),
            manufacturer: s(maker),
            model: s(format!("P24{}", i % 9)),
            ..Monitor::default()
        }]),
        software: Some(
            titles
                .into_iter()
                .map(|t| Software {
                    name: s(format!("Software {t:04}")),
                    version: s(format!("{}.{}", t % 7, t % 13)),
                    publisher: s(format!("Publisher {}", t % 150)),
                    ..Software::default()
                })
                .collect(),
        ),
        ..ComputerInventory::default()
    }
}

/// The 5% change: a software upgrade, a new free size, a new address.
fn change(doc: &mut ComputerInventory, rng: &mut Lcg) {
    if let Some(software) = &mut doc.software {
        let k = rng.below(software.len());
        software[k].version = s("99.0");
    }
    if let Some(volumes) = &mut doc.volumes {
        volumes[0].freesize = Some(12_345);
    }
    if let Some(ports) = &mut doc.network_ports {
        ports[0].ip_addresses = vec![format!("172.16.{}.{}", rng.below(250), rng.below(250))];
    }
}

async fn time_upserts(store: &AssetStore, items: &[Upsert]) -> (Duration, Vec<UpsertOutcome>) {
    let started = Instant::now();
    let mut outcomes = Vec::with_capacity(items.len());
    for chunk in items.chunks(BATCH) {
        outcomes.extend(store.upsert(chunk, &[]).await.unwrap());
    }
    (started.elapsed(), outcomes)
}

/// Every row the import wrote, copied into a fresh database with plain
/// multi-row INSERTs in one transaction: the same rows, no logic. Only the
/// inserts are timed (reading the rows back is not).
async fn raw_baseline(source: &Db, target: &Db) -> Duration {
    let snapshot = Snapshot::read(source, target).await.unwrap();
    let started = Instant::now();
    snapshot.write(target).await.unwrap();
    started.elapsed()
}

fn per_second(n: usize, d: Duration) -> f64 {
    n as f64 / d.as_secs_f64()
}

async fn run(label: &str, url: &str, baseline_url: &str, computers: usize) {
    let db = Db::open(url).await.unwrap();
    let baseline_db = Db::open(baseline_url).await.unwrap();
    let store = AssetStore::new(db.clone());

    let mut rng = Lcg(42);
    let docs: Vec<ComputerInventory> = (0..computers).map(|i| document(i, &mut rng)).collect();
    let first: Vec<Upsert> = docs
        .iter()
        .map(|d| Upsert {
            computers_id: None,
            entities_id: 0,
            source: "bench".into(),
            inventory: d.clone(),
            ..Upsert::default()
        })
        .collect();

    let (import, outcomes) = time_upserts(&store, &first).await;
    let baseline = raw_baseline(&db, &baseline_db).await;
    let history = store.history_count().await.unwrap();
    assert_eq!(
        history as usize, computers,
        "one history row per created computer"
    );

    let ids: Vec<u32> = outcomes.iter().map(|o| o.computers_id).collect();
    let mut changed = Vec::new();
    for (n, (doc, id)) in docs.iter().zip(&ids).enumerate() {
        if n % 20 == 0 {
            let mut doc = doc.clone();
            change(&mut doc, &mut rng);
            changed.push(Upsert {
                computers_id: Some(*id),
                entities_id: 0,
                source: "bench".into(),
                inventory: doc,
                ..Upsert::default()
            });
        }
    }
    let (incremental, outcomes) = time_upserts(&store, &changed).await;
    assert!(
        outcomes.iter().all(|o| o.changes >= 3),
        "every changed document changed"
    );

    let unchanged: Vec<Upsert> = docs
        .iter()
        .zip(&ids)
        .map(|(d, id)| Upsert {
            computers_id: Some(*id),
            entities_id: 0,
            source: "bench".into(),
            inventory: d.clone(),
            ..Upsert::default()
        })
        .collect();
    // Restore the 5% to their first state, then measure a true no-op.
    time_upserts(
        &store,
        &unchanged.iter().step_by(20).cloned().collect::<Vec<_>>(),
    )
    .await;
    let (noop, outcomes) = time_upserts(&store, &unchanged).await;
    let writes: u32 = outcomes.iter().map(|o| o.changes).sum();
    assert_eq!(writes, 0, "unchanged documents write no history");

    println!("{label}: {computers} computers, batches of {BATCH}");
    println!(
        "  raw baseline (bulk insert, no logic): {:>8.0} computers/s  ({:.2} s)",
        per_second(computers, baseline),
        baseline.as_secs_f64()
    );
    println!(
        "  first import:                         {:>8.0} computers/s  ({:.2} s, {:.2}× the baseline)",
        per_second(computers, import),
        import.as_secs_f64(),
        import.as_secs_f64() / baseline.as_secs_f64()
    );
    println!(
        "  5% changed ({} documents):           {:>8.0} computers/s  ({:.3} s)",
        changed.len(),
        per_second(changed.len(), incremental),
        incremental.as_secs_f64()
    );
    println!(
        "  unchanged (no-op):                    {:>8.0} computers/s  ({:.2} s)",
        per_second(computers, noop),
        noop.as_secs_f64()
    );
    db.close().await;
    baseline_db.close().await;
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let computers = args
        .iter()
        .position(|a| a == "--computers")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    let which = args
        .iter()
        .find(|a| *a == "sqlite" || *a == "mysql")
        .cloned();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        if which.as_deref() != Some("mysql") {
            let dir = tempfile::tempdir().unwrap();
            let url = format!("sqlite://{}", dir.path().join("bench.db").display());
            let baseline = format!("sqlite://{}", dir.path().join("baseline.db").display());
            run("SQLite", &url, &baseline, computers).await;
        }
        if which.as_deref() != Some("sqlite") {
            let server = std::env::var("PARC_TEST_MYSQL_URL")
                .unwrap_or_else(|_| "mysql://root@127.0.0.1:3306".to_owned());
            let pid = std::process::id();
            let url = format!("{server}/parc_bench_{pid}");
            let baseline = format!("{server}/parc_bench_base_{pid}");
            run("MariaDB", &url, &baseline, computers).await;
            for name in [
                format!("parc_bench_{pid}"),
                format!("parc_bench_base_{pid}"),
            ] {
                let db = Db::connect(&format!("{server}/{name}")).await.unwrap();
                if let Db::MySql(pool) = &db {
                    sqlx::raw_sql(&format!("DROP DATABASE `{name}`"))
                        .execute(pool)
                        .await
                        .unwrap();
                }
            }
        }
    });
}
