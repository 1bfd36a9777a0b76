//! The push component: the XMPP server's XEP-0357 "app server". A user's session asks the
//! server (`<enable/>`, at push subscription) to notify this component while the user has
//! no session; the server then publishes a summary (sender, body) here for each message it
//! stores offline, and this component turns it into a Web Push notification.
//!
//! The server takes one connection per component name, so one keeper holds it, under a
//! lease; the others wait and take it over when that keeper goes.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc;
use tokio_xmpp::jid::Jid;
use tokio_xmpp::minidom::Element;
use tokio_xmpp::parsers::iq::Iq;
use tokio_xmpp::parsers::pubsub::PubSub;
use tokio_xmpp::parsers::push::Notification as PushSummary;
use tokio_xmpp::parsers::stanza_error::{DefinedCondition, ErrorType, StanzaError};
use xwg_core::push::Notification;

use crate::Inner;
use crate::component::{ComponentStream, StreamWriter};
use crate::services;

/// The component's lease (`@`: no username has one, so it never meets a user's).
const LEASE: &str = "@push";
/// How long to wait before trying again after a failed connection.
const RETRY: Duration = Duration::from_secs(2);

/// Keeps the push component connected from this keeper or another, for as long as the
/// keeper lives.
pub(crate) fn spawn(inner: &Arc<Inner>) {
    if inner.config.push_component.is_some() {
        services::spawn(inner, LEASE, "push component", RETRY, |inner| async move {
            hold(&inner).await
        });
    }
}

/// Connects and serves until the stream ends or the lease is lost.
async fn hold(inner: &Arc<Inner>) {
    let Some(config) = inner.config.push_component.as_ref() else {
        return;
    };
    let stream = match ComponentStream::connect(config).await {
        Ok(stream) => stream,
        Err(reason) => {
            tracing::warn!(component = %config.jid, %reason, "push component not connected");
            return;
        }
    };
    tracing::info!(component = %config.jid, "push component connected");
    let (mut reader, mut writer) = stream.split();
    // Elements are read in a task of their own: a read is never abandoned half-way.
    let (elements, mut inbound) = mpsc::channel(64);
    let reading = tokio::spawn(async move {
        while let Ok(Some(element)) = reader.next().await {
            if elements.send(element).await.is_err() {
                return;
            }
        }
    });
    let mut heartbeat = tokio::time::interval(inner.config.lease / 3);
    loop {
        tokio::select! {
            element = inbound.recv() => match element {
                Some(element) => serve(inner, &mut writer, element).await,
                None => {
                    tracing::warn!(component = %config.jid, "push component stream ended");
                    break;
                }
            },
            // The lease lasts as long as this keeper's own; it is lost with that (a stall).
            _ = heartbeat.tick() => match inner.service_leases().still_mine(LEASE).await {
                Ok(true) => {}
                Ok(false) => break,
                Err(err) => tracing::warn!(error = %err, "push component lease unreadable"),
            },
        }
    }
    reading.abort();
    writer.close().await;
}

/// Answers one stanza: a push notification is acknowledged and pushed to the browsers.
async fn serve(inner: &Arc<Inner>, writer: &mut StreamWriter, element: Element) {
    if element.name() != "iq" {
        return; // presences and messages (e.g. privilege advertisements) need no answer
    }
    let Ok(iq) = Iq::try_from(element) else {
        return;
    };
    let (from, to, id, payload) = match iq {
        Iq::Set {
            from,
            to,
            id,
            payload,
        } => (from, to, id, Some(payload)),
        Iq::Get { from, to, id, .. } => (from, to, id, None),
        Iq::Result { .. } | Iq::Error { .. } => return,
    };
    let accepted = payload.and_then(|payload| summary(inner, from.as_ref(), payload));
    let reply = match &accepted {
        Some(_) => Iq::Result {
            from: to,
            to: from,
            id,
            payload: None,
        },
        None => Iq::Error {
            from: to,
            to: from,
            id,
            error: StanzaError::new(
                ErrorType::Cancel,
                DefinedCondition::FeatureNotImplemented,
                "en",
                "this component takes XEP-0357 push notifications only",
            ),
            payload: None,
        },
    };
    if let Err(reason) = writer.send(reply.into()).await {
        tracing::warn!(%reason, "push component answer not sent");
    }
    if let (Some((user, notification)), Some(pusher)) = (accepted, inner.push.get()) {
        let pusher = Arc::clone(pusher);
        tokio::spawn(async move {
            if let Err(err) = pusher.notify(&user, &notification).await {
                tracing::warn!(%user, error = %err, "push from the server's notification failed");
            }
        });
    }
}

/// The user and notification of an XEP-0357 publish. The server sends it in its own name
/// (only it can), to the node the user enabled: their username.
fn summary(inner: &Inner, from: Option<&Jid>, payload: Element) -> Option<(String, Notification)> {
    let from = from?;
    if from.node().is_some() || from.domain().as_str() != inner.xmpp.domain.as_str() {
        tracing::warn!(%from, "push notification not from the XMPP server refused");
        return None;
    }
    let PubSub::Publish { publish, .. } = PubSub::try_from(payload).ok()? else {
        return None;
    };
    let user = publish.node.0;
    let item = publish.items.into_iter().next()?;
    let summary = PushSummary::try_from(item.payload.clone()?).ok()?;
    let form = summary.form;
    let field = |var: &str| {
        form.as_ref()?
            .fields
            .iter()
            .find(|f| f.var.as_deref() == Some(var))
            .and_then(|f| f.values.first().cloned())
    };
    let sender = field("last-message-sender")
        .map(|s| s.split('/').next().unwrap_or_default().to_string())
        .unwrap_or_default();
    let body = field("last-message-body").unwrap_or_else(|| "New message".into());
    Some((user, Notification::message(&sender, &body).fitted()))
}
