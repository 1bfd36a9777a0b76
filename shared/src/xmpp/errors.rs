//! XMPP errors, typed: the condition of a stanza error as xmpp-parsers has it, and the one
//! place that says what each condition means to an HTTP client.

use std::fmt;
use std::str::FromStr;

use http::StatusCode;
use serde::{Deserialize, Deserializer, Serialize, Serializer, de};
use tokio_xmpp::jid::BareJid;
use tokio_xmpp::minidom::Element;
use tokio_xmpp::parsers::ns;
use tokio_xmpp::parsers::stanza_error::{DefinedCondition, StanzaError};

use crate::ApiError;

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

/// What a refused request was about: the words (and sometimes the status) of the error
/// depend on it.
#[derive(Clone, Copy)]
pub enum About<'a> {
    /// A plain request on the user's session.
    Request,
    /// A room (joining, its info, its archive).
    Room(&'a BareJid),
    /// A pubsub node (`None`: the service itself).
    Node(Option<&'a str>),
    /// An HTTP upload slot.
    Upload,
    /// Another user's roster, through the gateway's admin account (XEP-0356).
    PrivilegedRoster,
}

/// The HTTP error for an XMPP refusal.
pub fn refused(condition: &Condition, about: About<'_>) -> ApiError {
    use DefinedCondition as C;
    let c = &condition.0;
    match about {
        About::Room(room) => {
            let (status, error, message) = match c {
                C::NotAuthorized => (
                    StatusCode::FORBIDDEN,
                    "PasswordRequired",
                    format!("{room} needs a password: send ?password=."),
                ),
                C::Forbidden => (
                    StatusCode::FORBIDDEN,
                    "Banned",
                    format!("You are banned from {room}."),
                ),
                C::RegistrationRequired => (
                    StatusCode::FORBIDDEN,
                    "MembersOnly",
                    format!("{room} is for members only."),
                ),
                C::Conflict => (
                    StatusCode::CONFLICT,
                    "NicknameInUse",
                    format!("Your nickname is taken in {room}."),
                ),
                C::ServiceUnavailable => (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "RoomFull",
                    format!("{room} is full, or its service is unavailable."),
                ),
                C::ItemNotFound | C::RemoteServerNotFound => (
                    StatusCode::NOT_FOUND,
                    "RoomNotFound",
                    format!("There is no {room}."),
                ),
                C::NotAllowed => (
                    StatusCode::FORBIDDEN,
                    "RoomCreationRestricted",
                    format!("{room} does not exist and you may not create it."),
                ),
                _ => (
                    StatusCode::BAD_REQUEST,
                    "XmppError",
                    format!("{room} refused ({condition})."),
                ),
            };
            ApiError::new(status, error, message)
        }
        About::Node(node) => {
            let name = node.map_or(String::new(), |n| format!(" `{n}`"));
            match c {
                C::Conflict => {
                    ApiError::conflict("NodeExists", format!("The node{name} exists already."))
                }
                C::ItemNotFound => ApiError::new(
                    StatusCode::NOT_FOUND,
                    "NodeNotFound",
                    format!("There is no node{name}."),
                ),
                C::Forbidden | C::NotAuthorized => ApiError::forbidden(format!(
                    "The pubsub service does not allow this on the node{name}."
                )),
                _ => ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "XmppError",
                    format!("The pubsub service refused ({condition})."),
                ),
            }
        }
        About::Upload if *c == C::NotAcceptable => ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "FileTooLarge",
            "The upload service does not take a file of this size.",
        ),
        About::PrivilegedRoster if *c == C::Forbidden => {
            tracing::error!("the XMPP server did not grant the admin account roster access");
            ApiError::new(
                StatusCode::BAD_GATEWAY,
                "XmppServerRefused",
                "The XMPP server does not let the gateway's admin account manage rosters \
                 (XEP-0356 `roster = \"both\"` for XWG_XMPP_ADMIN_JID).",
            )
        }
        About::Request | About::Upload | About::PrivilegedRoster => ApiError::new(
            StatusCode::BAD_REQUEST,
            "XmppError",
            format!("The XMPP server refused the request ({condition})."),
        ),
    }
}

/// The HTTP error for something the server does not have.
pub fn not_found(about: About<'_>) -> ApiError {
    refused(&Condition(DefinedCondition::ItemNotFound), about)
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

    #[test]
    fn refusals_say_what_they_are_about() {
        let room: BareJid = "r@conference.x".parse().unwrap();
        let auth: Condition = "not-authorized".parse().unwrap();
        assert_eq!(refused(&auth, About::Room(&room)).error, "PasswordRequired");
        let conflict: Condition = "conflict".parse().unwrap();
        assert_eq!(refused(&conflict, About::Node(Some("n"))).status, 409);
        let big: Condition = "not-acceptable".parse().unwrap();
        assert_eq!(refused(&big, About::Upload).status, 413);
        assert_eq!(refused(&big, About::Request).error, "XmppError");
    }
}
