//! Presence subscriptions (RFC 6121 §3): requests to and answers from the user's session,
//! and the requests contacts made that wait for the user's answer (kept in the store as
//! the session sees them, so that any page can list and answer them).

use serde::{Deserialize, Serialize};
use serde_json::json;
use tokio_xmpp::Stanza;
use tokio_xmpp::jid::{BareJid, Jid};
use tokio_xmpp::parsers::presence::{Presence, Type as PresenceType};

use crate::events::{SubscriptionChange, SubscriptionKind};
use crate::keeper::{Keeper, KeeperError};
use crate::store::{self, NewItem, Store, StoreError};

/// What the user does about a subscription.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// Let the contact see the user's presence (also before they ask: pre-approval).
    Approve,
    /// Refuse the contact's request, or take back an approval.
    Deny,
    /// Ask to see the contact's presence.
    Request,
    /// Stop seeing the contact's presence.
    Cancel,
}

impl Action {
    fn presence_type(self) -> PresenceType {
        match self {
            Action::Approve => PresenceType::Subscribed,
            Action::Deny => PresenceType::Unsubscribed,
            Action::Request => PresenceType::Subscribe,
            Action::Cancel => PresenceType::Unsubscribe,
        }
    }
}

fn key(user: &str) -> String {
    format!("subreq#{user}")
}

/// Sends the action's presence to `contact` on the user's session; an answer to a waiting
/// request takes it off the list.
pub async fn act(
    keeper: &dyn Keeper,
    store: &dyn Store,
    user: &str,
    contact: &BareJid,
    action: Action,
) -> Result<(), KeeperError> {
    let mut presence = Presence::new(action.presence_type());
    presence.to = Some(Jid::from(contact.clone()));
    keeper.send(user, Stanza::Presence(presence)).await?;
    if matches!(action, Action::Approve | Action::Deny) {
        store.delete(&key(user), contact.as_str()).await?;
    }
    Ok(())
}

/// A request waiting for the user's answer.
#[derive(Debug, Serialize, utoipa::ToSchema)]
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
