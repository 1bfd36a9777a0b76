//! One-to-one chat on the user's session: messages (each with a stable id, XEP-0359
//! `origin-id`, so that a retry is recognised) and chat states (XEP-0085).

use serde::{Deserialize, Serialize};
use serde_json::json;
use tokio_xmpp::Stanza;
use tokio_xmpp::jid::Jid;
use tokio_xmpp::parsers::chatstates::ChatState;
use tokio_xmpp::parsers::message::{Id, Lang, Message};
use tokio_xmpp::parsers::receipts::Request;
use tokio_xmpp::parsers::stanza_id::OriginId;

use crate::events::ChatStateName;
use crate::keeper::{Delivery, KeeperError};
use crate::store::{NewItem, StoreError};
use crate::{ApiError, Ctx};

/// How long a client-chosen message id is remembered (a retry after that is a new message).
const REMEMBERED_SECS: i64 = 24 * 3600;
/// The longest client-chosen message id.
const MAX_ID: usize = 128;

/// What became of a message.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Sent {
    /// The message's id (its XEP-0359 origin-id): the client's `Idempotency-Key`, or a new one.
    pub id: String,
    pub delivery: Delivery,
    /// Whether this was a retry of a message the server had confirmed already (not sent again).
    pub repeated: bool,
}

/// A message sent with a client-chosen id: whether the server confirmed it.
#[derive(Serialize, Deserialize)]
struct Record {
    acked: bool,
}

fn record_key(user: &str) -> String {
    format!("sent#{user}")
}

/// What a chat message carries: its text and, optionally, JSON for the receiving app
/// (XEP-0335; upstream's `data`).
#[derive(Debug, Default, Deserialize)]
pub struct Outgoing {
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub data: Option<serde_json::Value>,
}

impl Outgoing {
    pub fn text(body: String) -> Self {
        Self { body, data: None }
    }
}

/// Sends a chat message from `user` to `to` (a JID or a local username): the step the chat
/// route and a notification's reply action share. With `key` (a client's
/// `Idempotency-Key`), a message the server confirmed is not sent again; one it did not
/// confirm is sent again under the same id (receivers drop what they already have).
pub async fn send_text(
    ctx: &Ctx,
    user: &str,
    to: &str,
    content: Outgoing,
    key: Option<&str>,
) -> Result<Sent, ApiError> {
    let to = super::address(to, &ctx.config.xmpp.domain)?;
    if content.body.trim().is_empty() && content.data.is_none() {
        return Err(ApiError::bad_request(
            "Send the message text as the request body.",
        ));
    }
    let Some(key) = key else {
        let id = uuid::Uuid::new_v4().simple().to_string();
        let delivery = send(ctx, user, to, &content, &id).await?;
        return Ok(Sent {
            id,
            delivery,
            repeated: false,
        });
    };
    if key.is_empty() || key.len() > MAX_ID {
        return Err(ApiError::bad_request(format!(
            "An Idempotency-Key is 1 to {MAX_ID} characters."
        )));
    }
    let (store, pk) = (ctx.store.as_ref(), record_key(user));
    if let Some(item) = store.get(&pk, key).await?
        && serde_json::from_value::<Record>(item.data).is_ok_and(|r| r.acked)
    {
        return Ok(Sent {
            id: key.to_string(),
            delivery: Delivery::Acked,
            repeated: true,
        });
    }
    let record = |acked: bool| NewItem {
        pk: pk.clone(),
        sk: key.to_string(),
        data: json!(Record { acked }),
        expires_at: Some(ctx.clock.now() + REMEMBERED_SECS),
    };
    match store.create(record(false)).await {
        // Unconfirmed before (or being sent right now by a concurrent retry): send again.
        Ok(_) | Err(StoreError::ConditionFailed) => {}
        Err(err) => return Err(err.into()),
    }
    let delivery = send(ctx, user, to, &content, key).await?;
    if delivery == Delivery::Acked {
        store.put(record(true)).await?;
    }
    Ok(Sent {
        id: key.to_string(),
        delivery,
        repeated: false,
    })
}

async fn send(
    ctx: &Ctx,
    user: &str,
    to: Jid,
    content: &Outgoing,
    id: &str,
) -> Result<Delivery, KeeperError> {
    // A receipt request (XEP-0184): a client that supports it says when it got the message,
    // as `chatapi.receipt` with the message's id.
    let mut message = Message::chat(Some(to))
        .with_payload(OriginId { id: id.to_string() })
        .with_payload(Request);
    message.id = Some(Id(id.to_string()));
    if !content.body.is_empty() {
        message = message.with_body(Lang::new(), content.body.clone());
    }
    if let Some(data) = &content.data {
        message.payloads.push(super::json::container(data));
    }
    ctx.keeper.send(user, Stanza::Message(message)).await
}

/// Sends a chat state notification.
pub async fn send_state(
    ctx: &Ctx,
    user: &str,
    to: Jid,
    state: ChatStateName,
) -> Result<(), KeeperError> {
    let state = match state {
        ChatStateName::Active => ChatState::Active,
        ChatStateName::Composing => ChatState::Composing,
        ChatStateName::Paused => ChatState::Paused,
        ChatStateName::Inactive => ChatState::Inactive,
        ChatStateName::Gone => ChatState::Gone,
    };
    let message = Message::chat(Some(to)).with_payload(state);
    ctx.keeper
        .send(user, Stanza::Message(message))
        .await
        .map(drop)
}
