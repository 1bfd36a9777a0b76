//! The store as a route sees it: each call checked against the running route's grants
//! ([`crate::grants`]); a call beyond them fails as a backend error (the route answers 500
//! and names what it lacked in the log), as it would under the function's IAM role.

use std::sync::Arc;

use async_trait::async_trait;

use super::{Item, NewItem, Page, Query, Store, StoreError};
use crate::grants::{self, NotGranted};

pub struct Granted {
    inner: Arc<dyn Store>,
}

impl Granted {
    pub fn new(inner: Arc<dyn Store>) -> Self {
        Self { inner }
    }
}

fn refused(err: NotGranted) -> StoreError {
    StoreError::Backend(err.to_string())
}

fn reading(pk: &str) -> Result<(), StoreError> {
    grants::check_table(false, pk).map_err(refused)
}

fn writing(pk: &str) -> Result<(), StoreError> {
    grants::check_table(true, pk).map_err(refused)
}

#[async_trait]
impl Store for Granted {
    async fn create(&self, item: NewItem) -> Result<Item, StoreError> {
        writing(&item.pk)?;
        self.inner.create(item).await
    }

    async fn put(&self, item: NewItem) -> Result<Item, StoreError> {
        writing(&item.pk)?;
        self.inner.put(item).await
    }

    async fn update(&self, item: NewItem, expected_version: u64) -> Result<Item, StoreError> {
        writing(&item.pk)?;
        self.inner.update(item, expected_version).await
    }

    async fn get(&self, pk: &str, sk: &str) -> Result<Option<Item>, StoreError> {
        reading(pk)?;
        self.inner.get(pk, sk).await
    }

    async fn delete(&self, pk: &str, sk: &str) -> Result<(), StoreError> {
        writing(pk)?;
        self.inner.delete(pk, sk).await
    }

    async fn query(&self, pk: &str, query: &Query) -> Result<Page, StoreError> {
        reading(pk)?;
        self.inner.query(pk, query).await
    }

    async fn increment(&self, pk: &str, sk: &str, by: i64) -> Result<i64, StoreError> {
        writing(pk)?;
        self.inner.increment(pk, sk, by).await
    }
}
