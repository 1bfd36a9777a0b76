//! One IQ on a stream of a user's own, opened for it and closed after the answer: SASL,
//! resource binding, the request. No presence is sent, so the user's contacts see nothing.
//! What the gateway does on a user's behalf where the server grants it no privilege over
//! other accounts (XEP-0356), and how in-band registration is undone.

use std::time::Duration;

use futures::{SinkExt, StreamExt};
use tokio_xmpp::Stanza;
use tokio_xmpp::jid::{BareJid, Jid};
use tokio_xmpp::minidom::Element;
use tokio_xmpp::parsers::bind::BindQuery;
use tokio_xmpp::parsers::iq::Iq;
use tokio_xmpp::parsers::ping::Ping;
use tokio_xmpp::xmlstream::{Timeouts, XmppStream, XmppStreamElement};

use super::errors::Condition;
use super::password::{PasswordCheckError, login};
use super::server::XmppConfig;
use super::transport::XmppIo;

/// The longest a whole exchange (login included) may take.
const EXCHANGE_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, thiserror::Error)]
pub enum OneShotError {
    #[error("the XMPP server refused the user's credentials")]
    CredentialRefused,
    /// The server answered the request with an error: its condition.
    #[error("the XMPP server refused the request ({0})")]
    Refused(Condition),
    #[error("the XMPP server could not be reached: {0}")]
    Unreachable(String),
}

/// Whether an IQ is a get or a set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Set,
}

/// A fresh stream of `jid`'s own: logged in, a resource bound.
async fn bound_stream(
    server: &XmppConfig,
    jid: &BareJid,
    password: &str,
) -> Result<XmppStream<XmppIo>, OneShotError> {
    let (_, mut stream) = login(server, jid, password, Timeouts::tight())
        .await
        .map_err(|err| match err {
            PasswordCheckError::Refused => OneShotError::CredentialRefused,
            PasswordCheckError::Unreachable(reason) => OneShotError::Unreachable(reason),
        })?;
    let bind = Element::from(BindQuery::new(None));
    request(&mut stream, None, Method::Set, bind).await?;
    Ok(stream)
}

/// The exchange, or `Unreachable` when it (login included) takes too long.
async fn in_time<T>(
    exchange: impl Future<Output = Result<T, OneShotError>>,
) -> Result<T, OneShotError> {
    tokio::time::timeout(EXCHANGE_TIMEOUT, exchange)
        .await
        .unwrap_or_else(|_| Err(OneShotError::Unreachable("timed out".into())))
}

/// Logs in as `jid`, binds a resource, sends one IQ (`to`: none for the user's own
/// account) and returns its result's payload.
pub async fn iq(
    server: &XmppConfig,
    jid: &BareJid,
    password: &str,
    to: Option<Jid>,
    method: Method,
    payload: Element,
) -> Result<Option<Element>, OneShotError> {
    in_time(async {
        let mut stream = bound_stream(server, jid, password).await?;
        request(&mut stream, to, method, payload).await
    })
    .await
}

/// Logs in as `jid`, binds a resource, sends `stanzas` (no answer expected: subscription
/// presences, say) and waits until the server has taken them (a ping's answer comes after).
pub async fn send(
    server: &XmppConfig,
    jid: &BareJid,
    password: &str,
    stanzas: Vec<Stanza>,
) -> Result<(), OneShotError> {
    in_time(async {
        let mut stream = bound_stream(server, jid, password).await?;
        for stanza in stanzas {
            stream
                .send(&XmppStreamElement::Stanza(stanza))
                .await
                .map_err(|e| OneShotError::Unreachable(e.to_string()))?;
        }
        // The server handles a stream's stanzas in order: the ping's answer comes after.
        let server_jid = Jid::from(jid.domain().to_owned());
        request(
            &mut stream,
            Some(server_jid),
            Method::Get,
            Element::from(Ping),
        )
        .await?;
        Ok(())
    })
    .await
}

/// Sends an IQ on `stream` and waits for its answer (other stanzas are passed over).
pub(crate) async fn request<S>(
    stream: &mut XmppStream<S>,
    to: Option<Jid>,
    method: Method,
    payload: Element,
) -> Result<Option<Element>, OneShotError>
where
    S: tokio::io::AsyncBufRead + tokio::io::AsyncWrite + Unpin,
{
    let id = uuid::Uuid::new_v4().simple().to_string();
    let iq = match method {
        Method::Get => Iq::Get {
            from: None,
            to,
            id: id.clone(),
            payload,
        },
        Method::Set => Iq::Set {
            from: None,
            to,
            id: id.clone(),
            payload,
        },
    };
    stream
        .send(&XmppStreamElement::Stanza(Stanza::Iq(iq)))
        .await
        .map_err(|e| OneShotError::Unreachable(e.to_string()))?;
    loop {
        let element = stream
            .next()
            .await
            .map(|read| read.and_then(|v| v.into_read_error()));
        match element {
            Some(Ok(XmppStreamElement::Stanza(Stanza::Iq(Iq::Result {
                id: answered,
                payload,
                ..
            }))))
                if answered == id =>
            {
                return Ok(payload);
            }
            Some(Ok(XmppStreamElement::Stanza(Stanza::Iq(Iq::Error {
                id: answered,
                error,
                ..
            }))))
                if answered == id =>
            {
                return Err(OneShotError::Refused(Condition::of(&error)));
            }
            Some(Ok(_)) => continue,
            Some(Err(err)) => return Err(OneShotError::Unreachable(format!("{err:?}"))),
            None => return Err(OneShotError::Unreachable("stream closed".into())),
        }
    }
}
