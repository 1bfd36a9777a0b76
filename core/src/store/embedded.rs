//! The embedded adapter: one SQLite file (bundled SQLite, no server), the local default.
//!
//! Every operation runs in one SQLite transaction on a blocking thread, so conditional
//! writes and counters are atomic without any locking of our own beyond the connection.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::{Item, NewItem, Page, Query, Store, StoreError, page_from};
use crate::clock::Clock;

/// An item is live until its expiry second has passed.
fn is_live(expires_at: Option<i64>, now: i64) -> bool {
    expires_at.is_none_or(|at| at > now)
}

pub struct EmbeddedStore {
    conn: Arc<Mutex<Connection>>,
    clock: Arc<dyn Clock>,
    /// Transactions so far: every `PURGE_EVERY`th also deletes expired items.
    transactions: AtomicU64,
}

/// How often expired items are deleted for good (they read as absent before that).
const PURGE_EVERY: u64 = 1000;

const SCHEMA: &str = "
    PRAGMA journal_mode = WAL;
    PRAGMA synchronous = NORMAL;
    CREATE TABLE IF NOT EXISTS items (
        pk TEXT NOT NULL,
        sk TEXT NOT NULL,
        data TEXT NOT NULL,
        version INTEGER NOT NULL,
        expires_at INTEGER,
        PRIMARY KEY (pk, sk)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS items_by_expiry ON items (expires_at) WHERE expires_at IS NOT NULL;
    CREATE TABLE IF NOT EXISTS counters (
        pk TEXT NOT NULL,
        sk TEXT NOT NULL,
        value INTEGER NOT NULL,
        PRIMARY KEY (pk, sk)
    ) WITHOUT ROWID;
";

impl From<rusqlite::Error> for StoreError {
    fn from(err: rusqlite::Error) -> Self {
        StoreError::Backend(err.to_string())
    }
}

/// Creates the file with mode 0600, or narrows an existing one to it.
fn owner_only(path: &Path) -> Result<(), StoreError> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let backend = |err: std::io::Error| StoreError::Backend(format!("{}: {err}", path.display()));
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(path)
        .map_err(backend)?;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).map_err(backend)
}

impl EmbeddedStore {
    /// Opens (creating if needed) the store file at `path`; `:memory:` for a throwaway one.
    /// The file is readable by its owner only (SQLite gives its journal the same mode).
    pub fn open(path: &Path, clock: Arc<dyn Clock>) -> Result<Self, StoreError> {
        if path != Path::new(":memory:") {
            owner_only(path)?;
        }
        let conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.execute_batch(SCHEMA)?;
        Ok(Self {
            conn: Arc::new(Mutex::new(conn)),
            clock,
            transactions: AtomicU64::new(0),
        })
    }

    /// Runs `work` in one transaction on a blocking thread.
    async fn transaction<T, F>(&self, work: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction<'_>, i64) -> Result<T, StoreError> + Send + 'static,
    {
        let conn = Arc::clone(&self.conn);
        let now = self.clock.now();
        let purge =
            self.transactions.fetch_add(1, Ordering::Relaxed) % PURGE_EVERY == PURGE_EVERY - 1;
        tokio::task::spawn_blocking(move || {
            let mut conn = conn
                .lock()
                .map_err(|_| StoreError::Backend("store lock poisoned".into()))?;
            let tx = conn.transaction()?;
            let result = work(&tx, now)?;
            if purge {
                purge_expired(&tx, now)?;
            }
            tx.commit()?;
            Ok(result)
        })
        .await
        .map_err(|err| StoreError::Backend(err.to_string()))?
    }
}

/// Deletes what has expired: the file does not grow with old events and spent tokens.
fn purge_expired(tx: &Transaction<'_>, now: i64) -> Result<(), StoreError> {
    tx.execute(
        "DELETE FROM items WHERE expires_at IS NOT NULL AND expires_at <= ?1",
        params![now],
    )?;
    Ok(())
}

/// The live version of an item, if any.
fn live_version(
    tx: &Transaction<'_>,
    pk: &str,
    sk: &str,
    now: i64,
) -> Result<Option<u64>, StoreError> {
    let row: Option<(i64, Option<i64>)> = tx
        .query_row(
            "SELECT version, expires_at FROM items WHERE pk = ?1 AND sk = ?2",
            params![pk, sk],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    Ok(row
        .filter(|(_, expires_at)| is_live(*expires_at, now))
        .map(|(version, _)| version as u64))
}

fn write(tx: &Transaction<'_>, item: NewItem, version: u64) -> Result<Item, StoreError> {
    tx.execute(
        "INSERT OR REPLACE INTO items (pk, sk, data, version, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![item.pk, item.sk, item.data.to_string(), version as i64, item.expires_at],
    )?;
    Ok(Item {
        pk: item.pk,
        sk: item.sk,
        data: item.data,
        version,
        expires_at: item.expires_at,
    })
}

type Row = (String, String, String, i64, Option<i64>);

fn item_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    Ok((
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
        row.get(4)?,
    ))
}

fn parse_item((pk, sk, data, version, expires_at): Row) -> Result<Item, StoreError> {
    let data = serde_json::from_str(&data).map_err(|err| StoreError::Backend(err.to_string()))?;
    Ok(Item {
        pk,
        sk,
        data,
        version: version as u64,
        expires_at,
    })
}

#[async_trait]
impl Store for EmbeddedStore {
    async fn create(&self, item: NewItem) -> Result<Item, StoreError> {
        self.transaction(
            move |tx, now| match live_version(tx, &item.pk, &item.sk, now)? {
                Some(_) => Err(StoreError::ConditionFailed),
                None => write(tx, item, 1),
            },
        )
        .await
    }

    async fn put(&self, item: NewItem) -> Result<Item, StoreError> {
        self.transaction(move |tx, now| {
            let version = live_version(tx, &item.pk, &item.sk, now)?.unwrap_or(0);
            write(tx, item, version + 1)
        })
        .await
    }

    async fn update(&self, item: NewItem, expected_version: u64) -> Result<Item, StoreError> {
        self.transaction(
            move |tx, now| match live_version(tx, &item.pk, &item.sk, now)? {
                Some(version) if version == expected_version => write(tx, item, version + 1),
                _ => Err(StoreError::ConditionFailed),
            },
        )
        .await
    }

    async fn get(&self, pk: &str, sk: &str) -> Result<Option<Item>, StoreError> {
        let (pk, sk) = (pk.to_string(), sk.to_string());
        self.transaction(move |tx, now| {
            let row = tx
                .query_row(
                    "SELECT pk, sk, data, version, expires_at FROM items WHERE pk = ?1 AND sk = ?2",
                    params![pk, sk],
                    item_from_row,
                )
                .optional()?;
            row.filter(|row| is_live(row.4, now))
                .map(parse_item)
                .transpose()
        })
        .await
    }

    async fn delete(&self, pk: &str, sk: &str) -> Result<(), StoreError> {
        let (pk, sk) = (pk.to_string(), sk.to_string());
        self.transaction(move |tx, _| {
            tx.execute(
                "DELETE FROM items WHERE pk = ?1 AND sk = ?2",
                params![pk, sk],
            )?;
            Ok(())
        })
        .await
    }

    async fn query(&self, pk: &str, query: &Query) -> Result<Page, StoreError> {
        let (pk, query) = (pk.to_string(), query.clone());
        self.transaction(move |tx, now| {
            let (cmp, order) = if query.descending {
                ("<", "DESC")
            } else {
                (">", "ASC")
            };
            let sql = format!(
                "SELECT pk, sk, data, version, expires_at FROM items
                 WHERE pk = ?1 AND substr(sk, 1, length(?2)) = ?2
                   AND (?3 IS NULL OR sk {cmp} ?3)
                   AND (expires_at IS NULL OR expires_at > ?4)
                 ORDER BY sk {order} LIMIT ?5"
            );
            let mut statement = tx.prepare(&sql)?;
            let rows = statement.query_map(
                params![pk, query.prefix, query.after, now, (query.limit + 1) as i64],
                item_from_row,
            )?;
            let items = rows
                .map(|row| parse_item(row?))
                .collect::<Result<Vec<_>, StoreError>>()?;
            Ok(page_from(items, query.limit))
        })
        .await
    }

    async fn increment(&self, pk: &str, sk: &str, by: i64) -> Result<i64, StoreError> {
        let (pk, sk) = (pk.to_string(), sk.to_string());
        self.transaction(move |tx, _| {
            Ok(tx.query_row(
                "INSERT INTO counters (pk, sk, value) VALUES (?1, ?2, ?3)
                 ON CONFLICT (pk, sk) DO UPDATE SET value = value + excluded.value
                 RETURNING value",
                params![pk, sk, by],
                |row| row.get(0),
            )?)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::clock::ManualClock;

    fn rows(store: &EmbeddedStore) -> i64 {
        let conn = store.conn.lock().unwrap();
        conn.query_row("SELECT COUNT(*) FROM items", [], |row| row.get(0))
            .unwrap()
    }

    #[tokio::test]
    async fn expired_items_are_deleted_for_good_every_so_often() {
        let clock = Arc::new(ManualClock::new(1_000));
        let store = EmbeddedStore::open(Path::new(":memory:"), clock.clone()).unwrap();
        let item = |sk: &str, expires_at| NewItem {
            pk: "p".into(),
            sk: sk.into(),
            data: json!(1),
            expires_at,
        };
        store.create(item("old", Some(1_010))).await.unwrap();
        store.create(item("kept", None)).await.unwrap();
        clock.advance(60);
        assert_eq!(rows(&store), 2, "expired but still in the file");
        for _ in 0..PURGE_EVERY {
            store.get("p", "kept").await.unwrap();
        }
        assert_eq!(
            rows(&store),
            1,
            "the expired item is gone, the live one stays"
        );
    }
}
