//! The database key: 256 random bits that never print, never serialise, and are wiped
//! from memory when dropped.

use std::fmt;

use rand::TryRngCore;
use zeroize::{Zeroize, Zeroizing};

pub const KEY_BYTES: usize = 32;

#[derive(Clone, PartialEq, Eq)]
pub struct DbKey([u8; KEY_BYTES]);

impl DbKey {
    /// A fresh key from the operating system's random source.
    pub fn generate() -> Result<Self, rand::rand_core::OsError> {
        let mut bytes = [0u8; KEY_BYTES];
        rand::rngs::OsRng.try_fill_bytes(&mut bytes)?;
        Ok(Self(bytes))
    }

    /// Parses the 64 hexadecimal digits used in the keychain and in key files.
    pub fn from_hex(text: &str) -> Option<Self> {
        let bytes = Zeroizing::new(hex::decode(text.trim()).ok()?);
        let array: [u8; KEY_BYTES] = bytes.as_slice().try_into().ok()?;
        Some(Self(array))
    }

    pub fn to_hex(&self) -> Zeroizing<String> {
        Zeroizing::new(hex::encode(self.0))
    }
}

impl fmt::Debug for DbKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DbKey(<redacted>)")
    }
}

impl Drop for DbKey {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_random_and_round_trip_through_hex() {
        let a = DbKey::generate().unwrap();
        let b = DbKey::generate().unwrap();
        assert_ne!(a, b);
        assert_eq!(a.to_hex().len(), 64);
        assert_eq!(DbKey::from_hex(&a.to_hex()).unwrap(), a);
        assert!(DbKey::from_hex("abcd").is_none());
        assert!(DbKey::from_hex(&"zz".repeat(32)).is_none());
    }

    #[test]
    fn debug_never_shows_the_key() {
        let key = DbKey::from_hex(&"ab".repeat(32)).unwrap();
        let shown = format!("{key:?}");
        assert_eq!(shown, "DbKey(<redacted>)");
        assert!(!shown.contains("abab"));
    }
}
