//! One-to-one chat on the user's session: messages (each with a stable id, XEP-0359
//! `origin-id`, so that a retry is recognised, and a delivery receipt request) and chat
//! states (XEP-0085).

use serde::Deserialize;
use tokio_xmpp::Stanza;
use tokio_xmpp::jid::Jid;
use tokio_xmpp::parsers::chatstates::ChatState;
use tokio_xmpp::parsers::message::{Id, Lang, Message};
use tokio_xmpp::parsers::receipts::Request;
use tokio_xmpp::parsers::stanza_id::OriginId;

use super::On;
use crate::events::ChatStateName;
use crate::keeper::{Delivery, KeeperError};

/// What a chat message carries: its text and, optionally, JSON for the receiving app
/// (XEP-0335; upstream's `data`).
#[derive(Debug, Default, Deserialize)]
pub struct Outgoing {
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub data: Option<serde_json::Value>,
}

impl Outgoing {
    pub fn text(body: String) -> Self {
        Self { body, data: None }
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
        let mut message = Message::chat(Some(to))
            .with_payload(OriginId { id: id.to_string() })
            .with_payload(Request);
        message.id = Some(Id(id.to_string()));
        if !content.body.is_empty() {
            message = message.with_body(Lang::new(), content.body.clone());
        }
        if let Some(data) = &content.data {
            message
                .payloads
                .push(crate::protocol::json::container(data));
        }
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
