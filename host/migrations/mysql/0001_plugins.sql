-- Plugin host: GLPI's plugin table plus parc's own bookkeeping.

CREATE TABLE glpi_plugins (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    directory VARCHAR(255) NOT NULL,
    name VARCHAR(255) NOT NULL,
    version VARCHAR(255) NOT NULL,
    state INT NOT NULL DEFAULT 0,
    author VARCHAR(255) NULL,
    homepage VARCHAR(255) NULL,
    license VARCHAR(255) NULL,
    PRIMARY KEY (id),
    UNIQUE KEY unicity (directory),
    KEY name (name),
    KEY state (state)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE parc_plugin_status (
    directory VARCHAR(255) NOT NULL,
    installed_version VARCHAR(255) NULL,
    reason TEXT NOT NULL,
    date_mod TIMESTAMP NULL DEFAULT NULL,
    PRIMARY KEY (directory)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE parc_plugin_state_log (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    directory VARCHAR(255) NOT NULL,
    old_state INT NULL,
    new_state INT NOT NULL,
    reason TEXT NOT NULL,
    date TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    KEY directory (directory)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE parc_plugin_registrations (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    plugin VARCHAR(255) NOT NULL,
    phase VARCHAR(20) NOT NULL,
    kind VARCHAR(20) NOT NULL,
    name VARCHAR(255) NOT NULL,
    spec TEXT NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY unicity (plugin, kind, name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE parc_plugin_migrations (
    plugin VARCHAR(255) NOT NULL,
    id INT UNSIGNED NOT NULL,
    description TEXT NOT NULL,
    date TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (plugin, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE glpi_crontasks (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    itemtype VARCHAR(100) NOT NULL,
    name VARCHAR(150) NOT NULL COMMENT 'task name',
    frequency INT NOT NULL COMMENT 'second between launch',
    param INT NULL COMMENT 'task specify parameter',
    state INT NOT NULL DEFAULT 1 COMMENT '0:disabled, 1:waiting, 2:running',
    mode INT NOT NULL DEFAULT 1 COMMENT '1:internal, 2:external',
    allowmode INT NOT NULL DEFAULT 3 COMMENT '1:internal, 2:external, 3:both',
    hourmin INT NOT NULL DEFAULT 0,
    hourmax INT NOT NULL DEFAULT 24,
    logs_lifetime INT NOT NULL DEFAULT 30 COMMENT 'number of days',
    lastrun TIMESTAMP NULL DEFAULT NULL COMMENT 'last run date',
    lastcode INT NULL COMMENT 'last run return code',
    comment TEXT NULL,
    date_mod TIMESTAMP NULL DEFAULT NULL,
    date_creation TIMESTAMP NULL DEFAULT NULL,
    plugin VARCHAR(255) NULL COMMENT 'owner plugin key, NULL for core',
    PRIMARY KEY (id),
    UNIQUE KEY unicity (name),
    KEY mode (mode),
    KEY plugin (plugin)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='Task run by internal / external cron.';

CREATE TABLE glpi_crontasklogs (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    crontasks_id INT UNSIGNED NOT NULL,
    crontasklogs_id INT UNSIGNED NOT NULL COMMENT 'id of ''start'' event',
    date TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    state INT NOT NULL COMMENT '0:start, 1:run, 2:stop, 3:error',
    elapsed FLOAT NOT NULL COMMENT 'time elapsed since start',
    volume INT NOT NULL COMMENT 'for statistics',
    content VARCHAR(255) NULL COMMENT 'message',
    PRIMARY KEY (id),
    KEY date (date),
    KEY crontasks_id (crontasks_id),
    KEY crontasklogs_id_state (crontasklogs_id, state)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE glpi_rules (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    entities_id INT UNSIGNED NOT NULL DEFAULT 0,
    sub_type VARCHAR(255) NOT NULL DEFAULT '',
    ranking INT NOT NULL DEFAULT 0,
    name VARCHAR(255) NULL,
    description TEXT NULL,
    `match` CHAR(10) NULL COMMENT 'see define.php *_MATCHING constant',
    is_active TINYINT NOT NULL DEFAULT 1,
    comment TEXT NULL,
    date_mod TIMESTAMP NULL DEFAULT NULL,
    is_recursive TINYINT NOT NULL DEFAULT 0,
    uuid VARCHAR(255) NULL,
    `condition` INT NOT NULL DEFAULT 0,
    date_creation TIMESTAMP NULL DEFAULT NULL,
    plugin VARCHAR(255) NULL COMMENT 'owner plugin key of a default rule',
    PRIMARY KEY (id),
    KEY sub_type (sub_type),
    UNIQUE KEY uuid (uuid),
    UNIQUE KEY ranking (sub_type, ranking)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE glpi_rulecriterias (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    rules_id INT UNSIGNED NOT NULL DEFAULT 0,
    criteria VARCHAR(255) NULL,
    `condition` INT NOT NULL DEFAULT 0 COMMENT 'see define.php PATTERN_* and REGEX_* constant',
    pattern TEXT NULL,
    PRIMARY KEY (id),
    KEY rules_id (rules_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE glpi_ruleactions (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    rules_id INT UNSIGNED NOT NULL DEFAULT 0,
    action_type VARCHAR(255) NULL,
    field VARCHAR(255) NULL,
    value VARCHAR(255) NULL,
    PRIMARY KEY (id),
    KEY rules_id (rules_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
