//! Passkeys (WebAuthn) as SparkWeb's client drives them: register with the password, then
//! log in with the passkey alone. Each ceremony is two stateless calls; the state between
//! them lives in the store, single use, for five minutes.

use http::StatusCode;
use lambda_http::{Body, Request, Response};
use serde_json::json;
use webauthn_rs::prelude::{
    PasskeyAuthentication, PasskeyRegistration, PublicKeyCredential, RegisterPublicKeyCredential,
    WebauthnError,
};

use crate::auth::principal::bearer_token;
use crate::auth::{Principal, passkeys};
use crate::handlers::register::ensure_account;
use crate::handlers::tokens::grant;
use crate::http_io::{body_text, ok_json, path_param};
use crate::store::StoreError;
use crate::xmpp::user_jid;
use crate::{ApiError, Ctx};

const REGISTRATION: &str = "registration";
const AUTHENTICATION: &str = "authentication";

fn not_verified(err: WebauthnError) -> ApiError {
    tracing::info!(error = %err, "passkey ceremony refused");
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        "PasskeyNotVerified",
        "The passkey response did not verify; start again and use the same device and site.",
    )
}

fn webauthn_failed(err: WebauthnError) -> ApiError {
    tracing::error!(error = %err, "passkey ceremony could not start");
    ApiError::internal()
}

fn no_ceremony() -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "NoCeremony",
        "No passkey ceremony is waiting for this user (it expired after five minutes or was finished); start again.",
    )
}

/// The username of the path, normalised as the XMPP server knows it.
fn username(ctx: &Ctx, req: &Request) -> Result<String, ApiError> {
    let given = path_param(req, "username")?;
    let jid = user_jid(&given, &ctx.config.xmpp.domain)?;
    Ok(jid.node().map(|n| n.to_string()).unwrap_or(given))
}

/// The JSON body as the browser's `PublicKeyCredential.toJSON()` made it.
fn credential_body<T: serde::de::DeserializeOwned>(req: &Request) -> Result<T, ApiError> {
    serde_json::from_str(&body_text(req)?).map_err(|_| {
        ApiError::bad_request(
            "Send the credential as JSON, as PublicKeyCredential.toJSON() makes it.",
        )
    })
}

/// `POST /rest/webauthn/register/start/{username}`, body = the password (of a new account,
/// where registration is on, which is then created): the options for
/// `navigator.credentials.create`, as `{credentials: {publicKey}}`. Passkeys the user has
/// already are excluded, so one device is not registered twice.
pub async fn register_start(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let password = body_text(&req)?;
    let user = ensure_account(ctx, &req, &path_param(&req, "username")?, &password).await?;
    ctx.keeper.remember_password(&user, &password).await?;
    let store = ctx.store.as_ref();
    let handle = passkeys::user_handle(store, &user).await?;
    let existing = passkeys::list(store, &user).await?;
    let exclude = existing
        .iter()
        .map(|(passkey, _)| passkey.cred_id().clone())
        .collect();
    let display = format!("{user}@{}", ctx.config.xmpp.domain);
    let (options, state): (_, PasskeyRegistration) = ctx
        .webauthn
        .start_passkey_registration(handle, &user, &display, Some(exclude))
        .map_err(webauthn_failed)?;
    passkeys::save_ceremony(store, &user, REGISTRATION, &state, ctx.clock.now()).await?;
    ok_json(&json!({ "credentials": options }))
}

/// `POST /rest/webauthn/register/finish/{username}`, body = the new credential: stores the
/// passkey and logs the user in.
pub async fn register_finish(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let user = username(ctx, &req)?;
    let credential: RegisterPublicKeyCredential = credential_body(&req)?;
    let store = ctx.store.as_ref();
    let state: PasskeyRegistration = passkeys::take_ceremony(store, &user, REGISTRATION)
        .await?
        .ok_or_else(no_ceremony)?;
    let passkey = ctx
        .webauthn
        .finish_passkey_registration(&credential, &state)
        .map_err(not_verified)?;
    match passkeys::add(store, &user, &passkey).await {
        Ok(()) => {}
        Err(StoreError::ConditionFailed) => {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "PasskeyExists",
                "This passkey is registered already.",
            ));
        }
        Err(err) => return Err(err.into()),
    }
    tracing::info!(user, "passkey registered");
    grant(ctx, &req, &user, &["pwd", "hwk"]).await
}

/// `POST /rest/webauthn/authenticate/start/{username}`: the options for
/// `navigator.credentials.get`, as `{assertion: {publicKey}}`. Called with a still-valid
/// token of that user, it answers with a fresh token instead (as SparkWeb does).
pub async fn authenticate_start(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let user = username(ctx, &req)?;
    if let Some(token) = bearer_token(req.headers())
        && let Ok(principal) = Principal::from_token(ctx, Some(token)).await
        && principal.username == user
    {
        let amr: Vec<&str> = principal.claims.amr.iter().map(String::as_str).collect();
        return grant(ctx, &req, &user, &amr).await;
    }
    let store = ctx.store.as_ref();
    let registered: Vec<_> = passkeys::list(store, &user)
        .await?
        .into_iter()
        .map(|(passkey, _)| passkey)
        .collect();
    if registered.is_empty() {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "NoPasskey",
            "No passkey is registered for this user; register one after logging in with the password.",
        ));
    }
    let (options, state): (_, PasskeyAuthentication) = ctx
        .webauthn
        .start_passkey_authentication(&registered)
        .map_err(webauthn_failed)?;
    passkeys::save_ceremony(store, &user, AUTHENTICATION, &state, ctx.clock.now()).await?;
    ok_json(&json!({ "assertion": options }))
}

/// `POST /rest/webauthn/authenticate/finish/{username}`, body = the assertion: checks it
/// (signature, challenge, origin, sign counter) and logs the user in.
pub async fn authenticate_finish(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let user = username(ctx, &req)?;
    let credential: PublicKeyCredential = credential_body(&req)?;
    let store = ctx.store.as_ref();
    let state: PasskeyAuthentication = passkeys::take_ceremony(store, &user, AUTHENTICATION)
        .await?
        .ok_or_else(no_ceremony)?;
    let result = ctx
        .webauthn
        .finish_passkey_authentication(&credential, &state)
        .map_err(not_verified)?;
    for (mut passkey, version) in passkeys::list(store, &user).await? {
        if passkey.update_credential(&result) == Some(true) {
            passkeys::update(store, &user, &passkey, version).await?;
        }
    }
    grant(ctx, &req, &user, &["hwk"]).await
}
