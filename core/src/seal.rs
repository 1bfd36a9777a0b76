//! Secrets at rest: AES-256-GCM under the gateway's seal key (`XWG_SEAL_KEY`), with what
//! the secret belongs to bound in as associated data, so that a sealed value cannot be
//! moved to another record. XMPP passwords (keepers), TOTP secrets and the VAPID private
//! key are stored only sealed, in either store.
//!
//! The key rotates: `XWG_SEAL_KEY=k2=<new>,k1=<old>` seals with the first key and names it
//! in the value (`kid`); any listed key opens. A value without a name (sealed under a bare
//! key) is tried with each key. Whoever opens a value sealed under an older key seals it
//! again under the current one ([`Sealer::is_current`]).

use aes_gcm::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use serde_json::{Value, json};

use crate::grants::Secret;

#[derive(Debug, thiserror::Error)]
pub enum SealError {
    #[error("sealing failed")]
    Seal,
    #[error("a sealed value is malformed")]
    Malformed,
    #[error("a sealed value does not open with this key for this record")]
    WrongKey,
    /// This process was given no seal key (a function whose grants leave it out).
    #[error("no seal key is configured here")]
    NoKey,
    #[error(transparent)]
    NotGranted(#[from] crate::grants::NotGranted),
}

/// The seal keys by id, the current one first (a bare key has the empty id).
#[derive(Clone)]
pub struct SealKeys(Vec<(String, [u8; 32])>);

impl SealKeys {
    /// One key, without an id (`XWG_SEAL_KEY=<64 hex digits>`).
    pub fn single(key: [u8; 32]) -> Self {
        Self(vec![(String::new(), key)])
    }

    /// Keys by id, the first seals (at least one).
    pub fn new(keys: Vec<(String, [u8; 32])>) -> Option<Self> {
        (!keys.is_empty()).then_some(Self(keys))
    }

    /// These keys followed by `older` ones (they still open); `None` when an id is in both.
    pub fn then(mut self, older: SealKeys) -> Option<Self> {
        for (id, key) in older.0 {
            if self.0.iter().any(|(seen, _)| *seen == id) {
                return None;
            }
            self.0.push((id, key));
        }
        Some(self)
    }
}

// Key material never reaches a log line.
impl std::fmt::Debug for SealKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ids: Vec<&str> = self.0.iter().map(|(id, _)| id.as_str()).collect();
        f.debug_tuple("SealKeys").field(&ids).finish()
    }
}

#[derive(Clone)]
pub struct Sealer {
    ciphers: Vec<(String, Aes256Gcm)>,
}

impl Sealer {
    /// A sealer without keys: every seal and open fails ([`SealError::NoKey`]).
    pub fn none() -> Self {
        Self {
            ciphers: Vec::new(),
        }
    }

    pub fn new(keys: &SealKeys) -> Self {
        Self {
            ciphers: keys
                .0
                .iter()
                .map(|(id, key)| (id.clone(), Aes256Gcm::new(&Key::<Aes256Gcm>::from(*key))))
                .collect(),
        }
    }

    /// `{nonce, sealed}` (base64) of `secret`, bound to `owner`, with the key's id (`kid`)
    /// when it has one.
    pub fn seal(&self, secret: &[u8], owner: &str) -> Result<Value, SealError> {
        crate::grants::check_secret(Secret::SealKey)?;
        let (id, cipher) = self.ciphers.first().ok_or(SealError::NoKey)?;
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        let payload = Payload {
            msg: secret,
            aad: owner.as_bytes(),
        };
        let sealed = cipher
            .encrypt(&nonce, payload)
            .map_err(|_| SealError::Seal)?;
        let mut value = json!({ "nonce": B64.encode(nonce), "sealed": B64.encode(sealed) });
        if !id.is_empty() {
            value["kid"] = json!(id);
        }
        Ok(value)
    }

    /// Whether a sealed value is under the current key (else it should be sealed again).
    pub fn is_current(&self, value: &Value) -> bool {
        self.ciphers
            .first()
            .is_some_and(|(id, _)| value["kid"].as_str().unwrap_or_default() == id)
    }

    /// The secret in a value [`Sealer::seal`] made for `owner`.
    pub fn open(&self, value: &Value, owner: &str) -> Result<Vec<u8>, SealError> {
        crate::grants::check_secret(Secret::SealKey)?;
        if self.ciphers.is_empty() {
            return Err(SealError::NoKey);
        }
        let field = |name: &str| {
            value[name]
                .as_str()
                .and_then(|v| B64.decode(v).ok())
                .ok_or(SealError::Malformed)
        };
        let nonce: [u8; 12] = field("nonce")?
            .try_into()
            .map_err(|_| SealError::Malformed)?;
        let sealed = field("sealed")?;
        let named = value["kid"].as_str();
        self.ciphers
            .iter()
            .filter(|(id, _)| named.is_none_or(|named| named == id))
            .find_map(|(_, cipher)| {
                let payload = Payload {
                    msg: &sealed,
                    aad: owner.as_bytes(),
                };
                cipher.decrypt(&Nonce::from(nonce), payload).ok()
            })
            .ok_or(SealError::WrongKey)
    }

    /// The same for text.
    pub fn open_text(&self, value: &Value, owner: &str) -> Result<String, SealError> {
        String::from_utf8(self.open(value, owner)?).map_err(|_| SealError::Malformed)
    }
}

/// Compares a secret someone sent with ours in constant time; hashing first means not even
/// the length of ours leaks through timing.
pub fn same(given: &[u8], ours: &[u8]) -> bool {
    use sha2::{Digest, Sha256};
    use subtle::ConstantTimeEq;
    bool::from(Sha256::digest(given).ct_eq(&Sha256::digest(ours)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_secret_opens_only_with_its_key_for_its_owner() {
        let sealer = Sealer::new(&SealKeys::single([7; 32]));
        let sealed = sealer.seal(b"JBSWY3DPEHPK3PXP", "totp#ann").unwrap();
        assert!(!sealed.to_string().contains("JBSWY3DPEHPK3PXP"));
        assert_eq!(
            sealer.open_text(&sealed, "totp#ann").unwrap(),
            "JBSWY3DPEHPK3PXP"
        );
        assert!(matches!(
            sealer.open(&sealed, "totp#bob"),
            Err(SealError::WrongKey)
        ));
        let other = Sealer::new(&SealKeys::single([8; 32]));
        assert!(matches!(
            other.open(&sealed, "totp#ann"),
            Err(SealError::WrongKey)
        ));
        assert!(matches!(
            sealer.open(&json!({}), "totp#ann"),
            Err(SealError::Malformed)
        ));
    }

    #[test]
    fn a_rotated_key_still_opens_what_the_old_one_sealed_and_says_to_seal_it_again() {
        let old = Sealer::new(&SealKeys::single([7; 32]));
        let sealed_bare = old.seal(b"pw", "cred#ann").unwrap();
        let k1 = Sealer::new(&SealKeys::new(vec![("k1".into(), [7; 32])]).unwrap());
        let sealed_k1 = k1.seal(b"pw", "cred#ann").unwrap();
        assert_eq!(sealed_k1["kid"], "k1");
        let rotated = Sealer::new(
            &SealKeys::new(vec![("k2".into(), [9; 32]), ("k1".into(), [7; 32])]).unwrap(),
        );
        for value in [&sealed_bare, &sealed_k1] {
            assert_eq!(rotated.open(value, "cred#ann").unwrap(), b"pw");
            assert!(!rotated.is_current(value), "sealed under an older key");
        }
        let again = rotated.seal(b"pw", "cred#ann").unwrap();
        assert!(rotated.is_current(&again));
        assert_eq!(again["kid"], "k2");
        // Once the old key is dropped, what only it opened does not open any more.
        let dropped = Sealer::new(&SealKeys::new(vec![("k2".into(), [9; 32])]).unwrap());
        assert!(matches!(
            dropped.open(&sealed_k1, "cred#ann"),
            Err(SealError::WrongKey)
        ));
        assert_eq!(dropped.open(&again, "cred#ann").unwrap(), b"pw");
        assert!(!format!("{:?}", SealKeys::single([7; 32])).contains("7, 7"));
    }
}
