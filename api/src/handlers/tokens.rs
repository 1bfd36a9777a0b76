//! Tokens: `POST /rest/token/refresh` (a new access token for a refresh token), and the
//! narrower tokens a user mints from their own, lists and revokes.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::ErrorKind;
use crate::auth::logins::{self, Ended, LiveLogin, Minted, RefreshError};
use crate::auth::{Principal, lockout};
use crate::directory::access;
use crate::entities::TokenEntity;
use crate::routes::endpoint;
use crate::routes::{Anyone, Empty, Endpoint, Json, Req};
use crate::scopes::{Scope, Scopes};
use crate::sign_in::{Lifetime, refresh_expiry, tokens};
use crate::{ApiError, Ctx};

#[derive(Deserialize, ToSchema)]
pub struct RefreshRequest {
    #[serde(rename = "refreshToken")]
    refresh_token: String,
}

/// Body `{"refreshToken": …}`: a new access token and the next refresh token (the one sent
/// is spent).
pub struct RefreshToken;

impl Endpoint for RefreshToken {
    endpoint!(post "refresh_token", "/sparkweb/api/rest/token/refresh",
        "A new access token for a refresh token (body {refreshToken}); the refresh token is spent",
        caller: Anyone, body: Json<RefreshRequest>, reply: Json<TokenEntity>);

    async fn handle(ctx: &Ctx, _: Anyone, req: Req<Self>) -> Result<Json<TokenEntity>, ApiError> {
        let Json(request) = req.body;
        let refreshed = logins::refresh(
            ctx.store.as_ref(),
            &request.refresh_token,
            ctx.clock.now(),
            refresh_expiry(ctx),
        )
        .await;
        let (login, next) = match refreshed {
            Ok(refreshed) => refreshed,
            Err(RefreshError::Invalid) => {
                return Err(ApiError::unauthorized(
                    "This refresh token is unknown, already used, expired or logged out; log in again.",
                ));
            }
            Err(RefreshError::Reused(login)) => {
                // Its streams end now, whoever holds them.
                access::end_login(ctx, &login.user, &login.sid, Ended::RefreshReused).await?;
                return Err(ApiError::unauthorized(
                    "This refresh token was used before: its login has been ended to be safe; log in again.",
                ));
            }
            Err(RefreshError::Store(err)) => return Err(err.into()),
        };
        lockout::refuse_if_locked(ctx, &login.user).await?;
        Ok(Json(tokens(ctx, &login, next, Lifetime::Short)?))
    }
}

/// The longest a minted token lives, and how long one lives unless asked otherwise.
const MAX_MINTED_SECS: u64 = 365 * 24 * 3600;
const DEFAULT_MINTED_SECS: u64 = 30 * 24 * 3600;
const MAX_NAME_CHARS: usize = 64;

/// A narrower token to mint from the caller's own.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MintRequest {
    /// What it is for (shown when tokens are listed): at most 64 characters.
    name: String,
    /// What it may do: scope names (`chat:read`, `chat:write`, …), all of them the
    /// caller's own.
    scopes: Vec<String>,
    /// Seconds until it expires: 30 days unless given, a year at most, and never after the
    /// token it is minted with when that one is itself narrowed.
    #[serde(rename = "expiresIn")]
    expires_in: Option<u64>,
}

/// A minted token as it is listed (`token` only in the answer that mints it).
#[derive(Serialize, ToSchema)]
pub struct MintedToken {
    /// What revokes it: `DELETE tokens/{id}`.
    id: String,
    name: String,
    #[schema(value_type = Vec<String>)]
    scopes: Vec<Scope>,
    /// When it expires, in seconds since the epoch.
    #[serde(rename = "expiresAt")]
    expires_at: i64,
    /// The service account it was minted for, if any.
    #[serde(rename = "serviceAccount", skip_serializing_if = "Option::is_none")]
    service_account: Option<String>,
    /// The access token (JWT): shown once, when it is minted.
    #[serde(skip_serializing_if = "Option::is_none")]
    token: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct MintedTokens {
    tokens: Vec<MintedToken>,
}

/// Scope names as scopes: 400 naming one this gateway does not know.
pub(crate) fn parse_scopes(names: &[String]) -> Result<Scopes, ApiError> {
    if names.is_empty() {
        return Err(ApiError::bad_request(
            "Name at least one scope (see the scopes table in the docs).",
        ));
    }
    let scopes = names
        .iter()
        .map(|name| {
            Scope::parse(name).ok_or_else(|| {
                let known: Vec<&str> = Scope::ALL.iter().map(|s| s.name()).collect();
                ApiError::bad_request(format!(
                    "There is no scope `{}`; the scopes are {}.",
                    name.chars().take(40).collect::<String>(),
                    known.join(", ")
                ))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Scopes::only(scopes))
}

/// A token's name: printable, at most 64 characters.
pub(crate) fn check_name(name: &str) -> Result<(), ApiError> {
    if name.trim().is_empty()
        || name.chars().count() > MAX_NAME_CHARS
        || name.chars().any(char::is_control)
    {
        return Err(ApiError::bad_request(format!(
            "Give it a name of 1 to {MAX_NAME_CHARS} printable characters."
        )));
    }
    Ok(())
}

fn listed(login: LiveLogin) -> MintedToken {
    MintedToken {
        scopes: Scopes::from_claim(login.scope.as_deref())
            .listed()
            .map(<[Scope]>::to_vec)
            .unwrap_or_default(),
        id: login.sid,
        name: login.name,
        expires_at: login.expires_at.unwrap_or_default(),
        service_account: login.svc,
        token: None,
    }
}

/// Mints a narrower token: scopes the caller has, its own expiry, listed and revocable.
pub struct MintToken;

impl Endpoint for MintToken {
    endpoint!(post "mint_token", "/sparkweb/api/rest/tokens",
        "Mint a narrower token from the caller's (body {name, scopes, expiresIn}): e.g. read-only for a dashboard; the token is shown once",
        caller: Principal, body: Json<MintRequest>, reply: Json<MintedToken>);

    async fn handle(
        ctx: &Ctx,
        user: Principal,
        req: Req<Self>,
    ) -> Result<Json<MintedToken>, ApiError> {
        let Json(request) = req.body;
        check_name(&request.name)?;
        let wanted = parse_scopes(&request.scopes)?;
        let mut may = user.scopes();
        if !ctx.config.tokens.is_admin(&user.username) {
            // Only administrators' tokens may carry administrators' scopes.
            may = Scopes::only(
                Scope::ALL
                    .into_iter()
                    .filter(|s| !s.is_admin() && may.allows(*s)),
            );
        }
        if let Some(missing) = wanted
            .listed()
            .into_iter()
            .flatten()
            .find(|s| !may.allows(**s))
        {
            return Err(ApiError::forbidden(format!(
                "A minted token can only narrow the one it is minted with, which may not use `{missing}`."
            ))
            .named(ErrorKind::MissingScope)
            .with_detail("scope", missing.name()));
        }
        let now = ctx.clock.now();
        let lifetime = request.expires_in.unwrap_or(DEFAULT_MINTED_SECS);
        if lifetime == 0 || lifetime > MAX_MINTED_SECS {
            return Err(ApiError::bad_request(format!(
                "expiresIn is 1 to {MAX_MINTED_SECS} seconds."
            )));
        }
        let mut expires_at = now + lifetime as i64;
        if user.claims.scope.is_some() {
            expires_at = expires_at.min(user.claims.exp);
        }
        let name = request.name;
        let minted = Minted {
            name: name.clone(),
            scope: wanted.claim(),
            // A service account's token mints tokens that live and are limited as it is.
            svc: user.claims.svc.clone(),
            amr: user.claims.amr.clone(),
            expires_at,
        };
        let login = logins::mint(ctx.store.as_ref(), now, &user.username, None, minted).await?;
        let (token, _) = ctx.tokens.issue(&login, now, expires_at).map_err(|err| {
            tracing::error!(error = %err, "minted token not signed");
            ApiError::internal()
        })?;
        tracing::info!(user = %user.username, scope = ?login.scope, "token minted");
        Ok(Json(MintedToken {
            id: login.sid,
            name,
            scopes: wanted.listed().map(<[Scope]>::to_vec).unwrap_or_default(),
            expires_at,
            service_account: login.svc,
            token: Some(token),
        }))
    }
}

/// The user's minted tokens (and service accounts' tokens acting as the user).
pub struct ListTokens;

impl Endpoint for ListTokens {
    endpoint!(get "list_tokens", "/sparkweb/api/rest/tokens",
        "The user's minted tokens, and service accounts' tokens acting as the user: {tokens: [{id, name, scopes, expiresAt, serviceAccount}]}",
        caller: Principal, reply: Json<MintedTokens>);

    async fn handle(
        ctx: &Ctx,
        user: Principal,
        _: Req<Self>,
    ) -> Result<Json<MintedTokens>, ApiError> {
        let tokens = logins::live(ctx.store.as_ref(), &user.username)
            .await?
            .into_iter()
            .filter(|login| login.minted)
            .map(listed)
            .collect();
        Ok(Json(MintedTokens { tokens }))
    }
}

/// `{id}` of a minted token.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct TokenPath {
    /// The token's id, as minting or the list answered it.
    id: String,
}

/// Revokes one of the user's minted tokens: it stops working at once, its streams end.
pub struct RevokeToken;

impl Endpoint for RevokeToken {
    endpoint!(delete "revoke_token", "/sparkweb/api/rest/tokens/{id}",
        "Revoke one of the user's minted tokens (or a service account's token acting as the user): it stops working at once",
        caller: Principal, path: TokenPath, reply: Empty);

    async fn handle(ctx: &Ctx, user: Principal, req: Req<Self>) -> Result<Empty, ApiError> {
        let id = req.path.id;
        let minted = logins::live(ctx.store.as_ref(), &user.username)
            .await?
            .into_iter()
            .any(|login| login.minted && login.sid == id);
        if !minted {
            return Err(ApiError::not_found(
                "The user has no live minted token with this id.",
            ));
        }
        access::end_login(ctx, &user.username, &id, Ended::Revoked).await?;
        Ok(Empty)
    }
}
