//! No gaps: what the server archived while the user had no session (or while a stream was
//! lost without resumption) is read back from the user's archive (MAM) when the session
//! (re)opens, from the last archived message the log has, and logged in order, once.
//! Messages are recognised by their archive id (XEP-0359 `stanza-id`) and their sender's
//! id (`origin-id`), so a message that also arrives live (offline storage, a resent
//! stanza) is logged once.

use std::collections::{HashSet, VecDeque};

use serde_json::json;
use tokio_xmpp::Stanza;
use tokio_xmpp::parsers::mam::Fin;
use xwg_core::events::{Event, Payload, log};
use xwg_core::store::{NewItem, Store, StoreError};

use xwg_core::xmpp::archive::QueryResult;

/// Messages per archive page read while catching up.
pub(crate) const PAGE: usize = 100;
/// The most messages one catch-up logs; beyond, the stream is told of a gap.
pub(crate) const MOST: usize = 5000;
/// How many of the newest logged events are searched for the last archived message.
const SCAN: usize = 500;

/// A catch-up in progress (or about to start: live messages are held from the moment a
/// stream is up until the catch-up is done).
pub(crate) struct CatchUp {
    /// The query id of its archive results.
    pub queryid: String,
    /// The results of the page being read.
    pub results: Vec<QueryResult>,
    /// Live messages that arrived meanwhile: logged after the archive's, in order.
    pub held: Vec<Stanza>,
    /// Messages logged so far.
    pub logged: usize,
    /// Older places to start from, should the archive not know the first (newest first).
    pub fallbacks: VecDeque<String>,
}

impl CatchUp {
    pub fn new() -> Self {
        Self {
            queryid: uuid::Uuid::new_v4().simple().to_string(),
            results: Vec::new(),
            held: Vec::new(),
            logged: 0,
            fallbacks: VecDeque::new(),
        }
    }

    /// Where to start instead when the archive does not know where the last attempt
    /// started (nothing was logged from it yet).
    pub fn fallback(&mut self) -> Option<String> {
        if self.logged > 0 {
            return None;
        }
        self.results.clear();
        self.fallbacks.pop_front()
    }

    /// The next page to read, if the archive has more and the catch-up may go on.
    pub fn next_page(&self, fin: &Fin) -> Option<String> {
        if fin.complete || self.logged >= MOST {
            return None;
        }
        fin.set.last.clone()
    }
}

/// Ids recently logged: archive ids and senders' ids, the last [`Recent::CAPACITY`] of each.
#[derive(Default)]
pub(crate) struct Recent {
    order: VecDeque<String>,
    ids: HashSet<String>,
}

impl Recent {
    const CAPACITY: usize = 2048;

    /// Notes an id; `false` when it was noted already.
    pub fn note(&mut self, id: String) -> bool {
        if self.ids.contains(&id) {
            return false;
        }
        if self.order.len() == Self::CAPACITY
            && let Some(oldest) = self.order.pop_front()
        {
            self.ids.remove(&oldest);
        }
        self.ids.insert(id.clone());
        self.order.push_back(id);
        true
    }

    pub fn contains(&self, id: &str) -> bool {
        self.ids.contains(id)
    }
}

/// The key of an archive id in [`Recent`].
pub(crate) fn archived(id: &str) -> String {
    format!("a:{id}")
}

/// The key of a sender's message id in [`Recent`].
pub(crate) fn sent_by(from: &str, id: &str) -> String {
    format!("o:{from}:{id}")
}

fn cursor_key(user: &str) -> (String, &'static str) {
    (format!("mam#{user}"), "cursor")
}

/// Forgets where the archive was read to (the account is gone: a new one of the same name
/// has an archive of its own, where the old id names nothing).
pub(crate) async fn forget(store: &dyn Store, user: &str) -> Result<(), StoreError> {
    let (pk, sk) = cursor_key(user);
    store.delete(&pk, sk).await
}

/// How many places to start from are tried, newest first.
const CANDIDATES: usize = 5;

/// Where to catch up from, newest first: the archive ids of the newest logged messages
/// that have one (the log is written with the event, so it is exact even after a crash),
/// and the cursor kept at the end of the last session. The archive ids logged recently are
/// noted in `recent`, so that what the archive sends again is logged once.
pub(crate) async fn cursor(
    store: &dyn Store,
    user: &str,
    recent: &mut Recent,
) -> Result<Vec<String>, StoreError> {
    let mut candidates = Vec::new();
    for event in log::newest(store, user, SCAN).await? {
        if let Event {
            payload: Payload::Chat(message),
            ..
        } = event
            && let Some(id) = message.stanza_id
        {
            recent.note(archived(&id));
            if candidates.len() < CANDIDATES && !candidates.contains(&id) {
                candidates.push(id);
            }
        }
    }
    let (pk, sk) = cursor_key(user);
    if let Some(kept) = store
        .get(&pk, sk)
        .await?
        .and_then(|item| item.data["id"].as_str().map(str::to_string))
        && !candidates.contains(&kept)
    {
        candidates.push(kept);
    }
    Ok(candidates)
}

/// Keeps where the archive was read to, for a session that opens after the log expired.
pub(crate) async fn save_cursor(store: &dyn Store, user: &str, id: &str) -> Result<(), StoreError> {
    let (pk, sk) = cursor_key(user);
    store
        .put(NewItem {
            pk,
            sk: sk.into(),
            data: json!({ "id": id }),
            expires_at: None,
        })
        .await
        .map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_forgotten_account_has_no_place_to_catch_up_from() {
        let clock = std::sync::Arc::new(xwg_core::clock::ManualClock::new(1_000_000));
        let store =
            xwg_core::store::embedded::EmbeddedStore::open(std::path::Path::new(":memory:"), clock)
                .unwrap();
        save_cursor(&store, "ann", "archive-id-1").await.unwrap();
        let mut recent = Recent::default();
        assert_eq!(
            cursor(&store, "ann", &mut recent).await.unwrap(),
            ["archive-id-1"]
        );
        // A new account of the same name must not start from the old one's archive id.
        forget(&store, "ann").await.unwrap();
        assert!(cursor(&store, "ann", &mut recent).await.unwrap().is_empty());
    }

    #[test]
    fn recent_ids_are_noted_once_and_the_oldest_forgotten() {
        let mut recent = Recent::default();
        assert!(recent.note(archived("1")));
        assert!(!recent.note(archived("1")));
        assert!(recent.note(sent_by("ann@x", "1")), "another kind of id");
        for i in 2..=Recent::CAPACITY + 1 {
            recent.note(archived(&i.to_string()));
        }
        assert!(!recent.contains(&archived("1")), "forgotten");
        assert!(recent.contains(&archived(&(Recent::CAPACITY + 1).to_string())));
    }
}
