//! Events: what reaches a user's browser tabs over SSE. Every inbound stanza of the user's
//! XMPP session becomes one typed event (SparkWeb's names, see [`names`]) with a per-user
//! monotonic id; the [`log`] keeps them (with a TTL) so a stream can resume where it broke.

pub mod log;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Event names. The `chatapi.*` names and shapes are SparkWeb's
/// (`../shared/reference/sparkweb-api.json`, the SSE route); the rest add what a client needs.
pub mod names {
    /// One-to-one chat message `{type:'chat', body, to, from}`.
    pub const CHAT: &str = "chatapi.chat";
    /// Presence broadcast `{type, to, from, status, show}`.
    pub const PRESENCE: &str = "chatapi.presence";
    /// Group chat message `{type:'groupchat', …}` or invitation `{type:'invitationReceived', …}`.
    pub const MUC: &str = "chatapi.muc";
    /// Any other stanza, raw: `{xmpp: <base64 of the stanza's XML>}`.
    pub const XMPP: &str = "chatapi.xmpp";
    /// A chat state notification (XEP-0085) `{from, to, state}`.
    pub const CHAT_STATE: &str = "chatapi.chatstate";
    /// A delivery receipt (XEP-0184) `{from, to, id}`.
    pub const RECEIPT: &str = "chatapi.receipt";
    /// A roster push `{jid, name, subscription, ask, groups}`.
    pub const ROSTER: &str = "chatapi.roster";
    /// An error stanza `{from, to, kind, condition, text}`.
    pub const ERROR: &str = "chatapi.error";
    /// The state of the user's XMPP session `{state, reason}`: online, reconnecting, ended.
    pub const SESSION: &str = "chatapi.session";
    /// The first event of every SSE stream `{username, name}`.
    pub const CONNECT: &str = "onConnect";
}

/// One event as stored and as streamed (`id:`, `event:`, `data:`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub id: u64,
    pub name: String,
    pub data: Value,
}

/// An event before the log has given it an id.
#[derive(Clone, Debug, PartialEq)]
pub struct NewEvent {
    pub name: &'static str,
    pub data: Value,
}
