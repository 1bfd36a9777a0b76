//! One-to-one chat: sending messages and chat states, and reading the archive.

use http::StatusCode;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa::openapi::Content;
use utoipa::openapi::response::{Response as ResponseDoc, ResponseBuilder};

use crate::auth::Principal;
use crate::entities::{
    Conversations, HistoryParams, MessageText, ReactionsBody, archive_filter, corrected_text,
    outgoing, reactions,
};
use crate::routes::endpoint;
use crate::routes::openapi::{Schemas, schema_of};
use crate::routes::request::optional;
use crate::routes::{Empty, Endpoint, Json, Req};
use crate::routes::{IntoReply, Response};
use xwg_core::events::ChatStateName;
use xwg_core::identity::Address;
use xwg_core::keeper::Delivery;
use xwg_core::xmpp::folding::{self, Archive};

use crate::messages::{self, Act, Conversation, Sent};
use crate::{ApiError, Ctx};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ToPath {
    /// A JID, or the username of a user of the gateway's domain.
    #[param(value_type = String)]
    to: Address,
}

/// The header a client sets so that a retry of a message is not sent twice.
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";

/// `POST /rest/chat/message/{to}`, body = the message text (or, as JSON, `{body, data,
/// replyTo}`: `replyTo` names a message of the conversation it answers, XEP-0461).
/// Sent on the user's session;
/// answers with the message's id and how far it got: 200 once the server confirmed it,
/// 202 when it is queued (the session is reconnecting): it may or may not have been sent,
/// and a retry with the same `Idempotency-Key` is safe.
pub struct PostChatMessage;

impl Endpoint for PostChatMessage {
    endpoint!(post "post_chat_message", "/sparkweb/api/rest/chat/message/{to}",
        "Send a chat message (the body, plain text) to a JID",
        caller: Principal, path: ToPath, body: MessageText, reply: SentReply);

    async fn handle(ctx: &Ctx, user: Principal, req: Req<Self>) -> Result<SentReply, ApiError> {
        let key = req.info.header(IDEMPOTENCY_KEY);
        let (mut content, reply_to) = outgoing(&req.info, req.body)?;
        if let Some(id) = reply_to {
            let with = with(ctx, &req.path.to);
            content.reply = Some(messages::reply_to(ctx, &user.username, &with, &id).await?);
        }
        let sent = messages::send(ctx, &user.username, &req.path.to, content, key).await?;
        Ok(SentReply(sent))
    }
}

/// `{id, delivery, repeated}`: 200 when the server has the message, 202 while it is queued.
pub struct SentReply(Sent);

impl IntoReply for SentReply {
    fn into_response(self) -> Result<Response, ApiError> {
        let status = match self.0.delivery {
            Delivery::Queued => StatusCode::ACCEPTED,
            Delivery::Acked | Delivery::Sent => StatusCode::OK,
        };
        let mut response = Json(self.0).into_response()?;
        *response.status_mut() = status;
        Ok(response)
    }

    fn describe(schemas: &mut Schemas) -> Vec<(StatusCode, ResponseDoc)> {
        let mut responses = Json::<Sent>::describe(schemas);
        let queued = ResponseBuilder::new()
            .description("Queued while the session reconnects: it may have been sent; retry with the same Idempotency-Key")
            .content("application/json", Content::new(Some(schema_of::<Sent>(schemas))));
        responses.push((StatusCode::ACCEPTED, queued.build()));
        responses
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct StatePath {
    /// active, composing, paused, inactive or gone.
    #[param(value_type = String)]
    state: ChatStateName,
    /// A JID, or the username of a user of the gateway's domain.
    #[param(value_type = String)]
    to: Address,
}

/// `POST /rest/chat/chatstate/{state}/{to}` (XEP-0085).
pub struct PostChatState;

impl Endpoint for PostChatState {
    endpoint!(post "post_chat_state", "/sparkweb/api/rest/chat/chatstate/{state}/{to}",
        "Send a chat state (XEP-0085): active, composing, paused, inactive, gone",
        caller: Principal, path: StatePath, reply: Empty);

    async fn handle(ctx: &Ctx, user: Principal, req: Req<Self>) -> Result<Empty, ApiError> {
        let to = req.path.to.resolve(ctx.domain());
        ctx.on(&user.username)
            .chat_state(to, req.path.state)
            .await?;
        Ok(Empty)
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HistoryQuery {
    /// Only the conversation with this JID (or local username).
    #[param(value_type = Option<String>)]
    #[serde(default, deserialize_with = "optional")]
    to: Option<Address>,
    /// From this date-time (XEP-0082, e.g. 2026-11-25T10:00:00Z).
    start: Option<String>,
    /// Until this date-time.
    end: Option<String>,
    /// Only messages whose body contains this (any case), within the page read.
    keywords: Option<String>,
    /// Messages per page, 1 to 500 (default 100).
    #[param(value_type = Option<u32>)]
    max: Option<String>,
    /// The `last` of the previous page: the next page.
    after: Option<String>,
    /// The `first` of the next page: the page before it (empty: the last page).
    before: Option<String>,
    /// `true`: the archive as stored, corrections, retractions and reactions as messages of
    /// their own rather than folded into the messages they act on.
    #[param(value_type = Option<bool>)]
    #[serde(default, deserialize_with = "optional")]
    raw: Option<bool>,
}

/// `GET /rest/chat/messages?to=&start=&end=&keywords=&max=&after=&raw=`: the user's archive
/// (MAM), grouped into conversations by correspondent, oldest first, each message as it
/// now stands (corrected, retracted, reacted to) unless `raw=true`.
pub struct GetChatMessages;

impl Endpoint for GetChatMessages {
    endpoint!(get "get_chat_messages", "/sparkweb/api/rest/chat/messages",
        "The user message archive (MAM), as conversations: ?to=&start=&end=&keywords=&max=&after=",
        caller: Principal, query: HistoryQuery, reply: Json<Conversations>);

    async fn handle(
        ctx: &Ctx,
        user: Principal,
        req: Req<Self>,
    ) -> Result<Json<Conversations>, ApiError> {
        let q = req.query;
        let mut filter = archive_filter(HistoryParams {
            start: q.start.as_deref(),
            end: q.end.as_deref(),
            max: q.max.as_deref(),
            after: q.after.as_deref(),
            before: q.before.as_deref(),
            keywords: q.keywords.as_deref(),
        })?;
        if let Some(to) = q.to {
            filter.with = Some(to.resolve(ctx.domain()).to_bare().into());
        }
        let me = user.username.at(ctx.domain());
        let mut page = ctx.on(&user.username).archive_read(None, &filter).await?;
        if q.raw != Some(true) {
            page.messages = folding::fold(page.messages, Archive::User);
        }
        Ok(Json(Conversations::by_correspondent(&me, page)))
    }
}

/// The conversation with `to` (bare).
fn with(ctx: &Ctx, to: &Address) -> Conversation {
    Conversation::With(to.resolve(ctx.domain()).to_bare())
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct MessagePath {
    /// The correspondent: a JID, or the username of a user of the gateway's domain.
    #[param(value_type = String)]
    to: Address,
    /// The message, by any id history or events show for it (`id`, `messageId`,
    /// `originId`, `stanzaId`); one of the conversation's last 100.
    id: String,
}

/// `PUT /rest/chat/message/{to}/{id}`, body = the new text: corrects one of the user's own
/// messages (XEP-0308).
pub struct CorrectChatMessage;

impl Endpoint for CorrectChatMessage {
    endpoint!(put "correct_chat_message", "/sparkweb/api/rest/chat/message/{to}/{id}",
        "Correct one of the user's own messages (XEP-0308): the body is the new text",
        caller: Principal, path: MessagePath, body: MessageText, reply: SentReply);

    async fn handle(ctx: &Ctx, user: Principal, req: Req<Self>) -> Result<SentReply, ApiError> {
        let act = Act::Correct(corrected_text(&req.info, req.body)?);
        let with = with(ctx, &req.path.to);
        let sent = messages::act(ctx, &user.username, &with, &req.path.id, act).await?;
        Ok(SentReply(sent))
    }
}

/// `DELETE /rest/chat/message/{to}/{id}`: withdraws one of the user's own messages
/// (XEP-0424).
pub struct RetractChatMessage;

impl Endpoint for RetractChatMessage {
    endpoint!(delete "retract_chat_message", "/sparkweb/api/rest/chat/message/{to}/{id}",
        "Retract one of the user's own messages (XEP-0424)",
        caller: Principal, path: MessagePath, reply: SentReply);

    async fn handle(ctx: &Ctx, user: Principal, req: Req<Self>) -> Result<SentReply, ApiError> {
        let with = with(ctx, &req.path.to);
        let sent = messages::act(ctx, &user.username, &with, &req.path.id, Act::Retract).await?;
        Ok(SentReply(sent))
    }
}

/// `PUT /rest/chat/message/{to}/{id}/reactions`, body `{reactions: [emoji…]}`: the user's
/// reactions to a message, all of them (none withdraws them; XEP-0444).
pub struct ReactToChatMessage;

impl Endpoint for ReactToChatMessage {
    endpoint!(put "react_to_chat_message", "/sparkweb/api/rest/chat/message/{to}/{id}/reactions",
        "Set the user's reactions to a message (XEP-0444): {reactions: [emoji…]}, none to withdraw them",
        caller: Principal, path: MessagePath, body: Json<ReactionsBody>, reply: SentReply);

    async fn handle(ctx: &Ctx, user: Principal, req: Req<Self>) -> Result<SentReply, ApiError> {
        let act = Act::React(reactions(req.body.0)?);
        let with = with(ctx, &req.path.to);
        let sent = messages::act(ctx, &user.username, &with, &req.path.id, act).await?;
        Ok(SentReply(sent))
    }
}

/// `POST /rest/chat/message/{to}/{id}/displayed`: tells the correspondent (and the user's
/// other devices) that the user displayed (read) the message and those before it
/// (XEP-0333).
pub struct MarkChatMessageDisplayed;

impl Endpoint for MarkChatMessageDisplayed {
    endpoint!(post "mark_chat_message_displayed", "/sparkweb/api/rest/chat/message/{to}/{id}/displayed",
        "Mark a message and those before it as displayed (read; XEP-0333)",
        caller: Principal, path: MessagePath, reply: SentReply);

    async fn handle(ctx: &Ctx, user: Principal, req: Req<Self>) -> Result<SentReply, ApiError> {
        let with = with(ctx, &req.path.to);
        let sent = messages::act(ctx, &user.username, &with, &req.path.id, Act::Display).await?;
        Ok(SentReply(sent))
    }
}
