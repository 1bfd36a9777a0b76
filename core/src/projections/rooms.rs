//! The rooms a user is in through the gateway, kept beyond the session: every new stream of
//! the user's session (a reconnect the server did not resume, a keeper restart, another
//! keeper taking over, a session opened again after idling) enters them again, so that the
//! user stays in a room until they leave it. Written by the keeper from the rooms' own
//! answers: the room's self-presence (XEP-0045 status 110) after the user's join adds a
//! room; the user's own unavailable self-presence (left, kicked, banned, the room
//! destroyed) or a refused re-entry removes it.
//! Key: `rooms#<user>` / `<room bare JID>` → [`Membership`].

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use tokio_xmpp::jid::BareJid;

use crate::store::{self, NewItem, Store, StoreError};

/// How the user entered a room: the nickname, and the room's password (sealed by the
/// keeper, bound to the user and the room) where it needs one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Membership {
    pub nick: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<Value>,
}

/// Where the user's rooms are kept (one item per room).
pub fn partition(user: &str) -> String {
    format!("rooms#{user}")
}

/// The owner a room's sealed password is bound to.
pub fn password_owner(user: &str, room: &BareJid) -> String {
    format!("{user} {room}")
}

pub async fn record(
    store: &dyn Store,
    user: &str,
    room: &BareJid,
    membership: &Membership,
) -> Result<(), StoreError> {
    store
        .put(NewItem {
            pk: partition(user),
            sk: room.to_string(),
            data: json!(membership),
            expires_at: None,
        })
        .await
        .map(drop)
}

pub async fn remove(store: &dyn Store, user: &str, room: &BareJid) -> Result<(), StoreError> {
    store.delete(&partition(user), &room.to_string()).await
}

/// Whether the user is in the room (joined through the gateway and not left).
pub async fn is_in(store: &dyn Store, user: &str, room: &BareJid) -> Result<bool, StoreError> {
    Ok(store
        .get(&partition(user), &room.to_string())
        .await?
        .is_some())
}

/// The user's nickname in the room, if the user is in it.
pub async fn nick(
    store: &dyn Store,
    user: &str,
    room: &BareJid,
) -> Result<Option<String>, StoreError> {
    Ok(store
        .get(&partition(user), &room.to_string())
        .await?
        .and_then(|item| serde_json::from_value::<Membership>(item.data).ok())
        .map(|membership| membership.nick))
}

/// Every room the user is in, with how they entered it.
pub async fn all(store: &dyn Store, user: &str) -> Result<Vec<(BareJid, Membership)>, StoreError> {
    store::all_read_as(store, &partition(user), "").await
}

/// Forgets every room of the user (the account is gone).
pub async fn forget(store: &dyn Store, user: &str) -> Result<(), StoreError> {
    for item in store::all(store, &partition(user), "").await? {
        store.delete(&partition(user), &item.sk).await?;
    }
    Ok(())
}
