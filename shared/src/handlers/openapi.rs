//! `GET /sparkweb/api/openapi.json`: the OpenAPI document, derived from the route types.

use crate::routes::openapi::document;
use crate::routes::{Anyone, Endpoint, JsonText, Meta, NoParams, Req};
use crate::{ApiError, Ctx};

pub struct Openapi;

impl Endpoint for Openapi {
    const META: Meta = Meta::get(
        "openapi",
        "/sparkweb/api/openapi.json",
        "The OpenAPI document of every route, generated from the route table",
    );
    type Caller = Anyone;
    type Path = NoParams;
    type Query = NoParams;
    type Body = ();
    type Reply = JsonText;

    async fn handle(_: &Ctx, _: Anyone, _: Req<Self>) -> Result<JsonText, ApiError> {
        let json = serde_json::to_string(&document()).map_err(|err| {
            tracing::error!(error = %err, "the OpenAPI document did not serialise");
            ApiError::internal()
        })?;
        Ok(JsonText(json))
    }
}
