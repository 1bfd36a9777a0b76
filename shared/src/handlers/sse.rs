//! `GET /sparkweb/sse?token=…` (and `/sparkweb/api/sse`): the user's events as Server-Sent
//! Events. First `onConnect {username, name}`, then every event with its `id:`. A client
//! that comes back with `Last-Event-ID` (header, or `?lastEventId=`) first gets what it
//! missed from the event log, then the live events — none lost, none twice.

use std::convert::Infallible;
use std::time::Duration;

use axum::response::IntoResponse;
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use futures::StreamExt;
use lambda_http::{Request, RequestExt};
use serde_json::json;

use crate::auth::Principal;
use crate::directory::profiles::profile;
use crate::events::{Event, log, names};
use crate::http_io::query_param;
use crate::routes::StreamResponse;
use crate::{ApiError, Ctx};

/// Comment lines that keep proxies from closing a quiet stream.
const HEARTBEAT: Duration = Duration::from_secs(15);
/// How many logged events one store query returns while catching up.
const REPLAY_PAGE: usize = 200;
/// What a client waits before reconnecting (`retry:`), in milliseconds.
const RETRY_MS: u64 = 1000;
/// How long before the Lambda deadline a stream says goodbye.
const DEADLINE_MARGIN: Duration = Duration::from_secs(10);

pub async fn events(ctx: &Ctx, req: Request) -> Result<StreamResponse, ApiError> {
    let principal = Principal::of(&req)?;
    let user = principal.username.clone();
    let resume_after = last_event_id(&req)?;
    let name = profile(ctx, &user).await?.name;

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

    let live = live.take_until(end_of_stream(&req, ctx.config.sse_max));

    let connect = SseEvent::default()
        .event(names::CONNECT)
        .retry(Duration::from_millis(RETRY_MS))
        .json_data(json!({ "username": user, "name": name }))
        .map_err(|_| ApiError::internal())?;
    // When the stream ends (under Lambda: before the time limit) the client reconnects
    // after `retry:` with the last id it saw, and resumes from the log.
    let goodbye = SseEvent::default()
        .retry(Duration::from_millis(RETRY_MS))
        .comment("reconnect with Last-Event-ID to continue");
    let stream = futures::stream::once(std::future::ready(connect))
        .chain(futures::stream::iter(missed).chain(live).map(to_sse))
        .chain(futures::stream::once(std::future::ready(goodbye)))
        .map(Ok::<_, Infallible>);
    Ok(Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(HEARTBEAT))
        .into_response())
}

/// When the stream must end: before the Lambda invocation's deadline (a stream cut by the
/// time limit is an error to the client), and after `XWG_SSE_MAX_SECS` if that is set.
/// Never, in the local runtime without that setting.
fn end_of_stream(req: &Request, max: Option<Duration>) -> futures::future::BoxFuture<'static, ()> {
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or_default();
    // A deadline in the past is none: `cargo lambda watch` sends 600000, not an epoch time.
    let until_deadline = req
        .lambda_context_ref()
        .map(|c| c.deadline)
        .filter(|deadline| *deadline > now_ms)
        .map(|deadline| {
            let remaining = Duration::from_millis(deadline - now_ms);
            remaining - DEADLINE_MARGIN.min(remaining / 2)
        });
    match until_deadline.into_iter().chain(max).min() {
        Some(lifetime) => Box::pin(tokio::time::sleep(lifetime)),
        None => Box::pin(futures::future::pending()),
    }
}

fn to_sse(event: Event) -> SseEvent {
    SseEvent::default()
        .id(event.id.to_string())
        .event(event.name)
        .data(event.data.to_string())
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
fn last_event_id(req: &Request) -> Result<Option<u64>, ApiError> {
    let header = req
        .headers()
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let given = header.or_else(|| query_param(req, "lastEventId"));
    match given.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(value) => value.parse().map(Some).map_err(|_| {
            ApiError::bad_request(
                "Last-Event-ID must be the id of an event this stream sent (a number).",
            )
        }),
    }
}
