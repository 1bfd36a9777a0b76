//! Webhooks in the keeper: the events a session logs are queued for the webhooks that want
//! them ([`offer`]), and one keeper of the fleet at a time (a lease) delivers every
//! webhook's queue in order ([`spawn`]): an endpoint that fails is tried again after a wait
//! that doubles, up to a ceiling, and paused once it has failed for `give_up`.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use xwg_core::events::Event;
use xwg_core::projections::inbox::now_ms;
use xwg_core::webhooks::{self, Webhook, queue, sender::Sender};

use crate::Inner;
use crate::lease::Holder;
use crate::services;

/// The lease of webhook delivery (`@`: no username has one).
const LEASE: &str = "@webhooks";
/// How long the list of webhooks is trusted before it is read again: a new webhook gets
/// events from at most this long after it was registered.
const LIST_FRESH: Duration = Duration::from_secs(2);
/// How long to wait before looking at the lease again after losing it or not getting it.
const RETRY: Duration = Duration::from_secs(1);
/// Deliveries read from a queue at once.
const BATCH: usize = 50;

/// The webhooks as last read, and when.
#[derive(Default)]
pub(crate) struct Registered(Mutex<Option<(Instant, Arc<Vec<Webhook>>)>>);

impl Registered {
    /// The webhooks, read again when the last read is older than [`LIST_FRESH`].
    async fn current(&self, inner: &Inner) -> Arc<Vec<Webhook>> {
        if let Some((read, hooks)) = &*self.0.lock().unwrap_or_else(|p| p.into_inner())
            && read.elapsed() < LIST_FRESH
        {
            return Arc::clone(hooks);
        }
        self.refresh(inner).await
    }

    /// The webhooks as the store has them now (the last list if it cannot be read).
    async fn refresh(&self, inner: &Inner) -> Arc<Vec<Webhook>> {
        match webhooks::list(inner.store.as_ref()).await {
            Ok(hooks) => {
                let hooks = Arc::new(hooks);
                *self.0.lock().unwrap_or_else(|p| p.into_inner()) =
                    Some((Instant::now(), Arc::clone(&hooks)));
                hooks
            }
            Err(err) => {
                tracing::warn!(error = %err, "webhooks not read; using the last list");
                self.0
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .as_ref()
                    .map(|(_, hooks)| Arc::clone(hooks))
                    .unwrap_or_default()
            }
        }
    }

    /// Whether a webhook names the user: their session is kept (never ended as idle), so
    /// their events keep coming while no page or back-end calls.
    pub(crate) async fn name(&self, inner: &Inner, user: &str) -> bool {
        self.current(inner).await.iter().any(|hook| {
            hook.users
                .iter()
                .flatten()
                .any(|named| named.eq_ignore_ascii_case(user))
        })
    }
}

/// Queues the event for every webhook that wants it. A store failure loses that delivery
/// (logged), never the session.
pub(crate) async fn offer(inner: &Inner, user: &str, event: &Event) {
    // The gateway's own XMPP admin account is no user of the gateway.
    if inner
        .config
        .admin
        .as_ref()
        .is_some_and(|admin| admin.user == user)
    {
        return;
    }
    let hooks = inner.webhooks.current(inner).await;
    let now_ms = now_ms();
    let keep = inner.config.webhooks.keep.as_secs() as i64;
    for hook in hooks.iter().filter(|hook| hook.wants(user, &event.payload)) {
        let delivery = webhooks::delivery(user, event, now_ms);
        let expires = inner.clock.now() + keep;
        if let Err(err) =
            queue::push(inner.store.as_ref(), &hook.id, &delivery, event.id, expires).await
        {
            tracing::error!(webhook = %hook.id, error = %err, "webhook delivery not queued");
        }
    }
}

/// Delivers webhooks from this keeper or another, for as long as the keeper lives.
pub(crate) fn spawn(inner: &Arc<Inner>) {
    services::spawn(
        inner,
        LEASE,
        "webhook delivery",
        RETRY,
        |inner| async move { deliver_while_holding(&inner).await },
    );
}

/// Delivers until the lease is lost or the keeper drains.
async fn deliver_while_holding(inner: &Arc<Inner>) {
    let sender = match Sender::new(&inner.config.webhooks.allow_endpoints) {
        Ok(sender) => sender,
        Err(err) => {
            tracing::error!(error = %err, "no HTTP client for webhooks");
            return;
        }
    };
    let renew_every = inner.config.lease / 3;
    let mut renewed = Instant::now();
    loop {
        if inner.draining.load(std::sync::atomic::Ordering::SeqCst) {
            return;
        }
        if renewed.elapsed() >= renew_every {
            match inner.service_leases().acquire_service(LEASE).await {
                Ok(Some(Holder::Me)) => renewed = Instant::now(),
                _ => return,
            }
        }
        // Read afresh: a pause, a deletion or a new secret applies from the next round.
        let hooks = inner.webhooks.refresh(inner).await;
        let rounds = hooks
            .iter()
            .filter(|hook| hook.paused.is_none())
            .map(|hook| deliver_some(inner, &sender, hook));
        futures::future::join_all(rounds).await;
        tokio::time::sleep(inner.config.webhooks.poll).await;
    }
}

/// Delivers what waits for one webhook, oldest first, until one fails.
async fn deliver_some(inner: &Inner, sender: &Sender, hook: &Webhook) {
    let store = inner.store.as_ref();
    let mut standing = match queue::standing(store, &hook.id).await {
        Ok(standing) => standing,
        Err(err) => {
            tracing::warn!(webhook = %hook.id, error = %err, "webhook standing unreadable");
            return;
        }
    };
    if standing.next_attempt > now_ms() {
        return;
    }
    let waiting = match queue::oldest(store, &hook.id, BATCH).await {
        Ok(waiting) => waiting,
        Err(err) => {
            tracing::warn!(webhook = %hook.id, error = %err, "webhook queue unreadable");
            return;
        }
    };
    if waiting.is_empty() {
        return;
    }
    let before = standing.clone();
    for (key, delivery) in waiting {
        match sender.post(hook, &delivery, inner.clock.now()).await {
            Ok(()) => {
                if let Err(err) = queue::done(store, &hook.id, &key).await {
                    // Sent again at the next round: the receiver de-duplicates by id.
                    tracing::warn!(webhook = %hook.id, error = %err, "delivered, not yet removed");
                    break;
                }
                standing.failures = 0;
                standing.failing_since = None;
                standing.last_error = None;
                standing.delivered += 1;
            }
            Err(reason) => {
                failed(inner, hook, &mut standing, reason).await;
                break;
            }
        }
    }
    if standing != before
        && let Err(err) = queue::set_standing(store, &hook.id, &standing).await
    {
        tracing::warn!(webhook = %hook.id, error = %err, "webhook standing not written");
    }
}

/// Counts a failure: the next attempt waits longer; one failing for too long pauses the
/// webhook, with the reason.
async fn failed(inner: &Inner, hook: &Webhook, standing: &mut queue::Standing, reason: String) {
    let config = &inner.config.webhooks;
    let now = now_ms();
    standing.failures += 1;
    let since = *standing.failing_since.get_or_insert(now);
    let wait = config
        .retry_first
        .saturating_mul(2u32.saturating_pow(standing.failures.saturating_sub(1).min(20)))
        .min(config.retry_max);
    standing.next_attempt = now + wait.as_millis() as i64;
    tracing::warn!(webhook = %hook.id, failures = standing.failures, %reason, "webhook delivery failed");
    standing.last_error = Some(reason.clone());
    if now - since >= config.give_up.as_millis() as i64 {
        let why = format!(
            "paused after failing for {} s ({} attempts); last: {reason}",
            (now - since) / 1000,
            standing.failures
        );
        tracing::error!(webhook = %hook.id, "{why}");
        if let Err(err) = webhooks::change(inner.store.as_ref(), &hook.id, |hook| {
            hook.paused = Some(why.clone());
        })
        .await
        {
            tracing::warn!(webhook = %hook.id, error = %err, "webhook not paused");
        }
    }
}
