//! `GET /sparkweb/sse?token=…` (and `/sparkweb/api/sse`): the user's events as Server-Sent
//! Events. First `onConnect {username, name, email}`, then every event with its `id:`. A client
//! that comes back with `Last-Event-ID` (header, or `?lastEventId=`) first gets what it
//! missed from the event log, then the live events — none lost, none twice.

use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use axum::response::IntoResponse;
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse as SseBody};
use futures::StreamExt;
use http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::IntoParams;
use utoipa::PartialSchema;
use utoipa::openapi::Content;
use utoipa::openapi::response::{Response as ResponseDoc, ResponseBuilder};

use crate::auth::logins::{self, State};
use crate::directory::profiles::profile;
use crate::events::{Event, SessionChange, log, names};
use crate::routes::openapi::Schemas;
use crate::routes::{Endpoint, IntoReply, Meta, NoParams, Req, Response, StreamUser};
use crate::store::Store;
use crate::{ApiError, Ctx};

/// Comment lines that keep proxies from closing a quiet stream.
pub const HEARTBEAT: Duration = Duration::from_secs(15);
/// How many logged events one store query returns while catching up.
const REPLAY_PAGE: usize = 200;
/// What a client waits before reconnecting (`retry:`), in milliseconds.
const RETRY_MS: u64 = 1000;
/// How long before the Lambda deadline a stream says goodbye.
pub const DEADLINE_MARGIN: Duration = Duration::from_secs(10);

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StreamQuery {
    /// The access token (an EventSource cannot set headers).
    #[expect(dead_code, reason = "read by the dispatcher's authentication")]
    token: Option<String>,
    /// Resume after this event id (or send the `Last-Event-ID` header).
    #[serde(rename = "lastEventId")]
    #[param(rename = "lastEventId")]
    last_event_id: Option<String>,
}

/// The first event of every stream.
#[derive(Serialize)]
struct Connect<'a> {
    username: &'a str,
    name: &'a str,
    email: &'a str,
}

/// A stream of Server-Sent Events.
pub struct EventStream(Response);

impl IntoReply for EventStream {
    const STREAMS: bool = true;

    fn into_response(self) -> Result<Response, ApiError> {
        Ok(self.0)
    }

    fn describe(_: &mut Schemas) -> Vec<(StatusCode, ResponseDoc)> {
        let content = Content::new(Some(String::schema()));
        let response = ResponseBuilder::new()
            .description("onConnect, then chatapi.* events with ids, as they happen")
            .content("text/event-stream", content);
        vec![(StatusCode::OK, response.build())]
    }
}

pub struct Sse;

impl Endpoint for Sse {
    const META: Meta = Meta::get(
        "sse",
        "/sparkweb/api/sse",
        "Server-Sent Events of the user's XMPP session; resumes after Last-Event-ID",
    )
    .also(&["/sparkweb/sse"]);
    type Caller = StreamUser;
    type Path = NoParams;
    type Query = StreamQuery;
    type Body = ();
    type Reply = EventStream;

    async fn handle(
        ctx: &Ctx,
        StreamUser(user): StreamUser,
        req: Req<Self>,
    ) -> Result<EventStream, ApiError> {
        let (user, sid) = (user.username, user.claims.sid);
        let given = req
            .info
            .header("last-event-id")
            .map(str::to_string)
            .or(req.query.last_event_id);
        let resume_after = last_event_id(given.as_deref())?;
        let profile = profile(ctx, &user).await?;

        // Live first, then the log: an event published in between is in both, and is sent once.
        let live = ctx.keeper.subscribe(&user).await?;
        let missed = match resume_after {
            Some(after) => replay(ctx, &user, after).await?,
            None => Vec::new(),
        };
        let mut last_sent = missed.last().map(|e| e.id).or(resume_after).unwrap_or(0);
        let live = live.filter(move |event| {
            let fresh = event.id > last_sent;
            last_sent = last_sent.max(event.id);
            std::future::ready(fresh)
        });
        // The stream ends before a deadline (the client comes back with Last-Event-ID), or
        // when its login ends (the client is told why, and its token no longer works).
        let login_end = Arc::new(Mutex::new(None));
        let ends = futures::future::select(
            end_of_stream(req.info.deadline, ctx.config.sse_max),
            Box::pin(login_ended(
                Arc::clone(&ctx.store),
                user.clone(),
                sid,
                Arc::clone(&login_end),
            )),
        );
        let live = live.take_until(ends);

        let connect = SseEvent::default()
            .event(names::CONNECT)
            .retry(Duration::from_millis(RETRY_MS))
            .json_data(Connect {
                username: &user,
                name: &profile.name,
                email: &profile.email,
            })
            .map_err(|_| ApiError::internal())?;
        // When the stream ends (under Lambda: before the time limit) the client reconnects
        // after `retry:` with the last id it saw, and resumes from the log.
        let last = futures::stream::once(async move {
            match login_end.lock().ok().and_then(|mut why| why.take()) {
                Some(why) => SseEvent::default()
                    .event(names::SESSION)
                    .data(SessionChange::ended(&why).data_json()),
                None => SseEvent::default()
                    .retry(Duration::from_millis(RETRY_MS))
                    .comment("reconnect with Last-Event-ID to continue"),
            }
        });
        let stream = futures::stream::once(std::future::ready(connect))
            .chain(futures::stream::iter(missed).chain(live).map(to_sse))
            .chain(last)
            .map(Ok::<_, Infallible>);
        Ok(EventStream(
            SseBody::new(stream)
                .keep_alive(KeepAlive::new().interval(HEARTBEAT))
                .into_response(),
        ))
    }
}

/// When the stream must end: before the Lambda invocation's deadline (a stream cut by the
/// time limit is an error to the client), and after `XWG_SSE_MAX_SECS` if that is set.
/// Never, in the local runtime without that setting.
fn end_of_stream(
    deadline: Option<SystemTime>,
    max: Option<Duration>,
) -> futures::future::BoxFuture<'static, ()> {
    let until_deadline = deadline
        .and_then(|deadline| deadline.duration_since(SystemTime::now()).ok())
        .map(|remaining| remaining - DEADLINE_MARGIN.min(remaining / 2));
    match until_deadline.into_iter().chain(max).min() {
        Some(lifetime) => Box::pin(tokio::time::sleep(lifetime)),
        None => Box::pin(futures::future::pending()),
    }
}

/// Resolves when the stream's login has ended (checked every heartbeat), leaving why in
/// `why`. A store that does not answer is asked again at the next heartbeat.
async fn login_ended(
    store: Arc<dyn Store>,
    user: String,
    sid: String,
    why: Arc<Mutex<Option<String>>>,
) {
    loop {
        tokio::time::sleep(HEARTBEAT).await;
        let reason = match logins::state(store.as_ref(), &user, &sid).await {
            Ok(State::Live) | Err(_) => continue,
            Ok(State::Ended(ended)) => ended.describe().to_string(),
            Ok(State::Gone) => "the login expired; log in again".to_string(),
        };
        if let Ok(mut slot) = why.lock() {
            *slot = Some(reason);
        }
        return;
    }
}

fn to_sse(event: Event) -> SseEvent {
    SseEvent::default()
        .id(event.id.to_string())
        .event(event.payload.name())
        .data(event.payload.data_json())
}

/// Every logged event after `after`, oldest first.
async fn replay(ctx: &Ctx, user: &str, after: u64) -> Result<Vec<Event>, ApiError> {
    let mut missed: Vec<Event> = Vec::new();
    loop {
        let from = missed.last().map(|e| e.id).unwrap_or(after);
        let page = log::after(ctx.store.as_ref(), user, from, REPLAY_PAGE).await?;
        let full = page.len() == REPLAY_PAGE;
        missed.extend(page);
        if !full {
            return Ok(missed);
        }
    }
}

/// `Last-Event-ID` as browsers send it on reconnect, or `?lastEventId=` for a fresh page.
fn last_event_id(given: Option<&str>) -> Result<Option<u64>, ApiError> {
    match given.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(value) => value.parse().map(Some).map_err(|_| {
            ApiError::bad_request(
                "Last-Event-ID must be the id of an event this stream sent (a number).",
            )
        }),
    }
}
