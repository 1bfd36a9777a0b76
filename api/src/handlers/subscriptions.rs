//! Presence subscriptions (RFC 6121 §3) through the user's session: the requests contacts
//! made that wait for an answer, and the user's approve/deny/request/cancel.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use http::StatusCode;
use tokio_xmpp::jid::BareJid;
use xwg_core::identity::{Address, Domain};
use xwg_core::projections::subscriptions::{self, Waiting};
use xwg_core::xmpp::subscriptions::Action;

use crate::auth::Principal;
use crate::routes::endpoint;
use crate::routes::{Empty, Endpoint, Json, Req};
use crate::{ApiError, Ctx, ErrorKind};

#[derive(Serialize, ToSchema)]
pub struct Requests {
    requests: Vec<Waiting>,
}

/// `GET /rest/roster/requests`.
pub struct GetSubscriptionRequests;

impl Endpoint for GetSubscriptionRequests {
    endpoint!(get "get_subscription_requests", "/sparkweb/api/rest/roster/requests",
        "Subscription requests waiting for the user's answer: {requests: [{jid, since}]}",
        caller: Principal, reply: Json<Requests>);

    async fn handle(ctx: &Ctx, user: Principal, _: Req<Self>) -> Result<Json<Requests>, ApiError> {
        let requests = subscriptions::waiting(ctx.store.as_ref(), &user.username).await?;
        Ok(Json(Requests { requests }))
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct SubscriptionPath {
    /// The contact's JID (or a local username).
    #[param(value_type = String)]
    jid: Address,
    /// `approve`, `deny`, `request` or `cancel`.
    #[param(inline)]
    action: Action,
}

/// `POST /rest/roster/{jid}/subscription/{action}`.
pub struct Subscription;

impl Endpoint for Subscription {
    endpoint!(post "subscription", "/sparkweb/api/rest/roster/{jid}/subscription/{action}",
        "Approve or deny a contact's waiting subscription request (404 when none waits), request \
         the contact's presence or cancel that subscription",
        caller: Principal, path: SubscriptionPath, reply: Empty);

    async fn handle(ctx: &Ctx, user: Principal, req: Req<Self>) -> Result<Empty, ApiError> {
        let domain = ctx.domain();
        let contact = contact(&req.path.jid, &user.username.at(domain), domain)?;
        let store = ctx.store.as_ref();
        if req.path.action == Action::Approve
            && !subscriptions::is_waiting(store, &user.username, &contact).await?
        {
            return Err(ApiError::new(
                StatusCode::NOT_FOUND,
                ErrorKind::NoSubscriptionRequest,
                format!(
                    "{contact} has not asked to see your presence, so there is nothing to \
                     approve. To let a contact see it before they ask, add them to the roster \
                     with subscriptionType 2 (or 3)."
                ),
            ));
        }
        let action = req.path.action;
        ctx.on(&user.username)
            .subscription_act(&contact, action)
            .await?;
        // An answer to a waiting request takes it off the list.
        if matches!(action, Action::Approve | Action::Deny) {
            subscriptions::answered(store, &user.username, &contact).await?;
        }
        Ok(Empty)
    }
}

/// The other account a subscription action is about: a bare JID with a local part (users
/// subscribe to accounts, not to servers, rooms or one device), not the user's own.
fn contact(given: &Address, own: &BareJid, domain: &Domain) -> Result<BareJid, ApiError> {
    let jid = given.resolve(domain);
    let bare = jid.to_bare();
    let refused = |why: &str| {
        ApiError::bad_request(format!(
            "`{given}` {why}; subscriptions are with another account: user@domain."
        ))
    };
    if jid.resource().is_some() {
        return Err(refused("names one device (a full JID)"));
    }
    if bare.node().is_none() {
        return Err(refused("is a server or service, not an account"));
    }
    if bare == *own {
        return Err(refused("is your own account"));
    }
    Ok(bare)
}
