//! The inbox: one entry per conversation of a user (a contact or a room), with the last
//! message as the user sees it (after corrections and retractions) and what is unread.
//!
//! An entry is a fold of what the user's session saw, in order: messages, corrections,
//! retractions and read markers ([`Seen`]). The keeper's event sink folds each event as it
//! passes; the same fold over the archive (the user's own and each room's) rebuilds the
//! inbox when its stored copy is missing or out of date — so a restart, another keeper or a
//! cleared store give the same inbox. Read positions are in the archive as well: a read
//! marker (XEP-0333 `displayed`) the user sends is archived with it; a message the user
//! sends reads everything before it.
//!
//! What the user chose (muted, hidden, which room messages notify) is not derived from the
//! archive: [`Settings`], kept apart.
//! Keys: `inbox#<user>` / `<conversation bare JID>` → [`Entry`];
//! `inbox-settings#<user>` / `<conversation>` → [`Settings`];
//! `inbox-state#<user>` / `built` and `rooms-stale` (see [`State`]).

use std::collections::HashMap;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use serde_json::json;
use tokio_xmpp::jid::{BareJid, Jid};
use tokio_xmpp::parsers::date::DateTime;
use tokio_xmpp::parsers::message::MessageType;

use crate::events::conversation::{Conversation, Ids, Last, Notify};
use crate::events::{Carbon, ChatMessage, MessageKind, Payload};
use crate::protocol::actions::Action;
use crate::store::{self, NewItem, Store, StoreError};
use crate::xmpp::archive::Archived;

/// The latest unread messages an entry keeps by id (a read marker or a withdrawal names one
/// of them), whatever how many it counts. An entry is written on every message and
/// DynamoDB bills writes by the KiB: each kept message costs its ids on every write (4 kept
/// the entry under a KiB, but reading part of a conversation then often moved nothing).
pub const UNREAD_KEPT: usize = 16;
/// How often a write that raced another is tried again.
const WRITE_ATTEMPTS: usize = 8;

fn entries(user: &str) -> String {
    format!("inbox#{user}")
}

fn settings_key(user: &str) -> String {
    format!("inbox-settings#{user}")
}

fn state_key(user: &str) -> String {
    format!("inbox-state#{user}")
}

/// A message of another that the user has not read: short digests ([`Mark`]) of the ids
/// it goes by and, in a room, of who sent it (only they withdraw it; between two users it
/// is the contact). They are only compared, never shown, and kept small: an entry is
/// written on every message and DynamoDB bills writes by the KiB. Stored as one string,
/// `<mark>.<mark>…[~<sender's mark>]`; an entry stored before kept the ids themselves.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(from = "StoredUnread", into = "String")]
pub struct Unread {
    ids: Vec<Mark>,
    sender: Option<Mark>,
}

/// The first 48 bits of an id's SHA-256, in URL-safe base64 (8 characters). Among the ~48
/// ids of the 16 kept, two sharing one by chance has odds of about 10^-12; one made to
/// match another's costs ~2^48 tries and would only move the user's read position in
/// that conversation.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Mark(String);

impl Mark {
    fn of(id: &str) -> Self {
        use base64::Engine;
        use sha2::Digest;
        let digest = sha2::Sha256::digest(id.as_bytes());
        Mark(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&digest[..6]))
    }
}

impl Mark {
    /// The marks of a message's ids, each once.
    fn all(ids: &Ids) -> Vec<Mark> {
        let mut marks: Vec<Mark> = ids.each().map(Mark::of).collect();
        marks.sort();
        marks.dedup();
        marks
    }
}

impl Unread {
    fn of(ids: &Ids, sender: Option<&str>) -> Self {
        Self {
            ids: Mark::all(ids),
            sender: sender.map(Mark::of),
        }
    }

    fn named(&self, mark: &Mark) -> bool {
        self.ids.contains(mark)
    }

    /// Whether the sender with this mark sent it (`contact`: who sent it where none is
    /// kept, between two users).
    fn sent_by(&self, sender: Option<&Mark>, contact: Option<&Mark>) -> bool {
        self.sender.as_ref().or(contact) == sender
    }
}

/// An [`Unread`] as stored: its marks, or (stored before) its ids.
#[derive(Deserialize)]
#[serde(untagged)]
enum StoredUnread {
    Marks(String),
    Ids {
        #[serde(flatten)]
        ids: Ids,
        sender: Option<String>,
    },
}

impl From<StoredUnread> for Unread {
    fn from(stored: StoredUnread) -> Self {
        match stored {
            StoredUnread::Ids { ids, sender } => Unread::of(&ids, sender.as_deref()),
            StoredUnread::Marks(text) => {
                let (ids, sender) = match text.split_once('~') {
                    Some((ids, sender)) => (ids, Some(Mark(sender.to_string()))),
                    None => (text.as_str(), None),
                };
                Unread {
                    ids: ids
                        .split('.')
                        .filter(|mark| !mark.is_empty())
                        .map(|mark| Mark(mark.to_string()))
                        .collect(),
                    sender,
                }
            }
        }
    }
}

impl From<Unread> for String {
    fn from(unread: Unread) -> Self {
        let mut text = unread
            .ids
            .iter()
            .map(|mark| mark.0.as_str())
            .collect::<Vec<_>>()
            .join(".");
        if let Some(sender) = unread.sender {
            text.push('~');
            text.push_str(&sender.0);
        }
        text
    }
}

/// One conversation of the inbox, as folded from what was seen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub with: BareJid,
    pub room: bool,
    /// The latest activity, in milliseconds since the epoch.
    pub at: i64,
    pub last: Option<Last>,
    /// How many messages of others came after the user's read position…
    #[serde(default)]
    pub unread_count: u32,
    /// …and the latest [`UNREAD_KEPT`] of them, oldest first.
    pub unread: Vec<Unread>,
}

impl Entry {
    pub fn new(with: BareJid, room: bool) -> Self {
        Self {
            with,
            room,
            at: 0,
            last: None,
            unread_count: 0,
            unread: Vec::new(),
        }
    }

    /// Nothing is unread any more.
    fn all_read(&mut self) {
        self.unread.clear();
        self.unread_count = 0;
    }

    /// Folds one more thing seen into the entry; whether it changed.
    pub fn apply(&mut self, seen: &Seen) -> bool {
        match &seen.what {
            What::Message { ids, body } => {
                let known = self.last.as_ref().is_some_and(|l| l.ids.same_message(ids)) || {
                    let marks = Mark::all(ids);
                    self.unread.iter().any(|u| marks.iter().any(|m| u.named(m)))
                };
                if known {
                    return false;
                }
                self.last = Some(Last {
                    from: seen.from.clone(),
                    occupant_id: seen.occupant.clone(),
                    mine: seen.mine,
                    body: preview(body),
                    ids: ids.clone(),
                    at: seen.at,
                    edited: None,
                    retracted: false,
                    displayed: false,
                });
                self.at = self.at.max(seen.at);
                if seen.mine {
                    // Writing in a conversation reads it.
                    self.all_read();
                } else {
                    let sender = match self.room {
                        true => self.author(&seen.from, &seen.occupant),
                        false => None,
                    };
                    self.unread.push(Unread::of(ids, sender.as_deref()));
                    if self.unread.len() > UNREAD_KEPT {
                        self.unread.remove(0);
                    }
                    self.unread_count += 1;
                }
                true
            }
            What::Correction { of, body } => match self.own_last(seen, of) {
                Some(last) if !last.retracted && last.body != preview(body) => {
                    last.body = preview(body);
                    last.edited = Some(seen.at);
                    true
                }
                _ => false,
            },
            What::Retraction { of } => {
                // The room's own address withdraws any of its messages (a moderator's,
                // XEP-0425); anyone else only their own.
                let by_room =
                    self.room && seen.from.as_ref().is_some_and(|f| f.resource().is_none());
                let (unread, sender) = (self.unread.len(), self.author(&seen.from, &seen.occupant));
                let (of_mark, sender) = (Mark::of(of), sender.as_deref().map(Mark::of));
                let contact = (!self.room).then(|| Mark::of(self.with.as_str()));
                self.unread.retain(|u| {
                    !(u.named(&of_mark)
                        && (by_room || u.sent_by(sender.as_ref(), contact.as_ref())))
                });
                let no_longer_unread = (unread - self.unread.len()) as u32;
                self.unread_count = self.unread_count.saturating_sub(no_longer_unread);
                let target = match by_room {
                    true => self.last.as_mut().filter(|last| last.ids.named(of)),
                    false => self.own_last(seen, of),
                };
                let withdrawn = match target {
                    Some(last) if !last.retracted => {
                        last.retracted = true;
                        last.body.clear();
                        true
                    }
                    _ => false,
                };
                withdrawn || no_longer_unread > 0
            }
            What::Displayed { of } if seen.mine => {
                // Read up to a kept message: what is unread is what came after it (all kept).
                // A marker for an older one moves nothing that can be counted.
                let of_mark = Mark::of(of);
                if let Some(at) = self.unread.iter().rposition(|u| u.named(&of_mark)) {
                    self.unread.drain(..=at);
                    self.unread_count = self.unread.len() as u32;
                    true
                } else if self.last.as_ref().is_some_and(|l| l.ids.named(of)) {
                    let read = self.unread_count > 0;
                    self.all_read();
                    read
                } else {
                    false
                }
            }
            What::ReadAll => {
                let read = self.unread_count > 0;
                self.all_read();
                read
            }
            What::Displayed { of } => match &mut self.last {
                Some(last) if last.mine && !last.displayed && last.ids.named(of) => {
                    last.displayed = true;
                    true
                }
                _ => false,
            },
        }
    }

    /// The last message if `of` names it and the sender of `seen` sent it (only its author
    /// corrects or withdraws a message): in a room the same occupant, else the same account.
    fn own_last(&mut self, seen: &Seen, of: &str) -> Option<&mut Last> {
        let sender = self.author(&seen.from, &seen.occupant);
        let last_sender = self
            .last
            .as_ref()
            .and_then(|last| self.author(&last.from, &last.occupant_id));
        self.last.as_mut().filter(|last| {
            last.ids.named(of) && last.mine == seen.mine && (seen.mine || last_sender == sender)
        })
    }

    /// Who a message is from as far as authorship goes: in a room the id the room gives
    /// the author (XEP-0421) where it stamps one — the same for them under any nickname,
    /// another for whoever takes theirs — else the occupant JID; between two users the
    /// account.
    fn author(&self, from: &Option<Jid>, occupant: &Option<String>) -> Option<String> {
        match (self.room, occupant) {
            (true, Some(occupant)) => Some(format!("occupant-id:{occupant}")),
            (true, None) => from.as_ref().map(Jid::to_string),
            (false, _) => from.as_ref().map(|from| from.to_bare().to_string()),
        }
    }
}

/// The most of a last message's text an entry keeps (a preview: the whole is in history).
pub const PREVIEW_CHARS: usize = 1000;

fn preview(body: &str) -> String {
    match body.char_indices().nth(PREVIEW_CHARS) {
        Some((end, _)) => body[..end].to_string(),
        None => body.to_string(),
    }
}

/// Something seen in a conversation, in the order seen.
#[derive(Clone, Debug, PartialEq)]
pub struct Seen {
    pub with: BareJid,
    pub room: bool,
    /// Whether the user did it (sent, corrected, withdrew, read).
    pub mine: bool,
    pub from: Option<Jid>,
    /// In a room: the id the room gives the author (XEP-0421), where it stamps one.
    pub occupant: Option<String>,
    /// When, in milliseconds since the epoch.
    pub at: i64,
    pub what: What,
}

#[derive(Clone, Debug, PartialEq)]
pub enum What {
    Message {
        ids: Ids,
        body: String,
    },
    Correction {
        of: String,
        body: String,
    },
    Retraction {
        of: String,
    },
    /// Read up to the message `of` (the user's, or the contact's).
    Displayed {
        of: String,
    },
    /// The user read everything (messages that no id names: read in the inbox alone).
    ReadAll,
}

/// Milliseconds since the epoch, now.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default()
}

/// When a message was sent: its delay stamp (RFC 3339), or `seen_at` — never later than
/// it was seen (a stamp in the future would keep a conversation on top).
fn stamp(delay: Option<&str>, seen_at: i64) -> i64 {
    delay
        .and_then(|d| DateTime::from_str(d).ok())
        .map_or(seen_at, |d| d.0.timestamp_millis().min(seen_at))
}

/// The room an event happened in, if it is a room's: the caller looks up the user's
/// nickname there for [`seen_in`].
pub fn room_of(payload: &Payload) -> Option<BareJid> {
    let from = match payload {
        Payload::RoomMessage(m) => m.from.as_ref(),
        Payload::Retraction(r) | Payload::Displayed(r) if r.kind == MessageKind::Groupchat => {
            r.from.as_ref()
        }
        _ => None,
    };
    from.map(Jid::to_bare)
}

/// What an event of `own`'s session shows of a conversation, if anything: a message with
/// text, a correction, a retraction, a read marker. `nick` is the user's nickname in the
/// event's room ([`room_of`]); `seen_at` when the session saw it.
pub fn seen_in(payload: &Payload, own: &BareJid, nick: Option<&str>, seen_at: i64) -> Option<Seen> {
    match payload {
        Payload::Chat(message) => {
            if message.kind == MessageKind::Headline {
                return None;
            }
            let (with, mine) = chat_party(&message.from, &message.to, message.carbon, own)?;
            seen_message(message, with, false, mine, seen_at)
        }
        Payload::RoomMessage(message) => {
            let from = message.from.as_ref()?;
            let mine = nick.is_some() && from.resource().map(|r| r.as_str()) == nick;
            seen_message(message, from.to_bare(), true, mine, seen_at)
        }
        Payload::Retraction(reference) | Payload::Displayed(reference) => {
            let (with, room, mine) = if reference.kind == MessageKind::Groupchat {
                let from = reference.from.as_ref()?;
                let mine = nick.is_some() && from.resource().map(|r| r.as_str()) == nick;
                (from.to_bare(), true, mine)
            } else {
                let (with, mine) =
                    chat_party(&reference.from, &reference.to, reference.carbon, own)?;
                (with, false, mine)
            };
            let of = reference.id.clone();
            let what = match payload {
                Payload::Retraction(_) => What::Retraction { of },
                _ => What::Displayed { of },
            };
            Some(Seen {
                with,
                room,
                mine,
                from: reference.from.clone(),
                occupant: reference.occupant_id.clone(),
                at: seen_at,
                what,
            })
        }
        _ => None,
    }
}

/// What an archived message shows of a conversation: from the user's own archive, or
/// (`room`: the room and the user's nickname there) from a room's. As [`seen_in`] reads
/// the same message live, so that a fold of the archive gives what the live fold gave.
pub fn seen_archived(
    message: &Archived,
    own: &BareJid,
    room: Option<(&BareJid, &str)>,
) -> Option<Seen> {
    let from = message.from.as_ref()?;
    let (with, mine) = match room {
        Some((room, nick)) => (
            room.clone(),
            from.resource().map(|r| r.as_str()) == Some(nick),
        ),
        // A server may keep room messages in the user's archive too: the room's has them.
        None if message.kind == MessageType::Groupchat => return None,
        None => chat_party(&message.from, &message.to, None, own)?,
    };
    let at = message
        .sent
        .as_ref()
        .map_or(0, |sent| sent.0.timestamp_millis());
    let body = message.body.clone();
    let what = match &message.action {
        None if body.is_empty() => return None,
        None => What::Message {
            ids: Ids {
                id: message.message_id.clone(),
                origin_id: message.origin_id.clone(),
                stanza_id: Some(message.id.clone()),
            },
            body,
        },
        Some(Action::Correction { id }) if !body.is_empty() => What::Correction {
            of: id.clone(),
            body,
        },
        Some(Action::Retraction { id }) => What::Retraction { of: id.clone() },
        Some(Action::Displayed { id }) => What::Displayed { of: id.clone() },
        Some(Action::Correction { .. } | Action::Reactions { .. }) => return None,
    };
    Some(Seen {
        with,
        room: room.is_some(),
        mine,
        from: message.from.clone(),
        occupant: message.occupant_id.clone(),
        at,
        what,
    })
}

/// The other party of a one-to-one message, and whether the user sent it.
fn chat_party(
    from: &Option<Jid>,
    to: &Option<Jid>,
    carbon: Option<Carbon>,
    own: &BareJid,
) -> Option<(BareJid, bool)> {
    let sender = from.as_ref()?;
    let from = sender.to_bare();
    if carbon == Some(Carbon::Sent) || from == *own {
        let to = to.as_ref()?.to_bare();
        (to != *own).then_some((to, true))
    } else if sender.resource().is_some() {
        Some((from, false))
    } else {
        // A person writes from a client (a full JID); a bare address is a server, a
        // component or a room (an invitation it forwards, carrying whatever the inviter
        // put in it): no conversation.
        None
    }
}

fn seen_message(
    message: &ChatMessage,
    with: BareJid,
    room: bool,
    mine: bool,
    seen_at: i64,
) -> Option<Seen> {
    if message.body.is_empty() {
        return None;
    }
    let at = stamp(message.delay.as_deref(), seen_at);
    let what = match &message.replaces {
        Some(of) => What::Correction {
            of: of.clone(),
            body: message.body.clone(),
        },
        None => What::Message {
            ids: Ids {
                id: message.id.clone(),
                origin_id: message.origin_id.clone(),
                stanza_id: message.stanza_id.clone(),
            },
            body: message.body.clone(),
        },
    };
    Some(Seen {
        with,
        room,
        mine,
        from: message.from.clone(),
        occupant: message.occupant_id.clone(),
        at,
        what,
    })
}

impl Entry {
    /// The entry as pages see it, with what the user chose for it.
    pub fn view(&self, settings: &Settings) -> Conversation {
        Conversation {
            with: self.with.clone(),
            room: self.room,
            name: None,
            at: self.at,
            last: self.last.clone(),
            unread: self.unread_count as usize,
            muted: settings.muted,
            hidden: settings.hides(self.at),
            notify: settings.notify,
        }
    }
}

fn entry_item(user: &str, entry: &Entry) -> NewItem {
    NewItem {
        pk: entries(user),
        sk: entry.with.to_string(),
        data: json!(entry),
        expires_at: None,
    }
}

/// Folds `seen` into its stored entry (written only if it changed); the entry as it now
/// stands when it did. Writes that race another writer are tried again on what it wrote.
pub async fn fold(store: &dyn Store, user: &str, seen: &Seen) -> Result<Option<Entry>, StoreError> {
    Ok(fold_known(store, user, seen, None).await?.changed)
}

/// An entry with the store's version of it.
#[derive(Clone, Debug)]
pub struct Known {
    pub entry: Entry,
    pub version: u64,
}

/// What a fold did: the entry when it changed, and the entry as stored now (when there is
/// one), for the next fold to start from.
#[derive(Debug)]
pub struct Folded {
    pub changed: Option<Entry>,
    pub now: Option<Known>,
}

/// [`fold`] starting from the entry as the caller last knew it, instead of reading it: a
/// session that folds every message saves a read each time. A write over an entry changed
/// meanwhile (its version moved) fails and the fold reads it and goes again; what the
/// known entry says changes nothing is checked against the stored entry (another writer
/// may have added what this names).
pub async fn fold_known(
    store: &dyn Store,
    user: &str,
    seen: &Seen,
    mut known: Option<Known>,
) -> Result<Folded, StoreError> {
    let (pk, sk) = (entries(user), seen.with.to_string());
    for _ in 0..WRITE_ATTEMPTS {
        let from_known = known.is_some();
        let (before, version) = match known.take() {
            Some(Known { entry, version }) => (Some(entry), Some(version)),
            None => match store.get(&pk, &sk).await? {
                Some(item) => (
                    serde_json::from_value::<Entry>(item.data).ok(),
                    Some(item.version),
                ),
                None => (None, None),
            },
        };
        let unchanged = |before: Option<Entry>| Folded {
            changed: None,
            now: before
                .zip(version)
                .map(|(entry, version)| Known { entry, version }),
        };
        let mut entry = match &before {
            Some(entry) if entry.room == seen.room => entry.clone(),
            Some(_) if from_known => continue,
            // One-to-one messages of a room's address (an occupant's private message) are
            // not the room's conversation.
            Some(entry) if entry.room => return Ok(unchanged(before)),
            // A room's own messages make its address a room, whatever was seen of it before.
            _ => Entry::new(seen.with.clone(), seen.room),
        };
        if !entry.apply(seen) {
            if from_known {
                continue;
            }
            return Ok(unchanged(before));
        }
        let item = entry_item(user, &entry);
        let written = match version {
            Some(version) => store.update(item, version).await,
            None => store.create(item).await,
        };
        match written {
            Ok(item) => {
                return Ok(Folded {
                    changed: Some(entry.clone()),
                    now: Some(Known {
                        entry,
                        version: item.version,
                    }),
                });
            }
            Err(StoreError::ConditionFailed) => continue,
            Err(err) => return Err(err),
        }
    }
    Err(StoreError::Unavailable(
        "the inbox entry kept changing under the write".into(),
    ))
}

/// Every stored entry of the user.
pub async fn all(store: &dyn Store, user: &str) -> Result<Vec<Entry>, StoreError> {
    Ok(store::all(store, &entries(user), "")
        .await?
        .into_iter()
        .filter_map(|item| serde_json::from_value(item.data).ok())
        .collect())
}

pub async fn get(
    store: &dyn Store,
    user: &str,
    with: &BareJid,
) -> Result<Option<Entry>, StoreError> {
    Ok(store
        .get(&entries(user), &with.to_string())
        .await?
        .and_then(|item| serde_json::from_value(item.data).ok()))
}

/// The stored entries with their versions: what [`replace`] writes over.
pub async fn stored(
    store: &dyn Store,
    user: &str,
) -> Result<HashMap<String, (Entry, u64)>, StoreError> {
    Ok(store::all(store, &entries(user), "")
        .await?
        .into_iter()
        .filter_map(|item| {
            let entry = serde_json::from_value(item.data).ok()?;
            Some((item.sk, (entry, item.version)))
        })
        .collect())
}

/// Replaces the stored entries of the conversations in `rebuilt` (rebuilt from the
/// archive) where they are still as they were read before the archive was (`read`,
/// from [`stored`]); whether every one was written (one the session changed meanwhile is
/// left for the next rebuild). Where both end with the same message, the time the session
/// saw it is kept (archives stamp whole seconds).
pub async fn replace(
    store: &dyn Store,
    user: &str,
    rebuilt: Vec<Entry>,
    read: &HashMap<String, (Entry, u64)>,
) -> Result<bool, StoreError> {
    let mut all_written = true;
    for mut entry in rebuilt {
        let sk = entry.with.to_string();
        let before = read.get(&sk);
        if let Some((stored, _)) = before
            && let (Some(was), Some(now)) = (&stored.last, &mut entry.last)
            && was.ids.same_message(&now.ids)
        {
            now.at = now.at.max(was.at);
            entry.at = entry.at.max(stored.at);
        }
        let item = entry_item(user, &entry);
        let written = match before {
            Some((_, version)) => store.update(item, *version).await,
            None => store.create(item).await,
        };
        match written {
            Ok(_) => {}
            Err(StoreError::ConditionFailed) => all_written = false,
            Err(err) => return Err(err),
        }
    }
    Ok(all_written)
}

/// Forgets the user's inbox: entries, settings and state (the account is gone).
pub async fn forget(store: &dyn Store, user: &str) -> Result<(), StoreError> {
    for pk in [entries(user), settings_key(user), state_key(user)] {
        for item in store::all(store, &pk, "").await? {
            store.delete(&pk, &item.sk).await?;
        }
    }
    Ok(())
}

/// What the user chose for a conversation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    #[serde(default)]
    pub muted: bool,
    /// Hidden until activity after this time (milliseconds since the epoch).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hidden_at: Option<i64>,
    #[serde(default)]
    pub notify: Notify,
}

impl Settings {
    /// Whether the conversation is hidden, given its latest activity.
    pub fn hides(&self, at: i64) -> bool {
        self.hidden_at.is_some_and(|hidden| hidden >= at)
    }
}

pub async fn settings(
    store: &dyn Store,
    user: &str,
    with: &BareJid,
) -> Result<Settings, StoreError> {
    Ok(store
        .get(&settings_key(user), &with.to_string())
        .await?
        .and_then(|item| serde_json::from_value(item.data).ok())
        .unwrap_or_default())
}

pub async fn all_settings(
    store: &dyn Store,
    user: &str,
) -> Result<Vec<(BareJid, Settings)>, StoreError> {
    store::all_read_as(store, &settings_key(user), "").await
}

pub async fn save_settings(
    store: &dyn Store,
    user: &str,
    with: &BareJid,
    settings: &Settings,
) -> Result<(), StoreError> {
    let (pk, sk) = (settings_key(user), with.to_string());
    if *settings == Settings::default() {
        return store.delete(&pk, &sk).await;
    }
    store
        .put(NewItem {
            pk,
            sk,
            data: json!(settings),
            expires_at: None,
        })
        .await
        .map(drop)
}

/// How up to date the stored inbox is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    /// Never built from the archive here, or its stored copy was cleared: rebuild it all.
    Unbuilt,
    /// The session entered its rooms again on a new stream: what the rooms said meanwhile
    /// is only in their archives.
    RoomsStale,
    Current,
}

pub async fn state(store: &dyn Store, user: &str) -> Result<State, StoreError> {
    let pk = state_key(user);
    if store.get(&pk, "built").await?.is_none() {
        return Ok(State::Unbuilt);
    }
    Ok(match store.get(&pk, "rooms-stale").await? {
        Some(_) => State::RoomsStale,
        None => State::Current,
    })
}

/// Notes that the inbox was rebuilt (all of it, or its rooms) from the archives.
pub async fn note_built(store: &dyn Store, user: &str, all: bool) -> Result<(), StoreError> {
    let pk = state_key(user);
    if all {
        store
            .put(NewItem {
                pk: pk.clone(),
                sk: "built".into(),
                data: json!({}),
                expires_at: None,
            })
            .await?;
    }
    store.delete(&pk, "rooms-stale").await
}

/// Notes that the rooms' entries may miss what the rooms said while the session was out.
pub async fn note_rooms_stale(store: &dyn Store, user: &str) -> Result<(), StoreError> {
    store
        .put(NewItem {
            pk: state_key(user),
            sk: "rooms-stale".into(),
            data: json!({}),
            expires_at: None,
        })
        .await
        .map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ann() -> BareJid {
        "ann@x".parse().unwrap()
    }

    fn seen(mine: bool, from: &str, what: What) -> Seen {
        Seen {
            with: "room@chat.x".parse().unwrap(),
            room: true,
            mine,
            from: Some(from.parse().unwrap()),
            occupant: None,
            at: 1,
            what,
        }
    }

    fn message(id: &str, body: &str) -> What {
        What::Message {
            ids: Ids {
                id: Some(id.into()),
                origin_id: None,
                stanza_id: Some(format!("s-{id}")),
            },
            body: body.into(),
        }
    }

    #[test]
    fn others_messages_are_unread_until_a_marker_or_a_message_of_the_user() {
        let mut entry = Entry::new("room@chat.x".parse().unwrap(), true);
        for id in ["1", "2", "3"] {
            assert!(entry.apply(&seen(false, "room@chat.x/bob", message(id, "hi"))));
        }
        assert!(
            !entry.apply(&seen(false, "room@chat.x/bob", message("2", "hi"))),
            "seen before"
        );
        assert_eq!(entry.unread_count, 3);
        let read = What::Displayed { of: "s-2".into() };
        assert!(entry.apply(&seen(true, "room@chat.x/ann", read)));
        assert_eq!(entry.unread_count, 1, "read up to the second");
        let theirs = What::Displayed { of: "s-3".into() };
        assert!(
            !entry.apply(&seen(false, "room@chat.x/bob", theirs)),
            "another's read position"
        );
        assert_eq!(entry.unread_count, 1);
        assert!(entry.apply(&seen(true, "room@chat.x/ann", message("4", "me too"))));
        assert_eq!(entry.unread_count, 0, "writing reads");
    }

    #[test]
    fn in_a_room_naming_authors_a_nickname_taken_over_corrects_and_withdraws_nothing() {
        // XEP-0421: Bob wrote as "bob" (the room's id for him: B), left; another account
        // took "bob" (M); Bob came back as "bobby" (B).
        let by = |nick: &str, occupant: &str, what: What| Seen {
            occupant: Some(occupant.into()),
            ..seen(false, &format!("room@chat.x/{nick}"), what)
        };
        let mut entry = Entry::new("room@chat.x".parse().unwrap(), true);
        assert!(entry.apply(&by("bob", "B", message("1", "I will not pay"))));
        let forged = What::Correction {
            of: "1".into(),
            body: "I will pay".into(),
        };
        assert!(!entry.apply(&by("bob", "M", forged)), "not the author");
        let withdrawn = What::Retraction { of: "s-1".into() };
        assert!(!entry.apply(&by("bob", "M", withdrawn)), "not the author");
        assert_eq!(entry.unread_count, 1);
        let own = What::Correction {
            of: "1".into(),
            body: "I will never pay".into(),
        };
        assert!(entry.apply(&by("bobby", "B", own)), "the author, renamed");
        assert_eq!(entry.last.as_ref().unwrap().body, "I will never pay");
    }

    #[test]
    fn many_unread_are_counted_while_only_the_latest_are_kept() {
        let mut entry = Entry::new("room@chat.x".parse().unwrap(), true);
        for n in 0..100 {
            entry.apply(&seen(
                false,
                "room@chat.x/bob",
                message(&n.to_string(), "hi"),
            ));
        }
        assert_eq!((entry.unread_count, entry.unread.len()), (100, UNREAD_KEPT));
        let older = What::Displayed { of: "s-10".into() };
        assert!(
            !entry.apply(&seen(true, "room@chat.x/ann", older)),
            "not counted: kept no longer"
        );
        let recent = What::Displayed { of: "s-97".into() };
        assert!(entry.apply(&seen(true, "room@chat.x/ann", recent)));
        assert_eq!(entry.unread_count, 2, "the two after it");
    }

    #[test]
    fn only_the_sender_corrects_or_withdraws_the_last_message() {
        let mut entry = Entry::new("room@chat.x".parse().unwrap(), true);
        entry.apply(&seen(false, "room@chat.x/bob", message("1", "helo")));
        let forged = What::Correction {
            of: "1".into(),
            body: "bob said something else".into(),
        };
        assert!(!entry.apply(&seen(false, "room@chat.x/eve", forged)));
        let withdrawn = What::Retraction { of: "s-1".into() };
        assert!(!entry.apply(&seen(false, "room@chat.x/eve", withdrawn.clone())));
        assert!(!entry.apply(&seen(true, "room@chat.x/ann", withdrawn.clone())));
        assert_eq!(entry.last.as_ref().unwrap().body, "helo");

        let fixed = What::Correction {
            of: "1".into(),
            body: "hello".into(),
        };
        assert!(entry.apply(&seen(false, "room@chat.x/bob", fixed)));
        assert_eq!(entry.last.as_ref().unwrap().body, "hello");
        assert!(entry.last.as_ref().unwrap().edited.is_some());
        assert!(entry.apply(&seen(false, "room@chat.x/bob", withdrawn)));
        let last = entry.last.as_ref().unwrap();
        assert!(last.retracted && last.body.is_empty(), "a tombstone");

        // A moderator's, announced by the room itself (XEP-0425).
        entry.apply(&seen(false, "room@chat.x/eve", message("2", "spam")));
        let moderated = What::Retraction { of: "s-2".into() };
        assert!(entry.apply(&seen(false, "room@chat.x", moderated)));
        assert!(entry.last.as_ref().unwrap().retracted);
        assert_eq!(entry.unread_count, 0, "nothing left to read");
    }

    #[test]
    fn a_contacts_unread_messages_are_kept_small_and_withdrawn_by_them_alone() {
        let bob: BareJid = "bob@x".parse().unwrap();
        let from_bob = |mine: bool, what: What| Seen {
            with: bob.clone(),
            room: false,
            from: Some(
                if mine { "ann@x/web" } else { "bob@x/phone" }
                    .parse()
                    .unwrap(),
            ),
            ..seen(mine, "room@chat.x/bob", what)
        };
        let mut entry = Entry::new(bob.clone(), false);
        for id in ["1", "2"] {
            let ids = Ids {
                id: Some(id.into()),
                origin_id: Some(id.into()),
                stanza_id: Some(format!("s-{id}")),
            };
            entry.apply(&from_bob(
                false,
                What::Message {
                    ids,
                    body: "hi".into(),
                },
            ));
        }
        let stored = serde_json::to_value(&entry).unwrap();
        assert_eq!(
            stored["unread"],
            json!([
                Mark::of("1").0 + "." + &Mark::of("s-1").0,
                Mark::of("2").0 + "." + &Mark::of("s-2").0
            ]),
            "each id once, as a short mark, and no sender between two users"
        );
        // An entry stored before kept the ids and named the contact as the sender: the same.
        let mut before = stored.clone();
        before["unread"] = json!([
            {"id": "1", "originId": "1", "stanzaId": "s-1"},
            {"id": "2", "stanzaId": "s-2", "sender": "bob@x"}
        ]);
        let before: Entry = serde_json::from_value(before).unwrap();
        assert_eq!(before.unread[0], entry.unread[0]);
        let mut entry = before;

        let withdrawn = |of: &str| What::Retraction { of: of.into() };
        assert!(
            !entry.apply(&from_bob(true, withdrawn("1"))),
            "not the user's to withdraw"
        );
        assert!(entry.apply(&from_bob(false, withdrawn("1"))));
        assert!(entry.apply(&from_bob(false, withdrawn("s-2"))));
        assert_eq!((entry.unread_count, entry.unread.len()), (0, 0));
    }

    #[test]
    fn reading_part_of_a_conversation_or_a_withdrawal_of_an_older_message_counts() {
        let mut entry = Entry::new("room@chat.x".parse().unwrap(), true);
        for n in 1..=10 {
            entry.apply(&seen(
                false,
                "room@chat.x/bob",
                message(&n.to_string(), "hi"),
            ));
        }
        let withdrawn = What::Retraction { of: "s-1".into() };
        assert!(entry.apply(&seen(false, "room@chat.x/bob", withdrawn)));
        assert_eq!(entry.unread_count, 9);
        let marker = What::Displayed { of: "s-5".into() };
        assert!(entry.apply(&seen(true, "room@chat.x/ann", marker)));
        assert_eq!(entry.unread_count, 5, "the five after m5");
        // The stored form reads back the same.
        let stored: Entry = serde_json::from_value(serde_json::to_value(&entry).unwrap()).unwrap();
        assert_eq!(stored, entry);
    }

    #[tokio::test]
    async fn a_fold_from_a_known_entry_changed_meanwhile_reads_it_again() {
        use crate::store::embedded::EmbeddedStore;
        let clock = std::sync::Arc::new(crate::clock::ManualClock::new(1_000));
        let store = EmbeddedStore::open(std::path::Path::new(":memory:"), clock).unwrap();
        let bob = |what: What| seen(false, "room@chat.x/bob", what);
        let from = async |what: What, known: Option<Known>| {
            fold_known(&store, "ann", &bob(what), known).await.unwrap()
        };
        let known = from(message("1", "a"), None).await.now.expect("stored");
        // Another writer (a rebuild) moves the entry on: two unread now.
        fold(&store, "ann", &bob(message("2", "b"))).await.unwrap();
        let third = from(message("3", "c"), Some(known)).await;
        assert_eq!(
            third.changed.expect("changed").unread_count,
            3,
            "folded over what is stored"
        );
        // Starting from what it wrote, the next fold needs no read and writes over it.
        let fourth = from(message("4", "d"), third.now).await;
        assert_eq!(fourth.changed.expect("changed").unread_count, 4);
        let stored = get(&store, "ann", &"room@chat.x".parse().unwrap())
            .await
            .unwrap();
        assert_eq!(stored.expect("stored").unread_count, 4);

        // What the known entry has not seen (another writer added message 5) is found in
        // the store: its withdrawal counts.
        fold(&store, "ann", &bob(message("5", "e"))).await.unwrap();
        let withdrawn = What::Retraction { of: "s-5".into() };
        let fifth = from(withdrawn, fourth.now).await;
        assert_eq!(fifth.changed.expect("changed").unread_count, 4);
    }

    #[test]
    fn a_bare_address_is_no_one_to_write_with_and_a_long_text_is_a_preview() {
        use crate::events::{ChatMessage, MessageKind};
        // What a room forwards of an invitation: from the room's bare JID, with the
        // inviter's payloads.
        let mut forwarded = ChatMessage::new(
            MessageKind::Normal,
            Some("room@chat.x".parse().unwrap()),
            Some("ann@x".parse().unwrap()),
            "join us".into(),
        );
        assert_eq!(
            seen_in(&Payload::Chat(forwarded.clone()), &ann(), None, 5),
            None
        );
        let retraction = crate::events::Reference {
            kind: MessageKind::Normal,
            from: Some("room@chat.x".parse().unwrap()),
            to: Some("ann@x".parse().unwrap()),
            id: "s-1".into(),
            occupant_id: None,
            carbon: None,
        };
        assert_eq!(
            seen_in(&Payload::Retraction(retraction), &ann(), None, 5),
            None
        );
        forwarded.from = Some("bob@x/phone".parse().unwrap());
        forwarded.body = "é".repeat(5000);
        let seen = seen_in(&Payload::Chat(forwarded), &ann(), None, 5).unwrap();
        let mut entry = Entry::new(seen.with.clone(), false);
        entry.apply(&seen);
        assert_eq!(entry.last.unwrap().body.chars().count(), PREVIEW_CHARS);
    }

    #[test]
    fn a_copy_of_what_the_user_sent_elsewhere_is_the_users_own() {
        use crate::events::{ChatMessage, MessageKind};
        let sent = ChatMessage {
            id: Some("m1".into()),
            carbon: Some(Carbon::Sent),
            ..ChatMessage::new(
                MessageKind::Chat,
                Some("ann@x/phone".parse().unwrap()),
                Some("bob@x".parse().unwrap()),
                "from my phone".into(),
            )
        };
        let seen = seen_in(&Payload::Chat(sent.clone()), &ann(), None, 5).unwrap();
        assert_eq!((seen.with.to_string(), seen.mine), ("bob@x".into(), true));
        let mut received = sent;
        received.carbon = None;
        received.from = Some("bob@x/laptop".parse().unwrap());
        received.to = Some("ann@x".parse().unwrap());
        let seen = seen_in(&Payload::Chat(received), &ann(), None, 5).unwrap();
        assert_eq!((seen.with.to_string(), seen.mine), ("bob@x".into(), false));
    }
}
