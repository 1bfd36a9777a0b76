//! Handing out tokens: the step every successful authentication ends with, and refresh.

use lambda_http::{Body, Request, Response};
use serde::{Deserialize, Serialize};

use crate::auth::logins::{self, Login, RefreshError};
use crate::http_io::{body_text, ok_json};
use crate::{ApiError, Ctx};

/// SparkWeb's `TokenEntity` (`{token}`), plus the refresh token of the login.
#[derive(Serialize)]
pub struct TokenEntity {
    pub token: String,
    #[serde(rename = "refreshToken")]
    pub refresh_token: String,
}

fn signing_failed(err: impl std::fmt::Display) -> ApiError {
    tracing::error!(error = %err, "token could not be signed");
    ApiError::internal()
}

fn access_token(ctx: &Ctx, login: &Login, refresh_token: String) -> Result<TokenEntity, ApiError> {
    let (token, _) = ctx
        .tokens
        .issue(login, ctx.clock.now())
        .map_err(signing_failed)?;
    Ok(TokenEntity {
        token,
        refresh_token,
    })
}

fn refresh_expiry(ctx: &Ctx) -> i64 {
    ctx.clock.now() + ctx.config.tokens.refresh_lifetime.as_secs() as i64
}

/// Starts a login for a user who just proved who they are with the factors `amr`.
pub async fn grant(ctx: &Ctx, user: &str, amr: &[&str]) -> Result<TokenEntity, ApiError> {
    let (login, refresh_token) =
        logins::start(ctx.store.as_ref(), user, amr, refresh_expiry(ctx)).await?;
    tracing::info!(user, ?amr, "logged in");
    access_token(ctx, &login, refresh_token)
}

#[derive(Deserialize)]
struct RefreshRequest {
    #[serde(rename = "refreshToken")]
    refresh_token: String,
}

/// `POST /rest/token/refresh`, body `{"refreshToken": …}`: a new access token and the next
/// refresh token (the one sent is spent).
pub async fn refresh(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let body = body_text(&req)?;
    let request: RefreshRequest = serde_json::from_str(&body)
        .map_err(|_| ApiError::bad_request("Send {\"refreshToken\": \"…\"} as the JSON body."))?;
    let (login, next) = logins::refresh(
        ctx.store.as_ref(),
        &request.refresh_token,
        refresh_expiry(ctx),
    )
    .await
    .map_err(|err| match err {
        RefreshError::Invalid => ApiError::unauthorized(
            "This refresh token is unknown, already used, expired or logged out; log in again.",
        ),
        RefreshError::Store(err) => err.into(),
    })?;
    ok_json(&access_token(ctx, &login, next)?)
}
