//! One-to-one chat: sending messages and chat states, and reading the archive.

use http::StatusCode;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa::openapi::Content;
use utoipa::openapi::response::{Response as ResponseDoc, ResponseBuilder};

use crate::auth::Principal;
use crate::entities::{Conversations, HistoryParams, archive_filter};
use crate::routes::endpoint;
use crate::routes::openapi::{Schemas, schema_of};
use crate::routes::request::{check_json_text, optional};
use crate::routes::{Empty, Endpoint, Json, Req, Text};
use crate::routes::{IntoReply, RequestInfo, Response};
use xwg_core::events::ChatStateName;
use xwg_core::identity::Address;
use xwg_core::keeper::Delivery;
use xwg_core::xmpp::chat::Outgoing;

use crate::messages::{self, Sent};
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

/// `POST /rest/chat/message/{to}`, body = the message text (or, as JSON, `{body, data}`).
/// Sent on the user's session;
/// answers with the message's id and how far it got: 200 once the server confirmed it,
/// 202 when it is queued (the session is reconnecting): it may or may not have been sent,
/// and a retry with the same `Idempotency-Key` is safe.
pub struct PostChatMessage;

impl Endpoint for PostChatMessage {
    endpoint!(post "post_chat_message", "/sparkweb/api/rest/chat/message/{to}",
        "Send a chat message (the body, plain text) to a JID",
        caller: Principal, path: ToPath, body: Text, reply: SentReply);

    async fn handle(ctx: &Ctx, user: Principal, req: Req<Self>) -> Result<SentReply, ApiError> {
        let key = req.info.header(IDEMPOTENCY_KEY);
        let content = outgoing(&req.info, req.body.0)?;
        let sent = messages::send(ctx, &user.username, &req.path.to, content, key).await?;
        Ok(SentReply(sent))
    }
}

/// The message of a chat body: its text, or with `Content-Type: application/json`
/// `{body, data}` (`data` travels in the message as JSON, and arrives as the event's `data`).
fn outgoing(info: &RequestInfo, body: String) -> Result<Outgoing, ApiError> {
    let json = info
        .header("content-type")
        .is_some_and(|t| t.trim_start().starts_with("application/json"));
    if !json {
        return Ok(Outgoing::text(body));
    }
    let value: serde_json::Value = serde_json::from_str(&body)
        .map_err(|err| ApiError::bad_request(format!("The JSON body is not JSON ({err}).")))?;
    check_json_text(&value)?;
    serde_json::from_value(value).map_err(|err| {
        ApiError::bad_request(format!(
            "A JSON chat body is {{body: text, data: any JSON}} ({err})."
        ))
    })
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
    max: Option<String>,
    /// The `last` of the previous page: the next page.
    after: Option<String>,
    /// The `first` of the next page: the page before it (empty: the last page).
    before: Option<String>,
}

/// `GET /rest/chat/messages?to=&start=&end=&keywords=&max=&after=`: the user's archive
/// (MAM), grouped into conversations by correspondent, oldest first.
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
        let page = ctx.on(&user.username).archive_read(None, &filter).await?;
        Ok(Json(Conversations::by_correspondent(&me, page)))
    }
}
