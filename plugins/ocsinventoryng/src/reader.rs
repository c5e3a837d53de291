//! Reading an OCS database: the list of machines (one streaming pass over
//! `hardware`, or keyset pages for listings) and, for a batch of machines,
//! every section they need with one set-based query per OCS table (never a
//! query per computer). Works on OCS 2.11 and 2.12 schemas and on the
//! legacy `softwares` table of older servers.

use std::collections::{HashMap, HashSet};

use parc_plugin_api::{ExternalDb, Result};
use serde_json::Value;

use crate::options::bit;

/// Rows fetched per round trip when streaming.
const STREAM_BATCH: u32 = 5_000;

/// What the machine lists need from `hardware` (and its TAG).
#[derive(Debug, Clone)]
pub struct Meta {
    pub id: i64,
    pub deviceid: String,
    pub name: String,
    pub lastdate: Option<String>,
    pub checksum: u64,
    pub tag: Option<String>,
    pub archived: bool,
}

/// A section read per machine: rows of one OCS table, in the listed
/// column order.
pub struct Section {
    /// OCS table.
    pub table: &'static str,
    /// The checksum bit that marks it dirty.
    pub bit: u64,
    /// Columns read (after `HARDWARE_ID`).
    pub columns: &'static [&'static str],
}

pub const CPUS: Section = Section {
    table: "cpus",
    bit: bit::CPUS,
    columns: &[
        "MANUFACTURER",
        "TYPE",
        "SERIALNUMBER",
        "SPEED",
        "CORES",
        "LOGICAL_CPUS",
    ],
};
pub const MEMORIES: Section = Section {
    table: "memories",
    bit: bit::MEMORIES,
    columns: &[
        "CAPTION",
        "DESCRIPTION",
        "CAPACITY",
        "TYPE",
        "SPEED",
        "SERIALNUMBER",
    ],
};
pub const STORAGES: Section = Section {
    table: "storages",
    bit: bit::STORAGES,
    columns: &[
        "MANUFACTURER",
        "NAME",
        "MODEL",
        "DESCRIPTION",
        "TYPE",
        "DISKSIZE",
        "SERIALNUMBER",
    ],
};
pub const DRIVES: Section = Section {
    table: "drives",
    bit: bit::DRIVES,
    columns: &["LETTER", "TYPE", "FILESYSTEM", "TOTAL", "FREE", "VOLUMN"],
};
pub const NETWORKS: Section = Section {
    table: "networks",
    bit: bit::NETWORKS,
    columns: &[
        "DESCRIPTION",
        "TYPE",
        "SPEED",
        "MACADDR",
        "IPADDRESS",
        "IPSUBNET",
        "VIRTUALDEV",
    ],
};
pub const MONITORS: Section = Section {
    table: "monitors",
    bit: bit::MONITORS,
    columns: &["MANUFACTURER", "CAPTION", "DESCRIPTION", "TYPE", "SERIAL"],
};
pub const VIDEOS: Section = Section {
    table: "videos",
    bit: bit::VIDEOS,
    columns: &["NAME", "CHIPSET", "MEMORY"],
};
pub const SOUNDS: Section = Section {
    table: "sounds",
    bit: bit::SOUNDS,
    columns: &["MANUFACTURER", "NAME", "DESCRIPTION"],
};
pub const CONTROLLERS: Section = Section {
    table: "controllers",
    bit: bit::CONTROLLERS,
    columns: &["MANUFACTURER", "NAME", "CAPTION", "TYPE"],
};
pub const VIRTUALMACHINES: Section = Section {
    table: "virtualmachines",
    bit: bit::VIRTUALMACHINES,
    columns: &[
        "NAME",
        "STATUS",
        "SUBSYSTEM",
        "VMTYPE",
        "UUID",
        "VCPU",
        "MEMORY",
    ],
};
/// Modems, expansion slots and ports: "other components".
pub const MODEMS: Section = Section {
    table: "modems",
    bit: bit::MODEMS,
    columns: &["NAME", "MODEL", "DESCRIPTION", "TYPE"],
};
pub const SLOTS: Section = Section {
    table: "slots",
    bit: bit::SLOTS,
    columns: &["NAME", "DESCRIPTION", "DESIGNATION"],
};
pub const PORTS: Section = Section {
    table: "ports",
    bit: bit::PORTS,
    columns: &["TYPE", "NAME", "CAPTION", "DESCRIPTION"],
};
/// Registry values the agents collect (named by OCS's `regconfig`).
pub const REGISTRY: Section = Section {
    table: "registry",
    bit: bit::REGISTRY,
    columns: &["NAME", "REGVALUE", "REGTREE", "REGKEY"],
};
/// Peripherals (keyboards, mice, …).
pub const INPUTS: Section = Section {
    table: "inputs",
    bit: bit::INPUTS,
    columns: &[
        "TYPE",
        "MANUFACTURER",
        "CAPTION",
        "DESCRIPTION",
        "INTERFACE",
    ],
};
pub const PRINTERS: Section = Section {
    table: "printers",
    bit: bit::PRINTERS,
    columns: &["NAME", "DRIVER", "PORT", "DESCRIPTION"],
};
/// Software, whatever the OCS layout: name, version, publisher, install
/// date, architecture.
pub const SOFTWARE: Section = Section {
    table: "software",
    bit: bit::SOFTWARE,
    columns: &["NAME", "VERSION", "PUBLISHER", "INSTALLDATE", "ARCH"],
};

const SECTIONS: &[&Section] = &[
    &CPUS,
    &MEMORIES,
    &STORAGES,
    &DRIVES,
    &NETWORKS,
    &MONITORS,
    &INPUTS,
    &PRINTERS,
    &VIDEOS,
    &SOUNDS,
    &CONTROLLERS,
    &MODEMS,
    &SLOTS,
    &PORTS,
    &REGISTRY,
    &VIRTUALMACHINES,
    &SOFTWARE,
];

/// `hardware` columns read for a machine.
pub const HARDWARE: &[&str] = &[
    "ID",
    "DEVICEID",
    "NAME",
    "WORKGROUP",
    "OSNAME",
    "OSVERSION",
    "OSCOMMENTS",
    "ARCH",
    "USERID",
    "DESCRIPTION",
    "WINPRODID",
    "WINPRODKEY",
    "UUID",
    "LASTDATE",
    "LASTCOME",
    "USERAGENT",
    "IPSRC",
    "IPADDR",
    "SWAP",
    "CHECKSUM",
];

/// `bios` columns read for a machine.
pub const BIOS: &[&str] = &[
    "SMANUFACTURER",
    "SMODEL",
    "SSN",
    "TYPE",
    "BMANUFACTURER",
    "BVERSION",
    "BDATE",
    "ASSETTAG",
    "MMANUFACTURER",
    "MMODEL",
    "MSN",
];

/// A row with its column names.
#[derive(Debug, Clone, Default)]
pub struct Record {
    pub columns: std::sync::Arc<Vec<String>>,
    pub values: Vec<Value>,
}

impl Record {
    /// The value of a column, trimmed; `None` when NULL, empty or absent.
    pub fn text(&self, column: &str) -> Option<String> {
        text(&self.values[self.position(column)?])
    }

    /// Where `column` is in this record (the same for every row of a
    /// query).
    fn position(&self, column: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == column)
    }

    /// The integer value of a column (numbers stored as text too).
    pub fn int(&self, column: &str) -> Option<i64> {
        int(&self.values[self.position(column)?])
    }
}

/// Files rows that come ordered by machine into each machine's list: one
/// lookup per machine, not per row.
fn file_by_machine<T>(
    rows: Vec<(i64, T)>,
    machines: &mut foldhash::HashMap<i64, Machine>,
    list_of: impl Fn(&mut Machine) -> &mut Vec<T>,
) {
    let mut rows = rows.into_iter().peekable();
    while let Some(&(id, _)) = rows.peek() {
        let mut list = machines.get_mut(&id).map(&list_of);
        while let Some((_, row)) = rows.next_if(|(next, _)| *next == id) {
            if let Some(list) = list.as_mut() {
                list.push(row);
            }
        }
    }
}

/// Text of a value; `None` when NULL or blank.
pub fn text(value: &Value) -> Option<String> {
    let s = match value {
        Value::String(s) => s.trim().to_owned(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => i64::from(*b).to_string(),
        _ => return None,
    };
    (!s.is_empty()).then_some(s)
}

/// Integer of a value (OCS stores many numbers as text).
pub fn int(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Value::String(s) => {
            let s = s.trim();
            s.parse::<i64>()
                .ok()
                .or_else(|| s.parse::<f64>().ok().map(|f| f as i64))
        }
        _ => None,
    }
}

/// One OCS machine as read for a batch.
#[derive(Debug, Default)]
pub struct Machine {
    pub hardware: Record,
    pub bios: Option<Record>,
    pub account: Option<Record>,
    /// Rows per section table (only the sections asked for are present),
    /// software aside.
    pub sections: foldhash::HashMap<&'static str, Vec<Record>>,
    /// Software installations, when the section was read.
    pub software: Vec<SoftwareRow>,
    /// The sections that were read (checksum bits).
    pub read: u64,
}

impl Machine {
    pub fn id(&self) -> i64 {
        self.hardware.int("ID").unwrap_or_default()
    }

    /// Rows of a section (empty when absent or not read).
    pub fn rows(&self, section: &Section) -> &[Record] {
        self.sections
            .get(section.table)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// Whether a section was read.
    pub fn has(&self, section: &Section) -> bool {
        self.read & section.bit != 0
    }

    /// The TAG of the machine.
    pub fn tag(&self) -> Option<String> {
        self.account.as_ref().and_then(|a| a.text("TAG"))
    }
}

/// A TAG filter (`tag_limit` / `tag_exclude`).
#[derive(Debug, Clone, Default)]
pub struct TagFilter {
    pub limit: Vec<String>,
    pub exclude: Vec<String>,
}

impl TagFilter {
    /// Whether a machine with this TAG is taken.
    pub fn accepts(&self, tag: Option<&str>) -> bool {
        let tag = tag.unwrap_or_default();
        (self.limit.is_empty() || self.limit.iter().any(|t| t == tag))
            && !self.exclude.iter().any(|t| t == tag)
    }
}

/// Layout facts of one OCS database, detected once per connection.
pub struct Reader {
    ocs: ExternalDb,
    normalized_software: bool,
    has_archive: bool,
    tables: HashSet<String>,
    /// Serials OCS itself ignores (`blacklist_serials`).
    pub blacklisted_serials: HashSet<String>,
    /// MAC addresses OCS ignores (`blacklist_macaddresses`), lower case.
    pub blacklisted_macs: HashSet<String>,
    /// Software names, versions and publishers read so far, by id.
    dictionaries: std::sync::Mutex<Dictionaries>,
}

/// OCS's placeholder for an empty software field.
const UNAVAILABLE: &str = "Unavailable";

/// The text of a software field, shared: every occurrence of a text points
/// to one allocation (see [`Interner`]), so installations are compared and
/// hashed by address instead of by their strings.
pub type Text = std::sync::Arc<str>;

/// Where a [`Text`] lives: equal for equal texts of one reader.
pub fn address(text: &Text) -> usize {
    std::sync::Arc::as_ptr(text).cast::<u8>() as usize
}

/// One software installation as OCS reports it, its fields trimmed; blank
/// and "Unavailable" fields are `None`.
#[derive(Debug, Clone, Default)]
pub struct SoftwareRow {
    pub name: Option<Text>,
    pub version: Option<Text>,
    pub publisher: Option<Text>,
    pub arch: Option<Text>,
    /// `YYYY-MM-DD` (parc keeps the day only).
    pub date_install: Option<String>,
}

/// The distinct software texts of a reader, one allocation each. Never
/// emptied while the reader lives, so an address stands for one text.
#[derive(Default)]
pub(crate) struct Interner(foldhash::HashSet<Text>);

impl Interner {
    /// The shared text of a software field; `None` when blank or OCS's
    /// "Unavailable".
    pub(crate) fn intern(&mut self, value: &Value) -> Option<Text> {
        let owned;
        let text = match value {
            Value::String(s) => s.trim(),
            Value::Null => return None,
            other => {
                owned = text(other)?;
                owned.as_str()
            }
        };
        if text.is_empty() || text == UNAVAILABLE {
            return None;
        }
        if let Some(shared) = self.0.get(text) {
            return Some(shared.clone());
        }
        let shared = Text::from(text);
        self.0.insert(shared.clone());
        Some(shared)
    }
}

/// OCS 2.12's software dictionaries (`software_name`, `software_version`,
/// `software_publisher`), filled as batches name new ids, and the shared
/// texts of every software field read. Installations are read by id and
/// named from here: joining the three tables on every one of hundreds of
/// thousands of rows was most of the reading cost.
#[derive(Default)]
struct Dictionaries {
    names: foldhash::HashMap<i64, Option<Text>>,
    versions: foldhash::HashMap<i64, Option<Text>>,
    publishers: foldhash::HashMap<i64, Option<Text>>,
    texts: Interner,
}

/// `?, ?, …` for `n` parameters.
pub(crate) fn marks(n: usize) -> String {
    vec!["?"; n].join(", ")
}

impl Reader {
    /// Detects the schema of the connected database.
    pub fn new(ocs: ExternalDb) -> Result<Self> {
        let tables: HashSet<String> = ocs
            .query(
                "SELECT LOWER(TABLE_NAME) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()",
                &[],
            )?
            .rows
            .iter()
            .filter_map(|r| text(&r[0]))
            .collect();
        let has_archive = ocs
            .query(
                "SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() \
                 AND TABLE_NAME = 'hardware' AND COLUMN_NAME = 'ARCHIVE'",
                &[],
            )?
            .rows
            .first()
            .and_then(|r| int(&r[0]))
            .unwrap_or_default()
            > 0;
        let list = |table: &str, column: &str| -> Result<HashSet<String>> {
            if !tables.contains(table) {
                return Ok(HashSet::new());
            }
            Ok(ocs
                .query(&format!("SELECT {column} FROM {table}"), &[])?
                .rows
                .iter()
                .filter_map(|r| text(&r[0]))
                .map(|s| s.to_lowercase())
                .collect())
        };
        let blacklisted_serials = list("blacklist_serials", "SERIAL")?;
        let blacklisted_macs = list("blacklist_macaddresses", "MACADDRESS")?;
        Ok(Self {
            normalized_software: tables.contains("software_name"),
            has_archive,
            blacklisted_serials,
            blacklisted_macs,
            dictionaries: Default::default(),
            tables,
            ocs,
        })
    }

    fn meta_sql(&self, where_: &str) -> String {
        let archive = if self.has_archive {
            "h.ARCHIVE"
        } else {
            "NULL"
        };
        format!(
            "SELECT h.ID, h.DEVICEID, h.NAME, h.LASTDATE, h.CHECKSUM, a.TAG, {archive} \
             FROM hardware h LEFT JOIN accountinfo a ON a.HARDWARE_ID = h.ID \
             WHERE h.DEVICEID NOT LIKE '\\_%' {where_} ORDER BY h.ID"
        )
    }

    fn meta(row: &[Value]) -> Meta {
        Meta {
            id: int(&row[0]).unwrap_or_default(),
            deviceid: text(&row[1]).unwrap_or_default(),
            name: text(&row[2]).unwrap_or_default(),
            lastdate: text(&row[3]),
            checksum: match &row[4] {
                Value::Number(n) => n.as_u64().unwrap_or_default(),
                other => int(other).unwrap_or_default().max(0) as u64,
            },
            tag: text(&row[5]),
            archived: !row[6].is_null(),
        }
    }

    /// Every machine (pseudo rows `_SYSTEMGROUP_`… skipped), streamed.
    pub fn metas(&self) -> Result<Vec<Meta>> {
        let mut out = Vec::new();
        for batch in self.ocs.stream(&self.meta_sql(""), &[], STREAM_BATCH)? {
            out.extend(batch?.rows.iter().map(|r| Self::meta(r)));
        }
        Ok(out)
    }

    /// A keyset page: machines with an ID above `after`.
    pub fn page(&self, after: i64, limit: usize) -> Result<Vec<Meta>> {
        let sql = format!("{} LIMIT {}", self.meta_sql("AND h.ID > ?"), limit.max(1));
        Ok(self
            .ocs
            .query(&sql, &[after.into()])?
            .rows
            .iter()
            .map(|r| Self::meta(r))
            .collect())
    }

    /// One machine's meta, if it exists (not a pseudo row).
    pub fn meta_of(&self, id: i64) -> Result<Option<Meta>> {
        let rows = self
            .ocs
            .query(&self.meta_sql("AND h.ID = ?"), &[id.into()])?;
        Ok(rows.rows.first().map(|r| Self::meta(r)))
    }

    /// The rows of `{select} IN (…)` for `keys`, `chunk` keys per query.
    fn rows_in(&self, select: &str, keys: &[Value], chunk: usize) -> Result<Vec<Vec<Value>>> {
        let mut out = Vec::new();
        for keys in keys.chunks(chunk) {
            let sql = format!("{select} IN ({})", marks(keys.len()));
            out.extend(self.ocs.query(&sql, keys)?.rows);
        }
        Ok(out)
    }

    /// Machines among `ids` that exist, with their DEVICEID.
    pub fn existing(&self, ids: &[i64]) -> Result<HashMap<i64, String>> {
        let keys: Vec<Value> = ids.iter().map(|i| (*i).into()).collect();
        let rows = self.rows_in("SELECT ID, DEVICEID FROM hardware WHERE ID", &keys, 500)?;
        Ok(rows
            .iter()
            .map(|r| {
                (
                    int(&r[0]).unwrap_or_default(),
                    text(&r[1]).unwrap_or_default(),
                )
            })
            .collect())
    }

    /// Machines by DEVICEID.
    pub fn by_deviceid(&self, deviceids: &[String]) -> Result<HashMap<String, i64>> {
        let keys: Vec<Value> = deviceids.iter().map(|d| d.clone().into()).collect();
        let rows = self.rows_in(
            "SELECT DEVICEID, ID FROM hardware WHERE DEVICEID",
            &keys,
            500,
        )?;
        Ok(rows
            .iter()
            .map(|r| {
                (
                    text(&r[0]).unwrap_or_default(),
                    int(&r[1]).unwrap_or_default(),
                )
            })
            .collect())
    }

    /// Reads machines `ids` with the sections of `bits` (hardware, bios and
    /// accountinfo always): one query per table for the whole batch.
    pub fn fetch(&self, ids: &[i64], bits: &HashMap<i64, u64>) -> Result<Vec<Machine>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let params: Vec<Value> = ids.iter().map(|i| (*i).into()).collect();
        let list = marks(ids.len());
        let mut machines: foldhash::HashMap<i64, Machine> = foldhash::HashMap::default();
        let hardware = self.ocs.query(
            &format!(
                "SELECT {} FROM hardware WHERE ID IN ({list})",
                HARDWARE.join(", ")
            ),
            &params,
        )?;
        let columns = std::sync::Arc::new(hardware.columns.clone());
        for values in hardware.rows {
            let record = Record {
                columns: columns.clone(),
                values,
            };
            let id = record.int("ID").unwrap_or_default();
            machines.insert(
                id,
                Machine {
                    hardware: record,
                    read: bits.get(&id).copied().unwrap_or_default() | bit::HARDWARE | bit::BIOS,
                    ..Machine::default()
                },
            );
        }
        for (id, record) in self.rows_by_machine(
            &format!(
                "SELECT HARDWARE_ID, {} FROM bios WHERE HARDWARE_ID IN ({list})",
                BIOS.join(", ")
            ),
            &params,
        )? {
            if let Some(m) = machines.get_mut(&id) {
                m.bios = Some(record);
            }
        }
        for (id, record) in self.rows_by_machine(
            &format!("SELECT * FROM accountinfo WHERE HARDWARE_ID IN ({list})"),
            &params,
        )? {
            if let Some(m) = machines.get_mut(&id) {
                m.account = Some(record);
            }
        }
        let union = bits.values().fold(0, |a, b| a | b);
        for section in SECTIONS {
            if union & section.bit == 0 {
                continue;
            }
            let wanted: Vec<i64> = ids
                .iter()
                .copied()
                .filter(|id| bits.get(id).copied().unwrap_or_default() & section.bit != 0)
                .collect();
            if wanted.is_empty() {
                continue;
            }
            let Some(sql) = self.section_sql(section, wanted.len()) else {
                continue;
            };
            let params: Vec<Value> = wanted.iter().map(|i| (*i).into()).collect();
            if section.table == SOFTWARE.table {
                let rows = self.software_rows(&sql, &params)?;
                file_by_machine(rows, &mut machines, |m| &mut m.software);
                continue;
            }
            for id in &wanted {
                if let Some(m) = machines.get_mut(id) {
                    m.sections.entry(section.table).or_default();
                }
            }
            let rows = self.rows_by_machine(&sql, &params)?;
            file_by_machine(rows, &mut machines, |m| {
                m.sections.entry(section.table).or_default()
            });
        }
        let mut out: Vec<Machine> = machines.into_values().collect();
        out.sort_by_key(Machine::id);
        Ok(out)
    }

    fn section_sql(&self, section: &Section, n: usize) -> Option<String> {
        let list = marks(n);
        if section.table == SOFTWARE.table {
            return Some(if self.normalized_software {
                // Ids, named from the dictionaries by `software_rows`; the
                // install day only (parc keeps no time): 562,630 rows for
                // 10,000 computers, each encoded and decoded as JSON.
                format!(
                    "SELECT HARDWARE_ID, NAME_ID AS NAME, VERSION_ID AS VERSION, \
                     PUBLISHER_ID AS PUBLISHER, CAST(INSTALLDATE AS DATE) AS INSTALLDATE, \
                     ARCHITECTURE AS ARCH \
                     FROM software WHERE HARDWARE_ID IN ({list}) ORDER BY HARDWARE_ID, ID"
                )
            } else if self.tables.contains("softwares") {
                format!(
                    "SELECT HARDWARE_ID, NAME, VERSION, PUBLISHER, INSTALLDATE, NULL AS ARCH \
                     FROM softwares WHERE HARDWARE_ID IN ({list}) ORDER BY HARDWARE_ID, ID"
                )
            } else {
                return None;
            });
        }
        if !self.tables.contains(section.table) {
            return None;
        }
        if section.table == REGISTRY.table {
            let config = if self.tables.contains("regconfig") {
                "c.REGTREE, c.REGKEY FROM registry r LEFT JOIN regconfig c ON c.NAME = r.NAME"
            } else {
                "NULL AS REGTREE, NULL AS REGKEY FROM registry r"
            };
            return Some(format!(
                "SELECT r.HARDWARE_ID, r.NAME, r.REGVALUE, {config} \
                 WHERE r.HARDWARE_ID IN ({list}) ORDER BY r.HARDWARE_ID, r.ID"
            ));
        }
        Some(format!(
            "SELECT HARDWARE_ID, {} FROM {} WHERE HARDWARE_ID IN ({list}) ORDER BY HARDWARE_ID, ID",
            section.columns.join(", "),
            section.table
        ))
    }

    /// Runs a software query (columns: HARDWARE_ID, NAME, VERSION,
    /// PUBLISHER, INSTALLDATE, ARCH), streamed. With OCS 2.12's dictionaries
    /// NAME, VERSION and PUBLISHER are ids, named here from the ids read so
    /// far and one query per dictionary for the new ones (an unknown id
    /// names nothing, as the LEFT JOIN it replaces did).
    fn software_rows(&self, sql: &str, params: &[Value]) -> Result<Vec<(i64, SoftwareRow)>> {
        let mut out = Vec::new();
        let mut cached = self
            .dictionaries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let Dictionaries {
            names,
            versions,
            publishers,
            texts,
        } = &mut *cached;
        for batch in self.ocs.stream(sql, params, STREAM_BATCH)? {
            let batch = batch?;
            if self.normalized_software {
                for (index, table, column, entries) in [
                    (1, "software_name", "NAME", &mut *names),
                    (2, "software_version", "VERSION", &mut *versions),
                    (3, "software_publisher", "PUBLISHER", &mut *publishers),
                ] {
                    self.load_dictionary(&batch.rows, index, table, column, entries, texts)?;
                }
            }
            for row in &batch.rows {
                let [hardware, name, version, publisher, date, arch] = row.as_slice() else {
                    continue;
                };
                let field = |value: &Value,
                             entries: &foldhash::HashMap<i64, Option<Text>>,
                             texts: &mut Interner| {
                    if self.normalized_software {
                        int(value).and_then(|id| entries.get(&id).cloned().flatten())
                    } else {
                        texts.intern(value)
                    }
                };
                let software = SoftwareRow {
                    name: field(name, names, texts),
                    version: field(version, versions, texts),
                    publisher: field(publisher, publishers, texts),
                    arch: texts.intern(arch),
                    date_install: match date {
                        Value::String(d) => d
                            .trim()
                            .get(..10)
                            .filter(|d| !d.starts_with("0000"))
                            .map(str::to_owned),
                        _ => None,
                    },
                };
                out.push((int(hardware).unwrap_or_default(), software));
            }
        }
        Ok(out)
    }

    /// Reads the entries of a software dictionary that the ids in column
    /// `index` of `rows` name and `entries` does not know yet.
    fn load_dictionary(
        &self,
        rows: &[Vec<Value>],
        index: usize,
        table: &str,
        column: &str,
        entries: &mut foldhash::HashMap<i64, Option<Text>>,
        texts: &mut Interner,
    ) -> Result<()> {
        let mut missing: Vec<i64> = rows
            .iter()
            .filter_map(|r| int(r.get(index)?))
            .filter(|id| !entries.contains_key(id))
            .collect();
        missing.sort_unstable();
        missing.dedup();
        let keys: Vec<Value> = missing.iter().map(|i| (*i).into()).collect();
        let select = format!("SELECT ID, {column} FROM {table} WHERE ID");
        for row in self.rows_in(&select, &keys, 1000)? {
            if let Some(id) = int(&row[0]) {
                entries.insert(id, texts.intern(&row[1]));
            }
        }
        for id in missing {
            entries.entry(id).or_insert(None);
        }
        Ok(())
    }

    /// Runs a query whose first column is HARDWARE_ID, streamed.
    fn rows_by_machine(&self, sql: &str, params: &[Value]) -> Result<Vec<(i64, Record)>> {
        let mut out = Vec::new();
        let mut columns: Option<std::sync::Arc<Vec<String>>> = None;
        for batch in self.ocs.stream(sql, params, STREAM_BATCH)? {
            let batch = batch?;
            let columns = columns
                .get_or_insert_with(|| std::sync::Arc::new(batch.columns.clone()))
                .clone();
            for values in batch.rows {
                let id = int(&values[0]).unwrap_or_default();
                out.push((
                    id,
                    Record {
                        columns: columns.clone(),
                        values,
                    },
                ));
            }
        }
        Ok(out)
    }

    /// Clears handled checksum bits: `CHECKSUM & ~bits`, grouped by bits.
    pub fn clear_checksums(&self, handled: &[(i64, u64)]) -> Result<()> {
        let mut groups: HashMap<u64, Vec<i64>> = HashMap::new();
        for (id, bits) in handled {
            if *bits != 0 {
                groups.entry(*bits).or_default().push(*id);
            }
        }
        for (bits, ids) in groups {
            for chunk in ids.chunks(500) {
                let mut params: Vec<Value> = vec![bits.into()];
                params.extend(chunk.iter().map(|i| Value::from(*i)));
                self.ocs.execute(
                    &format!(
                        "UPDATE hardware SET CHECKSUM = CHECKSUM & ~CAST(? AS UNSIGNED) WHERE ID IN ({})",
                        marks(chunk.len())
                    ),
                    &params,
                )?;
            }
        }
        Ok(())
    }

    /// The next rows of `deleted_equiv` (oldest first): (DELETED, EQUIVALENT).
    pub fn deleted_equiv(&self, limit: usize) -> Result<Vec<(String, Option<String>)>> {
        let rows = self.ocs.query(
            &format!(
                "SELECT DELETED, EQUIVALENT FROM deleted_equiv ORDER BY DATE, ID LIMIT {}",
                limit.max(1)
            ),
            &[],
        )?;
        Ok(rows
            .rows
            .iter()
            .map(|r| (text(&r[0]).unwrap_or_default(), text(&r[1])))
            .collect())
    }

    /// Deletes consumed `deleted_equiv` rows.
    pub fn consume_deleted_equiv(&self, rows: &[(String, Option<String>)]) -> Result<()> {
        for (deleted, equivalent) in rows {
            match equivalent {
                Some(e) => self.ocs.execute(
                    "DELETE FROM deleted_equiv WHERE DELETED = ? AND EQUIVALENT = ?",
                    &[deleted.clone().into(), e.clone().into()],
                )?,
                None => self.ocs.execute(
                    "DELETE FROM deleted_equiv WHERE DELETED = ? \
                     AND (EQUIVALENT IS NULL OR EQUIVALENT = '' OR EQUIVALENT = 'NULL')",
                    &[deleted.clone().into()],
                )?,
            };
        }
        Ok(())
    }
}
