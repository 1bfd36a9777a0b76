//! The session keeper as handlers see it: a port. The keeper holds each user's one XMPP
//! session; handlers ask it to send stanzas, run IQs and stream events. Adapters: the
//! keeper itself in-process (local runtime), and an HTTP client of a keeper process
//! ([`client`]) for the functions; [`wire`] is the protocol between those two, written once.
//! Its errors are [`KeeperError`]s; what they mean to an HTTP client is the API's business.

pub mod client;
#[cfg(any(test, feature = "testing"))]
pub mod fake;
pub mod granted;
pub mod wire;

use async_trait::async_trait;
use futures::stream::BoxStream;
use serde::{Deserialize, Serialize};
use tokio_xmpp::Stanza;
use tokio_xmpp::jid::Jid;
use tokio_xmpp::minidom::Element;
use tokio_xmpp::parsers::message::Message;
use tokio_xmpp::parsers::presence::Presence;

pub use client::KeeperClient;

use crate::events::Event;
use crate::protocol::errors::Condition;

/// An IQ request's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IqKind {
    Get,
    Set,
}

/// How far a sent stanza got when the keeper answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Delivery {
    /// The server confirmed it has it (XEP-0198).
    Acked,
    /// Written to the stream; the server did not confirm it yet (or cannot: no XEP-0198).
    Sent,
    /// Still queued: the stream is down. It goes out when the session is back.
    Queued,
}

/// What a live subscription delivers: the user's events, and the signals that end some of
/// the user's streams at once (not logged: they concern the streams open now).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "live", rename_all = "snake_case")]
pub enum Live {
    /// Boxed: an event is large beside the signals.
    Event(Box<Event>),
    /// A login of the user ended (`login`: its id; none: every login of the user): its
    /// streams say why and end.
    LoginEnded {
        login: Option<String>,
        reason: String,
    },
}

impl Live {
    /// Whether this ends the streams of the login `login`.
    pub fn ends_login(&self, login: &str) -> Option<&str> {
        match self {
            Live::LoginEnded {
                login: ended,
                reason,
            } if ended.as_deref().is_none_or(|ended| ended == login) => Some(reason),
            _ => None,
        }
    }
}

/// Live events of one user's login; ends when the session ends or the reader fell too far
/// behind (a client then resumes from the log with `Last-Event-ID`).
pub type EventStream = BoxStream<'static, Live>;

/// Which stream cap a subscription met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StreamScope {
    Login,
    User,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum KeeperError {
    #[error("no stored XMPP credential for this user")]
    NoCredential,
    #[error("the XMPP server refused the stored credential")]
    CredentialRefused,
    #[error("the XMPP server is unreachable: {0}")]
    Unavailable(String),
    #[error("no answer in time")]
    Timeout,
    #[error("the XMPP server answered with an error ({0})")]
    Xmpp(Condition),
    #[error("the session keeper cannot be reached: {0}")]
    KeeperUnreachable(String),
    #[error("not configured: {0}")]
    NotConfigured(String),
    /// The session ended while the call waited (logout, idle end): a fresh one may serve it.
    #[error("the session ended: {0}")]
    SessionEnded(String),
    /// A stanza larger than the XMPP server takes (it would close the stream over it).
    #[error("the stanza is {size} bytes; the XMPP server takes at most {max}")]
    TooLarge { size: usize, max: usize },
    /// The login or the user has as many event streams open as allowed.
    #[error("{limit} event streams are open for this {scope:?} already")]
    TooManyStreams { limit: usize, scope: StreamScope },
    /// The session lost its stream to the XMPP server and is getting it back: nothing was
    /// sent; trying again in a few seconds will likely work.
    #[error("the session is reconnecting to the XMPP server")]
    Reconnecting,
    /// The gateway's store cannot be reached or did not answer in time.
    #[error("the store is unavailable: {0}")]
    StoreUnavailable(String),
    /// A stanza that cannot be written as XML (a character XML cannot carry).
    #[error("the stanza cannot be written as XML: {0}")]
    Unencodable(String),
    #[error("keeper failure: {0}")]
    Internal(String),
}

impl From<crate::store::StoreError> for KeeperError {
    fn from(err: crate::store::StoreError) -> Self {
        match err {
            crate::store::StoreError::Unavailable(reason) => KeeperError::StoreUnavailable(reason),
            other => KeeperError::Internal(other.to_string()),
        }
    }
}

#[async_trait]
pub trait Keeper: Send + Sync {
    /// Seals and keeps the user's XMPP password so sessions can be (re)opened without it.
    async fn remember_password(&self, user: &str, password: &str) -> Result<(), KeeperError>;

    /// Opens the user's session unless it is open; returns once it is online.
    async fn ensure_session(&self, user: &str) -> Result<(), KeeperError>;

    /// Sends a stanza on the user's session (opened if needed); `from` is set by the server.
    /// Answers once the server confirmed it, or after a short wait with how far it got.
    async fn send(&self, user: &str, stanza: Stanza) -> Result<Delivery, KeeperError>;

    /// Sends an IQ and returns the payload of its result (`None` for an empty result).
    async fn iq(
        &self,
        user: &str,
        to: Option<Jid>,
        kind: IqKind,
        payload: Element,
    ) -> Result<Option<Element>, KeeperError>;

    /// Runs a query whose results come as messages tagged with `queryid` (MAM, XEP-0313):
    /// returns the IQ's result payload (`<fin/>`) and those messages, in order.
    async fn query(
        &self,
        user: &str,
        to: Option<Jid>,
        payload: Element,
        queryid: &str,
    ) -> Result<(Option<Element>, Vec<Element>), KeeperError>;

    /// Sends a directed presence and returns the first presence that comes back from
    /// `from` — joining a room: the room's answer for the user's occupant JID.
    async fn exchange_presence(
        &self,
        user: &str,
        presence: Presence,
        from: Jid,
    ) -> Result<Presence, KeeperError>;

    /// Sends a message (which must have an `id`) and returns the first message that comes
    /// back from the bare JID it went to with the same id (or origin-id) — posting to a
    /// room: the room's reflection of it, or its error (not an occupant, no voice…).
    async fn exchange_message(&self, user: &str, message: Message) -> Result<Message, KeeperError>;

    /// The user's live events from now on, for a stream of the login `login` (the session
    /// is opened if needed). Refused when the login or the user has as many streams as
    /// allowed ([`KeeperError::TooManyStreams`]).
    async fn subscribe(&self, user: &str, login: &str) -> Result<EventStream, KeeperError>;

    /// Tells the streams of one login of the user (or of every login: `None`) that it
    /// ended, and why: they end at once.
    async fn end_logins(
        &self,
        user: &str,
        login: Option<&str>,
        reason: &str,
    ) -> Result<(), KeeperError>;

    /// Ends the user's session if one is open; its streams are told `reason`.
    async fn end_session(&self, user: &str, reason: &str) -> Result<(), KeeperError>;

    /// Ends the user's session and forgets their sealed password (the account is gone).
    async fn forget_user(&self, user: &str) -> Result<(), KeeperError>;

    /// Runs an XEP-0133 admin command (the `<command/>` payload of an IQ set to the
    /// server) as the configured admin account; returns the completed `<command/>`.
    async fn admin_command(&self, command: Element) -> Result<Option<Element>, KeeperError>;

    /// Sends one IQ on a stream of the user's own, opened for it with the password the
    /// keeper keeps and closed after the answer; it announces no presence. What the
    /// gateway does on a user's behalf where the server grants it no privilege over other
    /// accounts. [`KeeperError::NoCredential`] when the keeper keeps no password of the user.
    async fn iq_as_user(
        &self,
        user: &str,
        to: Option<Jid>,
        kind: IqKind,
        payload: Element,
    ) -> Result<Option<Element>, KeeperError>;

    /// Sends stanzas that expect no answer (subscription presences) on a stream of the
    /// user's own, as [`Keeper::iq_as_user`] does an IQ.
    async fn send_as_user(&self, user: &str, stanzas: Vec<Stanza>) -> Result<(), KeeperError>;

    /// The admin account's username, its password kept so that its session opens like a
    /// user's: what the gateway does as the server's administrator in rooms (XEP-0045 owner
    /// and admin operations, a room's archive) goes through that session.
    async fn admin_account(&self) -> Result<String, KeeperError>;

    /// Sends an IQ from the server's XEP-0356 privileged entity (the admin account) to
    /// `to`, e.g. a roster query to another user's bare JID; returns the result's payload.
    async fn privileged_iq(
        &self,
        to: Jid,
        kind: IqKind,
        payload: Element,
    ) -> Result<Option<Element>, KeeperError>;
}

impl From<crate::protocol::limits::OutboundError> for KeeperError {
    fn from(err: crate::protocol::limits::OutboundError) -> Self {
        use crate::protocol::limits::OutboundError;
        match err {
            OutboundError::Unencodable(reason) => KeeperError::Unencodable(reason),
            OutboundError::TooLarge { size, max } => KeeperError::TooLarge { size, max },
        }
    }
}
