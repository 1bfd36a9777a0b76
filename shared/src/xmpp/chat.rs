//! One-to-one chat on the user's session: messages and chat states (XEP-0085).

use tokio_xmpp::Stanza;
use tokio_xmpp::jid::Jid;
use tokio_xmpp::parsers::chatstates::ChatState;
use tokio_xmpp::parsers::message::{Lang, Message};

use crate::events::ChatStateName;
use crate::keeper::KeeperError;
use crate::{ApiError, Ctx};

/// Sends `text` as a chat message from `user` to `to` (a JID or a local username): the
/// step the chat route and a notification's reply action share.
pub async fn send_text(ctx: &Ctx, user: &str, to: &str, text: String) -> Result<(), ApiError> {
    let to = super::address(to, &ctx.config.xmpp.domain)?;
    if text.trim().is_empty() {
        return Err(ApiError::bad_request(
            "Send the message text as the request body.",
        ));
    }
    let message = Message::chat(Some(to)).with_body(Lang::new(), text);
    ctx.keeper.send(user, Stanza::Message(message)).await?;
    Ok(())
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
    ctx.keeper.send(user, Stanza::Message(message)).await
}
