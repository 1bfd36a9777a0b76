//! Who is calling: access tokens, revocation, and the per-route auth check.

pub mod grant;
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

/// Wrong shared secrets (the user service's) allowed per source address in 15 minutes.
const SECRET_PER_ADDRESS: limiter::Limit = limiter::Limit {
    name: "service-secret",
    max: 10,
    window: Duration::from_secs(900),
};

/// Checks a shared secret a caller sent against ours, counting wrong ones per source
/// address: past the limit the answer is 429, right secret or not.
pub async fn check_secret(
    ctx: &Ctx,
    source: Option<IpAddr>,
    given: &[u8],
    ours: &[u8],
) -> Result<bool, ApiError> {
    let (store, subject) = (
        ctx.store.as_ref(),
        source.map_or("unknown".into(), |a| a.to_string()),
    );
    limiter::reserve(store, &SECRET_PER_ADDRESS, &subject, ctx.clock.now()).await?;
    let right = secret_eq(given, ours);
    if right {
        limiter::release(store, &SECRET_PER_ADDRESS, &subject).await?;
    }
    Ok(right)
}

/// Compares a secret someone sent with ours in constant time; hashing first means not even
/// the length of ours leaks through timing.
pub fn secret_eq(given: &[u8], ours: &[u8]) -> bool {
    use sha2::{Digest, Sha256};
    use subtle::ConstantTimeEq;
    bool::from(Sha256::digest(given).ct_eq(&Sha256::digest(ours)))
}
