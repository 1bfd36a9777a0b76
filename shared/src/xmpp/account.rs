//! The user's own account (XEP-0077 in-band registration, on their session).

use tokio_xmpp::minidom::Element;
use tokio_xmpp::parsers::ns;

use crate::keeper::{IqKind, Keeper, KeeperError};

/// Removes the user's account from the server.
pub async fn remove_own(keeper: &dyn Keeper, user: &str) -> Result<(), KeeperError> {
    let remove = Element::builder("query", ns::REGISTER)
        .append(Element::builder("remove", ns::REGISTER))
        .build();
    match keeper.iq(user, None, IqKind::Set, remove).await {
        // The server closes the stream of a removed account, sometimes before answering.
        Ok(_) | Err(KeeperError::Unavailable(_) | KeeperError::Timeout) => Ok(()),
        Err(err) => Err(err),
    }
}
