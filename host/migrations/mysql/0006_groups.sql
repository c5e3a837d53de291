-- Groups (GLPI's glpi_groups, a tree dropdown): a computer's group
-- (glpi_computers.groups_id), which inventories may set by name (the OCS
-- plugin's administrative-info mapping).

CREATE TABLE glpi_groups (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    entities_id INT UNSIGNED NOT NULL DEFAULT 0,
    is_recursive TINYINT NOT NULL DEFAULT 0,
    name VARCHAR(255) NULL,
    comment TEXT NULL,
    groups_id INT UNSIGNED NOT NULL DEFAULT 0,
    completename TEXT NULL,
    level INT NOT NULL DEFAULT 0,
    ancestors_cache LONGTEXT NULL,
    sons_cache LONGTEXT NULL,
    is_requester TINYINT NOT NULL DEFAULT 1,
    is_watcher TINYINT NOT NULL DEFAULT 1,
    is_assign TINYINT NOT NULL DEFAULT 1,
    is_task TINYINT NOT NULL DEFAULT 1,
    is_notify TINYINT NOT NULL DEFAULT 1,
    is_itemgroup TINYINT NOT NULL DEFAULT 1,
    is_usergroup TINYINT NOT NULL DEFAULT 1,
    is_manager TINYINT NOT NULL DEFAULT 1,
    date_mod TIMESTAMP NULL DEFAULT NULL,
    date_creation TIMESTAMP NULL DEFAULT NULL,
    PRIMARY KEY (id),
    KEY name (name),
    KEY groups_id (groups_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
