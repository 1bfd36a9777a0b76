//! A client's properties in the user's server-side private XML storage (XEP-0049), kept
//! as text (JSON, usually) in an element of ours.

use tokio_xmpp::minidom::Element;

use crate::keeper::{IqKind, Keeper, KeeperError};

const PRIVATE: &str = "jabber:iq:private";
const PROPERTIES: &str = "urn:xmpp-web-gateway:properties";

fn query(properties: Element) -> Element {
    Element::builder("query", PRIVATE)
        .append(properties)
        .build()
}

/// What was stored (`None`: nothing yet).
pub async fn properties(keeper: &dyn Keeper, user: &str) -> Result<Option<String>, KeeperError> {
    let request = query(Element::builder("properties", PROPERTIES).build());
    let answer = keeper.iq(user, None, IqKind::Get, request).await?;
    Ok(answer
        .as_ref()
        .and_then(|query| query.get_child("properties", PROPERTIES))
        .map(Element::text)
        .filter(|text| !text.is_empty()))
}

pub async fn store_properties(
    keeper: &dyn Keeper,
    user: &str,
    text: String,
) -> Result<(), KeeperError> {
    let request = query(
        Element::builder("properties", PROPERTIES)
            .append(text)
            .build(),
    );
    keeper.iq(user, None, IqKind::Set, request).await.map(drop)
}
