//! Where the recovery code is kept for automatic backups: beside the database key, never
//! in the database nor in clear elsewhere. The OS keychain (its own entry of the app's
//! service) when the key is there; for headless use, a file beside the `--key-file`
//! (`profilence.key` → `profilence.recovery`), readable by its owner only.

use std::{fs, io::Write, path::PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::code::{CodeIdentity, CodeKind, RecoveryCode, Secret};
use crate::{
    error::BackupError,
    keys::{KeySource, keychain},
};

/// The keychain entry of the recovery code (the app's service, as the database key).
pub const KEYCHAIN_ACCOUNT: &str = "backup-recovery-code";
/// The extension of the recovery file beside a key file.
pub const RECOVERY_EXTENSION: &str = "recovery";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeStore {
    Keychain,
    File(PathBuf),
}

/// What is written in the store: the code and its identity.
#[derive(Serialize, Deserialize)]
struct Stored {
    id: String,
    made: NaiveDate,
    kind: CodeKind,
    secret: String,
}

impl CodeStore {
    /// The store beside the database key of `keys`.
    pub fn beside(keys: &KeySource) -> Self {
        match keys {
            KeySource::Keychain => Self::Keychain,
            KeySource::KeyFile(path) => Self::File(path.with_extension(RECOVERY_EXTENSION)),
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Self::Keychain => "le trousseau du système".to_owned(),
            Self::File(path) => format!("le fichier {}", path.display()),
        }
    }

    /// The code kept here, if any.
    pub fn load(&self) -> Result<Option<RecoveryCode>, BackupError> {
        let text = match self {
            Self::Keychain => keychain::load(KEYCHAIN_ACCOUNT).map_err(|e| self.failed(e.to_string()))?,
            Self::File(path) => match fs::read_to_string(path) {
                Ok(text) => Some(Zeroizing::new(text)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                Err(e) => return Err(self.failed(e.to_string())),
            },
        };
        let Some(text) = text else { return Ok(None) };
        let stored: Stored = serde_json::from_str(&text).map_err(|e| self.failed(e.to_string()))?;
        let stored = Zeroizing::new(stored);
        let secret = Secret::entered(&stored.secret).map_err(|e| self.failed(e.to_string()))?;
        let identity = CodeIdentity { id: stored.id.clone(), made: stored.made, kind: stored.kind };
        Ok(Some(RecoveryCode { secret, identity }))
    }

    /// The code kept here, or an error saying that there is none.
    pub fn require(&self) -> Result<RecoveryCode, BackupError> {
        self.load()?.ok_or_else(|| BackupError::NoCode { store: self.describe() })
    }

    /// Keeps `code` here, in place of the one before (a code can be changed: the backups
    /// made with the old one still say they need it).
    pub fn save(&self, code: &RecoveryCode) -> Result<(), BackupError> {
        let stored = Zeroizing::new(Stored {
            id: code.identity.id.clone(),
            made: code.identity.made,
            kind: code.identity.kind,
            secret: code.secret.as_str().to_owned(),
        });
        let text = Zeroizing::new(serde_json::to_string(&*stored).map_err(|e| self.failed(e.to_string()))?);
        match self {
            Self::Keychain => keychain::store(KEYCHAIN_ACCOUNT, &text).map_err(|e| self.failed(e.to_string())),
            Self::File(path) => write_private_replacing(path, text.as_bytes()).map_err(|e| self.failed(e.to_string())),
        }
    }

    fn failed(&self, message: String) -> BackupError {
        BackupError::CodeStore { store: self.describe(), message }
    }
}

impl zeroize::Zeroize for Stored {
    fn zeroize(&mut self) {
        self.secret.zeroize();
    }
}

/// Writes `bytes` to a new file readable by its owner only, then puts it in place of
/// `path`: the old code stays whole until the new one is written.
pub(crate) fn write_private_replacing(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent)?;
    }
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".new");
    let temporary = PathBuf::from(temporary);
    let _ = fs::remove_file(&temporary);
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&temporary)?;
    file.write_all(bytes)?;
    file.write_all(b"\n")?;
    file.sync_all()?;
    drop(file);
    fs::rename(&temporary, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_is_kept_beside_the_key_file_and_can_be_changed() {
        let dir = tempfile::tempdir().unwrap();
        let store = CodeStore::beside(&KeySource::KeyFile(dir.path().join("p.key")));
        assert_eq!(store, CodeStore::File(dir.path().join("p.recovery")));
        assert!(store.load().unwrap().is_none());
        assert!(matches!(store.require(), Err(BackupError::NoCode { .. })));
        let today = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        let first = RecoveryCode::generate(today).unwrap();
        store.save(&first).unwrap();
        assert_eq!(store.require().unwrap(), first);
        let second = RecoveryCode::passphrase("quatre mots au hasard pour Brest", today).unwrap();
        store.save(&second).unwrap();
        assert_eq!(store.require().unwrap(), second);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(dir.path().join("p.recovery")).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
