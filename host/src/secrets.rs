//! Secrets at rest: passwords a plugin must store (an OCS database
//! password) are kept encrypted in the database, with a key that lives only
//! in the data directory.
//!
//! The cipher is ChaCha20-Poly1305 (authenticated: a tampered or foreign
//! token is refused, never decrypted to garbage). Each token is bound to a
//! context (the plugin key), so one plugin cannot decrypt what another
//! stored. The key file is created on first use, readable by its owner
//! only (a key others can read is warned about).
//!
//! Losing the key makes stored secrets unreadable. So the database records
//! which contexts sealed secrets with which key (its fingerprint, never the
//! key): when the file is missing while such secrets exist, no new key is
//! made silently; the error names the secrets lost and how to restore the
//! file or start over ([`reset`], `parc secret-key reset`).

use std::io::Write;
use std::path::{Path, PathBuf};

use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};

/// File name of the key, in the data directory.
pub const KEY_FILE: &str = "secret.key";

/// Prefix of every token, naming the format version.
const PREFIX: &str = "parc:v1:";
const NONCE_LEN: usize = 12;

/// Errors of the secret box.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    /// The key file cannot be read or created.
    #[error("cannot use the secret key {path}: {source}")]
    KeyFile {
        /// File.
        path: PathBuf,
        /// Cause.
        source: std::io::Error,
    },
    /// The key file is not a key.
    #[error("the secret key {path} is damaged (expected 32 bytes, found {found})")]
    BadKey {
        /// File.
        path: PathBuf,
        /// Its length.
        found: usize,
    },
    /// The text is not a token made by [`SecretBox::encrypt`].
    #[error("not an encrypted parc secret (expected text starting with \"{PREFIX}\")")]
    NotASecret,
    /// The key file is missing while secrets sealed with it are stored.
    #[error(
        "the secret key {path} is missing, but secrets sealed with it (key {fingerprint}) are \
         stored for: {contexts}; they cannot be decrypted without it. Put secret.key back from a \
         backup of the data directory, or run `parc secret-key reset` to start with a new key \
         and enter those secrets (passwords) again"
    )]
    KeyLost {
        /// File.
        path: PathBuf,
        /// Fingerprint of the lost key.
        fingerprint: String,
        /// Contexts (plugins) whose secrets are lost, comma-separated.
        contexts: String,
    },
    /// The records of sealed secrets cannot be read or written.
    #[error("cannot read or record the sealed secrets: {0}")]
    Store(#[from] crate::store::StoreError),
    /// `reset` while the key file is present.
    #[error("the secret key {0} is present: there is nothing to reset")]
    KeyPresent(PathBuf),
    /// Authentication failed.
    #[error(
        "cannot decrypt the secret: it was encrypted with another key than {path} or for \
         another plugin, or it was altered; enter the password again"
    )]
    Undecryptable {
        /// Key file in use.
        path: PathBuf,
    },
}

/// Encrypts and decrypts short secrets with the installation's key.
pub struct SecretBox {
    cipher: ChaCha20Poly1305,
    fingerprint: String,
    path: PathBuf,
}

impl std::fmt::Debug for SecretBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print key material.
        f.debug_struct("SecretBox")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl SecretBox {
    /// Opens the key of `data_dir`, creating it (mode 0600) on first use.
    /// `sealed` lists the contexts that stored secrets, with the
    /// fingerprint of their key (`store::secrets::sealed`): if any exist
    /// and the key file is missing, no new key is created.
    pub fn open(data_dir: &Path, sealed: &[(String, String)]) -> Result<Self, SecretError> {
        let path = data_dir.join(KEY_FILE);
        let key_error = |source| SecretError::KeyFile {
            path: path.clone(),
            source,
        };
        std::fs::create_dir_all(data_dir).map_err(key_error)?;
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => {
                warn_if_readable_by_others(&path);
                bytes
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if let Some((_, fingerprint)) = sealed.first() {
                    return Err(SecretError::KeyLost {
                        path,
                        fingerprint: fingerprint.clone(),
                        contexts: sealed
                            .iter()
                            .map(|(c, _)| c.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                    });
                }
                create_key(&path)?
            }
            Err(e) => return Err(key_error(e)),
        };
        if bytes.len() != 32 {
            return Err(SecretError::BadKey {
                path,
                found: bytes.len(),
            });
        }
        Ok(Self {
            cipher: ChaCha20Poly1305::new(Key::from_slice(&bytes)),
            fingerprint: fingerprint(&bytes),
            path,
        })
    }

    /// A short public name of the key (not the key: a hash of it), recorded
    /// with the contexts that sealed secrets.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// Encrypts `plain` for `context`; the token is printable ASCII.
    pub fn encrypt(&self, plain: &str, context: &str) -> String {
        let nonce = ChaCha20Poly1305::generate_nonce(&mut OsRng);
        let sealed = self
            .cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: plain.as_bytes(),
                    aad: context.as_bytes(),
                },
            )
            // Encryption fails only for messages beyond 256 GiB.
            .unwrap_or_default();
        let mut raw = nonce.to_vec();
        raw.extend(sealed);
        format!("{PREFIX}{}", hex::encode(raw))
    }

    /// Decrypts a token made by [`SecretBox::encrypt`] for `context`.
    pub fn decrypt(&self, token: &str, context: &str) -> Result<String, SecretError> {
        let raw = token
            .strip_prefix(PREFIX)
            .and_then(|h| hex::decode(h).ok())
            .filter(|raw| raw.len() > NONCE_LEN)
            .ok_or(SecretError::NotASecret)?;
        let (nonce, sealed) = raw.split_at(NONCE_LEN);
        let undecryptable = || SecretError::Undecryptable {
            path: self.path.clone(),
        };
        let plain = self
            .cipher
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: sealed,
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| undecryptable())?;
        String::from_utf8(plain).map_err(|_| undecryptable())
    }
}

/// Forgets the records of secrets sealed with a key file that is gone, so
/// that the next use creates a new key; returns the contexts whose secrets
/// must be entered again. Refused while the key file is present.
pub async fn reset(db: &crate::store::Db, data_dir: &Path) -> Result<Vec<String>, SecretError> {
    let path = data_dir.join(KEY_FILE);
    if path.exists() {
        return Err(SecretError::KeyPresent(path));
    }
    Ok(crate::store::secrets::forget_all(db).await?)
}

/// SHA-256 of a domain tag and the key, first 16 hex digits.
fn fingerprint(key: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    hasher.update(b"parc secret key fingerprint\0");
    hasher.update(key);
    hex::encode(&hasher.finalize()[..8])
}

/// A key readable by the group or others is no secret: warned on each use
/// (logs go to stderr at the default level).
fn warn_if_readable_by_others(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = std::fs::metadata(path) {
            let mode = meta.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                tracing::warn!(
                    "the secret key {} is readable by others (mode {mode:o}): run `chmod 600 {}`",
                    path.display(),
                    path.display()
                );
            }
        }
    }
}

/// Writes a new random key, readable by its owner only. Two processes
/// racing here both end up reading the winner's key.
fn create_key(path: &Path) -> Result<Vec<u8>, SecretError> {
    let key = ChaCha20Poly1305::generate_key(&mut OsRng).to_vec();
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let key_error = |source| SecretError::KeyFile {
        path: path.to_path_buf(),
        source,
    };
    match options.open(path) {
        Ok(mut file) => {
            file.write_all(&key).map_err(key_error)?;
            file.sync_all().map_err(key_error)?;
            Ok(key)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            std::fs::read(path).map_err(key_error)
        }
        Err(e) => Err(key_error(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_round_trips_and_is_bound_to_its_context() {
        let dir = tempfile::tempdir().expect("tempdir");
        let secrets = SecretBox::open(dir.path(), &[]).expect("key");
        let token = secrets.encrypt("s3cr3t pässword", "ocsinventoryng");
        assert!(token.starts_with(PREFIX));
        assert!(!token.contains("s3cr3t"));
        // A new nonce each time.
        assert_ne!(token, secrets.encrypt("s3cr3t pässword", "ocsinventoryng"));
        assert_eq!(
            secrets.decrypt(&token, "ocsinventoryng").expect("decrypt"),
            "s3cr3t pässword"
        );
        assert!(matches!(
            secrets.decrypt(&token, "example"),
            Err(SecretError::Undecryptable { .. })
        ));
        // The key persists: a second open decrypts the same token.
        let again = SecretBox::open(dir.path(), &[]).expect("key again");
        assert_eq!(
            again.decrypt(&token, "ocsinventoryng").expect("decrypt"),
            "s3cr3t pässword"
        );
    }

    #[test]
    fn tampered_foreign_and_plain_tokens_are_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let secrets = SecretBox::open(dir.path(), &[]).expect("key");
        let token = secrets.encrypt("password", "k");
        let mut tampered = token.clone();
        let last = tampered.pop().expect("char");
        tampered.push(if last == '0' { '1' } else { '0' });
        assert!(matches!(
            secrets.decrypt(&tampered, "k"),
            Err(SecretError::Undecryptable { .. })
        ));
        assert!(matches!(
            secrets.decrypt("password", "k"),
            Err(SecretError::NotASecret)
        ));
        let other_dir = tempfile::tempdir().expect("tempdir");
        let other = SecretBox::open(other_dir.path(), &[]).expect("other key");
        let err = other.decrypt(&token, "k").expect_err("foreign key");
        assert!(
            err.to_string().contains("enter the password again"),
            "{err}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn the_key_file_is_private_and_a_damaged_one_is_reported() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        SecretBox::open(dir.path(), &[]).expect("key");
        let path = dir.path().join(KEY_FILE);
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        assert_eq!(std::fs::read(&path).expect("read").len(), 32);
        std::fs::write(&path, b"short").expect("write");
        let err = SecretBox::open(dir.path(), &[]).expect_err("damaged");
        assert!(matches!(err, SecretError::BadKey { found: 5, .. }), "{err}");
    }
}
