//! Inbound stanzas → events. Parsing is `xmpp-parsers`'; this module only decides which
//! event a stanza is and picks the fields SparkWeb clients read.

use base64::Engine;
use serde_json::{Value, json};
use tokio_xmpp::Stanza;
use tokio_xmpp::minidom::Element;
use tokio_xmpp::parsers::chatstates::ChatState;
use tokio_xmpp::parsers::iq::Iq;
use tokio_xmpp::parsers::message::{Message, MessageType};
use tokio_xmpp::parsers::muc::user::MucUser;
use tokio_xmpp::parsers::ns;
use tokio_xmpp::parsers::presence::{Presence, Show, Type as PresenceType};
use tokio_xmpp::parsers::receipts::Received;
use tokio_xmpp::parsers::roster::{Ask, Roster, Subscription};
use tokio_xmpp::parsers::stanza_error::StanzaError;

use crate::events::{NewEvent, names};

fn event(name: &'static str, data: Value) -> NewEvent {
    NewEvent { name, data }
}

fn jid_text(jid: &Option<tokio_xmpp::jid::Jid>) -> String {
    jid.as_ref().map(ToString::to_string).unwrap_or_default()
}

/// The raw stanza, for `chatapi.xmpp`.
pub fn raw(stanza: &Stanza) -> NewEvent {
    let xml = String::from(&Element::from(stanza));
    event(
        names::XMPP,
        json!({ "xmpp": base64::engine::general_purpose::STANDARD.encode(xml) }),
    )
}

/// The events one inbound stanza becomes: the typed ones it carries, or the raw stanza
/// when it is nothing a typed event describes.
pub fn events_of(stanza: &Stanza) -> Vec<NewEvent> {
    let typed = match stanza {
        Stanza::Message(message) => message_events(message),
        Stanza::Presence(presence) => vec![presence_event(presence)],
        Stanza::Iq(iq) => roster_push(iq).into_iter().collect(),
    };
    if typed.is_empty() {
        vec![raw(stanza)]
    } else {
        typed
    }
}

fn message_events(message: &Message) -> Vec<NewEvent> {
    let from = jid_text(&message.from);
    let to = jid_text(&message.to);
    if message.type_ == MessageType::Error {
        return vec![error_event(&from, &to, message.payloads.iter())];
    }
    let mut events = Vec::new();
    let body = message.get_best_body_cloned(vec![]).map(|(_, body)| body);
    for payload in &message.payloads {
        if let Ok(user) = MucUser::try_from(payload.clone()) {
            if let Some(invite) = user.invite {
                // xmpp-parsers' MucUser has no typed <password/>; read the child element.
                let password = payload
                    .get_child("password", ns::MUC_USER)
                    .map(Element::text);
                let inviter = jid_text(&invite.from);
                events.push(event(
                    names::MUC,
                    json!({
                        "type": "invitationReceived",
                        "room": from,
                        "inviter": inviter,
                        "password": password.unwrap_or_default(),
                        "reason": invite.reason.unwrap_or_default(),
                        "to": to,
                        "from": from,
                    }),
                ));
            }
        } else if let Ok(state) = ChatState::try_from(payload.clone()) {
            events.push(event(
                names::CHAT_STATE,
                json!({ "from": from, "to": to, "state": chat_state_name(&state) }),
            ));
        } else if let Ok(received) = Received::try_from(payload.clone()) {
            events.push(event(
                names::RECEIPT,
                json!({ "from": from, "to": to, "id": received.id }),
            ));
        }
    }
    if let Some(body) = body {
        let (name, kind) = match message.type_ {
            MessageType::Groupchat => (names::MUC, "groupchat"),
            _ => (names::CHAT, "chat"),
        };
        events.push(event(
            name,
            json!({ "type": kind, "body": body, "to": to, "from": from }),
        ));
    }
    events
}

fn chat_state_name(state: &ChatState) -> &'static str {
    match state {
        ChatState::Active => "active",
        ChatState::Composing => "composing",
        ChatState::Gone => "gone",
        ChatState::Inactive => "inactive",
        ChatState::Paused => "paused",
    }
}

fn presence_event(presence: &Presence) -> NewEvent {
    let from = jid_text(&presence.from);
    let to = jid_text(&presence.to);
    if presence.type_ == PresenceType::Error {
        return error_event(&from, &to, presence.payloads.iter());
    }
    let kind = match presence.type_ {
        PresenceType::None => "available",
        PresenceType::Unavailable => "unavailable",
        PresenceType::Subscribe => "subscribe",
        PresenceType::Subscribed => "subscribed",
        PresenceType::Unsubscribe => "unsubscribe",
        PresenceType::Unsubscribed => "unsubscribed",
        PresenceType::Probe => "probe",
        PresenceType::Error => "error",
    };
    let show = match presence.show {
        None => "",
        Some(Show::Away) => "away",
        Some(Show::Chat) => "chat",
        Some(Show::Dnd) => "dnd",
        Some(Show::Xa) => "xa",
    };
    let status = presence
        .statuses
        .values()
        .next()
        .cloned()
        .unwrap_or_default();
    let mut data = json!({ "type": kind, "to": to, "from": from, "status": status, "show": show });
    // In a room: the occupant's role and affiliation (and real JID where the room shows it).
    if let Some(muc) = presence
        .payloads
        .iter()
        .find_map(|p| MucUser::try_from(p.clone()).ok())
        && let Some(item) = muc.items.first()
    {
        data["muc"] = json!({
            "role": format!("{:?}", item.role).to_lowercase(),
            "affiliation": format!("{:?}", item.affiliation).to_lowercase(),
            "jid": item.jid.as_ref().map(|j| j.to_bare().to_string()),
        });
    }
    event(names::PRESENCE, data)
}

/// A roster push (`<iq type='set'><query xmlns='jabber:iq:roster'>`), one event per item.
fn roster_push(iq: &Iq) -> Vec<NewEvent> {
    let Iq::Set { payload, .. } = iq else {
        return Vec::new();
    };
    let Ok(roster) = Roster::try_from(payload.clone()) else {
        return Vec::new();
    };
    roster
        .items
        .into_iter()
        .map(|item| {
            let subscription = match item.subscription {
                Subscription::None => "none",
                Subscription::From => "from",
                Subscription::To => "to",
                Subscription::Both => "both",
                Subscription::Remove => "remove",
            };
            let groups: Vec<String> = item.groups.into_iter().map(|g| g.0).collect();
            event(
                names::ROSTER,
                json!({
                    "jid": item.jid.to_string(),
                    "name": item.name.unwrap_or_default(),
                    "subscription": subscription,
                    "ask": item.ask == Ask::Subscribe,
                    "groups": groups,
                }),
            )
        })
        .collect()
}

fn error_event<'a>(from: &str, to: &str, payloads: impl Iterator<Item = &'a Element>) -> NewEvent {
    let error = payloads
        .filter_map(|p| StanzaError::try_from(p.clone()).ok())
        .next();
    let described = error.as_ref().map(describe_error).unwrap_or_default();
    event(
        names::ERROR,
        json!({
            "from": from, "to": to, "kind": described.kind, "condition": described.condition, "text": described.text,
        }),
    )
}

/// An XMPP error in the protocol's own words: type, condition element name, text.
#[derive(Default, Debug, PartialEq)]
pub struct ErrorDescription {
    pub kind: String,
    pub condition: String,
    pub text: String,
}

pub fn describe_error(error: &StanzaError) -> ErrorDescription {
    let element = Element::from(error.clone());
    let condition = element
        .children()
        .find(|child| child.ns() == ns::XMPP_STANZAS && child.name() != "text")
        .map(|child| child.name().to_string())
        .unwrap_or_default();
    ErrorDescription {
        kind: element.attr("type").unwrap_or_default().to_string(),
        condition,
        text: error.texts.values().next().cloned().unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(xml: &str) -> Vec<NewEvent> {
        let element: Element = xml.parse().expect("well-formed XML");
        events_of(&Stanza::try_from(element).expect("a stanza"))
    }

    fn one(xml: &str) -> NewEvent {
        let mut all = events(xml);
        assert_eq!(all.len(), 1, "{all:?}");
        all.remove(0)
    }

    #[test]
    fn a_chat_message_is_chatapi_chat() {
        let event = one(
            "<message xmlns='jabber:client' type='chat' from='ann@x/tab' to='bob@x'><body>hi</body></message>",
        );
        assert_eq!(event.name, names::CHAT);
        assert_eq!(
            event.data,
            json!({"type": "chat", "body": "hi", "to": "bob@x", "from": "ann@x/tab"})
        );
    }

    #[test]
    fn a_chat_state_and_a_receipt_are_their_own_events() {
        let typing = one(
            "<message xmlns='jabber:client' type='chat' from='ann@x/t' to='bob@x'><composing xmlns='http://jabber.org/protocol/chatstates'/></message>",
        );
        assert_eq!(
            (typing.name, &typing.data["state"]),
            (names::CHAT_STATE, &json!("composing"))
        );
        let both = events(
            "<message xmlns='jabber:client' type='chat' from='ann@x/t' to='bob@x'><body>hi</body><active xmlns='http://jabber.org/protocol/chatstates'/></message>",
        );
        assert_eq!(
            both.iter().map(|e| e.name).collect::<Vec<_>>(),
            [names::CHAT_STATE, names::CHAT]
        );
        let receipt = one(
            "<message xmlns='jabber:client' from='ann@x/t' to='bob@x'><received xmlns='urn:xmpp:receipts' id='m1'/></message>",
        );
        assert_eq!(
            (receipt.name, &receipt.data["id"]),
            (names::RECEIPT, &json!("m1"))
        );
    }

    #[test]
    fn group_chat_and_invitations_are_chatapi_muc() {
        let message = one(
            "<message xmlns='jabber:client' type='groupchat' from='room@conference.x/ann' to='bob@x/t'><body>hello all</body></message>",
        );
        assert_eq!(message.name, names::MUC);
        assert_eq!(message.data["type"], "groupchat");
        assert_eq!(message.data["body"], "hello all");
        // XEP-0045 §7.8.2, a mediated invitation.
        let invite = one(
            "<message xmlns='jabber:client' from='room@conference.x' to='bob@x'><x xmlns='http://jabber.org/protocol/muc#user'><invite from='ann@x/t'><reason>Join us</reason></invite><password>cauldronburn</password></x></message>",
        );
        assert_eq!(invite.name, names::MUC);
        assert_eq!(invite.data["type"], "invitationReceived");
        assert_eq!(invite.data["room"], "room@conference.x");
        assert_eq!(invite.data["inviter"], "ann@x/t");
        assert_eq!(invite.data["reason"], "Join us");
        assert_eq!(invite.data["password"], "cauldronburn");
    }

    #[test]
    fn presence_carries_type_show_and_status() {
        let event = one(
            "<presence xmlns='jabber:client' from='ann@x/t' to='bob@x'><show>dnd</show><status>busy</status></presence>",
        );
        assert_eq!(event.name, names::PRESENCE);
        assert_eq!(
            event.data,
            json!({"type": "available", "to": "bob@x", "from": "ann@x/t", "status": "busy", "show": "dnd"})
        );
        let gone = one("<presence xmlns='jabber:client' type='unavailable' from='ann@x/t'/>");
        assert_eq!(gone.data["type"], "unavailable");
    }

    #[test]
    fn a_roster_push_is_one_event_per_item() {
        let event = one(
            "<iq xmlns='jabber:client' type='set' id='p1'><query xmlns='jabber:iq:roster'><item jid='ann@x' name='Ann' subscription='both'><group>Friends</group></item></query></iq>",
        );
        assert_eq!(event.name, names::ROSTER);
        assert_eq!(
            event.data,
            json!({"jid": "ann@x", "name": "Ann", "subscription": "both", "ask": false, "groups": ["Friends"]})
        );
    }

    #[test]
    fn an_error_names_its_condition() {
        let event = one(
            "<message xmlns='jabber:client' type='error' from='nobody@x' to='bob@x/t'><error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>",
        );
        assert_eq!(event.name, names::ERROR);
        assert_eq!(event.data["kind"], "cancel");
        assert_eq!(event.data["condition"], "service-unavailable");
    }

    #[test]
    fn anything_else_arrives_raw() {
        let event = one(
            "<message xmlns='jabber:client' from='ann@x/t' to='bob@x'><thing xmlns='urn:example:custom'>42</thing></message>",
        );
        assert_eq!(event.name, names::XMPP);
        let raw = base64::engine::general_purpose::STANDARD
            .decode(event.data["xmpp"].as_str().unwrap())
            .unwrap();
        let xml = String::from_utf8(raw).unwrap();
        assert!(
            xml.contains("urn:example:custom") && xml.contains(">42<"),
            "{xml}"
        );
    }
}
