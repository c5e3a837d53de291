-- Asset store (SQLite): the same tables and columns as the MariaDB
-- migration; text compares case-insensitively (COLLATE NOCASE), as GLPI's
-- utf8mb4_unicode_ci collation does on MariaDB.

CREATE TABLE glpi_entities (
    id INTEGER NOT NULL DEFAULT 0,
    name TEXT COLLATE NOCASE NULL,
    entities_id INTEGER NULL DEFAULT 0,
    completename TEXT COLLATE NOCASE NULL,
    comment TEXT COLLATE NOCASE NULL,
    level INTEGER NOT NULL DEFAULT 0,
    sons_cache TEXT COLLATE NOCASE NULL,
    ancestors_cache TEXT COLLATE NOCASE NULL,
    registration_number TEXT COLLATE NOCASE NULL,
    address TEXT COLLATE NOCASE NULL,
    postcode TEXT COLLATE NOCASE NULL,
    town TEXT COLLATE NOCASE NULL,
    state TEXT COLLATE NOCASE NULL,
    country TEXT COLLATE NOCASE NULL,
    website TEXT COLLATE NOCASE NULL,
    phonenumber TEXT COLLATE NOCASE NULL,
    email TEXT COLLATE NOCASE NULL,
    ldap_dn TEXT COLLATE NOCASE NULL,
    tag TEXT COLLATE NOCASE NULL,
    mail_domain TEXT COLLATE NOCASE NULL,
    date_mod TEXT NULL DEFAULT NULL,
    date_creation TEXT NULL DEFAULT NULL,
    PRIMARY KEY (id)
);
CREATE UNIQUE INDEX glpi_entities_unicity ON glpi_entities (entities_id, name);
CREATE INDEX glpi_entities_tag ON glpi_entities (tag);
INSERT INTO glpi_entities (id, name, entities_id, completename, level, date_creation)
VALUES (0, 'Root entity', NULL, 'Root entity', 1, strftime('%Y-%m-%d %H:%M:%S','now'));
CREATE TABLE glpi_locations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    entities_id INTEGER NOT NULL DEFAULT 0,
    is_recursive INTEGER NOT NULL DEFAULT 0,
    name TEXT COLLATE NOCASE NULL,
    locations_id INTEGER NOT NULL DEFAULT 0,
    completename TEXT COLLATE NOCASE NULL,
    comment TEXT COLLATE NOCASE NULL,
    level INTEGER NOT NULL DEFAULT 0,
    ancestors_cache TEXT COLLATE NOCASE NULL,
    sons_cache TEXT COLLATE NOCASE NULL,
    address TEXT COLLATE NOCASE NULL,
    postcode TEXT COLLATE NOCASE NULL,
    town TEXT COLLATE NOCASE NULL,
    state TEXT COLLATE NOCASE NULL,
    country TEXT COLLATE NOCASE NULL,
    building TEXT COLLATE NOCASE NULL,
    room TEXT COLLATE NOCASE NULL,
    latitude TEXT COLLATE NOCASE NULL,
    longitude TEXT COLLATE NOCASE NULL,
    altitude TEXT COLLATE NOCASE NULL,
    date_mod TEXT NULL DEFAULT NULL,
    date_creation TEXT NULL DEFAULT NULL
);
CREATE UNIQUE INDEX glpi_locations_unicity ON glpi_locations (entities_id, locations_id, name);
CREATE INDEX glpi_locations_locations_id ON glpi_locations (locations_id);
CREATE TABLE glpi_states (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT COLLATE NOCASE NULL,
    entities_id INTEGER NOT NULL DEFAULT 0,
    is_recursive INTEGER NOT NULL DEFAULT 0,
    comment TEXT COLLATE NOCASE NULL,
    states_id INTEGER NOT NULL DEFAULT 0,
    completename TEXT COLLATE NOCASE NULL,
    level INTEGER NOT NULL DEFAULT 0,
    ancestors_cache TEXT COLLATE NOCASE NULL,
    sons_cache TEXT COLLATE NOCASE NULL,
    is_visible_computer INTEGER NOT NULL DEFAULT 1,
    is_visible_monitor INTEGER NOT NULL DEFAULT 1,
    is_visible_softwareversion INTEGER NOT NULL DEFAULT 1,
    date_mod TEXT NULL DEFAULT NULL,
    date_creation TEXT NULL DEFAULT NULL
);
CREATE UNIQUE INDEX glpi_states_unicity ON glpi_states (states_id, name);
CREATE TABLE glpi_users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT COLLATE NOCASE NULL,
    password TEXT COLLATE NOCASE NULL,
    phone TEXT COLLATE NOCASE NULL,
    realname TEXT COLLATE NOCASE NULL,
    firstname TEXT COLLATE NOCASE NULL,
    locations_id INTEGER NOT NULL DEFAULT 0,
    language TEXT COLLATE NOCASE NULL,
    is_active INTEGER NOT NULL DEFAULT 1,
    comment TEXT COLLATE NOCASE NULL,
    auths_id INTEGER NOT NULL DEFAULT 0,
    authtype INTEGER NOT NULL DEFAULT 0,
    last_login TEXT NULL DEFAULT NULL,
    date_mod TEXT NULL DEFAULT NULL,
    is_deleted INTEGER NOT NULL DEFAULT 0,
    profiles_id INTEGER NOT NULL DEFAULT 0,
    entities_id INTEGER NOT NULL DEFAULT 0,
    date_creation TEXT NULL DEFAULT NULL
);
CREATE UNIQUE INDEX glpi_users_unicityloginauth ON glpi_users (name, authtype, auths_id);
-- Plain dropdowns: id, name, comment, dates.
CREATE TABLE glpi_manufacturers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT COLLATE NOCASE NULL,
    comment TEXT COLLATE NOCASE NULL,
    date_mod TEXT NULL DEFAULT NULL,
    date_creation TEXT NULL DEFAULT NULL
);
CREATE INDEX glpi_manufacturers_name ON glpi_manufacturers (name);
CREATE TABLE glpi_computertypes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT COLLATE NOCASE NULL,
    comment TEXT COLLATE NOCASE NULL,
    date_mod TEXT NULL DEFAULT NULL,
    date_creation TEXT NULL DEFAULT NULL
);
CREATE INDEX glpi_computertypes_name ON glpi_computertypes (name);
CREATE TABLE glpi_networks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT COLLATE NOCASE NULL,
    comment TEXT COLLATE NOCASE NULL,
    date_mod TEXT NULL DEFAULT NULL,
    date_creation TEXT NULL DEFAULT NULL
);
CREATE INDEX glpi_networks_name ON glpi_networks (name);
CREATE TABLE glpi_operatingsystems (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT COLLATE NOCASE NULL,
    comment TEXT COLLATE NOCASE NULL,
    date_mod TEXT NULL DEFAULT NULL,
    date_creation TEXT NULL DEFAULT NULL
);
CREATE INDEX glpi_operatingsystems_name ON glpi_operatingsystems (name);
CREATE TABLE glpi_operatingsystemversions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT COLLATE NOCASE NULL,
    comment TEXT COLLATE NOCASE NULL,
    date_mod TEXT NULL DEFAULT NULL,
    date_creation TEXT NULL DEFAULT NULL
);
CREATE INDEX glpi_operatingsystemversions_name ON glpi_operatingsystemversions (name);
CREATE TABLE glpi_operatingsystemarchitectures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT COLLATE NOCASE NULL,
    comment TEXT COLLATE NOCASE NULL,
    date_mod TEXT NULL DEFAULT NULL,
    date_creation TEXT NULL DEFAULT NULL
);
CREATE INDEX glpi_operatingsystemarchitectures_name ON glpi_operatingsystemarchitectures (name);
CREATE TABLE glpi_operatingsystemeditions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT COLLATE NOCASE NULL,
    comment TEXT COLLATE NOCASE NULL,
    date_mod TEXT NULL DEFAULT NULL,
    date_creation TEXT NULL DEFAULT NULL
);
CREATE INDEX glpi_operatingsystemeditions_name ON glpi_operatingsystemeditions (name);
CREATE TABLE glpi_operatingsystemservicepacks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT COLLATE NOCASE NULL,
    comment TEXT COLLATE NOCASE NULL,
    date_mod TEXT NULL DEFAULT NULL,
    date_creation TEXT NULL DEFAULT NULL
);
CREATE INDEX glpi_operatingsystemservicepacks_name ON glpi_operatingsystemservicepacks (name);
CREATE TABLE glpi_operatingsystemkernels (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT COLLATE NOCASE NULL,
    comment TEXT COLLATE NOCASE NULL,
    date_mod TEXT NULL DEFAULT NULL,
    date_creation TEXT NULL DEFAULT NULL
);
CREATE INDEX glpi_operatingsystemkernels_name ON glpi_operatingsystemkernels (name);
CREATE TABLE glpi_monitortypes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT COLLATE NOCASE NULL,
    comment TEXT COLLATE NOCASE NULL,
    date_mod TEXT NULL DEFAULT NULL,
    date_creation TEXT NULL DEFAULT NULL
);
CREATE INDEX glpi_monitortypes_name ON glpi_monitortypes (name);
CREATE TABLE glpi_devicememorytypes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT COLLATE NOCASE NULL,
    comment TEXT COLLATE NOCASE NULL,
    date_mod TEXT NULL DEFAULT NULL,
    date_creation TEXT NULL DEFAULT NULL
);
CREATE INDEX glpi_devicememorytypes_name ON glpi_devicememorytypes (name);
CREATE TABLE glpi_devicefirmwaretypes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT COLLATE NOCASE NULL,
    comment TEXT COLLATE NOCASE NULL,
    date_mod TEXT NULL DEFAULT NULL,
    date_creation TEXT NULL DEFAULT NULL
);
CREATE INDEX glpi_devicefirmwaretypes_name ON glpi_devicefirmwaretypes (name);
CREATE TABLE glpi_filesystems (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT COLLATE NOCASE NULL,
    comment TEXT COLLATE NOCASE NULL,
    date_mod TEXT NULL DEFAULT NULL,
    date_creation TEXT NULL DEFAULT NULL
);
CREATE INDEX glpi_filesystems_name ON glpi_filesystems (name);
CREATE TABLE glpi_virtualmachinestates (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT COLLATE NOCASE NOT NULL DEFAULT '',
    comment TEXT COLLATE NOCASE NULL,
    date_mod TEXT NULL DEFAULT NULL,
    date_creation TEXT NULL DEFAULT NULL
);
CREATE INDEX glpi_virtualmachinestates_name ON glpi_virtualmachinestates (name);
CREATE TABLE glpi_virtualmachinesystems (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT COLLATE NOCASE NOT NULL DEFAULT '',
    comment TEXT COLLATE NOCASE NULL,
    date_mod TEXT NULL DEFAULT NULL,
    date_creation TEXT NULL DEFAULT NULL
);
CREATE INDEX glpi_virtualmachinesystems_name ON glpi_virtualmachinesystems (name);
CREATE TABLE glpi_virtualmachinetypes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT COLLATE NOCASE NOT NULL DEFAULT '',
    comment TEXT COLLATE NOCASE NULL,
    date_mod TEXT NULL DEFAULT NULL,
    date_creation TEXT NULL DEFAULT NULL
);
CREATE INDEX glpi_virtualmachinetypes_name ON glpi_virtualmachinetypes (name);
CREATE TABLE glpi_autoupdatesystems (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT COLLATE NOCASE NULL,
    comment TEXT COLLATE NOCASE NULL
);
CREATE INDEX glpi_autoupdatesystems_name ON glpi_autoupdatesystems (name);
CREATE TABLE glpi_operatingsystemkernelversions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    operatingsystemkernels_id INTEGER NOT NULL DEFAULT 0,
    name TEXT COLLATE NOCASE NULL,
    comment TEXT COLLATE NOCASE NULL,
    date_mod TEXT NULL DEFAULT NULL,
    date_creation TEXT NULL DEFAULT NULL
);
CREATE INDEX glpi_operatingsystemkernelversions_name ON glpi_operatingsystemkernelversions (name);
-- Models carry GLPI's rack columns.
CREATE TABLE glpi_computermodels (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT COLLATE NOCASE NULL,
    comment TEXT COLLATE NOCASE NULL,
    product_number TEXT COLLATE NOCASE NULL,
    weight INTEGER NOT NULL DEFAULT 0,
    required_units INTEGER NOT NULL DEFAULT 1,
    depth REAL NOT NULL DEFAULT 1,
    power_connections INTEGER NOT NULL DEFAULT 0,
    power_consumption INTEGER NOT NULL DEFAULT 0,
    is_half_rack INTEGER NOT NULL DEFAULT 0,
    picture_front TEXT COLLATE NOCASE NULL,
    picture_rear TEXT COLLATE NOCASE NULL,
    pictures TEXT COLLATE NOCASE NULL,
    date_mod TEXT NULL DEFAULT NULL,
    date_creation TEXT NULL DEFAULT NULL
);
CREATE INDEX glpi_computermodels_name ON glpi_computermodels (name);
CREATE TABLE glpi_monitormodels (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT COLLATE NOCASE NULL,
    comment TEXT COLLATE NOCASE NULL,
    product_number TEXT COLLATE NOCASE NULL,
    weight INTEGER NOT NULL DEFAULT 0,
    required_units INTEGER NOT NULL DEFAULT 1,
    depth REAL NOT NULL DEFAULT 1,
    power_connections INTEGER NOT NULL DEFAULT 0,
    power_consumption INTEGER NOT NULL DEFAULT 0,
    is_half_rack INTEGER NOT NULL DEFAULT 0,
    picture_front TEXT COLLATE NOCASE NULL,
    picture_rear TEXT COLLATE NOCASE NULL,
    pictures TEXT COLLATE NOCASE NULL,
    date_mod TEXT NULL DEFAULT NULL,
    date_creation TEXT NULL DEFAULT NULL
);
CREATE INDEX glpi_monitormodels_name ON glpi_monitormodels (name);
CREATE TABLE glpi_domains (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT COLLATE NOCASE NULL,
    entities_id INTEGER NOT NULL DEFAULT 0,
    is_recursive INTEGER NOT NULL DEFAULT 0,
    domaintypes_id INTEGER NOT NULL DEFAULT 0,
    date_expiration TEXT NULL DEFAULT NULL,
    date_domaincreation TEXT NULL DEFAULT NULL,
    users_id_tech INTEGER NOT NULL DEFAULT 0,
    groups_id_tech INTEGER NOT NULL DEFAULT 0,
    is_deleted INTEGER NOT NULL DEFAULT 0,
    comment TEXT COLLATE NOCASE NULL,
    is_template INTEGER NOT NULL DEFAULT 0,
    template_name TEXT COLLATE NOCASE NULL,
    is_active INTEGER NOT NULL DEFAULT 0,
    date_mod TEXT NULL DEFAULT NULL,
    date_creation TEXT NULL DEFAULT NULL
);
CREATE INDEX glpi_domains_name ON glpi_domains (name);
CREATE TABLE glpi_domains_items (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    domains_id INTEGER NOT NULL DEFAULT 0,
    items_id INTEGER NOT NULL DEFAULT 0,
    itemtype TEXT NOT NULL,
    domainrelations_id INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX glpi_domains_items_unicity ON glpi_domains_items (domains_id, itemtype, items_id);
CREATE INDEX glpi_domains_items_item ON glpi_domains_items (itemtype, items_id);
CREATE TABLE glpi_computers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    entities_id INTEGER NOT NULL DEFAULT 0,
    name TEXT COLLATE NOCASE NULL,
    serial TEXT COLLATE NOCASE NULL,
    otherserial TEXT COLLATE NOCASE NULL,
    contact TEXT COLLATE NOCASE NULL,
    contact_num TEXT COLLATE NOCASE NULL,
    users_id_tech INTEGER NOT NULL DEFAULT 0,
    groups_id_tech INTEGER NOT NULL DEFAULT 0,
    comment TEXT COLLATE NOCASE NULL,
    date_mod TEXT NULL DEFAULT NULL,
    autoupdatesystems_id INTEGER NOT NULL DEFAULT 0,
    locations_id INTEGER NOT NULL DEFAULT 0,
    networks_id INTEGER NOT NULL DEFAULT 0,
    computermodels_id INTEGER NOT NULL DEFAULT 0,
    computertypes_id INTEGER NOT NULL DEFAULT 0,
    is_template INTEGER NOT NULL DEFAULT 0,
    template_name TEXT COLLATE NOCASE NULL,
    manufacturers_id INTEGER NOT NULL DEFAULT 0,
    is_deleted INTEGER NOT NULL DEFAULT 0,
    is_dynamic INTEGER NOT NULL DEFAULT 0,
    users_id INTEGER NOT NULL DEFAULT 0,
    groups_id INTEGER NOT NULL DEFAULT 0,
    states_id INTEGER NOT NULL DEFAULT 0,
    ticket_tco REAL NULL DEFAULT 0.0000,
    uuid TEXT COLLATE NOCASE NULL,
    date_creation TEXT NULL DEFAULT NULL,
    is_recursive INTEGER NOT NULL DEFAULT 0,
    last_inventory_update TEXT NULL DEFAULT NULL,
    last_boot TEXT NULL DEFAULT NULL
);
CREATE INDEX glpi_computers_name ON glpi_computers (name);
CREATE INDEX glpi_computers_serial ON glpi_computers (serial);
CREATE INDEX glpi_computers_otherserial ON glpi_computers (otherserial);
CREATE INDEX glpi_computers_uuid ON glpi_computers (uuid);
CREATE INDEX glpi_computers_entities_id ON glpi_computers (entities_id);
CREATE INDEX glpi_computers_is_deleted ON glpi_computers (is_deleted);
CREATE INDEX glpi_computers_is_dynamic ON glpi_computers (is_dynamic);
CREATE INDEX glpi_computers_is_template ON glpi_computers (is_template);
CREATE TABLE glpi_items_operatingsystems (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    items_id INTEGER NOT NULL DEFAULT 0,
    itemtype TEXT NULL,
    operatingsystems_id INTEGER NOT NULL DEFAULT 0,
    operatingsystemversions_id INTEGER NOT NULL DEFAULT 0,
    operatingsystemservicepacks_id INTEGER NOT NULL DEFAULT 0,
    operatingsystemarchitectures_id INTEGER NOT NULL DEFAULT 0,
    operatingsystemkernelversions_id INTEGER NOT NULL DEFAULT 0,
    license_number TEXT COLLATE NOCASE NULL,
    licenseid TEXT COLLATE NOCASE NULL,
    operatingsystemeditions_id INTEGER NOT NULL DEFAULT 0,
    date_mod TEXT NULL DEFAULT NULL,
    date_creation TEXT NULL DEFAULT NULL,
    is_deleted INTEGER NOT NULL DEFAULT 0,
    is_dynamic INTEGER NOT NULL DEFAULT 0,
    entities_id INTEGER NOT NULL DEFAULT 0,
    is_recursive INTEGER NOT NULL DEFAULT 0,
    install_date TEXT NULL DEFAULT NULL
);
CREATE UNIQUE INDEX glpi_items_operatingsystems_unicity ON glpi_items_operatingsystems (items_id, itemtype, operatingsystems_id, operatingsystemarchitectures_id);
CREATE INDEX glpi_items_operatingsystems_item ON glpi_items_operatingsystems (itemtype, items_id);
CREATE TABLE glpi_monitors (
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
    size REAL NOT NULL DEFAULT 0.00,
    have_micro INTEGER NOT NULL DEFAULT 0,
    have_speaker INTEGER NOT NULL DEFAULT 0,
    have_subd INTEGER NOT NULL DEFAULT 0,
    have_bnc INTEGER NOT NULL DEFAULT 0,
    have_dvi INTEGER NOT NULL DEFAULT 0,
    have_pivot INTEGER NOT NULL DEFAULT 0,
    have_hdmi INTEGER NOT NULL DEFAULT 0,
    have_displayport INTEGER NOT NULL DEFAULT 0,
    locations_id INTEGER NOT NULL DEFAULT 0,
    monitortypes_id INTEGER NOT NULL DEFAULT 0,
    monitormodels_id INTEGER NOT NULL DEFAULT 0,
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
CREATE INDEX glpi_monitors_name ON glpi_monitors (name);
CREATE INDEX glpi_monitors_serial ON glpi_monitors (serial);
CREATE INDEX glpi_monitors_is_deleted ON glpi_monitors (is_deleted);
CREATE TABLE glpi_computers_items (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    items_id INTEGER NOT NULL DEFAULT 0,
    computers_id INTEGER NOT NULL DEFAULT 0,
    itemtype TEXT NOT NULL,
    is_deleted INTEGER NOT NULL DEFAULT 0,
    is_dynamic INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX glpi_computers_items_computers_id ON glpi_computers_items (computers_id);
CREATE INDEX glpi_computers_items_item ON glpi_computers_items (itemtype, items_id);
CREATE TABLE glpi_softwarecategories (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT COLLATE NOCASE NULL,
    comment TEXT COLLATE NOCASE NULL,
    softwarecategories_id INTEGER NOT NULL DEFAULT 0,
    completename TEXT COLLATE NOCASE NULL,
    level INTEGER NOT NULL DEFAULT 0,
    ancestors_cache TEXT COLLATE NOCASE NULL,
    sons_cache TEXT COLLATE NOCASE NULL
);
CREATE TABLE glpi_softwares (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    entities_id INTEGER NOT NULL DEFAULT 0,
    is_recursive INTEGER NOT NULL DEFAULT 0,
    name TEXT COLLATE NOCASE NULL,
    comment TEXT COLLATE NOCASE NULL,
    locations_id INTEGER NOT NULL DEFAULT 0,
    users_id_tech INTEGER NOT NULL DEFAULT 0,
    groups_id_tech INTEGER NOT NULL DEFAULT 0,
    is_update INTEGER NOT NULL DEFAULT 0,
    softwares_id INTEGER NOT NULL DEFAULT 0,
    manufacturers_id INTEGER NOT NULL DEFAULT 0,
    is_deleted INTEGER NOT NULL DEFAULT 0,
    is_template INTEGER NOT NULL DEFAULT 0,
    template_name TEXT COLLATE NOCASE NULL,
    date_mod TEXT NULL DEFAULT NULL,
    users_id INTEGER NOT NULL DEFAULT 0,
    groups_id INTEGER NOT NULL DEFAULT 0,
    ticket_tco REAL NULL DEFAULT 0.0000,
    is_helpdesk_visible INTEGER NOT NULL DEFAULT 1,
    softwarecategories_id INTEGER NOT NULL DEFAULT 0,
    is_valid INTEGER NOT NULL DEFAULT 1,
    date_creation TEXT NULL DEFAULT NULL,
    pictures TEXT COLLATE NOCASE NULL
);
CREATE INDEX glpi_softwares_name ON glpi_softwares (name);
CREATE INDEX glpi_softwares_entities_id ON glpi_softwares (entities_id);
CREATE TABLE glpi_softwareversions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    entities_id INTEGER NOT NULL DEFAULT 0,
    is_recursive INTEGER NOT NULL DEFAULT 0,
    softwares_id INTEGER NOT NULL DEFAULT 0,
    states_id INTEGER NOT NULL DEFAULT 0,
    name TEXT COLLATE NOCASE NULL,
    arch TEXT COLLATE NOCASE NULL,
    comment TEXT COLLATE NOCASE NULL,
    operatingsystems_id INTEGER NOT NULL DEFAULT 0,
    date_mod TEXT NULL DEFAULT NULL,
    date_creation TEXT NULL DEFAULT NULL
);
CREATE INDEX glpi_softwareversions_softwares_id ON glpi_softwareversions (softwares_id);
CREATE INDEX glpi_softwareversions_name ON glpi_softwareversions (name);
CREATE TABLE glpi_items_softwareversions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    items_id INTEGER NOT NULL DEFAULT 0,
    itemtype TEXT NOT NULL,
    softwareversions_id INTEGER NOT NULL DEFAULT 0,
    is_deleted_item INTEGER NOT NULL DEFAULT 0,
    is_template_item INTEGER NOT NULL DEFAULT 0,
    entities_id INTEGER NOT NULL DEFAULT 0,
    is_deleted INTEGER NOT NULL DEFAULT 0,
    is_dynamic INTEGER NOT NULL DEFAULT 0,
    date_install TEXT NULL DEFAULT NULL
);
CREATE UNIQUE INDEX glpi_items_softwareversions_unicity ON glpi_items_softwareversions (itemtype, items_id, softwareversions_id);
CREATE INDEX glpi_items_softwareversions_softwareversions_id ON glpi_items_softwareversions (softwareversions_id);
-- Components: a catalogue table per type and its link to items.
CREATE TABLE glpi_deviceprocessors (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    designation TEXT COLLATE NOCASE NULL,
    comment TEXT COLLATE NOCASE NULL,
    manufacturers_id INTEGER NOT NULL DEFAULT 0,
    frequence INTEGER NOT NULL DEFAULT 0,
    frequency_default INTEGER NOT NULL DEFAULT 0,
    nbcores_default INTEGER NULL,
    nbthreads_default INTEGER NULL,
    deviceprocessormodels_id INTEGER NULL,
    entities_id INTEGER NOT NULL DEFAULT 0,
    is_recursive INTEGER NOT NULL DEFAULT 0,
    date_mod TEXT NULL DEFAULT NULL,
    date_creation TEXT NULL DEFAULT NULL
);
CREATE INDEX glpi_deviceprocessors_designation ON glpi_deviceprocessors (designation);
CREATE TABLE glpi_items_deviceprocessors (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    items_id INTEGER NOT NULL DEFAULT 0,
    itemtype TEXT NULL,
    deviceprocessors_id INTEGER NOT NULL DEFAULT 0,
    frequency INTEGER NOT NULL DEFAULT 0,
    nbcores INTEGER NULL,
    nbthreads INTEGER NULL,
    serial TEXT COLLATE NOCASE NULL,
    is_deleted INTEGER NOT NULL DEFAULT 0,
    is_dynamic INTEGER NOT NULL DEFAULT 0,
    entities_id INTEGER NOT NULL DEFAULT 0,
    is_recursive INTEGER NOT NULL DEFAULT 0,
    busID TEXT COLLATE NOCASE NULL,
    otherserial TEXT COLLATE NOCASE NULL,
    locations_id INTEGER NOT NULL DEFAULT 0,
    states_id INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX glpi_items_deviceprocessors_item ON glpi_items_deviceprocessors (itemtype, items_id);
CREATE INDEX glpi_items_deviceprocessors_deviceprocessors_id ON glpi_items_deviceprocessors (deviceprocessors_id);
CREATE TABLE glpi_devicememories (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    designation TEXT COLLATE NOCASE NULL,
    comment TEXT COLLATE NOCASE NULL,
    manufacturers_id INTEGER NOT NULL DEFAULT 0,
    frequence TEXT COLLATE NOCASE NULL,
    size_default INTEGER NOT NULL DEFAULT 0,
    devicememorytypes_id INTEGER NOT NULL DEFAULT 0,
    devicememorymodels_id INTEGER NULL,
    entities_id INTEGER NOT NULL DEFAULT 0,
    is_recursive INTEGER NOT NULL DEFAULT 0,
    date_mod TEXT NULL DEFAULT NULL,
    date_creation TEXT NULL DEFAULT NULL
);
CREATE INDEX glpi_devicememories_designation ON glpi_devicememories (designation);
CREATE TABLE glpi_items_devicememories (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    items_id INTEGER NOT NULL DEFAULT 0,
    itemtype TEXT NULL,
    devicememories_id INTEGER NOT NULL DEFAULT 0,
    size INTEGER NOT NULL DEFAULT 0,
    serial TEXT COLLATE NOCASE NULL,
    is_deleted INTEGER NOT NULL DEFAULT 0,
    is_dynamic INTEGER NOT NULL DEFAULT 0,
    entities_id INTEGER NOT NULL DEFAULT 0,
    is_recursive INTEGER NOT NULL DEFAULT 0,
    busID TEXT COLLATE NOCASE NULL,
    otherserial TEXT COLLATE NOCASE NULL,
    locations_id INTEGER NOT NULL DEFAULT 0,
    states_id INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX glpi_items_devicememories_item ON glpi_items_devicememories (itemtype, items_id);
CREATE INDEX glpi_items_devicememories_devicememories_id ON glpi_items_devicememories (devicememories_id);
CREATE TABLE glpi_deviceharddrives (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    designation TEXT COLLATE NOCASE NULL,
    comment TEXT COLLATE NOCASE NULL,
    manufacturers_id INTEGER NOT NULL DEFAULT 0,
    rpm TEXT COLLATE NOCASE NULL,
    interfacetypes_id INTEGER NOT NULL DEFAULT 0,
    cache TEXT COLLATE NOCASE NULL,
    capacity_default INTEGER NOT NULL DEFAULT 0,
    deviceharddrivemodels_id INTEGER NULL,
    entities_id INTEGER NOT NULL DEFAULT 0,
    is_recursive INTEGER NOT NULL DEFAULT 0,
    date_mod TEXT NULL DEFAULT NULL,
    date_creation TEXT NULL DEFAULT NULL
);
CREATE INDEX glpi_deviceharddrives_designation ON glpi_deviceharddrives (designation);
CREATE TABLE glpi_items_deviceharddrives (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    items_id INTEGER NOT NULL DEFAULT 0,
    itemtype TEXT NULL,
    deviceharddrives_id INTEGER NOT NULL DEFAULT 0,
    capacity INTEGER NOT NULL DEFAULT 0,
    serial TEXT COLLATE NOCASE NULL,
    is_deleted INTEGER NOT NULL DEFAULT 0,
    is_dynamic INTEGER NOT NULL DEFAULT 0,
    entities_id INTEGER NOT NULL DEFAULT 0,
    is_recursive INTEGER NOT NULL DEFAULT 0,
    busID TEXT COLLATE NOCASE NULL,
    otherserial TEXT COLLATE NOCASE NULL,
    locations_id INTEGER NOT NULL DEFAULT 0,
    states_id INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX glpi_items_deviceharddrives_item ON glpi_items_deviceharddrives (itemtype, items_id);
CREATE INDEX glpi_items_deviceharddrives_deviceharddrives_id ON glpi_items_deviceharddrives (deviceharddrives_id);
CREATE TABLE glpi_devicenetworkcards (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    designation TEXT COLLATE NOCASE NULL,
    comment TEXT COLLATE NOCASE NULL,
    manufacturers_id INTEGER NOT NULL DEFAULT 0,
    bandwidth TEXT COLLATE NOCASE NULL,
    mac_default TEXT COLLATE NOCASE NULL,
    devicenetworkcardmodels_id INTEGER NULL,
    entities_id INTEGER NOT NULL DEFAULT 0,
    is_recursive INTEGER NOT NULL DEFAULT 0,
    date_mod TEXT NULL DEFAULT NULL,
    date_creation TEXT NULL DEFAULT NULL
);
CREATE INDEX glpi_devicenetworkcards_designation ON glpi_devicenetworkcards (designation);
CREATE TABLE glpi_items_devicenetworkcards (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    items_id INTEGER NOT NULL DEFAULT 0,
    itemtype TEXT NULL,
    devicenetworkcards_id INTEGER NOT NULL DEFAULT 0,
    mac TEXT COLLATE NOCASE NULL,
    serial TEXT COLLATE NOCASE NULL,
    is_deleted INTEGER NOT NULL DEFAULT 0,
    is_dynamic INTEGER NOT NULL DEFAULT 0,
    entities_id INTEGER NOT NULL DEFAULT 0,
    is_recursive INTEGER NOT NULL DEFAULT 0,
    busID TEXT COLLATE NOCASE NULL,
    otherserial TEXT COLLATE NOCASE NULL,
    locations_id INTEGER NOT NULL DEFAULT 0,
    states_id INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX glpi_items_devicenetworkcards_item ON glpi_items_devicenetworkcards (itemtype, items_id);
CREATE INDEX glpi_items_devicenetworkcards_devicenetworkcards_id ON glpi_items_devicenetworkcards (devicenetworkcards_id);
CREATE TABLE glpi_devicegraphiccards (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    designation TEXT COLLATE NOCASE NULL,
    comment TEXT COLLATE NOCASE NULL,
    manufacturers_id INTEGER NOT NULL DEFAULT 0,
    interfacetypes_id INTEGER NOT NULL DEFAULT 0,
    memory_default INTEGER NOT NULL DEFAULT 0,
    devicegraphiccardmodels_id INTEGER NULL,
    chipset TEXT COLLATE NOCASE NULL,
    entities_id INTEGER NOT NULL DEFAULT 0,
    is_recursive INTEGER NOT NULL DEFAULT 0,
    date_mod TEXT NULL DEFAULT NULL,
    date_creation TEXT NULL DEFAULT NULL
);
CREATE INDEX glpi_devicegraphiccards_designation ON glpi_devicegraphiccards (designation);
CREATE TABLE glpi_items_devicegraphiccards (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    items_id INTEGER NOT NULL DEFAULT 0,
    itemtype TEXT NULL,
    devicegraphiccards_id INTEGER NOT NULL DEFAULT 0,
    memory INTEGER NOT NULL DEFAULT 0,
    serial TEXT COLLATE NOCASE NULL,
    is_deleted INTEGER NOT NULL DEFAULT 0,
    is_dynamic INTEGER NOT NULL DEFAULT 0,
    entities_id INTEGER NOT NULL DEFAULT 0,
    is_recursive INTEGER NOT NULL DEFAULT 0,
    busID TEXT COLLATE NOCASE NULL,
    otherserial TEXT COLLATE NOCASE NULL,
    locations_id INTEGER NOT NULL DEFAULT 0,
    states_id INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX glpi_items_devicegraphiccards_item ON glpi_items_devicegraphiccards (itemtype, items_id);
CREATE INDEX glpi_items_devicegraphiccards_devicegraphiccards_id ON glpi_items_devicegraphiccards (devicegraphiccards_id);
CREATE TABLE glpi_devicesoundcards (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    designation TEXT COLLATE NOCASE NULL,
    comment TEXT COLLATE NOCASE NULL,
    manufacturers_id INTEGER NOT NULL DEFAULT 0,
    type TEXT COLLATE NOCASE NULL,
    devicesoundcardmodels_id INTEGER NULL,
    entities_id INTEGER NOT NULL DEFAULT 0,
    is_recursive INTEGER NOT NULL DEFAULT 0,
    date_mod TEXT NULL DEFAULT NULL,
    date_creation TEXT NULL DEFAULT NULL
);
CREATE INDEX glpi_devicesoundcards_designation ON glpi_devicesoundcards (designation);
CREATE TABLE glpi_items_devicesoundcards (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    items_id INTEGER NOT NULL DEFAULT 0,
    itemtype TEXT NULL,
    devicesoundcards_id INTEGER NOT NULL DEFAULT 0,
    serial TEXT COLLATE NOCASE NULL,
    is_deleted INTEGER NOT NULL DEFAULT 0,
    is_dynamic INTEGER NOT NULL DEFAULT 0,
    entities_id INTEGER NOT NULL DEFAULT 0,
    is_recursive INTEGER NOT NULL DEFAULT 0,
    busID TEXT COLLATE NOCASE NULL,
    otherserial TEXT COLLATE NOCASE NULL,
    locations_id INTEGER NOT NULL DEFAULT 0,
    states_id INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX glpi_items_devicesoundcards_item ON glpi_items_devicesoundcards (itemtype, items_id);
CREATE INDEX glpi_items_devicesoundcards_devicesoundcards_id ON glpi_items_devicesoundcards (devicesoundcards_id);
CREATE TABLE glpi_devicedrives (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    designation TEXT COLLATE NOCASE NULL,
    comment TEXT COLLATE NOCASE NULL,
    manufacturers_id INTEGER NOT NULL DEFAULT 0,
    is_writer INTEGER NOT NULL DEFAULT 1,
    speed TEXT COLLATE NOCASE NULL,
    interfacetypes_id INTEGER NOT NULL DEFAULT 0,
    devicedrivemodels_id INTEGER NULL,
    entities_id INTEGER NOT NULL DEFAULT 0,
    is_recursive INTEGER NOT NULL DEFAULT 0,
    date_mod TEXT NULL DEFAULT NULL,
    date_creation TEXT NULL DEFAULT NULL
);
CREATE INDEX glpi_devicedrives_designation ON glpi_devicedrives (designation);
CREATE TABLE glpi_items_devicedrives (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    items_id INTEGER NOT NULL DEFAULT 0,
    itemtype TEXT NULL,
    devicedrives_id INTEGER NOT NULL DEFAULT 0,
    serial TEXT COLLATE NOCASE NULL,
    is_deleted INTEGER NOT NULL DEFAULT 0,
    is_dynamic INTEGER NOT NULL DEFAULT 0,
    entities_id INTEGER NOT NULL DEFAULT 0,
    is_recursive INTEGER NOT NULL DEFAULT 0,
    busID TEXT COLLATE NOCASE NULL,
    otherserial TEXT COLLATE NOCASE NULL,
    locations_id INTEGER NOT NULL DEFAULT 0,
    states_id INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX glpi_items_devicedrives_item ON glpi_items_devicedrives (itemtype, items_id);
CREATE INDEX glpi_items_devicedrives_devicedrives_id ON glpi_items_devicedrives (devicedrives_id);
CREATE TABLE glpi_devicecontrols (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    designation TEXT COLLATE NOCASE NULL,
    comment TEXT COLLATE NOCASE NULL,
    manufacturers_id INTEGER NOT NULL DEFAULT 0,
    is_raid INTEGER NOT NULL DEFAULT 0,
    interfacetypes_id INTEGER NOT NULL DEFAULT 0,
    devicecontrolmodels_id INTEGER NULL,
    entities_id INTEGER NOT NULL DEFAULT 0,
    is_recursive INTEGER NOT NULL DEFAULT 0,
    date_mod TEXT NULL DEFAULT NULL,
    date_creation TEXT NULL DEFAULT NULL
);
CREATE INDEX glpi_devicecontrols_designation ON glpi_devicecontrols (designation);
CREATE TABLE glpi_items_devicecontrols (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    items_id INTEGER NOT NULL DEFAULT 0,
    itemtype TEXT NULL,
    devicecontrols_id INTEGER NOT NULL DEFAULT 0,
    serial TEXT COLLATE NOCASE NULL,
    is_deleted INTEGER NOT NULL DEFAULT 0,
    is_dynamic INTEGER NOT NULL DEFAULT 0,
    entities_id INTEGER NOT NULL DEFAULT 0,
    is_recursive INTEGER NOT NULL DEFAULT 0,
    busID TEXT COLLATE NOCASE NULL,
    otherserial TEXT COLLATE NOCASE NULL,
    locations_id INTEGER NOT NULL DEFAULT 0,
    states_id INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX glpi_items_devicecontrols_item ON glpi_items_devicecontrols (itemtype, items_id);
CREATE INDEX glpi_items_devicecontrols_devicecontrols_id ON glpi_items_devicecontrols (devicecontrols_id);
CREATE TABLE glpi_devicemotherboards (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    designation TEXT COLLATE NOCASE NULL,
    comment TEXT COLLATE NOCASE NULL,
    manufacturers_id INTEGER NOT NULL DEFAULT 0,
    chipset TEXT COLLATE NOCASE NULL,
    devicemotherboardmodels_id INTEGER NULL,
    entities_id INTEGER NOT NULL DEFAULT 0,
    is_recursive INTEGER NOT NULL DEFAULT 0,
    date_mod TEXT NULL DEFAULT NULL,
    date_creation TEXT NULL DEFAULT NULL
);
CREATE INDEX glpi_devicemotherboards_designation ON glpi_devicemotherboards (designation);
CREATE TABLE glpi_items_devicemotherboards (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    items_id INTEGER NOT NULL DEFAULT 0,
    itemtype TEXT NULL,
    devicemotherboards_id INTEGER NOT NULL DEFAULT 0,
    serial TEXT COLLATE NOCASE NULL,
    is_deleted INTEGER NOT NULL DEFAULT 0,
    is_dynamic INTEGER NOT NULL DEFAULT 0,
    entities_id INTEGER NOT NULL DEFAULT 0,
    is_recursive INTEGER NOT NULL DEFAULT 0,
    otherserial TEXT COLLATE NOCASE NULL,
    locations_id INTEGER NOT NULL DEFAULT 0,
    states_id INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX glpi_items_devicemotherboards_item ON glpi_items_devicemotherboards (itemtype, items_id);
CREATE INDEX glpi_items_devicemotherboards_devicemotherboards_id ON glpi_items_devicemotherboards (devicemotherboards_id);
CREATE TABLE glpi_devicefirmwares (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    designation TEXT COLLATE NOCASE NULL,
    comment TEXT COLLATE NOCASE NULL,
    manufacturers_id INTEGER NOT NULL DEFAULT 0,
    date TEXT NULL DEFAULT NULL,
    version TEXT COLLATE NOCASE NULL,
    devicefirmwaretypes_id INTEGER NOT NULL DEFAULT 0,
    devicefirmwaremodels_id INTEGER NULL,
    entities_id INTEGER NOT NULL DEFAULT 0,
    is_recursive INTEGER NOT NULL DEFAULT 0,
    date_mod TEXT NULL DEFAULT NULL,
    date_creation TEXT NULL DEFAULT NULL
);
CREATE INDEX glpi_devicefirmwares_designation ON glpi_devicefirmwares (designation);
CREATE TABLE glpi_items_devicefirmwares (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    items_id INTEGER NOT NULL DEFAULT 0,
    itemtype TEXT NULL,
    devicefirmwares_id INTEGER NOT NULL DEFAULT 0,
    serial TEXT COLLATE NOCASE NULL,
    is_deleted INTEGER NOT NULL DEFAULT 0,
    is_dynamic INTEGER NOT NULL DEFAULT 0,
    entities_id INTEGER NOT NULL DEFAULT 0,
    is_recursive INTEGER NOT NULL DEFAULT 0,
    otherserial TEXT COLLATE NOCASE NULL,
    locations_id INTEGER NOT NULL DEFAULT 0,
    states_id INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX glpi_items_devicefirmwares_item ON glpi_items_devicefirmwares (itemtype, items_id);
CREATE INDEX glpi_items_devicefirmwares_devicefirmwares_id ON glpi_items_devicefirmwares (devicefirmwares_id);
-- Volumes.
CREATE TABLE glpi_items_disks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    entities_id INTEGER NOT NULL DEFAULT 0,
    itemtype TEXT NULL,
    items_id INTEGER NOT NULL DEFAULT 0,
    name TEXT COLLATE NOCASE NULL,
    device TEXT COLLATE NOCASE NULL,
    mountpoint TEXT COLLATE NOCASE NULL,
    filesystems_id INTEGER NOT NULL DEFAULT 0,
    totalsize INTEGER NOT NULL DEFAULT 0,
    freesize INTEGER NOT NULL DEFAULT 0,
    is_deleted INTEGER NOT NULL DEFAULT 0,
    is_dynamic INTEGER NOT NULL DEFAULT 0,
    encryption_status INTEGER NOT NULL DEFAULT 0,
    encryption_tool TEXT COLLATE NOCASE NULL,
    encryption_algorithm TEXT COLLATE NOCASE NULL,
    encryption_type TEXT COLLATE NOCASE NULL,
    date_mod TEXT NULL DEFAULT NULL,
    date_creation TEXT NULL DEFAULT NULL
);
CREATE INDEX glpi_items_disks_item ON glpi_items_disks (itemtype, items_id);
-- Network ports, their names and IP addresses.
CREATE TABLE glpi_networkports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    items_id INTEGER NOT NULL DEFAULT 0,
    itemtype TEXT NOT NULL,
    entities_id INTEGER NOT NULL DEFAULT 0,
    is_recursive INTEGER NOT NULL DEFAULT 0,
    logical_number INTEGER NOT NULL DEFAULT 0,
    name TEXT COLLATE NOCASE NULL,
    instantiation_type TEXT NULL,
    mac TEXT COLLATE NOCASE NULL,
    comment TEXT COLLATE NOCASE NULL,
    is_deleted INTEGER NOT NULL DEFAULT 0,
    is_dynamic INTEGER NOT NULL DEFAULT 0,
    date_mod TEXT NULL DEFAULT NULL,
    date_creation TEXT NULL DEFAULT NULL,
    ifmtu INTEGER NOT NULL DEFAULT 0,
    ifspeed INTEGER NOT NULL DEFAULT 0,
    ifinternalstatus TEXT COLLATE NOCASE NULL,
    ifconnectionstatus INTEGER NOT NULL DEFAULT 0,
    iflastchange TEXT COLLATE NOCASE NULL,
    ifinbytes INTEGER NOT NULL DEFAULT 0,
    ifinerrors INTEGER NOT NULL DEFAULT 0,
    ifoutbytes INTEGER NOT NULL DEFAULT 0,
    ifouterrors INTEGER NOT NULL DEFAULT 0,
    ifstatus TEXT COLLATE NOCASE NULL,
    ifdescr TEXT COLLATE NOCASE NULL,
    ifalias TEXT COLLATE NOCASE NULL,
    portduplex TEXT COLLATE NOCASE NULL,
    trunk INTEGER NOT NULL DEFAULT 0,
    lastup TEXT NULL DEFAULT NULL
);
CREATE INDEX glpi_networkports_item ON glpi_networkports (itemtype, items_id);
CREATE INDEX glpi_networkports_mac ON glpi_networkports (mac);
CREATE TABLE glpi_networkportethernets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    networkports_id INTEGER NOT NULL DEFAULT 0,
    items_devicenetworkcards_id INTEGER NOT NULL DEFAULT 0,
    type TEXT COLLATE NOCASE NULL DEFAULT '',
    speed INTEGER NOT NULL DEFAULT 10,
    date_mod TEXT NULL DEFAULT NULL,
    date_creation TEXT NULL DEFAULT NULL
);
CREATE UNIQUE INDEX glpi_networkportethernets_networkports_id ON glpi_networkportethernets (networkports_id);
CREATE TABLE glpi_networknames (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    entities_id INTEGER NOT NULL DEFAULT 0,
    items_id INTEGER NOT NULL DEFAULT 0,
    itemtype TEXT NOT NULL,
    name TEXT COLLATE NOCASE NULL,
    comment TEXT COLLATE NOCASE NULL,
    fqdns_id INTEGER NOT NULL DEFAULT 0,
    ipnetworks_id INTEGER NOT NULL DEFAULT 0,
    is_deleted INTEGER NOT NULL DEFAULT 0,
    is_dynamic INTEGER NOT NULL DEFAULT 0,
    date_mod TEXT NULL DEFAULT NULL,
    date_creation TEXT NULL DEFAULT NULL
);
CREATE INDEX glpi_networknames_item ON glpi_networknames (itemtype, items_id, is_deleted);
CREATE TABLE glpi_ipaddresses (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    entities_id INTEGER NOT NULL DEFAULT 0,
    items_id INTEGER NOT NULL DEFAULT 0,
    itemtype TEXT NOT NULL,
    version INTEGER NULL DEFAULT 0,
    name TEXT COLLATE NOCASE NULL,
    binary_0 INTEGER NOT NULL DEFAULT 0,
    binary_1 INTEGER NOT NULL DEFAULT 0,
    binary_2 INTEGER NOT NULL DEFAULT 0,
    binary_3 INTEGER NOT NULL DEFAULT 0,
    is_deleted INTEGER NOT NULL DEFAULT 0,
    is_dynamic INTEGER NOT NULL DEFAULT 0,
    mainitems_id INTEGER NOT NULL DEFAULT 0,
    mainitemtype TEXT NULL
);
CREATE INDEX glpi_ipaddresses_binary ON glpi_ipaddresses (binary_0, binary_1, binary_2, binary_3);
CREATE INDEX glpi_ipaddresses_item ON glpi_ipaddresses (itemtype, items_id, is_deleted);
CREATE INDEX glpi_ipaddresses_mainitem ON glpi_ipaddresses (mainitemtype, mainitems_id, is_deleted);
CREATE TABLE glpi_computervirtualmachines (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    entities_id INTEGER NOT NULL DEFAULT 0,
    computers_id INTEGER NOT NULL DEFAULT 0,
    name TEXT COLLATE NOCASE NOT NULL DEFAULT '',
    virtualmachinestates_id INTEGER NOT NULL DEFAULT 0,
    virtualmachinesystems_id INTEGER NOT NULL DEFAULT 0,
    virtualmachinetypes_id INTEGER NOT NULL DEFAULT 0,
    uuid TEXT COLLATE NOCASE NOT NULL DEFAULT '',
    vcpu INTEGER NOT NULL DEFAULT 0,
    ram TEXT COLLATE NOCASE NOT NULL DEFAULT '',
    is_deleted INTEGER NOT NULL DEFAULT 0,
    is_dynamic INTEGER NOT NULL DEFAULT 0,
    comment TEXT COLLATE NOCASE NULL,
    date_mod TEXT NULL DEFAULT NULL,
    date_creation TEXT NULL DEFAULT NULL
);
CREATE INDEX glpi_computervirtualmachines_computers_id ON glpi_computervirtualmachines (computers_id);
-- History and field locks.
CREATE TABLE glpi_logs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    itemtype TEXT NOT NULL DEFAULT '',
    items_id INTEGER NOT NULL DEFAULT 0,
    itemtype_link TEXT NOT NULL DEFAULT '',
    linked_action INTEGER NOT NULL DEFAULT 0,
    user_name TEXT COLLATE NOCASE NULL,
    date_mod TEXT NULL DEFAULT NULL,
    id_search_option INTEGER NOT NULL DEFAULT 0,
    old_value TEXT COLLATE NOCASE NULL,
    new_value TEXT COLLATE NOCASE NULL
);
CREATE INDEX glpi_logs_item ON glpi_logs (itemtype, items_id);
CREATE INDEX glpi_logs_date_mod ON glpi_logs (date_mod);
CREATE TABLE glpi_lockedfields (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    itemtype TEXT NULL,
    items_id INTEGER NOT NULL DEFAULT 0,
    field TEXT COLLATE NOCASE NOT NULL,
    value TEXT COLLATE NOCASE NULL,
    date_mod TEXT NULL DEFAULT NULL,
    date_creation TEXT NULL DEFAULT NULL,
    is_global INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX glpi_lockedfields_unicity ON glpi_lockedfields (itemtype, items_id, field);
