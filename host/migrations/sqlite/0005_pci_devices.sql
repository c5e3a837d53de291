-- Other components (GLPI's DevicePci): what inventories report as
-- modems, expansion slots and ports.

CREATE TABLE glpi_devicepcis (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    designation TEXT COLLATE NOCASE NULL,
    comment TEXT COLLATE NOCASE NULL,
    manufacturers_id INTEGER NOT NULL DEFAULT 0,
    devicenetworkcardmodels_id INTEGER NOT NULL DEFAULT 0,
    entities_id INTEGER NOT NULL DEFAULT 0,
    is_recursive INTEGER NOT NULL DEFAULT 0,
    devicepcimodels_id INTEGER NULL,
    date_mod TEXT NULL DEFAULT NULL,
    date_creation TEXT NULL DEFAULT NULL
);
CREATE INDEX glpi_devicepcis_designation ON glpi_devicepcis (designation);
CREATE TABLE glpi_items_devicepcis (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    items_id INTEGER NOT NULL DEFAULT 0,
    itemtype TEXT NULL,
    devicepcis_id INTEGER NOT NULL DEFAULT 0,
    is_deleted INTEGER NOT NULL DEFAULT 0,
    is_dynamic INTEGER NOT NULL DEFAULT 0,
    entities_id INTEGER NOT NULL DEFAULT 0,
    is_recursive INTEGER NOT NULL DEFAULT 0,
    serial TEXT COLLATE NOCASE NULL,
    busID TEXT COLLATE NOCASE NULL,
    otherserial TEXT COLLATE NOCASE NULL,
    locations_id INTEGER NOT NULL DEFAULT 0,
    states_id INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX glpi_items_devicepcis_item ON glpi_items_devicepcis (itemtype, items_id);
CREATE INDEX glpi_items_devicepcis_devicepcis_id ON glpi_items_devicepcis (devicepcis_id);
