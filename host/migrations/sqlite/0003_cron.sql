-- Automatic actions: parc's heartbeat of running tasks, and the core tasks.

ALTER TABLE glpi_crontasks ADD COLUMN heartbeat TEXT NULL;

INSERT INTO glpi_crontasks (itemtype, name, frequency, param, state, mode, allowmode, hourmin, hourmax, logs_lifetime, comment, date_creation, date_mod)
VALUES
    ('CronTask', 'logs', 86400, NULL, 1, 1, 3, 0, 24, 30, 'Clean old logs (automatic action logs past each task''s retention)', strftime('%Y-%m-%d %H:%M:%S','now'), strftime('%Y-%m-%d %H:%M:%S','now')),
    ('CronTask', 'unlocktasks', 300, NULL, 1, 1, 3, 0, 24, 30, 'Recover automatic actions left Running by a process that died', strftime('%Y-%m-%d %H:%M:%S','now'), strftime('%Y-%m-%d %H:%M:%S','now')),
    ('Computer', 'purgetrash', 86400, 30, 0, 1, 3, 0, 24, 30, 'Purge computers in the trash for more than N days', strftime('%Y-%m-%d %H:%M:%S','now'), strftime('%Y-%m-%d %H:%M:%S','now'));
