//! The user's inbox as routes read it: the stored entries (`projections::inbox`), first
//! rebuilt from the archives where the store's copy is missing (never built here, or
//! cleared) or its rooms are out of date (the session entered them again on a new stream,
//! after a restart or a lost connection), then listed newest first, a page at a time.

use std::collections::HashMap;

use jid::{BareJid, Jid};
use xwg_core::events::conversation::Conversation;
use xwg_core::identity::Username;
use xwg_core::keeper::KeeperError;
use xwg_core::projections::inbox::{self, Entry, Seen, Settings, State, What};
use xwg_core::projections::rooms;
use xwg_core::xmpp::archive::{Filter, MAX_PAGE};

use crate::Ctx;

/// A rebuild reads the last this many pages of the user's archive (2,000 messages)…
const USER_PAGES: usize = 4;
/// …and the last this many messages of each room the user is in.
const ROOM_MESSAGES: usize = 200;

/// Brings the stored inbox up to date with the archives where it may not be.
pub async fn bring_up_to_date(ctx: &Ctx, user: &Username) -> Result<(), KeeperError> {
    // A session that opens now enters the user's rooms again and marks them out of date
    // before it is online: read the state after that.
    ctx.keeper.ensure_session(user).await?;
    let store = ctx.store.as_ref();
    let all = match inbox::state(store, user).await? {
        State::Current => return Ok(()),
        State::Unbuilt => true,
        State::RoomsStale => false,
    };
    let own = user.at(ctx.domain());
    let read = inbox::stored(store, user).await?;
    let mut rebuilt = HashMap::new();
    if all {
        fold_own_archive(ctx, user, &own, &mut rebuilt).await?;
    }
    for (room, membership) in rooms::all(store, user).await? {
        fold_room_archive(ctx, user, &own, &room, &membership.nick, &mut rebuilt).await;
    }
    fold_read_positions(ctx, user, &own, &mut rebuilt).await;
    let rebuilt: Vec<Entry> = rebuilt.into_values().collect();
    tracing::info!(%user, conversations = rebuilt.len(), all, "inbox rebuilt from the archives");
    // An entry the session changed meanwhile keeps what it saw: rebuilt next time.
    if inbox::replace(store, user, rebuilt, &read).await? {
        inbox::note_built(store, user, all).await?;
    }
    Ok(())
}

/// Folds the last pages of the user's own archive (one-to-one conversations), oldest first.
async fn fold_own_archive(
    ctx: &Ctx,
    user: &Username,
    own: &BareJid,
    into: &mut HashMap<BareJid, Entry>,
) -> Result<(), KeeperError> {
    let on = ctx.on(user);
    let mut pages = Vec::new();
    let mut before = String::new();
    for _ in 0..USER_PAGES {
        let filter = Filter {
            max: MAX_PAGE,
            before: Some(before),
            ..Filter::default()
        };
        let page = on.archive_read(None, &filter).await?;
        pages.push(page.messages);
        match page.first {
            Some(first) if !page.complete => before = first,
            _ => break,
        }
    }
    let mut order = Order::default();
    for message in pages.into_iter().rev().flatten() {
        if let Some(seen) = inbox::seen_archived(&message, own, None) {
            fold(into, order.keep(seen));
        }
    }
    Ok(())
}

/// Folds the last messages of a room's archive; a room whose archive cannot be read
/// (gone, or keeping none) has no entry from it.
async fn fold_room_archive(
    ctx: &Ctx,
    user: &Username,
    own: &BareJid,
    room: &BareJid,
    nick: &str,
    into: &mut HashMap<BareJid, Entry>,
) {
    let filter = Filter {
        max: ROOM_MESSAGES,
        before: Some(String::new()),
        ..Filter::default()
    };
    match ctx
        .on(user)
        .archive_read(Some(Jid::from(room.clone())), &filter)
        .await
    {
        Ok(page) => {
            let mut order = Order::default();
            for message in page.messages {
                if let Some(seen) = inbox::seen_archived(&message, own, Some((room, nick))) {
                    fold(into, order.keep(seen));
                }
            }
        }
        Err(err) => {
            tracing::warn!(%user, %room, error = %err, "a room's archive not read for the inbox")
        }
    }
}

/// Folds in the read positions the user's clients share (XEP-0490): a native client's
/// reading counts too. A server without them leaves the archive's markers alone.
async fn fold_read_positions(
    ctx: &Ctx,
    user: &Username,
    own: &BareJid,
    into: &mut HashMap<BareJid, Entry>,
) {
    let positions = match ctx.on(user).read_positions().await {
        Ok(positions) => positions,
        Err(err) => {
            tracing::warn!(%user, error = %err, "read positions (XEP-0490) not read for the inbox");
            return;
        }
    };
    for position in positions {
        if let Some(entry) = into.get_mut(&position.conversation) {
            entry.apply(&Seen {
                with: position.conversation.clone(),
                room: entry.room,
                mine: true,
                from: Some(own.clone().into()),
                occupant: None,
                at: entry.at,
                what: What::Displayed {
                    of: position.stanza_id,
                },
            });
        }
    }
}

fn fold(into: &mut HashMap<BareJid, Entry>, seen: Seen) {
    into.entry(seen.with.clone())
        .or_insert_with(|| Entry::new(seen.with.clone(), seen.room))
        .apply(&seen);
}

/// An archive's order, kept in the times of what it holds: archives stamp whole seconds,
/// so a message within the second of the one before is a millisecond after it.
#[derive(Default)]
struct Order {
    last: i64,
}

impl Order {
    fn keep(&mut self, mut seen: Seen) -> Seen {
        seen.at = seen.at.max(self.last + 1);
        self.last = seen.at;
        seen
    }
}

/// Where a page of the inbox starts: after this conversation, of this activity time.
pub struct Cursor {
    pub at: i64,
    pub with: String,
}

impl Cursor {
    pub fn parse(text: &str) -> Option<Self> {
        let (at, with) = text.split_once('/')?;
        Some(Self {
            at: at.parse().ok()?,
            with: with.to_string(),
        })
    }

    pub fn of(conversation: &Conversation) -> String {
        format!("{}/{}", conversation.at, conversation.with)
    }
}

/// A page of the user's conversations, newest activity first (hidden ones only when
/// asked), and where the next starts.
pub async fn page(
    ctx: &Ctx,
    user: &Username,
    max: usize,
    after: Option<&Cursor>,
    with_hidden: bool,
) -> Result<(Vec<Conversation>, Option<String>), KeeperError> {
    bring_up_to_date(ctx, user).await?;
    let store = ctx.store.as_ref();
    let settings: HashMap<BareJid, Settings> = inbox::all_settings(store, user)
        .await?
        .into_iter()
        .collect();
    let mut listed: Vec<Conversation> = inbox::all(store, user)
        .await?
        .iter()
        .map(|entry| entry.view(settings.get(&entry.with).unwrap_or(&Settings::default())))
        .filter(|conversation| with_hidden || !conversation.hidden)
        .collect();
    let key = |c: &Conversation| (std::cmp::Reverse(c.at), c.with.to_string());
    listed.sort_by_key(key);
    if let Some(after) = after {
        let start = (std::cmp::Reverse(after.at), after.with.clone());
        listed.retain(|c| key(c) > start);
    }
    let next = (listed.len() > max).then(|| Cursor::of(&listed[max - 1]));
    listed.truncate(max);
    Ok((listed, next))
}
