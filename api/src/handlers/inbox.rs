//! The inbox: the user's conversations (contacts and rooms), newest activity first, with
//! the last message as it now stands and the unread count; marking one read, muting,
//! hiding. Built from the archives, kept current by the session (`chatapi.inbox` events).

use std::collections::HashMap;

use jid::BareJid;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use xwg_core::events::conversation::{Conversation as Listed, Ids, Notify};
use xwg_core::identity::Address;
use xwg_core::projections::inbox::{self, Entry, Seen, What};
use xwg_core::projections::rooms;

use crate::ErrorKind;
use crate::auth::Principal;
use crate::handlers::bookmarks::backend_of;
use crate::inbox::Cursor;
use crate::messages::{self, Act, Conversation};
use crate::routes::endpoint;
use crate::routes::{Endpoint, Json, Req};
use crate::{ApiError, Ctx};

/// The most conversations one page lists.
const MAX_PAGE: usize = 500;
const DEFAULT_PAGE: usize = 50;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InboxQuery {
    /// How many conversations (1 to 500; 50 when absent).
    max: Option<usize>,
    /// Continue after this point: a page's `next`.
    after: Option<String>,
    /// Also list the conversations the user hid.
    hidden: Option<bool>,
}

/// A page of the inbox.
#[derive(Serialize, ToSchema)]
pub struct InboxPage {
    conversations: Vec<Listed>,
    /// Where the next page starts (`?after=`); absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    next: Option<String>,
}

/// `GET /rest/inbox`: the user's conversations, newest activity first.
pub struct GetInbox;

impl Endpoint for GetInbox {
    endpoint!(get "get_inbox", "/sparkweb/api/rest/inbox",
        "The user's conversations (contacts and rooms), newest activity first: the last \
         message as it now stands, the unread count, muted and hidden",
        caller: Principal, query: InboxQuery, reply: Json<InboxPage>);

    async fn handle(
        ctx: &Ctx,
        user: Principal,
        req: Req<Self>,
    ) -> Result<Json<InboxPage>, ApiError> {
        let max = req.query.max.unwrap_or(DEFAULT_PAGE);
        if !(1..=MAX_PAGE).contains(&max) {
            return Err(ApiError::bad_request(format!("`max` is 1 to {MAX_PAGE}.")));
        }
        let after = match req.query.after.as_deref() {
            None => None,
            Some(text) => Some(Cursor::parse(text).ok_or_else(|| {
                ApiError::bad_request("`after` is a page's `next`, as it was given.")
            })?),
        };
        let hidden = req.query.hidden.unwrap_or(false);
        let (mut conversations, next) =
            crate::inbox::page(ctx, &user.username, max, after.as_ref(), hidden).await?;
        let names = names(ctx, &user, &conversations).await?;
        for conversation in &mut conversations {
            conversation.name = names.get(&conversation.with).cloned();
        }
        Ok(Json(InboxPage {
            conversations,
            next,
        }))
    }
}

/// The names the user gave the page's contacts (roster) and rooms (bookmarks).
async fn names(
    ctx: &Ctx,
    user: &Principal,
    listed: &[Listed],
) -> Result<HashMap<BareJid, String>, ApiError> {
    let on = ctx.on(&user.username);
    let mut names: HashMap<BareJid, String> = HashMap::new();
    if listed.iter().any(|c| !c.room) {
        names.extend(
            on.roster_list()
                .await?
                .into_iter()
                .filter_map(|contact| Some((contact.jid, contact.name?))),
        );
    }
    if listed.iter().any(|c| c.room) {
        let backend = backend_of(ctx, &user.username).await?;
        names.extend(
            on.bookmarks_list(backend)
                .await?
                .into_iter()
                .filter_map(|(room, bookmark)| Some((room, bookmark.name?))),
        );
    }
    Ok(names)
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct WithPath {
    /// The contact or room: a JID, or the username of a user of the gateway's domain.
    #[param(value_type = String)]
    with: Address,
}

/// What to change of a conversation (absent: unchanged).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConversationSettings {
    /// No notifications for it.
    muted: Option<bool>,
    /// Leave it out of the inbox until something new happens in it.
    hidden: Option<bool>,
    /// In a room: notify of every message, or only of those naming the user (the default).
    notify: Option<Notify>,
}

/// The conversation's stored entry (an empty one when nothing happened in it yet).
async fn entry_of(ctx: &Ctx, user: &str, with: &BareJid) -> Result<Entry, ApiError> {
    let store = ctx.store.as_ref();
    Ok(match inbox::get(store, user, with).await? {
        Some(entry) => entry,
        None => Entry::new(with.clone(), rooms::is_in(store, user, with).await?),
    })
}

/// `PUT /rest/inbox/{with}`: mute, hide or choose the notifications of a conversation.
pub struct UpdateConversation;

impl Endpoint for UpdateConversation {
    endpoint!(put "update_conversation", "/sparkweb/api/rest/inbox/{with}",
        "Mute or unmute, hide or show a conversation, or choose which room messages notify",
        caller: Principal, path: WithPath, body: Json<ConversationSettings>, reply: Json<Listed>);

    async fn handle(ctx: &Ctx, user: Principal, req: Req<Self>) -> Result<Json<Listed>, ApiError> {
        crate::inbox::bring_up_to_date(ctx, &user.username).await?;
        let with = req.path.with.resolve(ctx.domain()).to_bare();
        let (store, change) = (ctx.store.as_ref(), req.body.0);
        let entry = entry_of(ctx, &user.username, &with).await?;
        let mut settings = inbox::settings(store, &user.username, &with).await?;
        if let Some(muted) = change.muted {
            settings.muted = muted;
        }
        if let Some(hidden) = change.hidden {
            settings.hidden_at = hidden.then_some(entry.at);
        }
        if let Some(notify) = change.notify {
            settings.notify = notify;
        }
        inbox::save_settings(store, &user.username, &with, &settings).await?;
        Ok(Json(entry.view(&settings)))
    }
}

/// Reads a conversation whose newest message no marker can name (sent without an id, as
/// simple clients and bots do, or withdrawn): here and, by its archive id, for the user's
/// other clients (XEP-0490); one the server did not archive either (`no-store`) is read
/// here alone.
async fn read_here(
    ctx: &Ctx,
    name: &str,
    conversation: &Conversation,
    with: &BareJid,
    room: bool,
    newest: &Ids,
) -> Result<(), ApiError> {
    let what = match newest.stanza_id.clone() {
        Some(id) => {
            messages::share_read_position(ctx, name, conversation, &id).await;
            What::Displayed { of: id }
        }
        None => What::ReadAll,
    };
    let read = Seen {
        with: with.clone(),
        room,
        mine: true,
        from: None,
        occupant: None,
        at: inbox::now_ms(),
        what,
    };
    inbox::fold(ctx.store.as_ref(), name, &read).await?;
    Ok(())
}

/// `POST /rest/inbox/{with}/read`: the user has read the conversation: a read marker for
/// its newest message of others (XEP-0333 `displayed`, to the contact or the room, archived
/// so that every device and a rebuilt inbox see it).
pub struct MarkConversationRead;

impl Endpoint for MarkConversationRead {
    endpoint!(post "mark_conversation_read", "/sparkweb/api/rest/inbox/{with}/read",
        "Mark a conversation read: a read marker (XEP-0333) for its newest message",
        caller: Principal, path: WithPath, reply: Json<Listed>);

    async fn handle(ctx: &Ctx, user: Principal, req: Req<Self>) -> Result<Json<Listed>, ApiError> {
        crate::inbox::bring_up_to_date(ctx, &user.username).await?;
        let with = req.path.with.resolve(ctx.domain()).to_bare();
        let (store, name) = (ctx.store.as_ref(), &user.username);
        let entry = entry_of(ctx, name, &with).await?;
        // While anything is unread the last message is the newest of others (one of the
        // user's reads everything before it).
        let newest = entry
            .last
            .as_ref()
            .filter(|last| entry.unread_count > 0 && !last.mine);
        if let Some(newest) = newest {
            let conversation = match entry.room {
                true => Conversation::Room(with.clone()),
                false => Conversation::With(with.clone()),
            };
            // A room's marker names its archive id, a contact's the message's own id; a
            // withdrawn message is named by none (a marker for it is refused).
            let named = match entry.room {
                true => newest.ids.stanza_id.clone(),
                false => newest.ids.id.clone().or(newest.ids.origin_id.clone()),
            };
            if entry.room && !rooms::is_in(store, name, &with).await? {
                return Err(ApiError::conflict(
                    ErrorKind::NotInRoom,
                    format!("Join {with} first (PUT groupchat/room/…)."),
                ));
            }
            match named.filter(|_| !newest.retracted) {
                Some(id) => {
                    messages::act(ctx, name, &conversation, &id, Act::Display).await?;
                }
                None => read_here(ctx, name, &conversation, &with, entry.room, &newest.ids).await?,
            }
        }
        // The session folded the marker in as it went out (or as the room reflected it).
        let entry = entry_of(ctx, name, &with).await?;
        let settings = inbox::settings(store, name, &with).await?;
        Ok(Json(entry.view(&settings)))
    }
}
