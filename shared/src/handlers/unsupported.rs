//! SparkWeb routes this gateway answers with 501, saying why, instead of a half version.

use lambda_http::{Body, Request, Response};

use crate::{ApiError, Ctx};

fn not_implemented(message: &str) -> Result<Response<Body>, ApiError> {
    Err(ApiError::new(
        http::StatusCode::NOT_IMPLEMENTED,
        "NotImplemented",
        message,
    ))
}

/// `GET /rest/meet/{service}/{id}`: Openfire's meeting plugins (Pàdé, Jitsi) have no
/// counterpart on a generic XMPP server.
pub async fn meet(_ctx: &Ctx, _req: Request) -> Result<Response<Body>, ApiError> {
    not_implemented(
        "Online meetings need an Openfire meeting plugin, which this gateway does not have; \
         link to your meeting service from the web app instead.",
    )
}

/// `GET /rest/preview/{quality}/{url}`: fetching arbitrary URLs for link previews would
/// make the gateway an open proxy (server-side request forgery), so it does not.
pub async fn preview(_ctx: &Ctx, _req: Request) -> Result<Response<Body>, ApiError> {
    not_implemented(
        "Link previews are not made by this gateway (it will not fetch arbitrary URLs); \
         make them in the browser or with a dedicated preview service.",
    )
}
