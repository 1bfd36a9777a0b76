//! Presence subscriptions (RFC 6121 §3) through the user's session: the requests contacts
//! made that wait for an answer, and the user's approve/deny/request/cancel.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::Principal;
use crate::routes::{Empty, Endpoint, Json, Meta, NoParams, Req};
use crate::xmpp::address;
use crate::xmpp::subscriptions::{self, Action, Waiting};
use crate::{ApiError, Ctx};

#[derive(Serialize, ToSchema)]
pub struct Requests {
    requests: Vec<Waiting>,
}

/// `GET /rest/roster/requests`.
pub struct GetSubscriptionRequests;

impl Endpoint for GetSubscriptionRequests {
    const META: Meta = Meta::get(
        "get_subscription_requests",
        "/sparkweb/api/rest/roster/requests",
        "Subscription requests waiting for the user's answer: {requests: [{jid, since}]}",
    );
    type Caller = Principal;
    type Path = NoParams;
    type Query = NoParams;
    type Body = ();
    type Reply = Json<Requests>;

    async fn handle(ctx: &Ctx, user: Principal, _: Req<Self>) -> Result<Json<Requests>, ApiError> {
        let requests = subscriptions::waiting(ctx.store.as_ref(), &user.username).await?;
        Ok(Json(Requests { requests }))
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct SubscriptionPath {
    /// The contact's JID (or a local username).
    jid: String,
    /// `approve`, `deny`, `request` or `cancel`.
    #[param(inline)]
    action: Action,
}

/// `POST /rest/roster/{jid}/subscription/{action}`.
pub struct Subscription;

impl Endpoint for Subscription {
    const META: Meta = Meta::post(
        "subscription",
        "/sparkweb/api/rest/roster/{jid}/subscription/{action}",
        "Approve or deny a contact's subscription request (approve before one comes: \
         pre-approval), request the contact's presence or cancel that subscription",
    );
    type Caller = Principal;
    type Path = SubscriptionPath;
    type Query = NoParams;
    type Body = ();
    type Reply = Empty;

    async fn handle(ctx: &Ctx, user: Principal, req: Req<Self>) -> Result<Empty, ApiError> {
        let contact = address(&req.path.jid, &ctx.config.xmpp.domain)?.to_bare();
        let (keeper, store) = (ctx.keeper.as_ref(), ctx.store.as_ref());
        subscriptions::act(keeper, store, &user.username, &contact, req.path.action).await?;
        Ok(Empty)
    }
}
