//! The authenticated user's own record.

use lambda_http::{Body, Request, Response};
use serde::Serialize;

use crate::auth::Principal;
use crate::directory::profiles::profile;
use crate::http_io::ok_json;
use crate::{ApiError, Ctx};

/// SparkWeb's `UserEntity` as `GET /rest/user` returns it.
#[derive(Serialize)]
pub struct UserEntity {
    pub username: String,
    pub name: String,
    pub email: String,
}

/// `GET /rest/user`: the caller's username, name and email.
pub async fn get_user(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let principal = Principal::of(&req)?;
    let profile = profile(ctx, &principal.username).await?;
    ok_json(&UserEntity {
        username: principal.username.clone(),
        name: profile.name,
        email: profile.email,
    })
}
