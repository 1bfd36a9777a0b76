//! Logging in with a password, and logging out.

use lambda_http::{Body, Request, Response};
use serde::Serialize;

use crate::auth::{Principal, revocation};
use crate::http_io::{body_text, ok_empty, ok_json, path_param};
use crate::xmpp::password::{PasswordCheckError, check_password};
use crate::xmpp::user_jid;
use crate::{ApiError, Ctx};

/// SparkWeb's `TokenEntity`.
#[derive(Serialize)]
pub struct TokenEntity {
    pub token: String,
}

/// `POST /rest/login/{username}`, body = the password. The XMPP server checks it (SASL).
pub async fn login(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let username = path_param(&req, "username")?;
    let jid = user_jid(&username, &ctx.config.xmpp.domain)?;
    let password = body_text(&req)?;
    if password.is_empty() {
        return Err(ApiError::bad_request(
            "Send the password as the request body (plain text).",
        ));
    }
    check_password(&ctx.config.xmpp, &jid, &password)
        .await
        .map_err(|err| match err {
            PasswordCheckError::Refused => ApiError::unauthorized(
                "The XMPP server refused this username and password; check both and try again.",
            ),
            PasswordCheckError::Unreachable(reason) => {
                tracing::error!(%reason, "password check could not reach the XMPP server");
                ApiError::xmpp_unavailable()
            }
        })?;
    let username = jid.node().map(|n| n.to_string()).unwrap_or(username);
    // Kept sealed by the keeper, so sessions can be opened later without the password.
    ctx.keeper.remember_password(&username, &password).await?;
    let (token, _) = ctx
        .tokens
        .issue(&username, &["pwd"], ctx.clock.now())
        .map_err(|err| {
            tracing::error!(error = %err, "token could not be signed");
            ApiError::internal()
        })?;
    tracing::info!(user = %username, "logged in");
    ok_json(&TokenEntity { token })
}

/// `POST /rest/logout`: the token used for this call stops working and the user's XMPP
/// session ends.
pub async fn logout(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let principal = Principal::of(&req)?;
    revocation::revoke(ctx.store.as_ref(), &principal.claims).await?;
    ctx.keeper.end_session(&principal.username).await?;
    tracing::info!("logged out");
    ok_empty()
}
