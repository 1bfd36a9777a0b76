//! SparkWeb's Web Push routes: the VAPID public key, subscriptions, and pushes from one
//! user to another (`notify`, `message`), plus the action a notification's reply button
//! posts back (`webpush.message`: the reply goes out as a chat message).

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::ErrorKind;
use crate::auth::Principal;
use crate::directory::profiles::{self, Profile};
use crate::entities::{UserEntities, UserEntity};
use crate::routes::endpoint;
use crate::routes::{Empty, Endpoint, Json, Req, Text};
use xwg_core::identity::{Address, Username};
use xwg_core::keeper::IqKind;
use xwg_core::push::subscriptions::{self, Browser};
use xwg_core::push::{Action, Notification, REPLY, endpoints};
use xwg_core::xmpp::chat::Outgoing;
use xwg_core::xmpp::push;

use crate::messages;
use crate::{ApiError, Ctx};

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PublicKey {
    public_key: String,
}

/// `GET /rest/webpush/vapidkey` → `{publicKey}`, the browser's `applicationServerKey`.
pub struct WebpushVapidKey;

impl Endpoint for WebpushVapidKey {
    endpoint!(get "webpush_vapid_key", "/sparkweb/api/rest/webpush/vapidkey",
        "The VAPID public key browsers subscribe with: {publicKey}",
        caller: Principal, reply: Json<PublicKey>);

    async fn handle(ctx: &Ctx, _: Principal, _: Req<Self>) -> Result<Json<PublicKey>, ApiError> {
        Ok(Json(PublicKey {
            public_key: ctx.push.vapid().await?.public_key().to_string(),
        }))
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ResourcePath {
    /// The browser or device this subscription is for (a new one replaces its old one).
    resource: String,
}

/// `PUT /rest/webpush/subscribe/{resource}`, body = the browser's `PushSubscription` JSON.
/// Replaces the user's subscription for that resource, and asks the XMPP server to push
/// to the gateway while the user has no session (XEP-0357), when the gateway runs a push
/// component.
pub struct WebpushSubscribe;

impl Endpoint for WebpushSubscribe {
    endpoint!(put "webpush_subscribe", "/sparkweb/api/rest/webpush/subscribe/{resource}",
        "Store the browser's push subscription (body: PushSubscription JSON) for this resource",
        caller: Principal, path: ResourcePath, body: Json<Browser>, reply: Empty);

    async fn handle(ctx: &Ctx, user: Principal, req: Req<Self>) -> Result<Empty, ApiError> {
        let subscription = subscriptions::from_browser(&req.path.resource, req.body.0)?;
        let endpoint = url::Url::parse(&subscription.endpoint)
            .map_err(|_| ApiError::bad_request("The subscription's endpoint is not a URL."))?;
        endpoints::check(&endpoint, &ctx.config.push.allow_endpoints).await?;
        subscriptions::put(ctx.store.as_ref(), &user.username, &subscription).await?;
        if let Some(component) = &ctx.config.push.component {
            let enable = push::enable(component, &user.username);
            ctx.keeper
                .iq(&user.username, None, IqKind::Set, enable)
                .await?;
        }
        Ok(Empty)
    }
}

/// `GET /rest/webpush/subscribers`: the users with a push subscription (names, not emails:
/// any user may ask).
pub struct WebpushSubscribers;

impl Endpoint for WebpushSubscribers {
    endpoint!(get "webpush_subscribers", "/sparkweb/api/rest/webpush/subscribers",
        "The users with a push subscription: {users: […]}",
        caller: Principal, reply: Json<UserEntities>);

    async fn handle(ctx: &Ctx, _: Principal, _: Req<Self>) -> Result<Json<UserEntities>, ApiError> {
        let mut users = Vec::new();
        for username in subscriptions::subscribers(ctx.store.as_ref()).await? {
            let profile = profiles::profile(ctx, &username).await?;
            let without_email = Profile {
                email: String::new(),
                ..profile
            };
            users.push(UserEntity::new(username, without_email));
        }
        Ok(Json(UserEntities { users }))
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct TargetPath {
    /// The user to push to (a username of the gateway's domain).
    #[param(value_type = String)]
    target: Username,
}

/// Pushes to every subscription of the target user; a target without one is a 404.
/// Sends a notification from `sender` to every subscription of `target`: only to a user
/// who has the sender in their roster, unless the gateway allows pushing to anyone
/// (`XWG_PUSH_TO=anyone`) or the sender is an admin.
async fn push_to(
    ctx: &Ctx,
    sender: &Principal,
    target: &Username,
    notification: &Notification,
) -> Result<Empty, ApiError> {
    let jid = target.at(ctx.domain());
    if subscriptions::of_user(ctx.store.as_ref(), target)
        .await?
        .is_empty()
    {
        return Err(
            ApiError::not_found(format!("{jid} has no push subscription."))
                .named(ErrorKind::NoSubscription),
        );
    }
    let privileged =
        ctx.config.privacy.push_to_anyone || ctx.config.tokens.is_admin(&sender.username);
    if !privileged {
        let me = sender.username.at(ctx.domain());
        let known = ctx.on(target).roster_find(&me).await?;
        if known.is_none() {
            return Err(ApiError::forbidden(format!(
                "You can push only to users who have you in their contacts; {jid} does not."
            )));
        }
    }
    let report = ctx.push.notify(target, notification).await?;
    if report.delivered == 0 {
        return Err(ApiError::not_found(format!(
            "{jid} has no working push subscription ({} removed as gone, {} failed).",
            report.removed, report.failed
        ))
        .named(ErrorKind::NoSubscription));
    }
    Ok(Empty)
}

/// `POST /rest/webpush/notify/{target}`, body = a `NotificationEntity`.
pub struct WebpushNotify;

impl Endpoint for WebpushNotify {
    endpoint!(post "webpush_notify", "/sparkweb/api/rest/webpush/notify/{target}",
        "Push a notification (body: NotificationEntity) to every subscription of a user",
        caller: Principal, path: TargetPath, body: Json<Notification>, reply: Empty);

    async fn handle(ctx: &Ctx, user: Principal, req: Req<Self>) -> Result<Empty, ApiError> {
        push_to(ctx, &user, &req.path.target, &req.body.0).await
    }
}

/// `POST /rest/webpush/message/{target}`, body = the text: a notification from the caller
/// with a reply action.
pub struct WebpushMessage;

impl Endpoint for WebpushMessage {
    endpoint!(post "webpush_message", "/sparkweb/api/rest/webpush/message/{target}",
        "Push a text (the body) with a reply action to every subscription of a user",
        caller: Principal, path: TargetPath, body: Text, reply: Empty);

    async fn handle(ctx: &Ctx, user: Principal, req: Req<Self>) -> Result<Empty, ApiError> {
        let Text(text) = req.body;
        if text.trim().is_empty() {
            return Err(ApiError::bad_request(
                "Send the message text as the request body.",
            ));
        }
        let from = user.username.at(ctx.domain()).to_string();
        push_to(
            ctx,
            &user,
            &req.path.target,
            &Notification::message(&from, &text),
        )
        .await
    }
}

/// `POST /rest/webpush/action`, body = a `NotificationActionEntity`. `webpush.message`
/// sends `value` as a chat message from the caller to `data` (the notification's sender).
pub struct WebpushAction;

impl Endpoint for WebpushAction {
    endpoint!(post "webpush_action", "/sparkweb/api/rest/webpush/action",
        "A notification's action (body: NotificationActionEntity); webpush.message sends the \
         reply as a chat message",
        caller: Principal, body: Json<Action>, reply: Empty);

    async fn handle(ctx: &Ctx, user: Principal, req: Req<Self>) -> Result<Empty, ApiError> {
        let Json(action) = req.body;
        if action.action != REPLY {
            return Err(ApiError::bad_request(format!(
                "Unknown action `{}`: the gateway handles `{REPLY}`.",
                action.action
            )));
        }
        let to = action
            .data
            .ok_or_else(|| ApiError::bad_request("A reply needs `data`: the JID to answer."))?;
        let to = Address::parse(&to)?;
        let text = action.value.unwrap_or_default();
        messages::send(ctx, &user.username, &to, Outgoing::text(text), None).await?;
        Ok(Empty)
    }
}
