-- Automatic actions: who holds a Running task (host name, pid, the
-- process's start in clock ticks since boot, the kernel's boot id), written
-- by the UPDATE that claims it, so a task whose process on this host is
-- gone is recovered at once instead of after the heartbeat delay.
ALTER TABLE glpi_crontasks
    ADD COLUMN holder_host VARCHAR(255) NULL DEFAULT NULL COMMENT 'host name of the process running the task',
    ADD COLUMN holder_pid BIGINT NULL DEFAULT NULL COMMENT 'its pid',
    ADD COLUMN holder_started BIGINT NULL DEFAULT NULL COMMENT 'its start, clock ticks since boot',
    ADD COLUMN holder_boot VARCHAR(64) NULL DEFAULT NULL COMMENT 'the kernel boot id then';
