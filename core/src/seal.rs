//! Secrets at rest: AES-256-GCM under the gateway's seal key (`XWG_SEAL_KEY`), with what
//! the secret belongs to bound in as associated data, so that a sealed value cannot be
//! moved to another record. XMPP passwords (keepers), TOTP secrets and the VAPID private
//! key are stored only sealed, in either store.

use aes_gcm::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use serde_json::{Value, json};

#[derive(Debug, thiserror::Error)]
pub enum SealError {
    #[error("sealing failed")]
    Seal,
    #[error("a sealed value is malformed")]
    Malformed,
    #[error("a sealed value does not open with this key for this record")]
    WrongKey,
}

#[derive(Clone)]
pub struct Sealer {
    cipher: Aes256Gcm,
}

impl Sealer {
    pub fn new(key: &[u8; 32]) -> Self {
        Self {
            cipher: Aes256Gcm::new(&Key::<Aes256Gcm>::from(*key)),
        }
    }

    /// `{nonce, sealed}` (base64) of `secret`, bound to `owner`.
    pub fn seal(&self, secret: &[u8], owner: &str) -> Result<Value, SealError> {
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        let payload = Payload {
            msg: secret,
            aad: owner.as_bytes(),
        };
        let sealed = self
            .cipher
            .encrypt(&nonce, payload)
            .map_err(|_| SealError::Seal)?;
        Ok(json!({ "nonce": B64.encode(nonce), "sealed": B64.encode(sealed) }))
    }

    /// The secret in a value [`Sealer::seal`] made for `owner`.
    pub fn open(&self, value: &Value, owner: &str) -> Result<Vec<u8>, SealError> {
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
        let payload = Payload {
            msg: &sealed,
            aad: owner.as_bytes(),
        };
        self.cipher
            .decrypt(&Nonce::from(nonce), payload)
            .map_err(|_| SealError::WrongKey)
    }

    /// The same for text.
    pub fn open_text(&self, value: &Value, owner: &str) -> Result<String, SealError> {
        String::from_utf8(self.open(value, owner)?).map_err(|_| SealError::Malformed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_secret_opens_only_with_its_key_for_its_owner() {
        let sealer = Sealer::new(&[7; 32]);
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
        let other = Sealer::new(&[8; 32]);
        assert!(matches!(
            other.open(&sealed, "totp#ann"),
            Err(SealError::WrongKey)
        ));
        assert!(matches!(
            sealer.open(&json!({}), "totp#ann"),
            Err(SealError::Malformed)
        ));
    }
}
