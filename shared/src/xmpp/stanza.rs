//! Raw stanzas a client sends (`POST /rest/xmpp`).

use tokio_xmpp::Stanza;
use tokio_xmpp::minidom::Element;
use tokio_xmpp::parsers::iq::Iq;

/// The element as a stanza in `jabber:client`, its `from` dropped so that the server
/// stamps the user's own address on it.
pub fn from_client(element: Element) -> Result<Stanza, String> {
    let mut stanza = Stanza::try_from(element).map_err(|err| err.to_string())?;
    match &mut stanza {
        Stanza::Message(message) => message.from = None,
        Stanza::Presence(presence) => presence.from = None,
        Stanza::Iq(
            Iq::Get { from, .. }
            | Iq::Set { from, .. }
            | Iq::Result { from, .. }
            | Iq::Error { from, .. },
        ) => *from = None,
    }
    Ok(stanza)
}
