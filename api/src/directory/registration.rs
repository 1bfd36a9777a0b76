//! New accounts through the gateway: in-band registration on the XMPP server, where the
//! gateway's configuration (`XWG_REGISTRATION`) and the server both allow it. A new
//! account and the gateway's records of it come together or not at all: the gateway's
//! steps run after the account is made, and when one fails on the gateway's side (its
//! store down, say) the account is removed again.

use std::net::IpAddr;
use std::time::Duration;

use http::StatusCode;
use tokio_xmpp::jid::BareJid;

use xwg_core::identity::Username;
use xwg_core::protocol::registration::{RegistrationError, register, unregister};

use crate::auth::limiter::{self, Limit};
use crate::auth::password;
use crate::{ApiError, Ctx, ErrorKind};

/// Accounts one source address may create per hour.
const PER_ADDRESS: Limit = Limit {
    name: "registration-from-address",
    max: 20,
    window: Duration::from_secs(3600),
};

fn disabled() -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        ErrorKind::RegistrationDisabled,
        "This gateway does not create accounts; ask the administrator for one.",
    )
}

/// Names in `XWG_ADMINS` are not for anyone to claim: whoever registered one first would
/// hold the admin routes. Administrators' accounts are made by the server's administrator.
fn reserved(ctx: &Ctx, user: &Username) -> bool {
    ctx.config
        .tokens
        .admins
        .iter()
        .any(|admin| admin == user.as_str())
}

fn reserved_name(username: &str) -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        ErrorKind::ReservedName,
        format!("The name `{username}` is reserved; choose another."),
    )
}

fn unreachable(reason: &str) -> ApiError {
    tracing::error!(%reason, "registration could not reach the XMPP server");
    ApiError::xmpp_unavailable()
}

/// Creates the account `jid` with `password` (the source's allowance taken first, which
/// also finds a store that is down before anything is made). Only an account made counts against the allowance: a taken name, a
/// refusal or an unreachable server gives the attempt back (a client that tries to register
/// and then logs in must not lock out its address).
async fn create(
    ctx: &Ctx,
    source: Option<IpAddr>,
    jid: &BareJid,
    password: &str,
) -> Result<Result<(), RegistrationError>, ApiError> {
    let (store, address) = (ctx.store.as_ref(), source.map(|a| a.to_string()));
    if let Some(address) = &address {
        limiter::reserve(store, &PER_ADDRESS, address, ctx.clock.now()).await?;
    }
    let made = register(&ctx.config.xmpp, jid, password).await;
    match (&made, &address) {
        (Ok(()), _) => tracing::info!(user = %jid, "account registered"),
        (Err(_), Some(address)) => limiter::release(store, &PER_ADDRESS, address).await?,
        (Err(_), None) => {}
    }
    Ok(made)
}

/// Runs the gateway's steps for a new account; when one fails on the gateway's side, the
/// account is removed again and the failure answered.
async fn completed<T>(
    ctx: &Ctx,
    user: &Username,
    password: &str,
    steps: impl AsyncFnOnce(&Username) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    let jid = &user.at(ctx.domain());
    let result = steps(user).await;
    if let Err(err) = &result
        && err.status.is_server_error()
    {
        match unregister(&ctx.config.xmpp, jid, password).await {
            Ok(()) => {
                tracing::warn!(user = %jid, error = %err, "registration undone: the gateway could not finish it")
            }
            Err(undo) => {
                tracing::error!(user = %jid, error = %err, undo = %undo, "registration could not be undone: the account exists without the gateway's records")
            }
        }
    }
    result
}

/// Creates the account, refusing what the gateway or the server does not allow, then runs
/// `steps`.
pub async fn create_account<T>(
    ctx: &Ctx,
    source: Option<IpAddr>,
    username: &Username,
    password: &str,
    steps: impl AsyncFnOnce(&Username) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    if !ctx.config.registration {
        return Err(disabled());
    }
    let jid = username.at(ctx.domain());
    if password.is_empty() {
        return Err(ApiError::bad_request(
            "Send the new account's password as the request body.",
        ));
    }
    if reserved(ctx, username) {
        return Err(reserved_name(username));
    }
    password::check_new(&ctx.config.passwords, username, password)?;
    create(ctx, source, &jid, password).await?.map_err(|err| match err {
        RegistrationError::Exists => ApiError::conflict(
            ErrorKind::UserAlreadyExistsException,
            format!("The name `{username}` is taken; choose another, or log in if it is yours."),
        ),
        RegistrationError::Refused(condition) => ApiError::new(
            StatusCode::FORBIDDEN,
            ErrorKind::RegistrationRefused,
            format!("The XMPP server refused to create the account ({condition}); ask the administrator."),
        ),
        RegistrationError::Unreachable(reason) => unreachable(&reason),
    })?;
    completed(ctx, username, password, steps).await
}

/// The password step of passkey registration: where registration is on, a new name gets its
/// account (undone if `steps` fail on the gateway's side); an existing one must prove its
/// password as usual. Then `steps` run.
pub async fn ensure_account<T>(
    ctx: &Ctx,
    source: Option<IpAddr>,
    username: &Username,
    password: &str,
    steps: impl AsyncFnOnce(&Username) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    let jid = username.at(ctx.domain());
    let may_create = ctx.config.registration && !password.is_empty() && !reserved(ctx, username);
    let rule = password::check_new(&ctx.config.passwords, username, password);
    if may_create && rule.is_ok() {
        match create(ctx, source, &jid, password).await? {
            Ok(()) => return completed(ctx, username, password, steps).await,
            Err(RegistrationError::Exists) | Err(RegistrationError::Refused(_)) => {}
            Err(RegistrationError::Unreachable(reason)) => return Err(unreachable(&reason)),
        }
    }
    match password::verify(ctx, source, username, password).await {
        Ok(()) => {}
        // Not an account's password, and no new account may have it: say why.
        Err(refused) if may_create && refused.status == StatusCode::UNAUTHORIZED => {
            return Err(rule.err().unwrap_or(refused));
        }
        Err(err) => return Err(err),
    }
    steps(username).await
}
