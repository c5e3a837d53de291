-- Which contexts (plugins) stored secrets sealed with the installation's
-- key (secret.key), and the key's fingerprint: a key file that went
-- missing is then reported, never silently replaced by a new one.
CREATE TABLE parc_sealed_secrets (
    context VARCHAR(255) NOT NULL,
    fingerprint VARCHAR(64) NOT NULL,
    date_creation TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (context)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
