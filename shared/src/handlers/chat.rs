//! One-to-one chat.

use lambda_http::{Body, Request, Response};
use tokio_xmpp::Stanza;
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
