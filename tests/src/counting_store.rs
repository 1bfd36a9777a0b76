//! A store that counts what passes through it, in DynamoDB's billing units (a write unit
//! per started KiB written, a strongly consistent read unit per started 4 KiB read, at
//! least one per call): the figures the cost model of docs/deploy.md uses (`local/bench`).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use xwg_core::store::{Item, NewItem, Page, Query, Store, StoreError};

#[derive(Default)]
pub struct Units {
    pub reads: AtomicU64,
    pub writes: AtomicU64,
    /// (read units, write units) by key family: a partition key up to its first `#`.
    families: Mutex<BTreeMap<String, (u64, u64)>>,
}

impl Units {
    /// (read units, write units) so far.
    pub fn now(&self) -> (u64, u64) {
        (
            self.reads.load(Ordering::Relaxed),
            self.writes.load(Ordering::Relaxed),
        )
    }

    /// (read units, write units) so far by key family.
    pub fn by_family(&self) -> BTreeMap<String, (u64, u64)> {
        self.families.lock().expect("not poisoned").clone()
    }

    fn add(&self, pk: &str, reads: u64, writes: u64) {
        self.reads.fetch_add(reads, Ordering::Relaxed);
        self.writes.fetch_add(writes, Ordering::Relaxed);
        let family = pk.split_once('#').map_or(pk, |(family, _)| family);
        let mut families = self.families.lock().expect("not poisoned");
        let counted = families.entry(family.to_owned()).or_default();
        counted.0 += reads;
        counted.1 += writes;
    }
}

pub struct CountingStore {
    inner: Arc<dyn Store>,
    pub units: Arc<Units>,
}

impl CountingStore {
    pub fn new(inner: Arc<dyn Store>) -> Self {
        Self {
            inner,
            units: Arc::default(),
        }
    }

    fn wrote(&self, pk: &str, sk: &str, data: &serde_json::Value) {
        let bytes = pk.len() + sk.len() + data.to_string().len() + 32;
        self.units.add(pk, 0, bytes.div_ceil(1024) as u64);
    }

    fn read(&self, pk: &str, items: &[&Item]) {
        let bytes: usize = items
            .iter()
            .map(|i| i.pk.len() + i.sk.len() + i.data.to_string().len() + 32)
            .sum();
        self.units.add(pk, bytes.div_ceil(4096).max(1) as u64, 0);
    }
}

#[async_trait]
impl Store for CountingStore {
    async fn create(&self, item: NewItem) -> Result<Item, StoreError> {
        self.wrote(&item.pk, &item.sk, &item.data);
        self.inner.create(item).await
    }

    async fn put(&self, item: NewItem) -> Result<Item, StoreError> {
        self.wrote(&item.pk, &item.sk, &item.data);
        self.inner.put(item).await
    }

    async fn update(&self, item: NewItem, expected_version: u64) -> Result<Item, StoreError> {
        self.wrote(&item.pk, &item.sk, &item.data);
        self.inner.update(item, expected_version).await
    }

    async fn get(&self, pk: &str, sk: &str) -> Result<Option<Item>, StoreError> {
        let item = self.inner.get(pk, sk).await?;
        self.read(pk, &item.iter().collect::<Vec<_>>());
        Ok(item)
    }

    async fn delete(&self, pk: &str, sk: &str) -> Result<(), StoreError> {
        self.units.add(pk, 0, 1);
        self.inner.delete(pk, sk).await
    }

    async fn query(&self, pk: &str, query: &Query) -> Result<Page, StoreError> {
        let page = self.inner.query(pk, query).await?;
        self.read(pk, &page.items.iter().collect::<Vec<_>>());
        Ok(page)
    }

    async fn increment(&self, pk: &str, sk: &str, by: i64) -> Result<i64, StoreError> {
        self.units.add(pk, 0, 1);
        self.inner.increment(pk, sk, by).await
    }
}
