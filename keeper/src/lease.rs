//! Which keeper holds a user's session: a lease in the store, so that several keepers can
//! share the users and one takes over the users of another that died.
//!
//! A lease names its owner (id and internal URL) and expires unless the owner renews it
//! (heartbeat). Taking one is a conditional write: create-if-absent, or — when it has
//! expired, which reads as absent — the same create. Releasing makes it expire at once.
//! An index of users with a session (no TTL) lets a keeper find leases left to expire by a
//! dead keeper and take those sessions over without waiting for their users to call.
//! A keeper's own services (the push component) are leased the same way, without the
//! index: the keeper that wants one keeps asking for it by itself.

use serde_json::json;
use xwg_core::clock::Clock;
use xwg_core::keeper::KeeperError;
use xwg_core::store::{Item, NewItem, Store, StoreError};

/// This keeper, as other keepers reach it.
#[derive(Clone, Debug)]
pub struct Identity {
    pub id: String,
    pub url: String,
}

/// Who holds a user's session.
#[derive(Debug, PartialEq)]
pub enum Holder {
    Me,
    Other { id: String, url: String },
}

fn lease_key(user: &str) -> (String, &'static str) {
    (format!("lease#{user}"), "keeper")
}

/// The index of users with a session.
pub const SESSIONS: &str = "sessions";

fn backend(err: StoreError) -> KeeperError {
    err.into()
}

pub struct Leases<'a> {
    pub store: &'a dyn Store,
    pub clock: &'a dyn Clock,
    pub me: &'a Identity,
    pub ttl_secs: i64,
    /// The index taken leases are entered in (`None` for a keeper's services).
    pub index: Option<&'static str>,
}

impl Leases<'_> {
    fn item(&self, user: &str) -> NewItem {
        let (pk, sk) = lease_key(user);
        NewItem {
            pk,
            sk: sk.into(),
            data: json!({ "owner": self.me.id, "url": self.me.url }),
            expires_at: Some(self.clock.now() + self.ttl_secs),
        }
    }

    fn holder_of(&self, lease: &Item) -> Holder {
        let owner = lease.data["owner"].as_str().unwrap_or_default();
        if owner == self.me.id {
            Holder::Me
        } else {
            Holder::Other {
                id: owner.into(),
                url: lease.data["url"].as_str().unwrap_or_default().into(),
            }
        }
    }

    /// Who holds the user's lease, if anyone.
    pub async fn holder(&self, user: &str) -> Result<Option<Holder>, KeeperError> {
        let (pk, sk) = lease_key(user);
        Ok(self
            .store
            .get(&pk, sk)
            .await
            .map_err(backend)?
            .map(|lease| self.holder_of(&lease)))
    }

    /// Takes the user's lease unless another live keeper holds it; says who holds it now.
    pub async fn acquire(&self, user: &str) -> Result<Holder, KeeperError> {
        loop {
            match self.holder(user).await? {
                Some(holder) => return Ok(holder),
                None => match self.store.create(self.item(user)).await {
                    Ok(_) => {
                        if let Some(index) = self.index {
                            let entry = NewItem {
                                pk: index.into(),
                                sk: user.into(),
                                data: json!({}),
                                expires_at: None,
                            };
                            self.store.put(entry).await.map_err(backend)?;
                        }
                        return Ok(Holder::Me);
                    }
                    // Another keeper was faster: read who.
                    Err(StoreError::ConditionFailed) => continue,
                    Err(err) => return Err(backend(err)),
                },
            }
        }
    }

    /// Extends this keeper's lease; `false` when it is no longer ours (expired and taken).
    pub async fn renew(&self, user: &str) -> Result<bool, KeeperError> {
        let (pk, sk) = lease_key(user);
        match self.store.get(&pk, sk).await.map_err(backend)? {
            Some(lease) if self.holder_of(&lease) == Holder::Me => {
                match self.store.update(self.item(user), lease.version).await {
                    Ok(_) => Ok(true),
                    // It expired between the read and the write: take it again if free.
                    Err(StoreError::ConditionFailed) => Ok(self.acquire(user).await? == Holder::Me),
                    Err(err) => Err(backend(err)),
                }
            }
            Some(_) => Ok(false),
            // Expired during a stall longer than the lease: ours again, unless taken meanwhile.
            None => Ok(self.acquire(user).await? == Holder::Me),
        }
    }

    /// Gives the lease up when the session ends here. A lease another keeper has taken
    /// meanwhile (this one stalled past its expiry) stays theirs, and so does the index entry.
    pub async fn release(&self, user: &str) -> Result<(), KeeperError> {
        let (pk, sk) = lease_key(user);
        if let Some(lease) = self.store.get(&pk, sk).await.map_err(backend)? {
            if self.holder_of(&lease) != Holder::Me {
                return Ok(());
            }
            // Expire it now, unless it changed hands since it was read.
            let ended = NewItem {
                expires_at: Some(self.clock.now()),
                ..self.item(user)
            };
            match self.store.update(ended, lease.version).await {
                Ok(_) => {}
                Err(StoreError::ConditionFailed) => return Ok(()),
                Err(err) => return Err(backend(err)),
            }
        }
        match self.index {
            Some(index) => self.store.delete(index, user).await.map_err(backend),
            None => Ok(()),
        }
    }

    /// Users whose session should be open and who nobody else holds: leases expired
    /// unreleased (a dead keeper's), or still in this keeper's name from before a restart.
    pub async fn orphans(&self) -> Result<Vec<String>, KeeperError> {
        let mut orphans = Vec::new();
        let Some(index) = self.index else {
            return Ok(Vec::new());
        };
        for entry in xwg_core::store::all(self.store, index, "")
            .await
            .map_err(backend)?
        {
            if matches!(self.holder(&entry.sk).await?, None | Some(Holder::Me)) {
                orphans.push(entry.sk);
            }
        }
        Ok(orphans)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use xwg_core::clock::ManualClock;
    use xwg_core::store::embedded::EmbeddedStore;

    use super::*;

    const TTL: i64 = 30;

    struct World {
        store: EmbeddedStore,
        clock: Arc<ManualClock>,
        a: Identity,
        b: Identity,
    }

    impl World {
        fn new() -> Self {
            let clock = Arc::new(ManualClock::new(1_000_000));
            let store =
                EmbeddedStore::open(std::path::Path::new(":memory:"), clock.clone()).unwrap();
            let identity = |id: &str| Identity {
                id: id.into(),
                url: format!("http://{id}"),
            };
            Self {
                store,
                clock,
                a: identity("a"),
                b: identity("b"),
            }
        }

        fn leases<'a>(&'a self, me: &'a Identity) -> Leases<'a> {
            Leases {
                store: &self.store,
                clock: self.clock.as_ref(),
                me,
                ttl_secs: TTL,
                index: Some(SESSIONS),
            }
        }
    }

    fn other(id: &str) -> Holder {
        Holder::Other {
            id: id.into(),
            url: format!("http://{id}"),
        }
    }

    #[tokio::test]
    async fn the_first_keeper_acquires_and_the_other_is_told_who_holds_it() {
        let world = World::new();
        assert_eq!(
            world.leases(&world.a).acquire("ann").await.unwrap(),
            Holder::Me
        );
        assert_eq!(
            world.leases(&world.b).acquire("ann").await.unwrap(),
            other("a")
        );
        assert_eq!(
            world.leases(&world.a).holder("ann").await.unwrap(),
            Some(Holder::Me)
        );
        assert_eq!(
            world.leases(&world.a).acquire("ann").await.unwrap(),
            Holder::Me,
            "its own again"
        );
    }

    #[tokio::test]
    async fn renewal_keeps_a_lease_past_its_first_expiry() {
        let world = World::new();
        world.leases(&world.a).acquire("ann").await.unwrap();
        for _ in 0..3 {
            world.clock.advance(TTL / 3);
            assert!(world.leases(&world.a).renew("ann").await.unwrap());
        }
        world.clock.advance(TTL - 1);
        assert_eq!(
            world.leases(&world.b).acquire("ann").await.unwrap(),
            other("a")
        );
    }

    #[tokio::test]
    async fn an_expired_lease_is_taken_over_and_its_old_holder_lets_go() {
        let world = World::new();
        world.leases(&world.a).acquire("ann").await.unwrap();
        world.clock.advance(TTL + 1);
        assert_eq!(
            world.leases(&world.b).orphans().await.unwrap(),
            ["ann"],
            "a dead keeper's session is an orphan"
        );
        assert_eq!(
            world.leases(&world.b).acquire("ann").await.unwrap(),
            Holder::Me
        );
        assert!(
            !world.leases(&world.a).renew("ann").await.unwrap(),
            "no longer a's"
        );
        // a's release (its session ending late) leaves b's lease and index entry alone.
        world.leases(&world.a).release("ann").await.unwrap();
        assert_eq!(
            world.leases(&world.b).holder("ann").await.unwrap(),
            Some(Holder::Me)
        );
        assert!(world.leases(&world.a).orphans().await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn a_lease_that_lapsed_during_a_stall_is_renewed_if_nobody_took_it() {
        let world = World::new();
        world.leases(&world.a).acquire("ann").await.unwrap();
        world.clock.advance(TTL * 2);
        assert!(world.leases(&world.a).renew("ann").await.unwrap());
        assert_eq!(
            world.leases(&world.b).acquire("ann").await.unwrap(),
            other("a")
        );
    }

    #[tokio::test]
    async fn a_released_lease_is_free_at_once_and_leaves_the_index() {
        let world = World::new();
        world.leases(&world.a).acquire("ann").await.unwrap();
        world.leases(&world.a).release("ann").await.unwrap();
        assert_eq!(world.leases(&world.b).holder("ann").await.unwrap(), None);
        assert!(world.leases(&world.b).orphans().await.unwrap().is_empty());
        assert_eq!(
            world.leases(&world.b).acquire("ann").await.unwrap(),
            Holder::Me
        );
    }

    #[tokio::test]
    async fn a_restarted_keeper_finds_its_own_sessions_to_reopen() {
        let world = World::new();
        world.leases(&world.a).acquire("ann").await.unwrap();
        assert_eq!(world.leases(&world.a).orphans().await.unwrap(), ["ann"]);
        assert!(
            world.leases(&world.b).orphans().await.unwrap().is_empty(),
            "a still holds it"
        );
    }
}
