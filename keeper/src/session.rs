//! One user's XMPP session: a task that owns the tokio-xmpp client, takes commands (send,
//! IQ, end), turns inbound stanzas into logged events, supervises reconnects, and ends
//! itself after the idle timeout.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use futures::StreamExt;
use serde_json::json;
use shared::events::{Event, NewEvent, log, names};
use shared::keeper::KeeperError;
use shared::push::Notification;
use shared::xmpp::password::{PasswordCheckError, check_password};
use shared::xmpp::{inbound, presences};
use tokio::sync::{broadcast, mpsc, oneshot, watch};
use tokio_xmpp::connect::DnsConfig;
use tokio_xmpp::jid::{BareJid, Jid};
use tokio_xmpp::minidom::Element;
use tokio_xmpp::parsers::iq::Iq;
use tokio_xmpp::parsers::ns;
use tokio_xmpp::parsers::ping::Ping;
use tokio_xmpp::parsers::presence::Presence;
use tokio_xmpp::parsers::stanza_error::{DefinedCondition, ErrorType, StanzaError};
use tokio_xmpp::xmlstream::Timeouts;
use tokio_xmpp::{
    Client, Event as XmppEvent, IqFailure, IqRequest, IqResponse, IqResponseToken, Stanza,
};

use crate::Inner;

/// How long a send may wait for the stream, and an IQ for its answer.
const SEND_TIMEOUT: Duration = Duration::from_secs(10);
const IQ_TIMEOUT: Duration = Duration::from_secs(15);
const CLOSE_TIMEOUT: Duration = Duration::from_secs(2);
/// Live events buffered per session for slow readers (beyond that they resume from the
/// log). The buffer is allocated up front for every session, so it is kept small.
const EVENT_BUFFER: usize = 64;
/// A session online for less than this before the next login was dropped at once…
const MIN_STABLE: Duration = Duration::from_secs(5);
/// …and this many such logins in a row end the session.
const MAX_RAPID_RELOGINS: u32 = 5;
/// How long a liveness ping may go unanswered before the stream counts as lost.
const PING_TIMEOUT: Duration = Duration::from_secs(5);

pub(crate) enum Command {
    /// Boxed: every session's command channel allocates its slots up front, sized by the
    /// largest variant, and a stanza is about 400 bytes.
    Send(Box<Stanza>, oneshot::Sender<Result<(), KeeperError>>),
    Iq(
        Option<Jid>,
        IqRequest,
        oneshot::Sender<Result<Option<Element>, KeeperError>>,
    ),
    /// An IQ set whose answer also comes as messages tagged with `queryid` (MAM, XEP-0313).
    Query(
        Option<Jid>,
        Element,
        String,
        oneshot::Sender<Result<QueryAnswer, KeeperError>>,
    ),
    /// A directed presence, answered by the first presence from the given JID.
    Exchange(
        Box<Presence>,
        Jid,
        oneshot::Sender<Result<Presence, KeeperError>>,
    ),
    End,
}

/// The IQ's result payload, and the messages the query's results came in.
pub(crate) type QueryAnswer = (Option<Element>, Vec<Element>);

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum State {
    Opening,
    Online,
    Reconnecting,
    Ended(KeeperError),
}

pub(crate) struct Session {
    pub user: String,
    commands: mpsc::Sender<Command>,
    events: broadcast::Sender<Event>,
    state: watch::Receiver<State>,
    /// When a REST call last used the session (a monotonic instant: idleness is measured
    /// in this process only, finer than the clock's seconds).
    last_used: std::sync::Mutex<Instant>,
    /// Set as soon as the session is on its way out, so no new call is handed to it.
    ending: AtomicBool,
    /// Messages of running queries, by query id (they are results, not events).
    collecting: std::sync::Mutex<HashMap<String, Vec<Element>>>,
    /// Callers waiting for a presence from a JID (the answer to theirs).
    awaiting: std::sync::Mutex<HashMap<String, oneshot::Sender<Presence>>>,
}

impl Session {
    pub fn spawn(user: &str, inner: Arc<Inner>) -> Arc<Session> {
        let (commands, command_rx) = mpsc::channel(64);
        let (events, _) = broadcast::channel(EVENT_BUFFER);
        let (state_tx, state) = watch::channel(State::Opening);
        let session = Arc::new(Session {
            user: user.to_string(),
            commands,
            events,
            state,
            last_used: std::sync::Mutex::new(Instant::now()),
            ending: AtomicBool::new(false),
            collecting: std::sync::Mutex::new(HashMap::new()),
            awaiting: std::sync::Mutex::new(HashMap::new()),
        });
        tokio::spawn(run(Arc::clone(&session), inner, command_rx, state_tx));
        session
    }

    pub fn has_ended(&self) -> bool {
        self.ending.load(Ordering::SeqCst) || matches!(*self.state.borrow(), State::Ended(_))
    }

    pub fn touch(&self) {
        *self.last_used.lock().unwrap_or_else(|p| p.into_inner()) = Instant::now();
    }

    fn collecting(&self) -> std::sync::MutexGuard<'_, HashMap<String, Vec<Element>>> {
        self.collecting.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Keeps a message that answers a running query; `false` for any other message.
    fn collect(&self, stanza: &Stanza) -> bool {
        let Stanza::Message(message) = stanza else {
            return false;
        };
        let Some(queryid) = message
            .payloads
            .iter()
            .find(|p| p.name() == "result")
            .and_then(|p| p.attr("queryid"))
        else {
            return false;
        };
        match self.collecting().get_mut(queryid) {
            Some(results) => {
                results.push(Element::from(message.clone()));
                true
            }
            None => false,
        }
    }

    /// Hands a presence to the caller waiting for one from its sender.
    fn answer_presence(&self, stanza: &Stanza) {
        let Stanza::Presence(presence) = stanza else {
            return;
        };
        let Some(from) = &presence.from else { return };
        let waiting = self
            .awaiting
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&from.to_string());
        if let Some(waiting) = waiting {
            let _ = waiting.send(presence.clone());
        }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.events.subscribe()
    }

    /// Waits until the session is online, or reports why it cannot be.
    pub async fn ready(&self, within: Duration) -> Result<(), KeeperError> {
        let mut state = self.state.clone();
        let reached = tokio::time::timeout(
            within,
            state.wait_for(|s| matches!(s, State::Online | State::Ended(_))),
        )
        .await;
        match reached {
            Err(_) => Err(KeeperError::Timeout),
            Ok(Err(_)) => Err(KeeperError::Internal("session task gone".into())),
            Ok(Ok(state)) => match &*state {
                State::Ended(reason) => Err(reason.clone()),
                _ => Ok(()),
            },
        }
    }

    pub async fn command<T>(
        &self,
        make: impl FnOnce(oneshot::Sender<Result<T, KeeperError>>) -> Command,
    ) -> Result<T, KeeperError> {
        let (reply, answer) = oneshot::channel();
        let gone = || KeeperError::Unavailable("the session ended; try again".into());
        match tokio::time::timeout(SEND_TIMEOUT, self.commands.send(make(reply))).await {
            Err(_) => return Err(KeeperError::Timeout),
            Ok(Err(_)) => return Err(gone()),
            Ok(Ok(())) => {}
        }
        match tokio::time::timeout(SEND_TIMEOUT + IQ_TIMEOUT, answer).await {
            Err(_) => Err(KeeperError::Timeout),
            Ok(Err(_)) => Err(gone()),
            Ok(Ok(result)) => result,
        }
    }

    pub async fn end(&self) {
        self.ending.store(true, Ordering::SeqCst);
        let _ = tokio::time::timeout(SEND_TIMEOUT, self.commands.send(Command::End)).await;
    }
}

/// How a session task finished.
enum Outcome {
    Ended(KeeperError),
    /// Another keeper holds the user's lease now: the session lives on there.
    Moved,
}

/// The session task: serve until ended, then leave the registry, report why and release
/// the lease. Serving runs as a task of its own, so even a panic in it is cleaned up.
async fn run(
    session: Arc<Session>,
    inner: Arc<Inner>,
    commands: mpsc::Receiver<Command>,
    state: watch::Sender<State>,
) {
    let serving = tokio::spawn(serve(
        Arc::clone(&session),
        Arc::clone(&inner),
        commands,
        state.clone(),
    ));
    let outcome = serving.await.unwrap_or_else(|err| {
        tracing::error!(user = %session.user, error = %err, "session task failed");
        Outcome::Ended(KeeperError::Internal("the session failed".into()))
    });
    session.ending.store(true, Ordering::SeqCst);
    inner.forget_session(&session);
    let reason = match outcome {
        Outcome::Moved => {
            tracing::info!(user = %session.user, "session moved to another keeper");
            KeeperError::Unavailable("the session moved to another keeper; try again".into())
        }
        Outcome::Ended(reason) => {
            tracing::info!(user = %session.user, ?reason, "session ended");
            let text = match &reason {
                KeeperError::Internal(why) => why.clone(),
                other => other.to_string(),
            };
            publish(
                &session,
                &inner,
                session_event("ended", json!({ "reason": text })),
            )
            .await;
            if let Err(err) = presences::clear(inner.store.as_ref(), &session.user).await {
                tracing::warn!(user = %session.user, error = %err, "presences not cleared; they expire");
            }
            if let Err(err) = inner.leases().release(&session.user).await {
                tracing::warn!(user = %session.user, error = %err, "lease not released; it will expire");
            }
            reason
        }
    };
    state.send_replace(State::Ended(reason));
}

/// Runs the session until it ends.
async fn serve(
    session: Arc<Session>,
    inner: Arc<Inner>,
    mut commands: mpsc::Receiver<Command>,
    state: watch::Sender<State>,
) -> Outcome {
    let (session, inner, state) = (&session, &inner, &state);
    let jid = match shared::xmpp::user_jid(&session.user, &inner.xmpp.domain) {
        Ok(jid) => jid,
        Err(_) => return Outcome::Ended(KeeperError::Internal("not a valid username".into())),
    };
    let password = match inner
        .credentials
        .load(inner.store.as_ref(), &session.user)
        .await
    {
        Ok(password) => password,
        Err(err) => return Outcome::Ended(err),
    };
    // tokio-xmpp's client retries a refused password forever: ask the server once first.
    if let Err(err) = verify(inner, &jid, &password, session).await {
        return Outcome::Ended(err);
    }
    let mut client = Client::new_plaintext(
        jid.clone(),
        password.clone(),
        DnsConfig::addr(&inner.xmpp.server),
        Timeouts::tight(),
    );
    let server = Jid::from(jid.domain().to_owned());
    let mut idle_check = tokio::time::interval(
        (inner.config.idle / 4).clamp(Duration::from_millis(100), Duration::from_secs(30)),
    );
    // tokio-xmpp reconnects by itself and does not report a lost stream: a ping after a
    // quiet spell is how the keeper learns that the server is gone.
    let mut liveness = tokio::time::interval(inner.config.ping);
    let (ping_done, mut ping_results) = mpsc::channel::<bool>(1);
    let mut ping_pending = false;
    let mut heard = true;
    let mut last_online: Option<Instant> = None;
    let mut rapid_relogins: u32 = 0;
    let mut heartbeat = tokio::time::interval(inner.config.lease / 3);

    let reason = loop {
        tokio::select! {
            event = client.next() => match event {
                // Its worker is gone: nothing left to close.
                None => return Outcome::Ended(KeeperError::Unavailable("the XMPP client stopped".into())),
                Some(XmppEvent::Online { resumed, .. }) => {
                    heard = true;
                    if !resumed {
                        // A new resource: announce it so bare-JID messages reach this session.
                        let presence = client.send_stanza(Presence::available().into());
                        if !matches!(tokio::time::timeout(SEND_TIMEOUT, presence).await, Ok(Ok(_))) {
                            tracing::warn!(user = %session.user, "initial presence not sent");
                        }
                    }
                    state.send_replace(State::Online);
                    if let Some(previous) = last_online.replace(Instant::now()) {
                        // Back after a reconnect, noticed or not.
                        publish(session, inner, session_event("online", json!({ "resumed": resumed }))).await;
                        // tokio-xmpp re-logs in at once when the server drops the stream right
                        // after login; a server doing that again and again ends the session.
                        rapid_relogins = if previous.elapsed() < MIN_STABLE { rapid_relogins + 1 } else { 0 };
                        if rapid_relogins >= MAX_RAPID_RELOGINS {
                            break Outcome::Ended(KeeperError::Unavailable(
                                "the XMPP server keeps dropping the session right after login".into(),
                            ));
                        }
                    }
                }
                // tokio-xmpp 6 does not send this today (pings notice lost streams instead).
                Some(XmppEvent::Disconnected(err)) => {
                    if let Err(reason) = lost(session, inner, state, &jid, &password, &err.to_string()).await {
                        break Outcome::Ended(reason);
                    }
                }
                Some(XmppEvent::Stanza(stanza)) => {
                    heard = true;
                    if *state.borrow() == State::Reconnecting {
                        // Traffic again: the loss was a false alarm, or over.
                        state.send_replace(State::Online);
                        publish(session, inner, session_event("online", json!({ "resumed": true }))).await;
                    }
                    inbound_stanza(&mut client, session, inner, stanza).await;
                }
            },
            command = commands.recv() => match command {
                None | Some(Command::End) => break Outcome::Ended(KeeperError::Internal("ended".into())),
                Some(Command::Send(stanza, reply)) => {
                    let sent = match tokio::time::timeout(SEND_TIMEOUT, client.send_stanza(*stanza)).await {
                        Err(_) => Err(KeeperError::Timeout),
                        Ok(Err(err)) => Err(KeeperError::Unavailable(err.to_string())),
                        Ok(Ok(_)) => Ok(()),
                    };
                    let _ = reply.send(sent);
                }
                Some(Command::Query(to, payload, queryid, reply)) => {
                    session.collecting().insert(queryid.clone(), Vec::new());
                    match tokio::time::timeout(SEND_TIMEOUT, client.send_iq(to, IqRequest::Set(payload))).await {
                        Err(_) => {
                            session.collecting().remove(&queryid);
                            let _ = reply.send(Err(KeeperError::Timeout));
                        }
                        Ok(token) => {
                            let session = Arc::clone(session);
                            tokio::spawn(async move {
                                let answer = iq_answer(token, IQ_TIMEOUT).await;
                                // Every result message came before the IQ's answer.
                                let messages = session.collecting().remove(&queryid).unwrap_or_default();
                                let _ = reply.send(answer.map(|fin| (fin, messages)));
                            });
                        }
                    }
                }
                Some(Command::Exchange(presence, from, reply)) => {
                    let (answer, answered) = oneshot::channel();
                    session.awaiting.lock().unwrap_or_else(|p| p.into_inner()).insert(from.to_string(), answer);
                    match tokio::time::timeout(SEND_TIMEOUT, client.send_stanza((*presence).into())).await {
                        Ok(Ok(_)) => {
                            tokio::spawn(async move {
                                let answer = match tokio::time::timeout(IQ_TIMEOUT, answered).await {
                                    Ok(Ok(presence)) => Ok(presence),
                                    Ok(Err(_)) => Err(KeeperError::Unavailable("the session ended".into())),
                                    Err(_) => Err(KeeperError::Timeout),
                                };
                                let _ = reply.send(answer);
                            });
                        }
                        _ => {
                            session.awaiting.lock().unwrap_or_else(|p| p.into_inner()).remove(&from.to_string());
                            let _ = reply.send(Err(KeeperError::Timeout));
                        }
                    }
                }
                Some(Command::Iq(to, request, reply)) => {
                    // Queuing waits while the stream is down and the queue is full: bounded.
                    match tokio::time::timeout(SEND_TIMEOUT, client.send_iq(to, request)).await {
                        Err(_) => { let _ = reply.send(Err(KeeperError::Timeout)); }
                        // The answer is awaited off the loop, so a slow peer blocks nobody.
                        Ok(token) => { tokio::spawn(async move { let _ = reply.send(iq_answer(token, IQ_TIMEOUT).await); }); }
                    }
                }
            },
            _ = liveness.tick() => {
                // Only an online stream is pinged: during an outage pings would just queue up.
                if !heard && !ping_pending && *state.borrow() == State::Online {
                    let ping = client.send_iq(Some(server.clone()), IqRequest::Get(Ping.into()));
                    if let Ok(token) = tokio::time::timeout(PING_TIMEOUT, ping).await {
                        ping_pending = true;
                        let done = ping_done.clone();
                        tokio::spawn(async move { let _ = done.send(iq_answer(token, PING_TIMEOUT).await.is_ok()).await; });
                    }
                }
                heard = false;
            }
            Some(answered) = ping_results.recv() => {
                ping_pending = false;
                if !answered && *state.borrow() == State::Online
                    && let Err(reason) = lost(session, inner, state, &jid, &password, "no answer to a ping").await {
                        break Outcome::Ended(reason);
                    }
            }
            _ = heartbeat.tick() => match inner.leases().renew(&session.user).await {
                Ok(true) => {}
                // Another keeper holds it now (this one stalled past the lease): leave it theirs.
                Ok(false) => break Outcome::Moved,
                Err(err) => tracing::warn!(user = %session.user, error = %err, "lease not renewed"),
            },
            _ = idle_check.tick() => {
                let unused_for = session.last_used.lock().unwrap_or_else(|p| p.into_inner()).elapsed();
                if session.events.receiver_count() == 0 && unused_for >= inner.config.idle {
                    break Outcome::Ended(KeeperError::Internal("idle".into()));
                }
            }
        }
    };
    // However it ended, close the stream (the client's worker stops with it); a stream
    // that is down does not get to delay the end.
    let _ = tokio::time::timeout(CLOSE_TIMEOUT, client.send_end()).await;
    reason
}

fn session_event(state: &str, extra: serde_json::Value) -> NewEvent {
    let mut data = json!({ "state": state });
    if let (Some(data), Some(extra)) = (data.as_object_mut(), extra.as_object()) {
        data.extend(extra.clone());
    }
    NewEvent {
        name: names::SESSION,
        data,
    }
}

/// The stream is gone: streams are told, and a password the server now refuses ends the
/// session (the client would otherwise retry it forever).
async fn lost(
    session: &Session,
    inner: &Inner,
    state: &watch::Sender<State>,
    jid: &BareJid,
    password: &str,
    reason: &str,
) -> Result<(), KeeperError> {
    tracing::warn!(user = %session.user, %reason, "XMPP stream lost; reconnecting");
    state.send_replace(State::Reconnecting);
    publish(
        session,
        inner,
        session_event("reconnecting", json!({ "reason": reason })),
    )
    .await;
    match verify(inner, jid, password, session).await {
        Err(KeeperError::CredentialRefused) => Err(KeeperError::CredentialRefused),
        _ => Ok(()),
    }
}

/// An IQ's answer within `within`.
async fn iq_answer(
    token: IqResponseToken,
    within: Duration,
) -> Result<Option<Element>, KeeperError> {
    match tokio::time::timeout(within, token).await {
        Err(_) => Err(KeeperError::Timeout),
        Ok(Err(IqFailure::LostWorker)) => Err(KeeperError::Unavailable("session lost".into())),
        Ok(Err(IqFailure::SendError(err))) => Err(KeeperError::Unavailable(err.to_string())),
        Ok(Ok(IqResponse::Result(payload))) => Ok(payload),
        Ok(Ok(IqResponse::Error(error))) => Err(KeeperError::XmppError(
            inbound::describe_error(&error).condition,
        )),
    }
}

/// Asks the server whether the stored password still works; a refusal forgets it.
async fn verify(
    inner: &Inner,
    jid: &BareJid,
    password: &str,
    session: &Session,
) -> Result<(), KeeperError> {
    match check_password(&inner.xmpp, jid, password).await {
        Ok(()) => Ok(()),
        Err(PasswordCheckError::Refused) => {
            tracing::warn!(user = %session.user, "the XMPP server refused the stored credential");
            let _ = inner
                .credentials
                .forget(inner.store.as_ref(), &session.user)
                .await;
            Err(KeeperError::CredentialRefused)
        }
        Err(PasswordCheckError::Unreachable(reason)) => Err(KeeperError::Unavailable(reason)),
    }
}

/// Answers the server's requests (roster pushes, pings) and logs and fans out the events.
async fn inbound_stanza(client: &mut Client, session: &Session, inner: &Inner, stanza: Stanza) {
    if session.collect(&stanza) {
        return; // a query's result, for its caller only
    }
    // An awaited presence is an event too (the room's self-presence, say).
    session.answer_presence(&stanza);
    if let Stanza::Iq(iq) = &stanza {
        // Answers to our own IQs are routed by the client; a late one is dropped here.
        let Some(reply) = answer(iq) else { return };
        if !matches!(
            tokio::time::timeout(SEND_TIMEOUT, client.send_stanza(reply.into())).await,
            Ok(Ok(_))
        ) {
            tracing::warn!(user = %session.user, "IQ answer not sent");
        }
        if matches!(iq, Iq::Get { .. }) {
            return; // pings and queries are no news for the user
        }
    }
    for event in inbound::events_of(&stanza) {
        publish(session, inner, event).await;
    }
}

/// A roster push or ping gets an empty result; any other request is not served by a web
/// session. Results and errors need no answer.
fn answer(iq: &Iq) -> Option<Iq> {
    let (Iq::Get {
        from, id, payload, ..
    }
    | Iq::Set {
        from, id, payload, ..
    }) = iq
    else {
        return None;
    };
    let (to, id) = (from.clone(), id.clone());
    let served = payload.is("query", ns::ROSTER) || payload.is("ping", ns::PING);
    Some(if served {
        Iq::Result {
            from: None,
            to,
            id,
            payload: None,
        }
    } else {
        let error = StanzaError::new(
            ErrorType::Cancel,
            DefinedCondition::ServiceUnavailable,
            "en",
            "not served by this web session",
        );
        Iq::Error {
            from: None,
            to,
            id,
            error,
            payload: None,
        }
    })
}

/// The notification for a chat or group chat message with a body; nothing for the rest.
fn offline_notification(event: &Event) -> Option<Notification> {
    if event.name != names::CHAT && event.name != names::MUC {
        return None;
    }
    let body = event.data["body"].as_str().filter(|b| !b.is_empty())?;
    let from = event.data["from"].as_str().unwrap_or_default();
    let sender = match event.data["type"].as_str() {
        // A group chat message is from room/nick: keep both.
        Some("groupchat") => from,
        _ => from.split('/').next().unwrap_or(from),
    };
    Some(Notification::message(sender, body).fitted())
}

/// Appends the event to the user's log, then hands it to the live streams. A message
/// that no live stream receives goes out as a Web Push notification instead.
pub(crate) async fn publish(session: &Session, inner: &Inner, event: NewEvent) {
    let expires_at = inner.clock.now() + inner.config.event_ttl.as_secs() as i64;
    if event.name == names::PRESENCE
        && let Err(err) =
            presences::record(inner.store.as_ref(), &session.user, &event.data, expires_at).await
    {
        tracing::warn!(user = %session.user, error = %err, "presence not recorded");
    }
    match log::append(inner.store.as_ref(), &session.user, event, expires_at).await {
        Ok(event) => {
            if session.events.receiver_count() > 0 {
                let _ = session.events.send(event);
            } else if let Some(pusher) = inner.push.get()
                && let Some(notification) = offline_notification(&event)
            {
                // The event waits in the log too, for the next stream.
                let (pusher, user) = (Arc::clone(pusher), session.user.clone());
                tokio::spawn(async move {
                    if let Err(err) = pusher.notify(&user, &notification).await {
                        tracing::warn!(%user, error = %err, "offline push failed");
                    }
                });
            }
        }
        Err(err) => {
            tracing::error!(user = %session.user, error = %err, "event not stored; not delivered")
        }
    }
}
