//! Signing in: the step every successful authentication ends with. The factors proved are
//! weighed by the policy, and a login starts with its tokens — or a step-up ticket says
//! what else to prove.

use std::collections::BTreeSet;

use serde::Serialize;
use utoipa::ToSchema;

use crate::Ctx;
use crate::auth::logins::{self, Login};
use crate::auth::{AuthError, lockout};
use crate::config::policy::Decision;
use crate::directory::profiles;

/// The header that carries a step-up ticket from one factor's route to the next.
pub const TICKET_HEADER: &str = "x-auth-ticket";

/// SparkWeb's `TokenEntity` (`{token}`), plus the refresh token of the login.
#[derive(Serialize, ToSchema)]
pub struct TokenEntity {
    /// The access token (JWT): send it as `Authorization: <token>`.
    pub token: String,
    /// Single use: `POST token/refresh` with it for the next access token.
    #[serde(rename = "refreshToken")]
    pub refresh_token: String,
}

fn signing_failed(err: impl std::fmt::Display) -> AuthError {
    tracing::error!(error = %err, "token could not be signed");
    AuthError::Signing
}

/// How long an access token is good for (while its login lives).
#[derive(Clone, Copy)]
pub enum Lifetime {
    /// As long as the login: what a login answers, so that a client that never refreshes
    /// (upstream SparkWeb's) keeps working until it logs out or the login ends.
    Login,
    /// `XWG_TOKEN_LIFETIME_SECS`: what a refresh answers, for clients that keep short tokens.
    Short,
}

/// An access token of the login, with the refresh token given.
pub fn tokens(
    ctx: &Ctx,
    login: &Login,
    refresh_token: String,
    lifetime: Lifetime,
) -> Result<TokenEntity, AuthError> {
    let now = ctx.clock.now();
    let exp = match lifetime {
        Lifetime::Login => refresh_expiry(ctx),
        Lifetime::Short => now + ctx.config.tokens.lifetime.as_secs() as i64,
    };
    let (token, _) = ctx.tokens.issue(login, now, exp).map_err(signing_failed)?;
    Ok(TokenEntity {
        token,
        refresh_token,
    })
}

/// When a login (re)started now expires without a refresh.
pub fn refresh_expiry(ctx: &Ctx) -> i64 {
    ctx.clock.now() + ctx.config.tokens.refresh_lifetime.as_secs() as i64
}

/// The factors just proved (`amr`), plus those of a step-up `ticket` sent along, are
/// weighed by the policy: enough, and a login starts with its tokens; not yet, and the
/// answer is 401 `SecondFactorRequired` with a ticket and the factors still needed.
pub async fn grant(
    ctx: &Ctx,
    ticket: Option<&str>,
    user: &str,
    amr: &[&str],
) -> Result<TokenEntity, AuthError> {
    let store = ctx.store.as_ref();
    lockout::refuse_if_locked(ctx, user).await?;
    let mut proved: BTreeSet<String> = amr.iter().map(|f| f.to_string()).collect();
    if let Some(ticket) = ticket {
        let stale = || {
            AuthError::NotAuthorized(
                "This step-up ticket is unknown, used, expired or another user's; log in again."
                    .into(),
            )
        };
        let (ticket_user, earlier) = logins::take_step_up(store, ticket)
            .await?
            .ok_or_else(stale)?;
        if ticket_user != user {
            return Err(stale());
        }
        proved.extend(earlier);
    }
    let proved: Vec<String> = proved.into_iter().collect();
    match ctx.config.policy.decide(&proved.iter().cloned().collect()) {
        Decision::Accept => {
            let amr: Vec<&str> = proved.iter().map(String::as_str).collect();
            let (login, refresh_token) =
                logins::start(store, ctx.clock.now(), user, &amr, refresh_expiry(ctx)).await?;
            profiles::note(ctx, user).await.map_err(|err| match err {
                crate::directory::DirectoryError::Store(err) => AuthError::Store(err),
                other => AuthError::NotAuthorized(other.to_string()),
            })?;
            tracing::info!(user, ?amr, "logged in");
            tokens(ctx, &login, refresh_token, Lifetime::Login)
        }
        Decision::MoreNeeded(needed) => {
            let ticket = logins::issue_step_up(store, user, &proved, ctx.clock.now()).await?;
            Err(AuthError::SecondFactorRequired { ticket, needed })
        }
        Decision::Refuse => Err(AuthError::FactorNotAccepted),
    }
}
