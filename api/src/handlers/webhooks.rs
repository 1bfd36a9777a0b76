//! Webhooks over HTTP: administrators register endpoints with filters, see how delivery
//! stands (waiting, failures, why paused), resume, rotate the signing secret and delete.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::routes::endpoint;
use crate::routes::{Admin, Empty, Endpoint, Json, Req};
use crate::{ApiError, Ctx};
use xwg_core::projections::inbox::now_ms;
use xwg_core::webhooks::{self, KINDS, Webhook, queue, sender, signing};

/// The most users or rooms a filter names; the most webhooks.
const MAX_NAMED: usize = 1000;
const MAX_WEBHOOKS: usize = 100;
/// Waiting deliveries are counted up to this.
const COUNT_UP_TO: usize = 1000;

/// A webhook to register, or (every field optional) a change to one.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WebhookRequest {
    /// The endpoint: https on a public address (or a `host:port` in
    /// `XWG_WEBHOOK_ALLOW_ENDPOINTS`).
    url: Option<String>,
    /// The kinds of events to deliver: `chat`, `room_message`, `invitation`, `chat_state`,
    /// `receipt`, `presence`, `subscription`, `roster`, `error`, `session`, `retraction`,
    /// `displayed`, `reactions`, `account` (an account created or deleted through the
    /// gateway).
    events: Option<Vec<String>>,
    /// Only events of these users' sessions (usernames of the gateway's users; a session
    /// sees every message to or from its user); left out: every user's.
    users: Option<Vec<String>>,
    /// Only room events of these rooms (bare addresses); left out: any room.
    rooms: Option<Vec<String>>,
    /// `false` resumes a paused webhook (from where it stopped); `true` pauses it.
    paused: Option<bool>,
    /// A new signing secret (shown once); the previous one still signs until
    /// `dropOldSecret`.
    #[serde(rename = "rotateSecret", default)]
    rotate_secret: bool,
    /// Stop signing with all but the newest secret.
    #[serde(rename = "dropOldSecret", default)]
    drop_old_secret: bool,
}

/// A webhook as listed, with how its delivery stands.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WebhookEntity {
    id: String,
    url: String,
    events: Vec<String>,
    users: Option<Vec<String>>,
    rooms: Option<Vec<String>>,
    /// Why delivery is paused, when it is.
    paused: Option<String>,
    /// Deliveries waiting (counted up to 1000).
    waiting: usize,
    delivered: u64,
    /// Failed attempts in a row, the last one's reason, the next attempt (ms).
    failures: u32,
    last_error: Option<String>,
    next_attempt: Option<i64>,
    /// How many secrets sign (2 during a rotation).
    secrets: usize,
    /// The newest signing secret: only in the answer that made it.
    #[serde(skip_serializing_if = "Option::is_none")]
    secret: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct WebhookEntities {
    webhooks: Vec<WebhookEntity>,
}

async fn entity(
    ctx: &Ctx,
    hook: Webhook,
    secret: Option<String>,
) -> Result<WebhookEntity, ApiError> {
    let store = ctx.store.as_ref();
    let standing = queue::standing(store, &hook.id).await?;
    Ok(WebhookEntity {
        waiting: queue::waiting(store, &hook.id, COUNT_UP_TO).await?,
        delivered: standing.delivered,
        failures: standing.failures,
        last_error: standing.last_error,
        next_attempt: (standing.next_attempt > now_ms()).then_some(standing.next_attempt),
        secrets: hook.secrets.len(),
        id: hook.id,
        url: hook.url,
        events: hook.events,
        users: hook.users,
        rooms: hook.rooms,
        paused: hook.paused,
        secret,
    })
}

fn new_secret() -> Result<String, ApiError> {
    signing::new_secret().map_err(|err| {
        tracing::error!(error = %err, "no webhook secret");
        ApiError::internal()
    })
}

fn checked_events(mut events: Vec<String>) -> Result<Vec<String>, ApiError> {
    if events.is_empty() {
        return Err(ApiError::bad_request(format!(
            "Name the kinds of events to deliver: {}.",
            KINDS.join(", ")
        )));
    }
    events.sort();
    events.dedup();
    for event in &events {
        if !KINDS.contains(&event.as_str()) {
            return Err(ApiError::bad_request(format!(
                "There is no event kind `{}`; the kinds are {}.",
                event.chars().take(40).collect::<String>(),
                KINDS.join(", ")
            )));
        }
    }
    Ok(events)
}

/// A filter or limit naming users or rooms (`what`): 1 to 1,000 names or addresses without
/// spaces or `/`, kept lower-cased; left out (`None`): all.
pub(crate) fn checked_names(
    what: &str,
    names: Option<Vec<String>>,
) -> Result<Option<Vec<String>>, ApiError> {
    let Some(names) = names else { return Ok(None) };
    let fine = |name: &String| {
        !name.is_empty()
            && name.len() <= 1023
            && !name
                .chars()
                .any(|c| c.is_control() || c.is_whitespace() || c == '/')
    };
    if names.is_empty() || names.len() > MAX_NAMED {
        return Err(ApiError::bad_request(format!(
            "`{what}` names 1 to {MAX_NAMED} entries; leave it out for all."
        )));
    }
    if let Some(bad) = names.iter().find(|name| !fine(name)) {
        return Err(ApiError::bad_request(format!(
            "`{}` in `{what}` is not a name or an address (no spaces, no `/`).",
            bad.chars().take(64).collect::<String>()
        )));
    }
    Ok(Some(names.into_iter().map(|n| n.to_lowercase()).collect()))
}

async fn checked_url(ctx: &Ctx, url: String) -> Result<String, ApiError> {
    if url.len() > 2048 {
        return Err(ApiError::bad_request("The URL is longer than 2048 bytes."));
    }
    let url = sender::check(&url, &ctx.config.webhooks.allow_endpoints)
        .await
        .map_err(ApiError::bad_request)?;
    Ok(url.to_string())
}

pub struct CreateWebhook;

impl Endpoint for CreateWebhook {
    endpoint!(post "create_webhook", "/sparkweb/api/admin/webhooks",
        "Register a webhook (body {url, events, users?, rooms?}): matching events are POSTed to it, signed; its secret is shown once",
        caller: Admin, body: Json<WebhookRequest>, reply: Json<WebhookEntity>);

    async fn handle(ctx: &Ctx, _: Admin, req: Req<Self>) -> Result<Json<WebhookEntity>, ApiError> {
        let Json(request) = req.body;
        if request.paused.is_some() || request.rotate_secret || request.drop_old_secret {
            return Err(ApiError::bad_request(
                "A new webhook is active with one secret: `paused`, `rotateSecret` and \
                 `dropOldSecret` are for changing one (PUT).",
            ));
        }
        let store = ctx.store.as_ref();
        if webhooks::list(store).await?.len() >= MAX_WEBHOOKS {
            return Err(ApiError::bad_request(format!(
                "This gateway has {MAX_WEBHOOKS} webhooks; delete one first."
            )));
        }
        let url = request
            .url
            .ok_or_else(|| ApiError::bad_request("Give the endpoint's `url`."))?;
        let secret = new_secret()?;
        let hook = Webhook {
            id: uuid::Uuid::new_v4().simple().to_string(),
            url: checked_url(ctx, url).await?,
            events: checked_events(request.events.unwrap_or_default())?,
            users: checked_names("users", request.users)?,
            rooms: checked_names("rooms", request.rooms)?,
            secrets: vec![secret.clone()],
            paused: None,
            created: ctx.clock.now(),
        };
        webhooks::create(store, &hook).await?;
        Ok(Json(entity(ctx, hook, Some(secret)).await?))
    }
}

pub struct ListWebhooks;

impl Endpoint for ListWebhooks {
    endpoint!(get "list_webhooks", "/sparkweb/api/admin/webhooks",
        "The webhooks and how their delivery stands: {webhooks: [{id, url, events, users, rooms, paused, waiting, delivered, failures, lastError, nextAttempt}]}",
        caller: Admin, reply: Json<WebhookEntities>);

    async fn handle(ctx: &Ctx, _: Admin, _: Req<Self>) -> Result<Json<WebhookEntities>, ApiError> {
        let mut listed = Vec::new();
        for hook in webhooks::list(ctx.store.as_ref()).await? {
            listed.push(entity(ctx, hook, None).await?);
        }
        Ok(Json(WebhookEntities { webhooks: listed }))
    }
}

/// `{id}` of a webhook.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct WebhookPath {
    id: String,
}

pub struct UpdateWebhook;

impl Endpoint for UpdateWebhook {
    endpoint!(put "update_webhook", "/sparkweb/api/admin/webhooks/{id}",
        "Change a webhook: its URL or filters, pause or resume it ({paused: false}), rotate its secret ({rotateSecret: true}: the new one is shown once) or drop the old one",
        caller: Admin, path: WebhookPath, body: Json<WebhookRequest>, reply: Json<WebhookEntity>);

    async fn handle(ctx: &Ctx, _: Admin, req: Req<Self>) -> Result<Json<WebhookEntity>, ApiError> {
        let Json(request) = req.body;
        let store = ctx.store.as_ref();
        let url = match request.url {
            Some(url) => Some(checked_url(ctx, url).await?),
            None => None,
        };
        let events = request.events.map(checked_events).transpose()?;
        let users = checked_names("users", request.users)?;
        let rooms = checked_names("rooms", request.rooms)?;
        let secret = if request.rotate_secret {
            Some(new_secret()?)
        } else {
            None
        };
        let resumed = request.paused == Some(false);
        let changed = webhooks::change(store, &req.path.id, |hook| {
            if let Some(url) = &url {
                hook.url.clone_from(url);
            }
            if let Some(events) = &events {
                hook.events.clone_from(events);
            }
            if users.is_some() {
                hook.users.clone_from(&users);
            }
            if rooms.is_some() {
                hook.rooms.clone_from(&rooms);
            }
            match request.paused {
                Some(true) if hook.paused.is_none() => {
                    hook.paused = Some("paused by an administrator".into());
                }
                Some(false) => hook.paused = None,
                _ => {}
            }
            if let Some(secret) = &secret {
                hook.secrets.insert(0, secret.clone());
                hook.secrets.truncate(2);
            }
            if request.drop_old_secret {
                hook.secrets.truncate(1);
            }
        })
        .await?
        .ok_or_else(|| ApiError::not_found("There is no webhook with this id."))?;
        if resumed {
            // Resumed from where it stopped, at once.
            let mut standing = queue::standing(store, &changed.id).await?;
            standing.failures = 0;
            standing.failing_since = None;
            standing.next_attempt = 0;
            queue::set_standing(store, &changed.id, &standing).await?;
        }
        Ok(Json(entity(ctx, changed, secret).await?))
    }
}

pub struct DeleteWebhook;

impl Endpoint for DeleteWebhook {
    endpoint!(delete "delete_webhook", "/sparkweb/api/admin/webhooks/{id}",
        "Delete a webhook and the deliveries waiting for it",
        caller: Admin, path: WebhookPath, reply: Empty);

    async fn handle(ctx: &Ctx, _: Admin, req: Req<Self>) -> Result<Empty, ApiError> {
        let store = ctx.store.as_ref();
        if webhooks::find(store, &req.path.id).await?.is_none() {
            return Err(ApiError::not_found("There is no webhook with this id."));
        }
        webhooks::delete(store, &req.path.id).await?;
        Ok(Empty)
    }
}
