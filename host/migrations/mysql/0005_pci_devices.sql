-- Other components (GLPI's DevicePci): what inventories report as
-- modems, expansion slots and ports.

CREATE TABLE glpi_devicepcis (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    designation VARCHAR(255) NULL,
    comment TEXT NULL,
    manufacturers_id INT UNSIGNED NOT NULL DEFAULT 0,
    devicenetworkcardmodels_id INT UNSIGNED NOT NULL DEFAULT 0,
    entities_id INT UNSIGNED NOT NULL DEFAULT 0,
    is_recursive TINYINT NOT NULL DEFAULT 0,
    devicepcimodels_id INT UNSIGNED NULL,
    date_mod TIMESTAMP NULL DEFAULT NULL,
    date_creation TIMESTAMP NULL DEFAULT NULL,
    PRIMARY KEY (id),
    KEY designation (designation)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE glpi_items_devicepcis (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    items_id INT UNSIGNED NOT NULL DEFAULT 0,
    itemtype VARCHAR(255) NULL,
    devicepcis_id INT UNSIGNED NOT NULL DEFAULT 0,
    is_deleted TINYINT NOT NULL DEFAULT 0,
    is_dynamic TINYINT NOT NULL DEFAULT 0,
    entities_id INT UNSIGNED NOT NULL DEFAULT 0,
    is_recursive TINYINT NOT NULL DEFAULT 0,
    serial VARCHAR(255) NULL,
    busID VARCHAR(255) NULL,
    otherserial VARCHAR(255) NULL,
    locations_id INT UNSIGNED NOT NULL DEFAULT 0,
    states_id INT UNSIGNED NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    KEY item (itemtype, items_id),
    KEY devicepcis_id (devicepcis_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
