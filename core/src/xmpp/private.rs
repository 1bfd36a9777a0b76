//! A client's properties in the user's server-side private XML storage (XEP-0049), kept
//! as text (JSON, usually) in an element of ours.

use tokio_xmpp::minidom::Element;

use super::On;
use crate::keeper::{IqKind, KeeperError};

const PRIVATE: &str = "jabber:iq:private";
const PROPERTIES: &str = "urn:xmpp-web-gateway:properties";

fn query(properties: Element) -> Element {
    Element::builder("query", PRIVATE)
        .append(properties)
        .build()
}

impl On<'_> {
    /// What was stored (`None`: nothing yet).
    pub async fn private_properties(&self) -> Result<Option<String>, KeeperError> {
        let request = query(Element::builder("properties", PROPERTIES).build());
        let answer = self
            .keeper
            .iq(self.user, None, IqKind::Get, request)
            .await?;
        Ok(answer
            .as_ref()
            .and_then(|query| query.get_child("properties", PROPERTIES))
            .map(Element::text)
            .filter(|text| !text.is_empty()))
    }

    pub async fn private_store_properties(&self, text: String) -> Result<(), KeeperError> {
        let request = query(
            Element::builder("properties", PROPERTIES)
                .append(text)
                .build(),
        );
        self.keeper
            .iq(self.user, None, IqKind::Set, request)
            .await
            .map(drop)
    }
}
