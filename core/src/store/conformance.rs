//! The behaviour every [`Store`] adapter must show, run by the tests crate against each
//! adapter. Each check takes a fresh, empty store and the [`ManualClock`] it was built with.
//! Test code (behind the `conformance` feature): a failed step panics with what it found.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::json;

use super::{NewItem, Query, Store, StoreError};
use crate::clock::{Clock, ManualClock};

fn item(pk: &str, sk: &str, data: serde_json::Value, expires_at: Option<i64>) -> NewItem {
    NewItem {
        pk: pk.into(),
        sk: sk.into(),
        data,
        expires_at,
    }
}

/// Creating never overwrites a live item; the loser sees `ConditionFailed`.
pub async fn create_if_absent(store: &dyn Store, _clock: &ManualClock) {
    let first = store
        .create(item("u#1", "profile", json!({"name": "Ann"}), None))
        .await
        .unwrap();
    assert_eq!(first.version, 1);
    let second = store
        .create(item("u#1", "profile", json!({"name": "Bob"}), None))
        .await;
    assert!(
        matches!(second, Err(StoreError::ConditionFailed)),
        "{second:?}"
    );
    let stored = store.get("u#1", "profile").await.unwrap().unwrap();
    assert_eq!(stored.data, json!({"name": "Ann"}));
    assert!(store.get("u#1", "other").await.unwrap().is_none());
    assert!(store.get("u#2", "profile").await.unwrap().is_none());
}

/// An update applies only to the version it was based on; the stale writer loses.
pub async fn conditional_update(store: &dyn Store, _clock: &ManualClock) {
    let v1 = store
        .create(item("u#1", "lease", json!({"owner": "a"}), None))
        .await
        .unwrap();
    let v2 = store
        .update(
            item("u#1", "lease", json!({"owner": "b"}), None),
            v1.version,
        )
        .await
        .unwrap();
    assert_eq!(v2.version, 2);
    let stale = store
        .update(
            item("u#1", "lease", json!({"owner": "c"}), None),
            v1.version,
        )
        .await;
    assert!(
        matches!(stale, Err(StoreError::ConditionFailed)),
        "{stale:?}"
    );
    assert_eq!(
        store.get("u#1", "lease").await.unwrap().unwrap().data,
        json!({"owner": "b"})
    );
    let absent = store.update(item("u#9", "lease", json!({}), None), 1).await;
    assert!(
        matches!(absent, Err(StoreError::ConditionFailed)),
        "{absent:?}"
    );
    let put = store
        .put(item("u#1", "lease", json!({"owner": "d"}), None))
        .await
        .unwrap();
    assert_eq!(put.version, 3);
    assert_eq!(
        store
            .put(item("u#8", "new", json!(1), None))
            .await
            .unwrap()
            .version,
        1
    );
}

/// An expired item reads as absent and can be created again, even if the backend still has it.
pub async fn ttl_expiry(store: &dyn Store, clock: &ManualClock) {
    let now = clock.now();
    let v1 = store
        .create(item("u#1", "challenge", json!("c1"), Some(now + 60)))
        .await
        .unwrap();
    store
        .create(item("u#1", "forever", json!("f"), None))
        .await
        .unwrap();
    assert!(store.get("u#1", "challenge").await.unwrap().is_some());
    clock.advance(59);
    assert!(
        store.get("u#1", "challenge").await.unwrap().is_some(),
        "alive until its second passes"
    );
    clock.advance(1);
    assert!(
        store.get("u#1", "challenge").await.unwrap().is_none(),
        "expired reads as absent"
    );
    let listed = store
        .query(
            "u#1",
            &Query {
                limit: 10,
                ..Query::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        listed
            .items
            .iter()
            .map(|i| i.sk.as_str())
            .collect::<Vec<_>>(),
        ["forever"]
    );
    let stale = store
        .update(item("u#1", "challenge", json!("c2"), None), v1.version)
        .await;
    assert!(
        matches!(stale, Err(StoreError::ConditionFailed)),
        "an expired item cannot be updated"
    );
    let again = store
        .create(item(
            "u#1",
            "challenge",
            json!("c3"),
            Some(clock.now() + 60),
        ))
        .await
        .unwrap();
    assert_eq!(again.version, 1);
    assert_eq!(
        store.get("u#1", "challenge").await.unwrap().unwrap().data,
        json!("c3")
    );
}

/// Range queries come in sort-key order, stay inside the prefix and page without loss or repeats.
pub async fn ordered_range_query(store: &dyn Store, clock: &ManualClock) {
    for n in (1..=25).rev() {
        let sk = format!("event#{n:020}");
        store
            .create(item("u#1", &sk, json!({"n": n}), None))
            .await
            .unwrap();
    }
    store
        .create(item("u#1", "profile", json!({}), None))
        .await
        .unwrap();
    store
        .create(item("u#2", "event#00000000000000000001", json!({}), None))
        .await
        .unwrap();
    store
        .create(item(
            "u#1",
            "event#99999999999999999999",
            json!({}),
            Some(clock.now() + 1),
        ))
        .await
        .unwrap();
    clock.advance(5);

    for descending in [false, true] {
        let mut seen = Vec::new();
        let mut after = None;
        let mut pages = 0;
        loop {
            let query = Query {
                prefix: "event#".into(),
                after,
                descending,
                limit: 10,
            };
            let page = store.query("u#1", &query).await.unwrap();
            pages += 1;
            assert!(page.items.len() <= 10);
            seen.extend(page.items.iter().map(|i| i.data["n"].as_i64().unwrap()));
            match page.next {
                Some(next) => after = Some(next),
                None => break,
            }
        }
        let mut expected: Vec<i64> = (1..=25).collect();
        if descending {
            expected.reverse();
        }
        assert_eq!(seen, expected, "descending={descending}");
        assert_eq!(pages, 3, "25 items in pages of 10, descending={descending}");
    }

    let resumed = Query {
        prefix: "event#".into(),
        after: Some(format!("event#{:020}", 23)),
        descending: false,
        limit: 10,
    };
    let page = store.query("u#1", &resumed).await.unwrap();
    assert_eq!(
        page.items
            .iter()
            .map(|i| i.data["n"].as_i64().unwrap())
            .collect::<Vec<_>>(),
        [24, 25]
    );
    assert_eq!(page.next, None);
}

/// Counters start at zero and never hand out the same value twice, even under concurrency.
pub async fn atomic_counter(store: &dyn Store, _clock: &ManualClock) {
    assert_eq!(store.increment("u#1", "event-seq", 1).await.unwrap(), 1);
    assert_eq!(store.increment("u#1", "event-seq", 1).await.unwrap(), 2);
    assert_eq!(store.increment("u#2", "event-seq", 5).await.unwrap(), 5);
    let results =
        futures::future::join_all((0..20).map(|_| store.increment("u#1", "event-seq", 1))).await;
    let mut values: Vec<i64> = results.into_iter().map(Result::unwrap).collect();
    values.sort();
    assert_eq!(values, (3..=22).collect::<Vec<_>>());
}

/// Deleting removes the item; deleting an absent one is fine.
pub async fn delete(store: &dyn Store, _clock: &ManualClock) {
    store
        .create(item("u#1", "token", json!("t"), None))
        .await
        .unwrap();
    store.delete("u#1", "token").await.unwrap();
    assert!(store.get("u#1", "token").await.unwrap().is_none());
    store.delete("u#1", "token").await.unwrap();
    let recreated = store
        .create(item("u#1", "token", json!("t2"), None))
        .await
        .unwrap();
    assert_eq!(recreated.version, 1);
}
