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
    let to = address(&path_param(&req, "to")?, &ctx.config.xmpp.domain)?;
    let text = body_text(&req)?;
    if text.trim().is_empty() {
        return Err(ApiError::bad_request(
            "Send the message text as the request body.",
        ));
    }
    let message = Message::chat(Some(to)).with_body(Lang::new(), text);
    ctx.keeper
        .send(&principal.username, Stanza::Message(message))
        .await?;
    ok_empty()
}
