//! The user's own account (XEP-0077 in-band registration, on their session).

use tokio_xmpp::minidom::Element;
use tokio_xmpp::parsers::ns;

use super::On;
use crate::keeper::{IqKind, KeeperError};

impl On<'_> {
    /// Removes the user's account from the server.
    pub async fn account_remove(&self) -> Result<(), KeeperError> {
        let remove = Element::builder("query", ns::REGISTER)
            .append(Element::builder("remove", ns::REGISTER))
            .build();
        match self.keeper.iq(self.user, None, IqKind::Set, remove).await {
            // The server closes the stream of a removed account, sometimes before answering.
            Ok(_) | Err(KeeperError::Unavailable(_) | KeeperError::Timeout) => Ok(()),
            Err(err) => Err(err),
        }
    }
}
