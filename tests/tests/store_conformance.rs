//! The store conformance suite against both adapters: the embedded file store and
//! DynamoDB (moto server, started by ./local/test).

use std::sync::Arc;

use xwg_core::clock::ManualClock;
use xwg_core::store::conformance;
use xwg_core::store::embedded::EmbeddedStore;

/// A fixed start time, so expiry checks do not depend on the wall clock.
const START: i64 = 1_800_000_000;

macro_rules! against_both_adapters {
    ($($check:ident),* $(,)?) => {
        mod embedded {
            use super::*;
            $(
                #[tokio::test]
                async fn $check() {
                    let clock = Arc::new(ManualClock::new(START));
                    let dir = std::env::temp_dir().join(tests::unique("xwg-store-"));
                    std::fs::create_dir_all(&dir).unwrap();
                    let store = EmbeddedStore::open(&dir.join("state.db"), clock.clone()).unwrap();
                    conformance::$check(&store, &clock).await;
                    std::fs::remove_dir_all(&dir).unwrap();
                }
            )*
        }
        mod dynamodb {
            use super::*;
            $(
                #[tokio::test]
                async fn $check() {
                    let clock = Arc::new(ManualClock::new(START));
                    let store = tests::dynamo_store(clock.clone()).await;
                    conformance::$check(&store, &clock).await;
                }
            )*
        }
    };
}

against_both_adapters!(
    create_if_absent,
    conditional_update,
    ttl_expiry,
    ordered_range_query,
    atomic_counter,
    delete,
);

/// The embedded store is a file: what one process wrote, the next one reads.
#[tokio::test]
async fn embedded_state_survives_a_reopen() {
    let clock = Arc::new(ManualClock::new(START));
    let path = std::env::temp_dir().join(format!("{}.db", tests::unique("xwg-reopen-")));
    let item = xwg_core::store::NewItem {
        pk: "user#ann".into(),
        sk: "profile".into(),
        data: serde_json::json!({"name": "Ann"}),
        expires_at: None,
    };
    {
        let store = EmbeddedStore::open(&path, clock.clone()).unwrap();
        xwg_core::store::Store::create(&store, item).await.unwrap();
    }
    let store = EmbeddedStore::open(&path, clock).unwrap();
    let read = xwg_core::store::Store::get(&store, "user#ann", "profile")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(read.data["name"], "Ann");
}
