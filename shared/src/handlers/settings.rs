//! `config/properties`: the user's client settings in their server-side private XML
//! storage (XEP-0049), and `config/global`: what a web app needs to know of the gateway.

use lambda_http::{Body, Request, Response};
use serde_json::json;
use tokio_xmpp::minidom::Element;

use crate::auth::Principal;
use crate::http_io::{body_text, ok_empty, ok_json};
use crate::keeper::IqKind;
use crate::{ApiError, Ctx};

const PRIVATE: &str = "jabber:iq:private";
/// Our element in the private storage: the properties as text (JSON, usually).
const PROPERTIES: &str = "urn:xmpp-web-gateway:properties";

fn query(properties: Element) -> Element {
    Element::builder("query", PRIVATE)
        .append(properties)
        .build()
}

fn text_response(text: String) -> Response<Body> {
    let mut response = Response::new(Body::Text(text));
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/json"),
    );
    response
}

/// `GET /rest/config/properties`: what was stored, or `{}`.
pub async fn get_properties(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let user = &Principal::of(&req)?.username;
    let request = query(Element::builder("properties", PROPERTIES).build());
    let answer = ctx.keeper.iq(user, None, IqKind::Get, request).await?;
    let text = answer
        .as_ref()
        .and_then(|query| query.get_child("properties", PROPERTIES))
        .map(Element::text)
        .filter(|text| !text.is_empty())
        .unwrap_or_else(|| "{}".into());
    Ok(text_response(text))
}

/// `POST /rest/config/properties`, body = the properties (kept as sent, up to 64 KiB).
pub async fn set_properties(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let user = &Principal::of(&req)?.username;
    let text = body_text(&req)?;
    if text.len() > 64 * 1024 {
        return Err(ApiError::bad_request("Properties are kept up to 64 KiB."));
    }
    let request = query(
        Element::builder("properties", PROPERTIES)
            .append(text)
            .build(),
    );
    ctx.keeper.iq(user, None, IqKind::Set, request).await?;
    ok_empty()
}

/// `GET /rest/config/global`: the gateway's public settings.
pub async fn global(ctx: &Ctx, _req: Request) -> Result<Response<Body>, ApiError> {
    ok_json(&json!({
        "domain": ctx.config.xmpp.domain,
        "registration": ctx.config.registration,
        "webauthn": { "rpId": ctx.config.webauthn.rp_id },
        "uploadService": ctx.config.upload_service,
        "webpush": { "serverPush": ctx.config.push.component.is_some() },
    }))
}
