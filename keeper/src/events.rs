//! Where a session's events go: the presence projection (what the session has seen of
//! contacts and room occupants), the user's event log, the live streams, the inbox, and —
//! for a message no live stream receives, where the user wants one — a Web Push
//! notification.

use std::sync::Arc;

use tokio_xmpp::jid::BareJid;
use xwg_core::events::conversation::Notify;
use xwg_core::events::{ChatMessage, Payload, log};
use xwg_core::identity::Username;
use xwg_core::keeper::Live;
use xwg_core::projections::inbox::{self, Seen};
use xwg_core::projections::{presences, rooms, subscriptions};
use xwg_core::push::Notification;

use crate::Inner;
use crate::session::Session;

/// The one place a session publishes through.
pub(crate) struct EventSink {
    session: Arc<Session>,
    inner: Arc<Inner>,
    /// The user's JID (what the inbox tells the user's own messages by).
    own: Option<BareJid>,
    /// The user's reserved event ids (the log's counter is written once per block).
    ids: Arc<tokio::sync::Mutex<log::IdBlock>>,
    /// The inbox entries of the latest conversations as last folded, most recent last:
    /// the next fold of one starts from it instead of reading it.
    entries: std::sync::Mutex<Vec<(BareJid, inbox::Known)>>,
}

/// Entries an [`EventSink`] keeps (a session's memory: each is about a KiB).
const ENTRIES_KEPT: usize = 8;

impl EventSink {
    pub fn new(session: Arc<Session>, inner: Arc<Inner>) -> Self {
        let ids = inner.event_ids(&session.user);
        let own = Username::parse(&session.user)
            .ok()
            .map(|user| user.at(&inner.xmpp.domain));
        Self {
            session,
            inner,
            own,
            ids,
            entries: std::sync::Mutex::default(),
        }
    }

    /// Projects, logs and hands out one event, and the change it makes to the user's
    /// inbox. A failing store loses the projection or the event (both logged), never the
    /// session.
    pub async fn publish(&self, payload: Payload) {
        let (inner, user) = (&self.inner, &self.session.user);
        if let Payload::Presence(presence) = &payload
            && let Err(err) =
                presences::record(inner.store.as_ref(), user, presence, self.expiry()).await
        {
            tracing::warn!(%user, error = %err, "presence not recorded");
        }
        if let Payload::Subscription(change) = &payload
            && let Err(err) =
                subscriptions::note(inner.store.as_ref(), user, change, inner.clock.now()).await
        {
            tracing::warn!(%user, error = %err, "subscription request not recorded");
        }
        let seen = self.seen(&payload).await;
        // The inbox first, so that the event and the change it made are logged together.
        let inbox_change = match &seen {
            Some(seen) => self.fold(seen).await,
            None => None,
        };
        let mut events = vec![payload.clone()];
        events.extend(inbox_change);
        if self.deliver(events).await == Delivered::ToNoReader
            && let Some(seen) = &seen
        {
            self.push_offline(&payload, seen).await;
        }
    }

    fn expiry(&self) -> i64 {
        self.inner.clock.now() + self.inner.config.event_ttl.as_secs() as i64
    }

    /// Logs the events (one store item) and hands them to the live streams.
    async fn deliver(&self, payloads: Vec<Payload>) -> Delivered {
        let (inner, user) = (&self.inner, &self.session.user);
        let mut ids = self.ids.lock().await;
        let appended = log::append(
            inner.store.as_ref(),
            user,
            &mut ids,
            payloads,
            self.expiry(),
        )
        .await;
        drop(ids);
        let events = match appended {
            Ok(events) => events,
            Err(err) => {
                tracing::error!(%user, error = %err, "event not stored; not delivered");
                return Delivered::Lost;
            }
        };
        for event in &events {
            crate::webhooks::offer(inner, user, event).await;
        }
        if self.session.has_readers() {
            for event in events {
                let _ = self.session.events.send(Live::Event(Box::new(event)));
            }
            Delivered::Live
        } else {
            Delivered::ToNoReader
        }
    }

    /// What the event shows of a conversation of the inbox, with the user's nickname there
    /// (a room) and what the user chose for it: read once, for the push and the inbox.
    async fn seen(&self, payload: &Payload) -> Option<InConversation> {
        let (store, user) = (self.inner.store.as_ref(), &self.session.user);
        let own = self.own.as_ref()?;
        let nick = match inbox::room_of(payload) {
            Some(room) => rooms::nick(store, user, &room).await.unwrap_or_else(|err| {
                tracing::warn!(%user, error = %err, "room nickname not read");
                None
            }),
            None => None,
        };
        let seen = inbox::seen_in(payload, own, nick.as_deref(), inbox::now_ms())?;
        let settings = inbox::settings(store, user, &seen.with)
            .await
            .unwrap_or_default();
        Some(InConversation {
            seen,
            nick,
            settings,
        })
    }

    /// Folds what was seen into the inbox; the conversation as it now stands, for the
    /// pages, when it changed.
    async fn fold(&self, conversation: &InConversation) -> Option<Payload> {
        let (store, user) = (self.inner.store.as_ref(), &self.session.user);
        let with = &conversation.seen.with;
        let known = {
            let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
            let at = entries.iter().position(|(kept, _)| kept == with);
            at.map(|at| entries.remove(at).1)
        };
        match inbox::fold_known(store, user, &conversation.seen, known).await {
            Ok(folded) => {
                if let Some(now) = folded.now {
                    let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
                    if entries.len() == ENTRIES_KEPT {
                        entries.remove(0);
                    }
                    entries.push((with.clone(), now));
                }
                let view = folded
                    .changed
                    .map(|entry| entry.view(&conversation.settings));
                view.map(|view| Payload::Inbox(Box::new(view)))
            }
            Err(err) => {
                tracing::warn!(%user, error = %err, "inbox not updated");
                None
            }
        }
    }

    /// A Web Push notification for a message no live stream received, as the user chose
    /// for its conversation. The event waits in the log too, for the next stream.
    async fn push_offline(&self, payload: &Payload, conversation: &InConversation) {
        let Some(pusher) = self.inner.push.get() else {
            return;
        };
        let InConversation {
            seen,
            nick,
            settings,
        } = conversation;
        if seen.mine || !wanted(payload, settings, nick.as_deref()) {
            return;
        }
        if let Some(notification) = offline_notification(payload) {
            let (pusher, user) = (Arc::clone(pusher), self.session.user.clone());
            tokio::spawn(async move {
                if let Err(err) = pusher.notify(&user, &notification).await {
                    tracing::warn!(%user, error = %err, "offline push failed");
                }
            });
        }
    }
}

/// An event's part in a conversation of the inbox.
struct InConversation {
    seen: Seen,
    /// The user's nickname, in a room.
    nick: Option<String>,
    settings: inbox::Settings,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Delivered {
    Live,
    ToNoReader,
    Lost,
}

/// Whether the user wants a notification for the message: never in a muted conversation;
/// in a room, for every message only if chosen, else when it names the user's nickname.
fn wanted(payload: &Payload, settings: &inbox::Settings, nick: Option<&str>) -> bool {
    if settings.muted {
        return false;
    }
    match payload {
        Payload::RoomMessage(message) => {
            settings.notify == Notify::All || nick.is_some_and(|nick| mentions(&message.body, nick))
        }
        _ => true,
    }
}

/// Whether `body` names `nick` as a word of its own (any case).
fn mentions(body: &str, nick: &str) -> bool {
    let (body, nick) = (body.to_lowercase(), nick.to_lowercase());
    if nick.is_empty() {
        return false;
    }
    body.match_indices(&nick).any(|(at, _)| {
        let before = body[..at].chars().next_back();
        let after = body[at + nick.len()..].chars().next();
        [before, after]
            .into_iter()
            .all(|c| c.is_none_or(|c| !c.is_alphanumeric()))
    })
}

/// The notification for a chat or group chat message with a body; nothing for the rest,
/// nor for a copy of what another device of the user sent or received (carbons), nor for
/// a correction (the message was notified already).
fn offline_notification(payload: &Payload) -> Option<Notification> {
    let (message, sender): (&ChatMessage, String) = match payload {
        Payload::Chat(message) if message.carbon.is_none() => {
            let from = message.from.as_ref().map(|f| f.to_bare().to_string());
            (message, from.unwrap_or_default())
        }
        // A group chat message is from room/nick: keep both.
        Payload::RoomMessage(message) => {
            let from = message.from.as_ref().map(|f| f.to_string());
            (message, from.unwrap_or_default())
        }
        _ => return None,
    };
    (!message.body.is_empty() && message.replaces.is_none())
        .then(|| Notification::message(&sender, &message.body).fitted())
}

#[cfg(test)]
mod tests {
    use xwg_core::events::{MessageKind, SessionChange};

    use super::*;

    fn message(kind: MessageKind, from: &str, body: &str) -> ChatMessage {
        ChatMessage::new(
            kind,
            Some(from.parse().unwrap()),
            Some("bob@x".parse().unwrap()),
            body.into(),
        )
    }

    #[test]
    fn only_messages_with_a_body_are_pushed_offline() {
        let chat = Payload::Chat(message(MessageKind::Chat, "ann@x/tab", "hi"));
        assert_eq!(
            offline_notification(&chat).unwrap().data.as_deref(),
            Some("ann@x")
        );
        let room = Payload::RoomMessage(message(MessageKind::Groupchat, "r@c.x/ann", "hey"));
        assert_eq!(
            offline_notification(&room).unwrap().data.as_deref(),
            Some("r@c.x/ann")
        );
        let empty = Payload::Chat(message(MessageKind::Chat, "ann@x/tab", ""));
        assert!(offline_notification(&empty).is_none());
        assert!(offline_notification(&SessionChange::online(false)).is_none());
        let mut copy = message(MessageKind::Chat, "bob@x/phone", "sent from my phone");
        copy.carbon = Some(xwg_core::events::Carbon::Sent);
        assert!(
            offline_notification(&Payload::Chat(copy)).is_none(),
            "no push for carbons"
        );
    }

    #[test]
    fn room_messages_notify_on_a_mention_or_where_chosen_never_when_muted() {
        let room =
            |body: &str| Payload::RoomMessage(message(MessageKind::Groupchat, "r@c.x/bob", body));
        let default = inbox::Settings::default();
        assert!(wanted(&room("ann: lunch?"), &default, Some("ann")));
        assert!(wanted(&room("lunch, Ann?"), &default, Some("ann")));
        assert!(
            !wanted(&room("lunch, anne?"), &default, Some("ann")),
            "another name"
        );
        assert!(!wanted(&room("lunch?"), &default, Some("ann")));
        let all = inbox::Settings {
            notify: Notify::All,
            ..Default::default()
        };
        assert!(wanted(&room("lunch?"), &all, Some("ann")));
        let muted = inbox::Settings {
            muted: true,
            notify: Notify::All,
            ..Default::default()
        };
        assert!(!wanted(&room("ann: lunch?"), &muted, Some("ann")));
        let chat = Payload::Chat(message(MessageKind::Chat, "bob@x/tab", "hi"));
        assert!(wanted(&chat, &default, None));
        assert!(!wanted(&chat, &muted, None));
    }
}
