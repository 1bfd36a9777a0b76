//! Sealed XMPP credentials: the password a user gave at a password step, encrypted with
//! AES-256-GCM under a key only keepers hold, stored so that sessions can be re-opened
//! later (passkey or TOTP logins, idle re-opening, another keeper taking over).
//! The username is bound in as associated data: a sealed password cannot be moved to
//! another user's record.

use xwg_core::keeper::KeeperError;
use xwg_core::seal::Sealer;
use xwg_core::store::{NewItem, Store};

pub struct Credentials {
    sealer: Sealer,
}

fn key(user: &str) -> (String, &'static str) {
    (format!("credential#{user}"), "xmpp")
}

fn internal(err: impl std::fmt::Display) -> KeeperError {
    KeeperError::Internal(err.to_string())
}

impl Credentials {
    pub fn new(seal_key: &[u8; 32]) -> Self {
        Self {
            sealer: Sealer::new(seal_key),
        }
    }

    pub async fn store(
        &self,
        store: &dyn Store,
        user: &str,
        password: &str,
    ) -> Result<(), KeeperError> {
        let (pk, sk) = key(user);
        let item = NewItem {
            pk,
            sk: sk.into(),
            data: self
                .sealer
                .seal(password.as_bytes(), user)
                .map_err(internal)?,
            expires_at: None,
        };
        store.put(item).await.map_err(KeeperError::from)?;
        Ok(())
    }

    pub async fn load(&self, store: &dyn Store, user: &str) -> Result<String, KeeperError> {
        let (pk, sk) = key(user);
        let item = store
            .get(&pk, sk)
            .await
            .map_err(KeeperError::from)?
            .ok_or(KeeperError::NoCredential)?;
        self.sealer.open_text(&item.data, user).map_err(internal)
    }

    pub async fn forget(&self, store: &dyn Store, user: &str) -> Result<(), KeeperError> {
        let (pk, sk) = key(user);
        store.delete(&pk, sk).await.map_err(KeeperError::from)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use xwg_core::clock::SystemClock;
    use xwg_core::store::embedded::EmbeddedStore;

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
