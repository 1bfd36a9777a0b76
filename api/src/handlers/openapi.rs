//! `GET /sparkweb/api/openapi.json`: the OpenAPI document, derived from the route types
//! ([`crate::table::document`]) into `api/openapi.json`, which a test keeps in
//! step with the table. Served from that file, so the function that serves it does not link
//! every handler of the table the way building the document does.

use crate::routes::endpoint;
use crate::routes::{Anyone, Endpoint, Json, JsonText, Req};
use crate::{ApiError, Ctx};

pub struct Openapi;

/// `XWG_WRITE_OPENAPI=1 cargo test -p tests --test openapi` writes it anew.
pub const DOCUMENT: &str = include_str!("../../openapi.json");

impl Endpoint for Openapi {
    endpoint!(get "openapi", "/sparkweb/api/openapi.json",
        "The OpenAPI document of every route, generated from the route table",
        caller: Anyone, reply: JsonText);

    async fn handle(_: &Ctx, _: Anyone, _: Req<Self>) -> Result<JsonText, ApiError> {
        Ok(JsonText(DOCUMENT.to_string()))
    }
}

/// What the API base answers: enough for a client to check the gateway is there
/// (upstream's `isOnline()` sends `HEAD` here) and find the rest.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ApiDescription {
    name: &'static str,
    version: &'static str,
    openapi: &'static str,
    docs: &'static str,
}

/// `GET`/`HEAD` on the API base (and `/`): a short description with links.
pub struct About;

impl Endpoint for About {
    endpoint!(get "about", "/sparkweb/api",
        "The gateway's name and version, with links to the OpenAPI document and the docs page",
        caller: Anyone, reply: Json<ApiDescription>, also: &["/", "/sparkweb/api/rest"]);

    async fn handle(_: &Ctx, _: Anyone, _: Req<Self>) -> Result<Json<ApiDescription>, ApiError> {
        Ok(Json(ApiDescription {
            name: "XMPP Web Gateway",
            version: env!("CARGO_PKG_VERSION"),
            openapi: "/sparkweb/api/openapi.json",
            docs: "/sparkweb/api/docs/",
        }))
    }
}
