//! The stream's events described for the OpenAPI document (`StreamEvents`): each event's
//! name and the shape of its `data:` JSON, so clients can type them (the web SDK's
//! TypeScript types are generated from it). Described, never built: the events themselves
//! are written by `Payload::data_json`.

use serde::Serialize;
use utoipa::ToSchema;
use xwg_core::events::conversation::Conversation;
use xwg_core::events::{
    ChatMessage, ChatStateChange, ErrorNotice, GapNotice, Invitation, Notify, PresenceChange,
    RawStanza, ReactionsChange, Receipt, Reference, RosterChange, SessionChange,
    SubscriptionChange,
};

/// The first event of every stream: who the stream is for.
#[derive(Serialize, ToSchema)]
#[schema(as = ConnectEvent)]
pub struct Connect<'a> {
    pub username: &'a str,
    pub name: &'a str,
    pub email: &'a str,
}

/// `chatapi.chat`: a message with text, or a chat state (typing) without one.
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
#[expect(
    dead_code,
    clippy::large_enum_variant,
    reason = "a schema only, never built"
)]
enum ChatEvent {
    Message(ChatMessage),
    State(ChatStateChange),
}

/// `chatapi.muc`: a room message, or an invitation to a room.
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
#[expect(dead_code, reason = "a schema only")]
enum RoomEvent {
    Message(ChatMessage),
    Invitation(Invitation),
}

/// Every event of the stream by its name (the SSE `event:`), with its `data:`; each also
/// has an `id:` to resume after.
#[derive(Serialize, ToSchema)]
pub struct StreamEvents<'a> {
    #[serde(rename = "onConnect")]
    connect: Connect<'a>,
    #[serde(rename = "chatapi.chat")]
    chat: ChatEvent,
    #[serde(rename = "chatapi.muc")]
    muc: RoomEvent,
    #[serde(rename = "chatapi.notify")]
    notify: Notify<'a>,
    #[serde(rename = "chatapi.presence")]
    presence: PresenceChange,
    #[serde(rename = "chatapi.subscription")]
    subscription: SubscriptionChange,
    #[serde(rename = "chatapi.roster")]
    roster: RosterChange,
    #[serde(rename = "chatapi.receipt")]
    receipt: Receipt,
    #[serde(rename = "chatapi.error")]
    error: ErrorNotice,
    #[serde(rename = "chatapi.session")]
    session: SessionChange,
    #[serde(rename = "chatapi.gap")]
    gap: GapNotice,
    #[serde(rename = "chatapi.retraction")]
    retraction: Reference,
    #[serde(rename = "chatapi.displayed")]
    displayed: Reference,
    #[serde(rename = "chatapi.reactions")]
    reactions: ReactionsChange,
    #[serde(rename = "chatapi.inbox")]
    inbox: Conversation,
    #[serde(rename = "chatapi.xmpp")]
    xmpp: RawStanza,
}
