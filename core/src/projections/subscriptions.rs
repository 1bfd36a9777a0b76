//! The subscription requests contacts made that wait for the user's answer (RFC 6121 §3),
//! kept in the store as the user's session sees them, so that any page can list and answer
//! them: a request waits until the user answers or the contact takes it back.

use serde::Serialize;
use serde_json::json;
use tokio_xmpp::jid::BareJid;

use crate::events::{SubscriptionChange, SubscriptionKind};
use crate::store::{self, NewItem, Store, StoreError};

fn key(user: &str) -> String {
    format!("subreq#{user}")
}

/// A request waiting for the user's answer.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Waiting {
    /// Who asks to see the user's presence.
    pub jid: String,
    /// When the session saw the request (seconds since the epoch).
    pub since: i64,
}

/// Keeps track of requests as the session sees them: a request waits until the user answers
/// or the contact takes it back.
pub async fn note(
    store: &dyn Store,
    user: &str,
    change: &SubscriptionChange,
    now: i64,
) -> Result<(), StoreError> {
    let pk = key(user);
    match change.kind {
        SubscriptionKind::Subscribe => store
            .put(NewItem {
                pk,
                sk: change.from.to_string(),
                data: json!({ "since": now }),
                expires_at: None,
            })
            .await
            .map(drop),
        SubscriptionKind::Unsubscribe => store.delete(&pk, change.from.as_str()).await,
        SubscriptionKind::Subscribed | SubscriptionKind::Unsubscribed => Ok(()),
    }
}

/// The user answered `contact`'s request (approved or denied it): it waits no more.
pub async fn answered(store: &dyn Store, user: &str, contact: &BareJid) -> Result<(), StoreError> {
    store.delete(&key(user), contact.as_str()).await
}

/// Forgets every waiting request (the account is gone).
pub async fn forget_all(store: &dyn Store, user: &str) -> Result<(), StoreError> {
    let pk = key(user);
    for item in store::all(store, &pk, "").await? {
        store.delete(&pk, &item.sk).await?;
    }
    Ok(())
}

/// Whether `contact` asked to see the user's presence and waits for an answer.
pub async fn is_waiting(
    store: &dyn Store,
    user: &str,
    contact: &BareJid,
) -> Result<bool, StoreError> {
    Ok(store.get(&key(user), contact.as_str()).await?.is_some())
}

/// The requests waiting for the user's answer, oldest first.
pub async fn waiting(store: &dyn Store, user: &str) -> Result<Vec<Waiting>, StoreError> {
    let mut all: Vec<Waiting> = store::all(store, &key(user), "")
        .await?
        .into_iter()
        .map(|item| Waiting {
            since: item.data["since"].as_i64().unwrap_or_default(),
            jid: item.sk,
        })
        .collect();
    all.sort_by_key(|w| w.since);
    Ok(all)
}
