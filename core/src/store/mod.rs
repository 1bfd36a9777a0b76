//! The state port: one small item-level trait, implemented by an embedded single-file
//! adapter ([`embedded`], the local default) and a DynamoDB adapter ([`dynamodb`]).
//!
//! Items live in one table keyed by a partition key (`pk`, e.g. `user#alice`) and a sort
//! key (`sk`, e.g. `event#00000000000000000042`), carry a JSON document, a version for
//! optimistic concurrency and an optional expiry (seconds since the epoch). An item whose
//! expiry has passed reads as absent everywhere, whether or not the backend has deleted it
//! yet. Both adapters pass the same [`conformance`] suite.

use std::sync::Arc;

use async_trait::async_trait;
use serde_json::Value;

use crate::clock::Clock;
use crate::config::StoreConfig;

#[cfg(feature = "conformance")]
pub mod conformance;
pub mod deadline;
pub mod dynamodb;
#[cfg(feature = "embedded")]
pub mod embedded;
pub mod granted;
mod reseal;
pub use reseal::{Resealed, reseal};

/// What a caller writes.
#[derive(Clone, Debug, PartialEq)]
pub struct NewItem {
    pub pk: String,
    pub sk: String,
    pub data: Value,
    /// When the item stops existing, in seconds since the epoch.
    pub expires_at: Option<i64>,
}

/// What a caller reads back.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub pk: String,
    pub sk: String,
    pub data: Value,
    /// 1 on creation, +1 on every write.
    pub version: u64,
    pub expires_at: Option<i64>,
}

/// A range of one partition, in sort-key order.
#[derive(Clone, Debug, Default)]
pub struct Query {
    /// Only sort keys that start with this.
    pub prefix: String,
    /// Continue after this sort key (in the direction of the query): a page's `next`.
    pub after: Option<String>,
    pub descending: bool,
    pub limit: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    pub items: Vec<Item>,
    /// Where the next page starts, when there is one.
    pub next: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A conditional write found the item in another state (present, absent, other version).
    #[error("condition failed")]
    ConditionFailed,
    #[error("store backend: {0}")]
    Backend(String),
    /// The store cannot be reached or did not answer in time: trying again later may work.
    #[error("store unavailable: {0}")]
    Unavailable(String),
}

#[async_trait]
pub trait Store: Send + Sync {
    /// Writes the item only if no live item has its key.
    async fn create(&self, item: NewItem) -> Result<Item, StoreError>;

    /// Writes the item whatever was there.
    async fn put(&self, item: NewItem) -> Result<Item, StoreError>;

    /// Replaces the live item only if it still has `expected_version`.
    async fn update(&self, item: NewItem, expected_version: u64) -> Result<Item, StoreError>;

    async fn get(&self, pk: &str, sk: &str) -> Result<Option<Item>, StoreError>;

    /// Removes the item; removing an absent item is not an error.
    async fn delete(&self, pk: &str, sk: &str) -> Result<(), StoreError>;

    async fn query(&self, pk: &str, query: &Query) -> Result<Page, StoreError>;

    /// Adds `by` to a counter (created at 0) and returns the new value, atomically.
    async fn increment(&self, pk: &str, sk: &str, by: i64) -> Result<i64, StoreError>;
}

/// Opens the store the configuration names, every call under a deadline.
pub async fn open(
    config: &StoreConfig,
    clock: Arc<dyn Clock>,
) -> Result<Arc<dyn Store>, StoreError> {
    let store: Arc<dyn Store> = match config {
        #[cfg(feature = "embedded")]
        StoreConfig::Embedded { path } => Arc::new(embedded::EmbeddedStore::open(path, clock)?),
        #[cfg(not(feature = "embedded"))]
        StoreConfig::Embedded { .. } => {
            return Err(StoreError::Backend(
                "this build has no embedded store: set XWG_STORE=dynamodb".into(),
            ));
        }
        StoreConfig::DynamoDb { table } => {
            Arc::new(dynamodb::DynamoStore::from_env(table.clone(), clock).await)
        }
    };
    Ok(Arc::new(deadline::Deadline::new(store)))
}

/// Every live item of a partition whose sort key starts with `prefix`, page after page.
pub async fn all(store: &dyn Store, pk: &str, prefix: &str) -> Result<Vec<Item>, StoreError> {
    let mut items = Vec::new();
    let mut after = None;
    loop {
        let query = Query {
            prefix: prefix.to_string(),
            after,
            descending: false,
            limit: 500,
        };
        let page = store.query(pk, &query).await?;
        items.extend(page.items);
        match page.next {
            Some(next) => after = Some(next),
            None => return Ok(items),
        }
    }
}

/// Every live item of a partition whose sort key starts with `prefix`, as its sort key and
/// data read as `K` and `V` (an item that does not read so is left out).
pub async fn all_read_as<K: std::str::FromStr, V: serde::de::DeserializeOwned>(
    store: &dyn Store,
    pk: &str,
    prefix: &str,
) -> Result<Vec<(K, V)>, StoreError> {
    Ok(all(store, pk, prefix)
        .await?
        .into_iter()
        .filter_map(|item| {
            Some((
                item.sk.parse().ok()?,
                serde_json::from_value(item.data).ok()?,
            ))
        })
        .collect())
}

/// A page of at most `limit` items from `limit + 1` fetched: the extra one proves there is more.
fn page_from(mut items: Vec<Item>, limit: usize) -> Page {
    let next = if items.len() > limit {
        items.truncate(limit);
        items.last().map(|item| item.sk.clone())
    } else {
        None
    };
    Page { items, next }
}
