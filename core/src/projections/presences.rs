//! The presences a user's session has seen, kept in the store so every function can answer
//! while the session lives: contacts' (`presence/{target}`, `presence/roster`) and the
//! occupants of the rooms the user is in (`groupchat/room/{room}/occupants`).
//! Keys: `presence#<user>` / `<contact's bare JID>` → [`Seen`];
//! `occupants#<user>` / `<room@service/nick>` → [`Occupancy`]. An unavailable presence
//! removes the entry, and the end of the session clears the user's.

use serde::{Deserialize, Serialize};
use serde_json::json;
use tokio_xmpp::jid::{BareJid, Jid};

use crate::events::{Occupancy, PresenceChange, PresenceKind, Show};
use crate::store::{self, NewItem, Store, StoreError};

/// A contact's presence as the session last saw it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Seen {
    #[serde(default)]
    pub show: Show,
    #[serde(default)]
    pub status: String,
}

fn key(user: &str) -> String {
    format!("presence#{user}")
}

fn occupants_key(user: &str) -> String {
    format!("occupants#{user}")
}

/// Records what a presence says: a contact's availability, or a room occupant's.
pub async fn record(
    store: &dyn Store,
    user: &str,
    presence: &PresenceChange,
    expires_at: i64,
) -> Result<(), StoreError> {
    let Some(from) = &presence.from else {
        return Ok(());
    };
    if let Some(occupancy) = &presence.muc {
        return record_occupant(store, user, from, presence.kind, occupancy, expires_at).await;
    }
    let contact = from.to_bare().to_string();
    match presence.kind {
        PresenceKind::Available => {
            let seen = Seen {
                show: presence.show,
                status: presence.status.clone(),
            };
            store
                .put(NewItem {
                    pk: key(user),
                    sk: contact,
                    data: json!(seen),
                    expires_at: Some(expires_at),
                })
                .await
                .map(drop)
        }
        PresenceKind::Unavailable => store.delete(&key(user), &contact).await,
        _ => Ok(()),
    }
}

async fn record_occupant(
    store: &dyn Store,
    user: &str,
    from: &Jid,
    kind: PresenceKind,
    occupancy: &Occupancy,
    expires_at: i64,
) -> Result<(), StoreError> {
    // An occupant is `room@service/nick`; a presence from the room itself is not one.
    if from.resource().is_none() {
        return Ok(());
    }
    if kind == PresenceKind::Unavailable {
        return store.delete(&occupants_key(user), &from.to_string()).await;
    }
    store
        .put(NewItem {
            pk: occupants_key(user),
            sk: from.to_string(),
            data: json!(occupancy),
            expires_at: Some(expires_at),
        })
        .await
        .map(drop)
}

/// The occupants of a room the user is in, by occupant JID (`room@service/nick`).
pub async fn occupants(
    store: &dyn Store,
    user: &str,
    room: &BareJid,
) -> Result<Vec<(Jid, Occupancy)>, StoreError> {
    store::all_read_as(store, &occupants_key(user), &format!("{room}/")).await
}

/// Forgets a room's occupants (the user left it).
pub async fn forget_room(store: &dyn Store, user: &str, room: &BareJid) -> Result<(), StoreError> {
    for item in store::all(store, &occupants_key(user), &format!("{room}/")).await? {
        store.delete(&occupants_key(user), &item.sk).await?;
    }
    Ok(())
}

/// The contact's presence as the user's session last saw it; `None`: unavailable.
pub async fn of(
    store: &dyn Store,
    user: &str,
    contact: &BareJid,
) -> Result<Option<Seen>, StoreError> {
    Ok(store
        .get(&key(user), &contact.to_string())
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
