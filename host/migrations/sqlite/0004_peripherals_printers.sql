-- Peripherals (keyboards, mice, scanners…) and printers, connected to
-- computers through glpi_computers_items like monitors; GLPI's tables and
-- columns. Inventory sources (the OCS plugin's `inputs` and `printers`)
-- create them dynamically.

CREATE TABLE glpi_peripheraltypes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT COLLATE NOCASE NULL,
    comment TEXT COLLATE NOCASE NULL,
    date_mod TEXT NULL DEFAULT NULL,
    date_creation TEXT NULL DEFAULT NULL
);
CREATE INDEX glpi_peripheraltypes_name ON glpi_peripheraltypes (name);
CREATE TABLE glpi_peripheralmodels (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT COLLATE NOCASE NULL,
    comment TEXT COLLATE NOCASE NULL,
    product_number TEXT COLLATE NOCASE NULL,
    date_mod TEXT NULL DEFAULT NULL,
    date_creation TEXT NULL DEFAULT NULL
);
CREATE INDEX glpi_peripheralmodels_name ON glpi_peripheralmodels (name);
CREATE TABLE glpi_printertypes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT COLLATE NOCASE NULL,
    comment TEXT COLLATE NOCASE NULL,
    date_mod TEXT NULL DEFAULT NULL,
    date_creation TEXT NULL DEFAULT NULL
);
CREATE INDEX glpi_printertypes_name ON glpi_printertypes (name);
CREATE TABLE glpi_printermodels (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT COLLATE NOCASE NULL,
    comment TEXT COLLATE NOCASE NULL,
    product_number TEXT COLLATE NOCASE NULL,
    date_mod TEXT NULL DEFAULT NULL,
    date_creation TEXT NULL DEFAULT NULL
);
CREATE INDEX glpi_printermodels_name ON glpi_printermodels (name);

CREATE TABLE glpi_peripherals (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    entities_id INTEGER NOT NULL DEFAULT 0,
    name TEXT COLLATE NOCASE NULL,
    date_mod TEXT NULL DEFAULT NULL,
    contact TEXT COLLATE NOCASE NULL,
    contact_num TEXT COLLATE NOCASE NULL,
    users_id_tech INTEGER NOT NULL DEFAULT 0,
    groups_id_tech INTEGER NOT NULL DEFAULT 0,
    comment TEXT COLLATE NOCASE NULL,
    serial TEXT COLLATE NOCASE NULL,
    otherserial TEXT COLLATE NOCASE NULL,
    locations_id INTEGER NOT NULL DEFAULT 0,
    peripheraltypes_id INTEGER NOT NULL DEFAULT 0,
    peripheralmodels_id INTEGER NOT NULL DEFAULT 0,
    brand TEXT COLLATE NOCASE NULL,
    manufacturers_id INTEGER NOT NULL DEFAULT 0,
    is_global INTEGER NOT NULL DEFAULT 0,
    is_deleted INTEGER NOT NULL DEFAULT 0,
    is_template INTEGER NOT NULL DEFAULT 0,
    template_name TEXT COLLATE NOCASE NULL,
    users_id INTEGER NOT NULL DEFAULT 0,
    groups_id INTEGER NOT NULL DEFAULT 0,
    states_id INTEGER NOT NULL DEFAULT 0,
    ticket_tco REAL NULL DEFAULT 0.0000,
    is_dynamic INTEGER NOT NULL DEFAULT 0,
    autoupdatesystems_id INTEGER NOT NULL DEFAULT 0,
    uuid TEXT COLLATE NOCASE NULL,
    date_creation TEXT NULL DEFAULT NULL,
    is_recursive INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX glpi_peripherals_name ON glpi_peripherals (name);
CREATE INDEX glpi_peripherals_serial ON glpi_peripherals (serial);
CREATE INDEX glpi_peripherals_is_deleted ON glpi_peripherals (is_deleted);

CREATE TABLE glpi_printers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    entities_id INTEGER NOT NULL DEFAULT 0,
    is_recursive INTEGER NOT NULL DEFAULT 0,
    name TEXT COLLATE NOCASE NULL,
    date_mod TEXT NULL DEFAULT NULL,
    contact TEXT COLLATE NOCASE NULL,
    contact_num TEXT COLLATE NOCASE NULL,
    users_id_tech INTEGER NOT NULL DEFAULT 0,
    groups_id_tech INTEGER NOT NULL DEFAULT 0,
    serial TEXT COLLATE NOCASE NULL,
    otherserial TEXT COLLATE NOCASE NULL,
    have_serial INTEGER NOT NULL DEFAULT 0,
    have_parallel INTEGER NOT NULL DEFAULT 0,
    have_usb INTEGER NOT NULL DEFAULT 0,
    have_wifi INTEGER NOT NULL DEFAULT 0,
    have_ethernet INTEGER NOT NULL DEFAULT 0,
    comment TEXT COLLATE NOCASE NULL,
    memory_size TEXT COLLATE NOCASE NULL,
    locations_id INTEGER NOT NULL DEFAULT 0,
    networks_id INTEGER NOT NULL DEFAULT 0,
    printertypes_id INTEGER NOT NULL DEFAULT 0,
    printermodels_id INTEGER NOT NULL DEFAULT 0,
    manufacturers_id INTEGER NOT NULL DEFAULT 0,
    is_global INTEGER NOT NULL DEFAULT 0,
    is_deleted INTEGER NOT NULL DEFAULT 0,
    is_template INTEGER NOT NULL DEFAULT 0,
    template_name TEXT COLLATE NOCASE NULL,
    init_pages_counter INTEGER NOT NULL DEFAULT 0,
    last_pages_counter INTEGER NOT NULL DEFAULT 0,
    users_id INTEGER NOT NULL DEFAULT 0,
    groups_id INTEGER NOT NULL DEFAULT 0,
    states_id INTEGER NOT NULL DEFAULT 0,
    ticket_tco REAL NULL DEFAULT 0.0000,
    is_dynamic INTEGER NOT NULL DEFAULT 0,
    uuid TEXT COLLATE NOCASE NULL,
    date_creation TEXT NULL DEFAULT NULL,
    sysdescr TEXT COLLATE NOCASE NULL,
    last_inventory_update TEXT NULL DEFAULT NULL,
    autoupdatesystems_id INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX glpi_printers_name ON glpi_printers (name);
CREATE INDEX glpi_printers_serial ON glpi_printers (serial);
CREATE INDEX glpi_printers_is_deleted ON glpi_printers (is_deleted);
