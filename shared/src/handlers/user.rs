//! The authenticated user's own record.

use lambda_http::{Body, Request, Response};
use serde::{Deserialize, Serialize};

use crate::auth::Principal;
use crate::http_io::ok_json;
use crate::{ApiError, Ctx};

/// The gateway's profile of a user (name, email), kept in the store under `user#<name>`.
#[derive(Serialize, Deserialize, Default)]
pub struct Profile {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
}

/// SparkWeb's `UserEntity` as `GET /rest/user` returns it.
#[derive(Serialize)]
pub struct UserEntity {
    pub username: String,
    pub name: String,
    pub email: String,
}

/// The stored profile of `username` (empty until one is set).
pub async fn profile(ctx: &Ctx, username: &str) -> Result<Profile, ApiError> {
    Ok(
        match ctx
            .store
            .get(&format!("user#{username}"), "profile")
            .await?
        {
            Some(item) => serde_json::from_value(item.data).unwrap_or_default(),
            None => Profile::default(),
        },
    )
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
