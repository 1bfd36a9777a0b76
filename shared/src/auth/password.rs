//! The password step shared by every route that takes one (login, registration, passkey
//! and TOTP enrolment): attempt limits, then the XMPP server's own check (SASL).

use std::net::IpAddr;
use std::time::Duration;

use super::limiter::{self, Limit};
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

/// Checks the password of `username` (from `source`, when known); returns the username
/// in its normalised form.
pub async fn verify(
    ctx: &Ctx,
    source: Option<IpAddr>,
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
    let address = source.map(|a| a.to_string());
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
