//! Handing out tokens: the step every successful authentication ends with, and refresh.

use lambda_http::{Body, Request, Response};
use serde::{Deserialize, Serialize};

use std::collections::BTreeSet;

use http::StatusCode;
use serde_json::json;

use crate::auth::logins::{self, Login, RefreshError};
use crate::auth::policy::Decision;
use crate::directory::profiles;
use crate::http_io::{body_text, json, ok_json};
use crate::{ApiError, Ctx};

/// SparkWeb's `TokenEntity` (`{token}`), plus the refresh token of the login.
#[derive(Serialize)]
pub struct TokenEntity {
    pub token: String,
    #[serde(rename = "refreshToken")]
    pub refresh_token: String,
}

fn signing_failed(err: impl std::fmt::Display) -> ApiError {
    tracing::error!(error = %err, "token could not be signed");
    ApiError::internal()
}

fn access_token(ctx: &Ctx, login: &Login, refresh_token: String) -> Result<TokenEntity, ApiError> {
    let (token, _) = ctx
        .tokens
        .issue(login, ctx.clock.now())
        .map_err(signing_failed)?;
    Ok(TokenEntity {
        token,
        refresh_token,
    })
}

fn refresh_expiry(ctx: &Ctx) -> i64 {
    ctx.clock.now() + ctx.config.tokens.refresh_lifetime.as_secs() as i64
}

/// The header that carries a step-up ticket from one factor's route to the next.
pub const TICKET_HEADER: &str = "x-auth-ticket";

/// The step every successful authentication ends with. The factors just proved (`amr`),
/// plus those of a step-up ticket sent along, are weighed by the policy: enough, and a
/// login starts with its tokens; not yet, and the answer is 401 `SecondFactorRequired`
/// with a ticket and the factors still needed.
pub async fn grant(
    ctx: &Ctx,
    req: &Request,
    user: &str,
    amr: &[&str],
) -> Result<Response<Body>, ApiError> {
    let store = ctx.store.as_ref();
    profiles::refuse_if_locked(ctx, user).await?;
    let mut proved: BTreeSet<String> = amr.iter().map(|f| f.to_string()).collect();
    if let Some(ticket) = req
        .headers()
        .get(TICKET_HEADER)
        .and_then(|v| v.to_str().ok())
    {
        let stale = || {
            ApiError::unauthorized(
                "This step-up ticket is unknown, used, expired or another user's; log in again.",
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
                logins::start(store, user, &amr, refresh_expiry(ctx)).await?;
            profiles::note(ctx, user).await?;
            tracing::info!(user, ?amr, "logged in");
            ok_json(&access_token(ctx, &login, refresh_token)?)
        }
        Decision::MoreNeeded(needed) => {
            let ticket = logins::issue_step_up(store, user, &proved, ctx.clock.now()).await?;
            let message = format!(
                "Also prove {}; send this ticket in the X-Auth-Ticket header with it.",
                needed
                    .iter()
                    .map(|way| way.join(" and "))
                    .collect::<Vec<_>>()
                    .join(", or ")
            );
            json(
                StatusCode::UNAUTHORIZED,
                &json!({ "error": "SecondFactorRequired", "message": message, "ticket": ticket, "needed": needed }),
            )
        }
        Decision::Refuse => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "FactorNotAccepted",
            "This gateway does not accept this way of logging in; use a passkey or the factors your administrator named.",
        )),
    }
}

#[derive(Deserialize)]
struct RefreshRequest {
    #[serde(rename = "refreshToken")]
    refresh_token: String,
}

/// `POST /rest/token/refresh`, body `{"refreshToken": …}`: a new access token and the next
/// refresh token (the one sent is spent).
pub async fn refresh(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let body = body_text(&req)?;
    let request: RefreshRequest = serde_json::from_str(&body)
        .map_err(|_| ApiError::bad_request("Send {\"refreshToken\": \"…\"} as the JSON body."))?;
    let (login, next) = logins::refresh(
        ctx.store.as_ref(),
        &request.refresh_token,
        refresh_expiry(ctx),
    )
    .await
    .map_err(|err| match err {
        RefreshError::Invalid => ApiError::unauthorized(
            "This refresh token is unknown, already used, expired or logged out; log in again.",
        ),
        RefreshError::Store(err) => err.into(),
    })?;
    profiles::refuse_if_locked(ctx, &login.user).await?;
    ok_json(&access_token(ctx, &login, next)?)
}
