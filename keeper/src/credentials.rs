//! Sealed XMPP credentials: the password a user gave at a password step, encrypted with
//! AES-256-GCM under a key only keepers hold, stored so that sessions can be re-opened
//! later (passkey or TOTP logins, idle re-opening, another keeper taking over).
//! The username is bound in as associated data: a sealed password cannot be moved to
//! another user's record.

use aes_gcm::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use serde_json::json;
use shared::keeper::KeeperError;
use shared::store::{NewItem, Store};

pub struct Credentials {
    cipher: Aes256Gcm,
}

fn key(user: &str) -> (String, &'static str) {
    (format!("credential#{user}"), "xmpp")
}

fn internal(what: &str) -> KeeperError {
    KeeperError::Internal(what.to_string())
}

impl Credentials {
    pub fn new(seal_key: &[u8; 32]) -> Self {
        Self {
            cipher: Aes256Gcm::new(&Key::<Aes256Gcm>::from(*seal_key)),
        }
    }

    pub async fn store(
        &self,
        store: &dyn Store,
        user: &str,
        password: &str,
    ) -> Result<(), KeeperError> {
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        let sealed = self
            .cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: password.as_bytes(),
                    aad: user.as_bytes(),
                },
            )
            .map_err(|_| internal("sealing failed"))?;
        let (pk, sk) = key(user);
        let item = NewItem {
            pk,
            sk: sk.into(),
            data: json!({ "nonce": B64.encode(nonce), "sealed": B64.encode(sealed) }),
            expires_at: None,
        };
        store
            .put(item)
            .await
            .map_err(KeeperError::from)?;
        Ok(())
    }

    pub async fn load(&self, store: &dyn Store, user: &str) -> Result<String, KeeperError> {
        let (pk, sk) = key(user);
        let item = store
            .get(&pk, sk)
            .await
            .map_err(KeeperError::from)?
            .ok_or(KeeperError::NoCredential)?;
        let field = |name: &str| {
            item.data[name]
                .as_str()
                .and_then(|v| B64.decode(v).ok())
                .ok_or_else(|| internal("malformed sealed credential"))
        };
        let (nonce, sealed) = (field("nonce")?, field("sealed")?);
        let nonce: [u8; 12] = nonce
            .try_into()
            .map_err(|_| internal("malformed sealed credential"))?;
        let password = self
            .cipher
            .decrypt(
                &Nonce::from(nonce),
                Payload {
                    msg: &sealed,
                    aad: user.as_bytes(),
                },
            )
            .map_err(|_| internal("sealed credential does not open with this key"))?;
        String::from_utf8(password).map_err(|_| internal("sealed credential is not text"))
    }

    pub async fn forget(&self, store: &dyn Store, user: &str) -> Result<(), KeeperError> {
        let (pk, sk) = key(user);
        store
            .delete(&pk, sk)
            .await
            .map_err(KeeperError::from)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use shared::clock::SystemClock;
    use shared::store::embedded::EmbeddedStore;

    use super::*;

    fn store() -> EmbeddedStore {
        EmbeddedStore::open(std::path::Path::new(":memory:"), Arc::new(SystemClock)).unwrap()
    }

    #[tokio::test]
    async fn a_password_is_stored_sealed_and_opens_only_for_its_user_and_key() {
        let store = store();
        let credentials = Credentials::new(&[7; 32]);
        credentials
            .store(&store, "ann", "correct horse")
            .await
            .unwrap();
        assert_eq!(
            credentials.load(&store, "ann").await.unwrap(),
            "correct horse"
        );

        let raw = store.get("credential#ann", "xmpp").await.unwrap().unwrap();
        assert!(
            !raw.data.to_string().contains("correct horse"),
            "never in clear"
        );

        // Moved to another user's record: the associated data no longer matches.
        let moved = NewItem {
            pk: "credential#bob".into(),
            sk: "xmpp".into(),
            data: raw.data,
            expires_at: None,
        };
        store.put(moved).await.unwrap();
        assert!(matches!(
            credentials.load(&store, "bob").await,
            Err(KeeperError::Internal(_))
        ));
        // Another key cannot open it.
        assert!(
            Credentials::new(&[8; 32])
                .load(&store, "ann")
                .await
                .is_err()
        );

        credentials.forget(&store, "ann").await.unwrap();
        assert_eq!(
            credentials.load(&store, "ann").await,
            Err(KeeperError::NoCredential)
        );
    }
}
