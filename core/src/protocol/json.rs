//! JSON in stanzas (XEP-0335 JSON containers): how upstream carries a message's `data` and
//! a JSON item's payload.

use tokio_xmpp::minidom::Element;

pub const NS: &str = "urn:xmpp:json:0";

/// `<json xmlns='urn:xmpp:json:0'>…</json>` holding the value as text.
pub fn container(value: &serde_json::Value) -> Element {
    Element::builder("json", NS)
        .append(value.to_string())
        .build()
}

/// The value of the first well-formed container among the payloads.
pub fn value_of<'a>(payloads: impl IntoIterator<Item = &'a Element>) -> Option<serde_json::Value> {
    payloads
        .into_iter()
        .filter(|p| p.is("json", NS))
        .find_map(|json| serde_json::from_str(&json.text()).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_goes_in_and_comes_out() {
        let value = serde_json::json!({"kind": "<poll>", "options": [1, 2]});
        let container = container(&value);
        assert_eq!(value_of([&container]), Some(value));
        let broken = Element::builder("json", NS).append("{nope").build();
        assert_eq!(value_of([&broken]), None);
    }
}
