//! Raw stanzas a client sends (`POST /rest/xmpp`).

use tokio_xmpp::Stanza;
use tokio_xmpp::minidom::Element;
use tokio_xmpp::parsers::iq::Iq;

/// Whether the stanza changes the account itself (in-band registration: removal, a new
/// password). Those go through the gateway's own routes, which end the account's logins
/// with it; sent raw, the gateway would not know (a deleted name registered again by
/// someone else would meet tokens of the old holder).
pub fn changes_account(element: &Element) -> bool {
    element.name() == "iq"
        && element
            .children()
            .any(|child| child.ns() == tokio_xmpp::parsers::ns::REGISTER)
}

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
