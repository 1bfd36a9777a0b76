//! One-to-one chat on the user's session: messages (each with a stable id, XEP-0359
//! `origin-id`, so that a retry is recognised, and a delivery receipt request) and chat
//! states (XEP-0085).

use tokio_xmpp::Stanza;
use tokio_xmpp::jid::Jid;
use tokio_xmpp::parsers::chatstates::ChatState;
use tokio_xmpp::parsers::message::{Id, Lang, Message, MessageType};
use tokio_xmpp::parsers::receipts::Request;
use tokio_xmpp::parsers::stanza_id::OriginId;

use super::On;
use crate::events::ChatStateName;
use crate::keeper::{Delivery, KeeperError};
use crate::protocol::actions::{self, Action, Reply};

/// What a chat message carries: its text and, optionally, JSON for the receiving app
/// (XEP-0335; upstream's `data`), the message it answers (XEP-0461), or what it does to an
/// earlier one (a correction, retraction or reactions: [`actions`]).
#[derive(Debug, Default)]
pub struct Outgoing {
    pub body: String,
    pub data: Option<serde_json::Value>,
    pub reply: Option<Reply>,
    pub action: Option<Action>,
}

impl Outgoing {
    pub fn text(body: String) -> Self {
        Self {
            body,
            ..Self::default()
        }
    }

    /// The message, of `kind`, to `to`, with the id `id` (its origin-id, and its own).
    pub fn message(&self, kind: MessageType, to: Jid, id: &str) -> Message {
        let mut message =
            Message::new_with_type(kind, Some(to)).with_payload(OriginId { id: id.to_string() });
        message.id = Some(Id(id.to_string()));
        if !self.body.is_empty() {
            message = message.with_body(Lang::new(), self.body.clone());
        }
        if let Some(data) = &self.data {
            message
                .payloads
                .push(crate::protocol::json::container(data));
        }
        if let Some(reply) = &self.reply {
            actions::add_reply(&mut message, reply);
        }
        // A text between two users asks to be told when it is read (XEP-0333).
        if message.type_ == MessageType::Chat && !self.body.is_empty() && self.action.is_none() {
            actions::add_markable(&mut message);
        }
        if let Some(action) = &self.action {
            actions::add_action(&mut message, action);
        }
        message
    }
}

impl On<'_> {
    /// Sends a chat message with the id `id` (its origin-id, and the message's own).
    pub async fn chat_send(
        &self,
        to: Jid,
        content: &Outgoing,
        id: &str,
    ) -> Result<Delivery, KeeperError> {
        // A receipt request (XEP-0184): a client that supports it says when it got the
        // message, as `chatapi.receipt` with the message's id.
        let message = content
            .message(MessageType::Chat, to, id)
            .with_payload(Request);
        self.keeper.send(self.user, Stanza::Message(message)).await
    }

    /// Sends a chat state notification.
    pub async fn chat_state(&self, to: Jid, state: ChatStateName) -> Result<(), KeeperError> {
        let state = match state {
            ChatStateName::Active => ChatState::Active,
            ChatStateName::Composing => ChatState::Composing,
            ChatStateName::Paused => ChatState::Paused,
            ChatStateName::Inactive => ChatState::Inactive,
            ChatStateName::Gone => ChatState::Gone,
        };
        let message = Message::chat(Some(to)).with_payload(state);
        self.keeper
            .send(self.user, Stanza::Message(message))
            .await
            .map(drop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keeper::fake::{Call, FakeKeeper};

    #[tokio::test]
    async fn a_message_carries_its_id_as_origin_id_and_asks_for_a_receipt() {
        // XEP-0359 §4, Example 2 (origin-id); XEP-0184 §5.1, Example 1 (request).
        let keeper = FakeKeeper::new();
        let content = Outgoing {
            body: "Art thou not Romeo?".into(),
            data: Some(serde_json::json!({"n": 1})),
            ..Outgoing::default()
        };
        let delivery = On::new(&keeper, "juliet")
            .chat_send("romeo@montague.lit".parse().unwrap(), &content, "de305d54")
            .await
            .unwrap();
        assert_eq!(delivery, Delivery::Acked);
        let Call::Send { stanza, .. } = &keeper.calls()[0] else {
            panic!("a message")
        };
        assert_eq!(stanza.attr("type"), Some("chat"));
        assert_eq!(stanza.attr("id"), Some("de305d54"));
        assert_eq!(
            stanza
                .get_child("origin-id", "urn:xmpp:sid:0")
                .unwrap()
                .attr("id"),
            Some("de305d54")
        );
        assert!(stanza.has_child("request", "urn:xmpp:receipts"));
        assert_eq!(
            stanza.get_child("body", "jabber:client").unwrap().text(),
            "Art thou not Romeo?"
        );
        assert!(
            stanza.has_child("json", "urn:xmpp:json:0"),
            "data travels as XEP-0335"
        );
    }

    #[tokio::test]
    async fn a_chat_state_is_a_bodiless_chat_message() {
        // XEP-0085 §5.1, Example 4.
        let keeper = FakeKeeper::new();
        On::new(&keeper, "juliet")
            .chat_state(
                "romeo@montague.lit".parse().unwrap(),
                ChatStateName::Composing,
            )
            .await
            .unwrap();
        let Call::Send { stanza, .. } = &keeper.calls()[0] else {
            panic!("a message")
        };
        assert!(stanza.has_child("composing", "http://jabber.org/protocol/chatstates"));
        assert!(!stanza.has_child("body", "jabber:client"));
    }
}
