//! Outbound webhooks: an administrator registers an endpoint with filters, and the events
//! of users' sessions that match (messages to or from chosen users, room messages, presence,
//! the sessions' own state…) are delivered to it as JSON, signed in the Standard Webhooks
//! style ([`signing`]), in order, retried with exponential backoff, until the endpoint
//! answers 2xx or the webhook is paused after failing for too long (the reason is kept).
//!
//! The session keeper that logs an event also queues its deliveries in the store
//! ([`queue`]), so a restart loses nothing; one keeper of the fleet at a time delivers (a
//! lease). Endpoints are https to public addresses unless allowed
//! (`XWG_WEBHOOK_ALLOW_ENDPOINTS`), checked when registered and at every delivery on the
//! addresses resolved (the push rules: `crate::push::endpoints`).

pub mod queue;
pub mod sender;
pub mod signing;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::events::{Event, Payload};
use crate::projections::inbox;
use crate::store::{self, NewItem, Store, StoreError};

const PARTITION: &str = "webhooks";

/// What a webhook may ask for: the kinds of events (the event log's names).
pub const KINDS: &[&str] = &[
    "chat",
    "room_message",
    "invitation",
    "chat_state",
    "receipt",
    "presence",
    "subscription",
    "roster",
    "error",
    "session",
    "retraction",
    "displayed",
    "reactions",
    "account",
];

/// One registered endpoint.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Webhook {
    #[serde(skip)]
    pub id: String,
    pub url: String,
    /// The kinds of events it receives ([`KINDS`]).
    pub events: Vec<String>,
    /// Only events of these users' sessions, which see every message to or from them
    /// (`None`: every user's).
    pub users: Option<Vec<String>>,
    /// Only room events of these rooms, by bare address (`None`: any).
    pub rooms: Option<Vec<String>>,
    /// Signing secrets (`whsec_…`), the newest first; during a rotation both sign.
    pub secrets: Vec<String>,
    /// Why deliveries stopped, when they did (resumed by an administrator).
    pub paused: Option<String>,
    pub created: i64,
}

/// One delivery, as its body carries it (`WebhookDelivery` in the OpenAPI document).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "schema", schema(as = WebhookDelivery))]
pub struct Delivery {
    /// Unique per event (and the same on every attempt): what a receiver de-duplicates on.
    pub id: String,
    /// The kind of event ([`KINDS`]).
    #[serde(rename = "type")]
    pub kind: String,
    /// The event stream's name for it (`chatapi.chat`…): `data` is what that event carries;
    /// `account` for an account's change, which no stream carries (`data`: `{action}`).
    pub event: String,
    /// The user whose session saw it.
    pub user: String,
    /// When it was queued, in milliseconds since the epoch.
    pub timestamp: i64,
    /// What the stream's event `event` carries (`StreamEvents`).
    #[cfg_attr(feature = "schema", schema(value_type = Object))]
    pub data: Value,
}

fn backend(err: serde_json::Error) -> StoreError {
    StoreError::Backend(err.to_string())
}

fn read(item: store::Item) -> Result<(Webhook, u64), StoreError> {
    let mut hook: Webhook = serde_json::from_value(item.data).map_err(backend)?;
    hook.id = item.sk;
    Ok((hook, item.version))
}

fn item(hook: &Webhook) -> Result<NewItem, StoreError> {
    Ok(NewItem {
        pk: PARTITION.into(),
        sk: hook.id.clone(),
        data: serde_json::to_value(hook).map_err(backend)?,
        expires_at: None,
    })
}

pub async fn create(store: &dyn Store, hook: &Webhook) -> Result<(), StoreError> {
    store.create(item(hook)?).await.map(drop)
}

pub async fn list(store: &dyn Store) -> Result<Vec<Webhook>, StoreError> {
    store::all(store, PARTITION, "")
        .await?
        .into_iter()
        .map(|item| read(item).map(|(hook, _)| hook))
        .collect()
}

pub async fn find(store: &dyn Store, id: &str) -> Result<Option<(Webhook, u64)>, StoreError> {
    store.get(PARTITION, id).await?.map(read).transpose()
}

/// Changes a webhook under its version; `false` when it is gone.
pub async fn change(
    store: &dyn Store,
    id: &str,
    edit: impl Fn(&mut Webhook),
) -> Result<Option<Webhook>, StoreError> {
    loop {
        let Some((mut hook, version)) = find(store, id).await? else {
            return Ok(None);
        };
        edit(&mut hook);
        match store.update(item(&hook)?, version).await {
            Ok(_) => return Ok(Some(hook)),
            Err(StoreError::ConditionFailed) => continue,
            Err(err) => return Err(err),
        }
    }
}

/// Deletes a webhook and what waits for it.
pub async fn delete(store: &dyn Store, id: &str) -> Result<(), StoreError> {
    store.delete(PARTITION, id).await?;
    queue::purge(store, id).await
}

/// The kind of an event (the log's name of its payload).
pub fn kind(payload: &Payload) -> &'static str {
    match payload {
        Payload::Chat(_) => "chat",
        Payload::RoomMessage(_) => "room_message",
        Payload::Invitation(_) => "invitation",
        Payload::ChatState(_) => "chat_state",
        Payload::Receipt(_) => "receipt",
        Payload::Presence(_) => "presence",
        Payload::Subscription(_) => "subscription",
        Payload::Roster(_) => "roster",
        Payload::Error(_) => "error",
        Payload::Session(_) => "session",
        Payload::Raw(_) => "raw",
        Payload::Gap(_) => "gap",
        Payload::Retraction(_) => "retraction",
        Payload::Displayed(_) => "displayed",
        Payload::Reactions(_) => "reactions",
        Payload::Inbox(_) => "inbox",
    }
}

/// The room of a room event: an invitation's room, a message's (as the inbox reads it).
fn room_of(payload: &Payload) -> Option<String> {
    let room = match payload {
        Payload::Invitation(invitation) => invitation.room.as_ref().map(|room| room.to_bare()),
        other => inbox::room_of(other),
    };
    room.map(|room| room.to_string().to_lowercase())
}

fn is_room_event(payload: &Payload) -> bool {
    matches!(payload, Payload::RoomMessage(_) | Payload::Invitation(_))
}

impl Webhook {
    /// Whether it receives the changes of `user`'s account.
    pub fn wants_account(&self, user: &str) -> bool {
        self.events.iter().any(|kind| kind == "account") && self.names(user)
    }

    /// Whether its `users` filter lets `user` through.
    fn names(&self, user: &str) -> bool {
        self.users
            .as_ref()
            .is_none_or(|users| users.iter().any(|wanted| wanted.eq_ignore_ascii_case(user)))
    }

    /// Whether the event `user`'s session saw is one this webhook receives: of a kind it
    /// asked for, of a session of a user it names (a session sees every message to or
    /// from its user: naming the user is asking for those), and for room events, of a room
    /// it names.
    pub fn wants(&self, user: &str, payload: &Payload) -> bool {
        if !self.events.iter().any(|kind| kind == self::kind(payload)) {
            return false;
        }
        if !self.names(user) {
            return false;
        }
        match &self.rooms {
            Some(rooms) if is_room_event(payload) => {
                let room = room_of(payload);
                rooms
                    .iter()
                    .any(|wanted| Some(wanted.to_lowercase()) == room)
            }
            _ => true,
        }
    }
}

/// The delivery of an account's change (`created`, `deleted`): `event` and `type` are
/// `account`, `data` is `{action}`.
pub fn account_delivery(user: &str, action: &str, now_ms: i64) -> Delivery {
    Delivery {
        id: format!("acct_{user}_{action}_{now_ms}"),
        kind: "account".into(),
        event: "account".into(),
        user: user.to_string(),
        timestamp: now_ms,
        data: serde_json::json!({ "action": action }),
    }
}

/// The delivery of an event: its id names the user and the event (a room message seen by
/// several users of the gateway is delivered once per user: `user` tells them apart).
pub fn delivery(user: &str, event: &Event, now_ms: i64) -> Delivery {
    Delivery {
        id: format!("evt_{user}_{}", event.id),
        kind: kind(&event.payload).to_string(),
        event: event.payload.name().to_string(),
        user: user.to_string(),
        timestamp: now_ms,
        data: serde_json::from_str(&event.payload.data_json()).unwrap_or_default(),
    }
}
