//! New accounts through the gateway: in-band registration on the XMPP server, where the
//! gateway's configuration (`XWG_REGISTRATION`) and the server both allow it. A new
//! account and the gateway's records of it come together or not at all: the gateway's
//! steps run after the account is made, and when one fails on the gateway's side (its
//! store down, say) the account is removed again.

use std::net::IpAddr;
use std::time::Duration;

use tokio_xmpp::jid::BareJid;
use xwg_core::identity::Username;
use xwg_core::protocol::registration::{RegistrationError, register, unregister};

use super::DirectoryError;
use super::account_events::{self, Change};
use crate::Ctx;
use crate::auth::limiter::{self, Limit};
use crate::auth::{AuthError, password};

/// Accounts one source address may create per hour.
const PER_ADDRESS: Limit = Limit {
    name: "registration-from-address",
    max: 20,
    window: Duration::from_secs(3600),
};

/// Whether an error of the steps that follow a registration happened on the gateway's side
/// (its store, the XMPP server): then the new account is removed again.
pub trait GatewayFailure {
    fn on_gateway_side(&self) -> bool;
}

/// Names in `XWG_ADMINS` are not for anyone to claim: whoever registered one first would
/// hold the admin routes. Administrators' accounts are made by the server's administrator.
fn reserved(ctx: &Ctx, user: &Username) -> bool {
    ctx.config.tokens.is_admin(user)
}

fn unreachable(reason: String) -> DirectoryError {
    tracing::error!(%reason, "registration could not reach the XMPP server");
    DirectoryError::XmppUnavailable(reason)
}

/// Creates the account `jid` with `password` (the source's allowance taken first, which
/// also finds a store that is down before anything is made). Only an account made counts
/// against the allowance: a taken name, a refusal or an unreachable server gives the
/// attempt back (a client that tries to register and then logs in must not lock out its
/// address).
async fn create(
    ctx: &Ctx,
    source: Option<IpAddr>,
    jid: &BareJid,
    password: &str,
) -> Result<Result<(), RegistrationError>, DirectoryError> {
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
async fn completed<T, E: GatewayFailure + std::fmt::Display>(
    ctx: &Ctx,
    user: &Username,
    password: &str,
    steps: impl AsyncFnOnce(&Username) -> Result<T, E>,
) -> Result<T, E> {
    let jid = &user.at(ctx.domain());
    let result = steps(user).await;
    if result.is_ok() {
        account_events::announce(ctx, user.as_str(), Change::Created).await;
    }
    if let Err(err) = &result
        && err.on_gateway_side()
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
pub async fn create_account<T, E>(
    ctx: &Ctx,
    source: Option<IpAddr>,
    username: &Username,
    password: &str,
    steps: impl AsyncFnOnce(&Username) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<DirectoryError> + GatewayFailure + std::fmt::Display,
{
    if !ctx.config.registration {
        return Err(DirectoryError::RegistrationDisabled.into());
    }
    let jid = username.at(ctx.domain());
    if password.is_empty() {
        let message = "Send the new account's password as the request body.";
        return Err(DirectoryError::Invalid(message.into()).into());
    }
    if reserved(ctx, username) {
        return Err(DirectoryError::ReservedName(username.to_string()).into());
    }
    password::check_new(&ctx.config.passwords, username, password).map_err(DirectoryError::from)?;
    create(ctx, source, &jid, password)
        .await?
        .map_err(|err| match err {
            RegistrationError::Exists => DirectoryError::NameTaken(username.to_string()),
            RegistrationError::Refused(condition) => DirectoryError::RegistrationRefused(condition),
            RegistrationError::Unreachable(reason) => unreachable(reason),
        })?;
    completed(ctx, username, password, steps).await
}

/// The password step of passkey registration: where registration is on, a new name gets its
/// account (undone if `steps` fail on the gateway's side); an existing one must prove its
/// password as usual. Then `steps` run.
pub async fn ensure_account<T, E>(
    ctx: &Ctx,
    source: Option<IpAddr>,
    username: &Username,
    password: &str,
    steps: impl AsyncFnOnce(&Username) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<DirectoryError> + GatewayFailure + std::fmt::Display,
{
    let jid = username.at(ctx.domain());
    let may_create = ctx.config.registration && !password.is_empty() && !reserved(ctx, username);
    let rule = password::check_new(&ctx.config.passwords, username, password);
    if may_create && rule.is_ok() {
        match create(ctx, source, &jid, password).await? {
            Ok(()) => return completed(ctx, username, password, steps).await,
            Err(RegistrationError::Exists) | Err(RegistrationError::Refused(_)) => {}
            Err(RegistrationError::Unreachable(reason)) => return Err(unreachable(reason).into()),
        }
    }
    match password::verify(ctx, source, username, password).await {
        Ok(()) => {}
        // Not an account's password, and no new account may have it: say why.
        Err(AuthError::NotAuthorized(_)) if may_create && rule.is_err() => {
            return Err(DirectoryError::from(rule.err().unwrap_or(AuthError::Signing)).into());
        }
        Err(err) => return Err(DirectoryError::from(err).into()),
    }
    steps(username).await
}
