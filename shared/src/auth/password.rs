//! The password step shared by every route that takes one (login, registration, passkey
//! and TOTP enrolment): attempt limits, then the XMPP server's own check (SASL).

use std::net::IpAddr;
use std::time::Duration;

use super::limiter::{self, Limit};
use crate::xmpp::password::{PasswordCheckError, check_password};
use crate::xmpp::user_jid;
use crate::{ApiError, Ctx};

/// Failed password attempts allowed in 15 minutes: for one user from one source address,
/// and from one source address for any users. A third, softer limit counts a user's
/// failures from everywhere: past it, only sources that have not failed for the user may
/// still try, so a guesser cannot lock the right owner out from a fresh place.
const PER_USER_AND_ADDRESS: Limit = Limit {
    name: "password",
    max: 10,
    window: Duration::from_secs(900),
};
const PER_ADDRESS: Limit = Limit {
    name: "password-from-address",
    max: 50,
    window: Duration::from_secs(900),
};
const PER_USER: Limit = Limit {
    name: "password-for-user",
    max: 100,
    window: Duration::from_secs(900),
};

/// Reserves an attempt of `limit` for `subject`, giving back the ones `held` when refused;
/// returns what is now held.
async fn take<'a>(
    ctx: &Ctx,
    held: &[(&'a Limit, &'a str)],
    limit: &'a Limit,
    subject: &'a str,
) -> Result<Vec<(&'a Limit, &'a str)>, ApiError> {
    let store = ctx.store.as_ref();
    if let Err(refused) = limiter::reserve(store, limit, subject, ctx.clock.now()).await {
        for (limit, subject) in held {
            limiter::release(store, limit, subject).await?;
        }
        return Err(refused);
    }
    let mut now_held = held.to_vec();
    now_held.push((limit, subject));
    Ok(now_held)
}

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
    let address = source.map_or_else(|| "unknown".to_string(), |a| a.to_string());
    let pair = format!("{user}|{address}");
    let (store, now) = (ctx.store.as_ref(), ctx.clock.now());
    limiter::reserve(store, &PER_USER_AND_ADDRESS, &pair, now).await?;
    let reserved = [(&PER_USER_AND_ADDRESS, pair.as_str())];
    let reserved = take(ctx, &reserved, &PER_ADDRESS, &address).await?;
    // The per-user limit binds only sources that already failed for this user.
    let failed_here = limiter::attempts(store, &PER_USER_AND_ADDRESS, &pair).await? > 1;
    let reserved = if failed_here {
        take(ctx, &reserved, &PER_USER, &user).await?
    } else {
        reserved
    };
    let checked = check_password(&ctx.config.xmpp, &jid, password).await;
    match checked {
        Ok(()) => {
            limiter::clear(store, &PER_USER_AND_ADDRESS, &pair).await?;
            for (limit, subject) in &reserved[1..] {
                limiter::release(store, limit, subject).await?;
            }
            Ok(user)
        }
        // Only a refused password counts against the limits (and against the user's).
        Err(PasswordCheckError::Refused) => {
            if !failed_here {
                limiter::count(store, &PER_USER, &user, now).await?;
            }
            Err(ApiError::unauthorized(
                "The XMPP server refused this username and password; check both and try again.",
            ))
        }
        Err(PasswordCheckError::Unreachable(reason)) => {
            for (limit, subject) in reserved {
                limiter::release(store, limit, subject).await?;
            }
            tracing::error!(%reason, "password check could not reach the XMPP server");
            Err(ApiError::xmpp_unavailable())
        }
    }
}
