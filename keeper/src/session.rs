//! One user's session as the rest of the keeper sees it: a handle to a task of its own
//! ([`crate::task`]) that owns the XMPP stream. Calls go to the task as [`Command`]s;
//! events come out of a broadcast; the task's [`State`] says whether it is online.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio::sync::{broadcast, mpsc, oneshot, watch};
use tokio_xmpp::jid::Jid;
use tokio_xmpp::minidom::Element;
use tokio_xmpp::parsers::message::Message;
use tokio_xmpp::parsers::presence::Presence;
use tokio_xmpp::{IqRequest, Stanza};
use xwg_core::keeper::{Delivery, KeeperError, Live, StreamScope};

/// How long a call may wait to hand its command to the session, and for the answer.
pub(crate) const SEND_TIMEOUT: Duration = Duration::from_secs(10);
pub(crate) const IQ_TIMEOUT: Duration = Duration::from_secs(15);
/// Live events buffered per session for slow readers (beyond that they resume from the
/// log). The buffer is allocated up front for every session, so it is kept small.
const EVENT_BUFFER: usize = 64;
/// How long a call waits for a session that lost its stream to come back before it is
/// told so (a resumed stream is back within this; a server that is down is not).
const RECONNECT_GRACE: Duration = Duration::from_millis(750);

/// Where a command's answer goes.
pub(crate) type Reply<T> = oneshot::Sender<Result<T, KeeperError>>;

/// The IQ's result payload, and the messages the query's results came in.
pub(crate) type QueryAnswer = (Option<Element>, Vec<Element>);

pub(crate) enum Command {
    /// Boxed: every session's command channel allocates its slots up front, sized by the
    /// largest variant, and a stanza is about 400 bytes.
    Send(Box<Stanza>, Reply<Delivery>),
    Iq(Option<Jid>, IqRequest, Reply<Option<Element>>),
    /// An IQ set whose answer also comes as messages tagged with `queryid` (MAM, XEP-0313).
    Query(Option<Jid>, Element, String, Reply<QueryAnswer>),
    /// A directed presence, answered by the first presence from the given JID.
    Exchange(Box<Presence>, Jid, Reply<Presence>),
    /// A message, answered by the first message with its id from where it went.
    ExchangeMessage(Box<Message>, Reply<Message>),
    /// End the session; its streams are told why.
    End(EndReason),
}

/// Why a session ended.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum EndReason {
    /// Ended on request (logout, an administrator), for this reason.
    Ended(String),
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
            EndReason::Ended(_) | EndReason::Idle | EndReason::Moved => {
                KeeperError::SessionEnded(self.describe())
            }
            EndReason::NoCredential => KeeperError::NoCredential,
            EndReason::CredentialRefused => KeeperError::CredentialRefused,
            EndReason::Unavailable(reason) => KeeperError::Unavailable(reason.clone()),
            EndReason::Failed(reason) => KeeperError::Internal(reason.clone()),
        }
    }

    /// The `reason` of the `ended` event streams get.
    pub fn describe(&self) -> String {
        match self {
            EndReason::Ended(reason) => reason.clone(),
            EndReason::Idle => "idle".into(),
            EndReason::Moved => "moved to another keeper".into(),
            other => other.error().to_string(),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum State {
    Opening,
    Online,
    Reconnecting,
    Ended(EndReason),
}

pub(crate) struct Session {
    pub user: String,
    commands: mpsc::Sender<Command>,
    pub(crate) events: broadcast::Sender<Live>,
    state: watch::Receiver<State>,
    /// Open streams per login (shared with their slots, which must not keep the session
    /// and its event sender alive: the streams end when the session does).
    streams: Arc<Mutex<HashMap<String, usize>>>,
    /// When a REST call last used the session (a monotonic instant: idleness is measured
    /// in this process only, finer than the clock's seconds).
    last_used: Mutex<Instant>,
    /// Set as soon as the session is on its way out, so no new call is handed to it.
    ending: AtomicBool,
}

/// A lock that a panic elsewhere does not poison for good.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

impl Session {
    /// A new session's handle, and the ends its task serves: the commands to it and the
    /// state it reports (`task::run`).
    pub fn new(user: &str) -> (Arc<Session>, mpsc::Receiver<Command>, watch::Sender<State>) {
        let (commands, command_rx) = mpsc::channel(64);
        let (events, _) = broadcast::channel(EVENT_BUFFER);
        let (state_tx, state) = watch::channel(State::Opening);
        let session = Arc::new(Session {
            user: user.to_string(),
            commands,
            events,
            state,
            streams: Arc::new(Mutex::new(HashMap::new())),
            last_used: Mutex::new(Instant::now()),
            ending: AtomicBool::new(false),
        });
        (session, command_rx, state_tx)
    }

    pub fn has_ended(&self) -> bool {
        self.ending.load(Ordering::SeqCst) || matches!(*self.state.borrow(), State::Ended(_))
    }

    pub(crate) fn mark_ending(&self) {
        self.ending.store(true, Ordering::SeqCst);
    }

    pub fn touch(&self) {
        *lock(&self.last_used) = Instant::now();
    }

    /// How long since a call last used the session.
    pub(crate) fn unused_for(&self) -> Duration {
        lock(&self.last_used).elapsed()
    }

    /// Whether any stream reads the session's events.
    pub(crate) fn has_readers(&self) -> bool {
        self.events.receiver_count() > 0
    }

    /// A reader of the session's live events for a stream of `login`, within the caps:
    /// at most `per_login` streams of one login and `per_user` of the user. The slot is
    /// given back when the returned [`StreamSlot`] is dropped (with the stream).
    pub fn subscribe(
        &self,
        login: &str,
        per_login: usize,
        per_user: usize,
    ) -> Result<(broadcast::Receiver<Live>, StreamSlot), KeeperError> {
        let mut streams = lock(&self.streams);
        let of_login = streams.get(login).copied().unwrap_or(0);
        if of_login >= per_login {
            return Err(KeeperError::TooManyStreams {
                limit: per_login,
                scope: StreamScope::Login,
            });
        }
        if streams.values().sum::<usize>() >= per_user {
            return Err(KeeperError::TooManyStreams {
                limit: per_user,
                scope: StreamScope::User,
            });
        }
        streams.insert(login.to_string(), of_login + 1);
        let slot = StreamSlot {
            streams: Arc::clone(&self.streams),
            login: login.to_string(),
        };
        Ok((self.events.subscribe(), slot))
    }

    /// Tells the streams of a login (every login: `None`) that it ended.
    pub fn end_logins(&self, login: Option<&str>, reason: &str) {
        let _ = self.events.send(Live::LoginEnded {
            login: login.map(str::to_string),
            reason: reason.to_string(),
        });
    }

    /// Waits until the session is online, or reports why it cannot be. A session that lost
    /// its stream and does not get it back at once answers [`KeeperError::Reconnecting`]
    /// rather than keeping the caller waiting for a server that may be down.
    pub async fn ready(&self, within: Duration) -> Result<(), KeeperError> {
        let mut state = self.state.clone();
        let within = match *state.borrow() {
            State::Reconnecting => within.min(RECONNECT_GRACE),
            _ => within,
        };
        let reached = tokio::time::timeout(
            within,
            state.wait_for(|s| matches!(s, State::Online | State::Ended(_))),
        )
        .await;
        match reached {
            Err(_) if *self.state.borrow() == State::Reconnecting => Err(KeeperError::Reconnecting),
            Err(_) => Err(KeeperError::Timeout),
            Ok(Err(_)) => Err(KeeperError::SessionEnded("the session task is gone".into())),
            Ok(Ok(state)) => match &*state {
                State::Ended(reason) => Err(reason.error()),
                _ => Ok(()),
            },
        }
    }

    pub async fn command<T>(
        &self,
        make: impl FnOnce(Reply<T>) -> Command,
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

    /// Ends the session on request (logout, an administrator), for this reason.
    pub async fn end(&self, reason: &str) {
        self.end_with(EndReason::Ended(reason.to_string())).await;
    }

    /// Waits (a while at most) until the session's task has finished.
    pub async fn ended(&self) {
        let mut state = self.state.clone();
        let finished = state.wait_for(|s| matches!(s, State::Ended(_)));
        let _ = tokio::time::timeout(SEND_TIMEOUT, finished).await;
    }

    pub async fn end_with(&self, reason: EndReason) {
        self.mark_ending();
        let _ = tokio::time::timeout(SEND_TIMEOUT, self.commands.send(Command::End(reason))).await;
    }
}

/// A stream's place under the session's caps, given back when dropped.
pub(crate) struct StreamSlot {
    streams: Arc<Mutex<HashMap<String, usize>>>,
    login: String,
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        let mut streams = lock(&self.streams);
        if let Some(count) = streams.get_mut(&self.login) {
            *count -= 1;
            if *count == 0 {
                streams.remove(&self.login);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_endings_a_fresh_session_may_not_share_are_retried() {
        for retried in [
            EndReason::Ended("logged out".into()),
            EndReason::Idle,
            EndReason::Moved,
        ] {
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
}
