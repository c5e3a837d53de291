-- Which contexts (plugins) stored secrets sealed with the installation's
-- key (secret.key), and the key's fingerprint: a key file that went
-- missing is then reported, never silently replaced by a new one.
CREATE TABLE parc_sealed_secrets (
    context TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
    fingerprint TEXT NOT NULL,
    date_creation TEXT NOT NULL
);
