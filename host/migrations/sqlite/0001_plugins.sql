-- Plugin host: GLPI's plugin table plus parc's own bookkeeping.

CREATE TABLE glpi_plugins (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    directory TEXT NOT NULL COLLATE NOCASE,
    name TEXT NOT NULL,
    version TEXT NOT NULL,
    state INTEGER NOT NULL DEFAULT 0,
    author TEXT NULL,
    homepage TEXT NULL,
    license TEXT NULL,
    CONSTRAINT unicity UNIQUE (directory)
);
CREATE INDEX glpi_plugins_name ON glpi_plugins (name);
CREATE INDEX glpi_plugins_state ON glpi_plugins (state);

-- Current reason of the state and the version whose install ran.
CREATE TABLE parc_plugin_status (
    directory TEXT PRIMARY KEY NOT NULL COLLATE NOCASE,
    installed_version TEXT NULL,
    reason TEXT NOT NULL DEFAULT '',
    date_mod TEXT NULL
);

-- Every state change, with its reason (kept after clean).
CREATE TABLE parc_plugin_state_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    directory TEXT NOT NULL COLLATE NOCASE,
    old_state INTEGER NULL,
    new_state INTEGER NOT NULL,
    reason TEXT NOT NULL,
    date TEXT NOT NULL
);
CREATE INDEX parc_plugin_state_log_directory ON parc_plugin_state_log (directory);

-- Registrations that are not rows of a GLPI table: menu entries, pages,
-- commands (phase 'activate') and rule criteria (phase 'install').
CREATE TABLE parc_plugin_registrations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    plugin TEXT NOT NULL COLLATE NOCASE,
    phase TEXT NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    spec TEXT NOT NULL,
    CONSTRAINT unicity UNIQUE (plugin, kind, name)
);

-- Migrations of each plugin's own tables.
CREATE TABLE parc_plugin_migrations (
    plugin TEXT NOT NULL COLLATE NOCASE,
    id INTEGER NOT NULL,
    description TEXT NOT NULL,
    date TEXT NOT NULL,
    PRIMARY KEY (plugin, id)
);

-- Automatic actions (GLPI columns; `plugin` = owner key, NULL for core).
CREATE TABLE glpi_crontasks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    itemtype TEXT NOT NULL,
    name TEXT NOT NULL COLLATE NOCASE,
    frequency INTEGER NOT NULL,
    param INTEGER NULL,
    state INTEGER NOT NULL DEFAULT 1,
    mode INTEGER NOT NULL DEFAULT 1,
    allowmode INTEGER NOT NULL DEFAULT 3,
    hourmin INTEGER NOT NULL DEFAULT 0,
    hourmax INTEGER NOT NULL DEFAULT 24,
    logs_lifetime INTEGER NOT NULL DEFAULT 30,
    lastrun TEXT NULL,
    lastcode INTEGER NULL,
    comment TEXT NULL,
    date_mod TEXT NULL,
    date_creation TEXT NULL,
    plugin TEXT NULL COLLATE NOCASE,
    CONSTRAINT unicity UNIQUE (name)
);
CREATE INDEX glpi_crontasks_mode ON glpi_crontasks (mode);
CREATE INDEX glpi_crontasks_plugin ON glpi_crontasks (plugin);

CREATE TABLE glpi_crontasklogs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    crontasks_id INTEGER NOT NULL,
    crontasklogs_id INTEGER NOT NULL,
    date TEXT NOT NULL,
    state INTEGER NOT NULL,
    elapsed REAL NOT NULL,
    volume INTEGER NOT NULL,
    content TEXT NULL
);
CREATE INDEX glpi_crontasklogs_date ON glpi_crontasklogs (date);
CREATE INDEX glpi_crontasklogs_crontasks_id ON glpi_crontasklogs (crontasks_id);
CREATE INDEX glpi_crontasklogs_start ON glpi_crontasklogs (crontasklogs_id, state);

-- Rules (GLPI columns; `plugin` = owner key of a default rule, else NULL).
CREATE TABLE glpi_rules (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    entities_id INTEGER NOT NULL DEFAULT 0,
    sub_type TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
    ranking INTEGER NOT NULL DEFAULT 0,
    name TEXT NULL,
    description TEXT NULL,
    "match" TEXT NULL,
    is_active INTEGER NOT NULL DEFAULT 1,
    comment TEXT NULL,
    date_mod TEXT NULL,
    is_recursive INTEGER NOT NULL DEFAULT 0,
    uuid TEXT NULL,
    "condition" INTEGER NOT NULL DEFAULT 0,
    date_creation TEXT NULL,
    plugin TEXT NULL COLLATE NOCASE
);
CREATE INDEX glpi_rules_sub_type ON glpi_rules (sub_type);
CREATE UNIQUE INDEX glpi_rules_uuid ON glpi_rules (uuid);
CREATE UNIQUE INDEX glpi_rules_ranking ON glpi_rules (sub_type, ranking);

CREATE TABLE glpi_rulecriterias (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    rules_id INTEGER NOT NULL DEFAULT 0,
    criteria TEXT NULL,
    "condition" INTEGER NOT NULL DEFAULT 0,
    pattern TEXT NULL
);
CREATE INDEX glpi_rulecriterias_rules_id ON glpi_rulecriterias (rules_id);

CREATE TABLE glpi_ruleactions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    rules_id INTEGER NOT NULL DEFAULT 0,
    action_type TEXT NULL,
    field TEXT NULL,
    value TEXT NULL
);
CREATE INDEX glpi_ruleactions_rules_id ON glpi_ruleactions (rules_id);
