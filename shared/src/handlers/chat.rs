//! One-to-one chat.

use lambda_http::{Body, Request, Response};
use tokio_xmpp::Stanza;
use tokio_xmpp::parsers::chatstates::ChatState;
use tokio_xmpp::parsers::message::{Lang, Message};

use crate::auth::Principal;
use crate::http_io::{body_text, ok_empty, path_param};
use crate::xmpp::address;
use crate::{ApiError, Ctx};

/// `POST /rest/chat/message/{to}`, body = the message text. Sent on the user's session.
pub async fn post_message(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let principal = Principal::of(&req)?;
    let text = body_text(&req)?;
    send_chat(ctx, &principal.username, &path_param(&req, "to")?, text).await?;
    ok_empty()
}

/// `POST /rest/chat/chatstate/{state}/{to}` (XEP-0085): active, composing, paused,
/// inactive or gone.
pub async fn post_chat_state(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let principal = Principal::of(&req)?;
    let state = match path_param(&req, "state")?.as_str() {
        "active" => ChatState::Active,
        "composing" => ChatState::Composing,
        "paused" => ChatState::Paused,
        "inactive" => ChatState::Inactive,
        "gone" => ChatState::Gone,
        other => {
            return Err(ApiError::bad_request(format!(
                "`{other}` is not a chat state: use active, composing, paused, inactive or gone."
            )));
        }
    };
    let to = address(&path_param(&req, "to")?, &ctx.config.xmpp.domain)?;
    let message = Message::chat(Some(to)).with_payload(state);
    ctx.keeper
        .send(&principal.username, Stanza::Message(message))
        .await?;
    ok_empty()
}

/// Sends `text` as a chat message from `user` to `to` (a JID or a local username).
pub async fn send_chat(ctx: &Ctx, user: &str, to: &str, text: String) -> Result<(), ApiError> {
    let to = address(to, &ctx.config.xmpp.domain)?;
    if text.trim().is_empty() {
        return Err(ApiError::bad_request(
            "Send the message text as the request body.",
        ));
    }
    let message = Message::chat(Some(to)).with_body(Lang::new(), text);
    ctx.keeper.send(user, Stanza::Message(message)).await?;
    Ok(())
}
