//! Logging in with a password, and logging out.

use lambda_http::{Body, Request, Response};

use crate::auth::{Principal, logins, revocation};
use crate::handlers::tokens::grant;
use crate::http_io::{body_text, ok_empty, ok_json, path_param};
use crate::xmpp::password::{PasswordCheckError, check_password};
use crate::xmpp::user_jid;
use crate::{ApiError, Ctx};

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
    ok_json(&grant(ctx, &username, &["pwd"]).await?)
}

/// `POST /rest/logout`: the token used for this call stops working, its login can no
/// longer be refreshed, and when it was the user's last login the XMPP session ends.
pub async fn logout(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let principal = Principal::of(&req)?;
    revocation::revoke(ctx.store.as_ref(), &principal.claims).await?;
    let others = logins::end(
        ctx.store.as_ref(),
        &principal.username,
        &principal.claims.sid,
    )
    .await?;
    if !others {
        ctx.keeper.end_session(&principal.username).await?;
    }
    tracing::info!("logged out");
    ok_empty()
}
