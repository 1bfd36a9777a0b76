//! New accounts through the gateway: in-band registration on the XMPP server, where the
//! gateway's configuration (`XWG_REGISTRATION`) and the server both allow it.

use std::net::IpAddr;

use http::StatusCode;
use tokio_xmpp::jid::BareJid;

use crate::auth::password;
use crate::xmpp::registration::{RegistrationError, register};
use crate::xmpp::user_jid;
use crate::{ApiError, Ctx};

fn disabled() -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        "RegistrationDisabled",
        "This gateway does not create accounts; ask the administrator for one.",
    )
}

fn unreachable(reason: &str) -> ApiError {
    tracing::error!(%reason, "registration could not reach the XMPP server");
    ApiError::xmpp_unavailable()
}

/// Creates the account `jid` with `password`; returns the username as the server knows it.
async fn create(ctx: &Ctx, jid: BareJid, password: &str) -> Result<String, RegistrationError> {
    register(&ctx.config.xmpp, &jid, password).await?;
    tracing::info!(user = %jid, "account registered");
    Ok(jid.node().map(|n| n.to_string()).unwrap_or_default())
}

/// Creates the account, refusing what the gateway or the server does not allow; returns
/// the username as the server knows it.
pub async fn create_account(ctx: &Ctx, username: &str, password: &str) -> Result<String, ApiError> {
    if !ctx.config.registration {
        return Err(disabled());
    }
    let jid = user_jid(username, &ctx.config.xmpp.domain)?;
    if password.is_empty() {
        return Err(ApiError::bad_request(
            "Send the new account's password as the request body.",
        ));
    }
    create(ctx, jid, password).await.map_err(|err| match err {
        RegistrationError::Exists => ApiError::conflict(
            "UserAlreadyExistsException",
            format!("The name `{username}` is taken; choose another, or log in if it is yours."),
        ),
        RegistrationError::Refused(condition) => ApiError::new(
            StatusCode::FORBIDDEN,
            "RegistrationRefused",
            format!("The XMPP server refused to create the account ({condition}); ask the administrator."),
        ),
        RegistrationError::Unreachable(reason) => unreachable(&reason),
    })
}

/// The password step of passkey registration: where registration is on, a new name gets its
/// account; an existing one must prove its password as usual.
pub async fn ensure_account(
    ctx: &Ctx,
    source: Option<IpAddr>,
    username: &str,
    password: &str,
) -> Result<String, ApiError> {
    let jid = user_jid(username, &ctx.config.xmpp.domain)?;
    if ctx.config.registration && !password.is_empty() {
        match create(ctx, jid, password).await {
            Ok(user) => return Ok(user),
            Err(RegistrationError::Exists) | Err(RegistrationError::Refused(_)) => {}
            Err(RegistrationError::Unreachable(reason)) => return Err(unreachable(&reason)),
        }
    }
    password::verify(ctx, source, username, password).await
}
