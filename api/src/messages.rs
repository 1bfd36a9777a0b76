//! Sending chat messages from a user, idempotently: the step the chat route and a
//! notification's reply action share. With a client's `Idempotency-Key`, a message the
//! server confirmed is not sent again; one it did not confirm is sent again under the same
//! id (receivers drop what they already have). Keys are remembered for a day.
//!
//! And acting on an earlier message of a conversation (correcting or withdrawing one's
//! own, reacting, answering): the step the chat and room routes share. The message is
//! looked up in the conversation's archive, as the server stamped it (its sender, its ids),
//! among the last [`ACTION_WINDOW`] messages.

use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use xwg_core::identity::Address;
use xwg_core::keeper::Delivery;
use xwg_core::store::{NewItem, StoreError};
use xwg_core::xmpp::chat::Outgoing;

use jid::{BareJid, Jid};
use xwg_core::identity::Username;
use xwg_core::keeper::KeeperError;
use xwg_core::protocol::actions::{Action, Reply};
use xwg_core::xmpp::archive::{Archived, Filter};
use xwg_core::xmpp::folding::{self, Archive};
use xwg_core::xmpp::muc;
use xwg_core::xmpp::read_positions::ReadPosition;

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
    /// The message acted on is not among the conversation's recent messages.
    #[error("{0}")]
    NoSuchMessage(String),
    /// Only its sender may correct or withdraw a message.
    #[error("{0}")]
    NotTheSender(String),
    /// The XMPP service does not offer what was asked (moderation, XEP-0425).
    #[error("{0}")]
    Unsupported(String),
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

/// How many of a conversation's latest messages an action may name.
pub const ACTION_WINDOW: usize = 100;

/// Where a message acted on is: a conversation with one correspondent, or a room (the
/// caller has checked that the user is in it).
pub enum Conversation {
    With(BareJid),
    Room(BareJid),
}

/// What to do to an earlier message.
pub enum Act {
    /// Replace the text of one's own message.
    Correct(String),
    /// Withdraw one's own message.
    Retract,
    /// Set one's reactions to a message (all of them; none withdraws them).
    React(Vec<String>),
    /// Say one has displayed (read) a message and those before it.
    Display,
}

/// Sends `act` from `user` on the message `id` (its archive id, its own id or its
/// origin-id, as history and events show them) of the conversation.
pub async fn act(
    ctx: &Ctx,
    user: &str,
    conversation: &Conversation,
    id: &str,
    act: Act,
) -> Result<Sent, MessageError> {
    let found = find(ctx, user, conversation, id).await?;
    let me = Username::parse(user).ok().map(|user| user.at(ctx.domain()));
    let mine = |m: &&Archived| match conversation {
        Conversation::With(_) => m.from.as_ref().map(Jid::to_bare) == me,
        Conversation::Room(room) => m.from == muc::occupant(room, user),
    };
    // An id a sender chose may be reused by anyone: one's own message comes first for what
    // only its sender may do, the server's (unique) archive id for the rest.
    let own_only = matches!(act, Act::Correct(_) | Act::Retract);
    let target = match own_only {
        true => match found.iter().filter(mine).find(|m| m.retracted.is_none()) {
            Some(target) => target,
            None if found.iter().any(|m| mine(&m)) => return Err(withdrawn(id)),
            None => {
                return Err(MessageError::NotTheSender(
                    "Only its sender can correct or retract a message.".into(),
                ));
            }
        },
        false => live_target(&found, id)?,
    };
    let reference = |id: Option<&String>| {
        id.cloned().ok_or_else(|| {
            MessageError::NoSuchMessage(format!(
                "Message {} carries no id it can be named by.",
                target.id
            ))
        })
    };
    let in_room = matches!(conversation, Conversation::Room(_));
    // How reactions and read markers name it: the room's id of it, or its own.
    let named = || match in_room {
        true => Ok(target.id.clone()),
        false => reference(target.message_id.as_ref().or(target.origin_id.as_ref())),
    };
    let (body, action) = match act {
        Act::Correct(text) => {
            let id = reference(target.message_id.as_ref())?;
            (text, Action::Correction { id })
        }
        Act::Retract => {
            let id = match in_room {
                true => target.id.clone(),
                false => reference(target.origin_id.as_ref().or(target.message_id.as_ref()))?,
            };
            (String::new(), Action::Retraction { id })
        }
        Act::React(reactions) => {
            let id = named()?;
            (String::new(), Action::Reactions { id, reactions })
        }
        Act::Display => (String::new(), Action::Displayed { id: named()? }),
    };
    let read = matches!(action, Action::Displayed { .. });
    let content = Outgoing {
        body,
        action: Some(action),
        ..Outgoing::default()
    };
    let sent = send_in(ctx, user, conversation, &content).await?;
    if read {
        share_read_position(ctx, user, conversation, &target.id).await;
    }
    Ok(sent)
}

/// Publishes where the user has read up to for the user's native clients (XEP-0490). What
/// matters went out already (the read marker, or the inbox's own read): a server that
/// refuses the node's options (ejabberd 23.01) only leaves the other clients without it.
pub async fn share_read_position(
    ctx: &Ctx,
    user: &str,
    conversation: &Conversation,
    archive_id: &str,
) {
    let Ok(me) = Username::parse(user).map(|user| user.at(ctx.domain())) else {
        return;
    };
    let position = match conversation {
        Conversation::With(peer) => ReadPosition {
            conversation: peer.clone(),
            stanza_id: archive_id.to_string(),
            by: me,
        },
        Conversation::Room(room) => ReadPosition {
            conversation: room.clone(),
            stanza_id: archive_id.to_string(),
            by: room.clone(),
        },
    };
    if let Err(err) = ctx.on(user).read_position_publish(&position).await {
        tracing::warn!(%user, error = %err, "read position not shared through PEP (XEP-0490)");
    }
}

/// Withdraws a message of the room that may be another occupant's, as one of its
/// moderators (XEP-0425, in the version the room speaks): the message named as [`act`]
/// names it; the room itself checks that the user is a moderator.
pub async fn moderate(
    ctx: &Ctx,
    user: &str,
    room: &BareJid,
    id: &str,
    reason: Option<&str>,
) -> Result<(), MessageError> {
    let found = find(ctx, user, &Conversation::Room(room.clone()), id).await?;
    let target = live_target(&found, id)?;
    let on = ctx.on(user);
    let version = on
        .muc_info(room)
        .await?
        .and_then(|info| info.moderation)
        .ok_or_else(|| {
            MessageError::Unsupported(format!(
                "{room}'s service offers no message moderation (XEP-0425)."
            ))
        })?;
    on.muc_moderate(room, version, &target.id, reason).await?;
    Ok(())
}

/// The reference a reply to the message `id` of the conversation carries (XEP-0461): the
/// message's author and the id the XEP names it by there.
pub async fn reply_to(
    ctx: &Ctx,
    user: &str,
    conversation: &Conversation,
    id: &str,
) -> Result<Reply, MessageError> {
    let found = find(ctx, user, conversation, id).await?;
    let target = live_target(&found, id)?.clone();
    let id = match conversation {
        Conversation::Room(_) => Some(target.id),
        Conversation::With(_) => target.message_id.or(target.origin_id),
    };
    let id = id.ok_or_else(|| {
        MessageError::NoSuchMessage("That message carries no id a reply can name.".into())
    })?;
    Ok(Reply {
        id,
        to: target.from,
    })
}

/// Sends a message into the conversation (one that acts on another, or a room post): to
/// the correspondent, or to the room, which answers once it took it.
pub async fn send_in(
    ctx: &Ctx,
    user: &str,
    conversation: &Conversation,
    content: &Outgoing,
) -> Result<Sent, MessageError> {
    let id = uuid::Uuid::new_v4().simple().to_string();
    let on = ctx.on(user);
    let delivery = match conversation {
        Conversation::With(peer) => on.chat_send(peer.clone().into(), content, &id).await?,
        Conversation::Room(room) => on.muc_post(room, content, &id).await?,
    };
    Ok(Sent {
        id,
        delivery,
        repeated: false,
    })
}

/// The longest id a route names a message by (the server's ids and clients' are short).
const MAX_NAMED_ID: usize = 256;

fn withdrawn(id: &str) -> MessageError {
    MessageError::NoSuchMessage(format!("Message {id} was withdrawn by its sender."))
}

/// The message named `id` that is not withdrawn: the one with that archive id (the
/// server's, unique), else the newest.
fn live_target<'m>(found: &'m [Archived], id: &str) -> Result<&'m Archived, MessageError> {
    let mut live = found.iter().filter(|m| m.retracted.is_none());
    let newest = live.clone().next();
    live.find(|m| m.id == id)
        .or(newest)
        .ok_or_else(|| withdrawn(id))
}

fn not_found(id: &str) -> MessageError {
    MessageError::NoSuchMessage(format!(
        "No message {id} among the last {ACTION_WINDOW} of this conversation."
    ))
}

/// The messages named `id` among the conversation's latest, as they now stand, newest first
/// (an id a sender chose may repeat; one withdrawn is marked so).
async fn find(
    ctx: &Ctx,
    user: &str,
    conversation: &Conversation,
    id: &str,
) -> Result<Vec<Archived>, MessageError> {
    if id.is_empty() || id.len() > MAX_NAMED_ID {
        return Err(MessageError::Invalid(format!(
            "A message id is 1 to {MAX_NAMED_ID} characters."
        )));
    }
    let mut filter = Filter {
        max: ACTION_WINDOW,
        // The last page.
        before: Some(String::new()),
        ..Filter::default()
    };
    let archive = match conversation {
        Conversation::With(peer) => {
            filter.with = Some(peer.clone().into());
            None
        }
        Conversation::Room(room) => Some(room.clone().into()),
    };
    let page = ctx.on(user).archive_read(archive, &filter).await?;
    let kind = match conversation {
        Conversation::With(_) => Archive::User,
        Conversation::Room(_) => Archive::Room,
    };
    let found: Vec<Archived> = folding::fold(page.messages, kind)
        .into_iter()
        .rev()
        .filter(|m| m.action.is_none())
        .filter(|m| {
            m.id == id || m.message_id.as_deref() == Some(id) || m.origin_id.as_deref() == Some(id)
        })
        .collect();
    if found.is_empty() {
        return Err(not_found(id));
    }
    Ok(found)
}
