//! The per-user event log in the store: ids from an atomic counter, items ordered by id,
//! each expiring after the log's TTL.
//!
//! Only the keeper that holds the user's session writes the log, and it reserves ids a
//! block at a time ([`IdBlock`]): one counter write per [`BLOCK`] events instead of one per
//! event. A keeper that takes the session over reserves above every block handed out
//! before, so ids only grow; the ids of a block a keeper did not use up are skipped.
//!
//! Events made together (a message and the change it made to the inbox) are one item: the
//! first event's id is its sort key and the others follow it by one each, so the pair
//! costs one write. An item holds one payload (an object) or several (an array).

use super::{Event, Payload};
use crate::store::{Item, NewItem, Query, Store, StoreError};

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
    /// The next `n` ids, consecutive: a new block is reserved from the user's counter when
    /// this one has fewer left (the rest of it is skipped).
    async fn take(&mut self, store: &dyn Store, user: &str, n: u64) -> Result<u64, StoreError> {
        if self.next == 0 || self.next + n - 1 > self.end {
            let end = store
                .increment(&format!("eventseq#{user}"), "seq", BLOCK as i64)
                .await? as u64;
            (self.next, self.end) = (end - BLOCK + 1, end);
        }
        let first = self.next;
        self.next += n;
        Ok(first)
    }
}

/// The most events stored as one item (within a block's [`BLOCK`] ids).
const GROUPED: usize = 2;

/// Gives the payloads the user's next ids (from the writer's block, in order) and stores
/// them as one item until `expires_at`.
pub async fn append(
    store: &dyn Store,
    user: &str,
    ids: &mut IdBlock,
    payloads: Vec<Payload>,
    expires_at: i64,
) -> Result<Vec<Event>, StoreError> {
    assert!(
        (1..=GROUPED).contains(&payloads.len()),
        "one to {GROUPED} events an item"
    );
    let first = ids.take(store, user, payloads.len() as u64).await?;
    let data = match payloads.as_slice() {
        [one] => serde_json::to_value(one),
        many => serde_json::to_value(many),
    }
    .map_err(|e| StoreError::Backend(e.to_string()))?;
    let item = NewItem {
        pk: partition(user),
        sk: sort_key(first),
        data,
        expires_at: Some(expires_at),
    };
    store.put(item).await?;
    Ok((first..)
        .zip(payloads)
        .map(|(id, payload)| Event { id, payload })
        .collect())
}

/// The id of an item's first event: its sort key.
fn first_id(item: &Item) -> Option<u64> {
    item.sk.strip_prefix("event#")?.parse().ok()
}

/// The events of a stored item, in order (none for one that does not read as events).
fn events_of(item: Item) -> Vec<Event> {
    let Some(first) = first_id(&item) else {
        return Vec::new();
    };
    let payloads = match item.data {
        serde_json::Value::Array(many) => many,
        one => vec![one],
    };
    (first..)
        .zip(payloads)
        .filter_map(|(id, data)| {
            Some(Event {
                id,
                payload: serde_json::from_value(data).ok()?,
            })
        })
        .collect()
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

/// Some of the stored events after `after_id`, oldest first (from at most `limit` items),
/// and the id to go on after when more may follow.
pub async fn after(
    store: &dyn Store,
    user: &str,
    after_id: u64,
    limit: usize,
) -> Result<(Vec<Event>, Option<u64>), StoreError> {
    // The item that starts with `after_id` may hold later events of its own.
    let query = Query {
        prefix: "event#".into(),
        after: after_id.checked_sub(1).map(sort_key),
        descending: false,
        limit,
    };
    let page = store.query(&partition(user), &query).await?;
    // Where the next page goes on: after the last id this page's items hold, whether or
    // not they read as events (one of a newer kind is skipped, not read again forever).
    let next = match page.items.last() {
        Some(last) if page.next.is_some() => Some(last_id(last).unwrap_or(after_id).max(after_id)),
        _ => None,
    };
    let events = page
        .items
        .into_iter()
        .flat_map(events_of)
        .filter(|event| event.id > after_id)
        .collect();
    Ok((events, next))
}

/// The id of an item's last event.
fn last_id(item: &Item) -> Option<u64> {
    let first = first_id(item)?;
    let held = item.data.as_array().map_or(1, Vec::len).max(1) as u64;
    Some(first + held - 1)
}

/// The newest stored events, newest first, from the newest `limit` items.
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
        .flat_map(|item| events_of(item).into_iter().rev())
        .collect())
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use super::*;
    use crate::clock::ManualClock;
    use crate::events::SessionChange;
    use crate::store::embedded::EmbeddedStore;

    fn store() -> EmbeddedStore {
        EmbeddedStore::open(Path::new(":memory:"), Arc::new(ManualClock::new(1_000))).unwrap()
    }

    fn ids(events: &[Event]) -> Vec<u64> {
        events.iter().map(|e| e.id).collect()
    }

    #[tokio::test]
    async fn events_logged_together_are_read_one_by_one_from_any_of_them() {
        let store = store();
        let mut block = IdBlock::default();
        let (one, two) = (SessionChange::online(false), SessionChange::ended("x"));
        let mut written = Vec::new();
        // 31 single events, then pairs: the first pair would straddle the block's end.
        for _ in 0..31 {
            written.extend(
                append(&store, "ann", &mut block, vec![one.clone()], 9_999)
                    .await
                    .unwrap(),
            );
        }
        for _ in 0..3 {
            let pair = append(
                &store,
                "ann",
                &mut block,
                vec![one.clone(), two.clone()],
                9_999,
            )
            .await
            .unwrap();
            assert_eq!(pair[1].id, pair[0].id + 1, "a pair's ids are consecutive");
            written.extend(pair);
        }
        assert_eq!(ids(&written[30..]), [31, 33, 34, 35, 36, 37, 38]);

        let (all, more) = after(&store, "ann", 0, 100).await.unwrap();
        assert_eq!(all, written);
        assert_eq!(more, None);
        // Resuming after the first of a pair gives its second.
        let (rest, _) = after(&store, "ann", 35, 100).await.unwrap();
        assert_eq!(ids(&rest), [36, 37, 38]);
        assert_eq!(rest[0].payload, two);
        let (rest, _) = after(&store, "ann", 36, 100).await.unwrap();
        assert_eq!(ids(&rest), [37, 38]);
        // Pages count items (the one of the id given too) and say when more may follow.
        let (page, more) = after(&store, "ann", 30, 2).await.unwrap();
        assert_eq!(ids(&page), [31]);
        assert_eq!(more, Some(31));
        let (page, _) = after(&store, "ann", 31, 2).await.unwrap();
        assert_eq!(ids(&page), [33, 34]);

        // An item of a kind this version does not read is passed over, not read again.
        store
            .put(NewItem {
                pk: partition("ann"),
                sk: sort_key(39),
                data: serde_json::json!([{"kind": "newer"}, {"kind": "newer"}]),
                expires_at: Some(9_999),
            })
            .await
            .unwrap();
        store
            .put(NewItem {
                pk: partition("ann"),
                sk: sort_key(41),
                data: serde_json::to_value(&one).unwrap(),
                expires_at: Some(9_999),
            })
            .await
            .unwrap();
        let (page, more) = after(&store, "ann", 38, 1).await.unwrap();
        assert_eq!((ids(&page), more), (vec![], Some(40)));
        let (page, more) = after(&store, "ann", 40, 1).await.unwrap();
        assert_eq!((ids(&page), more), (vec![41], None));

        let newest = newest(&store, "ann", 3).await.unwrap();
        assert_eq!(ids(&newest), [41, 38, 37]);
    }
}
