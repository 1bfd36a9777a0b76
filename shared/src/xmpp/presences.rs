//! The presences a user's session has seen, kept in the store so every function can answer
//! while the session lives: contacts' (`presence/{target}`, `presence/roster`) and the
//! occupants of the rooms the user is in (`groupchat/room/{room}/occupants`).
//! Keys: `presence#<user>` / `<contact's bare JID>` → `{show, status}`;
//! `occupants#<user>` / `<room@service/nick>` → `{role, affiliation, jid}`. An unavailable
//! presence removes the entry, and the end of the session clears the user's.

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
    if presence["muc"].is_object() {
        return record_occupant(store, user, presence, expires_at).await;
    }
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

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Occupant {
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub affiliation: String,
    /// The occupant's real bare JID, where the room shows it.
    #[serde(default)]
    pub jid: Option<String>,
}

fn occupants_key(user: &str) -> String {
    format!("occupants#{user}")
}

async fn record_occupant(
    store: &dyn Store,
    user: &str,
    presence: &Value,
    expires_at: i64,
) -> Result<(), StoreError> {
    let from = presence["from"].as_str().unwrap_or_default();
    if !from.contains('/') {
        return Ok(());
    }
    if presence["type"] == "unavailable" {
        return store.delete(&occupants_key(user), from).await;
    }
    let occupant: Occupant = serde_json::from_value(presence["muc"].clone()).unwrap_or_default();
    store
        .put(NewItem {
            pk: occupants_key(user),
            sk: from.to_string(),
            data: json!(occupant),
            expires_at: Some(expires_at),
        })
        .await
        .map(drop)
}

/// The occupants of a room the user is in, by occupant JID (`room@service/nick`).
pub async fn occupants(
    store: &dyn Store,
    user: &str,
    room: &str,
) -> Result<Vec<(String, Occupant)>, StoreError> {
    Ok(store::all(store, &occupants_key(user), &format!("{room}/"))
        .await?
        .into_iter()
        .filter_map(|item| Some((item.sk, serde_json::from_value(item.data).ok()?)))
        .collect())
}

/// Forgets a room's occupants (the user left it).
pub async fn forget_room(store: &dyn Store, user: &str, room: &str) -> Result<(), StoreError> {
    for item in store::all(store, &occupants_key(user), &format!("{room}/")).await? {
        store.delete(&occupants_key(user), &item.sk).await?;
    }
    Ok(())
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
    for pk in [key(user), occupants_key(user)] {
        for item in store::all(store, &pk, "").await? {
            store.delete(&pk, &item.sk).await?;
        }
    }
    Ok(())
}
