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
    event(
        names::PRESENCE,
        json!({ "type": kind, "to": to, "from": from, "status": status, "show": show }),
    )
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
    let (kind, condition, text) = match &error {
        Some(e) => (
            format!("{:?}", e.type_).to_lowercase(),
            format!("{:?}", e.defined_condition),
            e.texts.values().next().cloned().unwrap_or_default(),
        ),
        None => (String::new(), String::new(), String::new()),
    };
    event(
        names::ERROR,
        json!({ "from": from, "to": to, "kind": kind, "condition": condition, "text": text }),
    )
}
