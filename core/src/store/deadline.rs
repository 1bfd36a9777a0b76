//! Every store call under a deadline: a store that hangs (a stalled network, a paused
//! emulator) answers `Unavailable` in time instead of holding every request that touches
//! it, and the caller answers 503 with `Retry-After`.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;

use super::{Item, NewItem, Page, Query, Store, StoreError};

/// The longest one store call may take.
pub const STORE_DEADLINE: Duration = Duration::from_secs(3);

pub struct Deadline {
    inner: Arc<dyn Store>,
    limit: Duration,
}

impl Deadline {
    pub fn new(inner: Arc<dyn Store>) -> Self {
        Self::with_limit(inner, STORE_DEADLINE)
    }

    pub fn with_limit(inner: Arc<dyn Store>, limit: Duration) -> Self {
        Self { inner, limit }
    }

    async fn within<T>(
        &self,
        call: impl Future<Output = Result<T, StoreError>>,
    ) -> Result<T, StoreError> {
        tokio::time::timeout(self.limit, call)
            .await
            .unwrap_or_else(|_| {
                Err(StoreError::Unavailable(
                    "the store did not answer in time".into(),
                ))
            })
    }
}

#[async_trait]
impl Store for Deadline {
    async fn create(&self, item: NewItem) -> Result<Item, StoreError> {
        self.within(self.inner.create(item)).await
    }

    async fn put(&self, item: NewItem) -> Result<Item, StoreError> {
        self.within(self.inner.put(item)).await
    }

    async fn update(&self, item: NewItem, expected_version: u64) -> Result<Item, StoreError> {
        self.within(self.inner.update(item, expected_version)).await
    }

    async fn get(&self, pk: &str, sk: &str) -> Result<Option<Item>, StoreError> {
        self.within(self.inner.get(pk, sk)).await
    }

    async fn delete(&self, pk: &str, sk: &str) -> Result<(), StoreError> {
        self.within(self.inner.delete(pk, sk)).await
    }

    async fn query(&self, pk: &str, query: &Query) -> Result<Page, StoreError> {
        self.within(self.inner.query(pk, query)).await
    }

    async fn increment(&self, pk: &str, sk: &str, by: i64) -> Result<i64, StoreError> {
        self.within(self.inner.increment(pk, sk, by)).await
    }
}
