//! The mail server's password: in the OS keychain (the same backends as the database
//! key), never in the database. A `Memory` store serves tests and headless use.

use std::sync::Mutex;

use zeroize::Zeroizing;

use crate::{Error, Result};

/// The keychain entry: the app's identifier, this account.
pub const KEYCHAIN_ACCOUNT: &str = "smtp-password";

/// A password read back; wiped from memory when dropped. Never printed: nothing that
/// holds one derives `Debug`.
pub type Secret = Zeroizing<String>;

pub trait PasswordStore: Send + Sync {
    fn get(&self) -> Result<Option<Secret>>;
    fn set(&self, password: &str) -> Result<()>;
    /// Forgets the password; nothing to forget is fine.
    fn clear(&self) -> Result<()>;
}

fn unavailable(error: impl std::fmt::Display) -> Error {
    Error::Rule(format!(
        "Le trousseau du système est inaccessible ({error}) : le mot de passe de la messagerie ne peut être ni lu \
         ni enregistré."
    ))
}

/// The OS keychain: Secret Service, Windows Credential Manager, macOS Keychain.
pub struct Keychain;

#[cfg(any(target_os = "linux", target_os = "windows", target_os = "macos"))]
impl Keychain {
    fn entry() -> Result<keyring::Entry> {
        keyring::Entry::new(crate::keys::KEYCHAIN_SERVICE, KEYCHAIN_ACCOUNT).map_err(unavailable)
    }
}

#[cfg(any(target_os = "linux", target_os = "windows", target_os = "macos"))]
impl PasswordStore for Keychain {
    fn get(&self) -> Result<Option<Secret>> {
        match Self::entry()?.get_password() {
            Ok(password) => Ok(Some(Zeroizing::new(password))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(error) => Err(unavailable(error)),
        }
    }

    fn set(&self, password: &str) -> Result<()> {
        Self::entry()?.set_password(password).map_err(unavailable)
    }

    fn clear(&self) -> Result<()> {
        match Self::entry()?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(error) => Err(unavailable(error)),
        }
    }
}

#[cfg(not(any(target_os = "linux", target_os = "windows", target_os = "macos")))]
impl PasswordStore for Keychain {
    fn get(&self) -> Result<Option<Secret>> {
        Err(unavailable("aucun trousseau pris en charge sur ce système"))
    }

    fn set(&self, _password: &str) -> Result<()> {
        Err(unavailable("aucun trousseau pris en charge sur ce système"))
    }

    fn clear(&self) -> Result<()> {
        Ok(())
    }
}

/// A password held in memory only (tests, the command line).
#[derive(Default)]
pub struct Memory(Mutex<Option<Secret>>);

impl PasswordStore for Memory {
    fn get(&self) -> Result<Option<Secret>> {
        Ok(self.0.lock().unwrap_or_else(|p| p.into_inner()).clone())
    }

    fn set(&self, password: &str) -> Result<()> {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = Some(Zeroizing::new(password.to_owned()));
        Ok(())
    }

    fn clear(&self) -> Result<()> {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = None;
        Ok(())
    }
}
