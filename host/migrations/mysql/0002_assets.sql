-- Asset store: GLPI's computers and their parts, entities, locations,
-- dropdowns, software, monitors, network ports, history and locks.
-- Columns follow GLPI 10 (install/mysql/glpi-empty.sql); entity
-- configuration columns that parc does not use yet are left out.

CREATE TABLE glpi_entities (
    id INT UNSIGNED NOT NULL DEFAULT 0,
    name VARCHAR(255) NULL,
    entities_id INT UNSIGNED NULL DEFAULT 0,
    completename TEXT NULL,
    comment TEXT NULL,
    level INT NOT NULL DEFAULT 0,
    sons_cache LONGTEXT NULL,
    ancestors_cache LONGTEXT NULL,
    registration_number VARCHAR(255) NULL,
    address TEXT NULL,
    postcode VARCHAR(255) NULL,
    town VARCHAR(255) NULL,
    state VARCHAR(255) NULL,
    country VARCHAR(255) NULL,
    website VARCHAR(255) NULL,
    phonenumber VARCHAR(255) NULL,
    email VARCHAR(255) NULL,
    ldap_dn VARCHAR(255) NULL,
    tag VARCHAR(255) NULL,
    mail_domain VARCHAR(255) NULL,
    date_mod TIMESTAMP NULL DEFAULT NULL,
    date_creation TIMESTAMP NULL DEFAULT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY unicity (entities_id, name),
    KEY tag (tag)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO glpi_entities (id, name, entities_id, completename, level, date_creation)
VALUES (0, 'Root entity', NULL, 'Root entity', 1, CURRENT_TIMESTAMP);

CREATE TABLE glpi_locations (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    entities_id INT UNSIGNED NOT NULL DEFAULT 0,
    is_recursive TINYINT NOT NULL DEFAULT 0,
    name VARCHAR(255) NULL,
    locations_id INT UNSIGNED NOT NULL DEFAULT 0,
    completename TEXT NULL,
    comment TEXT NULL,
    level INT NOT NULL DEFAULT 0,
    ancestors_cache LONGTEXT NULL,
    sons_cache LONGTEXT NULL,
    address TEXT NULL,
    postcode VARCHAR(255) NULL,
    town VARCHAR(255) NULL,
    state VARCHAR(255) NULL,
    country VARCHAR(255) NULL,
    building VARCHAR(255) NULL,
    room VARCHAR(255) NULL,
    latitude VARCHAR(255) NULL,
    longitude VARCHAR(255) NULL,
    altitude VARCHAR(255) NULL,
    date_mod TIMESTAMP NULL DEFAULT NULL,
    date_creation TIMESTAMP NULL DEFAULT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY unicity (entities_id, locations_id, name),
    KEY locations_id (locations_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE glpi_states (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    name VARCHAR(255) NULL,
    entities_id INT UNSIGNED NOT NULL DEFAULT 0,
    is_recursive TINYINT NOT NULL DEFAULT 0,
    comment TEXT NULL,
    states_id INT UNSIGNED NOT NULL DEFAULT 0,
    completename TEXT NULL,
    level INT NOT NULL DEFAULT 0,
    ancestors_cache LONGTEXT NULL,
    sons_cache LONGTEXT NULL,
    is_visible_computer TINYINT NOT NULL DEFAULT 1,
    is_visible_monitor TINYINT NOT NULL DEFAULT 1,
    is_visible_softwareversion TINYINT NOT NULL DEFAULT 1,
    date_mod TIMESTAMP NULL DEFAULT NULL,
    date_creation TIMESTAMP NULL DEFAULT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY unicity (states_id, name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE glpi_users (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    name VARCHAR(255) NULL,
    password VARCHAR(255) NULL,
    phone VARCHAR(255) NULL,
    realname VARCHAR(255) NULL,
    firstname VARCHAR(255) NULL,
    locations_id INT UNSIGNED NOT NULL DEFAULT 0,
    language CHAR(10) NULL,
    is_active TINYINT NOT NULL DEFAULT 1,
    comment TEXT NULL,
    auths_id INT UNSIGNED NOT NULL DEFAULT 0,
    authtype INT NOT NULL DEFAULT 0,
    last_login TIMESTAMP NULL DEFAULT NULL,
    date_mod TIMESTAMP NULL DEFAULT NULL,
    is_deleted TINYINT NOT NULL DEFAULT 0,
    profiles_id INT UNSIGNED NOT NULL DEFAULT 0,
    entities_id INT UNSIGNED NOT NULL DEFAULT 0,
    date_creation TIMESTAMP NULL DEFAULT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY unicityloginauth (name, authtype, auths_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Plain dropdowns: id, name, comment, dates.
CREATE TABLE glpi_manufacturers (id INT UNSIGNED NOT NULL AUTO_INCREMENT, name VARCHAR(255) NULL, comment TEXT NULL, date_mod TIMESTAMP NULL DEFAULT NULL, date_creation TIMESTAMP NULL DEFAULT NULL, PRIMARY KEY (id), KEY name (name)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE glpi_computertypes (id INT UNSIGNED NOT NULL AUTO_INCREMENT, name VARCHAR(255) NULL, comment TEXT NULL, date_mod TIMESTAMP NULL DEFAULT NULL, date_creation TIMESTAMP NULL DEFAULT NULL, PRIMARY KEY (id), KEY name (name)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE glpi_networks (id INT UNSIGNED NOT NULL AUTO_INCREMENT, name VARCHAR(255) NULL, comment TEXT NULL, date_mod TIMESTAMP NULL DEFAULT NULL, date_creation TIMESTAMP NULL DEFAULT NULL, PRIMARY KEY (id), KEY name (name)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE glpi_operatingsystems (id INT UNSIGNED NOT NULL AUTO_INCREMENT, name VARCHAR(255) NULL, comment TEXT NULL, date_mod TIMESTAMP NULL DEFAULT NULL, date_creation TIMESTAMP NULL DEFAULT NULL, PRIMARY KEY (id), KEY name (name)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE glpi_operatingsystemversions (id INT UNSIGNED NOT NULL AUTO_INCREMENT, name VARCHAR(255) NULL, comment TEXT NULL, date_mod TIMESTAMP NULL DEFAULT NULL, date_creation TIMESTAMP NULL DEFAULT NULL, PRIMARY KEY (id), KEY name (name)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE glpi_operatingsystemarchitectures (id INT UNSIGNED NOT NULL AUTO_INCREMENT, name VARCHAR(255) NULL, comment TEXT NULL, date_mod TIMESTAMP NULL DEFAULT NULL, date_creation TIMESTAMP NULL DEFAULT NULL, PRIMARY KEY (id), KEY name (name)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE glpi_operatingsystemeditions (id INT UNSIGNED NOT NULL AUTO_INCREMENT, name VARCHAR(255) NULL, comment TEXT NULL, date_mod TIMESTAMP NULL DEFAULT NULL, date_creation TIMESTAMP NULL DEFAULT NULL, PRIMARY KEY (id), KEY name (name)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE glpi_operatingsystemservicepacks (id INT UNSIGNED NOT NULL AUTO_INCREMENT, name VARCHAR(255) NULL, comment TEXT NULL, date_mod TIMESTAMP NULL DEFAULT NULL, date_creation TIMESTAMP NULL DEFAULT NULL, PRIMARY KEY (id), KEY name (name)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE glpi_operatingsystemkernels (id INT UNSIGNED NOT NULL AUTO_INCREMENT, name VARCHAR(255) NULL, comment TEXT NULL, date_mod TIMESTAMP NULL DEFAULT NULL, date_creation TIMESTAMP NULL DEFAULT NULL, PRIMARY KEY (id), KEY name (name)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE glpi_monitortypes (id INT UNSIGNED NOT NULL AUTO_INCREMENT, name VARCHAR(255) NULL, comment TEXT NULL, date_mod TIMESTAMP NULL DEFAULT NULL, date_creation TIMESTAMP NULL DEFAULT NULL, PRIMARY KEY (id), KEY name (name)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE glpi_devicememorytypes (id INT UNSIGNED NOT NULL AUTO_INCREMENT, name VARCHAR(255) NULL, comment TEXT NULL, date_mod TIMESTAMP NULL DEFAULT NULL, date_creation TIMESTAMP NULL DEFAULT NULL, PRIMARY KEY (id), KEY name (name)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE glpi_devicefirmwaretypes (id INT UNSIGNED NOT NULL AUTO_INCREMENT, name VARCHAR(255) NULL, comment TEXT NULL, date_mod TIMESTAMP NULL DEFAULT NULL, date_creation TIMESTAMP NULL DEFAULT NULL, PRIMARY KEY (id), KEY name (name)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE glpi_filesystems (id INT UNSIGNED NOT NULL AUTO_INCREMENT, name VARCHAR(255) NULL, comment TEXT NULL, date_mod TIMESTAMP NULL DEFAULT NULL, date_creation TIMESTAMP NULL DEFAULT NULL, PRIMARY KEY (id), KEY name (name)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE glpi_virtualmachinestates (id INT UNSIGNED NOT NULL AUTO_INCREMENT, name VARCHAR(255) NOT NULL DEFAULT '', comment TEXT NULL, date_mod TIMESTAMP NULL DEFAULT NULL, date_creation TIMESTAMP NULL DEFAULT NULL, PRIMARY KEY (id), KEY name (name)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE glpi_virtualmachinesystems (id INT UNSIGNED NOT NULL AUTO_INCREMENT, name VARCHAR(255) NOT NULL DEFAULT '', comment TEXT NULL, date_mod TIMESTAMP NULL DEFAULT NULL, date_creation TIMESTAMP NULL DEFAULT NULL, PRIMARY KEY (id), KEY name (name)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE glpi_virtualmachinetypes (id INT UNSIGNED NOT NULL AUTO_INCREMENT, name VARCHAR(255) NOT NULL DEFAULT '', comment TEXT NULL, date_mod TIMESTAMP NULL DEFAULT NULL, date_creation TIMESTAMP NULL DEFAULT NULL, PRIMARY KEY (id), KEY name (name)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE glpi_autoupdatesystems (id INT UNSIGNED NOT NULL AUTO_INCREMENT, name VARCHAR(255) NULL, comment TEXT NULL, PRIMARY KEY (id), KEY name (name)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE glpi_operatingsystemkernelversions (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    operatingsystemkernels_id INT UNSIGNED NOT NULL DEFAULT 0,
    name VARCHAR(255) NULL,
    comment TEXT NULL,
    date_mod TIMESTAMP NULL DEFAULT NULL,
    date_creation TIMESTAMP NULL DEFAULT NULL,
    PRIMARY KEY (id),
    KEY name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Models carry GLPI's rack columns.
CREATE TABLE glpi_computermodels (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    name VARCHAR(255) NULL,
    comment TEXT NULL,
    product_number VARCHAR(255) NULL,
    weight INT NOT NULL DEFAULT 0,
    required_units INT NOT NULL DEFAULT 1,
    depth FLOAT NOT NULL DEFAULT 1,
    power_connections INT NOT NULL DEFAULT 0,
    power_consumption INT NOT NULL DEFAULT 0,
    is_half_rack TINYINT NOT NULL DEFAULT 0,
    picture_front TEXT NULL,
    picture_rear TEXT NULL,
    pictures TEXT NULL,
    date_mod TIMESTAMP NULL DEFAULT NULL,
    date_creation TIMESTAMP NULL DEFAULT NULL,
    PRIMARY KEY (id),
    KEY name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE glpi_monitormodels (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    name VARCHAR(255) NULL,
    comment TEXT NULL,
    product_number VARCHAR(255) NULL,
    weight INT NOT NULL DEFAULT 0,
    required_units INT NOT NULL DEFAULT 1,
    depth FLOAT NOT NULL DEFAULT 1,
    power_connections INT NOT NULL DEFAULT 0,
    power_consumption INT NOT NULL DEFAULT 0,
    is_half_rack TINYINT NOT NULL DEFAULT 0,
    picture_front TEXT NULL,
    picture_rear TEXT NULL,
    pictures TEXT NULL,
    date_mod TIMESTAMP NULL DEFAULT NULL,
    date_creation TIMESTAMP NULL DEFAULT NULL,
    PRIMARY KEY (id),
    KEY name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE glpi_domains (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    name VARCHAR(255) NULL,
    entities_id INT UNSIGNED NOT NULL DEFAULT 0,
    is_recursive TINYINT NOT NULL DEFAULT 0,
    domaintypes_id INT UNSIGNED NOT NULL DEFAULT 0,
    date_expiration TIMESTAMP NULL DEFAULT NULL,
    date_domaincreation TIMESTAMP NULL DEFAULT NULL,
    users_id_tech INT UNSIGNED NOT NULL DEFAULT 0,
    groups_id_tech INT UNSIGNED NOT NULL DEFAULT 0,
    is_deleted TINYINT NOT NULL DEFAULT 0,
    comment TEXT NULL,
    is_template TINYINT NOT NULL DEFAULT 0,
    template_name VARCHAR(255) NULL,
    is_active TINYINT NOT NULL DEFAULT 0,
    date_mod TIMESTAMP NULL DEFAULT NULL,
    date_creation TIMESTAMP NULL DEFAULT NULL,
    PRIMARY KEY (id),
    KEY name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE glpi_domains_items (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    domains_id INT UNSIGNED NOT NULL DEFAULT 0,
    items_id INT UNSIGNED NOT NULL DEFAULT 0,
    itemtype VARCHAR(100) NOT NULL,
    domainrelations_id INT UNSIGNED NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    UNIQUE KEY unicity (domains_id, itemtype, items_id),
    KEY item (itemtype, items_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE glpi_computers (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    entities_id INT UNSIGNED NOT NULL DEFAULT 0,
    name VARCHAR(255) NULL,
    serial VARCHAR(255) NULL,
    otherserial VARCHAR(255) NULL,
    contact VARCHAR(255) NULL,
    contact_num VARCHAR(255) NULL,
    users_id_tech INT UNSIGNED NOT NULL DEFAULT 0,
    groups_id_tech INT UNSIGNED NOT NULL DEFAULT 0,
    comment TEXT NULL,
    date_mod TIMESTAMP NULL DEFAULT NULL,
    autoupdatesystems_id INT UNSIGNED NOT NULL DEFAULT 0,
    locations_id INT UNSIGNED NOT NULL DEFAULT 0,
    networks_id INT UNSIGNED NOT NULL DEFAULT 0,
    computermodels_id INT UNSIGNED NOT NULL DEFAULT 0,
    computertypes_id INT UNSIGNED NOT NULL DEFAULT 0,
    is_template TINYINT NOT NULL DEFAULT 0,
    template_name VARCHAR(255) NULL,
    manufacturers_id INT UNSIGNED NOT NULL DEFAULT 0,
    is_deleted TINYINT NOT NULL DEFAULT 0,
    is_dynamic TINYINT NOT NULL DEFAULT 0,
    users_id INT UNSIGNED NOT NULL DEFAULT 0,
    groups_id INT UNSIGNED NOT NULL DEFAULT 0,
    states_id INT UNSIGNED NOT NULL DEFAULT 0,
    ticket_tco DECIMAL(20,4) NULL DEFAULT 0.0000,
    uuid VARCHAR(255) NULL,
    date_creation TIMESTAMP NULL DEFAULT NULL,
    is_recursive TINYINT NOT NULL DEFAULT 0,
    last_inventory_update TIMESTAMP NULL DEFAULT NULL,
    last_boot TIMESTAMP NULL DEFAULT NULL,
    PRIMARY KEY (id),
    KEY name (name),
    KEY serial (serial),
    KEY otherserial (otherserial),
    KEY uuid (uuid),
    KEY entities_id (entities_id),
    KEY is_deleted (is_deleted),
    KEY is_dynamic (is_dynamic),
    KEY is_template (is_template)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE glpi_items_operatingsystems (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    items_id INT UNSIGNED NOT NULL DEFAULT 0,
    itemtype VARCHAR(255) NULL,
    operatingsystems_id INT UNSIGNED NOT NULL DEFAULT 0,
    operatingsystemversions_id INT UNSIGNED NOT NULL DEFAULT 0,
    operatingsystemservicepacks_id INT UNSIGNED NOT NULL DEFAULT 0,
    operatingsystemarchitectures_id INT UNSIGNED NOT NULL DEFAULT 0,
    operatingsystemkernelversions_id INT UNSIGNED NOT NULL DEFAULT 0,
    license_number VARCHAR(255) NULL,
    licenseid VARCHAR(255) NULL,
    operatingsystemeditions_id INT UNSIGNED NOT NULL DEFAULT 0,
    date_mod TIMESTAMP NULL DEFAULT NULL,
    date_creation TIMESTAMP NULL DEFAULT NULL,
    is_deleted TINYINT NOT NULL DEFAULT 0,
    is_dynamic TINYINT NOT NULL DEFAULT 0,
    entities_id INT UNSIGNED NOT NULL DEFAULT 0,
    is_recursive TINYINT NOT NULL DEFAULT 0,
    install_date DATE NULL DEFAULT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY unicity (items_id, itemtype, operatingsystems_id, operatingsystemarchitectures_id),
    KEY item (itemtype, items_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE glpi_monitors (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    entities_id INT UNSIGNED NOT NULL DEFAULT 0,
    name VARCHAR(255) NULL,
    date_mod TIMESTAMP NULL DEFAULT NULL,
    contact VARCHAR(255) NULL,
    contact_num VARCHAR(255) NULL,
    users_id_tech INT UNSIGNED NOT NULL DEFAULT 0,
    groups_id_tech INT UNSIGNED NOT NULL DEFAULT 0,
    comment TEXT NULL,
    serial VARCHAR(255) NULL,
    otherserial VARCHAR(255) NULL,
    size DECIMAL(5,2) NOT NULL DEFAULT 0.00,
    have_micro TINYINT NOT NULL DEFAULT 0,
    have_speaker TINYINT NOT NULL DEFAULT 0,
    have_subd TINYINT NOT NULL DEFAULT 0,
    have_bnc TINYINT NOT NULL DEFAULT 0,
    have_dvi TINYINT NOT NULL DEFAULT 0,
    have_pivot TINYINT NOT NULL DEFAULT 0,
    have_hdmi TINYINT NOT NULL DEFAULT 0,
    have_displayport TINYINT NOT NULL DEFAULT 0,
    locations_id INT UNSIGNED NOT NULL DEFAULT 0,
    monitortypes_id INT UNSIGNED NOT NULL DEFAULT 0,
    monitormodels_id INT UNSIGNED NOT NULL DEFAULT 0,
    manufacturers_id INT UNSIGNED NOT NULL DEFAULT 0,
    is_global TINYINT NOT NULL DEFAULT 0,
    is_deleted TINYINT NOT NULL DEFAULT 0,
    is_template TINYINT NOT NULL DEFAULT 0,
    template_name VARCHAR(255) NULL,
    users_id INT UNSIGNED NOT NULL DEFAULT 0,
    groups_id INT UNSIGNED NOT NULL DEFAULT 0,
    states_id INT UNSIGNED NOT NULL DEFAULT 0,
    ticket_tco DECIMAL(20,4) NULL DEFAULT 0.0000,
    is_dynamic TINYINT NOT NULL DEFAULT 0,
    autoupdatesystems_id INT UNSIGNED NOT NULL DEFAULT 0,
    uuid VARCHAR(255) NULL,
    date_creation TIMESTAMP NULL DEFAULT NULL,
    is_recursive TINYINT NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    KEY name (name),
    KEY serial (serial),
    KEY is_deleted (is_deleted)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE glpi_computers_items (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    items_id INT UNSIGNED NOT NULL DEFAULT 0,
    computers_id INT UNSIGNED NOT NULL DEFAULT 0,
    itemtype VARCHAR(100) NOT NULL,
    is_deleted TINYINT NOT NULL DEFAULT 0,
    is_dynamic TINYINT NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    KEY computers_id (computers_id),
    KEY item (itemtype, items_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE glpi_softwarecategories (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    name VARCHAR(255) NULL,
    comment TEXT NULL,
    softwarecategories_id INT UNSIGNED NOT NULL DEFAULT 0,
    completename TEXT NULL,
    level INT NOT NULL DEFAULT 0,
    ancestors_cache LONGTEXT NULL,
    sons_cache LONGTEXT NULL,
    PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE glpi_softwares (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    entities_id INT UNSIGNED NOT NULL DEFAULT 0,
    is_recursive TINYINT NOT NULL DEFAULT 0,
    name VARCHAR(255) NULL,
    comment TEXT NULL,
    locations_id INT UNSIGNED NOT NULL DEFAULT 0,
    users_id_tech INT UNSIGNED NOT NULL DEFAULT 0,
    groups_id_tech INT UNSIGNED NOT NULL DEFAULT 0,
    is_update TINYINT NOT NULL DEFAULT 0,
    softwares_id INT UNSIGNED NOT NULL DEFAULT 0,
    manufacturers_id INT UNSIGNED NOT NULL DEFAULT 0,
    is_deleted TINYINT NOT NULL DEFAULT 0,
    is_template TINYINT NOT NULL DEFAULT 0,
    template_name VARCHAR(255) NULL,
    date_mod TIMESTAMP NULL DEFAULT NULL,
    users_id INT UNSIGNED NOT NULL DEFAULT 0,
    groups_id INT UNSIGNED NOT NULL DEFAULT 0,
    ticket_tco DECIMAL(20,4) NULL DEFAULT 0.0000,
    is_helpdesk_visible TINYINT NOT NULL DEFAULT 1,
    softwarecategories_id INT UNSIGNED NOT NULL DEFAULT 0,
    is_valid TINYINT NOT NULL DEFAULT 1,
    date_creation TIMESTAMP NULL DEFAULT NULL,
    pictures TEXT NULL,
    PRIMARY KEY (id),
    KEY name (name),
    KEY entities_id (entities_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE glpi_softwareversions (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    entities_id INT UNSIGNED NOT NULL DEFAULT 0,
    is_recursive TINYINT NOT NULL DEFAULT 0,
    softwares_id INT UNSIGNED NOT NULL DEFAULT 0,
    states_id INT UNSIGNED NOT NULL DEFAULT 0,
    name VARCHAR(255) NULL,
    arch VARCHAR(255) NULL,
    comment TEXT NULL,
    operatingsystems_id INT UNSIGNED NOT NULL DEFAULT 0,
    date_mod TIMESTAMP NULL DEFAULT NULL,
    date_creation TIMESTAMP NULL DEFAULT NULL,
    PRIMARY KEY (id),
    KEY softwares_id (softwares_id),
    KEY name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE glpi_items_softwareversions (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    items_id INT UNSIGNED NOT NULL DEFAULT 0,
    itemtype VARCHAR(100) NOT NULL,
    softwareversions_id INT UNSIGNED NOT NULL DEFAULT 0,
    is_deleted_item TINYINT NOT NULL DEFAULT 0,
    is_template_item TINYINT NOT NULL DEFAULT 0,
    entities_id INT UNSIGNED NOT NULL DEFAULT 0,
    is_deleted TINYINT NOT NULL DEFAULT 0,
    is_dynamic TINYINT NOT NULL DEFAULT 0,
    date_install DATE NULL DEFAULT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY unicity (itemtype, items_id, softwareversions_id),
    KEY softwareversions_id (softwareversions_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Components: a catalogue table per type and its link to items.
CREATE TABLE glpi_deviceprocessors (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    designation VARCHAR(255) NULL,
    comment TEXT NULL,
    manufacturers_id INT UNSIGNED NOT NULL DEFAULT 0,
    frequence INT NOT NULL DEFAULT 0,
    frequency_default INT NOT NULL DEFAULT 0,
    nbcores_default INT NULL,
    nbthreads_default INT NULL,
    deviceprocessormodels_id INT UNSIGNED NULL,
    entities_id INT UNSIGNED NOT NULL DEFAULT 0,
    is_recursive TINYINT NOT NULL DEFAULT 0,
    date_mod TIMESTAMP NULL DEFAULT NULL,
    date_creation TIMESTAMP NULL DEFAULT NULL,
    PRIMARY KEY (id),
    KEY designation (designation)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE glpi_items_deviceprocessors (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    items_id INT UNSIGNED NOT NULL DEFAULT 0,
    itemtype VARCHAR(255) NULL,
    deviceprocessors_id INT UNSIGNED NOT NULL DEFAULT 0,
    frequency INT NOT NULL DEFAULT 0,
    nbcores INT NULL,
    nbthreads INT NULL,
    serial VARCHAR(255) NULL,
    is_deleted TINYINT NOT NULL DEFAULT 0,
    is_dynamic TINYINT NOT NULL DEFAULT 0,
    entities_id INT UNSIGNED NOT NULL DEFAULT 0,
    is_recursive TINYINT NOT NULL DEFAULT 0,
    busID VARCHAR(255) NULL,
    otherserial VARCHAR(255) NULL,
    locations_id INT UNSIGNED NOT NULL DEFAULT 0,
    states_id INT UNSIGNED NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    KEY item (itemtype, items_id),
    KEY deviceprocessors_id (deviceprocessors_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE glpi_devicememories (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    designation VARCHAR(255) NULL,
    comment TEXT NULL,
    manufacturers_id INT UNSIGNED NOT NULL DEFAULT 0,
    frequence VARCHAR(255) NULL,
    size_default INT NOT NULL DEFAULT 0,
    devicememorytypes_id INT UNSIGNED NOT NULL DEFAULT 0,
    devicememorymodels_id INT UNSIGNED NULL,
    entities_id INT UNSIGNED NOT NULL DEFAULT 0,
    is_recursive TINYINT NOT NULL DEFAULT 0,
    date_mod TIMESTAMP NULL DEFAULT NULL,
    date_creation TIMESTAMP NULL DEFAULT NULL,
    PRIMARY KEY (id),
    KEY designation (designation)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE glpi_items_devicememories (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    items_id INT UNSIGNED NOT NULL DEFAULT 0,
    itemtype VARCHAR(255) NULL,
    devicememories_id INT UNSIGNED NOT NULL DEFAULT 0,
    size INT NOT NULL DEFAULT 0,
    serial VARCHAR(255) NULL,
    is_deleted TINYINT NOT NULL DEFAULT 0,
    is_dynamic TINYINT NOT NULL DEFAULT 0,
    entities_id INT UNSIGNED NOT NULL DEFAULT 0,
    is_recursive TINYINT NOT NULL DEFAULT 0,
    busID VARCHAR(255) NULL,
    otherserial VARCHAR(255) NULL,
    locations_id INT UNSIGNED NOT NULL DEFAULT 0,
    states_id INT UNSIGNED NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    KEY item (itemtype, items_id),
    KEY devicememories_id (devicememories_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE glpi_deviceharddrives (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    designation VARCHAR(255) NULL,
    comment TEXT NULL,
    manufacturers_id INT UNSIGNED NOT NULL DEFAULT 0,
    rpm VARCHAR(255) NULL,
    interfacetypes_id INT UNSIGNED NOT NULL DEFAULT 0,
    cache VARCHAR(255) NULL,
    capacity_default INT NOT NULL DEFAULT 0,
    deviceharddrivemodels_id INT UNSIGNED NULL,
    entities_id INT UNSIGNED NOT NULL DEFAULT 0,
    is_recursive TINYINT NOT NULL DEFAULT 0,
    date_mod TIMESTAMP NULL DEFAULT NULL,
    date_creation TIMESTAMP NULL DEFAULT NULL,
    PRIMARY KEY (id),
    KEY designation (designation)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE glpi_items_deviceharddrives (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    items_id INT UNSIGNED NOT NULL DEFAULT 0,
    itemtype VARCHAR(255) NULL,
    deviceharddrives_id INT UNSIGNED NOT NULL DEFAULT 0,
    capacity INT NOT NULL DEFAULT 0,
    serial VARCHAR(255) NULL,
    is_deleted TINYINT NOT NULL DEFAULT 0,
    is_dynamic TINYINT NOT NULL DEFAULT 0,
    entities_id INT UNSIGNED NOT NULL DEFAULT 0,
    is_recursive TINYINT NOT NULL DEFAULT 0,
    busID VARCHAR(255) NULL,
    otherserial VARCHAR(255) NULL,
    locations_id INT UNSIGNED NOT NULL DEFAULT 0,
    states_id INT UNSIGNED NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    KEY item (itemtype, items_id),
    KEY deviceharddrives_id (deviceharddrives_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE glpi_devicenetworkcards (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    designation VARCHAR(255) NULL,
    comment TEXT NULL,
    manufacturers_id INT UNSIGNED NOT NULL DEFAULT 0,
    bandwidth VARCHAR(255) NULL,
    mac_default VARCHAR(255) NULL,
    devicenetworkcardmodels_id INT UNSIGNED NULL,
    entities_id INT UNSIGNED NOT NULL DEFAULT 0,
    is_recursive TINYINT NOT NULL DEFAULT 0,
    date_mod TIMESTAMP NULL DEFAULT NULL,
    date_creation TIMESTAMP NULL DEFAULT NULL,
    PRIMARY KEY (id),
    KEY designation (designation)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE glpi_items_devicenetworkcards (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    items_id INT UNSIGNED NOT NULL DEFAULT 0,
    itemtype VARCHAR(255) NULL,
    devicenetworkcards_id INT UNSIGNED NOT NULL DEFAULT 0,
    mac VARCHAR(255) NULL,
    serial VARCHAR(255) NULL,
    is_deleted TINYINT NOT NULL DEFAULT 0,
    is_dynamic TINYINT NOT NULL DEFAULT 0,
    entities_id INT UNSIGNED NOT NULL DEFAULT 0,
    is_recursive TINYINT NOT NULL DEFAULT 0,
    busID VARCHAR(255) NULL,
    otherserial VARCHAR(255) NULL,
    locations_id INT UNSIGNED NOT NULL DEFAULT 0,
    states_id INT UNSIGNED NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    KEY item (itemtype, items_id),
    KEY devicenetworkcards_id (devicenetworkcards_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE glpi_devicegraphiccards (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    designation VARCHAR(255) NULL,
    comment TEXT NULL,
    manufacturers_id INT UNSIGNED NOT NULL DEFAULT 0,
    interfacetypes_id INT UNSIGNED NOT NULL DEFAULT 0,
    memory_default INT NOT NULL DEFAULT 0,
    devicegraphiccardmodels_id INT UNSIGNED NULL,
    chipset VARCHAR(255) NULL,
    entities_id INT UNSIGNED NOT NULL DEFAULT 0,
    is_recursive TINYINT NOT NULL DEFAULT 0,
    date_mod TIMESTAMP NULL DEFAULT NULL,
    date_creation TIMESTAMP NULL DEFAULT NULL,
    PRIMARY KEY (id),
    KEY designation (designation)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE glpi_items_devicegraphiccards (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    items_id INT UNSIGNED NOT NULL DEFAULT 0,
    itemtype VARCHAR(255) NULL,
    devicegraphiccards_id INT UNSIGNED NOT NULL DEFAULT 0,
    memory INT NOT NULL DEFAULT 0,
    serial VARCHAR(255) NULL,
    is_deleted TINYINT NOT NULL DEFAULT 0,
    is_dynamic TINYINT NOT NULL DEFAULT 0,
    entities_id INT UNSIGNED NOT NULL DEFAULT 0,
    is_recursive TINYINT NOT NULL DEFAULT 0,
    busID VARCHAR(255) NULL,
    otherserial VARCHAR(255) NULL,
    locations_id INT UNSIGNED NOT NULL DEFAULT 0,
    states_id INT UNSIGNED NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    KEY item (itemtype, items_id),
    KEY devicegraphiccards_id (devicegraphiccards_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE glpi_devicesoundcards (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    designation VARCHAR(255) NULL,
    comment TEXT NULL,
    manufacturers_id INT UNSIGNED NOT NULL DEFAULT 0,
    type VARCHAR(255) NULL,
    devicesoundcardmodels_id INT UNSIGNED NULL,
    entities_id INT UNSIGNED NOT NULL DEFAULT 0,
    is_recursive TINYINT NOT NULL DEFAULT 0,
    date_mod TIMESTAMP NULL DEFAULT NULL,
    date_creation TIMESTAMP NULL DEFAULT NULL,
    PRIMARY KEY (id),
    KEY designation (designation)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE glpi_items_devicesoundcards (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    items_id INT UNSIGNED NOT NULL DEFAULT 0,
    itemtype VARCHAR(255) NULL,
    devicesoundcards_id INT UNSIGNED NOT NULL DEFAULT 0,
    serial VARCHAR(255) NULL,
    is_deleted TINYINT NOT NULL DEFAULT 0,
    is_dynamic TINYINT NOT NULL DEFAULT 0,
    entities_id INT UNSIGNED NOT NULL DEFAULT 0,
    is_recursive TINYINT NOT NULL DEFAULT 0,
    busID VARCHAR(255) NULL,
    otherserial VARCHAR(255) NULL,
    locations_id INT UNSIGNED NOT NULL DEFAULT 0,
    states_id INT UNSIGNED NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    KEY item (itemtype, items_id),
    KEY devicesoundcards_id (devicesoundcards_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE glpi_devicedrives (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    designation VARCHAR(255) NULL,
    comment TEXT NULL,
    manufacturers_id INT UNSIGNED NOT NULL DEFAULT 0,
    is_writer TINYINT NOT NULL DEFAULT 1,
    speed VARCHAR(255) NULL,
    interfacetypes_id INT UNSIGNED NOT NULL DEFAULT 0,
    devicedrivemodels_id INT UNSIGNED NULL,
    entities_id INT UNSIGNED NOT NULL DEFAULT 0,
    is_recursive TINYINT NOT NULL DEFAULT 0,
    date_mod TIMESTAMP NULL DEFAULT NULL,
    date_creation TIMESTAMP NULL DEFAULT NULL,
    PRIMARY KEY (id),
    KEY designation (designation)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE glpi_items_devicedrives (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    items_id INT UNSIGNED NOT NULL DEFAULT 0,
    itemtype VARCHAR(255) NULL,
    devicedrives_id INT UNSIGNED NOT NULL DEFAULT 0,
    serial VARCHAR(255) NULL,
    is_deleted TINYINT NOT NULL DEFAULT 0,
    is_dynamic TINYINT NOT NULL DEFAULT 0,
    entities_id INT UNSIGNED NOT NULL DEFAULT 0,
    is_recursive TINYINT NOT NULL DEFAULT 0,
    busID VARCHAR(255) NULL,
    otherserial VARCHAR(255) NULL,
    locations_id INT UNSIGNED NOT NULL DEFAULT 0,
    states_id INT UNSIGNED NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    KEY item (itemtype, items_id),
    KEY devicedrives_id (devicedrives_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE glpi_devicecontrols (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    designation VARCHAR(255) NULL,
    comment TEXT NULL,
    manufacturers_id INT UNSIGNED NOT NULL DEFAULT 0,
    is_raid TINYINT NOT NULL DEFAULT 0,
    interfacetypes_id INT UNSIGNED NOT NULL DEFAULT 0,
    devicecontrolmodels_id INT UNSIGNED NULL,
    entities_id INT UNSIGNED NOT NULL DEFAULT 0,
    is_recursive TINYINT NOT NULL DEFAULT 0,
    date_mod TIMESTAMP NULL DEFAULT NULL,
    date_creation TIMESTAMP NULL DEFAULT NULL,
    PRIMARY KEY (id),
    KEY designation (designation)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE glpi_items_devicecontrols (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    items_id INT UNSIGNED NOT NULL DEFAULT 0,
    itemtype VARCHAR(255) NULL,
    devicecontrols_id INT UNSIGNED NOT NULL DEFAULT 0,
    serial VARCHAR(255) NULL,
    is_deleted TINYINT NOT NULL DEFAULT 0,
    is_dynamic TINYINT NOT NULL DEFAULT 0,
    entities_id INT UNSIGNED NOT NULL DEFAULT 0,
    is_recursive TINYINT NOT NULL DEFAULT 0,
    busID VARCHAR(255) NULL,
    otherserial VARCHAR(255) NULL,
    locations_id INT UNSIGNED NOT NULL DEFAULT 0,
    states_id INT UNSIGNED NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    KEY item (itemtype, items_id),
    KEY devicecontrols_id (devicecontrols_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE glpi_devicemotherboards (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    designation VARCHAR(255) NULL,
    comment TEXT NULL,
    manufacturers_id INT UNSIGNED NOT NULL DEFAULT 0,
    chipset VARCHAR(255) NULL,
    devicemotherboardmodels_id INT UNSIGNED NULL,
    entities_id INT UNSIGNED NOT NULL DEFAULT 0,
    is_recursive TINYINT NOT NULL DEFAULT 0,
    date_mod TIMESTAMP NULL DEFAULT NULL,
    date_creation TIMESTAMP NULL DEFAULT NULL,
    PRIMARY KEY (id),
    KEY designation (designation)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE glpi_items_devicemotherboards (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    items_id INT UNSIGNED NOT NULL DEFAULT 0,
    itemtype VARCHAR(255) NULL,
    devicemotherboards_id INT UNSIGNED NOT NULL DEFAULT 0,
    serial VARCHAR(255) NULL,
    is_deleted TINYINT NOT NULL DEFAULT 0,
    is_dynamic TINYINT NOT NULL DEFAULT 0,
    entities_id INT UNSIGNED NOT NULL DEFAULT 0,
    is_recursive TINYINT NOT NULL DEFAULT 0,
    otherserial VARCHAR(255) NULL,
    locations_id INT UNSIGNED NOT NULL DEFAULT 0,
    states_id INT UNSIGNED NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    KEY item (itemtype, items_id),
    KEY devicemotherboards_id (devicemotherboards_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE glpi_devicefirmwares (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    designation VARCHAR(255) NULL,
    comment TEXT NULL,
    manufacturers_id INT UNSIGNED NOT NULL DEFAULT 0,
    date DATE NULL DEFAULT NULL,
    version VARCHAR(255) NULL,
    devicefirmwaretypes_id INT UNSIGNED NOT NULL DEFAULT 0,
    devicefirmwaremodels_id INT UNSIGNED NULL,
    entities_id INT UNSIGNED NOT NULL DEFAULT 0,
    is_recursive TINYINT NOT NULL DEFAULT 0,
    date_mod TIMESTAMP NULL DEFAULT NULL,
    date_creation TIMESTAMP NULL DEFAULT NULL,
    PRIMARY KEY (id),
    KEY designation (designation)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE glpi_items_devicefirmwares (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    items_id INT UNSIGNED NOT NULL DEFAULT 0,
    itemtype VARCHAR(255) NULL,
    devicefirmwares_id INT UNSIGNED NOT NULL DEFAULT 0,
    serial VARCHAR(255) NULL,
    is_deleted TINYINT NOT NULL DEFAULT 0,
    is_dynamic TINYINT NOT NULL DEFAULT 0,
    entities_id INT UNSIGNED NOT NULL DEFAULT 0,
    is_recursive TINYINT NOT NULL DEFAULT 0,
    otherserial VARCHAR(255) NULL,
    locations_id INT UNSIGNED NOT NULL DEFAULT 0,
    states_id INT UNSIGNED NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    KEY item (itemtype, items_id),
    KEY devicefirmwares_id (devicefirmwares_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Volumes.
CREATE TABLE glpi_items_disks (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    entities_id INT UNSIGNED NOT NULL DEFAULT 0,
    itemtype VARCHAR(255) NULL,
    items_id INT UNSIGNED NOT NULL DEFAULT 0,
    name VARCHAR(255) NULL,
    device VARCHAR(255) NULL,
    mountpoint VARCHAR(255) NULL,
    filesystems_id INT UNSIGNED NOT NULL DEFAULT 0,
    totalsize INT NOT NULL DEFAULT 0,
    freesize INT NOT NULL DEFAULT 0,
    is_deleted TINYINT NOT NULL DEFAULT 0,
    is_dynamic TINYINT NOT NULL DEFAULT 0,
    encryption_status INT NOT NULL DEFAULT 0,
    encryption_tool VARCHAR(255) NULL,
    encryption_algorithm VARCHAR(255) NULL,
    encryption_type VARCHAR(255) NULL,
    date_mod TIMESTAMP NULL DEFAULT NULL,
    date_creation TIMESTAMP NULL DEFAULT NULL,
    PRIMARY KEY (id),
    KEY item (itemtype, items_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Network ports, their names and IP addresses.
CREATE TABLE glpi_networkports (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    items_id INT UNSIGNED NOT NULL DEFAULT 0,
    itemtype VARCHAR(100) NOT NULL,
    entities_id INT UNSIGNED NOT NULL DEFAULT 0,
    is_recursive TINYINT NOT NULL DEFAULT 0,
    logical_number INT NOT NULL DEFAULT 0,
    name VARCHAR(255) NULL,
    instantiation_type VARCHAR(255) NULL,
    mac VARCHAR(255) NULL,
    comment TEXT NULL,
    is_deleted TINYINT NOT NULL DEFAULT 0,
    is_dynamic TINYINT NOT NULL DEFAULT 0,
    date_mod TIMESTAMP NULL DEFAULT NULL,
    date_creation TIMESTAMP NULL DEFAULT NULL,
    ifmtu INT NOT NULL DEFAULT 0,
    ifspeed BIGINT NOT NULL DEFAULT 0,
    ifinternalstatus VARCHAR(255) NULL,
    ifconnectionstatus INT NOT NULL DEFAULT 0,
    iflastchange VARCHAR(255) NULL,
    ifinbytes BIGINT NOT NULL DEFAULT 0,
    ifinerrors BIGINT NOT NULL DEFAULT 0,
    ifoutbytes BIGINT NOT NULL DEFAULT 0,
    ifouterrors BIGINT NOT NULL DEFAULT 0,
    ifstatus VARCHAR(255) NULL,
    ifdescr VARCHAR(255) NULL,
    ifalias VARCHAR(255) NULL,
    portduplex VARCHAR(255) NULL,
    trunk TINYINT NOT NULL DEFAULT 0,
    lastup TIMESTAMP NULL DEFAULT NULL,
    PRIMARY KEY (id),
    KEY item (itemtype, items_id),
    KEY mac (mac)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE glpi_networkportethernets (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    networkports_id INT UNSIGNED NOT NULL DEFAULT 0,
    items_devicenetworkcards_id INT UNSIGNED NOT NULL DEFAULT 0,
    type VARCHAR(10) NULL DEFAULT '' COMMENT 'T, LX, SX',
    speed INT NOT NULL DEFAULT 10 COMMENT 'Mbit/s: 10, 100, 1000, 10000',
    date_mod TIMESTAMP NULL DEFAULT NULL,
    date_creation TIMESTAMP NULL DEFAULT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY networkports_id (networkports_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE glpi_networknames (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    entities_id INT UNSIGNED NOT NULL DEFAULT 0,
    items_id INT UNSIGNED NOT NULL DEFAULT 0,
    itemtype VARCHAR(100) NOT NULL,
    name VARCHAR(255) NULL,
    comment TEXT NULL,
    fqdns_id INT UNSIGNED NOT NULL DEFAULT 0,
    ipnetworks_id INT UNSIGNED NOT NULL DEFAULT 0,
    is_deleted TINYINT NOT NULL DEFAULT 0,
    is_dynamic TINYINT NOT NULL DEFAULT 0,
    date_mod TIMESTAMP NULL DEFAULT NULL,
    date_creation TIMESTAMP NULL DEFAULT NULL,
    PRIMARY KEY (id),
    KEY item (itemtype, items_id, is_deleted)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE glpi_ipaddresses (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    entities_id INT UNSIGNED NOT NULL DEFAULT 0,
    items_id INT UNSIGNED NOT NULL DEFAULT 0,
    itemtype VARCHAR(100) NOT NULL,
    version TINYINT UNSIGNED NULL DEFAULT 0,
    name VARCHAR(255) NULL,
    binary_0 INT UNSIGNED NOT NULL DEFAULT 0,
    binary_1 INT UNSIGNED NOT NULL DEFAULT 0,
    binary_2 INT UNSIGNED NOT NULL DEFAULT 0,
    binary_3 INT UNSIGNED NOT NULL DEFAULT 0,
    is_deleted TINYINT NOT NULL DEFAULT 0,
    is_dynamic TINYINT NOT NULL DEFAULT 0,
    mainitems_id INT UNSIGNED NOT NULL DEFAULT 0,
    mainitemtype VARCHAR(255) NULL,
    PRIMARY KEY (id),
    KEY `binary` (binary_0, binary_1, binary_2, binary_3),
    KEY item (itemtype, items_id, is_deleted),
    KEY mainitem (mainitemtype, mainitems_id, is_deleted)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE glpi_computervirtualmachines (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    entities_id INT UNSIGNED NOT NULL DEFAULT 0,
    computers_id INT UNSIGNED NOT NULL DEFAULT 0,
    name VARCHAR(255) NOT NULL DEFAULT '',
    virtualmachinestates_id INT UNSIGNED NOT NULL DEFAULT 0,
    virtualmachinesystems_id INT UNSIGNED NOT NULL DEFAULT 0,
    virtualmachinetypes_id INT UNSIGNED NOT NULL DEFAULT 0,
    uuid VARCHAR(255) NOT NULL DEFAULT '',
    vcpu INT NOT NULL DEFAULT 0,
    ram VARCHAR(255) NOT NULL DEFAULT '',
    is_deleted TINYINT NOT NULL DEFAULT 0,
    is_dynamic TINYINT NOT NULL DEFAULT 0,
    comment TEXT NULL,
    date_mod TIMESTAMP NULL DEFAULT NULL,
    date_creation TIMESTAMP NULL DEFAULT NULL,
    PRIMARY KEY (id),
    KEY computers_id (computers_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- History and field locks.
CREATE TABLE glpi_logs (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    itemtype VARCHAR(100) NOT NULL DEFAULT '',
    items_id INT UNSIGNED NOT NULL DEFAULT 0,
    itemtype_link VARCHAR(100) NOT NULL DEFAULT '',
    linked_action INT NOT NULL DEFAULT 0 COMMENT 'see define.php HISTORY_* constant',
    user_name VARCHAR(255) NULL,
    date_mod TIMESTAMP NULL DEFAULT NULL,
    id_search_option INT NOT NULL DEFAULT 0 COMMENT 'see search.constant.php for value',
    old_value VARCHAR(255) NULL,
    new_value VARCHAR(255) NULL,
    PRIMARY KEY (id),
    KEY item (itemtype, items_id),
    KEY date_mod (date_mod)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE glpi_lockedfields (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    itemtype VARCHAR(100) NULL,
    items_id INT UNSIGNED NOT NULL DEFAULT 0,
    field VARCHAR(50) NOT NULL,
    value VARCHAR(255) NULL,
    date_mod TIMESTAMP NULL DEFAULT NULL,
    date_creation TIMESTAMP NULL DEFAULT NULL,
    is_global TINYINT NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    UNIQUE KEY unicity (itemtype, items_id, field)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
