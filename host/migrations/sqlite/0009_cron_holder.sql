-- Automatic actions: who holds a Running task (host name, pid, the
-- process's start in clock ticks since boot, the kernel's boot id), written
-- by the UPDATE that claims it, so a task whose process on this host is
-- gone is recovered at once instead of after the heartbeat delay.
ALTER TABLE glpi_crontasks ADD COLUMN holder_host TEXT NULL;
ALTER TABLE glpi_crontasks ADD COLUMN holder_pid INTEGER NULL;
ALTER TABLE glpi_crontasks ADD COLUMN holder_started INTEGER NULL;
ALTER TABLE glpi_crontasks ADD COLUMN holder_boot TEXT NULL;
