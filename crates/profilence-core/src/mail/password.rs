//! The mail server's password: in the OS keychain (the same backends as the database
//! key), never in the database. A `Memory` store serves tests and headless use.

use std::sync::Mutex;

use zeroize::Zeroizing;

use crate::{Error, Result};

/// The keychain entry of the sending server's password: the app's identifier, this account.
pub const KEYCHAIN_ACCOUNT: &str = "smtp-password";
/// The keychain entry of the inbox's (IMAP) password.
pub const INBOX_KEYCHAIN_ACCOUNT: &str = "imap-password";

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

/// The OS keychain (Secret Service, Windows Credential Manager, macOS Keychain): the
/// sending server's password.
pub struct Keychain;

/// The OS keychain: the inbox's password.
pub struct InboxKeychain;

#[cfg(any(target_os = "linux", target_os = "windows", target_os = "macos"))]
fn entry(account: &str) -> Result<keyring::Entry> {
    keyring::Entry::new(crate::keys::KEYCHAIN_SERVICE, account).map_err(unavailable)
}

#[cfg(any(target_os = "linux", target_os = "windows", target_os = "macos"))]
fn get(account: &str) -> Result<Option<Secret>> {
    match entry(account)?.get_password() {
        Ok(password) => Ok(Some(Zeroizing::new(password))),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(error) => Err(unavailable(error)),
    }
}

#[cfg(any(target_os = "linux", target_os = "windows", target_os = "macos"))]
fn clear(account: &str) -> Result<()> {
    match entry(account)?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(error) => Err(unavailable(error)),
    }
}

#[cfg(any(target_os = "linux", target_os = "windows", target_os = "macos"))]
impl PasswordStore for Keychain {
    fn get(&self) -> Result<Option<Secret>> {
        get(KEYCHAIN_ACCOUNT)
    }

    fn set(&self, password: &str) -> Result<()> {
        entry(KEYCHAIN_ACCOUNT)?.set_password(password).map_err(unavailable)
    }

    fn clear(&self) -> Result<()> {
        clear(KEYCHAIN_ACCOUNT)
    }
}

#[cfg(any(target_os = "linux", target_os = "windows", target_os = "macos"))]
impl PasswordStore for InboxKeychain {
    fn get(&self) -> Result<Option<Secret>> {
        get(INBOX_KEYCHAIN_ACCOUNT)
    }

    fn set(&self, password: &str) -> Result<()> {
        entry(INBOX_KEYCHAIN_ACCOUNT)?.set_password(password).map_err(unavailable)
    }

    fn clear(&self) -> Result<()> {
        clear(INBOX_KEYCHAIN_ACCOUNT)
    }
}

#[cfg(not(any(target_os = "linux", target_os = "windows", target_os = "macos")))]
impl PasswordStore for InboxKeychain {
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
