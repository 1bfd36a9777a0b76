//! The session task: owns one user's tokio-xmpp client and serves the session until it
//! ends. Its state is [`SessionTask`], with one method per input — an XMPP event, a
//! command, a liveness tick, a ping's answer, a lease heartbeat, an idle check; each says
//! whether the session goes on or why it ends ([`EndReason`]).

use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::StreamExt;
use shared::events::SessionChange;
use shared::keeper::KeeperError;
use shared::xmpp::errors::Condition;
use shared::xmpp::inbound;
use shared::xmpp::password::{PasswordCheckError, check_password};
use shared::xmpp::presences;
use tokio::sync::{mpsc, watch};
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
use crate::events::EventSink;
use crate::session::{Command, IQ_TIMEOUT, SEND_TIMEOUT, Session, State};

const CLOSE_TIMEOUT: Duration = Duration::from_secs(2);
/// A session online for less than this before the next login was dropped at once…
const MIN_STABLE: Duration = Duration::from_secs(5);
/// …and this many such logins in a row end the session.
const MAX_RAPID_RELOGINS: u32 = 5;
/// How long a liveness ping may go unanswered before the stream counts as lost.
const PING_TIMEOUT: Duration = Duration::from_secs(5);

/// Why a session ended.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum EndReason {
    /// Ended on request (logout, an administrator).
    Ended,
    /// No call and no live stream for the idle time.
    Idle,
    /// Another keeper holds the user's lease now: the session lives on there.
    Moved,
    /// No sealed password for the user.
    NoCredential,
    /// The server refuses the stored password.
    CredentialRefused,
    /// The server is unreachable, or keeps dropping the session right after login.
    Unavailable(String),
    /// The session task failed (a bug, logged).
    Failed(String),
}

impl EndReason {
    /// What a call that waited on the session is told. Endings a fresh session may not
    /// share (logout, idle, a move) are `SessionEnded`, which the keeper retries once.
    pub fn error(&self) -> KeeperError {
        match self {
            EndReason::Ended | EndReason::Idle | EndReason::Moved => {
                KeeperError::SessionEnded(self.describe())
            }
            EndReason::NoCredential => KeeperError::NoCredential,
            EndReason::CredentialRefused => KeeperError::CredentialRefused,
            EndReason::Unavailable(reason) => KeeperError::Unavailable(reason.clone()),
            EndReason::Failed(reason) => KeeperError::Internal(reason.clone()),
        }
    }

    /// The `reason` of the `ended` event streams get.
    fn describe(&self) -> String {
        match self {
            EndReason::Ended => "ended".into(),
            EndReason::Idle => "idle".into(),
            EndReason::Moved => "moved to another keeper".into(),
            other => other.error().to_string(),
        }
    }
}

/// The session task: serve until the session ends, then leave the registry, tell the
/// streams why and release the lease. Serving runs as a task of its own, so even a panic
/// in it is cleaned up.
pub(crate) async fn run(
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
    let reason = serving.await.unwrap_or_else(|err| {
        tracing::error!(user = %session.user, error = %err, "session task failed");
        EndReason::Failed("the session failed".into())
    });
    session.mark_ending();
    inner.forget_session(&session);
    if reason == EndReason::Moved {
        tracing::info!(user = %session.user, "session moved to another keeper");
    } else {
        tracing::info!(user = %session.user, ?reason, "session ended");
        let sink = EventSink::new(Arc::clone(&session), Arc::clone(&inner));
        sink.publish(SessionChange::ended(&reason.describe())).await;
        if let Err(err) = presences::clear(inner.store.as_ref(), &session.user).await {
            tracing::warn!(user = %session.user, error = %err, "presences not cleared; they expire");
        }
        if let Err(err) = inner.leases().release(&session.user).await {
            tracing::warn!(user = %session.user, error = %err, "lease not released; it will expire");
        }
    }
    state.send_replace(State::Ended(reason));
}

async fn serve(
    session: Arc<Session>,
    inner: Arc<Inner>,
    commands: mpsc::Receiver<Command>,
    state: watch::Sender<State>,
) -> EndReason {
    match SessionTask::open(session, inner, state).await {
        Ok((task, answers)) => task.run(commands, answers).await,
        Err(reason) => reason,
    }
}

/// What woke the task.
#[expect(
    clippy::large_enum_variant,
    reason = "one at a time, on the stack, for the moment it is handled"
)]
enum Input {
    Xmpp(Option<XmppEvent>),
    Command(Option<Command>),
    LivenessTick,
    PingAnswered(bool),
    Heartbeat,
    IdleCheck,
}

/// What the task knows about the stream's liveness.
struct Liveness {
    /// Anything heard from the server since the last tick.
    heard: bool,
    ping_pending: bool,
    answers: mpsc::Sender<bool>,
}

/// tokio-xmpp re-logs in at once when the server drops the stream right after login; a
/// server doing that again and again ends the session instead of being hammered.
#[derive(Default)]
struct ReloginGuard {
    last_online: Option<Instant>,
    rapid: u32,
}

impl ReloginGuard {
    /// Notes a login; `Some(previous)` when it is a re-login, `Err` when there were too
    /// many rapid ones.
    fn online(&mut self) -> Result<bool, EndReason> {
        let Some(previous) = self.last_online.replace(Instant::now()) else {
            return Ok(false);
        };
        self.rapid = if previous.elapsed() < MIN_STABLE {
            self.rapid + 1
        } else {
            0
        };
        if self.rapid >= MAX_RAPID_RELOGINS {
            return Err(EndReason::Unavailable(
                "the XMPP server keeps dropping the session right after login".into(),
            ));
        }
        Ok(true)
    }
}

struct SessionTask {
    session: Arc<Session>,
    inner: Arc<Inner>,
    sink: EventSink,
    client: Client,
    /// Whether the client's worker still runs (closing a client whose worker is gone panics).
    worker_alive: bool,
    state: watch::Sender<State>,
    jid: BareJid,
    password: String,
    server: Jid,
    liveness: Liveness,
    relogins: ReloginGuard,
}

impl SessionTask {
    /// Loads the sealed password, checks it with the server (tokio-xmpp's client would
    /// retry a refused one forever) and starts the client.
    async fn open(
        session: Arc<Session>,
        inner: Arc<Inner>,
        state: watch::Sender<State>,
    ) -> Result<(Self, mpsc::Receiver<bool>), EndReason> {
        let jid = shared::xmpp::user_jid(&session.user, &inner.xmpp.domain)
            .map_err(|_| EndReason::Failed("not a valid username".into()))?;
        let password = inner
            .credentials
            .load(inner.store.as_ref(), &session.user)
            .await
            .map_err(|err| match err {
                KeeperError::NoCredential => EndReason::NoCredential,
                other => EndReason::Failed(other.to_string()),
            })?;
        verify(&inner, &session.user, &jid, &password).await?;
        let client = Client::new_plaintext(
            jid.clone(),
            password.clone(),
            DnsConfig::addr(&inner.xmpp.server),
            Timeouts::tight(),
        );
        let (answers, answered) = mpsc::channel(1);
        let task = Self {
            sink: EventSink::new(Arc::clone(&session), Arc::clone(&inner)),
            server: Jid::from(jid.domain().to_owned()),
            session,
            inner,
            client,
            worker_alive: true,
            state,
            jid,
            password,
            liveness: Liveness {
                heard: true,
                ping_pending: false,
                answers,
            },
            relogins: ReloginGuard::default(),
        };
        Ok((task, answered))
    }
}

impl SessionTask {
    /// Serves inputs until one ends the session, then closes the stream (a stream that is
    /// down does not get to delay the end).
    async fn run(
        mut self,
        mut commands: mpsc::Receiver<Command>,
        mut answers: mpsc::Receiver<bool>,
    ) -> EndReason {
        let config = &self.inner.config;
        let mut idle_check = tokio::time::interval(
            (config.idle / 4).clamp(Duration::from_millis(100), Duration::from_secs(30)),
        );
        // tokio-xmpp reconnects by itself and does not report a lost stream: a ping after a
        // quiet spell is how the keeper learns that the server is gone.
        let mut liveness = tokio::time::interval(config.ping);
        let mut heartbeat = tokio::time::interval(config.lease / 3);
        let reason = loop {
            let input = tokio::select! {
                event = self.client.next() => Input::Xmpp(event),
                command = commands.recv() => Input::Command(command),
                _ = liveness.tick() => Input::LivenessTick,
                Some(answered) = answers.recv() => Input::PingAnswered(answered),
                _ = heartbeat.tick() => Input::Heartbeat,
                _ = idle_check.tick() => Input::IdleCheck,
            };
            let outcome = match input {
                Input::Xmpp(event) => self.on_xmpp(event).await,
                Input::Command(command) => self.on_command(command).await,
                Input::LivenessTick => {
                    self.on_liveness_tick().await;
                    Ok(())
                }
                Input::PingAnswered(answered) => self.on_ping_answer(answered).await,
                Input::Heartbeat => self.on_heartbeat().await,
                Input::IdleCheck => self.on_idle_check(),
            };
            if let Err(reason) = outcome {
                break reason;
            }
        };
        if self.worker_alive {
            let _ = tokio::time::timeout(CLOSE_TIMEOUT, self.client.send_end()).await;
        }
        reason
    }

    fn current(&self) -> State {
        self.state.borrow().clone()
    }

    async fn on_xmpp(&mut self, event: Option<XmppEvent>) -> Result<(), EndReason> {
        match event {
            // Its worker is gone: nothing left to close.
            None => {
                self.worker_alive = false;
                Err(EndReason::Unavailable("the XMPP client stopped".into()))
            }
            Some(XmppEvent::Online { resumed, .. }) => self.on_online(resumed).await,
            // tokio-xmpp 6 does not send this today (pings notice lost streams instead).
            Some(XmppEvent::Disconnected(err)) => self.lost(&err.to_string()).await,
            Some(XmppEvent::Stanza(stanza)) => {
                self.liveness.heard = true;
                if self.current() == State::Reconnecting {
                    // Traffic again: the loss was a false alarm, or over.
                    self.state.send_replace(State::Online);
                    self.sink.publish(SessionChange::online(true)).await;
                }
                self.on_stanza(stanza).await;
                Ok(())
            }
        }
    }

    async fn on_online(&mut self, resumed: bool) -> Result<(), EndReason> {
        self.liveness.heard = true;
        if !resumed {
            // A new resource: announce it so bare-JID messages reach this session.
            let presence = self.client.send_stanza(Presence::available().into());
            if !matches!(
                tokio::time::timeout(SEND_TIMEOUT, presence).await,
                Ok(Ok(_))
            ) {
                tracing::warn!(user = %self.session.user, "initial presence not sent");
            }
        }
        self.state.send_replace(State::Online);
        // Back after a reconnect, noticed or not.
        if self.relogins.online()? {
            self.sink.publish(SessionChange::online(resumed)).await;
        }
        Ok(())
    }

    /// Answers the server's requests (roster pushes, pings) and publishes the events.
    async fn on_stanza(&mut self, stanza: Stanza) {
        if self.session.collect(&stanza) {
            return; // a query's result, for its caller only
        }
        // An awaited presence is an event too (the room's self-presence, say).
        self.session.answer_presence(&stanza);
        if let Stanza::Iq(iq) = &stanza {
            // Answers to our own IQs are routed by the client; a late one is dropped here.
            let Some(reply) = answer(iq) else { return };
            let sent = self.client.send_stanza(reply.into());
            if !matches!(tokio::time::timeout(SEND_TIMEOUT, sent).await, Ok(Ok(_))) {
                tracing::warn!(user = %self.session.user, "IQ answer not sent");
            }
            if matches!(iq, Iq::Get { .. }) {
                return; // pings and queries are no news for the user
            }
        }
        for payload in inbound::events_of(&stanza) {
            self.sink.publish(payload).await;
        }
    }

    async fn on_command(&mut self, command: Option<Command>) -> Result<(), EndReason> {
        match command {
            None | Some(Command::End) => return Err(EndReason::Ended),
            Some(Command::Send(stanza, reply)) => {
                let sent =
                    tokio::time::timeout(SEND_TIMEOUT, self.client.send_stanza(*stanza)).await;
                let _ = reply.send(match sent {
                    Err(_) => Err(KeeperError::Timeout),
                    Ok(Err(err)) => Err(KeeperError::Unavailable(err.to_string())),
                    Ok(Ok(_)) => Ok(()),
                });
            }
            Some(Command::Iq(to, request, reply)) => {
                // Queuing waits while the stream is down and the queue is full: bounded.
                match self.send_iq(to, request).await {
                    Err(err) => {
                        let _ = reply.send(Err(err));
                    }
                    // The answer is awaited off the loop, so a slow peer blocks nobody.
                    Ok(token) => {
                        tokio::spawn(async move {
                            let _ = reply.send(iq_answer(token, IQ_TIMEOUT).await);
                        });
                    }
                }
            }
            Some(Command::Query(to, payload, queryid, reply)) => {
                self.session.collect_for(&queryid);
                match self.send_iq(to, IqRequest::Set(payload)).await {
                    Err(err) => {
                        self.session.collected(&queryid);
                        let _ = reply.send(Err(err));
                    }
                    Ok(token) => {
                        let session = Arc::clone(&self.session);
                        tokio::spawn(async move {
                            let answer = iq_answer(token, IQ_TIMEOUT).await;
                            // Every result message came before the IQ's answer.
                            let messages = session.collected(&queryid);
                            let _ = reply.send(answer.map(|fin| (fin, messages)));
                        });
                    }
                }
            }
            Some(Command::Exchange(presence, from, reply)) => {
                let answered = self.session.await_presence(from.clone());
                let sent =
                    tokio::time::timeout(SEND_TIMEOUT, self.client.send_stanza((*presence).into()))
                        .await;
                if matches!(sent, Ok(Ok(_))) {
                    tokio::spawn(async move {
                        let _ =
                            reply.send(match tokio::time::timeout(IQ_TIMEOUT, answered).await {
                                Ok(Ok(presence)) => Ok(presence),
                                Ok(Err(_)) => {
                                    Err(KeeperError::Unavailable("the session ended".into()))
                                }
                                Err(_) => Err(KeeperError::Timeout),
                            });
                    });
                } else {
                    self.session.stop_awaiting(&from);
                    let _ = reply.send(Err(KeeperError::Timeout));
                }
            }
        }
        Ok(())
    }

    /// Queues an IQ; its answer comes through the token.
    async fn send_iq(
        &mut self,
        to: Option<Jid>,
        request: IqRequest,
    ) -> Result<IqResponseToken, KeeperError> {
        tokio::time::timeout(SEND_TIMEOUT, self.client.send_iq(to, request))
            .await
            .map_err(|_| KeeperError::Timeout)
    }

    /// Pings an online stream that was quiet since the last tick (during an outage pings
    /// would just queue up).
    async fn on_liveness_tick(&mut self) {
        if !self.liveness.heard && !self.liveness.ping_pending && self.current() == State::Online {
            let ping = IqRequest::Get(Ping.into());
            if let Ok(token) = self.send_iq(Some(self.server.clone()), ping).await {
                self.liveness.ping_pending = true;
                let answers = self.liveness.answers.clone();
                tokio::spawn(async move {
                    let _ = answers
                        .send(iq_answer(token, PING_TIMEOUT).await.is_ok())
                        .await;
                });
            }
        }
        self.liveness.heard = false;
    }

    async fn on_ping_answer(&mut self, answered: bool) -> Result<(), EndReason> {
        self.liveness.ping_pending = false;
        if !answered && self.current() == State::Online {
            return self.lost("no answer to a ping").await;
        }
        Ok(())
    }

    async fn on_heartbeat(&mut self) -> Result<(), EndReason> {
        match self.inner.leases().renew(&self.session.user).await {
            Ok(true) => Ok(()),
            // Another keeper holds it now (this one stalled past the lease): leave it theirs.
            Ok(false) => Err(EndReason::Moved),
            Err(err) => {
                tracing::warn!(user = %self.session.user, error = %err, "lease not renewed");
                Ok(())
            }
        }
    }

    fn on_idle_check(&self) -> Result<(), EndReason> {
        if !self.session.has_readers() && self.session.unused_for() >= self.inner.config.idle {
            return Err(EndReason::Idle);
        }
        Ok(())
    }

    /// The stream is gone: streams are told, and a password the server now refuses ends the
    /// session (the client would otherwise retry it forever).
    async fn lost(&mut self, reason: &str) -> Result<(), EndReason> {
        tracing::warn!(user = %self.session.user, %reason, "XMPP stream lost; reconnecting");
        self.state.send_replace(State::Reconnecting);
        self.sink.publish(SessionChange::reconnecting(reason)).await;
        match verify(&self.inner, &self.session.user, &self.jid, &self.password).await {
            Err(EndReason::CredentialRefused) => Err(EndReason::CredentialRefused),
            _ => Ok(()),
        }
    }
}

/// Asks the server whether the stored password still works; a refusal forgets it.
async fn verify(inner: &Inner, user: &str, jid: &BareJid, password: &str) -> Result<(), EndReason> {
    match check_password(&inner.xmpp, jid, password).await {
        Ok(()) => Ok(()),
        Err(PasswordCheckError::Refused) => {
            tracing::warn!(%user, "the XMPP server refused the stored credential");
            let _ = inner.credentials.forget(inner.store.as_ref(), user).await;
            Err(EndReason::CredentialRefused)
        }
        Err(PasswordCheckError::Unreachable(reason)) => Err(EndReason::Unavailable(reason)),
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
        Ok(Ok(IqResponse::Error(error))) => Err(KeeperError::Xmpp(Condition::of(&error))),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_endings_a_fresh_session_may_not_share_are_retried() {
        for retried in [EndReason::Ended, EndReason::Idle, EndReason::Moved] {
            assert!(
                matches!(retried.error(), KeeperError::SessionEnded(_)),
                "{retried:?}"
            );
        }
        assert_eq!(
            EndReason::CredentialRefused.error(),
            KeeperError::CredentialRefused
        );
        assert!(matches!(
            EndReason::Unavailable("down".into()).error(),
            KeeperError::Unavailable(_)
        ));
        assert_eq!(EndReason::Idle.describe(), "idle");
        assert!(EndReason::CredentialRefused.describe().contains("refused"));
    }

    #[test]
    fn five_rapid_relogins_in_a_row_end_the_session() {
        let mut guard = ReloginGuard::default();
        assert_eq!(guard.online(), Ok(false), "the first login is no re-login");
        for _ in 1..MAX_RAPID_RELOGINS {
            assert_eq!(guard.online(), Ok(true));
        }
        assert!(matches!(guard.online(), Err(EndReason::Unavailable(_))));
    }

    #[test]
    fn pings_and_roster_pushes_are_answered_other_requests_refused() {
        let ping: Element = "<iq xmlns='jabber:client' type='get' id='p' from='x'><ping xmlns='urn:xmpp:ping'/></iq>"
            .parse()
            .unwrap();
        assert!(matches!(
            answer(&Iq::try_from(ping).unwrap()),
            Some(Iq::Result { .. })
        ));
        let version: Element = "<iq xmlns='jabber:client' type='get' id='v' from='x'><query xmlns='jabber:iq:version'/></iq>"
            .parse()
            .unwrap();
        assert!(matches!(
            answer(&Iq::try_from(version).unwrap()),
            Some(Iq::Error { .. })
        ));
    }
}
