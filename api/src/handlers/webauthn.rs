//! Passkeys (WebAuthn) as SparkWeb's client drives them: register with the password, then
//! log in with the passkey alone. Each ceremony is two stateless calls; the state between
//! them lives in the store, single use, for five minutes.

use http::StatusCode;
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;
use webauthn_rs::prelude::{
    PasskeyAuthentication, PasskeyRegistration, PublicKeyCredential, RegisterPublicKeyCredential,
    WebauthnError,
};

use crate::ErrorKind;
use crate::auth::principal::bearer_token;
use crate::auth::{Principal, passkeys};
use crate::directory::registration::ensure_account;
use crate::entities::{TokenEntity, UsernamePath};
use crate::routes::endpoint;
use crate::routes::{Anyone, Endpoint, Json, Req, Text};
use crate::sign_in::{TICKET_HEADER, grant};
use crate::{ApiError, Ctx};
use xwg_core::store::StoreError;

const REGISTRATION: &str = "registration";
const AUTHENTICATION: &str = "authentication";

/// A ceremony the passkey's answer did not pass. A page at an origin the gateway does not
/// accept for passkeys is a configuration matter, not the user's device: that is said.
fn not_verified(ctx: &Ctx) -> impl FnOnce(WebauthnError) -> ApiError + '_ {
    move |err| {
        tracing::info!(error = %err, "passkey ceremony refused");
        let message = match err {
            WebauthnError::InvalidRPOrigin => {
                let accepted: Vec<&str> = ctx
                    .config
                    .webauthn
                    .origins
                    .iter()
                    .map(|origin| origin.as_str().trim_end_matches('/'))
                    .collect();
                format!(
                    "This page's address is not one the gateway accepts passkeys from ({}): open the \
                     page at one of those, or add its origin to XWG_WEBAUTHN_ORIGINS.",
                    accepted.join(", ")
                )
            }
            _ => {
                "The passkey response did not verify; start again and use the same device and site."
                    .to_string()
            }
        };
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            ErrorKind::PasskeyNotVerified,
            message,
        )
    }
}

fn webauthn_failed(err: WebauthnError) -> ApiError {
    tracing::error!(error = %err, "passkey ceremony could not start");
    ApiError::internal()
}

fn no_ceremony() -> ApiError {
    ApiError::bad_request(
        "No passkey ceremony is waiting for this user (it expired after five minutes or was finished); start again.",
    )
    .named(ErrorKind::NoCeremony)
}

/// The browser's credential JSON (`PublicKeyCredential.toJSON()`), read by webauthn-rs.
pub struct CredentialJson<T>(pub T);

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for CredentialJson<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(CredentialJson)
    }
}

impl<T> utoipa::PartialSchema for CredentialJson<T> {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::Type::Object)
            .description(Some(
                "What the browser's PublicKeyCredential.toJSON() makes",
            ))
            .into()
    }
}

impl<T> ToSchema for CredentialJson<T> {
    fn name() -> std::borrow::Cow<'static, str> {
        "PublicKeyCredentialJSON".into()
    }
}

/// `{credentials: {publicKey}}`: the options for `navigator.credentials.create`.
#[derive(Serialize, ToSchema)]
pub struct RegistrationOptions {
    #[schema(value_type = Object)]
    credentials: Value,
}

/// `{assertion: {publicKey}}`: the options for `navigator.credentials.get`.
#[derive(Serialize, ToSchema)]
pub struct AuthenticationOptions {
    #[schema(value_type = Object)]
    assertion: Value,
}

fn as_json(value: impl Serialize) -> Result<Value, ApiError> {
    serde_json::to_value(value).map_err(|err| {
        tracing::error!(error = %err, "passkey options did not serialise");
        ApiError::internal()
    })
}

/// `POST /rest/webauthn/register/start/{username}`, body = the password (of a new account,
/// where registration is on, which is then created). Passkeys the user has already are
/// excluded, so one device is not registered twice.
pub struct WebauthnRegisterStart;

impl Endpoint for WebauthnRegisterStart {
    endpoint!(post "webauthn_register_start",
        "/sparkweb/api/rest/webauthn/register/start/{username}",
        "Start registering a passkey with the password (the body); returns {credentials: \
         {publicKey}}",
        caller: Anyone, path: UsernamePath, body: Text, reply: Json<RegistrationOptions>);

    async fn handle(
        ctx: &Ctx,
        _: Anyone,
        req: Req<Self>,
    ) -> Result<Json<RegistrationOptions>, ApiError> {
        let Text(password) = req.body;
        let source = req.info.source;
        ensure_account(ctx, source, &req.path.username, &password, async |user| {
            ctx.keeper.remember_password(user, &password).await?;
            start_registration(ctx, user).await
        })
        .await
    }
}

/// The options of a passkey registration for `user`, its state kept for the finish.
async fn start_registration(ctx: &Ctx, user: &str) -> Result<Json<RegistrationOptions>, ApiError> {
    let store = ctx.store.as_ref();
    let handle = passkeys::user_handle(store, user).await?;
    // Passkeys the user has already are excluded: one device is not registered twice.
    let exclude = passkeys::list(store, user)
        .await?
        .iter()
        .map(|(passkey, _)| passkey.cred_id().clone())
        .collect();
    let display = format!("{user}@{}", ctx.config.xmpp.domain);
    let (options, state): (_, PasskeyRegistration) = ctx
        .webauthn
        .start_passkey_registration(handle, user, &display, Some(exclude))
        .map_err(webauthn_failed)?;
    passkeys::save_ceremony(store, user, REGISTRATION, &state, ctx.clock.now()).await?;
    Ok(Json(RegistrationOptions {
        credentials: as_json(options)?,
    }))
}

/// `POST /rest/webauthn/register/finish/{username}`, body = the new credential: stores the
/// passkey and logs the user in.
pub struct WebauthnRegisterFinish;

impl Endpoint for WebauthnRegisterFinish {
    endpoint!(post "webauthn_register_finish",
        "/sparkweb/api/rest/webauthn/register/finish/{username}",
        "Finish registering a passkey (body: the credential JSON); returns {token, refreshToken}",
        caller: Anyone, path: UsernamePath, body: Json<CredentialJson<RegisterPublicKeyCredential>>,
        reply: Json<TokenEntity>);

    async fn handle(ctx: &Ctx, _: Anyone, req: Req<Self>) -> Result<Json<TokenEntity>, ApiError> {
        let user = req.path.username;
        let Json(CredentialJson(credential)) = req.body;
        let store = ctx.store.as_ref();
        let state: PasskeyRegistration = passkeys::take_ceremony(store, &user, REGISTRATION)
            .await?
            .ok_or_else(no_ceremony)?;
        let passkey = ctx
            .webauthn
            .finish_passkey_registration(&credential, &state)
            .map_err(not_verified(ctx))?;
        match passkeys::add(store, &user, &passkey).await {
            Ok(()) => {}
            Err(StoreError::ConditionFailed) => {
                return Err(ApiError::conflict(
                    ErrorKind::PasskeyExists,
                    "This passkey is registered already.",
                ));
            }
            Err(err) => return Err(err.into()),
        }
        tracing::info!(user = %user, "passkey registered");
        let ticket = req.info.header(TICKET_HEADER);
        Ok(Json(grant(ctx, ticket, &user, &["pwd", "hwk"]).await?))
    }
}

/// The options for a passkey login, or (called with a still-valid token of that user, as
/// SparkWeb does) a fresh token.
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
pub enum AuthenticationStart {
    Options(AuthenticationOptions),
    Token(TokenEntity),
}

/// `POST /rest/webauthn/authenticate/start/{username}`.
pub struct WebauthnAuthenticateStart;

impl Endpoint for WebauthnAuthenticateStart {
    endpoint!(post "webauthn_authenticate_start",
        "/sparkweb/api/rest/webauthn/authenticate/start/{username}",
        "Start a passkey login; returns {assertion: {publicKey}}, or a fresh token for a valid one",
        caller: Anyone, path: UsernamePath, reply: Json<AuthenticationStart>);

    async fn handle(
        ctx: &Ctx,
        _: Anyone,
        req: Req<Self>,
    ) -> Result<Json<AuthenticationStart>, ApiError> {
        let user = req.path.username;
        if let Some(token) = bearer_token(&req.info.headers)
            && let Ok(principal) = Principal::from_token(ctx, Some(token)).await
            && principal.username == user
        {
            let amr: Vec<&str> = principal.claims.amr.iter().map(String::as_str).collect();
            let ticket = req.info.header(TICKET_HEADER);
            let tokens = grant(ctx, ticket, &user, &amr).await?;
            return Ok(Json(AuthenticationStart::Token(tokens)));
        }
        let store = ctx.store.as_ref();
        let registered: Vec<_> = passkeys::list(store, &user)
            .await?
            .into_iter()
            .map(|(passkey, _)| passkey)
            .collect();
        if registered.is_empty() {
            return Err(ApiError::not_found(
                "No passkey is registered for this user; register one after logging in with the password.",
            )
            .named(ErrorKind::NoPasskey));
        }
        let (options, state): (_, PasskeyAuthentication) = ctx
            .webauthn
            .start_passkey_authentication(&registered)
            .map_err(webauthn_failed)?;
        passkeys::save_ceremony(store, &user, AUTHENTICATION, &state, ctx.clock.now()).await?;
        Ok(Json(AuthenticationStart::Options(AuthenticationOptions {
            assertion: as_json(options)?,
        })))
    }
}

/// `POST /rest/webauthn/authenticate/finish/{username}`, body = the assertion: checks it
/// (signature, challenge, origin, sign counter) and logs the user in.
pub struct WebauthnAuthenticateFinish;

impl Endpoint for WebauthnAuthenticateFinish {
    endpoint!(post "webauthn_authenticate_finish",
        "/sparkweb/api/rest/webauthn/authenticate/finish/{username}",
        "Finish a passkey login (body: the assertion JSON); returns {token, refreshToken}",
        caller: Anyone, path: UsernamePath, body: Json<CredentialJson<PublicKeyCredential>>,
        reply: Json<TokenEntity>);

    async fn handle(ctx: &Ctx, _: Anyone, req: Req<Self>) -> Result<Json<TokenEntity>, ApiError> {
        let user = req.path.username;
        let Json(CredentialJson(credential)) = req.body;
        let store = ctx.store.as_ref();
        let state: PasskeyAuthentication = passkeys::take_ceremony(store, &user, AUTHENTICATION)
            .await?
            .ok_or_else(no_ceremony)?;
        let result = ctx
            .webauthn
            .finish_passkey_authentication(&credential, &state)
            .map_err(not_verified(ctx))?;
        for (mut passkey, version) in passkeys::list(store, &user).await? {
            if passkey.update_credential(&result) == Some(true) {
                passkeys::update(store, &user, &passkey, version).await?;
            }
        }
        let ticket = req.info.header(TICKET_HEADER);
        Ok(Json(grant(ctx, ticket, &user, &["hwk"]).await?))
    }
}
