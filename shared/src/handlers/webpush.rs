//! SparkWeb's Web Push routes: the VAPID public key, subscriptions, and pushes from one
//! user to another (`notify`, `message`), plus the action a notification's reply button
//! posts back (`webpush.message`: the reply goes out as a chat message).

use lambda_http::{Body, Request, Response};
use serde::Serialize;

use crate::auth::Principal;
use crate::directory::profiles::{self, Profile};
use crate::handlers::chat::send_chat;
use crate::handlers::user::{UserEntities, UserEntity};
use crate::http_io::{body_text, json_body, ok_empty, ok_json, path_param};
use crate::keeper::IqKind;
use crate::push::{Action, Notification, REPLY, enable_server_push, subscriptions};
use crate::xmpp::user_jid;
use crate::{ApiError, Ctx};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PublicKey {
    public_key: String,
}

/// `GET /rest/webpush/vapidkey` → `{publicKey}`, the browser's `applicationServerKey`.
pub async fn vapid_key(ctx: &Ctx, _req: Request) -> Result<Response<Body>, ApiError> {
    ok_json(&PublicKey {
        public_key: ctx.push.vapid().await?.public_key().to_string(),
    })
}

/// `PUT /rest/webpush/subscribe/{resource}`, body = the browser's `PushSubscription` JSON.
/// Replaces the user's subscription for that resource, and asks the XMPP server to push
/// to the gateway while the user has no session (XEP-0357), when the gateway runs a push
/// component.
pub async fn subscribe(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let principal = Principal::of(&req)?;
    let resource = path_param(&req, "resource")?;
    let subscription = subscriptions::parse(&resource, &body_text(&req)?)?;
    subscriptions::put(ctx.store.as_ref(), &principal.username, &subscription).await?;
    if let Some(enable) = ctx
        .config
        .push
        .component
        .as_deref()
        .and_then(|component| enable_server_push(component, &principal.username))
    {
        ctx.keeper
            .iq(&principal.username, None, IqKind::Set, enable)
            .await?;
    }
    ok_empty()
}

/// `GET /rest/webpush/subscribers`: the users with a push subscription (names, not emails:
/// any user may ask).
pub async fn subscribers(ctx: &Ctx, _req: Request) -> Result<Response<Body>, ApiError> {
    let mut users = Vec::new();
    for username in subscriptions::subscribers(ctx.store.as_ref()).await? {
        let profile = profiles::profile(ctx, &username).await?;
        let without_email = Profile {
            email: String::new(),
            ..profile
        };
        users.push(UserEntity::new(username, without_email));
    }
    ok_json(&UserEntities { users })
}

/// Pushes to every subscription of the target user; a target without one is a 404.
async fn push_to(
    ctx: &Ctx,
    target: &str,
    notification: &Notification,
) -> Result<Response<Body>, ApiError> {
    let jid = user_jid(target, &ctx.config.xmpp.domain)?;
    let report = ctx.push.notify(target, notification).await?;
    if report.delivered == 0 {
        return Err(ApiError::new(
            http::StatusCode::NOT_FOUND,
            "NoSubscription",
            format!(
                "{jid} has no working push subscription ({} removed as gone, {} failed).",
                report.removed, report.failed
            ),
        ));
    }
    ok_empty()
}

/// `POST /rest/webpush/notify/{target}`, body = a `NotificationEntity`.
pub async fn notify(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    Principal::of(&req)?;
    let notification: Notification = json_body(
        &req,
        r#"{"subject": …, "body": …, "actions": [{"action": …, "title": …}]}"#,
    )?;
    push_to(ctx, &path_param(&req, "target")?, &notification).await
}

/// `POST /rest/webpush/message/{target}`, body = the text: a notification from the caller
/// with a reply action.
pub async fn message(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let principal = Principal::of(&req)?;
    let text = body_text(&req)?;
    if text.trim().is_empty() {
        return Err(ApiError::bad_request(
            "Send the message text as the request body.",
        ));
    }
    let from = user_jid(&principal.username, &ctx.config.xmpp.domain)?.to_string();
    push_to(
        ctx,
        &path_param(&req, "target")?,
        &Notification::message(&from, &text),
    )
    .await
}

/// `POST /rest/webpush/action`, body = a `NotificationActionEntity`. `webpush.message`
/// sends `value` as a chat message from the caller to `data` (the notification's sender).
pub async fn action(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let principal = Principal::of(&req)?;
    let action: Action = json_body(
        &req,
        r#"{"action": "webpush.message", "data": <JID>, "value": <text>}"#,
    )?;
    if action.action != REPLY {
        return Err(ApiError::bad_request(format!(
            "Unknown action `{}`: the gateway handles `{REPLY}`.",
            action.action
        )));
    }
    let to = action
        .data
        .ok_or_else(|| ApiError::bad_request("A reply needs `data`: the JID to answer."))?;
    send_chat(
        ctx,
        &principal.username,
        &to,
        action.value.unwrap_or_default(),
    )
    .await?;
    ok_empty()
}
