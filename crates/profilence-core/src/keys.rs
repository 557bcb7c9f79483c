//! Where the database key lives: the operating system's keychain (Secret Service on Linux,
//! Credential Manager on Windows, Keychain on macOS) or, for headless use, a key file named
//! explicitly. There is no third way: without either, the database is not opened.

use std::{fs, io::Write, path::PathBuf};

use crate::secret::DbKey;

/// Keychain entry holding the database key (64 hex digits).
pub const KEYCHAIN_SERVICE: &str = crate::paths::APP_IDENTIFIER;
pub const KEYCHAIN_ACCOUNT: &str = "database-key";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    /// The OS keychain (the app's default).
    Keychain,
    /// A file holding the key as 64 hex digits (`profilence-cli --key-file`).
    KeyFile(PathBuf),
}

impl KeySource {
    /// The key of an existing database; or, when `create` is set (the database does not
    /// exist yet), a new random key, stored before it is returned.
    pub fn obtain(&self, create: bool) -> Result<DbKey, KeyError> {
        match self.load()? {
            Some(key) => Ok(key),
            None if create => {
                let key = DbKey::generate().map_err(|e| KeyError::Random(e.to_string()))?;
                self.store(&key)?;
                log::info!("created a new database key in {}", self.describe());
                Ok(key)
            }
            None => Err(KeyError::Missing { store: self.describe() }),
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Self::Keychain => "le trousseau du système".to_owned(),
            Self::KeyFile(path) => format!("le fichier de clé {}", path.display()),
        }
    }

    fn load(&self) -> Result<Option<DbKey>, KeyError> {
        let text = match self {
            Self::Keychain => keychain::load(KEYCHAIN_ACCOUNT)?,
            Self::KeyFile(path) => match fs::read_to_string(path) {
                Ok(text) => Some(zeroize::Zeroizing::new(text)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                Err(e) => return Err(KeyError::File { path: path.display().to_string(), message: e.to_string() }),
            },
        };
        text.map(|text| DbKey::from_hex(&text).ok_or_else(|| KeyError::Malformed { store: self.describe() }))
            .transpose()
    }

    fn store(&self, key: &DbKey) -> Result<(), KeyError> {
        match self {
            Self::Keychain => keychain::store(KEYCHAIN_ACCOUNT, &key.to_hex()),
            Self::KeyFile(path) => write_key_file(path, key)
                .map_err(|e| KeyError::File { path: path.display().to_string(), message: e.to_string() }),
        }
    }
}

/// Writes a new key file readable by its owner only; never overwrites an existing one.
fn write_key_file(path: &std::path::Path, key: &DbKey) -> std::io::Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent)?;
    }
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(key.to_hex().as_bytes())?;
    file.write_all(b"\n")?;
    file.sync_all()
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error(
        "Le trousseau du système est inaccessible ({0}). Profilence ne crée jamais de base non \
         chiffrée : ouvrez votre session avec le trousseau (Secret Service, gnome-keyring, \
         Gestionnaire d'identification Windows) ou, en ligne de commande, utilisez --key-file."
    )]
    KeychainUnavailable(String),
    #[error(
        "La base de données existe mais sa clé de chiffrement est introuvable dans {store}. \
         Sans cette clé, les données ne peuvent pas être lues."
    )]
    Missing { store: String },
    #[error("La clé de chiffrement trouvée dans {store} est illisible (64 chiffres hexadécimaux attendus).")]
    Malformed { store: String },
    /// No page of the file checks with this key (`db::unreadable` tells it from a damaged file).
    #[error(
        "La clé de chiffrement ne déchiffre pas cette base de données : ce n'est pas la clé de ce \
         fichier (ou ce fichier n'est pas une base Profilence)."
    )]
    WrongKey,
    #[error("Fichier de clé {path} : {message}")]
    File { path: String, message: String },
    #[error("Impossible de générer une clé aléatoire : {0}")]
    Random(String),
}

/// The OS keychain's entries of the app's service, by account: the database key, and the
/// backups' recovery code (`backup::store`).
#[cfg(any(target_os = "linux", target_os = "windows", target_os = "macos"))]
pub(crate) mod keychain {
    use zeroize::Zeroizing;

    use super::{KEYCHAIN_SERVICE, KeyError};

    fn entry(account: &str) -> Result<keyring::Entry, KeyError> {
        keyring::Entry::new(KEYCHAIN_SERVICE, account).map_err(unavailable)
    }

    fn unavailable(error: keyring::Error) -> KeyError {
        KeyError::KeychainUnavailable(error.to_string())
    }

    pub fn load(account: &str) -> Result<Option<Zeroizing<String>>, KeyError> {
        match entry(account)?.get_password() {
            Ok(text) => Ok(Some(Zeroizing::new(text))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(error) => Err(unavailable(error)),
        }
    }

    pub fn store(account: &str, text: &str) -> Result<(), KeyError> {
        entry(account)?.set_password(text).map_err(unavailable)
    }
}

#[cfg(not(any(target_os = "linux", target_os = "windows", target_os = "macos")))]
pub(crate) mod keychain {
    use zeroize::Zeroizing;

    use super::KeyError;

    const UNSUPPORTED: &str = "aucun trousseau pris en charge sur ce système";

    pub fn load(_account: &str) -> Result<Option<Zeroizing<String>>, KeyError> {
        Err(KeyError::KeychainUnavailable(UNSUPPORTED.to_owned()))
    }

    pub fn store(_account: &str, _text: &str) -> Result<(), KeyError> {
        Err(KeyError::KeychainUnavailable(UNSUPPORTED.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_file_is_created_once_then_reused() {
        let dir = tempfile::tempdir().unwrap();
        let source = KeySource::KeyFile(dir.path().join("sub/profilence.key"));
        assert!(matches!(source.obtain(false), Err(KeyError::Missing { .. })));
        let created = source.obtain(true).unwrap();
        assert_eq!(source.obtain(false).unwrap(), created);
        assert_eq!(source.obtain(true).unwrap(), created, "an existing key is never replaced");
    }

    #[cfg(unix)]
    #[test]
    fn key_file_is_private_to_its_owner() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k");
        KeySource::KeyFile(path.clone()).obtain(true).unwrap();
        assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }

    #[test]
    fn malformed_key_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k");
        fs::write(&path, "not a key").unwrap();
        let error = KeySource::KeyFile(path).obtain(true).unwrap_err();
        assert!(matches!(error, KeyError::Malformed { .. }), "{error:?}");
    }
}
