//! A conversation of the user's inbox as pages see it: `GET inbox` lists them, and a
//! `chatapi.inbox` event carries one that changed (see `projections::inbox`).

use serde::{Deserialize, Serialize};
use tokio_xmpp::jid::{BareJid, Jid};

/// The ids a message goes by: its own `id`, its sender's `origin-id`, its archive's
/// `stanza-id`. A later message names it by one of them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "schema", schema(as = MessageIds))]
pub struct Ids {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(rename = "originId", default, skip_serializing_if = "Option::is_none")]
    pub origin_id: Option<String>,
    #[serde(rename = "stanzaId", default, skip_serializing_if = "Option::is_none")]
    pub stanza_id: Option<String>,
}

impl Ids {
    /// Each id it has.
    pub(crate) fn each(&self) -> impl Iterator<Item = &str> {
        [&self.id, &self.origin_id, &self.stanza_id]
            .into_iter()
            .flatten()
            .map(String::as_str)
    }

    pub(crate) fn named(&self, name: &str) -> bool {
        self.each().any(|id| id == name)
    }

    pub(crate) fn same_message(&self, other: &Ids) -> bool {
        other.each().any(|id| self.named(id))
    }
}

/// The last message of a conversation, as it now stands.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "schema", schema(as = InboxLastMessage))]
pub struct Last {
    /// Who sent it (in a room, `room@service/nick`).
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub from: Option<Jid>,
    /// In a room: the id the room gives its author (XEP-0421), where it stamps one.
    #[serde(
        rename = "occupantId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub occupant_id: Option<String>,
    /// Whether the user sent it.
    pub mine: bool,
    /// Its text (after corrections); empty once withdrawn.
    pub body: String,
    #[serde(flatten)]
    pub ids: Ids,
    /// When it was sent or seen, in milliseconds since the epoch.
    pub at: i64,
    /// When its text was last corrected (XEP-0308), in milliseconds since the epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edited: Option<i64>,
    /// Withdrawn by its sender (XEP-0424): a tombstone.
    #[serde(default)]
    pub retracted: bool,
    /// The user's message, read by the contact (XEP-0333).
    #[serde(default)]
    pub displayed: bool,
}

/// Which room messages notify the user when no page is open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Notify {
    /// Every message with text.
    All,
    /// Messages that name the user's nickname (the default).
    #[default]
    Mentions,
}

/// One conversation: with whom, the last message, how many of the others' messages are
/// unread, and what the user chose for it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "schema", schema(as = InboxConversation))]
pub struct Conversation {
    /// The contact or the room.
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub with: BareJid,
    /// Whether it is a room (group chat).
    pub room: bool,
    /// The contact's name in the roster, or the room's bookmark name (not in events).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The latest activity, in milliseconds since the epoch.
    pub at: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last: Option<Last>,
    /// How many messages of others came after the user's read position.
    pub unread: usize,
    pub muted: bool,
    /// Hidden by the user until something new happens in it.
    pub hidden: bool,
    /// In a room: which messages notify when no page is open.
    pub notify: Notify,
}
