//! The per-user event log in the store: ids from an atomic counter, items ordered by id,
//! each expiring after the log's TTL.
//!
//! Only the keeper that holds the user's session writes the log, and it reserves ids a
//! block at a time ([`IdBlock`]): one counter write per [`BLOCK`] events instead of one per
//! event. A keeper that takes the session over reserves above every block handed out
//! before, so ids only grow; the ids of a block a keeper did not use up are skipped.

use super::{Event, Payload};
use crate::store::{NewItem, Query, Store, StoreError};

fn partition(user: &str) -> String {
    format!("events#{user}")
}

fn sort_key(id: u64) -> String {
    format!("event#{id:020}")
}

/// Ids reserved at once.
pub const BLOCK: u64 = 32;

/// The ids a writer has reserved and not used yet.
#[derive(Debug, Default)]
pub struct IdBlock {
    next: u64,
    end: u64,
}

impl IdBlock {
    /// The next id, reserving a new block from the user's counter when this one is used up.
    async fn take(&mut self, store: &dyn Store, user: &str) -> Result<u64, StoreError> {
        if self.next == 0 || self.next > self.end {
            let end = store
                .increment(&format!("eventseq#{user}"), "seq", BLOCK as i64)
                .await? as u64;
            (self.next, self.end) = (end - BLOCK + 1, end);
        }
        let id = self.next;
        self.next += 1;
        Ok(id)
    }
}

/// Gives the event the user's next id (from the writer's block) and stores it until
/// `expires_at`.
pub async fn append(
    store: &dyn Store,
    user: &str,
    ids: &mut IdBlock,
    payload: Payload,
    expires_at: i64,
) -> Result<Event, StoreError> {
    let id = ids.take(store, user).await?;
    let data = serde_json::to_value(&payload).map_err(|e| StoreError::Backend(e.to_string()))?;
    let item = NewItem {
        pk: partition(user),
        sk: sort_key(id),
        data,
        expires_at: Some(expires_at),
    };
    store.put(item).await?;
    Ok(Event { id, payload })
}

/// Deletes every stored event of the user (the account is gone). Ids go on from where they
/// were, so an id a client kept never names a later event of someone else.
pub async fn purge(store: &dyn Store, user: &str) -> Result<(), StoreError> {
    let pk = partition(user);
    for item in crate::store::all(store, &pk, "event#").await? {
        store.delete(&pk, &item.sk).await?;
    }
    Ok(())
}

/// The stored events after `after_id`, oldest first, at most `limit` of them.
pub async fn after(
    store: &dyn Store,
    user: &str,
    after_id: u64,
    limit: usize,
) -> Result<Vec<Event>, StoreError> {
    let query = Query {
        prefix: "event#".into(),
        after: Some(sort_key(after_id)),
        descending: false,
        limit,
    };
    let page = store.query(&partition(user), &query).await?;
    Ok(page
        .items
        .into_iter()
        .filter_map(|item| {
            let id = item.sk.strip_prefix("event#")?.parse().ok()?;
            let payload = serde_json::from_value(item.data).ok()?;
            Some(Event { id, payload })
        })
        .collect())
}

/// The newest stored events, newest first, at most `limit` of them.
pub async fn newest(store: &dyn Store, user: &str, limit: usize) -> Result<Vec<Event>, StoreError> {
    let query = Query {
        prefix: "event#".into(),
        after: None,
        descending: true,
        limit,
    };
    let page = store.query(&partition(user), &query).await?;
    Ok(page
        .items
        .into_iter()
        .filter_map(|item| {
            let id = item.sk.strip_prefix("event#")?.parse().ok()?;
            let payload = serde_json::from_value(item.data).ok()?;
            Some(Event { id, payload })
        })
        .collect())
}
