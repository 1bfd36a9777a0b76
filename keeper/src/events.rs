//! Where a session's events go: the presence projection (what the session has seen of
//! contacts and room occupants), the user's event log, the live streams, and — for a
//! message no live stream receives — a Web Push notification.

use std::sync::Arc;

use xwg_core::events::{ChatMessage, Payload, log};
use xwg_core::keeper::Live;
use xwg_core::projections::{presences, subscriptions};
use xwg_core::push::Notification;

use crate::Inner;
use crate::session::Session;

/// The one place a session publishes through.
pub(crate) struct EventSink {
    session: Arc<Session>,
    inner: Arc<Inner>,
    /// The user's reserved event ids (the log's counter is written once per block).
    ids: Arc<tokio::sync::Mutex<log::IdBlock>>,
}

impl EventSink {
    pub fn new(session: Arc<Session>, inner: Arc<Inner>) -> Self {
        let ids = inner.event_ids(&session.user);
        Self {
            session,
            inner,
            ids,
        }
    }

    /// Projects, logs and hands out one event. A failing store loses the projection or
    /// the event (both logged), never the session.
    pub async fn publish(&self, payload: Payload) {
        let (inner, user) = (&self.inner, &self.session.user);
        let expires_at = inner.clock.now() + inner.config.event_ttl.as_secs() as i64;
        if let Payload::Presence(presence) = &payload
            && let Err(err) =
                presences::record(inner.store.as_ref(), user, presence, expires_at).await
        {
            tracing::warn!(%user, error = %err, "presence not recorded");
        }
        if let Payload::Subscription(change) = &payload
            && let Err(err) =
                subscriptions::note(inner.store.as_ref(), user, change, inner.clock.now()).await
        {
            tracing::warn!(%user, error = %err, "subscription request not recorded");
        }
        let mut ids = self.ids.lock().await;
        let appended = log::append(inner.store.as_ref(), user, &mut ids, payload, expires_at).await;
        drop(ids);
        let event = match appended {
            Ok(event) => event,
            Err(err) => {
                tracing::error!(%user, error = %err, "event not stored; not delivered");
                return;
            }
        };
        if self.session.has_readers() {
            let _ = self.session.events.send(Live::Event(Box::new(event)));
        } else if let Some(pusher) = inner.push.get()
            && let Some(notification) = offline_notification(&event.payload)
        {
            // The event waits in the log too, for the next stream.
            let (pusher, user) = (Arc::clone(pusher), user.clone());
            tokio::spawn(async move {
                if let Err(err) = pusher.notify(&user, &notification).await {
                    tracing::warn!(%user, error = %err, "offline push failed");
                }
            });
        }
    }
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
        ChatMessage {
            kind,
            body: body.into(),
            to: Some("bob@x".parse().unwrap()),
            from: Some(from.parse().unwrap()),
            stanza_id: None,
            origin_id: None,
            id: None,
            replaces: None,
            reply_to: None,
            delay: None,
            data: None,
            carbon: None,
        }
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
}
