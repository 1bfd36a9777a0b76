//! Logging in with a password, and logging out.

use lambda_http::{Body, Request, Response};

use std::time::Duration;

use crate::auth::limiter::{self, Limit};
use crate::auth::{Principal, logins, revocation};
use crate::handlers::tokens::grant;
use crate::http_io::{body_text, ok_empty, path_param, source_addr};
use crate::xmpp::password::{PasswordCheckError, check_password};
use crate::xmpp::user_jid;
use crate::{ApiError, Ctx};

/// Failed password attempts allowed per user, and per source address, in 15 minutes.
const PER_USER: Limit = Limit {
    name: "password",
    max: 10,
    window: Duration::from_secs(900),
};
const PER_ADDRESS: Limit = Limit {
    name: "password-from-address",
    max: 50,
    window: Duration::from_secs(900),
};

/// The password step shared by every route that takes one (login, passkey and TOTP
/// enrolment): rate limits, then the XMPP server's own check (SASL). Returns the username
/// in its normalised form.
pub async fn verify_password(
    ctx: &Ctx,
    req: &Request,
    username: &str,
    password: &str,
) -> Result<String, ApiError> {
    let jid = user_jid(username, &ctx.config.xmpp.domain)?;
    if password.is_empty() {
        return Err(ApiError::bad_request(
            "Send the password as the request body (plain text).",
        ));
    }
    let user = jid
        .node()
        .map(|n| n.to_string())
        .unwrap_or_else(|| username.to_string());
    let address = source_addr(req).map(|a| a.to_string());
    let (store, now) = (ctx.store.as_ref(), ctx.clock.now());
    limiter::reserve(store, &PER_USER, &user, now).await?;
    if let Some(address) = &address
        && let Err(limited) = limiter::reserve(store, &PER_ADDRESS, address, now).await
    {
        limiter::release(store, &PER_USER, &user).await?;
        return Err(limited);
    }
    let checked = check_password(&ctx.config.xmpp, &jid, password).await;
    // Only a refused password counts against the limits.
    if !matches!(checked, Err(PasswordCheckError::Refused))
        && let Some(address) = &address
    {
        limiter::release(store, &PER_ADDRESS, address).await?;
    }
    match checked {
        Ok(()) => {
            limiter::clear(store, &PER_USER, &user).await?;
            Ok(user)
        }
        Err(PasswordCheckError::Refused) => Err(ApiError::unauthorized(
            "The XMPP server refused this username and password; check both and try again.",
        )),
        Err(PasswordCheckError::Unreachable(reason)) => {
            limiter::release(store, &PER_USER, &user).await?;
            tracing::error!(%reason, "password check could not reach the XMPP server");
            Err(ApiError::xmpp_unavailable())
        }
    }
}

/// `POST /rest/login/{username}`, body = the password.
pub async fn login(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let password = body_text(&req)?;
    let username = verify_password(ctx, &req, &path_param(&req, "username")?, &password).await?;
    // Kept sealed by the keeper, so sessions can be opened later without the password.
    ctx.keeper.remember_password(&username, &password).await?;
    grant(ctx, &req, &username, &["pwd"]).await
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
