//! Which keeper holds a user's session: leases in the store, so that several keepers share
//! the users, one takes over the users of another that died, and an idle session costs the
//! store nothing.
//!
//! **One lease per keeper.** Each keeper renews a record of its own (`keepers` / its id: its
//! URL and until when it is live) every third of `XWG_LEASE_SECS` — one conditional write,
//! whatever its number of sessions. A session's lease (`lease#<user>`) names its keeper and
//! holds exactly as long as that keeper's record does. Taking a free session lease is a
//! conditional create; taking a dead keeper's is a conditional update of the version read.
//!
//! **Takeover.** Sessions are indexed per keeper (`sessions#<id>`). A keeper that finds
//! another's record lapsed claims it (a conditional write, so one keeper does), moves the
//! dead keeper's session leases and index entries to itself, deletes the record and opens
//! those sessions; a call for one of them meanwhile takes that one lease over at once. A
//! keeper restarted under the same id (the local runtime) finds its own sessions in its
//! index. A keeper whose own record was claimed or changed behind its back (it stalled
//! past its lease) has lost every session lease: it lets its sessions go and registers
//! again once the claimant is done.
//!
//! A keeper's own services (the push component) are leased the same way, without the index.

use std::collections::HashMap;
use std::sync::Mutex;

use serde_json::{Value, json};
use xwg_core::clock::Clock;
use xwg_core::keeper::KeeperError;
use xwg_core::store::{Item, NewItem, Store, StoreError};

/// This keeper, as other keepers reach it.
#[derive(Clone, Debug)]
pub struct Identity {
    pub id: String,
    pub url: String,
}

/// What became of this keeper's session leases since its last renewal.
#[derive(Debug, PartialEq)]
pub enum Standing {
    /// Renewed in time: every lease it holds is still its own.
    Kept,
    /// It stalled past its time but nobody claimed its record: each session lease that
    /// still names it is its own again; any other was taken by a call meanwhile.
    Stalled,
    /// Its record was claimed or changed by another keeper: every lease may be elsewhere.
    Lost,
}

/// Who holds a user's session.
#[derive(Debug, PartialEq)]
pub enum Holder {
    Me,
    Other { id: String, url: String },
}

/// The partition of keepers' own records.
const KEEPERS: &str = "keepers";

fn lease_key(user: &str) -> (String, &'static str) {
    (format!("lease#{user}"), "keeper")
}

/// The index of the sessions a keeper holds.
fn index_of(keeper: &str) -> String {
    format!("sessions#{keeper}")
}

fn backend(err: StoreError) -> KeeperError {
    err.into()
}

/// What this keeper knows of its own record and the others'.
#[derive(Default)]
pub struct Fleet {
    /// The version of this keeper's record as it last wrote it and until when it holds;
    /// `None` while it has none (before registering, or after losing it).
    own: Mutex<Option<(u64, i64)>>,
    /// Peers seen live: their URL and until when their record said so (read again after).
    peers: Mutex<HashMap<String, (String, i64)>>,
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

/// A keeper's record as stored.
struct Record {
    url: String,
    until: i64,
    /// The keeper taking this (dead) one's sessions over.
    taken_by: Option<String>,
}

impl Record {
    fn of(item: &Item) -> Self {
        Self {
            url: item.data["url"].as_str().unwrap_or_default().into(),
            until: item.data["until"].as_i64().unwrap_or(0),
            taken_by: item.data["taken_by"].as_str().map(str::to_string),
        }
    }

    fn data(&self) -> Value {
        json!({ "url": self.url, "until": self.until, "taken_by": self.taken_by })
    }
}

/// A session lease as read: who it names, and the item (for a conditional takeover).
enum Lease {
    Free,
    Held(Holder),
    /// Named after a keeper whose record lapsed.
    Dead {
        owner: String,
        item: Item,
    },
}

pub struct Leases<'a> {
    pub store: &'a dyn Store,
    pub clock: &'a dyn Clock,
    pub me: &'a Identity,
    pub ttl_secs: i64,
    pub fleet: &'a Fleet,
    /// Whether taken leases are entered in this keeper's index (not for its services).
    pub indexed: bool,
}

impl Leases<'_> {
    fn record_item(&self, record: &Record) -> NewItem {
        NewItem {
            pk: KEEPERS.into(),
            sk: self.me.id.clone(),
            data: record.data(),
            expires_at: None,
        }
    }

    fn my_record(&self) -> Record {
        Record {
            url: self.me.url.clone(),
            until: self.clock.now() + self.ttl_secs,
            taken_by: None,
        }
    }

    /// Whether this keeper's own lease holds now: written by it and not past its time (a
    /// keeper that stalled past it may have lost sessions to others, whatever it wrote).
    fn registered(&self) -> bool {
        lock(&self.fleet.own).is_some_and(|(_, until)| until > self.clock.now())
    }

    /// Notes this keeper's record as written; two writes racing (a renewal and a call's
    /// registration) may finish in either order: the newer version stays.
    fn written(&self, item: &Item) {
        let mut own = lock(&self.fleet.own);
        if own.is_none_or(|(version, _)| version <= item.version) {
            *own = Some((item.version, Record::of(item).until));
        }
    }

    /// Enters this keeper in the fleet (or again, under the same id after a restart);
    /// `false` while another keeper is still taking its sessions over.
    pub async fn register(&self) -> Result<bool, KeeperError> {
        let written = match self.store.create(self.record_item(&self.my_record())).await {
            Ok(item) => item,
            Err(StoreError::ConditionFailed) => {
                let Some(item) = self
                    .store
                    .get(KEEPERS, &self.me.id)
                    .await
                    .map_err(backend)?
                else {
                    return Ok(false);
                };
                if Record::of(&item).taken_by.is_some() {
                    return Ok(false);
                }
                match self
                    .store
                    .update(self.record_item(&self.my_record()), item.version)
                    .await
                {
                    Ok(item) => item,
                    Err(StoreError::ConditionFailed) => return Ok(false),
                    Err(err) => return Err(backend(err)),
                }
            }
            Err(err) => return Err(backend(err)),
        };
        self.written(&written);
        Ok(true)
    }

    /// Renews this keeper's record and says what became of its session leases meanwhile.
    /// A keeper without a record (it holds no session then) registers.
    pub async fn keep_alive(&self) -> Result<Standing, KeeperError> {
        let own = *lock(&self.fleet.own);
        let Some((version, until)) = own else {
            self.register().await?;
            return Ok(Standing::Kept);
        };
        if until <= self.clock.now() {
            // Past its time (a stall): another keeper may have taken some of its sessions
            // (a call takes a dead keeper's lease at once) even if nobody claimed the record.
            *lock(&self.fleet.own) = None;
            return Ok(if self.register().await? {
                Standing::Stalled
            } else {
                Standing::Lost
            });
        }
        match self
            .store
            .update(self.record_item(&self.my_record()), version)
            .await
        {
            Ok(item) => {
                self.written(&item);
                Ok(Standing::Kept)
            }
            // Written meanwhile: by this keeper itself (a call registering it at the same
            // time), or by a keeper claiming it. Only a claim loses the sessions.
            Err(StoreError::ConditionFailed) => {
                *lock(&self.fleet.own) = None;
                Ok(if self.register().await? {
                    Standing::Kept
                } else {
                    Standing::Lost
                })
            }
            Err(err) => Err(backend(err)),
        }
    }

    /// Whether another keeper took the user's lease (whatever the state of this keeper's
    /// record): after a stall, the sessions whose lease nobody took stay — a lease item
    /// that lapsed or was never written (the admin account's, say) names nobody else.
    pub async fn taken_by_another(&self, user: &str) -> Result<bool, KeeperError> {
        let (pk, sk) = lease_key(user);
        let item = self.store.get(&pk, sk).await.map_err(backend)?;
        Ok(item.is_some_and(|item| item.data["owner"].as_str() != Some(&self.me.id)))
    }

    /// Leaves the fleet at once (shutting down): the others take this keeper's sessions over
    /// as soon as they look, without waiting for its record to lapse.
    pub async fn resign(&self) -> Result<(), KeeperError> {
        let own = lock(&self.fleet.own).take();
        if let Some((version, _)) = own {
            let lapsed = Record {
                until: 0,
                ..self.my_record()
            };
            match self.store.update(self.record_item(&lapsed), version).await {
                Ok(_) | Err(StoreError::ConditionFailed) => {}
                Err(err) => return Err(backend(err)),
            }
        }
        Ok(())
    }

    /// The URL of keeper `id` if it is live (its record read at most once per renewal of it).
    async fn live_url(&self, id: &str) -> Result<Option<String>, KeeperError> {
        let now = self.clock.now();
        if let Some((url, until)) = lock(&self.fleet.peers).get(id)
            && *until > now
        {
            return Ok(Some(url.clone()));
        }
        let record = self.store.get(KEEPERS, id).await.map_err(backend)?;
        let mut peers = lock(&self.fleet.peers);
        match record.map(|item| Record::of(&item)) {
            Some(record) if record.until > now && record.taken_by.is_none() => {
                peers.insert(id.to_string(), (record.url.clone(), record.until));
                Ok(Some(record.url))
            }
            _ => {
                peers.remove(id);
                Ok(None)
            }
        }
    }

    async fn read(&self, user: &str) -> Result<Lease, KeeperError> {
        let (pk, sk) = lease_key(user);
        let Some(item) = self.store.get(&pk, sk).await.map_err(backend)? else {
            return Ok(Lease::Free);
        };
        let owner = item.data["owner"].as_str().unwrap_or_default().to_string();
        if owner == self.me.id {
            return Ok(if self.registered() {
                Lease::Held(Holder::Me)
            } else {
                // This keeper lost its record: its leases are anybody's.
                Lease::Dead { owner, item }
            });
        }
        Ok(match self.live_url(&owner).await? {
            Some(url) => Lease::Held(Holder::Other { id: owner, url }),
            None => Lease::Dead { owner, item },
        })
    }

    /// Who holds the user's session, if a live keeper does.
    pub async fn holder(&self, user: &str) -> Result<Option<Holder>, KeeperError> {
        Ok(match self.read(user).await? {
            Lease::Held(holder) => Some(holder),
            Lease::Free | Lease::Dead { .. } => None,
        })
    }

    fn lease_item(&self, user: &str) -> NewItem {
        let (pk, sk) = lease_key(user);
        NewItem {
            pk,
            sk: sk.into(),
            data: json!({ "owner": self.me.id, "url": self.me.url }),
            expires_at: None,
        }
    }

    /// Takes the user's lease unless a live keeper holds it; says who holds it now.
    pub async fn acquire(&self, user: &str) -> Result<Holder, KeeperError> {
        if !self.registered() && !self.register().await? {
            return Err(KeeperError::Unavailable(
                "this keeper is rejoining the fleet; try again in a moment".into(),
            ));
        }
        self.take(user).await
    }

    /// As [`Leases::acquire`], for a keeper's own background service (the push component,
    /// webhook delivery): `None` while the keeper's record does not hold, which it never
    /// writes itself — only the keeper's lease keeping does. A registration raced from a
    /// service against a renewal reads to the renewal as its record claimed by another
    /// keeper, and the keeper would let every session go.
    pub async fn acquire_service(&self, name: &str) -> Result<Option<Holder>, KeeperError> {
        if !self.registered() {
            return Ok(None);
        }
        self.take(name).await.map(Some)
    }

    /// Takes the lease unless a live keeper holds it (the keeper's record holds).
    async fn take(&self, user: &str) -> Result<Holder, KeeperError> {
        loop {
            let taken = match self.read(user).await? {
                Lease::Held(holder) => return Ok(holder),
                Lease::Free => self.store.create(self.lease_item(user)).await.map(|_| None),
                Lease::Dead { owner, item } => self
                    .store
                    .update(self.lease_item(user), item.version)
                    .await
                    .map(|_| Some(owner)),
            };
            match taken {
                Ok(previous) => {
                    self.enter(user, previous.as_deref()).await?;
                    return Ok(Holder::Me);
                }
                // Another keeper was faster: read who.
                Err(StoreError::ConditionFailed) => continue,
                Err(err) => return Err(backend(err)),
            }
        }
    }

    /// Enters a taken lease in this keeper's index (and out of its previous holder's).
    async fn enter(&self, user: &str, previous: Option<&str>) -> Result<(), KeeperError> {
        if !self.indexed {
            return Ok(());
        }
        let entry = NewItem {
            pk: index_of(&self.me.id),
            sk: user.into(),
            data: json!({}),
            expires_at: None,
        };
        self.store.put(entry).await.map_err(backend)?;
        match previous {
            Some(previous) if previous != self.me.id => self
                .store
                .delete(&index_of(previous), user)
                .await
                .map_err(backend),
            _ => Ok(()),
        }
    }

    /// Whether this keeper still holds the lease (a read).
    pub async fn still_mine(&self, user: &str) -> Result<bool, KeeperError> {
        Ok(self.holder(user).await? == Some(Holder::Me))
    }

    /// Gives the lease up when the session ends for good (also a dead keeper's, so that a
    /// takeover does not open it again). A live keeper's lease stays theirs.
    pub async fn release(&self, user: &str) -> Result<(), KeeperError> {
        let owner = match self.read(user).await? {
            Lease::Free => None,
            Lease::Held(Holder::Other { .. }) => return Ok(()),
            Lease::Held(Holder::Me) => Some((self.me.id.clone(), None)),
            Lease::Dead { owner, item } => Some((owner, Some(item))),
        };
        if let Some((owner, item)) = owner {
            let (pk, sk) = lease_key(user);
            let version = match item {
                Some(item) => item.version,
                None => match self.store.get(&pk, sk).await.map_err(backend)? {
                    Some(item) => item.version,
                    None => return Ok(()),
                },
            };
            // Expire it now, unless it changed hands since it was read.
            let ended = NewItem {
                expires_at: Some(self.clock.now()),
                ..self.lease_item(user)
            };
            match self.store.update(ended, version).await {
                Ok(_) => {}
                Err(StoreError::ConditionFailed) => return Ok(()),
                Err(err) => return Err(backend(err)),
            }
            if self.indexed && owner != self.me.id {
                self.store
                    .delete(&index_of(&owner), user)
                    .await
                    .map_err(backend)?;
            }
        }
        if self.indexed {
            self.store
                .delete(&index_of(&self.me.id), user)
                .await
                .map_err(backend)?;
        }
        Ok(())
    }

    /// Lets the lease go while keeping the user in this keeper's index (draining): the next
    /// call takes the session wherever it lands, at once, and a keeper taking this one over
    /// opens it. A lease another keeper holds meanwhile stays theirs.
    pub async fn let_go(&self, user: &str) -> Result<(), KeeperError> {
        let (pk, sk) = lease_key(user);
        let Some(item) = self.store.get(&pk, sk).await.map_err(backend)? else {
            return Ok(());
        };
        if item.data["owner"].as_str() != Some(&self.me.id) {
            return Ok(());
        }
        let ended = NewItem {
            expires_at: Some(self.clock.now()),
            ..self.lease_item(user)
        };
        match self.store.update(ended, item.version).await {
            Ok(_) | Err(StoreError::ConditionFailed) => Ok(()),
            Err(err) => Err(backend(err)),
        }
    }

    /// Users in this keeper's own index whose session no live keeper holds: this keeper's
    /// sessions from before a restart under the same id.
    pub async fn own_orphans(&self) -> Result<Vec<String>, KeeperError> {
        let mut orphans = Vec::new();
        for entry in xwg_core::store::all(self.store, &index_of(&self.me.id), "")
            .await
            .map_err(backend)?
        {
            if matches!(self.holder(&entry.sk).await?, None | Some(Holder::Me)) {
                orphans.push(entry.sk);
            }
        }
        Ok(orphans)
    }

    /// Takes over the sessions of every keeper whose record lapsed: their leases and index
    /// entries become this keeper's, their records go. Returns the users moved here.
    pub async fn take_over_dead(&self) -> Result<Vec<String>, KeeperError> {
        if !self.registered() {
            return Ok(Vec::new());
        }
        let mut moved = Vec::new();
        let now = self.clock.now();
        for item in xwg_core::store::all(self.store, KEEPERS, "")
            .await
            .map_err(backend)?
        {
            let record = Record::of(&item);
            if item.sk == self.me.id || record.until > now {
                continue;
            }
            // A claim by a keeper that died in turn may be made again.
            if let Some(claimant) = &record.taken_by
                && (claimant == &self.me.id || self.live_url(claimant).await?.is_some())
            {
                continue;
            }
            let claim = NewItem {
                pk: KEEPERS.into(),
                sk: item.sk.clone(),
                data: Record {
                    taken_by: Some(self.me.id.clone()),
                    ..record
                }
                .data(),
                expires_at: None,
            };
            match self.store.update(claim, item.version).await {
                Ok(_) => {}
                Err(StoreError::ConditionFailed) => continue,
                Err(err) => return Err(backend(err)),
            }
            moved.extend(self.move_sessions_of(&item.sk).await?);
            self.store
                .delete(KEEPERS, &item.sk)
                .await
                .map_err(backend)?;
            lock(&self.fleet.peers).remove(&item.sk);
        }
        Ok(moved)
    }

    /// Moves the session leases a dead keeper still holds, or let go of while draining, to
    /// this one.
    async fn move_sessions_of(&self, dead: &str) -> Result<Vec<String>, KeeperError> {
        let mut moved = Vec::new();
        for entry in xwg_core::store::all(self.store, &index_of(dead), "")
            .await
            .map_err(backend)?
        {
            let user = entry.sk;
            let (pk, sk) = lease_key(&user);
            let taken = match self.store.get(&pk, sk).await.map_err(backend)? {
                Some(lease) if lease.data["owner"].as_str() == Some(dead) => {
                    self.store
                        .update(self.lease_item(&user), lease.version)
                        .await
                }
                // Let go of while draining.
                None => self.store.create(self.lease_item(&user)).await,
                // Taken by a call meanwhile.
                Some(_) => Err(StoreError::ConditionFailed),
            };
            match taken {
                Ok(_) => {
                    self.enter(&user, Some(dead)).await?;
                    moved.push(user);
                    continue;
                }
                Err(StoreError::ConditionFailed) => {}
                Err(err) => return Err(backend(err)),
            }
            // Taken by a call meanwhile.
            self.store
                .delete(&index_of(dead), &user)
                .await
                .map_err(backend)?;
        }
        Ok(moved)
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
        a: (Identity, Fleet),
        b: (Identity, Fleet),
    }

    impl World {
        fn new() -> Self {
            let clock = Arc::new(ManualClock::new(1_000_000));
            let store =
                EmbeddedStore::open(std::path::Path::new(":memory:"), clock.clone()).unwrap();
            let keeper = |id: &str| {
                let identity = Identity {
                    id: id.into(),
                    url: format!("http://{id}"),
                };
                (identity, Fleet::default())
            };
            Self {
                store,
                clock,
                a: keeper("a"),
                b: keeper("b"),
            }
        }

        fn leases<'a>(&'a self, (me, fleet): &'a (Identity, Fleet)) -> Leases<'a> {
            Leases {
                store: &self.store,
                clock: self.clock.as_ref(),
                me,
                ttl_secs: TTL,
                fleet,
                indexed: true,
            }
        }

        /// Keeper `k` renews its record as its lease keeping does, every third of the TTL,
        /// for `secs` seconds.
        async fn live_for(&self, k: &(Identity, Fleet), secs: i64) {
            for _ in 0..secs / (TTL / 3) {
                self.clock.advance(TTL / 3);
                assert_eq!(self.leases(k).keep_alive().await.unwrap(), Standing::Kept);
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
    async fn a_service_takes_no_lease_and_writes_no_record_before_its_keeper_registers() {
        let world = World::new();
        let leases = world.leases(&world.a);
        assert_eq!(leases.acquire_service("@svc").await.unwrap(), None);
        assert_eq!(
            world.store.get(KEEPERS, &world.a.0.id).await.unwrap(),
            None,
            "the keeper's record is its lease keeping's to write"
        );
        leases.register().await.unwrap();
        assert_eq!(
            leases.acquire_service("@svc").await.unwrap(),
            Some(Holder::Me)
        );
    }

    #[tokio::test]
    async fn a_session_lease_lasts_as_long_as_its_keepers_record_without_writes_of_its_own() {
        let world = World::new();
        world.leases(&world.a).acquire("ann").await.unwrap();
        world.leases(&world.b).register().await.unwrap();
        let before = world
            .store
            .get("lease#ann", "keeper")
            .await
            .unwrap()
            .unwrap();
        world.live_for(&world.a, TTL * 3).await;
        world.live_for(&world.b, 0).await;
        let after = world
            .store
            .get("lease#ann", "keeper")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            after.version, before.version,
            "the session lease was not written"
        );
        assert_eq!(
            world.leases(&world.b).acquire("ann").await.unwrap(),
            other("a")
        );
    }

    #[tokio::test]
    async fn a_dead_keepers_sessions_are_taken_over_and_it_lets_go_when_it_comes_back() {
        let world = World::new();
        for user in ["ann", "bob"] {
            world.leases(&world.a).acquire(user).await.unwrap();
        }
        world.leases(&world.b).register().await.unwrap();
        world.clock.advance(TTL + 1);
        world.leases(&world.b).keep_alive().await.unwrap();
        let mut moved = world.leases(&world.b).take_over_dead().await.unwrap();
        moved.sort();
        assert_eq!(moved, ["ann", "bob"], "a dead keeper's sessions move");
        assert_eq!(
            world.leases(&world.b).holder("ann").await.unwrap(),
            Some(Holder::Me)
        );
        assert!(
            world
                .leases(&world.b)
                .take_over_dead()
                .await
                .unwrap()
                .is_empty(),
            "once"
        );
        // a comes back from its stall: it registers again, finds that its sessions' leases
        // name b now, and finds them held by b.
        assert_eq!(
            world.leases(&world.a).keep_alive().await.unwrap(),
            Standing::Stalled
        );
        assert!(
            world
                .leases(&world.a)
                .taken_by_another("ann")
                .await
                .unwrap()
        );
        assert_eq!(
            world.leases(&world.a).acquire("ann").await.unwrap(),
            other("b")
        );
        // a's late release leaves b's lease and index entry alone.
        world.leases(&world.a).release("ann").await.unwrap();
        assert_eq!(
            world.leases(&world.b).holder("ann").await.unwrap(),
            Some(Holder::Me)
        );
        assert!(
            world
                .leases(&world.a)
                .own_orphans()
                .await
                .unwrap()
                .is_empty()
        );
    }

    #[tokio::test]
    async fn a_call_takes_one_session_of_a_dead_keeper_at_once() {
        let world = World::new();
        world.leases(&world.a).acquire("ann").await.unwrap();
        world.leases(&world.a).acquire("bob").await.unwrap();
        world.clock.advance(TTL + 1);
        assert_eq!(
            world.leases(&world.b).acquire("ann").await.unwrap(),
            Holder::Me
        );
        // The scan then moves only what is still the dead keeper's.
        assert_eq!(
            world.leases(&world.b).take_over_dead().await.unwrap(),
            ["bob"]
        );
        let mut own = world.leases(&world.b).own_orphans().await.unwrap();
        own.sort();
        assert_eq!(own, ["ann", "bob"], "both in b's index");
    }

    #[tokio::test]
    async fn a_resigned_keeper_is_taken_over_without_waiting_for_its_lease() {
        let world = World::new();
        world.leases(&world.a).acquire("ann").await.unwrap();
        world.leases(&world.b).register().await.unwrap();
        assert_eq!(
            world.leases(&world.b).holder("ann").await.unwrap(),
            Some(other("a"))
        );
        world.leases(&world.a).resign().await.unwrap();
        // b's memory of a as live lasts until a's record said; a takeover looks again.
        assert_eq!(
            world.leases(&world.b).take_over_dead().await.unwrap(),
            ["ann"]
        );
    }

    #[tokio::test]
    async fn a_keeper_past_its_time_keeps_only_the_sessions_nobody_took_meanwhile() {
        let world = World::new();
        world.leases(&world.a).acquire("ann").await.unwrap();
        world.leases(&world.a).acquire("bob").await.unwrap();
        // a stalls past its lease; a call on b takes ann alone (nobody claims a's record).
        world.clock.advance(TTL + 1);
        assert_eq!(
            world.leases(&world.b).acquire("ann").await.unwrap(),
            Holder::Me
        );
        assert_eq!(
            world.leases(&world.a).keep_alive().await.unwrap(),
            Standing::Stalled
        );
        assert!(
            world
                .leases(&world.a)
                .taken_by_another("ann")
                .await
                .unwrap(),
            "a must let ann's session go"
        );
        assert!(
            !world
                .leases(&world.a)
                .taken_by_another("bob")
                .await
                .unwrap()
        );
        // A session with no lease item (never written, or lapsed and gone) is nobody
        // else's: it stays.
        assert!(
            !world
                .leases(&world.a)
                .taken_by_another("admin")
                .await
                .unwrap()
        );
        assert_eq!(
            world.leases(&world.a).acquire("ann").await.unwrap(),
            other("b")
        );
        // Registered again, a holds bob's lease as before: nobody can take it now.
        assert_eq!(
            world.leases(&world.b).acquire("bob").await.unwrap(),
            other("a")
        );
    }

    #[tokio::test]
    async fn a_record_rewritten_by_its_own_keeper_meanwhile_loses_nothing() {
        // A call registering the keeper while its renewal runs: the record's version moved
        // under the renewal, nobody claimed it.
        let world = World::new();
        world.leases(&world.a).acquire("ann").await.unwrap();
        let item = world.store.get(KEEPERS, "a").await.unwrap().unwrap();
        world
            .store
            .update(
                NewItem {
                    pk: KEEPERS.into(),
                    sk: "a".into(),
                    data: item.data.clone(),
                    expires_at: None,
                },
                item.version,
            )
            .await
            .unwrap();
        assert_eq!(
            world.leases(&world.a).keep_alive().await.unwrap(),
            Standing::Kept
        );
        assert_eq!(
            world.leases(&world.a).keep_alive().await.unwrap(),
            Standing::Kept
        );
        assert_eq!(
            world.leases(&world.b).acquire("ann").await.unwrap(),
            other("a")
        );
    }

    #[tokio::test]
    async fn a_keeper_whose_record_was_claimed_loses_every_session() {
        let world = World::new();
        world.leases(&world.a).acquire("ann").await.unwrap();
        world.clock.advance(TTL + 1);
        world.leases(&world.b).register().await.unwrap();
        // b claims a's record and is still moving its leases when a wakes up.
        let claimed = world.store.get(KEEPERS, "a").await.unwrap().unwrap();
        let mut data = claimed.data.clone();
        data["taken_by"] = json!("b");
        world
            .store
            .update(
                NewItem {
                    pk: KEEPERS.into(),
                    sk: "a".into(),
                    data,
                    expires_at: None,
                },
                claimed.version,
            )
            .await
            .unwrap();
        assert_eq!(
            world.leases(&world.a).keep_alive().await.unwrap(),
            Standing::Lost
        );
    }

    #[tokio::test]
    async fn a_draining_keeper_lets_go_so_that_a_call_or_a_takeover_opens_the_session_at_once() {
        let world = World::new();
        for user in ["ann", "bob"] {
            world.leases(&world.a).acquire(user).await.unwrap();
        }
        world.leases(&world.b).register().await.unwrap();
        assert_eq!(
            world.leases(&world.b).holder("ann").await.unwrap(),
            Some(other("a")),
            "b has a's record in memory as live"
        );
        for user in ["ann", "bob"] {
            world.leases(&world.a).let_go(user).await.unwrap();
        }
        world.leases(&world.a).resign().await.unwrap();
        assert_eq!(
            world.leases(&world.b).acquire("ann").await.unwrap(),
            Holder::Me,
            "no wait for b's memory of a to expire"
        );
        assert_eq!(
            world.leases(&world.b).take_over_dead().await.unwrap(),
            ["bob"]
        );
    }

    #[tokio::test]
    async fn a_released_lease_is_free_at_once_and_leaves_the_index() {
        let world = World::new();
        world.leases(&world.a).acquire("ann").await.unwrap();
        world.leases(&world.a).release("ann").await.unwrap();
        assert_eq!(world.leases(&world.b).holder("ann").await.unwrap(), None);
        assert!(
            world
                .leases(&world.a)
                .own_orphans()
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            world.leases(&world.b).acquire("ann").await.unwrap(),
            Holder::Me
        );
    }

    #[tokio::test]
    async fn a_restarted_keeper_finds_its_own_sessions_to_reopen() {
        let world = World::new();
        world.leases(&world.a).acquire("ann").await.unwrap();
        // The same id, a fresh process: no memory of its record.
        let again = (world.a.0.clone(), Fleet::default());
        assert!(world.leases(&again).register().await.unwrap());
        assert_eq!(world.leases(&again).own_orphans().await.unwrap(), ["ann"]);
        assert!(
            world
                .leases(&world.b)
                .own_orphans()
                .await
                .unwrap()
                .is_empty(),
            "a still holds it"
        );
    }
}
