//! Events: what reaches a user's browser tabs over SSE. Every inbound stanza of the user's
//! XMPP session becomes typed events ([`Payload`], built by [`inbound`]); each gets a
//! per-user monotonic id, and the [`log`] keeps them (with a TTL) so a stream can resume
//! where it broke. Events stay typed (JIDs as `Jid`) until they are written out: as an
//! SSE event (`name()` and `data_json()`), a log item or a line of the keeper's stream.

pub mod conversation;
pub mod inbound;
pub mod log;
mod text;

use jid::{BareJid, Jid};
use serde::{Deserialize, Serialize};
use tokio_xmpp::parsers::muc::user::{Affiliation, Role};
use tokio_xmpp::parsers::roster::Subscription;
use tokio_xmpp::parsers::stanza_error::ErrorType;

pub use crate::protocol::actions::Reply;
use crate::protocol::errors::Condition;

/// SSE event names. The `chatapi.*` names and shapes are SparkWeb's
/// (upstream's OpenAPI document, `tests/reference/sparkweb-api.json`, the SSE route); the
/// rest add what a client needs.
pub mod names {
    pub const CHAT: &str = "chatapi.chat";
    pub const PRESENCE: &str = "chatapi.presence";
    pub const MUC: &str = "chatapi.muc";
    pub const XMPP: &str = "chatapi.xmpp";
    pub const RECEIPT: &str = "chatapi.receipt";
    /// A one-to-one message carrying JSON and no text `{type: 'notify', to, from, data}`.
    pub const NOTIFY: &str = "chatapi.notify";
    /// A presence subscription request or answer `{type, from, to}` (also a chatapi.presence).
    pub const SUBSCRIPTION: &str = "chatapi.subscription";
    pub const ROSTER: &str = "chatapi.roster";
    pub const ERROR: &str = "chatapi.error";
    pub const SESSION: &str = "chatapi.session";
    /// A gap in the log the server's archive could not fill `{reason}`.
    pub const GAP: &str = "chatapi.gap";
    /// A message withdrawn by its sender (XEP-0424) `{type, from, to, id}`.
    pub const RETRACTION: &str = "chatapi.retraction";
    /// Someone's reactions to a message, all of them (XEP-0444) `{type, from, to, id, reactions}`.
    pub const REACTIONS: &str = "chatapi.reactions";
    /// Someone displayed (read) a message and those before it (XEP-0333) `{type, from, to, id}`.
    pub const DISPLAYED: &str = "chatapi.displayed";
    /// A conversation of the inbox changed (a message, a correction, a read position):
    /// the conversation as `GET inbox` lists it, without its name.
    pub const INBOX: &str = "chatapi.inbox";
    /// The first event of every SSE stream `{username, name, email}`.
    pub const CONNECT: &str = "onConnect";
}

/// One event with its id, as logged and as sent from the keeper to the functions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub id: u64,
    pub payload: Payload,
}

/// What happened, one variant per kind of event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "data", rename_all = "snake_case")]
pub enum Payload {
    /// A one-to-one message with a body: `chatapi.chat {type, body, to, from}`.
    Chat(ChatMessage),
    /// A room message: `chatapi.muc {type: 'groupchat', body, to, from}`.
    RoomMessage(ChatMessage),
    /// An invitation to a room: `chatapi.muc {type: 'invitationReceived', …}`.
    Invitation(Invitation),
    /// A chat state notification (XEP-0085): `chatapi.chat {type, from, to, state}` (no
    /// body), as upstream sends it.
    ChatState(ChatStateChange),
    /// A delivery receipt (XEP-0184): `chatapi.receipt {from, to, id}`.
    Receipt(Receipt),
    /// A presence: `chatapi.presence {type: 'presence', to, from, status, show, presence}`
    /// (and `muc` in rooms).
    Presence(PresenceChange),
    /// A subscription request or answer from a contact: `chatapi.subscription {type, from, to}`.
    Subscription(SubscriptionChange),
    /// A roster push, one per item: `chatapi.roster {jid, name, subscription, ask, groups}`.
    Roster(RosterChange),
    /// An error stanza: `chatapi.error {from, to, kind, condition, text}`.
    Error(ErrorNotice),
    /// The state of the user's XMPP session: `chatapi.session {state, reason | resumed}`.
    Session(SessionChange),
    /// Any other stanza, raw: `chatapi.xmpp {xmpp: <base64 of the stanza's XML>}`.
    Raw(RawStanza),
    /// Messages may be missing from the log here (the server's archive could not fill a
    /// gap): `chatapi.gap {reason}`.
    Gap(GapNotice),
    /// A sender withdrew a message: `chatapi.retraction {type, from, to, id}`.
    Retraction(Reference),
    /// `from` displayed (read) the message `id` and those before it (XEP-0333):
    /// `chatapi.displayed {type, from, to, id}`.
    Displayed(Reference),
    /// Someone's reactions to a message: `chatapi.reactions {type, from, to, id, reactions}`.
    Reactions(ReactionsChange),
    /// A conversation of the inbox as it now stands: `chatapi.inbox {with, room, at, last,
    /// unread, muted, hidden, notify}`.
    Inbox(Box<conversation::Conversation>),
}

impl Payload {
    /// The SSE event name.
    pub fn name(&self) -> &'static str {
        match self {
            Payload::Chat(message) if message.is_notification() => names::NOTIFY,
            Payload::Chat(_) => names::CHAT,
            Payload::RoomMessage(_) | Payload::Invitation(_) => names::MUC,
            Payload::ChatState(_) => names::CHAT,
            Payload::Subscription(_) => names::SUBSCRIPTION,
            Payload::Receipt(_) => names::RECEIPT,
            Payload::Presence(_) => names::PRESENCE,
            Payload::Roster(_) => names::ROSTER,
            Payload::Error(_) => names::ERROR,
            Payload::Session(_) => names::SESSION,
            Payload::Raw(_) => names::XMPP,
            Payload::Gap(_) => names::GAP,
            Payload::Retraction(_) => names::RETRACTION,
            Payload::Displayed(_) => names::DISPLAYED,
            Payload::Reactions(_) => names::REACTIONS,
            Payload::Inbox(_) => names::INBOX,
        }
    }

    /// The SSE `data:` JSON: the payload's fields.
    pub fn data_json(&self) -> String {
        let json = match self {
            Payload::Chat(p) if p.is_notification() => serde_json::to_string(&Notify::of(p)),
            Payload::Chat(p) | Payload::RoomMessage(p) => serde_json::to_string(p),
            Payload::Invitation(p) => serde_json::to_string(p),
            Payload::ChatState(p) => serde_json::to_string(p),
            Payload::Receipt(p) => serde_json::to_string(p),
            Payload::Presence(p) => serde_json::to_string(p),
            Payload::Subscription(p) => serde_json::to_string(p),
            Payload::Roster(p) => serde_json::to_string(p),
            Payload::Error(p) => serde_json::to_string(p),
            Payload::Session(p) => serde_json::to_string(p),
            Payload::Raw(p) => serde_json::to_string(p),
            Payload::Gap(p) => serde_json::to_string(p),
            Payload::Retraction(p) | Payload::Displayed(p) => serde_json::to_string(p),
            Payload::Reactions(p) => serde_json::to_string(p),
            Payload::Inbox(p) => serde_json::to_string(p),
        };
        json.unwrap_or_default()
    }
}

/// The `type` of a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum MessageKind {
    Chat,
    Groupchat,
    Normal,
    Headline,
}

/// A copy of a message of the user's other device (XEP-0280 carbons): one it sent, or one
/// it received.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Carbon {
    Sent,
    Received,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct ChatMessage {
    #[serde(rename = "type")]
    pub kind: MessageKind,
    pub body: String,
    #[serde(with = "text::or_empty")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub to: Option<Jid>,
    #[serde(with = "text::or_empty")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub from: Option<Jid>,
    /// The id its archive gave it (XEP-0359 `stanza-id`): stable across live delivery and
    /// history, what a client deduplicates on.
    #[serde(rename = "stanzaId", default, skip_serializing_if = "Option::is_none")]
    pub stanza_id: Option<String>,
    /// The sender's id of it (XEP-0359 `origin-id`).
    #[serde(rename = "originId", default, skip_serializing_if = "Option::is_none")]
    pub origin_id: Option<String>,
    /// In a room: the id the room gives its author (XEP-0421), the same whatever their
    /// nickname. Where a message has one, only a correction or withdrawal with the same
    /// applies to it: another account that took the nickname cannot.
    #[serde(
        rename = "occupantId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub occupant_id: Option<String>,
    /// The message's own `id`: what a correction of it names (`replaces`), and between two
    /// users what reactions and replies name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// For a correction (XEP-0308): the `id` of the message whose text this replaces; it
    /// applies only where that message has the same sender.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaces: Option<String>,
    /// For a reply (XEP-0461): the message it answers.
    #[serde(rename = "replyTo", default, skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<Reply>,
    /// When it was first sent, for a message delivered late (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay: Option<String>,
    /// JSON the message carries (XEP-0335), as upstream's `data`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<serde_json::Value>))]
    pub data: Option<serde_json::Value>,
    /// Set on a copy of what another device of the user sent or received.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carbon: Option<Carbon>,
}

impl ChatMessage {
    /// A message of `kind` with `body` between `from` and `to`, and nothing else (no ids,
    /// actions, stamps or data: each is added where known).
    pub fn new(kind: MessageKind, from: Option<Jid>, to: Option<Jid>, body: String) -> Self {
        Self {
            kind,
            body,
            to,
            from,
            stanza_id: None,
            origin_id: None,
            occupant_id: None,
            id: None,
            replaces: None,
            reply_to: None,
            delay: None,
            data: None,
            carbon: None,
        }
    }

    /// Whether it is upstream's `chatapi.notify`: JSON for the app, no text.
    pub fn is_notification(&self) -> bool {
        self.body.is_empty() && self.data.is_some()
    }
}

/// `chatapi.notify`'s data, as upstream sends it (the ids ride along for deduplication).
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "schema", schema(as = NotifyEvent))]
pub struct Notify<'m> {
    /// Always `notify`.
    #[serde(rename = "type")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    kind: &'static str,
    #[serde(with = "text::or_empty")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    to: Option<Jid>,
    #[serde(with = "text::or_empty")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    from: Option<Jid>,
    #[cfg_attr(feature = "schema", schema(value_type = serde_json::Value))]
    data: &'m Option<serde_json::Value>,
    #[serde(rename = "stanzaId", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    stanza_id: &'m Option<String>,
    #[serde(rename = "originId", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    origin_id: &'m Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    carbon: Option<Carbon>,
}

impl<'m> Notify<'m> {
    fn of(message: &'m ChatMessage) -> Self {
        Self {
            kind: "notify",
            to: message.to.clone(),
            from: message.from.clone(),
            data: &message.data,
            stanza_id: &message.stanza_id,
            origin_id: &message.origin_id,
            carbon: message.carbon,
        }
    }
}

/// A message naming an earlier one (withdrawn by its sender, or displayed up to it): `id`
/// names it as the XEP says (between two users its own id — a retraction's its origin-id —,
/// in a room the room's stanza-id).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Reference {
    #[serde(rename = "type")]
    pub kind: MessageKind,
    #[serde(with = "text::or_empty")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub from: Option<Jid>,
    #[serde(with = "text::or_empty")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub to: Option<Jid>,
    pub id: String,
    /// In a room: the id the room gives its author (XEP-0421), as on [`ChatMessage`].
    #[serde(
        rename = "occupantId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub occupant_id: Option<String>,
    /// Set on a copy of what another device of the user sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carbon: Option<Carbon>,
}

/// All of `from`'s reactions to the message `id` (empty: withdrawn).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct ReactionsChange {
    #[serde(rename = "type")]
    pub kind: MessageKind,
    #[serde(with = "text::or_empty")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub from: Option<Jid>,
    #[serde(with = "text::or_empty")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub to: Option<Jid>,
    pub id: String,
    pub reactions: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carbon: Option<Carbon>,
}

/// The only `type` of an invitation event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub enum InvitationKind {
    #[serde(rename = "invitationReceived")]
    Received,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Invitation {
    #[serde(rename = "type")]
    pub kind: InvitationKind,
    /// The room.
    #[serde(with = "text::or_empty")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub room: Option<Jid>,
    #[serde(with = "text::or_empty")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub inviter: Option<Jid>,
    pub password: String,
    pub reason: String,
    /// Upstream's field; no invitation this gateway reads carries one.
    pub url: String,
    #[serde(with = "text::or_empty")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub to: Option<Jid>,
    #[serde(with = "text::or_empty")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub from: Option<Jid>,
}

/// A chat state (XEP-0085), by its element name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum ChatStateName {
    Active,
    Composing,
    Paused,
    Inactive,
    Gone,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct ChatStateChange {
    /// The message's type (upstream's field).
    #[serde(rename = "type")]
    pub kind: MessageKind,
    #[serde(with = "text::or_empty")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub from: Option<Jid>,
    #[serde(with = "text::or_empty")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub to: Option<Jid>,
    pub state: ChatStateName,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Receipt {
    #[serde(with = "text::or_empty")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub from: Option<Jid>,
    #[serde(with = "text::or_empty")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub to: Option<Jid>,
    /// The id of the message received.
    pub id: String,
}

/// A presence's `type`: `available` for a presence without one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum PresenceKind {
    Available,
    Unavailable,
    Subscribe,
    Subscribed,
    Unsubscribe,
    Unsubscribed,
    Probe,
}

/// A presence's `show`, as upstream's Smack mode names it (`available` for plain availability).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Show {
    #[default]
    #[serde(rename = "available", alias = "")]
    Online,
    Away,
    Chat,
    Dnd,
    Xa,
}

impl Show {
    /// The wire text, as in events (`available` for plain availability, Smack's mode).
    pub fn as_str(self) -> &'static str {
        match self {
            Show::Online => "available",
            Show::Away => "away",
            Show::Chat => "chat",
            Show::Dnd => "dnd",
            Show::Xa => "xa",
        }
    }
}

/// The `type` upstream gives every presence event.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub enum PresenceLabel {
    #[default]
    #[serde(rename = "presence")]
    Presence,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct PresenceChange {
    #[serde(rename = "type", default)]
    pub label: PresenceLabel,
    /// Availability or subscription: what the presence's own `type` says (`available` for
    /// one without).
    #[serde(rename = "presence")]
    pub kind: PresenceKind,
    #[serde(with = "text::or_empty")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub to: Option<Jid>,
    #[serde(with = "text::or_empty")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub from: Option<Jid>,
    pub status: String,
    pub show: Show,
    /// In a room: the occupant's role and affiliation (and real JID where the room shows it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub muc: Option<Occupancy>,
}

/// A subscription request or answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum SubscriptionKind {
    /// The contact asks to see the user's presence.
    Subscribe,
    /// The contact approved the user's request.
    Subscribed,
    /// The contact no longer wants the user's presence.
    Unsubscribe,
    /// The contact denied or cancelled the user's subscription.
    Unsubscribed,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct SubscriptionChange {
    #[serde(rename = "type")]
    pub kind: SubscriptionKind,
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub from: BareJid,
    #[serde(with = "text::or_empty")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub to: Option<Jid>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Occupancy {
    #[serde(with = "text::xml_text")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub role: Role,
    #[serde(with = "text::xml_text")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub affiliation: Affiliation,
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub jid: Option<BareJid>,
}

impl Occupancy {
    /// Whether the occupant may speak in the room (a participant or a moderator).
    pub fn has_voice(&self) -> bool {
        matches!(self.role, Role::Participant | Role::Moderator)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct RosterChange {
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub jid: BareJid,
    pub name: String,
    #[serde(with = "text::xml_text")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub subscription: Subscription,
    /// Whether a subscription request of the user is pending.
    pub ask: bool,
    pub groups: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct ErrorNotice {
    #[serde(with = "text::or_empty")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub from: Option<Jid>,
    #[serde(with = "text::or_empty")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub to: Option<Jid>,
    /// The error's type (`cancel`, `modify`, …); empty when the stanza carried none.
    #[serde(with = "text::or_empty")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub kind: Option<ErrorType>,
    #[serde(with = "text::or_empty")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub condition: Option<Condition>,
    pub text: String,
}

/// The user's XMPP session as the keeper holds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum SessionState {
    Online,
    Reconnecting,
    Ended,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct SessionChange {
    pub state: SessionState,
    /// Why it is reconnecting or ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Back online: whether the stream was resumed (nothing missed) or is a new one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resumed: Option<bool>,
}

impl SessionChange {
    pub fn online(resumed: bool) -> Payload {
        Payload::Session(Self {
            state: SessionState::Online,
            reason: None,
            resumed: Some(resumed),
        })
    }

    pub fn reconnecting(reason: &str) -> Payload {
        Payload::Session(Self {
            state: SessionState::Reconnecting,
            reason: Some(reason.to_string()),
            resumed: None,
        })
    }

    pub fn ended(reason: &str) -> Payload {
        Payload::Session(Self {
            state: SessionState::Ended,
            reason: Some(reason.to_string()),
            resumed: None,
        })
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct GapNotice {
    /// What is missing and why.
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct RawStanza {
    /// Base64 of the stanza's XML.
    pub xmpp: String,
}
