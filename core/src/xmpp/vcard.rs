//! Setting a user's vCard (full name, email): their own on their session, or any user's
//! through the server's privileged entity (an IQ the server handles as the user's own,
//! wrapped in XEP-0356 `<privileged_iq/>`).

use tokio_xmpp::jid::{BareJid, Jid};
use tokio_xmpp::minidom::Element;
use tokio_xmpp::parsers::iq::Iq;

use super::{AsAdmin, On};
use crate::keeper::{IqKind, KeeperError};

const PRIVILEGE: &str = "urn:xmpp:privilege:2";
const VCARD: &str = "vcard-temp";

fn vcard(name: &str, email: &str) -> Element {
    let mut card = Element::builder("vCard", VCARD);
    if !name.is_empty() {
        card = card.append(Element::builder("FN", VCARD).append(name));
    }
    if !email.is_empty() {
        card = card.append(
            Element::builder("EMAIL", VCARD)
                .append(Element::builder("INTERNET", VCARD))
                .append(Element::builder("USERID", VCARD).append(email)),
        );
    }
    card.build()
}

impl On<'_> {
    /// Replaces the user's own vCard, on their session (no privilege needed).
    pub async fn vcard_set_own(&self, name: &str, email: &str) -> Result<(), KeeperError> {
        self.keeper
            .iq(self.user, None, IqKind::Set, vcard(name, email))
            .await
            .map(drop)
    }
}

impl AsAdmin<'_> {
    /// Replaces the user's vCard with one carrying `name` and `email`, as the privileged
    /// entity.
    pub async fn vcard_set(
        &self,
        user: &BareJid,
        name: &str,
        email: &str,
    ) -> Result<(), KeeperError> {
        let jid = Jid::from(user.clone());
        let wrapped = Iq::Set {
            from: Some(jid.clone()),
            to: Some(jid.clone()),
            id: uuid::Uuid::new_v4().to_string(),
            payload: vcard(name, email),
        };
        let privileged = Element::builder("privileged_iq", PRIVILEGE)
            .append(Element::from(wrapped))
            .build();
        self.keeper
            .privileged_iq(jid, IqKind::Set, privileged)
            .await
            .map(drop)
    }
}
