//! The per-user event log in the store: ids from an atomic counter, items ordered by id,
//! each expiring after the log's TTL.

use serde_json::json;

use super::{Event, NewEvent};
use crate::store::{NewItem, Query, Store, StoreError};

fn partition(user: &str) -> String {
    format!("events#{user}")
}

fn sort_key(id: u64) -> String {
    format!("event#{id:020}")
}

/// Gives the event the user's next id and stores it until `expires_at`.
pub async fn append(
    store: &dyn Store,
    user: &str,
    event: NewEvent,
    expires_at: i64,
) -> Result<Event, StoreError> {
    let id = store
        .increment(&format!("eventseq#{user}"), "seq", 1)
        .await? as u64;
    let item = NewItem {
        pk: partition(user),
        sk: sort_key(id),
        data: json!({ "name": event.name, "data": event.data }),
        expires_at: Some(expires_at),
    };
    store.put(item).await?;
    Ok(Event {
        id,
        name: event.name.to_string(),
        data: event.data,
    })
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
            let name = item.data["name"].as_str()?.to_string();
            Some(Event {
                id,
                name,
                data: item.data["data"].clone(),
            })
        })
        .collect())
}
