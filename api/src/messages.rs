//! Sending chat messages from a user, idempotently: the step the chat route and a
//! notification's reply action share. With a client's `Idempotency-Key`, a message the
//! server confirmed is not sent again; one it did not confirm is sent again under the same
//! id (receivers drop what they already have). Keys are remembered for a day.

use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use xwg_core::identity::Address;
use xwg_core::keeper::Delivery;
use xwg_core::store::{NewItem, StoreError};
use xwg_core::xmpp::chat::Outgoing;

use xwg_core::keeper::KeeperError;

use crate::Ctx;

/// Why a message was not sent.
#[derive(Debug, thiserror::Error)]
pub enum MessageError {
    /// Nothing to send, or a key that cannot be used; what to send instead.
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Keeper(#[from] KeeperError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// How long a client-chosen message id is remembered (a retry after that is a new message).
const REMEMBERED_SECS: i64 = 24 * 3600;
/// The longest client-chosen message id.
const MAX_ID: usize = 128;

/// What became of a message.
#[derive(Debug, Serialize, ToSchema)]
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

/// Sends a chat message from `user` to `to`, under `key` when the client gave one.
pub async fn send(
    ctx: &Ctx,
    user: &str,
    to: &Address,
    content: Outgoing,
    key: Option<&str>,
) -> Result<Sent, MessageError> {
    let to = to.resolve(&ctx.config.xmpp.domain);
    if content.body.trim().is_empty() && content.data.is_none() {
        return Err(MessageError::Invalid(
            "Send the message text as the request body.".into(),
        ));
    }
    let on = ctx.on(user);
    let Some(key) = key else {
        let id = uuid::Uuid::new_v4().simple().to_string();
        let delivery = on.chat_send(to, &content, &id).await?;
        return Ok(Sent {
            id,
            delivery,
            repeated: false,
        });
    };
    if key.is_empty() || key.len() > MAX_ID {
        return Err(MessageError::Invalid(format!(
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
    let delivery = on.chat_send(to, &content, key).await?;
    if delivery == Delivery::Acked {
        store.put(record(true)).await?;
    }
    Ok(Sent {
        id: key.to_string(),
        delivery,
        repeated: false,
    })
}
