//! SparkWeb routes this gateway answers with 501, saying why, instead of a half version.

use serde::Deserialize;
use utoipa::IntoParams;

use crate::ErrorKind;
use crate::auth::Principal;
use crate::routes::endpoint;
use crate::routes::{Empty, Endpoint, Req};
use crate::{ApiError, Ctx};

fn not_implemented(message: &str) -> Result<Empty, ApiError> {
    Err(ApiError::new(
        http::StatusCode::NOT_IMPLEMENTED,
        ErrorKind::NotImplemented,
        message,
    ))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
#[expect(
    dead_code,
    reason = "documents the path: the route answers 501 whatever it names"
)]
pub struct MeetPath {
    service: String,
    id: String,
}

/// `GET /rest/meet/{service}/{id}`: Openfire's meeting plugins (Pàdé, Jitsi) have no
/// counterpart on a generic XMPP server.
pub struct Meet;

impl Endpoint for Meet {
    endpoint!(get "meet", "/sparkweb/api/rest/meet/{service}/{id}",
        "Online meetings: 501, not offered by this gateway",
        caller: Principal, path: MeetPath, reply: Empty);

    async fn handle(_: &Ctx, _: Principal, _: Req<Self>) -> Result<Empty, ApiError> {
        not_implemented(
            "Online meetings need an Openfire meeting plugin, which this gateway does not have; \
             link to your meeting service from the web app instead.",
        )
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
#[expect(
    dead_code,
    reason = "documents the path: the route answers 501 whatever it names"
)]
pub struct PreviewPath {
    quality: String,
    url: String,
}

/// `GET /rest/preview/{quality}/{url}`: fetching arbitrary URLs for link previews would
/// make the gateway an open proxy (server-side request forgery), so it does not.
pub struct Preview;

impl Endpoint for Preview {
    endpoint!(get "preview", "/sparkweb/api/rest/preview/{quality}/{url}",
        "Link previews: 501, not made by this gateway",
        caller: Principal, path: PreviewPath, reply: Empty);

    async fn handle(_: &Ctx, _: Principal, _: Req<Self>) -> Result<Empty, ApiError> {
        not_implemented(
            "Link previews are not made by this gateway (it will not fetch arbitrary URLs); \
             make them in the browser or with a dedicated preview service.",
        )
    }
}
