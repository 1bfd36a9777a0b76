//! Who is calling: logins and their tokens, passwords checked by the server, passkeys,
//! TOTP, lockouts, and guessing slowed down. Its refusals are [`AuthError`]s; what they are
//! over HTTP is `routes::errors`'.

pub mod guessing;
pub mod limiter;
pub mod lockout;
pub mod logins;
pub mod passkeys;
pub mod password;
pub mod principal;
pub mod service_accounts;
pub mod totp;

use std::net::IpAddr;
use std::time::Duration;

pub use crate::tokens::{Claims, TokenService};
pub use principal::Principal;

use xwg_core::keeper::KeeperError;
use xwg_core::store::StoreError;

use crate::Ctx;

/// Why a caller was not let in, or a credential step refused.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    /// No valid credential; what to do next.
    #[error("{0}")]
    NotAuthorized(String),
    /// Something that cannot be used as given (an empty password, a new password against
    /// the rule); what to send instead.
    #[error("{0}")]
    Invalid(String),
    /// Too many failed attempts of one kind; `retry_after` seconds until the next may help.
    #[error("{message}")]
    TooManyAttempts { message: String, retry_after: u64 },
    /// The account is locked by an administrator.
    #[error("This account is disabled on the gateway; ask your administrator.")]
    Locked,
    /// The factors proved so far are not enough: prove one of `needed`, with the ticket.
    #[error(
        "Also prove {}; send this ticket in the X-Auth-Ticket header with it.",
        needed.iter().map(|way| way.join(" and ")).collect::<Vec<_>>().join(", or ")
    )]
    SecondFactorRequired {
        ticket: String,
        needed: Vec<Vec<String>>,
    },
    /// The policy takes no combination of the factors proved.
    #[error(
        "This gateway does not accept this way of logging in; use a passkey or the factors \
         your administrator named."
    )]
    FactorNotAccepted,
    /// The XMPP server could not be reached to check a password.
    #[error("the XMPP server is unreachable: {0}")]
    XmppUnavailable(String),
    /// A token could not be signed (logged).
    #[error("a token could not be signed")]
    Signing,
    /// The route uses a secret its grants leave out (a bug in the route table).
    #[error(transparent)]
    NotGranted(#[from] xwg_core::grants::NotGranted),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Keeper(#[from] KeeperError),
}

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
) -> Result<bool, AuthError> {
    xwg_core::grants::check_secret(xwg_core::grants::Secret::UserServiceSecret)?;
    let subject = source.map_or("unknown".into(), |a| a.to_string());
    let attempt = guessing::Attempt::begin(ctx, vec![(&SECRET_PER_ADDRESS, subject)]).await?;
    let right = xwg_core::seal::same(given, ours);
    if right {
        // The failures stay: a guesser behind the same address gets no fresh allowance
        // each time the operator calls.
        attempt.passed(&[]).await?;
    } else {
        attempt.failed().await?;
    }
    Ok(right)
}
