-- Automatic actions: parc's heartbeat of running tasks, and the core tasks.

ALTER TABLE glpi_crontasks ADD COLUMN heartbeat TIMESTAMP NULL DEFAULT NULL COMMENT 'renewed by the process running the task';

INSERT INTO glpi_crontasks (itemtype, name, frequency, param, state, mode, allowmode, hourmin, hourmax, logs_lifetime, comment, date_creation, date_mod)
VALUES
    ('CronTask', 'logs', 86400, NULL, 1, 1, 3, 0, 24, 30, 'Clean old logs (automatic action logs past each task''s retention)', UTC_TIMESTAMP(), UTC_TIMESTAMP()),
    ('CronTask', 'unlocktasks', 300, NULL, 1, 1, 3, 0, 24, 30, 'Recover automatic actions left Running by a process that died', UTC_TIMESTAMP(), UTC_TIMESTAMP()),
    ('Computer', 'purgetrash', 86400, 30, 0, 1, 3, 0, 24, 30, 'Purge computers in the trash for more than N days', UTC_TIMESTAMP(), UTC_TIMESTAMP());
