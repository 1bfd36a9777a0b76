//! The user's own presence, and what the session has seen of others'.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::Principal;
use crate::routes::endpoint;
use crate::routes::{Empty, Endpoint, Json, Req};
use crate::{ApiError, Ctx};
use tokio_xmpp::parsers::roster::Subscription;
use xwg_core::events::Show;
use xwg_core::identity::Address;
use xwg_core::projections::presences;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PresenceQuery {
    /// online (or empty), chat, away, xa, dnd, or unavailable.
    show: Option<String>,
    /// A status text.
    status: Option<String>,
}

/// `POST /rest/presence?show=…&status=…`.
pub struct SetPresence;

impl Endpoint for SetPresence {
    endpoint!(post "set_presence", "/sparkweb/api/rest/presence",
        "Set the user's presence (?show=online|chat|away|xa|dnd|unavailable&status=…)",
        caller: Principal, query: PresenceQuery, reply: Empty);

    async fn handle(ctx: &Ctx, user: Principal, req: Req<Self>) -> Result<Empty, ApiError> {
        let available = match req.query.show.as_deref().unwrap_or_default() {
            "unavailable" => None,
            "" | "online" | "available" => Some(Show::Online),
            "chat" => Some(Show::Chat),
            "away" => Some(Show::Away),
            "xa" => Some(Show::Xa),
            "dnd" => Some(Show::Dnd),
            other => {
                return Err(ApiError::bad_request(format!(
                    "`{other}` is not a show value: use online, chat, away, xa, dnd or unavailable."
                )));
            }
        };
        let status = req.query.status.as_deref().filter(|s| !s.is_empty());
        ctx.on(&user.username)
            .presence_announce(available, status)
            .await?;
        Ok(Empty)
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct TargetPath {
    /// The contact's JID (or a local username).
    #[param(value_type = String)]
    target: Address,
}

/// SparkWeb's `PresenceEntity`.
#[derive(Serialize, ToSchema)]
pub struct PresenceEntity {
    username: String,
    show: String,
    status: String,
}

/// `GET /rest/presence/{target}`: the contact's presence as the session last saw it;
/// `show: unavailable` when it saw none from a contact whose presence the user receives,
/// `unknown` for anyone else (as upstream: not a contact, or not sharing presence).
pub struct GetPresence;

impl Endpoint for GetPresence {
    endpoint!(get "get_presence", "/sparkweb/api/rest/presence/{target}",
        "A contact's presence as the session saw it: {username, show, status}",
        caller: Principal, path: TargetPath, reply: Json<PresenceEntity>);

    async fn handle(
        ctx: &Ctx,
        user: Principal,
        req: Req<Self>,
    ) -> Result<Json<PresenceEntity>, ApiError> {
        let target = req.path.target.resolve(ctx.domain()).to_bare();
        // The session must be open for its view of presences to mean anything.
        ctx.keeper.ensure_session(&user.username).await?;
        let seen = presences::of(ctx.store.as_ref(), &user.username, &target).await?;
        let show = match &seen {
            Some(seen) => seen.show.as_str().to_string(),
            None => {
                let contact = ctx.on(&user.username).roster_find(&target).await?;
                let shared = contact.is_some_and(|c| {
                    matches!(c.subscription, Subscription::To | Subscription::Both)
                });
                if shared { "unavailable" } else { "unknown" }.to_string()
            }
        };
        Ok(Json(PresenceEntity {
            // As asked (a username stays a username), as upstream answers.
            username: req.path.target.to_string(),
            show,
            status: seen.map(|s| s.status).unwrap_or_default(),
        }))
    }
}
