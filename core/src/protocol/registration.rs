//! Creating an account on the XMPP server by in-band registration (XEP-0077), on a fresh
//! unauthenticated stream, where the server allows it.

use std::time::Duration;

use tokio_xmpp::jid::BareJid;
use tokio_xmpp::minidom::Element;
use tokio_xmpp::parsers::ibr::LegacyQuery;
use tokio_xmpp::parsers::ns;
use tokio_xmpp::parsers::stanza_error::DefinedCondition;
use tokio_xmpp::xmlstream::{Timeouts, XmppStream};

use super::errors::Condition;
use super::one_shot::{self, Method, OneShotError};
use super::password::open_stream;
use super::server::XmppConfig;

const REGISTRATION_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, thiserror::Error)]
pub enum RegistrationError {
    #[error("the account exists already")]
    Exists,
    /// The server refused (registration off, a name it does not accept…): its condition.
    #[error("the XMPP server refused the registration ({0})")]
    Refused(Condition),
    #[error("the XMPP server could not be reached: {0}")]
    Unreachable(String),
}

pub async fn register(
    server: &XmppConfig,
    jid: &BareJid,
    password: &str,
) -> Result<(), RegistrationError> {
    match tokio::time::timeout(REGISTRATION_TIMEOUT, exchange(server, jid, password)).await {
        Err(_) => Err(RegistrationError::Unreachable("timed out".into())),
        Ok(result) => result,
    }
}

async fn exchange(
    server: &XmppConfig,
    jid: &BareJid,
    password: &str,
) -> Result<(), RegistrationError> {
    let (_, mut stream, _) = open_stream(server, jid, Timeouts::tight())
        .await
        .map_err(|e| unreachable(&e))?;
    let query = LegacyQuery {
        username: jid.node().map(|n| n.to_string()),
        password: Some(password.to_string()),
        ..LegacyQuery::default()
    };
    request(&mut stream, Element::from(query))
        .await
        .map_err(|err| match err {
            RegistrationError::Refused(c) if c.is(DefinedCondition::Conflict) => {
                RegistrationError::Exists
            }
            other => other,
        })
}

/// Removes the account the gateway just created (XEP-0077, as the user on a fresh
/// stream): what undoes a registration whose later steps failed.
pub async fn unregister(
    server: &XmppConfig,
    jid: &BareJid,
    password: &str,
) -> Result<(), RegistrationError> {
    let remove = Element::builder("query", ns::REGISTER)
        .append(Element::builder("remove", ns::REGISTER))
        .build();
    match one_shot::iq(server, jid, password, None, Method::Set, remove).await {
        // The server may close the stream of the removed account before it answers.
        Ok(_) | Err(OneShotError::Unreachable(_)) => Ok(()),
        Err(OneShotError::Refused(condition)) => Err(RegistrationError::Refused(condition)),
        Err(OneShotError::CredentialRefused) => Err(RegistrationError::Unreachable(
            "the credentials were refused".into(),
        )),
    }
}

fn unreachable(err: &dyn std::fmt::Display) -> RegistrationError {
    RegistrationError::Unreachable(err.to_string())
}

/// Sends an IQ set with `payload` on a stream of its own and waits for its answer.
async fn request<S>(stream: &mut XmppStream<S>, payload: Element) -> Result<(), RegistrationError>
where
    S: tokio::io::AsyncBufRead + tokio::io::AsyncWrite + Unpin,
{
    match one_shot::request(stream, None, Method::Set, payload).await {
        Ok(_) => Ok(()),
        Err(OneShotError::Refused(condition)) => Err(RegistrationError::Refused(condition)),
        Err(OneShotError::CredentialRefused) => Err(RegistrationError::Unreachable(
            "the credentials were refused".into(),
        )),
        Err(OneShotError::Unreachable(reason)) => Err(RegistrationError::Unreachable(reason)),
    }
}
