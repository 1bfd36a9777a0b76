//! The user's own presence, and what the session has seen of others'.

use lambda_http::{Body, Request, Response};
use serde::Serialize;
use tokio_xmpp::Stanza;
use tokio_xmpp::parsers::presence::{Presence, Show};

use crate::auth::Principal;
use crate::http_io::{ok_empty, ok_json, path_param, query_param};
use crate::xmpp::{address, presences};
use crate::{ApiError, Ctx};

/// SparkWeb's `PresenceEntity`.
#[derive(Serialize)]
struct PresenceEntity {
    username: String,
    show: String,
    status: String,
}

/// `POST /rest/presence?show=…&status=…`: the user's presence (show: empty or `online`,
/// `chat`, `away`, `xa`, `dnd`; or `unavailable`).
pub async fn set_presence(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let user = &Principal::of(&req)?.username;
    let show = query_param(&req, "show").unwrap_or_default();
    let mut presence = match show.as_str() {
        "unavailable" => Presence::unavailable(),
        "" | "online" | "available" => Presence::available(),
        other => Presence::available().with_show(match other {
            "chat" => Show::Chat,
            "away" => Show::Away,
            "xa" => Show::Xa,
            "dnd" => Show::Dnd,
            _ => {
                return Err(ApiError::bad_request(format!(
                    "`{other}` is not a show value: use online, chat, away, xa, dnd or unavailable."
                )));
            }
        }),
    };
    if let Some(status) = query_param(&req, "status").filter(|s| !s.is_empty()) {
        presence.set_status("", &status);
    }
    ctx.keeper.send(user, Stanza::Presence(presence)).await?;
    ok_empty()
}

/// `GET /rest/presence/{target}`: the contact's presence as the session last saw it
/// (`show: unavailable` when it saw none: not online, or not sharing presence).
pub async fn get_presence(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let user = &Principal::of(&req)?.username;
    let target = address(&path_param(&req, "target")?, &ctx.config.xmpp.domain)?.to_bare();
    // The session must be open for its view of presences to mean anything.
    ctx.keeper.ensure_session(user).await?;
    let seen = presences::of(ctx.store.as_ref(), user, &target.to_string()).await?;
    ok_json(&PresenceEntity {
        username: target.to_string(),
        show: seen
            .as_ref()
            .map_or("unavailable".into(), |s| s.show.clone()),
        status: seen.map(|s| s.status).unwrap_or_default(),
    })
}
