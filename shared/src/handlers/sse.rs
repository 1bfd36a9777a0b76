//! `GET /sparkweb/sse?token=…` (and `/sparkweb/api/sse`): the user's events as Server-Sent
//! Events. First `onConnect {username, name}`, then every event with its `id:`. A client
//! that comes back with `Last-Event-ID` (header, or `?lastEventId=`) first gets what it
//! missed from the event log, then the live events — none lost, none twice.

use std::convert::Infallible;
use std::time::Duration;

use axum::response::IntoResponse;
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use futures::StreamExt;
use lambda_http::Request;
use serde_json::json;

use crate::auth::Principal;
use crate::events::{Event, log, names};
use crate::handlers::user::profile;
use crate::routes::StreamResponse;
use crate::{ApiError, Ctx};

/// Comment lines that keep proxies from closing a quiet stream.
const HEARTBEAT: Duration = Duration::from_secs(15);
/// How many logged events one store query returns while catching up.
const REPLAY_PAGE: usize = 200;
/// What a client waits before reconnecting (`retry:`), in milliseconds.
const RETRY_MS: u64 = 1000;

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

    let connect = SseEvent::default()
        .event(names::CONNECT)
        .retry(Duration::from_millis(RETRY_MS))
        .json_data(json!({ "username": user, "name": name }))
        .map_err(|_| ApiError::internal())?;
    let stream = futures::stream::once(std::future::ready(connect))
        .chain(futures::stream::iter(missed).chain(live).map(to_sse))
        .map(Ok::<_, Infallible>);
    Ok(Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(HEARTBEAT))
        .into_response())
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
        .and_then(|v| v.to_str().ok());
    let query = req
        .uri()
        .query()
        .and_then(|q| q.split('&').find_map(|p| p.strip_prefix("lastEventId=")));
    match header.or(query).map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(value) => value.parse().map(Some).map_err(|_| {
            ApiError::bad_request(
                "Last-Event-ID must be the id of an event this stream sent (a number).",
            )
        }),
    }
}
