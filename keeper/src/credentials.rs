//! Sealed XMPP credentials: the password a user gave at a password step, encrypted with
//! AES-256-GCM under a key only keepers hold, stored so that sessions can be re-opened
//! later (passkey or TOTP logins, idle re-opening, another keeper taking over).
//! The username is bound in as associated data: a sealed password cannot be moved to
//! another user's record.

use xwg_core::keeper::KeeperError;
use xwg_core::projections::rooms;
use xwg_core::seal::{SealKeys, Sealer};
use xwg_core::store::{self, NewItem, Resealed, Store};

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
    pub fn new(seal_keys: &SealKeys) -> Self {
        Self {
            sealer: Sealer::new(seal_keys),
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
        let password = self.sealer.open_text(&item.data, user).map_err(internal)?;
        if !self.sealer.is_current(&item.data) {
            self.seal_again(store, user, &password, item.version).await;
        }
        Ok(password)
    }

    /// Seals a password found under an older key with the current one (a rotation), unless
    /// it changed meanwhile; best effort: it opens under the old key until then.
    async fn seal_again(&self, store: &dyn Store, user: &str, password: &str, version: u64) {
        let (pk, sk) = key(user);
        let Ok(data) = self.sealer.seal(password.as_bytes(), user) else {
            return;
        };
        let item = NewItem {
            pk,
            sk: sk.into(),
            data,
            expires_at: None,
        };
        if let Err(err) = store.update(item, version).await {
            tracing::debug!(%user, error = %err, "password not sealed again under the current key");
        }
    }

    /// Another secret of the user's (a room's password), sealed and bound to `owner`.
    pub fn seal(&self, secret: &str, owner: &str) -> Result<serde_json::Value, KeeperError> {
        self.sealer.seal(secret.as_bytes(), owner).map_err(internal)
    }

    pub fn open(&self, sealed: &serde_json::Value, owner: &str) -> Result<String, KeeperError> {
        self.sealer.open_text(sealed, owner).map_err(internal)
    }

    /// Seals the user's password and their rooms' passwords again under the current key
    /// where an older one sealed them (a rotation's `reseal` command).
    pub async fn reseal(
        &self,
        store: &dyn Store,
        user: &str,
    ) -> Result<Vec<Resealed>, KeeperError> {
        let (pk, sk) = key(user);
        let mut found = vec![store::reseal(store, &self.sealer, (&pk, sk), None, user).await?];
        for (room, _) in rooms::all(store, user).await? {
            let owner = rooms::password_owner(user, &room);
            let place = (rooms::partition(user), room.to_string());
            found.push(
                store::reseal(
                    store,
                    &self.sealer,
                    (&place.0, &place.1),
                    Some("password"),
                    &owner,
                )
                .await?,
            );
        }
        Ok(found)
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
        let credentials = Credentials::new(&SealKeys::single([7; 32]));
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
            Credentials::new(&SealKeys::single([8; 32]))
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

    #[tokio::test]
    async fn a_password_under_a_rotated_key_is_sealed_again_under_the_new_one_when_opened() {
        let store = store();
        let old = SealKeys::new(vec![("k1".into(), [7; 32])]).unwrap();
        Credentials::new(&old)
            .store(&store, "ann", "correct horse")
            .await
            .unwrap();
        let rotated = SealKeys::new(vec![("k2".into(), [9; 32]), ("k1".into(), [7; 32])]).unwrap();
        assert_eq!(
            Credentials::new(&rotated)
                .load(&store, "ann")
                .await
                .unwrap(),
            "correct horse"
        );
        let raw = store.get("credential#ann", "xmpp").await.unwrap().unwrap();
        assert_eq!(raw.data["kid"], "k2", "sealed again under the current key");
        // The old key can go now.
        let new_only = SealKeys::new(vec![("k2".into(), [9; 32])]).unwrap();
        assert_eq!(
            Credentials::new(&new_only)
                .load(&store, "ann")
                .await
                .unwrap(),
            "correct horse"
        );
    }
}
