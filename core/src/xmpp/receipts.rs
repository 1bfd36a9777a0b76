//! Message delivery receipts (XEP-0184) the user's session gives: a message that asks for
//! one is acknowledged once it reached a live stream of the user — and only to a sender
//! allowed to see the user's presence (XEP-0184 §8: a receipt tells that the user is
//! there), as the user's roster says.

use std::collections::HashSet;

use tokio_xmpp::jid::{BareJid, Jid};
use tokio_xmpp::parsers::message::{Message, MessageType};
use tokio_xmpp::parsers::receipts::{Received, Request};
use tokio_xmpp::parsers::roster::{Roster, Subscription};

/// The most contacts remembered as allowed to see the user's presence.
const MAX_READERS: usize = 10_000;

/// Who may see the user's presence: contacts with a `from` or `both` subscription.
#[derive(Debug, Default)]
pub struct PresenceReaders(HashSet<BareJid>);

impl PresenceReaders {
    /// The readers a whole roster names (the answer to the roster request).
    pub fn of(roster: &Roster) -> Self {
        let mut readers = Self::default();
        readers.update(roster);
        readers
    }

    /// Applies a roster (or a roster push): each item's subscription as it now is.
    pub fn update(&mut self, roster: &Roster) {
        for item in &roster.items {
            match item.subscription {
                Subscription::From | Subscription::Both => {
                    if self.0.len() < MAX_READERS {
                        self.0.insert(item.jid.clone());
                    }
                }
                _ => {
                    self.0.remove(&item.jid);
                }
            }
        }
    }

    pub fn contains(&self, jid: &BareJid) -> bool {
        self.0.contains(jid)
    }
}

/// The receipt for `message`, when it asks for one and may have it: a one-to-one message
/// with a body and an id, from someone else who may see the user's presence.
pub fn receipt_for(message: &Message, own: &BareJid, readers: &PresenceReaders) -> Option<Message> {
    let from = message.from.as_ref()?;
    let id = message.id.as_ref()?.0.clone();
    let one_to_one = matches!(message.type_, MessageType::Chat | MessageType::Normal);
    let asks = message
        .payloads
        .iter()
        .any(|p| Request::try_from(p.clone()).is_ok());
    let sender = from.to_bare();
    if !one_to_one || !asks || message.bodies.is_empty() || sender == *own {
        return None;
    }
    if !readers.contains(&sender) {
        return None;
    }
    let to: Jid = from.clone();
    Some(Message::new_with_type(message.type_.clone(), Some(to)).with_payload(Received { id }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio_xmpp::minidom::Element;

    fn readers(roster: &str) -> PresenceReaders {
        PresenceReaders::of(&Roster::try_from(roster.parse::<Element>().unwrap()).unwrap())
    }

    /// XEP-0184 §5.1, Example 1: a message asking for a receipt.
    const ASKING: &str = "<message xmlns='jabber:client' from='northumberland@shakespeare.lit/westminster' \
        id='richard2-4.1.247' to='kingrichard@royalty.england.lit/throne'>\
        <body>My lord, dispatch; read o'er these articles.</body>\
        <request xmlns='urn:xmpp:receipts'/></message>";

    fn asking() -> Message {
        Message::try_from(ASKING.parse::<Element>().unwrap()).unwrap()
    }

    fn own() -> BareJid {
        "kingrichard@royalty.england.lit".parse().unwrap()
    }

    #[test]
    fn a_contact_who_sees_the_users_presence_gets_the_xeps_receipt() {
        let contacts = readers(
            "<query xmlns='jabber:iq:roster'><item jid='northumberland@shakespeare.lit' subscription='both'/></query>",
        );
        let receipt = receipt_for(&asking(), &own(), &contacts).expect("a receipt");
        // XEP-0184 §5.1, Example 2: to the sender's full JID, naming the message's id.
        assert_eq!(
            receipt.to.unwrap().to_string(),
            "northumberland@shakespeare.lit/westminster"
        );
        let received = receipt
            .payloads
            .iter()
            .find_map(|p| Received::try_from(p.clone()).ok())
            .unwrap();
        assert_eq!(received.id, "richard2-4.1.247");
    }

    #[test]
    fn no_receipt_to_strangers_nor_for_messages_that_do_not_ask() {
        let stranger = readers(
            "<query xmlns='jabber:iq:roster'><item jid='northumberland@shakespeare.lit' subscription='to'/></query>",
        );
        assert!(
            receipt_for(&asking(), &own(), &stranger).is_none(),
            "a receipt would tell a stranger that the user is online"
        );
        let contacts = readers(
            "<query xmlns='jabber:iq:roster'><item jid='northumberland@shakespeare.lit' subscription='from'/></query>",
        );
        let mut not_asking = asking();
        not_asking.payloads.clear();
        assert!(receipt_for(&not_asking, &own(), &contacts).is_none());
        let mut in_a_room = asking();
        in_a_room.type_ = MessageType::Groupchat;
        assert!(receipt_for(&in_a_room, &own(), &contacts).is_none());
    }

    #[test]
    fn a_roster_push_that_ends_the_subscription_ends_the_receipts() {
        let mut contacts = readers(
            "<query xmlns='jabber:iq:roster'><item jid='northumberland@shakespeare.lit' subscription='both'/></query>",
        );
        contacts.update(
            &Roster::try_from(
                "<query xmlns='jabber:iq:roster'><item jid='northumberland@shakespeare.lit' subscription='remove'/></query>"
                    .parse::<Element>()
                    .unwrap(),
            )
            .unwrap(),
        );
        assert!(receipt_for(&asking(), &own(), &contacts).is_none());
    }
}
