//! The presences a user's session has seen of its contacts, kept in the store so every
//! function can answer `presence/{target}` and `presence/roster` while the session lives.
//! Keys: `presence#<user>` / `<contact's bare JID>` → `{show, status}`; an unavailable
//! presence removes the contact, and the end of the session clears the user's.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::store::{self, NewItem, Store, StoreError};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Seen {
    #[serde(default)]
    pub show: String,
    #[serde(default)]
    pub status: String,
}

fn key(user: &str) -> String {
    format!("presence#{user}")
}

fn bare(jid: &str) -> &str {
    jid.split('/').next().unwrap_or(jid)
}

/// Records a `chatapi.presence` event's `{type, from, show, status}`.
pub async fn record(
    store: &dyn Store,
    user: &str,
    presence: &Value,
    expires_at: i64,
) -> Result<(), StoreError> {
    let from = bare(presence["from"].as_str().unwrap_or_default());
    if from.is_empty() {
        return Ok(());
    }
    match presence["type"].as_str() {
        Some("available") => {
            let seen = Seen {
                show: presence["show"].as_str().unwrap_or_default().to_string(),
                status: presence["status"].as_str().unwrap_or_default().to_string(),
            };
            store
                .put(NewItem {
                    pk: key(user),
                    sk: from.to_string(),
                    data: json!(seen),
                    expires_at: Some(expires_at),
                })
                .await
                .map(drop)
        }
        Some("unavailable") => store.delete(&key(user), from).await,
        _ => Ok(()),
    }
}

/// The contact's presence as the user's session last saw it; `None`: unavailable.
pub async fn of(store: &dyn Store, user: &str, contact: &str) -> Result<Option<Seen>, StoreError> {
    Ok(store
        .get(&key(user), bare(contact))
        .await?
        .and_then(|item| serde_json::from_value(item.data).ok()))
}

/// Every contact seen available, by bare JID.
pub async fn all(store: &dyn Store, user: &str) -> Result<Vec<(String, Seen)>, StoreError> {
    Ok(store::all(store, &key(user), "")
        .await?
        .into_iter()
        .filter_map(|item| Some((item.sk, serde_json::from_value(item.data).ok()?)))
        .collect())
}

/// Forgets what the user's session saw (it ended: those presences are no longer known).
pub async fn clear(store: &dyn Store, user: &str) -> Result<(), StoreError> {
    for item in store::all(store, &key(user), "").await? {
        store.delete(&key(user), &item.sk).await?;
    }
    Ok(())
}
