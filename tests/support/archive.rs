//! Crafting plugin archives by hand, including hostile ones (paths that
//! escape, links, devices, bombs) that no well-behaved tool would write.

use std::io::Write;
use std::path::Path;

use flate2::Compression;
use flate2::write::GzEncoder;

/// One entry to write.
pub enum Entry<'a> {
    /// A directory.
    Dir(&'a str),
    /// A regular file.
    File(&'a str, Vec<u8>),
    /// A symbolic link.
    Symlink(&'a str, &'a str),
    /// A hard link.
    HardLink(&'a str, &'a str),
    /// A character device.
    CharDevice(&'a str),
    /// A regular file of `size` zero bytes, streamed (decompression bombs).
    Zeros(&'a str, u64),
}

/// Writes a `.tar.gz` with exactly these entries, paths written verbatim
/// (no normalisation: `../x` and `/etc/x` stay as they are).
pub fn write(path: &Path, entries: &[Entry<'_>]) {
    let file = std::fs::File::create(path).unwrap();
    let mut gz = GzEncoder::new(file, Compression::fast());
    for entry in entries {
        let mut header = tar::Header::new_gnu();
        header.set_mode(0o644);
        header.set_mtime(0);
        let (name, data): (&str, Option<&[u8]>) = match entry {
            Entry::Dir(name) => {
                header.set_entry_type(tar::EntryType::Directory);
                header.set_size(0);
                (name, None)
            }
            Entry::File(name, data) => {
                header.set_entry_type(tar::EntryType::Regular);
                header.set_size(data.len() as u64);
                (name, Some(data.as_slice()))
            }
            Entry::Symlink(name, target) | Entry::HardLink(name, target) => {
                header.set_entry_type(if matches!(entry, Entry::Symlink(..)) {
                    tar::EntryType::Symlink
                } else {
                    tar::EntryType::Link
                });
                header.set_size(0);
                set_raw(&mut header.as_old_mut().linkname, target);
                (name, None)
            }
            Entry::CharDevice(name) => {
                header.set_entry_type(tar::EntryType::Char);
                header.set_size(0);
                header.set_device_major(1).unwrap();
                header.set_device_minor(3).unwrap();
                (name, None)
            }
            Entry::Zeros(name, size) => {
                header.set_entry_type(tar::EntryType::Regular);
                header.set_size(*size);
                (name, None)
            }
        };
        // The raw name field: tar::Builder would refuse `..` and absolute
        // paths, which is exactly what these tests need to write.
        set_raw(&mut header.as_old_mut().name, name);
        header.set_cksum();
        gz.write_all(header.as_bytes()).unwrap();
        let written = match (entry, data) {
            (Entry::Zeros(_, size), _) => {
                let chunk = vec![0u8; 1 << 20];
                let mut left = *size;
                while left > 0 {
                    let n = left.min(chunk.len() as u64) as usize;
                    gz.write_all(&chunk[..n]).unwrap();
                    left -= n as u64;
                }
                *size
            }
            (_, Some(data)) => {
                gz.write_all(data).unwrap();
                data.len() as u64
            }
            _ => 0,
        };
        let padding = (512 - written % 512) % 512;
        gz.write_all(&vec![0u8; padding as usize]).unwrap();
    }
    gz.write_all(&[0u8; 1024]).unwrap();
    gz.finish().unwrap();
}

fn set_raw(field: &mut [u8], value: &str) {
    assert!(
        value.len() < field.len(),
        "name too long for a raw tar field: {value}"
    );
    field.fill(0);
    field[..value.len()].copy_from_slice(value.as_bytes());
}

/// Reads `name` out of a `.tar.gz` (to reuse a packed plugin's files).
pub fn read_entry(archive: &Path, name: &str) -> Vec<u8> {
    let file = std::fs::File::open(archive).unwrap();
    let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(file));
    for entry in tar.entries().unwrap() {
        let mut entry = entry.unwrap();
        if entry.path().unwrap().to_str() == Some(name) {
            let mut data = Vec::new();
            std::io::Read::read_to_end(&mut entry, &mut data).unwrap();
            return data;
        }
    }
    panic!("{name} not found in {}", archive.display());
}

/// SHA-256 of bytes, hex.
pub fn sha256_hex(data: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(data))
}
