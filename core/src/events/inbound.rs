//! Inbound stanzas → events. Parsing is `xmpp-parsers`'; this module only decides which
//! events a stanza is and picks the fields SparkWeb clients read.

use base64::Engine;
use tokio_xmpp::Stanza;
use tokio_xmpp::jid::{BareJid, Jid};
use tokio_xmpp::minidom::Element;
use tokio_xmpp::parsers::chatstates::ChatState;
use tokio_xmpp::parsers::delay::Delay;
use tokio_xmpp::parsers::iq::Iq;
use tokio_xmpp::parsers::message::{Message, MessageType};
use tokio_xmpp::parsers::muc::user::MucUser;
use tokio_xmpp::parsers::ns;
use tokio_xmpp::parsers::occupant_id::OccupantId;
use tokio_xmpp::parsers::presence::{self, Presence, Type as PresenceType};
use tokio_xmpp::parsers::receipts::Received;
use tokio_xmpp::parsers::roster::{Ask, Roster};
use tokio_xmpp::parsers::stanza_error::StanzaError;
use tokio_xmpp::parsers::stanza_id::{OriginId, StanzaId};

use tokio_xmpp::parsers::carbons;

use super::{
    Carbon, ChatMessage, ChatStateChange, ChatStateName, ErrorNotice, Invitation, InvitationKind,
    MessageKind, Occupancy, Payload, PresenceChange, PresenceKind, PresenceLabel, RawStanza,
    ReactionsChange, Receipt, Reference, RosterChange, Show, SubscriptionChange, SubscriptionKind,
};
use crate::clock::{Clock, SystemClock};
use crate::protocol::actions::{Action, action_of, reply_of};
use crate::protocol::errors::Condition;

/// XEP-0249 direct invitations.
const DIRECT_INVITATION: &str = "jabber:x:conference";

/// The raw stanza, for `chatapi.xmpp`.
pub fn raw(stanza: &Stanza) -> Payload {
    let xml = String::from(&Element::from(stanza));
    Payload::Raw(RawStanza {
        xmpp: base64::engine::general_purpose::STANDARD.encode(xml),
    })
}

/// Whether the `stanza-id`s the user's own server stamps on messages (XEP-0359) are
/// believed: only when the server announces that it stamps them (`urn:xmpp:sid:0` on the
/// account), so that every message it archives carries its stamp.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stamps {
    Trusted,
    Untrusted,
}

/// The events one inbound stanza of `own`'s session becomes: the typed ones it carries, or
/// the raw stanza when it is nothing a typed event describes.
pub fn events_of(stanza: &Stanza, own: &BareJid, stamps: Stamps) -> Vec<Payload> {
    let typed = match stanza {
        Stanza::Message(message) => message_events(message, own, stamps),
        Stanza::Presence(presence) => presence_events(presence),
        Stanza::Iq(iq) => roster_push(iq),
    };
    if typed.is_empty() {
        vec![raw(stanza)]
    } else {
        typed
    }
}

/// The id the archive of `by` gave the message (XEP-0359), where that archive stamps it:
/// anyone may put a `stanza-id` naming any archive into a message, so only the archive's
/// own stamp counts. The archive adds its stamp after whatever the sender put there
/// (Prosody 0.12 keeps a forged one before its own): the last one naming it. And it stamps
/// only what it keeps: a message it does not archive has no stamp of its own, so any there
/// is forged.
pub fn archive_id(message: &Message, by: &BareJid) -> Option<String> {
    if !archived(message) {
        return None;
    }
    message
        .payloads
        .iter()
        .filter_map(|p| StanzaId::try_from(p.clone()).ok())
        .rfind(|id| id.by.to_bare() == *by)
        .map(|id| id.id)
}

/// XEP-0334 hints asking archives not to keep a message.
const HINTS: &str = "urn:xmpp:hints";

/// Whether an archive keeps the message (XEP-0313 §5.1.1, as Prosody and ejabberd apply
/// it): a chat, normal or group chat message with a body, not marked `no-store` or
/// `no-permanent-store`.
fn archived(message: &Message) -> bool {
    let kept_kind = matches!(
        message.type_,
        MessageType::Chat | MessageType::Normal | MessageType::Groupchat
    );
    let unwanted = message
        .payloads
        .iter()
        .any(|p| p.is("no-store", HINTS) || p.is("no-permanent-store", HINTS));
    kept_kind && !message.bodies.is_empty() && !unwanted
}

/// The sender's own id of the message (XEP-0359 `origin-id`).
/// The id a room gives the message's author (XEP-0421 `occupant-id`): the same for one
/// account whatever its nickname. Believable only from a room that stamps it (it then
/// replaces any the sender put in); elsewhere anyone can write one.
pub fn occupant_id(message: &Message) -> Option<String> {
    message
        .payloads
        .iter()
        .find_map(|p| OccupantId::try_from(p.clone()).ok())
        .map(|id| id.id)
}

pub fn origin_id(message: &Message) -> Option<String> {
    message
        .payloads
        .iter()
        .find_map(|p| OriginId::try_from(p.clone()).ok())
        .map(|id| id.id)
}

/// A carbon (XEP-0280) of a message another device of the user sent or received: only from
/// the user's own account (anyone else could forge one).
fn carbon_of(message: &Message, own: &BareJid) -> Option<(Carbon, Message)> {
    if message
        .from
        .as_ref()
        .is_some_and(|from| from.to_bare() != *own)
    {
        return None;
    }
    message.payloads.iter().find_map(|p| {
        if let Ok(sent) = carbons::Sent::try_from(p.clone()) {
            Some((Carbon::Sent, sent.forwarded.message))
        } else {
            carbons::Received::try_from(p.clone())
                .ok()
                .map(|received| (Carbon::Received, received.forwarded.message))
        }
    })
}

fn message_kind(kind: &MessageType) -> MessageKind {
    match kind {
        MessageType::Groupchat => MessageKind::Groupchat,
        MessageType::Normal => MessageKind::Normal,
        MessageType::Headline => MessageKind::Headline,
        MessageType::Chat | MessageType::Error => MessageKind::Chat,
    }
}

/// The JSON a message carries (XEP-0335), if any and well-formed.
fn data_of(message: &Message) -> Option<serde_json::Value> {
    crate::protocol::json::value_of(&message.payloads)
}

/// A direct invitation (XEP-0249): `<x xmlns='jabber:x:conference' jid=… password=… reason=…/>`.
fn direct_invitation(payload: &Element, message: &Message) -> Option<Payload> {
    if !payload.is("x", DIRECT_INVITATION) {
        return None;
    }
    let room = payload.attr("jid")?.parse::<Jid>().ok()?;
    let attr = |name: &str| payload.attr(name).unwrap_or_default().to_string();
    Some(Payload::Invitation(Invitation {
        kind: InvitationKind::Received,
        room: Some(room),
        inviter: message.from.clone(),
        password: attr("password"),
        reason: attr("reason"),
        url: String::new(),
        to: message.to.clone(),
        from: message.from.clone(),
    }))
}

fn message_events(message: &Message, own: &BareJid, stamps: Stamps) -> Vec<Payload> {
    if let Some((carbon, copied)) = carbon_of(message, own) {
        // What the other device sent or received, marked as such (its own carbons ignored).
        return marked(plain_message_events(&copied, own, stamps), carbon);
    }
    plain_message_events(message, own, stamps)
}

fn marked(mut events: Vec<Payload>, carbon: Carbon) -> Vec<Payload> {
    for event in &mut events {
        match event {
            Payload::Chat(chat) => chat.carbon = Some(carbon),
            Payload::Retraction(reference) | Payload::Displayed(reference) => {
                reference.carbon = Some(carbon)
            }
            Payload::Reactions(reactions) => reactions.carbon = Some(carbon),
            _ => {}
        }
    }
    events
}

/// A chat message the user's own session sends (from a page, through REST), as the user's
/// streams see it: `chatapi.chat` marked `sent`, like a carbon of another device's message,
/// so that every page of the user stays in step (and so its retractions and reactions).
/// Nothing for a message with neither body, data nor action, or a group chat message (the
/// room reflects those).
pub fn sent_events(message: &Message, own: &BareJid) -> Vec<Payload> {
    if message.type_ == MessageType::Groupchat
        || (message.bodies.is_empty() && data_of(message).is_none() && action_of(message).is_none())
    {
        return Vec::new();
    }
    let mut copy = message.clone();
    copy.from = Some(Jid::from(own.clone()));
    let events = plain_message_events(&copy, own, Stamps::Untrusted)
        .into_iter()
        .filter(|event| {
            matches!(
                event,
                Payload::Chat(_)
                    | Payload::Retraction(_)
                    | Payload::Reactions(_)
                    | Payload::Displayed(_)
            )
        })
        .collect();
    marked(events, Carbon::Sent)
}

fn plain_message_events(message: &Message, own: &BareJid, stamps: Stamps) -> Vec<Payload> {
    let (from, to) = (&message.from, &message.to);
    if message.type_ == MessageType::Error {
        return vec![error_event(from, to, &message.payloads)];
    }
    let mut events = Vec::new();
    for payload in &message.payloads {
        if let Some(invitation) = direct_invitation(payload, message) {
            events.push(invitation);
            continue;
        }
        if let Ok(user) = MucUser::try_from(payload.clone()) {
            if let Some(invite) = user.invite {
                // xmpp-parsers' MucUser has no typed <password/>; read the child element.
                let password = payload
                    .get_child("password", ns::MUC_USER)
                    .map(Element::text);
                events.push(Payload::Invitation(Invitation {
                    kind: InvitationKind::Received,
                    room: from.clone(),
                    inviter: invite.from,
                    password: password.unwrap_or_default(),
                    reason: invite.reason.unwrap_or_default(),
                    url: String::new(),
                    to: to.clone(),
                    from: from.clone(),
                }));
            }
        } else if let Ok(state) = ChatState::try_from(payload.clone()) {
            events.push(Payload::ChatState(ChatStateChange {
                kind: message_kind(&message.type_),
                from: from.clone(),
                to: to.clone(),
                state: chat_state_name(&state),
            }));
        } else if let Ok(received) = Received::try_from(payload.clone()) {
            events.push(Payload::Receipt(Receipt {
                from: from.clone(),
                to: to.clone(),
                id: received.id,
            }));
        }
    }
    // A retraction, a read marker or reactions: their own events (a retraction's body is
    // only a fallback).
    let action = action_of(message);
    let kind = message_kind(&message.type_);
    let in_room = message.type_ == MessageType::Groupchat;
    let occupant = in_room.then(|| occupant_id(message)).flatten();
    let reference = |id| Reference {
        kind,
        from: from.clone(),
        to: to.clone(),
        id,
        occupant_id: occupant.clone(),
        carbon: None,
    };
    match action {
        Some(Action::Retraction { id }) => {
            events.push(Payload::Retraction(reference(id)));
            return events;
        }
        Some(Action::Displayed { id }) => {
            events.push(Payload::Displayed(reference(id)));
            return events;
        }
        Some(Action::Reactions { id, reactions }) => {
            events.push(Payload::Reactions(ReactionsChange {
                kind,
                from: from.clone(),
                to: to.clone(),
                id,
                reactions,
                carbon: None,
            }));
            return events;
        }
        Some(Action::Correction { .. }) | None => {}
    }
    // A message with a body, or with JSON only (an app's `data` without text).
    let body = message.get_best_body_cloned(vec![]).map(|(_, body)| body);
    let data = data_of(message);
    if body.is_some() || data.is_some() {
        // A room stamps its own archive's ids, the user's server those of the user's
        // (believed where the server announces it stamps them).
        let stanza_id = match (in_room, from) {
            (true, Some(room)) => archive_id(message, &room.to_bare()),
            _ if stamps == Stamps::Trusted => archive_id(message, own),
            _ => None,
        };
        // When it was sent, as only the user's server stamps it (XEP-0203, for what it
        // kept offline), and never in the future: a sender's own stamp is theirs to make
        // up, and is left out. A room's live messages carry none the gateway asks for (it
        // joins without history), so none is believed there.
        let stamped_by_server = |by: &Jid| by.node().is_none() && by.domain() == own.domain();
        let delay = message
            .payloads
            .iter()
            .filter_map(|p| Delay::try_from(p.clone()).ok())
            .find(|d| !in_room && d.from.as_ref().is_some_and(stamped_by_server))
            .filter(|d| d.stamp.0.timestamp() <= SystemClock.now())
            .map(|d| d.stamp.0.to_rfc3339());
        let chat = ChatMessage {
            stanza_id,
            origin_id: origin_id(message),
            occupant_id: occupant,
            id: message.id.as_ref().map(|id| id.0.clone()),
            replaces: match action {
                Some(Action::Correction { id }) => Some(id),
                _ => None,
            },
            reply_to: reply_of(message),
            delay,
            data,
            ..ChatMessage::new(kind, from.clone(), to.clone(), body.unwrap_or_default())
        };
        events.push(if in_room {
            Payload::RoomMessage(chat)
        } else {
            Payload::Chat(chat)
        });
    }
    events
}

fn chat_state_name(state: &ChatState) -> ChatStateName {
    match state {
        ChatState::Active => ChatStateName::Active,
        ChatState::Composing => ChatStateName::Composing,
        ChatState::Gone => ChatStateName::Gone,
        ChatState::Inactive => ChatStateName::Inactive,
        ChatState::Paused => ChatStateName::Paused,
    }
}

/// A presence event; for a subscription request or answer also its own event.
fn presence_events(presence: &Presence) -> Vec<Payload> {
    let subscription = match presence.type_ {
        PresenceType::Subscribe => Some(SubscriptionKind::Subscribe),
        PresenceType::Subscribed => Some(SubscriptionKind::Subscribed),
        PresenceType::Unsubscribe => Some(SubscriptionKind::Unsubscribe),
        PresenceType::Unsubscribed => Some(SubscriptionKind::Unsubscribed),
        _ => None,
    };
    let mut events = vec![presence_event(presence)];
    if let (Some(kind), Some(from)) = (subscription, &presence.from) {
        events.push(Payload::Subscription(SubscriptionChange {
            kind,
            from: from.to_bare(),
            to: presence.to.clone(),
        }));
    }
    events
}

fn presence_event(presence: &Presence) -> Payload {
    let kind = match presence.type_ {
        PresenceType::Error => {
            return error_event(&presence.from, &presence.to, &presence.payloads);
        }
        PresenceType::None => PresenceKind::Available,
        PresenceType::Unavailable => PresenceKind::Unavailable,
        PresenceType::Subscribe => PresenceKind::Subscribe,
        PresenceType::Subscribed => PresenceKind::Subscribed,
        PresenceType::Unsubscribe => PresenceKind::Unsubscribe,
        PresenceType::Unsubscribed => PresenceKind::Unsubscribed,
        PresenceType::Probe => PresenceKind::Probe,
    };
    let show = match presence.show {
        None => Show::Online,
        Some(presence::Show::Away) => Show::Away,
        Some(presence::Show::Chat) => Show::Chat,
        Some(presence::Show::Dnd) => Show::Dnd,
        Some(presence::Show::Xa) => Show::Xa,
    };
    // In a room: the occupant's role and affiliation (and real JID where the room shows it).
    let muc = presence
        .payloads
        .iter()
        .find_map(|p| MucUser::try_from(p.clone()).ok())
        .and_then(|muc| muc.items.into_iter().next())
        .map(|item| Occupancy {
            role: item.role,
            affiliation: item.affiliation,
            jid: item.jid.map(|jid| jid.to_bare()),
        });
    Payload::Presence(PresenceChange {
        label: PresenceLabel::Presence,
        kind,
        to: presence.to.clone(),
        from: presence.from.clone(),
        status: presence
            .statuses
            .values()
            .next()
            .cloned()
            .unwrap_or_default(),
        show,
        muc,
    })
}

/// A roster push (`<iq type='set'><query xmlns='jabber:iq:roster'>`), one event per item.
fn roster_push(iq: &Iq) -> Vec<Payload> {
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
            Payload::Roster(RosterChange {
                jid: item.jid,
                name: item.name.unwrap_or_default(),
                subscription: item.subscription,
                ask: item.ask == Ask::Subscribe,
                groups: item.groups.into_iter().map(|g| g.0).collect(),
            })
        })
        .collect()
}

fn error_event(from: &Option<Jid>, to: &Option<Jid>, payloads: &[Element]) -> Payload {
    let error = payloads
        .iter()
        .find_map(|p| StanzaError::try_from(p.clone()).ok());
    Payload::Error(ErrorNotice {
        from: from.clone(),
        to: to.clone(),
        kind: error.as_ref().map(|e| e.type_.clone()),
        condition: error.as_ref().map(Condition::of),
        text: error
            .and_then(|e| e.texts.into_values().next())
            .unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    fn events(xml: &str) -> Vec<Payload> {
        let element: Element = xml.parse().expect("well-formed XML");
        let own: BareJid = "bob@x".parse().unwrap();
        events_of(
            &Stanza::try_from(element).expect("a stanza"),
            &own,
            Stamps::Trusted,
        )
    }

    /// The one event a stanza becomes: its SSE name and data.
    fn one(xml: &str) -> (&'static str, Value) {
        let mut all = events(xml);
        assert_eq!(all.len(), 1, "{all:?}");
        let event = all.remove(0);
        (
            event.name(),
            serde_json::from_str(&event.data_json()).unwrap(),
        )
    }

    #[test]
    fn a_chat_message_is_chatapi_chat() {
        let (name, data) = one(
            "<message xmlns='jabber:client' type='chat' from='ann@x/tab' to='bob@x'><body>hi</body></message>",
        );
        assert_eq!(name, "chatapi.chat");
        assert_eq!(
            data,
            json!({"type": "chat", "body": "hi", "to": "bob@x", "from": "ann@x/tab"})
        );
    }

    #[test]
    fn only_the_servers_own_stamp_is_the_archive_id() {
        // Prosody 0.12 keeps what the sender put and appends its own stamp.
        let (_, data) = one(
            "<message xmlns='jabber:client' type='chat' from='mallory@x/r' to='bob@x'><body>hi</body>\
             <stanza-id xmlns='urn:xmpp:sid:0' by='bob@x' id='forged'/>\
             <stanza-id xmlns='urn:xmpp:sid:0' by='bob@x' id='real'/></message>",
        );
        assert_eq!(data["stanzaId"], "real");
        // A message the archive does not keep carries no stamp of the archive's own.
        for unkept in [
            "<message xmlns='jabber:client' type='chat' from='mallory@x/r' to='bob@x'><body>hi</body>\
             <no-store xmlns='urn:xmpp:hints'/><stanza-id xmlns='urn:xmpp:sid:0' by='bob@x' id='forged'/></message>",
            "<message xmlns='jabber:client' type='headline' from='mallory@x/r' to='bob@x'><body>hi</body>\
             <stanza-id xmlns='urn:xmpp:sid:0' by='bob@x' id='forged'/></message>",
        ] {
            let (_, data) = one(unkept);
            assert!(data.get("stanzaId").is_none(), "{data}");
        }
        // Where the server does not announce its stamps, none is believed.
        let element: Element =
            "<message xmlns='jabber:client' type='chat' from='ann@x/r' to='bob@x'>\
             <body>hi</body><stanza-id xmlns='urn:xmpp:sid:0' by='bob@x' id='a1'/></message>"
                .parse()
                .unwrap();
        let own: BareJid = "bob@x".parse().unwrap();
        let stanza = Stanza::try_from(element).unwrap();
        let events = events_of(&stanza, &own, Stamps::Untrusted);
        let [Payload::Chat(chat)] = events.as_slice() else {
            panic!("one chat event: {events:?}")
        };
        assert_eq!(chat.stanza_id, None);
    }

    #[test]
    fn a_message_carries_its_archive_id_only_from_its_archive() {
        let (_, data) = one(
            "<message xmlns='jabber:client' type='chat' from='ann@x/tab' to='bob@x'><body>hi</body>\
             <stanza-id xmlns='urn:xmpp:sid:0' by='ann@x' id='forged'/>\
             <stanza-id xmlns='urn:xmpp:sid:0' by='bob@x' id='a1'/>\
             <origin-id xmlns='urn:xmpp:sid:0' id='o1'/>\
             <delay xmlns='urn:xmpp:delay' from='x' stamp='2026-12-01T10:00:00Z'/></message>",
        );
        assert_eq!(data["stanzaId"], "a1");
        assert_eq!(data["originId"], "o1");
        assert_eq!(
            data["delay"], "2026-12-01T10:00:00+00:00",
            "stamped by bob's server"
        );
        let (_, room) = one(
            "<message xmlns='jabber:client' type='groupchat' from='r@c.x/ann' to='bob@x/t'><body>hey</body>\
             <stanza-id xmlns='urn:xmpp:sid:0' by='r@c.x' id='r1'/>\
             <delay xmlns='urn:xmpp:delay' from='r@c.x' stamp='2026-12-01T09:00:00Z'/></message>",
        );
        assert_eq!(room["stanzaId"], "r1");
        assert_eq!(
            room.get("delay"),
            None,
            "the gateway asks rooms for no history"
        );
        // One "from the server" set in the future is left out.
        let (_, future) = one(
            "<message xmlns='jabber:client' type='chat' from='ann@x/tab' to='bob@x'><body>hi</body>\
             <delay xmlns='urn:xmpp:delay' from='x' stamp='2099-01-01T00:00:00Z'/></message>",
        );
        assert_eq!(future.get("delay"), None);
        // A sender's own stamp (any time it likes, 2001 in the middle of today): left out.
        for stamper in [
            "",
            " from='ann@x/tab'",
            " from='evil.example'",
            " from='r@c.x'",
        ] {
            let (_, forged) = one(&format!(
                "<message xmlns='jabber:client' type='chat' from='ann@x/tab' to='bob@x'><body>hi</body>\
                 <delay xmlns='urn:xmpp:delay'{stamper} stamp='2001-01-01T00:00:00Z'/></message>"
            ));
            assert_eq!(forged.get("delay"), None, "delay{stamper}");
        }
    }

    #[test]
    fn carbons_are_believed_only_from_the_users_own_account() {
        let carbon = |from: &str| {
            format!(
                "<message xmlns='jabber:client' from='{from}' to='bob@x/gw'>\
                 <sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>\
                 <message xmlns='jabber:client' type='chat' from='bob@x/phone' to='ann@x'>\
                 <body>from my phone</body></message></forwarded></sent></message>"
            )
        };
        let (name, own) = one(&carbon("bob@x"));
        assert_eq!(name, "chatapi.chat");
        assert_eq!(
            (&own["carbon"], &own["body"]),
            (&json!("sent"), &json!("from my phone"))
        );
        // Anyone else's "carbon" is a forgery: not a chat event of the user's.
        let forged = events(&carbon("mallory@x/r"));
        assert!(
            forged
                .iter()
                .all(|e| !matches!(e, Payload::Chat(c) if c.carbon.is_some())),
            "{forged:?}"
        );
    }

    #[test]
    fn what_the_session_sends_is_a_sent_copy_for_the_users_streams() {
        let own: BareJid = "bob@x".parse().unwrap();
        let sent = |xml: &str| {
            let element: Element = xml.parse().expect("well-formed XML");
            let Ok(Stanza::Message(message)) = Stanza::try_from(element) else {
                panic!("a message")
            };
            sent_events(&message, &own)
        };
        let copies = sent(
            "<message xmlns='jabber:client' type='chat' to='ann@x'><body>hi</body><origin-id xmlns='urn:xmpp:sid:0' id='o1'/></message>",
        );
        let [Payload::Chat(copy)] = copies.as_slice() else {
            panic!("{copies:?}")
        };
        assert_eq!(
            (copy.carbon, copy.body.as_str(), copy.origin_id.as_deref()),
            (Some(Carbon::Sent), "hi", Some("o1"))
        );
        assert_eq!(copy.from, Some(Jid::from(own.clone())));
        assert!(sent("<message xmlns='jabber:client' type='chat' to='ann@x'><composing xmlns='http://jabber.org/protocol/chatstates'/></message>").is_empty());
        assert!(sent("<message xmlns='jabber:client' type='groupchat' to='r@c.x'><body>hi</body></message>").is_empty());
    }

    #[test]
    fn a_chat_state_and_a_receipt_are_their_own_events() {
        let (name, data) = one(
            "<message xmlns='jabber:client' type='chat' from='ann@x/t' to='bob@x'><composing xmlns='http://jabber.org/protocol/chatstates'/></message>",
        );
        // As upstream: a chatapi.chat with `state` and no `body`.
        assert_eq!(
            (name, &data["state"], &data["type"]),
            ("chatapi.chat", &json!("composing"), &json!("chat"))
        );
        assert!(data.get("body").is_none(), "{data}");
        let both = events(
            "<message xmlns='jabber:client' type='chat' from='ann@x/t' to='bob@x'><body>hi</body><active xmlns='http://jabber.org/protocol/chatstates'/></message>",
        );
        assert_eq!(
            both.iter().map(Payload::name).collect::<Vec<_>>(),
            ["chatapi.chat", "chatapi.chat"]
        );
        let (name, data) = one(
            "<message xmlns='jabber:client' from='ann@x/t' to='bob@x'><received xmlns='urn:xmpp:receipts' id='m1'/></message>",
        );
        assert_eq!((name, &data["id"]), ("chatapi.receipt", &json!("m1")));
    }

    #[test]
    fn group_chat_and_invitations_are_chatapi_muc() {
        let (name, data) = one(
            "<message xmlns='jabber:client' type='groupchat' from='room@conference.x/ann' to='bob@x/t'><body>hello all</body></message>",
        );
        assert_eq!(name, "chatapi.muc");
        assert_eq!(data["type"], "groupchat");
        assert_eq!(data["body"], "hello all");
        // XEP-0045 §7.8.2, a mediated invitation.
        let (name, data) = one(
            "<message xmlns='jabber:client' from='room@conference.x' to='bob@x'><x xmlns='http://jabber.org/protocol/muc#user'><invite from='ann@x/t'><reason>Join us</reason></invite><password>cauldronburn</password></x></message>",
        );
        assert_eq!(name, "chatapi.muc");
        assert_eq!(data["type"], "invitationReceived");
        assert_eq!(data["room"], "room@conference.x");
        assert_eq!(data["inviter"], "ann@x/t");
        assert_eq!(data["reason"], "Join us");
        assert_eq!(data["password"], "cauldronburn");
    }

    #[test]
    fn presence_carries_type_show_and_status() {
        let (name, data) = one(
            "<presence xmlns='jabber:client' from='ann@x/t' to='bob@x'><show>dnd</show><status>busy</status></presence>",
        );
        assert_eq!(name, "chatapi.presence");
        assert_eq!(
            data,
            json!({"type": "presence", "presence": "available", "to": "bob@x", "from": "ann@x/t", "status": "busy", "show": "dnd"})
        );
        // As upstream (Smack's mode): `show` is `available` when the presence has none.
        let (_, gone) = one("<presence xmlns='jabber:client' type='unavailable' from='ann@x/t'/>");
        assert_eq!(
            (&gone["presence"], &gone["show"]),
            (&json!("unavailable"), &json!("available"))
        );
        let (_, occupant) = one(
            "<presence xmlns='jabber:client' from='r@c.x/ann' to='bob@x/t'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='owner' role='moderator' jid='ann@x/t'/></x></presence>",
        );
        assert_eq!(
            occupant["muc"],
            json!({"role": "moderator", "affiliation": "owner", "jid": "ann@x"})
        );
    }

    #[test]
    fn a_roster_push_is_one_event_per_item() {
        let (name, data) = one(
            "<iq xmlns='jabber:client' type='set' id='p1'><query xmlns='jabber:iq:roster'><item jid='ann@x' name='Ann' subscription='both'><group>Friends</group></item></query></iq>",
        );
        assert_eq!(name, "chatapi.roster");
        assert_eq!(
            data,
            json!({"jid": "ann@x", "name": "Ann", "subscription": "both", "ask": false, "groups": ["Friends"]})
        );
    }

    #[test]
    fn an_error_names_its_condition() {
        let (name, data) = one(
            "<message xmlns='jabber:client' type='error' from='nobody@x' to='bob@x/t'><error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>",
        );
        assert_eq!(name, "chatapi.error");
        assert_eq!(data["kind"], "cancel");
        assert_eq!(data["condition"], "service-unavailable");
    }

    #[test]
    fn anything_else_arrives_raw() {
        let (name, data) = one(
            "<message xmlns='jabber:client' from='ann@x/t' to='bob@x'><thing xmlns='urn:example:custom'>42</thing></message>",
        );
        assert_eq!(name, "chatapi.xmpp");
        let raw = base64::engine::general_purpose::STANDARD
            .decode(data["xmpp"].as_str().unwrap())
            .unwrap();
        let xml = String::from_utf8(raw).unwrap();
        assert!(
            xml.contains("urn:example:custom") && xml.contains(">42<"),
            "{xml}"
        );
    }

    #[test]
    fn events_survive_the_log_and_the_wire() {
        for payload in events(
            "<presence xmlns='jabber:client' from='r@c.x/ann' to='bob@x/t'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='member' role='participant'/></x></presence>",
        ) {
            let json = serde_json::to_string(&payload).unwrap();
            assert_eq!(serde_json::from_str::<Payload>(&json).unwrap(), payload);
        }
    }
}
