//! One-to-one chat: sending messages and chat states, and reading the archive.

use http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::openapi::Content;
use utoipa::openapi::response::{Response as ResponseDoc, ResponseBuilder};
use utoipa::{IntoParams, ToSchema};

use crate::auth::Principal;
use crate::entities::{HistoryParams, archive_filter};
use crate::events::ChatStateName;
use crate::keeper::Delivery;
use crate::routes::openapi::{Schemas, schema_of};
use crate::routes::{Empty, Endpoint, Json, Meta, NoParams, Req, Text};
use crate::routes::{IntoReply, Response};
use crate::xmpp::archive::{self, Archived};
use crate::xmpp::chat::Sent;
use crate::xmpp::{address, chat, user_jid};
use crate::{ApiError, Ctx};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ToPath {
    /// A JID, or the username of a user of the gateway's domain.
    to: String,
}

/// The header a client sets so that a retry of a message is not sent twice.
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";

/// `POST /rest/chat/message/{to}`, body = the message text. Sent on the user's session;
/// answers with the message's id and how far it got: 200 once the server confirmed it,
/// 202 when it is queued (the session is reconnecting): it may or may not have been sent,
/// and a retry with the same `Idempotency-Key` is safe.
pub struct PostChatMessage;

impl Endpoint for PostChatMessage {
    const META: Meta = Meta::post(
        "post_chat_message",
        "/sparkweb/api/rest/chat/message/{to}",
        "Send a chat message (the body, plain text) to a JID",
    );
    type Caller = Principal;
    type Path = ToPath;
    type Query = NoParams;
    type Body = Text;
    type Reply = SentReply;

    async fn handle(ctx: &Ctx, user: Principal, req: Req<Self>) -> Result<SentReply, ApiError> {
        let key = req.info.header(IDEMPOTENCY_KEY);
        let sent = chat::send_text(ctx, &user.username, &req.path.to, req.body.0, key).await?;
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
    to: String,
}

/// `POST /rest/chat/chatstate/{state}/{to}` (XEP-0085).
pub struct PostChatState;

impl Endpoint for PostChatState {
    const META: Meta = Meta::post(
        "post_chat_state",
        "/sparkweb/api/rest/chat/chatstate/{state}/{to}",
        "Send a chat state (XEP-0085): active, composing, paused, inactive, gone",
    );
    type Caller = Principal;
    type Path = StatePath;
    type Query = NoParams;
    type Body = ();
    type Reply = Empty;

    async fn handle(ctx: &Ctx, user: Principal, req: Req<Self>) -> Result<Empty, ApiError> {
        let to = address(&req.path.to, &ctx.config.xmpp.domain)?;
        chat::send_state(ctx, &user.username, to, req.path.state).await?;
        Ok(Empty)
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HistoryQuery {
    /// Only the conversation with this JID (or local username).
    to: Option<String>,
    /// From this date-time (XEP-0082, e.g. 2026-11-25T10:00:00Z).
    start: Option<String>,
    /// Until this date-time.
    end: Option<String>,
    /// Only messages whose body contains this (any case), within the page read.
    keywords: Option<String>,
    /// Messages per page, 1 to 500 (default 100).
    max: Option<String>,
    /// The `last` of the previous page: the next page.
    after: Option<String>,
    /// The `first` of the next page: the page before it (empty: the last page).
    before: Option<String>,
}

/// SparkWeb's `ArchivedMessage` (with the archive id, to page on).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ArchivedMessage {
    id: String,
    from: String,
    to: String,
    body: String,
    sent_date: String,
    #[serde(rename = "type")]
    kind: String,
}

impl From<Archived> for ArchivedMessage {
    fn from(message: Archived) -> Self {
        let text = |jid: Option<jid::Jid>| jid.map(|j| j.to_string()).unwrap_or_default();
        Self {
            id: message.id,
            from: text(message.from),
            to: text(message.to),
            body: message.body,
            sent_date: message.sent.map(|d| d.0.to_rfc3339()).unwrap_or_default(),
            kind: crate::xmpp::text(&message.kind),
        }
    }
}

/// SparkWeb's `Conversation`, one per correspondent, with its messages.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Conversation {
    #[serde(rename = "conversationID")]
    conversation_id: usize,
    participants: Vec<String>,
    start_date: String,
    last_activity: String,
    message_count: usize,
    messages: Vec<ArchivedMessage>,
}

#[derive(Serialize, ToSchema)]
pub struct Conversations {
    conversations: Vec<Conversation>,
    /// The next page starts `after` this (absent on the last page).
    #[serde(skip_serializing_if = "Option::is_none")]
    last: Option<String>,
    /// The page before this one ends `before` this.
    #[serde(skip_serializing_if = "Option::is_none")]
    first: Option<String>,
}

/// `GET /rest/chat/messages?to=&start=&end=&keywords=&max=&after=`: the user's archive
/// (MAM), grouped into conversations by correspondent, oldest first.
pub struct GetChatMessages;

impl Endpoint for GetChatMessages {
    const META: Meta = Meta::get(
        "get_chat_messages",
        "/sparkweb/api/rest/chat/messages",
        "The user message archive (MAM), as conversations: ?to=&start=&end=&keywords=&max=&after=",
    );
    type Caller = Principal;
    type Path = NoParams;
    type Query = HistoryQuery;
    type Body = ();
    type Reply = Json<Conversations>;

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
        if let Some(to) = q.to.filter(|t| !t.is_empty()) {
            filter.with = Some(address(&to, &ctx.config.xmpp.domain)?.to_bare().into());
        }
        let me = user_jid(&user.username, &ctx.config.xmpp.domain)?;
        let page = archive::read(ctx.keeper.as_ref(), &user.username, None, &filter).await?;
        let mut conversations: Vec<Conversation> = Vec::new();
        for message in page.messages {
            let from_me = message.from.as_ref().is_some_and(|f| f.to_bare() == me);
            let peer = if from_me { &message.to } else { &message.from };
            let peer = peer
                .as_ref()
                .map(|p| p.to_bare().to_string())
                .unwrap_or_default();
            let index = match conversations.iter().position(|c| c.participants[1] == peer) {
                Some(index) => index,
                None => {
                    conversations.push(Conversation {
                        conversation_id: conversations.len() + 1,
                        participants: vec![me.to_string(), peer],
                        start_date: String::new(),
                        last_activity: String::new(),
                        message_count: 0,
                        messages: Vec::new(),
                    });
                    conversations.len() - 1
                }
            };
            let conversation = &mut conversations[index];
            let message = ArchivedMessage::from(message);
            if conversation.start_date.is_empty() {
                conversation.start_date = message.sent_date.clone();
            }
            conversation.last_activity = message.sent_date.clone();
            conversation.message_count += 1;
            conversation.messages.push(message);
        }
        Ok(Json(Conversations {
            conversations,
            last: page.last,
            first: page.first,
        }))
    }
}
