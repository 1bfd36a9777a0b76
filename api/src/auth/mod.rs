//! Who is calling: access tokens, revocation, and the per-route auth check.

pub mod grant;
pub mod guessing;
pub mod limiter;
pub mod logins;
pub mod passkeys;
pub mod password;
pub mod policy;
pub mod principal;
pub mod tokens;
pub mod totp;

use std::net::IpAddr;
use std::time::Duration;

pub use principal::Principal;
pub use tokens::{Claims, TokenService};

use crate::{ApiError, Ctx};

/// Wrong shared secrets (the user service's) from one source address in 15 minutes before
/// its attempts are slowed down ([`guessing`]).
const SECRET_PER_ADDRESS: limiter::Limit = limiter::Limit {
    name: "service-secret",
    max: 10,
    window: Duration::from_secs(900),
};

/// Checks a shared secret a caller sent against ours. Wrong ones are counted per source
/// address; past the limit every attempt from there waits before it is checked, and a wrong
/// one is answered 429 — the right one still passes.
pub async fn check_secret(
    ctx: &Ctx,
    source: Option<IpAddr>,
    given: &[u8],
    ours: &[u8],
) -> Result<bool, ApiError> {
    let subject = source.map_or("unknown".into(), |a| a.to_string());
    let attempt = guessing::Attempt::begin(ctx, vec![(&SECRET_PER_ADDRESS, subject)]).await?;
    let right = xwg_core::secrets::same(given, ours);
    if right {
        // The failures stay: a guesser behind the same address gets no fresh allowance
        // each time the operator calls.
        attempt.passed(&[]).await?;
    } else {
        attempt.failed().await?;
    }
    Ok(right)
}
