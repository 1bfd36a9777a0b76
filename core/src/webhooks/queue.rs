//! Each webhook's deliveries waiting in the store, in the order they were queued (a user's
//! events in the order of their ids), and where its delivery stands (failures in a row,
//! the next attempt, the last error).

use serde::{Deserialize, Serialize};

use super::Delivery;
use crate::store::{self, NewItem, Query, Store, StoreError};

fn partition(hook: &str) -> String {
    format!("hookq#{hook}")
}

const WAITING: &str = "d#";
const STANDING: &str = "standing";

fn backend(err: serde_json::Error) -> StoreError {
    StoreError::Backend(err.to_string())
}

/// Queues a delivery until `expires_at`. Keys sort by time, then user, then event id, so
/// a user's events wait in their order.
pub async fn push(
    store: &dyn Store,
    hook: &str,
    delivery: &Delivery,
    event_id: u64,
    expires_at: i64,
) -> Result<(), StoreError> {
    store
        .put(NewItem {
            pk: partition(hook),
            sk: format!(
                "{WAITING}{:015}#{}#{event_id:020}",
                delivery.timestamp, delivery.user
            ),
            data: serde_json::to_value(delivery).map_err(backend)?,
            expires_at: Some(expires_at),
        })
        .await
        .map(drop)
}

/// The oldest waiting deliveries, at most `limit`, with their keys.
pub async fn oldest(
    store: &dyn Store,
    hook: &str,
    limit: usize,
) -> Result<Vec<(String, Delivery)>, StoreError> {
    let page = store
        .query(
            &partition(hook),
            &Query {
                prefix: WAITING.into(),
                limit,
                ..Default::default()
            },
        )
        .await?;
    page.items
        .into_iter()
        .map(|item| Ok((item.sk, serde_json::from_value(item.data).map_err(backend)?)))
        .collect()
}

/// How many deliveries wait (up to `limit`: a count for people, not an exact figure).
pub async fn waiting(store: &dyn Store, hook: &str, limit: usize) -> Result<usize, StoreError> {
    Ok(oldest(store, hook, limit).await?.len())
}

pub async fn done(store: &dyn Store, hook: &str, key: &str) -> Result<(), StoreError> {
    store.delete(&partition(hook), key).await
}

/// Forgets everything of a deleted webhook.
pub async fn purge(store: &dyn Store, hook: &str) -> Result<(), StoreError> {
    let pk = partition(hook);
    for item in store::all(store, &pk, "").await? {
        store.delete(&pk, &item.sk).await?;
    }
    Ok(())
}

/// Where a webhook's delivery stands.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Standing {
    /// Failed attempts in a row (0: the last attempt succeeded).
    pub failures: u32,
    /// When the first of them failed (ms), while failing.
    pub failing_since: Option<i64>,
    /// Not before this (ms).
    pub next_attempt: i64,
    /// What the last failure was (a status or a connection error; never a body).
    pub last_error: Option<String>,
    /// Deliveries made so far.
    pub delivered: u64,
}

pub async fn standing(store: &dyn Store, hook: &str) -> Result<Standing, StoreError> {
    Ok(match store.get(&partition(hook), STANDING).await? {
        Some(item) => serde_json::from_value(item.data).map_err(backend)?,
        None => Standing::default(),
    })
}

/// Written only by the keeper that delivers (under its lease).
pub async fn set_standing(
    store: &dyn Store,
    hook: &str,
    standing: &Standing,
) -> Result<(), StoreError> {
    store
        .put(NewItem {
            pk: partition(hook),
            sk: STANDING.into(),
            data: serde_json::to_value(standing).map_err(backend)?,
            expires_at: None,
        })
        .await
        .map(drop)
}
