//! `config/properties`: the user's client settings in their server-side private XML
//! storage (XEP-0049), and `config/global`: what a web app needs to know of the gateway.

use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::Principal;
use crate::routes::{Anyone, Empty, Endpoint, Json, JsonText, Meta, NoParams, Req, Text};
use crate::xmpp::private;
use crate::{ApiError, Ctx};

const PROPERTIES: &str = "/sparkweb/api/rest/config/properties";

/// `GET /rest/config/properties`: what was stored, or `{}`.
pub struct GetProperties;

impl Endpoint for GetProperties {
    const META: Meta = Meta::get(
        "get_properties",
        PROPERTIES,
        "The user's client properties (private XML storage, XEP-0049)",
    );
    type Caller = Principal;
    type Path = NoParams;
    type Query = NoParams;
    type Body = ();
    type Reply = JsonText;

    async fn handle(ctx: &Ctx, user: Principal, _: Req<Self>) -> Result<JsonText, ApiError> {
        let stored = private::properties(ctx.keeper.as_ref(), &user.username).await?;
        Ok(JsonText(stored.unwrap_or_else(|| "{}".into())))
    }
}

/// `POST /rest/config/properties`, body = the properties (kept as sent, up to 64 KiB).
pub struct SetProperties;

impl Endpoint for SetProperties {
    const META: Meta = Meta::post(
        "set_properties",
        PROPERTIES,
        "Store the user's client properties (the body)",
    );
    type Caller = Principal;
    type Path = NoParams;
    type Query = NoParams;
    type Body = Text;
    type Reply = Empty;
    /// What private storage keeps for a client.
    const BODY_LIMIT: usize = 64 * 1024;

    async fn handle(ctx: &Ctx, user: Principal, req: Req<Self>) -> Result<Empty, ApiError> {
        let Text(text) = req.body;
        private::store_properties(ctx.keeper.as_ref(), &user.username, text).await?;
        Ok(Empty)
    }
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GlobalConfig {
    /// Upstream's fields: the gateway's version and what it is.
    version: &'static str,
    about: &'static str,
    domain: String,
    registration: bool,
    webauthn: WebAuthnSettings,
    upload_service: String,
    webpush: WebPushSettings,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WebAuthnSettings {
    rp_id: String,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WebPushSettings {
    /// Whether the XMPP server pushes to the gateway while a user has no session (XEP-0357).
    server_push: bool,
}

/// `GET /rest/config/global`: the gateway's public settings (no token needed, as upstream).
pub struct GetGlobalConfig;

impl Endpoint for GetGlobalConfig {
    const META: Meta = Meta::get(
        "get_global_config",
        "/sparkweb/api/rest/config/global",
        "The gateway's public settings",
    );
    type Caller = Anyone;
    type Path = NoParams;
    type Query = NoParams;
    type Body = ();
    type Reply = Json<GlobalConfig>;

    async fn handle(ctx: &Ctx, _: Anyone, _: Req<Self>) -> Result<Json<GlobalConfig>, ApiError> {
        Ok(Json(GlobalConfig {
            version: env!("CARGO_PKG_VERSION"),
            about: "XMPP Web Gateway: REST, Server-Sent Events and Web Push for XMPP",
            domain: ctx.config.xmpp.domain.clone(),
            registration: ctx.config.registration,
            webauthn: WebAuthnSettings {
                rp_id: ctx.config.webauthn.rp_id.clone(),
            },
            upload_service: ctx.config.upload_service.to_string(),
            webpush: WebPushSettings {
                server_push: ctx.config.push.component.is_some(),
            },
        }))
    }
}
