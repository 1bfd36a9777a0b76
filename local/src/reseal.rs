//! `reseal`: every stored secret sealed again under the current keys at once, after a key
//! rotation. Values sealed under an older key otherwise wait until they are next opened
//! (a user who does not come back would keep the old key needed). Walks the directory's
//! users: their XMPP password and rooms' passwords (the keeper's credential key), their
//! TOTP secret, and the VAPID key (the functions' seal key). Run it with the new key first
//! and the old one still listed; afterwards the old key can go. Safe to run again, and
//! while the gateway serves (a value changed meanwhile was sealed anew by its writer).

use xwg_api::auth::totp;
use xwg_api::directory::profiles;
use xwg_core::config::KeeperConfig;
use xwg_core::seal::Sealer;
use xwg_core::store::{Resealed, Store};

/// How many stored values each outcome had.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub again: usize,
    pub current: usize,
    pub unreadable: usize,
}

impl Tally {
    fn count(&mut self, found: Resealed) {
        match found {
            Resealed::Again => self.again += 1,
            Resealed::Current => self.current += 1,
            Resealed::Unreadable => self.unreadable += 1,
            Resealed::Absent => {}
        }
    }
}

pub async fn reseal_all(store: &dyn Store, keeper: &KeeperConfig) -> Result<Tally, String> {
    let functions = keeper.seal_keys.as_ref().map(Sealer::new);
    let mut tally = Tally::default();
    let users = profiles::usernames(store)
        .await
        .map_err(|e| format!("the directory: {e}"))?;
    for user in &users {
        for found in keeper::reseal_credentials(store, keeper, user)
            .await
            .map_err(|e| format!("{user}'s passwords: {e}"))?
        {
            tally.count(found);
        }
        if let Some(sealer) = &functions {
            tally.count(
                totp::reseal(store, sealer, user)
                    .await
                    .map_err(|e| format!("{user}'s TOTP secret: {e}"))?,
            );
        }
    }
    if let Some(sealer) = &functions {
        tally.count(
            xwg_core::push::vapid::reseal(store, sealer)
                .await
                .map_err(|e| format!("the VAPID key: {e}"))?,
        );
    }
    tracing::info!(
        users = users.len(),
        again = tally.again,
        current = tally.current,
        unreadable = tally.unreadable,
        "stored secrets sealed under the current keys"
    );
    Ok(tally)
}

/// The `reseal` command of `xwg-local` and `xwg-keeper`: the store and keys from `vars`
/// (the process's environment, with its secret's values); what it did, in words.
pub async fn command(vars: &std::collections::HashMap<String, String>) -> Result<String, String> {
    let store_config = xwg_core::config::StoreConfig::from_vars(vars).map_err(|e| e.to_string())?;
    let keeper = KeeperConfig::from_vars(vars).map_err(|e| e.to_string())?;
    let clock: std::sync::Arc<dyn xwg_core::clock::Clock> =
        std::sync::Arc::new(xwg_core::clock::SystemClock);
    let store = xwg_core::store::open(&store_config, clock)
        .await
        .map_err(|e| format!("store: {e}"))?;
    let tally = reseal_all(store.as_ref(), &keeper).await?;
    if tally.unreadable > 0 {
        return Err(format!(
            "{} stored values open under none of the keys given: keep the older keys listed",
            tally.unreadable
        ));
    }
    let mut done = format!(
        "sealed again under the current keys: {}; current already: {}",
        tally.again, tally.current
    );
    if keeper.seal_keys.is_none() {
        done.push_str(
            "\nXWG_SEAL_KEY is not set: TOTP secrets and the VAPID key were left as they are",
        );
    }
    Ok(done)
}
