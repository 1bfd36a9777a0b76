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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keeper::fake::{Call, FakeKeeper};

    #[tokio::test]
    async fn properties_round_trip_through_an_element_of_our_namespace() {
        // XEP-0049 §2.1 and §2.3: a query holding one element of the client's namespace.
        let keeper = FakeKeeper::new();
        keeper.answer_xml("<query xmlns='jabber:iq:private'/>");
        keeper.answer_xml(
            "<query xmlns='jabber:iq:private'>\
             <properties xmlns='urn:xmpp-web-gateway:properties'>{\"theme\":\"dark\"}</properties></query>",
        );
        let on = On::new(&keeper, "hamlet");
        on.private_store_properties("{\"theme\":\"dark\"}".into())
            .await
            .unwrap();
        assert_eq!(
            on.private_properties().await.unwrap().as_deref(),
            Some("{\"theme\":\"dark\"}")
        );
        let calls = keeper.calls();
        let Call::Iq {
            kind: IqKind::Set,
            payload,
            ..
        } = &calls[0]
        else {
            panic!("a set")
        };
        assert!(payload.is("query", PRIVATE));
        assert_eq!(
            payload.get_child("properties", PROPERTIES).unwrap().text(),
            "{\"theme\":\"dark\"}"
        );
        let Call::Iq {
            kind: IqKind::Get,
            payload,
            ..
        } = &calls[1]
        else {
            panic!("a get")
        };
        assert!(payload.has_child("properties", PROPERTIES));
    }

    #[tokio::test]
    async fn nothing_stored_is_none() {
        let keeper = FakeKeeper::new();
        keeper.answer_xml(
            "<query xmlns='jabber:iq:private'><properties xmlns='urn:xmpp-web-gateway:properties'/></query>",
        );
        assert_eq!(
            On::new(&keeper, "hamlet")
                .private_properties()
                .await
                .unwrap(),
            None
        );
    }
}
