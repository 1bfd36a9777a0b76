//! XMPP errors, typed: the condition of a stanza error as xmpp-parsers has it, named as on
//! the wire. What a condition means to an HTTP client is the API's business.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer, de};
use tokio_xmpp::minidom::Element;
use tokio_xmpp::parsers::ns;
use tokio_xmpp::parsers::stanza_error::{DefinedCondition, StanzaError};

/// A stanza error's defined condition (RFC 6120 §8.3.3), shown as its element name.
#[derive(Clone, Debug, PartialEq)]
pub struct Condition(pub DefinedCondition);

impl Condition {
    pub fn of(error: &StanzaError) -> Self {
        Self(error.defined_condition.clone())
    }

    pub fn is(&self, condition: DefinedCondition) -> bool {
        self.0 == condition
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(Element::from(self.0.clone()).name())
    }
}

impl FromStr for Condition {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        let element = Element::builder(name, ns::XMPP_STANZAS).build();
        DefinedCondition::try_from(element)
            .map(Condition)
            .map_err(|_| format!("`{name}` is not a stanza error condition"))
    }
}

impl Serialize for Condition {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Condition {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer)?
            .parse()
            .map_err(de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_condition_is_its_element_name_both_ways() {
        let condition: Condition = "item-not-found".parse().unwrap();
        assert!(condition.is(DefinedCondition::ItemNotFound));
        assert_eq!(condition.to_string(), "item-not-found");
        assert_eq!(
            serde_json::to_string(&condition).unwrap(),
            "\"item-not-found\""
        );
        assert!("no-such-thing".parse::<Condition>().is_err());
    }
}
