//! New accounts through the gateway: in-band registration on the XMPP server, where the
//! gateway's configuration (`XWG_REGISTRATION`) and the server both allow it.

use http::StatusCode;
use lambda_http::{Body, Request, Response};

use crate::handlers::login::verify_password;
use crate::handlers::tokens::grant;
use crate::http_io::{body_text, path_param};
use crate::xmpp::registration::{RegistrationError, register as register_account};
use crate::xmpp::user_jid;
use crate::{ApiError, Ctx};

fn disabled() -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        "RegistrationDisabled",
        "This gateway does not create accounts; ask the administrator for one.",
    )
}

/// Creates the account `username` with `password`; returns the username as the server knows it.
async fn create_account(
    ctx: &Ctx,
    username: &str,
    password: &str,
) -> Result<String, RegistrationError> {
    let jid = user_jid(username, &ctx.config.xmpp.domain)
        .map_err(|e| RegistrationError::Refused(e.message))?;
    register_account(&ctx.config.xmpp, &jid, password).await?;
    tracing::info!(user = %jid, "account registered");
    Ok(jid
        .node()
        .map(|n| n.to_string())
        .unwrap_or_else(|| username.to_string()))
}

/// `POST /rest/register/{username}`, body = the password: creates the account and logs in.
pub async fn register(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    if !ctx.config.registration {
        return Err(disabled());
    }
    let username = path_param(&req, "username")?;
    user_jid(&username, &ctx.config.xmpp.domain)?;
    let password = body_text(&req)?;
    if password.is_empty() {
        return Err(ApiError::bad_request(
            "Send the new account's password as the request body.",
        ));
    }
    let user = create_account(ctx, &username, &password).await.map_err(|err| match err {
        RegistrationError::Exists => ApiError::new(
            StatusCode::CONFLICT,
            "UserAlreadyExistsException",
            format!("The name `{username}` is taken; choose another, or log in if it is yours."),
        ),
        RegistrationError::Refused(condition) => ApiError::new(
            StatusCode::FORBIDDEN,
            "RegistrationRefused",
            format!("The XMPP server refused to create the account ({condition}); ask the administrator."),
        ),
        RegistrationError::Unreachable(reason) => {
            tracing::error!(%reason, "registration could not reach the XMPP server");
            ApiError::xmpp_unavailable()
        }
    })?;
    ctx.keeper.remember_password(&user, &password).await?;
    grant(ctx, &req, &user, &["pwd"]).await
}

/// The password step of passkey registration: where registration is on, a new name gets its
/// account; an existing one must prove its password as usual.
pub async fn ensure_account(
    ctx: &Ctx,
    req: &Request,
    username: &str,
    password: &str,
) -> Result<String, ApiError> {
    if ctx.config.registration && !password.is_empty() {
        match create_account(ctx, username, password).await {
            Ok(user) => return Ok(user),
            Err(RegistrationError::Exists) | Err(RegistrationError::Refused(_)) => {}
            Err(RegistrationError::Unreachable(reason)) => {
                tracing::error!(%reason, "registration could not reach the XMPP server");
                return Err(ApiError::xmpp_unavailable());
            }
        }
    }
    verify_password(ctx, req, username, password).await
}
