//! `GET /sparkweb/sse?token=…` (and `/sparkweb/api/sse`): the user's events as Server-Sent
//! Events. First `onConnect {username, name, email}`, then every event with its `id:`. A client
//! that comes back with `Last-Event-ID` (header, or `?lastEventId=`) first gets what it
//! missed from the event log, then the live events — none lost, none twice.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::response::IntoResponse;
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse as SseBody};
use futures::StreamExt;
use http::StatusCode;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa::PartialSchema;
use utoipa::openapi::Content;
use utoipa::openapi::response::{Response as ResponseDoc, ResponseBuilder};

use super::stream_events::{Connect, StreamEvents};
use crate::auth::logins::{self, State};
use crate::directory::profiles::profile;
use crate::routes::endpoint;
use crate::routes::openapi::{Schemas, schema_of};
use crate::routes::{Endpoint, IntoReply, Req, Response, StreamUser};
use crate::{ApiError, Ctx};
use xwg_core::events::{Event, SessionChange, log, names};
use xwg_core::keeper::{KeeperError, Live};
use xwg_core::store::Store;

/// Comment lines that keep proxies from closing a quiet stream (and by which a stream whose
/// reader went away is noticed and closed).
pub const HEARTBEAT: Duration = Duration::from_secs(15);
/// How often a stream looks at its login in the store, besides the keeper's signal that
/// ends it at once: a backstop, for a signal that could not be delivered.
const LOGIN_RECHECK: Duration = Duration::from_secs(300);
/// How many logged events one store query returns while catching up.
const REPLAY_PAGE: usize = 200;
/// What a client waits before reconnecting (`retry:`), in milliseconds.
const RETRY_MS: u64 = 1000;

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

/// A stream of Server-Sent Events.
pub struct EventStream(Response);

impl IntoReply for EventStream {
    const STREAMS: bool = true;

    fn into_response(self) -> Result<Response, ApiError> {
        Ok(self.0)
    }

    fn describe(schemas: &mut Schemas) -> Vec<(StatusCode, ResponseDoc)> {
        schema_of::<StreamEvents>(schemas);
        let content = Content::new(Some(String::schema()));
        let response = ResponseBuilder::new()
            .description(
                "onConnect, then chatapi.* events with ids, as they happen; each event's data \
                 is described by the StreamEvents schema, under the event's name",
            )
            .content("text/event-stream", content);
        vec![(StatusCode::OK, response.build())]
    }
}

pub struct Sse;

impl Endpoint for Sse {
    endpoint!(get "sse", "/sparkweb/api/sse",
        "Server-Sent Events of the user's XMPP session; resumes after Last-Event-ID",
        caller: StreamUser, query: StreamQuery, reply: EventStream, also: &["/sparkweb/sse"]);

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
        let resume_after = match last_event_id(given.as_deref())? {
            Some(after) => known_id(ctx, &user, after).await?,
            None => None,
        };
        if *ctx.shutting_down.borrow() {
            return Err(KeeperError::Unavailable("this server is shutting down".into()).into());
        }
        let profile = profile(ctx, &user).await?;

        // Live first, then the log: an event published in between is in both, and is sent once.
        let live = ctx.keeper.subscribe(&user, &sid).await?;
        // The login may have ended after it was checked and before the subscription: its
        // end was signalled to the streams open then, so this one looks again.
        if let State::Ended(_) | State::Gone =
            logins::state(ctx.store.as_ref(), &user, &sid).await?
        {
            return Err(ApiError::unauthorized(
                "This login has ended; log in again.",
            ));
        }
        let missed = match resume_after {
            Some(after) => replay(ctx, &user, after).await?,
            None => Vec::new(),
        };
        let last_sent = missed.last().map(|e| e.id).or(resume_after).unwrap_or(0);
        let connect = SseEvent::default()
            .event(names::CONNECT)
            .retry(Duration::from_millis(RETRY_MS))
            .json_data(Connect {
                username: &user,
                name: &profile.name,
                email: &profile.email,
            })
            .map_err(|_| ApiError::internal())?;
        let following = Following {
            live,
            last_sent,
            ends: end_of_stream(ctx.config.sse_max, ctx.shutting_down.subscribe()),
            recheck: tokio::time::interval_at(
                tokio::time::Instant::now() + LOGIN_RECHECK,
                LOGIN_RECHECK,
            ),
            store: Arc::clone(&ctx.store),
            user: user.to_string(),
            sid,
        };
        let live = futures::stream::unfold(Some(following), |following| async move {
            let mut following = following?;
            match following.next().await {
                Step::Send(event) => Some((event, Some(following))),
                Step::Last(event) => Some((event, None)),
            }
        });
        let stream = futures::stream::once(std::future::ready(connect))
            .chain(futures::stream::iter(missed).map(to_sse))
            .chain(live)
            .map(Ok::<_, Infallible>);
        Ok(EventStream(
            SseBody::new(stream)
                .keep_alive(KeepAlive::new().interval(HEARTBEAT))
                .into_response(),
        ))
    }
}

/// A stream after its replay: the live events of its user, until the login ends (by the
/// keeper's signal, or seen at a recheck), the session ends or the stream's time is up.
struct Following {
    live: xwg_core::keeper::EventStream,
    /// The id of the last event sent: a live event the replay sent already is skipped.
    last_sent: u64,
    ends: futures::future::BoxFuture<'static, ()>,
    /// The login is looked at now and then as well, in case a signal was lost (a keeper
    /// that could not be reached when the login ended).
    recheck: tokio::time::Interval,
    store: Arc<dyn Store>,
    user: String,
    sid: String,
}

/// What a stream sends next.
enum Step {
    Send(SseEvent),
    /// Its last event: it ends after this.
    Last(SseEvent),
}

impl Following {
    async fn next(&mut self) -> Step {
        loop {
            tokio::select! {
                live = self.live.next() => match live {
                    // The session ended (its last event told why) or this stream fell
                    // behind: the client comes back and resumes from the log.
                    None => return Step::Last(reconnect_hint()),
                    Some(Live::Event(event)) => {
                        if event.id > self.last_sent {
                            self.last_sent = event.id;
                            return Step::Send(to_sse(*event));
                        }
                    }
                    Some(signal) => {
                        if let Some(reason) = signal.ends_login(&self.sid) {
                            return Step::Last(login_ended(reason));
                        }
                    }
                },
                _ = &mut self.ends => return Step::Last(reconnect_hint()),
                _ = self.recheck.tick() => {
                    match logins::state(self.store.as_ref(), &self.user, &self.sid).await {
                        Ok(State::Live) => {}
                        Ok(State::Ended(why)) => return Step::Last(login_ended(why.describe())),
                        Ok(State::Gone) => {
                            return Step::Last(login_ended("the login expired; log in again"));
                        }
                        // Not known to be live: the client comes back, and is let in again
                        // only if it is.
                        Err(err) => {
                            tracing::warn!(error = %err, "login not rechecked; the stream ends");
                            return Step::Last(reconnect_hint());
                        }
                    }
                }
            }
        }
    }
}

/// The last event of a stream whose login ended: why, as a `chatapi.session` event.
fn login_ended(reason: &str) -> SseEvent {
    SseEvent::default()
        .event(names::SESSION)
        .data(SessionChange::ended(reason).data_json())
}

/// The last event of a stream that ends for now: when the client comes back (after
/// `retry:`) with the last id it saw, it resumes from the log.
fn reconnect_hint() -> SseEvent {
    SseEvent::default()
        .retry(Duration::from_millis(RETRY_MS))
        .comment("reconnect with Last-Event-ID to continue")
}

/// When the stream must end: after `XWG_SSE_MAX_SECS` if that is set, and when the process
/// shuts down (a keeper task drained for a deploy or a scale-in).
fn end_of_stream(
    max: Option<Duration>,
    mut shutting_down: tokio::sync::watch::Receiver<bool>,
) -> futures::future::BoxFuture<'static, ()> {
    Box::pin(async move {
        let time_up = async {
            match max {
                Some(lifetime) => tokio::time::sleep(lifetime).await,
                None => futures::future::pending().await,
            }
        };
        tokio::select! {
            () = time_up => {}
            // A closed sender (the context dropped) ends nothing.
            Ok(_) = shutting_down.wait_for(|down| *down) => {}
        }
    })
}

fn to_sse(event: Event) -> SseEvent {
    SseEvent::default()
        .id(event.id.to_string())
        .event(event.payload.name())
        .data(event.payload.data_json())
}

/// Every logged event after `after`, oldest first.
async fn replay(ctx: &Ctx, user: &str, after: u64) -> Result<Vec<Event>, ApiError> {
    let (mut missed, mut from): (Vec<Event>, u64) = (Vec::new(), after);
    loop {
        let (page, next) = log::after(ctx.store.as_ref(), user, from, REPLAY_PAGE).await?;
        missed.extend(page);
        match next {
            Some(next) if next > from => from = next,
            _ => return Ok(missed),
        }
    }
}

/// Where to resume: after `after` when the log still has events up to it; from the start of
/// what is live when the log is empty (all it held expired). An id beyond the newest event
/// was never sent by this gateway: resuming after it would hold back every event until ids
/// passed it.
async fn known_id(ctx: &Ctx, user: &str, after: u64) -> Result<Option<u64>, ApiError> {
    match log::newest(ctx.store.as_ref(), user, 1).await?.first() {
        None => Ok(None),
        Some(newest) if after > newest.id => Err(ApiError::bad_request(format!(
            "Last-Event-ID {after} is after this user's newest event ({}): send the id of an \
             event a stream sent, or none.",
            newest.id
        ))),
        Some(_) => Ok(Some(after)),
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
