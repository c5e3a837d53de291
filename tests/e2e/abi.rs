//! Loading several libraries in one process through the host's loader.

use parc::plugins::loader::Library;
use parc_tests::{archive, example_archive, faulty_archive, frozen_archive};

/// abi_stable's `load_from_*` caches one library per root-module type and
/// would hand back the first plugin for every later one; the host's
/// low-level loader must return each library's own root module.
#[test]
fn several_plugins_load_side_by_side_in_one_process() {
    let dir = tempfile::tempdir().unwrap();
    let mut keys = Vec::new();
    for (archive_path, entry) in [
        (example_archive(), "example/libparc_plugin_example.so"),
        (frozen_archive(), "frozen/libparc_plugin_frozen.so"),
        (faulty_archive(), "faulty/libparc_plugin_faulty.so"),
    ] {
        let path = dir.path().join(entry.replace('/', "-"));
        std::fs::write(&path, archive::read_entry(archive_path, entry)).unwrap();
        let library = Library::open(&path).unwrap();
        keys.push(library.info().key.clone());
    }
    assert_eq!(keys, ["example", "frozen", "faulty"]);
}
