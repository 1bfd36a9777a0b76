//! Creating an account on the XMPP server by in-band registration (XEP-0077), on a fresh
//! unauthenticated stream, where the server allows it.

use std::time::Duration;

use futures::{SinkExt, StreamExt};
use tokio_xmpp::Stanza;
use tokio_xmpp::jid::BareJid;
use tokio_xmpp::minidom::Element;
use tokio_xmpp::parsers::bind::BindQuery;
use tokio_xmpp::parsers::ibr::LegacyQuery;
use tokio_xmpp::parsers::iq::Iq;
use tokio_xmpp::parsers::ns;
use tokio_xmpp::parsers::stanza_error::DefinedCondition;
use tokio_xmpp::xmlstream::{Timeouts, XmppStream, XmppStreamElement};

use super::errors::Condition;
use super::password::{login, open_stream};
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
    let removal = async {
        let (_, mut stream) = login(server, jid, password, Timeouts::tight())
            .await
            .map_err(|e| unreachable(&e))?;
        request(&mut stream, Element::from(BindQuery::new(None))).await?;
        let remove = Element::builder("query", ns::REGISTER)
            .append(Element::builder("remove", ns::REGISTER))
            .build();
        match request(&mut stream, remove).await {
            // The server may close the stream of the removed account before it answers.
            Ok(()) | Err(RegistrationError::Unreachable(_)) => Ok(()),
            Err(err) => Err(err),
        }
    };
    match tokio::time::timeout(REGISTRATION_TIMEOUT, removal).await {
        Err(_) => Err(RegistrationError::Unreachable("timed out".into())),
        Ok(result) => result,
    }
}

fn unreachable(err: &dyn std::fmt::Display) -> RegistrationError {
    RegistrationError::Unreachable(err.to_string())
}

/// Sends an IQ set with `payload` and waits for its answer.
async fn request<S>(stream: &mut XmppStream<S>, payload: Element) -> Result<(), RegistrationError>
where
    S: tokio::io::AsyncBufRead + tokio::io::AsyncWrite + Unpin,
{
    let id = uuid::Uuid::new_v4().simple().to_string();
    let iq = Iq::Set {
        from: None,
        to: None,
        id: id.clone(),
        payload,
    };
    stream
        .send(&XmppStreamElement::Stanza(Stanza::Iq(iq)))
        .await
        .map_err(|e| unreachable(&e))?;
    loop {
        let element = stream
            .next()
            .await
            .map(|read| read.and_then(|v| v.into_read_error()));
        match element {
            Some(Ok(XmppStreamElement::Stanza(Stanza::Iq(Iq::Result {
                id: answered, ..
            }))))
                if answered == id =>
            {
                return Ok(());
            }
            Some(Ok(XmppStreamElement::Stanza(Stanza::Iq(Iq::Error {
                id: answered,
                error,
                ..
            }))))
                if answered == id =>
            {
                return Err(RegistrationError::Refused(Condition::of(&error)));
            }
            Some(Ok(_)) => continue,
            Some(Err(err)) => return Err(unreachable(&format!("{err:?}"))),
            None => return Err(RegistrationError::Unreachable("stream closed".into())),
        }
    }
}
