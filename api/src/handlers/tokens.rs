//! `POST /rest/token/refresh`: a new access token for a refresh token.

use serde::Deserialize;
use utoipa::ToSchema;

use crate::auth::lockout;
use crate::auth::logins::{self, Ended, RefreshError};
use crate::directory::access;
use crate::entities::TokenEntity;
use crate::routes::endpoint;
use crate::routes::{Anyone, Endpoint, Json, Req};
use crate::sign_in::{Lifetime, refresh_expiry, tokens};
use crate::{ApiError, Ctx};

#[derive(Deserialize, ToSchema)]
pub struct RefreshRequest {
    #[serde(rename = "refreshToken")]
    refresh_token: String,
}

/// Body `{"refreshToken": …}`: a new access token and the next refresh token (the one sent
/// is spent).
pub struct RefreshToken;

impl Endpoint for RefreshToken {
    endpoint!(post "refresh_token", "/sparkweb/api/rest/token/refresh",
        "A new access token for a refresh token (body {refreshToken}); the refresh token is spent",
        caller: Anyone, body: Json<RefreshRequest>, reply: Json<TokenEntity>);

    async fn handle(ctx: &Ctx, _: Anyone, req: Req<Self>) -> Result<Json<TokenEntity>, ApiError> {
        let Json(request) = req.body;
        let refreshed = logins::refresh(
            ctx.store.as_ref(),
            &request.refresh_token,
            ctx.clock.now(),
            refresh_expiry(ctx),
        )
        .await;
        let (login, next) = match refreshed {
            Ok(refreshed) => refreshed,
            Err(RefreshError::Invalid) => {
                return Err(ApiError::unauthorized(
                    "This refresh token is unknown, already used, expired or logged out; log in again.",
                ));
            }
            Err(RefreshError::Reused(login)) => {
                // Its streams end now, whoever holds them.
                access::end_login(ctx, &login.user, &login.sid, Ended::RefreshReused).await?;
                return Err(ApiError::unauthorized(
                    "This refresh token was used before: its login has been ended to be safe; log in again.",
                ));
            }
            Err(RefreshError::Store(err)) => return Err(err.into()),
        };
        lockout::refuse_if_locked(ctx, &login.user).await?;
        Ok(Json(tokens(ctx, &login, next, Lifetime::Short)?))
    }
}
