-- Groups (GLPI's glpi_groups, a tree dropdown): a computer's group
-- (glpi_computers.groups_id), which inventories may set by name (the OCS
-- plugin's administrative-info mapping).

CREATE TABLE glpi_groups (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    entities_id INTEGER NOT NULL DEFAULT 0,
    is_recursive INTEGER NOT NULL DEFAULT 0,
    name TEXT COLLATE NOCASE NULL,
    comment TEXT COLLATE NOCASE NULL,
    groups_id INTEGER NOT NULL DEFAULT 0,
    completename TEXT COLLATE NOCASE NULL,
    level INTEGER NOT NULL DEFAULT 0,
    ancestors_cache TEXT NULL,
    sons_cache TEXT NULL,
    is_requester INTEGER NOT NULL DEFAULT 1,
    is_watcher INTEGER NOT NULL DEFAULT 1,
    is_assign INTEGER NOT NULL DEFAULT 1,
    is_task INTEGER NOT NULL DEFAULT 1,
    is_notify INTEGER NOT NULL DEFAULT 1,
    is_itemgroup INTEGER NOT NULL DEFAULT 1,
    is_usergroup INTEGER NOT NULL DEFAULT 1,
    is_manager INTEGER NOT NULL DEFAULT 1,
    date_mod TEXT NULL DEFAULT NULL,
    date_creation TEXT NULL DEFAULT NULL
);
CREATE INDEX glpi_groups_name ON glpi_groups (name);
CREATE INDEX glpi_groups_groups_id ON glpi_groups (groups_id);
