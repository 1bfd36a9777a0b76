//! Checking a password with the XMPP server itself: a SASL exchange on a fresh c2s stream.
//! The gateway never keeps a copy of users' passwords to compare against.
//!
//! tokio-xmpp's `Client` retries a refused password forever, so this uses its lower-level
//! pieces (connector, features, `client_login`) to get the server's answer once.

use std::time::Duration;

use tokio::sync::Semaphore;

use sasl::common::ChannelBinding;
use sasl::common::Credentials;
use tokio_xmpp::error::{AuthError, Error as XmppError};
use tokio_xmpp::jid::BareJid;
use tokio_xmpp::parsers::stream_features::StreamFeatures;
use tokio_xmpp::xmlstream::{StreamHeader, Timeouts, XmppStream};

use super::server::XmppConfig;
use super::transport::{self, XmppIo};

/// How long a password check may take before the server counts as unreachable.
const CHECK_TIMEOUT: Duration = Duration::from_secs(10);

/// Logins (a password check or a session's stream) this process runs at once. A burst
/// waits its turn here rather than piling onto the server's accept queue, where those past
/// its backlog time out (2,000 at once on one Prosody: a fifth failed).
const LOGINS_AT_ONCE: usize = 32;
static TURNS: Semaphore = Semaphore::const_new(LOGINS_AT_ONCE);
/// How long a login waits for its turn before the server counts as busy.
const TURN_TIMEOUT: Duration = Duration::from_secs(30);

/// Runs a login exchange in its turn, within [`CHECK_TIMEOUT`] from the turn's start; the
/// server's answer as a [`PasswordCheckError`].
async fn in_turn<T>(
    attempt: impl Future<Output = Result<T, XmppError>>,
) -> Result<T, PasswordCheckError> {
    let Ok(Ok(_turn)) = tokio::time::timeout(TURN_TIMEOUT, TURNS.acquire()).await else {
        return Err(PasswordCheckError::Unreachable(
            "too many logins are waiting for the XMPP server".into(),
        ));
    };
    match tokio::time::timeout(CHECK_TIMEOUT, attempt).await {
        Err(_) => Err(PasswordCheckError::Unreachable("timed out".into())),
        Ok(Ok(done)) => Ok(done),
        Ok(Err(XmppError::Auth(AuthError::Fail(_)))) => Err(PasswordCheckError::Refused),
        Ok(Err(err)) => Err(PasswordCheckError::Unreachable(err.to_string())),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PasswordCheckError {
    /// The server said no: wrong password or no such account (servers do not tell which).
    #[error("the XMPP server refused the credentials")]
    Refused,
    #[error("the XMPP server could not be reached: {0}")]
    Unreachable(String),
}

pub async fn check_password(
    server: &XmppConfig,
    jid: &BareJid,
    password: &str,
) -> Result<(), PasswordCheckError> {
    in_turn(sasl_login(server, jid, password)).await
}

/// A fresh client stream to the server, before authentication: its features, the stream,
/// and the channel binding SASL may use.
pub(crate) async fn open_stream(
    server: &XmppConfig,
    jid: &BareJid,
    timeouts: Timeouts,
) -> Result<(StreamFeatures, XmppStream<XmppIo>, ChannelBinding), XmppError> {
    let (pending, channel_binding) = transport::connect(
        &server.transport,
        &server.server,
        jid.domain().as_str(),
        timeouts,
    )
    .await?;
    let (features, stream) = pending.recv_features().await?;
    Ok((features, stream, channel_binding))
}

async fn sasl_login(server: &XmppConfig, jid: &BareJid, password: &str) -> Result<(), XmppError> {
    authenticate(server, jid, password, Timeouts::tight())
        .await
        .map(drop)
}

/// A fresh stream authenticated as the user, restarted after SASL: what a session's stream
/// is made of (resource binding is the session's).
pub async fn login(
    server: &XmppConfig,
    jid: &BareJid,
    password: &str,
    timeouts: Timeouts,
) -> Result<(StreamFeatures, XmppStream<XmppIo>), PasswordCheckError> {
    let attempt = async {
        let stream = authenticate(server, jid, password, timeouts).await?;
        let header = StreamHeader {
            to: Some(jid.domain().as_str().into()),
            from: None,
            id: None,
        };
        let stream = stream.send_header(header).await?;
        Ok::<_, XmppError>(stream.recv_features().await?)
    };
    in_turn(attempt).await
}

/// SASL on a fresh stream; the stream, to be restarted.
async fn authenticate(
    server: &XmppConfig,
    jid: &BareJid,
    password: &str,
    timeouts: Timeouts,
) -> Result<tokio_xmpp::xmlstream::InitiatingStream<XmppIo>, XmppError> {
    let (features, stream, mut channel_binding) = open_stream(server, jid, timeouts).await?;
    // With a channel binding, SCRAM asks for its -PLUS variant: only when the server offers
    // one (Prosody 0.12 has none for TLS 1.3).
    if !features
        .sasl_mechanisms
        .iter()
        .any(|m| m.ends_with("-PLUS"))
    {
        channel_binding = ChannelBinding::None;
    }
    let username = jid.node().map(|n| n.as_str()).unwrap_or_default();
    let credentials = Credentials::default()
        .with_username(username)
        .with_password(password)
        .with_channel_binding(channel_binding);
    tokio_xmpp::client_login(stream, features.sasl_mechanisms, credentials).await
}
