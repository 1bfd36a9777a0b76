//! `config/properties`: the user's client settings in their server-side private XML
//! storage (XEP-0049), shown with who the user is, as upstream does; and `config/global`:
//! what a web app needs to know of the gateway.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use utoipa::ToSchema;

use crate::auth::Principal;
use crate::directory::{groups, profiles};
use crate::routes::endpoint;
use crate::routes::request::check_json_text;
use crate::routes::{Anyone, Empty, Endpoint, Json, JsonText, Req, Text};
use crate::{ApiError, Ctx};

const PROPERTIES: &str = "/sparkweb/api/rest/config/properties";

/// What the answer says of the user, beside the stored properties (not stored themselves).
const ABOUT_THE_USER: [&str; 5] = ["domain", "username", "name", "email", "groups"];

/// Stored properties as an object (`None`: what is stored is not one).
fn as_object(stored: Option<&str>) -> Option<Map<String, Value>> {
    match stored.map(serde_json::from_str::<Value>) {
        None => Some(Map::new()),
        Some(Ok(Value::Object(properties))) => Some(properties),
        Some(_) => None,
    }
}

/// `GET /rest/config/properties`: the stored properties with `domain`, `username`, `name`,
/// `email` and `groups` of the user, as upstream answers.
pub struct GetProperties;

impl Endpoint for GetProperties {
    endpoint!(get "get_properties", PROPERTIES,
        "The user's client properties (private XML storage, XEP-0049) with domain, username, \
         name, email and groups",
        caller: Principal, reply: JsonText);

    async fn handle(ctx: &Ctx, user: Principal, _: Req<Self>) -> Result<JsonText, ApiError> {
        let user = &user.username;
        let text = ctx.on(user).private_properties().await?;
        let Some(mut properties) = as_object(text.as_deref()) else {
            // Stored by an older client, not an object: as it is.
            return Ok(JsonText(text.unwrap_or_default()));
        };
        let profile = profiles::profile(ctx, user).await?;
        let about = [
            ("domain", Value::from(ctx.config.xmpp.domain.as_str())),
            ("username", Value::from(user.as_str())),
            ("name", Value::from(profile.name)),
            ("email", Value::from(profile.email)),
            ("groups", groups_of(ctx, user).await?),
        ];
        for (key, value) in about {
            properties.insert(key.to_string(), value);
        }
        Ok(JsonText(Value::Object(properties).to_string()))
    }
}

/// The most members listed per group.
const MAX_LISTED_MEMBERS: usize = 1_000;

/// The user's groups as upstream lists them: `[{group, description, shared, members:
/// [{username, name, email}]}]`; members' emails only where the directory shows emails.
async fn groups_of(ctx: &Ctx, user: &str) -> Result<Value, ApiError> {
    let with_emails = ctx.config.privacy.directory_emails || ctx.config.tokens.is_admin(user);
    let mut listed = Vec::new();
    for name in groups::of_user(ctx, user).await? {
        let Some(group) = groups::find(ctx, &name).await? else {
            continue;
        };
        let mut members = Vec::new();
        for member in groups::members(ctx, &name)
            .await?
            .into_iter()
            .take(MAX_LISTED_MEMBERS)
        {
            let profile = profiles::profile(ctx, &member).await?;
            let email = if with_emails {
                profile.email
            } else {
                String::new()
            };
            members.push(json!({"username": member, "name": profile.name, "email": email}));
        }
        listed.push(json!({
            "group": group.name,
            "description": group.description,
            "shared": group.shared,
            "members": members,
        }));
    }
    Ok(Value::Array(listed))
}

/// Upstream's form of a change: one property.
#[derive(Deserialize)]
struct Property {
    name: String,
    value: Value,
}

/// `POST /rest/config/properties`, body upstream's `[{name, value}]` (each property set;
/// `name` and `email` change the profile and vCard) or an object (the properties, whole).
pub struct SetProperties;

impl Endpoint for SetProperties {
    endpoint!(post "set_properties", PROPERTIES,
        "Set the user's client properties: [{name, value}] (name and email change the profile) or \
         an object",
        caller: Principal, body: Text, reply: Empty);

    /// What private storage keeps for a client.
    const BODY_LIMIT: usize = 64 * 1024;

    async fn handle(ctx: &Ctx, user: Principal, req: Req<Self>) -> Result<Empty, ApiError> {
        let user = &user.username;
        let body: Value = serde_json::from_str(&req.body.0).map_err(|_| {
            ApiError::bad_request("Send the properties as JSON: [{name, value}] or an object.")
        })?;
        check_json_text(&body)?;
        let mut properties = match body {
            Value::Object(properties) => properties,
            Value::Array(_) => {
                let changes: Vec<Property> = serde_json::from_value(body).map_err(|err| {
                    ApiError::bad_request(format!("Each change is {{name, value}} ({err})."))
                })?;
                let stored = ctx.on(user).private_properties().await?;
                let mut properties = as_object(stored.as_deref()).unwrap_or_default();
                let (mut name, mut email) = (None, None);
                for Property { name: key, value } in changes {
                    let text = || {
                        value
                            .as_str()
                            .map(str::to_string)
                            .unwrap_or(value.to_string())
                    };
                    match key.as_str() {
                        "name" => name = Some(text()),
                        "email" => email = Some(text()),
                        _ => {
                            properties.insert(key, value);
                        }
                    }
                }
                if name.is_some() || email.is_some() {
                    profiles::change(ctx, user, name, email).await?;
                }
                properties
            }
            _ => {
                return Err(ApiError::bad_request(
                    "Send the properties as JSON: [{name, value}] or an object.",
                ));
            }
        };
        // Who the user is comes from the directory, not from what a client stored.
        properties.retain(|key, _| !ABOUT_THE_USER.contains(&key.as_str()));
        let text = Value::Object(properties).to_string();
        ctx.on(user).private_store_properties(text).await?;
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
    endpoint!(get "get_global_config", "/sparkweb/api/rest/config/global",
        "The gateway's public settings",
        caller: Anyone, reply: Json<GlobalConfig>);

    async fn handle(ctx: &Ctx, _: Anyone, _: Req<Self>) -> Result<Json<GlobalConfig>, ApiError> {
        Ok(Json(GlobalConfig {
            version: env!("CARGO_PKG_VERSION"),
            about: "XMPP Web Gateway: REST, Server-Sent Events and Web Push for XMPP",
            domain: ctx.config.xmpp.domain.to_string(),
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
