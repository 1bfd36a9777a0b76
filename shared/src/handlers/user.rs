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

/// `GET /rest/user`: the caller's username, name and email (empty until a profile is set).
pub async fn get_user(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let principal = Principal::of(&req)?;
    let profile = match ctx.store.get(&format!("user#{}", principal.username), "profile").await? {
        Some(item) => serde_json::from_value(item.data).unwrap_or_default(),
        None => Profile::default(),
    };
    ok_json(&UserEntity { username: principal.username.clone(), name: profile.name, email: profile.email })
}
