//! The wire entities several routes share: SparkWeb's and Openfire's JSON shapes (with
//! their OpenAPI schemas), and the mapping of their encodings (Openfire's subscription
//! codes, archive filters from query strings). Route-specific shapes live with their route.

use serde::{Deserialize, Serialize};
use tokio_xmpp::parsers::date::DateTime;
use tokio_xmpp::parsers::roster::Subscription;
use utoipa::ToSchema;
use xwg_core::identity::Username;

use crate::ApiError;
use crate::directory::profiles::Profile;
use jid::{BareJid, Jid};
use tokio_xmpp::parsers::message::MessageType;
use xwg_core::protocol::actions::{Action, MAX_REACTION_CHARS, MAX_REACTIONS, reaction_ok};
use xwg_core::xmpp::chat::Outgoing;

use crate::routes::openapi::{Schemas, schema_of};
use crate::routes::request::{STANZA_BODY, check_json_text};
use crate::routes::{FromBody, RequestInfo, Text};
use bytes::Bytes;
use utoipa::PartialSchema;
use utoipa::openapi::request_body::{RequestBody, RequestBodyBuilder};
use utoipa::openapi::{Content, Required};
use xwg_core::xmpp::archive::{Archived, Filter, MAX_PAGE, Page};
use xwg_core::xmpp::roster::Contact;

pub use crate::sign_in::TokenEntity;

/// SparkWeb's (and Openfire's REST API's) `UserEntity`.
#[derive(Serialize, ToSchema)]
pub struct UserEntity {
    pub username: String,
    pub name: String,
    pub email: String,
}

impl UserEntity {
    pub fn new(username: String, profile: Profile) -> Self {
        Self {
            username,
            name: profile.name,
            email: profile.email,
        }
    }
}

/// SparkWeb's `UserEntities`.
#[derive(Serialize, ToSchema)]
pub struct UserEntities {
    pub users: Vec<UserEntity>,
}

/// SparkWeb's and Openfire's `RosterItemEntity` (`show`/`status` only where presence is known).
#[derive(Serialize, Deserialize, Default, ToSchema)]
pub struct RosterItemEntity {
    #[serde(default)]
    pub jid: Option<String>,
    #[serde(default)]
    pub nickname: Option<String>,
    /// Openfire's codes: -1 remove, 0 none, 1 to, 2 from, 3 both.
    #[serde(rename = "subscriptionType", default)]
    pub subscription_type: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default)]
    pub groups: Option<Vec<String>>,
}

impl From<Contact> for RosterItemEntity {
    fn from(contact: Contact) -> Self {
        Self {
            jid: Some(contact.jid.to_string()),
            nickname: contact.name,
            subscription_type: Some(subscription_code(&contact.subscription)),
            show: None,
            status: None,
            groups: Some(contact.groups),
        }
    }
}

/// SparkWeb's `JID` entity.
#[derive(Serialize, ToSchema)]
pub struct JidEntity {
    node: String,
    domain: String,
    resource: String,
}

impl From<&Jid> for JidEntity {
    fn from(jid: &Jid) -> Self {
        Self {
            node: jid.node().map(|n| n.to_string()).unwrap_or_default(),
            domain: jid.domain().to_string(),
            resource: jid.resource().map(|r| r.to_string()).unwrap_or_default(),
        }
    }
}

/// How an archived message stands (beyond upstream's fields): its own ids, what later
/// messages did to it (folded in: see `xwg_core::xmpp::folding`), the message it answers,
/// and, for one whose action did not apply (or in a raw read), that action.
#[derive(Default, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Standing {
    /// Its own `id`: what a correction of it names, and between two users what reactions
    /// and replies name.
    #[serde(skip_serializing_if = "Option::is_none")]
    message_id: Option<String>,
    /// Its XEP-0359 origin-id (what a retraction between two users names).
    #[serde(skip_serializing_if = "Option::is_none")]
    origin_id: Option<String>,
    /// In a room: the id the room gives its author (XEP-0421), whatever their nickname.
    #[serde(skip_serializing_if = "Option::is_none")]
    occupant_id: Option<String>,
    /// When its text was last corrected (RFC 3339); the text shown is the corrected one.
    #[serde(skip_serializing_if = "Option::is_none")]
    edited: Option<String>,
    /// When its sender withdrew it (RFC 3339): a tombstone, its text gone.
    #[serde(skip_serializing_if = "Option::is_none")]
    retracted: Option<String>,
    /// The reactions to it, each with who reacted.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    reactions: Vec<ReactionEntity>,
    /// The message it answers (XEP-0461).
    #[serde(skip_serializing_if = "Option::is_none")]
    reply_to: Option<ReplyEntity>,
    /// Who said they displayed (read) it, and so every message before it (XEP-0333).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    displayed_by: Vec<String>,
    /// What it does to an earlier message, where that was not folded in.
    #[serde(skip_serializing_if = "Option::is_none")]
    action: Option<ActionEntity>,
}

impl Standing {
    pub fn of(message: &Archived) -> Self {
        let stamp = |d: &Option<DateTime>| d.as_ref().map(|d| d.0.to_rfc3339());
        Self {
            message_id: message.message_id.clone(),
            origin_id: message.origin_id.clone(),
            occupant_id: message.occupant_id.clone(),
            edited: stamp(&message.edited),
            retracted: stamp(&message.retracted),
            reactions: message
                .reactions
                .iter()
                .map(|(reaction, who)| ReactionEntity {
                    reaction: reaction.clone(),
                    by: who.iter().map(Jid::to_string).collect(),
                })
                .collect(),
            reply_to: message.reply.as_ref().map(|reply| ReplyEntity {
                id: reply.id.clone(),
                to: reply.to.as_ref().map(Jid::to_string),
            }),
            displayed_by: message.displayed_by.iter().map(Jid::to_string).collect(),
            action: message.action.as_ref().map(ActionEntity::of),
        }
    }
}

/// One reaction to a message and who reacted with it.
#[derive(Serialize, ToSchema)]
pub struct ReactionEntity {
    reaction: String,
    by: Vec<String>,
}

/// The message a message answers.
#[derive(Serialize, ToSchema)]
pub struct ReplyEntity {
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    to: Option<String>,
}

/// What a message does to the earlier message `id`: `correction` (its body is the new
/// text), `retraction`, `reactions` (the sender's, all of them) or `displayed` (read up
/// to it).
#[derive(Serialize, ToSchema)]
pub struct ActionEntity {
    kind: &'static str,
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    reactions: Option<Vec<String>>,
}

impl ActionEntity {
    fn of(action: &Action) -> Self {
        let (kind, reactions) = match action {
            Action::Correction { .. } => ("correction", None),
            Action::Retraction { .. } => ("retraction", None),
            Action::Reactions { reactions, .. } => ("reactions", Some(reactions.clone())),
            Action::Displayed { .. } => ("displayed", None),
        };
        Self {
            kind,
            id: action.target().to_string(),
            reactions,
        }
    }
}

/// SparkWeb's `ArchivedMessage` (with the archive's id, to page on, and the message type).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ArchivedMessage {
    #[serde(rename = "conversationID")]
    conversation_id: usize,
    id: String,
    from: String,
    to: String,
    #[serde(rename = "fromJID", skip_serializing_if = "Option::is_none")]
    from_jid: Option<JidEntity>,
    #[serde(rename = "toJID", skip_serializing_if = "Option::is_none")]
    to_jid: Option<JidEntity>,
    body: String,
    /// RFC 3339.
    sent_date: String,
    room_event: bool,
    #[serde(rename = "type")]
    kind: String,
    #[serde(flatten)]
    standing: Standing,
}

impl ArchivedMessage {
    fn new(conversation_id: usize, message: Archived) -> Self {
        let text = |jid: &Option<Jid>| jid.as_ref().map(|j| j.to_string()).unwrap_or_default();
        let standing = Standing::of(&message);
        Self {
            standing,
            conversation_id,
            id: message.id,
            from: text(&message.from),
            to: text(&message.to),
            from_jid: message.from.as_ref().map(JidEntity::from),
            to_jid: message.to.as_ref().map(JidEntity::from),
            body: message.body,
            sent_date: message.sent.map(|d| d.0.to_rfc3339()).unwrap_or_default(),
            room_event: message.kind == MessageType::Groupchat,
            kind: xwg_core::xmpp::text(&message.kind),
        }
    }
}

/// SparkWeb's `Conversation`, with its messages.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Conversation {
    #[serde(rename = "conversationID")]
    conversation_id: usize,
    participants: Vec<JidEntity>,
    /// The participants' JIDs as text.
    participant_list: Vec<String>,
    external: bool,
    /// The room's, for a room's conversation.
    #[serde(skip_serializing_if = "Option::is_none")]
    room: Option<JidEntity>,
    #[serde(skip_serializing_if = "Option::is_none")]
    chat_room: Option<String>,
    start_date: String,
    last_activity: String,
    message_count: usize,
    messages: Vec<ArchivedMessage>,
}

impl Conversation {
    fn new(conversation_id: usize, room: Option<&BareJid>) -> Self {
        Self {
            conversation_id,
            participants: Vec::new(),
            participant_list: Vec::new(),
            external: false,
            room: room.map(|r| JidEntity::from(&Jid::from(r.clone()))),
            chat_room: room.map(|r| r.to_string()),
            start_date: String::new(),
            last_activity: String::new(),
            message_count: 0,
            messages: Vec::new(),
        }
    }

    fn add_participant(&mut self, jid: Jid) {
        let text = jid.to_string();
        if !self.participant_list.contains(&text) {
            self.participants.push(JidEntity::from(&jid));
            self.participant_list.push(text);
        }
    }

    fn add(&mut self, message: Archived) {
        let message = ArchivedMessage::new(self.conversation_id, message);
        if self.start_date.is_empty() {
            self.start_date = message.sent_date.clone();
        }
        self.last_activity = message.sent_date.clone();
        self.message_count += 1;
        self.messages.push(message);
    }
}

/// SparkWeb's `Conversations`, with the page's bounds to page on.
#[derive(Serialize, ToSchema)]
pub struct Conversations {
    conversations: Vec<Conversation>,
    /// The next page starts `after` this (absent on the last page).
    #[serde(skip_serializing_if = "Option::is_none")]
    last: Option<String>,
    /// The page before this one ends `before` this.
    #[serde(skip_serializing_if = "Option::is_none")]
    first: Option<String>,
}

impl Conversations {
    /// A page of the user's archive, one conversation per correspondent (the user first
    /// among its participants), oldest first.
    pub fn by_correspondent(me: &BareJid, page: Page) -> Self {
        let mut conversations: Vec<Conversation> = Vec::new();
        for message in page.messages {
            let from_me = message.from.as_ref().is_some_and(|f| f.to_bare() == *me);
            let peer = if from_me { &message.to } else { &message.from };
            let peer = peer.as_ref().map(|p| Jid::from(p.to_bare()));
            let peer_text = peer.as_ref().map(|p| p.to_string()).unwrap_or_default();
            let index = conversations
                .iter()
                .position(|c| c.participant_list.get(1) == Some(&peer_text))
                .unwrap_or_else(|| {
                    let mut conversation = Conversation::new(conversations.len() + 1, None);
                    conversation.add_participant(Jid::from(me.clone()));
                    conversation.add_participant(peer.unwrap_or_else(|| Jid::from(me.clone())));
                    conversations.push(conversation);
                    conversations.len() - 1
                });
            conversations[index].add(message);
        }
        Self {
            conversations,
            last: page.last,
            first: page.first,
        }
    }

    /// A page of a room's archive as one conversation (its participants: who spoke).
    pub fn of_room(room: &BareJid, page: Page) -> Self {
        let mut conversation = Conversation::new(1, Some(room));
        for message in page.messages {
            if let Some(from) = &message.from {
                conversation.add_participant(from.clone());
            }
            conversation.add(message);
        }
        Self {
            conversations: vec![conversation],
            last: page.last,
            first: page.first,
        }
    }
}

/// Openfire's code of a roster subscription.
pub fn subscription_code(subscription: &Subscription) -> i64 {
    match subscription {
        Subscription::Remove => -1,
        Subscription::None => 0,
        Subscription::To => 1,
        Subscription::From => 2,
        Subscription::Both => 3,
    }
}

/// The subscription of an Openfire code.
pub fn subscription_of(code: i64) -> Option<Subscription> {
    Some(match code {
        -1 => Subscription::Remove,
        0 => Subscription::None,
        1 => Subscription::To,
        2 => Subscription::From,
        3 => Subscription::Both,
        _ => return None,
    })
}

/// An optional `subscriptionType` of a JSON body, checked.
pub fn subscription(code: Option<i64>) -> Result<Option<Subscription>, ApiError> {
    code.map(|code| {
        subscription_of(code).ok_or_else(|| {
            ApiError::bad_request(
                "subscriptionType is -1 (remove), 0 (none), 1 (to), 2 (from) or 3 (both).",
            )
        })
    })
    .transpose()
}

/// A history route's query parameters: `start`, `end` (XEP-0082 date-times, e.g.
/// 2026-11-25T10:00:00Z, or upstream's MM/dd/yy dates), `max` (default 100, at most 500), `after` (a page's `last`),
/// `before` (a page's `first`; empty for the last page) and `keywords`.
pub struct HistoryParams<'a> {
    pub start: Option<&'a str>,
    pub end: Option<&'a str>,
    pub max: Option<&'a str>,
    pub after: Option<&'a str>,
    pub before: Option<&'a str>,
    pub keywords: Option<&'a str>,
}

/// A history date: an ISO 8601 date-time (without an offset: UTC), an ISO date
/// (`2026-11-25`), or upstream's `MM/dd/yy` (also `MM/dd/yyyy`); a date is a day in UTC,
/// taken from its start, or to its end for an `end` date.
fn history_date(value: &str, day_end: bool) -> Option<DateTime> {
    let time = if day_end { "23:59:59" } else { "00:00:00" };
    let Some((month, rest)) = value.split_once('/') else {
        if value.len() == 10 && value.as_bytes().get(4) == Some(&b'-') {
            return format!("{value}T{time}Z").parse().ok();
        }
        let offset = value
            .split_once('T')
            .is_some_and(|(_, t)| t.ends_with(['Z', 'z']) || t.contains(['+', '-']));
        return if offset {
            value.parse().ok()
        } else {
            format!("{value}Z").parse().ok()
        };
    };
    let (day, year) = rest.split_once('/')?;
    let number = |text: &str, digits: &[usize]| {
        (digits.contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit()))
            .then(|| text.parse::<u32>().ok())
            .flatten()
    };
    let (month, day, year) = (
        number(month, &[1, 2])?,
        number(day, &[1, 2])?,
        number(year, &[2, 4])?,
    );
    let year = if year < 100 {
        two_digit_year(year)
    } else {
        year
    };
    // The parse checks the calendar (no 02/30).
    format!("{year:04}-{month:02}-{day:02}T{time}Z")
        .parse()
        .ok()
}

/// The century of a two-digit year as Java's `SimpleDateFormat` (upstream) reads it: within
/// 80 years before and 20 years after now.
fn two_digit_year(yy: u32) -> u32 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    // Close enough for a century pivot: the mean Gregorian year.
    let this_year = 1970 + (now / 31_556_952) as u32;
    let year = this_year / 100 * 100 + yy;
    if year > this_year + 20 {
        year - 100
    } else if year + 80 < this_year {
        year + 100
    } else {
        year
    }
}

/// The archive filter of a history route's query parameters.
pub fn archive_filter(params: HistoryParams<'_>) -> Result<Filter, ApiError> {
    let HistoryParams {
        start,
        end,
        max,
        after,
        before,
        keywords,
    } = params;
    let date = |name: &str, value: Option<&str>, day_end: bool| {
        value
            .filter(|v| !v.is_empty())
            .map(|v| {
                history_date(v, day_end).ok_or_else(|| {
                    ApiError::bad_request(format!(
                        "`{name}` is a date-time like 2026-11-25T10:00:00Z or a date like 11/25/26."
                    ))
                })
            })
            .transpose()
    };
    let max = match max.filter(|v| !v.is_empty()) {
        None => 100,
        Some(v) => v
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=MAX_PAGE).contains(n))
            .ok_or_else(|| ApiError::bad_request(format!("`max` is 1 to {MAX_PAGE}.")))?,
    };
    let text = |value: Option<&str>| value.filter(|v| !v.is_empty()).map(str::to_string);
    Ok(Filter {
        with: None,
        start: date("start", start, false)?,
        end: date("end", end, true)?,
        max,
        after: text(after),
        // `before=` with no value asks for the last page.
        before: before.map(str::to_string),
        keywords: text(keywords),
    })
}

/// A route's `{username}` path parameter.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct UsernamePath {
    /// The XMPP username (the part before the @).
    #[param(value_type = String)]
    pub username: Username,
}

impl UserEntities {
    /// The users the gateway knows whose username or name (and, `with_emails`, email)
    /// contains `search`. Without emails, they are neither shown nor matched.
    pub async fn matching(
        ctx: &crate::Ctx,
        search: Option<&str>,
        with_emails: bool,
    ) -> Result<Self, ApiError> {
        let users = crate::directory::profiles::list(ctx, search, with_emails)
            .await?
            .into_iter()
            .map(|(username, mut profile)| {
                if !with_emails {
                    profile.email.clear();
                }
                UserEntity::new(username, profile)
            })
            .collect();
        Ok(Self { users })
    }
}

/// `?search=`: a user directory search.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// Part of a username, name or email (any case); all users when absent.
    pub search: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::history_date;

    #[test]
    fn history_dates_in_both_formats() {
        let text = |v: &str, end: bool| history_date(v, end).map(|d| d.0.to_rfc3339());
        // (given, as an `end`, read as); `yy` as Java's SimpleDateFormat reads it (this holds
        // from 2010 to 2078).
        let read = [
            ("2026-11-25T10:00:00Z", false, "2026-11-25T10:00:00+00:00"),
            ("01/02/20", false, "2020-01-02T00:00:00+00:00"),
            ("1/2/2020", true, "2020-01-02T23:59:59+00:00"),
            ("01/01/99", false, "1999-01-01T00:00:00+00:00"),
            ("01/01/30", false, "2030-01-01T00:00:00+00:00"),
            ("2024-01-01", true, "2024-01-01T23:59:59+00:00"),
            ("2024-01-01T10:00:00", false, "2024-01-01T10:00:00+00:00"),
            (
                "2024-01-01T10:00:00+02:00",
                false,
                "2024-01-01T10:00:00+02:00",
            ),
        ];
        for (given, end, expected) in read {
            assert_eq!(text(given, end).as_deref(), Some(expected), "{given}");
        }
        for bad in [
            "02/30/26", "13/01/26", "1/2/", "+1/2/26", "1/2/202", "1/2/26/1", "",
        ] {
            assert_eq!(text(bad, false), None, "{bad}");
        }
    }
}

/// A message's body as routes take it: the text (`text/plain`, as SparkWeb sends it), or
/// [`JsonMessage`] with `Content-Type: application/json`; read with [`outgoing`].
#[derive(Debug)]
pub struct MessageText(pub Text);

impl FromBody for MessageText {
    const LIMIT: usize = STANZA_BODY;

    fn from_bytes(bytes: Bytes) -> Result<Self, ApiError> {
        Text::from_bytes(bytes).map(MessageText)
    }

    fn describe(schemas: &mut Schemas) -> Option<RequestBody> {
        let json = schema_of::<JsonMessage>(schemas);
        Some(
            RequestBodyBuilder::new()
                .content("text/plain", Content::new(Some(String::schema())))
                .content("application/json", Content::new(Some(json)))
                .required(Some(Required::True))
                .build(),
        )
    }
}

/// A message as JSON: its text, JSON for the receiving app (XEP-0335, arriving as the
/// event's `data`), and the id of the message it answers (XEP-0461).
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct JsonMessage {
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub data: Option<serde_json::Value>,
    #[serde(default)]
    pub reply_to: Option<String>,
}

/// The message of a chat or room body: its text, or with `Content-Type: application/json`
/// `{body, data, replyTo}` (`data` travels in the message as JSON, and arrives as the
/// event's `data`; `replyTo` names the message it answers). Answers the message and the
/// id it answers.
pub fn outgoing(
    info: &RequestInfo,
    MessageText(Text(body)): MessageText,
) -> Result<(Outgoing, Option<String>), ApiError> {
    let json = info.header("content-type").is_some_and(|t| {
        t.trim_start()
            .to_ascii_lowercase()
            .starts_with("application/json")
    });
    if !json {
        return Ok((Outgoing::text(body), None));
    }
    let value: serde_json::Value = serde_json::from_str(&body)
        .map_err(|err| ApiError::bad_request(format!("The JSON body is not JSON ({err}).")))?;
    check_json_text(&value)?;
    let message: JsonMessage = serde_json::from_value(value).map_err(|err| {
        ApiError::bad_request(format!(
            "A JSON message body is {{body: text, data: any JSON, replyTo: a message's id}} ({err})."
        ))
    })?;
    let content = Outgoing {
        body: message.body,
        data: message.data,
        ..Outgoing::default()
    };
    Ok((content, message.reply_to.filter(|id| !id.is_empty())))
}

/// The user's reactions to a message, all of them (none withdraws them).
#[derive(Deserialize, ToSchema)]
pub struct ReactionsBody {
    /// Each one short symbol sequence (an emoji), at most 32.
    pub reactions: Vec<String>,
}

/// The reactions of a body, checked: each one short symbol sequence, at most
/// `MAX_REACTIONS`, none twice.
pub fn reactions(body: ReactionsBody) -> Result<Vec<String>, ApiError> {
    if body.reactions.len() > MAX_REACTIONS {
        return Err(ApiError::bad_request(format!(
            "At most {MAX_REACTIONS} reactions to one message."
        )));
    }
    let mut kept: Vec<String> = Vec::new();
    for reaction in body.reactions {
        if !reaction_ok(&reaction) {
            return Err(ApiError::bad_request(format!(
                "A reaction is one emoji: 1 to {MAX_REACTION_CHARS} characters, no words, spaces, controls or markup."
            )));
        }
        if !kept.contains(&reaction) {
            kept.push(reaction);
        }
    }
    Ok(kept)
}

/// The text of a correction, as a message body gives it (plain, or `{body}` as JSON); not
/// empty: a withdrawal is a retraction.
pub fn corrected_text(info: &RequestInfo, body: MessageText) -> Result<String, ApiError> {
    let (content, _) = outgoing(info, body)?;
    let text = content.body;
    if text.trim().is_empty() {
        return Err(ApiError::bad_request(
            "Send the corrected text as the request body (to withdraw the message, DELETE it).",
        ));
    }
    Ok(text)
}
