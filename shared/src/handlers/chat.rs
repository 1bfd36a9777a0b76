//! One-to-one chat.

use lambda_http::{Body, Request, Response};
use tokio_xmpp::Stanza;
use tokio_xmpp::parsers::chatstates::ChatState;
use tokio_xmpp::parsers::message::{Lang, Message};

use crate::auth::Principal;
use serde::Serialize;

use crate::http_io::{body_text, ok_empty, ok_json, path_param, query_param};
use crate::xmpp::address;
use crate::xmpp::archive::{self, Archived, Filter};
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

/// SparkWeb's `Conversation`, one per correspondent, with its messages.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Conversation {
    conversation_id: usize,
    participants: Vec<String>,
    start_date: String,
    last_activity: String,
    message_count: usize,
    messages: Vec<Archived>,
}

#[derive(Serialize)]
struct Conversations {
    conversations: Vec<Conversation>,
    /// The next page starts `after` this (absent on the last page).
    #[serde(skip_serializing_if = "Option::is_none")]
    last: Option<String>,
}

/// `GET /rest/chat/messages?to=&start=&end=&keywords=&max=&after=`: the user's archive
/// (MAM), grouped into conversations by correspondent, oldest first.
pub async fn get_messages(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let principal = Principal::of(&req)?;
    let mut filter = Filter::from_query(&req)?;
    if let Some(to) = query_param(&req, "to").filter(|t| !t.is_empty()) {
        filter.with = Some(address(&to, &ctx.config.xmpp.domain)?.to_bare().into());
    }
    let me = crate::xmpp::user_jid(&principal.username, &ctx.config.xmpp.domain)?.to_string();
    let page = archive::read(ctx, &principal.username, None, &filter).await?;
    let mut conversations: Vec<Conversation> = Vec::new();
    for message in page.messages {
        let bare = |jid: &str| jid.split('/').next().unwrap_or(jid).to_string();
        let peer = if bare(&message.from) == me {
            bare(&message.to)
        } else {
            bare(&message.from)
        };
        let index = match conversations.iter().position(|c| c.participants[1] == peer) {
            Some(index) => index,
            None => {
                conversations.push(Conversation {
                    conversation_id: conversations.len() + 1,
                    participants: vec![me.clone(), peer],
                    start_date: message.sent_date.clone(),
                    last_activity: String::new(),
                    message_count: 0,
                    messages: Vec::new(),
                });
                conversations.len() - 1
            }
        };
        let conversation = &mut conversations[index];
        conversation.last_activity = message.sent_date.clone();
        conversation.message_count += 1;
        conversation.messages.push(message);
    }
    ok_json(&Conversations {
        conversations,
        last: page.last,
    })
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
