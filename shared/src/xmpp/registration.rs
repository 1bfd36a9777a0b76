//! Creating an account on the XMPP server by in-band registration (XEP-0077), on a fresh
//! unauthenticated stream, where the server allows it.

use std::time::Duration;

use futures::{SinkExt, StreamExt};
use tokio_xmpp::Stanza;
use tokio_xmpp::jid::BareJid;
use tokio_xmpp::minidom::Element;
use tokio_xmpp::parsers::ibr::LegacyQuery;
use tokio_xmpp::parsers::iq::Iq;
use tokio_xmpp::parsers::stanza_error::DefinedCondition;
use tokio_xmpp::xmlstream::XmppStreamElement;

use super::errors::Condition;
use super::password::open_stream;
use crate::config::XmppConfig;

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
    let unreachable = |err: &dyn std::fmt::Display| RegistrationError::Unreachable(err.to_string());
    let (_, mut stream, _) = open_stream(server, jid, tokio_xmpp::xmlstream::Timeouts::tight())
        .await
        .map_err(|e| unreachable(&e))?;
    let query = LegacyQuery {
        username: jid.node().map(|n| n.to_string()),
        password: Some(password.to_string()),
        ..LegacyQuery::default()
    };
    let id = "register".to_string();
    let request = Iq::Set {
        from: None,
        to: None,
        id: id.clone(),
        payload: Element::from(query),
    };
    stream
        .send(&XmppStreamElement::Stanza(Stanza::Iq(request)))
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
                let condition = Condition::of(&error);
                return Err(if condition.is(DefinedCondition::Conflict) {
                    RegistrationError::Exists
                } else {
                    RegistrationError::Refused(condition)
                });
            }
            Some(Ok(_)) => continue,
            Some(Err(err)) => return Err(unreachable(&format!("{err:?}"))),
            None => return Err(RegistrationError::Unreachable("stream closed".into())),
        }
    }
}
